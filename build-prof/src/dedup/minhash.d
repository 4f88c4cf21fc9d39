build-prof/src/dedup/minhash.o: src/dedup/minhash.c src/common/sort.h \
 src/dedup/minhash.h
src/common/sort.h:
src/dedup/minhash.h:
