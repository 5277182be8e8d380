/* test-store.c: choosing the database, opening it, and failing clearly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "core/cs-error.h"
#include "store/cs-database-config.h"
#include "store/cs-store.h"
#include "cs-test-cluster.h"

static GSettings *
fresh_settings (void)
{
  GSettings *settings = g_settings_new ("org.civicstream.CivicStream");
  g_settings_reset (settings, "database-url");
  return settings;
}

static void
test_config_order (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDatabaseConfig) embedded = NULL;
  g_autoptr(CsDatabaseConfig) from_settings = NULL;
  g_autoptr(CsDatabaseConfig) from_env = NULL;
  g_autoptr(CsDatabaseConfig) from_option = NULL;
  g_autofree char *described = NULL;

  g_unsetenv ("CIVICSTREAM_DATABASE_URL");
  embedded = cs_database_config_resolve (NULL, settings, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cs_database_config_get_source (embedded), ==, CS_DATABASE_SOURCE_EMBEDDED);
  g_assert_true (cs_database_config_is_embedded (embedded));

  g_settings_set_string (settings, "database-url", "postgresql://settings@db.example/cs");
  from_settings = cs_database_config_resolve (NULL, settings, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cs_database_config_get_source (from_settings), ==, CS_DATABASE_SOURCE_SETTINGS);
  g_assert_cmpstr (cs_database_config_get_user (from_settings), ==, "settings");
  described = cs_database_config_describe (from_settings);
  g_assert_cmpstr (described, ==, "settings@db.example/cs");

  g_setenv ("CIVICSTREAM_DATABASE_URL", "postgresql://env@db.example/cs", TRUE);
  from_env = cs_database_config_resolve (NULL, settings, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cs_database_config_get_source (from_env), ==, CS_DATABASE_SOURCE_ENVIRONMENT);
  g_assert_cmpstr (cs_database_config_get_user (from_env), ==, "env");

  from_option = cs_database_config_resolve ("host=db.example user=opt dbname=cs", settings, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cs_database_config_get_source (from_option), ==, CS_DATABASE_SOURCE_OPTION);
  g_assert_cmpstr (cs_database_config_get_user (from_option), ==, "opt");

  g_unsetenv ("CIVICSTREAM_DATABASE_URL");
  g_settings_reset (settings, "database-url");
}

static void
test_config_bad_urls (void)
{
  const struct { const char *url; const char *says; } cases[] = {
    { "", "empty" },
    { "   ", "empty" },
    { "hello", "not a database URL" },
    { "mysql://root@db/x", "not a PostgreSQL URL" },
    { "postgresql://db.example/cs?nonsense=1", "malformed" },
    { "postgresql://[::1/cs", "malformed" },
    { "host=db.example port", "malformed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CsDatabaseConfig) config = cs_database_config_resolve (cases[i].url, NULL, &error);

      g_assert_null (config);
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("“%s”: expected a message with “%s”, got “%s”", cases[i].url, cases[i].says, error->message);
      g_assert_nonnull (strstr (error->message, "--database option"));
    }
}

static void
test_config_no_password_in_settings (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDatabaseConfig) config = NULL;

  g_unsetenv ("CIVICSTREAM_DATABASE_URL");
  g_settings_set_string (settings, "database-url", "postgresql://alice:secret@db.example/cs");
  config = cs_database_config_resolve (NULL, settings, &error);
  g_assert_null (config);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "keyring"));
  g_settings_reset (settings, "database-url");

  /* On the command line a password is the user's own business. */
  g_assert_true (cs_database_url_validate ("postgresql://alice:secret@db.example/cs", TRUE, NULL));
}

static void
wait_state (CsStore *store)
{
  while (cs_store_get_state (store) == CS_STORE_CONNECTING)
    g_main_context_iteration (NULL, TRUE);
}

static gpointer
count_tenants (CsDbConnection  *conn,
               gpointer         data,
               GCancellable    *cancellable,
               GError         **error)
{
  /* Runs on a query thread: not the main thread. */
  g_assert_false (g_main_context_is_owner (g_main_context_default ()));
  return cs_db_connection_query_value (conn, "SELECT count(*) FROM tenants", 0, NULL, error);
}

static void
got_count (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = cs_store_run_finish (CS_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_open_shared_as_user (void)
{
  g_autofree char *db = cs_test_cluster_create_database (TRUE);
  g_autoptr(CsDbConnection) owner = cs_test_cluster_connect (db, NULL);
  g_autofree char *tenant = cs_test_add_tenant (owner, "springfield");
  g_autofree char *login = g_strdup_printf ("%s_alice", db);
  g_autofree char *url = NULL;
  g_autofree char *count = NULL;
  g_autoptr(CsDatabaseConfig) config = NULL;
  g_autoptr(CsStore) store = NULL;
  g_autoptr(GError) error = NULL;

  cs_test_add_user (owner, login, tenant, "designer");
  url = cs_test_cluster_url (db, login);
  config = cs_database_config_resolve (url, NULL, &error);
  g_assert_no_error (error);
  store = cs_store_new (config);

  cs_store_open_async (store, NULL, NULL, NULL);
  g_assert_cmpint (cs_store_get_state (store), ==, CS_STORE_CONNECTING);
  wait_state (store);
  g_assert_cmpint (cs_store_get_state (store), ==, CS_STORE_CONNECTED);
  g_assert_null (cs_store_get_error_message (store));
  g_assert_cmpstr (cs_store_get_login (store), ==, login);
  g_assert_cmpstr (cs_store_get_app_role (store), ==, "designer");
  g_assert_cmpstr (cs_store_get_tenant_id (store), ==, tenant);
  g_assert_cmpstr (cs_store_get_tenant_name (store), ==, "springfield");
  g_assert_false (cs_store_is_embedded (store));

  /* Queries run on the store's threads and come back here; RLS shows one tenant. */
  cs_store_run_async (store, count_tenants, NULL, NULL, g_free, NULL, got_count, &count);
  while (count == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (count, ==, "1");

  cs_store_close (store);
  g_assert_cmpint (cs_store_get_state (store), ==, CS_STORE_CLOSED);
}

static void
test_open_unmapped_role_fails (void)
{
  g_autofree char *db = cs_test_cluster_create_database (TRUE);
  g_autoptr(CsDbConnection) owner = cs_test_cluster_connect (db, NULL);
  g_autofree char *login = g_strdup_printf ("%s_stranger", db);
  g_autofree char *create = g_strdup_printf ("CREATE ROLE %s LOGIN", login);
  g_autofree char *url = NULL;
  g_autoptr(CsDatabaseConfig) config = NULL;
  g_autoptr(CsStore) store = NULL;
  g_autoptr(GError) error = NULL;

  cs_db_connection_command (owner, create, 0, NULL, &error);
  g_assert_no_error (error);
  url = cs_test_cluster_url (db, login);
  config = cs_database_config_resolve (url, NULL, &error);
  store = cs_store_new (config);

  g_assert_false (cs_store_open (store, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_PERMISSION);
  g_assert_cmpint (cs_store_get_state (store), ==, CS_STORE_FAILED);
  g_assert_nonnull (strstr (cs_store_get_error_message (store), "not a CivicStream user"));
  g_assert_nonnull (strstr (cs_store_get_error_message (store), "user add"));
}

static void
test_open_unreachable_fails (void)
{
  g_autoptr(CsDatabaseConfig) config = cs_database_config_resolve ("postgresql://nobody@127.0.0.1:1/cs", NULL, NULL);
  g_autoptr(CsStore) store = cs_store_new (config);
  g_autoptr(GError) error = NULL;

  g_assert_false (cs_store_open (store, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CONNECTION);
  g_assert_cmpint (cs_store_get_state (store), ==, CS_STORE_FAILED);
  g_assert_nonnull (strstr (cs_store_get_error_message (store), "Cannot connect"));
}

static void
refused (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **out = user_data;
  g_autofree char *value = cs_store_run_finish (CS_STORE (object), result, out);
  g_assert_null (value);
}

/* Work asked of a store that is not open fails at once instead of hanging. */
static void
test_run_before_open_fails (void)
{
  g_autoptr(CsDatabaseConfig) config = cs_database_config_new_embedded ();
  g_autoptr(CsStore) store = cs_store_new (config);
  GError *error = NULL;

  cs_store_run_async (store, count_tenants, NULL, NULL, g_free, NULL, refused, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, CS_ERROR, CS_ERROR_CONNECTION);
  g_clear_error (&error);
}

static void
test_embedded_default (void)
{
  g_autofree char *home = cs_test_make_temp_dir ();
  g_autofree char *runtime = cs_test_make_temp_dir ();
  g_autofree char *saved_home = g_strdup (g_getenv ("XDG_DATA_HOME"));
  g_autoptr(CsDatabaseConfig) config = cs_database_config_new_embedded ();
  g_autoptr(CsStore) store = NULL;
  g_autoptr(CsStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsPgCluster) cluster = NULL;
  g_autofree char *login = cs_store_local_login_name ();

  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_chmod (runtime, 0700);

  store = cs_store_new (config);
  g_assert_true (cs_store_open (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cs_store_is_embedded (store));
  g_assert_cmpstr (cs_store_get_login (store), ==, login);
  g_assert_cmpstr (cs_store_get_app_role (store), ==, "administrator");
  g_assert_cmpstr (cs_store_get_tenant_name (store), ==, "Local government");

  cluster = cs_pg_cluster_new_default (&error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (cs_pg_cluster_get_data_dir (cluster), home));
  g_assert_true (cs_pg_cluster_is_running (cluster));

  /* Quitting stops the server we started. */
  cs_store_close (store);
  g_assert_false (cs_pg_cluster_is_running (cluster));

  /* The second start finds everything in place. */
  again = cs_store_new (config);
  g_assert_true (cs_store_open (again, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cs_store_get_app_role (again), ==, "administrator");
  cs_store_close (again);
  g_assert_false (cs_pg_cluster_is_running (cluster));

  if (saved_home)
    g_setenv ("XDG_DATA_HOME", saved_home, TRUE);
  else
    g_unsetenv ("XDG_DATA_HOME");
}

static void
test_embedded_missing_postgresql (void)
{
  g_autofree char *home = cs_test_make_temp_dir ();
  g_autoptr(CsDatabaseConfig) config = cs_database_config_new_embedded ();
  g_autoptr(CsStore) store = cs_store_new (config);
  g_autoptr(GError) error = NULL;

  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("CIVICSTREAM_PG_BINDIR", home, TRUE);
  g_assert_false (cs_store_open (store, NULL, &error));
  g_unsetenv ("CIVICSTREAM_PG_BINDIR");

  g_assert_error (error, CS_ERROR, CS_ERROR_MISSING_PROGRAM);
  g_assert_cmpint (cs_store_get_state (store), ==, CS_STORE_FAILED);
  g_assert_nonnull (strstr (cs_store_get_error_message (store), "initdb, pg_ctl, postgres"));
}

static void
test_embedded_unwritable_data_dir (void)
{
  g_autofree char *dir = cs_test_make_temp_dir ();
  g_autofree char *file = g_build_filename (dir, "not-a-directory", NULL);
  g_autofree char *home = g_build_filename (file, "share", NULL);
  g_autoptr(CsDatabaseConfig) config = cs_database_config_new_embedded ();
  g_autoptr(CsStore) store = cs_store_new (config);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (file, "", 0, &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", home, TRUE);

  g_assert_false (cs_store_open (store, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "Cannot create the database directory"));
  g_assert_nonnull (strstr (error->message, home));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/config/order", test_config_order);
  g_test_add_func ("/store/config/bad-urls", test_config_bad_urls);
  g_test_add_func ("/store/config/no-password-in-settings", test_config_no_password_in_settings);
  g_test_add_func ("/store/open/shared-as-user", test_open_shared_as_user);
  g_test_add_func ("/store/open/unmapped-role", test_open_unmapped_role_fails);
  g_test_add_func ("/store/open/unreachable", test_open_unreachable_fails);
  g_test_add_func ("/store/run/before-open", test_run_before_open_fails);
  g_test_add_func ("/store/embedded/default", test_embedded_default);
  g_test_add_func ("/store/embedded/missing-postgresql", test_embedded_missing_postgresql);
  g_test_add_func ("/store/embedded/unwritable-data-dir", test_embedded_unwritable_data_dir);
  return g_test_run ();
}
