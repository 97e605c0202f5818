/*
 * sk-tui: the full-screen client of the initiative registry, for the
 * people who work in it all day. This file: options, configuration (as
 * sk reads it), the language, the connection and its retries, the tabs
 * the user's roles allow. See tui.h for the others.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <getopt.h>
#include <langinfo.h>
#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "names.h"
#include "tui.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    _("usage: sk-tui [-c FILE] [--server HOST:PORT] [--ca FILE] [--cert FILE] "
	      "[--key FILE]\n"
	      "\n"
	      "The full-screen client of the initiative registry. It reads the same\n"
	      "configuration as sk: -c FILE, else $SK_CONFIG, else ~/.config/sk/sk.conf;\n"
	      "the options override its settings.\n"
	      "\n"
	      "It speaks Vietnamese, or English when LANG (LC_ALL, LC_MESSAGES) is en_*.\n"
	      "Inside, ? shows the keys.\n"
	      "\n"
	      "Exit status: 0 done; 1 configuration or terminal problem; 2 usage error.\n"));
}

/* ---- language ----------------------------------------------------------------- */

/* The catalogues: beside the program in its build tree, else in
 * ../share/locale of where it is installed. */
static void
lang_dir(char *buf, int sz)
{
	char exe[PATH_MAX], dir[PATH_MAX - 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *env = getenv("SK_LOCALEDIR");

	if (env != NULL && env[0] != '\0') {
		snprintf(buf, sz, "%s", env);
		return;
	}
	if (n <= 0) {
		snprintf(buf, sz, "/usr/share/locale");
		return;
	}
	exe[n] = '\0';
	if ((size_t)snprintf(dir, sizeof(dir), "%s", dirname(exe)) >= sizeof(dir)) {
		snprintf(buf, sz, "/usr/share/locale");
		return;
	}
	snprintf(buf, sz, "%s/locale", dir);
	if (access(buf, F_OK) != 0)
		snprintf(buf, sz, "%s/../share/locale", dir);
}

/* Vietnamese unless the user asks for English. The terminal needs UTF-8
 * whatever the locale installed: C.UTF-8 is always there. */
static void
lang_start(void)
{
	const char *v = getenv("LC_ALL");
	char dir[PATH_MAX];

	if (v == NULL || v[0] == '\0')
		v = getenv("LC_MESSAGES");
	if (v == NULL || v[0] == '\0')
		v = getenv("LANG");
	if (setlocale(LC_ALL, "") == NULL || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	/* gettext translates nothing in the C locale, whatever LANGUAGE says. */
	const char *msg = setlocale(LC_MESSAGES, NULL);
	if (msg == NULL || strcmp(msg, "C") == 0 || strcmp(msg, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	setenv("LANGUAGE", v != NULL && strncmp(v, "en", 2) == 0 ? "en" : "vi", 1);
	lang_dir(dir, (int)sizeof(dir));
	bindtextdomain("sk", dir);
	bind_textdomain_codeset("sk", "UTF-8");
	textdomain("sk");
}

const char *
tui_state(uint32_t state)
{
	static const char *const names[] = { N_("unknown"), N_("registered"), N_("draft"),
		N_("submitted"), N_("returned"), N_("accepted"), N_("in review"),
		N_("recognised"), N_("not recognised"), N_("withdrawn"), N_("refused"),
		N_("received"), N_("sent back"), N_("superseded") };

	return _(state < sizeof(names) / sizeof(names[0]) ? names[state] : names[0]);
}

const char *
tui_action(uint32_t action)
{
	static const char *const names[] = { N_("unknown"), N_("start"), N_("submit"),
		N_("withdraw"), N_("accept"), N_("return"), N_("refuse"), N_("review"),
		N_("recognise"), N_("not recognise"), N_("decide"), N_("confirm"),
		N_("not the same person"), N_("create"), N_("edit"), N_("nominate"),
		N_("forward"), N_("register"), N_("send back"), N_("result above"),
		N_("supersede"), N_("propose"), N_("award"), N_("publish") };

	return _(action < sizeof(names) / sizeof(names[0]) ? names[action] : names[0]);
}

const char *
tui_stage(uint32_t stage)
{
	static const char *const names[] = { N_("unknown"), N_("asked to complete"),
		N_("sent"), N_("sent back"), N_("recognised above"),
		N_("not recognised above") };

	return _(stage < sizeof(names) / sizeof(names[0]) ? names[stage] : names[0]);
}

/* ---- the connection ----------------------------------------------------------- */

void
tui_say(struct tui *t, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof(t->msg), fmt, ap);
	va_end(ap);
	t->msg_err = error;
}

/* Keep who we are from the Hello: shown while offline too. */
static void
who_from(struct tui *t)
{
	const Sk__V1__HelloResponse *h = skc_hello(t->conn);

	snprintf(t->login, sizeof(t->login), "%s", h->login);
	snprintf(t->name, sizeof(t->name), "%s", h->user_name);
	snprintf(t->unit, sizeof(t->unit), "%s", h->unit != NULL ? h->unit->name : "");
	snprintf(t->unit_code, sizeof(t->unit_code), "%s",
	    h->unit != NULL ? h->unit->code : "");
	t->unit_id = h->unit != NULL ? h->unit->id : 0;
	t->roles = h->roles;
	memset(t->cats, 0, sizeof(t->cats));
	for (size_t i = 0; i < h->n_categories; i++)
		if (h->categories[i]->number >= 1 && h->categories[i]->number <= TUI_CATS)
			snprintf(t->cats[h->categories[i]->number - 1],
			    sizeof(t->cats[0]), "%s", h->categories[i]->name);
	t->ever = true;
}

bool
tui_reconnect(struct tui *t, bool force)
{
	struct sk_error err = { 0 };
	bool was = t->ever;

	if (t->conn != NULL)
		return true;
	if (!force && time(NULL) < t->retry_at)
		return false;
	if (skc_connect(&t->cfg, &t->conn, &err) != 0) {
		t->backoff = t->backoff == 0 ? 1 :
		    t->backoff * 2 > 30      ? 30 :
		                               t->backoff * 2;
		t->retry_at = time(NULL) + t->backoff;
		tui_say(t, true, _("Cannot connect to %s: %s (trying again in %d s)"),
		    t->cfg.server, err.msg, t->backoff);
		t->dirty = true;
		return false;
	}
	t->backoff = 0;
	t->last_io = time(NULL);
	who_from(t);
	tui_say(t, false,
	    was ? _("Connected again. What you were typing is still there: "
	            "send it again (F2).") :
	          _("Connected."));
	t->dirty = true;
	return true;
}

int
tui_call(struct tui *t, int rc, const struct sk_error *err)
{
	t->last_io = time(NULL);
	if (rc == 0)
		return 0;
	if (rc == SK_UNAVAILABLE) {
		skc_close(t->conn);
		t->conn = NULL;
		t->backoff = 1;
		t->retry_at = time(NULL) + 1;
		tui_say(t, true,
		    _("Connection lost (%s): retrying; nothing you typed is lost."),
		    err->msg);
	} else
		tui_say(t, true, "%s", err->msg);
	t->dirty = true;
	return rc;
}

#define PING_SECONDS 3

bool
tui_idle(struct tui *t)
{
	struct sk_error err = { 0 };

	if (t->conn == NULL)
		return tui_reconnect(t, false);
	if (time(NULL) - t->last_io < PING_SECONDS)
		return false;
	return tui_call(t, skc_ping(t->conn, &err), &err) != 0;
}

bool
tui_has(const struct tui *t, uint32_t roles)
{
	return (t->roles & roles) != 0;
}

const char *
tui_category(const struct tui *t, uint32_t n)
{
	return n >= 1 && n <= TUI_CATS ? t->cats[n - 1] : "";
}

/* ---- tabs --------------------------------------------------------------------- */

#define R(x) SK__V1__ROLE__ROLE_##x

static const struct {
	const char *name;
	enum tab_kind kind;
	uint32_t roles;
} tab_table[] = {
	{ N_("Initiatives"), TAB_INITIATIVES,
	    R(AUTHOR) | R(CLERK) | R(COUNCIL) | R(HEAD) | R(DISTRICT_OFFICE) },
	{ N_("Clerk's queue"), TAB_QUEUE, R(CLERK) },
	{ N_("Sessions"), TAB_SESSIONS, R(COUNCIL) | R(HEAD) | R(CLERK) },
	{ N_("Decisions"), TAB_DECISIONS, R(HEAD) },
	{ N_("Inbox"), TAB_INBOX, R(DISTRICT_OFFICE) },
	{ N_("District summary"), TAB_SUMMARY, R(DISTRICT_OFFICE) | R(HEAD) },
	{ N_("Commendation"), TAB_AWARDS, R(COMMENDATION) },
	{ N_("Decision log"), TAB_LOG, R(AUDITOR) },
};
#define NTABS (sizeof(tab_table) / sizeof(tab_table[0]))

int
tui_tab_key(struct tui *t, wint_t key, bool fn, int ntabs)
{
	if (fn)
		return 0;
	if (key >= '1' && key < (wint_t)('1' + ntabs))
		return (int)key;
	if (key == '?') {
		tui_help(t);
		return 0;
	}
	if (key == 'q' || key == 'Q')
		return 'q';
	return 0;
}

void
tui_help(struct tui *t)
{
	static const char *const lines[] = {
		N_("Keys of sk-tui"),
		"",
		N_("  1 … 8        switch tab (the tabs your roles allow)"),
		N_("  ↑ ↓ j k      move;  PgUp PgDn Home End: by pages"),
		N_("  Enter        open the selected line"),
		N_("  /            search as you type (diacritics optional: \"phuc tho\" finds "
		   "\"Phúc Thọ\");"),
		N_("               Enter keeps the filter and asks the server, Esc drops it"),
		N_("  s            sort by the next column"),
		N_("  r            reload from the server"),
		N_("  n            new dossier (authors)"),
		N_("  q / Esc      back, or quit from a tab"),
		"",
		N_("In a dossier: the keys of what you may do are shown at the bottom."),
		N_("In a form: Tab/↓ next field, ↑ previous, F2 or Ctrl-S sends, Esc leaves."),
		N_("  A lost connection is retried every few seconds; what you typed stays,"),
		N_("  send it again once the header says connected."),
		"",
		N_("Press any key."),
	};
	static const char *const keys[] = { NULL, NULL };
	wint_t k;
	bool fn;

	clear();
	ui_frame(t, NULL, 0, -1, keys);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		ui_put(t, ui_top() + (int)i, 0, COLS, lines[i][0] ? _(lines[i]) : "",
		    i == 0 ? UI_TITLE : UI_NORMAL);
	refresh();
	do
		ui_key(t, &k, &fn);
	while (fn && k == KEY_REFRESH);
	clear();
}

/* The tabs of the user's roles. */
static int
tabs_of(const struct tui *t, const char **names, enum tab_kind *kinds)
{
	int n = 0;

	for (size_t i = 0; i < NTABS; i++)
		if (tui_has(t, tab_table[i].roles)) {
			names[n] = _(tab_table[i].name);
			kinds[n++] = tab_table[i].kind;
		}
	return n;
}

/* Until the first connection, there is nothing to show but the wait. */
static bool
wait_first(struct tui *t)
{
	static const char *const keys[] = { "q", N_("Quit"), NULL, NULL };
	wint_t k;
	bool fn;

	while (!t->ever) {
		clear();
		ui_frame(t, NULL, 0, -1, keys);
		refresh();
		ui_key(t, &k, &fn);
		if (!fn && (k == 'q' || k == 'Q'))
			return false;
	}
	return true;
}

static void
run(struct tui *t)
{
	const char *names[NTABS];
	enum tab_kind kinds[NTABS];
	int n, tab = 0, next;

	tui_reconnect(t, true);
	if (!wait_first(t))
		return;
	if ((n = tabs_of(t, names, kinds)) == 0) {
		tui_say(t, true,
		    _("Your roles have no screen here (use sk for "
		      "administration)."));
		names[0] = _("Initiatives");
		kinds[0] = TAB_INITIATIVES;
		n = 1;
	}
	for (;;) {
		clear();
		if (kinds[tab] == TAB_INITIATIVES || kinds[tab] == TAB_QUEUE ||
		    kinds[tab] == TAB_DECISIONS || kinds[tab] == TAB_INBOX)
			next = list_run(t, kinds[tab], names, n, tab);
		else
			next = work_run(t, kinds[tab], names, n, tab);
		if (next == 0)
			return;
		tab = next - '1';
	}
}

static int
opts(struct tui *t, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "server", required_argument, NULL, 's' },
		{ "ca", required_argument, NULL, 'a' },
		{ "cert", required_argument, NULL, 'e' },
		{ "key", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct {
		const char *key, *value;
	} set[8];
	int nset = 0, ch;
	const char *conf = NULL;
	char def[PATH_MAX], where[PATH_MAX + 96];
	struct sk_error err = { 0 };

	while ((ch = getopt_long(argc, argv, "c:h", lo, NULL)) != -1) {
		switch (ch) {
		case 'c': conf = optarg; break;
		case 's': set[nset].key = "server", set[nset++].value = optarg; break;
		case 'a': set[nset].key = "ca", set[nset++].value = optarg; break;
		case 'e': set[nset].key = "cert", set[nset++].value = optarg; break;
		case 'k': set[nset].key = "key", set[nset++].value = optarg; break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	skc_config_defaults(&t->cfg);
	if (conf == NULL)
		conf = skc_config_find(def, sizeof(def), where, sizeof(where));
	if (conf != NULL && skc_config_load(&t->cfg, conf, &err) != 0) {
		fprintf(stderr, "sk-tui: %s: %s\n", conf, err.msg);
		return 1;
	}
	for (int i = 0; i < nset; i++)
		if (skc_config_set(&t->cfg, set[i].key, set[i].value, NULL, &err) != 0) {
			fprintf(stderr, "sk-tui: %s\n", err.msg);
			return 2;
		}
	if (t->cfg.ca[0] == '\0' || t->cfg.cert[0] == '\0' || t->cfg.key[0] == '\0') {
		fprintf(stderr,
		    _("sk-tui: no certificate configured (ca, cert and key): %s\n"),
		    conf == NULL ? where : conf);
		return 1;
	}
	/* Short calls: a lost server is noticed within seconds, not 30. */
	if (t->cfg.timeout_ms > 10000)
		t->cfg.timeout_ms = 10000;
	return 0;
}

int
main(int argc, char **argv)
{
	static struct tui t;
	int rc;

	lang_start();
	signal(SIGPIPE, SIG_IGN);
	if ((rc = opts(&t, argc, argv)) != 0)
		return rc;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr,
		    _("sk-tui: needs a terminal (sk is the command for scripts)\n"));
		return 1;
	}
	ui_start(&t);
	curs_set(0);
	run(&t);
	ui_end();
	skc_close(t.conn);
	return 0;
}
