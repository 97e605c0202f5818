#include "author.h"

#include <string.h>

#include "text.h"

static bool
named(const InitiativeRec *r, const char *login, bool confirmed)
{
	const AuthorRec *a;

	if (strcmp(r->created_by, login) == 0)
		return true;
	if ((a = author_entry(r, login)) == NULL)
		return false;
	return a->confirmed || !confirmed;
}

bool
author_is(const InitiativeRec *r, const char *login)
{
	return named(r, login, true);
}

bool
author_listed(const InitiativeRec *r, const char *login)
{
	return named(r, login, false);
}

AuthorRec *
author_entry(const InitiativeRec *r, const char *login)
{
	if (login[0] == '\0')
		return NULL;
	for (size_t i = 0; i < r->n_authors; i++)
		if (strcmp(r->authors[i]->login, login) == 0)
			return r->authors[i];
	return NULL;
}

const AuthorRec *
author_unlinked(const InitiativeRec *r, const char *name)
{
	for (size_t i = 0; i < r->n_authors; i++) {
		const AuthorRec *a = r->authors[i];

		if (a->login[0] == '\0' && !a->distinct && text_same_name(a->name, name))
			return a;
	}
	return NULL;
}

bool
author_conflict(const InitiativeRec *r, const char *login, const char *name)
{
	return author_is(r, login) || author_unlinked(r, name) != NULL;
}
