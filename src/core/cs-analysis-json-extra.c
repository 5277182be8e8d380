/* cs-analysis-json-extra.c: the JSON of what goes past seed 001
 *
 * Any two steps, outliers, branches, targets, the heat map of the process
 * map, period comparison and quantified recommendations, and the whole
 * report `civicstream-cli analyze --json` prints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-analysis-json-private.h"

JsonNode *
cs_analysis_json_time_between (const CsPairTiming *timing)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (timing != NULL, NULL);

  json_builder_begin_object (b);
  cs_json_add_string (b, "from_step", timing->from_step);
  cs_json_add_string (b, "to_step", timing->to_step);
  cs_json_add_int (b, "cases", timing->cases);
  cs_json_add_int (b, "cases_with_from_step", timing->with_from);
  cs_json_add_int (b, "observations", timing->reached);
  cs_json_add_int (b, "to_step_only_before", timing->only_before);
  cs_json_add_distribution (b, "time", &timing->time);
  json_builder_set_member_name (b, "histogram");
  json_builder_begin_array (b);
  for (guint k = 0; k < timing->histogram->len; k++)
    {
      CsHistogramBin *bin = &g_array_index (timing->histogram, CsHistogramBin, k);

      json_builder_begin_object (b);
      cs_json_add_ms (b, "lower_ms", bin->lower);
      cs_json_add_ms (b, "upper_ms", bin->upper);
      cs_json_add_int (b, "count", bin->count);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
cs_analysis_json_outliers (const CsOutlierReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (report != NULL, NULL);

  json_builder_begin_object (b);
  cs_json_add_string (b, "step_id", report->step_id);
  cs_json_add_number (b, "percentile", report->percentile);
  cs_json_add_ms (b, "threshold_ms", report->threshold_ms);
  cs_json_add_int (b, "cases", report->cases);
  cs_json_add_int (b, "outliers", report->outliers);
  json_builder_set_member_name (b, "attributes");
  json_builder_begin_array (b);
  for (guint k = 0; k < report->attributes->len; k++)
    {
      CsOutlierAttribute *attr = &g_array_index (report->attributes, CsOutlierAttribute, k);

      json_builder_begin_object (b);
      cs_json_add_string (b, "key", attr->key);
      cs_json_add_string (b, "value", attr->value);
      cs_json_add_int (b, "outliers_with_value", attr->outliers_with);
      cs_json_add_int (b, "cases_with_value", attr->cases_with);
      cs_json_add_number (b, "share_of_outliers", attr->share_of_outliers);
      cs_json_add_number (b, "share_of_cases", attr->share_of_cases);
      cs_json_add_number (b, "lift", attr->lift);
      cs_json_add_number (b, "z_score", attr->z);
      cs_json_add_number (b, "p_value", attr->p_value);
      cs_json_add_string (b, "test", attr->fisher ? "fisher_exact" : "two_proportion_z");
      json_builder_set_member_name (b, "significant");
      json_builder_add_boolean_value (b, attr->p_value < 0.05);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "slowest_cases");
  json_builder_begin_array (b);
  for (guint k = 0; k < report->slowest->len; k++)
    {
      CsOutlierCase *slow = &g_array_index (report->slowest, CsOutlierCase, k);

      json_builder_begin_object (b);
      cs_json_add_int (b, "instance_id", slow->instance_id);
      cs_json_add_ms (b, "duration_ms", slow->value_ms);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
cs_analysis_json_branches (CsAnalysis *analysis)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (analysis != NULL, NULL);

  json_builder_begin_object (b);
  cs_json_add_string (b, "workflow_id", cs_analysis_get_workflow_metrics (analysis)->workflow_key);
  json_builder_set_member_name (b, "branch_points");
  json_builder_begin_array (b);
  for (guint k = 0; k < cs_analysis_get_n_branch_points (analysis); k++)
    {
      const CsBranchPoint *point = cs_analysis_get_branch_point (analysis, k);

      json_builder_begin_object (b);
      cs_json_add_string (b, "step_id", point->step_id);
      cs_json_add_string (b, "step_name", point->name);
      cs_json_add_string (b, "type", cs_step_type_to_class_name (point->type));
      cs_json_add_int (b, "executions", point->executions);
      json_builder_set_member_name (b, "branches");
      json_builder_begin_array (b);
      for (guint i = 0; i < point->n_branches; i++)
        {
          const CsBranch *branch = &point->branches[i];

          json_builder_begin_object (b);
          cs_json_add_string (b, "label", branch->label);
          cs_json_add_strings (b, "next_steps", branch->next_steps);
          cs_json_add_int (b, "count", branch->count);
          cs_json_add_number (b, "share", branch->share);
          cs_json_add_int (b, "succeeded", branch->succeeded);
          cs_json_add_distribution (b, "remaining", &branch->remaining);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
cs_analysis_json_targets (CsAnalysis *analysis)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (analysis != NULL, NULL);

  json_builder_begin_object (b);
  cs_json_add_string (b, "workflow_id", cs_analysis_get_workflow_metrics (analysis)->workflow_key);
  json_builder_set_member_name (b, "targets");
  json_builder_begin_array (b);
  for (guint k = 0; k < cs_analysis_get_n_steps (analysis); k++)
    {
      const CsStepMetrics *m = cs_analysis_get_step (analysis, k);

      if (isnan (m->target_ms))
        continue;
      json_builder_begin_object (b);
      cs_json_add_string (b, "step_id", m->step_id);
      cs_json_add_string (b, "step_name", m->name);
      cs_json_add_ms (b, "target_ms", m->target_ms);
      cs_json_add_int (b, "executions", m->executions);
      cs_json_add_int (b, "over_target", m->over_target);
      cs_json_add_number (b, "over_target_percentage", m->over_target_percentage);
      cs_json_add_ms (b, "average_elapsed_ms", m->elapsed.mean);
      cs_json_add_ms (b, "p90_elapsed_ms", m->elapsed.p90);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "time_shares");
  json_builder_begin_array (b);
  for (guint k = 0; k < cs_analysis_get_n_steps (analysis); k++)
    {
      const CsStepMetrics *m = cs_analysis_get_step (analysis, k);

      if (m->executions == 0)
        continue;
      json_builder_begin_object (b);
      cs_json_add_string (b, "step_id", m->step_id);
      cs_json_add_string (b, "step_name", m->name);
      cs_json_add_number (b, "share_of_total_time", m->share_of_total_time);
      cs_json_add_ms (b, "total_elapsed_ms", m->elapsed.sum);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
cs_analysis_json_heatmap (CsAnalysis *analysis)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (analysis != NULL, NULL);

  json_builder_begin_object (b);
  cs_json_add_string (b, "workflow_id", cs_analysis_get_workflow_metrics (analysis)->workflow_key);
  json_builder_set_member_name (b, "steps");
  json_builder_begin_array (b);
  for (guint k = 0; k < cs_analysis_get_n_steps (analysis); k++)
    {
      const CsStepMetrics *m = cs_analysis_get_step (analysis, k);

      json_builder_begin_object (b);
      cs_json_add_string (b, "step_id", m->step_id);
      cs_json_add_number (b, "heat", m->heat);
      cs_json_add_ms (b, "average_elapsed_ms", m->elapsed.mean);
      cs_json_add_ms (b, "median_elapsed_ms", m->elapsed.p50);
      cs_json_add_int (b, "executions", m->executions);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "edges");
  json_builder_begin_array (b);
  for (guint k = 0; k < cs_analysis_get_n_transitions (analysis); k++)
    {
      const CsTransitionMetrics *t = cs_analysis_get_transition (analysis, k);

      json_builder_begin_object (b);
      cs_json_add_string (b, "from_step", t->from_step);
      cs_json_add_string (b, "to_step", t->to_step);
      cs_json_add_number (b, "heat", t->heat);
      cs_json_add_ms (b, "citizen_wait_time_ms", t->mean_wait_ms);
      cs_json_add_int (b, "count", t->count);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
add_changes (JsonBuilder          *b,
             const char           *name,
             const CsMetricChange *metrics,
             guint                 n)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  for (guint k = 0; k < n; k++)
    {
      json_builder_set_member_name (b, metrics[k].name);
      json_builder_begin_object (b);
      cs_json_add_ms (b, "before", metrics[k].before);
      cs_json_add_ms (b, "after", metrics[k].after);
      cs_json_add_ms (b, "change", metrics[k].change);
      cs_json_add_number (b, "relative_change", metrics[k].relative_change);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

static const char *
presence_name (CsPresence presence)
{
  switch (presence)
    {
    case CS_PRESENT_BOTH: return "both";
    case CS_PRESENT_BEFORE_ONLY: return "before_only";
    case CS_PRESENT_AFTER_ONLY: return "after_only";
    default: g_return_val_if_reached ("both");
    }
}

static void
add_items (JsonBuilder  *b,
           CsComparison *c,
           gboolean      transitions)
{
  guint n = transitions ? cs_comparison_get_n_transitions (c) : cs_comparison_get_n_steps (c);

  json_builder_set_member_name (b, transitions ? "transitions" : "steps");
  json_builder_begin_array (b);
  for (guint k = 0; k < n; k++)
    {
      const CsItemChange *item = transitions ? cs_comparison_get_transition (c, k) : cs_comparison_get_step (c, k);

      json_builder_begin_object (b);
      if (transitions)
        {
          cs_json_add_string (b, "from_step", item->step_id);
          cs_json_add_string (b, "to_step", item->to_step);
        }
      else
        {
          cs_json_add_string (b, "step_id", item->step_id);
          cs_json_add_string (b, "step_name", item->name);
        }
      cs_json_add_string (b, "presence", presence_name (item->presence));
      add_changes (b, "metrics", item->metrics, item->n_metrics);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

JsonNode *
cs_analysis_json_comparison (CsComparison *comparison)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const CsMetricChange *workflow;
  guint n;

  g_return_val_if_fail (comparison != NULL, NULL);

  workflow = cs_comparison_get_workflow (comparison, &n);
  json_builder_begin_object (b);
  cs_json_add_string (b, "workflow_id",
                      cs_analysis_get_workflow_metrics (cs_comparison_get_after (comparison))->workflow_key);
  json_builder_set_member_name (b, "before");
  json_builder_begin_object (b);
  cs_json_add_period (b, cs_comparison_get_before (comparison));
  json_builder_end_object (b);
  json_builder_set_member_name (b, "after");
  json_builder_begin_object (b);
  cs_json_add_period (b, cs_comparison_get_after (comparison));
  json_builder_end_object (b);
  add_changes (b, "workflow", workflow, n);
  add_items (b, comparison, FALSE);
  add_items (b, comparison, TRUE);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
cs_json_add_recommendation (JsonBuilder            *b,
                            const CsRecommendation *r)
{
  json_builder_begin_object (b);
  cs_json_add_string (b, "kind", cs_recommendation_kind_to_string (r->kind));
  cs_json_add_string (b, "step_id", r->step_id);
  cs_json_add_string (b, "step_name", r->step_name);
  cs_json_add_string (b, "text", r->text);
  cs_json_add_int (b, "executions", r->executions);
  cs_json_add_number (b, "affected_percentage", r->affected_percentage);
  cs_json_add_ms (b, "observed_median_wait_ms", r->observed_median_wait_ms);
  json_builder_set_member_name (b, "simulated");
  json_builder_add_boolean_value (b, r->simulated);
  cs_json_add_string (b, "change", r->change);
  cs_json_add_ms (b, "simulated_median_wait_ms", r->simulated_median_wait_ms);
  cs_json_add_ms (b, "predicted_median_wait_ms", r->predicted_median_wait_ms);
  cs_json_add_ms (b, "simulated_case_median_ms", r->simulated_case_median_ms);
  cs_json_add_ms (b, "predicted_case_median_ms", r->predicted_case_median_ms);
  cs_json_add_number (b, "simulated_days", r->simulated ? r->simulated_days : NAN);
  json_builder_end_object (b);
}

JsonNode *
cs_analysis_json_recommendations (GPtrArray *recommendations)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "recommendations");
  json_builder_begin_array (b);
  for (guint k = 0; recommendations != NULL && k < recommendations->len; k++)
    cs_json_add_recommendation (b, g_ptr_array_index (recommendations, k));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
take_member (JsonObject *report,
             const char *name,
             JsonNode   *node)
{
  json_object_set_member (report, name, node);
}

JsonNode *
cs_analysis_json_report (CsAnalysis *analysis,
                         GPtrArray  *recommendations)
{
  JsonObject *report;
  JsonNode *root;

  g_return_val_if_fail (analysis != NULL, NULL);

  report = json_object_new ();
  take_member (report, "performance", cs_analysis_json_performance (analysis));
  take_member (report, "bottlenecks", cs_analysis_json_bottlenecks (analysis, recommendations));
  take_member (report, "timing_analysis", cs_analysis_json_timing (analysis));
  take_member (report, "branches", cs_analysis_json_branches (analysis));
  take_member (report, "targets", cs_analysis_json_targets (analysis));
  take_member (report, "heatmap", cs_analysis_json_heatmap (analysis));
  take_member (report, "outliers", cs_analysis_json_outliers (cs_analysis_get_outliers (analysis)));
  if (cs_analysis_get_comparison (analysis) != NULL)
    take_member (report, "comparison", cs_analysis_json_comparison (cs_analysis_get_comparison (analysis)));
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, report);
  return root;
}
