/* test-analytics.c: the bottleneck analysis on a tiny engine log, by hand
 *
 * Five cases of a permit workflow with a parallel split and join, an
 * approval wait, an external service, a failure and a queue. Every
 * expected number is worked out in the comments from the table below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/cs-analysis.h"
#include "core/cs-error.h"
#include "core/cs-analysis-json.h"
#include "core/cs-quantiles.h"
#include "core/cs-timing-data.h"
#include "core/cs-workflow-builder.h"

#define NOT_SET -1.0

/* Percentiles */

static void
test_quantiles (void)
{
  double a[] = { 4, 1, 3, 2 };
  double b[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
  double c[] = { 0, 0, 0, 0, 0, 0, 7, 0, 0, 0 };
  double sorted[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  double ps[] = { 0.0, 0.5, 0.9, 1.0 };
  double out[4];
  CsDistribution d;
  g_autoptr(GArray) bins = NULL;

  /* Median of 1 2 3 4: h = 3 × 0.5 = 1.5, between 2 and 3: 2.5. */
  g_assert_cmpfloat (cs_quantile_select (a, 4, 0.5), ==, 2.5);
  /* p90 of 1…10: h = 9 × 0.9 = 8.1: 9 + 0.1 × (10 − 9) = 9.1. */
  cs_quantiles_select (b, 10, ps, 4, out);
  g_assert_cmpfloat (out[0], ==, 1.0);
  g_assert_cmpfloat (out[1], ==, 5.5);
  g_assert_cmpfloat_with_epsilon (out[2], 9.1, 1e-9);
  g_assert_cmpfloat (out[3], ==, 10.0);
  g_assert_cmpfloat_with_epsilon (cs_quantile_sorted (sorted, 10, 0.9), 9.1, 1e-9);
  /* Nine zeros and a 7: p90 is h = 8.1, between x[8] = 0 and x[9] = 7: 0.7. */
  g_assert_cmpfloat_with_epsilon (cs_quantile_select (c, 10, 0.9), 0.7, 1e-9);
  g_assert_true (isnan (cs_quantile_select (NULL, 0, 0.5)));

  /* 1 2 3 4 (reordered above): mean 2.5, p99 h = 2.97: 3 + 0.97 = 3.97. */
  cs_distribution_compute (a, 4, &d);
  g_assert_cmpuint (d.count, ==, 4);
  g_assert_cmpfloat (d.sum, ==, 10.0);
  g_assert_cmpfloat (d.mean, ==, 2.5);
  g_assert_cmpfloat (d.min, ==, 1.0);
  g_assert_cmpfloat (d.max, ==, 4.0);
  g_assert_cmpfloat_with_epsilon (d.p99, 3.97, 1e-9);

  /* 1…10 in 3 bins of width 3: [1, 4) 3 values, [4, 7) 3, [7, 10] 4. */
  bins = cs_histogram_compute (sorted, 10, 3, FALSE);
  g_assert_cmpuint (bins->len, ==, 3);
  g_assert_cmpuint (g_array_index (bins, CsHistogramBin, 0).count, ==, 3);
  g_assert_cmpuint (g_array_index (bins, CsHistogramBin, 1).count, ==, 3);
  g_assert_cmpuint (g_array_index (bins, CsHistogramBin, 2).count, ==, 4);
  g_assert_cmpfloat (g_array_index (bins, CsHistogramBin, 1).lower, ==, 4.0);
}

/* Selection must agree with sorting on awkward inputs: runs of equal
 * values, sorted and reversed arrays, many distinct values. */
static void
test_quantiles_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);

  for (guint round = 0; round < 200; round++)
    {
      gsize n = g_rand_int_range (rand, 1, 3000);
      g_autofree double *v = g_new (double, n);
      g_autofree double *s = g_new (double, n);
      double ps[] = { 0.01, 0.5, 0.9, 0.95, 0.99 }, out[5];
      guint shape = round % 4;

      for (gsize i = 0; i < n; i++)
        v[i] = shape == 0 ? g_rand_int_range (rand, 0, 3) : shape == 1 ? (double) i
               : shape == 2 ? (double) (n - i) : g_rand_double (rand);
      memcpy (s, v, n * sizeof (double));
      for (gsize i = 1; i < n; i++)
        for (gsize j = i; j > 0 && s[j - 1] > s[j]; j--)
          {
            double t = s[j];
            s[j] = s[j - 1];
            s[j - 1] = t;
          }
      cs_quantiles_select (v, n, ps, 5, out);
      for (guint q = 0; q < 5; q++)
        g_assert_cmpfloat (out[q], ==, cs_quantile_sorted (s, n, ps[q]));
    }
}

/* The tiny engine log */

/* submit → (check_docs ∥ review); check_docs, review (approved) → decide;
 * review (rejected) → refused; decide: fast → issue, otherwise → notify;
 * issue, notify → done. */
static CsWorkflow *
permit_workflow (void)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("permit", 1, "Permit");

  cs_action (b, "submit", "Submit Application", "feedback.record");
  cs_integration (b, "check_docs", "Check Documents", "POST", "https://docs.example.gov/check");
  cs_approval (b, "review", "Officer Review", "officer", NULL);
  cs_conditional (b, "decide", "Fast Track?");
  cs_action (b, "issue", "Issue Permit", "feedback.record");
  cs_action (b, "notify", "Notify Applicant", "feedback.record");
  cs_terminal (b, "done", "Done", CS_TERMINAL_SUCCESS);
  cs_terminal (b, "refused", "Refused", CS_TERMINAL_REJECTED);
  cs_fork (b, "submit", "check_docs", "review", NULL);
  cs_flow (b, "check_docs", "decide", NULL);
  cs_on_approved (b, "review", "decide");
  cs_on_rejected (b, "review", "refused");
  cs_when (b, "decide", "fast == true", "issue");
  cs_otherwise (b, "decide", "notify");
  cs_flow (b, "issue", "done", NULL);
  cs_flow (b, "notify", "done", NULL);
  return cs_workflow_builder_finish (b);
}

typedef struct
{
  gint64        instance;
  const char   *step;
  CsStepType    type;
  CsExecStatus  status;
  const char   *from;
  double        enqueued, started, completed;           /* s after T0, NOT_SET */
  double        queue, validation, execution, wait;     /* ms */
  guint         retries;
  const char   *by;
  const char   *error;
  const char   *outcome;
} Exec;

#define A CS_STEP_ACTION
#define I CS_STEP_INTEGRATION
#define P CS_STEP_APPROVAL
#define C CS_STEP_CONDITIONAL
#define T CS_STEP_TERMINAL
#define OK CS_EXEC_COMPLETED

static const Exec engine_log[] = {
  /* 101: fast track. */
  { 101, "submit", A, OK, NULL, 0, 0, 2, 0, 100, 2000, 0, 0, "worker-1", NULL, NULL },
  { 101, "check_docs", I, OK, "submit", 2, 3, 8, 1000, 0, 5000, 4000, 1, "worker-2", NULL, NULL },
  { 101, "review", P, OK, "submit", 2, 2, 3602, 0, 0, 3600000, 3000000, 0, "alice", NULL, "approved" },
  { 101, "decide", C, OK, "review", 3602, 3602, 3603, 0, 0, 1000, 0, 0, "worker-1", NULL, "fast" },
  { 101, "issue", A, OK, "decide", 3603, 3605, 3615, 2000, 0, 10000, 0, 0, "worker-2", NULL, NULL },
  { 101, "done", T, OK, "issue", 3615, 3615, 3615, 0, 0, 0, 0, 0, "worker-2", NULL, "SUCCESS" },
  /* 102: the other branch. */
  { 102, "submit", A, OK, NULL, 100, 100, 103, 0, 200, 3000, 0, 0, "worker-1", NULL, NULL },
  { 102, "check_docs", I, OK, "submit", 103, 103, 105, 0, 0, 2000, 1500, 0, "worker-1", NULL, NULL },
  { 102, "review", P, OK, "submit", 103, 104, 7304, 1000, 0, 7200000, 7000000, 0, "bob", NULL, "approved" },
  { 102, "decide", C, OK, "review", 7304, 7304, 7305, 0, 0, 1000, 0, 0, "worker-1", NULL, "otherwise" },
  { 102, "notify", A, OK, "decide", 7305, 7305, 7306, 0, 0, 1000, 0, 0, "worker-1", NULL, NULL },
  { 102, "done", T, OK, "notify", 7306, 7306, 7306, 0, 0, 0, 0, 0, "worker-1", NULL, "SUCCESS" },
  /* 103: the document check fails after two retries; the review is cancelled. */
  { 103, "submit", A, OK, NULL, 200, 200, 201, 0, 100, 1000, 0, 0, "worker-1", NULL, NULL },
  { 103, "check_docs", I, CS_EXEC_FAILED, "submit", 201, 201, 231, 0, 0, 30000, 29000, 2, "worker-2", "Registry timeout", NULL },
  { 103, "review", P, CS_EXEC_CANCELLED, "submit", 201, 201, 231, 0, 0, 0, 0, 0, NULL, "The instance had ended", NULL },
  /* 104: still waiting for its review; its submission queued. */
  { 104, "submit", A, OK, NULL, 300, 302, 304, 2000, 100, 2000, 0, 0, "worker-1", NULL, NULL },
  { 104, "check_docs", I, OK, "submit", 304, 304, 305, 0, 0, 1000, 500, 0, "worker-1", NULL, NULL },
  { 104, "review", P, CS_EXEC_WAITING, "submit", 304, 304, NOT_SET, 0, 0, 0, 0, 0, NULL, NULL, NULL },
  /* 105: rejected. */
  { 105, "submit", A, OK, NULL, 400, 400, 401, 0, 100, 1000, 0, 0, "worker-1", NULL, NULL },
  { 105, "check_docs", I, OK, "submit", 401, 401, 402, 0, 0, 1000, 800, 0, "worker-2", NULL, NULL },
  { 105, "review", P, OK, "submit", 401, 401, 1801, 0, 0, 1400000, 1000000, 0, "alice", NULL, "rejected" },
  { 105, "refused", T, OK, "review", 1801, 1801, 1801, 0, 0, 0, 0, 0, "worker-1", NULL, "REJECTED" },
};

typedef struct
{
  gint64        id;
  double        started, completed;
  CsCaseStatus  status;
  const char   *outcome;
  const char   *channel;
  const char   *area;
} Case;

static const Case engine_cases[] = {
  { 101, 0, 3615, CS_CASE_COMPLETED, "SUCCESS", "web", "north" },
  { 102, 100, 7306, CS_CASE_COMPLETED, "SUCCESS", "phone", "north" },
  { 103, 200, 231, CS_CASE_FAILED, "FAILED", "web", "south" },
  { 104, 300, NOT_SET, CS_CASE_RUNNING, NULL, "web", "south" },
  { 105, 400, 1801, CS_CASE_COMPLETED, "REJECTED", "counter", "north" },
};

/* Monday 2 March 2026, 08:00 UTC. */
#define T0 (G_GINT64_CONSTANT (1772438400) * G_USEC_PER_SEC)

static gint64
at (double seconds)
{
  return seconds == NOT_SET ? 0 : T0 + (gint64) (seconds * G_USEC_PER_SEC);
}

static CsTimingData *
engine_data (gboolean with_workflow)
{
  CsTimingData *data = cs_timing_data_new (CS_TIMING_SOURCE_ENGINE);
  guint32 channel = cs_timing_data_intern (data, "channel"), area = cs_timing_data_intern (data, "area");

  if (with_workflow)
    {
      g_autoptr(CsWorkflow) workflow = permit_workflow ();
      cs_timing_data_add_workflow (data, workflow);
    }
  for (guint k = 0; k < G_N_ELEMENTS (engine_cases); k++)
    {
      const Case *c = &engine_cases[k];
      guint32 i = cs_timing_data_add_instance (data, c->id, 1, at (c->started), at (c->completed), c->status,
                                               cs_timing_data_intern (data, c->outcome));

      cs_timing_data_set_attribute (data, i, channel, cs_timing_data_intern (data, c->channel));
      cs_timing_data_set_attribute (data, i, area, cs_timing_data_intern (data, c->area));
    }
  for (guint k = 0; k < G_N_ELEMENTS (engine_log); k++)
    {
      const Exec *e = &engine_log[k];
      CsTimingRow row;

      cs_timing_row_init (&row);
      row.instance = cs_timing_data_find_instance (data, e->instance);
      row.step = cs_timing_data_intern_step (data, e->step);
      row.step_type = e->type;
      row.status = e->status;
      row.from_step = cs_timing_data_intern_step (data, e->from);
      row.enqueued_at = at (e->enqueued);
      row.started_at = at (e->started);
      row.completed_at = at (e->completed);
      row.queue_time_ms = e->queue;
      row.validation_time_ms = e->validation;
      row.execution_time_ms = e->execution;
      row.wait_time_ms = e->wait;
      row.retry_count = e->retries;
      row.waiting_for_approval = e->type == CS_STEP_APPROVAL;
      row.waiting_for_external = e->type == CS_STEP_INTEGRATION;
      row.executed_by = cs_timing_data_intern (data, e->by);
      row.error = cs_timing_data_intern (data, e->error);
      row.outcome = cs_timing_data_intern (data, e->outcome);
      cs_timing_data_append (data, &row);
    }
  return data;
}

static CsAnalysis *
analyse (CsTimingData      *data,
         CsAnalysisOptions *options)
{
  g_autoptr(GError) error = NULL;
  CsAnalysis *analysis = cs_analysis_run (data, options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (analysis);
  return analysis;
}

static CsAnalysisOptions *
tiny_options (void)
{
  CsAnalysisOptions *options = cs_analysis_options_new ();

  /* Five cases: every step may enter the lists. */
  cs_analysis_options_set_min_executions (options, 1);
  /* 50 min: review's elapsed 3 600 000, 7 201 000, 1 400 000 → 2 of 3 over. */
  cs_analysis_options_set_target (options, "review", 3000000);
  return options;
}

static gboolean
has_string (const char * const *strv,
            const char         *text)
{
  for (guint k = 0; strv != NULL && strv[k] != NULL; k++)
    if (g_str_equal (strv[k], text))
      return TRUE;
  return FALSE;
}

static void
test_engine_steps (void)
{
  g_autoptr(CsTimingData) data = engine_data (TRUE);
  g_autoptr(CsAnalysisOptions) options = tiny_options ();
  g_autoptr(CsAnalysis) a = analyse (data, options);
  const CsStepMetrics *submit = cs_analysis_find_step (a, "submit");
  const CsStepMetrics *docs = cs_analysis_find_step (a, "check_docs");
  const CsStepMetrics *review = cs_analysis_find_step (a, "review");
  const CsStepMetrics *issue = cs_analysis_find_step (a, "issue");

  /* The workflow's steps in its order. */
  g_assert_cmpuint (cs_analysis_get_n_steps (a), ==, 8);
  g_assert_cmpstr (cs_analysis_get_step (a, 0)->step_id, ==, "submit");
  g_assert_cmpstr (cs_analysis_get_step (a, 7)->step_id, ==, "refused");
  g_assert_cmpstr (submit->name, ==, "Submit Application");

  /* submit: five executions, all completed. Durations 2000 3000 1000 2000
   * 1000 → sorted 1000 1000 2000 2000 3000: mean 9000 / 5 = 1800, median
   * x[2] = 2000, p90 h = 3.6: 2000 + 0.6 × 1000 = 2600. Queues 0 0 0 2000 0:
   * mean 400; validation 100 200 100 100 100: mean 120. */
  g_assert_cmpuint (submit->executions, ==, 5);
  g_assert_cmpuint (submit->successes, ==, 5);
  g_assert_cmpfloat (submit->success_rate, ==, 100.0);
  g_assert_cmpfloat (submit->duration.mean, ==, 1800.0);
  g_assert_cmpfloat (submit->duration.min, ==, 1000.0);
  g_assert_cmpfloat (submit->duration.max, ==, 3000.0);
  g_assert_cmpfloat (submit->duration.p50, ==, 2000.0);
  g_assert_cmpfloat_with_epsilon (submit->duration.p90, 2600.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (submit->duration.p95, 2800.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (submit->duration.p99, 2960.0, 1e-6);
  g_assert_cmpfloat (submit->mean_queue_ms, ==, 400.0);
  g_assert_cmpfloat (submit->mean_validation_ms, ==, 120.0);
  /* Elapsed (completion − enqueued): 2 3 1 4 1 s: mean 2200. */
  g_assert_cmpfloat (submit->elapsed.mean, ==, 2200.0);
  g_assert_cmpfloat (submit->frequency, ==, 1.0);

  /* Long queue: the median queue of all 20 executions is 0 (16 zeros), so
   * the threshold is max (1 s, 5 × 0) = 1000 ms; only the two 2000 ms
   * queues exceed it (submit of 104, issue of 101): submit 1 of 5 = 20 %. */
  g_assert_cmpfloat (cs_analysis_get_workflow_metrics (a)->long_queue_ms, ==, 1000.0);
  g_assert_cmpuint (submit->long_queues, ==, 1);
  g_assert_cmpfloat (submit->long_queue_time_percentage, ==, 20.0);
  g_assert_cmpfloat (submit->approval_bottleneck_percentage, ==, 0.0);
  /* 20 % > 10 %: more workers; 1800 ms is not slow. */
  g_assert_true (has_string (submit->suggested_optimizations,
                             "Consider adding more execution workers - queue time is high"));
  g_assert_false (has_string (submit->suggested_optimizations,
                              "Consider optimizing step logic - execution time is high"));

  /* check_docs: 4 completed, 1 failed: 80 %. Durations 5000 2000 30000 1000
   * 1000 → mean 39000 / 5 = 7800, median 2000, p90 h = 3.6: 5000 + 0.6 ×
   * 25000 = 20000. Waited for the service: 101 (a retry), 102 (1500 ms >
   * 1000), 103 (retries), not 104 (500 ms) nor 105 (800 ms): 3 / 5 = 60 %. */
  g_assert_cmpuint (docs->executions, ==, 5);
  g_assert_cmpuint (docs->successes, ==, 4);
  g_assert_cmpuint (docs->failures, ==, 1);
  g_assert_cmpfloat (docs->success_rate, ==, 80.0);
  g_assert_cmpfloat (docs->duration.mean, ==, 7800.0);
  g_assert_cmpfloat (docs->duration.p50, ==, 2000.0);
  g_assert_cmpfloat_with_epsilon (docs->duration.p90, 20000.0, 1e-6);
  g_assert_cmpfloat (docs->external_service_bottleneck_percentage, ==, 60.0);
  g_assert_cmpfloat (docs->approval_bottleneck_percentage, ==, 0.0);
  g_assert_cmpfloat (docs->long_queue_time_percentage, ==, 0.0);   /* 1000 is not > 1000 */
  /* Retries 1 + 2 = 3; calls (retries + 1 each) 2 + 1 + 3 + 1 + 1 = 8;
   * calls without retry waited 1500, 500, 800: mean 933.3. */
  g_assert_cmpuint (docs->retries, ==, 3);
  g_assert_cmpuint (docs->attempts, ==, 8);
  g_assert_cmpfloat_with_epsilon (docs->mean_call_ms, 2800.0 / 3, 1e-9);
  /* Waits 4000 1500 29000 500 800: mean 7160; working parts 1000 500 1000
   * 500 200: mean 640; citizen wait (queue + wait) 5000 1500 29000 500 800:
   * median 1500, mean 7360. */
  g_assert_cmpfloat (docs->mean_wait_ms, ==, 7160.0);
  g_assert_cmpfloat (docs->mean_active_ms, ==, 640.0);
  g_assert_cmpfloat (docs->citizen_wait.p50, ==, 1500.0);
  g_assert_cmpfloat (docs->citizen_wait.mean, ==, 7360.0);
  g_assert_cmpuint (docs->n_common_errors, ==, 1);
  g_assert_cmpstr (docs->common_errors[0].error, ==, "Registry timeout");
  g_assert_cmpuint (docs->common_errors[0].count, ==, 1);
  /* 7800 > 5000 ms: slow; 60 % > 20 %: the service; 2 of 5 retried (40 %
   * > 20 %); 20 % failed (> 5 %). */
  g_assert_true (has_string (docs->suggested_optimizations,
                             "Consider optimizing step logic - execution time is high"));
  g_assert_true (has_string (docs->suggested_optimizations,
                             "Consider caching responses or a faster external service - many executions wait for it"));
  g_assert_true (has_string (docs->suggested_optimizations,
                             "Consider a longer timeout or a circuit breaker - 40 % of the executions needed retries"));
  g_assert_true (has_string (docs->suggested_optimizations,
                             "Consider handling the most common error - 20 % of the executions fail, most often with “Registry timeout”"));

  /* review: 101, 102 and 105 finished; 103 cancelled, 104 waiting. Durations
   * 3 600 000, 7 200 000, 1 400 000: mean 12 200 000 / 3, median 3 600 000,
   * p90 h = 1.8: 3 600 000 + 0.8 × 3 600 000 = 6 480 000. All three waited
   * for approval: 100 %. */
  g_assert_cmpuint (review->executions, ==, 3);
  g_assert_cmpuint (review->cancelled, ==, 1);
  g_assert_cmpuint (review->in_progress, ==, 1);
  g_assert_cmpfloat_with_epsilon (review->duration.mean, 12200000.0 / 3, 1e-6);
  g_assert_cmpfloat (review->duration.p50, ==, 3600000.0);
  g_assert_cmpfloat_with_epsilon (review->duration.p90, 6480000.0, 1e-6);
  g_assert_cmpfloat (review->approval_bottleneck_percentage, ==, 100.0);
  g_assert_cmpfloat_with_epsilon (review->mean_queue_ms, 1000.0 / 3, 1e-9);
  g_assert_cmpuint (review->approved, ==, 2);
  g_assert_cmpuint (review->rejected, ==, 1);
  g_assert_cmpuint (review->distinct_executors, ==, 2);   /* alice, bob */
  /* Working parts 600 000, 200 000, 400 000: mean 400 000. */
  g_assert_cmpfloat (review->mean_active_ms, ==, 400000.0);
  g_assert_true (has_string (review->suggested_optimizations,
                             "Consider streamlining approval process - many steps waiting for approval"));
  /* An approval is slow because of people, not its logic. */
  g_assert_false (has_string (review->suggested_optimizations,
                              "Consider optimizing step logic - execution time is high"));
  /* Target 3 000 000 ms of elapsed time: 3 600 000 and 7 201 000 exceed
   * it, 1 400 000 does not: 2 of 3. */
  g_assert_cmpfloat (review->target_ms, ==, 3000000.0);
  g_assert_cmpuint (review->over_target, ==, 2);
  g_assert_cmpfloat_with_epsilon (review->over_target_percentage, 200.0 / 3, 1e-9);
  g_assert_true (has_string (review->suggested_optimizations,
                             "Consider what delays this step - 67 % of the executions take longer than the target of 50 min"));
  g_assert_true (isnan (submit->target_ms));

  /* Share of the total elapsed time: submit 11 000, check_docs 40 000,
   * review 3 600 000 + 7 201 000 + 1 400 000 = 12 201 000, decide 2000,
   * issue 12 000, notify 1000, done and refused 0: 12 267 000 in all;
   * review 12 201 000 / 12 267 000 = 99.462 %. Heat: review's mean elapsed
   * 4 067 000 is the largest; submit 2200 / 4 067 000. */
  g_assert_cmpfloat_with_epsilon (review->share_of_total_time, 100.0 * 12201000 / 12267000, 1e-9);
  g_assert_cmpfloat_with_epsilon (submit->share_of_total_time, 100.0 * 11000 / 12267000, 1e-9);
  g_assert_cmpfloat (review->heat, ==, 1.0);
  g_assert_cmpfloat_with_epsilon (submit->heat, 2200.0 / 4067000, 1e-12);

  /* issue: one execution of 10 s after a 2 s queue: slow and queued. */
  g_assert_cmpfloat (issue->long_queue_time_percentage, ==, 100.0);
  g_assert_true (has_string (issue->suggested_optimizations,
                             "Consider optimizing step logic - execution time is high"));
}

static void
test_engine_workflow (void)
{
  g_autoptr(CsTimingData) data = engine_data (TRUE);
  g_autoptr(CsAnalysisOptions) options = tiny_options ();
  g_autoptr(CsAnalysis) a = analyse (data, options);
  const CsWorkflowMetrics *w = cs_analysis_get_workflow_metrics (a);

  /* 101, 102 and 105 completed (105 rejected), 103 failed, 104 runs. */
  g_assert_cmpstr (w->workflow_key, ==, "permit");
  g_assert_cmpuint (w->instances, ==, 5);
  g_assert_cmpuint (w->completed, ==, 3);
  g_assert_cmpuint (w->succeeded, ==, 2);
  g_assert_cmpuint (w->failed, ==, 1);
  g_assert_cmpuint (w->running, ==, 1);
  g_assert_cmpfloat (w->completion_rate, ==, 60.0);
  /* Durations 3615 s, 7306 − 100 = 7206 s, 1801 − 400 = 1401 s: mean
   * 12 222 000 / 3 = 4 074 000 ms, median 3 615 000. */
  g_assert_cmpfloat (w->completion_time.mean, ==, 4074000.0);
  g_assert_cmpfloat (w->completion_time.p50, ==, 3615000.0);
  /* All 8 steps ran; success rates 100, 80 and six times 100: 780 / 8. */
  g_assert_cmpuint (w->total_steps, ==, 8);
  g_assert_cmpuint (w->steps_with_data, ==, 8);
  g_assert_cmpfloat (w->average_step_success_rate, ==, 97.5);
  g_assert_cmpstr (w->slowest_step, ==, "review");
  g_assert_cmpstr (w->most_error_prone_step, ==, "check_docs");
  /* The seed's general suggestions, each once, in step order: submit's
   * workers, check_docs' logic and service, review's approval. */
  g_assert_cmpuint (g_strv_length ((char **) w->optimization_suggestions), ==, 4);
  g_assert_cmpstr (w->optimization_suggestions[0], ==, "Consider adding more execution workers - queue time is high");
  g_assert_cmpstr (w->optimization_suggestions[1], ==, "Consider optimizing step logic - execution time is high");
  g_assert_cmpstr (w->optimization_suggestions[3], ==,
                   "Consider streamlining approval process - many steps waiting for approval");
  /* Workers: worker-1 and worker-2 ran every step but the reviews. */
  g_assert_cmpuint (w->workers, ==, 2);

  /* Active time is the union of the working intervals, each the last
   * (execution − wait) before completion:
   *   101: submit [0, 2], check_docs [7, 8], review [3002, 3602], decide
   *        [3602, 3603], issue [3605, 3615]: 2 + 1 + 601 + 10 = 614 s;
   *   102: submit [100, 103], check_docs [104.5, 105], review [7104, 7304],
   *        decide, notify to 7306: 3 + 0.5 + 202 = 205.5 s;
   *   105: submit [400, 401], check_docs [401.8, 402], review [1401, 1801]:
   *        1 + 0.2 + 400 = 401.2 s.
   * Mean 1 220 700 / 3 = 406 900 ms; waiting 4 074 000 − 406 900. */
  g_assert_cmpfloat_with_epsilon (w->citizen_active_ms, 406900.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (w->citizen_waiting_ms, 3667100.0, 1e-6);

  /* Per case: 102 lasted 7 206 000 ms, 205 500 of them worked on. */
  {
    double duration = 0, active = 0, waiting = 0;

    g_assert_true (cs_analysis_get_case_time (a, 102, &duration, &active, &waiting));
    g_assert_cmpfloat (duration, ==, 7206000.0);
    g_assert_cmpfloat (active, ==, 205500.0);
    g_assert_cmpfloat (waiting, ==, 7000500.0);
    g_assert_false (cs_analysis_get_case_time (a, 104, NULL, NULL, NULL));   /* running */
    g_assert_false (cs_analysis_get_case_time (a, 999, NULL, NULL, NULL));
  }
}

static void
test_engine_transitions (void)
{
  g_autoptr(CsTimingData) data = engine_data (TRUE);
  g_autoptr(CsAnalysisOptions) options = tiny_options ();
  g_autoptr(CsAnalysis) a = analyse (data, options);
  const CsTransitionMetrics *docs = cs_analysis_find_transition (a, "submit", "check_docs");
  const CsTransitionMetrics *review = cs_analysis_find_transition (a, "submit", "review");
  const CsTransitionMetrics *decide = cs_analysis_find_transition (a, "review", "decide");
  const CsTransitionMetrics *issue = cs_analysis_find_transition (a, "decide", "issue");
  const CsBottleneckTransition *first, *second;

  /* Pairs: submit→check_docs ×5, submit→review ×3 (103's review was
   * cancelled, 104's waits), review→decide ×2 (the join's last predecessor
   * is review in both), then five single ones; no check_docs→decide. */
  g_assert_cmpuint (cs_analysis_get_n_transitions (a), ==, 8);
  g_assert_null (cs_analysis_find_transition (a, "check_docs", "decide"));
  g_assert_true (cs_analysis_get_transition (a, 0) == docs);
  g_assert_true (cs_analysis_get_transition (a, 1) == review);
  g_assert_true (cs_analysis_get_transition (a, 2) == decide);
  /* Ties by the origin's position: review → refused before decide → …. */
  g_assert_cmpstr (cs_analysis_get_transition (a, 3)->to_step, ==, "refused");

  /* submit → check_docs, completion to completion: 8 − 2 = 6 s, 2 s,
   * 30 s (the failure counts), 1 s, 1 s: mean 8000, median 2000, p90 h =
   * 3.6: 6000 + 0.6 × 24 000 = 20 400. The citizen waits for the queue and
   * the service: 1000 + 4000, 1500, 29 000, 500, 800: mean 7360. */
  g_assert_cmpuint (docs->count, ==, 5);
  g_assert_cmpfloat (docs->time.mean, ==, 8000.0);
  g_assert_cmpfloat (docs->time.p50, ==, 2000.0);
  g_assert_cmpfloat_with_epsilon (docs->time.p90, 20400.0, 1e-6);
  g_assert_cmpfloat (docs->mean_wait_ms, ==, 7360.0);
  g_assert_cmpfloat (docs->mean_active_ms, ==, 640.0);
  g_assert_cmpfloat (docs->mean_queue_ms, ==, 200.0);
  g_assert_cmpfloat (docs->mean_external_ms, ==, 7160.0);

  /* submit → review: 3600 s, 7304 − 103 = 7201 s, 1400 s: mean 4 067 000;
   * waits 3 000 000, 1000 + 7 000 000, 1 000 000: mean 3 667 000. */
  g_assert_cmpuint (review->count, ==, 3);
  g_assert_cmpfloat (review->time.mean, ==, 4067000.0);
  g_assert_cmpfloat (review->time.p50, ==, 3600000.0);
  g_assert_cmpfloat_with_epsilon (review->mean_wait_ms, 3667000.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (review->mean_approval_ms, 11000000.0 / 3, 1e-6);

  g_assert_cmpfloat (decide->time.mean, ==, 1000.0);
  g_assert_cmpfloat (decide->mean_wait_ms, ==, 0.0);
  /* decide → issue: 3615 − 3603 = 12 s, 2 s of it queued. */
  g_assert_cmpfloat (issue->time.mean, ==, 12000.0);
  g_assert_cmpfloat (issue->mean_wait_ms, ==, 2000.0);
  g_assert_cmpfloat (issue->mean_active_ms, ==, 10000.0);

  /* Waits above 5000 ms: submit → review (approval), submit → check_docs
   * (the service, 7160 of 7360); decide → issue waits only 2000. */
  g_assert_cmpuint (cs_analysis_get_n_bottleneck_transitions (a), ==, 2);
  first = cs_analysis_get_bottleneck_transition (a, 0);
  second = cs_analysis_get_bottleneck_transition (a, 1);
  g_assert_true (first->transition == review);
  g_assert_cmpstr (first->reason, ==, "Manual approval process");
  g_assert_cmpstr (first->suggestion, ==, "Consider automated approval for low-risk cases");
  g_assert_true (second->transition == docs);
  g_assert_cmpstr (second->reason, ==, "Waiting for an external service");
}

static void
test_engine_paths (void)
{
  g_autoptr(CsTimingData) data = engine_data (TRUE);
  g_autoptr(CsAnalysisOptions) options = tiny_options ();
  g_autoptr(CsAnalysis) a = analyse (data, options);
  const CsCriticalPath *path = cs_analysis_get_critical_path (a);
  const char * const expected[] = { "submit", "review", "decide", "issue", "done" };
  const CsBranchPoint *review, *decide;

  /* Expected time = executions / 5 cases × mean elapsed: submit 2200,
   * check_docs 8000, review 3/5 × 4 067 000 = 2 440 200, decide 2/5 × 1000
   * = 400, issue 1/5 × 12 000 = 2400, notify 1/5 × 1000 = 200, done and
   * refused 0. Longest: submit, review, decide, issue, done =
   * 2200 + 2 440 200 + 400 + 2400 = 2 445 200 (via notify: 2 443 000). */
  g_assert_true (path->from_workflow);
  g_assert_cmpuint (path->n_steps, ==, G_N_ELEMENTS (expected));
  for (guint k = 0; k < G_N_ELEMENTS (expected); k++)
    g_assert_cmpstr (path->steps[k].step_id, ==, expected[k]);
  g_assert_cmpfloat_with_epsilon (path->steps[1].expected_ms, 2440200.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (path->expected_total_ms, 2445200.0, 1e-6);

  /* Bottleneck lists (min_executions 1): slow (mean > 5000 ms): review
   * 4 066 667, issue 10 000, check_docs 7800, worst first; approval: review
   * 100 %; external: check_docs 60 %; queue: issue 100 %, submit 20 %. */
  g_assert_cmpuint (cs_analysis_get_n_bottlenecks (a, CS_BOTTLENECK_SLOW), ==, 3);
  g_assert_cmpstr (cs_analysis_get_bottleneck (a, CS_BOTTLENECK_SLOW, 0)->step_id, ==, "review");
  g_assert_cmpstr (cs_analysis_get_bottleneck (a, CS_BOTTLENECK_SLOW, 1)->step_id, ==, "issue");
  g_assert_cmpstr (cs_analysis_get_bottleneck (a, CS_BOTTLENECK_SLOW, 2)->step_id, ==, "check_docs");
  g_assert_cmpuint (cs_analysis_get_n_bottlenecks (a, CS_BOTTLENECK_APPROVAL), ==, 1);
  g_assert_cmpuint (cs_analysis_get_n_bottlenecks (a, CS_BOTTLENECK_EXTERNAL), ==, 1);
  g_assert_cmpstr (cs_analysis_get_bottleneck (a, CS_BOTTLENECK_EXTERNAL, 0)->step_id, ==, "check_docs");
  g_assert_cmpuint (cs_analysis_get_n_bottlenecks (a, CS_BOTTLENECK_QUEUE), ==, 2);
  g_assert_cmpstr (cs_analysis_get_bottleneck (a, CS_BOTTLENECK_QUEUE, 0)->step_id, ==, "issue");
  g_assert_true (has_string (cs_analysis_get_recommendations (a),
                             "Officer Review: Consider streamlining approval process - many steps waiting for approval"));

  /* Branches: review (position 2) then decide (3). review: approved in 101
   * and 102 (2 of 3), rejected in 105; after approval the cases ended 13 s
   * and 2 s later (mean 7500), both with SUCCESS. */
  g_assert_cmpuint (cs_analysis_get_n_branch_points (a), ==, 2);
  review = cs_analysis_get_branch_point (a, 0);
  decide = cs_analysis_get_branch_point (a, 1);
  g_assert_cmpstr (review->step_id, ==, "review");
  g_assert_cmpuint (review->executions, ==, 3);
  g_assert_cmpuint (review->n_branches, ==, 2);
  g_assert_cmpstr (review->branches[0].label, ==, "approved");
  g_assert_cmpuint (review->branches[0].count, ==, 2);
  g_assert_cmpfloat_with_epsilon (review->branches[0].share, 200.0 / 3, 1e-9);
  g_assert_cmpfloat (review->branches[0].remaining.mean, ==, 7500.0);
  g_assert_cmpuint (review->branches[0].succeeded, ==, 2);
  g_assert_cmpstr (review->branches[0].next_steps[0], ==, "decide");
  g_assert_null (review->branches[0].next_steps[1]);
  g_assert_cmpstr (review->branches[1].label, ==, "rejected");
  g_assert_cmpstr (review->branches[1].next_steps[0], ==, "refused");
  g_assert_cmpfloat (review->branches[1].remaining.mean, ==, 0.0);
  g_assert_cmpuint (review->branches[1].succeeded, ==, 0);
  /* decide: fast (101: 12 s to the end, then issue), otherwise (102: 1 s). */
  g_assert_cmpstr (decide->step_id, ==, "decide");
  g_assert_cmpuint (decide->n_branches, ==, 2);
  g_assert_cmpstr (decide->branches[0].label, ==, "fast");
  g_assert_cmpfloat (decide->branches[0].share, ==, 50.0);
  g_assert_cmpfloat (decide->branches[0].remaining.mean, ==, 12000.0);
  g_assert_cmpstr (decide->branches[0].next_steps[0], ==, "issue");
  g_assert_cmpstr (decide->branches[1].label, ==, "otherwise");
  g_assert_cmpstr (decide->branches[1].next_steps[0], ==, "notify");
}

/* Without the definition: names are ids, types as recorded, and the
 * critical path follows the observed transitions. */
static void
test_engine_without_workflow (void)
{
  g_autoptr(CsTimingData) data = engine_data (FALSE);
  g_autoptr(CsAnalysisOptions) options = tiny_options ();
  g_autoptr(CsAnalysis) a = analyse (data, options);
  const CsCriticalPath *path = cs_analysis_get_critical_path (a);

  g_assert_cmpstr (cs_analysis_find_step (a, "review")->name, ==, "review");
  g_assert_cmpint (cs_analysis_find_step (a, "review")->type, ==, CS_STEP_APPROVAL);
  g_assert_false (path->from_workflow);
  /* Observed edges lack check_docs → decide; the same path wins. */
  g_assert_cmpuint (path->n_steps, ==, 5);
  g_assert_cmpstr (path->steps[1].step_id, ==, "review");
  g_assert_cmpfloat_with_epsilon (path->expected_total_ms, 2445200.0, 1e-6);
}

/* Range, version and instance filters */
static void
test_engine_filters (void)
{
  g_autoptr(CsTimingData) data = engine_data (TRUE);
  g_autoptr(CsAnalysisOptions) options = tiny_options ();
  g_autoptr(CsAnalysis) started = NULL;
  g_autoptr(CsAnalysis) ended = NULL;
  g_autoptr(CsAnalysis) one = NULL;
  g_autoptr(CsAnalysis) v2 = NULL;
  g_autoptr(GError) error = NULL;

  /* Cases started in [100 s, 300 s): 102 and 103, with all their executions. */
  cs_analysis_options_set_range (options, at (100), at (300), CS_RANGE_INSTANCE_START);
  started = analyse (data, options);
  g_assert_cmpuint (cs_analysis_get_workflow_metrics (started)->instances, ==, 2);
  g_assert_cmpuint (cs_analysis_find_step (started, "review")->executions, ==, 1);
  g_assert_cmpuint (cs_analysis_find_step (started, "check_docs")->executions, ==, 2);

  /* By completion in [0, 1000 s): executions that ended then (101's submit,
   * check_docs; 102's submit and check_docs, 103's two, 104's two, 105's
   * submit and check_docs) and the cases that ended then (103 only). */
  cs_analysis_options_set_range (options, at (0), at (1000), CS_RANGE_COMPLETION);
  ended = analyse (data, options);
  g_assert_cmpuint (cs_analysis_find_step (ended, "check_docs")->executions, ==, 5);
  g_assert_cmpuint (cs_analysis_find_step (ended, "review")->executions, ==, 0);
  g_assert_cmpuint (cs_analysis_get_workflow_metrics (ended)->instances, ==, 1);
  g_assert_cmpuint (cs_analysis_get_workflow_metrics (ended)->failed, ==, 1);

  /* One instance: its transitions only, as /timing-analysis?instance_id= shows. */
  cs_analysis_options_set_range (options, 0, 0, CS_RANGE_INSTANCE_START);
  cs_analysis_options_set_instance (options, 102);
  one = analyse (data, options);
  g_assert_cmpuint (cs_analysis_get_workflow_metrics (one)->instances, ==, 1);
  g_assert_cmpfloat (cs_analysis_find_transition (one, "submit", "review")->time.mean, ==, 7201000.0);

  /* No version 2 cases; an instance the data lacks is an error. */
  cs_analysis_options_set_instance (options, 0);
  cs_analysis_options_set_version (options, 2);
  v2 = analyse (data, options);
  g_assert_cmpuint (cs_analysis_get_workflow_metrics (v2)->instances, ==, 0);
  g_assert_cmpuint (cs_analysis_find_step (v2, "submit")->executions, ==, 0);
  cs_analysis_options_set_instance (options, 999);
  g_assert_null (cs_analysis_run (data, options, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  cs_analysis_options_set_instance (options, 0);
  cs_analysis_options_set_range (options, at (10), at (5), CS_RANGE_INSTANCE_START);
  g_assert_null (cs_analysis_run (data, options, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
}

/* JSON: every key of every example of seed 001, with a JSON type that
 * matches; items of arrays are checked against the example's first item.
 * The examples are copied from the seed ("step_metrics": [...] becomes []). */

static void
check_shape (JsonNode   *example,
             JsonNode   *actual,
             const char *path)
{
  JsonNodeType type = json_node_get_node_type (example);

  g_test_message ("%s", path);
  g_assert_nonnull (actual);
  if (type == JSON_NODE_NULL)
    return;   /* the seed's null: any value */
  if (type == JSON_NODE_VALUE)
    {
      GType expected = json_node_get_value_type (example);
      GType got;

      if (JSON_NODE_HOLDS_NULL (actual))
        g_error ("%s is null, the seed has a value", path);
      g_assert_true (JSON_NODE_HOLDS_VALUE (actual));
      got = json_node_get_value_type (actual);
      if (expected == G_TYPE_INT64 || expected == G_TYPE_DOUBLE)
        g_assert_true (got == G_TYPE_INT64 || got == G_TYPE_DOUBLE);
      else
        g_assert_true (got == expected);
      return;
    }
  g_assert_cmpint (json_node_get_node_type (actual), ==, type);
  if (type == JSON_NODE_OBJECT)
    {
      JsonObject *e = json_node_get_object (example), *o = json_node_get_object (actual);
      g_autoptr(GList) members = json_object_get_members (e);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *sub = g_strdup_printf ("%s.%s", path, (const char *) l->data);

          if (!json_object_has_member (o, l->data))
            g_error ("%s is missing", sub);
          check_shape (json_object_get_member (e, l->data), json_object_get_member (o, l->data), sub);
        }
    }
  else if (type == JSON_NODE_ARRAY)
    {
      JsonArray *e = json_node_get_array (example), *o = json_node_get_array (actual);

      if (json_array_get_length (e) > 0 && json_array_get_length (o) > 0)
        for (guint k = 0; k < json_array_get_length (o); k++)
          {
            g_autofree char *sub = g_strdup_printf ("%s[%u]", path, k);
            check_shape (json_array_get_element (e, 0), json_array_get_element (o, k), sub);
          }
    }
}

static void
check_seed (const char *example,
            JsonNode   *actual,
            const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (example, &error);

  g_assert_no_error (error);
  check_shape (node, actual, what);
}

static const char seed_workflows[] =
  "{\"workflows\": [{\"workflow_id\": \"citizen_registration_v1\", \"name\": \"Citizen Registration\","
  " \"description\": \"Complete workflow for registering new citizens\", \"step_count\": 17}]}";
static const char seed_steps[] =
  "{\"steps\": [{\"step_id\": \"validate_identity\", \"name\": \"Validate Identity\", \"type\": \"ActionStep\","
  " \"workflow_id\": \"citizen_registration_v1\"}]}";
static const char seed_metrics[] =
  "{\"step_id\": \"validate_identity\", \"total_executions\": 1000, \"successful_executions\": 950,"
  " \"success_rate\": 95.0, \"average_duration_ms\": 150.5, \"min_duration_ms\": 50, \"max_duration_ms\": 2000,"
  " \"average_queue_time_ms\": 25.0, \"average_validation_time_ms\": 10.2,"
  " \"common_errors\": [{\"error\": \"Missing required input: id_number\", \"count\": 30}],"
  " \"bottleneck_indicators\": {\"approval_bottleneck_percentage\": 15.0,"
  " \"external_service_bottleneck_percentage\": 5.0, \"long_queue_time_percentage\": 2.0,"
  " \"suggested_optimizations\": [\"Consider optimizing step logic - execution time is high\"]}}";
static const char seed_performance[] =
  "{\"workflow_id\": \"citizen_registration_v1\", \"total_instances\": 10000, \"completed_instances\": 8500,"
  " \"completion_rate\": 85.0, \"average_completion_time_ms\": 300000, \"step_metrics\": [],"
  " \"bottleneck_analysis\": {\"total_steps\": 17, \"steps_with_data\": 15, \"average_step_success_rate\": 92.5,"
  " \"slowest_step\": \"adult_approval\", \"most_error_prone_step\": \"blockchain_record\"},"
  " \"optimization_suggestions\": [\"Consider streamlining approval process - many steps waiting for approval\","
  " \"Consider adding more execution workers - queue time is high\"]}";
static const char seed_bottlenecks[] =
  "{\"workflow_id\": \"citizen_registration_v1\","
  " \"critical_path_steps\": [\"adult_approval\", \"blockchain_record\", \"send_welcome\"],"
  " \"slowest_steps\": [{\"step_id\": \"adult_approval\", \"step_name\": \"Adult Registration Approval\","
  " \"average_duration_ms\": 86400000, \"executions\": 5000}],"
  " \"approval_bottlenecks\": [{\"step_id\": \"adult_approval\", \"step_name\": \"Adult Registration Approval\","
  " \"approval_bottleneck_percentage\": 85.0, \"executions\": 5000}],"
  " \"external_service_bottlenecks\": [{\"step_id\": \"blockchain_record\", \"step_name\": \"Record on Blockchain\","
  " \"external_service_bottleneck_percentage\": 25.0, \"executions\": 3000}],"
  " \"queue_bottlenecks\": [],"
  " \"recommendations\": [\"Adult Registration Approval: Consider streamlining approval process - many steps waiting for approval\","
  " \"Record on Blockchain: Consider optimizing step logic - execution time is high\"]}";
static const char seed_timing[] =
  "{\"workflow_id\": \"citizen_registration_v1\", \"instance_id\": null,"
  " \"step_transitions\": [{\"from_step\": \"validate_identity\", \"to_step\": \"identity_check\","
  " \"average_transition_time_ms\": 150, \"citizen_wait_time_ms\": 0}, {\"from_step\": \"adult_approval\","
  " \"to_step\": \"process_approval\", \"average_transition_time_ms\": 86400000, \"citizen_wait_time_ms\": 86400000}],"
  " \"bottleneck_transitions\": [{\"transition\": \"adult_approval -> process_approval\","
  " \"average_wait_time_ms\": 86400000, \"reason\": \"Manual approval process\","
  " \"suggestion\": \"Consider automated approval for low-risk cases\"}],"
  " \"total_average_completion_time_ms\": 86405000, \"citizen_active_time_ms\": 5000,"
  " \"citizen_waiting_time_ms\": 86400000}";

static void
test_json_seed (void)
{
  g_autoptr(CsTimingData) data = engine_data (TRUE);
  g_autoptr(CsAnalysisOptions) options = tiny_options ();
  g_autoptr(CsAnalysis) a = analyse (data, options);
  g_autoptr(CsWorkflow) workflow = permit_workflow ();
  CsWorkflow *workflows[] = { workflow };
  g_autoptr(JsonNode) list = cs_analysis_json_workflows (workflows, 1);
  g_autoptr(JsonNode) steps = cs_analysis_json_steps (workflows, 1);
  g_autoptr(JsonNode) metrics = cs_analysis_json_step_metrics (a, "check_docs");
  g_autoptr(JsonNode) performance = cs_analysis_json_performance (a);
  g_autoptr(JsonNode) bottlenecks = cs_analysis_json_bottlenecks (a, NULL);
  g_autoptr(JsonNode) timing = cs_analysis_json_timing (a);
  JsonObject *o;
  JsonArray *transitions;

  check_seed (seed_workflows, list, "workflows");
  check_seed (seed_steps, steps, "steps");
  check_seed (seed_metrics, metrics, "metrics");
  check_seed (seed_performance, performance, "performance");
  check_seed (seed_bottlenecks, bottlenecks, "bottlenecks");
  check_seed (seed_timing, timing, "timing");
  /* Every step metrics object of /performance has the shape of /metrics. */
  {
    g_autoptr(JsonNode) one = json_from_string (seed_metrics, NULL);
    JsonArray *all = json_object_get_array_member (json_node_get_object (performance), "step_metrics");

    g_assert_cmpuint (json_array_get_length (all), ==, 8);
    for (guint k = 0; k < json_array_get_length (all); k++)
      check_shape (one, json_array_get_element (all, k), "performance.step_metrics");
  }
  g_assert_null (cs_analysis_json_step_metrics (a, "no_such_step"));

  /* And the values. */
  o = json_node_get_object (metrics);
  g_assert_cmpstr (json_object_get_string_member (o, "step_id"), ==, "check_docs");
  g_assert_cmpint (json_object_get_int_member (o, "total_executions"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (o, "successful_executions"), ==, 4);
  g_assert_cmpfloat (json_object_get_double_member (o, "success_rate"), ==, 80.0);
  g_assert_cmpint (json_object_get_int_member (o, "min_duration_ms"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (o, "max_duration_ms"), ==, 30000);
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (o, "bottleneck_indicators"),
                                                    "external_service_bottleneck_percentage"), ==, 60.0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_array_get_element (
                     json_object_get_array_member (o, "common_errors"), 0)), "error"), ==, "Registry timeout");
  o = json_node_get_object (steps);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (o, "steps"), 2),
                                                  "type"), ==, "ApprovalStep");
  o = json_node_get_object (performance);
  g_assert_cmpint (json_object_get_int_member (o, "total_instances"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (o, "average_completion_time_ms"), ==, 4074000);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "bottleneck_analysis"),
                                                  "slowest_step"), ==, "review");
  g_assert_true (json_object_get_null_member (o, "version"));   /* all versions */
  o = json_node_get_object (bottlenecks);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "critical_path_steps")), ==, 5);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (o, "critical_path_steps"), 1), ==, "review");
  o = json_node_get_object (timing);
  g_assert_true (json_object_get_null_member (o, "instance_id"));
  g_assert_cmpint (json_object_get_int_member (o, "citizen_active_time_ms"), ==, 406900);
  g_assert_cmpint (json_object_get_int_member (o, "citizen_waiting_time_ms"), ==, 3667100);
  transitions = json_object_get_array_member (o, "step_transitions");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (transitions, 0),
                                               "average_transition_time_ms"), ==, 8000);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (transitions, 0),
                                               "citizen_wait_time_ms"), ==, 7360);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (o, "bottleneck_transitions"), 0), "transition"), ==,
                   "submit -> review");
}

/* The extras' JSON and the whole report. */
static void
test_json_extras (void)
{
  g_autoptr(CsTimingData) data = engine_data (TRUE);
  g_autoptr(CsAnalysisOptions) options = tiny_options ();
  g_autoptr(CsAnalysis) a = analyse (data, options);
  g_autoptr(JsonNode) report = cs_analysis_json_report (a, NULL);
  g_autoptr(JsonNode) targets = cs_analysis_json_targets (a);
  g_autoptr(JsonNode) branches = cs_analysis_json_branches (a);
  g_autoptr(JsonNode) heat = cs_analysis_json_heatmap (a);
  JsonObject *o = json_node_get_object (report), *t;
  const char * const parts[] = { "performance", "bottlenecks", "timing_analysis", "branches", "targets",
                                 "heatmap", "outliers" };

  for (guint k = 0; k < G_N_ELEMENTS (parts); k++)
    g_assert_true (json_object_has_member (o, parts[k]));
  g_assert_false (json_object_has_member (o, "comparison"));
  t = json_array_get_object_element (json_object_get_array_member (json_node_get_object (targets), "targets"), 0);
  g_assert_cmpstr (json_object_get_string_member (t, "step_id"), ==, "review");
  g_assert_cmpint (json_object_get_int_member (t, "over_target"), ==, 2);
  t = json_array_get_object_element (json_object_get_array_member (json_node_get_object (branches), "branch_points"), 0);
  g_assert_cmpstr (json_object_get_string_member (t, "step_id"), ==, "review");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (t, "branches"), 0),
                                               "average_remaining_ms"), ==, 7500);
  t = json_array_get_object_element (json_object_get_array_member (json_node_get_object (heat), "steps"), 2);
  g_assert_cmpfloat (json_object_get_double_member (t, "heat"), ==, 1.0);
}

/* Nothing to measure yet: a new workflow, and no data at all. */
static void
test_empty (void)
{
  g_autoptr(CsTimingData) data = cs_timing_data_new (CS_TIMING_SOURCE_ENGINE);
  g_autoptr(CsTimingData) nothing = cs_timing_data_new (CS_TIMING_SOURCE_EVENT_LOG);
  g_autoptr(CsWorkflow) workflow = permit_workflow ();
  g_autoptr(CsAnalysisOptions) options = cs_analysis_options_new ();
  g_autoptr(CsAnalysis) a = NULL;
  g_autoptr(CsAnalysis) b = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) metrics = NULL;
  g_autoptr(CsPairTiming) pair = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *o;

  cs_timing_data_add_workflow (data, workflow);
  a = analyse (data, options);
  /* Every step is listed, none measured. */
  g_assert_cmpuint (cs_analysis_get_n_steps (a), ==, 8);
  g_assert_cmpuint (cs_analysis_get_workflow_metrics (a)->instances, ==, 0);
  g_assert_cmpuint (cs_analysis_get_workflow_metrics (a)->total_steps, ==, 8);
  g_assert_cmpuint (cs_analysis_get_workflow_metrics (a)->steps_with_data, ==, 0);
  g_assert_null (cs_analysis_get_workflow_metrics (a)->slowest_step);
  g_assert_true (isnan (cs_analysis_find_step (a, "review")->success_rate));
  g_assert_cmpuint (cs_analysis_get_critical_path (a)->n_steps, ==, 0);
  g_assert_cmpuint (cs_analysis_get_outliers (a)->outliers, ==, 0);
  pair = cs_analysis_time_between (a, "submit", "review", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pair->reached, ==, 0);
  g_assert_cmpuint (pair->histogram->len, ==, 0);

  /* Unmeasured values are null, counts 0. */
  report = cs_analysis_json_report (a, NULL);
  metrics = cs_analysis_json_step_metrics (a, "review");
  o = json_node_get_object (metrics);
  g_assert_cmpint (json_object_get_int_member (o, "total_executions"), ==, 0);
  g_assert_true (json_object_get_null_member (o, "success_rate"));
  g_assert_true (json_object_get_null_member (o, "average_duration_ms"));
  o = json_object_get_object_member (json_node_get_object (report), "performance");
  g_assert_true (json_object_get_null_member (o, "completion_rate"));
  g_assert_true (json_object_get_null_member (json_object_get_object_member (o, "bottleneck_analysis"), "slowest_step"));

  b = analyse (nothing, options);
  g_assert_cmpuint (cs_analysis_get_n_steps (b), ==, 0);
  g_assert_cmpuint (cs_analysis_get_n_transitions (b), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/analytics/quantiles", test_quantiles);
  g_test_add_func ("/analytics/quantiles-random", test_quantiles_random);
  g_test_add_func ("/analytics/engine/steps", test_engine_steps);
  g_test_add_func ("/analytics/engine/workflow", test_engine_workflow);
  g_test_add_func ("/analytics/engine/transitions", test_engine_transitions);
  g_test_add_func ("/analytics/engine/paths", test_engine_paths);
  g_test_add_func ("/analytics/engine/without-workflow", test_engine_without_workflow);
  g_test_add_func ("/analytics/engine/filters", test_engine_filters);
  g_test_add_func ("/analytics/json/seed", test_json_seed);
  g_test_add_func ("/analytics/json/extras", test_json_extras);
  g_test_add_func ("/analytics/empty", test_empty);

  return g_test_run ();
}
