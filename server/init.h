/*
 * init: `skd init DIR` makes a new data directory.
 *
 *   DIR/ca.crt ca.key          the deployment CA (key 0600)
 *   DIR/server.crt server.key  the server's certificate
 *   DIR/admin.crt admin.key    the first administrator's certificate
 *   DIR/admin.conf             a client configuration for that administrator
 *   DIR/skd.conf               the server's configuration
 *   DIR/categories             the content categories (a copy to edit)
 *   DIR/sectors                sectors and their receiving offices (to edit)
 *   DIR/db/                    the LMDB environment with units and users
 */
#ifndef SK_INIT_H
#define SK_INIT_H

#include "status.h"

/* NULL fields take their defaults: the shipped 2024 units and categories,
 * the deployment named after the units' top unit, the log after its code. */
struct init_opts {
	const char *dir;
	const char *units_file;
	const char *categories_file;
	const char *sectors_file;
	const char *deployment;
	const char *hosts; /* names and addresses in the server certificate */
	const char *listen;
	const char *admin_login;
	const char *log_name; /* the decision log's key name */
};

int init_data_dir(const struct init_opts *o, struct sk_error *err);

#endif
