/* unit_config: skd settings (config.h) and the unit list file (units.h). */
#include "t.h"

#include <stdlib.h>
#include <unistd.h>

#include "config.h"
#include "frame.h"
#include "log.h"
#include "store.h"
#include "units.h"

static struct config cfg; /* big (several PATH_MAX buffers) */

/* Write text to a new temporary file; path gets its name. */
static int
write_tmp(char path[64], const char *text)
{
	FILE *fp;
	int fd;

	snprintf(path, 64, "/tmp/sk-unit-config-XXXXXX");
	if ((fd = mkstemp(path)) == -1)
		return -1;
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		return -1;
	}
	fputs(text, fp);
	return fclose(fp);
}

/* ---- config ---------------------------------------------------------- */

static void
defaults(void)
{
	memset(&cfg, 0x5a, sizeof(cfg));
	config_defaults(&cfg);
	T_EQ_STR(cfg.data_dir, "");
	T_EQ_STR(cfg.listen, "127.0.0.1:7443");
	T_EQ_STR(cfg.port_file, "");
	T_EQ_STR(cfg.ca_file, "");
	T_EQ_STR(cfg.deployment, "sk");
	T_EQ_INT(cfg.max_frame, FRAME_DEFAULT_MAX);
	T_EQ_INT(cfg.max_conns, 1024);
	T_EQ_INT(cfg.max_inflight, 64);
	T_EQ_INT(cfg.idle_timeout, 300);
	T_EQ_INT(cfg.batch_max, 256);
	T_EQ_INT(cfg.cert_days, 730);
	T_EQ_INT(cfg.review_months, 3);
	T_EQ_INT(cfg.correction_days, 30);
	T_EQ_INT(cfg.upload_days, 7);
	T_CHECK(cfg.unit_files_max == (size_t)4 << 30);
	T_CHECK(cfg.map_size == (size_t)64 << 20);
	T_CHECK(cfg.map_max == (size_t)16 << 30);
	T_EQ_INT(cfg.log_level, LOG_LEVEL_INFO);
}

static void
finish_fills_paths(void)
{
	config_defaults(&cfg);
	config_finish(&cfg); /* no data dir: nothing to fill */
	T_EQ_STR(cfg.ca_file, "");

	config_defaults(&cfg);
	snprintf(cfg.data_dir, sizeof(cfg.data_dir), "/srv/sk");
	snprintf(cfg.cert_file, sizeof(cfg.cert_file), "/etc/sk/my.crt");
	config_finish(&cfg);
	T_EQ_STR(cfg.ca_file, "/srv/sk/ca.crt");
	T_EQ_STR(cfg.ca_key_file, "/srv/sk/ca.key");
	T_EQ_STR(cfg.cert_file, "/etc/sk/my.crt"); /* given: kept */
	T_EQ_STR(cfg.key_file, "/srv/sk/server.key");
}

static void
set_numbers(void)
{
	struct sk_error err = { 0, "" };

	config_defaults(&cfg);
	T_EQ_INT(config_set(&cfg, "max_conns", "10", &err), 0);
	T_EQ_INT(cfg.max_conns, 10);
	T_EQ_INT(config_set(&cfg, "max_frame", "320k", &err), 0); /* min */
	T_EQ_INT(cfg.max_frame, FRAME_MIN_MAX);
	T_EQ_INT(config_set(&cfg, "max_frame", "2M", &err), 0);
	T_EQ_INT(cfg.max_frame, 2u << 20);
	T_EQ_INT(config_set(&cfg, "max_frame", "512k", &err), 0);
	T_EQ_INT(cfg.max_frame, 512u << 10);
	T_EQ_INT(config_set(&cfg, "max_frame", "64M", &err), 0); /* max */
	T_EQ_INT(cfg.max_frame, FRAME_HARD_MAX);
	T_EQ_INT(config_set(&cfg, "map_size", "1G", &err), 0);
	T_CHECK(cfg.map_size == (size_t)1 << 30);
	T_EQ_INT(config_set(&cfg, "map_max", "1024K", &err), 0);
	T_CHECK(cfg.map_max == (size_t)1 << 20);
	T_EQ_INT(config_set(&cfg, "map_max", "1024g", &err), 0); /* 1 TiB */
	T_CHECK(cfg.map_max == (size_t)1 << 40);
	T_EQ_INT(config_set(&cfg, "map_size", "3m", &err), 0);
	T_CHECK(cfg.map_size == (size_t)3 << 20);
	T_EQ_INT(config_set(&cfg, "cert_days", "3650", &err), 0);
	T_EQ_INT(cfg.cert_days, 3650);
	T_EQ_INT(config_set(&cfg, "upload_days", "1", &err), 0);
	T_EQ_INT(cfg.upload_days, 1);
	T_EQ_INT(config_set(&cfg, "idle_timeout", "86400", &err), 0);
	T_EQ_INT(config_set(&cfg, "batch_max", "1", &err), 0);
	T_EQ_INT(config_set(&cfg, "max_inflight", "100000", &err), 0);
	/* A retired setting still parses, and changes nothing. */
	T_EQ_INT(config_set(&cfg, "tls_release_buffers", "0", &err), 0);
	T_EQ_INT(config_set(&cfg, "tls_release_bufers", "0", &err), SK_INVALID_ARGUMENT);
	/* Neighbouring fields are untouched by a 4-byte store. */
	T_EQ_INT(cfg.max_conns, 10);
	T_EQ_INT(cfg.batch_max, 1);
	T_EQ_INT(cfg.max_inflight, 100000);
}

static void
set_numbers_rejected(void)
{
	static const struct {
		const char *key, *value;
	} bad[] = {
		{ "max_frame", "327679" },
		{ "max_frame", "64k" },
		{ "max_frame", "65M" },
		{ "max_frame", "4G" },
		{ "max_conns", "0" },
		{ "max_conns", "1000001" },
		{ "idle_timeout", "86401" },
		{ "upload_days", "0" },
		{ "upload_days", "366" },
		{ "cert_days", "3651" },
		{ "cert_days", "-1" },
		{ "cert_days", "" },
		{ "cert_days", "ten" },
		{ "cert_days", "10 days" },
		{ "cert_days", "12x" },
		{ "map_size", "1.5G" },
		{ "map_size", "1023K" },
		{ "map_size", "2T" },
		{ "map_size", "1KB" },
		{ "map_size", "1025G" },
		{ "map_max", "99999999999999999999999" }, /* ERANGE */
		{ "batch_max", "0x10" },
	};
	struct sk_error err;

	config_defaults(&cfg);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err.code = 0;
		err.msg[0] = '\0';
		T_EQ_INT(config_set(&cfg, bad[i].key, bad[i].value, &err),
		    SK_INVALID_ARGUMENT);
		T_EQ_INT(err.code, SK_INVALID_ARGUMENT);
		T_CONTAINS(err.msg, bad[i].key);
	}
	/* Nothing was changed by the refusals. */
	T_EQ_INT(cfg.max_frame, FRAME_DEFAULT_MAX);
	T_EQ_INT(cfg.cert_days, 730);
	T_EQ_INT(cfg.review_months, 3);
	T_EQ_INT(cfg.correction_days, 30);
	T_EQ_INT(cfg.upload_days, 7);
	T_CHECK(cfg.unit_files_max == (size_t)4 << 30);
	T_CHECK(cfg.map_size == (size_t)64 << 20);

	/* Huge values must not wrap into range through a K/M/G suffix, and a
	 * sign hidden behind blanks is no number. */
	T_EQ_INT(config_set(&cfg, "map_size", "17179869185G", &err), SK_INVALID_ARGUMENT);
	T_EQ_INT(config_set(&cfg, "max_frame", "18014398509481985K", &err),
	    SK_INVALID_ARGUMENT);
	T_EQ_INT(config_set(&cfg, "max_conns", " -18446744073709551615", &err),
	    SK_INVALID_ARGUMENT);
}

static void
set_strings_and_level(void)
{
	struct sk_error err = { 0, "" };
	char longval[200];

	config_defaults(&cfg);
	T_EQ_INT(config_set(&cfg, "deployment", "Huyện Phúc Thọ", &err), 0);
	T_EQ_STR(cfg.deployment, "Huyện Phúc Thọ");
	T_EQ_INT(config_set(&cfg, "listen", "0.0.0.0:0", &err), 0);
	T_EQ_STR(cfg.listen, "0.0.0.0:0");
	T_EQ_INT(config_set(&cfg, "data_dir", "/var/lib/sk", &err), 0);
	T_EQ_STR(cfg.data_dir, "/var/lib/sk");

	/* deployment holds 127 bytes and the terminator. */
	memset(longval, 'a', sizeof(longval));
	longval[sizeof(cfg.deployment) - 1] = '\0';
	T_EQ_INT(config_set(&cfg, "deployment", longval, &err), 0);
	longval[sizeof(cfg.deployment) - 1] = 'a';
	longval[sizeof(cfg.deployment)] = '\0';
	T_EQ_INT(config_set(&cfg, "deployment", longval, &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "deployment");

	T_EQ_INT(config_set(&cfg, "log_level", "debug", &err), 0);
	T_EQ_INT(cfg.log_level, LOG_LEVEL_DEBUG);
	T_EQ_INT(config_set(&cfg, "log_level", "error", &err), 0);
	T_EQ_INT(cfg.log_level, LOG_LEVEL_ERROR);
	T_EQ_INT(config_set(&cfg, "log_level", "loud", &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "log_level");
	T_EQ_INT(cfg.log_level, LOG_LEVEL_ERROR);
}

static void
unknown_key(void)
{
	struct sk_error err = { 0, "" };

	config_defaults(&cfg);
	T_EQ_INT(config_set(&cfg, "max_connections", "10", &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "max_connections");
	T_EQ_INT(config_set(&cfg, "", "10", &err), SK_INVALID_ARGUMENT);
	T_EQ_INT(config_set(&cfg, "MAX_CONNS", "10", &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "MAX_CONNS");
}

static void
load_file(void)
{
	struct sk_error err = { 0, "" };
	char path[64];

	T_EQ_INT(write_tmp(path,
	             "# skd.conf for the test\n"
	             "\n"
	             "   \t\n"
	             "listen = 0.0.0.0:7443   # all interfaces\n"
	             "max_frame=2M\n"
	             "  deployment   =   Huyện Phúc Thọ  \n"
	             "# map_size = 1G\n"
	             "log_level = warn\n"
	             "cert_days = 365"),
	    0); /* no final newline */
	config_defaults(&cfg);
	T_EQ_INT(config_load(&cfg, path, &err), 0);
	T_EQ_STR(cfg.listen, "0.0.0.0:7443");
	T_EQ_INT(cfg.max_frame, 2u << 20);
	T_EQ_STR(cfg.deployment, "Huyện Phúc Thọ");
	T_CHECK(cfg.map_size == (size_t)64 << 20); /* commented out */
	T_EQ_INT(cfg.log_level, LOG_LEVEL_WARN);
	T_EQ_INT(cfg.cert_days, 365);
	T_EQ_INT(unlink(path), 0);
}

static void
load_file_errors(void)
{
	static const struct {
		const char *text;
		const char *where; /* ":line:" */
		const char *what;
	} bad[] = {
		{ "# ok\nlisten = a:1\nmax_conns = lots\n", ":3:", "max_conns" },
		{ "\n\njust words\n", ":3:", "key = value" },
		{ "colour = blue\n", ":1:", "colour" },
		{ "# c\n\n\n\ncert_days = 0\n", ":5:", "cert_days" },
	};
	struct sk_error err;
	char path[64], want[80];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		T_EQ_INT(write_tmp(path, bad[i].text), 0);
		config_defaults(&cfg);
		err.code = 0;
		err.msg[0] = '\0';
		T_EQ_INT(config_load(&cfg, path, &err), SK_INVALID_ARGUMENT);
		snprintf(want, sizeof(want), "%s%s", path, bad[i].where);
		T_CONTAINS(err.msg, want);
		T_CONTAINS(err.msg, bad[i].what);
		T_EQ_INT(unlink(path), 0);
	}

	T_EQ_INT(config_load(&cfg, "/nonexistent/skd.conf", &err), SK_NOT_FOUND);
	T_CONTAINS(err.msg, "/nonexistent/skd.conf");
}

/* ---- units ----------------------------------------------------------- */

static int
parse(const char *text, UnitRec *u, struct sk_error *err, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s", text);
	err->code = 0;
	err->msg[0] = '\0';
	return units_parse_line(buf, u, err);
}

static void
units_parse(void)
{
	struct sk_error err;
	UnitRec u;
	char buf[256];

	T_EQ_INT(parse("3  | xa-hat-mon      | commune      | 1 | Xã Hát Môn\n", &u, &err,
	             buf, sizeof(buf)),
	    1);
	T_EQ_INT(u.id, 3);
	T_EQ_STR(u.code, "xa-hat-mon");
	T_EQ_INT(u.kind, 3);
	T_EQ_INT(u.parent_id, 1);
	T_EQ_STR(u.name, "Xã Hát Môn");

	T_EQ_INT(parse("1|phuc-tho|district|0|Huyện Phúc Thọ # the top", &u, &err, buf,
	             sizeof(buf)),
	    1);
	T_EQ_INT(u.kind, 1);
	T_EQ_INT(u.parent_id, 0);
	T_EQ_STR(u.name, "Huyện Phúc Thọ");
	T_EQ_INT(parse("33 | vp-huyen-uy | organisation | 1 | Văn phòng\n", &u, &err, buf,
	             sizeof(buf)),
	    1);
	T_EQ_INT(u.kind, 5);

	T_EQ_INT(parse("# a comment | with | bars | 1 | x\n", &u, &err, buf, sizeof(buf)),
	    0);
	T_EQ_INT(parse("\n", &u, &err, buf, sizeof(buf)), 0);
	T_EQ_INT(parse("   \t  \n", &u, &err, buf, sizeof(buf)), 0);
	T_EQ_INT(parse("", &u, &err, buf, sizeof(buf)), 0);
}

static void
units_parse_errors(void)
{
	static const struct {
		const char *line, *what;
	} bad[] = {
		{ "3 | xa-hat-mon | commune | 1\n", "5 fields" },
		{ "3 | xa-hat-mon\n", "5 fields" },
		{ "Xã Hát Môn\n", "5 fields" },
		{ "3 | xa-hat-mon | village | 1 | Xã Hát Môn\n", "village" },
		{ "3 | xa-hat-mon | Commune | 1 | Xã Hát Môn\n", "Commune" },
		{ "3 | xa-hat-mon |  | 1 | Xã Hát Môn\n", "kind" },
		{ "x | xa-hat-mon | commune | 1 | Xã Hát Môn\n", "id" },
		{ "3a | xa-hat-mon | commune | 1 | Xã Hát Môn\n", "id" },
		{ "0 | xa-hat-mon | commune | 1 | Xã Hát Môn\n", "id" },
		{ " | xa-hat-mon | commune | 1 | Xã Hát Môn\n", "id" },
		{ "3 | xa-hat-mon | commune | one | Xã Hát Môn\n", "parent id" },
		{ "4294967296 | xa | commune | 1 | Xã\n", "id" },
		{ "3 | Xa-Hat-Mon | commune | 1 | Xã Hát Môn\n", "code" },
		{ "3 | xã-hát-môn | commune | 1 | Xã Hát Môn\n", "code" },
		{ "3 |  | commune | 1 | Xã Hát Môn\n", "code" },
		{ "3 | xa-hat-mon | commune | 1 |   \n", "name" },
		{ "3 | xa-hat-mon | commune | 1 | X\xe1\xbb\n", "name" },
	};
	struct sk_error err;
	UnitRec u;
	char buf[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		T_EQ_INT(parse(bad[i].line, &u, &err, buf, sizeof(buf)), -1);
		T_EQ_INT(err.code, SK_INVALID_ARGUMENT);
		T_CONTAINS(err.msg, bad[i].what);
	}
	T_EQ_INT(parse("4294967295 | xa | commune | 1 | Xã\n", &u, &err, buf,
	             sizeof(buf)),
	    1); /* the largest id */
	T_EQ_INT(u.id, UINT32_MAX);

	/* A sixth field is an error, not part of the name. */
	T_EQ_INT(parse("3 | xa-hat-mon | commune | 1 | Xã Hát Môn | 2\n", &u, &err, buf,
	             sizeof(buf)),
	    -1);
}

/* A temporary store for units_load. */
static struct store *
tmp_store(char dir[64])
{
	struct store_opts o = { 1 << 20, 64 << 20, true };
	struct sk_error err = { 0, "" };
	struct store *st = NULL;

	snprintf(dir, 64, "/tmp/sk-unit-config-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return NULL;
	if (store_open(&st, dir, &o, &err) != 0) {
		fprintf(stderr, "store_open: %s\n", err.msg);
		return NULL;
	}
	return st;
}

static void
tmp_store_remove(struct store *st, const char *dir)
{
	char path[128];

	store_close(st);
	snprintf(path, sizeof(path), "%s/data.mdb", dir);
	T_EQ_INT(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/lock.mdb", dir);
	T_EQ_INT(unlink(path), 0);
	T_EQ_INT(rmdir(dir), 0);
}

/* The real unit list, found next to this source file. */
static void
units_path(char *buf, size_t sz)
{
	const char *self = __FILE__, *suffix = "tests/unit_config.c";
	size_t n = strlen(self), k = strlen(suffix);

	T_CHECK(n >= k && strcmp(self + n - k, suffix) == 0);
	snprintf(buf, sz, "%.*sserver/data/phuc-tho-2024.units", (int)(n - k), self);
}

static void
units_load_real_file(void)
{
	char dir[64], path[4096];
	struct sk_error err = { 0, "" };
	struct store_txn t;
	struct store *st;
	UnitRec **list = NULL, *u = NULL;
	size_t count = 0, n = 0;
	int kinds[6] = { 0 };

	units_path(path, sizeof(path));
	if ((st = tmp_store(dir)) == NULL) {
		T_CHECK(!"store opens");
		return;
	}
	T_EQ_INT(store_write_begin(st, NULL, &t), 0);
	T_EQ_INT(units_load(&t, path, &count, &err), 0);
	if (err.msg[0] != '\0')
		fprintf(stderr, "units_load: %s\n", err.msg);
	T_EQ_INT(count, 39);
	T_EQ_INT(store_commit(&t, &err), 0);

	T_EQ_INT(store_read_begin(st, &t), 0);
	T_EQ_INT(store_unit_list(&t, &list, &n), 0);
	T_EQ_INT(n, 39);
	for (size_t i = 0; i < n; i++) {
		T_CHECK(list[i]->kind >= 1 && list[i]->kind <= 5);
		if (list[i]->kind <= 5)
			kinds[list[i]->kind]++;
		T_EQ_INT(list[i]->id, i + 1); /* ids 1..39 in order */
		/* Everything but the district hangs under it. */
		T_EQ_INT(list[i]->parent_id, list[i]->id == 1 ? 0 : 1);
	}
	T_EQ_INT(kinds[1], 1);  /* district */
	T_EQ_INT(kinds[2], 1);  /* township */
	T_EQ_INT(kinds[3], 17); /* communes */
	store_unit_list_free(list, n);

	T_EQ_INT(store_unit_by_code(&t, "xa-hat-mon", &u), 0);
	if (u != NULL) {
		T_EQ_STR(u->name, "Xã Hát Môn");
		T_EQ_INT(u->kind, 3);
	}
	store_rec_free(u);
	T_EQ_INT(store_unit_get(&t, 1, &u), 0);
	if (u != NULL) {
		T_EQ_STR(u->code, "phuc-tho");
		T_EQ_INT(u->kind, 1);
	}
	store_rec_free(u);
	store_read_end(&t);
	tmp_store_remove(st, dir);
}

static void
units_load_errors(void)
{
	char dir[64], path[64], want[80];
	struct sk_error err = { 0, "" };
	struct store_txn t;
	struct store *st;
	size_t count = 0;

	if ((st = tmp_store(dir)) == NULL) {
		T_CHECK(!"store opens");
		return;
	}

	/* The same id twice. */
	T_EQ_INT(write_tmp(path,
	             "# units\n1 | a | district | 0 | A\n"
	             "2 | b | commune | 1 | B\n2 | c | commune | 1 | C\n"),
	    0);
	T_EQ_INT(store_write_begin(st, NULL, &t), 0);
	T_EQ_INT(units_load(&t, path, &count, &err), SK_ALREADY_EXISTS);
	snprintf(want, sizeof(want), "%s:4:", path);
	T_CONTAINS(err.msg, want);
	T_CONTAINS(err.msg, "unit id 2");
	store_abort(&t);
	T_EQ_INT(unlink(path), 0);

	/* A bad line names its place. */
	T_EQ_INT(write_tmp(path,
	             "1 | a | district | 0 | A\n\n"
	             "2 | b | hamlet | 1 | B\n"),
	    0);
	T_EQ_INT(store_write_begin(st, NULL, &t), 0);
	T_EQ_INT(units_load(&t, path, &count, &err), SK_INVALID_ARGUMENT);
	snprintf(want, sizeof(want), "%s:3:", path);
	T_CONTAINS(err.msg, want);
	T_CONTAINS(err.msg, "hamlet");
	store_abort(&t);
	T_EQ_INT(unlink(path), 0);

	T_EQ_INT(store_write_begin(st, NULL, &t), 0);
	T_EQ_INT(units_load(&t, "/nonexistent/x.units", &count, &err), SK_NOT_FOUND);
	T_EQ_INT(count, 0);
	store_abort(&t);

	tmp_store_remove(st, dir);
}

static const struct t_case cases[] = {
	{ "defaults", defaults },
	{ "finish_fills_paths", finish_fills_paths },
	{ "set_numbers", set_numbers },
	{ "set_numbers_rejected", set_numbers_rejected },
	{ "set_strings_and_level", set_strings_and_level },
	{ "unknown_key", unknown_key },
	{ "load_file", load_file },
	{ "load_file_errors", load_file_errors },
	{ "units_parse", units_parse },
	{ "units_parse_errors", units_parse_errors },
	{ "units_load_real_file", units_load_real_file },
	{ "units_load_errors", units_load_errors },
};

T_MAIN(cases)
