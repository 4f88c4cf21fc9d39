build-prof/src/common/utf8.o: src/common/utf8.c src/common/utf8.h \
 src/common/buf.h include/newsprint.h
src/common/utf8.h:
src/common/buf.h:
include/newsprint.h:
