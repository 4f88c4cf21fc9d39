build-prof/src/text/clean.o: src/text/clean.c src/common/alloc.h \
 include/newsprint.h src/common/arena.h src/common/buf.h \
 src/common/utf8.h src/text/date.h src/text/html.h src/text/doc.h \
 src/text/lang.h src/text/normalize.h src/text/textutil.h
src/common/alloc.h:
include/newsprint.h:
src/common/arena.h:
src/common/buf.h:
src/common/utf8.h:
src/text/date.h:
src/text/html.h:
src/text/doc.h:
src/text/lang.h:
src/text/normalize.h:
src/text/textutil.h:
