#!/bin/sh
# Runs a TAP test under a decimal-comma locale (de_DE.UTF-8, where printf
# and strtod would use "95,5"), built without root into a temporary folder:
# numbers must still be read and printed with a '.'.
# Usage: with_decimal_comma.sh COMMAND ARGS...
command -v localedef >/dev/null 2>&1 || {
	echo "1..0 # SKIP localedef is absent (Debian package locales)"
	exit 0
}
dir=$(mktemp -d /tmp/qip-locale-XXXXXX) || exit 1
trap 'rm -rf "$dir"' EXIT
# localedef warns (exit 1) about harmless details of the sources; what counts
# is whether the locale exists afterwards and uses a comma.
localedef -i de_DE -f UTF-8 "$dir/de_DE.UTF-8" >/dev/null 2>&1
export LOCPATH="$dir" LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 QIP_DECIMAL_COMMA_LOCALE=de_DE.UTF-8
if [ "$(locale decimal_point 2>/dev/null)" != "," ]; then
	echo "1..0 # SKIP could not build the de_DE.UTF-8 locale (are the locales package's sources installed?)"
	exit 0
fi
"$@"
