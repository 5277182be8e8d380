/* cs-approvals-page-decide.c: approving and rejecting the selected task
 *
 * A rejection needs a comment, and says so next to it. The decision runs
 * cs_approval_decide() on a query thread; success removes the task and
 * toasts, a refusal (someone else was quicker, a role was lost) shows the
 * database's reason in a banner that outlives the refresh that follows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "store/cs-approval-repo.h"
#include "cs-approvals-page-private.h"

static void
banner_response_cb (CsApprovalsPage *self)
{
  gtk_info_bar_set_revealed (self->banner, FALSE);
}

static void
comment_changed_cb (CsApprovalsPage *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->comment_entry), "error");
}

void
cs_approvals_page_update_busy (CsApprovalsPage *self)
{
  gboolean deciding = self->decide_cancellable != NULL;
  gboolean selected = cs_approvals_page_get_selected (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "approvals.approve", selected && !deciding);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "approvals.reject", selected && !deciding);
  cs_approvals_page_notify_busy (self);
}

typedef struct
{
  gint64    task_id;
  gboolean  approve;
  char     *comment;
} Decision;

static void
decision_free (Decision *decision)
{
  g_free (decision->comment);
  g_free (decision);
}

static gpointer
decide_thread (CsDbConnection  *conn,
               gpointer         data,
               GCancellable    *cancellable,
               GError         **error)
{
  Decision *decision = data;
  return cs_approval_repo_decide (conn, decision->task_id, decision->approve, decision->comment, error);
}

static void
decide_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CsApprovalsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = cs_store_run_finish (CS_STORE (object), result, &error);
  g_autofree char *subject = g_steal_pointer (&self->deciding_subject);
  g_autofree char *message = NULL;
  guint position;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->decide_cancellable);

  if (state == NULL)
    {
      /* A banner, not the task's feedback: the refresh may take the task away. */
      message = g_strdup_printf (self->deciding_approve ? _("Could not approve “%s”: %s")
                                                        : _("Could not reject “%s”: %s"),
                                 subject, error->message);
      gtk_label_set_label (self->banner_label, message);
      gtk_info_bar_set_revealed (self->banner, TRUE);
      cs_approvals_page_update_busy (self);
      cs_approvals_page_refresh (self);
      return;
    }
  gtk_info_bar_set_revealed (self->banner, FALSE);

  position = cs_approvals_page_find_task (G_LIST_MODEL (self->tasks), self->deciding_task);
  if (position != GTK_INVALID_LIST_POSITION)
    g_list_store_remove (self->tasks, position);
  cs_approvals_page_update_count (self);
  cs_approvals_page_update_busy (self);
  if (g_str_equal (state, "open"))
    /* Translators: %s is what was decided on; a quorum of several roles decides it */
    message = g_strdup_printf (_("Your approval of “%s” is recorded; it waits for the other roles"), subject);
  else
    /* Translators: %s is what was decided on, e.g. a citizen's application */
    message = g_strdup_printf (self->deciding_approve ? _("Approved “%s”") : _("Rejected “%s”"), subject);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
decide (CsApprovalsPage *self,
        gboolean         approve)
{
  CsApprovalItem *item = cs_approvals_page_get_selected (self);
  g_autofree char *comment = NULL;
  const char *subject;
  Decision *decision;

  if (item == NULL || self->store == NULL || self->decide_cancellable != NULL)
    return;

  comment = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_entry))));
  if (!approve && *comment == '\0')
    {
      cs_approvals_page_show_feedback (self, _("Say why you reject it: a rejection needs a comment."));
      gtk_widget_add_css_class (GTK_WIDGET (self->comment_entry), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->comment_entry));
      return;
    }
  cs_approvals_page_show_feedback (self, NULL);

  subject = *cs_approval_item_get_subject (item) ? cs_approval_item_get_subject (item)
                                                 : cs_approval_item_get_step_name (item);
  decision = g_new0 (Decision, 1);
  decision->task_id = cs_approval_item_get_task_id (item);
  decision->approve = approve;
  decision->comment = g_steal_pointer (&comment);

  g_free (self->deciding_subject);
  self->deciding_subject = g_strdup (subject);
  self->deciding_approve = approve;
  self->deciding_task = decision->task_id;

  self->decide_cancellable = g_cancellable_new ();
  cs_approvals_page_update_busy (self);
  cs_store_run_async (self->store, decide_thread, decision, (GDestroyNotify) decision_free, g_free,
                      self->decide_cancellable, decide_done, g_object_ref (self));
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  decide (CS_APPROVALS_PAGE (widget), TRUE);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  decide (CS_APPROVALS_PAGE (widget), FALSE);
}

void
cs_approvals_page_class_init_decide (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, comment_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, banner_response_cb);
  gtk_widget_class_install_action (widget_class, "approvals.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "approvals.reject", NULL, reject_action);
}
