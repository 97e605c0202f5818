/*
 * skd: the initiative registry server.
 *
 *   skd init DIR [options]     make a data directory (CA, certificates, store)
 *   skd -d DIR [options]       serve it
 */
#include <errno.h>
#include <event2/event.h>
#include <event2/thread.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backup.h"
#include "config.h"
#include "init.h"
#include "link.h"
#include "log.h"
#include "metrics.h"
#include "migrate.h"
#include "net.h"
#include "paths.h"
#include "pki.h"
#include "pool.h"
#include "puller.h"
#include "server.h"
#include "store.h"
#include "sweep.h"
#include "tlog.h"
#include "witness.h"
#include "writer.h"

#define SHUTDOWN_GRACE 10 /* seconds to finish in-flight writes */

/* The installed service's data directory (skd.service). */
#define SK_STATE_DIR "/var/lib/sk"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: skd init DIR [--deployment NAME] [--hosts LIST] [--units FILE]\n"
	    "                    [--categories FILE] [--sectors FILE] [--listen HOST:PORT]\n"
	    "                    [--admin LOGIN]\n"
	    "       skd -d DIR [-c FILE] [-l HOST:PORT] [--SETTING=VALUE ...]\n"
	    "       skd backup DEST [-d DIR]\n"
	    "       skd check DIR [--log-key KEY]\n"
	    "\n"
	    "Serves the initiative registry over mutual TLS (TLS 1.3, ALPN sk/1).\n"
	    "skd backup copies a data directory (default " SK_STATE_DIR ") while it\n"
	    "serves: its keys and settings, and a consistent, compacted copy of the\n"
	    "store. skd check verifies one offline: each unit's log against the\n"
	    "tree it keeps, its last signed checkpoint and the records (exit 5 when\n"
	    "anything does not verify).\n"
	    "\n"
	    "  -d, --data-dir DIR   data directory made by `skd init`; its skd.conf\n"
	    "                       is read when present\n"
	    "  -c, --config FILE    read settings from FILE too, after DIR/skd.conf\n"
	    "                       (installed: /etc/sk/skd.conf); it wins\n"
	    "  -l, --listen ADDR    host:port to listen on (port 0: any free port)\n"
	    "  -v, --verbose        log debug messages\n"
	    "  -h, --help           this text\n"
	    "\n"
	    "Settings (file: \"key = value\"; flags: --key=value):\n"
	    "  listen, deployment, port_file, ca_file, ca_key_file, cert_file,\n"
	    "  key_file, max_frame (bytes, default 1M), max_conns (1024),\n"
	    "  max_inflight (64 queued writes per connection), idle_timeout (300 s),\n"
	    "  batch_max (256 writes per commit), cert_days (730), map_size (64M),\n"
	    "  map_max (16G), log_level (error|warn|info|debug), review_months (3),\n"
	    "  correction_days (30), upload_days (7), unit_files_max (4G),\n"
	    "  log_name (sk.CODE-RANDOM, set by init), log_key_file (DIR/log.key),\n"
	    "  categories_file (DIR/categories: \"number | name\" lines),\n"
	    "  sectors_file (DIR/sectors: \"code | name | office\" lines),\n"
	    "  address (host:port linked servers dial; default: the one listened on),\n"
	    "  pull_every (60 s between pulls from linked servers),\n"
	    "  link_cert_file, link_key_file (DIR/link.crt, link.key),\n"
	    "  witness_key_file (DIR/witness.key)\n"
	    "\n"
	    "skd init makes the CA, a server certificate for --hosts (default\n"
	    "localhost,127.0.0.1,::1), an administrator certificate (login --admin,\n"
	    "default \"admin\", in the top unit) and loads the units of --units\n"
	    "(default: the Phúc Thọ 2024 list shipped with skd, in $SK_DATA_DIR or\n"
	    "share/sk beside the program) and the content categories of\n"
	    "--categories (the plan's six) and the sectors and their receiving offices\n"
	    "of --sectors (by default the .sectors file beside the units file). The\n"
	    "deployment is named after the top\n"
	    "unit, its decision logs \"sk.\" and that unit's code, unless given.\n");
}

static int
cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "deployment", required_argument, NULL, 'n' },
		{ "hosts", required_argument, NULL, 'H' },
		{ "units", required_argument, NULL, 'u' },
		{ "categories", required_argument, NULL, 'C' },
		{ "sectors", required_argument, NULL, 'S' },
		{ "listen", required_argument, NULL, 'l' },
		{ "admin", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct init_opts o = { .hosts = "localhost,127.0.0.1,::1",
		.listen = "127.0.0.1:7443",
		.admin_login = "admin" };
	struct sk_error err = { 0 };
	int ch;

	while ((ch = getopt_long(argc, argv, "n:H:u:C:S:l:a:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'n': o.deployment = optarg; break;
		case 'H': o.hosts = optarg; break;
		case 'u': o.units_file = optarg; break;
		case 'C': o.categories_file = optarg; break;
		case 'S': o.sectors_file = optarg; break;
		case 'l': o.listen = optarg; break;
		case 'a': o.admin_login = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	o.dir = argv[optind];
	if (init_data_dir(&o, &err) != 0) {
		fprintf(stderr, "skd init: %s\n", err.msg);
		return 1;
	}
	printf("initialised %s\n"
	       "  start the server:   skd -d %s\n"
	       "  administrator:      sk -c %s/admin.conf hello\n",
	    o.dir, o.dir, o.dir);
	return 0;
}

/* Flags: the few short ones, and --key=value for any setting. */
static int
parse_args(int argc, char **argv, struct config *cfg, struct sk_error *err)
{
	const char *conf = NULL;
	char key[64], *eq, path[PATH_MAX + 16];
	int i;

	/* First pass: where the settings file is. */
	for (i = 1; i < argc; i++) {
		if ((strcmp(argv[i], "-d") == 0 || strcmp(argv[i], "--data-dir") == 0) &&
		    i + 1 < argc)
			config_set(cfg, "data_dir", argv[++i], err);
		else if ((strcmp(argv[i], "-c") == 0 ||
		             strcmp(argv[i], "--config") == 0) &&
		    i + 1 < argc)
			conf = argv[++i];
	}
	/* What skd init wrote (the log's name, the keys' files), then the
	 * operator's file (/etc/sk/skd.conf when installed), which wins. */
	if (cfg->data_dir[0] != '\0') {
		snprintf(path, sizeof(path), "%s/skd.conf", cfg->data_dir);
		if (access(path, F_OK) == 0 && config_load(cfg, path, err) != 0)
			return -1;
	}
	if (conf != NULL && config_load(cfg, conf, err) != 0)
		return -1;
	/* Second pass: flags win over the file. */
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-d") == 0 || strcmp(a, "--data-dir") == 0 ||
		    strcmp(a, "-c") == 0 || strcmp(a, "--config") == 0) {
			if (i + 1 >= argc)
				goto missing;
			if (a[1] == 'd' || a[2] == 'd')
				config_set(cfg, "data_dir", argv[i + 1], err);
			i++;
		} else if (strcmp(a, "-l") == 0 || strcmp(a, "--listen") == 0) {
			if (i + 1 >= argc)
				goto missing;
			if (config_set(cfg, "listen", argv[++i], err) != 0)
				return -1;
		} else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			config_set(cfg, "log_level", "debug", err);
		} else if (strncmp(a, "--", 2) == 0 && (eq = strchr(a, '=')) != NULL &&
		    (size_t)(eq - a - 2) < sizeof(key)) {
			snprintf(key, sizeof(key), "%.*s", (int)(eq - a - 2), a + 2);
			for (char *p = key; *p; p++)
				if (*p == '-')
					*p = '_';
			if (config_set(cfg, key, eq + 1, err) != 0)
				return -1;
		} else {
			status_set(err, SK_INVALID_ARGUMENT, "unknown argument \"%s\"",
			    a);
			return -1;
		}
	}
	if (cfg->data_dir[0] == '\0') {
		status_set(err, SK_INVALID_ARGUMENT, "no data directory (-d DIR)");
		return -1;
	}
	config_finish(cfg);
	return 0;
missing:
	status_set(err, SK_INVALID_ARGUMENT, "%s needs a value", argv[i]);
	return -1;
}

/*
 * A data file of the deployment: the one in its data directory, or the one
 * shipped with skd for a data directory made before the file existed.
 */
static const char *
data_file(const char *path, const char *shipped, char *buf, size_t sz,
    struct sk_error *err)
{
	if (access(path, F_OK) == 0)
		return path;
	if (paths_data(shipped, buf, sz, err) != 0)
		return NULL;
	log_warn("no %s: using %s, shipped with skd", path, buf);
	return buf;
}

/* The deployment's content categories and sectors. */
static int
load_data(struct server *srv, const struct config *cfg, struct sk_error *err)
{
	char buf[PATH_MAX];
	const char *path;

	if ((path = data_file(cfg->categories_file, "phuc-tho-2024.categories", buf,
	         sizeof(buf), err)) == NULL ||
	    categories_load(&srv->categories, path, err) != 0)
		return err->code;
	if ((path = data_file(cfg->sectors_file, "phuc-tho-2024.sectors", buf,
	         sizeof(buf), err)) == NULL ||
	    sectors_load(&srv->sectors, path, err) != 0)
		return err->code;
	srv->terms.categories = &srv->categories;
	srv->terms.sectors = &srv->sectors;
	return 0;
}

/* The rules' durations and allowances, from the configuration. */
static void
terms_from(struct terms *t, const struct config *cfg)
{
	t->review_months = (int)cfg->review_months;
	t->correction_days = (int)cfg->correction_days;
	t->upload_days = (int)cfg->upload_days;
	t->unit_files_max = cfg->unit_files_max;
}

struct shutdown {
	struct server *srv;
	struct event *timer;
	int ticks;
};

static void
shutdown_tick(evutil_socket_t fd, short what, void *arg)
{
	struct shutdown *sd = arg;

	(void)fd;
	(void)what;
	if ((writer_idle(sd->srv->wr) && pool_idle(sd->srv->pool) &&
	        net_flushed(sd->srv)) ||
	    ++sd->ticks > SHUTDOWN_GRACE * 10) {
		if (sd->ticks > SHUTDOWN_GRACE * 10)
			log_warn("shutdown: gave up waiting for clients to read replies");
		event_base_loopexit(sd->srv->base, NULL);
	}
}

static void
signal_cb(evutil_socket_t sig, short what, void *arg)
{
	struct shutdown *sd = arg;
	struct timeval tick = { 0, 100000 };

	(void)what;
	if (sd->timer != NULL)
		return;
	log_info("signal %d: finishing in-flight writes, then stopping", (int)sig);
	net_quiesce(sd->srv);
	sd->timer = event_new(sd->srv->base, -1, EV_PERSIST, shutdown_tick, sd);
	if (sd->timer == NULL || event_add(sd->timer, &tick) != 0)
		event_base_loopexit(sd->srv->base, NULL);
}

/* The witness key, named after the log: "<log name>/witness". */
static int
witness_start(const struct config *cfg, struct sk_error *err)
{
	char name[192];

	snprintf(name, sizeof(name), "%s/witness", cfg->log_name);
	return witness_init(cfg->witness_key_file, name, err);
}

static int
serve(struct config *cfg)
{
	struct server srv = { .cfg = cfg };
	struct store_opts so = { cfg->map_size, cfg->map_max, false };
	struct shutdown sd = { .srv = &srv };
	const struct writer_hooks hooks = { tlog_batch_begin, tlog_batch_seal };
	struct event *sigint = NULL, *sigterm = NULL;
	struct sweep *sweep = NULL;
	struct sk_error err = { 0 };
	char db[PATH_MAX + 8];
	int rc = 1;

	terms_from(&srv.terms, cfg);
	metrics_start();
	log_set_level(cfg->log_level);
	signal(SIGPIPE, SIG_IGN);
	/* Past a file size limit a write fails with EFBIG, like a full disk,
	 * instead of the signal killing every client's server. */
	signal(SIGXFSZ, SIG_IGN);
	if (evthread_use_pthreads() != 0 || (srv.base = event_base_new()) == NULL) {
		log_error("cannot set up the event loop");
		return 1;
	}
	snprintf(db, sizeof(db), "%s/db", cfg->data_dir);
	if (access(cfg->log_key_file, F_OK) != 0)
		log_warn("no decision log key at %s: making one", cfg->log_key_file);
	if (store_open(&srv.st, db, &so, &err) != 0 || migrate(srv.st, &err) != 0 ||
	    pki_ca_load(&srv.ca, cfg->ca_file, cfg->ca_key_file, &err) != 0 ||
	    link_ensure(srv.ca, cfg->log_name, cfg->deployment, cfg->cert_days,
	        cfg->link_key_file, cfg->link_cert_file, &err) != 0 ||
	    load_data(&srv, cfg, &err) != 0 ||
	    tlog_init(cfg->log_key_file, cfg->log_name, true, &err) != 0 ||
	    witness_start(cfg, &err) != 0 ||
	    writer_start(&srv.wr, srv.st, srv.base, cfg->batch_max, &hooks, &err) != 0 ||
	    pool_start(&srv.pool, srv.base, cfg->read_threads, &err) != 0 ||
	    net_start(&srv, &err) != 0) {
		log_error("%s", err.msg);
		goto done;
	}
	if ((sweep = sweep_start(&srv)) == NULL)
		goto done;
	if (puller_start(&srv, &srv.puller, &err) != 0) {
		log_error("%s", err.msg);
		goto done;
	}
	sigint = evsignal_new(srv.base, SIGINT, signal_cb, &sd);
	sigterm = evsignal_new(srv.base, SIGTERM, signal_cb, &sd);
	if (sigint == NULL || sigterm == NULL || event_add(sigint, NULL) != 0 ||
	    event_add(sigterm, NULL) != 0) {
		log_error("cannot install signal handlers");
		goto done;
	}
	log_info("skd %s serving %s (%s), frame limit %u bytes", SK_VERSION,
	    cfg->data_dir, cfg->deployment, cfg->max_frame);
	log_info("decision log key: %s", tlog_vkey());
	event_base_dispatch(srv.base);
	log_info("stopped");
	rc = 0;
done:
	/* The puller takes no new work, the writer finishes what it queued
	 * (waking it), then it ends. */
	puller_stop(srv.puller);
	pool_stop(srv.pool); /* its last replies too */
	writer_stop(srv.wr); /* runs the last replies while connections exist */
	puller_join(srv.puller);
	sweep_free(sweep);
	net_free(&srv);
	if (sd.timer != NULL)
		event_free(sd.timer);
	if (sigint != NULL)
		event_free(sigint);
	if (sigterm != NULL)
		event_free(sigterm);
	pki_ca_free(srv.ca);
	categories_free(&srv.categories);
	sectors_free(&srv.sectors);
	store_close(srv.st);
	tlog_shutdown();
	witness_shutdown();
	event_base_free(srv.base);
	libevent_global_shutdown();
	return rc;
}

/* skd backup DEST [-d DIR]: a copy of the data directory, while it serves. */
static int
cmd_backup(int argc, char **argv)
{
	const char *dir = SK_STATE_DIR, *dest = NULL;
	struct sk_error err = { 0 };

	for (int i = 1; i < argc; i++) {
		if ((strcmp(argv[i], "-d") == 0 || strcmp(argv[i], "--data-dir") == 0) &&
		    i + 1 < argc)
			dir = argv[++i];
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] != '-' && dest == NULL)
			dest = argv[i];
		else {
			fprintf(stderr, "skd backup: unexpected \"%s\"\n", argv[i]);
			return 2;
		}
	}
	if (dest == NULL) {
		fprintf(stderr, "usage: skd backup DEST [-d DIR]\n");
		return 2;
	}
	if (backup_run(dir, dest, &err) != 0) {
		fprintf(stderr, "skd backup: %s\n", err.msg);
		return 1;
	}
	printf("backed up %s to %s (start a server on it: skd -d %s)\n", dir, dest, dest);
	return 0;
}

/* skd check DIR [--log-key KEY]: every log against its tree, its last
 * checkpoint and the records; 0 verified, 5 not, 1 unreadable. */
static int
cmd_check(int argc, char **argv)
{
	const char *dir = NULL, *key = NULL;
	struct sk_error err = { 0 };
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--log-key") == 0 && i + 1 < argc)
			key = argv[++i];
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] != '-' && dir == NULL)
			dir = argv[i];
		else {
			fprintf(stderr, "skd check: unexpected \"%s\"\n", argv[i]);
			return 2;
		}
	}
	if (dir == NULL) {
		fprintf(stderr, "usage: skd check DIR [--log-key KEY]\n");
		return 2;
	}
	if ((rc = check_run(dir, key, stdout, &err)) < 0) {
		fprintf(stderr, "skd check: %s\n", err.msg);
		return 1;
	}
	if (rc > 0) {
		printf("%s: NOT VERIFIED\n", dir);
		return 5;
	}
	printf("%s: verified\n", dir);
	return 0;
}

int
main(int argc, char **argv)
{
	struct config cfg;
	struct sk_error err = { 0 };

	if (argc >= 2 && strcmp(argv[1], "init") == 0)
		return cmd_init(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "backup") == 0)
		return cmd_backup(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		}
	config_defaults(&cfg);
	if (parse_args(argc, argv, &cfg, &err) != 0) {
		fprintf(stderr, "skd: %s\n", err.msg);
		usage(stderr);
		return 2;
	}
	return serve(&cfg);
}
