/* cs-cli-serve.c: civicstream-cli serve, CivicStream without a window
 *
 * A server's worker threads run every tenant's workflow steps and jobs
 * (connected as the schema owner), and its HTTP threads answer the API as
 * civicstream_service, so Row Level Security applies per request. Several
 * servers and desktops may share one database: rows are claimed, never
 * assigned.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "net/cs-api.h"
#include "net/cs-http-server.h"
#include "net/cs-monitoring.h"
#include "store/cs-migrator.h"
#include "workers/cs-engine.h"
#include "workers/cs-job-queue.h"
#include "cs-cli.h"

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gboolean
parse_listen (const char  *listen,
              char       **address,
              guint       *port,
              GError     **error)
{
  const char *colon = strrchr (listen, ':');
  guint64 p;
  char *end = NULL;

  if (colon == NULL || colon == listen)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("--listen takes ADDRESS:PORT, e.g. 127.0.0.1:8080, not “%s”"), listen);
      return FALSE;
    }
  p = g_ascii_strtoull (colon + 1, &end, 10);
  if (end == colon + 1 || *end != '\0' || p > 65535)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT, _("“%s” is not a port number"), colon + 1);
      return FALSE;
    }
  *address = g_strndup (listen, colon - listen);
  if ((*address)[0] == '[')
    {
      /* [::1]:8080 */
      char *inner = g_strndup (*address + 1, strlen (*address) - 2);
      g_free (*address);
      *address = inner;
    }
  *port = (guint) p;
  return TRUE;
}

/* The worker threads' work since start, for /metrics. */
static void
collect_workers (CsMetricsWriter *writer,
                 gpointer         user_data)
{
  CsEngine *engine = user_data;
  guint64 batches = 0, steps = 0, failed = 0;

  cs_engine_get_counters (engine, &batches, &steps, &failed);
  cs_metrics_writer_family (writer, "civicstream_engine_batches_total", "counter",
                            "Batches of workflow steps the engine's workers committed.");
  cs_metrics_writer_sample (writer, "civicstream_engine_batches_total", NULL, (double) batches, NULL);
  cs_metrics_writer_family (writer, "civicstream_step_executions_total", "counter",
                            "Step execution rows the engine’s workers wrote (new and updated).");
  cs_metrics_writer_sample (writer, "civicstream_step_executions_total", NULL, (double) steps, NULL);
  cs_metrics_writer_family (writer, "civicstream_engine_batches_failed_total", "counter",
                            "Batches rolled back (their steps are claimed again).");
  cs_metrics_writer_sample (writer, "civicstream_engine_batches_failed_total", NULL, (double) failed, NULL);
}

static void
collect_pool (CsMetricsWriter *writer,
              gpointer         user_data)
{
  CsWorkerPool *pool = user_data;

  cs_metrics_writer_family (writer, "civicstream_worker_threads", "gauge", "Worker threads of this server.");
  cs_metrics_writer_sample (writer, "civicstream_worker_threads", NULL,
                            cs_worker_pool_is_running (pool) ? cs_worker_pool_get_n_threads (pool) : 0,
                            "pool", cs_worker_pool_get_name (pool), NULL);
  cs_metrics_writer_family (writer, "civicstream_worker_batches_total", "counter",
                            "Batches of work (steps, jobs, reports) the worker threads committed.");
  cs_metrics_writer_sample (writer, "civicstream_worker_batches_total", NULL, (double) cs_worker_pool_get_batches (pool),
                            "pool", cs_worker_pool_get_name (pool), NULL);
}

static gboolean
pool_ready (gpointer   user_data,
            char     **why)
{
  if (cs_worker_pool_is_running (user_data))
    return TRUE;
  *why = g_strdup (_("the worker threads have stopped"));
  return FALSE;
}

int
cs_cli_serve (CsCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(CsDbConnection) owner = NULL;
  g_autoptr(CsMigrator) migrator = cs_migrator_new ();
  g_autoptr(CsWorkerPool) pool = NULL;
  g_autoptr(CsEngine) engine = NULL;
  g_autoptr(CsJobQueue) jobs = NULL;
  g_autoptr(CsHttpServer) server = NULL;
  g_autoptr(CsMonitoring) monitoring = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *address = NULL;
  int http_threads = 4;
  int workers = 2;
  guint port = 0;
  guint applied = 0;
  GOptionEntry entries[] = {
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, N_("Where to listen (default 127.0.0.1:8080; port 0 picks one)"),
      N_("ADDRESS:PORT") },
    { "http-threads", 0, 0, G_OPTION_ARG_INT, &http_threads, N_("Threads answering requests (default 4)"), N_("N") },
    { "workers", 'w', 0, G_OPTION_ARG_INT, &workers, N_("Worker threads running steps and jobs (default 2; 0: none)"),
      N_("N") },
    { NULL }
  };
  int status;

  g_option_context_set_summary (context,
    _("Run CivicStream headless: worker threads run the workflow engine and background jobs for every tenant, "
      "and an HTTP server answers the performance API (/api/v1/performance/…), Open311 (/open311/v2/…), "
      "/metrics, /health and /ready. Stop it with Ctrl+C."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return cs_cli_usage_error (cli, _("Unexpected argument “%s”"), argv[1]);
  if (http_threads < 1 || http_threads > 256 || workers < 0 || workers > 64)
    return cs_cli_usage_error (cli, _("--http-threads takes 1 to 256, --workers 0 to 64"));
  if (!parse_listen (listen ? listen : "127.0.0.1:8080", &address, &port, &error))
    return cs_cli_usage_error (cli, "%s", error->message);

  if (!(owner = cs_cli_connect_owner (cli, &error))
      || !cs_migrator_apply (migrator, owner, NULL, &applied, &error))
    return cs_cli_fail (cli, error);

  loop = g_main_loop_new (NULL, FALSE);

  if (workers > 0)
    {
      pool = cs_worker_pool_new (cs_db_connection_get_conninfo (owner), NULL, (guint) workers);
      cs_worker_pool_set_name (pool, "serve");
      engine = cs_engine_new ();
      cs_engine_attach (engine, pool);
      jobs = cs_job_queue_new ();
      cs_job_queue_attach (jobs, pool);
      cs_worker_pool_start (pool);
    }

  server = cs_http_server_new (cs_db_connection_get_conninfo (owner), NULL, (guint) http_threads);
  cs_http_server_set_session_setup (server, cs_api_session_setup, NULL);
  cs_api_add_health_routes (server, "");
  cs_api_add_health_routes (server, "/api/v1/performance");
  monitoring = cs_monitoring_new (server);
  if (pool != NULL)
    {
      cs_monitoring_add_collector (monitoring, collect_pool, g_object_ref (pool), g_object_unref);
      cs_monitoring_add_collector (monitoring, collect_workers, g_object_ref (engine), g_object_unref);
      cs_monitoring_add_readiness (monitoring, "workers", pool_ready, g_object_ref (pool), g_object_unref);
    }
  cs_monitoring_add_routes (monitoring);
  if (!cs_http_server_listen (server, address, port, &error))
    {
      if (pool != NULL)
        cs_worker_pool_stop (pool);
      return cs_cli_fail (cli, error);
    }

  g_print (_("Listening on http://%s:%u/ with %d worker threads.\n"), strchr (address, ':') ? "[::1]" : address,
           cs_http_server_get_port (server), workers);
  /* Whoever started us may be waiting for this line to know the port. */
  fflush (stdout);

  g_unix_signal_add (SIGINT, quit_loop, loop);
  g_unix_signal_add (SIGTERM, quit_loop, loop);
  g_main_loop_run (loop);

  g_print (_("Stopping…\n"));
  cs_http_server_stop (server);
  if (pool != NULL)
    cs_worker_pool_stop (pool);
  return CS_CLI_OK;
}
