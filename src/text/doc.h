/*
 * doc: the working form of one article inside the cleaner.
 *
 * A doc is the normalised text cut into lines, each with the features the
 * boilerplate classifier uses (words, final punctuation, block, repetition)
 * and the kind it was given.  All of it lives in the cleaner's per-article
 * arena and is gone after the next article.
 */
#ifndef NP_DOC_H
#define NP_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"
#include "text/needles.h"
#include "text/textutil.h"

typedef enum line_kind {
    LK_BODY = 0,
    LK_TITLE,
    LK_HEADER,   /* site chrome above the headline */
    LK_NAV,      /* navigation, share and accessibility labels */
    LK_CAPTION,  /* photo captions and credits */
    LK_RELATED,  /* "Read also", "See also", "Related article" links */
    LK_PROMO,    /* subscribe / newsletter / follow / advert lines */
    LK_SECTION,  /* teaser lists and comment forms after their heading */
    LK_META,     /* date, byline and source lines */
    LK_CREDIT,   /* "With reporting by", "X contributed", "originally appeared" */
    LK_FOOTER,   /* outlet footer and disclaimers after the article's end */
    LK_REPEAT    /* a line the page printed before */
} line_kind;

typedef struct line {
    char *s;            /* trimmed, in the doc's text; may be shortened */
    const char *lower;  /* the same bytes with ASCII lowercased, for cue search */
    size_t len;
    unsigned block;     /* lines of one block have no blank line between them */
    unsigned words;     /* what the classifier counts: see cjk */
    unsigned cjk;       /* of words, those counted for Chinese and Japanese
                           characters (two a word: they have no spaces) */
    unsigned occurrences; /* how often this exact line appears in the doc */
    unsigned char kind; /* line_kind */
    unsigned char terminal; /* ends a sentence: . ! ? or a closing quote after one */
    unsigned char ellipsis; /* ends with "..." or "…": a teaser snippet */
    unsigned char bullet;   /* started with a list bullet */
    unsigned char end_marker; /* a closing credit or provenance line */
    unsigned char first_printing; /* the first of its repeats (or not repeated) */
} line;

/* The prefix and short cues of boilerplate.c by the low five bits of their
 * first byte and of their second (boilerplate_cues_make): a line is asked
 * only for the cues that can start at its first two bytes or at one of
 * its words' first two bytes.  Made once per cleaner. */
typedef struct boilerplate_cues {
    uint64_t prefix[32][3]; /* bit k % 64 of word k / 64: the k-th prefix cue */
    uint64_t prefix_second[32][3]; /* the same by their second byte */
    uint64_t word[32];    /* bit k: the k-th short cue, opening on a letter */
    uint64_t word_second[32]; /* the same by their second byte */
    uint64_t other_short; /* short cues opening otherwise: searched for whole */
    needle_set end_words;   /* the closing credits' stems and the credits */
    needle_set disclaimers; /* the cues of an outlet's disclaimer */
} boilerplate_cues;

typedef struct doc {
    arena *arena;       /* borrowed: the cleaner's */
    const boilerplate_cues *cues; /* borrowed: the cleaner's; NULL: every cue asked in turn */
    line *lines;
    size_t n_lines;
    char date[11];      /* YYYY-MM-DD or "" */
    int date_rank;      /* how trustworthy the date's origin is; lower wins */
    int month_day;      /* month * 100 + day of a yearless header date */
    const char *title;
    const char *source;
    const char *url;    /* from a header block's "URL:" line, or NULL */
    int source_from_text;     /* the source came from a provenance line */
    const char *attribution[8];
    size_t n_attribution;
} doc;

/* Sets l->words and l->cjk from its bytes: its words, and when they are
 * long for words (over CJK_WORD_BYTES bytes each, as a line of Chinese,
 * Japanese or Thai, which write no spaces between words, is one "word" or
 * a few), its Chinese and Japanese characters counted two a word, and its
 * Thai, Lao, Khmer and Burmese letters and marks four a word, besides. */
enum { CJK_WORD_BYTES = 12 };
static inline void line_count_words(line *l)
{
    size_t words = tu_count_words(l->s, l->len);
    l->cjk = 0;
    if (words * CJK_WORD_BYTES < l->len) {
        size_t unspaced, cjk = tu_count_cjk(l->s, l->len, &unspaced);
        l->cjk = (unsigned)(cjk / 2 + unspaced / 4);
    }
    l->words = (unsigned)words + l->cjk;
}

/* Sets doc->date from `date` if its origin ranks better than the current. */
void doc_offer_date(doc *d, const char date[11], int rank);
/* Adds a credited name (trimmed, de-duplicated); ignores it when full. */
void doc_add_attribution(doc *d, const char *s, size_t len);

/* boilerplate.c: gives every line its kind and fills the doc's metadata
 * (d->cues made by boilerplate_cues_make). */
void boilerplate_classify(doc *d, int have_title);
/* What the field named key[0..n) of a header block or a Markdown file's
 * front matter gives ("Title", "date", "URL": any case), or -1 for a name
 * that is none. */
enum header_field { HF_TITLE, HF_DATE, HF_URL, HF_SOURCE, HF_OTHER };
int boilerplate_header_key(const char *key, size_t n);
void boilerplate_cues_make(boilerplate_cues *x);
/* 1 if the lowercased line holds a caption mark ("(left)", "pictured"; the
 * unparenthesised ones in lines of at most 40 words).  `plain` (for tests):
 * each mark searched for in the whole line; the answer must be the same. */
int boilerplate_caption_mark(const char *lower, size_t len, unsigned words, int plain);
/* The kind the line's cue words give it (LK_BODY if none): its opening
 * words, and for a short line the words anywhere in it.  `plain` (for
 * tests): every cue asked in turn; the answer must be the same. */
unsigned char boilerplate_cue_kind(const line *l, int plain);
/* How many disclaimer cues ("all rights reserved", "without permission")
 * the line holds, all found in one pass over it (a needle set), or with
 * `plain` (for tests) each searched for in turn: the count must be the same. */
int boilerplate_disclaimer_score(const line *l, int plain);
/* 1 if the line is a closing credit or a provenance note ("Reporting by
 * ...", "This article originally appeared on ..."); `plain` (for tests):
 * each cue searched for in turn; the answer must be the same. */
int boilerplate_end_marker(const line *l, int plain);

/* meta.c: what the cue lines tell about source and credits. */
void meta_from_credit(doc *d, const char *s, size_t len);
void meta_from_dateline(doc *d, const char *s, size_t len);
/* returns: 1 if s names a source ("originally appeared on X") and sets it */
int meta_source_line(doc *d, const char *s, size_t len);
/* The host of a URL without "www.", in the arena; NULL if none. */
const char *meta_url_host(arena *a, const char *url);
/* A source name tidied: domains lowercased without "www.", others trimmed. */
const char *meta_tidy_source(arena *a, const char *s, size_t len);
/* The length of a title without the site's name after its last separator
 * ("Port strike ends | The Harbor Daily" with source "harbordaily.com" or
 * "The Harbor Daily"); len when it has none or too little is left. */
size_t meta_title_without_site(const char *title, size_t len, const char *source);

#endif
