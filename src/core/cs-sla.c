/* cs-sla.c: where one issue stands against its SLA policy
 *
 * Everything is derived from one number, the elapsed time e measured the
 * policy's way, so the status, the time left and the escalation level can
 * never disagree with each other. Instants (due, at risk, next escalation)
 * invert the same measure, so "due at" is exactly where e reaches T.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "cs-sla.h"

G_DEFINE_ENUM_TYPE (CsSlaStatus, cs_sla_status,
  G_DEFINE_ENUM_VALUE (CS_SLA_ON_TRACK, "on_track"),
  G_DEFINE_ENUM_VALUE (CS_SLA_AT_RISK, "at_risk"),
  G_DEFINE_ENUM_VALUE (CS_SLA_BREACHED, "breached"),
  G_DEFINE_ENUM_VALUE (CS_SLA_MET, "met"))

const char *
cs_sla_status_to_string (CsSlaStatus status)
{
  switch (status)
    {
    case CS_SLA_ON_TRACK:
      return "on_track";
    case CS_SLA_AT_RISK:
      return "at_risk";
    case CS_SLA_BREACHED:
      return "breached";
    case CS_SLA_MET:
      return "met";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
cs_sla_status_from_string (const char  *text,
                           CsSlaStatus *status)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (CsSlaStatus s = CS_SLA_ON_TRACK; s <= CS_SLA_MET; s++)
    if (g_str_equal (text, cs_sla_status_to_string (s)))
      {
        if (status != NULL)
          *status = s;
        return TRUE;
      }
  return FALSE;
}

const char *
cs_sla_status_label (CsSlaStatus status)
{
  switch (status)
    {
    case CS_SLA_ON_TRACK:
      return _("On track");
    case CS_SLA_AT_RISK:
      return _("At risk");
    case CS_SLA_BREACHED:
      return _("Breached");
    case CS_SLA_MET:
      return _("Met");
    default:
      g_return_val_if_reached (NULL);
    }
}

static inline CsCalendarMeasure
measure_of (const CsSlaPolicy *policy)
{
  return policy->unit == CS_SLA_UNIT_HOURS ? CS_CALENDAR_WORKING_HOURS : CS_CALENDAR_WORKING_DAYS;
}

gint64
cs_sla_elapsed (const CsSlaPolicy *policy,
                gint64             start,
                gint64             end)
{
  g_return_val_if_fail (policy != NULL, 0);

  if (end <= start)
    return 0;
  if (policy->calendar == NULL)
    return end - start;
  return MAX (0, cs_business_calendar_elapsed (policy->calendar, measure_of (policy), start, end));
}

gboolean
cs_sla_met (const CsSlaPolicy *policy,
            gint64             created_at,
            gint64             resolved_at,
            double            *fraction)
{
  gint64 threshold, elapsed;

  g_return_val_if_fail (policy != NULL && !policy->retired, FALSE);

  threshold = cs_sla_policy_get_threshold_us (policy);
  elapsed = cs_sla_elapsed (policy, created_at, resolved_at);
  if (fraction != NULL)
    *fraction = (double) elapsed / (double) threshold;
  return elapsed <= threshold;
}

/* The earliest instant at which @amount of the policy's time has passed. */
static gint64
instant_after (const CsSlaPolicy *policy,
               gint64             created_at,
               gint64             amount)
{
  if (policy->calendar == NULL)
    return created_at + amount;
  return cs_business_calendar_add (policy->calendar, measure_of (policy), created_at, amount);
}

static inline gint64
part_of (gint64 threshold,
         double fraction)
{
  return (gint64) llround (fraction * (double) threshold);
}

static void
evaluate (const CsSlaPolicy *policy,
          gint64             created_at,
          gint64             until,
          gboolean           resolved,
          CsSlaResult       *result)
{
  gint64 threshold = cs_sla_policy_get_threshold_us (policy);
  gint64 elapsed = cs_sla_elapsed (policy, created_at, until);
  gint64 at_risk = part_of (threshold, policy->at_risk);
  guint level = 0;

  g_assert (threshold > 0);

  while (level < policy->n_escalation &&
         elapsed > part_of (threshold, policy->escalation[level]))
    level++;

  result->elapsed = elapsed;
  result->threshold = threshold;
  result->remaining = threshold - elapsed;
  result->fraction = (double) elapsed / (double) threshold;
  result->escalation_level = level;
  result->due_at = instant_after (policy, created_at, threshold);
  result->at_risk_at = instant_after (policy, created_at, at_risk);
  result->next_escalation_at = CS_SLA_NEVER;

  if (elapsed > threshold)
    result->status = CS_SLA_BREACHED;
  else if (resolved)
    result->status = CS_SLA_MET;
  else if (elapsed >= at_risk)
    result->status = CS_SLA_AT_RISK;
  else
    result->status = CS_SLA_ON_TRACK;

  if (!resolved && level < policy->n_escalation)
    result->next_escalation_at =
      instant_after (policy, created_at, part_of (threshold, policy->escalation[level]));
}

void
cs_sla_evaluate_open (const CsSlaPolicy *policy,
                      gint64             created_at,
                      gint64             now,
                      CsSlaResult       *result)
{
  g_return_if_fail (policy != NULL && !policy->retired);
  g_return_if_fail (result != NULL);

  evaluate (policy, created_at, now, FALSE, result);
}

void
cs_sla_evaluate_resolved (const CsSlaPolicy *policy,
                          gint64             created_at,
                          gint64             resolved_at,
                          CsSlaResult       *result)
{
  g_return_if_fail (policy != NULL && !policy->retired);
  g_return_if_fail (result != NULL);

  evaluate (policy, created_at, resolved_at, TRUE, result);
}
