/*
 * cli: connecting on demand, the exit status of what failed, and the
 * number parsers every command uses.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "out.h"

int
cli_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "sk: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(sk --help for usage)\n");
	return SK_EXIT_USAGE;
}

/* Exit status for a failure reported by the client library or server. */
static int
cli_fail(struct cli *c, const struct sk_error *err, bool from_server)
{
	out_error(err->code, err->msg, c->json);
	if (err->code == SK_UNAVAILABLE)
		return SK_EXIT_CONNECT;
	return from_server ? SK_EXIT_REFUSED : SK_EXIT_LOCAL;
}

int
cli_connect(struct cli *c)
{
	struct sk_error err = { 0 };
	int rc;

	if (c->conn != NULL)
		return 0;
	if ((rc = skc_connect(&c->cfg, &c->conn, &err)) == 0)
		return 0;
	/* Local setup problems come back as INVALID_ARGUMENT; the rest is
	 * the network or the server speaking. */
	return cli_fail(c, &err, rc != SK_INVALID_ARGUMENT);
}

int
cli_status(struct cli *c, int rc)
{
	return rc == 0 ? 0 : cli_fail(c, &c->err, true);
}

bool
cli_parse_u32(const char *s, uint32_t *v)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *s == '-' || n > UINT32_MAX)
		return false;
	*v = (uint32_t)n;
	return true;
}

bool
cli_parse_id(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && *s != '-' && *v > 0;
}
