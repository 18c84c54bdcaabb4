/* The escalation queue pane: open escalations across all actions, highest
 * level and oldest first, a window at a time. */
#include "escalations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detail.h"
#include "draw.h"
#include "escalate.h"
#include "form.h"
#include "qip/escalation.h"
#include "qip/person.h"
#include "qip/text.h"
#include "qip/vocab.h"

static void clear_rows(struct tui_escalations *q)
{
	for (int i = 0; i < q->n; i++) {
		free(q->rows[i].title);
		free(q->rows[i].who);
	}
	free(q->rows);
	q->rows = NULL;
	q->n = 0;
}

void tui_escalations_free(struct tui_escalations *q)
{
	clear_rows(q);
	q->loaded = false;
}

static int add_row(void *arg, const struct qip_escalation *e)
{
	struct tui_escalations *q = arg;
	q->rows = qip_xrealloc(q->rows, (size_t)(q->n + 1) * sizeof *q->rows);
	struct tui_esc_row *r = &q->rows[q->n++];
	*r = (struct tui_esc_row){ .id = e->id, .action_id = e->action_id, .title = qip_strdup(e->title), .who = qip_strdup(e->assigned_to),
			       .level = e->level, .reason = e->reason, .raised_on = e->raised_on };
	snprintf(r->ref, sizeof r->ref, "%s", e->ref);
	return 0;
}

static void load_window(struct tui_app *a, struct tui_escalations *q, int rows)
{
	bool changed = !q->loaded || q->gen != a->gen;
	if (a->select_escalation) {
		/* One just raised moves up the queue: keep the selection on it. */
		int64_t pos;
		if (qip_escalation_position(a->db, a->select_escalation, &pos) == QIP_OK && pos >= 0)
			q->pos.sel = (int)pos;
		a->select_escalation = 0;
	}
	if (changed)
		qip_escalation_count_open(a->db, &q->pos.count);
	if (q->pos.sel >= q->pos.count)
		q->pos.sel = q->pos.count > 0 ? (int)q->pos.count - 1 : 0;
	q->pos.top = tui_scroll_top(q->pos.top, q->pos.sel, rows, (int)q->pos.count);
	if (changed || q->top != q->pos.top || q->nrows != rows) {
		clear_rows(q);
		qip_escalation_list(a->db, 0, false, rows, q->pos.top, add_row, q);
		q->loaded = true;
		q->gen = a->gen;
		q->top = q->pos.top;
		q->nrows = rows;
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

void tui_escalations_draw(struct tui_app *a, struct tui_escalations *q, const struct tui_rect *r, bool focused)
{
	int rows = tui_pane_rows(r);
	load_window(a, q, rows);
	char title[100];
	snprintf(title, sizeof title, " Escalations: %lld open", (long long)q->pos.count);
	draw_pane_title(r->y, r->x, r->w, title, q->pos.top, q->n, q->pos.count,
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
	if (q->n == 0 && rows > 0) {
		draw_text(r->y + 2, r->x + 2, r->w - 2, "No open escalations.", A_NORMAL);
		if (focused)
			tui_cursor(a, r->y + 2, r->x);
		return;
	}
	qip_date today = qip_db_today(a->db);
	for (int i = 0; i < q->n; i++) {
		const struct tui_esc_row *e = &q->rows[i];
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
		if (q->pos.top + i == q->pos.sel) {
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

enum tui_nav tui_escalations_cmd(struct tui_app *a, struct tui_escalations *q, enum tui_cmd cmd)
{
	int page = q->nrows > 1 ? q->nrows - 1 : 1;
	if (tui_list_move(cmd, &q->pos.sel, q->pos.count, page))
		return NAV_STAY;
	int i = q->pos.sel - q->top;
	if (i < 0 || i >= q->n) {
		tui_error(a, "No escalation selected");
		return NAV_STAY;
	}
	struct tui_esc_row e = q->rows[i];
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
		tui_escalation_raise_form(a, &e);
		return NAV_STAY;
	default:
		return NAV_STAY;
	}
}
