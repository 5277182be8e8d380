/* cs-api.h: what the HTTP handlers of civicstream-cli serve share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-http-server.h"

G_BEGIN_DECLS

/* Sets the request's tenant for Row Level Security: ?tenant=SLUG, the
 * X-CivicStream-Tenant header, or the only tenant of the database. Answers
 * 400/404 itself and returns FALSE when there is none. */
gboolean cs_api_use_tenant          (CsHttpRequest  *request);
/* SET ROLE civicstream_service on a request thread's connection. */
gboolean cs_api_session_setup       (CsDbConnection *conn,
                                     gpointer        user_data,
                                     GError        **error);
/* Answers 500 with the error's message, or 503 when the database is gone. */
void     cs_api_respond_db_error    (CsHttpRequest  *request,
                                     const GError   *error);
/* Parses a non-negative integer query parameter; answers 400 itself on junk. */
gboolean cs_api_query_int           (CsHttpRequest  *request,
                                     const char     *name,
                                     gint64          fallback,
                                     gint64          min,
                                     gint64          max,
                                     gint64         *value);

void     cs_api_add_health_routes   (CsHttpServer   *server,
                                     const char     *prefix);

G_END_DECLS
