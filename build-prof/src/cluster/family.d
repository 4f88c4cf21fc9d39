build-prof/src/cluster/family.o: src/cluster/family.c src/common/sort.h \
 src/cluster/engine.h include/newsprint.h src/common/arena.h \
 src/common/buf.h src/dedup/minhash.h src/text/analyse.h \
 src/cluster/params.h src/common/alloc.h src/text/textutil.h
src/common/sort.h:
src/cluster/engine.h:
include/newsprint.h:
src/common/arena.h:
src/common/buf.h:
src/dedup/minhash.h:
src/text/analyse.h:
src/cluster/params.h:
src/common/alloc.h:
src/text/textutil.h:
