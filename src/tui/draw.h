/* The only place text reaches curses. Everything drawn goes through
 * qip_text_escape (so an action titled "\e[31m" shows those characters
 * instead of turning the screen red), then is cut or padded to a number of
 * display columns (so accents and wide characters line up), then is
 * written with waddnwstr. Callers never call curses output functions. */
#ifndef QIP_TUI_DRAW_H
#define QIP_TUI_DRAW_H

#include <stdbool.h>
#include <curses.h>

/* Looks, mapped to colour or to monochrome attributes at start-up. */
enum tui_style {
	ST_NORMAL, ST_MENU, ST_MENU_ON, ST_TITLE, ST_TITLE_FOCUS, ST_HEAD,
	ST_SELECTED, ST_SELECTED_DIM, ST_OVERDUE, ST_UNOWNED, ST_ERROR, ST_OK,
	ST_STATUS, ST_READONLY, ST_LABEL, ST_FIELD, ST_FIELD_FOCUS, ST_BOX,
	ST_COUNT
};

/* Sets up colour pairs when the terminal has colour and NO_COLOR is not
 * set; otherwise every style is reverse, bold or underline. */
void draw_init_styles(bool color);
bool draw_has_color(void);
attr_t draw_style(enum tui_style s);

/* Draws untrusted text at y,x in exactly w columns (cut with an ellipsis,
 * padded with spaces). */
void draw_text(int y, int x, int w, const char *s, attr_t attr);
/* The same, right-aligned in w columns. */
void draw_text_right(int y, int x, int w, const char *s, attr_t attr);
/* At most w columns, not padded; returns the columns used. */
int draw_text_part(int y, int x, int w, const char *s, attr_t attr);
/* A pane's title line: the title, and when the pane shows only some of
 * its count rows (shown from top, 0-based), "rows 4-6 of 7" at the right,
 * so nobody takes the rows in view for all there are. */
void draw_pane_title(int y, int x, int w, const char *title, int top, int shown, long long count, attr_t attr);
/* Blanks w columns with attr (the background of a bar or selected row). */
void draw_fill(int y, int x, int w, attr_t attr);
/* Changes the look of w cells already drawn (selection over a row). */
void draw_restyle(int y, int x, int w, attr_t attr);
void draw_vline(int y, int x, int h);
/* A frame of line-drawing characters, inside blanked. */
void draw_box(int y, int x, int h, int w, attr_t attr);
/* Blanks the whole screen in memory; curses then sends only what differs. */
void draw_erase(void);

/* Word-wraps already-escaped text into lines of at most w columns, calling
 * line() with each piece (start and byte length). Returns the line count. */
int draw_wrap(const char *escaped, int w, void (*line)(void *arg, const char *s, int len), void *arg);

#endif
