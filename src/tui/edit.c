/* The one-line editor that forms, pickers and prompts share. */
#include "edit.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "draw.h"
#include "qip/text.h"

/* Longer than any field the core accepts (notes are 4000 characters), so
 * the core's own message explains the limit rather than the editor. */
#define EDIT_MAX 8000

void tui_edit_set(struct tui_edit *e, const char *text)
{
	free(e->text);
	e->text = qip_strdup(text ? text : "");
	e->cur = strlen(e->text);
}

void tui_edit_free(struct tui_edit *e)
{
	free(e->text);
	e->text = NULL;
	e->cur = 0;
}

static size_t prev_char(const char *s, size_t at)
{
	if (at == 0)
		return 0;
	at--;
	while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80)
		at--;
	return at;
}

static size_t next_char(const char *s, size_t at)
{
	if (!s[at])
		return at;
	at++;
	while (s[at] && ((unsigned char)s[at] & 0xC0) == 0x80)
		at++;
	return at;
}

static bool printable_key(int key)
{
	return key >= ' ' && key != 127 && key < 0x110000 && !(key >= 0x80 && key < 0xA0) &&
	       iswprint((wint_t)key);
}

bool tui_edit_key(struct tui_edit *e, unsigned ctx, int key)
{
	if (!e->text)
		tui_edit_set(e, "");
	size_t len = strlen(e->text);
	switch (tui_keymap_lookup(ctx, key)) {
	case CMD_LEFT:
		e->cur = prev_char(e->text, e->cur);
		return true;
	case CMD_RIGHT:
		e->cur = next_char(e->text, e->cur);
		return true;
	case CMD_LINE_START:
		e->cur = 0;
		return true;
	case CMD_LINE_END:
		e->cur = len;
		return true;
	case CMD_BACKSPACE: {
		size_t p = prev_char(e->text, e->cur);
		memmove(e->text + p, e->text + e->cur, len - e->cur + 1);
		e->cur = p;
		return true;
	}
	case CMD_DELETE: {
		size_t n = next_char(e->text, e->cur);
		memmove(e->text + e->cur, e->text + n, len - n + 1);
		return true;
	}
	case CMD_CLEAR_FIELD:
		e->text[0] = '\0';
		e->cur = 0;
		return true;
	default:
		break;
	}
	if (!printable_key(key))
		return false;
	char mb[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t m = wcrtomb(mb, (wchar_t)key, &st);
	if (m == (size_t)-1 || len + m > EDIT_MAX)
		return true;   /* swallowed: not representable, or far too long */
	e->text = qip_xrealloc(e->text, len + m + 1);
	memmove(e->text + e->cur + m, e->text + e->cur, len - e->cur + 1);
	memcpy(e->text + e->cur, mb, m);
	e->cur += m;
	return true;
}

/* Display width of s[from, to) as it will be drawn (escaped). */
static int span_width(const char *s, size_t from, size_t to)
{
	char *part = qip_xmalloc(to - from + 1);
	memcpy(part, s + from, to - from);
	part[to - from] = '\0';
	char *esc = qip_text_escape(part);
	int w = qip_text_width(esc);
	free(esc);
	free(part);
	return w;
}

void tui_edit_draw(struct tui_app *a, const struct tui_edit *e, int y, int x, int w, attr_t attr)
{
	const char *t = e->text ? e->text : "";
	if (w < 2) {
		draw_text(y, x, w, t, attr);
		tui_cursor(a, y, x);
		return;
	}
	/* Scroll right just enough that the cursor has a cell to sit in: walk
	 * back from the cursor while the characters still fit. This costs the
	 * width of the field, not the length of the text (measuring from each
	 * possible start made a pasted page take minutes). */
	size_t start = e->cur;
	int before = 0;   /* columns from start to the cursor */
	while (start > 0) {
		size_t p = prev_char(t, start);
		int cw = span_width(t, p, start);
		if (before + cw > w - 1)
			break;
		before += cw;
		start = p;
	}
	/* Only what can show is drawn: up to the first character past the
	 * right edge, which tells the drawing to end in an ellipsis. */
	size_t end = start;
	for (int cols = 0; t[end] && cols <= w;) {
		size_t n = next_char(t, end);
		cols += span_width(t, end, n);
		end = n;
	}
	char *shown = qip_xmalloc(end - start + 1);
	memcpy(shown, t + start, end - start);
	shown[end - start] = '\0';
	draw_text(y, x, w, shown, attr);
	free(shown);
	tui_cursor(a, y, x + before);
}

