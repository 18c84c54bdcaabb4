#!/bin/sh
# QIP_TODAY on a real database: an installed qip (here a copy of the
# built one outside the build tree) judges by that day, says so, and
# records nothing, so no variable re-dates the record or gets round
# "evidence cannot be in the future". The build tree's qip (the tests,
# tools/demo) dates records by it, as every other test relies on.
. "$(dirname "$0")/lib.sh"
mkdir "$tmp/bin"
cp "$1" "$tmp/bin/qip"
QIP="$tmp/bin/qip"
real_day=$(TZ=Europe/London date +%Y-%m-%d)

unset QIP_TODAY
# run_on DAY ARGS...: runs qip with QIP_TODAY=DAY.
run_on() {
	day=$1; shift
	QIP_TODAY=$day "$QIP" --db "$DB" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
}
run init; expect_exit 0 "init without QIP_TODAY"
run action add --title "MAR charts complete" --target 95 --unit %; expect_exit 0 "an action"

run_on 2031-01-06 evidence add QIP-0001 --kind outcome --category processes --note "Audit" --value 100 --date 2031-01-06
expect_exit 1 "a 2031 QIP_TODAY does not let 2031 evidence in"
expect_err "judging as of 6 Jan 2031 (QIP_TODAY)" "and says qip judges as of that day"
expect_err "nothing was written" "and that nothing was written"
run_on 2024-03-01 evidence add QIP-0001 --kind outcome --category processes --note "Audit" --value 94
expect_exit 1 "a 2024 QIP_TODAY records nothing either"
run evidence list QIP-0001 --format json; json_ok 'd == []' "no evidence was recorded"

run_on 2024-03-01 action list --format json
expect_exit 0 "looking as of another day works"
json_ok '[a["ref"] for a in d] == ["QIP-0001"]' "and lists the plan"
expect_err "as of 1 Mar 2024 (QIP_TODAY)" "and says on stderr which day it judges by"

run_on $real_day evidence add QIP-0001 --kind outcome --category processes --note "Audit" --value 94
expect_exit 0 "QIP_TODAY set to the real day changes nothing and records"
run action history QIP-0001 --format json

python3 -c 'import json, sys, datetime
d = json.load(open(sys.argv[1]))
now = datetime.datetime.now(datetime.timezone.utc).date()
ok = {str(now), str(now - datetime.timedelta(days=1))}
sys.exit(0 if d and all(h["at"][:10] in ok for h in d) else 1)' "$tmp/out" &&
	ok "every history row is dated by the clock" || not_ok "a history row is not dated by the clock"

# The build tree's qip still dates by QIP_TODAY (the tests and the demo).
QIP=$1
run_on 2026-03-02 evidence add QIP-0001 --kind activity --category staff --note "Training"
expect_exit 0 "the uninstalled qip records on QIP_TODAY"
run evidence list QIP-0001 --format json
json_ok 'sorted(e["date"] for e in d)[0] == "2026-03-02"' "dated 2 March 2026"
finish
