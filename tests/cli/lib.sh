# Helpers for command-line tests. Output is TAP: one "ok"/"not ok" line per
# check and the plan at the end, so meson counts each check.
# Usage: . lib.sh; QIP=path/to/qip; run ARGS...; expect_exit N; expect_out TEXT
set -u
n=0
failed=0
tmp=$(mktemp -d /tmp/qip-cli-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
DB="$tmp/test.db"
# Python fixtures import qip_sql (qip's SQL functions stood in for).
PYTHONPATH="$(cd "$(dirname "$0")" && pwd)${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONPATH

# run ARGS...: runs qip on the test database, keeping stdout, stderr, status.
run() {
	"$QIP" --db "$DB" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
}

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	echo "# stdout:"; sed 's/^/#   /' "$tmp/out"
	echo "# stderr:"; sed 's/^/#   /' "$tmp/err"
}

# expect_exit N DESCRIPTION
expect_exit() {
	if [ "$status" -eq "$1" ]; then ok "$2 (exit $1)"; else not_ok "$2: exit $status, wanted $1"; fi
}

# expect_out TEXT DESCRIPTION: stdout contains TEXT (fixed string)
expect_out() {
	if grep -qF -- "$1" "$tmp/out"; then ok "$2"; else not_ok "$2: stdout lacks '$1'"; fi
}

# expect_err TEXT DESCRIPTION: stderr contains TEXT
expect_err() {
	if grep -qF -- "$1" "$tmp/err"; then ok "$2"; else not_ok "$2: stderr lacks '$1'"; fi
}

# expect_no_out TEXT DESCRIPTION
expect_no_out() {
	if grep -qF -- "$1" "$tmp/out"; then not_ok "$2: stdout has '$1'"; else ok "$2"; fi
}

# json_ok EXPR DESCRIPTION: stdout parses as JSON, d, and the Python
# expression EXPR is true of it, e.g. json_ok 'd[0]["ref"] == "QIP-0001"'.
json_ok() {
	if python3 -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$tmp/out" "$1" 2>"$tmp/json-err"; then ok "$2"
	else not_ok "$2: JSON fails: $1"; sed 's/^/#   /' "$tmp/json-err"; fi
}

# tsv_field REF COLUMN: prints one field of "action list --format tsv".
tsv_field() {
	"$QIP" --db "$DB" action list --status all --format tsv |
		awk -F '\t' -v ref="$1" -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
			$1 == ref { print $h[col] }'
}

finish() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}

# hydration FILE SUBJECT FAILED...: a one-person answers file for the
# version-1 hydration template (tests/cli/audit-data), every question
# answered yes (6 days for the number) except the questions named, no.
hydration() {
	file=$1 subject=$2
	shift 2
	{
		echo "samples:"
		echo "  - subject: $subject"
		echo "    answers:"
		for q in identifies target-in-plan through-the-day millilitres total escalated preferences within-reach; do
			a=yes
			for f in "$@"; do [ "$f" = "$q" ] && a=no; done
			echo "      $q: $a"
		done
		echo "      days-target-met: 6"
	} >"$file"
}
