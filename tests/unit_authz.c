/*
 * unit_authz: the one scope authority: who may do what where (the table),
 * the refusals that name the roles or the unit, certificates to callers,
 * and the units' tree behind "own", "child" and "other".
 */
#include "t.h"
#include "tdomain.h"

#define R(x) SK__V1__ROLE__ROLE_##x
#define STAFF (R(AUTHOR) | R(CLERK) | R(COUNCIL) | R(HEAD))
#define ALL_RELS (AZ_OWN | AZ_CHILD | AZ_OTHER | AZ_FORWARDED | AZ_PARENT)

/* Does the table let roles do v on f in each of the relations in rels? */
static bool
allows_all(uint32_t roles, enum authz_family f, enum authz_verb v, uint32_t rels)
{
	for (uint32_t rel = AZ_OWN; rel <= AZ_PARENT; rel <<= 1)
		if ((rels & rel) != 0 && !authz_allows(roles, f, v, (enum authz_rel)rel))
			return false;
	return true;
}

/* Does it let roles do v on f in none of the relations in rels? */
static bool
allows_none(uint32_t roles, enum authz_family f, enum authz_verb v, uint32_t rels)
{
	for (uint32_t rel = AZ_OWN; rel <= AZ_PARENT; rel <<= 1)
		if ((rels & rel) != 0 && authz_allows(roles, f, v, (enum authz_rel)rel))
			return false;
	return true;
}

static void
table_initiatives(void)
{
	/* An author creates and edits initiatives in their own unit only. */
	T_CHECK(allows_all(R(AUTHOR), AZ_INITIATIVE, AZ_CREATE, AZ_OWN));
	T_CHECK(allows_none(R(AUTHOR), AZ_INITIATIVE, AZ_CREATE, ALL_RELS & ~AZ_OWN));
	T_CHECK(allows_all(R(AUTHOR), AZ_INITIATIVE, AZ_CHANGE, AZ_OWN));
	T_CHECK(allows_none(R(AUTHOR), AZ_INITIATIVE, AZ_CHANGE, ALL_RELS & ~AZ_OWN));
	/* No other role creates or edits one, anywhere. */
	T_CHECK(allows_none(~R(AUTHOR), AZ_INITIATIVE, AZ_CREATE, ALL_RELS));
	T_CHECK(allows_none(~R(AUTHOR), AZ_INITIATIVE, AZ_CHANGE, ALL_RELS));
	T_CHECK(!authz_allows(R(CLERK), AZ_INITIATIVE, AZ_CREATE, AZ_OWN));
	T_CHECK(!authz_allows(R(HEAD) | R(COUNCIL), AZ_INITIATIVE, AZ_CREATE, AZ_OWN));
	/* The unit's staff read its dossiers; nobody reads another unit's. */
	T_CHECK(allows_all(R(AUTHOR), AZ_INITIATIVE, AZ_READ, AZ_OWN));
	T_CHECK(allows_all(R(CLERK), AZ_INITIATIVE, AZ_READ, AZ_OWN));
	T_CHECK(allows_all(R(COUNCIL), AZ_INITIATIVE, AZ_READ, AZ_OWN));
	T_CHECK(allows_all(R(HEAD), AZ_INITIATIVE, AZ_READ, AZ_OWN));
	T_CHECK(allows_none(0xffffffffu, AZ_INITIATIVE, AZ_READ, ALL_RELS & ~AZ_OWN));
	/* An administrator or an auditor does not read a unit's dossiers. */
	T_CHECK(!authz_allows(R(ADMIN), AZ_INITIATIVE, AZ_READ, AZ_OWN));
	T_CHECK(!authz_allows(R(AUDITOR), AZ_INITIATIVE, AZ_READ, AZ_OWN));
	T_CHECK(!authz_allows(R(COMMENDATION), AZ_INITIATIVE, AZ_READ, AZ_OWN));
	/* The receiving level's office reads the copies at its own level. */
	T_CHECK(authz_allows(R(DISTRICT_OFFICE), AZ_INITIATIVE, AZ_READ, AZ_OWN));
	T_CHECK(!authz_allows(R(DISTRICT_OFFICE), AZ_INITIATIVE, AZ_READ, AZ_CHILD));
	/* Roles add up: an admin who is also an author may create. */
	T_CHECK(authz_allows(R(ADMIN) | R(AUTHOR), AZ_INITIATIVE, AZ_CREATE, AZ_OWN));
	T_CHECK(!authz_allows(0, AZ_UNIT, AZ_CREATE, AZ_OWN));
}

static void
table_review(void)
{
	/* Only the head sets up the council, closes sessions, decides. */
	T_CHECK(authz_allows(R(HEAD), AZ_COUNCIL, AZ_CHANGE, AZ_OWN));
	T_CHECK(allows_none(~R(HEAD), AZ_COUNCIL, AZ_CHANGE, ALL_RELS));
	T_CHECK(authz_allows(R(HEAD), AZ_SESSION, AZ_CHANGE, AZ_OWN));
	T_CHECK(allows_none(~R(HEAD), AZ_SESSION, AZ_CHANGE, ALL_RELS));
	T_CHECK(authz_allows(R(HEAD), AZ_DECISION, AZ_CREATE, AZ_OWN));
	T_CHECK(allows_none(~R(HEAD), AZ_DECISION, AZ_CREATE, ALL_RELS));
	/* The clerk or the head opens a session; members vote. */
	T_CHECK(authz_allows(R(CLERK), AZ_SESSION, AZ_CREATE, AZ_OWN));
	T_CHECK(authz_allows(R(HEAD), AZ_SESSION, AZ_CREATE, AZ_OWN));
	T_CHECK(allows_none(~(R(CLERK) | R(HEAD)), AZ_SESSION, AZ_CREATE, ALL_RELS));
	T_CHECK(authz_allows(R(COUNCIL), AZ_BALLOT, AZ_CREATE, AZ_OWN));
	T_CHECK(allows_none(~R(COUNCIL), AZ_BALLOT, AZ_CREATE, ALL_RELS));
	T_CHECK(!authz_allows(R(COUNCIL), AZ_BALLOT, AZ_CREATE, AZ_CHILD));
	/* Deadlines are the clerk's and the head's to watch. */
	T_CHECK(authz_allows(R(CLERK), AZ_DEADLINE, AZ_READ, AZ_OWN));
	T_CHECK(authz_allows(R(HEAD), AZ_DEADLINE, AZ_READ, AZ_OWN));
	T_CHECK(allows_none(~(R(CLERK) | R(HEAD)), AZ_DEADLINE, AZ_READ, ALL_RELS));
	/* Authors attach files; staff read them. */
	T_CHECK(authz_allows(R(AUTHOR), AZ_FILE, AZ_CREATE, AZ_OWN));
	T_CHECK(allows_none(~R(AUTHOR), AZ_FILE, AZ_CREATE, ALL_RELS));
	T_CHECK(allows_all(R(CLERK), AZ_FILE, AZ_READ, AZ_OWN));
	T_CHECK(!authz_allows(R(ADMIN), AZ_FILE, AZ_READ, AZ_OWN));
	/* Anyone lists the units, whichever they are; nothing is forwarded yet. */
	T_CHECK(allows_all(R(AUDITOR), AZ_UNIT, AZ_READ, AZ_OWN | AZ_CHILD | AZ_OTHER));
	T_CHECK(allows_all(R(COMMENDATION), AZ_UNIT, AZ_READ, AZ_OWN | AZ_OTHER));
	T_CHECK(allows_none(0xffffffffu, AZ_UNIT, AZ_READ, AZ_FORWARDED));
}

static void
table_logs_and_users(void)
{
	/* Auditors read the logs of their unit and of the units below it. */
	T_CHECK(allows_all(R(AUDITOR), AZ_LOG, AZ_READ, AZ_OWN | AZ_CHILD));
	T_CHECK(allows_none(R(AUDITOR), AZ_LOG, AZ_READ, AZ_OTHER | AZ_FORWARDED));
	T_CHECK(allows_none(~(R(AUDITOR) | R(UPSTREAM) | R(DOWNSTREAM)), AZ_LOG, AZ_READ,
	    ALL_RELS));
	T_CHECK(allows_none(R(AUDITOR), AZ_LOG, AZ_CREATE | AZ_CHANGE, ALL_RELS));
	/* A log's checkpoint: whoever reads the log, and the unit's own staff
	 * and office (the documents they print carry it), never another's. */
	T_CHECK(allows_all(R(AUDITOR), AZ_CHECKPOINT, AZ_READ, AZ_OWN | AZ_CHILD));
	T_CHECK(allows_all(R(UPSTREAM), AZ_CHECKPOINT, AZ_READ, AZ_OWN));
	T_CHECK(allows_all(R(DOWNSTREAM), AZ_CHECKPOINT, AZ_READ, AZ_PARENT));
	T_CHECK(
	    allows_all(R(AUTHOR) | R(CLERK) | R(COUNCIL) | R(HEAD) | R(DISTRICT_OFFICE),
	        AZ_CHECKPOINT, AZ_READ, AZ_OWN));
	T_CHECK(
	    allows_none(R(AUTHOR) | R(CLERK) | R(COUNCIL) | R(HEAD) | R(DISTRICT_OFFICE),
	        AZ_CHECKPOINT, AZ_READ, ALL_RELS & ~AZ_OWN));
	T_CHECK(
	    allows_none(R(ADMIN) | R(COMMENDATION), AZ_CHECKPOINT, AZ_READ, ALL_RELS));
	T_CHECK(allows_none(0xffffffffu, AZ_CHECKPOINT, AZ_CREATE | AZ_CHANGE, ALL_RELS));
	/* Linked servers: the level above reads the unit's log and exports;
	 * a unit's server reads the level above's log, results and rounds;
	 * nothing else, and never another unit's. */
	T_CHECK(allows_all(R(UPSTREAM), AZ_LOG, AZ_READ, AZ_OWN));
	T_CHECK(allows_all(R(UPSTREAM), AZ_EXPORT, AZ_READ, AZ_OWN));
	T_CHECK(allows_none(R(UPSTREAM), AZ_LOG, AZ_READ, ALL_RELS & ~AZ_OWN));
	T_CHECK(allows_none(R(UPSTREAM), AZ_EXPORT, AZ_READ, ALL_RELS & ~AZ_OWN));
	T_CHECK(allows_all(R(DOWNSTREAM), AZ_LOG, AZ_READ, AZ_PARENT));
	T_CHECK(allows_all(R(DOWNSTREAM), AZ_REPORT, AZ_READ, AZ_PARENT));
	T_CHECK(allows_all(R(DOWNSTREAM), AZ_ROUND, AZ_READ, AZ_PARENT));
	T_CHECK(allows_none(R(DOWNSTREAM), AZ_REPORT, AZ_READ, ALL_RELS & ~AZ_PARENT));
	T_CHECK(allows_none(~R(UPSTREAM), AZ_EXPORT, AZ_READ, ALL_RELS));
	T_CHECK(allows_none(~R(DOWNSTREAM), AZ_REPORT, AZ_READ, ALL_RELS));
	for (int f = 0; f < AZ_FAMILY_COUNT; f++) {
		if (f == AZ_UNIT || f == AZ_LOG || f == AZ_CHECKPOINT || f == AZ_EXPORT ||
		    f == AZ_REPORT || f == AZ_ROUND)
			continue;
		T_CHECK(allows_none(R(UPSTREAM) | R(DOWNSTREAM), (enum authz_family)f,
		    AZ_READ | AZ_CREATE | AZ_CHANGE, ALL_RELS));
	}
	/* Administrators manage the users of their unit and the units below. */
	for (uint32_t v = AZ_READ; v <= AZ_CHANGE; v <<= 1) {
		T_CHECK(
		    allows_all(R(ADMIN), AZ_USER, (enum authz_verb)v, AZ_OWN | AZ_CHILD));
		T_CHECK(allows_none(R(ADMIN), AZ_USER, (enum authz_verb)v,
		    AZ_OTHER | AZ_FORWARDED));
		T_CHECK(allows_none(~R(ADMIN), AZ_USER, (enum authz_verb)v, ALL_RELS));
	}
}

static void
table_confidential(void)
{
	/* The confidential part: the unit's clerk, council and head. */
	T_CHECK(authz_allows(R(CLERK), AZ_CONFIDENTIAL, AZ_READ, AZ_OWN));
	T_CHECK(authz_allows(R(COUNCIL), AZ_CONFIDENTIAL, AZ_READ, AZ_OWN));
	T_CHECK(authz_allows(R(HEAD), AZ_CONFIDENTIAL, AZ_READ, AZ_OWN));
	/* Authors see it only on their own dossiers (initiative decides). */
	T_CHECK(!authz_allows(R(AUTHOR), AZ_CONFIDENTIAL, AZ_READ, AZ_OWN));
	T_CHECK(!authz_allows(R(ADMIN) | R(AUDITOR), AZ_CONFIDENTIAL, AZ_READ, AZ_OWN));
	T_CHECK(allows_none(0xffffffffu, AZ_CONFIDENTIAL, AZ_READ, ALL_RELS & ~AZ_OWN));
	T_CHECK(
	    allows_none(0xffffffffu, AZ_CONFIDENTIAL, AZ_CREATE | AZ_CHANGE, ALL_RELS));
}

static void
staff(void)
{
	T_CHECK(authz_is_staff(R(AUTHOR)));
	T_CHECK(authz_is_staff(R(CLERK)));
	T_CHECK(authz_is_staff(R(COUNCIL)));
	T_CHECK(authz_is_staff(R(HEAD)));
	T_CHECK(authz_is_staff(R(ADMIN) | R(COUNCIL)));
	T_CHECK(!authz_is_staff(0));
	T_CHECK(!authz_is_staff(R(ADMIN)));
	T_CHECK(!authz_is_staff(R(AUDITOR)));
	T_CHECK(!authz_is_staff(R(DISTRICT_OFFICE)));
	T_CHECK(!authz_is_staff(R(COMMENDATION)));
	T_CHECK(!authz_is_staff(R(ADMIN) | R(AUDITOR) | R(DISTRICT_OFFICE)));
}

static void
require_names_roles(void)
{
	struct principal p = { .tenant = TD_HM, .roles = R(CLERK), .login = "clerk.hm" };
	struct sk_error err = { 0, "" };
	struct scope sc = { 0 };

	T_EQ_INT(authz_require(&p, AZ_INITIATIVE, AZ_CREATE, "creating an initiative",
	             &err),
	    SK_PERMISSION_DENIED);
	T_EQ_STR(err.msg, "creating an initiative needs the role author");
	p.roles = R(AUTHOR);
	T_EQ_INT(authz_require(&p, AZ_SESSION, AZ_CREATE, "opening a council session",
	             &err),
	    SK_PERMISSION_DENIED);
	T_EQ_STR(err.msg, "opening a council session needs the role clerk,head");
	p.roles = R(ADMIN);
	T_EQ_INT(authz_require(&p, AZ_INITIATIVE, AZ_READ, "reading an initiative", &err),
	    SK_PERMISSION_DENIED);
	T_EQ_STR(err.msg,
	    "reading an initiative needs the role author,clerk,council,head,district");
	T_EQ_INT(authz_require(&p, AZ_LOG, AZ_READ, "reading a decision log", &err),
	    SK_PERMISSION_DENIED);
	T_EQ_STR(err.msg, "reading a decision log needs the role auditor");
	/* Allowed: nothing is said. */
	memset(&err, 0, sizeof(err));
	T_EQ_INT(authz_require(&p, AZ_USER, AZ_CREATE, "enrolling a user", &err), 0);
	T_EQ_INT(err.code, 0);
	/* The scope of one's own unit carries who acts. */
	p.roles = R(AUTHOR);
	T_EQ_INT(authz_scope_own(&p, AZ_INITIATIVE, AZ_CREATE, "creating an initiative",
	             &sc, &err),
	    0);
	T_EQ_INT(sc.tenant, TD_HM);
	T_EQ_INT(sc.roles, R(AUTHOR));
	T_CHECK(sc.login == p.login);
	T_CHECK(sc.fp == p.fp);
	p.roles = R(ADMIN);
	sc.tenant = 0;
	T_EQ_INT(authz_scope_own(&p, AZ_INITIATIVE, AZ_READ, "reading an initiative", &sc,
	             &err),
	    SK_PERMISSION_DENIED);
	T_CONTAINS(err.msg, "needs the role author,clerk,council,head");
	T_EQ_INT(sc.tenant, 0);
}

static void
authenticate(void)
{
	struct tdomain d;
	struct principal p;
	struct sk_error err = { 0, "" };
	struct store_txn t;
	uint8_t fp[STORE_FP_LEN];
	size_t n;
	const struct td_user *u = td_users(&n);

	td_open(&d);
	/* A good certificate fills the principal from the user's record. */
	T_EQ_INT(td_principal(&d, "an.hm", &p, &err), 0);
	T_EQ_INT(p.tenant, TD_HM);
	T_EQ_INT(p.roles, R(AUTHOR));
	T_EQ_STR(p.login, "an.hm");
	td_fp("an.hm", 1, fp);
	T_CHECK(memcmp(p.fp, fp, STORE_FP_LEN) == 0);
	T_EQ_INT(td_principal(&d, "head.hm", &p, &err), 0);
	T_EQ_INT(p.roles, R(HEAD) | R(COUNCIL));

	T_EQ_INT(store_read_begin(d.ts.st, &t), 0);
	/* A certificate no user holds. */
	td_fp("nobody.hm", 1, fp);
	T_EQ_INT(authz_authenticate(&t, fp, false, &p, &err), SK_UNAUTHENTICATED);
	T_CONTAINS(err.msg, "not enrolled");
	T_EQ_STR(p.login, "");
	/* A disabled user's certificate; nothing of them is kept. */
	td_fp("off.hm", 1, fp);
	T_EQ_INT(authz_authenticate(&t, fp, false, &p, &err), SK_UNAUTHENTICATED);
	T_CONTAINS(err.msg, "off.hm is disabled");
	T_EQ_INT(p.tenant, 0);
	T_EQ_INT(p.roles, 0);
	store_read_end(&t);

	/* cuc.hm is issued a new certificate: the old one stops working. */
	T_EQ_INT(store_write_begin(d.ts.st, NULL, &t), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(u[i].login, "cuc.hm") == 0)
			td_put_user(&t, &u[i], 2);
	T_EQ_INT(commit(&t), 0);
	T_EQ_INT(store_read_begin(d.ts.st, &t), 0);
	td_fp("cuc.hm", 1, fp);
	T_EQ_INT(authz_authenticate(&t, fp, false, &p, &err), SK_UNAUTHENTICATED);
	td_fp("cuc.hm", 2, fp);
	T_EQ_INT(authz_authenticate(&t, fp, false, &p, &err), 0);
	T_EQ_STR(p.login, "cuc.hm");
	T_CHECK(memcmp(p.fp, fp, STORE_FP_LEN) == 0);
	store_read_end(&t);
	td_close(&d);
}

/* Store login's record changed by fn-like edits: enabled, unit, cert. */
static void
user_change(struct tdomain *d, const char *login, bool enabled, uint32_t unit,
    uint8_t gen)
{
	struct store_txn t;
	size_t n;
	const struct td_user *u = td_users(&n);

	T_EQ_INT(store_write_begin(d->ts.st, NULL, &t), 0);
	for (size_t i = 0; i < n; i++) {
		struct td_user c = u[i];

		if (strcmp(c.login, login) != 0)
			continue;
		c.enabled = enabled;
		c.unit = unit;
		td_put_user(&t, &c, gen);
	}
	T_EQ_INT(commit(&t), 0);
}

static int
current(struct tdomain *d, const struct principal *p, struct sk_error *err)
{
	struct store_txn t;
	int rc;

	T_EQ_INT(store_read_begin(d->ts.st, &t), 0);
	rc = authz_current(&t, p, err);
	store_read_end(&t);
	return rc;
}

static void
current_after_changes(void)
{
	struct tdomain d;
	struct principal binh, cuc, an;
	struct sk_error err = { 0, "" };

	td_open(&d);
	T_EQ_INT(td_principal(&d, "binh.hm", &binh, &err), 0);
	T_EQ_INT(td_principal(&d, "cuc.hm", &cuc, &err), 0);
	T_EQ_INT(td_principal(&d, "an.hm", &an, &err), 0);
	T_EQ_INT(current(&d, &binh, &err), 0);
	/* Disabled after connecting: the next write is refused. */
	user_change(&d, "binh.hm", false, TD_HM, 1);
	T_EQ_INT(current(&d, &binh, &err), SK_UNAUTHENTICATED);
	T_CONTAINS(err.msg, "binh.hm");
	T_CONTAINS(err.msg, "no longer valid");
	/* Re-issued: the connection with the old certificate is refused. */
	user_change(&d, "cuc.hm", true, TD_HM, 2);
	T_EQ_INT(current(&d, &cuc, &err), SK_UNAUTHENTICATED);
	/* Moved to another unit: the old principal's unit no longer holds. */
	user_change(&d, "an.hm", true, TD_SP, 1);
	T_EQ_INT(current(&d, &an, &err), SK_UNAUTHENTICATED);
	/* Others are untouched. */
	T_EQ_INT(td_principal(&d, "dung.sp", &an, &err), 0);
	T_EQ_INT(current(&d, &an, &err), 0);
	td_close(&d);
}

static int
relation(struct tdomain *d, const char *login, uint32_t unit, enum authz_rel *rel)
{
	struct sk_error err = { 0, "" };
	struct principal p;
	struct store_txn t;
	int rc;

	T_EQ_INT(td_principal(d, login, &p, &err), 0);
	T_EQ_INT(store_read_begin(d->ts.st, &t), 0);
	rc = authz_relation(&t, &p, unit, rel);
	store_read_end(&t);
	return rc;
}

static void
relations(void)
{
	struct tdomain d;
	enum authz_rel rel;

	td_open(&d);
	/* From the district: its communes and the school two levels down. */
	T_EQ_INT(relation(&d, "admin.pt", TD_DISTRICT, &rel), 0);
	T_EQ_INT(rel, AZ_OWN);
	T_EQ_INT(relation(&d, "admin.pt", TD_HM, &rel), 0);
	T_EQ_INT(rel, AZ_CHILD);
	T_EQ_INT(relation(&d, "admin.pt", TD_SP, &rel), 0);
	T_EQ_INT(rel, AZ_CHILD);
	T_EQ_INT(relation(&d, "admin.pt", TD_SCHOOL, &rel), 0);
	T_EQ_INT(rel, AZ_CHILD);
	/* From a commune: its school below, the district directly above, its
	 * sibling another unit. */
	T_EQ_INT(relation(&d, "admin.hm", TD_HM, &rel), 0);
	T_EQ_INT(rel, AZ_OWN);
	T_EQ_INT(relation(&d, "admin.hm", TD_SCHOOL, &rel), 0);
	T_EQ_INT(rel, AZ_CHILD);
	T_EQ_INT(relation(&d, "admin.hm", TD_SP, &rel), 0);
	T_EQ_INT(rel, AZ_OTHER);
	T_EQ_INT(relation(&d, "admin.hm", TD_DISTRICT, &rel), 0);
	T_EQ_INT(rel, AZ_PARENT);
	T_EQ_INT(relation(&d, "admin.sp", TD_SCHOOL, &rel), 0);
	T_EQ_INT(rel, AZ_OTHER);
	/* From the school: the commune above, the district further up another. */
	T_EQ_INT(relation(&d, "gv.mn", TD_HM, &rel), 0);
	T_EQ_INT(rel, AZ_PARENT);
	T_EQ_INT(relation(&d, "gv.mn", TD_DISTRICT, &rel), 0);
	T_EQ_INT(rel, AZ_OTHER);
	/* A unit that does not exist. */
	T_EQ_INT(relation(&d, "admin.pt", 99, &rel), SK_NOT_FOUND);
	td_close(&d);
}

static int
scope_unit(struct tdomain *d, const char *login, enum authz_family f, enum authz_verb v,
    const char *what, uint32_t unit, struct scope *sc, struct sk_error *err)
{
	struct principal p;
	struct store_txn t;
	int rc;

	memset(sc, 0, sizeof(*sc));
	T_EQ_INT(td_principal(d, login, &p, err), 0);
	T_EQ_INT(store_read_begin(d->ts.st, &t), 0);
	rc = authz_scope_unit(&t, &p, f, v, what, unit, sc, err);
	store_read_end(&t);
	return rc;
}

static void
scope_logs(void)
{
	struct tdomain d;
	struct sk_error err = { 0, "" };
	struct scope sc;
	const char *what = "reading a decision log";

	td_open(&d);
	/* The district's auditor reads every log below the district. */
	T_EQ_INT(scope_unit(&d, "aud.pt", AZ_LOG, AZ_READ, what, TD_HM, &sc, &err), 0);
	T_EQ_INT(sc.tenant, TD_HM);
	T_EQ_INT(sc.roles, R(AUDITOR));
	T_EQ_INT(scope_unit(&d, "aud.pt", AZ_LOG, AZ_READ, what, TD_SCHOOL, &sc, &err),
	    0);
	T_EQ_INT(sc.tenant, TD_SCHOOL);
	T_EQ_INT(scope_unit(&d, "aud.pt", AZ_LOG, AZ_READ, what, TD_DISTRICT, &sc, &err),
	    0);
	/* A commune's auditor reads its own and its school's, not another
	 * commune's nor the district's. */
	T_EQ_INT(scope_unit(&d, "aud.hm", AZ_LOG, AZ_READ, what, TD_HM, &sc, &err), 0);
	T_EQ_INT(scope_unit(&d, "aud.hm", AZ_LOG, AZ_READ, what, TD_SCHOOL, &sc, &err),
	    0);
	T_EQ_INT(scope_unit(&d, "aud.hm", AZ_LOG, AZ_READ, what, TD_SP, &sc, &err),
	    SK_PERMISSION_DENIED);
	T_EQ_STR(err.msg,
	    "reading a decision log: your roles reach your own unit and the "
	    "units below it, not xa-sen-phuong");
	T_EQ_INT(sc.tenant, 0);
	T_EQ_INT(scope_unit(&d, "aud.sp", AZ_LOG, AZ_READ, what, TD_DISTRICT, &sc, &err),
	    SK_PERMISSION_DENIED);
	T_CONTAINS(err.msg, "not phuc-tho");
	/* Someone with no row for logs is refused by role before any unit. */
	T_EQ_INT(scope_unit(&d, "head.hm", AZ_LOG, AZ_READ, what, TD_HM, &sc, &err),
	    SK_PERMISSION_DENIED);
	T_EQ_STR(err.msg, "reading a decision log needs the role auditor");
	/* A unit's head reads its own log's checkpoint, for its documents,
	 * and no other unit's. */
	T_EQ_INT(scope_unit(&d, "head.hm", AZ_CHECKPOINT, AZ_READ, what, TD_HM, &sc,
	             &err),
	    0);
	T_EQ_INT(sc.tenant, TD_HM);
	T_EQ_INT(scope_unit(&d, "head.hm", AZ_CHECKPOINT, AZ_READ, what, TD_SCHOOL, &sc,
	             &err),
	    SK_PERMISSION_DENIED);
	T_EQ_INT(scope_unit(&d, "head.hm", AZ_CHECKPOINT, AZ_READ, what, TD_DISTRICT, &sc,
	             &err),
	    SK_PERMISSION_DENIED);
	/* A unit that does not exist. */
	T_EQ_INT(scope_unit(&d, "aud.pt", AZ_LOG, AZ_READ, what, 99, &sc, &err),
	    SK_NOT_FOUND);
	T_CONTAINS(err.msg, "unit 99");
	td_close(&d);
}

static void
scope_users(void)
{
	struct tdomain d;
	struct sk_error err = { 0, "" };
	struct scope sc;
	const char *what = "enrolling a user";

	td_open(&d);
	/* A commune's administrator: its own unit (and what is below it). */
	T_EQ_INT(scope_unit(&d, "admin.hm", AZ_USER, AZ_CREATE, what, TD_HM, &sc, &err),
	    0);
	T_EQ_INT(sc.tenant, TD_HM);
	T_EQ_INT(scope_unit(&d, "admin.hm", AZ_USER, AZ_CHANGE, what, TD_SCHOOL, &sc,
	             &err),
	    0);
	T_EQ_INT(scope_unit(&d, "admin.hm", AZ_USER, AZ_CREATE, what, TD_SP, &sc, &err),
	    SK_PERMISSION_DENIED);
	T_CONTAINS(err.msg, "not xa-sen-phuong");
	T_EQ_INT(scope_unit(&d, "admin.hm", AZ_USER, AZ_CHANGE, what, TD_DISTRICT, &sc,
	             &err),
	    SK_PERMISSION_DENIED);
	T_CONTAINS(err.msg, "not phuc-tho");
	T_EQ_INT(scope_unit(&d, "admin.sp", AZ_USER, AZ_READ, what, TD_HM, &sc, &err),
	    SK_PERMISSION_DENIED);
	/* The district's administrator: the units below it. */
	T_EQ_INT(scope_unit(&d, "admin.pt", AZ_USER, AZ_CREATE, what, TD_HM, &sc, &err),
	    0);
	T_EQ_INT(sc.tenant, TD_HM);
	T_EQ_INT(scope_unit(&d, "admin.pt", AZ_USER, AZ_CHANGE, what, TD_SP, &sc, &err),
	    0);
	T_EQ_INT(sc.tenant, TD_SP);
	T_EQ_INT(scope_unit(&d, "admin.pt", AZ_USER, AZ_CREATE, what, TD_SCHOOL, &sc,
	             &err),
	    0);
	/* Not an administrator. */
	T_EQ_INT(scope_unit(&d, "head.hm", AZ_USER, AZ_CREATE, what, TD_HM, &sc, &err),
	    SK_PERMISSION_DENIED);
	T_EQ_STR(err.msg, "enrolling a user needs the role admin");
	td_close(&d);
}

static void
scope_initiatives(void)
{
	struct tdomain d;
	struct sk_error err = { 0, "" };
	struct scope sc;

	td_open(&d);
	/* An author creates only in their own unit: not even in the unit
	 * below it, and the message says so without "units below". */
	T_EQ_INT(scope_unit(&d, "an.hm", AZ_INITIATIVE, AZ_CREATE,
	             "creating an initiative", TD_HM, &sc, &err),
	    0);
	T_EQ_INT(scope_unit(&d, "an.hm", AZ_INITIATIVE, AZ_CREATE,
	             "creating an initiative", TD_SCHOOL, &sc, &err),
	    SK_PERMISSION_DENIED);
	T_EQ_STR(err.msg,
	    "creating an initiative: your roles reach your own unit, not "
	    "mn-hat-mon");
	/* A commune's clerk does not read another commune's dossiers. */
	T_EQ_INT(scope_unit(&d, "clerk.hm", AZ_INITIATIVE, AZ_READ,
	             "reading an initiative", TD_SP, &sc, &err),
	    SK_PERMISSION_DENIED);
	T_CONTAINS(err.msg, "xa-sen-phuong");
	td_close(&d);
}

static const struct t_case cases[] = {
	{ "the table: initiatives are created and read in one's own unit",
	    table_initiatives },
	{ "the table: council, sessions, ballots, decisions, deadlines, files",
	    table_review },
	{ "the table: logs for auditors, users for administrators, below too",
	    table_logs_and_users },
	{ "the table: the confidential part for the unit's insiders",
	    table_confidential },
	{ "staff are authors, clerks, council members and heads", staff },
	{ "a refusal names the roles that may", require_names_roles },
	{ "certificates: unknown, disabled, re-issued, good", authenticate },
	{ "a disable, re-issue or move stops a principal's writes",
	    current_after_changes },
	{ "the units' tree: own, child (two levels down too), parent, other", relations },
	{ "log scope: the district's auditor below it, a commune's not beside it",
	    scope_logs },
	{ "user scope: a commune's admin at home, the district's below", scope_users },
	{ "initiative scope: own unit only, the refusal names the unit",
	    scope_initiatives },
};

T_MAIN(cases)
