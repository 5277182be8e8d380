/* test-serve.c: civicstream-cli serve, as a server process talking real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>

#include <libsoup/soup.h>

#include "core/cs-workflow-builder.h"
#include "store/cs-workflow-repo.h"
#include "workers/cs-engine.h"
#include "cs-test-cluster.h"
#include "cs-test-prometheus.h"

typedef struct
{
  GSubprocess *process;
  char        *base;
  SoupSession *session;
} Server;

static void
server_start (Server     *s,
              const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  const char *cli = g_getenv ("CS_CLI");
  const char *start, *end;

  s->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                 cli, "--database", url, "serve", "--listen", "127.0.0.1:0", "--workers", "2", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  /* "Listening on http://127.0.0.1:PORT/ with …" */
  start = strstr (line, "http://");
  g_assert_nonnull (start);
  end = strchr (start + 7, '/');
  s->base = g_strndup (start, end - start);
  s->session = soup_session_new ();
}

static void
server_stop (Server *s)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (s->process, SIGTERM);
  g_assert_true (g_subprocess_wait (s->process, NULL, &error));
  g_assert_no_error (error);
  /* A clean stop, not a crash. */
  g_assert_true (g_subprocess_get_if_exited (s->process));
  g_assert_cmpint (g_subprocess_get_exit_status (s->process), ==, 0);
  g_clear_object (&s->process);
  g_clear_object (&s->session);
  g_free (s->base);
}

static JsonNode *
http (Server     *s,
      const char *method,
      const char *path,
      guint      *status)
{
  g_autofree char *uri = g_strconcat (s->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (s->session, msg, NULL, &error);
  gsize len;
  const char *data;

  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  data = g_bytes_get_data (body, &len);
  return json_from_string (len ? data : "null", NULL);
}

static char *
http_text (Server     *s,
           const char *path,
           guint      *status,
           char      **content_type)
{
  g_autofree char *uri = g_strconcat (s->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (s->session, msg, NULL, &error);

  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  if (content_type != NULL)
    *content_type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL));
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
test_health_and_errors (void)
{
  g_autofree char *db = cs_test_cluster_create_database (TRUE);
  g_autofree char *url = cs_test_cluster_url (db, NULL);
  Server s = { 0 };
  guint status;

  server_start (&s, url);
  {
    g_autoptr(JsonNode) health = http (&s, "GET", "/health", &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (health), "status"), ==, "healthy");
  }
  {
    g_autoptr(JsonNode) missing = http (&s, "GET", "/no/such/thing", &status);
    g_assert_cmpuint (status, ==, 404);
    g_assert_true (json_object_has_member (json_node_get_object (missing), "error"));
  }
  {
    g_autoptr(JsonNode) wrong = http (&s, "DELETE", "/health", &status);
    g_assert_cmpuint (status, ==, 405);
  }
  server_stop (&s);
}

/* The server's workers run any tenant's steps. */
static void
test_workers_run_every_tenant (void)
{
  g_autofree char *db = cs_test_cluster_create_database (TRUE);
  g_autofree char *url = cs_test_cluster_url (db, NULL);
  g_autoptr(CsDbConnection) owner = cs_test_cluster_connect (db, NULL);
  g_autoptr(CsEngine) engine = cs_engine_new ();
  g_autoptr(GError) error = NULL;
  const char *slugs[] = { "north", "south" };
  gint64 ids[2];
  Server s = { 0 };

  for (guint t = 0; t < 2; t++)
    {
      g_autofree char *tenant = cs_test_add_tenant (owner, slugs[t]);
      g_autofree char *login = g_strdup_printf ("%s_%s", db, slugs[t]);
      g_autoptr(CsDbConnection) user = NULL;
      g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("tiny", 1, "Tiny");
      g_autoptr(CsWorkflow) wf = NULL;
      g_autoptr(CsVersionInfo) info = NULL;

      cs_test_add_user (owner, login, tenant, "administrator");
      user = cs_test_cluster_connect (db, login);
      cs_action (b, "work", "Work", "data.validate_application");
      cs_terminal (b, "end", "End", CS_TERMINAL_SUCCESS);
      cs_start (b, "work");
      cs_flow (b, "work", "end", NULL);
      wf = cs_workflow_builder_finish (b);
      info = cs_workflow_repo_add_version (user, wf, TRUE, &error);
      g_assert_no_error (error);
      ids[t] = cs_engine_start_instance (engine, user, "tiny", NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }

  server_start (&s, url);
  {
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    for (;;)
      {
        g_autofree char *done = cs_db_connection_query_value (owner,
          "SELECT count(*) FROM workflow_instances WHERE status = 'completed'", 0, NULL, &error);
        g_assert_no_error (error);
        if (g_str_equal (done, "2"))
          break;
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (20000);
      }
  }
  {
    g_autofree char *by = cs_db_connection_query_value (owner,
      "SELECT count(*) FROM step_executions WHERE executed_by LIKE '%/serve-%'", 0, NULL, &error);
    g_assert_cmpint (atoi (by), >=, 2);
  }
  /* What the workers did shows in /metrics, in the Prometheus text format. */
  {
    guint status;
    g_autofree char *type = NULL;
    g_autofree char *text = http_text (&s, "/metrics", &status, &type);
    g_autoptr(GHashTable) types = NULL;
    g_autoptr(GHashTable) samples = cs_test_prometheus_parse (text, &types, &error);
    g_autofree char *again = NULL;
    g_autoptr(GHashTable) later = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (type, ==, "text/plain");
    g_assert_cmpfloat (cs_test_prometheus_value (samples, "civicstream_step_executions_total"), >=, 4);
    g_assert_cmpfloat (cs_test_prometheus_value (samples, "civicstream_engine_batches_total"), >=, 1);
    g_assert_cmpfloat (cs_test_prometheus_value (samples, "civicstream_database_up"), ==, 1);
    g_assert_cmpfloat (cs_test_prometheus_value (samples, "civicstream_steps_runnable"), ==, 0);
    g_assert_cmpfloat (cs_test_prometheus_value (samples, "civicstream_worker_threads{pool=\"serve\"}"), ==, 2);
    g_assert_cmpfloat (cs_test_prometheus_value (samples, "civicstream_build_info{version=\"" PACKAGE_VERSION "\"}"), ==, 1);
    g_assert_cmpstr (g_hash_table_lookup (types, "civicstream_http_request_duration_seconds"), ==, "histogram");
    g_assert_cmpstr (g_hash_table_lookup (types, "civicstream_step_executions_total"), ==, "counter");

    /* This scrape is counted by the next one, in its route's histogram. */
    again = http_text (&s, "/metrics", &status, NULL);
    later = cs_test_prometheus_parse (again, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (cs_test_prometheus_value (later,
      "civicstream_http_request_duration_seconds_count{method=\"GET\",route=\"/metrics\"}"), >=, 1);
    g_assert_cmpfloat (cs_test_prometheus_value (later,
      "civicstream_http_requests_total{method=\"GET\",route=\"/metrics\",status=\"2xx\"}"), >=, 1);
  }
  server_stop (&s);
  (void) ids;
}

/* /ready answers 503 with the reason while the database cannot be used. */
static void
test_ready (void)
{
  g_autofree char *db = cs_test_cluster_create_database (TRUE);
  g_autofree char *url = cs_test_cluster_url (db, NULL);
  g_autoptr(CsDbConnection) admin = cs_test_cluster_connect ("postgres", NULL);
  g_autoptr(GError) error = NULL;
  Server s = { 0 };
  guint status;

  server_start (&s, url);
  {
    g_autoptr(JsonNode) ready = http (&s, "GET", "/ready", &status);
    JsonObject *checks = json_object_get_object_member (json_node_get_object (ready), "checks");

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (ready), "status"), ==, "ready");
    g_assert_cmpstr (json_object_get_string_member (checks, "database"), ==, "ok");
    g_assert_cmpstr (json_object_get_string_member (checks, "workers"), ==, "ok");
  }
  {
    g_autofree char *sql = g_strdup_printf ("ALTER DATABASE \"%s\" ALLOW_CONNECTIONS false", db);
    g_autofree char *kill = g_strdup_printf ("SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
                                            "WHERE datname = '%s' AND pid <> pg_backend_pid ()", db);
    g_autoptr(PGresult) r1 = cs_db_connection_exec (admin, sql, 0, NULL, &error);
    g_autoptr(PGresult) r2 = NULL;

    g_assert_no_error (error);
    r2 = cs_db_connection_exec (admin, kill, 0, NULL, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(JsonNode) ready = http (&s, "GET", "/ready", &status);
    JsonObject *checks = json_object_get_object_member (json_node_get_object (ready), "checks");

    g_assert_cmpuint (status, ==, 503);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (ready), "status"), ==, "not ready");
    g_assert_cmpstr (json_object_get_string_member (checks, "database"), !=, "ok");
  }
  /* Metrics still answer, saying the database is down. */
  {
    g_autofree char *text = http_text (&s, "/metrics", &status, NULL);
    g_autoptr(GHashTable) samples = cs_test_prometheus_parse (text, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpfloat (cs_test_prometheus_value (samples, "civicstream_database_up"), ==, 0);
  }
  {
    g_autofree char *sql = g_strdup_printf ("ALTER DATABASE \"%s\" ALLOW_CONNECTIONS true", db);
    g_autoptr(PGresult) r = cs_db_connection_exec (admin, sql, 0, NULL, &error);

    g_assert_no_error (error);
  }
  server_stop (&s);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/serve/health-and-errors", test_health_and_errors);
  g_test_add_func ("/serve/workers-run-every-tenant", test_workers_run_every_tenant);
  g_test_add_func ("/serve/ready", test_ready);
  return g_test_run ();
}
