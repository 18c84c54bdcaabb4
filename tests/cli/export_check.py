"""Checks a qip export against the database it came from, field by field.

Usage: export_check.py DB LIST FORMAT FILE [--service NAME] [--since DATE]
                       [--flags ACTION_LIST_JSON] [--bom]
       export_check.py DB workbook FILE --flags ACTION_LIST_JSON

The export (CSV or JSON) is parsed with Python's own csv and json modules;
the expected rows are read from DB with the sqlite3 module, by queries
written here from the schema, not taken from qip. A derived field (an
action's flags) is checked against `qip action list --format json`, the
screens' own answer, passed as --flags. Prints each difference and exits 1
when there is one.
"""
import argparse
import csv
import io
import json
import sqlite3
import sys

TEXT, NUM, DATE, TS, BOOL, SET = "text", "num", "date", "ts", "bool", "set"

CATEGORIES = ["people", "staff", "partners", "observation", "processes", "outcomes"]
LEVELS = {1: "Registered manager", 2: "Nominated individual", 3: "Provider board"}

# Each list: its columns with their types, and the query giving them in the
# export's order (parameters: service name or None, since day or None).
LISTS = {
    "actions": (
        [("ref", TEXT), ("title", TEXT), ("service", TEXT), ("status", TEXT), ("flags", TEXT),
         ("overdue", BOOL), ("unowned", BOOL), ("owner", TEXT), ("owner-active", BOOL),
         ("supporters", SET), ("due", DATE), ("baseline", TEXT), ("outcome", TEXT), ("target", NUM),
         ("unit", TEXT), ("direction", TEXT), ("target-date", DATE), ("latest", NUM), ("cadence", TEXT),
         ("next-review", DATE), ("evidence-required", TEXT), ("area", TEXT), ("key-question", TEXT),
         ("statements", SET), ("likelihood", NUM), ("impact", NUM), ("risk", NUM), ("risk-band", TEXT),
         ("source", TEXT), ("source-ref", TEXT), ("extensions", NUM), ("evidence", NUM),
         ("outcomes", NUM), ("categories", SET), ("last-evidence", DATE), ("open-escalations", NUM),
         ("sustain", TEXT), ("reviewer", TEXT), ("override", TEXT), ("one-source-reason", TEXT),
         ("closed", DATE), ("monitoring-until", DATE), ("sustained", BOOL), ("created", DATE),
         ("created-by", TEXT), ("created-at", TS), ("updated-by", TEXT), ("updated-at", TS),
         ("uuid", TEXT)],
        """SELECT a.ref, a.title, coalesce(s.name, ''), a.status, NULL, NULL, NULL, coalesce(o.name, ''),
                  iif(o.id IS NULL, NULL, o.active),
                  (SELECT group_concat(p.name, '|') FROM action_supporter x JOIN person p ON p.id = x.person_id
                   WHERE x.action_id = a.id),
                  a.due_on, a.baseline, a.outcome, a.target_value, a.target_unit, a.target_direction,
                  a.target_date, a.ev_latest_value, a.review_cadence, a.next_review_on, a.evidence_required,
                  a.area, coalesce(a.key_question, ''),
                  (SELECT group_concat(statement, '|') FROM action_statement WHERE action_id = a.id),
                  a.likelihood, a.impact, a.likelihood * a.impact, NULL, a.source, a.source_ref,
                  a.extensions, a.ev_count, a.ev_outcomes, a.ev_categories, a.ev_last_on,
                  (SELECT count(*) FROM escalation e WHERE e.action_id = a.id AND e.resolved_on IS NULL),
                  a.sustain, coalesce(r.name, ''), coalesce(a.closure_override, ''),
                  coalesce(a.closure_one_source, ''), a.closed_on,
                  iif(a.status = 'monitoring', a.monitor_until, NULL), a.sustained, a.created_on,
                  coalesce(cb.name, ''), a.created_at, coalesce(ub.name, ''), a.updated_at, a.uuid
           FROM action a LEFT JOIN service s ON s.id = a.service_id LEFT JOIN person o ON o.id = a.owner_id
           LEFT JOIN person r ON r.id = a.closure_reviewer_id LEFT JOIN person cb ON cb.id = a.created_by
           LEFT JOIN person ub ON ub.id = a.updated_by
           WHERE (?1 IS NULL OR s.name = ?1) AND (?2 IS NULL OR a.created_on >= ?2 OR a.updated_at >= ?2)
           ORDER BY a.seq"""),
    "evidence": (
        [("id", NUM), ("ref", TEXT), ("service", TEXT), ("seen", DATE), ("kind", TEXT), ("category", TEXT),
         ("note", TEXT), ("source", TEXT), ("value", NUM), ("corrects", NUM), ("superseded", BOOL),
         ("recorded-by", TEXT), ("recorded-at", TS), ("uuid", TEXT)],
        """SELECT e.id, a.ref, coalesce(s.name, ''), e.seen_on, e.kind, e.category, e.note, e.source, e.value,
                  e.corrects_id, (SELECT count(*) > 0 FROM evidence c WHERE c.corrects_id = e.id),
                  coalesce(p.name, ''), e.recorded_at, e.uuid
           FROM evidence e JOIN action a ON a.id = e.action_id LEFT JOIN service s ON s.id = a.service_id
           LEFT JOIN person p ON p.id = e.recorded_by
           WHERE (?1 IS NULL OR s.name = ?1) AND (?2 IS NULL OR e.seen_on >= ?2)
           ORDER BY a.seq, e.seen_on, e.id"""),
    "escalations": (
        [("id", NUM), ("ref", TEXT), ("action", TEXT), ("service", TEXT), ("level", NUM), ("level-name", TEXT),
         ("reason", TEXT), ("note", TEXT), ("assigned-to", TEXT), ("raised", DATE), ("raised-by", TEXT),
         ("level-since", DATE), ("acknowledged", DATE), ("acknowledged-by", TEXT), ("decision", TEXT),
         ("decided-by", TEXT), ("resolved", DATE), ("resolved-by-check", BOOL), ("rule", TEXT),
         ("uuid", TEXT)],
        """SELECT x.id, a.ref, a.title, coalesce(s.name, ''), x.level, x.level, x.reason, x.note,
                  coalesce(pa.name, ''), x.raised_on, coalesce(pr.name, ''), x.level_on, x.acknowledged_on,
                  coalesce(pk.name, ''), x.decision, coalesce(pd.name, ''), x.resolved_on,
                  iif(x.resolved_on IS NULL, NULL, x.resolved_by_check), coalesce(x.rule, ''), x.uuid
           FROM escalation x JOIN action a ON a.id = x.action_id LEFT JOIN service s ON s.id = a.service_id
           LEFT JOIN person pa ON pa.id = x.assigned_to LEFT JOIN person pr ON pr.id = x.raised_by
           LEFT JOIN person pk ON pk.id = x.acknowledged_by LEFT JOIN person pd ON pd.id = x.decided_by
           WHERE (?1 IS NULL OR s.name = ?1) AND (?2 IS NULL OR x.raised_on >= ?2 OR x.resolved_on >= ?2)
           ORDER BY x.raised_on, x.id"""),
    "audits": (
        [("id", NUM), ("template", TEXT), ("title", TEXT), ("version", NUM), ("service", TEXT), ("run", DATE),
         ("auditor", TEXT), ("status", TEXT), ("score", NUM), ("target", NUM), ("passed", BOOL),
         ("band", TEXT), ("earned", NUM), ("available", NUM), ("finished-at", TS), ("created-at", TS),
         ("uuid", TEXT)],
        """SELECT r.id, t.key, t.title, t.version, s.name, r.run_on, coalesce(p.name, ''), r.status, r.score,
                  t.target, r.passed, r.band, r.earned, r.available, r.finished_at, r.created_at, r.uuid
           FROM audit_run r JOIN audit_template t ON t.id = r.template_id JOIN service s ON s.id = r.service_id
           LEFT JOIN person p ON p.id = r.auditor_id
           WHERE (?1 IS NULL OR s.name = ?1) AND (?2 IS NULL OR r.run_on >= ?2)
           ORDER BY r.run_on, r.id"""),
    "history": (
        [("id", NUM), ("at", TS), ("by", TEXT), ("entity", TEXT), ("entity-id", NUM), ("ref", TEXT),
         ("field", TEXT), ("old", TEXT), ("new", TEXT), ("uuid", TEXT)],
        """SELECT h.id, h.at, coalesce(p.name, ''), h.entity, h.entity_id, coalesce(a.ref, ''), h.field,
                  coalesce(h.old, ''), coalesce(h.new, ''), h.uuid
           FROM history h LEFT JOIN person p ON p.id = h.by_id
           LEFT JOIN action a ON a.id = (CASE h.entity WHEN 'action' THEN h.entity_id
                WHEN 'evidence' THEN (SELECT action_id FROM evidence WHERE id = h.entity_id)
                WHEN 'escalation' THEN (SELECT action_id FROM escalation WHERE id = h.entity_id) END)
           LEFT JOIN service s ON s.id = coalesce(a.service_id,
                (SELECT service_id FROM person WHERE h.entity = 'person' AND id = h.entity_id))
           WHERE (?1 IS NULL OR s.name = ?1) AND (?2 IS NULL OR h.at >= ?2)
           ORDER BY h.id"""),
}


def expected_rows(db, name, service, since, flags):
    cols, sql = LISTS[name]
    rows = []
    for values in db.execute(sql, (service, since)):
        row = dict(zip([c for c, _ in cols], values))
        if name == "actions":
            row["flags"] = flags[row["ref"]]
            names = row["flags"].split(",") if row["flags"] else []
            row["overdue"] = "overdue" in names
            row["unowned"] = "unowned" in names
            row["categories"] = "|".join(c for i, c in enumerate(CATEGORIES) if row["categories"] & (1 << i))
            row["risk-band"] = None   # its words are the rules' (test_rules), checked for presence below
        if name == "escalations":
            row["level-name"] = LEVELS[row["level-name"]]
        rows.append(row)
    return cols, rows


def same(kind, got, want, as_text):
    """got: the exported value (text from CSV, typed from JSON)."""
    if kind == SET:
        parts = [p for p in (got.split(",") if got else [])]
        return sorted(p.strip() for p in parts) == sorted(want.split("|") if want else [])
    if want is None:
        return got == ("" if as_text else None) or (kind == TEXT and got == "")
    if kind == NUM:
        if as_text:
            return got != "" and float(got) == want
        return isinstance(got, (int, float)) and not isinstance(got, bool) and got == want
    if kind == BOOL:
        return got == ("true" if want else "false") if as_text else got is bool(want)
    return got == want


def column_letters(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def check_workbook(db, path, flags):
    """The workbook of `qip export all`: its sheets, frozen headers, column
    widths, dates as real (numeric, date-formatted) cells, exact numbers,
    and overdue and unowned rows filled."""
    import datetime
    import xml.etree.ElementTree as ET
    import zipfile
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    errors = []
    z = zipfile.ZipFile(path)
    book = ET.fromstring(z.read("xl/workbook.xml"))
    names = [s.get("name") for s in book.find("m:sheets", ns)]
    want_names = ["Actions", "Evidence", "Escalations", "Audits", "History"]
    if names != want_names:
        errors.append("sheets %r, wanted %r" % (names, want_names))
    styles = ET.fromstring(z.read("xl/styles.xml"))
    formats = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iter("{%s}numFmt" % ns["m"])}
    fills = [f.find("m:patternFill/m:fgColor", ns) for f in styles.find("m:fills", ns)]
    fonts = list(styles.find("m:fonts", ns))
    xfs = list(styles.find("m:cellXfs", ns))

    def style(cell):
        return xfs[int(cell.get("s", "0"))]

    def fill_rgb(cell):
        colour = fills[int(style(cell).get("fillId"))]
        return colour.get("rgb") if colour is not None else None

    for i, name in enumerate(want_names):
        sheet = ET.fromstring(z.read("xl/worksheets/sheet%d.xml" % (i + 1)))
        pane = sheet.find("m:sheetViews/m:sheetView/m:pane", ns)
        if pane is None or pane.get("state") != "frozen" or pane.get("ySplit") != "1" or pane.get("topLeftCell") != "A2":
            errors.append("%s: the header row is not frozen" % name)
        cols, want = expected_rows(db, name.lower(), None, None, flags)
        widths = sheet.findall("m:cols/m:col", ns)
        if len(widths) != len(cols) or not all(c.get("customWidth") == "1" for c in widths):
            errors.append("%s: %d column widths set for %d columns" % (name, len(widths), len(cols)))
        rows = sheet.findall("m:sheetData/m:row", ns)
        if len(rows) != len(want) + 1:
            errors.append("%s: %d rows, the database has %d" % (name, len(rows) - 1, len(want)))
        header = rows[0].findall("m:c", ns)
        if [c.findtext("m:is/m:t", None, ns) for c in header] != [c for c, _ in cols]:
            errors.append("%s: header %r" % (name, [c.findtext("m:is/m:t", None, ns) for c in header]))
        if fonts[int(style(header[0]).get("fontId"))].find("m:b", ns) is None:
            errors.append("%s: the header is not bold" % name)
        for row, w in zip(rows[1:], want):
            cells = {c.get("r"): c for c in row.findall("m:c", ns)}
            r = row.get("r")
            for j, (c, kind) in enumerate(cols):
                cell = cells.get(column_letters(j) + r)
                if kind in (DATE, TS) and w[c] is not None:
                    if cell is None or cell.get("t") is not None:
                        errors.append("%s row %s %s: not a numeric cell" % (name, r, c))
                        continue
                    fmt = formats.get(int(style(cell).get("numFmtId")), "")
                    day = datetime.date.fromisoformat(w[c][:10])
                    serial = (day - datetime.date(1899, 12, 30)).days
                    if not fmt.startswith("yyyy-mm-dd") or int(float(cell.findtext("m:v", "", ns))) != serial:
                        errors.append("%s row %s %s: %r in format %r, wanted the date %s" %
                                      (name, r, c, cell.findtext("m:v", "", ns), fmt, w[c]))
                elif kind == NUM and w[c] is not None:
                    if cell is None or cell.get("t") is not None or float(cell.findtext("m:v", "", ns)) != w[c]:
                        errors.append("%s row %s %s: not the number %r" % (name, r, c, w[c]))
                elif kind == TEXT and w[c]:
                    if cell is None or cell.findtext("m:is/m:t", "", ns) != w[c]:
                        errors.append("%s row %s %s: not the text %r" % (name, r, c, w[c]))
            if name == "Actions":
                want_fill = "FFFFC7CE" if w["overdue"] else "FFFFEB9C" if w["unowned"] else None
                got_fill = fill_rgb(cells["A" + r])
                if got_fill != want_fill:
                    errors.append("Actions %s: fill %r, wanted %r" % (w["ref"], got_fill, want_fill))
    return errors


def main():
    if len(sys.argv) > 2 and sys.argv[2] == "workbook":
        ap = argparse.ArgumentParser()
        ap.add_argument("db")
        ap.add_argument("what")
        ap.add_argument("file")
        ap.add_argument("--flags", required=True)
        o = ap.parse_args()
        flags = {a["ref"]: a["flags"] for a in json.load(open(o.flags, encoding="utf-8"))}
        errors = check_workbook(sqlite3.connect(o.db), o.file, flags)
        for e in errors[:20]:
            print(e)
        sys.exit(1 if errors else 0)
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("list")
    ap.add_argument("format", choices=["csv", "json"])
    ap.add_argument("file")
    ap.add_argument("--service")
    ap.add_argument("--since")
    ap.add_argument("--flags")
    ap.add_argument("--bom", action="store_true", help="the CSV must start with a byte-order mark")
    o = ap.parse_args()

    flags = {}
    if o.flags:
        flags = {a["ref"]: a["flags"] for a in json.load(open(o.flags, encoding="utf-8"))}
    db = sqlite3.connect(o.db)
    cols, want = expected_rows(db, o.list, o.service, o.since, flags)
    errors = []
    raw = open(o.file, "rb").read()
    if o.format == "csv":
        if raw.startswith(b"\xef\xbb\xbf") != o.bom:
            errors.append("byte-order mark %s" % ("missing" if o.bom else "where none was asked for"))
        text = raw.decode("utf-8-sig" if o.bom else "utf-8")
        # RFC 4180: every record ends with CRLF (a line break inside a
        # quoted field is data, and may be a bare LF).
        if text and not text.endswith("\r\n"):
            errors.append("the last record does not end with CRLF")
        records = list(csv.reader(io.StringIO(text, newline="")))
        # qip stores no carriage return (input refuses control characters
        # but line breaks and tabs), so each CRLF ends a record.
        if text.count("\r\n") != len(records):
            errors.append("%d records but %d CRLF line ends" % (len(records), text.count("\r\n")))
        header, body = records[0], records[1:]
        if header != [c for c, _ in cols]:
            errors.append("header %r, wanted %r" % (header, [c for c, _ in cols]))
        got = [dict(zip(header, r)) for r in body]
        if any(len(r) != len(header) for r in body):
            errors.append("a record has a different number of fields from the header")
    else:
        got = json.loads(raw.decode("utf-8"))
        if not isinstance(got, list):
            errors.append("not a JSON array")
            got = []
        for r in got:
            if list(r.keys()) != [c for c, _ in cols]:
                errors.append("keys %r" % list(r.keys()))
                break
    if len(got) != len(want):
        errors.append("%d rows, the database has %d" % (len(got), len(want)))
    for g, w in zip(got, want):
        for c, kind in cols:
            if o.list == "actions" and c == "risk-band":
                if (g.get(c) in ("", None)) != (w["risk"] is None):
                    errors.append("%s %s: risk-band %r with risk %r" % (w["ref"], c, g.get(c), w["risk"]))
                continue
            if not same(kind, g.get(c), w[c], o.format == "csv"):
                key = w.get("ref") if o.list == "actions" else w.get("id")
                errors.append("%s %s: exported %r, database %r" % (key, c, g.get(c), w[c]))
    for e in errors[:20]:
        print(e)
    sys.exit(1 if errors else 0)


main()
