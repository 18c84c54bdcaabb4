/* The Audits screen, one list in four parts: unfinished (Enter resumes),
 * due and overdue (Enter starts that audit), past runs (Enter shows
 * the result and its proposals) and trends (a sparkline of scores per
 * template and service, marked when the core sees an early warning).
 * Unfinished runs come first: after a dropped link, resuming is what
 * the auditor came for. Starting elsewhere: a picks a template, then a service. */
#include "audits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_entry.h"
#include "audit_result.h"
#include "draw.h"
#include "prompt.h"
#include "qip/audit.h"
#include "qip/date.h"
#include "qip/service.h"
#include "qip/text.h"

enum row_kind { ROW_HEAD, ROW_NONE, ROW_DUE, ROW_DRAFT, ROW_PAST, ROW_TREND };

struct tui_audit_row {
	enum row_kind kind;
	char *text;                 /* heading, due words, or the run's title */
	char *template_key, *service;
	int64_t run_id;
	qip_date day;
	bool overdue, warn, passed, scored;
	double percent;
	char band[8];
	int answered;
	char *spark;                /* trend: the sparkline and the warning */
};

static void clear_rows(struct tui_audits *s)
{
	for (int i = 0; i < s->n; i++) {
		free(s->rows[i].text);
		free(s->rows[i].template_key);
		free(s->rows[i].service);
		free(s->rows[i].spark);
	}
	free(s->rows);
	s->rows = NULL;
	s->n = 0;
}

static struct tui_audit_row *add(struct tui_audits *s, enum row_kind kind, const char *text)
{
	s->rows = qip_xrealloc(s->rows, (size_t)(s->n + 1) * sizeof *s->rows);
	struct tui_audit_row *r = &s->rows[s->n++];
	*r = (struct tui_audit_row){ .kind = kind, .text = qip_strdup(text) };
	return r;
}

static int add_due(void *arg, const struct qip_audit_due_row *d)
{
	struct tui_audits *s = arg;
	char day[QIP_DATE_TEXT_LEN];
	char *text = d->overdue ? qip_printf("%s: due %s", d->words, qip_date_text(d->due, day))
				: qip_printf("%s: due today", d->words);
	struct tui_audit_row *r = add(s, ROW_DUE, text);
	free(text);
	r->template_key = qip_strdup(d->template_key);
	r->service = qip_strdup(d->service);
	r->overdue = d->overdue;
	r->day = d->due;
	return 0;
}

struct runs {
	struct tui_audits *s;
	bool complete;
	int count;
};

static int add_run(void *arg, const struct qip_audit_run_row *x)
{
	struct runs *rs = arg;
	if (x->complete != rs->complete)
		return 0;
	rs->count++;
	char *text = qip_printf("%s at %s", x->template_title, x->service);
	struct tui_audit_row *r = add(rs->s, x->complete ? ROW_PAST : ROW_DRAFT, text);
	free(text);
	r->run_id = x->id;
	r->template_key = qip_strdup(x->template_key);
	r->service = qip_strdup(x->service);
	r->day = x->run_on;
	r->passed = x->passed;
	r->scored = x->scored;
	r->percent = x->percent;
	snprintf(r->band, sizeof r->band, "%s", qip_band_name(x->band));
	r->answered = x->answered;
	return 0;
}

/* Eight heights, lowest to highest: 0-12% is the lowest bar. */
static const char *const bars[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };

static void add_trend(struct tui_app *a, struct tui_audits *s, const char *key, const char *title, const char *service)
{
	int64_t sid;
	struct qip_audit_trend_point *p = NULL;
	int n = 0;
	unsigned flags = 0;
	if (qip_service_find(a->db, service, &sid) != QIP_OK || qip_audit_trend(a->db, key, sid, &p, &n, &flags) != QIP_OK ||
	    n == 0) {
		free(p);
		return;
	}
	char *text = qip_printf("%s at %s", title, service);
	struct tui_audit_row *r = add(s, ROW_TREND, text);
	free(text);
	r->template_key = qip_strdup(key);
	r->service = qip_strdup(service);
	r->warn = flags != 0;
	char line[256] = "";
	size_t o = 0;
	int first = n > 8 ? n - 8 : 0;   /* the last eight runs */
	for (int i = first; i < n && o + 8 < sizeof line; i++) {
		int h = (int)(p[i].percent * 8 / 100.0001);
		h = h < 0 ? 0 : h > 7 ? 7 : h;
		o += (size_t)snprintf(line + o, sizeof line - o, "%s", bars[h]);
	}
	char last[64];
	snprintf(last, sizeof last, " %.0f%%", p[n - 1].percent);
	r->spark = qip_printf("%s%s%s%s%s", line, last, flags ? "  warning:" : "",
			      flags & QIP_TREND_FALLING ? " falling 3 times" : "",
			      flags & QIP_TREND_BELOW_TWICE ? (flags & QIP_TREND_FALLING ? ", below target twice" : " below target twice") : "");
	free(p);
}

static void load(struct tui_app *a, struct tui_audits *s)
{
	if (s->loaded && s->gen == a->gen)
		return;
	clear_rows(s);
	add(s, ROW_HEAD, "Unfinished (Enter resumes at the next unanswered question)");
	struct runs rs = { s, false, 0 };
	qip_audit_list(a->db, 0, NULL, add_run, &rs);
	if (!rs.count)
		add(s, ROW_NONE, "None.");
	add(s, ROW_HEAD, "Due and overdue (Enter starts one; a starts any)");
	int before = s->n;
	if (qip_audit_due(a->db, 0, true, add_due, s) != QIP_OK)
		tui_error(a, "Cannot read the schedule: %s", qip_db_error(a->db));
	if (s->n == before)
		add(s, ROW_NONE, "Nothing due today.");
	add(s, ROW_HEAD, "Past runs, newest first (Enter shows the result and its proposals)");
	struct runs past_runs = { s, true, 0 };
	int past = s->n;
	qip_audit_list(a->db, 0, NULL, add_run, &past_runs);
	if (!past_runs.count)
		add(s, ROW_NONE, "None yet.");
	add(s, ROW_HEAD, "Trends: scores over time, oldest first (! early warning)");
	int end = s->n, trends = 0;
	/* One trend per template and service that has past runs. */
	for (int i = past; i < end; i++) {
		if (s->rows[i].kind != ROW_PAST)
			continue;
		bool seen = false;
		for (int j = past; j < i && !seen; j++)
			seen = s->rows[j].kind == ROW_PAST && !strcmp(s->rows[j].template_key, s->rows[i].template_key) &&
			       !strcmp(s->rows[j].service, s->rows[i].service);
		if (seen)
			continue;
		char *title = qip_strdup(s->rows[i].text);
		char *at = strstr(title, " at ");
		if (at)
			*at = '\0';
		char *key = qip_strdup(s->rows[i].template_key), *service = qip_strdup(s->rows[i].service);
		add_trend(a, s, key, title, service);   /* may move s->rows */
		free(title);
		free(key);
		free(service);
		trends++;
	}
	if (!trends)
		add(s, ROW_NONE, "None yet.");
	s->pos.count = s->n;
	s->loaded = true;
	s->gen = a->gen;
}

static bool selectable(const struct tui_audit_row *r)
{
	return r->kind != ROW_HEAD && r->kind != ROW_NONE;
}

static void audits_draw(struct tui_app *a, struct tui_screen *sc)
{
	struct tui_audits *s = (struct tui_audits *)sc;
	const struct tui_rect *b = &a->lay.body;
	tui_clear_body(a);
	load(a, s);
	int rows = b->h - 1;
	s->rows_visible = rows;
	if (s->pos.sel >= s->n)
		s->pos.sel = s->n - 1;
	while (s->pos.sel < s->n - 1 && !selectable(&s->rows[s->pos.sel]))
		s->pos.sel++;
	s->pos.top = tui_scroll_top(s->pos.top, s->pos.sel, rows, s->n);
	/* The heading above the selection shows when it fits. */
	if (s->pos.top > 0 && s->pos.top == s->pos.sel && s->rows[s->pos.top - 1].kind == ROW_HEAD)
		s->pos.top--;
	draw_pane_title(b->y, 0, b->w, " Audits", s->pos.top, rows, s->n, draw_style(ST_TITLE_FOCUS));
	int dw = 12, tw = b->w - 2 - dw - 24;
	for (int i = 0; i < rows && s->pos.top + i < s->n; i++) {
		const struct tui_audit_row *r = &s->rows[s->pos.top + i];
		int y = b->y + 1 + i;
		char day[QIP_DATE_TEXT_LEN], buf[160];
		attr_t st = A_NORMAL;
		switch (r->kind) {
		case ROW_HEAD:
			draw_fill(y, 0, b->w, draw_style(ST_HEAD));
			draw_text(y, 1, b->w - 1, r->text, draw_style(ST_HEAD));
			break;
		case ROW_NONE:
			draw_text(y, 2, b->w - 2, r->text, A_NORMAL);
			break;
		case ROW_DUE:
			st = r->overdue ? draw_style(ST_OVERDUE) : A_NORMAL;
			draw_fill(y, 0, b->w, st);
			draw_text(y, 0, 1, r->overdue ? "!" : "", st);
			draw_text(y, 2, b->w - 2, r->text, st);
			break;
		case ROW_DRAFT:
			draw_text(y, 2, dw, qip_date_text(r->day, day), st);
			draw_text(y, 2 + dw, tw, r->text, st);
			snprintf(buf, sizeof buf, "%d answer%s", r->answered, r->answered == 1 ? "" : "s");
			draw_text(y, 2 + dw + tw + 1, 23, buf, st);
			break;
		case ROW_PAST:
			st = r->passed ? A_NORMAL : draw_style(ST_OVERDUE);
			draw_fill(y, 0, b->w, st);
			draw_text(y, 0, 1, r->passed ? "" : "!", st);
			draw_text(y, 2, dw, qip_date_text(r->day, day), st);
			draw_text(y, 2 + dw, tw, r->text, st);
			if (r->scored)
				snprintf(buf, sizeof buf, "%5.0f%% %s %s", r->percent, r->passed ? "pass" : "FAIL", r->band);
			else
				snprintf(buf, sizeof buf, "    - %s", r->passed ? "pass" : "FAIL");
			draw_text(y, 2 + dw + tw + 1, 23, buf, st);
			break;
		case ROW_TREND: {
			st = r->warn ? draw_style(ST_OVERDUE) : A_NORMAL;
			/* The name gives way first: the sparkline and its warning matter more. */
			int w = b->w - 2 - 42 > 24 ? b->w - 2 - 42 : 24;
			draw_fill(y, 0, b->w, st);
			draw_text(y, 0, 1, r->warn ? "!" : "", st);
			draw_text(y, 2, w, r->text, st);
			draw_text(y, 2 + w + 1, b->w - w - 3, r->spark, st);
			break;
		}
		}
		if (s->pos.top + i == s->pos.sel && selectable(r)) {
			draw_restyle(y, 0, b->w, st | draw_style(ST_SELECTED));
			tui_cursor(a, y, 0);
		}
	}
}

struct start_op {
	struct qip_audit_start in;
	int64_t run;
};

static int do_start(struct tui_app *a, void *arg)
{
	struct start_op *x = arg;
	return qip_audit_start(a->db, &x->in, &x->run);
}

static enum tui_nav start(struct tui_app *a, const char *key, const char *service)
{
	struct start_op x = { .in = { .template_key = key, .service = service } };
	if (tui_write(a, do_start, &x) != QIP_OK) {
		tui_error(a, "Not started: %s", qip_db_error(a->db));
		return NAV_STAY;
	}
	tui_changed(a);
	return tui_audit_entry_run(a, x.run);
}

/* a: a template, then a service, both picked from lists. */
static enum tui_nav start_picked(struct tui_app *a)
{
	struct qip_template_info *t = NULL;
	int n = 0;
	if (qip_template_list(a->db, false, &t, &n) != QIP_OK) {
		tui_error(a, "Cannot list the templates: %s", qip_db_error(a->db));
		return NAV_STAY;
	}
	if (n == 0) {
		tui_error(a, "No audit template: import one with qip template import FILE");
		return NAV_STAY;
	}
	const char **labels = qip_xcalloc((size_t)n, sizeof *labels);
	for (int i = 0; i < n; i++)
		labels[i] = t[i].title;
	int i = tui_pick(a, "Which audit?", labels, n, 0);
	free(labels);
	enum tui_nav nav = NAV_STAY;
	if (i >= 0) {
		char *title = qip_printf("%s at which service?", t[i].title);
		char *service = tui_pick_service(a, title);
		free(title);
		if (service)
			nav = start(a, t[i].key, service);
		free(service);
	}
	qip_template_info_free(t, n);
	return nav;
}

static enum tui_nav open_row(struct tui_app *a, const struct tui_audit_row *r)
{
	char *key = qip_strdup(r->template_key), *service = qip_strdup(r->service);
	enum tui_nav nav = NAV_STAY;
	switch (r->kind) {
	case ROW_DUE:
		nav = start(a, key, service);
		break;
	case ROW_DRAFT:
		nav = tui_audit_entry_run(a, r->run_id);
		break;
	case ROW_PAST:
		nav = tui_audit_result_run(a, r->run_id);
		break;
	default:
		tui_say(a, "Enter on a due audit starts it, on an unfinished one resumes it");
		break;
	}
	free(key);
	free(service);
	return nav;
}

static enum tui_result audits_key(struct tui_app *a, struct tui_screen *sc, int key)
{
	struct tui_audits *s = (struct tui_audits *)sc;
	enum tui_cmd cmd = tui_keymap_lookup(C_AUDITS, key);
	int page = s->rows_visible > 1 ? s->rows_visible - 1 : 1;
	if (tui_list_move(cmd, &s->pos.sel, s->pos.count, page)) {
		/* Headings are passed over in the direction of the move; at
		 * either end, the other way (g lands on the first row). */
		int dir = cmd == CMD_UP || cmd == CMD_PGUP || cmd == CMD_HOME ? -1 : 1;
		for (int turn = 0; turn < 2; turn++, dir = -dir) {
			int i = s->pos.sel;
			while (i >= 0 && i < s->n && !selectable(&s->rows[i]))
				i += dir;
			if (i >= 0 && i < s->n) {
				s->pos.sel = i;
				break;
			}
		}
		return TUI_STAY;
	}
	enum tui_nav nav = NAV_STAY;
	switch (cmd) {
	case CMD_BACK:
		return TUI_DONE;
	case CMD_GO_AUDITS:
		return TUI_STAY;
	case CMD_GO_ACTIONS: case CMD_GO_EVIDENCE: case CMD_GO_ESCALATIONS:
		a->focus = cmd == CMD_GO_ACTIONS ? PANE_ACTIONS : cmd == CMD_GO_EVIDENCE ? PANE_EVIDENCE : PANE_ESCALATIONS;
		sc->nav = NAV_MAIN;
		return TUI_DONE;
	case CMD_GO_PEOPLE:
		sc->nav = NAV_PEOPLE;
		return TUI_DONE;
	case CMD_OPEN:
		if (s->pos.sel >= 0 && s->pos.sel < s->n)
			nav = open_row(a, &s->rows[s->pos.sel]);
		break;
	case CMD_ADD:
		if (tui_may(a, C_AUDITS, cmd))
			nav = start_picked(a);
		break;
	default: {
		char label[32];
		tui_error(a, "%s does nothing here; ? lists the keys", tui_key_label(key, label, sizeof label));
		return TUI_STAY;
	}
	}
	/* From an audit or a result: the menu keys leave for another place;
	 * back comes here. */
	if (nav == NAV_MAIN || nav == NAV_PEOPLE || nav == NAV_QUIT) {
		sc->nav = nav;
		return TUI_DONE;
	}
	return TUI_STAY;
}

static const struct tui_screen_ops audits_ops = {
	.name = "audits", .draw = audits_draw, .key = audits_key, .home = NAV_AUDITS,
};

enum tui_nav tui_audits_run(struct tui_app *a, struct tui_audits *s)
{
	s->screen = (struct tui_screen){ .ops = &audits_ops, .ctx = C_AUDITS };
	s->loaded = false;
	enum tui_nav nav = tui_run(a, &s->screen);
	clear_rows(s);
	return nav;
}

void tui_audits_free(struct tui_audits *s)
{
	clear_rows(s);
}
