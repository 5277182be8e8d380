/* cs-integration-client.c: one attempt of a workflow Integration step over HTTP
 *
 * The engine calls from a worker thread and wants a blocking call, but a
 * blocking libsoup call cannot be interrupted at a deadline of our choosing.
 * So each client runs libsoup's asynchronous API in a private main context
 * that the attempt iterates until the exchange ends: a timeout source in
 * that context, or the caller's cancellable, cancels the exchange wherever
 * it is (resolving, connecting, waiting for headers or reading the body).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "cs-integration-client.h"

#define READ_CHUNK 65536
/* Of a response with an unexpected status only the start is read, for the message. */
#define ERROR_BODY_BYTES 4096
#define SNIPPET_CHARS 80

struct _CsIntegrationClient
{
  GObject            parent_instance;

  CsCircuitBreakers *breakers;
  GMainContext      *context;   /* the session's; iterated only during an attempt */
  SoupSession       *session;
  guint64            max_response_bytes;
};

enum {
  PROP_0,
  PROP_BREAKERS,
  PROP_MAX_RESPONSE_BYTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE (CsIntegrationClient, cs_integration_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (cs-integration-error-quark, cs_integration_error)

G_DEFINE_ENUM_TYPE (CsCallOutcome, cs_call_outcome,
  G_DEFINE_ENUM_VALUE (CS_CALL_OK, "ok"),
  G_DEFINE_ENUM_VALUE (CS_CALL_RETRYABLE, "retryable"),
  G_DEFINE_ENUM_VALUE (CS_CALL_FATAL, "fatal"),
  G_DEFINE_ENUM_VALUE (CS_CALL_CIRCUIT_OPEN, "circuit-open"))

const char *
cs_call_outcome_to_string (CsCallOutcome outcome)
{
  switch (outcome)
    {
    case CS_CALL_OK:
      return "ok";
    case CS_CALL_RETRYABLE:
      return "retryable";
    case CS_CALL_FATAL:
      return "fatal";
    case CS_CALL_CIRCUIT_OPEN:
      return "circuit-open";
    default:
      g_return_val_if_reached (NULL);
    }
}

void
cs_call_info_clear (CsCallInfo *info)
{
  g_return_if_fail (info != NULL);

  g_clear_pointer (&info->method, g_free);
  g_clear_pointer (&info->url, g_free);
  *info = (CsCallInfo) CS_CALL_INFO_INIT;
}

/* URL redaction */

static gboolean
is_secret_parameter (const char *name,
                     gsize       len)
{
  static const char * const exact[] = { "key", "sig", "auth", "pass", "pw", NULL };
  static const char * const parts[] = {
    "token", "secret", "passw", "pwd", "apikey", "api_key", "api-key", "signature", "credential", NULL
  };
  g_autofree char *lower = g_ascii_strdown (name, len);

  if (g_strv_contains (exact, lower))
    return TRUE;
  for (guint i = 0; parts[i] != NULL; i++)
    if (strstr (lower, parts[i]) != NULL)
      return TRUE;
  return FALSE;
}

char *
cs_integration_client_redact_url (const char *url)
{
  GString *out;
  const char *rest = url;
  const char *scheme_end;
  const char *fragment;
  const char *query;

  g_return_val_if_fail (url != NULL, NULL);

  out = g_string_sized_new (strlen (url));

  scheme_end = strstr (url, "://");
  if (scheme_end != NULL)
    {
      const char *authority = scheme_end + 3;
      const char *authority_end = authority + strcspn (authority, "/?#");
      const char *host = authority;

      for (const char *p = authority; p < authority_end; p++)
        if (*p == '@')
          host = p + 1;
      g_string_append_len (out, url, authority - url);
      g_string_append_len (out, host, authority_end - host);
      rest = authority_end;
    }

  fragment = strchr (rest, '#');
  if (fragment == NULL)
    fragment = rest + strlen (rest);
  query = memchr (rest, '?', fragment - rest);
  if (query == NULL)
    query = fragment;
  g_string_append_len (out, rest, query - rest);

  if (query < fragment)
    {
      const char *p = query + 1;

      g_string_append_c (out, '?');
      while (p <= fragment)
        {
          gsize len = strcspn (p, "&#");
          const char *eq = memchr (p, '=', len);

          if (eq != NULL && is_secret_parameter (p, eq - p))
            {
              g_string_append_len (out, p, eq - p + 1);
              g_string_append (out, "REDACTED");
            }
          else
            g_string_append_len (out, p, len);
          p += len;
          if (*p != '&')
            break;
          g_string_append_c (out, '&');
          p++;
        }
    }

  g_string_append (out, fragment);
  return g_string_free (out, FALSE);
}

/* GObject */

static void
cs_integration_client_constructed (GObject *object)
{
  CsIntegrationClient *self = (CsIntegrationClient *)object;

  G_OBJECT_CLASS (cs_integration_client_parent_class)->constructed (object);

  if (self->breakers == NULL)
    self->breakers = cs_circuit_breakers_new ();

  /* The session binds itself to the thread-default context it is created in. */
  self->context = g_main_context_new ();
  g_main_context_push_thread_default (self->context);
  self->session = soup_session_new_with_options ("user-agent", "CivicStream/" PACKAGE_VERSION,
                                                 "timeout", 0,
                                                 NULL);
  g_main_context_pop_thread_default (self->context);
}

static void
cs_integration_client_finalize (GObject *object)
{
  CsIntegrationClient *self = (CsIntegrationClient *)object;

  /* Let the session's pending sources (closing connections) run and go. */
  g_main_context_push_thread_default (self->context);
  soup_session_abort (self->session);
  g_clear_object (&self->session);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);

  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->breakers);

  G_OBJECT_CLASS (cs_integration_client_parent_class)->finalize (object);
}

static void
cs_integration_client_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CsIntegrationClient *self = CS_INTEGRATION_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BREAKERS:
      g_value_set_object (value, self->breakers);
      break;

    case PROP_MAX_RESPONSE_BYTES:
      g_value_set_uint64 (value, self->max_response_bytes);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_integration_client_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CsIntegrationClient *self = CS_INTEGRATION_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BREAKERS:
      self->breakers = g_value_dup_object (value);
      break;

    case PROP_MAX_RESPONSE_BYTES:
      cs_integration_client_set_max_response_bytes (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_integration_client_class_init (CsIntegrationClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cs_integration_client_constructed;
  object_class->finalize = cs_integration_client_finalize;
  object_class->get_property = cs_integration_client_get_property;
  object_class->set_property = cs_integration_client_set_property;

  properties[PROP_BREAKERS] =
    g_param_spec_object ("breakers", NULL, NULL,
                         CS_TYPE_CIRCUIT_BREAKERS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MAX_RESPONSE_BYTES] =
    g_param_spec_uint64 ("max-response-bytes", NULL, NULL,
                         1, G_MAXUINT32, CS_INTEGRATION_DEFAULT_MAX_RESPONSE_BYTES,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_integration_client_init (CsIntegrationClient *self)
{
  self->max_response_bytes = CS_INTEGRATION_DEFAULT_MAX_RESPONSE_BYTES;
}

CsIntegrationClient *
cs_integration_client_new (CsCircuitBreakers *breakers)
{
  g_return_val_if_fail (breakers == NULL || CS_IS_CIRCUIT_BREAKERS (breakers), NULL);

  return g_object_new (CS_TYPE_INTEGRATION_CLIENT, "breakers", breakers, NULL);
}

CsCircuitBreakers *
cs_integration_client_get_breakers (CsIntegrationClient *self)
{
  g_return_val_if_fail (CS_IS_INTEGRATION_CLIENT (self), NULL);
  return self->breakers;
}

guint64
cs_integration_client_get_max_response_bytes (CsIntegrationClient *self)
{
  g_return_val_if_fail (CS_IS_INTEGRATION_CLIENT (self), 0);
  return self->max_response_bytes;
}

void
cs_integration_client_set_max_response_bytes (CsIntegrationClient *self,
                                              guint64              max_bytes)
{
  g_return_if_fail (CS_IS_INTEGRATION_CLIENT (self));
  g_return_if_fail (max_bytes > 0 && max_bytes <= G_MAXUINT32);

  if (self->max_response_bytes == max_bytes)
    return;
  self->max_response_bytes = max_bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RESPONSE_BYTES]);
}

/* One exchange, driven in the client's context */

typedef struct
{
  CsStep       *step;
  SoupMessage  *msg;
  GCancellable *cancellable;   /* ours: fired by the deadline, the caller or a refusal */
  GInputStream *stream;
  GByteArray   *body;
  gsize         read_limit;
  goffset       announced;     /* Content-Length, -1 when there is none */
  gboolean      snippet_only;  /* unexpected status: the start of the body is enough */
  gboolean      timed_out;
  gboolean      too_large;
  gboolean      done;
  GError       *error;
} Exchange;

static void
exchange_clear (Exchange *ex)
{
  g_clear_object (&ex->stream);
  g_clear_object (&ex->cancellable);
  g_clear_pointer (&ex->body, g_byte_array_unref);
  g_clear_error (&ex->error);
}

static void
exchange_finish (Exchange *ex)
{
  ex->done = TRUE;
}

static void
close_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Exchange *ex = user_data;

  g_input_stream_close_finish (G_INPUT_STREAM (object), result, NULL);
  exchange_finish (ex);
}

/* Closes the body stream; a body left unread first cancels the message so
 * that closing does not wait for (or read) the rest of it. */
static void
exchange_close (Exchange *ex,
                gboolean  abandon)
{
  if (abandon)
    g_cancellable_cancel (ex->cancellable);
  g_input_stream_close_async (ex->stream, G_PRIORITY_DEFAULT, NULL, close_cb, ex);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Exchange *ex = user_data;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &ex->error);
  if (bytes == NULL)
    {
      exchange_close (ex, TRUE);
      return;
    }

  len = g_bytes_get_size (bytes);
  if (len == 0)
    {
      exchange_close (ex, FALSE);
      return;
    }

  g_byte_array_append (ex->body, g_bytes_get_data (bytes, NULL), MIN (len, ex->read_limit + 1 - ex->body->len));
  if (ex->body->len > ex->read_limit)
    {
      ex->too_large = !ex->snippet_only;
      exchange_close (ex, TRUE);
      return;
    }

  g_input_stream_read_bytes_async (ex->stream, READ_CHUNK, G_PRIORITY_DEFAULT, ex->cancellable,
                                   read_cb, ex);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Exchange *ex = user_data;
  SoupMessageHeaders *headers;

  ex->stream = soup_session_send_finish (SOUP_SESSION (object), result, &ex->error);
  if (ex->stream == NULL)
    {
      exchange_finish (ex);
      return;
    }

  /* The Content-Length of a HEAD response is that of a body it does not have. */
  headers = soup_message_get_response_headers (ex->msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      !g_str_equal (soup_message_get_method (ex->msg), SOUP_METHOD_HEAD))
    ex->announced = soup_message_headers_get_content_length (headers);

  if (!cs_step_is_status_expected (ex->step, soup_message_get_status (ex->msg)))
    {
      ex->snippet_only = TRUE;
      ex->read_limit = MIN (ex->read_limit, ERROR_BODY_BYTES);
    }
  else if (ex->announced > (goffset) ex->read_limit)
    {
      /* Say so at once rather than after reading what we would throw away. */
      ex->too_large = TRUE;
      exchange_close (ex, TRUE);
      return;
    }

  g_input_stream_read_bytes_async (ex->stream, READ_CHUNK, G_PRIORITY_DEFAULT, ex->cancellable,
                                   read_cb, ex);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Exchange *ex = user_data;

  ex->timed_out = TRUE;
  g_cancellable_cancel (ex->cancellable);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static void
run_exchange (CsIntegrationClient *self,
              Exchange            *ex,
              guint                timeout_ms,
              GCancellable        *caller)
{
  GSource *deadline;
  gulong handler = 0;

  g_main_context_push_thread_default (self->context);

  deadline = g_timeout_source_new (timeout_ms);
  g_source_set_callback (deadline, deadline_cb, ex, NULL);
  g_source_attach (deadline, self->context);

  if (caller != NULL)
    handler = g_cancellable_connect (caller, G_CALLBACK (caller_cancelled_cb), ex->cancellable, NULL);

  soup_session_send_async (self->session, ex->msg, G_PRIORITY_DEFAULT, ex->cancellable, send_cb, ex);
  while (!ex->done)
    g_main_context_iteration (self->context, TRUE);

  if (caller != NULL)
    g_cancellable_disconnect (caller, handler);
  g_source_destroy (deadline);
  g_source_unref (deadline);

  g_main_context_pop_thread_default (self->context);
}

/* Messages */

/* The start of a body as one line of text, for a message. */
static char *
body_snippet (const GByteArray *body)
{
  g_autofree char *valid = NULL;
  GString *out;
  guint chars = 0;
  const char *p;

  valid = g_utf8_make_valid ((const char *) body->data, MIN (body->len, SNIPPET_CHARS * 4));
  out = g_string_new (NULL);
  for (p = valid; *p != '\0' && chars < SNIPPET_CHARS; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        c = ' ';
      if (c == ' ' && (out->len == 0 || out->str[out->len - 1] == ' '))
        continue;
      g_string_append_unichar (out, c);
      chars++;
    }
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  if (*p != '\0' || body->len > SNIPPET_CHARS * 4)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static gint64
parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;
  guint64 seconds;

  if (value == NULL)
    return -1;
  /* delta-seconds or an HTTP date */
  text = g_strstrip (g_strdup (value));
  if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT32, &seconds, NULL))
    return (gint64) seconds * 1000;

  when = soup_date_time_new_from_http_string (text);
  if (when == NULL)
    return -1;
  now = g_date_time_new_now_utc ();
  return MAX (g_date_time_difference (when, now) / 1000, 0);
}

/* The reason phrase to show: the server's, unless it has none or libsoup
 * put in its placeholder for statuses it does not know. */
static const char *
status_phrase (guint       status,
               const char *reason)
{
  static const struct { guint status; const char *phrase; } newer[] = {
    { 421, "Misdirected Request" },
    { 425, "Too Early" },
    { 426, "Upgrade Required" },
    { 428, "Precondition Required" },
    { 429, "Too Many Requests" },
    { 431, "Request Header Fields Too Large" },
    { 451, "Unavailable For Legal Reasons" },
    { 508, "Loop Detected" },
    { 511, "Network Authentication Required" },
  };
  const char *unknown = soup_status_get_phrase (0);

  if (reason != NULL && *reason != '\0' && g_strcmp0 (reason, unknown) != 0)
    return reason;
  for (guint i = 0; i < G_N_ELEMENTS (newer); i++)
    if (newer[i].status == status)
      return newer[i].phrase;
  reason = soup_status_get_phrase (status);
  return g_strcmp0 (reason, unknown) != 0 ? reason : "";
}

static CsCallOutcome G_GNUC_PRINTF (4, 5)
fail (GError        **error,
      CsCallOutcome   outcome,
      int             code,
      const char     *format,
      ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, CS_INTEGRATION_ERROR, code, message);
  g_free (message);
  return outcome;
}

static gboolean
header_name_is_valid (const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
looks_like_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  return json_parser_load_from_data (parser, text, -1, NULL);
}

/* Renders the headers into @msg; the Content-Type is handed back to go with the body. */
static CsCallOutcome
render_headers (CsStep       *step,
                JsonNode     *instance_data,
                SoupMessage  *msg,
                char        **content_type,
                GError      **error)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  const char *id = cs_step_get_id (step);

  if (cs_step_get_n_response_mappings (step) > 0)
    soup_message_headers_replace (headers, "Accept", "application/json");

  for (guint i = 0; i < cs_step_get_n_headers (step); i++)
    {
      const char *name = cs_step_get_header_name (step, i);
      CsTemplate *tmpl = cs_step_get_header_template (step, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *value = NULL;

      if (!header_name_is_valid (name))
        return fail (error, CS_CALL_FATAL, CS_INTEGRATION_ERROR_INVALID_STEP,
                     _("Integration %s: “%s” is not a valid header name"), id, name);
      if (tmpl == NULL)
        {
          const GError *parse_error = cs_step_get_header_error (step, i, NULL);

          return fail (error, CS_CALL_FATAL, CS_INTEGRATION_ERROR_TEMPLATE,
                       _("Integration %s: the template of the header %s is invalid: %s"),
                       id, name, parse_error != NULL ? parse_error->message : "");
        }
      value = cs_template_render (tmpl, instance_data, NULL, &local_error);
      if (value == NULL)
        return fail (error, CS_CALL_FATAL, CS_INTEGRATION_ERROR_TEMPLATE,
                     _("Integration %s: cannot build the header %s: %s"), id, name, local_error->message);
      /* A line break from the data would smuggle in headers of its own. */
      if (strpbrk (value, "\r\n") != NULL)
        return fail (error, CS_CALL_FATAL, CS_INTEGRATION_ERROR_TEMPLATE,
                     _("Integration %s: the header %s would contain a line break"), id, name);

      if (g_ascii_strcasecmp (name, "Content-Type") == 0)
        {
          g_free (*content_type);
          *content_type = g_steal_pointer (&value);
        }
      else
        soup_message_headers_replace (headers, name, value);
    }
  return CS_CALL_OK;
}

/* A transport error: whether another attempt may do better, and whether it
 * speaks against the host (it always does but for a redirect loop). */
static CsCallOutcome
transport_failure (const Exchange *ex,
                   CsStep         *step,
                   GUri           *uri,
                   const char     *url,
                   gboolean       *host_failed,
                   GError        **error)
{
  const char *id = cs_step_get_id (step);
  const char *method = cs_step_get_method (step);
  const GError *e = ex->error;

  *host_failed = TRUE;

  if ((ex->timed_out && g_error_matches (e, G_IO_ERROR, G_IO_ERROR_CANCELLED)) ||
      g_error_matches (e, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return fail (error, CS_CALL_RETRYABLE, CS_INTEGRATION_ERROR_TIMEOUT,
                 _("Integration %s: %s %s: timed out after %u ms"),
                 id, method, url, cs_step_get_timeout_ms (step));

  if (e->domain == G_RESOLVER_ERROR)
    return fail (error, CS_CALL_RETRYABLE, CS_INTEGRATION_ERROR_CONNECTION,
                 _("Integration %s: %s %s: cannot find the host %s: %s"),
                 id, method, url, g_uri_get_host (uri), e->message);

  if (g_error_matches (e, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) ||
      g_error_matches (e, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS) ||
      g_error_matches (e, G_TLS_ERROR, G_TLS_ERROR_CERTIFICATE_REQUIRED))
    return fail (error, CS_CALL_FATAL, CS_INTEGRATION_ERROR_TLS,
                 _("Integration %s: %s %s: the secure connection was refused: %s"),
                 id, method, url, e->message);

  if (g_error_matches (e, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS) ||
      g_error_matches (e, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_REDIRECT_NO_LOCATION) ||
      g_error_matches (e, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_REDIRECT_BAD_URI))
    {
      *host_failed = FALSE;
      return fail (error, CS_CALL_FATAL, CS_INTEGRATION_ERROR_STATUS,
                   _("Integration %s: %s %s: the redirections went wrong: %s"),
                   id, method, url, e->message);
    }

  return fail (error, CS_CALL_RETRYABLE, CS_INTEGRATION_ERROR_CONNECTION,
               _("Integration %s: %s %s: the connection failed: %s"),
               id, method, url, e->message);
}

/* A response with an expected status: check its size and apply the mapping. */
static CsCallOutcome
accept_response (Exchange    *ex,
                 CsStep      *step,
                 const char  *url,
                 gsize        max_bytes,
                 JsonObject  *mapped_out,
                 GError     **error)
{
  const char *id = cs_step_get_id (step);
  const char *method = cs_step_get_method (step);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonObject) scratch = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *max_text = NULL;
  gsize len = ex->body->len;
  JsonNode *root;

  if (ex->too_large)
    {
      max_text = g_format_size_full (max_bytes, G_FORMAT_SIZE_IEC_UNITS);
      return fail (error, CS_CALL_FATAL, CS_INTEGRATION_ERROR_TOO_LARGE,
                   _("Integration %s: %s %s: the response is over the limit of %s"),
                   id, method, url, max_text);
    }

  if (cs_step_get_n_response_mappings (step) == 0)
    return CS_CALL_OK;

  if (len == 0)
    return fail (error, CS_CALL_FATAL, CS_INTEGRATION_ERROR_NOT_JSON,
                 _("Integration %s: %s %s: answered an empty body, not JSON"), id, method, url);

  /* json-glib wants the text terminated. */
  g_byte_array_append (ex->body, (const guint8 *) "", 1);
  g_byte_array_set_size (ex->body, len);

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, (const char *) ex->body->data, len, NULL) ||
      json_parser_get_root (parser) == NULL)
    {
      const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (ex->msg), NULL);
      g_autofree char *snippet = body_snippet (ex->body);

      if (type != NULL)
        return fail (error, CS_CALL_FATAL, CS_INTEGRATION_ERROR_NOT_JSON,
                     _("Integration %s: %s %s: answered %s, not JSON: %s"), id, method, url, type, snippet);
      return fail (error, CS_CALL_FATAL, CS_INTEGRATION_ERROR_NOT_JSON,
                   _("Integration %s: %s %s: answered a body that is not JSON: %s"), id, method, url, snippet);
    }
  root = json_parser_get_root (parser);

  /* Check every path first so that nothing is set unless everything is. */
  for (guint i = 0; i < cs_step_get_n_response_mappings (step); i++)
    {
      const char *path = cs_step_get_response_mapping_path (step, i);

      if (cs_data_path_lookup (root, path) == NULL)
        return fail (error, CS_CALL_FATAL, CS_INTEGRATION_ERROR_MAPPING,
                     _("Integration %s: %s %s: the response has no '%s' (mapped to %s)"),
                     id, method, url, path, cs_step_get_response_mapping_key (step, i));
    }

  if (mapped_out == NULL)
    mapped_out = scratch = json_object_new ();
  if (!cs_step_apply_response_mapping (step, root, mapped_out, &local_error))
    return fail (error, CS_CALL_FATAL, CS_INTEGRATION_ERROR_MAPPING,
                 _("Integration %s: %s %s: %s"), id, method, url, local_error->message);
  return CS_CALL_OK;
}

CsCallOutcome
cs_integration_client_attempt (CsIntegrationClient  *self,
                               CsStep               *step,
                               JsonNode             *instance_data,
                               GCancellable         *cancellable,
                               JsonObject           *mapped_out,
                               CsCallInfo           *info,
                               GError              **error)
{
  g_auto(CsCallInfo) scratch = CS_CALL_INFO_INIT;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *rendered = NULL;
  g_autofree char *body = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *host = NULL;
  Exchange ex = { 0 };
  const char *id;
  const char *method;
  const char *url;
  const char *reason;
  guint timeout_ms;
  gint64 now;
  gint64 retry_at = 0;
  gboolean host_failed = FALSE;
  CsCallOutcome outcome;

  g_return_val_if_fail (CS_IS_INTEGRATION_CLIENT (self), CS_CALL_FATAL);
  g_return_val_if_fail (CS_IS_STEP (step), CS_CALL_FATAL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), CS_CALL_FATAL);
  g_return_val_if_fail (error == NULL || *error == NULL, CS_CALL_FATAL);

  if (info == NULL)
    info = &scratch;
  else
    cs_call_info_clear (info);

  id = cs_step_get_id (step);
  method = cs_step_get_method (step);
  info->method = g_strdup (method);
  if (method == NULL || !cs_http_method_is_valid (method))
    return fail (error, CS_CALL_FATAL, CS_INTEGRATION_ERROR_INVALID_STEP,
                 _("Integration %s: “%s” is not an HTTP method CivicStream can use"),
                 id, method != NULL ? method : "");

  rendered = cs_step_render_url (step, instance_data, &local_error);
  if (rendered == NULL)
    return fail (error, CS_CALL_FATAL, CS_INTEGRATION_ERROR_TEMPLATE,
                 _("Integration %s: cannot build the URL: %s"), id, local_error->message);
  g_strstrip (rendered);
  info->url = cs_integration_client_redact_url (rendered);
  url = info->url;

  uri = g_uri_parse (rendered, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      (host = cs_circuit_breaker_key_for_uri (uri)) == NULL)
    return fail (error, CS_CALL_FATAL, CS_INTEGRATION_ERROR_INVALID_URL,
                 _("Integration %s: “%s” is not a valid http or https URL"), id, url);

  timeout_ms = cs_step_get_timeout_ms (step);
  if (timeout_ms == 0)
    return fail (error, CS_CALL_FATAL, CS_INTEGRATION_ERROR_INVALID_STEP,
                 _("Integration %s: the timeout must be more than 0 ms"), id);

  msg = soup_message_new_from_uri (method, uri);
  outcome = render_headers (step, instance_data, msg, &content_type, error);
  if (outcome != CS_CALL_OK)
    return outcome;

  body = cs_step_render_body (step, instance_data, &local_error);
  if (body == NULL && local_error != NULL)
    return fail (error, CS_CALL_FATAL, CS_INTEGRATION_ERROR_TEMPLATE,
                 _("Integration %s: cannot build the body: %s"), id, local_error->message);
  if (body != NULL)
    {
      gsize len = strlen (body);
      g_autoptr(GBytes) bytes = NULL;

      if (content_type == NULL)
        content_type = g_strdup (looks_like_json (body) ? "application/json" : "text/plain; charset=utf-8");
      bytes = g_bytes_new_take (g_steal_pointer (&body), len);
      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
      info->request_bytes = len;
    }
  else if (content_type != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Content-Type", content_type);

  if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Integration %s: %s %s was not called: "), id, method, url);
      return CS_CALL_RETRYABLE;
    }

  now = g_get_monotonic_time ();
  if (!cs_circuit_breakers_try_acquire (self->breakers, host,
                                        cs_step_get_breaker_threshold (step),
                                        cs_step_get_breaker_reset_seconds (step),
                                        now, &retry_at))
    {
      info->retry_at = retry_at;
      return fail (error, CS_CALL_CIRCUIT_OPEN, CS_INTEGRATION_ERROR_CIRCUIT_OPEN,
                   _("Integration %s: %s %s was not called: %s failed %u times in a row; "
                     "the next try is in %" G_GINT64_FORMAT " s"),
                   id, method, url, host, cs_circuit_breakers_get_failures (self->breakers, host),
                   (retry_at - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
    }

  ex.step = step;
  ex.msg = msg;
  ex.cancellable = g_cancellable_new ();
  ex.body = g_byte_array_new ();
  ex.read_limit = self->max_response_bytes;
  ex.announced = -1;

  run_exchange (self, &ex, timeout_ms, cancellable);

  info->duration_ms = (g_get_monotonic_time () - now) / 1000;
  info->response_bytes = ex.too_large && ex.announced > 0 ? (gsize) ex.announced : ex.body->len;
  info->retry_after_ms = parse_retry_after (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                                          "Retry-After"));

  if (ex.error != NULL && g_cancellable_is_cancelled (cancellable))
    {
      /* Shutting down says nothing about the host. */
      cs_circuit_breakers_release (self->breakers, host);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   _("Integration %s: %s %s was cancelled"), id, method, url);
      exchange_clear (&ex);
      return CS_CALL_RETRYABLE;
    }

  info->status = soup_message_get_status (msg);
  if (ex.error != NULL)
    outcome = transport_failure (&ex, step, uri, url, &host_failed, error);
  else
    {
      reason = status_phrase (info->status, soup_message_get_reason_phrase (msg));

      if (cs_step_is_status_expected (step, info->status))
        outcome = accept_response (&ex, step, url, self->max_response_bytes, mapped_out, error);
      else
        {
          gboolean retryable = info->status == 408 || info->status == 429 || info->status >= 500;
          g_autofree char *snippet = ex.body->len > 0 ? body_snippet (ex.body) : NULL;

          host_failed = retryable;
          outcome = retryable ? CS_CALL_RETRYABLE : CS_CALL_FATAL;
          if (snippet != NULL)
            fail (error, outcome, CS_INTEGRATION_ERROR_STATUS, _("Integration %s: %s %s answered %u%s%s: %s"),
                  id, method, url, info->status, *reason ? " " : "", reason, snippet);
          else
            fail (error, outcome, CS_INTEGRATION_ERROR_STATUS, _("Integration %s: %s %s answered %u%s%s"),
                  id, method, url, info->status, *reason ? " " : "", reason);
        }
    }

  cs_circuit_breakers_record (self->breakers, host, !host_failed, g_get_monotonic_time ());
  exchange_clear (&ex);
  return outcome;
}
