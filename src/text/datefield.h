/*
 * datefield: the dates a record gives apart from its text: its own date
 * field (text as date.h reads it, an ISO 8601 date-time, or digits alone)
 * and the day its URL's path files it under.  Days and seconds are
 * counted by calendar.h; a date written in words is found by date.h.
 */
#ifndef NP_DATEFIELD_H
#define NP_DATEFIELD_H

#include <stddef.h>

/* Seconds since 1970 UTC of an ISO 8601 date-time ("2004-03-12T14:05:09Z",
 * "2004-03-12 14:05:09+01:00"); returns 0 when s has no time of day. */
int date_parse_timestamp(const char *s, long long *out);

/* A record's own date field: what date_parse_whole reads, or digits
 * alone -- YYYYMMDD, YYYYMMDDhhmmss (GDELT writes dates so), seconds (10
 * digits) or milliseconds (13) since 1970.  returns: 0 for none; 1 with
 * the day in out; 2 with the day and *ts, its seconds since 1970 UTC, for
 * a field with a time of day. */
enum { NP_DATE_FIELD_MAX = 128 };
int date_parse_field(const char *s, size_t len, char out[11], long long *ts);

/* The day a URL's path files its article under, as many sites do:
 * "/2025/03/04/port-strike", "/news/2025-03-04-docks", "/20250304-docks.html"
 * (year, month and day set apart by one of "/-_." or eight digits
 * together; a run of more digits is an id, not a date).  The host, the
 * query and the fragment are not read.  returns: 1 with the day in out,
 * or 0. */
int date_from_url(const char *url, size_t len, char out[11]);

#endif
