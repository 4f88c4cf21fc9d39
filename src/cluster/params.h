/*
 * params: helpers on the parameter text of np_params_describe (engine.c),
 * for the stores of parameters: the database and the shards.
 */
#ifndef NP_PARAMS_H
#define NP_PARAMS_H

#include <stddef.h>

/* The first parameter two np_params_describe texts give differently, as
 * "story_threshold = 0.250, not 0.300" (was's value first), into out. */
void params_difference(const char *was, const char *now, char *out, size_t size);

#endif
