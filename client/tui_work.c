/*
 * sk-tui: the council's sessions (vote, tally, close), the district
 * summary, the commendation list and the auditor's view of a decision log
 * with its verification. Each is a pager of lines; the selectable ones
 * stand for a session (id) and an initiative on it (id2).
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "logv.h"
#include "names.h"
#include "out.h"
#include "text.h"
#include "trust.h"
#include "tui.h"

#define ESC 27
#define R(x) SK__V1__ROLE__ROLE_##x
#define MAX_SESSIONS 30

/* ---- sessions ----------------------------------------------------------------- */

struct sessions {
	Sk__V1__InitiativeListResponse *lists[3];
	Sk__V1__Session *s[MAX_SESSIONS];
	size_t n;
};

static void
sessions_free(struct sessions *ss)
{
	for (size_t i = 0; i < 3; i++)
		call_free(ss->lists[i]);
	for (size_t i = 0; i < ss->n; i++)
		call_free(ss->s[i]);
	memset(ss, 0, sizeof(*ss));
}

static const Sk__V1__Initiative *
find_initiative(const struct sessions *ss, uint64_t id)
{
	for (size_t l = 0; l < 3; l++)
		for (size_t i = 0;
		     ss->lists[l] != NULL && i < ss->lists[l]->n_initiatives; i++)
			if (ss->lists[l]->initiatives[i]->id == id)
				return ss->lists[l]->initiatives[i];
	return NULL;
}

static bool
have_session(const struct sessions *ss, uint64_t sid)
{
	for (size_t i = 0; i < ss->n; i++)
		if (ss->s[i]->id == sid)
			return true;
	return false;
}

/* The sessions the dossiers in review and decided on were put on, newest
 * first. */
static void
sessions_load(struct tui *t, struct sessions *ss)
{
	static const Sk__V1__State states[3] = { SK__V1__STATE__STATE_IN_REVIEW,
		SK__V1__STATE__STATE_RECOGNISED, SK__V1__STATE__STATE_NOT_RECOGNISED };
	uint64_t ids[MAX_SESSIONS * 4];
	size_t nids = 0;
	struct sk_error err = { 0 };

	sessions_free(ss);
	for (size_t l = 0; l < 3; l++) {
		Sk__V1__InitiativeListRequest q = SK__V1__INITIATIVE_LIST_REQUEST__INIT;

		q.state = states[l];
		q.page_size = 200;
		if (tui_call(t, call_initiative_list(t->conn, &q, &ss->lists[l], &err),
		        &err) != 0)
			return;
		for (size_t i = 0; i < ss->lists[l]->n_initiatives; i++) {
			const Sk__V1__Outcome *o = ss->lists[l]->initiatives[i]->outcome;
			bool seen = false;

			if (o == NULL || o->session_id == 0)
				continue;
			for (size_t k = 0; k < nids; k++)
				seen = seen || ids[k] == o->session_id;
			if (!seen && nids < sizeof(ids) / sizeof(ids[0]))
				ids[nids++] = o->session_id;
		}
	}
	/* Newest first: ids only grow. */
	for (size_t i = 1; i < nids; i++)
		for (size_t j = i; j > 0 && ids[j] > ids[j - 1]; j--) {
			uint64_t x = ids[j];

			ids[j] = ids[j - 1];
			ids[j - 1] = x;
		}
	for (size_t i = 0; i < nids && ss->n < MAX_SESSIONS; i++) {
		if (have_session(ss, ids[i]))
			continue;
		if (tui_call(t, call_session_get(t->conn, ids[i], &ss->s[ss->n], &err),
		        &err) == SK_UNAVAILABLE)
			return;
		if (ss->s[ss->n] != NULL)
			ss->n++;
	}
}

/* The tally of initiative id on open session s, as its ballot allows. */
static void
tally_open(const struct tui *t, const Sk__V1__Session *s, uint64_t id, char *buf,
    size_t sz)
{
	unsigned yes = 0, no = 0, ab = 0, cast = 0;
	bool mine = false;
	char me[128];

	snprintf(me, sizeof(me), "%s:%" PRIu64, t->login, id);
	for (size_t k = 0; k < s->n_voters; k++) {
		char *colon = strrchr(s->voters[k], ':');

		if (colon != NULL && strtoull(colon + 1, NULL, 10) == id)
			cast++;
		mine = mine || strcmp(s->voters[k], me) == 0;
	}
	for (size_t k = 0; k < s->n_ballots; k++) {
		const Sk__V1__Ballot *b = s->ballots[k];

		if (b->initiative_id != id)
			continue;
		yes += b->vote == SK__V1__VOTE__YES;
		no += b->vote == SK__V1__VOTE__NO;
		ab += b->vote == SK__V1__VOTE__ABSTAIN;
	}
	if (s->secret)
		snprintf(buf, sz, "%s %u%s", _("ballots cast:"), cast,
		    mine ? _(" (yours among them)") : "");
	else
		snprintf(buf, sz, "%s %u, %s %u, %s %u%s", _("yes"), yes, _("no"), no,
		    _("abstain"), ab, mine ? _(" (you voted)") : "");
}

static void
sessions_render(struct tui *t, struct sessions *ss, struct pager *p)
{
	char d[16], tally[256], title[256];

	pager_clear(p);
	if (ss->n == 0)
		pager_add(p, UI_DIM, 0, 0, "%s",
		    _("(no council session yet: the clerk opens one "
		      "from the queue)"));
	for (size_t i = 0; i < ss->n; i++) {
		const Sk__V1__Session *s = ss->s[i];

		pager_add(p, UI_TITLE, s->id, 0, "%s %" PRIu64 " · %s · %s · %s · %s",
		    _("Session"), s->id, s->title, out_date(s->held_on, d, sizeof(d)),
		    s->closed ? _("closed") : _("open, voting"),
		    s->secret ? _("secret ballot") : _("open ballot"));
		for (size_t k = 0; k < s->n_initiative_ids; k++) {
			uint64_t id = s->initiative_ids[k];
			const Sk__V1__Initiative *in = find_initiative(ss, id);
			const Sk__V1__Outcome *o =
			    k < s->n_outcomes ? s->outcomes[k] : NULL;

			text_fit(in != NULL ? in->title : "", 32, true, title,
			    sizeof(title));
			if (s->closed && o != NULL)
				snprintf(tally, sizeof(tally),
				    "%s %u, %s %u, %s %u; %s %u: %s", _("yes"), o->yes,
				    _("no"), o->no, _("abstain"), o->abstain, _("needed"),
				    o->needed, o->passed ? _("PASSED") : _("NOT PASSED"));
			else
				tally_open(t, s, id, tally, sizeof(tally));
			pager_add(p,
			    s->closed && o != NULL ? (o->passed ? UI_OK : UI_ERR) :
			                             UI_NORMAL,
			    s->id, id, "    %5" PRIu64 "  %s  %s", id, title, tally);
		}
		pager_add(p, UI_NORMAL, 0, 0, "%s", "");
	}
}

static const Sk__V1__Session *
session_of(const struct sessions *ss, uint64_t sid)
{
	for (size_t i = 0; i < ss->n; i++)
		if (ss->s[i]->id == sid)
			return ss->s[i];
	return NULL;
}

/* A score typed: "" is none, else 0-10. */
static bool
score(const char *s, uint32_t *v, bool *given)
{
	char *end;
	unsigned long n;

	if (s[0] == '\0')
		return true;
	n = strtoul(s, &end, 10);
	if (*end != '\0' || n > 10)
		return false;
	*v = (uint32_t)n;
	*given = true;
	return true;
}

void
work_vote(struct tui *t, uint64_t sid, uint64_t id)
{
	static struct form f;
	static const char *const keys[] = { "novelty", "feasibility", "benefit" };
	struct sk_error err = { 0 };
	char title[160];

	if (sid == 0)
		return;
	memset(&f, 0, sizeof(f));
	snprintf(title, sizeof(title), "%s %" PRIu64 ", %s %" PRIu64 " (F2 %s)",
	    _("Your ballot: session"), sid, _("initiative"), id, _("sends"));
	f.title = title;
	form_add(&f, "vote", _("Vote: y yes, n no, a abstain"), _("y / n / a"), NULL);
	form_add(&f, "novelty", _("Score: novelty (0-10)"), _("(optional)"), NULL);
	form_add(&f, "feasibility", _("Score: feasibility (0-10)"), _("(optional)"),
	    NULL);
	form_add(&f, "benefit", _("Score: benefit (0-10)"), _("(optional)"), NULL);
	while (form_run(t, &f, true)) {
		Sk__V1__Ballot b = SK__V1__BALLOT__INIT;
		const char *v = form_text(&f, 0);
		uint32_t *sc[3] = { &b.novelty, &b.feasibility, &b.benefit };
		bool ok = true, given = false;

		for (int i = 0; i < f.n; i++)
			f.f[i].err[0] = '\0';
		b.initiative_id = id;
		/* y/n/a, and Vietnamese c (có), k (không), t (trắng). */
		b.vote = strchr("yYcC", v[0]) && v[0] ? SK__V1__VOTE__YES :
		    strchr("nNkK", v[0]) && v[0]      ? SK__V1__VOTE__NO :
		    strchr("aAtT", v[0]) && v[0]      ? SK__V1__VOTE__ABSTAIN :
		                                        SK__V1__VOTE__VOTE_UNSPECIFIED;
		if (b.vote == SK__V1__VOTE__VOTE_UNSPECIFIED) {
			snprintf(f.f[0].err, sizeof(f.f[0].err), "%s", _("y, n or a"));
			f.cur = 0;
			continue;
		}
		for (int i = 0; i < 3; i++)
			if (!score(form_text(&f, i + 1), sc[i], &given)) {
				snprintf(f.f[i + 1].err, sizeof(f.f[i + 1].err), "%s",
				    _("a whole number from 0 to 10, or nothing"));
				f.cur = i + 1;
				ok = false;
			}
		if (!ok)
			continue;
		b.scored = given;
		if (tui_call(t, call_vote(t->conn, sid, &b, NULL, &err), &err) != 0) {
			form_error(&f, err.msg);
			(void)keys;
			continue;
		}
		tui_say(t, false, _("Your vote on %" PRIu64 " is counted."), id);
		break;
	}
	clear();
}

void
work_close(struct tui *t, uint64_t sid)
{
	struct sk_error err = { 0 };
	char q[160];

	if (sid == 0)
		return;
	snprintf(q, sizeof(q), _("Close session %" PRIu64 " and count the votes?"), sid);
	if (!ui_confirm(t, q))
		return;
	if (tui_call(t, call_session_close(t->conn, sid, NULL, &err), &err) == 0)
		tui_say(t, false, _("Session %" PRIu64 " is closed: the tally is final."),
		    sid);
}

/* ---- the district summary, commendation ---------------------------------------- */

static void
summary_render(struct tui *t, struct pager *p)
{
	Sk__V1__DistrictSummaryResponse *r = NULL;
	struct sk_error err = { 0 };
	char name[128], a[16], b[16];

	pager_clear(p);
	if (tui_call(t, call_district_summary(t->conn, 0, &r, &err), &err) != 0) {
		pager_add(p, UI_ERR, 0, 0, "%s", err.msg);
		return;
	}
	if (r->round != NULL)
		pager_add(p, UI_TITLE, 0, 0, "%s %" PRIu64 " \"%s\": %s – %s", _("Round"),
		    r->round->id, r->round->name,
		    out_date(r->round->opens_on, a, sizeof(a)),
		    out_date(r->round->closes_on, b, sizeof(b)));
	{
		const char *cols[4] = { _("Topics"), _("Recognised"), _("Forwarded"),
			_("Overdue") };
		char c[4][64];

		text_fit(_("Unit"), 36, true, name, sizeof(name));
		for (int k = 0; k < 4; k++)
			text_fit(cols[k], 12, true, c[k], sizeof(c[k]));
		pager_add(p, UI_TITLE, 0, 0, "%s %s %s %s %s", name, c[0], c[1], c[2],
		    c[3]);
	}
	for (size_t i = 0; i < r->n_units; i++) {
		const Sk__V1__UnitSummary *u = r->units[i];

		text_fit(u->unit != NULL ? u->unit->name : "", 36, true, name,
		    sizeof(name));
		pager_add(p, u->overdue ? UI_ERR : UI_NORMAL, 0, 0,
		    "%s %-12u %-12u %-12u %-12u", name, u->registrations, u->recognised,
		    u->forwarded, u->overdue);
	}
	for (size_t s = 1; s < r->n_round_by_state; s++)
		if (r->round_by_state[s] > 0)
			pager_add(p, UI_NORMAL, 0, 0, "  %s: %u", tui_state((uint32_t)s),
			    r->round_by_state[s]);
	call_free(r);
}

static void
awards_render(struct tui *t, struct pager *p)
{
	Sk__V1__CommendationListResponse *r = NULL;
	struct sk_error err = { 0 };
	char title[256], share[16];

	pager_clear(p);
	if (tui_call(t, call_commendation_list(t->conn, &r, &err), &err) != 0) {
		pager_add(p, UI_ERR, 0, 0, "%s", err.msg);
		return;
	}
	pager_add(p, UI_TITLE, 0, 0, "%s",
	    _("Recognised initiatives, by author, for "
	      "commendation"));
	if (r->n_initiatives == 0)
		pager_add(p, UI_DIM, 0, 0, "%s", _("(none yet)"));
	for (size_t i = 0; i < r->n_initiatives; i++) {
		const Sk__V1__Initiative *in = r->initiatives[i];

		text_fit(in->title, 50, true, title, sizeof(title));
		pager_add(p, UI_NORMAL, in->id, 0, "%5" PRIu64 "  %s  %s", in->id, title,
		    in->award != NULL && in->award->name[0] ? in->award->name : "");
		for (size_t k = 0; k < in->n_authors; k++) {
			out_share(in->authors[k]->share, share, sizeof(share));
			pager_add(p, UI_DIM, 0, 0, "         %s (%s%%), %s",
			    in->authors[k]->name, share, in->authors[k]->workplace);
		}
	}
	call_free(r);
}

/* ---- the decision log ---------------------------------------------------------- */

static void
log_verdict(struct pager *p, const char *what, const struct logv_result *res)
{
	if (res->verdict == LOGV_OK)
		pager_add(p, UI_OK, 0, 0, "  ✓ %s", what);
	else
		pager_add(p, UI_ERR, 0, 0, "  ✗ %s: %s", what, res->msg);
}

static void
log_entries(struct pager *p, const struct logv_entries *e)
{
	char when[40];

	pager_add(p, UI_TITLE, 0, 0, "%s", _("Entries, newest first"));
	for (uint64_t i = e->n; i > 0; i--) {
		Sk__V1__LogEntry *x =
		    sk__v1__log_entry__unpack(NULL, e->v[i - 1].len, e->v[i - 1].data);

		if (x == NULL) {
			pager_add(p, UI_ERR, 0, 0, "%6" PRIu64 "  %s", i - 1,
			    _("(does not decode)"));
			continue;
		}
		pager_add(p, UI_NORMAL, 0, 0, "%6" PRIu64 "  %s  %-16s %-22s %-18s %s",
		    x->seq, out_time(x->time, when, sizeof(when)), x->actor, x->action,
		    x->object, x->note);
		sk__v1__log_entry__free_unpacked(x, NULL);
	}
}

/* Verify the log of unit as sk audit verify does, and show it. */
static void
log_render(struct tui *t, struct pager *p, const char *unit)
{
	Sk__V1__LogCheckpointResponse *ck = NULL;
	struct logv_remote rem = { t->conn, unit };
	struct logv_source src = { logv_remote_proof, &rem };
	struct logv_checkpoint cp;
	struct logv_result res;
	struct logv_entries e = { 0 };
	struct sk_error err = { 0 };
	static char old[NOTE_MAX];
	char dir[4096], when[40];
	int found;
	int64_t at;

	pager_clear(p);
	if (tui_call(t, call_log_checkpoint(t->conn, unit, &ck, &err), &err) != 0) {
		pager_add(p, UI_ERR, 0, 0, "%s", err.msg);
		return;
	}
	pager_add(p, UI_TITLE, 0, 0, "%s %s", _("Decision log of"), unit);
	if (t->cfg.log_key[0] == '\0') {
		pager_add(p, UI_ERR, 0, 0, "  %s",
		    _("No pinned log key: check the key below with "
		      "the operator, then set log_key in your "
		      "configuration."));
		pager_add(p, UI_NORMAL, 0, 0, "  %s", ck->verifier_key);
		goto done;
	}
	logv_open(ck->checkpoint, t->cfg.log_key, unit, &cp, &res);
	log_verdict(p, _("signed by the pinned key"), &res);
	if (res.verdict != LOGV_OK)
		goto done;
	pager_add(p, UI_NORMAL, 0, 0, "    %s, %" PRIu64 " %s", cp.origin, cp.size,
	    _("entries"));
	trust_dir(dir, sizeof(dir));
	found = trust_load(dir, cp.origin, old, sizeof(old));
	if (tui_call(t,
	        logv_extend(&cp,
	            found == 0    ? NULL :
	                found > 0 ? old :
	                            "",
	            t->cfg.log_key, &src, &res, &err),
	        &err) != 0)
		goto done;
	log_verdict(p,
	    found > 0 ? _("consistent with the checkpoint trusted before") :
	                _("first use: this checkpoint is trusted from now on"),
	    &res);
	if (res.verdict != LOGV_OK)
		goto done;
	if (t->cfg.witness_key[0] != '\0') {
		if (tui_call(t,
		        logv_witnessed(&cp, ck->cosigned, t->cfg.log_key,
		            t->cfg.witness_key, &src, &at, &res, &err),
		        &err) != 0)
			goto done;
		log_verdict(p, _("cosigned by the witness"), &res);
		if (res.verdict == LOGV_OK)
			pager_add(p, UI_NORMAL, 0, 0, "    %s %s", _("at"),
			    out_time(at, when, sizeof(when)));
	} else
		pager_add(p, UI_DIM, 0, 0, "  – %s",
		    ck->cosigned[0] ? _("witnessed (no witness key "
		                        "configured to check it)") :
		                      _("no witness cosignature yet"));
	if (tui_call(t, logv_fetch(t->conn, unit, cp.size, &e, &err), &err) != 0 ||
	    tui_call(t, logv_entries(&cp, &e, &src, &res, &err), &err) != 0)
		goto done;
	log_verdict(p, _("every entry hashes into the signed tree"), &res);
	if (res.verdict == LOGV_OK && trust_save(dir, cp.origin, cp.note, &err) != 0)
		pager_add(p, UI_ERR, 0, 0, "  %s", err.msg);
	log_entries(p, &e);
done:
	logv_entries_free(&e);
	call_free(ck);
}

/* ---- the loop ------------------------------------------------------------------- */

static void
work_load(struct tui *t, enum tab_kind kind, struct sessions *ss, struct pager *p,
    const char *unit)
{
	if (t->conn == NULL) {
		pager_clear(p);
		pager_add(p, UI_ERR, 0, 0, "%s", _("Not connected: retrying."));
		return;
	}
	switch (kind) {
	case TAB_SESSIONS:
		sessions_load(t, ss);
		sessions_render(t, ss, p);
		break;
	case TAB_SUMMARY: summary_render(t, p); break;
	case TAB_AWARDS: awards_render(t, p); break;
	case TAB_LOG: log_render(t, p, unit); break;
	default: break;
	}
}

static void
work_keys(const struct tui *t, enum tab_kind kind, const struct sessions *ss,
    const struct pager *p, const char **k)
{
	const Sk__V1__Session *s = session_of(ss, pager_id(p));
	int n = 0;

#define KEY(key, label) (k[n++] = (key), k[n++] = (label))
	if (kind == TAB_SESSIONS && pager_id2(p) != 0)
		KEY("↵", N_("Open"));
	if (kind == TAB_SESSIONS && s != NULL && !s->closed && pager_id2(p) != 0 &&
	    tui_has(t, R(COUNCIL) | R(HEAD)))
		KEY("v", N_("Vote"));
	if (kind == TAB_SESSIONS && s != NULL && !s->closed && tui_has(t, R(HEAD)))
		KEY("C", N_("Close the session"));
	if (kind == TAB_AWARDS)
		KEY("↵", N_("Open"));
	if (kind == TAB_LOG)
		KEY("u", N_("Another unit"));
	KEY("r", N_("Reload"));
	KEY("?", N_("Help"));
	KEY("q", N_("Quit"));
	k[n] = k[n + 1] = NULL;
#undef KEY
}

int
work_run(struct tui *t, enum tab_kind kind, const char *const *tabs, int ntabs, int tab)
{
	struct sessions ss = { 0 };
	struct pager p = { 0 };
	const char *keys[32];
	char unit[64];
	int next = 0;
	wint_t k;
	bool fn;

	snprintf(unit, sizeof(unit), "%s", t->unit_code);
	work_load(t, kind, &ss, &p, unit);
	for (;;) {
		work_keys(t, kind, &ss, &p, keys);
		ui_frame(t, tabs, ntabs, tab, keys);
		pager_draw(t, &p);
		refresh();
		ui_key(t, &k, &fn);
		if (pager_move(&p, k, fn))
			continue;
		if (fn && k == KEY_REFRESH) {
			if (t->conn != NULL && p.n <= 1)
				work_load(t, kind, &ss, &p, unit);
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
		if (fn && k != KEY_ENTER)
			continue;
		if (k == KEY_ENTER || k == '\n' || k == '\r') {
			uint64_t id = kind == TAB_SESSIONS ? pager_id2(&p) : pager_id(&p);

			if (id != 0 && (kind == TAB_SESSIONS || kind == TAB_AWARDS))
				detail_run(t, id);
			work_load(t, kind, &ss, &p, unit);
			continue;
		}
		switch (k) {
		case 'r': work_load(t, kind, &ss, &p, unit); break;
		case 'v':
			if (kind == TAB_SESSIONS && pager_id2(&p) != 0) {
				work_vote(t, pager_id(&p), pager_id2(&p));
				work_load(t, kind, &ss, &p, unit);
			}
			break;
		case 'C':
			if (kind == TAB_SESSIONS && pager_id(&p) != 0 &&
			    tui_has(t, R(HEAD))) {
				work_close(t, pager_id(&p));
				work_load(t, kind, &ss, &p, unit);
			}
			break;
		case 'u':
			if (kind == TAB_LOG) {
				static struct form f;

				memset(&f, 0, sizeof(f));
				f.title = _("The decision log of which unit? (Enter)");
				form_add(&f, "unit", _("Unit code"), NULL, unit);
				if (form_run(t, &f, true))
					snprintf(unit, sizeof(unit), "%s",
					    form_text(&f, 0));
				clear();
				work_load(t, kind, &ss, &p, unit);
			}
			break;
		default: break;
		}
	}
	sessions_free(&ss);
	pager_clear(&p);
	return next;
}
