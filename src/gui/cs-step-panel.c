/* cs-step-panel.c: the settings of the selected step, to read and change
 *
 * Two guards keep the panel and the model from echoing each other: while
 * the panel fills its widgets ("refreshing") their change signals are not
 * edits, and while it applies an edit ("applying") the model's change
 * notification does not rewrite the field being typed into.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/cs-handler-registry.h"
#include "core/cs-init.h"
#include "cs-step-panel-private.h"

G_DEFINE_FINAL_TYPE (CsStepPanel, cs_step_panel, ADW_TYPE_BIN)

enum {
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD" };

static void refresh (CsStepPanel *self);

void
cs_step_panel_set_text (GtkEditable *editable,
                        const char  *text)
{
  /* Leaves the cursor alone when nothing changed. */
  if (g_strcmp0 (gtk_editable_get_text (editable), text ? text : "") != 0)
    gtk_editable_set_text (editable, text ? text : "");
}

void
cs_step_panel_begin (CsStepPanel *self,
                     const char  *field)
{
  self->applying++;
  cs_edit_history_begin_step_change (self->history, self->step, field);
}

void
cs_step_panel_end (CsStepPanel *self)
{
  cs_edit_history_end_step_change (self->history);
  self->applying--;
  cs_step_panel_update_lists (self, FALSE);
}

static gboolean
can_edit (CsStepPanel *self)
{
  return self->refreshing == 0 && self->step != NULL && self->history != NULL && self->editable;
}

static char **
split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* Edits */

static void
on_entry_changed (GtkEditable *editable,
                  CsStepPanel *self)
{
  const char *text = gtk_editable_get_text (editable);
  const char *field = g_object_get_data (G_OBJECT (editable), "cs-field");

  if (!can_edit (self))
    return;
  cs_step_panel_begin (self, field);
  if (g_str_equal (field, "name"))
    cs_step_set_name (self->step, text);
  else if (g_str_equal (field, "description"))
    cs_step_set_description (self->step, text);
  else if (g_str_equal (field, "approvers"))
    {
      g_auto(GStrv) roles = split_list (text);
      cs_step_set_approver_roles (self->step, (const char * const *) roles);
    }
  else if (g_str_equal (field, "agency"))
    cs_step_set_agency (self->step, *text ? text : NULL);
  else if (g_str_equal (field, "escalate_to"))
    cs_step_set_escalate_to (self->step, *text ? text : NULL);
  else if (g_str_equal (field, "url"))
    cs_step_set_url (self->step, *text ? text : NULL);
  else if (g_str_equal (field, "body"))
    cs_step_set_body (self->step, *text ? text : NULL);
  else if (g_str_equal (field, "expected_statuses"))
    {
      g_auto(GStrv) patterns = split_list (text);
      cs_step_set_expected_statuses (self->step, (const char * const *) patterns);
    }
  cs_step_panel_end (self);
}

static void
on_id_applied (AdwEntryRow *row,
               CsStepPanel *self)
{
  g_autoptr(GError) error = NULL;

  if (!can_edit (self))
    return;
  self->applying++;
  if (!cs_edit_history_rename_step (self->history, self->step, gtk_editable_get_text (GTK_EDITABLE (row)), &error))
    {
      g_signal_emit (self, signals[MESSAGE], 0, error->message);
      cs_step_panel_set_text (GTK_EDITABLE (row), cs_step_get_id (self->step));
    }
  self->applying--;
}

static void
on_combo_selected (AdwComboRow *row,
                   GParamSpec  *pspec,
                   CsStepPanel *self)
{
  guint selected = adw_combo_row_get_selected (row);
  const char *field = g_object_get_data (G_OBJECT (row), "cs-field");

  if (!can_edit (self) || selected == GTK_INVALID_LIST_POSITION)
    return;
  cs_step_panel_begin (self, field);
  if (g_str_equal (field, "type"))
    cs_step_set_step_type (self->step, (CsStepType) selected);
  else if (g_str_equal (field, "quorum"))
    cs_step_set_quorum (self->step, (CsQuorum) selected);
  else if (g_str_equal (field, "method") && selected < G_N_ELEMENTS (methods))
    cs_step_set_method (self->step, methods[selected]);
  else if (g_str_equal (field, "status"))
    cs_step_set_terminal_status (self->step, (CsTerminalStatus) selected);
  else if (g_str_equal (field, "handler"))
    {
      const char *name = selected == 0 ? NULL : gtk_string_list_get_string (self->handlers, selected);
      g_autoptr(CsHandler) handler = name ? cs_handler_registry_lookup (cs_handler_registry_get_default (), name) : NULL;

      cs_step_set_handler (self->step, name);
      /* A new action adopts what its handler declares. */
      if (handler != NULL && cs_step_get_inputs (self->step)->len == 0 && cs_step_get_outputs (self->step)->len == 0)
        {
          cs_step_set_inputs (self->step, cs_handler_get_inputs (handler));
          cs_step_set_outputs (self->step, cs_handler_get_outputs (handler));
        }
    }
  cs_step_panel_end (self);
}

static void
on_spin_changed (GtkSpinButton *spin,
                 CsStepPanel   *self)
{
  if (!can_edit (self))
    return;
  cs_step_panel_begin (self, g_object_get_data (G_OBJECT (spin), "cs-field"));
  if (spin == self->due_spin)
    cs_step_set_due_seconds (self->step, (guint) (gtk_spin_button_get_value (spin) * 3600 + 0.5));
  else if (spin == self->timeout_spin)
    cs_step_set_timeout_ms (self->step, gtk_spin_button_get_value_as_int (spin));
  else if (spin == self->attempts_spin)
    cs_step_set_max_attempts (self->step, gtk_spin_button_get_value_as_int (spin));
  else if (spin == self->backoff_base_spin || spin == self->backoff_max_spin)
    cs_step_set_backoff (self->step, gtk_spin_button_get_value_as_int (self->backoff_base_spin),
                         gtk_spin_button_get_value_as_int (self->backoff_max_spin));
  else if (spin == self->breaker_threshold_spin || spin == self->breaker_reset_spin)
    cs_step_set_breaker (self->step, gtk_spin_button_get_value_as_int (self->breaker_threshold_spin),
                         gtk_spin_button_get_value_as_int (self->breaker_reset_spin));
  cs_step_panel_end (self);
}

static void
on_start_toggled (GtkSwitch   *toggle,
                  GParamSpec  *pspec,
                  CsStepPanel *self)
{
  if (!can_edit (self))
    return;
  self->applying++;
  cs_edit_history_set_start_step (self->history, gtk_switch_get_active (toggle) ? cs_step_get_id (self->step) : NULL);
  self->applying--;
}

/* Model → widgets */

static void
update_errors (CsStepPanel *self)
{
  const GError *error;
  const char * const *statuses;
  g_autoptr(GString) bad = g_string_new (NULL);
  gsize offset = 0;

  error = cs_step_get_url_error (self->step, &offset);
  cs_step_panel_show_error (self->url_error_row, cs_step_get_url_source (self->step), error, offset);
  error = cs_step_get_body_error (self->step, &offset);
  cs_step_panel_show_error (self->body_error_row, cs_step_get_body_source (self->step), error, offset);

  statuses = cs_step_get_expected_statuses (self->step);
  for (guint i = 0; statuses[i] != NULL; i++)
    if (!cs_status_pattern_is_valid (statuses[i]))
      g_string_append_printf (bad, "%s%s", bad->len ? ", " : "", statuses[i]);
  gtk_widget_set_visible (GTK_WIDGET (self->statuses_error_row), bad->len > 0);
  if (bad->len > 0)
    {
      g_autofree char *title = g_strdup_printf (_("Not a status pattern: %s"), bad->str);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->statuses_error_row), title);
    }
}

static void
select_handler (CsStepPanel *self)
{
  const char *handler = cs_step_get_handler (self->step);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->handlers));

  if (handler == NULL)
    {
      adw_combo_row_set_selected (self->handler_row, 0);
      return;
    }
  for (guint i = 1; i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->handlers, i), handler))
      {
        adw_combo_row_set_selected (self->handler_row, i);
        return;
      }
  /* Unknown to the registry (validation says so): still show it. */
  gtk_string_list_append (self->handlers, handler);
  adw_combo_row_set_selected (self->handler_row, n);
}

static void
refresh (CsStepPanel *self)
{
  CsStepType type;
  g_autofree char *roles = NULL;
  g_autofree char *statuses = NULL;

  if (self->step == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  self->refreshing++;
  type = cs_step_get_step_type (self->step);
  gtk_stack_set_visible_child_name (self->stack, "step");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->general_group),
                                   *cs_step_get_name (self->step) ? cs_step_get_name (self->step)
                                                                  : cs_step_get_id (self->step));

  gtk_widget_set_visible (self->action_group, type == CS_STEP_ACTION);
  gtk_widget_set_visible (self->inputs_group, type == CS_STEP_ACTION);
  gtk_widget_set_visible (self->branches_group, type == CS_STEP_CONDITIONAL);
  gtk_widget_set_visible (self->approval_group, type == CS_STEP_APPROVAL);
  gtk_widget_set_visible (self->integration_group, type == CS_STEP_INTEGRATION);
  gtk_widget_set_visible (self->retry_group, type == CS_STEP_INTEGRATION);
  gtk_widget_set_visible (self->headers_group, type == CS_STEP_INTEGRATION);
  gtk_widget_set_visible (self->mapping_group, type == CS_STEP_INTEGRATION);
  gtk_widget_set_visible (self->terminal_group, type == CS_STEP_TERMINAL);

  cs_step_panel_set_text (GTK_EDITABLE (self->name_row), cs_step_get_name (self->step));
  cs_step_panel_set_text (GTK_EDITABLE (self->id_row), cs_step_get_id (self->step));
  cs_step_panel_set_text (GTK_EDITABLE (self->description_row), cs_step_get_description (self->step));
  adw_combo_row_set_selected (self->type_row, type);
  gtk_switch_set_active (self->start_switch,
                         self->workflow != NULL &&
                         g_strcmp0 (cs_workflow_get_start_step_id (self->workflow), cs_step_get_id (self->step)) == 0);

  select_handler (self);

  roles = g_strjoinv (", ", (char **) cs_step_get_approver_roles (self->step));
  cs_step_panel_set_text (GTK_EDITABLE (self->approvers_row), roles);
  adw_combo_row_set_selected (self->quorum_row, cs_step_get_quorum (self->step));
  cs_step_panel_set_text (GTK_EDITABLE (self->agency_row), cs_step_get_agency (self->step));
  gtk_spin_button_set_value (self->due_spin, cs_step_get_due_seconds (self->step) / 3600.0);
  cs_step_panel_set_text (GTK_EDITABLE (self->escalate_row), cs_step_get_escalate_to (self->step));

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (g_strcmp0 (cs_step_get_method (self->step), methods[i]) == 0)
      adw_combo_row_set_selected (self->method_row, i);
  cs_step_panel_set_text (GTK_EDITABLE (self->url_row), cs_step_get_url_source (self->step));
  cs_step_panel_set_text (GTK_EDITABLE (self->body_row), cs_step_get_body_source (self->step));
  statuses = g_strjoinv (", ", (char **) cs_step_get_expected_statuses (self->step));
  cs_step_panel_set_text (GTK_EDITABLE (self->statuses_row), statuses);
  gtk_spin_button_set_value (self->timeout_spin, cs_step_get_timeout_ms (self->step));
  gtk_spin_button_set_value (self->attempts_spin, cs_step_get_max_attempts (self->step));
  gtk_spin_button_set_value (self->backoff_base_spin, cs_step_get_backoff_base_ms (self->step));
  gtk_spin_button_set_value (self->backoff_max_spin, cs_step_get_backoff_max_ms (self->step));
  gtk_spin_button_set_value (self->breaker_threshold_spin, cs_step_get_breaker_threshold (self->step));
  gtk_spin_button_set_value (self->breaker_reset_spin, cs_step_get_breaker_reset_seconds (self->step));

  adw_combo_row_set_selected (self->status_row, cs_step_get_terminal_status (self->step));
  update_errors (self);
  cs_step_panel_update_lists (self, FALSE);
  self->refreshing--;
}

static void
on_model_changed (CsStepPanel *self)
{
  if (self->step == NULL)
    return;
  if (self->workflow != NULL && cs_workflow_get_step_index (self->workflow, self->step) < 0)
    {
      /* Deleted, or an undone addition. */
      cs_step_panel_set_step (self, NULL, NULL);
      return;
    }
  if (self->applying > 0)
    {
      self->refreshing++;
      update_errors (self);
      self->refreshing--;
      return;
    }
  refresh (self);
}

/* Public */

void
cs_step_panel_set_history (CsStepPanel   *self,
                           CsEditHistory *history)
{
  g_return_if_fail (CS_IS_STEP_PANEL (self));
  g_return_if_fail (!history || CS_IS_EDIT_HISTORY (history));

  cs_step_panel_set_step (self, NULL, NULL);
  if (self->workflow != NULL)
    g_signal_handlers_disconnect_by_data (self->workflow, self);
  g_set_object (&self->history, history);
  g_clear_object (&self->workflow);
  if (history != NULL)
    self->workflow = g_object_ref (cs_edit_history_get_workflow (history));
  /* Edges (a conditional's branches) live in the workflow, not the step. */
  if (self->workflow != NULL)
    g_signal_connect_swapped (self->workflow, "changed", G_CALLBACK (on_model_changed), self);
}

CsStep *
cs_step_panel_get_step (CsStepPanel *self)
{
  g_return_val_if_fail (CS_IS_STEP_PANEL (self), NULL);
  return self->step;
}

void
cs_step_panel_set_step (CsStepPanel *self,
                        CsStep      *step,
                        const char  *summary)
{
  g_return_if_fail (CS_IS_STEP_PANEL (self));
  g_return_if_fail (!step || CS_IS_STEP (step));

  adw_status_page_set_description (self->empty_page,
                                   summary ? summary
                                           : _("Select a step on the diagram to see and change its settings."));
  if (self->step == step)
    return;
  if (self->history != NULL)
    cs_edit_history_break_merge (self->history);
  g_set_object (&self->step, step);
  g_clear_pointer (&self->lists_signature, g_free);
  refresh (self);
}

static void
set_widgets_editable (CsStepPanel *self,
                      gboolean     editable)
{
  GtkWidget *entries[] = {
    GTK_WIDGET (self->name_row), GTK_WIDGET (self->id_row), GTK_WIDGET (self->description_row),
    GTK_WIDGET (self->approvers_row), GTK_WIDGET (self->agency_row), GTK_WIDGET (self->escalate_row),
    GTK_WIDGET (self->url_row), GTK_WIDGET (self->body_row), GTK_WIDGET (self->statuses_row),
  };
  GtkWidget *controls[] = {
    GTK_WIDGET (self->type_row), GTK_WIDGET (self->start_switch), GTK_WIDGET (self->handler_row),
    GTK_WIDGET (self->quorum_row), GTK_WIDGET (self->due_spin), GTK_WIDGET (self->method_row),
    GTK_WIDGET (self->timeout_spin), GTK_WIDGET (self->attempts_spin), GTK_WIDGET (self->backoff_base_spin),
    GTK_WIDGET (self->backoff_max_spin), GTK_WIDGET (self->breaker_threshold_spin),
    GTK_WIDGET (self->breaker_reset_spin), GTK_WIDGET (self->status_row),
  };

  /* Read-only text stays readable (not greyed out) and selectable. */
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    gtk_editable_set_editable (GTK_EDITABLE (entries[i]), editable);
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    gtk_widget_set_sensitive (controls[i], editable);
  adw_entry_row_set_show_apply_button (self->id_row, editable);
  gtk_widget_set_visible (GTK_WIDGET (self->add_input_row), editable);
  gtk_widget_set_visible (GTK_WIDGET (self->add_header_row), editable);
  gtk_widget_set_visible (GTK_WIDGET (self->add_mapping_row), editable);
}

void
cs_step_panel_set_editable (CsStepPanel *self,
                            gboolean     editable)
{
  g_return_if_fail (CS_IS_STEP_PANEL (self));

  editable = !!editable;
  if (self->editable == editable)
    return;
  self->editable = editable;
  set_widgets_editable (self, editable);
  cs_step_panel_update_lists (self, TRUE);
}

void
cs_step_panel_focus_name (CsStepPanel *self)
{
  g_return_if_fail (CS_IS_STEP_PANEL (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

/* GObject */

static void
cs_step_panel_dispose (GObject *object)
{
  CsStepPanel *self = (CsStepPanel *) object;

  if (self->workflow != NULL)
    g_signal_handlers_disconnect_by_data (self->workflow, self);
  if (self->step != NULL)
    g_signal_handlers_disconnect_by_data (self->step, self);
  g_clear_object (&self->step);
  g_clear_object (&self->workflow);
  g_clear_object (&self->history);
  g_clear_pointer (&self->lists_signature, g_free);
  g_clear_pointer (&self->list_rows, g_ptr_array_unref);

  /* The template's root is the bin's child: let the bin drop it first, or
   * disposing the template unparents it behind the bin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_STEP_PANEL);
  G_OBJECT_CLASS (cs_step_panel_parent_class)->dispose (object);
}

static void
cs_step_panel_class_init (CsStepPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_step_panel_dispose;

  /* Something to tell the user, e.g. why a rename was refused. */
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /* The template is a resource of the static library: make sure it is linked. */
  cs_init ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/cs-step-panel.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CsStepPanel, name)
  BIND (stack);
  BIND (empty_page);
  BIND (general_group);
  BIND (action_group);
  BIND (inputs_group);
  BIND (branches_group);
  BIND (approval_group);
  BIND (integration_group);
  BIND (retry_group);
  BIND (headers_group);
  BIND (mapping_group);
  BIND (terminal_group);
  BIND (name_row);
  BIND (id_row);
  BIND (description_row);
  BIND (type_row);
  BIND (start_row);
  BIND (start_switch);
  BIND (handler_row);
  BIND (add_input_row);
  BIND (approvers_row);
  BIND (quorum_row);
  BIND (agency_row);
  BIND (due_spin);
  BIND (escalate_row);
  BIND (method_row);
  BIND (url_row);
  BIND (url_error_row);
  BIND (body_row);
  BIND (body_error_row);
  BIND (statuses_row);
  BIND (statuses_error_row);
  BIND (timeout_spin);
  BIND (attempts_spin);
  BIND (backoff_base_spin);
  BIND (backoff_max_spin);
  BIND (breaker_threshold_spin);
  BIND (breaker_reset_spin);
  BIND (add_header_row);
  BIND (add_mapping_row);
  BIND (status_row);
#undef BIND
}

static void
connect_entry (CsStepPanel *self,
               AdwEntryRow *row,
               const char  *field)
{
  g_object_set_data (G_OBJECT (row), "cs-field", (gpointer) field);
  g_signal_connect (row, "changed", G_CALLBACK (on_entry_changed), self);
}

static void
connect_combo (CsStepPanel *self,
               AdwComboRow *row,
               const char  *field)
{
  g_object_set_data (G_OBJECT (row), "cs-field", (gpointer) field);
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_combo_selected), self);
}

static void
connect_spin (CsStepPanel   *self,
              GtkSpinButton *spin,
              const char    *field)
{
  g_object_set_data (G_OBJECT (spin), "cs-field", (gpointer) field);
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_spin_changed), self);
}

static void
cs_step_panel_init (CsStepPanel *self)
{
  g_auto(GStrv) names = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->editable = TRUE;
  self->list_rows = g_ptr_array_new_with_free_func (g_object_unref);

  self->handlers = gtk_string_list_new (NULL);
  gtk_string_list_append (self->handlers, _("None"));
  names = cs_handler_registry_list_names (cs_handler_registry_get_default ());
  for (guint i = 0; names[i] != NULL; i++)
    gtk_string_list_append (self->handlers, names[i]);
  adw_combo_row_set_model (self->handler_row, G_LIST_MODEL (self->handlers));
  g_object_unref (self->handlers);

  connect_entry (self, self->name_row, "name");
  connect_entry (self, self->description_row, "description");
  connect_entry (self, self->approvers_row, "approvers");
  connect_entry (self, self->agency_row, "agency");
  connect_entry (self, self->escalate_row, "escalate_to");
  connect_entry (self, self->url_row, "url");
  connect_entry (self, self->body_row, "body");
  connect_entry (self, self->statuses_row, "expected_statuses");
  g_signal_connect (self->id_row, "apply", G_CALLBACK (on_id_applied), self);
  connect_combo (self, self->type_row, "type");
  connect_combo (self, self->handler_row, "handler");
  connect_combo (self, self->quorum_row, "quorum");
  connect_combo (self, self->method_row, "method");
  connect_combo (self, self->status_row, "status");
  connect_spin (self, self->due_spin, "due_seconds");
  connect_spin (self, self->timeout_spin, "timeout_ms");
  connect_spin (self, self->attempts_spin, "max_attempts");
  connect_spin (self, self->backoff_base_spin, "backoff");
  connect_spin (self, self->backoff_max_spin, "backoff");
  connect_spin (self, self->breaker_threshold_spin, "circuit_breaker");
  connect_spin (self, self->breaker_reset_spin, "circuit_breaker");
  g_signal_connect (self->start_switch, "notify::active", G_CALLBACK (on_start_toggled), self);
  cs_step_panel_init_lists (self);
}

CsStepPanel *
cs_step_panel_new (void)
{
  return g_object_new (CS_TYPE_STEP_PANEL, NULL);
}
