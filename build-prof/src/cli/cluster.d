build-prof/src/cli/cluster.o: src/cli/cluster.c src/cli/cli.h \
 include/newsprint.h src/common/buf.h src/cluster/answer.h \
 src/common/arena.h src/cluster/stages.h src/cluster/engine.h \
 src/dedup/minhash.h src/text/analyse.h src/cluster/params.h
src/cli/cli.h:
include/newsprint.h:
src/common/buf.h:
src/cluster/answer.h:
src/common/arena.h:
src/cluster/stages.h:
src/cluster/engine.h:
src/dedup/minhash.h:
src/text/analyse.h:
src/cluster/params.h:
