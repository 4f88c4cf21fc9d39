build-prof/src/cli/show.o: src/cli/show.c src/cli/cli.h \
 include/newsprint.h src/common/buf.h src/cluster/answer.h \
 src/common/arena.h src/store/store.h src/store/view.h
src/cli/cli.h:
include/newsprint.h:
src/common/buf.h:
src/cluster/answer.h:
src/common/arena.h:
src/store/store.h:
src/store/view.h:
