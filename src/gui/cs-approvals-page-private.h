/* cs-approvals-page-private.h: what the approvals page's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "store/cs-approval-item.h"
#include "cs-approvals-page.h"
#include "cs-data-list.h"

G_BEGIN_DECLS

struct _CsApprovalsPage
{
  AdwBin             parent_instance;

  CsStore           *store;
  gulong             state_handler;
  GCancellable      *load_cancellable;   /* the load under way; a new one cancels it */
  GCancellable      *decide_cancellable;   /* the decision under way */
  gint64             deciding_task;
  gboolean           deciding_approve;
  char              *deciding_subject;
  CsChangeListener  *listener;
  gboolean           tasks_stale;        /* changed while the tasks loaded */
  guint              deadline_source;
  GtkSorter         *default_sorter;     /* overdue first; owned by the sort model */

  AdwToastOverlay   *toast_overlay;
  GtkStack          *stack;
  GtkInfoBar        *banner;
  GtkLabel          *banner_label;
  GtkColumnView     *column_view;
  GtkSingleSelection *selection;
  GtkSortListModel  *sort_model;
  GListStore        *tasks;
  GtkLabel          *count_label;
  GtkScrolledWindow *detail_scroll;
  gint64             shown_task;           /* the task the detail shows */
  GtkLabel          *title_label;
  GtkLabel          *subtitle_label;
  GtkLabel          *overdue_badge;
  GtkLabel          *escalated_badge;
  AdwActionRow      *roles_row;
  AdwActionRow      *agency_row;
  AdwActionRow      *opened_row;
  AdwActionRow      *due_row;
  CsDataList        *data_list;
  GtkListBox        *history_list;
  GtkListBox        *decisions_list;
  GtkEntry          *comment_entry;
  GtkLabel          *feedback_label;
};

/* cs-approvals-page.c */
void            cs_approvals_page_notify_busy    (CsApprovalsPage *self);

/* cs-approvals-page-table.c */
void            cs_approvals_page_init_table     (CsApprovalsPage *self);
void            cs_approvals_page_class_init_table (GtkWidgetClass *widget_class);
void            cs_approvals_page_update_count   (CsApprovalsPage *self);
/* The position of the task in @model, or GTK_INVALID_LIST_POSITION. */
guint           cs_approvals_page_find_task      (GListModel      *model,
                                                  gint64           task_id);

/* cs-approvals-page-live.c: following others' changes. */
void            cs_approvals_page_watch          (CsApprovalsPage  *self,
                                                  CsChangeListener *listener);
void            cs_approvals_page_start_deadlines (CsApprovalsPage *self,
                                                   gboolean         start);

/* cs-approvals-page-decide.c */
void            cs_approvals_page_class_init_decide (GtkWidgetClass *widget_class);
/* Enables the decisions when a task is selected and none is under way. */
void            cs_approvals_page_update_busy    (CsApprovalsPage *self);

/* cs-approvals-page-detail.c: the selected task's side. */
void            cs_approvals_page_init_detail    (CsApprovalsPage *self);
void            cs_approvals_page_show_task      (CsApprovalsPage *self,
                                                  CsApprovalItem  *item);
void            cs_approvals_page_show_feedback  (CsApprovalsPage *self,
                                                  const char      *message);
CsApprovalItem *cs_approvals_page_get_selected   (CsApprovalsPage *self);

G_END_DECLS
