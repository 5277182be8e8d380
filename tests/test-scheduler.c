/* test-scheduler.c: periodic jobs, one runner at a time across processes, on a real database
 *
 * Two worker pools with a scheduler each stand for two desktops (or a
 * desktop and a server) sharing one database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "workers/cs-scheduler.h"
#include "cs-test-cluster.h"

typedef struct
{
  char           *db;
  CsDbConnection *owner;
  char           *tenant;
  char           *login;
  CsWorkerPool   *pools[2];
  CsScheduler    *schedulers[2];
} Fixture;

static gint fail_next;   /* the "scores" job fails midway while set */

static char *
value (Fixture    *f,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  char *v = cs_db_connection_query_value (f->owner, sql, 0, NULL, &error);

  g_assert_no_error (error);
  return v;
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  g_autofree char *v = value (f, sql);
  return g_ascii_strtoll (v, NULL, 10);
}

/* Holds the job for a while and logs when, as its runner saw it. */
static gboolean
slow_job (CsDbConnection  *conn,
          gpointer         user_data,
          GCancellable    *cancellable,
          GError         **error)
{
  return cs_db_connection_command (conn, "INSERT INTO test_job_log (runner, started) VALUES ($1, clock_timestamp ())",
                                   1, (const char *[]) { user_data }, error)
    && cs_db_connection_command (conn, "SELECT pg_sleep (0.3)", 0, NULL, error)
    && cs_db_connection_command (conn,
         "UPDATE test_job_log SET finished = clock_timestamp () WHERE finished IS NULL AND runner = $1",
         1, (const char *[]) { user_data }, error);
}

/* Writes its result, then fails midway when told to. */
static gboolean
scores_job (CsDbConnection  *conn,
            gpointer         user_data,
            GCancellable    *cancellable,
            GError         **error)
{
  if (!cs_db_connection_command (conn, "UPDATE test_results SET value = value + 1", 0, NULL, error))
    return FALSE;
  if (g_atomic_int_get (&fail_next))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the areas table is being rebuilt");
      return FALSE;
    }
  return TRUE;
}

static gboolean
adhoc_job (CsDbConnection  *conn,
           gpointer         user_data,
           GCancellable    *cancellable,
           GError         **error)
{
  return cs_db_connection_command (conn, "UPDATE test_results SET adhoc = adhoc + 1", 0, NULL, error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char * const setup[] = {
    "CREATE TABLE test_job_log (runner text, started timestamptz, finished timestamptz)",
    "CREATE TABLE test_results (value int, adhoc int)",
    "INSERT INTO test_results VALUES (0, 0)",
    "GRANT SELECT, INSERT, UPDATE ON test_job_log, test_results TO civicstream_user",
  };

  g_autoptr(GError) error = NULL;

  f->db = cs_test_cluster_create_database (TRUE);
  f->owner = cs_test_cluster_connect (f->db, NULL);
  f->tenant = cs_test_add_tenant (f->owner, "springfield");
  f->login = g_strdup_printf ("%s_admin", f->db);
  cs_test_add_user (f->owner, f->login, f->tenant, "administrator");
  for (guint i = 0; i < G_N_ELEMENTS (setup); i++)
    {
      g_assert_true (cs_db_connection_command (f->owner, setup[i], 0, NULL, &error));
      g_assert_no_error (error);
    }
  g_atomic_int_set (&fail_next, 0);
}

static void
start_pools (Fixture *f,
             guint    poll_ms)
{
  g_autofree char *conninfo = cs_test_cluster_conninfo (f->db, f->login);

  for (guint i = 0; i < 2; i++)
    {
      f->pools[i] = cs_worker_pool_new (conninfo, NULL, 2);
      cs_worker_pool_set_poll_interval (f->pools[i], poll_ms);
      f->schedulers[i] = cs_scheduler_new ();
      cs_scheduler_add_job (f->schedulers[i], "slow", 1, slow_job, g_strdup_printf ("desktop-%u", i), g_free);
      cs_scheduler_add_job (f->schedulers[i], "scores", 3600, scores_job, NULL, NULL);
      cs_scheduler_add_job (f->schedulers[i], "adhoc", 0, adhoc_job, NULL, NULL);
      cs_scheduler_attach (f->schedulers[i], f->pools[i]);
    }
  for (guint i = 0; i < 2; i++)
    cs_worker_pool_start (f->pools[i]);
}

static void
stop_pools (Fixture *f)
{
  for (guint i = 0; i < 2; i++)
    if (f->pools[i] != NULL)
      cs_worker_pool_stop (f->pools[i]);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&f->pools[i]);
      g_clear_object (&f->schedulers[i]);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  stop_pools (f);
  g_clear_object (&f->owner);
  g_free (f->db);
  g_free (f->tenant);
  g_free (f->login);
}

static void
wait_for (Fixture    *f,
          const char *sql,
          gint64      at_least)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (count (f, sql) < at_least)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20000);
    }
}

static void
test_one_runner_at_a_time (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *runners = NULL;
  gint64 runs;

  start_pools (f, 50);
  g_usleep (4 * G_USEC_PER_SEC);
  stop_pools (f);

  /* Four threads in two processes asked all the time; the job ran about
   * once a second, never two at once. */
  runs = count (f, "SELECT count(*) FROM test_job_log WHERE finished IS NOT NULL");
  g_assert_cmpint (runs, >=, 2);
  g_assert_cmpint (runs, <=, 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM test_job_log a JOIN test_job_log b ON a.ctid < b.ctid"
                             " WHERE a.started < b.finished AND b.started < a.finished"), ==, 0);
  /* The interval holds between runs, whoever ran them. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM (SELECT started - lag (finished) OVER (ORDER BY started) AS gap"
                             " FROM test_job_log) g WHERE gap < interval '0.95 s'"), ==, 0);
  /* Recorded once per run, for this tenant. */
  g_assert_cmpint (count (f, "SELECT runs FROM job_runs WHERE name = 'slow'"), ==, runs);
  runners = value (f, "SELECT runner FROM job_runs WHERE name = 'slow'");
  g_assert_true (g_str_has_prefix (runners, g_get_host_name ()));
  g_assert_cmpint (count (f, "SELECT count(*) FROM job_runs WHERE name = 'slow' AND tenant_id IS NULL"), ==, 0);
}

static void
test_failure_keeps_previous_results (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *error = NULL;
  g_autoptr(GError) local_error = NULL;

  start_pools (f, 50);
  wait_for (f, "SELECT value FROM test_results", 1);
  g_assert_cmpint (count (f, "SELECT runs FROM job_runs WHERE name = 'scores'"), ==, 1);

  /* The next run fails after writing: its write does not stay. */
  g_atomic_int_set (&fail_next, 1);
  {
    g_autoptr(CsDbConnection) admin = cs_test_cluster_connect (f->db, f->login);
    g_assert_true (cs_db_connection_command (admin, CS_SCHEDULER_REQUEST_SQL, 1, (const char *[]) { "scores" },
                                             &local_error));
    g_assert_no_error (local_error);
  }
  wait_for (f, "SELECT failures FROM job_runs WHERE name = 'scores'", 1);
  g_assert_cmpint (count (f, "SELECT value FROM test_results"), ==, 1);
  error = value (f, "SELECT status || ': ' || error FROM job_runs WHERE name = 'scores'");
  g_assert_cmpstr (error, ==, "failed: the areas table is being rebuilt");
  /* The last good run still says when the results were made. */
  g_assert_cmpint (count (f, "SELECT runs FROM job_runs WHERE name = 'scores'"), ==, 1);

  /* A failed run is retried (the hourly interval counts from the last good run). */
  g_atomic_int_set (&fail_next, 0);
  {
    g_autoptr(CsDbConnection) admin = cs_test_cluster_connect (f->db, f->login);
    g_assert_true (cs_db_connection_command (admin, CS_SCHEDULER_REQUEST_SQL, 1, (const char *[]) { "scores" },
                                             &local_error));
  }
  wait_for (f, "SELECT value FROM test_results", 2);
  g_assert_cmpint (count (f, "SELECT runs FROM job_runs WHERE name = 'scores'"), ==, 2);
}

static void
test_request_runs_once_at_once (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDbConnection) admin = cs_test_cluster_connect (f->db, f->login);
  gint64 asked;

  /* Long poll intervals: only the notification can make it quick. */
  start_pools (f, 60000);
  g_usleep (G_USEC_PER_SEC / 2);
  g_assert_cmpint (count (f, "SELECT adhoc FROM test_results"), ==, 0);

  asked = g_get_monotonic_time ();
  g_assert_true (cs_db_connection_command (admin, CS_SCHEDULER_REQUEST_SQL, 1, (const char *[]) { "adhoc" }, &error));
  g_assert_no_error (error);
  wait_for (f, "SELECT adhoc FROM test_results", 1);
  g_assert_cmpint (g_get_monotonic_time () - asked, <, 3 * G_USEC_PER_SEC);
  g_usleep (G_USEC_PER_SEC);
  g_assert_cmpint (count (f, "SELECT adhoc FROM test_results"), ==, 1);
  g_assert_cmpuint (cs_scheduler_get_runs (f->schedulers[0], "adhoc") + cs_scheduler_get_runs (f->schedulers[1], "adhoc"),
                    ==, 1);
}

static void
test_intervals (void)
{
  g_autoptr(CsScheduler) scheduler = cs_scheduler_new ();

  cs_scheduler_add_job (scheduler, "sla", 900, adhoc_job, NULL, NULL);
  g_assert_cmpuint (cs_scheduler_get_interval (scheduler, "sla"), ==, 900);
  cs_scheduler_set_interval (scheduler, "sla", 60);
  g_assert_cmpuint (cs_scheduler_get_interval (scheduler, "sla"), ==, 60);
  g_assert_cmpuint (cs_scheduler_get_interval (scheduler, "unknown"), ==, 0);
  g_assert_cmpuint (cs_scheduler_get_runs (scheduler, "sla"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scheduler/intervals", test_intervals);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/scheduler/one-runner-at-a-time", test_one_runner_at_a_time);
  ADD ("/scheduler/failure-keeps-previous-results", test_failure_keeps_previous_results);
  ADD ("/scheduler/request-runs-once-at-once", test_request_runs_once_at_once);
#undef ADD
  return g_test_run ();
}
