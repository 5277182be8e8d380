/* cs-approvals-page-detail.c: the selected approval task, shown for deciding
 *
 * What an officer needs to decide without leaving the page: the task's
 * rules (who decides, for which agency, by when), the application's data,
 * what happened to it so far, and what the others decided.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "store/cs-step-execution-item.h"
#include "cs-approvals-page-private.h"
#include "cs-format.h"
#include "cs-timing-bar.h"

CsApprovalItem *
cs_approvals_page_get_selected (CsApprovalsPage *self)
{
  gpointer item = gtk_single_selection_get_selected_item (self->selection);
  return CS_IS_APPROVAL_ITEM (item) ? item : NULL;
}

void
cs_approvals_page_show_feedback (CsApprovalsPage *self,
                                 const char      *message)
{
  gtk_label_set_label (self->feedback_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->feedback_label), message != NULL);
}

static GtkWidget *
create_history_row (gpointer item,
                    gpointer user_data)
{
  CsStepExecutionItem *execution = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *bar = cs_timing_bar_new ();
  g_autofree char *completed = cs_format_time_us (cs_step_execution_item_get_completed_at (execution));
  g_autofree char *took = cs_format_duration_ms (cs_step_execution_item_get_execution_ms (execution));
  g_autofree char *subtitle = NULL;
  const char *outcome = cs_step_execution_item_get_outcome (execution);

  if (outcome != NULL && *outcome != '\0')
    /* Translators: when a step completed, how long it took and how it ended */
    subtitle = g_strdup_printf (_("%s · took %s · %s"), completed, took, cs_format_state (outcome));
  else
    /* Translators: when a step completed and how long it took */
    subtitle = g_strdup_printf (_("%s · took %s"), completed, took);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cs_step_execution_item_get_step_name (execution));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  cs_timing_bar_set_times (CS_TIMING_BAR (bar),
                           cs_step_execution_item_get_queue_ms (execution),
                           cs_step_execution_item_get_execution_ms (execution),
                           cs_step_execution_item_get_wait_ms (execution));
  gtk_widget_set_size_request (bar, 96, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
  return row;
}

static GtkWidget *
create_decision_row (const CsApprovalDecision *decision)
{
  GtkWidget *row = adw_action_row_new ();
  gboolean approved = g_strcmp0 (decision->decision, "approved") == 0;
  GtkWidget *icon = gtk_image_new_from_icon_name (approved ? "emblem-ok-symbolic" : "window-close-symbolic");
  g_autofree char *when = cs_format_time_us (decision->decided_at);
  /* Translators: who decided, in which role, and what */
  g_autofree char *title = g_strdup_printf (_("%s (%s): %s"), decision->decided_by, decision->as_role,
                                            cs_format_state (decision->decision));
  g_autofree char *subtitle = NULL;

  if (decision->comment != NULL && *decision->comment != '\0')
    subtitle = g_strdup_printf ("%s · “%s”", when, decision->comment);
  else
    subtitle = g_strdup (when);

  gtk_widget_add_css_class (icon, approved ? "success" : "error");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  return label;
}

static void
show_decisions (CsApprovalsPage *self,
                CsApprovalItem  *item)
{
  GPtrArray *decisions = item ? cs_approval_item_get_decisions (item) : NULL;
  GtkListBoxRow *row;

  /* Rows only: the placeholder is a child too. */
  while ((row = gtk_list_box_get_row_at_index (self->decisions_list, 0)))
    gtk_list_box_remove (self->decisions_list, GTK_WIDGET (row));
  for (guint i = 0; decisions != NULL && i < decisions->len; i++)
    gtk_list_box_append (self->decisions_list, create_decision_row (g_ptr_array_index (decisions, i)));
}

void
cs_approvals_page_show_task (CsApprovalsPage *self,
                             CsApprovalItem  *item)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *due = NULL;
  g_autofree char *escalated = NULL;
  g_autofree char *roles = NULL;
  const char *agency;
  int level;

  /* The same task after a refresh keeps what the user typed and was told. */
  if (item == NULL || cs_approval_item_get_task_id (item) != self->shown_task)
    {
      cs_approvals_page_show_feedback (self, NULL);
      gtk_widget_remove_css_class (GTK_WIDGET (self->comment_entry), "error");
      gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), "");
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->detail_scroll), 0);
    }
  self->shown_task = item ? cs_approval_item_get_task_id (item) : 0;

  if (item == NULL)
    {
      cs_data_list_set_data (self->data_list, NULL);
      gtk_list_box_bind_model (self->history_list, NULL, NULL, NULL, NULL);
      show_decisions (self, NULL);
      return;
    }

  level = cs_approval_item_get_escalation_level (item);
  agency = cs_approval_item_get_agency (item);
  /* Translators: workflow name · step name · instance number */
  subtitle = g_strdup_printf (_("%s · %s · instance %" G_GINT64_FORMAT),
                              cs_approval_item_get_workflow_name (item), cs_approval_item_get_step_name (item),
                              cs_approval_item_get_instance_id (item));
  opened = cs_format_time_us (cs_approval_item_get_opened_at (item));
  due = cs_approval_item_get_due_at (item) ? cs_format_time_us (cs_approval_item_get_due_at (item))
                                           : g_strdup (_("No deadline"));
  escalated = g_strdup_printf (_("Escalated, level %d"), level);

  gtk_label_set_label (self->title_label, *cs_approval_item_get_subject (item)
                                          ? cs_approval_item_get_subject (item)
                                          : cs_approval_item_get_step_name (item));
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_badge), cs_approval_item_get_overdue (item));
  gtk_label_set_label (self->escalated_badge, escalated);
  gtk_widget_set_visible (GTK_WIDGET (self->escalated_badge), level > 0);

  if (g_strcmp0 (cs_approval_item_get_quorum (item), "all") == 0)
    /* Translators: %s is a list of roles */
    roles = g_strdup_printf (_("One approval from each of: %s"), cs_approval_item_get_roles (item));
  else
    /* Translators: %s is a list of roles */
    roles = g_strdup_printf (_("Anyone who is: %s"), cs_approval_item_get_roles (item));
  adw_action_row_set_subtitle (self->roles_row, roles);
  adw_action_row_set_subtitle (self->agency_row, agency && *agency ? agency : _("Any agency"));
  adw_action_row_set_subtitle (self->opened_row, opened);
  adw_action_row_set_subtitle (self->due_row, due);
  if (cs_approval_item_get_overdue (item))
    gtk_widget_add_css_class (GTK_WIDGET (self->due_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->due_row), "error");

  cs_data_list_set_data (self->data_list, cs_approval_item_get_data (item));
  gtk_list_box_bind_model (self->history_list, cs_approval_item_get_history (item), create_history_row, NULL, NULL);
  show_decisions (self, item);
}

void
cs_approvals_page_init_detail (CsApprovalsPage *self)
{
  gtk_list_box_set_placeholder (self->history_list, placeholder (_("No step has completed yet")));
  gtk_list_box_set_placeholder (self->decisions_list, placeholder (_("No one has decided yet")));
}
