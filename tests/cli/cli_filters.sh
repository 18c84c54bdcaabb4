#!/bin/sh
# action list filters: needs attention (overdue OR unowned OR review
# overdue), by CQC key question and by quality statement (id or name).
# The listed refs are read from the JSON output.
QIP=$1
. "$(dirname "$0")/lib.sh"

# refs: the refs of the last run's JSON list, space separated, in order.
refs() {
	python3 -c 'import json, sys; print(" ".join(a["ref"] for a in json.load(sys.stdin)))' < "$tmp/out"
}
# expect_refs WANTED DESCRIPTION
expect_refs() {
	got=$(refs)
	if [ "$got" = "$1" ]; then ok "$2"; else not_ok "$2: listed '$got', wanted '$1'"; fi
}

run init; expect_exit 0 "init"
run person add --name "Sarah Jones" --role registered-manager --login sjones; expect_exit 0 "owner"
# 1 overdue; 2 unowned; 3 review overdue; 4 none of them. (That a closed
# action never needs attention is tested on generated actions in
# tests/unit/test_action.c.)
run action add --title "MAR charts signed" --owner sjones --due 2026-02-20 --cadence monthly \
	--key-question safe --statements medicines-optimisation; expect_exit 0 "overdue action"
run action add --title "Fluid charts totalled" --due 2026-06-01 --key-question effective \
	--statements assessing-needs; expect_exit 0 "unowned action"
run action add --title "Call bells answered" --owner sjones --due 2026-06-01 --next-review 2026-02-25 \
	--key-question safe --statements safeguarding; expect_exit 0 "review overdue action"
run action add --title "Menus offer choice" --owner sjones --due 2026-06-01 --cadence monthly \
	--key-question responsive; expect_exit 0 "action needing nothing"

run action list --attention --sort ref --format json; expect_exit 0 "--attention"
expect_refs "QIP-0001 QIP-0002 QIP-0003" "--attention: overdue, unowned or review overdue"
run action list --key-question safe --sort ref --format json; expect_exit 0 "--key-question"
expect_refs "QIP-0001 QIP-0003" "--key-question safe"
run action list --statement medicines-optimisation --format json
expect_refs "QIP-0001" "--statement by id"
run action list --statement "Assessing needs" --format json
expect_refs "QIP-0002" "--statement by its CQC name"
run action list --attention --key-question safe --statement medicines-optimisation --format json
expect_refs "QIP-0001" "filters combine"
run action list --key-question unsafe; expect_exit 2 "bad key question"
expect_err "--key-question 'unsafe'" "names it"
run action list --statement "Medicine optimization"; expect_exit 2 "unknown statement"
expect_err "'Medicine optimization' is not a quality statement" "names it"
run action show 1 --attention; expect_exit 2 "--attention is for list"

finish
