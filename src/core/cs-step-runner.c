/* cs-step-runner.c: runs the steps that need no one else (actions, conditionals, terminals)
 *
 * Pure and synchronous: the engine calls it on a worker thread inside the
 * claiming transaction; the manual step dialog and the HTTP API call it for
 * a single step. Validation and execution are timed separately, as seed
 * 001's StepResult records them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-step-runner.h"

void
cs_step_run_init (CsStepRun *run)
{
  g_return_if_fail (run != NULL);

  memset (run, 0, sizeof *run);
  run->chosen_edge = -1;
  run->validation_errors = g_ptr_array_new_with_free_func (g_free);
}

void
cs_step_run_clear (CsStepRun *run)
{
  g_return_if_fail (run != NULL);

  g_clear_pointer (&run->inputs, json_object_unref);
  g_clear_pointer (&run->outputs, json_object_unref);
  g_clear_pointer (&run->validation_errors, g_ptr_array_unref);
  g_clear_pointer (&run->error, g_free);
  g_clear_pointer (&run->outcome, g_free);
}

static double
elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000.0;
}

static void
fail (CsStepRun  *run,
      const char *message)
{
  run->status = CS_EXEC_FAILED;
  g_free (run->error);
  run->error = g_strdup (message);
}

/* Validates @inputs and, unless @dry_run, invokes the handler. */
static void
run_action (CsStep           *step,
            gboolean          dry_run,
            CsHandlerContext *ctx,
            CsStepRun        *run)
{
  CsHandlerRegistry *registry = cs_handler_registry_get_default ();
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();

  if (!cs_step_validate_inputs (step, run->inputs, run->validation_errors))
    {
      g_autofree char *joined = NULL;

      run->validation_ms = elapsed_ms (t0);
      g_ptr_array_add (run->validation_errors, NULL);
      joined = g_strjoinv ("; ", (char **) run->validation_errors->pdata);
      g_ptr_array_remove_index (run->validation_errors, run->validation_errors->len - 1);
      fail (run, joined);
      return;
    }
  run->validation_ms = elapsed_ms (t0);
  if (dry_run)
    {
      run->status = CS_EXEC_COMPLETED;
      return;
    }

  t0 = g_get_monotonic_time ();
  run->outputs = json_object_new ();
  if (!cs_handler_registry_invoke (registry, cs_step_get_handler (step), ctx, run->inputs, run->outputs, &error))
    {
      g_autofree char *message = g_strdup_printf (_("%s (handler %s): %s"), cs_step_get_id (step),
                                                  cs_step_get_handler (step), error->message);
      run->execution_ms = elapsed_ms (t0);
      fail (run, message);
      return;
    }
  run->execution_ms = elapsed_ms (t0);
  run->status = CS_EXEC_COMPLETED;
}

void
cs_step_runner_run (CsEnginePlan     *plan,
                    CsStep           *step,
                    JsonObject       *instance_data,
                    CsHandlerContext *ctx,
                    CsStepRun        *run)
{
  g_return_if_fail (plan != NULL);
  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (instance_data != NULL);
  g_return_if_fail (run != NULL);

  switch (cs_step_get_step_type (step))
    {
    case CS_STEP_ACTION:
      run->inputs = cs_step_build_inputs (step, instance_data);
      run_action (step, FALSE, ctx, run);
      if (run->status == CS_EXEC_COMPLETED)
        cs_step_merge_outputs (step, run->outputs, instance_data);
      break;

    case CS_STEP_CONDITIONAL:
      {
        g_autoptr(JsonNode) data = json_node_init_object (json_node_alloc (), instance_data);
        g_autoptr(GError) error = NULL;
        const char *label = NULL;
        gint64 t0 = g_get_monotonic_time ();

        if (!cs_engine_plan_choose_branch (plan, step, data, &run->chosen_edge, &label, &error))
          {
            run->execution_ms = elapsed_ms (t0);
            fail (run, error->message);
            break;
          }
        run->execution_ms = elapsed_ms (t0);
        run->outcome = g_strdup (label);
        run->status = CS_EXEC_COMPLETED;
      }
      break;

    case CS_STEP_TERMINAL:
      run->outcome = g_strdup (cs_terminal_status_to_string (cs_step_get_terminal_status (step)));
      run->status = CS_EXEC_COMPLETED;
      break;

    case CS_STEP_APPROVAL:
    case CS_STEP_INTEGRATION:
    default:
      /* These need people or the network: the engine handles them. */
      g_return_if_reached ();
    }
}

void
cs_step_runner_run_isolated (CsStep           *step,
                             JsonObject       *inputs,
                             gboolean          dry_run,
                             CsHandlerContext *ctx,
                             CsStepRun        *run)
{
  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (inputs != NULL);
  g_return_if_fail (run != NULL);

  if (cs_step_get_step_type (step) != CS_STEP_ACTION)
    {
      g_autofree char *message = g_strdup_printf (_("%s is a %s step; only action steps run on their own"),
                                                  cs_step_get_id (step),
                                                  cs_step_type_to_string (cs_step_get_step_type (step)));
      fail (run, message);
      return;
    }
  run->inputs = json_object_ref (inputs);
  run_action (step, dry_run, ctx, run);
}

JsonNode *
cs_step_run_execute_report (const char *step_id,
                            CsStepRun  *run,
                            gboolean    dry_run)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (step_id != NULL && run != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "step_id");
  json_builder_add_string_value (b, step_id);
  json_builder_set_member_name (b, "execution_result");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "step_id");
  json_builder_add_string_value (b, step_id);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, run->status == CS_EXEC_COMPLETED ? "completed" : "failed");
  json_builder_set_member_name (b, "outputs");
  json_builder_add_value (b, json_node_init_object (json_node_alloc (), run->outputs ? run->outputs : json_object_new ()));
  json_builder_set_member_name (b, "error");
  if (run->error)
    json_builder_add_string_value (b, run->error);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "execution_duration_ms");
  json_builder_add_int_value (b, (gint64) (run->execution_ms + 0.5));
  json_builder_set_member_name (b, "queue_time_ms");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "validation_duration_ms");
  json_builder_add_int_value (b, (gint64) (run->validation_ms + 0.5));
  /* Handlers run in-process; a per-step memory figure would be invented. */
  json_builder_set_member_name (b, "memory_usage_mb");
  json_builder_add_null_value (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "dry_run");
  json_builder_add_boolean_value (b, dry_run);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
cs_step_run_validate_report (const char *step_id,
                             CsStepRun  *run,
                             GDateTime  *now)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *stamp = NULL;

  g_return_val_if_fail (step_id != NULL && run != NULL && now != NULL, NULL);

  stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "step_id");
  json_builder_add_string_value (b, step_id);
  json_builder_set_member_name (b, "validation_result");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "is_valid");
  json_builder_add_boolean_value (b, run->status == CS_EXEC_COMPLETED);
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  for (guint i = 0; i < run->validation_errors->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (run->validation_errors, i));
  if (run->validation_errors->len == 0 && run->error != NULL)
    json_builder_add_string_value (b, run->error);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "timestamp");
  json_builder_add_string_value (b, stamp);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
