/*
 * test_kick: disabling a user closes their open connections at once.
 *
 *   test_kick PORT CA ADMIN_CERT ADMIN_KEY OUTDIR
 *
 * The administrator enrols a user through the client library, the user
 * connects and stays connected, the administrator disables them: the
 * open connection gets UNAUTHENTICATED and is closed, and a new one is
 * refused.
 */
#include <stdio.h>
#include <stdlib.h>

#include "skc.h"
#include "t.h"

static struct skc_config adm, usr;
static const char *outdir;

static int
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

static void
test_kick(void)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__UserCreateRequest uc = SK__V1__USER_CREATE_REQUEST__INIT;
	Sk__V1__UserDisableRequest ud = SK__V1__USER_DISABLE_REQUEST__INIT;
	Sk__V1__Response *r = NULL;
	struct sk_error err = { 0 };
	struct skc *a = NULL, *u = NULL, *u2 = NULL;
	char crt[4096], key[4096];

	T_EQ_INT(skc_connect(&adm, &a, &err), 0);
	if (a == NULL)
		return;
	uc.login = "kick.me";
	uc.name = "Người Bị Khóa";
	uc.unit_code = "xa-tam-hiep";
	uc.roles = SK__V1__ROLE__ROLE_AUTHOR;
	req.call_case = SK__V1__REQUEST__CALL_USER_CREATE;
	req.user_create = &uc;
	T_EQ_INT(skc_call(a, &req, &r, &err), 0);
	if (r == NULL)
		goto done;
	snprintf(crt, sizeof(crt), "%s/kick.me.crt", outdir);
	snprintf(key, sizeof(key), "%s/kick.me.key", outdir);
	T_EQ_INT(write_file(crt, r->user_create->cert_pem), 0);
	T_EQ_INT(write_file(key, r->user_create->key_pem), 0);
	T_CHECK(r->user_create->ca_pem[0] != '\0');
	T_EQ_INT(r->user_create->user->enabled, 1);
	sk__v1__response__free_unpacked(r, NULL);
	r = NULL;
	skc_config_set(&usr, "cert", crt, NULL, &err);
	skc_config_set(&usr, "key", key, NULL, &err);
	/* key files must be private */
	T_EQ_INT(system("chmod 600 \"$KICK_KEY\"") == -1, 0);

	T_EQ_INT(skc_connect(&usr, &u, &err), 0);
	if (u == NULL) {
		fprintf(stderr, "user connect: %s\n", err.msg);
		goto done;
	}
	T_EQ_STR(skc_hello(u)->login, "kick.me");
	T_EQ_STR(skc_hello(u)->unit->name, "Xã Tam Hiệp");

	req.call_case = SK__V1__REQUEST__CALL_USER_DISABLE;
	ud.login = "kick.me";
	req.user_disable = &ud;
	T_EQ_INT(skc_call(a, &req, &r, &err), 0);
	if (r != NULL) {
		T_EQ_INT(r->user->user->enabled, 0);
		sk__v1__response__free_unpacked(r, NULL);
		r = NULL;
	}
	/* The open connection hears why, then is closed. */
	T_EQ_INT(skc_recv(u, &r, &err), 0);
	if (r != NULL) {
		T_EQ_INT(r->id, 0);
		T_EQ_INT(r->status ? (int)r->status->code : 0, SK_UNAUTHENTICATED);
		T_CONTAINS(r->status ? r->status->message : NULL, "disabled");
		sk__v1__response__free_unpacked(r, NULL);
		r = NULL;
	}
	T_EQ_INT(skc_recv(u, &r, &err), SK_UNAVAILABLE);
	/* A new connection is refused. */
	T_EQ_INT(skc_connect(&usr, &u2, &err), SK_UNAUTHENTICATED);
	T_CONTAINS(err.msg, "disabled");
done:
	skc_close(u2);
	skc_close(u);
	skc_close(a);
}

static const struct t_case cases[] = {
	{ "disable closes open connections", test_kick },
};

int
main(int argc, char **argv)
{
	struct sk_error err = { 0 };
	char server[64], key[4096];

	if (argc != 6) {
		fprintf(stderr, "usage: test_kick PORT CA ADMIN_CERT ADMIN_KEY OUTDIR\n");
		return 2;
	}
	outdir = argv[5];
	snprintf(key, sizeof(key), "%s/kick.me.key", outdir);
	setenv("KICK_KEY", key, 1);
	snprintf(server, sizeof(server), "127.0.0.1:%s", argv[1]);
	skc_config_defaults(&adm);
	skc_config_set(&adm, "server", server, NULL, &err);
	skc_config_set(&adm, "ca", argv[2], NULL, &err);
	usr = adm;
	skc_config_set(&adm, "cert", argv[3], NULL, &err);
	skc_config_set(&adm, "key", argv[4], NULL, &err);
	adm.timeout_ms = usr.timeout_ms = 10000;
	return t_run(cases, sizeof(cases) / sizeof(cases[0]));
}
