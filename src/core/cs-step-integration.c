/* cs-step-integration.c: the HTTP call an integration step makes
 *
 * The integration configuration of a CsStep: method, URL, header and body
 * templates (kept as typed, and parsed) and their rendering with the right
 * escaping; timeout, retries and backoff; the expected-status patterns
 * ("200", "2xx", "201-204"); the circuit breaker; and the response mapping
 * that copies values of the JSON response into the instance data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-step-private.h"

/* Expected statuses */

static gboolean
parse_status_pattern (const char *pattern,
                      guint      *low,
                      guint      *high)
{
  guint64 a, b;
  const char *dash;

  if (pattern == NULL)
    return FALSE;

  if (strlen (pattern) == 3 && pattern[0] >= '1' && pattern[0] <= '5' &&
      g_ascii_tolower (pattern[1]) == 'x' && g_ascii_tolower (pattern[2]) == 'x')
    {
      *low = (pattern[0] - '0') * 100;
      *high = *low + 99;
      return TRUE;
    }

  dash = strchr (pattern, '-');
  if (dash == NULL)
    {
      if (strlen (pattern) != 3 || !g_ascii_string_to_unsigned (pattern, 10, 100, 599, &a, NULL))
        return FALSE;
      *low = *high = a;
      return TRUE;
    }

  {
    g_autofree char *first = g_strndup (pattern, dash - pattern);

    if (strlen (first) != 3 || strlen (dash + 1) != 3 ||
        !g_ascii_string_to_unsigned (first, 10, 100, 599, &a, NULL) ||
        !g_ascii_string_to_unsigned (dash + 1, 10, 100, 599, &b, NULL) ||
        a > b)
      return FALSE;
  }
  *low = a;
  *high = b;
  return TRUE;
}

gboolean
cs_status_pattern_is_valid (const char *pattern)
{
  guint low, high;

  return parse_status_pattern (pattern, &low, &high);
}

gboolean
cs_status_pattern_matches (const char *pattern,
                           guint       status)
{
  guint low, high;

  return parse_status_pattern (pattern, &low, &high) && status >= low && status <= high;
}

gboolean
cs_http_method_is_valid (const char *method)
{
  static const char * const methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD" };

  if (method == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (g_str_equal (method, methods[i]))
      return TRUE;
  return FALSE;
}

/* Integration */

const char *
cs_step_get_method (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return step->method;
}

void
cs_step_set_method (CsStep     *step,
                    const char *method)
{
  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (method != NULL);

  if (cs_step_replace_string (&step->method, method))
    cs_step_emit_changed (step);
}

const char *
cs_step_get_url_source (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return step->url.source;
}

CsTemplate *
cs_step_get_url_template (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return step->url.tmpl;
}

const GError *
cs_step_get_url_error (CsStep *step,
                       gsize  *error_offset)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);

  if (error_offset != NULL)
    *error_offset = step->url.error_offset;
  return step->url.error;
}

void
cs_step_set_url (CsStep     *step,
                 const char *url_template)
{
  g_return_if_fail (CS_IS_STEP (step));

  if (url_template != NULL && *url_template == '\0')
    url_template = NULL;
  if (cs_step_template_field_set (&step->url, url_template))
    cs_step_emit_changed (step);
}

guint
cs_step_get_n_headers (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), 0);
  return step->headers->len;
}

static Header *
get_header (CsStep *step,
            guint   index)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  g_return_val_if_fail (index < step->headers->len, NULL);
  return g_ptr_array_index (step->headers, index);
}

const char *
cs_step_get_header_name (CsStep *step,
                         guint   index)
{
  Header *header = get_header (step, index);
  return header ? header->name : NULL;
}

const char *
cs_step_get_header_source (CsStep *step,
                           guint   index)
{
  Header *header = get_header (step, index);
  return header ? header->value.source : NULL;
}

CsTemplate *
cs_step_get_header_template (CsStep *step,
                             guint   index)
{
  Header *header = get_header (step, index);
  return header ? header->value.tmpl : NULL;
}

const GError *
cs_step_get_header_error (CsStep *step,
                          guint   index,
                          gsize  *error_offset)
{
  Header *header = get_header (step, index);

  if (header == NULL)
    return NULL;
  if (error_offset != NULL)
    *error_offset = header->value.error_offset;
  return header->value.error;
}

static int
find_header (CsStep     *step,
             const char *name)
{
  for (guint i = 0; i < step->headers->len; i++)
    if (g_ascii_strcasecmp (((Header *) g_ptr_array_index (step->headers, i))->name, name) == 0)
      return i;
  return -1;
}

void
cs_step_set_header (CsStep     *step,
                    const char *name,
                    const char *value_template)
{
  Header *header;
  int index;

  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (name != NULL);
  g_return_if_fail (value_template != NULL);

  index = find_header (step, name);
  if (index >= 0)
    {
      header = g_ptr_array_index (step->headers, index);
      if (g_str_equal (header->name, name) && g_strcmp0 (header->value.source, value_template) == 0)
        return;
      g_free (header->name);
      header->name = g_strdup (name);
    }
  else
    {
      header = g_new0 (Header, 1);
      header->name = g_strdup (name);
      g_ptr_array_add (step->headers, header);
    }
  cs_step_template_field_set (&header->value, value_template);
  cs_step_emit_changed (step);
}

gboolean
cs_step_remove_header (CsStep     *step,
                       const char *name)
{
  int index;

  g_return_val_if_fail (CS_IS_STEP (step), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  index = find_header (step, name);
  if (index < 0)
    return FALSE;
  g_ptr_array_remove_index (step->headers, index);
  cs_step_emit_changed (step);
  return TRUE;
}

const char *
cs_step_get_body_source (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return step->body.source;
}

CsTemplate *
cs_step_get_body_template (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return step->body.tmpl;
}

const GError *
cs_step_get_body_error (CsStep *step,
                        gsize  *error_offset)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);

  if (error_offset != NULL)
    *error_offset = step->body.error_offset;
  return step->body.error;
}

void
cs_step_set_body (CsStep     *step,
                  const char *body_template)
{
  g_return_if_fail (CS_IS_STEP (step));

  if (body_template != NULL && *body_template == '\0')
    body_template = NULL;
  if (cs_step_template_field_set (&step->body, body_template))
    cs_step_emit_changed (step);
}

static void
set_uint (CsStep *self,
          guint  *field,
          guint   value)
{
  if (*field == value)
    return;
  *field = value;
  cs_step_emit_changed (self);
}

guint
cs_step_get_timeout_ms (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), 0);
  return step->timeout_ms;
}

void
cs_step_set_timeout_ms (CsStep *step,
                        guint   timeout_ms)
{
  g_return_if_fail (CS_IS_STEP (step));
  set_uint (step, &step->timeout_ms, timeout_ms);
}

guint
cs_step_get_max_attempts (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), 0);
  return step->max_attempts;
}

void
cs_step_set_max_attempts (CsStep *step,
                          guint   attempts)
{
  g_return_if_fail (CS_IS_STEP (step));
  set_uint (step, &step->max_attempts, attempts);
}

guint
cs_step_get_backoff_base_ms (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), 0);
  return step->backoff_base_ms;
}

guint
cs_step_get_backoff_max_ms (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), 0);
  return step->backoff_max_ms;
}

void
cs_step_set_backoff (CsStep *step,
                     guint   base_ms,
                     guint   max_ms)
{
  g_return_if_fail (CS_IS_STEP (step));

  if (step->backoff_base_ms == base_ms && step->backoff_max_ms == max_ms)
    return;
  step->backoff_base_ms = base_ms;
  step->backoff_max_ms = max_ms;
  cs_step_emit_changed (step);
}

CsBackoff
cs_step_get_backoff (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), CS_BACKOFF_INIT (0, 0));
  return CS_BACKOFF_INIT (step->backoff_base_ms, step->backoff_max_ms);
}

const char * const *
cs_step_get_expected_statuses (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return (const char * const *) step->expected_statuses;
}

void
cs_step_set_expected_statuses (CsStep             *step,
                               const char * const *patterns)
{
  static const char * const none[] = { NULL };

  g_return_if_fail (CS_IS_STEP (step));

  if (patterns == NULL)
    patterns = none;
  if (g_strv_equal (patterns, (const char * const *) step->expected_statuses))
    return;
  g_strfreev (step->expected_statuses);
  step->expected_statuses = g_strdupv ((char **) patterns);
  cs_step_emit_changed (step);
}

gboolean
cs_step_is_status_expected (CsStep *step,
                            guint   status)
{
  g_return_val_if_fail (CS_IS_STEP (step), FALSE);

  for (guint i = 0; step->expected_statuses[i] != NULL; i++)
    if (cs_status_pattern_matches (step->expected_statuses[i], status))
      return TRUE;
  return FALSE;
}

guint
cs_step_get_breaker_threshold (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), 0);
  return step->breaker_threshold;
}

guint
cs_step_get_breaker_reset_seconds (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), 0);
  return step->breaker_reset_seconds;
}

void
cs_step_set_breaker (CsStep *step,
                     guint   threshold,
                     guint   reset_seconds)
{
  g_return_if_fail (CS_IS_STEP (step));

  if (step->breaker_threshold == threshold && step->breaker_reset_seconds == reset_seconds)
    return;
  step->breaker_threshold = threshold;
  step->breaker_reset_seconds = reset_seconds;
  cs_step_emit_changed (step);
}

guint
cs_step_get_n_response_mappings (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), 0);
  return step->mappings->len;
}

const char *
cs_step_get_response_mapping_key (CsStep *step,
                                  guint   index)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  g_return_val_if_fail (index < step->mappings->len, NULL);
  return ((Mapping *) g_ptr_array_index (step->mappings, index))->key;
}

const char *
cs_step_get_response_mapping_path (CsStep *step,
                                   guint   index)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  g_return_val_if_fail (index < step->mappings->len, NULL);
  return ((Mapping *) g_ptr_array_index (step->mappings, index))->path;
}

static int
find_mapping (CsStep     *step,
              const char *key)
{
  for (guint i = 0; i < step->mappings->len; i++)
    if (g_str_equal (((Mapping *) g_ptr_array_index (step->mappings, i))->key, key))
      return i;
  return -1;
}

void
cs_step_set_response_mapping (CsStep     *step,
                              const char *key,
                              const char *path)
{
  Mapping *mapping;
  int index;

  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (key != NULL);
  g_return_if_fail (path != NULL);

  index = find_mapping (step, key);
  if (index >= 0)
    {
      mapping = g_ptr_array_index (step->mappings, index);
      if (!cs_step_replace_string (&mapping->path, path))
        return;
    }
  else
    {
      mapping = g_new0 (Mapping, 1);
      mapping->key = g_strdup (key);
      mapping->path = g_strdup (path);
      g_ptr_array_add (step->mappings, mapping);
    }
  cs_step_emit_changed (step);
}

gboolean
cs_step_remove_response_mapping (CsStep     *step,
                                 const char *key)
{
  int index;

  g_return_val_if_fail (CS_IS_STEP (step), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  index = find_mapping (step, key);
  if (index < 0)
    return FALSE;
  g_ptr_array_remove_index (step->mappings, index);
  cs_step_emit_changed (step);
  return TRUE;
}

gboolean
cs_step_apply_response_mapping (CsStep      *step,
                                JsonNode    *response,
                                JsonObject  *instance_data,
                                GError     **error)
{
  g_return_val_if_fail (CS_IS_STEP (step), FALSE);
  g_return_val_if_fail (instance_data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < step->mappings->len; i++)
    {
      const Mapping *mapping = g_ptr_array_index (step->mappings, i);
      JsonNode *value = cs_data_path_lookup (response, mapping->path);

      if (value == NULL)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND,
                       _("Step “%s”: the response has no %s (wanted for %s)"),
                       step->id, mapping->path, mapping->key);
          return FALSE;
        }
      json_object_set_member (instance_data, mapping->key, cs_json_node_deep_copy (value));
    }
  return TRUE;
}

static char *
escape_url_value (const char *value)
{
  return g_uri_escape_string (value,
                              G_URI_RESERVED_CHARS_GENERIC_DELIMITERS
                              G_URI_RESERVED_CHARS_SUBCOMPONENT_DELIMITERS,
                              FALSE);
}

static char *
escape_json_value (const char *value)
{
  GString *out = g_string_sized_new (strlen (value) + 8);

  for (const char *p = value; *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

static gboolean
require_template (CsStep               *step,
                  const TemplateField  *field,
                  const char           *what,
                  GError              **error)
{
  if (field->tmpl != NULL)
    return TRUE;
  if (field->error != NULL)
    g_set_error (error, CS_ERROR, CS_ERROR_PARSE, _("Step “%s”: the %s template is invalid: %s"),
                 step->id, what, field->error->message);
  else
    g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT, _("Step “%s” has no %s template"),
                 step->id, what);
  return FALSE;
}

char *
cs_step_render_url (CsStep    *step,
                    JsonNode  *data,
                    GError   **error)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);

  if (!require_template (step, &step->url, "URL", error))
    return NULL;
  return cs_template_render (step->url.tmpl, data, escape_url_value, error);
}

char *
cs_step_render_body (CsStep    *step,
                     JsonNode  *data,
                     GError   **error)
{
  gboolean json = FALSE;
  int index;

  g_return_val_if_fail (CS_IS_STEP (step), NULL);

  if (step->body.source == NULL)
    return NULL;
  if (!require_template (step, &step->body, "body", error))
    return NULL;

  index = find_header (step, "Content-Type");
  if (index >= 0)
    {
      const Header *header = g_ptr_array_index (step->headers, index);
      g_autofree char *lower = g_ascii_strdown (header->value.source, -1);

      json = strstr (lower, "json") != NULL;
    }
  return cs_template_render (step->body.tmpl, data, json ? escape_json_value : NULL, error);
}
