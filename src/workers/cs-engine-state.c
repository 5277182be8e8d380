/* cs-engine-state.c: instances in a batch, and the batch's writes
 *
 * An instance is locked, changed in memory by each of its steps in the
 * batch, and written back once. Writes go as JSON arrays through
 * jsonb_to_recordset(): one statement per kind of write, whatever the batch
 * size, which is what makes the engine fast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "cs-engine-private.h"

void
cs_engine_writes_init (CsEngineWrites *w)
{
  memset (w, 0, sizeof *w);
  w->updates = json_builder_new ();
  w->inserts = json_builder_new ();
  w->instances = json_builder_new ();
  w->approvals = json_builder_new ();
  w->records = json_builder_new ();
  json_builder_begin_array (w->records);
  json_builder_begin_array (w->updates);
  json_builder_begin_array (w->inserts);
  json_builder_begin_array (w->instances);
  json_builder_begin_array (w->approvals);
  w->finished = g_array_new (FALSE, FALSE, sizeof (gint64));
  w->claimed = g_array_new (FALSE, FALSE, sizeof (gint64));
}

void
cs_engine_writes_clear (CsEngineWrites *w)
{
  g_clear_object (&w->updates);
  g_clear_object (&w->inserts);
  g_clear_object (&w->instances);
  g_clear_object (&w->approvals);
  g_clear_object (&w->records);
  g_clear_pointer (&w->finished, g_array_unref);
  g_clear_pointer (&w->claimed, g_array_unref);
}

static char *
finish_array (JsonBuilder *b)
{
  g_autoptr(JsonNode) root = NULL;

  json_builder_end_array (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static char *
id_array_literal (GArray *ids)
{
  GString *s = g_string_new ("{");

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

gboolean
cs_engine_writes_flush (CsEngineWrites  *w,
                        CsDbConnection  *conn,
                        GError         **error)
{
  g_autofree char *updates = finish_array (w->updates);
  g_autofree char *inserts = finish_array (w->inserts);
  g_autofree char *instances = finish_array (w->instances);
  g_autofree char *approvals = finish_array (w->approvals);
  g_autofree char *records = finish_array (w->records);

  if (w->n_updates > 0
      && !cs_db_connection_command (conn,
           "UPDATE step_executions se SET"
           "  status = u.status,"
           "  started_at = coalesce (to_timestamp (u.started / 1000000.0), se.started_at),"
           "  completed_at = coalesce (to_timestamp (u.completed / 1000000.0), se.completed_at),"
           "  queue_time_ms = coalesce (u.queue_ms, se.queue_time_ms),"
           "  validation_time_ms = coalesce (u.validation_ms, se.validation_time_ms),"
           "  execution_time_ms = coalesce (u.execution_ms, se.execution_time_ms),"
           "  wait_time_ms = coalesce (u.wait_ms, se.wait_time_ms),"
           "  inputs = coalesce (u.inputs, se.inputs),"
           "  outputs = coalesce (u.outputs, se.outputs),"
           "  outcome = coalesce (u.outcome, se.outcome),"
           "  error = coalesce (u.error, se.error),"
           "  executed_by = coalesce (se.executed_by, u.executed_by),"
           "  waiting_for_approval = coalesce (u.wfa, se.waiting_for_approval),"
           "  waiting_for_external = coalesce (u.wfe, se.waiting_for_external),"
           "  attempt = coalesce (u.attempt, se.attempt),"
           "  run_after = coalesce (to_timestamp (u.run_after / 1000000.0), se.run_after),"
           "  lease_until = to_timestamp (u.lease / 1000000.0),"
           "  claimed_at = coalesce (to_timestamp (u.claimed / 1000000.0), se.claimed_at),"
           "  recorded_at = clock_timestamp ()"
           " FROM jsonb_to_recordset ($1::jsonb) AS u (id bigint, status text, started bigint, completed bigint,"
           "   queue_ms float8, validation_ms float8, execution_ms float8, wait_ms float8, inputs jsonb,"
           "   outputs jsonb, outcome text, error text, executed_by text, wfa boolean, wfe boolean,"
           "   attempt int, run_after bigint, lease bigint, claimed bigint)"
           " WHERE se.id = u.id",
           1, (const char *[]) { updates }, error))
    return FALSE;

  if (w->n_inserts > 0
      && !cs_db_connection_command (conn,
           "INSERT INTO step_executions (tenant_id, instance_id, workflow_id, step_id, step_type, step_version,"
           "                             status, from_step, enqueued_at, run_after)"
           " SELECT u.tenant, u.instance, u.workflow, u.step_id, u.step_type, u.version, u.status, u.from_step,"
           "        to_timestamp (u.enqueued / 1000000.0), to_timestamp (u.enqueued / 1000000.0)"
           "   FROM jsonb_to_recordset ($1::jsonb) AS u (tenant uuid, instance bigint, workflow uuid,"
           "        step_id text, step_type text, version int, status text, from_step text, enqueued bigint)",
           1, (const char *[]) { inserts }, error))
    return FALSE;

  if (w->n_records > 0
      && !cs_db_connection_command (conn,
           "INSERT INTO step_executions (tenant_id, instance_id, workflow_id, step_id, step_type, step_version,"
           "  status, from_step, enqueued_at, run_after, started_at, completed_at, queue_time_ms, validation_time_ms,"
           "  execution_time_ms, wait_time_ms, inputs, outputs, outcome, error, executed_by, claimed_at, recorded_at)"
           " SELECT u.tenant, u.instance, u.workflow, u.step_id, u.step_type, u.version, u.status, u.from_step,"
           "        to_timestamp (u.enqueued / 1000000.0), to_timestamp (u.enqueued / 1000000.0),"
           "        to_timestamp (u.started / 1000000.0), to_timestamp (u.completed / 1000000.0), u.queue_ms,"
           "        u.validation_ms, u.execution_ms, u.wait_ms, u.inputs, u.outputs, u.outcome, u.error,"
           "        u.executed_by, to_timestamp (u.claimed / 1000000.0), clock_timestamp ()"
           "   FROM jsonb_to_recordset ($1::jsonb) AS u (tenant uuid, instance bigint, workflow uuid, step_id text,"
           "        step_type text, version int, status text, from_step text, enqueued bigint, claimed bigint,"
           "        started bigint, completed bigint, queue_ms float8, validation_ms float8, execution_ms float8,"
           "        wait_ms float8, inputs jsonb, outputs jsonb, outcome text, error text, executed_by text)",
           1, (const char *[]) { records }, error))
    return FALSE;

  if (w->n_approvals > 0
      && !cs_db_connection_command (conn,
           "INSERT INTO approval_tasks (tenant_id, step_execution_id, instance_id, workflow_id, step_id, step_name,"
           "                            roles, agency, quorum, escalate_to, opened_at, due_at)"
           " SELECT u.tenant, u.step_execution, u.instance, u.workflow, u.step_id, u.step_name,"
           "        ARRAY (SELECT jsonb_array_elements_text (u.roles)), u.agency, u.quorum, u.escalate_to,"
           "        to_timestamp (u.opened / 1000000.0), to_timestamp (u.due / 1000000.0)"
           "   FROM jsonb_to_recordset ($1::jsonb) AS u (tenant uuid, step_execution bigint, instance bigint,"
           "        workflow uuid, step_id text, step_name text, roles jsonb, agency text, quorum text,"
           "        escalate_to text, opened bigint, due bigint)",
           1, (const char *[]) { approvals }, error))
    return FALSE;

  if (w->n_instances > 0
      && !cs_db_connection_command (conn,
           "UPDATE workflow_instances i SET"
           "  data = u.data, edge_state = u.edge_state,"
           "  current_steps = ARRAY (SELECT jsonb_array_elements_text (u.current)),"
           "  status = u.status, outcome = u.outcome, error = u.error,"
           "  completed_at = to_timestamp (u.completed / 1000000.0)"
           " FROM jsonb_to_recordset ($1::jsonb) AS u (id bigint, data jsonb, edge_state text, current jsonb,"
           "   status text, outcome text, error text, completed bigint)"
           " WHERE i.id = u.id",
           1, (const char *[]) { instances }, error))
    return FALSE;

  if (w->finished->len > 0)
    {
      g_autofree char *ended = id_array_literal (w->finished);
      g_autofree char *mine = id_array_literal (w->claimed);

      /* Work of ended instances that nobody holds is cancelled now; rows another
       * worker holds are cancelled by that worker when it sees the instance ended
       * (waiting on its lock here could deadlock with it). */
      if (!cs_db_connection_command (conn,
             "UPDATE step_executions SET status = 'cancelled', completed_at = clock_timestamp (),"
             "       error = 'The instance had ended'"
             " WHERE id IN (SELECT id FROM step_executions"
             "               WHERE instance_id = ANY ($1::bigint[]) AND status IN ('pending', 'waiting')"
             "                 AND NOT (id = ANY ($2::bigint[]))"
             "                 FOR UPDATE SKIP LOCKED)",
             2, (const char *[]) { ended, mine }, error)
          || !cs_db_connection_command (conn,
             "UPDATE approval_tasks SET status = 'cancelled' WHERE instance_id = ANY ($1::bigint[]) AND status = 'open'",
             1, (const char *[]) { ended }, error))
        return FALSE;
    }
  return TRUE;
}

void
cs_engine_instance_free (CsEngineInstance *inst)
{
  if (inst == NULL)
    return;
  g_free (inst->tenant_id);
  g_free (inst->workflow_id);
  g_free (inst->version_id);
  g_free (inst->status);
  g_clear_pointer (&inst->data, json_node_unref);
  g_free (inst->edge_state);
  g_clear_pointer (&inst->current_steps, g_ptr_array_unref);
  g_clear_pointer (&inst->plan, cs_engine_plan_unref);
  g_free (inst->plan_error);
  g_free (inst->outcome);
  g_free (inst->error);
  g_free (inst);
}

GHashTable *
cs_engine_lock_instances (CsEngine        *self,
                          CsDbConnection  *conn,
                          GArray          *instance_ids,
                          GError         **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autofree char *ids = id_array_literal (instance_ids);
  GHashTable *instances;

  /* In id order: two workers locking overlapping sets never wait on each other in a circle. */
  result = cs_db_connection_exec (conn,
    "SELECT i.id, i.tenant_id, i.workflow_id, i.workflow_version_id, v.version, i.status, i.data::text,"
    "       i.edge_state, array_to_string (i.current_steps, ',')"
    "  FROM workflow_instances i JOIN workflow_versions v ON v.id = i.workflow_version_id"
    " WHERE i.id = ANY ($1::bigint[]) ORDER BY i.id FOR UPDATE OF i",
    1, (const char *[]) { ids }, error);
  if (result == NULL)
    return NULL;

  instances = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) cs_engine_instance_free);
  for (int row = 0; row < PQntuples (result); row++)
    {
      CsEngineInstance *inst = g_new0 (CsEngineInstance, 1);
      g_autoptr(GError) local_error = NULL;
      g_auto(GStrv) current = NULL;

      inst->id = g_ascii_strtoll (PQgetvalue (result, row, 0), NULL, 10);
      inst->tenant_id = g_strdup (PQgetvalue (result, row, 1));
      inst->workflow_id = g_strdup (PQgetvalue (result, row, 2));
      inst->version_id = g_strdup (PQgetvalue (result, row, 3));
      inst->version = atoi (PQgetvalue (result, row, 4));
      inst->status = g_strdup (PQgetvalue (result, row, 5));
      inst->data = json_from_string (PQgetvalue (result, row, 6), NULL);
      if (inst->data == NULL || !JSON_NODE_HOLDS_OBJECT (inst->data))
        {
          g_clear_pointer (&inst->data, json_node_unref);
          inst->data = json_node_init_object (json_node_alloc (), json_object_new ());
        }
      inst->edge_state = g_strdup (PQgetvalue (result, row, 7));
      inst->current_steps = g_ptr_array_new_with_free_func (g_free);
      current = g_strsplit (PQgetvalue (result, row, 8), ",", -1);
      for (guint i = 0; current[i] != NULL; i++)
        if (*current[i])
          g_ptr_array_add (inst->current_steps, g_strdup (current[i]));

      inst->plan = cs_plan_cache_get (self->plans, conn, inst->version_id, &local_error);
      if (inst->plan == NULL)
        inst->plan_error = g_strdup (local_error->message);

      g_hash_table_insert (instances, &inst->id, inst);
    }
  return instances;
}

static void
remove_current (CsEngineInstance *inst,
                const char       *step_id)
{
  for (guint i = 0; i < inst->current_steps->len; i++)
    if (g_str_equal (g_ptr_array_index (inst->current_steps, i), step_id))
      {
        g_ptr_array_remove_index (inst->current_steps, i);
        return;
      }
}

static void
insert_step (CsEngineInstance *inst,
             CsEngineWrites   *w,
             const char       *step_id,
             const char       *from_step,
             const char       *status,
             gint64            enqueued)
{
  CsStep *step = cs_engine_plan_get_step (inst->plan, step_id);

  json_builder_begin_object (w->inserts);
  json_builder_set_member_name (w->inserts, "tenant");
  json_builder_add_string_value (w->inserts, inst->tenant_id);
  json_builder_set_member_name (w->inserts, "instance");
  json_builder_add_int_value (w->inserts, inst->id);
  json_builder_set_member_name (w->inserts, "workflow");
  json_builder_add_string_value (w->inserts, inst->workflow_id);
  json_builder_set_member_name (w->inserts, "step_id");
  json_builder_add_string_value (w->inserts, step_id);
  json_builder_set_member_name (w->inserts, "step_type");
  json_builder_add_string_value (w->inserts, cs_step_type_to_string (cs_step_get_step_type (step)));
  json_builder_set_member_name (w->inserts, "version");
  json_builder_add_int_value (w->inserts, inst->version);
  json_builder_set_member_name (w->inserts, "status");
  json_builder_add_string_value (w->inserts, status);
  json_builder_set_member_name (w->inserts, "from_step");
  if (from_step)
    json_builder_add_string_value (w->inserts, from_step);
  else
    json_builder_add_null_value (w->inserts);
  json_builder_set_member_name (w->inserts, "enqueued");
  json_builder_add_int_value (w->inserts, enqueued);
  json_builder_end_object (w->inserts);
  w->n_inserts++;
}

void
cs_engine_job_free (CsEngineJob *job)
{
  g_free ((char *) job->step_id);
  g_free ((char *) job->from_step);
  g_free (job);
}

/* A runaway chain (a designer's mistake can make a long one) is cut here:
 * the rest waits in the queue like any runnable step. */
#define MAX_CHAINED_PER_BATCH 64

void
cs_engine_apply_advance (CsEngineInstance *inst,
                         CsEngineWrites   *w,
                         const char       *step_id,
                         CsAdvance        *advance,
                         gint64            completed_at,
                         GQueue           *chain)
{
  remove_current (inst, step_id);
  inst->changed = TRUE;

  if (advance->finished)
    {
      inst->finished = TRUE;
      g_free (inst->status);
      inst->status = g_strdup (advance->terminal == CS_TERMINAL_CANCELLED ? "cancelled" : "completed");
      g_free (inst->outcome);
      inst->outcome = g_ascii_strup (cs_terminal_status_to_string (advance->terminal), -1);
      inst->completed_at = completed_at;
      g_ptr_array_set_size (inst->current_steps, 0);
      g_array_append_val (w->finished, inst->id);
      return;
    }

  for (guint i = 0; i < advance->runnable->len; i++)
    {
      CsNextStep *next = g_ptr_array_index (advance->runnable, i);
      CsStepType type = cs_step_get_step_type (cs_engine_plan_get_step (inst->plan, next->step_id));

      if (chain != NULL && inst->chained < MAX_CHAINED_PER_BATCH
          && (type == CS_STEP_ACTION || type == CS_STEP_CONDITIONAL || type == CS_STEP_TERMINAL))
        {
          CsEngineJob *job = g_new0 (CsEngineJob, 1);
          job->step_id = g_strdup (next->step_id);
          job->from_step = g_strdup (next->from_step);
          job->enqueued_at = completed_at;
          inst->chained++;
          g_queue_push_tail (chain, job);
          continue;
        }
      insert_step (inst, w, next->step_id, next->from_step, "pending", completed_at);
      g_ptr_array_add (inst->current_steps, g_strdup (next->step_id));
    }
  /* Skipped steps are recorded too: branch analysis counts the paths not taken. */
  for (guint i = 0; i < advance->skipped->len; i++)
    insert_step (inst, w, g_ptr_array_index (advance->skipped, i), step_id, "skipped", completed_at);
}

void
cs_engine_fail_instance (CsEngineInstance *inst,
                         const char       *step_id,
                         const char       *error,
                         gint64            when)
{
  inst->changed = TRUE;
  if (!g_str_equal (inst->status, "running"))
    return;
  g_free (inst->status);
  inst->status = g_strdup ("failed");
  g_free (inst->outcome);
  inst->outcome = g_strdup ("FAILED");
  g_free (inst->error);
  inst->error = g_strdup_printf ("%s: %s", step_id, error ? error : _("failed"));
  inst->completed_at = when;
  inst->finished = TRUE;
}

void
cs_engine_write_instance (CsEngineInstance *inst,
                          CsEngineWrites   *w)
{
  JsonBuilder *b = w->instances;

  if (!inst->changed)
    return;
  if (inst->finished && g_str_equal (inst->status, "failed"))
    g_array_append_val (w->finished, inst->id);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, inst->id);
  json_builder_set_member_name (b, "data");
  json_builder_add_value (b, json_node_ref (inst->data));
  json_builder_set_member_name (b, "edge_state");
  json_builder_add_string_value (b, inst->edge_state);
  json_builder_set_member_name (b, "current");
  json_builder_begin_array (b);
  for (guint i = 0; i < inst->current_steps->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (inst->current_steps, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, inst->status);
  json_builder_set_member_name (b, "outcome");
  if (inst->outcome)
    json_builder_add_string_value (b, inst->outcome);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "error");
  if (inst->error)
    json_builder_add_string_value (b, inst->error);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "completed");
  if (inst->completed_at > 0)
    json_builder_add_int_value (b, inst->completed_at);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  w->n_instances++;
}
