/* cs-workflows-page.h: workflows, their versions, diagrams and instances
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/cs-workflow.h"
#include "store/cs-store.h"
#include "store/cs-version-item.h"

G_BEGIN_DECLS

#define CS_TYPE_WORKFLOWS_PAGE (cs_workflows_page_get_type ())

G_DECLARE_FINAL_TYPE (CsWorkflowsPage, cs_workflows_page, CS, WORKFLOWS_PAGE, AdwBin)

GtkWidget     *cs_workflows_page_new              (void);
CsStore       *cs_workflows_page_get_store        (CsWorkflowsPage *self);
void           cs_workflows_page_set_store        (CsWorkflowsPage *self,
                                                   CsStore         *store);
/* Reloads the workflows and what is shown of the selected one
 * ("workflows.refresh", F5). */
void           cs_workflows_page_refresh          (CsWorkflowsPage *self);
/* Whether a load or an action is under way. */
gboolean       cs_workflows_page_is_busy          (CsWorkflowsPage *self);
/* The workflows listed (CsWorkflowItem). */
GListModel    *cs_workflows_page_get_workflows    (CsWorkflowsPage *self);
/* Selects the workflow with @key (showing its published or newest
 * version); FALSE when it is not listed. */
gboolean       cs_workflows_page_select_workflow  (CsWorkflowsPage *self,
                                                   const char      *key);
/* The version shown, and its definition once loaded (else NULL). */
CsVersionItem *cs_workflows_page_get_version      (CsWorkflowsPage *self);
CsWorkflow    *cs_workflows_page_get_workflow     (CsWorkflowsPage *self);
/* The instances of the version shown (CsInstanceItem), as sorted. */
GListModel    *cs_workflows_page_get_instances    (CsWorkflowsPage *self);
gboolean       cs_workflows_page_select_instance  (CsWorkflowsPage *self,
                                                   gint64           instance_id);

G_END_DECLS
