/*
 * date: calendar dates and times as Vietnamese users read them.
 *
 * Machines exchange ISO 8601 ("2024-03-15", "2024-03-15T08:30:00+07:00");
 * people read dd/mm/yyyy. A date is held as days since 1970-01-01 in the
 * proleptic Gregorian calendar, which makes comparisons and "one calendar
 * year later" arithmetic plain integer work.
 */
#ifndef SK_DATE_H
#define SK_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Days since 1970-01-01 of y-m-d (no range check). */
int32_t date_from_ymd(int y, int m, int d);

/* Inverse of date_from_ymd. */
void date_to_ymd(int32_t days, int *y, int *m, int *d);

/* Parse exactly "YYYY-MM-DD" (a real calendar date, years 1900-9999). */
bool date_parse_iso(const char *s, int32_t *days);

/* Parse "dd/mm/yyyy" as people type it, or ISO; used by the CLI. */
bool date_parse_any(const char *s, int32_t *days);

/* "YYYY-MM-DD"; buf needs 11 bytes. */
void date_format_iso(int32_t days, char *buf, size_t sz);

/* "dd/mm/yyyy"; buf needs 11 bytes. */
void date_format_vn(int32_t days, char *buf, size_t sz);

/* Today in the local time zone of the process. */
int32_t date_today(void);

/* Same day of month, `years` later; 29 Feb falls back to 28 Feb. */
int32_t date_add_years(int32_t days, int years);

/* Same day of month, `months` later; clamped to the month's last day. */
int32_t date_add_months(int32_t days, int months);

/* "dd/mm/yyyy HH:MM" in local time, for people. */
void time_format_vn(int64_t t, char *buf, size_t sz);

/* ISO 8601 with offset, e.g. "2024-03-15T08:30:00+07:00", for machines. */
void time_format_iso(int64_t t, char *buf, size_t sz);

#endif
