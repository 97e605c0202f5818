/* tedit: a line of UTF-8 text being typed; see tedit.h. */
#include "tedit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Length of the code point at e->s + at (1 for a byte that is none). */
static size_t
cp_at(const struct tedit *e, size_t at, uint32_t *cp)
{
	size_t k = text_decode(e->s + at, e->len - at, cp);

	if (k == 0)
		*cp = '?', k = 1;
	return k;
}

/* The start of the character after the one at at. */
static size_t
next_char(const struct tedit *e, size_t at)
{
	uint32_t cp;

	if (at >= e->len)
		return e->len;
	at += cp_at(e, at, &cp);
	while (at < e->len) {
		size_t k = cp_at(e, at, &cp);

		if (!text_is_mark(cp))
			break;
		at += k;
	}
	return at;
}

/* The start of the character before at. */
static size_t
prev_char(const struct tedit *e, size_t at)
{
	size_t p = 0, q;

	while ((q = next_char(e, p)) < at)
		p = q;
	return at == 0 ? 0 : p;
}

void
tedit_set(struct tedit *e, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	e->len = e->cur = e->scroll = 0;
	e->s[0] = '\0';
	if (n >= TEDIT_MAX) {
		n = TEDIT_MAX - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--; /* not inside a code point */
	}
	memcpy(e->s, s != NULL ? s : "", n);
	e->s[n] = '\0';
	e->len = e->cur = n;
}

bool
tedit_insert(struct tedit *e, const char *text, size_t n)
{
	char tmp[TEDIT_MAX];

	if (n == 0 || n >= sizeof(tmp) || e->len + n >= TEDIT_MAX || !text_valid(text, n))
		return false;
	memcpy(tmp, text, n);
	tmp[n] = '\0';
	if (memchr(tmp, '\0', n) != NULL || text_has_control(tmp, NULL))
		return false;
	memmove(e->s + e->cur + n, e->s + e->cur, e->len - e->cur + 1);
	memcpy(e->s + e->cur, text, n);
	e->len += n;
	e->cur += n;
	/* Marks after the cursor belong to the letter before it. */
	while (e->cur < e->len) {
		uint32_t cp;
		size_t k = cp_at(e, e->cur, &cp);

		if (!text_is_mark(cp))
			break;
		e->cur += k;
	}
	return true;
}

void
tedit_left(struct tedit *e)
{
	e->cur = prev_char(e, e->cur);
}

void
tedit_right(struct tedit *e)
{
	e->cur = next_char(e, e->cur);
}

void
tedit_home(struct tedit *e)
{
	e->cur = 0;
}

void
tedit_end(struct tedit *e)
{
	e->cur = e->len;
}

/* Remove bytes [from, to). */
static void
cut(struct tedit *e, size_t from, size_t to)
{
	memmove(e->s + from, e->s + to, e->len - to + 1);
	e->len -= to - from;
	e->cur = from;
}

void
tedit_backspace(struct tedit *e)
{
	if (e->cur > 0)
		cut(e, prev_char(e, e->cur), e->cur);
}

void
tedit_delete(struct tedit *e)
{
	if (e->cur < e->len)
		cut(e, e->cur, next_char(e, e->cur));
}

void
tedit_kill(struct tedit *e)
{
	cut(e, e->cur, e->len);
}

void
tedit_clear(struct tedit *e)
{
	tedit_set(e, "");
}

size_t
tedit_col(const struct tedit *e)
{
	char before[TEDIT_MAX];

	memcpy(before, e->s, e->cur);
	before[e->cur] = '\0';
	return text_width(before);
}

size_t
tedit_view(struct tedit *e, size_t cols, char *out, size_t outsz)
{
	size_t col = tedit_col(e), at = 0, end, n;

	if (outsz == 0)
		return 0;
	if (col < e->scroll)
		e->scroll = col;
	else if (cols > 0 && col >= e->scroll + cols)
		e->scroll = col - cols + 1;
	for (n = 0; n < e->scroll && at < e->len; n++)
		at = next_char(e, at);
	for (end = at, n = 0; end < e->len && n < cols; n++)
		end = next_char(e, end);
	n = end - at < outsz ? end - at : 0;
	memcpy(out, e->s + at, n);
	out[n] = '\0';
	return col - e->scroll;
}

void
tedit_nfc(struct tedit *e)
{
	char *n = text_nfc(e->s);

	if (n != NULL) {
		tedit_set(e, n);
		free(n);
	}
	e->cur = e->len;
}
