build-prof/src/cli/output.o: src/cli/output.c src/cli/cli.h \
 include/newsprint.h src/common/buf.h src/cluster/answer.h \
 src/common/arena.h
src/cli/cli.h:
include/newsprint.h:
src/common/buf.h:
src/cluster/answer.h:
src/common/arena.h:
