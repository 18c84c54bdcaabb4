/* The escalation queue pane: open escalations across all actions, highest
 * level and oldest first, a window at a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "form.h"
#include "qip/escalation.h"
#include "qip/person.h"
#include "qip/text.h"
#include "qip/vocab.h"

struct esc_row {
	int64_t id, action_id;
	char ref[QIP_REF_LEN];
	char *title, *who;
	int level, reason;
	qip_date raised_on;
};

static struct {
	struct esc_row *rows;
	int n;
	unsigned gen;
	int top, nrows;
	bool loaded;
} win;

static void clear_rows(void)
{
	for (int i = 0; i < win.n; i++) {
		free(win.rows[i].title);
		free(win.rows[i].who);
	}
	free(win.rows);
	win.rows = NULL;
	win.n = 0;
}

void tui_escalations_free(void)
{
	clear_rows();
	win.loaded = false;
}

static int add_row(void *arg, const struct qip_escalation *e)
{
	(void)arg;
	win.rows = qip_xrealloc(win.rows, (size_t)(win.n + 1) * sizeof *win.rows);
	struct esc_row *r = &win.rows[win.n++];
	*r = (struct esc_row){ .id = e->id, .action_id = e->action_id, .title = qip_strdup(e->title), .who = qip_strdup(e->assigned_to),
			       .level = e->level, .reason = e->reason, .raised_on = e->raised_on };
	snprintf(r->ref, sizeof r->ref, "%s", e->ref);
	return 0;
}

static void load_window(struct tui_app *a, int rows)
{
	bool changed = !win.loaded || win.gen != a->gen;
	if (changed)
		qip_escalation_count_open(a->db, &a->esc.count);
	if (a->esc.sel >= a->esc.count)
		a->esc.sel = a->esc.count > 0 ? (int)a->esc.count - 1 : 0;
	a->esc.top = tui_scroll_top(a->esc.top, a->esc.sel, rows, (int)a->esc.count);
	if (changed || win.top != a->esc.top || win.nrows != rows) {
		clear_rows();
		qip_escalation_list(a->db, 0, false, rows, a->esc.top, add_row, NULL);
		win.loaded = true;
		win.gen = a->gen;
		win.top = a->esc.top;
		win.nrows = rows;
	}
}

static const char *level_short(int level)
{
	switch (level) {
	case QIP_LEVEL_RM: return "1 RM";
	case QIP_LEVEL_NI: return "2 NI";
	case QIP_LEVEL_BOARD: return "3 Board";
	default: return "?";
	}
}

void tui_escalations_draw(struct tui_app *a, const struct tui_rect *r, bool focused)
{
	int rows = tui_pane_rows(r);
	load_window(a, rows);
	char title[100];
	snprintf(title, sizeof title, " Escalations: %lld open", (long long)a->esc.count);
	draw_pane_title(r->y, r->x, r->w, title, a->esc.top, win.n, a->esc.count,
			draw_style(focused ? ST_TITLE_FOCUS : ST_TITLE));
	struct tui_escalation_cols c;
	tui_escalation_columns(r->w, &c);
	attr_t h = draw_style(ST_HEAD);
	int hy = r->y + 1;
	draw_fill(hy, r->x, r->w, h);
	draw_text(hy, r->x + c.level_x, c.level_w, "Level", h);
	draw_text(hy, r->x + c.reason_x, c.reason_w, "Reason", h);
	draw_text(hy, r->x + c.ref_x, c.ref_w, "Action", h);
	draw_text(hy, r->x + c.title_x, c.title_w, "Title", h);
	draw_text(hy, r->x + c.who_x, c.who_w, "Assigned to", h);
	draw_text_right(hy, r->x + c.age_x, c.age_w, "Age", h);
	if (win.n == 0 && rows > 0) {
		draw_text(r->y + 2, r->x + 2, r->w - 2, "No open escalations.", A_NORMAL);
		if (focused)
			tui_cursor(a, r->y + 2, r->x);
		return;
	}
	qip_date today = qip_db_today(a->db);
	for (int i = 0; i < win.n; i++) {
		const struct esc_row *e = &win.rows[i];
		int y = r->y + 2 + i;
		char age[16];
		snprintf(age, sizeof age, "%dd", e->raised_on == QIP_NO_DATE ? 0 : today - e->raised_on);
		attr_t st = e->level >= QIP_LEVEL_BOARD ? A_BOLD : A_NORMAL;
		draw_text(y, r->x + c.level_x, c.level_w, level_short(e->level), st);
		draw_text(y, r->x + c.reason_x, c.reason_w, qip_vocab_name(&qip_vocab_esc_reason, e->reason), st);
		draw_text(y, r->x + c.ref_x, c.ref_w, e->ref, st);
		draw_text(y, r->x + c.title_x, c.title_w, e->title, st);
		draw_text(y, r->x + c.who_x, c.who_w, *e->who ? e->who : "(nobody)", st);
		draw_text_right(y, r->x + c.age_x, c.age_w, age, st);
		if (a->esc.top + i == a->esc.sel) {
			draw_restyle(y, r->x, r->w, st | draw_style(focused ? ST_SELECTED : ST_SELECTED_DIM));
			if (focused)
				tui_cursor(a, y, r->x);
		}
	}
}

/* ---- resolving and raising -------------------------------------------- */

struct esc_op {
	int64_t id;
	const char *decision, *assign, *note;
};

static int do_resolve(struct tui_app *a, void *arg)
{
	struct esc_op *op = arg;
	return qip_escalation_resolve(a->db, op->id, op->decision);
}

static int check_raise(struct tui_app *a, struct tui_form *f, int i, char *msg, size_t n)
{
	const char *t = tui_form_text(f, i);
	if (i == 0 && *t) {
		int64_t id;
		if (qip_person_find_active(a->db, t, &id) != QIP_OK) {
			snprintf(msg, n, "%s", qip_db_error(a->db));
			return QIP_EINVAL;
		}
	}
	return QIP_OK;
}

static int save_raise(struct tui_app *a, void *arg)
{
	struct tui_form *f = arg;
	struct esc_op *op = f->arg;
	return qip_escalation_raise_level(a->db, op->id, tui_form_text(f, 0), tui_form_text(f, 1));
}

static int check_resolve(struct tui_app *a, struct tui_form *f, int i, char *msg, size_t n)
{
	(void)a;
	const char *t = tui_form_text(f, i);
	if (qip_text_length(t) > 2000 || !qip_text_is_clean(t, false)) {
		snprintf(msg, n, "decision must be under 2000 characters, with no control characters");
		return QIP_EINVAL;
	}
	return QIP_OK;
}

static int save_resolve(struct tui_app *a, void *arg)
{
	struct tui_form *f = arg;
	struct esc_op *op = f->arg;
	op->decision = tui_form_text(f, 0);
	return do_resolve(a, op);
}

/* The form that moves an escalation up a level, offering the new level's
 * person; true when saved. */
static bool raise_form(struct tui_app *a, const struct esc_row *e)
{
	if (e->level >= QIP_LEVEL_BOARD) {
		tui_error(a, "Already at the provider board, the highest level");
		return false;
	}
	struct esc_op op = { .id = e->id };
	char title[200];
	struct tui_field fields[] = {
		{ .label = "Assign to", .kind = FK_PERSON, .hint = "empty: the level's usual person, else the current one" },
		{ .label = "Note", .hint = "why it goes higher" },
	};
	/* The next level's person, not the one who had it (nobody in that
	 * role: empty, which keeps the current one). */
	char *who = tui_level_assignee(a, e->action_id, e->level + 1);
	tui_edit_set(&fields[0].ed, who);
	free(who);
	snprintf(title, sizeof title, " Raise the escalation on %s to level %d (%s)", e->ref, e->level + 1,
		 qip_level_label(e->level + 1));
	struct tui_form f = { .title = title, .fields = fields, .n = 2, .check = check_raise,
			      .save = save_raise, .arg = &op };
	tui_form_info(&f, "%s: %s", e->ref, e->title);
	tui_form_info(&f, "Now level %d (%s) for: %s. Assigned to %s.", e->level, qip_level_label(e->level),
		      qip_vocab_label(&qip_vocab_esc_reason, e->reason), *e->who ? e->who : "nobody");
	bool saved = tui_form_run(a, &f);
	if (saved) {
		/* It moves up the queue: keep the selection on it. */
		int64_t pos;
		if (qip_escalation_position(a->db, e->id, &pos) == QIP_OK && pos >= 0)
			a->esc.sel = (int)pos;
		tui_say(a, "Escalation on %s raised to level %d", e->ref, e->level + 1);
	}
	tui_form_free(&f);
	return saved;
}

static int first_open(void *arg, const struct qip_escalation *e)
{
	struct esc_row *r = arg;
	*r = (struct esc_row){ .id = e->id, .action_id = e->action_id, .title = qip_strdup(e->title),
			       .who = qip_strdup(e->assigned_to), .level = e->level, .reason = e->reason,
			       .raised_on = e->raised_on };
	snprintf(r->ref, sizeof r->ref, "%s", e->ref);
	return 1;
}

bool tui_escalation_raise_on(struct tui_app *a, int64_t action_id)
{
	struct esc_row e = { 0 };
	if (qip_escalation_list(a->db, action_id, false, 1, 0, first_open, &e) != QIP_OK || !e.id) {
		tui_error(a, "%s", qip_db_error(a->db));
		return false;
	}
	bool raised = false;
	if (e.level >= QIP_LEVEL_BOARD)
		tui_error(a, "%s already has an open escalation at the provider board: resolve it before raising another", e.ref);
	else {
		char q[300];
		snprintf(q, sizeof q, "%s is already escalated (level %d): raise it to level %d? (y/n)",
			 e.ref, e.level, e.level + 1);
		if (tui_confirm(a, q))
			raised = raise_form(a, &e);
		else
			tui_say(a, "Not escalated: %s keeps its one open escalation", e.ref);
	}
	free(e.title);
	free(e.who);
	return raised;
}

enum tui_nav tui_escalations_cmd(struct tui_app *a, enum tui_cmd cmd)
{
	int page = win.nrows > 1 ? win.nrows - 1 : 1;
	if (tui_list_move(cmd, &a->esc.sel, a->esc.count, page))
		return NAV_STAY;
	int i = a->esc.sel - win.top;
	if (i < 0 || i >= win.n) {
		tui_error(a, "No escalation selected");
		return NAV_STAY;
	}
	struct esc_row e = win.rows[i];
	struct esc_op op = { .id = e.id };
	char title[200];
	switch (cmd) {
	case CMD_OPEN:
		return tui_detail_run(a, e.ref);
	case CMD_RESOLVE: {
		struct tui_field fields[] = {
			{ .label = "Decision", .required = true,
			  .hint = "what was decided and what happens next" },
		};
		snprintf(title, sizeof title, " Resolve the escalation on %s (level %d)", e.ref, e.level);
		struct tui_form f = { .title = title, .fields = fields, .n = 1, .check = check_resolve,
				      .save = save_resolve, .arg = &op };
		tui_form_info(&f, "%s: %s", e.ref, e.title);
		tui_form_info(&f, "Raised for: %s. Assigned to %s.", qip_vocab_label(&qip_vocab_esc_reason, e.reason),
			      *e.who ? e.who : "nobody");
		if (tui_form_run(a, &f))
			tui_say(a, "Escalation on %s resolved", e.ref);
		tui_form_free(&f);
		return NAV_STAY;
	}
	case CMD_RAISE_LEVEL:
		raise_form(a, &e);
		return NAV_STAY;
	default:
		return NAV_STAY;
	}
}
