#!/bin/sh
# Black-box tests of qip in a real terminal (tmux): resizing, Ctrl-Z and
# fg, colour and NO_COLOR, wide characters lining up, and leaving cleanly
# when the terminal goes away. Exit 77 (skipped) when tmux is missing.
# usage: tmux.sh QIP TUI_SQL
set -u
command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed: skipped"; exit 77; }
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
QIP=$(abs "$1") SQL=$(abs "$2")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/qip-tmux-XXXXXX)
sock="qip-test-$$"
T() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'T kill-server 2>/dev/null; rm -rf "$work"' EXIT
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; sed 's/^/#   /' "$work/screen"; }
check() { if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2"; fi; }

cd "$work" || exit 1
sh "$here/fixture.sh" "$QIP" "$SQL" t.db standard >fixture.log 2>&1 || { cat fixture.log; exit 1; }

# start NAME COLSxLINES [ENV...]: qip in a shell in a detached tmux window.
start() {
	name=$1 size=$2
	shift 2
	T -u new-session -d -s "$name" -x "${size%x*}" -y "${size#*x}" \
		"env $* QIP_TODAY=$QIP_TODAY LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -c 'cd $work && exec sh'"
	T send-keys -t "$name" "exec 2>qip-$name.err; $QIP --db t.db; echo qip-exited-\$?" Enter
}
# screen NAME [-e]: the pane's text (with -e, its colours too) in $work/screen.
screen() { T capture-pane -p $2 -t "$1" > "$work/screen"; }
# wait_for NAME TEXT: up to 5 s for TEXT to show.
wait_for() {
	i=0
	while [ $i -lt 50 ]; do
		screen "$1" ""
		grep -qF -- "$2" "$work/screen" && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}

# wait_gone NAME TEXT: up to 5 s for TEXT to go.
wait_gone() {
	i=0
	while [ $i -lt 50 ]; do
		screen "$1" ""
		grep -qF -- "$2" "$work/screen" || return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}

# 1. Resizing: larger, too small, back.
start r 80x24
wait_for r "Actions: 8"; check $? "qip starts at 80x24"
T resize-window -t r -x 120 -y 40 2>/dev/null || T resize-pane -t r -x 120 -y 40
wait_for r " Service "; check $? "a resize to 120x40 redraws with the wide columns"
T resize-window -t r -x 60 -y 14 2>/dev/null || T resize-pane -t r -x 60 -y 14
wait_for r "Terminal too small"; check $? "below 70x16 it says the terminal is too small"
T resize-window -t r -x 80 -y 24 2>/dev/null || T resize-pane -t r -x 80 -y 24
wait_for r "Actions: 8"; check $? "and comes back when enlarged"
T send-keys -t r q
wait_for r "qip-exited-0"; check $? "q quits with status 0"

# 2. Ctrl-Z suspends to the shell; fg brings the screen back. (The shell
# runs the rest of its command line when qip stops, so the exit status is
# read afterwards with a fresh echo.)
start z 80x24
wait_for z "Actions: 8"
T send-keys -t z C-z
wait_for z "qip-exited-148"; check $? "Ctrl-Z stops qip and gives the shell back"
screen z ""
grep -q "Actions: 8" "$work/screen"; check $((1 - $?)) "the full screen is gone meanwhile"
T send-keys -t z "fg" Enter
wait_for z "Actions: 8"; check $? "fg repaints it"
T send-keys -t z j
wait_for z "Evidence: QIP-0001"; check $? "and keys work again"
T send-keys -t z q
# Typed too early, the echo would be read by qip as keys: wait till it left.
wait_gone z "Actions: 8"
T send-keys -t z 'echo back-$?' Enter
wait_for z "back-0"; check $? "then q quits with status 0"

# 3. Colour, and none with NO_COLOR (markers stay).
start c 80x24
wait_for c "Actions: 8"
screen c -e
grep "QIP-0001" "$work/screen" | grep -q "$(printf '\033')\[[0-9;]*31m\|38;5;1m"
check $? "an overdue row is red"
# Another user adds an action: it shows within 2 seconds, no key pressed.
"$QIP" --db t.db action add --title "Added from another terminal" --due 2026-03-01 >/dev/null
i=0
while [ $i -lt 25 ]; do screen c ""; grep -q "Added from another" "$work/screen" && break; sleep 0.1; i=$((i + 1)); done
grep -q "Added from another" "$work/screen"; check $? "another user's change shows within 2.5 s without a key"
T send-keys -t c q
start m 80x24 NO_COLOR=1
wait_for m "Actions: 9"
screen m -e
grep "QIP-0001" "$work/screen" | grep -q "$(printf '\033')\[[0-9;]*3[0-7]m"
check $((1 - $?)) "NO_COLOR: no colour on the overdue row"
screen m ""
grep -q "^! QIP-0001" "$work/screen"; check $? "NO_COLOR: the overdue marker is there"

# 4. Wide and accented names line up: the due date ("5 Mar 2026", right-
# aligned) ends in the same display column on every row.
col() { grep "$1" "$work/screen" | grep " [A-Z][a-z][a-z] 2026 " | sed "s/ 2026 .*/ 2026/" | wc -L; }
a=$(col QIP-0004) b=$(col QIP-0005) c=$(col QIP-0006)
[ "$a" -gt 0 ] && [ "$a" = "$b" ] && [ "$a" = "$c" ]; check $? "王秀英 and Zoë Émile line up with Ahmed Khan ($a $b $c)"
T send-keys -t m q

# 5. The terminal going away (SSH dropped): qip exits, no busy loop.
T -u new-session -d -s h -x 80 -y 24 "cd $work && QIP_TODAY=$QIP_TODAY LANG=C.UTF-8 exec $QIP --db t.db"
wait_for h "Actions: 9"
pid=$(T display -p -t h '#{pane_pid}')
T kill-session -t h
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 "$pid" 2>/dev/null; check $((1 - $?)) "qip exits when its terminal closes"

# 6. An audit killed half-way (kill -9: no chance to tidy up) keeps every
# answer given, and resumes at the next unanswered question.
"$QIP" --db t.db template import "$here/templates/rounds.yaml" >/dev/null
start k 80x24
wait_for k "Actions: 9"
T send-keys -t k 5
wait_for k "Unfinished (Enter resumes"
T send-keys -t k a
wait_for k "Which audit?"
T send-keys -t k Night Enter
wait_for k "at which service?"
T send-keys -t k Oak Enter
wait_for k "Person 1 of up to 3"
T send-keys -t k "Room 4" Enter
wait_for k "Question 1 of 3, person 1 of 3: Room 4"; check $? "an audit started from the Audits screen asks its first question"
T send-keys -t k y
wait_for k "Question 2 of 3"
T send-keys -t k y
wait_for k "Question 3 of 3, asked once for the audit"; check $? "two answers later, the third question"
shell=$(T display -p -t k '#{pane_pid}')
qip_pid=$(ps -o pid= --ppid "$shell" | tr -d ' ')
kill -9 $qip_pid
wait_for k "qip-exited-137"; check $? "qip killed with SIGKILL mid-audit"
# The terminal is left raw: C-j ends the line whatever stty says.
T send-keys -t k "stty sane; clear; $QIP --db t.db; echo qip-exited-\$?" C-j
wait_for k "Actions: 9"
T send-keys -t k 5
wait_for k "Night rounds check at Oak House            2 answers"; check $? "restarted, the Audits screen lists the run with its 2 answers"
T send-keys -t k Enter
wait_for k "Question 3 of 3, asked once for the audit"; check $? "Enter resumes at the next unanswered question"
T send-keys -t k Left
wait_for k "Answered: yes"; check $? "the answers given before the kill are there"
T send-keys -t k q q q

# An installed qip (a copy outside the build tree) with QIP_TODAY on a real
# database: the status line says the plan is judged "as of" that day.
mkdir -p "$work/bin" && cp "$QIP" "$work/bin/qip"
T -u new-session -d -s asof -x 100 -y 24 \
	"env QIP_TODAY=2026-03-02 LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -c 'cd $work && exec sh'"
T send-keys -t asof "exec 2>qip-asof.err; $work/bin/qip --db t.db; echo qip-exited-\$?" Enter
wait_for asof "| as of 2 Mar 2026 |"; check $? "an installed qip with QIP_TODAY says 'as of 2 Mar 2026' on the status line"
T send-keys -t asof q

echo "1..$n"
[ $failed = 0 ]
