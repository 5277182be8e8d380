/* cs-alert-rule-eval.c: feeding events to a rule's window, and deciding what fires
 *
 * Evaluation is a pure function of the rule, the window, the time and the
 * previous state, so the outcome does not depend on which desktop or server
 * ran the alert job last, only on the state it left in the database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs-alert-rule-private.h"

CsStreamWindow *
cs_alert_rule_new_window (CsAlertRule *rule,
                          gint64       lateness)
{
  g_return_val_if_fail (rule != NULL, NULL);
  g_return_val_if_fail (lateness >= 0, NULL);

  return cs_stream_window_new (rule->window_kind, rule->window, lateness);
}

/* The event's group: its area, category… as text; "" when it has none. */
static char *
group_of (CsAlertRule *rule,
          JsonObject  *event)
{
  JsonNode *member;

  if (rule->group_by == CS_ALERT_GROUP_NONE)
    return g_strdup ("");
  member = json_object_get_member (event, cs_alert_group_by_to_string (rule->group_by));
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member))
    return g_strdup ("");
  switch (json_node_get_value_type (member))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (member));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (member));
    default:
      return g_strdup ("");
    }
}

/* The value the metric averages: the field as a number (mean, p90) or as
 * 1 or 0 for true or false (breach_rate); NAN when missing or of another type. */
static double
value_of (CsAlertRule *rule,
          JsonObject  *event)
{
  JsonNode *member;
  GType type;

  if (rule->field == NULL)
    return NAN;
  member = json_object_get_member (event, rule->field);
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member))
    return NAN;
  type = json_node_get_value_type (member);
  if (rule->metric == CS_ALERT_METRIC_BREACH_RATE)
    {
      if (type == G_TYPE_BOOLEAN)
        return json_node_get_boolean (member) ? 1.0 : 0.0;
      if (type == G_TYPE_INT64)
        return json_node_get_int (member) != 0 ? 1.0 : 0.0;
      return NAN;
    }
  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    return json_node_get_double (member);
  return NAN;
}

gboolean
cs_alert_rule_feed (CsAlertRule     *rule,
                    CsStreamWindow  *window,
                    gint64           timestamp,
                    JsonNode        *event,
                    GError         **error)
{
  g_autofree char *group = NULL;
  gboolean match = TRUE;

  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (CS_IS_STREAM_WINDOW (window), FALSE);
  g_return_val_if_fail (event != NULL && JSON_NODE_HOLDS_OBJECT (event), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (rule->filter != NULL && !cs_expr_evaluate_boolean (rule->filter, event, &match, error))
    return FALSE;
  if (!match)
    return FALSE;
  group = group_of (rule, json_node_get_object (event));
  return cs_stream_window_add (window, timestamp, group, value_of (rule, json_node_get_object (event)));
}

double
cs_alert_rule_metric_value (CsAlertRule         *rule,
                            const CsWindowStats *stats)
{
  g_return_val_if_fail (rule != NULL, NAN);
  g_return_val_if_fail (stats != NULL, NAN);

  switch (rule->metric)
    {
    case CS_ALERT_METRIC_COUNT:
      return (double) stats->count;
    case CS_ALERT_METRIC_RATE:
      return stats->rate_per_hour;
    case CS_ALERT_METRIC_MEAN:
    case CS_ALERT_METRIC_BREACH_RATE:
      return stats->mean;
    case CS_ALERT_METRIC_P90:
      return stats->p90;
    default:
      g_return_val_if_reached (NAN);
    }
}

static gboolean
holds (CsAlertRule *rule,
       double       value)
{
  if (isnan (value))
    return FALSE;
  switch (rule->comparison)
    {
    case CS_ALERT_GREATER:
      return value > rule->threshold;
    case CS_ALERT_GREATER_EQUAL:
      return value >= rule->threshold;
    case CS_ALERT_LESS:
      return value < rule->threshold;
    case CS_ALERT_LESS_EQUAL:
      return value <= rule->threshold;
    default:
      g_return_val_if_reached (FALSE);
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The groups to look at: the window's and those the state remembers, sorted
 * and each once, so firings come out in a stable order. */
static GPtrArray *
groups_to_evaluate (CsAlertRule    *rule,
                    CsStreamWindow *window,
                    CsAlertState   *state)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) in_window = cs_stream_window_dup_keys (window);
  g_auto(GStrv) remembered = cs_alert_state_dup_groups (state, rule->id);
  guint kept = 0;

  if (rule->group_by == CS_ALERT_GROUP_NONE)
    g_ptr_array_add (groups, g_strdup (""));
  for (guint i = 0; rule->group_by != CS_ALERT_GROUP_NONE && in_window[i] != NULL; i++)
    g_ptr_array_add (groups, g_strdup (in_window[i]));
  for (guint i = 0; remembered[i] != NULL; i++)
    g_ptr_array_add (groups, g_strdup (remembered[i]));
  qsort (groups->pdata, groups->len, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < groups->len; i++)
    {
      if (kept > 0 && g_str_equal (groups->pdata[kept - 1], groups->pdata[i]))
        {
          g_free (groups->pdata[i]);
          continue;
        }
      groups->pdata[kept++] = groups->pdata[i];
    }
  groups->len = kept;
  return groups;
}

static void
fire (CsAlertRule         *rule,
      const char          *condition,
      const char          *group,
      double               value,
      const CsWindowStats *stats,
      CsAlertLevel         level,
      gboolean             escalated,
      gint64               now,
      GPtrArray           *firings)
{
  CsAlertFiring *firing;

  if (firings == NULL)
    return;
  firing = g_new0 (CsAlertFiring, 1);
  firing->rule_id = g_strdup (rule->id);
  firing->rule_name = g_strdup (rule->name);
  firing->condition = g_strdup (condition);
  firing->group = g_strdup (group);
  firing->value = value;
  firing->threshold = rule->threshold;
  firing->level = level;
  firing->escalated = escalated;
  firing->fired_at = now;
  firing->window_start = stats->start;
  firing->window_end = stats->end;
  g_ptr_array_add (firings, firing);
}

CsAlertState *
cs_alert_rule_evaluate (CsAlertRule    *rule,
                        CsStreamWindow *window,
                        gint64          now,
                        CsAlertState   *state,
                        GPtrArray      *firings)
{
  CsAlertState *next;
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *condition = NULL;

  g_return_val_if_fail (rule != NULL, NULL);
  g_return_val_if_fail (CS_IS_STREAM_WINDOW (window), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  next = cs_alert_state_copy (state);
  if (!rule->enabled)
    {
      cs_alert_state_forget_rule (next, rule->id);
      return next;
    }

  condition = cs_alert_rule_to_text (rule);
  groups = groups_to_evaluate (rule, window, state);
  for (guint i = 0; i < groups->len; i++)
    {
      const char *group = groups->pdata[i];
      CsWindowStats stats;
      CsAlertGroupState entry;
      gboolean has_events = cs_stream_window_get_stats (window, group, &stats);
      double value = cs_alert_rule_metric_value (rule, &stats);

      /* A group without events in the window has no value; only a rule
       * over everything counts an empty window as 0. */
      if (!has_events && rule->group_by != CS_ALERT_GROUP_NONE)
        value = NAN;
      cs_alert_state_lookup (next, rule->id, group, &entry);

      if (!holds (rule, value))
        {
          entry.active = FALSE;
          entry.level = CS_ALERT_LEVEL_NONE;
          /* Forget groups whose last firing no longer suppresses anything. */
          if (entry.fired_at == G_MININT64 || now - entry.fired_at >= rule->suppression)
            cs_alert_state_remove (next, rule->id, group);
          else
            cs_alert_state_set (next, rule->id, group, &entry);
          continue;
        }

      if (!entry.active)
        {
          entry.active = TRUE;
          entry.active_since = now;
          entry.level = CS_ALERT_LEVEL_NONE;
        }
      if (entry.level == CS_ALERT_LEVEL_NONE)
        {
          if (entry.fired_at == G_MININT64 || now - entry.fired_at >= rule->suppression)
            {
              fire (rule, condition, group, value, &stats, rule->level, FALSE, now, firings);
              entry.level = (int) rule->level;
              entry.fired_at = entry.level_since = now;
            }
        }
      else if (rule->escalate_after > 0 && entry.level < CS_ALERT_CRITICAL &&
               now - entry.level_since >= rule->escalate_after)
        {
          entry.level++;
          fire (rule, condition, group, value, &stats, (CsAlertLevel) entry.level, TRUE, now, firings);
          entry.fired_at = entry.level_since = now;
        }
      cs_alert_state_set (next, rule->id, group, &entry);
    }
  return next;
}
