#!/bin/sh
# qip check (escalation by rule), qip settings and qip escalation ack, run
# as cron and an administrator would. JSON is parsed, never grepped.
QIP=$1
. "$(dirname "$0")/lib.sh"
# No settings file of the machine's own may change what is tested.
QIP_SETTINGS="$tmp/none.yaml"
export QIP_SETTINGS

run init; expect_exit 0 "init"
run service add "Rose House"
run person add --name "Sarah Jones" --role registered-manager --service "Rose House"
run person add --name "Nina Patel" --role nominated-individual
run person add --name "Tom Reed" --role senior-carer --service "Rose House"
QIP_TODAY=2026-02-10 run action add --title "Fridge temperatures recorded daily" --service "Rose House" \
	--owner "Tom Reed" --due 2026-02-20; expect_exit 0 "overdue action"
QIP_TODAY=2026-02-10 run action add --title "Hydration totals signed" --service "Rose House" --due 2026-05-01
expect_exit 0 "unowned action"

run check --dry-run --format json; expect_exit 0 "dry run"
json_ok '[(r["event"], r["ref"], r["rule"], r["id"]) for r in d] == [("raised", "QIP-0001", "overdue", None), ("raised", "QIP-0002", "unowned", None)]' \
	"dry run says what it would raise, with no ids"
run escalation list --format json
json_ok 'd == []' "dry run raised nothing"

run check --format json; expect_exit 0 "check"
json_ok '[(r["event"], r["ref"], r["rule"], r["level"], r["assigned"], r["why"]) for r in d] == [
	("raised", "QIP-0001", "overdue", 1, "Sarah Jones", "overdue by 10 days (due 2026-02-20)"),
	("raised", "QIP-0002", "unowned", 1, "Sarah Jones", "it has no accountable owner")]' \
	"raises overdue and unowned at level 1 to the registered manager"
run escalation list --format json
json_ok 'sorted((r["ref"], r["rule"], r["level"]) for r in d) == [("QIP-0001", "overdue", 1), ("QIP-0002", "unowned", 1)]' \
	"escalation list shows the rule"
run check --format json; expect_exit 0 "check again"
json_ok 'd == []' "run twice, raises nothing new"

QIP_TODAY=2026-03-06 run check --format json
json_ok '[(r["event"], r["ref"], r["from"], r["level"], r["assigned"]) for r in d] == [("level-up", "QIP-0001", 1, 2, "Nina Patel")]' \
	"overdue by 14 days: raised to level 2, to the nominated individual"

run action assign QIP-0002 "Tom Reed"; expect_exit 0 "assign"
run check --format json
json_ok '[(r["event"], r["ref"], r["why"]) for r in d] == [("resolved", "QIP-0002", "qip check: it has an active owner again")]' \
	"reassigned: resolved with the reason"
run escalation list --all --format json
json_ok '[r["decision"] for r in d if r["ref"] == "QIP-0002"] == ["qip check: it has an active owner again"]' \
	"the decision is recorded, the escalation kept"

# Acknowledging: only the person it is assigned to.
run escalation ack 1; expect_exit 1 "ack by someone else refused"
expect_err "only they can acknowledge it" "says who may"
run escalation ack 99; expect_exit 2 "unknown escalation"

# Settings: show, check with positions, import.
run settings show --format json; expect_exit 0 "settings show"
json_ok '{r["key"]: (r["value"], r["from"]) for r in d}["overdue-level-2-days"] == ("14", "default")' "defaults shown with their source"
cat >"$tmp/bad.yaml" <<'YAML'
escalation:
  stale-days: 20
  overdue-dayz: 3
  unowned: maybe
YAML
run settings check "$tmp/bad.yaml"; expect_exit 2 "bad settings file"
expect_err "bad.yaml:3:3: " "unknown key at its line and column"
expect_err "bad.yaml:4:12: 'unowned' must be true or false" "bad switch at its line and column"
run settings import "$tmp/bad.yaml"; expect_exit 2 "bad file not imported"
cat >"$tmp/good.yaml" <<'YAML'
escalation:
  overdue-level-2-days: 7
  overdue-level-3-days: 10
YAML
run settings check "$tmp/good.yaml"; expect_exit 0 "good settings file"
run settings import "$tmp/good.yaml"; expect_exit 0 "import"
run settings show --format json
json_ok '{r["key"]: (r["value"], r["from"]) for r in d}["overdue-level-3-days"] == ("10", "database")' "imported settings in force"
cp "$tmp/bad.yaml" "$tmp/qip-settings.yaml"
run check; expect_exit 2 "a bad file next to the database stops check"
expect_err "qip-settings.yaml:3:3: " "and says where"
rm "$tmp/qip-settings.yaml"
run person add --name "Bob Board" --role board-member
QIP_TODAY=2026-03-10 run check; expect_exit 0 "check, as a table for cron mail"
expect_out "level-up" "the table names the event"
run escalation list --format json
json_ok '[(r["ref"], r["level"], r["assigned"]) for r in d] == [("QIP-0001", 3, "Bob Board")]' \
	"with level 3 at 10 days, overdue by 18 days goes to the board"
# Layers that make sense alone but not together: refused, and show says where each comes from.
printf 'escalation:\n  overdue-days: 8\n' >"$tmp/qip-settings.yaml"
run check; expect_exit 2 "settings that do not climb stop check"
expect_err "overdue-days 8, overdue-level-2-days 7, overdue-level-3-days 10" "and give the numbers"
run settings show --format json; expect_exit 2 "settings show says so too"
json_ok '{r["key"]: (r["value"], r["from"]) for r in d}["overdue-days"] == ("8", "'"$tmp"'/qip-settings.yaml")' \
	"and still shows where each comes from"
# --- audits: a missed audit escalates the actions its findings raised and
# is resolved when the audit is done; a repeat finding the audit escalated
# itself, once a person resolved it, is not raised again by the rules.
DB="$tmp/audit.db"
# Overdue stays at level 1 for a month, so that only the repeat finding asks for level 2.
printf 'escalation:\n  overdue-level-2-days: 30\n  overdue-level-3-days: 40\n' >"$tmp/qip-settings.yaml"
QIP_DATA_DIR="$(cd "$(dirname "$0")" && pwd)/audit-data"
export QIP_DATA_DIR
run init
run service add "Rose House"
run person add --name "Maria Lopez" --role nutrition-lead --service "Rose House"
run person add --name "Sarah Jones" --role registered-manager --service "Rose House"
run person add --name "Nia Okafor" --role quality-lead
hydration "$tmp/h1.yaml" "Room 4" through-the-day
run audit record hydration --service "Rose House" --date 2026-02-02 --answers "$tmp/h1.yaml"; expect_exit 0 "audit run 1"
hydration "$tmp/h2.yaml" "Room 5" through-the-day millilitres
run audit record hydration --service "Rose House" --date 2026-02-09 --answers "$tmp/h2.yaml"; expect_exit 0 "audit run 2: a repeat finding"
run check --format json
json_ok '[(r["event"], r["ref"], r["rule"], r["level"], r["why"]) for r in d] == [
	("raised", "QIP-0002", "missed-audit", 1, "an audit whose findings raised it is overdue (due 2026-02-16)")]' \
	"the weekly audit missed: the action it raised escalated at level 1 (QIP-0001 already has the repeat at level 2)"
run escalation resolve 1 --decision "Hydration plan rewritten"; expect_exit 0 "the repeat's escalation resolved by a person"
run check --format json
json_ok '[(r["event"], r["ref"], r["rule"], r["level"]) for r in d] == [("raised", "QIP-0001", "overdue", 1)]' \
	"the repeat finding is not raised again at level 2; the action's other reason (overdue 21 days) is, at level 1"
hydration "$tmp/h3.yaml" "Room 6"
run audit record hydration --service "Rose House" --date 2026-03-02 --answers "$tmp/h3.yaml"; expect_exit 0 "the audit done"
run check --format json
json_ok '[(r["event"], r["ref"], r["why"]) for r in d] == [("resolved", "QIP-0002", "qip check: the audit was done")]' \
	"the missed audit's escalation resolved with the reason"
run check --format json
json_ok 'd == []' "and a second run changes nothing"
finish
