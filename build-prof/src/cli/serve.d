build-prof/src/cli/serve.o: src/cli/serve.c src/cli/cli.h \
 include/newsprint.h src/common/buf.h src/cluster/answer.h \
 src/common/arena.h src/server/server.h src/store/store.h
src/cli/cli.h:
include/newsprint.h:
src/common/buf.h:
src/cluster/answer.h:
src/common/arena.h:
src/server/server.h:
src/store/store.h:
