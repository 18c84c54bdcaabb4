/* Improvement actions, what was typed: each field's text checked and
 * turned into what is stored, with one message naming the field and the
 * bad value, so the CLI and the TUI forms say the same. */
#include "qip/action.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action_internal.h"
#include "qip/person.h"
#include "qip/service.h"
#include "qip/text.h"
#include "qip/vocab.h"

static const char *const field_names[QIP_AF_COUNT] = {
	"title", "service", "owner", "due", "baseline", "outcome", "target", "unit",
	"direction", "target-date", "cadence", "next-review", "evidence", "area",
	"key-question", "statements", "risk", "source", "source-ref", "supporters",
	"status", "sustain",
};

const char *qip_action_field_name(int field)
{
	return field >= 0 && field < QIP_AF_COUNT ? field_names[field] : "?";
}

static const char *const field_labels[QIP_AF_COUNT] = {
	"the title", "the service", "the owner", "the due date", "the baseline",
	"the intended outcome", "the target", "the unit", "the direction",
	"the target date", "the review cadence", "the next review", "the evidence required",
	"the quality area", "the key question", "the quality statements", "the risk",
	"the source", "the source reference", "the supporters", "the status",
	"how long the outcome must be sustained",
};

const char *qip_action_field_label(int field)
{
	return field >= 0 && field < QIP_AF_COUNT ? field_labels[field] : "a field";
}

static char *number_text(bool has, double v)
{
	char buf[QIP_NUMBER_LEN];
	return qip_strdup(has ? qip_number_format(v, buf) : "");
}

void qip_action_texts(const struct qip_action *x, char *out[QIP_AF_COUNT])
{
	char d[QIP_DATE_LEN];
	out[QIP_AF_TITLE] = qip_strdup(x->title);
	out[QIP_AF_SERVICE] = qip_strdup(x->service);
	out[QIP_AF_OWNER] = qip_strdup(x->owner);
	out[QIP_AF_DUE] = qip_strdup(qip_date_format(x->due, d));
	out[QIP_AF_BASELINE] = qip_strdup(x->baseline);
	out[QIP_AF_OUTCOME] = qip_strdup(x->outcome);
	out[QIP_AF_TARGET] = number_text(x->has_target, x->target);
	out[QIP_AF_UNIT] = qip_strdup(x->unit);
	out[QIP_AF_DIRECTION] = qip_strdup(qip_vocab_name(&qip_vocab_direction, x->direction));
	out[QIP_AF_TARGET_DATE] = qip_strdup(qip_date_format(x->target_date, d));
	out[QIP_AF_CADENCE] = qip_strdup(qip_vocab_name(&qip_vocab_cadence, x->cadence));
	out[QIP_AF_NEXT_REVIEW] = qip_strdup(qip_date_format(x->next_review, d));
	out[QIP_AF_EVIDENCE_REQUIRED] = qip_strdup(x->evidence_required);
	out[QIP_AF_AREA] = qip_strdup(x->area);
	out[QIP_AF_KEY_QUESTION] = qip_strdup(x->key_question >= 0 ? qip_vocab_name(&qip_vocab_key_question, x->key_question) : "");
	out[QIP_AF_STATEMENTS] = qip_strdup(x->statements);
	out[QIP_AF_RISK] = x->likelihood ? qip_printf("%dx%d", x->likelihood, x->impact) : qip_strdup("");
	out[QIP_AF_SOURCE] = qip_strdup(qip_vocab_name(&qip_vocab_source, x->source));
	out[QIP_AF_SOURCE_REF] = qip_strdup(x->source_ref);
	out[QIP_AF_SUPPORTERS] = qip_strdup(x->supporters);
	out[QIP_AF_STATUS] = qip_strdup(qip_vocab_name(&qip_vocab_status, x->status));
	char sustain[32];
	out[QIP_AF_SUSTAIN] = qip_strdup(qip_sustain_format(&x->sustain, sustain, sizeof sustain));
}

void qip_action_texts_free(char *texts[QIP_AF_COUNT])
{
	for (int i = 0; i < QIP_AF_COUNT; i++) {
		free(texts[i]);
		texts[i] = NULL;
	}
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

bool qip_action_is_draft(const struct qip_action_input *in, struct qip_action_draft *d)
{
	/* One owner, a specific baseline, a measurable target and a date,
	 * chosen when the action is made (domain rule 2). */
	static const struct { int field; const char *what; } wanted[] = {
		{ QIP_AF_OWNER, "owner" }, { QIP_AF_DUE, "due date" },
		{ QIP_AF_BASELINE, "baseline" }, { QIP_AF_TARGET, "target" },
	};
	const int count = (int)(sizeof wanted / sizeof wanted[0]);
	const char *gaps[sizeof wanted / sizeof wanted[0]];
	int n = 0;
	memset(d, 0, sizeof *d);
	for (int k = 0; k < count; k++) {
		const char *t = in->field[wanted[k].field];
		if (blank(t) || (wanted[k].field == QIP_AF_OWNER && !strcmp(t, "none"))) {
			d->missing |= 1u << wanted[k].field;
			gaps[n++] = wanted[k].what;
		}
	}
	for (int k = 0; k < n; k++)
		snprintf(d->list + strlen(d->list), sizeof d->list - strlen(d->list), "%s%s",
			 k == 0 ? "" : k == n - 1 ? " or " : ", ", gaps[k]);
	if (n)
		snprintf(d->message, sizeof d->message, "No %s yet", d->list);
	return n > 0;
}

void action_fields_clear(struct action_fields *f)
{
	free(f->title); free(f->baseline); free(f->outcome); free(f->unit);
	free(f->evidence_required); free(f->area); free(f->source_ref);
	free(f->supporters);
	if (f->statements)
		for (char **s = f->statements; *s; s++)
			free(*s);
	free(f->statements);
	memset(f, 0, sizeof *f);
}

static char *trimmed(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *t = qip_strdup(s);
	size_t n = strlen(t);
	while (n > 0 && isspace((unsigned char)t[n - 1]))
		t[--n] = '\0';
	return t;
}

static int bad(char *msg, size_t msgsz, const char *fmt, const char *value, const char *extra)
{
	char *shown = qip_text_escape(value);
	if (strlen(shown) > 60)
		strcpy(shown + 57, "...");
	snprintf(msg, msgsz, fmt, shown, extra ? extra : "");
	free(shown);
	return QIP_EINVAL;
}

static int parse_text(const char *text, size_t max, bool multiline, bool required,
		      const char *what, char **out, char *msg, size_t msgsz)
{
	char *t = trimmed(text);
	if (required && !*t) {
		free(t);
		snprintf(msg, msgsz, "%s must not be empty", what);
		return QIP_EINVAL;
	}
	if (qip_text_length(t) > max) {
		free(t);
		snprintf(msg, msgsz, "%s is too long (at most %zu characters)", what, max);
		return QIP_EINVAL;
	}
	if (!qip_text_is_clean(t, multiline)) {
		free(t);
		snprintf(msg, msgsz, "%s contains control characters or invalid UTF-8", what);
		return QIP_EINVAL;
	}
	*out = t;
	return QIP_OK;
}

static int parse_vocab(const struct qip_vocab *v, const char *text, int *out, char *msg, size_t msgsz)
{
	int i = qip_vocab_find(v, text);
	if (i >= 0) {
		*out = i;
		return QIP_OK;
	}
	const char *near = qip_vocab_suggest(v, text);
	char extra[200];
	if (near)
		snprintf(extra, sizeof extra, " (did you mean %s?)", near);
	else
		snprintf(extra, sizeof extra, ": use %s", qip_vocab_choices(v));
	char fmt[80];
	snprintf(fmt, sizeof fmt, "unknown %s '%%s'%%s", v->what);
	return bad(msg, msgsz, fmt, text, extra);
}

static int parse_date_field(struct qip_db *db, const char *what, const char *text,
			    qip_date *out, char *msg, size_t msgsz)
{
	if (!*text) {
		*out = QIP_NO_DATE;
		return QIP_OK;
	}
	if (qip_date_parse(text, qip_db_today(db), out))
		return QIP_OK;
	char fmt[120];
	snprintf(fmt, sizeof fmt, "%s '%%s' is not a date: use YYYY-MM-DD (a real day), today, or +7, +2w, +3m%%s", what);
	return bad(msg, msgsz, fmt, text, NULL);
}

static int parse_field(struct qip_db *db, int field, const char *text, struct action_fields *f,
		       char *msg, size_t msgsz)
{
	int rc = QIP_OK;
	msg[0] = '\0';
	switch (field) {
	case QIP_AF_TITLE:
		return parse_text(text, 300, false, true, "title", &f->title, msg, msgsz);
	case QIP_AF_BASELINE:
		return parse_text(text, 2000, true, false, "baseline", &f->baseline, msg, msgsz);
	case QIP_AF_OUTCOME:
		return parse_text(text, 2000, true, false, "outcome", &f->outcome, msg, msgsz);
	case QIP_AF_EVIDENCE_REQUIRED:
		return parse_text(text, 2000, true, false, "evidence", &f->evidence_required, msg, msgsz);
	case QIP_AF_SOURCE_REF:
		return parse_text(text, 200, false, false, "source-ref", &f->source_ref, msg, msgsz);
	case QIP_AF_UNIT:
		free(f->unit);   /* a target typed as "95%" may have set it already */
		f->unit = NULL;
		return parse_text(text, 20, false, false, "unit", &f->unit, msg, msgsz);
	case QIP_AF_AREA: {
		char *t;
		if ((rc = parse_text(text, 60, false, false, "area", &t, msg, msgsz)))
			return rc;
		f->area = qip_text_slug(t);
		free(t);
		return QIP_OK;
	}
	case QIP_AF_SERVICE:
		f->service_id = 0;
		if (!*text || !strcmp(text, "none"))
			return QIP_OK;
		if ((rc = qip_service_find(db, text, &f->service_id)))
			snprintf(msg, msgsz, "%s", qip_db_error(db));
		return rc ? QIP_EINVAL : QIP_OK;
	case QIP_AF_OWNER:
		f->owner_id = 0;
		if (!*text || !strcmp(text, "none"))
			return QIP_OK;
		if ((rc = qip_person_find_active(db, text, &f->owner_id)))
			snprintf(msg, msgsz, "%s", qip_db_error(db));
		return rc ? QIP_EINVAL : QIP_OK;
	case QIP_AF_DUE:
		return parse_date_field(db, "due date", text, &f->due, msg, msgsz);
	case QIP_AF_TARGET_DATE:
		return parse_date_field(db, "target date", text, &f->target_date, msg, msgsz);
	case QIP_AF_NEXT_REVIEW:
		return parse_date_field(db, "next review date", text, &f->next_review, msg, msgsz);
	case QIP_AF_TARGET: {
		f->has_target = false;
		if (!*text)
			return QIP_OK;
		const char *rest;
		const char *why = qip_number_parse(text, &f->target, &rest);
		while (!why && *rest == ' ')
			rest++;
		if (!why && *rest && strcmp(rest, "%"))
			why = "is not a number";
		if (why)
			return bad(msg, msgsz, "target '%s' %s (for example 95 or 95%%)", text, why);
		if (*rest == '%' && !f->unit)
			f->unit = qip_strdup("%");   /* --unit, parsed later, may override */
		f->has_target = true;
		return QIP_OK;
	}
	case QIP_AF_DIRECTION:
		return parse_vocab(&qip_vocab_direction, text, &f->direction, msg, msgsz);
	case QIP_AF_CADENCE:
		return parse_vocab(&qip_vocab_cadence, text, &f->cadence, msg, msgsz);
	case QIP_AF_SOURCE:
		return parse_vocab(&qip_vocab_source, text, &f->source, msg, msgsz);
	case QIP_AF_KEY_QUESTION:
		f->key_question = -1;
		if (!*text)
			return QIP_OK;
		return parse_vocab(&qip_vocab_key_question, text, &f->key_question, msg, msgsz);
	case QIP_AF_STATUS:
		if ((rc = parse_vocab(&qip_vocab_status, text, &f->status, msg, msgsz)))
			return rc;
		if (f->status == QIP_STATUS_CLOSED)
			return bad(msg, msgsz, "status '%s' is set by closing: use close, which runs the closure check%s", text, NULL);
		if (f->status == QIP_STATUS_REOPENED)
			return bad(msg, msgsz, "status '%s' is set by reopening a closed action, with a reason: use reopen%s", text, NULL);
		return QIP_OK;
	case QIP_AF_SUSTAIN:
		if (!qip_sustain_parse(text, &f->sustain))
			return bad(msg, msgsz, "sustain '%s' must be a count of consecutive readings at target"
				   " (6-readings) or a period at target (90d, 12w, 3m), or none%s", text, NULL);
		return QIP_OK;
	case QIP_AF_RISK: {
		f->likelihood = f->impact = 0;
		if (!*text)
			return QIP_OK;
		int l, i;
		char x, end;
		if (sscanf(text, "%d %c %d %c", &l, &x, &i, &end) != 3 ||
		    (x != 'x' && x != 'X' && x != '*') || l < 1 || l > 5 || i < 1 || i > 5)
			return bad(msg, msgsz, "risk '%s' must be likelihood x impact, each 1 to 5 (for example 4x3)%s", text, NULL);
		f->likelihood = l;
		f->impact = i;
		return QIP_OK;
	}
	case QIP_AF_SUPPORTERS: {
		free(f->supporters);
		f->supporters = qip_xcalloc(strlen(text) / 2 + 2, sizeof *f->supporters);
		char *copy = qip_strdup(text), *save = NULL;
		int n = 0;
		for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			char *name = trimmed(tok);
			int64_t id = 0;
			if (*name && (rc = qip_person_find_active(db, name, &id))) {
				snprintf(msg, msgsz, "%s", qip_db_error(db));
				free(name);
				break;
			}
			bool dup = false;
			for (int k = 0; k < n; k++)
				dup |= f->supporters[k] == id;
			if (id && !dup)
				f->supporters[n++] = id;
			free(name);
		}
		free(copy);
		return rc ? QIP_EINVAL : QIP_OK;
	}
	case QIP_AF_STATEMENTS: {
		if (f->statements) {
			for (char **s = f->statements; *s; s++)
				free(*s);
			free(f->statements);
		}
		f->statements = qip_xcalloc(strlen(text) / 2 + 2, sizeof *f->statements);
		char *copy = qip_strdup(text), *save = NULL;
		int n = 0;
		for (char *tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
			char *slug = qip_text_slug(tok);
			/* Checked against the loaded frameworks, when any is loaded. */
			sqlite3_stmt *st = qip_db_stmt(db,
				"SELECT (SELECT count(*) FROM framework_item WHERE kind = 'statement'),"
				" EXISTS (SELECT 1 FROM framework_item WHERE kind = 'statement' AND item = ?1)");
			int known = 1;
			if (st) {
				qip_bind_text(st, 1, slug);
				if (sqlite3_step(st) == SQLITE_ROW)
					known = sqlite3_column_int(st, 0) == 0 || sqlite3_column_int(st, 1);
				sqlite3_reset(st);
			}
			if (!*slug || !known) {
				rc = bad(msg, msgsz, "unknown quality statement '%s' (see: qip framework list)%s", tok, NULL);
				free(slug);
				break;
			}
			f->statements[n++] = slug;
		}
		free(copy);
		return rc;
	}
	}
	snprintf(msg, msgsz, "unknown field");
	return QIP_EINVAL;
}

int qip_action_check_field(struct qip_db *db, int field, const char *text, char *msg, size_t msgsz)
{
	struct action_fields f = { 0 };
	int rc = parse_field(db, field, text ? text : "", &f, msg, msgsz);
	action_fields_clear(&f);
	return rc;
}

/* Parses every given field, reporting the first bad one by its option name. */
int action_parse_input(struct qip_db *db, const struct qip_action_input *in, struct action_fields *f)
{
	char msg[400];
	for (int i = 0; i < QIP_AF_COUNT; i++) {
		if (!in->field[i])
			continue;
		if (parse_field(db, i, in->field[i], f, msg, sizeof msg))
			return qip_db_fail(db, QIP_EINVAL, "--%s: %s", field_names[i], msg);
	}
	return QIP_OK;
}

/* The stored action as fields, for edits that change a few of them. */
void action_fields_from(const struct qip_action *a, struct action_fields *f)
{
	*f = (struct action_fields){
		.title = qip_strdup(a->title), .baseline = qip_strdup(a->baseline),
		.outcome = qip_strdup(a->outcome), .unit = qip_strdup(a->unit),
		.evidence_required = qip_strdup(a->evidence_required), .area = qip_strdup(a->area),
		.source_ref = qip_strdup(a->source_ref), .has_target = a->has_target,
		.target = a->target, .direction = a->direction, .cadence = a->cadence,
		.key_question = a->key_question, .likelihood = a->likelihood, .impact = a->impact,
		.source = a->source, .status = a->status, .service_id = a->service_id,
		.owner_id = a->owner_id, .due = a->due, .target_date = a->target_date,
		.next_review = a->next_review, .sustain = a->sustain,
	};
}

/* Replaces the string fields parse_field allocates, so an edit frees the old. */
int action_parse_over(struct qip_db *db, const struct qip_action_input *in, struct action_fields *f)
{
	struct action_fields n = *f;
	char *olds[] = { f->title, f->baseline, f->outcome, f->unit, f->evidence_required, f->area, f->source_ref };
	n.title = n.baseline = n.outcome = n.unit = n.evidence_required = n.area = n.source_ref = NULL;
	int rc = action_parse_input(db, in, &n);
	char **news[] = { &n.title, &n.baseline, &n.outcome, &n.unit, &n.evidence_required, &n.area, &n.source_ref };
	for (int i = 0; i < 7; i++) {
		if (*news[i])
			free(olds[i]);
		else
			*news[i] = olds[i];
	}
	*f = n;
	return rc;
}
