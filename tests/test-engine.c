/* test-engine.c: the workflow engine on a real PostgreSQL, run by real worker threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "core/cs-error.h"
#include "core/cs-workflow-builder.h"
#include "store/cs-workflow-repo.h"
#include "workers/cs-engine.h"
#include "workers/cs-worker-pool.h"
#include "cs-test-cluster.h"

typedef struct
{
  char           *db;
  CsDbConnection *owner;
  char           *tenant;
  char           *admin;
  char           *designer;
  char           *clerk;        /* officer of the Civil Registry, approver role "registrar" */
  char           *outsider;     /* officer of another agency */
  char           *supervisor;   /* officer with approver role "supervisor" */
  CsDbConnection *as_admin;
  CsDbConnection *as_designer;
  CsEngine       *engine;
  CsWorkerPool   *pool;
} Fixture;

static volatile gboolean fail_handler_fails;

static gboolean
noop (CsHandlerContext *ctx, JsonObject *in, JsonObject *out, GError **error)
{
  json_object_set_string_member (out, "ran", ctx->step_id);
  return TRUE;
}

static gboolean
flaky (CsHandlerContext *ctx, JsonObject *in, JsonObject *out, GError **error)
{
  if (fail_handler_fails)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED, "the registry is closed today");
      return FALSE;
    }
  json_object_set_boolean_member (out, "flaky_done", TRUE);
  return TRUE;
}

/* Blocks while holding its claim, and says so with a file: the crash test
 * kills the process right here, between claim and commit. */
static gboolean
blocking (CsHandlerContext *ctx, JsonObject *in, JsonObject *out, GError **error)
{
  const char *marker = g_getenv ("CS_TEST_BLOCK_MARKER");

  if (marker != NULL)
    {
      g_file_set_contents (marker, "claimed", -1, NULL);
      g_usleep (60 * G_USEC_PER_SEC);
    }
  json_object_set_boolean_member (out, "blocked_done", TRUE);
  return TRUE;
}

static void
register_handlers (void)
{
  CsHandlerRegistry *registry = cs_handler_registry_get_default ();

  cs_handler_registry_register_func (registry, "test.noop", noop, "does nothing", NULL, NULL);
  cs_handler_registry_register_func (registry, "test.flaky", flaky, "fails when told to", NULL, NULL);
  cs_handler_registry_register_func (registry, "test.block", blocking, "blocks in a child", NULL, NULL);
}

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

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *agency = NULL;
  g_autofree char *other = NULL;

  f->db = cs_test_cluster_create_database (TRUE);
  f->owner = cs_test_cluster_connect (f->db, NULL);
  f->tenant = cs_test_add_tenant (f->owner, "springfield");
  f->admin = g_strdup_printf ("%s_admin", f->db);
  f->designer = g_strdup_printf ("%s_designer", f->db);
  f->clerk = g_strdup_printf ("%s_clerk", f->db);
  f->outsider = g_strdup_printf ("%s_outsider", f->db);
  f->supervisor = g_strdup_printf ("%s_supervisor", f->db);
  cs_test_add_user (f->owner, f->admin, f->tenant, "administrator");
  cs_test_add_user (f->owner, f->designer, f->tenant, "designer");
  cs_test_add_user (f->owner, f->clerk, f->tenant, "officer");
  cs_test_add_user (f->owner, f->outsider, f->tenant, "officer");
  cs_test_add_user (f->owner, f->supervisor, f->tenant, "officer");

  agency = value (f->owner, "INSERT INTO agencies (tenant_id, name) VALUES ($1::uuid, 'Civil Registry') RETURNING id",
                  f->tenant);
  other = value (f->owner, "INSERT INTO agencies (tenant_id, name) VALUES ($1::uuid, 'Parks') RETURNING id",
                 f->tenant);
  cs_db_connection_command (f->owner, "UPDATE app_users SET agency_id = $2::uuid, approver_roles = '{registrar}'"
                                      " WHERE login_role = $1", 2, (const char *[]) { f->clerk, agency }, &error);
  g_assert_no_error (error);
  cs_db_connection_command (f->owner, "UPDATE app_users SET agency_id = $2::uuid, approver_roles = '{registrar}'"
                                      " WHERE login_role = $1", 2, (const char *[]) { f->outsider, other }, &error);
  g_assert_no_error (error);
  cs_db_connection_command (f->owner, "UPDATE app_users SET agency_id = $2::uuid, approver_roles = '{supervisor}'"
                                      " WHERE login_role = $1", 2, (const char *[]) { f->supervisor, agency }, &error);
  g_assert_no_error (error);

  f->as_admin = cs_test_cluster_connect (f->db, f->admin);
  f->as_designer = cs_test_cluster_connect (f->db, f->designer);
  f->engine = cs_engine_new ();
  conninfo = cs_test_cluster_conninfo (f->db, f->admin);
  f->pool = cs_worker_pool_new (conninfo, NULL, 2);
  cs_worker_pool_set_poll_interval (f->pool, 100);
  cs_engine_attach (f->engine, f->pool);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  cs_worker_pool_stop (f->pool);
  g_clear_object (&f->pool);
  g_clear_object (&f->engine);
  g_clear_object (&f->as_admin);
  g_clear_object (&f->as_designer);
  g_clear_object (&f->owner);
  g_free (f->db);
  g_free (f->tenant);
  g_free (f->admin);
  g_free (f->designer);
  g_free (f->clerk);
  g_free (f->outsider);
  g_free (f->supervisor);
}

static void
publish (Fixture    *f,
         CsWorkflow *wf)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsVersionInfo) info = cs_workflow_repo_add_version (f->as_designer, wf, TRUE, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (info->status, ==, "published");
}

static gint64
start (Fixture    *f,
       const char *key,
       const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json ? json : "{}", &error);
  gint64 id;

  g_assert_no_error (error);
  id = cs_engine_start_instance (f->engine, f->as_admin, key, json_node_get_object (node), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static char *
instance_field (Fixture    *f,
                gint64      id,
                const char *field)
{
  g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (%s::text, '') FROM workflow_instances WHERE id = $1::bigint",
                                          field);
  return value (f->owner, sql, sid);
}

/* Waits until the instance's status is no longer running (or @want). */
static char *
wait_status (Fixture    *f,
             gint64      id,
             const char *want)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *status = instance_field (f, id, "status");

      if (want ? g_str_equal (status, want) : !g_str_equal (status, "running"))
        return g_steal_pointer (&status);
      if (g_get_monotonic_time () > deadline)
        g_error ("instance %" G_GINT64_FORMAT " still %s", id, status);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (20000);
    }
}

static guint
count (Fixture    *f,
       const char *sql,
       gint64      id)
{
  g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *v = value (f->owner, sql, sid);
  return (guint) atoi (v);
}

/* validate → (docs ∥ fee) → join → route: score >= 50 → approve ; otherwise → reject_note → rejected
 * approve (registrar, Civil Registry) → approved: issue → done ; rejected: reject_note */
static CsWorkflow *
licence_like (void)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("licence_like", 1, "Licence-like");
  CsStep *approve;

  cs_action (b, "validate", "Validate", "test.noop");
  cs_action (b, "docs", "Documents", "test.noop");
  cs_action (b, "fee", "Fee", "test.noop");
  cs_action (b, "join", "Join", "test.noop");
  cs_conditional (b, "route", "Route");
  approve = cs_approval (b, "approve", "Registrar approval", "registrar", NULL);
  cs_step_set_agency (approve, "Civil Registry");
  cs_action (b, "issue", "Issue", "test.noop");
  cs_action (b, "reject_note", "Rejection letter", "test.noop");
  cs_terminal (b, "done", "Issued", CS_TERMINAL_SUCCESS);
  cs_terminal (b, "rejected", "Rejected", CS_TERMINAL_REJECTED);
  cs_start (b, "validate");
  cs_fork (b, "validate", "docs", "fee", NULL);
  cs_join (b, "join", "docs", "fee", NULL);
  cs_flow (b, "join", "route", NULL);
  cs_when (b, "route", "score >= 50", "approve");
  cs_otherwise (b, "route", "reject_note");
  cs_on_approved (b, "approve", "issue");
  cs_on_rejected (b, "approve", "reject_note");
  cs_flow (b, "issue", "done", NULL);
  cs_flow (b, "reject_note", "rejected", NULL);
  return cs_workflow_builder_finish (b);
}

static gint64
open_task (Fixture *f,
           gint64   instance)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, instance);

  for (;;)
    {
      g_autofree char *task = value (f->owner,
        "SELECT coalesce (max (id), 0) FROM approval_tasks WHERE instance_id = $1::bigint AND status = 'open'", sid);
      if (!g_str_equal (task, "0"))
        return g_ascii_strtoll (task, NULL, 10);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20000);
    }
}

static gboolean
decide (Fixture     *f,
        const char  *login,
        gint64       task,
        const char  *decision,
        GError     **error)
{
  g_autoptr(CsDbConnection) conn = cs_test_cluster_connect (f->db, login);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, task);
  return cs_db_connection_command (conn, "SELECT cs_approval_decide ($1::bigint, $2, 'checked the file')",
                                   2, (const char *[]) { id, decision }, error);
}

static void
test_split_join_and_terminals (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(CsWorkflow) wf = licence_like ();
  g_autoptr(GError) error = NULL;
  gint64 low, high, refused;
  g_autofree char *low_status = NULL;
  g_autofree char *high_status = NULL;
  g_autofree char *refused_status = NULL;
  g_autofree char *outcome = NULL;

  publish (f, wf);
  cs_worker_pool_start (f->pool);

  /* Low score: the conditional routes past the approval to the rejection. */
  low = start (f, "licence_like", "{\"score\": 10}");
  low_status = wait_status (f, low, NULL);
  g_assert_cmpstr (low_status, ==, "completed");
  outcome = instance_field (f, low, "outcome");
  g_assert_cmpstr (outcome, ==, "REJECTED");
  /* The parallel branches ran once each and the join once, after both. */
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                              " AND step_id IN ('docs', 'fee', 'join') AND status = 'completed'", low), ==, 3);
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions j, step_executions d, step_executions e"
                              " WHERE j.instance_id = $1::bigint AND j.step_id = 'join'"
                              "   AND d.instance_id = j.instance_id AND d.step_id = 'docs'"
                              "   AND e.instance_id = j.instance_id AND e.step_id = 'fee'"
                              "   AND j.started_at >= d.completed_at AND j.started_at >= e.completed_at", low), ==, 1);
  /* The approval branch was skipped, and recorded as such. */
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                              " AND step_id IN ('approve', 'issue') AND status = 'skipped'", low), ==, 2);

  /* High score, approved: issued. */
  high = start (f, "licence_like", "{\"score\": 80}");
  g_assert_true (decide (f, f->clerk, open_task (f, high), "approved", &error));
  g_assert_no_error (error);
  high_status = wait_status (f, high, NULL);
  g_assert_cmpstr (high_status, ==, "completed");
  g_free (outcome);
  outcome = instance_field (f, high, "outcome");
  g_assert_cmpstr (outcome, ==, "SUCCESS");

  /* High score, rejected. */
  refused = start (f, "licence_like", "{\"score\": 80}");
  g_assert_true (decide (f, f->clerk, open_task (f, refused), "rejected", &error));
  refused_status = wait_status (f, refused, NULL);
  g_free (outcome);
  outcome = instance_field (f, refused, "outcome");
  g_assert_cmpstr (outcome, ==, "REJECTED");

  /* Every completed step has its timings. */
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                              " AND status = 'completed' AND (started_at IS NULL OR completed_at IS NULL"
                              "  OR queue_time_ms < 0 OR execution_time_ms < 0 OR started_at < enqueued_at)", high), ==, 0);
  /* The approval's time is the people's: waiting for approval, with a wait time. */
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                              " AND step_id = 'approve' AND status = 'completed' AND waiting_for_approval"
                              " AND wait_time_ms > 0 AND executed_by = (SELECT login_role::text FROM app_users"
                              "  WHERE login_role LIKE '%_clerk') AND outcome = 'approved'", high), ==, 1);
}

static void
test_approvals_by_the_right_role_only (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(CsWorkflow) wf = licence_like ();
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  gint64 id, task;

  publish (f, wf);
  cs_worker_pool_start (f->pool);
  id = start (f, "licence_like", "{\"score\": 99}");
  task = open_task (f, id);

  /* Another agency's registrar, a designer, a supervisor without the role: refused. */
  g_assert_false (decide (f, f->outsider, task, "approved", &error));
  g_assert_true (cs_db_error_has_sqlstate (error, "42501"));
  g_assert_nonnull (strstr (error->message, "Civil Registry"));
  g_clear_error (&error);
  g_assert_false (decide (f, f->designer, task, "approved", &error));
  g_assert_true (cs_db_error_has_sqlstate (error, "42501"));
  g_clear_error (&error);
  g_assert_false (decide (f, f->supervisor, task, "approved", &error));
  g_assert_true (cs_db_error_has_sqlstate (error, "42501"));
  g_assert_nonnull (strstr (error->message, "registrar"));
  g_clear_error (&error);
  g_assert_false (decide (f, f->clerk, task, "maybe", &error));
  g_clear_error (&error);

  /* Nothing moved meanwhile. */
  g_assert_cmpuint (count (f, "SELECT count(*) FROM approval_tasks WHERE instance_id = $1::bigint AND status = 'open'", id), ==, 1);
  g_assert_cmpuint (count (f, "SELECT count(*) FROM approval_decisions d JOIN approval_tasks t ON t.id = d.task_id"
                              " WHERE t.instance_id = $1::bigint", id), ==, 0);

  g_assert_true (decide (f, f->clerk, task, "approved", &error));
  g_assert_no_error (error);
  /* Decided once: a second decision is refused. */
  g_assert_false (decide (f, f->clerk, task, "rejected", &error));
  g_clear_error (&error);
  status = wait_status (f, id, NULL);
  g_assert_cmpstr (status, ==, "completed");
  /* The decision is on the tamper-evident record. */
  g_assert_cmpuint (count (f, "SELECT count(*) FROM audit_records WHERE instance_id = $1::bigint"
                              " AND kind = 'approval.decided' AND payload->>'decision' = 'approved'", id), ==, 1);
}

static void
test_quorum_all_and_escalation (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("double_check", 1, "Double check");
  g_autoptr(CsWorkflow) wf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *sid = NULL;
  CsStep *approve;
  gint64 id, task;

  approve = cs_approval (b, "approve", "Two signatures", "registrar", "administrator", NULL);
  cs_step_set_quorum (approve, CS_QUORUM_ALL);
  cs_step_set_due_seconds (approve, 1);
  cs_step_set_escalate_to (approve, "supervisor");
  cs_terminal (b, "yes", "Yes", CS_TERMINAL_SUCCESS);
  cs_terminal (b, "no", "No", CS_TERMINAL_REJECTED);
  cs_start (b, "approve");
  cs_on_approved (b, "approve", "yes");
  cs_on_rejected (b, "approve", "no");
  wf = cs_workflow_builder_finish (b);
  publish (f, wf);
  cs_worker_pool_start (f->pool);

  id = start (f, "double_check", NULL);
  task = open_task (f, id);
  sid = g_strdup_printf ("%" G_GINT64_FORMAT, task);

  /* Before it is overdue the supervisor may not decide… */
  g_assert_false (decide (f, f->supervisor, task, "approved", &error));
  g_clear_error (&error);

  /* …it becomes overdue and is escalated (the sweeper runs every few seconds). */
  {
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
    while (count (f, "SELECT escalation_level FROM approval_tasks WHERE id = $1::bigint", task) == 0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (100000);
      }
    g_assert_cmpuint (count (f, "SELECT count(*) FROM events WHERE kind = 'approval.escalated'"
                                " AND subject_id = $1::text", id), ==, 1);
  }

  /* One role's approval is not enough with quorum all. */
  g_assert_true (decide (f, f->clerk, task, "approved", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, "SELECT count(*) FROM approval_tasks WHERE id = $1::bigint AND status = 'open'", task), ==, 1);
  g_assert_true (decide (f, f->admin, task, "approved", &error));
  g_assert_no_error (error);
  status = wait_status (f, id, NULL);
  g_assert_cmpstr (status, ==, "completed");
  g_assert_cmpuint (count (f, "SELECT count(*) FROM workflow_instances WHERE id = $1::bigint AND outcome = 'SUCCESS'", id), ==, 1);
}

static void
test_failure_and_retry (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("flaky", 1, "Flaky");
  g_autoptr(CsWorkflow) wf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *done = NULL;
  g_autofree char *why = NULL;
  gint64 id;

  cs_action (b, "first", "First", "test.noop");
  cs_action (b, "fragile", "Fragile", "test.flaky");
  cs_terminal (b, "end", "End", CS_TERMINAL_SUCCESS);
  cs_start (b, "first");
  cs_flow (b, "first", "fragile", "end", NULL);
  wf = cs_workflow_builder_finish (b);
  publish (f, wf);
  cs_worker_pool_start (f->pool);

  fail_handler_fails = TRUE;
  id = start (f, "flaky", "{\"applicant\": \"Ada\"}");
  failed = wait_status (f, id, NULL);
  g_assert_cmpstr (failed, ==, "failed");
  why = instance_field (f, id, "error");
  g_assert_nonnull (strstr (why, "fragile"));
  g_assert_nonnull (strstr (why, "the registry is closed today"));
  /* What ran before is kept. */
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                              " AND step_id = 'first' AND status = 'completed'", id), ==, 1);

  fail_handler_fails = FALSE;
  g_assert_true (cs_engine_retry_instance (f->as_admin, id, &error));
  g_assert_no_error (error);
  done = wait_status (f, id, "completed");
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                              " AND step_id = 'fragile'", id), ==, 2);
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                              " AND step_id = 'first'", id), ==, 1);
  g_assert_cmpuint (count (f, "SELECT attempt FROM step_executions WHERE instance_id = $1::bigint"
                              " AND step_id = 'fragile' AND status = 'completed'", id), ==, 1);

  /* Retrying what is not failed is refused. */
  g_assert_false (cs_engine_retry_instance (f->as_admin, id, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
}

/* A workflow discovered from an event log records history; it never runs. */
static void
test_observed_workflow_does_not_run (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("observed_receipt", 1, "Receipt (observed)");
  g_autoptr(CsWorkflow) wf = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  cs_action (b, "register", "Register", NULL);
  cs_terminal (b, "end", "End", CS_TERMINAL_SUCCESS);
  cs_start (b, "register");
  cs_flow (b, "register", "end", NULL);
  wf = cs_workflow_builder_finish (b);
  cs_workflow_set_observed (wf, TRUE);
  publish (f, wf);

  id = cs_engine_start_instance (f->engine, f->as_admin, "observed_receipt", NULL, NULL, NULL, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "event log"));
  g_assert_cmpint (id, ==, 0);
  g_assert_cmpuint (count (f, "SELECT count(*) FROM workflow_instances i JOIN workflows w ON w.id = i.workflow_id"
                              " WHERE w.key = 'observed_receipt' AND $1::bigint = 0", 0), ==, 0);
}

static void
test_two_pools_and_lost_connections (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(CsWorkflow) wf = licence_like ();
  g_autofree char *conninfo = cs_test_cluster_conninfo (f->db, f->admin);
  g_autoptr(CsWorkerPool) second = cs_worker_pool_new (conninfo, NULL, 2);
  g_autoptr(CsEngine) engine2 = cs_engine_new ();
  g_autofree char *terminate = NULL;
  const guint n = 60;
  gint64 first_id = 0;

  publish (f, wf);
  cs_engine_set_batch_size (f->engine, 7);
  cs_engine_set_batch_size (engine2, 5);
  cs_worker_pool_set_poll_interval (second, 100);
  cs_worker_pool_set_name (second, "second");
  cs_engine_attach (engine2, second);
  cs_worker_pool_start (f->pool);
  cs_worker_pool_start (second);

  for (guint i = 0; i < n; i++)
    {
      gint64 id = start (f, "licence_like", "{\"score\": 5}");
      if (i == 0)
        first_id = id;
      /* Midway the server drops every worker connection. */
      if (i == n / 2)
        {
          terminate = g_strdup_printf ("SELECT count(pg_terminate_backend (pid)) FROM pg_stat_activity"
                                       " WHERE usename = '%s' AND pid <> pg_backend_pid ()"
                                       " AND application_name LIKE 'civicstream workers%%'", f->admin);
          {
            g_autofree char *killed = value (f->owner, terminate, NULL);
            g_assert_cmpint (atoi (killed), >=, 2);
          }
        }
    }

  {
    gint64 deadline = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;
    while (count (f, "SELECT count(*) FROM workflow_instances WHERE id >= $1::bigint AND status = 'completed'",
                  first_id) < n)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (50000);
      }
  }
  cs_worker_pool_stop (second);

  /* Every step of every instance ran exactly once, whichever pool took it. */
  g_assert_cmpuint (count (f, "SELECT count(*) FROM (SELECT instance_id, step_id FROM step_executions"
                              " WHERE instance_id >= $1::bigint AND status = 'completed'"
                              " GROUP BY 1, 2 HAVING count(*) > 1) d", first_id), ==, 0);
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id >= $1::bigint"
                              " AND status = 'completed'", first_id), ==, n * 7);
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id >= $1::bigint"
                              " AND executed_by LIKE '%/workers-%'", first_id), >, 0);
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id >= $1::bigint"
                              " AND executed_by LIKE '%/second-%'", first_id), >, 0);
}

/* The crash test's child: a worker that claims the blocking step and is killed. */
static int
run_child (const char *conninfo)
{
  g_autoptr(CsEngine) engine = cs_engine_new ();
  g_autoptr(CsWorkerPool) pool = cs_worker_pool_new (conninfo, NULL, 1);

  cs_engine_attach (engine, pool);
  cs_worker_pool_start (pool);
  g_usleep (120 * G_USEC_PER_SEC);
  return 1;
}

static void
test_killed_worker_step_runs_once (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("crash", 1, "Crash");
  g_autoptr(CsWorkflow) wf = NULL;
  g_autofree char *dir = cs_test_make_temp_dir ();
  g_autofree char *marker = g_build_filename (dir, "claimed", NULL);
  g_autofree char *conninfo = cs_test_cluster_conninfo (f->db, f->admin);
  g_autofree char *status = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  gint64 deadline;
  GPid child;
  int wait_status_code;
  gint64 id;

  cs_action (b, "before", "Before", "test.noop");
  cs_action (b, "slow", "Slow", "test.block");
  cs_action (b, "after", "After", "test.noop");
  cs_terminal (b, "end", "End", CS_TERMINAL_SUCCESS);
  cs_start (b, "before");
  cs_flow (b, "before", "slow", "after", "end", NULL);
  wf = cs_workflow_builder_finish (b);
  publish (f, wf);
  id = start (f, "crash", NULL);

  /* A separate process runs the engine and blocks inside the step, its claim held. */
  {
    g_autoptr(GError) error = NULL;
    const char *argv[] = { self_exe, "--child-worker", conninfo, NULL };
    g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "CS_TEST_BLOCK_MARKER", marker, TRUE);

    g_spawn_async (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &child, &error);
    g_assert_no_error (error);
  }
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!g_file_test (marker, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20000);
    }
  /* Claimed, not committed: the first step is still pending (the child holds
   * it), and nothing the child ran after it in its transaction is visible. */
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                              " AND step_id = 'before' AND status = 'pending'", id), ==, 1);
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                              " AND step_id <> 'before'", id), ==, 0);

  kill (child, SIGKILL);
  waitpid (child, &wait_status_code, 0);
  g_spawn_close_pid (child);
  g_assert_true (WIFSIGNALED (wait_status_code));

  /* Our own workers (not blocking: no marker set here) take over. */
  cs_worker_pool_start (f->pool);
  status = wait_status (f, id, NULL);
  g_assert_cmpstr (status, ==, "completed");
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                              " AND step_id = 'slow'", id), ==, 1);
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                              " AND step_id = 'before'", id), ==, 1);
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                              " AND step_id = 'after' AND status = 'completed'", id), ==, 1);
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                              " AND status = 'completed'", id), ==, 4);
}

/* A service of the tests' own on loopback, answering as told per path. */
typedef struct
{
  SoupServer *server;
  char       *base;
  guint       flaky_failures;   /* /flaky answers 503 this many times first */
  guint       requests[4];      /* /ok, /flaky, /garbage, /slow */
} Service;

static void
service_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Service *service = user_data;
  const char *json = "application/json";

  if (g_str_equal (path, "/ok"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autofree char *reply = g_strdup_printf ("{\"result\": {\"reference\": \"REF-%u\", \"echo\": %.*s}}",
                                                ++service->requests[0], (int) body->length, body->data);
      soup_server_message_set_status (msg, 201, NULL);
      soup_server_message_set_response (msg, json, SOUP_MEMORY_COPY, reply, strlen (reply));
    }
  else if (g_str_equal (path, "/flaky"))
    {
      if (service->requests[1]++ < service->flaky_failures)
        soup_server_message_set_status (msg, 503, NULL);
      else
        {
          soup_server_message_set_status (msg, 200, NULL);
          soup_server_message_set_response (msg, json, SOUP_MEMORY_STATIC, "{\"result\": {\"reference\": \"LATE\"}}", 33);
        }
    }
  else if (g_str_equal (path, "/garbage"))
    {
      service->requests[2]++;
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<html>Service page</html>", 25);
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static void
service_start (Service *service)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  service->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (service->server, NULL, service_handler, service, NULL);
  soup_server_listen_local (service->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (service->server);
  service->base = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  /* no trailing slash */
  if (g_str_has_suffix (service->base, "/"))
    service->base[strlen (service->base) - 1] = '\0';
}

static void
service_stop (Service *service)
{
  g_clear_object (&service->server);
  g_clear_pointer (&service->base, g_free);
}

static CsWorkflow *
calling (const char *path,
         guint       attempts,
         guint       breaker_threshold)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("calling", 1, "Calls a service");
  g_autofree char *url = g_strdup_printf ("{{ services.base }}%s", path);
  CsStep *call;

  call = cs_integration (b, "call", "Call the service", "POST", url);
  cs_step_set_header (call, "Content-Type", "application/json");
  cs_step_set_body (call, "{\"name\": \"{{ name }}\"}");
  cs_step_set_timeout_ms (call, 2000);
  cs_step_set_max_attempts (call, attempts);
  cs_step_set_backoff (call, 50, 200);
  cs_step_set_breaker (call, breaker_threshold, 60);
  cs_step_set_response_mapping (call, "reference", "result.reference");
  cs_terminal (b, "end", "End", CS_TERMINAL_SUCCESS);
  cs_start (b, "call");
  cs_flow (b, "call", "end", NULL);
  return cs_workflow_builder_finish (b);
}

static char *
data_for (Service    *service,
          const char *name)
{
  return g_strdup_printf ("{\"name\": \"%s\", \"services\": {\"base\": \"%s\"}}", name, service->base);
}

static void
test_integration_maps_the_answer (Fixture       *f,
                                  gconstpointer  data)
{
  Service service = { 0 };
  g_autoptr(CsWorkflow) wf = NULL;
  g_autofree char *json = NULL;
  g_autofree char *status = NULL;
  g_autofree char *reference = NULL;
  gint64 id;

  service_start (&service);
  wf = calling ("/ok", 3, 5);
  publish (f, wf);
  cs_worker_pool_start (f->pool);

  json = data_for (&service, "O'Brien & Sons");
  id = start (f, "calling", json);
  status = wait_status (f, id, NULL);
  g_assert_cmpstr (status, ==, "completed");
  reference = instance_field (f, id, "data->>'reference'");
  g_assert_cmpstr (reference, ==, "REF-1");
  g_assert_cmpuint (service.requests[0], ==, 1);
  /* The body reached the service with the value escaped as JSON. */
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                              " AND step_id = 'call' AND outputs->>'http_status' = '201'"
                              " AND waiting_for_external AND wait_time_ms > 0 AND outcome = 'HTTP 201'", id), ==, 1);
  cs_worker_pool_stop (f->pool);
  service_stop (&service);
}

static void
test_integration_retries_with_backoff (Fixture       *f,
                                       gconstpointer  data)
{
  Service service = { 0 };
  g_autoptr(CsWorkflow) wf = NULL;
  g_autofree char *json = NULL;
  g_autofree char *status = NULL;
  g_autofree char *reference = NULL;
  gint64 id;

  service_start (&service);
  service.flaky_failures = 2;
  wf = calling ("/flaky", 4, 0);
  publish (f, wf);
  cs_worker_pool_start (f->pool);

  json = data_for (&service, "Ada");
  id = start (f, "calling", json);
  status = wait_status (f, id, NULL);
  g_assert_cmpstr (status, ==, "completed");
  reference = instance_field (f, id, "data->>'reference'");
  g_assert_cmpstr (reference, ==, "LATE");
  /* Two failures, then success on the third attempt: one execution, retry count 2. */
  g_assert_cmpuint (service.requests[1], ==, 3);
  g_assert_cmpuint (count (f, "SELECT attempt FROM step_executions WHERE instance_id = $1::bigint"
                              " AND step_id = 'call' AND status = 'completed'", id), ==, 2);
  /* The backoff is part of the citizen's wait for the service. */
  g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                              " AND step_id = 'call' AND wait_time_ms >= 50", id), ==, 1);

  /* Too many failures: the instance fails with the service's answer, and can be retried. */
  service.flaky_failures = 100;
  service.requests[1] = 0;
  {
    g_autofree char *json2 = data_for (&service, "Bob");
    g_autofree char *failed = NULL;
    g_autofree char *why = NULL;
    gint64 id2 = start (f, "calling", json2);

    failed = wait_status (f, id2, NULL);
    g_assert_cmpstr (failed, ==, "failed");
    why = instance_field (f, id2, "error");
    g_assert_nonnull (strstr (why, "503"));
    g_assert_cmpuint (service.requests[1], ==, 4);
  }
  cs_worker_pool_stop (f->pool);
  service_stop (&service);
}

static void
test_integration_garbage_and_circuit_breaker (Fixture       *f,
                                              gconstpointer  data)
{
  Service service = { 0 };
  g_autoptr(CsWorkflow) wf = NULL;
  g_autofree char *json = NULL;
  g_autofree char *status = NULL;
  g_autofree char *why = NULL;
  gint64 id;

  service_start (&service);
  wf = calling ("/garbage", 3, 2);
  publish (f, wf);
  cs_worker_pool_start (f->pool);

  /* An answer that is not JSON: no retry, a clear message on the instance. */
  json = data_for (&service, "Cy");
  id = start (f, "calling", json);
  status = wait_status (f, id, NULL);
  g_assert_cmpstr (status, ==, "failed");
  why = instance_field (f, id, "error");
  g_assert_nonnull (strstr (why, "not JSON"));
  g_assert_nonnull (strstr (why, "Service page"));
  g_assert_cmpuint (service.requests[2], ==, 1);

  /* A service failing with 503: after 2 failures the breaker opens; the
   * failing instance and later ones wait for it without calling it again. */
  {
    g_autoptr(CsWorkflow) flaky_wf = calling ("/flaky", 5, 2);
    g_autofree char *json_a = data_for (&service, "Di");
    gint64 a, b2, deadline;

    service.flaky_failures = 1000;
    publish (f, flaky_wf);
    a = start (f, "calling", json_a);
    deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    while (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                     " AND error LIKE '%was not called%'", a) == 0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        while (g_main_context_iteration (NULL, FALSE))
          ;
        g_usleep (20000);
      }
    b2 = start (f, "calling", json_a);
    while (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                     " AND error LIKE '%was not called%'", b2) == 0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        while (g_main_context_iteration (NULL, FALSE))
          ;
        g_usleep (20000);
      }
    /* Two calls reached the service, no more. */
    g_assert_cmpuint (service.requests[1], ==, 2);
    /* Both postponed, neither failed; the open circuit counted no attempt. */
    g_assert_cmpuint (count (f, "SELECT attempt FROM step_executions WHERE instance_id = $1::bigint", a), ==, 2);
    g_assert_cmpuint (count (f, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                                " AND status = 'pending' AND attempt = 0 AND run_after > now() + interval '10 seconds'",
                             b2), ==, 1);
    g_assert_cmpuint (count (f, "SELECT count(*) FROM workflow_instances WHERE id IN ($1::bigint, $1::bigint + 1)"
                                " AND status = 'running'", a), ==, 2);
  }
  cs_worker_pool_stop (f->pool);
  service_stop (&service);
}

int
main (int   argc,
      char *argv[])
{
  register_handlers ();
  if (argc == 3 && g_str_equal (argv[1], "--child-worker"))
    return run_child (argv[2]);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/engine/split-join-and-terminals", test_split_join_and_terminals);
  ADD ("/engine/approvals-by-the-right-role-only", test_approvals_by_the_right_role_only);
  ADD ("/engine/quorum-all-and-escalation", test_quorum_all_and_escalation);
  ADD ("/engine/failure-and-retry", test_failure_and_retry);
  ADD ("/engine/observed-workflow-does-not-run", test_observed_workflow_does_not_run);
  ADD ("/engine/two-pools-and-lost-connections", test_two_pools_and_lost_connections);
  ADD ("/engine/killed-worker-step-runs-once", test_killed_worker_step_runs_once);
  ADD ("/engine/integration-maps-the-answer", test_integration_maps_the_answer);
  ADD ("/engine/integration-retries-with-backoff", test_integration_retries_with_backoff);
  ADD ("/engine/integration-garbage-and-circuit-breaker", test_integration_garbage_and_circuit_breaker);
#undef ADD
  return g_test_run ();
}
