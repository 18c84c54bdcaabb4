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
expect_out "mar.yaml: ok (mar version 2, 22 questions, asked for 10 people)" "check reports each file"
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

# A wrong type hides nothing else: every problem of the question is reported.
cat >"$tmp/type.yaml" <<'YAML'
qip-template: 1
key: type
version: 1
title: Type
frequency: monthly
target: 95
sections:
  - title: S
    questions:
      - id: a
        text: A
        type: yesno
        weight: two
        critical: maybe
        on_fail: nope
        guidance: [x]
YAML
run template check "$tmp/type.yaml"; expect_exit 2 "a question with a wrong type fails check"
expect_err_line "$tmp/type.yaml:12:15: unknown type 'yesno' (did you mean 'yes-no'? expected yes-no, yes-no-na, number, choice or text)" "the type at 12:15"
expect_err_line "$tmp/type.yaml:13:17: 'weight' must be a number, not 'two'" "and the weight at 13:17"
expect_err_line "$tmp/type.yaml:14:19: 'critical' must be true or false" "and critical at 14:19"
expect_err_line "$tmp/type.yaml:15:18: on_fail must be a mapping of 'key: value' lines, not text" "and on_fail at 15:18"
expect_err_line "$tmp/type.yaml:16:19: 'guidance' must be text, not a list" "and guidance at 16:19"
[ "$(wc -l <"$tmp/err")" -eq 5 ] && ok "five problems, one line each" || not_ok "expected 5 problem lines"

# Full marks only for a failing answer.
cat >"$tmp/best.yaml" <<'YAML'
qip-template: 1
key: best
version: 1
title: Best
frequency: monthly
target: 95
sections:
  - title: S
    questions:
      - id: c
        text: C
        type: choice
        choices:
          - {label: Good, score: 2, fail: true}
          - {label: Poor, score: 0, fail: true}
YAML
run template check "$tmp/best.yaml"; expect_exit 2 "a best choice marked fail is refused"
expect_err_line "$tmp/best.yaml:14:11: the best-scoring choice is marked fail: no answer can pass" "at the choices, 14:11"

# One question is "1 question".
cat >"$tmp/one.yaml" <<'YAML'
qip-template: 1
key: one
version: 1
title: One
frequency: weekly
target: 90
sections:
  - title: S
    questions:
      - {id: a, text: A, type: yes-no}
YAML
run template check "$tmp/one.yaml"; expect_exit 0 "a one-question template"
expect_out "one.yaml: ok (one version 1, 1 question)" "says 1 question"
# A byte order mark does not move line 1's columns.
{ printf '\357\273\277qip-template: 2\n'; tail -n +2 "$tmp/one.yaml"; } >"$tmp/bom.yaml"
run template check "$tmp/bom.yaml"; expect_exit 2 "format 2 after a byte order mark"
expect_err_line "$tmp/bom.yaml:1:15: unsupported template format 2: this qip reads format 1" "column 15, counted after the BOM"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && ok "only that problem" || not_ok "expected 1 problem line"
{ printf '\357\273\277'; cat "$tmp/one.yaml"; } >"$tmp/bom-ok.yaml"
run template check "$tmp/bom-ok.yaml"; expect_exit 0 "a valid template with a byte order mark"

# A 1 MB anchor name is cut in the message.
{ printf 'x: &'; head -c 1000000 /dev/zero | tr '\0' a; printf ' 1\n'; } >"$tmp/anchor.yaml"
run template check "$tmp/anchor.yaml"; expect_exit 2 "a 1 MB anchor name"
expect_err_line "$tmp/anchor.yaml:1:4: anchors (&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...) are not allowed: write the value out in full" "the name is cut at 40 characters"
[ "$(wc -c <"$tmp/err")" -lt 2000 ] && ok "no line echoes the name in full" || not_ok "stderr is $(wc -c <"$tmp/err") bytes"

# check is database-free, so it knows only the bundled frameworks unless
# given more with --framework (for a framework imported from a file).
cat >"$tmp/acme.yaml" <<'YAML'
qip-framework: 1
key: acme-kloe
version: 2026-draft
title: Acme key lines of enquiry
key_questions:
  - id: safe
    title: Safe
    statements:
      - {id: staffing-levels-reviewed, title: Staffing levels are reviewed}
evidence_categories:
  - {id: people, title: People}
YAML
sed 's/^version: 2026-draft/version: "2027"/; s/staffing-levels-reviewed/night-checks-recorded/; s/Staffing levels are reviewed/Night checks are recorded/' \
	"$tmp/acme.yaml" >"$tmp/acme-2027.yaml"
cat >"$tmp/uses-acme.yaml" <<'YAML'
qip-template: 1
key: uses-acme
version: 1
title: Uses Acme
quality_statements: [safeguarding, staffing-levels-reviewed]
frequency: monthly
target: 95
sections:
  - title: S
    questions:
      - {id: a, text: A, type: yes-no}
YAML
run template check "$tmp/uses-acme.yaml"; expect_exit 2 "a statement from a framework check was not given"
expect_err_line "$tmp/uses-acme.yaml:5:36: unknown quality statement 'staffing-levels-reviewed' (checked against: cqc-saf version 2024)" "says what it was checked against"
run template check --framework "$tmp/acme.yaml" "$tmp/uses-acme.yaml"; expect_exit 0 "check --framework knows its statements"
expect_out "uses-acme.yaml: ok (uses-acme version 1, 1 question)" "and passes the file"
sed 's/staffing-levels-reviewed/tea-and-biscuits/' "$tmp/uses-acme.yaml" >"$tmp/tea.yaml"
run template check --framework "$tmp/acme.yaml" "$tmp/tea.yaml" --framework "$tmp/acme-2027.yaml"; expect_exit 2 "--framework is repeatable"
expect_err_line "$tmp/tea.yaml:5:36: unknown quality statement 'tea-and-biscuits' (checked against: cqc-saf version 2024, acme-kloe version 2026-draft, acme-kloe version 2027)" "lists every framework checked"
run template check --framework "$tmp/one.yaml" "$tmp/uses-acme.yaml"; expect_exit 2 "a bad framework file"
expect_err_line "$tmp/one.yaml:1:1: unknown key 'qip-template' in the framework" "its problems are reported"
expect_err "nothing checked: 1 framework file with problems" "and nothing is checked"
expect_no_out "uses-acme.yaml" "the template was not checked"
run template check --framework "$tmp/none.yaml" "$tmp/uses-acme.yaml"; expect_exit 2 "a missing framework file"
expect_err_line "$tmp/none.yaml: cannot open the file: No such file or directory" "says so"
run template check "$tmp/uses-acme.yaml" --framework; expect_exit 2 "--framework without a file"
expect_err "option '--framework' needs a value" "asks for the file"
run template import --framework "$tmp/acme.yaml" "$tmp/uses-acme.yaml"; expect_exit 2 "import refuses --framework"
expect_err "--framework is only for template check; import checks quality statements against the frameworks in the database" "says where import looks"
[ ! -e "$DB" ] && ok "check --framework does not create a database" || not_ok "created $DB"
run template check --help; expect_exit 0 "template check --help"
expect_out "qip template check [--framework FRAMEWORK-FILE]... FILE..." "--help shows --framework"

# The database side.
run init; expect_exit 0 "init"
run framework import "$DATA/frameworks/cqc-saf.yaml"; expect_exit 0 "framework import (or already loaded)"
run framework import "$DATA/frameworks/cqc-saf.yaml"; expect_exit 0 "framework import again"
expect_out "cqc-saf version 2024 is already loaded (unchanged)" "framework import is idempotent"
run template import "$DATA"/templates/*.yaml; expect_exit 0 "import bundled templates"
run template import "$DATA"/templates/*.yaml; expect_exit 0 "import again"
expect_out "mar version 2 is already imported (unchanged)" "template import is idempotent"
run template list --format tsv; expect_exit 0 "template list"
[ "$(wc -l <"$tmp/out")" -eq 8 ] && ok "seven templates listed" || not_ok "expected a header and seven rows"
expect_out "mar	2	monthly	95	safe	Medication administration record (MAR) audit	1" "list row for mar"
run template list --format json; python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))) == 7' "$tmp/out" \
	&& ok "list --format json parses" || not_ok "list json"
run template show mar; expect_exit 0 "template show"
expect_out "  fridge-temperature: Medicines fridge temperature now" "show lists questions"
expect_out "      number, passes 2 to 8 °C" "show explains the pass range"
expect_out "      yes-no-na, weight 3, critical" "show marks a critical question"
expect_out "Storage and controlled drugs (once per audit)" "show marks sections asked once"
run template show mar --yaml; expect_exit 0 "show --yaml"; expect_out "key: mar" "prints the YAML as imported"
run template show mar --version 9; expect_exit 2 "unknown version"; expect_err "no template 'mar' version 9" "says so"

sed 's/^target: 95/target: 90/' "$DATA/templates/mar.yaml" >"$tmp/mar-changed.yaml"
run template import "$tmp/mar-changed.yaml"; expect_exit 1 "same version, different content"
expect_err "template mar version 2 is already imported with different content" "says why"
sed 's/^version: 2/version: 3/' "$DATA/templates/mar.yaml" >"$tmp/mar-3.yaml"
run template import "$tmp/mar-3.yaml" "$tmp/bad.yaml"; expect_exit 2 "a bad file stops the whole import"
expect_err "nothing imported: 1 file with problems" "says nothing was imported"
run template list --all --format tsv; [ "$(grep -c '^mar	' "$tmp/out")" -eq 1 ] && ok "mar 3 was not imported" || not_ok "mar 3 imported"
run template import "$tmp/mar-3.yaml"; expect_exit 0 "a higher version"
expect_out "imported mar version 3: it replaces version 2" "supersedes"
run template list --all --format tsv; [ "$(grep -c '^mar	' "$tmp/out")" -eq 2 ] && ok "both versions kept" || not_ok "versions"
run template show mar; expect_out "mar version 3" "show gives the version in use"

run framework list --format tsv; expect_exit 0 "framework list"
[ "$(wc -l <"$tmp/out")" -eq 46 ] && ok "5 key questions, 34 statements, 6 categories" || not_ok "expected 45 items"
expect_out "cqc-saf	2024	statement	medicines-optimisation	safe	Medicines optimisation" "statement row"
expect_out "cqc-saf	2024	category	people		People's experience of health and care services" "category row"
run framework list --version 1999; expect_exit 0 "no such version"; expect_err "no framework loaded that matches" "says so"
run framework check "$DATA/frameworks/cqc-saf.yaml"; expect_exit 0 "framework check"
expect_out "ok (cqc-saf version 2024, 45 items)" "framework check counts"

# A framework imported into the database: import knows it, check does not
# (it never reads the database) until given the file.
run framework import "$tmp/acme.yaml"; expect_exit 0 "import a second framework"
run template import "$tmp/uses-acme.yaml"; expect_exit 0 "import knows the imported framework's statements"
run template check "$tmp/uses-acme.yaml"; expect_exit 2 "check does not read the database"
expect_err "(checked against: cqc-saf version 2024)" "and says where it looked"
run template check --framework "$tmp/acme.yaml" "$tmp/uses-acme.yaml"; expect_exit 0 "check --framework agrees with import"
run template import "$tmp/tea.yaml"; expect_exit 2 "import of an unknown statement"
expect_err_line "$tmp/tea.yaml:5:36: unknown quality statement 'tea-and-biscuits' (checked against: cqc-saf version 2024, acme-kloe version 2026-draft)" "import says which frameworks it checked"

# The table shows each row's framework and version in full.
run framework list; expect_exit 0 "framework list as a table"
expect_out "  framework version    kind " "the table has a framework column"
expect_out "  cqc-saf   2024       statement    medicines-optimisation " "bundled rows"
expect_out "  acme-kloe 2026-draft statement    staffing-levels-reviewed " "the version is not cut"
expect_no_out "2026-dr…" "no cut version"

finish
