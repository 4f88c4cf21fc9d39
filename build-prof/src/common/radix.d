build-prof/src/common/radix.o: src/common/radix.c src/common/radix.h
src/common/radix.h:
