/* cs-analysis.c: where citizens wait, and why — options, the run, getters
 *
 * A run selects cases once (a byte per instance), then each part makes one
 * linear pass over the rows (steps, transitions) or over the cases, keyed
 * by interned step ids in plain arrays; percentiles come from selection,
 * not sorting. The result is immutable and may be read from any thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-analysis-private.h"
#include "cs-error.h"

G_DEFINE_BOXED_TYPE (CsAnalysis, cs_analysis, cs_analysis_ref, cs_analysis_unref)

/* Internal helpers */

gpointer
cs_analysis_keep (CsAnalysis *a,
                  gpointer    allocation)
{
  g_ptr_array_add (a->allocations, allocation);
  return allocation;
}

const char *
cs_analysis_intern_text (CsAnalysis *a,
                         const char *text)
{
  return text != NULL ? g_string_chunk_insert_const (a->strings, text) : NULL;
}

double *
cs_analysis_scratch (CsAnalysis *a,
                     guint64     n)
{
  if (n > a->scratch_len)
    {
      g_free (a->scratch);
      a->scratch = g_new (double, n);
      a->scratch_len = n;
    }
  return a->scratch != NULL ? a->scratch : (a->scratch = g_new (double, 1));
}

const char *
cs_analysis_step_name (CsAnalysis *a,
                       guint32     step)
{
  g_assert (step < a->n_steps);
  return a->steps[step].name;
}

const char *
cs_step_type_to_class_name (CsStepType type)
{
  switch (type)
    {
    case CS_STEP_ACTION: return "ActionStep";
    case CS_STEP_CONDITIONAL: return "ConditionalStep";
    case CS_STEP_APPROVAL: return "ApprovalStep";
    case CS_STEP_INTEGRATION: return "IntegrationStep";
    case CS_STEP_TERMINAL: return "TerminalStep";
    default: g_return_val_if_reached ("ActionStep");
    }
}

/* The step's definition in the analysed version, else in the newest that has it. */
static CsStep *
find_definition (CsAnalysis *a,
                 const char *step_id)
{
  CsStep *best = NULL;
  int best_version = -1;

  if (a->workflow != NULL && (best = cs_workflow_find_step (a->workflow, step_id)) != NULL)
    return best;
  for (guint i = 0; i < a->data->workflows->len; i++)
    {
      CsWorkflow *workflow = g_ptr_array_index (a->data->workflows, i);
      CsStep *step = cs_workflow_find_step (workflow, step_id);

      if (step != NULL && cs_workflow_get_version (workflow) > best_version)
        {
          best = step;
          best_version = cs_workflow_get_version (workflow);
        }
    }
  return best;
}

static void
init_steps (CsAnalysis *a)
{
  guint position = 0;
  g_autofree guint8 *placed = g_new0 (guint8, MAX (a->n_steps, 1));

  a->steps = g_new0 (CsStepMetrics, MAX (a->n_steps, 1));
  a->typed = g_new0 (guint8, MAX (a->n_steps, 1));
  a->step_order = g_new (guint32, MAX (a->n_steps, 1));
  for (guint32 s = 0; s < a->n_steps; s++)
    {
      CsStepMetrics *m = &a->steps[s];
      CsStep *definition;

      m->step_id = cs_timing_data_get_step_id (a->data, s);
      definition = find_definition (a, m->step_id);
      m->name = definition != NULL && *cs_step_get_name (definition) != '\0'
                ? cs_step_get_name (definition) : m->step_id;
      m->type = definition != NULL ? cs_step_get_step_type (definition) : CS_STEP_ACTION;
      a->typed[s] = definition != NULL;
      m->target_ms = cs_analysis_options_get_target (a->options, m->step_id);
    }
  if (a->workflow != NULL)
    for (guint k = 0; k < cs_workflow_get_n_steps (a->workflow); k++)
      {
        guint32 s = cs_timing_data_find_step (a->data, cs_step_get_id (cs_workflow_get_step (a->workflow, k)));

        if (s != CS_TIMING_NONE && s < a->n_steps && !placed[s])
          {
            placed[s] = TRUE;
            a->steps[s].position = position;
            a->step_order[position++] = s;
          }
      }
  for (guint32 s = 0; s < a->n_steps; s++)
    if (!placed[s])
      {
        a->steps[s].position = position;
        a->step_order[position++] = s;
      }
}

static gboolean
in_range (gint64 t,
          gint64 from,
          gint64 to)
{
  if (from == 0 && to == 0)
    return TRUE;
  return t > 0 && (from == 0 || t >= from) && (to == 0 || t < to);
}

static void
select_cases (CsAnalysis *a)
{
  CsAnalysisOptions *o = a->options;
  CsTimingData *data = a->data;

  a->inst_ok = g_new0 (guint8, MAX (a->n_instances, 1));
  a->inst_in = g_new0 (guint8, MAX (a->n_instances, 1));
  for (guint i = 0; i < a->n_instances; i++)
    {
      gint64 t = o->basis == CS_RANGE_INSTANCE_START ? a->prep->case_start[i] : a->prep->case_end[i];

      a->inst_ok[i] = (o->version == 0 || data->inst_version[i] == o->version) &&
                      (o->instance_id == 0 || data->inst_id[i] == o->instance_id);
      if (o->basis == CS_RANGE_COMPLETION && t == 0)
        continue;   /* still running: it ended in no range */
      a->inst_in[i] = a->inst_ok[i] && in_range (t, o->from, o->to);
      a->n_cases += a->inst_in[i];
    }
}

static gboolean
check_options (CsTimingData       *data,
               CsAnalysisOptions  *o,
               GError            **error)
{
  if (o->from != 0 && o->to != 0 && o->to <= o->from)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("The date range ends before it starts"));
      return FALSE;
    }
  if (o->has_baseline && o->baseline_from != 0 && o->baseline_to != 0 && o->baseline_to <= o->baseline_from)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("The comparison period ends before it starts"));
      return FALSE;
    }
  if (!(o->outlier_percentile >= 0.0 && o->outlier_percentile <= 100.0))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("The outlier percentile must be between 0 and 100, not %g"), o->outlier_percentile);
      return FALSE;
    }
  if (o->instance_id != 0 && cs_timing_data_find_instance (data, o->instance_id) == CS_TIMING_NONE)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND,
                   _("Instance %" G_GINT64_FORMAT " is not in the data analysed"), o->instance_id);
      return FALSE;
    }
  return TRUE;
}

static CsAnalysis *
run (CsTimingData       *data,
     CsAnalysisOptions  *options,
     GError            **error)
{
  g_autoptr(CsAnalysis) a = g_new0 (CsAnalysis, 1);

  g_atomic_ref_count_init (&a->ref_count);
  a->data = cs_timing_data_ref (data);
  a->options = cs_analysis_options_copy (options);
  a->strings = g_string_chunk_new (1024);
  a->allocations = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < G_N_ELEMENTS (a->bottlenecks); k++)
    a->bottlenecks[k] = g_ptr_array_new ();
  a->transition_index = g_hash_table_new (g_int64_hash, g_int64_equal);

  a->prep = cs_timing_data_prepare (data);
  a->workflow = cs_timing_data_get_workflow (data, options->version);
  if (a->workflow != NULL)
    g_object_ref (a->workflow);
  a->n_instances = a->prep->n_instances;
  a->n_steps = data->steps->len;

  a->row_exec = g_new (guint8, MAX (a->prep->n, 1));
  select_cases (a);
  init_steps (a);
  cs_analysis_compute_steps (a);
  cs_analysis_compute_transitions (a);
  cs_analysis_compute_workflow (a);
  cs_analysis_compute_critical_path (a);
  cs_analysis_compute_bottlenecks (a);
  cs_analysis_compute_branches (a);

  a->outliers = cs_analysis_find_outliers (a, options->outlier_step, options->outlier_percentile,
                                           options->outlier_min_support, error);
  g_clear_pointer (&a->scratch, g_free);
  a->scratch_len = 0;
  g_clear_pointer (&a->row_exec, g_free);
  if (a->outliers == NULL)
    return NULL;
  return g_steal_pointer (&a);
}

CsAnalysis *
cs_analysis_run (CsTimingData       *data,
                 CsAnalysisOptions  *options,
                 GError            **error)
{
  g_autoptr(CsAnalysis) a = NULL;
  g_autoptr(CsAnalysis) baseline = NULL;
  g_autoptr(CsAnalysisOptions) before = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_options (data, options, error))
    return NULL;
  a = run (data, options, error);
  if (a == NULL || !options->has_baseline)
    return g_steal_pointer (&a);

  /* The baseline measures long queues against the same threshold, or the
   * percentages of the two periods would not compare. */
  before = cs_analysis_options_copy (options);
  before->has_baseline = FALSE;
  before->from = options->baseline_from;
  before->to = options->baseline_to;
  before->long_queue_ms = a->workflow_metrics.long_queue_ms;
  baseline = run (data, before, error);
  if (baseline == NULL)
    return NULL;
  /* The comparison must not keep its own analysis alive. */
  a->comparison = cs_comparison_new_full (baseline, a, FALSE);
  return g_steal_pointer (&a);
}

CsAnalysis *
cs_analysis_ref (CsAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, NULL);

  g_atomic_ref_count_inc (&analysis->ref_count);
  return analysis;
}

void
cs_analysis_unref (CsAnalysis *a)
{
  g_return_if_fail (a != NULL);

  if (!g_atomic_ref_count_dec (&a->ref_count))
    return;

  g_clear_pointer (&a->comparison, cs_comparison_free);
  g_clear_pointer (&a->outliers, cs_outlier_report_free);
  g_clear_object (&a->workflow);
  g_clear_pointer (&a->prep, cs_timing_prepared_unref);
  g_clear_pointer (&a->data, cs_timing_data_unref);
  g_clear_pointer (&a->options, cs_analysis_options_unref);
  g_clear_pointer (&a->strings, g_string_chunk_free);
  g_clear_pointer (&a->allocations, g_ptr_array_unref);
  for (guint k = 0; k < G_N_ELEMENTS (a->bottlenecks); k++)
    g_clear_pointer (&a->bottlenecks[k], g_ptr_array_unref);
  g_clear_pointer (&a->transition_index, g_hash_table_unref);
  g_free (a->scratch);
  g_free (a->row_exec);
  g_free (a->inst_ok);
  g_free (a->inst_in);
  g_free (a->steps);
  g_free (a->typed);
  g_free (a->step_order);
  g_free (a->transitions);
  g_free (a->transition_pairs);
  g_free (a);
}

CsTimingData *
cs_analysis_get_data (CsAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, NULL);

  return analysis->data;
}

CsAnalysisOptions *
cs_analysis_get_options (CsAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, NULL);

  return analysis->options;
}

CsWorkflow *
cs_analysis_get_workflow (CsAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, NULL);

  return analysis->workflow;
}

const CsWorkflowMetrics *
cs_analysis_get_workflow_metrics (CsAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, NULL);

  return &analysis->workflow_metrics;
}

guint
cs_analysis_get_n_steps (CsAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, 0);

  return analysis->n_steps;
}

const CsStepMetrics *
cs_analysis_get_step (CsAnalysis *analysis,
                      guint       index)
{
  g_return_val_if_fail (analysis != NULL, NULL);
  g_return_val_if_fail (index < analysis->n_steps, NULL);

  return &analysis->steps[analysis->step_order[index]];
}

const CsStepMetrics *
cs_analysis_find_step (CsAnalysis *analysis,
                       const char *step_id)
{
  guint32 s;

  g_return_val_if_fail (analysis != NULL, NULL);

  s = cs_timing_data_find_step (analysis->data, step_id);
  return s != CS_TIMING_NONE && s < analysis->n_steps ? &analysis->steps[s] : NULL;
}

guint
cs_analysis_get_n_transitions (CsAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, 0);

  return analysis->n_transitions;
}

const CsTransitionMetrics *
cs_analysis_get_transition (CsAnalysis *analysis,
                            guint       index)
{
  g_return_val_if_fail (analysis != NULL, NULL);
  g_return_val_if_fail (index < analysis->n_transitions, NULL);

  return &analysis->transitions[index];
}

const CsTransitionMetrics *
cs_analysis_find_transition (CsAnalysis *analysis,
                             const char *from_step,
                             const char *to_step)
{
  guint32 from, to;
  gint64 key;
  gpointer found;

  g_return_val_if_fail (analysis != NULL, NULL);

  from = cs_timing_data_find_step (analysis->data, from_step);
  to = cs_timing_data_find_step (analysis->data, to_step);
  if (from == CS_TIMING_NONE || to == CS_TIMING_NONE)
    return NULL;
  key = ((gint64) from << 32) | to;
  found = g_hash_table_lookup (analysis->transition_index, &key);
  return found != NULL ? &analysis->transitions[GPOINTER_TO_UINT (found) - 1] : NULL;
}

gboolean
cs_analysis_get_case_time (CsAnalysis *analysis,
                           gint64      instance_id,
                           double     *duration_ms,
                           double     *active_ms,
                           double     *waiting_ms)
{
  guint32 i;
  double duration;

  g_return_val_if_fail (analysis != NULL, FALSE);

  i = cs_timing_data_find_instance (analysis->data, instance_id);
  if (i == CS_TIMING_NONE || i >= analysis->n_instances || analysis->prep->case_end[i] == 0)
    return FALSE;
  duration = (analysis->prep->case_end[i] - analysis->prep->case_start[i]) / 1000.0;
  if (duration_ms != NULL)
    *duration_ms = duration;
  if (active_ms != NULL)
    *active_ms = analysis->prep->active[i];
  if (waiting_ms != NULL)
    *waiting_ms = duration - analysis->prep->active[i];
  return TRUE;
}

const CsCriticalPath *
cs_analysis_get_critical_path (CsAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, NULL);

  return &analysis->critical_path;
}

guint
cs_analysis_get_n_bottlenecks (CsAnalysis       *analysis,
                               CsBottleneckKind  kind)
{
  g_return_val_if_fail (analysis != NULL, 0);
  g_return_val_if_fail (kind <= CS_BOTTLENECK_QUEUE, 0);

  return analysis->bottlenecks[kind]->len;
}

const CsStepMetrics *
cs_analysis_get_bottleneck (CsAnalysis       *analysis,
                            CsBottleneckKind  kind,
                            guint             index)
{
  g_return_val_if_fail (analysis != NULL, NULL);
  g_return_val_if_fail (kind <= CS_BOTTLENECK_QUEUE, NULL);
  g_return_val_if_fail (index < analysis->bottlenecks[kind]->len, NULL);

  return g_ptr_array_index (analysis->bottlenecks[kind], index);
}

guint
cs_analysis_get_n_bottleneck_transitions (CsAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, 0);

  return analysis->n_bottleneck_transitions;
}

const CsBottleneckTransition *
cs_analysis_get_bottleneck_transition (CsAnalysis *analysis,
                                       guint       index)
{
  g_return_val_if_fail (analysis != NULL, NULL);
  g_return_val_if_fail (index < analysis->n_bottleneck_transitions, NULL);

  return &analysis->bottleneck_transitions[index];
}

const char * const *
cs_analysis_get_recommendations (CsAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, NULL);

  return analysis->recommendations;
}

guint
cs_analysis_get_n_branch_points (CsAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, 0);

  return analysis->n_branch_points;
}

const CsBranchPoint *
cs_analysis_get_branch_point (CsAnalysis *analysis,
                              guint       index)
{
  g_return_val_if_fail (analysis != NULL, NULL);
  g_return_val_if_fail (index < analysis->n_branch_points, NULL);

  return &analysis->branch_points[index];
}

const CsOutlierReport *
cs_analysis_get_outliers (CsAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, NULL);

  return analysis->outliers;
}

CsComparison *
cs_analysis_get_comparison (CsAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, NULL);

  return analysis->comparison;
}
