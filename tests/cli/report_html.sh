#!/bin/sh
# The HTML reports in a real browser (Debian's headless chromium): each
# loads with no console message (a request the page's policy refuses, a
# script, a broken SVG all show there), and prints to A4 PDF with the
# pages expected: a short meeting's minutes on one page, the evidence pack
# with each theme on pages of its own. A control page that asks for the
# network shows the console check can fail. Skipped (77) without chromium.
# Usage: report_html.sh PATH/TO/qip    (TAP output; exit 1 when a check fails)
QIP=$1
export QIP_TODAY=2026-11-21 TZ=Europe/London LANG=C.UTF-8 LC_ALL=C.UTF-8
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "1..0 # SKIP no chromium (Debian package chromium)"
	exit 77
fi
. "$(dirname "$0")/lib.sh"

# render FILE.html: prints FILE.pdf and the browser's log in FILE.log.
# Its own profile folder, no GPU, no sandbox (tests run as root in CI).
render() {
	HOME=$tmp timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$tmp/profile" --enable-logging=stderr --v=0 --no-pdf-header-footer \
		--print-to-pdf="${1%.html}.pdf" "file://$1" >/dev/null 2>"${1%.html}.log"
}

# console FILE.log: the page's console messages and refused requests.
console() {
	grep -E 'CONSOLE|Refused to|net::ERR' "$1"
}

# pages FILE.pdf: the number of pages.
pages() {
	python3 -c 'import re, sys
print(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", open(sys.argv[1], "rb").read())))' "$1"
}

run demo
expect_exit 0 "demo database"

# The control: a page that asks for an image over the network under the
# same policy as the reports. Its refusal must show in the console.
"$QIP" --db "$DB" report board --format html -o "$tmp/control.html"
sed -i 's|</header>|<img src="http://192.0.2.1/x.png" alt="x"></header>|' "$tmp/control.html"
render "$tmp/control.html"
if console "$tmp/control.log" | grep -q .; then ok "the control page's request shows in the console"
else not_ok "the control page's request went unseen: the console check cannot fail"; fi

for kind in pack commissioner board; do
	run report $kind --format html -o "$tmp/$kind.html"
	expect_exit 0 "$kind as HTML"
	render "$tmp/$kind.html"
	if [ -s "$tmp/$kind.pdf" ]; then ok "$kind printed to PDF"; else not_ok "$kind did not print: $(tail -3 "$tmp/$kind.log")"; fi
	if python3 - "$tmp/$kind.html" <<'PY' >"$tmp/msgs" 2>&1
import sys
from html.parser import HTMLParser
class Check(HTMLParser):
    csp = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a.get("content", "").startswith("default-src 'none';")
        for name in ("src", "href", "srcset", "action", "data"):
            assert name not in a, (tag, a)
        assert tag not in ("script", "link", "iframe", "object", "img"), tag
c = Check()
c.feed(open(sys.argv[1], encoding="utf-8").read())
assert c.csp, "no Content-Security-Policy default-src 'none'"
PY
	then ok "$kind: no element that could load anything, and a policy of default-src 'none'"
	else not_ok "$kind: $(tail -2 "$tmp/msgs")"; fi
	if console "$tmp/$kind.log" >"$tmp/msgs"; then not_ok "$kind: console messages: $(head -3 "$tmp/msgs")"
	else ok "$kind: no console message and no request"; fi
done

# The pack: a page for the summary, then each theme starts a page.
"$QIP" --db "$DB" report pack --format json >"$tmp/pack.json"
themes=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["sections"]))' "$tmp/pack.json")
got=$(pages "$tmp/pack.pdf")
if [ "$got" -ge $((themes + 1)) ]; then ok "pack: $got pages for $themes themes, each on pages of its own"
else not_ok "pack: $got pages, wanted at least $((themes + 1)) for $themes themes"; fi
# Each theme starts a page of its own: a plan of three small themes
# prints as exactly four pages (the summary, then one page a theme).
small_db=$tmp/small.db
"$QIP" --db "$small_db" init >/dev/null 2>&1
"$QIP" --db "$small_db" service add "Elm Lodge" >/dev/null
for area in medicines safeguarding nutrition; do
	"$QIP" --db "$small_db" action add --service "Elm Lodge" --area $area --title "Put right the $area finding" \
		--baseline "The $area audit failed" --target 95 --unit % >/dev/null
done
"$QIP" --db "$small_db" report pack --format html -o "$tmp/small.html"
render "$tmp/small.html"
small=$(pages "$tmp/small.pdf")
if [ "$small" -eq 4 ]; then ok "three small themes print on four pages (summary, then one a theme)"
else not_ok "three small themes: $small pages, wanted 4"; fi

# Minutes of a short meeting: one page.
python3 - "$DB" <<'PY'
import sqlite3, sys
from qip_sql import stand_in
db = stand_in(sqlite3.connect(sys.argv[1]))
db.execute("INSERT INTO meeting(uuid, held_on, created_at, title, attendees) VALUES ('m-1', '2026-11-20', '2026-11-20T10:00:00.000Z', 'Quality and safety meeting', 'Sarah Jones, Priya Shah')")
db.execute("UPDATE review SET meeting_id = 1 WHERE id IN (SELECT id FROM review ORDER BY id LIMIT 2)")
db.commit()
PY
run report minutes --meeting 1 --format html -o "$tmp/minutes.html"
expect_exit 0 "minutes as HTML"
render "$tmp/minutes.html"
got=$(pages "$tmp/minutes.pdf")
if [ "$got" -eq 1 ]; then ok "minutes of two decisions print on one page"; else not_ok "minutes: $got pages, wanted 1"; fi
if console "$tmp/minutes.log" >"$tmp/msgs"; then not_ok "minutes: console messages: $(head -3 "$tmp/msgs")"
else ok "minutes: no console message"; fi
finish
