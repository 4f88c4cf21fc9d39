/*
 * jsondate: the text of a non-string JSON date (jsondate.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/jsondate.h"

const char *jsondate_text(const json_t *value, char out[JSONDATE_MAX])
{
    if (!value || json_is_string(value) || json_is_null(value))
        return NULL;
    if (json_is_integer(value)) {
        snprintf(out, JSONDATE_MAX, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
        return out;
    }
    if (json_is_real(value)) {
        /* below 1e15: seconds or milliseconds until the year 33658 */
        double x = json_real_value(value);
        if (x >= 0 && x < 1e15)
            snprintf(out, JSONDATE_MAX, "%lld", (long long)x);
        else
            snprintf(out, JSONDATE_MAX, "%.17g", x);
        return out;
    }
    /* MongoDB's export (Extended JSON): {"$date": "2025-03-04T10:00:00Z"} or
     * {"$date": 1741082400000} */
    const json_t *inner = json_object_size(value) == 1 ? json_object_get(value, "$date") : NULL;
    if (json_is_number(inner))
        return jsondate_text(inner, out);
    if (json_is_string(inner) && json_string_length(inner) < JSONDATE_MAX &&
        !memchr(json_string_value(inner), '\0', json_string_length(inner))) {
        memcpy(out, json_string_value(inner), json_string_length(inner) + 1);
        return out;
    }
    char *json = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
    if (!json) {
        snprintf(out, JSONDATE_MAX, "%s", json_is_object(value) ? "{...}" : json_is_array(value) ? "[...]" : "?");
        return out;
    }
    size_t len = strlen(json);
    if (len < JSONDATE_MAX) {
        memcpy(out, json, len + 1);
    } else {
        memcpy(out, json, JSONDATE_MAX - 4);
        memcpy(out + JSONDATE_MAX - 4, "...", 4);
    }
    free(json);
    return out;
}
