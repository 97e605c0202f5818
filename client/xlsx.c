#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "date.h"

#define WIDTH_MAX 60.0  /* characters: wider text wraps in its cell */
#define CHART_ROWS 12.0 /* bars a chart of the default height holds */
#define TEXT_MAX 32767  /* bytes Excel keeps in a cell */

struct book {
	lxw_workbook *wb;
	lxw_format *head, *bold, *date, *bold_date, *wrap;
};

/* The workbook's column of sheet column col (-1: not in files). */
static int
file_col(const struct sheet *s, size_t col)
{
	int n = 0;

	if (s->cols[col].where == SHEET_TERMINAL)
		return -1;
	for (size_t i = 0; i < col; i++)
		n += s->cols[i].where != SHEET_TERMINAL;
	return n;
}

/* Text as XML may hold it: control characters other than tab and line
 * breaks become '?', and Excel's limit is kept (at a character's start). */
static char *
xml_text(const char *v)
{
	size_t n = strnlen(v, TEXT_MAX);
	char *out = malloc(n + 1);

	if (out == NULL)
		return NULL;
	while (n > 0 && ((unsigned char)v[n] & 0xc0) == 0x80)
		n--;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];

		out[i] =
		    ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' ? '?' : (char)ch;
	}
	out[n] = '\0';
	return out;
}

static lxw_error
put_cell(struct book *b, lxw_worksheet *ws, const struct sheet *s, size_t r, size_t c,
    bool bold)
{
	const struct sheet_cell *x = sheet_at(s, r, c);
	lxw_row_t row = (lxw_row_t)(r + 1);
	lxw_col_t col = (lxw_col_t)file_col(s, c);
	lxw_datetime dt = { 0 };
	lxw_error e;
	char *t;

	switch (s->cols[c].type) {
	case SHEET_TEXT:
		if (x->text == NULL || x->text[0] == '\0')
			return LXW_NO_ERROR;
		if ((t = xml_text(x->text)) == NULL)
			return LXW_ERROR_MEMORY_MALLOC_FAILED;
		e = worksheet_write_string(ws, row, col, t, bold ? b->bold : b->wrap);
		free(t);
		return e;
	case SHEET_NUMBER:
		if (!x->set)
			return LXW_NO_ERROR;
		return worksheet_write_number(ws, row, col, x->num,
		    bold ? b->bold : NULL);
	case SHEET_DATE:
		if (!x->set)
			return LXW_NO_ERROR;
		date_to_ymd(x->day, &dt.year, &dt.month, &dt.day);
		return worksheet_write_datetime(ws, row, col, &dt,
		    bold ? b->bold_date : b->date);
	}
	return LXW_NO_ERROR;
}

static lxw_error
put_sheet(struct book *b, lxw_worksheet *ws, const struct sheet *s)
{
	lxw_error e = LXW_NO_ERROR;
	int last = -1;

	for (size_t c = 0; c < s->ncols && e == LXW_NO_ERROR; c++) {
		int fc = file_col(s, c);
		double w = (double)sheet_width(s, c, true) + 2;

		if (fc < 0)
			continue;
		last = fc;
		e = worksheet_write_string(ws, 0, (lxw_col_t)fc, s->cols[c].head_vi,
		    b->head);
		if (e == LXW_NO_ERROR)
			e = worksheet_set_column(ws, (lxw_col_t)fc, (lxw_col_t)fc,
			    w > WIDTH_MAX ? WIDTH_MAX :
			        w < 8     ? 8 :
			                    w,
			    NULL);
	}
	for (size_t r = 0; r < s->nrows && e == LXW_NO_ERROR; r++)
		for (size_t c = 0; c < s->ncols && e == LXW_NO_ERROR; c++)
			if (file_col(s, c) >= 0)
				e = put_cell(b, ws, s, r, c,
				    s->total && r + 1 == s->nrows);
	if (e != LXW_NO_ERROR || last < 0)
		return e;
	worksheet_freeze_panes(ws, 1, 0);
	/* A filter on the headings, over the rows (not the total). */
	return worksheet_autofilter(ws, 0, 0,
	    (lxw_row_t)(s->nrows - (s->total && s->nrows > 0 ? 1 : 0)), (lxw_col_t)last);
}

/* The first column of the sheet free beside its table. */
static lxw_col_t
beside(const struct sheet *s)
{
	int n = 0;

	for (size_t c = 0; c < s->ncols; c++)
		n += s->cols[c].where != SHEET_TERMINAL;
	return (lxw_col_t)(n + 1);
}

static lxw_error
put_chart(struct book *b, lxw_worksheet *ws, const struct sheet *s,
    const struct xlsx_chart *ch)
{
	size_t rows = s->nrows - (s->total && s->nrows > 0 ? 1 : 0);
	lxw_chart_options o = { .x_scale = 1.5, .y_scale = 1 };
	lxw_chart *chart;
	lxw_chart_series *series;
	int label = file_col(s, ch->label), value = file_col(s, ch->value);

	if (rows == 0 || label < 0 || value < 0)
		return LXW_NO_ERROR; /* nothing to draw */
	if ((chart = workbook_add_chart(b->wb,
	         ch->type == XLSX_BAR ? LXW_CHART_BAR : LXW_CHART_COLUMN)) == NULL)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	if ((series = chart_add_series(chart, NULL, NULL)) == NULL)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	chart_series_set_categories(series, s->name, 1, (lxw_col_t)label, (lxw_row_t)rows,
	    (lxw_col_t)label);
	chart_series_set_values(series, s->name, 1, (lxw_col_t)value, (lxw_row_t)rows,
	    (lxw_col_t)value);
	chart_series_set_name(series, s->cols[ch->value].head_vi);
	chart_title_set_name(chart, ch->title);
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	/* Horizontal bars need room for each one. */
	if (ch->type == XLSX_BAR && (double)rows > CHART_ROWS)
		o.y_scale = (double)rows / CHART_ROWS;
	return worksheet_insert_chart_opt(ws, 1, beside(s), chart, &o);
}

static void
formats(struct book *b)
{
	b->head = workbook_add_format(b->wb);
	format_set_bold(b->head);
	format_set_text_wrap(b->head);
	format_set_align(b->head, LXW_ALIGN_VERTICAL_TOP);
	format_set_bg_color(b->head, 0xDDEBF7);
	format_set_bottom(b->head, LXW_BORDER_THIN);
	b->bold = workbook_add_format(b->wb);
	format_set_bold(b->bold);
	b->date = workbook_add_format(b->wb);
	format_set_num_format(b->date, "dd/mm/yyyy");
	b->bold_date = workbook_add_format(b->wb);
	format_set_num_format(b->bold_date, "dd/mm/yyyy");
	format_set_bold(b->bold_date);
	b->wrap = workbook_add_format(b->wb);
	format_set_align(b->wrap, LXW_ALIGN_VERTICAL_TOP);
}

int
xlsx_write(const char *path, const struct xlsx_book *x, char *why, size_t sz)
{
	lxw_doc_properties props = { .title = (char *)x->title,
		.subject = (char *)x->subject,
		.author = "sk",
		.comments = "sk report" };
	lxw_worksheet *ws[32];
	lxw_error e = LXW_NO_ERROR;
	struct book b;

	if (x->nsheets == 0 || x->nsheets > 32) {
		snprintf(why, sz, "a workbook of %zu sheets", x->nsheets);
		return -1;
	}
	if ((b.wb = workbook_new(path)) == NULL) {
		snprintf(why, sz, "cannot make a workbook");
		return -1;
	}
	formats(&b);
	workbook_set_properties(b.wb, &props);
	for (size_t i = 0; i < x->nsheets && e == LXW_NO_ERROR; i++) {
		if ((ws[i] = workbook_add_worksheet(b.wb, x->sheets[i]->name)) == NULL)
			e = LXW_ERROR_MEMORY_MALLOC_FAILED;
		else
			e = put_sheet(&b, ws[i], x->sheets[i]);
	}
	for (size_t i = 0; i < x->ncharts && e == LXW_NO_ERROR; i++)
		if (x->charts[i].sheet < x->nsheets)
			e = put_chart(&b, ws[x->charts[i].sheet],
			    x->sheets[x->charts[i].sheet], &x->charts[i]);
	if (e == LXW_NO_ERROR && x->active < x->nsheets)
		worksheet_activate(ws[x->active]);
	if (e != LXW_NO_ERROR) {
		snprintf(why, sz, "%s", lxw_strerror(e));
		workbook_close(
		    b.wb); /* frees it; what it wrote is removed by the caller */
		return -1;
	}
	if ((e = workbook_close(b.wb)) != LXW_NO_ERROR) {
		snprintf(why, sz, "%s", lxw_strerror(e));
		return -1;
	}
	return 0;
}
