build-prof/src/common/alloc.o: src/common/alloc.c src/common/alloc.h \
 include/newsprint.h
src/common/alloc.h:
include/newsprint.h:
