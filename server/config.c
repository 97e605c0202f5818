#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "lines.h"
#include "log.h"

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->listen, sizeof(c->listen), "127.0.0.1:7443");
	snprintf(c->deployment, sizeof(c->deployment), "sk");
	snprintf(c->log_name, sizeof(c->log_name), "sk.phuc-tho");
	c->max_frame = FRAME_DEFAULT_MAX;
	c->max_conns = 1024;
	c->max_inflight = 64;
	c->read_threads = 2;
	c->idle_timeout = 300;
	c->batch_max = 256;
	c->cert_days = 730;
	c->review_months = 3;
	c->correction_days = 30;
	c->upload_days = 7;
	c->pull_every = 60;
	c->unit_files_max = (size_t)4 << 30;
	c->map_size = (size_t)64 << 20;
	c->map_max = (size_t)16 << 30;
	c->log_level = LOG_LEVEL_INFO;
}

static void
default_path(char *dst, size_t sz, const char *dir, const char *name)
{
	if (dst[0] == '\0' && dir[0] != '\0' &&
	    (size_t)snprintf(dst, sz, "%s/%s", dir, name) >= sz)
		dst[0] = '\0'; /* too long: left unset, and loading it fails */
}

void
config_finish(struct config *c)
{
	default_path(c->ca_file, sizeof(c->ca_file), c->data_dir, "ca.crt");
	default_path(c->ca_key_file, sizeof(c->ca_key_file), c->data_dir, "ca.key");
	default_path(c->cert_file, sizeof(c->cert_file), c->data_dir, "server.crt");
	default_path(c->key_file, sizeof(c->key_file), c->data_dir, "server.key");
	default_path(c->log_key_file, sizeof(c->log_key_file), c->data_dir, "log.key");
	default_path(c->categories_file, sizeof(c->categories_file), c->data_dir,
	    "categories");
	default_path(c->sectors_file, sizeof(c->sectors_file), c->data_dir, "sectors");
	default_path(c->link_cert_file, sizeof(c->link_cert_file), c->data_dir,
	    "link.crt");
	default_path(c->link_key_file, sizeof(c->link_key_file), c->data_dir, "link.key");
	default_path(c->witness_key_file, sizeof(c->witness_key_file), c->data_dir,
	    "witness.key");
}

static int
parse_u64(const char *key, const char *v, uint64_t min, uint64_t max, uint64_t *out,
    struct sk_error *err)
{
	char *end;
	unsigned long long n;
	int shift = 0;

	if (*v < '0' || *v > '9') /* no blanks, no sign */
		goto bad;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno != 0)
		goto bad;
	/* Accept K, M and G suffixes for sizes, refusing what would overflow. */
	if (*end == 'K' || *end == 'k')
		shift = 10, end++;
	else if (*end == 'M' || *end == 'm')
		shift = 20, end++;
	else if (*end == 'G' || *end == 'g')
		shift = 30, end++;
	if (n > (UINT64_MAX >> shift))
		goto bad;
	n <<= shift;
	if (*end != '\0' || n < min || n > max)
		goto bad;
	*out = n;
	return 0;
bad:
	return status_set(err, SK_INVALID_ARGUMENT,
	    "%s: \"%s\" is not a number from %llu to %llu", key, v,
	    (unsigned long long)min, (unsigned long long)max);
}

struct config_key {
	const char *name;
	size_t off;  /* offset in struct config */
	size_t size; /* string buffer size, or 0 for numbers */
	int width;   /* 4 or 8 bytes for numbers */
	uint64_t min, max;
};

#define STR(f)                                                                           \
	{                                                                                \
#f, offsetof(struct config, f), sizeof(((struct config *)0)->f), 0, 0, 0 \
	}
#define U32(f, lo, hi)                                                                   \
	{                                                                                \
#f, offsetof(struct config, f), 0, 4, lo, hi                             \
	}
#define SZ(f, lo, hi)                                                                    \
	{                                                                                \
#f, offsetof(struct config, f), 0, 8, lo, hi                             \
	}

static const struct config_key config_keys[] = {
	STR(data_dir),
	STR(listen),
	STR(port_file),
	STR(ca_file),
	STR(ca_key_file),
	STR(cert_file),
	STR(key_file),
	STR(deployment),
	STR(log_name),
	STR(log_key_file),
	STR(categories_file),
	STR(sectors_file),
	STR(link_cert_file),
	STR(link_key_file),
	STR(witness_key_file),
	STR(address),
	U32(max_frame, FRAME_MIN_MAX, FRAME_HARD_MAX),
	U32(max_conns, 1, 1000000),
	U32(max_inflight, 1, 100000),
	U32(read_threads, 0, 64),
	U32(idle_timeout, 1, 86400),
	U32(batch_max, 1, 100000),
	U32(cert_days, 1, 3650),
	U32(review_months, 1, 24),
	U32(correction_days, 1, 365),
	U32(upload_days, 1, 365),
	U32(pull_every, 1, 86400),
	SZ(map_size, 1 << 20, (uint64_t)1 << 40),
	SZ(map_max, 1 << 20, (uint64_t)1 << 40),
	SZ(unit_files_max, 1 << 20, (uint64_t)1 << 40),
};

int
config_set(struct config *c, const char *key, const char *value, struct sk_error *err)
{
	const struct config_key *k;
	char *base = (char *)c;
	uint64_t n = 0;
	int lvl;

	/* Kept so that an older skd.conf still starts: tls13 holds no
	 * OpenSSL buffers after the handshake, so there is nothing to release. */
	if (strcmp(key, "tls_release_buffers") == 0) {
		log_warn("tls_release_buffers is no longer used and is ignored");
		return 0;
	}
	if (strcmp(key, "log_level") == 0) {
		if ((lvl = log_level_parse(value)) < 0)
			return status_set(err, SK_INVALID_ARGUMENT,
			    "log_level: use error, warn, info or debug");
		c->log_level = lvl;
		return 0;
	}
	for (size_t i = 0; i < sizeof(config_keys) / sizeof(config_keys[0]); i++) {
		k = &config_keys[i];
		if (strcmp(k->name, key) != 0)
			continue;
		if (k->size != 0) {
			if (strlen(value) >= k->size)
				return status_set(err, SK_INVALID_ARGUMENT,
				    "%s: value too long", key);
			memcpy(base + k->off, value, strlen(value) + 1);
			return 0;
		}
		if (parse_u64(key, value, k->min, k->max, &n, err) != 0)
			return err->code;
		if (k->width == 4)
			*(uint32_t *)(void *)(base + k->off) = (uint32_t)n;
		else
			*(size_t *)(void *)(base + k->off) = (size_t)n;
		return 0;
	}
	return status_set(err, SK_INVALID_ARGUMENT, "unknown setting \"%s\"", key);
}

static int
config_kv(const char *key, const char *value, void *arg, struct sk_error *err)
{
	return config_set(arg, key, value, err);
}

int
config_load(struct config *c, const char *path, struct sk_error *err)
{
	return lines_read_kv(path, config_kv, c, err);
}
