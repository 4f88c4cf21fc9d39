build-prof/src/text/lang.o: src/text/lang.c src/text/lang.h \
 include/newsprint.h src/common/alloc.h src/common/utf8.h \
 src/common/buf.h src/text/textutil.h
src/text/lang.h:
include/newsprint.h:
src/common/alloc.h:
src/common/utf8.h:
src/common/buf.h:
src/text/textutil.h:
