/* cs-analysis-steps.c: per step and per workflow; indicators and suggestions
 *
 * A first pass over the rows counts and sums per step and marks the
 * executions analysed. Then each kind of value (execution, elapsed, citizen
 * wait, queue) in turn is copied into one buffer, grouped by step at offsets
 * known from the counts, and its percentiles found by selection: one buffer
 * of a million doubles, not four arrays per step that grow. The long-queue
 * threshold depends on the median queue time of the whole workflow, so long
 * queues are counted once it is known.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-analysis-private.h"

typedef struct
{
  double    queue_sum;
  double    validation_sum;
  double    wait_sum;
  double    active_sum;
  double    call_sum;
  guint64   calls;
  guint64   retried;
  guint8   *approvers;    /* approvals: a flag per interned string */
} StepAcc;

/* The per-execution values whose percentiles are wanted. */
typedef enum
{
  VALUE_DURATION,
  VALUE_ELAPSED,
  VALUE_CITIZEN_WAIT,
  VALUE_QUEUE,
} ValueKind;

static guint32
find_string (CsTimingData *data,
             const char   *text)
{
  gpointer found = g_hash_table_lookup (data->string_ids, text);

  return found != NULL ? GPOINTER_TO_UINT (found) - 1 : CS_TIMING_NONE;
}

char *
cs_analysis_format_duration (double ms)
{
  double value;
  const char *unit;
  g_autofree char *number = NULL;

  if (isnan (ms))
    return g_strdup ("—");
  if (fabs (ms) < 1000)
    return g_strdup_printf (C_("duration", "%.0f ms"), ms);
  if (fabs (ms) < 60000)
    value = ms / 1000, unit = C_("unit of time", "s");
  else if (fabs (ms) < 3600000)
    value = ms / 60000, unit = C_("unit of time", "min");
  else if (fabs (ms) < 48 * 3600000.0)
    value = ms / 3600000, unit = C_("unit of time", "h");
  else
    value = ms / 86400000, unit = C_("unit of time", "d");
  /* Two significant digits below ten: "2.5 h", "22 h". */
  number = fabs (value) < 9.95 && fabs (value - round (value)) >= 0.05
           ? g_strdup_printf ("%.1f", value) : g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%s %s", number, unit);
}

static int
compare_pairs (const void *a,
               const void *b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return (x > y) - (x < y);
}

static int
compare_error_counts (const void *a,
                      const void *b)
{
  const CsErrorCount *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return g_strcmp0 (x->error, y->error);
}

/* Errors of failed executions, grouped by exact message. */
static void
count_errors (CsAnalysis *a,
              GArray     *pairs)
{
  guint i = 0;

  qsort (pairs->data, pairs->len, sizeof (guint64), compare_pairs);
  while (i < pairs->len)
    {
      guint32 step = g_array_index (pairs, guint64, i) >> 32;
      CsStepMetrics *m = &a->steps[step];
      g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (CsErrorCount));

      while (i < pairs->len && (g_array_index (pairs, guint64, i) >> 32) == step)
        {
          guint64 pair = g_array_index (pairs, guint64, i);
          CsErrorCount count = { cs_timing_data_lookup (a->data, (guint32) pair), 0 };

          while (i < pairs->len && g_array_index (pairs, guint64, i) == pair)
            count.count++, i++;
          g_array_append_val (counts, count);
        }
      qsort (counts->data, counts->len, sizeof (CsErrorCount), compare_error_counts);
      m->n_common_errors = MIN (counts->len, CS_COMMON_ERRORS);
      m->common_errors = cs_analysis_keep (a, g_memdup2 (counts->data, m->n_common_errors * sizeof (CsErrorCount)));
    }
}

/* The pass that counts and sums, and marks the executions analysed so the
 * passes that collect values need not test the selection again. */
static void
accumulate (CsAnalysis *a,
            StepAcc    *accs,
            guint8     *workers,
            GArray     *error_pairs)
{
  CsTimingData *data = a->data;
  guint32 approved = find_string (data, "approved"), rejected = find_string (data, "rejected");
  double slow = a->options->external_slow_ms;

  for (guint32 r = 0; r < a->prep->n; r++)
    {
      CsStepMetrics *m;
      StepAcc *acc;
      double execution, wait, elapsed;
      guint32 s;

      a->row_exec[r] = FALSE;
      if (data->r_kind[r] == ROW_EVENT_PAIRED || !cs_analysis_row_in (a, r))
        continue;
      s = data->r_step[r];
      m = &a->steps[s];
      acc = &accs[s];
      switch ((CsExecStatus) data->r_status[r])
        {
        case CS_EXEC_COMPLETED: m->successes++; break;
        case CS_EXEC_FAILED: m->failures++; break;
        case CS_EXEC_PENDING:
        case CS_EXEC_RUNNING:
        case CS_EXEC_WAITING: m->in_progress++; continue;
        case CS_EXEC_SKIPPED: m->skipped++; continue;
        case CS_EXEC_CANCELLED: m->cancelled++; continue;
        default: continue;
        }
      a->row_exec[r] = TRUE;
      if (!a->typed[s])
        {
          m->type = data->r_type[r];   /* no definition: as recorded */
          a->typed[s] = TRUE;
        }

      execution = data->r_execution[r];
      wait = data->r_flags[r] != 0 ? data->r_wait[r] : 0.0;
      elapsed = cs_timing_row_elapsed (data, r);
      acc->queue_sum += data->r_queue[r];
      acc->validation_sum += data->r_validation[r];
      acc->wait_sum += wait;
      acc->active_sum += CLAMP (execution - wait, 0.0, MAX (execution, 0.0));
      m->retries += data->r_retries[r];
      acc->retried += data->r_retries[r] > 0;

      if ((data->r_flags[r] & ROW_FLAG_APPROVAL) && data->r_wait[r] > 0)
        m->approval_waits++;
      if ((data->r_flags[r] & ROW_FLAG_EXTERNAL) && (data->r_retries[r] > 0 || data->r_wait[r] > slow))
        m->external_waits++;
      if (data->r_flags[r] & ROW_FLAG_EXTERNAL)
        {
          m->attempts += data->r_retries[r] + 1;
          if (data->r_retries[r] == 0)
            acc->call_sum += data->r_wait[r], acc->calls++;
        }
      if (!isnan (m->target_ms) && elapsed > m->target_ms)
        m->over_target++;
      if (data->r_outcome[r] != CS_TIMING_NONE)
        {
          m->approved += data->r_outcome[r] == approved;
          m->rejected += data->r_outcome[r] == rejected;
        }
      if (data->r_status[r] == CS_EXEC_FAILED && data->r_error[r] != CS_TIMING_NONE)
        {
          guint64 pair = ((guint64) s << 32) | data->r_error[r];
          g_array_append_val (error_pairs, pair);
        }
      if (data->r_by[r] != CS_TIMING_NONE)
        {
          if (data->r_type[r] == CS_STEP_APPROVAL)
            {
              if (acc->approvers == NULL)
                acc->approvers = g_new0 (guint8, data->strings->len);
              m->distinct_executors += !acc->approvers[data->r_by[r]];
              acc->approvers[data->r_by[r]] = 1;
            }
          else
            {
              a->workflow_metrics.workers += !workers[data->r_by[r]];
              workers[data->r_by[r]] = 1;
            }
        }
    }
}

/* Copies one value of every execution analysed into @values, grouped by
 * step from @offset (the executions of step s go to offset[s]…). */
static void
collect (CsAnalysis      *a,
         ValueKind        kind,
         const guint64   *offset,
         guint64         *fill,
         double          *values)
{
  CsTimingData *data = a->data;

  memcpy (fill, offset, a->n_steps * sizeof (guint64));
  for (guint32 r = 0; r < a->prep->n; r++)
    {
      double v;

      if (!a->row_exec[r])
        continue;
      switch (kind)
        {
        case VALUE_DURATION: v = data->r_execution[r]; break;
        case VALUE_ELAPSED: v = cs_timing_row_elapsed (data, r); break;
        case VALUE_CITIZEN_WAIT: v = data->r_queue[r] + (data->r_flags[r] != 0 ? data->r_wait[r] : 0.0); break;
        case VALUE_QUEUE: v = data->r_queue[r]; break;
        default: g_assert_not_reached ();
        }
      values[fill[data->r_step[r]]++] = v;
    }
}

/* A long queue: longer than max (1 s, 5 × the median queue time of every
 * execution analysed), unless the options fix it. Reorders @queues. */
static double
long_queue_threshold (CsAnalysis *a,
                      double     *queues,
                      guint64     n)
{
  double median;

  if (a->options->long_queue_ms > 0)
    return a->options->long_queue_ms;
  median = n > 0 ? cs_quantile_select (queues, n, 0.5) : 0.0;
  return MAX (CS_MIN_LONG_QUEUE_MS, CS_LONG_QUEUE_MEDIAN_FACTOR * median);
}

static void
suggest (CsAnalysis    *a,
         CsStepMetrics *m,
         StepAcc       *acc)
{
  GPtrArray *out = g_ptr_array_new ();
  double failure_rate = cs_percent (m->failures, m->executions);
  double retried = cs_percent (acc->retried, m->executions);

  /* Seed 001's sentences, as it words them. */
  if (m->type != CS_STEP_APPROVAL && m->duration.mean > a->options->threshold_ms)
    g_ptr_array_add (out, (gpointer) _("Consider optimizing step logic - execution time is high"));
  if (m->approval_bottleneck_percentage > CS_APPROVAL_SUGGESTION_PERCENT)
    g_ptr_array_add (out, (gpointer) _("Consider streamlining approval process - many steps waiting for approval"));
  if (m->long_queue_time_percentage > CS_QUEUE_SUGGESTION_PERCENT)
    g_ptr_array_add (out, (gpointer) _("Consider adding more execution workers - queue time is high"));
  /* And more specific ones. */
  if (m->external_service_bottleneck_percentage > CS_EXTERNAL_SUGGESTION_PERCENT)
    g_ptr_array_add (out, (gpointer) _("Consider caching responses or a faster external service - many executions wait for it"));
  if (m->type == CS_STEP_INTEGRATION && retried > CS_RETRY_SUGGESTION_PERCENT)
    {
      g_autofree char *text =
        g_strdup_printf (_("Consider a longer timeout or a circuit breaker - %.0f %% of the executions needed retries"),
                         retried);
      g_ptr_array_add (out, (gpointer) cs_analysis_intern_text (a, text));
    }
  if (failure_rate > CS_FAILURE_SUGGESTION_PERCENT && m->n_common_errors > 0)
    {
      g_autofree char *text =
        g_strdup_printf (_("Consider handling the most common error - %.0f %% of the executions fail, most often with “%s”"),
                         failure_rate, m->common_errors[0].error);
      g_ptr_array_add (out, (gpointer) cs_analysis_intern_text (a, text));
    }
  if (!isnan (m->target_ms) && m->over_target_percentage > CS_QUEUE_SUGGESTION_PERCENT)
    {
      g_autofree char *target = cs_analysis_format_duration (m->target_ms);
      g_autofree char *text =
        g_strdup_printf (_("Consider what delays this step - %.0f %% of the executions take longer than the target of %s"),
                         m->over_target_percentage, target);
      g_ptr_array_add (out, (gpointer) cs_analysis_intern_text (a, text));
    }
  g_ptr_array_add (out, NULL);
  m->suggested_optimizations = cs_analysis_keep (a, g_ptr_array_free (out, FALSE));
}

void
cs_analysis_compute_steps (CsAnalysis *a)
{
  StepAcc *accs = g_new0 (StepAcc, MAX (a->n_steps, 1));
  g_autofree guint8 *workers = g_new0 (guint8, a->data->strings->len + 1);
  g_autofree guint64 *offset = g_new0 (guint64, a->n_steps + 1);
  g_autofree guint64 *fill = g_new (guint64, MAX (a->n_steps, 1));
  g_autoptr(GArray) error_pairs = g_array_new (FALSE, FALSE, sizeof (guint64));
  double long_queue, total_elapsed = 0.0, max_mean = 0.0;
  double *values;

  accumulate (a, accs, workers, error_pairs);
  count_errors (a, error_pairs);
  for (guint s = 0; s < a->n_steps; s++)
    {
      a->steps[s].executions = a->steps[s].successes + a->steps[s].failures;
      offset[s + 1] = offset[s] + a->steps[s].executions;
    }
  values = cs_analysis_scratch (a, offset[a->n_steps]);

  /* One value at a time through one buffer: fewer pages to touch than an
   * array per value and per step. */
  collect (a, VALUE_DURATION, offset, fill, values);
  for (guint s = 0; s < a->n_steps; s++)
    cs_distribution_compute (values + offset[s], a->steps[s].executions, &a->steps[s].duration);
  collect (a, VALUE_ELAPSED, offset, fill, values);
  for (guint s = 0; s < a->n_steps; s++)
    cs_distribution_compute (values + offset[s], a->steps[s].executions, &a->steps[s].elapsed);
  collect (a, VALUE_CITIZEN_WAIT, offset, fill, values);
  for (guint s = 0; s < a->n_steps; s++)
    cs_distribution_compute (values + offset[s], a->steps[s].executions, &a->steps[s].citizen_wait);
  collect (a, VALUE_QUEUE, offset, fill, values);
  long_queue = long_queue_threshold (a, values, offset[a->n_steps]);
  a->workflow_metrics.long_queue_ms = long_queue;
  if (a->options->long_queue_ms <= 0)
    collect (a, VALUE_QUEUE, offset, fill, values);   /* the median reordered them */

  for (guint s = 0; s < a->n_steps; s++)
    {
      CsStepMetrics *m = &a->steps[s];
      StepAcc *acc = &accs[s];
      guint64 n = m->executions;

      for (guint64 k = offset[s]; k < offset[s + 1]; k++)
        m->long_queues += values[k] > long_queue;
      m->median_queue_ms = n > 0 ? cs_quantile_select (values + offset[s], n, 0.5) : NAN;
      m->mean_queue_ms = n > 0 ? acc->queue_sum / n : NAN;
      m->mean_validation_ms = n > 0 ? acc->validation_sum / n : NAN;
      m->mean_wait_ms = n > 0 ? acc->wait_sum / n : NAN;
      m->mean_active_ms = n > 0 ? acc->active_sum / n : NAN;
      m->mean_call_ms = acc->calls > 0 ? acc->call_sum / acc->calls : NAN;
      m->success_rate = cs_percent (m->successes, n);
      m->frequency = a->n_cases > 0 ? (double) n / a->n_cases : NAN;
      m->approval_bottleneck_percentage = n > 0 ? cs_percent (m->approval_waits, n) : 0.0;
      m->external_service_bottleneck_percentage = n > 0 ? cs_percent (m->external_waits, n) : 0.0;
      m->long_queue_time_percentage = n > 0 ? cs_percent (m->long_queues, n) : 0.0;
      m->over_target_percentage = !isnan (m->target_ms) && n > 0 ? cs_percent (m->over_target, n) : NAN;
      total_elapsed += m->elapsed.sum;
      if (n > 0 && m->elapsed.mean > max_mean)
        max_mean = m->elapsed.mean;
      suggest (a, m, acc);
      g_free (acc->approvers);
    }
  for (guint s = 0; s < a->n_steps; s++)
    {
      CsStepMetrics *m = &a->steps[s];

      m->share_of_total_time = m->executions > 0 ? cs_percent (m->elapsed.sum, total_elapsed) : NAN;
      m->heat = m->executions > 0 && max_mean > 0 ? m->elapsed.mean / max_mean : 0.0;
    }
  g_free (accs);
}

static void
add_suggestions (GPtrArray          *out,
                 const char * const *suggestions)
{
  /* The seed's sentences are the same for every step: list each once. */
  static const guint n_general = 4;

  for (guint k = 0; suggestions[k] != NULL; k++)
    {
      gboolean general = FALSE, present = FALSE;

      for (guint g = 0; g < n_general; g++)
        {
          const char *texts[] = {
            _("Consider optimizing step logic - execution time is high"),
            _("Consider streamlining approval process - many steps waiting for approval"),
            _("Consider adding more execution workers - queue time is high"),
            _("Consider caching responses or a faster external service - many executions wait for it"),
          };
          general |= g_str_equal (texts[g], suggestions[k]);
        }
      for (guint i = 0; i < out->len; i++)
        present |= g_str_equal (g_ptr_array_index (out, i), suggestions[k]);
      if (general && !present)
        g_ptr_array_add (out, (gpointer) suggestions[k]);
    }
}

static void
workflow_steps (CsAnalysis        *a,
                CsWorkflowMetrics *w)
{
  const CsStepMetrics *slowest = NULL, *slowest_any = NULL, *error_prone = NULL;
  GPtrArray *suggestions = g_ptr_array_new ();
  double success_sum = 0.0;

  for (guint k = 0; k < a->n_steps; k++)
    {
      const CsStepMetrics *m = &a->steps[a->step_order[k]];
      gboolean in_workflow = a->workflow != NULL && cs_workflow_find_step (a->workflow, m->step_id) != NULL;

      if (in_workflow || m->executions + m->in_progress + m->skipped + m->cancelled > 0)
        w->total_steps++;
      if (m->executions == 0)
        continue;
      w->steps_with_data++;
      success_sum += m->success_rate;
      if (slowest_any == NULL || m->duration.mean > slowest_any->duration.mean)
        slowest_any = m;
      if (m->executions >= a->options->min_executions &&
          (slowest == NULL || m->duration.mean > slowest->duration.mean))
        slowest = m;
      if (m->failures > 0)
        {
          double rate = (double) m->failures / m->executions;
          double best = error_prone != NULL ? (double) error_prone->failures / error_prone->executions : 0.0;

          if (error_prone == NULL || rate > best || (rate == best && m->failures > error_prone->failures))
            error_prone = m;
        }
      if (m->executions >= a->options->min_executions)
        add_suggestions (suggestions, m->suggested_optimizations);
    }
  if (slowest == NULL)
    slowest = slowest_any;
  w->slowest_step = slowest != NULL ? slowest->step_id : NULL;
  w->most_error_prone_step = error_prone != NULL ? error_prone->step_id : NULL;
  w->average_step_success_rate = w->steps_with_data > 0 ? success_sum / w->steps_with_data : NAN;
  g_ptr_array_add (suggestions, NULL);
  w->optimization_suggestions = cs_analysis_keep (a, g_ptr_array_free (suggestions, FALSE));
}

void
cs_analysis_compute_workflow (CsAnalysis *a)
{
  CsWorkflowMetrics *w = &a->workflow_metrics;
  CsTimingData *data = a->data;
  CsValues times = { 0 };
  guint32 success = find_string (data, "SUCCESS");
  double active_sum = 0.0;
  gint64 span;

  w->workflow_key = cs_timing_data_get_workflow_key (data);
  w->name = a->workflow != NULL ? cs_workflow_get_name (a->workflow) : w->workflow_key;
  w->version = a->options->version;
  w->instance_id = a->options->instance_id;
  w->period_start = a->options->from;
  w->period_end = a->options->to;
  w->first_start = G_MAXINT64;

  for (guint i = 0; i < a->n_instances; i++)
    {
      if (!a->inst_in[i])
        continue;
      w->instances++;
      if (a->prep->case_start[i] > 0)
        {
          w->first_start = MIN (w->first_start, a->prep->case_start[i]);
          w->last_start = MAX (w->last_start, a->prep->case_start[i]);
        }
      switch ((CsCaseStatus) data->inst_status[i])
        {
        case CS_CASE_COMPLETED:
          w->completed++;
          w->succeeded += data->inst_outcome[i] == success && success != CS_TIMING_NONE;
          cs_values_add (&times, (a->prep->case_end[i] - a->prep->case_start[i]) / 1000.0);
          active_sum += a->prep->active[i];
          break;
        case CS_CASE_FAILED: w->failed++; break;
        case CS_CASE_CANCELLED: w->cancelled++; break;
        case CS_CASE_RUNNING: w->running++; break;
        default: break;
        }
    }
  if (w->first_start == G_MAXINT64)
    w->first_start = 0;
  w->completion_rate = cs_percent (w->completed, w->instances);
  cs_distribution_compute (times.v, times.n, &w->completion_time);
  w->citizen_active_ms = times.n > 0 ? active_sum / times.n : NAN;
  w->citizen_waiting_ms = times.n > 0 ? w->completion_time.mean - w->citizen_active_ms : NAN;
  cs_values_clear (&times);

  /* Arrivals: over the range when it is closed, else between the first
   * and the last start seen. */
  span = w->period_start > 0 && w->period_end > 0 ? w->period_end - w->period_start
         : w->last_start - w->first_start;
  w->arrivals_per_day = span > 0 ? w->instances / (span / (double) G_TIME_SPAN_DAY) : NAN;

  workflow_steps (a, w);
}
