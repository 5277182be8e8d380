/* cs-alert-firing.h: one alert that fired, and the levels alerts fire at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  CS_ALERT_INFO,
  CS_ALERT_WARNING,
  CS_ALERT_CRITICAL,
} CsAlertLevel;

/* No level: nothing fired (yet) in an episode. */
#define CS_ALERT_LEVEL_NONE (-1)

#define CS_TYPE_ALERT_LEVEL (cs_alert_level_get_type ())
GType          cs_alert_level_get_type      (void) G_GNUC_CONST;
/* "info", "warning", "critical" */
const char    *cs_alert_level_to_string     (CsAlertLevel   level);
gboolean       cs_alert_level_from_string   (const char    *text,
                                             CsAlertLevel  *level);
/* "Information", "Warning", "Critical": translated, for display */
const char    *cs_alert_level_label         (CsAlertLevel   level);

typedef struct
{
  char         *rule_id;
  char         *rule_name;
  char         *condition;      /* the rule's condition, canonical text */
  char         *group;          /* "" for rules without grouping */
  double        value;          /* the metric that crossed the threshold */
  double        threshold;
  CsAlertLevel  level;
  gboolean      escalated;      /* fired again, one level up */
  gint64        fired_at;       /* µs since the epoch */
  gint64        window_start;   /* the window the value is from */
  gint64        window_end;
} CsAlertFiring;

#define CS_TYPE_ALERT_FIRING (cs_alert_firing_get_type ())
GType          cs_alert_firing_get_type     (void) G_GNUC_CONST;
CsAlertFiring *cs_alert_firing_copy         (const CsAlertFiring *firing);
void           cs_alert_firing_free         (CsAlertFiring       *firing);

/* "Safety surge in Centrum: 23 (count(reports where …) by area over 1h > 20)":
 * a translated line for a notification. */
char          *cs_alert_firing_describe     (const CsAlertFiring *firing);
/* The webhook payload: rule_id, rule_name, condition, group, value,
 * threshold, level, escalated, fired_at, window_start, window_end (instants
 * in ISO 8601, UTC). */
JsonNode      *cs_alert_firing_to_json      (const CsAlertFiring *firing);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsAlertFiring, cs_alert_firing_free)

G_END_DECLS
