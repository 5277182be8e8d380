/* cs-engine-batch.c: one batch of workflow steps, claimed, run and written in one transaction
 *
 * A worker claims up to batch-size runnable step executions with FOR UPDATE
 * SKIP LOCKED, locks their instances (in id order, so workers never deadlock
 * on them), runs each step against its instance's data, and writes every
 * result, every newly runnable step and every changed instance with one
 * statement each. Either all of it commits or none: a worker that dies
 * anywhere in between leaves the claimed steps pending for another worker,
 * and no step is recorded twice.
 *
 * Approvals are opened here (the step waits for people) and completed here
 * once cs_approval_decide() hands them back. Integrations call the network
 * and are run by cs-engine-integration.c outside any transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "cs-engine-private.h"

typedef struct
{
  gint64  id;
  gint64  instance_id;
  char   *step_id;
  int     attempt;
  char   *decision;      /* approvals handed back by cs_approval_decide () */
  char   *from_step;
  gint64  enqueued_at;
  gint64  started_at;    /* set when it has been started before (an approval) */
  gint64  decided_at;
  char   *decided_by;
} Claimed;

static void
claimed_clear (Claimed *c)
{
  g_free (c->step_id);
  g_free (c->decision);
  g_free (c->from_step);
  g_free (c->decided_by);
}

static gint64
int64_at (PGresult *result,
          int       row,
          int       col)
{
  return PQgetisnull (result, row, col) ? 0 : g_ascii_strtoll (PQgetvalue (result, row, col), NULL, 10);
}

static char *
string_at (PGresult *result,
           int       row,
           int       col)
{
  return PQgetisnull (result, row, col) ? NULL : g_strdup (PQgetvalue (result, row, col));
}

/* The record of a claimed step, as one object of the update array. */
static void
begin_update (CsEngineWrites *w,
              gint64          id,
              const char     *status)
{
  json_builder_begin_object (w->updates);
  json_builder_set_member_name (w->updates, "id");
  json_builder_add_int_value (w->updates, id);
  json_builder_set_member_name (w->updates, "status");
  json_builder_add_string_value (w->updates, status);
  json_builder_set_member_name (w->updates, "claimed");
  json_builder_add_int_value (w->updates, w->claimed_at);
  w->n_updates++;
}

static void
member_int (JsonBuilder *b,
            const char  *name,
            gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
member_double (JsonBuilder *b,
               const char  *name,
               double       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, value);
}

static void
member_string (JsonBuilder *b,
               const char  *name,
               const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
member_object (JsonBuilder *b,
               const char  *name,
               JsonObject  *object)
{
  JsonNode *node;

  if (object == NULL)
    return;
  node = json_node_init_object (json_node_alloc (), object);
  json_builder_set_member_name (b, name);
  json_builder_add_value (b, node);
}

/* The seed's "blockchain recording": the sealed record joins the tenant's
 * hash chain, in the same transaction as the step. A failure here fails the
 * batch, which is then retried step by step. */
static void
seal (CsWorkerContext  *ctx,
      CsEngineInstance *inst,
      CsEngineJob      *job,
      JsonObject       *outputs)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *text = NULL;
  g_autofree char *instance = g_strdup_printf ("%" G_GINT64_FORMAT, inst->id);
  g_autofree char *exec = job->exec_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, job->exec_id) : NULL;
  g_autoptr(GError) error = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "instance");
  json_builder_add_int_value (b, inst->id);
  json_builder_set_member_name (b, "workflow");
  json_builder_add_string_value (b, inst->workflow_id);
  json_builder_set_member_name (b, "step");
  json_builder_add_string_value (b, job->step_id);
  json_builder_set_member_name (b, "record_digest");
  json_builder_add_string_value (b, outputs ? json_object_get_string_member_with_default (outputs, "record_digest", "") : "");
  json_builder_set_member_name (b, "data");
  json_builder_add_value (b, json_node_copy (inst->data));
  json_builder_end_object (b);
  payload = json_builder_get_root (b);
  text = json_to_string (payload, FALSE);

  if (!cs_db_connection_command (ctx->conn, "SELECT cs_audit_append ('record.sealed', $1::jsonb, $2::bigint, $3::bigint)",
                                 3, (const char *[]) { text, instance, exec }, &error))
    cs_engine_fail_instance (inst, job->step_id, error->message, 0);
}

/* Writes a step's result: an update of its claimed row, or, for a step
 * chained in this batch, a new row complete from the start. */
static void
write_result (CsWorkerContext  *ctx,
              CsEngineInstance *inst,
              CsEngineWrites   *w,
              CsEngineJob      *job,
              CsStep           *step,
              CsStepRun        *run,
              gint64            started,
              gint64            completed)
{
  JsonBuilder *b;

  if (job->exec_id > 0)
    {
      begin_update (w, job->exec_id, cs_exec_status_to_string (run->status));
      b = w->updates;
    }
  else
    {
      b = w->records;
      json_builder_begin_object (b);
      member_string (b, "tenant", inst->tenant_id);
      member_int (b, "instance", inst->id);
      member_string (b, "workflow", inst->workflow_id);
      member_string (b, "step_id", job->step_id);
      member_string (b, "step_type", cs_step_type_to_string (cs_step_get_step_type (step)));
      member_int (b, "version", inst->version);
      member_string (b, "status", cs_exec_status_to_string (run->status));
      member_string (b, "from_step", job->from_step);
      member_int (b, "enqueued", job->enqueued_at);
      member_int (b, "claimed", w->claimed_at);
      w->n_records++;
    }
  member_int (b, "started", started);
  member_int (b, "completed", completed);
  member_double (b, "queue_ms", MAX (0, started - job->enqueued_at) / 1000.0);
  member_double (b, "validation_ms", run->validation_ms);
  member_double (b, "execution_ms", (completed - started) / 1000.0);
  member_double (b, "wait_ms", 0);
  member_object (b, "inputs", run->inputs);
  member_object (b, "outputs", run->outputs);
  member_string (b, "outcome", run->outcome);
  member_string (b, "error", run->error);
  member_string (b, "executed_by", ctx->worker_id);
  json_builder_end_object (b);
}

/* Runs an action, conditional or terminal step in-process; automatic steps
 * it makes runnable go to @chain, to run in this same transaction. */
static void
run_automatic (CsWorkerContext  *ctx,
               CsEngineInstance *inst,
               CsEngineWrites   *w,
               CsEngineJob      *job,
               CsStep           *step,
               gint64           *clock,
               GQueue           *chain)
{
  g_autofree char *instance_id = g_strdup_printf ("%" G_GINT64_FORMAT, inst->id);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (*clock / G_USEC_PER_SEC);
  CsHandlerContext hctx = {
    instance_id, inst->tenant_id, job->step_id,
    cs_handler_seed_for (instance_id, job->step_id, (guint) job->attempt), now, NULL,
  };
  gint64 started = *clock;
  gint64 t0 = g_get_monotonic_time ();
  gint64 completed;
  CsStepRun run;

  cs_step_run_init (&run);
  cs_step_runner_run (inst->plan, step, json_node_get_object (inst->data), &hctx, &run);
  /* One clock for the whole batch: the database's, advanced by what we measured. */
  completed = started + MAX (g_get_monotonic_time () - t0, 1);
  *clock = completed;

  write_result (ctx, inst, w, job, step, &run, started, completed);

  inst->changed = TRUE;
  if (run.status == CS_EXEC_COMPLETED && g_strcmp0 (cs_step_get_handler (step), "record.seal") == 0)
    seal (ctx, inst, job, run.outputs);

  if (run.status == CS_EXEC_COMPLETED)
    {
      g_autoptr(GError) error = NULL;
      CsAdvance advance;

      cs_advance_init (&advance);
      if (cs_engine_plan_advance (inst->plan, inst->edge_state, job->step_id, run.chosen_edge, NULL, &advance, &error))
        cs_engine_apply_advance (inst, w, job->step_id, &advance, completed, chain);
      else
        cs_engine_fail_instance (inst, job->step_id, error->message, completed);
      cs_advance_clear (&advance);
    }
  else
    cs_engine_fail_instance (inst, job->step_id, run.error, completed);

  cs_step_run_clear (&run);
}

/* Like BPMN engines, automatic steps that follow one another run in the
 * transaction that claimed the first, until the instance reaches a wait
 * state (an approval, an integration) or its end: no queue between them,
 * so they record no queue time, and the instance row is written once. */
static void
run_chain (CsWorkerContext  *ctx,
           CsEngineInstance *inst,
           CsEngineWrites   *w,
           GQueue           *chain,
           gint64           *clock)
{
  CsEngineJob *job;

  while ((job = g_queue_pop_head (chain)) != NULL)
    {
      CsStep *step = cs_engine_plan_get_step (inst->plan, job->step_id);

      if (g_str_equal (inst->status, "running"))
        run_automatic (ctx, inst, w, job, step, clock, chain);
      cs_engine_job_free (job);
    }
}

/* The first time: open a task for people and wait. */
static void
open_approval (CsWorkerContext  *ctx,
               CsEngineInstance *inst,
               CsEngineWrites   *w,
               Claimed          *c,
               CsStep           *step,
               gint64           *clock)
{
  const char * const *roles = cs_step_get_approver_roles (step);
  guint due = cs_step_get_due_seconds (step);
  gint64 started = *clock;

  begin_update (w, c->id, "waiting");
  member_int (w->updates, "started", started);
  member_double (w->updates, "queue_ms", MAX (0, started - c->enqueued_at) / 1000.0);
  json_builder_set_member_name (w->updates, "wfa");
  json_builder_add_boolean_value (w->updates, TRUE);
  json_builder_end_object (w->updates);

  json_builder_begin_object (w->approvals);
  member_string (w->approvals, "tenant", inst->tenant_id);
  member_int (w->approvals, "step_execution", c->id);
  member_int (w->approvals, "instance", inst->id);
  member_string (w->approvals, "workflow", inst->workflow_id);
  member_string (w->approvals, "step_id", c->step_id);
  member_string (w->approvals, "step_name", cs_step_get_name (step));
  json_builder_set_member_name (w->approvals, "roles");
  json_builder_begin_array (w->approvals);
  for (guint i = 0; roles[i] != NULL; i++)
    json_builder_add_string_value (w->approvals, roles[i]);
  json_builder_end_array (w->approvals);
  member_string (w->approvals, "agency", cs_step_get_agency (step));
  member_string (w->approvals, "quorum", cs_quorum_to_string (cs_step_get_quorum (step)));
  member_string (w->approvals, "escalate_to", cs_step_get_escalate_to (step));
  member_int (w->approvals, "opened", started);
  if (due > 0)
    member_int (w->approvals, "due", started + (gint64) due * G_USEC_PER_SEC);
  json_builder_end_object (w->approvals);
  w->n_approvals++;
}

/* People decided: the step completes with their outcome. */
static void
complete_approval (CsWorkerContext  *ctx,
                   CsEngineInstance *inst,
                   CsEngineWrites   *w,
                   Claimed          *c,
                   gint64           *clock,
                   GQueue           *chain)
{
  g_autoptr(GError) error = NULL;
  gint64 completed = *clock;
  gint64 started = c->started_at > 0 ? c->started_at : completed;
  gint64 decided = c->decided_at > 0 ? c->decided_at : completed;
  CsAdvance advance;

  begin_update (w, c->id, "completed");
  member_int (w->updates, "completed", completed);
  member_double (w->updates, "execution_ms", MAX (0, completed - started) / 1000.0);
  member_double (w->updates, "wait_ms", MAX (0, decided - started) / 1000.0);
  member_string (w->updates, "outcome", c->decision);
  json_builder_end_object (w->updates);

  inst->changed = TRUE;
  cs_advance_init (&advance);
  if (cs_engine_plan_advance (inst->plan, inst->edge_state, c->step_id, -1, c->decision, &advance, &error))
    cs_engine_apply_advance (inst, w, c->step_id, &advance, completed, chain);
  else
    cs_engine_fail_instance (inst, c->step_id, error->message, completed);
  cs_advance_clear (&advance);
}

static void
cancel_claimed (CsEngineWrites *w,
                Claimed        *c,
                const char     *why,
                gint64          when)
{
  begin_update (w, c->id, "cancelled");
  member_int (w->updates, "completed", when);
  member_string (w->updates, "error", why);
  json_builder_end_object (w->updates);
}

static void
process_claimed (CsWorkerContext  *ctx,
                 CsEngine         *self,
                 CsEngineInstance *inst,
                 CsEngineWrites   *w,
                 Claimed          *c,
                 gint64           *clock)
{
  g_autoptr(GQueue) chain = self->chaining ? g_queue_new () : NULL;
  CsStep *step;

  if (inst == NULL || !g_str_equal (inst->status, "running"))
    {
      cancel_claimed (w, c, _("The instance had ended"), *clock);
      return;
    }
  if (inst->plan == NULL)
    {
      begin_update (w, c->id, "failed");
      member_int (w->updates, "completed", *clock);
      member_string (w->updates, "error", inst->plan_error);
      json_builder_end_object (w->updates);
      cs_engine_fail_instance (inst, c->step_id, inst->plan_error, *clock);
      return;
    }
  if ((step = cs_engine_plan_get_step (inst->plan, c->step_id)) == NULL)
    {
      g_autofree char *why = g_strdup_printf (_("Version %d of this workflow has no step “%s”"),
                                              inst->version, c->step_id);
      begin_update (w, c->id, "failed");
      member_int (w->updates, "completed", *clock);
      member_string (w->updates, "error", why);
      json_builder_end_object (w->updates);
      cs_engine_fail_instance (inst, c->step_id, why, *clock);
      return;
    }

  switch (cs_step_get_step_type (step))
    {
    case CS_STEP_APPROVAL:
      if (c->decision == NULL)
        open_approval (ctx, inst, w, c, step, clock);
      else
        complete_approval (ctx, inst, w, c, clock, chain);
      break;

    case CS_STEP_ACTION:
    case CS_STEP_CONDITIONAL:
    case CS_STEP_TERMINAL:
      {
        CsEngineJob job = { c->id, c->step_id, c->from_step, c->enqueued_at, c->attempt };
        run_automatic (ctx, inst, w, &job, step, clock, chain);
      }
      break;

    case CS_STEP_INTEGRATION:
    default:
      /* Claimed by the integration source only; never here. */
      g_assert_not_reached ();
    }

  if (chain != NULL)
    run_chain (ctx, inst, w, chain, clock);
}

/* After a batch failed for a reason other than the connection, this thread
 * takes the next claims one by one, so one bad step cannot stall the rest. */
static GPrivate solo_claims;

/* A step whose writes the database refuses even alone: record the failure
 * on the step and its instance, so it is visible and can be retried. */
static gboolean
fail_poisoned (CsWorkerContext  *ctx,
               gint64            step_execution,
               const char       *message,
               GError          **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, step_execution);

  return cs_db_connection_begin (ctx->conn, error)
         && cs_db_connection_command (ctx->conn,
              "WITH failed AS ("
              "  UPDATE step_executions SET status = 'failed', completed_at = clock_timestamp (), error = $2,"
              "         executed_by = $3"
              "   WHERE id = $1::bigint AND status = 'pending' RETURNING instance_id, step_id)"
              " UPDATE workflow_instances i SET status = 'failed', outcome = 'FAILED',"
              "        completed_at = clock_timestamp (), error = failed.step_id || ': ' || $2"
              "   FROM failed WHERE i.id = failed.instance_id AND i.status = 'running'",
              3, (const char *[]) { id, message, ctx->worker_id }, error)
         && cs_db_connection_commit (ctx->conn, error);
}

gboolean
cs_engine_run_batch (CsWorkerContext  *ctx,
                     gpointer          user_data,
                     GError          **error)
{
  CsEngine *self = CS_ENGINE (user_data);
  g_autoptr(PGresult) claimed_rows = NULL;
  g_autoptr(GHashTable) instances = NULL;
  g_autoptr(GArray) instance_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) claims = g_array_new (FALSE, TRUE, sizeof (Claimed));
  guint solo = GPOINTER_TO_UINT (g_private_get (&solo_claims));
  g_autofree char *limit = g_strdup_printf ("%u", solo > 0 ? 1 : self->batch_size);
  g_autoptr(GError) batch_error = NULL;
  CsEngineWrites writes;
  gint64 clock;
  gboolean ok = FALSE;
  int n;

  g_array_set_clear_func (claims, (GDestroyNotify) claimed_clear);

  if (!cs_db_connection_begin (ctx->conn, error))
    return FALSE;

  claimed_rows = cs_db_connection_exec (ctx->conn,
    "SELECT id, instance_id, step_id, attempt, outcome, from_step,"
    "       (extract (epoch FROM enqueued_at) * 1000000)::bigint,"
    "       (extract (epoch FROM started_at) * 1000000)::bigint,"
    "       (extract (epoch FROM decided_at) * 1000000)::bigint,"
    "       executed_by,"
    "       (extract (epoch FROM clock_timestamp ()) * 1000000)::bigint"
    "  FROM step_executions"
    " WHERE status = 'pending' AND run_after <= now () AND instance_id IS NOT NULL"
    "   AND step_type <> 'integration'"
    " ORDER BY run_after, id"
    "   FOR UPDATE SKIP LOCKED LIMIT $1::int",
    1, (const char *[]) { limit }, error);
  if (claimed_rows == NULL)
    return FALSE;

  n = PQntuples (claimed_rows);
  if (n == 0)
    {
      cs_db_connection_commit (ctx->conn, error);
      return FALSE;   /* nothing to do: the worker may sleep */
    }

  clock = int64_at (claimed_rows, 0, 10);
  for (int row = 0; row < n; row++)
    {
      Claimed c = { 0 };
      c.id = int64_at (claimed_rows, row, 0);
      c.instance_id = int64_at (claimed_rows, row, 1);
      c.step_id = g_strdup (PQgetvalue (claimed_rows, row, 2));
      c.attempt = atoi (PQgetvalue (claimed_rows, row, 3));
      c.decision = string_at (claimed_rows, row, 4);
      c.from_step = string_at (claimed_rows, row, 5);
      c.enqueued_at = int64_at (claimed_rows, row, 6);
      c.started_at = int64_at (claimed_rows, row, 7);
      c.decided_at = int64_at (claimed_rows, row, 8);
      c.decided_by = string_at (claimed_rows, row, 9);
      g_array_append_val (claims, c);
      g_array_append_val (instance_ids, c.instance_id);
    }

  if (!(instances = cs_engine_lock_instances (self, ctx->conn, instance_ids, error)))
    return FALSE;

  cs_engine_writes_init (&writes);
  writes.claimed_at = clock;
  for (guint i = 0; i < claims->len; i++)
    {
      Claimed *c = &g_array_index (claims, Claimed, i);
      CsEngineInstance *inst = g_hash_table_lookup (instances, &c->instance_id);

      g_array_append_val (writes.claimed, c->id);
      process_claimed (ctx, self, inst, &writes, c, &clock);
    }

  {
    GHashTableIter iter;
    CsEngineInstance *inst;

    g_hash_table_iter_init (&iter, instances);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &inst))
      cs_engine_write_instance (inst, &writes);
  }

  ok = cs_engine_writes_flush (&writes, ctx->conn, &batch_error)
       && cs_db_connection_commit (ctx->conn, &batch_error);
  g_mutex_lock (&self->counters_mutex);
  if (ok)
    {
      self->batches_committed++;
      self->steps_recorded += writes.n_updates + writes.n_records;
    }
  else
    self->batches_failed++;
  g_mutex_unlock (&self->counters_mutex);
  cs_engine_writes_clear (&writes);
  if (solo > 0)
    g_private_set (&solo_claims, GUINT_TO_POINTER (solo - 1));
  if (ok)
    return TRUE;

  cs_db_connection_rollback (ctx->conn);
  if (cs_db_error_is_connection (batch_error))
    {
      g_propagate_error (error, g_steal_pointer (&batch_error));
      return FALSE;
    }
  if (n > 1)
    {
      g_private_set (&solo_claims, GUINT_TO_POINTER ((guint) n));
      return TRUE;
    }
  cs_worker_pool_report (ctx->pool, "engine", g_array_index (claims, Claimed, 0).step_id, FALSE, batch_error->message);
  return fail_poisoned (ctx, g_array_index (claims, Claimed, 0).id, batch_error->message, error);
}
