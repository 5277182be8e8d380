/* cs-layout-service.c: Graphviz `dot` layouts, computed on one dedicated thread
 *
 * Requests go through a GAsyncQueue to the service's thread, which owns the
 * only GVC_t; results come back through GTask to the requester's main
 * context. The thread starts on first use and stops when the service is
 * finalized.
 *
 * Graphviz finds its plugins (the dot layout among them) at run time from
 * the configuration file its package installs; the builtins table is empty
 * because we link no plugin statically.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <gvc.h>

#include "core/cs-error.h"
#include "cs-layout-private.h"

#define CACHE_SIZE 64

struct _CsLayoutService
{
  GObject      parent_instance;

  GMutex       lock;
  GThread     *thread;
  GAsyncQueue *queue;
  GHashTable  *cache;          /* hash → CsLayout */
  GQueue       cache_order;    /* hashes, oldest first */
  guint        n_computed;
};

G_DEFINE_FINAL_TYPE (CsLayoutService, cs_layout_service, G_TYPE_OBJECT)

typedef struct
{
  GTask         *task;
  CsLayoutGraph *graph;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->task);
  g_clear_pointer (&job->graph, cs_layout_graph_free);
  g_free (job);
}

/* Locked. */
static CsLayout *
cache_lookup (CsLayoutService *self,
              const char      *hash)
{
  CsLayout *layout = g_hash_table_lookup (self->cache, hash);

  return layout ? cs_layout_ref (layout) : NULL;
}

/* Locked. */
static void
cache_insert (CsLayoutService *self,
              CsLayout        *layout)
{
  if (g_hash_table_contains (self->cache, layout->hash))
    return;
  while (g_queue_get_length (&self->cache_order) >= CACHE_SIZE)
    {
      g_autofree char *oldest = g_queue_pop_head (&self->cache_order);
      g_hash_table_remove (self->cache, oldest);
    }
  g_hash_table_insert (self->cache, g_strdup (layout->hash), cs_layout_ref (layout));
  g_queue_push_tail (&self->cache_order, g_strdup (layout->hash));
}

/* Graphviz */

static void
set_inches (Agraph_t   *g,
            void       *object,
            Agsym_t    *sym,
            double      points)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  agxset (object, sym, g_ascii_formatd (buffer, sizeof buffer, "%.4f", points / 72.0));
}

static CsLayoutPoint
to_canvas (const boxf    *bb,
           pointf         p)
{
  return (CsLayoutPoint) { p.x - bb->LL.x, bb->UR.y - p.y };
}

static void
read_edge (CsLayout     *layout,
           CsLayoutEdge *edge,
           Agedge_t     *e,
           const boxf   *bb)
{
  splines *spl = ED_spl (e);
  const CsLayoutNode *from = &layout->nodes[edge->from];
  guint n = 0;

  if (spl != NULL)
    for (int i = 0; i < spl->size; i++)
      n += spl->list[i].size;
  if (n >= 4)
    {
      edge->points = g_new (CsLayoutPoint, n);
      for (int i = 0; i < spl->size; i++)
        for (int j = 0; j < spl->list[i].size; j++)
          edge->points[edge->n_points++] = to_canvas (bb, spl->list[i].list[j]);
      /* Keep routes running from tail to head whatever dot did with cycles. */
      if (hypot (edge->points[0].x - from->x, edge->points[0].y - from->y) >
          hypot (edge->points[n - 1].x - from->x, edge->points[n - 1].y - from->y))
        for (guint i = 0; i < n / 2; i++)
          {
            CsLayoutPoint tmp = edge->points[i];
            edge->points[i] = edge->points[n - 1 - i];
            edge->points[n - 1 - i] = tmp;
          }
    }

  if (ED_label (e) != NULL && ED_label (e)->set)
    {
      edge->has_label = TRUE;
      edge->label = to_canvas (bb, ED_label (e)->pos);
    }
}

static CsLayout *
run_dot (GVC_t          *gvc,
         CsLayoutGraph  *graph,
         GError        **error)
{
  g_autoptr(CsLayout) layout = cs_layout_new (graph);
  g_autofree Agnode_t **nodes = g_new0 (Agnode_t *, graph->nodes->len);
  g_autofree Agedge_t **edges = g_new0 (Agedge_t *, graph->edges->len);
  gint64 start = g_get_monotonic_time ();
  Agsym_t *width, *height, *shape, *label;
  Agraph_t *g;
  boxf bb;

  g = agopen ((char *) "workflow", Agdirected, NULL);
  agattr (g, AGRAPH, (char *) "rankdir",
          (char *) (graph->direction == CS_LAYOUT_TOP_TO_BOTTOM ? "TB" : "LR"));
  agattr (g, AGRAPH, (char *) "nodesep", (char *) "0.4");
  agattr (g, AGRAPH, (char *) "ranksep", (char *) "0.6");
  agattr (g, AGRAPH, (char *) "splines", (char *) "spline");
  agattr (g, AGNODE, (char *) "fixedsize", (char *) "true");
  agattr (g, AGNODE, (char *) "label", (char *) "");
  width = agattr (g, AGNODE, (char *) "width", (char *) "1");
  height = agattr (g, AGNODE, (char *) "height", (char *) "1");
  shape = agattr (g, AGNODE, (char *) "shape", (char *) "box");
  label = agattr (g, AGEDGE, (char *) "label", (char *) "");
  agattr (g, AGEDGE, (char *) "fontname", (char *) "Sans");
  /* A little larger than the labels are drawn, for their rounded frames. */
  agattr (g, AGEDGE, (char *) "fontsize", (char *) "12");
  agattr (g, AGEDGE, (char *) "arrowhead", (char *) "none");

  for (guint i = 0; i < graph->nodes->len; i++)
    {
      const CsLayoutGraphNode *node = &g_array_index (graph->nodes, CsLayoutGraphNode, i);
      char name[32];

      g_snprintf (name, sizeof name, "n%u", i);
      nodes[i] = agnode (g, name, TRUE);
      set_inches (g, nodes[i], width, node->width);
      set_inches (g, nodes[i], height, node->height);
      if (node->shape == CS_LAYOUT_SHAPE_DIAMOND)
        agxset (nodes[i], shape, (char *) "diamond");
    }
  for (guint i = 0; i < graph->edges->len; i++)
    {
      const CsLayoutGraphEdge *edge = &g_array_index (graph->edges, CsLayoutGraphEdge, i);

      /* Anonymous and created: parallel edges stay distinct. */
      edges[i] = agedge (g, nodes[edge->from], nodes[edge->to], NULL, TRUE);
      if (edge->label != NULL)
        agxset (edges[i], label, edge->label);
    }

  if (gvLayout (gvc, g, "dot") != 0)
    {
      agclose (g);
      g_set_error (error, CS_ERROR, CS_ERROR_MISSING_PROGRAM,
                   _("Graphviz could not lay out the diagram: its “dot” layout plugin is missing "
                     "(reinstall Graphviz or run “dot -c” as root)"));
      return NULL;
    }

  bb = GD_bb (g);
  layout->width = bb.UR.x - bb.LL.x;
  layout->height = bb.UR.y - bb.LL.y;
  for (guint i = 0; i < graph->nodes->len; i++)
    {
      CsLayoutPoint centre = to_canvas (&bb, ND_coord (nodes[i]));

      layout->nodes[i].x = centre.x;
      layout->nodes[i].y = centre.y;
    }
  for (guint i = 0; i < graph->edges->len; i++)
    read_edge (layout, &layout->edges[i], edges[i], &bb);

  gvFreeLayout (gvc, g);
  agclose (g);
  layout->compute_ms = (g_get_monotonic_time () - start) / 1000.0;
  return g_steal_pointer (&layout);
}

/* The thread */

static gpointer
layout_thread (gpointer data)
{
  static const lt_symlist_t builtins[] = { { NULL, NULL } };
  g_autoptr(GAsyncQueue) queue = data;
  GVC_t *gvc = gvContextPlugins (builtins, TRUE);

  for (;;)
    {
      Job *job = g_async_queue_pop (queue);
      CsLayoutService *self;
      g_autoptr(CsLayout) layout = NULL;
      g_autoptr(GError) error = NULL;

      if (job->task == NULL)
        {
          job_free (job);
          break;
        }
      if (g_task_return_error_if_cancelled (job->task))
        {
          job_free (job);
          continue;
        }

      self = g_task_get_source_object (job->task);
      g_mutex_lock (&self->lock);
      layout = cache_lookup (self, cs_layout_graph_get_hash (job->graph));
      g_mutex_unlock (&self->lock);

      if (layout == NULL && (layout = run_dot (gvc, job->graph, &error)) != NULL)
        {
          g_mutex_lock (&self->lock);
          cache_insert (self, layout);
          self->n_computed++;
          g_mutex_unlock (&self->lock);
        }

      if (layout != NULL)
        g_task_return_pointer (job->task, g_steal_pointer (&layout), (GDestroyNotify) cs_layout_unref);
      else
        g_task_return_error (job->task, g_steal_pointer (&error));
      job_free (job);
    }

  gvFreeContext (gvc);
  return NULL;
}

static void
cs_layout_service_finalize (GObject *object)
{
  CsLayoutService *self = (CsLayoutService *) object;

  if (self->thread != NULL)
    {
      g_async_queue_push (self->queue, g_new0 (Job, 1));
      /* The last task may be dropped on the layout thread itself. */
      if (self->thread == g_thread_self ())
        g_thread_unref (self->thread);
      else
        g_thread_join (self->thread);
    }
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_queue_clear_full (&self->cache_order, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cs_layout_service_parent_class)->finalize (object);
}

static void
cs_layout_service_class_init (CsLayoutServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_layout_service_finalize;
}

static void
cs_layout_service_init (CsLayoutService *self)
{
  g_mutex_init (&self->lock);
  self->queue = g_async_queue_new ();
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cs_layout_unref);
}

CsLayoutService *
cs_layout_service_new (void)
{
  return g_object_new (CS_TYPE_LAYOUT_SERVICE, NULL);
}

CsLayoutService *
cs_layout_service_get_default (void)
{
  static CsLayoutService *service;

  if (g_once_init_enter (&service))
    g_once_init_leave (&service, cs_layout_service_new ());
  return service;
}

void
cs_layout_service_compute_async (CsLayoutService     *self,
                                 CsLayoutGraph       *graph,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CsLayout) cached = NULL;
  Job *job;

  g_return_if_fail (CS_IS_LAYOUT_SERVICE (self));
  g_return_if_fail (graph != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_layout_service_compute_async);

  if ((cached = cs_layout_service_lookup (self, graph)) != NULL)
    {
      cs_layout_graph_free (graph);
      g_task_return_pointer (task, g_steal_pointer (&cached), (GDestroyNotify) cs_layout_unref);
      return;
    }

  g_mutex_lock (&self->lock);
  if (self->thread == NULL)
    self->thread = g_thread_new ("cs-layout", layout_thread, g_async_queue_ref (self->queue));
  g_mutex_unlock (&self->lock);

  job = g_new0 (Job, 1);
  job->task = g_steal_pointer (&task);
  job->graph = graph;
  g_async_queue_push (self->queue, job);
}

CsLayout *
cs_layout_service_compute_finish (CsLayoutService  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (CS_IS_LAYOUT_SERVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

CsLayout *
cs_layout_service_lookup (CsLayoutService *self,
                          CsLayoutGraph   *graph)
{
  CsLayout *layout;

  g_return_val_if_fail (CS_IS_LAYOUT_SERVICE (self), NULL);
  g_return_val_if_fail (graph != NULL, NULL);

  g_mutex_lock (&self->lock);
  layout = cache_lookup (self, cs_layout_graph_get_hash (graph));
  g_mutex_unlock (&self->lock);
  return layout;
}

void
cs_layout_service_clear_cache (CsLayoutService *self)
{
  g_return_if_fail (CS_IS_LAYOUT_SERVICE (self));

  g_mutex_lock (&self->lock);
  g_hash_table_remove_all (self->cache);
  g_queue_clear_full (&self->cache_order, g_free);
  g_mutex_unlock (&self->lock);
}

guint
cs_layout_service_get_n_computed (CsLayoutService *self)
{
  guint n;

  g_return_val_if_fail (CS_IS_LAYOUT_SERVICE (self), 0);

  g_mutex_lock (&self->lock);
  n = self->n_computed;
  g_mutex_unlock (&self->lock);
  return n;
}
