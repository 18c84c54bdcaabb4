/* The schema, as a list of migrations. Migration N takes a database from
 * user_version N-1 to N. Never edit a migration that has shipped: add one.
 *
 * Records that can be made on a laptop away from the server carry a UUID as
 * their identity so offline work can be merged later; integer ids are local.
 * History rows are written by triggers, so no code path can forget them; the
 * acting person comes from the qip_actor() function each connection installs. */
#include "schema.h"
#include "chain_internal.h"

#define DATE_CHECK(c) "CHECK (" c " IS NULL OR " c " IS date(" c ", '+0 days'))"
/* qip_now() is the moment in UTC, on the day qip is judging by: the real
 * clock, unless QIP_TODAY (tests, demos) or the demo's replay says another
 * day, so that timestamps and dates never disagree. */
#define NOW "qip_now()"

static const char migration_1[] =
"CREATE TABLE service ("
"  id INTEGER PRIMARY KEY,"
"  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 200),"
"  kind TEXT NOT NULL DEFAULT 'care-home' CHECK (kind IN ('care-home','nursing-home','supported-living','domiciliary','other')),"
"  created_at TEXT NOT NULL DEFAULT (" NOW ")"
") STRICT;"

"CREATE TABLE person ("
"  id INTEGER PRIMARY KEY,"
"  uuid TEXT NOT NULL UNIQUE,"
"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),"
"  role TEXT NOT NULL CHECK (length(role) BETWEEN 1 AND 60),"
"  login TEXT UNIQUE,"
"  service_id INTEGER REFERENCES service(id),"
"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),"
"  left_on TEXT " DATE_CHECK("left_on") ","
"  created_at TEXT NOT NULL DEFAULT (" NOW ")"
") STRICT;"
"CREATE INDEX person_name ON person(name COLLATE NOCASE);"

"CREATE TABLE action ("
"  id INTEGER PRIMARY KEY,"
"  uuid TEXT NOT NULL UNIQUE,"
"  seq INTEGER NOT NULL UNIQUE,"
"  ref TEXT NOT NULL UNIQUE,"
"  service_id INTEGER REFERENCES service(id),"
"  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),"
"  baseline TEXT NOT NULL DEFAULT '',"
"  outcome TEXT NOT NULL DEFAULT '',"
"  target_value REAL,"
"  target_unit TEXT NOT NULL DEFAULT '',"
"  target_direction TEXT NOT NULL DEFAULT 'at-least' CHECK (target_direction IN ('at-least','at-most')),"
"  target_date TEXT " DATE_CHECK("target_date") ","
"  owner_id INTEGER REFERENCES person(id),"
"  due_on TEXT " DATE_CHECK("due_on") ","
"  review_cadence TEXT NOT NULL DEFAULT 'monthly' CHECK (review_cadence IN ('daily','weekly','fortnightly','monthly','quarterly')),"
"  next_review_on TEXT " DATE_CHECK("next_review_on") ","
"  evidence_required TEXT NOT NULL DEFAULT '',"
"  area TEXT NOT NULL DEFAULT '',"
"  key_question TEXT CHECK (key_question IN ('safe','effective','caring','responsive','well-led')),"
"  likelihood INTEGER CHECK (likelihood BETWEEN 1 AND 5),"
"  impact INTEGER CHECK (impact BETWEEN 1 AND 5),"
"  source TEXT NOT NULL DEFAULT 'other' CHECK (source IN ('audit','inspection','incident','complaint','provider-visit','meeting','other')),"
"  source_ref TEXT NOT NULL DEFAULT '',"
"  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','in-progress','monitoring','closed','reopened')),"
"  closed_on TEXT " DATE_CHECK("closed_on") ","
"  extensions INTEGER NOT NULL DEFAULT 0,"
/* Evidence summary, kept by triggers on evidence so that flags can be
 * filtered and counted in SQL without touching the evidence table. */
"  ev_count INTEGER NOT NULL DEFAULT 0,"
"  ev_outcomes INTEGER NOT NULL DEFAULT 0,"
"  ev_categories INTEGER NOT NULL DEFAULT 0,"
"  ev_last_on TEXT,"
"  ev_latest_value REAL,"
"  created_on TEXT NOT NULL " DATE_CHECK("created_on") ","
"  created_by INTEGER REFERENCES person(id),"
"  created_at TEXT NOT NULL DEFAULT (" NOW "),"
"  updated_by INTEGER REFERENCES person(id),"
"  updated_at TEXT NOT NULL DEFAULT (" NOW ")"
") STRICT;"
"CREATE INDEX action_due ON action(coalesce(due_on, '9999-12-31'), seq);"
"CREATE INDEX action_owner ON action(owner_id, status);"
"CREATE INDEX action_service ON action(service_id, status);"
"CREATE INDEX action_status ON action(status, seq);"

"CREATE TABLE action_supporter ("
"  action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,"
"  person_id INTEGER NOT NULL REFERENCES person(id),"
"  PRIMARY KEY (action_id, person_id)"
") STRICT, WITHOUT ROWID;"

/* Statement ids are kept as text, not as references to a framework row:
 * a new framework version must never orphan an action tagged under the old. */
"CREATE TABLE action_statement ("
"  action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,"
"  statement TEXT NOT NULL,"
"  PRIMARY KEY (action_id, statement)"
") STRICT, WITHOUT ROWID;"

"CREATE TABLE evidence ("
"  id INTEGER PRIMARY KEY,"
"  uuid TEXT NOT NULL UNIQUE,"
"  action_id INTEGER NOT NULL REFERENCES action(id),"
"  seen_on TEXT NOT NULL " DATE_CHECK("seen_on") ","
"  kind TEXT NOT NULL CHECK (kind IN ('activity','outcome')),"
"  category TEXT NOT NULL CHECK (category IN ('people','staff','partners','observation','processes','outcomes')),"
"  note TEXT NOT NULL CHECK (length(note) BETWEEN 1 AND 4000),"
"  source TEXT NOT NULL DEFAULT '',"
"  value REAL,"
"  corrects_id INTEGER REFERENCES evidence(id),"
"  recorded_by INTEGER REFERENCES person(id),"
"  recorded_at TEXT NOT NULL DEFAULT (" NOW ")"
") STRICT;"
"CREATE INDEX evidence_action ON evidence(action_id, seen_on, id);"
"CREATE INDEX evidence_corrects ON evidence(corrects_id) WHERE corrects_id IS NOT NULL;"
/* Append-only: a correction is a new entry naming the one it supersedes. */
"CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence BEGIN"
"  SELECT raise(ABORT, 'evidence is append-only: add a correction instead');"
"END;"
"CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence BEGIN"
"  SELECT raise(ABORT, 'evidence is append-only: add a correction instead');"
"END;"
"CREATE TRIGGER evidence_summary AFTER INSERT ON evidence BEGIN"
"  UPDATE action SET"
"    ev_count = (SELECT count(*) FROM evidence e WHERE e.action_id = NEW.action_id"
"                AND NOT EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id)),"
"    ev_outcomes = (SELECT count(*) FROM evidence e WHERE e.action_id = NEW.action_id AND e.kind = 'outcome'"
"                AND NOT EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id)),"
"    ev_categories = (SELECT coalesce(sum(DISTINCT CASE e.category"
"          WHEN 'people' THEN 1 WHEN 'staff' THEN 2 WHEN 'partners' THEN 4"
"          WHEN 'observation' THEN 8 WHEN 'processes' THEN 16 ELSE 32 END), 0)"
"        FROM evidence e WHERE e.action_id = NEW.action_id"
"        AND NOT EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id)),"
"    ev_last_on = (SELECT max(seen_on) FROM evidence e WHERE e.action_id = NEW.action_id),"
"    ev_latest_value = (SELECT value FROM evidence e WHERE e.action_id = NEW.action_id"
"        AND e.kind = 'outcome' AND e.value IS NOT NULL"
"        AND NOT EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id)"
"        ORDER BY seen_on DESC, id DESC LIMIT 1)"
"  WHERE id = NEW.action_id;"
"END;"

"CREATE TABLE meeting ("
"  id INTEGER PRIMARY KEY,"
"  uuid TEXT NOT NULL UNIQUE,"
"  held_on TEXT NOT NULL " DATE_CHECK("held_on") ","
"  title TEXT NOT NULL,"
"  service_id INTEGER REFERENCES service(id),"
"  attendees TEXT NOT NULL DEFAULT '',"
"  notes TEXT NOT NULL DEFAULT '',"
"  created_by INTEGER REFERENCES person(id),"
"  created_at TEXT NOT NULL DEFAULT (" NOW ")"
") STRICT;"

/* A governance decision on one action, in a meeting or on its own. */
"CREATE TABLE review ("
"  id INTEGER PRIMARY KEY,"
"  uuid TEXT NOT NULL UNIQUE,"
"  meeting_id INTEGER REFERENCES meeting(id),"
"  action_id INTEGER NOT NULL REFERENCES action(id),"
"  decided_on TEXT NOT NULL " DATE_CHECK("decided_on") ","
"  decision TEXT NOT NULL CHECK (decision IN ('close','extend','escalate','keep-open','reframe','reopen')),"
"  reason TEXT NOT NULL CHECK (length(reason) >= 1),"
"  new_due_on TEXT " DATE_CHECK("new_due_on") ","
"  decided_by INTEGER REFERENCES person(id),"
"  decided_at TEXT NOT NULL DEFAULT (" NOW ")"
") STRICT;"
"CREATE INDEX review_action ON review(action_id, decided_on);"

"CREATE TABLE escalation ("
"  id INTEGER PRIMARY KEY,"
"  uuid TEXT NOT NULL UNIQUE,"
"  action_id INTEGER NOT NULL REFERENCES action(id),"
"  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),"
"  reason TEXT NOT NULL CHECK (reason IN ('overdue','review-overdue','unowned','missed-check','weak-evidence','recurring','extended','other')),"
"  note TEXT NOT NULL DEFAULT '',"
"  assigned_to INTEGER REFERENCES person(id),"
"  raised_on TEXT NOT NULL " DATE_CHECK("raised_on") ","
"  raised_by INTEGER REFERENCES person(id),"
"  raised_at TEXT NOT NULL DEFAULT (" NOW "),"
"  decision TEXT NOT NULL DEFAULT '',"
"  decided_by INTEGER REFERENCES person(id),"
"  resolved_on TEXT " DATE_CHECK("resolved_on") ""
") STRICT;"
"CREATE INDEX escalation_open ON escalation(resolved_on, level, raised_on);"
"CREATE INDEX escalation_action ON escalation(action_id);"

/* Reference data: a framework version is data, loaded from data/frameworks. */
"CREATE TABLE framework ("
"  id INTEGER PRIMARY KEY,"
"  key TEXT NOT NULL,"
"  version TEXT NOT NULL,"
"  title TEXT NOT NULL,"
"  loaded_at TEXT NOT NULL DEFAULT (" NOW "),"
"  UNIQUE (key, version)"
") STRICT;"
"CREATE TABLE framework_item ("
"  framework_id INTEGER NOT NULL REFERENCES framework(id) ON DELETE CASCADE,"
"  kind TEXT NOT NULL CHECK (kind IN ('key-question','statement','category')),"
"  item TEXT NOT NULL,"
"  parent TEXT NOT NULL DEFAULT '',"
"  title TEXT NOT NULL,"
"  position INTEGER NOT NULL,"
"  PRIMARY KEY (framework_id, kind, item)"
") STRICT;"

"CREATE TABLE audit_template ("
"  id INTEGER PRIMARY KEY,"
"  key TEXT NOT NULL,"
"  version INTEGER NOT NULL,"
"  title TEXT NOT NULL,"
"  area TEXT NOT NULL DEFAULT '',"
"  key_question TEXT,"
"  frequency TEXT NOT NULL,"
"  target REAL NOT NULL,"
"  body TEXT NOT NULL,"            /* the YAML as imported: runs keep their version */
"  imported_at TEXT NOT NULL DEFAULT (" NOW "),"
"  imported_by INTEGER REFERENCES person(id),"
"  UNIQUE (key, version)"
") STRICT;"

"CREATE TABLE audit_run ("
"  id INTEGER PRIMARY KEY,"
"  uuid TEXT NOT NULL UNIQUE,"
"  template_id INTEGER NOT NULL REFERENCES audit_template(id),"
"  service_id INTEGER NOT NULL REFERENCES service(id),"
"  run_on TEXT NOT NULL " DATE_CHECK("run_on") ","
"  auditor_id INTEGER REFERENCES person(id),"
"  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','complete')),"
"  score REAL,"
"  passed INTEGER CHECK (passed IN (0,1)),"
"  created_at TEXT NOT NULL DEFAULT (" NOW ")"
") STRICT;"
"CREATE INDEX audit_run_service ON audit_run(service_id, template_id, run_on);"
"CREATE TABLE audit_answer ("
"  id INTEGER PRIMARY KEY,"
"  uuid TEXT NOT NULL UNIQUE,"
"  run_id INTEGER NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,"
"  sample INTEGER NOT NULL DEFAULT 0,"
"  subject TEXT NOT NULL DEFAULT '',"
"  question TEXT NOT NULL,"
"  answer TEXT NOT NULL DEFAULT '',"
"  value REAL,"
"  failed INTEGER NOT NULL DEFAULT 0 CHECK (failed IN (0,1)),"
"  note TEXT NOT NULL DEFAULT '',"
"  UNIQUE (run_id, sample, question)"
") STRICT;"

"CREATE TABLE history ("
"  id INTEGER PRIMARY KEY,"
"  uuid TEXT NOT NULL UNIQUE,"
"  at TEXT NOT NULL DEFAULT (" NOW "),"
"  by_id INTEGER REFERENCES person(id),"
"  entity TEXT NOT NULL,"
"  entity_id INTEGER NOT NULL,"
"  field TEXT NOT NULL,"
"  old TEXT,"
"  new TEXT"
") STRICT;"
"CREATE INDEX history_entity ON history(entity, entity_id, id);"

/* Full-text search over what people write: titles, baselines, outcomes and
 * evidence notes, rowid = the action's or entry's id. Kept by the code that
 * writes those rows (action.c, evidence.c), not by triggers: FTS5 is not an
 * "innocuous" virtual table, so with trusted_schema=OFF a trigger stored in
 * the file may not write to it. */
"CREATE VIRTUAL TABLE action_fts USING fts5(title, baseline, outcome,"
"  tokenize='unicode61 remove_diacritics 2');"
"CREATE VIRTUAL TABLE evidence_fts USING fts5(note,"
"  tokenize='unicode61 remove_diacritics 2');"
/* History. Field values are recorded as people read them (names, not ids). */
"CREATE TRIGGER action_created AFTER INSERT ON action BEGIN"
"  INSERT INTO history(uuid, by_id, entity, entity_id, field, old, new)"
"  VALUES (qip_uuid(), qip_actor(), 'action', NEW.id, 'created', NULL, NEW.ref || ' ' || NEW.title);"
"END;"
"CREATE TRIGGER action_changed AFTER UPDATE ON action BEGIN"
"  INSERT INTO history(uuid, by_id, entity, entity_id, field, old, new)"
"  SELECT qip_uuid(), qip_actor(), 'action', NEW.id, f, o, n FROM ("
"    SELECT 'title' AS f, OLD.title AS o, NEW.title AS n"
"    UNION ALL SELECT 'service', (SELECT name FROM service WHERE id = OLD.service_id), (SELECT name FROM service WHERE id = NEW.service_id)"
"    UNION ALL SELECT 'baseline', OLD.baseline, NEW.baseline"
"    UNION ALL SELECT 'outcome', OLD.outcome, NEW.outcome"
"    UNION ALL SELECT 'target', iif(OLD.target_value IS NULL, NULL, printf('%g', OLD.target_value)),"
"                               iif(NEW.target_value IS NULL, NULL, printf('%g', NEW.target_value))"
"    UNION ALL SELECT 'unit', OLD.target_unit, NEW.target_unit"
"    UNION ALL SELECT 'direction', OLD.target_direction, NEW.target_direction"
"    UNION ALL SELECT 'target-date', OLD.target_date, NEW.target_date"
"    UNION ALL SELECT 'owner', (SELECT name FROM person WHERE id = OLD.owner_id), (SELECT name FROM person WHERE id = NEW.owner_id)"
"    UNION ALL SELECT 'due', OLD.due_on, NEW.due_on"
"    UNION ALL SELECT 'cadence', OLD.review_cadence, NEW.review_cadence"
"    UNION ALL SELECT 'next-review', OLD.next_review_on, NEW.next_review_on"
"    UNION ALL SELECT 'evidence-required', OLD.evidence_required, NEW.evidence_required"
"    UNION ALL SELECT 'area', OLD.area, NEW.area"
"    UNION ALL SELECT 'key-question', OLD.key_question, NEW.key_question"
"    UNION ALL SELECT 'risk', OLD.likelihood || 'x' || OLD.impact, NEW.likelihood || 'x' || NEW.impact"
"    UNION ALL SELECT 'source', OLD.source, NEW.source"
"    UNION ALL SELECT 'source-ref', OLD.source_ref, NEW.source_ref"
"    UNION ALL SELECT 'closed', OLD.closed_on, NEW.closed_on"
"    UNION ALL SELECT 'status', OLD.status, NEW.status"
"    UNION ALL SELECT 'extensions', OLD.extensions, NEW.extensions"
"  ) WHERE o IS NOT n;"
"END;"
"CREATE TRIGGER supporter_added AFTER INSERT ON action_supporter BEGIN"
"  INSERT INTO history(uuid, by_id, entity, entity_id, field, old, new)"
"  VALUES (qip_uuid(), qip_actor(), 'action', NEW.action_id, 'supporter', NULL, (SELECT name FROM person WHERE id = NEW.person_id));"
"END;"
"CREATE TRIGGER supporter_removed AFTER DELETE ON action_supporter BEGIN"
"  INSERT INTO history(uuid, by_id, entity, entity_id, field, old, new)"
"  VALUES (qip_uuid(), qip_actor(), 'action', OLD.action_id, 'supporter', (SELECT name FROM person WHERE id = OLD.person_id), NULL);"
"END;"
"CREATE TRIGGER statement_added AFTER INSERT ON action_statement BEGIN"
"  INSERT INTO history(uuid, by_id, entity, entity_id, field, old, new)"
"  VALUES (qip_uuid(), qip_actor(), 'action', NEW.action_id, 'statement', NULL, NEW.statement);"
"END;"
"CREATE TRIGGER statement_removed AFTER DELETE ON action_statement BEGIN"
"  INSERT INTO history(uuid, by_id, entity, entity_id, field, old, new)"
"  VALUES (qip_uuid(), qip_actor(), 'action', OLD.action_id, 'statement', OLD.statement, NULL);"
"END;"
"CREATE TRIGGER evidence_added AFTER INSERT ON evidence BEGIN"
"  INSERT INTO history(uuid, by_id, entity, entity_id, field, old, new)"
"  VALUES (qip_uuid(), qip_actor(), 'evidence', NEW.id, CASE WHEN NEW.corrects_id IS NULL THEN 'added' ELSE 'correction' END,"
"          CASE WHEN NEW.corrects_id IS NULL THEN NULL ELSE (SELECT note FROM evidence WHERE id = NEW.corrects_id) END,"
"          NEW.kind || ' ' || NEW.category || ': ' || NEW.note);"
"END;"
"CREATE TRIGGER escalation_raised AFTER INSERT ON escalation BEGIN"
"  INSERT INTO history(uuid, by_id, entity, entity_id, field, old, new)"
"  VALUES (qip_uuid(), qip_actor(), 'escalation', NEW.id, 'raised', NULL,"
"          'level ' || NEW.level || ' ' || NEW.reason || ' on ' || (SELECT ref FROM action WHERE id = NEW.action_id));"
"END;"
"CREATE TRIGGER escalation_changed AFTER UPDATE ON escalation BEGIN"
"  INSERT INTO history(uuid, by_id, entity, entity_id, field, old, new)"
"  SELECT qip_uuid(), qip_actor(), 'escalation', NEW.id, f, o, n FROM ("
"    SELECT 'level' AS f, OLD.level AS o, NEW.level AS n"
"    UNION ALL SELECT 'assigned-to', (SELECT name FROM person WHERE id = OLD.assigned_to), (SELECT name FROM person WHERE id = NEW.assigned_to)"
"    UNION ALL SELECT 'decision', OLD.decision, NEW.decision"
"    UNION ALL SELECT 'resolved', OLD.resolved_on, NEW.resolved_on"
"    UNION ALL SELECT 'note', OLD.note, NEW.note"
"  ) WHERE o IS NOT n;"
"END;"
"CREATE TRIGGER person_added AFTER INSERT ON person BEGIN"
"  INSERT INTO history(uuid, by_id, entity, entity_id, field, old, new)"
"  VALUES (qip_uuid(), qip_actor(), 'person', NEW.id, 'added', NULL, NEW.name || ' (' || NEW.role || ')');"
"END;"
"CREATE TRIGGER person_changed AFTER UPDATE ON person BEGIN"
"  INSERT INTO history(uuid, by_id, entity, entity_id, field, old, new)"
"  SELECT qip_uuid(), qip_actor(), 'person', NEW.id, f, o, n FROM ("
"    SELECT 'name' AS f, OLD.name AS o, NEW.name AS n"
"    UNION ALL SELECT 'role', OLD.role, NEW.role"
"    UNION ALL SELECT 'login', OLD.login, NEW.login"
"    UNION ALL SELECT 'service', (SELECT name FROM service WHERE id = OLD.service_id), (SELECT name FROM service WHERE id = NEW.service_id)"
"    UNION ALL SELECT 'active', OLD.active, NEW.active"
"    UNION ALL SELECT 'left', OLD.left_on, NEW.left_on"
"  ) WHERE o IS NOT n;"
"END;"
"CREATE TRIGGER review_recorded AFTER INSERT ON review BEGIN"
"  INSERT INTO history(uuid, by_id, entity, entity_id, field, old, new)"
"  VALUES (qip_uuid(), qip_actor(), 'action', NEW.action_id, 'review', NULL, NEW.decision || ': ' || NEW.reason);"
"END;"
;

/* Targets were recorded in history with printf('%g'): six significant
 * digits, so 1234567.89 -> 1234568.5 compared equal and left no row, and
 * what was recorded was not the value. qip_number() gives the shortest text
 * that reads back exactly; distinct values give distinct text. */
static const char migration_2[] =
"DROP TRIGGER action_changed;"
"CREATE TRIGGER action_changed AFTER UPDATE ON action BEGIN"
"  INSERT INTO history(uuid, by_id, entity, entity_id, field, old, new)"
"  SELECT qip_uuid(), qip_actor(), 'action', NEW.id, f, o, n FROM ("
"    SELECT 'title' AS f, OLD.title AS o, NEW.title AS n"
"    UNION ALL SELECT 'service', (SELECT name FROM service WHERE id = OLD.service_id), (SELECT name FROM service WHERE id = NEW.service_id)"
"    UNION ALL SELECT 'baseline', OLD.baseline, NEW.baseline"
"    UNION ALL SELECT 'outcome', OLD.outcome, NEW.outcome"
"    UNION ALL SELECT 'target', qip_number(OLD.target_value), qip_number(NEW.target_value)"
"    UNION ALL SELECT 'unit', OLD.target_unit, NEW.target_unit"
"    UNION ALL SELECT 'direction', OLD.target_direction, NEW.target_direction"
"    UNION ALL SELECT 'target-date', OLD.target_date, NEW.target_date"
"    UNION ALL SELECT 'owner', (SELECT name FROM person WHERE id = OLD.owner_id), (SELECT name FROM person WHERE id = NEW.owner_id)"
"    UNION ALL SELECT 'due', OLD.due_on, NEW.due_on"
"    UNION ALL SELECT 'cadence', OLD.review_cadence, NEW.review_cadence"
"    UNION ALL SELECT 'next-review', OLD.next_review_on, NEW.next_review_on"
"    UNION ALL SELECT 'evidence-required', OLD.evidence_required, NEW.evidence_required"
"    UNION ALL SELECT 'area', OLD.area, NEW.area"
"    UNION ALL SELECT 'key-question', OLD.key_question, NEW.key_question"
"    UNION ALL SELECT 'risk', OLD.likelihood || 'x' || OLD.impact, NEW.likelihood || 'x' || NEW.impact"
"    UNION ALL SELECT 'source', OLD.source, NEW.source"
"    UNION ALL SELECT 'source-ref', OLD.source_ref, NEW.source_ref"
"    UNION ALL SELECT 'closed', OLD.closed_on, NEW.closed_on"
"    UNION ALL SELECT 'status', OLD.status, NEW.status"
"    UNION ALL SELECT 'extensions', OLD.extensions, NEW.extensions"
"  ) WHERE o IS NOT n;"
"END;"
;

/* The evidence summary was kept by re-aggregating all of an action's
 * evidence on every insert: O(n) per entry (125 s to add 10,000 entries to
 * one action). Now each insert adjusts it: the new entry joins the counts,
 * and the entry a correction supersedes leaves them (once: an entry that
 * was already superseded had left before). The categories need a count per
 * category to know when the last live entry of one leaves; the latest value
 * is the first live outcome-with-value in date order, found by an index
 * holding only those. The results equal the old full aggregation
 * (tests/unit/test_evidence.c compares them after every step). */
#define CATEGORY_BIT(c) "CASE " c " WHEN 'people' THEN 1 WHEN 'staff' THEN 2 WHEN 'partners' THEN 4" \
	" WHEN 'observation' THEN 8 WHEN 'processes' THEN 16 ELSE 32 END"
#define LATEST_VALUE(action) "(SELECT e.value FROM evidence e WHERE e.action_id = " action \
	" AND e.kind = 'outcome' AND e.value IS NOT NULL" \
	" AND NOT EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id)" \
	" ORDER BY e.seen_on DESC, e.id DESC LIMIT 1)"
static const char migration_3[] =
"DROP TRIGGER evidence_summary;"
"CREATE TABLE evidence_category_count ("
"  action_id INTEGER NOT NULL REFERENCES action(id),"
"  category TEXT NOT NULL,"
"  live INTEGER NOT NULL,"   /* entries of this category no correction supersedes */
"  PRIMARY KEY (action_id, category)"
") STRICT, WITHOUT ROWID;"
"INSERT INTO evidence_category_count(action_id, category, live)"
"  SELECT action_id, category, count(*) FROM evidence e"
"  WHERE NOT EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id)"
"  GROUP BY action_id, category;"
"CREATE INDEX evidence_outcome_value ON evidence(action_id, seen_on, id)"
"  WHERE kind = 'outcome' AND value IS NOT NULL;"
"CREATE TRIGGER evidence_summary_add AFTER INSERT ON evidence BEGIN"
"  INSERT INTO evidence_category_count(action_id, category, live) VALUES (NEW.action_id, NEW.category, 1)"
"    ON CONFLICT (action_id, category) DO UPDATE SET live = live + 1;"
"  UPDATE action SET"
"    ev_count = ev_count + 1,"
"    ev_outcomes = ev_outcomes + (NEW.kind = 'outcome'),"
"    ev_categories = ev_categories | (" CATEGORY_BIT("NEW.category") "),"
"    ev_last_on = iif(ev_last_on >= NEW.seen_on, ev_last_on, NEW.seen_on),"
"    ev_latest_value = iif(NEW.kind = 'outcome' AND NEW.value IS NOT NULL,"
"                          " LATEST_VALUE("NEW.action_id") ", ev_latest_value)"
"  WHERE id = NEW.action_id;"
"END;"
/* Fires before or after the one above (SQLite does not promise an order):
 * each leaves the summary right whichever ran first. */
"CREATE TRIGGER evidence_summary_supersede AFTER INSERT ON evidence"
"  WHEN NEW.corrects_id IS NOT NULL"
"   AND NOT EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = NEW.corrects_id AND c.id <> NEW.id)"
"BEGIN"
"  UPDATE evidence_category_count SET live = live - 1"
"  WHERE (action_id, category) = (SELECT action_id, category FROM evidence WHERE id = NEW.corrects_id);"
"  UPDATE action SET"
"    ev_count = ev_count - 1,"
"    ev_outcomes = ev_outcomes - (gone.kind = 'outcome'),"
"    ev_categories = (SELECT coalesce(sum(" CATEGORY_BIT("k.category") "), 0)"
"                     FROM evidence_category_count k WHERE k.action_id = gone.action_id AND k.live > 0),"
"    ev_latest_value = iif(gone.kind = 'outcome' AND gone.value IS NOT NULL,"
"                          " LATEST_VALUE("gone.action_id") ", ev_latest_value)"
"  FROM (SELECT action_id, kind, value FROM evidence WHERE id = NEW.corrects_id) AS gone"
"  WHERE action.id = gone.action_id;"
"END;"
/* Lists and counts at scale (100,000 actions, most of them closed). Most
 * lists show the actions that are not closed, by due date: an index of only
 * those rows, in that order, never steps over a closed one (action_due holds
 * every action). Its status and due_on columns answer the WHERE from the
 * index, so a row that fails the overdue test costs no table read. Counts and
 * status-line totals read a second index of open actions holding every
 * column they test (service_id for the join the counts still carry), so they
 * never read the table. */
"CREATE INDEX action_open_due ON action(coalesce(due_on, '9999-12-31'), seq, status, due_on)"
"  WHERE status <> 'closed';"
"CREATE INDEX action_open_counts ON action(due_on, next_review_on, owner_id, ev_last_on, created_on,"
"  service_id, status) WHERE status <> 'closed';"
/* The escalation queue reads open escalations highest level first, then
 * oldest: with the level descending in the index that is its order, with
 * no sort. */
"DROP INDEX escalation_open;"
"CREATE INDEX escalation_open ON escalation(resolved_on, level DESC, raised_on);"
;

/* Audits: subjects named as they come, answers committed one by one, the
 * score per section, proposals from failures, service roles and a
 * service's temporary audit frequency. */
static const char migration_4[] =
"ALTER TABLE audit_run ADD COLUMN earned REAL;"
/* The kinds of service a template is for, comma separated ('' every kind),
 * so the schedule never makes a care home due a home-care audit. */
"ALTER TABLE audit_template ADD COLUMN services TEXT NOT NULL DEFAULT '';"
"ALTER TABLE audit_run ADD COLUMN available REAL;"
"ALTER TABLE audit_run ADD COLUMN band TEXT NOT NULL DEFAULT '' CHECK (band IN ('','red','amber','green'));"
"ALTER TABLE audit_run ADD COLUMN finished_at TEXT;"
"ALTER TABLE audit_answer ADD COLUMN repeat INTEGER NOT NULL DEFAULT 0 CHECK (repeat IN (0,1));"
"ALTER TABLE audit_answer ADD COLUMN answered_at TEXT NOT NULL DEFAULT '';"
"CREATE INDEX audit_run_template ON audit_run(template_id, service_id, status, run_on);"
"CREATE TABLE audit_subject ("
"  run_id INTEGER NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,"
"  sample INTEGER NOT NULL CHECK (sample >= 0),"
"  subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 60),"
"  PRIMARY KEY (run_id, sample),"
"  UNIQUE (run_id, subject)"
") STRICT;"
"CREATE TABLE audit_section_score ("
"  run_id INTEGER NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,"
"  section INTEGER NOT NULL,"
"  earned REAL NOT NULL,"
"  available REAL NOT NULL,"
"  PRIMARY KEY (run_id, section)"
") STRICT;"
"CREATE TABLE audit_proposal ("
"  id INTEGER PRIMARY KEY,"
"  uuid TEXT NOT NULL UNIQUE,"
"  run_id INTEGER NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,"
"  question TEXT NOT NULL,"
"  failed INTEGER NOT NULL,"
"  asked INTEGER NOT NULL,"
"  critical INTEGER NOT NULL DEFAULT 0 CHECK (critical IN (0,1)),"
"  repeat INTEGER NOT NULL DEFAULT 0 CHECK (repeat IN (0,1)),"
"  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),"
"  baseline TEXT NOT NULL DEFAULT '',"
"  outcome TEXT NOT NULL DEFAULT '',"
"  target REAL NOT NULL,"
"  due_on TEXT " DATE_CHECK("due_on") ","
"  owner_role TEXT NOT NULL DEFAULT '',"
"  owner_id INTEGER REFERENCES person(id),"
"  merge_into INTEGER REFERENCES action(id),"
"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','accepted','skipped','merged')),"
"  action_id INTEGER REFERENCES action(id),"
"  decided_by INTEGER REFERENCES person(id),"
"  UNIQUE (run_id, question)"
") STRICT;"
"CREATE INDEX audit_proposal_action ON audit_proposal(action_id) WHERE action_id IS NOT NULL;"
"CREATE TABLE service_role ("
"  service_id INTEGER NOT NULL REFERENCES service(id),"
"  role TEXT NOT NULL CHECK (length(role) BETWEEN 1 AND 60),"
"  person_id INTEGER NOT NULL REFERENCES person(id),"
"  PRIMARY KEY (service_id, role)"
") STRICT;"
"CREATE TABLE audit_frequency ("
"  service_id INTEGER NOT NULL REFERENCES service(id),"
"  template_key TEXT NOT NULL,"
"  frequency TEXT NOT NULL CHECK (frequency IN ('daily','weekly','fortnightly','monthly','quarterly','six-monthly','annually')),"
"  until_on TEXT NOT NULL " DATE_CHECK("until_on") ","
"  set_by INTEGER REFERENCES person(id),"
"  PRIMARY KEY (service_id, template_key)"
") STRICT;"
;

/* The history trigger fired on every update of an action, and so on every
 * evidence entry (its summary columns, ev_*, are updated on each insert),
 * comparing 22 fields to write nothing. Now it fires only when a field it
 * records is in the UPDATE's SET; what it writes is migration 2's, row for
 * row. */
static const char migration_5[] =
"DROP TRIGGER action_changed;"
"CREATE TRIGGER action_changed AFTER UPDATE OF title, service_id, baseline, outcome, target_value, target_unit,"
"  target_direction, target_date, owner_id, due_on, review_cadence, next_review_on, evidence_required, area,"
"  key_question, likelihood, impact, source, source_ref, closed_on, status, extensions ON action BEGIN"
"  INSERT INTO history(uuid, by_id, entity, entity_id, field, old, new)"
"  SELECT qip_uuid(), qip_actor(), 'action', NEW.id, f, o, n FROM ("
"    SELECT 'title' AS f, OLD.title AS o, NEW.title AS n"
"    UNION ALL SELECT 'service', (SELECT name FROM service WHERE id = OLD.service_id), (SELECT name FROM service WHERE id = NEW.service_id)"
"    UNION ALL SELECT 'baseline', OLD.baseline, NEW.baseline"
"    UNION ALL SELECT 'outcome', OLD.outcome, NEW.outcome"
"    UNION ALL SELECT 'target', qip_number(OLD.target_value), qip_number(NEW.target_value)"
"    UNION ALL SELECT 'unit', OLD.target_unit, NEW.target_unit"
"    UNION ALL SELECT 'direction', OLD.target_direction, NEW.target_direction"
"    UNION ALL SELECT 'target-date', OLD.target_date, NEW.target_date"
"    UNION ALL SELECT 'owner', (SELECT name FROM person WHERE id = OLD.owner_id), (SELECT name FROM person WHERE id = NEW.owner_id)"
"    UNION ALL SELECT 'due', OLD.due_on, NEW.due_on"
"    UNION ALL SELECT 'cadence', OLD.review_cadence, NEW.review_cadence"
"    UNION ALL SELECT 'next-review', OLD.next_review_on, NEW.next_review_on"
"    UNION ALL SELECT 'evidence-required', OLD.evidence_required, NEW.evidence_required"
"    UNION ALL SELECT 'area', OLD.area, NEW.area"
"    UNION ALL SELECT 'key-question', OLD.key_question, NEW.key_question"
"    UNION ALL SELECT 'risk', OLD.likelihood || 'x' || OLD.impact, NEW.likelihood || 'x' || NEW.impact"
"    UNION ALL SELECT 'source', OLD.source, NEW.source"
"    UNION ALL SELECT 'source-ref', OLD.source_ref, NEW.source_ref"
"    UNION ALL SELECT 'closed', OLD.closed_on, NEW.closed_on"
"    UNION ALL SELECT 'status', OLD.status, NEW.status"
"    UNION ALL SELECT 'extensions', OLD.extensions, NEW.extensions"
"  ) WHERE o IS NOT n;"
"END;"
;

/* Escalation by rule (qip check): which rule raised an escalation and on
 * what fact (its due date, its extension count ...), so that a reason that
 * stops holding resolves it and a person's decision on the same fact is not
 * overridden the next night; the day it reached its level (level 2 left
 * unresolved goes to level 3); acknowledgement; settings imported into the
 * database. */
static const char migration_6[] =
"ALTER TABLE escalation ADD COLUMN rule TEXT;"
"ALTER TABLE escalation ADD COLUMN rule_key TEXT;"
"ALTER TABLE escalation ADD COLUMN level_on TEXT " DATE_CHECK("level_on") ";"
"ALTER TABLE escalation ADD COLUMN resolved_by_check INTEGER NOT NULL DEFAULT 0 CHECK (resolved_by_check IN (0,1));"
"ALTER TABLE escalation ADD COLUMN acknowledged_on TEXT " DATE_CHECK("acknowledged_on") ";"
"ALTER TABLE escalation ADD COLUMN acknowledged_by INTEGER REFERENCES person(id);"
"CREATE INDEX escalation_rule ON escalation(action_id, rule, rule_key) WHERE rule IS NOT NULL;"
"CREATE TRIGGER escalation_acknowledged AFTER UPDATE OF acknowledged_on ON escalation"
"  WHEN OLD.acknowledged_on IS NULL AND NEW.acknowledged_on IS NOT NULL BEGIN"
"  INSERT INTO history(uuid, by_id, entity, entity_id, field, old, new)"
"  VALUES (qip_uuid(), qip_actor(), 'escalation', NEW.id, 'acknowledged', NULL,"
"          NEW.acknowledged_on || ' by ' || coalesce((SELECT name FROM person WHERE id = NEW.acknowledged_by), '?'));"
"END;"
"CREATE TABLE setting ("
"  key TEXT PRIMARY KEY,"
"  value INTEGER NOT NULL,"
"  imported_on TEXT NOT NULL " DATE_CHECK("imported_on") ","
"  imported_by INTEGER REFERENCES person(id)"
") STRICT;"
;

/* Closure with proof and monitoring after it: how long the outcome must
 * stay at target, who confirmed the closure, an override's reason, the
 * reviewer's reason for one source, the end of the monitoring window,
 * and whether the closure was sustained through it. */
static const char migration_7[] =
"ALTER TABLE action ADD COLUMN sustain TEXT NOT NULL DEFAULT '';"
"ALTER TABLE action ADD COLUMN closure_reviewer_id INTEGER REFERENCES person(id);"
"ALTER TABLE action ADD COLUMN closure_override TEXT;"
"ALTER TABLE action ADD COLUMN closure_one_source TEXT;"
"ALTER TABLE action ADD COLUMN monitor_until TEXT " DATE_CHECK("monitor_until") ";"
"ALTER TABLE action ADD COLUMN sustained INTEGER NOT NULL DEFAULT 0 CHECK (sustained IN (0,1));"
/* The new fields reach the history like every other field of an action:
 * who changed how long the outcome must last, who confirmed a closure,
 * an override and its reason, the monitoring window, sustained. */
"CREATE TRIGGER action_closure_changed AFTER UPDATE OF sustain, closure_reviewer_id, closure_override,"
"  closure_one_source, monitor_until, sustained ON action BEGIN"
"  INSERT INTO history(uuid, by_id, entity, entity_id, field, old, new)"
"  SELECT qip_uuid(), qip_actor(), 'action', NEW.id, f, o, n FROM ("
"    SELECT 'sustain' AS f, OLD.sustain AS o, NEW.sustain AS n"
"    UNION ALL SELECT 'closure-reviewer', (SELECT name FROM person WHERE id = OLD.closure_reviewer_id),"
"      (SELECT name FROM person WHERE id = NEW.closure_reviewer_id)"
"    UNION ALL SELECT 'override', OLD.closure_override, NEW.closure_override"
"    UNION ALL SELECT 'one-source-reason', OLD.closure_one_source, NEW.closure_one_source"
"    UNION ALL SELECT 'monitoring-until', OLD.monitor_until, NEW.monitor_until"
"    UNION ALL SELECT 'sustained', OLD.sustained, NEW.sustained"
"  ) WHERE o IS NOT n;"
"END;"
;

/* The status line's totals without reading every open action (issue 9):
 * counting 188,000 open actions, even as ranges of partial indexes, cost
 * 216 M instructions at 1,000,000 actions on every change of the data.
 * action_tally keeps, for the actions that are not closed, how many share
 * each value a total tests: 'open' (value ''), 'due' (the due date; not
 * monitoring, whose closing met its date), 'review' (the next review date),
 * 'owner' (the owner's id, '' for none) and 'stale-<cadence>' (the day
 * staleness counts from: the last evidence, else the creation). The rules'
 * thresholds and today stay out of it: qip_action_totals sums the rows on
 * the far side of each threshold, a few hundred rows at most. Triggers keep
 * it: the OLD row's values count -1 and the NEW row's +1, netted. */
#define TALLY_ROWS(R, d, from) \
"  SELECT 'open' AS kind, '' AS value, " d " AS d" from " WHERE " R ".status <> 'closed'" \
"  UNION ALL SELECT 'due', " R ".due_on, " d from " WHERE " R ".status NOT IN ('closed', 'monitoring')" \
"    AND " R ".due_on IS NOT NULL" \
"  UNION ALL SELECT 'review', " R ".next_review_on, " d from " WHERE " R ".status <> 'closed'" \
"    AND " R ".next_review_on IS NOT NULL" \
"  UNION ALL SELECT 'owner', coalesce(" R ".owner_id, ''), " d from " WHERE " R ".status <> 'closed'" \
"  UNION ALL SELECT 'stale-' || " R ".review_cadence, coalesce(" R ".ev_last_on, " R ".created_on), " d from \
"    WHERE " R ".status <> 'closed' AND coalesce(" R ".ev_last_on, " R ".created_on) IS NOT NULL"
#define TALLY_ADD(rows) \
"  INSERT INTO action_tally(kind, value, n) SELECT kind, value, sum(d) FROM (" rows ") WHERE true" \
"  GROUP BY kind, value HAVING sum(d) <> 0 ON CONFLICT (kind, value) DO UPDATE SET n = n + excluded.n;"
static const char migration_8[] =
"CREATE TABLE action_tally ("
"  kind TEXT NOT NULL,"
"  value ANY NOT NULL,"   /* a date, an owner's id, or '' */
"  n INTEGER NOT NULL,"
"  PRIMARY KEY (kind, value)"
") STRICT, WITHOUT ROWID;"
TALLY_ADD(TALLY_ROWS("a", "1", " FROM action a"))
/* The leavers, for the unowned total: 600 of 5,000 people, read without
 * the person rows. */
"CREATE INDEX person_left ON person(id) WHERE active = 0;"
"CREATE TRIGGER action_tally_insert AFTER INSERT ON action WHEN NEW.status <> 'closed' BEGIN"
TALLY_ADD(TALLY_ROWS("NEW", "1", ""))
"END;"
"CREATE TRIGGER action_tally_delete AFTER DELETE ON action WHEN OLD.status <> 'closed' BEGIN"
TALLY_ADD(TALLY_ROWS("OLD", "-1", ""))
"END;"
"CREATE TRIGGER action_tally_update AFTER UPDATE OF status, due_on, next_review_on, owner_id,"
"  review_cadence, ev_last_on, created_on ON action"
"  WHEN OLD.status <> 'closed' OR NEW.status <> 'closed' BEGIN"
TALLY_ADD(TALLY_ROWS("OLD", "-1", "") " UNION ALL " TALLY_ROWS("NEW", "1", ""))
"END;"
;

/* Governance meetings (issue 11): a meeting's kind (a service's own, the
 * provider's quality meeting, the board), its chair, when the chair ended
 * it (no decision after), and who attended, by person; the names stay in
 * meeting.attendees too, as plain text for the minutes. A decision's
 * meeting is review.meeting_id, there since migration 1. */
static const char migration_9[] =
"ALTER TABLE meeting ADD COLUMN kind TEXT NOT NULL DEFAULT 'service'"
"  CHECK (kind IN ('service','provider-quality','board'));"
"ALTER TABLE meeting ADD COLUMN chair_id INTEGER REFERENCES person(id);"
"ALTER TABLE meeting ADD COLUMN ended_at TEXT;"
"ALTER TABLE meeting ADD COLUMN ended_by INTEGER REFERENCES person(id);"
"CREATE TABLE meeting_attendee ("
"  meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
"  person_id INTEGER NOT NULL REFERENCES person(id),"
"  PRIMARY KEY (meeting_id, person_id)"
") STRICT;"
"CREATE INDEX meeting_kind ON meeting(kind, service_id, held_on);"
"CREATE INDEX review_meeting ON review(meeting_id) WHERE meeting_id IS NOT NULL;"
;

/* Imported plans (qip import plan): the sheet row each imported action came
 * from, so that importing the same file again creates nothing twice. An
 * action's identity in a sheet is its ref column when the sheet has one
 * (rows move when someone sorts or inserts), else its row number; keyed by
 * the file's name and the service it was imported for. */
static const char migration_10[] =
"CREATE TABLE action_source ("
"  action_id INTEGER PRIMARY KEY REFERENCES action(id),"
"  file_name TEXT NOT NULL,"
"  service_id INTEGER REFERENCES service(id),"
"  row_key TEXT NOT NULL,"
"  sheet_row INTEGER NOT NULL CHECK (sheet_row > 0),"
"  sheet_ref TEXT,"
"  imported_on TEXT NOT NULL " DATE_CHECK("imported_on") ","
"  imported_by INTEGER REFERENCES person(id)"
") STRICT;"
"CREATE UNIQUE INDEX action_source_key ON action_source(file_name, coalesce(service_id, 0), row_key);"
;

/* The minutes (issue 12): who confirmed a closure decided in a meeting
 * (the reviewer, not the person recording it), and a closure proposed in
 * a meeting and refused by the closure check, with the check's reasons:
 * the challenge the room recorded, which changes no action. */
static const char migration_11[] =
"ALTER TABLE review ADD COLUMN reviewer_id INTEGER REFERENCES person(id);"
"CREATE TABLE meeting_refusal ("
"  id INTEGER PRIMARY KEY,"
"  uuid TEXT NOT NULL UNIQUE,"
"  meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
"  action_id INTEGER NOT NULL REFERENCES action(id),"
"  refused_on TEXT NOT NULL " DATE_CHECK("refused_on") ","
"  reasons TEXT NOT NULL CHECK (length(reasons) >= 1),"
"  note TEXT NOT NULL DEFAULT '',"
"  proposed_by INTEGER REFERENCES person(id),"
"  reviewer_id INTEGER REFERENCES person(id),"
"  refused_at TEXT NOT NULL DEFAULT (" NOW ")"
") STRICT;"
"CREATE INDEX meeting_refusal_meeting ON meeting_refusal(meeting_id);"
;

/* A history that proves itself (issue 13): the ledger of links, one per
 * row written to a chained table (and one per change of a row that may
 * change), each the hash of the link before and the row (chain.c,
 * chain_internal.h; HACKING.md says why). The triggers call qip_chain_hash,
 * which only qip's connections have: the sqlite3 shell cannot add a row to
 * these tables, and a row added with the triggers dropped has no link.
 * The rows already there are linked by qip_chain_backfill, in id order. */
#define CHAIN_LINK(table, cols, when) \
	"CREATE TRIGGER " table "_chain" when " ON " table " BEGIN" \
	"  INSERT INTO chain(tbl, row_id, hash) SELECT '" table "', NEW.id," \
	"    qip_chain_hash(" CHAIN_HEAD_SQL ", '" table "', " cols ") FROM " table " WHERE id = NEW.id;" \
	"END;"
static const char migration_12[] =
"CREATE TABLE chain ("
"  seq INTEGER PRIMARY KEY,"
"  tbl TEXT NOT NULL,"
"  row_id INTEGER NOT NULL,"
"  hash BLOB NOT NULL CHECK (length(hash) = 32)"
") STRICT;"
"CREATE INDEX chain_row ON chain(tbl, row_id);"
"CREATE TRIGGER chain_no_update BEFORE UPDATE ON chain BEGIN"
"  SELECT raise(ABORT, 'the chain is append-only');"
"END;"
"CREATE TRIGGER chain_no_delete BEFORE DELETE ON chain BEGIN"
"  SELECT raise(ABORT, 'the chain is append-only');"
"END;"
CHAIN_LINK("history", CHAIN_COLS_HISTORY, " AFTER INSERT")
CHAIN_LINK("evidence", CHAIN_COLS_EVIDENCE, " AFTER INSERT")
CHAIN_LINK("review", CHAIN_COLS_REVIEW, " AFTER INSERT")
/* A meeting's decision gets its meeting_id just after it is made. */
CHAIN_LINK("review", CHAIN_COLS_REVIEW, "_change AFTER UPDATE")
CHAIN_LINK("escalation", CHAIN_COLS_ESCALATION, " AFTER INSERT")
CHAIN_LINK("escalation", CHAIN_COLS_ESCALATION, "_change AFTER UPDATE")
CHAIN_LINK("audit_answer", CHAIN_COLS_AUDIT_ANSWER, " AFTER INSERT")
CHAIN_LINK("audit_answer", CHAIN_COLS_AUDIT_ANSWER, "_change AFTER UPDATE")
;

/* Every order of the action list walked by key (issue 9): each order's key
 * (action_sort_key) indexed over the open actions, with status so that the
 * list's test of it is answered from the index, as action_open_due does
 * for the due order. A window is then a seek and the rows it shows, and a
 * position a count of index entries before a key, at any depth in the
 * list. The owner order needs the owner's name, which lives on person:
 * owner_sort keeps it on the action, in lower case (lower() folds ASCII as
 * COLLATE NOCASE does), '' when there is no owner, kept by triggers when
 * an action is added or handed on and when a person is renamed. */
static const char migration_13[] =
"ALTER TABLE action ADD COLUMN owner_sort TEXT NOT NULL DEFAULT '';"
"UPDATE action SET owner_sort = coalesce((SELECT lower(p.name) FROM person p WHERE p.id = action.owner_id), '')"
"  WHERE owner_id IS NOT NULL;"
"CREATE TRIGGER action_owner_sort_insert AFTER INSERT ON action WHEN NEW.owner_id IS NOT NULL BEGIN"
"  UPDATE action SET owner_sort = coalesce((SELECT lower(p.name) FROM person p WHERE p.id = NEW.owner_id), '')"
"    WHERE id = NEW.id;"
"END;"
"CREATE TRIGGER action_owner_sort_update AFTER UPDATE OF owner_id ON action BEGIN"
"  UPDATE action SET owner_sort = coalesce((SELECT lower(p.name) FROM person p WHERE p.id = NEW.owner_id), '')"
"    WHERE id = NEW.id;"
"END;"
"CREATE TRIGGER person_owner_sort AFTER UPDATE OF name ON person BEGIN"
"  UPDATE action SET owner_sort = lower(NEW.name) WHERE owner_id = NEW.id;"
"END;"
"CREATE INDEX action_open_owner ON action(owner_sort, seq, status) WHERE status <> 'closed';"
"CREATE INDEX action_open_status ON action((CASE status WHEN 'reopened' THEN '0' WHEN 'open' THEN '1'"
"  WHEN 'in-progress' THEN '2' WHEN 'monitoring' THEN '3' ELSE '4' END), seq, status) WHERE status <> 'closed';"
"CREATE INDEX action_open_risk ON action((printf('%02d', 25 - coalesce(likelihood * impact, 0))"
"  || coalesce(due_on, '9999-12-31')), seq, status) WHERE status <> 'closed';"
"CREATE INDEX action_open_updated ON action(updated_at, seq, status) WHERE status <> 'closed';"
;

/* The person who takes an escalation at a level (qip check raises one per
 * action that a rule escalates): the role's holders found by index, not by
 * reading every person once per action. */
static const char migration_14[] =
"CREATE INDEX person_role ON person(role, service_id);"
;

/* Where the last run of the escalation rules left off (qip_check_mark):
 * one row, replaced by every run, so that a screen starting later, or
 * another user's, applies the rules only to what changed since, not to
 * every open action again (2.5 G instructions at 100,000 actions). */
static const char migration_15[] =
"CREATE TABLE rules_mark ("
"  id INTEGER PRIMARY KEY CHECK (id = 1),"
"  day TEXT NOT NULL " DATE_CHECK("day") ","
"  history_id INTEGER NOT NULL,"
"  proposals INTEGER NOT NULL,"
"  proposal_max INTEGER NOT NULL,"
"  proposal_sum INTEGER NOT NULL,"
"  audits INTEGER NOT NULL,"
"  settings INTEGER NOT NULL"
") STRICT;"
/* The monitoring window's candidates (qip_action_monitor, run with the
 * rules on every change a screen sees) read from this index alone, not
 * 2,700 action rows at 100,000 actions. */
"CREATE INDEX action_monitoring ON action(id, monitor_until, target_value, target_direction, ev_last_on,"
"  closed_on, ev_latest_value) WHERE status = 'monitoring';"
/* The open escalations by level, kept by triggers: the status line and the
 * queue's title count them on every draw, and once the rules run there are
 * thousands (15,800 at 100,000 actions: 10 M instructions a count). */
"CREATE TABLE escalation_open_count ("
"  level INTEGER PRIMARY KEY,"
"  n INTEGER NOT NULL"
") STRICT;"
"INSERT INTO escalation_open_count SELECT level, count(*) FROM escalation WHERE resolved_on IS NULL GROUP BY level;"
"CREATE TRIGGER escalation_open_count_insert AFTER INSERT ON escalation WHEN NEW.resolved_on IS NULL BEGIN"
"  INSERT INTO escalation_open_count VALUES (NEW.level, 1) ON CONFLICT (level) DO UPDATE SET n = n + 1;"
"END;"
"CREATE TRIGGER escalation_open_count_update AFTER UPDATE OF resolved_on, level ON escalation BEGIN"
"  INSERT INTO escalation_open_count SELECT OLD.level, -1 WHERE OLD.resolved_on IS NULL"
"    ON CONFLICT (level) DO UPDATE SET n = n - 1;"
"  INSERT INTO escalation_open_count SELECT NEW.level, 1 WHERE NEW.resolved_on IS NULL"
"    ON CONFLICT (level) DO UPDATE SET n = n + 1;"
"END;"
"CREATE TRIGGER escalation_open_count_delete AFTER DELETE ON escalation WHEN OLD.resolved_on IS NULL BEGIN"
"  INSERT INTO escalation_open_count VALUES (OLD.level, -1) ON CONFLICT (level) DO UPDATE SET n = n - 1;"
"END;"
;

const struct qip_migration qip_migrations[] = {
	{ 1, "initial schema", migration_1 },
	{ 2, "history records targets exactly", migration_2 },
	{ 3, "evidence summaries kept incrementally; indexes for lists and counts at scale", migration_3 },
	{ 4, "audit runs, proposals, service roles", migration_4 },
	{ 5, "the history trigger fires only when a field it records is set", migration_5 },
	{ 6, "escalation by rule, acknowledgement, settings", migration_6 },
	{ 7, "closure with proof: sustain, reviewer, override, monitoring window", migration_7 },
	{ 8, "status-line totals from a tally of open actions kept by triggers", migration_8 },
	{ 9, "governance meetings: kind, chair, end, attendees", migration_9 },
	{ 10, "imported plans: the sheet row each imported action came from", migration_10 },
	{ 11, "minutes: a closure's reviewer, closures refused in meetings", migration_11 },
	{ 12, "a history that proves itself: the chain of hashes", migration_12, qip_chain_backfill },
	{ 13, "every order of the action list indexed over open actions, the owner's name on the action", migration_13 },
	{ 14, "people found by role for escalation", migration_14 },
	{ 15, "where the last run of the escalation rules left off; monitoring candidates by index; open escalations counted", migration_15 },
};
const int qip_migration_count = sizeof qip_migrations / sizeof qip_migrations[0];
