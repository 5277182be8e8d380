/* cs-job-queue.h: generic background jobs in the jobs table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cs-worker-pool.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      id;
  const char *tenant_id;
  const char *kind;
  JsonNode   *payload;
  int         attempts;    /* before this one */
} CsJob;

/* Runs inside the claiming transaction (under a savepoint): whatever it
 * writes through ctx->conn commits together with the job's completion. */
typedef gboolean (*CsJobHandler) (CsWorkerContext  *ctx,
                                  const CsJob      *job,
                                  JsonNode        **result,
                                  gpointer          user_data,
                                  GError          **error);

#define CS_TYPE_JOB_QUEUE (cs_job_queue_get_type ())

G_DECLARE_FINAL_TYPE (CsJobQueue, cs_job_queue, CS, JOB_QUEUE, GObject)

CsJobQueue *cs_job_queue_new          (void);
void        cs_job_queue_register     (CsJobQueue      *self,
                                       const char      *kind,
                                       CsJobHandler     handler,
                                       gpointer         user_data,
                                       GDestroyNotify   destroy);
void        cs_job_queue_set_batch_size (CsJobQueue    *self,
                                       guint            batch_size);
void        cs_job_queue_attach       (CsJobQueue      *self,
                                       CsWorkerPool    *pool);
gint64      cs_job_queue_enqueue      (CsDbConnection  *conn,
                                       const char      *kind,
                                       JsonNode        *payload,
                                       GError         **error);

G_END_DECLS
