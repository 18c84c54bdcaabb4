/* Key scripts and screen dumps for tests. */
#include "script.h"

#include <curses.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "keymap.h"

struct tui_script {
	FILE *f;
	int line;
	int *queue;          /* keys parsed from the current line */
	int nqueue, qpos;
	char err[256];
	int raw_fd;          /* write end of curses' input, -1 when none */
	bool raw_pending;    /* bytes written that curses has not read yet */
};

struct tui_script *tui_script_open(const char *path, char *err, size_t errsz)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errsz, "cannot read the key script %s", path);
		return NULL;
	}
	struct tui_script *s = calloc(1, sizeof *s);
	if (!s) {
		fclose(f);
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	s->f = f;
	s->raw_fd = -1;
	return s;
}

void tui_script_close(struct tui_script *s)
{
	if (!s)
		return;
	fclose(s->f);
	if (s->raw_fd >= 0)
		close(s->raw_fd);
	free(s->queue);
	free(s);
}

void tui_script_set_raw_fd(struct tui_script *s, int fd)
{
	s->raw_fd = fd;
}

int tui_script_key_waiting(const struct tui_script *s)
{
	return s->qpos < s->nqueue;
}

void tui_script_raw_done(struct tui_script *s)
{
	s->raw_pending = false;
}

/* Decodes the escapes of a `raw` line in place; returns the byte count,
 * or -1 for a malformed escape. */
static int unescape(char *t)
{
	char *o = t;
	for (char *p = t; *p; p++) {
		if (*p != '\\') {
			*o++ = *p;
			continue;
		}
		p++;
		if (*p == 'e') {
			*o++ = 27;
		} else if (*p == '\\') {
			*o++ = '\\';
		} else if (*p == 'x' && p[1] && p[2]) {
			char hex[3] = { p[1], p[2], 0 }, *end;
			long v = strtol(hex, &end, 16);
			if (*end)
				return -1;
			*o++ = (char)v;
			p += 2;
		} else if (p[0] >= '0' && p[0] <= '7' && p[1] >= '0' && p[1] <= '7' && p[2] >= '0' && p[2] <= '7') {
			*o++ = (char)((p[0] - '0') * 64 + (p[1] - '0') * 8 + (p[2] - '0'));
			p += 2;
		} else
			return -1;
	}
	return (int)(o - t);
}

const char *tui_script_error(const struct tui_script *s)
{
	return s && s->err[0] ? s->err : NULL;
}

int tui_parse_size(const char *s, int *cols, int *lines)
{
	char x;
	int c, l;
	if (!s || sscanf(s, "%d%c%d", &c, &x, &l) != 3 || x != 'x' || c < 1 || l < 1 ||
	    c > 1000 || l > 1000)
		return 0;
	*cols = c;
	*lines = l;
	return 1;
}

static void push(struct tui_script *s, int key)
{
	s->queue = realloc(s->queue, (size_t)(s->nqueue + 1) * sizeof *s->queue);
	if (!s->queue)
		abort();
	s->queue[s->nqueue++] = key;
}

/* Map of the line-drawing characters curses keeps as A_ALTCHARSET. */
static wchar_t acs_char(wchar_t c)
{
	switch (c) {
	case 'x': return L'\x2502';
	case 'q': return L'\x2500';
	case 'l': return L'\x250C';
	case 'k': return L'\x2510';
	case 'm': return L'\x2514';
	case 'j': return L'\x2518';
	case 't': return L'\x251C';
	case 'u': return L'\x2524';
	case 'w': return L'\x252C';
	case 'v': return L'\x2534';
	case 'n': return L'\x253C';
	default: return c;
	}
}

static int dump(const char *path, int attrs)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return 0;
	cchar_t *cells = calloc((size_t)COLS + 1, sizeof *cells);
	char *line = malloc((size_t)COLS * MB_LEN_MAX + 2);
	if (!cells || !line) {
		fclose(f);
		free(cells);
		free(line);
		return 0;
	}
	/* Reading cells moves the cursor: note where the program left it. */
	int cy, cx;
	getyx(stdscr, cy, cx);
	/* Pass 0: text. With attrs: pass 1 attributes, pass 2 colour pairs. */
	for (int pass = attrs ? 1 : 0; pass <= (attrs ? 2 : 0); pass++) {
		for (int y = 0; y < LINES; y++) {
			/* Cells come back one per character: a wide character's
			 * second column is not a cell of its own. */
			int n = mvwin_wchnstr(stdscr, y, 0, cells, COLS);
			size_t o = 0, keep = 0;
			for (int i = 0, col = 0; n != ERR && i < COLS && col < COLS; i++) {
				wchar_t wch[CCHARW_MAX + 1] = { 0 };
				attr_t a = 0;
				short pair = 0;
				getcchar(&cells[i], wch, &a, &pair, NULL);
				if (wch[0] == 0)
					break;
				int w = wcwidth(wch[0]) == 2 ? 2 : 1;
				col += w;
				if (pass == 0) {
					wchar_t c = (a & A_ALTCHARSET) ? acs_char(wch[0]) : wch[0];
					mbstate_t st;
					memset(&st, 0, sizeof st);
					size_t m = wcrtomb(line + o, c, &st);
					if (m == (size_t)-1) {
						line[o] = '?';
						m = 1;
					}
					o += m;
					if (c != ' ')
						keep = o;
				} else {
					char c = '.';
					if (pass == 1)
						c = (a & A_REVERSE) ? 'R' : (a & A_BOLD) ? 'B' : (a & A_UNDERLINE) ? 'U' : '.';
					else if (pair > 0)
						c = pair < 10 ? (char)('0' + pair) : '+';
					for (int k = 0; k < w; k++)
						line[o++] = c;
					if (c != '.')
						keep = o;
				}
			}
			line[keep] = '\0';
			fprintf(f, "%s\n", line);
		}
		if (attrs && pass == 1)
			fputs("\n", f);
	}
	if (attrs)
		fprintf(f, "\ncursor %d %d\n", cy, cx);
	move(cy, cx);
	free(cells);
	free(line);
	return fclose(f) == 0;
}

static int fail(struct tui_script *s, const char *what, const char *arg)
{
	snprintf(s->err, sizeof s->err, "key script line %d: %s%s%.100s%s", s->line, what,
		 arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
	return TUI_KEY_HANGUP;
}

int tui_script_next(struct tui_script *s)
{
	char buf[4096];
	for (;;) {
		if (s->err[0])
			return TUI_KEY_HANGUP;
		if (s->raw_pending)
			return TUI_KEY_RAW;
		if (s->qpos < s->nqueue)
			return s->queue[s->qpos++];
		s->qpos = s->nqueue = 0;
		if (!fgets(buf, sizeof buf, s->f))
			return TUI_KEY_HANGUP;
		s->line++;
		buf[strcspn(buf, "\n")] = '\0';
		char *p = buf;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			continue;
		char *arg = p + strcspn(p, " ");
		if (*arg)
			*arg++ = '\0';
		if (!strcmp(p, "key")) {
			for (char *t = strtok(arg, " "); t; t = strtok(NULL, " ")) {
				int k = tui_key_parse(t);
				if (k < 0)
					return fail(s, "unknown key", t);
				push(s, k);
			}
		} else if (!strcmp(p, "type")) {
			mbstate_t st;
			memset(&st, 0, sizeof st);
			wchar_t wc;
			size_t len = strlen(arg), m;
			for (char *q = arg; *q; q += m) {
				m = mbrtowc(&wc, q, len - (size_t)(q - arg), &st);
				if (m == 0 || m == (size_t)-1 || m == (size_t)-2)
					return fail(s, "text is not valid in this locale", NULL);
				push(s, (int)wc);
			}
		} else if (!strcmp(p, "resize")) {
			int c, l;
			if (!tui_parse_size(arg, &c, &l))
				return fail(s, "resize wants COLSxLINES, not", arg);
			resizeterm(l, c);
			return TUI_KEY_REDRAW;
		} else if (!strcmp(p, "dump") || !strcmp(p, "dumpattr")) {
			if (!*arg || !dump(arg, p[4] == 'a'))
				return fail(s, "cannot write the dump", arg);
		} else if (!strcmp(p, "raw")) {
			int n = unescape(arg);
			if (n <= 0)
				return fail(s, "raw wants bytes, with \\e \\033 \\xNN \\\\ escapes, not", arg);
			if (s->raw_fd < 0 || write(s->raw_fd, arg, (size_t)n) != n)
				return fail(s, "cannot send the raw bytes", NULL);
			s->raw_pending = true;
			return TUI_KEY_RAW;
		} else if (!strcmp(p, "wait")) {
			return TUI_KEY_TICK;
		} else if (!strcmp(p, "run")) {
			fflush(NULL);
			int rc = system(arg);
			if (rc != 0)
				return fail(s, "command failed", arg);
		} else
			return fail(s, "unknown command", p);
	}
}
