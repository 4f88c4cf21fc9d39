build-prof/src/cluster/verify.o: src/cluster/verify.c \
 src/cluster/engine.h include/newsprint.h src/common/arena.h \
 src/common/buf.h src/dedup/minhash.h src/text/analyse.h \
 src/cluster/params.h src/common/alloc.h src/common/parallel.h \
 src/dedup/align.h
src/cluster/engine.h:
include/newsprint.h:
src/common/arena.h:
src/common/buf.h:
src/dedup/minhash.h:
src/text/analyse.h:
src/cluster/params.h:
src/common/alloc.h:
src/common/parallel.h:
src/dedup/align.h:
