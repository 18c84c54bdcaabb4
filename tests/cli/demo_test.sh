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

# A second demo is refused and changes nothing.
run demo
if [ "$status" -ne 0 ]; then ok "a second demo is refused (exit $status)"; else not_ok "a second demo succeeded"; fi
expect_err "already holds" "says the plan is not empty"
run action list --status all --format tsv
again=$(($(wc -l <"$tmp/out") - 1))
if [ "$again" -eq "$actions" ]; then ok "the refused demo left $actions actions"
else not_ok "action count went from $actions to $again"; fi

finish
