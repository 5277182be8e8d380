/* cs-manual-step.c: running one step on its own (seed 001's manual execution and dry run)
 *
 * Administrators test a step's logic on inputs they type, or check inputs
 * without running anything. A real run leaves a step execution like any
 * other (without an instance), so its timing shows with the step's others.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "core/cs-workflow-json.h"
#include "cs-manual-step.h"

gboolean
cs_manual_step_run (CsDbConnection  *conn,
                    const char      *step_ref,
                    JsonObject      *inputs,
                    gboolean         dry_run,
                    const char      *environment,
                    CsStepRun       *run,
                    char           **step_id_out,
                    GError         **error)
{
  g_autoptr(PGresult) found = NULL;
  g_autoptr(CsWorkflow) workflow = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_auto(GStrv) parts = NULL;
  const char *key = NULL;
  const char *step_id;
  CsHandlerContext ctx = { 0 };
  CsStep *step;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), FALSE);
  g_return_val_if_fail (step_ref != NULL && inputs != NULL && run != NULL, FALSE);

  parts = g_strsplit (step_ref, ".", 2);
  if (parts[1] != NULL)
    key = parts[0], step_id = parts[1];
  else
    step_id = parts[0];

  found = cs_db_connection_exec (conn,
    "SELECT w.key, w.id, v.version, v.definition::text FROM workflows w"
    "  JOIN workflow_versions v ON v.workflow_id = w.id AND v.status = 'published'"
    " WHERE ($1::text IS NULL OR w.key = $1)"
    "   AND v.definition->'steps' @> jsonb_build_array (jsonb_build_object ('id', $2::text))"
    " ORDER BY w.key",
    2, (const char *[]) { key, step_id }, error);
  if (found == NULL)
    return FALSE;
  if (PQntuples (found) == 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND, _("No published workflow has a step “%s”"), step_ref);
      return FALSE;
    }
  if (PQntuples (found) > 1)
    {
      g_autoptr(GString) keys = g_string_new (NULL);
      for (int i = 0; i < PQntuples (found); i++)
        g_string_append_printf (keys, "%s%s.%s", i ? ", " : "", PQgetvalue (found, i, 0), step_id);
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Several workflows have a step “%s”: name one of %s"), step_id, keys->str);
      return FALSE;
    }

  if (!(workflow = cs_workflow_load_from_data (PQgetvalue (found, 0, 3), -1, NULL, error)))
    return FALSE;
  step = cs_workflow_find_step (workflow, step_id);
  g_assert (step != NULL);

  ctx.instance_id = "manual";
  ctx.step_id = step_id;
  ctx.seed = cs_handler_seed_for ("manual", step_id, (guint) g_get_real_time ());
  ctx.now = now;
  cs_step_runner_run_isolated (step, inputs, dry_run, &ctx, run);

  if (!dry_run)
    {
      g_autoptr(JsonNode) in = json_node_init_object (json_node_alloc (), inputs);
      g_autoptr(JsonNode) out = run->outputs ? json_node_init_object (json_node_alloc (), run->outputs) : NULL;
      g_autofree char *in_text = json_to_string (in, FALSE);
      g_autofree char *out_text = out ? json_to_string (out, FALSE) : NULL;
      g_autofree char *validation = g_strdup_printf ("%.3f", run->validation_ms);
      g_autofree char *execution = g_strdup_printf ("%.3f", run->execution_ms);

      if (!cs_db_connection_command (conn,
             "INSERT INTO step_executions (workflow_id, step_id, step_type, step_version, status, enqueued_at,"
             "  started_at, completed_at, queue_time_ms, validation_time_ms, execution_time_ms, wait_time_ms,"
             "  inputs, outputs, error, executed_by, environment)"
             " VALUES ($1::uuid, $2, $3, $4::int, $5, clock_timestamp (), clock_timestamp (),"
             "  clock_timestamp () + make_interval (secs => ($6::float8 + $7::float8) / 1000), 0, $6::float8,"
             "  $7::float8, 0, $8::jsonb, $9::jsonb, $10, session_user, $11)",
             11, (const char *[]) { PQgetvalue (found, 0, 1), step_id,
                                    cs_step_type_to_string (cs_step_get_step_type (step)), PQgetvalue (found, 0, 2),
                                    run->status == CS_EXEC_COMPLETED ? "completed" : "failed",
                                    validation, execution, in_text, out_text, run->error,
                                    environment ? environment : "manual" },
             error))
        return FALSE;
    }

  if (step_id_out != NULL)
    *step_id_out = g_strdup (step_id);
  return TRUE;
}
