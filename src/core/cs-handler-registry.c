/* cs-handler-registry.c: the named C functions that Action steps run
 *
 * The built-in handlers are what the example workflows need. They are pure
 * functions of their inputs, the context's time and its instance id: no
 * database, no network. Rules a citizen can break (a malformed document
 * number, a missing document) are reported as outputs so that a workflow can
 * route on them; only inputs the engine should never have passed (wrong
 * types, impossible values) fail with an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-handler-registry.h"

struct _CsHandler
{
  gatomicrefcount  ref_count;
  char            *name;
  char            *description;
  CsHandlerFunc    func;
  GPtrArray       *inputs;
  GPtrArray       *outputs;
};

struct _CsHandlerRegistry
{
  GObject     parent_instance;

  GMutex      mutex;
  GHashTable *handlers;   /* name → CsHandler */
};

G_DEFINE_BOXED_TYPE (CsHandler, cs_handler, cs_handler_ref, cs_handler_unref)
G_DEFINE_TYPE (CsHandlerRegistry, cs_handler_registry, G_TYPE_OBJECT)

/* Context */

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

guint64
cs_handler_seed_for (const char *instance_id,
                     const char *step_id,
                     guint       attempt)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  char attempt_text[16];
  guint64 seed = 0;

  g_snprintf (attempt_text, sizeof attempt_text, "%u", attempt);
  g_checksum_update (checksum, (const guchar *) (instance_id ? instance_id : ""), -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) (step_id ? step_id : ""), -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) attempt_text, -1);
  g_checksum_get_digest (checksum, digest, &len);

  for (guint i = 0; i < 8; i++)
    seed = (seed << 8) | digest[i];
  return seed;
}

guint64
cs_handler_context_random (CsHandlerContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, 0);
  return splitmix64 (&ctx->seed);
}

double
cs_handler_context_random_double (CsHandlerContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, 0.0);
  /* The top 53 bits fill a double's mantissa exactly. */
  return (cs_handler_context_random (ctx) >> 11) * (1.0 / 9007199254740992.0);
}

/* CsHandler */

static GPtrArray *
copy_params (GPtrArray *params)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_step_param_unref);

  for (guint i = 0; params != NULL && i < params->len; i++)
    g_ptr_array_add (copy, cs_step_param_ref (g_ptr_array_index (params, i)));
  return copy;
}

CsHandler *
cs_handler_new (const char    *name,
                CsHandlerFunc  func,
                const char    *description,
                GPtrArray     *inputs,
                GPtrArray     *outputs)
{
  CsHandler *handler;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (func != NULL, NULL);

  handler = g_new0 (CsHandler, 1);
  g_atomic_ref_count_init (&handler->ref_count);
  handler->name = g_strdup (name);
  handler->description = g_strdup (description ? description : "");
  handler->func = func;
  handler->inputs = copy_params (inputs);
  handler->outputs = copy_params (outputs);
  return handler;
}

CsHandler *
cs_handler_ref (CsHandler *handler)
{
  g_return_val_if_fail (handler != NULL, NULL);

  g_atomic_ref_count_inc (&handler->ref_count);
  return handler;
}

void
cs_handler_unref (CsHandler *handler)
{
  g_return_if_fail (handler != NULL);

  if (!g_atomic_ref_count_dec (&handler->ref_count))
    return;
  g_free (handler->name);
  g_free (handler->description);
  g_ptr_array_unref (handler->inputs);
  g_ptr_array_unref (handler->outputs);
  g_free (handler);
}

const char *
cs_handler_get_name (CsHandler *handler)
{
  g_return_val_if_fail (handler != NULL, NULL);
  return handler->name;
}

const char *
cs_handler_get_description (CsHandler *handler)
{
  g_return_val_if_fail (handler != NULL, NULL);
  return handler->description;
}

CsHandlerFunc
cs_handler_get_func (CsHandler *handler)
{
  g_return_val_if_fail (handler != NULL, NULL);
  return handler->func;
}

GPtrArray *
cs_handler_get_inputs (CsHandler *handler)
{
  g_return_val_if_fail (handler != NULL, NULL);
  return handler->inputs;
}

GPtrArray *
cs_handler_get_outputs (CsHandler *handler)
{
  g_return_val_if_fail (handler != NULL, NULL);
  return handler->outputs;
}

gboolean
cs_handler_invoke (CsHandler         *handler,
                   CsHandlerContext  *ctx,
                   JsonObject        *inputs,
                   JsonObject        *outputs,
                   GError           **error)
{
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (handler != NULL, FALSE);
  g_return_val_if_fail (ctx != NULL && ctx->now != NULL, FALSE);
  g_return_val_if_fail (inputs != NULL, FALSE);
  g_return_val_if_fail (outputs != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ok = handler->func (ctx, inputs, outputs, &local_error);
  if (ok && local_error != NULL)
    {
      g_clear_error (&local_error);
      ok = FALSE;
    }
  if (!ok && local_error == NULL)
    local_error = g_error_new (CS_ERROR, CS_ERROR_FAILED,
                               _("Handler %s failed without saying why"), handler->name);
  if (!ok)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Registry */

static void
cs_handler_registry_finalize (GObject *object)
{
  CsHandlerRegistry *self = (CsHandlerRegistry *) object;

  g_clear_pointer (&self->handlers, g_hash_table_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (cs_handler_registry_parent_class)->finalize (object);
}

static void
cs_handler_registry_class_init (CsHandlerRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_handler_registry_finalize;
}

static void
cs_handler_registry_init (CsHandlerRegistry *self)
{
  g_mutex_init (&self->mutex);
  self->handlers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) cs_handler_unref);
}

CsHandlerRegistry *
cs_handler_registry_new (void)
{
  return g_object_new (CS_TYPE_HANDLER_REGISTRY, NULL);
}

CsHandlerRegistry *
cs_handler_registry_get_default (void)
{
  static CsHandlerRegistry *default_registry;

  if (g_once_init_enter (&default_registry))
    {
      CsHandlerRegistry *registry = cs_handler_registry_new ();

      cs_handler_registry_add_builtins (registry);
      g_once_init_leave (&default_registry, registry);
    }
  return default_registry;
}

void
cs_handler_registry_register (CsHandlerRegistry *registry,
                              CsHandler         *handler)
{
  g_return_if_fail (CS_IS_HANDLER_REGISTRY (registry));
  g_return_if_fail (handler != NULL);

  g_mutex_lock (&registry->mutex);
  /* The key is the handler's own name, so it must be replaced along with it. */
  g_hash_table_remove (registry->handlers, handler->name);
  g_hash_table_insert (registry->handlers, handler->name, cs_handler_ref (handler));
  g_mutex_unlock (&registry->mutex);
}

void
cs_handler_registry_register_func (CsHandlerRegistry *registry,
                                   const char        *name,
                                   CsHandlerFunc      func,
                                   const char        *description,
                                   GPtrArray         *inputs,
                                   GPtrArray         *outputs)
{
  g_autoptr(CsHandler) handler = NULL;

  g_return_if_fail (CS_IS_HANDLER_REGISTRY (registry));

  handler = cs_handler_new (name, func, description, inputs, outputs);
  if (handler != NULL)
    cs_handler_registry_register (registry, handler);
}

gboolean
cs_handler_registry_unregister (CsHandlerRegistry *registry,
                                const char        *name)
{
  gboolean removed;

  g_return_val_if_fail (CS_IS_HANDLER_REGISTRY (registry), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  g_mutex_lock (&registry->mutex);
  removed = g_hash_table_remove (registry->handlers, name);
  g_mutex_unlock (&registry->mutex);
  return removed;
}

CsHandler *
cs_handler_registry_lookup (CsHandlerRegistry *registry,
                            const char        *name)
{
  CsHandler *handler;

  g_return_val_if_fail (CS_IS_HANDLER_REGISTRY (registry), NULL);

  if (name == NULL)
    return NULL;
  g_mutex_lock (&registry->mutex);
  handler = g_hash_table_lookup (registry->handlers, name);
  if (handler != NULL)
    cs_handler_ref (handler);
  g_mutex_unlock (&registry->mutex);
  return handler;
}

gboolean
cs_handler_registry_contains (CsHandlerRegistry *registry,
                              const char        *name)
{
  g_autoptr(CsHandler) handler = NULL;

  g_return_val_if_fail (CS_IS_HANDLER_REGISTRY (registry), FALSE);

  handler = cs_handler_registry_lookup (registry, name);
  return handler != NULL;
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

char **
cs_handler_registry_list_names (CsHandlerRegistry *registry)
{
  g_autofree const char **keys = NULL;
  char **names;
  guint n;

  g_return_val_if_fail (CS_IS_HANDLER_REGISTRY (registry), NULL);

  g_mutex_lock (&registry->mutex);
  keys = (const char **) g_hash_table_get_keys_as_array (registry->handlers, &n);
  names = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    names[i] = g_strdup (keys[i]);
  g_mutex_unlock (&registry->mutex);

  qsort (names, n, sizeof (char *), compare_names);
  return names;
}

gboolean
cs_handler_registry_invoke (CsHandlerRegistry  *registry,
                            const char         *name,
                            CsHandlerContext   *ctx,
                            JsonObject         *inputs,
                            JsonObject         *outputs,
                            GError            **error)
{
  g_autoptr(CsHandler) handler = NULL;

  g_return_val_if_fail (CS_IS_HANDLER_REGISTRY (registry), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  handler = cs_handler_registry_lookup (registry, name);
  if (handler == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND, _("Unknown action handler “%s”"), name);
      return FALSE;
    }
  return cs_handler_invoke (handler, ctx, inputs, outputs, error);
}

/* Shared helpers */

static char *
sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static char *
normalize_id_number (const char *id_number)
{
  GString *out = g_string_new (NULL);

  for (const char *p = id_number; *p; p++)
    if (*p != ' ' && *p != '-')
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

char *
cs_identity_hash (const char *document_type,
                  const char *id_number)
{
  g_autofree char *number = NULL;
  g_autofree char *document = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (document_type != NULL, NULL);
  g_return_val_if_fail (id_number != NULL, NULL);

  number = normalize_id_number (id_number);
  document = g_ascii_strdown (document_type, -1);
  text = g_strconcat ("civicstream-identity-v1\n", document, "\n", number, NULL);
  return sha256_hex (text);
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
  digest = sha256_hex (text->str);
  g_string_free (text, TRUE);
  return digest;
}

static const char licence_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

static char
licence_check_char (const char *body)
{
  guint sum = 0;
  guint position = 0;

  for (const char *p = body; *p; p++)
    {
      const char *at;

      if (*p == '-')
        continue;
      at = strchr (licence_alphabet, *p);
      g_assert (at != NULL);
      sum += ++position * (guint) (at - licence_alphabet);
    }
  return licence_alphabet[sum % 36];
}

gboolean
cs_licence_number_is_valid (const char *number)
{
  g_autofree char *body = NULL;
  gsize len;

  if (number == NULL ||
      !g_regex_match_simple ("^[A-Z]{2,4}-[0-9]{4}-[0-9A-F]{8}-[0-9A-Z]$", number, 0, 0))
    return FALSE;
  len = strlen (number);
  body = g_strndup (number, len - 2);
  return licence_check_char (body) == number[len - 1];
}

static char *
hex_upper_prefix (const char *text,
                  guint       n)
{
  g_autofree char *hex = sha256_hex (text);

  hex[n] = '\0';
  return g_ascii_strup (hex, -1);
}

static void
today (CsHandlerContext *ctx,
       GDate            *date)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (ctx->now);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (utc), g_date_time_get_month (utc),
                  g_date_time_get_year (utc));
}

static gboolean
parse_date (const char *text,
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

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static char *
format_now (CsHandlerContext *ctx)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (ctx->now);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static gboolean
email_is_valid (const char *email)
{
  return g_regex_match_simple ("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$", email, 0, 0);
}

static void
add_string (JsonArray  *array,
            const char *text)
{
  json_array_add_string_element (array, text);
}

static void add_printf (JsonArray  *array,
                        const char *format,
                        ...) G_GNUC_PRINTF (2, 3);

static void
add_printf (JsonArray  *array,
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

static gboolean
get_member (JsonObject  *inputs,
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

static gboolean
type_error (const char  *name,
            CsValueType  expected,
            GError     **error)
{
  g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
               _("Invalid input %s: expected %s"), name, cs_value_type_to_string (expected));
  return FALSE;
}

static gboolean
get_string (JsonObject  *inputs,
            const char  *name,
            gboolean     required,
            const char **out,
            GError     **error)
{
  JsonNode *node;

  *out = NULL;
  if (!get_member (inputs, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!cs_value_type_check (CS_VALUE_STRING, node))
    return type_error (name, CS_VALUE_STRING, error);
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_int (JsonObject  *inputs,
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
  if (!get_member (inputs, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!cs_value_type_check (CS_VALUE_INTEGER, node))
    return type_error (name, CS_VALUE_INTEGER, error);
  *out = json_node_get_value_type (node) == G_TYPE_DOUBLE
         ? (gint64) json_node_get_double (node) : json_node_get_int (node);
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

static gboolean
get_bool (JsonObject  *inputs,
          const char  *name,
          gboolean     fallback,
          gboolean    *out,
          GError     **error)
{
  JsonNode *node;

  *out = fallback;
  if (!get_member (inputs, name, FALSE, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!cs_value_type_check (CS_VALUE_BOOLEAN, node))
    return type_error (name, CS_VALUE_BOOLEAN, error);
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_array (JsonObject  *inputs,
           const char  *name,
           gboolean     required,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node;

  *out = NULL;
  if (!get_member (inputs, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return type_error (name, CS_VALUE_ARRAY, error);
  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
get_date (JsonObject  *inputs,
          const char  *name,
          gboolean     required,
          GDate       *out,
          gboolean    *present,
          GError     **error)
{
  const char *text;

  *present = FALSE;
  if (!get_string (inputs, name, required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!parse_date (text, out))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input %s: “%s” is not a date (YYYY-MM-DD)"), name, text);
      return FALSE;
    }
  *present = TRUE;
  return TRUE;
}

static gboolean
string_array_element (JsonArray   *array,
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

/* identity.verify */

typedef struct
{
  const char *document;
  const char *pattern;
  const char *method;
  double      confidence;
} DocumentRule;

static const DocumentRule document_rules[] = {
  { "passport", "^(?=.*[0-9])[A-Z0-9]{6,9}$", "document_scan", 0.95 },
  { "national_id", "^[0-9]{9,11}$", "registry_checksum", 0.98 },
  { "drivers_licence", "^[A-Z]{1,2}[0-9]{5,8}$", "document_scan", 0.90 },
  { "birth_certificate", "^[0-9]{8,12}$", "civil_registry", 0.85 },
};

static gboolean
luhn_is_valid (const char *digits)
{
  gsize len = strlen (digits);
  guint sum = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint d = digits[len - 1 - i] - '0';

      if (i % 2 == 1)
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
  return sum % 10 == 0;
}

static gboolean
name_is_plausible (const char *name)
{
  gboolean letters = FALSE;

  if (!g_utf8_validate (name, -1, NULL))
    return FALSE;
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalpha (c))
        letters = TRUE;
      else if (c != ' ' && c != '-' && c != '\'' && c != 0x2019 && c != '.')
        return FALSE;
    }
  return letters;
}

static gboolean
identity_verify (CsHandlerContext  *ctx,
                 JsonObject        *inputs,
                 JsonObject        *outputs,
                 GError           **error)
{
  const char *first_name, *last_name, *id_number, *document;
  const DocumentRule *rule = NULL;
  g_autofree char *number = NULL;
  const char *failure = NULL;
  GDate birth, now;
  gboolean has_birth;

  if (!get_string (inputs, "first_name", TRUE, &first_name, error) ||
      !get_string (inputs, "last_name", TRUE, &last_name, error) ||
      !get_string (inputs, "id_number", TRUE, &id_number, error) ||
      !get_string (inputs, "id_document", TRUE, &document, error) ||
      !get_date (inputs, "date_of_birth", FALSE, &birth, &has_birth, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (document_rules); i++)
    if (g_str_equal (document, document_rules[i].document))
      rule = &document_rules[i];
  if (rule == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Unsupported identity document type “%s”"), document);
      return FALSE;
    }

  number = normalize_id_number (id_number);
  today (ctx, &now);

  if (!name_is_plausible (first_name) || !name_is_plausible (last_name))
    failure = _("the name contains characters that are not allowed");
  else if (!g_regex_match_simple (rule->pattern, number, 0, 0))
    failure = _("the document number does not have the format of this document type");
  else if (g_str_equal (rule->document, "national_id") && !luhn_is_valid (number))
    failure = _("the check digit of the national identity number is wrong");
  else if (has_birth && g_date_compare (&birth, &now) > 0)
    failure = _("the date of birth is in the future");
  else if (has_birth && g_date_get_year (&now) - g_date_get_year (&birth) > 130)
    failure = _("the date of birth is implausibly long ago");
  else if (g_str_equal (rule->document, "birth_certificate"))
    {
      guint year = (number[0] - '0') * 1000 + (number[1] - '0') * 100 +
                   (number[2] - '0') * 10 + (number[3] - '0');

      /* Birth certificate numbers start with the year of registration. */
      if (year < 1880 || year > g_date_get_year (&now))
        failure = _("the birth certificate number does not start with a valid year");
      else if (has_birth && year < g_date_get_year (&birth))
        failure = _("the birth certificate was registered before the date of birth");
    }

  json_object_set_boolean_member (outputs, "identity_verified", failure == NULL);
  json_object_set_string_member (outputs, "verification_method", rule->method);
  json_object_set_double_member (outputs, "confidence_score", failure == NULL ? rule->confidence : 0.0);
  if (failure != NULL)
    json_object_set_string_member (outputs, "verification_failure", failure);
  if (has_birth && failure == NULL)
    {
      int age = g_date_get_year (&now) - g_date_get_year (&birth);

      if (g_date_get_month (&now) < g_date_get_month (&birth) ||
          (g_date_get_month (&now) == g_date_get_month (&birth) &&
           g_date_get_day (&now) < g_date_get_day (&birth)))
        age--;
      json_object_set_int_member (outputs, "age", age);
    }
  return TRUE;
}

/* identity.check_duplicate */

static gboolean
identity_check_duplicate (CsHandlerContext  *ctx,
                          JsonObject        *inputs,
                          JsonObject        *outputs,
                          GError           **error)
{
  const char *id_number, *document;
  JsonArray *known;
  g_autofree char *hash = NULL;
  gboolean duplicate = FALSE;

  if (!get_string (inputs, "id_number", TRUE, &id_number, error) ||
      !get_string (inputs, "id_document", TRUE, &document, error) ||
      !get_array (inputs, "known_identity_hashes", FALSE, &known, error))
    return FALSE;

  hash = cs_identity_hash (document, id_number);
  for (guint i = 0; known != NULL && i < json_array_get_length (known); i++)
    {
      const char *candidate;

      if (!string_array_element (known, i, "known_identity_hashes", &candidate, error))
        return FALSE;
      if (g_ascii_strcasecmp (candidate, hash) == 0)
        duplicate = TRUE;
    }

  json_object_set_string_member (outputs, "identity_hash", hash);
  json_object_set_boolean_member (outputs, "is_duplicate", duplicate);
  return TRUE;
}

/* data.validate_application */

static const char * const business_types[] = {
  "retail", "restaurant", "manufacturing", "professional_services",
  "home_based", "construction", "other",
};

static gboolean
is_business_type (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (business_types); i++)
    if (g_str_equal (type, business_types[i]))
      return TRUE;
  return FALSE;
}

static gboolean
phone_is_valid (const char *phone)
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

static gboolean
data_validate_application (CsHandlerContext  *ctx,
                           JsonObject        *inputs,
                           JsonObject        *outputs,
                           GError           **error)
{
  const char *business_name, *business_type, *owner_name, *email, *phone, *address;
  gint64 employees;
  gboolean has_employees;
  g_autoptr(JsonArray) problems = json_array_new ();
  g_autofree char *seed = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *trimmed_address = NULL;
  g_autofree char *full_reference = NULL;

  /* Missing fields are the applicant's mistake, reported like any other. */
  if (!get_string (inputs, "business_name", FALSE, &business_name, error) ||
      !get_string (inputs, "business_type", FALSE, &business_type, error) ||
      !get_string (inputs, "owner_name", FALSE, &owner_name, error) ||
      !get_string (inputs, "email", FALSE, &email, error) ||
      !get_string (inputs, "phone", FALSE, &phone, error) ||
      !get_string (inputs, "address", FALSE, &address, error) ||
      !get_int (inputs, "employees", FALSE, 0, &employees, &has_employees, error))
    return FALSE;

  if (business_name == NULL || is_blank (business_name))
    add_string (problems, _("The business name is missing"));
  else if (g_utf8_strlen (business_name, -1) > 200)
    add_string (problems, _("The business name is longer than 200 characters"));
  if (business_type == NULL)
    add_string (problems, _("The business type is missing"));
  else if (!is_business_type (business_type))
    add_string (problems, _("The business type is not one the licensing office knows"));
  if (owner_name == NULL || is_blank (owner_name))
    add_string (problems, _("The owner’s name is missing"));
  if (email == NULL || is_blank (email))
    add_string (problems, _("The email address is missing"));
  else if (!email_is_valid (email))
    add_string (problems, _("The email address is not valid"));
  if (phone != NULL && !phone_is_valid (phone))
    add_string (problems, _("The phone number is not valid"));
  if (address != NULL)
    trimmed_address = g_strstrip (g_strdup (address));
  if (trimmed_address == NULL || g_utf8_strlen (trimmed_address, -1) < 5)
    add_string (problems, _("The business address is missing or incomplete"));
  if (!has_employees)
    add_string (problems, _("The number of employees is missing"));
  else if (employees < 0 || employees > 1000000)
    add_string (problems, _("The number of employees is out of range"));

  seed = g_strconcat (ctx->instance_id ? ctx->instance_id : "", "\n",
                      business_name ? business_name : "", NULL);
  reference = hex_upper_prefix (seed, 10);

  json_object_set_boolean_member (outputs, "application_valid", json_array_get_length (problems) == 0);
  json_object_set_array_member (outputs, "validation_errors", g_steal_pointer (&problems));
  full_reference = g_strconcat ("APP-", reference, NULL);
  json_object_set_string_member (outputs, "application_reference", full_reference);
  return TRUE;
}


/* documents.verify */

static gboolean
sha256_text_is_valid (JsonNode *node)
{
  const char *text;

  if (!cs_value_type_check (CS_VALUE_STRING, node))
    return FALSE;
  text = json_node_get_string (node);
  if (strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
documents_verify (CsHandlerContext  *ctx,
                  JsonObject        *inputs,
                  JsonObject        *outputs,
                  GError           **error)
{
  static const char * const default_required[] = { "identity_document", "proof_of_address" };
  JsonArray *documents, *required;
  g_autoptr(GHashTable) valid_types = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonArray) missing = json_array_new ();
  g_autoptr(JsonArray) expired = json_array_new ();
  g_autoptr(JsonArray) invalid = json_array_new ();
  guint n_required;
  GDate now;

  if (!get_array (inputs, "documents", TRUE, &documents, error) ||
      !get_array (inputs, "required_documents", FALSE, &required, error))
    return FALSE;

  today (ctx, &now);
  for (guint i = 0; i < json_array_get_length (documents); i++)
    {
      JsonNode *element = json_array_get_element (documents, i);
      JsonObject *document;
      JsonNode *type, *expires, *digest;
      const char *type_name;
      GDate expiry;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          add_printf (invalid, _("documents[%u]: not an object"), i);
          continue;
        }
      document = json_node_get_object (element);
      type = json_object_get_member (document, "type");
      if (type == NULL || !cs_value_type_check (CS_VALUE_STRING, type) ||
          is_blank (json_node_get_string (type)))
        {
          add_printf (invalid, _("documents[%u]: has no type"), i);
          continue;
        }
      type_name = json_node_get_string (type);

      expires = json_object_get_member (document, "expires_on");
      if (expires != NULL && !JSON_NODE_HOLDS_NULL (expires))
        {
          if (!cs_value_type_check (CS_VALUE_STRING, expires) ||
              !parse_date (json_node_get_string (expires), &expiry))
            {
              add_printf (invalid, _("documents[%u] (%s): the expiry date is not a date"),
                          i, type_name);
              continue;
            }
          if (g_date_compare (&expiry, &now) < 0)
            {
              json_array_add_string_element (expired, type_name);
              continue;
            }
        }

      digest = json_object_get_member (document, "sha256");
      if (digest != NULL && !JSON_NODE_HOLDS_NULL (digest) && !sha256_text_is_valid (digest))
        {
          add_printf (invalid, _("documents[%u] (%s): the SHA-256 digest is malformed"),
                      i, type_name);
          continue;
        }

      g_hash_table_add (valid_types, (gpointer) type_name);
    }

  n_required = required ? json_array_get_length (required) : G_N_ELEMENTS (default_required);
  for (guint i = 0; i < n_required; i++)
    {
      const char *type_name = default_required[MIN (i, G_N_ELEMENTS (default_required) - 1)];

      if (required != NULL && !string_array_element (required, i, "required_documents", &type_name, error))
        return FALSE;
      if (!g_hash_table_contains (valid_types, type_name))
        json_array_add_string_element (missing, type_name);
    }

  json_object_set_boolean_member (outputs, "documents_verified", json_array_get_length (missing) == 0);
  json_object_set_array_member (outputs, "missing_documents", g_steal_pointer (&missing));
  json_object_set_array_member (outputs, "expired_documents", g_steal_pointer (&expired));
  json_object_set_array_member (outputs, "invalid_documents", g_steal_pointer (&invalid));
  json_object_set_int_member (outputs, "document_count", g_hash_table_size (valid_types));
  return TRUE;
}

/* fee.calculate */

static const struct
{
  const char *business_type;
  gint64      base_cents;
} fee_table[] = {
  { "retail", 15000 },
  { "restaurant", 30000 },
  { "manufacturing", 50000 },
  { "professional_services", 20000 },
  { "home_based", 7500 },
  { "construction", 40000 },
  { "other", 18000 },
};

/* Percentages of whole cents, rounded half up. */
static gint64
percent_of (gint64 amount,
            gint64 percent)
{
  return (amount * percent + 50) / 100;
}

static gboolean
fee_calculate (CsHandlerContext  *ctx,
               JsonObject        *inputs,
               JsonObject        *outputs,
               GError           **error)
{
  const char *business_type, *currency;
  gint64 employees, days_late, base = -1, size_percent;
  gint64 subtotal, discount, late_percent, surcharge, total;
  gboolean renewal;
  g_autoptr(JsonObject) breakdown = json_object_new ();

  if (!get_string (inputs, "business_type", TRUE, &business_type, error) ||
      !get_int (inputs, "employees", TRUE, 0, &employees, NULL, error) ||
      !get_bool (inputs, "is_renewal", FALSE, &renewal, error) ||
      !get_int (inputs, "days_late", FALSE, 0, &days_late, NULL, error) ||
      !get_string (inputs, "currency", FALSE, &currency, error))
    return FALSE;

  if (currency == NULL)
    currency = "EUR";
  if (!g_regex_match_simple ("^[A-Z]{3}$", currency, 0, 0))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input currency: “%s” is not an ISO 4217 code"), currency);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (fee_table); i++)
    if (g_str_equal (business_type, fee_table[i].business_type))
      base = fee_table[i].base_cents;
  if (base < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("No fee is defined for business type “%s”"), business_type);
      return FALSE;
    }
  if (employees < 0 || days_late < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input %s: must not be negative"),
                   employees < 0 ? "employees" : "days_late");
      return FALSE;
    }

  if (employees <= 5)
    size_percent = 100;
  else if (employees <= 20)
    size_percent = 150;
  else if (employees <= 100)
    size_percent = 250;
  else
    size_percent = 400;

  subtotal = percent_of (base, size_percent);
  discount = renewal ? percent_of (subtotal, 20) : 0;
  /* 10% per started month late, at most 50%. */
  late_percent = days_late > 0 ? MIN (50, 10 * ((days_late + 29) / 30)) : 0;
  surcharge = percent_of (subtotal - discount, late_percent);
  total = subtotal - discount + surcharge;

  json_object_set_int_member (breakdown, "base_cents", base);
  json_object_set_double_member (breakdown, "size_multiplier", size_percent / 100.0);
  json_object_set_int_member (breakdown, "subtotal_cents", subtotal);
  json_object_set_int_member (breakdown, "renewal_discount_cents", discount);
  json_object_set_int_member (breakdown, "late_surcharge_percent", late_percent);
  json_object_set_int_member (breakdown, "late_surcharge_cents", surcharge);

  json_object_set_int_member (outputs, "fee_cents", total);
  json_object_set_double_member (outputs, "fee_amount", total / 100.0);
  json_object_set_string_member (outputs, "currency", currency);
  json_object_set_object_member (outputs, "fee_breakdown", g_steal_pointer (&breakdown));
  return TRUE;
}

/* payment.record */

static gboolean
payment_record (CsHandlerContext  *ctx,
                JsonObject        *inputs,
                JsonObject        *outputs,
                GError           **error)
{
  static const char * const settled[] = { "captured", "succeeded", "paid", "completed" };
  const char *reference, *status;
  gint64 fee, paid;
  gboolean status_ok = FALSE;
  g_autofree char *lower = NULL;

  if (!get_int (inputs, "fee_cents", TRUE, 0, &fee, NULL, error) ||
      !get_string (inputs, "payment_reference", TRUE, &reference, error) ||
      !get_string (inputs, "payment_status", TRUE, &status, error) ||
      !get_int (inputs, "paid_cents", TRUE, 0, &paid, NULL, error))
    return FALSE;

  if (fee < 0 || paid < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input %s: must not be negative"), fee < 0 ? "fee_cents" : "paid_cents");
      return FALSE;
    }
  if (is_blank (reference))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input payment_reference: it is blank"));
      return FALSE;
    }

  lower = g_ascii_strdown (status, -1);
  for (guint i = 0; i < G_N_ELEMENTS (settled); i++)
    if (g_str_equal (lower, settled[i]))
      status_ok = TRUE;

  json_object_set_int_member (outputs, "balance_cents", fee - paid);
  if (status_ok && paid >= fee)
    {
      g_autofree char *seed = g_strconcat (ctx->instance_id ? ctx->instance_id : "", "\n",
                                           reference, NULL);
      g_autofree char *hex = hex_upper_prefix (seed, 8);
      g_autoptr(GDateTime) utc = g_date_time_to_utc (ctx->now);
      g_autofree char *day = g_date_time_format (utc, "%Y%m%d");
      g_autofree char *receipt = g_strdup_printf ("RCT-%s-%s", day, hex);

      json_object_set_boolean_member (outputs, "payment_recorded", TRUE);
      json_object_set_string_member (outputs, "receipt_number", receipt);
    }
  else
    {
      g_autofree char *failure = NULL;

      if (!status_ok)
        failure = g_strdup_printf (_("the payment service reported the payment as “%s”"), status);
      else
        failure = g_strdup_printf (_("the payment is %" G_GINT64_FORMAT ".%02d short of the fee"),
                                   (fee - paid) / 100, (int) ((fee - paid) % 100));
      json_object_set_boolean_member (outputs, "payment_recorded", FALSE);
      json_object_set_string_member (outputs, "payment_failure", failure);
    }
  return TRUE;
}

/* licence.generate */

static gboolean
licence_generate (CsHandlerContext  *ctx,
                  JsonObject        *inputs,
                  JsonObject        *outputs,
                  GError           **error)
{
  const char *business_name, *business_type, *prefix;
  gint64 years;
  GDate issued, until;
  g_autofree char *seed = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *body = NULL;
  g_autofree char *number = NULL;
  g_autofree char *issued_text = NULL;
  g_autofree char *until_text = NULL;

  if (!get_string (inputs, "business_name", TRUE, &business_name, error) ||
      !get_string (inputs, "business_type", TRUE, &business_type, error) ||
      !get_string (inputs, "licence_prefix", FALSE, &prefix, error) ||
      !get_int (inputs, "validity_years", FALSE, 1, &years, NULL, error))
    return FALSE;

  if (prefix == NULL)
    prefix = "BL";
  if (!g_regex_match_simple ("^[A-Z]{2,4}$", prefix, 0, 0))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input licence_prefix: “%s” is not 2 to 4 capital letters"), prefix);
      return FALSE;
    }
  if (years < 1 || years > 10)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input validity_years: %" G_GINT64_FORMAT " is not between 1 and 10"),
                   years);
      return FALSE;
    }

  today (ctx, &issued);
  until = issued;
  g_date_add_years (&until, years);

  seed = g_strjoin ("\n", prefix, ctx->instance_id ? ctx->instance_id : "",
                    business_name, business_type, NULL);
  hex = hex_upper_prefix (seed, 8);
  body = g_strdup_printf ("%s-%04u-%s", prefix, g_date_get_year (&issued), hex);
  number = g_strdup_printf ("%s-%c", body, licence_check_char (body));
  issued_text = format_date (&issued);
  until_text = format_date (&until);

  json_object_set_string_member (outputs, "licence_number", number);
  json_object_set_string_member (outputs, "licence_issued_on", issued_text);
  json_object_set_string_member (outputs, "licence_valid_until", until_text);
  return TRUE;
}

/* permit.check_eligibility */

static gboolean
permit_check_eligibility (CsHandlerContext  *ctx,
                          JsonObject        *inputs,
                          JsonObject        *outputs,
                          GError           **error)
{
  const char *number;
  gint64 fines;
  gboolean suspended, has_expiry;
  GDate expiry, now;
  int days;
  g_autoptr(JsonArray) reasons = json_array_new ();

  if (!get_string (inputs, "permit_number", TRUE, &number, error) ||
      !get_date (inputs, "permit_expires_on", TRUE, &expiry, &has_expiry, error) ||
      !get_int (inputs, "outstanding_fines_cents", FALSE, 0, &fines, NULL, error) ||
      !get_bool (inputs, "suspended", FALSE, &suspended, error))
    return FALSE;

  if (fines < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input outstanding_fines_cents: must not be negative"));
      return FALSE;
    }

  today (ctx, &now);
  days = g_date_days_between (&now, &expiry);

  if (!g_regex_match_simple ("^[A-Z]{2,4}-[0-9]{4}-[0-9A-F]{8}(-[0-9A-Z])?$", number, 0, 0))
    add_string (reasons, _("The permit number is not in the expected format"));
  if (suspended)
    add_string (reasons, _("The permit is suspended"));
  if (fines > 0)
    add_printf (reasons, _("Outstanding fines of %" G_GINT64_FORMAT ".%02d must be paid first"),
                fines / 100, (int) (fines % 100));
  if (days > 90)
    add_printf (reasons, _("Renewal opens 90 days before expiry, in %d days"), days - 90);
  if (days < -180)
    add_string (reasons, _("The permit expired more than 180 days ago; apply for a new permit"));

  json_object_set_boolean_member (outputs, "eligible", json_array_get_length (reasons) == 0);
  json_object_set_array_member (outputs, "ineligibility_reasons", g_steal_pointer (&reasons));
  json_object_set_int_member (outputs, "days_until_expiry", days);
  json_object_set_int_member (outputs, "days_late", MAX (0, -days));
  return TRUE;
}

/* permit.compliance_audit */

static gboolean
permit_compliance_audit (CsHandlerContext  *ctx,
                         JsonObject        *inputs,
                         JsonObject        *outputs,
                         GError           **error)
{
  JsonArray *inspections;
  gint64 complaints;
  guint failed = 0;
  gint64 violations = 0;
  int newest_age = -1;
  gint64 score;
  gboolean requires_inspection;
  g_autoptr(JsonArray) findings = json_array_new ();
  GDate now;

  if (!get_array (inputs, "inspections", FALSE, &inspections, error) ||
      !get_int (inputs, "complaints_count", FALSE, 0, &complaints, NULL, error))
    return FALSE;
  if (complaints < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input complaints_count: must not be negative"));
      return FALSE;
    }

  today (ctx, &now);
  for (guint i = 0; inspections != NULL && i < json_array_get_length (inspections); i++)
    {
      JsonNode *element = json_array_get_element (inspections, i);
      JsonObject *inspection;
      JsonNode *date, *passed, *count;
      GDate when;
      int age;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Invalid input inspections: element %u is not an object"), i);
          return FALSE;
        }
      inspection = json_node_get_object (element);
      date = json_object_get_member (inspection, "date");
      passed = json_object_get_member (inspection, "passed");
      count = json_object_get_member (inspection, "violations");
      if (date == NULL || !cs_value_type_check (CS_VALUE_STRING, date) ||
          !parse_date (json_node_get_string (date), &when))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Invalid input inspections: element %u has no valid date"), i);
          return FALSE;
        }
      if (passed == NULL || !cs_value_type_check (CS_VALUE_BOOLEAN, passed))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Invalid input inspections: element %u has no boolean “passed”"), i);
          return FALSE;
        }
      if (count != NULL && !JSON_NODE_HOLDS_NULL (count) &&
          (!cs_value_type_check (CS_VALUE_INTEGER, count) || json_node_get_int (count) < 0))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Invalid input inspections: element %u has an invalid number of violations"),
                       i);
          return FALSE;
        }

      age = g_date_days_between (&when, &now);
      if (age < 0)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Invalid input inspections: element %u is dated in the future"), i);
          return FALSE;
        }
      if (newest_age < 0 || age < newest_age)
        newest_age = age;
      /* Only the last three years count against the holder. */
      if (age <= 3 * 365 + 1)
        {
          if (!json_node_get_boolean (passed))
            failed++;
          if (count != NULL && !JSON_NODE_HOLDS_NULL (count))
            violations += json_node_get_int (count);
        }
    }

  score = 100 - 15 * (gint64) failed - 5 * violations - 2 * MIN (complaints, 10);
  score = CLAMP (score, 0, 100);
  requires_inspection = score < 85 || newest_age < 0 || newest_age > 2 * 365 + 1;

  if (failed > 0)
    add_printf (findings, g_dngettext (GETTEXT_PACKAGE,
                                       "%u failed inspection in the last 3 years",
                                       "%u failed inspections in the last 3 years", failed),
                failed);
  if (violations > 0)
    add_printf (findings, g_dngettext (GETTEXT_PACKAGE,
                                       "%u violation recorded in the last 3 years",
                                       "%u violations recorded in the last 3 years", violations),
                (guint) violations);
  if (complaints > 0)
    add_printf (findings, g_dngettext (GETTEXT_PACKAGE,
                                       "%u complaint on record", "%u complaints on record",
                                       complaints),
                (guint) complaints);
  if (newest_age < 0 || newest_age > 2 * 365 + 1)
    add_string (findings, _("No inspection in the last 2 years"));

  json_object_set_int_member (outputs, "compliance_score", score);
  json_object_set_boolean_member (outputs, "compliant", score >= 70);
  json_object_set_boolean_member (outputs, "requires_inspection", requires_inspection);
  json_object_set_array_member (outputs, "audit_findings", g_steal_pointer (&findings));
  return TRUE;
}

/* complaint.register */

static gboolean
complaint_register (CsHandlerContext  *ctx,
                    JsonObject        *inputs,
                    JsonObject        *outputs,
                    GError           **error)
{
  static const char * const channels[] = { "web", "phone", "in_person", "mobile", "email", NULL };
  const char *subject, *description, *channel;
  g_autofree char *seed = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *day = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *received = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (!get_string (inputs, "subject", TRUE, &subject, error) ||
      !get_string (inputs, "description", TRUE, &description, error) ||
      !get_string (inputs, "channel", FALSE, &channel, error))
    return FALSE;

  if (is_blank (subject) || is_blank (description))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT, _("Invalid input %s: it is blank"),
                   is_blank (subject) ? "subject" : "description");
      return FALSE;
    }
  if (channel == NULL)
    channel = "web";
  if (!g_strv_contains (channels, channel))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input channel: “%s” is not a channel complaints arrive by"), channel);
      return FALSE;
    }

  utc = g_date_time_to_utc (ctx->now);
  day = g_date_time_format (utc, "%Y%m%d");
  seed = g_strjoin ("\n", ctx->instance_id ? ctx->instance_id : "", subject, description, NULL);
  hex = hex_upper_prefix (seed, 6);
  reference = g_strdup_printf ("CMP-%s-%s", day, hex);
  received = format_now (ctx);

  json_object_set_string_member (outputs, "complaint_reference", reference);
  json_object_set_string_member (outputs, "received_at", received);
  json_object_set_string_member (outputs, "channel", channel);
  return TRUE;
}

/* complaint.classify */

static const char * const works_keywords[] = {
  "pothole", "road", "street", "streetlight", "sidewalk", "pavement", "drain", "sewer",
  "leak", "bridge", "manhole", "curb", NULL
};
static const char * const sanitation_keywords[] = {
  "garbage", "trash", "rubbish", "waste", "litter", "recycling", "bin", "dumping",
  "dumped", "collection", NULL
};
static const char * const health_keywords[] = {
  "noise", "noisy", "loud", "music", "barking", "smell", "odour", "odor", "smoke",
  "pollution", "mold", "mould", "pest", "rat", "rodent", "cockroach", NULL
};
static const char * const transport_keywords[] = {
  "bus", "parking", "parked", "traffic", "signal", "taxi", "tram", "train", "bicycle",
  "bike", "crossing", NULL
};
static const char * const urgent_keywords[] = {
  "danger", "dangerous", "unsafe", "injury", "injured", "hazard", "fire", "flood",
  "flooding", "collapsed", "emergency", "urgent", "gas", NULL
};
static const char * const minor_keywords[] = {
  "suggestion", "minor", "cosmetic", "idea", NULL
};

static const struct
{
  const char         *department;
  const char * const *keywords;
  guint               sla_days;
} departments[] = {
  { "public_works", works_keywords, 10 },
  { "sanitation", sanitation_keywords, 3 },
  { "environmental_health", health_keywords, 7 },
  { "transport", transport_keywords, 10 },
};

#define GENERAL_DEPARTMENT "general_services"
#define GENERAL_SLA_DAYS 15

static char **
split_words (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  g_autoptr(GStrvBuilder) words = g_strv_builder_new ();
  const char *start = NULL;

  for (const char *p = lower;; p++)
    {
      gboolean word_char = *p != '\0' && (g_ascii_isalnum (*p) || (guchar) *p >= 0x80);

      if (word_char && start == NULL)
        start = p;
      else if (!word_char && start != NULL)
        {
          g_autofree char *word = g_strndup (start, p - start);
          g_strv_builder_add (words, word);
          start = NULL;
        }
      if (*p == '\0')
        break;
    }
  return g_strv_builder_end (words);
}

/* Plural forms count as the keyword. */
static gboolean
word_matches (const char *word,
              const char *keyword)
{
  gsize klen = strlen (keyword);

  if (strncmp (word, keyword, klen) != 0)
    return FALSE;
  return word[klen] == '\0' || g_str_equal (word + klen, "s") || g_str_equal (word + klen, "es");
}

static const char *
match_keyword (const char         *word,
               const char * const *keywords)
{
  for (guint i = 0; keywords[i] != NULL; i++)
    if (word_matches (word, keywords[i]))
      return keywords[i];
  return NULL;
}

static gboolean
complaint_classify (CsHandlerContext  *ctx,
                    JsonObject        *inputs,
                    JsonObject        *outputs,
                    GError           **error)
{
  const char *subject, *description;
  g_auto(GStrv) subject_words = NULL;
  g_auto(GStrv) description_words = NULL;
  guint scores[G_N_ELEMENTS (departments)] = { 0 };
  GPtrArray *matched[G_N_ELEMENTS (departments)];
  guint total = 0, best = 0;
  gboolean urgent = FALSE, minor = FALSE;
  g_autoptr(JsonArray) keywords = json_array_new ();

  if (!get_string (inputs, "subject", TRUE, &subject, error) ||
      !get_string (inputs, "description", TRUE, &description, error))
    return FALSE;

  subject_words = split_words (subject);
  description_words = split_words (description);
  for (guint d = 0; d < G_N_ELEMENTS (departments); d++)
    matched[d] = g_ptr_array_new ();

  for (guint pass = 0; pass < 2; pass++)
    {
      char **words = pass == 0 ? subject_words : description_words;
      /* The subject is what the citizen thinks the complaint is about. */
      guint weight = pass == 0 ? 2 : 1;

      for (guint w = 0; words[w] != NULL; w++)
        {
          urgent |= match_keyword (words[w], urgent_keywords) != NULL;
          minor |= match_keyword (words[w], minor_keywords) != NULL;
          for (guint d = 0; d < G_N_ELEMENTS (departments); d++)
            {
              const char *keyword = match_keyword (words[w], departments[d].keywords);

              if (keyword == NULL)
                continue;
              scores[d] += weight;
              total += weight;
              if (!g_ptr_array_find_with_equal_func (matched[d], keyword, g_str_equal, NULL))
                g_ptr_array_add (matched[d], (gpointer) keyword);
            }
        }
    }

  for (guint d = 1; d < G_N_ELEMENTS (departments); d++)
    if (scores[d] > scores[best])
      best = d;

  if (total == 0)
    {
      json_object_set_string_member (outputs, "department", GENERAL_DEPARTMENT);
      json_object_set_double_member (outputs, "classification_confidence", 0.0);
    }
  else
    {
      json_object_set_string_member (outputs, "department", departments[best].department);
      json_object_set_double_member (outputs, "classification_confidence",
                                     round (100.0 * scores[best] / total) / 100.0);
      for (guint i = 0; i < matched[best]->len; i++)
        json_array_add_string_element (keywords, g_ptr_array_index (matched[best], i));
    }
  json_object_set_string_member (outputs, "priority", urgent ? "high" : minor ? "low" : "normal");
  json_object_set_array_member (outputs, "matched_keywords", g_steal_pointer (&keywords));
  for (guint d = 0; d < G_N_ELEMENTS (departments); d++)
    g_ptr_array_unref (matched[d]);
  return TRUE;
}

/* complaint.resolve */

static gboolean
complaint_resolve (CsHandlerContext  *ctx,
                   JsonObject        *inputs,
                   JsonObject        *outputs,
                   GError           **error)
{
  const char *reference, *department, *received_text, *summary;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) received = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *resolution = NULL;
  g_autofree char *resolved_at = NULL;
  GTimeSpan elapsed;
  gint64 days;
  guint sla = GENERAL_SLA_DAYS;

  if (!get_string (inputs, "complaint_reference", TRUE, &reference, error) ||
      !get_string (inputs, "department", TRUE, &department, error) ||
      !get_string (inputs, "received_at", TRUE, &received_text, error) ||
      !get_string (inputs, "resolution_summary", FALSE, &summary, error))
    return FALSE;

  received = g_date_time_new_from_iso8601 (received_text, utc);
  if (received == NULL)
    {
      GDate date;

      if (parse_date (received_text, &date))
        received = g_date_time_new (utc, g_date_get_year (&date), g_date_get_month (&date),
                                    g_date_get_day (&date), 0, 0, 0);
    }
  if (received == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input received_at: “%s” is not a date"), received_text);
      return FALSE;
    }
  elapsed = g_date_time_difference (ctx->now, received);
  if (elapsed < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input received_at: %s is in the future"), received_text);
      return FALSE;
    }

  for (guint d = 0; d < G_N_ELEMENTS (departments); d++)
    if (g_str_equal (department, departments[d].department))
      sla = departments[d].sla_days;

  /* Any started day counts: citizens experience calendar time. */
  days = (elapsed + G_TIME_SPAN_DAY - 1) / G_TIME_SPAN_DAY;
  seed = g_strjoin ("\n", ctx->instance_id ? ctx->instance_id : "", reference, NULL);
  hex = hex_upper_prefix (seed, 8);
  resolution = g_strdup_printf ("RES-%s", hex);
  resolved_at = format_now (ctx);

  json_object_set_string_member (outputs, "resolution_reference", resolution);
  json_object_set_string_member (outputs, "resolved_at", resolved_at);
  json_object_set_int_member (outputs, "resolution_days", days);
  json_object_set_boolean_member (outputs, "within_sla", days <= sla);
  return TRUE;
}

/* notify.compose */

typedef struct
{
  const char *id;
  const char *subject;
  const char *body;      /* {name}, {reference} and {reason} are replaced */
  const char *sms;
  gboolean    needs_reference;
} MessageTemplate;

static const MessageTemplate message_templates[] = {
  { "welcome",
    N_("Welcome to CivicStream"),
    N_("Dear {name},\n\nyour citizen account {reference} has been created. You can now sign in "
       "and use the online services of your administration.\n"),
    N_("Your citizen account {reference} is ready."), TRUE },
  { "registration_rejected",
    N_("Your registration was not approved"),
    N_("Dear {name},\n\nwe could not approve your registration: {reason}.\nYou may apply again "
       "or visit your local office for help.\n"),
    N_("Your registration was not approved: {reason}."), FALSE },
  { "registration_failed",
    N_("Your registration could not be completed"),
    N_("Dear {name},\n\nyour registration could not be completed because of a problem on our "
       "side: {reason}.\nWe will contact you as soon as it is solved.\n"),
    N_("Your registration could not be completed: {reason}."), FALSE },
  { "application_rejected",
    N_("Your application was not approved"),
    N_("Dear {name},\n\nyour application was not approved: {reason}.\nYou may correct it and "
       "apply again.\n"),
    N_("Your application was not approved: {reason}."), FALSE },
  { "payment_failed",
    N_("Your payment did not go through"),
    N_("Dear {name},\n\nwe could not take your payment: {reason}.\nYour application is on hold "
       "until the fee is paid.\n"),
    N_("Your payment did not go through: {reason}."), FALSE },
  { "licence_issued",
    N_("Your licence has been issued"),
    N_("Dear {name},\n\nyour licence {reference} has been issued. Keep this number for any "
       "inspection or renewal.\n"),
    N_("Your licence {reference} has been issued."), TRUE },
  { "permit_renewed",
    N_("Your permit has been renewed"),
    N_("Dear {name},\n\nyour permit has been renewed under number {reference}.\n"),
    N_("Your permit has been renewed: {reference}."), TRUE },
  { "permit_rejected",
    N_("Your permit renewal was not approved"),
    N_("Dear {name},\n\nyour permit renewal was not approved: {reason}.\n"),
    N_("Your permit renewal was not approved: {reason}."), FALSE },
  { "complaint_received",
    N_("We have received your complaint"),
    N_("Dear {name},\n\nthank you for your report. Your complaint is registered under "
       "{reference}; we will keep you informed.\n"),
    N_("Complaint {reference} received. We will keep you informed."), TRUE },
  { "complaint_resolved",
    N_("Your complaint has been resolved"),
    N_("Dear {name},\n\nyour complaint {reference} has been resolved. Please tell us how "
       "satisfied you are with the outcome.\n"),
    N_("Complaint {reference} resolved. Please rate our response."), TRUE },
  { "complaint_unfounded",
    N_("Your complaint has been closed"),
    N_("Dear {name},\n\nafter investigation your complaint {reference} has been closed: "
       "{reason}.\n"),
    N_("Complaint {reference} closed: {reason}."), TRUE },
};

static char *
fill_message (const char *text,
              const char *name,
              const char *reference,
              const char *reason)
{
  GString *out = g_string_new (text);

  g_string_replace (out, "{name}", name, 0);
  g_string_replace (out, "{reference}", reference ? reference : "", 0);
  g_string_replace (out, "{reason}", reason ? reason : _("please contact us for details"), 0);
  return g_string_free (out, FALSE);
}

static gboolean
notify_compose (CsHandlerContext  *ctx,
                JsonObject        *inputs,
                JsonObject        *outputs,
                GError           **error)
{
  const char *name, *template_id, *channel, *email, *phone, *reference, *reason;
  const MessageTemplate *message = NULL;
  const char *to;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) notification = json_object_new ();

  if (!get_string (inputs, "recipient_name", TRUE, &name, error) ||
      !get_string (inputs, "message_template", TRUE, &template_id, error) ||
      !get_string (inputs, "channel", FALSE, &channel, error) ||
      !get_string (inputs, "email", FALSE, &email, error) ||
      !get_string (inputs, "phone", FALSE, &phone, error) ||
      !get_string (inputs, "reference", FALSE, &reference, error) ||
      !get_string (inputs, "reason", FALSE, &reason, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (message_templates); i++)
    if (g_str_equal (template_id, message_templates[i].id))
      message = &message_templates[i];
  if (message == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Unknown message template “%s”"), template_id);
      return FALSE;
    }
  if (message->needs_reference && (reference == NULL || is_blank (reference)))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Message template %s needs input reference"), template_id);
      return FALSE;
    }

  if (channel == NULL)
    channel = "email";
  if (g_str_equal (channel, "email"))
    {
      if (email == NULL || !email_is_valid (email))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Cannot send an email: input email is missing or not an address"));
          return FALSE;
        }
      to = email;
      subject = fill_message (_(message->subject), name, reference, reason);
      body = fill_message (_(message->body), name, reference, reason);
    }
  else if (g_str_equal (channel, "sms"))
    {
      if (phone == NULL || !phone_is_valid (phone))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Cannot send a text message: input phone is missing or not a number"));
          return FALSE;
        }
      to = phone;
      subject = fill_message (_(message->subject), name, reference, reason);
      body = fill_message (_(message->sms), name, reference, reason);
    }
  else
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input channel: “%s” is neither email nor sms"), channel);
      return FALSE;
    }

  seed = g_strjoin ("\n", ctx->instance_id ? ctx->instance_id : "",
                    ctx->step_id ? ctx->step_id : "", template_id, to, NULL);
  hex = hex_upper_prefix (seed, 12);
  id = g_strdup_printf ("NTF-%s", hex);

  json_object_set_string_member (notification, "channel", channel);
  json_object_set_string_member (notification, "to", to);
  json_object_set_string_member (notification, "template", template_id);
  json_object_set_string_member (notification, "subject", subject);
  json_object_set_string_member (notification, "body", body);

  json_object_set_object_member (outputs, "notification", g_steal_pointer (&notification));
  json_object_set_string_member (outputs, "notification_id", id);
  return TRUE;
}

/* account.create */

static char *
username_part (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

static gboolean
account_create (CsHandlerContext  *ctx,
                JsonObject        *inputs,
                JsonObject        *outputs,
                GError           **error)
{
  const char *first_name, *last_name, *identity_hash, *email, *guardian;
  gint64 age;
  gboolean has_age, minor;
  g_autofree char *account_seed = NULL;
  g_autofree char *account_hex = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *username = NULL;
  guint suffix;

  if (!get_string (inputs, "first_name", TRUE, &first_name, error) ||
      !get_string (inputs, "last_name", TRUE, &last_name, error) ||
      !get_string (inputs, "identity_hash", TRUE, &identity_hash, error) ||
      !get_string (inputs, "email", FALSE, &email, error) ||
      !get_int (inputs, "age", FALSE, 0, &age, &has_age, error) ||
      !get_string (inputs, "guardian_name", FALSE, &guardian, error))
    return FALSE;

  if (strlen (identity_hash) != 64 || !g_regex_match_simple ("^[0-9a-f]+$", identity_hash, 0, 0))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input identity_hash: not a SHA-256 digest in lower-case hex"));
      return FALSE;
    }
  if (email != NULL && !email_is_valid (email))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input email: “%s” is not an address"), email);
      return FALSE;
    }
  minor = has_age && age < 18;
  if (minor && (guardian == NULL || is_blank (guardian)))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("A minor’s account needs input guardian_name"));
      return FALSE;
    }

  /* The account follows the identity, so re-running the step yields the same account. */
  account_seed = g_strconcat ("account\n", identity_hash, NULL);
  account_hex = hex_upper_prefix (account_seed, 12);
  account_id = g_strdup_printf ("CIT-%s", account_hex);

  first = username_part (first_name);
  last = username_part (last_name);
  suffix = g_ascii_strtoull (account_hex + 8, NULL, 16) % 10000;
  if (*first == '\0' && *last == '\0')
    username = g_strdup_printf ("citizen.%04u", suffix);
  else if (*first == '\0' || *last == '\0')
    username = g_strdup_printf ("%s%s.%04u", first, last, suffix);
  else
    username = g_strdup_printf ("%s.%s.%04u", first, last, suffix);

  json_object_set_string_member (outputs, "account_id", account_id);
  json_object_set_string_member (outputs, "username", username);
  json_object_set_string_member (outputs, "account_type", minor ? "minor" : "adult");
  json_object_set_boolean_member (outputs, "account_created", TRUE);
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

  if (!get_member (inputs, "record", TRUE, &record, error) ||
      !get_string (inputs, "previous_digest", FALSE, &previous, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (record))
    return type_error ("record", CS_VALUE_OBJECT, error);
  if (previous != NULL &&
      (strlen (previous) != 64 || !g_regex_match_simple ("^[0-9a-f]+$", previous, 0, 0)))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input previous_digest: not a SHA-256 digest in lower-case hex"));
      return FALSE;
    }

  digest = cs_record_digest (json_node_get_object (record), previous);
  sealed_at = format_now (ctx);

  json_object_set_string_member (outputs, "record_digest", digest);
  json_object_set_string_member (outputs, "sealed_at", sealed_at);
  json_object_set_string_member (outputs, "digest_algorithm", "sha256");
  return TRUE;
}

/* feedback.record */

static gboolean
feedback_record (CsHandlerContext  *ctx,
                 JsonObject        *inputs,
                 JsonObject        *outputs,
                 GError           **error)
{
  const char *comment, *reference;
  gint64 rating;
  gboolean has_rating;
  const char *satisfaction;

  if (!get_int (inputs, "rating", FALSE, 0, &rating, &has_rating, error) ||
      !get_string (inputs, "comment", FALSE, &comment, error) ||
      !get_string (inputs, "complaint_reference", FALSE, &reference, error))
    return FALSE;

  if (has_rating && (rating < 1 || rating > 5))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input rating: %" G_GINT64_FORMAT " is not between 1 and 5"), rating);
      return FALSE;
    }
  if (comment != NULL && g_utf8_strlen (comment, -1) > 2000)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input comment: longer than 2000 characters"));
      return FALSE;
    }

  /* A citizen who does not answer is not counted as satisfied. */
  if (!has_rating)
    satisfaction = "no_response";
  else if (rating >= 4)
    satisfaction = "satisfied";
  else if (rating == 3)
    satisfaction = "neutral";
  else
    satisfaction = "dissatisfied";

  json_object_set_boolean_member (outputs, "feedback_recorded", has_rating);
  json_object_set_string_member (outputs, "satisfaction", satisfaction);
  json_object_set_boolean_member (outputs, "follow_up_required", has_rating && rating <= 2);
  return TRUE;
}

/* The built-in table */

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

static const ParamSpec identity_verify_in[] = {
  IN ("first_name", STRING, TRUE, NULL, N_("Given name as written on the document")),
  IN ("last_name", STRING, TRUE, NULL, N_("Family name as written on the document")),
  IN ("id_number", STRING, TRUE, "^[A-Za-z0-9 -]{4,24}$", N_("Number of the identity document")),
  IN ("id_document", STRING, TRUE, "^(passport|national_id|drivers_licence|birth_certificate)$",
      N_("Kind of identity document")),
  IN ("date_of_birth", DATE, FALSE, NULL, N_("Date of birth, to compute the age")),
  END
};
static const ParamSpec identity_verify_out[] = {
  OUT ("identity_verified", BOOLEAN, N_("Whether the document checks passed")),
  OUT ("verification_method", STRING, N_("How the document was checked")),
  OUT ("confidence_score", NUMBER, N_("Confidence in the verification, 0 to 1")),
  OUT ("verification_failure", STRING, N_("Why verification failed")),
  OUT ("age", INTEGER, N_("Age in whole years today")),
  END
};

static const ParamSpec check_duplicate_in[] = {
  IN ("id_number", STRING, TRUE, NULL, N_("Number of the identity document")),
  IN ("id_document", STRING, TRUE, NULL, N_("Kind of identity document")),
  IN ("known_identity_hashes", ARRAY, FALSE, NULL, N_("Identity hashes already registered")),
  END
};
static const ParamSpec check_duplicate_out[] = {
  OUT ("identity_hash", STRING, N_("SHA-256 identifying the person by document")),
  OUT ("is_duplicate", BOOLEAN, N_("Whether the identity is already registered")),
  END
};

static const ParamSpec validate_application_in[] = {
  IN ("business_name", STRING, FALSE, NULL, N_("Registered name of the business")),
  IN ("business_type", STRING, FALSE, NULL, N_("retail, restaurant, manufacturing, …")),
  IN ("owner_name", STRING, FALSE, NULL, N_("Name of the owner")),
  IN ("email", STRING, FALSE, NULL, N_("Contact email address")),
  IN ("phone", STRING, FALSE, NULL, N_("Contact phone number")),
  IN ("address", STRING, FALSE, NULL, N_("Address of the premises")),
  IN ("employees", INTEGER, FALSE, NULL, N_("Number of employees")),
  END
};
static const ParamSpec validate_application_out[] = {
  OUT ("application_valid", BOOLEAN, N_("Whether the application is complete and well-formed")),
  OUT ("validation_errors", ARRAY, N_("What is wrong with the application")),
  OUT ("application_reference", STRING, N_("Reference of the application")),
  END
};

static const ParamSpec documents_verify_in[] = {
  IN ("documents", ARRAY, TRUE, NULL, N_("Submitted documents: {type, expires_on, sha256}")),
  IN ("required_documents", ARRAY, FALSE, NULL, N_("Document types that must be present")),
  END
};
static const ParamSpec documents_verify_out[] = {
  OUT ("documents_verified", BOOLEAN, N_("Whether every required document is present and valid")),
  OUT ("missing_documents", ARRAY, N_("Required types without a valid document")),
  OUT ("expired_documents", ARRAY, N_("Types of the expired documents")),
  OUT ("invalid_documents", ARRAY, N_("What is wrong with malformed documents")),
  OUT ("document_count", INTEGER, N_("Number of valid documents")),
  END
};

static const ParamSpec fee_calculate_in[] = {
  IN ("business_type", STRING, TRUE, NULL, N_("Business type, which sets the base fee")),
  IN ("employees", INTEGER, TRUE, NULL, N_("Number of employees, which scales the fee")),
  IN ("is_renewal", BOOLEAN, FALSE, NULL, N_("Renewals get 20% off")),
  IN ("days_late", INTEGER, FALSE, NULL, N_("Days past the deadline: 10% per started month")),
  IN ("currency", STRING, FALSE, "^[A-Z]{3}$", N_("ISO 4217 currency, EUR by default")),
  END
};
static const ParamSpec fee_calculate_out[] = {
  OUT ("fee_cents", INTEGER, N_("Fee in cents")),
  OUT ("fee_amount", NUMBER, N_("Fee in currency units")),
  OUT ("currency", STRING, N_("Currency of the fee")),
  OUT ("fee_breakdown", OBJECT, N_("How the fee was computed")),
  END
};

static const ParamSpec payment_record_in[] = {
  IN ("fee_cents", INTEGER, TRUE, NULL, N_("Fee due in cents")),
  IN ("payment_reference", STRING, TRUE, NULL, N_("Reference the payment service gave")),
  IN ("payment_status", STRING, TRUE, NULL, N_("Status the payment service reported")),
  IN ("paid_cents", INTEGER, TRUE, NULL, N_("Amount the payment service took, in cents")),
  END
};
static const ParamSpec payment_record_out[] = {
  OUT ("payment_recorded", BOOLEAN, N_("Whether the fee is paid")),
  OUT ("receipt_number", STRING, N_("Receipt number of a recorded payment")),
  OUT ("balance_cents", INTEGER, N_("Fee minus amount paid")),
  OUT ("payment_failure", STRING, N_("Why the payment is not recorded")),
  END
};

static const ParamSpec licence_generate_in[] = {
  IN ("business_name", STRING, TRUE, NULL, N_("Name printed on the licence")),
  IN ("business_type", STRING, TRUE, NULL, N_("Business type printed on the licence")),
  IN ("licence_prefix", STRING, FALSE, "^[A-Z]{2,4}$", N_("Prefix of the number, BL by default")),
  IN ("validity_years", INTEGER, FALSE, NULL, N_("Years of validity, 1 by default")),
  END
};
static const ParamSpec licence_generate_out[] = {
  OUT ("licence_number", STRING, N_("Number of the licence, with a check character")),
  OUT ("licence_issued_on", DATE, N_("Date of issue")),
  OUT ("licence_valid_until", DATE, N_("Date of expiry")),
  END
};

static const ParamSpec eligibility_in[] = {
  IN ("permit_number", STRING, TRUE, NULL, N_("Number of the permit to renew")),
  IN ("permit_expires_on", DATE, TRUE, NULL, N_("Expiry date of the permit")),
  IN ("outstanding_fines_cents", INTEGER, FALSE, NULL, N_("Unpaid fines, in cents")),
  IN ("suspended", BOOLEAN, FALSE, NULL, N_("Whether the permit is suspended")),
  END
};
static const ParamSpec eligibility_out[] = {
  OUT ("eligible", BOOLEAN, N_("Whether the permit may be renewed")),
  OUT ("ineligibility_reasons", ARRAY, N_("Why it may not")),
  OUT ("days_until_expiry", INTEGER, N_("Days until expiry, negative once expired")),
  OUT ("days_late", INTEGER, N_("Days since expiry, 0 if not expired")),
  END
};

static const ParamSpec audit_in[] = {
  IN ("inspections", ARRAY, FALSE, NULL, N_("Past inspections: {date, passed, violations}")),
  IN ("complaints_count", INTEGER, FALSE, NULL, N_("Complaints on record")),
  END
};
static const ParamSpec audit_out[] = {
  OUT ("compliance_score", INTEGER, N_("0 to 100")),
  OUT ("compliant", BOOLEAN, N_("Whether the score is at least 70")),
  OUT ("requires_inspection", BOOLEAN, N_("Whether a site inspection is needed first")),
  OUT ("audit_findings", ARRAY, N_("What lowered the score")),
  END
};

static const ParamSpec complaint_register_in[] = {
  IN ("subject", STRING, TRUE, NULL, N_("Subject of the complaint")),
  IN ("description", STRING, TRUE, NULL, N_("What happened")),
  IN ("channel", STRING, FALSE, "^(web|phone|in_person|mobile|email)$", N_("How it arrived")),
  END
};
static const ParamSpec complaint_register_out[] = {
  OUT ("complaint_reference", STRING, N_("Reference given to the citizen")),
  OUT ("received_at", DATE, N_("When it was registered")),
  OUT ("channel", STRING, N_("How it arrived")),
  END
};

static const ParamSpec complaint_classify_in[] = {
  IN ("subject", STRING, TRUE, NULL, N_("Subject of the complaint")),
  IN ("description", STRING, TRUE, NULL, N_("What happened")),
  END
};
static const ParamSpec complaint_classify_out[] = {
  OUT ("department", STRING, N_("Department the complaint goes to")),
  OUT ("priority", STRING, N_("high, normal or low")),
  OUT ("matched_keywords", ARRAY, N_("Keywords that decided the department")),
  OUT ("classification_confidence", NUMBER, N_("Share of the keywords that agree, 0 to 1")),
  END
};

static const ParamSpec complaint_resolve_in[] = {
  IN ("complaint_reference", STRING, TRUE, NULL, N_("Reference of the complaint")),
  IN ("department", STRING, TRUE, NULL, N_("Department that handled it")),
  IN ("received_at", DATE, TRUE, NULL, N_("When it was registered")),
  IN ("resolution_summary", STRING, FALSE, NULL, N_("What was done")),
  END
};
static const ParamSpec complaint_resolve_out[] = {
  OUT ("resolution_reference", STRING, N_("Reference of the resolution")),
  OUT ("resolved_at", DATE, N_("When it was resolved")),
  OUT ("resolution_days", INTEGER, N_("Started days from registration to resolution")),
  OUT ("within_sla", BOOLEAN, N_("Whether the department met its service level")),
  END
};

static const ParamSpec notify_compose_in[] = {
  IN ("recipient_name", STRING, TRUE, NULL, N_("Name used in the greeting")),
  IN ("message_template", STRING, TRUE, NULL, N_("Which message to compose")),
  IN ("channel", STRING, FALSE, "^(email|sms)$", N_("email (default) or sms")),
  IN ("email", STRING, FALSE, NULL, N_("Address for the email channel")),
  IN ("phone", STRING, FALSE, NULL, N_("Number for the sms channel")),
  IN ("reference", STRING, FALSE, NULL, N_("Account, licence or complaint number")),
  IN ("reason", STRING, FALSE, NULL, N_("Reason given in rejections")),
  END
};
static const ParamSpec notify_compose_out[] = {
  OUT ("notification", OBJECT, N_("The message: channel, to, template, subject, body")),
  OUT ("notification_id", STRING, N_("Identifier for delivery tracking")),
  END
};

static const ParamSpec account_create_in[] = {
  IN ("first_name", STRING, TRUE, NULL, N_("Given name")),
  IN ("last_name", STRING, TRUE, NULL, N_("Family name")),
  IN ("identity_hash", STRING, TRUE, "^[0-9a-f]{64}$", N_("From identity.check_duplicate")),
  IN ("email", STRING, FALSE, NULL, N_("Contact email address")),
  IN ("age", INTEGER, FALSE, NULL, N_("Age, from identity.verify")),
  IN ("guardian_name", STRING, FALSE, NULL, N_("Legal guardian, required for minors")),
  END
};
static const ParamSpec account_create_out[] = {
  OUT ("account_id", STRING, N_("Citizen account number")),
  OUT ("username", STRING, N_("Sign-in name")),
  OUT ("account_type", STRING, N_("adult or minor")),
  OUT ("account_created", BOOLEAN, N_("Whether the account exists")),
  END
};

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

static const ParamSpec feedback_record_in[] = {
  IN ("rating", INTEGER, FALSE, NULL, N_("Satisfaction from 1 to 5")),
  IN ("comment", STRING, FALSE, NULL, N_("Free text from the citizen")),
  IN ("complaint_reference", STRING, FALSE, NULL, N_("Complaint the feedback is about")),
  END
};
static const ParamSpec feedback_record_out[] = {
  OUT ("feedback_recorded", BOOLEAN, N_("Whether the citizen gave a rating")),
  OUT ("satisfaction", STRING, N_("satisfied, neutral, dissatisfied or no_response")),
  OUT ("follow_up_required", BOOLEAN, N_("Whether an officer should call back")),
  END
};

static const BuiltinSpec builtins[] = {
  { "identity.verify", identity_verify,
    N_("Checks an identity document number against the format of its document type"),
    identity_verify_in, identity_verify_out },
  { "identity.check_duplicate", identity_check_duplicate,
    N_("Hashes the identity and compares it with the identities already registered"),
    check_duplicate_in, check_duplicate_out },
  { "data.validate_application", data_validate_application,
    N_("Checks that a business application is complete and well-formed"),
    validate_application_in, validate_application_out },
  { "documents.verify", documents_verify,
    N_("Checks that the required documents are present, unexpired and well-formed"),
    documents_verify_in, documents_verify_out },
  { "fee.calculate", fee_calculate,
    N_("Computes a licence or permit fee from business type, size, renewal and lateness"),
    fee_calculate_in, fee_calculate_out },
  { "payment.record", payment_record,
    N_("Records the payment the payment service reported and issues a receipt"),
    payment_record_in, payment_record_out },
  { "licence.generate", licence_generate,
    N_("Issues a licence or permit number with its validity dates"),
    licence_generate_in, licence_generate_out },
  { "permit.check_eligibility", permit_check_eligibility,
    N_("Decides whether a permit may be renewed now"),
    eligibility_in, eligibility_out },
  { "permit.compliance_audit", permit_compliance_audit,
    N_("Scores the permit holder's compliance from inspections and complaints"),
    audit_in, audit_out },
  { "complaint.register", complaint_register,
    N_("Registers a complaint and gives it a reference"),
    complaint_register_in, complaint_register_out },
  { "complaint.classify", complaint_classify,
    N_("Routes a complaint to a department by its keywords and sets its priority"),
    complaint_classify_in, complaint_classify_out },
  { "complaint.resolve", complaint_resolve,
    N_("Closes a complaint and measures the time taken against the department's service level"),
    complaint_resolve_in, complaint_resolve_out },
  { "notify.compose", notify_compose,
    N_("Composes an email or text message to the citizen from a message template"),
    notify_compose_in, notify_compose_out },
  { "account.create", account_create,
    N_("Creates the citizen account for a verified identity"),
    account_create_in, account_create_out },
  { "record.seal", record_seal,
    N_("Computes a SHA-256 digest of the instance data, chained to the previous record"),
    record_seal_in, record_seal_out },
  { "feedback.record", feedback_record,
    N_("Records the citizen's satisfaction rating"),
    feedback_record_in, feedback_record_out },
};

static GPtrArray *
build_params (const ParamSpec *specs,
              gboolean         outputs)
{
  GPtrArray *params = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_step_param_unref);

  for (const ParamSpec *spec = specs; spec->name != NULL; spec++)
    {
      if (outputs)
        g_ptr_array_add (params, cs_step_param_new_output (spec->name, spec->type, _(spec->description)));
      else
        g_ptr_array_add (params, cs_step_param_new (spec->name, spec->type, spec->required,
                                                    spec->pattern, spec->source,
                                                    _(spec->description)));
    }
  return params;
}

void
cs_handler_registry_add_builtins (CsHandlerRegistry *registry)
{
  g_return_if_fail (CS_IS_HANDLER_REGISTRY (registry));

  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    {
      g_autoptr(GPtrArray) inputs = build_params (builtins[i].inputs, FALSE);
      g_autoptr(GPtrArray) outputs = build_params (builtins[i].outputs, TRUE);

      cs_handler_registry_register_func (registry, builtins[i].name, builtins[i].func,
                                         _(builtins[i].description), inputs, outputs);
    }
}
