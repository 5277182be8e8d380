/* cs-approval-repo.h: the approval tasks people decide
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-approval-item.h"
#include "cs-db-connection.h"

G_BEGIN_DECLS

/* The open tasks the signed-in user may decide (CsApprovalItem), overdue
 * ones first, then by deadline and age; each with the instance's data, its
 * completed steps and the decisions made so far. */
GPtrArray *cs_approval_repo_list_open (CsDbConnection  *conn,
                                       GError         **error);
/* The same, among the tasks with the ids @task_ids (decimal strings) only:
 * what became of tasks someone else changed. */
GPtrArray *cs_approval_repo_list_open_among (CsDbConnection     *conn,
                                             const char * const *task_ids,
                                             GError            **error);
/* Approves or rejects task @task_id as the signed-in user; a rejection
 * needs a @comment. Returns the task's state afterwards: "approved",
 * "rejected", or "open" when the quorum wants more approvals. Fails with
 * CS_ERROR_PERMISSION when the user may not decide the task,
 * CS_ERROR_CONFLICT when someone else decided it meanwhile or the user
 * already did, CS_ERROR_NOT_FOUND when it no longer exists and
 * CS_ERROR_INVALID_ARGUMENT for a rejection without a comment. */
char      *cs_approval_repo_decide    (CsDbConnection  *conn,
                                       gint64           task_id,
                                       gboolean         approve,
                                       const char      *comment,
                                       GError         **error);

G_END_DECLS
