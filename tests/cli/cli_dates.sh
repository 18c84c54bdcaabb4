#!/bin/sh
# Dates on the command line on a British Summer Time day and either side of
# the March and October clock changes, not only on the suite's winter day:
# relative dates, due-soon and overdue, review dates by cadence and "today"
# as recorded. Expected dates come from python's calendar, not from qip.
QIP=$1
. "$(dirname "$0")/lib.sh"

# check TODAY: compares what qip wrote for the day's actions ($tmp/a1.json
# to a6.json, from action show) and evidence ($tmp/ev.json) with dates from
# python's calendar; prints "PASS description" or "FAIL description".
check() {
	python3 - "$1" "$tmp" <<'PY'
import calendar, datetime, json, sys
today, tmp = datetime.date.fromisoformat(sys.argv[1]), sys.argv[2]
def days(n): return str(today + datetime.timedelta(days=n))
def months(n):
    m = today.month - 1 + n
    y, m = today.year + m // 12, m % 12 + 1
    return str(today.replace(year=y, month=m, day=min(today.day, calendar.monthrange(y, m)[1])))
a = {i: json.load(open(f"{tmp}/a{i}.json")) for i in range(1, 7)}
ev = json.load(open(f"{tmp}/ev.json"))
def flags(i): return a[i]["flags"].split(",")
checks = [
    ("extended to +21 is 21 days on", a[1]["due"] == days(21), a[1]["due"]),
    ("a weekly review is seven days on", a[1]["next-review"] == days(7), a[1]["next-review"]),
    ("created today", a[1]["created"] == str(today), a[1]["created"]),
    ("evidence without a date is dated today", ev[0]["date"] == str(today), ev[0]["date"]),
    ("tomorrow", a[2]["due"] == days(1), a[2]["due"]),
    ("a monthly review is a month on", a[2]["next-review"] == months(1), a[2]["next-review"]),
    ("-1 is yesterday", a[3]["due"] == days(-1), a[3]["due"]),
    ("due yesterday is overdue", "overdue" in flags(3), a[3]["flags"]),
    ("due in 8 days is neither due soon nor overdue",
     a[4]["due"] == days(8) and not {"due-soon", "overdue"} & set(flags(4)), a[4]["due"] + " " + a[4]["flags"]),
    ("+1m is a month on", a[5]["due"] == months(1), a[5]["due"]),
    ("a quarterly review is three months on", a[5]["next-review"] == months(3), a[5]["next-review"]),
    ("+1w is seven days on and due soon", a[6]["due"] == days(7) and "due-soon" in flags(6), a[6]["due"] + " " + a[6]["flags"]),
    ("a fortnightly review is fourteen days on", a[6]["next-review"] == days(14), a[6]["next-review"]),
]
for what, good, got in checks:
    print(("PASS " if good else "FAIL ") + f"{today}: {what}" + ("" if good else f" (got {got})"))
PY
}

# A midsummer day, the Saturday and Sunday of the spring change (clocks go
# forward at 01:00 GMT on 29 March 2026), and of the autumn one (back at
# 01:00 GMT on 25 October 2026), and a day whose month-ahead is clamped.
for today in 2026-07-15 2026-03-28 2026-03-29 2026-10-24 2026-10-25 2026-08-31; do
	export QIP_TODAY=$today
	rm -f "$DB" "$DB-wal" "$DB-shm"
	run init; expect_exit 0 "$today: init"
	run action add --title "Week" --due +7 --cadence weekly; expect_exit 0 "$today: --due +7"
	run action add --title "Tomorrow" --due tomorrow --cadence monthly; expect_exit 0 "$today: --due tomorrow"
	run action add --title "Yesterday" --due -1; expect_exit 0 "$today: --due -1"
	run action add --title "Eight days" --due +8; expect_exit 0 "$today: --due +8"
	run action add --title "A month" --due +1m --cadence quarterly; expect_exit 0 "$today: --due +1m"
	run action add --title "A week" --due +1w --cadence fortnightly; expect_exit 0 "$today: --due +1w"
	run evidence add QIP-0001 --kind activity --category staff --note "Briefing held"
	expect_exit 0 "$today: evidence without a date"
	run action extend QIP-0001 +21 --reason "Supplier delay"; expect_exit 0 "$today: extend to +21"
	for i in 1 2 3 4 5 6; do
		"$QIP" --db "$DB" action show QIP-000$i --format json >"$tmp/a$i.json"
	done
	"$QIP" --db "$DB" evidence list QIP-0001 --format json >"$tmp/ev.json"
	check "$today" >"$tmp/checks"
	[ -s "$tmp/checks" ] || not_ok "$today: the checks did not run"
	while read -r result what; do
		if [ "$result" = PASS ]; then ok "$what"; else not_ok "$what"; fi
	done <"$tmp/checks"
done

# With no QIP_TODAY, today is the date in London, whatever the machine's
# time zone: a server kept in UTC, or one far ahead of or behind London.
unset QIP_TODAY
london_today() {
	python3 - <<'PY'
import datetime
utc = datetime.timezone.utc
now = datetime.datetime.now(utc)
def last_sunday(y, m):
    d = datetime.date(y, m + 1, 1) - datetime.timedelta(days=1)
    return d - datetime.timedelta(days=(d.weekday() + 1) % 7)
start = datetime.datetime.combine(last_sunday(now.year, 3), datetime.time(1), utc)
end = datetime.datetime.combine(last_sunday(now.year, 10), datetime.time(1), utc)
print((now + datetime.timedelta(hours=1 if start <= now < end else 0)).date())
PY
}
for zone in UTC0 LINT-14 PST8PDT,M3.2.0,M11.1.0; do
	export TZ="$zone"
	rm -f "$DB" "$DB-wal" "$DB-shm"
	run init
	run action add --title "Clock"
	before=$(london_today)
	run evidence add QIP-0001 --kind activity --category staff --note "Now"
	after=$(london_today)
	run evidence list QIP-0001 --format json
	got=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[0]["date"])' "$tmp/out")
	if [ "$got" = "$before" ] || [ "$got" = "$after" ]; then ok "TZ=$zone: today is London's date ($got)"
	else not_ok "TZ=$zone: evidence dated $got, London's date is $after"; fi
done

finish
