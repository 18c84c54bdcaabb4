#!/bin/sh
# qip template and qip framework, run as a person would: exact
# FILE:LINE:COLUMN lines and exit codes.
QIP=$1
. "$(dirname "$0")/lib.sh"
DATA=${QIP_DATA_DIR:?QIP_DATA_DIR must name the data directory}

# expect_err_line LINE DESCRIPTION: stderr has exactly this line
expect_err_line() {
	if grep -qxF -- "$1" "$tmp/err"; then ok "$2"; else not_ok "$2: stderr lacks the line '$1'"; fi
}

for cmd in template framework; do
	run $cmd --help; expect_exit 0 "$cmd --help"; expect_out "usage: qip $cmd" "$cmd --help prints usage"
done

# check needs no database at all.
run template check "$DATA"/templates/*.yaml; expect_exit 0 "bundled templates pass check"
expect_out "mar.yaml: ok (mar version 1, 18 questions, asked for 10 people)" "check reports each file"
[ ! -e "$DB" ] && ok "check does not create a database" || not_ok "check created $DB"

cat >"$tmp/bad.yaml" <<'YAML'
qip-template: 1
key: bad
version: 1
title: Broken
frequency: montly
target: 95
titel: again
sections:
  - title: S
    questions:
      - id: fridge
        text: Fridge
        type: number
        min: 8
        max: 2
YAML
run template check "$tmp/bad.yaml"; expect_exit 2 "a broken template fails check"
expect_err_line "$tmp/bad.yaml:5:12: unknown frequency 'montly' (did you mean 'monthly'? expected daily, weekly, fortnightly, monthly, quarterly, six-monthly or annually)" "enum problem at line 5 column 12"
expect_err_line "$tmp/bad.yaml:7:1: unknown key 'titel' in the template (did you mean 'title'?)" "unknown key at line 7 column 1"
expect_err_line "$tmp/bad.yaml:14:14: 'min' (8) is greater than 'max' (2)" "min > max at line 14 column 14"
[ "$(wc -l <"$tmp/err")" -eq 3 ] && ok "every problem, and only those, reported" || not_ok "expected 3 problem lines"

run template check "$DATA/templates/mar.yaml" "$tmp/bad.yaml"; expect_exit 2 "one bad file fails the run"
expect_out "mar.yaml: ok" "the good file is still reported"

# Hostile input: the escape sequence is named, never written raw.
printf 'qip-template: 1\ntitle: "\\e[2J\\e[31mgotcha"\n' >"$tmp/esc.yaml"
run template check "$tmp/esc.yaml"; expect_exit 2 "escape sequence refused"
expect_err "$tmp/esc.yaml:2:8: control character U+001B (escape) is not allowed in a value" "names the escape at its value"
esc=$(printf '\033')
if grep -q "$esc" "$tmp/err"; then not_ok "raw ESC reached the terminal"; else ok "no raw ESC in the output"; fi
evil="$tmp/$(printf 'evil\033[31m').yaml"
printf 'x: 1\n' >"$evil"
run template check "$evil"; expect_exit 2 "file with an escape in its name"
if grep -q "$esc" "$tmp/err"; then not_ok "file name printed raw"; else ok "file name escaped"; fi
expect_err 'evil\e[31m.yaml:1:1: unknown key' "file name shown escaped"

truncate -s 50M "$tmp/big.yaml"
run template check "$tmp/big.yaml"; expect_exit 2 "50 MB file refused"
expect_err_line "$tmp/big.yaml: the file is too large (50.0 MiB); the limit is 1 MiB" "says why"
run template check "$tmp/nope.yaml"; expect_exit 2 "missing file"
expect_err_line "$tmp/nope.yaml: cannot open the file: No such file or directory" "says so"
run template check; expect_exit 2 "check without files"; expect_err "give one or more template files" "asks for files"
run template frobnicate; expect_exit 2 "unknown subcommand"

# The database side.
run init; expect_exit 0 "init"
run framework import "$DATA/frameworks/cqc-saf.yaml"; expect_exit 0 "framework import (or already loaded)"
run framework import "$DATA/frameworks/cqc-saf.yaml"; expect_exit 0 "framework import again"
expect_out "cqc-saf version 2024 is already loaded (unchanged)" "framework import is idempotent"
run template import "$DATA"/templates/*.yaml; expect_exit 0 "import bundled templates"
run template import "$DATA"/templates/*.yaml; expect_exit 0 "import again"
expect_out "mar version 1 is already imported (unchanged)" "template import is idempotent"
run template list --format tsv; expect_exit 0 "template list"
[ "$(wc -l <"$tmp/out")" -eq 7 ] && ok "six templates listed" || not_ok "expected a header and six rows"
expect_out "mar	1	monthly	95	safe	Medication administration record (MAR) audit	1" "list row for mar"
run template list --format json; python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))) == 6' "$tmp/out" \
	&& ok "list --format json parses" || not_ok "list json"
run template show mar; expect_exit 0 "template show"
expect_out "  fridge-temperature: Medicines fridge temperature now" "show lists questions"
expect_out "      number, passes 2 to 8 °C, critical" "show explains the pass range"
expect_out "Storage and controlled drugs (once per audit)" "show marks sections asked once"
run template show mar --yaml; expect_exit 0 "show --yaml"; expect_out "key: mar" "prints the YAML as imported"
run template show mar --version 9; expect_exit 2 "unknown version"; expect_err "no template 'mar' version 9" "says so"

sed 's/^target: 95/target: 90/' "$DATA/templates/mar.yaml" >"$tmp/mar-changed.yaml"
run template import "$tmp/mar-changed.yaml"; expect_exit 1 "same version, different content"
expect_err "template mar version 1 is already imported with different content" "says why"
sed 's/^version: 1/version: 2/' "$DATA/templates/mar.yaml" >"$tmp/mar-2.yaml"
run template import "$tmp/mar-2.yaml" "$tmp/bad.yaml"; expect_exit 2 "a bad file stops the whole import"
expect_err "nothing imported: 1 file with problems" "says nothing was imported"
run template list --all --format tsv; [ "$(grep -c '^mar	' "$tmp/out")" -eq 1 ] && ok "mar 2 was not imported" || not_ok "mar 2 imported"
run template import "$tmp/mar-2.yaml"; expect_exit 0 "a higher version"
expect_out "imported mar version 2: it replaces version 1" "supersedes"
run template list --all --format tsv; [ "$(grep -c '^mar	' "$tmp/out")" -eq 2 ] && ok "both versions kept" || not_ok "versions"
run template show mar; expect_out "mar version 2" "show gives the version in use"

run framework list --format tsv; expect_exit 0 "framework list"
[ "$(wc -l <"$tmp/out")" -eq 46 ] && ok "5 key questions, 34 statements, 6 categories" || not_ok "expected 45 items"
expect_out "cqc-saf	2024	statement	medicines-optimisation	safe	Medicines optimisation" "statement row"
expect_out "cqc-saf	2024	category	people		People's experience of health and care services" "category row"
run framework list --version 1999; expect_exit 0 "no such version"; expect_err "no framework loaded that matches" "says so"
run framework check "$DATA/frameworks/cqc-saf.yaml"; expect_exit 0 "framework check"
expect_out "ok (cqc-saf version 2024, 45 items)" "framework check counts"

finish
