/* cs-worker-pool.h: a bounded pool of worker threads, each with its own connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "store/cs-db-connection.h"

G_BEGIN_DECLS

#define CS_TYPE_WORKER_POOL (cs_worker_pool_get_type ())

G_DECLARE_FINAL_TYPE (CsWorkerPool, cs_worker_pool, CS, WORKER_POOL, GObject)

typedef struct
{
  CsWorkerPool   *pool;
  CsDbConnection *conn;          /* this thread's own connection, open */
  GCancellable   *cancellable;   /* cancelled when the pool stops */
  const char     *worker_id;     /* "host/pid/n": recorded as who did the work */
  guint           index;
  GPtrArray      *notifications; /* of CsDbNotification: what woke the worker, or NULL */
} CsWorkerContext;

/* Whether the worker was woken by a notification on @channel. */
gboolean      cs_worker_context_was_notified (CsWorkerContext *ctx,
                                              const char      *channel);

/* Does one batch of work; returns TRUE when it found work (the worker then
 * asks again at once) and FALSE when there was none (the worker sleeps until
 * a notification or the poll interval). Runs on a worker thread. */
typedef gboolean (*CsWorkFunc) (CsWorkerContext  *ctx,
                                gpointer          user_data,
                                GError          **error);

CsWorkerPool *cs_worker_pool_new             (const char      *conninfo,
                                              const char      *password,
                                              guint            n_threads);
void          cs_worker_pool_add_source      (CsWorkerPool    *self,
                                              const char      *name,
                                              const char      *channel,
                                              CsWorkFunc       func,
                                              gpointer         user_data,
                                              GDestroyNotify   destroy);
void          cs_worker_pool_set_poll_interval (CsWorkerPool  *self,
                                              guint            msec);
void          cs_worker_pool_start           (CsWorkerPool    *self);
void          cs_worker_pool_stop            (CsWorkerPool    *self);
gboolean      cs_worker_pool_is_running      (CsWorkerPool    *self);
guint         cs_worker_pool_get_n_threads   (CsWorkerPool    *self);
const char   *cs_worker_pool_get_name        (CsWorkerPool    *self);
void          cs_worker_pool_set_name        (CsWorkerPool    *self,
                                              const char      *name);
guint64       cs_worker_pool_get_batches     (CsWorkerPool    *self);

/* From a worker thread: run @func on the pool's main context. */
void          cs_worker_pool_post            (CsWorkerPool    *self,
                                              GSourceFunc      func,
                                              gpointer         data,
                                              GDestroyNotify   destroy);
/* From a worker thread: emit ::work-done on the main context. */
void          cs_worker_pool_report          (CsWorkerPool    *self,
                                              const char      *source,
                                              const char      *what,
                                              gboolean         success,
                                              const char      *message);

G_END_DECLS
