/*
 * xlsx: sheets (sheet.h) as an Excel workbook, written with libxlsxwriter:
 * a worksheet each, the heading row bold and frozen, column widths set
 * from the widest cell, numbers as numbers, dates as dates (dd/mm/yyyy),
 * a total row in bold, and charts of a column of a sheet against its
 * first column, beside the table, where people would rather look than
 * read. Only sk links it.
 */
#ifndef SK_XLSX_H
#define SK_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "sheet.h"

enum xlsx_chart_type {
	XLSX_BAR,    /* horizontal bars: long names read well */
	XLSX_COLUMN, /* vertical columns */
};

/* A chart of sheets[sheet]'s column value against its column label, over
 * its rows (the total row left out). */
struct xlsx_chart {
	size_t sheet;
	size_t label, value;
	enum xlsx_chart_type type;
	const char *title;
};

struct xlsx_book {
	const char *title; /* the workbook's document title */
	const char *subject;
	const struct sheet *const *sheets;
	size_t nsheets;
	size_t active; /* the sheet shown on opening */
	const struct xlsx_chart *charts;
	size_t ncharts;
};

/* Write b to path (created or replaced): 0, or -1 with why (sz bytes)
 * said in words. */
int xlsx_write(const char *path, const struct xlsx_book *b, char *why, size_t sz);

#endif
