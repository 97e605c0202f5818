/*
 * sheet: a table of typed cells (text, numbers, dates), as sk's reports
 * make them, and two of its forms: aligned for a terminal (columns padded
 * by display width, so Vietnamese lines up), and CSV (RFC 4180: CRLF,
 * fields with a comma, quote or line break quoted, quotes doubled; UTF-8
 * with a byte order mark, so that Excel opens Vietnamese intact). The
 * workbook (xlsx.c) is the third.
 *
 * A column has two headings: the terminal's, in the English sk speaks,
 * and the documents' (CSV, workbook), in Vietnamese, as the receipts and
 * notices are: those are filed and sent on by the offices.
 */
#ifndef SK_SHEET_H
#define SK_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SHEET_COLS_MAX 64 /* a terminal shows the first so many columns */

enum sheet_type {
	SHEET_TEXT,
	SHEET_NUMBER, /* shown with up to 2 decimals, as few as it needs */
	SHEET_DATE,   /* dd/mm/yyyy for people, ISO 8601 in CSV */
};

/* Where a column shows. */
enum sheet_where {
	SHEET_BOTH = 0,
	SHEET_TERMINAL, /* only on a terminal */
	SHEET_FILES,    /* only in CSV and the workbook */
	SHEET_NONZERO,  /* everywhere, but on a terminal only if a value is not 0 */
};

struct sheet_col {
	const char *head;    /* on a terminal */
	const char *head_vi; /* in CSV and the workbook */
	enum sheet_type type;
	enum sheet_where where;
	size_t max; /* a terminal cuts text wider than this (with "…"); 0: never */
};

struct sheet_cell {
	char *text;  /* SHEET_TEXT, owned; NULL is empty */
	double num;  /* SHEET_NUMBER */
	int32_t day; /* SHEET_DATE, with set */
	bool set;    /* a number or date is there (else the cell is empty) */
};

struct sheet {
	const char *name; /* the workbook's sheet name (static) */
	const struct sheet_col *cols;
	size_t ncols;
	struct sheet_cell *cells; /* nrows * ncols */
	size_t nrows, cap;
	bool total; /* the last row is a total (bold in the workbook) */
};

void sheet_init(struct sheet *s, const char *name, const struct sheet_col *cols,
    size_t ncols);
void sheet_free(struct sheet *s);

/* A new empty row at the end: 0, or -1 out of memory. */
int sheet_row(struct sheet *s);

/* Set column col of the last row: 0, or -1 out of memory. An ISO date
 * that does not parse leaves the cell empty. */
int sheet_text(struct sheet *s, size_t col, const char *v);
void sheet_number(struct sheet *s, size_t col, double v);
void sheet_date(struct sheet *s, size_t col, const char *iso);

const struct sheet_cell *sheet_at(const struct sheet *s, size_t row, size_t col);

/* A number as sheets show it: "6", "4.5", "33.33". */
void sheet_format_number(double v, char *buf, size_t sz);

/* The columns a cell takes on a terminal, or in the workbook (wider: its
 * headings are the longer ones). */
size_t sheet_width(const struct sheet *s, size_t col, bool files);

/* The table for a terminal: a heading line, then the rows, each without
 * trailing spaces. */
void sheet_print(FILE *fp, const struct sheet *s);

/* The sheet as CSV, with the byte order mark when bom: 0, or -1 when
 * the writing failed (errno says why). Text that a spreadsheet would
 * take for a formula (it begins with = + - @ or a tab) is written after
 * a "'", as spreadsheets mark text. */
int sheet_csv(FILE *fp, const struct sheet *s, bool bom);

#endif
