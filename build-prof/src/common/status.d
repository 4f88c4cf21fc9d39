build-prof/src/common/status.o: src/common/status.c include/newsprint.h
include/newsprint.h:
