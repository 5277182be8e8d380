/* cs-workflows-page-actions.c: what can be done from the workflows page
 *
 * Start, retry and cancel instances, run one step by hand, export the
 * definition. Designers and administrators manage workflows; officers see
 * them, so the managing actions are hidden for them (the database would
 * refuse the writes anyway). Each action is enabled only when it applies:
 * starting needs a published version, retrying a failed instance,
 * cancelling one that has not ended.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/cs-workflow-json.h"
#include "cs-run-step-dialog.h"
#include "cs-start-instance-dialog.h"
#include "cs-workflows-page-private.h"

void
cs_workflows_page_update_actions (CsWorkflowsPage *self)
{
  CsInstanceItem *instance = cs_workflows_page_get_selected_instance (self);
  const char *status = instance ? cs_instance_item_get_status (instance) : NULL;
  gboolean manage = cs_workflows_page_may_manage (self);
  gboolean idle = self->action_cancellable == NULL;
  gboolean has_definition = self->workflow != NULL;
  gboolean published = self->version != NULL && cs_version_item_is_published (self->version);
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_set_visible (GTK_WIDGET (self->edit_button), cs_workflows_page_may_design (self));
  gtk_widget_action_set_enabled (widget, "workflows.edit", cs_workflows_page_may_design (self) && has_definition);
  gtk_button_set_label (self->edit_button, published ? _("New _Draft") : _("_Edit"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->edit_button),
                               published ? _("Published versions stay as they are: edit a new draft of this one")
                                         : _("Edit this draft"));
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), manage);
  gtk_widget_set_visible (GTK_WIDGET (self->run_step_button), manage);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), manage);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), manage);

  gtk_widget_action_set_enabled (widget, "workflows.start-instance", manage && idle && has_definition && published);
  gtk_widget_action_set_enabled (widget, "workflows.run-step", manage && has_definition);
  gtk_widget_action_set_enabled (widget, "workflows.export", has_definition);
  gtk_widget_action_set_enabled (widget, "workflows.retry-instance",
                                 manage && idle && g_strcmp0 (status, "failed") == 0);
  gtk_widget_action_set_enabled (widget, "workflows.cancel-instance",
                                 manage && idle && (g_strcmp0 (status, "running") == 0
                                                    || g_strcmp0 (status, "failed") == 0));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button),
                               published || self->version == NULL ? NULL
                               : _("Only the published version of a workflow starts instances"));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  cs_workflows_page_refresh (CS_WORKFLOWS_PAGE (widget));
}

static void
instance_started_cb (CsWorkflowsPage *self,
                     gint64           instance_id)
{
  g_autofree char *message = g_strdup_printf (_("Instance %" G_GINT64_FORMAT " started"), instance_id);

  cs_workflows_page_toast (self, message);
  /* Show it: the list may be filtered to another state. */
  self->instance_id = instance_id;
  if (gtk_drop_down_get_selected (self->status_filter) != 0)
    gtk_drop_down_set_selected (self->status_filter, 0);
  else
    cs_workflows_page_reload_instances (self);
}

static void
start_instance_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  CsWorkflowsPage *self = CS_WORKFLOWS_PAGE (widget);
  CsStartInstanceDialog *dialog;

  if (self->workflow == NULL || self->store == NULL)
    return;
  dialog = cs_start_instance_dialog_new (self->store, self->engine, self->workflow);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  g_signal_connect_object (dialog, "started", G_CALLBACK (instance_started_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
run_step_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  CsWorkflowsPage *self = CS_WORKFLOWS_PAGE (widget);
  CsRunStepDialog *dialog;

  if (self->workflow == NULL)
    return;
  dialog = cs_run_step_dialog_new (self->workflow);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Retry and cancel: one engine call on a query thread, then a reload. */

typedef struct
{
  gint64    instance_id;
  gboolean  cancel;
  char     *reason;
} InstanceChange;

static void
instance_change_free (InstanceChange *change)
{
  g_free (change->reason);
  g_free (change);
}

static gpointer
change_instance_thread (CsDbConnection  *conn,
                        gpointer         data,
                        GCancellable    *cancellable,
                        GError         **error)
{
  InstanceChange *change = data;
  gboolean ok = change->cancel ? cs_engine_cancel_instance (conn, change->instance_id, change->reason, error)
                               : cs_engine_retry_instance (conn, change->instance_id, error);

  return ok ? GINT_TO_POINTER (1) : NULL;
}

static void
change_instance_done (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CsWorkflowsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = self->changing_instance;
  g_autofree char *message = NULL;

  if (cs_store_run_finish (CS_STORE (object), result, &error) == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->action_cancellable);
      cs_workflows_page_notify_busy (self);
      cs_workflows_page_toast (self, error->message);
      cs_workflows_page_update_actions (self);
      return;
    }
  g_clear_object (&self->action_cancellable);
  cs_workflows_page_notify_busy (self);
  message = self->changing_cancel ? g_strdup_printf (_("Instance %" G_GINT64_FORMAT " cancelled"), id)
                   : g_strdup_printf (_("Instance %" G_GINT64_FORMAT " runs its failed step again"), id);
  cs_workflows_page_toast (self, message);
  cs_workflows_page_reload_instances (self);
}

static void
change_instance (CsWorkflowsPage *self,
                 gboolean         cancel)
{
  CsInstanceItem *instance = cs_workflows_page_get_selected_instance (self);
  InstanceChange *change;

  if (instance == NULL || self->store == NULL || self->action_cancellable != NULL)
    return;

  change = g_new0 (InstanceChange, 1);
  change->instance_id = cs_instance_item_get_id (instance);
  change->cancel = cancel;
  change->reason = cancel ? g_strdup_printf (_("Cancelled by %s"), cs_store_get_login (self->store)) : NULL;
  self->changing_instance = change->instance_id;
  self->changing_cancel = cancel;

  self->action_cancellable = g_cancellable_new ();
  cs_workflows_page_notify_busy (self);
  cs_workflows_page_update_actions (self);
  cs_store_run_async (self->store, change_instance_thread, change, (GDestroyNotify) instance_change_free, NULL,
                      self->action_cancellable, change_instance_done, g_object_ref (self));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  change_instance (CS_WORKFLOWS_PAGE (widget), FALSE);
}

static void
cancel_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CsWorkflowsPage  *self)
{
  if (g_strcmp0 (response, "cancel-instance") == 0)
    change_instance (self, TRUE);
}

static void
cancel_instance_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  CsWorkflowsPage *self = CS_WORKFLOWS_PAGE (widget);
  CsInstanceItem *instance = cs_workflows_page_get_selected_instance (self);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (instance == NULL)
    return;

  heading = g_strdup_printf (_("Cancel Instance %" G_GINT64_FORMAT "?"), cs_instance_item_get_id (instance));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                   _("Its pending steps and open approvals are cancelled and it ends as "
                                     "cancelled. This cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Running"),
                                    "cancel-instance", _("_Cancel Instance"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-instance",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Export: the definition as JSON, written off the main loop. */

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = g_object_get_data (G_OBJECT (task), "cs-file");
  g_autoptr(GError) error = NULL;

  if (!cs_workflow_save_to_file (task_data, file, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CsWorkflowsPage *self = CS_WORKFLOWS_PAGE (object);
  g_autoptr(GError) error = NULL;
  GFile *file = g_object_get_data (G_OBJECT (result), "cs-file");
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    message = g_strdup_printf (_("Could not export to %s: %s"), name, error->message);
  else
    message = g_strdup_printf (_("Exported to %s"), name);
  cs_workflows_page_toast (self, message);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    CsWorkflowsPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GTask) task = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->workflow != NULL
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    {
      task = g_task_new (self, NULL, save_done, NULL);
      g_task_set_source_tag (task, export_response_cb);
      /* The thread writes a copy: the shown workflow stays the main loop's. */
      g_task_set_task_data (task, cs_workflow_copy (self->workflow), g_object_unref);
      g_object_set_data_full (G_OBJECT (task), "cs-file", g_steal_pointer (&file), g_object_unref);
      g_task_run_in_thread (task, save_thread);
    }
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  CsWorkflowsPage *self = CS_WORKFLOWS_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (self->workflow == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Workflow"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Workflow definitions (JSON)"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  name = g_strdup_printf ("%s-v%d.json", cs_workflow_get_key (self->workflow),
                          cs_workflow_get_version (self->workflow));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
cs_workflows_page_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "workflows.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "workflows.start-instance", NULL, start_instance_action);
  gtk_widget_class_install_action (widget_class, "workflows.run-step", NULL, run_step_action);
  gtk_widget_class_install_action (widget_class, "workflows.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "workflows.retry-instance", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "workflows.cancel-instance", NULL, cancel_instance_action);
}
