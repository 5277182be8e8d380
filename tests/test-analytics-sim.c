/* test-analytics-sim.c: the analysis of simulated histories, recommendations, speed
 *
 * The simulator writes the same records the engine does, so its summary is
 * an independent account of the same history for the analysis to agree
 * with; the recommendations run the simulator again on what the analysis
 * saw. `-m perf` measures the whole analysis of a million executions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "core/cs-analysis.h"
#include "core/cs-analysis-json.h"
#include "core/cs-example-workflows.h"
#include "core/cs-recommend.h"
#include "core/cs-simulator.h"
#include "core/cs-timing-data.h"
#include "core/cs-workflow-builder.h"

typedef struct
{
  CsTimingData *data;
  const char   *key;       /* only this workflow's cases, or all when NULL */
  gboolean      taking;
} Feed;

static void
feed_instance (const CsSimInstance *instance,
               gpointer             user_data)
{
  Feed *feed = user_data;

  feed->taking = feed->key == NULL || g_str_equal (instance->workflow_key, feed->key);
  if (feed->taking)
    cs_timing_data_add_sim_instance (feed->data, instance);
}

static void
feed_record (const CsStepRecord *record,
             gpointer            user_data)
{
  Feed *feed = user_data;
  g_autoptr(GError) error = NULL;

  if (feed->taking && !cs_timing_data_add_record (feed->data, record, &error))
    g_error ("%s", error->message);
}

static CsTimingData *
simulate (CsSimulator *sim,
          CsWorkflow  *workflow,
          const char  *key)
{
  CsTimingData *data = cs_timing_data_new (CS_TIMING_SOURCE_ENGINE);
  g_autoptr(GError) error = NULL;
  Feed feed = { data, key, FALSE };

  g_assert_true (cs_simulator_run (sim, feed_instance, feed_record, &feed, NULL, &error));
  g_assert_no_error (error);
  cs_timing_data_add_workflow (data, workflow);
  return data;
}

static CsAnalysis *
analyse (CsTimingData      *data,
         CsAnalysisOptions *options)
{
  g_autoptr(GError) error = NULL;
  CsAnalysis *analysis = cs_analysis_run (data, options, &error);

  g_assert_no_error (error);
  return analysis;
}

/* review (approval, one officer, 30 min a case) → done | refused */
static CsWorkflow *
approval_queue (void)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("licence_review", 1, "Licence Review");
  CsStep *step = cs_approval (b, "review", "Licence Approval", "officer", NULL);

  cs_step_set_sim (step, CS_SIM_OFFICERS, 1);
  cs_step_set_sim (step, CS_SIM_HANDLING_TIME, 1800);
  cs_terminal (b, "done", "Done", CS_TERMINAL_SUCCESS);
  cs_terminal (b, "refused", "Refused", CS_TERMINAL_REJECTED);
  cs_on_approved (b, "review", "done");
  cs_on_rejected (b, "review", "refused");
  return cs_workflow_builder_finish (b);
}

/* The analysis and the simulator's own summary count the same history. */
static void
test_roundtrip (void)
{
  g_autoptr(CsSimulator) sim = cs_simulator_new (11);
  g_autoptr(CsWorkflow) workflow = approval_queue ();
  g_autoptr(CsTimingData) data = NULL;
  g_autoptr(CsAnalysisOptions) options = cs_analysis_options_new ();
  g_autoptr(CsAnalysis) a = NULL;
  g_autoptr(GError) error = NULL;
  const CsSimSummary *summary;
  const CsSimStepStats *expected;
  const CsStepMetrics *review;

  g_assert_true (cs_simulator_add_workflow (sim, workflow, 10, &error));
  cs_simulator_set_duration (sim, 28 * G_TIME_SPAN_DAY);
  cs_simulator_set_drain (sim, TRUE);
  data = simulate (sim, workflow, NULL);
  a = analyse (data, options);
  summary = cs_simulator_get_summary (sim);
  expected = cs_sim_summary_find_step (summary, "licence_review", "review");
  review = cs_analysis_find_step (a, "review");

  g_assert_cmpuint (cs_analysis_get_workflow_metrics (a)->instances, ==, summary->instances_started);
  g_assert_cmpuint (review->executions, ==, expected->executions);
  g_assert_cmpuint (review->approved, ==, expected->approved);
  g_assert_cmpuint (review->rejected, ==, expected->rejected);
  /* Both define the wait as queue + wait_time, with the same percentiles. */
  g_assert_cmpfloat_with_epsilon (review->citizen_wait.p50, expected->median_wait_ms, 1e-6);
  g_assert_cmpfloat_with_epsilon (review->citizen_wait.p90, expected->p90_wait_ms, 1e-6);
  g_assert_cmpfloat_with_epsilon (review->citizen_wait.mean, expected->mean_wait_ms, 1e-6);
  g_assert_cmpfloat_with_epsilon (review->duration.mean, expected->mean_execution_ms, 1e-6);
  g_assert_cmpfloat_with_epsilon (cs_analysis_get_workflow_metrics (a)->completion_time.p50,
                                  cs_sim_summary_find_workflow (summary, "licence_review")->median_duration_ms, 1e-6);
  /* One officer decided everything. */
  g_assert_cmpuint (review->distinct_executors, ==, 1);
}

/* The brief's own case: one officer, a long approval queue. */
static void
test_recommend_officer (void)
{
  g_autoptr(CsSimulator) sim = cs_simulator_new (2026);
  g_autoptr(CsWorkflow) workflow = approval_queue ();
  g_autoptr(CsTimingData) data = NULL;
  g_autoptr(CsAnalysisOptions) options = cs_analysis_options_new ();
  g_autoptr(CsAnalysis) a = NULL;
  g_autoptr(GPtrArray) recommendations = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;
  CsRecommendation *r;
  const CsStepMetrics *review;
  JsonArray *texts;

  /* Ten cases a day, around the clock; one officer in office hours. */
  g_assert_true (cs_simulator_add_workflow (sim, workflow, 10, &error));
  cs_simulator_set_duration (sim, 28 * G_TIME_SPAN_DAY);
  cs_simulator_set_drain (sim, TRUE);
  data = simulate (sim, workflow, NULL);
  a = analyse (data, options);
  review = cs_analysis_find_step (a, "review");
  g_test_message ("review: %" G_GUINT64_FORMAT " executions, %.0f %% waited, median wait %.1f h",
                  review->executions, review->approval_bottleneck_percentage, review->citizen_wait.p50 / 3.6e6);
  g_assert_cmpfloat (review->approval_bottleneck_percentage, >, 50.0);

  recommendations = cs_recommend (a, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recommendations->len, >=, 1);
  r = g_ptr_array_index (recommendations, 0);
  g_test_message ("%s (simulated now %.1f h; predicted %.1f h)", r->text,
                  r->simulated_median_wait_ms / 3.6e6, r->predicted_median_wait_ms / 3.6e6);
  g_assert_cmpint (r->kind, ==, CS_RECOMMEND_ADD_OFFICER);
  g_assert_cmpstr (r->step_id, ==, "review");
  g_assert_true (r->simulated);
  g_assert_cmpstr (r->change, ==, "officers 1 → 2");
  g_assert_nonnull (strstr (r->text, "Licence Approval: "));
  g_assert_nonnull (strstr (r->text, "waited for approval, median "));
  g_assert_nonnull (strstr (r->text, "a second approver is predicted to cut the median wait to "));
  g_assert_cmpfloat (r->observed_median_wait_ms, ==, review->citizen_wait.p50);
  /* The prediction is below what citizens see now… */
  g_assert_cmpfloat (r->predicted_median_wait_ms, <, r->observed_median_wait_ms);
  g_assert_cmpfloat (r->predicted_median_wait_ms, <, r->simulated_median_wait_ms);
  /* … and the simulation calibrated on the data reproduces that (same
   * model, other random numbers: within a third). */
  g_assert_cmpfloat (fabs (r->simulated_median_wait_ms - r->observed_median_wait_ms), <,
                     r->observed_median_wait_ms / 3);
  g_assert_cmpfloat (r->predicted_case_median_ms, <, r->simulated_case_median_ms);

  json = cs_analysis_json_bottlenecks (a, recommendations);
  texts = json_object_get_array_member (json_node_get_object (json), "recommendations");
  /* A GUI that gives up on it stops the simulations. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) cancelled = NULL;

    g_cancellable_cancel (cancellable);
    g_assert_null (cs_recommend (a, NULL, cancellable, &cancelled));
    g_assert_error (cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
  g_assert_cmpstr (json_array_get_string_element (texts, 0), ==, r->text);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (json),
                                                                         "quantified_recommendations")), ==,
                    recommendations->len);
}

/* submit (a minute of work per case) → done, on one worker at 87 % load */
static void
test_recommend_worker (void)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("busy_office", 1, "Busy Office");
  g_autoptr(CsWorkflow) workflow = NULL;
  g_autoptr(CsSimulator) sim = cs_simulator_new (5);
  g_autoptr(CsTimingData) data = NULL;
  g_autoptr(CsAnalysisOptions) options = cs_analysis_options_new ();
  g_autoptr(CsAnalysis) a = NULL;
  g_autoptr(GPtrArray) recommendations = NULL;
  g_autoptr(GError) error = NULL;
  CsRecommendation *r = NULL;

  cs_step_set_sim (cs_action (b, "submit", "Register Submission", "feedback.record"), CS_SIM_MEAN_SERVICE_TIME, 150);
  cs_terminal (b, "done", "Done", CS_TERMINAL_SUCCESS);
  cs_flow (b, "submit", "done", NULL);
  workflow = cs_workflow_builder_finish (b);
  g_assert_true (cs_simulator_add_workflow (sim, workflow, 500, &error));
  cs_simulator_set_workers (sim, 1);
  cs_simulator_set_duration (sim, 7 * G_TIME_SPAN_DAY);
  cs_simulator_set_drain (sim, TRUE);
  cs_simulator_set_outputs (sim, CS_SIM_OUTPUTS_ROUTING);
  data = simulate (sim, workflow, NULL);
  /* Everything queues here: "long" is what the office calls long. */
  cs_analysis_options_set_long_queue_ms (options, 60000);
  a = analyse (data, options);
  g_assert_cmpuint (cs_analysis_get_workflow_metrics (a)->workers, ==, 1);
  g_assert_cmpuint (cs_analysis_get_n_bottlenecks (a, CS_BOTTLENECK_QUEUE), >=, 1);

  recommendations = cs_recommend (a, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < recommendations->len; k++)
    if (((CsRecommendation *) g_ptr_array_index (recommendations, k))->kind == CS_RECOMMEND_ADD_WORKER)
      r = g_ptr_array_index (recommendations, k);
  g_assert_nonnull (r);
  g_test_message ("%s", r->text);
  g_assert_true (r->simulated);
  g_assert_cmpstr (r->change, ==, "workers 1 → 2");
  g_assert_nonnull (strstr (r->text, "one more worker (2 in all) is predicted to cut the median wait to "));
  /* Two workers at 43 % each: hardly any queue left. */
  g_assert_cmpfloat (r->predicted_median_wait_ms, <, r->observed_median_wait_ms / 4);
}

/* Without a definition there is nothing to simulate: what the data shows. */
static void
test_recommend_without_workflow (void)
{
  g_autoptr(CsSimulator) sim = cs_simulator_new (2026);
  g_autoptr(CsWorkflow) workflow = approval_queue ();
  g_autoptr(CsTimingData) data = cs_timing_data_new (CS_TIMING_SOURCE_ENGINE);
  g_autoptr(CsAnalysisOptions) options = cs_analysis_options_new ();
  g_autoptr(CsAnalysis) a = NULL;
  g_autoptr(GPtrArray) recommendations = NULL;
  g_autoptr(GError) error = NULL;
  Feed feed = { data, NULL, FALSE };
  CsRecommendation *r;

  g_assert_true (cs_simulator_add_workflow (sim, workflow, 10, &error));
  cs_simulator_set_duration (sim, 28 * G_TIME_SPAN_DAY);
  g_assert_true (cs_simulator_run (sim, feed_instance, feed_record, &feed, NULL, &error));
  a = analyse (data, options);
  recommendations = cs_recommend (a, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recommendations->len, >=, 1);
  r = g_ptr_array_index (recommendations, 0);
  g_assert_false (r->simulated);
  g_assert_true (isnan (r->predicted_median_wait_ms));
  g_assert_nonnull (strstr (r->text, "consider another approver, or automated approval for low-risk cases"));
}

/* A million executions of one workflow: the whole analysis, from the
 * columns to every measure, then the JSON of it all. */
static void
test_benchmark (void)
{
  g_autoptr(CsSimulator) sim = cs_simulator_new (2025);
  g_autoptr(CsWorkflow) workflow = cs_example_citizen_registration ();
  g_autoptr(CsTimingData) data = NULL;
  g_autoptr(CsAnalysisOptions) options = cs_analysis_options_new ();
  g_autoptr(CsAnalysisOptions) compared = NULL;
  g_autoptr(GError) error = NULL;
  double best_cpu = G_MAXDOUBLE, best_wall = G_MAXDOUBLE;
  gint64 t0;
  clock_t c0;

  g_assert_true (cs_simulator_add_workflow (sim, workflow, -1, &error));
  /* About 31 cases a day of 17 executions each: 5 years and 5 months. */
  cs_simulator_set_duration (sim, 1980 * G_TIME_SPAN_DAY);
  cs_simulator_set_outputs (sim, CS_SIM_OUTPUTS_ROUTING);
  data = simulate (sim, workflow, "citizen_registration");
  g_assert_cmpuint (cs_timing_data_get_n_rows (data), >=, 1000000);
  g_test_message ("%u executions of %u cases", cs_timing_data_get_n_rows (data),
                  cs_timing_data_get_n_instances (data));

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(CsAnalysis) a = NULL;
      double cpu, wall;

      /* Every round pays for preparing the columns, as a fresh fetch from
       * the store would: one more case (started on the second simulated
       * day, 7 January 2025) makes the data prepare again. */
      if (round > 0)
        cs_timing_data_add_instance (data, -(gint64) round, 1, G_GINT64_CONSTANT (1736208000) * G_USEC_PER_SEC, 0,
                                     CS_CASE_RUNNING, CS_TIMING_NONE);
      t0 = g_get_monotonic_time ();
      c0 = clock ();
      a = analyse (data, options);
      cpu = (double) (clock () - c0) / CLOCKS_PER_SEC;
      wall = (g_get_monotonic_time () - t0) / 1e6;
      g_test_message ("analysis of %u executions: %.3f s (%.3f s of CPU)", cs_timing_data_get_n_rows (data), wall, cpu);
      best_cpu = MIN (best_cpu, cpu);
      best_wall = MIN (best_wall, wall);
      g_assert_cmpuint (cs_analysis_get_n_transitions (a), >, 10);
    }
  g_test_minimized_result (best_wall, "whole analysis of 1M executions: %.3f s (%.3f s of CPU)", best_wall, best_cpu);

  /* The JSON of everything, and a comparison of two periods (two analyses). */
  {
    g_autoptr(CsAnalysis) a = analyse (data, options);
    g_autoptr(CsAnalysis) both = NULL;
    g_autoptr(JsonNode) report = NULL;
    g_autoptr(GPtrArray) recommendations = NULL;
    const CsWorkflowMetrics *w = cs_analysis_get_workflow_metrics (a);
    gint64 middle = w->first_start + (w->last_start - w->first_start) / 2;

    t0 = g_get_monotonic_time ();
    report = cs_analysis_json_report (a, NULL);
    g_test_message ("JSON report: %.3f s", (g_get_monotonic_time () - t0) / 1e6);

    compared = cs_analysis_options_copy (options);
    cs_analysis_options_set_range (compared, middle, 0, CS_RANGE_INSTANCE_START);
    cs_analysis_options_set_baseline (compared, w->first_start, middle);
    t0 = g_get_monotonic_time ();
    both = analyse (data, compared);
    g_test_message ("two periods compared: %.3f s", (g_get_monotonic_time () - t0) / 1e6);
    g_assert_nonnull (cs_analysis_get_comparison (both));

    t0 = g_get_monotonic_time ();
    recommendations = cs_recommend (a, NULL, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("recommendations (simulated what-ifs): %.3f s", (g_get_monotonic_time () - t0) / 1e6);
    for (guint k = 0; k < recommendations->len; k++)
      g_test_message ("  %s", ((CsRecommendation *) g_ptr_array_index (recommendations, k))->text);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/analytics/sim/roundtrip", test_roundtrip);
  g_test_add_func ("/analytics/sim/recommend-officer", test_recommend_officer);
  g_test_add_func ("/analytics/sim/recommend-worker", test_recommend_worker);
  g_test_add_func ("/analytics/sim/recommend-without-workflow", test_recommend_without_workflow);
  if (g_test_perf ())
    g_test_add_func ("/analytics/sim/benchmark", test_benchmark);

  return g_test_run ();
}
