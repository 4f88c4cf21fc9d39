build-prof/src/cluster/compare.o: src/cluster/compare.c \
 src/cluster/engine.h include/newsprint.h src/common/arena.h \
 src/common/buf.h src/dedup/minhash.h src/text/analyse.h \
 src/cluster/params.h
src/cluster/engine.h:
include/newsprint.h:
src/common/arena.h:
src/common/buf.h:
src/dedup/minhash.h:
src/text/analyse.h:
src/cluster/params.h:
