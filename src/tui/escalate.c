/* Raising an escalation a level, from the escalation queue or from an
 * action already escalated, and who each level goes to. */
#include "escalate.h"

#include <stdio.h>
#include <stdlib.h>

#include "form.h"
#include "prompt.h"
#include "qip/escalation.h"
#include "qip/person.h"
#include "qip/text.h"
#include "qip/vocab.h"

char *tui_level_assignee(struct tui_app *a, int64_t action_id, int level)
{
	int64_t found = 0, id;
	if (qip_escalation_default_assignee(a->db, action_id, level, &found) != QIP_OK || !found)
		return NULL;
	struct qip_person p = { 0 };
	char *who = NULL;
	if (qip_person_get(a->db, found, &p) == QIP_OK) {
		/* A shared name would be ambiguous to the core: use the login. */
		bool unique = qip_person_find_active(a->db, p.name, &id) == QIP_OK && id == found;
		who = qip_strdup(unique || !*p.login ? p.name : p.login);
	}
	qip_person_clear(&p);
	return who;
}

/* ---- raising a level -------------------------------------------------- */

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
	const struct tui_esc_row *e = f->arg;
	return qip_escalation_raise_level(a->db, e->id, tui_form_text(f, 0), tui_form_text(f, 1));
}

bool tui_escalation_raise_form(struct tui_app *a, const struct tui_esc_row *e)
{
	if (e->level >= QIP_LEVEL_BOARD) {
		tui_error(a, "Already at the provider board, the highest level");
		return false;
	}
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
			      .save = save_raise, .arg = (void *)e };
	tui_form_info(&f, "%s: %s", e->ref, e->title);
	tui_form_info(&f, "Now level %d (%s) for: %s. Assigned to %s.", e->level, qip_level_label(e->level),
		      qip_vocab_label(&qip_vocab_esc_reason, e->reason), *e->who ? e->who : "nobody");
	bool saved = tui_form_run(a, &f);
	if (saved) {
		/* It moves up the queue: the queue's selection follows it. */
		a->select_escalation = e->id;
		tui_say(a, "Escalation on %s raised to level %d", e->ref, e->level + 1);
	}
	tui_form_free(&f);
	return saved;
}

static int first_open(void *arg, const struct qip_escalation *e)
{
	struct tui_esc_row *r = arg;
	*r = (struct tui_esc_row){ .id = e->id, .action_id = e->action_id, .title = qip_strdup(e->title),
			       .who = qip_strdup(e->assigned_to), .level = e->level, .reason = e->reason,
			       .raised_on = e->raised_on };
	snprintf(r->ref, sizeof r->ref, "%s", e->ref);
	return 1;
}

bool tui_escalation_raise_on(struct tui_app *a, int64_t action_id)
{
	struct tui_esc_row e = { 0 };
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
			raised = tui_escalation_raise_form(a, &e);
		else
			tui_say(a, "Not escalated: %s keeps its one open escalation", e.ref);
	}
	free(e.title);
	free(e.who);
	return raised;
}

