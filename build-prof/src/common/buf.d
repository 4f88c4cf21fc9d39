build-prof/src/common/buf.o: src/common/buf.c src/common/buf.h \
 include/newsprint.h src/common/alloc.h
src/common/buf.h:
include/newsprint.h:
src/common/alloc.h:
