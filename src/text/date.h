/*
 * date: full calendar dates in text ("2024-03-03", "3 March 2024",
 * "March 3, 2024", "Mar. 3 2024", "03.03.2024").
 *
 * Only dates with a year are dates: "November 29" or "Feb. 20" alone give
 * nothing, because guessing the year would make up facts.  Years outside
 * 1900..2100 and impossible days are rejected.
 */
#ifndef NP_DATE_H
#define NP_DATE_H

#include <stddef.h>
#include <stdint.h>

/* Finds the first full date in s[0..len).  returns: 1 and writes
 * "YYYY-MM-DD" to out with [*start, *end) the matched bytes, or 0. */
int date_find(const char *s, size_t len, char out[11], size_t *start, size_t *end);
/* date_find of the dates that start at or before last_start only: the
 * first date of s when it starts there, else 0, without trying the words
 * past last_start. */
int date_find_opening(const char *s, size_t len, size_t last_start, char out[11], size_t *start, size_t *end);
/* For tests: date_find, found by trying every word rather than those
 * before the last digit only. */
int date_find_every_word(const char *s, size_t len, char out[11], size_t *start, size_t *end);

/* 1 if s is "YYYY-MM-DD" and nothing more, a day the calendar has (any
 * year; February 29 in leap years only): a date given on a command line
 * or in a query. */
int date_is_day(const char *s);

/* 1 if s is a weekday's full name in English ("Tuesday"), any case. */
int date_is_weekday(const char *s);

/* 1 if s[0..n) is a weekday's or a month's name, in English (abbreviated
 * too: "Tue", "Sept.") or German, French, Spanish, Italian, Portuguese or
 * Dutch ("Dienstag", "martedì", "terça-feira", "März"). */
int date_calendar_word(const char *s, size_t n);

/* 1 if s[0..len) is one date and nothing else but spaces/punctuation
 * around it (used to recognise date-only lines and JSONL date fields). */
int date_parse_whole(const char *s, size_t len, char out[11]);
/* date_parse_whole, with [*start, *end) the date's bytes. */
int date_parse_whole_span(const char *s, size_t len, char out[11], size_t *start, size_t *end);

/* Days named in s with their month ("November 29", "29 Nov", with or
 * without a year) as codes (month << 5 | day), at most max of them, in
 * text order; returns how many were written.  Evidence of when the event
 * happened, even where there is no full date.  "May" alone is not one. */
size_t date_day_mentions(const char *s, size_t len, uint16_t *out, size_t max);
/* For tests: the same, found by looking at every word rather than at those
 * beside digits only. */
size_t date_day_mentions_every_word(const char *s, size_t len, uint16_t *out, size_t max);

#endif
