/* Script mode, for tests: keys come from a file instead of a terminal,
 * output goes nowhere, and the script can save the screen as text.
 *
 *   # comment
 *   key NAME...      keys by name: j Enter Esc Tab S-Tab Down PgDn C-l F2 é
 *   type TEXT        every character of TEXT as a key
 *   resize COLSxLINES
 *   dump FILE        the screen as plain text (trailing blanks cut)
 *   dumpattr FILE    per cell: R reverse, B bold, U underline, . plain;
 *                    then the colour pair of each cell; then the cursor
 *   wait             a tick of the idle timer: picks up other users' changes
 *   run COMMAND      runs a shell command (another user at work) and waits
 *   raw BYTES        bytes as a terminal sends them (\e or \033 for Esc,
 *                    \xNN, \\), read through curses' own key decoding
 *
 * The keys of one key or type line arrive together, as a paste does: a
 * form draws once they have all been read, not after each. Before each
 * line the program has finished drawing, so a dump shows exactly what a
 * person would see. The end of the script ends the program. */
#ifndef QIP_TUI_SCRIPT_H
#define QIP_TUI_SCRIPT_H

#include <stddef.h>

struct tui_script;

/* "80x24" into cols and lines; false when malformed. */
int tui_parse_size(const char *s, int *cols, int *lines);

#ifdef QIP_KEY_SCRIPTS
struct tui_script *tui_script_open(const char *path, char *err, size_t errsz);
void tui_script_close(struct tui_script *s);
/* The next key, TUI_KEY_REDRAW after a resize, TUI_KEY_TICK for wait,
 * TUI_KEY_RAW while bytes of a `raw` line wait in curses' input, or
 * TUI_KEY_HANGUP at the end or on an error (see tui_script_error). */
int tui_script_next(struct tui_script *s);
/* Script mode reads the keys of `raw` through curses: fd is the write end
 * of the pipe curses reads from. */
void tui_script_set_raw_fd(struct tui_script *s, int fd);
/* true while keys of a key or type line remain (a dump is always a line
 * of its own, so the screen is drawn before it). */
int tui_script_key_waiting(const struct tui_script *s);
/* Called when curses has no more bytes of a `raw` line to read. */
void tui_script_raw_done(struct tui_script *s);

/* The first error met ("line 4: unknown key 'Ener'"), or NULL. */
const char *tui_script_error(const struct tui_script *s);
#else
#include "keymap.h"
/* The installed program has no script mode (it is built only into the
 * test program qip-keyscript): the loop's script branches are dead code
 * because a->script is always NULL. */
static inline void tui_script_close(struct tui_script *s) { (void)s; }
static inline int tui_script_next(struct tui_script *s) { (void)s; return TUI_KEY_HANGUP; }
static inline void tui_script_raw_done(struct tui_script *s) { (void)s; }
static inline const char *tui_script_error(const struct tui_script *s) { (void)s; return NULL; }
static inline int tui_script_key_waiting(const struct tui_script *s) { (void)s; return 0; }
#endif

#endif
