build-prof/src/cluster/fingerprint.o: src/cluster/fingerprint.c \
 src/cluster/engine.h include/newsprint.h src/common/arena.h \
 src/common/buf.h src/dedup/minhash.h src/text/analyse.h \
 src/cluster/params.h src/common/alloc.h src/common/radix.h \
 src/text/date.h
src/cluster/engine.h:
include/newsprint.h:
src/common/arena.h:
src/common/buf.h:
src/dedup/minhash.h:
src/text/analyse.h:
src/cluster/params.h:
src/common/alloc.h:
src/common/radix.h:
src/text/date.h:
