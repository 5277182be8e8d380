/* cs-job-queue.c: generic background jobs in the jobs table
 *
 * A worker claims a batch of runnable jobs of the kinds it knows with
 * FOR UPDATE SKIP LOCKED and runs each under a savepoint in that same
 * transaction; the job's effects and its completion commit together. If the
 * process dies, the transaction rolls back and the rows unlock, so the jobs
 * are claimed again elsewhere: each job takes effect exactly once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "core/cs-backoff.h"
#include "core/cs-error.h"
#include "cs-job-queue.h"

typedef struct
{
  CsJobHandler   handler;
  gpointer       user_data;
  GDestroyNotify destroy;
} Handler;

struct _CsJobQueue
{
  GObject     parent_instance;

  GHashTable *handlers;   /* kind → Handler; fixed once attached */
  char       *kinds;      /* "{kind1,kind2}": the array parameter of the claim */
  guint       batch_size;
};

G_DEFINE_TYPE (CsJobQueue, cs_job_queue, G_TYPE_OBJECT)

static void
handler_free (Handler *h)
{
  if (h->destroy != NULL)
    h->destroy (h->user_data);
  g_free (h);
}

static void
cs_job_queue_finalize (GObject *object)
{
  CsJobQueue *self = (CsJobQueue *)object;

  g_clear_pointer (&self->handlers, g_hash_table_unref);
  g_clear_pointer (&self->kinds, g_free);

  G_OBJECT_CLASS (cs_job_queue_parent_class)->finalize (object);
}

static void
cs_job_queue_class_init (CsJobQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_job_queue_finalize;
}

static void
cs_job_queue_init (CsJobQueue *self)
{
  self->handlers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) handler_free);
  self->batch_size = 16;
}

CsJobQueue *
cs_job_queue_new (void)
{
  return g_object_new (CS_TYPE_JOB_QUEUE, NULL);
}

void
cs_job_queue_register (CsJobQueue     *self,
                       const char     *kind,
                       CsJobHandler    handler,
                       gpointer        user_data,
                       GDestroyNotify  destroy)
{
  Handler *h;

  g_return_if_fail (CS_IS_JOB_QUEUE (self));
  g_return_if_fail (kind != NULL && handler != NULL);
  g_return_if_fail (self->kinds == NULL);

  h = g_new0 (Handler, 1);
  h->handler = handler;
  h->user_data = user_data;
  h->destroy = destroy;
  g_hash_table_replace (self->handlers, g_strdup (kind), h);
}

void
cs_job_queue_set_batch_size (CsJobQueue *self,
                             guint       batch_size)
{
  g_return_if_fail (CS_IS_JOB_QUEUE (self));
  self->batch_size = CLAMP (batch_size, 1, 1000);
}

/* Quotes each kind as a PostgreSQL array element. */
static char *
kinds_literal (GHashTable *handlers)
{
  g_autoptr(GString) s = g_string_new ("{");
  GHashTableIter iter;
  const char *kind;

  g_hash_table_iter_init (&iter, handlers);
  while (g_hash_table_iter_next (&iter, (gpointer *) &kind, NULL))
    {
      if (s->len > 1)
        g_string_append_c (s, ',');
      g_string_append_c (s, '"');
      for (const char *p = kind; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (s, '\\');
          g_string_append_c (s, *p);
        }
      g_string_append_c (s, '"');
    }
  g_string_append_c (s, '}');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
finish_job (CsWorkerContext  *ctx,
            const CsJob      *job,
            gboolean          ok,
            JsonNode         *result,
            const GError     *job_error,
            int               max_attempts,
            GError          **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, job->id);
  g_autofree char *result_json = result ? json_to_string (result, FALSE) : NULL;

  if (ok)
    {
      const char *params[] = { id, ctx->worker_id, result_json };
      return cs_db_connection_command (ctx->conn,
                                       "UPDATE jobs SET state = 'done', attempts = attempts + 1,"
                                       " finished_at = now(), finished_by = $2, result = $3::jsonb,"
                                       " last_error = NULL WHERE id = $1::bigint",
                                       3, params, error);
    }
  else
    {
      CsBackoff backoff = CS_BACKOFF_INIT (1000, 600000);
      guint delay = cs_backoff_delay_ms (&backoff, (guint) job->attempts + 1, g_random_double ());
      g_autofree char *delay_ms = g_strdup_printf ("%u", delay);
      const char *final = job->attempts + 1 >= max_attempts ? "failed" : "queued";
      const char *params[] = { id, ctx->worker_id, job_error->message, final, delay_ms };

      return cs_db_connection_command (ctx->conn,
                                       "UPDATE jobs SET attempts = attempts + 1, last_error = $3, state = $4,"
                                       " finished_by = $2,"
                                       " finished_at = CASE WHEN $4 = 'failed' THEN now() END,"
                                       " run_after = now() + make_interval (secs => $5::double precision / 1000)"
                                       " WHERE id = $1::bigint",
                                       5, params, error);
    }
}

static gboolean
run_batch (CsWorkerContext  *ctx,
           gpointer          user_data,
           GError          **error)
{
  CsJobQueue *self = user_data;
  g_autoptr(PGresult) claimed = NULL;
  g_autofree char *limit = g_strdup_printf ("%u", self->batch_size);
  const char *params[] = { self->kinds, limit };
  int n;

  if (!cs_db_connection_begin (ctx->conn, error))
    return FALSE;

  claimed = cs_db_connection_exec (ctx->conn,
                                   "SELECT id, tenant_id, kind, payload, attempts, max_attempts FROM jobs"
                                   " WHERE state = 'queued' AND run_after <= now() AND kind = ANY ($1::text[])"
                                   " ORDER BY run_after, id"
                                   " FOR UPDATE SKIP LOCKED LIMIT $2::int",
                                   2, params, error);
  if (claimed == NULL)
    return FALSE;

  n = PQntuples (claimed);
  for (int row = 0; row < n; row++)
    {
      g_autoptr(JsonNode) payload = NULL;
      g_autoptr(JsonNode) result = NULL;
      g_autoptr(GError) job_error = NULL;
      g_autofree char *what = NULL;
      Handler *h;
      CsJob job;
      gboolean ok;

      /* Stopping: commit what is finished; the rest of the claim is released. */
      if (g_cancellable_is_cancelled (ctx->cancellable))
        break;

      job.id = g_ascii_strtoll (PQgetvalue (claimed, row, 0), NULL, 10);
      job.tenant_id = PQgetvalue (claimed, row, 1);
      job.kind = PQgetvalue (claimed, row, 2);
      job.attempts = atoi (PQgetvalue (claimed, row, 4));
      payload = json_from_string (PQgetvalue (claimed, row, 3), NULL);
      job.payload = payload;
      h = g_hash_table_lookup (self->handlers, job.kind);
      g_assert (h != NULL);

      if (!cs_db_connection_command (ctx->conn, "SAVEPOINT job", 0, NULL, error))
        return FALSE;
      ok = h->handler (ctx, &job, &result, h->user_data, &job_error);
      if (!ok && job_error == NULL)
        g_set_error (&job_error, CS_ERROR, CS_ERROR_FAILED, _("The job failed without saying why"));
      if (!cs_db_connection_command (ctx->conn, ok ? "RELEASE SAVEPOINT job" : "ROLLBACK TO SAVEPOINT job",
                                     0, NULL, error))
        return FALSE;
      if (!finish_job (ctx, &job, ok, result, job_error, atoi (PQgetvalue (claimed, row, 5)), error))
        return FALSE;

      what = g_strdup_printf ("%s #%" G_GINT64_FORMAT, job.kind, job.id);
      cs_worker_pool_report (ctx->pool, "jobs", what, ok, ok ? NULL : job_error->message);
    }

  if (!cs_db_connection_commit (ctx->conn, error))
    return FALSE;
  return n > 0;
}

void
cs_job_queue_attach (CsJobQueue   *self,
                     CsWorkerPool *pool)
{
  g_return_if_fail (CS_IS_JOB_QUEUE (self));
  g_return_if_fail (CS_IS_WORKER_POOL (pool));

  if (self->kinds == NULL)
    self->kinds = kinds_literal (self->handlers);
  cs_worker_pool_add_source (pool, "jobs", "cs_jobs", run_batch, g_object_ref (self), g_object_unref);
}

gint64
cs_job_queue_enqueue (CsDbConnection  *conn,
                      const char      *kind,
                      JsonNode        *payload,
                      GError         **error)
{
  g_autofree char *json = payload ? json_to_string (payload, FALSE) : g_strdup ("{}");
  g_autofree char *id = NULL;
  const char *params[] = { kind, json };

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), 0);
  g_return_val_if_fail (kind != NULL, 0);

  id = cs_db_connection_query_value (conn,
                                     "INSERT INTO jobs (kind, payload) VALUES ($1, $2::jsonb) RETURNING id",
                                     2, params, error);
  return id ? g_ascii_strtoll (id, NULL, 10) : 0;
}
