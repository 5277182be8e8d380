/* cs-step.c: one step of a workflow and its per-type configuration
 *
 * The CsStep GObject: the fields every step has (id, name, description, type,
 * canvas position), copying and comparing whole steps, the terminal status,
 * and the enumerations of cs-step.h with their names. The other per-type
 * configuration is in cs-step-params.c (actions), cs-step-approval.c,
 * cs-step-integration.c and cs-step-sim.c; cs-step-private.h has the
 * instance structure they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-step-private.h"

G_DEFINE_TYPE (CsStep, cs_step, G_TYPE_OBJECT)

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
gboolean
cs_step_template_field_set (TemplateField *field,
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

void
cs_step_emit_changed (CsStep *self)
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

JsonObject *
cs_step_copy_object (JsonObject *object)
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
  copy->parameters = step->parameters ? cs_step_copy_object (step->parameters) : NULL;

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

gboolean
cs_step_replace_string (char       **field,
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
  if (!cs_step_replace_string (field, value))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  cs_step_emit_changed (self);
}

/* For nullable configuration strings: "" is stored as NULL. */
void
cs_step_set_config_string (CsStep      *self,
                           char       **field,
                           const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (cs_step_replace_string (field, value))
    cs_step_emit_changed (self);
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
  cs_step_emit_changed (step);
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
  cs_step_emit_changed (step);
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
  cs_step_emit_changed (step);
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
  cs_step_emit_changed (step);
}
