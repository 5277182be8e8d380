/* cs-workflow-repo.h: workflow definitions and their versions in the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/cs-workflow.h"
#include "cs-db-connection.h"

G_BEGIN_DECLS

typedef struct
{
  char *workflow_id;
  char *version_id;
  char *key;
  char *name;
  int   version;
  char *status;        /* "draft", "published", "retired" */
  int   row_version;   /* for optimistic concurrency */
  char *updated_by;
  char *updated_at;
  int   n_steps;
} CsVersionInfo;

void           cs_version_info_free              (CsVersionInfo   *info);
CsVersionInfo *cs_version_info_copy              (const CsVersionInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsVersionInfo, cs_version_info_free)

/* Adds @workflow as the next version of the workflow with its key (creating
 * the workflow when new), as a draft or published. Publishing refuses a
 * definition with errors and retires the version published before. */
CsVersionInfo *cs_workflow_repo_add_version      (CsDbConnection  *conn,
                                                  CsWorkflow      *workflow,
                                                  gboolean         publish,
                                                  GError         **error);
/* Saves an editor's work based on @base: a draft is updated in place, a
 * published version gets a new draft after it. CS_ERROR_CONFLICT when
 * someone else saved meanwhile (the draft's row changed, or a newer version
 * exists); the message says who and when. */
CsVersionInfo *cs_workflow_repo_save             (CsDbConnection      *conn,
                                                  CsWorkflow          *workflow,
                                                  const CsVersionInfo *base,
                                                  GError             **error);
gboolean       cs_workflow_repo_publish          (CsDbConnection  *conn,
                                                  const char      *version_id,
                                                  GError         **error);
CsWorkflow    *cs_workflow_repo_load             (CsDbConnection  *conn,
                                                  const char      *version_id,
                                                  CsVersionInfo  **info,
                                                  GError         **error);
/* The published version of the workflow with @key. */
CsWorkflow    *cs_workflow_repo_load_published   (CsDbConnection  *conn,
                                                  const char      *key,
                                                  CsVersionInfo  **info,
                                                  GError         **error);
/* Every version of every workflow of the tenant, newest first per workflow. */
GPtrArray     *cs_workflow_repo_list             (CsDbConnection  *conn,
                                                  GError         **error);
/* Loads the four example workflows for the session's tenant when it has no
 * workflow of that key yet. */
gboolean       cs_workflow_repo_install_examples (CsDbConnection  *conn,
                                                  guint           *n_installed,
                                                  GError         **error);

G_END_DECLS
