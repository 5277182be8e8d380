/* test-discovery.c: observed workflows and their history from event logs
 *
 * tests/data/eventlog-basic.xes, worked out by hand (times UTC):
 *
 *   c1   Register 08:00 (Ann); Check start 09:00, complete 09:30 (Bob);
 *        Decide start 10:00:00.250, complete 10:45:00.250 (Cy)     2 March
 *   c2   Register 09:00, Check 10:00, Correct 11:00, Check 12:00,
 *        Decide 13:00, all by Dan (Check 10:00 written after Correct) 3 March
 *   c3   Register 08:00:00.5                                       4 March
 *   dst  Register 2026-10-24 23:30, Check 2026-10-25 01:30 (+02:00 and +01:00)
 *   c5   Register 08:00; Check scheduled 08:10, started 08:15 and 08:20,
 *        completed 08:40; Decide 09:00                             5 March
 *   c6   no events
 *
 * Instances: c1 3, c2 5, c3 1, dst 2, c5 3 (the start at 08:20 is never
 * completed, the schedule is ignored). Directly-follows:
 *
 *   start → register 5            register → check 4: 1 h + 1 h + 2 h + 15 min
 *   register → end 1 (c3)         check → decide 3: 30 min 0.25 s + 1 h + 20 min
 *   check → correct 1: 1 h        correct → check 1: 1 h (the rework loop)
 *   check → end 1 (dst)           decide → end 3
 *
 * Correct comes before Decide in no case; it is only left by the loop, so
 * it gets the implied edge to the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/cs-csv-reader.h"
#include "core/cs-discovery.h"
#include "core/cs-error.h"
#include "core/cs-workflow-validate.h"
#include "core/cs-xes-reader.h"

#define MINUTE_MS (G_GINT64_CONSTANT (60000))
#define HOUR_MS (60 * MINUTE_MS)

static gint64
utc (int    year,
     int    month,
     int    day,
     int    hour,
     int    minute,
     double seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, seconds);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static GFile *
data_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);

  return g_file_new_for_path (path);
}

static CsEventLog *
read_xes (const char *name)
{
  g_autoptr(GFile) file = data_file (name);
  g_autoptr(CsXesReader) reader = cs_xes_reader_new ();
  g_autoptr(GError) error = NULL;
  CsEventLog *log = cs_xes_reader_read_file (reader, file, NULL, &error);

  g_assert_no_error (error);
  return log;
}

/* What foreach_case() reported. */
typedef struct
{
  GPtrArray *cases;     /* char * "index case_id started completed n_events n_records" */
  GPtrArray *records;   /* CsStepRecord */
  GPtrArray *channels;  /* the "channel" case attribute, or "-" */
} Collected;

static void
collect_case (const CsObservedCase *observed,
              gpointer              user_data)
{
  Collected *c = user_data;

  g_ptr_array_add (c->cases, g_strdup_printf ("%" G_GINT64_FORMAT " %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %u %u",
                                              observed->index, observed->case_id, observed->started_at,
                                              observed->completed_at, observed->n_events, observed->n_records));
  g_ptr_array_add (c->channels, g_strdup (json_object_has_member (observed->attributes, "channel")
                                          ? json_object_get_string_member (observed->attributes, "channel")
                                          : "-"));
}

static void
collect_record (const CsStepRecord *record,
                gpointer            user_data)
{
  Collected *c = user_data;

  g_ptr_array_add (c->records, cs_step_record_copy (record));
}

static void
collect (CsDiscovery *discovery,
         Collected   *c)
{
  c->cases = g_ptr_array_new_with_free_func (g_free);
  c->records = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_step_record_free);
  c->channels = g_ptr_array_new_with_free_func (g_free);
  cs_discovery_foreach_case (discovery, collect_case, collect_record, c);
}

static void
collected_clear (Collected *c)
{
  g_ptr_array_unref (c->cases);
  g_ptr_array_unref (c->records);
  g_ptr_array_unref (c->channels);
}

static void
check_record (GPtrArray  *records,
              guint       index,
              gint64      instance,
              const char *step,
              const char *from,
              gint64      enqueued,
              gint64      started,
              gint64      completed,
              gint64      queue_ms,
              gint64      execution_ms,
              const char *resource)
{
  CsStepRecord *r = g_ptr_array_index (records, index);

  g_test_message ("record %u: %s from %s", index, r->step_id, r->from_step);
  g_assert_cmpint (r->instance_id, ==, instance);
  g_assert_cmpstr (r->step_id, ==, step);
  g_assert_cmpstr (r->from_step, ==, from);
  g_assert_cmpint (r->step_type, ==, CS_STEP_ACTION);
  g_assert_cmpint (r->status, ==, CS_EXEC_COMPLETED);
  g_assert_cmpint (r->enqueued_at, ==, enqueued);
  g_assert_cmpint (r->started_at, ==, started);
  g_assert_cmpint (r->completed_at, ==, completed);
  g_assert_cmpint (r->queue_time_ms, ==, queue_ms);
  g_assert_cmpint (r->execution_time_ms, ==, execution_ms);
  g_assert_cmpstr (r->executed_by, ==, resource);
  g_assert_cmpstr (r->environment, ==, "import");
}

static void
check_edge (CsDiscovery *discovery,
            guint        index,
            const char  *from,
            const char  *to,
            guint        count,
            gint64       total_ms,
            gboolean     rework,
            gboolean     implied)
{
  const CsDfgEdge *edge = cs_discovery_get_edge (discovery, index);

  g_test_message ("edge %u: %s → %s", index, edge->from, edge->to);
  g_assert_cmpstr (edge->from, ==, from);
  g_assert_cmpstr (edge->to, ==, to);
  g_assert_cmpuint (edge->count, ==, count);
  g_assert_cmpint (edge->total_ms, ==, total_ms);
  g_assert_cmpint (edge->rework, ==, rework);
  g_assert_cmpint (edge->implied, ==, implied);
  g_assert_true (cs_discovery_find_edge (discovery, from, to) == edge);
}

/* Validation finds nothing wrong. */
static void
assert_valid (CsWorkflow *workflow)
{
  g_autoptr(GPtrArray) problems = cs_workflow_validate (workflow, NULL);

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", cs_problem_get_message (g_ptr_array_index (problems, i)));
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_basic_stats (void)
{
  g_autoptr(CsEventLog) log = read_xes ("eventlog-basic.xes");
  g_autoptr(CsDiscovery) discovery = cs_discovery_new (log);
  const CsDiscoveryStats *s = cs_discovery_get_stats (discovery);
  g_auto(GStrv) report = NULL;
  const gint64 throughput[] = {
    2 * HOUR_MS + 45 * MINUTE_MS + 250,   /* c1: 08:00 to 10:45:00.250 */
    4 * HOUR_MS,                          /* c2 */
    0,                                    /* c3 */
    2 * HOUR_MS,                          /* dst */
    HOUR_MS,                              /* c5: 08:00 to 09:00 */
  };
  double mean = 0, squares = 0;

  g_assert_true (cs_discovery_get_log (discovery) == log);
  g_assert_cmpuint (s->n_cases, ==, 5);
  g_assert_cmpuint (s->n_events, ==, 19);
  g_assert_cmpuint (s->n_activities, ==, 4);
  g_assert_cmpuint (s->n_instances, ==, 14);
  g_assert_cmpuint (s->n_reordered, ==, 1);
  g_assert_cmpuint (s->n_single_event_cases, ==, 1);
  g_assert_cmpuint (s->n_unpaired_starts, ==, 1);
  g_assert_cmpuint (s->n_other_lifecycle, ==, 1);
  g_assert_cmpuint (s->n_empty_cases, ==, 1);
  g_assert_cmpuint (s->n_overlaps, ==, 0);
  g_assert_cmpuint (s->n_rework_edges, ==, 1);
  g_assert_cmpint (s->first_event, ==, utc (2026, 3, 2, 8, 0, 0));
  g_assert_cmpint (s->last_event, ==, utc (2026, 10, 25, 1, 30, 0));

  for (guint i = 0; i < G_N_ELEMENTS (throughput); i++)
    mean += throughput[i] / (double) G_N_ELEMENTS (throughput);
  for (guint i = 0; i < G_N_ELEMENTS (throughput); i++)
    squares += (throughput[i] - mean) * (throughput[i] - mean);
  g_assert_cmpint (s->throughput_min_ms, ==, 0);
  g_assert_cmpint (s->throughput_max_ms, ==, 4 * HOUR_MS);
  g_assert_cmpint (s->throughput_total_ms, ==, 35100250);
  g_assert_cmpfloat_with_epsilon (s->throughput_mean_ms, 7020050.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (s->throughput_sd_ms, sqrt (squares / 4), 1e-6);

  report = cs_discovery_describe (discovery);
  g_assert_cmpstr (report[0], ==, "5 cases, 19 events, 4 activities, from 2026-03-02T08:00:00.000Z "
                                  "to 2026-10-25T01:30:00.000Z");
  g_assert_cmpstr (report[1], ==, "1 event was out of order in its case and was put in its place in time");
  g_assert_cmpstr (report[2], ==, "1 case has a single event: no transitions, and a throughput time of 0");
  g_assert_cmpstr (report[3], ==, "1 start event was never completed and is left out");
  g_assert_cmpstr (report[4], ==, "1 event with another lifecycle transition (schedule, suspend, …) "
                                  "is ignored");
  g_assert_cmpstr (report[5], ==, "1 case without events is left out");
  /* No overlaps. */
  g_assert_cmpstr (report[6], ==, "1 path leads back to an earlier activity (rework): it is reported "
                                  "beside the workflow");
  g_assert_null (report[7]);

  g_assert_cmpstr (cs_discovery_get_step_id (discovery, 0), ==, "register");
  g_assert_cmpstr (cs_discovery_get_step_id (discovery, 3), ==, "correct");
  g_assert_cmpuint (cs_discovery_get_activity_count (discovery, 0), ==, 5);
  g_assert_cmpuint (cs_discovery_get_activity_count (discovery, 1), ==, 5);
  g_assert_cmpuint (cs_discovery_get_activity_count (discovery, 2), ==, 3);
  g_assert_cmpuint (cs_discovery_get_activity_count (discovery, 3), ==, 1);
}

static void
test_basic_graph (void)
{
  g_autoptr(CsEventLog) log = read_xes ("eventlog-basic.xes");
  g_autoptr(CsDiscovery) discovery = cs_discovery_new (log);

  /* Forward edges by the position of their source (start, register, check,
   * decide, correct, end), then by count; rework last. */
  g_assert_cmpuint (cs_discovery_get_n_edges (discovery), ==, 9);
  check_edge (discovery, 0, "start", "register", 5, 0, FALSE, FALSE);
  check_edge (discovery, 1, "register", "check", 4, 4 * HOUR_MS + 15 * MINUTE_MS, FALSE, FALSE);
  check_edge (discovery, 2, "register", "end", 1, 0, FALSE, FALSE);
  check_edge (discovery, 3, "check", "decide", 3, 30 * MINUTE_MS + 250 + HOUR_MS + 20 * MINUTE_MS, FALSE, FALSE);
  check_edge (discovery, 4, "check", "correct", 1, HOUR_MS, FALSE, FALSE);
  check_edge (discovery, 5, "check", "end", 1, 0, FALSE, FALSE);
  check_edge (discovery, 6, "decide", "end", 3, 0, FALSE, FALSE);
  check_edge (discovery, 7, "correct", "end", 0, 0, FALSE, TRUE);
  check_edge (discovery, 8, "correct", "check", 1, HOUR_MS, TRUE, FALSE);
  for (guint i = 0; i < 9; i++)
    g_assert_true (cs_discovery_get_edge (discovery, i)->kept);
  g_assert_null (cs_discovery_find_edge (discovery, "decide", "check"));
}

static void
test_basic_workflow (void)
{
  static const char *steps[] = { "start", "register", "check", "decide", "correct", "end" };
  static const char *labels[][3] = {
    { "start", "register", "5" }, { "register", "check", "4" }, { "register", "end", "1" },
    { "check", "decide", "3" }, { "check", "correct", "1" }, { "check", "end", "1" },
    { "decide", "end", "3" }, { "correct", "end", "after rework" },
  };
  g_autoptr(CsEventLog) log = read_xes ("eventlog-basic.xes");
  g_autoptr(CsDiscovery) discovery = cs_discovery_new (log);
  g_autoptr(CsWorkflow) workflow = cs_discovery_build_workflow (discovery, "permits", 3, "Permits");
  g_autoptr(CsWorkflow) copy = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GError) error = NULL;
  CsStep *step;

  g_assert_true (cs_workflow_get_observed (workflow));
  g_assert_cmpstr (cs_workflow_get_key (workflow), ==, "permits");
  g_assert_cmpint (cs_workflow_get_version (workflow), ==, 3);
  g_assert_cmpstr (cs_workflow_get_name (workflow), ==, "Permits");
  g_assert_cmpstr (cs_workflow_get_description (workflow), ==,
                   "Discovered from the event log “Hand-written test log”: 5 cases, 19 events, 4 activities");
  g_assert_cmpstr (cs_workflow_get_start_step_id (workflow), ==, "start");

  g_assert_cmpuint (cs_workflow_get_n_steps (workflow), ==, G_N_ELEMENTS (steps));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    g_assert_cmpstr (cs_step_get_id (cs_workflow_get_step (workflow, i)), ==, steps[i]);
  step = cs_workflow_find_step (workflow, "check");
  g_assert_cmpint (cs_step_get_step_type (step), ==, CS_STEP_ACTION);
  g_assert_cmpstr (cs_step_get_name (step), ==, "Check");
  g_assert_cmpstr (cs_step_get_description (step), ==, "Observed 5 times");
  g_assert_null (cs_step_get_handler (step));
  g_assert_false (cs_step_get_position (step, NULL, NULL, NULL));
  g_assert_cmpstr (cs_step_get_description (cs_workflow_find_step (workflow, "correct")), ==, "Observed 1 time");
  step = cs_workflow_find_step (workflow, "end");
  g_assert_cmpint (cs_step_get_step_type (step), ==, CS_STEP_TERMINAL);
  g_assert_cmpint (cs_step_get_terminal_status (step), ==, CS_TERMINAL_SUCCESS);

  g_assert_cmpuint (cs_workflow_get_n_edges (workflow), ==, G_N_ELEMENTS (labels));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      CsEdge *edge = cs_workflow_get_edge (workflow, i);

      g_assert_cmpstr (cs_edge_get_from (edge), ==, labels[i][0]);
      g_assert_cmpstr (cs_edge_get_to (edge), ==, labels[i][1]);
      g_assert_cmpint (cs_edge_get_kind (edge), ==, CS_EDGE_NEXT);
      g_assert_cmpstr (cs_edge_get_label (edge), ==, labels[i][2]);
    }
  /* The loop is not in the workflow. */
  g_assert_null (cs_workflow_find_edge (workflow, "correct", "check"));

  /* Valid as it is; acyclic. */
  problems = cs_workflow_validate (workflow, NULL);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", cs_problem_get_message (g_ptr_array_index (problems, i)));
  g_assert_cmpuint (problems->len, ==, 0);
  sorted = cs_workflow_topological_sort (workflow, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sorted->len, ==, 6);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* The flag is what spares the actions their handlers; copies keep it. */
  copy = cs_workflow_copy (workflow);
  g_assert_true (cs_workflow_get_observed (copy));
  g_assert_true (cs_workflow_equal (workflow, copy));
  cs_workflow_set_observed (copy, FALSE);
  g_assert_false (cs_workflow_equal (workflow, copy));
  problems = cs_workflow_validate (copy, NULL);
  g_assert_cmpuint (problems->len, ==, 5);
  for (guint i = 0; i < problems->len; i++)
    g_assert_cmpint (cs_problem_get_kind (g_ptr_array_index (problems, i)), ==, CS_PROBLEM_UNKNOWN_HANDLER);
  g_assert_cmpstr (cs_problem_get_message (cs_problems_find (problems, CS_PROBLEM_UNKNOWN_HANDLER, "correct")),
                   ==, "Action “correct” has no handler");
  g_clear_pointer (&problems, g_ptr_array_unref);
  /* An observed workflow still may not name an unknown handler. */
  cs_step_set_handler (cs_workflow_find_step (workflow, "decide"), "no.such_handler");
  problems = cs_workflow_validate (workflow, NULL);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (cs_problems_find (problems, CS_PROBLEM_UNKNOWN_HANDLER, "decide"));

  g_assert_finalize_object (g_steal_pointer (&copy));
  g_clear_pointer (&sorted, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&workflow));
}

static void
test_thresholds (void)
{
  g_autoptr(CsEventLog) log = read_xes ("eventlog-basic.xes");
  g_autoptr(CsDiscovery) discovery = cs_discovery_new (log);
  g_autoptr(CsWorkflow) workflow = NULL;

  /* Half of the most frequent edge (5): register → end and check → end go;
   * check → correct (1) stays, as Correct's only way in. */
  cs_discovery_set_min_share (discovery, 0.5);
  g_assert_cmpfloat (cs_discovery_get_min_share (discovery), ==, 0.5);
  g_assert_false (cs_discovery_find_edge (discovery, "register", "end")->kept);
  g_assert_false (cs_discovery_find_edge (discovery, "check", "end")->kept);
  g_assert_true (cs_discovery_find_edge (discovery, "check", "correct")->kept);
  g_assert_true (cs_discovery_find_edge (discovery, "correct", "end")->kept);
  g_assert_true (cs_discovery_find_edge (discovery, "check", "decide")->kept);
  g_assert_false (cs_discovery_find_edge (discovery, "correct", "check")->kept);

  workflow = cs_discovery_build_workflow (discovery, "permits", 1, NULL);
  g_assert_cmpstr (cs_workflow_get_name (workflow), ==, "Hand-written test log");
  g_assert_cmpuint (cs_workflow_get_n_steps (workflow), ==, 6);
  g_assert_cmpuint (cs_workflow_get_n_edges (workflow), ==, 6);
  g_assert_null (cs_workflow_find_edge (workflow, "register", "end"));
  assert_valid (workflow);
  g_clear_object (&workflow);

  /* Four or more: only start → register → check pass; Check keeps its way
   * to Decide and Correct, Decide its way to the end. */
  cs_discovery_set_min_share (discovery, 0.0);
  cs_discovery_set_min_count (discovery, 4);
  g_assert_cmpuint (cs_discovery_get_min_count (discovery), ==, 4);
  g_assert_true (cs_discovery_find_edge (discovery, "check", "decide")->kept);
  g_assert_true (cs_discovery_find_edge (discovery, "decide", "end")->kept);
  g_assert_false (cs_discovery_find_edge (discovery, "register", "end")->kept);
  workflow = cs_discovery_build_workflow (discovery, "permits", 1, NULL);
  g_assert_cmpuint (cs_workflow_get_n_edges (workflow), ==, 6);
  assert_valid (workflow);

  /* Back to everything. */
  cs_discovery_set_min_count (discovery, 1);
  g_assert_true (cs_discovery_find_edge (discovery, "register", "end")->kept);
  g_assert_true (cs_discovery_find_edge (discovery, "correct", "check")->kept);
}

static void
test_basic_records (void)
{
  g_autoptr(CsEventLog) log = read_xes ("eventlog-basic.xes");
  g_autoptr(CsDiscovery) discovery = cs_discovery_new (log);
  Collected c;
  g_autofree char *c1 = NULL;
  g_autofree char *c5 = NULL;

  collect (discovery, &c);
  g_assert_cmpuint (c.cases->len, ==, 5);
  g_assert_cmpuint (c.records->len, ==, 14);
  c1 = g_strdup_printf ("1 c1 %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " 5 3",
                        utc (2026, 3, 2, 8, 0, 0), utc (2026, 3, 2, 10, 45, 0.25));
  g_assert_cmpstr (g_ptr_array_index (c.cases, 0), ==, c1);
  g_assert_cmpstr (g_ptr_array_index (c.channels, 0), ==, "web");
  g_assert_cmpstr (g_ptr_array_index (c.channels, 1), ==, "-");
  /* c5: first event 08:00, last completion 09:00; six events, three records. */
  c5 = g_strdup_printf ("5 c5 %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " 6 3",
                        utc (2026, 3, 5, 8, 0, 0), utc (2026, 3, 5, 9, 0, 0));
  g_assert_cmpstr (g_ptr_array_index (c.cases, 4), ==, c5);

  /* c1: a lone complete, then two paired activities. */
  check_record (c.records, 0, 1, "register", NULL, utc (2026, 3, 2, 8, 0, 0), utc (2026, 3, 2, 8, 0, 0),
                utc (2026, 3, 2, 8, 0, 0), 0, 0, "Ann");
  check_record (c.records, 1, 1, "check", "register", utc (2026, 3, 2, 8, 0, 0), utc (2026, 3, 2, 9, 0, 0),
                utc (2026, 3, 2, 9, 30, 0), HOUR_MS, 30 * MINUTE_MS, "Bob");
  check_record (c.records, 2, 1, "decide", "check", utc (2026, 3, 2, 9, 30, 0), utc (2026, 3, 2, 10, 0, 0.25),
                utc (2026, 3, 2, 10, 45, 0.25), 30 * MINUTE_MS + 250, 45 * MINUTE_MS, "Cy");
  /* c2: the loop, in time order. */
  check_record (c.records, 4, 2, "check", "register", utc (2026, 3, 3, 9, 0, 0), utc (2026, 3, 3, 10, 0, 0),
                utc (2026, 3, 3, 10, 0, 0), HOUR_MS, 0, "Dan");
  check_record (c.records, 5, 2, "correct", "check", utc (2026, 3, 3, 10, 0, 0), utc (2026, 3, 3, 11, 0, 0),
                utc (2026, 3, 3, 11, 0, 0), HOUR_MS, 0, "Dan");
  check_record (c.records, 6, 2, "check", "correct", utc (2026, 3, 3, 11, 0, 0), utc (2026, 3, 3, 12, 0, 0),
                utc (2026, 3, 3, 12, 0, 0), HOUR_MS, 0, "Dan");
  check_record (c.records, 7, 2, "decide", "check", utc (2026, 3, 3, 12, 0, 0), utc (2026, 3, 3, 13, 0, 0),
                utc (2026, 3, 3, 13, 0, 0), HOUR_MS, 0, "Dan");
  /* c3: one event, no wait. */
  check_record (c.records, 8, 3, "register", NULL, utc (2026, 3, 4, 8, 0, 0.5), utc (2026, 3, 4, 8, 0, 0.5),
                utc (2026, 3, 4, 8, 0, 0.5), 0, 0, NULL);
  /* dst: two hours across the change of clock. */
  check_record (c.records, 10, 4, "check", "register", utc (2026, 10, 24, 23, 30, 0),
                utc (2026, 10, 25, 1, 30, 0), utc (2026, 10, 25, 1, 30, 0), 2 * HOUR_MS, 0, NULL);
  /* c5: the first start pairs with the complete (first in, first out). */
  check_record (c.records, 12, 5, "check", "register", utc (2026, 3, 5, 8, 0, 0), utc (2026, 3, 5, 8, 15, 0),
                utc (2026, 3, 5, 8, 40, 0), 15 * MINUTE_MS, 25 * MINUTE_MS, NULL);
  check_record (c.records, 13, 5, "decide", "check", utc (2026, 3, 5, 8, 40, 0), utc (2026, 3, 5, 9, 0, 0),
                utc (2026, 3, 5, 9, 0, 0), 20 * MINUTE_MS, 0, NULL);

  collected_clear (&c);
}

/* Overlapping activities; ids made from names. */
static void
test_overlap_and_ids (void)
{
  g_autoptr(CsEventLog) log = cs_event_log_new ();
  g_autoptr(CsDiscovery) discovery = NULL;
  g_autofree char *id = NULL;
  Collected c;

  cs_event_log_begin_case (log);
  cs_event_log_set_case_id (log, "p");
  /* "Start" and "Prüfung – Ämter" start together; "A b" and "a-b" name two activities. */
  cs_event_log_add_event (log, "Start", 0, CS_LIFECYCLE_START, NULL);
  cs_event_log_add_event (log, "Prüfung – Ämter", 1000000, CS_LIFECYCLE_START, NULL);
  cs_event_log_add_event (log, "Start", 5000000, CS_LIFECYCLE_COMPLETE, NULL);
  cs_event_log_add_event (log, "Prüfung – Ämter", 9000000, CS_LIFECYCLE_COMPLETE, NULL);
  cs_event_log_add_event (log, "A b", 10000000, CS_LIFECYCLE_COMPLETE, NULL);
  cs_event_log_add_event (log, "a-b", 11000000, CS_LIFECYCLE_COMPLETE, NULL);
  cs_event_log_add_event (log, "审批", 12000000, CS_LIFECYCLE_COMPLETE, NULL);
  cs_event_log_end_case (log);
  discovery = cs_discovery_new (log);

  g_assert_cmpstr (cs_discovery_get_step_id (discovery, 0), ==, "start_2");
  g_assert_cmpstr (cs_discovery_get_step_id (discovery, 1), ==, "prufung_amter");
  g_assert_cmpstr (cs_discovery_get_step_id (discovery, 2), ==, "a_b");
  g_assert_cmpstr (cs_discovery_get_step_id (discovery, 3), ==, "a_b_2");
  g_assert_cmpstr (cs_discovery_get_step_id (discovery, 4), ==, "activity");
  id = cs_discovery_make_id ("T02 Check confirmation of receipt, with a name far longer than any id should be",
                             "x");
  g_assert_cmpstr (id, ==, "t02_check_confirmation_of_receipt_with_a_name_fa");
  g_assert_cmpuint (strlen (id), ==, 48);

  /* Prüfung started 4 s before Start completed: no wait, and counted. */
  g_assert_cmpuint (cs_discovery_get_stats (discovery)->n_overlaps, ==, 1);
  g_assert_cmpint (cs_discovery_find_edge (discovery, "start_2", "prufung_amter")->total_ms, ==, 0);
  collect (discovery, &c);
  g_assert_cmpuint (c.records->len, ==, 5);
  check_record (c.records, 1, 1, "prufung_amter", "start_2", 1000000, 1000000, 9000000, 0, 8000, NULL);
  check_record (c.records, 2, 1, "a_b", "prufung_amter", 9000000, 10000000, 10000000, 1000, 0, NULL);
  collected_clear (&c);
}

static void
test_running_example (void)
{
  g_autoptr(CsEventLog) log = read_xes ("running-example.xes");
  g_autoptr(CsDiscovery) discovery = cs_discovery_new (log);
  g_autoptr(CsWorkflow) workflow = cs_discovery_build_workflow (discovery, "compensation", 1, "Compensation");
  g_autoptr(GPtrArray) problems = cs_workflow_validate (workflow, NULL);
  const CsDiscoveryStats *s = cs_discovery_get_stats (discovery);
  guint total = 0;

  g_assert_cmpuint (s->n_cases, ==, 6);
  g_assert_cmpuint (s->n_events, ==, 42);
  g_assert_cmpuint (s->n_instances, ==, 42);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (cs_workflow_get_n_steps (workflow), ==, 10);

  /* 36 transitions, 6 starts and 6 ends. */
  for (guint i = 0; i < cs_discovery_get_n_edges (discovery); i++)
    total += cs_discovery_get_edge (discovery, i)->count;
  g_assert_cmpuint (total, ==, 48);
  g_assert_cmpuint (cs_discovery_find_edge (discovery, "register_request", "examine_casually")->count, ==, 3);
  g_assert_cmpuint (cs_discovery_find_edge (discovery, "examine_casually", "check_ticket")->count, ==, 4);
  g_assert_cmpuint (cs_discovery_find_edge (discovery, "check_ticket", "decide")->count, ==, 6);
  g_assert_cmpuint (cs_discovery_find_edge (discovery, "decide", "reinitiate_request")->count, ==, 3);
  g_assert_false (cs_discovery_find_edge (discovery, "decide", "reinitiate_request")->rework);

  /* Examine casually mostly precedes Check ticket, Check ticket mostly
   * precedes Examine thoroughly; Reinitiate request loops back. */
  g_assert_cmpuint (s->n_rework_edges, ==, 5);
  g_assert_true (cs_discovery_find_edge (discovery, "check_ticket", "examine_casually")->rework);
  g_assert_cmpuint (cs_discovery_find_edge (discovery, "check_ticket", "examine_casually")->count, ==, 2);
  g_assert_true (cs_discovery_find_edge (discovery, "examine_thoroughly", "check_ticket")->rework);
  g_assert_true (cs_discovery_find_edge (discovery, "reinitiate_request", "examine_casually")->rework);
  g_assert_true (cs_discovery_find_edge (discovery, "reinitiate_request", "check_ticket")->rework);
  g_assert_true (cs_discovery_find_edge (discovery, "reinitiate_request", "examine_thoroughly")->rework);
  g_assert_true (cs_discovery_find_edge (discovery, "reinitiate_request", "end")->implied);
  g_assert_false (cs_discovery_find_edge (discovery, "check_ticket", "examine_thoroughly")->rework);
}

/* The meta_time:… value of the receipt log's header, read with a regular
 * expression from the decompressed file, independently of the XES reader. */
static double
header_value (const char *xml,
              const char *key)
{
  g_autofree char *pattern = g_strdup_printf ("<float key=\"%s\" value=\"([^\"]+)\"", key);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *value = NULL;

  g_assert_true (g_regex_match (regex, xml, 0, &match));
  value = g_match_info_fetch (match, 1);
  return g_ascii_strtod (value, NULL);
}

static void
test_receipt (void)
{
  g_autoptr(GFile) file = data_file ("08_receipt.xes.gz");
  g_autoptr(GFileInputStream) raw = g_file_read (file, NULL, NULL);
  g_autoptr(GConverter) gunzip = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  g_autoptr(GInputStream) in = g_converter_input_stream_new (G_INPUT_STREAM (raw), gunzip);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CsEventLog) log = read_xes ("08_receipt.xes.gz");
  g_autoptr(CsDiscovery) discovery = cs_discovery_new (log);
  g_autoptr(CsWorkflow) workflow = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  const CsDiscoveryStats *s = cs_discovery_get_stats (discovery);
  const char *xml;
  Collected c;

  g_assert_cmpint (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE, NULL, &error), >, 0);
  /* NUL-terminated for the regular expression. */
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  g_assert_no_error (error);
  xml = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out));

  g_assert_cmpuint (s->n_cases, ==, 1434);
  g_assert_cmpuint (s->n_events, ==, 8577);
  g_assert_cmpuint (s->n_activities, ==, 27);
  g_assert_cmpuint (s->n_instances, ==, 8577);
  g_assert_cmpuint (s->n_unpaired_starts, ==, 0);
  g_assert_cmpuint (s->n_reordered, ==, 0);

  /* The header's case durations, in seconds: ours are last completion − first
   * event on true elapsed time, to the millisecond. */
  g_assert_cmpint (s->throughput_total_ms, ==, (gint64) llround (header_value (xml, "meta_time:duration_total") * 1000));
  g_assert_cmpint (s->throughput_max_ms, ==, (gint64) llround (header_value (xml, "meta_time:duration_max") * 1000));
  g_assert_cmpint (s->throughput_min_ms, ==, (gint64) llround (header_value (xml, "meta_time:duration_min") * 1000));
  g_assert_cmpfloat_with_epsilon (s->throughput_mean_ms / 1000, header_value (xml, "meta_time:duration_average"), 0.0005);
  g_assert_cmpfloat_with_epsilon (s->throughput_sd_ms / 1000,
                                  header_value (xml, "meta_time:duration_standard_deviation"), 0.0005);

  workflow = cs_discovery_build_workflow (discovery, "wabo_receipt", 1, "Receipt phase");
  g_assert_cmpuint (cs_workflow_get_n_steps (workflow), ==, 29);
  problems = cs_workflow_validate (workflow, NULL);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (s->n_rework_edges, >, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_object (&workflow);

  /* Hiding rare paths keeps the workflow whole. */
  cs_discovery_set_min_share (discovery, 0.05);
  workflow = cs_discovery_build_workflow (discovery, "wabo_receipt", 1, "Receipt phase");
  g_assert_cmpuint (cs_workflow_get_n_steps (workflow), ==, 29);
  problems = cs_workflow_validate (workflow, NULL);
  g_assert_cmpuint (problems->len, ==, 0);

  collect (discovery, &c);
  g_assert_cmpuint (c.cases->len, ==, 1434);
  g_assert_cmpuint (c.records->len, ==, 8577);
  g_assert_cmpstr (g_ptr_array_index (c.channels, 0), ==, "Internet");
  /* case-10011 starts with Confirmation of receipt at 2011-10-11T13:45:40.276+02:00 by Resource21. */
  check_record (c.records, 0, 1, "confirmation_of_receipt", NULL, utc (2011, 10, 11, 11, 45, 40.276),
                utc (2011, 10, 11, 11, 45, 40.276), utc (2011, 10, 11, 11, 45, 40.276), 0, 0, "Resource21");
  collected_clear (&c);
}

/* The interval log: starts and completes in one row, paired. */
static void
test_interval_log (void)
{
  g_autoptr(GFile) file = data_file ("interval_event_log.csv");
  g_autoptr(CsCsvReader) reader = cs_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CsEventLog) log = cs_csv_reader_read_file (reader, file, NULL, &error);
  g_autoptr(CsDiscovery) discovery = NULL;
  g_auto(GStrv) report = NULL;
  const CsDiscoveryStats *s;
  Collected c;

  g_assert_no_error (error);
  discovery = cs_discovery_new (log);
  s = cs_discovery_get_stats (discovery);
  g_assert_cmpuint (s->n_instances, ==, 8109);
  g_assert_cmpuint (s->n_unpaired_starts, ==, 0);
  /* Counted with a separate script: consecutive rows of a case where the
   * next started before the previous completed. */
  g_assert_cmpuint (s->n_overlaps, ==, 58);
  report = cs_discovery_describe (discovery);
  g_assert_cmpstr (report[0], ==, "1266 cases, 16218 events, 8 activities, from 2015-01-05T09:00:07.000Z "
                                  "to 2015-09-30T11:11:05.000Z");
  g_assert_true (g_strv_contains ((const char * const *) report,
                                  "58 times an activity started before the one before it had "
                                  "completed: no waiting time is counted"));

  collect (discovery, &c);
  for (guint i = 0; i < c.records->len; i++)
    g_assert_cmpint (((CsStepRecord *) g_ptr_array_index (c.records, i))->execution_time_ms, >, 0);
  /* C1: place order 09:00:07 to 09:02:50 on 5 January; send invoice 09:21:32
   * to 09:28:55 two days later. */
  check_record (c.records, 0, 1, "place_order", NULL, utc (2015, 1, 5, 9, 0, 7), utc (2015, 1, 5, 9, 0, 7),
                utc (2015, 1, 5, 9, 2, 50), 0, 163000, NULL);
  check_record (c.records, 1, 1, "send_invoice", "place_order", utc (2015, 1, 5, 9, 2, 50),
                utc (2015, 1, 7, 9, 21, 32), utc (2015, 1, 7, 9, 28, 55), 173922000, 443000, NULL);
  collected_clear (&c);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/discovery/basic/stats", test_basic_stats);
  g_test_add_func ("/discovery/basic/graph", test_basic_graph);
  g_test_add_func ("/discovery/basic/workflow", test_basic_workflow);
  g_test_add_func ("/discovery/basic/thresholds", test_thresholds);
  g_test_add_func ("/discovery/basic/records", test_basic_records);
  g_test_add_func ("/discovery/overlap-and-ids", test_overlap_and_ids);
  g_test_add_func ("/discovery/running-example", test_running_example);
  g_test_add_func ("/discovery/receipt", test_receipt);
  g_test_add_func ("/discovery/interval-log", test_interval_log);

  return g_test_run ();
}
