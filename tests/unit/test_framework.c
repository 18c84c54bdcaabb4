/* The framework as data: the bundled CQC file is complete and right, bad
 * framework files are refused at the offending node, and a second version
 * never breaks actions tagged under the first. */
#include "fixture.h"

#include <sys/stat.h>

#include "qip/framework.h"
#include "qip/template.h"
#include "qip/text.h"
#include "qip_config.h"

static const char *datadir(void)
{
	const char *d = getenv("QIP_DATA_DIR");
	return d && *d ? d : QIP_DATADIR_SOURCE;
}

static struct qip_framework *load_bundled(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/frameworks/cqc-saf.yaml", datadir());
	struct qip_diags d;
	qip_diags_init(&d, path);
	struct qip_framework *fw;
	if (qip_framework_load_file(path, &fw, &d)) {
		for (int i = 0; i < d.n; i++)
			fprintf(stderr, "# %d:%d: %s\n", d.v[i].line, d.v[i].col, d.v[i].msg);
		fail_msg("bundled framework refused");
	}
	qip_diags_free(&d);
	return fw;
}

static void bundled_framework_is_complete(void **state)
{
	struct qip_framework *fw = load_bundled();
	assert_string_equal(fw->key, "cqc-saf");
	assert_string_equal(fw->version, "2024");
	static const char *const kqs[] = { "safe", "effective", "caring", "responsive", "well-led" };
	static const int per_kq[] = { 8, 6, 5, 7, 8 };
	int kq = 0, statements = 0, counts[5] = { 0 };
	static const char *const cats[] = { "people", "staff", "partners", "observation", "processes", "outcomes" };
	int ncat = 0;
	for (int i = 0; i < fw->nitems; i++) {
		const struct qip_fw_item *it = &fw->items[i];
		if (it->kind == QIP_FW_KEY_QUESTION) {
			assert_true(kq < 5);
			assert_string_equal(it->id, kqs[kq]);
			kq++;
		} else if (it->kind == QIP_FW_STATEMENT) {
			assert_true(kq > 0);
			assert_string_equal(it->parent, kqs[kq - 1]);
			counts[kq - 1]++;
			statements++;
		} else {
			assert_true(ncat < 6);
			assert_string_equal(it->id, cats[ncat]);
			ncat++;
		}
	}
	assert_int_equal(kq, 5);
	assert_int_equal(statements, 34);
	for (int i = 0; i < 5; i++)
		assert_int_equal(counts[i], per_kq[i]);
	assert_int_equal(ncat, 6);
	qip_framework_free(fw);
}

static void statement_ids_are_slugs_of_their_names(void **state)
{
	struct qip_framework *fw = load_bundled();
	for (int i = 0; i < fw->nitems; i++) {
		const struct qip_fw_item *it = &fw->items[i];
		if (it->kind != QIP_FW_STATEMENT)
			continue;
		/* Apostrophes vanish ("people's" -> "peoples"); the rest is qip's slug. */
		char plain[256];
		size_t o = 0;
		for (const char *p = it->title; *p && o < sizeof plain - 1; p++)
			if (*p != '\'')
				plain[o++] = *p;
		plain[o] = '\0';
		char *slug = qip_text_slug(plain);
		if (strcmp(slug, it->id))
			fail_msg("statement '%s' has id '%s', expected '%s'", it->title, it->id, slug);
		free(slug);
	}
	struct qip_frameworks set = { &fw, 1 };
	static const char *const named[] = {
		"learning-culture", "safe-systems-pathways-and-transitions", "safeguarding",
		"involving-people-to-manage-risks", "safe-environments", "safe-and-effective-staffing",
		"infection-prevention-and-control", "medicines-optimisation",
		"kindness-compassion-and-dignity", "responding-to-peoples-immediate-needs",
		"environmental-sustainability-sustainable-development",
	};
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		assert_true(qip_frameworks_has_statement(&set, named[i]));
	assert_false(qip_frameworks_has_statement(&set, "safe"));   /* a key question, not a statement */
	assert_string_equal(qip_frameworks_suggest_statement(&set, "medicine-optimisation"), "medicines-optimisation");
	assert_null(qip_frameworks_suggest_statement(&set, "tea"));
	qip_framework_free(fw);
}

static void expect_problem(const char *yaml, int line, int col, const char *want)
{
	struct qip_diags d;
	qip_diags_init(&d, "f.yaml");
	struct qip_framework *fw = (void *)1;
	assert_int_equal(qip_framework_parse(yaml, strlen(yaml), &fw, &d), QIP_EINVAL);
	assert_null(fw);
	bool found = false;
	for (int i = 0; i < d.n; i++)
		found |= d.v[i].line == line && d.v[i].col == col && strstr(d.v[i].msg, want);
	if (!found) {
		for (int i = 0; i < d.n; i++)
			fprintf(stderr, "# %d:%d: %s\n", d.v[i].line, d.v[i].col, d.v[i].msg);
		qip_diags_free(&d);
		fail_msg("no problem at %d:%d saying '%s'", line, col, want);
	}
	qip_diags_free(&d);
}

/* Lines 1-4. */
#define FW_HEAD "qip-framework: 1\nkey: cqc-saf\nversion: \"2026-draft\"\ntitle: Draft\n"

static void rejects_bad_framework_files(void **state)
{
	expect_problem(FW_HEAD "key_questions:\n  - {id: safety, title: Safe}\nevidence_categories: []\n",
		       6, 10, "unknown id 'safety' (did you mean 'safe'? expected safe, effective, caring, responsive or well-led)");
	expect_problem(FW_HEAD "key_questions:\n  - {id: safe, title: Safe}\nevidence_categories:\n"
		       "  - {id: surveys, title: Surveys}\n", 8, 10, "unknown id 'surveys'");
	expect_problem(FW_HEAD "key_questions:\n  - id: safe\n    title: Safe\n    statements:\n"
		       "      - {id: one, title: One}\n  - id: effective\n    title: Effective\n    statements:\n"
		       "      - {id: one, title: Again}\nevidence_categories: []\n", 13, 14, "duplicate statement id 'one'");
	expect_problem(FW_HEAD "key_questions:\n  - id: safe\n    statements:\n      - {id: one}\n"
		       "evidence_categories: []\n", 6, 5, "missing required key 'title' in a key question");
	expect_problem(FW_HEAD "key_questions:\n  - {id: safe, title: Safe}\n", 1, 1,
		       "missing required key 'evidence_categories' in the framework");
	expect_problem("qip-framework: 1\nkey: cqc-saf\nversion: 2026 draft\ntitle: Draft\n"
		       "key_questions: []\nevidence_categories: []\n", 3, 10, "'version' must be lowercase letters");
	expect_problem(FW_HEAD "key_questions:\n  - {id: safe, title: Safe, statments: []}\nevidence_categories: []\n",
		       6, 29, "unknown key 'statments' in a key question (did you mean 'statements'?)");
}

/* A 2026 draft that replaces quality statements with lines of enquiry. */
static const char draft[] =
	FW_HEAD
	"key_questions:\n"
	"  - id: safe\n    title: Safe\n    statements:\n"
	"      - {id: safe-loe-1, title: How do systems and culture keep people safe?}\n"
	"      - {id: safe-loe-2, title: How are medicines managed safely?}\n"
	"  - id: well-led\n    title: Well-led\n    statements:\n"
	"      - {id: well-led-loe-1, title: How does governance give assurance?}\n"
	"evidence_categories:\n"
	"  - {id: people, title: People's experience}\n"
	"  - {id: observation, title: Observation}\n";

static void a_second_version_keeps_actions_tagged_under_the_first(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	char path[512];
	snprintf(path, sizeof path, "%s/frameworks/cqc-saf.yaml", datadir());
	assert_int_equal(qip_framework_import_file(db, path), QIP_OK);
	/* An action tagged with a 2024 statement. */
	assert_int_equal(qip_db_exec(db,
		"INSERT INTO action(uuid, seq, ref, title, created_on) VALUES ('a1', 1, 'QIP-0001', 'MAR gaps', '2026-03-02');"
		"INSERT INTO action_statement(action_id, statement) VALUES (1, 'medicines-optimisation');"), QIP_OK);

	struct qip_diags d;
	qip_diags_init(&d, "draft");
	struct qip_framework *fw;
	assert_int_equal(qip_framework_parse(draft, strlen(draft), &fw, &d), QIP_OK);
	enum qip_import_result res;
	assert_int_equal(qip_framework_import(db, fw, &res), QIP_OK);
	assert_int_equal(res, QIP_IMPORTED);
	/* Again, unchanged: nothing happens. */
	assert_int_equal(qip_framework_import(db, fw, &res), QIP_OK);
	assert_int_equal(res, QIP_UNCHANGED);

	assert_int_equal(fixture_int(db, "SELECT count(*) FROM framework"), 2);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM framework_item i JOIN framework f ON f.id = i.framework_id"
					 " WHERE f.version = '2024'"), 45);
	/* The action's statement still names a statement of the version it was tagged under. */
	assert_int_equal(fixture_int(db,
		"SELECT count(*) FROM action_statement s JOIN framework_item i ON i.item = s.statement AND i.kind = 'statement'"
		" JOIN framework f ON f.id = i.framework_id WHERE s.action_id = 1 AND f.version = '2024'"), 1);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM action_statement"), 1);

	/* Both versions count when a template names a statement. */
	struct qip_frameworks set;
	assert_int_equal(qip_frameworks_load_db(db, &set), QIP_OK);
	assert_int_equal(set.n, 2);
	assert_true(qip_frameworks_has_statement(&set, "medicines-optimisation"));
	assert_true(qip_frameworks_has_statement(&set, "safe-loe-2"));
	qip_frameworks_free(&set);

	/* The same version with different content is refused. */
	free(fw->items[1].title);
	fw->items[1].title = qip_strdup("Changed");
	assert_int_equal(qip_framework_import(db, fw, &res), QIP_EREFUSED);
	assert_string_equal(qip_db_error(db),
		"framework cqc-saf version 2026-draft is already loaded with different content: give the changed file a new version");

	struct qip_fw_row *rows;
	int n;
	assert_int_equal(qip_framework_rows(db, "cqc-saf", "2026-draft", &rows, &n), QIP_OK);
	assert_int_equal(n, 7);
	assert_string_equal(rows[1].id, "safe-loe-1");
	assert_string_equal(rows[1].parent, "safe");
	assert_string_equal(rows[1].kind, "statement");
	qip_fw_rows_free(rows, n);
	assert_int_equal(qip_framework_rows(db, NULL, NULL, &rows, &n), QIP_OK);
	assert_int_equal(n, 52);
	qip_fw_rows_free(rows, n);

	qip_framework_free(fw);
	qip_diags_free(&d);
	fixture_close(&f);
}

static void load_dir_reports_a_broken_file(void **state)
{
	char dir[] = "/tmp/qip-fw-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct qip_frameworks set;
	char err[600];
	assert_int_equal(qip_frameworks_load_dir(dir, &set, err, sizeof err), QIP_ENOTFOUND);
	assert_non_null(strstr(err, "no framework file"));
	char *sub = qip_printf("%s/frameworks", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	char *file = qip_printf("%s/broken.yaml", sub);
	FILE *fp = fopen(file, "w");
	fputs("qip-framework: 1\nkey: x\n", fp);
	fclose(fp);
	assert_int_equal(qip_frameworks_load_dir(dir, &set, err, sizeof err), QIP_EINVAL);
	assert_non_null(strstr(err, "broken.yaml:1:1: missing required key 'version' in the framework"));
	unlink(file);
	rmdir(sub);
	rmdir(dir);
	free(file);
	free(sub);
}

/* The core refuses an import by an account that is not an active person,
 * whichever front end asks (the command line once checked this itself). */
static void imports_need_a_writer(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	char fw_path[512], path[512];
	snprintf(fw_path, sizeof fw_path, "%s/frameworks/cqc-saf.yaml", datadir());
	struct qip_diags d;
	qip_diags_init(&d, fw_path);
	struct qip_framework *fw;
	assert_int_equal(qip_framework_load_file(fw_path, &fw, &d), QIP_OK);
	qip_diags_free(&d);
	snprintf(path, sizeof path, "%s/templates/mar.yaml", datadir());
	struct qip_frameworks fws = { .v = &fw, .n = 1 };
	struct qip_template *t;
	char *body;
	size_t len;
	qip_diags_init(&d, path);
	assert_int_equal(qip_template_load_file(path, &fws, &t, &body, &len, &d), QIP_OK);
	qip_diags_free(&d);

	qip_db_set_actor(db, 0);
	enum qip_import_result res;
	int current;
	assert_int_equal(qip_framework_import(db, fw, &res), QIP_ENOPERSON);
	assert_non_null(strstr(qip_db_error(db), "is not an active person"));
	assert_int_equal(qip_template_import(db, t, body, len, &res, &current), QIP_ENOPERSON);
	assert_int_equal(qip_framework_import_file(db, fw_path), QIP_ENOPERSON);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM framework"), 0);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM audit_template"), 0);
	/* qip init's bundled data still loads for anyone who can open the file. */
	assert_int_equal(qip_data_import_bundled(db, datadir()), QIP_OK);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM framework"), 1);

	qip_template_free(t);
	free(body);
	qip_framework_free(fw);
	fixture_close(&f);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bundled_framework_is_complete),
		cmocka_unit_test(statement_ids_are_slugs_of_their_names),
		cmocka_unit_test(rejects_bad_framework_files),
		cmocka_unit_test(a_second_version_keeps_actions_tagged_under_the_first),
		cmocka_unit_test(load_dir_reports_a_broken_file),
		cmocka_unit_test(imports_need_a_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
