/*
 * unit_trust: the files sk audit keeps its trusted checkpoints in: none at
 * first, what was saved comes back, one file per log, a folder made when
 * missing, and failures reported.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "t.h"
#include "trust.h"

static char dir[64];

static void
default_dir(void)
{
	char buf[1024], want[1024];

	setenv("SK_AUDIT_STATE", "/elsewhere/st", 1);
	trust_dir(buf, sizeof(buf));
	T_EQ_STR(buf, "/elsewhere/st");
	unsetenv("SK_AUDIT_STATE");
	setenv("HOME", "/home/kiem", 1);
	trust_dir(buf, sizeof(buf));
	T_EQ_STR(buf, "/home/kiem/.local/state/sk-audit");
	unsetenv("HOME");
	trust_dir(buf, sizeof(buf));
	snprintf(want, sizeof(want), "./.local/state/sk-audit");
	T_EQ_STR(buf, want);
}

static void
save_and_load(void)
{
	char st[128], note[64], path[256];
	struct sk_error err = { 0 };
	struct stat sb;

	snprintf(st, sizeof(st), "%s/st", dir);
	T_EQ_INT(trust_load(st, "sk.x/xa-hat-mon", note, sizeof(note)), 0);
	T_EQ_INT(trust_save(st, "sk.x/xa-hat-mon", "note one\n", &err), 0);
	T_CHECK(stat(st, &sb) == 0 && (sb.st_mode & 0777) == 0700);
	snprintf(path, sizeof(path), "%s/sk.x_xa-hat-mon.checkpoint", st);
	T_EQ_INT(access(path, R_OK), 0);
	T_EQ_INT(trust_load(st, "sk.x/xa-hat-mon", note, sizeof(note)), 1);
	T_EQ_STR(note, "note one\n");
	/* Replaced whole; another log is another file. */
	T_EQ_INT(trust_save(st, "sk.x/xa-hat-mon", "note two\n", &err), 0);
	T_EQ_INT(trust_load(st, "sk.x/xa-hat-mon", note, sizeof(note)), 1);
	T_EQ_STR(note, "note two\n");
	T_EQ_INT(trust_load(st, "sk.x/xa-sen-phuong", note, sizeof(note)), 0);
	T_EQ_INT(trust_save(st, "sk x/xa sen", "three\n", &err), 0);
	snprintf(path, sizeof(path), "%s/sk_x_xa_sen.checkpoint", st);
	T_EQ_INT(access(path, R_OK), 0);
	/* Cut to the buffer. */
	T_EQ_INT(trust_load(st, "sk.x/xa-hat-mon", note, 5), 1);
	T_EQ_STR(note, "note");
}

static void
failures(void)
{
	char st[128], path[256], note[64];
	struct sk_error err = { 0 };
	FILE *fp;

	/* A folder where the file should be cannot be read. */
	snprintf(st, sizeof(st), "%s/bad", dir);
	mkdir(st, 0700);
	snprintf(path, sizeof(path), "%s/sk.x_u.checkpoint", st);
	mkdir(path, 0700);
	T_EQ_INT(trust_load(st, "sk.x/u", note, sizeof(note)), -1);
	/* A file where the folder should be cannot be written. */
	snprintf(path, sizeof(path), "%s/file", dir);
	if ((fp = fopen(path, "w")) != NULL)
		fclose(fp);
	T_EQ_INT(trust_save(path, "sk.x/u", "n\n", &err), -1);
	T_CONTAINS(err.msg, "file/sk.x_u.checkpoint: ");
}

static const struct t_case cases[] = {
	{ "the folder: SK_AUDIT_STATE, else under HOME", default_dir },
	{ "none at first, then what was saved, one file per log", save_and_load },
	{ "unreadable and unwritable places fail", failures },
};

int
main(void)
{
	char cmd[128];
	int rc;

	snprintf(dir, sizeof(dir), "/tmp/unit_trust.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	rc = t_run(cases, sizeof(cases) / sizeof(cases[0]));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
