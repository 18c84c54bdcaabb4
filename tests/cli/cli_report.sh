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

check "pack: the closures refused in meetings show as challenge, with the check’s reasons" '
got = sorted((row["action"], row["reason"]) for s in r["sections"] for b in s["blocks"] if b.get("id") == "decisions"
             for row in b["rows"] if row["decision"] == "Closure proposed in a meeting: refused by the closure check")
want = sorted((ref, note + " The closure check said: " + "; ".join(reasons.split("\n"))) for (ref, note, reasons) in db.execute(
    "SELECT a.ref, f.note, f.reasons FROM meeting_refusal f JOIN action a ON a.id = f.action_id JOIN service s ON s.id = a.service_id WHERE s.name = ?", ("Oakfield House",)))
assert got == want and want, (got, want)
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

# Minutes, checked against the database. words(ID) is a person as the
# reports name them: "Name, role in words".
minutes_py='
def words(pid):
    name, role = db.execute("SELECT name, role FROM person WHERE id = ?", (pid,)).fetchone()
    return name + ", " + role.replace("-", " ")
def recorded(mid):
    """The meeting'"'"'s decisions and refused closures, in the order made."""
    rows = [(at, 0, i, ref, reason, by, rev) for (at, i, ref, reason, by, rev) in db.execute(
        "SELECT v.decided_at, v.id, a.ref, v.reason, v.decided_by, v.reviewer_id FROM review v JOIN action a ON a.id = v.action_id WHERE v.meeting_id = ?", (mid,))]
    rows += [(at, -1, i, ref, reasons, by, rev) for (at, i, ref, reasons, by, rev) in db.execute(
        "SELECT f.refused_at, f.id, a.ref, f.reasons, f.proposed_by, f.reviewer_id FROM meeting_refusal f JOIN action a ON a.id = f.action_id WHERE f.meeting_id = ?", (mid,))]
    return [(k == -1, ref, reason, by, rev) for (at, k, i, ref, reason, by, rev) in sorted(rows)]
def check_decisions(mid):
    rows = table(r["blocks"], "decisions")["rows"]
    want = recorded(mid)
    assert len(rows) == len(want), (rows, want)
    for row, (refused, ref, reason, by, rev) in zip(rows, want):
        assert row["action"] == ref and row["decided-by"] == words(by), (row, ref, by)
        assert row["reviewer"] == (words(rev) if rev else ""), (row, rev)
        if refused:
            assert row["decision"] == "Close proposed: refused by the closure check", row
            assert row["reason"].endswith("The closure check said: " + "; ".join(reason.split("\n"))), (row, reason)
        else:
            assert row["reason"] == reason, (row, reason)
    return rows, want
'

# The demo's service meeting: a closure proposed and refused by the check
# (the meeting recorded it), then kept open; an extension; an escalation.
run meeting list --format json
demo_meeting=$(python3 -c 'import json, sys; print([m["id"] for m in json.load(open(sys.argv[1])) if m["kind"] == "service"][0])' "$tmp/out")
run report minutes --meeting "$demo_meeting" --format json
expect_exit 0 "the demo's service meeting's minutes as JSON"
check "minutes (demo): kind, service, chair and attendees with their roles, who ended it; each decision and refused closure as the database holds them" "$minutes_py"'
mid = '"$demo_meeting"'
facts = table(r["blocks"], "meeting")["facts"]
kind, service, chair, ended_by = db.execute("SELECT m.kind, s.name, m.chair_id, m.ended_by FROM meeting m JOIN service s ON s.id = m.service_id WHERE m.id = ?", (mid,)).fetchone()
assert kind == "service" and facts["meeting"] == "Service governance meeting" and facts["service"] == service, facts
assert facts["chair"] == words(chair), facts
assert facts["attendees"] == "; ".join(words(p) for (p,) in db.execute("SELECT person_id FROM meeting_attendee WHERE meeting_id = ? ORDER BY rowid", (mid,))), facts
assert facts["ended"].endswith(" by " + words(ended_by)), facts
rows, want = check_decisions(mid)
assert sum(w[0] for w in want) == 1 and want[0][0] and want[1][1] == want[0][1], want
(decisions,) = db.execute("SELECT count(*) FROM review WHERE meeting_id = ?", (mid,)).fetchone()
assert len(rows) == decisions + 1, (len(rows), decisions)
esc = [row["action"] + " " + row["what"] + ": " + row["reason"] for row in rows if row["decision"] == "Escalate"]
assert table(r["blocks"], "escalations")["items"] == esc and esc, esc
challenge = table(r["blocks"], "challenge")["items"]
assert [c.split(":")[0] for c in challenge] == [row["action"] for row in rows if row["decision"].startswith(("Close proposed", "Extend"))], challenge
assert challenge[0].startswith(rows[0]["action"] + ": closure proposed and refused."), challenge
'

# A meeting held through the same commands a chair uses, at a service whose
# name is hostile text; one attendee's stored name carries an escape and a
# bidi override (stored before names were checked: person add refuses them
# now, so it is set in the database as an older file would hold it).
hostile='<script>alert(1)</script> **Quality** | governance'
run service add "$hostile"
run person add --name "<b>Tom</b>" --role senior-carer --service "$hostile"
python3 - "$DB" <<'PY'
import sqlite3, sys
from qip_sql import stand_in   # the history and chain triggers' functions
db = stand_in(sqlite3.connect(sys.argv[1]))
db.execute("UPDATE person SET name = ? WHERE name = ?", ("<b>Tom</b>, \x1b[2J\u202eEve", "<b>Tom</b>"))
db.commit()
PY
for title in "Night checks recorded" "Fire doors closed at night" "Falls reviewed within a day" "Bedrails checked weekly"; do
	"$QIP" --db "$DB" action add --title "$title" --service "$hostile" --owner "Sarah Jones" --due 2026-12-31 \
		--baseline "Half the checks recorded" --outcome "Every check recorded" --target 95 --unit % >>"$tmp/refs"
done
set -- $(cat "$tmp/refs")
refused_ref=$1 extended_ref=$2 escalated_ref=$3 closed_ref=$4
run evidence add "$refused_ref" --kind outcome --category observation --value 80 --note "Night audit"
run evidence add "$closed_ref" --kind outcome --category observation --value 96 --note "Bedrail audit"
run evidence add "$closed_ref" --kind outcome --category people --value 97 --note "Residents asked"
run meeting start --kind service --service "$hostile" --attendee "Ruth Adeyemi" --attendee "<b>Tom</b>"
expect_exit 0 "a meeting started"
mid=$(cat "$tmp/out")
run review "$refused_ref" --decision close --meeting "$mid" --reviewer "Ruth Adeyemi" --note "The night staff say it is done"
expect_exit 1 "a closure short of the target is refused"
run review "$refused_ref" --decision keep --meeting "$mid" --note "Kept open until the audit reaches 95 %"
run review "$extended_ref" --decision extend --meeting "$mid" --due 2027-01-31 --note "New doors arrive in January"
run review "$escalated_ref" --decision escalate --meeting "$mid" --note "Falls rising: the provider must decide"
run review "$closed_ref" --decision close --meeting "$mid" --reviewer "Ruth Adeyemi" --note "Two sources at target"
expect_exit 0 "a closure the check passes"
"$QIP" --db "$DB" action add --title "Night checks on the new chart" --source meeting --owner "Sarah Jones" \
	--service "$hostile" >"$tmp/raised-ref" 2>/dev/null
QIP_TODAY=2026-11-20 "$QIP" --db "$DB" action add --title "Raised the day before" --source meeting --service "$hostile" >/dev/null 2>&1
"$QIP" --db "$DB" action add --title "Raised elsewhere" --source meeting --service "Oakfield House" >/dev/null 2>&1
run report minutes --meeting "$mid" --format json
expect_exit 0 "the minutes of a meeting not yet ended"
check "minutes before the end: a draft, saying so" '
assert r["blocks"][0]["type"] == "paragraph" and r["blocks"][0]["text"].startswith("Draft: the meeting has not ended"), r["blocks"][0]
assert table(r["blocks"], "meeting")["facts"]["ended"] == "draft: the meeting has not ended"
'
run meeting end "$mid"
expect_exit 0 "the chair ends it"
run report minutes --meeting "$mid" --format json
"$QIP" --db "$DB" action show "$closed_ref" --format json >"$tmp/closed.json"
check "minutes: each decision with its reason, who decided and a close's reviewer; the refused closure; actions raised; escalations; challenge" "$minutes_py"'
mid = '"$mid"'
assert not any(b["type"] == "paragraph" and b["text"].startswith("Draft") for b in r["blocks"])
facts = table(r["blocks"], "meeting")["facts"]
(chair, ended_by) = db.execute("SELECT chair_id, ended_by FROM meeting WHERE id = ?", (mid,)).fetchone()
assert facts["chair"] == words(chair) and facts["ended"].endswith(" by " + words(ended_by)), facts
assert facts["attendees"] == "Ruth Adeyemi, quality lead; <b>Tom</b>, \x1b[2J\u202eEve, senior carer", facts
rows, want = check_decisions(mid)
assert [(row["action"], row["decision"].split(" ")[0]) for row in rows] == [("'"$refused_ref"'", "Close"), ("'"$refused_ref"'", "Keep"), ("'"$extended_ref"'", "Extend"), ("'"$escalated_ref"'", "Escalate"), ("'"$closed_ref"'", "Close")], rows
assert rows[0]["reason"].startswith("The night staff say it is done The closure check said: ") and "80" in rows[0]["reason"], rows[0]
assert rows[2]["decision"] == "Extend to 31 January 2027", rows[2]
closed = json.load(open(sys.argv[1].rsplit("/", 1)[0] + "/closed.json"))
assert rows[4]["reviewer"] == closed["reviewer"] + ", quality lead" and rows[0]["reviewer"] == rows[4]["reviewer"], (rows, closed)
raised = open(sys.argv[1].rsplit("/", 1)[0] + "/raised-ref").read().strip()
assert table(r["blocks"], "raised")["items"] == [raised + " Night checks on the new chart (owner: Sarah Jones, registered manager)"], table(r["blocks"], "raised")
assert table(r["blocks"], "escalations")["items"] == ["'"$escalated_ref"' Falls reviewed within a day: Falls rising: the provider must decide"]
challenge = table(r["blocks"], "challenge")["items"]
assert [c.split(":")[0] for c in challenge] == ["'"$refused_ref"'", "'"$extended_ref"'"], challenge
'
run report minutes --meeting "$mid" --format md
expect_exit 0 "minutes as Markdown"
if head -1 "$tmp/out" | grep -qF '# Minutes: Service governance meeting, \<script\>alert(1)\</script\> \*\*Quality\*\* \| governance, 21 Nov 2026'; then ok "Markdown title escaped"
else not_ok "Markdown title not escaped: $(head -1 "$tmp/out")"; fi
run report minutes --meeting "$mid" --format html
if grep -q '<script' "$tmp/out"; then not_ok "HTML carries a script tag"; else ok "HTML escapes the title (no script tag)"; fi
expect_out '&lt;script&gt;alert(1)&lt;/script&gt;' "HTML shows the title as text"
expect_out '&lt;b&gt;Tom&lt;/b&gt;' "HTML shows the attendees as text"
run report minutes --meeting "$mid" --format text
expect_exit 0 "minutes as text"
if grep -q "$(printf '\033')" "$tmp/out"; then not_ok "text minutes carry a raw escape character"
else ok "text minutes show no raw escape character"; fi
expect_out 'Tom</b>, \e[2J\u{202E}Eve' "the escape and the bidi override are shown, not acted on"
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
# The chain's head as the report was made, so a printed copy can prove the
# record unchanged later (qip verify --head).
run verify --format json
head=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["head"])' "$tmp/out")
links=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["links"])' "$tmp/out")
run report board --format json
json_ok "d[\"chain-head\"] == \"$head\" and d[\"chain-length\"] == $links and len(\"$head\") == 64" \
	"a report carries the chain's head and length as qip verify gives them"
run report board --format text
expect_out "$head" "the text report prints the head"
run evidence add QIP-0001 --kind activity --category staff --note "After the report was printed"
expect_exit 0 "evidence logged after the report"
run verify --head "$head"
expect_exit 0 "the printed head is still a link after later writes"
run verify --head "$(printf '%s' "$head" | tr '0-9a-f' '1-9a-f0')"
expect_exit 1 "a head that was never a link is refused"
finish
