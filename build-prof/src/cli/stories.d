build-prof/src/cli/stories.o: src/cli/stories.c src/cli/cli.h \
 include/newsprint.h src/common/buf.h src/cluster/answer.h \
 src/common/arena.h src/store/store.h
src/cli/cli.h:
include/newsprint.h:
src/common/buf.h:
src/cluster/answer.h:
src/common/arena.h:
src/store/store.h:
