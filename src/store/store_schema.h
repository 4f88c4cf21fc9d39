/*
 * store_schema: the database's tables and their migrations, and the meta
 * table of its settings (store_schema.c).  Internal to the store.
 */
#ifndef NP_STORE_SCHEMA_H
#define NP_STORE_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "cluster/params.h"
#include "store/store.h"

/* Brings the schema to STORE_SCHEMA_VERSION, one migration per
 * transaction, or refuses a database of a newer version or not newsprint's
 * (store_fail's message); a new database is made so unless mode is
 * STORE_READ. */
np_status store_migrate(store *s, store_mode mode);

/* Stores the parameters of a new database (wanted, or the defaults when
 * NULL) or checks them against the stored ones, into s->params. */
np_status store_check_params(store *s, store_mode mode, const np_params *wanted);

/* A value of the meta table: into value (size bytes; empty when absent),
 * set; one read as an integer, set as one. */
np_status store_meta_get(store *s, const char *key, char *value, size_t size);
np_status store_meta_set(store *s, const char *key, const char *value);
np_status store_meta_get_int(store *s, const char *key, int64_t *out);
np_status store_meta_set_int(store *s, const char *key, int64_t v);

#endif
