/* test-analytics-eventlog.c: event logs, any two steps, outliers, two periods
 *
 * Every expected number is worked out by hand in the comments.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/cs-analysis.h"
#include "core/cs-analysis-json.h"
#include "core/cs-error.h"
#include "core/cs-timing-data.h"

#define MINUTE_MS 60000.0
#define HOUR_MS   3600000.0

static gint64
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 us = 0;

  g_assert_true (cs_timing_parse_time (text, NULL, &us, &error));
  g_assert_no_error (error);
  return us;
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

/* Timestamps */

static void
test_parse_time (void)
{
  g_autoptr(GTimeZone) amsterdam = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GError) error = NULL;
  gint64 a = 0, b = 0;

  /* 2026-10-25, Amsterdam: at 03:00 CEST (+02:00) the clocks go back to
   * 02:00 CET (+01:00). 01:30+02:00 is 23:30 UTC on the 24th, 02:30+01:00
   * is 01:30 UTC: two hours apart, though the wall clocks differ by one. */
  a = parse ("2026-10-25T01:30:00+02:00");
  b = parse ("2026-10-25T02:30:00+01:00");
  g_assert_cmpint (b - a, ==, 2 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (a, ==, parse ("2026-10-24T23:30:00Z"));
  /* Local times without an offset, in the log's zone: 01:30 is still CEST,
   * 03:30 already CET: 01:30+02:00 → 03:30+01:00 is 3 hours. */
  g_assert_true (cs_timing_parse_time ("2026-10-25T01:30:00", amsterdam, &a, &error));
  g_assert_true (cs_timing_parse_time ("2026-10-25T03:30:00", amsterdam, &b, &error));
  g_assert_no_error (error);
  g_assert_cmpint (b - a, ==, 3 * G_TIME_SPAN_HOUR);
  /* Fractions of a second are kept. */
  g_assert_cmpint (parse ("2026-01-01T00:00:00.250Z") - parse ("2026-01-01T00:00:00Z"), ==, 250000);

  g_assert_false (cs_timing_parse_time ("yesterday", NULL, &a, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "yesterday"));
}

/* The event log:
 *
 *   E1  register  complete 10:00
 *       check     start 10:30, complete 11:00
 *       approve   start 13:00, complete 13:30     (lines out of order)
 *   E2  register 09:00, check 09:20, approve 12:20 (completions only)
 *   E3  register 08:00                            (a single event)
 *   E4  register 01:30+02:00, check 02:30+01:00 on 25 October 2026,
 *       across the end of summer time in Amsterdam
 *
 * E1 to E3 on Tuesday 20 October 2026, UTC. */
static CsTimingData *
event_log (void)
{
  CsTimingData *data = cs_timing_data_new (CS_TIMING_SOURCE_EVENT_LOG);
  guint32 reg = cs_timing_data_intern_step (data, "register");
  guint32 check = cs_timing_data_intern_step (data, "check");
  guint32 approve = cs_timing_data_intern_step (data, "approve");
  guint32 ann = cs_timing_data_intern (data, "ann");
  guint32 e1, e2, e3, e4;

  cs_timing_data_set_workflow_key (data, "imported_permits");
  e1 = cs_timing_data_add_instance (data, 1, 1, 0, 0, CS_CASE_COMPLETED, CS_TIMING_NONE);
  e2 = cs_timing_data_add_instance (data, 2, 1, 0, 0, CS_CASE_COMPLETED, CS_TIMING_NONE);
  e3 = cs_timing_data_add_instance (data, 3, 1, 0, 0, CS_CASE_COMPLETED, CS_TIMING_NONE);
  e4 = cs_timing_data_add_instance (data, 4, 1, 0, 0, CS_CASE_COMPLETED, CS_TIMING_NONE);

  cs_timing_data_add_event (data, e1, check, CS_EVENT_COMPLETE, parse ("2026-10-20T11:00:00Z"), ann);
  cs_timing_data_add_event (data, e2, reg, CS_EVENT_COMPLETE, parse ("2026-10-20T09:00:00Z"), ann);
  cs_timing_data_add_event (data, e1, reg, CS_EVENT_COMPLETE, parse ("2026-10-20T10:00:00Z"), ann);
  cs_timing_data_add_event (data, e1, approve, CS_EVENT_COMPLETE, parse ("2026-10-20T13:30:00Z"), ann);
  cs_timing_data_add_event (data, e2, check, CS_EVENT_COMPLETE, parse ("2026-10-20T09:20:00Z"), CS_TIMING_NONE);
  cs_timing_data_add_event (data, e1, check, CS_EVENT_START, parse ("2026-10-20T10:30:00Z"), ann);
  cs_timing_data_add_event (data, e3, reg, CS_EVENT_COMPLETE, parse ("2026-10-20T08:00:00Z"), CS_TIMING_NONE);
  cs_timing_data_add_event (data, e2, approve, CS_EVENT_COMPLETE, parse ("2026-10-20T12:20:00Z"), CS_TIMING_NONE);
  cs_timing_data_add_event (data, e1, approve, CS_EVENT_START, parse ("2026-10-20T13:00:00Z"), ann);
  cs_timing_data_add_event (data, e4, check, CS_EVENT_COMPLETE, parse ("2026-10-25T02:30:00+01:00"), CS_TIMING_NONE);
  cs_timing_data_add_event (data, e4, reg, CS_EVENT_COMPLETE, parse ("2026-10-25T01:30:00+02:00"), CS_TIMING_NONE);
  return data;
}

static void
test_event_log (void)
{
  g_autoptr(CsTimingData) data = event_log ();
  g_autoptr(CsAnalysisOptions) options = cs_analysis_options_new ();
  g_autoptr(CsAnalysis) a = NULL;
  const CsTransitionMetrics *rc, *ca;
  const CsStepMetrics *check, *approve;
  const CsWorkflowMetrics *w;
  const CsCriticalPath *path;

  cs_analysis_options_set_min_executions (options, 1);
  a = analyse (data, options);
  /* register → check: E1 start(check) − complete(register) = 10:30 − 10:00
   * = 30 min; E2 09:20 − 09:00 = 20 min (no start: completions); E4 2 h
   * (not 1: the DST change). Mean (30 + 20 + 120) / 3 = 56.67 min, median
   * 30 min. check → approve: E1 13:00 − 11:00 = 2 h, E2 12:20 − 09:20 =
   * 3 h: mean and median 2.5 h. Starts absorbed by their completions make
   * no transitions of their own: two pairs in all. */
  g_assert_cmpuint (cs_analysis_get_n_transitions (a), ==, 2);
  rc = cs_analysis_find_transition (a, "register", "check");
  ca = cs_analysis_find_transition (a, "check", "approve");
  g_assert_nonnull (rc);
  g_assert_nonnull (ca);
  g_assert_cmpuint (rc->count, ==, 3);
  g_assert_cmpfloat (rc->time.max, ==, 2 * HOUR_MS);
  g_assert_cmpfloat_with_epsilon (rc->time.mean, 170 * MINUTE_MS / 3, 1e-6);
  g_assert_cmpfloat (rc->time.p50, ==, 30 * MINUTE_MS);
  /* In a log, the whole transition is waiting. */
  g_assert_cmpfloat (rc->mean_wait_ms, ==, rc->time.mean);
  g_assert_cmpfloat (rc->mean_active_ms, ==, 0.0);
  g_assert_cmpuint (ca->count, ==, 2);
  g_assert_cmpfloat (ca->time.mean, ==, 2.5 * HOUR_MS);
  g_assert_cmpfloat (ca->time.p50, ==, 2.5 * HOUR_MS);

  /* Activities: check ran in E1 (30 min from its start), E2 and E4 (no
   * start: 0): mean 10 min; its queue (start − previous completion) 30 min
   * in E1, unknown (0) elsewhere. approve: 30 min and 0. */
  check = cs_analysis_find_step (a, "check");
  approve = cs_analysis_find_step (a, "approve");
  g_assert_cmpuint (check->executions, ==, 3);
  g_assert_cmpfloat (check->duration.mean, ==, 10 * MINUTE_MS);
  g_assert_cmpfloat (check->duration.max, ==, 30 * MINUTE_MS);
  g_assert_cmpfloat (check->mean_queue_ms, ==, 10 * MINUTE_MS);
  g_assert_cmpuint (approve->executions, ==, 2);
  g_assert_cmpfloat (approve->duration.mean, ==, 15 * MINUTE_MS);
  g_assert_cmpuint (cs_analysis_find_step (a, "register")->executions, ==, 4);
  g_assert_cmpstr (check->name, ==, "check");

  /* Cases: last completion − first event: E1 13:30 − 10:00 = 3.5 h, E2
   * 12:20 − 09:00 = 200 min, E3 0 (one event), E4 2 h. Mean (210 + 200 +
   * 0 + 120) / 4 = 132.5 min. Active: E1 check 30 min + approve 30 min,
   * the others nothing known: mean 15 min, waiting 117.5 min. */
  w = cs_analysis_get_workflow_metrics (a);
  g_assert_cmpstr (w->workflow_key, ==, "imported_permits");
  g_assert_cmpuint (w->instances, ==, 4);
  g_assert_cmpuint (w->completed, ==, 4);
  g_assert_cmpfloat (w->completion_time.mean, ==, 132.5 * MINUTE_MS);
  g_assert_cmpfloat (w->completion_time.min, ==, 0.0);
  g_assert_cmpfloat (w->completion_time.max, ==, 210 * MINUTE_MS);
  g_assert_cmpfloat (w->citizen_active_ms, ==, 15 * MINUTE_MS);
  g_assert_cmpfloat (w->citizen_waiting_ms, ==, 117.5 * MINUTE_MS);

  /* The directly-follows graph: register → check → approve. Elapsed time
   * of an event: completion − the previous completion in its case. check
   * 60, 20 and 120 min: mean 66.67 min × 3/4 of the cases = 50 min;
   * approve 150 and 180 min: mean 165 × 2/4 = 82.5 min; register first
   * everywhere: 0. Total 132.5 min, the mean case duration again. */
  path = cs_analysis_get_critical_path (a);
  g_assert_false (path->from_workflow);
  g_assert_cmpuint (path->n_steps, ==, 3);
  g_assert_cmpstr (path->steps[0].step_id, ==, "register");
  g_assert_cmpstr (path->steps[2].step_id, ==, "approve");
  g_assert_cmpfloat_with_epsilon (path->steps[1].expected_ms, 50 * MINUTE_MS, 1e-6);
  g_assert_cmpfloat_with_epsilon (path->expected_total_ms, 132.5 * MINUTE_MS, 1e-6);

  /* The waits exceed threshold_ms (5 s): hand-overs between activities. */
  g_assert_cmpuint (cs_analysis_get_n_bottleneck_transitions (a), ==, 2);
  g_assert_true (cs_analysis_get_bottleneck_transition (a, 0)->transition == ca);
  g_assert_cmpstr (cs_analysis_get_bottleneck_transition (a, 0)->reason, ==, "Waiting between the two activities");

  /* Without a workflow, a branch point is an activity followed by two or
   * more others: none here. */
  g_assert_cmpuint (cs_analysis_get_n_branch_points (a), ==, 0);
}

/* Overlapping activities, from a log with start and end columns:
 *   A 10:00–11:00, B 10:30–10:45 (begun while A ran), C at 12:00 (no start).
 * Directly-follows order is the order activities began: A, B, C. */
static void
test_event_log_overlap (void)
{
  g_autoptr(CsTimingData) data = cs_timing_data_new (CS_TIMING_SOURCE_EVENT_LOG);
  g_autoptr(CsAnalysisOptions) options = cs_analysis_options_new ();
  g_autoptr(CsAnalysis) a = NULL;
  guint32 c = cs_timing_data_add_instance (data, 9, 1, 0, 0, CS_CASE_COMPLETED, CS_TIMING_NONE);
  const CsWorkflowMetrics *w;

  cs_timing_data_add_activity (data, c, cs_timing_data_intern_step (data, "C"), 0,
                               parse ("2026-10-20T12:00:00Z"), CS_TIMING_NONE);
  cs_timing_data_add_activity (data, c, cs_timing_data_intern_step (data, "B"), parse ("2026-10-20T10:30:00Z"),
                               parse ("2026-10-20T10:45:00Z"), CS_TIMING_NONE);
  cs_timing_data_add_activity (data, c, cs_timing_data_intern_step (data, "A"), parse ("2026-10-20T10:00:00Z"),
                               parse ("2026-10-20T11:00:00Z"), CS_TIMING_NONE);
  a = analyse (data, options);

  /* A → B: start(B) − complete(A) = −30 min: B did not wait for A, 0.
   * B → C: no start, completions: 12:00 − 10:45 = 75 min. */
  g_assert_cmpuint (cs_analysis_get_n_transitions (a), ==, 2);
  g_assert_cmpfloat (cs_analysis_find_transition (a, "A", "B")->time.mean, ==, 0.0);
  g_assert_cmpfloat (cs_analysis_find_transition (a, "B", "C")->time.mean, ==, 75 * MINUTE_MS);
  g_assert_null (cs_analysis_find_transition (a, "B", "A"));
  /* Active: [10:00, 11:00] ∪ [10:30, 10:45] = 60 min, not 75; the case
   * lasts 10:00 → 12:00, 120 min: 60 waiting. */
  w = cs_analysis_get_workflow_metrics (a);
  g_assert_cmpfloat (w->completion_time.mean, ==, 120 * MINUTE_MS);
  g_assert_cmpfloat (w->citizen_active_ms, ==, 60 * MINUTE_MS);
  g_assert_cmpfloat (w->citizen_waiting_ms, ==, 60 * MINUTE_MS);
  /* Elapsed: B completed before A did: 0; C 75 min after B. */
  g_assert_cmpfloat (cs_analysis_find_step (a, "B")->elapsed.mean, ==, 0.0);
  g_assert_cmpfloat (cs_analysis_find_step (a, "C")->elapsed.mean, ==, 75 * MINUTE_MS);
  g_assert_cmpfloat (cs_analysis_find_step (a, "A")->duration.mean, ==, 60 * MINUTE_MS);
}

/* Events added after a first analysis: starts pair afresh. */
static void
test_event_log_append (void)
{
  g_autoptr(CsTimingData) data = event_log ();
  g_autoptr(CsAnalysisOptions) options = cs_analysis_options_new ();
  g_autoptr(CsAnalysis) before = analyse (data, options);
  g_autoptr(CsAnalysis) after = NULL;

  /* E2's check started 09:05: register → check becomes 5 min for E2, so
   * (30 + 5 + 120) / 3 min; check's duration there 15 min. */
  cs_timing_data_add_event (data, cs_timing_data_find_instance (data, 2), cs_timing_data_find_step (data, "check"),
                            CS_EVENT_START, parse ("2026-10-20T09:05:00Z"), CS_TIMING_NONE);
  after = analyse (data, options);
  g_assert_cmpfloat_with_epsilon (cs_analysis_find_transition (after, "register", "check")->time.mean,
                                  155 * MINUTE_MS / 3, 1e-6);
  g_assert_cmpfloat (cs_analysis_find_step (after, "check")->duration.mean, ==, 15 * MINUTE_MS);
  /* The first analysis keeps what it saw. */
  g_assert_cmpfloat_with_epsilon (cs_analysis_find_transition (before, "register", "check")->time.mean,
                                  170 * MINUTE_MS / 3, 1e-6);
}

/* Any two steps:
 *
 *   R1  A 1:00, B 2:00, A 3:00, B 5:00
 *   R2  B 1:00, A 2:00                 (B only before A)
 *   R3  A 1:00, C 4:00, B 9:00
 *   R4  C 1:00
 */
static void
test_time_between (void)
{
  g_autoptr(CsTimingData) data = cs_timing_data_new (CS_TIMING_SOURCE_EVENT_LOG);
  g_autoptr(CsAnalysisOptions) options = cs_analysis_options_new ();
  g_autoptr(CsAnalysis) a = NULL;
  g_autoptr(CsPairTiming) ab = NULL;
  g_autoptr(CsPairTiming) aa = NULL;
  g_autoptr(CsPairTiming) ba = NULL;
  g_autoptr(CsPairTiming) none = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;
  const struct { gint64 id; const char *activity; int hour; } events[] = {
    { 1, "A", 1 }, { 1, "B", 2 }, { 1, "A", 3 }, { 1, "B", 5 },
    { 2, "B", 1 }, { 2, "A", 2 },
    { 3, "A", 1 }, { 3, "C", 4 }, { 3, "B", 9 },
    { 4, "C", 1 },
  };
  gint64 day = parse ("2026-06-01T00:00:00Z");

  for (gint64 id = 1; id <= 4; id++)
    cs_timing_data_add_instance (data, id, 1, 0, 0, CS_CASE_COMPLETED, CS_TIMING_NONE);
  for (guint k = 0; k < G_N_ELEMENTS (events); k++)
    cs_timing_data_add_event (data, cs_timing_data_find_instance (data, events[k].id),
                              cs_timing_data_intern_step (data, events[k].activity), CS_EVENT_COMPLETE,
                              day + events[k].hour * G_TIME_SPAN_HOUR, CS_TIMING_NONE);
  a = analyse (data, options);

  /* A → B: the first A, then the first B after it: R1 2:00 − 1:00 = 1 h
   * (not the B at 5:00), R3 9 − 1 = 8 h; R2's B came only before its A;
   * R4 has no A. Mean and median 4.5 h. */
  ab = cs_analysis_time_between (a, "A", "B", 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ab->cases, ==, 4);
  g_assert_cmpuint (ab->with_from, ==, 3);
  g_assert_cmpuint (ab->reached, ==, 2);
  g_assert_cmpuint (ab->only_before, ==, 1);
  g_assert_cmpfloat (ab->time.mean, ==, 4.5 * HOUR_MS);
  g_assert_cmpfloat (ab->time.p50, ==, 4.5 * HOUR_MS);
  g_assert_cmpfloat (ab->time.min, ==, HOUR_MS);
  /* Four bins over [1 h, 8 h] (8 ≤ 100 × 1: linear), 1.75 h wide: the
   * values fall in the first and the last. */
  g_assert_cmpuint (ab->histogram->len, ==, 4);
  g_assert_cmpuint (g_array_index (ab->histogram, CsHistogramBin, 0).count, ==, 1);
  g_assert_cmpuint (g_array_index (ab->histogram, CsHistogramBin, 1).count, ==, 0);
  g_assert_cmpuint (g_array_index (ab->histogram, CsHistogramBin, 3).count, ==, 1);
  g_assert_cmpfloat (g_array_index (ab->histogram, CsHistogramBin, 1).lower, ==, 2.75 * HOUR_MS);

  /* A → A: from the first to the second occurrence, rework: R1 2 h only. */
  aa = cs_analysis_time_between (a, "A", "A", 0, &error);
  g_assert_cmpuint (aa->with_from, ==, 3);
  g_assert_cmpuint (aa->reached, ==, 1);
  g_assert_cmpuint (aa->only_before, ==, 0);
  g_assert_cmpfloat (aa->time.mean, ==, 2 * HOUR_MS);

  /* B → A: R1 2:00 → 3:00, R2 1:00 → 2:00: 1 h each. */
  ba = cs_analysis_time_between (a, "B", "A", 0, &error);
  g_assert_cmpuint (ba->reached, ==, 2);
  g_assert_cmpfloat (ba->time.mean, ==, HOUR_MS);

  json = cs_analysis_json_time_between (ab);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json), "observations"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json), "median_time_ms"), ==, 16200000);

  /* Without a definition, A is a branch point: it is followed by B (R1,
   * twice) and by C (R3); R2's A is followed by nothing. What remained of
   * the cases after A: R1 5:00 − 1:00 = 4 h and 5:00 − 3:00 = 2 h (mean
   * 3 h), R3 9:00 − 1:00 = 8 h. */
  g_assert_cmpuint (cs_analysis_get_n_branch_points (a), ==, 1);
  {
    const CsBranchPoint *point = cs_analysis_get_branch_point (a, 0);

    g_assert_cmpstr (point->step_id, ==, "A");
    g_assert_cmpuint (point->executions, ==, 3);
    g_assert_cmpuint (point->n_branches, ==, 2);
    g_assert_cmpstr (point->branches[0].label, ==, "B");
    g_assert_cmpuint (point->branches[0].count, ==, 2);
    g_assert_cmpfloat_with_epsilon (point->branches[0].share, 200.0 / 3, 1e-9);
    g_assert_cmpfloat (point->branches[0].remaining.mean, ==, 3 * HOUR_MS);
    g_assert_cmpstr (point->branches[0].next_steps[0], ==, "B");
    g_assert_cmpstr (point->branches[1].label, ==, "C");
    g_assert_cmpfloat (point->branches[1].remaining.mean, ==, 8 * HOUR_MS);
  }

  none = cs_analysis_time_between (a, "A", "Z", 0, &error);
  g_assert_null (none);
  g_assert_error (error, CS_ERROR, CS_ERROR_NOT_FOUND);
}

/* Outliers: 100 cases of one approval step, "handle". Case i (0 … 99)
 * came by phone when i mod 10 < 3 (30 cases), else by web; its area is
 * north for odd i, else south; carol decided the phone cases, dave and
 * erin the others. Phone cases took 10 h + i min, web cases 1 h + i min. */
static CsTimingData *
planted_cases (void)
{
  CsTimingData *data = cs_timing_data_new (CS_TIMING_SOURCE_ENGINE);
  guint32 channel = cs_timing_data_intern (data, "channel"), area = cs_timing_data_intern (data, "area");
  guint32 handle = cs_timing_data_intern_step (data, "handle");
  gint64 t0 = parse ("2026-05-04T08:00:00Z");

  for (int i = 0; i < 100; i++)
    {
      gboolean phone = i % 10 < 3;
      gint64 start = t0 + i * G_TIME_SPAN_HOUR;
      gint64 length = (phone ? 10 * G_TIME_SPAN_HOUR : G_TIME_SPAN_HOUR) + i * G_TIME_SPAN_MINUTE;
      guint32 inst = cs_timing_data_add_instance (data, 1000 + i, 1, start, start + length, CS_CASE_COMPLETED,
                                                  cs_timing_data_intern (data, "SUCCESS"));
      CsTimingRow row;

      cs_timing_data_set_attribute (data, inst, channel, cs_timing_data_intern (data, phone ? "phone" : "web"));
      cs_timing_data_set_attribute (data, inst, area, cs_timing_data_intern (data, i % 2 ? "north" : "south"));
      cs_timing_row_init (&row);
      row.instance = inst;
      row.step = handle;
      row.step_type = CS_STEP_APPROVAL;
      row.enqueued_at = row.started_at = start;
      row.completed_at = start + length;
      row.execution_time_ms = row.wait_time_ms = length / 1000.0;
      row.waiting_for_approval = TRUE;
      row.executed_by = cs_timing_data_intern (data, phone ? "carol" : i % 2 ? "dave" : "erin");
      cs_timing_data_append (data, &row);
    }
  return data;
}

static void
test_outliers (void)
{
  g_autoptr(CsTimingData) data = planted_cases ();
  g_autoptr(CsAnalysisOptions) options = cs_analysis_options_new ();
  g_autoptr(CsAnalysis) a = NULL;
  g_autoptr(CsOutlierReport) by_step = NULL;
  g_autoptr(CsOutlierReport) loose = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;
  const CsOutlierReport *report;
  CsOutlierAttribute *first, *second;
  CsOutlierCase *slowest;

  a = analyse (data, options);
  report = cs_analysis_get_outliers (a);
  /* The 30 phone cases are the 30 slowest; p90 of the 100 durations has
   * h = 99 × 0.9 = 89.1, between the 90th and 91st smallest, so the 10
   * slowest are above it: phone cases 92, 91, 90, 82, 81, 80, 72, 71, 70,
   * 62. The threshold: x[89] is phone case 61 (10 h 61 min), x[90] case 62
   * (10 h 62 min): 10 h 61.1 min. */
  g_assert_cmpuint (report->cases, ==, 100);
  g_assert_cmpuint (report->outliers, ==, 10);
  g_assert_cmpfloat_with_epsilon (report->threshold_ms, 10 * HOUR_MS + 61.1 * MINUTE_MS, 1e-3);
  slowest = &g_array_index (report->slowest, CsOutlierCase, 0);
  g_assert_cmpint (slowest->instance_id, ==, 1092);
  g_assert_cmpfloat (slowest->value_ms, ==, 10 * HOUR_MS + 92 * MINUTE_MS);

  /* channel = phone: 10 of 10 outliers (100 %) against 30 of 100 cases
   * (30 %): lift 3.33. Expected outliers with it 10 × 0.3 = 3 < 5, so
   * Fisher's exact test: P(X ≥ 10), X hypergeometric (100 cases, 30 phone,
   * 10 drawn) = C(30, 10) / C(100, 10) = 30 045 015 / 17 310 309 456 440 =
   * 1.7357e-6. z = (10/10 − 20/90) / √(0.3 × 0.7 × (1/10 + 1/90)) = 5.0918.
   * approver = carol: the same cases, so the same numbers; "approver" sorts
   * first. area: south 7 of 10 against 50 of 100, lift 1.4, not reported;
   * web and the other approvers have no outliers. */
  g_assert_cmpuint (report->attributes->len, ==, 2);
  first = &g_array_index (report->attributes, CsOutlierAttribute, 0);
  second = &g_array_index (report->attributes, CsOutlierAttribute, 1);
  g_assert_cmpstr (first->key, ==, "approver");
  g_assert_cmpstr (first->value, ==, "carol");
  g_assert_cmpstr (second->key, ==, "channel");
  g_assert_cmpstr (second->value, ==, "phone");
  g_assert_cmpuint (second->outliers_with, ==, 10);
  g_assert_cmpuint (second->cases_with, ==, 30);
  g_assert_cmpfloat (second->share_of_outliers, ==, 100.0);
  g_assert_cmpfloat (second->share_of_cases, ==, 30.0);
  g_assert_cmpfloat_with_epsilon (second->lift, 10.0 / 3, 1e-12);
  g_assert_true (second->fisher);
  g_assert_cmpfloat_with_epsilon (second->p_value, 30045015.0 / 17310309456440.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (second->z, 5.091750772, 1e-6);
  g_assert_cmpfloat (first->p_value, ==, second->p_value);

  /* By the step's elapsed time: the same cases here. */
  by_step = cs_analysis_find_outliers (a, "handle", 90, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_step->step_id, ==, "handle");
  g_assert_cmpuint (by_step->outliers, ==, 10);
  g_assert_cmpuint (by_step->attributes->len, ==, 2);

  /* Above the median (h = 49.5): the 30 phone cases and the 20 slowest web
   * cases (i = 79 … 99 not phone): phone 30 of 50 = 60 % against 30 %:
   * lift 2, expected 50 × 0.3 = 15 ≥ 5 everywhere: the z-test, z =
   * (30/50 − 0/50) / √(0.3 × 0.7 × (1/50 + 1/50)) = 0.6 / 0.091652 =
   * 6.5465. */
  loose = cs_analysis_find_outliers (a, NULL, 50, 5, &error);
  g_assert_cmpuint (loose->outliers, ==, 50);
  first = &g_array_index (loose->attributes, CsOutlierAttribute, 0);
  g_assert_false (first->fisher);
  g_assert_cmpfloat_with_epsilon (first->lift, 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (first->z, 0.6 / sqrt (0.21 * 0.04), 1e-9);
  g_assert_cmpfloat_with_epsilon (first->p_value, 0.5 * erfc (first->z / G_SQRT2), 1e-15);

  json = cs_analysis_json_outliers (report);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json), "outliers"), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (json_node_get_object (json), "attributes"), 1), "test"), ==,
                   "fisher_exact");

  g_assert_null (cs_analysis_find_outliers (a, "nope", 90, 5, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (cs_analysis_find_outliers (a, NULL, 120, 5, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
}

/* Two periods. January: old_check → approve, approvals of 10 h and 20 h.
 * February: new_check → approve, approvals of 2 h and 4 h. */
static void
add_period_case (CsTimingData *data,
                 gint64        id,
                 const char   *date,
                 const char   *check,
                 double        approval_hours)
{
  gint64 start = parse (date);
  gint64 checked = start + G_TIME_SPAN_MINUTE;
  gint64 end = checked + (gint64) (approval_hours * G_TIME_SPAN_HOUR);
  guint32 inst = cs_timing_data_add_instance (data, id, 1, start, end, CS_CASE_COMPLETED,
                                              cs_timing_data_intern (data, "SUCCESS"));
  CsTimingRow row;

  cs_timing_row_init (&row);
  row.instance = inst;
  row.step = cs_timing_data_intern_step (data, check);
  row.enqueued_at = row.started_at = start;
  row.completed_at = checked;
  row.execution_time_ms = 60000;
  cs_timing_data_append (data, &row);
  row.step = cs_timing_data_intern_step (data, "approve");
  row.step_type = CS_STEP_APPROVAL;
  row.from_step = cs_timing_data_intern_step (data, check);
  row.enqueued_at = row.started_at = checked;
  row.completed_at = end;
  row.execution_time_ms = row.wait_time_ms = approval_hours * HOUR_MS;
  row.waiting_for_approval = TRUE;
  cs_timing_data_append (data, &row);
}

static void
test_compare (void)
{
  g_autoptr(CsTimingData) data = cs_timing_data_new (CS_TIMING_SOURCE_ENGINE);
  g_autoptr(CsAnalysisOptions) options = cs_analysis_options_new ();
  g_autoptr(CsAnalysis) a = NULL;
  g_autoptr(JsonNode) json = NULL;
  CsComparison *c;
  const CsItemChange *approve = NULL, *old_check = NULL, *new_check = NULL, *old_t = NULL, *new_t = NULL;
  const CsMetricChange *m, *workflow;
  guint n;

  add_period_case (data, 1, "2026-01-05T09:00:00Z", "old_check", 10);
  add_period_case (data, 2, "2026-01-12T09:00:00Z", "old_check", 20);
  add_period_case (data, 3, "2026-02-02T09:00:00Z", "new_check", 2);
  add_period_case (data, 4, "2026-02-09T09:00:00Z", "new_check", 4);
  cs_analysis_options_set_range (options, parse ("2026-02-01T00:00:00Z"), parse ("2026-03-01T00:00:00Z"),
                                 CS_RANGE_INSTANCE_START);
  cs_analysis_options_set_baseline (options, parse ("2026-01-01T00:00:00Z"), parse ("2026-02-01T00:00:00Z"));
  a = analyse (data, options);
  c = cs_analysis_get_comparison (a);
  g_assert_nonnull (c);
  g_assert_true (cs_comparison_get_after (c) == a);

  for (guint k = 0; k < cs_comparison_get_n_steps (c); k++)
    {
      const CsItemChange *item = cs_comparison_get_step (c, k);

      if (g_str_equal (item->step_id, "approve"))
        approve = item;
      else if (g_str_equal (item->step_id, "old_check"))
        old_check = item;
      else if (g_str_equal (item->step_id, "new_check"))
        new_check = item;
    }
  for (guint k = 0; k < cs_comparison_get_n_transitions (c); k++)
    {
      const CsItemChange *item = cs_comparison_get_transition (c, k);

      if (g_str_equal (item->step_id, "old_check"))
        old_t = item;
      else if (g_str_equal (item->step_id, "new_check"))
        new_t = item;
    }
  g_assert_cmpuint (cs_comparison_get_n_steps (c), ==, 3);
  g_assert_cmpuint (cs_comparison_get_n_transitions (c), ==, 2);

  /* approve: mean 15 h before, 3 h after: −12 h, −80 %. */
  g_assert_nonnull (approve);
  g_assert_cmpint (approve->presence, ==, CS_PRESENT_BOTH);
  m = cs_item_change_find (approve, "average_duration_ms");
  g_assert_cmpfloat (m->before, ==, 15 * HOUR_MS);
  g_assert_cmpfloat (m->after, ==, 3 * HOUR_MS);
  g_assert_cmpfloat (m->change, ==, -12 * HOUR_MS);
  g_assert_cmpfloat (m->relative_change, ==, -80.0);
  m = cs_item_change_find (approve, "total_executions");
  g_assert_cmpfloat (m->before, ==, 2.0);
  g_assert_cmpfloat (m->change, ==, 0.0);

  /* old_check ran only before, new_check only after: 0 executions on the
   * other side and nothing else to compare. */
  g_assert_cmpint (old_check->presence, ==, CS_PRESENT_BEFORE_ONLY);
  g_assert_cmpint (new_check->presence, ==, CS_PRESENT_AFTER_ONLY);
  m = cs_item_change_find (new_check, "total_executions");
  g_assert_cmpfloat (m->before, ==, 0.0);
  g_assert_cmpfloat (m->after, ==, 2.0);
  m = cs_item_change_find (new_check, "average_duration_ms");
  g_assert_true (isnan (m->before));
  g_assert_true (isnan (m->change));
  g_assert_true (isnan (m->relative_change));
  g_assert_cmpint (old_t->presence, ==, CS_PRESENT_BEFORE_ONLY);
  g_assert_cmpstr (old_t->to_step, ==, "approve");
  g_assert_cmpint (new_t->presence, ==, CS_PRESENT_AFTER_ONLY);
  /* new_check → approve: completion to completion, 2 h and 4 h. */
  g_assert_cmpfloat (cs_item_change_find (new_t, "average_transition_time_ms")->after, ==, 3 * HOUR_MS);

  /* Cases: 10 h 1 min and 20 h 1 min before (mean 15 h 1 min), 2 h 1 min
   * and 4 h 1 min after (3 h 1 min). */
  workflow = cs_comparison_get_workflow (c, &n);
  g_assert_cmpuint (n, >, 0);
  m = NULL;
  for (guint k = 0; k < n; k++)
    if (g_str_equal (workflow[k].name, "average_completion_time_ms"))
      m = &workflow[k];
  g_assert_nonnull (m);
  g_assert_cmpfloat (m->before, ==, 15 * HOUR_MS + MINUTE_MS);
  g_assert_cmpfloat (m->after, ==, 3 * HOUR_MS + MINUTE_MS);
  g_assert_cmpfloat (m->change, ==, -12 * HOUR_MS);

  json = cs_analysis_json_comparison (c);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "workflow_id"), ==, "");
  g_assert_cmpfloat (json_object_get_double_member (
                       json_object_get_object_member (json_object_get_object_member (json_node_get_object (json),
                                                                                     "workflow"),
                                                      "average_completion_time_ms"), "relative_change"),
                     ==, -100.0 * 12 * HOUR_MS / (15 * HOUR_MS + MINUTE_MS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/analytics/parse-time", test_parse_time);
  g_test_add_func ("/analytics/event-log", test_event_log);
  g_test_add_func ("/analytics/event-log-overlap", test_event_log_overlap);
  g_test_add_func ("/analytics/event-log-append", test_event_log_append);
  g_test_add_func ("/analytics/time-between", test_time_between);
  g_test_add_func ("/analytics/outliers", test_outliers);
  g_test_add_func ("/analytics/compare", test_compare);

  return g_test_run ();
}
