/* Scrollable documents. */
#include "view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "qip/date.h"
#include "qip/text.h"

void tui_doc_add(struct tui_doc *d, attr_t attr, const char *fmt, ...)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->text = qip_xrealloc(d->text, (size_t)d->cap * sizeof *d->text);
		d->attr = qip_xrealloc(d->attr, (size_t)d->cap * sizeof *d->attr);
	}
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = qip_strdup("");
	va_end(ap);
	d->text[d->n] = s;
	d->attr[d->n] = attr;
	d->n++;
}

struct wrap_ctx {
	struct tui_doc *d;
	attr_t attr;
	int indent;
};

static void wrap_line(void *arg, const char *s, int len)
{
	struct wrap_ctx *w = arg;
	tui_doc_add(w->d, w->attr, "%*s%.*s", w->indent, "", len, s);
}

void tui_doc_wrap(struct tui_doc *d, attr_t attr, int indent, const char *text)
{
	/* A line break in the text (a baseline pasted as paragraphs) starts a
	 * new line; each line is escaped before it is wrapped, so the pieces
	 * are exactly what will be drawn and every other control character
	 * still shows as \t, \r, \e... (drawing escapes again, which leaves
	 * escaped text unchanged). */
	struct wrap_ctx w = { d, attr, indent };
	int width = d->width - indent;
	const char *p = text ? text : "";
	for (;;) {
		size_t len = strcspn(p, "\n");
		char *line = qip_xmalloc(len + 1);
		memcpy(line, p, len);
		line[len] = '\0';
		char *esc = qip_text_escape(line);
		draw_wrap(esc, width > 10 ? width : 10, wrap_line, &w);
		free(esc);
		free(line);
		p += len;
		if (!*p || !p[1])      /* a final line break adds no empty line */
			break;
		p++;
	}
}

void tui_doc_field(struct tui_doc *d, const char *label, const char *value)
{
	const int lw = 20;
	struct tui_doc tmp = { .width = d->width - lw - 2 };
	tui_doc_wrap(&tmp, A_NORMAL, 0, value && *value ? value : "-");
	for (int i = 0; i < tmp.n; i++)
		tui_doc_add(d, A_NORMAL, "  %-*s%s", lw, i == 0 ? label : "", tmp.text[i]);
	tui_doc_clear(&tmp);
}

void tui_doc_clear(struct tui_doc *d)
{
	for (int i = 0; i < d->n; i++)
		free(d->text[i]);
	free(d->text);
	free(d->attr);
	int w = d->width;
	memset(d, 0, sizeof *d);
	d->width = w;
}

struct view_state {
	struct tui_screen screen;
	struct tui_view *v;
	struct tui_doc doc;
	unsigned built_gen;
	int built_width;
	bool built;
	int top;
	int rows;
};

static void view_draw(struct tui_app *a, struct tui_screen *screen)
{
	struct view_state *s = (struct view_state *)screen;
	const struct tui_rect *b = &a->lay.body;
	tui_clear_body(a);
	if (!s->built || s->built_gen != a->gen || s->built_width != b->w) {
		tui_doc_clear(&s->doc);
		s->doc.width = b->w - 1;
		s->v->build(a, s->v, &s->doc);
		s->built = true;
		s->built_gen = a->gen;
		s->built_width = b->w;
	}
	s->rows = b->h - 1;
	int max = s->doc.n - s->rows;
	if (s->top > max)
		s->top = max;
	if (s->top < 0)
		s->top = 0;
	char title[300];
	snprintf(title, sizeof title, " %s", s->v->title);
	draw_text(b->y, 0, b->w, title, draw_style(ST_TITLE_FOCUS));
	if (s->doc.n > s->rows) {
		char pos[64];
		snprintf(pos, sizeof pos, "lines %d-%d of %d ", s->top + 1,
			 s->top + s->rows < s->doc.n ? s->top + s->rows : s->doc.n, s->doc.n);
		int w = qip_text_width(pos);
		draw_text(b->y, b->w - w, w, pos, draw_style(ST_TITLE_FOCUS));
	}
	for (int i = 0; i < s->rows && s->top + i < s->doc.n; i++)
		draw_text(b->y + 1 + i, 0, b->w, s->doc.text[s->top + i], s->doc.attr[s->top + i]);
	/* The cursor follows the top line, so a screen reader reads on. */
	tui_cursor(a, b->y + 1, 0);
}

static enum tui_result view_key(struct tui_app *a, struct tui_screen *screen, int key)
{
	struct view_state *s = (struct view_state *)screen;
	struct tui_view *v = s->v;
	enum tui_cmd cmd = tui_keymap_lookup(v->ctx, key);
	int sel = s->top, page = s->rows > 1 ? s->rows - 1 : 1;
	int64_t last = s->doc.n - s->rows + 1 > 1 ? s->doc.n - s->rows + 1 : 1;
	if (cmd == CMD_END) {
		s->top = (int)last - 1;
		return TUI_STAY;
	}
	if (tui_list_move(cmd, &sel, last, page)) {
		s->top = sel;
		return TUI_STAY;
	}
	if (cmd == CMD_BACK)
		return TUI_DONE;
	if (cmd == CMD_NONE) {
		char label[32];
		tui_error(a, "%s does nothing here; ? lists the keys", tui_key_label(key, label, sizeof label));
		return TUI_STAY;
	}
	if (cmd == CMD_GO_ACTIONS || cmd == CMD_GO_EVIDENCE || cmd == CMD_GO_ESCALATIONS) {
		a->focus = cmd == CMD_GO_ACTIONS ? PANE_ACTIONS : cmd == CMD_GO_EVIDENCE ? PANE_EVIDENCE : PANE_ESCALATIONS;
		screen->nav = NAV_MAIN;
		return TUI_DONE;
	}
	if (cmd == CMD_GO_PEOPLE || cmd == CMD_GO_AUDITS) {
		screen->nav = cmd == CMD_GO_PEOPLE ? NAV_PEOPLE : NAV_AUDITS;
		return TUI_DONE;
	}
	if (cmd == CMD_HELP)   /* ? on the help screen itself */
		return TUI_STAY;
	if (v->cmd && tui_may(a, v->ctx, cmd)) {
		enum tui_nav nav = v->cmd(a, v, cmd);
		if (nav != NAV_STAY) {
			screen->nav = nav;
			return TUI_DONE;
		}
	}
	return TUI_STAY;
}

static const struct tui_screen_ops view_ops = {
	.name = "view", .draw = view_draw, .key = view_key,
};

enum tui_nav tui_view_run(struct tui_app *a, struct tui_view *v)
{
	struct view_state s = { .screen = { .ops = &view_ops, .ctx = v->ctx }, .v = v };
	enum tui_nav nav = tui_run(a, &s.screen);
	tui_doc_clear(&s.doc);
	return nav;
}

char *tui_words(const char *slug)
{
	char *s = qip_strdup(slug ? slug : "");
	for (char *p = s; *p; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
	if (*s >= 'a' && *s <= 'z')
		*s = (char)(*s - 'a' + 'A');
	return s;
}
