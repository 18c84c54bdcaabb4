#!/bin/sh
# qip verify and qip doctor against a database altered behind qip's back,
# as someone with the sqlite3 shell would (here Python's sqlite3 module,
# which like the shell lacks qip's SQL functions). JSON is parsed.
QIP=$1
. "$(dirname "$0")/lib.sh"

run demo; expect_exit 0 "demo database"
chmod 600 "$DB"
run verify --format json; expect_exit 0 "verify on the demo: every link holds"
json_ok 'd["result"] == "ok" and d["problems"] == 0 and d["links"] > 1000' "no problem, the whole chain walked"
head=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["head"])' "$tmp/out")
python3 - "$DB" "$head" <<'PY' && ok "the head printed is the last link's hash, the length the number of links" || not_ok "head"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
seq, h = db.execute("SELECT seq, hex(hash) FROM chain ORDER BY seq DESC LIMIT 1").fetchone()
assert h.lower() == sys.argv[2] and len(sys.argv[2]) == 64, (h, sys.argv[2])
assert db.execute("SELECT count(*) FROM chain").fetchone()[0] == seq
PY
run doctor --format json; expect_exit 0 "doctor on a healthy database"
json_ok '[(r["check"], r["result"]) for r in d] == [("integrity", "ok"), ("foreign-keys", "ok"), ("full-text", "ok"),
	("chain", "ok"), ("summaries", "ok"), ("files", "ok"), ("wal", "ok")]' "every check ok"
cp "$DB" "$tmp/clean.db"

# sql STATEMENTS: runs them on the test database outside qip.
sql() {
	python3 - "$DB" "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript(sys.argv[2])
db.close()
PY
}

# The sqlite3 shell cannot add a row to a chained table: its trigger needs
# qip's function.
if sql "INSERT INTO history(uuid, at, entity, entity_id, field, new) VALUES ('x', '2026-03-01T10:00:00.000Z', 'action', 1, 'title', 'forged')" 2>"$tmp/err"; then
	not_ok "an insert outside qip failed"
else
	expect_err "no such function: qip_chain_hash" "an insert outside qip fails: no such function"
fi

# Edited: an evidence value from 94 to 100, the append-only trigger dropped.
id=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT max(id) FROM evidence WHERE value IS NOT NULL").fetchone()[0])' "$DB")
sql "DROP TRIGGER evidence_no_update; UPDATE evidence SET value = value + 6 WHERE id = $id"
run verify --format json; expect_exit 1 "verify after an edit"
json_ok "((d['result'], d['problems'], d['first_table'], d['first_id'], d['first_fault'], d['first']) ==
	('ALTERED', 1, 'evidence', $id, 'changed', 'evidence $id was changed after it was recorded'))" \
	"names the evidence entry changed"
run verify; expect_exit 1 "verify as text"
expect_out "evidence $id was changed after it was recorded" "the text names it too"

# Deleted: a history row in the middle of the chain.
cp "$tmp/clean.db" "$DB"
hid=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT id FROM history ORDER BY id LIMIT 1 OFFSET 77").fetchone()[0])' "$DB")
sql "DELETE FROM history WHERE id = $hid"
run verify --format json; expect_exit 1 "verify after a deletion"
json_ok "((d['problems'], d['first_table'], d['first_id'], d['first_fault'], d['first']) ==
	(1, 'history', $hid, 'missing', 'history row $hid is missing'))" "names the history row missing"

# Inserted: a history row added with the chain's trigger dropped and put back.
cp "$tmp/clean.db" "$DB"
sql "$(python3 - "$DB" <<'PY'
import sqlite3, sys
trigger = sqlite3.connect(sys.argv[1]).execute("SELECT sql FROM sqlite_schema WHERE name = 'history_chain'").fetchone()[0]
print("DROP TRIGGER history_chain; INSERT INTO history(uuid, at, entity, entity_id, field, new)"
      " VALUES ('forged', '2026-03-01T10:00:00.000Z', 'action', 1, 'status', 'closed'); " + trigger + ";")
PY
)"
nid=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT id FROM history WHERE uuid = ?", ("forged",)).fetchone()[0])' "$DB")
run verify --format json; expect_exit 1 "verify after an insertion"
json_ok "((d['problems'], d['first_table'], d['first_id'], d['first_fault'], d['first']) ==
	(1, 'history', $nid, 'not-in-chain', 'history row $nid is not in the chain'))" "names the row not in the chain"

# A trigger left dropped is named too; a link removed from the ledger cuts it.
cp "$tmp/clean.db" "$DB"
sql "DROP TRIGGER review_chain; DROP TRIGGER chain_no_delete; DELETE FROM chain WHERE seq = 5"
run verify --format json; expect_exit 1 "verify after the ledger was cut"
json_ok "(d['problems'], d['first_fault'], d['first']) == (3, 'link-missing', 'link 5 of the chain is missing')" \
	"names the link missing first (then its row, not in the chain, and the trigger)"
run verify; expect_out "the trigger that chains each new review (review_chain) is missing" "and the dropped trigger"

# Legitimate changes through qip keep the chain whole: a correction, an
# escalation raised a level by qip check.
cp "$tmp/clean.db" "$DB"
run evidence add QIP-0001 --kind activity --category staff --note "later entry"; expect_exit 0 "evidence through qip"
QIP_TODAY=2026-06-01 run check; expect_exit 0 "qip check months later changes escalations"
run verify --format json; expect_exit 0 "verify after changes through qip"
json_ok 'd["problems"] == 0' "no problem"

# A head printed earlier (on minutes) stays a link while qip adds to the
# chain; a forger who edits a row and recomputes every link after it passes
# a plain verify (the hash has no key: HACKING.md) but not the printed head.
printed=$head
run verify --head "$printed" --format json; expect_exit 0 "verify --head after changes through qip"
json_ok "d['problems'] == 0 and 0 < d['head_asked_is_link'] < d['links']" "the printed head is an earlier link"
python3 - "$DB" <<'PY'
import sqlite3, sys
from qip_sql import stand_in, rechain
db = stand_in(sqlite3.connect(sys.argv[1]))
db.executescript("DROP TRIGGER evidence_no_update; DROP TRIGGER chain_no_update;")
eid = db.execute("SELECT min(id) FROM evidence WHERE value IS NOT NULL").fetchone()[0]
db.execute("UPDATE evidence SET value = 100 WHERE id = ?", (eid,))
rechain(db, db.execute("SELECT seq FROM chain WHERE tbl = 'evidence' AND row_id = ?", (eid,)).fetchone()[0])
db.commit()
PY
run verify --format json; expect_exit 0 "a recomputed chain passes a plain verify"
run verify --head "$printed" --format json; expect_exit 1 "but not the head printed before"
json_ok "(d['first_fault'], d['head_asked_is_link']) == ('head-unknown', None)" "the printed head is no link any more"
run verify --head "not-a-head"; expect_exit 2 "a head that is not 64 hex digits"
expect_err "a chain head is 64 hexadecimal digits" "is refused, saying what a head is"
cp "$tmp/clean.db" "$DB"

# doctor: a summary column edited behind qip's back.
sql "UPDATE action SET ev_count = ev_count + 3 WHERE ref = 'QIP-0002'"
run doctor --format json; expect_exit 1 "doctor after a summary was edited"
json_ok '[r["check"] for r in d if r["result"] != "ok"] == ["summaries"]' "only the summaries check fails"
json_ok '[r for r in d if r["check"] == "summaries"][0]["what"].endswith("the first: QIP-0002: evidence count %d, the evidence says %d" % (
	__import__("sqlite3").connect("'"$DB"'").execute("SELECT ev_count, ev_count - 3 FROM action WHERE ref = \"QIP-0002\"").fetchone()))' \
	"names the action, the count kept and the count the evidence gives"
json_ok 'all(r["fix"] for r in d if r["result"] != "ok")' "and says what to do"

# doctor: file modes, and verify's problems through doctor.
cp "$tmp/clean.db" "$DB"
chmod 644 "$DB"
sql "DROP TRIGGER evidence_no_update; UPDATE evidence SET note = 'rewritten' WHERE id = 1"
run doctor --format json; expect_exit 1 "doctor on a file others can read, with an edited entry"
json_ok '{r["check"] for r in d if r["result"] != "ok"} == {"files", "chain", "full-text"}' \
	"the file mode, the chain and search (the note no longer matches its index) are named"
json_ok '[r["fix"] for r in d if r["check"] == "files"] == ["chmod o-rwx '"'$DB' '$DB-wal' '$DB-shm'"'"]' "with the chmod that fixes the mode"
json_ok '"evidence 1 was changed after it was recorded" in [r for r in d if r["check"] == "chain"][0]["what"]' \
	"the chain check names the first problem"
run doctor; expect_exit 1 "doctor in words"
python3 - "$tmp/out" "$DB" <<'PY' && ok "in words, each finding whole, the fix on the line after the problem" || not_ok "doctor's words"
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
db = sys.argv[2]
i = lines.index("PROBLEM  files: %s has mode 0644: every account on this machine can read it" % db)
assert lines[i + 1] == "         what to do: chmod o-rwx '%s' '%s-wal' '%s-shm'" % (db, db, db), lines[i + 1]
assert lines[-1] == "3 problems found.", lines[-1]
assert lines[0] == "ok       integrity: SQLite finds the file sound", lines[0]
PY
finish
