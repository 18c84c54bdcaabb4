#!/bin/sh
# Governance meetings from the command line: start, agenda for the
# meeting date, each decision with qip review recorded against the meeting
# and the action, the closure check's refusal, the chair's end. JSON and
# TSV are parsed, never grepped.
QIP=$1
. "$(dirname "$0")/lib.sh"
QIP_SETTINGS="$tmp/none.yaml"
export QIP_SETTINGS
QIP_TODAY=2026-03-02
export QIP_TODAY

run init; expect_exit 0 "init"
run service add "Rose House"
run service add "Oak Lodge"
run person add --name "Sarah Jones" --role registered-manager --service "Rose House"
run person add --name "Ruth Adeyemi" --role quality-lead
run person add --name "Nina Patel" --role nominated-individual
run person add --name "Tom Reed" --role senior-carer --service "Rose House"
add() {   # TITLE SERVICE DUE NEXT-REVIEW [OWNER]
	run action add --title "$1" --service "$2" --due "$3" --next-review "$4" --owner "${5:-Tom Reed}" \
		--baseline "60 % of charts complete" --outcome "Charts complete" --target 95 --unit %
}
add "Review on the meeting day" "Rose House" 2026-04-30 2026-03-09;  expect_exit 0 "QIP-0001"
add "Review the day after" "Rose House" 2026-04-30 2026-03-10;       expect_exit 0 "QIP-0002"
add "Due the day before" "Rose House" 2026-03-08 2026-04-02;         expect_exit 0 "QIP-0003"
add "Due on the meeting day" "Rose House" 2026-03-09 2026-04-02;     expect_exit 0 "QIP-0004"
add "At Oak Lodge, review due" "Oak Lodge" 2026-04-30 2026-03-05;    expect_exit 0 "QIP-0005"

# Bad input names the problem and stores nothing.
run meeting start --kind weekly; expect_exit 2 "unknown kind"
expect_err "'weekly' is not a kind of meeting" "says which kind"
run meeting start --kind service; expect_exit 2 "service meeting without its service"
run meeting start --kind board --attendee "Nobody Here"; expect_exit 2 "unknown attendee"
run meeting list --format json; json_ok 'd == []' "nothing stored"

run meeting start --kind service --service "Rose House" --date 2026-03-09 --attendee "Sarah Jones" \
	--attendee ruth; expect_exit 0 "start a service meeting"
id=$(cat "$tmp/out")
run meeting show "$id" --format json
json_ok '(d["kind"] == "service" and d["date"] == "2026-03-09" and d["service"] == "Rose House"
	and d["attendees"] == "Sarah Jones, Ruth Adeyemi" and d["ended"] == "" and d["decisions"] == 0)' "show"

run meeting agenda "$id" --format json; expect_exit 0 "agenda"
json_ok '[(r["ref"], r["why"]) for r in d if r["item"] == "action"] == [
	("QIP-0003", "overdue"), ("QIP-0001", "review due")]' \
	"agenda on its date: review due on the day, overdue the day before; not the day after, not another service"
json_ok '[(r["baseline"], r["target"], r["unit"], "no outcome evidence" in r["closure"]) for r in d if r["ref"] == "QIP-0001"] == [
	("60 % of charts complete", 95, "%", True)]' \
	"an item carries baseline, target and the closure check"

run meeting start --kind provider-quality --date 2026-03-09; expect_exit 0 "provider quality meeting"
quality=$(cat "$tmp/out")
run meeting agenda "$quality" --format tsv
if python3 -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter="\t"))
sys.exit(0 if sorted(r["ref"] for r in rows) == ["QIP-0001", "QIP-0003", "QIP-0005"] else 1)' "$tmp/out"
then ok "a provider quality meeting sees every service (TSV)"; else not_ok "provider quality agenda"; fi

# Decisions before the meeting day are refused.
run review QIP-0001 --decision keep --meeting "$id"; expect_exit 1 "decision before the meeting is held"
expect_err "no decisions before it is held" "says why"

export QIP_TODAY=2026-03-09
run review QIP-0001 --decision close --meeting "$id" --reviewer Ruth --note "Charts look complete"
expect_exit 1 "close refused by the closure check"
expect_err "no outcome evidence" "with the core's reason"
# The meeting records the refusal for its minutes, once for the same
# reasons and reviewer; a refusal outside a meeting is not a meeting's.
run review QIP-0001 --decision close --meeting "$id" --reviewer Ruth --note "Charts look complete"
expect_exit 1 "the same closure refused again"
run review QIP-0001 --decision close --reviewer Ruth
expect_exit 1 "a closure refused outside the meeting"
run report minutes --meeting "$id" --format json
json_ok '[(x["action"], x["decision"], x["reviewer"], x["reason"].startswith("Charts look complete The closure check said: there is no outcome evidence")) for x in next(b for b in d["blocks"] if b.get("id") == "decisions")["rows"]] == [("QIP-0001", "Close proposed: refused by the closure check", "Ruth Adeyemi, quality lead", True)]' \
	"the minutes hold the refused closure once, with its reasons and reviewer"
run evidence add QIP-0001 --kind outcome --category observation --value 96 --note "Chart audit"
run evidence add QIP-0001 --kind outcome --category people --value 97 --note "Relatives asked"
run review QIP-0001 --decision close --meeting "$id" --reviewer Ruth --note "Two sources at target"
expect_exit 0 "close once the check passes"
run review QIP-0003 --decision extend --meeting "$id" --due 2026-05-31; expect_exit 2 "extend without a reason"
expect_err "needs its reason" "names the reason"
run review QIP-0003 --decision extend --meeting "$id" --due 2026-05-31 --note "Agency cover until May"
expect_exit 0 "extend"
run review QIP-0002 --decision reframe --meeting "$id" --outcome "Charts totalled at each handover"
expect_exit 0 "reframe"
run review QIP-0004 --decision escalate --meeting "$id" --note "No progress"; expect_exit 0 "escalate"
run review QIP-0004 --decision maybe; expect_exit 2 "unknown decision"

run action show QIP-0001 --format json
json_ok 'd["status"] == "monitoring" and d["reviewer"] == "Ruth Adeyemi"' "closed into monitoring"
run action show QIP-0003 --format json
json_ok 'd["due"] == "2026-05-31"' "extended"
run action history QIP-0002 --format json
json_ok '[(r["old"], r["new"]) for r in d if r["field"] == "outcome"] == [("Charts complete", "Charts totalled at each handover")]' \
	"reframe keeps the old wording in history"
run escalation list --format json
json_ok '[(r["ref"], r["level"]) for r in d] == [("QIP-0004", 2)]' "escalated to level 2 from a service meeting"

run meeting agenda "$id" --format json
json_ok '{r["ref"]: r["decided"] for r in d if r["item"] == "action"} == {
	"QIP-0001": "close", "QIP-0002": "reframe", "QIP-0003": "extend", "QIP-0004": "escalate"}' \
	"decided actions stay on the agenda with their decision"
run meeting show "$id" --format json; json_ok 'd["decisions"] == 4' "four decisions in the meeting"

# A decision on its own, with a date it was taken.
run review QIP-0005 --decision keep --date 2026-03-08 --note "Checked by phone"; expect_exit 0 "keep, no meeting"
run review QIP-0005 --decision keep --date 2026-03-10; expect_exit 2 "a decision in the future"

run meeting end "$id"; expect_exit 0 "the chair ends it"
expect_out "qip report minutes --meeting $id" "and is told how to print the minutes"
run meeting show "$id" --format json; json_ok 'd["ended"] != ""' "ended"
run review QIP-0002 --decision keep --meeting "$id"; expect_exit 1 "no decision after the end"
expect_err "has ended" "says so"
run meeting end "$id"; expect_exit 1 "ended twice"
run meeting list --format json
json_ok '[(r["kind"], r["ended"] != "") for r in d] == [("provider-quality", False), ("service", True)]' "list"
# A decision on another service's action is refused in a service meeting.
run meeting start --kind service --service "Rose House"; expect_exit 0 "another service meeting"
other=$(cat "$tmp/out")
run review QIP-0005 --decision keep --meeting "$other"; expect_exit 1 "another service's action"
expect_err "belongs to Oak Lodge, not Rose House" "names both services"

# Audits since the last meeting of the kind at the service: after it,
# up to and including the meeting date, with the run before and the trend.
DB="$tmp/audits.db"
QIP_DATA_DIR="$(cd "$(dirname "$0")" && pwd)/audit-data"
export QIP_DATA_DIR QIP_TODAY=2026-03-02
run init
run service add "Rose House"
run person add --name "Maria Lopez" --role nutrition-lead --service "Rose House"
run person add --name "Sarah Jones" --role registered-manager --service "Rose House"
for day in 02 05 09 20; do
	hydration "$tmp/h$day.yaml" "Room $day" through-the-day
	run audit record hydration --service "Rose House" --date "2026-02-$day" --answers "$tmp/h$day.yaml"
	expect_exit 0 "hydration audit on 2026-02-$day"
done
run meeting start --kind service --service "Rose House" --date 2026-02-05; expect_exit 0 "the earlier meeting"
run meeting start --kind service --service "Rose House" --date 2026-02-20; expect_exit 0 "the meeting"
run meeting agenda 2 --format json
json_ok '[(r["run"], r["service"], r["title"]) for r in d if r["item"] == "audit"] == [("2026-02-09", "Rose House", "Hydration and fluid chart audit"), ("2026-02-20", "Rose House", "Hydration and fluid chart audit")]' \
	"audits after the last meeting (not on its day) up to the meeting date"
json_ok '[(r["why"], round(r["score"], 2)) for r in d if r["item"] == "audit"] == [("failed, previous 86.66666666666667, below target twice", 86.67)] * 2' \
	"each audit with its score, its result, the score before it and the trend warning"
run meeting agenda 1 --format json
json_ok '[r["run"] for r in d if r["item"] == "audit"] == ["2026-02-02", "2026-02-05"]' "the first meeting: every audit up to its date"
finish
