/* fuzz_jsonl: the JSONL reader, then the cleaner (see reader_target.h). */
#define INPUT_EXTENSION ".jsonl"
#include "reader_target.h"
