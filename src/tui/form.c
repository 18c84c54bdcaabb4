/* Generic keyboard forms. */
#include "form.h"

#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <wctype.h>

#include "draw.h"
#include "prompt.h"
#include "qip/framework.h"
#include "qip/text.h"

/* ---- forms -------------------------------------------------------------- */

void tui_form_info(struct tui_form *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = qip_strdup("");
	va_end(ap);
	f->info = qip_xrealloc(f->info, (size_t)(f->ninfo + 1) * sizeof *f->info);
	f->info[f->ninfo++] = s;
}

void tui_form_free(struct tui_form *f)
{
	for (int i = 0; i < f->ninfo; i++)
		free(f->info[i]);
	free(f->info);
	f->info = NULL;
	f->ninfo = 0;
	for (int i = 0; i < f->n; i++) {
		tui_edit_free(&f->fields[i].ed);
		free(f->fields[i].note);
		f->fields[i].note = NULL;
	}
}

/* The core's messages speak to the command line: they may start with the
 * option at fault ("--due: ...") and end in a pointer ("see: qip person
 * list"); in a form the field is marked and the list is a key away.
 * Malloc'd. */
char *tui_form_words(const char *msg)
{
	static const char *const cli[] = { "see: qip framework list", "see: qip person list",
					   "see: qip service list" };
	msg = msg ? msg : "";
	if (msg[0] == '-' && msg[1] == '-') {
		const char *colon = strstr(msg, ": ");
		if (colon && !memchr(msg, ' ', (size_t)(colon - msg)))
			msg = colon + 2;
	}
	char *out = qip_strdup(msg);
	for (size_t i = 0; i < sizeof cli / sizeof cli[0]; i++) {
		char *at;
		while ((at = strstr(out, cli[i]))) {
			char *next = qip_printf("%.*sF4 lists them%s", (int)(at - out), out, at + strlen(cli[i]));
			free(out);
			out = next;
		}
	}
	return out;
}

const char *tui_form_text(const struct tui_form *f, int i)
{
	return f->fields[i].ed.text ? f->fields[i].ed.text : "";
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ')
			return false;
	return true;
}

/* The names of the statements a field names, for the line under it:
 * "Medicines optimisation; Safeguarding". Ids that are no statement are
 * left to the field's error. */
static void statement_note(struct tui_app *a, struct tui_field *fld)
{
	free(fld->note);
	fld->note = NULL;
	char *copy = qip_strdup(fld->ed.text), *save = NULL;
	for (char *tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		char *id = qip_text_slug(tok);
		char *title = qip_framework_statement_title(a->db, id);
		if (*id && strcmp(title, id)) {
			char *next = qip_printf("%s%s%s", fld->note ? fld->note : "", fld->note ? "; " : "", title);
			free(fld->note);
			fld->note = next;
		}
		free(title);
		free(id);
	}
	free(copy);
}

/* An area a filter can match: one in use. */
static int area_in_use(struct tui_app *a, const char *text, char *msg, size_t n)
{
	char *slug = qip_text_slug(text);
	int count = 0;
	char **areas = tui_areas_in_use(a, &count);
	bool found = false;
	int starts = -1;   /* the one area text starts, -2 when several */
	for (int i = 0; i < count; i++) {
		found |= !strcmp(areas[i], slug);
		if (*slug && !strncmp(areas[i], slug, strlen(slug)))
			starts = starts == -1 ? i : -2;
	}
	if (!found && starts >= 0)
		snprintf(msg, n, "no action has area '%s' (leaving the field completes it: %s)", text, areas[starts]);
	else if (!found)
		snprintf(msg, n, "no action has area '%s' (F4 lists them)", text);
	for (int i = 0; i < count; i++)
		free(areas[i]);
	free(areas);
	free(slug);
	return found ? QIP_OK : QIP_ENOTFOUND;
}

static void check_field(struct tui_app *a, struct tui_form *f, int i)
{
	struct tui_field *fld = &f->fields[i];
	fld->err[0] = '\0';
	if (!fld->ed.text)
		tui_edit_set(&fld->ed, "");
	if (fld->kind == FK_STATEMENTS)
		statement_note(a, fld);
	if (blank(fld->ed.text)) {
		if (fld->required)
			snprintf(fld->err, sizeof fld->err, "%s is needed", fld->label);
		else if (f->check)
			f->check(a, f, i, fld->err, sizeof fld->err);
		return;
	}
	if (f->check && f->check(a, f, i, fld->err, sizeof fld->err) == QIP_OK)
		fld->err[0] = '\0';
	if (!fld->err[0] && fld->kind == FK_AREA && fld->in_use)
		area_in_use(a, fld->ed.text, fld->err, sizeof fld->err);
}

/* On leaving a choice field, a unique prefix becomes the whole word
 * ("out" -> "outcome"): fewer keys, same validation. So does the start of
 * an area in use, where only those can match ("med" -> "medicines"). */
static void complete_area(struct tui_app *a, struct tui_field *fld)
{
	char *slug = qip_text_slug(fld->ed.text);
	size_t n = strlen(slug);
	int count = 0, hit = -1;
	char **areas = tui_areas_in_use(a, &count);
	for (int i = 0; i < count && n; i++) {
		if (!strcmp(areas[i], slug)) {
			hit = -1;
			break;
		}
		if (!strncmp(areas[i], slug, n))
			hit = hit == -1 ? i : -2;
	}
	if (hit >= 0)
		tui_edit_set(&fld->ed, areas[hit]);
	for (int i = 0; i < count; i++)
		free(areas[i]);
	free(areas);
	free(slug);
}

static void complete(struct tui_app *a, struct tui_field *fld)
{
	if (fld->kind == FK_AREA && fld->in_use && fld->ed.text && *fld->ed.text) {
		complete_area(a, fld);
		return;
	}
	if (fld->kind != FK_CHOICE || !fld->vocab || !fld->ed.text || !*fld->ed.text ||
	    qip_vocab_find(fld->vocab, fld->ed.text) >= 0)
		return;
	size_t n = strlen(fld->ed.text);
	int hit = -1;
	for (int i = 0; i < fld->vocab->count; i++)
		if (!strncasecmp(fld->vocab->words[i].name, fld->ed.text, n)) {
			if (hit >= 0)
				return;
			hit = i;
		}
	if (hit >= 0)
		tui_edit_set(&fld->ed, fld->vocab->words[hit].name);
}

/* The "correct the fields marked !" note goes once none is marked. */
static void settle_msg(struct tui_form *f)
{
	if (!f->msg_fields)
		return;
	for (int i = 0; i < f->n; i++)
		if (f->fields[i].touched && f->fields[i].err[0])
			return;
	f->msg[0] = '\0';
	f->msg_fields = false;
}

static void leave_field(struct tui_app *a, struct tui_form *f)
{
	struct tui_field *fld = &f->fields[f->focus];
	char *before = qip_strdup(fld->ed.text);
	complete(a, fld);
	if (f->changed && strcmp(before, fld->ed.text))
		f->changed(a, f, f->focus);
	free(before);
	fld->touched = true;
	check_field(a, f, f->focus);
	settle_msg(f);
}

/* Rows are laid out in a virtual column and scrolled so the focused field
 * and the line under it show. One walk does both measuring and drawing. */
struct walk {
	struct tui_app *a;
	struct tui_form *f;
	bool draw;
	int v;                  /* virtual row */
	int top, h, y0, x0, w;
	int focus_first, focus_last;
};

static bool visible(struct walk *k)
{
	return k->draw && k->v >= k->top && k->v < k->top + k->h;
}

static int row_y(struct walk *k)
{
	return k->y0 + k->v - k->top;
}

/* Wrapped text sits at x0 + 2 and keeps a column free at the right: the
 * width it is wrapped to and the width it is drawn in must be the same,
 * or the end of every long line is cut off. */
static int wrap_width(const struct walk *k)
{
	return k->w - 3 > 10 ? k->w - 3 : 10;
}

static void wrap_line(void *arg, const char *s, int len)
{
	struct walk *k = arg;
	if (visible(k)) {
		char *piece = qip_xmalloc((size_t)len + 1);
		memcpy(piece, s, (size_t)len);
		piece[len] = '\0';
		draw_text(row_y(k), k->x0 + 2, wrap_width(k), piece, A_NORMAL);
		free(piece);
	}
	k->v++;
}

static void wrap_text(struct walk *k, const char *text, int indent)
{
	char *esc = qip_text_escape(text);
	struct walk sub = *k;
	sub.x0 += indent;
	sub.w -= indent;
	draw_wrap(esc, wrap_width(&sub), wrap_line, &sub);
	k->v = sub.v;
	free(esc);
}

static int label_width(const struct tui_form *f)
{
	int w = 0;
	for (int i = 0; i < f->n; i++) {
		int lw = qip_text_width(f->fields[i].label) + (f->fields[i].required ? 2 : 0);
		if (lw > w)
			w = lw;
	}
	return w > 22 ? 22 : w;
}

static void walk_form(struct walk *k)
{
	struct tui_form *f = k->f;
	int lw = label_width(f);
	int vx = k->x0 + 2 + lw + 2;
	int vw = k->x0 + k->w - vx - 1;
	/* Why the last save failed comes first, where it cannot be missed. */
	if (f->msg[0]) {
		int first = k->v;
		struct walk sub = *k;
		/* The core lists reasons one per line ("cannot close yet:\n - ..."). */
		char *copy = tui_form_words(f->msg), *save = NULL;
		for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char *esc = qip_text_escape(line);
			draw_wrap(esc, wrap_width(&sub), wrap_line, &sub);
			free(esc);
		}
		free(copy);
		for (int v = first; k->draw && v < sub.v; v++)
			if (v >= k->top && v < k->top + k->h)
				draw_restyle(k->y0 + v - k->top, k->x0 + 2, wrap_width(k), draw_style(ST_ERROR));
		k->v = sub.v + 1;
	}
	for (int i = 0; i < f->ninfo; i++)
		wrap_text(k, f->info[i], 0);
	if (f->ninfo)
		k->v++;
	for (int i = 0; i < f->n; i++) {
		struct tui_field *fld = &f->fields[i];
		bool focus = i == f->focus;
		if (focus)
			k->focus_first = k->v;
		if (visible(k)) {
			char label[128];
			snprintf(label, sizeof label, "%s%s", fld->label, fld->required ? " *" : "");
			int y = row_y(k);
			bool bad = fld->touched && fld->err[0];
			draw_text(y, k->x0, 2, bad ? "! " : "", draw_style(ST_ERROR));
			draw_text(y, k->x0 + 2, lw, label, draw_style(ST_LABEL));
			if (focus)
				tui_edit_draw(k->a, &fld->ed, y, vx, vw, draw_style(ST_FIELD_FOCUS));
			else
				draw_text(y, vx, vw, fld->ed.text ? fld->ed.text : "", draw_style(ST_FIELD));
		}
		k->v++;
		/* The statements named, as people know them. */
		if (fld->note) {
			struct walk sub = *k;
			sub.x0 = vx - 2;
			sub.w = k->x0 + k->w - sub.x0;
			char *esc = qip_text_escape(fld->note);
			draw_wrap(esc, wrap_width(&sub), wrap_line, &sub);
			free(esc);
			k->v = sub.v;
		}
		/* The error sits right under the field it belongs to. */
		if (fld->touched && fld->err[0]) {
			char *words = tui_form_words(fld->err);
			char *msg = qip_printf("^ %s", words);
			free(words);
			struct walk sub = *k;
			sub.x0 = vx - 2;
			sub.w = k->x0 + k->w - sub.x0;
			char *esc = qip_text_escape(msg);
			draw_wrap(esc, wrap_width(&sub), wrap_line, &sub);
			free(esc);
			free(msg);
			k->v = sub.v;
		} else if (focus && (fld->hint || fld->kind != FK_TEXT)) {
			const char *hint = fld->hint ? fld->hint : "";
			char *h = NULL;
			if (fld->kind == FK_YES_NO)
				h = *hint ? qip_printf("%s (y, n or Space)", hint) : qip_strdup("y yes, n no, Space switches");
			else if (fld->kind == FK_CHOICE && fld->vocab && !*hint)
				h = qip_printf("%s  (F4: list)", qip_vocab_choices(fld->vocab));
			else if (fld->kind != FK_TEXT)
				h = qip_printf("%s%s(F4: list)", hint, *hint ? "  " : "");
			if (visible(k))
				draw_text(row_y(k), vx, vw, h ? h : hint, A_NORMAL);
			free(h);
			k->v++;
		}
		if (focus)
			k->focus_last = k->v - 1;
	}
}

/* The focused field changed as typed: its error, and what it fills in. */
static void after_typing(struct tui_app *a, struct tui_form *f)
{
	check_field(a, f, f->focus);
	if (f->changed)
		f->changed(a, f, f->focus);
	settle_msg(f);
}

static void form_draw(struct tui_app *a, struct tui_screen *s)
{
	struct tui_form *f = (struct tui_form *)((char *)s - offsetof(struct tui_form, screen));
	/* Characters typed are checked once the keys waiting have been read:
	 * a paste is checked once, not after each of its characters. */
	if (f->typed_unchecked)
		after_typing(a, f);
	f->typed_unchecked = false;
	const struct tui_rect *b = &a->lay.body;
	tui_clear_body(a);
	draw_text(b->y, 0, b->w, f->title, draw_style(ST_TITLE_FOCUS));
	struct walk k = { .a = a, .f = f, .draw = false, .y0 = b->y + 2, .x0 = 0, .w = b->w,
			  .h = b->h - 3 };
	walk_form(&k);
	int total = k.v;
	if (k.focus_first < f->scroll)
		f->scroll = k.focus_first;
	if (k.focus_last >= f->scroll + k.h)
		f->scroll = k.focus_last - k.h + 1;
	if (f->scroll > total - k.h)
		f->scroll = total - k.h;
	if (f->scroll < 0)
		f->scroll = 0;
	k = (struct walk){ .a = a, .f = f, .draw = true, .y0 = b->y + 2, .x0 = 0, .w = b->w,
			   .h = b->h - 3, .top = f->scroll };
	a->cur_set = false;
	walk_form(&k);
	if (f->scroll > 0)
		draw_text_right(b->y + 1, 0, b->w, "more above ", A_NORMAL);
	if (total > f->scroll + k.h)
		draw_text_right(b->y + b->h - 1, 0, b->w, "more below ", A_NORMAL);
}

static void pick(struct tui_app *a, struct tui_form *f)
{
	struct tui_field *fld = &f->fields[f->focus];
	char *v = NULL;
	switch (fld->kind) {
	case FK_CHOICE:
	case FK_YES_NO:
		v = tui_pick_word(a, fld->label, fld->vocab, fld->ed.text);
		break;
	case FK_PERSON:
		v = tui_pick_person(a, fld->label, fld->ed.text, 0);
		break;
	case FK_SERVICE:
		v = tui_pick_service(a, fld->label);
		break;
	case FK_STATEMENTS:
		v = tui_pick_statements(a, fld->label, fld->ed.text);
		break;
	case FK_AREA:
		v = tui_pick_area(a, fld->label, fld->ed.text, !fld->in_use);
		break;
	default:
		tui_say(a, "%s is typed, there is no list to pick from", fld->label);
		return;
	}
	if (v) {
		tui_edit_set(&fld->ed, v);
		fld->touched = true;
		check_field(a, f, f->focus);
		if (f->changed)
			f->changed(a, f, f->focus);
		free(v);
	}
}

static bool save(struct tui_app *a, struct tui_form *f)
{
	int bad = -1;
	for (int i = 0; i < f->n; i++) {
		f->fields[i].touched = true;
		complete(a, &f->fields[i]);
		check_field(a, f, i);
		if (bad < 0 && f->fields[i].err[0])
			bad = i;
	}
	if (bad >= 0) {
		f->focus = bad;
		snprintf(f->msg, sizeof f->msg, "Not saved: correct the fields marked !");
		f->msg_fields = true;
		tui_error(a, "Not saved: correct the fields marked ! (what you typed is kept)");
		return false;
	}
	f->msg_fields = false;
	int rc = tui_write(a, f->save, f);
	if (rc == QIP_OK) {
		f->msg[0] = '\0';
		/* A filter saved changes no data: counts and totals stay. */
		if (!f->writes_nothing)
			tui_changed(a);
		return true;
	}
	if (rc == QIP_EBUSY)
		snprintf(f->msg, sizeof f->msg,
			 "Not saved yet: the database is still busy (someone else is saving). "
			 "Everything you typed is kept: Ctrl-S tries again.");
	else {
		char *words = tui_form_words(qip_db_error(a->db));
		snprintf(f->msg, sizeof f->msg, "Not saved: %s", words);
		free(words);
	}
	f->scroll = 0;
	/* The whole reason heads the form, which a field low in a long form
	 * scrolls out of sight: its first line goes on the message line too. */
	if (rc == QIP_EBUSY)
		tui_error(a, "Not saved: what you typed is kept");
	else
		tui_error(a, "%.*s", (int)strcspn(f->msg, "\n"), f->msg);
	return false;
}

/* A yes/no field is answered, not typed into: y and n replace the
 * answer (typing y after "no" made "noy"), Space switches it. */
static bool answer(struct tui_app *a, struct tui_field *fld, int key)
{
	const char *now = fld->ed.text ? fld->ed.text : "";
	if (key == 'y' || key == 'Y')
		tui_edit_set(&fld->ed, "yes");
	else if (key == 'n' || key == 'N')
		tui_edit_set(&fld->ed, "no");
	else if (key == ' ')
		tui_edit_set(&fld->ed, strcmp(now, "yes") ? "yes" : "no");
	else {
		tui_error(a, "%s: y for yes, n for no, Space switches", fld->label);
		return false;
	}
	fld->touched = true;
	return true;
}

static struct tui_form *form_of(struct tui_screen *s)
{
	return (struct tui_form *)((char *)s - offsetof(struct tui_form, screen));
}

static enum tui_result form_key(struct tui_app *a, struct tui_screen *s, int key)
{
	struct tui_form *f = form_of(s);
	enum tui_cmd cmd = tui_keymap_lookup(C_FORM, key);
	/* Characters typed into the focused field are not checked one by one
	 * (a paste arrives as thousands): before anything else, and before
	 * drawing, they are. */
	if (f->typed_unchecked && cmd != CMD_NONE) {
		after_typing(a, f);
		f->typed_unchecked = false;
	}
	if (cmd == CMD_CANCEL) {
		bool typed = false;
		for (int i = 0; i < f->n && !typed; i++)
			typed = strcmp(f->start[i], tui_form_text(f, i)) != 0;
		if (!typed)
			return TUI_DONE;
		if (tui_confirm(a, "Discard what you typed? (y/n)")) {
			tui_say(a, "Cancelled: nothing saved");
			return TUI_DONE;
		}
		return TUI_STAY;
	}
	if (cmd == CMD_NEXT_FIELD) {
		leave_field(a, f);
		if (key == TUI_ENTER && f->focus == f->n - 1) {
			if ((f->saved = save(a, f)))
				return TUI_DONE;
		} else if (f->focus < f->n - 1)
			f->focus++;
	} else if (cmd == CMD_PREV_FIELD) {
		leave_field(a, f);
		if (f->focus > 0)
			f->focus--;
	} else if (cmd == CMD_SAVE) {
		leave_field(a, f);
		if ((f->saved = save(a, f)))
			return TUI_DONE;
	} else if (cmd == CMD_PICK) {
		pick(a, f);
	} else if (f->fields[f->focus].kind == FK_YES_NO && cmd == CMD_NONE) {
		if (answer(a, &f->fields[f->focus], key))
			after_typing(a, f);
	} else if (tui_edit_key(&f->fields[f->focus].ed, C_FORM, key)) {
		f->fields[f->focus].touched = true;
		if (cmd == CMD_NONE)
			f->typed_unchecked = true;
		else
			after_typing(a, f);
	}
	return TUI_STAY;
}

static const struct tui_screen_ops form_ops = {
	.name = "form", .draw = form_draw, .key = form_key, .modal = true, .draw_after_paste = true,
};

bool tui_form_run(struct tui_app *a, struct tui_form *f)
{
	f->screen = (struct tui_screen){ .ops = &form_ops, .ctx = C_FORM, .save_word = f->save_word };
	for (int i = 0; i < f->n; i++) {
		if (!f->fields[i].ed.text)
			tui_edit_set(&f->fields[i].ed, "");
		check_field(a, f, i);
	}
	/* What each field started with: Esc asks before throwing away
	 * anything typed since. */
	f->start = qip_xcalloc((size_t)f->n + 1, sizeof *f->start);
	for (int i = 0; i < f->n; i++)
		f->start[i] = qip_strdup(f->fields[i].ed.text);
	f->saved = false;
	f->typed_unchecked = false;
	tui_run(a, &f->screen);
	for (int i = 0; i < f->n; i++)
		free(f->start[i]);
	free(f->start);
	f->start = NULL;
	return f->saved;
}
