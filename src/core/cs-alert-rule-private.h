/* cs-alert-rule-private.h: the rule shared by the cs-alert-rule*.c files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-alert-rule.h"
#include "cs-expr.h"

G_BEGIN_DECLS

struct _CsAlertRule
{
  gatomicrefcount    ref_count;
  char              *id;
  char              *name;

  /* The condition. */
  CsAlertMetric      metric;
  CsAlertSource      source;
  char              *field;          /* mean, p90, breach_rate; else NULL */
  char              *filter_text;    /* as written, trimmed; or NULL */
  CsExpr            *filter;         /* with "=" read as "=="; or NULL */
  CsAlertGroupBy     group_by;
  CsWindowKind       window_kind;
  gint64             window;
  CsAlertComparison  comparison;
  double             threshold;
  double             written_threshold;  /* as written: 5 for 5 % */
  gboolean           percent;        /* the threshold was written as a percentage */

  /* What to do when it holds. */
  CsAlertLevel       level;
  gint64             suppression;
  gint64             escalate_after;
  gboolean           desktop;
  GPtrArray         *webhooks;       /* char *, NULL-terminated */
  gboolean           enabled;
};

/* cs-alert-rule-parser.c: fills the condition fields of @rule from @text. */
gboolean cs_alert_rule_parse_condition (CsAlertRule  *rule,
                                        const char   *text,
                                        gsize        *error_offset,
                                        GError      **error);

/* cs-alert-rule-filter.c: parses the filter that follows "where", which
 * starts at byte @from of @text and ends before the ")" that closes the
 * "(" at @open_paren; stores the offset of the end of the filter (before
 * any spaces) in @end. Errors are "Column N: …" of the whole @text. */
gboolean cs_alert_rule_parse_filter    (CsAlertRule  *rule,
                                        const char   *text,
                                        gsize         from,
                                        gsize         open_paren,
                                        gsize        *end,
                                        gsize        *error_offset,
                                        GError      **error);

G_END_DECLS
