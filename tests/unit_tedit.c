/* unit_tedit: the line editor of sk-tui's fields, with Vietnamese typed in. */
#include "t.h"

#include "tedit.h"

static struct tedit e;

static void
type(const char *s)
{
	T_CHECK(tedit_insert(&e, s, strlen(s)));
}

static void
typing_precomposed(void)
{
	tedit_set(&e, NULL);
	type("Phúc");
	type(" ");
	type("Thọ");
	T_EQ_STR(e.s, "Phúc Thọ");
	T_EQ_INT(tedit_col(&e), 8);
	tedit_left(&e);
	T_EQ_INT(tedit_col(&e), 7);
	tedit_backspace(&e); /* the "h" */
	T_EQ_STR(e.s, "Phúc Tọ");
	tedit_home(&e);
	tedit_delete(&e);
	T_EQ_STR(e.s, "húc Tọ");
	tedit_right(&e);
	tedit_right(&e); /* past "ú", one character */
	T_EQ_INT(tedit_col(&e), 2);
	tedit_kill(&e);
	T_EQ_STR(e.s, "hú");
	tedit_clear(&e);
	T_EQ_STR(e.s, "");
	T_EQ_INT(e.cur, 0);
}

static void
typing_combining(void)
{
	/* "Hợp" typed as o, U+031B (horn), U+0323 (dot below): the marks join
	 * the o; one left arrow goes over all three. */
	tedit_set(&e, NULL);
	type("Ho");
	type("\xcc\x9b");
	type("\xcc\xa3");
	type("p");
	T_EQ_INT(tedit_col(&e), 3);
	tedit_left(&e);
	tedit_left(&e);
	T_EQ_INT(tedit_col(&e), 1);
	T_EQ_INT(e.cur, 1);
	tedit_delete(&e); /* the whole ợ */
	T_EQ_STR(e.s, "Hp");
	type("o\xcc\x9b\xcc\xa3");
	tedit_nfc(&e);
	T_EQ_STR(e.s, "Hợp");
	tedit_end(&e);
	tedit_backspace(&e);
	tedit_backspace(&e);
	T_EQ_STR(e.s, "H");
}

static void
bad_input_refused(void)
{
	tedit_set(&e, "ab");
	T_CHECK(!tedit_insert(&e, "\xff", 1));
	T_CHECK(!tedit_insert(&e, "\xe1\xbb", 2)); /* half of ọ */
	T_CHECK(!tedit_insert(&e, "\x1b", 1));
	T_CHECK(!tedit_insert(&e, "x\ny", 3));
	T_CHECK(!tedit_insert(&e, "", 0));
	T_EQ_STR(e.s, "ab");
	/* Full: nothing half inserted. */
	char big[TEDIT_MAX];
	memset(big, 'x', sizeof(big) - 2);
	big[sizeof(big) - 2] = '\0';
	T_CHECK(!tedit_insert(&e, big, strlen(big)));
	T_EQ_STR(e.s, "ab");
	/* Set cuts at a code point, never inside one. */
	char many[TEDIT_MAX + 8];
	size_t n = 0;
	while (n + 3 < sizeof(many)) {
		memcpy(many + n, "ọ", 3);
		n += 3;
	}
	many[n] = '\0';
	tedit_set(&e, many);
	T_CHECK(e.len < TEDIT_MAX && e.len % 3 == 0);
}

static void
view_follows_cursor(void)
{
	char out[TEDIT_MAX];

	tedit_set(&e, "Ứng dụng bảng tương tác");
	T_EQ_INT(tedit_view(&e, 10, out, sizeof(out)), 9);
	T_EQ_STR(out, "tương tác");
	tedit_home(&e);
	T_EQ_INT(tedit_view(&e, 10, out, sizeof(out)), 0);
	T_EQ_STR(out, "Ứng dụng b");
	tedit_set(&e, "ngắn");
	T_EQ_INT(tedit_view(&e, 10, out, sizeof(out)), 4);
	T_EQ_STR(out, "ngắn");
}

static const struct t_case cases[] = {
	{ "typing precomposed Vietnamese", typing_precomposed },
	{ "typing combining marks", typing_combining },
	{ "bad input refused, nothing half kept", bad_input_refused },
	{ "the view follows the cursor", view_follows_cursor },
};

T_MAIN(cases)
