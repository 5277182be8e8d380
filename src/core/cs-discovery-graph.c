/* cs-discovery-graph.c: pairing, the directly-follows graph, its loops and thresholds
 *
 * Pairing runs once, case by case, into a flat array of instances grouped
 * by case; the graph's edges live in a hash table keyed by
 * from × n_nodes + to. The depth-first search's reverse post-order is a
 * topological order of the forward edges; the thresholds are applied, and
 * connectivity restored, by walking that order forwards (incoming edges)
 * and backwards (outgoing edges).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-discovery-private.h"

typedef struct
{
  guint32 activity;
  guint32 resource;
  gint64  start;
} Pending;


/* Pairing */

static int
compare_instances (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const Instance *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

static void
pair_case (CsDiscovery *self,
           guint        case_index,
           GArray      *pending)
{
  const CsEvent *events;
  guint n_events;
  guint first = self->instances->len;
  Span span;

  events = cs_event_log_get_case_events (self->log, case_index, &n_events);
  g_array_set_size (pending, 0);
  g_array_append_val (self->case_first, first);

  for (guint i = 0; i < n_events; i++)
    {
      const CsEvent *e = &events[i];

      switch ((CsLifecycle) e->lifecycle)
        {
        case CS_LIFECYCLE_START:
          {
            Pending p = { e->activity, e->resource, e->timestamp };

            g_array_append_val (pending, p);
            break;
          }
        case CS_LIFECYCLE_COMPLETE:
          {
            Instance inst = { e->activity, e->resource, e->timestamp, e->timestamp };

            /* First in, first out: the earliest open start of the same activity. */
            for (guint j = 0; j < pending->len; j++)
              {
                Pending *p = &g_array_index (pending, Pending, j);

                if (p->activity != e->activity)
                  continue;
                inst.start = p->start;
                if (inst.resource == 0)
                  inst.resource = p->resource;
                g_array_remove_index (pending, j);
                break;
              }
            g_array_append_val (self->instances, inst);
            g_array_index (self->counts, guint, e->activity)++;
            break;
          }
        case CS_LIFECYCLE_OTHER:
        default:
          self->stats.n_other_lifecycle++;
          break;
        }
    }
  self->stats.n_unpaired_starts += pending->len;

  /* Instances were made in order of completion; the case runs in order of start. */
  for (guint i = first + 1; i < self->instances->len; i++)
    if (g_array_index (self->instances, Instance, i).start <
        g_array_index (self->instances, Instance, i - 1).start)
      {
        g_qsort_with_data (&g_array_index (self->instances, Instance, first),
                           self->instances->len - first, sizeof (Instance),
                           compare_instances, NULL);
        break;
      }

  span.started = events[0].timestamp;
  span.completed = events[n_events - 1].timestamp;
  if (self->instances->len > first)
    {
      span.completed = G_MININT64;
      for (guint i = first; i < self->instances->len; i++)
        span.completed = MAX (span.completed, g_array_index (self->instances, Instance, i).complete);
    }
  g_array_append_val (self->spans, span);
  if (n_events == 1)
    self->stats.n_single_event_cases++;
}

/* The graph */

static Edge *
get_edge (CsDiscovery *self,
          guint        from,
          guint        to)
{
  gint64 key = (gint64) from * self->n_nodes + to;
  Edge *edge = g_hash_table_lookup (self->edge_of, &key);

  if (edge == NULL)
    {
      edge = g_new0 (Edge, 1);
      edge->from = from;
      edge->to = to;
      edge->key = key;
      edge->pub.from = g_ptr_array_index (self->node_ids, from);
      edge->pub.to = g_ptr_array_index (self->node_ids, to);
      g_ptr_array_add (self->edges, edge);
      g_hash_table_insert (self->edge_of, &edge->key, edge);
    }
  return edge;
}

static void
observe_case (CsDiscovery *self,
              guint        case_index,
              guint       *seen_in,
              guint       *n_firsts)
{
  guint first = g_array_index (self->case_first, guint, case_index);
  guint last = g_array_index (self->case_first, guint, case_index + 1);
  guint end = self->n_nodes - 1;
  guint prev = 0;
  gint64 prev_complete = 0;

  for (guint i = first; i < last; i++)
    {
      const Instance *inst = &g_array_index (self->instances, Instance, i);
      Edge *edge = get_edge (self, prev, inst->activity + 1);

      if (seen_in[inst->activity] != case_index + 1)
        {
          seen_in[inst->activity] = case_index + 1;
          n_firsts[inst->activity]++;
          g_array_index (self->rank, double, inst->activity + 1) += i - first;
        }
      edge->pub.count++;
      if (prev != 0)
        {
          if (inst->start < prev_complete)
            self->stats.n_overlaps++;
          else
            edge->total_us += inst->start - prev_complete;
        }
      prev = inst->activity + 1;
      prev_complete = inst->complete;
    }
  if (last > first)
    get_edge (self, prev, end)->pub.count++;
}

/* The order the search follows: activities that come earlier in their
 * cases first, then the more frequent edge. */
static int
compare_successors (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  CsDiscovery *self = user_data;
  const Edge *x = *(Edge * const *) a, *y = *(Edge * const *) b;
  double rx = g_array_index (self->rank, double, x->to);
  double ry = g_array_index (self->rank, double, y->to);

  if (rx != ry)
    return rx < ry ? -1 : 1;
  if (x->pub.count != y->pub.count)
    return x->pub.count > y->pub.count ? -1 : 1;
  return x->to < y->to ? -1 : x->to > y->to;
}

static int
compare_by_count (gconstpointer a,
                  gconstpointer b)
{
  const Edge *x = *(Edge * const *) a, *y = *(Edge * const *) b;

  if (x->pub.count != y->pub.count)
    return x->pub.count > y->pub.count ? -1 : 1;
  return x->to != y->to ? (x->to < y->to ? -1 : 1) : (x->from < y->from ? -1 : x->from > y->from);
}

/* Marks back edges as rework and orders the nodes topologically. */
static void
search (CsDiscovery *self)
{
  enum { WHITE, GREY, BLACK };
  g_autofree guint8 *colour = g_new0 (guint8, self->n_nodes);
  g_autofree guint *next = g_new0 (guint, self->n_nodes);
  g_autoptr(GPtrArray) successors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) post = g_array_new (FALSE, FALSE, sizeof (guint));
  guint end = self->n_nodes - 1;
  guint root = 0;

  for (guint v = 0; v < self->n_nodes; v++)
    g_ptr_array_add (successors, g_ptr_array_new ());
  for (guint i = 0; i < self->edges->len; i++)
    {
      Edge *edge = g_ptr_array_index (self->edges, i);

      g_ptr_array_add (g_ptr_array_index (successors, edge->from), edge);
    }
  for (guint v = 0; v < self->n_nodes; v++)
    g_ptr_array_sort_with_data (g_ptr_array_index (successors, v), compare_successors, self);

  g_array_append_val (stack, root);
  colour[root] = GREY;
  while (stack->len > 0)
    {
      guint u = g_array_index (stack, guint, stack->len - 1);
      GPtrArray *out = g_ptr_array_index (successors, u);

      if (next[u] < out->len)
        {
          Edge *edge = g_ptr_array_index (out, next[u]++);

          if (colour[edge->to] == GREY)
            edge->pub.rework = TRUE;
          else if (colour[edge->to] == WHITE)
            {
              colour[edge->to] = GREY;
              g_array_append_val (stack, edge->to);
            }
          continue;
        }
      colour[u] = BLACK;
      if (u != end)
        g_array_append_val (post, u);
      g_array_set_size (stack, stack->len - 1);
    }

  /* The end has no outgoing edges, so it can always come last. */
  for (guint i = post->len; i > 0; i--)
    g_array_append_val (self->order, g_array_index (post, guint, i - 1));
  g_array_append_val (self->order, end);
  g_array_set_size (self->position, self->n_nodes);
  for (guint v = 0; v < self->n_nodes; v++)
    g_array_index (self->position, guint, v) = G_MAXUINT;
  for (guint i = 0; i < self->order->len; i++)
    g_array_index (self->position, guint, g_array_index (self->order, guint, i)) = i;
}

static guint
position_of (CsDiscovery *self,
             guint        node)
{
  return g_array_index (self->position, guint, node);
}

static int
compare_edges (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  CsDiscovery *self = user_data;
  const Edge *x = *(Edge * const *) a, *y = *(Edge * const *) b;
  guint px = position_of (self, x->from), py = position_of (self, y->from);

  if (x->pub.rework != y->pub.rework)
    return x->pub.rework ? 1 : -1;
  if (px != py)
    return px < py ? -1 : 1;
  if (x->pub.count != y->pub.count)
    return x->pub.count > y->pub.count ? -1 : 1;
  px = position_of (self, x->to);
  py = position_of (self, y->to);
  return px < py ? -1 : px > py;
}

/* Implied edges, the final edge order and the forward adjacency. */
static void
arrange_edges (CsDiscovery *self)
{
  guint end = self->n_nodes - 1;

  for (guint v = 0; v < self->n_nodes; v++)
    {
      g_ptr_array_add (self->in_edges, g_ptr_array_new ());
      g_ptr_array_add (self->out_edges, g_ptr_array_new ());
    }
  for (guint i = 0; i < self->edges->len; i++)
    {
      Edge *edge = g_ptr_array_index (self->edges, i);

      if (!edge->pub.rework)
        g_ptr_array_add (g_ptr_array_index (self->out_edges, edge->from), edge);
    }
  for (guint i = 0; i + 1 < self->order->len; i++)
    {
      guint v = g_array_index (self->order, guint, i);

      if (((GPtrArray *) g_ptr_array_index (self->out_edges, v))->len == 0)
        {
          Edge *edge = get_edge (self, v, end);

          edge->pub.implied = TRUE;
          g_ptr_array_add (g_ptr_array_index (self->out_edges, v), edge);
        }
    }

  g_ptr_array_sort_with_data (self->edges, compare_edges, self);
  for (guint i = 0; i < self->edges->len; i++)
    {
      Edge *edge = g_ptr_array_index (self->edges, i);

      edge->pub.total_ms = edge->total_us / 1000;
      if (edge->pub.rework)
        self->stats.n_rework_edges++;
      else
        g_ptr_array_add (g_ptr_array_index (self->in_edges, edge->to), edge);
    }
  for (guint v = 0; v < self->n_nodes; v++)
    {
      g_ptr_array_sort (g_ptr_array_index (self->in_edges, v), compare_by_count);
      g_ptr_array_sort (g_ptr_array_index (self->out_edges, v), compare_by_count);
    }
}

static void
compute_stats (CsDiscovery *self)
{
  CsDiscoveryStats *s = &self->stats;
  guint n = self->spans->len;
  gint64 total_us = 0;
  double mean_us, squares = 0;

  s->n_cases = cs_event_log_get_n_cases (self->log);
  s->n_events = cs_event_log_get_n_events (self->log);
  s->n_activities = cs_event_log_get_n_activities (self->log);
  s->n_instances = self->instances->len;
  s->n_reordered = cs_event_log_get_n_reordered (self->log);
  s->n_empty_cases = cs_event_log_get_n_empty_cases (self->log);
  cs_event_log_get_time_range (self->log, &s->first_event, &s->last_event);
  if (n == 0)
    return;

  s->throughput_min_ms = G_MAXINT64;
  for (guint c = 0; c < n; c++)
    {
      const Span *span = &g_array_index (self->spans, Span, c);
      gint64 us = span->completed - span->started;

      total_us += us;
      s->throughput_min_ms = MIN (s->throughput_min_ms, us / 1000);
      s->throughput_max_ms = MAX (s->throughput_max_ms, us / 1000);
    }
  mean_us = (double) total_us / n;
  for (guint c = 0; c < n; c++)
    {
      const Span *span = &g_array_index (self->spans, Span, c);
      double d = (double) (span->completed - span->started) - mean_us;

      squares += d * d;
    }
  s->throughput_total_ms = total_us / 1000;
  s->throughput_mean_ms = mean_us / 1000.0;
  s->throughput_sd_ms = n > 1 ? sqrt (squares / (n - 1)) / 1000.0 : 0.0;
}


void
cs_discovery_analyse (CsDiscovery *self)
{
  g_autoptr(GArray) pending = NULL;
  g_autofree guint *seen_in = NULL;
  g_autofree guint *n_firsts = NULL;
  guint n_activities = self->n_nodes - 2;
  guint n_cases = cs_event_log_get_n_cases (self->log);

  pending = g_array_new (FALSE, FALSE, sizeof (Pending));
  for (guint c = 0; c < n_cases; c++)
    pair_case (self, c, pending);
  g_array_append_val (self->case_first, self->instances->len);
  seen_in = g_new0 (guint, n_activities + 1);
  n_firsts = g_new0 (guint, n_activities + 1);
  for (guint c = 0; c < n_cases; c++)
    observe_case (self, c, seen_in, n_firsts);
  for (guint a = 0; a < n_activities; a++)
    if (n_firsts[a] > 0)
      g_array_index (self->rank, double, a + 1) /= n_firsts[a];
  g_array_index (self->rank, double, 0) = -1.0;
  g_array_index (self->rank, double, self->n_nodes - 1) = G_MAXDOUBLE;

  search (self);
  arrange_edges (self);
  compute_stats (self);
}

/* Thresholds */

static gboolean
has_kept (GPtrArray *edges)
{
  for (guint i = 0; i < edges->len; i++)
    if (((Edge *) g_ptr_array_index (edges, i))->pub.kept)
      return TRUE;
  return FALSE;
}

void
cs_discovery_apply_thresholds (CsDiscovery *self)
{
  guint max = 0;

  for (guint i = 0; i < self->edges->len; i++)
    max = MAX (max, ((Edge *) g_ptr_array_index (self->edges, i))->pub.count);

  for (guint i = 0; i < self->edges->len; i++)
    {
      Edge *edge = g_ptr_array_index (self->edges, i);

      edge->pub.kept = edge->pub.implied ||
                       (edge->pub.count >= self->min_count &&
                        edge->pub.count + 1e-9 >= self->min_share * max);
    }

  /* In topological order every earlier node is connected to the start, so
   * keeping one incoming edge connects this one; backwards, the same for
   * reaching the end. In-edges are sorted most frequent first. */
  for (guint i = 1; i < self->order->len; i++)
    {
      GPtrArray *in = g_ptr_array_index (self->in_edges, g_array_index (self->order, guint, i));

      if (in->len > 0 && !has_kept (in))
        ((Edge *) g_ptr_array_index (in, 0))->pub.kept = TRUE;
    }
  for (guint i = self->order->len - 1; i > 0; i--)
    {
      GPtrArray *out = g_ptr_array_index (self->out_edges, g_array_index (self->order, guint, i - 1));

      if (out->len > 0 && !has_kept (out))
        ((Edge *) g_ptr_array_index (out, 0))->pub.kept = TRUE;
    }
}
