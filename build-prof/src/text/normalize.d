build-prof/src/text/normalize.o: src/text/normalize.c \
 src/text/normalize.h src/common/buf.h include/newsprint.h \
 src/common/utf8.h
src/text/normalize.h:
src/common/buf.h:
include/newsprint.h:
src/common/utf8.h:
