#include "validate.h"

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
validate_authors(const InitiativeRec *r, struct sk_error *err)
{
	char field[48];
	uint32_t sum = 0;

	if (r->n_authors == 0)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "authors: at least one author is required");
	if (r->n_authors > VALIDATE_AUTHORS_MAX)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "authors: more than %d authors", VALIDATE_AUTHORS_MAX);
	for (size_t i = 0; i < r->n_authors; i++) {
		snprintf(field, sizeof(field), "authors[%zu].name", i + 1);
		if (validate_name(field, r->authors[i]->name, err) != 0)
			return err->code;
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

int
validate_initiative(const InitiativeRec *r, int32_t today, struct sk_error *err)
{
	int32_t day;

	if (text_blank(r->title))
		return status_set(err, SK_INVALID_ARGUMENT, "title: must not be empty");
	if (check_text("title", r->title, VALIDATE_TITLE_MAX, NULL, err) != 0 ||
	    check_text("summary", r->summary, VALIDATE_SUMMARY_MAX, "\n\r\t", err) != 0 ||
	    check_text("field", r->field, VALIDATE_NAME_MAX, NULL, err) != 0)
		return err->code;
	if (r->category < 1 || r->category > VALIDATE_CATEGORY_MAX)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "category: must be 1 to %d (content categories of the plan), not %u",
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
