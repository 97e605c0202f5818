/*
 * unit_sheet: the reports' tables as a terminal shows them (columns lined
 * up by display width, Vietnamese precomposed or not, long text cut with
 * "…", numbers to the right) and as CSV (RFC 4180: CRLF, quoting, quotes
 * doubled; UTF-8 with a BOM; ISO dates; text a spreadsheet would run as
 * a formula marked).
 */
#include <stdlib.h>

#include "sheet.h"
#include "t.h"
#include "text.h"

static const struct sheet_col cols[] = {
	{ "NAME", "Tên", SHEET_TEXT, SHEET_BOTH, 12 },
	{ "", "Mã", SHEET_TEXT, SHEET_FILES, 0 },
	{ "N", "Số lượng", SHEET_NUMBER, SHEET_BOTH, 0 },
	{ "ZERO", "Không", SHEET_NUMBER, SHEET_NONZERO, 0 },
	{ "DAY", "Ngày", SHEET_DATE, SHEET_BOTH, 0 },
	{ "NOTE", "Ghi chú", SHEET_TEXT, SHEET_BOTH, 0 },
};

static void
fill(struct sheet *s)
{
	static const struct {
		const char *name, *code;
		double n;
		const char *day, *note;
	} rows[] = {
		{ "Phúc Thọ", "phuc-tho", 6, "2024-04-10", "a, b" },
		/* "Phúc Thọ" decomposed: the same width. */
		{ "Phu\xcc\x81"
		  "c Tho\xcc\xa3",
		    "nfd", 4.5, "", "say \"hi\"" },
		{ "Trạch Mỹ Lộc và xa hơn", "tml", 33.33, "2024-11-15", "line\r\nbreak" },
		{ "=1+2", "formula", 0, "not a date", "-3" },
	};

	sheet_init(s, "Thử", cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		T_EQ_INT(sheet_row(s), 0);
		T_EQ_INT(sheet_text(s, 0, rows[i].name), 0);
		T_EQ_INT(sheet_text(s, 1, rows[i].code), 0);
		sheet_number(s, 2, rows[i].n);
		sheet_number(s, 3, 0);
		sheet_date(s, 4, rows[i].day);
		T_EQ_INT(sheet_text(s, 5, rows[i].note), 0);
	}
}

static void
csv(void)
{
	struct sheet s;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	fill(&s);
	T_EQ_INT(sheet_csv(fp, &s, true), 0);
	fclose(fp);
	T_EQ_STR(buf,
	    "\xef\xbb\xbf"
	    "Tên,Mã,Số lượng,Không,Ngày,Ghi chú\r\n"
	    "Phúc Thọ,phuc-tho,6,0,2024-04-10,\"a, b\"\r\n"
	    "Phu\xcc\x81"
	    "c Tho\xcc\xa3,nfd,4.5,0,,\"say \"\"hi\"\"\"\r\n"
	    "Trạch Mỹ Lộc và xa hơn,tml,33.33,0,2024-11-15,\"line\r\nbreak\"\r\n"
	    "'=1+2,formula,0,0,,'-3\r\n");
	free(buf);
	sheet_free(&s);
}

/* The display column where text starts in line (0 when it is not there). */
static size_t
column_of(const char *line, const char *text)
{
	const char *p = strstr(line, text);
	char prefix[512];

	if (p == NULL)
		return 0;
	snprintf(prefix, sizeof(prefix), "%.*s", (int)(p - line), line);
	return text_width(prefix);
}

static void
terminal(void)
{
	struct sheet s;
	char *buf = NULL, *line[8], *save = NULL;
	size_t len = 0, n = 0;
	FILE *fp = open_memstream(&buf, &len);

	fill(&s);
	sheet_print(fp, &s);
	fclose(fp);
	for (char *l = strtok_r(buf, "\n", &save); l != NULL && n < 8;
	     l = strtok_r(NULL, "\n", &save))
		line[n++] = l;
	T_EQ_INT(n, 5);
	if (n == 5) {
		/* Headings: the code is the files', the zeros hidden. */
		T_CHECK(strstr(line[0], "ZERO") == NULL && strstr(line[0], "Mã") == NULL);
		T_CHECK(strncmp(line[0], "NAME", 4) == 0);
		/* Every line's NOTE starts at one display column, whatever the
		 * bytes of the names before it; a line break in it is a space. */
		static const char *const notes[] = { "NOTE", "a, b", "say \"hi\"",
			"line  break", "-3" };

		for (size_t i = 0; i < n; i++)
			T_EQ_INT(column_of(line[i], notes[i]),
			    column_of(line[0], "NOTE"));
		T_CHECK(column_of(line[0], "NOTE") > 0);
		/* Numbers to the right, as few decimals as they need. */
		T_CHECK(strstr(line[1], "   6  10/04/2024") != NULL);
		T_CHECK(strstr(line[2], " 4.5") != NULL);
		T_CHECK(strstr(line[3], "33.33  15/11/2024") != NULL);
		/* Cut to 12 columns, with "…". */
		T_CHECK(strncmp(line[3], "Trạch Mỹ Lộ…", strlen("Trạch Mỹ Lộ…")) == 0);
	}
	free(buf);
	sheet_free(&s);
}

static void
numbers(void)
{
	char b[32];

	sheet_format_number(6, b, sizeof(b));
	T_EQ_STR(b, "6");
	sheet_format_number(4.5, b, sizeof(b));
	T_EQ_STR(b, "4.5");
	sheet_format_number(0, b, sizeof(b));
	T_EQ_STR(b, "0");
	sheet_format_number(160, b, sizeof(b));
	T_EQ_STR(b, "160");
	sheet_format_number(33.333, b, sizeof(b));
	T_EQ_STR(b, "33.33");
}

static const struct t_case cases[] = {
	{ "CSV: BOM, CRLF, quoting, ISO dates, formulas marked", csv },
	{ "terminal: columns by display width, cut with an ellipsis", terminal },
	{ "numbers with as few decimals as they need", numbers },
};

T_MAIN(cases)
