/* cs-workflows-page-editing.c: editing a workflow from the workflows page
 *
 * Designers edit in the workflow editor, on a copy of the version shown. A
 * draft is saved in place; a published version is never changed: saving it
 * makes the next version a draft (published versions are read-only, and
 * running instances keep theirs). The database checks that nobody else saved
 * meanwhile; on a conflict the editor offers to reload or to keep this as a
 * separate draft, never overwriting anyone. A failed save keeps the draft and
 * its undo history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "store/cs-workflow-repo.h"
#include "cs-workflows-page-private.h"

gboolean
cs_workflows_page_may_design (CsWorkflowsPage *self)
{
  return self->store != NULL && cs_store_has_role (self->store, "designer");
}

static void
update_editor_title (CsWorkflowsPage *self)
{
  g_autofree char *title = NULL;

  if (self->editing_base == NULL)
    return;
  title = g_strdup_printf (g_str_equal (self->editing_base->status, "draft")
                           ? _("%s — editing draft version %d")
                           : _("%s — editing a new draft after version %d"),
                           self->editing_base->name, self->editing_base->version);
  gtk_label_set_label (self->editor_title, title);
}

static void
open_editor (CsWorkflowsPage     *self,
             CsWorkflow          *workflow,
             const CsVersionInfo *base)
{
  g_autoptr(CsWorkflow) copy = cs_workflow_copy (workflow);

  g_clear_pointer (&self->editing_base, cs_version_info_free);
  self->editing_base = cs_version_info_copy (base);
  /* The editor works on its own copy; the diagram keeps the saved version. */
  cs_workflow_set_status (copy, CS_WORKFLOW_STATUS_DRAFT);
  cs_workflow_editor_set_workflow (self->editor, copy, NULL);
  cs_workflow_editor_set_read_only (self->editor, !cs_workflows_page_may_design (self));
  update_editor_title (self);
  gtk_stack_set_visible_child_name (self->stack, "editor");
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  CsWorkflowsPage *self = CS_WORKFLOWS_PAGE (widget);

  if (self->workflow == NULL || self->version == NULL)
    return;
  open_editor (self, self->workflow, cs_version_item_get_info (self->version));
}

static void
discard_response (AdwMessageDialog *dialog,
                  const char       *response,
                  CsWorkflowsPage  *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "workflows");
      g_clear_pointer (&self->editing_base, cs_version_info_free);
    }
}

static void
close_editor_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  CsWorkflowsPage *self = CS_WORKFLOWS_PAGE (widget);
  AdwMessageDialog *dialog;

  if (!cs_workflow_editor_is_modified (self->editor))
    {
      gtk_stack_set_visible_child_name (self->stack, "workflows");
      g_clear_pointer (&self->editing_base, cs_version_info_free);
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       _("Discard Unsaved Changes?"),
                                                       _("The changes since the last save will be lost.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Keep Editing"), "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef enum
{
  SAVE,           /* over the base: the draft, or a new draft after a published version */
  SAVE_AS_DRAFT,  /* as a version of its own, whatever was saved meanwhile */
  RELOAD,         /* the newest version instead */
} SaveKind;

typedef struct
{
  SaveKind       kind;
  CsWorkflow    *workflow;
  CsVersionInfo *base;
  gboolean       publish;
} SaveRequest;

typedef struct
{
  CsVersionInfo *info;
  CsWorkflow    *workflow;   /* RELOAD: the newest definition */
} SaveResult;

static void
save_request_free (SaveRequest *req)
{
  g_clear_object (&req->workflow);
  g_clear_pointer (&req->base, cs_version_info_free);
  g_free (req);
}

static void
save_result_free (SaveResult *res)
{
  g_clear_pointer (&res->info, cs_version_info_free);
  g_clear_object (&res->workflow);
  g_free (res);
}

static gpointer
save_thread (CsDbConnection  *conn,
             gpointer         data,
             GCancellable    *cancellable,
             GError         **error)
{
  SaveRequest *req = data;
  g_autoptr(CsVersionInfo) info = NULL;
  g_autoptr(CsWorkflow) newest = NULL;
  SaveResult *res;

  switch (req->kind)
    {
    case SAVE:
      info = cs_workflow_repo_save (conn, req->workflow, req->base, error);
      break;
    case SAVE_AS_DRAFT:
      info = cs_workflow_repo_add_version (conn, req->workflow, FALSE, error);
      break;
    case RELOAD:
    default:
      {
        g_autofree char *latest = cs_db_connection_query_value (conn,
          "SELECT id FROM workflow_versions WHERE workflow_id = $1::uuid ORDER BY version DESC LIMIT 1",
          1, (const char *[]) { req->base->workflow_id }, error);
        if (latest != NULL)
          newest = cs_workflow_repo_load (conn, latest, &info, error);
      }
      break;
    }
  if (info == NULL)
    return NULL;

  /* Publishing refuses a definition with errors and says which. */
  if (req->publish && !cs_workflow_repo_publish (conn, info->version_id, error))
    return NULL;
  if (req->publish)
    {
      g_autofree char *id = g_strdup (info->version_id);
      g_clear_pointer (&info, cs_version_info_free);
      if (!(newest = cs_workflow_repo_load (conn, id, &info, error)))
        return NULL;
    }

  res = g_new0 (SaveResult, 1);
  res->info = g_steal_pointer (&info);
  res->workflow = g_steal_pointer (&newest);
  return res;
}

typedef struct
{
  CsWorkflowsPage *self;
  SaveKind         kind;
} SaveCall;

static void
save_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SaveCall *call = user_data;
  g_autoptr(CsWorkflowsPage) self = call->self;
  SaveKind kind = call->kind;
  g_autoptr(GError) error = NULL;
  SaveResult *res = cs_store_run_finish (CS_STORE (object), result, &error);

  g_free (call);

  if (res == NULL)
    {
      if (kind == RELOAD)
        cs_workflows_page_toast (self, error->message);
      else
        cs_workflow_editor_save_finished (self->editor, FALSE, error);
      return;
    }

  g_clear_pointer (&self->editing_base, cs_version_info_free);
  self->editing_base = cs_version_info_copy (res->info);
  if (kind == RELOAD || res->workflow != NULL)
    {
      /* Show what the database now has (reloaded, or just published). */
      g_autoptr(CsWorkflow) copy = cs_workflow_copy (res->workflow);
      if (kind != RELOAD)
        cs_workflow_editor_save_finished (self->editor, TRUE, NULL);
      cs_workflow_set_status (copy, CS_WORKFLOW_STATUS_DRAFT);
      cs_workflow_editor_set_workflow (self->editor, copy, NULL);
    }
  else
    cs_workflow_editor_save_finished (self->editor, TRUE, NULL);

  update_editor_title (self);
  save_result_free (res);
  /* The list shows the new version. */
  cs_workflows_page_refresh (self);
}

static void
request (CsWorkflowsPage *self,
         SaveKind         kind,
         CsWorkflow      *workflow,
         gboolean         publish)
{
  SaveRequest *req;
  SaveCall *call;

  if (self->store == NULL || self->editing_base == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (CS_ERROR, CS_ERROR_CONNECTION, _("Not connected to the database"));
      cs_workflow_editor_save_finished (self->editor, FALSE, error);
      return;
    }

  req = g_new0 (SaveRequest, 1);
  req->kind = kind;
  req->workflow = workflow ? cs_workflow_copy (workflow) : NULL;
  req->base = cs_version_info_copy (self->editing_base);
  req->publish = publish;
  call = g_new0 (SaveCall, 1);
  call->self = g_object_ref (self);
  call->kind = kind;
  cs_store_run_async (self->store, save_thread, req, (GDestroyNotify) save_request_free,
                      (GDestroyNotify) save_result_free, NULL, save_done, call);
}

static void
editor_save_requested_cb (CsWorkflowsPage *self,
                          CsWorkflow      *workflow,
                          gboolean         publish)
{
  request (self, SAVE, workflow, publish);
}

static void
editor_reload_requested_cb (CsWorkflowsPage *self)
{
  request (self, RELOAD, NULL, FALSE);
}

static void
editor_save_as_draft_requested_cb (CsWorkflowsPage *self,
                                   CsWorkflow      *workflow)
{
  request (self, SAVE_AS_DRAFT, workflow, FALSE);
}

void
cs_workflows_page_class_init_editing (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, editor);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, editor_title);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, edit_button);
  gtk_widget_class_bind_template_callback (widget_class, editor_save_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_reload_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_save_as_draft_requested_cb);
  gtk_widget_class_install_action (widget_class, "workflows.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "workflows.close-editor", NULL, close_editor_action);
}
