/* cs-scores.h: per-area (or per-agency) performance aggregates over a window
 *
 * A CsScores holds, for each group (an area, an agency: any string key), the
 * resolutions that fall in the current window, and computes from them:
 *
 *   resolved         resolutions in the window
 *   with_sla         of which an SLA policy applied
 *   met              of which met it (cs_sla_met())
 *   open, open_breached   as last set with cs_scores_set_open(): issues of
 *                    the group still open at the end of the window, and how
 *                    many of those have breached their SLA already
 *   compliance       met / (with_sla + open_breached)
 *   mean_resolution  of resolved_at − created_at, real time, exact to 1 ms
 *   median_resolution   the same's median, within 0.5 %
 *   median_fraction  the median of e / T (elapsed time measured as the
 *                    policy measures it, over its threshold) of with_sla,
 *                    within 0.5 %
 *   speed            clamp (1 − median_fraction / 2, 0, 1): 1 when issues are
 *                    resolved at once, 0.5 when the typical issue takes its
 *                    whole threshold, 0 at twice the threshold or later
 *   score            w_c × compliance + w_s × speed, in [0, 1]
 *
 * docs/sla-and-scores.md explains these choices with a worked example. Open issues
 * that have breached count against compliance so that leaving the hard
 * cases open does not pay.
 *
 * The window is the caller's: add the resolutions that enter it and remove
 * the ones that leave it (cs_scores_remove() with the same values), and the
 * aggregates follow without recomputation. Medians come from logarithmic
 * histograms (cs-log-histogram.h), so the state is the same however the
 * resolutions were batched, and a state can be merged into another (partial
 * results from several threads).
 *
 * Not thread-safe: one thread updates a CsScores at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CS_SCORE_DEFAULT_COMPLIANCE_WEIGHT 0.7
#define CS_SCORE_DEFAULT_SPEED_WEIGHT      0.3
#define CS_SCORE_DEFAULT_MIN_RESOLVED      10

typedef struct
{
  double compliance_weight;   /* w_c ≥ 0 */
  double speed_weight;        /* w_s ≥ 0; w_c + w_s = 1 */
  guint  min_resolved;        /* fewer resolutions in the window: not ranked */
} CsScoreOptions;

#define CS_SCORE_OPTIONS_INIT ((CsScoreOptions) { CS_SCORE_DEFAULT_COMPLIANCE_WEIGHT, \
                                                  CS_SCORE_DEFAULT_SPEED_WEIGHT, \
                                                  CS_SCORE_DEFAULT_MIN_RESOLVED })

/* CS_ERROR_INVALID_ARGUMENT when a weight is negative or not a number, or
 * the weights do not add up to 1 (within 1e-9). */
gboolean   cs_score_options_validate  (const CsScoreOptions  *options,
                                       GError               **error);
/* { "compliance_weight": 0.7, "speed_weight": 0.3, "min_resolved": 10 };
 * members left out keep their defaults. Validates; on error @options is
 * left unchanged. */
gboolean   cs_score_options_from_json (JsonNode              *node,
                                       CsScoreOptions        *options,
                                       GError               **error);
JsonNode  *cs_score_options_to_json   (const CsScoreOptions  *options);

/* One resolved issue, as the score job reads it. */
typedef struct
{
  const char *group;
  gint64      resolution_time;   /* µs, resolved_at − created_at (negative counts as 0) */
  gboolean    has_sla;           /* a policy applied */
  gboolean    met;               /* it met it (ignored without a policy) */
  double      sla_fraction;      /* e / T (ignored without a policy) */
} CsResolution;

typedef struct
{
  guint64  resolved;
  guint64  with_sla;
  guint64  met;
  guint64  open;
  guint64  open_breached;
  double   compliance;          /* NAN when with_sla + open_breached is 0 */
  double   mean_resolution;     /* µs; NAN when nothing was resolved */
  double   median_resolution;   /* µs; NAN when nothing was resolved */
  double   median_fraction;     /* NAN when with_sla is 0 */
  double   speed;               /* NAN when with_sla is 0 */
  double   score;               /* NAN when a weighted part is NAN */
  gboolean eligible;            /* resolved ≥ min_resolved and score is a number */
} CsGroupScore;

#define CS_TYPE_SCORES (cs_scores_get_type ())

G_DECLARE_FINAL_TYPE (CsScores, cs_scores, CS, SCORES, GObject)

CsScores  *cs_scores_new           (void);
void       cs_scores_add           (CsScores              *self,
                                    const CsResolution    *resolution);
void       cs_scores_add_batch     (CsScores              *self,
                                    const CsResolution    *resolutions,
                                    gsize                  n);
/* Takes back a resolution added before (with the same values); FALSE, and
 * nothing changes, when the group holds no such resolution. */
gboolean   cs_scores_remove        (CsScores              *self,
                                    const CsResolution    *resolution);
void       cs_scores_set_open      (CsScores              *self,
                                    const char            *group,
                                    guint64                open,
                                    guint64                open_breached);
/* Adds @other's resolutions and open counts to @self's. */
void       cs_scores_merge         (CsScores              *self,
                                    CsScores              *other);
void       cs_scores_clear         (CsScores              *self);

guint      cs_scores_get_n_groups  (CsScores              *self);
/* The groups, sorted (by strcmp()). */
GStrv      cs_scores_dup_groups    (CsScores              *self);
/* The group's aggregates and score under @options (NULL: the defaults);
 * FALSE (and @score zeroed with NANs) for a group never seen. */
gboolean   cs_scores_get           (CsScores              *self,
                                    const char            *group,
                                    const CsScoreOptions  *options,
                                    CsGroupScore          *score);
/* Whether both hold exactly the same aggregates. */
gboolean   cs_scores_equal         (CsScores              *a,
                                    CsScores              *b);

G_END_DECLS
