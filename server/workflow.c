#include "workflow.h"

#include <stddef.h>

#include "sk.pb-c.h"

static const struct {
	uint32_t state;
	bool editable;
} workflow_states[] = {
	{ SK__V1__STATE__STATE_REGISTERED, true },
	{ SK__V1__STATE__STATE_DRAFT, true },
	{ SK__V1__STATE__STATE_SUBMITTED, false },
	{ SK__V1__STATE__STATE_RETURNED, true },
	{ SK__V1__STATE__STATE_ACCEPTED, false },
	{ SK__V1__STATE__STATE_IN_REVIEW, false },
	{ SK__V1__STATE__STATE_RECOGNISED, false },
	{ SK__V1__STATE__STATE_NOT_RECOGNISED, false },
	{ SK__V1__STATE__STATE_WITHDRAWN, false },
	{ SK__V1__STATE__STATE_REFUSED, false },
};

#define NSTATES (sizeof(workflow_states) / sizeof(workflow_states[0]))

uint32_t
workflow_initial(void)
{
	return SK__V1__STATE__STATE_DRAFT;
}

bool
workflow_editable(uint32_t state)
{
	for (size_t i = 0; i < NSTATES; i++)
		if (workflow_states[i].state == state)
			return workflow_states[i].editable;
	return false;
}
