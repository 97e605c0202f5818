#include "validate.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "text.h"

/* UTF-8, no control characters except those in allow, at most max characters. */
static int
check_text(const char *field, const char *s, size_t max, const char *allow,
    struct sk_error *err)
{
	if (!text_valid(s, strlen(s)))
		return status_set(err, SK_INVALID_ARGUMENT, "%s: is not valid UTF-8",
		    field);
	if (text_has_control(s, allow))
		return status_set(err, SK_INVALID_ARGUMENT,
		    "%s: contains control characters", field);
	if (text_chars(s) > max)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "%s: is longer than %zu characters", field, max);
	return 0;
}

int
validate_name(const char *field, const char *s, struct sk_error *err)
{
	if (text_blank(s))
		return status_set(err, SK_INVALID_ARGUMENT, "%s: must not be empty",
		    field);
	return check_text(field, s, VALIDATE_NAME_MAX, NULL, err);
}

static int
check_date(const char *field, const char *s, struct sk_error *err)
{
	int32_t day;

	if (s[0] != '\0' && !date_parse_iso(s, &day))
		return status_set(err, SK_INVALID_ARGUMENT,
		    "%s: not a date in YYYY-MM-DD form", field);
	return 0;
}

/* Everything of one author but the share. */
static int
validate_author(const AuthorRec *a, size_t i, struct sk_error *err)
{
	static const struct {
		const char *name;
		size_t offset;
	} texts[] = {
		{ "workplace", offsetof(AuthorRec, workplace) },
		{ "job_title", offsetof(AuthorRec, job_title) },
		{ "qualification", offsetof(AuthorRec, qualification) },
	};
	struct sk_error why;
	char field[48];

	snprintf(field, sizeof(field), "authors[%zu].name", i + 1);
	if (validate_name(field, a->name, err) != 0)
		return err->code;
	for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
		snprintf(field, sizeof(field), "authors[%zu].%s", i + 1, texts[k].name);
		if (check_text(field, *(char **)(void *)((char *)a + texts[k].offset),
		        VALIDATE_NAME_MAX, NULL, err) != 0)
			return err->code;
	}
	snprintf(field, sizeof(field), "authors[%zu].birth_date", i + 1);
	if (check_date(field, a->birth_date, err) != 0)
		return err->code;
	if (a->login[0] != '\0' && validate_login(a->login, &why) != 0)
		return status_set(err, SK_INVALID_ARGUMENT, "authors[%zu].%s", i + 1,
		    why.msg);
	return 0;
}

static int
validate_authors(const InitiativeRec *r, struct sk_error *err)
{
	uint32_t sum = 0;

	if (r->n_authors == 0)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "authors: at least one author is required");
	if (r->n_authors > VALIDATE_AUTHORS_MAX)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "authors: more than %d authors", VALIDATE_AUTHORS_MAX);
	for (size_t i = 0; i < r->n_authors; i++) {
		if (validate_author(r->authors[i], i, err) != 0)
			return err->code;
		for (size_t k = 0; k < i; k++)
			if (r->authors[i]->login[0] != '\0' &&
			    strcmp(r->authors[i]->login, r->authors[k]->login) == 0)
				return status_set(err, SK_INVALID_ARGUMENT,
				    "authors[%zu].login: %s is already authors[%zu]",
				    i + 1, r->authors[i]->login, k + 1);
		if (r->authors[i]->share == 0 ||
		    r->authors[i]->share > VALIDATE_SHARE_TOTAL)
			return status_set(err, SK_INVALID_ARGUMENT,
			    "authors[%zu].share: must be between 0.01%% and 100%%",
			    i + 1);
		sum += r->authors[i]->share;
	}
	if (sum != VALIDATE_SHARE_TOTAL)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "authors: contribution percentages sum to %u.%02u%%, not 100%%",
		    sum / 100, sum % 100);
	return 0;
}

/* The long texts of the application, kept with their line breaks. */
static int
validate_texts(const InitiativeRec *r, struct sk_error *err)
{
	const struct {
		const char *name;
		const char *v;
	} texts[] = {
		{ "description", r->description },
		{ "confidential", r->confidential },
		{ "conditions", r->conditions },
		{ "benefits", r->benefits },
		{ "trial_benefits", r->trial_benefits },
	};
	char field[48];

	for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++)
		if (check_text(texts[k].name, texts[k].v, VALIDATE_TEXT_MAX, "\n\r\t",
		        err) != 0)
			return err->code;
	if (check_text("investor", r->investor, VALIDATE_NAME_MAX, NULL, err) != 0 ||
	    check_text("addressee", r->addressee, VALIDATE_NAME_MAX, NULL, err) != 0)
		return err->code;
	if (r->n_participants > VALIDATE_PARTICIPANTS_MAX)
		return status_set(err, SK_INVALID_ARGUMENT, "participants: more than %d",
		    VALIDATE_PARTICIPANTS_MAX);
	for (size_t i = 0; i < r->n_participants; i++) {
		snprintf(field, sizeof(field), "participants[%zu]", i + 1);
		if (validate_name(field, r->participants[i], err) != 0)
			return err->code;
	}
	return 0;
}

int
validate_initiative(const InitiativeRec *r, int32_t today, struct sk_error *err)
{
	size_t bytes;
	int32_t day;

	if (text_blank(r->title))
		return status_set(err, SK_INVALID_ARGUMENT, "title: must not be empty");
	if (check_text("title", r->title, VALIDATE_TITLE_MAX, NULL, err) != 0 ||
	    check_text("summary", r->summary, VALIDATE_SUMMARY_MAX, "\n\r\t", err) != 0 ||
	    check_text("field", r->field, VALIDATE_NAME_MAX, NULL, err) != 0 ||
	    validate_texts(r, err) != 0)
		return err->code;
	/* Each field within its limit can still add up past a reply frame. */
	if ((bytes = protobuf_c_message_get_packed_size(&r->base)) > VALIDATE_RECORD_MAX)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "initiative: %zu KiB of text is more than %u KiB; attach long "
		    "documents as files",
		    bytes >> 10, VALIDATE_RECORD_MAX >> 10);
	if (r->category < 1 || r->category > VALIDATE_CATEGORY_MAX)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "category: must be 1 to %d (a content category), not %u",
		    VALIDATE_CATEGORY_MAX, r->category);
	if (validate_authors(r, err) != 0)
		return err->code;
	if (r->first_applied[0] != '\0') {
		if (!date_parse_iso(r->first_applied, &day))
			return status_set(err, SK_INVALID_ARGUMENT,
			    "first_applied: not a date in YYYY-MM-DD form");
		if (day > today)
			return status_set(err, SK_INVALID_ARGUMENT,
			    "first_applied: %s is in the future", r->first_applied);
	}
	return 0;
}

int
validate_login(const char *login, struct sk_error *err)
{
	size_t n = strlen(login);

	if (n < 3 || n > 64)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "login: must be 3 to 64 characters");
	if (strspn(login, "abcdefghijklmnopqrstuvwxyz0123456789._-") != n)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "login: only a-z, 0-9, '.', '_' and '-' are allowed");
	if (login[0] == '.' || login[0] == '-' || login[0] == '_')
		return status_set(err, SK_INVALID_ARGUMENT,
		    "login: must start with a letter or digit");
	return 0;
}
