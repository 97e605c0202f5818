/*
 * names: the words people and command lines use for protocol enums
 * (roles, initiative states, unit kinds).
 */
#ifndef SK_NAMES_H
#define SK_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* "author,clerk" -> bits; -1 on an unknown name. */
int roles_parse(const char *s, uint32_t *roles);

/* bits -> "author,clerk" ("" for none). */
void roles_format(uint32_t roles, char *buf, size_t sz);

/* All role names, comma-separated, for help texts. */
const char *roles_all(void);

/* "draft", "submitted", ...; "unknown" for others. */
const char *state_name(uint32_t state);

/* Inverse of state_name (also accepts "in-review"); -1 if unknown. */
int state_parse(const char *name);

/* Workflow actions: "submit", "accept", ...; "?" if unknown. */
const char *action_name(uint32_t action);

/* "commune", "department", ... */
const char *unit_kind_name(uint32_t kind);

/* The kind a name says ("commune", "city", ...); -1 if none. */
int unit_kind_parse(const char *s);

#endif
