/* cs-analysis-compare.c: two periods side by side
 *
 * Every measure of the workflow, of each step and of each transition before
 * and after, with the change in absolute and relative terms, so an
 * administrator sees whether a change to the process helped. Steps and
 * transitions seen in one period only are kept, marked as such: a step
 * that appeared or disappeared is news too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-analysis-private.h"

struct _CsComparison
{
  CsAnalysis     *before;
  CsAnalysis     *after;
  gboolean        owns_after;
  CsMetricChange *workflow;
  guint           n_workflow;
  GArray         *steps;          /* CsItemChange */
  GArray         *transitions;    /* CsItemChange */
  GPtrArray      *allocations;
};

static const char * const workflow_names[] = {
  "total_instances", "completed_instances", "completion_rate", "average_completion_time_ms",
  "median_completion_time_ms", "p90_completion_time_ms", "citizen_active_time_ms",
  "citizen_waiting_time_ms", "average_step_success_rate", "critical_path_expected_time_ms",
  "arrivals_per_day",
};

static const char * const step_names[] = {
  "total_executions", "success_rate", "average_duration_ms", "median_duration_ms", "p90_duration_ms",
  "average_elapsed_ms", "average_queue_time_ms", "median_wait_time_ms", "approval_bottleneck_percentage",
  "external_service_bottleneck_percentage", "long_queue_time_percentage", "over_target_percentage",
  "share_of_total_time",
};

static const char * const transition_names[] = {
  "count", "average_transition_time_ms", "median_transition_time_ms", "p90_transition_time_ms",
  "citizen_wait_time_ms",
};

static void
set_change (CsMetricChange *c,
            const char     *name,
            double          before,
            double          after)
{
  c->name = name;
  c->before = before;
  c->after = after;
  c->change = after - before;   /* NAN when either is */
  c->relative_change = !isnan (before) && before != 0.0 ? 100.0 * c->change / fabs (before) : NAN;
}

static void
workflow_values (CsAnalysis *a,
                 double     *v)
{
  const CsWorkflowMetrics *w = &a->workflow_metrics;
  double path = a->critical_path.n_steps > 0 ? a->critical_path.expected_total_ms : NAN;
  double values[] = {
    w->instances, w->completed, w->completion_rate, w->completion_time.mean, w->completion_time.p50,
    w->completion_time.p90, w->citizen_active_ms, w->citizen_waiting_ms, w->average_step_success_rate,
    path, w->arrivals_per_day,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (values) == G_N_ELEMENTS (workflow_names));
  memcpy (v, values, sizeof values);
}

/* A step with no execution in a period has 0 executions there and no other measure. */
static void
step_values (const CsStepMetrics *m,
             double              *v)
{
  gboolean none = m == NULL || m->executions == 0;
  double values[] = {
    m != NULL ? m->executions : 0, none ? NAN : m->success_rate, none ? NAN : m->duration.mean,
    none ? NAN : m->duration.p50, none ? NAN : m->duration.p90, none ? NAN : m->elapsed.mean,
    none ? NAN : m->mean_queue_ms, none ? NAN : m->citizen_wait.p50,
    none ? NAN : m->approval_bottleneck_percentage, none ? NAN : m->external_service_bottleneck_percentage,
    none ? NAN : m->long_queue_time_percentage, none ? NAN : m->over_target_percentage,
    none ? NAN : m->share_of_total_time,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (values) == G_N_ELEMENTS (step_names));
  memcpy (v, values, sizeof values);
}

static void
transition_values (const CsTransitionMetrics *t,
                   double                    *v)
{
  double values[] = {
    t != NULL ? t->count : 0, t != NULL ? t->time.mean : NAN, t != NULL ? t->time.p50 : NAN,
    t != NULL ? t->time.p90 : NAN, t != NULL ? t->mean_wait_ms : NAN,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (values) == G_N_ELEMENTS (transition_names));
  memcpy (v, values, sizeof values);
}

static CsMetricChange *
changes (CsComparison       *c,
         const char * const *names,
         guint               n,
         const double       *before,
         const double       *after)
{
  CsMetricChange *out = g_new0 (CsMetricChange, n);

  for (guint k = 0; k < n; k++)
    set_change (&out[k], names[k], before[k], after[k]);
  g_ptr_array_add (c->allocations, out);
  return out;
}

static void
add_step (CsComparison        *c,
          const CsStepMetrics *before,
          const CsStepMetrics *after)
{
  double b[G_N_ELEMENTS (step_names)], z[G_N_ELEMENTS (step_names)];
  const CsStepMetrics *any = after != NULL ? after : before;
  gboolean in_before = before != NULL && before->executions > 0;
  gboolean in_after = after != NULL && after->executions > 0;
  CsItemChange item = { 0 };

  if (!in_before && !in_after)
    return;
  step_values (before, b);
  step_values (after, z);
  item.step_id = any->step_id;
  item.name = any->name;
  item.presence = in_before && in_after ? CS_PRESENT_BOTH : in_before ? CS_PRESENT_BEFORE_ONLY : CS_PRESENT_AFTER_ONLY;
  item.n_metrics = G_N_ELEMENTS (step_names);
  item.metrics = changes (c, step_names, item.n_metrics, b, z);
  g_array_append_val (c->steps, item);
}

static void
add_transition (CsComparison              *c,
                const CsTransitionMetrics *before,
                const CsTransitionMetrics *after)
{
  double b[G_N_ELEMENTS (transition_names)], z[G_N_ELEMENTS (transition_names)];
  const CsTransitionMetrics *any = after != NULL ? after : before;
  CsItemChange item = { 0 };

  transition_values (before, b);
  transition_values (after, z);
  item.step_id = any->from_step;
  item.to_step = any->to_step;
  item.presence = before != NULL && after != NULL ? CS_PRESENT_BOTH
                  : before != NULL ? CS_PRESENT_BEFORE_ONLY : CS_PRESENT_AFTER_ONLY;
  item.n_metrics = G_N_ELEMENTS (transition_names);
  item.metrics = changes (c, transition_names, item.n_metrics, b, z);
  g_array_append_val (c->transitions, item);
}

CsComparison *
cs_comparison_new_full (CsAnalysis *before,
                        CsAnalysis *after,
                        gboolean    ref_after)
{
  CsComparison *c = g_new0 (CsComparison, 1);
  double b[G_N_ELEMENTS (workflow_names)], z[G_N_ELEMENTS (workflow_names)];

  c->before = cs_analysis_ref (before);
  c->after = ref_after ? cs_analysis_ref (after) : after;
  c->owns_after = ref_after;
  c->allocations = g_ptr_array_new_with_free_func (g_free);
  c->steps = g_array_new (FALSE, FALSE, sizeof (CsItemChange));
  c->transitions = g_array_new (FALSE, FALSE, sizeof (CsItemChange));

  workflow_values (before, b);
  workflow_values (after, z);
  c->n_workflow = G_N_ELEMENTS (workflow_names);
  c->workflow = changes (c, workflow_names, c->n_workflow, b, z);

  /* The later period's order, then what only the earlier one had. */
  for (guint k = 0; k < cs_analysis_get_n_steps (after); k++)
    {
      const CsStepMetrics *m = cs_analysis_get_step (after, k);
      add_step (c, cs_analysis_find_step (before, m->step_id), m);
    }
  for (guint k = 0; k < cs_analysis_get_n_steps (before); k++)
    {
      const CsStepMetrics *m = cs_analysis_get_step (before, k), *other = cs_analysis_find_step (after, m->step_id);

      if (other == NULL)
        add_step (c, m, NULL);
    }
  for (guint k = 0; k < cs_analysis_get_n_transitions (after); k++)
    {
      const CsTransitionMetrics *t = cs_analysis_get_transition (after, k);
      add_transition (c, cs_analysis_find_transition (before, t->from_step, t->to_step), t);
    }
  for (guint k = 0; k < cs_analysis_get_n_transitions (before); k++)
    {
      const CsTransitionMetrics *t = cs_analysis_get_transition (before, k);

      if (cs_analysis_find_transition (after, t->from_step, t->to_step) == NULL)
        add_transition (c, t, NULL);
    }
  return c;
}

CsComparison *
cs_comparison_new (CsAnalysis *before,
                   CsAnalysis *after)
{
  g_return_val_if_fail (before != NULL, NULL);
  g_return_val_if_fail (after != NULL, NULL);

  return cs_comparison_new_full (before, after, TRUE);
}

void
cs_comparison_free (CsComparison *c)
{
  if (c == NULL)
    return;
  cs_analysis_unref (c->before);
  if (c->owns_after)
    cs_analysis_unref (c->after);
  g_ptr_array_unref (c->allocations);
  g_array_unref (c->steps);
  g_array_unref (c->transitions);
  g_free (c);
}

CsAnalysis *
cs_comparison_get_before (CsComparison *comparison)
{
  g_return_val_if_fail (comparison != NULL, NULL);

  return comparison->before;
}

CsAnalysis *
cs_comparison_get_after (CsComparison *comparison)
{
  g_return_val_if_fail (comparison != NULL, NULL);

  return comparison->after;
}

const CsMetricChange *
cs_comparison_get_workflow (CsComparison *comparison,
                            guint        *n_metrics)
{
  g_return_val_if_fail (comparison != NULL, NULL);

  if (n_metrics != NULL)
    *n_metrics = comparison->n_workflow;
  return comparison->workflow;
}

guint
cs_comparison_get_n_steps (CsComparison *comparison)
{
  g_return_val_if_fail (comparison != NULL, 0);

  return comparison->steps->len;
}

const CsItemChange *
cs_comparison_get_step (CsComparison *comparison,
                        guint         index)
{
  g_return_val_if_fail (comparison != NULL, NULL);
  g_return_val_if_fail (index < comparison->steps->len, NULL);

  return &g_array_index (comparison->steps, CsItemChange, index);
}

guint
cs_comparison_get_n_transitions (CsComparison *comparison)
{
  g_return_val_if_fail (comparison != NULL, 0);

  return comparison->transitions->len;
}

const CsItemChange *
cs_comparison_get_transition (CsComparison *comparison,
                              guint         index)
{
  g_return_val_if_fail (comparison != NULL, NULL);
  g_return_val_if_fail (index < comparison->transitions->len, NULL);

  return &g_array_index (comparison->transitions, CsItemChange, index);
}

const CsMetricChange *
cs_item_change_find (const CsItemChange *item,
                     const char         *name)
{
  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint k = 0; k < item->n_metrics; k++)
    if (g_str_equal (item->metrics[k].name, name))
      return &item->metrics[k];
  return NULL;
}
