/* The fuzz entry point of qip import plan, shared by the libFuzzer target
 * and the corpus replay. */
#ifndef QIP_FUZZ_PLAN_H
#define QIP_FUZZ_PLAN_H

#include <stddef.h>
#include <stdint.h>

/* Imports data as a CSV plan, as a dry run with --create-people, into a
 * scratch database made on the first call. Returns the import's result
 * code (0 when every row was good). Aborts if an invariant breaks: a dry
 * run that stored an action, a refusal with no problem said or a success
 * with one, a line said that is not valid UTF-8. */
int qip_fuzz_plan(const uint8_t *data, size_t size);

#endif
