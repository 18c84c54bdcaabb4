#!/bin/sh
# qip demo: a realistic plan covering every status and every flag, evidence
# of both kinds in all six categories, escalations at every level, a leaver
# who still owns actions, and a refusal to fill a plan twice.
# Usage: demo_test.sh PATH/TO/qip    (TAP output; exit 1 when a check fails)
QIP=$1
export QIP_TODAY=2026-03-02 TZ=Europe/London LANG=C.UTF-8 LC_ALL=C.UTF-8
. "$(dirname "$0")/lib.sh"

# tsv_col NAME FILE: prints column NAME (by the header row) of a TSV file.
tsv_col() {
	awk -F '\t' -v col="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
		c { print $c }' "$2"
}

# has WORD FILE DESCRIPTION: one line of FILE is WORD exactly.
has() {
	if grep -qxF -- "$1" "$2"; then ok "$3"; else not_ok "$3: no '$1' in: $(sort -u "$2" | tr '\n' ' ')"; fi
}

run demo
expect_exit 0 "demo fills a new database"
expect_out "Demo provider written" "demo reports what it wrote"

run action list --status all --format tsv
expect_exit 0 "action list after the demo"
cp "$tmp/out" "$tmp/actions.tsv"
actions=$(($(wc -l <"$tmp/actions.tsv") - 1))
if [ "$actions" -ge 30 ]; then ok "$actions actions (30 or more)"; else not_ok "only $actions actions, wanted 30 or more"; fi

tsv_col status "$tmp/actions.tsv" >"$tmp/statuses"
for s in open in-progress monitoring closed reopened; do
	has "$s" "$tmp/statuses" "an action is $s ($(grep -cxF -- "$s" "$tmp/statuses"))"
done

tsv_col flags "$tmp/actions.tsv" | tr ',' '\n' | sed '/^$/d' >"$tmp/flags"
for f in overdue unowned due-soon review-overdue stale no-outcome single-category target-not-met extended; do
	has "$f" "$tmp/flags" "an action is flagged $f ($(grep -cxF -- "$f" "$tmp/flags"))"
done

# Closed actions carry no flags; unowned covers both no owner and a leaver.
awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
	$h["status"] == "closed" && $h["flags"] != "" { print $h["ref"] }' "$tmp/actions.tsv" >"$tmp/bad"
if [ ! -s "$tmp/bad" ]; then ok "closed actions carry no flags"; else not_ok "closed with flags: $(cat "$tmp/bad")"; fi
awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
	$h["flags"] ~ /(^|,)unowned(,|$)/ { print ($h["owner"] == "" ? "none" : $h["owner"] ~ / \(left\)$/ ? "left" : "other") }' \
	"$tmp/actions.tsv" >"$tmp/unowned"
has none "$tmp/unowned" "an action has no owner at all"
has left "$tmp/unowned" "an action's owner has left"
tsv_col owner "$tmp/actions.tsv" >"$tmp/owners"
has "José Ferreira" "$tmp/owners" "an owner's name has an accent (UTF-8)"

run person list --left --format tsv
expect_exit 0 "person list --left"
tsv_col name "$tmp/out" >"$tmp/leavers"
if [ -s "$tmp/leavers" ]; then ok "a leaver still owns open actions: $(tr '\n' ' ' <"$tmp/leavers")"
else not_ok "person list --left lists nobody"; fi
run person list --all --format tsv
people=$(($(wc -l <"$tmp/out") - 1))
if [ "$people" -ge 12 ]; then ok "$people people (12 or more)"; else not_ok "only $people people, wanted 12 or more"; fi
expect_out "Zoë Okafor" "a person's name has an accent (UTF-8)"

# Evidence: both kinds, all six categories, values, at least one correction.
header=yes
for ref in $(tsv_col ref "$tmp/actions.tsv"); do
	if [ $header = yes ]; then
		"$QIP" --db "$DB" evidence list "$ref" --format tsv >"$tmp/evidence.tsv"
		header=no
	else
		"$QIP" --db "$DB" evidence list "$ref" --format tsv | sed 1d >>"$tmp/evidence.tsv"
	fi
done
tsv_col kind "$tmp/evidence.tsv" >"$tmp/kinds"
for k in activity outcome; do has "$k" "$tmp/kinds" "evidence of kind $k"; done
tsv_col category "$tmp/evidence.tsv" >"$tmp/categories"
for c in people staff partners observation processes outcomes; do
	has "$c" "$tmp/categories" "evidence in category $c"
done
tsv_col value "$tmp/evidence.tsv" | grep -q '[0-9]' && ok "evidence carries measured values" || not_ok "no evidence has a value"
tsv_col corrects "$tmp/evidence.tsv" | grep -q '[0-9]' && ok "an entry corrects another" || not_ok "no correction in the demo"
tsv_col source "$tmp/evidence.tsv" >"$tmp/sources"
for s in "MAR file" "supervision notes" "governance minutes"; do has "$s" "$tmp/sources" "evidence from the $s"; done

run escalation list --all --format tsv
expect_exit 0 "escalation list --all"
cp "$tmp/out" "$tmp/escalations.tsv"
tsv_col level "$tmp/escalations.tsv" >"$tmp/levels"
for l in 1 2 3; do has "$l" "$tmp/levels" "an escalation at level $l"; done
tsv_col resolved "$tmp/escalations.tsv" | grep -q . && ok "some escalations are resolved" || not_ok "no escalation resolved"
tsv_col resolved "$tmp/escalations.tsv" | grep -q '^$' && ok "some escalations are open" || not_ok "no escalation open"

# Audits (issue 10), read straight from the file with SQL: runs at every
# service, a repeat finding escalated, an action reopened by a re-audit,
# audit scores as outcome evidence, a recovery frequency, an overdue audit.
# audit_check NAME PYTHON-EXPRESSION: q(sql) gives the rows of a query.
audit_check() {
	if python3 - "$DB" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
q = lambda sql: db.execute(sql).fetchall()
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
	then ok "$1"; else not_ok "$1"; fi
}
audit_check "complete audit runs at every service" \
	'len(q("SELECT DISTINCT service_id FROM audit_run WHERE status = \x27complete\x27")) == len(q("SELECT id FROM service"))'
audit_check "every run is dated before today" 'q("SELECT max(run_on) FROM audit_run")[0][0] < "2026-03-02"'
audit_check "a repeat finding is marked on the run and escalated at level 2 as recurring" \
	'q("SELECT count(*) FROM audit_proposal p JOIN escalation e ON e.action_id = p.action_id WHERE p.repeat = 1 AND e.level = 2 AND e.reason = \x27recurring\x27")[0][0] > 0 and q("SELECT count(*) FROM audit_answer WHERE repeat = 1")[0][0] > 0'
audit_check "an action raised by an audit went from monitoring to reopened after a re-audit below target" \
	'q("SELECT count(*) FROM action a WHERE a.status = \x27reopened\x27 AND a.id IN (SELECT action_id FROM audit_proposal) AND EXISTS (SELECT 1 FROM history h WHERE h.entity = \x27action\x27 AND h.entity_id = a.id AND h.field = \x27status\x27 AND h.old = \x27monitoring\x27 AND h.new = \x27reopened\x27) AND EXISTS (SELECT 1 FROM evidence e WHERE e.action_id = a.id AND e.source LIKE \x27audit run %\x27 AND e.value < a.target_value)")[0][0] > 0'
audit_check "audit scores are outcome evidence on the actions earlier runs raised" \
	'q("SELECT count(*) FROM evidence WHERE kind = \x27outcome\x27 AND category = \x27processes\x27 AND source LIKE \x27audit run %\x27 AND value IS NOT NULL")[0][0] > 0'
audit_check "a service in recovery has a temporary weekly MAR frequency still in force" \
	'q("SELECT count(*) FROM audit_frequency WHERE template_key = \x27mar\x27 AND frequency = \x27weekly\x27 AND until_on >= \x272026-03-02\x27")[0][0] == 1'
audit_check "a monthly audit was last done over a month ago (overdue)" \
	'q("SELECT count(*) FROM (SELECT r.service_id, t.key, max(r.run_on) AS last FROM audit_run r JOIN audit_template t ON t.id = r.template_id WHERE t.frequency = \x27monthly\x27 AND r.status = \x27complete\x27 GROUP BY r.service_id, t.key) WHERE last < date(\x272026-03-02\x27, \x27-1 month\x27)")[0][0] > 0'
audit_check "a falling trend: the last three infection audits at one service each fell" \
	'(lambda s: len(s) >= 4 and s[-1] < s[-2] < s[-3] < s[-4])([r[0] for r in q("SELECT r.score FROM audit_run r JOIN audit_template t ON t.id = r.template_id WHERE t.key = \x27infection-prevention\x27 ORDER BY r.run_on")])'
audit_check "every action an audit raised went to a person holding its role" \
	'q("SELECT count(*) FROM audit_proposal WHERE owner_id IS NULL")[0][0] == 0 and q("SELECT count(*) FROM audit_proposal")[0][0] > 0'
audit_check "service roles name the medicines lead and the registered manager" \
	'q("SELECT count(DISTINCT role) FROM service_role WHERE role IN (\x27medicines-lead\x27, \x27registered-manager\x27)")[0][0] == 2'
audit_check "escalations raised by the rules (qip check, nightly) are open today" \
	'q("SELECT count(*) FROM escalation WHERE rule IS NOT NULL AND rule <> \x27\x27 AND resolved_on IS NULL")[0][0] > 0'
audit_check "escalations the rules raised were resolved by them when their reason stopped holding" \
	'q("SELECT count(*) FROM escalation WHERE rule IS NOT NULL AND rule <> \x27\x27 AND resolved_on IS NOT NULL AND decision LIKE \x27qip check:%\x27")[0][0] > 0'
audit_check "an action closed with a reviewer and, its monitoring window passed with no fall, sustained" \
	'q("SELECT count(*) FROM action WHERE status = \x27closed\x27 AND sustained = 1 AND closure_reviewer_id IS NOT NULL")[0][0] > 0'
audit_check "every action in monitoring got there by a closure that passed its check (a reviewer, no override)" \
	'q("SELECT count(*) FROM action WHERE status = \x27monitoring\x27 AND (closure_reviewer_id IS NULL OR closure_override IS NOT NULL)")[0][0] == 0 and q("SELECT count(*) FROM action WHERE status = \x27monitoring\x27")[0][0] > 0'
audit_check "the audits' actions have due dates spread over weeks, not one day per run" \
	'all(n == 1 for (n,) in q("SELECT count(*) FROM action a JOIN audit_proposal p ON p.action_id = a.id WHERE p.status = \x27accepted\x27 GROUP BY p.run_id, a.due_on"))'

# Governance meetings (issue 11): one of each kind in the past, each ended
# by its chair, with decisions recorded against it: a closure challenged and
# refused by the closure check, an extension with its reason.
run meeting list --format json
json_ok 'sorted(r["kind"] for r in d) == ["board", "provider-quality", "service"] and all(r["ended"] and r["decisions"] > 0 and r["date"] < "2026-03-02" for r in d)' \
	"past meetings of each kind, ended, with decisions"
audit_check "a closure challenged in a meeting: refused by the check (recorded with its reasons), then kept open" \
	'q("SELECT count(*) FROM meeting_refusal f JOIN review v ON v.meeting_id = f.meeting_id AND v.action_id = f.action_id AND v.decision = \x27keep-open\x27 AND v.decided_at >= f.refused_at WHERE f.reasons LIKE \x27the latest measured outcome%\x27")[0][0] >= 1'
audit_check "an extension in a meeting with its reason and new date" \
	'q("SELECT count(*) FROM review WHERE meeting_id IS NOT NULL AND decision = \x27extend\x27 AND new_due_on IS NOT NULL AND length(reason) > 20")[0][0] >= 1'

# A second demo is refused and changes nothing.
run demo
if [ "$status" -ne 0 ]; then ok "a second demo is refused (exit $status)"; else not_ok "a second demo succeeded"; fi
expect_err "already holds" "says the plan is not empty"
run action list --status all --format tsv
again=$(($(wc -l <"$tmp/out") - 1))
if [ "$again" -eq "$actions" ]; then ok "the refused demo left $actions actions"
else not_ok "action count went from $actions to $again"; fi

finish
