/* cs-alert-rule-json.c: alert rules to and from JSON
 *
 * A rule that does not load is refused as a whole with a message naming the
 * rule and the member, so that the Alerts page can keep the previous
 * version in force and show what to fix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-alert-rule-private.h"
#include "cs-error.h"

static gboolean
holds_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
absent (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
read_duration (JsonObject  *object,
               const char  *member,
               const char  *name,
               gint64      *duration,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (absent (node))
    return TRUE;
  if (!holds_string (node) || !cs_alert_parse_duration (json_node_get_string (node), duration) ||
      *duration > CS_ALERT_MAX_DURATION)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Alert rule “%s”: “%s” must be a duration such as 30m, 2h or 1d"), name, member);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_channels (JsonObject   *object,
               CsAlertRule  *rule,
               GError      **error)
{
  JsonNode *node = json_object_get_member (object, "channels");
  JsonArray *array;

  if (absent (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Alert rule “%s”: “channels” must be a list"), rule->name);
      return FALSE;
    }
  array = json_node_get_array (node);
  cs_alert_rule_set_desktop (rule, FALSE);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *channel = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      JsonNode *type = channel != NULL ? json_object_get_member (channel, "type") : NULL;
      JsonNode *url = channel != NULL ? json_object_get_member (channel, "url") : NULL;

      if (holds_string (type) && g_str_equal (json_node_get_string (type), "desktop"))
        cs_alert_rule_set_desktop (rule, TRUE);
      else if (holds_string (type) && g_str_equal (json_node_get_string (type), "webhook") &&
               holds_string (url))
        {
          if (!cs_alert_rule_add_webhook (rule, json_node_get_string (url), error))
            return FALSE;
        }
      else
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Alert rule “%s”: channel %u must be { \"type\": \"desktop\" } or "
                         "{ \"type\": \"webhook\", \"url\": \"https://…\" }"), rule->name, i + 1);
          return FALSE;
        }
    }
  return TRUE;
}

CsAlertRule *
cs_alert_rule_new_from_json (JsonNode  *node,
                             GError   **error)
{
  static const char * const known[] = {
    "id", "name", "condition", "level", "channels", "suppress", "escalate_after", "enabled", NULL,
  };
  JsonObject *object;
  JsonNode *id, *name, *condition, *level, *enabled;
  g_autoptr(CsAlertRule) rule = NULL;
  g_autoptr(GList) members = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 suppression = CS_ALERT_DEFAULT_SUPPRESSION, escalate_after = 0;
  CsAlertLevel parsed_level = CS_ALERT_WARNING;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("An alert rule must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);
  name = json_object_get_member (object, "name");
  if (!holds_string (name) || *json_node_get_string (name) == '\0')
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("An alert rule needs a “name”"));
      return NULL;
    }
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                     _("Alert rule “%s”: unknown member “%s”"), json_node_get_string (name),
                     (const char *) l->data);
        return NULL;
      }

  id = json_object_get_member (object, "id");
  condition = json_object_get_member (object, "condition");
  level = json_object_get_member (object, "level");
  enabled = json_object_get_member (object, "enabled");
  if (!absent (id) && (!holds_string (id) || *json_node_get_string (id) == '\0'))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Alert rule “%s”: “id” must be a text that is not empty"), json_node_get_string (name));
      return NULL;
    }
  if (!holds_string (condition))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Alert rule “%s”: “condition” must be a text such as count(reports) over 1h > 20"),
                   json_node_get_string (name));
      return NULL;
    }
  if (!absent (level) &&
      (!holds_string (level) || !cs_alert_level_from_string (json_node_get_string (level), &parsed_level)))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Alert rule “%s”: “level” must be info, warning or critical"), json_node_get_string (name));
      return NULL;
    }
  if (!absent (enabled) &&
      (!JSON_NODE_HOLDS_VALUE (enabled) || json_node_get_value_type (enabled) != G_TYPE_BOOLEAN))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Alert rule “%s”: “enabled” must be true or false"), json_node_get_string (name));
      return NULL;
    }
  if (!read_duration (object, "suppress", json_node_get_string (name), &suppression, error) ||
      !read_duration (object, "escalate_after", json_node_get_string (name), &escalate_after, error))
    return NULL;

  rule = cs_alert_rule_new (absent (id) ? NULL : json_node_get_string (id), json_node_get_string (name),
                            json_node_get_string (condition), NULL, &local_error);
  if (rule == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE, _("Alert rule “%s”: %s"),
                   json_node_get_string (name), local_error->message);
      return NULL;
    }
  cs_alert_rule_set_level (rule, parsed_level);
  cs_alert_rule_set_suppression (rule, suppression);
  cs_alert_rule_set_escalate_after (rule, escalate_after);
  if (!absent (enabled))
    cs_alert_rule_set_enabled (rule, json_node_get_boolean (enabled));
  if (!read_channels (object, rule, error))
    return NULL;
  return g_steal_pointer (&rule);
}

JsonNode *
cs_alert_rule_to_json (CsAlertRule *rule)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *condition = NULL;
  g_autofree char *suppress = NULL;

  g_return_val_if_fail (rule != NULL, NULL);

  condition = cs_alert_rule_to_text (rule);
  suppress = cs_alert_format_duration (rule->suppression);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, rule->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, rule->name);
  json_builder_set_member_name (builder, "condition");
  json_builder_add_string_value (builder, condition);
  json_builder_set_member_name (builder, "level");
  json_builder_add_string_value (builder, cs_alert_level_to_string (rule->level));
  json_builder_set_member_name (builder, "channels");
  json_builder_begin_array (builder);
  if (rule->desktop)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "desktop");
      json_builder_end_object (builder);
    }
  for (guint i = 0; i + 1 < rule->webhooks->len; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "webhook");
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, rule->webhooks->pdata[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "suppress");
  json_builder_add_string_value (builder, suppress);
  if (rule->escalate_after > 0)
    {
      g_autofree char *escalate = cs_alert_format_duration (rule->escalate_after);

      json_builder_set_member_name (builder, "escalate_after");
      json_builder_add_string_value (builder, escalate);
    }
  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, rule->enabled);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
