/* test-history.c: simulated history written to PostgreSQL, and carried on by the engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store/cs-history.h"
#include "store/cs-workflow-repo.h"
#include "workers/cs-engine.h"
#include "cs-test-cluster.h"

typedef struct
{
  char           *db;
  CsDbConnection *owner;
  char           *tenant;
  char           *admin;
  CsDbConnection *as_admin;
} Fixture;

static char *
value (CsDbConnection *conn,
       const char     *sql,
       const char     *param)
{
  g_autoptr(GError) error = NULL;
  char *v = cs_db_connection_query_value (conn, sql, param ? 1 : 0, (const char *[]) { param }, &error);
  g_assert_no_error (error);
  return v;
}

static int
number (CsDbConnection *conn,
        const char     *sql,
        const char     *param)
{
  g_autofree char *v = value (conn, sql, param);
  return atoi (v);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->db = cs_test_cluster_create_database (TRUE);
  f->owner = cs_test_cluster_connect (f->db, NULL);
  f->tenant = cs_test_add_tenant (f->owner, "simstad");
  f->admin = g_strdup_printf ("%s_admin", f->db);
  cs_test_add_user (f->owner, f->admin, f->tenant, "administrator");
  f->as_admin = cs_test_cluster_connect (f->db, f->admin);
  g_assert_true (cs_workflow_repo_install_examples (f->as_admin, NULL, &error));
  g_assert_no_error (error);
  cs_db_connection_command (f->owner, "INSERT INTO areas (tenant_id, name) VALUES ($1::uuid, 'North'), ($1::uuid, 'South')",
                            1, (const char *[]) { f->tenant }, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->as_admin);
  g_clear_object (&f->owner);
  g_free (f->db);
  g_free (f->tenant);
  g_free (f->admin);
}

static void
simulate (Fixture  *f,
          guint     days,
          guint64  *instances,
          guint64  *records)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSimulator) sim = NULL;
  CsHistoryOptions options = { NULL, days, 7, 1.0, FALSE, CS_SIM_OUTPUTS_ALL, NULL, "Europe/Amsterdam" };

  cs_history_simulate (f->as_admin, &options, instances, records, &sim, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cs_simulator_get_summary (sim));
}

static void
test_history_is_complete_and_consistent (Fixture       *f,
                                         gconstpointer  data)
{
  guint64 instances = 0, records = 0;
  g_autoptr(PGresult) missing = NULL;
  g_autoptr(GError) error = NULL;

  simulate (f, 21, &instances, &records);
  g_assert_cmpuint (instances, >, 500);
  g_assert_cmpuint ((guint) number (f->owner, "SELECT count(*) FROM workflow_instances", NULL), ==, instances);
  g_assert_cmpuint ((guint) number (f->owner, "SELECT count(*) FROM step_executions", NULL), ==, records);

  /* Every terminal of every example was reached by someone. */
  missing = cs_db_connection_exec (f->owner,
    "SELECT w.key, s->>'id' FROM workflows w JOIN workflow_versions v ON v.workflow_id = w.id,"
    "       jsonb_array_elements (v.definition->'steps') s"
    " WHERE s->>'type' = 'terminal' AND NOT EXISTS (SELECT 1 FROM step_executions e"
    "   WHERE e.workflow_id = w.id AND e.step_id = s->>'id' AND e.status = 'completed')",
    0, NULL, &error);
  g_assert_no_error (error);
  if (PQntuples (missing) > 0)
    g_error ("terminal %s.%s never reached", PQgetvalue (missing, 0, 0), PQgetvalue (missing, 0, 1));

  /* The records hold together as the engine's do. */
  g_assert_cmpint (number (f->owner, "SELECT count(*) FROM step_executions WHERE status = 'completed'"
                                     " AND abs (queue_time_ms - extract (epoch FROM started_at - enqueued_at) * 1000) > 1", NULL), ==, 0);
  g_assert_cmpint (number (f->owner, "SELECT count(*) FROM step_executions WHERE status = 'completed'"
                                     " AND (completed_at < started_at OR started_at < enqueued_at)", NULL), ==, 0);
  g_assert_cmpint (number (f->owner, "SELECT count(*) FROM step_executions WHERE environment <> 'simulation'", NULL), ==, 0);
  /* Attributes for analysis came along. */
  g_assert_cmpint (number (f->owner, "SELECT count(*) FROM workflow_instances WHERE attributes->>'area' IN ('North', 'South')"
                                     " AND attributes ? 'channel'", NULL), ==, (int) instances);
  /* Data templates work whatever the order of the stored profile's keys. */
  g_assert_cmpint (number (f->owner, "SELECT count(*) FROM workflow_instances WHERE btrim (data->>'owner_name') = ''", NULL), ==, 0);
  g_assert_cmpint (number (f->owner, "SELECT count(*) FROM workflow_instances i JOIN workflows w ON w.id = i.workflow_id"
                                     " WHERE w.key = 'business_licence' AND i.outcome = 'SUCCESS'", NULL), >, 0);
  /* Work in progress: every waiting approval has its task. */
  g_assert_cmpint (number (f->owner, "SELECT count(*) FROM step_executions WHERE status = 'waiting'", NULL), >, 0);
  g_assert_cmpint (number (f->owner, "SELECT count(*) FROM step_executions e WHERE status = 'waiting'"
                                     " AND NOT EXISTS (SELECT 1 FROM approval_tasks t WHERE t.step_execution_id = e.id"
                                     " AND t.status = 'open')", NULL), ==, 0);
}

static void
test_engine_carries_on (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) task = NULL;
  g_autoptr(CsEngine) engine = cs_engine_new ();
  g_autoptr(CsWorkerPool) pool = NULL;
  g_autofree char *conninfo = cs_test_cluster_conninfo (f->db, f->admin);
  g_autofree char *officer = g_strdup_printf ("%s_officer", f->db);
  g_autofree char *agency_id = NULL;
  g_autofree char *instance = NULL;
  gint64 deadline;
  guint64 n, r;

  simulate (f, 10, &n, &r);

  /* A complaint investigation still open at the end of the period… */
  task = cs_db_connection_exec (f->owner,
    "SELECT t.id, t.roles[1], t.agency, t.instance_id FROM approval_tasks t JOIN workflows w ON w.id = t.workflow_id"
    " WHERE w.key = 'complaint_handling' AND t.status = 'open' ORDER BY t.id LIMIT 1", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (PQntuples (task), ==, 1);
  instance = g_strdup (PQgetvalue (task, 0, 3));

  /* …is decided by an officer of its agency holding its role. */
  cs_test_add_user (f->owner, officer, f->tenant, "officer");
  agency_id = value (f->owner, "SELECT id FROM agencies WHERE name = $1", PQgetvalue (task, 0, 2));
  cs_db_connection_command (f->owner, "UPDATE app_users SET agency_id = $2::uuid, approver_roles = ARRAY[$3]"
                                      " WHERE login_role = $1",
                            3, (const char *[]) { officer, agency_id, PQgetvalue (task, 0, 1) }, &error);
  g_assert_no_error (error);
  {
    g_autoptr(CsDbConnection) as_officer = cs_test_cluster_connect (f->db, officer);
    cs_db_connection_command (as_officer, "SELECT cs_approval_decide ($1::bigint, 'approved', 'fixed')",
                              1, (const char *[]) { PQgetvalue (task, 0, 0) }, &error);
    g_assert_no_error (error);
  }

  /* The real engine takes the simulated instance to its end. */
  pool = cs_worker_pool_new (conninfo, NULL, 2);
  cs_worker_pool_set_poll_interval (pool, 50);
  cs_engine_attach (engine, pool);
  cs_worker_pool_start (pool);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autofree char *status = value (f->owner, "SELECT status FROM workflow_instances WHERE id = $1::bigint", instance);
      if (!g_str_equal (status, "running"))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20000);
    }
  cs_worker_pool_stop (pool);
  {
    g_autofree char *outcome = value (f->owner, "SELECT outcome FROM workflow_instances WHERE id = $1::bigint", instance);
    g_assert_cmpstr (outcome, ==, "SUCCESS");
  }
  g_assert_cmpint (number (f->owner, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                                     " AND environment = 'worker' AND step_id = 'collect_feedback'", instance), ==, 1);
}

static gpointer
cancel_soon (gpointer data)
{
  g_usleep (300000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_interrupted_leaves_nothing (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CsHistoryOptions options = { NULL, 3000, 9, 3.0, FALSE, CS_SIM_OUTPUTS_ALL, NULL, NULL };
  GThread *canceller = g_thread_new ("cancel", cancel_soon, cancellable);

  g_assert_false (cs_history_simulate (f->as_admin, &options, NULL, NULL, NULL, cancellable, &error));
  g_thread_join (canceller);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (number (f->owner, "SELECT count(*) FROM workflow_instances", NULL), ==, 0);
  g_assert_cmpint (number (f->owner, "SELECT count(*) FROM step_executions", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/history/complete-and-consistent", test_history_is_complete_and_consistent);
  ADD ("/history/engine-carries-on", test_engine_carries_on);
  ADD ("/history/interrupted-leaves-nothing", test_interrupted_leaves_nothing);
#undef ADD
  return g_test_run ();
}
