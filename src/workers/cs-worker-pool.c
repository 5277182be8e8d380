/* cs-worker-pool.c: a bounded pool of worker threads, each with its own connection
 *
 * Every thread opens and keeps its own PostgreSQL connection (reconnecting
 * with backoff when the server goes away), LISTENs on the channels its work
 * sources announce, and loops: run every source once; if none found work,
 * sleep until a notification, the poll interval, or cancellation. Sources
 * claim rows with FOR UPDATE SKIP LOCKED, which is what lets several pools in
 * several processes share one database without doing anything twice.
 *
 * Nothing here touches a widget: results reach the main context through
 * cs_worker_pool_post() and the ::work-done signal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "cs-worker-pool.h"

typedef struct
{
  char           *name;
  char           *channel;
  CsWorkFunc      func;
  gpointer        user_data;
  GDestroyNotify  destroy;
} Source;

struct _CsWorkerPool
{
  GObject        parent_instance;

  char          *name;
  char          *conninfo;
  char          *password;
  guint          n_threads;
  guint          poll_interval_ms;
  GPtrArray     *sources;
  GPtrArray     *threads;
  GCancellable  *cancellable;
  GMainContext  *main_context;
  gint           batches;   /* atomic */
};

enum {
  WORK_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (CsWorkerPool, cs_worker_pool, G_TYPE_OBJECT)

static void
source_free (Source *source)
{
  if (source->destroy != NULL)
    source->destroy (source->user_data);
  g_free (source->name);
  g_free (source->channel);
  g_free (source);
}

static void
cs_worker_pool_dispose (GObject *object)
{
  CsWorkerPool *self = (CsWorkerPool *)object;

  cs_worker_pool_stop (self);

  G_OBJECT_CLASS (cs_worker_pool_parent_class)->dispose (object);
}

static void
cs_worker_pool_finalize (GObject *object)
{
  CsWorkerPool *self = (CsWorkerPool *)object;

  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->conninfo, g_free);
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->main_context, g_main_context_unref);

  G_OBJECT_CLASS (cs_worker_pool_parent_class)->finalize (object);
}

static void
cs_worker_pool_class_init (CsWorkerPoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_worker_pool_dispose;
  object_class->finalize = cs_worker_pool_finalize;

  /**
   * CsWorkerPool::work-done:
   * @source: the work source's name
   * @what: what was done, e.g. "job 42"
   * @success: whether it succeeded
   * @message: (nullable): the error, if any
   *
   * Emitted on the main context after a unit of work finished.
   */
  signals[WORK_DONE] =
    g_signal_new ("work-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
cs_worker_pool_init (CsWorkerPool *self)
{
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  self->poll_interval_ms = 5000;
  self->name = g_strdup ("workers");
}

CsWorkerPool *
cs_worker_pool_new (const char *conninfo,
                    const char *password,
                    guint       n_threads)
{
  CsWorkerPool *self;

  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (n_threads > 0 && n_threads <= 64, NULL);

  self = g_object_new (CS_TYPE_WORKER_POOL, NULL);
  self->conninfo = g_strdup (conninfo);
  self->password = g_strdup (password);
  self->n_threads = n_threads;
  self->main_context = g_main_context_ref_thread_default ();
  return self;
}

void
cs_worker_pool_add_source (CsWorkerPool   *self,
                           const char     *name,
                           const char     *channel,
                           CsWorkFunc      func,
                           gpointer        user_data,
                           GDestroyNotify  destroy)
{
  Source *source;

  g_return_if_fail (CS_IS_WORKER_POOL (self));
  g_return_if_fail (name != NULL && func != NULL);
  g_return_if_fail (self->threads == NULL);

  source = g_new0 (Source, 1);
  source->name = g_strdup (name);
  source->channel = g_strdup (channel);
  source->func = func;
  source->user_data = user_data;
  source->destroy = destroy;
  g_ptr_array_add (self->sources, source);
}

void
cs_worker_pool_set_poll_interval (CsWorkerPool *self,
                                  guint         msec)
{
  g_return_if_fail (CS_IS_WORKER_POOL (self));
  g_return_if_fail (self->threads == NULL);
  self->poll_interval_ms = MAX (msec, 10);
}

const char *
cs_worker_pool_get_name (CsWorkerPool *self)
{
  g_return_val_if_fail (CS_IS_WORKER_POOL (self), NULL);
  return self->name;
}

void
cs_worker_pool_set_name (CsWorkerPool *self,
                         const char   *name)
{
  g_return_if_fail (CS_IS_WORKER_POOL (self));
  g_free (self->name);
  self->name = g_strdup (name);
}

guint
cs_worker_pool_get_n_threads (CsWorkerPool *self)
{
  g_return_val_if_fail (CS_IS_WORKER_POOL (self), 0);
  return self->n_threads;
}

guint64
cs_worker_pool_get_batches (CsWorkerPool *self)
{
  g_return_val_if_fail (CS_IS_WORKER_POOL (self), 0);
  return (guint64) (guint) g_atomic_int_get (&self->batches);
}

gboolean
cs_worker_pool_is_running (CsWorkerPool *self)
{
  g_return_val_if_fail (CS_IS_WORKER_POOL (self), FALSE);
  return self->threads != NULL;
}

typedef struct
{
  CsWorkerPool *pool;
  guint         index;
} ThreadData;

static gboolean
listen_all (CsWorkerPool    *self,
            CsDbConnection  *conn,
            GError         **error)
{
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);
      if (source->channel != NULL && !cs_db_connection_listen (conn, source->channel, error))
        return FALSE;
    }
  return TRUE;
}

static gpointer
worker_thread (gpointer data)
{
  ThreadData *td = data;
  CsWorkerPool *self = td->pool;
  g_autoptr(CsDbConnection) conn = cs_db_connection_new (self->conninfo, self->password);
  g_autofree char *worker_id = g_strdup_printf ("%s/%d/%s-%u", g_get_host_name (), (int) getpid (),
                                                self->name, td->index);
  g_autofree char *application = g_strdup_printf ("civicstream %s", self->name);
  CsWorkerContext ctx = { self, conn, self->cancellable, worker_id, td->index, NULL };
  gboolean listening = FALSE;

  cs_db_connection_set_application_name (conn, application);

  while (!g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) notifications = NULL;
      gboolean did_work = FALSE;

      if (!cs_db_connection_is_open (conn))
        {
          listening = FALSE;
          if (!cs_db_connection_ensure (conn, 0, self->cancellable, &error))
            break;   /* only cancellation or a missing password ends the retries */
        }
      if (!listening)
        {
          if (!listen_all (self, conn, &error))
            {
              g_debug ("%s: LISTEN failed: %s", worker_id, error->message);
              cs_db_connection_close (conn);
              continue;
            }
          listening = TRUE;
        }

      for (guint i = 0; i < self->sources->len && !g_cancellable_is_cancelled (self->cancellable); i++)
        {
          Source *source = g_ptr_array_index (self->sources, i);
          g_autoptr(GError) source_error = NULL;

          if (source->func (&ctx, source->user_data, &source_error))
            did_work = TRUE;
          /* A source must end its transactions; never let one leak into the next. */
          cs_db_connection_rollback (conn);
          g_atomic_int_inc (&self->batches);

          if (source_error != NULL && !g_error_matches (source_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_debug ("%s: %s: %s", worker_id, source->name, source_error->message);
              cs_worker_pool_report (self, source->name, _("batch"), FALSE, source_error->message);
              if (cs_db_error_is_connection (source_error))
                cs_db_connection_close (conn);
            }
        }
      /* Every source has seen what woke this round. */
      g_clear_pointer (&ctx.notifications, g_ptr_array_unref);

      if (did_work || !cs_db_connection_is_open (conn))
        continue;

      notifications = cs_db_connection_wait (conn, (int) self->poll_interval_ms, self->cancellable, &error);
      if (notifications == NULL && error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("%s: waiting failed: %s", worker_id, error->message);
      /* The sources see what woke them on their next round. */
      g_clear_pointer (&ctx.notifications, g_ptr_array_unref);
      ctx.notifications = g_steal_pointer (&notifications);
    }

  /* Releases any claim still held: an open transaction rolls back. */
  cs_db_connection_rollback (conn);
  g_clear_pointer (&ctx.notifications, g_ptr_array_unref);
  g_free (td);
  return NULL;
}

gboolean
cs_worker_context_was_notified (CsWorkerContext *ctx,
                                const char      *channel)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (channel != NULL, FALSE);

  for (guint i = 0; ctx->notifications != NULL && i < ctx->notifications->len; i++)
    if (g_strcmp0 (((CsDbNotification *) g_ptr_array_index (ctx->notifications, i))->channel, channel) == 0)
      return TRUE;
  return FALSE;
}

void
cs_worker_pool_start (CsWorkerPool *self)
{
  g_return_if_fail (CS_IS_WORKER_POOL (self));

  if (self->threads != NULL)
    return;

  self->cancellable = g_cancellable_new ();
  self->threads = g_ptr_array_new ();
  for (guint i = 0; i < self->n_threads; i++)
    {
      ThreadData *td = g_new0 (ThreadData, 1);
      g_autofree char *thread_name = g_strdup_printf ("cs-%s-%u", self->name, i);

      td->pool = self;
      td->index = i;
      g_ptr_array_add (self->threads, g_thread_new (thread_name, worker_thread, td));
    }
}

/* Cancels what is running and joins every thread. A source sees the
 * cancellable and commits what it finished; claims it did not finish are
 * released by the rollback, so another worker picks them up. */
void
cs_worker_pool_stop (CsWorkerPool *self)
{
  g_return_if_fail (CS_IS_WORKER_POOL (self));

  if (self->threads == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  for (guint i = 0; i < self->threads->len; i++)
    g_thread_join (g_ptr_array_index (self->threads, i));
  g_clear_pointer (&self->threads, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
}

typedef struct
{
  GSourceFunc    func;
  gpointer       data;
  GDestroyNotify destroy;
} Post;

static gboolean
run_post (gpointer user_data)
{
  Post *post = user_data;
  post->func (post->data);
  return G_SOURCE_REMOVE;
}

static void
post_free (gpointer user_data)
{
  Post *post = user_data;
  if (post->destroy != NULL)
    post->destroy (post->data);
  g_free (post);
}

void
cs_worker_pool_post (CsWorkerPool   *self,
                     GSourceFunc     func,
                     gpointer        data,
                     GDestroyNotify  destroy)
{
  Post *post;

  g_return_if_fail (CS_IS_WORKER_POOL (self));
  g_return_if_fail (func != NULL);

  post = g_new0 (Post, 1);
  post->func = func;
  post->data = data;
  post->destroy = destroy;
  g_main_context_invoke_full (self->main_context, G_PRIORITY_DEFAULT, run_post, post, post_free);
}

typedef struct
{
  CsWorkerPool *pool;
  char         *source;
  char         *what;
  gboolean      success;
  char         *message;
} Report;

static gboolean
emit_report (gpointer data)
{
  Report *r = data;
  g_signal_emit (r->pool, signals[WORK_DONE], 0, r->source, r->what, r->success, r->message);
  return G_SOURCE_REMOVE;
}

static void
report_free (gpointer data)
{
  Report *r = data;
  g_object_unref (r->pool);
  g_free (r->source);
  g_free (r->what);
  g_free (r->message);
  g_free (r);
}

void
cs_worker_pool_report (CsWorkerPool *self,
                       const char   *source,
                       const char   *what,
                       gboolean      success,
                       const char   *message)
{
  Report *r;

  g_return_if_fail (CS_IS_WORKER_POOL (self));

  r = g_new0 (Report, 1);
  r->pool = g_object_ref (self);
  r->source = g_strdup (source);
  r->what = g_strdup (what);
  r->success = success;
  r->message = g_strdup (message);
  g_main_context_invoke_full (self->main_context, G_PRIORITY_DEFAULT, emit_report, r, report_free);
}
