/*
 * jsonw: a JSON string written into a buffer.
 */
#ifndef NP_JSONW_H
#define NP_JSONW_H

#include "common/buf.h"

/* s as a JSON string, its UTF-8 as it is ('"', '\\' and the bytes below
 * 0x20 escaped), appended to b; NULL writes null.  returns: NP_ENOMEM or
 * NP_OK */
np_status json_put_string(buf *b, const char *s);

#endif
