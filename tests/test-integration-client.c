/* test-integration-client.c: Integration step attempts against a real HTTP server on the loopback
 *
 * The SoupServer runs in the test's main context while the client runs on a
 * thread of its own, as on an engine worker; the test iterates the main
 * context until the client's thread is done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "net/cs-integration-client.h"

#define LICENCE_JSON "{\"result\":{\"licence_id\":\"L-2024-0042\",\"fees\":[{\"amount\":12.5}]},\"status\":\"issued\"}"
#define ECHO_JSON "{\"ok\":true}"
#define MAINTENANCE_HTML "<!DOCTYPE html><html><head><title>Maintenance</title></head>" \
                         "<body>The licence service is down for maintenance until 18:00 today.</body></html>"
#define BIG_BYTES (9 * 1024 * 1024)
#define CHUNK_BYTES (16 * 1024)
#define N_CHUNKS 10

typedef struct
{
  SoupServer         *server;
  char               *base;        /* http://127.0.0.1:PORT */
  CsCircuitBreakers  *breakers;
  guint               requests;    /* as counted by the server */
  char               *last_method;
  char               *last_path;
  char               *last_query;
  char               *last_body;
  SoupMessageHeaders *last_headers;
  GPtrArray          *hanging;     /* messages never answered */
} Fixture;

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *fx = user_data;
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) flat = soup_message_body_flatten (request_body);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  const char *query_text = g_uri_get_query (soup_server_message_get_uri (msg));

  fx->requests++;
  g_free (fx->last_method);
  fx->last_method = g_strdup (soup_server_message_get_method (msg));
  g_free (fx->last_path);
  fx->last_path = g_strdup (path);
  g_free (fx->last_query);
  fx->last_query = g_strdup (query_text);
  g_free (fx->last_body);
  fx->last_body = g_strndup (g_bytes_get_data (flat, NULL), g_bytes_get_size (flat));
  g_clear_pointer (&fx->last_headers, soup_message_headers_unref);
  fx->last_headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));

  if (g_str_equal (path, "/json"))
    respond (msg, 200, "application/json", LICENCE_JSON);
  else if (g_str_equal (path, "/empty-result"))
    respond (msg, 200, "application/json", "{\"result\":{}}");
  else if (g_str_has_prefix (path, "/echo/"))
    respond (msg, 200, "application/json", ECHO_JSON);
  else if (g_str_equal (path, "/html"))
    respond (msg, 200, "text/html", MAINTENANCE_HTML);
  else if (g_str_has_prefix (path, "/status/"))
    {
      guint64 status = g_ascii_strtoull (path + strlen ("/status/"), NULL, 10);
      const char *retry_after = query != NULL ? g_hash_table_lookup (query, "retry_after") : NULL;
      g_autofree char *body = g_strdup_printf ("{\"error\":\"status %u\"}", (guint) status);

      respond (msg, (guint) status, "application/json", body);
      if (retry_after != NULL)
        soup_message_headers_replace (response_headers, "Retry-After", retry_after);
    }
  else if (g_str_equal (path, "/big"))
    {
      char *big = g_malloc (BIG_BYTES);

      memset (big, ' ', BIG_BYTES);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, big, BIG_BYTES);
    }
  else if (g_str_equal (path, "/chunked"))
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (response_headers, "text/plain", NULL);
      for (guint i = 0; i < N_CHUNKS; i++)
        {
          char *chunk = g_malloc (CHUNK_BYTES);

          memset (chunk, 'a' + i, CHUNK_BYTES);
          soup_message_body_append (body, SOUP_MEMORY_TAKE, chunk, CHUNK_BYTES);
        }
      soup_message_body_complete (body);
    }
  else if (g_str_equal (path, "/hang"))
    {
      g_ptr_array_add (fx->hanging, g_object_ref (msg));
      soup_server_message_pause (msg);
    }
  else
    respond (msg, 404, "text/plain", "no such test path");
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fx->server = soup_server_new ("server-header", "civicstream-test ", NULL);
  fx->hanging = g_ptr_array_new_with_free_func (g_object_unref);
  soup_server_add_handler (fx->server, NULL, server_cb, fx, NULL);
  soup_server_listen_local (fx->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fx->server);
  g_assert_nonnull (uris);
  fx->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  fx->breakers = cs_circuit_breakers_new ();
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  /* Let the server see the clients' connections close before it goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  soup_server_disconnect (fx->server);
  g_clear_pointer (&fx->hanging, g_ptr_array_unref);
  g_assert_finalize_object (fx->server);
  g_assert_finalize_object (fx->breakers);
  g_free (fx->base);
  g_free (fx->last_method);
  g_free (fx->last_path);
  g_free (fx->last_query);
  g_free (fx->last_body);
  g_clear_pointer (&fx->last_headers, soup_message_headers_unref);
}

/* Attempts, run one after the other by one client on one thread */

typedef struct
{
  CsStep        *step;
  JsonNode      *data;          /* NULL: the fixture's default data */
  GCancellable  *cancellable;
  JsonObject    *mapped;        /* NULL: a fresh empty object */
  guint64        max_bytes;     /* 0: the client's default */

  CsCallOutcome  outcome;
  CsCallInfo     info;
  GError        *error;
  gint64         elapsed_ms;
} Attempt;

typedef struct
{
  Fixture  *fx;
  Attempt **attempts;
  guint     n_attempts;
  gint      done;   /* atomic */
} Worker;

static gpointer
worker_thread (gpointer user_data)
{
  Worker *worker = user_data;
  CsIntegrationClient *client = cs_integration_client_new (worker->fx->breakers);

  for (guint i = 0; i < worker->n_attempts; i++)
    {
      Attempt *a = worker->attempts[i];
      gint64 start = g_get_monotonic_time ();

      cs_integration_client_set_max_response_bytes (client, a->max_bytes ? a->max_bytes
                                                          : CS_INTEGRATION_DEFAULT_MAX_RESPONSE_BYTES);
      a->outcome = cs_integration_client_attempt (client, a->step, a->data, a->cancellable,
                                                  a->mapped, &a->info, &a->error);
      a->elapsed_ms = (g_get_monotonic_time () - start) / 1000;
    }
  g_assert_finalize_object (client);

  g_atomic_int_set (&worker->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static void
run_attempts (Fixture  *fx,
              Attempt **attempts,
              guint     n_attempts)
{
  Worker worker = { fx, attempts, n_attempts, FALSE };
  GThread *thread;

  thread = g_thread_new ("engine-worker", worker_thread, &worker);
  while (!g_atomic_int_get (&worker.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
}

static JsonNode *
default_data (Fixture *fx)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "base");
  json_builder_add_string_value (builder, fx->base);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, "rua das flores 12");
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, "s3cr3t");
  json_builder_set_member_name (builder, "applicant");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "A-17");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "Ana \"Nana\"\nSilva");
  json_builder_set_member_name (builder, "age");
  json_builder_add_int_value (builder, 34);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
attempt_clear (Attempt *a)
{
  g_clear_object (&a->step);
  g_clear_pointer (&a->data, json_node_unref);
  g_clear_pointer (&a->mapped, json_object_unref);
  g_clear_object (&a->cancellable);
  g_clear_error (&a->error);
  cs_call_info_clear (&a->info);
}

/* A GET of {{ base }}@path with the step defaults but a short timeout and no breaker. */
static CsStep *
new_step (const char *path)
{
  CsStep *step = cs_step_new ("licence_service", CS_STEP_INTEGRATION, "Licence service");
  g_autofree char *url = g_strconcat ("{{ base }}", path, NULL);

  cs_step_set_method (step, "GET");
  cs_step_set_url (step, url);
  cs_step_set_timeout_ms (step, 5000);
  cs_step_set_breaker (step, 0, 0);
  return step;
}

static void
attempt_init (Attempt *a,
              Fixture *fx,
              CsStep  *step)
{
  *a = (Attempt) { 0 };
  a->step = step;
  a->data = default_data (fx);
  a->mapped = json_object_new ();
  a->info = (CsCallInfo) CS_CALL_INFO_INIT;
}

static void
run_one (Fixture *fx,
         Attempt *a)
{
  Attempt *list[] = { a };

  run_attempts (fx, list, 1);
}

static char *
host_key (Fixture *fx)
{
  return g_strdup (fx->base);
}

/* Tests */

static void
test_success_with_mapping (Fixture       *fx,
                           gconstpointer  unused)
{
  Attempt a;
  JsonObject *data;
  CsStep *step = new_step ("/json");

  cs_step_set_response_mapping (step, "licence_id", "result.licence_id");
  cs_step_set_response_mapping (step, "fee", "result.fees.0.amount");
  attempt_init (&a, fx, step);
  /* Map straight into the instance data, as the engine may. */
  data = json_node_get_object (a.data);
  g_clear_pointer (&a.mapped, json_object_unref);
  a.mapped = json_object_ref (data);

  run_one (fx, &a);

  g_assert_no_error (a.error);
  g_assert_cmpint (a.outcome, ==, CS_CALL_OK);
  g_assert_cmpstr (json_object_get_string_member (data, "licence_id"), ==, "L-2024-0042");
  g_assert_cmpfloat (json_object_get_double_member (data, "fee"), ==, 12.5);
  g_assert_true (json_object_has_member (data, "applicant"));
  g_assert_cmpstr (a.info.method, ==, "GET");
  g_assert_true (g_str_has_prefix (a.info.url, fx->base));
  g_assert_true (g_str_has_suffix (a.info.url, "/json"));
  g_assert_cmpuint (a.info.status, ==, 200);
  g_assert_cmpuint (a.info.response_bytes, ==, strlen (LICENCE_JSON));
  g_assert_cmpuint (a.info.request_bytes, ==, 0);
  g_assert_cmpint (a.info.retry_after_ms, ==, -1);
  g_assert_cmpint (a.info.duration_ms, <=, a.elapsed_ms);
  g_assert_cmpuint (fx->requests, ==, 1);
  g_assert_cmpstr (soup_message_headers_get_one (fx->last_headers, "Accept"), ==, "application/json");

  attempt_clear (&a);
}

static void
test_templates_reach_server (Fixture       *fx,
                             gconstpointer  unused)
{
  const char *expected_body = "{\"name\": \"Ana \\\"Nana\\\"\\nSilva\", \"age\": 34}";
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Attempt a;
  CsStep *step = new_step ("/echo/{{ applicant.id }}?q={{ query }}&lang=en");
  JsonObject *received;

  cs_step_set_method (step, "POST");
  cs_step_set_header (step, "Authorization", "Bearer {{ token }}");
  cs_step_set_header (step, "X-Applicant-Id", "{{ applicant.id }}");
  cs_step_set_header (step, "Content-Type", "application/json");
  cs_step_set_body (step, "{\"name\": \"{{ applicant.name }}\", \"age\": {{ applicant.age }}}");
  attempt_init (&a, fx, step);

  run_one (fx, &a);

  g_assert_no_error (a.error);
  g_assert_cmpint (a.outcome, ==, CS_CALL_OK);
  g_assert_cmpstr (fx->last_method, ==, "POST");
  g_assert_cmpstr (fx->last_path, ==, "/echo/A-17");
  g_assert_cmpstr (fx->last_query, ==, "q=rua%20das%20flores%2012&lang=en");
  g_assert_cmpstr (soup_message_headers_get_one (fx->last_headers, "Authorization"), ==, "Bearer s3cr3t");
  g_assert_cmpstr (soup_message_headers_get_one (fx->last_headers, "X-Applicant-Id"), ==, "A-17");
  g_assert_cmpstr (soup_message_headers_get_content_type (fx->last_headers, NULL), ==, "application/json");
  g_assert_cmpstr (fx->last_body, ==, expected_body);
  g_assert_cmpuint (a.info.request_bytes, ==, strlen (expected_body));
  g_assert_cmpuint (a.info.response_bytes, ==, strlen (ECHO_JSON));
  g_assert_cmpstr (a.info.method, ==, "POST");

  /* The escaped body is JSON again and carries the value unchanged. */
  json_parser_load_from_data (parser, fx->last_body, -1, &error);
  g_assert_no_error (error);
  received = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (received, "name"), ==, "Ana \"Nana\"\nSilva");
  g_assert_cmpint (json_object_get_int_member (received, "age"), ==, 34);

  /* No mapping: nothing is put in the output. */
  g_assert_cmpuint (json_object_get_size (a.mapped), ==, 0);

  attempt_clear (&a);
}

static void
check_status (Fixture            *fx,
              const char * const *expected,
              guint               status,
              CsCallOutcome       outcome,
              const char         *message_part)
{
  g_autofree char *path = g_strdup_printf ("/status/%u", status);
  Attempt a;
  CsStep *step = new_step (path);

  cs_step_set_expected_statuses (step, expected);
  attempt_init (&a, fx, step);
  run_one (fx, &a);

  g_assert_cmpint (a.outcome, ==, outcome);
  g_assert_cmpuint (a.info.status, ==, status);
  if (outcome == CS_CALL_OK)
    g_assert_no_error (a.error);
  else
    {
      g_assert_error (a.error, CS_INTEGRATION_ERROR, CS_INTEGRATION_ERROR_STATUS);
      g_assert_true (g_str_has_prefix (a.error->message, "Integration licence_service: GET http://127.0.0.1:"));
      g_assert_nonnull (strstr (a.error->message, message_part));
    }
  attempt_clear (&a);
}

static void
test_expected_statuses (Fixture       *fx,
                        gconstpointer  unused)
{
  const char * const range[] = { "201-204", NULL };
  const char * const with_404[] = { "2xx", "404", NULL };
  const char * const only_2xx[] = { "2xx", NULL };

  check_status (fx, range, 204, CS_CALL_OK, NULL);
  check_status (fx, range, 201, CS_CALL_OK, NULL);
  check_status (fx, range, 200, CS_CALL_FATAL, "/status/200 answered 200 OK: {\"error\":\"status 200\"}");
  check_status (fx, with_404, 404, CS_CALL_OK, NULL);
  check_status (fx, only_2xx, 404, CS_CALL_FATAL, "/status/404 answered 404 Not Found: {\"error\":\"status 404\"}");
  check_status (fx, only_2xx, 400, CS_CALL_FATAL, "answered 400 Bad Request");
  check_status (fx, only_2xx, 500, CS_CALL_RETRYABLE, "/status/500 answered 500 Internal Server Error");
  check_status (fx, only_2xx, 503, CS_CALL_RETRYABLE, "answered 503 Service Unavailable");
  check_status (fx, only_2xx, 408, CS_CALL_RETRYABLE, "answered 408 Request Timeout");
  check_status (fx, only_2xx, 302, CS_CALL_FATAL, "answered 302 Found");
  g_assert_cmpuint (fx->requests, ==, 10);
}

static void
test_retry_after (Fixture       *fx,
                  gconstpointer  unused)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 120);
  g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);
  g_autofree char *escaped = g_uri_escape_string (date, NULL, FALSE);
  g_autofree char *date_path = g_strdup_printf ("/status/503?retry_after=%s", escaped);
  g_autofree char *key = host_key (fx);
  Attempt a, b;

  attempt_init (&a, fx, new_step ("/status/429?retry_after=7"));
  attempt_init (&b, fx, new_step (date_path));
  cs_step_set_breaker (a.step, 5, 60);
  cs_step_set_breaker (b.step, 5, 60);
  run_one (fx, &a);
  run_one (fx, &b);

  g_assert_cmpint (a.outcome, ==, CS_CALL_RETRYABLE);
  g_assert_error (a.error, CS_INTEGRATION_ERROR, CS_INTEGRATION_ERROR_STATUS);
  g_assert_nonnull (strstr (a.error->message, "answered 429 Too Many Requests"));
  g_assert_cmpuint (a.info.status, ==, 429);
  g_assert_cmpint (a.info.retry_after_ms, ==, 7000);

  /* An HTTP date two minutes ahead (the header has one-second resolution). */
  g_assert_cmpint (b.outcome, ==, CS_CALL_RETRYABLE);
  g_assert_cmpint (b.info.retry_after_ms, >, 115000);
  g_assert_cmpint (b.info.retry_after_ms, <=, 120000);

  /* Both count as failures of the host. */
  g_assert_cmpuint (cs_circuit_breakers_get_failures (fx->breakers, key), ==, 2);

  attempt_clear (&a);
  attempt_clear (&b);
}

static void
test_timeout (Fixture       *fx,
              gconstpointer  unused)
{
  g_autofree char *key = host_key (fx);
  Attempt a;

  attempt_init (&a, fx, new_step ("/hang"));
  cs_step_set_timeout_ms (a.step, 300);
  cs_step_set_breaker (a.step, 5, 60);
  run_one (fx, &a);

  g_assert_cmpint (a.outcome, ==, CS_CALL_RETRYABLE);
  g_assert_error (a.error, CS_INTEGRATION_ERROR, CS_INTEGRATION_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (a.error->message, "/hang: timed out after 300 ms"));
  g_assert_cmpint (a.elapsed_ms, >=, 290);
  g_assert_cmpint (a.elapsed_ms, <, 300 + 700);
  g_assert_cmpuint (a.info.status, ==, 0);
  g_assert_cmpuint (fx->requests, ==, 1);
  g_assert_cmpuint (cs_circuit_breakers_get_failures (fx->breakers, key), ==, 1);

  attempt_clear (&a);
}

static void
test_connection_refused (Fixture       *fx,
                         gconstpointer  unused)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  guint16 port;
  Attempt a;

  /* A port that was just free and is closed again: nobody listens there. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  url = g_strdup_printf ("http://127.0.0.1:%u/charges", port);
  attempt_init (&a, fx, new_step (""));
  cs_step_set_url (a.step, url);
  cs_step_set_method (a.step, "POST");
  run_one (fx, &a);

  g_assert_cmpint (a.outcome, ==, CS_CALL_RETRYABLE);
  g_assert_error (a.error, CS_INTEGRATION_ERROR, CS_INTEGRATION_ERROR_CONNECTION);
  expected = g_strdup_printf ("Integration licence_service: POST %s: the connection failed: ", url);
  g_assert_true (g_str_has_prefix (a.error->message, expected));
  g_assert_cmpuint (a.info.status, ==, 0);
  g_assert_cmpint (a.elapsed_ms, <, 2000);

  attempt_clear (&a);
}

static void
test_not_json (Fixture       *fx,
               gconstpointer  unused)
{
  g_autofree char *first_80 = g_strndup (MAINTENANCE_HTML, 80);
  g_autofree char *expected = g_strdup_printf ("/html: answered text/html, not JSON: %s…", first_80);
  Attempt a;

  attempt_init (&a, fx, new_step ("/html"));
  cs_step_set_response_mapping (a.step, "licence_id", "result.licence_id");
  run_one (fx, &a);

  g_assert_cmpint (a.outcome, ==, CS_CALL_FATAL);
  g_assert_error (a.error, CS_INTEGRATION_ERROR, CS_INTEGRATION_ERROR_NOT_JSON);
  g_assert_true (g_str_has_suffix (a.error->message, expected));
  g_assert_cmpuint (a.info.status, ==, 200);
  g_assert_cmpuint (json_object_get_size (a.mapped), ==, 0);
  attempt_clear (&a);

  /* Without a mapping the body is nobody's business. */
  attempt_init (&a, fx, new_step ("/html"));
  run_one (fx, &a);
  g_assert_no_error (a.error);
  g_assert_cmpint (a.outcome, ==, CS_CALL_OK);
  g_assert_cmpuint (a.info.response_bytes, ==, strlen (MAINTENANCE_HTML));
  attempt_clear (&a);
}

static void
test_missing_mapped_path (Fixture       *fx,
                          gconstpointer  unused)
{
  Attempt a;

  attempt_init (&a, fx, new_step ("/json"));
  cs_step_set_response_mapping (a.step, "licence_id", "result.licence_id");
  cs_step_set_response_mapping (a.step, "permit", "result.permit_id");
  run_one (fx, &a);

  g_assert_cmpint (a.outcome, ==, CS_CALL_FATAL);
  g_assert_error (a.error, CS_INTEGRATION_ERROR, CS_INTEGRATION_ERROR_MAPPING);
  g_assert_nonnull (strstr (a.error->message, "/json: the response has no 'result.permit_id'"));
  /* All or nothing: the path that was there is not set either. */
  g_assert_cmpuint (json_object_get_size (a.mapped), ==, 0);
  attempt_clear (&a);

  attempt_init (&a, fx, new_step ("/empty-result"));
  cs_step_set_response_mapping (a.step, "licence_id", "result.licence_id");
  run_one (fx, &a);
  g_assert_error (a.error, CS_INTEGRATION_ERROR, CS_INTEGRATION_ERROR_MAPPING);
  g_assert_nonnull (strstr (a.error->message, "the response has no 'result.licence_id'"));
  attempt_clear (&a);
}

static void
test_too_large (Fixture       *fx,
                gconstpointer  unused)
{
  g_autofree char *key = host_key (fx);
  Attempt big, chunked, exact;
  Attempt *list[] = { &big, &chunked, &exact };

  /* Announced by Content-Length, over the default 8 MiB. */
  attempt_init (&big, fx, new_step ("/big"));
  cs_step_set_breaker (big.step, 1, 60);
  /* Chunked, so only counting tells: 160 KiB against 64 KiB. */
  attempt_init (&chunked, fx, new_step ("/chunked"));
  chunked.max_bytes = 64 * 1024;
  cs_step_set_breaker (chunked.step, 1, 60);
  /* Exactly at the limit is fine. */
  attempt_init (&exact, fx, new_step ("/chunked"));
  exact.max_bytes = N_CHUNKS * CHUNK_BYTES;
  run_attempts (fx, list, G_N_ELEMENTS (list));

  g_assert_cmpint (big.outcome, ==, CS_CALL_FATAL);
  g_assert_error (big.error, CS_INTEGRATION_ERROR, CS_INTEGRATION_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (big.error->message, "/big: the response is over the limit of 8.0\u00a0MiB"));
  g_assert_cmpuint (big.info.response_bytes, ==, BIG_BYTES);

  g_assert_cmpint (chunked.outcome, ==, CS_CALL_FATAL);
  g_assert_error (chunked.error, CS_INTEGRATION_ERROR, CS_INTEGRATION_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (chunked.error->message, "over the limit of 64.0\u00a0KiB"));
  g_assert_cmpuint (chunked.info.response_bytes, ==, 64 * 1024 + 1);

  g_assert_no_error (exact.error);
  g_assert_cmpint (exact.outcome, ==, CS_CALL_OK);
  g_assert_cmpuint (exact.info.response_bytes, ==, N_CHUNKS * CHUNK_BYTES);

  /* The host answered: a refused size is not its failure (threshold was 1). */
  g_assert_cmpint (cs_circuit_breakers_get_state (fx->breakers, key), ==, CS_CIRCUIT_CLOSED);
  g_assert_cmpuint (fx->requests, ==, 3);

  attempt_clear (&big);
  attempt_clear (&chunked);
  attempt_clear (&exact);
}

static void
test_circuit_opens (Fixture       *fx,
                    gconstpointer  unused)
{
  g_autofree char *key = host_key (fx);
  Attempt a[4];
  Attempt *first_three[] = { &a[0], &a[1], &a[2] };
  Attempt trial;
  gint64 before;

  for (guint i = 0; i < 4; i++)
    {
      attempt_init (&a[i], fx, new_step ("/status/500"));
      cs_step_set_breaker (a[i].step, 3, 60);
    }

  /* Three failures, on one worker... */
  run_attempts (fx, first_three, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (a[i].outcome, ==, CS_CALL_RETRYABLE);
      g_assert_cmpuint (a[i].info.status, ==, 500);
    }
  g_assert_cmpuint (fx->requests, ==, 3);
  g_assert_cmpint (cs_circuit_breakers_get_state (fx->breakers, key), ==, CS_CIRCUIT_OPEN);

  /* ...open the circuit for every worker: the next call is not made. */
  before = g_get_monotonic_time ();
  run_one (fx, &a[3]);
  g_assert_cmpint (a[3].outcome, ==, CS_CALL_CIRCUIT_OPEN);
  g_assert_error (a[3].error, CS_INTEGRATION_ERROR, CS_INTEGRATION_ERROR_CIRCUIT_OPEN);
  g_assert_nonnull (strstr (a[3].error->message, "/status/500 was not called"));
  g_assert_nonnull (strstr (a[3].error->message, "failed 3 times in a row"));
  g_assert_cmpuint (fx->requests, ==, 3);
  g_assert_cmpuint (a[3].info.status, ==, 0);
  g_assert_cmpint (a[3].info.retry_at, <=, before + 60 * G_USEC_PER_SEC);
  g_assert_cmpint (a[3].info.retry_at, >, before + 55 * G_USEC_PER_SEC);

  /* With a one-second reset, a trial call goes through after it and closes the circuit. */
  attempt_init (&trial, fx, new_step ("/json"));
  cs_step_set_breaker (trial.step, 3, 1);
  g_usleep (1100 * 1000);
  run_one (fx, &trial);
  g_assert_no_error (trial.error);
  g_assert_cmpint (trial.outcome, ==, CS_CALL_OK);
  g_assert_cmpuint (fx->requests, ==, 4);
  g_assert_cmpint (cs_circuit_breakers_get_state (fx->breakers, key), ==, CS_CIRCUIT_CLOSED);

  for (guint i = 0; i < 4; i++)
    attempt_clear (&a[i]);
  attempt_clear (&trial);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancellation (Fixture       *fx,
                   gconstpointer  unused)
{
  g_autofree char *key = host_key (fx);
  Attempt a;

  attempt_init (&a, fx, new_step ("/hang"));
  cs_step_set_timeout_ms (a.step, 30000);
  cs_step_set_breaker (a.step, 1, 60);
  a.cancellable = g_cancellable_new ();
  g_timeout_add (200, cancel_cb, a.cancellable);
  run_one (fx, &a);

  g_assert_cmpint (a.outcome, ==, CS_CALL_RETRYABLE);
  g_assert_error (a.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (strstr (a.error->message, "/hang was cancelled"));
  g_assert_cmpint (a.elapsed_ms, >=, 190);
  g_assert_cmpint (a.elapsed_ms, <, 2000);
  g_assert_cmpuint (fx->requests, ==, 1);
  /* Not the host's fault: the breaker (threshold 1) stays closed. */
  g_assert_cmpint (cs_circuit_breakers_get_state (fx->breakers, key), ==, CS_CIRCUIT_CLOSED);
  attempt_clear (&a);

  /* Cancelled before it starts: no request at all. */
  attempt_init (&a, fx, new_step ("/json"));
  a.cancellable = g_cancellable_new ();
  g_cancellable_cancel (a.cancellable);
  run_one (fx, &a);
  g_assert_cmpint (a.outcome, ==, CS_CALL_RETRYABLE);
  g_assert_error (a.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fx->requests, ==, 1);
  attempt_clear (&a);
}

static void
test_client_reused_after_timeout (Fixture       *fx,
                                  gconstpointer  unused)
{
  Attempt hang, ok;
  Attempt *list[] = { &hang, &ok };

  attempt_init (&hang, fx, new_step ("/hang"));
  cs_step_set_timeout_ms (hang.step, 200);
  attempt_init (&ok, fx, new_step ("/json"));
  cs_step_set_response_mapping (ok.step, "licence_id", "result.licence_id");
  run_attempts (fx, list, G_N_ELEMENTS (list));

  g_assert_error (hang.error, CS_INTEGRATION_ERROR, CS_INTEGRATION_ERROR_TIMEOUT);
  g_assert_no_error (ok.error);
  g_assert_cmpstr (json_object_get_string_member (ok.mapped, "licence_id"), ==, "L-2024-0042");
  g_assert_cmpuint (fx->requests, ==, 2);

  attempt_clear (&hang);
  attempt_clear (&ok);
}

static void
test_refused_before_sending (Fixture       *fx,
                             gconstpointer  unused)
{
  Attempt a;

  /* The data puts a line break in a header. */
  attempt_init (&a, fx, new_step ("/json"));
  cs_step_set_header (a.step, "X-Applicant", "{{ applicant.name }}");
  run_one (fx, &a);
  g_assert_cmpint (a.outcome, ==, CS_CALL_FATAL);
  g_assert_error (a.error, CS_INTEGRATION_ERROR, CS_INTEGRATION_ERROR_TEMPLATE);
  g_assert_cmpstr (a.error->message, ==,
                   "Integration licence_service: the header X-Applicant would contain a line break");
  attempt_clear (&a);

  /* An expression that fails on the data. */
  attempt_init (&a, fx, new_step ("/x/{{ \"abc\" - 1 }}"));
  run_one (fx, &a);
  g_assert_cmpint (a.outcome, ==, CS_CALL_FATAL);
  g_assert_error (a.error, CS_INTEGRATION_ERROR, CS_INTEGRATION_ERROR_TEMPLATE);
  g_assert_true (g_str_has_prefix (a.error->message, "Integration licence_service: cannot build the URL: "));
  g_assert_null (a.info.url);
  attempt_clear (&a);

  /* Not an http URL. */
  attempt_init (&a, fx, new_step (""));
  cs_step_set_url (a.step, "ftp://files.example/licences");
  run_one (fx, &a);
  g_assert_cmpint (a.outcome, ==, CS_CALL_FATAL);
  g_assert_error (a.error, CS_INTEGRATION_ERROR, CS_INTEGRATION_ERROR_INVALID_URL);
  g_assert_cmpstr (a.error->message, ==,
                   "Integration licence_service: “ftp://files.example/licences” is not a valid http or https URL");
  attempt_clear (&a);

  g_assert_cmpuint (fx->requests, ==, 0);
}

static void
test_userinfo_redacted (Fixture       *fx,
                        gconstpointer  unused)
{
  g_autofree char *url = g_strdup_printf ("http://officer:hunter2@%s/status/500?api_key=k-123&id=7",
                                          fx->base + strlen ("http://"));
  g_autofree char *expected = g_strdup_printf ("%s/status/500?api_key=REDACTED&id=7", fx->base);
  Attempt a;

  attempt_init (&a, fx, new_step (""));
  cs_step_set_url (a.step, url);
  run_one (fx, &a);

  g_assert_cmpint (a.outcome, ==, CS_CALL_RETRYABLE);
  g_assert_cmpstr (a.info.url, ==, expected);
  g_assert_null (strstr (a.error->message, "hunter2"));
  g_assert_null (strstr (a.error->message, "k-123"));
  g_assert_nonnull (strstr (a.error->message, expected));
  /* The real URL was called all the same. */
  g_assert_cmpstr (fx->last_query, ==, "api_key=k-123&id=7");
  attempt_clear (&a);
}

static void
check_redact (const char *url,
              const char *expected)
{
  g_autofree char *redacted = cs_integration_client_redact_url (url);

  g_assert_cmpstr (redacted, ==, expected);
}

static void
test_redact_url (void)
{
  check_redact ("https://user:p%40ss@pay.example:8443/charges?id=7&api_key=abc&Token=xyz#part",
                "https://pay.example:8443/charges?id=7&api_key=REDACTED&Token=REDACTED#part");
  check_redact ("http://h.example/p?author=ana&key=1&sig=&password",
                "http://h.example/p?author=ana&key=REDACTED&sig=REDACTED&password");
  check_redact ("http://a@b@host.example/x@y", "http://host.example/x@y");
  check_redact ("http://host.example", "http://host.example");
  check_redact ("http://host.example/?", "http://host.example/?");
  check_redact ("http://host.example/p#frag?token=1", "http://host.example/p#frag?token=1");
  check_redact ("not a url?secret=1", "not a url?secret=REDACTED");
}

static void
test_outcome_strings (void)
{
  g_assert_cmpstr (cs_call_outcome_to_string (CS_CALL_OK), ==, "ok");
  g_assert_cmpstr (cs_call_outcome_to_string (CS_CALL_RETRYABLE), ==, "retryable");
  g_assert_cmpstr (cs_call_outcome_to_string (CS_CALL_FATAL), ==, "fatal");
  g_assert_cmpstr (cs_call_outcome_to_string (CS_CALL_CIRCUIT_OPEN), ==, "circuit-open");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/integration-client/redact-url", test_redact_url);
  g_test_add_func ("/integration-client/outcome-strings", test_outcome_strings);
#define ADD(path, func) \
  g_test_add ("/integration-client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("success-with-mapping", test_success_with_mapping);
  ADD ("templates-reach-server", test_templates_reach_server);
  ADD ("expected-statuses", test_expected_statuses);
  ADD ("retry-after", test_retry_after);
  ADD ("timeout", test_timeout);
  ADD ("connection-refused", test_connection_refused);
  ADD ("not-json", test_not_json);
  ADD ("missing-mapped-path", test_missing_mapped_path);
  ADD ("too-large", test_too_large);
  ADD ("circuit-opens", test_circuit_opens);
  ADD ("cancellation", test_cancellation);
  ADD ("client-reused-after-timeout", test_client_reused_after_timeout);
  ADD ("refused-before-sending", test_refused_before_sending);
  ADD ("userinfo-redacted", test_userinfo_redacted);
#undef ADD
  return g_test_run ();
}
