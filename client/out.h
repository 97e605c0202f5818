/*
 * out: how sk shows results: aligned tables for people (Vietnamese text
 * intact, dates as dd/mm/yyyy) or JSON for scripts (ISO 8601 dates).
 */
#ifndef SK_OUT_H
#define SK_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "sk.pb-c.h"

void out_hello(const Sk__V1__HelloResponse *h, bool json);
void out_units(const Sk__V1__UnitListResponse *l, bool json);
void out_initiative(const Sk__V1__Initiative *i, bool json);
/* me: the caller's login, to mark what awaits their confirmation. */
void out_initiatives(const Sk__V1__InitiativeListResponse *l, const char *me, bool json);
void out_user(const Sk__V1__User *u, bool json);
void out_users(const Sk__V1__UserListResponse *l, bool json);

/* An error: "sk: CODE: message" on stderr, and a JSON object on stdout
 * when json is set so that scripts see it where they read. */
void out_error(int code, const char *msg, bool json);

/* Any message as one line of JSON: fields by their proto names, enums in
 * lower case, bytes in hex, *_at times as ISO 8601. */
void out_json(const ProtobufCMessage *m);

/* A JSON string literal, escaped. */
void out_json_str(FILE *fp, const char *s);

/* Print s padded (or cut, with "…") to exactly cols terminal columns. */
void out_cell(FILE *fp, const char *s, size_t cols);

/* "60" or "33.33" for a share in hundredths of a percent. */
void out_share(unsigned share, char *buf, size_t sz);

#endif
