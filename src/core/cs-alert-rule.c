/* cs-alert-rule.c: a condition on a windowed metric, who to tell, and how often
 *
 * The rule object itself: construction, the setters used while building
 * it, getters, and the canonical text of its condition. Parsing lives in
 * cs-alert-rule-parser.c, JSON in cs-alert-rule-json.c, evaluation in
 * cs-alert-rule-eval.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-alert-rule-private.h"
#include "cs-error.h"

G_DEFINE_BOXED_TYPE (CsAlertRule, cs_alert_rule, cs_alert_rule_ref, cs_alert_rule_unref)

const char *
cs_alert_metric_to_string (CsAlertMetric metric)
{
  switch (metric)
    {
    case CS_ALERT_METRIC_COUNT:
      return "count";
    case CS_ALERT_METRIC_RATE:
      return "rate";
    case CS_ALERT_METRIC_MEAN:
      return "mean";
    case CS_ALERT_METRIC_P90:
      return "p90";
    case CS_ALERT_METRIC_BREACH_RATE:
      return "breach_rate";
    default:
      g_return_val_if_reached ("count");
    }
}

const char *
cs_alert_source_to_string (CsAlertSource source)
{
  switch (source)
    {
    case CS_ALERT_SOURCE_REPORTS:
      return "reports";
    case CS_ALERT_SOURCE_STEPS:
      return "steps";
    case CS_ALERT_SOURCE_ISSUES:
      return "issues";
    default:
      g_return_val_if_reached ("reports");
    }
}

const char *
cs_alert_group_by_to_string (CsAlertGroupBy group_by)
{
  switch (group_by)
    {
    case CS_ALERT_GROUP_NONE:
      return "none";
    case CS_ALERT_GROUP_AREA:
      return "area";
    case CS_ALERT_GROUP_CATEGORY:
      return "category";
    case CS_ALERT_GROUP_STEP:
      return "step";
    case CS_ALERT_GROUP_AGENCY:
      return "agency";
    default:
      g_return_val_if_reached ("none");
    }
}

const char *
cs_alert_comparison_to_string (CsAlertComparison comparison)
{
  switch (comparison)
    {
    case CS_ALERT_GREATER:
      return ">";
    case CS_ALERT_GREATER_EQUAL:
      return ">=";
    case CS_ALERT_LESS:
      return "<";
    case CS_ALERT_LESS_EQUAL:
      return "<=";
    default:
      g_return_val_if_reached (">");
    }
}

CsAlertRule *
cs_alert_rule_new (const char  *id,
                   const char  *name,
                   const char  *condition,
                   gsize       *error_offset,
                   GError     **error)
{
  g_autoptr(CsAlertRule) rule = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (condition != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rule = g_new0 (CsAlertRule, 1);
  g_atomic_ref_count_init (&rule->ref_count);
  rule->id = g_strdup (id != NULL ? id : name);
  rule->name = g_strdup (name);
  rule->level = CS_ALERT_WARNING;
  rule->suppression = CS_ALERT_DEFAULT_SUPPRESSION;
  rule->desktop = TRUE;
  rule->enabled = TRUE;
  rule->webhooks = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (rule->webhooks, NULL);
  if (!cs_alert_rule_parse_condition (rule, condition, error_offset, error))
    return NULL;
  return g_steal_pointer (&rule);
}

CsAlertRule *
cs_alert_rule_ref (CsAlertRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  g_atomic_ref_count_inc (&rule->ref_count);
  return rule;
}

void
cs_alert_rule_unref (CsAlertRule *rule)
{
  if (rule == NULL || !g_atomic_ref_count_dec (&rule->ref_count))
    return;
  g_free (rule->id);
  g_free (rule->name);
  g_free (rule->field);
  g_free (rule->filter_text);
  g_clear_pointer (&rule->filter, cs_expr_unref);
  g_ptr_array_unref (rule->webhooks);
  g_free (rule);
}

void
cs_alert_rule_set_level (CsAlertRule  *rule,
                         CsAlertLevel  level)
{
  g_return_if_fail (rule != NULL);
  g_return_if_fail (level <= CS_ALERT_CRITICAL);

  rule->level = level;
}

void
cs_alert_rule_set_suppression (CsAlertRule *rule,
                               gint64       suppression)
{
  g_return_if_fail (rule != NULL);
  g_return_if_fail (suppression >= 0 && suppression <= CS_ALERT_MAX_DURATION);

  rule->suppression = suppression;
}

void
cs_alert_rule_set_escalate_after (CsAlertRule *rule,
                                  gint64       escalate_after)
{
  g_return_if_fail (rule != NULL);
  g_return_if_fail (escalate_after >= 0 && escalate_after <= CS_ALERT_MAX_DURATION);

  rule->escalate_after = escalate_after;
}

void
cs_alert_rule_set_desktop (CsAlertRule *rule,
                           gboolean     desktop)
{
  g_return_if_fail (rule != NULL);

  rule->desktop = !!desktop;
}

gboolean
cs_alert_rule_add_webhook (CsAlertRule  *rule,
                           const char   *url,
                           GError      **error)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Alert rule “%s”: “%s” is not an http or https address"), rule->name, url);
      return FALSE;
    }
  g_ptr_array_insert (rule->webhooks, (gint) rule->webhooks->len - 1, g_strdup (url));
  return TRUE;
}

void
cs_alert_rule_set_enabled (CsAlertRule *rule,
                           gboolean     enabled)
{
  g_return_if_fail (rule != NULL);

  rule->enabled = !!enabled;
}

#define GETTER(type, name, field, fallback)          \
  type                                               \
  cs_alert_rule_get_##name (CsAlertRule *rule)       \
  {                                                  \
    g_return_val_if_fail (rule != NULL, fallback);   \
    return rule->field;                              \
  }

GETTER (const char *, id, id, NULL)
GETTER (const char *, name, name, NULL)
GETTER (CsAlertMetric, metric, metric, CS_ALERT_METRIC_COUNT)
GETTER (CsAlertSource, source, source, CS_ALERT_SOURCE_REPORTS)
GETTER (const char *, field, field, NULL)
GETTER (const char *, filter, filter_text, NULL)
GETTER (CsAlertGroupBy, group_by, group_by, CS_ALERT_GROUP_NONE)
GETTER (CsWindowKind, window_kind, window_kind, CS_WINDOW_SLIDING)
GETTER (gint64, window, window, 0)
GETTER (CsAlertComparison, comparison, comparison, CS_ALERT_GREATER)
GETTER (double, threshold, threshold, NAN)
GETTER (CsAlertLevel, level, level, CS_ALERT_WARNING)
GETTER (gint64, suppression, suppression, 0)
GETTER (gint64, escalate_after, escalate_after, 0)
GETTER (gboolean, desktop, desktop, FALSE)
GETTER (gboolean, enabled, enabled, FALSE)

#undef GETTER

const char * const *
cs_alert_rule_get_webhooks (CsAlertRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  return (const char * const *) rule->webhooks->pdata;
}

/* The shortest decimal text that reads back as the same double, without
 * an exponent for the numbers a threshold is made of. */
static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE + 32];

  if (fabs (value) < 1e15)
    for (int decimals = 0; decimals <= 15; decimals++)
      {
        char format[8];

        g_snprintf (format, sizeof format, "%%.%df", decimals);
        g_ascii_formatd (buffer, sizeof buffer, format, value);
        if (g_ascii_strtod (buffer, NULL) == value)
          {
            g_string_append (out, buffer);
            return;
          }
      }
  g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, value));
}

char *
cs_alert_rule_to_text (CsAlertRule *rule)
{
  GString *text;
  g_autofree char *window = NULL;

  g_return_val_if_fail (rule != NULL, NULL);

  text = g_string_new (cs_alert_metric_to_string (rule->metric));
  g_string_append_printf (text, "(%s", cs_alert_source_to_string (rule->source));
  if (rule->field != NULL)
    g_string_append_printf (text, ".%s", rule->field);
  if (rule->filter_text != NULL)
    g_string_append_printf (text, " where %s", rule->filter_text);
  g_string_append_c (text, ')');
  if (rule->group_by != CS_ALERT_GROUP_NONE)
    g_string_append_printf (text, " by %s", cs_alert_group_by_to_string (rule->group_by));
  window = cs_alert_format_duration (rule->window);
  g_string_append_printf (text, " over %s", window);
  if (rule->window_kind == CS_WINDOW_TUMBLING)
    g_string_append (text, " tumbling");
  g_string_append_printf (text, " %s ", cs_alert_comparison_to_string (rule->comparison));
  append_number (text, rule->written_threshold);
  if (rule->percent)
    g_string_append_c (text, '%');
  return g_string_free (text, FALSE);
}

char *
cs_alert_format_duration (gint64 duration)
{
  static const struct { char unit; gint64 length; } units[] = {
    { 'd', 86400 }, { 'h', 3600 }, { 'm', 60 }, { 's', 1 },
  };
  GString *text = g_string_new (NULL);
  gint64 seconds = duration / G_USEC_PER_SEC;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (seconds >= units[i].length)
      {
        g_string_append_printf (text, "%" G_GINT64_FORMAT "%c", seconds / units[i].length, units[i].unit);
        seconds %= units[i].length;
      }
  if (text->len == 0)
    g_string_append (text, "0s");
  return g_string_free (text, FALSE);
}

gboolean
cs_alert_parse_duration (const char *text,
                         gint64     *duration)
{
  gint64 total = 0;
  const char *p = text;

  g_return_val_if_fail (text != NULL, FALSE);

  if (*p == '\0')
    return FALSE;
  while (*p != '\0')
    {
      gint64 number = 0, unit;

      if (!g_ascii_isdigit (*p))
        return FALSE;
      for (; g_ascii_isdigit (*p); p++)
        {
          number = number * 10 + (*p - '0');
          if (number > G_GINT64_CONSTANT (1000000000))
            return FALSE;
        }
      switch (*p++)
        {
        case 's': unit = 1; break;
        case 'm': unit = 60; break;
        case 'h': unit = 3600; break;
        case 'd': unit = 86400; break;
        case 'w': unit = 7 * 86400; break;
        default: return FALSE;
        }
      total += number * unit * G_USEC_PER_SEC;
      if (total > CS_ALERT_MAX_DURATION * 1000)
        return FALSE;
    }
  if (duration != NULL)
    *duration = total;
  return TRUE;
}
