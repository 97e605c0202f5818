/*
 * tool_acked: pipelined creates against skd until the connection dies,
 * printing the id of every create the server acknowledged (flushed at
 * once), so that a crash trial can check none of them was lost.
 *
 *   tool_acked CONF SERVER DEPTH TAG
 *
 * Exit status 0 when the connection ended (as it does when skd is
 * killed), 1 when it could not connect.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "tclient.h"

int
main(int argc, char **argv)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__InitiativeCreateRequest cr = SK__V1__INITIATIVE_CREATE_REQUEST__INIT;
	Sk__V1__Initiative in = SK__V1__INITIATIVE__INIT;
	Sk__V1__Author au = SK__V1__AUTHOR__INIT, *aup = &au;
	struct skc_config cfg;
	struct sk_error err = { 0 };
	Sk__V1__Response *r;
	struct skc *s;
	uint64_t next = 1, inflight = 0;
	int depth;

	if (argc != 5 || (depth = atoi(argv[3])) < 1) {
		fprintf(stderr, "usage: tool_acked CONF SERVER DEPTH TAG\n");
		return 2;
	}
	if (tclient_load(&cfg, argv[1], argv[2]) != 0 ||
	    (s = tclient_connect(&cfg, "tool_acked")) == NULL)
		return 1;
	au.name = "Người thử nghiệm";
	au.share = 10000;
	in.title = argv[4];
	in.category = 3;
	in.first_applied = "2026-01-15";
	in.n_authors = 1;
	in.authors = &aup;
	cr.initiative = &in;
	call_wrap(&req, &cr.base);
	for (;;) {
		while (inflight < (uint64_t)depth) {
			req.id = next++;
			if (skc_send(s, &req, &err) != 0)
				goto done;
			inflight++;
		}
		if (skc_recv(s, &r, &err) != 0)
			goto done;
		inflight--;
		if (tclient_code(r) == 0 &&
		    r->result_case == SK__V1__RESPONSE__RESULT_INITIATIVE &&
		    r->initiative->initiative != NULL) {
			printf("%" PRIu64 "\n", r->initiative->initiative->id);
			fflush(stdout);
		}
		sk__v1__response__free_unpacked(r, NULL);
	}
done:
	skc_close(s);
	return 0;
}
