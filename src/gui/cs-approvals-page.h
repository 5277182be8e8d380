/* cs-approvals-page.h: the approval tasks waiting for the signed-in user
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "store/cs-store.h"

G_BEGIN_DECLS

#define CS_TYPE_APPROVALS_PAGE (cs_approvals_page_get_type ())

G_DECLARE_FINAL_TYPE (CsApprovalsPage, cs_approvals_page, CS, APPROVALS_PAGE, AdwBin)

GtkWidget  *cs_approvals_page_new          (void);
CsStore    *cs_approvals_page_get_store    (CsApprovalsPage *self);
void        cs_approvals_page_set_store    (CsApprovalsPage *self,
                                            CsStore         *store);
/* Reloads the tasks. Every refresh goes through here: the F5 action
 * ("approvals.refresh"), the timer while the page is shown, a failed
 * decision, and database notifications once they are wired. */
void        cs_approvals_page_refresh      (CsApprovalsPage *self);
/* Whether a load or a decision is under way. */
gboolean    cs_approvals_page_is_busy      (CsApprovalsPage *self);
/* The tasks (CsApprovalItem) in the order shown. */
GListModel *cs_approvals_page_get_tasks    (CsApprovalsPage *self);
/* Selects the task with @task_id; FALSE when it is not listed. */
/* Re-evaluates which tasks are overdue now (the page does it every 30 s). */
void        cs_approvals_page_check_deadlines (CsApprovalsPage *self);
gboolean    cs_approvals_page_select_task  (CsApprovalsPage *self,
                                            gint64           task_id);

G_END_DECLS
