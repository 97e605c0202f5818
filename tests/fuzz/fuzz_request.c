/* fuzz_request: a frame's bytes as skd decodes and checks them before any
 * handler runs: the frame header, the Request message, and an initiative's
 * content through the field rules. */
#include "frame.h"
#include "fuzz.h"
#include "sk.pb-c.h"
#include "store.pb-c.h"
#include "validate.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Sk__V1__Request *req;
	Sk__Store__V1__InitiativeRec *r;
	struct sk_error err;
	uint32_t len;

	(void)frame_check(data, size, FRAME_DEFAULT_MAX, &len);
	if ((req = sk__v1__request__unpack(NULL, size, data)) != NULL)
		sk__v1__request__free_unpacked(req, NULL);
	if ((r = sk__store__v1__initiative_rec__unpack(NULL, size, data)) != NULL) {
		(void)validate_initiative(r, 20000, &err);
		sk__store__v1__initiative_rec__free_unpacked(r, NULL);
	}
	return 0;
}
