/* cs-workflows-page.c: workflows, their versions, diagrams and instances
 *
 * Left, the workflows, each expanding to its versions; right, the version
 * selected: its diagram (read-only, in the "diagram" page of a stack where
 * the editor will go) above its instances, and the selected instance's
 * timeline and data. Every read runs on the store's query threads; each
 * kind of load has its own cancellable, so a selection that changes again
 * before its answer arrives drops the stale one.
 *
 * This file is the object and what its parts share; the workflow list and
 * the diagram are in cs-workflows-page-list.c, the instances in
 * cs-workflows-page-instances.c, the actions in cs-workflows-page-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-workflows-page-private.h"

G_DEFINE_FINAL_TYPE (CsWorkflowsPage, cs_workflows_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
cs_workflows_page_toast (CsWorkflowsPage *self,
                         const char      *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

gboolean
cs_workflows_page_is_busy (CsWorkflowsPage *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOWS_PAGE (self), FALSE);
  return self->workflows_cancellable || self->version_cancellable || self->instances_cancellable
         || self->detail_cancellable || self->action_cancellable;
}

void
cs_workflows_page_notify_busy (CsWorkflowsPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

gboolean
cs_workflows_page_may_manage (CsWorkflowsPage *self)
{
  const char *role = self->store ? cs_store_get_app_role (self->store) : NULL;
  return g_strcmp0 (role, "administrator") == 0 || g_strcmp0 (role, "designer") == 0;
}

/* Starts a load of one kind, cancelling the one before. */
GCancellable *
cs_workflows_page_begin_load (CsWorkflowsPage  *self,
                              GCancellable    **slot)
{
  g_cancellable_cancel (*slot);
  g_clear_object (slot);
  *slot = g_cancellable_new ();
  cs_workflows_page_notify_busy (self);
  return *slot;
}

/* Ends a load: FALSE when it was cancelled (a newer one took over). */
gboolean
cs_workflows_page_end_load (CsWorkflowsPage  *self,
                            GCancellable    **slot,
                            const GError     *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  g_clear_object (slot);
  cs_workflows_page_notify_busy (self);
  return TRUE;
}

gboolean
cs_workflows_page_is_connected (CsWorkflowsPage *self)
{
  return self->store != NULL && cs_store_get_state (self->store) == CS_STORE_CONNECTED;
}

static void
cancel_loads (CsWorkflowsPage *self)
{
  GCancellable **slots[] = { &self->workflows_cancellable, &self->version_cancellable,
                             &self->instances_cancellable, &self->detail_cancellable,
                             &self->action_cancellable };

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      g_cancellable_cancel (*slots[i]);
      g_clear_object (slots[i]);
    }
}

static void
store_state_changed (CsWorkflowsPage *self)
{
  cs_workflows_page_watch (self, cs_workflows_page_is_connected (self) ? cs_store_get_changes (self->store) : NULL);
  if (cs_workflows_page_is_connected (self))
    cs_workflows_page_refresh (self);
  else
    {
      cancel_loads (self);
      g_list_store_remove_all (self->workflows);
      cs_workflows_page_show_version (self, NULL);
      /* Unsaved edits stay open; saving says the database is unreachable. */
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "editor") != 0)
        gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  cs_workflows_page_update_actions (self);
}

CsStore *
cs_workflows_page_get_store (CsWorkflowsPage *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOWS_PAGE (self), NULL);
  return self->store;
}

void
cs_workflows_page_set_store (CsWorkflowsPage *self,
                             CsStore         *store)
{
  g_return_if_fail (CS_IS_WORKFLOWS_PAGE (self));
  g_return_if_fail (!store || CS_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_clear_signal_handler (&self->state_handler, self->store);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->state_handler = g_signal_connect_object (store, "notify::state", G_CALLBACK (store_state_changed),
                                                   self, G_CONNECT_SWAPPED);
  store_state_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

GListModel *
cs_workflows_page_get_workflows (CsWorkflowsPage *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOWS_PAGE (self), NULL);
  return G_LIST_MODEL (self->workflows);
}

CsVersionItem *
cs_workflows_page_get_version (CsWorkflowsPage *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOWS_PAGE (self), NULL);
  return self->version;
}

CsWorkflow *
cs_workflows_page_get_workflow (CsWorkflowsPage *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOWS_PAGE (self), NULL);
  return self->workflow;
}

GListModel *
cs_workflows_page_get_instances (CsWorkflowsPage *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOWS_PAGE (self), NULL);
  return G_LIST_MODEL (self->instance_sort_model);
}

static void
cs_workflows_page_dispose (GObject *object)
{
  CsWorkflowsPage *self = (CsWorkflowsPage *)object;

  cancel_loads (self);
  cs_workflows_page_watch (self, NULL);
  if (self->store != NULL)
    g_clear_signal_handler (&self->state_handler, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->version);
  g_clear_object (&self->workflow);
  g_clear_pointer (&self->editing_base, cs_version_info_free);
  g_clear_object (&self->tree);
  g_clear_object (&self->workflows);
  g_clear_object (&self->engine);

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_WORKFLOWS_PAGE);

  G_OBJECT_CLASS (cs_workflows_page_parent_class)->dispose (object);
}

static void
cs_workflows_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CsWorkflowsPage *self = CS_WORKFLOWS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, cs_workflows_page_is_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_workflows_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE:
      cs_workflows_page_set_store (CS_WORKFLOWS_PAGE (object), g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_workflows_page_class_init (CsWorkflowsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_workflows_page_dispose;
  object_class->get_property = cs_workflows_page_get_property;
  object_class->set_property = cs_workflows_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CS_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CS_TYPE_DAG_CANVAS);
  g_type_ensure (CS_TYPE_DATA_LIST);
  g_type_ensure (CS_TYPE_INSTANCE_ITEM);
  g_type_ensure (CS_TYPE_TIMELINE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/cs-workflows-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, workflow_list);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, workflow_selection);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, run_step_button);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, diagram_stack);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, diagram_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, diagram_failed_page);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, canvas);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, instances_label);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, status_filter);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, detail_switcher);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, instances_count_label);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, instances_stack);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, instances_empty_page);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, instance_view);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, instance_selection);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, instance_sort_model);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, instances);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, started_column);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, detail_views);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, timeline_view);
  gtk_widget_class_bind_template_child (widget_class, CsWorkflowsPage, data_list);

  cs_workflows_page_class_init_list (widget_class);
  cs_workflows_page_class_init_instances (widget_class);
  cs_workflows_page_class_init_actions (widget_class);
  cs_workflows_page_class_init_editing (widget_class);
}

/* Every page listens for F5 in the whole window: only the one shown reloads. */
static gboolean
refresh_shortcut (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  cs_workflows_page_refresh (CS_WORKFLOWS_PAGE (widget));
  return TRUE;
}

static void
cs_workflows_page_init (CsWorkflowsPage *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->engine = cs_engine_new ();
  cs_workflows_page_init_list (self);
  /* Newest first until someone sorts otherwise. */
  gtk_column_view_sort_by_column (self->instance_view, self->started_column, GTK_SORT_DESCENDING);

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F5, 0),
                                                          gtk_callback_action_new (refresh_shortcut, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_stack_set_visible_child_name (self->stack, "empty");
  cs_workflows_page_update_actions (self);
}

GtkWidget *
cs_workflows_page_new (void)
{
  return g_object_new (CS_TYPE_WORKFLOWS_PAGE, NULL);
}


