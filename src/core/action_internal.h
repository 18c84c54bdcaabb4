/* What the files of the action module share and nothing else sees:
 * action_input.c (what was typed), action_query.c (reading, filters),
 * action_write.c (writes) and action_position.c (positions in a list). */
#ifndef QIP_ACTION_INTERNAL_H
#define QIP_ACTION_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qip/action.h"

/* One action's fields as they will be stored. */
struct action_fields {
	char *title, *baseline, *outcome, *unit, *evidence_required, *area, *source_ref;
	bool has_target;
	double target;
	int direction, cadence, key_question, likelihood, impact, source, status;
	int64_t service_id, owner_id;
	qip_date due, target_date, next_review;
	struct qip_sustain sustain;
	int64_t *supporters;        /* 0-terminated, NULL: unchanged */
	char **statements;          /* NULL-terminated, NULL: unchanged */
};

void action_fields_clear(struct action_fields *f);
/* Parses every given field, reporting the first bad one by its option name. */
int action_parse_input(struct qip_db *db, const struct qip_action_input *in, struct action_fields *f);
/* The stored action as fields, for edits that change a few of them. */
void action_fields_from(const struct qip_action *a, struct action_fields *f);
/* Parses the given fields over f, freeing the strings they replace. */
int action_parse_over(struct qip_db *db, const struct qip_action_input *in, struct action_fields *f);

/* The columns action_read_row reads, and the joins they need. */
/* The columns of a row; the names gathered by a subquery for each row
 * (supporters, statements, who created and last changed it, the closure's
 * reviewer) are parameters: a list that shows none of them asks for
 * ACTION_BRIEF_COLUMNS, which leaves them empty (at 100,000 actions those
 * four subqueries were over half the cost of a list's query). */
#define ACTION_COLUMNS_OF(supporters, statements, created_by, updated_by, reviewer) \
	"a.id, a.uuid, a.ref, a.service_id, coalesce(s.name, ''), a.title, a.baseline, a.outcome," \
	" a.target_value, a.target_unit, a.target_direction, a.target_date, a.owner_id," \
	" coalesce(o.name, ''), coalesce(o.active, 0), " supporters "," \
	" a.due_on, a.review_cadence, a.next_review_on, a.evidence_required, a.area, a.key_question, " statements "," \
	" a.likelihood, a.impact, a.source, a.source_ref, a.status, a.closed_on, a.extensions, a.created_on," \
	" " created_by ", a.created_at, " updated_by ", a.updated_at," \
	" a.ev_count, a.ev_outcomes, a.ev_categories, a.ev_last_on, a.ev_latest_value," \
	" (SELECT count(*) FROM escalation e WHERE e.action_id = a.id AND e.resolved_on IS NULL)," \
	" a.sustain, " reviewer "," \
	" a.closure_override, a.closure_one_source, a.monitor_until, a.sustained"
#define ACTION_COLUMNS ACTION_COLUMNS_OF( \
	"(SELECT group_concat(p.name, ', ') FROM action_supporter x JOIN person p ON p.id = x.person_id WHERE x.action_id = a.id)", \
	"(SELECT group_concat(statement, ',') FROM action_statement WHERE action_id = a.id)", \
	"coalesce((SELECT name FROM person WHERE id = a.created_by), '')", \
	"coalesce((SELECT name FROM person WHERE id = a.updated_by), '')", \
	"coalesce((SELECT name FROM person WHERE id = a.closure_reviewer_id), '')")
#define ACTION_BRIEF_COLUMNS ACTION_COLUMNS_OF("NULL", "NULL", "''", "''", "''")
#define ACTION_FROM \
	" FROM action a LEFT JOIN service s ON s.id = a.service_id LEFT JOIN person o ON o.id = a.owner_id"

void action_read_row(struct qip_db *db, sqlite3_stmt *st, struct qip_action *a);
/* An action as a list reads it: no supporters, statements, or names of
 * who created, changed or reviewed it; all that qip_action_facts reads
 * (qip check, once per open action). */
int action_get_brief_id(struct qip_db *db, int64_t id, struct qip_action *out);

/* Ids of actions whose title, baseline, outcome or evidence notes match,
 * as in the search of action_build_where. Only ever the list of an IN,
 * which drops repeats itself: UNION ALL spares a second temporary b-tree
 * (a search jump at 1,000,000 actions: 136 M instructions -> 74 M). */
#define FTS_MATCH_IDS(p) "SELECT rowid FROM action_fts WHERE action_fts MATCH " p \
	" UNION ALL SELECT e.action_id FROM evidence_fts JOIN evidence e ON e.id = evidence_fts.rowid" \
	" WHERE evidence_fts MATCH " p

/* Appends the WHERE clause of filter f to sql (fixed fragments only) and
 * binds its values; see action_query.c for the parameter numbers. *fts
 * gets the search query bound, for the caller to free. */
void action_build_where(const struct qip_action_filter *f, char *sql, size_t n);
void action_bind_filter(struct qip_db *db, sqlite3_stmt *st, const struct qip_action_filter *f, char **fts);
/* The key of a sort (its first part; the second is always a.seq), and
 * whether the sort's own order runs down it (by updated: newest first). */
const char *action_sort_key(int sort, bool *natural_desc);
/* The status and risk keys: the same expressions as migration 13's
 * indexes, or the index is not used (tests/unit/test_action.c,
 * every_order_reads_its_index, checks the plans). */
#define ACTION_STATUS_KEY "CASE a.status WHEN 'reopened' THEN '0' WHEN 'open' THEN '1'" \
	" WHEN 'in-progress' THEN '2' WHEN 'monitoring' THEN '3' ELSE '4' END"
#define ACTION_RISK_KEY "printf('%02d', 25 - coalesce(a.likelihood * a.impact, 0))" \
	" || coalesce(a.due_on, '9999-12-31')"
/* Appends " ORDER BY <key>, a.seq", either way, to sql. */
void action_order_by(int sort, bool desc, char *sql, size_t n);
/* Words as an FTS5 query: each quoted, matched as a prefix. Malloc'd. */
char *action_fts_query(const char *words);

#endif
