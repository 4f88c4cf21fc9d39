build-prof/src/store/store.o: src/store/store.c src/common/alloc.h \
 include/newsprint.h src/common/buf.h src/cluster/params.h \
 src/store/store.h src/cluster/answer.h src/common/arena.h \
 build-prof/print_id.h
src/common/alloc.h:
include/newsprint.h:
src/common/buf.h:
src/cluster/params.h:
src/store/store.h:
src/cluster/answer.h:
src/common/arena.h:
build-prof/print_id.h:
