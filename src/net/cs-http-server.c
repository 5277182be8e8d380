/* cs-http-server.c: the HTTP side of civicstream-cli serve
 *
 * libsoup serves on the main loop; every request is paused there and handed
 * to a small set of database threads, each owning its PostgreSQL connection,
 * so a slow query never holds up the server. The handler answers (from any
 * thread, now or later — a batching handler answers after a group commit)
 * and the answer is put on the wire back on the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "core/cs-metrics-writer.h"
#include "cs-http-server.h"

static const double latency_buckets[] = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5 };
#define N_BUCKETS G_N_ELEMENTS (latency_buckets)

typedef struct
{
  char           *method;
  char          **segments;     /* of the pattern */
  char           *pattern;
  CsHttpHandler   handler;
  gpointer        user_data;
  gboolean        database_optional;
  /* metrics, under the server's mutex */
  guint64         count_by_class[6];
  guint64         buckets[N_BUCKETS];
  double          seconds_sum;
  guint64         observed;
} Route;

struct _CsHttpRequest
{
  CsHttpServer      *server;
  SoupServerMessage *msg;
  Route             *route;
  char              *method;
  char              *path;
  GHashTable        *params;
  GHashTable        *query;
  SoupMessageHeaders *headers;
  GBytes            *body;
  GHashTable        *form;
  char              *client;
  CsDbConnection    *conn;      /* set while on a database thread */
  gint64             received;
  /* the answer */
  guint              status;
  char              *content_type;
  GBytes            *response;
};

struct _CsHttpServer
{
  GObject             parent_instance;

  SoupServer         *server;
  GPtrArray          *routes;
  char               *conninfo;
  char               *password;
  guint               n_threads;
  GPtrArray          *threads;
  GAsyncQueue        *queue;
  GMainContext       *context;
  CsHttpSessionSetup  setup;
  gpointer            setup_data;
  GMutex              mutex;
};

G_DEFINE_FINAL_TYPE (CsHttpServer, cs_http_server, G_TYPE_OBJECT)

static char stop_marker;

static void
route_free (Route *route)
{
  g_free (route->method);
  g_free (route->pattern);
  g_strfreev (route->segments);
  g_free (route);
}

static void
request_free (CsHttpRequest *r)
{
  g_clear_object (&r->msg);
  g_clear_object (&r->server);
  g_free (r->method);
  g_free (r->path);
  g_clear_pointer (&r->params, g_hash_table_unref);
  g_clear_pointer (&r->query, g_hash_table_unref);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->form, g_hash_table_unref);
  g_free (r->client);
  g_free (r->content_type);
  g_clear_pointer (&r->response, g_bytes_unref);
  g_free (r);
}

static void
stop_threads (CsHttpServer *self)
{
  if (self->threads == NULL)
    return;
  for (guint i = 0; i < self->threads->len; i++)
    g_async_queue_push (self->queue, &stop_marker);
  for (guint i = 0; i < self->threads->len; i++)
    g_thread_join (g_ptr_array_index (self->threads, i));
  g_clear_pointer (&self->threads, g_ptr_array_unref);
}

static void
cs_http_server_dispose (GObject *object)
{
  CsHttpServer *self = (CsHttpServer *)object;

  cs_http_server_stop (self);

  G_OBJECT_CLASS (cs_http_server_parent_class)->dispose (object);
}

static void
cs_http_server_finalize (GObject *object)
{
  CsHttpServer *self = (CsHttpServer *)object;

  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->conninfo, g_free);
  g_clear_pointer (&self->password, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (cs_http_server_parent_class)->finalize (object);
}

static void
cs_http_server_class_init (CsHttpServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_http_server_dispose;
  object_class->finalize = cs_http_server_finalize;
}

static void
cs_http_server_init (CsHttpServer *self)
{
  self->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  self->queue = g_async_queue_new ();
  g_mutex_init (&self->mutex);
}

CsHttpServer *
cs_http_server_new (const char *conninfo,
                    const char *password,
                    guint       n_threads)
{
  CsHttpServer *self;

  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (n_threads > 0, NULL);

  self = g_object_new (CS_TYPE_HTTP_SERVER, NULL);
  self->conninfo = g_strdup (conninfo);
  self->password = g_strdup (password);
  self->n_threads = n_threads;
  self->context = g_main_context_ref_thread_default ();
  return self;
}

void
cs_http_server_set_session_setup (CsHttpServer       *self,
                                  CsHttpSessionSetup  setup,
                                  gpointer            user_data)
{
  g_return_if_fail (CS_IS_HTTP_SERVER (self));
  self->setup = setup;
  self->setup_data = user_data;
}

void
cs_http_server_add_route (CsHttpServer  *self,
                          const char    *method,
                          const char    *pattern,
                          CsHttpHandler  handler,
                          gpointer       user_data)
{
  Route *route;

  g_return_if_fail (CS_IS_HTTP_SERVER (self));
  g_return_if_fail (method != NULL && pattern != NULL && pattern[0] == '/' && handler != NULL);

  route = g_new0 (Route, 1);
  route->method = g_strdup (method);
  route->pattern = g_strdup (pattern);
  route->segments = g_strsplit (pattern + 1, "/", -1);
  route->handler = handler;
  route->user_data = user_data;
  g_ptr_array_add (self->routes, route);
}

void
cs_http_server_add_monitoring_route (CsHttpServer  *self,
                                     const char    *method,
                                     const char    *pattern,
                                     CsHttpHandler  handler,
                                     gpointer       user_data)
{
  g_return_if_fail (CS_IS_HTTP_SERVER (self));

  cs_http_server_add_route (self, method, pattern, handler, user_data);
  ((Route *) g_ptr_array_index (self->routes, self->routes->len - 1))->database_optional = TRUE;
}

/* Matches @path against @route, collecting its parameters (unescaped). */
static gboolean
match (Route       *route,
       char       **segments,
       GHashTable **params_out)
{
  g_autoptr(GHashTable) params = NULL;
  guint n = g_strv_length (route->segments);

  if (g_strv_length (segments) != n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const char *want = route->segments[i];
      const char *have = segments[i];

      if (want[0] == '{')
        {
          const char *close = strchr (want, '}');
          const char *suffix = close + 1;
          gsize hlen = strlen (have), slen = strlen (suffix);
          g_autofree char *name = g_strndup (want + 1, close - want - 1);
          g_autofree char *raw = NULL;
          char *value;

          if (hlen <= slen || strcmp (have + hlen - slen, suffix) != 0)
            return FALSE;
          raw = g_strndup (have, hlen - slen);
          value = g_uri_unescape_string (raw, NULL);
          if (value == NULL || *value == '\0')
            {
              g_free (value);
              return FALSE;
            }
          if (params == NULL)
            params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          g_hash_table_insert (params, g_steal_pointer (&name), value);
        }
      else if (!g_str_equal (want, have))
        return FALSE;
    }
  *params_out = g_steal_pointer (&params);
  return TRUE;
}

static void
write_answer (CsHttpRequest *r)
{
  gint64 elapsed = g_get_monotonic_time () - r->received;
  guint cls = MIN (r->status / 100, 5);

  soup_server_message_set_status (r->msg, r->status, NULL);
  if (r->response != NULL)
    {
      gsize len;
      const char *data = g_bytes_get_data (r->response, &len);
      soup_server_message_set_response (r->msg, r->content_type, SOUP_MEMORY_COPY, data, len);
    }
  soup_server_message_unpause (r->msg);

  if (r->route != NULL)
    {
      double seconds = elapsed / (double) G_USEC_PER_SEC;

      g_mutex_lock (&r->server->mutex);
      r->route->count_by_class[cls]++;
      r->route->observed++;
      r->route->seconds_sum += seconds;
      for (guint i = 0; i < N_BUCKETS; i++)
        if (seconds <= latency_buckets[i])
          r->route->buckets[i]++;
      g_mutex_unlock (&r->server->mutex);
    }
}

static gboolean
answer_on_main (gpointer data)
{
  write_answer (data);
  return G_SOURCE_REMOVE;
}

static void
respond (CsHttpRequest *r,
         guint          status,
         const char    *content_type,
         GBytes        *body)
{
  g_assert (r->response == NULL && r->status == 0);

  r->status = status;
  r->content_type = g_strdup (content_type);
  r->response = body;
  /* The request goes with the answer; it is freed after writing. */
  g_main_context_invoke_full (r->server->context, G_PRIORITY_DEFAULT, answer_on_main, r,
                              (GDestroyNotify) request_free);
}

void
cs_http_request_respond_json (CsHttpRequest *request,
                              guint          status,
                              JsonNode      *body)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize len = 0;
  char *text;

  g_return_if_fail (request != NULL && body != NULL);

  json_generator_set_root (generator, body);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &len);
  respond (request, status, "application/json", g_bytes_new_take (text, len));
}

void
cs_http_request_respond_text (CsHttpRequest *request,
                              guint          status,
                              const char    *content_type,
                              const char    *text)
{
  g_return_if_fail (request != NULL && text != NULL);
  respond (request, status, content_type, g_bytes_new (text, strlen (text)));
}

void
cs_http_request_respond_error (CsHttpRequest *request,
                               guint          status,
                               const char    *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_int_value (b, status);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  cs_http_request_respond_json (request, status, node);
}

static gpointer
db_thread (gpointer data)
{
  CsHttpServer *self = data;
  g_autoptr(CsDbConnection) conn = cs_db_connection_new (self->conninfo, self->password);
  gboolean ready = FALSE;

  cs_db_connection_set_application_name (conn, "civicstream api");
  for (;;)
    {
      CsHttpRequest *r = g_async_queue_pop (self->queue);
      g_autoptr(GError) error = NULL;

      if ((gpointer) r == &stop_marker)
        break;

      if (!cs_db_connection_is_open (conn))
        ready = FALSE;
      if (!ready)
        ready = cs_db_connection_ensure (conn, 3, NULL, &error)
                && (self->setup == NULL || self->setup (conn, self->setup_data, &error));
      if (!ready && r->route->database_optional)
        {
          g_debug ("Answering %s without a database: %s", r->path, error->message);
          cs_db_connection_close (conn);
          r->conn = NULL;
          r->route->handler (r, r->route->user_data);
          continue;
        }
      if (!ready)
        {
          g_autofree char *message = g_strdup_printf (_("The database is unavailable: %s"), error->message);
          cs_db_connection_close (conn);
          cs_http_request_respond_error (r, SOUP_STATUS_SERVICE_UNAVAILABLE, message);
          continue;
        }

      r->conn = conn;
      r->route->handler (r, r->route->user_data);
      /* The handler may have answered already (and the request be gone):
       * never touch r here. Leave no transaction behind for the next one. */
      cs_db_connection_rollback (conn);
    }
  return NULL;
}

static void
dispatch (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  CsHttpServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) segments = g_strsplit (path + 1, "/", -1);
  gboolean path_known = FALSE;
  CsHttpRequest *r;
  GHashTable *params = NULL;
  Route *found = NULL;

  for (guint i = 0; i < self->routes->len && found == NULL; i++)
    {
      Route *route = g_ptr_array_index (self->routes, i);
      g_autoptr(GHashTable) p = NULL;

      if (!match (route, segments, &p))
        continue;
      path_known = TRUE;
      if (g_str_equal (route->method, method))
        {
          found = route;
          params = g_steal_pointer (&p);
        }
    }

  r = g_new0 (CsHttpRequest, 1);
  r->server = g_object_ref (self);
  r->msg = g_object_ref (msg);
  r->received = g_get_monotonic_time ();
  r->route = found;
  soup_server_message_pause (msg);

  if (found == NULL)
    {
      g_autofree char *message = path_known
        ? g_strdup_printf (_("%s is not allowed on %s"), method, path)
        : g_strdup_printf (_("There is nothing at %s"), path);
      cs_http_request_respond_error (r, path_known ? SOUP_STATUS_METHOD_NOT_ALLOWED : SOUP_STATUS_NOT_FOUND, message);
      return;
    }

  r->method = g_strdup (method);
  r->path = g_strdup (path);
  r->params = params;
  if (query != NULL)
    r->query = g_hash_table_ref (query);
  r->headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));
  r->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  r->client = g_strdup (soup_server_message_get_remote_host (msg));
  g_async_queue_push (self->queue, r);
}

gboolean
cs_http_server_listen (CsHttpServer  *self,
                       const char    *address,
                       guint          port,
                       GError       **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;

  g_return_val_if_fail (CS_IS_HTTP_SERVER (self), FALSE);

  inet = g_inet_address_new_from_string (address ? address : "127.0.0.1");
  if (inet == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT, _("“%s” is not an IP address to listen on"), address);
      return FALSE;
    }

  self->server = soup_server_new ("server-header", "CivicStream/" PACKAGE_VERSION, NULL);
  soup_server_add_handler (self->server, NULL, dispatch, self, NULL);
  socket_address = g_inet_socket_address_new (inet, port);
  if (!soup_server_listen (self->server, socket_address, 0, error))
    {
      g_clear_object (&self->server);
      return FALSE;
    }

  self->threads = g_ptr_array_new ();
  for (guint i = 0; i < self->n_threads; i++)
    g_ptr_array_add (self->threads, g_thread_new ("cs-http", db_thread, self));
  return TRUE;
}

guint
cs_http_server_get_port (CsHttpServer *self)
{
  g_autoptr(GSList) uris = NULL;
  guint port;

  g_return_val_if_fail (CS_IS_HTTP_SERVER (self), 0);

  if (self->server == NULL)
    return 0;
  uris = soup_server_get_uris (self->server);
  port = uris ? (guint) g_uri_get_port (uris->data) : 0;
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  return port;
}

void
cs_http_server_stop (CsHttpServer *self)
{
  g_return_if_fail (CS_IS_HTTP_SERVER (self));

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  stop_threads (self);
  g_clear_object (&self->server);
}

void
cs_http_server_write_metrics (CsHttpServer    *self,
                              CsMetricsWriter *writer)
{
  static const char *classes[] = { "0xx", "1xx", "2xx", "3xx", "4xx", "5xx" };

  g_return_if_fail (CS_IS_HTTP_SERVER (self));
  g_return_if_fail (writer != NULL);

  cs_metrics_writer_family (writer, "civicstream_http_requests_total", "counter",
                            "HTTP requests answered, by route and status class.");
  cs_metrics_writer_family (writer, "civicstream_http_request_duration_seconds", "histogram",
                            "Time from receiving a request to answering it.");
  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->routes->len; i++)
    {
      Route *route = g_ptr_array_index (self->routes, i);
      g_autoptr(GString) labels = g_string_new ("method=\"");

      cs_metrics_escape_label (labels, route->method);
      g_string_append (labels, "\",route=\"");
      cs_metrics_escape_label (labels, route->pattern);
      g_string_append_c (labels, '"');

      for (guint c = 1; c < G_N_ELEMENTS (classes); c++)
        if (route->count_by_class[c] > 0)
          cs_metrics_writer_sample (writer, "civicstream_http_requests_total", NULL, (double) route->count_by_class[c],
                                    "method", route->method, "route", route->pattern, "status", classes[c], NULL);
      cs_metrics_writer_histogram (writer, "civicstream_http_request_duration_seconds", labels->str,
                                   latency_buckets, route->buckets, N_BUCKETS, route->observed, route->seconds_sum);
    }
  g_mutex_unlock (&self->mutex);
}

const char *cs_http_request_get_method (CsHttpRequest *r) { g_return_val_if_fail (r != NULL, NULL); return r->method; }
const char *cs_http_request_get_path (CsHttpRequest *r) { g_return_val_if_fail (r != NULL, NULL); return r->path; }
const char *cs_http_request_get_route (CsHttpRequest *r) { g_return_val_if_fail (r != NULL, NULL); return r->route ? r->route->pattern : NULL; }
const char *cs_http_request_get_client (CsHttpRequest *r) { g_return_val_if_fail (r != NULL, NULL); return r->client; }
CsDbConnection *cs_http_request_get_connection (CsHttpRequest *r) { g_return_val_if_fail (r != NULL, NULL); return r->conn; }
GBytes *cs_http_request_get_body (CsHttpRequest *r) { g_return_val_if_fail (r != NULL, NULL); return r->body; }
GHashTable *cs_http_request_get_query_table (CsHttpRequest *r) { g_return_val_if_fail (r != NULL, NULL); return r->query; }

const char *
cs_http_request_get_param (CsHttpRequest *request,
                           const char    *name)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->params ? g_hash_table_lookup (request->params, name) : NULL;
}

const char *
cs_http_request_get_query (CsHttpRequest *request,
                           const char    *name)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->query ? g_hash_table_lookup (request->query, name) : NULL;
}

const char *
cs_http_request_get_header (CsHttpRequest *request,
                            const char    *name)
{
  g_return_val_if_fail (request != NULL, NULL);
  return soup_message_headers_get_one (request->headers, name);
}

GHashTable *
cs_http_request_get_form (CsHttpRequest *request)
{
  const char *type;
  g_autofree char *text = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (request != NULL, NULL);

  if (request->form != NULL)
    return request->form;
  type = soup_message_headers_get_content_type (request->headers, NULL);
  if (g_strcmp0 (type, "application/x-www-form-urlencoded") != 0)
    return NULL;
  data = g_bytes_get_data (request->body, &len);
  text = g_strndup (data, len);
  request->form = soup_form_decode (text);
  return request->form;
}

JsonNode *
cs_http_request_get_json (CsHttpRequest  *request,
                          GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (request != NULL, NULL);

  data = g_bytes_get_data (request->body, &len);
  if (len == 0)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT, _("The request has no body; send JSON"));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE, _("The body is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}
