/* cs-engine.h: the workflow engine, run by the worker pool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "store/cs-plan-cache.h"
#include "cs-worker-pool.h"

G_BEGIN_DECLS

#define CS_TYPE_ENGINE (cs_engine_get_type ())

G_DECLARE_FINAL_TYPE (CsEngine, cs_engine, CS, ENGINE, GObject)

CsEngine    *cs_engine_new              (void);
CsPlanCache *cs_engine_get_plans        (CsEngine        *self);
void         cs_engine_set_batch_size   (CsEngine        *self,
                                         guint            batch_size);
void         cs_engine_set_chaining     (CsEngine        *self,
                                         gboolean         chaining);
/* Adds the engine's work sources (steps, integrations, escalations and
 * expired claims) to @pool. */
void         cs_engine_attach           (CsEngine        *self,
                                         CsWorkerPool    *pool);

/* Starts an instance of the published version of @workflow_key with @data;
 * returns its id (0 on error). */
gint64       cs_engine_start_instance   (CsEngine        *self,
                                         CsDbConnection  *conn,
                                         const char      *workflow_key,
                                         JsonObject      *data,
                                         JsonObject      *attributes,
                                         const char      *subject,
                                         GError         **error);
/* Runs a failed instance's failed step (and the branches its failure
 * cancelled) again. */
gboolean     cs_engine_retry_instance   (CsDbConnection  *conn,
                                         gint64           instance_id,
                                         GError         **error);
gboolean     cs_engine_cancel_instance  (CsDbConnection  *conn,
                                         gint64           instance_id,
                                         const char      *reason,
                                         GError         **error);

/* What this engine's workers committed since it was made (for /metrics):
 * batches, step executions recorded in them, and batches rolled back. */
void          cs_engine_get_counters         (CsEngine        *self,
                                              guint64         *batches,
                                              guint64         *steps,
                                              guint64         *failed_batches);

G_END_DECLS
