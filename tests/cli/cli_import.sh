#!/bin/sh
# qip import plan: messy spreadsheet plans (title rows above the header,
# blank rows, a BOM, Windows-1252, multi-line cells, dates in both orders)
# made into actions, checked by reading the actions back as JSON; a dry run
# stores nothing; one bad row and nothing is imported; the same file again
# creates nothing twice; --map and --create-people.
QIP=$1
. "$(dirname "$0")/lib.sh"
data="$(cd "$(dirname "$0")" && pwd)/import-data"
export QIP_TODAY=2026-11-22
"$QIP" --db "$DB" init >/dev/null 2>&1

# actions_json: every action, closed ones too, as JSON in $tmp/out.
actions_json() {
	"$QIP" --db "$DB" action list --status all --sort ref --format json >"$tmp/out" 2>"$tmp/err"
}
people_json() {
	"$QIP" --db "$DB" person list --all --format json >"$tmp/out" 2>"$tmp/err"
}

# --- unknown owners: listed, with their row and column; nothing imported
run import plan "$data/rose-house.csv"
expect_exit 2 "owners not found are a problem"
expect_err "rose-house.csv:6:Lead person: no person is named 'Zoë Price'" "the problem names file, row and column"
if grep -qx -- "$data/rose-house.csv:8:Lead person: no person is named 'Tom Hale': add them (qip person add) or use --create-people" "$tmp/err"
then ok "a problem line starts with the file, as a compiler's does"; else not_ok "no problem line starts with the file"; fi
expect_err "rose-house.csv:10:Lead person: no person is named 'Priya Shah'" "every row with an unknown owner"
expect_out "people not found: Zoë Price, Tom Hale, Priya Shah" "the unknown names are listed once each"
actions_json; json_ok 'd == []' "nothing was imported"

# --- a dry run prints each row and stores nothing, not even the people
run import plan --dry-run --create-people "$data/rose-house.csv"
expect_exit 0 "dry run"
expect_out "header on row 4" "the header is found below the title rows"
expect_out 'row 6: would create QIP-0001 "Daily MAR spot checks by the shift lead"' "row 6 would become an action"
expect_out 'row 8: would create QIP-0002 "Fridge log on the door; weekly review by the deputy"' \
	"a multi-line quoted cell is one row, its lines joined in the title"
expect_out "row 5: skipped, a heading with no action" "a section heading is skipped"
expect_out "would add person 'Tom Hale'" "the people it would add"
actions_json; json_ok 'd == []' "a dry run stores no action"
people_json; json_ok 'not any(p["name"] == "Zoë Price" for p in d)' "a dry run adds nobody"

# --- the import
run import plan --create-people "$data/rose-house.csv"
expect_exit 0 "import with --create-people"
expect_out "created 3 actions, added 3 people; 3 rows skipped" "three actions, three people, a blank row and two headings skipped"
actions_json
json_ok '[a["ref"] for a in d] == ["QIP-0001", "QIP-0002", "QIP-0003"]' "three actions"
json_ok '[a["owner"] for a in d] == ["Zoë Price", "Tom Hale", "Priya Shah"]' "owners from the UTF-8 sheet with a BOM"
json_ok '[a["due"] for a in d] == ["2026-11-21", "2026-11-30", "2026-12-31"]' "British dates (21/11/2026)"
json_ok '[a["status"] for a in d] == ["in-progress", "in-progress", "open"]' "amber and green in progress, red open"
json_ok 'all("no-outcome" in a["flags"].split(",") for a in d)' "each carries the usual flags: no outcome evidence"
people_json; json_ok '{p["name"]: p["role"] for p in d if p["name"] in ("Zoë Price", "Tom Hale", "Priya Shah")} == {"Zoë Price": "staff", "Tom Hale": "staff", "Priya Shah": "staff"}' \
	"--create-people added them as staff"

run action show QIP-0001 --format json
json_ok 'd["baseline"] == "MAR charts had gaps: 3 of 10 unsigned"' "the issue identified is the baseline"
json_ok 'd["key-question"] == "safe" and d["source-ref"] == "rose-house.csv ref 1.1"' "key question, and where it came from"
run action show QIP-0002 --format json
json_ok 'd["supporters"] == "Zoë Price"' "'Tom Hale / Zoë Price': an owner and a supporter"
run action show QIP-0003 --format json
json_ok 'd["key-question"] == "well-led"' "'Well led' is the key question well-led"

run evidence list QIP-0001 --format json
json_ok '[(e["date"], e["kind"], e["note"]) for e in d] == [("2026-10-12", "activity", "checks started on both floors")]' \
	"a progress note is activity evidence dated as the sheet says"
run evidence list QIP-0002 --format json
json_ok 'sorted((e["date"], e["kind"]) for e in d) == [("2026-11-15", "activity"), ("2026-11-22", "activity")]' \
	"an undated note on the import date; the completion on its date"
json_ok 'any("marks this complete on 15 Nov 2026" in e["note"] and "closure check" in e["note"] for e in d)' \
	"a completed row says so in its evidence, and is not closed"

# --- the same file again creates nothing twice
run import plan --create-people "$data/rose-house.csv"
expect_exit 0 "the same file again"
expect_out "row 6: skipped, imported before as QIP-0001" "each row says which action it became"
expect_out "created 0 actions, added 0 people; 6 rows skipped" "nothing created twice"
actions_json; json_ok 'len(d) == 3' "still three actions"

# --- Windows-1252 (Zoë as byte 0xEB), an unknown header read with --map
run import plan --dry-run "$data/excel-1252.csv"
expect_out "not UTF-8, read as Windows-1252" "Windows-1252 is detected"
expect_out "column 'Person doing it' is not imported" "a header it does not know is named"
run import plan --map 'Person doing it=owner' "$data/excel-1252.csv"
expect_exit 0 "import with --map"
actions_json
json_ok '[(a["title"], a["owner"], a["due"], a["area"]) for a in d[3:]] == [("Write PRN protocols with the GP \u2013 one per person", "Zoë Price", "2026-11-21", "medicines"), ("Weekly CD check signed by two staff", "Zoë Price", "2026-12-05", "medicines")]' \
	"0xEB is ë and 0x96 an en dash; 21-Nov-26 and 05/12/2026 (5 December)"
run evidence list QIP-0005 --format json
json_ok '[(e["date"], e["note"]) for e in d] == [("2026-11-03", "first check done\nsecond due")]' \
	"a note starting with a date is dated so, its lines kept"

# --- dates year first
run import plan --date-format ymd "$data/bad-date.csv"
expect_exit 2 "day/month/year under --date-format ymd"
expect_err "bad-date.csv:3:Target date: '30/11/2026' is not a date: write year/month/day" "is refused with the form to use"
run import plan --date-format ymd "$data/ymd.csv"
expect_exit 0 "year-first dates"
actions_json; json_ok '[a["due"] for a in d[5:]] == ["2026-12-01", "2027-01-15"]' "2026/12/01 is 1 December"

# --- a bad row: nothing is imported, each problem named
run import plan "$data/bad-date.csv"
expect_exit 2 "a sheet with a bad date"
expect_err "bad-date.csv:4:Target date: '31/02/2026' is not a date" "the bad date with its row and column"
expect_err "bad-date.csv:5:RAG: 'Purple' is not a RAG rating" "and every other problem"
expect_err "2 problems: nothing imported" "says nothing was imported"
actions_json; json_ok 'len(d) == 7 and not any(a["title"] == "Hand hygiene audit monthly" for a in d)' \
	"the good row before the bad one is not stored either"

# --- files that are not a plan
printf 'Just a note\nnothing else\n' >"$tmp/none.csv"
run import plan "$tmp/none.csv"; expect_exit 2 "no header"; expect_err "no header row in the first 30 rows" "says so"
printf '\377\376R\000e\000f\000' >"$tmp/utf16.csv"
run import plan "$tmp/utf16.csv"; expect_exit 2 "UTF-16"; expect_err "save it as \"CSV UTF-8\"" "says how to save it"
printf 'Ref,Action,Owner\n1,"never closed\n' >"$tmp/open-quote.csv"
run import plan "$tmp/open-quote.csv"; expect_exit 2 "a quote never closed"; expect_err "open-quote.csv:2: a quote (\") out of place, or a quoted field that never ends" "says so, with the row"
printf 'Ref,Action,Owner\n1,Do this,\n1,Do that,\n' >"$tmp/twice.csv"
run import plan "$tmp/twice.csv"; expect_exit 2 "a ref twice"; expect_err "twice.csv:3:Ref: ref '1' is also on row 2" "names both rows"
run import plan --map 'Owner=boss' "$tmp/twice.csv"; expect_exit 2 "--map with an unknown field"
expect_err "unknown field 'boss'" "names the field"
run import plan "$tmp/missing.csv"; expect_exit 2 "a missing file"; expect_err "missing.csv" "names it"
actions_json; json_ok 'len(d) == 7' "none of these stored anything"

finish
