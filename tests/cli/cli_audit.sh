#!/bin/sh
# qip audit and qip service roles, run as an auditor scripting entry would:
# runs recorded from answers files, what they raise (actions from the
# audit, repeat findings escalated at level 2, outcome evidence on earlier
# actions, reopening from monitoring), answers-file problems at
# FILE:LINE:COLUMN with nothing recorded, due dates at their boundary days,
# trends with early warnings. JSON and TSV are parsed, never grepped.
QIP=$1
. "$(dirname "$0")/lib.sh"
# The runs below are worked out by hand against fixed copies of the MAR and
# hydration templates (tests/cli/audit-data, version 1), so this test checks
# the command line, not the bundled templates' current wording, which
# tests/unit/test_template.c and the demo test cover.
QIP_DATA_DIR="$(cd "$(dirname "$0")" && pwd)/audit-data"
export QIP_DATA_DIR

# expect_err_line LINE DESCRIPTION: stderr has exactly this line
expect_err_line() {
	if grep -qxF -- "$1" "$tmp/err"; then ok "$2"; else not_ok "$2: stderr lacks the line '$1'"; fi
}

# runs: how many audit runs the database holds (audit list as JSON).
runs() {
	"$QIP" --db "$DB" audit list --format json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))'
}

run init; expect_exit 0 "init"
run service add "Rose House"; expect_exit 0 "service added"
run person add --name "Maria Lopez" --role medicines-lead; expect_exit 0 "medicines lead added"
run person add --name "Nia Okafor" --role quality-lead; expect_exit 0 "quality lead added (level 2 of the escalation queue)"

# --- service roles: set by a name's start (said in full), list, clear
run service roles "Rose House" --set medicines-lead=Mar; expect_exit 0 "role set"
expect_out "'Mar' is Maria Lopez (medicines-lead)" "a name matched by its start is said in full"
expect_out "medicines-lead at Rose House: Maria Lopez" "the mapping is echoed"
run service roles "Rose House" --format json; expect_exit 0 "roles listed"
json_ok 'd == [{"role": "medicines-lead", "person": "Maria Lopez"}]' "the list holds the mapping"
run service roles "Rose House" --set medicines-lead=; expect_exit 0 "role cleared"
run service roles "Rose House" --format json
json_ok 'd == []' "a cleared role is gone"
run service roles "Rose House" --set medicines-lead; expect_exit 2 "--set without = refused"
run service roles "Rose House" --set medicines-lead=Nobody; expect_exit 2 "an unknown person refused"
run service roles "Rose House" --format json
json_ok 'd == []' "nothing set by a refused --set"
run service roles "Rose House" --set nutrition-lead="Maria Lopez" --set registered-manager="Nia Okafor"; expect_exit 0 "two roles at once"
run service roles "Rose House" --format tsv
if python3 -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter="\t"))
sys.exit(0 if {r["role"]: r["person"] for r in rows} == {"nutrition-lead": "Maria Lopez", "registered-manager": "Nia Okafor"} else 1)' "$tmp/out"
then ok "TSV lists both roles"; else not_ok "TSV roles"; fi

# --- a failing hydration run: score, result, band, the action it raised
hydration "$tmp/h1.yaml" "Room 4" through-the-day
run audit record hydration --service "Rose House" --date 2026-02-02 --answers "$tmp/h1.yaml"
expect_exit 0 "hydration run 1 recorded"
expect_out "Recorded audit run 1:" "the run's number is printed"
expect_out "Score: 86.66666666666667% (13 of 15)" "the score is exact, with its points"
expect_out "Result: failed (target 95%)" "the result against the target"
expect_out "Band: none" "the band (the template has none)"
ref1=$(sed -n 's/^Raised \([A-Z]*-[0-9]*\): .*/\1/p' "$tmp/out")
[ -n "$ref1" ] && ok "the action raised is named ($ref1)" || not_ok "no action ref printed"
run action show "$ref1" --format json; expect_exit 0 "the raised action exists"
json_ok 'd["source"] == "audit" and d["owner"] == "Maria Lopez"' "its source is the audit and its owner the service's nutrition lead"

run audit show 1 --format json; expect_exit 0 "audit show"
json_ok 'd["score"] == 86.66666666666667 and d["earned"] == 13 and d["available"] == 15 and d["result"] == "failed" and d["date"] == "2026-02-02" and d["subjects"] == "Room 4"' "show: exact score, ISO date, subject"

# Monitoring: the next run's score below target reopens it.
# (Closed by override, confirmed by the quality lead: an edit of the status
# may not put it in monitoring.)
run action close "$ref1" --reason "Charts totalled" --reviewer Nia --override "Checked on the floor"
expect_exit 0 "action put in monitoring"

# --- the same failure again: a repeat finding escalated at level 2,
# outcome evidence on the earlier action, which is reopened
hydration "$tmp/h2.yaml" "Room 5" through-the-day millilitres
run audit record hydration --service "Rose House" --date 2026-02-09 --answers "$tmp/h2.yaml"
expect_exit 0 "hydration run 2 recorded"
expect_out "Score: 80% (12 of 15)" "run 2 score"
# The earlier action is still open (reopened below): the repeat is merged
# into it rather than made a second action for the same failure.
expect_out "Merged into $ref1: " "the repeat finding goes to the earlier open action"
expect_out "repeat finding), escalated at level 2" "the repeat finding and its escalation are said"
expect_out "Outcome evidence added to $ref1; reopened" "evidence and reopening are said"
ref2=$(sed -n "s/^Raised \([A-Z]*-[0-9]*\): .*'millilitres'.*/\1/p" "$tmp/out")
[ -n "$ref2" ] && [ "$ref2" != "$ref1" ] && ok "a new action for the new failure ($ref2)" || not_ok "no new action for millilitres"
run escalation list --format json
json_ok "[(e['ref'], e['level'], e['reason']) for e in d] == [('$ref1', 2, 'recurring')]" "one level-2 recurring escalation, on the repeat's action"
run evidence list "$ref1" --format json; expect_exit 0 "evidence of the earlier action"
json_ok 'any(e["kind"] == "outcome" and e["category"] == "processes" and e["value"] == 80 for e in d)' "the score is outcome evidence on the earlier action"
run action show "$ref1" --format json
json_ok 'd["status"] == "reopened"' "the earlier action is reopened from monitoring"
run audit show 2 --format json
json_ok '"through-the-day: failed 1 of 1, repeat" in d["findings"].split("; ")' "show marks the repeat finding"

# --- a sampled MAR run with a section asked once, all passing
cat >"$tmp/mar.yaml" <<'YAML'
samples:
  - subject: Room 4
    answers: &mar
      photo: yes
      allergies: yes
      signed: yes
      refusals: na
      handwritten: na
      corrections: yes
      stock: yes
      time-critical: na
      prn-protocol: yes
      prn-recorded: yes
      topical: na
  - subject: AB
    answers:
      photo: yes
      allergies: yes
      signed: yes
      refusals: yes
      handwritten: {value: yes, note: two signatures seen}
      corrections: yes
      stock: yes
      time-critical: yes
      prn-protocol: na
      prn-recorded: na
      topical: yes
answers:
  fridge-temperature: 5.5
  fridge-record: yes
  room-temperature: 21
  cd-register: yes
  secure: yes
  storage: good
YAML
# An anchor is refused like any other problem (ydoc's limits).
run audit record mar --service "Rose House" --date 2026-02-10 --answers "$tmp/mar.yaml"
expect_exit 2 "an anchor in the answers file is refused"
expect_err "$tmp/mar.yaml:3:14: anchors (&mar) are not allowed" "the anchor is named at its line and column"
sed -i 's/answers: &mar/answers:/' "$tmp/mar.yaml"
run audit record mar --service "Rose House" --date 2026-02-10 --answers "$tmp/mar.yaml"
expect_exit 0 "MAR run recorded"
expect_out "Score: 100% (" "MAR scores 100"
expect_out "Result: passed (target 95%)" "MAR passes"
expect_out "No actions raised" "a clean run raises nothing"
run audit show 3 --format json
json_ok 'd["template"] == "mar" and d["subjects"] == "Room 4; AB" and d["result"] == "passed" and d["score"] == 100' "show: MAR run with both subjects"

# --- answers-file problems: FILE:LINE:COLUMN, nothing recorded
before=$(runs)
bad() { # bad NAME DESCRIPTION LINE...: the file's text, one argument a line
	name=$1 desc=$2
	shift 2
	printf '%s\n' "$@" >"$tmp/$name.yaml"
}
hydration "$tmp/unknown.yaml" "Room 6"
sed -i 's/      total: yes/      totl: yes/' "$tmp/unknown.yaml"
run audit record hydration --service "Rose House" --answers "$tmp/unknown.yaml"; expect_exit 2 "unknown question refused"
expect_err_line "$tmp/unknown.yaml:8:7: the hydration template has no question 'totl' (did you mean 'total'?)" "unknown question at its key"
expect_err_line "$tmp/unknown.yaml:4:7: no answer to 'total' for Room 6" "the question left unanswered is named too"
expect_err "nothing recorded" "says nothing was recorded"

hydration "$tmp/missing.yaml" "Room 6"
sed -i '/      preferences: yes/d' "$tmp/missing.yaml"
run audit record hydration --service "Rose House" --answers "$tmp/missing.yaml"; expect_exit 2 "missing answer refused"
expect_err_line "$tmp/missing.yaml:4:7: no answer to 'preferences' for Room 6" "missing answer at the subject's answers"

hydration "$tmp/na.yaml" "Room 6"
sed -i 's/      identifies: yes/      identifies: na/' "$tmp/na.yaml"
run audit record hydration --service "Rose House" --answers "$tmp/na.yaml"; expect_exit 2 "N/A where not allowed refused"
expect_err_line "$tmp/na.yaml:4:19: 'identifies' cannot be answered N/A: answer yes or no" "N/A refused at its value"

cat >"$tmp/fridge.yaml" <<'YAML'
qip-template: 1
key: fridge-check
version: 1
title: Fridge check
frequency: daily
target: 100
sections:
  - title: Fridge
    questions:
      - id: temperature
        text: Fridge temperature now
        type: number
        min: 2
        max: 8
        lowest: -5
        highest: 30
      - id: log
        text: Log kept
        type: yes-no
YAML
run template import "$tmp/fridge.yaml"; expect_exit 0 "an unsampled template with a reading range imported"
bad range "" "answers:" "  temperature: 55" "  log: yes"
run audit record fridge-check --service "Rose House" --answers "$tmp/range.yaml"; expect_exit 2 "number out of range refused"
expect_err_line "$tmp/range.yaml:2:16: '55' cannot be a reading for 'temperature': it takes from -5 up to 30" "out-of-range number at its value"
bad dup "" "answers:" "  temperature: 5" "  log: yes" "  log: no"
run audit record fridge-check --service "Rose House" --answers "$tmp/dup.yaml"; expect_exit 2 "duplicate key refused"
expect_err "$tmp/dup.yaml:4:3: " "the duplicate key is named at its position"
bad sampled "" "samples:" "  - subject: A" "    answers: {temperature: 5, log: yes}"
run audit record fridge-check --service "Rose House" --answers "$tmp/sampled.yaml"; expect_exit 2 "samples on an unsampled template refused"
expect_err_line "$tmp/sampled.yaml:2:3: the fridge-check template does not sample: give its answers under 'answers' only" "samples refused at their position"
after=$(runs)
[ "$before" = "$after" ] && ok "no problem file recorded a run ($after runs)" || not_ok "runs went from $before to $after"
run audit list --format json
json_ok 'all(r["status"] == "complete" for r in d)' "no draft run was left behind"

# A good unsampled run (a reading outside min..max fails, not refused).
bad fridge-ok "" "answers:" "  temperature: 9.5" "  log: {value: yes, note: daily}"
run audit record fridge-check --service "Rose House" --date 2026-02-20 --answers "$tmp/fridge-ok.yaml"; expect_exit 0 "unsampled run recorded"
expect_out "Result: failed (target 100%)" "a reading outside min..max fails the question"

# --- list filters and TSV
run audit list --template hydration --format tsv; expect_exit 0 "list as TSV"
if python3 -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter="\t"))
sys.exit(0 if [(r["run"], r["date"], r["score"]) for r in rows] == [("2", "2026-02-09", "80"), ("1", "2026-02-02", "86.66666666666667")] else 1)' "$tmp/out"
then ok "TSV: hydration runs newest first, ISO dates, exact scores"; else not_ok "TSV list"; fi
run audit list --service "No Such Place"; expect_exit 2 "an unknown service refused"

# --- due at the boundary days: hydration is weekly, last done 9 Feb
due_of() { # due_of TODAY: "due overdue" of hydration at Rose House
	QIP_TODAY=$1 "$QIP" --db "$DB" audit due --service "Rose House" --format json | python3 -c 'import json, sys
r = [x for x in json.load(sys.stdin) if x["template"] == "hydration"][0]
print(r["due"], r["overdue"], r["last_done"])'
}
[ "$(due_of 2026-02-16)" = "2026-02-16 no 2026-02-09" ] && ok "due on the seventh day, not overdue" || not_ok "on 16 Feb: $(due_of 2026-02-16)"
[ "$(due_of 2026-02-17)" = "2026-02-16 yes 2026-02-09" ] && ok "overdue the day after" || not_ok "on 17 Feb: $(due_of 2026-02-17)"
QIP_TODAY=2026-03-30 run audit due --service "Rose House" --format json
json_ok '[x["words"] for x in d if x["template"] == "hydration"] == ["Hydration and fluid chart audit at Rose House last done 7 weeks ago"]' "a missed audit said in words"

# --- trend: two below target, then three falls in a row
trend_warning() {
	"$QIP" --db "$DB" audit trend hydration --service "Rose House" --format json | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(len(d), d[-1]["warning"], [x["warning"] for x in d[:-1]] == [""] * (len(d) - 1))'
}
[ "$(trend_warning)" = "2 below target twice in a row True" ] && ok "two results below target warn" || not_ok "trend after 2: $(trend_warning)"
hydration "$tmp/h3.yaml" "Room 7"
run audit record hydration --service "Rose House" --date 2026-02-16 --answers "$tmp/h3.yaml"; expect_exit 0 "a passing run"
[ "$(trend_warning)" = "3  True" ] && ok "a pass clears the warning" || not_ok "trend after 3: $(trend_warning)"
hydration "$tmp/h4.yaml" "Room 7" millilitres
run audit record hydration --service "Rose House" --date 2026-02-23 --answers "$tmp/h4.yaml"; expect_exit 0 "run 4"
hydration "$tmp/h5.yaml" "Room 7" millilitres preferences
run audit record hydration --service "Rose House" --date 2026-02-24 --answers "$tmp/h5.yaml"; expect_exit 0 "run 5"
[ "$(trend_warning)" = "5 below target twice in a row True" ] && ok "two falls are not yet a falling trend" || not_ok "trend after 5: $(trend_warning)"
hydration "$tmp/h6.yaml" "Room 7" millilitres preferences identifies
run audit record hydration --service "Rose House" --date 2026-02-25 --answers "$tmp/h6.yaml"; expect_exit 0 "run 6"
[ "$(trend_warning)" = "6 falling: three falls in a row; below target twice in a row True" ] && ok "three falls in a row warn" || not_ok "trend after 6: $(trend_warning)"
run audit trend hydration --service "Rose House" --format json
json_ok '[x["score"] for x in d] == [86.66666666666667, 80, 100, 93.33333333333333, 86.66666666666667, 80] and d[1]["change"] == -6.666666666666671 and d[0]["date"] == "2026-02-02"' "trend scores exact, oldest first, with changes"
run audit trend hydration --service "Rose House"; expect_exit 0 "trend table"
expect_out "falling: three falls" "the table shows the warning"

# --- a service in recovery audits more often for a while
due_of() {   # due_of KEY: "due frequency temporary" of KEY at Rose House
	"$QIP" --db "$DB" audit due --service "Rose House" --format json |
		python3 -c 'import json, sys; r = next(x for x in json.load(sys.stdin) if x["template"] == sys.argv[1]); print(r["due"], r["frequency"], r["temporary"])' "$1"
}
before=$(due_of mar)
run audit frequency mar --service "Rose House" --every weekly --until +8w; expect_exit 0 "weekly MAR audits for eight weeks"
expect_out "mar audits at Rose House are due weekly up to and including 2026-04-27" "says until when, as a date"
case "$(due_of mar)" in *" weekly yes") ok "due lists MAR weekly, marked temporary" ;; *) not_ok "due after setting: $(due_of mar)" ;; esac
run audit frequency mar --service "Rose House" --every annually --until +8w; expect_exit 2 "a looser frequency refused"
expect_err "is not more often than the template's own" "says why"
run audit frequency mar --service "Rose House" --every weekly --until 2026-01-01; expect_exit 2 "an end in the past refused"
run audit frequency mar --service "Rose House" --every weekly; expect_exit 2 "--until is required"
run audit frequency mar --service "Rose House" --end; expect_exit 0 "ended"
[ "$(due_of mar)" = "$before" ] && ok "back to the template's own frequency" || not_ok "after --end: $(due_of mar), before: $before"

finish
