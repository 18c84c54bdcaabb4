/* Where qip finds its files. */
#ifndef QIP_PATHS_H
#define QIP_PATHS_H

/* The database: --db PATH, else $QIP_DB, else $XDG_DATA_HOME/qip/qip.db
 * (~/.local/share/qip/qip.db). Returns a malloc'd path. */
char *qip_default_db_path(void);

/* Makes the directories above path (mode 0700 for the XDG default). */
int qip_make_parent_dirs(const char *path);

/* Bundled data (templates, frameworks): $QIP_DATA_DIR, else the source
 * tree's data/ when running from the build directory, else the installed
 * share directory. Never NULL. */
const char *qip_data_dir(void);

#endif
