/* cs-workflow-json.c: workflow definitions as JSON (see docs/workflow-format.md)
 *
 * The writer is our own rather than JsonGenerator's so that the files stay
 * pleasant to read and diff: numbers in their shortest exact form (0.1, not
 * 0.10000000000000001) and short arrays of strings on one line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-workflow-json.h"

/* Loading */

typedef struct
{
  GPtrArray *problems;
} Loader;

static void json_problem (Loader            *l,
                          CsProblemSeverity  severity,
                          const char        *step_id,
                          const char        *path,
                          const char        *format,
                          ...) G_GNUC_PRINTF (5, 6);

static void
json_problem (Loader            *l,
              CsProblemSeverity  severity,
              const char        *step_id,
              const char        *path,
              const char        *format,
              ...)
{
  g_autofree char *detail = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  message = g_strdup_printf ("%s: %s", path, detail);
  g_ptr_array_add (l->problems,
                   cs_problem_new (severity, CS_PROBLEM_JSON, step_id, NULL, path, -1, message));
}

static char *
member_path (const char *path,
             const char *name)
{
  return path != NULL ? g_strdup_printf ("%s.%s", path, name) : g_strdup (name);
}

static char *
index_path (const char *path,
            guint       index)
{
  return g_strdup_printf ("%s[%u]", path, index);
}

static const char *
describe (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return _("a number");
    case G_TYPE_BOOLEAN:
      return _("a boolean");
    case G_TYPE_STRING:
    default:
      return _("a string");
    }
}

/* The member, or NULL when it is absent or null (reported when required). */
static JsonNode *
get_member (Loader     *l,
            JsonObject *object,
            const char *path,
            const char *name,
            gboolean    required,
            const char *step_id)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_autofree char *at = member_path (path, name);
          json_problem (l, CS_PROBLEM_ERROR, step_id, at, _("missing"));
        }
      return NULL;
    }
  return node;
}

static void
wrong_type (Loader     *l,
            const char *step_id,
            const char *path,
            const char *name,
            const char *expected,
            JsonNode   *node)
{
  g_autofree char *at = member_path (path, name);

  /* TRANSLATORS: e.g. "expected a string, found a number" */
  json_problem (l, CS_PROBLEM_ERROR, step_id, at, _("expected %s, found %s"), expected,
                describe (node));
}

static gboolean
read_string (Loader      *l,
             JsonObject  *object,
             const char  *path,
             const char  *name,
             gboolean     required,
             const char  *step_id,
             const char **out)
{
  JsonNode *node = get_member (l, object, path, name, required, step_id);

  *out = NULL;
  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      wrong_type (l, step_id, path, name, _("a string"), node);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_int (Loader     *l,
          JsonObject *object,
          const char *path,
          const char *name,
          gboolean    required,
          const char *step_id,
          gint64      min,
          gint64      max,
          gint64     *out)
{
  JsonNode *node = get_member (l, object, path, name, required, step_id);
  gint64 value;

  if (node == NULL)
    return FALSE;
  if (!cs_value_type_check (CS_VALUE_INTEGER, node))
    {
      wrong_type (l, step_id, path, name, _("an integer"), node);
      return FALSE;
    }
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (d < (double) G_MININT64 || d > (double) G_MAXINT64)
        value = d < 0 ? G_MININT64 : G_MAXINT64;
      else
        value = (gint64) d;
    }
  else
    value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_autofree char *at = member_path (path, name);
      json_problem (l, CS_PROBLEM_ERROR, step_id, at,
                    _("%" G_GINT64_FORMAT " is out of range (%" G_GINT64_FORMAT " to %"
                      G_GINT64_FORMAT ")"), value, min, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static gboolean
read_uint (Loader     *l,
           JsonObject *object,
           const char *path,
           const char *name,
           const char *step_id,
           guint      *out)
{
  gint64 value;

  if (!read_int (l, object, path, name, FALSE, step_id, 0, G_MAXUINT, &value))
    return FALSE;
  *out = value;
  return TRUE;
}

static gboolean
read_double (Loader     *l,
             JsonObject *object,
             const char *path,
             const char *name,
             gboolean    required,
             const char *step_id,
             double     *out)
{
  JsonNode *node = get_member (l, object, path, name, required, step_id);

  if (node == NULL)
    return FALSE;
  if (!cs_value_type_check (CS_VALUE_NUMBER, node))
    {
      wrong_type (l, step_id, path, name, _("a number"), node);
      return FALSE;
    }
  *out = json_node_get_double (node);
  return TRUE;
}

static gboolean
read_bool (Loader     *l,
           JsonObject *object,
           const char *path,
           const char *name,
           const char *step_id,
           gboolean   *out)
{
  JsonNode *node = get_member (l, object, path, name, FALSE, step_id);

  if (node == NULL)
    return FALSE;
  if (!cs_value_type_check (CS_VALUE_BOOLEAN, node))
    {
      wrong_type (l, step_id, path, name, _("true or false"), node);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

static JsonArray *
read_array (Loader     *l,
            JsonObject *object,
            const char *path,
            const char *name,
            gboolean    required,
            const char *step_id)
{
  JsonNode *node = get_member (l, object, path, name, required, step_id);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      wrong_type (l, step_id, path, name, _("an array"), node);
      return NULL;
    }
  return json_node_get_array (node);
}

static JsonObject *
read_object (Loader     *l,
             JsonObject *object,
             const char *path,
             const char *name,
             gboolean    required,
             const char *step_id)
{
  JsonNode *node = get_member (l, object, path, name, required, step_id);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      wrong_type (l, step_id, path, name, _("an object"), node);
      return NULL;
    }
  return json_node_get_object (node);
}

/* The string elements of an array member; other elements are reported. */
static char **
read_string_array (Loader     *l,
                   JsonObject *object,
                   const char *path,
                   const char *name,
                   const char *step_id,
                   gboolean   *present)
{
  JsonArray *array = read_array (l, object, path, name, FALSE, step_id);
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autofree char *at = NULL;

  *present = array != NULL;
  if (array == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  at = member_path (path, name);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (cs_value_type_check (CS_VALUE_STRING, element))
        g_strv_builder_add (builder, json_node_get_string (element));
      else
        {
          g_autofree char *element_path = index_path (at, i);
          json_problem (l, CS_PROBLEM_ERROR, step_id, element_path, _("expected a string, found %s"),
                        describe (element));
        }
    }
  return g_strv_builder_end (builder);
}

static void
check_members (Loader             *l,
               JsonObject         *object,
               const char         *path,
               const char         *step_id,
               const char * const *known)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *n = names; n != NULL; n = n->next)
    if (!g_strv_contains (known, n->data))
      {
        g_autofree char *at = member_path (path, n->data);
        json_problem (l, CS_PROBLEM_WARNING, step_id, at, _("unknown member, ignored"));
      }
}

static void
load_params (Loader     *l,
             CsStep     *step,
             JsonObject *config,
             const char *config_path,
             const char *name,
             gboolean    outputs)
{
  static const char * const input_members[] = {
    "name", "type", "required", "pattern", "source", "description", NULL
  };
  static const char * const output_members[] = { "name", "type", "description", NULL };
  const char *id = cs_step_get_id (step);
  JsonArray *array = read_array (l, config, config_path, name, FALSE, id);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_step_param_unref);
  g_autofree char *array_path = member_path (config_path, name);

  if (array == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *path = index_path (array_path, i);
      JsonObject *object;
      const char *param_name, *type_text = NULL, *pattern = NULL, *source = NULL;
      const char *description = NULL;
      CsValueType type = CS_VALUE_STRING;
      gboolean required = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          json_problem (l, CS_PROBLEM_ERROR, id, path, _("expected an object, found %s"),
                        describe (element));
          continue;
        }
      object = json_node_get_object (element);
      check_members (l, object, path, id, outputs ? output_members : input_members);
      if (!read_string (l, object, path, "name", TRUE, id, &param_name))
        continue;
      if (read_string (l, object, path, "type", TRUE, id, &type_text) &&
          !cs_value_type_from_string (type_text, &type))
        {
          g_autofree char *at = member_path (path, "type");
          json_problem (l, CS_PROBLEM_ERROR, id, at,
                        _("unknown type “%s” (expected string, integer, number, boolean, date, "
                          "object or array)"), type_text);
        }
      read_string (l, object, path, "description", FALSE, id, &description);
      if (outputs)
        g_ptr_array_add (params, cs_step_param_new_output (param_name, type, description));
      else
        {
          read_bool (l, object, path, "required", id, &required);
          read_string (l, object, path, "pattern", FALSE, id, &pattern);
          read_string (l, object, path, "source", FALSE, id, &source);
          g_ptr_array_add (params, cs_step_param_new (param_name, type, required, pattern, source,
                                                      description));
        }
    }

  if (outputs)
    cs_step_set_outputs (step, params);
  else
    cs_step_set_inputs (step, params);
}

static void
load_action (Loader     *l,
             CsStep     *step,
             JsonObject *config,
             const char *path)
{
  static const char * const known[] = { "handler", "inputs", "outputs", "parameters", NULL };
  const char *id = cs_step_get_id (step);
  const char *handler;
  JsonObject *parameters;

  check_members (l, config, path, id, known);
  if (read_string (l, config, path, "handler", FALSE, id, &handler))
    cs_step_set_handler (step, handler);
  load_params (l, step, config, path, "inputs", FALSE);
  load_params (l, step, config, path, "outputs", TRUE);
  parameters = read_object (l, config, path, "parameters", FALSE, id);
  if (parameters != NULL)
    cs_step_set_parameters (step, parameters);
}

static void
load_approval (Loader     *l,
               CsStep     *step,
               JsonObject *config,
               const char *path)
{
  static const char * const known[] = {
    "approvers", "quorum", "agency", "due_seconds", "escalate_to", NULL
  };
  const char *id = cs_step_get_id (step);
  g_auto(GStrv) roles = NULL;
  const char *text;
  gboolean present;
  guint due;

  check_members (l, config, path, id, known);
  roles = read_string_array (l, config, path, "approvers", id, &present);
  if (roles != NULL)
    cs_step_set_approver_roles (step, (const char * const *) roles);
  if (read_string (l, config, path, "quorum", FALSE, id, &text))
    {
      CsQuorum quorum;

      if (cs_quorum_from_string (text, &quorum))
        cs_step_set_quorum (step, quorum);
      else
        {
          g_autofree char *at = member_path (path, "quorum");
          json_problem (l, CS_PROBLEM_ERROR, id, at, _("unknown quorum “%s” (expected any or all)"),
                        text);
        }
    }
  if (read_string (l, config, path, "agency", FALSE, id, &text))
    cs_step_set_agency (step, text);
  if (read_uint (l, config, path, "due_seconds", id, &due))
    cs_step_set_due_seconds (step, due);
  if (read_string (l, config, path, "escalate_to", FALSE, id, &text))
    cs_step_set_escalate_to (step, text);
}

static void
load_string_map (Loader     *l,
                 CsStep     *step,
                 JsonObject *config,
                 const char *path,
                 const char *name,
                 gboolean    headers)
{
  const char *id = cs_step_get_id (step);
  JsonObject *object = read_object (l, config, path, name, FALSE, id);
  g_autofree char *map_path = member_path (path, name);
  g_autoptr(GList) members = NULL;

  if (object == NULL)
    return;
  members = json_object_get_members (object);
  for (GList *m = members; m != NULL; m = m->next)
    {
      const char *value;

      if (!read_string (l, object, map_path, m->data, TRUE, id, &value))
        continue;
      if (headers)
        cs_step_set_header (step, m->data, value);
      else
        cs_step_set_response_mapping (step, m->data, value);
    }
}

static void
load_integration (Loader     *l,
                  CsStep     *step,
                  JsonObject *config,
                  const char *path)
{
  static const char * const known[] = {
    "method", "url", "headers", "body", "timeout_ms", "max_attempts", "backoff",
    "expected_statuses", "circuit_breaker", "response_mapping", NULL
  };
  static const char * const backoff_known[] = { "base_ms", "max_ms", NULL };
  static const char * const breaker_known[] = { "failure_threshold", "reset_seconds", NULL };
  const char *id = cs_step_get_id (step);
  const char *text;
  JsonObject *object;
  g_auto(GStrv) statuses = NULL;
  gboolean present;
  guint value;

  check_members (l, config, path, id, known);
  if (read_string (l, config, path, "method", FALSE, id, &text))
    cs_step_set_method (step, text);
  if (read_string (l, config, path, "url", FALSE, id, &text))
    cs_step_set_url (step, text);
  load_string_map (l, step, config, path, "headers", TRUE);
  if (read_string (l, config, path, "body", FALSE, id, &text))
    cs_step_set_body (step, text);
  if (read_uint (l, config, path, "timeout_ms", id, &value))
    cs_step_set_timeout_ms (step, value);
  if (read_uint (l, config, path, "max_attempts", id, &value))
    cs_step_set_max_attempts (step, value);

  object = read_object (l, config, path, "backoff", FALSE, id);
  if (object != NULL)
    {
      g_autofree char *at = member_path (path, "backoff");
      guint base = cs_step_get_backoff_base_ms (step), max = cs_step_get_backoff_max_ms (step);

      check_members (l, object, at, id, backoff_known);
      read_uint (l, object, at, "base_ms", id, &base);
      read_uint (l, object, at, "max_ms", id, &max);
      cs_step_set_backoff (step, base, max);
    }

  statuses = read_string_array (l, config, path, "expected_statuses", id, &present);
  if (present)
    cs_step_set_expected_statuses (step, (const char * const *) statuses);

  object = read_object (l, config, path, "circuit_breaker", FALSE, id);
  if (object != NULL)
    {
      g_autofree char *at = member_path (path, "circuit_breaker");
      guint threshold = cs_step_get_breaker_threshold (step);
      guint reset = cs_step_get_breaker_reset_seconds (step);

      check_members (l, object, at, id, breaker_known);
      read_uint (l, object, at, "failure_threshold", id, &threshold);
      read_uint (l, object, at, "reset_seconds", id, &reset);
      cs_step_set_breaker (step, threshold, reset);
    }

  load_string_map (l, step, config, path, "response_mapping", FALSE);
}

static void
load_terminal (Loader     *l,
               CsStep     *step,
               JsonObject *config,
               const char *path)
{
  static const char * const known[] = { "status", NULL };
  const char *id = cs_step_get_id (step);
  const char *text;
  CsTerminalStatus status;

  check_members (l, config, path, id, known);
  if (!read_string (l, config, path, "status", TRUE, id, &text))
    return;
  if (cs_terminal_status_from_string (text, &status))
    cs_step_set_terminal_status (step, status);
  else
    {
      g_autofree char *at = member_path (path, "status");
      json_problem (l, CS_PROBLEM_ERROR, id, at,
                    _("unknown terminal status “%s” (expected success, rejected, failed or "
                      "cancelled)"), text);
    }
}

static void
load_simulation (Loader     *l,
                 CsStep     *step,
                 JsonObject *object,
                 const char *path)
{
  const char *id = cs_step_get_id (step);
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *m = members; m != NULL; m = m->next)
    {
      CsSimParam param;
      double value;

      if (!cs_sim_param_from_string (m->data, &param))
        {
          g_autofree char *at = member_path (path, m->data);
          json_problem (l, CS_PROBLEM_WARNING, id, at, _("unknown member, ignored"));
          continue;
        }
      if (read_double (l, object, path, m->data, FALSE, id, &value) && isfinite (value))
        cs_step_set_sim (step, param, value);
    }
}

static CsStep *
load_step (Loader     *l,
           JsonNode   *node,
           const char *path)
{
  static const char * const known[] = {
    "id", "type", "name", "description", "position", "config", "simulation", NULL
  };
  JsonObject *object;
  const char *id, *type_text, *text;
  CsStepType type = CS_STEP_ACTION;
  g_autoptr(CsStep) step = NULL;
  g_autofree char *config_path = NULL;
  JsonObject *position, *config, *simulation;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      json_problem (l, CS_PROBLEM_ERROR, NULL, path, _("expected an object, found %s"),
                    describe (node));
      return NULL;
    }
  object = json_node_get_object (node);

  read_string (l, object, path, "id", TRUE, NULL, &id);
  check_members (l, object, path, id, known);
  if (read_string (l, object, path, "type", TRUE, id, &type_text) &&
      !cs_step_type_from_string (type_text, &type))
    {
      g_autofree char *at = member_path (path, "type");
      json_problem (l, CS_PROBLEM_ERROR, id, at,
                    _("unknown step type “%s” (expected action, conditional, approval, integration "
                      "or terminal); loaded as an action"), type_text);
    }

  step = cs_step_new (id, type, NULL);
  if (read_string (l, object, path, "name", FALSE, id, &text))
    cs_step_set_name (step, text);
  if (read_string (l, object, path, "description", FALSE, id, &text))
    cs_step_set_description (step, text);

  position = read_object (l, object, path, "position", FALSE, id);
  if (position != NULL)
    {
      static const char * const position_known[] = { "x", "y", "pinned", NULL };
      g_autofree char *at = member_path (path, "position");
      double x = 0, y = 0;
      gboolean pinned = FALSE;

      check_members (l, position, at, id, position_known);
      read_bool (l, position, at, "pinned", id, &pinned);
      if (read_double (l, position, at, "x", TRUE, id, &x) &&
          read_double (l, position, at, "y", TRUE, id, &y) &&
          isfinite (x) && isfinite (y))
        cs_step_set_position (step, x, y, pinned);
    }

  config = read_object (l, object, path, "config", FALSE, id);
  config_path = member_path (path, "config");
  if (config != NULL)
    switch (type)
      {
      case CS_STEP_ACTION:
        load_action (l, step, config, config_path);
        break;
      case CS_STEP_APPROVAL:
        load_approval (l, step, config, config_path);
        break;
      case CS_STEP_INTEGRATION:
        load_integration (l, step, config, config_path);
        break;
      case CS_STEP_TERMINAL:
        load_terminal (l, step, config, config_path);
        break;
      case CS_STEP_CONDITIONAL:
      default:
        {
          static const char * const none[] = { NULL };
          check_members (l, config, config_path, id, none);
        }
        break;
      }
  else if (type == CS_STEP_TERMINAL)
    {
      g_autofree char *at = member_path (config_path, "status");
      json_problem (l, CS_PROBLEM_ERROR, id, at, _("missing"));
    }

  simulation = read_object (l, object, path, "simulation", FALSE, id);
  if (simulation != NULL)
    {
      g_autofree char *at = member_path (path, "simulation");
      load_simulation (l, step, simulation, at);
    }

  return g_steal_pointer (&step);
}

/* The workflow's simulation profile. Members of the wrong type are reported
 * and left out; the rest keep their order and values, so a valid profile
 * saves back exactly as it was read. */

static gboolean
is_number (JsonNode *node)
{
  return !JSON_NODE_HOLDS_NULL (node) && cs_value_type_check (CS_VALUE_NUMBER, node);
}

static JsonNode *
wrap_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

/* An object of numbers: approval rates by step, channel weights. */
static JsonNode *
load_number_map (Loader     *l,
                 JsonNode   *node,
                 const char *path)
{
  g_autoptr(GList) names = NULL;
  JsonObject *object, *copy;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      json_problem (l, CS_PROBLEM_ERROR, NULL, path, _("expected %s, found %s"), _("an object"),
                    describe (node));
      return NULL;
    }
  object = json_node_get_object (node);
  copy = json_object_new ();
  names = json_object_get_members (object);
  for (GList *n = names; n != NULL; n = n->next)
    {
      JsonNode *member = json_object_get_member (object, n->data);

      if (is_number (member))
        json_object_set_member (copy, n->data, cs_json_node_deep_copy (member));
      else
        {
          g_autofree char *at = member_path (path, n->data);
          json_problem (l, CS_PROBLEM_ERROR, NULL, at, _("expected %s, found %s"), _("a number"),
                        describe (member));
        }
    }
  return wrap_object (copy);
}

/* Weights by weekday (7) or by hour of the day (24). */
static JsonNode *
load_number_list (Loader     *l,
                  JsonNode   *node,
                  const char *path,
                  guint       length)
{
  gboolean ok = JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == length;

  for (guint i = 0; ok && i < length; i++)
    ok = is_number (json_array_get_element (json_node_get_array (node), i));
  if (!ok)
    {
      json_problem (l, CS_PROBLEM_ERROR, NULL, path, _("expected an array of %u numbers"), length);
      return NULL;
    }
  return cs_json_node_deep_copy (node);
}

static JsonNode *
load_object_copy (Loader     *l,
                  JsonNode   *node,
                  const char *path)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      json_problem (l, CS_PROBLEM_ERROR, NULL, path, _("expected %s, found %s"), _("an object"),
                    describe (node));
      return NULL;
    }
  return cs_json_node_deep_copy (node);
}

static JsonNode *
load_sim_alternative (Loader     *l,
                      JsonNode   *node,
                      const char *path)
{
  g_autoptr(GList) names = NULL;
  JsonObject *object, *copy;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      json_problem (l, CS_PROBLEM_ERROR, NULL, path, _("expected %s, found %s"), _("an object"),
                    describe (node));
      return NULL;
    }
  object = json_node_get_object (node);
  copy = json_object_new ();
  names = json_object_get_members (object);
  for (GList *n = names; n != NULL; n = n->next)
    {
      const char *name = n->data;
      JsonNode *member = json_object_get_member (object, name);
      g_autofree char *at = member_path (path, name);
      JsonNode *value = NULL;

      if (g_str_equal (name, "weight"))
        {
          if (is_number (member))
            value = cs_json_node_deep_copy (member);
          else
            json_problem (l, CS_PROBLEM_ERROR, NULL, at, _("expected %s, found %s"), _("a number"),
                          describe (member));
        }
      else if (g_str_equal (name, "category"))
        {
          if (!JSON_NODE_HOLDS_NULL (member) && cs_value_type_check (CS_VALUE_STRING, member))
            value = cs_json_node_deep_copy (member);
          else
            json_problem (l, CS_PROBLEM_ERROR, NULL, at, _("expected %s, found %s"), _("a string"),
                          describe (member));
        }
      else if (g_str_equal (name, "data") || g_str_equal (name, "responses"))
        value = load_object_copy (l, member, at);
      else if (g_str_equal (name, "approval_rates"))
        value = load_number_map (l, member, at);
      else
        json_problem (l, CS_PROBLEM_WARNING, NULL, at, _("unknown member, ignored"));
      if (value != NULL)
        json_object_set_member (copy, name, value);
    }
  return wrap_object (copy);
}

static void
load_workflow_simulation (Loader     *l,
                          CsWorkflow *workflow,
                          JsonNode   *node)
{
  g_autoptr(JsonNode) profile = NULL;
  g_autoptr(GList) names = NULL;
  JsonObject *object, *copy;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      json_problem (l, CS_PROBLEM_ERROR, NULL, "simulation", _("expected %s, found %s"), _("an object"),
                    describe (node));
      return;
    }
  object = json_node_get_object (node);
  copy = json_object_new ();
  profile = wrap_object (copy);
  names = json_object_get_members (object);
  for (GList *n = names; n != NULL; n = n->next)
    {
      const char *name = n->data;
      JsonNode *member = json_object_get_member (object, name);
      g_autofree char *at = member_path ("simulation", name);
      JsonNode *value = NULL;

      if (g_str_equal (name, "arrivals_per_day"))
        {
          if (is_number (member))
            value = cs_json_node_deep_copy (member);
          else
            json_problem (l, CS_PROBLEM_ERROR, NULL, at, _("expected %s, found %s"), _("a number"),
                          describe (member));
        }
      else if (g_str_equal (name, "weekdays"))
        value = load_number_list (l, member, at, 7);
      else if (g_str_equal (name, "hours"))
        value = load_number_list (l, member, at, 24);
      else if (g_str_equal (name, "channels") || g_str_equal (name, "approval_rates"))
        value = load_number_map (l, member, at);
      else if (g_str_equal (name, "responses") || g_str_equal (name, "common_data"))
        value = load_object_copy (l, member, at);
      else if (g_str_equal (name, "data"))
        {
          if (!JSON_NODE_HOLDS_ARRAY (member))
            json_problem (l, CS_PROBLEM_ERROR, NULL, at, _("expected %s, found %s"), _("an array"),
                          describe (member));
          else
            {
              JsonArray *source = json_node_get_array (member);
              JsonArray *alternatives = json_array_new ();

              for (guint i = 0; i < json_array_get_length (source); i++)
                {
                  g_autofree char *element_path = index_path (at, i);
                  JsonNode *alternative = load_sim_alternative (l, json_array_get_element (source, i),
                                                                element_path);

                  if (alternative != NULL)
                    json_array_add_element (alternatives, alternative);
                }
              value = json_node_new (JSON_NODE_ARRAY);
              json_node_take_array (value, alternatives);
            }
        }
      else
        json_problem (l, CS_PROBLEM_WARNING, NULL, at, _("unknown member, ignored"));
      if (value != NULL)
        json_object_set_member (copy, name, value);
    }
  cs_workflow_set_simulation (workflow, profile);
}

static CsEdge *
load_edge (Loader     *l,
           JsonNode   *node,
           const char *path)
{
  static const char * const known[] = { "from", "to", "kind", "condition", "label", NULL };
  JsonObject *object;
  const char *from, *to, *text;
  CsEdgeKind kind = CS_EDGE_NEXT;
  CsEdge *edge;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      json_problem (l, CS_PROBLEM_ERROR, NULL, path, _("expected an object, found %s"),
                    describe (node));
      return NULL;
    }
  object = json_node_get_object (node);

  read_string (l, object, path, "from", TRUE, NULL, &from);
  check_members (l, object, path, from, known);
  read_string (l, object, path, "to", TRUE, from, &to);
  /* An edge without both ends cannot be drawn, so it cannot be repaired either. */
  if (from == NULL || to == NULL)
    return NULL;

  if (read_string (l, object, path, "kind", FALSE, from, &text) &&
      !cs_edge_kind_from_string (text, &kind))
    {
      g_autofree char *at = member_path (path, "kind");
      json_problem (l, CS_PROBLEM_ERROR, from, at,
                    _("unknown edge kind “%s” (expected next, branch, default, approved or "
                      "rejected)"), text);
    }

  edge = cs_edge_new (from, to, kind);
  if (read_string (l, object, path, "condition", FALSE, from, &text))
    cs_edge_set_condition_source (edge, text);
  if (read_string (l, object, path, "label", FALSE, from, &text))
    cs_edge_set_label (edge, text);
  return edge;
}

CsWorkflow *
cs_workflow_from_json (JsonNode   *root,
                       GPtrArray **problems,
                       GError    **error)
{
  static const char * const known[] = {
    "format", "format_version", "key", "version", "name", "description", "tenant", "status",
    "start", "steps", "edges", "simulation", "observed", NULL
  };
  g_autoptr(GPtrArray) found = NULL;
  gboolean observed = FALSE;
  g_autoptr(CsWorkflow) workflow = NULL;
  JsonObject *object;
  JsonArray *array;
  const char *text;
  gint64 number;
  Loader l;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (problems != NULL)
    *problems = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("A workflow definition must be a JSON object, not %s"), describe (root));
      return NULL;
    }
  object = json_node_get_object (root);
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_problem_unref);
  l.problems = found;

  check_members (&l, object, NULL, NULL, known);
  if (read_string (&l, object, NULL, "format", FALSE, NULL, &text) &&
      !g_str_equal (text, CS_WORKFLOW_FORMAT_NAME))
    json_problem (&l, CS_PROBLEM_ERROR, NULL, "format",
                  _("“%s” is not a workflow definition format"), text);
  if (read_int (&l, object, NULL, "format_version", FALSE, NULL, 1, G_MAXINT, &number) &&
      number > CS_WORKFLOW_FORMAT_VERSION)
    json_problem (&l, CS_PROBLEM_WARNING, NULL, "format_version",
                  _("written by a newer CivicStream (format %" G_GINT64_FORMAT "); "
                    "parts may be missing"), number);

  workflow = cs_workflow_new (NULL, 1, NULL);
  cs_workflow_freeze_changed (workflow);

  if (read_string (&l, object, NULL, "key", TRUE, NULL, &text))
    cs_workflow_set_key (workflow, text);
  if (read_int (&l, object, NULL, "version", TRUE, NULL, G_MININT, G_MAXINT, &number))
    cs_workflow_set_version (workflow, number);
  if (read_string (&l, object, NULL, "name", FALSE, NULL, &text))
    cs_workflow_set_name (workflow, text);
  if (read_string (&l, object, NULL, "description", FALSE, NULL, &text))
    cs_workflow_set_description (workflow, text);
  if (read_string (&l, object, NULL, "tenant", FALSE, NULL, &text))
    cs_workflow_set_tenant (workflow, text);
  if (read_string (&l, object, NULL, "status", FALSE, NULL, &text))
    {
      CsWorkflowStatus status;

      if (cs_workflow_status_from_string (text, &status))
        cs_workflow_set_status (workflow, status);
      else
        json_problem (&l, CS_PROBLEM_ERROR, NULL, "status",
                      _("unknown status “%s” (expected draft, published or retired)"), text);
    }
  if (read_string (&l, object, NULL, "start", FALSE, NULL, &text))
    cs_workflow_set_start_step_id (workflow, text);
  /* Discovered from an event log: its actions record what people did. */
  if (read_bool (&l, object, NULL, "observed", NULL, &observed))
    cs_workflow_set_observed (workflow, observed);

  array = read_array (&l, object, NULL, "steps", TRUE, NULL);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = index_path ("steps", i);
      g_autoptr(CsStep) step = load_step (&l, json_array_get_element (array, i), path);

      if (step != NULL)
        cs_workflow_add_step (workflow, step);
    }

  array = read_array (&l, object, NULL, "edges", FALSE, NULL);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = index_path ("edges", i);
      g_autoptr(CsEdge) edge = load_edge (&l, json_array_get_element (array, i), path);

      if (edge != NULL)
        cs_workflow_add_edge (workflow, edge);
    }

  load_workflow_simulation (&l, workflow, json_object_get_member (object, "simulation"));

  cs_workflow_thaw_changed (workflow);

  if (problems != NULL)
    *problems = g_steal_pointer (&found);
  return g_steal_pointer (&workflow);
}

CsWorkflow *
cs_workflow_load_from_data (const char  *data,
                            gssize       length,
                            GPtrArray  **problems,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (problems != NULL)
    *problems = NULL;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* json-glib's message already says "line:column: what". */
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE, _("The workflow definition is not valid JSON: %s"),
                   local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE, _("The workflow definition is empty"));
      return NULL;
    }
  return cs_workflow_from_json (json_parser_get_root (parser), problems, error);
}

CsWorkflow *
cs_workflow_load_from_file (GFile         *file,
                            GCancellable  *cancellable,
                            GPtrArray    **problems,
                            GError       **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  CsWorkflow *workflow;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (problems != NULL)
    *problems = NULL;

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;
  workflow = cs_workflow_load_from_data (contents, length, problems, &local_error);
  if (workflow == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, local_error->domain, local_error->code, "%s: %s", name,
                   local_error->message);
    }
  return workflow;
}

/* Saving */

static void
set_string_if (JsonObject *object,
               const char *name,
               const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (object, name, value);
}

static JsonArray *
strv_to_array (const char * const *strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}

static JsonArray *
params_to_array (GPtrArray *params,
                 gboolean   outputs)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < params->len; i++)
    {
      CsStepParam *param = g_ptr_array_index (params, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "name", cs_step_param_get_name (param));
      json_object_set_string_member (object, "type",
                                     cs_value_type_to_string (cs_step_param_get_value_type (param)));
      if (!outputs)
        {
          json_object_set_boolean_member (object, "required", cs_step_param_get_required (param));
          set_string_if (object, "pattern", cs_step_param_get_pattern (param));
          set_string_if (object, "source", cs_step_param_get_source (param));
        }
      set_string_if (object, "description", cs_step_param_get_description (param));
      json_array_add_object_element (array, object);
    }
  return array;
}

static JsonObject *
config_to_json (CsStep *step)
{
  JsonObject *config = json_object_new ();

  switch (cs_step_get_step_type (step))
    {
    case CS_STEP_ACTION:
      set_string_if (config, "handler", cs_step_get_handler (step));
      if (cs_step_get_inputs (step)->len > 0)
        json_object_set_array_member (config, "inputs", params_to_array (cs_step_get_inputs (step), FALSE));
      if (cs_step_get_outputs (step)->len > 0)
        json_object_set_array_member (config, "outputs", params_to_array (cs_step_get_outputs (step), TRUE));
      if (cs_step_get_parameters (step) != NULL)
        {
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
          g_autoptr(JsonNode) copy = NULL;

          json_node_set_object (node, cs_step_get_parameters (step));
          copy = cs_json_node_deep_copy (node);
          json_object_set_member (config, "parameters", g_steal_pointer (&copy));
        }
      break;

    case CS_STEP_APPROVAL:
      json_object_set_array_member (config, "approvers",
                                    strv_to_array (cs_step_get_approver_roles (step)));
      json_object_set_string_member (config, "quorum",
                                     cs_quorum_to_string (cs_step_get_quorum (step)));
      set_string_if (config, "agency", cs_step_get_agency (step));
      if (cs_step_get_due_seconds (step) > 0)
        json_object_set_int_member (config, "due_seconds", cs_step_get_due_seconds (step));
      set_string_if (config, "escalate_to", cs_step_get_escalate_to (step));
      break;

    case CS_STEP_INTEGRATION:
      {
        JsonObject *backoff = json_object_new ();
        JsonObject *breaker = json_object_new ();

        json_object_set_string_member (config, "method", cs_step_get_method (step));
        if (cs_step_get_url_source (step) != NULL)
          json_object_set_string_member (config, "url", cs_step_get_url_source (step));
        if (cs_step_get_n_headers (step) > 0)
          {
            JsonObject *headers = json_object_new ();

            for (guint i = 0; i < cs_step_get_n_headers (step); i++)
              json_object_set_string_member (headers, cs_step_get_header_name (step, i),
                                             cs_step_get_header_source (step, i));
            json_object_set_object_member (config, "headers", headers);
          }
        set_string_if (config, "body", cs_step_get_body_source (step));
        json_object_set_int_member (config, "timeout_ms", cs_step_get_timeout_ms (step));
        json_object_set_int_member (config, "max_attempts", cs_step_get_max_attempts (step));
        json_object_set_int_member (backoff, "base_ms", cs_step_get_backoff_base_ms (step));
        json_object_set_int_member (backoff, "max_ms", cs_step_get_backoff_max_ms (step));
        json_object_set_object_member (config, "backoff", backoff);
        json_object_set_array_member (config, "expected_statuses",
                                      strv_to_array (cs_step_get_expected_statuses (step)));
        json_object_set_int_member (breaker, "failure_threshold",
                                    cs_step_get_breaker_threshold (step));
        json_object_set_int_member (breaker, "reset_seconds",
                                    cs_step_get_breaker_reset_seconds (step));
        json_object_set_object_member (config, "circuit_breaker", breaker);
        if (cs_step_get_n_response_mappings (step) > 0)
          {
            JsonObject *mapping = json_object_new ();

            for (guint i = 0; i < cs_step_get_n_response_mappings (step); i++)
              json_object_set_string_member (mapping, cs_step_get_response_mapping_key (step, i),
                                             cs_step_get_response_mapping_path (step, i));
            json_object_set_object_member (config, "response_mapping", mapping);
          }
      }
      break;

    case CS_STEP_TERMINAL:
      json_object_set_string_member (config, "status",
                                     cs_terminal_status_to_string (cs_step_get_terminal_status (step)));
      break;

    case CS_STEP_CONDITIONAL:
    default:
      break;
    }

  return config;
}

static JsonNode *
step_to_json (CsStep *step)
{
  JsonObject *object = json_object_new ();
  JsonObject *config = config_to_json (step);
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *simulation = NULL;
  double x, y;
  gboolean pinned;

  set_string_if (object, "id", cs_step_get_id (step));
  json_object_set_string_member (object, "type",
                                 cs_step_type_to_string (cs_step_get_step_type (step)));
  json_object_set_string_member (object, "name", cs_step_get_name (step));
  set_string_if (object, "description", cs_step_get_description (step));
  if (cs_step_get_position (step, &x, &y, &pinned))
    {
      JsonObject *position = json_object_new ();

      json_object_set_double_member (position, "x", x);
      json_object_set_double_member (position, "y", y);
      json_object_set_boolean_member (position, "pinned", pinned);
      json_object_set_object_member (object, "position", position);
    }
  if (json_object_get_size (config) > 0)
    json_object_set_object_member (object, "config", config);
  else
    json_object_unref (config);

  for (CsSimParam param = 0; param < CS_SIM_N_PARAMS; param++)
    if (cs_step_has_sim (step, param))
      {
        if (simulation == NULL)
          {
            simulation = json_object_new ();
            json_object_set_object_member (object, "simulation", simulation);
          }
        json_object_set_double_member (simulation, cs_sim_param_to_string (param),
                                       cs_step_get_sim (step, param));
      }

  json_node_take_object (node, object);
  return node;
}

static JsonNode *
edge_to_json (CsEdge *edge)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "from", cs_edge_get_from (edge));
  json_object_set_string_member (object, "to", cs_edge_get_to (edge));
  json_object_set_string_member (object, "kind", cs_edge_kind_to_string (cs_edge_get_kind (edge)));
  if (cs_edge_get_condition_source (edge) != NULL)
    json_object_set_string_member (object, "condition", cs_edge_get_condition_source (edge));
  set_string_if (object, "label", cs_edge_get_label (edge));
  json_node_take_object (node, object);
  return node;
}

JsonNode *
cs_workflow_to_json (CsWorkflow *workflow)
{
  JsonObject *object;
  JsonArray *steps, *edges;
  JsonNode *root;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "format", CS_WORKFLOW_FORMAT_NAME);
  json_object_set_int_member (object, "format_version", CS_WORKFLOW_FORMAT_VERSION);
  set_string_if (object, "key", cs_workflow_get_key (workflow));
  json_object_set_int_member (object, "version", cs_workflow_get_version (workflow));
  json_object_set_string_member (object, "name", cs_workflow_get_name (workflow));
  set_string_if (object, "description", cs_workflow_get_description (workflow));
  set_string_if (object, "tenant", cs_workflow_get_tenant (workflow));
  json_object_set_string_member (object, "status",
                                 cs_workflow_status_to_string (cs_workflow_get_status (workflow)));
  if (cs_workflow_get_observed (workflow))
    json_object_set_boolean_member (object, "observed", TRUE);
  set_string_if (object, "start", cs_workflow_get_start_step_id (workflow));

  steps = json_array_new ();
  for (guint i = 0; i < cs_workflow_get_n_steps (workflow); i++)
    json_array_add_element (steps, step_to_json (cs_workflow_get_step (workflow, i)));
  json_object_set_array_member (object, "steps", steps);

  edges = json_array_new ();
  for (guint i = 0; i < cs_workflow_get_n_edges (workflow); i++)
    json_array_add_element (edges, edge_to_json (cs_workflow_get_edge (workflow, i)));
  json_object_set_array_member (object, "edges", edges);

  if (cs_workflow_get_simulation (workflow) != NULL)
    json_object_set_member (object, "simulation",
                            cs_json_node_deep_copy (cs_workflow_get_simulation (workflow)));

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, object);
  return root;
}

/* Writing */

static void
write_string (GString    *out,
              const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
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
  g_string_append_c (out, '"');
}

/* The shortest text that reads back as exactly @value, always with a
 * fraction or exponent so that it reads back as a double. */
static void
write_double (GString *out,
              double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      /* JSON has no infinities; the model never stores them. */
      g_string_append (out, "null");
      return;
    }
  /* Whole numbers as 1800.0, not %g's 1.8e+03. */
  if (floor (value) == value && fabs (value) < 1e15)
    {
      g_string_append_printf (out, "%.0f.0", value);
      return;
    }
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (out, buf);
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

static gboolean
is_short_scalar_array (JsonArray *array)
{
  gsize total = 0;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element))
        return FALSE;
      if (json_node_get_value_type (element) == G_TYPE_STRING)
        total += strlen (json_node_get_string (element)) + 4;
      else
        total += 8;
    }
  return total <= 72;
}

static void
write_indent (GString *out,
              guint    depth)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
write_node (GString  *out,
            JsonNode *node,
            guint     depth)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) names = json_object_get_members (object);

        if (names == NULL)
          {
            g_string_append (out, "{}");
            break;
          }
        g_string_append (out, "{\n");
        for (GList *n = names; n != NULL; n = n->next)
          {
            write_indent (out, depth + 1);
            write_string (out, n->data);
            g_string_append (out, ": ");
            write_node (out, json_object_get_member (object, n->data), depth + 1);
            g_string_append (out, n->next ? ",\n" : "\n");
          }
        write_indent (out, depth);
        g_string_append_c (out, '}');
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        gboolean inline_array = is_short_scalar_array (array);

        if (n == 0)
          {
            g_string_append (out, "[]");
            break;
          }
        g_string_append (out, inline_array ? "[" : "[\n");
        for (guint i = 0; i < n; i++)
          {
            if (!inline_array)
              write_indent (out, depth + 1);
            write_node (out, json_array_get_element (array, i), depth + 1);
            if (i + 1 < n)
              g_string_append (out, inline_array ? ", " : ",\n");
            else if (!inline_array)
              g_string_append_c (out, '\n');
          }
        if (!inline_array)
          write_indent (out, depth);
        g_string_append_c (out, ']');
        break;
      }
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          write_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
        default:
          write_string (out, json_node_get_string (node));
          break;
        }
      break;
    }
}

char *
cs_workflow_to_data (CsWorkflow *workflow,
                     gsize      *length)
{
  g_autoptr(JsonNode) root = NULL;
  GString *out;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);

  root = cs_workflow_to_json (workflow);
  out = g_string_new (NULL);
  write_node (out, root, 0);
  g_string_append_c (out, '\n');
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

gboolean
cs_workflow_save_to_file (CsWorkflow    *workflow,
                          GFile         *file,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  data = cs_workflow_to_data (workflow, &length);
  return g_file_replace_contents (file, data, length, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                  cancellable, error);
}
