build-prof/src/cli/clean.o: src/cli/clean.c src/cli/cli.h \
 include/newsprint.h src/common/buf.h src/cluster/answer.h \
 src/common/arena.h
src/cli/cli.h:
include/newsprint.h:
src/common/buf.h:
src/cluster/answer.h:
src/common/arena.h:
