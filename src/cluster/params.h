/*
 * params: helpers on the parameter text of np_params_describe (engine.c),
 * for the stores of parameters: the database and the shards.
 */
#ifndef NP_PARAMS_H
#define NP_PARAMS_H

#include <stddef.h>

#include "newsprint.h"

/* Reads a parameter text back ("name = value" lines, as np_params_describe
 * writes them in any layout, comments after '#'): a parameter it does not
 * name keeps its default.  -1 with "name = value" in bad when a line names
 * a parameter this newsprint does not know or a value out of its range. */
int params_parse(const char *text, np_params *out, char *bad, size_t size);

/* 0 when two parameter sets give the same values as np_params_describe
 * writes them; else 1 with the first that differs in out, as
 * "story_threshold = 0.250, not 0.300" (was's value first). */
int params_differ(const np_params *was, const np_params *now, char *out, size_t size);

#endif
