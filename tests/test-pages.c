/* test-pages.c: the Approvals and Workflows pages on a real database, under a real display
 *
 * The four example workflows run on a worker pool with an engine, as the
 * engine tests run them, until approval tasks are open for several
 * agencies; then the real application signs in as one officer or designer
 * and the tests drive its pages through their actions and check the
 * database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "core/cs-error.h"
#include "store/cs-approval-item.h"
#include "store/cs-approval-repo.h"
#include "store/cs-instance-item.h"
#include "store/cs-step-execution-item.h"
#include "store/cs-workflow-item.h"
#include "store/cs-workflow-repo.h"
#include "workers/cs-engine.h"
#include "gui/cs-application.h"
#include "gui/cs-approvals-page.h"
#include "gui/cs-dag-canvas.h"
#include "gui/cs-data-list.h"
#include "gui/cs-run-step-dialog.h"
#include "gui/cs-start-instance-dialog.h"
#include "gui/cs-timeline-view.h"
#include "gui/cs-window.h"
#include "gui/cs-workflows-page.h"
#include "cs-test-cluster.h"
#include "cs-test-gui.h"

typedef struct
{
  char           *db;
  CsDbConnection *owner;
  char           *tenant;
  char           *admin;
  char           *designer;
  char           *officer;        /* General Services */
  char           *colleague;      /* General Services too */
  char           *works_officer;  /* Public Works Department, approver role public_works_officer */
  CsEngine       *engine;
  CsWorkerPool   *pool;
} World;

static World world;

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

static char *
id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static gint64
start_instance (const char *key,
                const char *json,
                const char *subject)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  g_autoptr(CsDbConnection) conn = cs_test_cluster_connect (world.db, world.admin);
  gint64 id;

  g_assert_no_error (error);
  id = cs_engine_start_instance (world.engine, conn, key, json_node_get_object (node), NULL, subject, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
add_agency_user (const char *login,
                 const char *role,
                 const char *agency_id,
                 const char *approver_roles)
{
  g_autoptr(GError) error = NULL;

  cs_test_add_user (world.owner, login, world.tenant, role);
  cs_db_connection_command (world.owner,
                            "UPDATE app_users SET agency_id = $2::uuid, approver_roles = $3::text[]"
                            " WHERE login_role = $1",
                            3, (const char *[]) { login, agency_id, approver_roles }, &error);
  g_assert_no_error (error);
}

static void
complaint (const char *subject,
           const char *description,
           const char *citizen)
{
  g_autofree char *json = g_strdup_printf ("{\"subject\": \"%s\", \"description\": \"%s\", \"citizen_name\": \"%s\","
                                           " \"notify_by\": \"email\", \"email\": \"citizen@example.org\","
                                           " \"channel\": \"web\", \"address\": {\"street\": \"Elm Road 4\","
                                           " \"town\": \"Springfield\"}}",
                                           subject, description, citizen);
  start_instance ("complaint_handling", json, subject);
}

/* Once per program: a tenant whose approval tasks wait for three agencies. */
static void
world_set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDbConnection) as_designer = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *general = NULL;
  g_autofree char *works = NULL;
  guint installed = 0;
  gint64 deadline;

  world.db = cs_test_cluster_create_database (TRUE);
  world.owner = cs_test_cluster_connect (world.db, NULL);
  world.tenant = cs_test_add_tenant (world.owner, "springfield");
  world.admin = g_strdup_printf ("%s_admin", world.db);
  world.designer = g_strdup_printf ("%s_designer", world.db);
  world.officer = g_strdup_printf ("%s_officer", world.db);
  world.colleague = g_strdup_printf ("%s_colleague", world.db);
  world.works_officer = g_strdup_printf ("%s_works", world.db);

  general = value ("INSERT INTO agencies (tenant_id, name) VALUES ($1::uuid, 'General Services') RETURNING id",
                   world.tenant);
  works = value ("INSERT INTO agencies (tenant_id, name) VALUES ($1::uuid, 'Public Works Department') RETURNING id",
                 world.tenant);
  /* The registration's approval is for the Civil Registry, where nobody here works. */
  g_free (value ("INSERT INTO agencies (tenant_id, name) VALUES ($1::uuid, 'Civil Registry') RETURNING id",
                 world.tenant));
  cs_test_add_user (world.owner, world.admin, world.tenant, "administrator");
  cs_test_add_user (world.owner, world.designer, world.tenant, "designer");
  add_agency_user (world.officer, "officer", general, "{}");
  add_agency_user (world.colleague, "officer", general, "{}");
  add_agency_user (world.works_officer, "officer", works, "{public_works_officer}");

  as_designer = cs_test_cluster_connect (world.db, world.designer);
  g_assert_true (cs_workflow_repo_install_examples (as_designer, &installed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (installed, ==, 4);

  world.engine = cs_engine_new ();
  conninfo = cs_test_cluster_conninfo (world.db, world.admin);
  world.pool = cs_worker_pool_new (conninfo, NULL, 2);
  cs_worker_pool_set_poll_interval (world.pool, 100);
  cs_engine_attach (world.engine, world.pool);
  cs_worker_pool_start (world.pool);

  /* Routed to General Services: no department's keywords. */
  complaint ("Fallen tree across the park path", "A big tree fell over in the storm last night", "Ada Lovelace");
  complaint ("Broken bench in the town square", "One of the benches lost its backrest", "Alan Turing");
  complaint ("Graffiti on the library wall", "Somebody painted the north wall of the library", "Grace Hopper");
  complaint ("Playground gate does not close", "The gate of the playground swings open", "Edsger Dijkstra");
  /* Routed to the Public Works Department. */
  complaint ("Pothole on Main Street", "A deep pothole in the road near the bakery", "Barbara Liskov");
  /* Civil Registry: an adult's registration. */
  start_instance ("citizen_registration",
                  "{\"first_name\": \"Katherine\", \"last_name\": \"Johnson\", \"id_number\": \"P1234567\","
                  " \"id_document\": \"passport\", \"date_of_birth\": \"1980-08-26\", \"email\": \"kj@example.org\"}",
                  "Katherine Johnson");

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (count ("SELECT count(*) FROM approval_tasks WHERE status = 'open'", NULL) < 6)
    {
      g_autofree char *failed = value ("SELECT coalesce (string_agg (error, '; '), '') FROM workflow_instances"
                                       " WHERE status = 'failed'", NULL);
      g_assert_cmpstr (failed, ==, "");
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
    }
}

static void
world_tear_down (void)
{
  cs_worker_pool_stop (world.pool);
  g_clear_object (&world.pool);
  g_clear_object (&world.engine);
  g_clear_object (&world.owner);
  g_free (world.db);
  g_free (world.tenant);
  g_free (world.admin);
  g_free (world.designer);
  g_free (world.officer);
  g_free (world.colleague);
  g_free (world.works_officer);
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

static CsWindow *
ready_window (CsApplication *app,
              const char    *page)
{
  CsWindow *window = CS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));

  g_assert_true (CS_IS_WINDOW (window));
  g_assert_true (cs_test_wait_until (window_ready, window, 30000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", page));
  cs_test_settle (300);
  return window;
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  cs_test_settle (400);
  texture = cs_test_render_widget (widget);
  path = cs_test_save_png (texture, name);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (cs_test_count_colors (texture), >, 20);
}

static GObject *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);
  g_assert_nonnull (object);
  return object;
}

/* The Approvals page, signed in as an officer of General Services. */

static gint64 overdue_task;

static gboolean
approvals_idle (gpointer data)
{
  return !cs_approvals_page_is_busy (CS_APPROVALS_PAGE (data));
}

static gint64
task_at (CsApprovalsPage *page,
         guint            position)
{
  g_autoptr(CsApprovalItem) item = g_list_model_get_item (cs_approvals_page_get_tasks (page), position);
  g_assert_nonnull (item);
  return cs_approval_item_get_task_id (item);
}

static GArray *
listed_tasks (CsApprovalsPage *page)
{
  GListModel *tasks = cs_approvals_page_get_tasks (page);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < g_list_model_get_n_items (tasks); i++)
    {
      gint64 id = task_at (page, i);
      g_array_append_val (ids, id);
    }
  return ids;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static char *
task_field (gint64      task,
            const char *field)
{
  g_autofree char *id = id_text (task);
  g_autofree char *sql = g_strdup_printf ("SELECT %s::text FROM approval_tasks WHERE id = $1::bigint", field);
  return value (sql, id);
}

static gboolean
instance_ended (gpointer data)
{
  g_autofree char *id = id_text (*(gint64 *) data);
  return count ("SELECT count(*) FROM workflow_instances WHERE id = $1::bigint AND status <> 'running'", id) == 1;
}

static void
decide (CsApprovalsPage *page,
        gint64           task,
        const char      *comment,
        const char      *action)
{
  GtkEntry *comment_entry = GTK_ENTRY (child (page, CS_TYPE_APPROVALS_PAGE, "comment_entry"));

  g_assert_true (cs_approvals_page_select_task (page, task));
  gtk_editable_set_text (GTK_EDITABLE (comment_entry), comment);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), action, NULL));
  g_assert_true (cs_test_wait_until (approvals_idle, page, 15000));
  cs_test_settle (100);
}

typedef struct
{
  CsApprovalsPage *page;
  gint64           task;
  gboolean         listed;   /* what to wait for */
} LiveWait;

static gboolean
task_listed_is (gpointer data)
{
  LiveWait *wait = data;
  GListModel *tasks = cs_approvals_page_get_tasks (wait->page);
  gboolean listed = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (tasks) && !listed; i++)
    {
      g_autoptr(CsApprovalItem) item = g_list_model_get_item (tasks, i);
      listed = cs_approval_item_get_task_id (item) == wait->task;
    }
  return listed == wait->listed;
}

static gboolean
new_task_exists (gpointer data)
{
  g_autofree char *since = id_text (*(gint64 *) data);
  return count ("SELECT count(*) FROM approval_tasks WHERE id > $1::bigint AND agency = 'General Services'",
                since) > 0;
}

static void
approvals_script (CsApplication *app)
{
  CsWindow *window = ready_window (app, "approvals");
  CsApprovalsPage *page = CS_APPROVALS_PAGE (cs_window_get_page (window, "approvals"));
  GtkLabel *feedback = GTK_LABEL (child (page, CS_TYPE_APPROVALS_PAGE, "feedback_label"));
  GtkInfoBar *banner = GTK_INFO_BAR (child (page, CS_TYPE_APPROVALS_PAGE, "banner"));
  GtkLabel *banner_label = GTK_LABEL (child (page, CS_TYPE_APPROVALS_PAGE, "banner_label"));
  GtkWidget *workflows = cs_window_get_page (window, "workflows");
  g_autoptr(GArray) shown = NULL;
  g_autofree char *expected_text = NULL;
  g_autofree char *status = NULL;
  g_autofree char *outcome = NULL;
  g_auto(GStrv) expected = NULL;
  gint64 approved, refused, taken;
  guint n;

  g_assert_true (CS_IS_APPROVALS_PAGE (page));
  g_assert_true (cs_test_wait_until (approvals_idle, page, 15000));
  cs_test_settle (200);

  /* Exactly the open tasks of the officer's agency that an officer may
   * decide: not the Public Works task, not the Civil Registry one. */
  expected_text = value ("SELECT string_agg (id::text, ',' ORDER BY id) FROM approval_tasks"
                         " WHERE status = 'open' AND agency = 'General Services' AND 'officer' = ANY (roles)", NULL);
  expected = g_strsplit (expected_text, ",", -1);
  g_assert_cmpuint (g_strv_length (expected), ==, 4);
  g_assert_cmpint (count ("SELECT count(*) FROM approval_tasks WHERE status = 'open'", NULL), ==, 6);
  shown = listed_tasks (page);
  g_array_sort (shown, compare_ids);
  g_assert_cmpuint (shown->len, ==, g_strv_length (expected));
  for (guint i = 0; i < shown->len; i++)
    g_assert_cmpint (g_array_index (shown, gint64, i), ==, g_ascii_strtoll (expected[i], NULL, 10));

  /* Overdue first. */
  g_assert_cmpint (task_at (page, 0), ==, overdue_task);
  {
    g_autoptr(CsApprovalItem) item = g_list_model_get_item (cs_approvals_page_get_tasks (page), 0);
    g_assert_true (cs_approval_item_get_overdue (item));
  }

  /* The selected task shows its application's data, flattened. */
  g_assert_true (cs_approvals_page_select_task (page, task_at (page, 0)));
  {
    CsDataList *data = CS_DATA_LIST (child (page, CS_TYPE_APPROVALS_PAGE, "data_list"));
    g_autofree char *id = id_text (task_at (page, 0));
    g_autofree char *town = value ("SELECT i.data #>> '{address,town}' FROM approval_tasks t"
                                   " JOIN workflow_instances i ON i.id = t.instance_id WHERE t.id = $1::bigint", id);
    g_assert_cmpstr (cs_data_list_get_value (data, "address.town"), ==, town);
  }
  screenshot (GTK_WIDGET (window), "page-approvals");

  /* Approving removes the task and the instance goes on to its end. */
  n = g_list_model_get_n_items (cs_approvals_page_get_tasks (page));
  approved = task_at (page, 0);
  decide (page, approved, "Checked on site; the park crew will handle it.", "approvals.approve");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (feedback)));
  g_assert_cmpuint (g_list_model_get_n_items (cs_approvals_page_get_tasks (page)), ==, n - 1);
  status = task_field (approved, "status");
  g_assert_cmpstr (status, ==, "approved");
  {
    g_autofree char *id = id_text (approved);
    gint64 instance = count ("SELECT instance_id FROM approval_tasks WHERE id = $1::bigint", id);
    g_autofree char *iid = id_text (instance);

    g_assert_true (cs_test_wait_until (instance_ended, &instance, 30000));
    outcome = value ("SELECT status || ' ' || outcome FROM workflow_instances WHERE id = $1::bigint", iid);
    g_assert_cmpstr (outcome, ==, "completed SUCCESS");
    g_assert_cmpint (count ("SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                            " AND step_id = 'resolve_complaint' AND status = 'completed'", iid), ==, 1);
  }

  /* Rejecting without a comment is refused, and says why. */
  refused = task_at (page, 0);
  decide (page, refused, "  ", "approvals.reject");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (feedback)));
  g_assert_nonnull (strstr (gtk_label_get_label (feedback), "comment"));
  g_free (status);
  status = task_field (refused, "status");
  g_assert_cmpstr (status, ==, "open");
  g_assert_cmpuint (g_list_model_get_n_items (cs_approvals_page_get_tasks (page)), ==, n - 1);
  screenshot (GTK_WIDGET (window), "page-approvals-reject-refused");

  /* A colleague decides a listed task first: the database's refusal shows
   * and the list no longer offers the task. */
  taken = task_at (page, 1);
  {
    g_autoptr(CsDbConnection) colleague = cs_test_cluster_connect (world.db, world.colleague);
    g_autoptr(GError) error = NULL;
    g_autofree char *id = id_text (taken);

    cs_db_connection_command (colleague, "SELECT cs_approval_decide ($1::bigint, 'approved', 'done')",
                              1, (const char *[]) { id }, &error);
    g_assert_no_error (error);
  }
  decide (page, taken, "", "approvals.approve");
  g_assert_true (gtk_info_bar_get_revealed (banner));
  g_assert_nonnull (strstr (gtk_label_get_label (banner_label), "already approved"));
  g_assert_true (cs_test_wait_until (approvals_idle, page, 15000));
  g_assert_false (cs_approvals_page_select_task (page, taken));
  g_assert_cmpuint (g_list_model_get_n_items (cs_approvals_page_get_tasks (page)), ==, n - 2);
  screenshot (GTK_WIDGET (window), "page-approvals-conflict");

  /* With a comment the rejection goes through. */
  decide (page, refused, "Not a council matter: the playground is private.", "approvals.reject");
  g_free (status);
  status = task_field (refused, "status");
  g_assert_cmpstr (status, ==, "rejected");
  g_assert_false (cs_approvals_page_select_task (page, refused));

  /* Live: what happens elsewhere shows without a reload. A colleague
   * decides a listed task on another connection: it leaves the list. */
  n = g_list_model_get_n_items (cs_approvals_page_get_tasks (page));
  if (n > 0)
    {
      g_autoptr(CsDbConnection) colleague = cs_test_cluster_connect (world.db, world.colleague);
      g_autoptr(GError) error = NULL;
      LiveWait wait = { page, task_at (page, 0), FALSE };
      g_autofree char *id = id_text (wait.task);

      cs_db_connection_command (colleague, "SELECT cs_approval_decide ($1::bigint, 'approved', 'seen to')",
                                1, (const char *[]) { id }, &error);
      g_assert_no_error (error);
      g_assert_true (cs_test_wait_until (task_listed_is, &wait, 5000));
      g_assert_cmpuint (g_list_model_get_n_items (cs_approvals_page_get_tasks (page)), ==, n - 1);
    }
  /* A new complaint reaches General Services: its task appears. */
  {
    gint64 before = count ("SELECT coalesce (max (id), 0) FROM approval_tasks", NULL);
    g_autofree char *since = id_text (before);
    LiveWait wait = { page, 0, TRUE };

    complaint ("Bus shelter glass shattered", "The glass of the shelter on Oak Lane is broken", "Margaret Hamilton");
    g_assert_true (cs_test_wait_until (new_task_exists, &before, 30000));
    wait.task = count ("SELECT min (id) FROM approval_tasks WHERE id > $1::bigint AND agency = 'General Services'",
                       since);
    g_assert_true (cs_test_wait_until (task_listed_is, &wait, 5000));
  }

  /* Officers see workflows but do not manage them. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (workflows, CS_TYPE_WORKFLOWS_PAGE, "start_button"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (workflows, CS_TYPE_WORKFLOWS_PAGE, "run_step_button"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (workflows, CS_TYPE_WORKFLOWS_PAGE, "export_button"))));
}

static void
test_approvals (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  /* The newest General Services task is past its deadline: the page lists
   * it first, whatever the order of the others. */
  overdue_task = count ("SELECT max (id) FROM approval_tasks WHERE status = 'open' AND agency = 'General Services'",
                        NULL);
  id = id_text (overdue_task);
  cs_db_connection_command (world.owner, "UPDATE approval_tasks SET due_at = now () - interval '3 hours'"
                                         " WHERE id = $1::bigint", 1, (const char *[]) { id }, &error);
  g_assert_no_error (error);
  run_app_as (world.officer, approvals_script);
}

/* The Workflows page, signed in as a designer. */

static gboolean
workflows_idle (gpointer data)
{
  return !cs_workflows_page_is_busy (CS_WORKFLOWS_PAGE (data));
}

static gboolean
canvas_laid_out (gpointer data)
{
  return cs_dag_canvas_is_laid_out (CS_DAG_CANVAS (data)) && !cs_dag_canvas_is_busy (CS_DAG_CANVAS (data));
}

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* owned by GTK */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;   /* GTK keeps toplevels alive */
    }
  return NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

static gboolean
run_finished (gpointer data)
{
  return !cs_run_step_dialog_is_running (CS_RUN_STEP_DIALOG (data));
}

static gint64 n_started_before;

static gboolean
one_more_instance (gpointer data)
{
  return count ("SELECT count(*) FROM workflow_instances w JOIN workflows f ON f.id = w.workflow_id"
                " WHERE f.key = 'complaint_handling'", NULL) == n_started_before + 1;
}

static void
check_timeline (CsWorkflowsPage *page,
                gint64           instance)
{
  CsTimelineView *timeline = CS_TIMELINE_VIEW (child (page, CS_TYPE_WORKFLOWS_PAGE, "timeline_view"));
  CsDataList *data = CS_DATA_LIST (child (page, CS_TYPE_WORKFLOWS_PAGE, "data_list"));
  g_autofree char *id = id_text (instance);
  g_autofree char *steps = value ("SELECT string_agg (step_id || ':' || status, ',' ORDER BY enqueued_at, id)"
                                  " FROM step_executions WHERE instance_id = $1::bigint", id);
  g_autofree char *subject = value ("SELECT data->>'subject' FROM workflow_instances WHERE id = $1::bigint", id);
  g_autoptr(GString) shown = g_string_new (NULL);
  GListModel *rows = cs_timeline_view_get_rows (timeline);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(CsStepExecutionItem) row = g_list_model_get_item (rows, i);

      g_assert_cmpint (cs_step_execution_item_get_instance_id (row), ==, instance);
      g_string_append_printf (shown, "%s%s:%s", i ? "," : "", cs_step_execution_item_get_step_id (row),
                              cs_step_execution_item_get_status (row));
      /* Completed steps carry their timings. */
      if (g_str_equal (cs_step_execution_item_get_status (row), "completed"))
        {
          g_assert_cmpfloat (cs_step_execution_item_get_queue_ms (row), >=, 0);
          g_assert_cmpfloat (cs_step_execution_item_get_execution_ms (row), >=, 0);
          g_assert_cmpint (cs_step_execution_item_get_completed_at (row), >=,
                           cs_step_execution_item_get_started_at (row));
        }
    }
  g_assert_cmpstr (shown->str, ==, steps);
  g_assert_cmpstr (cs_data_list_get_value (data, "subject"), ==, subject);
}

typedef struct
{
  GListModel *instances;
  gint64      id;
} InstanceWait;

/* Listed, and at the approval its routing leads to. */
static gboolean
instance_listed_waiting (gpointer data)
{
  InstanceWait *wait = data;

  for (guint i = 0; i < g_list_model_get_n_items (wait->instances); i++)
    {
      g_autoptr(CsInstanceItem) item = g_list_model_get_item (wait->instances, i);
      if (cs_instance_item_get_id (item) == wait->id)
        return strstr (cs_instance_item_get_current_steps (item), "Investigation") != NULL;
    }
  return FALSE;
}

static void
workflows_script (CsApplication *app)
{
  CsWindow *window = ready_window (app, "workflows");
  CsWorkflowsPage *page = CS_WORKFLOWS_PAGE (cs_window_get_page (window, "workflows"));
  CsDagCanvas *canvas = CS_DAG_CANVAS (child (page, CS_TYPE_WORKFLOWS_PAGE, "canvas"));
  GListModel *workflows;
  GListModel *instances;
  CsStartInstanceDialog *start;
  CsRunStepDialog *run;
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(CsInstanceItem) first = NULL;
  gint64 expected_instances;

  g_assert_true (CS_IS_WORKFLOWS_PAGE (page));
  g_assert_true (cs_test_wait_until (workflows_idle, page, 15000));

  /* The four examples, each with its published version. */
  workflows = cs_workflows_page_get_workflows (page);
  g_assert_cmpuint (g_list_model_get_n_items (workflows), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(CsWorkflowItem) item = g_list_model_get_item (workflows, i);
      g_assert_nonnull (cs_workflow_item_get_published (item));
      g_hash_table_add (keys, (gpointer) cs_workflow_item_get_key (item));
    }
  g_assert_true (g_hash_table_contains (keys, "citizen_registration"));
  g_assert_true (g_hash_table_contains (keys, "business_licence"));
  g_assert_true (g_hash_table_contains (keys, "permit_renewal"));
  g_assert_true (g_hash_table_contains (keys, "complaint_handling"));

  /* Selecting one shows its diagram and its instances. */
  g_assert_true (cs_workflows_page_select_workflow (page, "complaint_handling"));
  g_assert_true (cs_test_wait_until (workflows_idle, page, 15000));
  g_assert_cmpstr (cs_version_item_get_key (cs_workflows_page_get_version (page)), ==, "complaint_handling");
  g_assert_nonnull (cs_dag_canvas_get_workflow (canvas));
  g_assert_cmpstr (cs_workflow_get_key (cs_dag_canvas_get_workflow (canvas)), ==, "complaint_handling");
  g_assert_cmpuint (cs_workflow_get_n_steps (cs_dag_canvas_get_workflow (canvas)), ==, 14);
  g_assert_true (cs_test_wait_until (canvas_laid_out, canvas, 15000));

  expected_instances = count ("SELECT count(*) FROM workflow_instances i JOIN workflows w ON w.id = i.workflow_id"
                              " WHERE w.key = 'complaint_handling'", NULL);
  instances = cs_workflows_page_get_instances (page);
  g_assert_cmpint (g_list_model_get_n_items (instances), ==, expected_instances);
  /* Newest first. */
  first = g_list_model_get_item (instances, 0);
  g_assert_cmpint (cs_instance_item_get_id (first), ==,
                   count ("SELECT max (i.id) FROM workflow_instances i JOIN workflows w ON w.id = i.workflow_id"
                          " WHERE w.key = 'complaint_handling'", NULL));

  /* Selecting an instance shows its timeline as the database has it. */
  g_assert_true (cs_workflows_page_select_instance (page, cs_instance_item_get_id (first)));
  g_assert_true (cs_test_wait_until (workflows_idle, page, 15000));
  check_timeline (page, cs_instance_item_get_id (first));
  screenshot (GTK_WIDGET (window), "page-workflows");
  gtk_stack_set_visible_child_name (GTK_STACK (child (page, CS_TYPE_WORKFLOWS_PAGE, "detail_views")), "data");
  screenshot (GTK_WIDGET (window), "page-workflows-data");
  gtk_stack_set_visible_child_name (GTK_STACK (child (page, CS_TYPE_WORKFLOWS_PAGE, "detail_views")), "timeline");

  /* Back to the list: nothing selected, every instance listed. */
  g_assert_true (gtk_widget_activate (GTK_WIDGET (child (page, CS_TYPE_WORKFLOWS_PAGE, "back_button"))));
  cs_test_settle (400);   /* a button activated by the keyboard clicks after its press animation */
  g_assert_null (gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (child (page, CS_TYPE_WORKFLOWS_PAGE,
                                                                                      "instance_selection"))));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (page, CS_TYPE_WORKFLOWS_PAGE,
                                                                       "instances_stack"))), ==, "list");
  screenshot (GTK_WIDGET (window), "page-workflows-instances");

  /* Start Instance: invalid JSON says where and starts nothing. */
  n_started_before = count ("SELECT count(*) FROM workflow_instances i JOIN workflows w ON w.id = i.workflow_id"
                            " WHERE w.key = 'complaint_handling'", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "workflows.start-instance", NULL));
  cs_test_settle (300);
  start = find_toplevel (CS_TYPE_START_INSTANCE_DIALOG);
  g_assert_nonnull (start);
  screenshot (GTK_WIDGET (start), "dialog-start-instance");
  cs_start_instance_dialog_set_data (start, "{\n  \"subject\": \"Leaking roof at the school\",\n  \"description\": }");
  g_assert_nonnull (cs_start_instance_dialog_get_problem (start));
  g_assert_nonnull (strstr (cs_start_instance_dialog_get_problem (start), "Line 3, column 18"));
  gtk_widget_activate_action (GTK_WIDGET (start), "start-instance.start", NULL);
  cs_test_settle (500);
  g_assert_cmpint (count ("SELECT count(*) FROM workflow_instances i JOIN workflows w ON w.id = i.workflow_id"
                          " WHERE w.key = 'complaint_handling'", NULL), ==, n_started_before);
  g_assert_true (find_toplevel (CS_TYPE_START_INSTANCE_DIALOG) == start);
  screenshot (GTK_WIDGET (start), "dialog-start-instance-invalid");

  /* Valid JSON starts one, and the page shows it. */
  cs_start_instance_dialog_set_data (start, "{\"subject\": \"Leaking roof at the school\","
                                            " \"description\": \"Water drips into classroom 4\","
                                            " \"citizen_name\": \"Margaret Hamilton\", \"email\": \"mh@example.org\"}");
  g_assert_null (cs_start_instance_dialog_get_problem (start));
  gtk_editable_set_text (GTK_EDITABLE (child (start, CS_TYPE_START_INSTANCE_DIALOG, "subject_row")),
                         "Leaking roof at the school");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (start), "start-instance.start", NULL));
  g_assert_true (cs_test_wait_until (one_more_instance, NULL, 15000));
  g_assert_true (cs_test_wait_until (dialog_gone, GSIZE_TO_POINTER (CS_TYPE_START_INSTANCE_DIALOG), 15000));
  g_assert_true (cs_test_wait_until (workflows_idle, page, 15000));
  {
    g_autofree char *started = value ("SELECT subject || ' / ' || (data->>'description') FROM workflow_instances"
                                      " WHERE id = (SELECT max (id) FROM workflow_instances)", NULL);
    g_assert_cmpstr (started, ==, "Leaking roof at the school / Water drips into classroom 4");
  }
  g_assert_cmpint (g_list_model_get_n_items (instances), ==, n_started_before + 1);

  /* Live: an instance started elsewhere (another desktop, a server) appears
   * by itself, and its row follows the engine until it waits for approval. */
  {
    gint64 n_before = g_list_model_get_n_items (instances);
    gint64 elsewhere = start_instance ("complaint_handling",
                                       "{\"subject\": \"Broken swing\", \"description\": \"The swing chain snapped\","
                                       " \"citizen_name\": \"Ada Lovelace\", \"email\": \"ada@example.org\"}",
                                       "Broken swing");
    InstanceWait wait = { instances, elsewhere };

    g_assert_true (cs_test_wait_until (instance_listed_waiting, &wait, 15000));
    g_assert_cmpint (g_list_model_get_n_items (instances), ==, n_before + 1);
  }

  /* The state filter: only running instances, as the database counts them. */
  {
    GtkDropDown *filter = GTK_DROP_DOWN (child (page, CS_TYPE_WORKFLOWS_PAGE, "status_filter"));
    gint64 running = count ("SELECT count(*) FROM workflow_instances i JOIN workflows w ON w.id = i.workflow_id"
                            " WHERE w.key = 'complaint_handling' AND i.status = 'running'", NULL);

    gtk_drop_down_set_selected (filter, 1);
    g_assert_true (cs_test_wait_until (workflows_idle, page, 15000));
    g_assert_cmpint (g_list_model_get_n_items (instances), ==, running);
    g_assert_cmpint (running, >, 0);
    for (guint i = 0; i < g_list_model_get_n_items (instances); i++)
      {
        g_autoptr(CsInstanceItem) item = g_list_model_get_item (instances, i);
        g_assert_cmpstr (cs_instance_item_get_status (item), ==, "running");
      }
  }

  /* Cancel Instance asks first; confirmed, the instance and its open task end. */
  {
    gint64 pothole = count ("SELECT id FROM workflow_instances WHERE subject = 'Pothole on Main Street'", NULL);
    g_autofree char *id = id_text (pothole);
    AdwMessageDialog *confirm;

    g_assert_true (cs_workflows_page_select_instance (page, pothole));
    g_assert_true (cs_test_wait_until (workflows_idle, page, 15000));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "workflows.cancel-instance", NULL));
    cs_test_settle (200);
    confirm = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (confirm);
    screenshot (GTK_WIDGET (confirm), "dialog-cancel-instance");
    g_assert_cmpint (count ("SELECT count(*) FROM workflow_instances WHERE id = $1::bigint AND status = 'running'",
                            id), ==, 1);
    adw_message_dialog_response (confirm, "cancel-instance");
    g_assert_true (cs_test_wait_until (workflows_idle, page, 15000));
    g_assert_cmpint (count ("SELECT count(*) FROM workflow_instances WHERE id = $1::bigint"
                            " AND status = 'cancelled' AND outcome = 'CANCELLED'", id), ==, 1);
    g_assert_cmpint (count ("SELECT count(*) FROM approval_tasks WHERE instance_id = $1::bigint AND status = 'open'",
                            id), ==, 0);
    /* The list shows running instances only: it is gone. */
    g_assert_false (cs_workflows_page_select_instance (page, pothole));
  }

  /* Run Step as a dry run names the missing inputs, and records nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "workflows.run-step", NULL));
  cs_test_settle (300);
  run = find_toplevel (CS_TYPE_RUN_STEP_DIALOG);
  g_assert_nonnull (run);
  g_assert_true (cs_run_step_dialog_select_step (run, "register_complaint"));
  cs_run_step_dialog_set_inputs (run, "{\"subject\": \"Broken bench\"}");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run-step.validate", NULL));
  g_assert_true (cs_test_wait_until (run_finished, run, 15000));
  g_assert_cmpstr (cs_run_step_dialog_get_status (run), ==, "failed");
  g_assert_nonnull (cs_run_step_dialog_get_errors (run));
  g_assert_nonnull (strstr (cs_run_step_dialog_get_errors (run), "Missing required input: description"));
  screenshot (GTK_WIDGET (run), "dialog-run-step-dry-run");

  /* A real run gives the handler's outputs, still without a record. */
  cs_run_step_dialog_set_inputs (run, "{\"subject\": \"Broken bench\", \"description\": \"The backrest is gone\"}");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run-step.run", NULL));
  g_assert_true (cs_test_wait_until (run_finished, run, 15000));
  g_assert_cmpstr (cs_run_step_dialog_get_status (run), ==, "completed");
  g_assert_null (cs_run_step_dialog_get_errors (run));
  {
    CsDataList *outputs = CS_DATA_LIST (child (run, CS_TYPE_RUN_STEP_DIALOG, "outputs_list"));
    g_assert_nonnull (cs_data_list_get_value (outputs, "complaint_reference"));
    g_assert_true (g_str_has_prefix (cs_data_list_get_value (outputs, "complaint_reference"), "CMP-"));
  }
  screenshot (GTK_WIDGET (run), "dialog-run-step");
  g_assert_cmpint (count ("SELECT count(*) FROM step_executions WHERE instance_id IS NULL", NULL), ==, 0);
  gtk_window_destroy (GTK_WINDOW (run));
}

static void
test_workflows (void)
{
  run_app_as (world.designer, workflows_script);
}

/* The decisions' errors, as the page shows them, straight from the repository. */
static void
test_approval_repo_errors (void)
{
  g_autoptr(CsDbConnection) works = cs_test_cluster_connect (world.db, world.works_officer);
  g_autoptr(CsDbConnection) officer = cs_test_cluster_connect (world.db, world.officer);
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;
  gint64 general;

  general = count ("SELECT min (id) FROM approval_tasks WHERE status = 'open' AND agency = 'General Services'", NULL);
  g_assert_cmpint (general, >, 0);

  /* Another agency's officer: not listed, and refused with the reason. */
  mine = cs_approval_repo_list_open (works, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < mine->len; i++)
    g_assert_cmpstr (cs_approval_item_get_agency (g_ptr_array_index (mine, i)), ==, "Public Works Department");
  result = cs_approval_repo_decide (works, general, TRUE, "", &error);
  g_assert_null (result);
  g_assert_error (error, CS_ERROR, CS_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "General Services"));
  g_clear_error (&error);

  /* A rejection without a comment never reaches the database. */
  result = cs_approval_repo_decide (officer, general, FALSE, "   ", &error);
  g_assert_null (result);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  {
    g_autofree char *id = id_text (general);
    g_autofree char *status = value ("SELECT status FROM approval_tasks WHERE id = $1::bigint", id);
    g_assert_cmpstr (status, ==, "open");
    g_assert_cmpint (count ("SELECT count(*) FROM approval_decisions WHERE task_id = $1::bigint", id), ==, 0);
  }

  /* A task that does not exist. */
  result = cs_approval_repo_decide (officer, 999999, TRUE, "", &error);
  g_assert_null (result);
  g_assert_error (error, CS_ERROR, CS_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);

  /* Room for both panes in the screenshots. */
  settings = g_settings_new ("org.civicstream.CivicStream");
  g_settings_set_int (settings, "window-width", 1280);
  g_settings_set_int (settings, "window-height", 820);

  world_set_up ();
  g_test_add_func ("/pages/approval-repo-errors", test_approval_repo_errors);
  g_test_add_func ("/pages/approvals", test_approvals);
  g_test_add_func ("/pages/workflows", test_workflows);
  status = g_test_run ();
  world_tear_down ();
  return status;
}
