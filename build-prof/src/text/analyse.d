build-prof/src/text/analyse.o: src/text/analyse.c src/text/analyse.h \
 include/newsprint.h src/common/arena.h src/common/alloc.h \
 src/common/idset.h src/common/utf8.h src/common/buf.h \
 src/text/textutil.h
src/text/analyse.h:
include/newsprint.h:
src/common/arena.h:
src/common/alloc.h:
src/common/idset.h:
src/common/utf8.h:
src/common/buf.h:
src/text/textutil.h:
