/* Pickers (type to narrow, arrows to choose), one-line prompts and y/n
 * questions, each drawn in a box over whatever screen asked. */
#include "prompt.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "draw.h"
#include "edit.h"
#include "qip/action.h"
#include "qip/framework.h"
#include "qip/person.h"
#include "qip/service.h"
#include "qip/text.h"
#include "view.h"

struct item {
	char *label;
	char *value;
	int64_t id;
};

struct picker {
	struct tui_screen screen;          /* first: the loop's view of it */
	const char *title;
	struct tui_edit q;                 /* what has been typed to narrow */
	int sel, top, rows;
	int64_t count;
	struct item *items;                /* the visible window */
	int nitems;
	bool stale;
	/* The source: fixed labels filtered in memory, or people queried. */
	const char *const *labels;
	int nlabels;
	int *match;                        /* indexes of labels that match */
	bool people;
	bool *marked;                      /* several can be chosen: marks by label */
	int nmarked;
	int chosen;                        /* the chosen row's index in the window, or -1 */
};

static void clear_items(struct picker *p)
{
	for (int i = 0; i < p->nitems; i++) {
		free(p->items[i].label);
		free(p->items[i].value);
	}
	free(p->items);
	p->items = NULL;
	p->nitems = 0;
}

/* A label matches when any word of it starts with what was typed,
 * ignoring case and accents ("zoe" finds "Zoë"), as the core matches
 * people's names. */
static bool label_matches(const char *label, const char *q)
{
	if (!*q)
		return true;
	char *fl = qip_text_fold(label), *fq = qip_text_fold(q);
	size_t n = strlen(fq);
	bool hit = false;
	for (const char *s = fl; *s && !hit; s++)
		if ((s == fl || s[-1] == ' ' || s[-1] == '-' || s[-1] == '(') && !strncmp(s, fq, n))
			hit = true;
	free(fl);
	free(fq);
	return hit;
}

static int add_person(void *arg, const struct qip_person *pp)
{
	struct picker *p = arg;
	p->items = qip_xrealloc(p->items, (size_t)(p->nitems + 1) * sizeof *p->items);
	char *role = tui_words(pp->role);
	char *label = *pp->service ? qip_printf("%s - %s, %s", pp->name, role, pp->service)
				   : qip_printf("%s - %s", pp->name, role);
	free(role);
	/* Keep the login too: when two people share a name, the name alone
	 * would be ambiguous to the core. */
	char *value = *pp->login ? qip_printf("%s\n%s", pp->name, pp->login) : qip_strdup(pp->name);
	p->items[p->nitems++] = (struct item){ .label = label, .value = value, .id = pp->id };
	return 0;
}

static void load(struct tui_app *a, struct picker *p)
{
	const char *q = p->q.text ? p->q.text : "";
	if (p->stale) {
		if (p->people) {
			if (qip_person_count(a->db, QIP_PEOPLE_ACTIVE, q, &p->count) != QIP_OK)
				p->count = 0;
		} else {
			free(p->match);
			p->match = qip_xcalloc((size_t)p->nlabels + 1, sizeof *p->match);
			p->count = 0;
			for (int i = 0; i < p->nlabels; i++)
				if (label_matches(p->labels[i], q))
					p->match[p->count++] = i;
		}
		if (p->sel >= p->count)
			p->sel = p->count > 0 ? (int)p->count - 1 : 0;
	}
	p->top = tui_scroll_top(p->top, p->sel, p->rows, (int)p->count);
	clear_items(p);
	if (p->people) {
		qip_person_list(a->db, QIP_PEOPLE_ACTIVE, q, p->rows, p->top, add_person, p);
	} else {
		for (int i = p->top; i < p->count && i < p->top + p->rows; i++) {
			p->items = qip_xrealloc(p->items, (size_t)(p->nitems + 1) * sizeof *p->items);
			p->items[p->nitems++] = (struct item){ .label = qip_strdup(p->labels[p->match[i]]),
							       .id = p->match[i] };
		}
	}
	p->stale = false;
}

static void picker_draw(struct tui_app *a, struct tui_screen *s)
{
	struct picker *p = (struct picker *)s;
	const struct tui_rect *b = &a->lay.body;
	int w = b->w - 4 < 64 ? b->w - 4 : 64;
	int h = b->h;
	if (h > 18)
		h = 18;
	p->rows = h - 4 > 1 ? h - 4 : 1;
	load(a, p);
	struct tui_rect in = tui_box(a, h, w, p->title);
	int x = draw_text_part(in.y, in.x, in.w, "Type to narrow: ", A_BOLD);
	tui_edit_draw(a, &p->q, in.y, in.x + x, in.w - x, draw_style(ST_FIELD));
	if (p->marked) {
		char *m = p->nmarked ? qip_printf("%d marked: Enter takes them, Space marks or unmarks", p->nmarked)
				     : qip_strdup("Space marks several; Enter takes the marked (or this one)");
		draw_text(in.y + 1, in.x, in.w, m, A_NORMAL);
		free(m);
	}
	for (int i = 0; i < p->nitems && i + 2 < in.h + 1; i++) {
		int y = in.y + 2 + i;
		bool on = p->top + i == p->sel;
		/* A marker as well as reverse video: it shows in monochrome too. */
		char *label = p->marked ? qip_printf("%s [%s] %s", on ? ">" : " ",
						     p->marked[p->items[i].id] ? "x" : " ", p->items[i].label)
					: qip_printf("%s %s", on ? ">" : " ", p->items[i].label);
		draw_text(y, in.x, in.w, label, on ? draw_style(ST_SELECTED) : A_NORMAL);
		free(label);
		if (on)
			tui_cursor(a, y, in.x);
	}
	if (p->count == 0) {
		const char *q = p->q.text ? p->q.text : "";
		char *none = p->people ? (*q ? qip_printf("No active person matches '%s'", q)
					     : qip_strdup("No active person"))
				       : qip_printf("Nothing matches '%s'", q);
		draw_text(in.y + 2, in.x, in.w, none, A_NORMAL);
		free(none);
	}
}

static enum tui_result picker_key(struct tui_app *a, struct tui_screen *s, int key)
{
	struct picker *p = (struct picker *)s;
	enum tui_cmd cmd = tui_keymap_lookup(C_PICKER, key);
	if (cmd == CMD_CANCEL)
		return TUI_DONE;
	if (cmd == CMD_MARK && p->marked) {
		if (p->count > 0 && p->sel - p->top >= 0 && p->sel - p->top < p->nitems) {
			bool *m = &p->marked[p->items[p->sel - p->top].id];
			*m = !*m;
			p->nmarked += *m ? 1 : -1;
		}
		return TUI_STAY;
	}
	if (cmd == CMD_CHOOSE) {
		if (p->marked && p->nmarked > 0) {
			p->chosen = 0;
			return TUI_DONE;
		}
		if (p->count > 0 && p->sel - p->top >= 0 && p->sel - p->top < p->nitems) {
			p->chosen = p->sel - p->top;
			return TUI_DONE;
		}
		tui_error(a, "Nothing to choose: change what you typed (Bksp)");
		return TUI_STAY;
	}
	if (tui_list_move(cmd, &p->sel, p->count, p->rows))
		return TUI_STAY;
	if (tui_edit_key(&p->q, C_PICKER, key)) {
		p->q.cur = strlen(p->q.text);
		p->sel = 0;
		p->stale = true;
	}
	return TUI_STAY;
}

/* People may have been added or have left meanwhile. */
static void picker_reload(struct tui_app *a, struct tui_screen *s)
{
	(void)a;
	((struct picker *)s)->stale = true;
}

static const struct tui_screen_ops picker_ops = {
	.name = "picker", .draw = picker_draw, .key = picker_key, .reload = picker_reload, .modal = true,
};

/* Runs the picker; returns the chosen row's index in the window, or -1. */
static int run_picker(struct tui_app *a, struct picker *p)
{
	p->screen = (struct tui_screen){ .ops = &picker_ops, .ctx = C_PICKER };
	if (p->marked)
		p->screen.hints = "Space mark  Enter done  Esc cancel  F1 help";
	p->stale = true;
	p->chosen = -1;
	if (!p->q.text)
		tui_edit_set(&p->q, "");
	tui_run(a, &p->screen);
	return p->chosen;
}

static void free_picker(struct picker *p)
{
	clear_items(p);
	free(p->match);
	free(p->marked);
	tui_edit_free(&p->q);
}

char *tui_pick_person(struct tui_app *a, const char *title, const char *start, int64_t at)
{
	struct picker p = { .title = title, .people = true };
	tui_edit_set(&p.q, start);
	/* Already a valid name: start from the whole list, on that person. */
	int64_t id;
	if (start && *start && qip_person_find_active(a->db, start, &id) == QIP_OK) {
		tui_edit_set(&p.q, "");
		if (!at)
			at = id;
	}
	int64_t pos = -1;
	if (at && !*p.q.text && qip_person_position(a->db, QIP_PEOPLE_ACTIVE, p.q.text, at, &pos) == QIP_OK &&
	    pos >= 0 && pos < INT32_MAX)
		p.sel = p.top = (int)pos;
	int i = run_picker(a, &p);
	char *out = NULL;
	if (i >= 0) {
		/* value is "name" or "name\nlogin": prefer the name, which reads
		 * better in a form, unless another person shares it. */
		char *v = p.items[i].value;
		char *nl = strchr(v, '\n');
		if (nl)
			*nl = '\0';
		if (qip_person_find_active(a->db, v, &id) == QIP_OK && id == p.items[i].id)
			out = qip_strdup(v);
		else
			out = qip_strdup(nl ? nl + 1 : v);
	}
	free_picker(&p);
	return out;
}

int tui_pick(struct tui_app *a, const char *title, const char *const *labels, int n, int sel)
{
	struct picker p = { .title = title, .labels = labels, .nlabels = n, .sel = sel > 0 ? sel : 0 };
	int i = run_picker(a, &p);
	int out = i >= 0 ? (int)p.items[i].id : -1;
	free_picker(&p);
	return out;
}

char *tui_pick_word(struct tui_app *a, const char *title, const struct qip_vocab *v, const char *start)
{
	const char **labels = qip_xcalloc((size_t)v->count + 1, sizeof *labels);
	char **owned = qip_xcalloc((size_t)v->count + 1, sizeof *owned);
	int sel = start ? qip_vocab_find(v, start) : -1;
	for (int i = 0; i < v->count; i++) {
		owned[i] = strcmp(v->words[i].name, v->words[i].label) && strcasecmp(v->words[i].name, v->words[i].label)
			? qip_printf("%s (%s)", v->words[i].name, v->words[i].label)
			: qip_strdup(v->words[i].name);
		labels[i] = owned[i];
	}
	int i = tui_pick(a, title, labels, v->count, sel);
	for (int k = 0; k < v->count; k++)
		free(owned[k]);
	free(owned);
	free(labels);
	return i >= 0 ? qip_strdup(v->words[i].name) : NULL;
}

struct names {
	char **name;
	int n;
};

static int add_service(void *arg, const struct qip_service *s)
{
	struct names *n = arg;
	n->name = qip_xrealloc(n->name, (size_t)(n->n + 1) * sizeof *n->name);
	n->name[n->n++] = qip_strdup(s->name);
	return 0;
}

char *tui_pick_service(struct tui_app *a, const char *title)
{
	/* Services are few (a provider's locations): the whole list is fine. */
	struct names n = { 0 };
	qip_service_list(a->db, add_service, &n);
	if (n.n == 0) {
		tui_say(a, "There are no services yet (qip service add NAME)");
		return NULL;
	}
	int i = tui_pick(a, title, (const char *const *)n.name, n.n, 0);
	char *out = i >= 0 ? qip_strdup(n.name[i]) : NULL;
	for (int k = 0; k < n.n; k++)
		free(n.name[k]);
	free(n.name);
	return out;
}

/* ---- quality statements and areas ---------------------------------------- */

/* The loaded frameworks' statements, once per picker: ids in framework
 * order, each with "Key question: Statement" to read. An id in two
 * versions keeps its first place and the newest version's title (rows
 * come oldest version first). */
struct statements {
	char **id, **label;
	int n;
};

static void statements_free(struct statements *s)
{
	for (int i = 0; i < s->n; i++) {
		free(s->id[i]);
		free(s->label[i]);
	}
	free(s->id);
	free(s->label);
}

static void statements_load(struct tui_app *a, struct statements *s)
{
	memset(s, 0, sizeof *s);
	struct qip_fw_row *rows = NULL;
	int n = 0;
	if (qip_framework_rows(a->db, NULL, NULL, &rows, &n) != QIP_OK)
		return;
	s->id = qip_xcalloc((size_t)n + 1, sizeof *s->id);
	s->label = qip_xcalloc((size_t)n + 1, sizeof *s->label);
	for (int i = 0; i < n; i++) {
		if (strcmp(rows[i].kind, "statement"))
			continue;
		/* The key question's title, from the same framework version. */
		const char *kq = rows[i].parent;
		for (int k = 0; k < n; k++)
			if (!strcmp(rows[k].kind, "key-question") && !strcmp(rows[k].id, rows[i].parent) &&
			    !strcmp(rows[k].key, rows[i].key) && !strcmp(rows[k].version, rows[i].version)) {
				kq = rows[k].title;
				break;
			}
		char *label = kq && *kq ? qip_printf("%s: %s", kq, rows[i].title) : qip_strdup(rows[i].title);
		int j;
		for (j = 0; j < s->n && strcmp(s->id[j], rows[i].id); j++)
			;
		if (j < s->n) {
			free(s->label[j]);
			s->label[j] = label;
		} else {
			s->id[s->n] = qip_strdup(rows[i].id);
			s->label[s->n++] = label;
		}
	}
	qip_fw_rows_free(rows, n);
}

char *tui_pick_statements(struct tui_app *a, const char *title, const char *current)
{
	struct statements st;
	statements_load(a, &st);
	if (st.n == 0) {
		statements_free(&st);
		tui_say(a, "No framework is loaded: there are no quality statements to pick from");
		return NULL;
	}
	struct picker p = { .title = title, .labels = (const char *const *)st.label, .nlabels = st.n };
	p.marked = qip_xcalloc((size_t)st.n, sizeof *p.marked);
	tui_edit_set(&p.q, "");
	/* Mark what the field names already; a word that is no statement id
	 * ("safe") is what to narrow by. */
	char *copy = qip_strdup(current ? current : ""), *save = NULL;
	int first = -1;
	for (char *tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		char *slug = qip_text_slug(tok);
		int j;
		for (j = 0; j < st.n && strcmp(st.id[j], slug); j++)
			;
		if (j < st.n && !p.marked[j]) {
			p.marked[j] = true;
			p.nmarked++;
			if (first < 0)
				first = j;
		} else if (j == st.n && !*p.q.text)
			tui_edit_set(&p.q, tok);
		free(slug);
	}
	free(copy);
	if (first >= 0 && !*p.q.text)
		p.sel = first;
	int i = run_picker(a, &p);
	char *out = NULL;
	if (i >= 0) {
		if (p.nmarked == 0) {
			p.marked[p.items[i].id] = true;
			p.nmarked = 1;
		}
		out = qip_strdup("");
		for (int j = 0; j < st.n; j++)
			if (p.marked[j]) {
				char *next = qip_printf("%s%s%s", out, *out ? ", " : "", st.id[j]);
				free(out);
				out = next;
			}
	}
	free_picker(&p);
	statements_free(&st);
	return out;
}

struct areas {
	char **area, **label;
	int n;
};

static int add_area(void *arg, const char *area, int64_t actions)
{
	struct areas *s = arg;
	s->area = qip_xrealloc(s->area, (size_t)(s->n + 1) * sizeof *s->area);
	s->label = qip_xrealloc(s->label, (size_t)(s->n + 1) * sizeof *s->label);
	s->area[s->n] = qip_strdup(area);
	s->label[s->n++] = qip_printf("%s (%lld action%s)", area, (long long)actions, actions == 1 ? "" : "s");
	return 0;
}

static void areas_free(struct areas *s)
{
	for (int i = 0; i < s->n; i++) {
		free(s->area[i]);
		free(s->label[i]);
	}
	free(s->area);
	free(s->label);
}

char **tui_areas_in_use(struct tui_app *a, int *n)
{
	struct areas s = { 0 };
	qip_action_areas(a->db, -1, add_area, &s);
	for (int i = 0; i < s.n; i++)
		free(s.label[i]);
	free(s.label);
	*n = s.n;
	return s.area;
}

char *tui_pick_area(struct tui_app *a, const char *title, const char *current, bool new_ok)
{
	struct areas s = { 0 };
	qip_action_areas(a->db, -1, add_area, &s);
	if (s.n == 0) {
		areas_free(&s);
		tui_say(a, new_ok ? "No action has a quality area yet: type a new one"
				  : "No action has a quality area yet");
		return NULL;
	}
	int sel = 0;
	char *slug = qip_text_slug(current ? current : "");
	for (int i = 0; i < s.n; i++)
		if (!strcmp(s.area[i], slug))
			sel = i;
	free(slug);
	int i = tui_pick(a, title, (const char *const *)s.label, s.n, sel);
	char *out = i >= 0 ? qip_strdup(s.area[i]) : NULL;
	areas_free(&s);
	return out;
}

/* ---- prompts ------------------------------------------------------------ */

struct prompt {
	struct tui_screen screen;
	const char *title;
	struct tui_edit ed;
	const char *question;
	bool answered;                     /* Enter, or y to the question */
};

static void prompt_draw(struct tui_app *a, struct tui_screen *s)
{
	struct prompt *p = (struct prompt *)s;
	const struct tui_rect *b = &a->lay.body;
	int w = b->w - 4 < 72 ? b->w - 4 : 72;
	struct tui_rect in = tui_box(a, 4, w, p->title);
	if (p->question) {
		draw_text(in.y, in.x, in.w, p->question, A_NORMAL);
		draw_text(in.y + 1, in.x, in.w, "y: yes   n or Esc: no", A_BOLD);
		tui_cursor(a, in.y, in.x);
	} else {
		draw_text(in.y + 1, in.x, in.w, "Enter: done   Esc: cancel", A_NORMAL);
		tui_edit_draw(a, &p->ed, in.y, in.x, in.w, draw_style(ST_FIELD_FOCUS));
	}
}

struct chooser {
	struct tui_screen screen;
	const char *title;
	const struct tui_choice *c;
	int n, current, sel;
	const char *keys;                  /* every choice's key, for the error */
	int chosen;
};

static void chooser_draw(struct tui_app *a, struct tui_screen *s)
{
	struct chooser *ch = (struct chooser *)s;
	int w = 40;
	for (int i = 0; i < ch->n; i++) {
		int lw = qip_text_width(ch->c[i].label) + 20;
		if (lw > w)
			w = lw;
	}
	struct tui_rect in = tui_box(a, ch->n + 2, w, ch->title);
	for (int i = 0; i < ch->n && i < in.h; i++) {
		char key[32];
		tui_key_label(ch->c[i].key, key, sizeof key);
		bool on = i == ch->sel;
		/* Markers as well as reverse video: they show in monochrome. */
		char *line = qip_printf("%s %s  %s%s", on ? ">" : " ", key, ch->c[i].label,
					i == ch->current ? "  (current)" : "");
		draw_text(in.y + i, in.x, in.w, line, on ? draw_style(ST_SELECTED) : A_NORMAL);
		free(line);
		if (on)
			tui_cursor(a, in.y + i, in.x);
	}
}

static enum tui_result chooser_key(struct tui_app *a, struct tui_screen *s, int key)
{
	struct chooser *ch = (struct chooser *)s;
	for (int i = 0; i < ch->n; i++)
		if (ch->c[i].key == key) {
			ch->chosen = i;
			return TUI_DONE;
		}
	enum tui_cmd cmd = tui_keymap_lookup(C_PICKER, key);
	if (cmd == CMD_CANCEL)
		return TUI_DONE;
	if (cmd == CMD_CHOOSE) {
		ch->chosen = ch->sel;
		return TUI_DONE;
	}
	if (!tui_list_move(cmd, &ch->sel, ch->n, ch->n)) {
		char label[32];
		tui_error(a, "%s is not one of the choices: press %sor Esc",
			  tui_key_label(key, label, sizeof label), ch->keys);
	}
	return TUI_STAY;
}

static const struct tui_screen_ops chooser_ops = {
	.name = "choices", .draw = chooser_draw, .key = chooser_key, .modal = true,
};

static enum tui_result prompt_key(struct tui_app *a, struct tui_screen *s, int key)
{
	(void)a;
	struct prompt *p = (struct prompt *)s;
	if (tui_keymap_lookup(C_PICKER, key) == CMD_CANCEL)
		return TUI_DONE;
	if (key == TUI_ENTER) {
		p->answered = true;
		return TUI_DONE;
	}
	tui_edit_key(&p->ed, C_FORM, key);
	return TUI_STAY;
}

static const struct tui_screen_ops prompt_ops = {
	.name = "prompt", .draw = prompt_draw, .key = prompt_key, .modal = true,
};

static enum tui_result confirm_key(struct tui_app *a, struct tui_screen *s, int key)
{
	(void)a;
	struct prompt *p = (struct prompt *)s;
	if (tui_keymap_lookup(C_PICKER, key) == CMD_CANCEL || key == 'n' || key == 'N')
		return TUI_DONE;
	if (key == 'y' || key == 'Y') {
		p->answered = true;
		return TUI_DONE;
	}
	return TUI_STAY;
}

static const struct tui_screen_ops confirm_ops = {
	.name = "confirm", .draw = prompt_draw, .key = confirm_key, .modal = true,
};

int tui_choose(struct tui_app *a, const char *title, const struct tui_choice *c, int n, int current)
{
	struct chooser ch = { .title = title, .c = c, .n = n, .current = current,
			      .sel = current >= 0 && current < n ? current : 0 };
	/* The key line names every choice's key, then Enter and Esc; a key
	 * that is none of them is answered with the keys alone. */
	char hints[512] = "", keys[256] = "";
	size_t o = 0, ko = 0;
	for (int i = 0; i < n; i++) {
		char key[32];
		tui_key_label(c[i].key, key, sizeof key);
		if (o < sizeof hints)
			o += (size_t)snprintf(hints + o, sizeof hints - o, "%s %s  ", key, c[i].label);
		if (ko < sizeof keys)
			ko += (size_t)snprintf(keys + ko, sizeof keys - ko, "%s ", key);
	}
	if (o < sizeof hints)
		snprintf(hints + o, sizeof hints - o, "Enter choose  Esc cancel");
	ch.screen = (struct tui_screen){ .ops = &chooser_ops, .ctx = C_PICKER, .hints = hints };
	ch.keys = keys;
	ch.chosen = -1;
	tui_run(a, &ch.screen);
	return ch.chosen;
}

char *tui_prompt(struct tui_app *a, const char *title, const char *start)
{
	struct prompt p = { .screen = { .ops = &prompt_ops, .ctx = C_PICKER, .hints = "Enter done  Esc cancel" },
			    .title = title };
	tui_edit_set(&p.ed, start);
	tui_run(a, &p.screen);
	char *out = p.answered ? qip_strdup(p.ed.text) : NULL;
	tui_edit_free(&p.ed);
	return out;
}

bool tui_confirm(struct tui_app *a, const char *question)
{
	struct prompt p = { .screen = { .ops = &confirm_ops, .ctx = C_PICKER, .hints = "y yes  n no  Esc no" },
			    .title = "Confirm", .question = question };
	tui_run(a, &p.screen);
	return p.answered;
}
