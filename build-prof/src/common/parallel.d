build-prof/src/common/parallel.o: src/common/parallel.c \
 src/common/parallel.h
src/common/parallel.h:
