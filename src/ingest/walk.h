/*
 * walk: the reader's inputs still to open, a stack of paths; directories
 * and patterns expanded as they are met (walk.c).  Internal to the reader.
 */
#ifndef NP_WALK_H
#define NP_WALK_H

#include <sys/stat.h>

#include "ingest/reader_internal.h"

/* Pushes a copy of path[0..len) with its depth below the argument and its
 * FROM_* flags.  returns: NP_OK, NP_ENOMEM */
np_status walk_push(np_reader *r, const char *path, size_t len, unsigned depth, unsigned flags);
/* Pushes directory p's entries (hidden ones skipped) to pop in sorted
 * order; sb: its stat.  A directory too deep, a loop or one that cannot be
 * listed is the reader's failure (reader_fail). */
np_status walk_expand_dir(np_reader *r, const pending *p, const struct stat *sb);
/* Closes the directories kept open at depth and below it (all: 0). */
void walk_close_dirs(np_reader *r, unsigned depth);
/* The directory open that holds an entry of a walk at depth (>= 1), as a
 * descriptor to open its name from; -1 when there is none (open by path).
 * The walk is depth first: an entry pops while its directory is still
 * dirs[depth - 1], any directory below it finished. */
int walk_dir_fd(const np_reader *r, unsigned depth);
/* Pushes the paths pattern p matches; none is the reader's failure. */
np_status walk_expand_glob(np_reader *r, const pending *p);
/* A file the walk passes over as no article by its name: counted, and
 * the first WALK_PASSED_LISTED listed (reader_walk_passed_over). */
void walk_pass_over(np_reader *r, const char *path);
/* Whether sb is one of the run's own output files (np_reader_pass_over),
 * which a walk or a pattern passes over without a word. */
int walk_is_own_file(const np_reader *r, const struct stat *sb);

#endif
