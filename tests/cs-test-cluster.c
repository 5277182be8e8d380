/* cs-test-cluster.c: a throwaway PostgreSQL cluster for the tests
 *
 * The tests use the real server, never a mock: the same CsPgCluster that
 * runs the embedded database, in a temporary directory, without fsync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "store/cs-migrator.h"
#include "cs-test-cluster.h"

static CsPgCluster *cluster;
static char *cluster_root;
static guint database_counter;
static GPtrArray *temp_dirs;
static volatile pid_t postmaster_pid;

/* A failed assertion aborts without running atexit handlers: take the
 * server down from the signal handler (kill() is async-signal-safe) so no
 * test leaves a postgres behind. */
static void
kill_server_on_signal (int signum)
{
  if (postmaster_pid > 0)
    kill (postmaster_pid, SIGQUIT);
  signal (signum, SIG_DFL);
  raise (signum);
}

static void
remember_postmaster (const char *data_dir)
{
  g_autofree char *pid_file = g_build_filename (data_dir, "postmaster.pid", NULL);
  g_autofree char *contents = NULL;
  int signals[] = { SIGABRT, SIGSEGV, SIGBUS, SIGTERM, SIGINT, SIGTRAP };

  if (!g_file_get_contents (pid_file, &contents, NULL, NULL))
    return;
  postmaster_pid = (pid_t) atoi (contents);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    signal (signals[i], kill_server_on_signal);
}

static void
remove_path (const char *path)
{
  const char *argv[] = { "rm", "-rf", path, NULL };
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

static void
stop_cluster (void)
{
  if (cluster != NULL)
    {
      postmaster_pid = 0;
      cs_pg_cluster_stop (cluster, NULL);
      g_clear_object (&cluster);
    }
  if (cluster_root != NULL)
    {
      remove_path (cluster_root);
      g_clear_pointer (&cluster_root, g_free);
    }
  if (temp_dirs != NULL)
    {
      for (guint i = 0; i < temp_dirs->len; i++)
        remove_path (g_ptr_array_index (temp_dirs, i));
      g_clear_pointer (&temp_dirs, g_ptr_array_unref);
    }
}

char *
cs_test_make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("cs-test-XXXXXX", &error);

  g_assert_no_error (error);
  /* The server may run as `postgres` (when tests run as root): let it in. */
  g_chmod (dir, 0755);
  if (temp_dirs == NULL)
    {
      temp_dirs = g_ptr_array_new_with_free_func (g_free);
      if (cluster == NULL)
        atexit (stop_cluster);
    }
  g_ptr_array_add (temp_dirs, g_strdup (dir));
  return dir;
}

CsPgCluster *
cs_test_cluster_get (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *socket_dir = NULL;

  if (cluster != NULL)
    return cluster;

  cluster_root = g_dir_make_tmp ("cs-pg-XXXXXX", &error);
  g_assert_no_error (error);
  g_chmod (cluster_root, 0755);
  data_dir = g_build_filename (cluster_root, "data", NULL);
  socket_dir = g_build_filename (cluster_root, "s", NULL);

  cluster = cs_pg_cluster_new (data_dir, socket_dir, 20000 + g_random_int_range (0, 40000));
  cs_pg_cluster_set_fast (cluster, TRUE);
  if (temp_dirs == NULL)
    atexit (stop_cluster);

  cs_pg_cluster_start (cluster, NULL, &error);
  g_assert_no_error (error);
  remember_postmaster (data_dir);
  return cluster;
}

char *
cs_test_cluster_create_database (gboolean migrate)
{
  g_autoptr(GError) error = NULL;
  char *dbname = g_strdup_printf ("test_%d_%u", (int) getpid (), ++database_counter);

  cs_pg_cluster_ensure_database (cs_test_cluster_get (), dbname, NULL, &error);
  g_assert_no_error (error);

  if (migrate)
    {
      g_autoptr(CsDbConnection) conn = cs_test_cluster_connect (dbname, NULL);
      g_autoptr(CsMigrator) migrator = cs_migrator_new ();

      cs_migrator_apply (migrator, conn, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  return dbname;
}

char *
cs_test_cluster_conninfo (const char *dbname,
                          const char *user)
{
  return cs_pg_cluster_get_conninfo (cs_test_cluster_get (), dbname, user);
}

/* The same target as a postgresql:// URL, as a user would write it. */
char *
cs_test_cluster_url (const char *dbname,
                     const char *user)
{
  CsPgCluster *c = cs_test_cluster_get ();
  g_autofree char *host = g_uri_escape_string (cs_pg_cluster_get_socket_dir (c), NULL, FALSE);

  return g_strdup_printf ("postgresql://%s@:%u/%s?host=%s", user ? user : CS_PG_CLUSTER_SUPERUSER,
                          cs_pg_cluster_get_port (c), dbname, host);
}

CsDbConnection *
cs_test_cluster_connect (const char *dbname,
                         const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = cs_test_cluster_conninfo (dbname, user);
  CsDbConnection *conn = cs_db_connection_new (conninfo, NULL);

  cs_db_connection_open (conn, NULL, &error);
  g_assert_no_error (error);
  return conn;
}

char *
cs_test_add_tenant (CsDbConnection *owner,
                    const char     *slug)
{
  g_autoptr(GError) error = NULL;
  const char *params[] = { slug, slug };
  char *id = cs_db_connection_query_value (owner, "INSERT INTO tenants (slug, name) VALUES ($1, $2) RETURNING id",
                                           2, params, &error);
  g_assert_no_error (error);
  return id;
}

void
cs_test_add_user (CsDbConnection *owner,
                  const char     *login,
                  const char     *tenant_id,
                  const char     *role)
{
  g_autoptr(GError) error = NULL;
  const char *params[] = { login, tenant_id, role };

  cs_db_connection_command (owner, "SELECT cs_user_add ($1::name, $2::uuid, $3, NULL, $1::text, NULL)", 3, params, &error);
  g_assert_no_error (error);
}
