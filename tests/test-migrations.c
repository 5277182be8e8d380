/* test-migrations.c: migrations on a real PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "core/cs-error.h"
#include "store/cs-migrator.h"
#include "cs-test-cluster.h"

static char *
count (CsDbConnection *conn,
       const char     *sql)
{
  g_autoptr(GError) error = NULL;
  char *value = cs_db_connection_query_value (conn, sql, 0, NULL, &error);
  g_assert_no_error (error);
  return value;
}

static void
test_apply_and_reapply (void)
{
  g_autofree char *db = cs_test_cluster_create_database (FALSE);
  g_autoptr(CsDbConnection) conn = cs_test_cluster_connect (db, NULL);
  g_autoptr(CsMigrator) migrator = cs_migrator_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *n_rows = NULL;
  g_autofree char *n_tables = NULL;
  guint applied = 0;

  list = cs_migrator_list (migrator, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, >=, 1);
  g_assert_cmpuint (((CsMigration *) list->pdata[0])->version, ==, 1);

  g_assert_true (cs_migrator_apply (migrator, conn, NULL, &applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (applied, ==, list->len);

  n_rows = count (conn, "SELECT count(*) FROM schema_migrations");
  g_assert_cmpint (atoi (n_rows), ==, (int) list->len);
  n_tables = count (conn, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                          " AND tablename IN ('tenants', 'areas', 'agencies', 'app_users', 'jobs')");
  g_assert_cmpstr (n_tables, ==, "5");

  /* Again: nothing to do, nothing changes. */
  g_assert_true (cs_migrator_apply (migrator, conn, NULL, &applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (applied, ==, 0);

  status = cs_migrator_status (migrator, conn, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < status->len; i++)
    {
      CsMigration *m = g_ptr_array_index (status, i);
      g_assert_true (m->applied);
      g_assert_false (m->changed);
      g_assert_nonnull (m->applied_at);
    }
}

static char *
write_migrations (const char * const *names,
                  const char * const *contents)
{
  char *dir = cs_test_make_temp_dir ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_file_set_contents (path, contents[i], -1, &error);
      g_assert_no_error (error);
    }
  return dir;
}

static void
test_failure_rolls_back_and_names_line (void)
{
  const char *names[] = { "0001_ok.sql", "0002_bad.sql", "0003_never.sql", NULL };
  const char *contents[] = {
    "CREATE TABLE first_table (x int);\n",
    "-- creates a table, then fails\n"
    "CREATE TABLE second_table (y int);\n"
    "INSERT INTO second_table VALUES (1);\n"
    "\n"
    "SELECT y,\n"
    "       no_such_column\n"
    "  FROM second_table;\n",
    "CREATE TABLE third_table (z int);\n",
    NULL
  };
  g_autofree char *dir = write_migrations (names, contents);
  g_autofree char *db = cs_test_cluster_create_database (FALSE);
  g_autoptr(CsDbConnection) conn = cs_test_cluster_connect (db, NULL);
  g_autoptr(CsMigrator) migrator = cs_migrator_new_for_directory (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *versions = NULL;
  guint applied = 99;

  g_assert_false (cs_migrator_apply (migrator, conn, NULL, &applied, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_MIGRATION);
  /* The bad column is on line 6 of the file. */
  g_assert_nonnull (strstr (error->message, "0002_bad.sql"));
  g_assert_nonnull (strstr (error->message, "line 6"));
  g_assert_nonnull (strstr (error->message, "no_such_column"));
  g_assert_cmpuint (applied, ==, 1);

  /* The failed file left nothing behind and stopped the ones after it. */
  second = count (conn, "SELECT to_regclass('second_table') IS NULL");
  third = count (conn, "SELECT to_regclass('third_table') IS NULL");
  versions = count (conn, "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations");
  g_assert_cmpstr (second, ==, "t");
  g_assert_cmpstr (third, ==, "t");
  g_assert_cmpstr (versions, ==, "1");
}

static void
test_runtime_error_names_statement_line (void)
{
  const char *names[] = { "0001_data.sql", NULL };
  const char *contents[] = {
    "CREATE TABLE t (v int CHECK (v > 0));\n"
    "INSERT INTO t VALUES (1);\n"
    "\n"
    "INSERT INTO t VALUES (-1);\n",
    NULL
  };
  g_autofree char *dir = write_migrations (names, contents);
  g_autofree char *db = cs_test_cluster_create_database (FALSE);
  g_autoptr(CsDbConnection) conn = cs_test_cluster_connect (db, NULL);
  g_autoptr(CsMigrator) migrator = cs_migrator_new_for_directory (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *gone = NULL;

  g_assert_false (cs_migrator_apply (migrator, conn, NULL, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_MIGRATION);
  g_assert_nonnull (strstr (error->message, "0001_data.sql failed at line 4"));
  g_assert_nonnull (strstr (error->message, "check constraint"));
  gone = count (conn, "SELECT to_regclass('t') IS NULL");
  g_assert_cmpstr (gone, ==, "t");
}

static void
test_bad_files (void)
{
  const char *badname[] = { "first.sql", NULL };
  const char *badname_contents[] = { "SELECT 1;", NULL };
  const char *dup[] = { "0001_a.sql", "0001_b.sql", NULL };
  const char *dup_contents[] = { "SELECT 1;", "SELECT 2;", NULL };
  const char *unclosed[] = { "0001_open.sql", NULL };
  const char *unclosed_contents[] = { "SELECT 1;\nSELECT 'oops;\n", NULL };
  g_autofree char *d1 = write_migrations (badname, badname_contents);
  g_autofree char *d2 = write_migrations (dup, dup_contents);
  g_autofree char *d3 = write_migrations (unclosed, unclosed_contents);
  g_autoptr(CsMigrator) m1 = cs_migrator_new_for_directory (d1);
  g_autoptr(CsMigrator) m2 = cs_migrator_new_for_directory (d2);
  g_autoptr(CsMigrator) m3 = cs_migrator_new_for_directory (d3);
  g_autofree char *db = cs_test_cluster_create_database (FALSE);
  g_autoptr(CsDbConnection) conn = cs_test_cluster_connect (db, NULL);
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GPtrArray) l1 = cs_migrator_list (m1, &e1);
  g_autoptr(GPtrArray) l2 = cs_migrator_list (m2, &e2);

  g_assert_null (l1);
  g_assert_error (e1, CS_ERROR, CS_ERROR_MIGRATION);
  g_assert_nonnull (strstr (e1->message, "first.sql"));
  g_assert_null (l2);
  g_assert_error (e2, CS_ERROR, CS_ERROR_MIGRATION);
  g_assert_nonnull (strstr (e2->message, "same number"));

  g_assert_false (cs_migrator_apply (m3, conn, NULL, NULL, &e3));
  g_assert_error (e3, CS_ERROR, CS_ERROR_MIGRATION);
  g_assert_nonnull (strstr (e3->message, "Line 2: string is never closed"));
}

typedef struct
{
  char    *db;
  guint    applied;
  GError  *error;
} RaceData;

static gpointer
race_thread (gpointer data)
{
  RaceData *race = data;
  g_autoptr(CsDbConnection) conn = cs_test_cluster_connect (race->db, NULL);
  g_autoptr(CsMigrator) migrator = cs_migrator_new ();

  cs_migrator_apply (migrator, conn, NULL, &race->applied, &race->error);
  return NULL;
}

static void
test_concurrent_migrators (void)
{
  g_autofree char *db = cs_test_cluster_create_database (FALSE);
  RaceData a = { db, 0, NULL }, b = { db, 0, NULL };
  g_autoptr(CsMigrator) migrator = cs_migrator_new ();
  g_autoptr(GPtrArray) list = cs_migrator_list (migrator, NULL);
  GThread *ta = g_thread_new ("migrate-a", race_thread, &a);
  GThread *tb = g_thread_new ("migrate-b", race_thread, &b);

  g_thread_join (ta);
  g_thread_join (tb);
  g_assert_no_error (a.error);
  g_assert_no_error (b.error);
  /* Two desktops starting at once: every migration applied exactly once. */
  g_assert_cmpuint (a.applied + b.applied, ==, list->len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migrations/apply-and-reapply", test_apply_and_reapply);
  g_test_add_func ("/migrations/failure-rolls-back", test_failure_rolls_back_and_names_line);
  g_test_add_func ("/migrations/runtime-error-line", test_runtime_error_names_statement_line);
  g_test_add_func ("/migrations/bad-files", test_bad_files);
  g_test_add_func ("/migrations/concurrent", test_concurrent_migrators);
  return g_test_run ();
}
