/* The full-screen program: action list, evidence log, escalation queue,
 * people, forms. `qip` with no subcommand runs it. */
#ifndef QIP_TUI_H
#define QIP_TUI_H

struct qip_db;

/* Runs until the user quits or the terminal goes away. Returns 0, or 1
 * when the terminal could not be set up (a message is on stderr).
 * With $QIP_TUI_SCRIPT set it reads keys from that file and paints to no
 * terminal, for tests (see tests/tui/README). */
int qip_tui_run(struct qip_db *db);

#endif
