/* cs-workflow-editor-io.c: saving, importing and exporting
 *
 * The editor never talks to the database. It gives its owner a copy to save
 * and remembers how far the undo history was at that moment: only if
 * nothing was edited while saving does success mark the state clean.
 * Failures keep the draft and its history; a conflict offers Reload or Save
 * as Separate Draft and never overwrites anything.
 *
 * Importing replaces the contents of the version being edited, as one
 * undoable edit; exporting writes what the canvas shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "core/cs-workflow-json.h"
#include "core/cs-workflow-validate.h"
#include "cs-workflow-editor-private.h"

static void
set_saving (CsWorkflowEditor *self,
            gboolean          saving)
{
  if (self->saving == saving)
    return;
  self->saving = saving;
  cs_workflow_editor_update_actions (self);
  cs_workflow_editor_update_status (self);
  g_object_notify (G_OBJECT (self), "saving");
}

void
cs_workflow_editor_request_save (CsWorkflowEditor *self,
                                 gboolean          publish)
{
  g_autoptr(CsWorkflow) snapshot = NULL;
  GPtrArray *problems;

  if (!cs_workflow_editor_is_editable (self) || self->saving)
    return;
  problems = cs_workflow_editor_get_problems (self);
  if (publish && cs_problems_have_errors (problems))
    {
      guint n = 0;
      g_autofree char *text = NULL;

      for (guint i = 0; i < problems->len; i++)
        n += cs_problem_get_severity (g_ptr_array_index (problems, i)) == CS_PROBLEM_ERROR;
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Fix the error listed under Problems before publishing",
                                           "Fix the %u errors listed under Problems before publishing", n), n);
      cs_workflow_editor_show_message (self, text, FALSE);
      gtk_stack_set_visible_child_name (self->side_stack, "problems");
      return;
    }

  snapshot = cs_workflow_copy (self->workflow);
  self->save_publishes = publish;
  self->save_generation = self->generation;
  set_saving (self, TRUE);
  g_signal_emit_by_name (self, "save-requested", snapshot, publish);
}

void
cs_workflow_editor_save_finished (CsWorkflowEditor *self,
                                  gboolean          ok,
                                  const GError     *error)
{
  g_return_if_fail (CS_IS_WORKFLOW_EDITOR (self));
  g_return_if_fail (ok || error != NULL);

  set_saving (self, FALSE);
  if (ok)
    {
      /* Edits made while saving are not in what was saved. */
      if (self->history != NULL && self->generation == self->save_generation)
        cs_edit_history_set_clean (self->history);
      g_clear_pointer (&self->load_problems, g_ptr_array_unref);
      cs_workflow_editor_validate_now (self);
      gtk_info_bar_set_revealed (self->conflict_bar, FALSE);
      cs_workflow_editor_show_message (self, self->save_publishes ? _("Saved and published") : _("Saved"), FALSE);
    }
  else if (g_error_matches (error, CS_ERROR, CS_ERROR_CONFLICT))
    {
      g_autofree char *text = g_strdup_printf ("%s %s", error->message,
                                               _("Reload to see their version, or save yours as a separate draft: "
                                                 "nothing is overwritten."));

      g_free (self->message);
      self->message = g_strdup (text);
      gtk_label_set_text (self->conflict_label, text);
      gtk_info_bar_set_revealed (self->conflict_bar, TRUE);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("Could not save: %s. Your draft and its undo history are kept."),
                                               error->message);
      cs_workflow_editor_show_message (self, text, TRUE);
    }
  cs_workflow_editor_update_status (self);
  g_object_notify (G_OBJECT (self), "modified");
}

static void
reload_requested (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  CsWorkflowEditor *self = CS_WORKFLOW_EDITOR (widget);

  gtk_info_bar_set_revealed (self->conflict_bar, FALSE);
  g_signal_emit_by_name (self, "reload-requested");
}

static void
save_as_draft_requested (GtkWidget  *widget,
                         const char *action,
                         GVariant   *parameter)
{
  CsWorkflowEditor *self = CS_WORKFLOW_EDITOR (widget);
  g_autoptr(CsWorkflow) snapshot = cs_workflow_copy (self->workflow);

  gtk_info_bar_set_revealed (self->conflict_bar, FALSE);
  cs_workflow_set_status (snapshot, CS_WORKFLOW_STATUS_DRAFT);
  self->save_publishes = FALSE;
  self->save_generation = self->generation;
  set_saving (self, TRUE);
  g_signal_emit_by_name (self, "save-as-draft-requested", snapshot);
}

void
cs_workflow_editor_class_init_saving (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "editor.reload", NULL, reload_requested);
  gtk_widget_class_install_action (widget_class, "editor.save-as-draft", NULL, save_as_draft_requested);
}

/* Import and export */

gboolean
cs_workflow_editor_import_file (CsWorkflowEditor  *self,
                                GFile             *file,
                                GError           **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(CsWorkflow) imported = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (CS_IS_WORKFLOW_EDITOR (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!cs_workflow_editor_is_editable (self))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_PERMISSION, _("This workflow cannot be changed here"));
      return FALSE;
    }
  imported = cs_workflow_load_from_file (file, NULL, &problems, error);
  if (imported == NULL)
    return FALSE;

  cs_edit_history_replace_contents (self->history, imported);
  g_clear_pointer (&self->load_problems, g_ptr_array_unref);
  self->load_problems = g_ptr_array_ref (problems);
  cs_workflow_editor_validate_now (self);
  cs_dag_canvas_zoom_to_fit (self->canvas);
  if (problems->len > 0)
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported “%s”; the file has %u problem",
                                           "Imported “%s”; the file has %u problems", problems->len),
                              cs_workflow_get_name (imported), problems->len);
      gtk_stack_set_visible_child_name (self->side_stack, "problems");
    }
  else
    text = g_strdup_printf (_("Imported “%s”"), cs_workflow_get_name (imported));
  cs_workflow_editor_show_message (self, text, FALSE);
  return TRUE;
}

static void
on_export_response (GtkNativeDialog  *dialog,
                    int               response,
                    CsWorkflowEditor *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  CsDiagramFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "cs-format"));

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *text = NULL;

      if (cs_dag_canvas_export (self->canvas, format, file, &error))
        text = g_strdup_printf (_("Exported to %s"), name);
      else
        text = g_strdup_printf (_("Could not export to %s: %s"), name, error->message);
      cs_workflow_editor_show_message (self, text, FALSE);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
cs_workflow_editor_export_action (GtkWidget  *widget,
                                  const char *action,
                                  GVariant   *parameter)
{
  CsWorkflowEditor *self = CS_WORKFLOW_EDITOR (widget);
  const char *kind = g_variant_get_string (parameter, NULL);
  CsDiagramFormat format = CS_DIAGRAM_PNG;
  g_autofree char *name = NULL;
  GtkFileChooserNative *dialog;

  if (self->workflow == NULL)
    return;
  if (g_str_equal (kind, "svg"))
    format = CS_DIAGRAM_SVG;
  else if (g_str_equal (kind, "pdf"))
    format = CS_DIAGRAM_PDF;
  else if (g_str_equal (kind, "dot"))
    format = CS_DIAGRAM_DOT;

  dialog = gtk_file_chooser_native_new (_("Export Diagram"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  name = g_strdup_printf ("%s-v%d.%s", cs_workflow_get_key (self->workflow) ? cs_workflow_get_key (self->workflow)
                                                                             : "workflow",
                          cs_workflow_get_version (self->workflow), cs_diagram_format_extension (format));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data (G_OBJECT (dialog), "cs-format", GINT_TO_POINTER (format));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_import_response (GtkNativeDialog  *dialog,
                    int               response,
                    CsWorkflowEditor *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL &&
      !cs_workflow_editor_import_file (self, file, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not import the definition: %s"), error->message);
      cs_workflow_editor_show_message (self, text, FALSE);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
cs_workflow_editor_import_action (GtkWidget  *widget,
                                  const char *action,
                                  GVariant   *parameter)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Import Workflow Definition"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_file_filter_set_name (filter, _("Workflow definitions (JSON)"));
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_import_response), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
