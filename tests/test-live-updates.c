/* test-live-updates.c: the database announces changed rows; a listener delivers its tenant's
 *
 * Two tenants write on their own connections while a listener of the first
 * tenant, on a connection of its own, waits; the listener is cut off by the
 * server and must come back by itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store/cs-change-listener.h"
#include "cs-test-cluster.h"

typedef struct
{
  char             *db;
  CsDbConnection   *owner;
  char             *tenant;
  char             *other_tenant;
  char             *user;
  char             *other_user;
  CsChangeListener *listener;
  GPtrArray        *changes;   /* "table:ids" or "table:*" in delivery order */
  guint             resets;
} Fixture;

static void
on_changed (CsChangeListener   *listener,
            const char         *table,
            const char * const *ids,
            Fixture            *f)
{
  g_autofree char *list = ids ? g_strjoinv (",", (char **) ids) : g_strdup ("*");
  g_ptr_array_add (f->changes, g_strdup_printf ("%s:%s", table, list));
}

static void
on_reset (CsChangeListener *listener,
          Fixture          *f)
{
  f->resets++;
}

static gboolean
wait_for (gboolean (*condition) (Fixture *f),
          Fixture   *f)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!condition (f))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static gboolean
listening (Fixture *f)
{
  return cs_change_listener_is_listening (f->listener);
}

static gboolean
has_changes (Fixture *f)
{
  return f->changes->len > 0;
}

/* Nothing more arrives within a while. */
static void
drain (Fixture *f)
{
  gint64 until = g_get_monotonic_time () + 300 * 1000;

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *conninfo = NULL;

  f->db = cs_test_cluster_create_database (TRUE);
  f->owner = cs_test_cluster_connect (f->db, NULL);
  f->tenant = cs_test_add_tenant (f->owner, "springfield");
  f->other_tenant = cs_test_add_tenant (f->owner, "shelbyville");
  f->user = g_strdup_printf ("%s_officer", f->db);
  f->other_user = g_strdup_printf ("%s_other", f->db);
  cs_test_add_user (f->owner, f->user, f->tenant, "officer");
  cs_test_add_user (f->owner, f->other_user, f->other_tenant, "officer");
  f->changes = g_ptr_array_new_with_free_func (g_free);

  conninfo = cs_test_cluster_conninfo (f->db, f->user);
  f->listener = cs_change_listener_new (conninfo, NULL, f->tenant);
  g_signal_connect (f->listener, "changed", G_CALLBACK (on_changed), f);
  g_signal_connect (f->listener, "reset", G_CALLBACK (on_reset), f);
  cs_change_listener_start (f->listener);
  g_assert_true (wait_for (listening, f));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  cs_change_listener_stop (f->listener);
  g_clear_object (&f->listener);
  g_clear_pointer (&f->changes, g_ptr_array_unref);
  g_clear_object (&f->owner);
  g_free (f->db);
  g_free (f->tenant);
  g_free (f->other_tenant);
  g_free (f->user);
  g_free (f->other_user);
}

static char *
exec_value (const char *login,
            Fixture    *f,
            const char *sql)
{
  g_autoptr(CsDbConnection) conn = cs_test_cluster_connect (f->db, login);
  g_autoptr(GError) error = NULL;
  char *value = cs_db_connection_query_value (conn, sql, 0, NULL, &error);

  g_assert_no_error (error);
  return value;
}

static void
test_rows_of_own_tenant (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *ids = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *updated = NULL;

  /* The other tenant's writes are not ours to see. */
  g_free (exec_value (f->other_user, f,
                      "INSERT INTO issues (summary) VALUES ('Theirs') RETURNING id"));
  drain (f);
  g_assert_cmpuint (f->changes->len, ==, 0);

  /* One statement, three rows: one delivery naming them, in order. */
  ids = exec_value (f->user, f,
                    "WITH i AS (INSERT INTO issues (summary) SELECT 'Ours ' || g FROM generate_series (1, 3) g"
                    " RETURNING id) SELECT string_agg (id::text, ',' ORDER BY id) FROM i");
  g_assert_true (wait_for (has_changes, f));
  drain (f);
  expected = g_strdup_printf ("issues:%s", ids);
  g_assert_cmpuint (f->changes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->changes, 0), ==, expected);
  g_ptr_array_set_size (f->changes, 0);

  /* An update names what it touched; a status change is an update too. */
  updated = exec_value (f->user, f,
                        "WITH u AS (UPDATE issues SET status = 'IN_PROGRESS' WHERE summary = 'Ours 2'"
                        " RETURNING id) SELECT string_agg (id::text, ',') FROM u");
  g_assert_true (wait_for (has_changes, f));
  drain (f);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("issues:%s", updated);
  /* (the status trigger's history insert is not an announced table) */
  g_assert_cmpuint (f->changes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->changes, 0), ==, expected);
  g_ptr_array_set_size (f->changes, 0);

  /* A rolled-back transaction announces nothing. */
  {
    g_autoptr(CsDbConnection) conn = cs_test_cluster_connect (f->db, f->user);
    g_autoptr(GError) error = NULL;

    g_assert_true (cs_db_connection_begin (conn, &error));
    g_assert_true (cs_db_connection_command (conn, "INSERT INTO issues (summary) VALUES ('Never')", 0, NULL, &error));
    cs_db_connection_rollback (conn);
    g_assert_no_error (error);
  }
  drain (f);
  g_assert_cmpuint (f->changes->len, ==, 0);
}

static void
test_bulk_is_whole_table (Fixture       *f,
                          gconstpointer  data)
{
  /* Too many to name: the table as a whole. */
  g_free (exec_value (f->user, f,
                      "WITH i AS (INSERT INTO issues (summary) SELECT 'Bulk ' || g FROM generate_series (1, 2000) g"
                      " RETURNING id) SELECT count(*) FROM i"));
  g_assert_true (wait_for (has_changes, f));
  drain (f);
  g_assert_cmpuint (f->changes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->changes, 0), ==, "issues:*");
}

static void
test_burst_is_gathered (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CsDbConnection) conn = cs_test_cluster_connect (f->db, f->user);
  g_autoptr(GError) error = NULL;
  guint deliveries_of_issues = 0;

  /* Twenty commits in quick succession reach the view in far fewer deliveries. */
  for (guint i = 0; i < 20; i++)
    g_assert_true (cs_db_connection_command (conn, "INSERT INTO issues (summary) VALUES ('Burst')", 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for (has_changes, f));
  drain (f);
  for (guint i = 0; i < f->changes->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (f->changes, i), "issues:"))
      deliveries_of_issues++;
  g_assert_cmpuint (deliveries_of_issues, >=, 1);
  g_assert_cmpuint (deliveries_of_issues, <, 20);
  /* …and together they name all twenty. */
  {
    guint named = 0;
    for (guint i = 0; i < f->changes->len; i++)
      {
        g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (f->changes, i), ":", 2);
        g_auto(GStrv) ids = g_strsplit (parts[1], ",", -1);
        named += g_strv_length (ids);
      }
    g_assert_cmpuint (named, ==, 20);
  }
}

static void
test_reconnects (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *expected = NULL;

  /* The server ends the listener's session; it comes back by itself and
   * says that anything may have changed meanwhile. */
  g_assert_true (cs_db_connection_command (f->owner,
                                           "SELECT pg_terminate_backend (pid) FROM pg_stat_activity"
                                           " WHERE application_name = 'civicstream live updates'"
                                           " AND datname = current_database ()", 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for (listening, f));
  {
    gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
    while (f->resets == 0 && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }
  g_assert_cmpuint (f->resets, ==, 1);
  g_assert_true (cs_change_listener_is_listening (f->listener));

  /* And it hears changes again. */
  id = exec_value (f->user, f, "INSERT INTO issues (summary) VALUES ('After') RETURNING id");
  g_assert_true (wait_for (has_changes, f));
  drain (f);
  expected = g_strdup_printf ("issues:%s", id);
  g_assert_cmpstr (g_ptr_array_index (f->changes, f->changes->len - 1), ==, expected);
}

static void
test_stop_silences (Fixture       *f,
                    gconstpointer  data)
{
  cs_change_listener_stop (f->listener);
  g_assert_false (cs_change_listener_is_listening (f->listener));
  g_free (exec_value (f->user, f, "INSERT INTO issues (summary) VALUES ('Unheard') RETURNING id"));
  drain (f);
  g_assert_cmpuint (f->changes->len, ==, 0);
  g_assert_true (cs_change_ids_contain (NULL, "7"));
  g_assert_true (cs_change_ids_contain ((const char *[]) { "3", "7", NULL }, "7"));
  g_assert_false (cs_change_ids_contain ((const char *[]) { "3", "17", NULL }, "7"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/live-updates/rows-of-own-tenant", test_rows_of_own_tenant);
  ADD ("/live-updates/bulk-is-whole-table", test_bulk_is_whole_table);
  ADD ("/live-updates/burst-is-gathered", test_burst_is_gathered);
  ADD ("/live-updates/reconnects", test_reconnects);
  ADD ("/live-updates/stop-silences", test_stop_silences);
#undef ADD

  return g_test_run ();
}
