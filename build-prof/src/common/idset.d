build-prof/src/common/idset.o: src/common/idset.c src/common/idset.h \
 include/newsprint.h src/common/alloc.h
src/common/idset.h:
include/newsprint.h:
src/common/alloc.h:
