#!/bin/sh
# People on the command line (a name matched by its start is said in full,
# leave asks first, edit and return, the last admin stays), and the
# database file (a mistyped command creates nothing, creation is all or
# nothing, two first starts at once both work, the path is escaped).
QIP=$1
. "$(dirname "$0")/lib.sh"
me=$(id -un)

# person_state NAME: "active" or "left", from person list --all as JSON.
person_state() {
	"$QIP" --db "$DB" person list --all --format json >"$tmp/people.json"
	python3 -c 'import json, sys
print("".join(p["state"] for p in json.load(open(sys.argv[1], encoding="utf-8")) if p["name"] == sys.argv[2]))' \
		"$tmp/people.json" "$1"
}

# --- nothing is created by a command that is not init, demo or a first start
DB="$tmp/new/x.db"
run person lsit; expect_exit 2 "misspelt subcommand"; expect_err "unknown subcommand 'lsit' (did you mean list?)" "suggests list"
[ ! -e "$tmp/new" ] && ok "a misspelt subcommand creates neither file nor folder" || not_ok "person lsit left $(ls -A "$tmp/new")"
run person list --bogus; expect_exit 2 "unknown option"
run action add --title; expect_exit 2 "missing option value"
run person list; expect_exit 2 "a list needs a database"; expect_err "no database at" "says to create one"
expect_err "qip init" "names qip init"
[ ! -e "$tmp/new" ] && ok "only init, demo and a first start create the database" || not_ok "person list created $(ls -A "$tmp/new")"

# --- the path is escaped on standard output
esc=$(printf '\033')
DB="$tmp/$(printf 'odd\033[2Jname').db"
run init; expect_exit 0 "init at a path with an escape in it"
if grep -q "$esc" "$tmp/out" "$tmp/err"; then not_ok "init sent a raw escape to the terminal"; else ok "init escapes the path"; fi
expect_out 'odd\e[2Jname.db is ready' "init shows the escape as text"
DB="$tmp/$(printf 'demo\033]0;x\007').db"
run demo; expect_exit 0 "demo at a path with escapes in it"
if grep -q "$esc" "$tmp/out" "$tmp/err"; then not_ok "demo sent a raw escape to the terminal"; else ok "demo escapes the path"; fi
expect_out 'Demo provider written to' "demo reports"

# --- a whitespace-only search is no search, not an FTS5 syntax error
run action list --search "   " --format json; expect_exit 0 "a search of spaces"
json_ok 'len(d) > 0' "a search of spaces lists the open actions"
cp "$tmp/out" "$tmp/spaces.json"
run action list --format json
if cmp -s "$tmp/out" "$tmp/spaces.json"; then ok "the same list as no search"; else not_ok "spaces give a different list from no search"; fi

# --- people
DB="$tmp/people.db"
run init
run person add --name "José Ferreira" --role team-leader --login jferreira
run person add --name "Jane Smith" --role registered-manager --login jsmith
run action add --title "Weekly MAR check" --owner jferreira --due +7

run person leave J --yes; expect_exit 2 "an ambiguous start"; expect_err "could be Jane Smith or José Ferreira" "names both"
run person leave Jo; expect_exit 2 "leave without a terminal or --yes"
expect_err "add --yes" "says to add --yes"
[ "$(person_state 'José Ferreira')" = active ] && ok "nobody left without --yes" || not_ok "José left without being asked"
run person leave Jo --yes; expect_exit 0 "leave with --yes"
if [ "$(head -n 1 "$tmp/out")" = "'Jo' is José Ferreira (team-leader)" ]; then ok "the start of a name is said in full first"
else not_ok "first line is not the full name"; fi
expect_out "José Ferreira has left" "says who left"
[ "$(person_state 'José Ferreira')" = left ] && ok "José has left" || not_ok "José has not left"
run person leave jferreira --yes; expect_exit 2 "a leaver cannot leave again"

run person return Jane; expect_exit 2 "return of someone who has not left"; expect_err "nobody who has left is called 'Jane'" "says so"
run person return Jos; expect_exit 0 "return"; expect_out "'Jos' is José Ferreira" "return says whom it took"
[ "$(person_state 'José Ferreira')" = active ] && ok "José is active again" || not_ok "José did not return"

# On a terminal, leave asks; only y goes ahead.
tty_leave() {
	python3 - "$QIP" "$DB" "$1" <<'EOF' >"$tmp/out" 2>&1
import os, pty, sys
qip, db, answer = sys.argv[1:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(qip, [qip, "--db", db, "person", "leave", "José"])
out = b""
while b"[y/N]" not in out:
    out += os.read(fd, 1024)
os.write(fd, answer.encode() + b"\n")
while True:
    try:
        chunk = os.read(fd, 1024)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
print("exit", os.waitstatus_to_exitcode(status))
EOF
}
tty_leave n
grep -q "Mark José Ferreira (team-leader) as left on 2026-03-02" "$tmp/out" && ok "asks, naming the person and the date" || not_ok "no question"
grep -q "exit 1" "$tmp/out" && ok "n answers no (exit 1)" || not_ok "n did not refuse"
[ "$(person_state 'José Ferreira')" = active ] && ok "n changes nothing" || not_ok "n marked José as left"
tty_leave y
grep -q "exit 0" "$tmp/out" && ok "y goes ahead" || not_ok "y did not go ahead"
[ "$(person_state 'José Ferreira')" = left ] && ok "y marks José as left" || not_ok "y did not mark José as left"
run person return jferreira

run person edit jferreira --name "José Ferreira-Lopes" --role "Deputy Manager" --login jlopes
expect_exit 0 "edit name, role and login"
run person list --format json
json_ok '[(p["name"], p["role"], p["login"]) for p in d if p["login"] == "jlopes"] == [("José Ferreira-Lopes", "deputy-manager", "jlopes")]' "edit stored"
run action list --format json
json_ok '[a["owner"] for a in d] == ["José Ferreira-Lopes"]' "the action shows the new name"
run person edit jlopes; expect_exit 2 "edit with nothing to change"
run person edit jlopes --login jsmith; expect_exit 2 "edit to a taken login"; expect_err "already belongs to Jane Smith" "names the holder"

run person leave "$me" --yes; expect_exit 1 "the last active admin cannot leave"; expect_err "is the last active admin" "says why"
run person edit "$me" --role carer; expect_exit 1 "nor stop being admin"; expect_err "is the last active admin" "same message"
run person edit jsmith --role admin; expect_exit 0 "a second admin"
run person leave jsmith --yes; expect_exit 0 "then one admin may leave"
run person list --format json
json_ok '[p["login"] for p in d if p["role"] == "admin"] == ["'"$me"'"]' "one active admin is left"

# --- two first starts at once both succeed, on one database
for i in 1 2 3 4 5; do
	P="$tmp/race$i/q.db"
	"$QIP" --db "$P" init >"$tmp/race-a" 2>&1 &
	a=$!
	"$QIP" --db "$P" init >"$tmp/race-b" 2>&1 &
	b=$!
	wait $a; sa=$?
	wait $b; sb=$?
	DB=$P
	run person list --all --format json
	if [ $sa -eq 0 ] && [ $sb -eq 0 ] && python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if [p["role"] for p in d] == ["admin"] else 1)' "$tmp/out"; then
		ok "race $i: both inits exit 0; one person, the admin"
	else
		not_ok "race $i: exits $sa and $sb; people: $(cat "$tmp/out"); $(cat "$tmp/race-a" "$tmp/race-b")"
	fi
	run framework list --format json
	json_ok 'len(d) > 0' "race $i: the framework is loaded"
	creators=$(cat "$tmp/race-a" "$tmp/race-b" | grep -c "created a new database")
	[ "$creators" -eq 1 ] && ok "race $i: exactly one of them created it" || not_ok "race $i: $creators said they created it"
	left=$(ls -A "$tmp/race$i" | grep -v '^q\.db$')
	[ -z "$left" ] && ok "race $i: no temporary file left" || not_ok "race $i left $left"
done

# --- an init that fails or is killed half-way leaves no database
mkdir -p "$tmp/data/templates"
cp -r "$QIP_DATA_DIR/frameworks" "$tmp/data/"
printf 'key: broken\n  - : [\n' >"$tmp/data/templates/zz.yaml"
DB="$tmp/failed/q.db"
init_with_data() {
	QIP_DATA_DIR="$tmp/data" "$QIP" --db "$DB" init >"$tmp/out" 2>"$tmp/err"
	status=$?
}
init_with_data
[ "$status" -ne 0 ] && ok "init with a broken bundled template fails (exit $status)" || not_ok "init succeeded"
[ -z "$(ls -A "$tmp/failed")" ] && ok "a failed init leaves no file" || not_ok "a failed init left $(ls -A "$tmp/failed")"
run person list; expect_err "no database at" "and a later command says there is none"

# A bundled file that never ends (a FIFO held open) stops init half-way:
# the first person and the framework are in, the templates not yet.
rm "$tmp/data/templates/zz.yaml"
cp "$QIP_DATA_DIR"/templates/*.yaml "$tmp/data/templates/"
mkfifo "$tmp/data/templates/zz.yaml"
exec 3<>"$tmp/data/templates/zz.yaml"
# stuck_init PATH: starts an init that stops half-way; its pid in $pid.
stuck_init() {
	QIP_DATA_DIR="$tmp/data" "$QIP" --db "$1" init >/dev/null 2>&1 &
	pid=$!
	tries=0
	while [ $tries -lt 100 ] && ! reading_fifo; do
		sleep 0.1; tries=$((tries + 1))
	done
	reading_fifo && ok "init is waiting half-way" || not_ok "init never reached the FIFO"
}
reading_fifo() {
	case $(cat /proc/$pid/wchan 2>/dev/null) in *pipe_read*) return 0 ;; *) return 1 ;; esac
}

DB="$tmp/killed/q.db"
stuck_init "$DB"
[ ! -e "$DB" ] && ok "while init is half-way there is no database yet" || not_ok "a half-made $DB is in place"
kill -9 $pid
wait $pid 2>/dev/null
[ ! -e "$DB" ] && ok "init killed half-way leaves no database" || not_ok "init killed half-way left $DB"
run person list; expect_exit 2 "a later command finds no database"; expect_err "no database at" "and says so"

# Two starts at once, the first stuck: the second still succeeds, and
# the database is whole.
DB="$tmp/second/q.db"
stuck_init "$DB"
run person list; expect_exit 2 "a second user meanwhile finds no database"
run init; expect_exit 0 "a second init meanwhile succeeds"
kill -9 $pid
wait $pid 2>/dev/null
exec 3>&-
run person list --all --format json
json_ok '[p["role"] for p in d] == ["admin"]' "the database has one person, the admin"
run framework list --format json; json_ok 'len(d) > 0' "and the framework"
run template list --format json; json_ok 'len(d) == 7' "and the seven bundled templates"
finish
