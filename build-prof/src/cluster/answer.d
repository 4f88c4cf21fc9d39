build-prof/src/cluster/answer.o: src/cluster/answer.c \
 src/cluster/answer.h include/newsprint.h src/common/arena.h \
 src/common/alloc.h src/common/sort.h
src/cluster/answer.h:
include/newsprint.h:
src/common/arena.h:
src/common/alloc.h:
src/common/sort.h:
