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

# --- long lists: one statement stepped to the end (the CLI once printed
# 500-row pages). 1,250 actions, due dates out of ref order, some without
# one, some closed: every list comes out complete, in order, once each.
DB="$tmp/long.db"
run init
run person add --name "Sarah Jones" --role registered-manager --login sjones
run action add --title "Seed" --owner sjones --due 2026-02-20; expect_exit 0 "seed action"
# Copies of the seed written straight into the file (qip's SQL functions
# stood in for), so the test needs no 1,249 runs of qip.
python3 - "$DB" <<'EOF'
import sqlite3, sys
from qip_sql import stand_in
c = stand_in(sqlite3.connect(sys.argv[1]))
c.execute("""WITH RECURSIVE n(k) AS (SELECT 2 UNION ALL SELECT k + 1 FROM n WHERE k < 1250)
  INSERT INTO action(uuid, seq, ref, title, owner_id, due_on, status, closed_on, created_on)
  SELECT qip_uuid(), k, printf('QIP-%04d', k), 'Copy ' || k, CASE WHEN k % 7 THEN 1 END,
         CASE WHEN k % 11 THEN date('2025-06-01', '+' || (k * 37 % 365) || ' days') END,
         CASE WHEN k % 5 = 0 THEN 'closed' ELSE 'open' END, CASE WHEN k % 5 = 0 THEN '2026-01-05' END,
         '2025-08-01' FROM n""")
c.commit()
EOF
# The expected orders, computed here from the rows themselves.
python3 - "$DB" > "$tmp/expected" <<'EOF'
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT ref, seq, due_on, status FROM action").fetchall()
key = lambda r: (r[2] or "9999-12-31", r[1])
print(" ".join(r[0] for r in sorted(rows, key=key)))
print(" ".join(r[0] for r in sorted((r for r in rows if r[3] != "closed"), key=key)))
print(" ".join(r[0] for r in sorted((r for r in rows if r[3] != "closed" and r[2] and r[2] < "2026-03-02"), key=key)))
EOF
run action list --status all --format tsv; expect_exit 0 "all 1,250 as TSV"
python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8"), delimiter="\t"))
want = open(sys.argv[2]).read().split("\n")[0].split()
got = [r[0] for r in rows[1:]]
sys.exit(0 if rows[0][0] == "ref" and got == want and len(set(got)) == 1250 else 1)' "$tmp/out" "$tmp/expected" \
	&& ok "TSV: all 1,250, in due order, once each" || not_ok "TSV list differs from the rows"
run action list --format json; expect_exit 0 "the not-closed ones as JSON"
want=$(sed -n 2p "$tmp/expected")
json_ok '[r["ref"] for r in d] == """'"$want"'""".split() and len(d) == 1000' "JSON: the 1,000 not closed, in order, once each"
run action list --overdue --format json; expect_exit 0 "overdue as JSON"
want=$(sed -n 3p "$tmp/expected")
json_ok '[r["ref"] for r in d] == """'"$want"'""".split() and len(d) > 500' "JSON: every overdue one, in order, once each"
run action list --status all --limit 600 --offset 550 --sort ref --format tsv
python3 -c 'import csv, sys
got = [r[0] for r in csv.reader(open(sys.argv[1], encoding="utf-8"), delimiter="\t")][1:]
sys.exit(0 if got == ["QIP-%04d" % k for k in range(551, 1151)] else 1)' "$tmp/out" \
	&& ok "--limit 600 --offset 550 across the old page edge" || not_ok "--limit/--offset window"

# --- refs past QIP-9999 print whole in the table
python3 - "$DB" <<'EOF'
import sqlite3, sys
from qip_sql import chain_hash
c = sqlite3.connect(sys.argv[1])
c.create_function("qip_chain_hash", -1, chain_hash)
c.create_function("qip_actor", 0, lambda: None)
c.create_function("qip_uuid", 0, lambda: "00000000-0000-4000-8000-000000000000")
c.create_function("qip_now", 0, lambda: "2026-03-02T09:00:00.000Z")
c.create_function("qip_number", 1, lambda x: None)
c.execute("UPDATE action SET seq = 99999, ref = 'QIP-99999' WHERE seq = 1250")
c.commit()
EOF
run action add --title "Six-digit ref" --owner sjones --due 2026-02-21; expect_exit 0 "an action past QIP-99999"
if [ "$(cat "$tmp/out")" = "QIP-100000" ]; then ok "it is QIP-100000"; else not_ok "ref: $(cat "$tmp/out")"; fi
COLUMNS=100 run action list --status all --sort ref --desc
python3 -c 'import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
flags = lines[0].index("flags")
refs = [l[2:flags].strip() for l in lines[1:]]
due = lines[0].index("due")
import re
aligned = all(l[flags - 1] == " " and re.fullmatch(r"(\d{4}-\d\d-\d\d)? *", l[due:due + 11]) for l in lines[1:])
sys.exit(0 if refs[:3] == ["QIP-100000", "QIP-99999", "QIP-1249"] and len(refs) == 1251 and aligned else 1)' "$tmp/out" \
	&& ok "table: QIP-100000 and QIP-99999 whole, the flags column aligned after them" \
	|| not_ok "table ref column"
run escalation raise QIP-100000 --reason overdue --to sjones --note "Six digits"; expect_exit 0 "escalate QIP-100000"
COLUMNS=120 run escalation list
python3 -c 'import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
ref = lines[0].index("ref")
assigned = lines[0].index("assigned")
sys.exit(0 if len(lines) == 2 and lines[1][ref:assigned].rstrip() == "QIP-100000" else 1)' "$tmp/out" \
	&& ok "escalation table: QIP-100000 whole" || not_ok "escalation table ref column"

# --- people past one old page: 1,202 in name order, once each
python3 - "$DB" <<'EOF'
import sqlite3, sys
from qip_sql import stand_in
c = stand_in(sqlite3.connect(sys.argv[1]))
c.execute("""WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 1200)
  INSERT INTO person(uuid, name, role) SELECT qip_uuid(), 'Carer ' || (k * 7919 % 1201), 'senior-carer' FROM n""")
c.commit()
EOF
run person list --format tsv; expect_exit 0 "person list of 1,202"
python3 -c 'import csv, sys
got = [r[0] for r in csv.reader(open(sys.argv[1], encoding="utf-8"), delimiter="\t")][1:]
sys.exit(0 if len(got) == 1202 and len(set(got)) == 1202 and got == sorted(got, key=str.lower) else 1)' "$tmp/out" \
	&& ok "every person, in name order, once each" || not_ok "person list: $(wc -l < "$tmp/out") lines"

finish
