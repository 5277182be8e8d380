/* test-editing.c: designing a workflow from the Workflows page, saved in a real database
 *
 * The real application signs in as a designer, opens a published example in
 * the editor, and saves, publishes, meets a colleague's save, keeps its work
 * as a separate draft and reloads, all through the page's and the editor's
 * actions; each outcome is read back from PostgreSQL. An officer may look at
 * a definition but not change it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "core/cs-edit-history.h"
#include "core/cs-error.h"
#include "store/cs-version-item.h"
#include "store/cs-workflow-repo.h"
#include "gui/cs-application.h"
#include "gui/cs-window.h"
#include "gui/cs-workflow-editor.h"
#include "gui/cs-workflows-page.h"
#include "cs-test-cluster.h"
#include "cs-test-gui.h"

static struct
{
  char           *db;
  CsDbConnection *owner;
  char           *tenant;
  char           *designer;
  char           *colleague;
  char           *officer;
} world;

static char *
value (const char *sql,
       const char *param)
{
  g_autoptr(GError) error = NULL;
  char *v = cs_db_connection_query_value (world.owner, sql, param ? 1 : 0, (const char *[]) { param }, &error);

  g_assert_no_error (error);
  return v;
}

static gint64
count (const char *sql,
       const char *param)
{
  g_autofree char *v = value (sql, param);
  return g_ascii_strtoll (v, NULL, 10);
}

/* "version:status" of each version of the complaint workflow, oldest first. */
static char *
versions (void)
{
  return value ("SELECT string_agg (v.version || ':' || v.status, ' ' ORDER BY v.version)"
                " FROM workflow_versions v JOIN workflows w ON w.id = v.workflow_id"
                " WHERE w.key = 'complaint_handling'", NULL);
}

/* The name of @step as saved in @version. */
static char *
saved_name (int         version,
            const char *step)
{
  g_autofree char *v = g_strdup_printf ("%d", version);
  g_autofree char *sql = g_strdup_printf ("SELECT s ->> 'name' FROM workflow_versions v"
                                          " JOIN workflows w ON w.id = v.workflow_id,"
                                          " jsonb_array_elements (v.definition -> 'steps') s"
                                          " WHERE w.key = 'complaint_handling' AND v.version = $1::int"
                                          " AND s ->> 'id' = '%s'", step);
  return value (sql, v);
}

static void
world_set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDbConnection) as_designer = NULL;
  guint installed = 0;

  world.db = cs_test_cluster_create_database (TRUE);
  world.owner = cs_test_cluster_connect (world.db, NULL);
  world.tenant = cs_test_add_tenant (world.owner, "springfield");
  world.designer = g_strdup_printf ("%s_designer", world.db);
  world.colleague = g_strdup_printf ("%s_colleague", world.db);
  world.officer = g_strdup_printf ("%s_officer", world.db);
  cs_test_add_user (world.owner, world.designer, world.tenant, "designer");
  cs_test_add_user (world.owner, world.colleague, world.tenant, "designer");
  cs_test_add_user (world.owner, world.officer, world.tenant, "officer");

  as_designer = cs_test_cluster_connect (world.db, world.designer);
  g_assert_true (cs_workflow_repo_install_examples (as_designer, &installed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (installed, ==, 4);
}

static void
world_tear_down (void)
{
  g_clear_object (&world.owner);
  g_free (world.db);
  g_free (world.tenant);
  g_free (world.designer);
  g_free (world.colleague);
  g_free (world.officer);
}

/* Running the real application. */

typedef struct
{
  CsApplication *app;
  void         (*script) (CsApplication *app);
} Run;

static gboolean
run_script (gpointer user_data)
{
  Run *run = user_data;

  run->script (run->app);
  g_application_quit (G_APPLICATION (run->app));
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *app,
             Run          *run)
{
  g_idle_add (run_script, run);
}

static void
run_app_as (const char  *login,
            void       (*script) (CsApplication *app))
{
  g_autoptr(CsApplication) app = cs_application_new (G_APPLICATION_NON_UNIQUE);
  g_autofree char *url = cs_test_cluster_url (world.db, login);
  Run run = { app, script };
  char *argv[] = { (char *) "civicstream", NULL };

  g_setenv ("CIVICSTREAM_DATABASE_URL", url, TRUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
}

static gboolean
window_ready (gpointer data)
{
  CsWindow *window = data;
  return g_strcmp0 (cs_window_get_main_state (window), "pages") == 0 && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static gboolean
page_idle (gpointer data)
{
  return !cs_workflows_page_is_busy (CS_WORKFLOWS_PAGE (data));
}

static gboolean
editor_idle (gpointer data)
{
  return !cs_workflow_editor_get_saving (CS_WORKFLOW_EDITOR (data));
}

static GObject *
child (gpointer    widget,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), CS_TYPE_WORKFLOWS_PAGE, name);
  g_assert_nonnull (object);
  return object;
}

/* The Workflows page with the complaint workflow's published version shown. */
static CsWorkflowsPage *
complaint_page (CsApplication *app,
                CsWindow     **window_out)
{
  CsWindow *window = CS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  CsWorkflowsPage *page;

  g_assert_true (CS_IS_WINDOW (window));
  g_assert_true (cs_test_wait_until (window_ready, window, 30000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "workflows"));
  page = CS_WORKFLOWS_PAGE (cs_window_get_page (window, "workflows"));
  g_assert_true (cs_test_wait_until (page_idle, page, 15000));
  g_assert_true (cs_workflows_page_select_workflow (page, "complaint_handling"));
  g_assert_true (cs_test_wait_until (page_idle, page, 15000));
  g_assert_nonnull (cs_workflows_page_get_workflow (page));
  if (window_out)
    *window_out = window;
  return page;
}

static const char *
stack_page (CsWorkflowsPage *page)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (page, "stack")));
}

/* An undoable rename, as typing into the step panel's Name row does. */
static void
rename_step (CsWorkflowEditor *editor,
             const char       *step_id,
             const char       *name)
{
  CsEditHistory *history = cs_workflow_editor_get_history (editor);
  CsStep *step = cs_workflow_find_step (cs_workflow_editor_get_workflow (editor), step_id);

  g_assert_nonnull (step);
  cs_edit_history_begin_step_change (history, step, "name");
  cs_step_set_name (step, name);
  cs_edit_history_end_step_change (history);
  cs_edit_history_break_merge (history);
  g_assert_true (cs_workflow_editor_is_modified (editor));
}

static void
save (CsWorkflowEditor *editor,
      const char       *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), action, NULL));
  g_assert_true (cs_test_wait_until (editor_idle, editor, 15000));
  cs_test_settle (100);
}

static char *start_step;

static void
designer_script (CsApplication *app)
{
  CsWindow *window = NULL;
  CsWorkflowsPage *page = complaint_page (app, &window);
  CsWorkflowEditor *editor = CS_WORKFLOW_EDITOR (child (page, "editor"));
  GtkLabel *title = GTK_LABEL (child (page, "editor_title"));
  g_autofree char *before = versions ();
  g_autofree char *name = NULL;
  g_autofree char *original = NULL;

  g_assert_cmpstr (before, ==, "1:published");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (page, "edit_button"))));
  start_step = g_strdup (cs_workflow_get_start_step_id (cs_workflows_page_get_workflow (page)));
  original = saved_name (1, start_step);

  /* A published version opens as the next draft; nothing is saved yet. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "workflows.edit", NULL));
  g_assert_cmpstr (stack_page (page), ==, "editor");
  g_assert_true (cs_workflow_editor_is_editable (editor));
  g_assert_nonnull (strstr (gtk_label_get_label (title), "new draft after version 1"));
  g_assert_false (cs_workflow_editor_is_modified (editor));

  /* Saving makes version 2 a draft and leaves version 1 as it was. */
  rename_step (editor, start_step, "Receive the citizen's complaint");
  save (editor, "editor.save");
  g_assert_false (cs_workflow_editor_is_modified (editor));
  name = versions ();
  g_assert_cmpstr (name, ==, "1:published 2:draft");
  g_clear_pointer (&name, g_free);
  name = saved_name (2, start_step);
  g_assert_cmpstr (name, ==, "Receive the citizen's complaint");
  g_clear_pointer (&name, g_free);
  name = saved_name (1, start_step);
  g_assert_cmpstr (name, ==, original);
  g_clear_pointer (&name, g_free);
  g_assert_nonnull (strstr (gtk_label_get_label (title), "editing draft version 2"));

  /* Saving again changes the draft in place. */
  rename_step (editor, start_step, "Receive the complaint");
  save (editor, "editor.save");
  name = versions ();
  g_assert_cmpstr (name, ==, "1:published 2:draft");
  g_clear_pointer (&name, g_free);
  name = saved_name (2, start_step);
  g_assert_cmpstr (name, ==, "Receive the complaint");
  g_clear_pointer (&name, g_free);

  /* A colleague saves version 2 meanwhile. */
  {
    g_autoptr(CsDbConnection) colleague = cs_test_cluster_connect (world.db, world.colleague);
    g_autoptr(GError) error = NULL;
    g_autoptr(CsVersionInfo) info = NULL;
    g_autoptr(CsVersionInfo) saved = NULL;
    g_autofree char *id = value ("SELECT v.id FROM workflow_versions v JOIN workflows w ON w.id = v.workflow_id"
                                 " WHERE w.key = 'complaint_handling' AND v.version = 2", NULL);
    g_autoptr(CsWorkflow) theirs = cs_workflow_repo_load (colleague, id, &info, &error);

    g_assert_no_error (error);
    cs_step_set_name (cs_workflow_find_step (theirs, start_step), "Colleague's name");
    saved = cs_workflow_repo_save (colleague, theirs, info, &error);
    g_assert_no_error (error);
    g_assert_nonnull (saved);
  }

  /* Our save does not overwrite it: the editor says so and keeps our work. */
  rename_step (editor, start_step, "Our name");
  save (editor, "editor.save");
  g_assert_true (cs_workflow_editor_is_conflict_shown (editor));
  g_assert_true (cs_workflow_editor_is_modified (editor));
  g_assert_nonnull (strstr (cs_workflow_editor_get_message (editor), "Someone else saved version 2 of complaint_handling"));
  name = saved_name (2, start_step);
  g_assert_cmpstr (name, ==, "Colleague's name");
  g_clear_pointer (&name, g_free);
  {
    g_autoptr(GdkTexture) texture = NULL;
    cs_test_settle (300);
    texture = cs_test_render_widget (GTK_WIDGET (window));
    g_free (cs_test_save_png (texture, "editing-conflict"));
    g_assert_cmpuint (cs_test_count_colors (texture), >, 20);
  }

  /* …and keeps it as a draft of its own. */
  save (editor, "editor.save-as-draft");
  g_assert_false (cs_workflow_editor_is_conflict_shown (editor));
  g_assert_false (cs_workflow_editor_is_modified (editor));
  name = versions ();
  g_assert_cmpstr (name, ==, "1:published 2:draft 3:draft");
  g_clear_pointer (&name, g_free);
  name = saved_name (3, start_step);
  g_assert_cmpstr (name, ==, "Our name");
  g_clear_pointer (&name, g_free);
  name = saved_name (2, start_step);
  g_assert_cmpstr (name, ==, "Colleague's name");
  g_clear_pointer (&name, g_free);
  g_assert_nonnull (strstr (gtk_label_get_label (title), "editing draft version 3"));

  /* Publishing a definition with errors is refused and changes nothing. */
  {
    CsStep *stray = cs_workflow_editor_add_step (editor, CS_STEP_ACTION, 40, 40);
    g_assert_nonnull (stray);
  }
  save (editor, "editor.publish");
  name = versions ();
  g_assert_cmpstr (name, ==, "1:published 2:draft 3:draft");
  g_clear_pointer (&name, g_free);
  g_assert_true (cs_workflow_editor_is_modified (editor));

  /* Undone, it publishes: version 3 replaces version 1 for new instances. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.undo", NULL));
  save (editor, "editor.publish");
  g_assert_false (cs_workflow_editor_is_modified (editor));
  name = versions ();
  g_assert_cmpstr (name, ==, "1:retired 2:draft 3:published");
  g_clear_pointer (&name, g_free);
  g_assert_nonnull (strstr (gtk_label_get_label (title), "new draft after version 3"));

  /* Reloading shows the newest version, whoever saved it. */
  g_assert_cmpint (count ("SELECT count(*) FROM workflow_versions WHERE version = 3", NULL), >=, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.reload", NULL));
  g_assert_true (cs_test_wait_until (editor_idle, editor, 15000));
  cs_test_settle (300);
  g_assert_cmpstr (cs_step_get_name (cs_workflow_find_step (cs_workflow_editor_get_workflow (editor), start_step)),
                   ==, "Our name");

  /* Closing with unsaved edits asks first; closing a saved editor does not. */
  rename_step (editor, start_step, "Unsaved");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "workflows.close-editor", NULL));
  cs_test_settle (200);
  g_assert_cmpstr (stack_page (page), ==, "editor");
  {
    GtkWindow *dialog = NULL;
    GListModel *toplevels = gtk_window_get_toplevels ();
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
        if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
          dialog = w;
      }
    g_assert_nonnull (dialog);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "discard");
  }
  cs_test_settle (200);
  g_assert_cmpstr (stack_page (page), ==, "workflows");
  name = saved_name (3, start_step);
  g_assert_cmpstr (name, ==, "Our name");
}

static void
test_designer_edits (void)
{
  run_app_as (world.designer, designer_script);
}

/* An officer sees the definition read-only. */
static void
officer_script (CsApplication *app)
{
  CsWorkflowsPage *page = complaint_page (app, NULL);
  CsWorkflowEditor *editor = CS_WORKFLOW_EDITOR (child (page, "editor"));

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (page, "edit_button"))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "workflows.edit", NULL));
  g_assert_false (cs_workflow_editor_is_editable (editor));
  g_assert_null (cs_workflow_editor_add_step (editor, CS_STEP_ACTION, 10, 10));
}

static void
test_officer_reads (void)
{
  g_autofree char *before = versions ();
  g_autofree char *after = NULL;

  run_app_as (world.officer, officer_script);
  after = versions ();
  g_assert_cmpstr (after, ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  settings = g_settings_new ("org.civicstream.CivicStream");
  g_settings_set_int (settings, "window-width", 1280);
  g_settings_set_int (settings, "window-height", 820);
  world_set_up ();
  g_test_add_func ("/editing/designer", test_designer_edits);
  g_test_add_func ("/editing/officer", test_officer_reads);
  ret = g_test_run ();
  world_tear_down ();
  g_free (start_step);
  return ret;
}
