/* Text output to curses, with escaping and display-width fitting. */
#include "draw.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "qip/text.h"

static attr_t styles[ST_COUNT];
static bool has_color;

enum { P_RED = 1, P_MAGENTA, P_BAR, P_TITLE, P_HEAD, P_GREEN, P_FIELD };

void draw_init_styles(bool color)
{
	has_color = color && has_colors() && start_color() == OK;
	if (has_color) {
		use_default_colors();
		init_pair(P_RED, COLOR_RED, -1);
		init_pair(P_MAGENTA, COLOR_MAGENTA, -1);
		init_pair(P_BAR, COLOR_WHITE, COLOR_BLUE);
		init_pair(P_TITLE, COLOR_BLACK, COLOR_CYAN);
		init_pair(P_HEAD, COLOR_CYAN, -1);
		init_pair(P_GREEN, COLOR_GREEN, -1);
		init_pair(P_FIELD, COLOR_BLACK, COLOR_WHITE);
		styles[ST_NORMAL] = A_NORMAL;
		styles[ST_MENU] = COLOR_PAIR(P_BAR);
		styles[ST_MENU_ON] = COLOR_PAIR(P_BAR) | A_REVERSE | A_BOLD;
		styles[ST_TITLE] = A_BOLD | A_UNDERLINE;
		styles[ST_TITLE_FOCUS] = COLOR_PAIR(P_TITLE) | A_BOLD;
		styles[ST_HEAD] = COLOR_PAIR(P_HEAD) | A_UNDERLINE;
		styles[ST_SELECTED] = A_REVERSE;
		styles[ST_SELECTED_DIM] = A_UNDERLINE;
		styles[ST_OVERDUE] = COLOR_PAIR(P_RED) | A_BOLD;
		styles[ST_UNOWNED] = COLOR_PAIR(P_MAGENTA) | A_BOLD;
		styles[ST_ERROR] = COLOR_PAIR(P_RED) | A_BOLD;
		styles[ST_OK] = COLOR_PAIR(P_GREEN);
		styles[ST_STATUS] = COLOR_PAIR(P_BAR);
		styles[ST_READONLY] = COLOR_PAIR(P_BAR) | A_BOLD | A_REVERSE;
		styles[ST_LABEL] = A_BOLD;
		styles[ST_FIELD] = A_UNDERLINE;
		styles[ST_FIELD_FOCUS] = COLOR_PAIR(P_FIELD);
		styles[ST_BOX] = A_NORMAL;
		return;
	}
	/* Monochrome (TERM=vt100, NO_COLOR, a projector): what colour says is
	 * carried by reverse, bold and underline, and by marker characters. */
	styles[ST_NORMAL] = A_NORMAL;
	styles[ST_MENU] = A_REVERSE;
	styles[ST_MENU_ON] = A_BOLD;
	styles[ST_TITLE] = A_BOLD | A_UNDERLINE;
	styles[ST_TITLE_FOCUS] = A_REVERSE | A_BOLD;
	styles[ST_HEAD] = A_UNDERLINE;
	styles[ST_SELECTED] = A_REVERSE;
	styles[ST_SELECTED_DIM] = A_UNDERLINE;
	styles[ST_OVERDUE] = A_BOLD;
	styles[ST_UNOWNED] = A_BOLD;
	styles[ST_ERROR] = A_BOLD;
	styles[ST_OK] = A_NORMAL;
	styles[ST_STATUS] = A_REVERSE;
	styles[ST_READONLY] = A_BOLD;
	styles[ST_LABEL] = A_BOLD;
	styles[ST_FIELD] = A_UNDERLINE;
	styles[ST_FIELD_FOCUS] = A_REVERSE;
	styles[ST_BOX] = A_NORMAL;
}

bool draw_has_color(void)
{
	return has_color;
}

attr_t draw_style(enum tui_style s)
{
	return s >= 0 && s < ST_COUNT ? styles[s] : A_NORMAL;
}

/* Writes fitted UTF-8 text as wide characters at y,x. The text is UTF-8
 * whatever the locale (the database stores UTF-8), so it is decoded here,
 * not by mbsrtowcs; a character the locale cannot show becomes one '?',
 * the one column qip_text_char_width counted for it. */
static void put(int y, int x, const char *fitted, attr_t attr)
{
	size_t n = strlen(fitted);
	wchar_t *w = malloc((n + 1) * sizeof *w);
	if (!w)
		return;
	size_t m = 0;
	const unsigned char *u = (const unsigned char *)fitted;
	while (*u) {
		uint32_t cp;
		int len = qip_utf8_decode(u, &cp);
		if (len == 0) {            /* cannot happen after escaping */
			cp = '?';
			len = 1;
		}
		w[m++] = qip_text_char_shows(cp) ? (wchar_t)cp : L'?';
		u += len;
	}
	attrset(attr);
	mvaddnwstr(y, x, w, (int)m);
	attrset(A_NORMAL);
	free(w);
}

/* Escapes and fits s into a new buffer of at most w columns. */
static char *fit(const char *s, int w, bool pad, int *used)
{
	char *esc = qip_text_escape(s);
	size_t sz = (size_t)(w > 0 ? w : 0) * 4 + 16;
	char *out = malloc(sz);
	if (!out) {
		free(esc);
		return NULL;
	}
	int u = qip_text_fit(esc, w, pad, out, sz);
	if (used)
		*used = u;
	free(esc);
	return out;
}

void draw_text(int y, int x, int w, const char *s, attr_t attr)
{
	if (w <= 0)
		return;
	char *f = fit(s, w, true, NULL);
	if (f)
		put(y, x, f, attr);
	free(f);
}

int draw_text_part(int y, int x, int w, const char *s, attr_t attr)
{
	if (w <= 0)
		return 0;
	int used = 0;
	char *f = fit(s, w, false, &used);
	if (f)
		put(y, x, f, attr);
	free(f);
	return used;
}

void draw_text_right(int y, int x, int w, const char *s, attr_t attr)
{
	if (w <= 0)
		return;
	int used = 0;
	char *f = fit(s, w, false, &used);
	if (!f)
		return;
	draw_fill(y, x, w - used, attr);
	put(y, x + w - used, f, attr);
	free(f);
}

void draw_pane_title(int y, int x, int w, const char *title, int top, int shown, long long count, attr_t attr)
{
	char pos[80] = "";
	if (shown > 0 && count > shown)
		snprintf(pos, sizeof pos, " rows %d-%d of %lld ", top + 1, top + shown, count);
	int pw = (int)strlen(pos);
	if (pw > w / 2)
		pw = 0;           /* too narrow to say it; the title comes first */
	draw_text(y, x, w - pw, title, attr);
	if (pw)
		draw_text(y, x + w - pw, pw, pos, attr);
}

void draw_fill(int y, int x, int w, attr_t attr)
{
	if (w <= 0)
		return;
	attrset(attr);
	mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

void draw_restyle(int y, int x, int w, attr_t attr)
{
	if (w > 0)
		mvchgat(y, x, w, attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
}

void draw_vline(int y, int x, int h)
{
	if (h > 0)
		mvvline(y, x, ACS_VLINE, h);
}

void draw_box(int y, int x, int h, int w, attr_t attr)
{
	if (h < 2 || w < 2)
		return;
	for (int i = 0; i < h; i++)
		draw_fill(y + i, x, w, attr);
	attrset(attr);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attrset(A_NORMAL);
}

void draw_erase(void)
{
	erase();
}

/* Width of the UTF-8 character at s and its byte length, measured as
 * draw_text measures it. */
static int char_at(const char *s, int *len)
{
	uint32_t cp;
	int n = qip_utf8_decode((const unsigned char *)s, &cp);
	if (n == 0) {
		*len = 1;
		return 1;
	}
	*len = n;
	return qip_text_char_width(cp);
}

int draw_wrap(const char *s, int w, void (*line)(void *arg, const char *s, int len), void *arg)
{
	int lines = 0;
	if (w < 1)
		w = 1;
	if (!*s) {
		line(arg, s, 0);
		return 1;
	}
	while (*s) {
		/* Take characters while they fit; remember the last space. */
		int cols = 0, bytes = 0, brk = -1;
		while (s[bytes]) {
			int len, cw = char_at(s + bytes, &len);
			if (cols + cw > w)
				break;
			if (s[bytes] == ' ')
				brk = bytes;
			cols += cw;
			bytes += len;
		}
		int take = bytes;
		int skip = 0;
		if (s[bytes] == ' ') {
			skip = 1;      /* a line that fits exactly breaks at the space after it */
		} else if (s[bytes] && brk > 0) {
			take = brk;
			skip = 1;
		}
		if (take == 0) {       /* one character wider than w: show it anyway */
			int len;
			char_at(s, &len);
			take = len;
		}
		line(arg, s, take);
		lines++;
		s += take + skip;
	}
	return lines;
}
