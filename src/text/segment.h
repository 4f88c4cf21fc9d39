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
 *
 * A cleaner counts an article's words as the analysis will read them, and
 * the analysis then segments the same runs again: ICU's dictionary is most
 * of the time a Chinese or Japanese article takes.  When the analyser
 * shares its cleaner's segmenter (segment_keep), the words of each run the
 * cleaner met are kept until the cleaner's next article (segment_forget),
 * and the analysis reads them from there.
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

/* A run's words as kept: its bytes at kept.bytes + at, its inner word
 * boundaries (byte offsets into the run) at kept.cuts + cuts. */
typedef struct kept_run {
    uint64_t hash;   /* XXH3 of the run's bytes; 0: an empty slot */
    uint32_t at;     /* the run's bytes in the pool */
    uint32_t len;    /* their count */
    uint32_t cuts;   /* its first boundary in the pool */
    uint32_t n_cuts; /* its boundaries */
} kept_run;

typedef struct segmenter {
    const np_allocator *allocator; /* borrowed */
    void *iterator;                /* owned: ICU's UBreakIterator, opened on first use */
    uint16_t *units;               /* owned: a run as UTF-16, which ICU reads */
    size_t cap;                    /* units' room */
    char *text;                    /* owned: segment_count_words' spaced text */
    size_t text_cap;               /* its room */
    int failed;                    /* ICU could not open an iterator: runs stay whole */
    int keep;                      /* segment_keep: runs' words kept until segment_forget */
    struct {
        kept_run *slots;           /* owned: open addressing by hash, a power of two */
        size_t n_slots, used;      /* room and runs kept */
        char *bytes;               /* owned: the runs' bytes */
        size_t n_bytes, bytes_cap;
        uint32_t *cuts;            /* owned: their boundaries */
        size_t n_cuts, cuts_cap;
    } kept;
} segmenter;

void segmenter_init(segmenter *sg, const np_allocator *allocator);
void segmenter_free(segmenter *sg);

/* From now on, the words of each run sg segments are kept (until
 * segment_forget) and a run met again is read from there: for a cleaner
 * whose analyser shares its segmenter. */
void segment_keep(segmenter *sg);

/* Lets go of the runs kept: a new article begins.  Keeps the room, but
 * for a long article's table when the article after it used little of
 * it. */
void segment_forget(segmenter *sg);

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
