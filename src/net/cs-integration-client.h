/* cs-integration-client.h: one attempt of a workflow Integration step over HTTP
 *
 * A client owns a SoupSession, which is not thread-safe: create, use and
 * free each client on one thread (one per engine worker thread). The
 * circuit breakers are shared by all of them.
 *
 * cs_integration_client_attempt() makes exactly one call and blocks the
 * calling thread until it ends, is timed out (the step's timeout covers the
 * whole exchange, body included) or is cancelled. Retrying is the caller's
 * business: on CS_CALL_RETRYABLE reschedule with the step's backoff, on
 * CS_CALL_CIRCUIT_OPEN at info->retry_at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "core/cs-circuit-breaker.h"
#include "core/cs-step.h"

G_BEGIN_DECLS

#define CS_INTEGRATION_ERROR (cs_integration_error_quark ())

typedef enum
{
  CS_INTEGRATION_ERROR_TEMPLATE,       /* the URL, a header or the body does not render */
  CS_INTEGRATION_ERROR_INVALID_URL,    /* not an http(s) URL with a host */
  CS_INTEGRATION_ERROR_INVALID_STEP,   /* bad method, header or timeout */
  CS_INTEGRATION_ERROR_CIRCUIT_OPEN,
  CS_INTEGRATION_ERROR_TIMEOUT,
  CS_INTEGRATION_ERROR_CONNECTION,     /* DNS, refused, reset, malformed HTTP */
  CS_INTEGRATION_ERROR_TLS,            /* the server's certificate is not acceptable */
  CS_INTEGRATION_ERROR_STATUS,         /* a status the step does not expect */
  CS_INTEGRATION_ERROR_TOO_LARGE,
  CS_INTEGRATION_ERROR_NOT_JSON,
  CS_INTEGRATION_ERROR_MAPPING,        /* the response lacks a mapped path */
} CsIntegrationError;

GQuark cs_integration_error_quark (void);

typedef enum
{
  CS_CALL_OK,
  CS_CALL_RETRYABLE,      /* worth another attempt after the backoff */
  CS_CALL_FATAL,          /* another attempt would fail the same way */
  CS_CALL_CIRCUIT_OPEN,   /* not attempted; try again at info->retry_at */
} CsCallOutcome;

#define CS_TYPE_CALL_OUTCOME (cs_call_outcome_get_type ())
GType        cs_call_outcome_get_type    (void) G_GNUC_CONST;
/* "ok", "retryable", "fatal", "circuit-open" */
const char  *cs_call_outcome_to_string   (CsCallOutcome outcome);

/* What one attempt did. Initialise with CS_CALL_INFO_INIT (or g_auto), and
 * free the strings with cs_call_info_clear(). */
typedef struct
{
  char   *method;
  char   *url;              /* as called, without userinfo or secret query values; NULL if it did not render */
  guint   status;           /* HTTP status, 0 when there was no response */
  gint64  duration_ms;      /* of the exchange; 0 when no request was made */
  gsize   request_bytes;    /* request body */
  gsize   response_bytes;   /* response body as read; its announced size when refused as too large */
  gint64  retry_at;         /* monotonic µs; CS_CALL_CIRCUIT_OPEN only, else 0 */
  gint64  retry_after_ms;   /* from a Retry-After header; -1 when there was none */
} CsCallInfo;

#define CS_CALL_INFO_INIT { NULL, NULL, 0, 0, 0, 0, 0, -1 }

void         cs_call_info_clear          (CsCallInfo    *info);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CsCallInfo, cs_call_info_clear)

/* Responses larger than this are refused unless the client is told otherwise. */
#define CS_INTEGRATION_DEFAULT_MAX_RESPONSE_BYTES (8 * 1024 * 1024)

#define CS_TYPE_INTEGRATION_CLIENT (cs_integration_client_get_type ())

G_DECLARE_FINAL_TYPE (CsIntegrationClient, cs_integration_client, CS, INTEGRATION_CLIENT, GObject)

/* @breakers: the process's shared breakers, or NULL for private ones. */
CsIntegrationClient *cs_integration_client_new (CsCircuitBreakers   *breakers);
CsCircuitBreakers   *cs_integration_client_get_breakers (CsIntegrationClient *self);
guint64      cs_integration_client_get_max_response_bytes (CsIntegrationClient *self);
void         cs_integration_client_set_max_response_bytes (CsIntegrationClient *self,
                                                           guint64              max_bytes);

/* Makes one call of @step with its templates rendered against
 * @instance_data (an object node). On CS_CALL_OK with a response mapping,
 * sets each mapped key of @mapped_out (may be NULL to only check the
 * response); nothing is set otherwise. Any other outcome sets @error: in
 * the CS_INTEGRATION_ERROR domain with a message naming the step, method
 * and URL, or G_IO_ERROR_CANCELLED (as CS_CALL_RETRYABLE) when
 * @cancellable was cancelled, which is not the host's fault and should not
 * count as an attempt. @info (may be NULL) is filled in every case. */
CsCallOutcome cs_integration_client_attempt (CsIntegrationClient  *self,
                                             CsStep               *step,
                                             JsonNode             *instance_data,
                                             GCancellable         *cancellable,
                                             JsonObject           *mapped_out,
                                             CsCallInfo           *info,
                                             GError              **error);

/* @url without userinfo ("user:password@") and with the values of query
 * parameters that look secret (token, key, password, signature…) replaced
 * by "REDACTED"; the rest is kept exactly as given. */
char        *cs_integration_client_redact_url (const char *url);

G_END_DECLS
