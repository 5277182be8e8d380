/* cs-approvals-page-table.c: the table of approval tasks
 *
 * Wired in the template: the cells' text comes from the callbacks here,
 * sorting from the columns' sorters on the items' properties. Under the
 * user's column sort the default order holds: overdue first, then by
 * deadline, then the oldest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-approvals-page-private.h"
#include "cs-format.h"

/* Template callbacks for the table's cells. */

/* Template callbacks for the table's cells. */

static char *
format_time (gpointer this,
             gint64   usec)
{
  return cs_format_time_us (usec);
}

static char *
format_due (gpointer this,
            gint64   usec)
{
  return usec ? cs_format_time_us (usec) : g_strdup ("—");
}

static char *
format_level (gpointer this,
              int      level)
{
  return level > 0 ? g_strdup_printf ("%d", level) : g_strdup ("—");
}

static char *
format_subject (gpointer    this,
                const char *subject,
                gint64      instance_id)
{
  if (subject != NULL && *subject != '\0')
    return g_strdup (subject);
  return g_strdup_printf (_("Instance %" G_GINT64_FORMAT), instance_id);
}

static char *
format_task (gpointer    this,
             const char *workflow_name,
             const char *step_name)
{
  /* Translators: workflow name · step name */
  return g_strdup_printf (_("%s · %s"), workflow_name, step_name);
}

static char *
overdue_icon (gpointer this,
              gboolean overdue,
              int      level)
{
  if (overdue)
    return g_strdup ("dialog-warning-symbolic");
  if (level > 0)
    return g_strdup ("go-up-symbolic");
  return NULL;
}

static char *
overdue_tooltip (gpointer this,
                 gboolean overdue,
                 int      level)
{
  if (overdue)
    return g_strdup (_("Overdue"));
  if (level > 0)
    return g_strdup (_("Escalated"));
  return NULL;
}

static GStrv
overdue_classes (gpointer this,
                 gboolean overdue)
{
  const char *classes[] = { overdue ? "error" : NULL, NULL };
  return g_strdupv ((char **) classes);
}

static GStrv
due_classes (gpointer this,
             gboolean overdue)
{
  const char *classes[] = { "numeric", overdue ? "error" : NULL, NULL };
  return g_strdupv ((char **) classes);
}

/* Overdue first, then by deadline (none last), then the oldest. */
static int
default_order (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  CsApprovalItem *x = (CsApprovalItem *) a;
  CsApprovalItem *y = (CsApprovalItem *) b;
  gint64 dx = cs_approval_item_get_due_at (x);
  gint64 dy = cs_approval_item_get_due_at (y);

  if (cs_approval_item_get_overdue (x) != cs_approval_item_get_overdue (y))
    return cs_approval_item_get_overdue (x) ? -1 : 1;
  if (dx != dy)
    return dx == 0 ? 1 : dy == 0 ? -1 : (dx < dy ? -1 : 1);
  if (cs_approval_item_get_opened_at (x) != cs_approval_item_get_opened_at (y))
    return cs_approval_item_get_opened_at (x) < cs_approval_item_get_opened_at (y) ? -1 : 1;
  return 0;
}

void
cs_approvals_page_update_count (CsApprovalsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tasks));
  guint overdue = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsApprovalItem) item = g_list_model_get_item (G_LIST_MODEL (self->tasks), i);
      overdue += cs_approval_item_get_overdue (item);
    }
  if (overdue > 0)
    /* Translators: "3 tasks wait for you · 1 overdue" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task waits for you · %u overdue",
                                         "%u tasks wait for you · %u overdue", n), n, overdue);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task waits for you",
                                         "%u tasks wait for you", n), n);
  gtk_label_set_label (self->count_label, text);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "tasks" : "empty");
}

static void
selection_changed_cb (CsApprovalsPage *self)
{
  cs_approvals_page_show_task (self, cs_approvals_page_get_selected (self));
  cs_approvals_page_update_busy (self);
}

guint
cs_approvals_page_find_task (GListModel *model,
           gint64      task_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CsApprovalItem) item = g_list_model_get_item (model, i);
      if (cs_approval_item_get_task_id (item) == task_id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

gboolean
cs_approvals_page_select_task (CsApprovalsPage *self,
                               gint64           task_id)
{
  guint position;

  g_return_val_if_fail (CS_IS_APPROVALS_PAGE (self), FALSE);

  position = cs_approvals_page_find_task (G_LIST_MODEL (self->sort_model), task_id);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  return TRUE;
}

void
cs_approvals_page_init_table (CsApprovalsPage *self)
{
  g_autoptr(GtkMultiSorter) sorter = gtk_multi_sorter_new ();

  /* The user's column first; where it ties (or none is chosen), the default order. */
  gtk_multi_sorter_append (sorter, g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->default_sorter = GTK_SORTER (gtk_custom_sorter_new (default_order, NULL, NULL));
  gtk_multi_sorter_append (sorter, self->default_sorter);
  gtk_sort_list_model_set_sorter (self->sort_model, GTK_SORTER (sorter));
}

void
cs_approvals_page_class_init_table (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, format_time);
  gtk_widget_class_bind_template_callback (widget_class, format_due);
  gtk_widget_class_bind_template_callback (widget_class, format_level);
  gtk_widget_class_bind_template_callback (widget_class, format_subject);
  gtk_widget_class_bind_template_callback (widget_class, format_task);
  gtk_widget_class_bind_template_callback (widget_class, overdue_icon);
  gtk_widget_class_bind_template_callback (widget_class, overdue_tooltip);
  gtk_widget_class_bind_template_callback (widget_class, overdue_classes);
  gtk_widget_class_bind_template_callback (widget_class, due_classes);
}
