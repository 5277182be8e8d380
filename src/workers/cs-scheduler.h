/* cs-scheduler.h: periodic jobs that any desktop or server runs, one at a time
 *
 * A job (the SLA computation, the scores…) is a function that does its
 * work inside the transaction it is given. The scheduler runs it on a
 * worker pool's thread when it is due, under a transaction-scoped advisory
 * lock on its name, so among every process sharing the database exactly one
 * runs it at a time; the run is recorded in job_runs in the same
 * transaction, and a job that fails or whose process dies rolls back and
 * leaves the previous results in force (data/sql/0010_scheduler.sql).
 *
 * "Recompute now" (cs_scheduler_request_sql) is a database request: every
 * scheduler hears it, and one of them runs the job at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-worker-pool.h"

G_BEGIN_DECLS

#define CS_TYPE_SCHEDULER (cs_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (CsScheduler, cs_scheduler, CS, SCHEDULER, GObject)

/* Runs on a worker thread inside an open transaction; whatever it writes
 * commits with the record of the run, or not at all. */
typedef gboolean (*CsJobFunc) (CsDbConnection  *conn,
                               gpointer         user_data,
                               GCancellable    *cancellable,
                               GError         **error);

CsScheduler *cs_scheduler_new           (void);
/* @interval_seconds 0 runs the job only when requested. */
void         cs_scheduler_add_job       (CsScheduler    *self,
                                         const char     *name,
                                         guint           interval_seconds,
                                         CsJobFunc       func,
                                         gpointer        user_data,
                                         GDestroyNotify  destroy);
void         cs_scheduler_set_interval  (CsScheduler    *self,
                                         const char     *name,
                                         guint           interval_seconds);
guint        cs_scheduler_get_interval  (CsScheduler    *self,
                                         const char     *name);
/* Adds the scheduler's source to @pool (before the pool starts). */
void         cs_scheduler_attach        (CsScheduler    *self,
                                         CsWorkerPool   *pool);
/* How many runs of @name this scheduler made (any thread). */
guint        cs_scheduler_get_runs      (CsScheduler    *self,
                                         const char     *name);

/* The statement (one parameter: the job's name) that asks every scheduler
 * sharing the database for a run now. */
#define CS_SCHEDULER_REQUEST_SQL "SELECT cs_request_job ($1)"

G_END_DECLS
