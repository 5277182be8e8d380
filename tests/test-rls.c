/* test-rls.c: tenants are kept apart by the database itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "core/cs-error.h"
#include "cs-test-cluster.h"

typedef struct
{
  char           *db;
  CsDbConnection *owner;
  char           *tenant_a;
  char           *tenant_b;
  char           *admin_a;
  char           *admin_b;
  char           *officer_a;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->db = cs_test_cluster_create_database (TRUE);
  f->owner = cs_test_cluster_connect (f->db, NULL);
  f->tenant_a = cs_test_add_tenant (f->owner, "city-a");
  f->tenant_b = cs_test_add_tenant (f->owner, "city-b");
  /* Login roles are global to the cluster: make them unique per test. */
  f->admin_a = g_strdup_printf ("%s_admin_a", f->db);
  f->admin_b = g_strdup_printf ("%s_admin_b", f->db);
  f->officer_a = g_strdup_printf ("%s_officer_a", f->db);
  cs_test_add_user (f->owner, f->admin_a, f->tenant_a, "administrator");
  cs_test_add_user (f->owner, f->admin_b, f->tenant_b, "administrator");
  cs_test_add_user (f->owner, f->officer_a, f->tenant_a, "officer");

  cs_db_connection_command (f->owner,
                            "INSERT INTO areas (tenant_id, name) VALUES ($1::uuid, 'North'), ($1::uuid, 'South'),"
                            " ($2::uuid, 'Harbour')",
                            2, (const char *[]) { f->tenant_a, f->tenant_b }, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->owner);
  g_free (f->db);
  g_free (f->tenant_a);
  g_free (f->tenant_b);
  g_free (f->admin_a);
  g_free (f->admin_b);
  g_free (f->officer_a);
}

static char *
value (CsDbConnection *conn,
       const char     *sql)
{
  g_autoptr(GError) error = NULL;
  char *v = cs_db_connection_query_value (conn, sql, 0, NULL, &error);
  g_assert_no_error (error);
  return v;
}

static void
test_rows_of_other_tenant_invisible (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(CsDbConnection) a = cs_test_cluster_connect (f->db, f->admin_a);
  g_autoptr(CsDbConnection) b = cs_test_cluster_connect (f->db, f->admin_b);
  g_autofree char *areas_a = value (a, "SELECT string_agg (name, ',' ORDER BY name) FROM areas");
  g_autofree char *areas_b = value (b, "SELECT string_agg (name, ',' ORDER BY name) FROM areas");
  g_autofree char *tenants_b = value (b, "SELECT string_agg (slug, ',') FROM tenants");
  g_autofree char *users_b = value (b, "SELECT count(*) FROM app_users");
  g_autofree char *all = value (f->owner, "SELECT count(*) FROM areas");

  g_assert_cmpstr (areas_a, ==, "North,South");
  g_assert_cmpstr (areas_b, ==, "Harbour");
  g_assert_cmpstr (tenants_b, ==, "city-b");
  g_assert_cmpstr (users_b, ==, "1");
  /* The rows are all there; it is the policy that hides them. */
  g_assert_cmpstr (all, ==, "3");
}

static void
test_cannot_write_other_tenant (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(CsDbConnection) b = cs_test_cluster_connect (f->db, f->admin_b);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autofree char *north = NULL;
  g_autofree char *own = NULL;

  /* Inserting into A as B is refused. */
  g_assert_false (cs_db_connection_command (b, "INSERT INTO areas (tenant_id, name) VALUES ($1::uuid, 'Spy')",
                                            1, (const char *[]) { f->tenant_a }, &error));
  g_assert_true (cs_db_error_has_sqlstate (error, "42501"));
  g_clear_error (&error);

  /* Updating and deleting A's rows touches nothing. */
  result = cs_db_connection_exec (b, "UPDATE areas SET name = 'Taken' WHERE name = 'North'", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (PQcmdTuples (result), ==, "0");
  g_clear_pointer (&result, PQclear);
  result = cs_db_connection_exec (b, "DELETE FROM areas WHERE name = 'South'", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (PQcmdTuples (result), ==, "0");
  north = value (f->owner, "SELECT count(*) FROM areas WHERE name IN ('North', 'South')");
  g_assert_cmpstr (north, ==, "2");

  /* Its own tenant is the default for new rows. */
  g_assert_true (cs_db_connection_command (b, "INSERT INTO areas (name) VALUES ('Docks')", 0, NULL, &error));
  g_assert_no_error (error);
  own = value (f->owner, "SELECT count(*) FROM areas a JOIN tenants t ON t.id = a.tenant_id"
                         " WHERE a.name = 'Docks' AND t.slug = 'city-b'");
  g_assert_cmpstr (own, ==, "1");
}

static void
test_mapping_cannot_be_overridden (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(CsDbConnection) b = cs_test_cluster_connect (f->db, f->admin_b);
  g_autoptr(GError) error = NULL;
  g_autofree char *areas = NULL;
  g_autofree char *peek = NULL;

  /* A mapped user naming another tenant still sees only their own. */
  g_assert_true (cs_db_connection_command (b, "SELECT set_config ('civicstream.tenant', $1, false)",
                                           1, (const char *[]) { f->tenant_a }, &error));
  areas = value (b, "SELECT string_agg (name, ',') FROM areas");
  g_assert_cmpstr (areas, ==, "Harbour");

  /* Nor can they ask for another user's tenant. */
  peek = cs_db_connection_query_value (b, "SELECT coalesce (cs_tenant_of ($1)::text, 'none')",
                                       1, (const char *[]) { f->admin_a }, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (peek, ==, "none");
}

static void
test_service_session_sets_tenant (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *service = g_strdup_printf ("%s_service", f->db);
  g_autofree char *create = g_strdup_printf ("CREATE ROLE %s LOGIN IN ROLE civicstream_user", service);
  g_autoptr(CsDbConnection) s = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *none = NULL;
  g_autofree char *areas = NULL;

  g_assert_true (cs_db_connection_command (f->owner, create, 0, NULL, &error));
  s = cs_test_cluster_connect (f->db, service);

  /* Unmapped and without a tenant: nothing. */
  none = value (s, "SELECT count(*) FROM areas");
  g_assert_cmpstr (none, ==, "0");

  g_assert_true (cs_db_connection_command (s, "SELECT set_config ('civicstream.tenant', $1, false)",
                                           1, (const char *[]) { f->tenant_a }, &error));
  areas = value (s, "SELECT string_agg (name, ',' ORDER BY name) FROM areas");
  g_assert_cmpstr (areas, ==, "North,South");
}

static void
test_roles_limit_writes (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CsDbConnection) officer = cs_test_cluster_connect (f->db, f->officer_a);
  g_autoptr(CsDbConnection) admin_a = cs_test_cluster_connect (f->db, f->admin_a);
  g_autoptr(GError) error = NULL;
  g_autofree char *new_login = g_strdup_printf ("%s_new", f->db);

  /* Officers read areas but do not change them. */
  g_assert_false (cs_db_connection_command (officer, "INSERT INTO areas (name) VALUES ('West')", 0, NULL, &error));
  g_assert_true (cs_db_error_has_sqlstate (error, "42501"));
  g_clear_error (&error);

  /* Nor may they add users. */
  g_assert_false (cs_db_connection_command (officer, "SELECT cs_user_add ($1, $2::uuid, 'officer', NULL, '', NULL)",
                                            2, (const char *[]) { new_login, f->tenant_a }, &error));
  g_assert_true (cs_db_error_has_sqlstate (error, "42501"));
  g_clear_error (&error);

  /* An administrator adds users to their own tenant only. */
  g_assert_false (cs_db_connection_command (admin_a, "SELECT cs_user_add ($1, $2::uuid, 'officer', NULL, '', NULL)",
                                            2, (const char *[]) { new_login, f->tenant_b }, &error));
  g_assert_true (cs_db_error_has_sqlstate (error, "42501"));
  g_clear_error (&error);
  g_assert_true (cs_db_connection_command (admin_a, "SELECT cs_user_add ($1, $2::uuid, 'officer', NULL, '', NULL)",
                                           2, (const char *[]) { new_login, f->tenant_a }, &error));
  g_assert_no_error (error);

  /* And the new user is confined to it. */
  {
    g_autoptr(CsDbConnection) fresh = cs_test_cluster_connect (f->db, new_login);
    g_autofree char *areas = value (fresh, "SELECT string_agg (name, ',' ORDER BY name) FROM areas");
    g_assert_cmpstr (areas, ==, "North,South");
  }

  /* Removing takes the login away. */
  g_assert_true (cs_db_connection_command (admin_a, "SELECT cs_user_remove ($1)", 1,
                                           (const char *[]) { new_login }, &error));
  {
    g_autofree char *conninfo = cs_test_cluster_conninfo (f->db, new_login);
    g_autoptr(CsDbConnection) gone = cs_db_connection_new (conninfo, NULL);
    g_assert_false (cs_db_connection_open (gone, NULL, &error));
    g_assert_error (error, CS_ERROR, CS_ERROR_CONNECTION);
    g_assert_nonnull (strstr (error->message, "not permitted to log in"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/rls/rows-of-other-tenant-invisible", Fixture, NULL, fixture_set_up,
              test_rows_of_other_tenant_invisible, fixture_tear_down);
  g_test_add ("/rls/cannot-write-other-tenant", Fixture, NULL, fixture_set_up,
              test_cannot_write_other_tenant, fixture_tear_down);
  g_test_add ("/rls/mapping-cannot-be-overridden", Fixture, NULL, fixture_set_up,
              test_mapping_cannot_be_overridden, fixture_tear_down);
  g_test_add ("/rls/service-session-sets-tenant", Fixture, NULL, fixture_set_up,
              test_service_session_sets_tenant, fixture_tear_down);
  g_test_add ("/rls/roles-limit-writes", Fixture, NULL, fixture_set_up,
              test_roles_limit_writes, fixture_tear_down);
  return g_test_run ();
}
