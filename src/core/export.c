/* Exports: each list is one statement stepped to the end, each row
 * turned into text cells and handed to the sink at once (export.h). The
 * actions come through qip_action_list, so their flags are the rules'. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qip/action.h"
#include "qip/export.h"
#include "qip/text.h"
#include "qip/vocab.h"

static const char *const list_names[QIP_EXPORT_LIST_COUNT] = {
	"actions", "evidence", "escalations", "audits", "history",
};
/* Sheet titles. */
static const char *const list_titles[QIP_EXPORT_LIST_COUNT] = {
	"Actions", "Evidence", "Escalations", "Audits", "History",
};

const char *qip_export_list_name(int list)
{
	return list >= 0 && list < QIP_EXPORT_LIST_COUNT ? list_names[list] : "?";
}

int qip_export_list_find(const char *name)
{
	for (int i = 0; name && i < QIP_EXPORT_LIST_COUNT; i++)
		if (!strcasecmp(name, list_names[i]))
			return i;
	return -1;
}

enum { T = QIP_EXPORT_TEXT, N = QIP_EXPORT_NUMBER, D = QIP_EXPORT_DATE, TS = QIP_EXPORT_TIMESTAMP,
       B = QIP_EXPORT_BOOL };

/* ---- actions ---------------------------------------------------------- */

static const struct qip_export_col action_cols[] = {
	{ "ref", T, 10 }, { "title", T, 40 }, { "service", T, 18 }, { "status", T, 11 },
	{ "flags", T, 18 }, { "overdue", B, 8 }, { "unowned", B, 8 }, { "owner", T, 18 },
	{ "owner-active", B, 8 }, { "supporters", T, 20 }, { "due", D, 11 }, { "baseline", T, 30 },
	{ "outcome", T, 30 }, { "target", N, 9 }, { "unit", T, 6 }, { "direction", T, 9 },
	{ "target-date", D, 11 }, { "latest", N, 9 }, { "cadence", T, 11 }, { "next-review", D, 11 },
	{ "evidence-required", T, 30 }, { "area", T, 18 }, { "key-question", T, 11 },
	{ "statements", T, 20 }, { "likelihood", N, 8 }, { "impact", N, 8 }, { "risk", N, 6 },
	{ "risk-band", T, 9 }, { "source", T, 12 }, { "source-ref", T, 14 }, { "extensions", N, 8 },
	{ "evidence", N, 8 }, { "outcomes", N, 8 }, { "categories", T, 20 }, { "last-evidence", D, 11 },
	{ "open-escalations", N, 8 }, { "sustain", T, 10 }, { "reviewer", T, 18 },
	{ "override", T, 30 }, { "one-source-reason", T, 30 }, { "closed", D, 11 },
	{ "monitoring-until", D, 11 }, { "sustained", B, 8 }, { "created", D, 11 },
	{ "created-by", T, 18 }, { "created-at", TS, 19 }, { "updated-by", T, 18 },
	{ "updated-at", TS, 19 }, { "uuid", T, 36 },
};
#define NCOLS(a) ((int)(sizeof a / sizeof a[0]))

struct action_ctx {
	const struct qip_export_sink *sink;
	qip_date since;
	int rc;   /* the sink's refusal, which stops the list */
};

static const char *yes_no(bool b)
{
	return b ? "true" : "false";
}

static void number_or_blank(bool has, double v, char out[QIP_NUMBER_LEN])
{
	if (has)
		qip_number_format(v, out);
	else
		out[0] = '\0';
}

static void int_or_blank(int64_t v, bool has, char out[24])
{
	if (has)
		snprintf(out, 24, "%" PRId64, v);
	else
		out[0] = '\0';
}

/* An ISO timestamp's day ("2026-03-02T..." -> that day), QIP_NO_DATE when
 * it is not one. */
static qip_date timestamp_day(const char *ts)
{
	char day[QIP_DATE_LEN];
	qip_date d;
	snprintf(day, sizeof day, "%.10s", ts ? ts : "");
	return qip_date_parse_iso(day, &d) ? d : QIP_NO_DATE;
}

static int action_row(void *ctx, const struct qip_action *a)
{
	struct action_ctx *x = ctx;
	if (x->since != QIP_NO_DATE && a->created_on < x->since && timestamp_day(a->updated_at) < x->since)
		return 0;
	char flags[160], due[QIP_DATE_LEN], tdate[QIP_DATE_LEN], review[QIP_DATE_LEN], last[QIP_DATE_LEN],
		closed[QIP_DATE_LEN], until[QIP_DATE_LEN], created[QIP_DATE_LEN];
	char target[QIP_NUMBER_LEN], latest[QIP_NUMBER_LEN], lik[24], imp[24], risk[24], ext[24], evc[24],
		outc[24], esc[24], sustain[32], cats[120] = "";
	qip_flags_format(a->flags, flags, sizeof flags);
	number_or_blank(a->has_target, a->target, target);
	number_or_blank(a->has_latest_value, a->latest_value, latest);
	bool rated = a->likelihood > 0 && a->impact > 0;
	int score = rated ? qip_risk_score(a->likelihood, a->impact) : 0;
	int_or_blank(a->likelihood, a->likelihood > 0, lik);
	int_or_blank(a->impact, a->impact > 0, imp);
	int_or_blank(score, rated, risk);
	int_or_blank(a->extensions, true, ext);
	int_or_blank(a->evidence_count, true, evc);
	int_or_blank(a->outcome_count, true, outc);
	int_or_blank(a->open_escalations, true, esc);
	qip_sustain_format(&a->sustain, sustain, sizeof sustain);
	for (int i = 0; i < qip_vocab_category.count; i++)
		if (a->category_mask & (1u << i)) {
			size_t len = strlen(cats);
			snprintf(cats + len, sizeof cats - len, "%s%s", *cats ? "," : "",
				 qip_vocab_name(&qip_vocab_category, i));
		}
	const char *cells[] = {
		a->ref, a->title, a->service, qip_vocab_name(&qip_vocab_status, a->status), flags,
		yes_no(a->flags & QIP_FLAG_OVERDUE), yes_no(a->flags & QIP_FLAG_UNOWNED), a->owner,
		a->owner_id ? yes_no(a->owner_active) : "", a->supporters, qip_date_format(a->due, due),
		a->baseline, a->outcome, target, a->unit, qip_vocab_name(&qip_vocab_direction, a->direction),
		qip_date_format(a->target_date, tdate), latest, qip_vocab_name(&qip_vocab_cadence, a->cadence),
		qip_date_format(a->next_review, review), a->evidence_required, a->area,
		a->key_question >= 0 ? qip_vocab_name(&qip_vocab_key_question, a->key_question) : "",
		a->statements, lik, imp, risk, rated ? qip_risk_band(score) : "",
		qip_vocab_name(&qip_vocab_source, a->source), a->source_ref, ext, evc, outc, cats,
		qip_date_format(a->last_evidence, last), esc, sustain, a->closure_reviewer,
		a->closure_override ? a->closure_override : "", a->closure_one_source ? a->closure_one_source : "",
		qip_date_format(a->closed_on, closed),
		qip_date_format(a->status == QIP_STATUS_MONITORING ? a->monitor_until : QIP_NO_DATE, until),
		yes_no(a->sustained), qip_date_format(a->created_on, created), a->created_by, a->created_at,
		a->updated_by, a->updated_at, a->uuid,
	};
	_Static_assert(NCOLS(cells) == NCOLS(action_cols), "a cell for every column");
	unsigned marks = (a->flags & QIP_FLAG_OVERDUE ? QIP_EXPORT_MARK_OVERDUE : 0) |
			 (a->flags & QIP_FLAG_UNOWNED ? QIP_EXPORT_MARK_UNOWNED : 0);
	return x->rc = x->sink->row(x->sink->ctx, cells, marks);
}

static int export_actions(struct qip_db *db, const struct qip_export_filter *f, const struct qip_export_sink *sink)
{
	struct qip_action_filter af;
	qip_action_filter_init(&af);
	af.status = -1;   /* closed ones too: the whole plan */
	af.sort = QIP_SORT_REF;
	af.service_id = f->service_id;
	struct action_ctx x = { sink, f->since, QIP_OK };
	int rc = qip_action_list(db, &af, -1, 0, action_row, &x);
	return x.rc ? x.rc : rc;
}

/* ---- the lists read by one statement of their own --------------------- */

/* A list's statement: parameter 1 the service id (NULL: every one), 2 the
 * since day (NULL: all); its columns in the order of cols. */
struct sql_list {
	const struct qip_export_col *cols;
	int ncols;
	const char *sql;
};

static const struct qip_export_col evidence_cols[] = {
	{ "id", N, 7 }, { "ref", T, 10 }, { "service", T, 18 }, { "seen", D, 11 }, { "kind", T, 9 },
	{ "category", T, 11 }, { "note", T, 50 }, { "source", T, 20 }, { "value", N, 9 },
	{ "corrects", N, 8 }, { "superseded", B, 10 }, { "recorded-by", T, 18 },
	{ "recorded-at", TS, 19 }, { "uuid", T, 36 },
};
static const struct qip_export_col escalation_cols[] = {
	{ "id", N, 6 }, { "ref", T, 10 }, { "action", T, 40 }, { "service", T, 18 }, { "level", N, 6 },
	{ "level-name", T, 22 }, { "reason", T, 14 }, { "note", T, 30 }, { "assigned-to", T, 18 },
	{ "raised", D, 11 }, { "raised-by", T, 18 }, { "level-since", D, 11 },
	{ "acknowledged", D, 11 }, { "acknowledged-by", T, 18 }, { "decision", T, 30 },
	{ "decided-by", T, 18 }, { "resolved", D, 11 }, { "resolved-by-check", B, 10 }, { "rule", T, 14 },
	{ "uuid", T, 36 },
};
static const struct qip_export_col audit_cols[] = {
	{ "id", N, 6 }, { "template", T, 18 }, { "title", T, 36 }, { "version", N, 8 }, { "service", T, 18 },
	{ "run", D, 11 }, { "auditor", T, 18 }, { "status", T, 9 }, { "score", N, 8 }, { "target", N, 8 },
	{ "passed", B, 8 }, { "band", T, 7 }, { "earned", N, 8 }, { "available", N, 9 },
	{ "finished-at", TS, 19 }, { "created-at", TS, 19 }, { "uuid", T, 36 },
};
static const struct qip_export_col history_cols[] = {
	{ "id", N, 8 }, { "at", TS, 19 }, { "by", T, 18 }, { "entity", T, 10 }, { "entity-id", N, 9 },
	{ "ref", T, 10 }, { "field", T, 16 }, { "old", T, 30 }, { "new", T, 30 }, { "uuid", T, 36 },
};

static const struct sql_list sql_lists[QIP_EXPORT_LIST_COUNT] = {
	[QIP_EXPORT_EVIDENCE] = { evidence_cols, NCOLS(evidence_cols),
		"SELECT e.id, a.ref, coalesce(s.name, ''), e.seen_on, e.kind, e.category, e.note, e.source,"
		" e.value, e.corrects_id, EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id),"
		" coalesce(p.name, ''), e.recorded_at, e.uuid"
		" FROM evidence e JOIN action a ON a.id = e.action_id"
		" LEFT JOIN service s ON s.id = a.service_id LEFT JOIN person p ON p.id = e.recorded_by"
		" WHERE (?1 IS NULL OR a.service_id = ?1) AND (?2 IS NULL OR e.seen_on >= ?2)"
		" ORDER BY a.seq, e.seen_on, e.id" },
	[QIP_EXPORT_ESCALATIONS] = { escalation_cols, NCOLS(escalation_cols),
		"SELECT x.id, a.ref, a.title, coalesce(s.name, ''), x.level, x.level, x.reason, x.note,"
		" coalesce(pa.name, ''), x.raised_on, coalesce(pr.name, ''), x.level_on, x.acknowledged_on,"
		" coalesce(pk.name, ''), x.decision, coalesce(pd.name, ''), x.resolved_on,"
		" iif(x.resolved_on IS NULL, NULL, x.resolved_by_check), coalesce(x.rule, ''), x.uuid"
		" FROM escalation x JOIN action a ON a.id = x.action_id"
		" LEFT JOIN service s ON s.id = a.service_id LEFT JOIN person pa ON pa.id = x.assigned_to"
		" LEFT JOIN person pr ON pr.id = x.raised_by LEFT JOIN person pk ON pk.id = x.acknowledged_by"
		" LEFT JOIN person pd ON pd.id = x.decided_by"
		" WHERE (?1 IS NULL OR a.service_id = ?1)"
		" AND (?2 IS NULL OR x.raised_on >= ?2 OR x.resolved_on >= ?2)"
		" ORDER BY x.raised_on, x.id" },
	[QIP_EXPORT_AUDITS] = { audit_cols, NCOLS(audit_cols),
		"SELECT r.id, t.key, t.title, t.version, s.name, r.run_on, coalesce(p.name, ''), r.status,"
		" r.score, t.target, r.passed, r.band, r.earned, r.available, r.finished_at, r.created_at, r.uuid"
		" FROM audit_run r JOIN audit_template t ON t.id = r.template_id"
		" JOIN service s ON s.id = r.service_id LEFT JOIN person p ON p.id = r.auditor_id"
		" WHERE (?1 IS NULL OR r.service_id = ?1) AND (?2 IS NULL OR r.run_on >= ?2)"
		" ORDER BY r.run_on, r.id" },
	/* A change belongs to a service through its action (the action's own,
	 * its evidence's, its escalations') or, for a person, their service.
	 * Timestamps are ISO text, so at >= '2026-03-02' is that day on. */
	[QIP_EXPORT_HISTORY] = { history_cols, NCOLS(history_cols),
		"SELECT h.id, h.at, coalesce(p.name, ''), h.entity, h.entity_id, coalesce(a.ref, ''), h.field,"
		" h.old, h.new, h.uuid"
		" FROM history h LEFT JOIN person p ON p.id = h.by_id"
		" LEFT JOIN action a ON a.id = CASE h.entity WHEN 'action' THEN h.entity_id"
		"   WHEN 'evidence' THEN (SELECT action_id FROM evidence WHERE id = h.entity_id)"
		"   WHEN 'escalation' THEN (SELECT action_id FROM escalation WHERE id = h.entity_id) END"
		" WHERE (?1 IS NULL OR coalesce(a.service_id,"
		"   (SELECT service_id FROM person WHERE h.entity = 'person' AND id = h.entity_id)) = ?1)"
		" AND (?2 IS NULL OR h.at >= ?2)"
		" ORDER BY h.id" },
};

/* One column of a row as text: integers as they are, reals in their
 * exact shortest form, NULL as "". */
static const char *cell_text(sqlite3_stmt *st, int col, const struct qip_export_col *c, char buf[QIP_NUMBER_LEN])
{
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_NULL:
		return "";
	case SQLITE_INTEGER:
		if (c->type == QIP_EXPORT_BOOL)
			return yes_no(sqlite3_column_int64(st, col));
		snprintf(buf, QIP_NUMBER_LEN, "%" PRId64, (int64_t)sqlite3_column_int64(st, col));
		return buf;
	case SQLITE_FLOAT:
		return qip_number_format(sqlite3_column_double(st, col), buf);
	default:
		return (const char *)sqlite3_column_text(st, col);
	}
}

static int export_sql(struct qip_db *db, int list, const struct qip_export_filter *f,
		      const struct qip_export_sink *sink)
{
	const struct sql_list *l = &sql_lists[list];
	sqlite3_stmt *st = qip_db_stmt(db, l->sql);
	if (!st)
		return QIP_EDB;
	qip_bind_id(st, 1, f->service_id);
	qip_bind_date(st, 2, f->since);
	const char *cells[32];
	char bufs[32][QIP_NUMBER_LEN];
	int step, rc = QIP_OK;
	while (rc == QIP_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < l->ncols; i++)
			cells[i] = cell_text(st, i, &l->cols[i], bufs[i]);
		if (list == QIP_EXPORT_ESCALATIONS)   /* the level's name, beside its number */
			cells[5] = qip_level_label(sqlite3_column_int(st, 5));
		rc = sink->row(sink->ctx, cells, 0);
	}
	if (rc != QIP_OK) {
		sqlite3_reset(st);
		return rc;
	}
	return qip_db_finish(db, st, step);
}

int qip_export(struct qip_db *db, int list, const struct qip_export_filter *f, const struct qip_export_sink *sink)
{
	if (list < 0 || list >= QIP_EXPORT_LIST_COUNT)
		return qip_db_fail(db, QIP_EINVAL, "no such list to export");
	const struct qip_export_col *cols = list == QIP_EXPORT_ACTIONS ? action_cols : sql_lists[list].cols;
	int ncols = list == QIP_EXPORT_ACTIONS ? NCOLS(action_cols) : sql_lists[list].ncols;
	int rc = sink->begin(sink->ctx, list_titles[list], cols, ncols);
	if (rc == QIP_OK)
		rc = list == QIP_EXPORT_ACTIONS ? export_actions(db, f, sink) : export_sql(db, list, f, sink);
	if (rc == QIP_OK)
		rc = sink->end(sink->ctx);
	return rc;
}
