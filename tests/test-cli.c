/* test-cli.c: civicstream-cli and civicstream's command line, run as a user would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-test-cluster.h"

static const char *cli_path;
static const char *app_path;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
run (Result     *r,
     const char *stdin_text,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) first);
  va_start (args, first);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  r->status = g_subprocess_get_exit_status (process);
}

static void
test_version_and_help (void)
{
  g_auto(Result) version = { 0 };
  g_auto(Result) help = { 0 };
  g_auto(Result) app_version = { 0 };
  g_auto(Result) app_help = { 0 };
  g_auto(Result) none = { 0 };

  run (&version, NULL, cli_path, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_cmpstr (version.out, ==, "civicstream-cli " PACKAGE_VERSION "\n");

  run (&help, NULL, cli_path, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "db "));
  g_assert_nonnull (strstr (help.out, "user "));
  g_assert_nonnull (strstr (help.out, "--database"));

  run (&none, NULL, cli_path, NULL);
  g_assert_cmpint (none.status, ==, 2);

  run (&app_version, NULL, app_path, "--version", NULL);
  g_assert_cmpint (app_version.status, ==, 0);
  g_assert_cmpstr (app_version.out, ==, "civicstream " PACKAGE_VERSION "\n");

  run (&app_help, NULL, app_path, "--help", NULL);
  g_assert_cmpint (app_help.status, ==, 0);
  g_assert_nonnull (strstr (app_help.out, "--database"));
  g_assert_nonnull (strstr (app_help.out, "where citizens wait"));
}

static void
test_users_on_a_shared_database (void)
{
  g_autofree char *db = cs_test_cluster_create_database (FALSE);
  g_autofree char *url = cs_test_cluster_url (db, NULL);
  g_autofree char *alice = g_strdup_printf ("%s_alice", db);
  g_auto(Result) init = { 0 };
  g_auto(Result) status = { 0 };
  g_auto(Result) tenant = { 0 };
  g_auto(Result) agency = { 0 };
  g_auto(Result) add = { 0 };
  g_auto(Result) list = { 0 };
  g_auto(Result) remove = { 0 };
  g_auto(Result) list_after = { 0 };
  g_auto(Result) list_all = { 0 };

  run (&init, NULL, cli_path, "--database", url, "db", "init", NULL);
  g_assert_cmpint (init.status, ==, 0);
  g_assert_nonnull (strstr (init.out, "Database ready"));

  run (&status, NULL, cli_path, "db", "status", "--database", url, NULL);
  g_assert_cmpint (status.status, ==, 0);
  g_assert_nonnull (strstr (status.out, "0001_foundation.sql  applied"));
  g_assert_nonnull (strstr (status.out, "up to date"));

  run (&tenant, NULL, cli_path, "-d", url, "tenant", "add", "springfield", "--name", "City of Springfield",
       "--timezone", "America/New_York", NULL);
  g_assert_cmpint (tenant.status, ==, 0);
  run (&agency, NULL, cli_path, "-d", url, "agency", "add", "Public Works", NULL);
  g_assert_cmpint (agency.status, ==, 0);

  run (&add, "correct horse battery\n", cli_path, "-d", url, "user", "add", alice, "--role", "officer",
       "--agency", "Public Works", "--name", "Alice Example", "--password-stdin", NULL);
  g_assert_cmpint (add.status, ==, 0);

  run (&list, NULL, cli_path, "-d", url, "user", "list", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, alice));
  g_assert_nonnull (strstr (list.out, "Alice Example"));
  g_assert_nonnull (strstr (list.out, "Public Works"));
  g_assert_nonnull (strstr (list.out, "springfield"));

  /* The password was set: alice can sign in with it, over the socket. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *conninfo = g_strdup_printf ("%s password='correct horse battery'",
                                                 cs_test_cluster_conninfo (db, alice));
    g_autoptr(CsDbConnection) conn = cs_db_connection_new (conninfo, NULL);
    g_assert_true (cs_db_connection_open (conn, NULL, &error));
  }

  run (&remove, NULL, cli_path, "-d", url, "user", "remove", alice, NULL);
  g_assert_cmpint (remove.status, ==, 0);
  run (&list_after, NULL, cli_path, "-d", url, "user", "list", NULL);
  g_assert_null (strstr (list_after.out, alice));
  run (&list_all, NULL, cli_path, "-d", url, "user", "list", "--all", NULL);
  g_assert_nonnull (strstr (list_all.out, alice));
}

static void
test_bad_input (void)
{
  g_autofree char *db = cs_test_cluster_create_database (TRUE);
  g_autofree char *url = cs_test_cluster_url (db, NULL);
  g_autoptr(CsDbConnection) owner = cs_test_cluster_connect (db, NULL);
  g_autofree char *t = cs_test_add_tenant (owner, "only");
  const struct {
    const char *args[8];
    int status;
    const char *says;
  } cases[] = {
    { { "frobnicate", NULL }, 2, "Unknown command “frobnicate”" },
    { { "db", "frobnicate", NULL }, 2, "Unknown command “db frobnicate”" },
    { { "user", "add", "x", NULL }, 2, "--role" },
    { { "user", "add", "x", "--role", "boss", NULL }, 2, "Unknown role “boss”" },
    { { "user", "add", "x", "--role", "officer", "--agency", "Nowhere", NULL }, 1, "no agency “Nowhere”" },
    { { "user", "add", "Not Valid", "--role", "officer", NULL }, 1, "invalid login name" },
    { { "user", "add", "postgres", "--role", "officer", NULL }, 1, "reserved" },
    { { "user", "remove", "nobody_here", NULL }, 1, "no active user" },
    { { "tenant", "add", "Bad Slug", "--name", "x", NULL }, 1, "tenants_slug_check" },
    { { "tenant", "add", "ok", "--name", "x", "--timezone", "Mars/Olympus", NULL }, 2, "Unknown time zone" },
    { { "user", "list", "--tenant", "missing", "--nonsense", NULL }, 2, "Unknown option" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) r = { 0 };
      const char * const *a = cases[i].args;

      run (&r, "", cli_path, "-d", url, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], NULL);
      if (r.status != cases[i].status || strstr (r.err, cases[i].says) == NULL)
        g_error ("case %u (%s %s): status %d, stderr “%s”", i, a[0], a[1] ? a[1] : "", r.status, r.err);
    }

  {
    g_auto(Result) bad_url = { 0 };
    g_auto(Result) no_server = { 0 };

    run (&bad_url, NULL, cli_path, "-d", "mysql://root@db/x", "db", "status", NULL);
    g_assert_cmpint (bad_url.status, ==, 1);
    g_assert_nonnull (strstr (bad_url.err, "not a PostgreSQL URL"));

    run (&no_server, NULL, cli_path, "-d", "postgresql://x@127.0.0.1:1/x", "db", "status", NULL);
    g_assert_cmpint (no_server.status, ==, 1);
    g_assert_nonnull (strstr (no_server.err, "Cannot connect to the database"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  cli_path = g_getenv ("CS_CLI");
  app_path = g_getenv ("CS_APP");
  g_assert_nonnull (cli_path);
  g_assert_nonnull (app_path);

  g_test_add_func ("/cli/version-and-help", test_version_and_help);
  g_test_add_func ("/cli/users-on-a-shared-database", test_users_on_a_shared_database);
  g_test_add_func ("/cli/bad-input", test_bad_input);
  return g_test_run ();
}
