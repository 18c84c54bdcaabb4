/* Improvement actions, positions in a list: where an action sits in a
 * filtered, sorted list and the next search match, without loading it.
 * Every order is walked by key (action_window.c): a position is the count
 * of rows before an action's key, on the order's index, never a numbering
 * of the whole list (230 ms at 80,000 open actions). */
#include "qip/action.h"

#include <stdlib.h>

#include "action_internal.h"

int qip_action_position(struct qip_db *db, const struct qip_action_filter *f, int64_t id, int64_t *index)
{
	*index = -1;
	struct qip_action_key key;
	bool found;
	int rc = qip_action_key_of(db, f, id, &key, &found);
	if (rc || !found)
		return rc;
	return qip_action_rank(db, f, &key, index);
}

/* The place of the nearest match from key (itself included; NULL: from
 * the start or the end), -1 when none. */
static int match_from(struct qip_db *db, const struct qip_action_filter *f, const char *words,
		      const struct qip_action_key *key, bool backwards, int64_t *index)
{
	struct qip_action_key at;
	bool found;
	int rc = qip_action_next_match(db, f, words, key, true, backwards, &at, &found);
	if (rc || !found)
		return rc;
	return qip_action_rank(db, f, &at, index);
}

static int keep_key(void *ctx, const struct qip_action *a, const struct qip_action_key *key)
{
	(void)a;
	*(struct qip_action_key *)ctx = *key;
	return 1;
}

int qip_action_find_match(struct qip_db *db, const struct qip_action_filter *f, const char *words,
			  int64_t from, bool backwards, int64_t *index)
{
	*index = -1;
	if (from <= 0 && !backwards)
		return match_from(db, f, words, NULL, false, index);
	/* The key at index `from`: an index has no other way in than
	 * counting rows (qip_action_find_match_at starts from a key). */
	struct qip_action_key key = { .seq = -1 };
	int rc = qip_action_window(db, f, NULL, false, false, from < 0 ? 0 : (int)from, 1, keep_key, &key);
	if (rc || key.seq < 0)
		return rc;
	return match_from(db, f, words, &key, backwards, index);
}

int qip_action_find_match_at(struct qip_db *db, const struct qip_action_filter *f, const char *words,
			     int64_t at_id, bool backwards, int64_t *index)
{
	*index = -1;
	if (!at_id)
		return match_from(db, f, words, NULL, backwards, index);
	struct qip_action_key key;
	bool found;
	int rc = qip_action_key_of(db, f, at_id, &key, &found);
	if (rc || !found)
		return rc;
	return match_from(db, f, words, &key, backwards, index);
}
