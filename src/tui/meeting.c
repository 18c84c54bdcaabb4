/* The governance meeting screen: one agenda item at a time, as a room reads
 * it on a projector (labels bold, nothing coloured that is not also bold or
 * reversed, only what the decision needs), and one key per decision. Each
 * decision is a small form whose save is qip_meeting_decide: the core
 * records it against the meeting and the action in one transaction, and a
 * refusal (the closure check's reasons) shows in the form with what was
 * typed kept. */
#include "meeting.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detail.h"
#include "draw.h"
#include "form.h"
#include "prompt.h"
#include "qip/audit.h"
#include "qip/meeting.h"
#include "qip/person.h"
#include "qip/text.h"
#include "qip/vocab.h"

struct tui_meeting {
	struct tui_screen screen;
	int64_t id;
	struct qip_meeting m;
	struct qip_agenda ag;
	int sel;                 /* the item shown; nitems: the audits page */
	int64_t sel_action;      /* kept across reloads */
	unsigned gen;
	bool loaded;
};

static int items_of(const struct tui_meeting *s)
{
	return s->ag.nitems + (s->ag.naudits > 0);
}

static void load(struct tui_app *a, struct tui_meeting *s)
{
	if (s->loaded && s->gen == a->gen)
		return;
	qip_meeting_clear(&s->m);
	qip_agenda_clear(&s->ag);
	if (qip_meeting_get(a->db, s->id, &s->m) != QIP_OK || qip_meeting_agenda(a->db, s->id, &s->ag) != QIP_OK)
		tui_error(a, "%s", qip_db_error(a->db));
	s->loaded = true;
	s->gen = a->gen;
	for (int i = 0; s->sel_action && i < s->ag.nitems; i++)
		if (s->ag.items[i].action.id == s->sel_action)
			s->sel = i;
	if (s->sel >= items_of(s))
		s->sel = items_of(s) > 0 ? items_of(s) - 1 : 0;
}

/* ---- drawing ------------------------------------------------------------ */

struct wrap_at {
	int y, x, w, left;
	attr_t attr;
};

static void wrap_line(void *arg, const char *s, int len)
{
	struct wrap_at *p = arg;
	if (p->left <= 0)
		return;
	char *piece = qip_printf("%.*s", len, s);
	draw_text(p->y++, p->x, p->w, piece, p->attr);
	free(piece);
	p->left--;
}

/* Untrusted text word-wrapped in at most max lines from y; the lines used. */
static int put_wrapped(int y, int x, int w, int max, const char *text, attr_t attr)
{
	char *esc = qip_text_escape(text ? text : "");
	struct wrap_at p = { y, x, w, max, attr };
	draw_wrap(esc, w, wrap_line, &p);
	free(esc);
	return p.y - y;
}

/* "Label     value", the value wrapped under itself; the lines used. */
static int field(int y, int w, const char *label, const char *value, int max)
{
	draw_text(y, 1, 10, label, draw_style(ST_LABEL));
	int used = put_wrapped(y, 12, w - 13, max, *value ? value : "(none)", A_NORMAL);
	return used > 0 ? used : 1;
}

static void readings_text(const struct qip_agenda_item *it, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < it->nreadings; i++) {
		char v[QIP_NUMBER_LEN], d[QIP_DATE_TEXT_LEN];
		int k = snprintf(buf + used, n - used, "%s%s%s%s on %s", i ? ", " : "",
				 qip_number_format(it->readings[i].value, v), *it->action.unit ? " " : "",
				 it->action.unit, qip_date_text(it->readings[i].on, d));
		if (k < 0 || (size_t)k >= n - used)
			break;
		used += (size_t)k;
	}
}

static void draw_item(struct tui_app *a, const struct qip_agenda_item *it, int y, int bottom, int w)
{
	(void)a;
	char why[120], head[200];
	qip_agenda_reasons_format(it->reasons, why, sizeof why);
	snprintf(head, sizeof head, " %s   On the agenda: %s", it->action.ref, *why ? why : "decided here");
	draw_fill(y, 0, w, draw_style(ST_HEAD));
	draw_text(y, 0, w, head, draw_style(ST_HEAD));
	y++;
	y += put_wrapped(y, 1, w - 2, 2, it->action.title, A_BOLD);
	if (it->decided) {
		char *d = qip_printf("Decided in this meeting: %s", it->decided);
		draw_text(y++, 1, w - 2, d, draw_style(ST_OK) | A_REVERSE);
		free(d);
	}
	y++;
	char due[QIP_DATE_TEXT_LEN], line[300], target[QIP_NUMBER_LEN], readings[240], cats[120];
	snprintf(line, sizeof line, "%s%s    Due %s", *it->action.owner ? it->action.owner : "NOBODY (unowned)",
		 *it->action.owner && !it->action.owner_active ? " (LEFT: unowned)" : "",
		 it->action.due == QIP_NO_DATE ? "(none)" : qip_date_text(it->action.due, due));
	y += field(y, w, "Owner", line, 1);
	if (y < bottom)
		y += field(y, w, "Baseline", it->action.baseline, 2);
	if (y < bottom)
		y += field(y, w, "Outcome", it->action.outcome, 2);
	if (it->action.has_target)
		snprintf(line, sizeof line, "%s%s%s", qip_number_format(it->action.target, target),
			 *it->action.unit ? " " : "", it->action.unit);
	else
		snprintf(line, sizeof line, "(none)");
	if (y < bottom)
		y += field(y, w, "Target", line, 1);
	readings_text(it, readings, sizeof readings);
	if (y < bottom)
		y += field(y, w, "Latest", readings, 1);
	qip_vocab_mask_text(&qip_vocab_category, it->action.category_mask, cats, sizeof cats);
	if (y < bottom)
		y += field(y, w, "Evidence", cats, 1);
	if (y < bottom)
		y++;
	if (y < bottom)
		draw_text(y++, 1, w - 2, *it->closure ? "Closure check: cannot close yet" : "Closure check: may close",
			  draw_style(ST_LABEL));
	/* The core's reasons, one a line, as many as fit. */
	const char *p = it->closure;
	while (*p && y < bottom) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);
		char *one = qip_printf("- %.*s", len, p);
		y += put_wrapped(y, 3, w - 4, bottom - y, one, A_NORMAL);
		free(one);
		p = nl ? nl + 1 : p + len;
	}
}

static void draw_audits(const struct qip_agenda *ag, int y, int bottom, int w)
{
	char since[QIP_DATE_TEXT_LEN], head[160];
	if (ag->since == QIP_NO_DATE)
		snprintf(head, sizeof head, " Audits up to this meeting (no earlier meeting of this kind)");
	else
		snprintf(head, sizeof head, " Audits since the last meeting of this kind, %s", qip_date_text(ag->since, since));
	draw_fill(y, 0, w, draw_style(ST_HEAD));
	draw_text(y++, 0, w, head, draw_style(ST_HEAD));
	y++;
	for (int i = 0; i < ag->naudits && y < bottom; i++) {
		const struct qip_agenda_audit *au = &ag->audits[i];
		char on[QIP_DATE_TEXT_LEN], pc[QIP_NUMBER_LEN], prev[QIP_NUMBER_LEN];
		char *line = qip_printf("%s  %s at %s: %s%% %s%s%s%s%s", qip_date_text(au->run_on, on), au->template_title,
					au->service, au->scored ? qip_number_format(au->percent, pc) : "-",
					au->passed ? "passed" : "FAILED",
					au->has_previous ? ", before " : "",
					au->has_previous ? qip_number_format(au->previous, prev) : "",
					au->trend & QIP_TREND_FALLING ? "; FALLING three times" : "",
					au->trend & QIP_TREND_BELOW_TWICE ? "; BELOW TARGET twice" : "");
		y += put_wrapped(y, 1, w - 2, bottom - y, line, au->passed && !au->trend ? A_NORMAL : A_BOLD);
		free(line);
	}
}

static void meeting_draw(struct tui_app *a, struct tui_screen *sc)
{
	struct tui_meeting *s = (struct tui_meeting *)sc;
	load(a, s);
	const struct tui_rect *b = &a->lay.body;
	tui_clear_body(a);
	char title[300];
	int n = items_of(s);
	snprintf(title, sizeof title, " %s%s   item %d of %d", s->m.title ? s->m.title : "",
		 s->m.ended_at ? " (ended)" : "", n ? s->sel + 1 : 0, n);
	draw_text(b->y, 0, b->w, title, draw_style(ST_TITLE_FOCUS));
	int bottom = b->y + b->h;
	if (n == 0)
		draw_text(b->y + 2, 1, b->w - 2, "Nothing on the agenda for this date.", A_BOLD);
	else if (s->sel < s->ag.nitems)
		draw_item(a, &s->ag.items[s->sel], b->y + 1, bottom, b->w);
	else
		draw_audits(&s->ag, b->y + 1, bottom, b->w);
	tui_cursor(a, b->y, 0);
}

/* ---- decisions ---------------------------------------------------------- */

/* What a decision's form needs of its item, copied: the agenda may be
 * read again under the form (another user's change) and its items freed. */
struct decide_form {
	struct qip_decision_request r;
	int fields[4];            /* what each form field is */
	char ref[QIP_REF_LEN];
	char *baseline, *outcome, target[QIP_NUMBER_LEN];
};
enum { F_NOTE, F_REVIEWER, F_DUE, F_BASELINE, F_OUTCOME, F_TARGET, F_NONE };

static const char *changed(const struct tui_form *f, int i, const char *was)
{
	const char *t = tui_form_text(f, i);
	return strcmp(t, was ? was : "") ? t : NULL;
}

static int save_decision(struct tui_app *a, void *arg)
{
	struct tui_form *f = arg;
	struct decide_form *d = f->arg;
	for (int i = 0; i < f->n; i++)
		switch (d->fields[i]) {
		case F_NOTE: d->r.note = tui_form_text(f, i); break;
		case F_REVIEWER: d->r.reviewer = tui_form_text(f, i); break;
		case F_DUE: d->r.due = tui_form_text(f, i); break;
		case F_BASELINE: d->r.baseline = changed(f, i, d->baseline); break;
		case F_OUTCOME: d->r.outcome = changed(f, i, d->outcome); break;
		case F_TARGET: d->r.target = changed(f, i, d->target); break;
		default: break;
		}
	return qip_meeting_decide(a->db, &d->r);
}

static void decide(struct tui_app *a, struct tui_meeting *s, int decision)
{
	const struct qip_agenda_item *it = &s->ag.items[s->sel];
	/* The agenda is read again after the decision, maybe in another
	 * order (an extension moves the due date): follow the next item's id. */
	int64_t next = s->sel + 1 < s->ag.nitems ? s->ag.items[s->sel + 1].action.id : 0;
	struct decide_form d = { .r = { .decision = decision, .meeting_id = s->id },
				 .baseline = qip_strdup(it->action.baseline), .outcome = qip_strdup(it->action.outcome) };
	snprintf(d.ref, sizeof d.ref, "%s", it->action.ref);
	d.r.ref = d.ref;
	if (it->action.has_target)
		qip_number_format(it->action.target, d.target);
	struct tui_field fields[4] = { 0 };
	int n = 0;
	const char *note_hint = "optional: for the minutes (Enter records the decision)";
	switch (decision) {
	case QIP_MD_CLOSE:
		fields[n] = (struct tui_field){ .label = "Confirmed by", .kind = FK_PERSON,
						.hint = "a registered manager, quality lead or nominated individual, not the owner" };
		d.fields[n++] = F_REVIEWER;
		break;
	case QIP_MD_EXTEND:
		fields[n] = (struct tui_field){ .label = "New due date", .required = true, .hint = "YYYY-MM-DD, or +4w, +2m" };
		d.fields[n++] = F_DUE;
		note_hint = "required: why it is extended, for the minutes";
		break;
	case QIP_MD_REFRAME:
		fields[n] = (struct tui_field){ .label = "Baseline", .hint = "the issue as measured now" };
		d.fields[n++] = F_BASELINE;
		fields[n] = (struct tui_field){ .label = "Outcome", .hint = "what will be better for people" };
		d.fields[n++] = F_OUTCOME;
		fields[n] = (struct tui_field){ .label = "Target", .hint = "the measure: a number (95 for 95 %)" };
		d.fields[n++] = F_TARGET;
		break;
	default:
		break;
	}
	fields[n] = (struct tui_field){ .label = "Note", .required = decision == QIP_MD_EXTEND, .hint = note_hint };
	d.fields[n++] = F_NOTE;
	for (int i = 0; i < n; i++) {
		if (d.fields[i] == F_BASELINE)
			tui_edit_set(&fields[i].ed, d.baseline);
		else if (d.fields[i] == F_OUTCOME)
			tui_edit_set(&fields[i].ed, d.outcome);
		else if (d.fields[i] == F_TARGET)
			tui_edit_set(&fields[i].ed, d.target);
		else if (d.fields[i] == F_REVIEWER && s->m.chair)
			tui_edit_set(&fields[i].ed, s->m.chair);
	}
	static const char *const verbs[] = { "Close", "Extend", "Escalate", "Keep open", "Reframe" };
	char title[160];
	snprintf(title, sizeof title, " %s %s", verbs[decision], d.ref);
	struct tui_form f = { .title = title, .fields = fields, .n = n, .save = save_decision, .arg = &d };
	tui_form_info(&f, "%s", it->action.title);
	it = NULL;
	if (decision == QIP_MD_ESCALATE)
		tui_form_info(&f, "Its open escalation goes up a level; otherwise one is raised at level %d.",
			      s->m.kind == QIP_MEETING_SERVICE ? QIP_LEVEL_NI : QIP_LEVEL_BOARD);
	if (tui_form_run(a, &f)) {
		tui_say(a, "%s: %s recorded in the meeting", d.ref, qip_meeting_decision_name(decision));
		s->sel_action = next;
		if (!next)
			s->sel = s->ag.nitems;   /* the audits page, or the last item */
	}
	tui_form_free(&f);
	free(d.baseline);
	free(d.outcome);
}

/* ---- keys --------------------------------------------------------------- */

static int do_end(struct tui_app *a, void *arg)
{
	return qip_meeting_end(a->db, *(int64_t *)arg);
}

static enum tui_result meeting_key(struct tui_app *a, struct tui_screen *sc, int key)
{
	struct tui_meeting *s = (struct tui_meeting *)sc;
	enum tui_cmd cmd = tui_keymap_lookup(C_MEETING, key);
	int n = items_of(s);
	bool on_action = s->sel < s->ag.nitems;
	switch (cmd) {
	case CMD_BACK:
		return TUI_DONE;
	case CMD_GO_ACTIONS: case CMD_GO_EVIDENCE: case CMD_GO_ESCALATIONS:
		a->focus = cmd == CMD_GO_ACTIONS ? PANE_ACTIONS : cmd == CMD_GO_EVIDENCE ? PANE_EVIDENCE : PANE_ESCALATIONS;
		return TUI_DONE;
	case CMD_GO_PEOPLE: case CMD_GO_AUDITS:
		sc->nav = cmd == CMD_GO_PEOPLE ? NAV_PEOPLE : NAV_AUDITS;
		return TUI_DONE;
	case CMD_DOWN:
		if (s->sel + 1 < n)
			s->sel++;
		else
			tui_say(a, "That was the last item: E ends the meeting");
		s->sel_action = on_action && s->sel < s->ag.nitems ? s->ag.items[s->sel].action.id : 0;
		return TUI_STAY;
	case CMD_UP:
		if (s->sel > 0)
			s->sel--;
		s->sel_action = s->sel < s->ag.nitems ? s->ag.items[s->sel].action.id : 0;
		return TUI_STAY;
	case CMD_OPEN:
		if (on_action && n) {
			char ref[QIP_REF_LEN];
			snprintf(ref, sizeof ref, "%s", s->ag.items[s->sel].action.ref);
			s->sel_action = s->ag.items[s->sel].action.id;
			enum tui_nav nav = tui_detail_run(a, ref);
			if (nav == NAV_QUIT || nav == NAV_PEOPLE || nav == NAV_AUDITS || nav == NAV_MAIN) {
				sc->nav = nav;
				return TUI_DONE;
			}
		}
		return TUI_STAY;
	case CMD_CLOSE: case CMD_EXTEND: case CMD_ESCALATE: case CMD_KEEP: case CMD_REFRAME:
		if (!tui_may(a, C_MEETING, cmd))
			return TUI_STAY;
		if (!on_action || !n) {
			tui_error(a, "Decisions are taken on an action: this page is for reading");
			return TUI_STAY;
		}
		s->sel_action = s->ag.items[s->sel].action.id;
		decide(a, s, cmd == CMD_CLOSE ? QIP_MD_CLOSE : cmd == CMD_EXTEND ? QIP_MD_EXTEND :
			  cmd == CMD_ESCALATE ? QIP_MD_ESCALATE : cmd == CMD_KEEP ? QIP_MD_KEEP : QIP_MD_REFRAME);
		return TUI_STAY;
	case CMD_END_MEETING:
		if (!tui_may(a, C_MEETING, cmd) || !tui_confirm(a, "End the meeting? No decision can be added after."))
			return TUI_STAY;
		if (tui_write(a, do_end, &s->id) != QIP_OK) {
			tui_error(a, "%s", qip_db_error(a->db));
			return TUI_STAY;
		}
		tui_changed(a);
		tui_say(a, "Meeting ended. Its minutes: qip report minutes --meeting %lld", (long long)s->id);
		return TUI_DONE;
	default: {
		char label[32];
		tui_error(a, "%s does nothing here; ? lists the keys", tui_key_label(key, label, sizeof label));
		return TUI_STAY;
	}
	}
}

static const struct tui_screen_ops meeting_ops = {
	.name = "meeting", .draw = meeting_draw, .key = meeting_key, .home = NAV_MAIN,
};

static enum tui_nav run_meeting(struct tui_app *a, int64_t id)
{
	struct tui_meeting s = { .screen = { .ops = &meeting_ops, .ctx = C_MEETING, .nav = NAV_STAY }, .id = id };
	enum tui_nav nav = tui_run(a, &s.screen);
	qip_meeting_clear(&s.m);
	qip_agenda_clear(&s.ag);
	return nav;
}

/* ---- starting one ------------------------------------------------------- */

struct start_form {
	int kind;
	const char **attendees;
	int nattendees;
	int64_t id;
};

static int save_start(struct tui_app *a, void *arg)
{
	struct tui_form *f = arg;
	struct start_form *st = f->arg;
	struct qip_meeting_new m = { .kind = qip_meeting_kind_name(st->kind), .date = tui_form_text(f, 0),
				     .service = f->n > 1 ? tui_form_text(f, 1) : NULL,
				     .attendees = st->attendees, .nattendees = st->nattendees };
	return qip_meeting_start(a->db, &m, &st->id);
}

/* Kind (one key), attendees (picked one by one from active people), then
 * the date and, for a service meeting, the service: saving starts it. */
static int64_t start_new(struct tui_app *a)
{
	static const struct tui_choice kinds[] = {
		{ 's', "Service governance meeting (one service)" },
		{ 'p', "Provider quality meeting" },
		{ 'b', "Board meeting" },
	};
	int kind = tui_choose(a, "Which meeting?", kinds, 3, -1);
	if (kind < 0)
		return 0;
	struct start_form st = { .kind = kind };
	char **names = NULL;
	for (;;) {
		char title[120];
		snprintf(title, sizeof title, "Attendee %d (Esc when everyone is named)", st.nattendees + 1);
		char *who = tui_pick_person(a, title, NULL, 0);
		if (!who)
			break;
		names = qip_xrealloc(names, (size_t)(st.nattendees + 1) * sizeof *names);
		names[st.nattendees++] = who;
	}
	st.attendees = (const char **)names;
	struct tui_field fields[2] = {
		{ .label = "Date", .required = true, .hint = "YYYY-MM-DD, today, or -1 for yesterday" },
		{ .label = "Service", .kind = FK_SERVICE, .required = true, .hint = "the service whose meeting it is" },
	};
	char today[QIP_DATE_LEN];
	tui_edit_set(&fields[0].ed, qip_date_format(qip_db_today(a->db), today));
	char title[120];
	snprintf(title, sizeof title, " Start: %s", qip_meeting_kind_label(kind));
	struct tui_form f = { .title = title, .fields = fields, .n = kind == QIP_MEETING_SERVICE ? 2 : 1,
			      .save = save_start, .arg = &st };
	if (st.nattendees) {
		char *list = qip_strdup("");
		for (int i = 0; i < st.nattendees; i++) {
			char *next = qip_printf("%s%s%s", list, i ? ", " : "", names[i]);
			free(list);
			list = next;
		}
		tui_form_info(&f, "Attending: %s", list);
		free(list);
	} else
		tui_form_info(&f, "Nobody named as attending besides the chair.");
	tui_form_info(&f, "You chair it; only you can end it.");
	bool saved = tui_form_run(a, &f);
	tui_form_free(&f);
	for (int i = 0; i < st.nattendees; i++)
		free(names[i]);
	free(names);
	return saved ? st.id : 0;
}

struct open_list {
	int64_t *ids;
	char **labels;
	int n;
	int64_t chair;
};

static int open_row(void *arg, const struct qip_meeting *m)
{
	struct open_list *o = arg;
	if (m->ended_at || m->chair_id != o->chair)
		return 0;
	o->ids = qip_xrealloc(o->ids, (size_t)(o->n + 1) * sizeof *o->ids);
	o->labels = qip_xrealloc(o->labels, (size_t)(o->n + 2) * sizeof *o->labels);
	o->ids[o->n] = m->id;
	o->labels[o->n + 1] = qip_printf("Carry on: %s (%d decided)", m->title, m->decisions);
	o->n++;
	return 0;
}

enum tui_nav tui_meeting_open(struct tui_app *a)
{
	struct open_list o = { .chair = qip_db_actor(a->db) };
	o.labels = qip_xcalloc(1, sizeof *o.labels);
	if (qip_meeting_list(a->db, open_row, &o) != QIP_OK)
		tui_error(a, "%s", qip_db_error(a->db));
	int64_t id = 0;
	int choice = 0;
	if (o.n) {
		o.labels[0] = qip_strdup("Start a new meeting");
		choice = tui_pick(a, "Governance meeting", (const char *const *)o.labels, o.n + 1, 1);
	}
	if (choice == 0)
		id = start_new(a);
	else if (choice > 0)
		id = o.ids[choice - 1];
	for (int i = 0; i <= o.n; i++)
		free(o.labels[i]);
	free(o.labels);
	free(o.ids);
	if (!id)
		return NAV_STAY;
	tui_changed(a);
	return run_meeting(a, id);
}
