/* test-workflow-validate.c: every problem validation reports
 *
 * Each test breaks a valid workflow in one way and checks the problem's kind,
 * the step it names, its message and, where that matters, that nothing else
 * was reported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "core/cs-workflow-builder.h"
#include "core/cs-workflow-validate.h"

/* validate → check ─(application_valid == true)→ review ─approved→ success
 *                  └─otherwise→ rejected ←rejected─┘ */
static CsWorkflow *
make_valid (void)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("simple_approval", 1,
                                                            "Simple Approval");

  cs_action (b, "validate", "Validate Request", "data.validate_application");
  cs_conditional (b, "check", "Complete?");
  cs_approval (b, "review", "Manager Approval", "officer", NULL);
  cs_terminal (b, "success", "Approved", CS_TERMINAL_SUCCESS);
  cs_terminal (b, "rejected", "Rejected", CS_TERMINAL_REJECTED);

  cs_flow (b, "validate", "check", NULL);
  cs_when (b, "check", "application_valid == true", "review");
  cs_otherwise (b, "check", "rejected");
  cs_on_approved (b, "review", "success");
  cs_on_rejected (b, "review", "rejected");

  return cs_workflow_builder_finish (b);
}

/* Like make_valid() with an integration "pay" between validate and check. */
static CsWorkflow *
make_with_integration (void)
{
  CsWorkflow *workflow = make_valid ();
  g_autoptr(CsStep) pay = cs_step_new ("pay", CS_STEP_INTEGRATION, "Take Payment");

  cs_step_set_method (pay, "POST");
  cs_step_set_url (pay, "https://pay.example.org/payments/{{ application_reference }}");
  cs_workflow_add_step (workflow, pay);
  cs_edge_set_to (cs_workflow_find_edge (workflow, "validate", "check"), "pay");
  cs_workflow_connect (workflow, "pay", "check", CS_EDGE_NEXT);
  return workflow;
}

static guint
count_errors (GPtrArray *problems)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    if (cs_problem_get_severity (g_ptr_array_index (problems, i)) == CS_PROBLEM_ERROR)
      n++;
  return n;
}

static void
dump (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem %u: [%s] %s", i,
                    cs_problem_kind_to_string (cs_problem_get_kind (g_ptr_array_index (problems, i))),
                    cs_problem_get_message (g_ptr_array_index (problems, i)));
}

/* Finds the problem of @kind about @step_id whose message is @message. */
static CsProblem *
assert_problem (GPtrArray     *problems,
                CsProblemKind  kind,
                const char    *step_id,
                const char    *message)
{
  for (guint i = 0; i < problems->len; i++)
    {
      CsProblem *problem = g_ptr_array_index (problems, i);

      if (cs_problem_get_kind (problem) == kind &&
          g_strcmp0 (cs_problem_get_step_id (problem), step_id) == 0 &&
          g_strcmp0 (cs_problem_get_message (problem), message) == 0)
        return problem;
    }
  dump (problems);
  g_error ("no %s problem about %s saying “%s”", cs_problem_kind_to_string (kind),
           step_id ? step_id : "(none)", message);
  return NULL;
}

static GPtrArray *
validate (CsWorkflow *workflow)
{
  GPtrArray *problems = cs_workflow_validate (workflow, NULL);

  dump (problems);
  return problems;
}

static void
test_valid (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(CsWorkflow) with_integration = make_with_integration ();
  g_autoptr(GPtrArray) problems = validate (workflow);
  g_autoptr(GPtrArray) problems2 = validate (with_integration);

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (problems2->len, ==, 0);
  g_assert_false (cs_problems_have_errors (problems));
}

static void
test_cycle (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(GPtrArray) problems = NULL;
  CsProblem *problem;

  /* A rejected case goes back to the check: check → review → check. */
  cs_edge_set_to (cs_workflow_find_edge (workflow, "review", "rejected"), "check");
  problems = validate (workflow);
  problem = assert_problem (problems, CS_PROBLEM_CYCLE, "check", "Cycle: check → review → check");
  g_assert_cmpint (cs_problem_get_severity (problem), ==, CS_PROBLEM_ERROR);
  g_assert_cmpuint (count_errors (problems), ==, 1);
  g_assert_true (cs_problems_have_errors (problems));
}

static void
test_cycle_order_and_self_loop (void)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("loops", 1, "Loops");
  g_autoptr(CsWorkflow) workflow = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  cs_action (b, "intake", "Intake", "fee.calculate");
  cs_approval (b, "review", "Review", "officer", NULL);
  cs_action (b, "rework", "Rework", "fee.calculate");
  cs_conditional (b, "check", "Check");
  cs_approval (b, "sign", "Sign", "administrator", NULL);
  cs_terminal (b, "done", "Done", CS_TERMINAL_SUCCESS);
  cs_flow (b, "intake", "check", NULL);
  cs_when (b, "check", "fee_cents > 0", "review");
  cs_otherwise (b, "check", "sign");
  /* review → rework → check → review: named from review, the first step on it. */
  cs_on_approved (b, "review", "done");
  cs_on_rejected (b, "review", "rework");
  cs_flow (b, "rework", "check", NULL);
  /* A step waiting for itself. */
  cs_on_approved (b, "sign", "done");
  cs_on_rejected (b, "sign", "sign");
  workflow = cs_workflow_builder_finish (b);

  problems = validate (workflow);
  assert_problem (problems, CS_PROBLEM_CYCLE, "review", "Cycle: review → rework → check → review");
  assert_problem (problems, CS_PROBLEM_CYCLE, "sign", "Cycle: sign → sign");
  g_assert_cmpuint (count_errors (problems), ==, 2);
}

static void
test_no_start (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) problems2 = NULL;
  CsProblem *problem;

  cs_workflow_set_start_step_id (workflow, NULL);
  problems = validate (workflow);
  problem = assert_problem (problems, CS_PROBLEM_NO_START, NULL, "The workflow has no start step");
  g_assert_cmpstr (cs_problem_get_field (problem), ==, "start");
  g_assert_cmpuint (count_errors (problems), ==, 1);

  cs_workflow_set_start_step_id (workflow, "ghost");
  problems2 = validate (workflow);
  assert_problem (problems2, CS_PROBLEM_NO_START, "ghost", "The start step “ghost” does not exist");
  g_assert_cmpuint (count_errors (problems2), ==, 1);
}

static void
test_multiple_starts (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(CsStep) orphan = cs_step_new ("orphan", CS_STEP_ACTION, "Orphan");
  g_autoptr(GPtrArray) problems = NULL;

  cs_step_set_handler (orphan, "fee.calculate");
  cs_workflow_add_step (workflow, orphan);
  cs_workflow_connect (workflow, "orphan", "check", CS_EDGE_NEXT);

  problems = validate (workflow);
  assert_problem (problems, CS_PROBLEM_MULTIPLE_STARTS, "orphan",
                  "Step “orphan” has no incoming edge, so it would start the workflow too; "
                  "only “validate” may");
  /* Reported once, not again as unreachable. */
  g_assert_cmpuint (count_errors (problems), ==, 1);
}

static void
test_unreachable (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(GPtrArray) problems = NULL;
  const char *ids[] = { "island_a", "island_b" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(CsStep) step = cs_step_new (ids[i], CS_STEP_ACTION, "Island");
      cs_step_set_handler (step, "fee.calculate");
      cs_workflow_add_step (workflow, step);
    }
  cs_workflow_connect (workflow, "island_a", "island_b", CS_EDGE_NEXT);
  cs_workflow_connect (workflow, "island_b", "success", CS_EDGE_NEXT);

  problems = validate (workflow);
  assert_problem (problems, CS_PROBLEM_UNREACHABLE, "island_b",
                  "Step “island_b” cannot be reached from the start step “validate”");
  g_assert_nonnull (cs_problems_find (problems, CS_PROBLEM_MULTIPLE_STARTS, "island_a"));
  g_assert_null (cs_problems_find (problems, CS_PROBLEM_UNREACHABLE, "island_a"));
  g_assert_cmpuint (count_errors (problems), ==, 2);
}

static void
test_dead_end (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(CsStep) stuck = cs_step_new ("stuck", CS_STEP_ACTION, "Stuck");
  g_autoptr(CsEdge) edge = cs_edge_new_branch ("check", "stuck", "application_valid == false");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("lonely", 1, "Lonely");
  g_autoptr(CsWorkflow) lonely = NULL;
  g_autoptr(GPtrArray) lonely_problems = NULL;

  cs_step_set_handler (stuck, "fee.calculate");
  cs_workflow_add_step (workflow, stuck);
  cs_workflow_insert_edge (workflow, edge, 1);

  problems = validate (workflow);
  assert_problem (problems, CS_PROBLEM_DEAD_END, "stuck",
                  "No path leads from step “stuck” to a terminal step");
  g_assert_cmpuint (count_errors (problems), ==, 1);

  cs_action (b, "only", "Only", "fee.calculate");
  lonely = cs_workflow_builder_finish (b);
  lonely_problems = validate (lonely);
  assert_problem (lonely_problems, CS_PROBLEM_DEAD_END, NULL, "The workflow has no terminal step");
  g_assert_cmpuint (count_errors (lonely_problems), ==, 1);
}

static void
test_conditional_defaults (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) problems2 = NULL;
  CsEdge *otherwise = cs_workflow_find_edge (workflow, "check", "rejected");
  g_autoptr(CsEdge) hold = g_object_ref (otherwise);

  cs_workflow_remove_edge (workflow, otherwise);
  problems = validate (workflow);
  assert_problem (problems, CS_PROBLEM_MISSING_DEFAULT, "check",
                  "Conditional “check” has no default edge, taken when no condition is true");
  g_assert_cmpuint (count_errors (problems), ==, 1);

  cs_workflow_add_edge (workflow, hold);
  cs_workflow_connect (workflow, "check", "success", CS_EDGE_DEFAULT);
  problems2 = validate (workflow);
  assert_problem (problems2, CS_PROBLEM_MULTIPLE_DEFAULTS, "check",
                  "Conditional “check” has 2 default edges; it must have exactly one");
  g_assert_cmpuint (count_errors (problems2), ==, 1);
}

static void
test_conditional_without_branches (void)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("plain", 1, "Plain");
  g_autoptr(CsWorkflow) workflow = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  CsProblem *problem;

  cs_conditional (b, "route", "Route");
  cs_terminal (b, "done", "Done", CS_TERMINAL_SUCCESS);
  cs_otherwise (b, "route", "done");
  workflow = cs_workflow_builder_finish (b);

  problems = validate (workflow);
  problem = assert_problem (problems, CS_PROBLEM_NO_BRANCHES, "route",
                            "Conditional “route” has no conditions; it always takes its default edge");
  g_assert_cmpint (cs_problem_get_severity (problem), ==, CS_PROBLEM_WARNING);
  g_assert_false (cs_problems_have_errors (problems));
}

static void
test_expression_errors (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) problems2 = NULL;
  CsEdge *branch = cs_workflow_find_edge (workflow, "check", "review");
  CsProblem *problem;

  cs_edge_set_condition_source (branch, "application_valid == )");
  g_assert_null (cs_edge_get_condition (branch));
  problems = validate (workflow);
  problem = cs_problems_find (problems, CS_PROBLEM_EXPRESSION, "check");
  g_assert_nonnull (problem);
  g_assert_true (g_str_has_prefix (cs_problem_get_message (problem),
                                   "Conditional “check”: the condition of the branch to “review” "
                                   "does not parse: "));
  g_assert_true (cs_problem_get_edge (problem) == branch);
  g_assert_cmpstr (cs_problem_get_field (problem), ==, "condition");
  /* The offending token is the ')'. */
  g_assert_cmpint (cs_problem_get_offset (problem), ==, 21);
  g_assert_cmpuint (count_errors (problems), ==, 1);

  cs_edge_set_condition_source (branch, NULL);
  problems2 = validate (workflow);
  assert_problem (problems2, CS_PROBLEM_EXPRESSION, "check",
                  "Conditional “check”: the branch to “review” has no condition");
}

static void
test_unknown_handler (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(CsHandlerRegistry) empty = cs_handler_registry_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) problems2 = NULL;
  g_autoptr(GPtrArray) problems3 = NULL;
  CsStep *validate_step = cs_workflow_find_step (workflow, "validate");
  CsProblem *problem;

  /* Handlers are looked up in the registry given. */
  problems = cs_workflow_validate (workflow, empty);
  problem = assert_problem (problems, CS_PROBLEM_UNKNOWN_HANDLER, "validate",
                            "Action “validate” uses the unknown handler “data.validate_application”");
  g_assert_cmpstr (cs_problem_get_field (problem), ==, "handler");
  g_assert_cmpuint (count_errors (problems), ==, 1);

  cs_step_set_handler (validate_step, "identity.teleport");
  problems2 = validate (workflow);
  assert_problem (problems2, CS_PROBLEM_UNKNOWN_HANDLER, "validate",
                  "Action “validate” uses the unknown handler “identity.teleport”");

  cs_step_set_handler (validate_step, NULL);
  problems3 = validate (workflow);
  assert_problem (problems3, CS_PROBLEM_UNKNOWN_HANDLER, "validate",
                  "Action “validate” has no handler");
}

static void
test_approval_without_approvers (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(GPtrArray) problems = NULL;
  CsProblem *problem;

  cs_step_set_approver_roles (cs_workflow_find_step (workflow, "review"), NULL);
  problems = validate (workflow);
  problem = assert_problem (problems, CS_PROBLEM_NO_APPROVERS, "review",
                            "Approval “review” has no approvers");
  g_assert_cmpstr (cs_problem_get_field (problem), ==, "approvers");
  g_assert_cmpuint (count_errors (problems), ==, 1);
}

static void
assert_url_problem (const char    *url,
                    CsProblemKind  kind,
                    const char    *message)
{
  g_autoptr(CsWorkflow) workflow = make_with_integration ();
  g_autoptr(GPtrArray) problems = NULL;
  CsProblem *problem;

  cs_step_set_url (cs_workflow_find_step (workflow, "pay"), url);
  problems = validate (workflow);
  if (message == NULL)
    {
      g_assert_cmpuint (problems->len, ==, 0);
      return;
    }
  problem = assert_problem (problems, kind, "pay", message);
  g_assert_cmpstr (cs_problem_get_field (problem), ==, "url");
  g_assert_cmpuint (count_errors (problems), ==, 1);
}

static void
test_integration_url (void)
{
  g_autoptr(CsWorkflow) workflow = make_with_integration ();
  g_autoptr(GPtrArray) problems = NULL;
  CsProblem *problem;

  assert_url_problem ("ftp://files.example.org/payments", CS_PROBLEM_INVALID_URL,
                      "Integration “pay”: “ftp://files.example.org/payments” does not make an "
                      "http or https URL");
  assert_url_problem ("payments/{{ application_reference }}", CS_PROBLEM_INVALID_URL,
                      "Integration “pay”: “payments/{{ application_reference }}” does not make "
                      "an http or https URL");
  assert_url_problem ("https://", CS_PROBLEM_INVALID_URL,
                      "Integration “pay”: “https://” does not make an http or https URL");
  assert_url_problem ("https://pay.example.org/pay now", CS_PROBLEM_INVALID_URL,
                      "Integration “pay”: “https://pay.example.org/pay now” does not make an "
                      "http or https URL");
  assert_url_problem (NULL, CS_PROBLEM_INVALID_URL, "Integration “pay” has no URL");

  /* Fine: the base URL comes from the data, or an interpolated host and port. */
  assert_url_problem ("{{ services.payment_url }}/payments", 0, NULL);
  assert_url_problem ("http://{{ services.host }}:{{ services.port }}/v1/pay?ref={{ ref }}", 0, NULL);
  assert_url_problem ("HTTPS://PAY.EXAMPLE.ORG", 0, NULL);

  /* A template that does not parse, with the position. */
  cs_step_set_url (cs_workflow_find_step (workflow, "pay"), "https://pay.example.org/{{ ref ) }}");
  problems = validate (workflow);
  problem = cs_problems_find (problems, CS_PROBLEM_EXPRESSION, "pay");
  g_assert_nonnull (problem);
  g_assert_true (g_str_has_prefix (cs_problem_get_message (problem),
                                   "Integration “pay”: the URL template does not parse: "));
  g_assert_cmpstr (cs_problem_get_field (problem), ==, "url");
  g_assert_cmpint (cs_problem_get_offset (problem), ==, 31);
  g_assert_cmpuint (count_errors (problems), ==, 1);
}

static void
test_integration_settings (void)
{
  g_autoptr(CsWorkflow) workflow = make_with_integration ();
  g_autoptr(GPtrArray) problems = NULL;
  CsStep *pay = cs_workflow_find_step (workflow, "pay");
  const char *statuses[] = { "2xx", "2xz", "204-201", NULL };
  gboolean found_header = FALSE, found_body = FALSE;
  CsProblem *problem;

  cs_step_set_method (pay, "FETCH");
  cs_step_set_expected_statuses (pay, statuses);
  cs_step_set_header (pay, "Bad Header", "x");
  cs_step_set_header (pay, "X-Ref", "{{ ref ) }}");
  cs_step_set_body (pay, "{\"ref\": \"{{ }}\"}");
  cs_step_set_timeout_ms (pay, 0);
  cs_step_set_max_attempts (pay, 0);
  cs_step_set_backoff (pay, 5000, 100);
  cs_step_set_breaker (pay, 3, 0);
  cs_step_set_response_mapping (pay, "licence_id", "result..licence_id");
  cs_step_set_sim (pay, CS_SIM_FAILURE_PROBABILITY, 1.5);

  problems = validate (workflow);
  assert_problem (problems, CS_PROBLEM_INVALID_METHOD, "pay",
                  "Integration “pay”: “FETCH” is not a supported HTTP method "
                  "(GET, POST, PUT, PATCH, DELETE, HEAD)");
  assert_problem (problems, CS_PROBLEM_INVALID_STATUS_PATTERN, "pay",
                  "Integration “pay”: “2xz” is not a status pattern like 200, 2xx or 201-204");
  assert_problem (problems, CS_PROBLEM_INVALID_STATUS_PATTERN, "pay",
                  "Integration “pay”: “204-201” is not a status pattern like 200, 2xx or 201-204");
  problem = assert_problem (problems, CS_PROBLEM_INVALID_SETTING, "pay",
                            "Integration “pay”: “Bad Header” is not a valid header name");
  g_assert_cmpstr (cs_problem_get_field (problem), ==, "headers.Bad Header");
  assert_problem (problems, CS_PROBLEM_INVALID_SETTING, "pay",
                  "Integration “pay”: the timeout must be more than 0 ms");
  assert_problem (problems, CS_PROBLEM_INVALID_SETTING, "pay",
                  "Integration “pay”: it must make at least 1 attempt");
  assert_problem (problems, CS_PROBLEM_INVALID_SETTING, "pay",
                  "Integration “pay”: the first retry delay (5000 ms) exceeds the longest (100 ms)");
  assert_problem (problems, CS_PROBLEM_INVALID_SETTING, "pay",
                  "Integration “pay”: the circuit breaker needs a reset time of more than 0 s");
  assert_problem (problems, CS_PROBLEM_INVALID_SETTING, "pay",
                  "Integration “pay”: “result..licence_id” is not a path into the response");
  problem = assert_problem (problems, CS_PROBLEM_INVALID_SETTING, "pay",
                            "Step “pay”: the simulation parameter failure_probability cannot be 1.5");
  g_assert_cmpstr (cs_problem_get_field (problem), ==, "simulation.failure_probability");

  /* Header and body templates that do not parse. */
  for (guint i = 0; i < problems->len; i++)
    {
      problem = g_ptr_array_index (problems, i);
      if (cs_problem_get_kind (problem) != CS_PROBLEM_EXPRESSION)
        continue;
      if (g_strcmp0 (cs_problem_get_field (problem), "headers.X-Ref") == 0)
        {
          g_assert_true (g_str_has_prefix (cs_problem_get_message (problem),
                                           "Integration “pay”: the X-Ref header template does "
                                           "not parse: "));
          found_header = TRUE;
        }
      else
        {
          g_assert_cmpstr (cs_problem_get_field (problem), ==, "body");
          g_assert_true (g_str_has_prefix (cs_problem_get_message (problem),
                                           "Integration “pay”: the body template does not parse: "));
          found_body = TRUE;
        }
    }
  g_assert_true (found_header && found_body);
  g_assert_cmpuint (count_errors (problems), ==, 12);
}

static void
test_empty_expected_statuses (void)
{
  g_autoptr(CsWorkflow) workflow = make_with_integration ();
  g_autoptr(GPtrArray) problems = NULL;

  cs_step_set_expected_statuses (cs_workflow_find_step (workflow, "pay"), NULL);
  problems = validate (workflow);
  assert_problem (problems, CS_PROBLEM_INVALID_STATUS_PATTERN, "pay",
                  "Integration “pay” expects no HTTP status, so every call would fail");
  g_assert_cmpuint (count_errors (problems), ==, 1);
}

static void
test_edge_from_terminal (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(GPtrArray) problems = NULL;
  CsEdge *edge = cs_workflow_connect (workflow, "success", "rejected", CS_EDGE_NEXT);
  CsProblem *problem;

  problems = validate (workflow);
  problem = assert_problem (problems, CS_PROBLEM_EDGE_FROM_TERMINAL, "success",
                            "Terminal step “success” has an outgoing edge (to “rejected”); a "
                            "terminal ends the instance");
  g_assert_true (cs_problem_get_edge (problem) == edge);
  g_assert_cmpuint (count_errors (problems), ==, 1);
}

static void
test_dangling_edges (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(CsEdge) to_ghost = cs_edge_new_branch ("check", "ghost", "application_valid == false");
  g_autoptr(GPtrArray) problems = NULL;
  CsProblem *problem;

  cs_workflow_insert_edge (workflow, to_ghost, 1);
  cs_workflow_connect (workflow, "phantom", "success", CS_EDGE_NEXT);

  problems = validate (workflow);
  problem = assert_problem (problems, CS_PROBLEM_DANGLING_EDGE, "check",
                            "The edge from “check” goes to “ghost”, which is not a step of the "
                            "workflow");
  g_assert_true (cs_problem_get_edge (problem) == to_ghost);
  assert_problem (problems, CS_PROBLEM_DANGLING_EDGE, "phantom",
                  "An edge leaves “phantom”, which is not a step of the workflow");
  g_assert_cmpuint (count_errors (problems), ==, 2);
}

static void
test_duplicate_step_ids (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(CsStep) twin = cs_step_new ("review", CS_STEP_APPROVAL, "Second Review");
  g_autoptr(GPtrArray) problems = NULL;

  cs_step_add_approver_role (twin, "officer");
  cs_workflow_add_step (workflow, twin);
  problems = validate (workflow);
  assert_problem (problems, CS_PROBLEM_DUPLICATE_STEP_ID, "review", "Two steps have the id “review”");
  g_assert_cmpuint (count_errors (problems), ==, 1);
}

static void
test_invalid_ids (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(CsStep) nameless = cs_step_new (NULL, CS_STEP_TERMINAL, "Nameless");
  g_autoptr(GPtrArray) problems = NULL;

  cs_workflow_set_key (workflow, "Simple Approval");
  cs_workflow_set_version (workflow, 0);
  cs_workflow_add_step (workflow, nameless);
  /* Renaming the step carries its edges along. */
  cs_step_set_id (cs_workflow_find_step (workflow, "review"), "Review-1");

  problems = validate (workflow);
  assert_problem (problems, CS_PROBLEM_INVALID_KEY, NULL,
                  "The workflow key “Simple Approval” may only contain lower-case letters, "
                  "digits and _");
  assert_problem (problems, CS_PROBLEM_INVALID_VERSION, NULL,
                  "The workflow version must be 1 or more, not 0");
  assert_problem (problems, CS_PROBLEM_INVALID_STEP_ID, "Review-1",
                  "Step “Review-1”: an id may only contain lower-case letters, digits and _");
  assert_problem (problems, CS_PROBLEM_INVALID_STEP_ID, NULL, "Step 6 (“Nameless”) has no id");
  g_assert_cmpuint (count_errors (problems), ==, 4);
}

static void
test_approval_edges (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(GPtrArray) problems = NULL;

  cs_edge_set_kind (cs_workflow_find_edge (workflow, "review", "success"), CS_EDGE_NEXT);
  problems = validate (workflow);
  assert_problem (problems, CS_PROBLEM_EDGE_KIND, "review",
                  "The edge from approval “review” to “success” must be taken when approved or "
                  "when rejected, not next");
  assert_problem (problems, CS_PROBLEM_MISSING_OUTCOME, "review",
                  "Approval “review” has no edge to follow when it is approved");
  g_assert_cmpuint (count_errors (problems), ==, 2);
}

static void
test_missing_rejection (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(GPtrArray) problems = NULL;

  cs_workflow_remove_edge (workflow, cs_workflow_find_edge (workflow, "review", "rejected"));
  problems = validate (workflow);
  assert_problem (problems, CS_PROBLEM_MISSING_OUTCOME, "review",
                  "Approval “review” has no edge to follow when it is rejected");
  g_assert_cmpuint (count_errors (problems), ==, 1);
}

static void
test_edge_kinds (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(GPtrArray) problems = NULL;
  CsEdge *edge = cs_workflow_find_edge (workflow, "validate", "check");

  cs_edge_set_kind (edge, CS_EDGE_BRANCH);
  cs_edge_set_condition_source (edge, "true");
  cs_edge_set_kind (cs_workflow_find_edge (workflow, "check", "rejected"), CS_EDGE_NEXT);

  problems = validate (workflow);
  assert_problem (problems, CS_PROBLEM_EDGE_KIND, "validate",
                  "The edge from “validate” to “check” is a branch edge, but only conditionals "
                  "and approvals choose among their edges");
  assert_problem (problems, CS_PROBLEM_EDGE_KIND, "check",
                  "The edge from conditional “check” to “rejected” must be a branch or the "
                  "default, not next");
  assert_problem (problems, CS_PROBLEM_MISSING_DEFAULT, "check",
                  "Conditional “check” has no default edge, taken when no condition is true");
  g_assert_cmpuint (count_errors (problems), ==, 3);
}

static void
test_input_declarations (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_step_param_unref);
  CsProblem *problem;

  g_ptr_array_add (inputs, cs_step_param_new ("code", CS_VALUE_STRING, TRUE, "([a-z", NULL, NULL));
  g_ptr_array_add (inputs, cs_step_param_new ("email", CS_VALUE_STRING, TRUE, NULL, "a..b", NULL));
  g_ptr_array_add (inputs, cs_step_param_new ("email", CS_VALUE_STRING, FALSE, NULL, NULL, NULL));
  cs_step_set_inputs (cs_workflow_find_step (workflow, "validate"), inputs);

  problems = validate (workflow);
  problem = cs_problems_find (problems, CS_PROBLEM_INVALID_INPUT, "validate");
  g_assert_nonnull (problem);
  g_assert_true (g_str_has_prefix (cs_problem_get_message (problem),
                                   "Action “validate”: the pattern of input code is not a valid "
                                   "regular expression: "));
  g_assert_cmpstr (cs_problem_get_field (problem), ==, "inputs.code");
  assert_problem (problems, CS_PROBLEM_INVALID_INPUT, "validate",
                  "Action “validate”: input email reads from “a..b”, which is not a data path");
  assert_problem (problems, CS_PROBLEM_INVALID_INPUT, "validate",
                  "Action “validate” declares “email” twice among its inputs");
  g_assert_cmpuint (count_errors (problems), ==, 3);
}

static void
test_simulation_ranges (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(GPtrArray) problems = NULL;
  CsStep *review = cs_workflow_find_step (workflow, "review");

  cs_step_set_sim (review, CS_SIM_OFFICERS, 2.5);
  cs_step_set_sim (review, CS_SIM_HANDLING_TIME, -60);
  cs_step_set_sim (review, CS_SIM_SERVICE_CV, 0.0);

  problems = validate (workflow);
  assert_problem (problems, CS_PROBLEM_INVALID_SETTING, "review",
                  "Step “review”: the simulation parameter officers cannot be 2.5");
  assert_problem (problems, CS_PROBLEM_INVALID_SETTING, "review",
                  "Step “review”: the simulation parameter handling_time cannot be -60");
  g_assert_cmpuint (count_errors (problems), ==, 2);
}

static void
test_warnings (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(GPtrArray) problems = NULL;
  CsStep *review = cs_workflow_find_step (workflow, "review");
  CsEdge *twin;
  CsProblem *problem;

  twin = cs_workflow_connect (workflow, "review", "success", CS_EDGE_APPROVED);
  cs_step_set_escalate_to (review, "administrator");
  cs_workflow_set_name (workflow, NULL);

  problems = validate (workflow);
  problem = assert_problem (problems, CS_PROBLEM_DUPLICATE_EDGE, "review",
                            "The edge from “review” to “success” appears twice");
  g_assert_true (cs_problem_get_edge (problem) == twin);
  assert_problem (problems, CS_PROBLEM_INVALID_SETTING, "review",
                  "Approval “review” escalates to “administrator” but has no due time, so it "
                  "never escalates");
  assert_problem (problems, CS_PROBLEM_INVALID_SETTING, NULL, "The workflow has no name");
  g_assert_false (cs_problems_have_errors (problems));
}

static void
test_would_create_cycle (void)
{
  g_autoptr(CsWorkflow) workflow = make_valid ();
  g_autoptr(GPtrArray) cycle = NULL;
  g_autoptr(GPtrArray) self = NULL;
  g_autoptr(GPtrArray) none = NULL;
  const char *expected[] = { "review", "validate", "check", "review" };

  g_assert_true (cs_workflow_would_create_cycle (workflow, "review", "validate", &cycle));
  g_assert_cmpuint (cycle->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < cycle->len; i++)
    g_assert_cmpstr (g_ptr_array_index (cycle, i), ==, expected[i]);

  g_assert_true (cs_workflow_would_create_cycle (workflow, "check", "check", &self));
  g_assert_cmpuint (self->len, ==, 2);

  g_assert_false (cs_workflow_would_create_cycle (workflow, "validate", "success", &none));
  g_assert_null (none);
  g_assert_false (cs_workflow_would_create_cycle (workflow, "validate", "ghost", NULL));
  /* Nothing leaves a terminal, so joining two makes no cycle. */
  g_assert_false (cs_workflow_would_create_cycle (workflow, "rejected", "success", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workflow-validate/valid", test_valid);
  g_test_add_func ("/workflow-validate/cycle", test_cycle);
  g_test_add_func ("/workflow-validate/cycle-order-and-self-loop", test_cycle_order_and_self_loop);
  g_test_add_func ("/workflow-validate/no-start", test_no_start);
  g_test_add_func ("/workflow-validate/multiple-starts", test_multiple_starts);
  g_test_add_func ("/workflow-validate/unreachable", test_unreachable);
  g_test_add_func ("/workflow-validate/dead-end", test_dead_end);
  g_test_add_func ("/workflow-validate/conditional-defaults", test_conditional_defaults);
  g_test_add_func ("/workflow-validate/conditional-without-branches",
                   test_conditional_without_branches);
  g_test_add_func ("/workflow-validate/expression-errors", test_expression_errors);
  g_test_add_func ("/workflow-validate/unknown-handler", test_unknown_handler);
  g_test_add_func ("/workflow-validate/approval-without-approvers", test_approval_without_approvers);
  g_test_add_func ("/workflow-validate/integration-url", test_integration_url);
  g_test_add_func ("/workflow-validate/integration-settings", test_integration_settings);
  g_test_add_func ("/workflow-validate/empty-expected-statuses", test_empty_expected_statuses);
  g_test_add_func ("/workflow-validate/edge-from-terminal", test_edge_from_terminal);
  g_test_add_func ("/workflow-validate/dangling-edges", test_dangling_edges);
  g_test_add_func ("/workflow-validate/duplicate-step-ids", test_duplicate_step_ids);
  g_test_add_func ("/workflow-validate/invalid-ids", test_invalid_ids);
  g_test_add_func ("/workflow-validate/approval-edges", test_approval_edges);
  g_test_add_func ("/workflow-validate/missing-rejection", test_missing_rejection);
  g_test_add_func ("/workflow-validate/edge-kinds", test_edge_kinds);
  g_test_add_func ("/workflow-validate/input-declarations", test_input_declarations);
  g_test_add_func ("/workflow-validate/simulation-ranges", test_simulation_ranges);
  g_test_add_func ("/workflow-validate/warnings", test_warnings);
  g_test_add_func ("/workflow-validate/would-create-cycle", test_would_create_cycle);

  return g_test_run ();
}
