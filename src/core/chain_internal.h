/* Private to the core: what each chained table's link is a hash of, shared
 * by the triggers of migration 12 (schema.c), its backfill and qip verify
 * (chain.c).
 *
 * NEVER change a column list: every link already in a file was made from it,
 * and verify would call every such row changed. Columns a later migration
 * adds to these tables are simply not covered; covering them means a new
 * chained list under a new table name in the ledger. */
#ifndef QIP_CHAIN_INTERNAL_H
#define QIP_CHAIN_INTERNAL_H

#include "qip/db.h"

#define CHAIN_COLS_HISTORY "id, uuid, at, by_id, entity, entity_id, field, old, new"
#define CHAIN_COLS_EVIDENCE "id, uuid, action_id, seen_on, kind, category, note, source, value, corrects_id," \
	" recorded_by, recorded_at"
#define CHAIN_COLS_REVIEW "id, uuid, meeting_id, action_id, decided_on, decision, reason, new_due_on," \
	" decided_by, decided_at"
#define CHAIN_COLS_ESCALATION "id, uuid, action_id, level, reason, note, assigned_to, raised_on, raised_by," \
	" raised_at, decision, decided_by, resolved_on, rule, rule_key, level_on, resolved_by_check," \
	" acknowledged_on, acknowledged_by"
#define CHAIN_COLS_AUDIT_ANSWER "id, uuid, run_id, sample, subject, question, answer, value, failed, note," \
	" repeat, answered_at"

/* The head's hash, NULL when the chain is empty: the previous link of the
 * next one. */
#define CHAIN_HEAD_SQL "(SELECT hash FROM chain ORDER BY seq DESC LIMIT 1)"

/* The SQL function qip_chain_hash(prev, table, column values...): the
 * BLAKE2b-256 of their canonical encoding, a 32-byte blob. Registered on
 * every connection by qip_db_open. */
void qip_chain_sql_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/* Migration 13's second step: links every row already in the chained
 * tables, table by table in id order. */
int qip_chain_backfill(struct qip_db *db);

#endif
