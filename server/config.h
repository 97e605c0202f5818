/*
 * config: skd's settings, from a file of "key = value" lines and flags.
 *
 * `skd -d DIR` reads DIR/skd.conf when it exists; `-c FILE` names another
 * file; flags given on the command line win over both.
 */
#ifndef SK_CONFIG_H
#define SK_CONFIG_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct config {
	char data_dir[PATH_MAX];
	char listen[256];         /* host:port; port 0 picks a free one */
	char port_file[PATH_MAX]; /* write the bound port here (tests) */
	char ca_file[PATH_MAX];
	char ca_key_file[PATH_MAX];
	char cert_file[PATH_MAX];
	char key_file[PATH_MAX];
	char deployment[128];           /* shown to clients, e.g. "Huyện Phúc Thọ" */
	char log_name[128];             /* decision log key name and origin prefix */
	char log_key_file[PATH_MAX];    /* its Ed25519 signing key */
	char categories_file[PATH_MAX]; /* the content categories (DIR/categories) */
	char sectors_file[PATH_MAX];    /* sectors and their offices (DIR/sectors) */
	char link_cert_file[PATH_MAX];  /* how skd connects to linked servers */
	char link_key_file[PATH_MAX];
	char witness_key_file[PATH_MAX]; /* cosigns the logs it pulls from */
	char address[256];  /* host:port linked servers dial (default: listen's) */
	uint32_t max_frame; /* bytes of one request */
	uint32_t max_conns;
	uint32_t max_inflight;    /* queued writes per connection */
	uint32_t read_threads;    /* serving reads beside the event loop */
	uint32_t idle_timeout;    /* seconds without a request */
	uint32_t batch_max;       /* ops in one commit */
	uint32_t cert_days;       /* validity of issued user certificates */
	uint32_t review_months;   /* a council answers within this (3) */
	uint32_t correction_days; /* a returned dossier comes back within this */
	uint32_t upload_days;     /* an unfinished upload is dropped after this */
	uint32_t pull_every;      /* seconds between pulls from linked servers */
	size_t unit_files_max;    /* bytes of files one unit may hold */
	size_t map_size;          /* initial LMDB map */
	size_t map_max;           /* the map never grows past this */
	int log_level;
};

void config_defaults(struct config *c);

/* Fill the paths that default to the data directory. */
void config_finish(struct config *c);

/* Apply one "key = value" setting (also used for --key=value flags). */
int config_set(struct config *c, const char *key, const char *value,
    struct sk_error *err);

/* Read a configuration file; lines are "key = value", '#' starts a comment. */
int config_load(struct config *c, const char *path, struct sk_error *err);

#endif
