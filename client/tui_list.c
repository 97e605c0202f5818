/*
 * sk-tui: lists of initiatives (all, the clerk's queue, the head's
 * decisions, the office's inbox), the detail of one with the actions of
 * each role, and the form of a dossier.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "doc.h"
#include "names.h"
#include "out.h"
#include "text.h"
#include "tui.h"
#include "xfer.h"

#define KEY_CTRL(c) ((c)&0x1f)
#define ESC 27
#define R(x) SK__V1__ROLE__ROLE_##x
#define PAGE 100
#define MAX_STATES 3

/* ---- the list ----------------------------------------------------------------- */

struct ilist {
	enum tab_kind kind;
	Sk__V1__InitiativeListResponse **pages;
	size_t npages;
	Sk__V1__Initiative **rows; /* into pages */
	size_t n;
	size_t *shown; /* rows after the search, in sort order */
	size_t nshown;
	/* What is loaded: each state in turn, page by page. */
	Sk__V1__State states[MAX_STATES];
	int nstates, si;
	char token[512];
	bool done;
	char query[256]; /* asked of the server (Enter in a search) */
	uint64_t round;  /* the inbox of this round (0: every round) */
	struct tedit search;
	bool searching;
	int sort;
	size_t sel, top;
	uint64_t marked[64];
	size_t nmarked;
};

static const char *const sort_names[] = { N_("newest"), N_("title"), N_("state"),
	N_("last change") };

static void
ilist_free(struct ilist *l)
{
	for (size_t i = 0; i < l->npages; i++)
		call_free(l->pages[i]);
	free(l->pages);
	free(l->rows);
	free(l->shown);
	l->pages = NULL;
	l->rows = NULL;
	l->shown = NULL;
	l->npages = l->n = l->nshown = 0;
}

/* Keep page p and its rows. */
static int
ilist_take(struct ilist *l, Sk__V1__InitiativeListResponse *p)
{
	Sk__V1__InitiativeListResponse **pv =
	    realloc(l->pages, (l->npages + 1) * sizeof(*pv));
	Sk__V1__Initiative **rv;

	if (pv == NULL)
		return -1;
	l->pages = pv;
	l->pages[l->npages++] = p;
	if ((rv = realloc(l->rows, (l->n + p->n_initiatives + 1) * sizeof(*rv))) == NULL)
		return -1;
	l->rows = rv;
	for (size_t i = 0; i < p->n_initiatives; i++)
		l->rows[l->n++] = p->initiatives[i];
	return 0;
}

/* One more page from the server; false when there is no more or it failed. */
static bool
ilist_more(struct tui *t, struct ilist *l)
{
	Sk__V1__InitiativeListResponse *p = NULL;
	struct sk_error err = { 0 };
	int rc;

	if (l->done)
		return false;
	if (l->kind == TAB_INBOX) {
		Sk__V1__InboxRequest q = SK__V1__INBOX_REQUEST__INIT;

		q.page_token = l->token;
		q.page_size = PAGE;
		q.round_id = l->round;
		rc = call_inbox(t->conn, &q, &p, &err);
	} else {
		Sk__V1__InitiativeListRequest q = SK__V1__INITIATIVE_LIST_REQUEST__INIT;

		q.page_size = PAGE;
		q.page_token = l->token;
		q.state = l->states[l->si];
		q.query = l->query;
		/* An author alone sees their own. */
		q.mine = l->kind == TAB_INITIATIVES && t->roles == R(AUTHOR);
		rc = call_initiative_list(t->conn, &q, &p, &err);
	}
	if (tui_call(t, rc, &err) != 0)
		return false;
	snprintf(l->token, sizeof(l->token), "%s", p->next_page_token);
	if (ilist_take(l, p) != 0) {
		call_free(p);
		l->done = true;
		return false;
	}
	if (l->token[0] == '\0' && ++l->si >= l->nstates)
		l->done = true;
	return true;
}

static int
cmp_rows(const Sk__V1__Initiative *a, const Sk__V1__Initiative *b, int sort)
{
	int r = 0;

	switch (sort) {
	case 1: r = text_collate(a->title, b->title); break;
	case 2: r = strcmp(tui_state(a->state), tui_state(b->state)); break;
	case 3:
		r = a->updated_at < b->updated_at ? 1 :
		    a->updated_at > b->updated_at ? -1 :
		                                    0;
		break;
	default: break;
	}
	if (r == 0)
		r = a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
	return r;
}

/* Does row i match the search as typed: its number, or every word typed
 * beginning a word of what the row shows (title, summary, field, authors,
 * the unit it came from), as the server's search matches words? */
static bool
row_matches(const Sk__V1__Initiative *i, const char *q)
{
	const char **texts;
	char id[24];
	size_t n = 0;
	bool match;

	snprintf(id, sizeof(id), "%" PRIu64, i->id);
	if (q[0] == '\0' || strcmp(id, q) == 0)
		return true;
	if ((texts = calloc(i->n_authors + 4, sizeof(*texts))) == NULL)
		return true; /* shown rather than hidden */
	texts[n++] = i->title;
	texts[n++] = i->summary;
	texts[n++] = i->field;
	for (size_t k = 0; k < i->n_authors; k++)
		texts[n++] = i->authors[k]->name;
	if (i->origin != NULL)
		texts[n++] = i->origin->unit_name;
	match = text_match_words(texts, n, q);
	free(texts);
	return match;
}

/* Filter and sort into shown (insertion sort: pages are small). */
static void
ilist_view(struct tui *t, struct ilist *l)
{
	size_t *v = realloc(l->shown, (l->n + 1) * sizeof(*v));

	(void)t;
	if (v == NULL)
		return;
	l->shown = v;
	l->nshown = 0;
	for (size_t i = 0; i < l->n; i++) {
		size_t j;

		if (l->kind == TAB_DECISIONS && l->rows[i]->decision_id != 0)
			continue;
		if (!row_matches(l->rows[i], l->search.s))
			continue;
		for (j = l->nshown;
		     j > 0 && cmp_rows(l->rows[v[j - 1]], l->rows[i], l->sort) > 0; j--)
			v[j] = v[j - 1];
		v[j] = i;
		l->nshown++;
	}
	if (l->sel >= l->nshown)
		l->sel = l->nshown > 0 ? l->nshown - 1 : 0;
}

static void
ilist_load(struct tui *t, struct ilist *l)
{
	size_t rows = (size_t)(ui_bottom() - ui_top());

	ilist_free(l);
	l->token[0] = '\0';
	l->si = 0;
	l->done = false;
	l->nmarked = 0;
	switch (l->kind) {
	case TAB_QUEUE:
		l->states[0] = SK__V1__STATE__STATE_SUBMITTED;
		l->states[1] = SK__V1__STATE__STATE_ACCEPTED;
		l->nstates = 2;
		break;
	case TAB_DECISIONS:
		l->states[0] = SK__V1__STATE__STATE_RECOGNISED;
		l->nstates = 1;
		break;
	default:
		l->states[0] = SK__V1__STATE__STATE_UNSPECIFIED;
		l->nstates = 1;
		break;
	}
	while (l->n < rows && ilist_more(t, l))
		;
	ilist_view(t, l);
}

static bool
is_marked(const struct ilist *l, uint64_t id)
{
	for (size_t i = 0; i < l->nmarked; i++)
		if (l->marked[i] == id)
			return true;
	return false;
}

static void
toggle_mark(struct ilist *l, uint64_t id)
{
	for (size_t i = 0; i < l->nmarked; i++)
		if (l->marked[i] == id) {
			l->marked[i] = l->marked[--l->nmarked];
			return;
		}
	if (l->nmarked < sizeof(l->marked) / sizeof(l->marked[0]))
		l->marked[l->nmarked++] = id;
}

/* One row as the columns of the list; widths by display columns. */
static void
row_text(const struct tui *t, const struct ilist *l, const Sk__V1__Initiative *i,
    char *buf, size_t sz)
{
	char st[64], who[128], title[1024], when[16], extra[128];
	int tw = COLS - 5 - 2 - 16 - 24 - 12 - 4;

	text_fit(tui_state(i->state), 15, true, st, sizeof(st));
	if (l->kind == TAB_INBOX && i->origin != NULL)
		text_fit(i->origin->unit_name, 23, true, who, sizeof(who));
	else
		text_fit(i->n_authors > 0 ? i->authors[0]->name : "", 23, true, who,
		    sizeof(who));
	text_fit(i->title, tw > 10 ? (size_t)tw : 10, true, title, sizeof(title));
	out_time(i->updated_at, extra, sizeof(extra));
	snprintf(when, sizeof(when), "%.10s", extra);
	snprintf(buf, sz, "%s%5" PRIu64 "  %s %s %s %s", is_marked(l, i->id) ? "*" : " ",
	    i->id, st, who, title, when);
	(void)t;
}

static void
ilist_draw(struct tui *t, struct ilist *l, const char *const *tabs, int ntabs, int tab,
    const char *const *keys)
{
	int y = ui_top(), rows = ui_bottom() - ui_top();
	char line[2048], head[512];

	ui_frame(t, tabs, ntabs, tab, keys);
	snprintf(head, sizeof(head), "%s%5s  %-*s %-*s %s", " ", _("ID"), 15, "", 23,
	    l->kind == TAB_INBOX ? _("From") : _("Authors"), _("Title"));
	/* Titles by display width: the translated words may carry diacritics. */
	{
		char a[64], b[64], c[64];

		text_fit(_("State"), 15, true, a, sizeof(a));
		text_fit(l->kind == TAB_INBOX ? _("From") : _("Authors"), 23, true, b,
		    sizeof(b));
		text_fit(_("Title"), 30, false, c, sizeof(c));
		char id[16];

		text_fit(_("ID"), 5, false, id, sizeof(id));
		snprintf(head, sizeof(head), " %*s%s  %s %s %s", 5 - (int)text_width(id),
		    "", id, a, b, c);
	}
	ui_put(t, y++, 0, COLS, head, UI_TITLE);
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)rows)
		l->top = l->sel - (size_t)rows + 1;
	for (int r = 0; r < rows; r++, y++) {
		size_t k = l->top + (size_t)r;

		if (k >= l->nshown) {
			ui_put(t, y, 0, COLS, k == 0 && r == 0 ? _("(nothing here)") : "",
			    UI_DIM);
			continue;
		}
		row_text(t, l, l->rows[l->shown[k]], line, sizeof(line));
		ui_put(t, y, 0, COLS, line, k == l->sel ? UI_SEL : UI_NORMAL);
	}
	if (l->searching || l->search.len > 0) {
		char s[512];

		snprintf(s, sizeof(s), "/%.200s   (%zu %s; %s)", l->search.s, l->nshown,
		    _("found"),
		    l->searching ? _("Enter: ask the server too, Esc: drop") :
		                   _("Esc: drop the filter"));
		ui_put(t, LINES - 2, 0, COLS, s, UI_KEY);
		if (l->searching) {
			curs_set(1);
			move(LINES - 2, 1 + (int)tedit_col(&l->search));
		}
	} else
		curs_set(0);
}

/* ---- the dossier form --------------------------------------------------------- */

#define FORM_AUTHORS 5

static const char *const author_keys[] = { "name", "share", "workplace", "job_title",
	"qualification", "birth_date", "login" };
static const char *const author_labels[] = { N_("name"), N_("share (%)"), N_("workplace"),
	N_("job title"), N_("qualification"), N_("date of birth"),
	N_("login (if enrolled)") };
static char author_key_buf[FORM_AUTHORS][7][32];
static char author_label_buf[FORM_AUTHORS][7][96];

static const char *
date_vn(const char *iso, char *buf, size_t sz)
{
	int32_t d;

	if (iso != NULL && iso[0] != '\0' && date_parse_iso(iso, &d))
		date_format_vn(d, buf, sz);
	else
		snprintf(buf, sz, "%s", iso != NULL ? iso : "");
	return buf;
}

static void
dossier_form(const struct tui *t, struct form *f, const Sk__V1__Initiative *in, int nauth)
{
	char cat[16], d[16], share[16], hint[512];
	size_t o = 0;

	memset(f, 0, sizeof(*f));
	f->title = in != NULL ? _("Edit the dossier (F2 sends)") :
	                        _("A new dossier: the application of Form I (F2 sends)");
	form_add(f, "title", _("Title of the initiative"), NULL, in ? in->title : NULL);
	form_add(f, "summary", _("Summary"), NULL, in ? in->summary : NULL);
	snprintf(cat, sizeof(cat), "%u", in ? in->category : 0);
	for (uint32_t k = 1; k <= TUI_CATS && o < sizeof(hint); k++)
		if (tui_category(t, k)[0])
			o += (size_t)snprintf(hint + o, sizeof(hint) - o, "%s%u %s",
			    k > 1 ? ", " : "", k, tui_category(t, k));
	form_add(f, "category", _("Content category (number)"), hint,
	    in && in->category ? cat : NULL);
	form_add(f, "field", _("Field of application"), NULL, in ? in->field : NULL);
	form_add(f, "description", _("Description of the solution"), NULL,
	    in ? in->description : NULL);
	form_add(f, "confidential", _("Confidential part"), _("(optional)"),
	    in ? in->confidential : NULL);
	form_add(f, "conditions", _("Conditions to apply it"), _("(optional)"),
	    in ? in->conditions : NULL);
	form_add(f, "benefits", _("Benefits (the authors')"), NULL,
	    in ? in->benefits : NULL);
	form_add(f, "trial_benefits", _("Benefits (of the trial)"), _("(optional)"),
	    in ? in->trial_benefits : NULL);
	form_add(f, "first_applied", _("First applied on"), _("dd/mm/yyyy"),
	    in ? date_vn(in->first_applied, d, sizeof(d)) : NULL);
	form_add(f, "application", _("Applied (1) or trial (2)"), "1",
	    in && in->application == SK__V1__APPLICATION__TRIAL_APPLIED ? "2" : "1");
	form_add(f, "investor", _("Investor (if not the authors)"), _("(optional)"),
	    in ? in->investor : NULL);
	form_add(f, "state_funded", _("State funds used (y/n)"), "n",
	    in && in->state_funded ? "y" : "n");
	form_add(f, "addressee", _("Addressed to"), _("(the unit's council)"),
	    in ? in->addressee : NULL);
	{
		char parts[2048];
		size_t po = 0;

		parts[0] = '\0';
		for (size_t k = 0; in && k < in->n_participants && po < sizeof(parts);
		     k++)
			po += (size_t)snprintf(parts + po, sizeof(parts) - po, "%s%s",
			    k ? "; " : "", in->participants[k]);
		form_add(f, "participants", _("People in the first application"),
		    _("(names, separated by ;)"), parts);
	}
	for (int a = 0; a < nauth && a < FORM_AUTHORS; a++) {
		const Sk__V1__Author *au =
		    in && (size_t)a < in->n_authors ? in->authors[a] : NULL;
		const char *vals[7] = { NULL };

		if (au != NULL) {
			out_share(au->share, share, sizeof(share));
			vals[0] = au->name, vals[1] = share, vals[2] = au->workplace;
			vals[3] = au->job_title, vals[4] = au->qualification;
			vals[5] = date_vn(au->birth_date, d, sizeof(d)),
			vals[6] = au->login;
		} else if (a == 0) {
			vals[0] = t->name, vals[1] = "100", vals[2] = t->unit,
			vals[6] = t->login;
		}
		for (int k = 0; k < 7; k++) {
			snprintf(author_key_buf[a][k], sizeof(author_key_buf[a][k]),
			    "authors[%d].%s", a + 1, author_keys[k]);
			snprintf(author_label_buf[a][k], sizeof(author_label_buf[a][k]),
			    "%s %d: %s", _("Author"), a + 1, _(author_labels[k]));
			form_add(f, author_key_buf[a][k], author_label_buf[a][k],
			    k == 5 ? _("dd/mm/yyyy (optional)") : NULL, vals[k]);
		}
	}
	f->changed = false;
}

/* A date typed as dd/mm/yyyy (or ISO) into ISO; "" stays "". */
static bool
date_field(struct form *f, const char *key, char *iso, size_t sz)
{
	int i = form_find(f, key);
	const char *s = form_text(f, i);
	int32_t d;

	iso[0] = '\0';
	if (s[0] == '\0')
		return true;
	if (!date_parse_any(s, &d)) {
		snprintf(f->f[i].err, sizeof(f->f[i].err), "%s",
		    _("not a date: write dd/mm/yyyy, e.g. 15/03/2024"));
		f->cur = i;
		return false;
	}
	date_format_iso(d, iso, sz);
	return true;
}

/* Percent as typed ("60", "33,33") into hundredths. */
static bool
share_parse(const char *s, uint32_t *out)
{
	unsigned whole = 0, frac = 0, digits = 0;
	const char *p = s;

	if (*p == '\0')
		return false;
	while (*p >= '0' && *p <= '9' && whole < 1000)
		whole = whole * 10 + (unsigned)(*p++ - '0');
	if (*p == '.' || *p == ',')
		for (p++; *p >= '0' && *p <= '9' && digits < 2; digits++)
			frac = frac * 10 + (unsigned)(*p++ - '0');
	if (digits == 1)
		frac *= 10;
	if (*p == '%')
		p++;
	*out = whole * 100 + frac;
	return *p == '\0';
}

struct dossier_buf {
	Sk__V1__Initiative in;
	Sk__V1__Author au[FORM_AUTHORS], *aup[FORM_AUTHORS];
	char dates[FORM_AUTHORS + 1][16];
	char *parts[64];
	char partbuf[TEDIT_MAX];
};

/* The form's fields into b->in (pointing into the form); false after
 * marking a field that is wrong here already. */
static bool
dossier_read(struct form *f, int nauth, struct dossier_buf *b)
{
	Sk__V1__Initiative *in = &b->in;
	const char *s;
	char *save = NULL, *tok;
	int i;

	sk__v1__initiative__init(in);
	for (i = 0; i < f->n; i++)
		f->f[i].err[0] = '\0';
	in->title = (char *)form_text(f, form_find(f, "title"));
	in->summary = (char *)form_text(f, form_find(f, "summary"));
	s = form_text(f, form_find(f, "category"));
	in->category = (uint32_t)strtoul(s, NULL, 10);
	in->field = (char *)form_text(f, form_find(f, "field"));
	in->description = (char *)form_text(f, form_find(f, "description"));
	in->confidential = (char *)form_text(f, form_find(f, "confidential"));
	in->conditions = (char *)form_text(f, form_find(f, "conditions"));
	in->benefits = (char *)form_text(f, form_find(f, "benefits"));
	in->trial_benefits = (char *)form_text(f, form_find(f, "trial_benefits"));
	in->investor = (char *)form_text(f, form_find(f, "investor"));
	in->addressee = (char *)form_text(f, form_find(f, "addressee"));
	s = form_text(f, form_find(f, "application"));
	in->application = s[0] == '2' ? SK__V1__APPLICATION__TRIAL_APPLIED :
	                                SK__V1__APPLICATION__APPLIED;
	s = form_text(f, form_find(f, "state_funded"));
	in->state_funded = s[0] == 'y' || s[0] == 'Y' || s[0] == 'c' || s[0] == 'C';
	if (!date_field(f, "first_applied", b->dates[FORM_AUTHORS], sizeof(b->dates[0])))
		return false;
	in->first_applied = b->dates[FORM_AUTHORS];
	snprintf(b->partbuf, sizeof(b->partbuf), "%s",
	    form_text(f, form_find(f, "participants")));
	for (tok = strtok_r(b->partbuf, ";", &save);
	     tok != NULL && in->n_participants < 64; tok = strtok_r(NULL, ";", &save)) {
		while (*tok == ' ')
			tok++;
		if (*tok != '\0')
			b->parts[in->n_participants++] = tok;
	}
	in->participants = b->parts;
	for (int a = 0; a < nauth; a++) {
		Sk__V1__Author *au = &b->au[in->n_authors];
		char key[48];

		sk__v1__author__init(au);
		snprintf(key, sizeof(key), "authors[%d].name", a + 1);
		au->name = (char *)form_text(f, form_find(f, key));
		if (text_blank(au->name))
			continue;
		snprintf(key, sizeof(key), "authors[%d].share", a + 1);
		if (!share_parse(form_text(f, i = form_find(f, key)), &au->share)) {
			snprintf(f->f[i].err, sizeof(f->f[i].err), "%s",
			    _("a percentage, e.g. 60 or 33,33"));
			f->cur = i;
			return false;
		}
#define AU(field)                                                                        \
	snprintf(key, sizeof(key), "authors[%d]." #field, a + 1);                        \
	au->field = (char *)form_text(f, form_find(f, key))
		AU(workplace);
		AU(job_title);
		AU(qualification);
		AU(login);
#undef AU
		snprintf(key, sizeof(key), "authors[%d].birth_date", a + 1);
		if (!date_field(f, key, b->dates[a], sizeof(b->dates[a])))
			return false;
		au->birth_date = b->dates[a];
		b->aup[in->n_authors++] = au;
	}
	in->authors = b->aup;
	return true;
}

/* Create (in NULL) or edit a dossier. Returns its id, 0 if left. */
static uint64_t
dossier_edit(struct tui *t, const Sk__V1__Initiative *in)
{
	static struct form f;
	static struct dossier_buf b;
	int nauth = in != NULL && in->n_authors > 1 ? (int)in->n_authors + 1 : 2;
	uint64_t id = 0;

	if (nauth > FORM_AUTHORS)
		nauth = FORM_AUTHORS;
	dossier_form(t, &f, in, nauth);
	while (form_run(t, &f, false)) {
		Sk__V1__Initiative *out = NULL;
		struct sk_error err = { 0 };
		int rc;

		if (!dossier_read(&f, nauth, &b))
			continue;
		if (t->conn == NULL) {
			snprintf(f.err, sizeof(f.err), "%s",
			    _("Not connected: your dossier is kept here; send it again (F2) once "
			      "the header says connected."));
			continue;
		}
		if (in != NULL) {
			b.in.id = in->id;
			rc = call_initiative_update(t->conn, &b.in, in->version, &out,
			    &err);
		} else
			rc = call_initiative_create(t->conn, &b.in, false, &out, &err);
		if (tui_call(t, rc, &err) == SK_UNAVAILABLE) {
			snprintf(f.err, sizeof(f.err), "%s",
			    _("The connection was lost before the server answered: your dossier "
			      "is kept here; send it again (F2) once the header says connected."));
			continue;
		}
		if (rc != 0) {
			form_error(&f, err.msg);
			continue;
		}
		id = out->id;
		tui_say(t, false,
		    in != NULL ? _("Dossier %" PRIu64 " saved.") :
		                 _("Dossier %" PRIu64 " created, as a draft."),
		    id);
		call_free(out);
		break;
	}
	clear();
	return id;
}

/* ---- the detail --------------------------------------------------------------- */

struct detail {
	Sk__V1__Initiative *in;
	Sk__V1__HistoryResponse *hist;
	Sk__V1__AttachmentListResponse *files;
	struct pager p;
};

static void
detail_free(struct detail *d)
{
	call_free(d->in);
	call_free(d->hist);
	call_free(d->files);
	pager_clear(&d->p);
	memset(d, 0, sizeof(*d));
}

static void
text_lines(struct pager *p, const char *label, const char *text)
{
	const char *s = text, *nl;

	if (text == NULL || text[0] == '\0')
		return;
	pager_add(p, UI_TITLE, 0, 0, "%s", label);
	while (*s != '\0') {
		nl = strchr(s, '\n');
		pager_add(p, UI_NORMAL, 0, 0, "    %.*s",
		    nl ? (int)(nl - s) : (int)strlen(s), s);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
}

static void
outcome_lines(struct tui *t, struct pager *p, const Sk__V1__Initiative *i)
{
	const Sk__V1__Outcome *o = i->outcome;
	char rule[128];

	if (o == NULL || o->session_id == 0)
		return;
	snprintf(rule, sizeof(rule), "%u/%u %s", o->threshold_num, o->threshold_den,
	    o->count_base == SK__V1__COUNT_BASE__COUNT_ELIGIBLE ?
	        _("of the members who may vote") :
	        _("of the members"));
	pager_add(p, UI_TITLE, 0, 0, "%s %" PRIu64, _("Council session"), o->session_id);
	if (i->state == SK__V1__STATE__STATE_IN_REVIEW) {
		pager_add(p, UI_NORMAL, 0, 0, "    %s",
		    _("under review; the tally is shown "
		      "in the Sessions tab when the ballot allows"));
		return;
	}
	pager_add(p, o->passed ? UI_OK : UI_ERR, 0, 0,
	    "    %s %u, %s %u, %s %u  (%s %u/%u %s; %s %u)  %s", _("yes"), o->yes,
	    _("no"), o->no, _("abstain"), o->abstain, _("members who may vote"),
	    o->eligible, o->members, _("members"), _("needed"), o->needed,
	    o->passed ? _("PASSED") : _("NOT PASSED"));
	if (o->scores > 0)
		pager_add(p, UI_NORMAL, 0, 0, "    %s: %.1f / %.1f / %.1f (%u %s)",
		    _("Average scores novelty / feasibility / benefit"),
		    (double)o->novelty / o->scores, (double)o->feasibility / o->scores,
		    (double)o->benefit / o->scores, o->scores, _("scored ballots"));
	pager_add(p, UI_DIM, 0, 0, "    %s: %s", _("Rule"), rule);
	(void)t;
}

/* "  Label:               value", the label padded by display width. */
static void __attribute__((format(printf, 4, 5)))
field(struct pager *p, enum ui_attr a, const char *label, const char *fmt, ...)
{
	char lab[128], *v = NULL;
	va_list ap;

	text_fit(label, 22, true, lab, sizeof(lab));
	va_start(ap, fmt);
	if (vasprintf(&v, fmt, ap) < 0)
		v = NULL;
	va_end(ap);
	pager_add(p, a, 0, 0, "  %s %s", lab, v != NULL ? v : "");
	free(v);
}

static void
detail_render(struct tui *t, struct detail *d)
{
	const Sk__V1__Initiative *i = d->in;
	struct pager *p = &d->p;
	char a[32], b[32], share[16];

	pager_clear(p);
	pager_add(p, UI_TITLE, 0, 0, "%s %" PRIu64 ": %s", _("Initiative"), i->id,
	    i->title);
	field(p, UI_NORMAL, _("State:"), "%s (%s %u)", tui_state(i->state), _("version"),
	    i->version);
	field(p, UI_NORMAL, _("Category:"), "%u. %s", i->category,
	    tui_category(t, i->category));
	field(p, UI_NORMAL, _("Field:"), "%s", i->field);
	field(p, UI_NORMAL, _("First applied on:"), "%s",
	    out_date(i->first_applied, a, sizeof(a)));
	if (i->filed_on[0])
		field(p, UI_NORMAL, _("Filed on:"), "%s",
		    out_date(i->filed_on, a, sizeof(a)));
	field(p, UI_NORMAL, _("Created:"), "%s", out_time(i->created_at, b, sizeof(b)));
	if (i->addressee[0])
		field(p, UI_NORMAL, _("Addressed to:"), "%s", i->addressee);
	if (i->origin != NULL && i->origin->unit_code[0])
		field(p, UI_NORMAL, _("From:"), "%s, %s %" PRIu64, i->origin->unit_name,
		    _("its initiative"), i->origin->initiative_id);
	if (i->receipt != NULL && i->receipt->number[0])
		field(p, UI_NORMAL, _("Receipt:"), "%s, %s %s", i->receipt->number,
		    _("result due"), out_date(i->receipt->due_on, a, sizeof(a)));
	if (i->notice != NULL && i->notice->reason[0])
		field(p, UI_ERR, _("Reason:"), "%s", i->notice->reason);
	if (i->duplicate_warning[0])
		pager_add(p, UI_ERR, 0, 0, "  %s", i->duplicate_warning);
	if (i->link_warning[0])
		pager_add(p, UI_ERR, 0, 0, "  %s", i->link_warning);
	pager_add(p, UI_TITLE, 0, 0, "%s", _("Authors"));
	for (size_t k = 0; k < i->n_authors; k++) {
		const Sk__V1__Author *au = i->authors[k];

		out_share(au->share, share, sizeof(share));
		pager_add(p, UI_NORMAL, 0, 0, "    %s (%s%%)  %s  %s%s%s", au->name,
		    share, au->workplace, au->login[0] ? au->login : "",
		    au->login[0] && !au->confirmed ? _(" (not confirmed yet)") : "",
		    au->distinct ? _(" (not the staff member of that name)") : "");
	}
	text_lines(p, _("Summary"), i->summary);
	text_lines(p, _("Description of the solution"), i->description);
	text_lines(p, _("Confidential part"),
	    i->confidential_hidden ? _("(hidden from you)") : i->confidential);
	text_lines(p, _("Conditions to apply it"), i->conditions);
	text_lines(p, _("Benefits (the authors')"), i->benefits);
	text_lines(p, _("Benefits (of the trial)"), i->trial_benefits);
	outcome_lines(t, p, i);
	if (i->forward != NULL && i->forward->stage != 0)
		pager_add(p, UI_NORMAL, 0, 0, "%s: %s%s%s", _("Level above"),
		    tui_stage(i->forward->stage), i->forward->reason[0] ? ": " : "",
		    i->forward->reason);
	pager_add(p, UI_TITLE, 0, 0, "%s", _("Attachments"));
	if (d->files == NULL || d->files->n_attachments == 0)
		pager_add(p, UI_DIM, 0, 0, "    %s", _("(none)"));
	for (size_t k = 0; d->files != NULL && k < d->files->n_attachments; k++) {
		const Sk__V1__Attachment *at = d->files->attachments[k];

		pager_add(p, UI_NORMAL, 0, 0, "    %-40s %10" PRIu64 " %s  %s", at->name,
		    at->size, _("bytes"), at->added_by);
	}
	pager_add(p, UI_TITLE, 0, 0, "%s", _("History"));
	for (size_t k = 0; d->hist != NULL && k < d->hist->n_entries; k++) {
		const Sk__V1__HistoryEntry *h = d->hist->entries[k];

		pager_add(p, UI_NORMAL, 0, 0, "    %s  %-14s %s → %s  %s%s%s",
		    out_time(h->at, b, sizeof(b)), h->actor,
		    h->from != 0 ? tui_state(h->from) : "–", tui_state(h->to),
		    tui_action(h->action), h->reason[0] ? ": " : "", h->reason);
	}
}

static bool
detail_load(struct tui *t, struct detail *d, uint64_t id)
{
	struct sk_error err = { 0 };
	Sk__V1__Initiative *in = NULL;

	if (tui_call(t, call_initiative_get(t->conn, id, &in, &err), &err) != 0)
		return false;
	call_free(d->in);
	call_free(d->hist);
	call_free(d->files);
	d->in = in;
	d->hist = NULL;
	d->files = NULL;
	/* Not everyone may read these: a refusal only leaves them out. */
	if (call_history(t->conn, id, &d->hist, &err) == SK_UNAVAILABLE ||
	    call_attachment_list(t->conn, id, &d->files, &err) == SK_UNAVAILABLE)
		tui_call(t, SK_UNAVAILABLE, &err);
	detail_render(t, d);
	return true;
}

/* ---- actions on one ----------------------------------------------------------- */

static bool
am_author(const struct tui *t, const Sk__V1__Initiative *i)
{
	if (strcmp(i->created_by, t->login) == 0)
		return true;
	for (size_t k = 0; k < i->n_authors; k++)
		if (strcmp(i->authors[k]->login, t->login) == 0)
			return true;
	return false;
}

static bool
to_confirm(const struct tui *t, const Sk__V1__Initiative *i)
{
	for (size_t k = 0; k < i->n_authors; k++)
		if (strcmp(i->authors[k]->login, t->login) == 0 &&
		    !i->authors[k]->confirmed)
			return true;
	return false;
}

/* A reason, asked in a one-field form; false when left. */
static bool
ask_text(struct tui *t, const char *title, const char *label, const char *value,
    char *out, size_t sz)
{
	static struct form f;

	memset(&f, 0, sizeof(f));
	f.title = title;
	form_add(&f, "reason", label, NULL, value);
	if (!form_run(t, &f, true)) {
		clear();
		return false;
	}
	snprintf(out, sz, "%s", form_text(&f, 0));
	clear();
	return true;
}

static void
act(struct tui *t, struct detail *d, Sk__V1__Action action, bool reason, const char *done)
{
	char why[2048] = "";
	struct sk_error err = { 0 };

	if (reason &&
	    !ask_text(t, _("The reason, in words the author will read (Enter sends)"),
	        _("Reason"), NULL, why, sizeof(why)))
		return;
	if (tui_call(t,
	        call_transition(t->conn, d->in->id, action, why, d->in->version, NULL,
	            &err),
	        &err) == 0)
		tui_say(t, false, "%s", done);
}

static int
progress(void *arg, uint64_t done, uint64_t size, unsigned chunks)
{
	struct tui *t = arg;

	(void)chunks;
	ui_progress(t, _("Transferring"), done, size);
	return 0;
}

static void
upload(struct tui *t, struct detail *d)
{
	char path[4096];
	struct xfer_upload up = { 0 };
	struct sk_error err = { 0 };
	const char *base;
	int rc;

	if (!ask_text(t, _("Attach a file (Enter sends)"), _("File path"), NULL, path,
	        sizeof(path)) ||
	    path[0] == '\0')
		return;
	if ((up.fp = fopen(path, "rb")) == NULL) {
		tui_say(t, true, "%s: %s", path, _("cannot read this file"));
		return;
	}
	base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	up.name = base;
	up.progress = progress;
	up.arg = t;
	rc = xfer_upload(t->conn, d->in->id, &up, NULL, &err);
	fclose(up.fp);
	if (rc == XFER_LOCAL)
		tui_say(t, true, "%s: %s", path, err.msg);
	else if (tui_call(t, rc, &err) == 0)
		tui_say(t, false, _("%s attached."), base);
}

static void
download(struct tui *t, struct detail *d)
{
	static struct form f;
	const Sk__V1__Attachment *at;
	struct sk_error err = { 0 };
	int rc;

	if (d->files == NULL || d->files->n_attachments == 0) {
		tui_say(t, true, "%s", _("No file is attached."));
		return;
	}
	memset(&f, 0, sizeof(f));
	f.title = _("Download a file (Enter sends)");
	form_add(&f, "which", _("File (its name)"), NULL, d->files->attachments[0]->name);
	form_add(&f, "path", _("Save as"), NULL, d->files->attachments[0]->name);
	while (form_run(t, &f, true)) {
		if ((at = xfer_find(d->files, form_text(&f, 0))) == NULL) {
			snprintf(f.f[0].err, sizeof(f.f[0].err), "%s",
			    _("no attached file of that name"));
			continue;
		}
		rc = xfer_download(t->conn, d->in->id, at->sha256.data, at->size,
		    form_text(&f, 1), progress, t, &err);
		if (rc == XFER_LOCAL)
			tui_say(t, true, "%s", err.msg);
		else if (tui_call(t, rc, &err) == 0)
			tui_say(t, false, _("Saved %s (checked by its SHA-256)."),
			    form_text(&f, 1));
		break;
	}
	clear();
}

/* The receipt or the notice, shown; w writes it to a file to print. */
static void
paper(struct tui *t, struct detail *d, bool receipt)
{
	static const char *const keys[] = { "w", N_("Write to a file"), "q", N_("Back"),
		NULL, NULL };
	struct pager p = { 0 };
	char *text = NULL, *s, *nl, path[4096];
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	wint_t k;
	bool fn;

	if (fp == NULL)
		return;
	if (receipt)
		doc_receipt(fp, t->unit, d->in);
	else
		doc_notice(fp, t->unit, d->in);
	fclose(fp);
	for (s = text; s != NULL && *s != '\0'; s = nl + 1) {
		nl = strchr(s, '\n');
		pager_add(&p, UI_NORMAL, 0, 0, "%.*s",
		    nl ? (int)(nl - s) : (int)strlen(s), s);
		if (nl == NULL)
			break;
	}
	for (;;) {
		clear();
		ui_frame(t, NULL, 0, -1, keys);
		pager_draw(t, &p);
		refresh();
		ui_key(t, &k, &fn);
		if (pager_move(&p, k, fn) || (fn && k == KEY_REFRESH))
			continue;
		if (!fn && k == 'w') {
			snprintf(path, sizeof(path), "%s-%" PRIu64 ".txt",
			    receipt ? "bien-nhan" : "thong-bao", d->in->id);
			if (!ask_text(t, _("Write it to a file (Enter writes)"),
			        _("File path"), path, path, sizeof(path)))
				continue;
			if ((fp = fopen(path, "w")) == NULL || fputs(text, fp) < 0) {
				tui_say(t, true, "%s: %s", path,
				    _("cannot write this file"));
			} else
				tui_say(t, false, _("Written to %s."), path);
			if (fp != NULL)
				fclose(fp);
			continue;
		}
		if (!fn && (k == 'q' || k == ESC))
			break;
	}
	pager_clear(&p);
	free(text);
	clear();
}

/* Open a council session with ids (the clerk). */
static void
session_open(struct tui *t, const uint64_t *ids, size_t n)
{
	static struct form f;
	char today[16], iso[16];
	struct sk_error err = { 0 };
	Sk__V1__Session *s = NULL;

	memset(&f, 0, sizeof(f));
	f.title = _("Open a council session with the dossiers marked (F2 sends)");
	date_format_vn(date_today(), today, sizeof(today));
	form_add(&f, "title", _("Title"), NULL, _("Council session"));
	form_add(&f, "held_on", _("Held on"), _("dd/mm/yyyy"), today);
	form_add(&f, "secret", _("Secret ballot (y/n)"), "n", "n");
	while (form_run(t, &f, true)) {
		const char *sec = form_text(&f, 2);

		if (!date_field(&f, "held_on", iso, sizeof(iso)))
			continue;
		if (tui_call(t,
		        call_session_open(t->conn, form_text(&f, 0), iso,
		            sec[0] == 'y' || sec[0] == 'c', ids, n, &s, &err),
		        &err) != 0) {
			form_error(&f, err.msg);
			continue;
		}
		tui_say(t, false, _("Session %" PRIu64 " is open: its members can vote."),
		    s->id);
		call_free(s);
		break;
	}
	clear();
}

/* The head's decision recognising ids. */
static void
decision_issue(struct tui *t, const uint64_t *ids, size_t n)
{
	static struct form f;
	char today[16], iso[16];
	struct sk_error err = { 0 };
	Sk__V1__DecisionResponse *r = NULL;

	memset(&f, 0, sizeof(f));
	f.title = _("The decision recognising the initiatives marked (F2 sends)");
	date_format_vn(date_today(), today, sizeof(today));
	form_add(&f, "number", _("Number"), _("e.g. 125/QĐ-UBND"), NULL);
	form_add(&f, "signed_on", _("Signed on"), _("dd/mm/yyyy"), today);
	while (form_run(t, &f, true)) {
		if (!date_field(&f, "signed_on", iso, sizeof(iso)))
			continue;
		if (tui_call(t,
		        call_decision_issue(t->conn, form_text(&f, 0), iso, ids, n, &r,
		            &err),
		        &err) != 0) {
			form_error(&f, err.msg);
			continue;
		}
		tui_say(t, false, _("Decision %s issued."), r->decision->number);
		call_free(r);
		break;
	}
	clear();
}

/* The keys shown for d, as "key", "label" pairs. */
static void
detail_keys(const struct tui *t, const struct detail *d, const char **k)
{
	const Sk__V1__Initiative *i = d->in;
	uint32_t st = i->state;
	int n = 0;

#define KEY(key, label) (k[n++] = (key), k[n++] = (label))
	if (am_author(t, i) &&
	    (st == SK__V1__STATE__STATE_DRAFT || st == SK__V1__STATE__STATE_RETURNED)) {
		KEY("e", N_("Edit"));
		KEY("S", N_("Submit"));
		KEY("u", N_("Attach"));
	}
	if (am_author(t, i) && (st == SK__V1__STATE__STATE_REGISTERED))
		KEY("S", N_("Start"));
	if (to_confirm(t, i))
		KEY("c", N_("Confirm co-authorship"));
	if (tui_has(t, R(CLERK)) && st == SK__V1__STATE__STATE_SUBMITTED) {
		KEY("a", N_("Accept"));
		KEY("t", N_("Return"));
		KEY("x", N_("Refuse"));
	}
	if (tui_has(t, R(CLERK)) && st == SK__V1__STATE__STATE_ACCEPTED)
		KEY("o", N_("Open a session"));
	if (i->receipt != NULL && i->receipt->number[0])
		KEY("p", N_("Receipt"));
	if (i->notice != NULL && i->notice->reason[0])
		KEY("N", N_("Notice"));
	if (tui_has(t, R(COUNCIL) | R(HEAD)) && st == SK__V1__STATE__STATE_IN_REVIEW)
		KEY("v", N_("Vote"));
	if (tui_has(t, R(HEAD)) && st == SK__V1__STATE__STATE_IN_REVIEW)
		KEY("C", N_("Close the session"));
	if (tui_has(t, R(HEAD)) && st == SK__V1__STATE__STATE_RECOGNISED &&
	    i->decision_id == 0)
		KEY("D", N_("Decision"));
	if (tui_has(t, R(DISTRICT_OFFICE)) && st == SK__V1__STATE__STATE_RECEIVED) {
		KEY("g", N_("Register"));
		KEY("b", N_("Send back"));
	}
	if (d->files != NULL && d->files->n_attachments > 0)
		KEY("d", N_("Download"));
	KEY("r", N_("Reload"));
	KEY("q", N_("Back"));
	k[n] = k[n + 1] = NULL;
#undef KEY
}

static bool
key_offered(const char **keys, wint_t k)
{
	for (size_t i = 0; keys[i] != NULL; i += 2)
		if (keys[i][0] == (char)k && keys[i][1] == '\0')
			return true;
	return false;
}

/* Run the action of key k on d. */
static void
detail_act(struct tui *t, struct detail *d, wint_t k)
{
	uint64_t id = d->in->id;
	uint64_t sid = d->in->outcome != NULL ? d->in->outcome->session_id : 0;
	bool reg = d->in->state == SK__V1__STATE__STATE_REGISTERED;

	switch (k) {
	case 'e': dossier_edit(t, d->in); break;
	case 'S':
		act(t, d, reg ? SK__V1__ACTION__START : SK__V1__ACTION__SUBMIT, false,
		    reg ? _("Started: it is a draft now.") :
		          _("Submitted: the clerk will receive it."));
		break;
	case 'c':
		act(t, d, SK__V1__ACTION__CONFIRM, false, _("Co-authorship confirmed."));
		break;
	case 'a':
		act(t, d, SK__V1__ACTION__ACCEPT, false,
		    _("Accepted; the receipt is made."));
		break;
	case 't':
		act(t, d, SK__V1__ACTION__RETURN, true, _("Returned to the author."));
		break;
	case 'x':
		act(t, d, SK__V1__ACTION__REFUSE, true, _("Refused, in writing."));
		break;
	case 'g':
		act(t, d, SK__V1__ACTION__REGISTER, false,
		    _("Registered for the council."));
		break;
	case 'b':
		act(t, d, SK__V1__ACTION__SEND_BACK, true, _("Sent back to its unit."));
		break;
	case 'o': session_open(t, &id, 1); break;
	case 'D': decision_issue(t, &id, 1); break;
	case 'v': work_vote(t, sid, id); break;
	case 'C': work_close(t, sid); break;
	case 'u': upload(t, d); break;
	case 'd': download(t, d); break;
	case 'p': paper(t, d, true); break;
	case 'N': paper(t, d, false); break;
	default: break;
	}
}

void
detail_run(struct tui *t, uint64_t id)
{
	struct detail d = { 0 };
	const char *keys[64];
	wint_t k;
	bool fn;

	if (!detail_load(t, &d, id))
		return;
	for (;;) {
		detail_keys(t, &d, keys);
		clear();
		ui_frame(t, NULL, 0, -1, keys);
		pager_draw(t, &d.p);
		refresh();
		ui_key(t, &k, &fn);
		if (pager_move(&d.p, k, fn))
			continue;
		if (fn && (k == KEY_REFRESH || k == KEY_RESIZE))
			continue;
		if (!fn && (k == 'q' || k == ESC))
			break;
		if (!fn && k == '?') {
			tui_help(t);
			continue;
		}
		if (!fn && k == 'r') {
			detail_load(t, &d, id);
			continue;
		}
		if (!fn && key_offered(keys, k)) {
			detail_act(t, &d, k);
			if (t->conn != NULL)
				detail_load(t, &d, id);
		}
	}
	detail_free(&d);
	clear();
}

/* ---- the list's loop ---------------------------------------------------------- */

static void
list_keys(const struct tui *t, const struct ilist *l, const char **k)
{
	int n = 0;

#define KEY(key, label) (k[n++] = (key), k[n++] = (label))
	KEY("↵", N_("Open"));
	KEY("/", N_("Search"));
	KEY("s", N_("Sort"));
	if (l->kind == TAB_INITIATIVES && tui_has(t, R(AUTHOR)))
		KEY("n", N_("New"));
	if (l->kind == TAB_QUEUE || l->kind == TAB_DECISIONS)
		KEY("␣", N_("Mark"));
	if (l->kind == TAB_QUEUE)
		KEY("o", N_("Open a session"));
	if (l->kind == TAB_DECISIONS)
		KEY("D", N_("Decision"));
	if (l->kind == TAB_INBOX)
		KEY("R", N_("Round"));
	KEY("r", N_("Reload"));
	KEY("?", N_("Help"));
	KEY("q", N_("Quit"));
	k[n] = k[n + 1] = NULL;
#undef KEY
}

/* A key while searching: true when taken. */
static bool
search_key(struct tui *t, struct ilist *l, wint_t k, bool fn)
{
	char mb[8];
	mbstate_t st;
	size_t n;

	if (!l->searching)
		return false;
	if (!fn && k == ESC) {
		l->searching = false;
		tedit_clear(&l->search);
		if (l->query[0]) {
			l->query[0] = '\0';
			ilist_load(t, l);
		}
	} else if ((!fn && (k == '\n' || k == '\r')) || (fn && k == KEY_ENTER)) {
		l->searching = false;
		/* More on the server than here: let it search everything. */
		if (!l->done || l->query[0]) {
			tedit_nfc(&l->search);
			snprintf(l->query, sizeof(l->query), "%.200s", l->search.s);
			ilist_load(t, l);
		}
	} else if ((fn && k == KEY_BACKSPACE) ||
	    (!fn && (k == 127 || k == KEY_CTRL('h'))))
		tedit_backspace(&l->search);
	else if (fn && k == KEY_LEFT)
		tedit_left(&l->search);
	else if (fn && k == KEY_RIGHT)
		tedit_right(&l->search);
	else if (!fn && k >= 0x20) {
		memset(&st, 0, sizeof(st));
		if ((n = wcrtomb(mb, (wchar_t)k, &st)) != (size_t)-1)
			tedit_insert(&l->search, mb, n);
	} else
		return fn && (k == KEY_REFRESH || k == KEY_RESIZE) ? false : true;
	l->sel = 0;
	ilist_view(t, l);
	return true;
}

static bool
list_move(struct tui *t, struct ilist *l, wint_t k, bool fn)
{
	size_t rows = (size_t)(ui_bottom() - ui_top());

	if (!fn && (k == 'j' || k == 'k'))
		k = k == 'j' ? KEY_DOWN : KEY_UP, fn = true;
	if (!fn)
		return false;
	switch (k) {
	case KEY_DOWN: l->sel++; break;
	case KEY_UP: l->sel = l->sel > 0 ? l->sel - 1 : 0; break;
	case KEY_NPAGE: l->sel += rows; break;
	case KEY_PPAGE: l->sel = l->sel > rows ? l->sel - rows : 0; break;
	case KEY_HOME: l->sel = 0; break;
	case KEY_END:
		while (ilist_more(t, l))
			;
		ilist_view(t, l);
		l->sel = l->nshown;
		break;
	default: return false;
	}
	/* Near the end of what is here: the next page. */
	if (l->sel + rows >= l->nshown && !l->done && ilist_more(t, l))
		ilist_view(t, l);
	if (l->sel >= l->nshown)
		l->sel = l->nshown > 0 ? l->nshown - 1 : 0;
	return true;
}

/* The inbox of one round, or of all. */
static void
inbox_round(struct tui *t, struct ilist *l)
{
	static struct form f;
	char n[24] = "";

	memset(&f, 0, sizeof(f));
	f.title = _("The inbox of which round? (Enter; empty: every round)");
	if (l->round != 0)
		snprintf(n, sizeof(n), "%" PRIu64, l->round);
	form_add(&f, "round", _("Round number"), _("(every round)"), n);
	while (form_run(t, &f, true)) {
		const char *s = form_text(&f, 0);
		char *end;
		unsigned long long v = strtoull(s, &end, 10);

		if (*end != '\0') {
			snprintf(f.f[0].err, sizeof(f.f[0].err), "%s",
			    _("a round's number, or nothing"));
			continue;
		}
		l->round = v;
		if (v != 0)
			tui_say(t, false, _("The inbox of round %llu."), v);
		else
			tui_say(t, false, "%s", _("The inbox of every round."));
		break;
	}
	clear();
	ilist_load(t, l);
}

/* The ids marked, or the one selected when none is. */
static size_t
chosen(const struct ilist *l, uint64_t *ids)
{
	if (l->nmarked > 0) {
		memcpy(ids, l->marked, l->nmarked * sizeof(*ids));
		return l->nmarked;
	}
	if (l->sel < l->nshown) {
		ids[0] = l->rows[l->shown[l->sel]]->id;
		return 1;
	}
	return 0;
}

int
list_run(struct tui *t, enum tab_kind kind, const char *const *tabs, int ntabs, int tab)
{
	struct ilist l = { .kind = kind };
	const char *keys[40];
	uint64_t ids[64];
	int next = 0;
	wint_t k;
	bool fn;

	ilist_load(t, &l);
	for (;;) {
		list_keys(t, &l, keys);
		ilist_draw(t, &l, tabs, ntabs, tab, keys);
		refresh();
		ui_key(t, &k, &fn);
		if (search_key(t, &l, k, fn) || list_move(t, &l, k, fn))
			continue;
		if (fn && k == KEY_REFRESH) {
			/* Back online: what was not loaded can be now. */
			if (l.n == 0 && t->conn != NULL)
				ilist_load(t, &l);
			continue;
		}
		if (fn && k == KEY_RESIZE) {
			clear();
			continue;
		}
		if ((next = tui_tab_key(t, k, fn, ntabs)) != 0) {
			if (next == 'q')
				next = 0;
			break;
		}
		if (!fn && k == ESC && l.search.len > 0) {
			l.searching = true;
			search_key(t, &l, k, fn);
			continue;
		}
		if ((!fn && (k == '\n' || k == '\r')) || (fn && k == KEY_ENTER)) {
			if (l.sel < l.nshown) {
				detail_run(t, l.rows[l.shown[l.sel]]->id);
				ilist_load(t, &l);
			}
			continue;
		}
		if (fn)
			continue;
		switch (k) {
		case '/': l.searching = true; break;
		case 's':
			l.sort = (l.sort + 1) % 4;
			ilist_view(t, &l);
			tui_say(t, false, _("Sorted by %s."), _(sort_names[l.sort]));
			break;
		case 'r': ilist_load(t, &l); break;
		case 'n':
			if (l.kind == TAB_INITIATIVES && tui_has(t, R(AUTHOR))) {
				uint64_t id = dossier_edit(t, NULL);

				if (id != 0)
					detail_run(t, id);
				ilist_load(t, &l);
			}
			break;
		case ' ':
			if ((l.kind == TAB_QUEUE || l.kind == TAB_DECISIONS) &&
			    l.sel < l.nshown) {
				toggle_mark(&l, l.rows[l.shown[l.sel]]->id);
				l.sel++;
				if (l.sel >= l.nshown)
					l.sel = l.nshown - 1;
			}
			break;
		case 'o':
			if (l.kind == TAB_QUEUE) {
				size_t n = chosen(&l, ids);

				if (n > 0)
					session_open(t, ids, n);
				ilist_load(t, &l);
			}
			break;
		case 'R':
			if (l.kind == TAB_INBOX)
				inbox_round(t, &l);
			break;
		case 'D':
			if (l.kind == TAB_DECISIONS) {
				size_t n = chosen(&l, ids);

				if (n > 0)
					decision_issue(t, ids, n);
				ilist_load(t, &l);
			}
			break;
		default: break;
		}
	}
	ilist_free(&l);
	curs_set(0);
	return next;
}
