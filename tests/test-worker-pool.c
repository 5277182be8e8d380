/* test-worker-pool.c: jobs claimed by several pools are done exactly once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "core/cs-error.h"
#include "workers/cs-job-queue.h"
#include "workers/cs-worker-pool.h"
#include "cs-test-cluster.h"

typedef struct
{
  char           *db;
  CsDbConnection *owner;
  char           *tenant;
  char           *login;
  char           *conninfo;
  guint           reports;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->db = cs_test_cluster_create_database (TRUE);
  f->owner = cs_test_cluster_connect (f->db, NULL);
  f->tenant = cs_test_add_tenant (f->owner, "town");
  f->login = g_strdup_printf ("%s_worker", f->db);
  cs_test_add_user (f->owner, f->login, f->tenant, "officer");
  f->conninfo = cs_test_cluster_conninfo (f->db, f->login);

  /* What the jobs do: one row per execution, so a job done twice shows. */
  cs_db_connection_command (f->owner,
                            "CREATE TABLE effects (job_id bigint, worker text, at timestamptz DEFAULT now())",
                            0, NULL, &error);
  g_assert_no_error (error);
  cs_db_connection_command (f->owner, "GRANT SELECT, INSERT ON effects TO civicstream_user", 0, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->owner);
  g_free (f->db);
  g_free (f->tenant);
  g_free (f->login);
  g_free (f->conninfo);
}

static gboolean
record_effect (CsWorkerContext  *ctx,
               const CsJob      *job,
               JsonNode        **result,
               gpointer          user_data,
               GError          **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, job->id);
  guint delay_us = GPOINTER_TO_UINT (user_data);

  if (!cs_db_connection_command (ctx->conn, "INSERT INTO effects (job_id, worker) VALUES ($1::bigint, $2)",
                                 2, (const char *[]) { id, ctx->worker_id }, error))
    return FALSE;
  if (delay_us > 0)
    g_usleep (delay_us);
  *result = json_from_string ("{\"ok\": true}", NULL);
  return TRUE;
}

static void
enqueue (Fixture *f,
         guint    n)
{
  g_autoptr(CsDbConnection) conn = cs_test_cluster_connect (f->db, f->login);
  g_autoptr(GError) error = NULL;
  g_autofree char *count = g_strdup_printf ("%u", n);

  /* One statement for speed; the trigger announces each job. */
  cs_db_connection_command (conn, "INSERT INTO jobs (kind, payload)"
                                  " SELECT 'test.effect', jsonb_build_object ('n', i)"
                                  " FROM generate_series (1, $1::int) AS i",
                            1, (const char *[]) { count }, &error);
  g_assert_no_error (error);
}

static char *
value (Fixture    *f,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  char *v = cs_db_connection_query_value (f->owner, sql, 0, NULL, &error);
  g_assert_no_error (error);
  return v;
}

static guint
count_where (Fixture    *f,
             const char *sql)
{
  g_autofree char *v = value (f, sql);
  return (guint) atoi (v);
}

static void
count_report (CsWorkerPool *pool,
              const char   *source,
              const char   *what,
              gboolean      success,
              const char   *message,
              Fixture      *f)
{
  /* Reports arrive on the main context, never on a worker thread. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  if (success)
    f->reports++;
}

static CsWorkerPool *
make_pool (Fixture    *f,
           const char *name,
           guint       threads,
           guint       delay_us,
           guint       batch)
{
  CsWorkerPool *pool = cs_worker_pool_new (f->conninfo, NULL, threads);
  g_autoptr(CsJobQueue) queue = cs_job_queue_new ();

  cs_worker_pool_set_name (pool, name);
  cs_worker_pool_set_poll_interval (pool, 100);
  cs_job_queue_register (queue, "test.effect", record_effect, GUINT_TO_POINTER (delay_us), NULL);
  cs_job_queue_set_batch_size (queue, batch);
  cs_job_queue_attach (queue, pool);
  g_signal_connect (pool, "work-done", G_CALLBACK (count_report), f);
  return pool;
}

static void
wait_for_done (Fixture *f,
               guint    n,
               guint    timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (count_where (f, "SELECT count(*) FROM jobs WHERE state = 'done'") < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (20000);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_two_pools_exactly_once (Fixture       *f,
                             gconstpointer  data)
{
  const guint n = 600;
  g_autoptr(CsWorkerPool) a = make_pool (f, "pool-a", 2, 300, 8);
  g_autoptr(CsWorkerPool) b = make_pool (f, "pool-b", 2, 300, 8);

  enqueue (f, n);
  cs_worker_pool_start (a);
  cs_worker_pool_start (b);
  wait_for_done (f, n, 120);
  cs_worker_pool_stop (a);
  cs_worker_pool_stop (b);

  /* Each job took effect once, on its first and only attempt. */
  g_assert_cmpuint (count_where (f, "SELECT count(*) FROM effects"), ==, n);
  g_assert_cmpuint (count_where (f, "SELECT count(DISTINCT job_id) FROM effects"), ==, n);
  g_assert_cmpuint (count_where (f, "SELECT count(*) FROM jobs WHERE state = 'done' AND attempts = 1"
                                    " AND result = '{\"ok\": true}'"), ==, n);
  /* Both pools took part. */
  g_assert_cmpuint (count_where (f, "SELECT count(*) FROM effects WHERE worker LIKE '%pool-a%'"), >, 0);
  g_assert_cmpuint (count_where (f, "SELECT count(*) FROM effects WHERE worker LIKE '%pool-b%'"), >, 0);
  g_assert_cmpuint (f->reports, ==, n);
}

static void
test_stop_releases_claims (Fixture       *f,
                           gconstpointer  data)
{
  const guint n = 300;
  g_autoptr(CsWorkerPool) first = make_pool (f, "first", 2, 5000, 50);
  g_autoptr(CsWorkerPool) second = NULL;

  enqueue (f, n);
  cs_worker_pool_start (first);
  while (count_where (f, "SELECT count(*) FROM effects") < 10)
    g_usleep (10000);
  cs_worker_pool_stop (first);

  /* Stopped midway: every job is either done with its effect, or still
   * queued without one; none is half-done or lost. */
  g_assert_cmpuint (count_where (f, "SELECT count(*) FROM jobs WHERE state = 'done'"), <, n);
  g_assert_cmpuint (count_where (f, "SELECT count(*) FROM jobs j WHERE state = 'done'"
                                    " AND NOT EXISTS (SELECT 1 FROM effects e WHERE e.job_id = j.id)"), ==, 0);
  g_assert_cmpuint (count_where (f, "SELECT count(*) FROM jobs j WHERE state = 'queued'"
                                    " AND EXISTS (SELECT 1 FROM effects e WHERE e.job_id = j.id)"), ==, 0);

  second = make_pool (f, "second", 2, 0, 50);
  cs_worker_pool_start (second);
  wait_for_done (f, n, 120);
  cs_worker_pool_stop (second);
  g_assert_cmpuint (count_where (f, "SELECT count(*) FROM effects"), ==, n);
  g_assert_cmpuint (count_where (f, "SELECT count(DISTINCT job_id) FROM effects"), ==, n);
}

static gboolean
fail_until_third (CsWorkerContext  *ctx,
                  const CsJob      *job,
                  JsonNode        **result,
                  gpointer          user_data,
                  GError          **error)
{
  /* A failed attempt's writes are rolled back with its savepoint. */
  if (!cs_db_connection_command (ctx->conn, "INSERT INTO effects (job_id, worker) VALUES (-1, 'failed attempt')",
                                 0, NULL, error))
    return FALSE;
  if (job->attempts < 2)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED, "attempt %d fails", job->attempts + 1);
      return FALSE;
    }
  return TRUE;
}

static void
test_failed_jobs_retry_with_backoff (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(CsWorkerPool) pool = cs_worker_pool_new (f->conninfo, NULL, 1);
  g_autoptr(CsJobQueue) queue = cs_job_queue_new ();
  g_autoptr(CsDbConnection) conn = cs_test_cluster_connect (f->db, f->login);
  g_autoptr(GError) error = NULL;
  g_autofree char *last_error = NULL;
  gint64 id;

  cs_worker_pool_set_poll_interval (pool, 50);
  cs_job_queue_register (queue, "test.flaky", fail_until_third, NULL, NULL);
  cs_job_queue_attach (queue, pool);

  id = cs_job_queue_enqueue (conn, "test.flaky", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  cs_worker_pool_start (pool);
  /* Retries are delayed; pull them forward rather than wait out the backoff. */
  for (guint i = 0; i < 400 && count_where (f, "SELECT count(*) FROM jobs WHERE state = 'done'") == 0; i++)
    {
      cs_db_connection_command (f->owner, "UPDATE jobs SET run_after = now() WHERE state = 'queued'", 0, NULL, NULL);
      g_usleep (25000);
    }
  cs_worker_pool_stop (pool);

  g_assert_cmpuint (count_where (f, "SELECT attempts FROM jobs"), ==, 3);
  g_assert_cmpuint (count_where (f, "SELECT count(*) FROM jobs WHERE state = 'done'"), ==, 1);
  g_assert_cmpuint (count_where (f, "SELECT count(*) FROM effects WHERE job_id = -1"), ==, 1);
  last_error = value (f, "SELECT coalesce (last_error, 'none') FROM jobs");
  g_assert_cmpstr (last_error, ==, "none");
}

static void
test_reconnects_after_server_drops_connections (Fixture       *f,
                                                gconstpointer  data)
{
  g_autoptr(CsWorkerPool) pool = make_pool (f, "resilient", 2, 0, 10);
  g_autoptr(GError) error = NULL;
  g_autofree char *terminate = NULL;

  enqueue (f, 20);
  cs_worker_pool_start (pool);
  wait_for_done (f, 20, 60);

  /* The server drops the workers' connections, as on a restart. */
  terminate = g_strdup_printf ("SELECT count(pg_terminate_backend (pid)) FROM pg_stat_activity"
                               " WHERE usename = '%s'", f->login);
  g_assert_cmpuint (count_where (f, terminate), >=, 2);

  enqueue (f, 20);
  wait_for_done (f, 40, 60);
  cs_worker_pool_stop (pool);
  g_assert_cmpuint (count_where (f, "SELECT count(DISTINCT job_id) FROM effects"), ==, 40);
  g_assert_cmpuint (count_where (f, "SELECT count(*) FROM effects"), ==, 40);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/worker-pool/two-pools-exactly-once", Fixture, NULL, fixture_set_up,
              test_two_pools_exactly_once, fixture_tear_down);
  g_test_add ("/worker-pool/stop-releases-claims", Fixture, NULL, fixture_set_up,
              test_stop_releases_claims, fixture_tear_down);
  g_test_add ("/worker-pool/failed-jobs-retry", Fixture, NULL, fixture_set_up,
              test_failed_jobs_retry_with_backoff, fixture_tear_down);
  g_test_add ("/worker-pool/reconnects", Fixture, NULL, fixture_set_up,
              test_reconnects_after_server_drops_connections, fixture_tear_down);
  return g_test_run ();
}
