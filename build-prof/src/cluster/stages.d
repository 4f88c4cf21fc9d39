build-prof/src/cluster/stages.o: src/cluster/stages.c \
 src/cluster/stages.h src/cluster/engine.h include/newsprint.h \
 src/common/arena.h src/common/buf.h src/dedup/minhash.h \
 src/text/analyse.h src/cluster/params.h src/common/alloc.h \
 src/common/radix.h src/common/sort.h
src/cluster/stages.h:
src/cluster/engine.h:
include/newsprint.h:
src/common/arena.h:
src/common/buf.h:
src/dedup/minhash.h:
src/text/analyse.h:
src/cluster/params.h:
src/common/alloc.h:
src/common/radix.h:
src/common/sort.h:
