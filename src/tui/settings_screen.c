/* Settings: one row per setting as `qip settings show` prints them, read
 * afresh whenever the data changes. Enter changes the selected one
 * through qip_settings_set; whoever may not change settings is told so
 * by the core, in its words, before any form opens. */
#include "settings_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "form.h"
#include "goto.h"
#include "qip/permission.h"
#include "qip/settings.h"
#include "qip/text.h"

struct settings_screen {
	struct tui_screen screen;
	struct tui_list_pos pos;
	struct qip_settings s;
	char problem[600];                 /* why the settings cannot be used, "" when they can */
	bool may_change;
	int visible;
	unsigned gen;
	bool loaded;
};

static void load(struct tui_app *a, struct settings_screen *ss)
{
	if (ss->loaded && ss->gen == a->gen)
		return;
	qip_settings_clear(&ss->s);
	struct qip_diags d;
	qip_diags_init(&d, NULL);
	ss->problem[0] = '\0';
	/* Settings that do not climb are still shown, to find the culprit,
	 * as qip settings show does; a file with problems names the first. */
	if (qip_settings_load(a->db, &ss->s, &d) != QIP_OK) {
		if (d.n)
			snprintf(ss->problem, sizeof ss->problem, "%s: %s%s", qip_db_error(a->db), d.v[0].msg,
				 d.n > 1 ? " (and more: qip settings show)" : "");
		else
			snprintf(ss->problem, sizeof ss->problem, "%s", qip_db_error(a->db));
	}
	qip_diags_free(&d);
	ss->may_change = qip_permission_may(a->db, QIP_PERM_ADMIN, 0, 0);
	ss->loaded = true;
	ss->gen = a->gen;
	ss->pos.count = QIP_SETTING_COUNT;
}

static void value_text(const struct qip_settings *s, int i, char *buf, size_t n)
{
	if (qip_setting_is_switch(i))
		snprintf(buf, n, "%s", s->value[i] ? "true" : "false");
	else
		snprintf(buf, n, "%d", s->value[i]);
}

static const char *source_text(const struct qip_settings *s, int i)
{
	switch (s->source[i]) {
	case QIP_FROM_SYSTEM_FILE: return s->file[0] ? s->file[0] : "system file";
	case QIP_FROM_DB_FILE: return s->file[1] ? s->file[1] : "file next to the database";
	case QIP_FROM_DATABASE: return "database";
	default: return "default";
	}
}

static void settings_draw(struct tui_app *a, struct tui_screen *screen)
{
	struct settings_screen *ss = (struct settings_screen *)screen;
	const struct tui_rect *b = &a->lay.body;
	tui_clear_body(a);
	load(a, ss);
	char title[200];
	snprintf(title, sizeof title, " Settings: escalation rules and the monitoring window%s",
		 ss->may_change ? "" : " (read-only: an administrator changes them)");
	draw_text(b->y, 0, b->w, title, draw_style(ST_TITLE_FOCUS));
	int kw = 24, vw = 6, fw = b->w >= 100 ? 26 : 12;
	int kx = 2, vx = kx + kw + 1, fx = vx + vw + 1, mx = fx + fw + 1, mw = b->w - mx;
	attr_t h = draw_style(ST_HEAD);
	draw_fill(b->y + 1, 0, b->w, h);
	draw_text(b->y + 1, kx, kw, "Setting", h);
	draw_text_right(b->y + 1, vx, vw, "Value", h);
	draw_text(b->y + 1, fx, fw, "From", h);
	draw_text(b->y + 1, mx, mw, "Means", h);
	/* The problem, when there is one, takes the last row of the body. */
	int rows = b->h - 2 - (ss->problem[0] ? 1 : 0);
	ss->visible = rows;
	ss->pos.top = tui_scroll_top(ss->pos.top, ss->pos.sel, rows, QIP_SETTING_COUNT);
	for (int i = 0; i < rows && ss->pos.top + i < QIP_SETTING_COUNT; i++) {
		int k = ss->pos.top + i, y = b->y + 2 + i;
		char v[16];
		value_text(&ss->s, k, v, sizeof v);
		draw_text(y, kx, kw, qip_setting_key(k), A_NORMAL);
		draw_text_right(y, vx, vw, v, A_NORMAL);
		draw_text(y, fx, fw, source_text(&ss->s, k), A_NORMAL);
		draw_text(y, mx, mw, qip_setting_help(k), A_NORMAL);
		if (k == ss->pos.sel) {
			draw_restyle(y, 0, b->w, draw_style(ST_SELECTED));
			tui_cursor(a, y, 0);
		}
	}
	if (ss->problem[0])
		draw_text(b->y + b->h - 1, 0, b->w, ss->problem, draw_style(ST_ERROR));
}

static int save_setting(struct tui_app *a, void *arg)
{
	struct tui_form *f = arg;
	const int *which = f->arg;
	struct qip_diags d;
	qip_diags_init(&d, NULL);
	int rc = qip_settings_set(a->db, *which, tui_form_text(f, 0), &d);
	qip_diags_free(&d);
	return rc;
}

static void change(struct tui_app *a, struct settings_screen *ss)
{
	int i = ss->pos.sel;
	/* Asked before the form opens, so nobody types a value in vain; the
	 * core asks again when it saves. */
	if (qip_permission_check(a->db, QIP_PERM_ADMIN, 0, 0) != QIP_OK) {
		tui_error(a, "Not changed: %s", qip_db_error(a->db));
		return;
	}
	char now[16], hint[80], title[120];
	value_text(&ss->s, i, now, sizeof now);
	if (qip_setting_is_switch(i))
		snprintf(hint, sizeof hint, "true or false");
	else
		snprintf(hint, sizeof hint, "a whole number from %d to %d", qip_setting_min(i), qip_setting_max(i));
	snprintf(title, sizeof title, " Change %s", qip_setting_key(i));
	struct tui_field fields[] = { { .label = "Value", .required = true, .hint = hint } };
	tui_edit_set(&fields[0].ed, now);
	struct tui_form f = { .title = title, .fields = fields, .n = 1, .save = save_setting, .arg = &i };
	tui_form_info(&f, "%s", qip_setting_help(i));
	char def[16];
	struct qip_settings defaults;
	qip_settings_defaults(&defaults);
	value_text(&defaults, i, def, sizeof def);
	tui_form_info(&f, "Now %s, from %s; the default is %s.", now, source_text(&ss->s, i), def);
	tui_form_info(&f, "Saved into the database, as qip settings import does: every user sees it.");
	if (tui_form_run(a, &f)) {
		tui_changed(a);
		tui_say(a, "%s is now %s, kept in the database", qip_setting_key(i), tui_form_text(&f, 0));
	}
	tui_form_free(&f);
}

static enum tui_result settings_key(struct tui_app *a, struct tui_screen *screen, int key)
{
	struct settings_screen *ss = (struct settings_screen *)screen;
	enum tui_cmd cmd = tui_keymap_lookup(C_SETTINGS, key);
	int page = ss->visible > 1 ? ss->visible - 1 : 1;
	if (tui_list_move(cmd, &ss->pos.sel, ss->pos.count, page))
		return TUI_STAY;
	enum tui_result res;
	if (tui_goto_key(a, screen, cmd, key, &res))
		return res;
	switch (cmd) {
	case CMD_EDIT:
		if (tui_may(a, C_SETTINGS, cmd))
			change(a, ss);
		return TUI_STAY;
	default:
		return TUI_STAY;
	}
}

static const struct tui_screen_ops settings_ops = {
	.name = "settings", .draw = settings_draw, .key = settings_key,
};

enum tui_nav tui_settings_run(struct tui_app *a)
{
	struct settings_screen ss = { .screen = { .ops = &settings_ops, .ctx = C_SETTINGS } };
	qip_settings_defaults(&ss.s);
	enum tui_nav nav = tui_run(a, &ss.screen);
	qip_settings_clear(&ss.s);
	return nav;
}
