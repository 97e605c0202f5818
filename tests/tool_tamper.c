/*
 * tool_tamper: what a dishonest operator could do to a stopped server's
 * data directory, so that tests can show the decision log catches it.
 *
 *   tool_tamper DIR UNIT_ID alter-entry SEQ     change one byte of an entry
 *   tool_tamper DIR UNIT_ID drop-last-entry     delete the newest entry
 *   tool_tamper DIR UNIT_ID alter-node LEVEL I  change a stored tree hash
 *   tool_tamper DIR UNIT_ID alter-record ID     edit an initiative, unlogged
 *   tool_tamper DIR UNIT_ID drop-index ID       remove it from the indexes
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "store.h"
#include "store_impl.h"
#include "tlog.h"

static int
put(struct store_txn *t, const struct scope *sc, enum store_obj o, const uint8_t *sub,
    size_t sublen)
{
	const void *data;
	uint8_t buf[65536];
	size_t len;

	if (store_raw_get(t, sc, o, sub, sublen, &data, &len) != 0 || len == 0 ||
	    len > sizeof(buf))
		return -1;
	memcpy(buf, data, len);
	buf[len / 2] ^= 0x01; /* one bit, in the middle */
	return store_raw_put(t, sc, o, sub, sublen, buf, len);
}

int
main(int argc, char **argv)
{
	struct store_opts so = { (size_t)64 << 20, (size_t)1 << 30, false };
	struct sk_error err = { 0 };
	struct store *st = NULL;
	struct store_txn t;
	struct scope sc = { 0 };
	uint8_t sub[9];
	uint64_t size;
	char db[4096];
	int rc = -1;

	if (argc < 4) {
		fprintf(stderr,
		    "usage: tool_tamper DIR UNIT_ID alter-entry SEQ | "
		    "drop-last-entry | alter-node LEVEL INDEX | alter-record ID | "
		    "drop-index ID\n");
		return 2;
	}
	sc.tenant = (uint32_t)atoi(argv[2]);
	snprintf(db, sizeof(db), "%s/db", argv[1]);
	if (store_open(&st, db, &so, &err) != 0 || store_write_begin(st, NULL, &t) != 0) {
		fprintf(stderr, "tool_tamper: %s\n", err.msg);
		store_close(st);
		return 1;
	}
	if (strcmp(argv[3], "alter-entry") == 0 && argc == 5) {
		store_be64(sub, strtoull(argv[4], NULL, 10));
		rc = put(&t, &sc, STORE_LOG_ENTRY, sub, 8);
	} else if (strcmp(argv[3], "drop-last-entry") == 0 &&
	    tlog_size(&t, &sc, &size) == 0 && size > 0) {
		store_be64(sub, size - 1);
		rc = store_obj_del_prefix(&t, &sc, STORE_LOG_ENTRY, sub, 8);
	} else if (strcmp(argv[3], "alter-record") == 0 && argc == 5) {
		InitiativeRec *r = NULL;

		/* The title edited behind the log's back: one letter added. */
		if (store_initiative_get(&t, &sc, strtoull(argv[4], NULL, 10), &r) == 0 &&
		    rec_set_str(&r->title, "x") == 0)
			rc = store_initiative_put(&t, &sc, r);
		store_rec_free(r);
	} else if (strcmp(argv[3], "drop-index") == 0 && argc == 5) {
		rc = store_index_drop(&t, &sc, strtoull(argv[4], NULL, 10));
	} else if (strcmp(argv[3], "alter-node") == 0 && argc == 6) {
		sub[0] = (uint8_t)atoi(argv[4]);
		store_be64(sub + 1, strtoull(argv[5], NULL, 10));
		rc = put(&t, &sc, STORE_LOG_NODE, sub, 9);
	}
	if (rc != 0 || store_commit(&t, &err) != 0) {
		if (rc != 0)
			store_abort(&t);
		fprintf(stderr, "tool_tamper: nothing changed\n");
		store_close(st);
		return 1;
	}
	store_close(st);
	return 0;
}
