/* test-examples.c: the four example workflows of seed 000, run by the engine to each of their ends
 *
 * Real PostgreSQL, real worker threads, the real handlers, and a registry and
 * a payment service of the test's own answering HTTP on loopback; officers
 * of the right agencies decide the approvals.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "store/cs-workflow-repo.h"
#include "workers/cs-engine.h"
#include "cs-test-cluster.h"

typedef struct
{
  char           *db;
  CsDbConnection *owner;
  char           *tenant;
  GHashTable     *logins;   /* short name → login role */
  CsDbConnection *as_admin;
  CsEngine       *engine;
  CsWorkerPool   *pool;
  SoupServer     *server;
  char           *base;
} Fixture;

/* The registry refuses people called "Conflict"; the payment service
 * declines payers whose name has "Declined" in it. */
static void
services (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(JsonNode) request = json_from_string (body->data ? body->data : "", NULL);
  JsonObject *in = request && JSON_NODE_HOLDS_OBJECT (request) ? json_node_get_object (request) : NULL;
  g_autofree char *reply = NULL;

  if (in == NULL)
    {
      soup_server_message_set_status (msg, 400, NULL);
      return;
    }
  if (g_str_equal (path, "/registry/citizens"))
    {
      gboolean conflict = g_strcmp0 (json_object_get_string_member_with_default (in, "first_name", ""), "Conflict") == 0;
      reply = g_strdup_printf ("{\"status\": \"%s\", \"citizen\": {\"id\": \"NR-%s\"}}",
                               conflict ? "conflict" : "registered", conflict ? "" : "4711");
    }
  else if (g_str_equal (path, "/payments/payments"))
    {
      gboolean declined = strstr (json_object_get_string_member_with_default (in, "payer", ""), "Declined") != NULL;
      reply = g_strdup_printf ("{\"payment\": {\"id\": \"PAY-%s\", \"status\": \"%s\", \"amount_cents\": %" G_GINT64_FORMAT "}}",
                               json_object_get_string_member_with_default (in, "reference", "x"),
                               declined ? "declined" : "captured",
                               declined ? 0 : json_object_get_int_member_with_default (in, "amount_cents", 0));
    }
  else
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_server_message_set_status (msg, 201, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, reply, strlen (reply));
}

static char *
value (CsDbConnection *conn,
       const char     *sql,
       const char     *p1,
       const char     *p2)
{
  g_autoptr(GError) error = NULL;
  char *v = cs_db_connection_query_value (conn, sql, p2 ? 2 : p1 ? 1 : 0, (const char *[]) { p1, p2 }, &error);
  g_assert_no_error (error);
  return v;
}

static void
add_person (Fixture    *f,
            const char *name,
            const char *role,
            const char *agency,
            const char *approver_role)
{
  g_autofree char *login = g_strdup_printf ("%s_%s", f->db, name);
  g_autoptr(GError) error = NULL;

  cs_test_add_user (f->owner, login, f->tenant, role);
  if (agency != NULL)
    {
      g_autofree char *agency_id = value (f->owner, "SELECT id FROM agencies WHERE name = $1", agency, NULL);
      cs_db_connection_command (f->owner, "UPDATE app_users SET agency_id = $2::uuid WHERE login_role = $1",
                                2, (const char *[]) { login, agency_id }, &error);
      g_assert_no_error (error);
    }
  if (approver_role != NULL)
    {
      cs_db_connection_command (f->owner, "UPDATE app_users SET approver_roles = ARRAY[$2] WHERE login_role = $1",
                                2, (const char *[]) { login, approver_role }, &error);
      g_assert_no_error (error);
    }
  g_hash_table_insert (f->logins, g_strdup (name), g_steal_pointer (&login));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *conninfo = NULL;
  guint installed = 0;

  f->db = cs_test_cluster_create_database (TRUE);
  f->owner = cs_test_cluster_connect (f->db, NULL);
  f->tenant = cs_test_add_tenant (f->owner, "examplestad");
  f->logins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  add_person (f, "admin", "administrator", NULL, NULL);
  f->as_admin = cs_test_cluster_connect (f->db, g_hash_table_lookup (f->logins, "admin"));
  /* Installing creates the agencies the examples name. */
  g_assert_true (cs_workflow_repo_install_examples (f->as_admin, &installed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (installed, ==, 4);

  add_person (f, "clerk", "officer", "Civil Registry", NULL);
  add_person (f, "licensing", "officer", "Business Licensing Office", NULL);
  add_person (f, "permits", "officer", "Permits Office", NULL);
  add_person (f, "roads", "officer", "Public Works Department", "public_works_officer");

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, services, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  if (g_str_has_suffix (f->base, "/"))
    f->base[strlen (f->base) - 1] = '\0';

  f->engine = cs_engine_new ();
  conninfo = cs_test_cluster_conninfo (f->db, g_hash_table_lookup (f->logins, "admin"));
  f->pool = cs_worker_pool_new (conninfo, NULL, 2);
  cs_worker_pool_set_poll_interval (f->pool, 50);
  cs_engine_attach (f->engine, f->pool);
  cs_worker_pool_start (f->pool);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  cs_worker_pool_stop (f->pool);
  g_clear_object (&f->pool);
  g_clear_object (&f->engine);
  g_clear_object (&f->server);
  g_clear_object (&f->as_admin);
  g_clear_object (&f->owner);
  g_clear_pointer (&f->logins, g_hash_table_unref);
  g_free (f->base);
  g_free (f->tenant);
  g_free (f->db);
}

/* "{{base}}" in @json becomes the test service's address. */
static gint64
start (Fixture    *f,
       const char *key,
       const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (json);
  g_autoptr(JsonNode) node = NULL;
  gint64 id;

  g_string_replace (text, "{{base}}", f->base, 0);
  node = json_from_string (text->str, &error);
  g_assert_no_error (error);
  id = cs_engine_start_instance (f->engine, f->as_admin, key, json_node_get_object (node), NULL, NULL, &error);
  g_assert_no_error (error);
  return id;
}

/* Runs the instance to its end; each approval it meets is decided by the
 * people @decisions names: "step=person:decision[,person:decision]; …". */
static char *
drive (Fixture    *f,
       gint64      id,
       const char *decisions)
{
  g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_auto(GStrv) rules = g_strsplit (decisions ? decisions : "", ";", -1);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *status = value (f->owner, "SELECT status FROM workflow_instances WHERE id = $1::bigint", sid, NULL);
      g_autofree char *task = NULL;
      g_autofree char *step = NULL;

      if (!g_str_equal (status, "running"))
        {
          g_autofree char *outcome = value (f->owner, "SELECT coalesce (outcome, '') || coalesce (' ' || error, '')"
                                                      "  FROM workflow_instances WHERE id = $1::bigint", sid, NULL);
          return g_steal_pointer (&outcome);
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);

      task = value (f->owner, "SELECT coalesce (min (id)::text, '') FROM approval_tasks"
                              " WHERE instance_id = $1::bigint AND status = 'open'", sid, NULL);
      if (*task == '\0')
        {
          while (g_main_context_iteration (NULL, FALSE))
            ;
          g_usleep (10000);
          continue;
        }
      step = value (f->owner, "SELECT step_id FROM approval_tasks WHERE id = $1::bigint", task, NULL);

      for (guint r = 0; rules[r] != NULL; r++)
        {
          g_auto(GStrv) rule = g_strsplit (g_strstrip (rules[r]), "=", 2);
          g_auto(GStrv) votes = NULL;

          if (rule[0] == NULL || !g_str_equal (rule[0], step))
            continue;
          votes = g_strsplit (rule[1], ",", -1);
          for (guint v = 0; votes[v] != NULL; v++)
            {
              g_auto(GStrv) vote = g_strsplit (votes[v], ":", 2);
              g_autoptr(CsDbConnection) person = cs_test_cluster_connect (f->db, g_hash_table_lookup (f->logins, vote[0]));
              g_autoptr(GError) error = NULL;

              cs_db_connection_command (person, "SELECT cs_approval_decide ($1::bigint, $2, 'decided in the test')",
                                        2, (const char *[]) { task, vote[1] }, &error);
              if (error != NULL)
                g_error ("%s deciding %s: %s", vote[0], step, error->message);
            }
          break;
        }
      {
        g_autofree char *still = value (f->owner, "SELECT status FROM approval_tasks WHERE id = $1::bigint", task, NULL);
        if (g_str_equal (still, "open"))
          g_error ("nobody in the test decides approval %s (%s)", task, step);
      }
    }
}

static guint
ran (Fixture    *f,
     gint64      id,
     const char *step)
{
  g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *n = value (f->owner, "SELECT count(*) FROM step_executions WHERE instance_id = $1::bigint"
                                        " AND step_id = $2 AND status = 'completed'", sid, step);
  return (guint) atoi (n);
}

#define CITIZEN(first, birth) \
  "{\"first_name\": \"" first "\", \"last_name\": \"Jansen\", \"id_document\": \"passport\"," \
  " \"id_number\": \"AB1234567\", \"date_of_birth\": \"" birth "\", \"email\": \"anna@example.org\"," \
  " \"phone\": \"+31 6 1234 5678\", \"notify_by\": \"email\", \"guardian_name\": \"Maria Jansen\"," \
  " \"services\": {\"registry_url\": \"{{base}}/registry\"}}"

static void
test_citizen_registration (Fixture       *f,
                           gconstpointer  data)
{
  gint64 adult = start (f, "citizen_registration", CITIZEN ("Anna", "1990-04-01"));
  gint64 minor = start (f, "citizen_registration", CITIZEN ("Finn", "2016-09-12"));
  gint64 refused = start (f, "citizen_registration", CITIZEN ("Emma", "1985-01-20"));
  gint64 conflict = start (f, "citizen_registration", CITIZEN ("Conflict", "1970-07-07"));
  g_autofree char *a = drive (f, adult, "adult_approval=clerk:approved");
  g_autofree char *m = drive (f, minor, "minor_approval=clerk:approved,admin:approved");
  g_autofree char *r = drive (f, refused, "adult_approval=clerk:rejected");
  g_autofree char *c = drive (f, conflict, "adult_approval=clerk:approved");

  g_assert_cmpstr (a, ==, "SUCCESS");
  g_assert_cmpstr (m, ==, "SUCCESS");
  g_assert_cmpstr (r, ==, "REJECTED");
  g_assert_cmpstr (c, ==, "FAILED");
  /* The adult's account and registration ran in parallel and joined; the record is sealed. */
  g_assert_cmpuint (ran (f, adult, "create_account"), ==, 1);
  g_assert_cmpuint (ran (f, adult, "register_civil_registry"), ==, 1);
  g_assert_cmpuint (ran (f, adult, "registry_check"), ==, 1);
  g_assert_cmpuint (ran (f, adult, "seal_record"), ==, 1);
  g_assert_cmpuint (ran (f, minor, "minor_approval"), ==, 1);
  g_assert_cmpuint (ran (f, minor, "adult_approval"), ==, 0);
  g_assert_cmpuint (ran (f, conflict, "notify_failure"), ==, 1);
  {
    g_autofree char *sealed = value (f->owner, "SELECT count(*) FROM audit_records WHERE kind = 'record.sealed'", NULL, NULL);
    g_assert_cmpstr (sealed, ==, "2");
  }
}

#define BUSINESS(owner, type) \
  "{\"business_name\": \"Corner Bakery\", \"business_type\": \"" type "\", \"owner_name\": \"" owner "\"," \
  " \"email\": \"owner@example.org\", \"phone\": \"+31 20 555 0101\", \"address\": \"Kerkstraat 12\"," \
  " \"employees\": 4, \"notify_by\": \"email\", \"application_reference\": \"APP-77\"," \
  " \"documents\": [{\"type\": \"identity_document\", \"expires_on\": \"2031-01-01\"," \
  "   \"sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}," \
  "  {\"type\": \"proof_of_address\", \"expires_on\": \"2030-06-01\"," \
  "   \"sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}," \
  "  {\"type\": \"business_registration\", \"sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}]," \
  " \"services\": {\"payment_url\": \"{{base}}/payments\"}}"

static void
test_business_licence (Fixture       *f,
                       gconstpointer  data)
{
  gint64 issued = start (f, "business_licence", BUSINESS ("Ann Baker", "retail"));
  gint64 rejected = start (f, "business_licence", BUSINESS ("Bo Baker", "retail"));
  gint64 declined = start (f, "business_licence", BUSINESS ("Declined Payer", "retail"));
  g_autofree char *i = drive (f, issued, "officer_review=licensing:approved; manager_approval=admin:approved");
  g_autofree char *r = drive (f, rejected, "officer_review=licensing:rejected");
  g_autofree char *d = drive (f, declined, NULL);

  g_assert_cmpstr (i, ==, "SUCCESS");
  g_assert_cmpstr (r, ==, "REJECTED");
  g_assert_cmpstr (d, ==, "FAILED");
  g_assert_cmpuint (ran (f, issued, "generate_licence"), ==, 1);
  g_assert_cmpuint (ran (f, declined, "notify_payment_failed"), ==, 1);
}

#define PERMIT(holder, inspection) \
  "{\"permit_number\": \"PR-2022-AB12CD34\", \"permit_expires_on\": \"%s\", \"holder_name\": \"" holder "\"," \
  " \"business_name\": \"Harbour Cafe\", \"business_type\": \"restaurant\", \"employees\": 6," \
  " \"outstanding_fines_cents\": 0, \"suspended\": false, \"inspections\": [" inspection "]," \
  " \"complaints_count\": 0, \"email\": \"holder@example.org\", \"notify_by\": \"email\"," \
  " \"services\": {\"payment_url\": \"{{base}}/payments\"}}"
#define GOOD_INSPECTION "{\"date\": \"%s\", \"passed\": true, \"violations\": 0}"
#define BAD_INSPECTIONS "{\"date\": \"%s\", \"passed\": false, \"violations\": 3}, {\"date\": \"%s\", \"passed\": false, \"violations\": 2}"

static void
test_permit_renewal (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = g_date_time_add_days (now, 30);
  g_autoptr(GDateTime) inspected = g_date_time_add_days (now, -100);
  g_autoptr(GDateTime) older = g_date_time_add_days (now, -500);
  g_autofree char *exp = g_date_time_format (expires, "%Y-%m-%d");
  g_autofree char *ins = g_date_time_format (inspected, "%Y-%m-%d");
  g_autofree char *old = g_date_time_format (older, "%Y-%m-%d");
  g_autofree char *good = g_strdup_printf (PERMIT ("Sam Visser", GOOD_INSPECTION), exp, ins);
  g_autofree char *bad = g_strdup_printf (PERMIT ("Sam Visser", BAD_INSPECTIONS), exp, ins, old);
  g_autofree char *declined_data = g_strdup_printf (PERMIT ("Declined Holder", GOOD_INSPECTION), exp, ins);
  gint64 renewed = start (f, "permit_renewal", good);
  gint64 refused = start (f, "permit_renewal", bad);
  gint64 declined = start (f, "permit_renewal", declined_data);
  g_autofree char *a = drive (f, renewed, "renewal_approval=permits:approved");
  g_autofree char *b = drive (f, refused, NULL);
  g_autofree char *c = drive (f, declined, NULL);

  g_assert_cmpstr (a, ==, "SUCCESS");
  g_assert_cmpstr (b, ==, "REJECTED");
  g_assert_cmpstr (c, ==, "FAILED");
  g_assert_cmpuint (ran (f, renewed, "issue_permit"), ==, 1);
  /* The compliance audit ran in parallel with the payment. */
  g_assert_cmpuint (ran (f, refused, "compliance_audit"), ==, 1);
  g_assert_cmpuint (ran (f, refused, "process_payment"), ==, 1);
}

#define COMPLAINT \
  "{\"subject\": \"Pothole in the road\", \"description\": \"A deep pothole near the school is dangerous for cyclists\"," \
  " \"channel\": \"web\", \"citizen_name\": \"Lotte Bos\", \"email\": \"lotte@example.org\", \"notify_by\": \"email\"," \
  " \"resolution_summary\": \"Filled the pothole\", \"closure_reason\": \"no pothole was found\", \"rating\": 4," \
  " \"comment\": \"Quick and friendly\"}"

static void
test_complaint_handling (Fixture       *f,
                         gconstpointer  data)
{
  gint64 fixed = start (f, "complaint_handling", COMPLAINT);
  gint64 unfounded = start (f, "complaint_handling", COMPLAINT);
  g_autofree char *a = drive (f, fixed, "works_investigation=roads:approved");
  g_autofree char *b = drive (f, unfounded, "works_investigation=roads:rejected");

  g_assert_cmpstr (a, ==, "SUCCESS");
  g_assert_cmpstr (b, ==, "REJECTED");
  g_assert_cmpuint (ran (f, fixed, "collect_feedback"), ==, 1);
  g_assert_cmpuint (ran (f, unfounded, "notify_unfounded"), ==, 1);
  /* Registration branched into classification and acknowledgement, which joined at routing. */
  g_assert_cmpuint (ran (f, fixed, "acknowledge"), ==, 1);
  g_assert_cmpuint (ran (f, fixed, "route_department"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/examples/citizen-registration", test_citizen_registration);
  ADD ("/examples/business-licence", test_business_licence);
  ADD ("/examples/permit-renewal", test_permit_renewal);
  ADD ("/examples/complaint-handling", test_complaint_handling);
#undef ADD
  return g_test_run ();
}
