/* The evidence summary columns computed from scratch, as migrations 1 and 2
 * kept them (a full re-aggregation on every insert): the actions whose kept
 * summary differs from it. Shared by test_evidence and test_db. */
#ifndef QIP_TEST_EVIDENCE_SUMMARY_H
#define QIP_TEST_EVIDENCE_SUMMARY_H

#define LIVE_ENTRY "NOT EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id)"
#define SUMMARY_MISMATCHES \
	"SELECT count(*) FROM action a WHERE" \
	" a.ev_count IS NOT (SELECT count(*) FROM evidence e WHERE e.action_id = a.id AND " LIVE_ENTRY ")" \
	" OR a.ev_outcomes IS NOT (SELECT count(*) FROM evidence e WHERE e.action_id = a.id" \
	"   AND e.kind = 'outcome' AND " LIVE_ENTRY ")" \
	" OR a.ev_categories IS NOT (SELECT coalesce(sum(DISTINCT CASE e.category" \
	"   WHEN 'people' THEN 1 WHEN 'staff' THEN 2 WHEN 'partners' THEN 4" \
	"   WHEN 'observation' THEN 8 WHEN 'processes' THEN 16 ELSE 32 END), 0)" \
	"   FROM evidence e WHERE e.action_id = a.id AND " LIVE_ENTRY ")" \
	" OR a.ev_last_on IS NOT (SELECT max(seen_on) FROM evidence e WHERE e.action_id = a.id)" \
	" OR a.ev_latest_value IS NOT (SELECT value FROM evidence e WHERE e.action_id = a.id" \
	"   AND e.kind = 'outcome' AND e.value IS NOT NULL AND " LIVE_ENTRY \
	"   ORDER BY seen_on DESC, id DESC LIMIT 1)"

#endif
