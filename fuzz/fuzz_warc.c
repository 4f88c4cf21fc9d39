/* fuzz_warc: the WARC reader, then the cleaner (see reader_target.h). */
#define INPUT_EXTENSION ".warc"
#include "reader_target.h"
