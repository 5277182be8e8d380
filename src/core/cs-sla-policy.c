/* cs-sla-policy.c: one version of a tenant's service level for a category and severity
 *
 * Administrators type these in; a bad one must be refused with a message
 * that says which policy and what to change, and must never reach the SLA
 * job, where it would silently mark every issue breached (or none).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-sla-policy.h"

G_DEFINE_BOXED_TYPE (CsSlaPolicy, cs_sla_policy, cs_sla_policy_ref, cs_sla_policy_unref)

typedef struct
{
  CsSlaPolicy     policy;
  gatomicrefcount ref_count;
} CsSlaPolicyReal;

static const double default_escalation[] = { 1.0, 1.5, 2.0 };

const char *
cs_sla_unit_to_string (CsSlaUnit unit)
{
  switch (unit)
    {
    case CS_SLA_UNIT_HOURS:
      return "hours";
    case CS_SLA_UNIT_WORKING_DAYS:
      return "working_days";
    default:
      g_return_val_if_reached ("hours");
    }
}

gboolean
cs_sla_unit_from_string (const char *text,
                         CsSlaUnit  *unit)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (CsSlaUnit u = CS_SLA_UNIT_HOURS; u <= CS_SLA_UNIT_WORKING_DAYS; u++)
    if (g_str_equal (text, cs_sla_unit_to_string (u)))
      {
        if (unit != NULL)
          *unit = u;
        return TRUE;
      }
  return FALSE;
}

CsSlaPolicy *
cs_sla_policy_new (const char *category,
                   int         severity,
                   double      threshold,
                   CsSlaUnit   unit)
{
  CsSlaPolicyReal *real = g_new0 (CsSlaPolicyReal, 1);

  g_atomic_ref_count_init (&real->ref_count);
  real->policy.category = g_strdup (category);
  real->policy.severity = severity;
  real->policy.valid_from = CS_SLA_SINCE_EVER;
  real->policy.threshold = threshold;
  real->policy.unit = unit;
  real->policy.at_risk = CS_SLA_DEFAULT_AT_RISK;
  cs_sla_policy_set_escalation (&real->policy, default_escalation, G_N_ELEMENTS (default_escalation));
  return &real->policy;
}

CsSlaPolicy *
cs_sla_policy_new_retired (const char *category,
                           int         severity,
                           gint64      valid_from)
{
  CsSlaPolicy *policy = cs_sla_policy_new (category, severity, 0.0, CS_SLA_UNIT_HOURS);

  policy->retired = TRUE;
  policy->valid_from = valid_from;
  cs_sla_policy_set_escalation (policy, NULL, 0);
  return policy;
}

CsSlaPolicy *
cs_sla_policy_ref (CsSlaPolicy *policy)
{
  g_return_val_if_fail (policy != NULL, NULL);

  g_atomic_ref_count_inc (&((CsSlaPolicyReal *) policy)->ref_count);
  return policy;
}

void
cs_sla_policy_unref (CsSlaPolicy *policy)
{
  if (policy == NULL || !g_atomic_ref_count_dec (&((CsSlaPolicyReal *) policy)->ref_count))
    return;
  g_free (policy->category);
  g_clear_pointer (&policy->calendar, cs_business_calendar_unref);
  g_free (policy->escalation);
  g_free ((CsSlaPolicyReal *) policy);
}

void
cs_sla_policy_set_valid_from (CsSlaPolicy *policy,
                              gint64       valid_from)
{
  g_return_if_fail (policy != NULL);

  policy->valid_from = valid_from;
}

void
cs_sla_policy_set_calendar (CsSlaPolicy        *policy,
                            CsBusinessCalendar *calendar)
{
  g_return_if_fail (policy != NULL);

  if (calendar != NULL)
    cs_business_calendar_ref (calendar);
  g_clear_pointer (&policy->calendar, cs_business_calendar_unref);
  policy->calendar = calendar;
}

void
cs_sla_policy_set_at_risk (CsSlaPolicy *policy,
                           double       fraction)
{
  g_return_if_fail (policy != NULL);

  policy->at_risk = fraction;
}

void
cs_sla_policy_set_escalation (CsSlaPolicy  *policy,
                              const double *steps,
                              guint         n_steps)
{
  g_return_if_fail (policy != NULL);
  g_return_if_fail (steps != NULL || n_steps == 0);

  g_clear_pointer (&policy->escalation, g_free);
  policy->escalation = n_steps > 0 ? g_memdup2 (steps, n_steps * sizeof (double)) : NULL;
  policy->n_escalation = n_steps;
}

char *
cs_sla_policy_describe (const CsSlaPolicy *policy)
{
  const char *category;

  g_return_val_if_fail (policy != NULL, NULL);

  category = policy->category != NULL ? policy->category : _("tenant default");
  if (policy->severity == CS_SLA_ANY_SEVERITY)
    return policy->category != NULL ? g_strdup_printf (_("%s, any severity"), category)
                                    : g_strdup (category);
  if (policy->severity < 0 || policy->severity > CS_SEVERITY_LAST)
    return g_strdup_printf ("%s, %d", category, policy->severity);
  return g_strdup_printf ("%s, %s", category, cs_severity_to_string (policy->severity));
}

gboolean
cs_sla_policy_validate (const CsSlaPolicy  *policy,
                        GError            **error)
{
  g_autofree char *what = NULL;
  double limit;

  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  what = cs_sla_policy_describe (policy);
  if (policy->category != NULL && *policy->category == '\0')
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("SLA policy: the category must not be empty (leave it out for the tenant default)"));
      return FALSE;
    }
  if (policy->severity != CS_SLA_ANY_SEVERITY &&
      (policy->severity < 0 || policy->severity > CS_SEVERITY_LAST))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("SLA policy %s: unknown severity"), what);
      return FALSE;
    }
  if (policy->retired)
    return TRUE;

  limit = policy->unit == CS_SLA_UNIT_HOURS ? CS_SLA_MAX_HOURS : CS_SLA_MAX_WORKING_DAYS;
  if (!(policy->threshold > 0.0) || !isfinite (policy->threshold))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   policy->unit == CS_SLA_UNIT_HOURS
                   ? _("SLA policy %s: the threshold must be more than zero, not %g hours")
                   : _("SLA policy %s: the threshold must be more than zero, not %g working days"),
                   what, policy->threshold);
      return FALSE;
    }
  if (policy->threshold > limit)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   policy->unit == CS_SLA_UNIT_HOURS
                   ? _("SLA policy %s: the threshold must be at most %g hours")
                   : _("SLA policy %s: the threshold must be at most %g working days"),
                   what, limit);
      return FALSE;
    }
  if (policy->unit == CS_SLA_UNIT_WORKING_DAYS && policy->calendar == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("SLA policy %s: a threshold in working days needs a business calendar"), what);
      return FALSE;
    }
  if (!(policy->at_risk > 0.0 && policy->at_risk <= 1.0))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("SLA policy %s: the at-risk fraction must be above 0 and at most 1, not %g"),
                   what, policy->at_risk);
      return FALSE;
    }
  if (policy->n_escalation > CS_SLA_MAX_ESCALATION_STEPS)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("SLA policy %s: at most %u escalation steps"), what, CS_SLA_MAX_ESCALATION_STEPS);
      return FALSE;
    }
  for (guint i = 0; i < policy->n_escalation; i++)
    {
      double step = policy->escalation[i];

      if (!isfinite (step) || step < 1.0 || step > 100.0)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("SLA policy %s: escalation step %u is %g %%; steps lie between 100 %% "
                         "(the breach) and 10000 %% of the threshold"),
                       what, i + 1, step * 100.0);
          return FALSE;
        }
      if (i > 0 && step == policy->escalation[i - 1])
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("SLA policy %s: escalation step %u repeats %g %%"),
                       what, i + 1, step * 100.0);
          return FALSE;
        }
      if (i > 0 && step < policy->escalation[i - 1])
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("SLA policy %s: escalation step %u (%g %%) must be above step %u (%g %%)"),
                       what, i + 1, step * 100.0, i, policy->escalation[i - 1] * 100.0);
          return FALSE;
        }
    }
  return TRUE;
}

gint64
cs_sla_policy_get_threshold_us (const CsSlaPolicy *policy)
{
  g_return_val_if_fail (policy != NULL, 0);

  return (gint64) llround (policy->threshold *
                           (double) (policy->unit == CS_SLA_UNIT_HOURS ? CS_CALENDAR_HOUR
                                                                       : CS_CALENDAR_DAY));
}

