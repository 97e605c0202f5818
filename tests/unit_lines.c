/* unit_lines: the line reader behind skd.conf, sk.conf and units files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lines.h"
#include "t.h"

static int
write_tmp(char *path, size_t sz, const char *text)
{
	int fd;

	snprintf(path, sz, "/tmp/sk-unit-lines-XXXXXX");
	if ((fd = mkstemp(path)) == -1)
		return -1;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		close(fd);
		return -1;
	}
	return close(fd);
}

struct seen {
	char text[512];
	int stop_at; /* refuse this line number */
};

static int
collect(char *line, int lineno, void *arg, struct sk_error *err)
{
	struct seen *s = arg;
	size_t used = strlen(s->text);

	if (lineno == s->stop_at)
		return status_set(err, SK_FAILED_PRECONDITION, "refused \"%s\"", line);
	snprintf(s->text + used, sizeof(s->text) - used, "%d[%s]", lineno, line);
	return 0;
}

static void
comments_and_blanks(void)
{
	struct seen s = { "", 0 };
	struct sk_error err = { 0, "" };
	char path[64];

	T_EQ_INT(write_tmp(path, sizeof(path),
	             "# heading\n\n  one | two  \n\t\n three # said \nlast"),
	    0);
	T_EQ_INT(lines_read(path, collect, &s, &err), 0);
	T_EQ_STR(s.text, "3[one | two]5[three]6[last]");
	T_EQ_INT(unlink(path), 0);
}

static void
errors_name_the_line(void)
{
	struct seen s = { "", 3 };
	struct sk_error err = { 0, "" };
	char path[64], want[96], *big;

	T_EQ_INT(write_tmp(path, sizeof(path), "a\n\nb\nc\n"), 0);
	T_EQ_INT(lines_read(path, collect, &s, &err), SK_FAILED_PRECONDITION);
	snprintf(want, sizeof(want), "%s:3: refused \"b\"", path);
	T_EQ_STR(err.msg, want);
	T_EQ_STR(s.text, "1[a]"); /* nothing after the refusal */
	T_EQ_INT(unlink(path), 0);

	T_EQ_INT(lines_read("/nonexistent/x.conf", collect, &s, &err), SK_NOT_FOUND);
	T_CONTAINS(err.msg, "/nonexistent/x.conf");

	/* A line longer than the buffer is refused, not split in two. */
	big = malloc(LINES_MAX + 16);
	T_CHECK(big != NULL);
	if (big == NULL)
		return;
	memset(big, 'x', LINES_MAX + 10);
	memcpy(big + LINES_MAX + 10, "\nok\n", 5);
	T_EQ_INT(write_tmp(path, sizeof(path), big), 0);
	s.text[0] = '\0';
	s.stop_at = 0;
	T_EQ_INT(lines_read(path, collect, &s, &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, ":1: line too long");
	T_EQ_STR(s.text, "");
	T_EQ_INT(unlink(path), 0);
	free(big);
}

static int
kv_collect(const char *key, const char *value, void *arg, struct sk_error *err)
{
	struct seen *s = arg;
	size_t used = strlen(s->text);

	if (strcmp(key, "bad") == 0)
		return status_set(err, SK_NOT_FOUND, "unknown setting \"%s\"", key);
	snprintf(s->text + used, sizeof(s->text) - used, "<%s=%s>", key, value);
	return 0;
}

static void
key_values(void)
{
	struct seen s = { "", 0 };
	struct sk_error err = { 0, "" };
	char path[64];

	T_EQ_INT(write_tmp(path, sizeof(path),
	             "server = 127.0.0.1:7443\n"
	             "log_key=sk+1a2b+AAAB==  # pinned\n"
	             "  name =   Xã Hát Môn  \n"),
	    0);
	T_EQ_INT(lines_read_kv(path, kv_collect, &s, &err), 0);
	T_EQ_STR(s.text,
	    "<server=127.0.0.1:7443><log_key=sk+1a2b+AAAB==><name=Xã Hát Môn>");
	T_EQ_INT(unlink(path), 0);

	T_EQ_INT(write_tmp(path, sizeof(path), "a = 1\njust words\n"), 0);
	T_EQ_INT(lines_read_kv(path, kv_collect, &s, &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, ":2: expected \"key = value\"");
	T_EQ_INT(unlink(path), 0);

	/* A setter's refusal is the file's fault: INVALID_ARGUMENT. */
	T_EQ_INT(write_tmp(path, sizeof(path), "bad = 1\n"), 0);
	T_EQ_INT(lines_read_kv(path, kv_collect, &s, &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, ":1: unknown setting \"bad\"");
	T_EQ_INT(unlink(path), 0);
}

static void
trim(void)
{
	char a[] = "  \t x y \r\n", b[] = "", c[] = "   ";

	T_EQ_STR(lines_trim(a), "x y");
	T_EQ_STR(lines_trim(b), "");
	T_EQ_STR(lines_trim(c), "");
}

static const struct t_case cases[] = {
	{ "comments_and_blanks", comments_and_blanks },
	{ "errors_name_the_line", errors_name_the_line },
	{ "key_values", key_values },
	{ "trim", trim },
};

T_MAIN(cases)
