/*
 * newsprint.h: the one public header of libnewsprint.
 *
 * newsprint reads raw news articles as scrapers leave them and answers what
 * each one's clean text, title, date and source are; later stages find
 * copies, stories and originals (see DESIGN.md).
 *
 * Conventions
 * - Every call returns np_status and writes results through out-parameters.
 * - Handles are opaque.  np_errmsg(handle) describes the last failure in
 *   words, naming the file and record involved.
 * - Free functions accept NULL.
 * - Every allocation goes through an np_allocator (NULL selects malloc), so
 *   tests can fail the Nth allocation.
 * - Strings handed out are valid UTF-8 and NUL-terminated; their owner and
 *   lifetime are stated at each call.
 */
#ifndef NEWSPRINT_H
#define NEWSPRINT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NP_VERSION "0.1.0"

/* Size caps, checked before anything is allocated. */
#define NP_MAX_RECORD_BYTES   (16u << 20) /* one article: text file or JSONL line */
#define NP_MAX_ID_BYTES       512u        /* an article id */
#define NP_MAX_FIELD_BYTES    4096u       /* title, date, url, source */
#define NP_MAX_PATH_DEPTH     64          /* directory recursion */
#define NP_NO_TIME            INT64_MIN   /* np_article.timestamp when unknown */

typedef enum np_status {
    NP_OK = 0,
    NP_DONE,    /* a stream has no more items; not an error */
    NP_ENOMEM,  /* an allocation failed */
    NP_EIO,     /* a file could not be opened, read or written */
    NP_EINPUT,  /* an input record is malformed or over a cap; it was skipped */
    NP_EPARAM,  /* a caller passed an invalid argument */
    NP_EDB,     /* the store failed (reserved for src/store) */
    NP_EINTR    /* a read was cut short by a signal the program caught (its
                   handler installed without SA_RESTART): no fault of the
                   input; the program is being stopped */
} np_status;

/* returns: a static string naming the status ("out of memory", ...) */
const char *np_strerror(np_status status);

/* Allocation hook.  realloc_fn(ptr, 0) is never called; free_fn(NULL) must
 * be harmless.  `user` is passed through untouched. */
typedef struct np_allocator {
    void *(*alloc_fn)(void *user, size_t size);
    void *(*realloc_fn)(void *user, void *ptr, size_t size);
    void (*free_fn)(void *user, void *ptr);
    void *user;
} np_allocator;

/* ------------------------------------------------------------------ */
/* Ingest: stream raw articles out of files, directories, globs, stdin. */

typedef struct np_reader np_reader;

typedef enum np_input_format {
    NP_FORMAT_AUTO = 0, /* by extension; stdin is sniffed */
    NP_FORMAT_TEXT,     /* one article per file */
    NP_FORMAT_JSONL     /* one article per line: id, text, title, date, url, source */
    /* .html/.htm files are pages; .warc/.warc.gz files are crawls (by name) */
} np_input_format;

/* One raw article.  Borrowed: valid until the next np_reader_next call. */
typedef struct np_record {
    const char *id;       /* JSONL "id", else the file name without extension */
    const char *text;     /* raw bytes, not validated; not NUL-terminated */
    size_t text_len;
    const char *title;    /* NULL when the input gave none */
    const char *date;     /* as given (ISO 8601, written out, YYYYMMDD[hhmmss], or
                             seconds or milliseconds since 1970), or NULL */
    const char *url;
    const char *source;
    const char *path;     /* the file it came from ("-" for stdin) */
    uint64_t line;        /* JSONL line or WARC record number, 0 for a whole file */
    int html;             /* text is a web page (an .html/.htm file, a WARC record):
                             the cleaner finds the article in it first */
    const char *charset;  /* the page's declared charset (HTTP header), or NULL */
    int markdown;         /* text is Markdown (an .md/.markdown file, a JSONL
                             "markdown" field): cleaned as the web page it
                             renders to */
    int warc;             /* line is the number of a WARC record, not of a
                             JSONL line: messages say "FILE: record N", not
                             "FILE:N" */
} np_record;

/* Opens a reader over `inputs` (files, directories walked recursively in
 * sorted order, glob patterns, "-" for stdin).  Inputs are opened lazily:
 * a bad input is reported by np_reader_next, not here.
 * returns: *out owned by caller, free with np_reader_free. */
np_status np_reader_open(np_reader **out, const char *const *inputs, size_t n_inputs,
                         np_input_format format, const np_allocator *allocator);

/* A file the run writes (its -o file, and the file written beside it
 * first): when a directory walk or a glob meets it, it is passed over
 * without a word, not read as an input (an earlier run's answer, or the
 * answer being written).  Named inputs are not affected.  Known by its
 * device and inode, so it must exist now; up to four files; a path that
 * does not exist is ignored.  returns: NP_OK, NP_EPARAM when four are
 * given already */
np_status np_reader_pass_over(np_reader *reader, const char *path);

/* Moves to the next record.  NP_OK: *record is set.  NP_DONE: no more.
 * NP_EINPUT / NP_EIO / NP_ENOMEM: one input or record was skipped and
 * np_reader_errmsg says which and why; call again to continue.
 * NP_EINTR: a read of the input open now (a pipe, standard input) was cut
 * short by a signal whose handler does not restart reads; the rest of
 * that input is not read (np_reader_errmsg names it).  A program that
 * stops at that signal stops here, saying nothing of the read (the
 * signal is why); calling again goes on with the next input. */
np_status np_reader_next(np_reader *reader, const np_record **record);

/* Moves past the next record, as np_reader_next would, without decoding a
 * JSONL line (nor noting its id for the repeated-id check): for starting
 * at record N of the inputs cheaply.  NP_OK: one record passed (or, for a
 * text file or a WARC record, read); NP_DONE: no more; otherwise, as
 * np_reader_next, one input or record was skipped. */
np_status np_reader_skip(np_reader *reader);

/* returns: borrowed message of the last failure, "" if none */
const char *np_reader_errmsg(const np_reader *reader);

/* Counts so far: records returned and records or inputs skipped. */
void np_reader_counts(const np_reader *reader, uint64_t *records, uint64_t *skipped);

/* Bytes of the input files read so far (the files done, and how far into
 * the one open now; standard input does not count): for progress.  It may
 * run a buffer ahead of the records returned. */
uint64_t np_reader_bytes_read(const np_reader *reader);

void np_reader_free(np_reader *reader);

/* ------------------------------------------------------------------ */
/* Clean: body paragraphs and metadata out of one raw article. */

typedef struct np_cleaner np_cleaner;

/* One input line as the cleaner judged it (for --explain). */
typedef struct np_line {
    const char *text;
    const char *kind;  /* "body", "title", "header", "nav", "caption", "related",
                          "promo", "section", "meta", "credit", "footer", "repeat" */
} np_line;

/* A cleaned article.  Borrowed: owned by the cleaner, valid until its next
 * np_clean call. */
typedef struct np_article {
    const char *id;
    const char *title;        /* NULL when no headline was found */
    const char *date;         /* YYYY-MM-DD, NULL when no full date was found */
    int64_t timestamp;        /* seconds since 1970 UTC when the input gave a time of
                                 day (an ISO 8601 "date" with a time, seconds since
                                 1970, YYYYMMDDhhmmss), else NP_NO_TIME */
    int month_day;            /* a header date without a year ("Tuesday, March 4"):
                                 month * 100 + day (304); 0 if none.  Not a date,
                                 but a hint of when, for grouping stories */
    const char *source;       /* outlet domain or name, NULL when unknown */
    const char *url;          /* NULL when unknown */
    const char *lang;         /* ISO 639-1 code, "und" when undetermined */
    const char *const *attribution; /* agencies/reporters credited */
    size_t n_attribution;
    const char *const *paragraphs;  /* the body */
    size_t n_paragraphs;
    size_t words;             /* words in the body */
    size_t removed_lines;     /* boilerplate lines dropped */
    int repaired;             /* 1 when invalid UTF-8 or mojibake was repaired */
    int republished;          /* 1 when the text says it first appeared elsewhere
                                 ("originally appeared on X": source is then X) */
    const np_line *lines;     /* every non-blank input line with its kind, when
                                 np_cleaner_explain was turned on; else NULL */
    size_t n_lines;
    const char *date_unread;  /* the record's date when it is none newsprint reads
                                 (the article is then dated from its text, if at
                                 all), for a warning; else NULL */
} np_article;

/* returns: *out owned by caller, free with np_cleaner_free. */
np_status np_cleaner_new(np_cleaner **out, const np_allocator *allocator);

/* Keep every input line with the kind it was given (np_article.lines),
 * for explaining; off by default because it costs a copy of the text. */
void np_cleaner_explain(np_cleaner *cleaner, int on);

/* Cleans one record.  NP_EINPUT when the record is not text (binary). */
np_status np_clean(np_cleaner *cleaner, const np_record *record, const np_article **out);

/* returns: borrowed message of the last failure, "" if none */
const char *np_cleaner_errmsg(const np_cleaner *cleaner);

void np_cleaner_free(np_cleaner *cleaner);

/* ------------------------------------------------------------------ */
/* Cluster: copies, families, originals, stories and storylines. */

/* Every threshold and size, with the defaults np_params_default sets.
 * Scores are in [0, 1]; windows are in days. */
typedef struct np_params {
    double near_jaccard;        /* MinHash Jaccard for a near copy */
    double near_length_ratio;   /* shorter/longer words for near (else excerpt) */
    int short_words;            /* a pair whose shorter text has fewer words is near by
                                   the Jaccard of its 2-word shingles (at near_jaccard) */
    double excerpt_containment; /* shared sentences / sentences of the shorter */
    double rewrite_alignment;   /* aligned sentences / sentences of the shorter */
    double rewrite_overlap;     /* stem overlap for two sentences to align */
    int rewrite_window;         /* days between a rewrite and its source */
    double story_threshold;     /* similarity to join a story */
    double merge_threshold;     /* average member similarity to merge two stories */
    int story_window;           /* days a story stays open to new articles */
    int move_window;            /* days between stories that merge, or an article and a story it moves to */
    int story_span;             /* days from a story's first article to its last at most; 0 = no limit */
    double storyline_threshold; /* a story's to a linked story and to its storyline */
    int storyline_window;       /* days between stories linked at storyline_threshold */
    double name_share;          /* share of names and numbers in story similarity */
    int max_bucket;             /* index buckets larger than this are too common to pair */
    int storyline_reach;        /* days between stories of one storyline at most: past
                                   storyline_window a link needs reach_threshold */
    double reach_threshold;     /* a link's cosine past storyline_window */
} np_params;

void np_params_default(np_params *params);
/* Sets one parameter by name from text ("story_threshold", "0.3").
 * NP_EPARAM for an unknown name or a value out of range. */
np_status np_params_set(np_params *params, const char *name, const char *value);
/* The range np_params_set takes for a parameter: 1 with [*lo, *hi] and
 * *integer (1: whole numbers only) set (each may be NULL), 0 when no
 * parameter has this name. */
int np_params_range(const char *name, double *lo, double *hi, int *integer);
/* The name of the i-th parameter (from 0), NULL past the last. */
const char *np_params_name(size_t i);
/* What the i-th parameter (from 0) means, in words; NULL past the last. */
const char *np_params_meaning(size_t i);
/* The i-th parameter's value in params as np_params_describe writes it
 * (0.600, 30: a JSON number), into out (NUL-terminated, cut to size).
 * returns: 1, or 0 past the last parameter (out then "") */
int np_params_value_text(const np_params *params, size_t i, char *out, size_t size);
/* Writes "name = value  # meaning" lines for every parameter. */
void np_params_describe(const np_params *params, char *out, size_t size);

typedef struct np_engine np_engine;

/* returns: *out owned by caller, free with np_engine_free.  NULL params
 * means the defaults. */
np_status np_engine_new(np_engine **out, const np_params *params, const np_allocator *allocator);
/* Takes what it needs of a cleaned article (copied; the article may go). */
np_status np_engine_add(np_engine *engine, const np_article *article);
/* Only copies: np_engine_run then finds copy links, families and
 * originals but no stories (np_engine_story_count is 0 and np_result's
 * story and storyline are NP_NO_STORY).  Call before adding articles. */
np_status np_engine_copies_only(np_engine *engine);
/* Copies without rewrites: as np_engine_copies_only, and np_engine_run
 * finds exact, near and excerpt links alone, not rewrites (neither their
 * vocabulary, top terms nor alignment are made): the links of a
 * copies-only run less its rewrites, the families and originals of
 * those.  Takes fingerprints of np_fingerprinter_no_rewrites (cheaper to
 * make) or of any other kind a copies-only engine takes.  Call before
 * adding articles. */
np_status np_engine_no_rewrites(np_engine *engine);
/* np_engine_run works on this many threads (default 1; the answer is the
 * same at any count): candidate pairs, their verification, the story
 * vectors and passes, the storylines.  With more than one, the engine's
 * allocator must be thread-safe. */
np_status np_engine_set_threads(np_engine *engine, size_t threads);
/* The article added index-th (from 0) came after all the others, so
 * where nothing else tells which is the original (no credit, containment
 * or date), it is the copy rather than the article of the smallest id:
 * a text checked against stored articles, which were there first.  Call
 * after adding it and before np_engine_run. */
np_status np_engine_mark_latest(np_engine *engine, size_t index);
/* Finds copies, families, originals, stories and storylines. */
np_status np_engine_run(np_engine *engine);
const char *np_engine_errmsg(const np_engine *engine);
void np_engine_free(np_engine *engine);

/* Fingerprints made on any thread.  A fingerprinter (one per thread; it
 * holds stemmers, which are not thread-safe) reduces a cleaned article to
 * what the engine keeps of it, as one flat byte string;
 * np_engine_add_fingerprint adds it.  Adding fingerprints in input order
 * gives exactly the answer of np_engine_add on the same articles, whatever
 * thread made them.  The bytes are for engines of the same build. */
typedef struct np_fingerprinter np_fingerprinter;
/* returns: *out owned by caller, free with np_fingerprinter_free. */
np_status np_fingerprinter_new(np_fingerprinter **out, const np_allocator *allocator);
void np_fingerprinter_free(np_fingerprinter *fingerprinter);
const char *np_fingerprinter_errmsg(const np_fingerprinter *fingerprinter);
/* Fingerprints for copies-only engines (np_engine_copies_only), without
 * what only stories read: display forms and the dates the text names.
 * Cheaper to make; an engine that finds stories refuses them (NP_EINPUT).
 * Call before fingerprinting. */
np_status np_fingerprinter_copies_only(np_fingerprinter *fingerprinter);
/* Fingerprints for engines without rewrites (np_engine_no_rewrites): the
 * copies-only ones less the terms and sentence stems only rewrites read
 * (a text of a few dozen words keeps its terms); only such an engine
 * takes them (NP_EINPUT).  Call before fingerprinting. */
np_status np_fingerprinter_no_rewrites(np_fingerprinter *fingerprinter);
/* *data: borrowed from the fingerprinter until its next call. */
np_status np_fingerprint(np_fingerprinter *fingerprinter, const np_article *article,
                         const void **data, size_t *size);
/* Copies what it needs; NP_EINPUT when data is not a fingerprint. */
np_status np_engine_add_fingerprint(np_engine *engine, const void *data, size_t size);

#define NP_NO_STORY ((size_t)-1)  /* np_result.story of a copies-only run */

/* What np_engine_run spent and what the engine held: for `cluster --stats`
 * and benchmarks.  Seconds are wall-clock; bytes count the items stored,
 * not the slack of growable arrays. */
typedef enum np_stage {
    NP_STAGE_CANDIDATES, NP_STAGE_VERIFY, NP_STAGE_FAMILIES, NP_STAGE_STORIES, NP_STAGES
} np_stage;

typedef enum np_held {
    NP_HELD_META,        /* per-article records and their strings */
    NP_HELD_SIGNATURES,  /* MinHash signatures */
    NP_HELD_SENTENCES,   /* sentence hashes and sizes */
    NP_HELD_SENT_STEMS,  /* each sentence's content stems */
    NP_HELD_TERMS,       /* term counts (words, names, numbers, facts) */
    NP_HELD_OTHER,       /* short texts' shingles, facts' nouns, display forms */
    NP_HELDS
} np_held;

typedef struct np_engine_stats {
    double seconds[NP_STAGES];
    /* the process's peak resident memory (getrusage) when intake ended
     * (np_engine_run began) and when each stage ended: the stage where it
     * first reaches the final peak is the one that set it */
    size_t intake_peak_bytes;
    size_t peak_bytes[NP_STAGES];
    size_t candidates;          /* candidate pairs verified */
    size_t links;               /* copy links */
    size_t held[NP_HELDS];      /* bytes held once every article was added (the
                                 * terms: once coded with ids, as the run starts) */
} np_engine_stats;

/* Zeroes before np_engine_run; stage names for display: np_stage_name. */
void np_engine_stats_get(const np_engine *engine, np_engine_stats *out);
const char *np_stage_name(np_stage stage);

/* For progress displays: np_engine_run calls fn on its calling thread as
 * each stage begins (step NULL) and, in the long stages, as each of its
 * steps begins (step names it: "merge pass", ...) and as the longest steps
 * advance, each time their whole percent changes ("first pass, 40%",
 * "refinement pass 2, 15%": step text that lives for the call only).  A
 * copies-only run has no stories stage.  Call before np_engine_run; fn
 * NULL turns it off. */
typedef void (*np_stage_fn)(void *arg, np_stage stage, const char *step);
np_status np_engine_on_stage(np_engine *engine, np_stage_fn fn, void *arg);
const char *np_held_name(np_held held);

/* One article's answer after np_engine_run.  Borrowed from the engine. */
/* An untitled article's lead (np_result.lead): the start of its first
 * paragraph, at most this many bytes, cut between characters. */
#define NP_LEAD_BYTES 64

typedef struct np_result {
    const char *id, *title, *date, *source, *lang;
    const char *lead;      /* an untitled article's first words, for naming it:
                              NP_LEAD_BYTES of its body at most; NULL when it
                              has a title (or no body) */
    size_t words;
    size_t story;          /* story index, 0-based */
    size_t storyline;      /* storyline index, 0-based */
    const char *relation;  /* original, exact, near, excerpt, rewrite, report */
    const char *copy_of;   /* id of the family's original, NULL unless a copy */
    double score;          /* the copy link's score, or -1 */
    /* evidence of the copy link; containment is -1 (unmeasured) when a
     * text of the pair has no sentence indexed */
    double jaccard, containment, aligned, ordered;
    size_t shared_sentences;
} np_result;

size_t np_engine_count(const np_engine *engine);
np_status np_engine_result(const np_engine *engine, size_t index, np_result *out);

typedef struct np_story {
    size_t index;
    size_t storyline;
    const char *title;          /* the title of its earliest article */
    const char *first_date, *last_date; /* NULL when no article is dated */
    size_t n_articles;          /* read them with np_engine_story_article */
} np_story;

size_t np_engine_story_count(const np_engine *engine);
size_t np_engine_storyline_count(const np_engine *engine);
/* keywords: up to max of the story's most characteristic words, written to
 * the caller's array (borrowed strings). */
np_status np_engine_story(const np_engine *engine, size_t index, np_story *out,
                          const char **keywords, size_t max_keywords, size_t *n_keywords);
/* returns: the article index of the story's i-th article (time order, each
 * family after its original), or (size_t)-1 past the end */
size_t np_engine_story_article(const np_engine *engine, size_t story, size_t i);

/* ------------------------------------------------------------------ */
/* Compare: the relation and the measures between two cleaned articles. */

typedef struct np_comparison {
    const char *relation;      /* exact, near, excerpt, rewrite, or none */
    double jaccard;            /* of word 5-shingles (exact for short texts) */
    double word_pairs;         /* of word 2-shingles, exact: a near copy's measure when
                                  the shorter text has under short_words words; else
                                  -1 (unmeasured) */
    double containment;        /* shared sentences / sentences of the shorter,
                                  -1 (unmeasured) when one has no sentence indexed */
    size_t shared_sentences;
    double aligned, in_order;  /* sentence alignment of the shorter to the longer,
                                  -1 (unmeasured) when no sentence could be aligned */
    double vocabulary;         /* shared stems / stems of the smaller vocabulary */
    double overlap;            /* a paraphrase score for short texts, in [0, 1]:
                                  shared content stems over the smaller vocabulary
                                  (3/4) and over the larger (1/4) */
    /* The lexical measures of a paraphrase judgement on the texts' words in
     * order (titles and bodies), for a model that weighs them: */
    size_t words_a, words_b;   /* words of each text */
    double stems_fewer, stems_more; /* shared content stems over the text with fewer
                                  distinct ones and over the one with more */
    size_t numbers_alone;      /* numbers one text states whose stem the other lacks */
    size_t names_alone;        /* likewise capitalised names */
    double sequence_shorter, sequence_longer; /* the longest common subsequence of
                                  the words (the first 2,000 of each) over the
                                  shorter text and over the longer */
    double pairs_fewer;        /* shared 2-word shingles over the text with fewer */
    double trigrams;           /* Jaccard of the character trigrams */
    double grams_shorter[4], grams_longer[4]; /* BLEU's modified precisions each
                                  way, n = 1..4: of the shorter text's word n-grams
                                  (words as stems, a repeat counted as often as the
                                  other has it), the share the longer has; and of
                                  the longer's, the share the shorter has */
    double edits_longer;       /* word edit distance (stems; insertions, deletions,
                                  substitutions; the first 2,000 words of each)
                                  over the longer text's words */
    double function_words;     /* Jaccard of the stopwords the texts use */
    size_t negations_a, negations_b; /* words that negate (not, no, never, n't ...)
                                  in each text */
    size_t numbers_shared;     /* numbers both texts state */
    char note[256];            /* relation none: why it is no rewrite, where the
                                  sentences align as a rewrite's (too few sentences,
                                  dates too far apart); else, where a measure comes
                                  near a kind's threshold, what each kind needs
                                  against what the pair has; else "" */
} np_comparison;

/* Compares two articles with the given parameters (NULL: defaults). */
np_status np_compare(const np_article *a, const np_article *b, const np_params *params,
                     np_comparison *out);
/* As np_compare, fingerprinting both articles with printer, which the
 * caller keeps across many pairs (NULL: one made for this pair, as
 * np_compare does).  Making a fingerprinter (its analyser's tables) is
 * most of what one pair of short texts costs; the answer is the same
 * bytes either way.  NP_EPARAM when printer makes other fingerprints
 * than np_fingerprinter_new's (set to copies only or no rewrites). */
np_status np_compare_with(np_fingerprinter *printer, const np_article *a, const np_article *b,
                          const np_params *params, np_comparison *out);

/* np_errmsg(handle): the last failure of any handle, in words. */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define np_errmsg(handle) _Generic((handle), \
    np_reader *: np_reader_errmsg, const np_reader *: np_reader_errmsg, \
    np_cleaner *: np_cleaner_errmsg, const np_cleaner *: np_cleaner_errmsg, \
    np_engine *: np_engine_errmsg, const np_engine *: np_engine_errmsg, \
    np_fingerprinter *: np_fingerprinter_errmsg, \
    const np_fingerprinter *: np_fingerprinter_errmsg)(handle)
#endif

#ifdef __cplusplus
}
#endif
#endif /* NEWSPRINT_H */
