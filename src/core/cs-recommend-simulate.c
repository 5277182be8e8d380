/* cs-recommend-simulate.c: the workflow as the data shows it, and what one change would do
 *
 * The simulator gets a copy of the workflow whose simulation parameters say
 * what the data shows, so its baseline reproduces the observed waits; each
 * what-if then changes one thing on top, with the same seed, so the same
 * citizens arrive with the same cases and only the change differs. Runs
 * are short (a few simulated weeks, a few thousand cases) to stay within a
 * few hundred milliseconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "cs-recommend-private.h"

#define HANDLING_SAMPLES 300
#define MIN_HANDLING_MS  1000.0

static gint64
to_us (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

/* @minute after the local midnight of @day's date (1440: the next midnight). */
static GDateTime *
local_time (GTimeZone *tz,
            GDateTime *day,
            guint      minute)
{
  g_autoptr(GDateTime) date = minute < 24 * 60 ? g_date_time_ref (day) : g_date_time_add_days (day, 1);

  minute %= 24 * 60;
  return g_date_time_new (tz, g_date_time_get_year (date), g_date_time_get_month (date),
                          g_date_time_get_day_of_month (date), minute / 60, minute % 60, 0);
}

/* Office time within [from, to), local day by local day, so days of 23 or
 * 25 hours count right. */
static double
office_ms (Context *c,
           gint64   from,
           gint64   to)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (from / G_USEC_PER_SEC);
  g_autoptr(GDateTime) day = g_date_time_to_timezone (utc, c->tz);
  gint64 total = 0;

  for (guint d = 0; d < 370; d++)
    {
      g_autoptr(GDateTime) open = local_time (c->tz, day, c->options->open_minute);
      g_autoptr(GDateTime) close = local_time (c->tz, day, c->options->close_minute);
      GDateTime *next;

      if (to_us (open) >= to)
        break;
      if (c->options->office_days & CS_SIM_DAY (g_date_time_get_day_of_week (day)))
        total += MAX (0, MIN (to, to_us (close)) - MAX (from, to_us (open)));
      next = g_date_time_add_days (day, 1);
      g_date_time_unref (day);
      day = next;
    }
  return total / 1000.0;
}

/* An officer's handling time is office time: the working part of an
 * approval (its last execution − wait ms) measured in office hours, on a
 * sample of its executions, per signature when several must sign. NAN when
 * the data cannot tell (the engine counts the handling as waiting). */
static double
handling_ms (Context             *c,
             const CsStepMetrics *m,
             guint32              step,
             guint                signatures)
{
  CsAnalysis *a = c->analysis;
  CsTimingData *data = a->data;
  guint64 stride = MAX (1, m->executions / HANDLING_SAMPLES), seen = 0, n = 0;
  double sum = 0.0;

  if (!(m->mean_active_ms >= MIN_HANDLING_MS))
    return NAN;
  for (guint32 r = 0; r < a->prep->n; r++)
    {
      double work;

      if (data->r_step[r] != step || !cs_timing_row_is_execution (data, r) || !cs_analysis_row_in (a, r))
        continue;
      if (seen++ % stride != 0)
        continue;
      work = CLAMP (data->r_execution[r] - data->r_wait[r], 0.0, data->r_execution[r]);
      sum += office_ms (c, data->r_completed[r] - (gint64) (work * 1000), data->r_completed[r]);
      n++;
    }
  return n > 0 && sum > 0 ? sum / n / MAX (signatures, 1) : NAN;
}

static int
compare_moments (const void *x,
                 const void *y)
{
  gint64 p = *(const gint64 *) x, q = *(const gint64 *) y;

  return (p > q) - (p < q);
}

/* How many cases of the step were in hand at once, at most: the officers
 * it may occupy. The working part of an execution also holds a moment of
 * bookkeeping before the wait, so overlaps shorter than a second are
 * handings-over from one case to the next, not two officers. */
static guint
officers_at_once (Context *c,
                  guint32  step)
{
  CsAnalysis *a = c->analysis;
  CsTimingData *data = a->data;
  g_autoptr(GArray) moments = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint depth = 0, most = 0;

  for (guint32 r = 0; r < a->prep->n; r++)
    {
      double work;
      gint64 start, end;

      if (data->r_step[r] != step || !cs_timing_row_is_execution (data, r) || !cs_analysis_row_in (a, r))
        continue;
      work = CLAMP (data->r_execution[r] - data->r_wait[r], 0.0, data->r_execution[r]);
      if (work <= 0)
        continue;
      /* An end sorts before a start at the same moment. */
      end = data->r_completed[r] << 1;
      start = ((data->r_completed[r] - (gint64) (work * 1000) + MIN (G_USEC_PER_SEC, (gint64) (work * 500))) << 1) | 1;
      g_array_append_val (moments, end);
      g_array_append_val (moments, start);
    }
  qsort (moments->data, moments->len, sizeof (gint64), compare_moments);
  for (guint k = 0; k < moments->len; k++)
    {
      depth += (g_array_index (moments, gint64, k) & 1) ? 1 : -1;
      most = MAX (most, depth);
    }
  return MAX (most, 1);
}

/* The workflow as the data shows it. */
static void
calibrate (Context *c)
{
  CsAnalysis *a = c->analysis;
  CsWorkflow *copy = cs_workflow_copy (a->workflow);

  for (guint k = 0; k < cs_workflow_get_n_steps (copy); k++)
    {
      CsStep *step = cs_workflow_get_step (copy, k);
      guint32 s = cs_timing_data_find_step (a->data, cs_step_get_id (step));
      const CsStepMetrics *m = s != CS_TIMING_NONE && s < a->n_steps ? &a->steps[s] : NULL;

      if (m == NULL || m->executions == 0)
        continue;
      switch (cs_step_get_step_type (step))
        {
        case CS_STEP_APPROVAL:
          {
            double handling = handling_ms (c, m, s, cs_step_get_approvals_required (step));

            /* Officers and handling only when the data shows the handling;
             * else the definition's estimates stand. */
            if (!isnan (handling))
              cs_step_set_sim (step, CS_SIM_HANDLING_TIME, handling / 1000.0);
            /* With several signatures an execution's working part spans
             * the rounds and the waits between them: no measure of overlap. */
            if (!isnan (handling) && cs_step_get_approvals_required (step) == 1)
              cs_step_set_sim (step, CS_SIM_OFFICERS, officers_at_once (c, s));
            if (m->approved + m->rejected > 0)
              g_ptr_array_add (c->rates, step);
          }
          break;
        case CS_STEP_INTEGRATION:
          if (!isnan (m->mean_call_ms))
            cs_step_set_sim (step, CS_SIM_LATENCY, MAX (m->mean_call_ms, 1.0) / 1000.0);
          if (m->attempts > 0)
            cs_step_set_sim (step, CS_SIM_FAILURE_PROBABILITY,
                             CLAMP ((double) (m->retries + m->failures) / m->attempts, 0.0, 0.95));
          break;
        case CS_STEP_ACTION:
        case CS_STEP_CONDITIONAL:
        case CS_STEP_TERMINAL:
        default:
          cs_step_set_sim (step, CS_SIM_MEAN_SERVICE_TIME,
                           MAX (m->duration.mean - m->mean_validation_ms, 1.0) / 1000.0);
          break;
        }
    }
  c->calibrated = copy;
}

CsSimOverrides *
cs_recommend_overrides_new (Context *c)
{
  CsSimOverrides *o = cs_sim_overrides_new ();
  const char *key = cs_workflow_get_key (c->calibrated);

  for (guint k = 0; k < c->rates->len; k++)
    {
      CsStep *step = g_ptr_array_index (c->rates, k);
      const CsStepMetrics *m = cs_analysis_find_step (c->analysis, cs_step_get_id (step));

      cs_sim_overrides_set_approval_rate (o, key, cs_step_get_id (step),
                                          (double) m->approved / (m->approved + m->rejected));
    }
  return o;
}

void
cs_recommend_setup_simulator (Context *c)
{
  CsAnalysis *a = c->analysis;
  const CsWorkflowMetrics *w = &a->workflow_metrics;
  g_autoptr(GError) refused = NULL;

  if (a->workflow == NULL || !(w->arrivals_per_day > 0))
    return;
  calibrate (c);
  c->arrivals = w->arrivals_per_day;
  c->days = CLAMP (c->options->max_instances / c->arrivals, c->options->min_days, c->options->max_days);
  c->workers = w->workers;
  c->sim = cs_simulator_new (c->options->seed);
  cs_simulator_set_timezone (c->sim, c->tz);
  cs_simulator_set_office_hours (c->sim, c->options->office_days, c->options->open_minute,
                                 c->options->close_minute);
  cs_simulator_set_duration (c->sim, (GTimeSpan) (c->days * G_TIME_SPAN_DAY));
  cs_simulator_set_drain (c->sim, TRUE);
  cs_simulator_set_outputs (c->sim, CS_SIM_OUTPUTS_ROUTING);
  if (c->workers > 0)
    cs_simulator_set_workers (c->sim, c->workers);
  else
    c->workers = cs_simulator_get_workers (c->sim);
  /* A definition the engine would refuse cannot be simulated: say what the
   * data shows, without a prediction. */
  if (!cs_simulator_add_workflow (c->sim, c->calibrated, c->arrivals, &refused))
    {
      g_debug ("No what-if for %s: %s", cs_workflow_get_key (c->calibrated), refused->message);
      g_clear_object (&c->sim);
    }
}

/* Runs with @change and returns @step's median wait and the cases' median duration. */
static gboolean
simulate (Context         *c,
          CsSimOverrides  *change,
          const char      *step_id,
          double          *step_median,
          double          *case_median,
          GCancellable    *cancellable,
          GError         **error)
{
  const CsSimSummary *summary;
  const CsSimStepStats *stats;
  const CsSimWorkflowStats *flow;
  const char *key = cs_workflow_get_key (c->calibrated);

  cs_simulator_set_overrides (c->sim, change);
  if (!cs_simulator_run (c->sim, NULL, NULL, NULL, cancellable, error))
    return FALSE;
  summary = cs_simulator_get_summary (c->sim);
  flow = cs_sim_summary_find_workflow (summary, key);
  *case_median = flow != NULL ? flow->median_duration_ms : NAN;
  if (step_id != NULL)
    {
      stats = cs_sim_summary_find_step (summary, key, step_id);
      *step_median = stats != NULL && stats->executions > 0 ? stats->median_wait_ms : NAN;
      return TRUE;
    }
  /* The baseline: every step's, once for all the what-ifs. */
  for (guint k = 0; k < summary->steps->len; k++)
    {
      const CsSimStepStats *step = g_ptr_array_index (summary->steps, k);
      double median = step->executions > 0 ? step->median_wait_ms : NAN;

      if (g_str_equal (step->workflow_key, key))
        g_hash_table_insert (c->base_medians, g_strdup (step->step_id), g_memdup2 (&median, sizeof median));
    }
  return TRUE;
}

/* Runs the what-if of @r; leaves it unsimulated when there is no simulator. */
gboolean
cs_recommend_what_if (Context           *c,
                      CsRecommendation  *r,
                      CsSimOverrides    *change,
                      GCancellable      *cancellable,
                      GError           **error)
{
  double *base, unused;

  if (c->sim == NULL)
    return TRUE;
  if (!c->have_baseline)
    {
      g_autoptr(CsSimOverrides) as_is = cs_recommend_overrides_new (c);

      if (!simulate (c, as_is, NULL, &unused, &c->base_case_median, cancellable, error))
        return FALSE;
      c->have_baseline = TRUE;
    }
  if (!simulate (c, change, r->step_id, &r->predicted_median_wait_ms, &r->predicted_case_median_ms,
                 cancellable, error))
    return FALSE;
  base = g_hash_table_lookup (c->base_medians, r->step_id);
  r->simulated_median_wait_ms = base != NULL ? *base : NAN;
  r->simulated_case_median_ms = c->base_case_median;
  r->simulated = !isnan (r->simulated_median_wait_ms) && !isnan (r->predicted_median_wait_ms);
  r->simulated_days = c->days;
  return TRUE;
}
