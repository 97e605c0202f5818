/*
 * unit_round: the receiving level's rounds: checks, which round a forward
 * falls in by the server's clock, closing early, and who may see them.
 */
#include "t.h"

#include "round.h"
#include "tdomain.h"

/* A round of the district opened by its office, kt.pt; its id or 0. */
static uint64_t
open_round(struct tdomain *d, const char *name, int32_t from, int32_t to)
{
	struct sk_error err = { 0, "" };
	char a_on[16], b_on[16];
	RoundRec *r = NULL;
	struct td_act x;
	const struct act *a = td_write(d, &x, "kt.pt");
	uint64_t id = 0;

	td_iso(from, a_on);
	td_iso(to, b_on);
	if (td_end(&x, round_create(a, name, a_on, b_on, &r, &err)) == 0)
		id = r->id;
	else
		fprintf(stderr, "open_round: %s\n", err.msg);
	store_rec_free(r);
	return id;
}

/* The round a forward falls in on day; its id or 0 (err says why). */
static uint64_t
current_on(struct tdomain *d, int32_t day, struct sk_error *err)
{
	RoundRec *r = NULL;
	struct td_act x;
	uint64_t id = 0;

	td_read(d, &x, "kt.pt");
	x.a.today = day;
	memset(err, 0, sizeof(*err));
	if (td_end(&x, round_current(&x.a, &r, err)) == 0)
		id = r->id;
	store_rec_free(r);
	return id;
}

static void
checks(void)
{
	struct sk_error err = { 0, "" };
	int32_t today = date_from_ymd(2024, 3, 1);

	T_EQ_INT(round_check("Đợt 1 năm 2024", "2024-01-01", "2024-04-10", today, &err),
	    0);
	T_EQ_INT(round_check("", "2024-01-01", "2024-04-10", today, &err),
	    SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "name");
	T_EQ_INT(round_check("Đợt 1", "2024-13-01", "2024-04-10", today, &err),
	    SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "opens_on");
	T_EQ_INT(round_check("Đợt 1", "2024-05-01", "2024-04-10", today, &err),
	    SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "before the opening");
	T_EQ_INT(round_check("Đợt 1", "2024-01-01", "2024-02-10", today, &err),
	    SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "has passed");
}

/* The plan's two rounds of 2024: which one a forward goes to, by day. */
static void
by_the_clock(void)
{
	struct sk_error err = { 0, "" };
	int32_t today = date_today();
	struct tdomain d;
	uint64_t r1, r2;

	td_open(&d);
	/* Round 1 open now and closing in ten days; round 2 after it. */
	r1 = open_round(&d, "Đợt 1", today - 30, today + 10);
	r2 = open_round(&d, "Đợt 2", today + 40, today + 200);
	T_CHECK(r1 != 0 && r2 != 0);
	T_EQ_INT(current_on(&d, today, &err), r1);
	T_EQ_INT(current_on(&d, today + 10, &err), r1); /* its last day */
	/* After round 1 closes, and before round 2 opens: refused, naming it. */
	T_EQ_INT(current_on(&d, today + 11, &err), 0);
	T_EQ_INT(err.code, SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "\"Đợt 2\", opens on");
	T_EQ_INT(current_on(&d, today + 40, &err), r2);
	T_EQ_INT(current_on(&d, today + 201, &err), 0);
	T_CONTAINS(err.msg, "none is planned");
	/* Of two open rounds, the one closing first. */
	T_EQ_INT(open_round(&d, "Đợt bổ sung", today - 1, today + 5) != 0, 1);
	T_EQ_INT(current_on(&d, today, &err), 3);
	td_close(&d);
}

static void
close_early(void)
{
	struct sk_error err = { 0, "" };
	int32_t today = date_today();
	struct tdomain d;
	struct td_act x;
	const struct act *a;
	RoundRec *r = NULL;
	uint64_t r1, n0;

	td_open(&d);
	r1 = open_round(&d, "Đợt 1", today - 30, today + 10);
	n0 = td_log_size(&d, TD_DISTRICT);
	a = td_write(&d, &x, "kt.pt");
	T_EQ_INT(td_end(&x, round_close(a, r1, &r, &err)), 0);
	T_CHECK(r != NULL && r->closed && r->closed_at != 0);
	store_rec_free(r);
	T_EQ_INT(td_log_size(&d, TD_DISTRICT), n0 + 1);
	T_EQ_INT(current_on(&d, today, &err), 0);
	a = td_write(&d, &x, "kt.pt");
	T_EQ_INT(td_end(&x, round_close(a, r1, &r, &err)), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "closed already");
	a = td_write(&d, &x, "kt.pt");
	T_EQ_INT(td_end(&x, round_close(a, 99, &r, &err)), SK_NOT_FOUND);
	td_close(&d);
}

/* Who may see and open rounds: the office of the level; the heads of the
 * units below read them. */
static void
who(void)
{
	struct {
		uint32_t roles;
		enum authz_verb v;
		enum authz_rel rel;
		bool allowed;
	} cases[] = {
		{ TD_ROLE(DISTRICT_OFFICE), AZ_CREATE, AZ_OWN, true },
		{ TD_ROLE(DISTRICT_OFFICE), AZ_CHANGE, AZ_OWN, true },
		{ TD_ROLE(DISTRICT_OFFICE), AZ_CREATE, AZ_CHILD, false },
		{ TD_ROLE(HEAD), AZ_READ, AZ_PARENT, true },
		{ TD_ROLE(HEAD), AZ_CREATE, AZ_PARENT, false },
		{ TD_ROLE(HEAD), AZ_READ, AZ_OTHER, false },
		{ TD_ROLE(CLERK), AZ_READ, AZ_PARENT, false },
		{ TD_ROLE(AUTHOR), AZ_READ, AZ_OWN, false },
		{ TD_ROLE(ADMIN), AZ_READ, AZ_CHILD, false },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		T_EQ_INT(authz_allows(cases[i].roles, AZ_ROUND, cases[i].v, cases[i].rel),
		    cases[i].allowed);
}

static const struct t_case cases[] = {
	{ "a round's name and dates are checked", checks },
	{ "the clock decides the round a forward falls in", by_the_clock },
	{ "a round closed early takes nothing more", close_early },
	{ "the office opens rounds, heads below read them", who },
};

T_MAIN(cases)
