/* test-edit-history.c: undo and redo of workflow edits
 *
 * The central property: whatever sequence of edits is made, undoing all of
 * them gives back a workflow equal to the original, and redoing them gives
 * back the edited one. Checked on the four examples with a scripted sequence
 * that uses every kind of edit, and with seeded random sequences interleaved
 * with undo and redo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "core/cs-edit-history.h"
#include "core/cs-error.h"
#include "core/cs-example-workflows.h"
#include "core/cs-workflow-json.h"

static CsStep *
find (CsWorkflow *workflow,
      const char *id)
{
  CsStep *step = cs_workflow_find_step (workflow, id);
  g_assert_nonnull (step);
  return step;
}

/* Every kind of edit, on whatever workflow. */
static void
edit_everything (CsEditHistory *history)
{
  CsWorkflow *workflow = cs_edit_history_get_workflow (history);
  static const CsStepType types[] = {
    CS_STEP_ACTION, CS_STEP_CONDITIONAL, CS_STEP_APPROVAL, CS_STEP_INTEGRATION, CS_STEP_TERMINAL,
  };
  CsStep *first = cs_workflow_get_step (workflow, 0);
  CsStep *second = cs_workflow_get_step (workflow, 1);
  g_autoptr(GPtrArray) moved = g_ptr_array_new ();
  g_autoptr(GPtrArray) copies = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsEdge) edge = NULL;
  CsEditPoint points[2] = { { 100, 50 }, { 300, 75 } };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *id = cs_edit_history_unique_step_id (history, cs_step_type_to_string (types[i]));
      g_autoptr(CsStep) step = cs_step_new (id, types[i], "New step");

      cs_step_set_position (step, 10.0 * i, 20.0, TRUE);
      cs_edit_history_add_step (history, step, i == 0 ? 0 : -1);
    }

  edge = cs_edge_new (cs_step_get_id (first), "action", CS_EDGE_NEXT);
  cs_edit_history_add_edge (history, edge, 1);
  cs_edit_history_move_edge (history, edge, cs_workflow_get_n_edges (workflow) - 1);

  g_ptr_array_add (moved, first);
  g_ptr_array_add (moved, second);
  cs_edit_history_move_steps (history, moved, points);
  copies = cs_edit_history_duplicate_steps (history, moved, 40, 40);
  g_assert_cmpuint (copies->len, ==, 2);

  /* Typing into one field, then another. */
  cs_edit_history_begin_step_change (history, second, "name");
  cs_step_set_name (second, "R");
  cs_edit_history_end_step_change (history);
  cs_edit_history_begin_step_change (history, second, "name");
  cs_step_set_name (second, "Renamed");
  cs_edit_history_end_step_change (history);
  cs_edit_history_begin_step_change (history, second, "type");
  cs_step_set_step_type (second, CS_STEP_INTEGRATION);
  cs_step_set_url (second, "https://example.org/{{ id }}");
  cs_step_set_header (second, "Accept", "application/json");
  cs_step_set_response_mapping (second, "result", "data.result");
  cs_step_set_sim (second, CS_SIM_LATENCY, 2.5);
  cs_edit_history_end_step_change (history);

  g_assert_true (cs_edit_history_rename_step (history, first, "first_renamed", &error));
  g_assert_no_error (error);
  cs_edit_history_set_start_step (history, "action");

  if (cs_workflow_get_n_edges (workflow) > 2)
    {
      CsEdge *some = cs_workflow_get_edge (workflow, 2);

      cs_edit_history_begin_edge_change (history, some, "label");
      cs_edge_set_label (some, "a label");
      cs_edit_history_end_edge_change (history);
      cs_edit_history_remove_edge (history, cs_workflow_get_edge (workflow, 0));
    }

  g_assert_true (cs_edit_history_remove_step (history, find (workflow, "first_renamed")));
  g_assert_true (cs_edit_history_remove_step (history, g_ptr_array_index (copies, 1)));
  g_assert_true (cs_edit_history_unpin_steps (history, NULL));
}

static void
assert_undo_redo_round_trip (CsWorkflow *workflow)
{
  g_autoptr(CsWorkflow) original = cs_workflow_copy (workflow);
  g_autoptr(CsWorkflow) edited = NULL;
  CsEditHistory *history = cs_edit_history_new (workflow);
  guint depth;

  edit_everything (history);
  g_assert_false (cs_workflow_equal (workflow, original));
  edited = cs_workflow_copy (workflow);
  depth = cs_edit_history_get_depth (history);
  g_assert_cmpuint (depth, >=, 14);

  while (cs_edit_history_undo (history))
    ;
  g_assert_false (cs_edit_history_can_undo (history));
  g_assert_true (cs_edit_history_is_clean (history));
  g_assert_true (cs_workflow_equal (workflow, original));

  while (cs_edit_history_redo (history))
    ;
  g_assert_cmpuint (cs_edit_history_get_depth (history), ==, depth);
  g_assert_true (cs_workflow_equal (workflow, edited));
  g_assert_false (cs_edit_history_is_clean (history));

  g_assert_finalize_object (history);
}

static void
test_examples_round_trip (void)
{
  const char * const *keys = cs_example_workflow_keys ();

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(CsWorkflow) workflow = cs_example_workflow_new (keys[i]);

      assert_undo_redo_round_trip (workflow);
    }
}

/* One random edit; returns FALSE when it could not apply one. */
static gboolean
random_edit (CsEditHistory *history,
             GRand         *rand)
{
  CsWorkflow *workflow = cs_edit_history_get_workflow (history);
  guint n_steps = cs_workflow_get_n_steps (workflow);
  guint n_edges = cs_workflow_get_n_edges (workflow);
  CsStep *step = n_steps ? cs_workflow_get_step (workflow, g_rand_int_range (rand, 0, n_steps)) : NULL;
  CsStep *other = n_steps ? cs_workflow_get_step (workflow, g_rand_int_range (rand, 0, n_steps)) : NULL;

  switch (g_rand_int_range (rand, 0, 9))
    {
    case 0:
      {
        g_autofree char *id = cs_edit_history_unique_step_id (history, "random");
        g_autoptr(CsStep) added = cs_step_new (id, g_rand_int_range (rand, 0, 5), "Random");
        cs_edit_history_add_step (history, added, g_rand_int_range (rand, -1, n_steps + 1));
        return TRUE;
      }
    case 1:
      return step != NULL && cs_edit_history_remove_step (history, step);
    case 2:
      {
        g_autoptr(CsEdge) edge = NULL;

        if (step == NULL)
          return FALSE;
        edge = cs_edge_new_branch (cs_step_get_id (step), cs_step_get_id (other), "x > 1");
        cs_edit_history_add_edge (history, edge, g_rand_int_range (rand, -1, n_edges + 1));
        return TRUE;
      }
    case 3:
      return n_edges > 0 &&
             cs_edit_history_remove_edge (history, cs_workflow_get_edge (workflow, g_rand_int_range (rand, 0, n_edges)));
    case 4:
      {
        g_autoptr(GPtrArray) steps = g_ptr_array_new ();
        CsEditPoint point = { g_rand_double_range (rand, -500, 500), g_rand_double_range (rand, -500, 500) };

        if (step == NULL)
          return FALSE;
        g_ptr_array_add (steps, step);
        cs_edit_history_move_steps (history, steps, &point);
        return TRUE;
      }
    case 5:
      {
        g_autoptr(GPtrArray) steps = g_ptr_array_new ();
        g_autoptr(GPtrArray) copies = NULL;

        if (step == NULL)
          return FALSE;
        g_ptr_array_add (steps, step);
        if (other != step)
          g_ptr_array_add (steps, other);
        copies = cs_edit_history_duplicate_steps (history, steps, 30, 30);
        return copies->len == steps->len;
      }
    case 6:
      if (step == NULL)
        return FALSE;
      cs_edit_history_begin_step_change (history, step, g_rand_boolean (rand) ? "description" : "agency");
      cs_step_set_description (step, g_rand_boolean (rand) ? "one" : "two");
      cs_step_set_agency (step, g_rand_boolean (rand) ? "Markets" : NULL);
      cs_edit_history_end_step_change (history);
      return TRUE;
    case 7:
      if (n_edges < 2)
        return FALSE;
      cs_edit_history_move_edge (history, cs_workflow_get_edge (workflow, g_rand_int_range (rand, 0, n_edges)),
                                 g_rand_int_range (rand, 0, n_edges));
      return TRUE;
    case 8:
    default:
      {
        g_autofree char *id = NULL;

        if (step == NULL)
          return FALSE;
        id = cs_edit_history_unique_step_id (history, "renamed");
        return cs_edit_history_rename_step (history, step, id, NULL);
      }
    }
}

static void
test_random_sequences (void)
{
  for (guint seed = 1; seed <= 20; seed++)
    {
      g_autoptr(CsWorkflow) workflow = cs_example_workflow_new (cs_example_workflow_keys ()[seed % 4]);
      g_autoptr(CsWorkflow) original = cs_workflow_copy (workflow);
      g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      CsEditHistory *history = cs_edit_history_new (workflow);

      /* states[i] is the workflow after i commands. */
      g_ptr_array_add (states, cs_workflow_copy (workflow));
      for (guint i = 0; i < 60; i++)
        {
          guint depth = cs_edit_history_get_depth (history);

          if (g_rand_int_range (rand, 0, 5) == 0 && depth > 0)
            {
              g_assert_true (cs_edit_history_undo (history));
              g_assert_true (cs_workflow_equal (workflow, g_ptr_array_index (states, depth - 1)));
              continue;
            }
          if (!random_edit (history, rand) || cs_edit_history_get_depth (history) == depth)
            continue;
          /* A new edit drops what could have been redone. */
          g_ptr_array_set_size (states, cs_edit_history_get_depth (history));
          g_ptr_array_add (states, cs_workflow_copy (workflow));
          g_assert_false (cs_edit_history_can_redo (history));
        }

      g_test_message ("seed %u: %u commands to undo", seed, cs_edit_history_get_depth (history));
      g_assert_cmpuint (cs_edit_history_get_depth (history), >, 10);
      for (guint depth = cs_edit_history_get_depth (history); depth > 0; depth--)
        {
          g_assert_true (cs_workflow_equal (workflow, g_ptr_array_index (states, depth)));
          g_assert_true (cs_edit_history_undo (history));
        }
      g_assert_true (cs_workflow_equal (workflow, original));
      while (cs_edit_history_redo (history))
        g_assert_true (cs_workflow_equal (workflow, g_ptr_array_index (states, cs_edit_history_get_depth (history))));
      g_assert_finalize_object (history);
    }
}

static void
set_name (CsEditHistory *history,
          CsStep        *step,
          const char    *name)
{
  cs_edit_history_begin_step_change (history, step, "name");
  cs_step_set_name (step, name);
  cs_edit_history_end_step_change (history);
}

static void
test_merge (void)
{
  g_autoptr(CsWorkflow) workflow = cs_example_citizen_registration ();
  g_autoptr(CsWorkflow) original = cs_workflow_copy (workflow);
  CsEditHistory *history = cs_edit_history_new (workflow);
  CsStep *step = cs_workflow_get_step (workflow, 0);
  g_autofree char *old_name = g_strdup (cs_step_get_name (step));

  set_name (history, step, "V");
  set_name (history, step, "Ve");
  set_name (history, step, "Verify");
  g_assert_cmpuint (cs_edit_history_get_depth (history), ==, 1);

  /* A change that changes nothing records nothing. */
  set_name (history, step, "Verify");
  g_assert_cmpuint (cs_edit_history_get_depth (history), ==, 1);

  cs_edit_history_begin_step_change (history, step, "description");
  cs_step_set_description (step, "Checks the papers");
  cs_edit_history_end_step_change (history);
  g_assert_cmpuint (cs_edit_history_get_depth (history), ==, 2);

  cs_edit_history_break_merge (history);
  cs_edit_history_begin_step_change (history, step, "description");
  cs_step_set_description (step, "Checks the documents");
  cs_edit_history_end_step_change (history);
  g_assert_cmpuint (cs_edit_history_get_depth (history), ==, 3);

  /* The saved state is never merged into. */
  cs_edit_history_set_clean (history);
  set_name (history, step, "Verify Identity");
  g_assert_cmpuint (cs_edit_history_get_depth (history), ==, 4);

  g_assert_true (cs_edit_history_undo (history));
  g_assert_cmpstr (cs_step_get_name (step), ==, "Verify");
  g_assert_true (cs_edit_history_undo (history));
  g_assert_cmpstr (cs_step_get_description (step), ==, "Checks the papers");
  g_assert_true (cs_edit_history_undo (history));
  g_assert_true (cs_edit_history_undo (history));
  g_assert_cmpstr (cs_step_get_name (step), ==, old_name);
  g_assert_true (cs_workflow_equal (workflow, original));
  g_assert_finalize_object (history);
}

typedef struct
{
  guint can_undo;
  guint can_redo;
  guint clean;
} Notifications;

static void
on_notify (GObject       *object,
           GParamSpec    *pspec,
           Notifications *counts)
{
  if (g_str_equal (pspec->name, "can-undo"))
    counts->can_undo++;
  else if (g_str_equal (pspec->name, "can-redo"))
    counts->can_redo++;
  else if (g_str_equal (pspec->name, "clean"))
    counts->clean++;
}

static void
test_clean_and_signals (void)
{
  g_autoptr(CsWorkflow) workflow = cs_example_permit_renewal ();
  CsEditHistory *history = cs_edit_history_new (workflow);
  Notifications counts = { 0 };
  CsStep *step = cs_workflow_get_step (workflow, 1);

  g_signal_connect (history, "notify", G_CALLBACK (on_notify), &counts);
  g_assert_true (cs_edit_history_is_clean (history));
  g_assert_null (cs_edit_history_get_undo_label (history));

  g_assert_true (cs_edit_history_remove_step (history, step));
  g_assert_cmpuint (counts.can_undo, ==, 1);
  g_assert_cmpuint (counts.clean, ==, 1);
  g_assert_false (cs_edit_history_is_clean (history));
  g_assert_nonnull (strstr (cs_edit_history_get_undo_label (history), cs_step_get_name (step)));

  /* Saved here; undo leaves the saved state, redo comes back to it. */
  cs_edit_history_set_clean (history);
  g_assert_true (cs_edit_history_is_clean (history));
  g_assert_true (cs_edit_history_undo (history));
  g_assert_false (cs_edit_history_is_clean (history));
  g_assert_cmpuint (counts.can_redo, ==, 1);
  g_assert_nonnull (cs_edit_history_get_redo_label (history));
  g_assert_true (cs_edit_history_redo (history));
  g_assert_true (cs_edit_history_is_clean (history));

  /* Undo, then a different edit: the saved state is out of reach. */
  g_assert_true (cs_edit_history_undo (history));
  set_name (history, step, "Other");
  g_assert_false (cs_edit_history_can_redo (history));
  g_assert_false (cs_edit_history_is_clean (history));
  g_assert_true (cs_edit_history_undo (history));
  g_assert_false (cs_edit_history_is_clean (history));

  cs_edit_history_clear (history);
  g_assert_true (cs_edit_history_is_clean (history));
  g_assert_false (cs_edit_history_can_undo (history));
  g_assert_false (cs_edit_history_can_redo (history));
  g_assert_finalize_object (history);
}

static void
test_remove_restores_edges (void)
{
  g_autoptr(CsWorkflow) workflow = cs_example_business_licence ();
  g_autoptr(CsWorkflow) original = cs_workflow_copy (workflow);
  CsEditHistory *history = cs_edit_history_new (workflow);
  CsStep *start = cs_workflow_get_start_step (workflow);
  guint n_edges = cs_workflow_get_n_edges (workflow);

  g_assert_nonnull (start);
  g_assert_true (cs_edit_history_remove_step (history, start));
  g_assert_null (cs_workflow_get_start_step_id (workflow));
  g_assert_cmpuint (cs_workflow_get_n_edges (workflow), <, n_edges);

  g_assert_true (cs_edit_history_undo (history));
  g_assert_cmpstr (cs_workflow_get_start_step_id (workflow), ==, cs_step_get_id (start));
  /* The very same object is back, at its place, with its edges in order. */
  g_assert_true (cs_workflow_get_step (workflow, 0) == start);
  g_assert_true (cs_workflow_equal (workflow, original));
  g_assert_finalize_object (history);
}

static void
test_rename (void)
{
  g_autoptr(CsWorkflow) workflow = cs_example_complaint_handling ();
  g_autoptr(CsWorkflow) original = cs_workflow_copy (workflow);
  CsEditHistory *history = cs_edit_history_new (workflow);
  CsStep *start = cs_workflow_get_start_step (workflow);
  CsStep *second = cs_workflow_get_step (workflow, 1);
  g_autofree char *old_id = g_strdup (cs_step_get_id (start));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) out = NULL;

  g_assert_false (cs_edit_history_rename_step (history, start, "Not Valid", &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Not Valid"));
  g_clear_error (&error);
  g_assert_false (cs_edit_history_rename_step (history, start, cs_step_get_id (second), &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (cs_edit_history_get_depth (history), ==, 0);

  g_assert_true (cs_edit_history_rename_step (history, start, "intake", NULL));
  g_assert_cmpstr (cs_workflow_get_start_step_id (workflow), ==, "intake");
  out = cs_workflow_get_outgoing_edges (workflow, "intake");
  g_assert_cmpuint (out->len, >, 0);

  g_assert_true (cs_edit_history_undo (history));
  g_assert_cmpstr (cs_workflow_get_start_step_id (workflow), ==, old_id);
  g_assert_true (cs_workflow_equal (workflow, original));
  g_assert_finalize_object (history);
}

static void
test_groups_and_ids (void)
{
  g_autoptr(CsWorkflow) workflow = cs_workflow_new ("groups", 1, "Groups");
  g_autoptr(CsWorkflow) original = cs_workflow_copy (workflow);
  CsEditHistory *history = cs_edit_history_new (workflow);
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *id3 = NULL;

  cs_edit_history_begin_group (history, "Nothing");
  cs_edit_history_end_group (history);
  g_assert_false (cs_edit_history_can_undo (history));

  cs_edit_history_begin_group (history, "Outer");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = cs_edit_history_unique_step_id (history, "review");
      g_autoptr(CsStep) step = cs_step_new (id, CS_STEP_APPROVAL, "Review");

      cs_edit_history_begin_group (history, "Inner");
      cs_edit_history_add_step (history, step, -1);
      cs_edit_history_end_group (history);
    }
  cs_edit_history_end_group (history);
  g_assert_cmpuint (cs_edit_history_get_depth (history), ==, 1);
  g_assert_cmpstr (cs_edit_history_get_undo_label (history), ==, "Outer");
  g_assert_cmpstr (cs_step_get_id (cs_workflow_get_step (workflow, 0)), ==, "review");
  g_assert_cmpstr (cs_step_get_id (cs_workflow_get_step (workflow, 1)), ==, "review_2");
  g_assert_cmpstr (cs_step_get_id (cs_workflow_get_step (workflow, 2)), ==, "review_3");

  /* A copy of review_2 is review_4, not review_2_2. */
  id1 = cs_edit_history_unique_step_id (history, "review_2");
  g_assert_cmpstr (id1, ==, "review_4");
  id2 = cs_edit_history_unique_step_id (history, "fresh");
  g_assert_cmpstr (id2, ==, "fresh");
  id3 = cs_edit_history_unique_step_id (history, "x_1");
  g_assert_cmpstr (id3, ==, "x_1");

  g_assert_true (cs_edit_history_undo (history));
  g_assert_cmpuint (cs_workflow_get_n_steps (workflow), ==, 0);
  g_assert_true (cs_workflow_equal (workflow, original));
  g_assert_finalize_object (history);
}

static void
test_replace_contents (void)
{
  g_autoptr(CsWorkflow) workflow = cs_example_citizen_registration ();
  g_autoptr(CsWorkflow) original = cs_workflow_copy (workflow);
  g_autoptr(CsWorkflow) imported = cs_example_permit_renewal ();
  CsEditHistory *history = cs_edit_history_new (workflow);
  CsStep *kept = cs_workflow_get_step (workflow, 0);

  cs_edit_history_replace_contents (history, imported);
  g_assert_cmpstr (cs_workflow_get_key (workflow), ==, cs_workflow_get_key (original));
  g_assert_cmpstr (cs_workflow_get_name (workflow), ==, cs_workflow_get_name (imported));
  g_assert_cmpuint (cs_workflow_get_n_steps (workflow), ==, cs_workflow_get_n_steps (imported));
  g_assert_cmpstr (cs_workflow_get_start_step_id (workflow), ==, cs_workflow_get_start_step_id (imported));
  /* Copies: the imported workflow is not shared. */
  g_assert_true (cs_workflow_get_step (workflow, 0) != cs_workflow_get_step (imported, 0));

  g_assert_true (cs_edit_history_undo (history));
  g_assert_true (cs_workflow_get_step (workflow, 0) == kept);
  g_assert_true (cs_workflow_equal (workflow, original));
  g_assert_true (cs_edit_history_redo (history));
  g_assert_cmpuint (cs_workflow_get_n_steps (workflow), ==, cs_workflow_get_n_steps (imported));
  g_assert_finalize_object (history);
}

static void
test_unpin (void)
{
  g_autoptr(CsWorkflow) workflow = cs_example_citizen_registration ();
  CsEditHistory *history = cs_edit_history_new (workflow);
  g_autoptr(GPtrArray) steps = g_ptr_array_new ();
  CsEditPoint point = { 12.5, -3 };
  double x, y;
  gboolean pinned;

  for (guint i = 0; i < cs_workflow_get_n_steps (workflow); i++)
    cs_step_clear_position (cs_workflow_get_step (workflow, i));
  g_assert_false (cs_edit_history_unpin_steps (history, NULL));

  g_ptr_array_add (steps, cs_workflow_get_step (workflow, 2));
  cs_edit_history_move_steps (history, steps, &point);
  g_assert_true (cs_step_get_position (g_ptr_array_index (steps, 0), &x, &y, &pinned));
  g_assert_cmpfloat (x, ==, 12.5);
  g_assert_cmpfloat (y, ==, -3);
  g_assert_true (pinned);
  /* The same place again is no edit. */
  cs_edit_history_move_steps (history, steps, &point);
  g_assert_cmpuint (cs_edit_history_get_depth (history), ==, 1);

  g_assert_true (cs_edit_history_unpin_steps (history, NULL));
  g_assert_false (cs_step_get_position (g_ptr_array_index (steps, 0), NULL, NULL, NULL));
  g_assert_true (cs_edit_history_undo (history));
  g_assert_true (cs_step_get_position (g_ptr_array_index (steps, 0), NULL, NULL, NULL));
  g_assert_finalize_object (history);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/edit-history/examples-round-trip", test_examples_round_trip);
  g_test_add_func ("/edit-history/random-sequences", test_random_sequences);
  g_test_add_func ("/edit-history/merge", test_merge);
  g_test_add_func ("/edit-history/clean-and-signals", test_clean_and_signals);
  g_test_add_func ("/edit-history/remove-restores-edges", test_remove_restores_edges);
  g_test_add_func ("/edit-history/rename", test_rename);
  g_test_add_func ("/edit-history/groups-and-ids", test_groups_and_ids);
  g_test_add_func ("/edit-history/replace-contents", test_replace_contents);
  g_test_add_func ("/edit-history/unpin", test_unpin);
  return g_test_run ();
}
