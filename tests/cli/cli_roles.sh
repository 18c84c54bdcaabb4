#!/bin/sh
# Roles from the command line: each role's refusals, with the message that
# names the roles needed; whoami; role list; an account that is nobody.
# The test runs as one Unix account, so it changes that account's own role
# behind qip's back (python3's sqlite3) to act as each role in turn.
QIP=$1
. "$(dirname "$0")/lib.sh"
QIP_TODAY=${QIP_TODAY:-2026-03-02}; export QIP_TODAY
# The small hydration template of cli_audit, for an audit by a senior carer.
QIP_DATA_DIR="$(cd "$(dirname "$0")" && pwd)/audit-data"; export QIP_DATA_DIR

# sql_outside SQL ARGS...: runs one statement on the database outside qip,
# with the functions its history and chain triggers call (qip_sql); fails unless it changed one row.
sql_outside() {
	python3 - "$DB" "$@" <<'EOF'
import sqlite3, sys
from qip_sql import stand_in
c = stand_in(sqlite3.connect(sys.argv[1]))
if c.execute(sys.argv[2], sys.argv[3:]).rowcount != 1:
    sys.exit("changed no row")
c.commit()
EOF
}

# become ROLE [SERVICE]: the account running the test now holds ROLE (at SERVICE).
become() {
	if sql_outside "UPDATE person SET role = ?, service_id = (SELECT id FROM service WHERE name = ?) WHERE login = ?" \
		"$1" "${2:-}" "$me"; then ok "now a $1"; else not_ok "could not become a $1"; fi
}

# err_is TEXT DESCRIPTION: stderr is exactly the one line "qip: TEXT".
err_is() {
	if [ "$(cat "$tmp/err")" = "qip: $1" ]; then ok "$2"; else not_ok "$2: stderr is not 'qip: $1'"; fi
}

run init; expect_exit 0 "init"
me=$("$QIP" --db "$DB" person list --format json | python3 -c 'import json, sys; print(next(p["login"] for p in json.load(sys.stdin) if p["role"] == "admin"))')
run service add "Oak House"; expect_exit 0 "service"
run service add "Elm Court"; expect_exit 0 "second service"
run person add --name "Ann Shaw" --role admin --login ashaw; expect_exit 0 "a second admin"
run person add --name "Sarah Jones" --role registered-manager --login sjones --service "Oak House"; expect_exit 0 "manager"
run person add --name "Ruth Adeyemi" --role quality-lead --login radeyemi; expect_exit 0 "quality lead"
run person add --name "Grace Obi" --role board-member --login gobi; expect_exit 0 "board member"
run action add --title "Night checks" --service "Oak House" --owner "$me"; expect_exit 0 "an action the tester owns"
run action add --title "Fridge temperatures" --service "Elm Court" --owner radeyemi; expect_exit 0 "an Elm Court action"

# whoami and role list, as the admin that init made.
run whoami --format json; expect_exit 0 "whoami"
json_ok 'd["login"] == "'"$me"'" and d["role"] == "admin" and d["across-services"] == "yes" and "managing people" in d["may"]' \
	"whoami: login, role admin, across services, may manage people"
run role list --format json; expect_exit 0 "role list"
json_ok '{r["role"]: r["may"].split() for r in d}["deputy-manager"] == ["actions", "resolve-1"] and {r["role"]: r["across"] for r in d}["quality-lead"] == "yes"' \
	"role list: the deputy manages actions and resolves level 1; the quality lead acts across services"
json_ok '[r["role"] for r in d if "admin" in r["may"].split()] == ["admin"]' "role list: only admin manages people"
json_ok '[r["role"] for r in d if "restore" in r["may"].split()] == ["admin"]' "role list: only admin restores a backup"

# A senior carer at Oak House.
become senior-carer "Oak House"
run whoami --format json; expect_exit 0 "whoami as a senior carer"
json_ok 'd["role"] == "senior-carer" and d["role-title"] == "senior carer" and d["services"] == "Oak House" and d["across-services"] == "no"' \
	"whoami: role and service"
run whoami; expect_exit 0 "whoami as a table"
expect_out "senior carer" "the table names the role in words"
run evidence add QIP-0002 --kind activity --category processes --note "Fridge checked"; expect_exit 0 "logs evidence on any action"
run action edit QIP-0001 --baseline "3 of 10 signed"; expect_exit 0 "edits their own action"
run action close QIP-0001 --reason "Done" --reviewer radeyemi; expect_exit 1 "may not close"
err_is "closing an action needs an admin, registered manager, quality lead or nominated individual; you are a senior carer" \
	"the refusal names the roles that may, and theirs"
run action assign QIP-0001 sjones; expect_exit 1 "may not reassign"
err_is "managing actions needs an admin, registered manager, deputy manager, quality lead or nominated individual; you are a senior carer" \
	"says who may"
run action edit QIP-0001 --owner sjones; expect_exit 1 "may not hand on their own action by edit"
run action edit QIP-0002 --title "Fridge temperatures twice daily"; expect_exit 1 "may not edit another's action"
expect_err "needs its owner or an admin" "says the owner may"
run person add --name "Mallory" --role admin --login mallory; expect_exit 1 "may not add an admin"
err_is "managing people, services, roles, templates and settings needs an admin; you are a senior carer" "says an admin may"
run person leave "Ann Shaw" --yes; expect_exit 1 "may not mark the admin as left"
run service add "Birch Lodge"; expect_exit 1 "may not add a service"
# Answering an audit is anyone's; its findings wait for a manager.
hydration "$tmp/h1.yaml" "Room 4" through-the-day
run audit record hydration --service "Oak House" --answers "$tmp/h1.yaml"; expect_exit 0 "records an audit"
expect_out "No actions raised" "raises no action itself"
expect_out "1 finding awaits a decision on the Audits screen by an admin, registered manager, deputy manager, quality lead or nominated individual of the service" \
	"says the finding waits for a manager"
run audit show 1 --format json; expect_exit 0 "audit show"
json_ok 'd["result"] == "failed" and d["actions"] == "through-the-day: proposed"' "the run is recorded, failed, its finding proposed and not accepted"
run action list --status all --format json; expect_exit 0 "still reads the plan"
json_ok '{a["ref"]: a["owner"] for a in d} == {"QIP-0001": "'"$me"'", "QIP-0002": "Ruth Adeyemi"}' "nothing changed hands"
run person list --format json
json_ok 'not any(p["login"] == "mallory" for p in d) and any(p["name"] == "Ann Shaw" for p in d)' "no admin added, none removed"

# A registered manager at Oak House: Oak House's actions, not Elm Court's.
become registered-manager "Oak House"
run action assign QIP-0001 sjones; expect_exit 0 "assigns an action of their service"
run action assign QIP-0002 sjones; expect_exit 1 "not an action of another service"
err_is "managing actions of a service not yours needs an admin, quality lead or nominated individual; you are a registered manager at Oak House" \
	"names the service they manage"
run escalation raise QIP-0002 --level 2 --to Ruth --reason overdue; expect_exit 0 "anyone raises an escalation"
esc=$(cat "$tmp/out")
run escalation resolve "$esc" --decision "Sorted"; expect_exit 1 "may not resolve level 2"
expect_err "resolving a level-2 escalation needs" "says which level"

# A quality lead: across services, level 2, not level 3.
become quality-lead
run action assign QIP-0002 sjones; expect_exit 0 "assigns across services"
run escalation resolve "$esc" --decision "Fridge replaced"; expect_exit 0 "resolves level 2"
run escalation raise QIP-0001 --level 3 --to Grace --reason overdue; expect_exit 0 "raise to the board"
board=$(cat "$tmp/out")
run escalation resolve "$board" --decision "Spend agreed"; expect_exit 1 "may not resolve level 3"
err_is "resolving a level-3 escalation needs an admin or board member; you are a quality lead" "names the board"
run person edit Sarah --role quality-lead; expect_exit 1 "roles are the admin's to give"
# Restoring throws away everyone's later records: not even a quality lead.
run backup "$tmp/before-restore.db"; expect_exit 0 "backs the database up"
run restore --yes "$tmp/before-restore.db"; expect_exit 1 "may not restore it"
err_is "restoring the database from a backup needs an admin; you are a quality lead" "the refusal is the table's"

# A board member resolves level 3.
become board-member
run escalation resolve "$board" --decision "Spend agreed"; expect_exit 0 "the board resolves level 3"
run escalation list --all --format json; expect_exit 0 "escalation list"
json_ok 'sorted(e["decision"] for e in d if e["decision"]) == ["Fridge replaced", "Spend agreed"]' "both decisions recorded, nothing else"

# An account that is not a person: refused in one line naming the admins.
sql_outside "UPDATE person SET login = 'someone-else' WHERE login = ?" "$me" && ok "the account is nobody now" ||
	not_ok "could not take the login away"
run action list; expect_exit 1 "nobody may not even read"
err_is "your login '$me' is not a person in this qip database: ask an admin, Ann Shaw (login ashaw) to add you (qip person add --name NAME --role ROLE --login $me)" \
	"one line, naming the admin to ask"
run whoami; expect_exit 1 "whoami refused too"
# qip(1): cron must run qip check as a person; anyone else hears whom to ask.
run check; expect_exit 1 "qip check (as cron would run it) refused too"
expect_err "is not a person in this qip database: ask an admin" "naming whom to ask"
run --read-only action list; expect_exit 1 "read-only is no way round"
finish
