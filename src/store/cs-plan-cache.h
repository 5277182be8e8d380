/* cs-plan-cache.h: runnable plans of workflow versions, shared by worker threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/cs-engine-plan.h"
#include "cs-db-connection.h"
#include "cs-workflow-repo.h"

G_BEGIN_DECLS

#define CS_TYPE_PLAN_CACHE (cs_plan_cache_get_type ())

G_DECLARE_FINAL_TYPE (CsPlanCache, cs_plan_cache, CS, PLAN_CACHE, GObject)

CsPlanCache  *cs_plan_cache_new      (void);
/* The plan of @version_id, loading it through @conn the first time. A
 * published version never changes, so a plan is loaded once per process. */
CsEnginePlan *cs_plan_cache_get      (CsPlanCache     *self,
                                      CsDbConnection  *conn,
                                      const char      *version_id,
                                      GError         **error);
void          cs_plan_cache_clear    (CsPlanCache     *self);

G_END_DECLS
