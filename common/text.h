/*
 * text: UTF-8 text as Vietnamese users write it.
 *
 * Stored text keeps its diacritics exactly as typed. For searching and
 * sorting, text_fold() maps it to a key without case or diacritics, so
 * that "Phúc Thọ", "PHÚC THỌ" and "phuc tho" compare equal. Both
 * precomposed (NFC) and decomposed (NFD) input fold the same way.
 */
#ifndef SK_TEXT_H
#define SK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode one code point at s (n bytes left); returns its length, 0 if invalid. */
size_t text_decode(const char *s, size_t n, uint32_t *cp);

/* Is s[0..n) well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF)? */
bool text_valid(const char *s, size_t n);

/* Does s contain a control character (C0, DEL or C1) other than those in allow? */
bool text_has_control(const char *s, const char *allow);

/*
 * Fold s into out (size outsz, NUL-terminated, truncated at a code point
 * boundary): lower case, Vietnamese and Latin-1 diacritics removed, đ to d,
 * combining marks dropped. Returns the length written.
 */
size_t text_fold(const char *s, char *out, size_t outsz);

/* Does folded(hay) contain folded(needle)? An empty needle matches. */
bool text_match(const char *hay, const char *needle);

/*
 * Does every word of query begin a word of one of the n texts, all
 * folded? The way the server's text search matches words, for text a
 * client already holds ("phuc th" finds "Phúc Thọ"; "ho" does not). An
 * empty query matches; false when out of memory.
 */
bool text_match_words(const char *const *texts, size_t n, const char *query);

/* Do a and b name the same person or thing once case, diacritics and
 * the spacing between words are set aside ("Trần Thị  Bình" and "tran thi
 * binh")? Empty names match nothing. */
bool text_same_name(const char *a, const char *b);

/* Order for people: by folded form, then by bytes so that order is total. */
int text_collate(const char *a, const char *b);

/*
 * The next word of folded text (text_fold's) at *p: a run of letters and
 * digits, that is a-z, 0-9 and every byte of a non-ASCII character; the
 * rest separates words. *word is where it starts, *p moves past it.
 * Returns its length in bytes, 0 when no word is left. The one tokenizer
 * of text_similarity and of the server's word index.
 */
size_t text_word(const char **p, const char **word);

/*
 * How alike two texts are, 0-100: the share of distinct words (folded,
 * letters and digits only) the two have in common (Jaccard). 100 for two
 * texts that differ only in case, diacritics, spacing or punctuation.
 */
int text_similarity(const char *a, const char *b);

/* Number of terminal columns s takes (combining marks take none). */
size_t text_width(const char *s);

/* Is cp a combining mark (it takes no column and goes with the letter
 * before it)? */
bool text_is_mark(uint32_t cp);

/*
 * s cut to cols columns into out (size outsz, NUL-terminated): when it is
 * wider, it ends with "…" at a character boundary, combining marks kept
 * with their letter; with pad, spaces fill it to cols. Invalid bytes are
 * written as '?'. Returns the columns written.
 */
size_t text_fit(const char *s, size_t cols, bool pad, char *out, size_t outsz);

/*
 * s in Unicode NFC (TCVN 6909:2001 writes Vietnamese precomposed), as a
 * new string when it was not; NULL when s is NFC already, not UTF-8, or
 * memory ran out. Some keyboards and terminals send decomposed letters.
 */
char *text_nfc(const char *s);

/*
 * s in capitals into out (size outsz, NUL-terminated; NFC, so that "Xã Hát
 * Môn" becomes "XÃ HÁT MÔN" precomposed), as official documents write the
 * names of bodies. With first_only, only the first letter ("huyện" to
 * "Huyện"); with lower, lower case instead ("Huyện" to "huyện"). Returns
 * false (out empty) when s is not UTF-8, out is too small or memory ran out.
 */
bool text_case(const char *s, bool lower, bool first_only, char *out, size_t outsz);

/* Trimmed length check: does s hold anything but white space? */
bool text_blank(const char *s);

/* Number of code points in s (invalid bytes count one each). */
size_t text_chars(const char *s);

#endif
