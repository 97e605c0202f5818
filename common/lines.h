/*
 * lines: text files of one record a line, as skd.conf, sk.conf and the
 * units file are written. A '#' starts a comment that runs to the end of
 * the line; blanks around a line are not part of it; empty lines are
 * skipped.
 */
#ifndef SK_LINES_H
#define SK_LINES_H

#include "status.h"

#define LINES_MAX 8192 /* bytes of one line, newline included */

/* Called with each non-empty line (modifiable, trimmed) and its number;
 * returns 0 to go on, or an sk_code with err set to stop. */
typedef int (*lines_fn)(char *line, int lineno, void *arg, struct sk_error *err);

/* Called with the key and value of each "key = value" line, both trimmed. */
typedef int (
    *lines_kv_fn)(const char *key, const char *value, void *arg, struct sk_error *err);

/*
 * Read path and call fn for each line. An error from fn, or a line longer
 * than LINES_MAX, is returned with "PATH:LINE: " before its message; a
 * file that cannot be opened is SK_NOT_FOUND naming path and why.
 */
int lines_read(const char *path, lines_fn fn, void *arg, struct sk_error *err);

/* The same for "key = value" files; a line without '=' is an error. */
int lines_read_kv(const char *path, lines_kv_fn fn, void *arg, struct sk_error *err);

/* s without leading and trailing white space (the end is cut in place). */
char *lines_trim(char *s);

#endif
