/* datefield: a record's date field and its URL's day (datefield.h). */
#include "text/datefield.h"

#include <string.h>

#include "text/calendar.h"
#include "text/date.h"
#include "text/textutil.h"

static int two_digits(const char *s, int *v)
{
    if (!tu_is_digit((unsigned char)s[0]) || !tu_is_digit((unsigned char)s[1]))
        return 0;
    *v = (s[0] - '0') * 10 + (s[1] - '0');
    return 1;
}

/* date_parse_timestamp of s, whose first date, date_find's, is `date` at
 * [start, end). */
static int timestamp_of(const char *s, size_t len, const char date[11], size_t start, size_t end, long long *out)
{
    if (start != 0 || end != 10)
        return 0;
    if (end >= len || (s[end] != 'T' && s[end] != ' '))
        return 0;
    const char *t = s + end + 1;
    int hh, mm, ss = 0;
    if (strlen(t) < 5 || !two_digits(t, &hh) || t[2] != ':' || !two_digits(t + 3, &mm))
        return 0;
    t += 5;
    if (t[0] == ':' && two_digits(t + 1, &ss))
        t += 3;
    while (*t == '.' || tu_is_digit((unsigned char)*t))
        t++; /* fractions of a second */
    long long offset = 0;
    if ((t[0] == '+' || t[0] == '-') && strlen(t) >= 3) {
        int oh, om = 0;
        if (!two_digits(t + 1, &oh))
            return 0;
        const char *m = t + 3;
        if (*m == ':')
            m++;
        two_digits(m, &om);
        offset = (t[0] == '+' ? 1 : -1) * (oh * 3600LL + om * 60LL);
    }
    if (hh > 23 || mm > 59 || ss > 60)
        return 0;
    int y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
    int mo = (date[5] - '0') * 10 + (date[6] - '0');
    int d = (date[8] - '0') * 10 + (date[9] - '0');
    *out = calendar_days_from_civil(y, mo, d) * 86400 + hh * 3600LL + mm * 60LL + ss - offset;
    return 1;
}

int date_parse_timestamp(const char *s, long long *out)
{
    char date[11];
    size_t start, end, len = strlen(s);
    return date_find(s, len, date, &start, &end) && timestamp_of(s, len, date, start, end, out);
}

/* The date of seconds since 1970, if its year is in 1900..2100. */
static int date_of_seconds(long long t, char out[11])
{
    long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int y, m, d;
    calendar_civil_from_days(days, &y, &m, &d);
    if (y < 1900 || y > 2100)
        return 0;
    calendar_write_day(out, y, m, d);
    return 1;
}

/* A date written as digits alone: YYYYMMDD, YYYYMMDDhhmmss, seconds (10
 * digits) or milliseconds (13) since 1970.  returns: as date_parse_field */
static int digits_date(const char *s, size_t len, char out[11], long long *ts)
{
    long long v = 0;
    for (size_t i = 0; i < len; i++)
        v = v * 10 + (s[i] - '0');
    if (len == 10 || len == 13) {
        /* written out in full: from 2001 on (zeros are a placeholder) */
        long long t = len == 13 ? v / 1000 : v;
        if (s[0] == '0')
            return 0;
        if (!date_of_seconds(t, out))
            return 0;
        *ts = t;
        return 2;
    }
    if (len != 8 && len != 14)
        return 0;
    int y, mo, d, hh = 0, mm = 0, ss = 0;
    y = (int)(len == 8 ? v / 10000 : v / 10000000000LL);
    mo = (s[4] - '0') * 10 + (s[5] - '0');
    d = (s[6] - '0') * 10 + (s[7] - '0');
    if (y < 1900 || y > 2100 || !calendar_day_exists(y, mo, d))
        return 0;
    calendar_write_day(out, y, mo, d);
    if (len == 8)
        return 1;
    two_digits(s + 8, &hh), two_digits(s + 10, &mm), two_digits(s + 12, &ss);
    if (hh > 23 || mm > 59 || ss > 60)
        return 0;
    *ts = calendar_days_from_civil(y, mo, d) * 86400 + hh * 3600LL + mm * 60LL + ss;
    return 2;
}

/* The digits at s[i..len), at most max of them, as a number; *n: how
 * many were read (a longer run is no number: *n is max + 1). */
static int url_number(const char *s, size_t len, size_t i, size_t max, size_t *n)
{
    int v = 0;
    size_t k = 0;
    while (i + k < len && tu_is_digit((unsigned char)s[i + k]) && k <= max)
        v = v * 10 + (s[i + k] - '0'), k++;
    *n = k;
    return v;
}

int date_from_url(const char *url, size_t len, char out[11])
{
    /* the path: after the scheme's "//" and the host, up to a query */
    const char *p = url, *end = url + len;
    const char *scheme = len > 3 ? memchr(url, ':', len < 12 ? len : 12) : NULL;
    if (scheme && scheme + 2 < end && scheme[1] == '/' && scheme[2] == '/') {
        p = memchr(scheme + 3, '/', (size_t)(end - scheme - 3));
        if (!p)
            return 0;
    }
    for (const char *q = p; q < end; q++)
        if (*q == '?' || *q == '#') {
            end = q;
            break;
        }
    size_t n = (size_t)(end - p);
    for (size_t i = 0; i < n; i++) {
        if (!tu_is_digit((unsigned char)p[i]) ||
            (i && (tu_is_digit((unsigned char)p[i - 1]) || tu_is_alpha((unsigned char)p[i - 1]))))
            continue;
        size_t k, km, kd;
        long long ts;
        int y = url_number(p, n, i, 8, &k);
        if (k == 8) { /* "20250304", as a record's date field writes it */
            if (digits_date(p + i, 8, out, &ts))
                return 1;
        } else if (k == 4 && i + 4 < n && strchr("/-_.", p[i + 4])) { /* "2025/03/04" */
            char sep = p[i + 4];
            int m = url_number(p, n, i + 5, 2, &km);
            if (km < 1 || km > 2 || i + 5 + km >= n || p[i + 5 + km] != sep)
                continue;
            int d = url_number(p, n, i + 6 + km, 2, &kd);
            if (kd >= 1 && kd <= 2 && y >= 1900 && y <= 2100 && calendar_day_exists(y, m, d)) {
                calendar_write_day(out, y, m, d);
                return 1;
            }
        }
    }
    return 0;
}

/* "2025-03-04T14:05:09Z", as most feeds write a record's date, read in
 * place: a possible day and time of that shape is what date_parse_field
 * reads of it, where finding and checking it took some 1,100 instructions
 * a record.  returns: 2 (out and *ts set), or 0 for any other field (an
 * impossible day or time too: date_parse_field's general reading of it
 * stands). */
static int utc_timestamp_field(const char *s, size_t len, char out[11], long long *ts)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ"; /* d: a digit */
    if (len != sizeof shape - 1)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (shape[i] == 'd' ? !tu_is_digit((unsigned char)s[i]) : s[i] != shape[i])
            return 0;
#define AT(i) ((s[i] - '0') * 10 + (s[(i) + 1] - '0'))
    int y = AT(0) * 100 + AT(2), mo = AT(5), d = AT(8), hh = AT(11), mm = AT(14), ss = AT(17);
#undef AT
    if (y < 1900 || y > 2100 || !calendar_day_exists(y, mo, d) || hh > 23 || mm > 59 || ss > 60)
        return 0;
    calendar_write_day(out, y, mo, d);
    *ts = calendar_days_from_civil(y, mo, d) * 86400 + hh * 3600LL + mm * 60LL + ss;
    return 2;
}

int date_parse_field(const char *s, size_t len, char out[11], long long *ts)
{
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    size_t digits = 0;
    while (digits < len && tu_is_digit((unsigned char)s[digits]))
        digits++;
    if (len && digits == len)
        return digits_date(s, len, out, ts);
    if (utc_timestamp_field(s, len, out, ts))
        return 2;
    size_t start, end;
    if (!date_parse_whole_span(s, len, out, &start, &end))
        return 0;
    char copy[NP_DATE_FIELD_MAX + 1];
    if (len > NP_DATE_FIELD_MAX)
        return 1;
    memcpy(copy, s, len);
    copy[len] = '\0';
    /* the date date_parse_whole_span found is the copy's first, unless a
     * NUL cut the copy short */
    if (strlen(copy) != len)
        return date_parse_timestamp(copy, ts) ? 2 : 1;
    return timestamp_of(copy, len, out, start, end, ts) ? 2 : 1;
}
