/* cs-handlers-common.c: what every built-in handler uses, and record.seal
 *
 * Reading and type-checking a handler's inputs, dates in the context's time,
 * checks of text (blank, email address, phone number), references derived
 * from SHA-256 digests, the canonical JSON of a record and its chained
 * digest, and the record.seal handler built on them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-handlers-private.h"

/* Shared helpers */

char *
cs_handlers_sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static void
append_canonical (GString    *out,
                  JsonNode   *node,
                  gboolean    skip_seal)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        GList *names = g_list_sort (json_object_get_members (object), (GCompareFunc) strcmp);
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        for (GList *l = names; l != NULL; l = l->next)
          {
            const char *name = l->data;
            g_autoptr(JsonNode) key = json_node_new (JSON_NODE_VALUE);
            g_autofree char *quoted = NULL;

            if (skip_seal && (g_str_equal (name, "record_digest") ||
                              g_str_equal (name, "sealed_at") ||
                              g_str_equal (name, "digest_algorithm")))
              continue;
            json_node_set_string (key, name);
            quoted = json_to_string (key, FALSE);
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            g_string_append (out, quoted);
            g_string_append_c (out, ':');
            append_canonical (out, json_object_get_member (object, name), FALSE);
          }
        g_string_append_c (out, '}');
        g_list_free (names);
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_canonical (out, json_array_get_element (array, i), FALSE);
          }
        g_string_append_c (out, ']');
        break;
      }
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_VALUE:
    default:
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          double v = json_node_get_double (node);

          /* Integral doubles print as integers, so 18.0 and 18 seal alike. */
          if (isfinite (v) && floor (v) == v && fabs (v) < 9007199254740992.0)
            g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) v);
          else
            g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.17g", v));
        }
      else
        {
          g_autofree char *text = json_to_string (node, FALSE);
          g_string_append (out, text);
        }
      break;
    }
}

char *
cs_json_canonicalize (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);

  append_canonical (out, node, FALSE);
  return g_string_free (out, FALSE);
}

char *
cs_record_digest (JsonObject *record,
                  const char *previous_digest)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  GString *text = g_string_new (NULL);
  char *digest;

  g_return_val_if_fail (record != NULL, NULL);

  json_node_set_object (node, record);
  g_string_append (text, previous_digest ? previous_digest
                   : "0000000000000000000000000000000000000000000000000000000000000000");
  g_string_append_c (text, '\n');
  append_canonical (text, node, TRUE);
  digest = cs_handlers_sha256_hex (text->str);
  g_string_free (text, TRUE);
  return digest;
}

char *
cs_handlers_hex_upper_prefix (const char *text,
                              guint       n)
{
  g_autofree char *hex = cs_handlers_sha256_hex (text);

  hex[n] = '\0';
  return g_ascii_strup (hex, -1);
}

void
cs_handlers_today (CsHandlerContext *ctx,
                   GDate            *date)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (ctx->now);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (utc), g_date_time_get_month (utc),
                  g_date_time_get_year (utc));
}

gboolean
cs_handlers_parse_date (const char *text,
                        GDate      *date)
{
  g_date_clear (date, 1);

  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-')
    {
      for (guint i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
          return FALSE;
      {
        guint year = g_ascii_strtoull (text, NULL, 10);
        guint month = (text[5] - '0') * 10 + (text[6] - '0');
        guint day = (text[8] - '0') * 10 + (text[9] - '0');

        if (!g_date_valid_dmy (day, month, year))
          return FALSE;
        g_date_set_dmy (date, day, month, year);
        return TRUE;
      }
    }
  else
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (text, tz);
      g_autoptr(GDateTime) utc = NULL;

      if (dt == NULL)
        return FALSE;
      utc = g_date_time_to_utc (dt);
      g_date_set_dmy (date, g_date_time_get_day_of_month (utc), g_date_time_get_month (utc),
                      g_date_time_get_year (utc));
      return TRUE;
    }
}

char *
cs_handlers_format_now (CsHandlerContext *ctx)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (ctx->now);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
cs_handlers_is_blank (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

gboolean
cs_handlers_email_is_valid (const char *email)
{
  return g_regex_match_simple ("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$", email, 0, 0);
}

gboolean
cs_handlers_phone_is_valid (const char *phone)
{
  guint digits = 0;

  for (const char *p = phone; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!strchr (" -()", *p) && !(*p == '+' && p == phone))
        return FALSE;
    }
  return digits >= 7 && digits <= 15;
}

void
cs_handlers_add_string (JsonArray  *array,
                        const char *text)
{
  json_array_add_string_element (array, text);
}

void
cs_handlers_add_printf (JsonArray  *array,
                        const char *format,
                        ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  json_array_add_string_element (array, text);
}

/* Input access. A handler may be called directly (tests, another layer), so
 * it checks types itself rather than trusting cs_step_validate_inputs(). */

gboolean
cs_handlers_get_member (JsonObject  *inputs,
                        const char  *name,
                        gboolean     required,
                        JsonNode   **out,
                        GError     **error)
{
  JsonNode *node = json_object_get_member (inputs, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      if (required)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Missing required input: %s"), name);
          return FALSE;
        }
      return TRUE;
    }
  *out = node;
  return TRUE;
}

gboolean
cs_handlers_type_error (const char  *name,
                        CsValueType  expected,
                        GError     **error)
{
  g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
               _("Invalid input %s: expected %s"), name, cs_value_type_to_string (expected));
  return FALSE;
}

gboolean
cs_handlers_get_string (JsonObject  *inputs,
                        const char  *name,
                        gboolean     required,
                        const char **out,
                        GError     **error)
{
  JsonNode *node;

  *out = NULL;
  if (!cs_handlers_get_member (inputs, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!cs_value_type_check (CS_VALUE_STRING, node))
    return cs_handlers_type_error (name, CS_VALUE_STRING, error);
  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
cs_handlers_get_int (JsonObject  *inputs,
                     const char  *name,
                     gboolean     required,
                     gint64       fallback,
                     gint64      *out,
                     gboolean    *present,
                     GError     **error)
{
  JsonNode *node;

  *out = fallback;
  if (present != NULL)
    *present = FALSE;
  if (!cs_handlers_get_member (inputs, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!cs_value_type_check (CS_VALUE_INTEGER, node))
    return cs_handlers_type_error (name, CS_VALUE_INTEGER, error);
  *out = json_node_get_value_type (node) == G_TYPE_DOUBLE
         ? (gint64) json_node_get_double (node) : json_node_get_int (node);
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

gboolean
cs_handlers_get_bool (JsonObject  *inputs,
                      const char  *name,
                      gboolean     fallback,
                      gboolean    *out,
                      GError     **error)
{
  JsonNode *node;

  *out = fallback;
  if (!cs_handlers_get_member (inputs, name, FALSE, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!cs_value_type_check (CS_VALUE_BOOLEAN, node))
    return cs_handlers_type_error (name, CS_VALUE_BOOLEAN, error);
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
cs_handlers_get_array (JsonObject  *inputs,
                       const char  *name,
                       gboolean     required,
                       JsonArray  **out,
                       GError     **error)
{
  JsonNode *node;

  *out = NULL;
  if (!cs_handlers_get_member (inputs, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return cs_handlers_type_error (name, CS_VALUE_ARRAY, error);
  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
cs_handlers_get_date (JsonObject  *inputs,
                      const char  *name,
                      gboolean     required,
                      GDate       *out,
                      gboolean    *present,
                      GError     **error)
{
  const char *text;

  *present = FALSE;
  if (!cs_handlers_get_string (inputs, name, required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!cs_handlers_parse_date (text, out))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input %s: “%s” is not a date (YYYY-MM-DD)"), name, text);
      return FALSE;
    }
  *present = TRUE;
  return TRUE;
}

gboolean
cs_handlers_string_array_element (JsonArray   *array,
                                  guint        index,
                                  const char  *name,
                                  const char **out,
                                  GError     **error)
{
  JsonNode *element = json_array_get_element (array, index);

  if (!cs_value_type_check (CS_VALUE_STRING, element))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input %s: element %u is not a string"), name, index);
      return FALSE;
    }
  *out = json_node_get_string (element);
  return TRUE;
}

/* record.seal */

static gboolean
record_seal (CsHandlerContext  *ctx,
             JsonObject        *inputs,
             JsonObject        *outputs,
             GError           **error)
{
  JsonNode *record;
  const char *previous;
  g_autofree char *digest = NULL;
  g_autofree char *sealed_at = NULL;

  if (!cs_handlers_get_member (inputs, "record", TRUE, &record, error) ||
      !cs_handlers_get_string (inputs, "previous_digest", FALSE, &previous, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (record))
    return cs_handlers_type_error ("record", CS_VALUE_OBJECT, error);
  if (previous != NULL &&
      (strlen (previous) != 64 || !g_regex_match_simple ("^[0-9a-f]+$", previous, 0, 0)))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input previous_digest: not a SHA-256 digest in lower-case hex"));
      return FALSE;
    }

  digest = cs_record_digest (json_node_get_object (record), previous);
  sealed_at = cs_handlers_format_now (ctx);

  json_object_set_string_member (outputs, "record_digest", digest);
  json_object_set_string_member (outputs, "sealed_at", sealed_at);
  json_object_set_string_member (outputs, "digest_algorithm", "sha256");
  return TRUE;
}

/* The built-in table */

static const ParamSpec record_seal_in[] = {
  IN_FROM ("record", OBJECT, TRUE, "$", N_("What to seal: the whole instance data")),
  IN ("previous_digest", STRING, FALSE, "^[0-9a-f]{64}$", N_("Digest of the previous record in the chain")),
  END
};
static const ParamSpec record_seal_out[] = {
  OUT ("record_digest", STRING, N_("SHA-256 chaining the record to the previous one")),
  OUT ("sealed_at", DATE, N_("When the record was sealed")),
  OUT ("digest_algorithm", STRING, N_("Always sha256")),
  END
};

static const BuiltinSpec builtins[] = {
  { "record.seal", record_seal,
    N_("Computes a SHA-256 digest of the instance data, chained to the previous record"),
    record_seal_in, record_seal_out },
};

void
cs_handlers_register_common (CsHandlerRegistry *registry)
{
  cs_handlers_register_builtins (registry, builtins, G_N_ELEMENTS (builtins));
}
