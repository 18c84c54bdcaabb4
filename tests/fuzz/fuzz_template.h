/* The fuzz entry point, shared by the libFuzzer target and the corpus replay. */
#ifndef QIP_FUZZ_TEMPLATE_H
#define QIP_FUZZ_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

/* Loads data as a template (scoring it when valid) and as a framework.
 * Returns the template's result code (0 when valid). Aborts if an
 * invariant breaks, so that the fuzzer reports it. */
int qip_fuzz_template(const uint8_t *data, size_t size);

#endif
