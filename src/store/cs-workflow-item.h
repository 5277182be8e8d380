/* cs-workflow-item.h: a workflow and its versions, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-version-item.h"

G_BEGIN_DECLS

#define CS_TYPE_WORKFLOW_ITEM (cs_workflow_item_get_type ())

G_DECLARE_FINAL_TYPE (CsWorkflowItem, cs_workflow_item, CS, WORKFLOW_ITEM, GObject)

/* Read-only properties: "workflow-id", "key", "name", "n-versions",
 * "versions" (a GListModel of CsVersionItem, newest first) and "current"
 * (the version to show first: the published one, else the newest). */
CsWorkflowItem *cs_workflow_item_new            (const char     *workflow_id,
                                                 const char     *key,
                                                 const char     *name);
/* For the repository building the list: appends a version. */
void            cs_workflow_item_add_version    (CsWorkflowItem *self,
                                                 CsVersionItem  *version);
const char     *cs_workflow_item_get_workflow_id (CsWorkflowItem *self);
const char     *cs_workflow_item_get_key        (CsWorkflowItem *self);
const char     *cs_workflow_item_get_name       (CsWorkflowItem *self);
GListModel     *cs_workflow_item_get_versions   (CsWorkflowItem *self);
CsVersionItem  *cs_workflow_item_get_current    (CsWorkflowItem *self);
/* NULL when no version is published. */
CsVersionItem  *cs_workflow_item_get_published  (CsWorkflowItem *self);

G_END_DECLS
