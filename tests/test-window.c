/* test-window.c: the main window on a real database, under a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gui/cs-application.h"
#include "gui/cs-preferences-window.h"
#include "gui/cs-window.h"
#include "cs-test-cluster.h"
#include "cs-test-gui.h"

typedef struct
{
  CsApplication *app;
  void         (*script) (CsApplication *app, gpointer data);
  gpointer       data;
} Run;

static gboolean
run_script (gpointer user_data)
{
  Run *run = user_data;

  run->script (run->app, run->data);
  g_application_quit (G_APPLICATION (run->app));
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *app,
             Run          *run)
{
  /* After the application's own activate has made the window. */
  g_idle_add (run_script, run);
}

/* Runs the real application (startup, activate, shutdown) with @script
 * executed once its window is up. */
static void
run_app (const char  *url,
         void       (*script) (CsApplication *app, gpointer data),
         gpointer     data)
{
  g_autoptr(CsApplication) app = cs_application_new (G_APPLICATION_NON_UNIQUE);
  Run run = { app, script, data };
  char *argv[] = { (char *) "civicstream", NULL };

  if (url != NULL)
    g_setenv ("CIVICSTREAM_DATABASE_URL", url, TRUE);
  else
    g_unsetenv ("CIVICSTREAM_DATABASE_URL");

  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
}

static CsWindow *
main_window (CsApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (CS_IS_WINDOW (window));
  return CS_WINDOW (window);
}

static gboolean
window_settled (gpointer data)
{
  const char *state = cs_window_get_main_state (CS_WINDOW (data));
  return g_strcmp0 (state, "pages") == 0 || g_strcmp0 (state, "failed") == 0;
}

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
every_page_script (CsApplication *app,
                   gpointer       data)
{
  CsWindow *window = main_window (app);
  g_auto(GStrv) pages = cs_window_list_pages (window);

  g_assert_true (cs_test_wait_until (window_settled, window, 30000));
  g_assert_cmpstr (cs_window_get_main_state (window), ==, "pages");
  g_assert_cmpint (cs_store_get_state (cs_application_get_store (app)), ==, CS_STORE_CONNECTED);
  g_assert_true (cs_test_wait_until (window_mapped, window, 5000));

  g_assert_cmpuint (g_strv_length (pages), ==, 6);
  for (guint i = 0; pages[i] != NULL; i++)
    {
      g_autoptr(GdkTexture) texture = NULL;
      g_autofree char *name = g_strdup_printf ("window-%s", pages[i]);
      g_autofree char *path = NULL;

      /* Through the same action the sidebar and Ctrl+N use. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[i]));
      /* Past the crossfade, so the picture is the page alone. */
      cs_test_settle (400);
      g_assert_cmpstr (cs_window_get_visible_page (window), ==, pages[i]);

      texture = cs_test_render_widget (GTK_WIDGET (window));
      path = cs_test_save_png (texture, name);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      /* Text, icons and the sidebar: a real rendering has many colours. */
      g_assert_cmpuint (cs_test_count_colors (texture), >, 20);
    }

  /* Workers are running for the signed-in user. */
  g_assert_nonnull (cs_application_get_worker_pool (app));
  g_assert_true (cs_worker_pool_is_running (cs_application_get_worker_pool (app)));
}

static void
test_every_page (void)
{
  g_autofree char *db = cs_test_cluster_create_database (TRUE);
  g_autoptr(CsDbConnection) owner = cs_test_cluster_connect (db, NULL);
  g_autofree char *tenant = cs_test_add_tenant (owner, "gotham");
  g_autofree char *login = g_strdup_printf ("%s_admin", db);
  g_autofree char *url = NULL;

  cs_test_add_user (owner, login, tenant, "administrator");
  url = cs_test_cluster_url (db, login);
  run_app (url, every_page_script, NULL);
}

static void
embedded_script (CsApplication *app,
                 gpointer       data)
{
  CsWindow *window = main_window (app);
  CsStore *store = cs_application_get_store (app);

  g_assert_true (cs_test_wait_until (window_settled, window, 60000));
  g_assert_cmpstr (cs_window_get_main_state (window), ==, "pages");
  g_assert_true (cs_store_is_embedded (store));
  g_assert_cmpstr (cs_store_get_app_role (store), ==, "administrator");
  g_assert_cmpstr (cs_store_get_tenant_name (store), ==, "Local government");

  /* A first start offers a demo; accepting it fills the database with simulated cases. */
  {
    AdwMessageDialog *dialog = NULL;
    g_autoptr(CsDbConnection) conn = cs_store_new_connection (store);
    g_autoptr(GError) error = NULL;
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (dialog == NULL)
      {
        GListModel *toplevels = gtk_window_get_toplevels ();
        for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
          {
            g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
            if (ADW_IS_MESSAGE_DIALOG (w))
              dialog = ADW_MESSAGE_DIALOG (w);
          }
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, FALSE);
      }
    g_assert_true (adw_message_dialog_has_response (dialog, "load"));
    adw_message_dialog_response (dialog, "load");
    g_assert_true (cs_db_connection_open (conn, NULL, &error));
    for (;;)
      {
        g_autofree char *n = cs_db_connection_query_value (conn, "SELECT count(*) FROM workflow_instances"
                                                                 " WHERE environment = 'simulation'", 0, NULL, &error);
        g_assert_no_error (error);
        if (atoi (n) > 100)
          break;
        g_assert_cmpint (g_get_monotonic_time (), <, deadline + 60 * G_USEC_PER_SEC);
        cs_test_settle (100);
      }
    g_assert_true (g_settings_get_boolean (cs_application_get_settings (app), "offered-demo"));
  }
}

/* No configuration at all: the app runs its own database and stops it on quit. */
static void
test_embedded_default (void)
{
  g_autofree char *home = cs_test_make_temp_dir ();
  g_autofree char *runtime = cs_test_make_temp_dir ();
  g_autoptr(CsPgCluster) cluster = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  run_app (NULL, embedded_script, NULL);

  cluster = cs_pg_cluster_new_default (&error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (cs_pg_cluster_get_data_dir (cluster), home));
  g_assert_false (cs_pg_cluster_is_running (cluster));
}

static void
unreachable_script (CsApplication *app,
                    gpointer       data)
{
  CsWindow *window = main_window (app);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  g_assert_true (cs_test_wait_until (window_settled, window, 30000));
  g_assert_cmpstr (cs_window_get_main_state (window), ==, "failed");
  g_assert_nonnull (strstr (cs_window_get_error_text (window), (const char *) data));
  g_assert_null (cs_application_get_worker_pool (app));

  g_assert_true (cs_test_wait_until (window_mapped, window, 5000));
  cs_test_settle (400);
  texture = cs_test_render_widget (GTK_WIDGET (window));
  path = cs_test_save_png (texture, "window-failed");
  g_assert_cmpuint (cs_test_count_colors (texture), >, 20);
}

static void
test_unreachable_database (void)
{
  run_app ("postgresql://nobody@127.0.0.1:1/civicstream", unreachable_script, (gpointer) "Cannot connect");
}

static void
test_malformed_url (void)
{
  run_app ("postgresql://[::1/civicstream", unreachable_script, (gpointer) "malformed");
}

static void
preferences_script (CsApplication *app,
                    gpointer       data)
{
  CsPreferencesWindow *prefs = cs_preferences_window_new (app);
  GSettings *settings = cs_application_get_settings (app);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *saved = NULL;

  gtk_window_present (GTK_WINDOW (prefs));
  g_settings_set_string (settings, "database-url", "");

  /* A malformed URL and one with a password are refused; nothing changes. */
  g_assert_false (cs_preferences_window_apply_url (prefs, "mysql://x", &error));
  g_assert_nonnull (strstr (error->message, "not a PostgreSQL URL"));
  g_clear_error (&error);
  g_assert_false (cs_preferences_window_apply_url (prefs, "postgresql://a:pw@db/x", &error));
  g_assert_nonnull (strstr (error->message, "keyring"));
  g_clear_error (&error);
  kept = g_settings_get_string (settings, "database-url");
  g_assert_cmpstr (kept, ==, "");

  g_assert_true (cs_preferences_window_apply_url (prefs, " postgresql://a@db.example/x ", &error));
  g_assert_no_error (error);
  saved = g_settings_get_string (settings, "database-url");
  g_assert_cmpstr (saved, ==, "postgresql://a@db.example/x");
  g_settings_reset (settings, "database-url");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_preferences_refuse_bad_url (void)
{
  run_app ("postgresql://nobody@127.0.0.1:1/civicstream", preferences_script, NULL);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/window/every-page", test_every_page);
  g_test_add_func ("/window/embedded-default", test_embedded_default);
  g_test_add_func ("/window/unreachable-database", test_unreachable_database);
  g_test_add_func ("/window/malformed-url", test_malformed_url);
  g_test_add_func ("/window/preferences-refuse-bad-url", test_preferences_refuse_bad_url);
  return g_test_run ();
}
