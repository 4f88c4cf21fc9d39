build-prof/src/cli/shard.o: src/cli/shard.c src/cli/cli.h \
 include/newsprint.h src/common/buf.h src/cluster/answer.h \
 src/common/arena.h src/cluster/params.h build-prof/print_id.h
src/cli/cli.h:
include/newsprint.h:
src/common/buf.h:
src/cluster/answer.h:
src/common/arena.h:
src/cluster/params.h:
build-prof/print_id.h:
