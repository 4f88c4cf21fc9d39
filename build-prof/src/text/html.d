build-prof/src/text/html.o: src/text/html.c src/text/html.h \
 src/common/buf.h include/newsprint.h src/text/htmltree.h \
 src/common/arena.h src/text/textutil.h
src/text/html.h:
src/common/buf.h:
include/newsprint.h:
src/text/htmltree.h:
src/common/arena.h:
src/text/textutil.h:
