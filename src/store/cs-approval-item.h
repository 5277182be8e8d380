/* cs-approval-item.h: an open approval task, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One person's decision on a task. */
typedef struct
{
  char   *decided_by;
  char   *as_role;
  char   *decision;     /* "approved" or "rejected" */
  char   *comment;
  gint64  decided_at;   /* microseconds since the Unix epoch */
} CsApprovalDecision;

#define CS_TYPE_APPROVAL_DECISION (cs_approval_decision_get_type ())
GType               cs_approval_decision_get_type (void) G_GNUC_CONST;
CsApprovalDecision *cs_approval_decision_copy     (const CsApprovalDecision *decision);
void                cs_approval_decision_free     (CsApprovalDecision       *decision);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsApprovalDecision, cs_approval_decision_free)

#define CS_TYPE_APPROVAL_ITEM (cs_approval_item_get_type ())

G_DECLARE_FINAL_TYPE (CsApprovalItem, cs_approval_item, CS, APPROVAL_ITEM, GObject)

/* Properties of the same names as the getters, all set at construction:
 * "task-id", "instance-id", "subject", "workflow-name", "step-id",
 * "step-name", "opened-at", "due-at" (0 = no deadline), "overdue",
 * "escalation-level", "roles" (comma-separated), "agency", "quorum",
 * "data" (JsonObject), "history" (GListModel of CsStepExecutionItem: the
 * instance's completed steps, in order) and "decisions" (GPtrArray of
 * CsApprovalDecision). */
gint64      cs_approval_item_get_task_id          (CsApprovalItem *self);
gint64      cs_approval_item_get_instance_id      (CsApprovalItem *self);
const char *cs_approval_item_get_subject          (CsApprovalItem *self);
const char *cs_approval_item_get_workflow_name    (CsApprovalItem *self);
const char *cs_approval_item_get_step_id          (CsApprovalItem *self);
const char *cs_approval_item_get_step_name        (CsApprovalItem *self);
gint64      cs_approval_item_get_opened_at        (CsApprovalItem *self);
gint64      cs_approval_item_get_due_at           (CsApprovalItem *self);
gboolean    cs_approval_item_get_overdue          (CsApprovalItem *self);
void        cs_approval_item_set_overdue          (CsApprovalItem *self,
                                                   gboolean        overdue);
int         cs_approval_item_get_escalation_level (CsApprovalItem *self);
const char *cs_approval_item_get_roles            (CsApprovalItem *self);
const char *cs_approval_item_get_agency           (CsApprovalItem *self);
const char *cs_approval_item_get_quorum           (CsApprovalItem *self);
JsonObject *cs_approval_item_get_data             (CsApprovalItem *self);
GListModel *cs_approval_item_get_history          (CsApprovalItem *self);
GPtrArray  *cs_approval_item_get_decisions        (CsApprovalItem *self);

G_END_DECLS
