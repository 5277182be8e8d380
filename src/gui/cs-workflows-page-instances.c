/* cs-workflows-page-instances.c: the instances of the version shown, and one instance
 *
 * Below the diagram: the version's instances, newest first, filtered by
 * state; selecting one shows its timeline (every step execution with its
 * timings) and its data in their place, with a way back to the list, and
 * marks the steps it is at on the diagram.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "store/cs-instance-repo.h"
#include "cs-format.h"
#include "cs-workflows-page-private.h"

static const char * const status_filters[] = { NULL, "running", "completed", "failed", "cancelled" };

/* Template callbacks for the instance table's cells. */

static char *
format_ms (gpointer this,
           double   ms)
{
  return cs_format_duration_ms (ms);
}

static char *
format_time (gpointer this,
             gint64   usec)
{
  return cs_format_time_us (usec);
}

static char *
format_state (gpointer    this,
              const char *state)
{
  return g_strdup (state && *state ? cs_format_state (state) : "");
}

static GStrv
state_classes (gpointer    this,
               const char *state)
{
  const char *classes[] = { cs_format_state_class (state), NULL };
  return g_strdupv ((char **) classes);
}

static char *
format_subject (gpointer    this,
                const char *subject,
                const char *error)
{
  if (subject != NULL && *subject != '\0')
    return g_strdup (subject);
  return g_strdup (error && *error ? error : "—");
}

/* The lower half shows the list of instances, or one instance (its
 * timeline and data) with a way back. */
static void
show_list (CsWorkflowsPage *self)
{
  gboolean any = g_list_model_get_n_items (G_LIST_MODEL (self->instances)) > 0;

  gtk_stack_set_visible_child_name (self->instances_stack, any ? "list" : "none");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_switcher), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->status_filter), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->instances_count_label), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->instances_label), FALSE);
  gtk_label_set_label (self->instances_label, _("Instances"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->instances_label), NULL);
}

static void
show_instance (CsWorkflowsPage *self,
               CsInstanceItem  *instance)
{
  g_autofree char *title = NULL;

  if (*cs_instance_item_get_subject (instance))
    /* Translators: instance number · its subject */
    title = g_strdup_printf (_("Instance %" G_GINT64_FORMAT " · %s"), cs_instance_item_get_id (instance),
                             cs_instance_item_get_subject (instance));
  else
    title = g_strdup_printf (_("Instance %" G_GINT64_FORMAT), cs_instance_item_get_id (instance));
  gtk_label_set_label (self->instances_label, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->instances_label), title);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_switcher), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->status_filter), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->instances_count_label), FALSE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->instances_label), TRUE);
  gtk_stack_set_visible_child_name (self->instances_stack, "instance");
}

typedef struct
{
  char *workflow_id;
  char *version_id;
  char *status;
} InstanceQuery;

static void
instance_query_free (InstanceQuery *query)
{
  g_free (query->workflow_id);
  g_free (query->version_id);
  g_free (query->status);
  g_free (query);
}

static gpointer
list_instances_thread (CsDbConnection  *conn,
                       gpointer         data,
                       GCancellable    *cancellable,
                       GError         **error)
{
  InstanceQuery *query = data;
  return cs_instance_repo_list_instances (conn, query->workflow_id, query->version_id, query->status,
                                          CS_WORKFLOWS_PAGE_INSTANCE_LIMIT, error);
}

static void
list_instances_done (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CsWorkflowsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) instances = cs_store_run_finish (CS_STORE (object), result, &error);
  gint64 keep = self->instance_id;

  if (!cs_workflows_page_end_load (self, &self->instances_cancellable, error))
    return;

  if (instances == NULL)
    {
      cs_workflows_page_toast (self, error->message);
      return;
    }

  g_list_store_splice (self->instances, 0, g_list_model_get_n_items (G_LIST_MODEL (self->instances)),
                       instances->pdata, instances->len);
  cs_workflows_page_update_instance_count (self);

  /* Keep showing the instance that was shown, with its fresh state. */
  if (keep == 0 || !cs_workflows_page_select_instance (self, keep))
    {
      gtk_single_selection_set_selected (self->instance_selection, GTK_INVALID_LIST_POSITION);
      show_list (self);
    }
  cs_workflows_page_update_actions (self);

  /* Changes arrived while loading: this answer may predate them. */
  if (self->instances_stale)
    cs_workflows_page_reload_instances (self);
}

void
cs_workflows_page_update_instance_count (CsWorkflowsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->instances));
  g_autofree char *count = n >= CS_WORKFLOWS_PAGE_INSTANCE_LIMIT
                           ? g_strdup_printf (_("newest %u"), n)
                           : g_strdup_printf ("%u", n);

  gtk_label_set_label (self->instances_count_label, count);
}

const char *
cs_workflows_page_get_status_filter (CsWorkflowsPage *self)
{
  guint filter = gtk_drop_down_get_selected (self->status_filter);
  return filter < G_N_ELEMENTS (status_filters) ? status_filters[filter] : NULL;
}

void
cs_workflows_page_reload_instances (CsWorkflowsPage *self)
{
  InstanceQuery *query;

  if (self->version == NULL || !cs_workflows_page_is_connected (self))
    {
      g_list_store_remove_all (self->instances);
      show_list (self);
      return;
    }

  self->instances_stale = FALSE;
  query = g_new0 (InstanceQuery, 1);
  query->workflow_id = g_strdup (cs_version_item_get_info (self->version)->workflow_id);
  query->version_id = g_strdup (cs_version_item_get_version_id (self->version));
  query->status = g_strdup (cs_workflows_page_get_status_filter (self));
  cs_store_run_async (self->store, list_instances_thread, query, (GDestroyNotify) instance_query_free,
                      (GDestroyNotify) g_ptr_array_unref,
                      cs_workflows_page_begin_load (self, &self->instances_cancellable),
                      list_instances_done, g_object_ref (self));
}

static void
status_filter_changed_cb (CsWorkflowsPage *self)
{
  cs_workflows_page_reload_instances (self);
}

/* The instance shown: its timeline and its data. */

typedef struct
{
  GPtrArray  *timeline;
  JsonObject *data;
} Detail;

static void
detail_free (Detail *detail)
{
  g_clear_pointer (&detail->timeline, g_ptr_array_unref);
  g_clear_pointer (&detail->data, json_object_unref);
  g_free (detail);
}

static gpointer
load_detail_thread (CsDbConnection  *conn,
                    gpointer         data,
                    GCancellable    *cancellable,
                    GError         **error)
{
  gint64 id = *(gint64 *) data;
  Detail *detail = g_new0 (Detail, 1);

  if (!(detail->timeline = cs_instance_repo_get_timeline (conn, id, error))
      || !(detail->data = cs_instance_repo_get_data (conn, id, error)))
    {
      detail_free (detail);
      return NULL;
    }
  return detail;
}

static void
load_detail_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CsWorkflowsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Detail *detail = cs_store_run_finish (CS_STORE (object), result, &error);
  g_autoptr(GListStore) timeline = NULL;

  if (!cs_workflows_page_end_load (self, &self->detail_cancellable, error))
    {
      g_clear_pointer (&detail, detail_free);
      return;
    }
  if (detail == NULL)
    {
      cs_workflows_page_toast (self, error->message);
      return;
    }

  timeline = g_list_store_new (CS_TYPE_STEP_EXECUTION_ITEM);
  g_list_store_splice (timeline, 0, 0, detail->timeline->pdata, detail->timeline->len);
  cs_timeline_view_set_model (self->timeline_view, G_LIST_MODEL (timeline));
  cs_data_list_set_data (self->data_list, detail->data);
  detail_free (detail);
}

CsInstanceItem *
cs_workflows_page_get_selected_instance (CsWorkflowsPage *self)
{
  gpointer item = gtk_single_selection_get_selected_item (self->instance_selection);
  return CS_IS_INSTANCE_ITEM (item) ? item : NULL;
}

static void
instance_selected_cb (CsWorkflowsPage *self)
{
  CsInstanceItem *instance = cs_workflows_page_get_selected_instance (self);
  gint64 *id;

  cs_workflows_page_update_actions (self);
  if (instance == NULL)
    {
      self->instance_id = 0;
      /* Nothing replaces this load: clear the slot, or the page stays busy. */
      g_cancellable_cancel (self->detail_cancellable);
      g_clear_object (&self->detail_cancellable);
      cs_workflows_page_notify_busy (self);
      cs_dag_canvas_unselect_all (self->canvas);
      show_list (self);
      return;
    }

  /* A different instance: do not show the last one's rows meanwhile. */
  if (self->instance_id != cs_instance_item_get_id (instance))
    {
      cs_timeline_view_set_model (self->timeline_view, NULL);
      cs_data_list_set_data (self->data_list, NULL);
    }
  self->instance_id = cs_instance_item_get_id (instance);
  show_instance (self, instance);

  /* Where it is, on the diagram. */
  cs_dag_canvas_unselect_all (self->canvas);
  if (self->workflow != NULL)
    {
      g_auto(GStrv) steps = g_strsplit (cs_instance_item_get_current_steps (instance), ", ", -1);
      for (guint i = 0; steps[i] != NULL; i++)
        for (guint j = 0; j < cs_workflow_get_n_steps (self->workflow); j++)
          {
            CsStep *step = cs_workflow_get_step (self->workflow, j);
            if (g_str_equal (cs_step_get_name (step), steps[i]))
              cs_dag_canvas_select_step (self->canvas, cs_step_get_id (step), TRUE);
          }
    }

  id = g_new (gint64, 1);
  *id = self->instance_id;
  cs_store_run_async (self->store, load_detail_thread, id, g_free, (GDestroyNotify) detail_free,
                      cs_workflows_page_begin_load (self, &self->detail_cancellable),
                      load_detail_done, g_object_ref (self));
}

/* Enter or a click on the selected row opens it again after going back. */
static void
instance_activated_cb (CsWorkflowsPage *self,
                       guint            position)
{
  if (gtk_single_selection_get_selected (self->instance_selection) == position)
    instance_selected_cb (self);
  else
    gtk_single_selection_set_selected (self->instance_selection, position);
}

static void
back_clicked_cb (CsWorkflowsPage *self)
{
  gtk_single_selection_set_selected (self->instance_selection, GTK_INVALID_LIST_POSITION);
  show_list (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->instance_view));
}

gboolean
cs_workflows_page_select_instance (CsWorkflowsPage *self,
                                   gint64           instance_id)
{
  GListModel *rows;

  g_return_val_if_fail (CS_IS_WORKFLOWS_PAGE (self), FALSE);

  rows = G_LIST_MODEL (self->instance_sort_model);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(CsInstanceItem) item = g_list_model_get_item (rows, i);

      if (cs_instance_item_get_id (item) == instance_id)
        {
          if (gtk_single_selection_get_selected (self->instance_selection) == i)
            instance_selected_cb (self);   /* same row, fresh item: show it again */
          else
            gtk_single_selection_set_selected (self->instance_selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

void
cs_workflows_page_class_init_instances (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, status_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, instance_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, instance_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, format_ms);
  gtk_widget_class_bind_template_callback (widget_class, format_time);
  gtk_widget_class_bind_template_callback (widget_class, format_state);
  gtk_widget_class_bind_template_callback (widget_class, state_classes);
  gtk_widget_class_bind_template_callback (widget_class, format_subject);
}
