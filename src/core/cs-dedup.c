/* cs-dedup.c: deciding whether a citizen's report joins an open issue or opens a new one
 *
 * The database hands a worker the few open issues of the report's tenant and
 * category near it and recent enough (an index does the searching); this
 * file scores each and decides, in well under a microsecond per candidate:
 *
 *   score = (0.55 text + 0.30 proximity + 0.15 recency) / 1.00   both located
 *   score = (0.55 text + 0.15 recency) / 0.70                    either not
 *
 * text is cs_text_fingerprint_similarity(), proximity falls linearly from 1
 * at 0 m to 0 at the category's radius, recency from 1 within the issue's
 * reports' span to 0 at the end of the window. The report joins the best
 * candidate when its score reaches the threshold; without a location the
 * text has to carry the decision alone, and the bar is higher. Nearness
 * alone never links: at 0 m and 0 days a score of 0.45 is still short of
 * the bar, so "Streetlight out" and "Graffiti" at one corner stay two issues.
 * See docs/deduplication.md for the evaluation behind the thresholds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-dedup.h"
#include "cs-geo.h"

/* Beyond this the equirectangular distance drifts from the great circle by
 * more than a few parts per million; no radius is that large in practice. */
#define EQUIRECT_LIMIT_M 10000.0

void
cs_dedup_config_init (CsDedupConfig *config)
{
  g_return_if_fail (config != NULL);

  /* The lowest threshold with precision >= 0.9 on the tuning half of the
   * labelled FixMyStreet pairs (docs/deduplication.md): at 0 m and 0 days it
   * asks for text similarity 0.42, at the radius's edge 0.96. */
  config->threshold = 0.68;
  /* Without a location the text must also say where: near-identical wording
   * (0.9 on the same day) of at least three content words. */
  config->threshold_text_only = 0.92;
  config->min_words_text_only = 3;
  config->default_radius_m = CS_DEDUP_DEFAULT_RADIUS_M;
  config->window = CS_DEDUP_DEFAULT_WINDOW;
  config->weight_text = 0.55;
  config->weight_distance = 0.30;
  config->weight_time = 0.15;
}

static double
effective_radius (const CsDedupConfig *config,
                  double               radius_m)
{
  return radius_m < 0.0 || !isfinite (radius_m) ? config->default_radius_m : radius_m;
}

static gboolean
usable_location (gboolean located,
                 double   lat,
                 double   lon)
{
  /* (0, 0) is a phone without a fix: that report has no location. */
  return located && cs_geo_validate (lat, lon, NULL) == CS_GEO_VALID;
}

static gboolean
same_string (const char *a,
             const char *b)
{
  return a != NULL && b != NULL && strcmp (a, b) == 0;
}

/* cs_dedup_score() with the report's location checked once by the caller. */
static gboolean
score_candidate (const CsDedupConfig    *config,
                 const CsDedupReport    *report,
                 gboolean                report_located,
                 const CsDedupCandidate *candidate,
                 CsDedupScore           *score)
{
  double weights;
  double sum;
  gint64 gap;

  memset (score, 0, sizeof *score);
  score->distance_m = -1.0;
  score->radius_m = MIN (effective_radius (config, report->radius_m),
                         effective_radius (config, candidate->radius_m));
  score->located = report_located && usable_location (candidate->located, candidate->lat, candidate->lon);
  score->threshold = score->located ? config->threshold : config->threshold_text_only;

  if (!candidate->open)
    {
      score->eligibility = CS_DEDUP_NOT_OPEN;
      return FALSE;
    }

  if (report->category != NULL && candidate->category != NULL)
    {
      score->same_category = strcmp (report->category, candidate->category) == 0;
      score->same_group = !score->same_category
                          && same_string (report->category_group, candidate->category_group)
                          && report->category_group[0] != '\0';
      if (!score->same_category && !score->same_group)
        {
          score->eligibility = CS_DEDUP_OTHER_CATEGORY;
          return FALSE;
        }
    }

  if (score->radius_m <= 0.0)
    {
      score->eligibility = CS_DEDUP_RADIUS_OFF;
      return FALSE;
    }

  if (score->located)
    {
      double d = cs_geo_equirect_m (report->lat, report->lon, candidate->lat, candidate->lon);

      if (d > EQUIRECT_LIMIT_M)
        d = cs_geo_haversine_m (report->lat, report->lon, candidate->lat, candidate->lon);
      score->distance_m = d;
      if (d > score->radius_m)
        {
          score->eligibility = CS_DEDUP_TOO_FAR;
          return FALSE;
        }
      score->proximity = 1.0 - d / score->radius_m;
    }

  if (report->time < candidate->first_report)
    gap = candidate->first_report - report->time;
  else if (report->time > candidate->last_report)
    gap = report->time - candidate->last_report;
  else
    gap = 0;
  score->days_apart = (double) gap / G_TIME_SPAN_DAY;
  if (gap > config->window)
    {
      score->eligibility = CS_DEDUP_OUTSIDE_WINDOW;
      return FALSE;
    }
  score->recency = config->window > 0 ? 1.0 - (double) gap / config->window : 1.0;

  if (report->fingerprint != NULL && candidate->fingerprint != NULL)
    score->text = cs_text_fingerprint_similarity (report->fingerprint, candidate->fingerprint,
                                                  &score->text_detail);

  if (!score->located
      && (report->fingerprint == NULL || candidate->fingerprint == NULL
          || cs_text_fingerprint_get_n_words (report->fingerprint) < config->min_words_text_only
          || cs_text_fingerprint_get_n_words (candidate->fingerprint) < config->min_words_text_only))
    {
      score->eligibility = CS_DEDUP_TOO_VAGUE;
      return FALSE;
    }

  sum = config->weight_text * score->text + config->weight_time * score->recency;
  weights = config->weight_text + config->weight_time;
  if (score->located)
    {
      sum += config->weight_distance * score->proximity;
      weights += config->weight_distance;
    }
  score->score = weights > 0.0 ? sum / weights : 0.0;
  score->eligibility = CS_DEDUP_ELIGIBLE;
  return TRUE;
}

/* Scores @candidate for @report into @score. Returns TRUE when the candidate
 * is eligible (open, same category or group, within the radius and window);
 * an ineligible one scores 0, with what was measured kept for the reason. */
gboolean
cs_dedup_score (const CsDedupConfig    *config,
                const CsDedupReport    *report,
                const CsDedupCandidate *candidate,
                CsDedupScore           *score)
{
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (candidate != NULL, FALSE);
  g_return_val_if_fail (score != NULL, FALSE);

  return score_candidate (config, report, usable_location (report->located, report->lat, report->lon),
                          candidate, score);
}

/* Whether candidate @a (scored @sa) beats @b: one that reaches its bar over
 * one that does not (an issue without a location is held to a higher bar,
 * so its raw score is not comparable), then the higher score, then nearer,
 * then the more recently reported, then the older issue (smaller id), so
 * that the same input always gives the same answer. */
static gboolean
better (const CsDedupCandidate *a,
        const CsDedupScore     *sa,
        const CsDedupCandidate *b,
        const CsDedupScore     *sb)
{
  gboolean pa = sa->score >= sa->threshold;
  gboolean pb = sb->score >= sb->threshold;
  double da, db;

  if (pa != pb)
    return pa;
  if (sa->score != sb->score)
    return sa->score > sb->score;
  da = sa->distance_m < 0.0 ? G_MAXDOUBLE : sa->distance_m;
  db = sb->distance_m < 0.0 ? G_MAXDOUBLE : sb->distance_m;
  if (da != db)
    return da < db;
  if (a->last_report != b->last_report)
    return a->last_report > b->last_report;
  return a->issue_id < b->issue_id;
}

/* The decision for @report among @candidates: link to the best eligible
 * candidate when its score reaches its threshold, else a new issue. The
 * decision keeps the best candidate's score either way, for the reason. */
void
cs_dedup_decide (const CsDedupConfig    *config,
                 const CsDedupReport    *report,
                 const CsDedupCandidate *candidates,
                 guint                   n_candidates,
                 CsDedupDecision        *decision)
{
  CsDedupScore current;
  gboolean report_located;

  g_return_if_fail (config != NULL);
  g_return_if_fail (report != NULL);
  g_return_if_fail (candidates != NULL || n_candidates == 0);
  g_return_if_fail (decision != NULL);

  report_located = usable_location (report->located, report->lat, report->lon);
  memset (decision, 0, sizeof *decision);
  decision->action = CS_DEDUP_NEW_ISSUE;
  decision->best = -1;
  decision->score.distance_m = -1.0;
  decision->score.radius_m = effective_radius (config, report->radius_m);
  decision->score.located = report_located;
  decision->window_days = (double) config->window / G_TIME_SPAN_DAY;

  if (decision->score.radius_m <= 0.0)
    {
      decision->reason = CS_DEDUP_REASON_DISABLED;
      return;
    }
  if (n_candidates == 0)
    {
      decision->reason = CS_DEDUP_REASON_NO_CANDIDATES;
      return;
    }

  for (guint i = 0; i < n_candidates; i++)
    {
      if (!score_candidate (config, report, report_located, &candidates[i], &current))
        continue;
      decision->n_eligible++;
      if (decision->best < 0
          || better (&candidates[i], &current, &candidates[decision->best], &decision->score))
        {
          decision->best = (int) i;
          decision->score = current;
        }
    }

  if (decision->best < 0)
    {
      decision->reason = CS_DEDUP_REASON_NONE_ELIGIBLE;
      return;
    }

  decision->issue_id = candidates[decision->best].issue_id;
  if (decision->score.score >= decision->score.threshold)
    {
      decision->action = CS_DEDUP_LINK;
      decision->reason = CS_DEDUP_REASON_LINKED;
    }
  else
    decision->reason = CS_DEDUP_REASON_BELOW_THRESHOLD;
}

static void
describe_match (GString            *out,
                const CsDedupScore *s)
{
  guint days = (guint) floor (s->days_apart);

  if (s->same_category)
    g_string_append_printf (out, "%s, ", _("Same category"));
  else if (s->same_group)
    g_string_append_printf (out, "%s, ", _("Same category group"));

  if (s->located)
    g_string_append_printf (out, _("%.0f m away"), s->distance_m);
  else
    g_string_append (out, _("no location, wording alone"));
  g_string_append (out, ", ");

  if (s->days_apart < 1.0)
    g_string_append (out, _("less than a day apart"));
  else
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u day apart", "%u days apart", days), days);
  g_string_append (out, ", ");

  if (s->text >= 0.5)
    g_string_append_printf (out, _("similar wording (%.2f)"), s->text);
  else if (s->text >= 0.25)
    g_string_append_printf (out, _("partly similar wording (%.2f)"), s->text);
  else
    g_string_append_printf (out, _("different wording (%.2f)"), s->text);
  if (s->text_detail.numbers_differ)
    g_string_append_printf (out, ", %s", _("different numbers"));
}

/* A sentence for officers and the issue's history, e.g. "Same category,
 * 42 m away, 3 days apart, similar wording (0.71); score 0.83". */
char *
cs_dedup_decision_describe (const CsDedupDecision *decision)
{
  GString *out;

  g_return_val_if_fail (decision != NULL, NULL);

  out = g_string_new (NULL);
  switch (decision->reason)
    {
    case CS_DEDUP_REASON_LINKED:
      describe_match (out, &decision->score);
      g_string_append_printf (out, _("; score %.2f"), decision->score.score);
      break;

    case CS_DEDUP_REASON_BELOW_THRESHOLD:
      {
        g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, decision->issue_id);

        g_string_append_printf (out, _("New issue: the closest match, issue %s, scored %.2f, below %.2f"),
                                id, decision->score.score, decision->score.threshold);
        g_string_append (out, " (");
        describe_match (out, &decision->score);
        g_string_append_c (out, ')');
      }
      break;

    case CS_DEDUP_REASON_DISABLED:
      g_string_append (out, _("New issue: deduplication is off for this category"));
      break;

    case CS_DEDUP_REASON_NO_CANDIDATES:
    case CS_DEDUP_REASON_NONE_ELIGIBLE:
      if (decision->score.located)
        g_string_append_printf (out, _("New issue: no open issue of this category within %.0f m and %.0f days"),
                                decision->score.radius_m, decision->window_days);
      else
        g_string_append_printf (out, _("New issue: no location, and no open issue of this category in the last %.0f days with wording close enough to stand in for one"),
                                decision->window_days);
      break;

    default:
      g_assert_not_reached ();
    }
  return g_string_free (out, FALSE);
}

/* Updates @issue's centroid, dates and count for @report linked to it. Its
 * fingerprint is the caller's: merge the report's in with
 * cs_text_fingerprint_merge() while report_count <= CS_DEDUP_TEXT_MERGE_LIMIT. */
void
cs_dedup_candidate_absorb (CsDedupCandidate    *issue,
                           const CsDedupReport *report)
{
  g_return_if_fail (issue != NULL);
  g_return_if_fail (report != NULL);

  if (usable_location (report->located, report->lat, report->lon))
    {
      if (issue->located)
        cs_geo_centroid_add (&issue->lat, &issue->lon, MAX (issue->report_count, 1),
                             report->lat, report->lon, 1);
      else
        {
          issue->lat = report->lat;
          issue->lon = report->lon;
          issue->located = TRUE;
        }
    }
  if (issue->report_count == 0)
    issue->first_report = issue->last_report = report->time;
  else
    {
      issue->first_report = MIN (issue->first_report, report->time);
      issue->last_report = MAX (issue->last_report, report->time);
    }
  issue->report_count++;
}

/* Folds issue @from into @into, as an officer's merge does: centroid weighted
 * by report counts, the union of the dates, the sum of the counts. */
void
cs_dedup_candidate_merge (CsDedupCandidate       *into,
                          const CsDedupCandidate *from)
{
  g_return_if_fail (into != NULL);
  g_return_if_fail (from != NULL);

  if (from->located)
    {
      if (into->located)
        cs_geo_centroid_add (&into->lat, &into->lon, MAX (into->report_count, 1),
                             from->lat, from->lon, MAX (from->report_count, 1));
      else
        {
          into->lat = from->lat;
          into->lon = from->lon;
          into->located = TRUE;
        }
    }
  if (from->report_count > 0)
    {
      if (into->report_count == 0)
        {
          into->first_report = from->first_report;
          into->last_report = from->last_report;
        }
      else
        {
          into->first_report = MIN (into->first_report, from->first_report);
          into->last_report = MAX (into->last_report, from->last_report);
        }
    }
  into->report_count += from->report_count;
}
