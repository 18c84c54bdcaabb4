#!/bin/sh
# Runs one TUI test: builds the fixture database with the command line,
# runs qip on a key script with no terminal, and compares every screen the
# script dumped with the expected files. Prints the difference on failure.
#
# usage: run.sh QIP TUI_SQL CASE
#   tests/tui/cases/CASE.keys      the key script (see src/tui/script.h);
#                                  lines "#: size 100x30", "#: fixture empty",
#                                  "#: env NAME=VALUE", "#: args --read-only"
#                                  set up the run
#   tests/tui/expected/CASE/*.txt  the screens it must dump
# QIP_TUI_UPDATE=1 writes the dumps as the new expected files instead: look
# at every one before committing it.
set -u
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
QIP=$(abs "$1") SQL=$(abs "$2") CASE=$3
here=$(cd "$(dirname "$0")" && pwd)
keys="$here/cases/$CASE.keys"
want="$here/expected/$CASE"
work=$(mktemp -d /tmp/qip-tui-XXXXXX)
trap 'rm -rf "$work"' EXIT
[ -f "$keys" ] || { echo "no key script $keys"; exit 1; }

opt() { sed -n "s/^#: $1 //p" "$keys"; }
size=$(opt size); [ -n "$size" ] || size=80x24
fixture=$(opt fixture); [ -n "$fixture" ] || fixture=standard
args=$(opt args)

cd "$work" || exit 1
if ! sh "$here/fixture.sh" "$QIP" "$SQL" t.db "$fixture" >fixture.log 2>&1; then
	echo "fixture failed:"; cat fixture.log; exit 1
fi
mkdir out
# The script runs in out/, so "dump 1.txt" lands there; run lines can use
# $QIP, $SQL and $DB.
export QIP SQL DB="$work/t.db" QIP_TUI_SIZE="$size" QIP_TUI_SCRIPT="$keys"
opt env > env.list
while IFS= read -r e; do [ -n "$e" ] && export "$e"; done < env.list
cd out || exit 1
# shellcheck disable=SC2086
if ! "$QIP" --db ../t.db $args > ../stdout 2> ../stderr; then
	echo "qip failed:"; cat ../stderr; exit 1
fi
# Screens show who runs the tests: make that the same for everyone.
me=$(id -un)
for f in *.txt; do
	[ -f "$f" ] || continue
	sed -i "s/| $me |/| LOGIN |/; s/| $me (viewer) |/| LOGIN (viewer) |/" "$f"
	# Timestamps fall on the day QIP_TODAY says, at the real time of day:
	# keep the day where it reads as words ("2 Mar 2026 hh:mm"), and hide
	# stored ones whole (YYYY-MM-DDThh:mm).
	sed -i -E 's/([0-9]{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4}) [0-9]{2}:[0-9]{2}/\1 hh:mm/g' "$f"
	sed -i -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}/YYYY-MM-DDThh:mm/g' "$f"
done

if [ "${QIP_TUI_UPDATE:-}" = 1 ]; then
	rm -rf "$want"; mkdir -p "$want"; cp ./*.txt "$want/"
	echo "updated $want: check every screen by eye before committing"
	exit 0
fi
status=0
for f in "$want"/*.txt; do
	[ -f "$f" ] || { echo "no expected screens in $want (QIP_TUI_UPDATE=1 makes them)"; exit 1; }
	name=$(basename "$f")
	if [ ! -f "$name" ]; then
		echo "FAIL: the script did not dump $name"; status=1
	elif ! diff -u "$f" "$name"; then
		echo "FAIL: $CASE/$name differs (- expected, + got)"; status=1
	fi
done
for f in ./*.txt; do
	[ -f "$want/$(basename "$f")" ] || { echo "FAIL: unexpected dump $f"; status=1; }
done
[ $status = 0 ] && echo "ok: $CASE"
exit $status
