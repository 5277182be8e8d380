/* cs-approvals-page.c: the approval tasks waiting for the signed-in user
 *
 * The database decides who may decide (cs_approval_may_decide), so the
 * list holds only tasks the user can act on, overdue ones first. Loading
 * and deciding run on the store's query threads; a fresh cancellable per
 * load drops a stale answer when a newer load started meanwhile. While the
 * page is shown it follows the changes the database announces
 * (cs-approvals-page-live.c); a decision the database refuses (someone else
 * was quicker, the user lost a role) says why and reloads.
 *
 * This file is the object, its loading and refreshing; the table is in
 * cs-approvals-page-table.c, the selected task in cs-approvals-page-detail.c
 * and deciding in cs-approvals-page-decide.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store/cs-approval-repo.h"
#include "cs-approvals-page-private.h"

G_DEFINE_FINAL_TYPE (CsApprovalsPage, cs_approvals_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
cs_approvals_page_notify_busy (CsApprovalsPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static gpointer
list_open_thread (CsDbConnection  *conn,
                  gpointer         data,
                  GCancellable    *cancellable,
                  GError         **error)
{
  return cs_approval_repo_list_open (conn, error);
}

static void
list_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CsApprovalsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = cs_store_run_finish (CS_STORE (object), result, &error);
  CsApprovalItem *selected;
  gint64 keep = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);
  cs_approvals_page_notify_busy (self);
  if (tasks == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  if ((selected = cs_approvals_page_get_selected (self)))
    keep = cs_approval_item_get_task_id (selected);
  g_list_store_splice (self->tasks, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tasks)),
                       tasks->pdata, tasks->len);
  if (keep != 0)
    cs_approvals_page_select_task (self, keep);
  cs_approvals_page_update_count (self);

  /* Changes arrived while loading: this answer may predate them. */
  if (self->tasks_stale)
    cs_approvals_page_refresh (self);
}

void
cs_approvals_page_refresh (CsApprovalsPage *self)
{
  g_return_if_fail (CS_IS_APPROVALS_PAGE (self));

  if (self->store == NULL || cs_store_get_state (self->store) != CS_STORE_CONNECTED)
    return;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->tasks_stale = FALSE;
  cs_approvals_page_notify_busy (self);
  cs_store_run_async (self->store, list_open_thread, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                      self->load_cancellable, list_done, g_object_ref (self));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  cs_approvals_page_refresh (CS_APPROVALS_PAGE (widget));
}

static void
cs_approvals_page_map (GtkWidget *widget)
{
  CsApprovalsPage *self = CS_APPROVALS_PAGE (widget);

  GTK_WIDGET_CLASS (cs_approvals_page_parent_class)->map (widget);

  /* Coming back to the page shows what changed while it was hidden. */
  cs_approvals_page_refresh (self);
  cs_approvals_page_start_deadlines (self, TRUE);
}

static void
cs_approvals_page_unmap (GtkWidget *widget)
{
  CsApprovalsPage *self = CS_APPROVALS_PAGE (widget);

  cs_approvals_page_start_deadlines (self, FALSE);

  GTK_WIDGET_CLASS (cs_approvals_page_parent_class)->unmap (widget);
}

static void
store_state_changed (CsApprovalsPage *self)
{
  cs_approvals_page_watch (self, cs_store_get_state (self->store) == CS_STORE_CONNECTED
                                 ? cs_store_get_changes (self->store) : NULL);
  if (cs_store_get_state (self->store) == CS_STORE_CONNECTED && gtk_widget_get_mapped (GTK_WIDGET (self)))
    cs_approvals_page_refresh (self);
  else if (cs_store_get_state (self->store) != CS_STORE_CONNECTED)
    {
      g_list_store_remove_all (self->tasks);
      cs_approvals_page_update_count (self);
    }
}

CsStore *
cs_approvals_page_get_store (CsApprovalsPage *self)
{
  g_return_val_if_fail (CS_IS_APPROVALS_PAGE (self), NULL);
  return self->store;
}

void
cs_approvals_page_set_store (CsApprovalsPage *self,
                             CsStore         *store)
{
  g_return_if_fail (CS_IS_APPROVALS_PAGE (self));
  g_return_if_fail (!store || CS_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_clear_signal_handler (&self->state_handler, self->store);
  g_set_object (&self->store, store);
  if (store == NULL)
    cs_approvals_page_watch (self, NULL);
  if (store != NULL)
    self->state_handler = g_signal_connect_object (store, "notify::state", G_CALLBACK (store_state_changed),
                                                   self, G_CONNECT_SWAPPED);
  g_list_store_remove_all (self->tasks);
  cs_approvals_page_update_count (self);
  if (store != NULL)
    store_state_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

gboolean
cs_approvals_page_is_busy (CsApprovalsPage *self)
{
  g_return_val_if_fail (CS_IS_APPROVALS_PAGE (self), FALSE);
  return self->load_cancellable != NULL || self->decide_cancellable != NULL;
}

GListModel *
cs_approvals_page_get_tasks (CsApprovalsPage *self)
{
  g_return_val_if_fail (CS_IS_APPROVALS_PAGE (self), NULL);
  return G_LIST_MODEL (self->sort_model);
}

static void
cs_approvals_page_dispose (GObject *object)
{
  CsApprovalsPage *self = (CsApprovalsPage *)object;

  cs_approvals_page_start_deadlines (self, FALSE);
  cs_approvals_page_watch (self, NULL);
  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->decide_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->decide_cancellable);
  g_clear_pointer (&self->deciding_subject, g_free);
  if (self->store != NULL)
    g_clear_signal_handler (&self->state_handler, self->store);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_APPROVALS_PAGE);

  G_OBJECT_CLASS (cs_approvals_page_parent_class)->dispose (object);
}

static void
cs_approvals_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CsApprovalsPage *self = CS_APPROVALS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, cs_approvals_page_is_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_approvals_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE:
      cs_approvals_page_set_store (CS_APPROVALS_PAGE (object), g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_approvals_page_class_init (CsApprovalsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_approvals_page_dispose;
  object_class->get_property = cs_approvals_page_get_property;
  object_class->set_property = cs_approvals_page_set_property;
  widget_class->map = cs_approvals_page_map;
  widget_class->unmap = cs_approvals_page_unmap;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CS_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CS_TYPE_APPROVAL_ITEM);
  g_type_ensure (CS_TYPE_DATA_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/cs-approvals-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, banner);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, selection);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, sort_model);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, tasks);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, detail_scroll);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, overdue_badge);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, escalated_badge);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, roles_row);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, agency_row);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, opened_row);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, due_row);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, data_list);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, history_list);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, decisions_list);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, comment_entry);
  gtk_widget_class_bind_template_child (widget_class, CsApprovalsPage, feedback_label);

  cs_approvals_page_class_init_table (widget_class);
  cs_approvals_page_class_init_decide (widget_class);
  gtk_widget_class_install_action (widget_class, "approvals.refresh", NULL, refresh_action);
}

/* Every page listens for F5 in the whole window: only the one shown reloads. */
static gboolean
refresh_shortcut (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  cs_approvals_page_refresh (CS_APPROVALS_PAGE (widget));
  return TRUE;
}

static void
cs_approvals_page_init (CsApprovalsPage *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  cs_approvals_page_init_table (self);
  cs_approvals_page_init_detail (self);

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F5, 0),
                                                          gtk_callback_action_new (refresh_shortcut, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  cs_approvals_page_update_count (self);
  cs_approvals_page_update_busy (self);
}

GtkWidget *
cs_approvals_page_new (void)
{
  return g_object_new (CS_TYPE_APPROVALS_PAGE, NULL);
}


