/* cs-api.c: what the HTTP handlers of civicstream-cli serve share, and /health
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "cs-api.h"

gboolean
cs_api_session_setup (CsDbConnection  *conn,
                      gpointer         user_data,
                      GError         **error)
{
  return cs_db_connection_command (conn, "SET ROLE civicstream_service", 0, NULL, error);
}

void
cs_api_respond_db_error (CsHttpRequest *request,
                         const GError  *error)
{
  if (cs_db_error_is_connection (error))
    cs_http_request_respond_error (request, SOUP_STATUS_SERVICE_UNAVAILABLE, error->message);
  else
    cs_http_request_respond_error (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
}

gboolean
cs_api_use_tenant (CsHttpRequest *request)
{
  CsDbConnection *conn = cs_http_request_get_connection (request);
  const char *slug = cs_http_request_get_query (request, "tenant");
  g_autofree char *tenant = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;

  if (slug == NULL)
    slug = cs_http_request_get_header (request, "X-CivicStream-Tenant");

  result = cs_db_connection_exec (conn,
    "SELECT set_config ('civicstream.tenant', coalesce (cs_tenant_lookup ($1)::text, ''), false),"
    "       cs_tenant_lookup ($1) IS NOT NULL",
    1, (const char *[]) { slug }, &error);
  if (result == NULL)
    {
      cs_api_respond_db_error (request, error);
      return FALSE;
    }
  if (g_str_equal (PQgetvalue (result, 0, 1), "t"))
    return TRUE;

  if (slug != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("There is no tenant “%s”"), slug);
      cs_http_request_respond_error (request, SOUP_STATUS_NOT_FOUND, message);
    }
  else
    cs_http_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                   _("This server has several tenants: name one with ?tenant=SLUG "
                                     "or the X-CivicStream-Tenant header"));
  return FALSE;
}

gboolean
cs_api_query_int (CsHttpRequest *request,
                  const char    *name,
                  gint64         fallback,
                  gint64         min,
                  gint64         max,
                  gint64        *value)
{
  const char *text = cs_http_request_get_query (request, name);
  char *end = NULL;
  gint64 v;

  if (text == NULL || *text == '\0')
    {
      *value = fallback;
      return TRUE;
    }
  v = g_ascii_strtoll (text, &end, 10);
  if (*end != '\0' || v < min || v > max)
    {
      g_autofree char *message = g_strdup_printf (_("The parameter %s must be a whole number from %" G_GINT64_FORMAT
                                                    " to %" G_GINT64_FORMAT ", not “%s”"), name, min, max, text);
      cs_http_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, message);
      return FALSE;
    }
  *value = v;
  return TRUE;
}

/* The server is up and its database answers. */
static void
health (CsHttpRequest *request,
        gpointer       user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *version = cs_db_connection_query_value (cs_http_request_get_connection (request),
                                                           "SELECT current_setting ('server_version')",
                                                           0, NULL, &error);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, version ? "healthy" : "unhealthy");
  json_builder_set_member_name (b, "service");
  json_builder_add_string_value (b, "civicstream");
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "database");
  json_builder_add_string_value (b, version ? "connected" : error->message);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  cs_http_request_respond_json (request, version ? SOUP_STATUS_OK : SOUP_STATUS_SERVICE_UNAVAILABLE, node);
}

void
cs_api_add_health_routes (CsHttpServer *server,
                          const char   *prefix)
{
  g_autofree char *path = g_strconcat (prefix ? prefix : "", "/health", NULL);
  cs_http_server_add_route (server, "GET", path, health, NULL);
}
