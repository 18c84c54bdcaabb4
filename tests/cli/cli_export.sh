#!/bin/sh
# qip export: every list as CSV and JSON, parsed back with Python's csv and
# json modules and checked field by field against the database (read with
# Python's sqlite3 module, tests/cli/export_check.py); text with a comma, a
# quote, a line break and "Zoë"; an exact 1234567.89; --service and
# --since; the workbook of export all opened with zipfile; -o replacing a
# file whole; the refusals. Meson runs it under a decimal-comma locale too.
QIP=$1
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

# check LIST FORMAT FILE DESCRIPTION [export_check.py options]
check() {
	list=$1 fmt=$2 file=$3 desc=$4
	shift 4
	if python3 "$HERE/export_check.py" "$DB" "$list" "$fmt" "$file" --flags "$tmp/flags.json" "$@" >"$tmp/check" 2>&1
	then ok "$desc"; else not_ok "$desc"; sed 's/^/#   /' "$tmp/check"; fi
}
# flags: the screens' flags of every action, what the export's must equal.
flags() {
	"$QIP" --db "$DB" action list --status all --format json >"$tmp/flags.json"
}
# csv_ok EXPR DESCRIPTION: FILE ($csv) read with csv.DictReader as rows,
# and the Python expression EXPR is true of them.
csv_ok() {
	if python3 -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$csv" "$1" 2>"$tmp/csv-err"; then ok "$2"
	else not_ok "$2: CSV fails: $1"; sed 's/^/#   /' "$tmp/csv-err"; fi
}

TITLE='Fluids, "daily" totals for Zoë'
BASELINE='Charts not totalled
on 3 of 10 days, said "not my job"'
# A line break alone, with no comma or quote that would have it quoted anyway.
OUTCOME='Totals on every chart
for eight weeks'
NOTE='Chart audit, "totals" checked
second line: Zoë'

# Records made in January, then in March (the day every command runs on).
QIP_TODAY=2026-01-10 run init; expect_exit 0 "init"
QIP_TODAY=2026-01-10 run service add "Oakfield House"; expect_exit 0 "service"
QIP_TODAY=2026-01-10 run service add "Meadowbank"; expect_exit 0 "second service"
QIP_TODAY=2026-01-10 run person add --name "Zoë Adams" --role registered-manager --service "Oakfield House"
expect_exit 0 "a person named Zoë"
QIP_TODAY=2026-01-10 run person add --name "Ruth Adeyemi" --role quality-lead; expect_exit 0 "a quality lead"
QIP_TODAY=2026-01-10 run action add --title "$TITLE" --service "Oakfield House" --owner "Zoë Adams" \
	--due 2026-02-01 --baseline "$BASELINE" --outcome "$OUTCOME" --target 1234567.89 --unit ml --supporters "Ruth Adeyemi" \
	--risk 4x3 --key-question safe --area nutrition --source audit --source-ref 'run "7", page 2'
expect_exit 0 "an action with a comma, quotes, a line break and an exact target"
QIP_TODAY=2026-01-10 run action add --title "Nobody owns this" --service Meadowbank
expect_exit 0 "an unowned action"
QIP_TODAY=2026-01-10 run evidence add QIP-0001 --kind outcome --category processes --note "$NOTE" \
	--value 1234567.89 --date 2026-01-09
expect_exit 0 "evidence with a line break and an exact value"
run action add --title "Later action" --service Meadowbank --owner Ruth --due 2026-04-01
expect_exit 0 "an action made in March"
run evidence add QIP-0003 --kind activity --category staff --note "Training, day one"; expect_exit 0 "evidence in March"
run escalation raise QIP-0003 --reason other --to "Zoë Adams" --note 'Needs "cover", urgently'
expect_exit 0 "an escalation"
run action edit QIP-0002 --title "Nobody owns this, still"; expect_exit 0 "a January action changed in March"
flags

# --- actions: CSV and JSON, every field against the database
run export actions --format csv -o "$tmp/actions.csv"; expect_exit 0 "export actions as CSV to a file"
check actions csv "$tmp/actions.csv" "actions CSV: every field of every action"
csv="$tmp/actions.csv"
csv_ok 'rows[0]["title"] == "Fluids, \"daily\" totals for Zoë" and rows[0]["baseline"] == "Charts not totalled\non 3 of 10 days, said \"not my job\"" and rows[0]["outcome"] == "Totals on every chart\nfor eight weeks"' \
	"comma, quotes, line break and Zoë read back as typed"
csv_ok 'rows[0]["target"] == "1234567.89" and rows[0]["due"] == "2026-02-01"' "the target exactly, the date in ISO 8601"
csv_ok '[(r["ref"], r["overdue"], r["unowned"]) for r in rows] == [("QIP-0001", "true", "false"), ("QIP-0002", "false", "true"), ("QIP-0003", "false", "false")]' \
	"overdue and unowned as the rules say"
if head -c 3 "$tmp/actions.csv" | od -An -tx1 | grep -q "ef bb bf"; then not_ok "no byte-order mark without --excel"
else ok "no byte-order mark without --excel"; fi
run export actions --format csv
if cmp -s "$tmp/out" "$tmp/actions.csv"; then ok "standard output holds the same CSV as -o"; else not_ok "stdout and -o differ"; fi
run export actions --format csv --excel -o "$tmp/excel.csv"; expect_exit 0 "--excel"
check actions csv "$tmp/excel.csv" "--excel: the byte-order mark, then the same CSV" --bom
run export actions --format json; expect_exit 0 "export actions as JSON"
cp "$tmp/out" "$tmp/actions.json"
check actions json "$tmp/actions.json" "actions JSON: every field, numbers as numbers"
json_ok 'd[0]["target"] == 1234567.89 and d[0]["risk"] == 12 and d[0]["title"] == "Fluids, \"daily\" totals for Zoë" and d[1]["owner-active"] is None and d[1]["due"] is None' \
	"JSON: the exact target, integers, Zoë, null for none"

# --- filters
run export actions --format json --service Meadowbank; expect_exit 0 "--service"
cp "$tmp/out" "$tmp/svc.json"
check actions json "$tmp/svc.json" "--service: the service's actions, every field" --service Meadowbank
json_ok '[a["ref"] for a in d] == ["QIP-0002", "QIP-0003"]' "--service Meadowbank keeps its two actions"
run export actions --format csv --since 2026-02-01 -o "$tmp/since.csv"; expect_exit 0 "--since"
check actions csv "$tmp/since.csv" "--since: actions created or changed since, every field" --since 2026-02-01
csv="$tmp/since.csv"
csv_ok '[r["ref"] for r in rows] == ["QIP-0002", "QIP-0003"]' "--since leaves out the action untouched since January"

# --- the other lists
for list in evidence escalations history; do
	run export $list --format csv -o "$tmp/$list.csv"; expect_exit 0 "export $list as CSV"
	check $list csv "$tmp/$list.csv" "$list CSV: every field against the database"
	run export $list --format json -o "$tmp/$list.json"; expect_exit 0 "export $list as JSON"
	check $list json "$tmp/$list.json" "$list JSON: every field against the database"
	run export $list --format json --service "Oakfield House" --since 2026-01-09 -o "$tmp/$list-f.json"
	check $list json "$tmp/$list-f.json" "$list with --service and --since" --service "Oakfield House" --since 2026-01-09
done
csv="$tmp/evidence.csv"
csv_ok 'rows[0]["note"] == "Chart audit, \"totals\" checked\nsecond line: Zoë" and rows[0]["value"] == "1234567.89"' \
	"evidence: the note with its line break, the exact value"
run export evidence --format json --since 2026-02-01
json_ok '[e["ref"] for e in d] == ["QIP-0003"]' "evidence --since: only what was seen since"
run export escalations --format json --service "Oakfield House"
json_ok 'd == []' "escalations --service: none at Oakfield House"
run export history --format json --service Meadowbank
json_ok 'd and all(h["ref"] in ("QIP-0002", "QIP-0003") for h in d)' "history --service: only Meadowbank's actions"

# --- -o replaces a file whole, and a refusal leaves it as it was
echo "old contents" >"$tmp/keep.csv"
run export actions --format csv -o "$tmp/keep.csv"; expect_exit 0 "an existing file is replaced"
check actions csv "$tmp/keep.csv" "the replaced file holds the whole export"
cp "$tmp/keep.csv" "$tmp/keep.before"
run export actions --format csv --service Nowhere -o "$tmp/keep.csv"; expect_exit 2 "an unknown service is refused"
expect_err "Nowhere" "names the service"
if cmp -s "$tmp/keep.csv" "$tmp/keep.before"; then ok "the refused export left the file as it was"
else not_ok "the file changed"; fi
if ls -a "$tmp" | grep -q '^\.keep\.csv\.'; then not_ok "a temporary file was left behind"
else ok "no temporary file left behind"; fi
run export actions --format csv -o "$tmp/no/such/folder/a.csv"; expect_exit 1 "a folder that does not exist"
expect_err "cannot write $tmp/no/such/folder/a.csv" "says which file cannot be written"
run export actions -o "$tmp/guess.json"; expect_exit 0 "the format from -o's name"
cp "$tmp/guess.json" "$tmp/out"
json_ok 'len(d) == 3' "a .json file gets JSON"

# --- refusals, before anything is written
run export actions --format xml; expect_exit 2 "--format xml"
expect_err "--format 'xml': use csv, json or xlsx" "names the formats"
run export all --format csv; expect_exit 2 "export all as CSV"
expect_err "every list goes in one workbook" "says why"
run export actions --format json --excel; expect_exit 2 "--excel with JSON"
expect_err "--excel is for CSV" "says why"
run export actions --since "last tuesday"; expect_exit 2 "a bad --since"
expect_err "--since 'last tuesday' is not a date" "names the value"
# A workbook is never sent to a terminal (script gives it one).
if command -v script >/dev/null 2>&1; then
	script -qec "'$QIP' --db '$DB' export actions --format xlsx" /dev/null >"$tmp/tty" 2>&1
	if [ $? -eq 2 ] && grep -q "a workbook is not for the terminal" "$tmp/tty"; then ok "xlsx to a terminal refused"
	else not_ok "xlsx to a terminal: $(head -c 200 "$tmp/tty")"; fi
	# On a terminal, cells are shown escaped as all qip output is: the
	# line break in the baseline as \n, never acted on.
	script -qec "'$QIP' --db '$DB' export actions --format csv" /dev/null >"$tmp/tty" 2>&1
	if grep -qF 'Charts not totalled\non 3 of 10 days' "$tmp/tty"; then ok "CSV on a terminal: a line break in a cell shown escaped"
	else not_ok "CSV on a terminal: $(head -c 300 "$tmp/tty")"; fi
else
	ok "# SKIP xlsx to a terminal (no script command)"
	ok "# SKIP CSV on a terminal (no script command)"
fi

# --- the workbook: the demo's plan, audits included
DB="$tmp/demo.db"
run demo; expect_exit 0 "demo"
flags
for fmt in csv json; do
	run export audits --format $fmt -o "$tmp/audits.$fmt"; expect_exit 0 "export audits as $fmt"
	check audits $fmt "$tmp/audits.$fmt" "audits $fmt: every field against the database"
done
run export audits --format json --service "Oakfield House" --since 2026-01-01 -o "$tmp/audits-f.json"
check audits json "$tmp/audits-f.json" "audits with --service and --since" --service "Oakfield House" --since 2026-01-01
run export all -o "$tmp/plan.xlsx"; expect_exit 0 "export all to a workbook"
if python3 "$HERE/export_check.py" "$DB" workbook "$tmp/plan.xlsx" --flags "$tmp/flags.json" >"$tmp/check" 2>&1
then ok "workbook: five sheets, frozen headers, widths, real dates, exact numbers, overdue and unowned rows filled"
else not_ok "workbook"; sed 's/^/#   /' "$tmp/check"; fi
run export actions --format xlsx; expect_exit 0 "a workbook to a pipe or file"
if python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sys.exit(0 if "xl/worksheets/sheet1.xml" in z.namelist() and "Actions" in z.read("xl/workbook.xml").decode() else 1)' "$tmp/out"
then ok "standard output holds a workbook with the Actions sheet"; else not_ok "stdout workbook"; fi

finish
