/* cs-step.c: one step of a workflow and its per-type configuration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-step.h"

/* A template as typed plus its parse result: editors hold templates that do
 * not parse yet, the engine wants them parsed once. */
typedef struct
{
  char       *source;
  CsTemplate *tmpl;
  GError     *error;
  gsize       error_offset;
} TemplateField;

typedef struct
{
  char          *name;
  TemplateField  value;
} Header;

typedef struct
{
  char *key;
  char *path;
} Mapping;

struct _CsStepParam
{
  gatomicrefcount  ref_count;
  char            *name;
  CsValueType      type;
  gboolean         required;
  char            *pattern;
  GRegex          *regex;
  char            *pattern_error;
  char            *source;
  char            *description;
};

struct _CsStep
{
  GObject           parent_instance;

  char             *id;
  char             *name;
  char             *description;
  CsStepType        type;

  gboolean          has_position;
  gboolean          pinned;
  double            x;
  double            y;

  /* Action */
  char             *handler;
  GPtrArray        *inputs;
  GPtrArray        *outputs;
  JsonObject       *parameters;

  /* Approval */
  GStrv             approver_roles;
  char             *agency;
  CsQuorum          quorum;
  guint             due_seconds;
  char             *escalate_to;

  /* Integration */
  char             *method;
  TemplateField     url;
  GPtrArray        *headers;
  TemplateField     body;
  guint             timeout_ms;
  guint             max_attempts;
  guint             backoff_base_ms;
  guint             backoff_max_ms;
  GStrv             expected_statuses;
  guint             breaker_threshold;
  guint             breaker_reset_seconds;
  GPtrArray        *mappings;

  /* Terminal */
  CsTerminalStatus  terminal_status;

  double            sim[CS_SIM_N_PARAMS];
  guint             sim_set;
};

G_DEFINE_TYPE (CsStep, cs_step, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (CsStepParam, cs_step_param, cs_step_param_ref, cs_step_param_unref)

G_DEFINE_ENUM_TYPE (CsStepType, cs_step_type,
  G_DEFINE_ENUM_VALUE (CS_STEP_ACTION, "action"),
  G_DEFINE_ENUM_VALUE (CS_STEP_CONDITIONAL, "conditional"),
  G_DEFINE_ENUM_VALUE (CS_STEP_APPROVAL, "approval"),
  G_DEFINE_ENUM_VALUE (CS_STEP_INTEGRATION, "integration"),
  G_DEFINE_ENUM_VALUE (CS_STEP_TERMINAL, "terminal"))

G_DEFINE_ENUM_TYPE (CsValueType, cs_value_type,
  G_DEFINE_ENUM_VALUE (CS_VALUE_STRING, "string"),
  G_DEFINE_ENUM_VALUE (CS_VALUE_INTEGER, "integer"),
  G_DEFINE_ENUM_VALUE (CS_VALUE_NUMBER, "number"),
  G_DEFINE_ENUM_VALUE (CS_VALUE_BOOLEAN, "boolean"),
  G_DEFINE_ENUM_VALUE (CS_VALUE_DATE, "date"),
  G_DEFINE_ENUM_VALUE (CS_VALUE_OBJECT, "object"),
  G_DEFINE_ENUM_VALUE (CS_VALUE_ARRAY, "array"))

G_DEFINE_ENUM_TYPE (CsQuorum, cs_quorum,
  G_DEFINE_ENUM_VALUE (CS_QUORUM_ANY, "any"),
  G_DEFINE_ENUM_VALUE (CS_QUORUM_ALL, "all"))

G_DEFINE_ENUM_TYPE (CsTerminalStatus, cs_terminal_status,
  G_DEFINE_ENUM_VALUE (CS_TERMINAL_SUCCESS, "success"),
  G_DEFINE_ENUM_VALUE (CS_TERMINAL_REJECTED, "rejected"),
  G_DEFINE_ENUM_VALUE (CS_TERMINAL_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (CS_TERMINAL_CANCELLED, "cancelled"))

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_STEP_TYPE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const step_type_names[] = {
  [CS_STEP_ACTION] = "action",
  [CS_STEP_CONDITIONAL] = "conditional",
  [CS_STEP_APPROVAL] = "approval",
  [CS_STEP_INTEGRATION] = "integration",
  [CS_STEP_TERMINAL] = "terminal",
};

static const char * const value_type_names[] = {
  [CS_VALUE_STRING] = "string",
  [CS_VALUE_INTEGER] = "integer",
  [CS_VALUE_NUMBER] = "number",
  [CS_VALUE_BOOLEAN] = "boolean",
  [CS_VALUE_DATE] = "date",
  [CS_VALUE_OBJECT] = "object",
  [CS_VALUE_ARRAY] = "array",
};

static const char * const quorum_names[] = {
  [CS_QUORUM_ANY] = "any",
  [CS_QUORUM_ALL] = "all",
};

static const char * const terminal_status_names[] = {
  [CS_TERMINAL_SUCCESS] = "success",
  [CS_TERMINAL_REJECTED] = "rejected",
  [CS_TERMINAL_FAILED] = "failed",
  [CS_TERMINAL_CANCELLED] = "cancelled",
};

static const char * const sim_param_names[] = {
  [CS_SIM_MEAN_SERVICE_TIME] = "mean_service_time",
  [CS_SIM_SERVICE_CV] = "service_cv",
  [CS_SIM_FAILURE_PROBABILITY] = "failure_probability",
  [CS_SIM_LATENCY] = "latency",
  [CS_SIM_OFFICERS] = "officers",
  [CS_SIM_HANDLING_TIME] = "handling_time",
};

static gboolean
lookup_name (const char * const *names,
             guint               n_names,
             const char         *text,
             guint              *index)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < n_names; i++)
    if (g_str_equal (names[i], text))
      {
        *index = i;
        return TRUE;
      }
  return FALSE;
}

#define DEFINE_ENUM_STRINGS(Type, prefix, names, last)                       \
  const char *                                                               \
  prefix##_to_string (Type value)                                            \
  {                                                                          \
    g_return_val_if_fail ((guint) value <= (guint) last, NULL);              \
    return names[value];                                                     \
  }                                                                          \
                                                                             \
  gboolean                                                                   \
  prefix##_from_string (const char *text,                                    \
                        Type       *value)                                   \
  {                                                                          \
    guint index;                                                             \
                                                                             \
    g_return_val_if_fail (value != NULL, FALSE);                             \
    if (!lookup_name (names, G_N_ELEMENTS (names), text, &index))            \
      return FALSE;                                                          \
    *value = (Type) index;                                                   \
    return TRUE;                                                             \
  }

DEFINE_ENUM_STRINGS (CsStepType, cs_step_type, step_type_names, CS_STEP_TERMINAL)
DEFINE_ENUM_STRINGS (CsValueType, cs_value_type, value_type_names, CS_VALUE_ARRAY)
DEFINE_ENUM_STRINGS (CsQuorum, cs_quorum, quorum_names, CS_QUORUM_ALL)
DEFINE_ENUM_STRINGS (CsTerminalStatus, cs_terminal_status, terminal_status_names,
                     CS_TERMINAL_CANCELLED)
DEFINE_ENUM_STRINGS (CsSimParam, cs_sim_param, sim_param_names, CS_SIM_HANDLING_TIME)

double
cs_sim_param_default (CsStepType type,
                      CsSimParam param)
{
  g_return_val_if_fail (param < CS_SIM_N_PARAMS, 0.0);

  switch (param)
    {
    case CS_SIM_MEAN_SERVICE_TIME:
      return type == CS_STEP_ACTION ? 1.0 : 0.0;
    case CS_SIM_SERVICE_CV:
      /* Human handling times vary far more than machine work. */
      return type == CS_STEP_APPROVAL ? 1.0 : 0.5;
    case CS_SIM_FAILURE_PROBABILITY:
      return type == CS_STEP_INTEGRATION ? 0.01 : 0.0;
    case CS_SIM_LATENCY:
      return type == CS_STEP_INTEGRATION ? 0.5 : 0.0;
    case CS_SIM_OFFICERS:
      return type == CS_STEP_APPROVAL ? 1.0 : 0.0;
    case CS_SIM_HANDLING_TIME:
      return type == CS_STEP_APPROVAL ? 1800.0 : 0.0;
    default:
      g_assert_not_reached ();
    }
}

/* Values */

static gboolean
parse_date (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = NULL;

  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-')
    {
      for (guint i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
          return FALSE;
      return g_date_valid_dmy ((text[8] - '0') * 10 + (text[9] - '0'),
                               (text[5] - '0') * 10 + (text[6] - '0'),
                               g_ascii_strtoull (text, NULL, 10));
    }

  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);
  return dt != NULL;
}

gboolean
cs_value_type_check (CsValueType  type,
                     JsonNode    *node)
{
  GType vt;

  g_return_val_if_fail (node != NULL, FALSE);

  switch (type)
    {
    case CS_VALUE_OBJECT:
      return JSON_NODE_HOLDS_OBJECT (node);
    case CS_VALUE_ARRAY:
      return JSON_NODE_HOLDS_ARRAY (node);
    case CS_VALUE_STRING:
    case CS_VALUE_INTEGER:
    case CS_VALUE_NUMBER:
    case CS_VALUE_BOOLEAN:
    case CS_VALUE_DATE:
    default:
      break;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  vt = json_node_get_value_type (node);

  switch (type)
    {
    case CS_VALUE_STRING:
      return vt == G_TYPE_STRING;
    case CS_VALUE_INTEGER:
      if (vt == G_TYPE_DOUBLE)
        {
          double v = json_node_get_double (node);
          return isfinite (v) && floor (v) == v;
        }
      return vt == G_TYPE_INT64;
    case CS_VALUE_NUMBER:
      return vt == G_TYPE_INT64 || vt == G_TYPE_DOUBLE;
    case CS_VALUE_BOOLEAN:
      return vt == G_TYPE_BOOLEAN;
    case CS_VALUE_DATE:
      return vt == G_TYPE_STRING && parse_date (json_node_get_string (node));
    case CS_VALUE_OBJECT:
    case CS_VALUE_ARRAY:
    default:
      return FALSE;
    }
}

static const char *
describe_node (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "object";
    case JSON_NODE_ARRAY:
      return "array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return "integer";
    case G_TYPE_DOUBLE:
      return "number";
    case G_TYPE_BOOLEAN:
      return "boolean";
    case G_TYPE_STRING:
    default:
      return "string";
    }
}

JsonNode *
cs_json_node_deep_copy (JsonNode *node)
{
  JsonNode *copy;

  g_return_val_if_fail (node != NULL, NULL);

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *src = json_node_get_object (node);
        g_autoptr(JsonObject) dst = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init_ordered (&iter, src);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          json_object_set_member (dst, name, cs_json_node_deep_copy (member));
        copy = json_node_new (JSON_NODE_OBJECT);
        json_node_set_object (copy, dst);
        return copy;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *src = json_node_get_array (node);
        g_autoptr(JsonArray) dst = json_array_sized_new (json_array_get_length (src));

        for (guint i = 0; i < json_array_get_length (src); i++)
          json_array_add_element (dst, cs_json_node_deep_copy (json_array_get_element (src, i)));
        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_set_array (copy, dst);
        return copy;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

gboolean
cs_data_path_is_valid (const char *path)
{
  g_auto(GStrv) segments = NULL;

  if (path == NULL || *path == '\0')
    return FALSE;
  if (g_str_equal (path, "$"))
    return TRUE;

  segments = g_strsplit (path, ".", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (segments[i][0] == '\0')
        return FALSE;
      for (const char *p = segments[i]; *p; p++)
        if (g_ascii_isspace (*p))
          return FALSE;
    }
  return TRUE;
}

JsonNode *
cs_data_path_lookup (JsonNode   *root,
                     const char *path)
{
  g_auto(GStrv) segments = NULL;
  JsonNode *node = root;

  g_return_val_if_fail (path != NULL, NULL);

  if (root == NULL || !cs_data_path_is_valid (path))
    return NULL;
  if (g_str_equal (path, "$"))
    return root;

  segments = g_strsplit (path, ".", -1);
  for (guint i = 0; segments[i] != NULL && node != NULL; i++)
    {
      const char *seg = segments[i];

      if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), seg);
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint64 index;

          if (!g_ascii_string_to_unsigned (seg, 10, 0, G_MAXUINT, &index, NULL) ||
              index >= json_array_get_length (array))
            return NULL;
          node = json_array_get_element (array, index);
        }
      else
        return NULL;
    }
  return node;
}

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

/* CsStepParam */

CsStepParam *
cs_step_param_new (const char  *name,
                   CsValueType  type,
                   gboolean     required,
                   const char  *pattern,
                   const char  *source,
                   const char  *description)
{
  CsStepParam *param;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (type <= CS_VALUE_ARRAY, NULL);

  param = g_new0 (CsStepParam, 1);
  g_atomic_ref_count_init (&param->ref_count);
  param->name = g_strdup (name);
  param->type = type;
  param->required = !!required;
  param->source = (source && *source) ? g_strdup (source) : NULL;
  param->description = (description && *description) ? g_strdup (description) : NULL;

  if (pattern != NULL && *pattern != '\0')
    {
      g_autoptr(GError) error = NULL;

      param->pattern = g_strdup (pattern);
      /* Compiled once here so that concurrent readers never race on a cache. */
      param->regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, &error);
      if (param->regex == NULL)
        param->pattern_error = g_strdup (error->message);
    }

  return param;
}

CsStepParam *
cs_step_param_new_output (const char  *name,
                          CsValueType  type,
                          const char  *description)
{
  return cs_step_param_new (name, type, FALSE, NULL, NULL, description);
}

CsStepParam *
cs_step_param_ref (CsStepParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  g_atomic_ref_count_inc (&param->ref_count);
  return param;
}

void
cs_step_param_unref (CsStepParam *param)
{
  g_return_if_fail (param != NULL);

  if (!g_atomic_ref_count_dec (&param->ref_count))
    return;
  g_free (param->name);
  g_free (param->pattern);
  g_clear_pointer (&param->regex, g_regex_unref);
  g_free (param->pattern_error);
  g_free (param->source);
  g_free (param->description);
  g_free (param);
}

gboolean
cs_step_param_equal (CsStepParam *a,
                     CsStepParam *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return g_str_equal (a->name, b->name) &&
         a->type == b->type &&
         a->required == b->required &&
         g_strcmp0 (a->pattern, b->pattern) == 0 &&
         g_strcmp0 (a->source, b->source) == 0 &&
         g_strcmp0 (a->description, b->description) == 0;
}

const char *
cs_step_param_get_name (CsStepParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);
  return param->name;
}

CsValueType
cs_step_param_get_value_type (CsStepParam *param)
{
  g_return_val_if_fail (param != NULL, CS_VALUE_STRING);
  return param->type;
}

gboolean
cs_step_param_get_required (CsStepParam *param)
{
  g_return_val_if_fail (param != NULL, FALSE);
  return param->required;
}

const char *
cs_step_param_get_pattern (CsStepParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);
  return param->pattern;
}

GRegex *
cs_step_param_get_regex (CsStepParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);
  return param->regex;
}

const char *
cs_step_param_get_pattern_error (CsStepParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);
  return param->pattern_error;
}

const char *
cs_step_param_get_source (CsStepParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);
  return param->source;
}

const char *
cs_step_param_get_description (CsStepParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);
  return param->description;
}

/* Template fields */

static void
template_field_clear (TemplateField *field)
{
  g_clear_pointer (&field->source, g_free);
  g_clear_pointer (&field->tmpl, cs_template_unref);
  g_clear_error (&field->error);
  field->error_offset = 0;
}

/* Returns FALSE when @source is what the field already holds. */
static gboolean
template_field_set (TemplateField *field,
                    const char    *source)
{
  if (g_strcmp0 (field->source, source) == 0)
    return FALSE;
  template_field_clear (field);
  if (source != NULL)
    {
      field->source = g_strdup (source);
      field->tmpl = cs_template_parse (source, &field->error_offset, &field->error);
    }
  return TRUE;
}

static void
template_field_copy (TemplateField       *dst,
                     const TemplateField *src)
{
  dst->source = g_strdup (src->source);
  dst->tmpl = src->tmpl ? cs_template_ref (src->tmpl) : NULL;
  dst->error = src->error ? g_error_copy (src->error) : NULL;
  dst->error_offset = src->error_offset;
}

static void
header_free (Header *header)
{
  g_free (header->name);
  template_field_clear (&header->value);
  g_free (header);
}

static void
mapping_free (Mapping *mapping)
{
  g_free (mapping->key);
  g_free (mapping->path);
  g_free (mapping);
}

/* CsStep */

static void
emit_changed (CsStep *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
cs_step_finalize (GObject *object)
{
  CsStep *self = (CsStep *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->handler, g_free);
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  g_clear_pointer (&self->outputs, g_ptr_array_unref);
  g_clear_pointer (&self->parameters, json_object_unref);
  g_clear_pointer (&self->approver_roles, g_strfreev);
  g_clear_pointer (&self->agency, g_free);
  g_clear_pointer (&self->escalate_to, g_free);
  g_clear_pointer (&self->method, g_free);
  template_field_clear (&self->url);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  template_field_clear (&self->body);
  g_clear_pointer (&self->expected_statuses, g_strfreev);
  g_clear_pointer (&self->mappings, g_ptr_array_unref);

  G_OBJECT_CLASS (cs_step_parent_class)->finalize (object);
}

static void
cs_step_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  CsStep *self = CS_STEP (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_STEP_TYPE:
      g_value_set_enum (value, self->type);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_step_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  CsStep *self = CS_STEP (object);

  switch (prop_id)
    {
    case PROP_ID:
      cs_step_set_id (self, g_value_get_string (value));
      break;
    case PROP_NAME:
      cs_step_set_name (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      cs_step_set_description (self, g_value_get_string (value));
      break;
    case PROP_STEP_TYPE:
      cs_step_set_step_type (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_step_class_init (CsStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_step_finalize;
  object_class->get_property = cs_step_get_property;
  object_class->set_property = cs_step_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP_TYPE] =
    g_param_spec_enum ("step-type", NULL, NULL, CS_TYPE_STEP_TYPE, CS_STEP_ACTION,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cs_step_init (CsStep *self)
{
  static const char * const default_statuses[] = { "2xx", NULL };

  self->name = g_strdup ("");
  self->description = g_strdup ("");
  self->inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_step_param_unref);
  self->outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_step_param_unref);
  self->approver_roles = g_new0 (char *, 1);
  self->quorum = CS_QUORUM_ANY;
  self->method = g_strdup ("GET");
  self->headers = g_ptr_array_new_with_free_func ((GDestroyNotify) header_free);
  self->timeout_ms = 10000;
  self->max_attempts = 3;
  self->backoff_base_ms = 500;
  self->backoff_max_ms = 30000;
  self->expected_statuses = g_strdupv ((char **) default_statuses);
  self->breaker_threshold = 5;
  self->breaker_reset_seconds = 60;
  self->mappings = g_ptr_array_new_with_free_func ((GDestroyNotify) mapping_free);
  self->terminal_status = CS_TERMINAL_SUCCESS;
}

CsStep *
cs_step_new (const char *id,
             CsStepType  type,
             const char *name)
{
  CsStep *self;

  g_return_val_if_fail (type <= CS_STEP_TERMINAL, NULL);

  self = g_object_new (CS_TYPE_STEP, NULL);
  self->id = g_strdup (id);
  self->type = type;
  g_free (self->name);
  self->name = g_strdup (name ? name : "");
  return self;
}

static GPtrArray *
copy_params (GPtrArray *params)
{
  GPtrArray *copy = g_ptr_array_new_full (params->len, (GDestroyNotify) cs_step_param_unref);

  for (guint i = 0; i < params->len; i++)
    g_ptr_array_add (copy, cs_step_param_ref (g_ptr_array_index (params, i)));
  return copy;
}

static JsonObject *
copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) copy = NULL;

  json_node_set_object (node, object);
  copy = cs_json_node_deep_copy (node);
  return json_object_ref (json_node_get_object (copy));
}

CsStep *
cs_step_copy (CsStep *step)
{
  CsStep *copy;

  g_return_val_if_fail (CS_IS_STEP (step), NULL);

  copy = cs_step_new (step->id, step->type, step->name);
  g_free (copy->description);
  copy->description = g_strdup (step->description);
  copy->has_position = step->has_position;
  copy->pinned = step->pinned;
  copy->x = step->x;
  copy->y = step->y;

  copy->handler = g_strdup (step->handler);
  g_ptr_array_unref (copy->inputs);
  copy->inputs = copy_params (step->inputs);
  g_ptr_array_unref (copy->outputs);
  copy->outputs = copy_params (step->outputs);
  copy->parameters = step->parameters ? copy_object (step->parameters) : NULL;

  g_strfreev (copy->approver_roles);
  copy->approver_roles = g_strdupv (step->approver_roles);
  copy->agency = g_strdup (step->agency);
  copy->quorum = step->quorum;
  copy->due_seconds = step->due_seconds;
  copy->escalate_to = g_strdup (step->escalate_to);

  g_free (copy->method);
  copy->method = g_strdup (step->method);
  template_field_copy (&copy->url, &step->url);
  for (guint i = 0; i < step->headers->len; i++)
    {
      const Header *src = g_ptr_array_index (step->headers, i);
      Header *dst = g_new0 (Header, 1);

      dst->name = g_strdup (src->name);
      template_field_copy (&dst->value, &src->value);
      g_ptr_array_add (copy->headers, dst);
    }
  template_field_copy (&copy->body, &step->body);
  copy->timeout_ms = step->timeout_ms;
  copy->max_attempts = step->max_attempts;
  copy->backoff_base_ms = step->backoff_base_ms;
  copy->backoff_max_ms = step->backoff_max_ms;
  g_strfreev (copy->expected_statuses);
  copy->expected_statuses = g_strdupv (step->expected_statuses);
  copy->breaker_threshold = step->breaker_threshold;
  copy->breaker_reset_seconds = step->breaker_reset_seconds;
  for (guint i = 0; i < step->mappings->len; i++)
    {
      const Mapping *src = g_ptr_array_index (step->mappings, i);
      Mapping *dst = g_new0 (Mapping, 1);

      dst->key = g_strdup (src->key);
      dst->path = g_strdup (src->path);
      g_ptr_array_add (copy->mappings, dst);
    }

  copy->terminal_status = step->terminal_status;

  memcpy (copy->sim, step->sim, sizeof step->sim);
  copy->sim_set = step->sim_set;

  return copy;
}

static gboolean
params_equal (GPtrArray *a,
              GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!cs_step_param_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

static gboolean
strv_equal0 (char **a,
             char **b)
{
  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}

static gboolean
config_equal (CsStep *a,
              CsStep *b)
{
  switch (a->type)
    {
    case CS_STEP_ACTION:
      if (a->parameters == NULL || b->parameters == NULL)
        {
          if (a->parameters != b->parameters)
            return FALSE;
        }
      else if (!json_object_equal (a->parameters, b->parameters))
        return FALSE;
      return g_strcmp0 (a->handler, b->handler) == 0 &&
             params_equal (a->inputs, b->inputs) &&
             params_equal (a->outputs, b->outputs);

    case CS_STEP_APPROVAL:
      return strv_equal0 (a->approver_roles, b->approver_roles) &&
             g_strcmp0 (a->agency, b->agency) == 0 &&
             a->quorum == b->quorum &&
             a->due_seconds == b->due_seconds &&
             g_strcmp0 (a->escalate_to, b->escalate_to) == 0;

    case CS_STEP_INTEGRATION:
      if (g_strcmp0 (a->method, b->method) != 0 ||
          g_strcmp0 (a->url.source, b->url.source) != 0 ||
          g_strcmp0 (a->body.source, b->body.source) != 0 ||
          a->timeout_ms != b->timeout_ms ||
          a->max_attempts != b->max_attempts ||
          a->backoff_base_ms != b->backoff_base_ms ||
          a->backoff_max_ms != b->backoff_max_ms ||
          !strv_equal0 (a->expected_statuses, b->expected_statuses) ||
          a->breaker_threshold != b->breaker_threshold ||
          a->breaker_reset_seconds != b->breaker_reset_seconds ||
          a->headers->len != b->headers->len ||
          a->mappings->len != b->mappings->len)
        return FALSE;
      for (guint i = 0; i < a->headers->len; i++)
        {
          const Header *ha = g_ptr_array_index (a->headers, i);
          const Header *hb = g_ptr_array_index (b->headers, i);

          if (!g_str_equal (ha->name, hb->name) ||
              g_strcmp0 (ha->value.source, hb->value.source) != 0)
            return FALSE;
        }
      for (guint i = 0; i < a->mappings->len; i++)
        {
          const Mapping *ma = g_ptr_array_index (a->mappings, i);
          const Mapping *mb = g_ptr_array_index (b->mappings, i);

          if (!g_str_equal (ma->key, mb->key) || !g_str_equal (ma->path, mb->path))
            return FALSE;
        }
      return TRUE;

    case CS_STEP_TERMINAL:
      return a->terminal_status == b->terminal_status;

    case CS_STEP_CONDITIONAL:
    default:
      return TRUE;
    }
}

gboolean
cs_step_equal (CsStep *a,
               CsStep *b)
{
  g_return_val_if_fail (CS_IS_STEP (a), FALSE);
  g_return_val_if_fail (CS_IS_STEP (b), FALSE);

  if (g_strcmp0 (a->id, b->id) != 0 ||
      !g_str_equal (a->name, b->name) ||
      !g_str_equal (a->description, b->description) ||
      a->type != b->type ||
      a->has_position != b->has_position ||
      a->sim_set != b->sim_set)
    return FALSE;

  if (a->has_position &&
      (a->x != b->x || a->y != b->y || a->pinned != b->pinned))
    return FALSE;

  for (guint i = 0; i < CS_SIM_N_PARAMS; i++)
    if ((a->sim_set & (1u << i)) && a->sim[i] != b->sim[i])
      return FALSE;

  return config_equal (a, b);
}

gboolean
cs_step_id_is_valid (const char *id)
{
  if (id == NULL || *id == '\0')
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
set_string_property (CsStep      *self,
                     char       **field,
                     const char  *value,
                     guint        prop_id)
{
  if (!replace_string (field, value))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  emit_changed (self);
}

/* For nullable configuration strings: "" is stored as NULL. */
static void
set_config_string (CsStep      *self,
                   char       **field,
                   const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (replace_string (field, value))
    emit_changed (self);
}

const char *
cs_step_get_id (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return step->id;
}

void
cs_step_set_id (CsStep     *step,
                const char *id)
{
  g_return_if_fail (CS_IS_STEP (step));
  set_string_property (step, &step->id, id, PROP_ID);
}

const char *
cs_step_get_name (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return step->name;
}

void
cs_step_set_name (CsStep     *step,
                  const char *name)
{
  g_return_if_fail (CS_IS_STEP (step));
  set_string_property (step, &step->name, name ? name : "", PROP_NAME);
}

const char *
cs_step_get_description (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return step->description;
}

void
cs_step_set_description (CsStep     *step,
                         const char *description)
{
  g_return_if_fail (CS_IS_STEP (step));
  set_string_property (step, &step->description, description ? description : "",
                       PROP_DESCRIPTION);
}

CsStepType
cs_step_get_step_type (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), CS_STEP_ACTION);
  return step->type;
}

void
cs_step_set_step_type (CsStep     *step,
                       CsStepType  type)
{
  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (type <= CS_STEP_TERMINAL);

  if (step->type == type)
    return;
  step->type = type;
  g_object_notify_by_pspec (G_OBJECT (step), properties[PROP_STEP_TYPE]);
  emit_changed (step);
}

gboolean
cs_step_get_position (CsStep   *step,
                      double   *x,
                      double   *y,
                      gboolean *pinned)
{
  g_return_val_if_fail (CS_IS_STEP (step), FALSE);

  if (x != NULL)
    *x = step->x;
  if (y != NULL)
    *y = step->y;
  if (pinned != NULL)
    *pinned = step->pinned;
  return step->has_position;
}

void
cs_step_set_position (CsStep   *step,
                      double    x,
                      double    y,
                      gboolean  pinned)
{
  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (isfinite (x) && isfinite (y));

  pinned = !!pinned;
  if (step->has_position && step->x == x && step->y == y && step->pinned == pinned)
    return;
  step->has_position = TRUE;
  step->x = x;
  step->y = y;
  step->pinned = pinned;
  emit_changed (step);
}

void
cs_step_clear_position (CsStep *step)
{
  g_return_if_fail (CS_IS_STEP (step));

  if (!step->has_position)
    return;
  step->has_position = FALSE;
  step->x = step->y = 0.0;
  step->pinned = FALSE;
  emit_changed (step);
}

/* Action */

const char *
cs_step_get_handler (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return step->handler;
}

void
cs_step_set_handler (CsStep     *step,
                     const char *handler)
{
  g_return_if_fail (CS_IS_STEP (step));
  set_config_string (step, &step->handler, handler);
}

GPtrArray *
cs_step_get_inputs (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return step->inputs;
}

GPtrArray *
cs_step_get_outputs (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return step->outputs;
}

static int
find_param (GPtrArray  *params,
            const char *name)
{
  for (guint i = 0; i < params->len; i++)
    if (g_str_equal (((CsStepParam *) g_ptr_array_index (params, i))->name, name))
      return i;
  return -1;
}

static void
add_param (CsStep      *self,
           GPtrArray   *params,
           CsStepParam *param)
{
  int index = find_param (params, param->name);

  cs_step_param_ref (param);
  if (index >= 0)
    {
      cs_step_param_unref (g_ptr_array_index (params, index));
      g_ptr_array_index (params, index) = param;
    }
  else
    g_ptr_array_add (params, param);
  emit_changed (self);
}

static gboolean
remove_param (CsStep     *self,
              GPtrArray  *params,
              const char *name)
{
  int index = find_param (params, name);

  if (index < 0)
    return FALSE;
  g_ptr_array_remove_index (params, index);
  emit_changed (self);
  return TRUE;
}

void
cs_step_add_input (CsStep      *step,
                   CsStepParam *input)
{
  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (input != NULL);
  add_param (step, step->inputs, input);
}

void
cs_step_add_output (CsStep      *step,
                    CsStepParam *output)
{
  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (output != NULL);
  add_param (step, step->outputs, output);
}

gboolean
cs_step_remove_input (CsStep     *step,
                      const char *name)
{
  g_return_val_if_fail (CS_IS_STEP (step), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  return remove_param (step, step->inputs, name);
}

gboolean
cs_step_remove_output (CsStep     *step,
                       const char *name)
{
  g_return_val_if_fail (CS_IS_STEP (step), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  return remove_param (step, step->outputs, name);
}

CsStepParam *
cs_step_find_input (CsStep     *step,
                    const char *name)
{
  int index;

  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  index = find_param (step->inputs, name);
  return index >= 0 ? g_ptr_array_index (step->inputs, index) : NULL;
}

CsStepParam *
cs_step_find_output (CsStep     *step,
                     const char *name)
{
  int index;

  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  index = find_param (step->outputs, name);
  return index >= 0 ? g_ptr_array_index (step->outputs, index) : NULL;
}

static void
set_params (CsStep     *self,
            GPtrArray **field,
            GPtrArray  *params)
{
  GPtrArray *replacement = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_step_param_unref);

  /* Referenced before the old array goes, in case @params is that array. */
  for (guint i = 0; params != NULL && i < params->len; i++)
    g_ptr_array_add (replacement, cs_step_param_ref (g_ptr_array_index (params, i)));
  g_ptr_array_unref (*field);
  *field = replacement;
  emit_changed (self);
}

void
cs_step_set_inputs (CsStep    *step,
                    GPtrArray *inputs)
{
  g_return_if_fail (CS_IS_STEP (step));
  set_params (step, &step->inputs, inputs);
}

void
cs_step_set_outputs (CsStep    *step,
                     GPtrArray *outputs)
{
  g_return_if_fail (CS_IS_STEP (step));
  set_params (step, &step->outputs, outputs);
}

JsonObject *
cs_step_get_parameters (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return step->parameters;
}

void
cs_step_set_parameters (CsStep     *step,
                        JsonObject *parameters)
{
  g_return_if_fail (CS_IS_STEP (step));

  if (parameters != NULL && json_object_get_size (parameters) == 0)
    parameters = NULL;
  if (parameters == NULL && step->parameters == NULL)
    return;
  g_clear_pointer (&step->parameters, json_object_unref);
  if (parameters != NULL)
    step->parameters = copy_object (parameters);
  emit_changed (step);
}

void
cs_step_take_parameter (CsStep     *step,
                        const char *name,
                        JsonNode   *value)
{
  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (name != NULL);

  if (value == NULL)
    {
      if (step->parameters == NULL || !json_object_has_member (step->parameters, name))
        return;
      json_object_remove_member (step->parameters, name);
      if (json_object_get_size (step->parameters) == 0)
        g_clear_pointer (&step->parameters, json_object_unref);
    }
  else
    {
      if (step->parameters == NULL)
        step->parameters = json_object_new ();
      json_object_set_member (step->parameters, name, value);
    }
  emit_changed (step);
}

JsonObject *
cs_step_build_inputs (CsStep     *step,
                      JsonObject *instance_data)
{
  g_autoptr(JsonObject) inputs = json_object_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (CS_IS_STEP (step), NULL);

  if (instance_data != NULL)
    {
      root = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (root, instance_data);
    }

  if (step->inputs->len == 0)
    {
      if (instance_data != NULL)
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *member;

          json_object_iter_init_ordered (&iter, instance_data);
          while (json_object_iter_next_ordered (&iter, &name, &member))
            json_object_set_member (inputs, name, cs_json_node_deep_copy (member));
        }
      if (step->parameters != NULL)
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *member;

          json_object_iter_init_ordered (&iter, step->parameters);
          while (json_object_iter_next_ordered (&iter, &name, &member))
            json_object_set_member (inputs, name, cs_json_node_deep_copy (member));
        }
      return g_steal_pointer (&inputs);
    }

  for (guint i = 0; i < step->inputs->len; i++)
    {
      CsStepParam *param = g_ptr_array_index (step->inputs, i);
      JsonNode *value = NULL;

      if (step->parameters != NULL)
        value = json_object_get_member (step->parameters, param->name);
      if (value == NULL)
        value = cs_data_path_lookup (root, param->source ? param->source : param->name);
      if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
        json_object_set_member (inputs, param->name, cs_json_node_deep_copy (value));
    }

  return g_steal_pointer (&inputs);
}

static void
add_message (GPtrArray  *errors_out,
             char       *message)
{
  if (errors_out != NULL)
    g_ptr_array_add (errors_out, message);
  else
    g_free (message);
}

gboolean
cs_step_validate_inputs (CsStep     *step,
                         JsonObject *inputs,
                         GPtrArray  *errors_out)
{
  gboolean valid = TRUE;

  g_return_val_if_fail (CS_IS_STEP (step), FALSE);

  for (guint i = 0; i < step->inputs->len; i++)
    {
      CsStepParam *param = g_ptr_array_index (step->inputs, i);
      JsonNode *value = inputs ? json_object_get_member (inputs, param->name) : NULL;
      const char *text;

      if (value == NULL || JSON_NODE_HOLDS_NULL (value))
        {
          if (param->required)
            {
              add_message (errors_out, g_strdup_printf (_("Missing required input: %s"),
                                                        param->name));
              valid = FALSE;
            }
          continue;
        }

      if (!cs_value_type_check (param->type, value))
        {
          if (param->type == CS_VALUE_DATE && JSON_NODE_HOLDS_VALUE (value) &&
              json_node_get_value_type (value) == G_TYPE_STRING)
            add_message (errors_out,
                         g_strdup_printf (_("Invalid input %s: “%s” is not a date (YYYY-MM-DD)"),
                                          param->name, json_node_get_string (value)));
          else
            add_message (errors_out,
                         g_strdup_printf (_("Invalid input %s: expected %s, got %s"),
                                          param->name, value_type_names[param->type],
                                          describe_node (value)));
          valid = FALSE;
          continue;
        }

      if (param->pattern == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
          json_node_get_value_type (value) != G_TYPE_STRING)
        continue;

      text = json_node_get_string (value);
      if (param->regex == NULL)
        {
          add_message (errors_out,
                       g_strdup_printf (_("Cannot check input %s: its pattern %s is invalid"),
                                        param->name, param->pattern));
          valid = FALSE;
        }
      else if (!g_regex_match (param->regex, text, 0, NULL))
        {
          add_message (errors_out,
                       g_strdup_printf (_("Invalid input %s: “%s” does not match the pattern %s"),
                                        param->name, text, param->pattern));
          valid = FALSE;
        }
    }

  return valid;
}

void
cs_step_merge_outputs (CsStep     *step,
                       JsonObject *outputs,
                       JsonObject *instance_data)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (outputs != NULL);
  g_return_if_fail (instance_data != NULL);

  json_object_iter_init_ordered (&iter, outputs);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    if (step->outputs->len == 0 || find_param (step->outputs, name) >= 0)
      json_object_set_member (instance_data, name, cs_json_node_deep_copy (member));
}

/* Approval */

const char * const *
cs_step_get_approver_roles (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return (const char * const *) step->approver_roles;
}

void
cs_step_set_approver_roles (CsStep             *step,
                            const char * const *roles)
{
  static const char * const none[] = { NULL };

  g_return_if_fail (CS_IS_STEP (step));

  if (roles == NULL)
    roles = none;
  if (g_strv_equal (roles, (const char * const *) step->approver_roles))
    return;
  g_strfreev (step->approver_roles);
  step->approver_roles = g_strdupv ((char **) roles);
  emit_changed (step);
}

void
cs_step_add_approver_role (CsStep     *step,
                           const char *role)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (role != NULL);

  if (g_strv_contains ((const char * const *) step->approver_roles, role))
    return;
  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) step->approver_roles);
  g_strv_builder_add (builder, role);
  g_strfreev (step->approver_roles);
  step->approver_roles = g_strv_builder_end (builder);
  emit_changed (step);
}

const char *
cs_step_get_agency (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return step->agency;
}

void
cs_step_set_agency (CsStep     *step,
                    const char *agency)
{
  g_return_if_fail (CS_IS_STEP (step));
  set_config_string (step, &step->agency, agency);
}

CsQuorum
cs_step_get_quorum (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), CS_QUORUM_ANY);
  return step->quorum;
}

void
cs_step_set_quorum (CsStep   *step,
                    CsQuorum  quorum)
{
  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (quorum <= CS_QUORUM_ALL);

  if (step->quorum == quorum)
    return;
  step->quorum = quorum;
  emit_changed (step);
}

guint
cs_step_get_approvals_required (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), 0);

  if (step->quorum == CS_QUORUM_ANY)
    return 1;
  return g_strv_length (step->approver_roles);
}

guint
cs_step_get_due_seconds (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), 0);
  return step->due_seconds;
}

void
cs_step_set_due_seconds (CsStep *step,
                         guint   seconds)
{
  g_return_if_fail (CS_IS_STEP (step));

  if (step->due_seconds == seconds)
    return;
  step->due_seconds = seconds;
  emit_changed (step);
}

const char *
cs_step_get_escalate_to (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return step->escalate_to;
}

void
cs_step_set_escalate_to (CsStep     *step,
                         const char *role)
{
  g_return_if_fail (CS_IS_STEP (step));
  set_config_string (step, &step->escalate_to, role);
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

  if (replace_string (&step->method, method))
    emit_changed (step);
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
  if (template_field_set (&step->url, url_template))
    emit_changed (step);
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
  template_field_set (&header->value, value_template);
  emit_changed (step);
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
  emit_changed (step);
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
  if (template_field_set (&step->body, body_template))
    emit_changed (step);
}

static void
set_uint (CsStep *self,
          guint  *field,
          guint   value)
{
  if (*field == value)
    return;
  *field = value;
  emit_changed (self);
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
  emit_changed (step);
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
  emit_changed (step);
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
  emit_changed (step);
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
      if (!replace_string (&mapping->path, path))
        return;
    }
  else
    {
      mapping = g_new0 (Mapping, 1);
      mapping->key = g_strdup (key);
      mapping->path = g_strdup (path);
      g_ptr_array_add (step->mappings, mapping);
    }
  emit_changed (step);
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
  emit_changed (step);
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

/* Terminal */

CsTerminalStatus
cs_step_get_terminal_status (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), CS_TERMINAL_SUCCESS);
  return step->terminal_status;
}

void
cs_step_set_terminal_status (CsStep           *step,
                             CsTerminalStatus  status)
{
  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (status <= CS_TERMINAL_CANCELLED);

  if (step->terminal_status == status)
    return;
  step->terminal_status = status;
  emit_changed (step);
}

/* Simulation */

gboolean
cs_step_has_sim (CsStep     *step,
                 CsSimParam  param)
{
  g_return_val_if_fail (CS_IS_STEP (step), FALSE);
  g_return_val_if_fail (param < CS_SIM_N_PARAMS, FALSE);

  return (step->sim_set & (1u << param)) != 0;
}

double
cs_step_get_sim (CsStep     *step,
                 CsSimParam  param)
{
  g_return_val_if_fail (CS_IS_STEP (step), 0.0);
  g_return_val_if_fail (param < CS_SIM_N_PARAMS, 0.0);

  if (step->sim_set & (1u << param))
    return step->sim[param];
  return cs_sim_param_default (step->type, param);
}

void
cs_step_set_sim (CsStep     *step,
                 CsSimParam  param,
                 double      value)
{
  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (param < CS_SIM_N_PARAMS);
  g_return_if_fail (isfinite (value));

  if ((step->sim_set & (1u << param)) && step->sim[param] == value)
    return;
  step->sim_set |= 1u << param;
  step->sim[param] = value;
  emit_changed (step);
}

void
cs_step_unset_sim (CsStep     *step,
                   CsSimParam  param)
{
  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (param < CS_SIM_N_PARAMS);

  if (!(step->sim_set & (1u << param)))
    return;
  step->sim_set &= ~(1u << param);
  step->sim[param] = 0.0;
  emit_changed (step);
}
