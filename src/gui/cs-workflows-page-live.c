/* cs-workflows-page-live.c: the page follows what the engine and other people change
 *
 * The database announces which instances a commit changed: the page fetches
 * just those (under the same version and state filter) and puts them in
 * place, so the list of a busy workflow stays put while the rows that moved
 * change; the instance shown reloads its timeline when it moved. A saved or
 * published version reloads the (short) list of workflows. After the
 * listener lost its connection everything reloads: nothing was announced
 * meanwhile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "store/cs-instance-repo.h"
#include "cs-workflows-page-private.h"

typedef struct
{
  char  *workflow_id;
  char  *version_id;
  char  *status;
  GStrv  ids;
} MergeQuery;

static void
merge_query_free (MergeQuery *query)
{
  g_free (query->workflow_id);
  g_free (query->version_id);
  g_free (query->status);
  g_strfreev (query->ids);
  g_free (query);
}

static gpointer
merge_thread (CsDbConnection  *conn,
              gpointer         data,
              GCancellable    *cancellable,
              GError         **error)
{
  MergeQuery *query = data;

  return cs_instance_repo_list_instances_among (conn, query->workflow_id, query->version_id, query->status,
                                                (const char * const *) query->ids,
                                                CS_WORKFLOWS_PAGE_INSTANCE_LIMIT, error);
}

typedef struct
{
  CsWorkflowsPage *self;
  char            *version_id;
  GStrv            ids;
} MergeCall;

static guint
find_instance (GListModel *model,
               gint64      id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CsInstanceItem) item = g_list_model_get_item (model, i);
      if (cs_instance_item_get_id (item) == id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
merge_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  MergeCall *call = user_data;
  g_autoptr(CsWorkflowsPage) self = call->self;
  g_autofree char *version_id = call->version_id;
  g_auto(GStrv) ids = call->ids;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) instances = cs_store_run_finish (CS_STORE (object), result, &error);
  gboolean shown_moved = FALSE;
  gint64 shown;

  g_free (call);
  /* Another version is shown by now, or a full load is under way (it may
   * have started before this change): that load decides. */
  if (self->version == NULL || g_strcmp0 (cs_version_item_get_version_id (self->version), version_id) != 0)
    return;
  if (self->instances_cancellable != NULL)
    {
      self->instances_stale = TRUE;
      return;
    }
  if (instances == NULL)
    {
      g_debug ("Reloading instances: %s", error->message);
      cs_workflows_page_reload_instances (self);
      return;
    }

  /* Removing the shown row unselects it (and forgets its id): remember it. */
  shown = self->instance_id;
  for (guint i = 0; ids[i] != NULL; i++)
    {
      gint64 id = g_ascii_strtoll (ids[i], NULL, 10);
      guint position = find_instance (G_LIST_MODEL (self->instances), id);

      if (position != GTK_INVALID_LIST_POSITION)
        g_list_store_remove (self->instances, position);
      shown_moved |= id == shown;
    }
  /* Back in their place: the list is newest first. */
  for (guint i = 0; i < instances->len; i++)
    {
      CsInstanceItem *item = g_ptr_array_index (instances, i);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->instances));
      guint position = 0;

      while (position < n)
        {
          g_autoptr(CsInstanceItem) other = g_list_model_get_item (G_LIST_MODEL (self->instances), position);
          if (cs_instance_item_get_id (other) < cs_instance_item_get_id (item))
            break;
          position++;
        }
      g_list_store_insert (self->instances, position, item);
    }
  cs_workflows_page_update_instance_count (self);

  /* The instance shown moved on: its timeline and data, afresh. */
  if (shown_moved && shown != 0)
    cs_workflows_page_select_instance (self, shown);
  cs_workflows_page_update_actions (self);
}

static void
instances_changed_cb (CsChangeListener   *listener,
                      const char         *table,
                      const char * const *ids,
                      CsWorkflowsPage    *self)
{
  MergeQuery *query;
  MergeCall *call;

  if (self->version == NULL || !cs_workflows_page_is_connected (self))
    return;
  /* A load under way may have missed this change: it loads again when done,
   * rather than being cancelled by every change of a busy workflow. */
  if (self->instances_cancellable != NULL)
    {
      self->instances_stale = TRUE;
      return;
    }
  if (ids == NULL)
    {
      cs_workflows_page_reload_instances (self);
      return;
    }

  query = g_new0 (MergeQuery, 1);
  query->workflow_id = g_strdup (cs_version_item_get_info (self->version)->workflow_id);
  query->version_id = g_strdup (cs_version_item_get_version_id (self->version));
  query->status = g_strdup (cs_workflows_page_get_status_filter (self));
  query->ids = g_strdupv ((char **) ids);
  call = g_new0 (MergeCall, 1);
  call->self = g_object_ref (self);
  call->version_id = g_strdup (query->version_id);
  call->ids = g_strdupv ((char **) ids);
  cs_store_run_async (self->store, merge_thread, query, (GDestroyNotify) merge_query_free,
                      (GDestroyNotify) g_ptr_array_unref, NULL, merge_done, call);
}

static void
versions_changed_cb (CsChangeListener   *listener,
                     const char         *table,
                     const char * const *ids,
                     CsWorkflowsPage    *self)
{
  if (cs_workflows_page_is_connected (self) && self->workflows_cancellable == NULL)
    cs_workflows_page_refresh (self);
}

static void
listener_reset_cb (CsWorkflowsPage *self)
{
  if (cs_workflows_page_is_connected (self))
    cs_workflows_page_refresh (self);
}

void
cs_workflows_page_watch (CsWorkflowsPage  *self,
                         CsChangeListener *listener)
{
  g_assert (CS_IS_WORKFLOWS_PAGE (self));

  if (self->listener == listener)
    return;
  if (self->listener != NULL)
    g_signal_handlers_disconnect_by_data (self->listener, self);
  g_set_object (&self->listener, listener);
  if (listener == NULL)
    return;
  g_signal_connect_object (listener, "changed::workflow_instances", G_CALLBACK (instances_changed_cb), self, 0);
  g_signal_connect_object (listener, "changed::workflows", G_CALLBACK (versions_changed_cb), self, 0);
  g_signal_connect_object (listener, "changed::workflow_versions", G_CALLBACK (versions_changed_cb), self, 0);
  g_signal_connect_object (listener, "reset", G_CALLBACK (listener_reset_cb), self, G_CONNECT_SWAPPED);
}
