/* cs-analysis-transitions.c: from one step to the next, and between any two
 *
 * Each execution knows, from preparation, the row its transition comes from
 * (engine: the completion of its from_step that made it runnable; event
 * log: the previous event of the case), so transitions are one pass over
 * the rows keyed by (from, to). Pairs index a dense matrix when the steps
 * are few (a workflow's dozens), a hash table when an event log has
 * hundreds of activities.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-analysis-private.h"
#include "cs-error.h"

#define DENSE_MAX_STEPS 1024
#define DEFAULT_BINS    20

typedef struct
{
  guint32   from;
  guint32   to;
  guint64   count;
  guint64   fill;
  double    wait;
  double    queue;
  double    approval;
  double    external;
  double    gap;
} PairAcc;

/* The time of the transition into row @r from row @p; with @acc, its
 * parts are added up too. */
static double
measure (CsAnalysis *a,
         guint32     r,
         guint32     p,
         PairAcc    *acc)
{
  CsTimingData *data = a->data;
  double time, gap, queue = 0.0, approval = 0.0, external = 0.0;

  if (data->source == CS_TIMING_SOURCE_EVENT_LOG)
    {
      /* start(B) − complete(A) where the log has starts, else the
       * completions: either way nothing is known to be work. */
      gint64 to = data->r_started[r] > 0 ? data->r_started[r] : data->r_completed[r];

      time = gap = MAX (0, to - data->r_completed[p]) / 1000.0;
    }
  else
    {
      time = MAX (0, data->r_completed[r] - data->r_completed[p]) / 1000.0;
      gap = data->r_enqueued[r] > 0 ? MAX (0, data->r_enqueued[r] - data->r_completed[p]) / 1000.0 : 0.0;
      queue = data->r_queue[r];
      if (data->r_flags[r] & ROW_FLAG_APPROVAL)
        approval = data->r_wait[r];
      else if (data->r_flags[r] & ROW_FLAG_EXTERNAL)
        external = data->r_wait[r];
    }
  if (acc != NULL)
    {
      acc->count++;
      acc->wait += MIN (time, gap + queue + approval + external);
      acc->gap += gap;
      acc->queue += queue;
      acc->approval += approval;
      acc->external += external;
    }
  return time;
}

typedef struct
{
  guint      n;
  guint32   *matrix;     /* n × n pair indices when the steps are few */
  GHashTable *sparse;    /* else (from << 32 | to) → index + 1 */
} PairIndex;

static guint32
pair_lookup (PairIndex *index,
             guint32    from,
             guint32    to)
{
  gint64 key;
  gpointer found;

  if (index->matrix != NULL)
    return index->matrix[from * index->n + to];
  key = ((gint64) from << 32) | to;
  found = g_hash_table_lookup (index->sparse, &key);
  return found != NULL ? GPOINTER_TO_UINT (found) - 1 : CS_TIMING_NONE;
}

static void
pair_insert (PairIndex *index,
             guint32    from,
             guint32    to,
             guint32    value)
{
  gint64 key = ((gint64) from << 32) | to;

  if (index->matrix != NULL)
    index->matrix[from * index->n + to] = value;
  else
    g_hash_table_insert (index->sparse, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (value + 1));
}

typedef struct
{
  CsAnalysis *a;
  GArray     *accs;
} OrderContext;

/* Most frequent first, then in step order. */
static gint
compare_order (gconstpointer x,
               gconstpointer y,
               gpointer      user_data)
{
  OrderContext *c = user_data;
  const PairAcc *p = &g_array_index (c->accs, PairAcc, *(const guint *) x);
  const PairAcc *q = &g_array_index (c->accs, PairAcc, *(const guint *) y);

  if (p->count != q->count)
    return p->count > q->count ? -1 : 1;
  if (p->from != q->from)
    return (int) c->a->steps[p->from].position - (int) c->a->steps[q->from].position;
  return (int) c->a->steps[p->to].position - (int) c->a->steps[q->to].position;
}

void
cs_analysis_compute_transitions (CsAnalysis *a)
{
  CsTimingData *data = a->data;
  PairIndex index = { a->n_steps, NULL, NULL };
  g_autoptr(GArray) accs = g_array_new (FALSE, TRUE, sizeof (PairAcc));
  guint64 total = 0;
  double *values, max_wait = 0.0;
  gint64 *keys;

  if (a->n_steps <= DENSE_MAX_STEPS)
    {
      index.matrix = g_new (guint32, MAX (a->n_steps * a->n_steps, 1));
      memset (index.matrix, 0xff, MAX (a->n_steps * a->n_steps, 1) * sizeof (guint32));
    }
  else
    index.sparse = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  /* Count and add up per pair… */
  for (guint32 r = 0; r < a->prep->n; r++)
    {
      guint32 p = a->prep->prev[r], from, to, k;

      if (p == CS_TIMING_NONE || !a->row_exec[r])
        continue;
      from = data->r_step[p];
      to = data->r_step[r];
      if ((k = pair_lookup (&index, from, to)) == CS_TIMING_NONE)
        {
          PairAcc fresh = { 0 };

          fresh.from = from;
          fresh.to = to;
          k = accs->len;
          g_array_append_val (accs, fresh);
          pair_insert (&index, from, to, k);
        }
      measure (a, r, p, &g_array_index (accs, PairAcc, k));
    }
  /* … then collect the times pair by pair in one buffer for the percentiles. */
  for (guint k = 0; k < accs->len; k++)
    {
      g_array_index (accs, PairAcc, k).fill = total;
      total += g_array_index (accs, PairAcc, k).count;
    }
  values = cs_analysis_scratch (a, total);
  for (guint32 r = 0; r < a->prep->n; r++)
    {
      guint32 p = a->prep->prev[r];

      if (p != CS_TIMING_NONE && a->row_exec[r])
        values[g_array_index (accs, PairAcc, pair_lookup (&index, data->r_step[p], data->r_step[r])).fill++] =
          measure (a, r, p, NULL);
    }
  g_free (index.matrix);
  g_clear_pointer (&index.sparse, g_hash_table_unref);

  a->n_transitions = accs->len;
  a->transitions = g_new0 (CsTransitionMetrics, MAX (accs->len, 1));
  a->transition_pairs = g_new (guint32, 2 * MAX (accs->len, 1));
  keys = cs_analysis_keep (a, g_new (gint64, MAX (accs->len, 1)));
  for (guint k = 0; k < accs->len; k++)
    {
      PairAcc *acc = &g_array_index (accs, PairAcc, k);
      double count = acc->count;

      /* fill now points past the pair's values */
      cs_distribution_compute (values + acc->fill - acc->count, acc->count, &a->transitions[k].time);
      a->transitions[k].count = acc->count;
      a->transitions[k].mean_wait_ms = acc->wait / count;
      a->transitions[k].mean_active_ms = a->transitions[k].time.mean - a->transitions[k].mean_wait_ms;
      a->transitions[k].mean_queue_ms = acc->queue / count;
      a->transitions[k].mean_approval_ms = acc->approval / count;
      a->transitions[k].mean_external_ms = acc->external / count;
      a->transitions[k].mean_gap_ms = acc->gap / count;
      a->transitions[k].from_step = a->steps[acc->from].step_id;
      a->transitions[k].to_step = a->steps[acc->to].step_id;
    }

  /* Most frequent first: sort the finished metrics with their pairs. */
  {
    g_autofree guint *order = g_new (guint, MAX (accs->len, 1));
    g_autofree CsTransitionMetrics *sorted = g_new (CsTransitionMetrics, MAX (accs->len, 1));
    OrderContext context = { a, accs };

    for (guint k = 0; k < accs->len; k++)
      order[k] = k;
    g_qsort_with_data (order, accs->len, sizeof (guint), compare_order, &context);
    for (guint k = 0; k < accs->len; k++)
      {
        PairAcc *acc = &g_array_index (accs, PairAcc, order[k]);

        sorted[k] = a->transitions[order[k]];
        a->transition_pairs[2 * k] = acc->from;
        a->transition_pairs[2 * k + 1] = acc->to;
      }
    memcpy (a->transitions, sorted, accs->len * sizeof (CsTransitionMetrics));
  }
  for (guint k = 0; k < a->n_transitions; k++)
    max_wait = MAX (max_wait, a->transitions[k].mean_wait_ms);
  for (guint k = 0; k < a->n_transitions; k++)
    {
      a->transitions[k].heat = max_wait > 0 ? a->transitions[k].mean_wait_ms / max_wait : 0.0;
      keys[k] = ((gint64) a->transition_pairs[2 * k] << 32) | a->transition_pairs[2 * k + 1];
      g_hash_table_insert (a->transition_index, &keys[k], GUINT_TO_POINTER (k + 1));
    }
}

/* Any two steps */

void
cs_pair_timing_free (CsPairTiming *timing)
{
  if (timing == NULL)
    return;
  g_free (timing->from_step);
  g_free (timing->to_step);
  g_clear_pointer (&timing->histogram, g_array_unref);
  g_free (timing);
}

CsPairTiming *
cs_analysis_time_between (CsAnalysis  *a,
                          const char  *from_step,
                          const char  *to_step,
                          guint        n_bins,
                          GError     **error)
{
  CsTimingData *data;
  CsTimingPrepared *p;
  CsPairTiming *timing;
  CsValues values = { 0 };
  guint32 from, to;
  double lo = G_MAXDOUBLE, hi = 0.0;

  g_return_val_if_fail (a != NULL, NULL);
  g_return_val_if_fail (from_step != NULL && to_step != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = a->data;
  p = a->prep;
  from = cs_timing_data_find_step (data, from_step);
  to = cs_timing_data_find_step (data, to_step);
  if (from == CS_TIMING_NONE || to == CS_TIMING_NONE || from >= a->n_steps || to >= a->n_steps)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND, _("There is no step “%s” in the data analysed"),
                   from == CS_TIMING_NONE || from >= a->n_steps ? from_step : to_step);
      return NULL;
    }

  timing = g_new0 (CsPairTiming, 1);
  timing->from_step = g_strdup (from_step);
  timing->to_step = g_strdup (to_step);
  for (guint i = 0; i < a->n_instances; i++)
    {
      guint32 first = CS_TIMING_NONE, later = CS_TIMING_NONE;
      gboolean before = FALSE;

      if (a->options->basis == CS_RANGE_INSTANCE_START ? !a->inst_in[i] : !a->inst_ok[i])
        continue;
      timing->cases++;
      /* Rows are in completion order: the first A, then the first B after it. */
      for (guint32 k = p->offset[i]; k < p->offset[i + 1] && later == CS_TIMING_NONE; k++)
        {
          guint32 r = p->order[k];

          if (!cs_timing_row_is_execution (data, r))
            continue;
          if (first == CS_TIMING_NONE)
            {
              if (data->r_step[r] == from)
                first = r;
              else if (data->r_step[r] == to)
                before = TRUE;
            }
          else if (data->r_step[r] == to)
            later = r;
        }
      if (first == CS_TIMING_NONE)
        continue;
      timing->with_from++;
      if (later == CS_TIMING_NONE)
        {
          timing->only_before += before;
          continue;
        }
      if (a->options->basis == CS_RANGE_COMPLETION && !cs_analysis_row_in (a, later))
        continue;
      timing->reached++;
      cs_values_add (&values, MAX (0, data->r_completed[later] - data->r_completed[first]) / 1000.0);
    }

  /* Spread over more than two orders of magnitude: logarithmic bins. */
  for (gsize k = 0; k < values.n; k++)
    {
      if (values.v[k] > 0)
        lo = MIN (lo, values.v[k]);
      hi = MAX (hi, values.v[k]);
    }
  timing->histogram = cs_histogram_compute (values.v, values.n, n_bins > 0 ? n_bins : DEFAULT_BINS,
                                            lo != G_MAXDOUBLE && hi > 100.0 * lo);
  cs_distribution_compute (values.v, values.n, &timing->time);
  cs_values_clear (&values);
  return timing;
}
