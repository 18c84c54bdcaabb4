#!/bin/sh
# Builds a small provider for the TUI tests with the command line, the way
# a user would, plus a few things only raw SQL can plant.
# usage: fixture.sh QIP TUI_SQL DB KIND     (KIND: standard, empty, many, audits,
#                                           unchecked: standard before qip check)
set -eu
QIP=$1 SQL=$2 DB=$3 KIND=$4
q() { "$QIP" --db "$DB" "$@" >/dev/null; }

q init
# The account running the tests is the first person, an admin; give it a
# fixed name so screens do not depend on who runs them.
"$SQL" "$DB" "UPDATE person SET name = 'Tess Tester' WHERE role = 'admin'"
[ "$KIND" = empty ] && exit 0

q service add "Oak House"
q service add "Riverside Court"
q person add --name "Jane Smith" --role registered-manager --login jsmith --service "Oak House"
q person add --name "Ahmed Khan" --role deputy-manager --login akhan --service "Oak House"
q person add --name "Zoë Émile" --role senior-carer --login zemile --service "Riverside Court"
q person add --name "王秀英" --role safeguarding-lead --login wxiuying
q person add --name "Tom Leaver" --role medicines-lead --login tleaver
q person add --name "Nadia Idris" --role nominated-individual --login nidris

if [ "$KIND" = many ]; then
	# Enough rows to page: 60 actions with alternating owners and dates.
	i=1
	while [ $i -le 60 ]; do
		d=$(printf '2026-%02d-%02d' $((3 + i / 28)) $((1 + i % 28)))
		q action add --title "Weekly check number $i" --owner jsmith --due "$d" --area checks
		i=$((i + 1))
	done
	exit 0
fi

q action add --title "MAR gaps: every dose signed or coded" --service "Oak House" --owner jsmith \
	--due 2026-02-20 --baseline "MAR audit 12 Jan: 71% of doses signed or coded" \
	--outcome "Every dose signed or coded, checked weekly" --target 95% --area medicines \
	--key-question safe --risk 4x4
q action add --title "Fridge temperatures recorded daily in 2-8 °C" --service "Oak House" --owner tleaver \
	--due 2026-03-20 --area medicines --target 100 --unit %
q action add --title "Hydration charts totalled and signed daily" --service "Riverside Court" \
	--due 2026-04-15 --area nutrition
q action add --title "Fire doors close and are never wedged" --service "Oak House" --owner akhan \
	--due 2026-03-05 --area environment
q action add --title "Safeguarding referrals logged with outcome" --owner wxiuying --due 2026-05-01 \
	--area safeguarding
q action add --title "Care plans reviewed with families" --service "Riverside Court" --owner zemile \
	--due 2026-06-01 --area care-planning
q action add --title "Call bells in reach in every room" --service "Oak House" --owner jsmith \
	--due 2026-02-10 --area environment
q action add --title "Alarm panel faults cleared" --service "Oak House" --owner akhan --due 2026-04-30 \
	--area fire-safety

q evidence add QIP-0001 --kind activity --category processes --note "Night staff trained on MAR coding" --date 2026-02-01
q evidence add QIP-0001 --kind outcome --category processes --note "MAR audit: 87% signed or coded" --value 87 \
	--source "MAR file, audit folder" --date 2026-02-25
q evidence add QIP-0002 --kind outcome --category observation --note "Fridge log complete for February" --value 100 --date 2026-02-28
q evidence add QIP-0006 --kind activity --category people --note "Families invited to reviews" --date 2026-02-15

q escalation raise QIP-0007 --reason overdue --level 1 --to jsmith --note "Two rooms without bells"
q escalation raise QIP-0002 --reason unowned --level 2 --to nidris

# The owner of QIP-0002 leaves: it becomes unowned and must stand out.
q person leave tleaver --date 2026-02-27 --yes

# What the CLI refuses but an old import could leave: an escape sequence
# that would turn a terminal red, and a bidi override that reorders text.
"$SQL" "$DB" "UPDATE action SET title = 'Alarm panel ' || char(27) || '[31m faults' || char(8238) || ' cleared' WHERE ref = 'QIP-0008'"

# Two small templates of the tests' own (tests/tui/templates), so that the
# audit screens do not change when the bundled templates grow.
# The escalation rules applied as a provider's cron would (qip check), so
# the full-screen program finds nothing new to raise when it starts; the
# unchecked kind leaves that to the program (tests/tui/cases/rules_apply).
[ "$KIND" = unchecked ] || q check
if [ "$KIND" = audits ]; then
	here=$(cd "$(dirname "$0")" && pwd)
	q template import "$here/templates/rounds.yaml" "$here/templates/kitchen.yaml"
fi
