/*
 * unit_users: enrolling and disabling the people of a unit, each change
 * in the log of that unit, who a caller is, and the units as people look
 * for them, without sockets.
 */
#include "t.h"
#include "tdomain.h"

#include "units.h"
#include "users.h"

#define R(x) SK__V1__ROLE__ROLE_##x

static void
check_new(void)
{
	struct sk_error err = { 0, "" };
	char long_login[70], long_name[70], long_code[70];
	const char *vn64 =
	    "Nguyễn Thị Phương Thảo Nguyễn Thị Phương Thảo Lê Thị Hồng Nhungg";

	memset(long_login, 'a', 65);
	long_login[65] = '\0';
	memset(long_name, 'a', 65);
	long_name[65] = '\0';
	memset(long_code, 'x', 65);
	long_code[65] = '\0';
	T_EQ_INT(users_check_new("lan.hm", "Nguyễn Thị Lan", R(AUTHOR), "xa-hat-mon", 0,
	             365, &err),
	    0);
	T_EQ_INT(users_check_new("lan.hm", "Nguyễn Thị Lan", R(AUTHOR) | R(ADMIN),
	             "xa-hat-mon", 365, 365, &err),
	    0);
	/* The login. */
	T_EQ_INT(users_check_new("ab", "Lan", R(AUTHOR), "xa-hat-mon", 0, 365, &err),
	    SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "login: must be 3 to 64 characters");
	T_EQ_INT(users_check_new(long_login, "Lan", R(AUTHOR), "xa-hat-mon", 0, 365,
	             &err),
	    SK_INVALID_ARGUMENT);
	T_EQ_INT(users_check_new("Lan.hm", "Lan", R(AUTHOR), "xa-hat-mon", 0, 365, &err),
	    SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "only a-z, 0-9");
	T_EQ_INT(users_check_new(".lan", "Lan", R(AUTHOR), "xa-hat-mon", 0, 365, &err),
	    SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "login: must start with a letter or digit");
	/* The name, which goes into the certificate. */
	T_EQ_INT(users_check_new("lan.hm", " ", R(AUTHOR), "xa-hat-mon", 0, 365, &err),
	    SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "name: must not be empty");
	T_EQ_INT(users_check_new("lan.hm", "Lan\x01", R(AUTHOR), "xa-hat-mon", 0, 365,
	             &err),
	    SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "control characters");
	T_EQ_INT(users_check_new("lan.hm", long_name, R(AUTHOR), "xa-hat-mon", 0, 365,
	             &err),
	    SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "name: at most 64 characters (it goes into the certificate)");
	/* 64 characters in 85 bytes: characters count. */
	T_EQ_INT(strlen(vn64), 85);
	T_EQ_INT(users_check_new("lan.hm", vn64, R(AUTHOR), "xa-hat-mon", 0, 365, &err),
	    0);
	/* Roles: at least one, all known. */
	T_EQ_INT(users_check_new("lan.hm", "Lan", 0, "xa-hat-mon", 0, 365, &err),
	    SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "roles: give at least one known role (author,clerk,");
	T_EQ_INT(users_check_new("lan.hm", "Lan", R(AUTHOR) | 0x100, "xa-hat-mon", 0, 365,
	             &err),
	    SK_INVALID_ARGUMENT);
	T_EQ_INT(users_check_new("lan.hm", "Lan", R(AUTHOR), long_code, 0, 365, &err),
	    SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "unit_code: too long");
	T_EQ_INT(users_check_new("lan.hm", "Lan", R(AUTHOR), "xa-hat-mon", 366, 365,
	             &err),
	    SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "valid_days: at most 365 (cert_days of this server)");
}

static void
unit_and_user_lookup(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct store_txn t;
	UnitRec *u = NULL;
	UserRec *usr = NULL;

	td_open(&d);
	T_EQ_INT(store_read_begin(d.ts.st, &t), 0);
	T_EQ_INT(users_unit(&t, "xa-sen-phuong", &u, &err), 0);
	T_EQ_INT(u != NULL ? u->id : 0, TD_SP);
	store_rec_free(u);
	u = NULL;
	T_EQ_INT(users_unit(&t, "xa-khong-co", &u, &err), SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "unit_code: no unit \"xa-khong-co\" (see sk units)");
	T_CHECK(u == NULL);
	T_EQ_INT(users_find(&t, "cm2.hm", &usr, &err), 0);
	T_EQ_STR(usr != NULL ? usr->name : NULL, "Hoàng Văn Nam");
	store_rec_free(usr);
	usr = NULL;
	T_EQ_INT(users_find(&t, "nobody.hm", &usr, &err), SK_NOT_FOUND);
	T_EQ_STR(err.msg, "login: no user nobody.hm");
	store_read_end(&t);
	td_close(&d);
}

/* The latest entry of a unit's log, decoded (free it). */
static Sk__V1__LogEntry *
last_entry(struct tdomain *d, uint32_t unit)
{
	struct scope sc = { .tenant = unit };
	Sk__V1__LogEntry *e = NULL;
	struct store_txn t;
	const void *data;
	size_t len;
	uint64_t n = 0;

	T_EQ_INT(store_read_begin(d->ts.st, &t), 0);
	if (tlog_size(&t, &sc, &n) == 0 && n > 0 &&
	    tlog_entry(&t, &sc, n - 1, &data, &len) == 0)
		e = sk__v1__log_entry__unpack(NULL, len, data);
	store_read_end(&t);
	T_CHECK(e != NULL);
	return e;
}

/* Enrol login in unit as actor; the new user's certificate is issue 1. */
static int
create(struct tdomain *d, const char *actor, uint32_t unit, const char *login,
    uint32_t roles, struct sk_error *err)
{
	UserRec u = SK__STORE__V1__USER_REC__INIT;
	struct td_act act;
	const struct act *a = td_begin(d, &act, actor, unit, true);
	uint8_t fp[STORE_FP_LEN];

	memset(err, 0, sizeof(*err));
	td_fp(login, 1, fp);
	u.login = (char *)login;
	u.name = "Nguyễn Thị Lan";
	u.unit_id = TD_SP; /* not the caller's to say */
	u.roles = roles;
	u.enabled = true;
	u.created_by = "someone.else";
	u.fingerprint.data = fp;
	u.fingerprint.len = sizeof(fp);
	return td_end(&act, users_create(a, &u, err));
}

static void
enrol(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct principal p;
	struct store_txn t;
	UserRec *u = NULL;
	Sk__V1__LogEntry *e;
	uint64_t hm0, pt0, sp0;

	td_open(&d);
	hm0 = td_log_size(&d, TD_HM);
	pt0 = td_log_size(&d, TD_DISTRICT);
	sp0 = td_log_size(&d, TD_SP);
	/* The district's admin enrols a user in Hát Môn: the user's unit is
	 * the act's, and the entry goes into Hát Môn's log. */
	T_EQ_INT(create(&d, "admin.pt", TD_HM, "lan.hm", R(AUTHOR) | R(CLERK), &err), 0);
	T_EQ_INT(td_log_size(&d, TD_HM), hm0 + 1);
	T_EQ_INT(td_log_size(&d, TD_DISTRICT), pt0);
	T_EQ_INT(td_log_size(&d, TD_SP), sp0);
	T_EQ_INT(store_read_begin(d.ts.st, &t), 0);
	T_EQ_INT(store_user_find(&t, "lan.hm", &u), 0);
	if (u != NULL) {
		T_EQ_INT(u->unit_id, TD_HM);
		T_EQ_STR(u->created_by, "admin.pt");
		T_CHECK(u->created_at > 0);
		T_CHECK(u->enabled);
		T_EQ_INT(u->roles, R(AUTHOR) | R(CLERK));
	}
	store_rec_free(u);
	store_read_end(&t);
	/* The new certificate works at once. */
	T_EQ_INT(td_principal(&d, "lan.hm", &p, &err), 0);
	T_EQ_INT(p.tenant, TD_HM);
	if ((e = last_entry(&d, TD_HM)) != NULL) {
		T_EQ_STR(e->action, "user.enrol");
		T_EQ_STR(e->object, "user/lan.hm");
		T_EQ_STR(e->actor, "admin.pt");
		T_EQ_STR(e->note, "author,clerk");
		T_EQ_STR(e->origin, "sk-test/xa-hat-mon");
		T_EQ_INT(e->object_hash.len, STORE_SHA_LEN);
		sk__v1__log_entry__free_unpacked(e, NULL);
	}
	/* Logins are unique in the whole deployment. */
	T_EQ_INT(create(&d, "admin.sp", TD_SP, "an.hm", R(AUTHOR), &err),
	    SK_ALREADY_EXISTS);
	T_EQ_STR(err.msg, "login: an.hm is already taken");
	T_EQ_INT(create(&d, "admin.hm", TD_HM, "lan.hm", R(AUTHOR), &err),
	    SK_ALREADY_EXISTS);
	T_EQ_INT(td_log_size(&d, TD_SP), sp0);
	T_EQ_INT(td_log_size(&d, TD_HM), hm0 + 1);
	td_close(&d);
}

static int
disable(struct tdomain *d, const char *actor, uint32_t unit, const char *login,
    struct sk_error *err)
{
	UserRec *out = NULL;
	struct td_act act;
	const struct act *a = td_begin(d, &act, actor, unit, true);
	int rc;

	memset(err, 0, sizeof(*err));
	rc = users_disable(a, login, &out, err);
	T_CHECK(rc != 0 || (out != NULL && !out->enabled));
	store_rec_free(out);
	return td_end(&act, rc);
}

static void
disable_in_unit(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct principal p;
	Sk__V1__LogEntry *e;
	uint64_t hm0, sp0;

	td_open(&d);
	hm0 = td_log_size(&d, TD_HM);
	sp0 = td_log_size(&d, TD_SP);
	T_EQ_INT(td_principal(&d, "binh.hm", &p, &err), 0);
	T_EQ_INT(disable(&d, "admin.hm", TD_HM, "binh.hm", &err), 0);
	T_EQ_INT(td_principal(&d, "binh.hm", &p, &err), SK_UNAUTHENTICATED);
	T_EQ_INT(td_log_size(&d, TD_HM), hm0 + 1);
	if ((e = last_entry(&d, TD_HM)) != NULL) {
		T_EQ_STR(e->action, "user.disable");
		T_EQ_STR(e->object, "user/binh.hm");
		T_EQ_STR(e->actor, "admin.hm");
		sk__v1__log_entry__free_unpacked(e, NULL);
	}
	/* A user of another unit is not found in the act's unit. */
	T_EQ_INT(disable(&d, "admin.hm", TD_HM, "dung.sp", &err), SK_NOT_FOUND);
	T_EQ_STR(err.msg, "login: no user dung.sp");
	T_EQ_INT(td_principal(&d, "dung.sp", &p, &err), 0);
	T_EQ_INT(disable(&d, "admin.hm", TD_HM, "gv.mn", &err), SK_NOT_FOUND);
	T_EQ_INT(disable(&d, "admin.hm", TD_HM, "nobody.hm", &err), SK_NOT_FOUND);
	T_EQ_STR(err.msg, "login: no user nobody.hm");
	T_EQ_INT(td_log_size(&d, TD_HM), hm0 + 1);
	/* The district's admin acting in Sen Phương: that unit's log. */
	T_EQ_INT(disable(&d, "admin.pt", TD_SP, "dung.sp", &err), 0);
	T_EQ_INT(td_principal(&d, "dung.sp", &p, &err), SK_UNAUTHENTICATED);
	T_EQ_INT(td_log_size(&d, TD_SP), sp0 + 1);
	td_close(&d);
}

static void
whoami(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct td_act act;
	const struct act *a;
	UserRec *u = NULL;
	UnitRec *unit = NULL;

	td_open(&d);
	a = td_read(&d, &act, "cm1.hm");
	T_EQ_INT(users_whoami(a, &u, &unit, &err), 0);
	T_EQ_STR(u != NULL ? u->login : NULL, "cm1.hm");
	T_EQ_INT(u != NULL ? u->roles : 0, R(COUNCIL) | R(AUTHOR));
	T_EQ_STR(unit != NULL ? unit->code : NULL, "xa-hat-mon");
	store_rec_free(u);
	store_rec_free(unit);
	td_end(&act, 0);
	/* A scope whose user is gone. */
	a = td_begin(&d, &act, "ghost.hm", TD_HM, false);
	T_EQ_INT(users_whoami(a, &u, &unit, &err), SK_UNAVAILABLE);
	T_CHECK(u == NULL && unit == NULL);
	td_end(&act, 0);
	td_close(&d);
}

/* The codes of the units query finds, in order, as "a,b,c". */
static const char *
units(struct tdomain *d, const char *query, char *buf, size_t sz)
{
	struct store_txn t;
	UnitRec **v = NULL;
	size_t n = 0, used = 0;

	buf[0] = '\0';
	T_EQ_INT(store_read_begin(d->ts.st, &t), 0);
	T_EQ_INT(units_list(&t, query, &v, &n), 0);
	for (size_t i = 0; i < n && used < sz; i++)
		used += (size_t)snprintf(buf + used, sz - used, "%s%s", i ? "," : "",
		    v[i]->code);
	store_unit_list_free(v, n);
	store_read_end(&t);
	return buf;
}

static void
unit_list(void)
{
	struct tdomain d;
	char buf[128];

	td_open(&d);
	/* By kind, then by name. */
	T_EQ_STR(units(&d, "", buf, sizeof(buf)),
	    "phuc-tho,xa-hat-mon,xa-sen-phuong,mn-hat-mon");
	T_EQ_STR(units(&d, "hat mon", buf, sizeof(buf)), "xa-hat-mon,mn-hat-mon");
	T_EQ_STR(units(&d, "SEN PHƯƠNG", buf, sizeof(buf)), "xa-sen-phuong");
	T_EQ_STR(units(&d, "phuc-tho", buf, sizeof(buf)), "phuc-tho");
	T_EQ_STR(units(&d, "long xuyen", buf, sizeof(buf)), "");
	td_close(&d);
}

/* An admin's change to a user of Hát Môn; the user as stored, or NULL. */
static UserRec *
change(struct tdomain *d, int what, const char *login, uint32_t roles, const uint8_t *fp,
    struct sk_error *err)
{
	UserRec *out = NULL;
	struct td_act act;
	const struct act *a = td_begin(d, &act, "admin.hm", TD_HM, true);
	int rc;

	memset(err, 0, sizeof(*err));
	rc = what == 0 ? users_enable(a, login, &out, err) :
	    what == 1  ? users_set_roles(a, login, roles, &out, err) :
	                 users_renew(a, login, fp, a->now + 86400, &out, err);
	if (td_end(&act, rc) != 0) {
		store_rec_free(out);
		return NULL;
	}
	return out;
}

/* The lifecycle: a disabled login enabled again, roles changed, a new
 * certificate that makes the old one nobody's; each in the unit's log. */
static void
lifecycle(void)
{
	struct sk_error err = { 0, "" };
	struct principal p, before;
	uint8_t fp[STORE_FP_LEN], old[STORE_FP_LEN];
	Sk__V1__LogEntry *e;
	struct tdomain d;
	struct store_txn t;
	UserRec *u;
	uint64_t n0;

	td_open(&d);
	n0 = td_log_size(&d, TD_HM);
	/* Enable: only a disabled user, and the login works again. */
	T_CHECK(change(&d, 0, "binh.hm", 0, NULL, &err) == NULL);
	T_CONTAINS(err.msg, "enabled already");
	T_EQ_INT(disable(&d, "admin.hm", TD_HM, "binh.hm", &err), 0);
	u = change(&d, 0, "binh.hm", 0, NULL, &err);
	T_CHECK(u != NULL && u->enabled);
	store_rec_free(u);
	T_EQ_INT(td_principal(&d, "binh.hm", &p, &err), 0);
	/* Roles: known ones only; a write queued with the old roles is not
	 * the caller's any more. */
	before = p;
	T_CHECK(change(&d, 1, "binh.hm", 0, NULL, &err) == NULL);
	T_CONTAINS(err.msg, "roles:");
	u = change(&d, 1, "binh.hm", TD_ROLE(AUTHOR) | TD_ROLE(CLERK), NULL, &err);
	T_EQ_INT(u != NULL ? u->roles : 0, TD_ROLE(AUTHOR) | TD_ROLE(CLERK));
	store_rec_free(u);
	T_EQ_INT(store_read_begin(d.ts.st, &t), 0);
	T_EQ_INT(authz_current(&t, &before, &err), SK_UNAUTHENTICATED);
	store_read_end(&t);
	T_EQ_INT(td_principal(&d, "binh.hm", &p, &err), 0);
	T_EQ_INT(p.roles, TD_ROLE(AUTHOR) | TD_ROLE(CLERK));
	/* Renew: the old certificate is nobody's, the new one is binh's. */
	memcpy(old, p.fp, sizeof(old));
	memset(fp, 0xab, sizeof(fp));
	u = change(&d, 2, "binh.hm", 0, fp, &err);
	T_CHECK(u != NULL && u->fingerprint.len == STORE_FP_LEN &&
	    memcmp(u->fingerprint.data, fp, STORE_FP_LEN) == 0);
	store_rec_free(u);
	T_EQ_INT(store_read_begin(d.ts.st, &t), 0);
	T_EQ_INT(authz_authenticate(&t, old, false, &p, &err), SK_UNAUTHENTICATED);
	T_EQ_INT(authz_authenticate(&t, fp, false, &p, &err), 0);
	T_EQ_STR(p.login, "binh.hm");
	store_read_end(&t);
	/* A disabled user is not renewed; another unit's is not found. */
	T_EQ_INT(disable(&d, "admin.hm", TD_HM, "binh.hm", &err), 0);
	T_CHECK(change(&d, 2, "binh.hm", 0, fp, &err) == NULL);
	T_CONTAINS(err.msg, "disabled");
	T_CHECK(change(&d, 1, "dung.sp", TD_ROLE(AUTHOR), NULL, &err) == NULL);
	T_EQ_INT(err.code, SK_NOT_FOUND);
	/* disable, enable, roles, renew, disable: five entries. */
	T_EQ_INT(td_log_size(&d, TD_HM), n0 + 5);
	if ((e = last_entry(&d, TD_HM)) != NULL) {
		T_EQ_STR(e->action, "user.disable");
		sk__v1__log_entry__free_unpacked(e, NULL);
	}
	td_close(&d);
}

static void
expiring(void)
{
	UserRec u = SK__STORE__V1__USER_REC__INIT;
	int64_t now = 1800000000;

	u.enabled = true;
	u.cert_not_after = now + (int64_t)10 * 86400;
	T_CHECK(users_expiring(&u, now, 30));
	T_CHECK(users_expiring(&u, now, 11));
	T_CHECK(!users_expiring(&u, now, 10));
	u.cert_not_after = now - 1; /* expired already */
	T_CHECK(users_expiring(&u, now, 1));
	u.enabled = false;
	T_CHECK(!users_expiring(&u, now, 30));
}

static const struct t_case cases[] = {
	{ "enable, roles, renew: each logged, each taking effect", lifecycle },
	{ "certificates expiring within days", expiring },
	{ "users_check_new: login, name, roles, unit code, validity", check_new },
	{ "users_unit and users_find name what is missing", unit_and_user_lookup },
	{ "enrolment: the act's unit, that unit's log, logins taken", enrol },
	{ "disabling: only in the act's unit; the certificate stops", disable_in_unit },
	{ "whoami: the caller's record and unit", whoami },
	{ "units_list: by kind and name, found without diacritics", unit_list },
};

T_MAIN(cases)
