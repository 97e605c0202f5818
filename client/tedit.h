/*
 * tedit: one line of UTF-8 text being typed, as the fields of sk-tui hold
 * it. The cursor sits between characters, a character being a letter with
 * the combining marks that follow it (some keyboards send "ơ" + U+0301
 * rather than "ớ"), so arrows and deletions never split one. What is
 * typed is checked as UTF-8 and kept as typed; tedit_nfc() composes it
 * before it is sent.
 */
#ifndef SK_TEDIT_H
#define SK_TEDIT_H

#include <stdbool.h>
#include <stddef.h>

#define TEDIT_MAX 8192 /* bytes a field holds */

struct tedit {
	char s[TEDIT_MAX]; /* NUL-terminated */
	size_t len;        /* bytes */
	size_t cur;        /* byte offset of the cursor, at a character start */
	size_t scroll;     /* first column shown (tedit_view) */
};

/* Empty, or holding s (cut at a character if too long); cursor at the end. */
void tedit_set(struct tedit *e, const char *s);

/* Insert n bytes of text at the cursor: false (nothing changed) when they
 * are not valid UTF-8, hold a control character, or do not fit. */
bool tedit_insert(struct tedit *e, const char *text, size_t n);

void tedit_left(struct tedit *e);
void tedit_right(struct tedit *e);
void tedit_home(struct tedit *e);
void tedit_end(struct tedit *e);
/* Delete the character before the cursor, or at it. */
void tedit_backspace(struct tedit *e);
void tedit_delete(struct tedit *e);
/* Delete from the cursor to the end (Ctrl-K), or all (Ctrl-U). */
void tedit_kill(struct tedit *e);
void tedit_clear(struct tedit *e);

/* Columns before the cursor. */
size_t tedit_col(const struct tedit *e);

/*
 * The part of the text to show in cols columns with the cursor inside
 * it, into out (size outsz); e->scroll follows the cursor. Returns the
 * cursor's column within the view.
 */
size_t tedit_view(struct tedit *e, size_t cols, char *out, size_t outsz);

/* Compose the text to NFC in place (the cursor goes to the end). */
void tedit_nfc(struct tedit *e);

#endif
