/* cs-sla-policy.h: one version of a tenant's service level for a category and severity
 *
 * A policy promises that issues of a category (or of every category: the
 * tenant default) and a severity (or any) are resolved within a threshold,
 * either in hours or in working days:
 *
 * - in hours without a calendar, every hour counts (real elapsed time);
 * - in hours with a calendar, only working hours count
 *   (CS_CALENDAR_WORKING_HOURS);
 * - in working days, whole working days of the calendar count
 *   (CS_CALENDAR_WORKING_DAYS, as Amsterdam's Signalen counts "werkdagen");
 *   a calendar is required.
 *
 * An open issue is at risk once it has used @at_risk of its threshold
 * (default 80 %), and escalates one level each time it passes one of the
 * @escalation steps, fractions of the threshold (default 100 %, 150 %,
 * 200 %). See cs-sla.h for the exact boundaries.
 *
 * Policies are versioned: a version applies to issues created at or after
 * its @valid_from, until the next version of the same category and severity
 * (see CsSlaPolicySet). A @retired version withdraws the key's own policy
 * from then on, so that its issues fall back to the broader one.
 *
 * Build a policy with cs_sla_policy_new() and the setters, check it with
 * cs_sla_policy_validate(), then treat it as read-only: it is shared by the
 * worker threads.
 *
 * JSON form (every member but "threshold" and "unit" optional):
 *
 *   { "category": "pothole", "severity": "high",
 *     "valid_from": "2025-01-01T00:00:00Z",
 *     "threshold": 5, "unit": "working_days",
 *     "calendar": { …cs-business-calendar.h… },
 *     "at_risk": 0.8, "escalation": [1.0, 1.5, 2.0] }
 *
 *   { "category": "pothole", "severity": "high",
 *     "valid_from": "2025-06-01T00:00:00Z", "retired": true }
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "cs-business-calendar.h"
#include "cs-severity.h"

G_BEGIN_DECLS

#define CS_SLA_ANY_SEVERITY          (-1)
#define CS_SLA_DEFAULT_AT_RISK       0.8
#define CS_SLA_MAX_ESCALATION_STEPS  16
/* Thresholds are at most ten years. */
#define CS_SLA_MAX_HOURS             87600.0
#define CS_SLA_MAX_WORKING_DAYS      3650.0
/* valid_from of a policy that has always been in force. */
#define CS_SLA_SINCE_EVER            G_MININT64

typedef enum
{
  CS_SLA_UNIT_HOURS,
  CS_SLA_UNIT_WORKING_DAYS,
} CsSlaUnit;

/* "hours", "working_days" */
const char *cs_sla_unit_to_string   (CsSlaUnit    unit);
gboolean    cs_sla_unit_from_string (const char  *text,
                                     CsSlaUnit   *unit);

/* Read-only once validated. */
typedef struct
{
  char               *category;      /* NULL: every category */
  int                 severity;      /* a CsSeverity, or CS_SLA_ANY_SEVERITY */
  gint64              valid_from;    /* µs since the epoch, or CS_SLA_SINCE_EVER */
  gboolean            retired;
  double              threshold;     /* in @unit, > 0 */
  CsSlaUnit           unit;
  CsBusinessCalendar *calendar;      /* NULL: every hour counts */
  double              at_risk;       /* fraction of the threshold, in (0, 1] */
  double             *escalation;    /* fractions of the threshold, ≥ 1, ascending */
  guint               n_escalation;
} CsSlaPolicy;

#define CS_TYPE_SLA_POLICY (cs_sla_policy_get_type ())
GType        cs_sla_policy_get_type        (void) G_GNUC_CONST;

/* A policy with the default at-risk fraction and escalation steps, in force
 * since ever. @category NULL is the tenant default; not yet validated. */
CsSlaPolicy *cs_sla_policy_new             (const char          *category,
                                            int                  severity,
                                            double               threshold,
                                            CsSlaUnit            unit);
/* A retired version for @category and @severity from @valid_from. */
CsSlaPolicy *cs_sla_policy_new_retired     (const char          *category,
                                            int                  severity,
                                            gint64               valid_from);
CsSlaPolicy *cs_sla_policy_ref             (CsSlaPolicy         *policy);
void         cs_sla_policy_unref           (CsSlaPolicy         *policy);

void         cs_sla_policy_set_valid_from  (CsSlaPolicy         *policy,
                                            gint64               valid_from);
void         cs_sla_policy_set_calendar    (CsSlaPolicy         *policy,
                                            CsBusinessCalendar  *calendar);
void         cs_sla_policy_set_at_risk     (CsSlaPolicy         *policy,
                                            double               fraction);
/* Copies @n_steps fractions; none turns escalation off. */
void         cs_sla_policy_set_escalation  (CsSlaPolicy         *policy,
                                            const double        *steps,
                                            guint                n_steps);

/* CS_ERROR_INVALID_ARGUMENT naming the policy and what is wrong: a zero,
 * negative or too large threshold, working days without a calendar, an
 * at-risk fraction outside (0, 1], escalation steps below 100 %, unsorted
 * or repeated. */
gboolean     cs_sla_policy_validate        (const CsSlaPolicy   *policy,
                                            GError             **error);

/* The threshold in microseconds of the policy's measure of time. */
gint64       cs_sla_policy_get_threshold_us (const CsSlaPolicy  *policy);
/* "pothole, high", "pothole, any severity", "tenant default, high",
 * "tenant default": for messages. */
char        *cs_sla_policy_describe        (const CsSlaPolicy   *policy);

/* The JSON form above; validates. */
CsSlaPolicy *cs_sla_policy_new_from_json   (JsonNode            *node,
                                            GError             **error);
JsonNode    *cs_sla_policy_to_json         (const CsSlaPolicy   *policy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSlaPolicy, cs_sla_policy_unref)

G_END_DECLS
