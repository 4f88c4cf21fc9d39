/* clean: what np_clean (newsprint.h) tells its callers in newsprint
 * beyond the public API. */
#ifndef NP_TEXT_CLEAN_H
#define NP_TEXT_CLEAN_H

#include "newsprint.h"
#include "text/segment.h"

/* 1 when the last np_clean of c refused its record as binary (NUL or
 * control bytes, gzip data): the CLI names the first few of those and
 * counts the rest, as a walk over a build or a corpus of images meets
 * hundreds. */
int cleaner_refused_binary(const np_cleaner *c);

/* c's segmenter, which counts the words of Chinese, Japanese, Thai, Lao,
 * Khmer and Burmese lines; it forgets what it kept (segment_forget) at
 * each np_clean.  An analyser on c's thread may share it
 * (analyser_share_words). */
segmenter *cleaner_words(np_cleaner *c);

#endif
