/* bench-gen: builds a provider-scale qip database for the benchmark
 * (tests/bench/run-bench), deterministically from a seed.
 *
 *   bench-gen [--seed N] [--actions N] [--evidence N] [--services N]
 *             [--people N] [--today YYYY-MM-DD] OUT.db
 *
 * The file is created by the core as `qip init` creates it (qip_db_open with
 * QIP_DB_CREATE runs the real migrations and triggers; the first admin is
 * whoever runs this; the CQC framework is imported from data/frameworks).
 * Rows are then inserted with prepared statements in one transaction, so the
 * history and evidence-summary triggers do exactly what they do for the
 * program. The FTS tables are filled by hand because the program's code, not
 * a trigger, keeps them; a sample of actions' summaries is checked against a
 * full re-aggregation of their evidence. qip_uuid() and qip_now() are replaced on this
 * connection by seeded versions so the same seed gives the same rows; only
 * the first admin (the login running it) differs between machines. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "qip/date.h"
#include "qip/db.h"
#include "qip/framework.h"
#include "qip/person.h"

/* ---- seeded randomness (splitmix64) --------------------------------------- */

static uint64_t rng_state;
static uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}
static double rnd01(void) { return (rnd64() >> 11) * (1.0 / 9007199254740992.0); }
static long rnd(long n) { return n > 0 ? (long)(rnd64() % (uint64_t)n) : 0; }
static long rnd_between(long lo, long hi) { return lo + rnd(hi - lo + 1); }
#define PICK(arr) (arr[rnd(sizeof arr / sizeof arr[0])])

/* UUIDs from their own stream, so adding a column of randomness elsewhere
 * does not shift every identity. */
static uint64_t uuid_state;
static void make_uuid(char out[37])
{
	uint64_t save = rng_state;
	rng_state = uuid_state;
	uint64_t a = rnd64(), b = rnd64();
	uuid_state = rng_state;
	rng_state = save;
	snprintf(out, 37, "%08x-%04x-4%03x-%04x-%012llx", (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffff,
		 (unsigned)a & 0xfff, (unsigned)((b >> 48) & 0x3fff) | 0x8000,
		 (unsigned long long)(b & 0xffffffffffffull));
}

static char now_text[40] = "2026-03-02T09:00:00.000Z";
static void fn_uuid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc, (void)argv;
	char u[37];
	make_uuid(u);
	sqlite3_result_text(ctx, u, -1, SQLITE_TRANSIENT);
}
static void fn_now(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc, (void)argv;
	sqlite3_result_text(ctx, now_text, -1, SQLITE_TRANSIENT);
}
/* The moment the next row is written: its day, at a working hour. */
static void set_now(qip_date day, char out[40])
{
	char d[QIP_DATE_LEN];
	snprintf(out, 40, "%sT%02ld:%02ld:%02ld.000Z", qip_date_format(day, d), rnd_between(7, 19),
		 rnd(60), rnd(60));
	memcpy(now_text, out, 40);
}

/* ---- vocabulary: the demo's (src/core/demo.c) ------------------------------ */

static const struct theme {
	const char *title, *area, *kq, *statement, *unit, *evidence_required;
} themes[] = {
	{ "MAR charts signed or coded with no gaps", "medicines", "safe", "medicines-optimisation", "%", "Monthly MAR audit" },
	{ "Hydration charts complete and low intake escalated the same day", "nutrition-and-hydration", "effective", "assessing-needs", "%", "Weekly chart audit" },
	{ "Safeguarding records show concern, decision and outcome review", "safeguarding", "safe", "safeguarding", "records", "Fortnightly record sample" },
	{ "Incidents reviewed within five working days and learning checked", "incidents-and-learning", "safe", "learning-culture", "%", "Monthly incident check" },
	{ "Monthly provider oversight visit to every service", "governance", "well-led", "governance-management-and-sustainability", "visits", "Visit reports" },
	{ "Care plans match daily records and observed practice", "care-planning", "responsive", "person-centred-care", "%", "Care plan audit, observation" },
	{ "Stock discrepancies and MAR corrections stop recurring", "medicines", "safe", "medicines-optimisation", "discrepancies", "Stock counts" },
	{ "Fire doors close fully and are never wedged open", "premises-and-fire-safety", "safe", "safe-environments", "doors", "Weekly walkaround" },
	{ "Call bells working and within reach in every room", "premises-and-fire-safety", "safe", "safe-environments", "%", "Room checks" },
	{ "Complaint learning owned and repeat complaint themes reduced", "complaints-and-feedback", "responsive", "listening-to-and-involving-people", "themes", "Complaints log" },
	{ "Care staff supervised every eight weeks with practice discussed", "workforce", "safe", "safe-and-effective-staffing", "%", "Supervision matrix" },
	{ "Repositioning charts completed at the prescribed interval", "skin-integrity", "effective", "delivering-evidence-based-care-and-treatment", "%", "Chart audit" },
	{ "Falls reduced, with every repeat faller reviewed within 72 hours", "falls", "safe", "involving-people-to-manage-risks", "falls", "Falls log" },
	{ "Infection prevention and control audit at 95% for two months", "infection-control", "safe", "infection-prevention-and-control", "%", "IPC audit" },
	{ "Health appointment outcomes recorded and followed up", "health-appointments", "effective", "delivering-evidence-based-care-and-treatment", "%", "Appointment log" },
	{ "Visits start within 30 minutes of the planned time", "staffing", "safe", "safe-and-effective-staffing", "%", "Call monitoring" },
	{ "Medicines fridge temperature recorded daily and kept at 2-8 °C", "medicines", "safe", "medicines-optimisation", "days", "Fridge log" },
	{ "Controlled drugs register balances with two signatures", "medicines", "safe", "medicines-optimisation", "%", "CD register check" },
	{ "Residents weighed monthly and MUST scores acted on", "nutrition-and-hydration", "effective", "assessing-needs", "%", "Weights audit" },
	{ "Changed risks carried through every handover", "care-planning", "safe", "involving-people-to-manage-risks", "%", "Handover observation" },
	{ "Relatives kept informed and residents' meetings held monthly", "complaints-and-feedback", "responsive", "listening-to-and-involving-people", "meetings", "Meeting notes" },
	{ "Respectful, unhurried interactions at mealtimes and in bedrooms", "dignity", "caring", "kindness-compassion-and-dignity", "%", "Dining observation" },
	{ "Emergency lighting and fire alarm tests never missed", "premises-and-fire-safety", "safe", "safe-environments", "tests", "Fire log" },
	{ "A current PEEP for every resident, known by night staff", "premises-and-fire-safety", "safe", "safe-environments", "%", "PEEP audit" },
	{ "Governance minutes record a decision for every action", "governance", "well-led", "governance-management-and-sustainability", "%", "Minutes review" },
	{ "Staff confident about safeguarding thresholds and routes", "safeguarding", "safe", "safeguarding", "%", "Staff survey" },
};
static const char *const places[] = {
	"", "", "", "", " on the Rose unit", " on the first floor", " on nights", " at weekends",
	" in the dementia wing", " for new starters", " on the ground floor", " for agency staff",
};
static const char *const notes[] = {
	"Monthly audit, 10 residents: %d%% of records complete.",
	"Weekly audit: %d%% of charts complete; two gaps on the night shift.",
	"Deputy manager observed two rounds: practice matched the care plan.",
	"Key workers asked residents about their preferences; care plans updated.",
	"Fortnightly sample: %d of 10 records complete.",
	"Walkaround: fire doors close fully; one closer adjusted.",
	"Supervision matrix checked: %d%% supervised in the last eight weeks.",
	"Residents' meeting: people said call bells are answered sooner.",
	"Re-audit after closure: standard held at %d%%.",
	"Night staff briefed at handover; two not yet signed the briefing.",
	"Local authority adviser says recent referrals are clear and timely.",
	"Training delivered to %d of 16 senior carers; competency sign-off booked.",
	"Stock count: %d discrepancies this month.",
	"Relatives told of the change by phone; one asked for a meeting.",
	"Spot check on the teatime round: charts signed at the point of administration.",
	"IPC audit scored %d%%; hand hygiene observed on every shift.",
};
static const char *const ev_sources[] = { "audit file", "observation record", "training records", "meeting notes",
					   "care plan", "incident log", "" };
static const char *const categories[] = { "people", "staff", "partners", "observation", "processes", "outcomes" };
static const char *const sources[] = { "audit", "inspection", "incident", "complaint", "provider-visit", "meeting", "other" };
static const char *const cadences[] = { "weekly", "fortnightly", "monthly", "monthly", "monthly", "quarterly" };
static const char *const roles[] = { "senior-carer", "senior-carer", "senior-carer", "team-leader", "team-leader",
				     "deputy-manager", "registered-manager", "medicines-lead", "nutrition-lead",
				     "quality-lead", "maintenance-lead", "safeguarding-lead" };
static const char *const first_names[] = { "Sarah", "Daniel", "Zoë", "Lena", "Priya", "José", "Grace", "Aisha", "Helen",
	"Megan", "Tom", "Ruth", "Michael", "Anne", "Fatima", "Chidi", "Olga", "Siobhan", "Rhys", "Mei", "Kwame",
	"Agnieszka", "Liam", "Nadia", "Owen", "Imran", "Bethan", "Tendai", "Joanne", "Marek" };
static const char *const last_names[] = { "Jones", "Mensah", "Okafor", "Kowalczyk", "Shah", "Ferreira", "Whitfield",
	"Rahman", "Carter", "Lloyd", "Bradley", "Adeyemi", "O'Brien", "Whitaker", "Evans", "Nowak", "Patel", "Murphy",
	"Hughes", "Chen", "Osei", "Davies", "Ahmed", "Kelly", "Price", "Singh", "Morgan", "Banda", "Walsh", "Dubois",
	"Thomas", "Roberts", "Hassan", "Byrne", "Green", "Ali", "Wright", "Moyo", "Clarke", "Novak" };
static const char *const service_names[] = { "Oakfield", "Riverside", "Beech", "Meadowbank", "Willow", "Ashgrove",
	"Hawthorn", "Elmwood", "Larch", "Maple", "Cedar", "Rowan", "Birch", "Holly", "Hazel", "Alder", "Linden",
	"Heather", "Bramble", "Fernhill", "Kingsmead", "Brookside", "Millfield", "Parkview", "Southgate", "Highcroft",
	"Lakeside", "Fairholme", "Greenacres", "Westbury" };
static const struct { const char *suffix, *kind; } service_kinds[] = {
	{ "House", "care-home" }, { "Court", "care-home" }, { "Lodge", "care-home" },
	{ "Nursing Home", "nursing-home" }, { "Manor Nursing", "nursing-home" },
	{ "Supported Living", "supported-living" }, { "Court Supported Living", "supported-living" },
	{ "Home Care", "domiciliary" }, { "Community Care", "domiciliary" }, { "Respite Centre", "other" },
};

/* ---- building ------------------------------------------------------------- */

static sqlite3 *h;
static sqlite3_stmt *prep(const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench-gen: %s\n  in: %s\n", sqlite3_errmsg(h), sql);
		exit(1);
	}
	return st;
}
static void step(sqlite3_stmt *st, const char *what)
{
	if (sqlite3_step(st) != SQLITE_DONE) {
		fprintf(stderr, "bench-gen: inserting %s: %s\n", what, sqlite3_errmsg(h));
		exit(1);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}
static void exec(const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "bench-gen: %s\n  in: %.200s\n", err, sql);
		exit(1);
	}
}
static void bind_date(sqlite3_stmt *st, int i, qip_date d)
{
	char b[QIP_DATE_LEN];
	sqlite3_bind_text(st, i, qip_date_format(d, b), -1, SQLITE_TRANSIENT);
}
static void bind_uuid(sqlite3_stmt *st, int i)
{
	char u[37];
	make_uuid(u);
	sqlite3_bind_text(st, i, u, -1, SQLITE_TRANSIENT);
}

struct action_row {
	qip_date created, due, closed;   /* closed 0 when not closed */
	int open;
};

struct ev {
	qip_date day;
	int32_t action;   /* 1-based id */
};
static int ev_cmp(const void *x, const void *y)
{
	const struct ev *a = x, *b = y;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return (a->action > b->action) - (a->action < b->action);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char usage[] =
	"usage: bench-gen [--seed N] [--actions N] [--evidence N] [--services N] [--people N]\n"
	"                 [--today YYYY-MM-DD] OUT.db\n";

int main(int argc, char **argv)
{
	long seed = 1, n_actions = 100000, n_evidence = 1000000, n_services = 300, n_people = 5000;
	const char *today_s = "2026-03-02", *out = NULL;
	for (int i = 1; i < argc; i++) {
		long *num = !strcmp(argv[i], "--seed") ? &seed : !strcmp(argv[i], "--actions") ? &n_actions
			  : !strcmp(argv[i], "--evidence") ? &n_evidence : !strcmp(argv[i], "--services") ? &n_services
			  : !strcmp(argv[i], "--people") ? &n_people : NULL;
		if ((num || !strcmp(argv[i], "--today")) && i + 1 < argc) {
			char *end;
			if (num) {
				*num = strtol(argv[++i], &end, 10);
				if (*end || *num < 0 || *num > 100000000) {
					fprintf(stderr, "bench-gen: %s takes a whole number, not '%s'\n", argv[i - 1], argv[i]);
					return 2;
				}
			} else
				today_s = argv[++i];
		} else if (argv[i][0] != '-' && !out)
			out = argv[i];
		else {
			fputs(usage, stderr);
			return 2;
		}
	}
	qip_date today;
	if (!out || !qip_date_parse_iso(today_s, &today)) {
		fputs(usage, stderr);
		return 2;
	}
	if (n_services < 1 || n_people < 1 || n_actions < 1 || n_services > 300) {
		fprintf(stderr, "bench-gen: needs 1-300 services, and at least one person and one action\n");
		return 2;
	}
	if (access(out, F_OK) == 0) {
		fprintf(stderr, "bench-gen: %s exists: remove it first\n", out);
		return 1;
	}
	setenv("QIP_TODAY", today_s, 1);
	rng_state = (uint64_t)seed * 0x2545f4914f6cdd1dull + 1;
	uuid_state = rng_state ^ 0x5851f42d4c957f2dull;
	double t0 = now_s();

	struct qip_db *db;
	char err[512];
	if (qip_db_open(out, QIP_DB_CREATE, &db, err, sizeof err)) {
		fprintf(stderr, "bench-gen: %s\n", err);
		return 1;
	}
	h = qip_db_handle(db);
	sqlite3_create_function_v2(h, "qip_uuid", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL, fn_uuid, NULL, NULL, NULL);
	sqlite3_create_function_v2(h, "qip_now", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL, fn_now, NULL, NULL, NULL);
	if (qip_person_add_first_admin(db)) {
		fprintf(stderr, "bench-gen: %s\n", qip_db_error(db));
		return 1;
	}
	const char *datadir = getenv("QIP_DATA_DIR");
	char fwpath[4096];
	snprintf(fwpath, sizeof fwpath, "%s/frameworks/cqc-saf.yaml", datadir ? datadir : QIP_BENCH_DATA_DIR);
	if (qip_framework_import_file(db, fwpath)) {
		fprintf(stderr, "bench-gen: %s\n", qip_db_error(db));
		return 1;
	}
	/* The framework's statements, as the file names them. */
	char *statements[64];
	int n_statements = 0;
	sqlite3_stmt *st = prep("SELECT item FROM framework_item WHERE kind = 'statement' ORDER BY position, item");
	while (sqlite3_step(st) == SQLITE_ROW && n_statements < 64)
		statements[n_statements++] = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (!n_statements) {
		fprintf(stderr, "bench-gen: no statements in %s\n", fwpath);
		return 1;
	}
	int64_t admin = qip_db_actor(db);

	/* A file being generated needs no durability until the final checkpoint. */
	/* A bulk load into a new file nobody else has open: no rollback journal
	 * and no WAL (with WAL every page is written twice, to the log and
	 * again by the checkpoint, and each read of a spilled page looks in
	 * the log's hash first). WAL again at the end, as qip made the file. */
	exec("PRAGMA journal_mode = OFF; PRAGMA locking_mode = EXCLUSIVE; PRAGMA synchronous = OFF;"
	     " PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; BEGIN IMMEDIATE");
	char ts[40], ts2[40];
	const qip_date start = today - 6 * 365;   /* six years of plan */

	/* Services. */
	st = prep("INSERT INTO service(id, name, kind, created_at) VALUES (?1, ?2, ?3, ?4)");
	for (long i = 0; i < n_services; i++) {
		char name[120];
		int k = (int)(i / 30) % 10;
		snprintf(name, sizeof name, "%s %s", service_names[i % 30], service_kinds[k].suffix);
		set_now(start - rnd(200), ts);
		sqlite3_bind_int64(st, 1, 1 + i);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, service_kinds[k].kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, ts, -1, SQLITE_TRANSIENT);
		step(st, "service");
	}
	sqlite3_finalize(st);

	/* People: about 1 in 8 has left. Ids follow the first admin's. */
	int64_t first_person = admin + 1;
	st = prep("INSERT INTO person(id, uuid, name, role, login, service_id, active, left_on, created_at)"
		  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	for (long i = 0; i < n_people; i++) {
		char name[120], login[32];
		snprintf(name, sizeof name, "%s %s", PICK(first_names), PICK(last_names));
		snprintf(login, sizeof login, "bench%05ld", i + 1);
		qip_date joined = start + rnd(6 * 365 - 30);
		set_now(joined, ts);
		int left = rnd(8) == 0;
		sqlite3_bind_int64(st, 1, first_person + i);
		bind_uuid(st, 2);
		sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, i < 12 ? "board-member" : PICK(roles), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, login, -1, SQLITE_TRANSIENT);
		if (i >= 12 && rnd(10))
			sqlite3_bind_int64(st, 6, 1 + rnd(n_services));
		sqlite3_bind_int(st, 7, !left);
		if (left)
			bind_date(st, 8, joined + rnd(today - joined));
		sqlite3_bind_text(st, 9, ts, -1, SQLITE_TRANSIENT);
		step(st, "person");
	}
	sqlite3_finalize(st);
#define PERSON() (first_person + rnd(n_people))

	/* Actions: most closed; the older an action, the likelier it is closed. */
	struct action_row *rows = calloc((size_t)n_actions + 1, sizeof *rows);
	sqlite3_stmt *ins = prep(
		"INSERT INTO action(id, uuid, seq, ref, service_id, title, baseline, outcome, target_value, target_unit,"
		" target_date, owner_id, due_on, review_cadence, next_review_on, evidence_required, area, key_question,"
		" likelihood, impact, source, source_ref, status, closed_on, extensions, created_on, created_by,"
		" created_at, updated_by, updated_at)"
		" VALUES (?1, ?2, ?1, printf('QIP-%04d', ?1), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
		" ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)");
	sqlite3_stmt *sup = prep("INSERT OR IGNORE INTO action_supporter(action_id, person_id) VALUES (?1, ?2)");
	sqlite3_stmt *stm = prep("INSERT OR IGNORE INTO action_statement(action_id, statement) VALUES (?1, ?2)");
	sqlite3_stmt *rev = prep("INSERT INTO review(uuid, action_id, decided_on, decision, reason, new_due_on,"
				 " decided_by, decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	sqlite3_stmt *esc = prep("INSERT INTO escalation(uuid, action_id, level, reason, note, assigned_to, raised_on,"
				 " raised_by, raised_at, decision, decided_by, resolved_on)"
				 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
	static const char *const open_states[] = { "open", "open", "in-progress", "in-progress", "in-progress",
						   "monitoring", "reopened" };
	static const char *const esc_reasons[] = { "overdue", "review-overdue", "unowned", "missed-check",
						   "weak-evidence", "recurring", "extended", "other" };
	long n_reviews = 0, n_escalations = 0;
	for (long i = 1; i <= n_actions; i++) {
		/* Creation dates grow denser towards today (a growing provider group). */
		qip_date created = today - (qip_date)((6 * 365) * pow(rnd01(), 1.6));
		int age = today - created;
		double p_closed = age > 365 ? 0.97 : age > 120 ? 0.75 : age > 30 ? 0.35 : 0.05;
		int closed = rnd01() < p_closed;
		int extensions = rnd(10) == 0 ? (int)rnd_between(1, 3) : 0;
		qip_date due = created + (qip_date)rnd_between(14, 120) + extensions * 28;
		qip_date closed_on = 0;
		if (closed) {
			closed_on = created + (qip_date)rnd_between(7, due - created + 60);
			if (closed_on > today)
				closed_on = today - (qip_date)rnd(3);
			if (closed_on < created)
				closed_on = created;
		}
		rows[i].created = created, rows[i].due = due, rows[i].closed = closed_on, rows[i].open = !closed;
		const struct theme *t = &PICK(themes);
		char title[300], baseline[600], outcome[400], source_ref[80];
		snprintf(title, sizeof title, "%s%s", t->title, PICK(places));
		int base = (int)rnd_between(40, 85);
		snprintf(baseline, sizeof baseline,
			 "Baseline %s: %d%% meeting the standard across %ld residents; gaps clustered%s.",
			 t->evidence_required, base, rnd_between(6, 40), PICK(places)[0] ? PICK(places) : " on one shift");
		snprintf(outcome, sizeof outcome, "%s, sustained for three %s checks.", t->title,
			 cadences[rnd(6)]);
		snprintf(source_ref, sizeof source_ref, "%s %ld", PICK(sources), i % 997);
		set_now(created, ts);
		set_now(closed ? closed_on : today - (qip_date)rnd(age + 1), ts2);
		int c = 1;
		sqlite3_bind_int64(ins, c++, i);
		bind_uuid(ins, c++);
		sqlite3_bind_int64(ins, c++, 1 + (long)(n_services * pow(rnd01(), 1.3)));   /* some services busier */
		sqlite3_bind_text(ins, c++, title, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, c++, baseline, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, c++, outcome, -1, SQLITE_TRANSIENT);
		int has_target = rnd(10) < 6;
		if (has_target)
			sqlite3_bind_double(ins, c, 90 + rnd(10));
		c++;
		sqlite3_bind_text(ins, c++, has_target ? t->unit : "", -1, SQLITE_STATIC);
		if (has_target)
			bind_date(ins, c, due);
		c++;
		if (rnd(100) >= 3)   /* 3% never had an owner */
			sqlite3_bind_int64(ins, c, PERSON());
		c++;
		bind_date(ins, c++, due);
		sqlite3_bind_text(ins, c++, PICK(cadences), -1, SQLITE_STATIC);
		if (!closed)
			bind_date(ins, c, today + (qip_date)rnd_between(-40, 30));
		c++;
		sqlite3_bind_text(ins, c++, t->evidence_required, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, c++, t->area, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, c++, t->kq, -1, SQLITE_STATIC);
		if (rnd(10) < 8) {
			sqlite3_bind_int(ins, c, (int)rnd_between(1, 5));
			sqlite3_bind_int(ins, c + 1, (int)rnd_between(1, 5));
		}
		c += 2;
		sqlite3_bind_text(ins, c++, PICK(sources), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, c++, source_ref, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, c++, closed ? "closed" : PICK(open_states), -1, SQLITE_STATIC);
		if (closed)
			bind_date(ins, c, closed_on);
		c++;
		sqlite3_bind_int(ins, c++, extensions);
		bind_date(ins, c++, created);
		int64_t creator = PERSON();
		sqlite3_bind_int64(ins, c++, creator);
		sqlite3_bind_text(ins, c++, ts, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ins, c++, PERSON());
		sqlite3_bind_text(ins, c++, ts2, -1, SQLITE_TRANSIENT);
		memcpy(now_text, ts, sizeof ts);
		qip_db_set_actor(db, creator);
		step(ins, "action");

		for (long k = rnd(3); k > 0; k--) {
			sqlite3_bind_int64(sup, 1, i);
			sqlite3_bind_int64(sup, 2, PERSON());
			step(sup, "supporter");
		}
		sqlite3_bind_int64(stm, 1, i);
		sqlite3_bind_text(stm, 2, t->statement, -1, SQLITE_STATIC);
		step(stm, "statement");
		if (rnd(10) < 3) {
			sqlite3_bind_int64(stm, 1, i);
			sqlite3_bind_text(stm, 2, statements[rnd(n_statements)], -1, SQLITE_STATIC);
			step(stm, "statement");
		}
		/* Reviews: extensions, a keep-open now and then, the closure. */
		for (int k = 0; k < extensions; k++) {
			qip_date d = created + (qip_date)rnd(due - created + 1);
			if (d > today)
				d = today;
			set_now(d, ts);
			bind_uuid(rev, 1);
			sqlite3_bind_int64(rev, 2, i);
			bind_date(rev, 3, d);
			sqlite3_bind_text(rev, 4, "extend", -1, SQLITE_STATIC);
			sqlite3_bind_text(rev, 5, "Progress made but the re-audit falls after the due date.", -1, SQLITE_STATIC);
			bind_date(rev, 6, due);
			sqlite3_bind_int64(rev, 7, PERSON());
			sqlite3_bind_text(rev, 8, ts, -1, SQLITE_TRANSIENT);
			step(rev, "review");
			n_reviews++;
		}
		if (rnd(5) == 0 || closed) {
			int closing = closed;
			qip_date d = closing ? closed_on : created + (qip_date)rnd(age + 1);
			set_now(d, ts);
			bind_uuid(rev, 1);
			sqlite3_bind_int64(rev, 2, i);
			bind_date(rev, 3, d);
			sqlite3_bind_text(rev, 4, closing ? "close" : "keep-open", -1, SQLITE_STATIC);
			sqlite3_bind_text(rev, 5, closing ? "Target met and sustained; outcome evidence from people and records."
						  : "Activity done but no outcome evidence yet: keep open until the re-audit.",
					  -1, SQLITE_STATIC);
			sqlite3_bind_int64(rev, 7, PERSON());
			sqlite3_bind_text(rev, 8, ts, -1, SQLITE_TRANSIENT);
			step(rev, "review");
			n_reviews++;
		}
		/* Escalations: about 1 action in 25; open ones mostly unresolved. */
		if (rnd(25) == 0) {
			qip_date d = created + (qip_date)rnd(age + 1);
			int resolved = closed || rnd(3) == 0;
			set_now(d, ts);
			bind_uuid(esc, 1);
			sqlite3_bind_int64(esc, 2, i);
			sqlite3_bind_int(esc, 3, (int)rnd_between(1, 3));
			sqlite3_bind_text(esc, 4, PICK(esc_reasons), -1, SQLITE_STATIC);
			sqlite3_bind_text(esc, 5, "Raised at the monthly governance meeting.", -1, SQLITE_STATIC);
			sqlite3_bind_int64(esc, 6, PERSON());
			bind_date(esc, 7, d);
			sqlite3_bind_int64(esc, 8, PERSON());
			sqlite3_bind_text(esc, 9, ts, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(esc, 10, resolved ? "Owner confirmed a plan and a date." : "", -1, SQLITE_STATIC);
			if (resolved) {
				sqlite3_bind_int64(esc, 11, PERSON());
				bind_date(esc, 12, d + (qip_date)rnd(today - d + 1));
			}
			step(esc, "escalation");
			n_escalations++;
		}
	}
	sqlite3_finalize(ins), sqlite3_finalize(sup), sqlite3_finalize(stm), sqlite3_finalize(rev),
		sqlite3_finalize(esc);
	exec("INSERT INTO action_fts(rowid, title, baseline, outcome) SELECT id, title, baseline, outcome FROM action");
	double t_actions = now_s();

	/* Evidence, unevenly spread: a few actions with thousands of entries (the
	 * heaviest exactly 10,000, kept open for the `evidence add` benchmark),
	 * a long tail, and about 1 action in 12 with none. Entries are written
	 * in date order across actions, as they would have been. */
	struct ev *evs = malloc(sizeof *evs * (size_t)(n_evidence + 1));
	long ne = 0;
	static const long heavy[] = { 10000, 6000, 4000, 3000, 2500, 2000, 2000, 1500, 1500, 1200,
				      1000, 1000, 1000, 1000, 1000 };
	long n_heavy = 0;
	for (size_t k = 0; k < sizeof heavy / sizeof heavy[0] && ne + heavy[k] <= n_evidence / 5; k++) {
		long a = 1 + (long)((k * 7919 + 13) % (unsigned long)n_actions);
		if (k == 0) {   /* the 10,000 one: an open action, old enough for that much */
			rows[a].open = 1, rows[a].closed = 0;
			sqlite3_stmt *u = prep("UPDATE action SET status = 'in-progress', closed_on = NULL,"
					       " next_review_on = ?2 WHERE id = ?1");
			sqlite3_bind_int64(u, 1, a);
			bind_date(u, 2, today + 7);
			step(u, "action reopened for the heavy evidence");
			sqlite3_finalize(u);
		}
		for (long j = 0; j < heavy[k]; j++) {
			qip_date end = rows[a].closed ? rows[a].closed : today;
			evs[ne].action = (int32_t)a;
			evs[ne++].day = rows[a].created + (qip_date)rnd(end - rows[a].created + 1);
		}
		n_heavy++;
	}
	double *cum = malloc(sizeof *cum * (size_t)(n_actions + 1));
	double total = 0;
	for (long i = 1; i <= n_actions; i++) {
		double w = rnd(12) == 0 ? 0 : -log(1 - rnd01());
		total += w * w;
		cum[i] = total;
	}
	while (ne < n_evidence) {
		double x = rnd01() * total;
		long lo = 1, hi = n_actions;
		while (lo < hi) {
			long mid = (lo + hi) / 2;
			if (cum[mid] < x)
				lo = mid + 1;
			else
				hi = mid;
		}
		qip_date end = rows[lo].closed ? rows[lo].closed : today;
		evs[ne].action = (int32_t)lo;
		evs[ne++].day = rows[lo].created + (qip_date)rnd(end - rows[lo].created + 1);
	}
	free(cum);
	qsort(evs, (size_t)ne, sizeof *evs, ev_cmp);

	/* The summary columns are kept by the evidence triggers as each entry
	 * goes in (migration 3 made that cost the same whatever the action's
	 * size), so the bulk load goes through them like the program. */
	ins = prep("INSERT INTO evidence(id, uuid, action_id, seen_on, kind, category, note, source, value, corrects_id,"
		   " recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
	long id = 0, n_corrections = 0;
	for (long k = 0; k < ne; k++) {
		/* about 1 outcome in 150 is corrected by the next entry */
		int outcome = rnd(10) < 3, corrected = outcome && rnd(150) == 0 && k + 1 < ne;
		int has_value = outcome && rnd(10) < 7;
		const char *note_fmt = PICK(notes);
		int v = (int)rnd_between(50, 100);
		char note[300];
		snprintf(note, sizeof note, note_fmt, v);
		const char *category = outcome && rnd(2) ? "outcomes" : PICK(categories);
		const char *src = PICK(ev_sources);
		int64_t by = PERSON();
		set_now(evs[k].day, ts);
		qip_db_set_actor(db, by);
		sqlite3_bind_int64(ins, 1, ++id);
		bind_uuid(ins, 2);
		sqlite3_bind_int64(ins, 3, evs[k].action);
		bind_date(ins, 4, evs[k].day);
		sqlite3_bind_text(ins, 5, outcome ? "outcome" : "activity", -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 6, category, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 7, note, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 8, src, -1, SQLITE_STATIC);
		if (has_value)
			sqlite3_bind_int(ins, 9, v);
		sqlite3_bind_int64(ins, 11, by);
		sqlite3_bind_text(ins, 12, ts, -1, SQLITE_TRANSIENT);
		step(ins, "evidence");
		if (corrected) {   /* the correction takes the place of the next entry */
			char fix[340];
			int right = (int)rnd_between(50, 100);
			snprintf(fix, sizeof fix, "Correction: the figure was keyed as %d; the audit sheet shows %d.", v, right);
			sqlite3_bind_int64(ins, 1, ++id);
			bind_uuid(ins, 2);
			sqlite3_bind_int64(ins, 3, evs[k].action);
			bind_date(ins, 4, evs[k].day);
			sqlite3_bind_text(ins, 5, "outcome", -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 6, category, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 7, fix, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins, 8, src, -1, SQLITE_STATIC);
			if (has_value)
				sqlite3_bind_int(ins, 9, right);
			sqlite3_bind_int64(ins, 10, id - 1);
			sqlite3_bind_int64(ins, 11, by);
			sqlite3_bind_text(ins, 12, ts, -1, SQLITE_TRANSIENT);
			step(ins, "correction");
			n_corrections++;
			k++;   /* keeps the total at --evidence */
		}
	}
	sqlite3_finalize(ins);
	double t_evidence = now_s();
	exec("INSERT INTO evidence_fts(rowid, note) SELECT id, note FROM evidence");
	double t_fts = now_s();
	/* Check a sample against a full re-aggregation (the old trigger's
	 * expressions). */
	st = prep("SELECT count(*) FROM action a WHERE a.id % 97 = 1 AND ("
		  " a.ev_count IS NOT (SELECT count(*) FROM evidence e WHERE e.action_id = a.id"
		  "   AND NOT EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id))"
		  " OR a.ev_outcomes IS NOT (SELECT count(*) FROM evidence e WHERE e.action_id = a.id AND e.kind = 'outcome'"
		  "   AND NOT EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id))"
		  " OR a.ev_categories IS NOT (SELECT coalesce(sum(DISTINCT CASE e.category"
		  "   WHEN 'people' THEN 1 WHEN 'staff' THEN 2 WHEN 'partners' THEN 4"
		  "   WHEN 'observation' THEN 8 WHEN 'processes' THEN 16 ELSE 32 END), 0)"
		  "   FROM evidence e WHERE e.action_id = a.id"
		  "   AND NOT EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id))"
		  " OR a.ev_last_on IS NOT (SELECT max(seen_on) FROM evidence e WHERE e.action_id = a.id)"
		  " OR a.ev_latest_value IS NOT (SELECT value FROM evidence e WHERE e.action_id = a.id"
		  "   AND e.kind = 'outcome' AND e.value IS NOT NULL"
		  "   AND NOT EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id)"
		  "   ORDER BY seen_on DESC, id DESC LIMIT 1))");
	if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int64(st, 0) != 0) {
		fprintf(stderr, "bench-gen: %lld sampled actions disagree with a full re-aggregation of their evidence\n",
			(long long)sqlite3_column_int64(st, 0));
		return 1;
	}
	sqlite3_finalize(st);
	qip_db_set_actor(db, admin);
	double t_check = now_s();
	exec("COMMIT");
	exec("PRAGMA locking_mode = NORMAL; PRAGMA journal_mode = WAL");   /* no ANALYZE: qip never runs it */
	double t_end = now_s();

	long open = 0;
	for (long i = 1; i <= n_actions; i++)
		open += rows[i].open;
	printf("%s: seed %ld, today %s: %ld services, %ld people, %ld actions (%ld open), %ld evidence entries"
	       " (%ld corrections, %ld heavy actions), %ld reviews, %ld escalations; built in %.1f s"
	       " (actions %.1f s, evidence %.1f s, its FTS %.1f s, check %.1f s, commit %.1f s; %.1f s of CPU)\n",
	       out, seed, today_s, n_services, n_people, n_actions, open, id, n_corrections, n_heavy, n_reviews,
	       n_escalations, t_end - t0, t_actions - t0, t_evidence - t_actions, t_fts - t_evidence, t_check - t_fts,
	       t_end - t_check, (double)clock() / CLOCKS_PER_SEC);
	qip_db_close(db);
	free(evs), free(rows);
	for (int i = 0; i < n_statements; i++)
		free(statements[i]);
	return 0;
}
