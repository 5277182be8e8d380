/* cs-alert-firing.c: one alert that fired, and the levels alerts fire at
 *
 * A firing carries copies of what it needs (the rule's name and condition)
 * so that the history and the webhook payload still read right after the
 * rule is edited or deleted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "cs-alert-firing.h"
#include "cs-event-log.h"

G_DEFINE_ENUM_TYPE (CsAlertLevel, cs_alert_level,
  G_DEFINE_ENUM_VALUE (CS_ALERT_INFO, "info"),
  G_DEFINE_ENUM_VALUE (CS_ALERT_WARNING, "warning"),
  G_DEFINE_ENUM_VALUE (CS_ALERT_CRITICAL, "critical"))

G_DEFINE_BOXED_TYPE (CsAlertFiring, cs_alert_firing, cs_alert_firing_copy, cs_alert_firing_free)

const char *
cs_alert_level_to_string (CsAlertLevel level)
{
  switch (level)
    {
    case CS_ALERT_INFO:
      return "info";
    case CS_ALERT_WARNING:
      return "warning";
    case CS_ALERT_CRITICAL:
      return "critical";
    default:
      g_return_val_if_reached ("warning");
    }
}

gboolean
cs_alert_level_from_string (const char   *text,
                            CsAlertLevel *level)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (CsAlertLevel l = CS_ALERT_INFO; l <= CS_ALERT_CRITICAL; l++)
    if (g_str_equal (text, cs_alert_level_to_string (l)))
      {
        if (level != NULL)
          *level = l;
        return TRUE;
      }
  return FALSE;
}

const char *
cs_alert_level_label (CsAlertLevel level)
{
  switch (level)
    {
    case CS_ALERT_INFO:
      return _("Information");
    case CS_ALERT_WARNING:
      return _("Warning");
    case CS_ALERT_CRITICAL:
      return _("Critical");
    default:
      g_return_val_if_reached (_("Warning"));
    }
}

CsAlertFiring *
cs_alert_firing_copy (const CsAlertFiring *firing)
{
  CsAlertFiring *copy;

  g_return_val_if_fail (firing != NULL, NULL);

  copy = g_memdup2 (firing, sizeof *firing);
  copy->rule_id = g_strdup (firing->rule_id);
  copy->rule_name = g_strdup (firing->rule_name);
  copy->condition = g_strdup (firing->condition);
  copy->group = g_strdup (firing->group);
  return copy;
}

void
cs_alert_firing_free (CsAlertFiring *firing)
{
  if (firing == NULL)
    return;
  g_free (firing->rule_id);
  g_free (firing->rule_name);
  g_free (firing->condition);
  g_free (firing->group);
  g_free (firing);
}

char *
cs_alert_firing_describe (const CsAlertFiring *firing)
{
  char value[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (firing != NULL, NULL);

  g_ascii_formatd (value, sizeof value, "%.4g", firing->value);
  if (firing->group == NULL || *firing->group == '\0')
    /* TRANSLATORS: rule name, the value that crossed the threshold, the condition */
    return g_strdup_printf (_("%s: %s (%s)"), firing->rule_name, value, firing->condition);
  /* TRANSLATORS: rule name, group (an area, a category…), value, condition */
  return g_strdup_printf (_("%s in %s: %s (%s)"), firing->rule_name, firing->group, value,
                          firing->condition);
}

static void
add_instant (JsonBuilder *builder,
             const char  *name,
             gint64       instant)
{
  g_autofree char *text = cs_timestamp_format (instant);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

JsonNode *
cs_alert_firing_to_json (const CsAlertFiring *firing)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (firing != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rule_id");
  json_builder_add_string_value (builder, firing->rule_id);
  json_builder_set_member_name (builder, "rule_name");
  json_builder_add_string_value (builder, firing->rule_name);
  json_builder_set_member_name (builder, "condition");
  json_builder_add_string_value (builder, firing->condition);
  json_builder_set_member_name (builder, "group");
  json_builder_add_string_value (builder, firing->group);
  json_builder_set_member_name (builder, "value");
  json_builder_add_double_value (builder, isfinite (firing->value) ? firing->value : 0.0);
  json_builder_set_member_name (builder, "threshold");
  json_builder_add_double_value (builder, firing->threshold);
  json_builder_set_member_name (builder, "level");
  json_builder_add_string_value (builder, cs_alert_level_to_string (firing->level));
  json_builder_set_member_name (builder, "escalated");
  json_builder_add_boolean_value (builder, firing->escalated);
  add_instant (builder, "fired_at", firing->fired_at);
  add_instant (builder, "window_start", firing->window_start);
  add_instant (builder, "window_end", firing->window_end);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
