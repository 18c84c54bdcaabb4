/* The Audits screen: audits due and overdue at each service, unfinished
 * runs to resume, past runs with their score, result and band, and a
 * trend line per template and service with its early warnings. */
#ifndef QIP_TUI_AUDITS_H
#define QIP_TUI_AUDITS_H

#include <stdbool.h>
#include <stdint.h>

#include "loop.h"

struct tui_audit_row;

/* Kept from one visit to the next: the selection. */
struct tui_audits {
	struct tui_screen screen;
	struct tui_list_pos pos;
	struct tui_audit_row *rows;
	int n;
	unsigned gen;
	bool loaded;
	int rows_visible;
};

enum tui_nav tui_audits_run(struct tui_app *a, struct tui_audits *s);
void tui_audits_free(struct tui_audits *s);

#endif
