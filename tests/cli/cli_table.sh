#!/bin/sh
# The command table (src/cli/command.c): help from the rows, options
# checked per subcommand before anything is opened, --read-only refusing
# a writing command up front, and every person argument matched by the
# start of a name said in full (one function, cli_person_arg).
QIP=$1
. "$(dirname "$0")/lib.sh"

# --- refused before anything is opened
DB="$tmp/new/x.db"
run action show 1 --title x; expect_exit 2 "an option of another subcommand"
expect_err "action show: --title is only for action add, action edit" "names the subcommands that take it"
run action close 1 --decision keep-open; expect_exit 2 "--decision on close"
expect_err "action close: --decision is only for action review" "says review takes it"
run person list --bogus; expect_exit 2 "an unknown option"
expect_err "person list: unknown option '--bogus' (see: qip person list --help)" "points at the subcommand's help"
run action; expect_exit 2 "a group without a subcommand"
expect_err "action: say add, list, show, edit, assign, extend, close, reopen, review or history" "lists the subcommands"
[ ! -e "$tmp/new" ] && ok "none of these created anything" || not_ok "created $(ls -A "$tmp/new")"

# --- help from the rows
run action extend --help; expect_exit 0 "action extend --help"
if [ "$(head -n 1 "$tmp/out")" = "usage: qip action extend [--reason T] REF DATE" ]; then ok "its usage line comes from its row"
else not_ok "usage line: $(head -n 1 "$tmp/out")"; fi
expect_out "--reason T" "lists its option"
expect_no_out "--title" "and not another subcommand's"
run escalation --help; expect_exit 0 "escalation --help"
for sub in raise list up resolve; do expect_out "qip escalation $sub" "group help lists $sub"; done
run --help; expect_exit 0 "qip --help"
for g in init demo service person action evidence escalation template framework; do
	expect_out "  $g " "the top-level help lists $g"
done

# --- people named by the start of their name
DB="$tmp/people.db"
run init
run person add --name "José Ferreira" --role team-leader --login jferreira
run person add --name "Jane Smith" --role registered-manager --login jsmith
run person add --name "Zoë Okafor" --role medicines-lead

run action add --title "Weekly MAR check" --owner Jos --supporters "Zo, jsmith" --due +7; expect_exit 0 "add with --owner by its start"
expect_err "'Jos' is José Ferreira (team-leader)" "says whom the owner was taken for"
expect_err "'Zo' is Zoë Okafor (medicines-lead)" "and each supporter matched by its start"
if [ "$(cat "$tmp/out")" = "QIP-0001" ]; then ok "stdout is still only the new ref"; else not_ok "stdout: $(cat "$tmp/out")"; fi
run action add --title "Fridge temperatures" --owner jferreira; expect_exit 0 "add with a login"
# (stderr still carries the draft note: these actions have no due date)
! grep -q "' is " "$tmp/err" && ok "a login is not echoed" || not_ok "echoed: $(cat "$tmp/err")"
run action add --title "Exact" --owner "Jane Smith"; expect_exit 0 "add with a full name"
! grep -q "' is " "$tmp/err" && ok "a full name is not echoed" || not_ok "echoed: $(cat "$tmp/err")"
run action edit 1 --owner Ja; expect_exit 0 "edit --owner by its start"
expect_err "'Ja' is Jane Smith (registered-manager)" "says whom"
run action assign 1 Zo; expect_exit 0 "assign by a start"
expect_err "'Zo' is Zoë Okafor (medicines-lead)" "says whom"
run action list --owner Zo --format json; expect_exit 0 "list --owner by a start"
expect_err "'Zo' is Zoë Okafor" "says whom"
json_ok '[a["ref"] for a in d] == ["QIP-0001"]' "stdout is still the list, as JSON"
run escalation raise 1 --reason overdue --to Ja; expect_exit 0 "escalation raise --to by a start"
expect_err "'Ja' is Jane Smith (registered-manager)" "says whom"
id=$(cat "$tmp/out")
case $id in *[!0-9]*|'') not_ok "stdout is not the id: $id" ;; *) ok "stdout is still the escalation's id" ;; esac
run action assign 1 J; expect_exit 2 "an ambiguous start"
expect_err "could be Jane Smith or José Ferreira" "names both"
run person edit Jan --role deputy-manager; expect_exit 0 "person edit by a start"
expect_out "'Jan' is Jane Smith (registered-manager)" "person commands say it on stdout, as before"

# --- --read-only refuses a writing command before opening
cp "$DB" "$tmp/before.db"
run --read-only action add --title "Not written"; expect_exit 1 "a write under --read-only"
expect_err "action add changes the database, and --read-only says to change nothing" "says why"
cmp -s "$DB" "$tmp/before.db" && ok "the file is untouched" || not_ok "the file changed"
run --read-only action list --format json; expect_exit 0 "a read under --read-only"

finish
