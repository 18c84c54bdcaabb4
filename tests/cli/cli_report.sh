#!/bin/sh
# qip report: every figure of the board report, the evidence pack and the
# commissioner update, read back from --format json, against what the
# action, audit and escalation lists and the database itself say; the
# minutes of a meeting; text from the database escaped in Markdown and
# HTML; -o writes the file whole or not at all; bad input refused.
# Usage: cli_report.sh PATH/TO/qip    (TAP output; exit 1 when a check fails)
QIP=$1
export QIP_TODAY=2026-11-21 TZ=Europe/London LANG=C.UTF-8 LC_ALL=C.UTF-8
. "$(dirname "$0")/lib.sh"

run demo
expect_exit 0 "demo database"
"$QIP" --db "$DB" action list --status all --format json >"$tmp/actions.json"
"$QIP" --db "$DB" audit list --format json >"$tmp/audits.json"

# check DESCRIPTION PYTHON: runs PYTHON with the report in r (from
# $tmp/out), the action list in acts, audit runs in runs and the database
# open as db; the script fails with a message to fail the check.
check() {
	if python3 - "$tmp/out" "$tmp/actions.json" "$tmp/audits.json" "$DB" >"$tmp/check-err" 2>&1 <<PY
import json, sqlite3, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
acts = json.load(open(sys.argv[2], encoding="utf-8"))
runs = json.load(open(sys.argv[3], encoding="utf-8"))
db = sqlite3.connect(sys.argv[4])
def table(blocks, id):
    for b in blocks:
        if b.get("id") == id:
            return b
    raise SystemExit("no block " + id)
def section(title):
    for s in r["sections"]:
        if s["title"] == title:
            return s
    raise SystemExit("no section " + title)
def flags(a):
    return a["flags"].split(",") if a["flags"] else []
$2
PY
	then ok "$1"; else not_ok "$1"; sed 's/^/#   /' "$tmp/check-err"; fi
}

# One action escalated to the board (the demo resolved its own).
board_ref=$(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT a.ref FROM action a JOIN service s ON s.id = a.service_id"
    " WHERE a.status <> ? AND NOT EXISTS (SELECT 1 FROM escalation e WHERE e.action_id = a.id AND e.resolved_on IS NULL)"
    " ORDER BY a.seq LIMIT 1", ("closed",)).fetchone()[0])' "$DB")
run escalation raise --level 3 --reason other --note "Board to decide on agency cover" "$board_ref"
expect_exit 0 "an action escalated to the board ($board_ref)"
"$QIP" --db "$DB" action list --status all --format json >"$tmp/actions.json"
run report board --format json
expect_exit 0 "board report as JSON"
check "board: each service's open, overdue, unowned, in monitoring and reopened are the action list's" '
rows = table(r["blocks"], "counts")["rows"]
assert [row["service"] for row in rows][-2:] == ["Provider-wide", "The whole provider"] and len(rows) == 6, rows
for row in rows:
    name = row["service"]
    mine = [a for a in acts if name == "The whole provider" or a["service"] == (name if name != "Provider-wide" else "")]
    want = {"open": sum(a["status"] != "closed" for a in mine),
            "overdue": sum("overdue" in flags(a) for a in mine),
            "unowned": sum("unowned" in flags(a) for a in mine),
            "in-monitoring": sum(a["status"] == "monitoring" for a in mine),
            "reopened": sum(a["status"] == "reopened" for a in mine)}
    for k, v in want.items():
        assert row[k] == v, (name, k, row[k], v)
assert rows[-1]["overdue"] > 0 and rows[-1]["unowned"] > 0 and rows[-1]["reopened"] > 0, rows[-1]
'
check "board: escalated counts the actions with an open escalation in the database" '
for row in table(r["blocks"], "counts")["rows"]:
    q = "SELECT count(DISTINCT e.action_id) FROM escalation e JOIN action a ON a.id = e.action_id LEFT JOIN service s ON s.id = a.service_id WHERE e.resolved_on IS NULL"
    args = ()
    if row["service"] == "Provider-wide":
        q += " AND a.service_id IS NULL"
    elif row["service"] != "The whole provider":
        q += " AND s.name = ?"
        args = (row["service"],)
    (n,) = db.execute(q, args).fetchone()
    assert row["escalated"] == n, (row, n)
'
check "board: each audit's latest score, target and trend are the audit runs’" '
seen = 0
for s in r["sections"]:
    for row in (table(s["blocks"], "audits")["rows"] if any(b.get("id") == "audits" for b in s["blocks"]) else []):
        mine = [x for x in runs if x["service"] == s["title"] and x["status"] == "complete" and x["score"] is not None
                and db.execute("SELECT title FROM audit_template WHERE key = ?", (x["template"],)).fetchone()[0] == row["audit"]]
        mine.sort(key=lambda x: (x["date"], x["run"]))
        assert abs(row["score"] - mine[-1]["score"]) < 1e-9, (row, mine[-1])
        assert row["result"] == ("passed" if mine[-1]["result"] == "passed" else "failed"), row
        assert [round(v, 9) for v in row["trend-series"]] == [round(x["score"], 9) for x in mine], row
        (target,) = db.execute("SELECT target FROM audit_template WHERE title = ? ORDER BY version DESC", (row["audit"],)).fetchone()
        assert row["target"] == target, row
        seen += 1
assert seen >= 5, seen
'
check "board: repeat findings are the audit proposals marked repeat" '
got = sum(len(b["rows"]) for s in r["sections"] for b in s["blocks"] if b.get("id") == "repeats")
(want,) = db.execute("SELECT count(*) FROM audit_proposal p JOIN audit_run r ON r.id = p.run_id WHERE p.repeat = 1 AND r.status = ?", ("complete",)).fetchone()
assert got == want and want > 0, (got, want)
'
check "board: the actions escalated to the board are the open level-3 escalations" '
got = sorted(row["action"] for s in r["sections"] for b in s["blocks"] if b.get("id") == "board-escalations" for row in b["rows"])
want = sorted(x for (x,) in db.execute("SELECT a.ref FROM escalation e JOIN action a ON a.id = e.action_id WHERE e.level = 3 AND e.resolved_on IS NULL"))
assert got == want and want, (got, want)
'

run report pack --service "Oakfield House" --format json
expect_exit 0 "evidence pack as JSON"
check "pack: each theme has the area’s actions, and closed, monitoring and open add up" '
mine = [a for a in acts if a["service"] == "Oakfield House"]
rows = table(r["blocks"], "themes")["rows"]
assert sum(row["actions"] for row in rows) == len(mine)
for row in rows:
    area = [a for a in mine if a["area"].replace("-", " ").lower() == row["theme"].lower()]
    assert row["actions"] == len(area), (row, len(area))
    assert row["closed"] == sum(a["status"] == "closed" for a in area), row
    assert row["in-monitoring"] == sum(a["status"] == "monitoring" for a in area), row
    assert row["open"] == row["actions"] - row["closed"] - row["in-monitoring"]
assert len(r["sections"]) == len(rows)
'
check "pack: activity and outcome evidence are the entries of each kind, none superseded" '
for s in r["sections"]:
    refs = [row["action"] for row in table(s["blocks"], "actions")["rows"]]
    for kind in ("activity", "outcome"):
        got = len(table(s["blocks"], kind)["rows"]) if any(b.get("id") == kind for b in s["blocks"]) else 0
        q = "SELECT count(*) FROM evidence e JOIN action a ON a.id = e.action_id WHERE e.kind = ? AND a.ref IN (%s) AND NOT EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id)" % ",".join("?" * len(refs))
        (want,) = db.execute(q, [kind] + refs).fetchone()
        assert got == want, (s["title"], kind, got, want)
'
check "pack: the medicines theme charts each MAR audit against its target" '
s = section("Medicines")
charts = [b for b in s["blocks"] if b["type"] == "chart"]
assert charts, "no chart"
for c in charts:
    key = c["id"].split("-")[1]
    pts = [x for x in runs if x["template"] == c["id"][len("audit-"):c["id"].rindex("-")] and x["status"] == "complete"]
    pts.sort(key=lambda x: (x["date"], x["run"]))
    assert [p["date"] for p in c["points"]] == [x["date"] for x in pts], (c, pts)
    assert c["target"] == 95
'

run report pack --service "Oakfield House" --from 2026-11-01 --to 2026-11-10 --format json
check "pack: --from and --to keep only the evidence of the period" '
assert r["from"] == "2026-11-01" and r["to"] == "2026-11-10"
for s in r["sections"]:
    for b in s["blocks"]:
        if b.get("id") in ("activity", "outcome", "competency", "feedback"):
            for row in b["rows"]:
                assert row["date"].endswith("November 2026") and 1 <= int(row["date"].split()[0]) <= 10, row
'

run report commissioner --format json
expect_exit 0 "commissioner update as JSON"
check "commissioner: per theme, measured and at target follow each action’s latest reading and target" '
rows = table(r["blocks"], "themes")["rows"]
assert sum(row["actions"] for row in rows) == len(acts)
for row in rows:
    area = [a for a in acts if a["area"].replace("-", " ").lower() == row["theme"].lower()]
    if not area:
        continue
    measured = [a for a in area if a["latest"] is not None and a["target"] is not None]
    assert row["measured"] == len(measured), row
    dirs = dict(db.execute("SELECT ref, target_direction FROM action"))
    at = sum((a["latest"] >= a["target"]) if dirs[a["ref"]] == "at-least" else (a["latest"] <= a["target"]) for a in measured)
    assert row["at-target"] == at, (row, at)
    assert row["overdue"] == sum("overdue" in flags(a) for a in area)
'
check "commissioner: every action has its baseline, work, outcome, evidence and what remains" '
n = 0
for s in r["sections"]:
    assert s["blocks"][0]["type"] == "paragraph" and "actions" in s["blocks"][0]["text"] or "action:" in s["blocks"][0]["text"]
    for b in s["blocks"]:
        if b["type"] == "facts" and b["id"].startswith("action-"):
            for k in ("owner", "baseline", "what-was-done", "outcome-measured", "evidence-reviewed", "what-remains"):
                assert k in b["facts"], (b["id"], k)
            n += 1
assert n == len(acts), (n, len(acts))
'

# Minutes: a meeting with decisions, its title and attendees hostile text.
python3 - "$DB" <<'PY'
import sqlite3, sys
from qip_sql import stand_in
db = stand_in(sqlite3.connect(sys.argv[1]))
db.execute("INSERT INTO meeting(uuid, held_on, created_at, title, attendees) VALUES ('m-1', '2026-11-20', '2026-11-20T10:00:00.000Z', '<script>alert(1)</script> **Quality** | governance', 'Sarah Jones (chair), Priya Shah, <b>Tom</b>, \x1b[2J\u202eEve')")
mid = db.execute("SELECT id FROM meeting").fetchone()[0]
ids = [r[0] for r in db.execute("SELECT id FROM review WHERE decision IN ('extend','close','keep-open') ORDER BY id LIMIT 4")]
db.executemany("UPDATE review SET meeting_id = ? WHERE id = ?", [(mid, i) for i in ids])
db.commit()
PY
QIP_TODAY=2026-11-20 "$QIP" --db "$DB" action add --title "Night checks recorded on the new chart" --source meeting \
	--owner "Sarah Jones" --service "Oakfield House" >"$tmp/raised-ref" 2>/dev/null
QIP_TODAY=2026-11-19 "$QIP" --db "$DB" action add --title "Raised the day before" --source meeting >/dev/null 2>&1
run report minutes --meeting 1 --format json
expect_exit 0 "minutes as JSON"
check "minutes: each decision of the meeting with its reason and who decided; the actions it raised" '
rows = table(r["blocks"], "decisions")["rows"]
want = db.execute("SELECT a.ref, v.reason, p.name FROM review v JOIN action a ON a.id = v.action_id LEFT JOIN person p ON p.id = v.decided_by WHERE v.meeting_id = 1 ORDER BY v.decided_at, v.id").fetchall()
assert len(rows) == len(want) == 4, (rows, want)
for row, (ref, reason, name) in zip(rows, want):
    assert row["action"] == ref and row["reason"] == reason, (row, ref)
    assert row["decided-by"].startswith(name + ", ") and "-" not in row["decided-by"][len(name):], row
assert table(r["blocks"], "meeting")["facts"]["attendees"].startswith("Sarah Jones (chair)")
raised = open(sys.argv[1].rsplit("/", 1)[0] + "/raised-ref").read().strip()
assert table(r["blocks"], "raised")["items"] == [raised + " Night checks recorded on the new chart (owner: Sarah Jones, registered manager)"], table(r["blocks"], "raised")
'
run report minutes --meeting 1 --format md
expect_exit 0 "minutes as Markdown"
if head -1 "$tmp/out" | grep -qF '# Minutes: \<script\>alert(1)\</script\> \*\*Quality\*\* \| governance'; then ok "Markdown title escaped"
else not_ok "Markdown title not escaped: $(head -1 "$tmp/out")"; fi
run report minutes --meeting 1 --format html
if grep -q '<script' "$tmp/out"; then not_ok "HTML carries a script tag"; else ok "HTML escapes the title (no script tag)"; fi
expect_out '&lt;script&gt;alert(1)&lt;/script&gt;' "HTML shows the title as text"
expect_out '&lt;b&gt;Tom&lt;/b&gt;' "HTML shows the attendees as text"
run report minutes --meeting 1 --format text
expect_exit 0 "minutes as text"
if grep -q "$(printf '\033')" "$tmp/out"; then not_ok "text minutes carry a raw escape character"
else ok "text minutes show no raw escape character"; fi
expect_out 'Tom</b>, \e[2J\u{202E}Eve' "the escape and the bidi override are shown, not acted on"
run report minutes --meeting 1 --format json
check "JSON minutes: the escape and the bidi override come back as the characters stored" '
assert table(r["blocks"], "meeting")["facts"]["attendees"].endswith("\x1b[2J\u202eEve"), r
'
run report minutes --meeting 99
expect_exit 2 "an unknown meeting is refused"
expect_err "no meeting 99" "and named"
run report minutes
expect_exit 2 "minutes without --meeting are refused"

# Dates in the British form, names and roles in words.
run report commissioner --service "Riverside Nursing Home" --format text
expect_exit 0 "commissioner update as text"
expect_out "Produced by qip on 21 November 2026" "dates in the British long form"
expect_out "Owner: Daniel Mensah, registered manager" "owner's role in words"
expect_no_out "registered-manager" "no role slug"

# -o: written whole; a refused report leaves no file and no temporary.
run report board --format html -o "$tmp/board.html"
expect_exit 0 "board report to a file"
if head -1 "$tmp/board.html" | grep -qx '<!DOCTYPE html>'; then ok "the file is the HTML report"; else not_ok "the file is not HTML"; fi
(umask 022 && "$QIP" --db "$DB" report board -o "$tmp/shared.txt")
mode=$(stat -c %a "$tmp/shared.txt")
if [ "$mode" = 644 ]; then ok "the file has the mode a new file gets (644 under umask 022)"
else not_ok "the file's mode is $mode, wanted 644 (the temporary file's 600 kept?)"; fi
run report board --service Nowhere --format html -o "$tmp/none.html"
expect_exit 2 "an unknown service is refused"
if ls "$tmp" | grep -q '^none.html'; then not_ok "a refused report left a file: $(ls "$tmp")"; else ok "a refused report leaves no file"; fi
run report pack --from 2026-11-10 --to 2026-11-01
expect_exit 2 "a period that ends before it starts is refused"
expect_err "the period starts on 10 November 2026, after it ends on 1 November 2026" "with both dates"
run report board --format pdf
expect_exit 2 "an unknown format is refused"
finish
