/* A qip installed setgid to the group qip, as crontab is setgid crontab:
 * the shared database lives in a folder only that group can enter, users
 * are not in the group, so qip is the only way to the file and knows them
 * by their real uid. Such a program keeps the group only where it needs
 * it (README, "Running qip on a shared server"). */
#ifndef QIP_PRIVILEGE_H
#define QIP_PRIVILEGE_H

#include <stdbool.h>
#include <sys/types.h>

/* First thing in main: notes whether qip was started with a group it was
 * given (getegid() != getgid()) and sets that group aside; from then on
 * qip runs with the user's own group until qip_privilege_use_shared. */
void qip_privilege_init(void);
/* Started with a given group. */
bool qip_privileged(void);

/* The configured shared database (meson option shared_db). */
const char *qip_shared_db_path(void);
/* Whether path names the shared database (symbolic links and ".." resolved). */
bool qip_is_shared_db(const char *path);

/* For the shared database: takes the group back for the rest of the run
 * (SQLite creates and removes -wal and -shm beside it as it goes). For any
 * other database: gives the group up for good. Returns 0 or an errno. */
int qip_privilege_choose(bool shared);

/* Around making a file for the user (a backup, an export): between begin
 * and end the group is the user's own, so the file is theirs. They nest
 * nothing; end restores what begin found. */
void qip_user_rights_begin(void);
void qip_user_rights_end(void);
/* open(2) with the user's own rights: every file qip writes for the user
 * is made through this (or between qip_user_rights_begin and _end). */
int qip_user_file_open(const char *path, int flags, mode_t mode);

/* getenv for variables that change what is recorded or which file is
 * opened (QIP_TODAY, QIP_DB, QIP_DATA_DIR, QIP_SETTINGS): NULL when qip
 * runs with a given group, whatever the environment says. */
const char *qip_env(const char *name);

#endif
