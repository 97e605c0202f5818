/*
 * sk-tui: the full-screen client, over the client library (call.h, xfer.h,
 * logv.h) as sk is. What its files share:
 *
 *   tui.c        main: configuration, language, the connection and its
 *                retries, the tabs a user's roles allow;
 *   tui_ui.c     the screen: header, tabs, message and key lines, lists,
 *                the pager, forms and their fields, the progress bar;
 *   tui_list.c   initiatives: lists with search and sort, the detail,
 *                the form of a dossier, the actions of each role on one;
 *   tui_work.c   the council's sessions, the inbox, the district summary,
 *                the commendation list, the auditor's log.
 *
 * Every call goes through tui_call(): a connection that fails is closed,
 * shown as lost and retried in the background while the screen stays as
 * it was (a form keeps what was typed, to be sent again).
 */
#ifndef SK_TUI_H
#define SK_TUI_H

#include <libintl.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "call.h"
#include "skc.h"
#include "tedit.h"

#define _(s) gettext(s)
#define N_(s) (s)

#define TUI_CATS 16

struct tui {
	struct skc_config cfg;
	struct skc *conn; /* NULL while offline */
	time_t retry_at;  /* next reconnection attempt */
	time_t last_io;   /* the last call: an idle connection is pinged */
	int backoff;      /* seconds, doubled up to 30 */
	bool ever;        /* connected once: who we are is known */
	/* Who is connected, from the last Hello. */
	char login[64], name[160], unit[200], unit_code[64];
	uint32_t unit_id, roles;
	char cats[TUI_CATS][160]; /* content categories by number - 1 */
	/* The message line. */
	char msg[512];
	bool msg_err;
	bool color;
	bool dirty; /* the screen must be redrawn (resize, reconnection) */
};

/* ---- tui.c -------------------------------------------------------------------- */

/* Check a call's rc: 0 passes; SK_UNAVAILABLE closes the connection and
 * shows it lost; any other code shows the server's words. Returns rc. */
int tui_call(struct tui *t, int rc, const struct sk_error *err);

/* Try to connect now (after a loss, when its time has come, or at once
 * with force). true when connected. */
bool tui_reconnect(struct tui *t, bool force);

/* Nothing typed for a while: retry a lost connection when its time has
 * come, or ping a live one now and then so that its loss shows. true
 * when the connection changed (redraw). */
bool tui_idle(struct tui *t);

/* The message line: info or error, printf-style. */
void tui_say(struct tui *t, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Role bits (sk.v1.Role) of the user, and a category's name. */
bool tui_has(const struct tui *t, uint32_t roles);
const char *tui_category(const struct tui *t, uint32_t n);

/* A state's, an action's, a forwarding stage's name for people, in the
 * user's language. */
const char *tui_state(uint32_t state);
const char *tui_action(uint32_t action);
const char *tui_stage(uint32_t stage);

/* ---- tui_ui.c ----------------------------------------------------------------- */

/* Attributes by use; colour when the terminal has it, else plain. */
enum ui_attr { UI_NORMAL, UI_TITLE, UI_SEL, UI_KEY, UI_ERR, UI_OK, UI_DIM, UI_HEAD };

void ui_start(struct tui *t);
void ui_end(void);
int ui_attr(const struct tui *t, enum ui_attr a);

/* s at (y, x) in exactly cols columns (cut or padded) with attribute a. */
void ui_put(const struct tui *t, int y, int x, int cols, const char *s, enum ui_attr a);

/* The frame: the header (who, where, connected or not), the tabs, the
 * message line and the keys line ("k Label" pairs, NULL-ended). */
void ui_frame(struct tui *t, const char *const *tabs, int ntabs, int tab,
    const char *const *keys);

/* The first and last rows of the body between header and message line. */
int ui_top(void);
int ui_bottom(void);

/*
 * The next key, as get_wch gives it (*key, *fn true for a function key);
 * while none comes, the connection is retried and, when that changes
 * anything, 0 is returned with *fn true and *key KEY_REFRESH so the caller
 * redraws. KEY_RESIZE comes through.
 */
void ui_key(struct tui *t, wint_t *key, bool *fn);

/* A progress bar on the message line. */
void ui_progress(struct tui *t, const char *what, uint64_t done, uint64_t size);

/* A question on the message line; true for y (or c: có). */
bool ui_confirm(struct tui *t, const char *question);

/* ---- forms -------------------------------------------------------------------- */

#define FORM_MAX 48

struct form_field {
	const char *key;   /* the request's field name the server's errors name */
	const char *label; /* shown, translated */
	const char *hint;  /* shown beside an empty field, or NULL */
	struct tedit ed;
	char err[256]; /* the error next to it */
};

struct form {
	const char *title;
	struct form_field f[FORM_MAX];
	int n, cur, top;
	char err[512]; /* the form's own error (e.g. no connection) */
	bool changed;
};

/* Add a field (value may be NULL); returns its index. */
int form_add(struct form *f, const char *key, const char *label, const char *hint,
    const char *value);

/* The text of field i (NFC), and the index of the field named key (-1). */
const char *form_text(struct form *f, int i);
int form_find(const struct form *f, const char *key);

/* Put the server's message next to the field it names ("title: must not
 * be empty" goes to field "title"), else on the form; clears the others. */
void form_error(struct form *f, const char *msg);

/* Edit until the user sends (F2, Ctrl-S; Enter on the last field when
 * enter_sends) - true - or leaves (Esc, F10) - false. */
bool form_run(struct tui *t, struct form *f, bool enter_sends);

/* ---- the pager: lines of text with selectable ones ---------------------------- */

struct pager_line {
	char *text;
	enum ui_attr attr;
	uint64_t id, id2; /* what the line stands for (0: not selectable) */
};

struct pager {
	struct pager_line *v;
	size_t n, cap;
	size_t top, sel;
};

void pager_clear(struct pager *p);
void pager_add(struct pager *p, enum ui_attr a, uint64_t id, uint64_t id2,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void pager_draw(struct tui *t, struct pager *p);
/* Move with the key (arrows, pages, Home, End): true when it was one. */
bool pager_move(struct pager *p, wint_t key, bool fn);
/* The selected line's ids (0 when none). */
uint64_t pager_id(const struct pager *p);
uint64_t pager_id2(const struct pager *p);

/* ---- tui_list.c, tui_work.c: the tabs ----------------------------------------- */

enum tab_kind {
	TAB_INITIATIVES,
	TAB_QUEUE,
	TAB_SESSIONS,
	TAB_DECISIONS,
	TAB_INBOX,
	TAB_SUMMARY,
	TAB_AWARDS,
	TAB_LOG
};

/* Run tab kind until the user switches tab (returns the new tab's
 * number key, '1'...) or quits (returns 0). */
int list_run(struct tui *t, enum tab_kind kind, const char *const *tabs, int ntabs,
    int tab);
int work_run(struct tui *t, enum tab_kind kind, const char *const *tabs, int ntabs,
    int tab);

/* The detail of initiative id, with the actions the user may take. */
void detail_run(struct tui *t, uint64_t id);

/* Vote on initiative id in session sid (a small form). */
void work_vote(struct tui *t, uint64_t sid, uint64_t id);
/* Close session sid (the chair), after asking. */
void work_close(struct tui *t, uint64_t sid);

/* Keys common to every tab: a tab number, ? help, q quit. Returns the
 * tab key, 'q', or 0 when the key is none of them. */
int tui_tab_key(struct tui *t, wint_t key, bool fn, int ntabs);

/* The help screen. */
void tui_help(struct tui *t);

#endif
