/* The action list pane: a window of rows fetched for what is on screen
 * (never the whole table), filter, sort, and `/` search with n/N. */
#include "actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action_forms.h"
#include "detail.h"
#include "draw.h"
#include "form.h"
#include "incomplete.h"
#include "prompt.h"
#include "qip/person.h"
#include "qip/service.h"
#include "qip/text.h"
#include "qip/vocab.h"

static const char *const sort_names[] = { "due", "ref", "owner", "status", "risk", "updated" };
#define SORT_COUNT ((int)(sizeof sort_names / sizeof sort_names[0]))
/* The sort picker: one key per order, in the order of sort_names. */
static const struct tui_choice sort_choices[] = {
	{ 'd', "due" }, { 'r', "ref" }, { 'o', "owner" },
	{ 's', "status" }, { 'k', "risk" }, { 'u', "updated" },
};
_Static_assert(sizeof sort_choices / sizeof sort_choices[0] == sizeof sort_names / sizeof sort_names[0],
	       "a key for every sort order");

static void clear_rows(struct tui_actions *s)
{
	for (int i = 0; i < s->nrows; i++) {
		free(s->rows[i].title);
		free(s->rows[i].owner);
		free(s->rows[i].service);
	}
	free(s->rows);
	s->rows = NULL;
	s->nrows = 0;
}

void tui_actions_free(struct tui_actions *s)
{
	clear_rows(s);
	free(s->owner_name);
	free(s->service_name);
	free(s->area);
	free(s->words);
	free(s->statement);
	free(s->search);
	memset(s, 0, sizeof *s);
}

static void ensure_init(struct tui_actions *s)
{
	if (!s->ready) {
		qip_action_filter_init(&s->filter);
		s->filter_changed = true;
		s->loaded_top = -1;
		s->ready = true;
	}
}

static int add_row(void *arg, const struct qip_action *x, const struct qip_action_key *key)
{
	struct tui_actions *s = arg;
	s->rows = qip_xrealloc(s->rows, (size_t)(s->nrows + 1) * sizeof *s->rows);
	struct tui_action_row *r = &s->rows[s->nrows++];
	*r = (struct tui_action_row){ .id = x->id, .owner_active = x->owner_active, .due = x->due,
				      .status = x->status, .flags = x->flags };
	r->key = *key;
	memcpy(r->ref, x->ref, sizeof r->ref);
	r->title = qip_strdup(x->title);
	r->owner = qip_strdup(x->owner);
	r->service = qip_strdup(x->service);
	return 0;
}

static void reverse_rows(struct tui_action_row *r, int n)
{
	for (int i = 0, j = n - 1; i < j; i++, j--) {
		struct tui_action_row t = r[i];
		r[i] = r[j];
		r[j] = t;
	}
}

/* Fetches rows top..top+rows-1 from a row whose place p and key are known
 * (NULL key: p = -1 is before the first row, p = count after the last):
 * forward or backward from it, skipping only the rows between it and the
 * window, so the cost is the window's, wherever it is in the list. */
static int fetch_from(struct tui_app *a, struct tui_actions *s, int64_t p, const struct qip_action_key *key,
		      int top, int rows)
{
	int64_t hi = top + rows < s->count ? top + rows : s->count;
	if (hi <= top)
		return QIP_OK;
	if (p < top)
		return qip_action_window(a->db, &s->filter, key, false, false, (int)(top - p - 1), (int)(hi - top),
					 add_row, s);
	if (p >= hi) {
		int rc = qip_action_window(a->db, &s->filter, key, false, true, (int)(p - hi), (int)(hi - top),
					   add_row, s);
		reverse_rows(s->rows, s->nrows);
		return rc;
	}
	/* Inside the window: the rows above it nearest first, then it and
	 * the rows below. */
	int rc = qip_action_window(a->db, &s->filter, key, false, true, 0, (int)(p - top), add_row, s);
	reverse_rows(s->rows, s->nrows);
	if (rc == QIP_OK)
		rc = qip_action_window(a->db, &s->filter, key, true, false, 0, (int)(hi - p), add_row, s);
	return rc;
}

/* The window by key: from the anchor (a search match, the selection found
 * again), else from the nearest of the rows on screen, the start and the
 * end. `End` is the last rows read backwards; a move by a line or a page
 * starts at a row already on screen. */
static int fetch_keyed(struct tui_app *a, struct tui_actions *s, int rows, bool fresh)
{
	int top = s->top;
	int64_t hi = top + rows;
	if (s->anchored) {
		s->anchored = false;
		struct qip_action_key k = s->anchor;
		clear_rows(s);
		return fetch_from(a, s, s->anchor_index, &k, top, rows);
	}
	/* distance from a place p to the window */
#define FAR(p) ((p) < top ? top - (p) : (p) >= hi ? (p) - hi + 1 : 0)
	int64_t best_p = -1;
	int64_t best = FAR(-1);
	if (FAR(s->count) < best) {
		best_p = s->count;
		best = FAR(s->count);
	}
	int on_screen = -1;
	if (fresh && s->nrows > 0) {
		int64_t lo = s->loaded_top, last = s->loaded_top + s->nrows - 1;
		int64_t p = top < lo ? lo : top > last ? last : top;
		if (FAR(p) < best) {
			best_p = p;
			on_screen = (int)(p - lo);
		}
	}
#undef FAR
	struct qip_action_key k;
	if (on_screen >= 0)
		k = s->rows[on_screen].key;
	clear_rows(s);
	return fetch_from(a, s, best_p, on_screen >= 0 ? &k : NULL, top, rows);
}

/* Brings count, selection and the visible window up to date. Queries run
 * only when something changed: the data, the filter, or the window. */
static void load_window(struct tui_app *a, struct tui_actions *s, int rows)
{
	ensure_init(s);
	if (a->select_action) {
		/* An action just added: the list moves onto it. */
		s->sel_id = a->select_action;
		s->sel_shown = s->sel;
		a->select_action = 0;
	}
	bool moved = false;
	if (s->counted_gen != a->gen || s->filter_changed) {
		int64_t n;
		if (qip_action_count(a->db, &s->filter, &n) == QIP_OK) {
			s->count = n;
			s->anchored = false;
			/* Keep the selection on its action when rows move around it,
			 * unless a key moved it since it was shown: that key was
			 * meant, and another user's change arriving with it must
			 * not undo it. */
			int64_t pos = -1;
			if (s->sel_id && !s->filter_changed && s->sel == s->sel_shown) {
				bool found = false;
				struct qip_action_key k;
				if (qip_action_key_of(a->db, &s->filter, s->sel_id, &k, &found) == QIP_OK && found &&
				    qip_action_rank(a->db, &s->filter, &k, &pos) == QIP_OK) {
					s->anchored = true;
					s->anchor = k;
					s->anchor_index = pos;
				}
			}
			if (pos >= 0)
				s->sel = (int)pos;
			s->counted_gen = a->gen;
			s->filter_changed = false;
			moved = true;
		}
	}
	if (s->sel >= s->count)
		s->sel = s->count > 0 ? (int)s->count - 1 : 0;
	if (s->sel < 0)
		s->sel = 0;
	s->top = tui_scroll_top(s->top, s->sel, rows, (int)s->count);
	if (moved || s->anchored || s->loaded_gen != a->gen || s->loaded_top != s->top || s->loaded_rows != rows) {
		/* The rows on screen can start the next window only when neither
		 * the data nor the list changed since they were read. */
		bool fresh = !moved && s->loaded_gen == a->gen;
		int rc = fetch_keyed(a, s, rows, fresh);
		if (rc == QIP_OK) {
			s->loaded_gen = a->gen;
			s->loaded_top = s->top;
			s->loaded_rows = rows;
		} else
			s->loaded_top = -1;
	}
	int i = s->sel - s->top;
	s->sel_id = i >= 0 && i < s->nrows ? s->rows[i].id : 0;
	s->sel_shown = s->sel;
}

int64_t tui_actions_selected(const struct tui_actions *s, char ref[QIP_REF_LEN])
{
	int i = s->sel - s->top;
	if (i < 0 || i >= s->nrows) {
		if (ref)
			ref[0] = '\0';
		return 0;
	}
	if (ref)
		memcpy(ref, s->rows[i].ref, QIP_REF_LEN);
	return s->rows[i].id;
}

static void describe_filter(const struct tui_actions *s, char *buf, size_t n)
{
	size_t o = 0;
	buf[0] = '\0';
#define PART(...) do { if (o < n) { int w_ = snprintf(buf + o, n - o, "%s", o ? ", " : ""); if (w_ > 0) o += (size_t)w_; } \
		       if (o < n) { int w_ = snprintf(buf + o, n - o, __VA_ARGS__); if (w_ > 0) o += (size_t)w_; } } while (0)
	if (s->filter.status == -1)
		PART("any status");
	else if (s->filter.status >= 0)
		PART("%s", qip_vocab_name(&qip_vocab_status, s->filter.status));
	if (s->filter.any_flags == QIP_FLAGS_ATTENTION)
		PART("needs attention");
	for (int i = 0; i < QIP_FLAG_COUNT; i++)
		if (s->filter.flags & (1u << i))
			PART("%s", qip_flag_name(i));
	if (s->filter.key_question >= 0)
		PART("%s", qip_vocab_name(&qip_vocab_key_question, s->filter.key_question));
	if (s->statement && *s->statement)
		PART("statement %s", s->statement);
	if (s->filter.owner_id)
		PART("owner %s", s->owner_name ? s->owner_name : "?");
	if (s->filter.service_id)
		PART("service %s", s->service_name ? s->service_name : "?");
	if (s->area && *s->area)
		PART("area %s", s->area);
	if (s->words && *s->words)
		PART("words \"%s\"", s->words);
#undef PART
	if (o >= n && n > 0)
		buf[n - 1] = '\0';
}

void tui_actions_draw(struct tui_app *a, struct tui_actions *s, const struct tui_rect *r, bool focused)
{
	int rows = tui_pane_rows(r);
	load_window(a, s, rows);

	char filt[400], title[600];
	describe_filter(s, filt, sizeof filt);
	snprintf(title, sizeof title, " Actions: %lld%s%s%s  sort %s%s%s%s%s", (long long)s->count,
		 filt[0] ? "  [" : "", filt, filt[0] ? "]" : "",
		 sort_names[s->filter.sort < SORT_COUNT ? s->filter.sort : 0], s->filter.descending ? " (reversed)" : "",
		 s->search ? "  /" : "", s->search ? s->search : "", "");
	draw_text(r->y, r->x, r->w, title, draw_style(focused ? ST_TITLE_FOCUS : ST_TITLE));

	struct tui_action_cols c;
	tui_action_columns(r->w, &c);
	int hy = r->y + 1;
	attr_t h = draw_style(ST_HEAD);
	draw_fill(hy, r->x, r->w, h);
	draw_text(hy, r->x + c.ref_x, c.ref_w, "Ref", h);
	draw_text(hy, r->x + c.flags_x, c.flags_w, c.flags_w >= 5 ? "Flags" : "Flag", h);
	draw_text(hy, r->x + c.title_x, c.title_w, "Title", h);
	if (c.service_w)
		draw_text(hy, r->x + c.service_x, c.service_w, "Service", h);
	draw_text(hy, r->x + c.owner_x, c.owner_w, "Owner", h);
	draw_text_right(hy, r->x + c.due_x, c.due_w, "Due", h);   /* dates right-aligned: months line up */
	draw_text(hy, r->x + c.status_x, c.status_w, "Status", h);

	if (s->nrows == 0 && rows > 0) {
		draw_text(r->y + 2, r->x + 2, r->w - 2,
			  s->count == 0 && !filt[0] ? "No open actions. a adds one." :
			  "No action matches the filter: f changes it, F clears it.", A_NORMAL);
		if (focused)
			tui_cursor(a, r->y + 2, r->x);
		return;
	}
	for (int i = 0; i < s->nrows; i++) {
		const struct tui_action_row *row = &s->rows[i];
		int y = r->y + 2 + i;
		bool overdue = row->flags & QIP_FLAG_OVERDUE, unowned = row->flags & QIP_FLAG_UNOWNED;
		/* Colour and a marker: the marker survives monochrome, projectors
		 * and colour-blindness. */
		attr_t st = overdue ? draw_style(ST_OVERDUE) : unowned ? draw_style(ST_UNOWNED) : A_NORMAL;
		char flags[QIP_FLAG_COUNT + 1], due[QIP_DATE_TEXT_LEN], owner[300];
		qip_flags_letters(row->flags, flags, sizeof flags);
		qip_date_text(row->due, due);
		if (!row->owner[0])
			snprintf(owner, sizeof owner, "(none)");
		else
			snprintf(owner, sizeof owner, "%s%s", row->owner, row->owner_active ? "" : " (left)");
		draw_fill(y, r->x, r->w, st);
		/* Both at once take the gap before the ref too: "!?", as the
		 * command line's tables mark them. */
		draw_text(y, r->x + c.mark_x, overdue && unowned ? c.ref_x - c.mark_x : c.mark_w,
			  overdue && unowned ? "!?" : overdue ? "!" : unowned ? "?" : "", st);
		draw_text(y, r->x + c.ref_x, c.ref_w, row->ref, st);
		draw_text(y, r->x + c.flags_x, c.flags_w, flags, st);
		draw_text(y, r->x + c.title_x, c.title_w, row->title, st);
		if (c.service_w)
			draw_text(y, r->x + c.service_x, c.service_w, *row->service ? row->service : "provider-wide", st);
		draw_text(y, r->x + c.owner_x, c.owner_w, owner, st);
		draw_text_right(y, r->x + c.due_x, c.due_w, due, st);
		draw_text(y, r->x + c.status_x, c.status_w, qip_vocab_name(&qip_vocab_status, row->status), st);
		if (s->top + i == s->sel) {
			draw_restyle(y, r->x, r->w, st | draw_style(focused ? ST_SELECTED : ST_SELECTED_DIM));
			if (focused)
				tui_cursor(a, y, r->x);
		}
	}
}

/* ---- filter --------------------------------------------------------------- */

static const struct qip_word yes_no_words[] = { { "no", "No" }, { "yes", "Yes" } };
static const struct qip_vocab yes_no = { "answer", yes_no_words, 2 };
static const struct qip_word status_words[] = {
	{ "not-closed", "Every status but closed" }, { "any", "Any status" },
	{ "open", "Open" }, { "in-progress", "In progress" }, { "monitoring", "Monitoring" },
	{ "closed", "Closed" }, { "reopened", "Reopened" },
};
static const struct qip_vocab status_choice = { "status", status_words, 7 };
static struct qip_word flag_words[QIP_FLAG_COUNT];
static struct qip_vocab flag_choice = { "flag", flag_words, QIP_FLAG_COUNT };

enum { FF_OVERDUE, FF_UNOWNED, FF_ATTENTION, FF_FLAG, FF_OWNER, FF_SERVICE, FF_STATUS, FF_KEY_QUESTION,
       FF_STATEMENT, FF_AREA, FF_WORDS, FF_COUNT };

static int filter_check(struct tui_app *a, struct tui_form *f, int i, char *msg, size_t n)
{
	const char *t = tui_form_text(f, i);
	int64_t id;
	switch (i) {
	case FF_OVERDUE:
	case FF_UNOWNED:
	case FF_ATTENTION:
		if (*t && qip_vocab_find(&yes_no, t) < 0) {
			snprintf(msg, n, "answer yes or no");
			return QIP_EINVAL;
		}
		return QIP_OK;
	case FF_FLAG:
		if (*t && !qip_flag_parse(t)) {
			snprintf(msg, n, "unknown flag: use %s", qip_vocab_choices(&flag_choice));
			return QIP_EINVAL;
		}
		return QIP_OK;
	case FF_OWNER:
		/* Leavers too: their open actions are exactly what one looks for. */
		if (*t && qip_person_find(a->db, t, &id) != QIP_OK) {
			snprintf(msg, n, "%s", qip_db_error(a->db));
			return QIP_EINVAL;
		}
		return QIP_OK;
	case FF_SERVICE:
		if (*t && qip_service_find(a->db, t, &id) != QIP_OK) {
			snprintf(msg, n, "%s", qip_db_error(a->db));
			return QIP_EINVAL;
		}
		return QIP_OK;
	case FF_STATUS:
		if (*t && qip_vocab_find(&status_choice, t) < 0) {
			snprintf(msg, n, "status: use %s", qip_vocab_choices(&status_choice));
			return QIP_EINVAL;
		}
		return QIP_OK;
	case FF_KEY_QUESTION:
		if (*t && qip_vocab_find(&qip_vocab_key_question, t) < 0) {
			snprintf(msg, n, "key question: use %s", qip_vocab_choices(&qip_vocab_key_question));
			return QIP_EINVAL;
		}
		return QIP_OK;
	case FF_STATEMENT: {
		if (!*t)
			return QIP_OK;
		if (strchr(t, ',')) {
			snprintf(msg, n, "the filter takes one statement at a time");
			return QIP_EINVAL;
		}
		char *sid = NULL;
		int rc = qip_action_filter_statement(a->db, t, &sid);
		free(sid);
		if (rc != QIP_OK)
			snprintf(msg, n, "%s", qip_db_error(a->db));
		return rc;
	}
	case FF_AREA:
		return qip_action_check_field(a->db, QIP_AF_AREA, t, msg, n);
	default:
		return QIP_OK;
	}
}

static int filter_apply(struct tui_app *a, void *arg)
{
	struct tui_form *f = arg;
	struct tui_actions *s = f->arg;
	struct qip_action_filter nf;
	qip_action_filter_init(&nf);
	nf.sort = s->filter.sort;
	nf.descending = s->filter.descending;
	if (qip_vocab_find(&yes_no, tui_form_text(f, FF_OVERDUE)) == 1)
		nf.flags |= QIP_FLAG_OVERDUE;
	if (qip_vocab_find(&yes_no, tui_form_text(f, FF_UNOWNED)) == 1)
		nf.flags |= QIP_FLAG_UNOWNED;
	if (qip_vocab_find(&yes_no, tui_form_text(f, FF_ATTENTION)) == 1)
		nf.any_flags = QIP_FLAGS_ATTENTION;
	nf.flags |= qip_flag_parse(tui_form_text(f, FF_FLAG));
	nf.key_question = qip_vocab_find(&qip_vocab_key_question, tui_form_text(f, FF_KEY_QUESTION));
	const char *owner = tui_form_text(f, FF_OWNER), *service = tui_form_text(f, FF_SERVICE);
	const char *statement = tui_form_text(f, FF_STATEMENT);
	char *statement_id = NULL;
	int rc = QIP_OK;
	if (*owner)
		rc = qip_person_find(a->db, owner, &nf.owner_id);
	if (rc == QIP_OK && *service)
		rc = qip_service_find(a->db, service, &nf.service_id);
	if (rc == QIP_OK && *statement)
		rc = qip_action_filter_statement(a->db, statement, &statement_id);
	if (rc != QIP_OK)
		return rc;
	int st = qip_vocab_find(&status_choice, tui_form_text(f, FF_STATUS));
	nf.status = st <= 0 ? -2 : st == 1 ? -1 : st - 2;
	free(s->owner_name);
	free(s->service_name);
	free(s->area);
	free(s->words);
	free(s->statement);
	s->statement = statement_id;
	nf.statement = s->statement;
	struct qip_person p = { 0 };
	s->owner_name = nf.owner_id && qip_person_get(a->db, nf.owner_id, &p) == QIP_OK ? qip_strdup(p.name) : NULL;
	qip_person_clear(&p);
	s->service_name = *service ? qip_strdup(service) : NULL;
	s->area = *tui_form_text(f, FF_AREA) ? qip_text_slug(tui_form_text(f, FF_AREA)) : NULL;
	s->words = *tui_form_text(f, FF_WORDS) ? qip_strdup(tui_form_text(f, FF_WORDS)) : NULL;
	nf.area = s->area;
	nf.search = s->words;
	s->filter = nf;
	s->filter_changed = true;
	s->sel = s->top = 0;
	return QIP_OK;
}

static void filter_form(struct tui_app *a, struct tui_actions *s)
{
	for (int i = 0; i < QIP_FLAG_COUNT; i++)
		flag_words[i] = (struct qip_word){ qip_flag_name(i), qip_flag_text(i) };
	struct tui_field fields[FF_COUNT] = {
		[FF_OVERDUE] = { .label = "Overdue only", .kind = FK_YES_NO, .vocab = &yes_no },
		[FF_UNOWNED] = { .label = "Unowned only", .kind = FK_YES_NO, .vocab = &yes_no },
		[FF_ATTENTION] = { .label = "Needs attention", .kind = FK_YES_NO, .vocab = &yes_no,
				   .hint = "overdue, unowned or review overdue" },
		[FF_FLAG] = { .label = "With flag", .kind = FK_CHOICE, .vocab = &flag_choice },
		[FF_OWNER] = { .label = "Owner", .kind = FK_PERSON, .hint = "a name or login, leavers too" },
		[FF_SERVICE] = { .label = "Service", .kind = FK_SERVICE },
		[FF_STATUS] = { .label = "Status", .kind = FK_CHOICE, .vocab = &status_choice },
		[FF_KEY_QUESTION] = { .label = "Key question", .kind = FK_CHOICE, .vocab = &qip_vocab_key_question },
		[FF_STATEMENT] = { .label = "Quality statement", .kind = FK_STATEMENTS, .hint = "one, by its CQC name" },
		[FF_AREA] = { .label = "Quality area", .kind = FK_AREA, .in_use = true, .hint = "one in use" },
		[FF_WORDS] = { .label = "Words", .hint = "only actions whose text or evidence has these words" },
	};
	tui_edit_set(&fields[FF_OVERDUE].ed, s->filter.flags & QIP_FLAG_OVERDUE ? "yes" : "no");
	tui_edit_set(&fields[FF_UNOWNED].ed, s->filter.flags & QIP_FLAG_UNOWNED ? "yes" : "no");
	tui_edit_set(&fields[FF_ATTENTION].ed, s->filter.any_flags == QIP_FLAGS_ATTENTION ? "yes" : "no");
	tui_edit_set(&fields[FF_KEY_QUESTION].ed, s->filter.key_question >= 0
		     ? qip_vocab_name(&qip_vocab_key_question, s->filter.key_question) : "");
	tui_edit_set(&fields[FF_STATEMENT].ed, s->statement);
	unsigned other = s->filter.flags & ~(unsigned)(QIP_FLAG_OVERDUE | QIP_FLAG_UNOWNED);
	for (int i = 0; i < QIP_FLAG_COUNT; i++)
		if (other & (1u << i)) {
			tui_edit_set(&fields[FF_FLAG].ed, qip_flag_name(i));
			break;
		}
	tui_edit_set(&fields[FF_OWNER].ed, s->filter.owner_id && s->owner_name ? s->owner_name : "");
	tui_edit_set(&fields[FF_SERVICE].ed, s->service_name);
	tui_edit_set(&fields[FF_STATUS].ed, s->filter.status == -2 ? "not-closed" : s->filter.status == -1 ? "any"
		     : qip_vocab_name(&qip_vocab_status, s->filter.status));
	tui_edit_set(&fields[FF_AREA].ed, s->area);
	tui_edit_set(&fields[FF_WORDS].ed, s->words);
	struct tui_form f = { .title = " Filter the action list", .fields = fields, .n = FF_COUNT,
			      .check = filter_check, .save = filter_apply, .arg = s, .writes_nothing = true,
			      .save_word = "apply" };
	tui_form_info(&f, "Every condition given must hold. Empty means any.");
	if (tui_form_run(a, &f))
		tui_say(a, "Filter applied");
	tui_form_free(&f);
}

void tui_actions_filter_owner(struct tui_app *a, struct tui_actions *s, int64_t id, const char *name)
{
	ensure_init(s);
	s->from_people = true;
	free(s->owner_name);
	s->owner_name = qip_strdup(name);
	s->filter.owner_id = id;
	s->filter_changed = true;
	s->sel = s->top = 0;
	a->focus = PANE_ACTIONS;
}

/* ---- search ----------------------------------------------------------------- */

/* The next match in the list's order from the selected row: by key, the
 * first match after it. *index gets the match's place, -1 when none from
 * there. */
static int find_match(struct tui_app *a, struct tui_actions *s, bool from_start, bool backwards, bool again,
		      int64_t *index)
{
	*index = -1;
	int i = s->sel - s->top;
	const struct qip_action_key *from = NULL;
	if (!from_start && i >= 0 && i < s->nrows)
		from = &s->rows[i].key;
	struct qip_action_key at;
	bool found;
	int rc = qip_action_next_match(a->db, &s->filter, s->search, from, from ? !again : true, backwards, &at,
				       &found);
	if (rc == QIP_OK && found)
		rc = qip_action_rank(a->db, &s->filter, &at, index);
	if (rc == QIP_OK && found) {
		s->anchored = true;
		s->anchor = at;
		s->anchor_index = *index;
	}
	return rc;
}

static void search(struct tui_app *a, struct tui_actions *s, bool backwards, bool again)
{
	if (!s->search || !*s->search) {
		tui_error(a, "No search yet: / searches");
		return;
	}
	int64_t at = -1;
	int rc = find_match(a, s, false, backwards, again, &at);
	bool wrapped = false;
	if (rc == QIP_OK && at < 0) {
		/* Wrap round, as less and vi do, and say so. */
		rc = find_match(a, s, true, backwards, again, &at);
		wrapped = true;
	}
	if (rc != QIP_OK) {
		tui_error(a, "Search failed: %s", qip_db_error(a->db));
		return;
	}
	if (at < 0) {
		tui_error(a, "No action in this list matches \"%s\"", s->search);
		return;
	}
	s->sel = (int)at;
	if (wrapped)
		tui_say(a, "/%s: went round to the %s", s->search, backwards ? "end" : "top");
	else
		tui_say(a, "/%s", s->search);
}

/* ---- commands --------------------------------------------------------------- */

enum tui_nav tui_actions_cmd(struct tui_app *a, struct tui_actions *s, enum tui_cmd cmd)
{
	char ref[QIP_REF_LEN];
	int page = s->loaded_rows > 1 ? s->loaded_rows - 1 : 1;
	if (tui_list_move(cmd, &s->sel, s->count, page))
		return NAV_STAY;
	tui_actions_selected(s, ref);
	switch (cmd) {
	case CMD_OPEN:
		if (!ref[0]) {
			tui_error(a, "No action selected");
			return NAV_STAY;
		}
		return tui_detail_run(a, ref);
	case CMD_FILTER:
		filter_form(a, s);
		return NAV_STAY;
	case CMD_INCOMPLETE:
		return tui_incomplete_run(a);
	case CMD_CLEAR_FILTER: {
		int sort = s->filter.sort;
		bool desc = s->filter.descending;
		qip_action_filter_init(&s->filter);
		s->filter.sort = sort;
		s->filter.descending = desc;
		free(s->owner_name);
		free(s->service_name);
		free(s->area);
		free(s->words);
		free(s->statement);
		s->owner_name = s->service_name = s->area = s->words = s->statement = NULL;
		s->filter_changed = true;
		s->from_people = false;   /* no longer one person's list: q quits again */
		tui_say(a, "Filter cleared: every open action");
		return NAV_STAY;
	}
	case CMD_SORT: {
		int i = tui_choose(a, "Sort the actions by", sort_choices, SORT_COUNT, s->filter.sort);
		if (i < 0 || i == s->filter.sort)
			return NAV_STAY;
		s->filter.sort = i;
		s->filter_changed = true;
		s->sel = s->top = 0;
		tui_say(a, "Sorted by %s", sort_names[s->filter.sort]);
		return NAV_STAY;
	}
	case CMD_REVERSE:
		s->filter.descending = !s->filter.descending;
		s->filter_changed = true;
		s->sel = s->top = 0;
		return NAV_STAY;
	case CMD_SEARCH: {
		/* A new search starts empty (typing never appends to the last
		 * one); Enter alone searches for the last words again. */
		char title[200];
		if (s->search)
			snprintf(title, sizeof title, "Search (Enter alone: '%.40s' again)", s->search);
		else
			snprintf(title, sizeof title, "Search (titles, baselines, outcomes, evidence notes)");
		char *w = tui_prompt(a, title, NULL);
		if (!w)
			return NAV_STAY;
		if (*w) {
			free(s->search);
			s->search = w;
		} else
			free(w);
		if (s->search)
			search(a, s, false, false);
		return NAV_STAY;
	}
	case CMD_SEARCH_NEXT:
		search(a, s, false, true);
		return NAV_STAY;
	case CMD_SEARCH_PREV:
		search(a, s, true, true);
		return NAV_STAY;
	default:
		if (cmd != CMD_ADD && !ref[0]) {
			tui_error(a, "No action selected");
			return NAV_STAY;
		}
		tui_do_action_cmd(a, cmd, ref);
		return NAV_STAY;
	}
}
