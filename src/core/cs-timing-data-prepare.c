/* cs-timing-data-prepare.c: what every analysis needs first, computed once
 *
 * Rows are grouped by instance with a counting sort (linear), then ordered
 * within each instance by time (sort_by_time()); cases are short, and mostly
 * appended in order already, so the insertion sort used for them is close
 * to linear too. One walk per instance then finds each execution's
 * transition predecessor, the case's bounds and its active time. Cases
 * being independent, a large dataset is split in two halves by rows and
 * walked on two threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-timing-data-private.h"

#define INSERTION_SORT_MAX 32

typedef int (*RowCompare) (CsTimingData *data, guint32 a, guint32 b);

typedef struct
{
  gint64  key;
  guint32 row;
} Keyed;

static int
compare_keyed (const void *x,
               const void *y)
{
  const Keyed *p = x, *q = y;

  if (p->key != q->key)
    return p->key < q->key ? -1 : 1;
  return (p->row > q->row) - (p->row < q->row);
}

/* Engine data in completion order, so a step's predecessors come before it
 * and the latest completion of its from_step is at hand; an event log in
 * the order activities began (their start, else their completion), as the
 * directly-follows relation reads it (and as cs-discovery orders them).
 * Unfinished rows last; equal times keep the order rows were appended in
 * (the engine's order of runnability, the order of the log's lines). Keys
 * are read once into @buffer. */
static void
sort_by_time (CsTimingData *data,
              guint32      *rows,
              guint         n,
              GArray       *buffer)
{
  Keyed *keyed;
  gboolean sorted = TRUE;
  gboolean by_start = data->source == CS_TIMING_SOURCE_EVENT_LOG;

  g_array_set_size (buffer, n);
  keyed = (Keyed *) buffer->data;
  for (guint i = 0; i < n; i++)
    {
      gint64 done = data->r_completed[rows[i]], start = data->r_started[rows[i]];

      keyed[i].key = done <= 0 ? G_MAXINT64 : by_start && start > 0 ? start : done;
      keyed[i].row = rows[i];
      if (i > 0 && compare_keyed (&keyed[i - 1], &keyed[i]) > 0)
        sorted = FALSE;
    }
  if (sorted)
    return;
  if (n > INSERTION_SORT_MAX)
    qsort (keyed, n, sizeof (Keyed), compare_keyed);
  else
    for (guint i = 1; i < n; i++)
      {
        Keyed x = keyed[i];
        guint j = i;

        while (j > 0 && compare_keyed (&keyed[j - 1], &x) > 0)
          {
            keyed[j] = keyed[j - 1];
            j--;
          }
        keyed[j] = x;
      }
  for (guint i = 0; i < n; i++)
    rows[i] = keyed[i].row;
}

/* Event order for pairing lifecycle events: by timestamp, a start before a
 * completion at the same instant. */
static gint64
event_time (CsTimingData *data,
            guint32       row)
{
  return data->r_kind[row] == ROW_EVENT_START ? data->r_started[row] : data->r_completed[row];
}

static int
compare_event (CsTimingData *data,
               guint32       a,
               guint32       b)
{
  gint64 ta = event_time (data, a), tb = event_time (data, b);
  int sa = data->r_kind[a] == ROW_EVENT_START, sb = data->r_kind[b] == ROW_EVENT_START;

  if (ta != tb)
    return ta < tb ? -1 : 1;
  if (sa != sb)
    return sb - sa;
  return (a > b) - (a < b);
}

typedef struct
{
  CsTimingData *data;
  RowCompare    compare;
} SortContext;

static gint
compare_with_context (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  SortContext *context = user_data;

  return context->compare (context->data, *(const guint32 *) a, *(const guint32 *) b);
}

static void
sort_rows (CsTimingData *data,
           guint32      *rows,
           guint         n,
           RowCompare    compare)
{
  if (n > INSERTION_SORT_MAX)
    {
      SortContext context = { data, compare };

      g_qsort_with_data (rows, n, sizeof (guint32), compare_with_context, &context);
      return;
    }
  for (guint i = 1; i < n; i++)
    {
      guint32 x = rows[i];
      guint j = i;

      while (j > 0 && compare (data, rows[j - 1], x) > 0)
        {
          rows[j] = rows[j - 1];
          j--;
        }
      rows[j] = x;
    }
}

/* Pairs each completion with the earliest start of the same activity still
 * open in the case; the start is then absorbed into the completion. */
static void
pair_lifecycle (CsTimingData *data,
                guint32      *rows,
                guint         n,
                GArray       *open)
{
  sort_rows (data, rows, n, compare_event);
  g_array_set_size (open, 0);
  for (guint k = 0; k < n; k++)
    {
      guint32 r = rows[k];

      if (data->r_kind[r] == ROW_EVENT_START)
        g_array_append_val (open, r);
      else if (data->r_kind[r] == ROW_EVENT_COMPLETE)
        {
          data->r_started[r] = 0;
          for (guint o = 0; o < open->len; o++)
            {
              guint32 s = g_array_index (open, guint32, o);

              if (data->r_step[s] == data->r_step[r])
                {
                  data->r_started[r] = data->r_started[s];
                  data->r_kind[s] = ROW_EVENT_PAIRED;
                  g_array_remove_index (open, o);
                  break;
                }
            }
        }
    }
}

/* The first and the last moment of a row, for the case's bounds. */
static inline void
widen (CsTimingData *data,
       guint32       r,
       gint64       *first,
       gint64       *last)
{
  gint64 t = data->r_enqueued[r] > 0 ? data->r_enqueued[r] : data->r_started[r];

  if (data->source == CS_TIMING_SOURCE_EVENT_LOG || t == 0)
    t = data->r_started[r] > 0 ? data->r_started[r] : data->r_completed[r];
  if (t > 0 && t < *first)
    *first = t;
  if (data->r_completed[r] > *last)
    *last = data->r_completed[r];
}

static void
link_engine_rows (CsTimingData     *data,
                  CsTimingPrepared *p,
                  guint32           instance,
                  guint32          *last_row,
                  guint32          *last_gen,
                  gint64           *first,
                  gint64           *last)
{
  guint32 gen = instance + 1;

  for (guint32 k = p->offset[instance]; k < p->offset[instance + 1]; k++)
    {
      guint32 r = p->order[k], from = data->r_from[r];

      widen (data, r, first, last);
      if (!cs_timing_row_is_execution (data, r))
        continue;
      /* The latest completion of the step that made this one runnable. */
      if (from != CS_TIMING_NONE && last_gen[from] == gen)
        p->prev[r] = last_row[from];
      if (data->r_status[r] == CS_EXEC_COMPLETED)
        {
          last_row[data->r_step[r]] = r;
          last_gen[data->r_step[r]] = gen;
        }
    }
}

/* In an event log the previous event of the case stands for from_step, and
 * queue and execution times follow from the timestamps. */
static void
link_event_rows (CsTimingData     *data,
                 CsTimingPrepared *p,
                 guint32           instance,
                 gint64           *first,
                 gint64           *last)
{
  guint32 previous = CS_TIMING_NONE;

  for (guint32 k = p->offset[instance]; k < p->offset[instance + 1]; k++)
    {
      guint32 r = p->order[k];
      gint64 start = data->r_started[r], done = data->r_completed[r];

      widen (data, r, first, last);
      if (!cs_timing_row_is_execution (data, r))
        continue;
      p->prev[r] = previous;
      data->r_from[r] = previous != CS_TIMING_NONE ? data->r_step[previous] : CS_TIMING_NONE;
      data->r_execution[r] = start > 0 ? MAX (0, done - start) / 1000.0 : 0.0;
      data->r_validation[r] = 0.0;
      data->r_wait[r] = 0.0;
      if (previous != CS_TIMING_NONE)
        {
          gint64 before = data->r_completed[previous];

          data->r_queue[r] = start > 0 ? MAX (0, start - before) / 1000.0 : 0.0;
          data->r_enqueued[r] = before;
        }
      else
        {
          data->r_queue[r] = 0.0;
          data->r_enqueued[r] = start > 0 ? start : done;
        }
      previous = r;
    }
}

/* The time during which some step of the case was being worked on: the
 * union of the executions' working intervals. An engine execution works for
 * its last (execution − waiting) ms before completion (an approval's
 * handling follows its wait); an event-log activity from its start (if
 * known) to its completion. Rows are ordered by the intervals' ends
 * (engine) or starts (event log), so one walk, backwards or forwards,
 * merges them. */
static double
active_time (CsTimingData     *data,
             CsTimingPrepared *p,
             guint32           instance)
{
  gint64 lo = p->case_start[instance], hi = p->case_end[instance];
  gint64 cur_s = 0, cur_e = 0, total = 0;
  gboolean open = FALSE, forward = data->source == CS_TIMING_SOURCE_EVENT_LOG;
  guint32 first = p->offset[instance], n = p->offset[instance + 1] - first;

  for (guint32 k = 0; k < n; k++)
    {
      guint32 r = p->order[forward ? first + k : first + n - 1 - k];
      gint64 a, b;

      if (!cs_timing_row_is_execution (data, r))
        continue;
      b = data->r_completed[r];
      if (forward)
        a = data->r_started[r] > 0 ? data->r_started[r] : b;
      else
        {
          double work = data->r_execution[r];

          if (data->r_flags[r] != 0)
            work -= data->r_wait[r];
          a = b - (gint64) llround (CLAMP (work, 0.0, data->r_execution[r]) * 1000.0);
        }
      a = MAX (a, lo);
      b = MIN (b, hi);
      if (b <= a)
        continue;
      if (open && (forward ? a <= cur_e : b >= cur_s))
        {
          cur_s = MIN (cur_s, a);
          cur_e = MAX (cur_e, b);
        }
      else
        {
          total += open ? cur_e - cur_s : 0;
          cur_s = a;
          cur_e = b;
          open = TRUE;
        }
    }
  total += open ? cur_e - cur_s : 0;
  return total / 1000.0;
}

static void
case_bounds (CsTimingData     *data,
             CsTimingPrepared *p,
             guint32           instance,
             gint64            first,
             gint64            last)
{
  p->case_start[instance] = data->inst_started[instance] > 0 ? data->inst_started[instance]
                            : first != G_MAXINT64 ? first : 0;
  if (data->inst_status[instance] == CS_CASE_RUNNING)
    p->case_end[instance] = 0;
  else
    p->case_end[instance] = data->inst_completed[instance] > 0 ? data->inst_completed[instance] : last;
}

/* Cases are independent: a share of them is ordered, linked and measured
 * by each thread, with scratch space of its own. */
typedef struct
{
  CsTimingData     *data;
  CsTimingPrepared *p;
  guint32           begin;      /* instances [begin, end) */
  guint32           end;
} Share;

static gpointer
prepare_share (gpointer user_data)
{
  Share *share = user_data;
  CsTimingData *data = share->data;
  CsTimingPrepared *p = share->p;
  guint n_steps = data->steps->len;
  g_autofree guint32 *last_row = g_new (guint32, MAX (n_steps, 1));
  g_autofree guint32 *last_gen = g_new0 (guint32, MAX (n_steps, 1));
  g_autoptr(GArray) buffer = g_array_new (FALSE, FALSE, sizeof (Keyed));

  for (guint32 i = share->begin; i < share->end; i++)
    {
      gint64 first = G_MAXINT64, last = 0;

      sort_by_time (data, p->order + p->offset[i], p->offset[i + 1] - p->offset[i], buffer);
      if (data->source == CS_TIMING_SOURCE_EVENT_LOG)
        link_event_rows (data, p, i, &first, &last);
      else
        link_engine_rows (data, p, i, last_row, last_gen, &first, &last);
      case_bounds (data, p, i, first, last);
      p->active[i] = p->case_end[i] > 0 ? active_time (data, p, i) : 0.0;
    }
  return NULL;
}

/* Below this many rows a second thread costs more than it saves. */
#define PARALLEL_ROWS 100000

static CsTimingPrepared *
prepare (CsTimingData *data)
{
  CsTimingPrepared *p = g_new0 (CsTimingPrepared, 1);
  guint n = data->n_rows, n_inst = data->n_instances;
  g_autofree guint32 *fill = g_new0 (guint32, n_inst + 1);
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (guint32));
  Share shares[2] = { { data, p, 0, n_inst }, { data, p, n_inst, n_inst } };
  GThread *helper = NULL;
  guint32 kept = 0;

  g_atomic_ref_count_init (&p->ref_count);
  p->n = n;
  p->n_instances = n_inst;
  p->offset = g_new0 (guint32, n_inst + 1);
  p->order = g_new (guint32, MAX (n, 1));
  p->prev = g_new (guint32, MAX (n, 1));
  p->case_start = g_new (gint64, MAX (n_inst, 1));
  p->case_end = g_new (gint64, MAX (n_inst, 1));
  p->active = g_new (double, MAX (n_inst, 1));

  /* Group by instance. */
  for (guint r = 0; r < n; r++)
    p->offset[data->r_instance[r] + 1]++;
  for (guint i = 0; i < n_inst; i++)
    p->offset[i + 1] += p->offset[i];
  memcpy (fill, p->offset, (n_inst + 1) * sizeof (guint32));
  for (guint r = 0; r < n; r++)
    {
      if (data->r_kind[r] == ROW_EVENT_PAIRED)
        data->r_kind[r] = ROW_EVENT_START;   /* pair afresh: events may have been added */
      p->order[fill[data->r_instance[r]]++] = r;
    }

  /* Event logs: pair starts with completions; absorbed starts leave the
   * order and the groups close up. */
  if (data->source == CS_TIMING_SOURCE_EVENT_LOG)
    {
      for (guint i = 0; i < n_inst; i++)
        {
          guint32 begin = p->offset[i], end = p->offset[i + 1];

          pair_lifecycle (data, p->order + begin, end - begin, open);
          p->offset[i] = kept;
          for (guint32 k = begin; k < end; k++)
            if (data->r_kind[p->order[k]] != ROW_EVENT_PAIRED)
              p->order[kept++] = p->order[k];
        }
      p->offset[n_inst] = kept;
    }
  /* In row order, not case by case: the pages are touched in sequence. */
  memset (p->prev, 0xff, MAX (n, 1) * sizeof (guint32));

  /* Two halves by rows on two threads when it pays. */
  if (p->offset[n_inst] >= PARALLEL_ROWS && g_get_num_processors () > 1)
    {
      guint32 middle = 0;

      while (middle < n_inst && p->offset[middle] < p->offset[n_inst] / 2)
        middle++;
      shares[0].end = shares[1].begin = middle;
      helper = g_thread_new ("cs-prepare", prepare_share, &shares[1]);
    }
  prepare_share (&shares[0]);
  if (helper != NULL)
    g_thread_join (helper);
  return p;
}

CsTimingPrepared *
cs_timing_data_prepare (CsTimingData *data)
{
  CsTimingPrepared *p;

  g_return_val_if_fail (data != NULL, NULL);

  g_mutex_lock (&data->lock);
  if (data->prepared == NULL || data->prepared->n != data->n_rows ||
      data->prepared->n_instances != data->n_instances)
    {
      g_clear_pointer (&data->prepared, cs_timing_prepared_unref);
      data->prepared = prepare (data);
    }
  p = cs_timing_prepared_ref (data->prepared);
  g_mutex_unlock (&data->lock);
  return p;
}

CsTimingPrepared *
cs_timing_prepared_ref (CsTimingPrepared *prepared)
{
  g_return_val_if_fail (prepared != NULL, NULL);

  g_atomic_ref_count_inc (&prepared->ref_count);
  return prepared;
}

void
cs_timing_prepared_unref (CsTimingPrepared *prepared)
{
  g_return_if_fail (prepared != NULL);

  if (!g_atomic_ref_count_dec (&prepared->ref_count))
    return;
  g_free (prepared->offset);
  g_free (prepared->order);
  g_free (prepared->prev);
  g_free (prepared->case_start);
  g_free (prepared->case_end);
  g_free (prepared->active);
  g_free (prepared);
}
