/* unit_date: civil dates as day numbers, parsing, formatting, local time. */
#include "t.h"

#include <stdlib.h>

#include "date.h"

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in(int y, int m)
{
	static const int len[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Every day of 1900..2100 in calendar order: consecutive day numbers. */
static void
ymd_round_trip(void)
{
	int32_t expect = date_from_ymd(1900, 1, 1);
	int y2, m2, d2, bad = 0;

	T_EQ_INT(date_from_ymd(1970, 1, 1), 0);
	T_EQ_INT(date_from_ymd(1970, 1, 2), 1);
	T_EQ_INT(date_from_ymd(1969, 12, 31), -1);
	T_EQ_INT(date_from_ymd(2000, 3, 1), 11017);
	T_EQ_INT(date_from_ymd(1900, 1, 1), -25567);
	for (int y = 1900; y <= 2100; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= days_in(y, m); d++) {
				int32_t days = date_from_ymd(y, m, d);

				date_to_ymd(days, &y2, &m2, &d2);
				/* Report only the first few, not 73000 lines. */
				if ((days != expect || y2 != y || m2 != m || d2 != d) &&
				    bad++ < 5) {
					T_EQ_INT(days, expect);
					T_EQ_INT(y2, y);
					T_EQ_INT(m2, m);
					T_EQ_INT(d2, d);
				}
				expect = days + 1;
			}
	T_EQ_INT(bad, 0);
	T_EQ_INT(expect - date_from_ymd(1900, 1, 1), 73414); /* 201 years */
	date_to_ymd(0, &y2, &m2, &d2);
	T_CHECK(y2 == 1970 && m2 == 1 && d2 == 1);
}

static void
parse_iso(void)
{
	static const char *const bad[] = {
		"2024-02-30",
		"2023-02-29",
		"2024-13-01",
		"2024-00-10",
		"2024-01-00",
		"2024-04-31",
		"1900-02-29",
		"1899-12-31",
		"24-01-01",
		"2024-1-01",
		"2024-01-1",
		"2024-01-01x",
		" 2024-01-01",
		"2024/01/01",
		"2024-01-0a",
		"+024-01-01",
		"",
		"15/03/2024",
	};
	int32_t days = 12345;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (date_parse_iso(bad[i], &days))
			fprintf(stderr, "  accepted \"%s\"\n", bad[i]);
		T_CHECK(!date_parse_iso(bad[i], &days));
	}
	T_CHECK(date_parse_iso("2024-02-29", &days));
	T_EQ_INT(days, date_from_ymd(2024, 2, 29));
	T_CHECK(date_parse_iso("2000-02-29", &days)); /* 400-year rule */
	T_CHECK(date_parse_iso("1970-01-01", &days));
	T_EQ_INT(days, 0);
	T_CHECK(date_parse_iso("1900-01-01", &days));
	T_CHECK(date_parse_iso("9999-12-31", &days));
	T_EQ_INT(days, date_from_ymd(9999, 12, 31));
}

static void
parse_any(void)
{
	int32_t days = 0;

	T_CHECK(date_parse_any("15/03/2024", &days));
	T_EQ_INT(days, date_from_ymd(2024, 3, 15));
	T_CHECK(date_parse_any("2024-03-15", &days));
	T_EQ_INT(days, date_from_ymd(2024, 3, 15));
	T_CHECK(date_parse_any("29/02/2024", &days));
	T_CHECK(!date_parse_any("29/02/2023", &days));
	T_CHECK(!date_parse_any("03/15/2024", &days)); /* no US order */
	T_CHECK(!date_parse_any("5/3/2024", &days));
	T_CHECK(!date_parse_any("15-03-2024", &days));
	T_CHECK(!date_parse_any("15/03/24", &days));
	T_CHECK(!date_parse_any("15/03/2024 ", &days));
	T_CHECK(!date_parse_any("", &days));
}

static void
format(void)
{
	char buf[16];
	int32_t d = date_from_ymd(2024, 3, 15);

	date_format_vn(d, buf, sizeof(buf));
	T_EQ_STR(buf, "15/03/2024");
	date_format_iso(d, buf, sizeof(buf));
	T_EQ_STR(buf, "2024-03-15");
	date_format_iso(0, buf, sizeof(buf));
	T_EQ_STR(buf, "1970-01-01");
	date_format_vn(date_from_ymd(1905, 1, 2), buf, sizeof(buf));
	T_EQ_STR(buf, "02/01/1905");

	/* Formatting and parsing agree. */
	int32_t back = 0;

	date_format_iso(d, buf, sizeof(buf));
	T_CHECK(date_parse_iso(buf, &back));
	T_EQ_INT(back, d);
	date_format_vn(d, buf, sizeof(buf));
	T_CHECK(date_parse_any(buf, &back));
	T_EQ_INT(back, d);

	/* 11 bytes suffice, a short buffer is terminated. */
	char small[11], tiny[5];

	date_format_iso(d, small, sizeof(small));
	T_EQ_STR(small, "2024-03-15");
	date_format_iso(d, tiny, sizeof(tiny));
	T_EQ_STR(tiny, "2024");
}

static void
add_years(void)
{
	T_EQ_INT(date_add_years(date_from_ymd(2024, 2, 29), 1),
	    date_from_ymd(2025, 2, 28));
	T_EQ_INT(date_add_years(date_from_ymd(2024, 2, 29), 4),
	    date_from_ymd(2028, 2, 29));
	T_EQ_INT(date_add_years(date_from_ymd(2024, 3, 15), 1),
	    date_from_ymd(2025, 3, 15));
	T_EQ_INT(date_add_years(date_from_ymd(2024, 12, 31), 1),
	    date_from_ymd(2025, 12, 31));
	T_EQ_INT(date_add_years(date_from_ymd(2024, 1, 1), 0), date_from_ymd(2024, 1, 1));
	T_EQ_INT(date_add_years(date_from_ymd(2024, 2, 29), -1),
	    date_from_ymd(2023, 2, 28));
	T_EQ_INT(date_add_years(date_from_ymd(2024, 2, 29), -24),
	    date_from_ymd(2000, 2, 29));
}

static void
add_months(void)
{
	T_EQ_INT(date_add_months(date_from_ymd(2024, 11, 27), 3),
	    date_from_ymd(2025, 2, 27));
	T_EQ_INT(date_add_months(date_from_ymd(2024, 11, 30), 3),
	    date_from_ymd(2025, 2, 28));
	T_EQ_INT(date_add_months(date_from_ymd(2023, 11, 30), 3),
	    date_from_ymd(2024, 2, 29));
	T_EQ_INT(date_add_months(date_from_ymd(2024, 1, 31), 1),
	    date_from_ymd(2024, 2, 29));
	T_EQ_INT(date_add_months(date_from_ymd(2024, 12, 15), 1),
	    date_from_ymd(2025, 1, 15));
	T_EQ_INT(date_add_months(date_from_ymd(2024, 5, 15), 12),
	    date_from_ymd(2025, 5, 15));
}

static void
local_time(void)
{
	char buf[64];
	const char *tz = getenv("TZ");
	char *old = tz != NULL ? strdup(tz) : NULL;

	/*
	 * Vietnam is UTC+7 today, but the tz database has Saigon on UTC+8 in
	 * 1970 (as it then was), so "Asia/Ho_Chi_Minh" formats time 0 as
	 * 08:00+08:00. Time 0 is checked with a fixed +07 zone instead, and
	 * the named zone with a date of this century.
	 */
	T_EQ_INT(setenv("TZ", "<+07>-7", 1), 0);
	tzset();
	time_format_iso(0, buf, sizeof(buf));
	T_EQ_STR(buf, "1970-01-01T07:00:00+07:00");
	time_format_vn(0, buf, sizeof(buf));
	T_EQ_STR(buf, "01/01/1970 07:00");

	T_EQ_INT(setenv("TZ", "Asia/Ho_Chi_Minh", 1), 0);
	tzset();
	/* 2024-03-15 01:30:00 UTC is 08:30 in Hanoi. */
	time_format_iso(1710466200, buf, sizeof(buf));
	T_EQ_STR(buf, "2024-03-15T08:30:00+07:00");
	time_format_vn(1710466200, buf, sizeof(buf));
	T_EQ_STR(buf, "15/03/2024 08:30");
	/* Late in the evening UTC is the next day there. */
	time_format_vn(1710530000, buf, sizeof(buf));
	T_EQ_STR(buf, "16/03/2024 02:13");

	/* UTC: the offset is written as +00:00. */
	T_EQ_INT(setenv("TZ", "UTC", 1), 0);
	tzset();
	time_format_iso(0, buf, sizeof(buf));
	T_EQ_STR(buf, "1970-01-01T00:00:00+00:00");

	if (old != NULL) {
		setenv("TZ", old, 1);
		free(old);
	} else
		unsetenv("TZ");
	tzset();
}

static const struct t_case cases[] = {
	{ "ymd_round_trip", ymd_round_trip },
	{ "parse_iso", parse_iso },
	{ "parse_any", parse_any },
	{ "format", format },
	{ "add_years", add_years },
	{ "add_months: calendar months, clamped to the month's end", add_months },
	{ "local_time", local_time },
};

T_MAIN(cases)
