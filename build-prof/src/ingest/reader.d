build-prof/src/ingest/reader.o: src/ingest/reader.c src/common/sort.h \
 src/common/alloc.h include/newsprint.h src/common/buf.h \
 src/common/idset.h src/common/utf8.h src/ingest/linereader.h
src/common/sort.h:
src/common/alloc.h:
include/newsprint.h:
src/common/buf.h:
src/common/idset.h:
src/common/utf8.h:
src/ingest/linereader.h:
