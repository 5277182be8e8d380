/* cs-analysis-paths.c: the critical path, the bottleneck lists, the branches
 *
 * The critical path is a longest path with node weights, found by dynamic
 * programming over a topological order of the workflow's graph (or, for an
 * event log without one, of the directly-follows graph). Back edges, found
 * by a depth-first search from the start, are left out, so loops in a
 * discovered graph cannot make it infinite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-analysis-private.h"

#define MAX_NEXT_STEPS 8

typedef struct
{
  guint     n;
  guint32  *offset;    /* out-edges of v: target[offset[v], offset[v + 1]) */
  guint32  *target;
  guint8   *back;      /* per edge: a back edge, ignored */
} Graph;

static int
compare_edges (const void *x,
               const void *y,
               void       *user_data)
{
  const guint64 *p = x, *q = y;
  CsAnalysis *a = user_data;
  guint32 pf = *p >> 32, qf = *q >> 32, pt = (guint32) *p, qt = (guint32) *q;

  if (pf != qf)
    return (pf > qf) - (pf < qf);
  return (int) a->steps[pt].position - (int) a->steps[qt].position;
}

static void
build_graph (CsAnalysis *a,
             Graph      *g)
{
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint k = 0;

  if (a->workflow != NULL)
    for (guint e = 0; e < cs_workflow_get_n_edges (a->workflow); e++)
      {
        CsEdge *edge = cs_workflow_get_edge (a->workflow, e);
        guint32 from = cs_timing_data_find_step (a->data, cs_edge_get_from (edge));
        guint32 to = cs_timing_data_find_step (a->data, cs_edge_get_to (edge));
        guint64 pair = ((guint64) from << 32) | to;

        if (from < a->n_steps && to < a->n_steps && from != to)
          g_array_append_val (edges, pair);
      }
  else
    for (guint t = 0; t < a->n_transitions; t++)
      {
        guint32 from = a->transition_pairs[2 * t], to = a->transition_pairs[2 * t + 1];
        guint64 pair = ((guint64) from << 32) | to;

        if (from != to)
          g_array_append_val (edges, pair);
      }
  g_qsort_with_data (edges->data, edges->len, sizeof (guint64), (GCompareDataFunc) compare_edges, a);

  g->n = a->n_steps;
  g->offset = g_new0 (guint32, g->n + 1);
  g->target = g_new (guint32, MAX (edges->len, 1));
  g->back = g_new0 (guint8, MAX (edges->len, 1));
  for (guint e = 0; e < edges->len; e++)
    {
      guint64 pair = g_array_index (edges, guint64, e);

      if (e > 0 && pair == g_array_index (edges, guint64, e - 1))
        continue;   /* parallel edges (approved twice to one step) */
      g->offset[(pair >> 32) + 1]++;
      g->target[k++] = (guint32) pair;
    }
  for (guint v = 0; v < g->n; v++)
    g->offset[v + 1] += g->offset[v];
}

static void
graph_clear (Graph *g)
{
  g_free (g->offset);
  g_free (g->target);
  g_free (g->back);
}

/* Depth-first from the roots: edges to a step still on the stack are back
 * edges. The reverse of the finishing order is then a topological order of
 * what remains. */
static void
topological_order (CsAnalysis *a,
                   Graph      *g,
                   guint32    *roots,
                   guint       n_roots,
                   guint32    *topo)
{
  g_autofree guint8 *color = g_new0 (guint8, MAX (g->n, 1));
  g_autofree guint32 *stack = g_new (guint32, MAX (g->n, 1));
  g_autofree guint32 *next_edge = g_new (guint32, MAX (g->n, 1));
  guint filled = g->n;

  for (guint k = 0; k < n_roots; k++)
    {
      guint depth = 0;

      if (color[roots[k]] != 0)
        continue;
      stack[depth++] = roots[k];
      color[roots[k]] = 1;
      next_edge[roots[k]] = g->offset[roots[k]];
      while (depth > 0)
        {
          guint32 v = stack[depth - 1];

          if (next_edge[v] < g->offset[v + 1])
            {
              guint32 e = next_edge[v]++, w = g->target[e];

              if (color[w] == 1)
                g->back[e] = TRUE;
              else if (color[w] == 0)
                {
                  color[w] = 1;
                  next_edge[w] = g->offset[w];
                  stack[depth++] = w;
                }
            }
          else
            {
              color[v] = 2;
              topo[--filled] = v;
              depth--;
            }
        }
    }
  g_assert (filled == 0);
}

void
cs_analysis_compute_critical_path (CsAnalysis *a)
{
  Graph g = { 0 };
  guint n = a->n_steps, n_roots = 0, length = 0;
  g_autofree guint32 *roots = g_new (guint32, MAX (n, 1));
  g_autofree guint32 *topo = g_new (guint32, MAX (n, 1));
  g_autofree double *weight = g_new0 (double, MAX (n, 1));
  g_autofree double *best = g_new0 (double, MAX (n, 1));
  g_autofree guint32 *pred = g_new (guint32, MAX (n, 1));
  guint32 end = CS_TIMING_NONE;
  CsStep *start = a->workflow != NULL ? cs_workflow_get_start_step (a->workflow) : NULL;

  a->critical_path.from_workflow = a->workflow != NULL;
  a->critical_path.steps = a->path_steps = cs_analysis_keep (a, g_new0 (CsPathStep, MAX (n, 1)));
  if (n == 0)
    return;

  build_graph (a, &g);
  /* The start step first, so the search meets loops from their entry. */
  if (start != NULL)
    roots[n_roots++] = cs_timing_data_find_step (a->data, cs_step_get_id (start));
  for (guint k = 0; k < n; k++)
    if (a->step_order[k] != roots[0] || n_roots == 0)
      roots[n_roots++] = a->step_order[k];
  topological_order (a, &g, roots, n_roots, topo);

  /* A step weighs its expected time in a case: how often it runs × its mean elapsed time. */
  for (guint v = 0; v < n; v++)
    {
      const CsStepMetrics *m = &a->steps[v];

      weight[v] = m->executions > 0 ? m->frequency * m->elapsed.mean : 0.0;
      best[v] = weight[v];
      pred[v] = CS_TIMING_NONE;
    }
  for (guint k = 0; k < n; k++)
    {
      guint32 v = topo[k];

      for (guint32 e = g.offset[v]; e < g.offset[v + 1]; e++)
        {
          guint32 w = g.target[e];

          /* On a tie, a path with a predecessor wins: it then starts at
           * the first step even when that one takes no time. */
          if (!g.back[e] && (best[v] + weight[w] > best[w] ||
                             (best[v] + weight[w] == best[w] && pred[w] == CS_TIMING_NONE)))
            {
              best[w] = best[v] + weight[w];
              pred[w] = v;
            }
        }
    }
  /* On a tie the later step wins, so the path runs on through steps that
   * take no time (a terminal) instead of stopping short of them. */
  for (guint k = 0; k < n; k++)
    if (best[topo[k]] > 0 && (end == CS_TIMING_NONE || best[topo[k]] >= best[end]))
      end = topo[k];
  graph_clear (&g);
  if (end == CS_TIMING_NONE)
    return;

  a->critical_path.expected_total_ms = best[end];
  for (guint32 v = end; v != CS_TIMING_NONE; v = pred[v])
    length++;
  a->critical_path.n_steps = length;
  for (guint32 v = end; v != CS_TIMING_NONE; v = pred[v])
    {
      length--;
      a->path_steps[length].step_id = a->steps[v].step_id;
      a->path_steps[length].expected_ms = weight[v];
    }
}

/* The bottleneck lists */

static double
indicator (const CsStepMetrics *m,
           CsBottleneckKind     kind)
{
  switch (kind)
    {
    case CS_BOTTLENECK_SLOW: return m->duration.mean;
    case CS_BOTTLENECK_APPROVAL: return m->approval_bottleneck_percentage;
    case CS_BOTTLENECK_EXTERNAL: return m->external_service_bottleneck_percentage;
    case CS_BOTTLENECK_QUEUE: return m->long_queue_time_percentage;
    default: g_return_val_if_reached (0.0);
    }
}

static gint
compare_slow (gconstpointer x,
              gconstpointer y)
{
  const CsStepMetrics *p = *(const CsStepMetrics **) x, *q = *(const CsStepMetrics **) y;

  if (p->duration.mean != q->duration.mean)
    return p->duration.mean > q->duration.mean ? -1 : 1;
  return (int) p->position - (int) q->position;
}

#define DEFINE_COMPARE(name, field)                                                         \
  static gint                                                                               \
  name (gconstpointer x,                                                                    \
        gconstpointer y)                                                                    \
  {                                                                                         \
    const CsStepMetrics *p = *(const CsStepMetrics **) x, *q = *(const CsStepMetrics **) y; \
    if (p->field != q->field)                                                               \
      return p->field > q->field ? -1 : 1;                                                  \
    if (p->executions != q->executions)                                                     \
      return p->executions > q->executions ? -1 : 1;                                        \
    return (int) p->position - (int) q->position;                                           \
  }

DEFINE_COMPARE (compare_approval, approval_bottleneck_percentage)
DEFINE_COMPARE (compare_external, external_service_bottleneck_percentage)
DEFINE_COMPARE (compare_queue, long_queue_time_percentage)

static void
explain (CsAnalysis             *a,
         CsBottleneckTransition *b)
{
  const CsTransitionMetrics *t = b->transition;
  double parts[] = { t->mean_approval_ms, t->mean_external_ms, t->mean_queue_ms, t->mean_gap_ms };
  guint worst = 0;

  for (guint k = 1; k < G_N_ELEMENTS (parts); k++)
    if (parts[k] > parts[worst])
      worst = k;
  switch (worst)
    {
    case 0:
      b->reason = _("Manual approval process");
      b->suggestion = _("Consider automated approval for low-risk cases");
      break;
    case 1:
      b->reason = _("Waiting for an external service");
      b->suggestion = _("Consider caching the service’s answers, a shorter timeout, or asking its provider for faster responses");
      break;
    case 2:
      b->reason = _("Waiting in the queue for a free worker");
      b->suggestion = _("Consider adding more execution workers");
      break;
    default:
      if (a->data->source == CS_TIMING_SOURCE_EVENT_LOG)
        {
          b->reason = _("Waiting between the two activities");
          b->suggestion = _("Consider how cases are handed over between these activities: who picks them up, and when");
        }
      else
        {
          b->reason = _("Waiting before the step could run");
          b->suggestion = _("Consider what the step waits for after its predecessor completes, such as a retry delay");
        }
      break;
    }
}

static gint
compare_waits (gconstpointer x,
               gconstpointer y)
{
  const CsBottleneckTransition *p = x, *q = y;

  if (p->transition->mean_wait_ms != q->transition->mean_wait_ms)
    return p->transition->mean_wait_ms > q->transition->mean_wait_ms ? -1 : 1;
  return p->transition < q->transition ? -1 : p->transition > q->transition;
}

void
cs_analysis_compute_bottlenecks (CsAnalysis *a)
{
  static const double limits[] = {
    [CS_BOTTLENECK_SLOW] = 0.0,   /* replaced by threshold_ms */
    [CS_BOTTLENECK_APPROVAL] = CS_APPROVAL_SUGGESTION_PERCENT,
    [CS_BOTTLENECK_EXTERNAL] = CS_EXTERNAL_SUGGESTION_PERCENT,
    [CS_BOTTLENECK_QUEUE] = CS_QUEUE_SUGGESTION_PERCENT,
  };
  static const GCompareFunc compare[] = { compare_slow, compare_approval, compare_external, compare_queue };
  GPtrArray *texts = g_ptr_array_new ();
  g_autoptr(GArray) transitions = g_array_new (FALSE, FALSE, sizeof (CsBottleneckTransition));
  guint min = a->options->min_executions;

  for (guint k = 0; k < a->n_steps; k++)
    {
      const CsStepMetrics *m = &a->steps[a->step_order[k]];

      if (m->executions == 0 || m->executions < min)
        continue;
      for (guint kind = 0; kind <= CS_BOTTLENECK_QUEUE; kind++)
        {
          double limit = kind == CS_BOTTLENECK_SLOW ? a->options->threshold_ms : limits[kind];

          if (indicator (m, kind) > limit)
            g_ptr_array_add (a->bottlenecks[kind], (gpointer) m);
        }
      for (guint s = 0; m->suggested_optimizations[s] != NULL; s++)
        {
          g_autofree char *text = g_strdup_printf (_("%s: %s"), m->name, m->suggested_optimizations[s]);
          g_ptr_array_add (texts, (gpointer) cs_analysis_intern_text (a, text));
        }
    }
  for (guint kind = 0; kind <= CS_BOTTLENECK_QUEUE; kind++)
    g_ptr_array_sort (a->bottlenecks[kind], compare[kind]);
  g_ptr_array_add (texts, NULL);
  a->recommendations = cs_analysis_keep (a, g_ptr_array_free (texts, FALSE));

  for (guint k = 0; k < a->n_transitions; k++)
    {
      CsBottleneckTransition b = { &a->transitions[k], NULL, NULL };

      if (b.transition->count < MAX (min, 1) || !(b.transition->mean_wait_ms > a->options->threshold_ms))
        continue;
      explain (a, &b);
      g_array_append_val (transitions, b);
    }
  g_array_sort (transitions, compare_waits);
  a->n_bottleneck_transitions = transitions->len;
  a->bottleneck_transitions =
    cs_analysis_keep (a, g_memdup2 (transitions->data, MAX (transitions->len, 1) * sizeof (CsBottleneckTransition)));
}

/* Branches */

typedef struct
{
  guint32   step;
  guint32   code;         /* label: an interned outcome, or NEXT_STEP | step */
  CsValues  remaining;
  guint64   count;
  guint64   succeeded;
  guint32   next[MAX_NEXT_STEPS];
  guint     n_next;
  guint32   sibling;      /* the step's next branch, or CS_TIMING_NONE */
} BranchAcc;

#define NEXT_STEP 0x80000000u

static gboolean
is_branch_point (CsAnalysis *a,
                 guint32     step,
                 guint      *successors)
{
  if (a->data->source == CS_TIMING_SOURCE_EVENT_LOG && a->workflow == NULL)
    return successors[step] >= 2;
  return a->steps[step].type == CS_STEP_CONDITIONAL || a->steps[step].type == CS_STEP_APPROVAL;
}

static gint
compare_branches (gconstpointer x,
                  gconstpointer y)
{
  const BranchAcc *p = x, *q = y;

  if (p->step != q->step)
    return (p->step > q->step) - (p->step < q->step);
  if (p->count != q->count)
    return p->count > q->count ? -1 : 1;
  return (p->code > q->code) - (p->code < q->code);
}

/* Branch points in step order. */
static gint
compare_points (gconstpointer x,
                gconstpointer y,
                gpointer      user_data)
{
  CsAnalysis *a = user_data;
  guint p = a->steps[cs_timing_data_find_step (a->data, ((const CsBranchPoint *) x)->step_id)].position;
  guint q = a->steps[cs_timing_data_find_step (a->data, ((const CsBranchPoint *) y)->step_id)].position;

  return (p > q) - (p < q);
}

static void
finish_branches (CsAnalysis *a,
                 GArray     *accs)
{
  g_autoptr(GArray) points = g_array_new (FALSE, TRUE, sizeof (CsBranchPoint));
  guint k = 0;

  g_array_sort (accs, compare_branches);
  while (k < accs->len)
    {
      guint32 step = g_array_index (accs, BranchAcc, k).step;
      CsBranchPoint point = { 0 };
      CsBranch *branches;
      guint first = k;

      while (k < accs->len && g_array_index (accs, BranchAcc, k).step == step)
        point.executions += g_array_index (accs, BranchAcc, k++).count;
      point.step_id = a->steps[step].step_id;
      point.name = a->steps[step].name;
      point.type = a->steps[step].type;
      point.n_branches = k - first;
      point.branches = branches = cs_analysis_keep (a, g_new0 (CsBranch, point.n_branches));
      for (guint b = 0; b < point.n_branches; b++)
        {
          BranchAcc *acc = &g_array_index (accs, BranchAcc, first + b);
          const char **next = cs_analysis_keep (a, g_new0 (const char *, acc->n_next + 1));

          branches[b].label = acc->code & NEXT_STEP ? a->steps[acc->code & ~NEXT_STEP].step_id
                              : cs_timing_data_lookup (a->data, acc->code);
          for (guint s = 0; s < acc->n_next; s++)
            next[s] = a->steps[acc->next[s]].step_id;
          branches[b].next_steps = next;
          branches[b].count = acc->count;
          branches[b].share = cs_percent (acc->count, point.executions);
          branches[b].succeeded = acc->succeeded;
          cs_distribution_compute (acc->remaining.v, acc->remaining.n, &branches[b].remaining);
          cs_values_clear (&acc->remaining);
        }
      g_array_append_val (points, point);
    }
  g_array_sort_with_data (points, compare_points, a);
  a->n_branch_points = points->len;
  a->branch_points = cs_analysis_keep (a, g_memdup2 (points->data, MAX (points->len, 1) * sizeof (CsBranchPoint)));
}

void
cs_analysis_compute_branches (CsAnalysis *a)
{
  CsTimingData *data = a->data;
  CsTimingPrepared *p = a->prep;
  g_autofree guint *successors = g_new0 (guint, MAX (a->n_steps, 1));
  g_autofree guint8 *point = g_new0 (guint8, MAX (a->n_steps, 1));
  g_autofree guint32 *next_of = NULL;
  g_autofree guint32 *first = g_new (guint32, MAX (a->n_steps, 1));
  g_autoptr(GArray) accs = g_array_new (FALSE, TRUE, sizeof (BranchAcc));
  gpointer found;
  guint32 success;
  gboolean any = FALSE;

  memset (first, 0xff, MAX (a->n_steps, 1) * sizeof (guint32));
  for (guint t = 0; t < a->n_transitions; t++)
    successors[a->transition_pairs[2 * t]]++;
  for (guint32 s = 0; s < a->n_steps; s++)
    any |= point[s] = is_branch_point (a, s, successors);
  if (!any)
    {
      finish_branches (a, accs);
      return;
    }

  /* Each branch row's first successor, then its branch. */
  next_of = g_new (guint32, MAX (p->n, 1));
  memset (next_of, 0xff, MAX (p->n, 1) * sizeof (guint32));
  for (guint32 r = 0; r < p->n; r++)
    if (p->prev[r] != CS_TIMING_NONE && point[data->r_step[p->prev[r]]] && next_of[p->prev[r]] == CS_TIMING_NONE)
      next_of[p->prev[r]] = r;

  found = g_hash_table_lookup (data->string_ids, "SUCCESS");
  success = found != NULL ? GPOINTER_TO_UINT (found) - 1 : CS_TIMING_NONE;
  for (guint32 r = 0; r < p->n; r++)
    {
      guint32 s = data->r_step[r], code, branch, i = data->r_instance[r];
      BranchAcc *acc;

      if (!point[s] || !a->row_exec[r] || data->r_status[r] != CS_EXEC_COMPLETED)
        {
          if (point[s])
            next_of[r] = CS_TIMING_NONE;
          continue;
        }
      if (data->r_outcome[r] != CS_TIMING_NONE && data->source == CS_TIMING_SOURCE_ENGINE)
        code = data->r_outcome[r];
      else if (next_of[r] != CS_TIMING_NONE)
        code = NEXT_STEP | data->r_step[next_of[r]];
      else
        continue;   /* the case went nowhere from here (yet) */
      /* A branch point has a handful of branches: a short list per step. */
      for (branch = first[s]; branch != CS_TIMING_NONE; branch = g_array_index (accs, BranchAcc, branch).sibling)
        if (g_array_index (accs, BranchAcc, branch).code == code)
          break;
      if (branch == CS_TIMING_NONE)
        {
          BranchAcc fresh = { 0 };

          fresh.step = s;
          fresh.code = code;
          fresh.sibling = first[s];
          branch = first[s] = accs->len;
          g_array_append_val (accs, fresh);
        }
      acc = &g_array_index (accs, BranchAcc, branch);
      acc->count++;
      if (p->case_end[i] > 0)
        {
          cs_values_add (&acc->remaining, MAX (0, p->case_end[i] - data->r_completed[r]) / 1000.0);
          acc->succeeded += data->inst_status[i] == CS_CASE_COMPLETED && data->inst_outcome[i] == success &&
                            success != CS_TIMING_NONE;
        }
      next_of[r] = branch;   /* from now on: the row's branch */
    }

  /* What followed each branch. */
  for (guint32 r = 0; r < p->n; r++)
    {
      guint32 from = p->prev[r], branch;
      BranchAcc *acc;
      gboolean known = FALSE;

      if (from == CS_TIMING_NONE || !point[data->r_step[from]] || next_of[from] == CS_TIMING_NONE)
        continue;
      branch = next_of[from];
      acc = &g_array_index (accs, BranchAcc, branch);
      for (guint k = 0; k < acc->n_next; k++)
        known |= acc->next[k] == data->r_step[r];
      if (!known && acc->n_next < MAX_NEXT_STEPS)
        acc->next[acc->n_next++] = data->r_step[r];
    }
  finish_branches (a, accs);
}
