#!/bin/sh
# qip escalation as the governance issue names it: raise ID (a level up;
# up stays as its other name), raise REF (a new one), list --level N,
# reassign and resolve --decision, end to end. JSON is parsed, never grepped.
QIP=$1
. "$(dirname "$0")/lib.sh"
QIP_SETTINGS="$tmp/none.yaml"; export QIP_SETTINGS
QIP_TODAY=2026-03-02; export QIP_TODAY

run init; expect_exit 0 "init"
run service add "Rose House"
run person add --name "Sarah Jones" --role registered-manager --service "Rose House"
run person add --name "Lena Kowalczyk" --role deputy-manager --service "Rose House"
run person add --name "Nina Patel" --role nominated-individual
run person add --name "Bob Board" --role board-member
run person add --name "Tom Reed" --role senior-carer --service "Rose House"
run action add --title "Fridge log" --service "Rose House" --owner Tom --due 2026-04-01
run action add --title "Hydration totals" --service "Rose House" --owner Tom --due 2026-04-01

run escalation raise QIP-0001 --reason overdue; expect_exit 0 "raise REF: a new escalation"
first=$(cat "$tmp/out")
run escalation raise QIP-0002 --reason weak-evidence --level 2; expect_exit 0 "raise REF at level 2"
second=$(cat "$tmp/out")
run escalation list --format json
json_ok '[(str(e["id"]), e["level"], e["ref"], e["assigned"]) for e in d] == [("'"$second"'", 2, "QIP-0002", "Nina Patel"), ("'"$first"'", 1, "QIP-0001", "Sarah Jones")]' \
	"list: both, highest level first, to the usual people"

run escalation list --level 1 --format json; expect_exit 0 "list --level 1"
json_ok '[e["ref"] for e in d] == ["QIP-0001"] and all(e["level"] == 1 for e in d)' "only level 1"
run escalation list --level 3 --format json
json_ok 'd == []' "nothing at level 3"
run escalation list --level 4; expect_exit 2 "list --level 4 refused"
expect_err "--level '4': use 1" "names the levels"

run escalation raise "$first" --note "Still no fridge log"; expect_exit 0 "raise ID: a level higher"
run escalation list --level 2 --format json
json_ok 'sorted(e["ref"] for e in d) == ["QIP-0001", "QIP-0002"] and [e for e in d if e["ref"] == "QIP-0001"][0]["assigned"] == "Nina Patel" and [e for e in d if e["ref"] == "QIP-0001"][0]["note"] == "Still no fridge log"' \
	"raise ID took QIP-0001 to level 2, to the nominated individual, with the note"
run escalation up "$first"; expect_exit 0 "up: the same, by its other name"
run escalation list --level 3 --format json
json_ok '[(e["ref"], e["assigned"]) for e in d] == [("QIP-0001", "Bob Board")]' "up took it to the board"
run escalation raise "$first"; expect_exit 1 "raise ID at the board refused"
expect_err "already at the provider board" "says why"
run escalation raise "$first" --level 2; expect_exit 2 "raise ID with --level refused"
expect_err "is an escalation's id" "says an id with no reason goes a level higher"
run escalation raise 2 --reason overdue; expect_exit 1 "with --reason a number is an action: QIP-0002, already escalated"
expect_err "QIP-0002" "names the action"
run escalation raise 999; expect_exit 2 "raise an unknown id"
expect_err "no escalation 999" "says so"

run escalation reassign "$second" --to Sarah; expect_exit 0 "reassign at the same level"
run escalation list --format json
json_ok '[(e["level"], e["assigned"]) for e in d if e["ref"] == "QIP-0002"] == [(2, "Sarah Jones")]' "reassigned, level kept"
run escalation reassign "$second" --to Sarah; expect_exit 1 "reassign to the same person refused"
expect_err "already assigned to Sarah Jones" "says so"
run escalation reassign "$second"; expect_exit 2 "reassign without --to"
expect_err "--to NAME" "says what is missing"
run action history QIP-0002 --format json
json_ok 'any(h["field"] == "assigned" and h["new"] == "Sarah Jones" for h in d) or any("Sarah Jones" in (h.get("new") or "") and h["entity"] == "escalation" for h in d)' \
	"the history records the reassignment"

run escalation resolve "$second"; expect_exit 2 "resolve without --decision refused"
expect_err "a decision is needed" "says so"
run escalation resolve "$second" --decision "Pharmacist audit booked"; expect_exit 0 "resolve with a decision"
run escalation list --all --format json
json_ok '[(e["ref"], e["decision"], e["resolved"]) for e in d if str(e["id"]) == "'"$second"'"] == [("QIP-0002", "Pharmacist audit booked", "2026-03-02")]' \
	"resolved with the decision and the day; nothing deleted"
run escalation list --format json
json_ok '[e["ref"] for e in d] == ["QIP-0001"]' "the open list leaves it out"
run escalation reassign "$second" --to Lena; expect_exit 1 "a resolved escalation is not reassigned"
expect_err "already resolved" "says so"
finish
