#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>

size_t
text_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	size_t len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2, c = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3, c = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

bool
text_valid(const char *s, size_t n)
{
	uint32_t cp;
	size_t k;

	while (n > 0) {
		if ((k = text_decode(s, n, &cp)) == 0)
			return false;
		s += k;
		n -= k;
	}
	return true;
}

bool
text_has_control(const char *s, const char *allow)
{
	size_t n = strlen(s), k;
	uint32_t cp;

	while (n > 0) {
		if ((k = text_decode(s, n, &cp)) == 0)
			k = 1, cp = 0xfffd;
		if ((cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) &&
		    (allow == NULL || cp == 0 || strchr(allow, (int)cp) == NULL))
			return true;
		s += k;
		n -= k;
	}
	return false;
}

static bool
is_combining(uint32_t cp)
{
	return (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x1ab0 && cp <= 0x1aff) ||
	    (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x20d0 && cp <= 0x20ff) ||
	    (cp >= 0xfe20 && cp <= 0xfe2f);
}

bool
text_is_mark(uint32_t cp)
{
	return is_combining(cp);
}

/* Base letter of a Latin letter with diacritics, or 0 if it has none. */
static char
fold_letter(uint32_t cp)
{
	static const char latin1[] = /* U+00C0 .. U+00FF, lower-cased */
	    "aaaaaaaceeeeiiii"
	    "dnooooo_ouuuuy__"
	    "aaaaaaaceeeeiiii"
	    "dnooooo_ouuuuy_y";
	/* U+1EA0 .. U+1EF9: runs of a, e, i, o, u, y (Vietnamese). */
	static const struct {
		uint32_t end;
		char c;
	} viet[] = {
		{ 0x1eb7, 'a' },
		{ 0x1ec7, 'e' },
		{ 0x1ecb, 'i' },
		{ 0x1ee3, 'o' },
		{ 0x1ef1, 'u' },
		{ 0x1ef9, 'y' },
	};

	if (cp >= 'A' && cp <= 'Z')
		return (char)(cp + ('a' - 'A'));
	if (cp >= 0xc0 && cp <= 0xff)
		return latin1[cp - 0xc0] == '_' ? 0 : latin1[cp - 0xc0];
	if (cp >= 0x100 && cp <= 0x105)
		return 'a';
	if (cp == 0x110 || cp == 0x111)
		return 'd';
	if (cp == 0x128 || cp == 0x129)
		return 'i';
	if (cp == 0x168 || cp == 0x169 || cp == 0x1af || cp == 0x1b0)
		return 'u';
	if (cp == 0x1a0 || cp == 0x1a1)
		return 'o';
	if (cp >= 0x1ea0 && cp <= 0x1ef9)
		for (size_t i = 0; i < sizeof(viet) / sizeof(viet[0]); i++)
			if (cp <= viet[i].end)
				return viet[i].c;
	return 0;
}

size_t
text_fold(const char *s, char *out, size_t outsz)
{
	size_t n = strlen(s), o = 0, k;
	uint32_t cp;
	char c;

	if (outsz == 0)
		return 0;
	while (n > 0) {
		if ((k = text_decode(s, n, &cp)) == 0)
			k = 1, cp = '?'; /* a stray byte is no letter */
		if (!is_combining(cp)) {
			if ((c = fold_letter(cp)) != 0 || cp < 0x80) {
				if (o + 1 >= outsz)
					break;
				out[o++] = c != 0 ? c : (char)cp;
			} else {
				if (o + k >= outsz)
					break;
				memcpy(out + o, s, k);
				o += k;
			}
		}
		s += k;
		n -= k;
	}
	out[o] = '\0';
	return o;
}

/* The next word of folded text at *p (skipping white space): its length. */
static size_t
next_word(const char **p)
{
	const char *s = *p;
	size_t n = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	while (s[n] != '\0' && s[n] != ' ' && s[n] != '\t')
		n++;
	*p = s;
	return n;
}

bool
text_same_name(const char *a, const char *b)
{
	char fa[1024], fb[1024];
	const char *pa = fa, *pb = fb;
	size_t na, nb;
	bool any = false;

	text_fold(a, fa, sizeof(fa));
	text_fold(b, fb, sizeof(fb));
	for (;;) {
		na = next_word(&pa);
		nb = next_word(&pb);
		if (na != nb || memcmp(pa, pb, na) != 0)
			return false;
		if (na == 0)
			return any;
		any = true;
		pa += na;
		pb += nb;
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
fold_dup(const char *s)
{
	size_t sz = strlen(s) + 1;
	char *out = malloc(sz);

	if (out != NULL)
		text_fold(s, out, sz);
	return out;
}

bool
text_match(const char *hay, const char *needle)
{
	char *h, *n;
	bool found;

	if (*needle == '\0')
		return true;
	h = fold_dup(hay);
	n = fold_dup(needle);
	found = h != NULL && n != NULL && strstr(h, n) != NULL;
	free(h);
	free(n);
	return found;
}

/* Does a word of folded text f begin with the n bytes of w? */
static bool
has_word_prefix(const char *f, const char *w, size_t n)
{
	const char *p = f, *x;
	size_t len;

	while ((len = text_word(&p, &x)) > 0)
		if (len >= n && memcmp(x, w, n) == 0)
			return true;
	return false;
}

bool
text_match_words(const char *const *texts, size_t n, const char *query)
{
	char *q = fold_dup(query), **f = calloc(n + 1, sizeof(*f));
	const char *p, *w;
	bool all = q != NULL && f != NULL;
	size_t len, i;

	for (i = 0; all && i < n; i++)
		all = (f[i] = fold_dup(texts[i] != NULL ? texts[i] : "")) != NULL;
	for (p = all ? q : ""; all && (len = text_word(&p, &w)) > 0;) {
		for (i = 0; i < n && !has_word_prefix(f[i], w, len); i++)
			;
		all = i < n;
	}
	for (i = 0; f != NULL && i < n; i++)
		free(f[i]);
	free(f);
	free(q);
	return all;
}

int
text_collate(const char *a, const char *b)
{
	char *fa = fold_dup(a), *fb = fold_dup(b);
	int r = 0;

	if (fa != NULL && fb != NULL)
		r = strcmp(fa, fb);
	free(fa);
	free(fb);
	return r != 0 ? r : strcmp(a, b);
}

size_t
text_width(const char *s)
{
	size_t n = strlen(s), w = 0, k;
	uint32_t cp;

	while (n > 0) {
		if ((k = text_decode(s, n, &cp)) == 0)
			k = 1, cp = '?';
		if (!is_combining(cp))
			w++;
		s += k;
		n -= k;
	}
	return w;
}

size_t
text_fit(const char *s, size_t cols, bool pad, char *out, size_t outsz)
{
	size_t n = strlen(s), used = 0, o = 0, k;
	bool cut = text_width(s) > cols;
	uint32_t cp;

	if (outsz == 0)
		return 0;
	while (n > 0) {
		if ((k = text_decode(s, n, &cp)) == 0)
			k = 1, cp = '?';
		if (!is_combining(cp) && used + (cut ? 1 : 0) >= cols)
			break;
		if (o + k + 1 > outsz)
			break;
		if (k == 1 && cp == '?' && (unsigned char)*s >= 0x80)
			out[o] = '?';
		else
			memcpy(out + o, s, k);
		o += k;
		used += is_combining(cp) ? 0 : 1;
		s += k;
		n -= k;
	}
	if (cut && cols > 0 && o + sizeof("…") <= outsz) {
		memcpy(out + o, "…", sizeof("…") - 1);
		o += sizeof("…") - 1;
		used++;
	}
	for (; pad && used < cols && o + 1 < outsz; used++)
		out[o++] = ' ';
	out[o] = '\0';
	return used;
}

size_t
text_chars(const char *s)
{
	size_t n = strlen(s), c = 0, k;
	uint32_t cp;

	while (n > 0) {
		if ((k = text_decode(s, n, &cp)) == 0)
			k = 1;
		c++;
		s += k;
		n -= k;
	}
	return c;
}

bool
text_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* Is c a byte of a word: a-z, 0-9, or any byte of a non-ASCII character? */
static bool
word_byte(char c)
{
	return (unsigned char)c >= 0x80 || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9');
}

size_t
text_word(const char **p, const char **word)
{
	const char *s = *p;
	size_t n = 0;

	while (*s != '\0' && !word_byte(*s))
		s++;
	while (word_byte(s[n]))
		n++;
	*word = s;
	*p = s + n;
	return n;
}

/* Split folded s into words, sorted; returns the count (-1: no memory). */
static int
words(const char *s, char ***out)
{
	char *f = fold_dup(s), **v = NULL, **nv;
	const char *p, *w;
	int n = 0, cap = 0;
	size_t len;

	*out = NULL;
	if (f == NULL)
		return -1;
	for (p = f; (len = text_word(&p, &w)) > 0;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, (size_t)cap * sizeof(*v))) == NULL)
				goto fail;
			v = nv;
		}
		if ((v[n] = strndup(w, len)) == NULL)
			goto fail;
		n++;
	}
	free(f);
	if (n > 1)
		qsort(v, (size_t)n, sizeof(*v), cmp_str);
	*out = v;
	return n;
fail:
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
	free(f);
	return -1;
}

static void
words_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
text_similarity(const char *a, const char *b)
{
	char **va, **vb;
	int na = words(a, &va), nb = words(b, &vb), i = 0, j = 0, common = 0, all = 0;
	int c;

	if (na < 0 || nb < 0) {
		words_free(va, na < 0 ? 0 : na);
		words_free(vb, nb < 0 ? 0 : nb);
		return 0;
	}
	/* Both sorted: walk them together, counting distinct words. */
	while (i < na || j < nb) {
		c = i == na ? 1 : j == nb ? -1 : strcmp(va[i], vb[j]);
		if (c == 0)
			common++;
		all++;
		if (c <= 0) {
			const char *w = va[i];
			while (i < na && strcmp(va[i], w) == 0)
				i++;
		}
		if (c >= 0) {
			const char *w = vb[j];
			while (j < nb && strcmp(vb[j], w) == 0)
				j++;
		}
	}
	words_free(va, na);
	words_free(vb, nb);
	return all == 0 ? 100 : common * 100 / all;
}

/*
 * Is s (valid UTF-8) certainly NFC without asking the library? It is when
 * every code point is one whose NFC quick check is Yes and none of them
 * composes with the one before it: those below the combining marks
 * (U+0300), the Latin letters with their marks (U+1E00-U+1EFF, where
 * Vietnamese has most of its own), general punctuation past the
 * singletons U+2000-U+2001, and the đồng sign. Vietnamese typed in NFC
 * stays within them; anything else is normalized by the library.
 */
static bool
nfc_quick(const char *s, size_t n)
{
	uint32_t cp;
	size_t k;

	for (size_t i = 0; i < n; i += k) {
		if ((unsigned char)s[i] < 0x80) {
			k = 1;
			continue;
		}
		if ((k = text_decode(s + i, n - i, &cp)) == 0)
			return false;
		if (!(cp < 0x300 || (cp >= 0x1E00 && cp <= 0x1EFF) ||
		        (cp >= 0x2010 && cp <= 0x205F) || cp == 0x20AB))
			return false;
	}
	return true;
}

char *
text_nfc(const char *s)
{
	size_t n = strlen(s), len = 0;
	uint8_t *out;
	char *z;

	if (n == 0 || !text_valid(s, n) || nfc_quick(s, n))
		return NULL;
	out = u8_normalize(UNINORM_NFC, (const uint8_t *)s, n, NULL, &len);
	if (out == NULL)
		return NULL;
	if (len == n && memcmp(out, s, n) == 0) {
		free(out);
		return NULL;
	}
	if ((z = realloc(out, len + 1)) == NULL) {
		free(out);
		return NULL;
	}
	z[len] = '\0';
	return z;
}

/* The case of the first letter of s, the rest kept as it is. */
static uint8_t *
case_first(const char *s, size_t n, bool lower, size_t *len)
{
	uint32_t cp;
	size_t k = text_decode(s, n, &cp), flen = 0;
	uint8_t *first, *out = NULL;

	first = (lower ? u8_tolower : u8_toupper)((const uint8_t *)s, k, NULL,
	    UNINORM_NFC, NULL, &flen);
	if (first != NULL && (out = malloc(flen + n - k)) != NULL) {
		memcpy(out, first, flen);
		memcpy(out + flen, s + k, n - k);
		*len = flen + n - k;
	}
	free(first);
	return out;
}

bool
text_case(const char *s, bool lower, bool first_only, char *out, size_t outsz)
{
	size_t n = strlen(s), len = 0;
	uint8_t *r;
	bool ok;

	if (outsz > 0)
		out[0] = '\0';
	if (outsz == 0 || !text_valid(s, n))
		return false;
	if (n == 0)
		return true;
	if (first_only)
		r = case_first(s, n, lower, &len);
	else
		r = (lower ? u8_tolower : u8_toupper)((const uint8_t *)s, n, NULL,
		    UNINORM_NFC, NULL, &len);
	if ((ok = r != NULL && len < outsz)) {
		memcpy(out, r, len);
		out[len] = '\0';
	}
	free(r);
	return ok;
}
