build-prof/src/store/view.o: src/store/view.c src/store/view.h \
 src/cluster/answer.h include/newsprint.h src/common/arena.h \
 src/store/store.h
src/store/view.h:
src/cluster/answer.h:
include/newsprint.h:
src/common/arena.h:
src/store/store.h:
