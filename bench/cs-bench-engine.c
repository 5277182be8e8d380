/* cs-bench-engine.c: how many workflow steps per second the engine runs
 *
 * 10,000 instances of a workflow of ten automatic action steps (and its
 * terminal), run by the worker pool against a throwaway PostgreSQL on this
 * machine. The baseline is the same engine claiming and committing one step
 * per transaction, on a tenth of the workload so that it finishes in
 * reasonable time; per-step rates compare directly. The engine runs
 * automatic steps that follow one another in the claiming transaction (as
 * BPMN engines do until a wait state); the figure without that chaining,
 * every step going through the queue, is printed too.
 *
 * Prints: "figure name: VALUE unit" lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "core/cs-workflow-builder.h"
#include "store/cs-workflow-repo.h"
#include "workers/cs-engine.h"
#include "cs-test-cluster.h"

#define N_ACTIONS 10

static gboolean
work (CsHandlerContext *ctx, JsonObject *in, JsonObject *out, GError **error)
{
  /* A little real work: what a validation or fee step computes. */
  json_object_set_int_member (out, "checksum", (gint64) (cs_handler_context_random (ctx) % 1000003));
  return TRUE;
}

static CsWorkflow *
ten_steps (void)
{
  g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("bench_ten", 1, "Ten automatic steps");

  for (guint i = 0; i < N_ACTIONS; i++)
    {
      g_autofree char *id = g_strdup_printf ("step_%u", i);
      cs_action (b, id, id, "bench.work");
      if (i > 0)
        {
          g_autofree char *prev = g_strdup_printf ("step_%u", i - 1);
          cs_flow (b, prev, id, NULL);
        }
    }
  cs_terminal (b, "done", "Done", CS_TERMINAL_SUCCESS);
  cs_flow (b, "step_9", "done", NULL);
  cs_start (b, "step_0");
  return cs_workflow_builder_finish (b);
}

static char *
value (CsDbConnection *conn,
       const char     *sql,
       const char     *param)
{
  g_autoptr(GError) error = NULL;
  char *v = cs_db_connection_query_value (conn, sql, param ? 1 : 0, (const char *[]) { param }, &error);
  if (v == NULL)
    g_error ("%s: %s", sql, error->message);
  return v;
}

typedef struct
{
  double steps_per_second;
  double p50_ms;
  double p99_ms;
  guint  steps;
} Result;

/* Starts @n instances in bulk, runs them with @threads workers and batches of
 * @batch, and measures until every instance completed. */
static Result
run (const char *label,
     guint       n,
     guint       threads,
     guint       batch,
     gboolean    chaining)
{
  g_autofree char *db = cs_test_cluster_create_database (TRUE);
  g_autoptr(CsDbConnection) owner = cs_test_cluster_connect (db, NULL);
  g_autofree char *tenant = cs_test_add_tenant (owner, "bench");
  g_autofree char *login = g_strdup_printf ("%s_worker", db);
  g_autofree char *conninfo = NULL;
  g_autoptr(CsDbConnection) as_user = NULL;
  g_autoptr(CsWorkflow) wf = ten_steps ();
  g_autoptr(CsVersionInfo) info = NULL;
  g_autoptr(CsEngine) engine = cs_engine_new ();
  g_autoptr(CsWorkerPool) pool = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autofree char *first = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *p50 = NULL;
  g_autofree char *p99 = NULL;
  g_autofree char *state = NULL;
  Result r = { 0 };
  gint64 t0, elapsed;
  CsAdvance advance;

  cs_test_add_user (owner, login, tenant, "administrator");
  conninfo = cs_test_cluster_conninfo (db, login);
  as_user = cs_test_cluster_connect (db, login);
  if (!(info = cs_workflow_repo_add_version (as_user, wf, TRUE, &error)))
    g_error ("%s", error->message);

  {
    g_autoptr(CsEnginePlan) plan = cs_engine_plan_new (wf, &error);
    cs_advance_init (&advance);
    state = cs_engine_plan_start (plan, &advance);
    cs_advance_clear (&advance);
  }

  /* The instances and their first steps, in two statements. */
  if (!cs_db_connection_command (as_user,
        "INSERT INTO workflow_instances (workflow_id, workflow_version_id, data, edge_state, current_steps)"
        " SELECT $1::uuid, $2::uuid, jsonb_build_object ('n', i), $3, ARRAY['step_0']"
        "   FROM generate_series (1, $4::int) AS i",
        4, (const char *[]) { info->workflow_id, info->version_id, state, count }, &error)
      || !cs_db_connection_command (as_user,
        "INSERT INTO step_executions (tenant_id, instance_id, workflow_id, step_id, step_type, step_version)"
        " SELECT tenant_id, id, workflow_id, 'step_0', 'action', 1 FROM workflow_instances",
        0, NULL, &error)
      || !cs_db_connection_command (owner, "VACUUM ANALYZE", 0, NULL, &error))
    g_error ("%s", error->message);

  cs_engine_set_batch_size (engine, batch);
  cs_engine_set_chaining (engine, chaining);
  pool = cs_worker_pool_new (conninfo, NULL, threads);
  cs_worker_pool_set_poll_interval (pool, 50);
  cs_engine_attach (engine, pool);

  t0 = g_get_monotonic_time ();
  cs_worker_pool_start (pool);
  for (;;)
    {
      g_autofree char *left = value (owner, "SELECT count(*) FROM workflow_instances WHERE status = 'running'", NULL);
      if (g_str_equal (left, "0"))
        break;
      g_usleep (20000);
    }
  elapsed = g_get_monotonic_time () - t0;
  cs_worker_pool_stop (pool);

  steps = value (owner, "SELECT count(*) FROM step_executions WHERE status = 'completed'", NULL);
  first = value (owner, "SELECT count(*) FROM workflow_instances WHERE status = 'completed' AND outcome = 'SUCCESS'", NULL);
  if ((guint) atoi (first) != n)
    g_error ("%s: %s of %u instances succeeded", label, first, n);
  p50 = value (owner, "SELECT percentile_cont (0.5) WITHIN GROUP (ORDER BY extract (epoch FROM recorded_at - claimed_at) * 1000)"
                      "  FROM step_executions WHERE status = 'completed'", NULL);
  p99 = value (owner, "SELECT percentile_cont (0.99) WITHIN GROUP (ORDER BY extract (epoch FROM recorded_at - claimed_at) * 1000)"
                      "  FROM step_executions WHERE status = 'completed'", NULL);

  r.steps = (guint) atoi (steps);
  r.steps_per_second = r.steps / (elapsed / (double) G_USEC_PER_SEC);
  r.p50_ms = g_ascii_strtod (p50, NULL);
  r.p99_ms = g_ascii_strtod (p99, NULL);
  g_printerr ("# %s: %u instances, %u steps in %.2f s with %u threads, batches of %u\n",
              label, n, r.steps, elapsed / (double) G_USEC_PER_SEC, threads, batch);
  return r;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 10000;
  guint threads = argc > 2 ? (guint) atoi (argv[2]) : 2;
  Result chained, queued, single;

  cs_handler_registry_register_func (cs_handler_registry_get_default (), "bench.work", work,
                                     "bench work", NULL, NULL);

  chained = run ("batched, automatic steps chained", n, threads, 256, TRUE);
  queued = run ("batched, every step through the queue", n, threads, 256, FALSE);
  single = run ("one step per transaction", MAX (n / 10, 100), threads, 1, FALSE);

  g_print ("engine steps per second: %.0f steps/s\n", chained.steps_per_second);
  g_print ("engine p50 claim-to-completion: %.1f ms\n", chained.p50_ms);
  g_print ("engine p99 claim-to-completion: %.1f ms\n", chained.p99_ms);
  g_print ("engine without chaining (each step queued) steps per second: %.0f steps/s\n", queued.steps_per_second);
  g_print ("engine without chaining p99 claim-to-completion: %.1f ms\n", queued.p99_ms);
  g_print ("baseline one step per transaction, steps per second: %.0f steps/s\n", single.steps_per_second);
  g_print ("baseline one step per transaction, p99 claim-to-completion: %.1f ms\n", single.p99_ms);
  g_print ("speed-up over the baseline: %.1f x\n", chained.steps_per_second / single.steps_per_second);
  return 0;
}
