/* cs-analysis-json.c: seed 001's answers, field by field
 *
 * The field names and shapes of the seed's examples come first in each
 * object, exactly as written there; what this analysis adds follows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-analysis-json-private.h"

void
cs_json_add_time (JsonBuilder *b,
                  const char  *name,
                  gint64       us)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *text = NULL;

  if (us != 0)
    {
      dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
      text = dt != NULL ? g_date_time_format_iso8601 (dt) : NULL;
    }
  cs_json_add_string (b, name, text);
}

void
cs_json_add_distribution (JsonBuilder          *b,
                          const char           *prefix,
                          const CsDistribution *d)
{
  static const char * const names[] = { "average", "min", "max", "median", "p90", "p95", "p99" };
  double values[] = { d->mean, d->min, d->max, d->p50, d->p90, d->p95, d->p99 };

  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      g_autofree char *name = g_strdup_printf ("%s_%s_ms", names[k], prefix);
      cs_json_add_ms (b, name, values[k]);
    }
}

void
cs_json_add_period (JsonBuilder *b,
                    CsAnalysis  *analysis)
{
  const CsWorkflowMetrics *w = cs_analysis_get_workflow_metrics (analysis);

  cs_json_add_time (b, "period_start", w->period_start);
  cs_json_add_time (b, "period_end", w->period_end);
}

static void
add_workflow_item (JsonBuilder *b,
                   CsWorkflow  *workflow)
{
  json_builder_begin_object (b);
  cs_json_add_string (b, "workflow_id", cs_workflow_get_key (workflow));
  cs_json_add_string (b, "name", cs_workflow_get_name (workflow));
  cs_json_add_string (b, "description", cs_workflow_get_description (workflow) != NULL
                                        ? cs_workflow_get_description (workflow) : "");
  cs_json_add_int (b, "step_count", cs_workflow_get_n_steps (workflow));
  cs_json_add_int (b, "version", cs_workflow_get_version (workflow));
  cs_json_add_string (b, "status", cs_workflow_status_to_string (cs_workflow_get_status (workflow)));
  json_builder_end_object (b);
}

JsonNode *
cs_analysis_json_workflows (CsWorkflow * const *workflows,
                            guint               n_workflows)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (workflows != NULL || n_workflows == 0, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "workflows");
  json_builder_begin_array (b);
  for (guint k = 0; k < n_workflows; k++)
    add_workflow_item (b, workflows[k]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
cs_analysis_json_steps (CsWorkflow * const *workflows,
                        guint               n_workflows)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (workflows != NULL || n_workflows == 0, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "steps");
  json_builder_begin_array (b);
  for (guint k = 0; k < n_workflows; k++)
    for (guint s = 0; s < cs_workflow_get_n_steps (workflows[k]); s++)
      {
        CsStep *step = cs_workflow_get_step (workflows[k], s);

        json_builder_begin_object (b);
        cs_json_add_string (b, "step_id", cs_step_get_id (step));
        cs_json_add_string (b, "name", cs_step_get_name (step));
        cs_json_add_string (b, "type", cs_step_type_to_class_name (cs_step_get_step_type (step)));
        cs_json_add_string (b, "workflow_id", cs_workflow_get_key (workflows[k]));
        cs_json_add_string (b, "step_type", cs_step_type_to_string (cs_step_get_step_type (step)));
        cs_json_add_int (b, "workflow_version", cs_workflow_get_version (workflows[k]));
        json_builder_end_object (b);
      }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
add_step_metrics (JsonBuilder         *b,
                  const CsStepMetrics *m)
{
  json_builder_begin_object (b);
  /* Seed 001 */
  cs_json_add_string (b, "step_id", m->step_id);
  cs_json_add_int (b, "total_executions", m->executions);
  cs_json_add_int (b, "successful_executions", m->successes);
  cs_json_add_number (b, "success_rate", m->success_rate);
  cs_json_add_ms (b, "average_duration_ms", m->duration.mean);
  cs_json_add_ms (b, "min_duration_ms", m->duration.min);
  cs_json_add_ms (b, "max_duration_ms", m->duration.max);
  cs_json_add_ms (b, "average_queue_time_ms", m->mean_queue_ms);
  cs_json_add_ms (b, "average_validation_time_ms", m->mean_validation_ms);
  json_builder_set_member_name (b, "common_errors");
  json_builder_begin_array (b);
  for (guint k = 0; k < m->n_common_errors; k++)
    {
      json_builder_begin_object (b);
      cs_json_add_string (b, "error", m->common_errors[k].error);
      cs_json_add_int (b, "count", m->common_errors[k].count);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "bottleneck_indicators");
  json_builder_begin_object (b);
  cs_json_add_number (b, "approval_bottleneck_percentage", m->approval_bottleneck_percentage);
  cs_json_add_number (b, "external_service_bottleneck_percentage", m->external_service_bottleneck_percentage);
  cs_json_add_number (b, "long_queue_time_percentage", m->long_queue_time_percentage);
  cs_json_add_strings (b, "suggested_optimizations", m->suggested_optimizations);
  json_builder_end_object (b);

  /* More */
  cs_json_add_string (b, "step_name", m->name);
  cs_json_add_string (b, "type", cs_step_type_to_class_name (m->type));
  cs_json_add_int (b, "failed_executions", m->failures);
  cs_json_add_int (b, "in_progress", m->in_progress);
  cs_json_add_int (b, "skipped", m->skipped);
  cs_json_add_int (b, "cancelled", m->cancelled);
  cs_json_add_ms (b, "median_duration_ms", m->duration.p50);
  cs_json_add_ms (b, "p90_duration_ms", m->duration.p90);
  cs_json_add_ms (b, "p95_duration_ms", m->duration.p95);
  cs_json_add_ms (b, "p99_duration_ms", m->duration.p99);
  cs_json_add_distribution (b, "elapsed", &m->elapsed);
  cs_json_add_ms (b, "median_queue_time_ms", m->median_queue_ms);
  cs_json_add_ms (b, "average_wait_time_ms", m->mean_wait_ms);
  cs_json_add_distribution (b, "citizen_wait", &m->citizen_wait);
  cs_json_add_ms (b, "average_active_time_ms", m->mean_active_ms);
  cs_json_add_int (b, "retries", m->retries);
  cs_json_add_number (b, "executions_per_case", m->frequency);
  cs_json_add_number (b, "share_of_total_time", m->share_of_total_time);
  cs_json_add_number (b, "heat", m->heat);
  cs_json_add_ms (b, "target_ms", m->target_ms);
  cs_json_add_int (b, "over_target", m->over_target);
  cs_json_add_number (b, "over_target_percentage", m->over_target_percentage);
  if (m->type == CS_STEP_APPROVAL)
    {
      cs_json_add_int (b, "approved", m->approved);
      cs_json_add_int (b, "rejected", m->rejected);
      cs_json_add_int (b, "approvers", m->distinct_executors);
    }
  if (m->type == CS_STEP_INTEGRATION)
    {
      cs_json_add_int (b, "attempts", m->attempts);
      cs_json_add_ms (b, "average_call_time_ms", m->mean_call_ms);
    }
  json_builder_end_object (b);
}

JsonNode *
cs_analysis_json_step_metrics (CsAnalysis *analysis,
                               const char *step_id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const CsStepMetrics *m;

  g_return_val_if_fail (analysis != NULL, NULL);
  g_return_val_if_fail (step_id != NULL, NULL);

  if ((m = cs_analysis_find_step (analysis, step_id)) == NULL)
    return NULL;
  add_step_metrics (b, m);
  return json_builder_get_root (b);
}

JsonNode *
cs_analysis_json_performance (CsAnalysis *analysis)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const CsWorkflowMetrics *w;

  g_return_val_if_fail (analysis != NULL, NULL);

  w = cs_analysis_get_workflow_metrics (analysis);
  json_builder_begin_object (b);
  cs_json_add_string (b, "workflow_id", w->workflow_key);
  cs_json_add_int (b, "total_instances", w->instances);
  cs_json_add_int (b, "completed_instances", w->completed);
  cs_json_add_number (b, "completion_rate", w->completion_rate);
  cs_json_add_ms (b, "average_completion_time_ms", w->completion_time.mean);
  json_builder_set_member_name (b, "step_metrics");
  json_builder_begin_array (b);
  for (guint k = 0; k < cs_analysis_get_n_steps (analysis); k++)
    add_step_metrics (b, cs_analysis_get_step (analysis, k));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "bottleneck_analysis");
  json_builder_begin_object (b);
  cs_json_add_int (b, "total_steps", w->total_steps);
  cs_json_add_int (b, "steps_with_data", w->steps_with_data);
  cs_json_add_number (b, "average_step_success_rate", w->average_step_success_rate);
  cs_json_add_string (b, "slowest_step", w->slowest_step);
  cs_json_add_string (b, "most_error_prone_step", w->most_error_prone_step);
  json_builder_end_object (b);
  cs_json_add_strings (b, "optimization_suggestions", w->optimization_suggestions);

  cs_json_add_string (b, "name", w->name);
  json_builder_set_member_name (b, "version");
  if (w->version > 0)
    json_builder_add_int_value (b, w->version);
  else
    json_builder_add_null_value (b);
  cs_json_add_period (b, analysis);
  cs_json_add_int (b, "succeeded_instances", w->succeeded);
  cs_json_add_int (b, "failed_instances", w->failed);
  cs_json_add_int (b, "cancelled_instances", w->cancelled);
  cs_json_add_int (b, "running_instances", w->running);
  cs_json_add_ms (b, "median_completion_time_ms", w->completion_time.p50);
  cs_json_add_ms (b, "p90_completion_time_ms", w->completion_time.p90);
  cs_json_add_ms (b, "p95_completion_time_ms", w->completion_time.p95);
  cs_json_add_ms (b, "p99_completion_time_ms", w->completion_time.p99);
  cs_json_add_ms (b, "citizen_active_time_ms", w->citizen_active_ms);
  cs_json_add_ms (b, "citizen_waiting_time_ms", w->citizen_waiting_ms);
  cs_json_add_number (b, "arrivals_per_day", w->arrivals_per_day);
  cs_json_add_ms (b, "long_queue_threshold_ms", w->long_queue_ms);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
add_bottleneck_list (JsonBuilder      *b,
                     CsAnalysis       *analysis,
                     const char       *list,
                     CsBottleneckKind  kind,
                     const char       *field)
{
  json_builder_set_member_name (b, list);
  json_builder_begin_array (b);
  for (guint k = 0; k < cs_analysis_get_n_bottlenecks (analysis, kind); k++)
    {
      const CsStepMetrics *m = cs_analysis_get_bottleneck (analysis, kind, k);

      json_builder_begin_object (b);
      cs_json_add_string (b, "step_id", m->step_id);
      cs_json_add_string (b, "step_name", m->name);
      switch (kind)
        {
        case CS_BOTTLENECK_SLOW: cs_json_add_ms (b, field, m->duration.mean); break;
        case CS_BOTTLENECK_APPROVAL: cs_json_add_number (b, field, m->approval_bottleneck_percentage); break;
        case CS_BOTTLENECK_EXTERNAL: cs_json_add_number (b, field, m->external_service_bottleneck_percentage); break;
        case CS_BOTTLENECK_QUEUE: cs_json_add_number (b, field, m->long_queue_time_percentage); break;
        default: g_assert_not_reached ();
        }
      cs_json_add_int (b, "executions", m->executions);
      cs_json_add_ms (b, "median_duration_ms", m->duration.p50);
      cs_json_add_ms (b, "p90_duration_ms", m->duration.p90);
      cs_json_add_ms (b, "average_queue_time_ms", m->mean_queue_ms);
      cs_json_add_ms (b, "median_wait_time_ms", m->citizen_wait.p50);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

JsonNode *
cs_analysis_json_bottlenecks (CsAnalysis *analysis,
                              GPtrArray  *recommendations)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const CsCriticalPath *path;
  const char * const *texts;

  g_return_val_if_fail (analysis != NULL, NULL);

  path = cs_analysis_get_critical_path (analysis);
  json_builder_begin_object (b);
  cs_json_add_string (b, "workflow_id", cs_analysis_get_workflow_metrics (analysis)->workflow_key);
  json_builder_set_member_name (b, "critical_path_steps");
  json_builder_begin_array (b);
  for (guint k = 0; k < path->n_steps; k++)
    json_builder_add_string_value (b, path->steps[k].step_id);
  json_builder_end_array (b);
  add_bottleneck_list (b, analysis, "slowest_steps", CS_BOTTLENECK_SLOW, "average_duration_ms");
  add_bottleneck_list (b, analysis, "approval_bottlenecks", CS_BOTTLENECK_APPROVAL, "approval_bottleneck_percentage");
  add_bottleneck_list (b, analysis, "external_service_bottlenecks", CS_BOTTLENECK_EXTERNAL,
                       "external_service_bottleneck_percentage");
  add_bottleneck_list (b, analysis, "queue_bottlenecks", CS_BOTTLENECK_QUEUE, "long_queue_time_percentage");
  json_builder_set_member_name (b, "recommendations");
  json_builder_begin_array (b);
  for (guint k = 0; recommendations != NULL && k < recommendations->len; k++)
    json_builder_add_string_value (b, ((CsRecommendation *) g_ptr_array_index (recommendations, k))->text);
  texts = cs_analysis_get_recommendations (analysis);
  for (guint k = 0; texts[k] != NULL; k++)
    json_builder_add_string_value (b, texts[k]);
  json_builder_end_array (b);

  cs_json_add_ms (b, "threshold_ms", cs_analysis_options_get_threshold_ms (cs_analysis_get_options (analysis)));
  cs_json_add_int (b, "min_executions", cs_analysis_options_get_min_executions (cs_analysis_get_options (analysis)));
  json_builder_set_member_name (b, "critical_path");
  json_builder_begin_object (b);
  cs_json_add_ms (b, "expected_total_ms", path->n_steps > 0 ? path->expected_total_ms : NAN);
  json_builder_set_member_name (b, "graph");
  json_builder_add_string_value (b, path->from_workflow ? "workflow" : "observed");
  json_builder_set_member_name (b, "steps");
  json_builder_begin_array (b);
  for (guint k = 0; k < path->n_steps; k++)
    {
      json_builder_begin_object (b);
      cs_json_add_string (b, "step_id", path->steps[k].step_id);
      cs_json_add_string (b, "step_name", cs_analysis_find_step (analysis, path->steps[k].step_id)->name);
      cs_json_add_ms (b, "expected_time_ms", path->steps[k].expected_ms);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "quantified_recommendations");
  json_builder_begin_array (b);
  for (guint k = 0; recommendations != NULL && k < recommendations->len; k++)
    cs_json_add_recommendation (b, g_ptr_array_index (recommendations, k));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
cs_analysis_json_timing (CsAnalysis *analysis)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const CsWorkflowMetrics *w;

  g_return_val_if_fail (analysis != NULL, NULL);

  w = cs_analysis_get_workflow_metrics (analysis);
  json_builder_begin_object (b);
  cs_json_add_string (b, "workflow_id", w->workflow_key);
  json_builder_set_member_name (b, "instance_id");
  if (w->instance_id != 0)
    json_builder_add_int_value (b, w->instance_id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "step_transitions");
  json_builder_begin_array (b);
  for (guint k = 0; k < cs_analysis_get_n_transitions (analysis); k++)
    {
      const CsTransitionMetrics *t = cs_analysis_get_transition (analysis, k);

      json_builder_begin_object (b);
      cs_json_add_string (b, "from_step", t->from_step);
      cs_json_add_string (b, "to_step", t->to_step);
      cs_json_add_ms (b, "average_transition_time_ms", t->time.mean);
      cs_json_add_ms (b, "citizen_wait_time_ms", t->mean_wait_ms);
      cs_json_add_int (b, "count", t->count);
      cs_json_add_ms (b, "median_transition_time_ms", t->time.p50);
      cs_json_add_ms (b, "p90_transition_time_ms", t->time.p90);
      cs_json_add_ms (b, "p95_transition_time_ms", t->time.p95);
      cs_json_add_ms (b, "p99_transition_time_ms", t->time.p99);
      cs_json_add_ms (b, "min_transition_time_ms", t->time.min);
      cs_json_add_ms (b, "max_transition_time_ms", t->time.max);
      cs_json_add_ms (b, "citizen_active_time_ms", t->mean_active_ms);
      cs_json_add_ms (b, "queue_time_ms", t->mean_queue_ms);
      cs_json_add_ms (b, "approval_wait_time_ms", t->mean_approval_ms);
      cs_json_add_ms (b, "external_wait_time_ms", t->mean_external_ms);
      cs_json_add_ms (b, "other_wait_time_ms", t->mean_gap_ms);
      cs_json_add_number (b, "heat", t->heat);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "bottleneck_transitions");
  json_builder_begin_array (b);
  for (guint k = 0; k < cs_analysis_get_n_bottleneck_transitions (analysis); k++)
    {
      const CsBottleneckTransition *bt = cs_analysis_get_bottleneck_transition (analysis, k);
      g_autofree char *label = g_strdup_printf ("%s -> %s", bt->transition->from_step, bt->transition->to_step);

      json_builder_begin_object (b);
      cs_json_add_string (b, "transition", label);
      cs_json_add_ms (b, "average_wait_time_ms", bt->transition->mean_wait_ms);
      cs_json_add_string (b, "reason", bt->reason);
      cs_json_add_string (b, "suggestion", bt->suggestion);
      cs_json_add_string (b, "from_step", bt->transition->from_step);
      cs_json_add_string (b, "to_step", bt->transition->to_step);
      cs_json_add_int (b, "count", bt->transition->count);
      cs_json_add_ms (b, "median_transition_time_ms", bt->transition->time.p50);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  cs_json_add_ms (b, "total_average_completion_time_ms", w->completion_time.mean);
  cs_json_add_ms (b, "citizen_active_time_ms", w->citizen_active_ms);
  cs_json_add_ms (b, "citizen_waiting_time_ms", w->citizen_waiting_ms);
  cs_json_add_ms (b, "median_completion_time_ms", w->completion_time.p50);
  cs_json_add_int (b, "completed_instances", w->completed);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
