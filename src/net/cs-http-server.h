/* cs-http-server.h: the HTTP side of civicstream-cli serve
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "core/cs-metrics-writer.h"
#include "store/cs-db-connection.h"

G_BEGIN_DECLS

typedef struct _CsHttpRequest CsHttpRequest;

/* Runs on one of the server's database threads, with that thread's own
 * connection; must end with one of the respond calls (now or later, from
 * any thread). */
typedef void (*CsHttpHandler) (CsHttpRequest *request,
                               gpointer       user_data);

/* Called on a database thread after each (re)connection, e.g. to SET ROLE. */
typedef gboolean (*CsHttpSessionSetup) (CsDbConnection  *conn,
                                        gpointer         user_data,
                                        GError         **error);

#define CS_TYPE_HTTP_SERVER (cs_http_server_get_type ())

G_DECLARE_FINAL_TYPE (CsHttpServer, cs_http_server, CS, HTTP_SERVER, GObject)

CsHttpServer   *cs_http_server_new              (const char          *conninfo,
                                                 const char          *password,
                                                 guint                n_threads);
void            cs_http_server_set_session_setup (CsHttpServer       *self,
                                                 CsHttpSessionSetup   setup,
                                                 gpointer             user_data);
/* @pattern: "/api/v1/performance/steps/{step_id}/metrics"; a segment may be
 * "{id}.json" (a parameter with a literal suffix). */
void            cs_http_server_add_route        (CsHttpServer        *self,
                                                 const char          *method,
                                                 const char          *pattern,
                                                 CsHttpHandler        handler,
                                                 gpointer             user_data);
/* A route that also answers when the database cannot be reached (its
 * requests then have no connection): /metrics, /ready. */
void            cs_http_server_add_monitoring_route (CsHttpServer    *self,
                                                 const char          *method,
                                                 const char          *pattern,
                                                 CsHttpHandler        handler,
                                                 gpointer             user_data);
gboolean        cs_http_server_listen           (CsHttpServer        *self,
                                                 const char          *address,
                                                 guint                port,
                                                 GError             **error);
guint           cs_http_server_get_port         (CsHttpServer        *self);
void            cs_http_server_stop             (CsHttpServer        *self);
/* Requests served, by route and status class, and latency histograms, in
 * the Prometheus text format (without trailing newline handling). */
void            cs_http_server_write_metrics    (CsHttpServer        *self,
                                                 CsMetricsWriter     *writer);

const char     *cs_http_request_get_method      (CsHttpRequest       *request);
const char     *cs_http_request_get_path        (CsHttpRequest       *request);
const char     *cs_http_request_get_route       (CsHttpRequest       *request);
const char     *cs_http_request_get_param       (CsHttpRequest       *request,
                                                 const char          *name);
const char     *cs_http_request_get_query       (CsHttpRequest       *request,
                                                 const char          *name);
GHashTable     *cs_http_request_get_query_table (CsHttpRequest       *request);
const char     *cs_http_request_get_header      (CsHttpRequest       *request,
                                                 const char          *name);
GBytes         *cs_http_request_get_body        (CsHttpRequest       *request);
/* The body as application/x-www-form-urlencoded; NULL when it is not. */
GHashTable     *cs_http_request_get_form        (CsHttpRequest       *request);
/* The body parsed as JSON; NULL with @error when it is not JSON. */
JsonNode       *cs_http_request_get_json        (CsHttpRequest       *request,
                                                 GError             **error);
const char     *cs_http_request_get_client      (CsHttpRequest       *request);
/* NULL in a monitoring route while the database is unreachable. */
CsDbConnection *cs_http_request_get_connection  (CsHttpRequest       *request);

void            cs_http_request_respond_json    (CsHttpRequest       *request,
                                                 guint                status,
                                                 JsonNode            *body);
void            cs_http_request_respond_text    (CsHttpRequest       *request,
                                                 guint                status,
                                                 const char          *content_type,
                                                 const char          *text);
/* {"error": {"code": status, "message": …}} */
void            cs_http_request_respond_error   (CsHttpRequest       *request,
                                                 guint                status,
                                                 const char          *message);

G_END_DECLS
