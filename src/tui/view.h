/* A scrollable document of lines: the detail screen, the help screen and
 * a single evidence entry are all documents. The builder runs again when
 * the data changes, so another user's edit shows while one reads. */
#ifndef QIP_TUI_VIEW_H
#define QIP_TUI_VIEW_H

#include "loop.h"

struct tui_doc {
	char **text;
	attr_t *attr;
	int n, cap;
	int width;           /* wrap width the builder should use */
};

void tui_doc_add(struct tui_doc *d, attr_t attr, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Adds text word-wrapped to the document width, each line indented. */
void tui_doc_wrap(struct tui_doc *d, attr_t attr, int indent, const char *text);
/* "Label: value", wrapped under the value. */
void tui_doc_field(struct tui_doc *d, const char *label, const char *value);
void tui_doc_clear(struct tui_doc *d);

/* Words for people who are not programmers, used wherever a slug or a
 * timestamp reaches the screen. */

/* A slug as words: "registered-manager" -> "Registered manager",
 * "premises-and-fire-safety" -> "Premises and fire safety". Malloc'd. */
char *tui_words(const char *slug);

/* Dates and timestamps: qip_date_text and qip_when_text (qip/date.h),
 * the one British form every screen uses. */

struct tui_view {
	unsigned ctx;                          /* C_DETAIL, C_ENTRY or C_HELP */
	char title[200];
	void (*build)(struct tui_app *a, struct tui_view *v, struct tui_doc *d);
	/* Commands other than scrolling and leaving; returns NAV_STAY to
	 * carry on, anything else to leave the view. */
	enum tui_nav (*cmd)(struct tui_app *a, struct tui_view *v, enum tui_cmd cmd);
	void *arg;
};

enum tui_nav tui_view_run(struct tui_app *a, struct tui_view *v);

#endif
