#!/bin/sh
# Load and faults: 32 users writing at once all land (SQLite's own busy
# handler at 5 s lost 3-7 writes of 1,920 here); a kill -9 during a
# migration never leaves a file later commands cannot use.
QIP=$1
. "$(dirname "$0")/lib.sh"
writers=${QIP_LOAD_WRITERS:-32}
each=${QIP_LOAD_EACH:-60}

run init; expect_exit 0 "init"
run action add --title "Falls review" --target 2 --unit falls; expect_exit 0 "an action"

# writer N: adds $each evidence entries, one command each; a failure's
# message goes to its own file.
writer() {
	i=0
	while [ $i -lt $each ]; do
		i=$((i + 1))
		"$QIP" --db "$DB" evidence add QIP-0001 --kind activity --category staff --note "w$1 n$i" \
			>/dev/null 2>>"$tmp/fail.$1" || echo "w$1 n$i" >>"$tmp/lost"
	done
}
start=$(date +%s)
w=0
while [ $w -lt $writers ]; do
	w=$((w + 1))
	writer $w &
done
wait
secs=$(( $(date +%s) - start ))
echo "# $writers writers x $each writes in ${secs} s"
[ ! -s "$tmp/lost" ] && ok "no writer was refused" ||
	{ not_ok "$(wc -l <"$tmp/lost") writes refused"; cat "$tmp"/fail.* | sort | uniq -c | sed 's/^/#   /'; }
run evidence list QIP-0001 --format json
json_ok "len(d) == $writers * $each" "all $((writers * each)) writes of $writers writers landed"
json_ok "len({e['note'] for e in d}) == $writers * $each" "each once"

# A write kept waiting over a second says so on a terminal, and only there.
# hold SECS: another connection holds the write lock for SECS seconds.
hold() {
	python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE"); open(sys.argv[3], "w").close()
time.sleep(float(sys.argv[2])); c.execute("COMMIT")' "$DB" "$1" "$tmp/held" &
	holder=$!
	while [ ! -e "$tmp/held" ]; do sleep 0.05; done
}
rm -f "$tmp/held"; hold 2.5
script -qfec "$QIP --db $DB evidence add QIP-0001 --kind activity --category staff --note tty-wait" /dev/null \
	</dev/null >"$tmp/out" 2>&1
wait $holder
grep -q "waiting for another user's write" "$tmp/out" && ok "on a terminal, a long wait is said" ||
	not_ok "no word of the wait on the terminal"
rm -f "$tmp/held"; hold 2.5
run evidence add QIP-0001 --kind activity --category staff --note quiet-wait
wait $holder
expect_exit 0 "the wait ends in the write"
[ ! -s "$tmp/err" ] && ok "with stderr not a terminal, nothing is said" || not_ok "stderr has text"

# A migration killed at any moment: the file is at the old schema or the
# new, and the next command migrates and works. The database is a copy of
# a schema-1 database (tests/data/schema1.sql); the kill comes at a
# different moment each round.
old="$tmp/old.db"
sqlite3 "$old" <"$(dirname "$0")/../data/schema1.sql" >/dev/null
killed=0 round=0
while [ $round -lt 20 ]; do
	round=$((round + 1))
	cp "$old" "$tmp/m.db"
	"$QIP" --db "$tmp/m.db" action list >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$(( round % 10 ))" 2>/dev/null || sleep 0
	kill -9 $pid 2>/dev/null && killed=$((killed + 1))
	wait $pid 2>/dev/null
	"$QIP" --db "$tmp/m.db" action list --format json >"$tmp/out" 2>"$tmp/err" ||
		{ not_ok "round $round: after the kill the database does not open"; continue; }
	python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/out" 2>/dev/null ||
		not_ok "round $round: output is not JSON"
	[ "$(sqlite3 "$tmp/m.db" 'PRAGMA integrity_check')" = ok ] || not_ok "round $round: integrity_check fails"
done
ok "20 migrations killed at different moments ($killed while running): each database opened after, whole"
[ "$killed" -gt 0 ] && ok "at least one kill landed mid-run" || not_ok "no kill landed while qip ran"
finish
