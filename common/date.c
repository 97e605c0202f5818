#include "date.h"

#include <stdio.h>
#include <string.h>

/* Howard Hinnant's civil-date algorithms (public domain facts). */
int32_t
date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_to_ymd(int32_t days, int *y, int *m, int *d)
{
	int z = days + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int
month_days(int y, int m)
{
	static const int len[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : len[m - 1];
}

static bool
digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

static bool
date_make(int y, int m, int d, int32_t *days)
{
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return false;
	*days = date_from_ymd(y, m, d);
	return true;
}

bool
date_parse_iso(const char *s, int32_t *days)
{
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return false;
	return date_make(y, m, d, days);
}

bool
date_parse_any(const char *s, int32_t *days)
{
	int y, m, d;

	if (date_parse_iso(s, days))
		return true;
	if (strlen(s) != 10 || s[2] != '/' || s[5] != '/')
		return false;
	if (!digits(s, 2, &d) || !digits(s + 3, 2, &m) || !digits(s + 6, 4, &y))
		return false;
	return date_make(y, m, d, days);
}

void
date_format_iso(int32_t days, char *buf, size_t sz)
{
	int y, m, d;

	date_to_ymd(days, &y, &m, &d);
	snprintf(buf, sz, "%04d-%02d-%02d", y, m, d);
}

void
date_format_vn(int32_t days, char *buf, size_t sz)
{
	int y, m, d;

	date_to_ymd(days, &y, &m, &d);
	snprintf(buf, sz, "%02d/%02d/%04d", d, m, y);
}

int32_t
date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int32_t
date_add_years(int32_t days, int years)
{
	int y, m, d;

	date_to_ymd(days, &y, &m, &d);
	y += years;
	if (d > month_days(y, m))
		d = month_days(y, m);
	return date_from_ymd(y, m, d);
}

int32_t
date_add_months(int32_t days, int months)
{
	int y, m, d, total;

	date_to_ymd(days, &y, &m, &d);
	total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	return date_from_ymd(y, m, d);
}

void
time_format_vn(int64_t t, char *buf, size_t sz)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	strftime(buf, sz, "%d/%m/%Y %H:%M", &tm);
}

void
time_format_iso(int64_t t, char *buf, size_t sz)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char off[8];
	size_t n;

	localtime_r(&tt, &tm);
	n = strftime(buf, sz, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(off, sizeof(off), "%z", &tm); /* "+0700" -> "+07:00" */
	if (strlen(off) == 5 && n + 7 <= sz)
		snprintf(buf + n, sz - n, "%.3s:%.2s", off, off + 3);
}
