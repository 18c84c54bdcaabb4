#!/bin/sh
# Every command of the foundation, with its bad-input paths.
QIP=$1
. "$(dirname "$0")/lib.sh"

run --version; expect_exit 0 "--version"; expect_out "qip " "version printed"
run --read-only action list; expect_exit 2 "read-only open of a missing file"; expect_err "no database at" "says so"
[ ! -e "$DB" ] && ok "a read-only open creates nothing" || not_ok "file created by --read-only"
run action list; expect_exit 2 "a command other than init or demo creates nothing"; expect_err "no database at" "says there is none"
[ ! -e "$DB" ] && ok "no file after action list" || not_ok "action list created the database"
run init; expect_exit 0 "init creates"; expect_out "is ready" "init reports"
expect_err "created a new database at" "says it did"
run template list --format tsv; expect_out "mar	" "init loaded the bundled templates"
run init; expect_exit 0 "init again is safe"
run person list --format tsv; expect_out "	admin	" "creator is an admin"

for cmd in init demo service person action evidence escalation; do
	run $cmd --help; expect_exit 0 "$cmd --help"; expect_out "usage: qip" "$cmd --help prints usage"
done
run frobnicate; expect_exit 2 "unknown command"; expect_err "unknown command 'frobnicate'" "names it"
run acton list; expect_exit 2 "typo"; expect_err "did you mean action" "suggests"

run service add "Oakfield House"; expect_exit 0 "service add"
run service add "Riverside Nursing" --kind nursing-home; expect_exit 0 "service add with kind"
run service add "Oakfield House"; expect_exit 2 "duplicate service"; expect_err "already exists" "says so"
run service add "Elm" --kind castle; expect_exit 2 "bad kind"; expect_err "castle" "names the kind"
run service add ""; expect_exit 2 "empty service name"
run action add --title "Ancient" --due -99999; expect_exit 2 "relative date out of range"; expect_err "'-99999' is not a date" "names it"
run person add --name "Nurse" --role "rôle ñ"; expect_exit 0 "accented role"
run person list --format tsv; expect_out "rôle-ñ" "accented role kept"
run service list --format tsv; expect_out "Riverside Nursing	nursing-home" "service list"

run person add --name "Sarah Jones" --role "Registered Manager" --login sjones --service "Oakfield House"
expect_exit 0 "person add"
run person add --name "Zoë Okafor" --role medicines-lead; expect_exit 0 "person add with accent"
run person add --name "Tom Reed" --role senior-carer --login tomr; expect_exit 0 "third person"
run person add --name "No Role"; expect_exit 2 "person add without role"; expect_err "--role" "names --role"
run person add --name "X" --role carer --login sjones; expect_exit 2 "login taken"; expect_err "already belongs to Sarah Jones" "names the holder"
run person add --name "Y" --role carer --service Nowhere; expect_exit 2 "unknown service"; expect_err "Nowhere" "names it"
run person list --format tsv; expect_out "registered-manager" "role stored as slug"

run action add --title "MAR charts signed with no gaps" --owner sjones --service "Oakfield House" \
	--due 2026-02-20 --baseline "14 gaps in 10 MAR charts (72%)" --outcome "95% complete for 8 weeks" \
	--target 95 --unit % --area medicines --key-question safe --risk 4x3 --source inspection
expect_exit 0 "action add"; expect_out "QIP-0001" "prints the ref"
if grep -qF "note:" "$tmp/err"; then not_ok "a complete action is no draft: stderr has a note"; else ok "a complete action is no draft"; fi
run action add --title "Fluid charts totalled daily" --due +14 --target 95%
expect_exit 0 "unowned action"; expect_out "QIP-0002" "second ref"
expect_err "qip: note: No owner or baseline yet (QIP-0002 is saved as a draft)" "a draft is saved with the rule 2 note naming what is missing"
run action add --title "Bad date" --due 2026-02-30; expect_exit 2 "impossible date"
expect_err "'2026-02-30' is not a date" "names the bad date"
run action add --title "Bad owner" --owner "Nobody"; expect_exit 2 "unknown owner"; expect_err "'Nobody'" "names the person"
run action add --due +3; expect_exit 2 "no title"; expect_err "--title" "asks for a title"
run action add --title T --cadence montly; expect_exit 2 "bad cadence"; expect_err "did you mean monthly" "suggests"
run action add --title T --bogus x; expect_exit 2 "unknown option"; expect_err "'--bogus'" "names the option"
run action add --title; expect_exit 2 "missing value"; expect_err "needs a value" "says a value is needed"

run action list --format tsv
expect_out "ref	title	owner	due	status	flags" "tsv header names the columns"
expect_out "QIP-0001	MAR charts signed with no gaps	Sarah Jones	2026-02-20	open	overdue,no-outcome" "overdue row"
expect_out "QIP-0002	Fluid charts totalled daily		2026-03-16	open	unowned,no-outcome" "unowned row"
run action list
expect_out "! QIP-0001" "table marks overdue with !"
expect_out " ?QIP-0002" "table marks unowned with ?"
run action list --overdue --format tsv; expect_out "QIP-0001" "--overdue"; expect_no_out "QIP-0002" "--overdue excludes"
run action list --unowned --format tsv; expect_out "QIP-0002" "--unowned"; expect_no_out "QIP-0001" "--unowned excludes"
run action list --owner sjones --format tsv; expect_out "QIP-0001" "--owner"
run action list --service Oakfield --format tsv; expect_exit 2 "service must be exact"
run action list --area medicines --format tsv; expect_out "QIP-0001" "--area"; expect_no_out "QIP-0002" "--area excludes"
run action list --flag stale; expect_exit 0 "--flag"
run action list --flag sleepy; expect_exit 2 "bad flag"; expect_err "'sleepy'" "names the flag"
run action list --status done; expect_exit 2 "bad status"
run action list --search "mar charts" --format tsv; expect_out "QIP-0001" "search"
run action list --limit 1 --sort ref --desc --format tsv; expect_out "QIP-0002" "limit+sort"; expect_no_out "QIP-0001" "limit honoured"
run action list --format json
json_ok '[a["ref"] for a in d] == ["QIP-0001", "QIP-0002"]' "json lists both actions"
json_ok 'd[0]["target"] == 95 and d[0]["owner"] == "Sarah Jones" and d[1]["target"] == 95' "json numbers are numbers"

run action show QIP-0001; expect_exit 0 "show"; expect_out "Sarah Jones" "show owner"
expect_out "there is no outcome evidence" "show closure check"
run action show 99; expect_exit 2 "unknown ref"; expect_err "'99'" "names the ref"
run action show QIP-0001 --format json
json_ok 'd["ref"] == "QIP-0001" and "no outcome evidence" in d["closure-check"]' "show json carries the closure check"

run action assign QIP-0002 "Zoë"; expect_exit 0 "assign by name prefix"
run action assign QIP-0002 Nobody; expect_exit 2 "assign unknown"
run action edit QIP-0002 --status in-progress --cadence weekly; expect_exit 0 "edit"
[ "$(tsv_field QIP-0002 status)" = in-progress ] && ok "edit stored" || not_ok "edit not stored"
run action edit QIP-0002; expect_exit 2 "edit with nothing"
run action extend QIP-0001 2026-04-01; expect_exit 2 "extend without reason"; expect_err "--reason" "asks for reason"
run action extend QIP-0001 2026-04-31 --reason "Pharmacy delay"; expect_exit 2 "extend bad date"; expect_err "2026-04-31" "names date"
run action extend QIP-0001 2026-04-01 --reason "Pharmacy delay"; expect_exit 0 "extend"
[ "$(tsv_field QIP-0001 due)" = 2026-04-01 ] && ok "new due date" || not_ok "due not moved"

run action close QIP-0001 --reason "Audit done"; expect_exit 1 "close refused"
expect_err "cannot close yet" "says why"; expect_err "no outcome evidence" "lists reason"
run evidence add QIP-0001 --kind activity --category staff --note "MAR training for 12 staff" --source "training log"
expect_exit 0 "evidence activity"
run evidence add QIP-0001 --kind outcome --category processes --note "MAR audit 10 charts" --value 84 --date -7
expect_exit 0 "evidence outcome"
run evidence add QIP-0001 --kind result --category processes --note x; expect_exit 2 "bad kind"
run evidence add QIP-0001 --kind outcome --category obs --note x; expect_exit 2 "bad category"; expect_err "'obs'" "names category"
run evidence add QIP-0001 --kind outcome --category outcomes --note x --value lots; expect_exit 2 "bad value"
run evidence add QIP-0001 --kind outcome --category outcomes --note x --date 2026-13-01; expect_exit 2 "bad date"
run evidence add QIP-0001 --kind activity --category processes --note 'Path C:\new\table' --source 'line one
line two'; expect_exit 2 "line break in a one-line field"
run evidence add QIP-0001 --kind activity --category processes --note 'Path C:\new\table'; expect_exit 0 "backslashes in a note"
run evidence list QIP-0001 --format tsv; expect_out 'Path C:\\new\\table' "TSV doubles backslashes"
expect_out "recorded-at	uuid" "TSV carries when recorded and the uuid"
run evidence add QIP-0001 --kind outcome --category outcomes; expect_exit 2 "no note"
run evidence add QIP-0404 --kind outcome --category outcomes --note x; expect_exit 2 "unknown ref"
run action close QIP-0001 --reason "Audit done"; expect_exit 1 "close refused below target"
expect_err "the latest measured outcome, 84 %, is short of the target, 95 %" "the refusal names the value and the target"
run evidence add QIP-0001 --kind outcome --category observation --note "Re-audit 10 charts" --value 96
run person add --name "Ruth Adeyemi" --role quality-lead; expect_exit 0 "a quality lead to confirm closures"
run action close QIP-0001 --reason "Re-audit at 96% confirmed by the quality lead" --reviewer Ruth; expect_exit 0 "close allowed"
# A confirmed closure is watched (monitoring), in the default list until its window ends.
run action list --status monitoring --format tsv; expect_out "QIP-0001" "--status monitoring"
run evidence list QIP-0001 --format tsv; expect_out "Re-audit 10 charts" "evidence list"; expect_out "id	date	kind" "evidence header"
run action reopen QIP-0001 --reason "Re-audit fell to 80%"; expect_exit 0 "reopen"
run action review QIP-0002 --decision keep-open --reason "Charts improving"; expect_exit 0 "review keep-open"
run action review QIP-0002 --decision maybe --reason x; expect_exit 2 "bad decision"
run action history QIP-0001 --format tsv; expect_out "due	2026-02-20	2026-04-01" "history lists fields"; expect_out "status	open	monitoring" "history old/new"

run escalation raise QIP-0002 --reason unowned --level 2 --to sjones --note "No owner for 3 weeks"
expect_exit 0 "escalation raise"
run escalation raise QIP-0002 --reason lazy; expect_exit 2 "bad reason"
run escalation list --format tsv; expect_out "unowned	QIP-0002	Sarah Jones" "escalation list"
run escalation up 1; expect_exit 0 "escalation up"
run escalation up 1; expect_exit 1 "cannot pass the board"
run escalation resolve 1 --decision "Assigned to Zoë; weekly check"; expect_exit 0 "resolve"
run escalation list --format tsv; expect_no_out "QIP-0002" "resolved hidden"

run person leave "Zoë Okafor" --yes; expect_exit 0 "leave"
run person list --left --format tsv; expect_out "Zoë Okafor" "leaver still owning actions"
run action list --unowned --format tsv; expect_out "QIP-0002" "leaver's action is unowned"
run action list --format tsv; expect_out "Zoë Okafor" "owner still named"

# A review decision is the review: the R flag (review overdue) goes.
flags_of() {   # flags_of REF: the action's flags, from the JSON list
	"$QIP" --db "$DB" action list --status all --format json |
		python3 -c 'import json, sys; print(next(a["flags"] for a in json.load(sys.stdin) if a["ref"] == sys.argv[1]))' "$1"
}
for decision in extend keep-open; do
	run action add --title "Review lapsed before $decision" --owner sjones --due +5 --cadence weekly --next-review -3
	ref=$(cat "$tmp/out")
	case ",$(flags_of "$ref")," in *,review-overdue,*) ok "$ref starts review overdue" ;; *) not_ok "$ref not review overdue" ;; esac
	if [ $decision = extend ]; then run action extend "$ref" +20 --reason "Pharmacy delay"
	else run action review "$ref" --decision keep-open --reason "On track"; fi
	expect_exit 0 "$decision $ref"
	case ",$(flags_of "$ref")," in *,review-overdue,*) not_ok "$ref still review overdue after $decision" ;; *) ok "$decision clears review overdue" ;; esac
	# Weekly from the decision's day (QIP_TODAY is 2026-03-02 in the tests).
	next=$("$QIP" --db "$DB" action show "$ref" --format json | python3 -c 'import json, sys; print(json.load(sys.stdin)["next-review"])')
	[ "$next" = 2026-03-09 ] && ok "$decision: next review a week on" || not_ok "$decision: next review $next, wanted 2026-03-09"
done

# Level 1 is the registered manager of the action's service, whoever owns
# the action; nobody is ever escalated to by default when nobody fits.
assigned_of() {   # assigned_of REF: who the action's open escalation is assigned to
	"$QIP" --db "$DB" escalation list --format json |
		python3 -c 'import json, sys; print(next(e["assigned"] for e in json.load(sys.stdin) if e["ref"] == sys.argv[1]))' "$1"
}
run action add --title "Deputy's action" --service "Oakfield House" --owner tomr --due +10
esc_ref=$(cat "$tmp/out")
run escalation raise "$esc_ref" --reason overdue; expect_exit 0 "escalation raise, level 1 by default"
[ "$(assigned_of "$esc_ref")" = "Sarah Jones" ] && ok "level 1 goes to the service's registered manager, not the owner" ||
	not_ok "level 1 assigned to '$(assigned_of "$esc_ref")', wanted Sarah Jones"
run escalation raise "$esc_ref" --reason weak-evidence --level 2 --to sjones
expect_exit 1 "a second open escalation on one action is refused"; expect_err "qip escalation up" "says to raise the open one"
run escalation list "$esc_ref" --format json
[ "$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$tmp/out")" = 1 ] &&
	ok "still one escalation on $esc_ref" || not_ok "more than one escalation on $esc_ref"
run action add --title "Provider-wide action" --owner tomr --due +10
wide_ref=$(cat "$tmp/out")
run escalation raise "$wide_ref" --reason overdue --level 1
expect_exit 1 "level 1 with no service and nobody named"; expect_err "no registered manager" "says why"
me=$("$QIP" --db "$DB" person list --format json | python3 -c 'import json, sys; print(next(p["login"] for p in json.load(sys.stdin) if p["role"] == "admin"))')
run escalation raise "$wide_ref" --reason overdue --to "$me"
expect_exit 1 "escalating to yourself"; expect_err "escalating to yourself is not escalation" "says so"
run escalation list --format json
python3 -c 'import json, sys; sys.exit(any(e["ref"] == sys.argv[2] for e in json.load(open(sys.argv[1]))))' "$tmp/out" "$wide_ref" &&
	ok "refused raises wrote nothing" || not_ok "a refused raise left an escalation"

# Who is acting comes from the account, not $USER: the history names the
# account's person (the first admin, named after the account), not sjones.
me=$(id -un)
USER=sjones LOGNAME=sjones run action add --title "Spoofed"; expect_exit 0 "action add with USER=sjones"
ref=$(cat "$tmp/out")
run action history "$ref" --format json
json_ok 'len(d) > 0 and {h["by"] for h in d} == {"'"$me"'"}' "USER is ignored: the history records $me, not Sarah Jones"
finish
