/* unit_text: UTF-8 checks, Vietnamese folding, matching and collation. */
#include <stdlib.h>
#include <uninorm.h>

#include "t.h"

#include "text.h"

/* text_valid on a NUL-terminated literal. */
static bool
valid(const char *s)
{
	return text_valid(s, strlen(s));
}

static void
valid_accepts(void)
{
	T_CHECK(valid(""));
	T_CHECK(valid("plain ASCII"));
	T_CHECK(valid("Phúc Thọ"));
	T_CHECK(valid("Đặng Thị Ngọc Ảnh"));
	T_CHECK(valid("Phu\xcc\x81"
	              "c"));                /* NFD with U+0301 */
	T_CHECK(valid("\xe2\x82\xac"));     /* U+20AC, 3 bytes */
	T_CHECK(valid("\xf0\x9f\x98\x80")); /* U+1F600, 4 bytes */
	T_CHECK(valid("\xef\xbf\xbf"));     /* U+FFFF */
	T_CHECK(valid("\xf4\x8f\xbf\xbf")); /* U+10FFFF, the last */
	T_CHECK(valid("\xed\x9f\xbf"));     /* U+D7FF, before surrogates */
	T_CHECK(valid("\xee\x80\x80"));     /* U+E000, after them */
	T_CHECK(text_valid("a\0b", 3));     /* NUL is a code point */
}

static void
valid_rejects(void)
{
	/* Overlong forms. */
	T_CHECK(!valid("\xc0\x80"));
	T_CHECK(!valid("\xc1\xbf"));
	T_CHECK(!valid("\xe0\x80\x80"));
	T_CHECK(!valid("\xe0\x9f\xbf"));
	T_CHECK(!valid("\xf0\x80\x80\x80"));
	T_CHECK(!valid("\xf0\x8f\xbf\xbf"));
	/* UTF-16 surrogates. */
	T_CHECK(!valid("\xed\xa0\x80"));
	T_CHECK(!valid("\xed\xbf\xbf"));
	/* Beyond U+10FFFF, and bytes that never start a sequence. */
	T_CHECK(!valid("\xf4\x90\x80\x80"));
	T_CHECK(!valid("\xf5\x80\x80\x80"));
	T_CHECK(!valid("\xf8\x88\x80\x80\x80"));
	T_CHECK(!valid("\xfe"));
	T_CHECK(!valid("\xff"));
	/* Stray continuation bytes. */
	T_CHECK(!valid("\x80"));
	T_CHECK(!valid("abc\xbf"));
	/* Truncated sequences, at the end and in the middle. */
	T_CHECK(!valid("\xc3"));
	T_CHECK(!valid("Th\xe1\xbb"));
	T_CHECK(!valid("\xf0\x9f\x98"));
	T_CHECK(!valid("\xc3"
	               "a"));
	T_CHECK(!valid("\xe1\xbb"
	               "a"));
	/* A valid string cut short by n. */
	T_CHECK(!text_valid("Thọ", 3)); /* "Th" + 1 of 3 bytes */
	T_CHECK(text_valid("Thọ", 2));
}

static void
decode_one(void)
{
	uint32_t cp = 0;

	T_EQ_INT(text_decode("\xe1\xbb\x8d", 3, &cp), 3);
	T_EQ_INT(cp, 0x1ecd); /* ọ */
	T_EQ_INT(text_decode("\xc4\x91x", 3, &cp), 2);
	T_EQ_INT(cp, 0x111); /* đ */
	T_EQ_INT(text_decode("\xe1\xbb\x8d", 2, &cp), 0);
	T_EQ_INT(text_decode("", 0, &cp), 0);
}

/* Fold into a buffer big enough; returns a static copy. */
static const char *
fold(const char *s)
{
	static char out[1024];

	text_fold(s, out, sizeof(out));
	return out;
}

static void
fold_words(void)
{
	char out[64];

	T_EQ_STR(fold("Phúc Thọ"), "phuc tho");
	T_EQ_STR(fold("PHÚC THỌ"), "phuc tho");
	T_EQ_STR(fold("phuc tho"), "phuc tho");
	T_EQ_STR(fold("Đường Võng Xuyên"), "duong vong xuyen");
	T_EQ_STR(fold("Đặng Thị Ngọc Ảnh"), "dang thi ngoc anh");
	T_EQ_STR(fold("Xã Hát Môn"), "xa hat mon");
	T_EQ_STR(fold(""), "");
	/* Characters with nothing to fold are kept as they are. */
	T_EQ_STR(fold("1 – 2 €"), "1 – 2 €");
	T_EQ_INT(text_fold("Phúc Thọ", out, sizeof(out)), 8);
}

static const struct {
	char base;
	const char *nfc; /* precomposed, as keyboards send it */
	const char *nfd; /* the same letters decomposed */
} vowels[] = {
	{ 'a', "àáảãạăằắẳẵặâầấẩẫậ",
	    "a\xcc\x80"
	    "a\xcc\x81"
	    "a\xcc\x89"
	    "a\xcc\x83"
	    "a\xcc\xa3"
	    "a\xcc\x86"
	    "a\xcc\x86\xcc\x80"
	    "a\xcc\x86\xcc\x81"
	    "a\xcc\x86\xcc\x89"
	    "a\xcc\x86\xcc\x83"
	    "a\xcc\xa3\xcc\x86"
	    "a\xcc\x82"
	    "a\xcc\x82\xcc\x80"
	    "a\xcc\x82\xcc\x81"
	    "a\xcc\x82\xcc\x89"
	    "a\xcc\x82\xcc\x83"
	    "a\xcc\xa3\xcc\x82" },
	{ 'a', "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ",
	    "A\xcc\x80"
	    "A\xcc\x81"
	    "A\xcc\x89"
	    "A\xcc\x83"
	    "A\xcc\xa3"
	    "A\xcc\x86"
	    "A\xcc\x86\xcc\x80"
	    "A\xcc\x86\xcc\x81"
	    "A\xcc\x86\xcc\x89"
	    "A\xcc\x86\xcc\x83"
	    "A\xcc\xa3\xcc\x86"
	    "A\xcc\x82"
	    "A\xcc\x82\xcc\x80"
	    "A\xcc\x82\xcc\x81"
	    "A\xcc\x82\xcc\x89"
	    "A\xcc\x82\xcc\x83"
	    "A\xcc\xa3\xcc\x82" },
	{ 'e', "èéẻẽẹêềếểễệ",
	    "e\xcc\x80"
	    "e\xcc\x81"
	    "e\xcc\x89"
	    "e\xcc\x83"
	    "e\xcc\xa3"
	    "e\xcc\x82"
	    "e\xcc\x82\xcc\x80"
	    "e\xcc\x82\xcc\x81"
	    "e\xcc\x82\xcc\x89"
	    "e\xcc\x82\xcc\x83"
	    "e\xcc\xa3\xcc\x82" },
	{ 'e', "ÈÉẺẼẸÊỀẾỂỄỆ",
	    "E\xcc\x80"
	    "E\xcc\x81"
	    "E\xcc\x89"
	    "E\xcc\x83"
	    "E\xcc\xa3"
	    "E\xcc\x82"
	    "E\xcc\x82\xcc\x80"
	    "E\xcc\x82\xcc\x81"
	    "E\xcc\x82\xcc\x89"
	    "E\xcc\x82\xcc\x83"
	    "E\xcc\xa3\xcc\x82" },
	{ 'i', "ìíỉĩị", "i\xcc\x80i\xcc\x81i\xcc\x89i\xcc\x83i\xcc\xa3" },
	{ 'i', "ÌÍỈĨỊ", "I\xcc\x80I\xcc\x81I\xcc\x89I\xcc\x83I\xcc\xa3" },
	{ 'o', "òóỏõọôồốổỗộơờớởỡợ",
	    "o\xcc\x80o\xcc\x81o\xcc\x89o\xcc\x83o\xcc\xa3"
	    "o\xcc\x82o\xcc\x82\xcc\x80o\xcc\x82\xcc\x81o\xcc\x82\xcc\x89"
	    "o\xcc\x82\xcc\x83o\xcc\xa3\xcc\x82"
	    "o\xcc\x9bo\xcc\x9b\xcc\x80o\xcc\x9b\xcc\x81o\xcc\x9b\xcc\x89"
	    "o\xcc\x9b\xcc\x83o\xcc\x9b\xcc\xa3" },
	{ 'o', "ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ",
	    "O\xcc\x80O\xcc\x81O\xcc\x89O\xcc\x83O\xcc\xa3"
	    "O\xcc\x82O\xcc\x82\xcc\x80O\xcc\x82\xcc\x81O\xcc\x82\xcc\x89"
	    "O\xcc\x82\xcc\x83O\xcc\xa3\xcc\x82"
	    "O\xcc\x9bO\xcc\x9b\xcc\x80O\xcc\x9b\xcc\x81O\xcc\x9b\xcc\x89"
	    "O\xcc\x9b\xcc\x83O\xcc\x9b\xcc\xa3" },
	{ 'u', "ùúủũụưừứửữự",
	    "u\xcc\x80u\xcc\x81u\xcc\x89u\xcc\x83u\xcc\xa3"
	    "u\xcc\x9bu\xcc\x9b\xcc\x80u\xcc\x9b\xcc\x81u\xcc\x9b\xcc\x89"
	    "u\xcc\x9b\xcc\x83u\xcc\x9b\xcc\xa3" },
	{ 'u', "ÙÚỦŨỤƯỪỨỬỮỰ",
	    "U\xcc\x80U\xcc\x81U\xcc\x89U\xcc\x83U\xcc\xa3"
	    "U\xcc\x9bU\xcc\x9b\xcc\x80U\xcc\x9b\xcc\x81U\xcc\x9b\xcc\x89"
	    "U\xcc\x9b\xcc\x83U\xcc\x9b\xcc\xa3" },
	{ 'y', "ỳýỷỹỵ", "y\xcc\x80y\xcc\x81y\xcc\x89y\xcc\x83y\xcc\xa3" },
	{ 'y', "ỲÝỶỸỴ", "Y\xcc\x80Y\xcc\x81Y\xcc\x89Y\xcc\x83Y\xcc\xa3" },
	{ 'd', "đ", "\xc4\x91" }, /* đ has no decomposition */
	{ 'd', "Đ", "\xc4\x90" },
};

static void
fold_every_vowel(void)
{
	static const size_t counts[] = { 17, 17, 11, 11, 5, 5, 17, 17, 11, 11, 5, 5, 1,
		1 };
	char want[32], got[128];
	char one[8];
	size_t n, k;

	T_EQ_INT(sizeof(counts) / sizeof(counts[0]), sizeof(vowels) / sizeof(vowels[0]));
	for (size_t i = 0; i < sizeof(vowels) / sizeof(vowels[0]); i++) {
		n = text_chars(vowels[i].nfc);
		T_EQ_INT(n, counts[i]);
		memset(want, vowels[i].base, n);
		want[n] = '\0';
		T_EQ_INT(text_fold(vowels[i].nfc, got, sizeof(got)), n);
		T_EQ_STR(got, want);
		T_EQ_INT(text_fold(vowels[i].nfd, got, sizeof(got)), n);
		T_EQ_STR(got, want);

		/* And one letter at a time, so a failure names the letter. */
		for (const char *p = vowels[i].nfc; *p != '\0'; p += k) {
			uint32_t cp;

			k = text_decode(p, strlen(p), &cp);
			T_CHECK(k >= 2 && k <= 3);
			if (k == 0)
				break;
			memcpy(one, p, k);
			one[k] = '\0';
			text_fold(one, got, sizeof(got));
			if (got[0] != vowels[i].base || got[1] != '\0')
				fprintf(stderr,
				    "  letter %s U+%04" PRIX32 " folds to \"%s\"\n", one,
				    cp, got);
			T_EQ_INT(got[0], vowels[i].base);
			T_EQ_INT(got[1], '\0');
		}
	}
}

static void
fold_nfd_same_as_nfc(void)
{
	T_EQ_STR(fold("Pha\xcc\x81t"), "phat");
	T_EQ_STR(fold("Pha\xcc\x81t"), fold("Phát"));
	T_EQ_STR(fold("Phu\xcc\x81"
	              "c Tho\xcc\xa3"),
	    "phuc tho");
	T_EQ_STR(fold("PHU\xcc\x81"
	              "C THO\xcc\xa3"),
	    "phuc tho");
	T_EQ_STR(fold("\xc4\x90"
	              "a\xcc\xa3\xcc\x86ng Thi\xcc\xa3 Ngo\xcc\xa3"
	              "c A\xcc\x89nh"),
	    "dang thi ngoc anh");
	T_EQ_STR(fold("\xc4\x90u\xcc\x9bo\xcc\x9b\xcc\x80ng Vo\xcc\x83ng "
	              "Xuye\xcc\x82n"),
	    "duong vong xuyen");
}

/* Is out[0..len) a prefix of full that does not end inside a character? */
static void
check_truncated(const char *full, const char *out, size_t len, size_t outsz)
{
	T_CHECK(len < outsz);
	T_EQ_INT(strlen(out), len); /* terminated right there */
	T_CHECK(strncmp(out, full, len) == 0);
	T_CHECK(text_valid(out, len));
	/* The next byte of the full fold starts a character. */
	T_CHECK(((unsigned char)full[len] & 0xc0) != 0x80);
}

static void
fold_truncates_at_boundary(void)
{
	/* Kept multi-byte characters (€, Ω, 漢, 😀) next to folded ones. */
	static const char *const inputs[] = {
		"Phúc Thọ",
		"a€ọ漢Ω😀b",
		"€€€",
		"Đ漢",
	};
	char full[128], out[128];
	size_t fulllen, len;

	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		fulllen = text_fold(inputs[i], full, sizeof(full));
		for (size_t outsz = 1; outsz <= fulllen + 1; outsz++) {
			memset(out, '#', sizeof(out));
			len = text_fold(inputs[i], out, outsz);
			check_truncated(full, out, len, outsz);
			T_EQ_INT(out[outsz], '#'); /* nothing past outsz-1 */
			/* A whole character that fits is never dropped. */
			if (len < fulllen) {
				uint32_t cp;
				size_t k = text_decode(full + len, fulllen - len, &cp);

				T_CHECK(k > 0 && len + k >= outsz);
			}
		}
		len = text_fold(inputs[i], out, fulllen + 1);
		T_EQ_INT(len, fulllen);
		T_EQ_STR(out, full);
	}
	T_EQ_STR(fold("a€ọ漢Ω😀b"), "a€o漢Ω😀b");

	/* Size 0: nothing is written at all. */
	out[0] = '#';
	T_EQ_INT(text_fold("abc", out, 0), 0);
	T_EQ_INT(out[0], '#');
	/* Size 1: only the terminator. */
	T_EQ_INT(text_fold("abc", out, 1), 0);
	T_EQ_STR(out, "");
	/* "€" needs 3 bytes + NUL: with 3 it is left out entirely. */
	T_EQ_INT(text_fold("€", out, 3), 0);
	T_EQ_STR(out, "");
	T_EQ_INT(text_fold("€", out, 4), 3);
	T_EQ_STR(out, "€");
}

static void
match(void)
{
	T_CHECK(text_match("Xã Phúc Hòa", "phuc hoa"));
	T_CHECK(text_match("Xã Phúc Hòa", "PHÚC HÒA"));
	T_CHECK(text_match("Xã Phúc Hòa", "Xa"));
	T_CHECK(text_match("Xã Phúc Hòa", "c h"));
	T_CHECK(text_match("Xã Phúc Hòa", ""));
	T_CHECK(text_match("", ""));
	T_CHECK(text_match("Pha\xcc\x81t minh", "phát")); /* NFD hay */
	T_CHECK(text_match("Phát minh", "Pha\xcc\x81t")); /* NFD needle */
	T_CHECK(!text_match("Xã Phúc Hòa", "phuc tho"));
	T_CHECK(!text_match("Xã Phúc Hòa", "hoa xa"));
	T_CHECK(!text_match("", "a"));
	T_CHECK(!text_match("abc", "abcd"));
}

/* Words begun, ANDed, across texts: the server's search. */
static void
match_words(void)
{
	const char *row[] = { "Sáng kiến số hoá hồ sơ", "Xã Phúc Thọ", NULL };

	T_CHECK(text_match_words(row, 3, "phuc th"));
	T_CHECK(text_match_words(row, 3, "SÔ HO phúc")); /* words of two texts */
	T_CHECK(text_match_words(row, 3, "Pha\xcc\x81t") == false);
	T_CHECK(text_match_words(row, 3, ""));
	T_CHECK(text_match_words(row, 3, " , "));
	T_CHECK(!text_match_words(row, 3, "ho thu")); /* one word not begun */
	T_CHECK(!text_match_words(row, 3, "iến"));    /* inside a word */
	T_CHECK(!text_match_words(row, 0, "sang"));
	T_CHECK(text_match_words(row + 1, 1, "tho"));
}

static void
collate(void)
{
	static const char *const order[] = { "An", "Ánh", "Bình", "Đức", "Em" };
	const size_t n = sizeof(order) / sizeof(order[0]);

	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			int r = text_collate(order[i], order[j]);

			if (i < j)
				T_CHECK(r < 0);
			else if (i > j)
				T_CHECK(r > 0);
			else
				T_EQ_INT(r, 0);
		}
	/* Đ sorts with D, not after Z as its bytes would. */
	T_CHECK(text_collate("Đức", "Dung") < 0);
	T_CHECK(text_collate("Đức", "Ea") < 0);

	/* Total: equal folds still differ, and antisymmetrically. */
	static const char *const same_fold[][2] = {
		{ "Anh", "Ánh" },
		{ "anh", "Anh" },
		{ "Duc", "Đức" },
		{ "Pha\xcc\x81t", "Phát" },
		{ "hoa", "hòa" },
	};
	for (size_t i = 0; i < sizeof(same_fold) / sizeof(same_fold[0]); i++) {
		int ab = text_collate(same_fold[i][0], same_fold[i][1]);
		int ba = text_collate(same_fold[i][1], same_fold[i][0]);

		T_CHECK(ab != 0);
		T_CHECK((ab < 0) == (ba > 0));
	}
	T_EQ_INT(text_collate("", ""), 0);
	T_CHECK(text_collate("", "a") < 0);
}

static void
width(void)
{
	T_EQ_INT(text_width("Thọ"), 3);
	T_EQ_INT(text_width("Tho\xcc\xa3"), 3); /* NFD: mark takes none */
	T_EQ_INT(text_width("Phu\xcc\x81"
	                    "c Tho\xcc\xa3"),
	    8);
	T_EQ_INT(text_width("Phúc Thọ"), 8);
	T_EQ_INT(text_width(""), 0);
	T_EQ_INT(text_width("a\xff"
	                    "b"),
	    3); /* invalid byte: one */
}

static void
has_control(void)
{
	T_CHECK(!text_has_control("Phúc Thọ", NULL));
	T_CHECK(!text_has_control("", NULL));
	T_CHECK(text_has_control("a\nb", NULL));
	T_CHECK(!text_has_control("a\nb", "\n"));
	T_CHECK(!text_has_control("a\r\n\tb", "\n\r\t"));
	T_CHECK(text_has_control("a\tb", "\n"));
	T_CHECK(text_has_control("\x01", "\n"));
	T_CHECK(text_has_control("\x1f", NULL));
	T_CHECK(text_has_control("a\x7f", NULL));     /* DEL */
	T_CHECK(text_has_control("\xc2\x85", NULL));  /* U+0085 NEL, C1 */
	T_CHECK(text_has_control("\xc2\x9f", "\n"));  /* U+009F */
	T_CHECK(!text_has_control("\xc2\xa0", NULL)); /* U+00A0 NBSP */
	T_CHECK(!text_has_control("\xff", NULL));     /* invalid, not control */
}

static void
blank(void)
{
	T_CHECK(text_blank(""));
	T_CHECK(text_blank(" "));
	T_CHECK(text_blank(" \t\r\n "));
	T_CHECK(!text_blank("a"));
	T_CHECK(!text_blank("  Thọ  "));
	T_CHECK(!text_blank("\t.\n"));
}

static void
chars(void)
{
	T_EQ_INT(text_chars(""), 0);
	T_EQ_INT(text_chars("abc"), 3);
	T_EQ_INT(text_chars("Phúc Thọ"), 8);
	T_EQ_INT(text_chars("Đặng Thị Ngọc Ảnh"), 17);
	T_EQ_INT(text_chars("Pha\xcc\x81t"), 5); /* the mark counts */
	T_EQ_INT(text_chars("😀€"), 2);
	T_EQ_INT(text_chars("\xff\xfe"), 2);  /* invalid: one each */
	T_EQ_INT(text_chars("a\xe1\xbb"), 3); /* truncated tail */
}

static void
similarity(void)
{
	T_EQ_INT(text_similarity("Số hóa hồ sơ một cửa", "SO HOA HO SO, MOT CUA!"), 100);
	T_EQ_INT(text_similarity("", ""), 100);
	T_EQ_INT(text_similarity("vườn rau sạch", "số hóa hồ sơ"), 0);
	/* so, hoa, ho in common of so, hoa, ho, xa: 75 */
	T_EQ_INT(text_similarity("số hóa hồ sơ xã", "số hóa hồ sơ"), 75);
	T_CHECK(text_similarity("a b c d", "a b x y") < 50);
}

static void
same_name(void)
{
	T_CHECK(text_same_name("Trần Thị Bình", "tran thi binh"));
	T_CHECK(text_same_name("  TRẦN  Thị\tBÌNH ", "Trần Thị Bình"));
	/* Decomposed input (as some keyboards send it) names the same person. */
	T_CHECK(text_same_name("Tra\xcc\x80n Thi\xcc\xa3 Bi\xcc\x80nh", "Trần Thị Bình"));
	T_CHECK(text_same_name("Đỗ Văn Đức", "do van duc"));
	T_CHECK(!text_same_name("Trần Thị Bình", "Trần Thị Bích"));
	T_CHECK(!text_same_name("Trần Thị Bình", "Trần Bình"));
	T_CHECK(!text_same_name("Trần Thị Bình", "Trần Thị Bình An"));
	T_CHECK(!text_same_name("", ""));
	T_CHECK(!text_same_name("   ", "  "));
}

static void
nfc(void)
{
	/* "Phúc Thọ" typed with combining marks, as some keyboards send it. */
	char *n = text_nfc("Phu\xcc\x81"
	                   "c Tho\xcc\xa3");

	T_EQ_STR(n, "Phúc Thọ");
	free(n);
	/* "ế": e, circumflex, acute -> one letter. */
	n = text_nfc("kie\xcc\x82\xcc\x81n");
	T_EQ_STR(n, "kiến");
	free(n);
	T_CHECK(text_nfc("Phúc Thọ") == NULL); /* NFC already */
	T_CHECK(text_nfc("plain ascii") == NULL);
	T_CHECK(text_nfc("") == NULL);
	T_CHECK(text_nfc("bad \xff byte") == NULL); /* left for the rules */
}

static size_t
put_cp(char *b, uint32_t cp)
{
	if (cp < 0x80)
		return (size_t)(b[0] = (char)cp, 1);
	if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	b[0] = (char)(0xE0 | cp >> 12);
	b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	b[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

static bool
library_says_nfc(const char *s, size_t n)
{
	size_t len = 0;
	uint8_t *out = u8_normalize(UNINORM_NFC, (const uint8_t *)s, n, NULL, &len);
	bool same = out != NULL && len == n && memcmp(out, s, n) == 0;

	free(out);
	return same;
}

/*
 * text_nfc spares the library for the code points it knows are NFC, alone
 * and after any other: checked here against the library itself, for each
 * of them after each of a sample (every 7th) and after a plain letter.
 */
static void
nfc_quick_agrees(void)
{
	static const uint32_t ranges[][2] = { { 0x80, 0x2FF }, { 0x1E00, 0x1EFF },
		{ 0x2010, 0x205F }, { 0x20AB, 0x20AB } };
	uint32_t v[1200];
	size_t nv = 0, bad = 0;
	char b[8], *got;

	for (size_t r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++)
		for (uint32_t cp = ranges[r][0]; cp <= ranges[r][1]; cp++)
			v[nv++] = cp;
	for (size_t i = 0; i < nv; i++) {
		size_t n = put_cp(b, 'a');

		n += put_cp(b + n, v[i]);
		b[n] = '\0';
		if (!library_says_nfc(b, n))
			bad++;
		for (size_t j = 0; j < nv; j += 7) {
			n = put_cp(b, v[j]);
			n += put_cp(b + n, v[i]);
			if (!library_says_nfc(b, n))
				bad++;
		}
	}
	T_EQ_INT(bad, 0);
	/* And the quick path does take them: nothing comes back. */
	T_CHECK(text_nfc("Nâng cao hiệu quả “một cửa” — 5.000₫") == NULL);
	/* A combining mark is outside it: the library composes. */
	got = text_nfc("a\xcc\x81");
	T_EQ_STR(got, "á");
	free(got);
}

static void
fit(void)
{
	char b[64];

	T_EQ_INT(text_fit("Phúc Thọ", 10, true, b, sizeof(b)), 10);
	T_EQ_STR(b, "Phúc Thọ  ");
	T_EQ_INT(text_fit("Phúc Thọ", 8, false, b, sizeof(b)), 8);
	T_EQ_STR(b, "Phúc Thọ");
	T_EQ_INT(text_fit("Phúc Thọ", 5, true, b, sizeof(b)), 5);
	T_EQ_STR(b, "Phúc…");
	/* Decomposed: the mark stays with its letter, and takes no column. */
	T_EQ_INT(text_fit("Pho\xcc\x9b\xcc\x81", 3, false, b, sizeof(b)), 3);
	T_EQ_STR(b, "Pho\xcc\x9b\xcc\x81");
	T_EQ_INT(text_fit("Pho\xcc\x9b\xcc\x81"
	                  "cx",
	             4, false, b, sizeof(b)),
	    4);
	T_EQ_STR(b,
	    "Pho\xcc\x9b\xcc\x81"
	    "…");
	T_EQ_INT(text_fit("ab\xff", 5, false, b, sizeof(b)), 3);
	T_EQ_STR(b, "ab?");
	T_EQ_INT(text_fit("abc", 0, true, b, sizeof(b)), 0);
	T_EQ_STR(b, "");
	/* A small buffer cuts at a character, never inside one. */
	T_EQ_INT(text_fit("Thọ", 10, false, b, 4), 2);
	T_EQ_STR(b, "Th");
	T_CHECK(text_is_mark(0x301) && text_is_mark(0x323) && !text_is_mark('a') &&
	    !text_is_mark(0x1ecd));
}

static void
cases_vn(void)
{
	char out[64];

	T_CHECK(text_case("Xã Hát Môn", false, false, out, sizeof(out)));
	T_EQ_STR(out, "XÃ HÁT MÔN");
	T_CHECK(text_case("Huyện Phúc Thọ", false, false, out, sizeof(out)));
	T_EQ_STR(out, "HUYỆN PHÚC THỌ");
	T_CHECK(text_case("Phòng Giáo dục và Đào tạo", false, false, out, sizeof(out)));
	T_EQ_STR(out, "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO");
	/* Decomposed input comes out precomposed. */
	T_CHECK(text_case("Xa\xcc\x83", false, false, out, sizeof(out)));
	T_EQ_STR(out, "X\xc3\x83");
	T_CHECK(text_case("Huyện Phúc Thọ", true, true, out, sizeof(out)));
	T_EQ_STR(out, "huyện Phúc Thọ");
	T_CHECK(text_case("đội", false, true, out, sizeof(out)));
	T_EQ_STR(out, "Đội");
	T_CHECK(text_case("ỦY BAN", true, false, out, sizeof(out)));
	T_EQ_STR(out, "ủy ban");
	T_CHECK(text_case("", false, false, out, sizeof(out)));
	T_EQ_STR(out, "");
	/* Too small, or not UTF-8: false and empty. */
	T_CHECK(!text_case("Xã Hát Môn", false, false, out, 5));
	T_EQ_STR(out, "");
	T_CHECK(!text_case("\xff", false, false, out, sizeof(out)));
	T_EQ_STR(out, "");
}

static const struct t_case cases[] = {
	{ "nfc", nfc },
	{ "nfc quick check agrees with the library", nfc_quick_agrees },
	{ "same_name", same_name },
	{ "valid_accepts", valid_accepts },
	{ "valid_rejects", valid_rejects },
	{ "decode_one", decode_one },
	{ "fold_words", fold_words },
	{ "fold_every_vowel", fold_every_vowel },
	{ "fold_nfd_same_as_nfc", fold_nfd_same_as_nfc },
	{ "fold_truncates_at_boundary", fold_truncates_at_boundary },
	{ "match", match },
	{ "match_words", match_words },
	{ "collate", collate },
	{ "width", width },
	{ "has_control", has_control },
	{ "blank", blank },
	{ "similarity ignores case, diacritics, punctuation", similarity },
	{ "chars", chars },
	{ "fit", fit },
	{ "case: capitals of Vietnamese names, first letters", cases_vn },
};

T_MAIN(cases)
