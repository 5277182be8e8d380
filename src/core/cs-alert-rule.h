/* cs-alert-rule.h: a condition on a windowed metric, who to tell, and how often
 *
 * The condition is written in a small text form (docs/sla-and-scores.md has
 * the grammar):
 *
 *   count(reports where category = "safety") by area over 1h > 20
 *   p90(steps.wait_hours where step == "approval") over 1d tumbling > 48
 *   breach_rate(issues.breached) over 24h > 5%
 *
 * that is: a metric (count, rate per hour, mean, p90, breach_rate: the share
 * of events whose field is true) of a stream (reports, steps, issues) with
 * an optional filter in the expression language of docs/expressions.md (a
 * single "=" is read as "=="), an optional grouping (by area, category,
 * step, agency or none), a window (over a duration, sliding unless
 * "tumbling"), a comparison (>, >=, <, <=, also ≥ ≤) and a threshold (a
 * number, or a percentage). A condition that does not parse is refused with
 * "Column N: …" naming where and what was expected.
 *
 * Around the condition a rule has an id (the key of its state; its name
 * unless given), a name, a level (info, warning, critical), channels (the
 * desktop, webhook URLs), a suppression time and an escalation time; see
 * cs_alert_rule_evaluate() for what they do. JSON form:
 *
 *   { "id": "safety-surge", "name": "Safety surge",
 *     "condition": "count(reports where category = \"safety\") by area over 1h > 20",
 *     "level": "warning",
 *     "channels": [ { "type": "desktop" },
 *                   { "type": "webhook", "url": "https://hooks.example/alerts" } ],
 *     "suppress": "30m", "escalate_after": "2h", "enabled": true }
 *
 * A rule is immutable once built (the setters are for building it) and may
 * be shared between threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "cs-alert-firing.h"
#include "cs-alert-state.h"
#include "cs-stream-window.h"

G_BEGIN_DECLS

#define CS_ALERT_DEFAULT_SUPPRESSION (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
/* Windows, suppression and escalation are at most this long: 366 days. */
#define CS_ALERT_MAX_DURATION (G_GINT64_CONSTANT (366) * 86400 * G_USEC_PER_SEC)

typedef enum
{
  CS_ALERT_METRIC_COUNT,
  CS_ALERT_METRIC_RATE,
  CS_ALERT_METRIC_MEAN,
  CS_ALERT_METRIC_P90,
  CS_ALERT_METRIC_BREACH_RATE,
} CsAlertMetric;

typedef enum
{
  CS_ALERT_SOURCE_REPORTS,
  CS_ALERT_SOURCE_STEPS,
  CS_ALERT_SOURCE_ISSUES,
} CsAlertSource;

typedef enum
{
  CS_ALERT_GROUP_NONE,
  CS_ALERT_GROUP_AREA,
  CS_ALERT_GROUP_CATEGORY,
  CS_ALERT_GROUP_STEP,
  CS_ALERT_GROUP_AGENCY,
} CsAlertGroupBy;

typedef enum
{
  CS_ALERT_GREATER,
  CS_ALERT_GREATER_EQUAL,
  CS_ALERT_LESS,
  CS_ALERT_LESS_EQUAL,
} CsAlertComparison;

/* "count", "rate", "mean", "p90", "breach_rate" */
const char  *cs_alert_metric_to_string     (CsAlertMetric   metric);
/* "reports", "steps", "issues" */
const char  *cs_alert_source_to_string     (CsAlertSource   source);
/* "none", "area", "category", "step", "agency": also the event field grouped by */
const char  *cs_alert_group_by_to_string   (CsAlertGroupBy  group_by);
/* ">", ">=", "<", "<=" */
const char  *cs_alert_comparison_to_string (CsAlertComparison comparison);

typedef struct _CsAlertRule CsAlertRule;

#define CS_TYPE_ALERT_RULE (cs_alert_rule_get_type ())
GType         cs_alert_rule_get_type       (void) G_GNUC_CONST;

/* Parses @condition; @id NULL takes @name. Level warning, the desktop as
 * the only channel, suppression CS_ALERT_DEFAULT_SUPPRESSION, no escalation.
 * On a syntax error returns NULL with CS_ERROR_PARSE ("Column 7: expected
 * '(' after count, found …") and the byte offset in @error_offset. */
CsAlertRule  *cs_alert_rule_new            (const char      *id,
                                            const char      *name,
                                            const char      *condition,
                                            gsize           *error_offset,
                                            GError         **error);
CsAlertRule  *cs_alert_rule_ref            (CsAlertRule     *rule);
void          cs_alert_rule_unref          (CsAlertRule     *rule);

void          cs_alert_rule_set_level      (CsAlertRule     *rule,
                                            CsAlertLevel     level);
void          cs_alert_rule_set_suppression (CsAlertRule    *rule,
                                             gint64          suppression);
/* 0: never escalate. */
void          cs_alert_rule_set_escalate_after (CsAlertRule *rule,
                                                gint64       escalate_after);
void          cs_alert_rule_set_desktop    (CsAlertRule     *rule,
                                            gboolean         desktop);
/* An http or https URL; CS_ERROR_INVALID_ARGUMENT otherwise. */
gboolean      cs_alert_rule_add_webhook    (CsAlertRule     *rule,
                                            const char      *url,
                                            GError         **error);
void          cs_alert_rule_set_enabled    (CsAlertRule     *rule,
                                            gboolean         enabled);

const char   *cs_alert_rule_get_id         (CsAlertRule     *rule);
const char   *cs_alert_rule_get_name       (CsAlertRule     *rule);
CsAlertMetric cs_alert_rule_get_metric     (CsAlertRule     *rule);
CsAlertSource cs_alert_rule_get_source     (CsAlertRule     *rule);
/* The field of mean, p90 and breach_rate; NULL for count and rate. */
const char   *cs_alert_rule_get_field      (CsAlertRule     *rule);
/* The filter as written, or NULL. */
const char   *cs_alert_rule_get_filter     (CsAlertRule     *rule);
CsAlertGroupBy cs_alert_rule_get_group_by  (CsAlertRule     *rule);
CsWindowKind  cs_alert_rule_get_window_kind (CsAlertRule    *rule);
gint64        cs_alert_rule_get_window     (CsAlertRule     *rule);
CsAlertComparison cs_alert_rule_get_comparison (CsAlertRule *rule);
double        cs_alert_rule_get_threshold  (CsAlertRule     *rule);
CsAlertLevel  cs_alert_rule_get_level      (CsAlertRule     *rule);
gint64        cs_alert_rule_get_suppression (CsAlertRule    *rule);
gint64        cs_alert_rule_get_escalate_after (CsAlertRule *rule);
gboolean      cs_alert_rule_get_desktop    (CsAlertRule     *rule);
/* The webhook URLs, never NULL. */
const char * const *cs_alert_rule_get_webhooks (CsAlertRule *rule);
gboolean      cs_alert_rule_get_enabled    (CsAlertRule     *rule);

/* The condition in canonical text form (parses back to the same rule). */
char         *cs_alert_rule_to_text        (CsAlertRule     *rule);
/* "1h30m", "7d": durations as the text form writes them. */
char         *cs_alert_format_duration     (gint64           duration);
/* Reads "90s", "30m", "1h30m", "7d", "2w"; FALSE when it is not one. */
gboolean      cs_alert_parse_duration      (const char      *text,
                                            gint64          *duration);

CsAlertRule  *cs_alert_rule_new_from_json  (JsonNode        *node,
                                            GError         **error);
JsonNode     *cs_alert_rule_to_json        (CsAlertRule     *rule);

/* A window as the rule needs: its kind and duration, and @lateness. */
CsStreamWindow *cs_alert_rule_new_window   (CsAlertRule     *rule,
                                            gint64           lateness);
/* Feeds one event of the rule's source (a JSON object, its fields read by
 * the filter, the grouping and the metric) into @window. TRUE if the event
 * was taken; FALSE if the filter left it out, it came too late, or the
 * filter failed (@error set, e.g. comparing a string with a number). */
gboolean      cs_alert_rule_feed           (CsAlertRule     *rule,
                                            CsStreamWindow  *window,
                                            gint64           timestamp,
                                            JsonNode        *event,
                                            GError         **error);
/* The metric of the figures of one group; NAN when there is none (mean,
 * p90 and breach_rate of a window without values). */
double        cs_alert_rule_metric_value   (CsAlertRule     *rule,
                                            const CsWindowStats *stats);

/* Evaluates the rule on @window at @now against the previous state and
 * returns the next one (@state is not changed), appending what fires to
 * @firings (CsAlertFiring, owned by the array; NULL to discard):
 *
 * - Groups: every key of @window ("" for rules without grouping, which are
 *   evaluated even on an empty window) and every group whose condition held
 *   last time. A condition on a missing value (NAN) does not hold.
 * - An episode starts when the condition starts to hold and ends when it no
 *   longer does. It fires once, at the rule's level, as soon as no firing of
 *   the same rule and group happened within the suppression time; one that
 *   is suppressed fires when the suppression ends, if it still holds.
 * - Escalation: while the episode lasts, every escalate_after after its
 *   last firing it fires again one level higher, up to critical, whatever
 *   the suppression.
 * - A disabled rule fires nothing and its groups are forgotten. */
CsAlertState *cs_alert_rule_evaluate       (CsAlertRule     *rule,
                                            CsStreamWindow  *window,
                                            gint64           now,
                                            CsAlertState    *state,
                                            GPtrArray       *firings);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsAlertRule, cs_alert_rule_unref)

G_END_DECLS
