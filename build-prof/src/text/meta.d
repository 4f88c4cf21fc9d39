build-prof/src/text/meta.o: src/text/meta.c src/text/date.h \
 src/text/doc.h src/common/arena.h include/newsprint.h \
 src/text/textutil.h
src/text/date.h:
src/text/doc.h:
src/common/arena.h:
include/newsprint.h:
src/text/textutil.h:
