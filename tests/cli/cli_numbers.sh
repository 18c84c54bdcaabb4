#!/bin/sh
# Numbers are data: read and printed with a '.' whatever the locale (meson
# runs this under C.UTF-8 and under de_DE.UTF-8, where the decimal point is
# a comma), exactly (no six-digit %g), and never inf, nan or a value that
# would be stored as something else. JSON output is parsed, not grepped.
QIP=$1
. "$(dirname "$0")/lib.sh"
DATA=${QIP_DATA_DIR:?QIP_DATA_DIR must name the data directory}

# json EXPR DESCRIPTION: stdout parses as JSON and the Python expression
# EXPR (over the parsed value, named j) is true.
json() {
	if python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$tmp/out" "$1" 2>>"$tmp/err"; then ok "$2"; else not_ok "$2: not true of the JSON: $1"; fi
}

run init; expect_exit 0 "init"
run action add --title "Fluid charts totalled daily" --target 1234567.89; expect_exit 0 "target with nine digits"
run action edit QIP-0001 --target 1234568.5; expect_exit 0 "target changed in the seventh digit"
run action history QIP-0001 --format json; expect_exit 0 "history as JSON"
json '[(h["old"], h["new"]) for h in j if h["field"] == "target"] == [("1234567.89", "1234568.5")]' \
	"the change has one history row with both values exactly"
run action show QIP-0001 --format json
json 'j["target"] == 1234568.5' "JSON target is the number as typed"
run action show QIP-0001 --format tsv
expect_out "1234568.5" "TSV prints every digit"; expect_no_out "e+06" "never in six-digit exponent form"

run action add --title "MAR charts signed" --target 95.5 --unit %; expect_exit 0 "--target 95.5 is taken"
run evidence add QIP-0002 --kind outcome --category processes --note "MAR audit" --value 87.5
expect_exit 0 "--value 87.5 is taken"
run action show QIP-0002 --format json
json 'j["target"] == 95.5 and j["latest"] == 87.5' "target and latest value read back exactly"
run evidence list QIP-0002 --format json
json '[e["value"] for e in j] == [87.5]' "evidence value read back exactly"
run action add --title "Tiny" --target 0.1; expect_exit 0 "target 0.1"
run action edit QIP-0003 --target 0.30000000000000004; expect_exit 0 "target with seventeen digits"
run action show QIP-0003 --format json
json 'j["target"] == 0.30000000000000004 and j["target"] != 0.3' "seventeen significant digits survive"
run action history QIP-0003 --format json
json '[(h["old"], h["new"]) for h in j if h["field"] == "target"] == [("0.1", "0.30000000000000004")]' \
	"history records the shortest exact form"

# A comma is never a decimal point, in any locale; non-finite and
# out-of-range numbers are refused with the reason, and nothing is written.
run action add --title "Comma" --target 95,5; expect_exit 2 "95,5 is refused"
expect_err "target '95,5' is not a number" "says it is not a number"
run action add --title "Infinite" --target inf; expect_exit 2 "inf is refused"
expect_err "target 'inf' is not a finite number" "says why"
run action add --title "NaN" --target NaN; expect_exit 2 "NaN is refused"
expect_err "target 'NaN' is not a finite number" "says why"
run action add --title "Huge" --target 1e999; expect_exit 2 "1e999 is refused"
expect_err "target '1e999' is too large" "says it is too large"
run action add --title "Small" --target 1e-999; expect_exit 2 "1e-999 is refused"
expect_err "target '1e-999' is too small (it would be stored as 0)" "says it would be 0"
run action add --title "Hex" --target 0x10; expect_exit 2 "hex is refused"
run evidence add QIP-0002 --kind outcome --category processes --note "x" --value 1e-400
expect_exit 2 "a value that underflows is refused"; expect_err "value '1e-400' is too small" "says why"
run evidence add QIP-0002 --kind outcome --category processes --note "x" --value -inf
expect_exit 2 "-inf is refused"; expect_err "value '-inf' is not a finite number" "says why"
run action list --status all --format json
json 'len(j) == 3' "no refused action was written"
run evidence list QIP-0002 --format json
json 'len(j) == 1' "no refused evidence was written"

# Templates: the same rules, and the target is printed as written.
sed 's/^target: 95$/target: 1e-999/' "$DATA/templates/hydration.yaml" >"$tmp/tiny.yaml"
run template check "$tmp/tiny.yaml"; expect_exit 2 "template target 1e-999 is refused"
expect_err "'target': 1e-999 is too small (it would be stored as 0)" "names the value and the reason"
sed -e 's/^target: 95$/target: 97.25/' -e 's/^version: 2$/version: 3/' "$DATA/templates/hydration.yaml" >"$tmp/exact.yaml"
run template check "$tmp/exact.yaml"; expect_exit 0 "template target 97.25 is taken"
run template import "$tmp/exact.yaml"; expect_exit 0 "imported"
run template list --format json
json '[t["target"] for t in j if t["key"] == "hydration" and t["version"] == 3] == [97.25]' \
	"template target read back exactly"
finish
