/* cs-step-params.c: the inputs and outputs of action steps
 *
 * CsStepParam, the immutable declaration of one input or output; checking a
 * JSON value against a CsValueType; dotted data paths into the instance data
 * and deep copies of JSON; and the action configuration of a CsStep: its
 * handler, declared inputs and outputs and constant parameters, building the
 * handler's inputs from the instance data, validating them, and merging the
 * handler's outputs back into the instance data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-step-private.h"

G_DEFINE_BOXED_TYPE (CsStepParam, cs_step_param, cs_step_param_ref, cs_step_param_unref)

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
  cs_step_set_config_string (step, &step->handler, handler);
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
  cs_step_emit_changed (self);
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
  cs_step_emit_changed (self);
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
  cs_step_emit_changed (self);
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
    step->parameters = cs_step_copy_object (parameters);
  cs_step_emit_changed (step);
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
  cs_step_emit_changed (step);
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
                                          param->name, cs_value_type_to_string (param->type),
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
