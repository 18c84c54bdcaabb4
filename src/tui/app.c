/* qip with no subcommand: the full-screen program. Sets up the frame,
 * registers the help screen with the loop, and goes between the main
 * screen and People until the user quits or the terminal goes away. */
#include "tui.h"

#include <locale.h>

#include "help.h"
#include "loop.h"
#include "main_screen.h"
#include "audits.h"
#include "people.h"

int qip_tui_run(struct qip_db *db)
{
	/* Only the character set comes from the locale: numbers are data, read
	 * and printed with a '.' whatever LC_NUMERIC says (95,5 is not JSON). */
	setlocale(LC_CTYPE, "");
	struct tui_app app = { .db = db };
	struct tui_app *a = &app;
	if (tui_loop_open(a) != 0)
		return 1;
	a->help = tui_help_run;
	struct tui_main main_screen = { 0 };
	struct tui_people people = { 0 };
	struct tui_audits audits = { 0 };
	for (;;) {
		enum tui_nav nav = tui_main_run(a, &main_screen);
		/* The main screen hands over to People (4, or q on one person's
		 * actions) or Audits (5); People hands back, maybe with a person
		 * whose actions the list is to show. People and Audits hand over
		 * to each other. */
		while (nav == NAV_PEOPLE || nav == NAV_AUDITS) {
			main_screen.act.from_people = false;
			if (nav == NAV_AUDITS) {
				nav = tui_audits_run(a, &audits);
				continue;
			}
			nav = tui_people_run(a, &people);
			if (nav == NAV_MAIN && people.chosen_id)
				tui_actions_filter_owner(a, &main_screen.act, people.chosen_id, people.chosen_name);
		}
		if (nav == NAV_QUIT || a->hangup)
			break;
	}
	tui_main_free(&main_screen);
	tui_people_free(&people);
	tui_audits_free(&audits);
	return tui_loop_close(a);
}
