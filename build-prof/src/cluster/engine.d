build-prof/src/cluster/engine.o: src/cluster/engine.c src/common/sort.h \
 src/cluster/engine.h include/newsprint.h src/common/arena.h \
 src/common/buf.h src/dedup/minhash.h src/text/analyse.h \
 src/cluster/params.h src/cluster/stages.h src/common/alloc.h \
 src/text/date.h
src/common/sort.h:
src/cluster/engine.h:
include/newsprint.h:
src/common/arena.h:
src/common/buf.h:
src/dedup/minhash.h:
src/text/analyse.h:
src/cluster/params.h:
src/cluster/stages.h:
src/common/alloc.h:
src/text/date.h:
