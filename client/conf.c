#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frame.h"
#include "lines.h"
#include "skc.h"

void
skc_config_defaults(struct skc_config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->server, sizeof(c->server), "127.0.0.1:7443");
	c->max_frame = 16u << 20;
	c->timeout_ms = 30000;
}

static int
set_path(char *dst, size_t sz, const char *v, const char *base_dir)
{
	int n;

	if (v[0] == '/' || base_dir == NULL || base_dir[0] == '\0')
		n = snprintf(dst, sz, "%s", v);
	else
		n = snprintf(dst, sz, "%s/%s", base_dir, v);
	return n >= 0 && (size_t)n < sz ? 0 : -1;
}

/* One more legal basis for documents: a line of its own. */
static int
basis_add(struct skc_config *c, const char *v)
{
	size_t n = strlen(c->doc_bases);
	int w;

	if (strchr(v, '\n') != NULL)
		return -1;
	w = snprintf(c->doc_bases + n, sizeof(c->doc_bases) - n, "%s%s", n ? "\n" : "",
	    v);
	if (w < 0 || (size_t)w >= sizeof(c->doc_bases) - n) {
		c->doc_bases[n] = '\0';
		return -1;
	}
	return 0;
}

int
skc_config_set(struct skc_config *c, const char *key, const char *v, const char *base_dir,
    struct sk_error *err)
{
	char *end;
	long n;
	int rc = 0;

	if (strcmp(key, "server") == 0)
		rc = set_path(c->server, sizeof(c->server), v, NULL);
	else if (strcmp(key, "ca") == 0)
		rc = set_path(c->ca, sizeof(c->ca), v, base_dir);
	else if (strcmp(key, "cert") == 0)
		rc = set_path(c->cert, sizeof(c->cert), v, base_dir);
	else if (strcmp(key, "key") == 0)
		rc = set_path(c->key, sizeof(c->key), v, base_dir);
	else if (strcmp(key, "log_key") == 0)
		rc = set_path(c->log_key, sizeof(c->log_key), v, NULL);
	else if (strcmp(key, "witness_key") == 0)
		rc = set_path(c->witness_key, sizeof(c->witness_key), v, NULL);
	else if (strcmp(key, "doc_basis") == 0)
		rc = basis_add(c, v);
	else if (strcmp(key, "timeout") == 0 || strcmp(key, "max_frame") == 0) {
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno != 0 || *end != '\0' || n <= 0 || n > FRAME_HARD_MAX)
			return status_set(err, SK_INVALID_ARGUMENT,
			    "%s: \"%s\" is not a positive number", key, v);
		if (key[0] == 't')
			c->timeout_ms = (int)(n * 1000 > 86400000 ? 86400000 : n * 1000);
		else
			c->max_frame = (uint32_t)n;
	} else
		return status_set(err, SK_INVALID_ARGUMENT, "unknown setting \"%s\"",
		    key);
	if (rc != 0)
		return status_set(err, SK_INVALID_ARGUMENT, "%s: value too long", key);
	return 0;
}

struct load {
	struct skc_config *c;
	char dir[PATH_MAX];
};

static int
load_kv(const char *key, const char *value, void *arg, struct sk_error *err)
{
	struct load *l = arg;

	return skc_config_set(l->c, key, value, l->dir, err);
}

int
skc_config_load(struct skc_config *c, const char *path, struct sk_error *err)
{
	struct load l = { .c = c };
	char tmp[PATH_MAX];

	snprintf(tmp, sizeof(tmp), "%s", path);
	snprintf(l.dir, sizeof(l.dir), "%s", dirname(tmp));
	return lines_read_kv(path, load_kv, &l, err);
}

const char *
skc_config_find(char *buf, size_t sz, char *where, size_t wsz)
{
	const char *env = getenv("SK_CONFIG"), *home = getenv("HOME");

	if (env != NULL && env[0] != '\0')
		return env;
	snprintf(buf, sz, "%s/.config/sk/sk.conf", home != NULL ? home : "~");
	if (home != NULL && access(buf, F_OK) == 0)
		return buf;
	snprintf(where, wsz, "no -c FILE, $SK_CONFIG is not set, and there is no %s",
	    buf);
	return NULL;
}
