build-prof/src/text/textutil.o: src/text/textutil.c src/text/textutil.h \
 src/common/utf8.h src/common/buf.h include/newsprint.h
src/text/textutil.h:
src/common/utf8.h:
src/common/buf.h:
include/newsprint.h:
