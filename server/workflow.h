/*
 * workflow: the states an initiative goes through and what each allows.
 *
 * This first table only knows drafting; the review flow (submit, accept,
 * return, council, decision) adds rows here, never checks in handlers.
 */
#ifndef SK_WORKFLOW_H
#define SK_WORKFLOW_H

#include <stdbool.h>
#include <stdint.h>

/* The state a new initiative starts in. */
uint32_t workflow_initial(void);

/* May its authors still edit the content in this state? */
bool workflow_editable(uint32_t state);

#endif
