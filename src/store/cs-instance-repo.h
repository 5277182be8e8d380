/* cs-instance-repo.h: workflows, their instances and step executions, for viewing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cs-db-connection.h"
#include "cs-instance-item.h"
#include "cs-step-execution-item.h"
#include "cs-workflow-item.h"

G_BEGIN_DECLS

/* Every workflow of the tenant (CsWorkflowItem, by name), each with its
 * versions, newest first. */
GPtrArray  *cs_instance_repo_list_workflows       (CsDbConnection  *conn,
                                                   GError         **error);
/* The newest @limit instances (CsInstanceItem) of @workflow_id, newest
 * first; only those of @version_id and in @status when not NULL. */
GPtrArray  *cs_instance_repo_list_instances       (CsDbConnection  *conn,
                                                   const char      *workflow_id,
                                                   const char      *version_id,
                                                   const char      *status,
                                                   guint            limit,
                                                   GError         **error);
/* The same, among the instances with the ids @among_ids (decimal strings). */
GPtrArray  *cs_instance_repo_list_instances_among (CsDbConnection     *conn,
                                                   const char         *workflow_id,
                                                   const char         *version_id,
                                                   const char         *status,
                                                   const char * const *among_ids,
                                                   guint               limit,
                                                   GError            **error);
/* Every step execution (CsStepExecutionItem) of the instance, in the order
 * they became runnable. */
GPtrArray  *cs_instance_repo_get_timeline         (CsDbConnection  *conn,
                                                   gint64           instance_id,
                                                   GError         **error);
/* The step executions of several instances at once, ordered by instance
 * and then as the timeline (by completion when @completed_only). */
GPtrArray  *cs_instance_repo_list_step_executions (CsDbConnection  *conn,
                                                   const gint64    *instance_ids,
                                                   guint            n_instances,
                                                   gboolean         completed_only,
                                                   GError         **error);
/* The instance's data as it is now. */
JsonObject *cs_instance_repo_get_data             (CsDbConnection  *conn,
                                                   gint64           instance_id,
                                                   GError         **error);

G_END_DECLS
