/* cs-sla-policy-json.c: SLA policies to and from JSON
 *
 * Strict on purpose: an unknown member is far more likely a typo
 * ("treshold") than a field from a newer version, and a typo silently
 * ignored would leave a default in force that nobody chose.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-event-log.h"
#include "cs-sla-policy.h"

static gboolean
get_number (JsonObject  *object,
            const char  *member,
            double      *value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("SLA policy: “%s” must be a number"), member);
      return FALSE;
    }
  *value = json_node_get_double (node);
  return TRUE;
}

/* NULL when absent or null; FALSE (with error) when not a string. */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            const char **value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("SLA policy: “%s” must be a string"), member);
      return FALSE;
    }
  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
check_members (JsonObject  *object,
               GError     **error)
{
  static const char * const known[] = {
    "category", "severity", "valid_from", "threshold", "unit", "calendar", "at_risk",
    "escalation", "retired", NULL,
  };
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                     _("SLA policy: unknown member “%s”"), (const char *) l->data);
        return FALSE;
      }
  return TRUE;
}

static gboolean
get_escalation (JsonObject  *object,
                GArray      *steps,
                gboolean    *present,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, "escalation");
  JsonArray *array;

  *present = node != NULL && !JSON_NODE_HOLDS_NULL (node);
  if (!*present)
    return TRUE;
  array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      GType type = JSON_NODE_HOLDS_VALUE (item) ? json_node_get_value_type (item) : G_TYPE_INVALID;
      double step;

      if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
        {
          array = NULL;
          break;
        }
      step = json_node_get_double (item);
      g_array_append_val (steps, step);
    }
  if (array == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("SLA policy: “escalation” must be a list of fractions of the threshold, such as [1, 1.5, 2]"));
      return FALSE;
    }
  return TRUE;
}

CsSlaPolicy *
cs_sla_policy_new_from_json (JsonNode  *node,
                             GError   **error)
{
  JsonObject *object;
  JsonNode *member;
  const char *category, *severity_text, *valid_from_text, *unit_text;
  CsSeverity severity = CS_SEVERITY_MEDIUM;
  gint64 valid_from = CS_SLA_SINCE_EVER;
  CsSlaUnit unit = CS_SLA_UNIT_HOURS;
  double threshold = 0.0, at_risk = CS_SLA_DEFAULT_AT_RISK;
  gboolean retired = FALSE, has_escalation;
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(CsSlaPolicy) policy = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("An SLA policy must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!check_members (object, error) ||
      !get_string (object, "category", &category, error) ||
      !get_string (object, "severity", &severity_text, error) ||
      !get_string (object, "valid_from", &valid_from_text, error) ||
      !get_string (object, "unit", &unit_text, error) ||
      !get_number (object, "threshold", &threshold, error) ||
      !get_number (object, "at_risk", &at_risk, error) ||
      !get_escalation (object, steps, &has_escalation, error))
    return NULL;

  if (severity_text != NULL && !cs_severity_from_string (severity_text, &severity))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("SLA policy: “%s” is not a severity (use low, medium, high or critical)"),
                   severity_text);
      return NULL;
    }
  if (valid_from_text != NULL && !cs_timestamp_parse_iso8601 (valid_from_text, NULL, &valid_from))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("SLA policy: “valid_from” must be a date and time such as 2025-01-01T00:00:00Z, not “%s”"),
                   valid_from_text);
      return NULL;
    }
  member = json_object_get_member (object, "retired");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_BOOLEAN)
        {
          g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                               _("SLA policy: “retired” must be true or false"));
          return NULL;
        }
      retired = json_node_get_boolean (member);
    }

  if (retired)
    policy = cs_sla_policy_new_retired (category, severity_text != NULL ? (int) severity : CS_SLA_ANY_SEVERITY,
                                        valid_from);
  else
    {
      if (unit_text == NULL || !cs_sla_unit_from_string (unit_text, &unit))
        {
          g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                               _("SLA policy: “unit” must be “hours” or “working_days”"));
          return NULL;
        }
      policy = cs_sla_policy_new (category, severity_text != NULL ? (int) severity : CS_SLA_ANY_SEVERITY,
                                  threshold, unit);
      policy->valid_from = valid_from;
      policy->at_risk = at_risk;
      if (has_escalation)
        cs_sla_policy_set_escalation (policy, (const double *) (gpointer) steps->data, steps->len);

      member = json_object_get_member (object, "calendar");
      if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
        {
          g_autoptr(GError) local_error = NULL;
          g_autoptr(CsBusinessCalendar) calendar = cs_business_calendar_new_from_json (member, &local_error);

          if (calendar == NULL)
            {
              g_autofree char *what = cs_sla_policy_describe (policy);

              g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("SLA policy %s: %s"), what, local_error->message);
              return NULL;
            }
          cs_sla_policy_set_calendar (policy, calendar);
        }
    }

  if (!cs_sla_policy_validate (policy, error))
    return NULL;
  return g_steal_pointer (&policy);
}

JsonNode *
cs_sla_policy_to_json (const CsSlaPolicy *policy)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (policy != NULL, NULL);

  json_builder_begin_object (builder);
  if (policy->category != NULL)
    {
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder, policy->category);
    }
  if (policy->severity >= 0 && policy->severity <= CS_SEVERITY_LAST)
    {
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, cs_severity_to_string (policy->severity));
    }
  if (policy->valid_from != CS_SLA_SINCE_EVER)
    {
      g_autofree char *text = cs_timestamp_format (policy->valid_from);

      json_builder_set_member_name (builder, "valid_from");
      json_builder_add_string_value (builder, text);
    }
  if (policy->retired)
    {
      json_builder_set_member_name (builder, "retired");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
      return json_builder_get_root (builder);
    }
  json_builder_set_member_name (builder, "threshold");
  json_builder_add_double_value (builder, policy->threshold);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, cs_sla_unit_to_string (policy->unit));
  if (policy->calendar != NULL)
    {
      json_builder_set_member_name (builder, "calendar");
      json_builder_add_value (builder, cs_business_calendar_to_json (policy->calendar));
    }
  json_builder_set_member_name (builder, "at_risk");
  json_builder_add_double_value (builder, policy->at_risk);
  json_builder_set_member_name (builder, "escalation");
  json_builder_begin_array (builder);
  for (guint i = 0; i < policy->n_escalation; i++)
    json_builder_add_double_value (builder, policy->escalation[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
