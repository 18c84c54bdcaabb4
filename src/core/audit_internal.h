/* Shared between the audit modules (audit.c, audit_findings.c,
 * audit_schedule.c, audit_roles.c); not a public interface. */
#ifndef QIP_AUDIT_INTERNAL_H
#define QIP_AUDIT_INTERNAL_H

#include "qip/audit.h"

/* Loads a run with its template, subjects and answers (not the stored
 * score): qip_audit_run_get without the completion part. */
int audit_run_load(struct qip_db *db, int64_t run_id, struct qip_audit_run *r);

/* What finishing produces, inside the finishing transaction: proposals,
 * repeat findings, outcome evidence, reopening; r is complete and scored. */
int audit_produce(struct qip_db *db, const struct qip_audit_run *r, bool accept_all);

/* qip_db_fail with a value shown safely (escaped, cut to 60 characters). */
int audit_fail_value(struct qip_db *db, int rc, const char *fmt, const char *value);

#endif
