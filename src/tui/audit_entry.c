/* One question at a time. The walk is the core's: subject by subject,
 * every question in the template's order, sections asked once only with
 * the first subject. Each answer goes to the core at once (one
 * transaction each) and the next question follows; the screen keeps
 * nothing the database does not have, except digits not yet given. */
#include "audit_entry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_result.h"
#include "draw.h"
#include "prompt.h"
#include "qip/audit.h"
#include "qip/text.h"
#include "view.h"

struct entry {
	struct tui_screen screen;
	int64_t run_id;
	struct qip_audit_run run;
	bool loaded;
	int sample, question;       /* the position shown */
	bool at_end;                /* past the last question of the subjects named */
	char num[32];               /* digits typed, not yet given */
	enum tui_nav after;         /* where the result screen asked to go */
};

static const struct qip_template *tmpl(const struct entry *e)
{
	return e->run.template;
}

static bool reload(struct tui_app *a, struct entry *e)
{
	qip_audit_run_clear(&e->run);
	memset(&e->run, 0, sizeof e->run);
	e->loaded = qip_audit_run_get(a->db, e->run_id, &e->run) == QIP_OK;
	if (!e->loaded)
		tui_error(a, "Cannot read the audit: %s", qip_db_error(a->db));
	return e->loaded;
}

static int walk_subjects(const struct entry *e)
{
	return tmpl(e)->sampled ? e->run.nsubjects : 1;
}

static bool asked(const struct qip_template *t, int sample, int q)
{
	return sample == 0 || !t->sections[t->questions[q].section].once;
}

static int find_answer(const struct entry *e, int sample, int q)
{
	for (int i = 0; i < e->run.nanswers; i++)
		if (e->run.answers[i].sample == sample && e->run.answers[i].question == q)
			return i;
	return -1;
}

/* The next (dir 1) or previous (dir -1) position of the walk; false at
 * either end. */
static bool step(const struct entry *e, int dir, int *sample, int *q)
{
	const struct qip_template *t = tmpl(e);
	int s = *sample, i = *q;
	for (;;) {
		i += dir;
		if (i >= t->nquestions) {
			i = 0;
			s++;
		} else if (i < 0) {
			i = t->nquestions - 1;
			s--;
		}
		if (s < 0 || s >= walk_subjects(e))
			return false;
		if (asked(t, s, i)) {
			*sample = s;
			*q = i;
			return true;
		}
	}
}

static bool may_name_more(const struct entry *e)
{
	return tmpl(e)->sampled && e->run.nsubjects < tmpl(e)->sample_size;
}

struct add_subject {
	int64_t run;
	const char *name;
	int sample;
};

static int do_add_subject(struct tui_app *a, void *arg)
{
	struct add_subject *x = arg;
	return qip_audit_add_subject(a->db, x->run, x->name, &x->sample);
}

/* Names the next sampled subject and moves to its first question. */
static void name_next(struct tui_app *a, struct entry *e)
{
	const struct qip_template *t = tmpl(e);
	if (!may_name_more(e)) {
		tui_say(a, t->sampled ? "All %d %s named: f finishes the audit" : "Every question is asked: f finishes the audit",
			e->run.nsubjects, qip_audit_subject_words(t, e->run.nsubjects));
		return;
	}
	char *title = e->run.nsubjects
		? qip_printf("%s %d of up to %d: room number or initials (Esc: stop at %d)",
			     qip_audit_subject_words(t, 1), e->run.nsubjects + 1, t->sample_size, e->run.nsubjects)
		: qip_printf("%s 1 of up to %d: room number or initials", qip_audit_subject_words(t, 1), t->sample_size);
	title[0] = (char)(title[0] >= 'a' && title[0] <= 'z' ? title[0] - 'a' + 'A' : title[0]);
	char *name = tui_prompt(a, title, NULL);
	free(title);
	if (!name)
		return;
	struct add_subject x = { .run = e->run_id, .name = name };
	int rc = tui_write(a, do_add_subject, &x);
	free(name);
	if (rc != QIP_OK) {
		tui_error(a, "Not named: %s", qip_db_error(a->db));
		return;
	}
	tui_changed(a);
	if (!reload(a, e))
		return;
	e->sample = x.sample;
	e->question = -1;
	e->at_end = !step(e, 1, &e->sample, &e->question);
}

/* Where the core says to carry on; naming the first subject at once on a
 * sampled audit with none yet. */
static void resume(struct tui_app *a, struct entry *e)
{
	struct qip_audit_position pos;
	if (qip_audit_resume(a->db, e->run_id, &pos) != QIP_OK) {
		tui_error(a, "Cannot resume: %s", qip_db_error(a->db));
		e->at_end = true;
		return;
	}
	e->at_end = pos.done || pos.need_subject;
	if (!e->at_end) {
		e->sample = pos.sample;
		e->question = pos.question;
	} else if (pos.need_subject && !pos.done)
		name_next(a, e);
}

/* Would this value fail q? For the note a template may require. */
static bool would_fail(const struct qip_question *q, const char *value)
{
	switch (q->type) {
	case QIP_Q_YES_NO:
	case QIP_Q_YES_NO_NA:
		return !strcmp(value, "no");
	case QIP_Q_CHOICE:
		for (int i = 0; i < q->nchoices; i++)
			if (!strcmp(q->choices[i].label, value))
				return q->choices[i].fail;
		return false;
	case QIP_Q_NUMBER: {
		double v;
		if (qip_number_parse(value, &v, NULL))
			return false;
		return (q->has_min && v < q->min) || (q->has_max && v > q->max);
	}
	default:
		return false;
	}
}

struct answer_op {
	int64_t run;
	int sample;
	const char *question, *value, *note;
};

static int do_answer(struct tui_app *a, void *arg)
{
	struct answer_op *x = arg;
	return qip_audit_answer(a->db, x->run, x->sample, x->question, x->value, x->note);
}

/* Gives value for the question shown, keeping (or with note_in,
 * replacing) its note; asks for the note a failure requires first. On
 * success the next question follows. */
static bool answer(struct tui_app *a, struct entry *e, const char *value, const char *note_in, bool advance)
{
	const struct qip_question *q = &tmpl(e)->questions[e->question];
	int i = find_answer(e, e->sample, e->question);
	char *note = qip_strdup(note_in ? note_in : i >= 0 ? e->run.notes[i] : "");
	if (q->requires_note_on_fail && !*note && would_fail(q, value)) {
		free(note);
		note = tui_prompt(a, "A failed answer needs a note: what was found?", NULL);
		if (!note)
			return false;
	}
	struct answer_op x = { e->run_id, e->sample, q->id, value, note };
	int rc = tui_write(a, do_answer, &x);
	free(note);
	if (rc != QIP_OK) {
		tui_error(a, "Not recorded: %s", qip_db_error(a->db));
		return false;
	}
	tui_changed(a);
	e->num[0] = '\0';
	if (!reload(a, e))
		return false;
	if (advance && !step(e, 1, &e->sample, &e->question)) {
		e->at_end = true;
		if (may_name_more(e))
			name_next(a, e);
	}
	return true;
}

/* The answer given, as the core reads it back. */
static void answer_text(const struct qip_template *t, const struct qip_answer *x, char *buf, size_t n)
{
	char num[QIP_NUMBER_LEN];
	switch (x->reply) {
	case QIP_REPLY_YES: snprintf(buf, n, "yes"); break;
	case QIP_REPLY_NO: snprintf(buf, n, "no"); break;
	case QIP_REPLY_NA: snprintf(buf, n, "N/A"); break;
	case QIP_REPLY_NUMBER: snprintf(buf, n, "%s", qip_number_format(x->number, num)); break;
	case QIP_REPLY_CHOICE: snprintf(buf, n, "%s", t->questions[x->question].choices[x->choice].label); break;
	case QIP_REPLY_TEXT: snprintf(buf, n, "written"); break;
	default: snprintf(buf, n, "-"); break;
	}
}

/* The value to give again when only the note changes. */
static const char *value_of(const struct qip_template *t, const struct qip_answer *x, char *buf, size_t n)
{
	if (x->reply == QIP_REPLY_NA)
		return "na";
	answer_text(t, x, buf, n);
	return buf;
}

static int draw_lines(struct tui_app *a, int y, int bottom, int indent, attr_t attr, const char *text)
{
	struct tui_doc d = { .width = a->lay.body.w - indent - 1 };
	tui_doc_wrap(&d, attr, 0, text);
	for (int i = 0; i < d.n && y < bottom; i++, y++)
		draw_text(y, indent, a->lay.body.w - indent, d.text[i], attr);
	tui_doc_clear(&d);
	return y;
}

static void draw_options(struct tui_app *a, const struct entry *e, const struct qip_question *q, int y, int bottom)
{
	char buf[1200], lo[QIP_NUMBER_LEN], hi[QIP_NUMBER_LEN];
	size_t o = 0;
	buf[0] = '\0';
	switch (q->type) {
	case QIP_Q_YES_NO: snprintf(buf, sizeof buf, "y yes    n no"); break;
	case QIP_Q_YES_NO_NA: snprintf(buf, sizeof buf, "y yes    n no    a N/A"); break;
	case QIP_Q_CHOICE:
		for (int i = 0; i < q->nchoices && o < sizeof buf; i++)
			o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%c %s%s", i ? "    " : "", 'A' + i,
					      q->choices[i].label, q->choices[i].fail ? " (fails)" : "");
		break;
	case QIP_Q_NUMBER:
		o = (size_t)snprintf(buf, sizeof buf, "Type the number, then Enter: %s%s%s", e->num[0] ? e->num : "_",
				     q->unit ? " " : "", q->unit ? q->unit : "");
		if (q->has_min && o < sizeof buf)
			o += (size_t)snprintf(buf + o, sizeof buf - o, "  (fails below %s)", qip_number_format(q->min, lo));
		if (q->has_max && o < sizeof buf)
			snprintf(buf + o, sizeof buf - o, "  (fails above %s)", qip_number_format(q->max, hi));
		break;
	case QIP_Q_TEXT: snprintf(buf, sizeof buf, "Enter: write the answer (Right goes on without one)"); break;
	}
	y = draw_lines(a, y, bottom, 2, A_BOLD, buf);
	if (q->critical && y < bottom)
		y = draw_lines(a, y, bottom, 2, draw_style(ST_OVERDUE), "Critical: one failure fails the audit.");
	if (q->requires_note_on_fail && y < bottom)
		y = draw_lines(a, y, bottom, 2, A_NORMAL, "A failed answer needs a note saying what was found.");
	int i = find_answer(e, e->sample, e->question);
	if (i >= 0 && y + 1 < bottom) {
		char given[400];
		answer_text(tmpl(e), &e->run.answers[i], given, sizeof given);
		char *line = qip_printf("Answered: %s%s%s", given, e->run.notes[i][0] ? "; note: " : "", e->run.notes[i]);
		draw_lines(a, y + 1, bottom, 2, draw_style(ST_OK), line);
		free(line);
	}
}

static void entry_draw(struct tui_app *a, struct tui_screen *s)
{
	struct entry *e = (struct entry *)s;
	const struct tui_rect *b = &a->lay.body;
	tui_clear_body(a);
	if (!e->loaded)
		return;
	const struct qip_template *t = tmpl(e);
	int bottom = b->y + b->h;
	char *title = qip_printf(" %s at %s", t->title, e->run.service);
	draw_text(b->y, 0, b->w, title, draw_style(ST_TITLE_FOCUS));
	free(title);
	int y = b->y + 1;
	if (e->at_end) {
		s->hints = may_name_more(e) ? "Enter name the next  f finish  Left prev  q back  ? help"
					    : "f finish  Left prev  q back  ? help";
		char *line = !t->sampled
			? qip_printf("Every question is asked (%d answers). f finishes the audit; Left goes back to change an answer.",
				     e->run.nanswers)
			: may_name_more(e)
			? qip_printf("Every question for the %d %s named is asked. Enter names %s %d of up to %d; f finishes with %d.",
				     e->run.nsubjects, qip_audit_subject_words(t, e->run.nsubjects),
				     qip_audit_subject_words(t, 1), e->run.nsubjects + 1, t->sample_size, e->run.nsubjects)
			: qip_printf("Every question for all %d %s is asked. f finishes the audit; Left goes back.",
				     e->run.nsubjects, qip_audit_subject_words(t, e->run.nsubjects));
		draw_lines(a, y + 1, bottom, 1, A_BOLD, line);
		free(line);
		tui_cursor(a, y + 1, 1);
		return;
	}
	const struct qip_question *q = &t->questions[e->question];
	/* The key line names the keys that answer this question first. */
	s->hints = q->type == QIP_Q_YES_NO ? "y yes  n no  Left prev  Right next  e note  f finish  q back  ? help"
		 : q->type == QIP_Q_YES_NO_NA ? "y yes  n no  a N/A  Left prev  Right next  e note  f finish  q back  ? help"
		 : q->type == QIP_Q_CHOICE ? "A-T a choice  Left prev  Right next  e note  f finish  q back  ? help"
		 : q->type == QIP_Q_NUMBER ? "digits, Enter a number  Left prev  Right next  e note  f finish  q back"
		 : "Enter write  Left prev  Right next  f finish  q back  ? help";
	int number = 0, total = 0;
	for (int i = 0; i < t->nquestions; i++)
		if (asked(t, e->sample, i)) {
			total++;
			number += i <= e->question;
		}
	char *progress;
	if (!t->sampled)
		progress = qip_printf("Question %d of %d", number, total);
	else if (t->sections[q->section].once)
		progress = qip_printf("Question %d of %d, asked once for the audit", number, total);
	else
		progress = qip_printf("Question %d of %d, %s %d of %d: %s", number, total, qip_audit_subject_words(t, 1),
				      e->sample + 1, t->sample_size, e->run.subjects[e->sample]);
	draw_text(y++, 1, b->w - 1, progress, A_NORMAL);
	free(progress);
	draw_text(y++, 1, b->w - 1, t->sections[q->section].title, draw_style(ST_HEAD));
	y++;
	int qy = y;
	y = draw_lines(a, y, bottom, 1, A_BOLD, q->text);
	if (q->guidance)
		y = draw_lines(a, y, bottom, 3, A_NORMAL, q->guidance);
	if (q->evidence) {
		char *ev = qip_printf("Look at: %s", q->evidence);
		y = draw_lines(a, y, bottom, 3, A_NORMAL, ev);
		free(ev);
	}
	draw_options(a, e, q, y + 1, bottom);
	tui_cursor(a, qy, 1);
}

struct finish_op {
	int64_t run;
};

static int do_finish(struct tui_app *a, void *arg)
{
	return qip_audit_finish(a->db, ((struct finish_op *)arg)->run, false);
}

static bool finish(struct tui_app *a, struct entry *e)
{
	if (!tui_confirm(a, "Finish the audit? It is scored and its answers can no longer change."))
		return false;
	struct finish_op x = { e->run_id };
	if (tui_write(a, do_finish, &x) != QIP_OK) {
		tui_error(a, "Not finished: %s", qip_db_error(a->db));
		return false;
	}
	tui_changed(a);
	e->after = tui_audit_result_run(a, e->run_id);
	return true;
}

static void note(struct tui_app *a, struct entry *e)
{
	int i = e->at_end ? -1 : find_answer(e, e->sample, e->question);
	if (i < 0) {
		tui_error(a, "Answer the question first; the note goes with the answer");
		return;
	}
	if (e->run.answers[i].reply == QIP_REPLY_TEXT) {
		tui_error(a, "A written answer needs no note");
		return;
	}
	char *text = tui_prompt(a, "Note on this answer", e->run.notes[i]);
	if (!text)
		return;
	char buf[400];
	const char *value = value_of(tmpl(e), &e->run.answers[i], buf, sizeof buf);
	char *v = qip_strdup(value);
	if (answer(a, e, v, text, false))
		tui_say(a, "Note saved");
	free(v);
	free(text);
}

static void enter(struct tui_app *a, struct entry *e)
{
	if (e->at_end) {
		name_next(a, e);
		return;
	}
	const struct qip_question *q = &tmpl(e)->questions[e->question];
	if (q->type == QIP_Q_NUMBER) {
		if (!e->num[0])
			tui_error(a, "Type the number first, then Enter");
		else
			answer(a, e, e->num, NULL, true);
	} else if (q->type == QIP_Q_TEXT) {
		char *text = tui_prompt(a, "Your answer", NULL);
		if (text)
			answer(a, e, text, NULL, true);
		free(text);
	} else
		tui_error(a, q->type == QIP_Q_CHOICE ? "Press the capital letter of a choice" : "Press y or n");
}

static enum tui_result entry_key(struct tui_app *a, struct tui_screen *s, int key)
{
	struct entry *e = (struct entry *)s;
	enum tui_cmd cmd = tui_keymap_lookup(C_AUDIT, key);
	if (cmd == CMD_BACK)
		return TUI_DONE;
	if (!e->loaded)
		return TUI_STAY;
	const struct qip_template *t = tmpl(e);
	const struct qip_question *q = e->at_end ? NULL : &t->questions[e->question];
	if (cmd != CMD_NONE && !tui_may(a, C_AUDIT, cmd))
		return TUI_STAY;
	switch (cmd) {
	case CMD_YES: case CMD_NO: case CMD_NA:
		if (!q)
			tui_error(a, "No question here: Left goes back to one");
		else if (q->type != QIP_Q_YES_NO && q->type != QIP_Q_YES_NO_NA)
			tui_error(a, q->type == QIP_Q_CHOICE ? "Press the capital letter of a choice" :
				  q->type == QIP_Q_NUMBER ? "Type the number, then Enter" : "Enter writes the answer");
		else
			answer(a, e, cmd == CMD_YES ? "yes" : cmd == CMD_NO ? "no" : "na", NULL, true);
		break;
	case CMD_CHOICE:
		if (!q || q->type != QIP_Q_CHOICE)
			tui_error(a, "Capital letters answer choice questions only");
		else if (key - 'A' >= q->nchoices)
			tui_error(a, "There are %d choices, A to %c", q->nchoices, 'A' + q->nchoices - 1);
		else
			answer(a, e, q->choices[key - 'A'].label, NULL, true);
		break;
	case CMD_DIGIT: {
		size_t n = strlen(e->num);
		if (!q || q->type != QIP_Q_NUMBER)
			tui_error(a, "This question takes no number");
		else if (n + 1 < sizeof e->num) {
			e->num[n] = (char)key;
			e->num[n + 1] = '\0';
		}
		break;
	}
	case CMD_BACKSPACE:
		if (e->num[0])
			e->num[strlen(e->num) - 1] = '\0';
		break;
	case CMD_ANSWER:
		enter(a, e);
		break;
	case CMD_UP:
		e->num[0] = '\0';
		if (e->at_end) {
			e->sample = walk_subjects(e) - 1;
			e->question = t->nquestions;
			e->at_end = !step(e, -1, &e->sample, &e->question);
		} else if (!step(e, -1, &e->sample, &e->question))
			tui_say(a, "This is the first question");
		break;
	case CMD_DOWN:
		e->num[0] = '\0';
		if (!e->at_end && !step(e, 1, &e->sample, &e->question))
			e->at_end = true;
		break;
	case CMD_NOTE:
		note(a, e);
		break;
	case CMD_FINISH:
		if (finish(a, e))
			return TUI_DONE;
		break;
	default: {
		char label[32];
		tui_error(a, "%s does nothing here; ? lists the keys", tui_key_label(key, label, sizeof label));
		break;
	}
	}
	return TUI_STAY;
}

static const struct tui_screen_ops entry_ops = {
	.name = "audit", .draw = entry_draw, .key = entry_key,
};

enum tui_nav tui_audit_entry_run(struct tui_app *a, int64_t run_id)
{
	struct entry e = { .screen = { .ops = &entry_ops, .ctx = C_AUDIT }, .run_id = run_id, .after = NAV_BACK };
	if (reload(a, &e))
		resume(a, &e);
	enum tui_nav nav = tui_run(a, &e.screen);
	qip_audit_run_clear(&e.run);
	return nav == NAV_QUIT ? nav : e.after;
}
