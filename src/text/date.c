/* date: pattern matching of full dates, English month names. */
#include "text/date.h"

#include <string.h>

#include "text/calendar.h"
#include "text/textutil.h"

/* Month names by first letter: English, then German, French, Spanish,
 * Italian, Dutch and Portuguese names that differ from the English ones,
 * then Polish (the genitive a date writes: "4 marca 2025"), Swedish,
 * Danish and Turkish ones; months_other holds those that start past
 * ASCII (Russian and Ukrainian genitives: "4 марта 2025"; Turkish
 * "Şubat").  No word matches two entries, so the order within a letter
 * is free. */
typedef struct month_name {
    const char *name;   /* lowercase */
    unsigned char len;  /* bytes of name */
    unsigned char month;
    unsigned char english; /* abbreviated too: "Mar", "Sept" */
} month_name;

#define MONTH(name, month, english) { name, sizeof name - 1, month, english }
static const month_name months_a[] = {
    MONTH("april", 4, 1), MONTH("august", 8, 1), MONTH("avril", 4, 0), MONTH("ao\xc3\xbb" "t", 8, 0),
    MONTH("abril", 4, 0), MONTH("agosto", 8, 0), MONTH("aprile", 4, 0), MONTH("augustus", 8, 0),
    MONTH("augusti", 8, 0), MONTH("aral\xc4\xb1k", 12, 0), MONTH("a\xc4\x9fustos", 8, 0),
};
static const month_name months_c[] = { MONTH("czerwca", 6, 0) };
static const month_name months_d[] = {
    MONTH("december", 12, 1), MONTH("dezember", 12, 0), MONTH("d\xc3\xa9" "cembre", 12, 0),
    MONTH("diciembre", 12, 0), MONTH("dicembre", 12, 0), MONTH("dezembro", 12, 0),
};
static const month_name months_e[] = { MONTH("enero", 1, 0), MONTH("ekim", 10, 0), MONTH("eyl\xc3\xbcl", 9, 0) };
static const month_name months_f[] = {
    MONTH("february", 2, 1), MONTH("februar", 2, 0), MONTH("f\xc3\xa9" "vrier", 2, 0),
    MONTH("febrero", 2, 0), MONTH("febbraio", 2, 0), MONTH("februari", 2, 0), MONTH("fevereiro", 2, 0),
};
static const month_name months_g[] = { MONTH("gennaio", 1, 0), MONTH("giugno", 6, 0), MONTH("grudnia", 12, 0) };
static const month_name months_h[] = { MONTH("haziran", 6, 0) };
static const month_name months_j[] = {
    MONTH("january", 1, 1), MONTH("june", 6, 1), MONTH("july", 7, 1), MONTH("januar", 1, 0),
    MONTH("juni", 6, 0), MONTH("juli", 7, 0), MONTH("janvier", 1, 0), MONTH("juin", 6, 0),
    MONTH("juillet", 7, 0), MONTH("junio", 6, 0), MONTH("julio", 7, 0), MONTH("januari", 1, 0),
    MONTH("janeiro", 1, 0), MONTH("junho", 6, 0), MONTH("julho", 7, 0),
};
static const month_name months_k[] = { MONTH("kwietnia", 4, 0), MONTH("kas\xc4\xb1m", 11, 0) };
static const month_name months_l[] = {
    MONTH("luglio", 7, 0), MONTH("lutego", 2, 0), MONTH("lipca", 7, 0), MONTH("listopada", 11, 0),
};
static const month_name months_m[] = {
    MONTH("march", 3, 1), MONTH("may", 5, 1), MONTH("m\xc3\xa4" "rz", 3, 0), MONTH("mai", 5, 0),
    MONTH("mars", 3, 0), MONTH("marzo", 3, 0), MONTH("mayo", 5, 0), MONTH("maggio", 5, 0),
    MONTH("maart", 3, 0), MONTH("mei", 5, 0), MONTH("mar\xc3\xa7" "o", 3, 0), MONTH("maio", 5, 0),
    MONTH("marca", 3, 0), MONTH("maja", 5, 0), MONTH("maj", 5, 0), MONTH("marts", 3, 0),
    MONTH("mart", 3, 0), MONTH("may\xc4\xb1s", 5, 0),
};
static const month_name months_n[] = {
    MONTH("november", 11, 1), MONTH("novembre", 11, 0), MONTH("noviembre", 11, 0), MONTH("nisan", 4, 0),
};
static const month_name months_o[] = {
    MONTH("october", 10, 1), MONTH("oktober", 10, 0), MONTH("octobre", 10, 0), MONTH("octubre", 10, 0),
    MONTH("ottobre", 10, 0), MONTH("outubro", 10, 0), MONTH("ocak", 1, 0),
};
static const month_name months_p[] = { MONTH("pa\xc5\xba" "dziernika", 10, 0) };
static const month_name months_s[] = {
    MONTH("september", 9, 1), MONTH("septembre", 9, 0), MONTH("septiembre", 9, 0),
    MONTH("settembre", 9, 0), MONTH("setembro", 9, 0), MONTH("sierpnia", 8, 0), MONTH("stycznia", 1, 0),
};
static const month_name months_t[] = { MONTH("temmuz", 7, 0) };
static const month_name months_w[] = { MONTH("wrze\xc5\x9b" "nia", 9, 0) };
/* Russian genitives, then Ukrainian; Turkish February */
static const month_name months_other[] = {
    MONTH("\xd1\x8f\xd0\xbd\xd0\xb2\xd0\xb0\xd1\x80\xd1\x8f", 1, 0),
    MONTH("\xd1\x84\xd0\xb5\xd0\xb2\xd1\x80\xd0\xb0\xd0\xbb\xd1\x8f", 2, 0),
    MONTH("\xd0\xbc\xd0\xb0\xd1\x80\xd1\x82\xd0\xb0", 3, 0),
    MONTH("\xd0\xb0\xd0\xbf\xd1\x80\xd0\xb5\xd0\xbb\xd1\x8f", 4, 0),
    MONTH("\xd0\xbc\xd0\xb0\xd1\x8f", 5, 0),
    MONTH("\xd0\xb8\xd1\x8e\xd0\xbd\xd1\x8f", 6, 0),
    MONTH("\xd0\xb8\xd1\x8e\xd0\xbb\xd1\x8f", 7, 0),
    MONTH("\xd0\xb0\xd0\xb2\xd0\xb3\xd1\x83\xd1\x81\xd1\x82\xd0\xb0", 8, 0),
    MONTH("\xd1\x81\xd0\xb5\xd0\xbd\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f", 9, 0),
    MONTH("\xd0\xbe\xd0\xba\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f", 10, 0),
    MONTH("\xd0\xbd\xd0\xbe\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f", 11, 0),
    MONTH("\xd0\xb4\xd0\xb5\xd0\xba\xd0\xb0\xd0\xb1\xd1\x80\xd1\x8f", 12, 0),
    MONTH("\xd1\x81\xd1\x96\xd1\x87\xd0\xbd\xd1\x8f", 1, 0),
    MONTH("\xd0\xbb\xd1\x8e\xd1\x82\xd0\xbe\xd0\xb3\xd0\xbe", 2, 0),
    MONTH("\xd0\xb1\xd0\xb5\xd1\x80\xd0\xb5\xd0\xb7\xd0\xbd\xd1\x8f", 3, 0),
    MONTH("\xd0\xba\xd0\xb2\xd1\x96\xd1\x82\xd0\xbd\xd1\x8f", 4, 0),
    MONTH("\xd1\x82\xd1\x80\xd0\xb0\xd0\xb2\xd0\xbd\xd1\x8f", 5, 0),
    MONTH("\xd1\x87\xd0\xb5\xd1\x80\xd0\xb2\xd0\xbd\xd1\x8f", 6, 0),
    MONTH("\xd0\xbb\xd0\xb8\xd0\xbf\xd0\xbd\xd1\x8f", 7, 0),
    MONTH("\xd1\x81\xd0\xb5\xd1\x80\xd0\xbf\xd0\xbd\xd1\x8f", 8, 0),
    MONTH("\xd0\xb2\xd0\xb5\xd1\x80\xd0\xb5\xd1\x81\xd0\xbd\xd1\x8f", 9, 0),
    MONTH("\xd0\xb6\xd0\xbe\xd0\xb2\xd1\x82\xd0\xbd\xd1\x8f", 10, 0),
    MONTH("\xd0\xbb\xd0\xb8\xd1\x81\xd1\x82\xd0\xbe\xd0\xbf\xd0\xb0\xd0\xb4\xd0\xb0", 11, 0),
    MONTH("\xd0\xb3\xd1\x80\xd1\x83\xd0\xb4\xd0\xbd\xd1\x8f", 12, 0),
    MONTH("\xc5\x9f" "ubat", 2, 0), MONTH("\xc5\x9e" "ubat", 2, 0),
};
/* Thai months, in full and abbreviated ("4 มีนาคม 2568", "4 มี.ค. 68"
 * is not read: a two-digit year), by month; a Thai date's year is
 * often of the Buddhist era, 543 years ahead (thai_year). */
static const struct {
    const char *full, *abbreviated;
} thai_months[12] = {
    { "\xe0\xb8\xa1\xe0\xb8\x81\xe0\xb8\xa3\xe0\xb8\xb2\xe0\xb8\x84\xe0\xb8\xa1",
      "\xe0\xb8\xa1.\xe0\xb8\x84." }, /* 1 */
    { "\xe0\xb8\x81\xe0\xb8\xb8\xe0\xb8\xa1\xe0\xb8\xa0\xe0\xb8\xb2\xe0\xb8\x9e"
      "\xe0\xb8\xb1\xe0\xb8\x99\xe0\xb8\x98\xe0\xb9\x8c",
      "\xe0\xb8\x81.\xe0\xb8\x9e." }, /* 2 */
    { "\xe0\xb8\xa1\xe0\xb8\xb5\xe0\xb8\x99\xe0\xb8\xb2\xe0\xb8\x84\xe0\xb8\xa1",
      "\xe0\xb8\xa1\xe0\xb8\xb5.\xe0\xb8\x84." }, /* 3 */
    { "\xe0\xb9\x80\xe0\xb8\xa1\xe0\xb8\xa9\xe0\xb8\xb2\xe0\xb8\xa2\xe0\xb8\x99",
      "\xe0\xb9\x80\xe0\xb8\xa1.\xe0\xb8\xa2." }, /* 4 */
    { "\xe0\xb8\x9e\xe0\xb8\xa4\xe0\xb8\xa9\xe0\xb8\xa0\xe0\xb8\xb2\xe0\xb8\x84\xe0\xb8\xa1",
      "\xe0\xb8\x9e.\xe0\xb8\x84." }, /* 5 */
    { "\xe0\xb8\xa1\xe0\xb8\xb4\xe0\xb8\x96\xe0\xb8\xb8\xe0\xb8\x99\xe0\xb8\xb2\xe0\xb8\xa2\xe0\xb8\x99",
      "\xe0\xb8\xa1\xe0\xb8\xb4.\xe0\xb8\xa2." }, /* 6 */
    { "\xe0\xb8\x81\xe0\xb8\xa3\xe0\xb8\x81\xe0\xb8\x8e\xe0\xb8\xb2\xe0\xb8\x84\xe0\xb8\xa1",
      "\xe0\xb8\x81.\xe0\xb8\x84." }, /* 7 */
    { "\xe0\xb8\xaa\xe0\xb8\xb4\xe0\xb8\x87\xe0\xb8\xab\xe0\xb8\xb2\xe0\xb8\x84\xe0\xb8\xa1",
      "\xe0\xb8\xaa.\xe0\xb8\x84." }, /* 8 */
    { "\xe0\xb8\x81\xe0\xb8\xb1\xe0\xb8\x99\xe0\xb8\xa2\xe0\xb8\xb2\xe0\xb8\xa2\xe0\xb8\x99",
      "\xe0\xb8\x81.\xe0\xb8\xa2." }, /* 9 */
    { "\xe0\xb8\x95\xe0\xb8\xb8\xe0\xb8\xa5\xe0\xb8\xb2\xe0\xb8\x84\xe0\xb8\xa1",
      "\xe0\xb8\x95.\xe0\xb8\x84." }, /* 10 */
    { "\xe0\xb8\x9e\xe0\xb8\xa4\xe0\xb8\xa8\xe0\xb8\x88\xe0\xb8\xb4\xe0\xb8\x81\xe0\xb8\xb2\xe0\xb8\xa2\xe0\xb8\x99",
      "\xe0\xb8\x9e.\xe0\xb8\xa2." }, /* 11 */
    { "\xe0\xb8\x98\xe0\xb8\xb1\xe0\xb8\x99\xe0\xb8\xa7\xe0\xb8\xb2\xe0\xb8\x84\xe0\xb8\xa1",
      "\xe0\xb8\x98.\xe0\xb8\x84." }, /* 12 */
};
#undef MONTH

/* The month names starting with the lowercase ASCII letter c; *count of them. */
static const month_name *months_from(int c, size_t *count)
{
#define LETTER(c, list)                                                                        \
    case c:                                                                                    \
        *count = sizeof list / sizeof *list;                                                   \
        return list
    switch (c) {
        LETTER('a', months_a); LETTER('c', months_c); LETTER('d', months_d); LETTER('e', months_e);
        LETTER('f', months_f); LETTER('g', months_g); LETTER('h', months_h); LETTER('j', months_j);
        LETTER('k', months_k); LETTER('l', months_l); LETTER('m', months_m); LETTER('n', months_n);
        LETTER('o', months_o); LETTER('p', months_p); LETTER('s', months_s); LETTER('t', months_t);
        LETTER('w', months_w);
    default:
        *count = 0;
        return NULL;
    }
#undef LETTER
}

/* Whether s[0..len) opens with a Thai letter (U+0E00..U+0E7F). */
static int thai_at(const char *s, size_t len)
{
    return len >= 3 && (unsigned char)s[0] == 0xE0 && ((unsigned char)s[1] == 0xB8 || (unsigned char)s[1] == 0xB9);
}

/* Reads a Thai month name or abbreviation at s, which a Thai letter must
 * not continue.  returns: bytes used, 0 if none; *month is 1..12. */
static size_t read_thai_month(const char *s, size_t len, int *month)
{
    for (int k = 0; k < 12; k++) {
        const char *names[2] = { thai_months[k].full, thai_months[k].abbreviated };
        for (int v = 0; v < 2; v++) {
            size_t n = strlen(names[v]);
            if (n <= len && memcmp(s, names[v], n) == 0 && !thai_at(s + n, len - n)) {
                *month = k + 1;
                return n;
            }
        }
    }
    return 0;
}

/* A year written after a Thai month: of the Buddhist era when past 2442
 * (the era's 1900), 543 years ahead of the common era's. */
static int thai_year(int year)
{
    return year > 2442 ? year - 543 : year;
}

/* Reads a month name or abbreviation ("Sept.", "Mar") at s.  returns:
 * bytes used (including a trailing '.'), 0 if none; *month is 1..12. */
static size_t read_month(const char *s, size_t len, int *month)
{
    if (thai_at(s, len))
        return read_thai_month(s, len, month);
    size_t n = 0;
    /* letters, including the bytes of accented ones ("M\xc3\xa4rz") */
    while (n < len && (tu_is_alpha((unsigned char)s[n]) || (unsigned char)s[n] >= 0x80))
        n++;
    if (n < 3 || n > 24)
        return 0;
    size_t count;
    const month_name *names = months_from(tu_lower((unsigned char)s[0]), &count);
    if ((unsigned char)s[0] >= 0x80) {
        names = months_other;
        count = sizeof months_other / sizeof *months_other;
    }
    for (size_t k = 0; k < count; k++) {
        const month_name *m = &names[k];
        int ok = n == m->len && tu_starts_ci(s, n, m->name);
        /* English abbreviations: "Mar", "Sept" */
        if (!ok && m->english && n == 3 && tu_starts_ci(s, 3, (char[4]){ m->name[0], m->name[1], m->name[2], 0 }))
            ok = 1;
        if (!ok && m->english && m->month == 9 && n == 4 && tu_starts_ci(s, 4, "sept"))
            ok = 1;
        if (ok) {
            *month = m->month;
            if (n < len && s[n] == '.')
                n++;
            return n;
        }
    }
    return 0;
}

/* Reads 1..max digits; returns bytes used, 0 if none or too many. */
static size_t read_number(const char *s, size_t len, size_t max, int *value)
{
    size_t n = 0;
    int v = 0;
    *value = 0;
    while (n < len && tu_is_digit((unsigned char)s[n])) {
        if (n == max)
            return 0;
        v = v * 10 + (s[n] - '0');
        n++;
    }
    *value = v;
    return n;
}

static int valid_date(int y, int m, int d)
{
    return y >= 1900 && y <= 2100 && calendar_day_exists(y, m, d);
}

int date_is_day(const char *s)
{
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !tu_is_digit((unsigned char)s[i]))
            return 0;
    if (s[10])
        return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return calendar_day_exists(y, m, d);
}

static int word_byte(unsigned char c)
{
    return tu_is_alpha(c) || c >= 0x80; /* letters, and the bytes of accented ones */
}

static size_t skip_spaces(const char *s, size_t len, size_t i)
{
    while (i < len && s[i] == ' ')
        i++;
    return i;
}

/* Skips "st", "nd", "rd", "th" after a day number, and French "er"
 * ("1er mars"). */
static size_t skip_ordinal(const char *s, size_t len, size_t i)
{
    if (i + 2 <= len && (tu_starts_ci(s + i, len - i, "st") || tu_starts_ci(s + i, len - i, "nd") ||
                         tu_starts_ci(s + i, len - i, "rd") || tu_starts_ci(s + i, len - i, "th") ||
                         tu_starts_ci(s + i, len - i, "er")) &&
        (i + 2 == len || !tu_is_alpha((unsigned char)s[i + 2])))
        return i + 2;
    return i;
}

/* Skips "de " (Spanish and Portuguese: "4 de marzo de 2025") at s[i]. */
static size_t skip_de(const char *s, size_t len, size_t i)
{
    if (i + 3 < len && tu_starts_ci(s + i, len - i, "de "))
        return skip_spaces(s, len, i + 3);
    return i;
}

/* The bytes of the CJK mark at s[i] ("年" or Korean "년" for the year,
 * then "月"/"월", "日"/"일"), and the spaces after it; 0 if it is not
 * there.  unit: 0 year, 1 month, 2 day. */
static size_t cjk_mark(const char *s, size_t len, size_t i, int unit)
{
    static const char *const marks[3][2] = {
        { "\xe5\xb9\xb4", "\xeb\x85\x84" }, { "\xe6\x9c\x88", "\xec\x9b\x94" }, { "\xe6\x97\xa5", "\xec\x9d\xbc" },
    };
    for (int k = 0; k < 2; k++)
        if (i + 3 <= len && memcmp(s + i, marks[unit][k], 3) == 0)
            return skip_spaces(s, len, i + 3) - i;
    return 0;
}

/* "2025年3月4日", "2025년 3월 4일" at s[i], its year of n digits read as y;
 * returns the end offset or 0. */
static size_t cjk_date_at(const char *s, size_t len, size_t i, size_t n, int y, int *m, int *d)
{
    size_t j = i + n, k, mn, dn;
    if (!(k = cjk_mark(s, len, j, 0)))
        return 0;
    j = skip_spaces(s, len, j + k);
    if (!(mn = read_number(s + j, len - j, 2, m)) || !(k = cjk_mark(s, len, j + mn, 1)))
        return 0;
    j += mn + k;
    if (!(dn = read_number(s + j, len - j, 2, d)) || !cjk_mark(s, len, j + dn, 2) || !valid_date(y, *m, *d))
        return 0;
    return j + dn + 3;
}

/* D Month YYYY, "4. M\xc3\xa4rz 2025", "3rd of March 2024", "4 de marzo
 * de 2025", with the day's number read (day, ending at s[j]). */
static size_t day_month_at(const char *s, size_t len, size_t j, int day, int *y, int *m, int *d)
{
    int b, c;
    if (j < len && s[j] == '.')
        j++;
    j = skip_spaces(s, len, skip_ordinal(s, len, j));
    if (j + 2 < len && tu_starts_ci(s + j, len - j, "of "))
        j = skip_spaces(s, len, j + 3);
    size_t de = skip_de(s, len, j);
    int with_de = de != j; /* then "de" before the year too */
    size_t mn = read_month(s + de, len - de, &b);
    if (!mn)
        return 0;
    int thai = thai_at(s + de, len - de);
    j = de + mn;
    if (j < len && s[j] == ',')
        j++;
    j = skip_spaces(s, len, j);
    if (with_de)
        j = skip_de(s, len, j);
    /* "พ.ศ." (Buddhist era) or "ค.ศ." (common era) before a Thai year */
    if (thai && (tu_starts_ci(s + j, len - j, "\xe0\xb8\x9e.\xe0\xb8\xa8.") ||
                 tu_starts_ci(s + j, len - j, "\xe0\xb8\x84.\xe0\xb8\xa8.")))
        j = skip_spaces(s, len, j + 8);
    size_t n3 = read_number(s + j, len - j, 4, &c);
    if (thai && n3 == 4)
        c = thai_year(c);
    if (n3 == 4 && valid_date(c, b, day)) {
        *y = c, *m = b, *d = day;
        return j + n3;
    }
    return 0;
}

/* Month D, YYYY */
static size_t month_day_at(const char *s, size_t len, size_t i, int *y, int *m, int *d)
{
    size_t n, j;
    int a, b, c;
    size_t mn = read_month(s + i, len - i, &b);
    if (!mn)
        return 0;
    j = skip_spaces(s, len, i + mn);
    n = read_number(s + j, len - j, 2, &a);
    if (!n)
        return 0;
    j = skip_spaces(s, len, skip_ordinal(s, len, j + n));
    if (j < len && s[j] == ',')
        j++;
    j = skip_spaces(s, len, j);
    size_t n3 = read_number(s + j, len - j, 4, &c);
    if (n3 == 4 && valid_date(c, b, a)) {
        *y = c, *m = b, *d = a;
        return j + n3;
    }
    return 0;
}

/* Tries every pattern at s[i]; returns the end offset or 0. */
static size_t date_at(const char *s, size_t len, size_t i, int *y, int *m, int *d)
{
    size_t n, j;
    int a, b, c;
    if (tu_is_digit((unsigned char)s[i])) {
        n = read_number(s + i, len - i, 4, &a);
        j = i + n;
        /* YYYY-MM-DD, YYYY/MM/DD */
        if (n == 4 && j < len && (s[j] == '-' || s[j] == '/')) {
            char sep = s[j];
            size_t k = j + 1, n2 = read_number(s + k, len - k, 2, &b);
            if (n2 && k + n2 < len && s[k + n2] == sep) {
                size_t k2 = k + n2 + 1, n3 = read_number(s + k2, len - k2, 2, &c);
                if (n3 && (k2 + n3 == len || !tu_is_digit((unsigned char)s[k2 + n3])) &&
                    valid_date(a, b, c)) {
                    *y = a, *m = b, *d = c;
                    return k2 + n3;
                }
            }
            return 0;
        }
        /* YYYY年M月D日 */
        if (n == 4 && j + 3 <= len && (unsigned char)s[j] >= 0xE0) {
            size_t e = cjk_date_at(s, len, i, n, a, &b, &c);
            if (e)
                *y = a, *m = b, *d = c;
            return e;
        }
        /* DD.MM.YYYY */
        if (n <= 2 && j < len && s[j] == '.') {
            size_t k = j + 1, n2 = read_number(s + k, len - k, 2, &b);
            if (n2 && k + n2 < len && s[k + n2] == '.') {
                size_t k2 = k + n2 + 1, n3 = read_number(s + k2, len - k2, 4, &c);
                if (n3 == 4 && valid_date(c, b, a)) {
                    *y = c, *m = b, *d = a;
                    return k2 + n3;
                }
            }
        }
        /* DD/MM/YYYY or MM/DD/YYYY, only when the order is unambiguous */
        if (n <= 2 && j < len && s[j] == '/') {
            size_t k = j + 1, n2 = read_number(s + k, len - k, 2, &b);
            if (n2 && k + n2 < len && s[k + n2] == '/') {
                size_t k2 = k + n2 + 1, n3 = read_number(s + k2, len - k2, 4, &c);
                if (n3 == 4 && a > 12 && valid_date(c, b, a)) {
                    *y = c, *m = b, *d = a;
                    return k2 + n3;
                }
                if (n3 == 4 && b > 12 && valid_date(c, a, b)) {
                    *y = c, *m = a, *d = b;
                    return k2 + n3;
                }
            }
            return 0;
        }
        if (n <= 2)
            return day_month_at(s, len, j, a, y, m, d);
        return 0;
    }
    return month_day_at(s, len, i, y, m, d);
}

/* date_find; `every_word` (for tests) tries every word start, not only
 * those before the last digit. */
static int find_date(const char *s, size_t len, size_t last_start, char out[11], size_t *start, size_t *end,
                     int every_word)
{
    /* every date has digits (its year at least) at or after its start:
     * no word after the last digit starts one, and a text of none has none */
    size_t before = len;
    if (!every_word) {
        if (tu_find_digit(s, 0, len) == len)
            return 0;
        while (!tu_is_digit((unsigned char)s[before - 1]))
            before--;
    }
    for (size_t i = 0; i < before && i <= last_start; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!tu_is_digit(c) && !tu_is_alpha(c))
            continue;
        if (i > 0 && (tu_is_digit((unsigned char)s[i - 1]) || tu_is_alpha((unsigned char)s[i - 1])))
            continue; /* only at the start of a word */
        int y, m, d;
        size_t e = date_at(s, len, i, &y, &m, &d);
        if (e && (e == len || !tu_is_digit((unsigned char)s[e]))) {
            calendar_write_day(out, y, m, d);
            *start = i;
            *end = e;
            return 1;
        }
    }
    return 0;
}

int date_find(const char *s, size_t len, char out[11], size_t *start, size_t *end)
{
    return find_date(s, len, len, out, start, end, 0);
}

int date_find_opening(const char *s, size_t len, size_t last_start, char out[11], size_t *start, size_t *end)
{
    return find_date(s, len, last_start, out, start, end, 0);
}

int date_find_every_word(const char *s, size_t len, char out[11], size_t *start, size_t *end)
{
    return find_date(s, len, len, out, start, end, 1);
}

/* 0 when s[k..len) starts, after what is not a digit, with a time of day
 * that cannot be ("25:00", "T23:61", "10:30:61"), else 1. */
static int time_possible(const char *s, size_t len, size_t k)
{
    while (k < len && !tu_is_digit((unsigned char)s[k]))
        k++;
    int hour, minute, second = 0;
    size_t n = read_number(s + k, len - k, 2, &hour);
    if (!n || k + n >= len || s[k + n] != ':')
        return 1;
    k += n + 1;
    if (read_number(s + k, len - k, 2, &minute) != 2)
        return 1;
    k += 2;
    if (k < len && s[k] == ':' && read_number(s + k + 1, len - k - 1, 2, &second) != 2)
        second = 0;
    return (hour < 24 && minute < 60 && second <= 60) || (hour == 24 && minute == 0 && second == 0);
}

static const char *const weekdays[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
};

/* Weekdays in German, French, Spanish, Italian, Portuguese and Dutch,
 * lowercase (a capital is matched through its ASCII first letter). */
static const char *const weekdays_other[] = {
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "lunes", "martes", "mi\xc3\xa9rcoles", "jueves", "viernes", "s\xc3\xa1" "bado", "domingo",
    "luned\xc3\xac", "marted\xc3\xac", "mercoled\xc3\xac", "gioved\xc3\xac", "venerd\xc3\xac",
    "sabato", "domenica", "segunda-feira", "ter\xc3\xa7" "a-feira", "quarta-feira",
    "quinta-feira", "sexta-feira", "segunda", "ter\xc3\xa7" "a", "quarta", "quinta", "sexta",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
};

int date_is_weekday(const char *s)
{
    size_t len = strlen(s);
    for (size_t k = 0; k < 7; k++) /* the full names, the table's first seven */
        if (len == strlen(weekdays[k]) && tu_starts_ci(s, len, weekdays[k]))
            return 1;
    return 0;
}

/* 1 if s[0..n) names a weekday: English (abbreviated too) or one of
 * weekdays_other. */
static int weekday_named(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof weekdays / sizeof *weekdays; k++)
        if (n == strlen(weekdays[k]) && tu_starts_ci(s, n, weekdays[k]))
            return 1;
    for (size_t k = 0; k < sizeof weekdays_other / sizeof *weekdays_other; k++)
        if (n == strlen(weekdays_other[k]) && tu_starts_ci(s, n, weekdays_other[k]))
            return 1;
    return 0;
}

int date_calendar_word(const char *s, size_t n)
{
    int month;
    return weekday_named(s, n) || (n && read_month(s, n, &month) == n);
}

int date_parse_whole_span(const char *s, size_t len, char out[11], size_t *date_start, size_t *date_end)
{
    size_t start, end;
    if (!date_find(s, len, out, &start, &end))
        return 0;
    *date_start = start;
    *date_end = end;
    /* before the date: at most a weekday name */
    size_t i = 0;
    while (i < start && !tu_is_alpha((unsigned char)s[i]) && !tu_is_digit((unsigned char)s[i]))
        i++;
    if (i < start) {
        /* "Tuesday", "martedì", "terça-feira": ASCII letters, hyphens and
         * the Latin-1 letters (0xC3 and a byte) */
        size_t w = i;
        while (w < start && (tu_is_alpha((unsigned char)s[w]) || s[w] == '-' ||
                             ((unsigned char)s[w] == 0xC3 && w + 1 < start)))
            w += (unsigned char)s[w] == 0xC3 ? 2 : 1;
        if (!weekday_named(s + i, w - i))
            return 0;
        for (; w < start; w++)
            if (tu_is_alpha((unsigned char)s[w]) || tu_is_digit((unsigned char)s[w]))
                return 0;
    }
    /* after it: a time of day at most ("T14:05:09Z", "14:05 GMT", "| 3:45 pm"),
     * one a clock can show */
    if (!time_possible(s, len, end))
        return 0;
    static const char *const time_words[] = {
        "t", "z", "at", "am", "pm", "a", "p", "m", "utc", "gmt", "bst", "cet", "cest", "est",
        "edt", "cst", "cdt", "pst", "pdt", "mst", "mdt", "ist", "jst", "aest", "aedt", "et",
        "pt", "ct", "hrs", "h", "updated", "published",
    };
    for (size_t k = end; k < len; k++) {
        unsigned char c = (unsigned char)s[k];
        if (tu_is_alpha(c)) {
            size_t w = k;
            while (w < len && tu_is_alpha((unsigned char)s[w]))
                w++;
            int ok = 0;
            for (size_t t = 0; t < sizeof time_words / sizeof *time_words && !ok; t++)
                ok = strlen(time_words[t]) == w - k && tu_starts_ci(s + k, w - k, time_words[t]);
            if (!ok)
                return 0; /* a word, not a zone or am/pm */
            k = w - 1;
        } else if (c >= 0x80) {
            return 0;
        }
    }
    return 1;
}

int date_parse_whole(const char *s, size_t len, char out[11])
{
    size_t start, end;
    return date_parse_whole_span(s, len, out, &start, &end);
}

/* The month named by the word at s[i] with the day beside it ("November
 * 29", "29 November").  returns: the bytes of the month name, 0 if it is
 * none; *code is the mention, 0 when no day is beside it. */
static size_t mention_at(const char *s, size_t len, size_t i, uint16_t *code)
{
    *code = 0;
    int month;
    size_t mn = read_month(s + i, len - i, &month);
    if (!mn)
        return 0;
    int day = 0;
    /* "November 29" */
    size_t j = skip_spaces(s, len, i + mn);
    size_t dn = j < len ? read_number(s + j, len - j, 2, &day) : 0;
    if (!(dn && day >= 1 && day <= 31 && (j + dn == len || !tu_is_digit((unsigned char)s[j + dn]))))
        day = 0;
    /* "29 November" */
    if (!day && i >= 2) {
        size_t k = i - 1;
        while (k > 0 && (s[k] == ' ' || s[k] == '.'))
            k--;
        size_t end = k + 1, start = end;
        while (start > 0 && tu_is_digit((unsigned char)s[start - 1]) && end - start < 3)
            start--;
        if (end - start >= 1 && end - start <= 2 && (start == 0 || !tu_is_alpha((unsigned char)s[start - 1])))
            read_number(s + start, end - start, 2, &day);
        if (day < 1 || day > 31)
            day = 0;
    }
    /* "May" is also a verb: only with a day */
    if (day)
        *code = (uint16_t)(month << 5 | day);
    return mn;
}

/* A month counts only beside a day, so the words looked at are those
 * beside a run of digits: the word (with an optional '.') and spaces before
 * it, and the word after spaces and dots after it; a word starts at an
 * ASCII letter after a byte that is none.  Most of a text is far from any
 * digit and never looked at. */
size_t date_day_mentions(const char *s, size_t len, uint16_t *out, size_t max)
{
    size_t found = 0, done = 0; /* words starting before `done` are seen */
    for (size_t d = 0; d < len && found < max; d++) {
        if ((d = tu_find_digit(s, d, len)) == len)
            break;
        size_t e = d;
        while (e < len && tu_is_digit((unsigned char)s[e]))
            e++;
        /* before the digits: "November 29", "Sept. 5" */
        size_t end = d;
        while (end > 0 && s[end - 1] == ' ')
            end--;
        if (end > 0 && s[end - 1] == '.')
            end--;
        size_t start = end;
        while (start > 0 && word_byte((unsigned char)s[start - 1]))
            start--;
        /* after them: "29 November", "4. M\xc3\xa4rz" */
        size_t next = e;
        while (next < len && (s[next] == ' ' || s[next] == '.'))
            next++;
        for (size_t i = start; i <= next && found < max; i++) {
            if (i == end)
                i = next; /* the words of the run before, then the one after */
            if (i < done || i >= len || !tu_is_alpha((unsigned char)s[i]) ||
                (i > 0 && tu_is_alpha((unsigned char)s[i - 1])) || (i == next && i < 2))
                continue;
            uint16_t code;
            size_t mn = mention_at(s, len, i, &code);
            done = i + (mn ? mn : 1);
            if (code)
                out[found++] = code;
        }
        d = e - 1;
    }
    return found;
}

size_t date_day_mentions_every_word(const char *s, size_t len, uint16_t *out, size_t max)
{
    size_t found = 0;
    for (size_t i = 0; i < len && found < max; i++) {
        if (!tu_is_alpha((unsigned char)s[i]) || (i > 0 && tu_is_alpha((unsigned char)s[i - 1])))
            continue;
        size_t w = i;
        while (w < len && word_byte((unsigned char)s[w]))
            w++;
        if (w < len && s[w] == '.')
            w++;
        size_t after = skip_spaces(s, len, w), before = i - (i > 0);
        while (before > 0 && (s[before] == ' ' || s[before] == '.'))
            before--;
        if (!(after < len && tu_is_digit((unsigned char)s[after])) &&
            !(i >= 2 && tu_is_digit((unsigned char)s[before])))
            continue;
        uint16_t code;
        size_t mn = mention_at(s, len, i, &code);
        if (code)
            out[found++] = code;
        if (mn)
            i += mn - 1;
    }
    return found;
}
