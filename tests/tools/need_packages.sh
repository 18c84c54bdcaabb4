#!/bin/sh
# tools/need-packages against a fake dpkg-query, apt-get, sudo and id: what
# it would install, whether it asks, and what it says when it cannot.
# Output is TAP. usage: need_packages.sh SOURCE_ROOT
set -u
root=$1
tmp=$(mktemp -d /tmp/qip-pkg-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	echo "# output:"; sed 's/^/#   /' "$tmp/out"
	echo "# calls:"; sed 's/^/#   /' "$tmp/calls"
}
check() { if eval "$1"; then ok "$2"; else not_ok "$2"; fi }

# A PATH holding only the fakes and the two tools the script uses, so a real
# sudo or apt-get can never be reached.
bin=$tmp/bin
mkdir "$bin"
for tool in awk dirname; do ln -s "$(command -v $tool)" "$bin/$tool"; done
# dpkg-query -W -f=FORMAT PKG...: like dpkg's, from $tmp/status (lines
# "package status..."); unknown packages go to stderr and exit 1.
cat >"$bin/dpkg-query" <<'FAKE'
#!/bin/sh
printf "dpkg-query %s\n" "$*" >>"$FAKE/calls"
shift 2
rc=0
for p in "$@"; do
	known=
	while read -r name status; do
		if [ "$name" = "$p" ]; then echo "$name $status"; known=1; fi
	done <"$FAKE/status"
	[ -n "$known" ] || { echo "dpkg-query: no packages found matching $p" >&2; rc=1; }
done
exit $rc
FAKE
cat >"$bin/apt-get" <<'FAKE'
#!/bin/sh
printf "apt-get %s\n" "$*" >>"$FAKE/calls"
echo "apt-get $*"
exit "${FAKE_APT_STATUS:-0}"
FAKE
cat >"$bin/sudo" <<'FAKE'
#!/bin/sh
printf "sudo %s\n" "$*" >>"$FAKE/calls"
echo "[sudo] password asked"
exec "$@"
FAKE
cat >"$bin/id" <<'FAKE'
#!/bin/sh
echo "$FAKE_UID"
FAKE
chmod +x "$bin"/*
export FAKE=$tmp
: >"$tmp/out"
: >"$tmp/calls"

all=$(sh "$root/tools/need-packages" test --print)
# installed PKG...: the fake dpkg knows every package of the list and has
# these ones installed.
installed() {
	: >"$tmp/status"
	for p in $all; do
		case " $* " in
		*" $p "*) echo "$p install ok installed" >>"$tmp/status" ;;
		*) ;;
		esac
	done
}
# need KIND UID [no-sudo]: runs the script, output (both streams, in order)
# in $tmp/out, the fakes' calls in $tmp/calls.
need() {
	: >"$tmp/calls"
	if [ "${3-}" = no-sudo ]; then mv "$bin/sudo" "$tmp/sudo.off"; fi
	FAKE_UID=$2 PATH=$bin /bin/sh "$root/tools/need-packages" "$1" >"$tmp/out" 2>&1
	status=$?
	if [ -f "$tmp/sudo.off" ]; then mv "$tmp/sudo.off" "$bin/sudo"; fi
}

check 'case " $all " in *" tmux "*) case " $all " in *" locales "*) true ;; *) false ;; esac ;; *) false ;; esac' \
	"the test list includes tmux and locales"
check '[ "$(sh "$root/tools/need-packages" build --print)" = "build-essential meson ninja-build pkg-config python3 libsqlite3-dev libyaml-dev libncurses-dev libcsv-dev libcmocka-dev libsodium-dev libxlsxwriter-dev" ]' \
	"the build list is everything but the test-only packages"

installed $all
need test 1000
check '[ $status -eq 0 ] && [ ! -s "$tmp/out" ]' "all installed: silent success"
check '[ "$(grep -c "^dpkg-query" "$tmp/calls")" -eq 1 ] && [ "$(wc -l <"$tmp/calls")" -eq 1 ]' \
	"all installed: one dpkg-query call and nothing else (no sudo, no apt-get)"

installed $(echo "$all" | sed 's/ tmux//; s/ locales//')
echo "locales deinstall ok config-files" >>"$tmp/status"
echo "tmux install ok unpacked" >>"$tmp/status"
need build 1000
check '[ $status -eq 0 ] && ! grep -q "apt-get\|sudo" "$tmp/calls"' \
	"tools/demo (build) does not ask for test-only packages"
need test 1000
check '[ $status -eq 0 ]' "installs through sudo: success"
check '[ "$(grep -v ^dpkg-query "$tmp/calls")" = "sudo apt-get update
apt-get update
sudo apt-get install -y --no-install-recommends tmux locales
apt-get install -y --no-install-recommends tmux locales" ]' \
	"update once, then install exactly the missing two (removed or half-installed count as missing), through sudo"
check 'grep -n "" "$tmp/out" | awk -F: "/tmux .*real terminal/ { m = \$1 } /password asked/ && !p { p = \$1 } END { exit !(m && p && m < p) }"' \
	"says what and why before sudo asks"
check 'grep -qF "Installing them: sudo apt-get update && sudo apt-get install -y --no-install-recommends tmux locales" "$tmp/out"' \
	"says the command it runs"

installed $(echo "$all" | sed 's/ libcmocka-dev//')
need build 0
check '[ $status -eq 0 ] && [ "$(grep -v ^dpkg-query "$tmp/calls")" = "apt-get update
apt-get install -y --no-install-recommends libcmocka-dev" ]' "as root: apt-get without sudo"

installed $(echo "$all" | sed 's/ tmux//')
need test 1000 no-sudo
check '[ $status -ne 0 ] && [ "$(grep -vc ^dpkg-query "$tmp/calls")" -eq 0 ]' "neither root nor sudo: fails, runs nothing"
check 'grep -qxF "  apt-get update && apt-get install -y --no-install-recommends tmux" "$tmp/out"' \
	"neither root nor sudo: prints the exact command"

FAKE_APT_STATUS=100; export FAKE_APT_STATUS; need test 0; unset FAKE_APT_STATUS
check '[ $status -ne 0 ] && grep -qF "Installing failed" "$tmp/out"' "a failing apt-get stops it"

: >"$tmp/status"
need test 0
check '[ "$(grep "apt-get install" "$tmp/calls")" = "apt-get install -y --no-install-recommends $all" ]' \
	"packages dpkg has never heard of are installed, all of them"

echo "1..$n"
[ "$failed" -eq 0 ]
