#!/bin/sh
# Closure with proof from the command line: sustain, triangulation of
# outcome evidence, the reviewer, the override, and show's JSON after.
QIP=$1
. "$(dirname "$0")/lib.sh"
# The day every command runs on (a later day is given where it matters).
QIP_TODAY=${QIP_TODAY:-2026-03-02}; export QIP_TODAY
# No settings file of the machine's own may change the monitoring window.
QIP_SETTINGS="$tmp/none.yaml"; export QIP_SETTINGS

run init; expect_exit 0 "init"
run service add "Oakfield House"; expect_exit 0 "service"
run person add --name "Sarah Jones" --role registered-manager --service "Oakfield House"; expect_exit 0 "owner"
run person add --name "Ruth Adeyemi" --role quality-lead; expect_exit 0 "quality lead"
run person add --name "Tom Reed" --role senior-carer; expect_exit 0 "senior carer"
run action add --title "MAR charts complete" --owner Sarah --target 95 --unit % --sustain 3-readings
expect_exit 0 "add with --sustain"
# No edit of the status enters monitoring, or closes: only close, which
# runs the closure check; the refusal names the command.
run action edit QIP-0001 --status monitoring; expect_exit 1 "edit --status monitoring refused"
expect_err "only close puts QIP-0001 in monitoring (qip action close QIP-0001" "names close"
run action edit QIP-0001 --status closed; expect_exit 2 "edit --status closed refused"
expect_err "use close, which runs the closure check" "names close"
run action show QIP-0001 --format json
json_ok 'd["status"] == "open" and d["monitoring-until"] == ""' "the status did not change"
run action add --title "Bad" --sustain "six weeks"; expect_exit 2 "bad --sustain"
expect_err "sustain 'six weeks' must be" "names the bad value"
for day in -14 -7; do
	run evidence add QIP-0001 --kind outcome --category processes --note "Weekly MAR audit" --value 96 --date "$day"
	expect_exit 0 "reading at target on day $day"
done
run action close QIP-0001 --reason "Two weeks at target" --reviewer Ruth; expect_exit 1 "refused"
expect_err "2 consecutive readings at target, 3 needed" "counts the readings"
expect_err "all outcome evidence is from one category (processes)" "one source of outcome evidence"
run evidence add QIP-0001 --kind outcome --category observation --note "Round observed" --value 97
run action close QIP-0001 --reason "Three weeks" --reviewer Sarah; expect_exit 1 "the owner may not confirm"
expect_err "the reviewer, Sarah Jones, owns the action" "says so"
run action close QIP-0001 --reason "Three weeks" --reviewer Tom; expect_exit 1 "a senior carer may not confirm"
expect_err "is not in a role that may confirm closure" "says so"
run action close QIP-0001 --reason "Three weeks at target, observed" --reviewer Ruth; expect_exit 0 "close"
run action show QIP-0001 --format json
json_ok 'd["status"] == "monitoring" and d["reviewer"] == "Ruth Adeyemi" and d["override"] == "no" and d["sustain"] == "3-readings" and d["monitoring-until"] != ""' \
	"show: monitoring, reviewer, no override, sustain, window end"
run action list --format json
json_ok '[a["ref"] for a in d] == ["QIP-0001"]' "monitoring stays in the default list"
run action edit QIP-0001 --status in-progress; expect_exit 1 "edit out of monitoring refused"
expect_err "only reopen takes QIP-0001 out of monitoring, with a reason (qip action reopen QIP-0001" "names reopen"
run action edit QIP-0001 --status monitoring --title "MAR charts complete and signed"; expect_exit 0 "an edit leaving the status as it is saves"
run action show QIP-0001 --format json
json_ok 'd["status"] == "monitoring" and d["title"] == "MAR charts complete and signed"' "still monitoring, new title"
QIP_TODAY=2026-03-03 run evidence add QIP-0001 --kind outcome --category processes --note "Spot check" --value 80
expect_exit 0 "a low reading, the day after the closure"
QIP_TODAY=2026-03-03 run action show QIP-0001 --format json
json_ok 'd["status"] == "reopened" and d["monitoring-until"] == ""' "the low reading reopened it"
run action history QIP-0001 --format json
json_ok 'any("outcome below target while in monitoring" in (h.get("new") or "") for h in d)' "history says why"

run action add --title "Night checks" --owner Sarah --target 95
run evidence add QIP-0002 --kind outcome --category processes --note "Audit" --value 90
run action close QIP-0002 --reason "Service closing" --reviewer Ruth --override ""; expect_exit 2 "empty override"
run action close QIP-0002 --reason "Service closing" --reviewer Ruth --override "Residents moved out"
expect_exit 0 "override"
run action show QIP-0002 --format json
json_ok 'd["override"] == "yes" and d["override-reason"] == "Residents moved out"' "show marks the override"
json_ok 'd["monitoring-until"] == "2026-05-02"' "monitoring for two monthly cycles by default"

# The monitoring window is the provider's setting (monitoring.cycles).
printf 'monitoring:\n  cycles: 0\n' >"$tmp/cycles0.yaml"
run settings check "$tmp/cycles0.yaml"; expect_exit 2 "no cycles at all is refused"
expect_err "cycles0.yaml:2:11: " "at its line and column"
printf 'monitoring:\n  cycles: 25\n' >"$tmp/cycles25.yaml"
run settings check "$tmp/cycles25.yaml"; expect_exit 2 "25 cycles is past the limit"
expect_err "cycles25.yaml:2:11: " "at its line and column"
printf 'monitoring:\n  cycles: 3\n' >"$tmp/cycles3.yaml"
run settings import "$tmp/cycles3.yaml"; expect_exit 0 "import three cycles"
run settings show --format json
json_ok '{r["key"]: (r["value"], r["from"]) for r in d}["monitoring.cycles"] == ("3", "database")' "in force"
run action add --title "Fridge log" --owner Sarah --target 95
run evidence add QIP-0003 --kind outcome --category processes --note "Audit" --value 90
run action close QIP-0003 --reason "Moved" --reviewer Ruth --override "Fridge replaced"; expect_exit 0 "close"
run action show QIP-0003 --format json
json_ok 'd["monitoring-until"] == "2026-06-02"' "monitoring for three monthly cycles"
printf 'monitoring:\n  cycles: x\n' >"$tmp/qip-settings.yaml"
run action add --title "Hoist checks" --owner Sarah --target 95
run evidence add QIP-0004 --kind outcome --category processes --note "Audit" --value 90
run action close QIP-0004 --reason "Moved" --reviewer Ruth --override "Hoist replaced"; expect_exit 2 "a bad settings file stops a closure"
expect_err "qip-settings.yaml:2:11: " "saying where"
run action show QIP-0004 --format json
json_ok 'd["status"] == "open"' "and nothing was closed"
rm "$tmp/qip-settings.yaml"
finish
