build-prof/src/text/boilerplate.o: src/text/boilerplate.c \
 src/common/sort.h src/text/date.h src/text/doc.h src/common/arena.h \
 include/newsprint.h src/text/textutil.h
src/common/sort.h:
src/text/date.h:
src/text/doc.h:
src/common/arena.h:
include/newsprint.h:
src/text/textutil.h:
