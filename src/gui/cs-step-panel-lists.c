/* cs-step-panel-lists.c: the rows of the step panel that come and go
 *
 * Inputs of an action, branches of a conditional, headers and response
 * mapping of an integration. Rows are rebuilt only when the lists change
 * shape (an item added, removed or renamed, a branch retargeted); typing
 * into a row updates the model and that row's error in place, so the entry
 * keeps focus and cursor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-step-panel-private.h"

static const char * const value_types[] = {
  "string", "integer", "number", "boolean", "date", "object", "array", NULL,
};

/* Shared with cs-step-panel.c (see the private header). */
void
cs_step_panel_show_error (AdwActionRow *row,
                          const char   *source,
                          const GError *error,
                          gsize         offset)
{
  g_autofree char *title = NULL;
  glong column;

  gtk_widget_set_visible (GTK_WIDGET (row), error != NULL);
  if (error == NULL)
    return;
  column = source ? g_utf8_pointer_to_offset (source, source + MIN (offset, strlen (source))) + 1 : 1;
  title = g_strdup_printf (_("Column %ld: %s"), column, error->message);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
}

static void
add_row (CsStepPanel *self,
         GtkWidget   *group,
         GtkWidget   *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_ptr_array_add (self->list_rows, g_object_ref (group));
  g_ptr_array_add (self->list_rows, g_object_ref (row));
}

static void
clear_rows (CsStepPanel *self)
{
  for (guint i = 0; i + 1 < self->list_rows->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->list_rows, i),
                                  g_ptr_array_index (self->list_rows, i + 1));
  g_ptr_array_set_size (self->list_rows, 0);
}

static GtkWidget *
remove_button (CsStepPanel *self,
               const char  *tooltip,
               GCallback    callback,
               const char  *key)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_visible (button, self->editable);
  g_object_set_data_full (G_OBJECT (button), "cs-key", g_strdup (key), g_free);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static AdwActionRow *
error_row (void)
{
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_add_css_class (row, "error-text");
  gtk_widget_set_visible (row, FALSE);
  return ADW_ACTION_ROW (row);
}

static gboolean
can_edit (CsStepPanel *self)
{
  return self->refreshing == 0 && self->step != NULL && self->history != NULL && self->editable;
}

static void
message (CsStepPanel *self,
         const char  *text)
{
  g_signal_emit_by_name (self, "message", text);
}

/* Inputs */

static void
replace_input (CsStepPanel *self,
               CsStepParam *old,
               CsValueType  type,
               gboolean     required)
{
  g_autoptr(CsStepParam) param = cs_step_param_new (cs_step_param_get_name (old), type, required,
                                                   cs_step_param_get_pattern (old), cs_step_param_get_source (old),
                                                   cs_step_param_get_description (old));

  cs_step_panel_begin (self, "inputs");
  cs_step_add_input (self->step, param);
  cs_step_panel_end (self);
}

static void
on_input_type (GtkDropDown *dropdown,
               GParamSpec  *pspec,
               CsStepPanel *self)
{
  CsStepParam *param;

  if (!can_edit (self) ||
      (param = cs_step_find_input (self->step, g_object_get_data (G_OBJECT (dropdown), "cs-key"))) == NULL)
    return;
  replace_input (self, param, gtk_drop_down_get_selected (dropdown), cs_step_param_get_required (param));
}

static void
on_input_required (GtkCheckButton *check,
                   CsStepPanel    *self)
{
  CsStepParam *param;

  if (!can_edit (self) ||
      (param = cs_step_find_input (self->step, g_object_get_data (G_OBJECT (check), "cs-key"))) == NULL)
    return;
  replace_input (self, param, cs_step_param_get_value_type (param), gtk_check_button_get_active (check));
}

static void
on_input_remove (GtkButton   *button,
                 CsStepPanel *self)
{
  if (!can_edit (self))
    return;
  cs_step_panel_begin (self, NULL);
  cs_step_remove_input (self->step, g_object_get_data (G_OBJECT (button), "cs-key"));
  cs_step_panel_end (self);
}

static void
on_add_input (AdwEntryRow *row,
              CsStepPanel *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(CsStepParam) param = NULL;

  if (!can_edit (self) || *name == '\0')
    return;
  if (cs_step_find_input (self->step, name) != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The step already has an input called “%s”"), name);
      message (self, text);
      return;
    }
  param = cs_step_param_new (name, CS_VALUE_STRING, FALSE, NULL, NULL, NULL);
  cs_step_panel_begin (self, NULL);
  cs_step_add_input (self->step, param);
  cs_step_panel_end (self);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
build_inputs (CsStepPanel *self)
{
  GPtrArray *inputs = cs_step_get_inputs (self->step);

  for (guint i = 0; i < inputs->len; i++)
    {
      CsStepParam *param = g_ptr_array_index (inputs, i);
      const char *name = cs_step_param_get_name (param);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *types = gtk_drop_down_new_from_strings (value_types);
      GtkWidget *required = gtk_check_button_new_with_label (_("Required"));
      const char *source = cs_step_param_get_source (param);
      g_autofree char *subtitle = source ? g_strdup_printf (_("from %s"), source) : NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   subtitle ? subtitle : cs_step_param_get_description (param)
                                                         ? cs_step_param_get_description (param) : "");
      gtk_drop_down_set_selected (GTK_DROP_DOWN (types), cs_step_param_get_value_type (param));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (required), cs_step_param_get_required (param));
      for (guint w = 0; w < 2; w++)
        {
          GtkWidget *widget = w == 0 ? types : required;

          gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
          gtk_widget_set_sensitive (widget, self->editable);
          g_object_set_data_full (G_OBJECT (widget), "cs-key", g_strdup (name), g_free);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
        }
      g_signal_connect (types, "notify::selected", G_CALLBACK (on_input_type), self);
      g_signal_connect (required, "toggled", G_CALLBACK (on_input_required), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 remove_button (self, _("Remove Input"), G_CALLBACK (on_input_remove), name));
      add_row (self, self->inputs_group, row);
    }
}

/* Branches */

static void
update_branch_error (GtkEditable *entry,
                     CsEdge      *edge)
{
  gsize offset = 0;
  const GError *error = cs_edge_get_condition_error (edge, &offset);

  cs_step_panel_show_error (g_object_get_data (G_OBJECT (entry), "cs-error-row"),
                            cs_edge_get_condition_source (edge), error, offset);
}

static void
on_condition_changed (GtkEditable *entry,
                      CsStepPanel *self)
{
  CsEdge *edge = g_object_get_data (G_OBJECT (entry), "cs-edge");
  const char *text = gtk_editable_get_text (entry);

  if (!can_edit (self))
    return;
  self->applying++;
  cs_edit_history_begin_edge_change (self->history, edge, "condition");
  cs_edge_set_condition_source (edge, *text ? text : NULL);
  cs_edit_history_end_edge_change (self->history);
  self->applying--;
  update_branch_error (entry, edge);
}

static void
on_branch_up (GtkButton   *button,
              CsStepPanel *self)
{
  CsEdge *edge = g_object_get_data (G_OBJECT (button), "cs-edge");
  CsEdge *previous = g_object_get_data (G_OBJECT (button), "cs-previous");

  if (!can_edit (self))
    return;
  cs_edit_history_move_edge (self->history, edge, cs_workflow_get_edge_index (self->workflow, previous));
}

static const char *
target_title (CsStepPanel *self,
              CsEdge      *edge)
{
  CsStep *target = cs_workflow_find_step (self->workflow, cs_edge_get_to (edge));

  if (target == NULL)
    return cs_edge_get_to (edge) ? cs_edge_get_to (edge) : "?";
  return *cs_step_get_name (target) ? cs_step_get_name (target) : cs_step_get_id (target);
}

static void
build_branches (CsStepPanel *self)
{
  g_autoptr(GPtrArray) edges = cs_workflow_get_outgoing_edges (self->workflow, cs_step_get_id (self->step));
  CsEdge *previous = NULL;

  for (guint i = 0; i < edges->len; i++)
    {
      CsEdge *edge = g_ptr_array_index (edges, i);
      g_autofree char *title = g_strdup_printf ("→ %s", target_title (self, edge));
      GtkWidget *row;

      if (cs_edge_get_kind (edge) == CS_EDGE_BRANCH)
        {
          AdwActionRow *error = error_row ();

          row = adw_entry_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          cs_step_panel_set_text (GTK_EDITABLE (row), cs_edge_get_condition_source (edge));
          gtk_editable_set_editable (GTK_EDITABLE (row), self->editable);
          g_object_set_data_full (G_OBJECT (row), "cs-edge", g_object_ref (edge), g_object_unref);
          g_object_set_data (G_OBJECT (row), "cs-error-row", error);
          g_signal_connect (row, "changed", G_CALLBACK (on_condition_changed), self);
          if (previous != NULL && self->editable)
            {
              GtkWidget *up = gtk_button_new_from_icon_name ("go-up-symbolic");

              gtk_widget_set_valign (up, GTK_ALIGN_CENTER);
              gtk_widget_add_css_class (up, "flat");
              gtk_widget_set_tooltip_text (up, _("Try Earlier"));
              g_object_set_data (G_OBJECT (up), "cs-edge", edge);
              g_object_set_data (G_OBJECT (up), "cs-previous", previous);
              g_signal_connect (up, "clicked", G_CALLBACK (on_branch_up), self);
              adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), up);
            }
          add_row (self, self->branches_group, row);
          add_row (self, self->branches_group, GTK_WIDGET (error));
          update_branch_error (GTK_EDITABLE (row), edge);
          previous = edge;
        }
      else
        {
          row = adw_action_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                         cs_edge_get_kind (edge) == CS_EDGE_DEFAULT ? _("Otherwise")
                                                                                     : cs_edge_get_display_label (edge));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), title);
          add_row (self, self->branches_group, row);
        }
    }
  if (edges->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No branches yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Drag from the step’s port to another step to add one"));
      add_row (self, self->branches_group, row);
    }
}

/* Headers and response mapping */

static void
on_header_changed (GtkEditable *entry,
                   CsStepPanel *self)
{
  const char *name = g_object_get_data (G_OBJECT (entry), "cs-key");

  if (!can_edit (self))
    return;
  cs_step_panel_begin (self, "headers");
  cs_step_set_header (self->step, name, gtk_editable_get_text (entry));
  cs_step_panel_end (self);
}

static void
on_header_remove (GtkButton   *button,
                  CsStepPanel *self)
{
  if (!can_edit (self))
    return;
  cs_step_panel_begin (self, NULL);
  cs_step_remove_header (self->step, g_object_get_data (G_OBJECT (button), "cs-key"));
  cs_step_panel_end (self);
}

static gboolean
split_pair (const char  *text,
            char         separator,
            char       **key,
            char       **value)
{
  const char *at = strchr (text, separator);

  if (at == NULL)
    return FALSE;
  *key = g_strstrip (g_strndup (text, at - text));
  *value = g_strstrip (g_strdup (at + 1));
  return **key != '\0';
}

static void
on_add_header (AdwEntryRow *row,
               CsStepPanel *self)
{
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  if (!can_edit (self))
    return;
  if (!split_pair (gtk_editable_get_text (GTK_EDITABLE (row)), ':', &name, &value))
    {
      message (self, _("Write a header as “Name: value”"));
      return;
    }
  cs_step_panel_begin (self, NULL);
  cs_step_set_header (self->step, name, value);
  cs_step_panel_end (self);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
on_mapping_changed (GtkEditable *entry,
                    CsStepPanel *self)
{
  if (!can_edit (self))
    return;
  cs_step_panel_begin (self, "response_mapping");
  cs_step_set_response_mapping (self->step, g_object_get_data (G_OBJECT (entry), "cs-key"),
                                gtk_editable_get_text (entry));
  cs_step_panel_end (self);
}

static void
on_mapping_remove (GtkButton   *button,
                   CsStepPanel *self)
{
  if (!can_edit (self))
    return;
  cs_step_panel_begin (self, NULL);
  cs_step_remove_response_mapping (self->step, g_object_get_data (G_OBJECT (button), "cs-key"));
  cs_step_panel_end (self);
}

static void
on_add_mapping (AdwEntryRow *row,
                CsStepPanel *self)
{
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;

  if (!can_edit (self))
    return;
  if (!split_pair (gtk_editable_get_text (GTK_EDITABLE (row)), '=', &key, &path) || *path == '\0')
    {
      message (self, _("Write a mapping as “key = path.in.response”"));
      return;
    }
  cs_step_panel_begin (self, NULL);
  cs_step_set_response_mapping (self->step, key, path);
  cs_step_panel_end (self);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
build_integration (CsStepPanel *self)
{
  for (guint i = 0; i < cs_step_get_n_headers (self->step); i++)
    {
      const char *name = cs_step_get_header_name (self->step, i);
      GtkWidget *row = adw_entry_row_new ();
      AdwActionRow *error = error_row ();
      gsize offset = 0;
      const GError *problem = cs_step_get_header_error (self->step, i, &offset);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      cs_step_panel_set_text (GTK_EDITABLE (row), cs_step_get_header_source (self->step, i));
      gtk_editable_set_editable (GTK_EDITABLE (row), self->editable);
      g_object_set_data_full (G_OBJECT (row), "cs-key", g_strdup (name), g_free);
      g_signal_connect (row, "changed", G_CALLBACK (on_header_changed), self);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row),
                                remove_button (self, _("Remove Header"), G_CALLBACK (on_header_remove), name));
      add_row (self, self->headers_group, row);
      add_row (self, self->headers_group, GTK_WIDGET (error));
      cs_step_panel_show_error (error, cs_step_get_header_source (self->step, i), problem, offset);
    }
  for (guint i = 0; i < cs_step_get_n_response_mappings (self->step); i++)
    {
      const char *key = cs_step_get_response_mapping_key (self->step, i);
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), key);
      cs_step_panel_set_text (GTK_EDITABLE (row), cs_step_get_response_mapping_path (self->step, i));
      gtk_editable_set_editable (GTK_EDITABLE (row), self->editable);
      g_object_set_data_full (G_OBJECT (row), "cs-key", g_strdup (key), g_free);
      g_signal_connect (row, "changed", G_CALLBACK (on_mapping_changed), self);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row),
                                remove_button (self, _("Remove Mapping"), G_CALLBACK (on_mapping_remove), key));
      add_row (self, self->mapping_group, row);
    }
}

/* What the rows depend on, besides the texts they edit in place. */
static char *
signature (CsStepPanel *self)
{
  GString *out = g_string_new (NULL);
  GPtrArray *inputs = cs_step_get_inputs (self->step);
  CsStepType type = cs_step_get_step_type (self->step);

  g_string_append_printf (out, "%p %d %d|", self->step, type, self->editable);
  for (guint i = 0; type == CS_STEP_ACTION && i < inputs->len; i++)
    {
      CsStepParam *param = g_ptr_array_index (inputs, i);
      g_string_append_printf (out, "%s:%d:%d;", cs_step_param_get_name (param),
                              cs_step_param_get_value_type (param), cs_step_param_get_required (param));
    }
  if (type == CS_STEP_CONDITIONAL && self->workflow != NULL)
    {
      g_autoptr(GPtrArray) edges = cs_workflow_get_outgoing_edges (self->workflow, cs_step_get_id (self->step));

      for (guint i = 0; i < edges->len; i++)
        {
          CsEdge *edge = g_ptr_array_index (edges, i);
          g_string_append_printf (out, "%p:%d:%s;", edge, cs_edge_get_kind (edge), target_title (self, edge));
        }
    }
  for (guint i = 0; type == CS_STEP_INTEGRATION && i < cs_step_get_n_headers (self->step); i++)
    g_string_append_printf (out, "h:%s;", cs_step_get_header_name (self->step, i));
  for (guint i = 0; type == CS_STEP_INTEGRATION && i < cs_step_get_n_response_mappings (self->step); i++)
    g_string_append_printf (out, "m:%s;", cs_step_get_response_mapping_key (self->step, i));
  return g_string_free (out, FALSE);
}

static const char *
header_source (CsStep     *step,
               const char *name)
{
  for (guint i = 0; i < cs_step_get_n_headers (step); i++)
    if (g_strcmp0 (cs_step_get_header_name (step, i), name) == 0)
      return cs_step_get_header_source (step, i);
  return NULL;
}

static const char *
mapping_path (CsStep     *step,
              const char *key)
{
  for (guint i = 0; i < cs_step_get_n_response_mappings (step); i++)
    if (g_strcmp0 (cs_step_get_response_mapping_key (step, i), key) == 0)
      return cs_step_get_response_mapping_path (step, i);
  return NULL;
}

/* After undo or redo: the rows stay, their texts follow the model. */
static void
refresh_texts (CsStepPanel *self)
{
  self->refreshing++;
  for (guint i = 0; i + 1 < self->list_rows->len; i += 2)
    {
      GtkWidget *group = g_ptr_array_index (self->list_rows, i);
      GtkWidget *row = g_ptr_array_index (self->list_rows, i + 1);
      const char *key = g_object_get_data (G_OBJECT (row), "cs-key");
      CsEdge *edge = g_object_get_data (G_OBJECT (row), "cs-edge");

      if (!ADW_IS_ENTRY_ROW (row))
        continue;
      if (edge != NULL)
        {
          cs_step_panel_set_text (GTK_EDITABLE (row), cs_edge_get_condition_source (edge));
          update_branch_error (GTK_EDITABLE (row), edge);
        }
      else if (group == self->headers_group)
        cs_step_panel_set_text (GTK_EDITABLE (row), header_source (self->step, key));
      else if (group == self->mapping_group)
        cs_step_panel_set_text (GTK_EDITABLE (row), mapping_path (self->step, key));
    }
  self->refreshing--;
}

void
cs_step_panel_update_lists (CsStepPanel *self,
                            gboolean     force)
{
  g_autofree char *now = NULL;

  if (self->step == NULL)
    {
      clear_rows (self);
      g_clear_pointer (&self->lists_signature, g_free);
      return;
    }
  now = signature (self);
  if (!force && g_strcmp0 (now, self->lists_signature) == 0)
    {
      if (self->applying == 0)
        refresh_texts (self);
      return;
    }

  self->refreshing++;
  clear_rows (self);
  switch (cs_step_get_step_type (self->step))
    {
    case CS_STEP_ACTION:
      build_inputs (self);
      break;
    case CS_STEP_CONDITIONAL:
      if (self->workflow != NULL)
        build_branches (self);
      break;
    case CS_STEP_INTEGRATION:
      build_integration (self);
      break;
    case CS_STEP_APPROVAL:
    case CS_STEP_TERMINAL:
    default:
      break;
    }
  g_free (self->lists_signature);
  self->lists_signature = g_steal_pointer (&now);
  self->refreshing--;
}

void
cs_step_panel_init_lists (CsStepPanel *self)
{
  g_signal_connect (self->add_input_row, "apply", G_CALLBACK (on_add_input), self);
  g_signal_connect (self->add_header_row, "apply", G_CALLBACK (on_add_header), self);
  g_signal_connect (self->add_mapping_row, "apply", G_CALLBACK (on_add_mapping), self);
}
