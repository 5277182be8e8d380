/* cs-engine-integration.c: integration steps, which call other systems over HTTP
 *
 * A call can take seconds, so it never runs inside a transaction: the step
 * is claimed by marking it 'running' with a lease, the call is made, and a
 * second transaction records the result and moves the instance on. A worker
 * that dies during the call leaves a lease that expires; the sweeper makes
 * the step pending again, so the call is retried (at least once: services
 * are given an Idempotency-Key header by the workflows that need one).
 *
 * Retries are rescheduled with the step's backoff rather than slept through,
 * so a worker is never parked on a failing service; an open circuit breaker
 * postpones the step without counting an attempt.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "net/cs-integration-client.h"
#include "cs-engine-private.h"

#define LEASE_SECONDS "600"

/* One HTTP client per worker thread: libsoup sessions are not thread-safe. */
static GPrivate thread_client = G_PRIVATE_INIT (g_object_unref);

static CsIntegrationClient *
get_client (CsEngine *self)
{
  CsIntegrationClient *client = g_private_get (&thread_client);

  if (client == NULL)
    {
      client = cs_integration_client_new (CS_CIRCUIT_BREAKERS (self->breakers));
      g_private_set (&thread_client, client);
    }
  return client;
}

static void
member (JsonBuilder *b,
        const char  *name)
{
  json_builder_set_member_name (b, name);
}

/* Records the outcome of one call in its own transaction. */
static gboolean
record_call (CsWorkerContext  *ctx,
             CsEngine         *self,
             gint64            exec_id,
             gint64            instance_id,
             const char       *step_id,
             CsStep           *step,
             int               attempt,
             gint64            started,
             double            waited_before_ms,
             CsCallOutcome     outcome,
             JsonObject       *mapped,
             CsCallInfo       *info,
             const GError     *call_error,
             GError          **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, exec_id);
  g_autofree char *still_mine = NULL;
  g_autofree char *now_text = NULL;
  g_autoptr(GHashTable) instances = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  CsEngineInstance *inst;
  CsEngineWrites w;
  gint64 now;
  double waited;
  gboolean ok;

  if (!cs_db_connection_begin (ctx->conn, error))
    return FALSE;

  /* The lease may have expired and another worker taken over: then its result counts, not ours. */
  still_mine = cs_db_connection_query_value (ctx->conn,
    "SELECT (extract (epoch FROM clock_timestamp ()) * 1000000)::bigint FROM step_executions"
    " WHERE id = $1::bigint AND status = 'running' AND executed_by = $2 FOR UPDATE",
    2, (const char *[]) { id, ctx->worker_id }, NULL);
  if (still_mine == NULL)
    {
      cs_db_connection_rollback (ctx->conn);
      return TRUE;
    }
  now = g_ascii_strtoll (still_mine, NULL, 10);

  g_array_append_val (ids, instance_id);
  if (!(instances = cs_engine_lock_instances (self, ctx->conn, ids, error)))
    return FALSE;
  inst = g_hash_table_lookup (instances, &instance_id);

  cs_engine_writes_init (&w);
  g_array_append_val (w.claimed, exec_id);
  waited = waited_before_ms + info->duration_ms;

  json_builder_begin_object (w.updates);
  w.n_updates++;
  member (w.updates, "id");
  json_builder_add_int_value (w.updates, exec_id);
  member (w.updates, "wfe");
  json_builder_add_boolean_value (w.updates, TRUE);
  member (w.updates, "lease");
  json_builder_add_null_value (w.updates);

  if (inst == NULL || !g_str_equal (inst->status, "running"))
    {
      member (w.updates, "status");
      json_builder_add_string_value (w.updates, "cancelled");
      member (w.updates, "completed");
      json_builder_add_int_value (w.updates, now);
    }
  else if (outcome == CS_CALL_OK)
    {
      g_autoptr(GError) plan_error = NULL;
      JsonObject *data = json_node_get_object (inst->data);
      g_autoptr(GList) keys = json_object_get_members (mapped);
      CsAdvance advance;

      for (GList *l = keys; l != NULL; l = l->next)
        json_object_set_member (data, l->data, json_node_copy (json_object_get_member (mapped, l->data)));
      json_object_set_int_member (mapped, "http_status", info->status);

      member (w.updates, "status");
      json_builder_add_string_value (w.updates, "completed");
      member (w.updates, "completed");
      json_builder_add_int_value (w.updates, now);
      member (w.updates, "execution_ms");
      json_builder_add_double_value (w.updates, MAX (0, now - started) / 1000.0);
      member (w.updates, "wait_ms");
      json_builder_add_double_value (w.updates, waited);
      member (w.updates, "outputs");
      json_builder_add_value (w.updates, json_node_init_object (json_node_alloc (), mapped));
      member (w.updates, "outcome");
      {
        g_autofree char *answered = g_strdup_printf ("HTTP %u", info->status);
        json_builder_add_string_value (w.updates, answered);
      }

      inst->changed = TRUE;
      cs_advance_init (&advance);
      if (cs_engine_plan_advance (inst->plan, inst->edge_state, step_id, -1, NULL, &advance, &plan_error))
        cs_engine_apply_advance (inst, &w, step_id, &advance, now, NULL);
      else
        cs_engine_fail_instance (inst, step_id, plan_error->message, now);
      cs_advance_clear (&advance);
    }
  else
    {
      gboolean postpone = outcome == CS_CALL_CIRCUIT_OPEN
                          || (outcome == CS_CALL_RETRYABLE && (guint) attempt + 1 < cs_step_get_max_attempts (step));

      member (w.updates, "error");
      json_builder_add_string_value (w.updates, call_error ? call_error->message : _("The call failed"));
      if (postpone)
        {
          gint64 delay_ms;

          if (outcome == CS_CALL_CIRCUIT_OPEN)
            delay_ms = MAX (0, info->retry_at - g_get_monotonic_time ()) / 1000;
          else
            {
              CsBackoff backoff = cs_step_get_backoff (step);
              delay_ms = MAX ((gint64) cs_backoff_delay_ms (&backoff, (guint) attempt + 1, g_random_double ()),
                              info->retry_after_ms);
            }
          member (w.updates, "status");
          json_builder_add_string_value (w.updates, "pending");
          member (w.updates, "run_after");
          json_builder_add_int_value (w.updates, now + delay_ms * 1000);
          member (w.updates, "wait_ms");
          json_builder_add_double_value (w.updates, waited + delay_ms);
          /* An open circuit made no call: not an attempt. */
          member (w.updates, "attempt");
          json_builder_add_int_value (w.updates, outcome == CS_CALL_CIRCUIT_OPEN ? attempt : attempt + 1);
        }
      else
        {
          member (w.updates, "status");
          json_builder_add_string_value (w.updates, "failed");
          member (w.updates, "completed");
          json_builder_add_int_value (w.updates, now);
          member (w.updates, "execution_ms");
          json_builder_add_double_value (w.updates, MAX (0, now - started) / 1000.0);
          member (w.updates, "wait_ms");
          json_builder_add_double_value (w.updates, waited);
          cs_engine_fail_instance (inst, step_id, call_error ? call_error->message : _("The call failed"), now);
        }
    }
  json_builder_end_object (w.updates);

  if (inst != NULL)
    cs_engine_write_instance (inst, &w);
  ok = cs_engine_writes_flush (&w, ctx->conn, error) && cs_db_connection_commit (ctx->conn, error);
  cs_engine_writes_clear (&w);
  if (!ok)
    cs_db_connection_rollback (ctx->conn);
  return ok;
}

gboolean
cs_engine_run_integrations (CsWorkerContext  *ctx,
                            gpointer          user_data,
                            GError          **error)
{
  CsEngine *self = CS_ENGINE (user_data);
  g_autoptr(PGresult) claimed = NULL;
  g_autoptr(CsEnginePlan) plan = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(JsonObject) mapped = json_object_new ();
  g_autoptr(GError) call_error = NULL;
  g_autoptr(GError) plan_error = NULL;
  g_auto(CsCallInfo) info = CS_CALL_INFO_INIT;
  CsCallOutcome outcome;
  CsStep *step;
  gint64 exec_id, instance_id, started;
  int attempt;

  /* One statement, committed at once: the claim is the lease, not a lock. */
  claimed = cs_db_connection_exec (ctx->conn,
    "UPDATE step_executions se SET status = 'running', executed_by = $1,"
    "       lease_until = clock_timestamp () + make_interval (secs => " LEASE_SECONDS "),"
    "       started_at = coalesce (se.started_at, clock_timestamp ()),"
    "       queue_time_ms = coalesce (se.queue_time_ms,"
    "         extract (epoch FROM clock_timestamp () - se.enqueued_at) * 1000)"
    " WHERE se.id = (SELECT id FROM step_executions"
    "                 WHERE status = 'pending' AND step_type = 'integration' AND run_after <= now ()"
    "                   AND instance_id IS NOT NULL"
    "                 ORDER BY run_after, id FOR UPDATE SKIP LOCKED LIMIT 1)"
    " RETURNING se.id, se.instance_id, se.step_id, se.attempt,"
    "           (extract (epoch FROM se.started_at) * 1000000)::bigint, coalesce (se.wait_time_ms, 0),"
    "           (SELECT workflow_version_id FROM workflow_instances WHERE id = se.instance_id),"
    "           (SELECT data::text FROM workflow_instances WHERE id = se.instance_id)",
    1, (const char *[]) { ctx->worker_id }, error);
  if (claimed == NULL || PQntuples (claimed) == 0)
    return FALSE;

  exec_id = g_ascii_strtoll (PQgetvalue (claimed, 0, 0), NULL, 10);
  instance_id = g_ascii_strtoll (PQgetvalue (claimed, 0, 1), NULL, 10);
  attempt = atoi (PQgetvalue (claimed, 0, 3));
  started = g_ascii_strtoll (PQgetvalue (claimed, 0, 4), NULL, 10);

  plan = cs_plan_cache_get (self->plans, ctx->conn, PQgetvalue (claimed, 0, 6), &plan_error);
  step = plan ? cs_engine_plan_get_step (plan, PQgetvalue (claimed, 0, 2)) : NULL;
  if (step == NULL)
    {
      if (plan_error == NULL)
        g_set_error (&plan_error, CS_ERROR, CS_ERROR_NOT_FOUND, _("The workflow version has no step “%s”"),
                     PQgetvalue (claimed, 0, 2));
      outcome = CS_CALL_FATAL;
      call_error = g_steal_pointer (&plan_error);
    }
  else
    {
      data = json_from_string (PQgetvalue (claimed, 0, 7), NULL);
      outcome = cs_integration_client_attempt (get_client (self), step, data, ctx->cancellable,
                                               mapped, &info, &call_error);
    }

  /* Shutting down mid-call: give the step back untouched; it was no attempt. */
  if (g_error_matches (call_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, exec_id);
      cs_db_connection_command (ctx->conn,
        "UPDATE step_executions SET status = 'pending', lease_until = NULL, executed_by = NULL"
        " WHERE id = $1::bigint AND status = 'running'", 1, (const char *[]) { id }, NULL);
      return FALSE;
    }

  if (outcome != CS_CALL_OK)
    cs_worker_pool_report (ctx->pool, "integrations", PQgetvalue (claimed, 0, 2), FALSE,
                           call_error ? call_error->message : NULL);

  return record_call (ctx, self, exec_id, instance_id, PQgetvalue (claimed, 0, 2), step, attempt, started,
                      g_ascii_strtod (PQgetvalue (claimed, 0, 5), NULL), outcome, mapped, &info, call_error,
                      error);
}
