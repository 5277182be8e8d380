/* test-cli.c: civicstream-cli and civicstream's command line, run as a user would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "core/cs-workflow-builder.h"
#include "core/cs-workflow-json.h"
#include "workers/cs-engine.h"
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
  g_assert_true (g_regex_match_simple ("^0001_foundation\\.sql +applied", status.out, G_REGEX_MULTILINE, 0));
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

static void
wait_instances_done (CsDbConnection *owner)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *running = cs_db_connection_query_value (owner,
        "SELECT count(*) FROM workflow_instances WHERE status = 'running'", 0, NULL, &error);
      g_assert_no_error (error);
      if (g_str_equal (running, "0"))
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20000);
    }
}

/* The engine from the command line: a workflow imported, instances started,
 * a step run on its own, and the tamper-evident record checked and broken. */
static void
test_workflows_instances_and_audit (void)
{
  g_autofree char *db = cs_test_cluster_create_database (TRUE);
  g_autofree char *url = cs_test_cluster_url (db, NULL);
  g_autoptr(CsDbConnection) owner = cs_test_cluster_connect (db, NULL);
  g_autofree char *tenant = cs_test_add_tenant (owner, "riverside");
  g_autofree char *admin = g_strdup_printf ("%s_admin", db);
  g_autofree char *dir = cs_test_make_temp_dir ();
  g_autofree char *good = g_build_filename (dir, "sealed.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "broken.json", NULL);
  g_autofree char *exported = g_build_filename (dir, "exported.json", NULL);
  g_autofree char *conninfo = NULL;
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("sealed", 1, "Sealed record");
  g_autoptr(CsWorkflow) wf = NULL;
  g_autoptr(CsEngine) engine = cs_engine_new ();
  g_autoptr(CsWorkerPool) pool = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Result) validate_good = { 0 };
  g_auto(Result) validate_bad = { 0 };
  g_auto(Result) import_bad = { 0 };
  g_auto(Result) import_good = { 0 };
  g_auto(Result) list = { 0 };
  g_auto(Result) export = { 0 };
  g_auto(Result) start1 = { 0 };
  g_auto(Result) start2 = { 0 };
  g_auto(Result) bad_data = { 0 };
  g_auto(Result) instances = { 0 };
  g_auto(Result) show = { 0 };
  g_auto(Result) step_validate = { 0 };
  g_auto(Result) step_run = { 0 };
  g_auto(Result) intact = { 0 };
  g_auto(Result) altered = { 0 };
  g_auto(Result) truncated = { 0 };

  cs_test_add_user (owner, admin, tenant, "administrator");

  cs_action (b, "check", "Check the application", "data.validate_application");
  cs_action (b, "seal", "Seal the record", "record.seal");
  cs_terminal (b, "done", "Done", CS_TERMINAL_SUCCESS);
  cs_start (b, "check");
  cs_flow (b, "check", "seal", "done", NULL);
  wf = cs_workflow_builder_finish (b);
  {
    g_autoptr(GFile) file = g_file_new_for_path (good);
    g_assert_true (cs_workflow_save_to_file (wf, file, NULL, &error));
  }
  g_file_set_contents (bad, "{\"format\": \"civicstream-workflow\", \"format_version\": 1, \"key\": \"broken\","
                            " \"version\": 1, \"name\": \"Broken\", \"start\": \"a\","
                            " \"steps\": [{\"id\": \"a\", \"name\": \"A\", \"type\": \"teleport\"}], \"edges\": []}",
                       -1, &error);
  g_assert_no_error (error);

  run (&validate_good, NULL, cli_path, "workflow", "validate", good, NULL);
  g_assert_cmpint (validate_good.status, ==, 0);
  g_assert_nonnull (strstr (validate_good.out, "is valid"));
  run (&validate_bad, NULL, cli_path, "workflow", "validate", bad, NULL);
  g_assert_cmpint (validate_bad.status, ==, 1);
  g_assert_nonnull (strstr (validate_bad.out, "teleport"));

  run (&import_bad, NULL, cli_path, "-d", url, "workflow", "import", bad, NULL);
  g_assert_cmpint (import_bad.status, ==, 1);
  g_assert_nonnull (strstr (import_bad.err, "not imported"));
  run (&import_good, NULL, cli_path, "-d", url, "workflow", "import", good, NULL);
  g_assert_cmpint (import_good.status, ==, 0);
  g_assert_nonnull (strstr (import_good.out, "Imported sealed version 1 (published)"));

  run (&list, NULL, cli_path, "-d", url, "workflow", "list", NULL);
  g_assert_nonnull (strstr (list.out, "Sealed record"));
  run (&export, NULL, cli_path, "-d", url, "workflow", "export", "sealed", "-o", exported, NULL);
  g_assert_cmpint (export.status, ==, 0);
  {
    g_autoptr(GFile) file = g_file_new_for_path (exported);
    g_autoptr(CsWorkflow) back = cs_workflow_load_from_file (file, NULL, NULL, &error);
    g_assert_no_error (error);
    /* What was imported comes back, now published. */
    g_assert_cmpint (cs_workflow_get_status (back), ==, CS_WORKFLOW_STATUS_PUBLISHED);
    cs_workflow_set_status (back, cs_workflow_get_status (wf));
    g_assert_true (cs_workflow_equal (back, wf));
  }

  run (&bad_data, NULL, cli_path, "-d", url, "instance", "start", "sealed", "--data", "{\"business_name\": ", NULL);
  g_assert_cmpint (bad_data.status, ==, 1);
  g_assert_nonnull (strstr (bad_data.err, "not valid JSON"));
  run (&start1, NULL, cli_path, "-d", url, "instance", "start", "sealed", "--subject", "Bakery",
       "--data", "{\"business_name\": \"Crumbs\", \"business_type\": \"retail\", \"owner_name\": \"Ann Baker\","
                 " \"email\": \"ann@example.org\", \"phone\": \"+31 20 555 0100\", \"address\": \"1 Main St\","
                 " \"employees\": 3}", NULL);
  g_assert_cmpint (start1.status, ==, 0);
  run (&start2, NULL, cli_path, "-d", url, "instance", "start", "sealed", "--data", "{\"business_name\": \"Nails\"}", NULL);
  g_assert_cmpint (start2.status, ==, 0);

  /* The workers of this process run them. */
  conninfo = cs_test_cluster_conninfo (db, admin);
  pool = cs_worker_pool_new (conninfo, NULL, 1);
  cs_worker_pool_set_poll_interval (pool, 50);
  cs_engine_attach (engine, pool);
  cs_worker_pool_start (pool);
  wait_instances_done (owner);
  cs_worker_pool_stop (pool);

  run (&instances, NULL, cli_path, "-d", url, "instance", "list", "sealed", NULL);
  g_assert_nonnull (strstr (instances.out, "Bakery"));
  g_assert_nonnull (strstr (instances.out, "completed"));
  run (&show, NULL, cli_path, "-d", url, "instance", "show", "1", NULL);
  g_assert_cmpint (show.status, ==, 0);
  g_assert_nonnull (strstr (show.out, "seal"));
  g_assert_nonnull (strstr (show.out, "record_digest"));

  run (&step_validate, NULL, cli_path, "-d", url, "step", "validate", "sealed.seal", "--inputs", "{}", NULL);
  g_assert_cmpint (step_validate.status, ==, 1);
  g_assert_nonnull (strstr (step_validate.out, "\"is_valid\" : false"));
  g_assert_nonnull (strstr (step_validate.out, "Missing required input: record"));
  g_assert_nonnull (strstr (step_validate.out, "\"timestamp\""));
  run (&step_run, NULL, cli_path, "-d", url, "step", "run", "check", "--inputs",
       "{\"business_name\": \"Crumbs\", \"business_type\": \"retail\", \"owner_name\": \"Ann Baker\","
       " \"email\": \"ann@example.org\", \"phone\": \"+31 20 555 0100\", \"address\": \"1 Main St\", \"employees\": 3}",
       NULL);
  g_assert_cmpint (step_run.status, ==, 0);
  g_assert_nonnull (strstr (step_run.out, "\"execution_result\""));
  g_assert_nonnull (strstr (step_run.out, "\"status\" : \"completed\""));
  g_assert_nonnull (strstr (step_run.out, "\"execution_duration_ms\""));

  /* Both instances sealed their record: the chain holds two, and is intact. */
  run (&intact, NULL, cli_path, "-d", url, "audit", "verify", NULL);
  g_assert_cmpint (intact.status, ==, 0);
  g_assert_nonnull (strstr (intact.out, "intact: 2 records"));

  /* Someone with access to the database edits the first sealed record. */
  cs_db_connection_command (owner, "UPDATE audit_records SET payload = jsonb_set (payload, '{data,business_name}', '\"Crooks\"')"
                                   " WHERE seq = 1", 0, NULL, &error);
  g_assert_no_error (error);
  run (&altered, NULL, cli_path, "-d", url, "audit", "verify", NULL);
  g_assert_cmpint (altered.status, ==, 1);
  g_assert_nonnull (strstr (altered.out, "Record 1 (record.sealed) was altered"));
  g_assert_null (strstr (altered.out, "Record 2"));

  /* …and removes the last one to hide it. */
  cs_db_connection_command (owner, "DELETE FROM audit_records WHERE seq = 2", 0, NULL, &error);
  g_assert_no_error (error);
  run (&truncated, NULL, cli_path, "-d", url, "audit", "verify", NULL);
  g_assert_cmpint (truncated.status, ==, 1);
  g_assert_nonnull (strstr (truncated.out, "removed from its end"));
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
  g_test_add_func ("/cli/workflows-instances-and-audit", test_workflows_instances_and_audit);
  return g_test_run ();
}
