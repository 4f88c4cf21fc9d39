/*
 * id: the rule for an article id, one for every way an article comes in
 * (the reader's inputs, serve's POST /api/articles).
 */
#ifndef NP_ID_H
#define NP_ID_H

#include <stddef.h>

typedef enum id_check { ID_OK, ID_LENGTH, ID_CONTROL } id_check;

/* ID_LENGTH when id[0..len) is empty or over NP_MAX_ID_BYTES, ID_CONTROL
 * when it holds a control character (below 0x20), else ID_OK. */
id_check id_check_of(const char *id, size_t len);

#endif
