/* cs-recommend.c: specific, quantified recommendations, predicted by simulation
 *
 * Picks the worst approval queue, worker queue and external service of an
 * analysis, has cs-recommend-simulate.c predict what one change to each
 * would do, and says so in a sentence with the numbers; steps that fail
 * often are reported from the data alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "cs-recommend-private.h"

const char *
cs_recommendation_kind_to_string (CsRecommendationKind kind)
{
  switch (kind)
    {
    case CS_RECOMMEND_ADD_OFFICER: return "add_officer";
    case CS_RECOMMEND_ADD_WORKER: return "add_worker";
    case CS_RECOMMEND_FASTER_SERVICE: return "faster_service";
    case CS_RECOMMEND_FIX_FAILURES: return "fix_failures";
    default: g_return_val_if_reached (NULL);
    }
}

void
cs_recommendation_free (CsRecommendation *recommendation)
{
  if (recommendation == NULL)
    return;
  g_free (recommendation->step_id);
  g_free (recommendation->step_name);
  g_free (recommendation->text);
  g_free (recommendation->change);
  g_free (recommendation);
}

void
cs_recommend_options_init (CsRecommendOptions *options)
{
  g_return_if_fail (options != NULL);

  options->seed = 1;
  options->timezone = NULL;
  options->office_days = CS_SIM_WEEKDAYS;
  options->open_minute = 8 * 60;
  options->close_minute = 17 * 60;
  options->min_days = 3;
  options->max_days = 28;
  options->max_instances = 5000;
}

static CsRecommendation *
recommendation_new (CsRecommendationKind  kind,
                    const CsStepMetrics  *m,
                    double                affected)
{
  CsRecommendation *r = g_new0 (CsRecommendation, 1);

  r->kind = kind;
  r->step_id = g_strdup (m->step_id);
  r->step_name = g_strdup (m->name);
  r->executions = m->executions;
  r->affected_percentage = affected;
  r->observed_median_wait_ms = m->citizen_wait.p50;
  r->simulated_median_wait_ms = r->predicted_median_wait_ms = NAN;
  r->simulated_case_median_ms = r->predicted_case_median_ms = NAN;
  return r;
}

static char *
approver_phrase (guint officers)
{
  switch (officers)
    {
    case 2: return g_strdup (_("a second approver"));
    case 3: return g_strdup (_("a third approver"));
    case 4: return g_strdup (_("a fourth approver"));
    default: return g_strdup_printf (_("one more approver (%u in all)"), officers);
    }
}

/* "…; <who> is predicted to cut the median wait to 3 h", or why it would not help. */
static char *
prediction (CsRecommendation *r,
            const char       *who,
            const char       *otherwise)
{
  g_autofree char *predicted = cs_analysis_format_duration (r->predicted_median_wait_ms);

  if (!r->simulated)
    return g_strdup (otherwise);
  if (r->predicted_median_wait_ms < r->simulated_median_wait_ms)
    return g_strdup_printf (_("%s is predicted to cut the median wait to %s"), who, predicted);
  return g_strdup_printf (_("%s is predicted to leave the median wait at %s"), who, predicted);
}

static gboolean
recommend_officer (Context       *c,
                   GPtrArray     *out,
                   GCancellable  *cancellable,
                   GError       **error)
{
  const CsStepMetrics *worst = NULL;
  g_autoptr(CsRecommendation) r = NULL;
  g_autoptr(CsSimOverrides) change = NULL;
  g_autofree char *who = NULL, *tail = NULL, *median = NULL;
  guint officers = 1;

  for (guint k = 0; k < cs_analysis_get_n_bottlenecks (c->analysis, CS_BOTTLENECK_APPROVAL); k++)
    {
      const CsStepMetrics *m = cs_analysis_get_bottleneck (c->analysis, CS_BOTTLENECK_APPROVAL, k);

      if (m->type == CS_STEP_APPROVAL && (worst == NULL || m->citizen_wait.sum > worst->citizen_wait.sum))
        worst = m;
    }
  if (worst == NULL)
    return TRUE;

  r = recommendation_new (CS_RECOMMEND_ADD_OFFICER, worst, worst->approval_bottleneck_percentage);
  if (c->sim != NULL)
    {
      officers = (guint) cs_step_get_sim (cs_workflow_find_step (c->calibrated, worst->step_id), CS_SIM_OFFICERS);
      change = cs_recommend_overrides_new (c);
      cs_sim_overrides_set_step_param (change, cs_workflow_get_key (c->calibrated), worst->step_id,
                                       CS_SIM_OFFICERS, officers + 1);
      r->change = g_strdup_printf (_("officers %u → %u"), officers, officers + 1);
      if (!cs_recommend_what_if (c, r, change, cancellable, error))
        return FALSE;
    }
  who = approver_phrase (officers + 1);
  tail = prediction (r, who, _("consider another approver, or automated approval for low-risk cases"));
  median = cs_analysis_format_duration (r->observed_median_wait_ms);
  r->text = g_strdup_printf (_("%s: %.0f %% of its %'" G_GUINT64_FORMAT " executions waited for approval, median %s; %s"),
                             worst->name, r->affected_percentage, worst->executions, median, tail);
  g_ptr_array_add (out, g_steal_pointer (&r));
  return TRUE;
}

static gboolean
recommend_worker (Context       *c,
                  GPtrArray     *out,
                  GCancellable  *cancellable,
                  GError       **error)
{
  const CsStepMetrics *worst = NULL;
  g_autoptr(CsRecommendation) r = NULL;
  g_autoptr(CsSimOverrides) change = NULL;
  g_autofree char *who = NULL, *tail = NULL, *median = NULL, *limit = NULL;

  /* The pool is shared: name the step where citizens lose the most time
   * queueing, a real step rather than a terminal when there is one. */
  for (guint k = 0; k < cs_analysis_get_n_bottlenecks (c->analysis, CS_BOTTLENECK_QUEUE); k++)
    {
      const CsStepMetrics *m = cs_analysis_get_bottleneck (c->analysis, CS_BOTTLENECK_QUEUE, k);
      gboolean terminal = m->type == CS_STEP_TERMINAL, worst_terminal = worst != NULL && worst->type == CS_STEP_TERMINAL;

      if (worst == NULL || (worst_terminal && !terminal) ||
          (terminal == worst_terminal && m->mean_queue_ms * m->executions > worst->mean_queue_ms * worst->executions))
        worst = m;
    }
  if (worst == NULL)
    return TRUE;
  r = recommendation_new (CS_RECOMMEND_ADD_WORKER, worst, worst->long_queue_time_percentage);
  if (c->sim != NULL)
    {
      change = cs_recommend_overrides_new (c);
      cs_sim_overrides_set_workers (change, c->workers + 1);
      r->change = g_strdup_printf (_("workers %u → %u"), c->workers, c->workers + 1);
      if (!cs_recommend_what_if (c, r, change, cancellable, error))
        return FALSE;
    }
  who = g_strdup_printf (_("one more worker (%u in all)"), c->workers + 1);
  tail = prediction (r, who, _("consider adding more execution workers"));
  median = cs_analysis_format_duration (r->observed_median_wait_ms);
  limit = cs_analysis_format_duration (c->analysis->workflow_metrics.long_queue_ms);
  r->text = g_strdup_printf (_("%s: %.0f %% of its %'" G_GUINT64_FORMAT " executions waited longer than %s for a worker, median wait %s; %s"),
                             worst->name, r->affected_percentage, worst->executions, limit, median, tail);
  g_ptr_array_add (out, g_steal_pointer (&r));
  return TRUE;
}

static gboolean
recommend_service (Context       *c,
                   GPtrArray     *out,
                   GCancellable  *cancellable,
                   GError       **error)
{
  const CsStepMetrics *worst = NULL;
  g_autoptr(CsRecommendation) r = NULL;
  g_autoptr(CsSimOverrides) change = NULL;
  g_autofree char *tail = NULL, *median = NULL;

  for (guint k = 0; k < cs_analysis_get_n_bottlenecks (c->analysis, CS_BOTTLENECK_EXTERNAL); k++)
    {
      const CsStepMetrics *m = cs_analysis_get_bottleneck (c->analysis, CS_BOTTLENECK_EXTERNAL, k);

      if (m->type == CS_STEP_INTEGRATION && (worst == NULL || m->citizen_wait.sum > worst->citizen_wait.sum))
        worst = m;
    }
  if (worst == NULL)
    return TRUE;

  r = recommendation_new (CS_RECOMMEND_FASTER_SERVICE, worst, worst->external_service_bottleneck_percentage);
  if (c->sim != NULL)
    {
      CsStep *step = cs_workflow_find_step (c->calibrated, worst->step_id);
      const char *key = cs_workflow_get_key (c->calibrated);
      double latency = cs_step_get_sim (step, CS_SIM_LATENCY), failure = cs_step_get_sim (step, CS_SIM_FAILURE_PROBABILITY);

      change = cs_recommend_overrides_new (c);
      cs_sim_overrides_set_step_param (change, key, worst->step_id, CS_SIM_LATENCY, latency / 2);
      cs_sim_overrides_set_step_param (change, key, worst->step_id, CS_SIM_FAILURE_PROBABILITY, failure / 2);
      r->change = g_strdup_printf (_("latency %.2f s → %.2f s, failures %.0f %% → %.0f %%"),
                                   latency, latency / 2, 100 * failure, 50 * failure);
      if (!cs_recommend_what_if (c, r, change, cancellable, error))
        return FALSE;
    }
  tail = prediction (r, _("a service twice as fast and failing half as often"),
                     _("consider caching its answers or asking its provider for faster responses"));
  median = cs_analysis_format_duration (r->observed_median_wait_ms);
  r->text = g_strdup_printf (_("%s: %.0f %% of its %'" G_GUINT64_FORMAT " executions waited on the external service, median wait %s; %s"),
                             worst->name, r->affected_percentage, worst->executions, median, tail);
  g_ptr_array_add (out, g_steal_pointer (&r));
  return TRUE;
}

static void
recommend_fixes (Context   *c,
                 GPtrArray *out)
{
  CsAnalysis *a = c->analysis;

  for (guint k = 0; k < a->n_steps; k++)
    {
      const CsStepMetrics *m = &a->steps[a->step_order[k]];
      double rate = cs_percent (m->failures, m->executions);
      CsRecommendation *r;

      if (m->executions < MAX (a->options->min_executions, 1) || !(rate > CS_FAILURE_SUGGESTION_PERCENT) ||
          m->n_common_errors == 0)
        continue;
      r = recommendation_new (CS_RECOMMEND_FIX_FAILURES, m, rate);
      r->text = g_strdup_printf (_("%s: %.0f %% of its %'" G_GUINT64_FORMAT " executions failed, most often “%s” (%'" G_GUINT64_FORMAT " times)"),
                                 m->name, rate, m->executions, m->common_errors[0].error, m->common_errors[0].count);
      g_ptr_array_add (out, r);
    }
}

GPtrArray *
cs_recommend (CsAnalysis               *analysis,
              const CsRecommendOptions *options,
              GCancellable             *cancellable,
              GError                  **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_recommendation_free);
  g_autoptr(GTimeZone) utc = NULL;
  CsRecommendOptions defaults;
  Context c = { 0 };
  gboolean ok;

  g_return_val_if_fail (analysis != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    {
      cs_recommend_options_init (&defaults);
      options = &defaults;
    }
  c.analysis = analysis;
  c.options = options;
  c.tz = options->timezone != NULL ? options->timezone : (utc = g_time_zone_new_utc ());
  c.rates = g_ptr_array_new ();
  c.base_medians = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  cs_recommend_setup_simulator (&c);
  ok = recommend_officer (&c, out, cancellable, error) &&
       recommend_worker (&c, out, cancellable, error) &&
       recommend_service (&c, out, cancellable, error);
  if (ok)
    recommend_fixes (&c, out);

  g_ptr_array_unref (c.rates);
  g_hash_table_unref (c.base_medians);
  g_clear_object (&c.sim);
  g_clear_object (&c.calibrated);
  return ok ? g_steal_pointer (&out) : NULL;
}
