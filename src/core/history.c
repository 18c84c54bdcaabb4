#include "qip/history.h"

#include <stdlib.h>
#include <string.h>

void qip_history_clear(struct qip_history *h)
{
	free(h->at);
	free(h->by);
	free(h->entity);
	free(h->field);
	free(h->old_value);
	free(h->new_value);
	memset(h, 0, sizeof *h);
}

int qip_history_for_action(struct qip_db *db, int64_t action_id, int limit, int offset,
			   int (*row)(void *, const struct qip_history *), void *ctx)
{
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT h.at, coalesce(p.name, ''), h.entity, h.entity_id, h.field, h.old, h.new FROM history h"
		" LEFT JOIN person p ON p.id = h.by_id WHERE h.id IN ("
		"  SELECT id FROM history WHERE entity = 'action' AND entity_id = ?1"
		/* CROSS JOIN keeps the order: from this action's few entries to
		 * their history, never a scan of every evidence history row. */
		"  UNION ALL SELECT h2.id FROM evidence e CROSS JOIN history h2 ON h2.entity = 'evidence' AND h2.entity_id = e.id WHERE e.action_id = ?1"
		"  UNION ALL SELECT h3.id FROM escalation x CROSS JOIN history h3 ON h3.entity = 'escalation' AND h3.entity_id = x.id WHERE x.action_id = ?1)"
		" ORDER BY h.id DESC LIMIT ?2 OFFSET ?3");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, action_id);
	sqlite3_bind_int(st, 2, limit);
	sqlite3_bind_int(st, 3, offset);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct qip_history h = {
			.at = qip_col_strdup(st, 0), .by = qip_col_strdup(st, 1),
			.entity = qip_col_strdup(st, 2), .entity_id = sqlite3_column_int64(st, 3),
			.field = qip_col_strdup(st, 4), .old_value = qip_col_strdup(st, 5),
			.new_value = qip_col_strdup(st, 6),
		};
		int stop = row(ctx, &h);
		qip_history_clear(&h);
		if (stop)
			break;
	}
	return qip_db_finish(db, st, rc);
}
