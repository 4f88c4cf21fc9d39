build-prof/src/dedup/align.o: src/dedup/align.c src/dedup/align.h
src/dedup/align.h:
