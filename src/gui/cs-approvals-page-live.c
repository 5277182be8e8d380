/* cs-approvals-page-live.c: the list follows what others decide, as it happens
 *
 * The database announces which approval tasks a commit changed (on any
 * desktop or server); the page fetches just those and puts what became of
 * them in place: a task someone decided leaves the list, a new one appears,
 * the rest stay as they are, selection included. After the listener lost
 * its connection the whole list reloads, since nothing was announced
 * meanwhile. Deadlines pass without anyone writing, so a tick re-evaluates
 * which tasks are overdue from the deadlines already loaded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store/cs-approval-repo.h"
#include "cs-approvals-page-private.h"

#define DEADLINE_TICK_SECONDS 30

static gpointer
list_among_thread (CsDbConnection  *conn,
                   gpointer         data,
                   GCancellable    *cancellable,
                   GError         **error)
{
  return cs_approval_repo_list_open_among (conn, (const char * const *) data, error);
}

typedef struct
{
  CsApprovalsPage *self;
  GStrv            ids;
} MergeCall;

static void
merge_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  MergeCall *call = user_data;
  g_autoptr(CsApprovalsPage) self = call->self;
  g_auto(GStrv) ids = call->ids;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = cs_store_run_finish (CS_STORE (object), result, &error);
  CsApprovalItem *selected;
  gint64 keep = 0;

  g_free (call);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A full load under way started before this change and may not have it. */
  if (self->load_cancellable != NULL)
    {
      self->tasks_stale = TRUE;
      return;
    }
  if (tasks == NULL)
    {
      /* Cannot tell what changed: show what is there. */
      g_debug ("Reloading approval tasks: %s", error->message);
      cs_approvals_page_refresh (self);
      return;
    }

  if ((selected = cs_approvals_page_get_selected (self)))
    keep = cs_approval_item_get_task_id (selected);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      guint position = cs_approvals_page_find_task (G_LIST_MODEL (self->tasks), g_ascii_strtoll (ids[i], NULL, 10));
      if (position != GTK_INVALID_LIST_POSITION)
        g_list_store_remove (self->tasks, position);
    }
  for (guint i = 0; i < tasks->len; i++)
    g_list_store_append (self->tasks, g_ptr_array_index (tasks, i));
  if (keep != 0)
    cs_approvals_page_select_task (self, keep);
  cs_approvals_page_update_count (self);
}

static void
tasks_changed_cb (CsChangeListener   *listener,
                  const char         *table,
                  const char * const *ids,
                  CsApprovalsPage    *self)
{
  MergeCall *call;

  /* A hidden page reloads when it is shown again. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  /* A load under way may have missed this change: it loads again when done,
   * rather than being cancelled by every change. */
  if (self->load_cancellable != NULL)
    {
      self->tasks_stale = TRUE;
      return;
    }
  if (ids == NULL)
    {
      cs_approvals_page_refresh (self);
      return;
    }
  call = g_new0 (MergeCall, 1);
  call->self = g_object_ref (self);
  call->ids = g_strdupv ((char **) ids);
  cs_store_run_async (self->store, list_among_thread, g_strdupv ((char **) ids), (GDestroyNotify) g_strfreev,
                      (GDestroyNotify) g_ptr_array_unref, NULL, merge_done, call);
}

static void
listener_reset_cb (CsApprovalsPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    cs_approvals_page_refresh (self);
}

void
cs_approvals_page_watch (CsApprovalsPage  *self,
                         CsChangeListener *listener)
{
  g_assert (CS_IS_APPROVALS_PAGE (self));

  if (self->listener == listener)
    return;
  if (self->listener != NULL)
    g_signal_handlers_disconnect_by_data (self->listener, self);
  g_set_object (&self->listener, listener);
  if (listener == NULL)
    return;
  g_signal_connect_object (listener, "changed::approval_tasks", G_CALLBACK (tasks_changed_cb), self, 0);
  g_signal_connect_object (listener, "reset", G_CALLBACK (listener_reset_cb), self, G_CONNECT_SWAPPED);
}

static gboolean
deadline_tick (gpointer user_data)
{
  CsApprovalsPage *self = user_data;
  GListModel *tasks = G_LIST_MODEL (self->tasks);
  gint64 now = g_get_real_time ();
  gboolean changed = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (tasks); i++)
    {
      g_autoptr(CsApprovalItem) item = g_list_model_get_item (tasks, i);
      gint64 due = cs_approval_item_get_due_at (item);
      gboolean overdue = due != 0 && due <= now;

      if (overdue != cs_approval_item_get_overdue (item))
        {
          cs_approval_item_set_overdue (item, overdue);
          changed = TRUE;
        }
    }
  if (changed)
    {
      gtk_sorter_changed (self->default_sorter, GTK_SORTER_CHANGE_DIFFERENT);
      cs_approvals_page_update_count (self);
    }
  return G_SOURCE_CONTINUE;
}

void
cs_approvals_page_start_deadlines (CsApprovalsPage *self,
                                   gboolean         start)
{
  g_assert (CS_IS_APPROVALS_PAGE (self));

  if (!start)
    g_clear_handle_id (&self->deadline_source, g_source_remove);
  else if (self->deadline_source == 0)
    self->deadline_source = g_timeout_add_seconds (DEADLINE_TICK_SECONDS, deadline_tick, self);
}

/* For tests: what the tick does, now. */
void
cs_approvals_page_check_deadlines (CsApprovalsPage *self)
{
  g_return_if_fail (CS_IS_APPROVALS_PAGE (self));
  deadline_tick (self);
}
