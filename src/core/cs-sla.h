/* cs-sla.h: where one issue stands against its SLA policy
 *
 * Let T be the policy's threshold and e the time elapsed since the issue was
 * created, both measured as the policy measures time (real hours, working
 * hours or working days; see cs-sla-policy.h), e up to the resolution for a
 * resolved issue and up to "now" for an open one. Then:
 *
 *   resolved:  met        e ≤ T
 *              breached   e > T
 *   open:      on_track   e < at_risk × T
 *              at_risk    at_risk × T ≤ e ≤ T
 *              breached   e > T
 *
 * Resolving exactly at the threshold meets it. The escalation level is the
 * number of escalation steps s with e > s × T: with the default steps 1,
 * 1.5, 2 an issue is at level 1 from the moment it breaches, level 2 past
 * 150 % and level 3 past 200 %. A resolved issue keeps the level it had
 * reached when it was resolved.
 *
 * Times are microseconds (instants since the epoch); an issue "resolved"
 * before it was created counts as resolved at once (e = 0).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "cs-sla-policy.h"

G_BEGIN_DECLS

/* An instant that never comes: no further escalation, or none at all. */
#define CS_SLA_NEVER G_MAXINT64

typedef enum
{
  CS_SLA_ON_TRACK,
  CS_SLA_AT_RISK,
  CS_SLA_BREACHED,
  CS_SLA_MET,
} CsSlaStatus;

#define CS_TYPE_SLA_STATUS (cs_sla_status_get_type ())
GType        cs_sla_status_get_type  (void) G_GNUC_CONST;
/* "on_track", "at_risk", "breached", "met": as stored and exported */
const char  *cs_sla_status_to_string (CsSlaStatus  status);
gboolean     cs_sla_status_from_string (const char *text,
                                        CsSlaStatus *status);
/* "On track", "At risk", "Breached", "Met": translated, for display */
const char  *cs_sla_status_label     (CsSlaStatus  status);

typedef struct
{
  CsSlaStatus status;
  gint64      elapsed;             /* e, µs of the policy's measure */
  gint64      threshold;           /* T, µs of the same measure */
  gint64      remaining;           /* T − e: negative once breached (the overrun) */
  double      fraction;            /* e / T */
  guint       escalation_level;    /* 0 to n_escalation */
  gint64      due_at;              /* the earliest instant e reaches T */
  gint64      at_risk_at;          /* the earliest instant e reaches at_risk × T */
  gint64      next_escalation_at;  /* open issues: the earliest instant e reaches the
                                    * next step (escalation follows right after);
                                    * CS_SLA_NEVER when none is left or resolved */
} CsSlaResult;

void         cs_sla_evaluate_open     (const CsSlaPolicy *policy,
                                       gint64             created_at,
                                       gint64             now,
                                       CsSlaResult       *result);
void         cs_sla_evaluate_resolved (const CsSlaPolicy *policy,
                                       gint64             created_at,
                                       gint64             resolved_at,
                                       CsSlaResult       *result);

/* e from @start to @end (0 if @end comes first): the fast path of the score
 * job, which needs no due dates. */
gint64       cs_sla_elapsed           (const CsSlaPolicy *policy,
                                       gint64             start,
                                       gint64             end);
/* Whether a resolution met @policy; stores e / T in @fraction (may be NULL). */
gboolean     cs_sla_met               (const CsSlaPolicy *policy,
                                       gint64             created_at,
                                       gint64             resolved_at,
                                       double            *fraction);

G_END_DECLS
