/* cs-scheduler.c: periodic jobs that any desktop or server runs, one at a time
 *
 * The scheduler is a source of the worker pool: whenever a worker asks it
 * for work (on a cs_scheduler notification, or every poll interval) it
 * looks for one job that is due here and runs it. "Due" is decided in the
 * database under the job's lock, from job_runs, so a job that another
 * process just ran is not run again, whatever each process's clock says;
 * the local check before it only saves the database a question.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-scheduler.h"

typedef struct
{
  char           *name;
  guint           interval_s;   /* 0: on request only */
  CsJobFunc       func;
  gpointer        user_data;
  GDestroyNotify  destroy;
  gint64          next_check;   /* monotonic µs: the earliest it can be due again */
  gboolean        running;      /* on one of our threads now */
  guint           runs;
} Job;

struct _CsScheduler
{
  GObject       parent_instance;

  GMutex        mutex;
  GPtrArray    *jobs;     /* of Job */
  CsWorkerPool *pool;     /* not owned: the pool owns our source */
};

G_DEFINE_FINAL_TYPE (CsScheduler, cs_scheduler, G_TYPE_OBJECT)

/* Not far from now: a request from elsewhere is heard through the channel,
 * and an interval changed elsewhere is seen this soon. */
#define MAX_CHECK_DELAY_US (30 * G_USEC_PER_SEC)

static void
job_free (Job *job)
{
  if (job->destroy != NULL)
    job->destroy (job->user_data);
  g_free (job->name);
  g_free (job);
}

static Job *
find_job (CsScheduler *self,
          const char  *name)
{
  for (guint i = 0; i < self->jobs->len; i++)
    {
      Job *job = g_ptr_array_index (self->jobs, i);
      if (g_str_equal (job->name, name))
        return job;
    }
  return NULL;
}

static void
cs_scheduler_finalize (GObject *object)
{
  CsScheduler *self = CS_SCHEDULER (object);

  g_ptr_array_unref (self->jobs);
  g_mutex_clear (&self->mutex);
  G_OBJECT_CLASS (cs_scheduler_parent_class)->finalize (object);
}

static void
cs_scheduler_class_init (CsSchedulerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_scheduler_finalize;
}

static void
cs_scheduler_init (CsScheduler *self)
{
  g_mutex_init (&self->mutex);
  self->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
}

CsScheduler *
cs_scheduler_new (void)
{
  return g_object_new (CS_TYPE_SCHEDULER, NULL);
}

void
cs_scheduler_add_job (CsScheduler    *self,
                      const char     *name,
                      guint           interval_seconds,
                      CsJobFunc       func,
                      gpointer        user_data,
                      GDestroyNotify  destroy)
{
  Job *job;

  g_return_if_fail (CS_IS_SCHEDULER (self));
  g_return_if_fail (name != NULL && func != NULL);

  job = g_new0 (Job, 1);
  job->name = g_strdup (name);
  job->interval_s = interval_seconds;
  job->func = func;
  job->user_data = user_data;
  job->destroy = destroy;
  g_mutex_lock (&self->mutex);
  g_return_if_fail (find_job (self, name) == NULL);
  g_ptr_array_add (self->jobs, job);
  g_mutex_unlock (&self->mutex);
}

void
cs_scheduler_set_interval (CsScheduler *self,
                           const char  *name,
                           guint        interval_seconds)
{
  Job *job;

  g_return_if_fail (CS_IS_SCHEDULER (self));

  g_mutex_lock (&self->mutex);
  if ((job = find_job (self, name)) != NULL)
    {
      job->interval_s = interval_seconds;
      job->next_check = 0;
    }
  g_mutex_unlock (&self->mutex);
}

guint
cs_scheduler_get_interval (CsScheduler *self,
                           const char  *name)
{
  Job *job;
  guint interval = 0;

  g_return_val_if_fail (CS_IS_SCHEDULER (self), 0);

  g_mutex_lock (&self->mutex);
  if ((job = find_job (self, name)) != NULL)
    interval = job->interval_s;
  g_mutex_unlock (&self->mutex);
  return interval;
}

guint
cs_scheduler_get_runs (CsScheduler *self,
                       const char  *name)
{
  Job *job;
  guint runs = 0;

  g_return_val_if_fail (CS_IS_SCHEDULER (self), 0);

  g_mutex_lock (&self->mutex);
  if ((job = find_job (self, name)) != NULL)
    runs = job->runs;
  g_mutex_unlock (&self->mutex);
  return runs;
}

/* Under the lock, in the open transaction: is a run due? A request newer
 * than the last start always is; otherwise the interval since the last
 * run, of this scope's runs or of a server's run over every tenant. A
 * failed run is tried again sooner, after at most a minute. */
static gboolean
is_due (CsDbConnection  *conn,
        const char      *name,
        guint            interval_s,
        GError         **error)
{
  g_autofree char *interval = g_strdup_printf ("%u", interval_s);
  g_autofree char *due = cs_db_connection_query_value (conn,
    "SELECT coalesce (bool_or (requested_at > coalesce (started_at, '-infinity')"
    "                          AND tenant_id IS NOT DISTINCT FROM cs_current_tenant ()), false)"
    "       OR ($2::int > 0 AND coalesce (bool_and (finished_at IS NULL OR finished_at <= clock_timestamp ()"
    "             - make_interval (secs => CASE WHEN status = 'failed' THEN least ($2::int, 60) ELSE $2::int END)),"
    "           true))"
    "  FROM job_runs WHERE name = $1",
    2, (const char *[]) { name, interval }, error);

  return due != NULL && g_str_equal (due, "t");
}

static gboolean
record_run (CsDbConnection  *conn,
            const char      *name,
            const char      *runner,
            gboolean         ok,
            const char      *message,
            gint64           started_us,
            GError         **error)
{
  g_autofree char *ms = g_strdup_printf ("%.3f", (g_get_monotonic_time () - started_us) / 1000.0);

  return cs_db_connection_command (conn,
    "INSERT INTO job_runs AS r (tenant_id, name, started_at, finished_at, status, error, duration_ms, runs, failures, runner)"
    " VALUES (cs_current_tenant (), $1, clock_timestamp () - make_interval (secs => $4::float8 / 1000),"
    "         clock_timestamp (), $2, $3, $4::float8, ($2 = 'ok')::int, ($2 = 'failed')::int, $5)"
    " ON CONFLICT (tenant_id, name) DO UPDATE"
    "   SET started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, status = EXCLUDED.status,"
    "       error = EXCLUDED.error, duration_ms = EXCLUDED.duration_ms, runner = EXCLUDED.runner,"
    "       runs = r.runs + EXCLUDED.runs, failures = r.failures + EXCLUDED.failures",
    5, (const char *[]) { name, ok ? "ok" : "failed", message, ms, runner }, error);
}

/* One run attempt: FALSE with nothing done when it is not due here or
 * someone else holds it. */
static gboolean
run_job (CsScheduler      *self,
         Job              *job,
         guint             interval_s,
         CsWorkerContext  *ctx,
         GError          **error)
{
  g_autoptr(GError) job_error = NULL;
  g_autofree char *locked = NULL;
  gint64 started = g_get_monotonic_time ();
  gboolean ok;

  if (!cs_db_connection_begin (ctx->conn, error))
    return FALSE;
  locked = cs_db_connection_query_value (ctx->conn,
    "SELECT pg_try_advisory_xact_lock (hashtext ('civicstream job'), hashtext ($1))",
    1, (const char *[]) { job->name }, error);
  if (locked == NULL || !g_str_equal (locked, "t") || !is_due (ctx->conn, job->name, interval_s, error))
    {
      cs_db_connection_rollback (ctx->conn);
      return FALSE;
    }

  ok = job->func (ctx->conn, job->user_data, ctx->cancellable, &job_error)
       && record_run (ctx->conn, job->name, ctx->worker_id, TRUE, NULL, started, &job_error)
       && cs_db_connection_commit (ctx->conn, &job_error);
  if (ok)
    {
      cs_worker_pool_report (ctx->pool, "scheduler", job->name, TRUE, NULL);
      return TRUE;
    }

  /* The work rolls back; the failure is recorded on its own. */
  cs_db_connection_rollback (ctx->conn);
  if (cs_db_connection_is_open (ctx->conn))
    {
      g_autoptr(GError) record_error = NULL;

      if (!(cs_db_connection_begin (ctx->conn, &record_error)
            && record_run (ctx->conn, job->name, ctx->worker_id, FALSE, job_error->message, started, &record_error)
            && cs_db_connection_commit (ctx->conn, &record_error)))
        {
          g_debug ("Recording the failure of %s failed: %s", job->name, record_error->message);
          cs_db_connection_rollback (ctx->conn);
        }
    }
  cs_worker_pool_report (ctx->pool, "scheduler", job->name, FALSE, job_error->message);
  g_propagate_error (error, g_steal_pointer (&job_error));
  return TRUE;
}

/* The pool's source: runs at most one job per call. */
static gboolean
scheduler_work (CsWorkerContext  *ctx,
                gpointer          user_data,
                GError          **error)
{
  CsScheduler *self = user_data;
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; ; i++)
    {
      Job *job = NULL;
      guint interval_s;
      gboolean ran;

      g_mutex_lock (&self->mutex);
      for (; i < self->jobs->len && job == NULL; i++)
        {
          Job *candidate = g_ptr_array_index (self->jobs, i);
          if (!candidate->running && candidate->next_check <= now)
            job = candidate;
        }
      if (job != NULL)
        {
          i--;
          job->running = TRUE;
          interval_s = job->interval_s;
        }
      g_mutex_unlock (&self->mutex);
      if (job == NULL)
        return FALSE;

      ran = run_job (self, job, interval_s, ctx, error);

      g_mutex_lock (&self->mutex);
      job->running = FALSE;
      if (ran)
        job->runs++;
      /* Requests arrive by notification, which makes every job look again. */
      job->next_check = g_get_monotonic_time ()
                        + MIN ((gint64) (interval_s ? interval_s : 3600) * G_USEC_PER_SEC, MAX_CHECK_DELAY_US);
      g_mutex_unlock (&self->mutex);

      if (ran)
        return TRUE;
      if (error != NULL && *error != NULL)
        return FALSE;
    }
}

/* A request from anywhere: the jobs requested look again now. */
static gboolean
scheduler_source (CsWorkerContext  *ctx,
                  gpointer          user_data,
                  GError          **error)
{
  CsScheduler *self = user_data;

  g_mutex_lock (&self->mutex);
  for (guint n = 0; ctx->notifications != NULL && n < ctx->notifications->len; n++)
    {
      CsDbNotification *note = g_ptr_array_index (ctx->notifications, n);
      Job *job;

      if (g_strcmp0 (note->channel, "cs_scheduler") == 0 && (job = find_job (self, note->payload)) != NULL)
        job->next_check = 0;
    }
  g_mutex_unlock (&self->mutex);
  return scheduler_work (ctx, user_data, error);
}

void
cs_scheduler_attach (CsScheduler  *self,
                     CsWorkerPool *pool)
{
  g_return_if_fail (CS_IS_SCHEDULER (self));
  g_return_if_fail (CS_IS_WORKER_POOL (pool));

  self->pool = pool;
  cs_worker_pool_add_source (pool, "scheduler", "cs_scheduler", scheduler_source,
                             g_object_ref (self), g_object_unref);
}
