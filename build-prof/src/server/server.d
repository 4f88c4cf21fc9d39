build-prof/src/server/server.o: src/server/server.c src/common/buf.h \
 include/newsprint.h src/common/utf8.h src/server/assets.h \
 src/server/server.h src/store/store.h src/cluster/answer.h \
 src/common/arena.h src/store/view.h
src/common/buf.h:
include/newsprint.h:
src/common/utf8.h:
src/server/assets.h:
src/server/server.h:
src/store/store.h:
src/cluster/answer.h:
src/common/arena.h:
src/store/view.h:
