/*
 * calendar: the proleptic Gregorian calendar for the date readers (date.c,
 * datefield.c): which days exist, a day as "YYYY-MM-DD", and days counted
 * from 1970-01-01 both ways (H. Hinnant's days_from_civil and
 * civil_from_days, "chrono-Compatible Low-Level Date Algorithms").  Header
 * only: the text's date patterns check a day in their inner loop.
 */
#ifndef NP_CALENDAR_H
#define NP_CALENDAR_H

/* 1 if day d of month m of year y is in the (Gregorian) calendar */
static inline int calendar_day_exists(int y, int m, int d)
{
    static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return 0;
    return !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

/* "YYYY-MM-DD" of a day whose year is in 0..9999 (the callers bound it),
 * in exactly 10 bytes and a NUL. */
static inline void calendar_write_day(char out[11], int y, int m, int d)
{
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

/* Days from 1970-01-01 to day d of month m of year y. */
static inline long long calendar_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The day of days since 1970-01-01, as calendar_days_from_civil's inverse. */
static inline void calendar_civil_from_days(long long z, int *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

#endif
