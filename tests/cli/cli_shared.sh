#!/bin/sh
# The shared-server set-up (README, "Running qip on a shared server"), for
# real: needs root to make the group qip, two Unix accounts that are not in
# it, a setgid copy of qip and the shared folder; skipped otherwise (a TAP
# "1..0 # SKIP" plan: meson runs it with the TAP protocol).
# Both accounts use qip on one database; neither can reach the file any
# other way; the files stay 0660 group qip whatever their umask; what qip
# writes for a user is that user's. Everything it makes is removed after.
QIP=$1
. "$(dirname "$0")/lib.sh"
tools=$(cd "$(dirname "$0")/../../tools" && pwd)
skip() { echo "1..0 # SKIP $1"; exit 0; }   # TAP: meson reads the skip from the plan
[ "$(id -u)" -eq 0 ] || skip "needs root"
for t in useradd userdel groupadd groupdel runuser sqlite3 script getent; do
	command -v $t >/dev/null || skip "needs $t"
done
shared=$("$QIP" --version | sed -n 's/.*shared database: \(.*\))$/\1/p')
[ -n "$shared" ] || { echo "not ok 1 - qip --version names no shared database"; echo "1..1"; exit 1; }
folder=$(dirname "$shared")
[ -e "$folder" ] && skip "$folder exists: not touching a real set-up"
# A setgid process is not dumpable, so LeakSanitizer fails at its exit,
# and ignores ASAN_OPTIONS there: the sanitizer build skips this test.
ldd "$QIP" 2>/dev/null | grep -q libasan && skip "a setgid qip cannot run under LeakSanitizer"
alice=qipt-alice bob=qipt-bob
for u in $alice $bob; do getent passwd $u >/dev/null && skip "the account $u exists"; done
made_group=
getent group qip >/dev/null || made_group=yes
bin=$(mktemp -d /tmp/qip-shared-bin-XXXXXX)
cleanup() {
	userdel $alice 2>/dev/null; userdel $bob 2>/dev/null
	[ -n "$made_group" ] && groupdel qip 2>/dev/null
	rm -rf "$folder" "$bin" "$tmp"
}
trap cleanup EXIT
useradd -M $alice && useradd -M $bob || skip "useradd failed"
chmod 755 "$bin"
cp "$QIP" "$bin/qip"
sq="$bin/qip"

"$tools/setup-shared-server" "$sq" >"$tmp/out" 2>"$tmp/err"; status=$?
expect_exit 0 "tools/setup-shared-server"
[ "$(stat -c '%a %U %G' "$sq")" = "2755 root qip" ] && ok "qip is setgid qip" || not_ok "qip is $(stat -c '%a %U %G' "$sq")"
[ "$(stat -c '%a %U %G' "$folder")" = "2770 root qip" ] && ok "$folder is 2770 root:qip" ||
	not_ok "$folder is $(stat -c '%a %U %G' "$folder")"
id -Gn $alice | grep -qw qip && not_ok "$alice is in the group qip" || ok "$alice is not in the group qip"

# The provider's admin (root here) makes the database, under a tight umask.
(umask 077; "$QIP" --db "$shared" init) >"$tmp/out" 2>"$tmp/err"; status=$?
expect_exit 0 "init in the shared folder under umask 077"
[ "$(stat -c '%a %G' "$shared")" = "660 qip" ] && ok "the database is 0660 group qip" ||
	not_ok "the database is $(stat -c '%a %G' "$shared")"
# Alice manages the service (so may add its actions), Bob is a senior
# carer there (so may log evidence, and may not restore).
"$QIP" --db "$shared" service add "Oak House" >/dev/null 2>&1 &&
"$QIP" --db "$shared" person add --name "Alice Smith" --role registered-manager --service "Oak House" --login $alice >/dev/null 2>&1 &&
"$QIP" --db "$shared" person add --name "Bob Jones" --role senior-carer --service "Oak House" --login $bob >/dev/null 2>&1 &&
	ok "the admin adds both accounts as people of the service" || not_ok "service or person add failed"

# as USER UMASK ARGS...: the setgid qip as USER, no --db (the shared one).
as() {
	u=$1 m=$2; shift 2
	runuser -u "$u" -- sh -c 'umask '"$m"'; cd /; exec "$@"' sh "$sq" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
}
as $alice 077 action add --title "Falls review" --service "Oak House" --target 2 --unit falls
expect_exit 0 "alice adds an action through qip"
as $bob 007 evidence add QIP-0001 --kind activity --category staff --note "Falls training"
expect_exit 0 "bob logs evidence on it"

# While alice has qip open full-screen (she made -wal and -shm, umask 077),
# bob writes; then the files' modes, while they exist.
(sleep 4; printf q) | runuser -u $alice -- sh -c 'umask 077; exec script -qfec "$0" /dev/null' "$sq" >/dev/null 2>&1 &
tui=$!
sleep 2
as $bob 007 evidence add QIP-0001 --kind activity --category staff --note "Second session"
expect_exit 0 "bob writes while alice has qip open"
for f in "$shared-wal" "$shared-shm"; do
	[ "$(stat -c '%a %U %G' "$f" 2>&1)" = "660 $alice qip" ] && ok "$(basename "$f") is alice's, 0660 group qip" ||
		not_ok "$(basename "$f"): $(stat -c '%a %U %G' "$f" 2>&1)"
done
wait $tui

# Both at once, five writes each: all land.
for i in 1 2 3 4 5; do
	runuser -u $alice -- "$sq" evidence add QIP-0001 --kind activity --category staff --note "a$i" >/dev/null 2>&1 &
	runuser -u $bob -- "$sq" evidence add QIP-0001 --kind activity --category staff --note "b$i" >/dev/null 2>&1 &
done
wait
as $bob 077 evidence list QIP-0001 --format json
json_ok 'len(d) == 12' "alice's and bob's ten writes at once all landed"
real_day=$(TZ=Europe/London date +%Y-%m-%d)
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if d and all(e["date"] == sys.argv[2] for e in d) else 1)' \
	"$tmp/out" "$real_day" && ok "QIP_TODAY in the environment is ignored: all dated $real_day" || not_ok "a date follows QIP_TODAY"
[ "$(stat -c '%a %G' "$shared")" = "660 qip" ] && ok "after both used it the database is still 0660 group qip" ||
	not_ok "the database is $(stat -c '%a %G' "$shared")"

# No way round qip.
runuser -u $alice -- sqlite3 "$shared" "DELETE FROM evidence" >"$tmp/out" 2>"$tmp/err"; status=$?
[ $status -ne 0 ] && ok "alice cannot open the file with sqlite3 (exit $status)" || not_ok "sqlite3 opened it"
runuser -u $bob -- sqlite3 -readonly "$shared" "SELECT count(*) FROM evidence" >"$tmp/out" 2>"$tmp/err"; status=$?
[ $status -ne 0 ] && ok "bob cannot read it with sqlite3 either" || not_ok "sqlite3 read it"
runuser -u $bob -- cp "$shared" /tmp >/dev/null 2>&1 && not_ok "bob copied the file" || ok "bob cannot copy the file"

# Another database with the group's rights is refused: a copy in a folder
# of the group, not the configured one.
other=$(mktemp -d /tmp/qip-shared-other-XXXXXX)
chgrp qip "$other"; chmod 2770 "$other"
cp -p "$shared" "$other/qip.db"
as $alice 077 --db "$other/qip.db" action list
[ $status -ne 0 ] && ok "--db of another file in a qip-group folder: opened with alice's rights, refused (exit $status)" ||
	not_ok "the group opened $other/qip.db"
rm -rf "$other"
as $alice 077 --db "$folder/../$(basename "$folder")/qip.db" action list --format json
json_ok '[a["ref"] for a in d] == ["QIP-0001"]' "the shared database by another spelling of its path still opens"
QIP_DB=/nonexistent/qip.db as $alice 077 action list --format json
json_ok '[a["ref"] for a in d] == ["QIP-0001"]' "QIP_DB is ignored: the shared database"

# A file a user names is read with their rights: the database itself,
# named as a settings file, cannot be read through qip.
as $alice 022 settings check "$shared"
expect_exit 2 "alice cannot have qip read the database as her settings file"
expect_err "Permission denied" "it is not hers to read"

# What qip writes for a user is theirs: a backup.
mine=$(mktemp -d /tmp/qip-shared-alice-XXXXXX)
chown $alice "$mine"
as $alice 022 backup "$mine/copy.db"
expect_exit 0 "alice backs the shared database up into her folder"
[ "$(stat -c '%U %G %a' "$mine/copy.db")" = "$alice $(id -gn $alice) 600" ] && ok "the backup is alice's, her group, 0600" ||
	not_ok "the backup is $(stat -c '%U %G %a' "$mine/copy.db")"
[ "$(sqlite3 "$mine/copy.db" 'SELECT count(*) FROM evidence')" = 12 ] && ok "and holds the twelve entries" ||
	not_ok "the backup lacks entries"
# An export and a report too, each written beside its name and renamed:
# alice's and her group's, not the group qip's, with the umask's mode.
as $alice 022 export actions -o "$mine/actions.json"
expect_exit 0 "alice exports the actions into her folder"
[ "$(stat -c '%U %G %a' "$mine/actions.json")" = "$alice $(id -gn $alice) 644" ] &&
	ok "the export is alice's, her group, 0644" || not_ok "the export is $(stat -c '%U %G %a' "$mine/actions.json")"
cp "$mine/actions.json" "$tmp/out"
json_ok '[a["ref"] for a in d] == ["QIP-0001"]' "and lists the action"
as $alice 022 export all -o "$mine/all.xlsx"
expect_exit 0 "alice exports a workbook into her folder"
[ "$(stat -c '%U %G %a' "$mine/all.xlsx")" = "$alice $(id -gn $alice) 644" ] &&
	ok "the workbook is alice's, her group, 0644" || not_ok "the workbook is $(stat -c '%U %G %a' "$mine/all.xlsx")"
as $alice 022 report pack --format json -o "$mine/pack.json"
expect_exit 0 "alice writes a report into her folder"
[ "$(stat -c '%U %G %a' "$mine/pack.json")" = "$alice $(id -gn $alice) 644" ] &&
	ok "the report is alice's, her group, 0644" || not_ok "the report is $(stat -c '%U %G %a' "$mine/pack.json")"
[ -z "$(find "$mine" -name '*.json.*' -o -name '.*')" ] && ok "no temporary file is left beside them" ||
	not_ok "left: $(find "$mine" -name '*.json.*' -o -name '.*')"
# The shared folder is the group's: qip writes nothing there for a user
# (an export named as the database would have replaced it).
as $alice 022 export actions -o "$shared"
expect_exit 1 "alice cannot export over the shared database"
expect_err "Permission denied" "the folder is not hers to write"
as $alice 022 report pack -o "$folder/pack.txt"
expect_exit 1 "nor write a report into the shared folder"
[ -z "$(ls -A "$folder" | grep -vx "$(basename "$shared")\(-wal\|-shm\)\{0,1\}")" ] &&
	[ "$(sqlite3 "$shared" 'SELECT count(*) FROM evidence')" = 12 ] &&
	ok "nothing new is there and the database is whole" || not_ok "the shared folder changed: $(ls -la "$folder")"
as $bob 022 backup "$mine/bob.db"
expect_exit 2 "bob cannot write into alice's folder through qip"
[ ! -e "$mine/bob.db" ] && ok "and nothing is there" || not_ok "bob wrote $mine/bob.db"
as $bob 022 restore --yes "$mine/copy.db"
expect_exit 1 "bob, a senior carer, may not restore the shared database"
expect_err "restoring the database from a backup needs an admin; you are a senior carer" "says only an admin may"
rm -rf "$mine"

# A wrong mode or group found at start is named with its fix.
install -o $alice -g qip -m 640 /dev/null "$shared-shm"
as $bob 007 action list
expect_exit 1 "a stray -shm of mode 0640 stops bob"
expect_err "$shared-shm has mode 0640" "the message names that file"
expect_err "fix with: chmod 660 $shared-shm" "and the command that fixes it"
chmod 660 "$shared-shm"; chgrp $alice "$shared-shm"
as $bob 007 action list
expect_err "fix with: chgrp qip $shared-shm" "a -shm of another group: names chgrp qip"
rm -f "$shared-shm"
chmod g-s "$folder"
as $bob 007 action list
expect_err "fix with: chmod g+s $folder" "the folder without its set-group-ID bit: chmod g+s"
chmod g+s "$folder"
as $bob 007 action list; expect_exit 0 "fixed, bob uses qip again"
finish
