/* The ? screen, generated from the key table for the screen it was opened
 * from, with the legend of markers, flags and colours. */
#include "help.h"

#include <stdio.h>

#include "draw.h"
#include "qip/rules.h"
#include "view.h"

struct help_arg {
	unsigned ctx;
};

static void key_line(void *arg, const char *keys, const char *help)
{
	struct tui_doc *d = arg;
	tui_doc_add(d, A_NORMAL, "  %-16s %s", keys, help);
}

static void section(struct tui_doc *d, unsigned ctx)
{
	tui_doc_add(d, A_BOLD, "%s", tui_ctx_name(ctx));
	tui_keymap_help(ctx, key_line, d);
	tui_doc_add(d, A_NORMAL, "%s", "");
}

static void build(struct tui_app *a, struct tui_view *v, struct tui_doc *d)
{
	(void)a;
	const struct help_arg *h = v->arg;
	section(d, h->ctx);
	if (h->ctx & C_MAIN) {
		tui_doc_add(d, A_BOLD, "Markers and colours");
		tui_doc_add(d, A_NORMAL, "  !  overdue (red in colour)");
		tui_doc_add(d, A_NORMAL, "  ?  unowned: no owner, or the owner has left (magenta in colour)");
		tui_doc_add(d, A_NORMAL, "  The selected row is in reverse video; the cursor sits on it.");
		tui_doc_add(d, A_NORMAL, "%s", "");
		tui_doc_add(d, A_BOLD, "Flag letters");
		for (int i = 0; i < QIP_FLAG_COUNT; i++)
			tui_doc_add(d, A_NORMAL, "  %c  %-16s %s", qip_flag_letter(i), qip_flag_name(i), qip_flag_text(i));
		tui_doc_add(d, A_NORMAL, "%s", "");
	}
	tui_doc_add(d, A_BOLD, "Status line");
	tui_doc_wrap(d, A_NORMAL, 2, "READ-ONLY when the file cannot be written; the open actions that are "
		     "overdue, unowned and escalated, and the audits missed (overdue by their template's frequency); your login (\"viewer\" when you are not a person in it "
		     "and cannot change anything); the date rules are judged on; and last the database.");
	tui_doc_wrap(d, A_NORMAL, 2, "Other people's changes appear within two seconds without a key press.");
	tui_doc_add(d, A_NORMAL, "%s", "");
	/* Forms and pickers have no ? of their own (? is text there; F1
	 * opens this screen from them). */
	if (h->ctx != C_FORM)
		section(d, C_FORM);
	if (h->ctx != C_PICKER)
		section(d, C_PICKER);
}

enum tui_nav tui_help_run(struct tui_app *a, unsigned ctx)
{
	struct help_arg h = { ctx };
	struct tui_view v = { .ctx = C_HELP, .build = build, .arg = &h };
	snprintf(v.title, sizeof v.title, "Help: %s (q to go back)", tui_ctx_name(ctx));
	return tui_view_run(a, &v);
}
