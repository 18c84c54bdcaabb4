#!/bin/sh
# The shape the code must keep (HACKING.md), checked on every build, TAP:
#  - qip-core has no curses: no core file or public header includes it, and
#    a unit test binary, which links qip-core alone, does not need ncurses;
#  - the installed qip has no key-script mode (only qip-keyscript has);
#  - front-end headers are not among the core's public headers.
# usage: structure.sh SOURCE_ROOT QIP UNIT_TEST_BINARY
set -u
root=$1 qip=$2 unit=$3
n=0 failed=0
check() {   # check DESCRIPTION COMMAND...
	desc=$1; shift
	n=$((n + 1))
	if "$@" >/dev/null 2>&1; then echo "ok $n - $desc"
	else echo "not ok $n - $desc"; failed=$((failed + 1)); fi
}
no_curses_in() { ! grep -rlE '#[[:space:]]*include[[:space:]]*[<"](n?curses|ncursesw/|term\.h|panel\.h)' "$@"; }
check "src/core and include/qip include no curses header" no_curses_in "$root/src/core" "$root/include/qip"
needs_no_curses() { readelf -d "$1" | grep NEEDED >"$tmp" && ! grep -q curses "$tmp" && ! grep -q 'libtinfo' "$tmp"; }
tmp=$(mktemp); trap 'rm -f "$tmp" "$tmp.db"*' EXIT
check "a unit test binary links without ncurses or tinfo ($(basename "$unit"))" needs_no_curses "$unit"
check "the qip binary carries no key-script mode" sh -c "! grep -q QIP_TUI_SCRIPT '$qip'"
# With QIP_TUI_SCRIPT set and no terminal, the installed program refuses
# to start full-screen rather than reading keys from a file.
script_refused() {
	printf 'key q\n' >"$tmp"
	QIP_TUI_SCRIPT="$tmp" "$qip" --db "$tmp.db" </dev/null >/dev/null 2>"$tmp.err"
	rc=$?
	[ "$rc" -ne 0 ] && grep -q 'needs a terminal' "$tmp.err"
}
check "QIP_TUI_SCRIPT is ignored by the installed program" script_refused
front_headers_apart() { ! grep -lE 'qip_tui_run|qip_main|<curses\.h>' "$root"/include/qip/*.h; }
check "front-end entry points are declared outside include/qip" front_headers_apart
echo "1..$n"
[ "$failed" -eq 0 ]
