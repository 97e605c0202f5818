/* pdf: papers drawn as an A4 PDF with cairo and pango; see pdf.h. */
#include "pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Points: A4 and its margins (Nghị định 30/2020, Phụ lục I). */
#define MM (72.0 / 25.4)
#define PAGE_W (210 * MM)
#define PAGE_H (297 * MM)
#define TOP (20 * MM)
#define BOTTOM (PAGE_H - 20 * MM)
#define LEFT (30 * MM)
#define WIDTH (PAGE_W - LEFT - 15 * MM)
#define INDENT (10 * MM) /* a paragraph's first line */
#define QR_SIZE (28 * MM)
#define SIGN_SPACE (22 * MM) /* room to sign (and for the seal) */
#define FONT "Liberation Serif"
#define PS ((double)PANGO_SCALE)

struct font {
	double size;
	bool bold, italic;
};

static const struct font f_text = { 13, false, false };
static const struct font f_bold = { 13, true, false };
static const struct font f_italic = { 13, false, true };
static const struct font f_national = { 12, true, false };
static const struct font f_title = { 14, true, false };
static const struct font f_cell = { 11.5, false, false };
static const struct font f_cell_head = { 11.5, true, false };
static const struct font f_small = { 11, false, false };
static const struct font f_recipients = { 12, true, true };
static const struct font f_log = { 8, false, false };

struct pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	/* A font map of our own, not pango's default: freed at the end of the
	 * file, with every font it loaded, whatever else uses pango. */
	PangoFontMap *fonts;
	PangoContext *context;
	double y;  /* where the next thing goes */
	int page;  /* the page being drawn, from 1 */
	int first; /* the first page of the paper being drawn */
};

/* ---- text ----------------------------------------------------------------------- */

/* A layout of text in font f, width wide (points), aligned. */
static PangoLayout *
layout(struct pdf *p, const char *text, const struct font *f, double width,
    PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(p->context);
	PangoFontDescription *fd = pango_font_description_new();
	PangoAttrList *attrs;

	pango_font_description_set_family(fd, FONT);
	/* Absolute: points are the PDF surface's units, whatever the dpi. */
	pango_font_description_set_absolute_size(fd, f->size * PS);
	pango_font_description_set_weight(fd,
	    f->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd,
	    f->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	/* A hash or a number broken across lines keeps every character and
	 * gains none: no hyphen where a word is split. */
	attrs = pango_attr_list_new();
	pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(false));
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	pango_layout_set_width(l, (int)(width * PS));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, text, -1);
	return l;
}

static double
height_of(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return h / PS;
}

/* The width of the ink of the layout's widest line. */
static double
text_width_of(PangoLayout *l)
{
	PangoRectangle r;

	pango_layout_get_extents(l, NULL, &r);
	return r.width / PS;
}

static void
page_number(struct pdf *p)
{
	char n[16];
	PangoLayout *l;

	/* Nghị định 30: from the second page, centred in the top margin. */
	snprintf(n, sizeof(n), "%d", p->page - p->first + 1);
	l = layout(p, n, &f_text, WIDTH, PANGO_ALIGN_CENTER);
	cairo_move_to(p->cr, LEFT, 10 * MM);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
}

static void
page_new(struct pdf *p)
{
	cairo_show_page(p->cr);
	p->page++;
	p->y = TOP;
	page_number(p);
}

/* Room for h points more on this page, else a new page. */
static void
room(struct pdf *p, double h)
{
	if (p->y + h > BOTTOM && p->y > TOP)
		page_new(p);
}

/* Draw l at x from p->y, line by line: a paragraph that does not fit goes
 * on at the top of the next page. */
static void
flow(struct pdf *p, PangoLayout *l, double x)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double top = p->y;

	do {
		PangoRectangle r;
		double y0, y1;

		pango_layout_iter_get_line_extents(it, NULL, &r);
		y0 = top + r.y / PS;
		y1 = y0 + r.height / PS;
		if (y1 > BOTTOM && y0 > TOP) {
			page_new(p);
			top = p->y - r.y / PS;
		}
		cairo_move_to(p->cr, x + r.x / PS,
		    top + pango_layout_iter_get_baseline(it) / PS);
		pango_cairo_show_layout_line(p->cr,
		    pango_layout_iter_get_line_readonly(it));
		p->y = top + (r.y + r.height) / PS;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* Draw l whole at (x, y); its height. */
static double
put(struct pdf *p, PangoLayout *l, double x, double y)
{
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
	return height_of(l);
}

/* Text at (x, y) in a column of width w, centred; its height. */
static double
put_text(struct pdf *p, const char *text, const struct font *f, double x, double y,
    double w)
{
	PangoLayout *l = layout(p, text, f, w, PANGO_ALIGN_CENTER);
	double h = put(p, l, x, y);

	g_object_unref(l);
	return h;
}

static void
rule(struct pdf *p, double x0, double x1, double y)
{
	cairo_set_line_width(p->cr, 0.6);
	cairo_move_to(p->cr, x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
}

/* Text centred in a column with a rule under it of len (0: the text's
 * width); the height used. */
static double
put_ruled(struct pdf *p, const char *text, const struct font *f, double x, double y,
    double w, double len)
{
	PangoLayout *l = layout(p, text, f, w, PANGO_ALIGN_CENTER);
	double h = put(p, l, x, y);

	if (len == 0)
		len = text_width_of(l);
	rule(p, x + (w - len) / 2, x + (w + len) / 2, y + h + 2);
	g_object_unref(l);
	return h + 6;
}

/* ---- the header ---------------------------------------------------------------------- */

/* The national title and motto (with its rule) in a column; the height. */
static double
national(struct pdf *p, double x, double y, double w)
{
	double h =
	    put_text(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &f_national, x, y, w);

	return h + put_ruled(p, "Độc lập - Tự do - Hạnh phúc", &f_bold, x, y + h, w, 0);
}

/* The issuing body and its number in the left column; the height. */
static double
issuer(struct pdf *p, const struct doc *d, double x, double y, double w)
{
	double h = 0;
	PangoLayout *l;

	if (d->parent != NULL)
		h += put_text(p, d->parent, &f_text, x, y, w);
	l = layout(p, d->body, &f_bold, w, PANGO_ALIGN_CENTER);
	h += put(p, l, x, y + h);
	/* A short rule under the body's name, a third of its width or so. */
	rule(p, x + w / 2 - text_width_of(l) / 5, x + w / 2 + text_width_of(l) / 5,
	    y + h + 2);
	g_object_unref(l);
	h += 8;
	if (d->number != NULL) {
		char num[256];

		snprintf(num, sizeof(num), "Số: %s", d->number);
		h += put_text(p, num, &f_text, x, y + h, w);
	}
	return h;
}

static void
header(struct pdf *p, const struct doc *d)
{
	double lw = WIDTH * 0.42, rw = WIDTH - lw, hl = 0, hr;

	if (d->body != NULL) {
		hl = issuer(p, d, LEFT, p->y, lw);
		hr = national(p, LEFT + lw, p->y, rw);
		if (d->place_date != NULL && !d->date_at_end)
			hr += 2 +
			    put_text(p, d->place_date, &f_italic, LEFT + lw,
			        p->y + hr + 2, rw);
	} else
		hr = national(p, LEFT, p->y, WIDTH);
	p->y += (hl > hr ? hl : hr) + 18;
	p->y += put_text(p, d->kind, &f_title, LEFT, p->y, WIDTH);
	if (d->subject != NULL)
		p->y += put_ruled(p, d->subject, &f_title, LEFT, p->y, WIDTH, WIDTH / 4);
	p->y += 12;
}

/* ---- blocks ------------------------------------------------------------------------------ */

static void
paragraph(struct pdf *p, const struct doc_block *b)
{
	struct font f = (b->style & DOC_SMALL) ? f_small : f_text;
	bool center = b->style & DOC_CENTER, quote = b->style & DOC_QUOTE;
	double x = LEFT + (quote ? INDENT : 0);
	PangoLayout *l;

	if (b->text[0] == '\0') {
		p->y += 6;
		return;
	}
	f.bold = b->style & DOC_BOLD;
	f.italic = b->style & DOC_ITALIC;
	l = layout(p, b->text, &f, WIDTH - (x - LEFT),
	    center ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
	if (!center && !quote) {
		pango_layout_set_justify(l, true);
		pango_layout_set_indent(l, (int)(INDENT * PS));
	}
	flow(p, l, x);
	g_object_unref(l);
	p->y += 4;
}

static void
field(struct pdf *p, const struct doc_block *b)
{
	struct doc_block para = *b;
	char *text = g_strdup_printf("%s: %s", b->text, b->value);

	para.kind = DOC_PARA;
	para.text = text;
	paragraph(p, &para);
	g_free(text);
}

/* The x of column k and its width, the widths being relative. */
static void
column(const struct doc_block *b, size_t k, double *x, double *w)
{
	unsigned total = 0, before = 0;

	for (size_t i = 0; i < b->cols; i++) {
		unsigned wi = b->widths != NULL ? b->widths[i] : 1;

		total += wi;
		if (i < k)
			before += wi;
	}
	*x = LEFT + WIDTH * before / total;
	*w = WIDTH * (b->widths != NULL ? b->widths[k] : 1) / total;
}

#define CELL_PAD 3.0

/* The height row r of table b takes. */
static double
row_height(struct pdf *p, const struct doc_block *b, size_t r)
{
	double h = 0;

	for (size_t k = 0; k < b->cols; k++) {
		double x, w, hk;
		PangoLayout *l;

		column(b, k, &x, &w);
		l = layout(p, b->cells[r * b->cols + k], r == 0 ? &f_cell_head : &f_cell,
		    w - 2 * CELL_PAD, r == 0 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
		hk = height_of(l);
		g_object_unref(l);
		if (hk > h)
			h = hk;
	}
	return h + 2 * CELL_PAD;
}

static void
row_draw(struct pdf *p, const struct doc_block *b, size_t r, double h)
{
	for (size_t k = 0; k < b->cols; k++) {
		double x, w;
		PangoLayout *l;

		column(b, k, &x, &w);
		l = layout(p, b->cells[r * b->cols + k], r == 0 ? &f_cell_head : &f_cell,
		    w - 2 * CELL_PAD, r == 0 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
		put(p, l, x + CELL_PAD, p->y + CELL_PAD);
		g_object_unref(l);
		cairo_set_line_width(p->cr, 0.5);
		cairo_rectangle(p->cr, x, p->y, w, h);
		cairo_stroke(p->cr);
	}
	p->y += h;
}

/* A table; on a new page its heading row comes again. */
static void
table(struct pdf *p, const struct doc_block *b)
{
	double head = row_height(p, b, 0);

	for (size_t r = 0; r < b->rows; r++) {
		double h = r == 0 ? head : row_height(p, b, r);
		int page = p->page;

		room(p, h + (r == 0 ? row_height(p, b, b->rows > 1 ? 1 : 0) : 0));
		if (r > 0 && p->page != page)
			row_draw(p, b, 0, head);
		row_draw(p, b, r, h);
	}
	p->y += 8;
}

/* A line of a signature, centred in its column; its height. */
static double
sign_line(struct pdf *p, const char *text, const struct font *f, double x, double y,
    double w, bool draw)
{
	PangoLayout *l;
	double h;

	if (text == NULL || text[0] == '\0')
		return 0;
	l = layout(p, text, f, w, PANGO_ALIGN_CENTER);
	h = draw ? put(p, l, x, y) : height_of(l);
	g_object_unref(l);
	return h;
}

/* One signature in a column: the date (an application's), the titles, the
 * hint, room to sign, the names; drawn when draw, else measured. Its
 * height. */
static double
signature(struct pdf *p, const struct doc_sign *s, const char *date, double x, double w,
    bool draw)
{
	double y = p->y;

	y += sign_line(p, date, &f_italic, x, y, w, draw);
	for (size_t i = 0; i < s->n_lines; i++)
		y += sign_line(p, s->lines[i], &f_bold, x, y, w, draw);
	y += sign_line(p, s->hint, &f_italic, x, y, w, draw);
	for (size_t i = 0; i < s->n_names; i++) {
		y += s->n_names > 1 ? SIGN_SPACE * 0.6 : SIGN_SPACE;
		y += sign_line(p, s->names[i], &f_bold, x, y, w, draw);
	}
	if (s->n_names == 0)
		y += SIGN_SPACE;
	return y - p->y;
}

/* "Nơi nhận:" and the recipients at the left; its height. */
static double
recipients(struct pdf *p, const struct doc *d, double w, bool draw)
{
	double y = p->y;

	for (size_t i = 0; i <= d->n_recipients; i++) {
		const char *text = i == 0 ? "Nơi nhận:" : d->recipients[i - 1];
		PangoLayout *l = layout(p, text, i == 0 ? &f_recipients : &f_small, w,
		    PANGO_ALIGN_LEFT);

		y += draw ? put(p, l, LEFT, y) : height_of(l);
		g_object_unref(l);
	}
	return y - p->y;
}

/* The signatures at the right and the left (or the recipients, level
 * with the signer's title, as Nghị định 30 places them); the height. */
static double
sign_block(struct pdf *p, const struct doc *d, const struct doc_block *b, bool draw)
{
	const char *date = d->date_at_end ? d->place_date : NULL;
	double half = WIDTH / 2, hr = 0, hl = 0;

	if (b->right != NULL)
		hr = signature(p, b->right, date, LEFT + half, half, draw);
	if (b->left != NULL)
		hl = signature(p, b->left, NULL, LEFT, half, draw);
	else if (b->recipients && d->n_recipients > 0)
		hl = recipients(p, d, half - 10 * MM, draw);
	return hl > hr ? hl : hr;
}

/* The signatures, kept together on one page. */
static void
signs(struct pdf *p, const struct doc *d, const struct doc_block *b)
{
	double h = sign_block(p, d, b, false);

	room(p, h + 10);
	p->y += 10;
	sign_block(p, d, b, true);
	p->y += h;
}

/* ---- the log line and its QR code ------------------------------------------------------ */

static void
qr(struct pdf *p, const char *text, double x, double y)
{
	QRinput *in = QRinput_new2(0, QR_ECLEVEL_M);
	QRcode *q = NULL;
	double m;

	/* ECI 26 says the bytes are UTF-8: readers need not guess (and some
	 * guess Shift JIS). */
	if (in != NULL && QRinput_appendECIheader(in, 26) == 0 &&
	    QRinput_append(in, QR_MODE_8, (int)strlen(text),
	        (const unsigned char *)text) == 0)
		q = QRcode_encodeInput(in);
	QRinput_free(in);
	if (q == NULL)
		return; /* too long to encode: the line is printed anyway */
	/* Four modules of white around it, as readers expect. */
	m = QR_SIZE / (q->width + 8);
	for (int r = 0; r < q->width; r++)
		for (int k = 0; k < q->width; k++)
			if (q->data[r * q->width + k] & 1)
				cairo_rectangle(p->cr, x + (k + 4) * m, y + (r + 4) * m,
				    m, m);
	cairo_fill(p->cr);
	QRcode_free(q);
}

/* At the foot of the paper's last page: the QR code, the line beside it. */
static void
footer(struct pdf *p, const char *line)
{
	PangoLayout *l;
	double y = BOTTOM - QR_SIZE;

	if (p->y + 6 > y)
		page_new(p);
	qr(p, line, LEFT, y);
	l = layout(p, line, &f_log, WIDTH - QR_SIZE - 2 * MM, PANGO_ALIGN_LEFT);
	put(p, l, LEFT + QR_SIZE + 2 * MM, y + (QR_SIZE - height_of(l)) / 2);
	g_object_unref(l);
}

/* ---- a paper, a file --------------------------------------------------------------------- */

static void
paper(struct pdf *p, const struct doc *d)
{
	header(p, d);
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *b = d->blocks[i];

		switch (b->kind) {
		case DOC_PARA: paragraph(p, b); break;
		case DOC_FIELD: field(p, b); break;
		case DOC_TABLE: table(p, b); break;
		case DOC_SIGN: signs(p, d, b); break;
		}
	}
	if (d->log != NULL)
		footer(p, d->log);
}

/*
 * Let go of a font map, and with it the fonts it loaded, in this thread.
 * Pango starts fontconfig in a thread of its own, which holds the first
 * map made a moment longer: were that thread to drop it last, the fonts
 * would be freed there, maybe while the caller cleans up (pdf_cleanup).
 * So wait, a while at most, until the map is ours alone.
 */
static void
fonts_free(PangoFontMap *fm)
{
	GObject *o = G_OBJECT(fm);

	for (int ms = 0; g_atomic_int_get((gint *)&o->ref_count) > 1 && ms < 10000; ms++)
		g_usleep(1000);
	g_object_unref(fm);
}

int
pdf_write(const struct doc *d, const char *path, int *pages, char *err, size_t errsz)
{
	struct pdf p = { 0 };
	cairo_status_t st;

	*pages = 0;
	p.surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE, d->kind);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR, "sk");
	p.cr = cairo_create(p.surface);
	p.fonts = pango_cairo_font_map_new();
	p.context = pango_font_map_create_context(p.fonts);
	pango_cairo_update_context(p.cr, p.context);
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	for (const struct doc *q = d; q != NULL; q = q->next) {
		if (q != d)
			cairo_show_page(p.cr);
		p.first = ++p.page;
		p.y = TOP;
		paper(&p, q);
	}
	g_object_unref(p.context);
	fonts_free(p.fonts);
	cairo_destroy(p.cr);
	cairo_surface_finish(p.surface);
	st = cairo_surface_status(p.surface);
	cairo_surface_destroy(p.surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errsz, "%s", cairo_status_to_string(st));
		return -1;
	}
	*pages = p.page;
	return 0;
}

void
pdf_cleanup(void)
{
	/* sk's documents use a font map of their own (fonts_free); another
	 * part of a program may have used pango's default one. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
