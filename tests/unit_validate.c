/* unit_validate: field rules for initiatives, logins and names. */
#include "t.h"

#include <stdlib.h>

#include "date.h"
#include "validate.h"

#define MAX_AUTHORS (VALIDATE_AUTHORS_MAX + 1)

/* A valid draft, built by hand, that each test then breaks in one place. */
struct fixture {
	InitiativeRec r;
	AuthorRec a[MAX_AUTHORS];
	AuthorRec *ap[MAX_AUTHORS];
	int32_t today;
	struct sk_error err;
};

static void
fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	sk__store__v1__initiative_rec__init(&f->r);
	f->r.id = 1;
	f->r.unit_id = 3;
	f->r.title = "Cải tiến quy trình tiếp nhận hồ sơ một cửa";
	f->r.summary = "Giảm thời gian chờ.\nÁp dụng tại bộ phận một cửa.";
	f->r.category = 2;
	f->r.field = "Hành chính";
	f->r.first_applied = "2024-03-15";
	for (int i = 0; i < MAX_AUTHORS; i++) {
		sk__store__v1__author_rec__init(&f->a[i]);
		f->ap[i] = &f->a[i];
	}
	f->a[0].name = "Nguyễn Văn An";
	f->a[0].share = 6000;
	f->a[1].name = "Trần Thị Bình";
	f->a[1].share = 4000;
	f->r.n_authors = 2;
	f->r.authors = f->ap;
	f->today = date_from_ymd(2024, 6, 1);
}

static int
run(struct fixture *f)
{
	f->err.code = -1;
	f->err.msg[0] = '\0';
	return validate_initiative(&f->r, f->today, &f->err);
}

/* A string of n copies of the UTF-8 character c (freed by the caller). */
static char *
repeat(const char *c, size_t n)
{
	size_t len = strlen(c);
	char *s = malloc(len * n + 1);

	if (s == NULL)
		abort();
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * len, c, len);
	s[len * n] = '\0';
	return s;
}

/* Expect INVALID_ARGUMENT with a message that contains `what`. */
#define T_REFUSED(f, what)                                                               \
	do {                                                                             \
		T_EQ_INT(run(f), SK_INVALID_ARGUMENT);                                   \
		T_EQ_INT((f)->err.code, SK_INVALID_ARGUMENT);                            \
		T_CONTAINS((f)->err.msg, what);                                          \
	} while (0)

static void
valid_record_passes(void)
{
	struct fixture f;

	fixture_init(&f);
	T_EQ_INT(run(&f), 0);

	/* Optional fields may be empty. */
	f.r.summary = "";
	f.r.field = "";
	f.r.first_applied = "";
	T_EQ_INT(run(&f), 0);

	/* One author with the whole share. */
	fixture_init(&f);
	f.r.n_authors = 1;
	f.a[0].share = VALIDATE_SHARE_TOTAL;
	T_EQ_INT(run(&f), 0);
}

static void
title_rules(void)
{
	struct fixture f;
	/* "ọ" is 3 bytes; the limit counts characters. */
	char *title = repeat("ọ", VALIDATE_TITLE_MAX);
	char *longer = repeat("ọ", VALIDATE_TITLE_MAX + 1);

	fixture_init(&f);
	f.r.title = "";
	T_REFUSED(&f, "title");
	f.r.title = " \t ";
	T_REFUSED(&f, "title");

	f.r.title = title;
	T_EQ_INT(run(&f), 0); /* 300 characters, 900 bytes */
	f.r.title = longer;
	T_REFUSED(&f, "title"); /* 301 */
	T_CONTAINS(f.err.msg, "300");
	free(title);
	free(longer);

	fixture_init(&f);
	f.r.title = "Sáng\x01kiến";
	T_REFUSED(&f, "title");
	f.r.title = "Dòng 1\nDòng 2"; /* no newline in a title */
	T_REFUSED(&f, "title");
	f.r.title = "Sáng\x7fkiến";
	T_REFUSED(&f, "title");
	f.r.title = "Sáng kiến \xc3";
	T_REFUSED(&f, "title");
}

static void
summary_and_field_rules(void)
{
	struct fixture f;

	fixture_init(&f);
	f.r.summary = "Dòng 1\nDòng 2\r\n\tthụt lề";
	T_EQ_INT(run(&f), 0);

	f.r.summary = "Tóm tắt \xed\xa0\x80 lỗi"; /* a surrogate */
	T_REFUSED(&f, "summary");
	f.r.summary = "Tóm tắt \xc0\x80"; /* overlong NUL */
	T_REFUSED(&f, "summary");
	f.r.summary = "Chuông\x07";
	T_REFUSED(&f, "summary");

	fixture_init(&f);
	f.r.field = "Hành\nchính";
	T_REFUSED(&f, "field");
	f.r.field = "\xff";
	T_REFUSED(&f, "field");
}

static void
category_rules(void)
{
	struct fixture f;

	fixture_init(&f);
	f.r.category = 0;
	T_REFUSED(&f, "category");
	f.r.category = VALIDATE_CATEGORY_MAX + 1;
	T_REFUSED(&f, "category");
	f.r.category = 1;
	T_EQ_INT(run(&f), 0);
	f.r.category = VALIDATE_CATEGORY_MAX;
	T_EQ_INT(run(&f), 0);
}

static void
author_rules(void)
{
	struct fixture f;

	fixture_init(&f);
	f.r.n_authors = 0;
	T_REFUSED(&f, "authors");

	/* 50 + 40 = 90 %. */
	fixture_init(&f);
	f.a[0].share = 5000;
	f.a[1].share = 4000;
	T_REFUSED(&f, "authors");
	T_CONTAINS(f.err.msg, "90.00%");

	/* 60 + 40.01 = 100.01 %. */
	fixture_init(&f);
	f.a[1].share = 4001;
	T_REFUSED(&f, "100.01%");

	fixture_init(&f);
	f.a[0].share = 0;
	f.a[1].share = VALIDATE_SHARE_TOTAL;
	T_REFUSED(&f, "authors[1].share");

	fixture_init(&f);
	f.a[0].share = VALIDATE_SHARE_TOTAL + 1;
	T_REFUSED(&f, "authors[1].share");

	/* Three authors, the second one blank. */
	fixture_init(&f);
	f.r.n_authors = 3;
	f.a[0].share = 5000;
	f.a[1].name = "  ";
	f.a[1].share = 2500;
	f.a[2].name = "Lê Văn Cường";
	f.a[2].share = 2500;
	T_REFUSED(&f, "authors[2].name");
	f.a[1].name = "Phạm Thị Dung";
	T_EQ_INT(run(&f), 0);
	f.a[2].name = "Lê\tVăn";
	T_REFUSED(&f, "authors[3].name");

	/* At most VALIDATE_AUTHORS_MAX authors. */
	fixture_init(&f);
	f.r.n_authors = VALIDATE_AUTHORS_MAX;
	for (int i = 0; i < VALIDATE_AUTHORS_MAX; i++) {
		f.a[i].name = "Tác giả";
		f.a[i].share = VALIDATE_SHARE_TOTAL / VALIDATE_AUTHORS_MAX;
	}
	T_EQ_INT(run(&f), 0);
	f.r.n_authors = VALIDATE_AUTHORS_MAX + 1;
	f.a[VALIDATE_AUTHORS_MAX].name = "Tác giả";
	f.a[VALIDATE_AUTHORS_MAX].share = 1;
	T_REFUSED(&f, "authors");
}

static void
first_applied_rules(void)
{
	struct fixture f;

	fixture_init(&f);
	f.r.first_applied = "2024-02-30";
	T_REFUSED(&f, "first_applied");
	f.r.first_applied = "15/03/2024"; /* people's form is not stored */
	T_REFUSED(&f, "first_applied");

	/* The day it is in force, seen from the day before: the future. */
	f.r.first_applied = "2024-03-15";
	f.today = date_from_ymd(2024, 3, 15) - 1;
	T_REFUSED(&f, "future");
	T_CONTAINS(f.err.msg, "first_applied");
	f.today = date_from_ymd(2024, 3, 15);
	T_EQ_INT(run(&f), 0);
	f.today = date_from_ymd(2024, 3, 16);
	T_EQ_INT(run(&f), 0);
}

static void
login_rules(void)
{
	struct sk_error err = { 0, "" };
	char long_login[80];

	T_EQ_INT(validate_login("nva.hatmon", &err), 0);
	T_EQ_INT(validate_login("abc", &err), 0);
	T_EQ_INT(validate_login("1nva_x-y", &err), 0);

	T_EQ_INT(validate_login("ab", &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "login");
	T_EQ_INT(validate_login("", &err), SK_INVALID_ARGUMENT);
	T_EQ_INT(validate_login("Nva", &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "login");
	T_EQ_INT(validate_login("-abc", &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "login");
	T_EQ_INT(validate_login(".abc", &err), SK_INVALID_ARGUMENT);
	T_EQ_INT(validate_login("_abc", &err), SK_INVALID_ARGUMENT);
	T_EQ_INT(validate_login("nva hatmon", &err), SK_INVALID_ARGUMENT);
	T_EQ_INT(validate_login("nguyễn", &err), SK_INVALID_ARGUMENT);
	T_EQ_INT(validate_login("a/b", &err), SK_INVALID_ARGUMENT);

	memset(long_login, 'a', 64);
	long_login[64] = '\0';
	T_EQ_INT(validate_login(long_login, &err), 0);
	long_login[64] = 'a';
	long_login[65] = '\0';
	T_EQ_INT(validate_login(long_login, &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "login");
}

static void
name_rules(void)
{
	struct sk_error err = { 0, "" };
	/* "ễ" is 3 bytes; the limit counts characters. */
	char *name = repeat("ễ", VALIDATE_NAME_MAX);
	char *longer = repeat("ễ", VALIDATE_NAME_MAX + 1);

	T_EQ_INT(validate_name("name", "Nguyễn Văn An", &err), 0);
	T_EQ_INT(validate_name("name", "", &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "name");
	T_EQ_INT(validate_name("user.name", "  \t", &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "user.name");
	T_EQ_INT(validate_name("name", "An\n", &err), SK_INVALID_ARGUMENT);
	T_EQ_INT(validate_name("name", "An \xe1\xbb", &err), SK_INVALID_ARGUMENT);

	T_EQ_INT(validate_name("name", name, &err), 0);
	T_EQ_INT(validate_name("name", longer, &err), SK_INVALID_ARGUMENT);
	free(name);
	free(longer);
}

static void
application_texts(void)
{
	char *at_max = repeat("ệ", VALIDATE_TEXT_MAX);
	char *over = repeat("ệ", VALIDATE_TEXT_MAX + 1);
	char *long_name = repeat("ệ", VALIDATE_NAME_MAX);
	char *participants[VALIDATE_PARTICIPANTS_MAX + 1];
	struct fixture f;

	fixture_init(&f);
	f.r.description = "Bước 1.\nBước 2.\tXong.";
	f.r.benefits = at_max;
	T_EQ_INT(run(&f), 0);
	f.r.benefits = over;
	T_REFUSED(&f, "benefits: is longer than 10000 characters");
	fixture_init(&f);
	f.r.conditions = "\xc3\x28";
	T_REFUSED(&f, "conditions: is not valid UTF-8");
	fixture_init(&f);
	f.r.confidential = "mật\x1b[2J";
	T_REFUSED(&f, "confidential: contains control characters");
	fixture_init(&f);
	f.r.investor = "UBND\nxã";
	T_REFUSED(&f, "investor: contains control characters");

	fixture_init(&f);
	for (int i = 0; i <= VALIDATE_PARTICIPANTS_MAX; i++)
		participants[i] = "Lê Văn Cường";
	f.r.participants = participants;
	f.r.n_participants = VALIDATE_PARTICIPANTS_MAX;
	T_EQ_INT(run(&f), 0);
	f.r.n_participants = VALIDATE_PARTICIPANTS_MAX + 1;
	T_REFUSED(&f, "participants: more than 200");
	f.r.n_participants = 3;
	participants[1] = " ";
	T_REFUSED(&f, "participants[2]: must not be empty");

	/* Each within its limit, together past what one reply can carry. */
	fixture_init(&f);
	f.r.description = f.r.confidential = f.r.conditions = f.r.benefits =
	    f.r.trial_benefits = at_max;
	T_EQ_INT(run(&f), 0);
	for (int i = 0; i < VALIDATE_PARTICIPANTS_MAX; i++)
		participants[i] = long_name;
	f.r.participants = participants;
	f.r.n_participants = VALIDATE_PARTICIPANTS_MAX;
	T_EQ_INT(run(&f), SK_INVALID_ARGUMENT);
	T_CONTAINS(f.err.msg, "attach long documents as files");
	free(at_max);
	free(long_name);
	free(over);
}

static void
author_fields(void)
{
	struct fixture f;

	fixture_init(&f);
	f.a[1].workplace = "UBND xã Hát Môn";
	f.a[1].job_title = "Công chức";
	f.a[1].qualification = "Cử nhân";
	f.a[1].birth_date = "1990-09-03";
	f.a[0].login = "an.hm";
	f.a[1].login = "binh.hm";
	T_EQ_INT(run(&f), 0);
	f.a[1].birth_date = "03/09/1990";
	T_REFUSED(&f, "authors[2].birth_date: not a date");
	f.a[1].birth_date = "";
	f.a[1].workplace = "UBND\txã";
	T_REFUSED(&f, "authors[2].workplace: contains control characters");
	f.a[1].workplace = "";
	f.a[1].login = "Trần Thị Bình";
	T_REFUSED(&f, "authors[2].login: only a-z");
	f.a[1].login = "an.hm";
	T_REFUSED(&f, "authors[2].login: an.hm is already authors[1]");
	/* Several authors without a login are no repetition. */
	f.a[0].login = f.a[1].login = "";
	T_EQ_INT(run(&f), 0);
}

static const struct t_case cases[] = {
	{ "valid_record_passes", valid_record_passes },
	{ "title_rules", title_rules },
	{ "summary_and_field_rules", summary_and_field_rules },
	{ "category_rules", category_rules },
	{ "author_rules", author_rules },
	{ "application_texts", application_texts },
	{ "author_fields", author_fields },
	{ "first_applied_rules", first_applied_rules },
	{ "login_rules", login_rules },
	{ "name_rules", name_rules },
};

T_MAIN(cases)
