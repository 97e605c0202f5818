#include "sheet.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "text.h"

#define CELL_MAX 4096 /* bytes of a cell as a terminal shows it */
#define GAP 2         /* spaces between columns on a terminal */

void
sheet_init(struct sheet *s, const char *name, const struct sheet_col *cols, size_t ncols)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->cols = cols;
	s->ncols = ncols;
}

void
sheet_free(struct sheet *s)
{
	for (size_t i = 0; i < s->nrows * s->ncols; i++)
		free(s->cells[i].text);
	free(s->cells);
	memset(s, 0, sizeof(*s));
}

int
sheet_row(struct sheet *s)
{
	struct sheet_cell *v;
	size_t want = s->cap ? s->cap * 2 : 16;

	if (s->nrows == s->cap) {
		if ((v = realloc(s->cells, want * s->ncols * sizeof(*v))) == NULL)
			return -1;
		s->cells = v;
		s->cap = want;
	}
	memset(&s->cells[s->nrows * s->ncols], 0, s->ncols * sizeof(*s->cells));
	s->nrows++;
	return 0;
}

static struct sheet_cell *
last(struct sheet *s, size_t col)
{
	return &s->cells[(s->nrows - 1) * s->ncols + col];
}

int
sheet_text(struct sheet *s, size_t col, const char *v)
{
	struct sheet_cell *c = last(s, col);

	free(c->text);
	c->text = strdup(v != NULL ? v : "");
	return c->text != NULL ? 0 : -1;
}

void
sheet_number(struct sheet *s, size_t col, double v)
{
	struct sheet_cell *c = last(s, col);

	c->num = v;
	c->set = true;
}

void
sheet_date(struct sheet *s, size_t col, const char *iso)
{
	struct sheet_cell *c = last(s, col);

	c->set = iso != NULL && date_parse_iso(iso, &c->day);
}

const struct sheet_cell *
sheet_at(const struct sheet *s, size_t row, size_t col)
{
	return &s->cells[row * s->ncols + col];
}

void
sheet_format_number(double v, char *buf, size_t sz)
{
	size_t n;

	snprintf(buf, sz, "%.2f", v);
	/* As few decimals as it needs: "6", "4.5". */
	n = strlen(buf);
	while (
	    n > 0 && strchr(buf, '.') != NULL && (buf[n - 1] == '0' || buf[n - 1] == '.'))
		buf[--n] = '\0';
}

/* A cell as text: for a terminal (dates dd/mm/yyyy) or for CSV (ISO). */
static const char *
cell_text(const struct sheet *s, size_t row, size_t col, bool iso, char *buf, size_t sz)
{
	const struct sheet_cell *c = sheet_at(s, row, col);

	buf[0] = '\0';
	switch (s->cols[col].type) {
	case SHEET_TEXT: return c->text != NULL ? c->text : "";
	case SHEET_NUMBER:
		if (c->set)
			sheet_format_number(c->num, buf, sz);
		break;
	case SHEET_DATE:
		if (c->set && iso)
			date_format_iso(c->day, buf, sz);
		else if (c->set)
			date_format_vn(c->day, buf, sz);
		break;
	}
	return buf;
}

static bool
shown(const struct sheet *s, size_t col, bool files)
{
	const struct sheet_col *c = &s->cols[col];

	if (c->where == (files ? SHEET_TERMINAL : SHEET_FILES))
		return false;
	if (files || c->where != SHEET_NONZERO)
		return true;
	for (size_t r = 0; r < s->nrows; r++) {
		const struct sheet_cell *x = sheet_at(s, r, col);

		if (x->set && x->num != 0)
			return true;
	}
	return false;
}

size_t
sheet_width(const struct sheet *s, size_t col, bool files)
{
	const struct sheet_col *c = &s->cols[col];
	size_t w = text_width(files ? c->head_vi : c->head);
	char buf[64];

	for (size_t r = 0; r < s->nrows; r++) {
		size_t cw = text_width(cell_text(s, r, col, false, buf, sizeof(buf)));

		if (cw > w)
			w = cw;
	}
	if (!files && c->max != 0 && w > c->max)
		w = c->max;
	return w;
}

/* The index of the last column a terminal shows, or ncols when none. */
static size_t
last_shown(const struct sheet *s)
{
	size_t end = s->ncols;

	for (size_t i = 0; i < s->ncols; i++)
		if (shown(s, i, false))
			end = i;
	return end;
}

/* One cell on a terminal: text to the left, numbers to the right; a line
 * break or tab in it is a space (a row is one line). */
static void
print_cell(FILE *fp, const struct sheet *s, size_t col, const char *v, size_t w,
    bool last_col)
{
	char out[CELL_MAX];
	size_t vw = text_fit(v, w, false, out, sizeof(out));

	for (char *p = out; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';

	if (s->cols[col].type == SHEET_NUMBER)
		fprintf(fp, "%*s", (int)(w - vw), "");
	fputs(out, fp);
	if (s->cols[col].type != SHEET_NUMBER && !last_col)
		fprintf(fp, "%*s", (int)(w - vw), "");
}

/* Line r of the table (-1: the headings) into fp, without the spaces
 * that would end it. */
static void
print_line(FILE *fp, const struct sheet *s, long r, const size_t *width)
{
	size_t end = last_shown(s), len = 0;
	char buf[64], *line = NULL;
	FILE *mem = open_memstream(&line, &len);
	bool first = true;

	if (mem == NULL)
		return;
	for (size_t c = 0; c < s->ncols && c < SHEET_COLS_MAX; c++) {
		if (!shown(s, c, false))
			continue;
		if (!first)
			fprintf(mem, "%*s", GAP, "");
		first = false;
		print_cell(mem, s, c,
		    r < 0 ? s->cols[c].head :
		            cell_text(s, (size_t)r, c, false, buf, sizeof(buf)),
		    width[c], c == end);
	}
	fclose(mem);
	while (len > 0 && line[len - 1] == ' ')
		line[--len] = '\0';
	fprintf(fp, "%s\n", line != NULL ? line : "");
	free(line);
}

void
sheet_print(FILE *fp, const struct sheet *s)
{
	size_t width[SHEET_COLS_MAX];

	for (size_t c = 0; c < s->ncols && c < SHEET_COLS_MAX; c++)
		width[c] = shown(s, c, false) ? sheet_width(s, c, false) : 0;
	for (long r = -1; r < (long)s->nrows; r++)
		print_line(fp, s, r, width);
}

/* Would a spreadsheet take this text for a formula? */
static bool
formula_like(const char *v)
{
	return v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' ||
	    v[0] == '\r';
}

/* One field of RFC 4180. */
static void
csv_field(FILE *fp, const char *v, bool text)
{
	bool mark = text && formula_like(v);

	if (strpbrk(v, ",\"\r\n") == NULL) {
		fprintf(fp, "%s%s", mark ? "'" : "", v);
		return;
	}
	fprintf(fp, "\"%s", mark ? "'" : "");
	for (const char *p = v; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	fputc('"', fp);
}

int
sheet_csv(FILE *fp, const struct sheet *s, bool bom)
{
	char buf[64];
	bool first;

	if (bom)
		fputs("\xef\xbb\xbf", fp);
	for (long r = -1; r < (long)s->nrows; r++) {
		first = true;
		for (size_t c = 0; c < s->ncols; c++) {
			if (!shown(s, c, true))
				continue;
			if (!first)
				fputc(',', fp);
			first = false;
			csv_field(fp,
			    r < 0 ? s->cols[c].head_vi :
			            cell_text(s, (size_t)r, c, true, buf, sizeof(buf)),
			    r >= 0 && s->cols[c].type == SHEET_TEXT);
		}
		fputs("\r\n", fp);
	}
	return ferror(fp) ? -1 : 0;
}
