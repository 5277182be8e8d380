/* test-simulator.c: the discrete-event simulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "core/cs-error.h"
#include "core/cs-example-workflows.h"
#include "core/cs-simulator.h"
#include "core/cs-workflow-builder.h"
#include "core/cs-workflow-json.h"

#define HOUR_US  (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define MINUTE_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

/* Collecting what a run reports */

typedef struct
{
  gint64            index;
  char             *workflow_key;
  gint64            started_at;
  gint64            completed_at;
  gboolean          finished;
  CsTerminalStatus  status;
  char             *terminal_step;
  char             *error;
  JsonNode         *data;
  JsonNode         *initial_data;
  char             *edge_state;
  char             *channel;
  char             *area;
  char             *category;
  guint             n_records;
  guint             first_record;   /* index in Collect.records */
} Inst;

static void
inst_free (Inst *inst)
{
  g_free (inst->workflow_key);
  g_free (inst->terminal_step);
  g_free (inst->error);
  json_node_unref (inst->data);
  json_node_unref (inst->initial_data);
  g_free (inst->edge_state);
  g_free (inst->channel);
  g_free (inst->area);
  g_free (inst->category);
  g_free (inst);
}

typedef struct
{
  GPtrArray    *instances;   /* Inst */
  GPtrArray    *records;     /* CsStepRecord */
  GChecksum    *checksum;    /* of every field of every instance */
  GChecksum    *record_sum;  /* of every field of every record */
  gboolean      keep;
  guint64       n_records;
  GCancellable *cancel_after;
  guint64       cancel_at;
} Collect;

static void
collect_init (Collect  *c,
              gboolean  keep)
{
  memset (c, 0, sizeof *c);
  c->instances = g_ptr_array_new_with_free_func ((GDestroyNotify) inst_free);
  c->records = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_step_record_free);
  c->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  c->record_sum = g_checksum_new (G_CHECKSUM_SHA256);
  c->keep = keep;
}

static void
collect_clear (Collect *c)
{
  g_ptr_array_unref (c->instances);
  g_ptr_array_unref (c->records);
  g_checksum_free (c->checksum);
  g_checksum_free (c->record_sum);
}

static void
on_instance (const CsSimInstance *si,
             gpointer             user_data)
{
  Collect *c = user_data;
  g_autofree char *data = json_to_string (si->data, FALSE);
  g_autofree char *initial = json_to_string (si->initial_data, FALSE);
  g_autofree char *line =
    g_strdup_printf ("%" G_GINT64_FORMAT "|%s|%d|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%d|%d|%s|%s|%s|%s|%s|%s|%s|%s|%u\n",
                     si->index, si->workflow_key, si->workflow_version, si->started_at, si->completed_at,
                     si->finished, si->status, si->terminal_step ? si->terminal_step : "-",
                     si->error ? si->error : "-", data, initial, si->edge_state, si->channel, si->area,
                     si->category ? si->category : "-", si->n_records);

  g_checksum_update (c->checksum, (const guchar *) line, -1);
  if (c->keep)
    {
      Inst *inst = g_new0 (Inst, 1);

      inst->index = si->index;
      inst->workflow_key = g_strdup (si->workflow_key);
      inst->started_at = si->started_at;
      inst->completed_at = si->completed_at;
      inst->finished = si->finished;
      inst->status = si->status;
      inst->terminal_step = g_strdup (si->terminal_step);
      inst->error = g_strdup (si->error);
      inst->data = json_node_ref (si->data);
      inst->initial_data = json_node_ref (si->initial_data);
      inst->edge_state = g_strdup (si->edge_state);
      inst->channel = g_strdup (si->channel);
      inst->area = g_strdup (si->area);
      inst->category = g_strdup (si->category);
      inst->n_records = si->n_records;
      inst->first_record = c->records->len;
      g_ptr_array_add (c->instances, inst);
    }
}

static void
on_record (const CsStepRecord *r,
           gpointer            user_data)
{
  Collect *c = user_data;
  g_autofree char *line =
    g_strdup_printf ("%" G_GINT64_FORMAT "|%s|%d|%d|%s|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%"
                     G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%"
                     G_GINT64_FORMAT "|%u|%d|%d|%s|%s|%s\n",
                     r->instance_id, r->step_id, r->step_type, r->status, r->outcome ? r->outcome : "-",
                     r->from_step ? r->from_step : "-", r->enqueued_at, r->started_at, r->completed_at,
                     r->queue_time_ms, r->validation_time_ms, r->execution_time_ms, r->wait_time_ms,
                     r->retry_count, r->waiting_for_approval, r->waiting_for_external,
                     r->executed_by ? r->executed_by : "-", r->environment, r->error ? r->error : "-");

  g_checksum_update (c->record_sum, (const guchar *) line, -1);
  c->n_records++;
  if (c->keep)
    g_ptr_array_add (c->records, cs_step_record_copy (r));
  if (c->cancel_after != NULL && c->n_records == c->cancel_at)
    g_cancellable_cancel (c->cancel_after);
}

static gboolean
run (CsSimulator  *sim,
     Collect      *c,
     GError      **error)
{
  return cs_simulator_run (sim, on_instance, on_record, c, c->cancel_after, error);
}

static CsStepRecord *
record_of (Collect    *c,
           Inst       *inst,
           const char *step_id)
{
  for (guint i = 0; i < inst->n_records; i++)
    {
      CsStepRecord *r = g_ptr_array_index (c->records, inst->first_record + i);
      if (g_str_equal (r->step_id, step_id))
        return r;
    }
  return NULL;
}

/* Workflows */

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

static void
set_profile (CsWorkflow *workflow,
             const char *json)
{
  g_autoptr(JsonNode) profile = parse (json);
  cs_workflow_set_simulation (workflow, profile);
}

/* review (approval) → done | refused */
static CsWorkflow *
approval_workflow (double officers,
                   double handling_seconds,
                   double cv)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("one_approval", 1, "One Approval");
  CsStep *step = cs_approval (b, "review", "Review", "officer", NULL);

  cs_step_set_sim (step, CS_SIM_OFFICERS, officers);
  cs_step_set_sim (step, CS_SIM_HANDLING_TIME, handling_seconds);
  cs_step_set_sim (step, CS_SIM_SERVICE_CV, cv);
  cs_terminal (b, "done", "Done", CS_TERMINAL_SUCCESS);
  cs_terminal (b, "refused", "Refused", CS_TERMINAL_REJECTED);
  cs_on_approved (b, "review", "done");
  cs_on_rejected (b, "review", "refused");
  return cs_workflow_builder_finish (b);
}

/* a → (b ∥ c) → d → end */
static CsWorkflow *
fork_join_workflow (void)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("fork_join", 1, "Fork and Join");

  cs_action (b, "a", "A", "feedback.record");
  cs_step_set_sim (cs_action (b, "b", "B", "feedback.record"), CS_SIM_MEAN_SERVICE_TIME, 5.0);
  cs_step_set_sim (cs_action (b, "c", "C", "feedback.record"), CS_SIM_MEAN_SERVICE_TIME, 20.0);
  cs_action (b, "d", "D", "feedback.record");
  cs_terminal (b, "end", "End", CS_TERMINAL_SUCCESS);
  cs_fork (b, "a", "b", "c", NULL);
  cs_join (b, "d", "b", "c", NULL);
  cs_flow (b, "d", "end", NULL);
  return cs_workflow_builder_finish (b);
}

/* start → route: x == 1 → p, otherwise → q; p, q → j → end */
static CsWorkflow *
dead_branch_workflow (void)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("dead_branch", 1, "Dead Branch");
  g_autoptr(CsWorkflow) workflow = NULL;

  cs_action (b, "start", "Start", "feedback.record");
  cs_conditional (b, "route", "Route");
  cs_action (b, "p", "P", "feedback.record");
  cs_action (b, "q", "Q", "feedback.record");
  cs_action (b, "j", "Join", "feedback.record");
  cs_terminal (b, "end", "End", CS_TERMINAL_SUCCESS);
  cs_flow (b, "start", "route", NULL);
  cs_when (b, "route", "x == 1", "p");
  cs_otherwise (b, "route", "q");
  cs_join (b, "j", "p", "q", NULL);
  cs_flow (b, "j", "end", NULL);
  workflow = cs_workflow_builder_finish (b);
  set_profile (workflow, "{\"data\": [{\"weight\": 3, \"data\": {\"x\": 1}}, {\"weight\": 1, \"data\": {\"x\": 2}}]}");
  return g_steal_pointer (&workflow);
}

/* start → (call ∥ slow) → after → ok */
static CsWorkflow *
integration_workflow (double failure,
                      gboolean with_parallel_branch)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("calls", 1, "Calls");
  CsStep *call;

  cs_action (b, "start", "Start", "feedback.record");
  call = cs_integration (b, "call", "Call", "POST", "https://api.example.gov/check");
  cs_step_set_max_attempts (call, 3);
  cs_step_set_backoff (call, 1000, 30000);
  cs_step_set_sim (call, CS_SIM_FAILURE_PROBABILITY, failure);
  cs_step_set_sim (call, CS_SIM_LATENCY, 0.5);
  cs_action (b, "after", "After", "feedback.record");
  cs_terminal (b, "ok", "OK", CS_TERMINAL_SUCCESS);
  if (with_parallel_branch)
    {
      cs_step_set_sim (cs_action (b, "slow", "Slow", "feedback.record"), CS_SIM_MEAN_SERVICE_TIME, 3600.0);
      cs_fork (b, "start", "call", "slow", NULL);
      cs_join (b, "after", "call", "slow", NULL);
    }
  else
    cs_flow (b, "start", "call", "after", NULL);
  cs_flow (b, "after", "ok", NULL);
  return cs_workflow_builder_finish (b);
}

static CsSimulator *
examples_simulator (guint64 seed)
{
  CsSimulator *sim = cs_simulator_new (seed);

  for (const char * const *key = cs_example_workflow_keys (); *key != NULL; key++)
    {
      g_autoptr(CsWorkflow) workflow = cs_example_workflow_new (*key);
      g_autoptr(GError) error = NULL;

      g_assert_true (cs_simulator_add_workflow (sim, workflow, -1, &error));
      g_assert_no_error (error);
    }
  return sim;
}

static GTimeZone *
amsterdam (void)
{
  GTimeZone *tz = g_time_zone_new_identifier ("Europe/Amsterdam");

  g_assert_nonnull (tz);
  return tz;
}

static gint64
local_us (GTimeZone *tz,
          int        year,
          int        month,
          int        day,
          int        hour,
          int        minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

/* Whether @t falls in Monday–Friday 08:00–17:00 local time, ends included. */
static gboolean
in_office_hours (GTimeZone *tz,
                 gint64     t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  gint64 of_day = ((gint64) g_date_time_get_hour (local) * 3600 + g_date_time_get_minute (local) * 60 +
                   g_date_time_get_second (local)) * G_USEC_PER_SEC + t % G_USEC_PER_SEC;

  return g_date_time_get_day_of_week (local) <= 5 && of_day >= 8 * HOUR_US && of_day <= 17 * HOUR_US;
}

/* Determinism */

static char *
run_checksum (CsSimulator *sim)
{
  g_autoptr(GError) error = NULL;
  Collect c;
  char *sum;

  collect_init (&c, FALSE);
  g_assert_true (run (sim, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.n_records, >, 1000);
  sum = g_strconcat (g_checksum_get_string (c.checksum), "/", g_checksum_get_string (c.record_sum), NULL);
  collect_clear (&c);
  return sum;
}

static void
test_determinism (void)
{
  g_autoptr(CsSimulator) a = examples_simulator (11);
  g_autoptr(CsSimulator) b = examples_simulator (11);
  g_autoptr(CsSimulator) other = examples_simulator (12);
  g_autofree char *sum_a = NULL, *sum_b = NULL, *sum_again = NULL, *sum_other = NULL;

  cs_simulator_set_duration (a, 2 * G_TIME_SPAN_DAY);
  cs_simulator_set_duration (b, 2 * G_TIME_SPAN_DAY);
  cs_simulator_set_duration (other, 2 * G_TIME_SPAN_DAY);
  sum_a = run_checksum (a);
  sum_b = run_checksum (b);
  sum_again = run_checksum (a);
  sum_other = run_checksum (other);

  g_assert_cmpstr (sum_a, ==, sum_b);
  g_assert_cmpstr (sum_a, ==, sum_again);
  g_assert_cmpstr (sum_a, !=, sum_other);

  g_assert_finalize_object (a);
  g_assert_finalize_object (b);
  g_assert_finalize_object (other);
  a = b = other = NULL;
}

/* Queueing theory: one approval step, open around the clock */

static const CsSimSummary *
run_queue (CsSimulator *sim,
           double       officers,
           double       arrivals_per_day,
           double       days)
{
  g_autoptr(CsWorkflow) workflow = approval_workflow (officers, 1800, 1.0);
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_simulator_add_workflow (sim, workflow, arrivals_per_day, &error));
  cs_simulator_set_office_hours (sim, CS_SIM_EVERY_DAY, 0, 1440);
  cs_simulator_set_duration (sim, (GTimeSpan) (days * G_TIME_SPAN_DAY));
  g_assert_true (cs_simulator_run (sim, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return cs_simulator_get_summary (sim);
}

/* Erlang C: the mean wait in an M/M/c queue. */
static double
erlang_c_wait (guint  c,
               double lambda,
               double service)
{
  double a = lambda * service, rho = a / c, sum = 0.0, term = 1.0, top, p_wait;

  for (guint k = 0; k < c; k++)
    {
      sum += term;
      term *= a / (k + 1);
    }
  top = term / (1.0 - rho);
  p_wait = top / (sum + top);
  return p_wait * service / (c - a);
}

static void
test_queueing_theory (void)
{
  /* 60 % load for one officer: long enough for the mean of a heavy-tailed
   * wait to settle within a few percent. */
  const double days = 1000, arrivals = 28.8, service = 1800.0 * 1000;   /* ms */
  double wait[3] = { 0 };

  for (guint c = 1; c <= 2; c++)
    {
      g_autoptr(CsSimulator) sim = cs_simulator_new (5);
      const CsSimSummary *summary = run_queue (sim, c, arrivals, days);
      const CsSimStepStats *step = cs_sim_summary_find_step (summary, "one_approval", "review");
      const CsSimPoolStats *pool = cs_sim_summary_find_pool (summary, "one_approval.review");
      double lambda = summary->instances_started / (days * 86400000.0);   /* per ms */
      double expected = erlang_c_wait (c, lambda, service);

      g_assert_nonnull (step);
      g_assert_nonnull (pool);
      g_assert_cmpuint (pool->officers, ==, c);
      /* Poisson arrivals: about 28.8 a day. */
      g_assert_cmpfloat (fabs (summary->instances_started - arrivals * days), <, 0.02 * arrivals * days);
      g_assert_cmpuint (step->executions, >, 28000);

      /* Utilisation is arrival rate × handling time / officers. */
      g_assert_cmpfloat (fabs (pool->utilisation - lambda * service / c), <, 0.02);
      /* Little's law: cases waiting = arrival rate × wait. */
      g_assert_cmpfloat (fabs (pool->mean_queue_length - lambda * step->mean_wait_ms) /
                         pool->mean_queue_length, <, 0.02);
      /* Lognormal handling with cv 1 has an exponential's two moments:
       * Pollaczek–Khinchine makes M/M/1 exact for one officer; for two,
       * Erlang C is the usual approximation. */
      g_test_message ("%u officers: mean wait %.1f min, M/M/%u %.1f min", c, step->mean_wait_ms / 60000,
                      c, expected / 60000);
      g_assert_cmpfloat (fabs (step->mean_wait_ms - expected) / expected, <, c == 1 ? 0.15 : 0.2);
      wait[c] = step->mean_wait_ms;

      g_assert_finalize_object (sim);
      sim = NULL;
    }
  /* A second officer turns most of an hour into minutes. */
  g_assert_cmpfloat (wait[1], >, 10 * wait[2]);
}

/* Office hours */

static void
test_office_hours (void)
{
  g_autoptr(CsSimulator) sim = examples_simulator (3);
  g_autoptr(GTimeZone) tz = amsterdam ();
  g_autoptr(GError) error = NULL;
  guint approvals = 0;
  Collect c;

  cs_simulator_set_timezone (sim, tz);
  cs_simulator_set_duration (sim, 4 * G_TIME_SPAN_DAY);
  cs_simulator_set_drain (sim, TRUE);
  collect_init (&c, TRUE);
  g_assert_true (run (sim, &c, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < c.records->len; i++)
    {
      CsStepRecord *r = g_ptr_array_index (c.records, i);

      if (r->step_type != CS_STEP_APPROVAL || r->status != CS_EXEC_COMPLETED)
        continue;
      approvals++;
      g_assert_true (in_office_hours (tz, r->completed_at));
      g_assert_true (g_str_has_prefix (r->executed_by, "officer-"));
    }
  g_assert_cmpuint (approvals, >, 150);
  collect_clear (&c);
}

/* Cases arriving on @year-@month-@day, a Friday, between 18:00 and 19:00
 * wait for Monday 08:00; one officer handles them half an hour each. */
static void
check_weekend_wait (int    year,
                    int    month,
                    int    friday,
                    int    monday_month,
                    int    monday,
                    gint64 weekend_hours)
{
  g_autoptr(CsSimulator) sim = cs_simulator_new (9);
  g_autoptr(CsWorkflow) workflow = approval_workflow (1, 1800, 0.0);
  g_autoptr(GTimeZone) tz = amsterdam ();
  g_autoptr(GDateTime) start = g_date_time_new (tz, year, month, friday, 18, 0, 0);
  g_autoptr(GError) error = NULL;
  gint64 friday_1800 = local_us (tz, year, month, friday, 18, 0);
  gint64 monday_0800 = local_us (tz, year, monday_month, monday, 8, 0);
  gint64 previous = 0;
  guint n = 0;
  Collect c;

  /* The weekend is really this long: the clocks change in between or not. */
  g_assert_cmpint (monday_0800 - friday_1800, ==, weekend_hours * HOUR_US);

  g_assert_true (cs_simulator_add_workflow (sim, workflow, 480, &error));
  cs_simulator_set_timezone (sim, tz);
  cs_simulator_set_start (sim, start);
  cs_simulator_set_duration (sim, G_TIME_SPAN_HOUR);
  cs_simulator_set_drain (sim, TRUE);
  collect_init (&c, TRUE);
  g_assert_true (run (sim, &c, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < c.records->len; i++)
    {
      CsStepRecord *r = g_ptr_array_index (c.records, i);
      gint64 joined, handled;

      if (r->step_type != CS_STEP_APPROVAL)
        continue;
      n++;
      g_assert_cmpint (r->enqueued_at, >=, friday_1800);
      g_assert_cmpint (r->enqueued_at, <, friday_1800 + HOUR_US);
      /* FIFO, one at a time, exactly half an hour of office time each. */
      g_assert_cmpint (r->completed_at, >, previous);
      g_assert_true (in_office_hours (tz, r->completed_at));
      handled = r->completed_at - 30 * MINUTE_US;
      g_assert_true (in_office_hours (tz, handled));
      if (n == 1)
        g_assert_cmpint (handled, ==, monday_0800);
      else if (n <= 18)
        g_assert_cmpint (handled, ==, previous);
      /* The wait is true elapsed time, DST hour included. */
      joined = r->started_at + r->validation_time_ms * 1000;
      g_assert_cmpint (r->wait_time_ms * 1000, ==, handled - joined);
      if (n == 1)
        g_assert_cmpint (r->wait_time_ms * 1000 + (joined - friday_1800), ==, weekend_hours * HOUR_US);
      previous = r->completed_at;
    }
  /* 480 a day is 20 an hour; the 19th and later go to Tuesday. */
  g_assert_cmpuint (n, >, 10);
  if (n > 18)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (previous / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
      g_assert_cmpint (g_date_time_get_day_of_week (local), ==, 2);
    }
  collect_clear (&c);
}

static void
test_friday_evening (void)
{
  /* 10–13 January 2025: no clock change. */
  check_weekend_wait (2025, 1, 10, 1, 13, 62);
}

static void
test_dst (void)
{
  /* The last Sunday of October 2024 has 25 hours in Amsterdam… */
  check_weekend_wait (2024, 10, 25, 10, 28, 63);
  /* …and the last Sunday of March 2025 has 23. */
  check_weekend_wait (2025, 3, 28, 3, 31, 61);
}

/* Joins */

static void
test_fork_join (void)
{
  g_autoptr(CsSimulator) sim = cs_simulator_new (21);
  g_autoptr(CsWorkflow) workflow = fork_join_workflow ();
  g_autoptr(GError) error = NULL;
  Collect c;

  g_assert_true (cs_simulator_add_workflow (sim, workflow, 200, &error));
  cs_simulator_set_duration (sim, 2 * G_TIME_SPAN_DAY);
  cs_simulator_set_drain (sim, TRUE);
  collect_init (&c, TRUE);
  g_assert_true (run (sim, &c, &error));

  g_assert_cmpuint (c.instances->len, >, 300);
  for (guint i = 0; i < c.instances->len; i++)
    {
      Inst *inst = g_ptr_array_index (c.instances, i);
      CsStepRecord *b = record_of (&c, inst, "b"), *cr = record_of (&c, inst, "c");
      CsStepRecord *d = record_of (&c, inst, "d");
      CsStepRecord *later;

      g_assert_true (inst->finished);
      g_assert_cmpint (inst->status, ==, CS_TERMINAL_SUCCESS);
      g_assert_cmpstr (inst->terminal_step, ==, "end");
      g_assert_cmpuint (inst->n_records, ==, 5);
      g_assert_cmpstr (inst->edge_state, ==, "TTTTT");
      for (guint k = 0; k < inst->n_records; k++)
        g_assert_cmpint (((CsStepRecord *) g_ptr_array_index (c.records, inst->first_record + k))->status,
                         ==, CS_EXEC_COMPLETED);
      /* Both branches start when a completes; d waits for the later one. */
      g_assert_cmpint (b->enqueued_at, ==, cr->enqueued_at);
      later = b->completed_at > cr->completed_at ? b : cr;
      g_assert_cmpint (d->enqueued_at, ==, MAX (b->completed_at, cr->completed_at));
      g_assert_cmpstr (d->from_step, ==, later->step_id);
    }
  collect_clear (&c);
}

static void
test_dead_branch (void)
{
  g_autoptr(CsSimulator) sim = cs_simulator_new (22);
  g_autoptr(CsWorkflow) workflow = dead_branch_workflow ();
  g_autoptr(GError) error = NULL;
  guint via_p = 0, via_q = 0;
  Collect c;

  g_assert_true (cs_simulator_add_workflow (sim, workflow, 200, &error));
  cs_simulator_set_duration (sim, 2 * G_TIME_SPAN_DAY);
  cs_simulator_set_drain (sim, TRUE);
  collect_init (&c, TRUE);
  g_assert_true (run (sim, &c, &error));

  for (guint i = 0; i < c.instances->len; i++)
    {
      Inst *inst = g_ptr_array_index (c.instances, i);
      gint64 x = json_object_get_int_member (json_node_get_object (inst->data), "x");
      CsStepRecord *route = record_of (&c, inst, "route");
      CsStepRecord *taken = record_of (&c, inst, x == 1 ? "p" : "q");
      CsStepRecord *dead = record_of (&c, inst, x == 1 ? "q" : "p");
      CsStepRecord *join = record_of (&c, inst, "j");

      /* start, route, the branch taken, the one skipped, the join, the end. */
      g_assert_cmpuint (inst->n_records, ==, 6);
      g_assert_true (inst->finished);
      g_assert_cmpstr (inst->terminal_step, ==, "end");
      g_assert_cmpint (taken->status, ==, CS_EXEC_COMPLETED);
      g_assert_cmpint (dead->status, ==, CS_EXEC_SKIPPED);
      g_assert_cmpstr (dead->from_step, ==, "route");
      g_assert_cmpint (dead->started_at, ==, 0);
      g_assert_cmpint (join->status, ==, CS_EXEC_COMPLETED);
      /* The dead branch does not hold the join back. */
      g_assert_cmpint (join->enqueued_at, ==, taken->completed_at);
      g_assert_cmpstr (join->from_step, ==, taken->step_id);
      if (x == 1)
        {
          g_assert_cmpstr (route->outcome, ==, "x == 1");
          via_p++;
        }
      else
        via_q++;
    }
  /* Weights 3 : 1. */
  g_assert_cmpuint (via_p, >, 2 * via_q);
  g_assert_cmpuint (via_q, >, 30);
  collect_clear (&c);
}

/* Integrations */

static void
test_integration_retries (void)
{
  g_autoptr(CsSimulator) sim = cs_simulator_new (31);
  g_autoptr(CsWorkflow) workflow = integration_workflow (0.3, FALSE);
  g_autoptr(GError) error = NULL;
  guint failed = 0, retried = 0, calls = 0;
  Collect c;

  g_assert_true (cs_simulator_add_workflow (sim, workflow, 1000, &error));
  cs_simulator_set_duration (sim, 2 * G_TIME_SPAN_DAY);
  cs_simulator_set_drain (sim, TRUE);
  collect_init (&c, TRUE);
  g_assert_true (run (sim, &c, &error));

  for (guint i = 0; i < c.instances->len; i++)
    {
      Inst *inst = g_ptr_array_index (c.instances, i);
      CsStepRecord *call = record_of (&c, inst, "call");

      calls++;
      g_assert_true (call->waiting_for_external);
      g_assert_false (call->waiting_for_approval);
      g_assert_cmpuint (call->retry_count, <=, 2);
      g_assert_cmpint (call->wait_time_ms, <=, call->execution_time_ms);
      /* Jitter keeps at least half of each delay: 500 ms, then 1000 ms. */
      g_assert_cmpint (call->wait_time_ms, >=, 500 * call->retry_count);
      retried += call->retry_count > 0;
      if (call->status == CS_EXEC_FAILED)
        {
          /* Out of attempts: the instance fails, as the engine's would. */
          failed++;
          g_assert_cmpuint (call->retry_count, ==, 2);
          g_assert_nonnull (call->error);
          g_assert_true (inst->finished);
          g_assert_cmpint (inst->status, ==, CS_TERMINAL_FAILED);
          g_assert_null (inst->terminal_step);
          g_assert_true (g_str_has_prefix (inst->error, "call: "));
          g_assert_cmpint (inst->completed_at, ==, call->completed_at);
          g_assert_null (record_of (&c, inst, "after"));
        }
      else
        {
          g_assert_cmpint (call->status, ==, CS_EXEC_COMPLETED);
          g_assert_cmpstr (inst->terminal_step, ==, "ok");
        }
    }
  g_assert_cmpuint (calls, >, 1800);
  /* 0.3³ of calls give up, 0.3 retry at least once. */
  g_assert_cmpfloat (fabs (failed / (double) calls - 0.027), <, 0.012);
  g_assert_cmpfloat (fabs (retried / (double) calls - 0.3), <, 0.04);
  collect_clear (&c);
}

static void
test_integration_failure_cancels (void)
{
  g_autoptr(CsSimulator) sim = cs_simulator_new (32);
  g_autoptr(CsWorkflow) workflow = integration_workflow (1.0, TRUE);
  g_autoptr(GError) error = NULL;
  Collect c;

  g_assert_true (cs_simulator_add_workflow (sim, workflow, 50, &error));
  cs_simulator_set_duration (sim, 2 * G_TIME_SPAN_DAY);
  cs_simulator_set_workers (sim, 16);
  cs_simulator_set_drain (sim, TRUE);
  collect_init (&c, TRUE);
  g_assert_true (run (sim, &c, &error));

  g_assert_cmpuint (c.instances->len, >, 50);
  for (guint i = 0; i < c.instances->len; i++)
    {
      Inst *inst = g_ptr_array_index (c.instances, i);
      CsStepRecord *call = record_of (&c, inst, "call");
      CsStepRecord *slow = record_of (&c, inst, "slow");

      g_assert_cmpint (inst->status, ==, CS_TERMINAL_FAILED);
      g_assert_cmpuint (inst->n_records, ==, 3);
      g_assert_cmpint (call->status, ==, CS_EXEC_FAILED);
      /* The hour-long branch was still running: cancelled when the instance ended. */
      g_assert_cmpint (slow->status, ==, CS_EXEC_CANCELLED);
      g_assert_cmpint (slow->completed_at, ==, inst->completed_at);
      g_assert_nonnull (slow->error);
      g_assert_cmpint (slow->started_at, >, 0);
      g_assert_cmpint (slow->execution_time_ms * 1000, ==, slow->completed_at - slow->started_at);
      g_assert_cmpint (slow->validation_time_ms, <=, slow->execution_time_ms);
    }
  collect_clear (&c);
}

/* The examples, and what every record must satisfy */

static void
check_record (CsStepRecord *r,
              Inst         *inst)
{
  g_assert_cmpint (r->instance_id, ==, inst->index);
  g_assert_cmpstr (r->environment, ==, "simulation");
  g_assert_cmpint (r->enqueued_at, >=, inst->started_at);
  g_assert_cmpint (r->enqueued_at % 1000, ==, 0);

  if (r->status == CS_EXEC_SKIPPED || r->started_at == 0)
    {
      g_assert_cmpint (r->queue_time_ms, ==, 0);
      g_assert_cmpint (r->execution_time_ms, ==, 0);
      g_assert_null (r->executed_by);
      return;
    }
  g_assert_cmpint (r->queue_time_ms * 1000, ==, r->started_at - r->enqueued_at);
  /* A step cancelled the moment it started did not get to check its inputs. */
  if (r->status == CS_EXEC_COMPLETED || r->status == CS_EXEC_FAILED)
    g_assert_cmpint (r->validation_time_ms, >=, 1);
  g_assert_true (r->waiting_for_approval == (r->step_type == CS_STEP_APPROVAL));
  g_assert_true (r->waiting_for_external == (r->step_type == CS_STEP_INTEGRATION));
  /* Approvals: the officer who decided last (several sign with quorum "all"). */
  if (r->step_type == CS_STEP_APPROVAL && r->status == CS_EXEC_COMPLETED)
    g_assert_true (g_str_has_prefix (r->executed_by, "officer-"));
  else if (r->step_type == CS_STEP_APPROVAL)
    g_assert_true (g_str_has_prefix (r->executed_by, "officer-") || g_str_has_prefix (r->executed_by, "sim-worker-"));
  else
    g_assert_true (g_str_has_prefix (r->executed_by, "sim-worker-"));
  if (r->step_type != CS_STEP_INTEGRATION)
    g_assert_cmpuint (r->retry_count, ==, 0);

  if (r->completed_at == 0)
    {
      g_assert_false (inst->finished);
      g_assert_cmpint (r->execution_time_ms, ==, 0);
      return;
    }
  g_assert_cmpint (r->completed_at, >=, r->started_at);
  g_assert_cmpint (r->execution_time_ms * 1000, ==, r->completed_at - r->started_at);
  g_assert_cmpint (r->validation_time_ms, <=, r->execution_time_ms);
  g_assert_cmpint (r->wait_time_ms, <=, r->execution_time_ms);
  g_assert_cmpint (r->validation_time_ms + r->wait_time_ms, <=, r->execution_time_ms);
  if (inst->finished)
    g_assert_cmpint (r->completed_at, <=, inst->completed_at);
  if (r->step_type == CS_STEP_APPROVAL && r->status == CS_EXEC_COMPLETED)
    g_assert_true (g_str_equal (r->outcome, "approved") || g_str_equal (r->outcome, "rejected"));
  if (r->step_type == CS_STEP_TERMINAL)
    g_assert_cmpstr (r->outcome, ==, cs_terminal_status_to_string (inst->status));
}

static void
test_examples (void)
{
  g_autoptr(CsSimulator) sim = examples_simulator (41);
  g_autoptr(GTimeZone) tz = amsterdam ();
  g_autoptr(GError) error = NULL;
  const CsSimSummary *summary;
  guint64 records = 0;
  Collect c;

  cs_simulator_set_timezone (sim, tz);
  cs_simulator_set_duration (sim, 7 * G_TIME_SPAN_DAY);
  cs_simulator_set_drain (sim, TRUE);
  collect_init (&c, TRUE);
  g_assert_true (run (sim, &c, &error));
  g_assert_no_error (error);
  summary = cs_simulator_get_summary (sim);

  g_assert_cmpuint (summary->instances_started, ==, c.instances->len);
  g_assert_cmpuint (summary->instances_unfinished, ==, 0);
  g_assert_cmpuint (summary->records, ==, c.records->len);

  for (const char * const *key = cs_example_workflow_keys (); *key != NULL; key++)
    {
      g_autoptr(CsWorkflow) workflow = cs_example_workflow_new (*key);
      const CsSimWorkflowStats *ws = cs_sim_summary_find_workflow (summary, *key);

      g_test_message ("%s: %" G_GUINT64_FORMAT " instances, median %.1f h", *key, ws->started,
                      ws->median_duration_ms / 3.6e6);
      g_assert_cmpuint (ws->started, >, 50);
      g_assert_cmpuint (ws->profile_errors, ==, 0);
      for (guint s = 0; s < cs_workflow_get_n_steps (workflow); s++)
        {
          CsStep *step = cs_workflow_get_step (workflow, s);
          const CsSimStepStats *ss = cs_sim_summary_find_step (summary, *key, cs_step_get_id (step));

          /* The profile gives every handler what it needs. */
          if (ss->handler_errors > 0)
            g_test_message ("%s.%s: %s", *key, ss->step_id, ss->first_handler_error);
          g_assert_cmpuint (ss->handler_errors, ==, 0);
          /* Every kind of ending happens within a week. */
          if (cs_step_get_step_type (step) == CS_STEP_TERMINAL)
            g_assert_cmpuint (ss->executions, >=, 1);
        }
    }

  for (guint i = 0; i < c.instances->len; i++)
    {
      Inst *inst = g_ptr_array_index (c.instances, i);

      g_autoptr(CsWorkflow) workflow = cs_example_workflow_new (inst->workflow_key);

      g_assert_true (inst->finished);
      g_assert_cmpint (inst->completed_at, >=, inst->started_at);
      g_assert_cmpuint (strlen (inst->edge_state), ==, cs_workflow_get_n_edges (workflow));
      g_assert_nonnull (inst->category);
      g_assert_null (json_object_get_member (json_node_get_object (inst->data), "sim"));
      g_assert_true (inst->first_record + inst->n_records <= c.records->len);
      for (guint k = 0; k < inst->n_records; k++)
        check_record (g_ptr_array_index (c.records, inst->first_record + k), inst);
      records += inst->n_records;
    }
  g_assert_cmpuint (records, ==, c.records->len);
  collect_clear (&c);
}

/* The attributes for outlier analysis */

static void
test_attributes (void)
{
  static const char * const areas[] = { "Noord", "Zuid", "Oost", NULL };
  g_autoptr(CsSimulator) sim = examples_simulator (43);
  g_autoptr(GTimeZone) tz = amsterdam ();
  g_autoptr(GError) error = NULL;
  guint per_area[3] = { 0 }, web = 0;
  Collect c;

  cs_simulator_set_timezone (sim, tz);
  cs_simulator_set_areas (sim, areas);
  cs_simulator_set_duration (sim, 3 * G_TIME_SPAN_DAY);
  collect_init (&c, TRUE);
  g_assert_true (run (sim, &c, &error));

  for (guint i = 0; i < c.instances->len; i++)
    {
      Inst *inst = g_ptr_array_index (c.instances, i);
      gboolean staffed = g_str_equal (inst->channel, "counter") || g_str_equal (inst->channel, "phone") ||
                         g_str_equal (inst->channel, "in_person");
      guint a;

      g_assert_true (g_strv_contains (areas, inst->area));
      for (a = 0; !g_str_equal (areas[a], inst->area); a++)
        ;
      per_area[a]++;
      /* Counters and phones are staffed in office hours only. */
      if (staffed)
        g_assert_true (in_office_hours (tz, inst->started_at));
      web += g_str_equal (inst->channel, "web");
      /* The complaint workflow takes its channel from the attribute. */
      if (g_str_equal (inst->workflow_key, "complaint_handling"))
        g_assert_cmpstr (json_object_get_string_member (json_node_get_object (inst->initial_data), "channel"),
                         ==, inst->channel);
    }
  g_assert_cmpuint (per_area[0], >, per_area[2]);
  g_assert_cmpuint (per_area[2], >, 0);
  g_assert_cmpuint (web, >, c.instances->len / 3);
  collect_clear (&c);
}

/* Generators and templates of the profile */

static void
test_generated_data (void)
{
  g_autoptr(CsSimulator) sim = cs_simulator_new (51);
  g_autoptr(CsWorkflow) workflow = approval_workflow (1, 60, 1.0);
  g_autoptr(GTimeZone) tz = amsterdam ();
  g_autoptr(GRegex) pattern = g_regex_new ("^AB-[0-9]{2}[0-9A-F]x$", 0, 0, NULL);
  g_autoptr(GError) error = NULL;
  gboolean seen[2] = { FALSE, FALSE };
  Collect c;

  set_profile (workflow,
               "{\"common_data\": {\"n\": {\"$int\": [3, 5]}, \"d\": {\"$date\": [-2, -2]},"
               " \"p\": {\"$pattern\": \"\\\\AB-99X\\\\x\"}, \"t\": \"case {{ sim.index }} from {{ sim.area }}\","
               " \"e\": \"{{ n * 2 }}\", \"o\": {\"$one_of\": [\"a\", {\"k\": [\"{{ n }}\"]}]},"
               " \"fixed\": {\"list\": [1, 2]}}}");
  g_assert_true (cs_simulator_add_workflow (sim, workflow, 50, &error));
  g_assert_no_error (error);
  cs_simulator_set_timezone (sim, tz);
  cs_simulator_set_duration (sim, 2 * G_TIME_SPAN_DAY);
  collect_init (&c, TRUE);
  g_assert_true (run (sim, &c, &error));

  g_assert_cmpuint (c.instances->len, >, 40);
  for (guint i = 0; i < c.instances->len; i++)
    {
      Inst *inst = g_ptr_array_index (c.instances, i);
      JsonObject *data = json_node_get_object (inst->initial_data);
      gint64 n = json_object_get_int_member (data, "n");
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (inst->started_at / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
      g_autoptr(GDateTime) two_days_before = g_date_time_add_days (local, -2);
      g_autofree char *expected_date = g_date_time_format (two_days_before, "%Y-%m-%d");
      g_autofree char *expected_text = g_strdup_printf ("case %" G_GINT64_FORMAT " from %s", inst->index, inst->area);
      JsonNode *o = json_object_get_member (data, "o");

      g_assert_cmpint (n, >=, 3);
      g_assert_cmpint (n, <=, 5);
      g_assert_cmpstr (json_object_get_string_member (data, "d"), ==, expected_date);
      g_assert_true (g_regex_match (pattern, json_object_get_string_member (data, "p"), 0, NULL));
      g_assert_cmpstr (json_object_get_string_member (data, "t"), ==, expected_text);
      /* A lone expression keeps its type. */
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (data, "e")), ==, G_TYPE_INT64);
      g_assert_cmpint (json_object_get_int_member (data, "e"), ==, 2 * n);
      if (JSON_NODE_HOLDS_OBJECT (o))
        {
          JsonArray *k = json_object_get_array_member (json_node_get_object (o), "k");
          g_assert_cmpint (json_node_get_value_type (json_array_get_element (k, 0)), ==, G_TYPE_INT64);
          g_assert_cmpint (json_array_get_int_element (k, 0), ==, n);
          seen[1] = TRUE;
        }
      else
        {
          g_assert_cmpstr (json_node_get_string (o), ==, "a");
          seen[0] = TRUE;
        }
      g_assert_cmpint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (data, "fixed"), "list")), ==, 2);
      g_assert_false (json_object_has_member (data, "sim"));
    }
  g_assert_true (seen[0] && seen[1]);
  collect_clear (&c);
}

/* What-if */

static const CsSimStepStats *
step_stats (CsSimulator *sim,
            const char  *key,
            const char  *step)
{
  return cs_sim_summary_find_step (cs_simulator_get_summary (sim), key, step);
}

static void
run_quietly (CsSimulator *sim)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_simulator_run (sim, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_overrides (void)
{
  g_autoptr(CsSimulator) sim = cs_simulator_new (61);
  g_autoptr(CsWorkflow) complaints = cs_example_complaint_handling ();
  g_autoptr(CsSimOverrides) more_officers = cs_sim_overrides_new ();
  g_autoptr(CsSimOverrides) slower = cs_sim_overrides_new ();
  g_autoptr(CsSimOverrides) busier = cs_sim_overrides_new ();
  g_autoptr(CsSimOverrides) strict = cs_sim_overrides_new ();
  g_autoptr(GError) error = NULL;
  double base_wait, base_p90;
  guint64 base_started;
  const CsSimStepStats *general;

  g_assert_true (cs_simulator_add_workflow (sim, complaints, -1, &error));
  cs_simulator_set_duration (sim, 21 * G_TIME_SPAN_DAY);

  run_quietly (sim);
  general = step_stats (sim, "complaint_handling", "general_investigation");
  base_wait = general->mean_wait_ms;
  base_p90 = general->p90_wait_ms;
  base_started = cs_simulator_get_summary (sim)->instances_started;
  g_test_message ("general investigation: mean wait %.1f h, p90 %.1f h", base_wait / 3.6e6, base_p90 / 3.6e6);
  g_assert_cmpfloat (base_wait, >, 0.0);
  g_assert_cmpuint (cs_sim_summary_find_pool (cs_simulator_get_summary (sim), "General Services")->officers, ==, 2);

  /* Two more officers: shorter waits, on the very same cases (common random
   * numbers); nights and weekends remain, so the gain is bounded. */
  cs_sim_overrides_set_step_param (more_officers, "complaint_handling", "general_investigation",
                                   CS_SIM_OFFICERS, 4);
  cs_simulator_set_overrides (sim, more_officers);
  run_quietly (sim);
  general = step_stats (sim, "complaint_handling", "general_investigation");
  g_assert_cmpuint (cs_simulator_get_summary (sim)->instances_started, ==, base_started);
  g_assert_cmpuint (cs_sim_summary_find_pool (cs_simulator_get_summary (sim), "General Services")->officers, ==, 4);
  g_assert_cmpfloat (general->mean_wait_ms, <, base_wait);
  g_assert_cmpfloat (general->p90_wait_ms, <=, base_p90);

  /* Twice the handling time: longer waits. */
  cs_sim_overrides_set_step_param (slower, NULL, "general_investigation", CS_SIM_HANDLING_TIME, 8 * 3600);
  cs_simulator_set_overrides (sim, slower);
  run_quietly (sim);
  g_assert_cmpfloat (step_stats (sim, "complaint_handling", "general_investigation")->mean_wait_ms, >, 1.2 * base_wait);

  /* Half as many citizens again. */
  cs_sim_overrides_set_arrival_factor (busier, NULL, 1.5);
  cs_simulator_set_overrides (sim, busier);
  run_quietly (sim);
  g_assert_cmpfloat (cs_simulator_get_summary (sim)->instances_started, >, 1.3 * base_started);
  g_assert_cmpfloat (cs_simulator_get_summary (sim)->instances_started, <, 1.7 * base_started);
  g_assert_cmpfloat (cs_sim_summary_find_workflow (cs_simulator_get_summary (sim), "complaint_handling")->arrivals_per_day,
                     ==, 18.0);

  /* Nothing substantiated: every investigation rejects. */
  for (const char * const *step = (const char * const[]) { "works_investigation", "sanitation_investigation",
                                                           "health_investigation", "general_investigation", NULL };
       *step != NULL; step++)
    cs_sim_overrides_set_approval_rate (strict, "complaint_handling", *step, 0.0);
  cs_simulator_set_overrides (sim, strict);
  run_quietly (sim);
  g_assert_cmpuint (step_stats (sim, "complaint_handling", "resolved")->executions, ==, 0);
  g_assert_cmpuint (step_stats (sim, "complaint_handling", "closed_unfounded")->executions, >, 100);

  /* Back to the baseline. */
  cs_simulator_set_overrides (sim, NULL);
  run_quietly (sim);
  g_assert_cmpfloat (step_stats (sim, "complaint_handling", "general_investigation")->mean_wait_ms, ==, base_wait);

  g_assert_finalize_object (sim);
  sim = NULL;
}

static void
test_worker_overrides (void)
{
  g_autoptr(CsSimulator) sim = cs_simulator_new (62);
  g_autoptr(CsWorkflow) workflow = fork_join_workflow ();
  g_autoptr(CsSimOverrides) one = cs_sim_overrides_new ();
  g_autoptr(CsSimOverrides) many = cs_sim_overrides_new ();
  g_autoptr(GError) error = NULL;
  double queue_one, queue_many;

  /* b and c take 25 s together: 3000 a day keep about one worker busy. */
  g_assert_true (cs_simulator_add_workflow (sim, workflow, 3000, &error));
  cs_simulator_set_duration (sim, 12 * G_TIME_SPAN_HOUR);
  cs_sim_overrides_set_workers (one, 1);
  cs_simulator_set_overrides (sim, one);
  run_quietly (sim);
  queue_one = step_stats (sim, "fork_join", "c")->mean_wait_ms;
  g_assert_cmpfloat (cs_simulator_get_summary (sim)->worker_utilisation, >, 0.8);

  cs_sim_overrides_set_workers (many, 8);
  cs_simulator_set_overrides (sim, many);
  run_quietly (sim);
  queue_many = step_stats (sim, "fork_join", "c")->mean_wait_ms;
  g_assert_cmpfloat (cs_simulator_get_summary (sim)->worker_utilisation, <, 0.2);
  g_test_message ("queue time with 1 worker %.0f ms, with 8 %.0f ms", queue_one, queue_many);
  g_assert_cmpfloat (queue_one, >, 100 * MAX (queue_many, 1.0));
}

/* A snapshot of a live system */

static void
test_snapshot (void)
{
  g_autoptr(CsSimulator) sim = examples_simulator (71);
  g_autoptr(GError) error = NULL;
  guint unfinished = 0, open_records = 0;
  gint64 end;
  Collect c;

  cs_simulator_set_duration (sim, 2 * G_TIME_SPAN_DAY);
  collect_init (&c, TRUE);
  g_assert_true (run (sim, &c, &error));
  end = cs_simulator_get_summary (sim)->ended_at;

  for (guint i = 0; i < c.instances->len; i++)
    {
      Inst *inst = g_ptr_array_index (c.instances, i);

      for (guint k = 0; k < inst->n_records; k++)
        {
          CsStepRecord *r = g_ptr_array_index (c.records, inst->first_record + k);

          check_record (r, inst);
          g_assert_cmpint (r->completed_at, <=, end);
          if (r->status == CS_EXEC_PENDING || r->status == CS_EXEC_RUNNING || r->status == CS_EXEC_WAITING)
            {
              g_assert_false (inst->finished);
              g_assert_cmpint (r->completed_at, ==, 0);
              open_records++;
            }
        }
      if (!inst->finished)
        {
          unfinished++;
          g_assert_cmpint (inst->completed_at, ==, 0);
          g_assert_null (inst->terminal_step);
          g_assert_nonnull (strchr (inst->edge_state, '.'));
        }
    }
  g_assert_cmpuint (unfinished, >, 0);
  g_assert_cmpuint (open_records, >=, unfinished);
  g_assert_cmpuint (unfinished, ==, cs_simulator_get_summary (sim)->instances_unfinished);
  collect_clear (&c);
}

static void
test_cancel (void)
{
  g_autoptr(CsSimulator) sim = examples_simulator (81);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Collect c;

  collect_init (&c, FALSE);
  c.cancel_after = cancellable;
  c.cancel_at = 100;
  g_assert_false (run (sim, &c, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (c.n_records, <, 5000);
  collect_clear (&c);
}

static void
test_outputs (void)
{
  g_autoptr(CsSimulator) sim = examples_simulator (91);
  g_autoptr(GError) error = NULL;
  char *records[2] = { NULL, NULL };
  gboolean sealed[2] = { FALSE, FALSE };

  cs_simulator_set_duration (sim, G_TIME_SPAN_DAY);
  for (guint mode = 0; mode < 2; mode++)
    {
      Collect c;

      collect_init (&c, TRUE);
      cs_simulator_set_outputs (sim, mode == 0 ? CS_SIM_OUTPUTS_ALL : CS_SIM_OUTPUTS_ROUTING);
      g_assert_true (run (sim, &c, &error));
      for (guint i = 0; i < c.instances->len; i++)
        {
          Inst *inst = g_ptr_array_index (c.instances, i);
          JsonObject *data = json_node_get_object (inst->data);

          if (g_strcmp0 (inst->terminal_step, "registered") == 0)
            sealed[mode] |= json_object_has_member (data, "record_digest");
          /* What the conditions read is there either way. */
          if (g_str_equal (inst->workflow_key, "citizen_registration") && inst->finished)
            g_assert_true (json_object_has_member (data, "identity_verified"));
        }
      records[mode] = g_strdup (g_checksum_get_string (c.record_sum));
      collect_clear (&c);
    }
  /* The same records, but only complete data runs every handler. */
  g_assert_cmpstr (records[0], ==, records[1]);
  g_assert_true (sealed[0]);
  g_assert_false (sealed[1]);
  g_free (records[0]);
  g_free (records[1]);
}

/* Profiles: malformed ones are refused with their path */

static void
assert_profile_error (const char *profile,
                      const char *expected)
{
  g_autoptr(CsSimulator) sim = cs_simulator_new (1);
  g_autoptr(CsWorkflow) workflow = approval_workflow (1, 60, 1.0);
  g_autoptr(GError) error = NULL;

  set_profile (workflow, profile);
  g_assert_false (cs_simulator_add_workflow (sim, workflow, -1, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, expected);
}

static void
test_profile_errors (void)
{
  assert_profile_error ("{\"data\": [{\"weight\": -1}]}", "simulation.data[0].weight");
  assert_profile_error ("{\"data\": []}", "simulation.data");
  assert_profile_error ("{\"data\": [{\"weight\": 0}]}", "simulation.data");
  assert_profile_error ("{\"approval_rates\": {\"done\": 0.5}}", "simulation.approval_rates.done");
  assert_profile_error ("{\"approval_rates\": {\"review\": 1.5}}", "simulation.approval_rates.review");
  assert_profile_error ("{\"responses\": {\"review\": {}}}", "simulation.responses.review");
  assert_profile_error ("{\"weekdays\": [1, 2, 3]}", "simulation.weekdays");
  assert_profile_error ("{\"hours\": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}",
                        "simulation.hours");
  assert_profile_error ("{\"arrivals_per_day\": \"many\"}", "simulation.arrivals_per_day");
  assert_profile_error ("{\"common_data\": {\"x\": {\"$bogus\": 1}}}", "simulation.common_data.x");
  assert_profile_error ("{\"common_data\": {\"x\": {\"$int\": [5, 1]}}}", "$int");
  assert_profile_error ("{\"data\": [{\"data\": {\"x\": \"{{ 1 + }}\"}}]}", "simulation.data[0].data.x");
  assert_profile_error ("{\"channels\": {\"web\": -2}}", "simulation.channels.web");
}

/* The profile in the workflow format */

static void
test_profile_json (void)
{
  static const char definition[] =
    "{\"key\": \"p\", \"version\": 1, \"steps\": [], \"simulation\": {\"weekdays\": \"x\", \"bogus\": 1,"
    " \"arrivals_per_day\": 5, \"data\": [3, {\"weight\": \"a\", \"extra\": true, \"category\": \"c\"}]}}";
  g_autoptr(CsWorkflow) workflow = NULL;
  g_autoptr(CsWorkflow) example = cs_example_business_licence ();
  g_autoptr(CsWorkflow) reloaded = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL, *again = NULL;
  g_autoptr(JsonNode) saved_root = NULL;
  g_autoptr(JsonNode) expected = parse ("{\"arrivals_per_day\": 5, \"data\": [{\"category\": \"c\"}]}");
  static const char * const messages[] = {
    "simulation.weekdays: expected an array of 7 numbers",
    "simulation.bogus: unknown member, ignored",
    "simulation.data[0]: expected an object",
    "simulation.data[1].weight: expected a number",
    "simulation.data[1].extra: unknown member, ignored",
  };

  workflow = cs_workflow_load_from_data (definition, -1, &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (messages));
  for (guint i = 0; i < problems->len; i++)
    g_assert_true (g_str_has_prefix (cs_problem_get_message (g_ptr_array_index (problems, i)), messages[i]));
  /* What was well-formed is kept. */
  g_assert_true (json_node_equal (cs_workflow_get_simulation (workflow), expected));

  /* A real profile saves and loads back exactly. */
  text = cs_workflow_to_data (example, NULL);
  g_assert_nonnull (strstr (text, "\"common_data\""));
  g_clear_pointer (&problems, g_ptr_array_unref);
  reloaded = cs_workflow_load_from_data (text, -1, &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (cs_workflow_equal (example, reloaded));
  again = cs_workflow_to_data (reloaded, NULL);
  g_assert_cmpstr (text, ==, again);

  /* The profile is part of the definition: changing it changes equality. */
  cs_workflow_set_simulation (reloaded, NULL);
  g_assert_false (cs_workflow_equal (example, reloaded));
  saved_root = cs_workflow_to_json (reloaded);
  g_assert_false (json_object_has_member (json_node_get_object (saved_root), "simulation"));
}

/* The benchmark the brief asks for: a million records. The callbacks only
 * count, so the figure is the simulator's own. */

static void
count_instance (const CsSimInstance *si,
                gpointer             user_data)
{
  guint64 *counts = user_data;

  counts[0]++;
  g_assert_cmpint (si->started_at, >, 0);
}

static void
count_record (const CsStepRecord *r,
              gpointer            user_data)
{
  guint64 *counts = user_data;

  counts[1]++;
  g_assert_cmpint (r->enqueued_at, >, 0);
}

static void
test_benchmark (void)
{
  for (guint mode = 0; mode < 2; mode++)
    {
      g_autoptr(CsSimulator) sim = examples_simulator (2025);
      g_autoptr(GError) error = NULL;
      guint64 counts[2] = { 0, 0 };
      const char *name = mode == 0 ? "routing outputs" : "all outputs";
      gint64 t0;
      clock_t cpu0;
      double seconds, cpu;

      /* The four examples at their own rates: 2½ years of a municipality. */
      cs_simulator_set_duration (sim, 940 * G_TIME_SPAN_DAY);
      cs_simulator_set_outputs (sim, mode == 0 ? CS_SIM_OUTPUTS_ROUTING : CS_SIM_OUTPUTS_ALL);
      t0 = g_get_monotonic_time ();
      cpu0 = clock ();
      g_assert_true (cs_simulator_run (sim, count_instance, count_record, counts, NULL, &error));
      seconds = (g_get_monotonic_time () - t0) / 1e6;
      /* CPU time too: other processes may share the machine. */
      cpu = (double) (clock () - cpu0) / CLOCKS_PER_SEC;
      g_assert_no_error (error);
      g_assert_cmpuint (counts[1], >=, 1000000);
      g_test_message ("%s: %" G_GUINT64_FORMAT " records, %" G_GUINT64_FORMAT " instances in %.2f s "
                      "(%.2f s of CPU): %.0f records per CPU second",
                      name, counts[1], counts[0], seconds, cpu, counts[1] / cpu);
      g_test_maximized_result (counts[1] / seconds, "%s: %.0f records/s", name, counts[1] / seconds);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/simulator/determinism", test_determinism);
  g_test_add_func ("/simulator/queueing-theory", test_queueing_theory);
  g_test_add_func ("/simulator/office-hours", test_office_hours);
  g_test_add_func ("/simulator/friday-evening", test_friday_evening);
  g_test_add_func ("/simulator/dst", test_dst);
  g_test_add_func ("/simulator/fork-join", test_fork_join);
  g_test_add_func ("/simulator/dead-branch", test_dead_branch);
  g_test_add_func ("/simulator/integration-retries", test_integration_retries);
  g_test_add_func ("/simulator/integration-failure-cancels", test_integration_failure_cancels);
  g_test_add_func ("/simulator/examples", test_examples);
  g_test_add_func ("/simulator/attributes", test_attributes);
  g_test_add_func ("/simulator/generated-data", test_generated_data);
  g_test_add_func ("/simulator/overrides", test_overrides);
  g_test_add_func ("/simulator/worker-overrides", test_worker_overrides);
  g_test_add_func ("/simulator/snapshot", test_snapshot);
  g_test_add_func ("/simulator/cancel", test_cancel);
  g_test_add_func ("/simulator/outputs", test_outputs);
  g_test_add_func ("/simulator/profile-errors", test_profile_errors);
  g_test_add_func ("/simulator/profile-json", test_profile_json);
  if (g_test_perf ())
    g_test_add_func ("/simulator/benchmark", test_benchmark);

  return g_test_run ();
}
