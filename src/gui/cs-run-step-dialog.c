/* cs-run-step-dialog.c: one action step run by hand, or its inputs checked
 *
 * Seed 001's manual execution: choose an action step, edit its inputs
 * (prefilled from what it declares), and validate them only (a dry run) or
 * run its handler. The result shows what a StepResult holds: status,
 * outputs, errors and the validation and execution durations. It runs
 * through cs_step_runner_run_isolated() on a worker thread, on a copy of the
 * step, and records nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/cs-step-runner.h"
#include "cs-data-list.h"
#include "cs-format.h"
#include "cs-json-editor.h"
#include "cs-run-step-dialog.h"

struct _CsRunStepDialog
{
  AdwWindow             parent_instance;

  CsWorkflow           *workflow;
  GPtrArray            *steps;          /* CsStep, the action steps offered */
  GCancellable         *cancellable;    /* the run under way */
  char                 *status;
  char                 *errors;

  AdwWindowTitle       *window_title;
  GtkScrolledWindow    *scroller;
  gboolean              reveal_result;  /* scroll to the result while it is laid out */
  guint                 reveal_source;
  AdwComboRow          *step_row;
  GtkStringList        *step_names;
  GtkLabel             *inputs_description;
  CsJsonEditor         *editor;
  GtkSpinner           *spinner;
  AdwPreferencesGroup  *result_group;
  AdwActionRow         *status_row;
  GtkImage             *status_icon;
  AdwActionRow         *errors_row;
  AdwActionRow         *validation_row;
  AdwActionRow         *execution_row;
  AdwPreferencesGroup  *outputs_group;
  CsDataList           *outputs_list;
};

G_DEFINE_FINAL_TYPE (CsRunStepDialog, cs_run_step_dialog, ADW_TYPE_WINDOW)

static CsStep *
selected_step (CsRunStepDialog *self)
{
  guint i = adw_combo_row_get_selected (self->step_row);
  return i < self->steps->len ? g_ptr_array_index (self->steps, i) : NULL;
}

static JsonNode *
example_value (CsValueType type)
{
  JsonNode *node = json_node_alloc ();

  switch (type)
    {
    case CS_VALUE_INTEGER:
      return json_node_init_int (node, 0);

    case CS_VALUE_NUMBER:
      return json_node_init_double (node, 0);

    case CS_VALUE_BOOLEAN:
      return json_node_init_boolean (node, FALSE);

    case CS_VALUE_OBJECT:
      return json_node_init_object (node, json_object_new ());

    case CS_VALUE_ARRAY:
      return json_node_init_array (node, json_array_new ());

    case CS_VALUE_DATE:
    case CS_VALUE_STRING:
    default:
      return json_node_init_string (node, "");
    }
}

/* Each declared input: the designer's constant when there is one, else an
 * empty value of its type. */
static JsonObject *
prefill (CsStep *step)
{
  JsonObject *inputs = json_object_new ();
  JsonObject *parameters = cs_step_get_parameters (step);
  GPtrArray *declared = cs_step_get_inputs (step);

  for (guint i = 0; declared != NULL && i < declared->len; i++)
    {
      CsStepParam *param = g_ptr_array_index (declared, i);
      const char *name = cs_step_param_get_name (param);

      if (parameters != NULL && json_object_has_member (parameters, name))
        json_object_set_member (inputs, name, json_node_copy (json_object_get_member (parameters, name)));
      else
        json_object_set_member (inputs, name, example_value (cs_step_param_get_value_type (param)));
    }
  return inputs;
}

static void
update_actions (CsRunStepDialog *self)
{
  gboolean can = self->cancellable == NULL && selected_step (self) != NULL && cs_json_editor_get_valid (self->editor);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run-step.validate", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run-step.run", can);
}

static void
validity_changed_cb (CsRunStepDialog *self)
{
  update_actions (self);
}

static void
step_changed_cb (CsRunStepDialog *self)
{
  CsStep *step = selected_step (self);
  g_autoptr(JsonObject) inputs = NULL;
  g_autofree char *description = NULL;

  if (step == NULL)
    return;
  inputs = prefill (step);
  cs_json_editor_set_object (self->editor, inputs);
  /* Translators: %s is the name of the handler an action step runs */
  description = g_strdup_printf (_("Prefilled from the inputs the step declares. It runs the handler “%s”."),
                                 cs_step_get_handler (step));
  gtk_label_set_label (self->inputs_description, description);
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->outputs_group), FALSE);
  self->reveal_result = FALSE;
  update_actions (self);
}

typedef struct
{
  CsStep   *step;       /* a copy only this run uses */
  char     *inputs;
  gboolean  dry_run;
} RunRequest;

typedef struct
{
  char   *status;
  char   *errors;
  char   *outputs;
  double  validation_ms;
  double  execution_ms;
} RunResult;

static void
run_request_free (RunRequest *request)
{
  g_clear_object (&request->step);
  g_free (request->inputs);
  g_free (request);
}

static void
run_result_free (RunResult *result)
{
  g_free (result->status);
  g_free (result->errors);
  g_free (result->outputs);
  g_free (result);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunRequest *request = task_data;
  g_autoptr(JsonNode) node = json_from_string (request->inputs, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  CsHandlerContext ctx = { 0 };
  g_autoptr(GString) errors = g_string_new (NULL);
  RunResult *result = g_new0 (RunResult, 1);
  CsStepRun run;

  ctx.instance_id = "manual";
  ctx.step_id = cs_step_get_id (request->step);
  ctx.seed = cs_handler_seed_for ("manual", ctx.step_id, (guint) g_get_real_time ());
  ctx.now = now;

  cs_step_run_init (&run);
  cs_step_runner_run_isolated (request->step, json_node_get_object (node), request->dry_run, &ctx, &run);

  for (guint i = 0; i < run.validation_errors->len; i++)
    g_string_append_printf (errors, "%s%s", errors->len ? "\n" : "",
                            (char *) g_ptr_array_index (run.validation_errors, i));
  /* The error repeats the validation errors when they are why it failed. */
  if (run.error != NULL && run.validation_errors->len == 0)
    g_string_append_printf (errors, "%s%s", errors->len ? "\n" : "", run.error);

  if (run.status == CS_EXEC_COMPLETED)
    result->status = g_strdup (request->dry_run ? "valid" : "completed");
  else
    result->status = g_strdup ("failed");
  result->errors = errors->len ? g_strdup (errors->str) : NULL;
  if (run.outputs != NULL)
    {
      g_autoptr(JsonNode) outputs = json_node_init_object (json_node_alloc (), run.outputs);
      result->outputs = json_to_string (outputs, FALSE);
    }
  result->validation_ms = run.validation_ms;
  result->execution_ms = request->dry_run ? -1 : run.execution_ms;
  cs_step_run_clear (&run);

  g_task_return_pointer (task, result, (GDestroyNotify) run_result_free);
}

static void
stop_revealing (gpointer user_data)
{
  CsRunStepDialog *self = user_data;

  self->reveal_result = FALSE;
  self->reveal_source = 0;
}

static void
show_result (CsRunStepDialog *self,
             RunResult       *result)
{
  g_autofree char *validation = cs_format_duration_ms (result->validation_ms);
  g_autofree char *execution = result->execution_ms >= 0 ? cs_format_duration_ms (result->execution_ms)
                                                         : g_strdup (_("Not run (validation only)"));
  const char *status_text;
  gboolean ok = !g_str_equal (result->status, "failed");

  if (g_str_equal (result->status, "valid"))
    status_text = _("Valid: the inputs pass the step’s checks");
  else if (g_str_equal (result->status, "completed"))
    status_text = _("Completed");
  else
    status_text = _("Failed");

  g_free (self->status);
  self->status = g_strdup (result->status);
  g_free (self->errors);
  self->errors = g_strdup (result->errors);

  adw_action_row_set_subtitle (self->status_row, status_text);
  gtk_image_set_from_icon_name (self->status_icon, ok ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  gtk_widget_set_css_classes (GTK_WIDGET (self->status_icon), (const char *[]) { ok ? "success" : "error", NULL });
  adw_action_row_set_subtitle (self->errors_row, result->errors ? result->errors : _("None"));
  gtk_widget_set_visible (GTK_WIDGET (self->errors_row), result->errors != NULL);
  adw_action_row_set_subtitle (self->validation_row, validation);
  adw_action_row_set_subtitle (self->execution_row, execution);
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), TRUE);

  if (result->outputs != NULL)
    {
      g_autoptr(JsonNode) outputs = json_from_string (result->outputs, NULL);
      cs_data_list_set_data (self->outputs_list, outputs ? json_node_get_object (outputs) : NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->outputs_group), result->outputs != NULL);

  /* Its rows grow the page over a few frames; follow them for a moment. */
  self->reveal_result = TRUE;
  g_clear_handle_id (&self->reveal_source, g_source_remove);
  self->reveal_source = g_timeout_add_once (300, stop_revealing, self);
}

static void
scroll_range_changed_cb (CsRunStepDialog *self,
                         GParamSpec      *pspec,
                         GtkAdjustment   *adjustment)
{
  if (!self->reveal_result)
    return;
  /* The result is at the bottom: bring as much of it into view as fits. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment)
                                        - gtk_adjustment_get_page_size (adjustment));
}

static void
run_done (GObject      *object,
          GAsyncResult *res,
          gpointer      user_data)
{
  CsRunStepDialog *self = CS_RUN_STEP_DIALOG (object);
  g_autoptr(GError) error = NULL;
  RunResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  if (result == NULL)
    return;   /* cancelled: the dialog closed */
  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);
  show_result (self, result);
  run_result_free (result);
  update_actions (self);
}

static void
run (CsRunStepDialog *self,
     gboolean         dry_run)
{
  CsStep *step = selected_step (self);
  g_autoptr(GTask) task = NULL;
  RunRequest *request;

  if (step == NULL || self->cancellable != NULL || !cs_json_editor_get_valid (self->editor))
    return;

  request = g_new0 (RunRequest, 1);
  request->step = cs_step_copy (step);
  request->inputs = cs_json_editor_get_text (self->editor);
  request->dry_run = dry_run;

  self->cancellable = g_cancellable_new ();
  gtk_spinner_start (self->spinner);
  update_actions (self);

  task = g_task_new (self, self->cancellable, run_done, NULL);
  g_task_set_source_tag (task, run);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, request, (GDestroyNotify) run_request_free);
  g_task_run_in_thread (task, run_thread);
}

static void
validate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  run (CS_RUN_STEP_DIALOG (widget), TRUE);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  run (CS_RUN_STEP_DIALOG (widget), FALSE);
}

gboolean
cs_run_step_dialog_select_step (CsRunStepDialog *self,
                                const char      *step_id)
{
  g_return_val_if_fail (CS_IS_RUN_STEP_DIALOG (self), FALSE);

  for (guint i = 0; i < self->steps->len; i++)
    if (g_strcmp0 (cs_step_get_id (g_ptr_array_index (self->steps, i)), step_id) == 0)
      {
        adw_combo_row_set_selected (self->step_row, i);
        return TRUE;
      }
  return FALSE;
}

void
cs_run_step_dialog_set_inputs (CsRunStepDialog *self,
                               const char      *json)
{
  g_return_if_fail (CS_IS_RUN_STEP_DIALOG (self));
  cs_json_editor_set_text (self->editor, json);
}

gboolean
cs_run_step_dialog_is_running (CsRunStepDialog *self)
{
  g_return_val_if_fail (CS_IS_RUN_STEP_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

const char *
cs_run_step_dialog_get_status (CsRunStepDialog *self)
{
  g_return_val_if_fail (CS_IS_RUN_STEP_DIALOG (self), NULL);
  return self->status;
}

const char *
cs_run_step_dialog_get_errors (CsRunStepDialog *self)
{
  g_return_val_if_fail (CS_IS_RUN_STEP_DIALOG (self), NULL);
  return self->errors;
}

static void
cs_run_step_dialog_dispose (GObject *object)
{
  CsRunStepDialog *self = (CsRunStepDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reveal_source, g_source_remove);
  g_clear_object (&self->workflow);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->errors, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_RUN_STEP_DIALOG);

  G_OBJECT_CLASS (cs_run_step_dialog_parent_class)->dispose (object);
}

static void
cs_run_step_dialog_class_init (CsRunStepDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_run_step_dialog_dispose;

  g_type_ensure (CS_TYPE_JSON_EDITOR);
  g_type_ensure (CS_TYPE_DATA_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/cs-run-step-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CsRunStepDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CsRunStepDialog, scroller);
  gtk_widget_class_bind_template_child (widget_class, CsRunStepDialog, step_row);
  gtk_widget_class_bind_template_child (widget_class, CsRunStepDialog, step_names);
  gtk_widget_class_bind_template_child (widget_class, CsRunStepDialog, inputs_description);
  gtk_widget_class_bind_template_child (widget_class, CsRunStepDialog, editor);
  gtk_widget_class_bind_template_child (widget_class, CsRunStepDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CsRunStepDialog, result_group);
  gtk_widget_class_bind_template_child (widget_class, CsRunStepDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, CsRunStepDialog, status_icon);
  gtk_widget_class_bind_template_child (widget_class, CsRunStepDialog, errors_row);
  gtk_widget_class_bind_template_child (widget_class, CsRunStepDialog, validation_row);
  gtk_widget_class_bind_template_child (widget_class, CsRunStepDialog, execution_row);
  gtk_widget_class_bind_template_child (widget_class, CsRunStepDialog, outputs_group);
  gtk_widget_class_bind_template_child (widget_class, CsRunStepDialog, outputs_list);
  gtk_widget_class_bind_template_callback (widget_class, validity_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, step_changed_cb);

  gtk_widget_class_install_action (widget_class, "run-step.validate", NULL, validate_action);
  gtk_widget_class_install_action (widget_class, "run-step.run", NULL, run_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cs_run_step_dialog_init (CsRunStepDialog *self)
{
  GtkAdjustment *adjustment;

  self->steps = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "notify::upper", G_CALLBACK (scroll_range_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

CsRunStepDialog *
cs_run_step_dialog_new (CsWorkflow *workflow)
{
  CsRunStepDialog *self;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);

  self = g_object_new (CS_TYPE_RUN_STEP_DIALOG, NULL);
  self->workflow = g_object_ref (workflow);
  adw_window_title_set_subtitle (self->window_title, cs_workflow_get_name (workflow));

  for (guint i = 0; i < cs_workflow_get_n_steps (workflow); i++)
    {
      CsStep *step = cs_workflow_get_step (workflow, i);

      if (cs_step_get_step_type (step) != CS_STEP_ACTION)
        continue;
      g_ptr_array_add (self->steps, g_object_ref (step));
      gtk_string_list_append (self->step_names, *cs_step_get_name (step) ? cs_step_get_name (step)
                                                                         : cs_step_get_id (step));
    }
  adw_combo_row_set_selected (self->step_row, 0);
  step_changed_cb (self);
  return self;
}
