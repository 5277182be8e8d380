/* test-workflow.c: the workflow model, its JSON form, the builder and the examples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "core/cs-error.h"
#include "core/cs-example-workflows.h"
#include "core/cs-workflow-builder.h"
#include "core/cs-workflow-json.h"
#include "core/cs-workflow-validate.h"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static JsonNode *
parse_node (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

static void
count_signal (guint *counter)
{
  (*counter)++;
}

/* A workflow using every feature of the model, problems included: a
 * condition that does not parse and an edge to a missing step must survive
 * copies and files as well. */
static CsWorkflow *
make_rich (void)
{
  g_autoptr(CsWorkflow) workflow = cs_workflow_new ("rich", 3, "Rich Process");
  g_autoptr(CsStep) action = cs_step_new ("a", CS_STEP_ACTION, "Act");
  g_autoptr(CsStep) conditional = cs_step_new ("c", CS_STEP_CONDITIONAL, "Choose");
  g_autoptr(CsStep) approval = cs_step_new ("ap", CS_STEP_APPROVAL, "Approve");
  g_autoptr(CsStep) integration = cs_step_new ("i", CS_STEP_INTEGRATION, "Call");
  g_autoptr(CsStepParam) input = NULL;
  g_autoptr(CsStepParam) output = NULL;
  g_autoptr(JsonObject) parameters = NULL;
  const char *roles[] = { "officer", "designer", NULL };
  const char *statuses[] = { "200", "2xx", "201-204", NULL };
  const struct { const char *id; CsTerminalStatus status; } terminals[] = {
    { "t_ok", CS_TERMINAL_SUCCESS }, { "t_no", CS_TERMINAL_REJECTED },
    { "t_fail", CS_TERMINAL_FAILED }, { "t_cancel", CS_TERMINAL_CANCELLED },
  };
  CsEdge *edge;

  cs_workflow_set_description (workflow, "Every feature.\nTwo lines, “quotes” and \"escapes\".");
  cs_workflow_set_tenant (workflow, "north");
  cs_workflow_set_status (workflow, CS_WORKFLOW_STATUS_PUBLISHED);
  cs_workflow_set_start_step_id (workflow, "a");

  cs_step_set_description (action, "Computes things");
  cs_step_set_handler (action, "fee.calculate");
  input = cs_step_param_new ("amount", CS_VALUE_INTEGER, TRUE, "^[0-9]+$", "order.amount", "How much");
  cs_step_add_input (action, input);
  g_clear_pointer (&input, cs_step_param_unref);
  input = cs_step_param_new ("when", CS_VALUE_DATE, FALSE, NULL, NULL, NULL);
  cs_step_add_input (action, input);
  output = cs_step_param_new_output ("fee_cents", CS_VALUE_INTEGER, "The fee");
  cs_step_add_output (action, output);
  parameters = parse_object ("{\"currency\": \"USD\", \"nested\": {\"list\": [1, 2.5, \"x\", null, true]}}");
  cs_step_set_parameters (action, parameters);
  cs_step_set_position (action, 10.5, -3, TRUE);
  cs_step_set_sim (action, CS_SIM_MEAN_SERVICE_TIME, 0.1);

  cs_step_set_description (conditional, "Picks a path");
  cs_step_set_position (conditional, 100, 0, FALSE);

  cs_step_set_approver_roles (approval, roles);
  cs_step_set_agency (approval, "Agency of Things");
  cs_step_set_quorum (approval, CS_QUORUM_ALL);
  cs_step_set_due_seconds (approval, 3600);
  cs_step_set_escalate_to (approval, "administrator");
  cs_step_set_sim (approval, CS_SIM_OFFICERS, 3);
  cs_step_set_sim (approval, CS_SIM_HANDLING_TIME, 600.25);

  cs_step_set_method (integration, "PUT");
  cs_step_set_url (integration, "{{ services.base }}/things/{{ id }}");
  cs_step_set_header (integration, "Content-Type", "application/json");
  cs_step_set_header (integration, "Authorization", "Bearer {{ services.token }}");
  cs_step_set_body (integration, "{\"amount\": {{ amount }}}");
  cs_step_set_timeout_ms (integration, 2500);
  cs_step_set_max_attempts (integration, 5);
  cs_step_set_backoff (integration, 250, 8000);
  cs_step_set_expected_statuses (integration, statuses);
  cs_step_set_breaker (integration, 7, 30);
  cs_step_set_response_mapping (integration, "thing_id", "result.thing.id");
  cs_step_set_response_mapping (integration, "first", "result.items.0");
  cs_step_set_sim (integration, CS_SIM_FAILURE_PROBABILITY, 0.1);
  cs_step_set_sim (integration, CS_SIM_LATENCY, 0.35);

  cs_workflow_add_step (workflow, action);
  cs_workflow_add_step (workflow, conditional);
  cs_workflow_add_step (workflow, approval);
  cs_workflow_add_step (workflow, integration);
  for (guint i = 0; i < G_N_ELEMENTS (terminals); i++)
    {
      g_autoptr(CsStep) terminal = cs_step_new (terminals[i].id, CS_STEP_TERMINAL, "End");
      cs_step_set_terminal_status (terminal, terminals[i].status);
      cs_workflow_add_step (workflow, terminal);
    }

  cs_edge_set_label (cs_workflow_connect (workflow, "a", "c", CS_EDGE_NEXT), "go");
  edge = cs_workflow_connect (workflow, "c", "ap", CS_EDGE_BRANCH);
  cs_edge_set_condition_source (edge, "amount > 10 && currency == \"USD\"");
  edge = cs_workflow_connect (workflow, "c", "t_fail", CS_EDGE_BRANCH);
  cs_edge_set_condition_source (edge, "amount >");
  edge = cs_workflow_connect (workflow, "c", "t_cancel", CS_EDGE_BRANCH);
  cs_edge_set_condition_source (edge, "amount == 0");
  cs_edge_set_label (edge, "Cancel");
  cs_workflow_connect (workflow, "c", "i", CS_EDGE_DEFAULT);
  cs_workflow_connect (workflow, "ap", "t_ok", CS_EDGE_APPROVED);
  cs_workflow_connect (workflow, "ap", "t_no", CS_EDGE_REJECTED);
  cs_workflow_connect (workflow, "i", "t_ok", CS_EDGE_NEXT);
  cs_workflow_connect (workflow, "i", "ghost", CS_EDGE_NEXT);

  return g_steal_pointer (&workflow);
}

/* Enumerations */

static void
test_enums (void)
{
  for (CsStepType t = CS_STEP_ACTION; t <= CS_STEP_TERMINAL; t++)
    {
      CsStepType back;
      g_assert_true (cs_step_type_from_string (cs_step_type_to_string (t), &back));
      g_assert_cmpint (back, ==, t);
    }
  for (CsValueType t = CS_VALUE_STRING; t <= CS_VALUE_ARRAY; t++)
    {
      CsValueType back;
      g_assert_true (cs_value_type_from_string (cs_value_type_to_string (t), &back));
      g_assert_cmpint (back, ==, t);
    }
  for (CsEdgeKind k = CS_EDGE_NEXT; k <= CS_EDGE_REJECTED; k++)
    {
      CsEdgeKind back;
      g_assert_true (cs_edge_kind_from_string (cs_edge_kind_to_string (k), &back));
      g_assert_cmpint (back, ==, k);
    }
  for (CsTerminalStatus s = CS_TERMINAL_SUCCESS; s <= CS_TERMINAL_CANCELLED; s++)
    {
      CsTerminalStatus back;
      g_assert_true (cs_terminal_status_from_string (cs_terminal_status_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
    }
  for (CsWorkflowStatus s = CS_WORKFLOW_STATUS_DRAFT; s <= CS_WORKFLOW_STATUS_RETIRED; s++)
    {
      CsWorkflowStatus back;
      g_assert_true (cs_workflow_status_from_string (cs_workflow_status_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
    }
  for (CsSimParam p = 0; p < CS_SIM_N_PARAMS; p++)
    {
      CsSimParam back;
      g_assert_true (cs_sim_param_from_string (cs_sim_param_to_string (p), &back));
      g_assert_cmpint (back, ==, p);
    }

  g_assert_cmpstr (cs_step_type_to_string (CS_STEP_CONDITIONAL), ==, "conditional");
  g_assert_cmpstr (cs_workflow_status_to_string (CS_WORKFLOW_STATUS_PUBLISHED), ==, "published");
  g_assert_cmpstr (cs_terminal_status_to_string (CS_TERMINAL_CANCELLED), ==, "cancelled");
  g_assert_cmpstr (cs_quorum_to_string (CS_QUORUM_ALL), ==, "all");
  g_assert_cmpstr (cs_problem_kind_to_string (CS_PROBLEM_CYCLE), ==, "cycle");

  {
    CsStepType type = CS_STEP_APPROVAL;
    CsQuorum quorum = CS_QUORUM_ALL;

    g_assert_false (cs_step_type_from_string ("Action", &type));
    g_assert_false (cs_step_type_from_string (NULL, &type));
    g_assert_cmpint (type, ==, CS_STEP_APPROVAL);
    g_assert_false (cs_quorum_from_string ("most", &quorum));
  }
}

/* The workflow and its steps */

static void
test_steps_and_edges (void)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("w", 1, "W");
  g_autoptr(CsWorkflow) workflow = NULL;
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GPtrArray) in = NULL;
  g_autoptr(CsStep) extra = cs_step_new ("extra", CS_STEP_ACTION, "Extra");
  CsStep *c;

  cs_action (b, "a", "A", "fee.calculate");
  cs_conditional (b, "c", "C");
  cs_action (b, "x", "X", "fee.calculate");
  cs_action (b, "y", "Y", "fee.calculate");
  cs_terminal (b, "end", "End", CS_TERMINAL_SUCCESS);
  cs_flow (b, "a", "c", NULL);
  cs_when (b, "c", "fee_cents > 100", "x");
  cs_when (b, "c", "fee_cents > 10", "y");
  cs_otherwise (b, "c", "end");
  cs_join (b, "end", "x", "y", NULL);
  workflow = cs_workflow_builder_finish (b);

  g_assert_cmpuint (cs_workflow_get_n_steps (workflow), ==, 5);
  g_assert_cmpuint (cs_workflow_get_n_edges (workflow), ==, 6);
  c = cs_workflow_find_step (workflow, "c");
  g_assert_nonnull (c);
  g_assert_cmpint (cs_workflow_get_step_index (workflow, c), ==, 1);
  g_assert_null (cs_workflow_find_step (workflow, "nope"));
  g_assert_true (cs_workflow_get_start_step (workflow) == cs_workflow_find_step (workflow, "a"));

  /* Branch order is edge order. */
  out = cs_workflow_get_outgoing_edges (workflow, "c");
  g_assert_cmpuint (out->len, ==, 3);
  g_assert_cmpstr (cs_edge_get_to (g_ptr_array_index (out, 0)), ==, "x");
  g_assert_cmpstr (cs_edge_get_to (g_ptr_array_index (out, 1)), ==, "y");
  g_assert_cmpint (cs_edge_get_kind (g_ptr_array_index (out, 2)), ==, CS_EDGE_DEFAULT);
  in = cs_workflow_get_incoming_edges (workflow, "end");
  g_assert_cmpuint (in->len, ==, 3);
  g_assert_cmpstr (cs_edge_get_from (g_ptr_array_index (in, 0)), ==, "c");
  g_assert_cmpstr (cs_edge_get_from (g_ptr_array_index (in, 2)), ==, "y");

  /* Reordering branches. */
  cs_workflow_move_edge (workflow, cs_workflow_find_edge (workflow, "c", "y"), 1);
  g_clear_pointer (&out, g_ptr_array_unref);
  out = cs_workflow_get_outgoing_edges (workflow, "c");
  g_assert_cmpstr (cs_edge_get_to (g_ptr_array_index (out, 0)), ==, "y");
  g_assert_cmpint (cs_workflow_get_edge_index (workflow, g_ptr_array_index (out, 0)), ==, 1);

  cs_workflow_insert_step (workflow, extra, 0);
  g_assert_true (cs_workflow_get_step (workflow, 0) == extra);
  g_assert_cmpint (cs_workflow_get_step_index (workflow, c), ==, 2);

  g_assert_true (cs_workflow_has_path (workflow, "a", "end"));
  g_assert_false (cs_workflow_has_path (workflow, "end", "a"));
  g_assert_false (cs_workflow_has_path (workflow, "extra", "a"));
}

static void
test_remove_step (void)
{
  g_autoptr(CsWorkflow) workflow = make_rich ();
  CsStep *c = cs_workflow_find_step (workflow, "c");
  guint removed_steps = 0, removed_edges = 0, changed = 0;

  g_object_ref (c);
  g_signal_connect_swapped (workflow, "step-removed", G_CALLBACK (count_signal), &removed_steps);
  g_signal_connect_swapped (workflow, "edge-removed", G_CALLBACK (count_signal), &removed_edges);
  g_signal_connect_swapped (workflow, "changed", G_CALLBACK (count_signal), &changed);

  g_assert_true (cs_workflow_remove_step (workflow, c));
  g_assert_false (cs_workflow_remove_step (workflow, c));
  /* c had one incoming and four outgoing edges; one "changed" for it all. */
  g_assert_cmpuint (removed_steps, ==, 1);
  g_assert_cmpuint (removed_edges, ==, 5);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (cs_workflow_get_n_edges (workflow), ==, 4);
  g_assert_null (cs_workflow_find_edge (workflow, "a", "c"));

  /* The workflow no longer listens to the removed step. */
  cs_step_set_name (c, "Renamed");
  g_assert_cmpuint (changed, ==, 1);
  g_assert_finalize_object (c);

  /* Removing the start step clears the start. */
  cs_workflow_remove_step (workflow, cs_workflow_find_step (workflow, "a"));
  g_assert_null (cs_workflow_get_start_step_id (workflow));
}

static void
test_changed_signal (void)
{
  g_autoptr(CsWorkflow) workflow = make_rich ();
  CsStep *step = cs_workflow_find_step (workflow, "i");
  CsEdge *edge = cs_workflow_get_edge (workflow, 0);
  guint changed = 0, added = 0;

  g_signal_connect_swapped (workflow, "changed", G_CALLBACK (count_signal), &changed);
  g_signal_connect_swapped (workflow, "edge-added", G_CALLBACK (count_signal), &added);

  cs_step_set_name (step, "Call the Service");
  g_assert_cmpuint (changed, ==, 1);
  cs_step_set_name (step, "Call the Service");
  g_assert_cmpuint (changed, ==, 1);
  cs_step_set_header (step, "Accept", "application/json");
  g_assert_cmpuint (changed, ==, 2);
  cs_step_set_sim (step, CS_SIM_LATENCY, 0.35);
  g_assert_cmpuint (changed, ==, 2);
  cs_edge_set_label (edge, "onwards");
  g_assert_cmpuint (changed, ==, 3);
  cs_workflow_set_status (workflow, CS_WORKFLOW_STATUS_RETIRED);
  g_assert_cmpuint (changed, ==, 4);

  cs_workflow_freeze_changed (workflow);
  cs_workflow_connect (workflow, "a", "t_ok", CS_EDGE_NEXT);
  cs_step_set_position (step, 1, 2, TRUE);
  cs_workflow_set_version (workflow, 4);
  g_assert_cmpuint (changed, ==, 4);
  cs_workflow_thaw_changed (workflow);
  g_assert_cmpuint (changed, ==, 5);
  g_assert_cmpuint (added, ==, 1);

  /* A thaw with nothing changed is silent. */
  cs_workflow_freeze_changed (workflow);
  cs_workflow_thaw_changed (workflow);
  g_assert_cmpuint (changed, ==, 5);
}

static void
test_rename_step (void)
{
  g_autoptr(CsWorkflow) workflow = make_rich ();
  g_autoptr(CsStep) twin = NULL;
  CsStep *c = cs_workflow_find_step (workflow, "c");
  CsStep *a = cs_workflow_find_step (workflow, "a");
  g_autoptr(GPtrArray) out = NULL;

  cs_step_set_id (c, "choose");
  g_assert_nonnull (cs_workflow_find_edge (workflow, "a", "choose"));
  out = cs_workflow_get_outgoing_edges (workflow, "choose");
  g_assert_cmpuint (out->len, ==, 4);
  g_assert_null (cs_workflow_find_edge (workflow, "a", "c"));

  cs_step_set_id (a, "act");
  g_assert_cmpstr (cs_workflow_get_start_step_id (workflow), ==, "act");

  /* While another step still has the old id, the edges stay with it. */
  twin = cs_step_new ("act", CS_STEP_ACTION, "Twin");
  cs_workflow_add_step (workflow, twin);
  cs_step_set_id (twin, "twin");
  g_assert_nonnull (cs_workflow_find_edge (workflow, "act", "choose"));
  cs_step_set_id (a, "first");
  g_assert_nonnull (cs_workflow_find_edge (workflow, "first", "choose"));
}

static void
test_graph_queries (void)
{
  g_autoptr(CsWorkflow) workflow = make_rich ();
  g_autoptr(GHashTable) reachable = cs_workflow_collect_reachable (workflow, "c");
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *position = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *edges = cs_workflow_get_edges (workflow);

  g_assert_cmpuint (g_hash_table_size (reachable), ==, 7);
  g_assert_true (g_hash_table_contains (reachable, "c"));
  g_assert_true (g_hash_table_contains (reachable, "t_ok"));
  g_assert_false (g_hash_table_contains (reachable, "a"));
  g_assert_false (g_hash_table_contains (reachable, "ghost"));

  order = cs_workflow_topological_sort (workflow, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (order->len, ==, 8);
  for (guint i = 0; i < order->len; i++)
    g_hash_table_insert (position, (gpointer) cs_step_get_id (g_ptr_array_index (order, i)),
                         GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < edges->len; i++)
    {
      CsEdge *edge = g_ptr_array_index (edges, i);
      guint from = GPOINTER_TO_UINT (g_hash_table_lookup (position, cs_edge_get_from (edge)));
      guint to = GPOINTER_TO_UINT (g_hash_table_lookup (position, cs_edge_get_to (edge)));

      if (to != 0)
        g_assert_cmpuint (from, <, to);
    }
  g_hash_table_unref (position);
  g_clear_pointer (&order, g_ptr_array_unref);

  cs_workflow_connect (workflow, "i", "a", CS_EDGE_NEXT);
  order = cs_workflow_topological_sort (workflow, &error);
  g_assert_null (order);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
}

static void
test_edge (void)
{
  g_autoptr(CsEdge) next = cs_edge_new ("a", "b", CS_EDGE_NEXT);
  g_autoptr(CsEdge) branch = cs_edge_new_branch ("c", "d", "age >= 18");
  g_autoptr(CsEdge) broken = cs_edge_new_branch ("c", "d", "age >= )");
  g_autoptr(CsEdge) copy = NULL;
  g_autoptr(CsEdge) other = cs_edge_new ("c", "e", CS_EDGE_DEFAULT);
  const GError *error;
  gsize offset = 0;

  g_assert_cmpstr (cs_edge_get_display_label (next), ==, "");
  g_assert_cmpstr (cs_edge_get_display_label (branch), ==, "age >= 18");
  g_assert_cmpstr (cs_edge_get_display_label (other), ==, "otherwise");
  cs_edge_set_kind (other, CS_EDGE_APPROVED);
  g_assert_cmpstr (cs_edge_get_display_label (other), ==, "approved");
  cs_edge_set_kind (other, CS_EDGE_REJECTED);
  g_assert_cmpstr (cs_edge_get_display_label (other), ==, "rejected");
  cs_edge_set_label (other, "Sent back");
  g_assert_cmpstr (cs_edge_get_display_label (other), ==, "Sent back");
  cs_edge_set_label (other, "");
  g_assert_null (cs_edge_get_label (other));

  g_assert_nonnull (cs_edge_get_condition (branch));
  g_assert_cmpstr (cs_expr_get_source (cs_edge_get_condition (branch)), ==, "age >= 18");
  g_assert_null (cs_edge_get_condition_error (branch, NULL));

  g_assert_null (cs_edge_get_condition (broken));
  error = cs_edge_get_condition_error (broken, &offset);
  g_assert_error ((GError *) error, CS_EXPR_ERROR, CS_EXPR_ERROR_SYNTAX);
  g_assert_cmpuint (offset, ==, 7);

  /* Fixing the condition clears the error. */
  copy = cs_edge_copy (broken);
  g_assert_true (cs_edge_equal (copy, broken));
  g_assert_nonnull (cs_edge_get_condition_error (copy, NULL));
  cs_edge_set_condition_source (copy, "age >= 21");
  g_assert_null (cs_edge_get_condition_error (copy, NULL));
  g_assert_nonnull (cs_edge_get_condition (copy));
  g_assert_false (cs_edge_equal (copy, broken));
}

static void
test_step_config (void)
{
  g_autoptr(CsStep) step = cs_step_new ("s", CS_STEP_ACTION, "S");
  g_autoptr(CsStep) copy = NULL;
  g_autoptr(CsStepParam) input = cs_step_param_new ("x", CS_VALUE_STRING, TRUE, NULL, NULL, NULL);
  g_autoptr(CsStepParam) replacement = cs_step_param_new ("x", CS_VALUE_INTEGER, FALSE, NULL, NULL, NULL);
  double x, y;
  gboolean pinned;
  CsBackoff backoff;
  const char *statuses[] = { "201", "3xx", "400-404", NULL };

  /* Configuration of other types survives a type switch but is not compared. */
  cs_step_set_handler (step, "fee.calculate");
  cs_step_add_input (step, input);
  copy = cs_step_copy (step);
  cs_step_set_step_type (step, CS_STEP_APPROVAL);
  cs_step_set_step_type (copy, CS_STEP_APPROVAL);
  cs_step_set_handler (copy, "other.handler");
  g_assert_true (cs_step_equal (step, copy));
  cs_step_set_step_type (step, CS_STEP_ACTION);
  cs_step_set_step_type (copy, CS_STEP_ACTION);
  g_assert_false (cs_step_equal (step, copy));
  g_assert_cmpstr (cs_step_get_handler (step), ==, "fee.calculate");

  /* Declarations are replaced in place by name. */
  cs_step_add_input (step, replacement);
  g_assert_cmpuint (cs_step_get_inputs (step)->len, ==, 1);
  g_assert_true (cs_step_find_input (step, "x") == replacement);
  g_assert_true (cs_step_remove_input (step, "x"));
  g_assert_false (cs_step_remove_input (step, "x"));

  g_assert_false (cs_step_get_position (step, &x, &y, &pinned));
  cs_step_set_position (step, 12.5, 40, TRUE);
  g_assert_true (cs_step_get_position (step, &x, &y, &pinned));
  g_assert_cmpfloat (x, ==, 12.5);
  g_assert_cmpfloat (y, ==, 40);
  g_assert_true (pinned);
  cs_step_clear_position (step);
  g_assert_false (cs_step_get_position (step, NULL, NULL, NULL));

  /* Simulation defaults depend on the type. */
  g_assert_false (cs_step_has_sim (step, CS_SIM_OFFICERS));
  g_assert_cmpfloat (cs_step_get_sim (step, CS_SIM_MEAN_SERVICE_TIME), ==, 1.0);
  cs_step_set_step_type (step, CS_STEP_APPROVAL);
  g_assert_cmpfloat (cs_step_get_sim (step, CS_SIM_OFFICERS), ==, 1.0);
  g_assert_cmpfloat (cs_step_get_sim (step, CS_SIM_HANDLING_TIME), ==, 1800.0);
  cs_step_set_sim (step, CS_SIM_OFFICERS, 4);
  g_assert_true (cs_step_has_sim (step, CS_SIM_OFFICERS));
  g_assert_cmpfloat (cs_step_get_sim (step, CS_SIM_OFFICERS), ==, 4.0);
  cs_step_unset_sim (step, CS_SIM_OFFICERS);
  g_assert_cmpfloat (cs_step_get_sim (step, CS_SIM_OFFICERS), ==, 1.0);
  g_assert_cmpfloat (cs_sim_param_default (CS_STEP_INTEGRATION, CS_SIM_FAILURE_PROBABILITY), ==, 0.01);

  /* Approval quorum. */
  cs_step_add_approver_role (step, "officer");
  cs_step_add_approver_role (step, "administrator");
  cs_step_add_approver_role (step, "officer");
  g_assert_cmpuint (g_strv_length ((char **) cs_step_get_approver_roles (step)), ==, 2);
  g_assert_cmpuint (cs_step_get_approvals_required (step), ==, 1);
  cs_step_set_quorum (step, CS_QUORUM_ALL);
  g_assert_cmpuint (cs_step_get_approvals_required (step), ==, 2);

  /* Integration settings. */
  cs_step_set_step_type (step, CS_STEP_INTEGRATION);
  g_assert_true (cs_step_is_status_expected (step, 204));
  g_assert_false (cs_step_is_status_expected (step, 302));
  cs_step_set_expected_statuses (step, statuses);
  g_assert_true (cs_step_is_status_expected (step, 201));
  g_assert_false (cs_step_is_status_expected (step, 200));
  g_assert_true (cs_step_is_status_expected (step, 399));
  g_assert_true (cs_step_is_status_expected (step, 404));
  g_assert_false (cs_step_is_status_expected (step, 405));
  g_assert_true (cs_status_pattern_is_valid ("5XX"));
  g_assert_false (cs_status_pattern_is_valid ("6xx"));
  g_assert_false (cs_status_pattern_is_valid ("20"));
  g_assert_false (cs_status_pattern_is_valid ("204-200"));
  g_assert_false (cs_status_pattern_is_valid ("2000"));

  cs_step_set_backoff (step, 300, 9000);
  backoff = cs_step_get_backoff (step);
  g_assert_cmpuint (backoff.base_ms, ==, 300);
  g_assert_cmpuint (backoff.max_ms, ==, 9000);
  g_assert_cmpuint (cs_backoff_delay_ms (&backoff, 10, 1.0), ==, 9000);

  cs_step_set_header (step, "Accept", "text/plain");
  cs_step_set_header (step, "X-Id", "{{ id }}");
  cs_step_set_header (step, "accept", "application/json");
  g_assert_cmpuint (cs_step_get_n_headers (step), ==, 2);
  g_assert_cmpstr (cs_step_get_header_name (step, 0), ==, "accept");
  g_assert_cmpstr (cs_step_get_header_source (step, 0), ==, "application/json");
  g_assert_nonnull (cs_step_get_header_template (step, 1));
  g_assert_true (cs_step_remove_header (step, "ACCEPT"));
  g_assert_cmpuint (cs_step_get_n_headers (step), ==, 1);

  cs_step_set_response_mapping (step, "id", "result.id");
  cs_step_set_response_mapping (step, "name", "result.name");
  cs_step_set_response_mapping (step, "id", "result.identifier");
  g_assert_cmpuint (cs_step_get_n_response_mappings (step), ==, 2);
  g_assert_cmpstr (cs_step_get_response_mapping_path (step, 0), ==, "result.identifier");
  g_assert_true (cs_step_remove_response_mapping (step, "name"));
  g_assert_false (cs_step_remove_response_mapping (step, "name"));

  g_assert_true (cs_step_id_is_valid ("adult_approval_2"));
  g_assert_false (cs_step_id_is_valid ("Adult"));
  g_assert_false (cs_step_id_is_valid ("a-b"));
  g_assert_false (cs_step_id_is_valid (""));
}

static void
test_validate_inputs (void)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("w", 1, "W");
  CsStep *step = cs_action (b, "validate_identity", "Validate Identity", "identity.verify");
  g_autoptr(CsStepParam) age = cs_step_param_new ("age", CS_VALUE_INTEGER, FALSE, NULL, NULL, NULL);
  g_autoptr(JsonObject) seed_inputs = parse_object ("{\"first_name\": \"John\", \"last_name\": \"Doe\"}");
  g_autoptr(JsonObject) good = parse_object ("{\"first_name\": \"John\", \"last_name\": \"Doe\","
                                             " \"id_number\": \"123456789\", \"id_document\": \"passport\","
                                             " \"age\": 18.0, \"extra\": [1]}");
  g_autoptr(JsonObject) bad = parse_object ("{\"first_name\": null, \"last_name\": \"Doe\","
                                            " \"id_number\": 123456789, \"id_document\": \"library_card\","
                                            " \"date_of_birth\": \"2001-02-30\", \"age\": 17.5}");
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  const char *expected[] = {
    "Missing required input: first_name",
    "Invalid input id_number: expected string, got integer",
    "Invalid input id_document: “library_card” does not match the pattern "
    "^(passport|national_id|drivers_licence|birth_certificate)$",
    "Invalid input date_of_birth: “2001-02-30” is not a date (YYYY-MM-DD)",
    "Invalid input age: expected integer, got number",
  };

  cs_step_add_input (step, age);

  /* Exactly the seed's messages for the seed's request. */
  g_assert_false (cs_step_validate_inputs (step, seed_inputs, errors));
  g_assert_cmpuint (errors->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (errors, 0), ==, "Missing required input: id_number");
  g_assert_cmpstr (g_ptr_array_index (errors, 1), ==, "Missing required input: id_document");

  g_ptr_array_set_size (errors, 0);
  g_assert_true (cs_step_validate_inputs (step, good, errors));
  g_assert_cmpuint (errors->len, ==, 0);

  g_assert_false (cs_step_validate_inputs (step, bad, errors));
  g_assert_cmpuint (errors->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < errors->len; i++)
    g_assert_cmpstr (g_ptr_array_index (errors, i), ==, expected[i]);

  g_assert_false (cs_step_validate_inputs (step, NULL, NULL));
}

static void
test_value_types (void)
{
  g_autoptr(JsonObject) values = parse_object ("{\"leap\": \"2024-02-29\", \"not_leap\": \"2023-02-29\","
                                               " \"stamp\": \"2024-02-29T10:00:00+02:00\","
                                               " \"short\": \"2024-2-9\", \"int\": 3, \"whole\": 3.0,"
                                               " \"half\": 3.5, \"text\": \"3\", \"flag\": false,"
                                               " \"list\": [], \"map\": {}}");
  const struct { const char *member; CsValueType type; gboolean ok; } cases[] = {
    { "leap", CS_VALUE_DATE, TRUE }, { "not_leap", CS_VALUE_DATE, FALSE },
    { "stamp", CS_VALUE_DATE, TRUE }, { "short", CS_VALUE_DATE, FALSE },
    { "leap", CS_VALUE_STRING, TRUE }, { "int", CS_VALUE_INTEGER, TRUE },
    { "whole", CS_VALUE_INTEGER, TRUE }, { "half", CS_VALUE_INTEGER, FALSE },
    { "half", CS_VALUE_NUMBER, TRUE }, { "int", CS_VALUE_NUMBER, TRUE },
    { "text", CS_VALUE_INTEGER, FALSE }, { "flag", CS_VALUE_BOOLEAN, TRUE },
    { "int", CS_VALUE_BOOLEAN, FALSE }, { "list", CS_VALUE_ARRAY, TRUE },
    { "map", CS_VALUE_ARRAY, FALSE }, { "map", CS_VALUE_OBJECT, TRUE },
    { "text", CS_VALUE_OBJECT, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s as %s", cases[i].member, cs_value_type_to_string (cases[i].type));
      g_assert_cmpint (cs_value_type_check (cases[i].type,
                                            json_object_get_member (values, cases[i].member)),
                       ==, cases[i].ok);
    }
}

static void
test_build_inputs (void)
{
  g_autoptr(CsStep) step = cs_step_new ("s", CS_STEP_ACTION, "S");
  g_autoptr(CsStepParam) id_number = cs_step_param_new ("id_number", CS_VALUE_STRING, TRUE, NULL,
                                                        "applicant.documents.0.number", NULL);
  g_autoptr(CsStepParam) template = cs_step_param_new ("message_template", CS_VALUE_STRING, TRUE,
                                                       NULL, NULL, NULL);
  g_autoptr(CsStepParam) record = cs_step_param_new ("record", CS_VALUE_OBJECT, TRUE, NULL, "$", NULL);
  g_autoptr(CsStepParam) missing = cs_step_param_new ("missing", CS_VALUE_STRING, FALSE, NULL, NULL, NULL);
  g_autoptr(CsStepParam) declared = cs_step_param_new_output ("kept", CS_VALUE_STRING, NULL);
  g_autoptr(JsonObject) data = parse_object ("{\"applicant\": {\"documents\": [{\"number\": \"X1\"}]},"
                                             " \"message_template\": \"from citizen\", \"missing\": null}");
  g_autoptr(JsonObject) parameters = parse_object ("{\"message_template\": \"welcome\"}");
  g_autoptr(JsonObject) inputs = NULL;
  g_autoptr(JsonObject) everything = NULL;
  g_autoptr(JsonObject) outputs = parse_object ("{\"kept\": \"yes\", \"dropped\": \"no\"}");

  cs_step_add_input (step, id_number);
  cs_step_add_input (step, template);
  cs_step_add_input (step, record);
  cs_step_add_input (step, missing);
  cs_step_set_parameters (step, parameters);
  /* The step keeps its own copy. */
  json_object_set_string_member (parameters, "message_template", "changed");

  inputs = cs_step_build_inputs (step, data);
  g_assert_cmpstr (json_object_get_string_member (inputs, "id_number"), ==, "X1");
  /* The designer's constant wins over citizen data. */
  g_assert_cmpstr (json_object_get_string_member (inputs, "message_template"), ==, "welcome");
  g_assert_true (json_object_has_member (json_object_get_object_member (inputs, "record"), "applicant"));
  g_assert_false (json_object_has_member (inputs, "missing"));
  g_assert_cmpuint (json_object_get_size (inputs), ==, 3);

  /* Without declarations: all the data, overlaid with the parameters. */
  cs_step_set_inputs (step, NULL);
  everything = cs_step_build_inputs (step, data);
  g_assert_cmpuint (json_object_get_size (everything), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (everything, "message_template"), ==, "welcome");

  /* Declared outputs filter what lands in the data. */
  cs_step_add_output (step, declared);
  cs_step_merge_outputs (step, outputs, data);
  g_assert_cmpstr (json_object_get_string_member (data, "kept"), ==, "yes");
  g_assert_false (json_object_has_member (data, "dropped"));
  cs_step_set_outputs (step, NULL);
  cs_step_merge_outputs (step, outputs, data);
  g_assert_cmpstr (json_object_get_string_member (data, "dropped"), ==, "no");

  cs_step_take_parameter (step, "message_template", NULL);
  g_assert_null (cs_step_get_parameters (step));
}

static void
test_integration_rendering (void)
{
  g_autoptr(CsStep) step = cs_step_new ("pay", CS_STEP_INTEGRATION, "Pay");
  g_autoptr(JsonNode) data = parse_node ("{\"services\": {\"payment_url\": \"http://127.0.0.1:8080/api\"},"
                                         " \"ref\": \"a b/c\", \"name\": \"Say \\\"hi\\\"\\n\", \"n\": 3}");
  g_autoptr(JsonNode) response = parse_node ("{\"payment\": {\"id\": \"p1\", \"items\": [{\"x\": 1}]}}");
  g_autoptr(JsonObject) instance = json_object_new ();
  g_autoptr(JsonNode) body_node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  g_autofree char *raw = NULL;

  cs_step_set_url (step, "{{ services.payment_url }}/payments/{{ ref }}");
  url = cs_step_render_url (step, data, &error);
  g_assert_no_error (error);
  /* The base URL stays intact; the space is escaped. */
  g_assert_cmpstr (url, ==, "http://127.0.0.1:8080/api/payments/a%20b/c");

  g_assert_null (cs_step_render_body (step, data, &error));
  g_assert_no_error (error);

  cs_step_set_body (step, "{\"name\": \"{{ name }}\", \"n\": {{ n }}}");
  raw = cs_step_render_body (step, data, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (raw, ==, "{\"name\": \"Say \"hi\"\n\", \"n\": 3}");

  cs_step_set_header (step, "Content-Type", "application/json; charset=utf-8");
  body = cs_step_render_body (step, data, &error);
  g_assert_no_error (error);
  body_node = json_from_string (body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body_node), "name"), ==,
                   "Say \"hi\"\n");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (body_node), "n"), ==, 3);

  cs_step_set_response_mapping (step, "payment_reference", "payment.id");
  cs_step_set_response_mapping (step, "first_x", "payment.items.0.x");
  g_assert_true (cs_step_apply_response_mapping (step, response, instance, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (instance, "payment_reference"), ==, "p1");
  g_assert_cmpint (json_object_get_int_member (instance, "first_x"), ==, 1);

  cs_step_set_response_mapping (step, "payment_status", "payment.status");
  g_assert_false (cs_step_apply_response_mapping (step, response, instance, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "Step “pay”: the response has no payment.status (wanted for payment_status)");
  g_clear_error (&error);

  cs_step_set_url (step, "https://x.org/{{ broken");
  g_assert_null (cs_step_render_url (step, data, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
}

static void
test_data_paths (void)
{
  g_autoptr(JsonNode) root = parse_node ("{\"a\": {\"b\": [10, {\"c\": null}]}, \"x.y\": 1}");

  g_assert_true (cs_data_path_lookup (root, "$") == root);
  g_assert_cmpint (json_node_get_int (cs_data_path_lookup (root, "a.b.0")), ==, 10);
  g_assert_true (JSON_NODE_HOLDS_NULL (cs_data_path_lookup (root, "a.b.1.c")));
  g_assert_null (cs_data_path_lookup (root, "a.b.2"));
  g_assert_null (cs_data_path_lookup (root, "a.b.x"));
  g_assert_null (cs_data_path_lookup (root, "a.b.0.z"));
  g_assert_null (cs_data_path_lookup (NULL, "a"));
  g_assert_false (cs_data_path_is_valid ("a..b"));
  g_assert_false (cs_data_path_is_valid (".a"));
  g_assert_false (cs_data_path_is_valid ("a b"));
  g_assert_false (cs_data_path_is_valid (""));
  g_assert_true (cs_data_path_is_valid ("result.licence_id"));
}

/* Copies and equality */

static void
test_copy_equal (void)
{
  g_autoptr(CsWorkflow) original = make_rich ();
  CsWorkflow *copy = cs_workflow_copy (original);
  CsStep *step;

  g_assert_true (cs_workflow_equal (original, copy));
  g_assert_true (cs_workflow_get_step (copy, 0) != cs_workflow_get_step (original, 0));
  g_assert_true (cs_workflow_get_edge (copy, 0) != cs_workflow_get_edge (original, 0));

  /* Each kind of change breaks equality, and only in the copy. */
  cs_step_set_sim (cs_workflow_find_step (copy, "ap"), CS_SIM_OFFICERS, 4);
  g_assert_false (cs_workflow_equal (original, copy));
  g_assert_cmpfloat (cs_step_get_sim (cs_workflow_find_step (original, "ap"), CS_SIM_OFFICERS), ==, 3);
  g_assert_finalize_object (copy);

#define ASSERT_CHANGE_BREAKS_EQUALITY(stmt)                     \
  G_STMT_START {                                                \
    CsWorkflow *w = cs_workflow_copy (original);                \
    g_assert_true (cs_workflow_equal (original, w));            \
    { CsWorkflow *workflow = w; stmt; (void) workflow; }        \
    g_assert_false (cs_workflow_equal (original, w));           \
    g_assert_false (cs_workflow_equal (w, original));           \
    g_assert_finalize_object (w);                               \
  } G_STMT_END

  ASSERT_CHANGE_BREAKS_EQUALITY (cs_workflow_set_tenant (workflow, NULL));
  ASSERT_CHANGE_BREAKS_EQUALITY (cs_workflow_set_version (workflow, 4));
  ASSERT_CHANGE_BREAKS_EQUALITY (cs_workflow_set_start_step_id (workflow, "c"));
  ASSERT_CHANGE_BREAKS_EQUALITY (cs_step_set_position (cs_workflow_find_step (workflow, "a"), 10.5, -3, FALSE));
  ASSERT_CHANGE_BREAKS_EQUALITY (cs_step_take_parameter (cs_workflow_find_step (workflow, "a"), "currency", NULL));
  ASSERT_CHANGE_BREAKS_EQUALITY (cs_step_set_quorum (cs_workflow_find_step (workflow, "ap"), CS_QUORUM_ANY));
  ASSERT_CHANGE_BREAKS_EQUALITY (cs_step_set_header (cs_workflow_find_step (workflow, "i"), "Authorization", "none"));
  ASSERT_CHANGE_BREAKS_EQUALITY (cs_step_set_breaker (cs_workflow_find_step (workflow, "i"), 7, 31));
  ASSERT_CHANGE_BREAKS_EQUALITY (cs_step_set_terminal_status (cs_workflow_find_step (workflow, "t_ok"), CS_TERMINAL_FAILED));
  ASSERT_CHANGE_BREAKS_EQUALITY (cs_edge_set_label (cs_workflow_get_edge (workflow, 0), NULL));
  ASSERT_CHANGE_BREAKS_EQUALITY (cs_workflow_move_edge (workflow, cs_workflow_get_edge (workflow, 1), 2));
  ASSERT_CHANGE_BREAKS_EQUALITY (cs_workflow_remove_edge (workflow, cs_workflow_get_edge (workflow, 8)));

#undef ASSERT_CHANGE_BREAKS_EQUALITY

  /* An undo that restores steps and edges where they were is equal again. */
  step = cs_workflow_find_step (original, "ap");
  {
    g_autoptr(CsWorkflow) snapshot = cs_workflow_copy (original);
    g_autoptr(CsStep) held = g_object_ref (step);
    g_autoptr(GPtrArray) edges = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GArray) indexes = g_array_new (FALSE, FALSE, sizeof (guint));
    int step_index = cs_workflow_get_step_index (original, step);

    for (guint i = 0; i < cs_workflow_get_n_edges (original); i++)
      {
        CsEdge *edge = cs_workflow_get_edge (original, i);

        if (g_str_equal (cs_edge_get_from (edge), "ap") || g_str_equal (cs_edge_get_to (edge), "ap"))
          {
            g_ptr_array_add (edges, g_object_ref (edge));
            g_array_append_val (indexes, i);
          }
      }
    cs_workflow_remove_step (original, step);
    g_assert_false (cs_workflow_equal (original, snapshot));

    cs_workflow_insert_step (original, held, step_index);
    for (guint i = 0; i < edges->len; i++)
      cs_workflow_insert_edge (original, g_ptr_array_index (edges, i),
                               g_array_index (indexes, guint, i));
    g_assert_true (cs_workflow_equal (original, snapshot));
  }
}

/* JSON */

static void
test_json_round_trip (void)
{
  g_autoptr(CsWorkflow) original = make_rich ();
  g_autoptr(CsWorkflow) loaded = NULL;
  g_autoptr(CsWorkflow) from_tree = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) tree_problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) tree = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(CsWorkflow) from_file = NULL;
  g_autoptr(GPtrArray) file_problems = NULL;
  gsize length;

  text = cs_workflow_to_data (original, &length);
  g_assert_cmpuint (length, ==, strlen (text));
  g_assert_true (g_str_has_suffix (text, "}\n"));
  /* Shortest exact numbers, not 17 digits. */
  g_assert_nonnull (strstr (text, "\"failure_probability\": 0.1,"));
  g_assert_nonnull (strstr (text, "\"handling_time\": 600.25"));
  g_assert_nonnull (strstr (text, "\"x\": 10.5,"));
  g_assert_nonnull (strstr (text, "\"approvers\": [\"officer\", \"designer\"],"));

  loaded = cs_workflow_load_from_data (text, -1, &problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (cs_workflow_equal (original, loaded));

  /* The broken condition is still broken, with its position. */
  g_assert_null (cs_edge_get_condition (cs_workflow_get_edge (loaded, 2)));
  g_assert_nonnull (cs_edge_get_condition_error (cs_workflow_get_edge (loaded, 2), NULL));

  again = cs_workflow_to_data (loaded, NULL);
  g_assert_cmpstr (text, ==, again);

  tree = cs_workflow_to_json (original);
  from_tree = cs_workflow_from_json (tree, &tree_problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tree_problems->len, ==, 0);
  g_assert_true (cs_workflow_equal (original, from_tree));

  dir = g_dir_make_tmp ("cs-workflow-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "rich.json", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (cs_workflow_save_to_file (original, file, NULL, &error));
  g_assert_no_error (error);
  from_file = cs_workflow_load_from_file (file, NULL, &file_problems, &error);
  g_assert_no_error (error);
  g_assert_true (cs_workflow_equal (original, from_file));
  g_assert_true (g_file_delete (file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
assert_load_error (const char *json,
                   GQuark      domain,
                   int         code,
                   const char *message_prefix)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsWorkflow) workflow = cs_workflow_load_from_data (json, -1, &problems, &error);

  g_assert_null (workflow);
  g_assert_null (problems);
  g_assert_error (error, domain, code);
  g_assert_true (g_str_has_prefix (error->message, message_prefix));
}

static CsProblem *
assert_json_problem (GPtrArray         *problems,
                     CsProblemSeverity  severity,
                     const char        *step_id,
                     const char        *message)
{
  for (guint i = 0; i < problems->len; i++)
    {
      CsProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (cs_problem_get_message (problem), message) != 0)
        continue;
      g_assert_cmpint (cs_problem_get_kind (problem), ==, CS_PROBLEM_JSON);
      g_assert_cmpint (cs_problem_get_severity (problem), ==, severity);
      g_assert_cmpstr (cs_problem_get_step_id (problem), ==, step_id);
      /* The field is the JSON path the message starts with. */
      g_assert_true (g_str_has_prefix (message, cs_problem_get_field (problem)));
      g_assert_cmpint (message[strlen (cs_problem_get_field (problem))], ==, ':');
      return problem;
    }
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", cs_problem_get_message (g_ptr_array_index (problems, i)));
  g_error ("no problem “%s”", message);
  return NULL;
}

/* A workflow discovered from an event log keeps that through a save. */
static void
test_json_observed (void)
{
  static const char json[] =
    "{\"key\": \"receipt\", \"version\": 1, \"observed\": true, \"start\": \"a\","
    " \"steps\": [{\"id\": \"a\", \"type\": \"action\"},"
    "            {\"id\": \"end\", \"type\": \"terminal\", \"config\": {\"status\": \"success\"}}],"
    " \"edges\": [{\"from\": \"a\", \"to\": \"end\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(CsWorkflow) workflow = cs_workflow_load_from_data (json, -1, &problems, &error);
  g_autoptr(CsWorkflow) again = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (cs_workflow_get_observed (workflow));
  /* Its actions record what people did: no handler needed. */
  found = cs_workflow_validate (workflow, NULL);
  g_assert_false (cs_problems_have_errors (found));

  text = cs_workflow_to_data (workflow, NULL);
  g_assert_true (g_regex_match_simple ("\"observed\"\\s*:\\s*true", text, 0, 0));
  again = cs_workflow_load_from_data (text, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cs_workflow_equal (workflow, again));

  /* Without the flag the same steps are an error. */
  cs_workflow_set_observed (again, FALSE);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = cs_workflow_validate (again, NULL);
  g_assert_true (cs_problems_have_errors (found));
  g_clear_pointer (&text, g_free);
  text = cs_workflow_to_data (again, NULL);
  g_assert_null (strstr (text, "observed"));
}

static void
test_json_errors (void)
{
  assert_load_error ("{ \"key\": ", CS_ERROR, CS_ERROR_PARSE,
                     "The workflow definition is not valid JSON: ");
  assert_load_error ("", CS_ERROR, CS_ERROR_PARSE, "The workflow definition ");
  assert_load_error ("[1, 2]", CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                     "A workflow definition must be a JSON object, not an array");
  assert_load_error ("\"workflow\"", CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                     "A workflow definition must be a JSON object, not a string");
}

static void
test_json_problems (void)
{
  const char *json =
    "{\"key\": \"k\", \"version\": 1, \"name\": \"N\", \"start\": \"a\", \"status\": \"live\","
    " \"format\": \"bpmn\", \"format_version\": 2, \"owner\": \"me\","
    " \"steps\": ["
    "   {\"id\": \"a\", \"type\": \"action\", \"name\": \"A\","
    "    \"config\": {\"handler\": \"fee.calculate\", \"inputs\": \"all\","
    "                \"outputs\": [{\"name\": \"o\", \"type\": \"money\"}, {\"type\": \"string\"}]}},"
    "   {\"id\": \"b\", \"type\": \"robot\", \"name\": \"B\"},"
    "   {\"type\": \"terminal\", \"config\": {\"status\": \"success\"}},"
    "   {\"id\": \"d\", \"type\": \"approval\","
    "    \"config\": {\"approvers\": [\"officer\", 7], \"quorum\": \"most\", \"due_seconds\": -5}},"
    "   {\"id\": \"e\", \"type\": \"integration\","
    "    \"config\": {\"method\": \"POST\", \"url\": \"https://x.org\", \"timeout_ms\": \"fast\","
    "                \"hander\": 1, \"headers\": {\"X\": 5, \"Y\": \"y\"}, \"backoff\": [1, 2]},"
    "    \"simulation\": {\"officers\": \"two\", \"speed\": 3, \"latency\": 0.25}},"
    "   {\"id\": \"f\", \"type\": \"terminal\"},"
    "   {\"id\": \"g\", \"type\": \"conditional\", \"config\": {\"branches\": []}},"
    "   {\"id\": \"h\", \"type\": \"action\", \"position\": {\"x\": 1}},"
    "   \"oops\""
    " ],"
    " \"edges\": ["
    "   {\"from\": \"a\", \"to\": \"b\", \"kind\": \"sideways\"},"
    "   {\"from\": \"a\"},"
    "   {\"from\": \"a\", \"to\": \"g\", \"kind\": \"branch\", \"condition\": \"x >\"},"
    "   7,"
    "   {\"from\": \"g\", \"to\": \"f\", \"kind\": \"default\", \"label\": 3}"
    " ]}";
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) validation = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsWorkflow) workflow = cs_workflow_load_from_data (json, -1, &problems, &error);
  CsProblem *problem;
  CsStep *step;

  g_assert_no_error (error);
  g_assert_nonnull (workflow);

  assert_json_problem (problems, CS_PROBLEM_ERROR, NULL,
                       "status: unknown status “live” (expected draft, published or retired)");
  assert_json_problem (problems, CS_PROBLEM_ERROR, NULL,
                       "format: “bpmn” is not a workflow definition format");
  assert_json_problem (problems, CS_PROBLEM_WARNING, NULL,
                       "format_version: written by a newer CivicStream (format 2); parts may be missing");
  assert_json_problem (problems, CS_PROBLEM_WARNING, NULL, "owner: unknown member, ignored");
  problem = assert_json_problem (problems, CS_PROBLEM_ERROR, "a",
                                 "steps[0].config.inputs: expected an array, found a string");
  g_assert_cmpstr (cs_problem_get_field (problem), ==, "steps[0].config.inputs");
  assert_json_problem (problems, CS_PROBLEM_ERROR, "a",
                       "steps[0].config.outputs[0].type: unknown type “money” (expected string, "
                       "integer, number, boolean, date, object or array)");
  assert_json_problem (problems, CS_PROBLEM_ERROR, "a", "steps[0].config.outputs[1].name: missing");
  assert_json_problem (problems, CS_PROBLEM_ERROR, "b",
                       "steps[1].type: unknown step type “robot” (expected action, conditional, "
                       "approval, integration or terminal); loaded as an action");
  assert_json_problem (problems, CS_PROBLEM_ERROR, NULL, "steps[2].id: missing");
  assert_json_problem (problems, CS_PROBLEM_ERROR, "d",
                       "steps[3].config.approvers[1]: expected a string, found a number");
  assert_json_problem (problems, CS_PROBLEM_ERROR, "d",
                       "steps[3].config.quorum: unknown quorum “most” (expected any or all)");
  assert_json_problem (problems, CS_PROBLEM_ERROR, "d",
                       "steps[3].config.due_seconds: -5 is out of range (0 to 4294967295)");
  assert_json_problem (problems, CS_PROBLEM_WARNING, "e",
                       "steps[4].config.hander: unknown member, ignored");
  assert_json_problem (problems, CS_PROBLEM_ERROR, "e",
                       "steps[4].config.timeout_ms: expected an integer, found a string");
  assert_json_problem (problems, CS_PROBLEM_ERROR, "e",
                       "steps[4].config.headers.X: expected a string, found a number");
  assert_json_problem (problems, CS_PROBLEM_ERROR, "e",
                       "steps[4].config.backoff: expected an object, found an array");
  assert_json_problem (problems, CS_PROBLEM_ERROR, "e",
                       "steps[4].simulation.officers: expected a number, found a string");
  assert_json_problem (problems, CS_PROBLEM_WARNING, "e",
                       "steps[4].simulation.speed: unknown member, ignored");
  assert_json_problem (problems, CS_PROBLEM_ERROR, "f", "steps[5].config.status: missing");
  assert_json_problem (problems, CS_PROBLEM_WARNING, "g",
                       "steps[6].config.branches: unknown member, ignored");
  assert_json_problem (problems, CS_PROBLEM_ERROR, "h", "steps[7].position.y: missing");
  assert_json_problem (problems, CS_PROBLEM_ERROR, NULL, "steps[8]: expected an object, found a string");
  assert_json_problem (problems, CS_PROBLEM_ERROR, "a",
                       "edges[0].kind: unknown edge kind “sideways” (expected next, branch, "
                       "default, approved or rejected)");
  assert_json_problem (problems, CS_PROBLEM_ERROR, "a", "edges[1].to: missing");
  assert_json_problem (problems, CS_PROBLEM_ERROR, NULL, "edges[3]: expected an object, found a number");
  assert_json_problem (problems, CS_PROBLEM_ERROR, "g", "edges[4].label: expected a string, found a number");
  g_assert_cmpuint (problems->len, ==, 26);

  /* The partial workflow: everything that could be read, with defaults. */
  g_assert_cmpstr (cs_workflow_get_key (workflow), ==, "k");
  g_assert_cmpint (cs_workflow_get_status (workflow), ==, CS_WORKFLOW_STATUS_DRAFT);
  g_assert_cmpuint (cs_workflow_get_n_steps (workflow), ==, 8);
  g_assert_cmpuint (cs_step_get_outputs (cs_workflow_find_step (workflow, "a"))->len, ==, 1);
  g_assert_cmpint (cs_step_get_step_type (cs_workflow_find_step (workflow, "b")), ==, CS_STEP_ACTION);
  g_assert_null (cs_step_get_id (cs_workflow_get_step (workflow, 2)));
  step = cs_workflow_find_step (workflow, "d");
  g_assert_cmpuint (g_strv_length ((char **) cs_step_get_approver_roles (step)), ==, 1);
  g_assert_cmpuint (cs_step_get_due_seconds (step), ==, 0);
  step = cs_workflow_find_step (workflow, "e");
  g_assert_cmpuint (cs_step_get_timeout_ms (step), ==, 10000);
  g_assert_cmpuint (cs_step_get_n_headers (step), ==, 1);
  g_assert_cmpfloat (cs_step_get_sim (step, CS_SIM_LATENCY), ==, 0.25);
  g_assert_false (cs_step_get_position (cs_workflow_find_step (workflow, "h"), NULL, NULL, NULL));
  g_assert_cmpuint (cs_workflow_get_n_edges (workflow), ==, 3);
  g_assert_cmpstr (cs_edge_get_condition_source (cs_workflow_get_edge (workflow, 1)), ==, "x >");

  /* And it can be validated like any other. */
  validation = cs_workflow_validate (workflow, NULL);
  g_assert_nonnull (cs_problems_find (validation, CS_PROBLEM_EXPRESSION, "a"));
  g_assert_nonnull (cs_problems_find (validation, CS_PROBLEM_INVALID_STEP_ID, NULL));
}

static void
test_json_missing_members (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsWorkflow) workflow = cs_workflow_load_from_data ("{\"steps\": {}}", -1, &problems, &error);

  g_assert_no_error (error);
  g_assert_nonnull (workflow);
  assert_json_problem (problems, CS_PROBLEM_ERROR, NULL, "key: missing");
  assert_json_problem (problems, CS_PROBLEM_ERROR, NULL, "version: missing");
  assert_json_problem (problems, CS_PROBLEM_ERROR, NULL, "steps: expected an array, found an object");
  g_assert_cmpuint (problems->len, ==, 3);
  g_assert_cmpuint (cs_workflow_get_n_steps (workflow), ==, 0);
}

/* Replaces the node numbered @target (in pre-order) by a copy of @replacement. */
static JsonNode *
copy_replacing (JsonNode *node,
                guint    *counter,
                guint     target,
                JsonNode *replacement)
{
  JsonNode *copy;

  if ((*counter)++ == target)
    return cs_json_node_deep_copy (replacement);

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(GList) names = json_object_get_members (json_node_get_object (node));

      for (GList *n = names; n != NULL; n = n->next)
        json_object_set_member (object, n->data,
                                copy_replacing (json_object_get_member (json_node_get_object (node), n->data),
                                                counter, target, replacement));
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (copy, object);
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *source = json_node_get_array (node);
      g_autoptr(JsonArray) array = json_array_new ();

      for (guint i = 0; i < json_array_get_length (source); i++)
        json_array_add_element (array, copy_replacing (json_array_get_element (source, i),
                                                       counter, target, replacement));
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (copy, array);
      return copy;
    }
  return json_node_copy (node);
}

/* Every node of a real definition replaced by values of every other type:
 * loading reports problems but never fails, crashes or warns (warnings are
 * fatal in the test run), and validation copes with whatever was loaded. */
static void
test_json_robustness (void)
{
  g_autoptr(CsWorkflow) example = cs_example_complaint_handling ();
  g_autoptr(JsonNode) root = cs_workflow_to_json (example);
  g_autoptr(JsonNode) replacements = parse_node ("[null, -1, \"x\", [{}], {\"id\": 3}]");
  g_autoptr(JsonNode) counted = NULL;
  guint n_nodes = 0;

  counted = copy_replacing (root, &n_nodes, G_MAXUINT, NULL);
  g_assert_cmpuint (n_nodes, >, 300);

  for (guint target = 1; target < n_nodes; target++)
    for (guint r = 0; r < 5; r++)
      {
        guint counter = 0;
        g_autoptr(JsonNode) mutated = NULL;
        g_autoptr(CsWorkflow) workflow = NULL;
        g_autoptr(GPtrArray) problems = NULL;
        g_autoptr(GPtrArray) validation = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *text = NULL;

        /* Under valgrind, a sample is enough. */
        if (!g_test_slow () && (target + r) % 4 != 0)
          continue;
        mutated = copy_replacing (root, &counter, target,
                                  json_array_get_element (json_node_get_array (replacements), r));
        workflow = cs_workflow_from_json (mutated, &problems, &error);
        g_assert_no_error (error);
        g_assert_nonnull (workflow);
        g_assert_nonnull (problems);
        validation = cs_workflow_validate (workflow, NULL);
        text = cs_workflow_to_data (workflow, NULL);
        g_assert_nonnull (text);
      }
}

/* The example in docs/workflow-format.md loads and validates cleanly, and is
 * exactly what saving it writes, so the page cannot drift from the code. */
static void
test_documented_example (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs", "workflow-format.md", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *json = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) validation = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsWorkflow) workflow = NULL;
  const char *start, *end;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  start = strstr (contents, "## Complete example");
  g_assert_nonnull (start);
  start = strstr (start, "```json\n");
  g_assert_nonnull (start);
  start += strlen ("```json\n");
  end = strstr (start, "\n```");
  g_assert_nonnull (end);
  json = g_strndup (start, end - start + 1);

  workflow = cs_workflow_load_from_data (json, -1, &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  validation = cs_workflow_validate (workflow, NULL);
  g_assert_cmpuint (validation->len, ==, 0);
  saved = cs_workflow_to_data (workflow, NULL);
  g_assert_cmpstr (saved, ==, json);
}

/* The builder */

static void
test_builder (void)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("simple_approval", 2, "Simple Approval Process");
  g_autoptr(CsWorkflow) workflow = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  CsStep *validate, *notify;
  CsEdge *edge;

  cs_workflow_builder_set_description (b, "The seed's example");
  validate = cs_action (b, "validate", "Validate Request", "data.validate_application");
  cs_conditional (b, "route", "Route by Age");
  cs_approval (b, "adult_approval", "Adult Approval", "officer", NULL);
  cs_approval (b, "minor_approval", "Minor Approval", "officer", "administrator", NULL);
  notify = cs_action (b, "notify", "Notify", "notify.compose");
  cs_action (b, "seal", "Seal", "record.seal");
  cs_terminal (b, "success", "Approved", CS_TERMINAL_SUCCESS);
  cs_terminal (b, "rejected", "Rejected", CS_TERMINAL_REJECTED);

  cs_param_string (notify, "message_template", "welcome");
  cs_param_json (notify, "channel", "\"sms\"");
  cs_input_from (notify, "recipient_name", "first_name");

  cs_flow (b, "validate", "route", NULL);
  edge = cs_when (b, "route", "age >= 18", "adult_approval");
  cs_otherwise (b, "route", "minor_approval");
  cs_on_approved (b, "adult_approval", "notify");
  cs_on_rejected (b, "adult_approval", "rejected");
  cs_on_approved (b, "minor_approval", "notify");
  cs_on_rejected (b, "minor_approval", "rejected");
  cs_fork (b, "notify", "seal", NULL);
  cs_join (b, "success", "seal", NULL);
  workflow = cs_workflow_builder_finish (b);

  g_assert_cmpstr (cs_workflow_get_key (workflow), ==, "simple_approval");
  g_assert_cmpint (cs_workflow_get_version (workflow), ==, 2);
  g_assert_cmpstr (cs_workflow_get_description (workflow), ==, "The seed's example");
  g_assert_cmpstr (cs_workflow_get_start_step_id (workflow), ==, "validate");
  g_assert_cmpuint (cs_workflow_get_n_steps (workflow), ==, 8);
  g_assert_cmpuint (cs_workflow_get_n_edges (workflow), ==, 9);

  /* Actions start with their handler's declarations. */
  g_assert_cmpuint (cs_step_get_inputs (validate)->len, ==, 7);
  g_assert_nonnull (cs_step_find_output (validate, "application_valid"));
  g_assert_cmpstr (cs_step_param_get_source (cs_step_find_input (notify, "recipient_name")), ==,
                   "first_name");
  g_assert_true (cs_step_param_get_required (cs_step_find_input (notify, "recipient_name")));
  g_assert_cmpstr (json_object_get_string_member (cs_step_get_parameters (notify), "channel"), ==, "sms");

  g_assert_cmpint (cs_edge_get_kind (edge), ==, CS_EDGE_BRANCH);
  g_assert_cmpstr (cs_edge_get_condition_source (edge), ==, "age >= 18");
  g_assert_cmpint (cs_edge_get_kind (cs_workflow_find_edge (workflow, "route", "minor_approval")), ==,
                   CS_EDGE_DEFAULT);
  g_assert_cmpint (cs_edge_get_kind (cs_workflow_find_edge (workflow, "minor_approval", "rejected")), ==,
                   CS_EDGE_REJECTED);
  g_assert_cmpstr (cs_edge_get_from (cs_workflow_get_edge (workflow, 8)), ==, "seal");
  g_assert_cmpstr (cs_edge_get_to (cs_workflow_get_edge (workflow, 8)), ==, "success");

  problems = cs_workflow_validate (workflow, NULL);
  g_assert_cmpuint (problems->len, ==, 0);

  /* cs_start() overrides the first step. */
  {
    g_autoptr(CsWorkflowBuilder) b2 = cs_workflow_builder_new ("w", 1, "W");
    g_autoptr(CsWorkflow) w2 = NULL;

    cs_start (b2, "second");
    cs_action (b2, "first", "First", "fee.calculate");
    cs_action (b2, "second", "Second", "fee.calculate");
    cs_flow (b2, "second", "first", NULL);
    w2 = cs_workflow_builder_finish (b2);
    g_assert_cmpstr (cs_workflow_get_start_step_id (w2), ==, "second");
  }
}

/* The examples */

static void
assert_fork_and_join (CsWorkflow *workflow)
{
  gboolean found = FALSE;

  for (guint i = 0; i < cs_workflow_get_n_steps (workflow) && !found; i++)
    {
      CsStep *fork = cs_workflow_get_step (workflow, i);
      const char *id = cs_step_get_id (fork);
      g_autoptr(GPtrArray) out = cs_workflow_get_outgoing_edges (workflow, id);
      g_autoptr(GHashTable) from_fork = NULL;
      guint per_kind[CS_EDGE_REJECTED + 1] = { 0 };
      guint parallel = 0;

      /* A conditional takes one edge; anything else takes all edges of a kind. */
      if (cs_step_get_step_type (fork) == CS_STEP_CONDITIONAL)
        continue;
      for (guint e = 0; e < out->len; e++)
        parallel = MAX (parallel, ++per_kind[cs_edge_get_kind (g_ptr_array_index (out, e))]);
      if (parallel < 2)
        continue;

      /* A join: a step two of whose incoming edges come from the fork's branches. */
      from_fork = cs_workflow_collect_reachable (workflow, id);
      for (guint j = 0; j < cs_workflow_get_n_steps (workflow) && !found; j++)
        {
          const char *join = cs_step_get_id (cs_workflow_get_step (workflow, j));
          g_autoptr(GPtrArray) in = cs_workflow_get_incoming_edges (workflow, join);
          guint branches = 0;

          for (guint e = 0; e < in->len; e++)
            branches += g_hash_table_contains (from_fork, cs_edge_get_from (g_ptr_array_index (in, e)));
          found = branches >= 2;
        }
    }
  g_assert_true (found);
}

static void
test_examples (void)
{
  for (const char * const *key = cs_example_workflow_keys (); *key != NULL; key++)
    {
      g_autoptr(CsWorkflow) built = cs_example_workflow_new (*key);
      g_autoptr(GPtrArray) problems = cs_workflow_validate (built, NULL);
      g_autofree char *name = g_strconcat (*key, ".json", NULL);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "workflows", name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GPtrArray) file_problems = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(CsWorkflow) from_file = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *expected = NULL;

      g_test_message ("example %s", *key);
      g_assert_cmpstr (cs_workflow_get_key (built), ==, *key);
      for (guint i = 0; i < problems->len; i++)
        g_test_message ("%s", cs_problem_get_message (g_ptr_array_index (problems, i)));
      g_assert_cmpuint (problems->len, ==, 0);
      g_assert_cmpuint (cs_workflow_get_n_steps (built), >=, 10);
      g_assert_cmpuint (cs_workflow_get_n_steps (built), <=, 20);
      assert_fork_and_join (built);

      from_file = cs_workflow_load_from_file (file, NULL, &file_problems, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (file_problems->len, ==, 0);
      g_assert_true (cs_workflow_equal (built, from_file));

      /* The file is exactly what saving the built workflow writes. */
      g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
      g_assert_no_error (error);
      expected = cs_workflow_to_data (built, NULL);
      g_assert_cmpstr (contents, ==, expected);
    }
  g_assert_null (cs_example_workflow_new ("tax_return"));
}

static gboolean
has_terminal (CsWorkflow       *workflow,
              CsTerminalStatus  status)
{
  for (guint i = 0; i < cs_workflow_get_n_steps (workflow); i++)
    {
      CsStep *step = cs_workflow_get_step (workflow, i);

      if (cs_step_get_step_type (step) == CS_STEP_TERMINAL &&
          cs_step_get_terminal_status (step) == status)
        return TRUE;
    }
  return FALSE;
}

static void
test_example_details (void)
{
  g_autoptr(CsWorkflow) citizen = cs_example_citizen_registration ();
  g_autoptr(CsWorkflow) licence = cs_example_business_licence ();
  g_autoptr(CsWorkflow) complaint = cs_example_complaint_handling ();
  g_autoptr(JsonNode) data = parse_node ("{\"services\": {\"payment_url\": \"http://127.0.0.1:39211\"}}");
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  CsEdge *adult;
  CsStep *minor;
  gboolean adult_result = FALSE, minor_result = TRUE;
  g_autoptr(JsonNode) adult_data = parse_node ("{\"age\": 18}");
  g_autoptr(JsonNode) minor_data = parse_node ("{\"age\": 17}");
  g_autoptr(GPtrArray) routes = NULL;

  g_assert_true (has_terminal (citizen, CS_TERMINAL_SUCCESS));
  g_assert_true (has_terminal (citizen, CS_TERMINAL_REJECTED));
  g_assert_true (has_terminal (citizen, CS_TERMINAL_FAILED));

  /* Age routing really routes. */
  adult = cs_workflow_find_edge (citizen, "age_routing", "adult_approval");
  g_assert_true (cs_expr_evaluate_boolean (cs_edge_get_condition (adult), adult_data, &adult_result, &error));
  g_assert_no_error (error);
  g_assert_true (adult_result);
  g_assert_true (cs_expr_evaluate_boolean (cs_edge_get_condition (adult), minor_data, &minor_result, &error));
  g_assert_false (minor_result);
  minor = cs_workflow_find_step (citizen, "minor_approval");
  g_assert_cmpint (cs_step_get_quorum (minor), ==, CS_QUORUM_ALL);
  g_assert_cmpuint (cs_step_get_approvals_required (minor), ==, 2);

  /* The payment service can be pointed at a local server. */
  url = cs_step_render_url (cs_workflow_find_step (licence, "process_payment"), data, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "http://127.0.0.1:39211/payments");

  /* Complaints go to one of four investigations. */
  routes = cs_workflow_get_outgoing_edges (complaint, "route_department");
  g_assert_cmpuint (routes->len, ==, 4);
  for (guint i = 0; i < routes->len; i++)
    g_assert_cmpint (cs_step_get_step_type (cs_workflow_find_step (complaint,
                                                                   cs_edge_get_to (g_ptr_array_index (routes, i)))),
                     ==, CS_STEP_APPROVAL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workflow/enums", test_enums);
  g_test_add_func ("/workflow/steps-and-edges", test_steps_and_edges);
  g_test_add_func ("/workflow/remove-step", test_remove_step);
  g_test_add_func ("/workflow/changed-signal", test_changed_signal);
  g_test_add_func ("/workflow/rename-step", test_rename_step);
  g_test_add_func ("/workflow/graph-queries", test_graph_queries);
  g_test_add_func ("/workflow/edge", test_edge);
  g_test_add_func ("/workflow/step-config", test_step_config);
  g_test_add_func ("/workflow/validate-inputs", test_validate_inputs);
  g_test_add_func ("/workflow/value-types", test_value_types);
  g_test_add_func ("/workflow/build-inputs", test_build_inputs);
  g_test_add_func ("/workflow/integration-rendering", test_integration_rendering);
  g_test_add_func ("/workflow/data-paths", test_data_paths);
  g_test_add_func ("/workflow/copy-equal", test_copy_equal);
  g_test_add_func ("/workflow/json/round-trip", test_json_round_trip);
  g_test_add_func ("/workflow/json/observed", test_json_observed);
  g_test_add_func ("/workflow/json/errors", test_json_errors);
  g_test_add_func ("/workflow/json/problems", test_json_problems);
  g_test_add_func ("/workflow/json/missing-members", test_json_missing_members);
  g_test_add_func ("/workflow/json/robustness", test_json_robustness);
  g_test_add_func ("/workflow/json/documented-example", test_documented_example);
  g_test_add_func ("/workflow/builder", test_builder);
  g_test_add_func ("/workflow/examples", test_examples);
  g_test_add_func ("/workflow/example-details", test_example_details);

  return g_test_run ();
}
