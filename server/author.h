/*
 * author: who wrote a dossier. The creator and the co-authors named by
 * login who have confirmed are its authors: only they edit it, take the
 * authors' steps, read its confidential part, and they never vote on it.
 * A co-author named by login who has not confirmed yet is only listed.
 */
#ifndef SK_AUTHOR_H
#define SK_AUTHOR_H

#include <stdbool.h>

#include "store.h"

/* Is login the creator of r or a co-author who has confirmed? */
bool author_is(const InitiativeRec *r, const char *login);

/* Is login the creator or named by login, confirmed or not? They find
 * the dossier among their own (to confirm it). */
bool author_listed(const InitiativeRec *r, const char *login);

/* login's entry among the authors, or NULL if not named by login. */
AuthorRec *author_entry(const InitiativeRec *r, const char *login);

/* An entry of r naming someone called name without a login, which the
 * clerk has not marked as another person: likely that person, unlinked.
 * NULL if there is none. */
const AuthorRec *author_unlinked(const InitiativeRec *r, const char *name);

/* Is the user login, called name, an author of r by login (confirmed) or
 * by an unlinked entry with their name? Such a council member never votes
 * on r. */
bool author_conflict(const InitiativeRec *r, const char *login, const char *name);

#endif
