/* sk-tui's screen: frame, keys, forms, the pager; see tui.h. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"
#include "tui.h"

#define KEY_CTRL(c) ((c)&0x1f)
#define ESC 27

void
ui_start(struct tui *t)
{
	initscr();
	raw(); /* Ctrl-S reaches us: it sends a form */
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(1000);
	t->color = has_colors();
	if (t->color && start_color() == OK) {
		use_default_colors();
		init_pair(1, COLOR_WHITE, COLOR_BLUE); /* header */
		init_pair(2, COLOR_BLACK, COLOR_CYAN); /* selection */
		init_pair(3, COLOR_YELLOW, -1);        /* keys */
		init_pair(4, COLOR_RED, -1);           /* errors */
		init_pair(5, COLOR_GREEN, -1);         /* good news */
		init_pair(6, COLOR_BLUE, -1);          /* titles */
	} else
		t->color = false;
}

void
ui_end(void)
{
	endwin();
}

int
ui_attr(const struct tui *t, enum ui_attr a)
{
	/* Without colour: reverse, bold and underline say the same. */
	switch (a) {
	case UI_HEAD: return t->color ? COLOR_PAIR(1) | A_BOLD : A_REVERSE;
	case UI_SEL: return t->color ? COLOR_PAIR(2) : A_REVERSE;
	case UI_KEY: return t->color ? COLOR_PAIR(3) | A_BOLD : A_BOLD;
	case UI_ERR: return t->color ? COLOR_PAIR(4) | A_BOLD : A_BOLD | A_UNDERLINE;
	case UI_OK: return t->color ? COLOR_PAIR(5) : A_NORMAL;
	case UI_TITLE: return t->color ? COLOR_PAIR(6) | A_BOLD : A_BOLD;
	case UI_DIM: return A_DIM;
	default: return A_NORMAL;
	}
}

void
ui_put(const struct tui *t, int y, int x, int cols, const char *s, enum ui_attr a)
{
	char buf[4096];

	if (cols <= 0 || y < 0 || y >= LINES)
		return;
	text_fit(s != NULL ? s : "", (size_t)cols, true, buf, sizeof(buf));
	attrset(ui_attr(t, a));
	mvaddstr(y, x, buf);
	attrset(A_NORMAL);
}

int
ui_top(void)
{
	return 2;
}

int
ui_bottom(void)
{
	return LINES - 3;
}

/* "tác giả, thư ký" of the user's roles. */
static void
roles_text(const struct tui *t, char *buf, size_t sz)
{
	static const char *const names[] = { N_("author"), N_("clerk"), N_("council"),
		N_("head"), N_("district office"), N_("commendation"), N_("auditor"),
		N_("admin") };
	size_t o = 0;

	buf[0] = '\0';
	for (int i = 0; i < 8 && o < sz; i++)
		if (t->roles & (1u << i))
			o += (size_t)snprintf(buf + o, sz - o, "%s%s", o ? ", " : "",
			    _(names[i]));
}

/* Who and where on the left; whether connected always at the right edge,
 * where the eye looks for it, however long the unit's name. */
static void
frame_header(struct tui *t)
{
	char line[1024], roles[256];
	const char *state = t->conn != NULL ? _("● connected") :
	    t->ever                         ? _("○ connection lost, retrying") :
	                                      _("○ not connected, retrying");
	int sw = (int)text_width(state) + 2;

	roles_text(t, roles, sizeof(roles));
	if (t->ever)
		snprintf(line, sizeof(line), " sk-tui │ %s (%s) │ %s │ %s │ %s │",
		    t->login, t->name, t->unit, roles, t->cfg.server);
	else
		snprintf(line, sizeof(line), " sk-tui │ %s │", t->cfg.server);
	if (sw >= COLS)
		sw = COLS;
	ui_put(t, 0, 0, COLS - sw, line, UI_HEAD);
	ui_put(t, 0, COLS - sw, sw, state, t->conn != NULL ? UI_HEAD : UI_ERR);
}

static void
frame_tabs(struct tui *t, const char *const *tabs, int ntabs, int tab)
{
	int x = 0;
	char cell[256];

	move(1, 0);
	clrtoeol();
	for (int i = 0; i < ntabs && x < COLS; i++) {
		snprintf(cell, sizeof(cell), " %d %s ", i + 1, tabs[i]);
		int w = (int)text_width(cell);

		ui_put(t, 1, x, w < COLS - x ? w : COLS - x, cell,
		    i == tab ? UI_SEL : UI_TITLE);
		x += w + 1;
	}
}

static void
frame_keys(struct tui *t, const char *const *keys)
{
	int x = 0;

	move(LINES - 1, 0);
	clrtoeol();
	for (size_t i = 0; keys != NULL && keys[i] != NULL && keys[i + 1] != NULL;
	     i += 2) {
		int kw = (int)text_width(keys[i]), lw = (int)text_width(_(keys[i + 1]));

		if (x + kw + lw + 2 > COLS)
			break;
		ui_put(t, LINES - 1, x, kw, keys[i], UI_KEY);
		ui_put(t, LINES - 1, x + kw + 1, lw, _(keys[i + 1]), UI_NORMAL);
		x += kw + lw + 3;
	}
}

void
ui_frame(struct tui *t, const char *const *tabs, int ntabs, int tab,
    const char *const *keys)
{
	frame_header(t);
	frame_tabs(t, tabs, ntabs, tab);
	ui_put(t, LINES - 2, 0, COLS, t->msg, t->msg_err ? UI_ERR : UI_OK);
	frame_keys(t, keys);
}

void
ui_key(struct tui *t, wint_t *key, bool *fn)
{
	for (;;) {
		int rc = get_wch(key);

		if (rc != ERR) {
			*fn = rc == KEY_CODE_YES;
			return;
		}
		/* No key within a second: the time to retry a lost connection,
		 * or to see that it is still there. */
		if (tui_idle(t)) {
			*key = KEY_REFRESH;
			*fn = true;
			return;
		}
		if (t->dirty) {
			t->dirty = false;
			*key = KEY_REFRESH;
			*fn = true;
			return;
		}
	}
}

void
ui_progress(struct tui *t, const char *what, uint64_t done, uint64_t size)
{
	char line[512];
	int bar = COLS / 3,
	    fill = size > 0 ? (int)((double)done / (double)size * bar) : bar;
	int pct = size > 0 ? (int)(done * 100 / size) : 100;
	int x;

	snprintf(line, sizeof(line), "%s %3d%% ", what, pct);
	x = (int)text_width(line);
	ui_put(t, LINES - 2, 0, COLS, line, UI_NORMAL);
	if (x + bar + 2 < COLS) {
		mvaddch(LINES - 2, x, '[');
		attrset(ui_attr(t, UI_SEL));
		for (int i = 0; i < bar; i++)
			mvaddch(LINES - 2, x + 1 + i, i < fill ? '#' : ' ');
		attrset(A_NORMAL);
		mvaddch(LINES - 2, x + 1 + bar, ']');
	}
	refresh();
}

bool
ui_confirm(struct tui *t, const char *question)
{
	char line[512];
	wint_t k;
	bool fn;

	snprintf(line, sizeof(line), "%s %s", question, _("(y/n)"));
	ui_put(t, LINES - 2, 0, COLS, line, UI_KEY);
	refresh();
	for (;;) {
		ui_key(t, &k, &fn);
		if (fn && k == KEY_REFRESH)
			continue;
		ui_put(t, LINES - 2, 0, COLS, "", UI_NORMAL);
		/* y, and Vietnamese c (có); anything else is no. */
		return !fn && (k == 'y' || k == 'Y' || k == 'c' || k == 'C');
	}
}

/* ---- forms -------------------------------------------------------------------- */

int
form_add(struct form *f, const char *key, const char *label, const char *hint,
    const char *value)
{
	struct form_field *x;

	if (f->n >= FORM_MAX)
		return -1;
	x = &f->f[f->n];
	x->key = key;
	x->label = label;
	x->hint = hint;
	x->err[0] = '\0';
	tedit_set(&x->ed, value);
	return f->n++;
}

const char *
form_text(struct form *f, int i)
{
	if (i < 0 || i >= f->n)
		return "";
	tedit_nfc(&f->f[i].ed);
	return f->f[i].ed.s;
}

int
form_find(const struct form *f, const char *key)
{
	for (int i = 0; i < f->n; i++)
		if (strcmp(f->f[i].key, key) == 0)
			return i;
	return -1;
}

void
form_error(struct form *f, const char *msg)
{
	const char *colon = strstr(msg, ": ");
	char key[128];
	int i = -1;

	for (int k = 0; k < f->n; k++)
		f->f[k].err[0] = '\0';
	f->err[0] = '\0';
	if (colon != NULL && (size_t)(colon - msg) < sizeof(key)) {
		/* "authors[2].share: ..." names author 2's share field. */
		memcpy(key, msg, (size_t)(colon - msg));
		key[colon - msg] = '\0';
		i = form_find(f, key);
		if (i < 0 && strchr(key, '.') != NULL)
			i = form_find(f, strrchr(key, '.') + 1);
		if (i < 0 && strchr(key, '[') != NULL) {
			*strchr(key, '[') = '\0';
			i = form_find(f, key);
		}
	}
	if (i >= 0) {
		snprintf(f->f[i].err, sizeof(f->f[i].err), "%s", colon + 2);
		f->cur = i;
	} else
		snprintf(f->err, sizeof(f->err), "%s", msg);
}

#define LABEL_COLS 30

/* Rows field i takes: itself, and its error. */
static int
field_rows(const struct form_field *x)
{
	return x->err[0] != '\0' ? 2 : 1;
}

static void
form_draw(struct tui *t, struct form *f)
{
	int y = ui_top(), bottom = ui_bottom(), rows = 0, vcols = COLS - LABEL_COLS - 2;
	int cy = -1, cx = 0;
	char view[TEDIT_MAX];

	for (int r = y; r <= bottom; r++) {
		move(r, 0);
		clrtoeol();
	}
	ui_put(t, y++, 0, COLS, f->title, UI_TITLE);
	if (f->err[0] != '\0')
		ui_put(t, y++, 0, COLS, f->err, UI_ERR);
	/* Keep the current field on screen. */
	if (f->cur < f->top)
		f->top = f->cur;
	for (;;) {
		rows = 0;
		for (int i = f->top; i <= f->cur; i++)
			rows += field_rows(&f->f[i]);
		if (rows <= bottom - y + 1 || f->top >= f->cur)
			break;
		f->top++;
	}
	for (int i = f->top; i < f->n && y <= bottom; i++) {
		struct form_field *x = &f->f[i];
		size_t col;

		ui_put(t, y, 0, LABEL_COLS, x->label, i == f->cur ? UI_KEY : UI_NORMAL);
		col = tedit_view(&x->ed, (size_t)(vcols > 1 ? vcols - 1 : 1), view,
		    sizeof(view));
		if (x->ed.len == 0 && x->hint != NULL && i != f->cur)
			ui_put(t, y, LABEL_COLS + 1, vcols, x->hint, UI_DIM);
		else
			ui_put(t, y, LABEL_COLS + 1, vcols, view,
			    i == f->cur ? UI_SEL : UI_NORMAL);
		if (i == f->cur)
			cy = y, cx = LABEL_COLS + 1 + (int)col;
		y++;
		if (x->err[0] != '\0' && y <= bottom) {
			char e[300];

			snprintf(e, sizeof(e), "↑ %s", x->err);
			ui_put(t, y++, LABEL_COLS + 1, vcols, e, UI_ERR);
		}
	}
	if (cy >= 0) {
		curs_set(1);
		move(cy, cx);
	}
}

static const char *const form_keys[] = { "F2", N_("Send"), "Tab/↓", N_("Next field"), "↑",
	N_("Previous"), "^U", N_("Clear"), "Esc", N_("Cancel"), NULL, NULL };

/* Put the wide character typed into the current field. */
static void
form_type(struct form *f, wint_t k)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof(st));
	n = wcrtomb(mb, (wchar_t)k, &st);
	if (n == (size_t)-1 || !tedit_insert(&f->f[f->cur].ed, mb, n))
		beep();
	else
		f->changed = true;
}

/* An edit key on the current field: true when it was one. */
static bool
form_edit(struct form *f, wint_t k, bool fn)
{
	struct tedit *e = &f->f[f->cur].ed;

	if (fn) {
		switch (k) {
		case KEY_LEFT: tedit_left(e); return true;
		case KEY_RIGHT: tedit_right(e); return true;
		case KEY_HOME: tedit_home(e); return true;
		case KEY_END: tedit_end(e); return true;
		case KEY_BACKSPACE: tedit_backspace(e); break;
		case KEY_DC: tedit_delete(e); break;
		default: return false;
		}
	} else {
		switch (k) {
		case 127:
		case KEY_CTRL('h'): tedit_backspace(e); break;
		case KEY_CTRL('a'): tedit_home(e); return true;
		case KEY_CTRL('e'): tedit_end(e); return true;
		case KEY_CTRL('k'): tedit_kill(e); break;
		case KEY_CTRL('u'): tedit_clear(e); break;
		default:
			if (k < 0x20)
				return false;
			form_type(f, k);
			return true;
		}
	}
	f->changed = true;
	return true;
}

bool
form_run(struct tui *t, struct form *f, bool enter_sends)
{
	wint_t k;
	bool fn;

	for (;;) {
		ui_frame(t, NULL, 0, -1, form_keys);
		form_draw(t, f);
		refresh();
		ui_key(t, &k, &fn);
		if (fn && k == KEY_F(2))
			break;
		if (!fn && k == KEY_CTRL('s'))
			break;
		if ((fn && k == KEY_F(10)) || (!fn && (k == ESC || k == KEY_CTRL('c')))) {
			if (!f->changed ||
			    ui_confirm(t,
			        _("Leave this form? What you typed is lost."))) {
				curs_set(0);
				return false;
			}
			continue;
		}
		if ((fn && (k == KEY_DOWN || k == KEY_ENTER)) ||
		    (!fn && (k == '\t' || k == '\n' || k == '\r'))) {
			bool enter = fn ? k == KEY_ENTER : k != '\t';

			if (enter && enter_sends && f->cur == f->n - 1)
				break;
			if (f->cur < f->n - 1)
				f->cur++;
			continue;
		}
		if (fn && (k == KEY_UP || k == KEY_BTAB)) {
			if (f->cur > 0)
				f->cur--;
			continue;
		}
		if (fn && (k == KEY_RESIZE || k == KEY_REFRESH)) {
			clear();
			continue;
		}
		form_edit(f, k, fn);
	}
	curs_set(0);
	return true;
}

/* ---- the pager ---------------------------------------------------------------- */

void
pager_clear(struct pager *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].text);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

void
pager_add(struct pager *p, enum ui_attr a, uint64_t id, uint64_t id2, const char *fmt,
    ...)
{
	struct pager_line *v;
	va_list ap;
	char *s;

	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;

		if ((v = realloc(p->v, cap * sizeof(*v))) == NULL)
			return;
		p->v = v;
		p->cap = cap;
	}
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (s == NULL)
		return;
	/* A line with a newline in it (a reason, a description) is cut
	 * there: one pager line is one screen row. */
	s[strcspn(s, "\n")] = '\0';
	p->v[p->n++] = (struct pager_line){ s, a, id, id2 };
}

static bool
pager_selectable(const struct pager *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].id != 0)
			return true;
	return false;
}

/* Keep the selection on a selectable line, and on screen. */
static void
pager_fix(struct pager *p)
{
	size_t rows = (size_t)(ui_bottom() - ui_top()) + 1;

	if (p->n == 0) {
		p->top = p->sel = 0;
		return;
	}
	if (p->sel >= p->n)
		p->sel = p->n - 1;
	if (pager_selectable(p)) {
		size_t s = p->sel;

		while (s < p->n && p->v[s].id == 0)
			s++;
		if (s == p->n)
			for (s = p->sel; s > 0 && p->v[s].id == 0; s--)
				;
		p->sel = s;
		if (p->sel < p->top)
			p->top = p->sel;
		if (p->sel >= p->top + rows)
			p->top = p->sel - rows + 1;
	} else if (p->top + rows > p->n)
		p->top = p->n > rows ? p->n - rows : 0;
}

void
pager_draw(struct tui *t, struct pager *p)
{
	int y = ui_top(), bottom = ui_bottom();
	bool sel = pager_selectable(p);

	pager_fix(p);
	for (size_t i = p->top; y <= bottom; i++, y++) {
		if (i >= p->n) {
			move(y, 0);
			clrtoeol();
			continue;
		}
		ui_put(t, y, 0, COLS, p->v[i].text,
		    sel && i == p->sel ? UI_SEL : p->v[i].attr);
	}
}

bool
pager_move(struct pager *p, wint_t k, bool fn)
{
	size_t rows = (size_t)(ui_bottom() - ui_top()) + 1;
	bool sel = pager_selectable(p);
	size_t *at = sel ? &p->sel : &p->top;

	if (!fn && (k == 'j' || k == 'k'))
		k = k == 'j' ? KEY_DOWN : KEY_UP, fn = true;
	if (!fn)
		return false;
	switch (k) {
	case KEY_DOWN:
		if (sel) {
			size_t s = p->sel + 1;

			while (s < p->n && p->v[s].id == 0)
				s++;
			if (s < p->n)
				p->sel = s;
		} else
			p->top++;
		break;
	case KEY_UP:
		if (sel) {
			size_t s = p->sel;

			while (s > 0 && p->v[--s].id == 0)
				;
			if (p->v[s].id != 0)
				p->sel = s;
		} else if (p->top > 0)
			p->top--;
		break;
	case KEY_NPAGE: *at += rows; break;
	case KEY_PPAGE: *at = *at > rows ? *at - rows : 0; break;
	case KEY_HOME: *at = 0; break;
	case KEY_END: *at = p->n > 0 ? p->n - 1 : 0; break;
	default: return false;
	}
	pager_fix(p);
	return true;
}

uint64_t
pager_id(const struct pager *p)
{
	return p->sel < p->n ? p->v[p->sel].id : 0;
}

uint64_t
pager_id2(const struct pager *p)
{
	return p->sel < p->n ? p->v[p->sel].id2 : 0;
}
