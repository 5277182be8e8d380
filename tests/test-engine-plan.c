/* test-engine-plan.c: control flow of instances — splits, joins, dead branches, terminals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "core/cs-engine-plan.h"
#include "core/cs-error.h"
#include "core/cs-step-runner.h"
#include "core/cs-workflow-builder.h"

static gboolean
noop (CsHandlerContext  *ctx,
      JsonObject        *inputs,
      JsonObject        *outputs,
      GError           **error)
{
  json_object_set_boolean_member (outputs, "done", TRUE);
  return TRUE;
}

static void
register_noop (void)
{
  cs_handler_registry_register_func (cs_handler_registry_get_default (), "test.noop", noop,
                                     "does nothing", NULL, NULL);
}

static guint
find_runnable (CsAdvance  *advance,
               const char *step_id)
{
  guint n = 0;
  for (guint i = 0; i < advance->runnable->len; i++)
    n += g_strcmp0 (((CsNextStep *) advance->runnable->pdata[i])->step_id, step_id) == 0;
  return n;
}

/* a → (b ∥ c) → d → end */
static CsWorkflow *
fork_join (void)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("fork_join", 1, "Fork and join");

  cs_action (b, "a", "A", "test.noop");
  cs_action (b, "b", "B", "test.noop");
  cs_action (b, "c", "C", "test.noop");
  cs_action (b, "d", "D", "test.noop");
  cs_terminal (b, "end", "End", CS_TERMINAL_SUCCESS);
  cs_start (b, "a");
  cs_fork (b, "a", "b", "c", NULL);
  cs_join (b, "d", "b", "c", NULL);
  cs_flow (b, "d", "end", NULL);
  return cs_workflow_builder_finish (b);
}

static void
test_fork_and_join (void)
{
  g_autoptr(CsWorkflow) wf = fork_join ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CsEnginePlan) plan = cs_engine_plan_new (wf, &error);
  g_autofree char *state = NULL;
  CsAdvance adv;

  g_assert_no_error (error);
  cs_advance_init (&adv);
  state = cs_engine_plan_start (plan, &adv);
  g_assert_cmpuint (adv.runnable->len, ==, 1);
  g_assert_cmpuint (find_runnable (&adv, "a"), ==, 1);
  cs_advance_clear (&adv);

  /* a splits into two parallel branches */
  cs_advance_init (&adv);
  g_assert_true (cs_engine_plan_advance (plan, state, "a", -1, NULL, &adv, &error));
  g_assert_cmpuint (adv.runnable->len, ==, 2);
  g_assert_cmpuint (find_runnable (&adv, "b"), ==, 1);
  g_assert_cmpuint (find_runnable (&adv, "c"), ==, 1);
  cs_advance_clear (&adv);

  /* the join waits for the second branch */
  cs_advance_init (&adv);
  g_assert_true (cs_engine_plan_advance (plan, state, "c", -1, NULL, &adv, &error));
  g_assert_cmpuint (adv.runnable->len, ==, 0);
  cs_advance_clear (&adv);

  cs_advance_init (&adv);
  g_assert_true (cs_engine_plan_advance (plan, state, "b", -1, NULL, &adv, &error));
  g_assert_cmpuint (adv.runnable->len, ==, 1);
  g_assert_cmpuint (find_runnable (&adv, "d"), ==, 1);
  g_assert_cmpstr (((CsNextStep *) adv.runnable->pdata[0])->from_step, ==, "b");
  cs_advance_clear (&adv);

  /* running b again would double the join: refused */
  cs_advance_init (&adv);
  g_assert_false (cs_engine_plan_advance (plan, state, "b", -1, NULL, &adv, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFLICT);
  g_clear_error (&error);
  cs_advance_clear (&adv);

  cs_advance_init (&adv);
  g_assert_true (cs_engine_plan_advance (plan, state, "d", -1, NULL, &adv, &error));
  g_assert_true (cs_engine_plan_advance (plan, state, "end", -1, NULL, &adv, &error));
  g_assert_true (adv.finished);
  g_assert_cmpint (adv.terminal, ==, CS_TERMINAL_SUCCESS);
  cs_advance_clear (&adv);
  g_assert_cmpstr (state, ==, "TTTTT");
}

/* a → route: age >= 18 → adult ; otherwise → minor ; both → join → end.
 * The branch not taken must not block the join. */
static void
test_dead_branch_does_not_block_join (void)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("dead", 1, "Dead branch");
  g_autoptr(CsWorkflow) wf = NULL;
  g_autoptr(CsEnginePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) data = json_object_new ();
  g_autofree char *state = NULL;
  CsHandlerContext ctx = { "1", NULL, "route", 1, NULL, NULL };
  CsStepRun run;
  CsAdvance adv;

  cs_action (b, "a", "A", "test.noop");
  cs_conditional (b, "route", "Route");
  cs_action (b, "adult", "Adult", "test.noop");
  cs_action (b, "minor_1", "Minor 1", "test.noop");
  cs_action (b, "minor_2", "Minor 2", "test.noop");
  cs_action (b, "join", "Join", "test.noop");
  cs_terminal (b, "end", "End", CS_TERMINAL_SUCCESS);
  cs_start (b, "a");
  cs_flow (b, "a", "route", NULL);
  cs_when (b, "route", "age >= 18", "adult");
  cs_otherwise (b, "route", "minor_1");
  cs_flow (b, "minor_1", "minor_2", NULL);
  cs_join (b, "join", "adult", "minor_2", NULL);
  cs_flow (b, "join", "end", NULL);
  wf = cs_workflow_builder_finish (b);
  plan = cs_engine_plan_new (wf, &error);
  g_assert_no_error (error);

  cs_advance_init (&adv);
  state = cs_engine_plan_start (plan, &adv);
  g_assert_true (cs_engine_plan_advance (plan, state, "a", -1, NULL, &adv, &error));
  cs_advance_clear (&adv);

  json_object_set_int_member (data, "age", 34);
  ctx.now = g_date_time_new_now_utc ();
  cs_step_run_init (&run);
  cs_step_runner_run (plan, cs_engine_plan_get_step (plan, "route"), data, &ctx, &run);
  g_assert_cmpint (run.status, ==, CS_EXEC_COMPLETED);
  g_assert_cmpstr (run.outcome, ==, "age >= 18");

  cs_advance_init (&adv);
  g_assert_true (cs_engine_plan_advance (plan, state, "route", run.chosen_edge, NULL, &adv, &error));
  g_assert_cmpuint (adv.runnable->len, ==, 1);
  g_assert_cmpuint (find_runnable (&adv, "adult"), ==, 1);
  /* The minor branch is dead all the way down. */
  g_assert_cmpuint (adv.skipped->len, ==, 2);
  g_assert_cmpstr (adv.skipped->pdata[0], ==, "minor_1");
  g_assert_cmpstr (adv.skipped->pdata[1], ==, "minor_2");
  cs_advance_clear (&adv);
  cs_step_run_clear (&run);

  cs_advance_init (&adv);
  g_assert_true (cs_engine_plan_advance (plan, state, "adult", -1, NULL, &adv, &error));
  g_assert_cmpuint (find_runnable (&adv, "join"), ==, 1);
  cs_advance_clear (&adv);
  g_date_time_unref (ctx.now);
}

static void
test_approval_outcomes (void)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("approve", 1, "Approve");
  g_autoptr(CsWorkflow) wf = NULL;
  g_autoptr(CsEnginePlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  cs_approval (b, "approve", "Approve", "officer", NULL);
  cs_terminal (b, "yes", "Yes", CS_TERMINAL_SUCCESS);
  cs_terminal (b, "no", "No", CS_TERMINAL_REJECTED);
  cs_start (b, "approve");
  cs_on_approved (b, "approve", "yes");
  cs_on_rejected (b, "approve", "no");
  wf = cs_workflow_builder_finish (b);
  plan = cs_engine_plan_new (wf, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      const char *outcome = i == 0 ? "approved" : "rejected";
      g_autofree char *state = NULL;
      CsAdvance adv;

      cs_advance_init (&adv);
      state = cs_engine_plan_start (plan, &adv);
      cs_advance_clear (&adv);
      cs_advance_init (&adv);
      g_assert_true (cs_engine_plan_advance (plan, state, "approve", -1, outcome, &adv, &error));
      g_assert_cmpuint (adv.runnable->len, ==, 1);
      g_assert_cmpuint (find_runnable (&adv, i == 0 ? "yes" : "no"), ==, 1);
      g_assert_cmpuint (adv.skipped->len, ==, 1);
      g_assert_cmpstr (adv.label, ==, outcome);
      cs_advance_clear (&adv);

      /* An approval needs an outcome. */
      cs_advance_init (&adv);
      g_free (state);
      state = cs_engine_plan_start (plan, &adv);
      g_assert_false (cs_engine_plan_advance (plan, state, "approve", -1, "maybe", &adv, &error));
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      cs_advance_clear (&adv);
    }
}

static void
test_refuses_invalid_and_bad_state (void)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("bad", 1, "Bad");
  g_autoptr(CsWorkflow) wf = NULL;
  g_autoptr(CsWorkflow) good = fork_join ();
  g_autoptr(CsEnginePlan) bad_plan = NULL;
  g_autoptr(CsEnginePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  char state[] = "...";
  CsAdvance adv;

  cs_action (b, "a", "A", "test.noop");
  cs_action (b, "b", "B", "test.noop");
  cs_start (b, "a");
  cs_flow (b, "a", "b", "a", NULL);   /* a cycle, and no terminal */
  wf = cs_workflow_builder_finish (b);
  bad_plan = cs_engine_plan_new (wf, &error);
  g_assert_null (bad_plan);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "cannot run"));
  g_clear_error (&error);

  plan = cs_engine_plan_new (good, &error);
  cs_advance_init (&adv);
  g_assert_false (cs_engine_plan_advance (plan, state, "a", -1, NULL, &adv, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_FAILED);
  g_clear_error (&error);
  cs_advance_clear (&adv);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  register_noop ();

  g_test_add_func ("/engine-plan/fork-and-join", test_fork_and_join);
  g_test_add_func ("/engine-plan/dead-branch", test_dead_branch_does_not_block_join);
  g_test_add_func ("/engine-plan/approval-outcomes", test_approval_outcomes);
  g_test_add_func ("/engine-plan/refuses-invalid", test_refuses_invalid_and_bad_state);
  return g_test_run ();
}
