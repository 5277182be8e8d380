/* cs-engine.c: the workflow engine, run by the worker pool
 *
 * The engine is stateless between batches: everything about an instance
 * lives in PostgreSQL, so any worker of any process may take any step, and
 * a process can die at any moment without losing or doubling one. What it
 * keeps in memory is only what never changes: the plans of published
 * versions, and the circuit breakers' view of external hosts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/cs-circuit-breaker.h"
#include "core/cs-error.h"
#include "cs-engine-private.h"

#define SWEEP_INTERVAL_US (5 * G_USEC_PER_SEC)
#define SWEEP_LOCK_KEY "7261736975"

G_DEFINE_FINAL_TYPE (CsEngine, cs_engine, G_TYPE_OBJECT)

static void
cs_engine_finalize (GObject *object)
{
  CsEngine *self = (CsEngine *)object;

  g_clear_object (&self->plans);
  g_clear_object (&self->breakers);
  g_mutex_clear (&self->sweep_mutex);
  g_mutex_clear (&self->counters_mutex);

  G_OBJECT_CLASS (cs_engine_parent_class)->finalize (object);
}

static void
cs_engine_class_init (CsEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_engine_finalize;
}

static void
cs_engine_init (CsEngine *self)
{
  self->plans = cs_plan_cache_new ();
  self->breakers = G_OBJECT (cs_circuit_breakers_new ());
  self->batch_size = 128;
  self->chaining = TRUE;
  g_mutex_init (&self->sweep_mutex);
  g_mutex_init (&self->counters_mutex);
}

CsEngine *
cs_engine_new (void)
{
  return g_object_new (CS_TYPE_ENGINE, NULL);
}

void
cs_engine_get_counters (CsEngine *self,
                        guint64  *batches,
                        guint64  *steps,
                        guint64  *failed_batches)
{
  g_return_if_fail (CS_IS_ENGINE (self));

  g_mutex_lock (&self->counters_mutex);
  if (batches)
    *batches = self->batches_committed;
  if (steps)
    *steps = self->steps_recorded;
  if (failed_batches)
    *failed_batches = self->batches_failed;
  g_mutex_unlock (&self->counters_mutex);
}

CsPlanCache *
cs_engine_get_plans (CsEngine *self)
{
  g_return_val_if_fail (CS_IS_ENGINE (self), NULL);
  return self->plans;
}

void
cs_engine_set_batch_size (CsEngine *self,
                          guint     batch_size)
{
  g_return_if_fail (CS_IS_ENGINE (self));
  self->batch_size = CLAMP (batch_size, 1, 5000);
}

/* Whether automatic steps that follow one another run in one transaction
 * (the default, like BPMN engines) or each wait in the queue for a worker. */
void
cs_engine_set_chaining (CsEngine *self,
                        gboolean  chaining)
{
  g_return_if_fail (CS_IS_ENGINE (self));
  self->chaining = !!chaining;
}

void
cs_engine_attach (CsEngine     *self,
                  CsWorkerPool *pool)
{
  g_return_if_fail (CS_IS_ENGINE (self));
  g_return_if_fail (CS_IS_WORKER_POOL (pool));

  cs_worker_pool_add_source (pool, "engine", "cs_steps", cs_engine_run_batch, g_object_ref (self), g_object_unref);
  cs_worker_pool_add_source (pool, "integrations", "cs_steps", cs_engine_run_integrations,
                             g_object_ref (self), g_object_unref);
  cs_worker_pool_add_source (pool, "engine-sweep", NULL, cs_engine_sweep, g_object_ref (self), g_object_unref);
}

/* Housekeeping one worker of one process does every few seconds: overdue
 * approvals are escalated, and claims of integration calls whose worker died
 * are released. */
gboolean
cs_engine_sweep (CsWorkerContext  *ctx,
                 gpointer          user_data,
                 GError          **error)
{
  CsEngine *self = CS_ENGINE (user_data);
  gint64 now = g_get_monotonic_time ();
  g_autofree char *locked = NULL;
  g_autoptr(PGresult) escalated = NULL;
  gboolean due;

  g_mutex_lock (&self->sweep_mutex);
  due = now - self->last_sweep >= SWEEP_INTERVAL_US;
  if (due)
    self->last_sweep = now;
  g_mutex_unlock (&self->sweep_mutex);
  if (!due)
    return FALSE;

  if (!cs_db_connection_begin (ctx->conn, error))
    return FALSE;
  /* One sweeper at a time across every desktop and server. */
  locked = cs_db_connection_query_value (ctx->conn, "SELECT pg_try_advisory_xact_lock (" SWEEP_LOCK_KEY ")",
                                         0, NULL, error);
  if (locked == NULL || !g_str_equal (locked, "t"))
    return cs_db_connection_commit (ctx->conn, error) && FALSE;

  if (!cs_db_connection_command (ctx->conn,
         "UPDATE step_executions SET status = 'pending', attempt = attempt + 1, run_after = clock_timestamp (),"
         "       lease_until = NULL, executed_by = NULL,"
         "       error = 'The worker calling the service stopped; calling again'"
         " WHERE status = 'running' AND lease_until < clock_timestamp ()",
         0, NULL, error))
    return FALSE;

  escalated = cs_db_connection_exec (ctx->conn,
    "WITH due AS ("
    "  UPDATE approval_tasks SET escalation_level = escalation_level + 1, escalated_at = clock_timestamp ()"
    "   WHERE status = 'open' AND escalation_level = 0 AND due_at < clock_timestamp ()"
    "  RETURNING id, tenant_id, instance_id, step_id, step_name, escalate_to, due_at)"
    " INSERT INTO events (tenant_id, kind, subject_type, subject_id, payload, actor)"
    " SELECT tenant_id, 'approval.escalated', 'instance', instance_id::text,"
    "        jsonb_build_object ('task', id, 'step', step_id, 'step_name', step_name,"
    "                            'escalate_to', escalate_to, 'due_at', due_at, 'level', 1),"
    "        'civicstream'"
    "   FROM due RETURNING id",
    0, NULL, error);
  if (escalated == NULL)
    return FALSE;
  if (PQntuples (escalated) > 0)
    {
      g_autofree char *what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d overdue approval escalated",
                                                            "%d overdue approvals escalated", PQntuples (escalated)),
                                               PQntuples (escalated));
      cs_worker_pool_report (ctx->pool, "engine-sweep", what, TRUE, NULL);
    }
  return cs_db_connection_commit (ctx->conn, error) && FALSE;
}

gint64
cs_engine_start_instance (CsEngine        *self,
                          CsDbConnection  *conn,
                          const char      *workflow_key,
                          JsonObject      *data,
                          JsonObject      *attributes,
                          const char      *subject,
                          GError         **error)
{
  g_autoptr(PGresult) version = NULL;
  g_autoptr(CsEnginePlan) plan = NULL;
  g_autoptr(JsonNode) data_node = NULL;
  g_autoptr(JsonNode) attributes_node = NULL;
  g_autofree char *data_text = NULL;
  g_autofree char *attributes_text = NULL;
  g_autofree char *state = NULL;
  g_autofree char *instance = NULL;
  g_autofree char *start_type = NULL;
  CsNextStep *first;
  CsAdvance advance;
  gboolean ok;

  g_return_val_if_fail (CS_IS_ENGINE (self), 0);
  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), 0);
  g_return_val_if_fail (workflow_key != NULL, 0);

  version = cs_db_connection_exec (conn,
    "SELECT v.id, w.id, v.version, coalesce ((v.definition ->> 'observed')::boolean, false)"
    " FROM workflows w JOIN workflow_versions v ON v.workflow_id = w.id"
    " WHERE w.key = $1 AND v.status = 'published'", 1, (const char *[]) { workflow_key }, error);
  if (version == NULL)
    return 0;
  if (PQntuples (version) == 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND, _("Workflow “%s” has no published version to start"),
                   workflow_key);
      return 0;
    }
  if (g_str_equal (PQgetvalue (version, 0, 3), "t"))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Workflow “%s” was discovered from an event log: it records what happened and cannot be started"),
                   workflow_key);
      return 0;
    }
  if (!(plan = cs_plan_cache_get (self->plans, conn, PQgetvalue (version, 0, 0), error)))
    return 0;

  data_node = json_node_init_object (json_node_alloc (), data ? data : json_object_new ());
  if (data == NULL)
    json_object_unref (json_node_get_object (data_node));
  attributes_node = json_node_init_object (json_node_alloc (), attributes ? attributes : json_object_new ());
  if (attributes == NULL)
    json_object_unref (json_node_get_object (attributes_node));
  data_text = json_to_string (data_node, FALSE);
  attributes_text = json_to_string (attributes_node, FALSE);

  cs_advance_init (&advance);
  state = cs_engine_plan_start (plan, &advance);
  first = g_ptr_array_index (advance.runnable, 0);
  start_type = g_strdup (cs_step_type_to_string (cs_step_get_step_type (cs_engine_plan_get_step (plan, first->step_id))));

  ok = cs_db_connection_begin (conn, error);
  if (ok)
    instance = cs_db_connection_query_value (conn,
      "INSERT INTO workflow_instances (workflow_id, workflow_version_id, data, initial_data, attributes,"
      "                                edge_state, current_steps, subject)"
      " VALUES ($1::uuid, $2::uuid, $3::jsonb, $3::jsonb, $4::jsonb, $5, ARRAY[$6], $7) RETURNING id",
      7, (const char *[]) { PQgetvalue (version, 0, 1), PQgetvalue (version, 0, 0), data_text, attributes_text,
                            state, first->step_id, subject }, error);
  ok = instance != NULL
       && cs_db_connection_command (conn,
            "INSERT INTO step_executions (tenant_id, instance_id, workflow_id, step_id, step_type, step_version)"
            " SELECT tenant_id, id, workflow_id, $2, $3, $4::int FROM workflow_instances WHERE id = $1::bigint",
            4, (const char *[]) { instance, first->step_id, start_type, PQgetvalue (version, 0, 2) }, error)
       && cs_db_connection_commit (conn, error);
  cs_advance_clear (&advance);
  if (!ok)
    {
      cs_db_connection_rollback (conn);
      return 0;
    }
  return g_ascii_strtoll (instance, NULL, 10);
}

gboolean
cs_engine_retry_instance (CsDbConnection  *conn,
                          gint64           instance_id,
                          GError         **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, instance_id);
  g_autofree char *status = NULL;
  g_autofree char *n_again = NULL;
  g_autoptr(PGresult) again = NULL;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), FALSE);

  if (!cs_db_connection_begin (conn, error))
    return FALSE;
  status = cs_db_connection_query_value (conn, "SELECT status FROM workflow_instances WHERE id = $1::bigint FOR UPDATE",
                                         1, (const char *[]) { id }, error);
  if (status == NULL)
    goto failed;
  if (!g_str_equal (status, "failed"))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Instance %s is %s; only a failed instance is retried"), id, status);
      goto failed;
    }

  /* The failed step and the branches its failure cancelled run again, as new
   * executions: the failed attempt stays in the history. */
  again = cs_db_connection_exec (conn,
    "INSERT INTO step_executions (tenant_id, instance_id, workflow_id, step_id, step_type, step_version,"
    "                             attempt, from_step, enqueued_at, run_after)"
    " SELECT tenant_id, instance_id, workflow_id, step_id, step_type, step_version, attempt + 1, from_step,"
    "        clock_timestamp (), clock_timestamp ()"
    "   FROM step_executions"
    "  WHERE instance_id = $1::bigint"
    "    AND (status = 'failed' OR (status = 'cancelled' AND error = 'The instance had ended'))"
    "    AND completed_at >= (SELECT completed_at FROM workflow_instances WHERE id = $1::bigint)"
    " RETURNING step_id",
    1, (const char *[]) { id }, error);
  if (again == NULL)
    goto failed;
  n_again = g_strdup_printf ("%d", PQntuples (again));
  if (!cs_db_connection_command (conn,
         "UPDATE workflow_instances SET status = 'running', outcome = NULL, error = NULL, completed_at = NULL,"
         "       current_steps = ARRAY (SELECT DISTINCT step_id FROM step_executions"
         "                              WHERE instance_id = $1::bigint AND status = 'pending')"
         " WHERE id = $1::bigint", 1, (const char *[]) { id }, error)
      || !cs_db_connection_command (conn,
         "INSERT INTO events (kind, subject_type, subject_id, payload)"
         " SELECT 'instance.retried', 'instance', $1, jsonb_build_object ('steps', $2::int)",
         2, (const char *[]) { id, n_again }, error)
      || !cs_db_connection_commit (conn, error))
    goto failed;
  return TRUE;

failed:
  cs_db_connection_rollback (conn);
  return FALSE;
}

gboolean
cs_engine_cancel_instance (CsDbConnection  *conn,
                           gint64           instance_id,
                           const char      *reason,
                           GError         **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, instance_id);
  g_autofree char *updated = NULL;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), FALSE);

  if (!cs_db_connection_begin (conn, error))
    return FALSE;
  updated = cs_db_connection_query_value (conn,
    "UPDATE workflow_instances SET status = 'cancelled', outcome = 'CANCELLED', completed_at = clock_timestamp (),"
    "       error = $2, current_steps = '{}'"
    " WHERE id = $1::bigint AND status IN ('running', 'failed') RETURNING id",
    2, (const char *[]) { id, reason }, NULL);
  if (updated == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND, _("There is no running or failed instance %s"), id);
      goto failed;
    }
  if (!cs_db_connection_command (conn,
         "UPDATE step_executions SET status = 'cancelled', completed_at = clock_timestamp (), error = $2"
         " WHERE instance_id = $1::bigint AND status IN ('pending', 'waiting', 'running')",
         2, (const char *[]) { id, reason }, error)
      || !cs_db_connection_command (conn,
         "UPDATE approval_tasks SET status = 'cancelled' WHERE instance_id = $1::bigint AND status = 'open'",
         1, (const char *[]) { id }, error)
      || !cs_db_connection_commit (conn, error))
    goto failed;
  return TRUE;

failed:
  cs_db_connection_rollback (conn);
  return FALSE;
}
