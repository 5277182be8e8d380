/* cs-workflows-page-list.c: the workflows page's list of workflows, and the version shown
 *
 * The list is a tree: workflows, each expanding to its versions. Selecting
 * a workflow shows its published version (else its newest); selecting a
 * version shows that one: its definition loads for the diagram, read-only,
 * and its instances load below it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "store/cs-instance-repo.h"
#include "store/cs-workflow-repo.h"
#include "cs-format.h"
#include "cs-workflows-page-private.h"

/* The workflow list: a tree of workflows and their versions. */

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  if (!CS_IS_WORKFLOW_ITEM (item))
    return NULL;
  return g_object_ref (cs_workflow_item_get_versions (item));
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *status = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (status, "caption-heading");

  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), status);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *labels = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_first_child (labels);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  GtkWidget *status = gtk_widget_get_next_sibling (labels);
  gpointer item = gtk_tree_list_row_get_item (row);
  g_autofree char *title_text = NULL;
  g_autofree char *subtitle_text = NULL;
  const char *state = NULL;

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);

  if (CS_IS_WORKFLOW_ITEM (item))
    {
      CsVersionItem *current = cs_workflow_item_get_current (item);
      const CsVersionInfo *info = current ? cs_version_item_get_info (current) : NULL;

      title_text = g_strdup (cs_workflow_item_get_name (item));
      if (info != NULL)
        /* Translators: "Version 2 · Published · 14 steps", of the version shown first */
        subtitle_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Version %d · %s · %d step",
                                                      "Version %d · %s · %d steps", info->n_steps),
                                         info->version, cs_format_state (info->status), info->n_steps);
      gtk_widget_add_css_class (title, "heading");
    }
  else if (CS_IS_VERSION_ITEM (item))
    {
      const CsVersionInfo *info = cs_version_item_get_info (item);

      title_text = g_strdup_printf (_("Version %d"), info->version);
      /* Translators: number of steps · who updated it · when */
      subtitle_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d step · %s · %s", "%d steps · %s · %s",
                                                    info->n_steps),
                                       info->n_steps, info->updated_by, info->updated_at);
      state = info->status;
      gtk_widget_remove_css_class (title, "heading");
    }

  gtk_label_set_label (GTK_LABEL (title), title_text);
  gtk_label_set_label (GTK_LABEL (subtitle), subtitle_text);
  gtk_widget_set_tooltip_text (subtitle, subtitle_text);
  gtk_label_set_label (GTK_LABEL (status), cs_format_state (state));
  gtk_widget_set_visible (status, state != NULL);
  gtk_widget_set_css_classes (status, (const char *[]) { "caption-heading", cs_format_state_class (state), NULL });
  g_clear_object (&item);
}

/* The version the selected row stands for. */
static CsVersionItem *
selected_version (CsWorkflowsPage *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->workflow_selection);
  g_autoptr(GObject) item = row ? gtk_tree_list_row_get_item (row) : NULL;

  if (CS_IS_WORKFLOW_ITEM (item))
    return cs_workflow_item_get_current (CS_WORKFLOW_ITEM (item));
  if (CS_IS_VERSION_ITEM (item))
    return CS_VERSION_ITEM (item);   /* the versions store keeps it */
  return NULL;
}

static void
workflow_selected_cb (CsWorkflowsPage *self)
{
  cs_workflows_page_show_version (self, selected_version (self));
}

static gboolean
select_row_where (CsWorkflowsPage *self,
                  gboolean       (*match) (gpointer item, gconstpointer data),
                  gconstpointer    data)
{
  GListModel *rows = G_LIST_MODEL (self->tree);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (match (item, data))
        {
          gtk_single_selection_set_selected (self->workflow_selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
workflow_has_key (gpointer      item,
                  gconstpointer key)
{
  return CS_IS_WORKFLOW_ITEM (item) && g_strcmp0 (cs_workflow_item_get_key (item), key) == 0;
}

static gboolean
is_version (gpointer      item,
            gconstpointer version_id)
{
  return CS_IS_VERSION_ITEM (item) && g_strcmp0 (cs_version_item_get_version_id (item), version_id) == 0;
}

static gboolean
workflow_has_id (gpointer      item,
                 gconstpointer workflow_id)
{
  return CS_IS_WORKFLOW_ITEM (item) && g_strcmp0 (cs_workflow_item_get_workflow_id (item), workflow_id) == 0;
}

gboolean
cs_workflows_page_select_workflow (CsWorkflowsPage *self,
                                   const char      *key)
{
  g_return_val_if_fail (CS_IS_WORKFLOWS_PAGE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  return select_row_where (self, workflow_has_key, key);
}

static gpointer
list_workflows_thread (CsDbConnection  *conn,
                       gpointer         data,
                       GCancellable    *cancellable,
                       GError         **error)
{
  return cs_instance_repo_list_workflows (conn, error);
}

static void
list_workflows_done (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CsWorkflowsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) workflows = cs_store_run_finish (CS_STORE (object), result, &error);
  g_autofree char *keep_version = NULL;
  g_autofree char *keep_workflow = NULL;
  gboolean keep_row_is_version = FALSE;
  GtkTreeListRow *row;

  if (!cs_workflows_page_end_load (self, &self->workflows_cancellable, error))
    return;
  if (workflows == NULL)
    {
      cs_workflows_page_toast (self, error->message);
      return;
    }

  /* Keep the row the user had selected, version or workflow. */
  if ((row = gtk_single_selection_get_selected_item (self->workflow_selection)))
    {
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      keep_row_is_version = CS_IS_VERSION_ITEM (item);
      if (CS_IS_VERSION_ITEM (item))
        keep_version = g_strdup (cs_version_item_get_version_id (CS_VERSION_ITEM (item)));
      else if (CS_IS_WORKFLOW_ITEM (item))
        keep_workflow = g_strdup (cs_workflow_item_get_workflow_id (CS_WORKFLOW_ITEM (item)));
    }

  g_list_store_splice (self->workflows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->workflows)),
                       workflows->pdata, workflows->len);
  /* A refresh (after a save, say) must not take the designer out of the editor. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "editor") != 0)
    gtk_stack_set_visible_child_name (self->stack, workflows->len > 0 ? "workflows" : "empty");

  if (!((keep_row_is_version && select_row_where (self, is_version, keep_version))
        || (keep_workflow != NULL && select_row_where (self, workflow_has_id, keep_workflow))))
    gtk_single_selection_set_selected (self->workflow_selection, 0);
  cs_workflows_page_show_version (self, selected_version (self));
}

/* The version shown: its definition for the diagram, and its instances. */

typedef struct
{
  CsWorkflow    *workflow;
  CsVersionInfo *info;
} Definition;

static void
definition_free (Definition *definition)
{
  g_clear_object (&definition->workflow);
  g_clear_pointer (&definition->info, cs_version_info_free);
  g_free (definition);
}

static gpointer
load_definition_thread (CsDbConnection  *conn,
                        gpointer         data,
                        GCancellable    *cancellable,
                        GError         **error)
{
  Definition definition = { NULL, NULL };

  if (!(definition.workflow = cs_workflow_repo_load (conn, data, &definition.info, error)))
    return NULL;
  return g_memdup2 (&definition, sizeof definition);
}

static void
load_definition_done (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CsWorkflowsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Definition *definition = cs_store_run_finish (CS_STORE (object), result, &error);

  if (!cs_workflows_page_end_load (self, &self->version_cancellable, error))
    {
      g_clear_pointer (&definition, definition_free);
      return;
    }
  gtk_spinner_stop (self->diagram_spinner);
  if (definition == NULL)
    {
      adw_status_page_set_description (self->diagram_failed_page, error->message);
      gtk_stack_set_visible_child_name (self->diagram_stack, "failed");
      return;
    }

  g_set_object (&self->workflow, definition->workflow);
  cs_dag_canvas_set_workflow (self->canvas, self->workflow);
  cs_dag_canvas_zoom_to_fit (self->canvas);
  gtk_stack_set_visible_child_name (self->diagram_stack, "diagram");
  definition_free (definition);
  cs_workflows_page_update_actions (self);
}

static void
update_header (CsWorkflowsPage *self)
{
  const CsVersionInfo *info = self->version ? cs_version_item_get_info (self->version) : NULL;
  g_autofree char *subtitle = NULL;

  if (info == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->subtitle_label, "");
      return;
    }
  /* Translators: version · state · steps · updated by · at */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Version %d · %s · %d step · updated by %s at %s",
                                           "Version %d · %s · %d steps · updated by %s at %s", info->n_steps),
                              info->version, cs_format_state (info->status), info->n_steps,
                              info->updated_by, info->updated_at);
  gtk_label_set_label (self->title_label, info->name);
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->subtitle_label), subtitle);
}

void
cs_workflows_page_show_version (CsWorkflowsPage *self,
                                CsVersionItem   *version)
{
  gboolean same = self->version != NULL && version != NULL
                  && g_strcmp0 (cs_version_item_get_version_id (self->version),
                                cs_version_item_get_version_id (version)) == 0
                  && cs_version_item_get_info (self->version)->row_version
                     == cs_version_item_get_info (version)->row_version;

  g_set_object (&self->version, version);
  update_header (self);

  /* A version's definition only changes with its row version. */
  if (!same || self->workflow == NULL)
    {
      g_clear_object (&self->workflow);
      cs_dag_canvas_set_workflow (self->canvas, NULL);
      if (version != NULL && cs_workflows_page_is_connected (self))
        {
          gtk_spinner_start (self->diagram_spinner);
          gtk_stack_set_visible_child_name (self->diagram_stack, "loading");
          cs_store_run_async (self->store, load_definition_thread,
                              g_strdup (cs_version_item_get_version_id (version)), g_free,
                              (GDestroyNotify) definition_free,
                              cs_workflows_page_begin_load (self, &self->version_cancellable),
                              load_definition_done, g_object_ref (self));
        }
    }
  cs_workflows_page_reload_instances (self);
  cs_workflows_page_update_actions (self);
}

void
cs_workflows_page_refresh (CsWorkflowsPage *self)
{
  g_return_if_fail (CS_IS_WORKFLOWS_PAGE (self));

  if (!cs_workflows_page_is_connected (self))
    return;
  cs_store_run_async (self->store, list_workflows_thread, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                      cs_workflows_page_begin_load (self, &self->workflows_cancellable),
                      list_workflows_done, g_object_ref (self));
}

static void
zoom_in_cb (CsWorkflowsPage *self)
{
  cs_dag_canvas_zoom_in (self->canvas);
}

static void
zoom_out_cb (CsWorkflowsPage *self)
{
  cs_dag_canvas_zoom_out (self->canvas);
}

static void
zoom_fit_cb (CsWorkflowsPage *self)
{
  cs_dag_canvas_zoom_to_fit (self->canvas);
}

void
cs_workflows_page_init_list (CsWorkflowsPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->workflows = g_list_store_new (CS_TYPE_WORKFLOW_ITEM);
  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->workflows)), FALSE, FALSE,
                                        create_children, NULL, NULL);
  gtk_single_selection_set_model (self->workflow_selection, G_LIST_MODEL (self->tree));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->workflow_list, factory);
  g_object_unref (factory);

  cs_dag_canvas_set_editable (self->canvas, FALSE);
}

void
cs_workflows_page_class_init_list (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, workflow_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_out_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_fit_cb);
}
