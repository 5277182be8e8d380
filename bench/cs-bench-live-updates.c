/* cs-bench-live-updates.c: from a commit on one connection to the changed row
 * in another process's list model
 *
 * The bench runs itself a second time as the "desktop": that process keeps
 * a GListStore of a workflow's instances, as the Workflows page does, and
 * follows the database's announcements (CsChangeListener: LISTEN on its own
 * connection, announcements gathered for 50 ms) by fetching only the
 * changed rows and putting them in place. The parent commits a change to
 * one instance's subject and times until the child says its model holds
 * the new subject. The baseline is what a polling desktop does instead:
 * reload the whole list every second.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib-unix.h>

#include "core/cs-workflow-builder.h"
#include "store/cs-change-listener.h"
#include "store/cs-instance-repo.h"
#include "store/cs-workflow-repo.h"
#include "cs-test-cluster.h"

#define N_INSTANCES 2000
#define LIMIT       5000

typedef struct
{
  CsDbConnection *conn;
  GListStore     *model;
  char           *workflow_id;
} Follower;

static void
announce (CsInstanceItem *item)
{
  g_print ("%" G_GINT64_FORMAT " %s\n", cs_instance_item_get_id (item), cs_instance_item_get_subject (item));
  fflush (stdout);
}

static void
put_in_place (Follower  *f,
              GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      CsInstanceItem *row = g_ptr_array_index (rows, i);

      for (guint p = 0; p < g_list_model_get_n_items (G_LIST_MODEL (f->model)); p++)
        {
          g_autoptr(CsInstanceItem) item = g_list_model_get_item (G_LIST_MODEL (f->model), p);

          if (cs_instance_item_get_id (item) == cs_instance_item_get_id (row))
            {
              g_list_store_splice (f->model, p, 1, (gpointer *) &row, 1);
              announce (row);
              break;
            }
        }
    }
}

static void
changed_cb (CsChangeListener   *listener,
            const char         *table,
            const char * const *ids,
            Follower           *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (ids == NULL)
    rows = cs_instance_repo_list_instances (f->conn, f->workflow_id, NULL, NULL, LIMIT, &error);
  else
    rows = cs_instance_repo_list_instances_among (f->conn, f->workflow_id, NULL, NULL, ids, LIMIT, &error);
  if (rows == NULL)
    g_error ("%s", error->message);
  put_in_place (f, rows);
}

/* The polling desktop: the whole list again, every second, announcing the
 * rows whose subject differs. */
static gboolean
poll_cb (gpointer data)
{
  Follower *f = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = cs_instance_repo_list_instances (f->conn, f->workflow_id, NULL, NULL, LIMIT, &error);
  g_autoptr(GHashTable) before = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);

  if (rows == NULL)
    g_error ("%s", error->message);
  for (guint p = 0; p < g_list_model_get_n_items (G_LIST_MODEL (f->model)); p++)
    {
      g_autoptr(CsInstanceItem) item = g_list_model_get_item (G_LIST_MODEL (f->model), p);
      gint64 *id = g_new (gint64, 1);

      *id = cs_instance_item_get_id (item);
      g_hash_table_insert (before, id, g_strdup (cs_instance_item_get_subject (item)));
    }
  g_list_store_splice (f->model, 0, g_list_model_get_n_items (G_LIST_MODEL (f->model)), rows->pdata, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      CsInstanceItem *row = g_ptr_array_index (rows, i);
      gint64 id = cs_instance_item_get_id (row);

      if (g_strcmp0 (g_hash_table_lookup (before, &id), cs_instance_item_get_subject (row)) != 0)
        announce (row);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
stdin_closed (int          fd,
              GIOCondition condition,
              gpointer     loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static int
follow (const char *conninfo,
        const char *workflow_id,
        gboolean    polling)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(CsChangeListener) listener = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  Follower f = { cs_db_connection_new (conninfo, NULL), g_list_store_new (CS_TYPE_INSTANCE_ITEM),
                 g_strdup (workflow_id) };

  if (!cs_db_connection_ensure (f.conn, 3, NULL, &error)
      || !(rows = cs_instance_repo_list_instances (f.conn, workflow_id, NULL, NULL, LIMIT, &error)))
    g_error ("%s", error->message);
  g_list_store_splice (f.model, 0, 0, rows->pdata, rows->len);
  if (polling)
    g_timeout_add (1000, poll_cb, &f);
  else
    {
      listener = cs_change_listener_new (conninfo, NULL, NULL);
      g_signal_connect (listener, "changed::workflow_instances", G_CALLBACK (changed_cb), &f);
      cs_change_listener_start (listener);
      while (!cs_change_listener_is_listening (listener))
        g_main_context_iteration (NULL, TRUE);
    }
  g_print ("ready\n");
  fflush (stdout);
  /* The parent closes our stdin when it is done. */
  g_unix_fd_add (0, G_IO_HUP | G_IO_IN, stdin_closed, loop);
  g_main_loop_run (loop);
  if (listener != NULL)
    cs_change_listener_stop (listener);
  g_object_unref (f.conn);
  g_object_unref (f.model);
  g_free (f.workflow_id);
  return 0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* Median and p99 in ms of @n changes seen by a follower process. */
static void
measure (const char *self_path,
         const char *conninfo,
         const char *workflow_id,
         CsDbConnection *writer,
         const char *first_id,
         gboolean    polling,
         guint       n,
         double     *median,
         double     *p99)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE,
                                                   &error, self_path, "--follow", conninfo, workflow_id,
                                                   polling ? "poll" : "listen", NULL);
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *ready = NULL;

  if (child == NULL)
    g_error ("%s", error->message);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  ready = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  if (g_strcmp0 (ready, "ready") != 0)
    g_error ("the follower did not start: %s", error ? error->message : ready);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *subject = g_strdup_printf ("%s change %u", polling ? "polled" : "live", i);
      g_autofree char *expected = NULL;
      gint64 committed;

      /* Autocommit: the change is committed when the command returns. */
      if (!cs_db_connection_command (writer, "UPDATE workflow_instances SET subject = $2 WHERE id = $1::bigint",
                                     2, (const char *[]) { first_id, subject }, &error))
        g_error ("%s", error->message);
      committed = g_get_monotonic_time ();
      expected = g_strdup_printf ("%s %s", first_id, subject);
      for (;;)
        {
          g_autofree char *line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);

          if (line == NULL)
            g_error ("the follower stopped: %s", error ? error->message : "end of output");
          if (g_str_equal (line, expected))
            break;
        }
      {
        double ms = (g_get_monotonic_time () - committed) / 1000.0;
        g_array_append_val (latencies, ms);
      }
      /* Spread the changes so that each is its own announcement. */
      g_usleep (polling ? 137000 : 20000 + g_random_int_range (0, 40000));
    }
  g_output_stream_close (g_subprocess_get_stdin_pipe (child), NULL, NULL);
  g_subprocess_wait (child, NULL, NULL);

  g_array_sort (latencies, compare_doubles);
  *median = g_array_index (latencies, double, latencies->len / 2);
  *p99 = g_array_index (latencies, double, MIN (latencies->len - 1, (guint) (latencies->len * 0.99)));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db = NULL;
  g_autoptr(CsDbConnection) owner = NULL;
  g_autoptr(CsDbConnection) user = NULL;
  g_autoptr(CsWorkflowBuilder) b = NULL;
  g_autoptr(CsWorkflow) wf = NULL;
  g_autoptr(CsVersionInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tenant = NULL;
  g_autofree char *login = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *count = g_strdup_printf ("%d", N_INSTANCES);
  guint n = argc > 1 && argv[1][0] != '-' ? (guint) atoi (argv[1]) : 300;
  double live_median, live_p99, poll_median, poll_p99;

  if (argc == 5 && g_str_equal (argv[1], "--follow"))
    return follow (argv[2], argv[3], g_str_equal (argv[4], "poll"));

  db = cs_test_cluster_create_database (TRUE);
  owner = cs_test_cluster_connect (db, NULL);
  tenant = cs_test_add_tenant (owner, "bench");
  login = g_strdup_printf ("%s_desk", db);
  cs_test_add_user (owner, login, tenant, "administrator");
  conninfo = cs_test_cluster_conninfo (db, login);
  user = cs_test_cluster_connect (db, login);

  b = cs_workflow_builder_new ("live", 1, "Live");
  cs_action (b, "work", "Work", "data.validate_application");
  cs_terminal (b, "end", "End", CS_TERMINAL_SUCCESS);
  cs_start (b, "work");
  cs_flow (b, "work", "end", NULL);
  wf = cs_workflow_builder_finish (b);
  if (!(info = cs_workflow_repo_add_version (user, wf, TRUE, &error))
      || !cs_db_connection_command (user,
           "INSERT INTO workflow_instances (workflow_id, workflow_version_id, subject, current_steps)"
           " SELECT $1::uuid, $2::uuid, 'instance ' || i, ARRAY['work'] FROM generate_series (1, $3::int) AS i",
           3, (const char *[]) { info->workflow_id, info->version_id, count }, &error)
      || !(first_id = cs_db_connection_query_value (user, "SELECT min (id) FROM workflow_instances", 0, NULL, &error)))
    g_error ("%s", error->message);

  measure (argv[0], conninfo, info->workflow_id, user, first_id, FALSE, n, &live_median, &live_p99);
  measure (argv[0], conninfo, info->workflow_id, user, first_id, TRUE, MAX (n / 10, 20), &poll_median, &poll_p99);

  g_printerr ("# %d instances listed; %u live changes, %u polled\n", N_INSTANCES, n, MAX (n / 10, 20));
  g_print ("live update latency median (commit to row in another process's model): %.1f ms\n", live_median);
  g_print ("live update latency p99: %.1f ms\n", live_p99);
  g_print ("baseline polling every second, latency median: %.1f ms\n", poll_median);
  g_print ("baseline polling every second, latency p99: %.1f ms\n", poll_p99);
  return 0;
}
