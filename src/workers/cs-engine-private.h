/* cs-engine-private.h: what the engine's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/cs-step-runner.h"
#include "cs-engine.h"

G_BEGIN_DECLS

struct _CsEngine
{
  GObject      parent_instance;

  CsPlanCache *plans;
  guint        batch_size;
  GObject     *breakers;        /* CsCircuitBreakers, shared by every worker's client */
  gboolean     chaining;        /* run automatic successors in the claiming transaction */
  GMutex       sweep_mutex;
  gint64       last_sweep;      /* monotonic µs: one sweep per interval per process */
  GMutex       counters_mutex;  /* for /metrics */
  guint64      batches_committed;
  guint64      steps_recorded;
  guint64      batches_failed;
};

/* Bulk writes of one batch, as JSON arrays handed to jsonb_to_recordset(). */
typedef struct
{
  JsonBuilder *updates;     /* claimed step executions */
  JsonBuilder *inserts;     /* newly runnable and skipped steps */
  JsonBuilder *instances;   /* instances whose state changed */
  JsonBuilder *approvals;   /* approval tasks to open */
  JsonBuilder *records;     /* steps chained and completed in this batch */
  GArray      *finished;    /* gint64: instances that ended: cancel their other work */
  GArray      *claimed;     /* gint64: step executions this batch holds */
  guint        n_updates;
  guint        n_inserts;
  guint        n_instances;
  guint        n_approvals;
  guint        n_records;
  gint64       claimed_at;  /* the batch's claim, by the database's clock */
} CsEngineWrites;

typedef struct
{
  gint64        id;
  char         *tenant_id;
  char         *workflow_id;
  char         *version_id;
  int           version;
  char         *status;
  JsonNode     *data;           /* object */
  char         *edge_state;
  GPtrArray    *current_steps;  /* char* */
  CsEnginePlan *plan;
  char         *plan_error;
  gboolean      changed;
  gboolean      finished;
  char         *outcome;
  char         *error;
  gint64        completed_at;
  guint         chained;        /* steps run in this batch, against runaway chains */
} CsEngineInstance;

void              cs_engine_writes_init        (CsEngineWrites   *writes);
void              cs_engine_writes_clear       (CsEngineWrites   *writes);
gboolean          cs_engine_writes_flush       (CsEngineWrites   *writes,
                                                CsDbConnection   *conn,
                                                GError          **error);

/* A step to run: a claimed row (exec_id > 0) or one chained in the batch. */
typedef struct
{
  gint64      exec_id;
  const char *step_id;
  const char *from_step;
  gint64      enqueued_at;
  int         attempt;
} CsEngineJob;

void              cs_engine_job_free           (CsEngineJob      *job);
void              cs_engine_instance_free      (CsEngineInstance *instance);
GHashTable       *cs_engine_lock_instances     (CsEngine         *self,
                                                CsDbConnection   *conn,
                                                GArray           *instance_ids,
                                                GError          **error);
/* Applies the result of a step's completion to the instance: the next steps
 * to insert, skipped ones, the end of the instance. */
void              cs_engine_apply_advance      (CsEngineInstance *instance,
                                                CsEngineWrites   *writes,
                                                const char       *step_id,
                                                CsAdvance        *advance,
                                                gint64            completed_at,
                                                GQueue           *chain);
void              cs_engine_fail_instance      (CsEngineInstance *instance,
                                                const char       *step_id,
                                                const char       *error,
                                                gint64            when);
void              cs_engine_write_instance     (CsEngineInstance *instance,
                                                CsEngineWrites   *writes);

gboolean          cs_engine_run_batch          (CsWorkerContext  *ctx,
                                                gpointer          user_data,
                                                GError          **error);
gboolean          cs_engine_run_integrations   (CsWorkerContext  *ctx,
                                                gpointer          user_data,
                                                GError          **error);
gboolean          cs_engine_sweep              (CsWorkerContext  *ctx,
                                                gpointer          user_data,
                                                GError          **error);

G_END_DECLS
