/*
 * validate: field rules for what users send, each failure naming the field.
 *
 * Pure functions: no storage, no clock (today is passed in), so that the
 * rules are unit-tested directly.
 */
#ifndef SK_VALIDATE_H
#define SK_VALIDATE_H

#include <stdint.h>

#include "status.h"
#include "store.h"

#define VALIDATE_TITLE_MAX 300 /* characters */
#define VALIDATE_SUMMARY_MAX 5000
#define VALIDATE_NAME_MAX 200
#define VALIDATE_AUTHORS_MAX 50
#define VALIDATE_SHARE_TOTAL 10000 /* 100.00 % in hundredths */
#define VALIDATE_CATEGORY_MAX 99   /* which exist is the deployment's data */
#define VALIDATE_TEXT_MAX 10000    /* description, benefits, ...: longer goes in a file */
#define VALIDATE_PARTICIPANTS_MAX 200
#define VALIDATE_RECORD_MAX (256u << 10) /* bytes, packed: replies stay under a frame */

/* An initiative as a draft may hold it; today is days since 1970-01-01.
 * Every string is checked for UTF-8, control characters and length, every
 * list for its count. Logins are checked for form and repetition only:
 * whether they name users of the unit needs the store. */
int validate_initiative(const InitiativeRec *r, int32_t today, struct sk_error *err);

/* A login: 3-64 of [a-z0-9._-], starting with a letter or digit. */
int validate_login(const char *login, struct sk_error *err);

/* A person's or unit's name: UTF-8, not blank, no control characters. */
int validate_name(const char *field, const char *s, struct sk_error *err);

#endif
