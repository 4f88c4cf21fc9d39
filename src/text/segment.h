/*
 * segment: words of the scripts written without spaces between them.
 *
 * Thai, Lao, Khmer and Burmese run a sentence's words together, and so do
 * Chinese and Japanese.  A reader splitting on spaces takes a clause for a
 * word: no shingle, term or stopword of such a text is a word.  ICU's
 * dictionary-based word break iterator (libicu, already beneath libxml2)
 * finds the words; the segmenter writes them out with a space between each
 * two, so that the rest of the analysis reads them as it reads any text.
 *
 * A segmenter belongs to one thread (an ICU break iterator is not shared);
 * its iterator is opened at its first unspaced run, so that text with none
 * never pays for it.
 */
#ifndef NP_SEGMENT_H
#define NP_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "common/alloc.h"
#include "newsprint.h"

/* 1 for a letter or mark of a script written without spaces between its
 * words: Thai (U+0E00..U+0E7F), Lao (U+0E80..U+0EFF), Burmese
 * (U+1000..U+109F), Khmer (U+1780..U+17FF). */
static inline int segment_is_unspaced(uint32_t cp)
{
    return (cp >= 0x0E00 && cp <= 0x0EFF) || (cp >= 0x1000 && cp <= 0x109F) || (cp >= 0x1780 && cp <= 0x17FF);
}

typedef struct segmenter {
    const np_allocator *allocator; /* borrowed */
    void *iterator;                /* owned: ICU's UBreakIterator, opened on first use */
    uint16_t *units;               /* owned: a run as UTF-16, which ICU reads */
    size_t cap;                    /* units' room */
    char *text;                    /* owned: segment_count_words' spaced text */
    size_t text_cap;               /* its room */
    int failed;                    /* ICU could not open an iterator: runs stay whole */
} segmenter;

void segmenter_init(segmenter *sg, const np_allocator *allocator);
void segmenter_free(segmenter *sg);

/* Writes s[0..len) to out with a space between each two words of its
 * unspaced runs (segment_is_unspaced; with cjk, also of its runs of
 * Chinese and Japanese, tu_is_cjk), and a stop after each unspaced run
 * that a space, a Thai or Lao space between clauses, ends; Burmese "။"
 * and Khmer "។" (with cjk, "。", "！", "？") as ". " ("! ", "? ").  Other
 * text is copied as it is.  out has room for 2 * len + 1 bytes; a NUL
 * follows what is written.  When ICU fails, a run is copied whole.
 * returns: the bytes written, or (size_t)-1 when out of memory. */
size_t segment_spaced(segmenter *sg, const char *s, size_t len, char *out, int cjk);

/* How many words s[0..len) holds as the analysis reads them:
 * tu_count_words of its segment_spaced form (with cjk).  returns: the
 * count; a run counts one word when memory fails. */
size_t segment_count_words(segmenter *sg, const char *s, size_t len);

#endif
