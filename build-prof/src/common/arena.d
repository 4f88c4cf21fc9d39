build-prof/src/common/arena.o: src/common/arena.c src/common/arena.h \
 include/newsprint.h src/common/alloc.h
src/common/arena.h:
include/newsprint.h:
src/common/alloc.h:
