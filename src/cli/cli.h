/*
 * cli: the newsprint command.  One file per subcommand; shared helpers for
 * option parsing, problem reports and output here.
 */
#ifndef NP_CLI_H
#define NP_CLI_H

#include <stdint.h>
#include <stdio.h>
#include <xxhash.h>

#include "newsprint.h"
#include "common/buf.h"
#include "common/clock.h"
#include "common/jsonw.h"
#include "cluster/answer.h"

enum { EXIT_SKIPPED = 1, EXIT_USAGE = 2 };

typedef enum out_format { OUT_TEXT, OUT_JSON, OUT_JSONL, OUT_SUMMARY, OUT_CSV } out_format;

int cmd_clean(int argc, char **argv);
int cmd_cluster(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_add(int argc, char **argv);
int cmd_stories(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_similar(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* Prints "newsprint: COMMAND: <message>" to stderr (COMMAND: the one
 * cli_set_command named; "newsprint: <message>" before one is known).
 * Every line the command says on standard error (problems, notices, its
 * closing summary) goes through it, so none names the command apart. */
void cli_problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The command running, named in every problem from now on (main.c, before
 * the command starts).  borrowed: a string that outlives the run */
void cli_set_command(const char *command);
/* returns: the command cli_set_command named, or NULL */
const char *cli_command(void);
/* Says on stderr that the database db has no article id (the command
 * that looked: "show", "similar"), or, when `stored`, that it has it but
 * has not grouped it yet: one wording for every command. */
void cli_no_article(const char *id, const char *db, int stored);
/* An argument stories or serve (a database's commands, no input read)
 * does not take: an unknown option, or a file given as if an input, said
 * as such, naming --db, which it may have been meant for ("stories
 * news.db"). */
void cli_unknown_argument(const char *arg, const char *help);
/* An unknown option arg said, with the option of the command's help text
 * nearest it when one is ("--formt": did you mean '--format'?). */
void cli_unknown_option(const char *arg, const char *help);
/* Of names[0..n), the one nearest word[0..len) (a typo's few edits away,
 * or begun by it), or NULL when none is.  borrowed: one of names */
const char *cli_closest_name(const char *word, size_t len, const char *const *names, size_t n);
/* show's and similar's ID: none given, or given as '' (an unset shell
 * variable; no id is empty), is said naming the command.  returns: 1 when
 * id is one, else 0 (a usage error) */
int cli_article_id_given(const char *command, const char *id);
/* --explain-params: the parameters described in format (text: "name =
 * value  # meaning" lines; json: {"params":[{"name","value","meaning"},..]};
 * jsonl: one such object a line; csv: name,value,meaning rows under a
 * header), written to output (-o, as an answer is: complete or not at
 * all), or standard output when NULL.
 * returns: 0, or EXIT_SKIPPED when the output failed (said) */
int cli_write_params(const np_params *params, out_format format, const char *output);
/* Flushes standard output; a write to it that failed, now or before, is
 * said ("standard output: write failed: REASON").  returns: 0, or -1 when
 * one failed */
int cli_flush_stdout(void);
/* Parses a --format value; returns 0 when unknown. */
int cli_parse_format(const char *s, out_format *out);
/* --explain with --format csv, which has no column for the evidence: said
 * on stderr, naming the command (the run goes on without it); a notice,
 * which the callers leave out under --quiet. */
void cli_note_explain(int explain, out_format format);

/* The next cleaned article of the inputs: reports each skipped input or
 * record on stderr and counts it, and names a date, title, url or source
 * field not read, and an article of no word, the note ending in
 * no_text_then (what the command does with it).  returns: 1 with *article
 * set, 0 at the end of the inputs. */
int cli_next_article(np_reader *reader, np_cleaner *cleaner, const np_article **article,
                     unsigned long long *skipped, const char *no_text_then);

/* The first cleaned article of path (a file, directory, glob or -), for
 * the commands that take one article (compare, similar): says on stderr
 * what was skipped on the way (counted in *skipped), the files a
 * directory walk passed over, a path with no article and an article of no
 * word (its note ending in no_text_then), naming the command.  returns: 1
 * with *article set (borrowed from cleaner), 0 when there is none. */
int cli_first_article(const char *path, np_cleaner *cleaner, const np_article **article,
                      unsigned long long *skipped, const char *no_text_then);

/* Into dst, the notice for an article whose date field is no date
 * newsprint reads (a->date_unread), and for one whose title, url or source
 * was not read (unread: reader_fields_unread), naming the file and line. */
void cli_note_date_unread(char *dst, size_t size, const np_record *rec, const np_article *a);
/* An article cleaning left no word of (a page of a title alone, a line
 * taken for a menu), kept: said on stderr, naming where it is, as
 * nothing said it was empty (batch.c names the first few); the note ends
 * in then ("kept as an article of no word"). */
void cli_note_no_text(const np_record *rec, const char *then);
void cli_note_fields_unread(char *dst, size_t size, const np_record *rec, const char *unread);

/* Says on stderr of each input that is a file or directory given before
 * (by the same name or another) that its articles are read once: the
 * second time each is a duplicate id, skipped. */
void cli_note_repeats(const char *command, const char *const *inputs, size_t n);

/* After the first READER_DUPLICATES_NAMED records skipped for a duplicate
 * id were named: how many more were. */
void cli_duplicates_unnamed(uint64_t duplicates);

/* Frees a reader at the end of its inputs, saying on stderr how many more
 * records it skipped for a duplicate id than it named, and (unless quiet)
 * that the inputs hold no article when it read none and skipped none. */
void cli_reader_close(np_reader *reader, int quiet, const char *const *inputs,
                      size_t n_inputs);

/* progress.c: progress on standard error, a line rewritten about ten
 * times a second, only when standard error is a terminal and --quiet is
 * not given. */
typedef struct progress {
    int on;
    double start, last;
    unsigned long long count;
    const char *what;
    const np_reader *reader;  /* with total: the share read and the time left */
    uint64_t total;           /* bytes of the inputs, 0 when not known */
    int keep_pages;           /* the heap keeps what a stage frees (progress_small_inputs) */
} progress;

/* Seconds of a monotonic clock; peak resident memory of this process. */

void progress_start(progress *p, int quiet, const char *what);
/* The inputs the reader reads, for the share done and the time left: known
 * when every input is a regular file (not a directory, pattern or stdin). */
void progress_inputs(progress *p, const np_reader *reader, char *const *inputs, size_t n);
void progress_tick(progress *p);            /* one more item */
void progress_note(progress *p, const char *stage); /* a stage without a count */
/* np_engine_on_stage's function: the engine's stage and step, bar a progress */
/* The freed large blocks given back to the system (main.c): every command
 * but cluster from its start, cluster unless its inputs are small
 * (progress_small_inputs).  Before any thread starts. */
void cli_heap_give_back(void);
/* Inputs of known size up to PROGRESS_SMALL_INPUTS bytes (progress_inputs):
 * the stages' freed pages stay with the process, for the next stage's
 * blocks (glibc's own thresholds; progress_stage trims none), as a large
 * corpus's are given back for its peak (cli_heap_give_back, and a trim a
 * stage): each page given back was a fault when taken again (g20k on two
 * threads: 32.5k faults, 20.3k kept; peak 53.6 -> 56 MB).  Other inputs:
 * cli_heap_give_back.  Before the threads start. */
enum { PROGRESS_SMALL_INPUTS = 256 << 20 };
void progress_small_inputs(progress *p);
void progress_stage(void *bar, np_stage stage, const char *step);
void progress_end(progress *p);

/* batch.c: cleaning on several threads, output in input order. */
typedef struct batch_cleaner batch_cleaner;
/* worker: which thread formats (0 .. threads-1), for per-thread state in arg */
typedef np_status (*batch_format_fn)(buf *out, const np_article *article, size_t worker, void *arg);
typedef int (*batch_emit_fn)(const buf *formatted, void *arg); /* 0 on success */

np_status batch_new(batch_cleaner **out, size_t threads, int explain, batch_format_fn format,
                    void *format_arg);
/* Reads, cleans and formats every record, calling emit for each article in
 * input order.  A read a signal cut short (NP_EINTR: add's stop handler
 * does not restart reads) ends the reading, unsaid: the caller's handler
 * noted the signal and says why it stopped.  returns: 0, or -1 when emit
 * failed (output stops there). */
int batch_run(batch_cleaner *b, np_reader *reader, batch_emit_fn emit, void *emit_arg,
              unsigned long long *skipped, progress *bar);
/* Takes only records from..to-1 of the inputs (counting every record the
 * reader returns, skipped ones too); the others are read and passed over. */
void batch_range(batch_cleaner *b, uint64_t from, uint64_t to);
/* Each printers[w] segments with the cleaner of b's worker w, which cleans
 * the articles printers[w] then fingerprints (fingerprinter_share_words):
 * ICU reads a Chinese or Thai run once, not twice.  b outlives their use. */
void batch_share_words(batch_cleaner *b, np_fingerprinter *const *printers);
void batch_free(batch_cleaner *b);

/* prints.c: reads, cleans and fingerprints records from..to-1 of the
 * inputs on `threads` threads, calling emit with each fingerprint in input
 * order (emit returns 0, or -1 to stop): an own_print, made by this
 * process's fingerprinters, borrowed until emit returns.  Skipped records
 * are reported and counted; `kind`: what the fingerprints hold, all
 * (PRINTS_WHOLE), what np_fingerprinter_copies_only keeps, what
 * np_fingerprinter_no_rewrites keeps, or all but the display forms
 * (fingerprinter_without_forms: for an answer written without story
 * keywords).
 * returns: 0, or -1 when out of memory or emit stopped. */
typedef enum { PRINTS_WHOLE, PRINTS_COPIES_ONLY, PRINTS_NO_REWRITES, PRINTS_WITHOUT_FORMS } print_kind;
typedef struct own_print own_print; /* cluster/engine.h */
typedef int (*print_emit_fn)(const own_print *print, void *arg);
int cli_fingerprint_inputs(np_reader *reader, size_t threads, uint64_t from, uint64_t to, print_kind kind,
                           print_emit_fn emit, void *arg, unsigned long long *skipped, progress *bar);

/* Options, the same in every command: a long name's value is the next
 * argument or follows '=' (--format json, --format=json); -o, -j, -p, -q
 * and -h are --output, --threads, --param, --quiet and --help, and a short
 * form's value is the next argument, attached or after '=' (-j 2, -j2,
 * -j=2).  A next argument that opens with '-' and a letter is no value. */
/* 1 when arg is the option `name` (a long name) that takes no value. */
int cli_flag(const char *arg, const char *name);
/* 1 when argv[*i] is the option `name` (a long name) that takes a value:
 * *value is then the value, *i the index of the last argument used, or
 * *value is NULL when the value is missing or empty, or the next argument
 * is an option (opens with '-' and a letter; such a value follows '='),
 * reported, naming the command (the caller returns EXIT_USAGE).  0 for
 * another argument. */
int cli_option(int argc, char **argv, int *i, const char *name, const char **value);

/* Applies a --param NAME=VALUE to params; on error reports it (naming the
 * command) and returns 0. */
int cli_parse_param(const char *arg, np_params *params);

/* Parses a --threads value (1..64); returns 0 when invalid (reported,
 * naming the command). */
int cli_parse_threads(const char *s, size_t *out);
/* A whole number in [min, max] for the option `name` (unit: what it
 * counts, "seconds", or NULL), else said on standard error, naming the
 * command.  returns: 1 when *out is set */
int cli_parse_number(const char *name, const char *s, long min, long max, const char *unit,
                     unsigned *out);
/* The default thread count: the online CPUs, at most 64. */
size_t cli_default_threads(void);

/* Inputs may come before, between or after the options: an option loop
 * gathers each input it meets at argv[1 + n_gathered++] (slots it has
 * already read), stops at "--" or the end with argv[i] the first argument
 * after, and calls this: the gathered inputs are moved in front of those
 * after "--", in the order given.  returns: the index of the first input;
 * the inputs are argv[that .. argc). */
int cli_inputs_last(char **argv, int i, int n_gathered);

/* Checked before anything is read: an input named '' (which named no
 * file: 'newsprint: : cannot open'), - (standard input) named twice, and
 * an output file (-o, NULL for none) that is one of the inputs, which the
 * run would write over.  Reports the problem naming the command; returns
 * 0, or EXIT_USAGE. */
int cli_check_files(const char *output, const char *const *inputs, size_t n);

/* The inputs of join, verify and group are files sign, join and verify
 * made, read from files only: - (standard input) among them is said (it
 * said '-: cannot open: No such file or directory').  returns: 0, or
 * EXIT_USAGE */
int cli_check_staged_files(const char *const *inputs, size_t n);

/* json.c: JSON writing into a buffer (strings: common/jsonw.h's
 * json_put_string). */
/* v as printf's "%.3f" writes it, without printf's cost for every
 * article's score. */
np_status json_put_fixed3(buf *b, double v);
np_status json_put_key(buf *b, const char *key, int first);
/* json_put_key of a key written as a string literal of the characters a
 * key needs no escape for (a-z, 0-9, _): the literal and its quotes (and
 * the comma before it unless first) appended as they are, no byte of it
 * looked at, as the program's own keys are many an article. */
#define JSON_PUT_LITERAL_KEY(b, literal, first) \
    buf_append((b), &",\"" literal "\":"[(first) != 0], sizeof(",\"" literal "\":") - 1 - ((first) != 0))

/* sink.c: output sink, stdout or a file written beside its final name and
 * renamed into place only when complete, so a failed run never leaves
 * half a file; a path that is not a regular file (a device, a pipe) is
 * written as it is, and a symbolic link's file is replaced, not the link. */
typedef struct sink {
    FILE *file;
    char *final_path;  /* owned; NULL for stdout */
    char *temp_path;   /* owned; NULL when written in place */
    int temp_slot;     /* the temporary file's slot for the signal handler, or -1 */
} sink;

int sink_open(sink *s, const char *path);      /* returns 0 on success */
/* The reader passes over the sink's files (the -o file and the one written
 * beside it) when a directory walk or glob meets them (-o corpus/answer.jsonl
 * corpus/ read its own temporary file, and the last run's answer). */
void sink_pass_over(const sink *s, np_reader *reader);
/* Sets handler for SIGINT, SIGTERM and SIGHUP, but those the caller
 * ignores (nohup's SIGHUP stays ignored); flags as sigaction's. */
void sink_catch_stop_signals(void (*handler)(int), int flags);
int sink_write(sink *s, const buf *b);         /* returns 0 on success */
int sink_close(sink *s, int success);          /* returns 0 on success */

/* output.c: writes an answer in a format (not OUT_SUMMARY), one article or
 * story at a time.  keep (may be NULL): per story, 0 leaves it and its
 * articles out.  returns: 0, or 1 when writing failed (reported). */
int answer_write(const answer *ans, out_format format, int explain, const unsigned char *keep,
                 sink *out);
/* One CSV field: quoted when it holds a comma, quote or line end, and
 * opening with ' when a spreadsheet would read it as a formula. */
np_status csv_put_field(buf *b, const char *s);
/* answer_write, JSONL made on `threads` threads (the same bytes). */
int answer_write_on(const answer *ans, out_format format, int explain, const unsigned char *keep,
                    sink *out, size_t threads);
/* A story's dates for a reader, into out[cap]: "2025-03-04 .. 2025-03-06",
 * one day once ("2025-03-04"), "undated" when no article is dated, and the
 * dated articles' days then "(3 undated)" when only some are:
 * "2025-03-04 (3 undated)".  first and last are those of the dated
 * articles (np_story's), n_undated the others (answer_story_undated).
 * returns: out */
const char *story_dates_text(char *out, size_t cap, const char *first, const char *last, size_t n_undated);

/* shard.c: the files of a staged run, each checksummed: the fingerprints
 * of one input partition (`sign` writes them), the candidate pairs of one
 * key partition (`join`), the links of one article partition (`verify`).
 * Every function reports its failure on standard error, naming the file. */
typedef enum shard_kind { SHARD_PRINTS, SHARD_PAIRS, SHARD_LINKS } shard_kind;

typedef struct shard_writer {
    sink out;
    buf pending;
    XXH3_state_t *hash;
    uint64_t count;
} shard_writer;

int shard_create(shard_writer *w, const char *path, shard_kind kind, const np_params *params); /* 0 on success */
int shard_write(shard_writer *w, const void *data, size_t size);
int shard_close(shard_writer *w, int success);  /* complete only when success; 0 on success */

typedef struct shard_reader {
    const char *path;
    FILE *file;
    buf record;
    XXH3_state_t *hash;
    uint64_t count;
    uint64_t sum;             /* the checksum, once shard_next has verified the end */
    shard_kind kind;
} shard_reader;

/* The kind of file at path: 1 with *kind set when it starts as a staged
 * run's file does, 0 when it does not (or cannot be read). */
int shard_sniff(const char *path, shard_kind *kind);
/* Says why path is no file of a staged run: it cannot be opened, is a
 * directory, compressed data, empty or another file, named as not kind. */
void shard_refuse(const char *path, shard_kind kind);
/* Refuses files of another kind, format, build or parameters. */
int shard_open(shard_reader *r, const char *path, shard_kind kind, const np_params *params); /* 0 on success */
/* returns: 1 with the next fingerprint (borrowed until the next call), 0 at
 * the verified end, -1 when the shard is damaged or cut short */
int shard_next(shard_reader *r, const void **data, size_t *size);
void shard_close_reader(shard_reader *r);

/* staged.c: the middle stages, and what group reads of them. */
typedef int (*staged_print_fn)(void *arg, const char *path, uint32_t article, const void *data, size_t size);
/* Every fingerprint of the shards, in order, to fn (which reports its own
 * failure and returns -1 to stop), numbered from 0.  An article whose id
 * an earlier one has (shards signed apart) is skipped, as cluster skips
 * it: counted in *skipped (may be NULL) and, with `report`, reported.
 * *corpus names the shards read (their counts and checksums), *articles
 * counts the articles given to fn.  returns: 0 or -1 */
int staged_read_prints(const char *const *paths, size_t n, const np_params *params, staged_print_fn fn, void *arg,
                       int report, unsigned long long *skipped, uint64_t *corpus, uint64_t *articles);
/* group's inputs: shards in order, links files. */
int staged_split_group(char **inputs, size_t n, const char **shards, size_t *n_shards, const char **links,
                       size_t *n_links);
/* Every partition's links, checked to come from these shards, sorted. */
struct copy_link;
int staged_read_links(const char **paths, size_t n, const np_params *params, uint64_t corpus, uint64_t articles,
                      struct copy_link **out, size_t *n_out);

int cmd_sign(int argc, char **argv);
int cmd_join(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_group(int argc, char **argv);

#endif
