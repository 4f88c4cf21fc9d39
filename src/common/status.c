/* status: names of np_status codes. */
#include "newsprint.h"

const char *np_strerror(np_status status)
{
    switch (status) {
    case NP_OK: return "success";
    case NP_DONE: return "no more items";
    case NP_ENOMEM: return "out of memory";
    case NP_EIO: return "input/output error";
    case NP_EINPUT: return "malformed input";
    case NP_EPARAM: return "invalid parameter";
    case NP_EDB: return "database error";
    case NP_EINTR: return "interrupted by a signal";
    }
    return "unknown status";
}
