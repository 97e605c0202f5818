/* unit_tlog: the writer signs only checkpoints that extend its own. */
#include <openssl/evp.h>

#include "t.h"
#include "tdomain.h"

#include "note.h"
#include "pki.h"

/* Replace unit's stored checkpoint with note, outside any seal. */
static void
put_checkpoint(struct tdomain *d, uint32_t unit, const char *note)
{
	struct scope sc = { .tenant = unit };
	struct sk_error err = { 0, "" };
	struct store_txn t;

	T_EQ_INT(store_write_begin(d->ts.st, NULL, &t), 0);
	T_EQ_INT(store_log_checkpoint_put(&t, &sc, note), 0);
	T_EQ_INT(store_commit(&t, &err), 0);
}

static char *
get_checkpoint(struct tdomain *d, uint32_t unit)
{
	struct scope sc = { .tenant = unit };
	struct store_txn t;
	char *note = NULL;

	T_EQ_INT(store_read_begin(d->ts.st, &t), 0);
	T_EQ_INT(store_log_checkpoint_get(&t, &sc, &note), 0);
	store_read_end(&t);
	return note;
}

/*
 * The writer remembers the checkpoints it signed, so as not to verify
 * them again each batch; a stored one it did not sign (the same body
 * under another key) must still be refused, and signing resume once ours
 * is back.
 */
static void
t_foreign_checkpoint(void)
{
	struct tdomain d;
	char *ours, *body, *foreign;
	EVP_PKEY *other;
	const char *sig;

	td_open(&d);
	T_CHECK(td_create(&d, "an.hm", "Sổ tay một cửa điện tử", NULL) != 0);
	T_CHECK(td_create(&d, "an.hm", "Phần mềm quản lý hộ tịch", NULL) != 0);
	ours = get_checkpoint(&d, TD_HM);
	if (ours == NULL || (sig = strstr(ours, "\n\n")) == NULL) {
		T_CHECK(!"a signed checkpoint");
		free(ours);
		td_close(&d);
		return;
	}
	body = strndup(ours, (size_t)(sig - ours) + 1);
	other = pki_key_new();
	foreign = note_sign(body, "sk-test", other);
	T_CHECK(foreign != NULL);
	put_checkpoint(&d, TD_HM, foreign);
	T_EQ_INT(td_create(&d, "an.hm", "Ứng dụng tra cứu thủ tục", NULL), 0);
	put_checkpoint(&d, TD_HM, ours);
	T_CHECK(td_create(&d, "an.hm", "Ứng dụng tra cứu thủ tục", NULL) != 0);
	free(foreign);
	EVP_PKEY_free(other);
	free(body);
	free(ours);
	td_close(&d);
}

/* A checkpoint of ours from before (smaller) is extended, not refused. */
static void
t_older_checkpoint(void)
{
	struct tdomain d;
	char *first;

	td_open(&d);
	T_CHECK(td_create(&d, "an.hm", "Sổ tay một cửa điện tử", NULL) != 0);
	first = get_checkpoint(&d, TD_HM);
	T_CHECK(td_create(&d, "an.hm", "Phần mềm quản lý hộ tịch", NULL) != 0);
	put_checkpoint(&d, TD_HM, first);
	T_CHECK(td_create(&d, "an.hm", "Ứng dụng tra cứu thủ tục", NULL) != 0);
	free(first);
	td_close(&d);
}

static const struct t_case cases[] = {
	{ "foreign_checkpoint", t_foreign_checkpoint },
	{ "older_checkpoint", t_older_checkpoint },
};

T_MAIN(cases)
