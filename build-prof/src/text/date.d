build-prof/src/text/date.o: src/text/date.c src/text/date.h \
 src/text/textutil.h
src/text/date.h:
src/text/textutil.h:
