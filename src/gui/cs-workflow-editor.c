/* cs-workflow-editor.c: the workflow designer: diagram, palette, settings, problems
 *
 * Validation runs in an idle after each change (it is linear in the size of
 * the workflow) and feeds the problem list, the tab's count and the
 * markers on the diagram.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "core/cs-init.h"
#include "core/cs-workflow-validate.h"
#include "cs-dag-scene.h"
#include "cs-workflow-editor-private.h"

G_DEFINE_FINAL_TYPE (CsWorkflowEditor, cs_workflow_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKFLOW,
  PROP_READ_ONLY,
  PROP_SAVING,
  PROP_MODIFIED,
  N_PROPS
};

enum {
  SAVE_REQUESTED,
  RELOAD_REQUESTED,
  SAVE_AS_DRAFT_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
cs_workflow_editor_show_message (CsWorkflowEditor *self,
                                 const char       *text,
                                 gboolean          offer_retry)
{
  AdwToast *toast = adw_toast_new (text);

  g_free (self->message);
  self->message = g_strdup (text);
  adw_toast_set_timeout (toast, offer_retry ? 0 : 5);
  if (offer_retry)
    {
      adw_toast_set_button_label (toast, _("_Retry"));
      adw_toast_set_action_name (toast, "editor.save");
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Problems */

static void
on_problem_activated (GtkListBox       *list,
                      GtkListBoxRow    *row,
                      CsWorkflowEditor *self)
{
  const char *step_id = g_object_get_data (G_OBJECT (row), "cs-step-id");

  if (step_id == NULL || cs_workflow_find_step (self->workflow, step_id) == NULL)
    return;
  cs_dag_canvas_select_step (self->canvas, step_id, FALSE);
  cs_dag_canvas_set_focus_step (self->canvas, step_id);
  cs_dag_canvas_scroll_to_step (self->canvas, step_id);
  gtk_stack_set_visible_child_name (self->side_stack, "step");
}

static GtkWidget *
problem_row (CsWorkflowEditor *self,
             CsProblem        *problem)
{
  GtkWidget *row = adw_action_row_new ();
  const char *step_id = cs_problem_get_step_id (problem);
  CsStep *step = step_id ? cs_workflow_find_step (self->workflow, step_id) : NULL;
  gboolean error = cs_problem_get_severity (problem) == CS_PROBLEM_ERROR;
  GtkWidget *icon = gtk_image_new_from_icon_name (error ? "dialog-error-symbolic" : "dialog-warning-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cs_problem_get_message (problem));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 4);
  if (step != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   *cs_step_get_name (step) ? cs_step_get_name (step) : step_id);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "cs-step-id", g_strdup (step_id), g_free);
    }
  gtk_widget_add_css_class (icon, error ? "error" : "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

void
cs_workflow_editor_validate_now (CsWorkflowEditor *self)
{
  g_autofree char *title = NULL;
  GtkWidget *child;
  guint n_errors = 0;

  g_clear_handle_id (&self->validate_source, g_source_remove);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  if (self->workflow == NULL)
    return;

  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_problem_unref);
  for (guint i = 0; self->load_problems && i < self->load_problems->len; i++)
    g_ptr_array_add (self->problems, cs_problem_ref (g_ptr_array_index (self->load_problems, i)));
  {
    g_autoptr(GPtrArray) found = cs_workflow_validate (self->workflow, NULL);

    for (guint i = 0; i < found->len; i++)
      g_ptr_array_add (self->problems, cs_problem_ref (g_ptr_array_index (found, i)));
  }
  cs_dag_canvas_set_problems (self->canvas, self->problems);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);
  for (guint i = 0; i < self->problems->len; i++)
    {
      CsProblem *problem = g_ptr_array_index (self->problems, i);

      gtk_list_box_append (self->problems_list, problem_row (self, problem));
      if (cs_problem_get_severity (problem) == CS_PROBLEM_ERROR)
        n_errors++;
    }
  gtk_stack_set_visible_child_name (self->problems_stack, self->problems->len ? "list" : "none");
  title = self->problems->len ? g_strdup_printf (_("Problems (%u)"), self->problems->len) : g_strdup (_("Problems"));
  gtk_stack_page_set_title (self->problems_page, title);
  gtk_stack_page_set_needs_attention (self->problems_page, n_errors > 0);
}

static gboolean
validate_idle (gpointer data)
{
  CsWorkflowEditor *self = data;

  self->validate_source = 0;
  cs_workflow_editor_validate_now (self);
  return G_SOURCE_REMOVE;
}

void
cs_workflow_editor_update_status (CsWorkflowEditor *self)
{
  g_autofree char *text = NULL;
  guint n = self->workflow ? cs_workflow_get_n_steps (self->workflow) : 0;
  const char *state;

  if (self->workflow == NULL)
    {
      gtk_label_set_text (self->status_label, "");
      return;
    }
  if (self->saving)
    state = _("Saving…");
  else if (!cs_workflow_editor_is_editable (self))
    state = _("Read-only");
  else if (cs_workflow_editor_is_modified (self))
    state = _("Unsaved changes");
  else
    state = _("Saved");
  /* The owner's title names the workflow and the version being edited. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u step · %s", "%u steps · %s", n), n, state);
  gtk_label_set_text (self->status_label, text);
}

static void
on_workflow_changed (CsWorkflowEditor *self)
{
  if (self->validate_source == 0)
    self->validate_source = g_idle_add (validate_idle, self);
  cs_workflow_editor_update_status (self);
}

static void
on_history_changed (CsWorkflowEditor *self)
{
  self->generation++;
  cs_workflow_editor_update_actions (self);
  cs_workflow_editor_update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

/* Read-only */

gboolean
cs_workflow_editor_is_editable (CsWorkflowEditor *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOW_EDITOR (self), FALSE);

  return self->workflow != NULL && !self->read_only &&
         cs_workflow_get_status (self->workflow) == CS_WORKFLOW_STATUS_DRAFT;
}

void
cs_workflow_editor_update_actions (CsWorkflowEditor *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean editable = cs_workflow_editor_is_editable (self);
  gboolean idle = editable && !self->saving;
  static const char * const editing[] = {
    "editor.delete", "editor.duplicate", "editor.relayout", "editor.add-step", "editor.import",
  };

  for (guint i = 0; i < G_N_ELEMENTS (editing); i++)
    gtk_widget_action_set_enabled (widget, editing[i], editable);
  gtk_widget_action_set_enabled (widget, "editor.undo", editable && self->history && cs_edit_history_can_undo (self->history));
  gtk_widget_action_set_enabled (widget, "editor.redo", editable && self->history && cs_edit_history_can_redo (self->history));
  gtk_widget_action_set_enabled (widget, "editor.save", idle);
  gtk_widget_action_set_enabled (widget, "editor.publish", idle);
  gtk_widget_action_set_enabled (widget, "editor.save-as-draft", self->workflow != NULL && !self->saving);
  gtk_widget_action_set_enabled (widget, "editor.reload", self->workflow != NULL);
}

static void
update_read_only (CsWorkflowEditor *self)
{
  gboolean editable = cs_workflow_editor_is_editable (self);

  cs_dag_canvas_set_editable (self->canvas, editable);
  cs_step_panel_set_editable (self->step_panel, editable);
  gtk_widget_set_visible (GTK_WIDGET (self->palette), editable);
  gtk_widget_set_visible (self->edit_buttons, editable);
  gtk_widget_set_visible (self->relayout_button, editable);
  gtk_widget_set_visible (self->save_button, editable);
  gtk_widget_set_visible (self->publish_button, editable);

  if (self->workflow != NULL && !editable)
    {
      g_autofree char *text = NULL;

      if (self->read_only)
        text = g_strdup (_("You can look at this workflow but not change it."));
      else
        text = g_strdup_printf (_("Version %d is %s: it can be looked at but not changed. "
                                  "Changes go into a new draft version."),
                                cs_workflow_get_version (self->workflow),
                                cs_workflow_get_status (self->workflow) == CS_WORKFLOW_STATUS_PUBLISHED
                                  ? _("published") : _("retired"));
      gtk_label_set_text (self->read_only_label, text);
    }
  gtk_info_bar_set_revealed (self->read_only_bar, self->workflow != NULL && !editable);
  cs_workflow_editor_update_actions (self);
  cs_workflow_editor_update_status (self);
}

void
cs_workflow_editor_set_read_only (CsWorkflowEditor *self,
                                  gboolean          read_only)
{
  g_return_if_fail (CS_IS_WORKFLOW_EDITOR (self));

  read_only = !!read_only;
  if (self->read_only == read_only)
    return;
  self->read_only = read_only;
  update_read_only (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

gboolean
cs_workflow_editor_get_read_only (CsWorkflowEditor *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOW_EDITOR (self), FALSE);
  return self->read_only;
}

/* Selection → settings */

static void
on_selection_changed (CsWorkflowEditor *self)
{
  g_autoptr(GPtrArray) steps = cs_dag_canvas_get_selected_steps (self->canvas);
  g_autoptr(GPtrArray) edges = cs_dag_canvas_get_selected_edges (self->canvas);
  g_autofree char *summary = NULL;

  if (steps->len == 1)
    {
      cs_step_panel_set_step (self->step_panel, g_ptr_array_index (steps, 0), NULL);
      return;
    }
  if (steps->len > 1)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u step selected", "%u steps selected", steps->len),
                               steps->len);
  else if (edges->len > 0)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u edge selected: Delete removes it",
                                            "%u edges selected: Delete removes them", edges->len), edges->len);
  cs_step_panel_set_step (self->step_panel, NULL, summary);
}

/* Public */

void
cs_workflow_editor_set_workflow (CsWorkflowEditor *self,
                                 CsWorkflow       *workflow,
                                 GPtrArray        *load_problems)
{
  g_return_if_fail (CS_IS_WORKFLOW_EDITOR (self));
  g_return_if_fail (!workflow || CS_IS_WORKFLOW (workflow));

  if (self->workflow != NULL)
    g_signal_handlers_disconnect_by_data (self->workflow, self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  g_clear_pointer (&self->load_problems, g_ptr_array_unref);
  g_set_object (&self->workflow, workflow);
  self->saving = FALSE;
  gtk_info_bar_set_revealed (self->conflict_bar, FALSE);

  if (workflow != NULL)
    {
      self->history = cs_edit_history_new (workflow);
      g_signal_connect_swapped (self->history, "changed", G_CALLBACK (on_history_changed), self);
      g_signal_connect_swapped (workflow, "changed", G_CALLBACK (on_workflow_changed), self);
      g_signal_connect_swapped (workflow, "notify::status", G_CALLBACK (update_read_only), self);
      if (load_problems != NULL)
        self->load_problems = g_ptr_array_ref (load_problems);
    }
  cs_step_panel_set_history (self->step_panel, self->history);
  cs_dag_canvas_set_workflow (self->canvas, workflow);
  cs_workflow_editor_validate_now (self);
  update_read_only (self);
  if (self->problems != NULL && self->load_problems != NULL && self->load_problems->len > 0)
    gtk_stack_set_visible_child_name (self->side_stack, "problems");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKFLOW]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

CsWorkflow *
cs_workflow_editor_get_workflow (CsWorkflowEditor *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOW_EDITOR (self), NULL);
  return self->workflow;
}

CsEditHistory *
cs_workflow_editor_get_history (CsWorkflowEditor *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOW_EDITOR (self), NULL);
  return self->history;
}

CsDagCanvas *
cs_workflow_editor_get_canvas (CsWorkflowEditor *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOW_EDITOR (self), NULL);
  return self->canvas;
}

CsStepPanel *
cs_workflow_editor_get_step_panel (CsWorkflowEditor *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOW_EDITOR (self), NULL);
  return self->step_panel;
}

GPtrArray *
cs_workflow_editor_get_problems (CsWorkflowEditor *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOW_EDITOR (self), NULL);

  if (self->validate_source != 0)
    cs_workflow_editor_validate_now (self);
  return self->problems;
}

const char *
cs_workflow_editor_get_message (CsWorkflowEditor *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOW_EDITOR (self), NULL);
  return self->message;
}

gboolean
cs_workflow_editor_is_modified (CsWorkflowEditor *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOW_EDITOR (self), FALSE);
  return self->history != NULL && !cs_edit_history_is_clean (self->history);
}

gboolean
cs_workflow_editor_get_saving (CsWorkflowEditor *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOW_EDITOR (self), FALSE);
  return self->saving;
}

gboolean
cs_workflow_editor_is_conflict_shown (CsWorkflowEditor *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOW_EDITOR (self), FALSE);
  return gtk_info_bar_get_revealed (self->conflict_bar);
}

/* GObject */

static gboolean
update_indicators (gpointer data)
{
  CsWorkflowEditor *self = data;
  g_autofree char *zoom = g_strdup_printf ("%.0f %%", cs_dag_canvas_get_zoom (self->canvas) * 100);
  gboolean busy = cs_dag_canvas_is_busy (self->canvas);

  self->indicators_source = 0;
  gtk_label_set_text (self->zoom_label, zoom);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* The big one only when there is nothing to look at meanwhile. */
  gtk_spinner_set_spinning (self->big_spinner, busy && !cs_dag_canvas_is_laid_out (self->canvas) &&
                                               self->workflow != NULL && cs_workflow_get_n_steps (self->workflow) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->big_spinner), gtk_spinner_get_spinning (self->big_spinner));
  return G_SOURCE_REMOVE;
}

/* The canvas fits its zoom while it is being allocated; resizing the toolbar
 * then, after it was allocated, would leave it unallocated for this frame. */
static void
on_canvas_notify (CsWorkflowEditor *self)
{
  if (self->indicators_source == 0)
    self->indicators_source = g_idle_add (update_indicators, self);
}

static void
on_panel_message (CsWorkflowEditor *self,
                  const char       *text)
{
  cs_workflow_editor_show_message (self, text, FALSE);
}

static void
cs_workflow_editor_dispose (GObject *object)
{
  CsWorkflowEditor *self = (CsWorkflowEditor *) object;

  g_clear_handle_id (&self->validate_source, g_source_remove);
  g_clear_handle_id (&self->indicators_source, g_source_remove);
  if (self->workflow != NULL)
    g_signal_handlers_disconnect_by_data (self->workflow, self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  g_clear_object (&self->workflow);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->load_problems, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->message, g_free);

  /* The template's root is the bin's child: let the bin drop it first, or
   * disposing the template unparents it behind the bin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_WORKFLOW_EDITOR);
  G_OBJECT_CLASS (cs_workflow_editor_parent_class)->dispose (object);
}

static void
cs_workflow_editor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CsWorkflowEditor *self = CS_WORKFLOW_EDITOR (object);

  switch (prop_id)
    {
    case PROP_WORKFLOW:
      g_value_set_object (value, self->workflow);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    case PROP_SAVING:
      g_value_set_boolean (value, self->saving);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, cs_workflow_editor_is_modified (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_workflow_editor_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CsWorkflowEditor *self = CS_WORKFLOW_EDITOR (object);

  switch (prop_id)
    {
    case PROP_READ_ONLY:
      cs_workflow_editor_set_read_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_workflow_editor_class_init (CsWorkflowEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_workflow_editor_dispose;
  object_class->get_property = cs_workflow_editor_get_property;
  object_class->set_property = cs_workflow_editor_set_property;

  properties[PROP_WORKFLOW] =
    g_param_spec_object ("workflow", NULL, NULL, CS_TYPE_WORKFLOW,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (CsWorkflow *copy, gboolean publish): save it as a new version. */
  signals[SAVE_REQUESTED] =
    g_signal_new ("save-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, CS_TYPE_WORKFLOW, G_TYPE_BOOLEAN);
  /* After a conflict: show the newer version instead. */
  signals[RELOAD_REQUESTED] =
    g_signal_new ("reload-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* (CsWorkflow *copy): after a conflict, keep this one as a draft of its own. */
  signals[SAVE_AS_DRAFT_REQUESTED] =
    g_signal_new ("save-as-draft-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CS_TYPE_WORKFLOW);

  g_type_ensure (CS_TYPE_DAG_CANVAS);
  g_type_ensure (CS_TYPE_STEP_PANEL);
  /* The template is a resource of the static library: make sure it is linked. */
  cs_init ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/cs-workflow-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, conflict_bar);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, conflict_label);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, read_only_bar);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, edit_buttons);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, relayout_button);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, big_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, publish_button);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, palette);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, canvas_overlay);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, canvas);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, side_stack);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, problems_page);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, problems_stack);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, problems_list);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowEditor, step_panel);

  cs_workflow_editor_class_init_actions (widget_class);
  cs_workflow_editor_class_init_saving (widget_class);
}

static void
cs_workflow_editor_init (CsWorkflowEditor *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->problems_list, "row-activated", G_CALLBACK (on_problem_activated), self, 0);
  g_signal_connect_object (self->canvas, "selection-changed", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "notify::zoom", G_CALLBACK (on_canvas_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "notify::busy", G_CALLBACK (on_canvas_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->step_panel, "message", G_CALLBACK (on_panel_message), self, G_CONNECT_SWAPPED);

  /* The diagram's direction is a preference. */
  if (source != NULL && (schema = g_settings_schema_source_lookup (source, "org.civicstream.CivicStream", TRUE)) &&
      g_settings_schema_has_key (schema, "layout-direction"))
    {
      self->settings = g_settings_new ("org.civicstream.CivicStream");
      g_settings_bind (self->settings, "layout-direction", self->canvas, "direction", G_SETTINGS_BIND_GET);
    }

  cs_workflow_editor_init_palette (self);
  cs_workflow_editor_init_canvas (self);
  update_indicators (self);
  update_read_only (self);
}

CsWorkflowEditor *
cs_workflow_editor_new (void)
{
  return g_object_new (CS_TYPE_WORKFLOW_EDITOR, NULL);
}
