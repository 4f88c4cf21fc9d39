build-prof/src/ingest/linereader.o: src/ingest/linereader.c \
 src/ingest/linereader.h src/common/buf.h include/newsprint.h \
 src/common/alloc.h
src/ingest/linereader.h:
src/common/buf.h:
include/newsprint.h:
src/common/alloc.h:
