/* cs-handlers-private.h: what the built-in handlers share with each other and the registry
 *
 * The built-in action handlers are in cs-handlers-*.c by domain: identity
 * (citizen registration), licensing (business licences), permits (permit
 * renewal), complaints, notify (messages to citizens) and common (the helpers
 * every handler uses, and record.seal). Each file describes its handlers in a
 * BuiltinSpec table and registers them from its cs_handlers_register_*()
 * function, which cs_handler_registry_add_builtins() calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-handler-registry.h"

G_BEGIN_DECLS

/* The built-in tables */

typedef struct
{
  const char  *name;
  CsValueType  type;
  gboolean     required;
  const char  *pattern;
  const char  *source;
  const char  *description;
} ParamSpec;

typedef struct
{
  const char      *name;
  CsHandlerFunc    func;
  const char      *description;
  const ParamSpec *inputs;
  const ParamSpec *outputs;
} BuiltinSpec;

#define IN(n, t, r, pat, d) { n, CS_VALUE_##t, r, pat, NULL, d }
#define IN_FROM(n, t, r, src, d) { n, CS_VALUE_##t, r, NULL, src, d }
#define OUT(n, t, d) { n, CS_VALUE_##t, FALSE, NULL, NULL, d }
#define END { NULL, 0, FALSE, NULL, NULL, NULL }

/* In cs-handler-registry.c: registers the @n_builtins handlers of @builtins,
 * with their translated descriptions and parameter declarations. */
void      cs_handlers_register_builtins   (CsHandlerRegistry *registry,
                                           const BuiltinSpec *builtins,
                                           guint              n_builtins);

/* One per cs-handlers-*.c file. */
void      cs_handlers_register_common     (CsHandlerRegistry *registry);
void      cs_handlers_register_complaints (CsHandlerRegistry *registry);
void      cs_handlers_register_identity   (CsHandlerRegistry *registry);
void      cs_handlers_register_licensing  (CsHandlerRegistry *registry);
void      cs_handlers_register_notify     (CsHandlerRegistry *registry);
void      cs_handlers_register_permits    (CsHandlerRegistry *registry);

/* Helpers, in cs-handlers-common.c */

char     *cs_handlers_sha256_hex          (const char        *text);
/* The first @n hex digits of the SHA-256 of @text, in upper case. */
char     *cs_handlers_hex_upper_prefix    (const char        *text,
                                           guint              n);
/* The UTC date of ctx->now. */
void      cs_handlers_today               (CsHandlerContext  *ctx,
                                           GDate             *date);
/* "YYYY-MM-DD", or an ISO 8601 date-time taken as its UTC date. */
gboolean  cs_handlers_parse_date          (const char        *text,
                                           GDate             *date);
/* ctx->now as "YYYY-MM-DDTHH:MM:SSZ". */
char     *cs_handlers_format_now          (CsHandlerContext  *ctx);
gboolean  cs_handlers_is_blank            (const char        *text);
gboolean  cs_handlers_email_is_valid      (const char        *email);
gboolean  cs_handlers_phone_is_valid      (const char        *phone);
void      cs_handlers_add_string          (JsonArray         *array,
                                           const char        *text);
void      cs_handlers_add_printf          (JsonArray         *array,
                                           const char        *format,
                                           ...) G_GNUC_PRINTF (2, 3);

/* Input access: each fails with CS_ERROR_INVALID_ARGUMENT naming the input
 * when a required input is missing or an input has the wrong type; an
 * optional input that is absent or null gives NULL or @fallback. */
gboolean  cs_handlers_get_member          (JsonObject        *inputs,
                                           const char        *name,
                                           gboolean           required,
                                           JsonNode         **out,
                                           GError           **error);
gboolean  cs_handlers_type_error          (const char        *name,
                                           CsValueType        expected,
                                           GError           **error);
gboolean  cs_handlers_get_string          (JsonObject        *inputs,
                                           const char        *name,
                                           gboolean           required,
                                           const char       **out,
                                           GError           **error);
gboolean  cs_handlers_get_int             (JsonObject        *inputs,
                                           const char        *name,
                                           gboolean           required,
                                           gint64             fallback,
                                           gint64            *out,
                                           gboolean          *present,
                                           GError           **error);
gboolean  cs_handlers_get_bool            (JsonObject        *inputs,
                                           const char        *name,
                                           gboolean           fallback,
                                           gboolean          *out,
                                           GError           **error);
gboolean  cs_handlers_get_array           (JsonObject        *inputs,
                                           const char        *name,
                                           gboolean           required,
                                           JsonArray        **out,
                                           GError           **error);
gboolean  cs_handlers_get_date            (JsonObject        *inputs,
                                           const char        *name,
                                           gboolean           required,
                                           GDate             *out,
                                           gboolean          *present,
                                           GError           **error);
gboolean  cs_handlers_string_array_element (JsonArray        *array,
                                            guint             index,
                                            const char       *name,
                                            const char      **out,
                                            GError          **error);

G_END_DECLS
