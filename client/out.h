/*
 * out: how sk shows results: aligned tables and labelled text for people
 * (Vietnamese text intact, dates as dd/mm/yyyy, categories by name), or,
 * under --json, the result message as json.h prints any message.
 */
#ifndef SK_OUT_H
#define SK_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sk.pb-c.h"

/* m as one line of JSON on stdout (json.h). */
void out_json(const ProtobufCMessage *m);

/*
 * Why a command failed, with exit status rc: "sk: CODE: message" on
 * stderr when code is the server's status, "sk: message" otherwise (code
 * 0: a local problem or a connection that failed). Under --json also
 * {"error":{"exit":rc,"code":"CODE","message":"..."}} on stdout ("code"
 * only for the server's status), so that scripts see it where they read.
 */
void out_error(int rc, int code, const char *msg, bool json);

/* h: the connection's Hello, for category names (NULL: numbers only). */
void out_hello(const Sk__V1__HelloResponse *h, bool json);
void out_units(const Sk__V1__UnitListResponse *l, bool json);
void out_initiative(const Sk__V1__Initiative *i, const Sk__V1__HelloResponse *h,
    bool json);
/* h->login marks what awaits the caller's confirmation. */
void out_initiatives(const Sk__V1__InitiativeListResponse *l,
    const Sk__V1__HelloResponse *h, bool json);
/* One line about a user, after a change. */
void out_user(const Sk__V1__User *u, bool json);
/* All about a user; unit: its unit, or NULL when not known. */
void out_user_show(const Sk__V1__User *u, const Sk__V1__Unit *unit, bool json);
void out_users(const Sk__V1__UserListResponse *l, bool json);
/* The linked servers, a line each. */
void out_peers(const Sk__V1__UserListResponse *l, bool json);

/* "3. Cải cách hành chính" for category n, or "3" when h does not name it. */
void out_category(const Sk__V1__HelloResponse *h, uint32_t n, char *buf, size_t sz);

/* "dd/mm/yyyy" of an ISO date into buf; "-" when empty or no date. */
const char *out_date(const char *iso, char *buf, size_t sz);

/* "dd/mm/yyyy HH:MM" of Unix seconds into buf; "-" for 0 (unset). */
const char *out_time(int64_t t, char *buf, size_t sz);

/* Print s padded (or cut, with "…") to exactly cols terminal columns. */
void out_cell(FILE *fp, const char *s, size_t cols);

/* Print s cut to cols columns (with "…"); returns the columns used. */
size_t out_cut(FILE *fp, const char *s, size_t cols);

/* "sent", "sent back", … for a Forward.Stage. */
const char *out_stage(uint32_t stage);

/* "60" or "33.33" for a share in hundredths of a percent. */
void out_share(unsigned share, char *buf, size_t sz);

/* "2/3 of the members" for a rule's fraction and base. */
void out_rule(uint32_t num, uint32_t den, Sk__V1__CountBase base, char *buf, size_t sz);

#endif
