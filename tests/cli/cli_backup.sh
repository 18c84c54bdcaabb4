#!/bin/sh
# qip backup while others write, and qip restore: checked, explained,
# refused while the database is in use.
QIP=$1
. "$(dirname "$0")/lib.sh"
run init; expect_exit 0 "init"
run action add --title "Falls review" --target 2 --unit falls; expect_exit 0 "an action"

# Eight writers, 30 writes each, while backups are taken one after another.
writer() {
	i=0
	while [ $i -lt 30 ]; do
		i=$((i + 1))
		"$QIP" --db "$DB" evidence add QIP-0001 --kind activity --category staff --note "w$1 n$i" >/dev/null 2>&1 ||
			echo "w$1 n$i" >>"$tmp/lost"
	done
}
for w in 1 2 3 4 5 6 7 8; do writer $w & done
b=0
while [ $b -lt 5 ]; do
	b=$((b + 1))
	"$QIP" --db "$DB" backup "$tmp/b$b.db" >"$tmp/out" 2>"$tmp/err"; status=$?
	expect_exit 0 "backup $b during the writes"
done
wait
[ ! -s "$tmp/lost" ] && ok "the writers lost nothing to the backups" || not_ok "$(wc -l <"$tmp/lost") writes refused"
prev=-1
for b in 1 2 3 4 5; do
	[ "$(sqlite3 "$tmp/b$b.db" 'PRAGMA integrity_check')" = ok ] && ok "backup $b passes integrity_check" ||
		not_ok "backup $b fails integrity_check"
	[ "$(stat -c %a "$tmp/b$b.db")" = 600 ] && ok "backup $b is mode 0600" || not_ok "backup $b is $(stat -c %a "$tmp/b$b.db")"
	"$QIP" --db "$tmp/b$b.db" evidence list QIP-0001 --format json >"$tmp/out" 2>"$tmp/err"
	count=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$tmp/out")
	[ "$count" -ge "$prev" ] && [ "$count" -le 240 ] && ok "backup $b opens in qip: $count of 240 writes, no fewer than the one before" ||
		not_ok "backup $b has $count entries (before: $prev)"
	prev=$count
done
ls "$tmp" | grep -q '\.tmp-' && not_ok "a temporary file was left" || ok "no temporary file left"

run backup "$tmp/b1.db"; expect_exit 2 "a backup never replaces a file"
expect_err "exists: a backup never replaces a file" "says so"
run backup; expect_exit 2 "backup without a file"

# Restore: the database now has 240 entries; b1 fewer.
run restore "$tmp/b1.db" </dev/null; expect_exit 2 "restore without a terminal or --yes changes nothing"
expect_out "qip restore replaces the database with the backup" "but explains itself first"
run evidence list QIP-0001 --format json; json_ok 'len(d) == 240' "the database is unchanged"

printf 'not a database\n' >"$tmp/junk"
run restore --yes "$tmp/junk"; expect_exit 2 "a file that is not a qip database is refused"
expect_err "$tmp/junk cannot be restored: it is not a qip database" "naming the file"

# In use: another connection open on the database.
python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1]); c.execute("SELECT count(*) FROM action").fetchall()
open(sys.argv[2], "w").close(); time.sleep(3)' "$DB" "$tmp/open" &
holder=$!
while [ ! -e "$tmp/open" ]; do sleep 0.05; done
run restore --yes "$tmp/b1.db"; expect_exit 1 "restore while someone has the database open is refused"
expect_err "is in use" "says it is in use"
wait $holder
run evidence list QIP-0001 --format json; json_ok 'len(d) == 240' "and the database is unchanged"

run restore --yes "$tmp/b1.db"; expect_exit 0 "restore with --yes when nobody has it open"
expect_out "kept as" "says where the replaced database is kept"
run evidence list QIP-0001 --format json
b1=$(sqlite3 "$tmp/b1.db" 'SELECT count(*) FROM evidence')
json_ok "len(d) == $b1" "the database is now the backup ($b1 entries)"
kept=$(ls "$tmp" | grep '^test\.db\.replaced-')
[ "$(sqlite3 "$tmp/$kept" 'SELECT count(*) FROM evidence')" = 240 ] && ok "the replaced database is kept whole, 240 entries" ||
	not_ok "kept: '$kept'"
ls "$tmp" | grep -q '\.restore-' && not_ok "a temporary file was left" || ok "no temporary restore file left"
run evidence add QIP-0001 --kind activity --category staff --note "after the restore"; expect_exit 0 "writing after the restore works"
finish
