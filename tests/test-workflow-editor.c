/* test-workflow-editor.c: designing workflows in the real editor, under Xvfb
 *
 * Edits go through the same actions and canvas requests as the palette,
 * the keyboard and drags do; saving goes through a stand-in for the store
 * that keeps versions with optimistic concurrency, as the database will.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "core/cs-error.h"
#include "core/cs-workflow-json.h"
#include "gui/cs-workflow-editor.h"
#include "cs-test-gui.h"

static const char * const example_files[] = {
  "citizen_registration.json", "business_licence.json", "permit_renewal.json", "complaint_handling.json",
};

static char *
example_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "workflows", name, NULL);
}

static CsWorkflow *
load_example (const char *name)
{
  g_autofree char *path = example_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CsWorkflow *workflow = cs_workflow_load_from_file (file, NULL, NULL, &error);

  g_assert_no_error (error);
  /* The examples ship published; designers edit a draft of them. */
  cs_workflow_set_status (workflow, CS_WORKFLOW_STATUS_DRAFT);
  return workflow;
}

static gboolean
laid_out (gpointer data)
{
  return cs_dag_canvas_is_laid_out (data);
}

static GtkWindow *
open_editor (CsWorkflowEditor *editor,
             CsWorkflow       *workflow,
             GPtrArray        *problems)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 1400, 820);
  gtk_window_set_child (window, GTK_WIDGET (editor));
  cs_workflow_editor_set_workflow (editor, workflow, problems);
  gtk_window_present (window);
  g_assert_true (cs_test_wait_until (laid_out, cs_workflow_editor_get_canvas (editor), 20000));
  cs_test_settle (200);
  return window;
}

static gboolean
activate (CsWorkflowEditor *editor,
          const char       *action,
          const char       *target)
{
  if (target != NULL)
    return gtk_widget_activate_action (GTK_WIDGET (editor), action, "s", target);
  return gtk_widget_activate_action (GTK_WIDGET (editor), action, NULL);
}

static AdwEntryRow *
find_entry_row (GtkWidget  *root,
                const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwEntryRow *found;

      if (ADW_IS_ENTRY_ROW (child) && gtk_widget_get_mapped (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return ADW_ENTRY_ROW (child);
      if ((found = find_entry_row (child, title)) != NULL)
        return found;
    }
  return NULL;
}

static AdwActionRow *
find_error_row (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *found;

      if (ADW_IS_ACTION_ROW (child) && gtk_widget_get_visible (child) && gtk_widget_has_css_class (child, "error-text") &&
          gtk_widget_get_mapped (child))
        return ADW_ACTION_ROW (child);
      if ((found = find_error_row (child)) != NULL)
        return found;
    }
  return NULL;
}

static CsStep *
first_of_type (CsWorkflow *workflow,
               CsStepType  type)
{
  for (guint i = 0; i < cs_workflow_get_n_steps (workflow); i++)
    if (cs_step_get_step_type (cs_workflow_get_step (workflow, i)) == type)
      return cs_workflow_get_step (workflow, i);
  g_assert_not_reached ();
  return NULL;
}

/* Everything a designer does, then undo back to the start and redo. */
static void
edit_session (const char *file_name)
{
  g_autoptr(CsWorkflow) workflow = load_example (file_name);
  g_autoptr(CsWorkflow) original = cs_workflow_copy (workflow);
  g_autoptr(CsWorkflow) edited = NULL;
  CsWorkflowEditor *editor = cs_workflow_editor_new ();
  GtkWindow *window = open_editor (editor, workflow, NULL);
  CsDagCanvas *canvas = cs_workflow_editor_get_canvas (editor);
  CsEditHistory *history = cs_workflow_editor_get_history (editor);
  static const char * const types[] = { "action", "conditional", "approval", "integration", "terminal" };
  char *added[G_N_ELEMENTS (types)] = { NULL };
  guint n_steps = cs_workflow_get_n_steps (workflow);
  guint n_edges = cs_workflow_get_n_edges (workflow);
  CsEdge *existing;
  CsStep *terminal;
  const char *message;

  /* The palette: each type, at the middle of the view, selected. */
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GPtrArray) selected = NULL;
      CsStep *step;
      double x, y, cx, cy;
      gboolean pinned;

      g_assert_true (activate (editor, "editor.add-step", types[i]));
      g_assert_cmpuint (cs_workflow_get_n_steps (workflow), ==, n_steps + i + 1);
      step = cs_workflow_get_step (workflow, n_steps + i);
      g_assert_cmpstr (cs_step_type_to_string (cs_step_get_step_type (step)), ==, types[i]);
      g_assert_true (cs_step_get_position (step, &x, &y, &pinned));
      g_assert_true (pinned);
      cs_dag_canvas_get_view_center (canvas, &cx, &cy);
      g_assert_cmpfloat (fabs (x - cx), <=, 8);
      selected = cs_dag_canvas_get_selected_steps (canvas);
      g_assert_cmpuint (selected->len, ==, 1);
      g_assert_true (g_ptr_array_index (selected, 0) == step);
      added[i] = g_strdup (cs_step_get_id (step));
    }
  cs_test_settle (50);

  /* Connecting, through what a drag from a port asks for. */
  cs_dag_canvas_request_connect (canvas, added[0], added[1]);
  g_assert_nonnull (cs_workflow_find_edge (workflow, added[0], added[1]));
  g_assert_cmpint (cs_edge_get_kind (cs_workflow_find_edge (workflow, added[0], added[1])), ==, CS_EDGE_NEXT);
  cs_dag_canvas_request_connect (canvas, added[1], added[2]);
  cs_dag_canvas_request_connect (canvas, added[1], added[4]);
  g_assert_cmpint (cs_edge_get_kind (cs_workflow_find_edge (workflow, added[1], added[2])), ==, CS_EDGE_BRANCH);
  g_assert_cmpint (cs_edge_get_kind (cs_workflow_find_edge (workflow, added[1], added[4])), ==, CS_EDGE_DEFAULT);
  cs_dag_canvas_request_connect (canvas, added[2], added[3]);
  cs_dag_canvas_request_connect (canvas, added[2], added[4]);
  g_assert_cmpint (cs_edge_get_kind (cs_workflow_find_edge (workflow, added[2], added[3])), ==, CS_EDGE_APPROVED);
  g_assert_cmpint (cs_edge_get_kind (cs_workflow_find_edge (workflow, added[2], added[4])), ==, CS_EDGE_REJECTED);
  cs_dag_canvas_request_connect (canvas, added[3], added[4]);
  g_assert_cmpuint (cs_workflow_get_n_edges (workflow), ==, n_edges + 6);

  /* A cycle is refused, and the message walks round it. */
  cs_dag_canvas_request_connect (canvas, added[3], added[0]);
  g_assert_null (cs_workflow_find_edge (workflow, added[3], added[0]));
  message = cs_workflow_editor_get_message (editor);
  g_assert_nonnull (strstr (message, "cycle"));
  {
    g_autofree char *walk = g_strdup ("New Service Call → New Action → New Decision → New Approval → New Service Call");
    if (strstr (message, walk) == NULL)
      g_error ("the message does not name the cycle: %s", message);
  }
  existing = cs_workflow_get_edge (workflow, 0);
  cs_dag_canvas_request_connect (canvas, cs_edge_get_to (existing), cs_edge_get_from (existing));
  g_assert_null (cs_workflow_find_edge (workflow, cs_edge_get_to (existing), cs_edge_get_from (existing)));
  /* Out of a terminal: refused too. */
  terminal = first_of_type (workflow, CS_STEP_TERMINAL);
  cs_dag_canvas_request_connect (canvas, cs_step_get_id (terminal), added[0]);
  g_assert_nonnull (strstr (cs_workflow_editor_get_message (editor), "terminal"));
  g_assert_cmpuint (cs_workflow_get_n_edges (workflow), ==, n_edges + 6);

  /* Moving pins the step where it was dropped. */
  {
    g_autoptr(GPtrArray) steps = g_ptr_array_new ();
    CsEditPoint point = { 424, 96 };
    CsStep *moved = cs_workflow_get_step (workflow, 0);
    double x, y;
    gboolean pinned;

    g_ptr_array_add (steps, moved);
    cs_dag_canvas_request_move (canvas, steps, &point);
    g_assert_true (cs_step_get_position (moved, &x, &y, &pinned));
    g_assert_true (pinned);
    g_assert_cmpfloat (x, ==, 424);
    g_assert_cmpfloat (y, ==, 96);
    cs_test_settle (50);
  }

  /* The settings panel: typing a name is one undo step. */
  cs_dag_canvas_select_step (canvas, added[0], FALSE);
  cs_test_settle (50);
  {
    AdwEntryRow *name = find_entry_row (GTK_WIDGET (cs_workflow_editor_get_step_panel (editor)), "Name");
    guint depth;

    g_assert_nonnull (name);
    depth = cs_edit_history_get_depth (history);
    gtk_editable_set_text (GTK_EDITABLE (name), "Check");
    gtk_editable_set_text (GTK_EDITABLE (name), "Check the Form");
    g_assert_cmpstr (cs_step_get_name (cs_workflow_find_step (workflow, added[0])), ==, "Check the Form");
    g_assert_cmpuint (cs_edit_history_get_depth (history), ==, depth + 1);
  }

  /* A branch condition that does not parse says where. */
  cs_dag_canvas_select_step (canvas, added[1], FALSE);
  cs_test_settle (50);
  {
    AdwEntryRow *condition = find_entry_row (GTK_WIDGET (cs_workflow_editor_get_step_panel (editor)),
                                             "→ New Approval");
    AdwActionRow *error;

    g_assert_nonnull (condition);
    gtk_editable_set_text (GTK_EDITABLE (condition), "amount >");
    cs_test_settle (20);
    error = find_error_row (GTK_WIDGET (cs_workflow_editor_get_step_panel (editor)));
    g_assert_nonnull (error);
    g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (error)), "Column "));
    gtk_editable_set_text (GTK_EDITABLE (condition), "amount > 100");
    cs_test_settle (20);
    g_assert_null (find_error_row (GTK_WIDGET (cs_workflow_editor_get_step_panel (editor))));
    g_assert_cmpstr (cs_edge_get_condition_source (cs_workflow_find_edge (workflow, added[1], added[2])), ==,
                     "amount > 100");
  }

  /* Duplicate, then delete, with the keyboard's actions. */
  cs_dag_canvas_select_step (canvas, added[2], FALSE);
  g_assert_true (activate (editor, "editor.duplicate", NULL));
  g_assert_cmpuint (cs_workflow_get_n_steps (workflow), ==, n_steps + 6);
  g_assert_nonnull (cs_workflow_find_step (workflow, "approval_2"));
  cs_dag_canvas_select_step (canvas, added[3], FALSE);
  g_assert_true (activate (editor, "editor.delete", NULL));
  g_assert_null (cs_workflow_find_step (workflow, added[3]));
  g_assert_null (cs_workflow_find_edge (workflow, added[2], added[3]));

  edited = cs_workflow_copy (workflow);
  g_assert_true (cs_workflow_editor_is_modified (editor));

  /* Undo everything: the workflow is the original again; redo: the edited one. */
  while (cs_edit_history_can_undo (history))
    g_assert_true (activate (editor, "editor.undo", NULL));
  g_assert_true (cs_workflow_equal (workflow, original));
  g_assert_false (cs_workflow_editor_is_modified (editor));
  while (cs_edit_history_can_redo (history))
    g_assert_true (activate (editor, "editor.redo", NULL));
  g_assert_true (cs_workflow_equal (workflow, edited));
  cs_test_settle (100);
  g_assert_true (cs_test_wait_until (laid_out, canvas, 20000));

  for (guint i = 0; i < G_N_ELEMENTS (added); i++)
    g_free (added[i]);
  gtk_window_destroy (window);
  cs_test_settle (50);
}

static void
test_edit_examples (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (example_files); i++)
    edit_session (example_files[i]);
}

/* Saving, through a stand-in for the store: versions with optimistic
 * concurrency, as two desktops on one database see them. */

typedef struct
{
  int         latest;        /* the newest version saved */
  gboolean    reachable;
  GPtrArray  *saved;         /* of CsWorkflow */
} Store;

typedef struct
{
  Store            *store;
  CsWorkflowEditor *editor;
  int               base;    /* the version this desktop loaded */
  guint             requests;
  guint             drafts;
  guint             reloads;
  gboolean          publish;
} Desktop;

static void
store_save (Desktop    *desktop,
            CsWorkflow *snapshot,
            gboolean    as_draft)
{
  g_autoptr(GError) error = NULL;

  if (!desktop->store->reachable)
    error = g_error_new (CS_ERROR, CS_ERROR_CONNECTION, "the database server closed the connection");
  else if (!as_draft && desktop->store->latest != desktop->base)
    error = g_error_new (CS_ERROR, CS_ERROR_CONFLICT, "Someone saved version %d of this workflow meanwhile.",
                         desktop->store->latest);
  if (error != NULL)
    {
      cs_workflow_editor_save_finished (desktop->editor, FALSE, error);
      return;
    }
  desktop->store->latest++;
  desktop->base = desktop->store->latest;
  cs_workflow_set_version (snapshot, desktop->store->latest);
  g_ptr_array_add (desktop->store->saved, g_object_ref (snapshot));
  cs_workflow_editor_save_finished (desktop->editor, TRUE, NULL);
}

static void
on_save_requested (CsWorkflowEditor *editor,
                   CsWorkflow       *snapshot,
                   gboolean          publish,
                   Desktop          *desktop)
{
  desktop->requests++;
  desktop->publish = publish;
  g_assert_true (cs_workflow_editor_get_saving (editor));
  /* A copy: the editor keeps its own draft. */
  g_assert_true (snapshot != cs_workflow_editor_get_workflow (editor));
  g_assert_true (cs_workflow_equal (snapshot, cs_workflow_editor_get_workflow (editor)));
  store_save (desktop, snapshot, FALSE);
}

static void
on_draft_requested (CsWorkflowEditor *editor,
                    CsWorkflow       *snapshot,
                    Desktop          *desktop)
{
  desktop->drafts++;
  store_save (desktop, snapshot, TRUE);
}

static void
on_reload_requested (CsWorkflowEditor *editor,
                     Desktop          *desktop)
{
  desktop->reloads++;
}

static void
desktop_init (Desktop          *desktop,
              Store            *store,
              CsWorkflowEditor *editor)
{
  desktop->store = store;
  desktop->editor = editor;
  desktop->base = store->latest;
  g_signal_connect (editor, "save-requested", G_CALLBACK (on_save_requested), desktop);
  g_signal_connect (editor, "save-as-draft-requested", G_CALLBACK (on_draft_requested), desktop);
  g_signal_connect (editor, "reload-requested", G_CALLBACK (on_reload_requested), desktop);
}

static void
rename_first_step (CsWorkflowEditor *editor,
                   const char       *name)
{
  CsWorkflow *workflow = cs_workflow_editor_get_workflow (editor);
  CsEditHistory *history = cs_workflow_editor_get_history (editor);
  CsStep *step = cs_workflow_get_step (workflow, 0);

  cs_edit_history_begin_step_change (history, step, "name");
  cs_step_set_name (step, name);
  cs_edit_history_end_step_change (history);
  cs_edit_history_break_merge (history);
}

static void
test_save_and_conflict (void)
{
  Store store = { 1, TRUE, g_ptr_array_new_with_free_func (g_object_unref) };
  CsWorkflowEditor *editor_a = cs_workflow_editor_new ();
  CsWorkflowEditor *editor_b = cs_workflow_editor_new ();
  g_autoptr(CsWorkflow) workflow_a = load_example ("business_licence.json");
  g_autoptr(CsWorkflow) workflow_b = load_example ("business_licence.json");
  GtkWindow *window_a = open_editor (editor_a, workflow_a, NULL);
  GtkWindow *window_b = open_editor (editor_b, workflow_b, NULL);
  Desktop a = { 0 }, b = { 0 };
  g_autoptr(GdkTexture) texture = NULL;
  guint depth;

  desktop_init (&a, &store, editor_a);
  desktop_init (&b, &store, editor_b);

  /* A moves a step, renames another and saves first: fine, the positions
   * go with the version, and the saved state is clean. */
  {
    g_autoptr(GPtrArray) steps = g_ptr_array_new ();
    CsEditPoint point = { 640, 320 };

    g_ptr_array_add (steps, cs_workflow_get_step (workflow_a, 3));
    cs_dag_canvas_request_move (cs_workflow_editor_get_canvas (editor_a), steps, &point);
  }
  rename_first_step (editor_a, "Validate the Application");
  g_assert_true (cs_workflow_editor_is_modified (editor_a));
  g_assert_true (activate (editor_a, "editor.save", NULL));
  g_assert_cmpuint (a.requests, ==, 1);
  g_assert_false (a.publish);
  g_assert_false (cs_workflow_editor_get_saving (editor_a));
  g_assert_false (cs_workflow_editor_is_modified (editor_a));
  g_assert_cmpint (store.latest, ==, 2);
  g_assert_cmpstr (cs_step_get_name (cs_workflow_get_step (g_ptr_array_index (store.saved, 0), 0)), ==,
                   "Validate the Application");
  {
    double x, y;
    gboolean pinned;

    g_assert_true (cs_step_get_position (cs_workflow_get_step (g_ptr_array_index (store.saved, 0), 3), &x, &y, &pinned));
    g_assert_true (pinned);
    g_assert_cmpfloat (x, ==, 640);
    g_assert_cmpfloat (y, ==, 320);
  }

  /* B, still on version 1, saves: a conflict, said so, nothing overwritten. */
  rename_first_step (editor_b, "Check the Application");
  depth = cs_edit_history_get_depth (cs_workflow_editor_get_history (editor_b));
  g_assert_true (activate (editor_b, "editor.save", NULL));
  g_assert_cmpuint (b.requests, ==, 1);
  g_assert_cmpint (store.latest, ==, 2);
  g_assert_cmpuint (store.saved->len, ==, 1);
  g_assert_true (cs_workflow_editor_is_conflict_shown (editor_b));
  g_assert_nonnull (strstr (cs_workflow_editor_get_message (editor_b), "Someone saved version 2"));
  g_assert_true (cs_workflow_editor_is_modified (editor_b));
  g_assert_cmpuint (cs_edit_history_get_depth (cs_workflow_editor_get_history (editor_b)), ==, depth);
  cs_test_settle (300);
  texture = cs_test_render_widget (GTK_WIDGET (window_b));
  cs_test_save_png (texture, "workflow-editor-conflict");

  /* B keeps its work as a separate draft… */
  g_assert_true (activate (editor_b, "editor.save-as-draft", NULL));
  g_assert_cmpuint (b.drafts, ==, 1);
  g_assert_false (cs_workflow_editor_is_conflict_shown (editor_b));
  g_assert_cmpint (store.latest, ==, 3);
  g_assert_cmpstr (cs_step_get_name (cs_workflow_get_step (g_ptr_array_index (store.saved, 1), 0)), ==,
                   "Check the Application");
  g_assert_cmpint (cs_workflow_get_status (g_ptr_array_index (store.saved, 1)), ==, CS_WORKFLOW_STATUS_DRAFT);

  /* …or reloads. */
  rename_first_step (editor_a, "Validate");
  g_assert_true (activate (editor_a, "editor.save", NULL));
  g_assert_true (cs_workflow_editor_is_conflict_shown (editor_a));
  g_assert_true (activate (editor_a, "editor.reload", NULL));
  g_assert_cmpuint (a.reloads, ==, 1);
  g_assert_false (cs_workflow_editor_is_conflict_shown (editor_a));

  /* The database goes away: the draft and its undo history stay. */
  store.reachable = FALSE;
  a.base = store.latest;
  depth = cs_edit_history_get_depth (cs_workflow_editor_get_history (editor_a));
  g_assert_true (activate (editor_a, "editor.save", NULL));
  g_assert_false (cs_workflow_editor_get_saving (editor_a));
  g_assert_true (cs_workflow_editor_is_modified (editor_a));
  g_assert_false (cs_workflow_editor_is_conflict_shown (editor_a));
  g_assert_cmpuint (cs_edit_history_get_depth (cs_workflow_editor_get_history (editor_a)), ==, depth);
  g_assert_true (cs_edit_history_can_undo (cs_workflow_editor_get_history (editor_a)));
  g_assert_nonnull (strstr (cs_workflow_editor_get_message (editor_a), "closed the connection"));
  g_assert_nonnull (strstr (cs_workflow_editor_get_message (editor_a), "undo history"));
  g_assert_cmpstr (cs_step_get_name (cs_workflow_get_step (workflow_a, 0)), ==, "Validate");

  /* Back again: the retry succeeds. */
  store.reachable = TRUE;
  g_assert_true (activate (editor_a, "editor.save", NULL));
  g_assert_false (cs_workflow_editor_is_modified (editor_a));

  gtk_window_destroy (window_a);
  gtk_window_destroy (window_b);
  g_ptr_array_unref (store.saved);
  cs_test_settle (50);
}

static void
test_publish_needs_no_errors (void)
{
  g_autoptr(CsWorkflow) workflow = load_example ("permit_renewal.json");
  CsWorkflowEditor *editor = cs_workflow_editor_new ();
  GtkWindow *window = open_editor (editor, workflow, NULL);
  Store store = { 1, TRUE, g_ptr_array_new_with_free_func (g_object_unref) };
  Desktop desktop = { 0 };

  desktop_init (&desktop, &store, editor);
  /* A new conditional with no branches: an error. */
  g_assert_true (activate (editor, "editor.add-step", "conditional"));
  g_assert_true (cs_problems_have_errors (cs_workflow_editor_get_problems (editor)));
  g_assert_true (activate (editor, "editor.publish", NULL));
  g_assert_cmpuint (desktop.requests, ==, 0);
  g_assert_nonnull (strstr (cs_workflow_editor_get_message (editor), "before publishing"));

  g_assert_true (activate (editor, "editor.undo", NULL));
  g_assert_false (cs_problems_have_errors (cs_workflow_editor_get_problems (editor)));
  g_assert_true (activate (editor, "editor.publish", NULL));
  g_assert_cmpuint (desktop.requests, ==, 1);
  g_assert_true (desktop.publish);

  gtk_window_destroy (window);
  g_ptr_array_unref (store.saved);
  cs_test_settle (50);
}

static void
test_read_only (void)
{
  g_autoptr(CsWorkflow) workflow = load_example ("complaint_handling.json");
  g_autoptr(CsWorkflow) original = cs_workflow_copy (workflow);
  CsWorkflowEditor *editor = cs_workflow_editor_new ();
  GtkWindow *window = open_editor (editor, workflow, NULL);
  CsDagCanvas *canvas = cs_workflow_editor_get_canvas (editor);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  CsEdge *edge = cs_workflow_get_edge (workflow, 0);
  g_autoptr(GPtrArray) steps = g_ptr_array_new ();
  CsEditPoint point = { 10, 10 };

  /* An officer looks: nothing can change. */
  cs_workflow_editor_set_read_only (editor, TRUE);
  g_assert_false (cs_workflow_editor_is_editable (editor));
  g_assert_false (cs_dag_canvas_get_editable (canvas));
  /* (Disabled actions are still "activated", to no effect.) */
  activate (editor, "editor.add-step", "action");
  cs_dag_canvas_select_step (canvas, cs_edge_get_from (edge), FALSE);
  activate (editor, "editor.delete", NULL);
  activate (editor, "editor.duplicate", NULL);
  activate (editor, "editor.relayout", NULL);
  activate (editor, "editor.save", NULL);
  g_assert_false (cs_workflow_editor_get_saving (editor));
  g_assert_false (cs_workflow_editor_connect_steps (editor, cs_edge_get_to (edge), cs_edge_get_from (edge), &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_PERMISSION);
  g_ptr_array_add (steps, cs_workflow_get_step (workflow, 0));
  cs_dag_canvas_request_move (canvas, steps, &point);
  g_assert_true (cs_workflow_equal (workflow, original));
  /* Looking around still works. */
  g_assert_true (activate (editor, "editor.zoom-in", NULL));
  g_assert_true (cs_dag_canvas_move_focus (canvas, GTK_DIR_TAB_FORWARD));
  cs_test_settle (300);
  texture = cs_test_render_widget (GTK_WIDGET (window));
  cs_test_save_png (texture, "workflow-editor-read-only");

  /* A published version is read-only for everyone. */
  cs_workflow_editor_set_read_only (editor, FALSE);
  g_assert_true (cs_workflow_editor_is_editable (editor));
  cs_workflow_set_status (workflow, CS_WORKFLOW_STATUS_PUBLISHED);
  g_assert_false (cs_workflow_editor_is_editable (editor));
  activate (editor, "editor.add-step", "terminal");
  g_assert_cmpuint (cs_workflow_get_n_steps (workflow), ==, cs_workflow_get_n_steps (original));

  gtk_window_destroy (window);
  cs_test_settle (50);
}

static void
test_bad_definition (void)
{
  static const char json[] =
    "{ \"key\": \"broken\", \"version\": 1, \"name\": \"Broken Process\", \"start\": \"intake\", \"steps\": ["
    "  { \"id\": \"intake\", \"type\": \"action\", \"name\": \"Intake\", \"config\": { \"handler\": \"data.validate_application\" } },"
    "  { \"id\": \"magic\", \"type\": \"teleport\", \"name\": \"Magic\" },"
    "  { \"type\": \"terminal\", \"name\": \"No Id\" },"
    "  { \"id\": \"review\", \"type\": \"approval\", \"name\": \"Review\", \"config\": { \"approvers\": [\"officer\"] } },"
    "  { \"id\": \"done\", \"type\": \"terminal\", \"name\": \"Done\", \"config\": { \"status\": \"success\" } } ],"
    "  \"edges\": [ { \"from\": \"intake\", \"to\": \"review\" },"
    "               { \"from\": \"review\", \"to\": \"intake\", \"kind\": \"rejected\" },"
    "               { \"from\": \"review\", \"to\": \"done\", \"kind\": \"approved\" } ] }";
  g_autoptr(GPtrArray) load_problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsWorkflow) workflow = cs_workflow_load_from_data (json, -1, &load_problems, &error);
  CsWorkflowEditor *editor = NULL;
  GtkWindow *window;
  GPtrArray *problems;
  g_autoptr(GdkTexture) texture = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (workflow);
  g_assert_cmpuint (load_problems->len, >, 0);

  editor = cs_workflow_editor_new ();
  window = open_editor (editor, workflow, load_problems);
  problems = cs_workflow_editor_get_problems (editor);
  /* The file's problems and the definition's, together. */
  g_assert_nonnull (cs_problems_find (problems, CS_PROBLEM_JSON, NULL));
  g_assert_nonnull (cs_problems_find (problems, CS_PROBLEM_CYCLE, NULL));
  g_assert_cmpuint (problems->len, >, load_problems->len);
  cs_test_settle (300);
  texture = cs_test_render_widget (GTK_WIDGET (window));
  cs_test_save_png (texture, "workflow-editor-problems");
  g_assert_cmpuint (cs_test_count_colors (texture), >, 50);

  gtk_window_destroy (window);
  cs_test_settle (50);
}

static void
test_import (void)
{
  g_autoptr(CsWorkflow) workflow = load_example ("citizen_registration.json");
  g_autoptr(CsWorkflow) original = cs_workflow_copy (workflow);
  g_autoptr(CsWorkflow) other = load_example ("permit_renewal.json");
  CsWorkflowEditor *editor = cs_workflow_editor_new ();
  GtkWindow *window = open_editor (editor, workflow, NULL);
  g_autofree char *path = example_path ("permit_renewal.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) junk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *junk_path = NULL;
  int fd;

  /* What dropping a .json file does. */
  g_assert_true (cs_workflow_editor_import_file (editor, file, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cs_workflow_get_key (workflow), ==, cs_workflow_get_key (original));
  g_assert_cmpstr (cs_workflow_get_name (workflow), ==, cs_workflow_get_name (other));
  g_assert_cmpuint (cs_workflow_get_n_steps (workflow), ==, cs_workflow_get_n_steps (other));
  g_assert_true (cs_test_wait_until (laid_out, cs_workflow_editor_get_canvas (editor), 20000));
  g_assert_true (activate (editor, "editor.undo", NULL));
  g_assert_true (cs_workflow_equal (workflow, original));

  /* Not JSON at all: refused with the reason, nothing changes. */
  fd = g_file_open_tmp ("cs-import-XXXXXX.json", &junk_path, NULL);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "this is not json", 16), ==, 16);
  close (fd);
  junk = g_file_new_for_path (junk_path);
  g_assert_false (cs_workflow_editor_import_file (editor, junk, &error));
  g_assert_nonnull (error);
  g_assert_true (cs_workflow_equal (workflow, original));
  g_remove (junk_path);

  gtk_window_destroy (window);
  cs_test_settle (50);
}

static void
screenshot (const char *file_name,
            const char *name,
            gboolean    dark,
            double      zoom)
{
  g_autoptr(CsWorkflow) workflow = load_example (file_name);
  CsWorkflowEditor *editor = cs_workflow_editor_new ();
  AdwStyleManager *styles = adw_style_manager_get_default ();
  GtkWindow *window;
  g_autoptr(GdkTexture) texture = NULL;
  CsStep *approval;

  adw_style_manager_set_color_scheme (styles, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  window = open_editor (editor, workflow, NULL);
  approval = first_of_type (workflow, CS_STEP_APPROVAL);
  cs_dag_canvas_select_step (cs_workflow_editor_get_canvas (editor), cs_step_get_id (approval), FALSE);
  if (zoom > 0)
    {
      cs_dag_canvas_set_zoom (cs_workflow_editor_get_canvas (editor), zoom);
      cs_dag_canvas_scroll_to_step (cs_workflow_editor_get_canvas (editor), cs_step_get_id (approval));
    }
  cs_test_settle (400);
  texture = cs_test_render_widget (GTK_WIDGET (window));
  cs_test_save_png (texture, name);
  g_assert_cmpuint (cs_test_count_colors (texture), >, 100);
  gtk_window_destroy (window);
  adw_style_manager_set_color_scheme (styles, ADW_COLOR_SCHEME_DEFAULT);
  cs_test_settle (50);
}

static void
test_screenshots (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.civicstream.CivicStream");

  screenshot ("citizen_registration.json", "workflow-editor", FALSE, 0);
  screenshot ("citizen_registration.json", "workflow-editor-detail", FALSE, 0.8);
  screenshot ("business_licence.json", "workflow-editor-dark", TRUE, 0);
  screenshot ("business_licence.json", "workflow-editor-dark-detail", TRUE, 0.8);
  /* The direction preference lays diagrams out top to bottom. */
  g_settings_set_enum (settings, "layout-direction", CS_LAYOUT_TOP_TO_BOTTOM);
  screenshot ("complaint_handling.json", "workflow-editor-top-to-bottom", FALSE, 0);
  g_settings_reset (settings, "layout-direction");
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's test accessibility backend records what the canvas tells
   * assistive technologies, and needs no accessibility bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The app's own icons, as CsApplication makes them available. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_BASE "/icons");

  g_test_add_func ("/workflow-editor/edit-examples", test_edit_examples);
  g_test_add_func ("/workflow-editor/save-and-conflict", test_save_and_conflict);
  g_test_add_func ("/workflow-editor/publish-needs-no-errors", test_publish_needs_no_errors);
  g_test_add_func ("/workflow-editor/read-only", test_read_only);
  g_test_add_func ("/workflow-editor/bad-definition", test_bad_definition);
  g_test_add_func ("/workflow-editor/import", test_import);
  g_test_add_func ("/workflow-editor/screenshots", test_screenshots);
  return g_test_run ();
}
