/* test-dedup.c: linking reports to issues, and the evaluation on FixMyStreet titles
 *
 * Scores are computed by hand from the documented formula:
 *   located:  0.55 text + 0.30 (1 - d / radius) + 0.15 (1 - days / 30)
 *   not:     (0.55 text + 0.15 (1 - days / 30)) / 0.70
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "core/cs-dedup.h"
#include "core/cs-dedup-eval.h"
#include "core/cs-error.h"
#include "core/cs-geo.h"

#define LAT 52.2
#define LON 0.13
#define T0  ((gint64) 1700000000 * G_USEC_PER_SEC)
#define DAY G_TIME_SPAN_DAY

/* Degrees of latitude for @m metres due north: exact on the sphere. */
static double
north (double m)
{
  return m / CS_GEO_EARTH_RADIUS_M * 180.0 / G_PI;
}

typedef struct
{
  CsDedupConfig config;
  CsTextFingerprint *fingerprints[8];
  guint n_fingerprints;
} Fixture;

static const CsTextFingerprint *
fp (Fixture    *f,
    const char *text)
{
  g_assert (f->n_fingerprints < G_N_ELEMENTS (f->fingerprints));
  f->fingerprints[f->n_fingerprints] = cs_text_fingerprint_new (text);
  return f->fingerprints[f->n_fingerprints++];
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  memset (f, 0, sizeof *f);
  cs_dedup_config_init (&f->config);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < f->n_fingerprints; i++)
    cs_text_fingerprint_unref (f->fingerprints[i]);
}

static CsDedupReport
report_at (const CsTextFingerprint *fingerprint,
           double                   lat,
           double                   lon,
           gint64                   time)
{
  return (CsDedupReport) {
    .fingerprint = fingerprint,
    .located = TRUE, .lat = lat, .lon = lon,
    .time = time,
    .category = "potholes", .category_group = "roads",
    .radius_m = -1,
  };
}

static CsDedupCandidate
issue_at (gint64                   id,
          const CsTextFingerprint *fingerprint,
          double                   lat,
          double                   lon,
          gint64                   first,
          gint64                   last)
{
  return (CsDedupCandidate) {
    .issue_id = id,
    .fingerprint = fingerprint,
    .located = TRUE, .lat = lat, .lon = lon,
    .first_report = first, .last_report = last,
    .report_count = 1,
    .category = "potholes", .category_group = "roads",
    .radius_m = -1,
    .open = TRUE,
  };
}

static void
test_config_defaults (void)
{
  CsDedupConfig c;

  cs_dedup_config_init (&c);
  g_assert_cmpfloat (c.default_radius_m, ==, 250.0);
  g_assert_cmpint (c.window, ==, 30 * DAY);
  g_assert_cmpfloat (c.threshold_text_only, >, c.threshold);
  g_assert_cmpfloat_with_epsilon (c.weight_text + c.weight_distance + c.weight_time, 1.0, 1e-12);
}

static void
test_same_place_same_text (Fixture       *f,
                           gconstpointer  data)
{
  const CsTextFingerprint *text = fp (f, "Large pothole on Mill Road");
  CsDedupReport r = report_at (text, LAT + north (10), LON, T0 + DAY);
  CsDedupCandidate c = issue_at (7, text, LAT, LON, T0, T0);
  CsDedupDecision d;

  cs_dedup_decide (&f->config, &r, &c, 1, &d);
  g_assert_cmpint (d.action, ==, CS_DEDUP_LINK);
  g_assert_cmpint (d.reason, ==, CS_DEDUP_REASON_LINKED);
  g_assert_cmpint (d.issue_id, ==, 7);
  g_assert_cmpint (d.best, ==, 0);
  g_assert_cmpuint (d.n_eligible, ==, 1);
  /* 0.55 · 1 + 0.30 · (1 - 10/250) + 0.15 · (1 - 1/30) = 0.983 */
  g_assert_cmpfloat_with_epsilon (d.score.distance_m, 10.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (d.score.proximity, 0.96, 1e-9);
  g_assert_cmpfloat_with_epsilon (d.score.recency, 29.0 / 30.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (d.score.score, 0.55 + 0.288 + 0.145, 1e-9);
  g_assert_true (d.score.same_category);
}

static void
test_reason_strings (Fixture       *f,
                     gconstpointer  data)
{
  const CsTextFingerprint *text = fp (f, "Blocked drain on Lynfield Lane");
  const CsTextFingerprint *other = fp (f, "Graffiti on the bus shelter");
  CsDedupReport r = report_at (text, LAT + north (42), LON, T0 + 3 * DAY);
  CsDedupCandidate c = issue_at (7, text, LAT, LON, T0, T0);
  CsDedupDecision d;
  g_autofree char *linked = NULL;
  g_autofree char *below = NULL;
  g_autofree char *disabled = NULL;
  g_autofree char *none = NULL;
  g_autofree char *no_location = NULL;

  /* 0.55 + 0.30 · (1 - 42/250) + 0.15 · (1 - 3/30) = 0.9346 */
  cs_dedup_decide (&f->config, &r, &c, 1, &d);
  g_assert_cmpfloat_with_epsilon (d.score.score, 0.9346, 1e-9);
  linked = cs_dedup_decision_describe (&d);
  g_assert_cmpstr (linked, ==, "Same category, 42 m away, 3 days apart, similar wording (1.00); score 0.93");

  c.fingerprint = other;
  cs_dedup_decide (&f->config, &r, &c, 1, &d);
  g_assert_cmpint (d.action, ==, CS_DEDUP_NEW_ISSUE);
  g_assert_cmpint (d.reason, ==, CS_DEDUP_REASON_BELOW_THRESHOLD);
  g_assert_cmpint (d.issue_id, ==, 7);
  below = cs_dedup_decision_describe (&d);
  g_assert_true (g_str_has_prefix (below, "New issue: the closest match, issue 7, scored 0.3"));
  g_assert_nonnull (strstr (below, "below 0.68 (Same category, 42 m away, 3 days apart, different wording (0.0"));

  r.radius_m = 0;
  cs_dedup_decide (&f->config, &r, &c, 1, &d);
  disabled = cs_dedup_decision_describe (&d);
  g_assert_cmpstr (disabled, ==, "New issue: deduplication is off for this category");

  r.radius_m = -1;
  cs_dedup_decide (&f->config, &r, NULL, 0, &d);
  g_assert_cmpint (d.reason, ==, CS_DEDUP_REASON_NO_CANDIDATES);
  none = cs_dedup_decision_describe (&d);
  g_assert_cmpstr (none, ==, "New issue: no open issue of this category within 250 m and 30 days");

  r.located = FALSE;
  cs_dedup_decide (&f->config, &r, NULL, 0, &d);
  no_location = cs_dedup_decision_describe (&d);
  g_assert_true (g_str_has_prefix (no_location, "New issue: no location"));
}

static void
test_far_is_new (Fixture       *f,
                 gconstpointer  data)
{
  const CsTextFingerprint *text = fp (f, "Large pothole on Mill Road");
  CsDedupReport r = report_at (text, LAT + north (300), LON, T0);
  CsDedupCandidate c = issue_at (7, text, LAT, LON, T0, T0);
  CsDedupDecision d;
  CsDedupScore s;

  cs_dedup_decide (&f->config, &r, &c, 1, &d);
  g_assert_cmpint (d.action, ==, CS_DEDUP_NEW_ISSUE);
  g_assert_cmpint (d.reason, ==, CS_DEDUP_REASON_NONE_ELIGIBLE);
  g_assert_cmpint (d.best, ==, -1);
  g_assert_false (cs_dedup_score (&f->config, &r, &c, &s));
  g_assert_cmpint (s.eligibility, ==, CS_DEDUP_TOO_FAR);
  g_assert_cmpfloat_with_epsilon (s.distance_m, 300.0, 1e-6);
  g_assert_cmpfloat (s.score, ==, 0.0);

  /* A category with a 400 m radius takes it: 0.55 + 0.30 · (1 - 300/400) + 0.15. */
  r.radius_m = 400;
  c.radius_m = 400;
  g_assert_true (cs_dedup_score (&f->config, &r, &c, &s));
  g_assert_cmpfloat_with_epsilon (s.score, 0.55 + 0.075 + 0.15, 1e-9);

  /* The smaller of the two radii applies: 150 m for the candidate's category. */
  c.radius_m = 150;
  g_assert_false (cs_dedup_score (&f->config, &r, &c, &s));
  g_assert_cmpint (s.eligibility, ==, CS_DEDUP_TOO_FAR);
  g_assert_cmpfloat (s.radius_m, ==, 150.0);
}

static void
test_radius_zero (Fixture       *f,
                  gconstpointer  data)
{
  const CsTextFingerprint *text = fp (f, "Large pothole on Mill Road");
  CsDedupReport r = report_at (text, LAT, LON, T0);
  CsDedupCandidate c = issue_at (7, text, LAT, LON, T0, T0);
  CsDedupDecision d;
  CsDedupScore s;

  /* The perfect candidate, but the report's category has dedup off. */
  r.radius_m = 0;
  cs_dedup_decide (&f->config, &r, &c, 1, &d);
  g_assert_cmpint (d.action, ==, CS_DEDUP_NEW_ISSUE);
  g_assert_cmpint (d.reason, ==, CS_DEDUP_REASON_DISABLED);

  /* Or the candidate's (its category group differs but matches). */
  r.radius_m = -1;
  c.radius_m = 0;
  g_assert_false (cs_dedup_score (&f->config, &r, &c, &s));
  g_assert_cmpint (s.eligibility, ==, CS_DEDUP_RADIUS_OFF);
  cs_dedup_decide (&f->config, &r, &c, 1, &d);
  g_assert_cmpint (d.action, ==, CS_DEDUP_NEW_ISSUE);

  /* A default radius of 0 turns it off everywhere. */
  c.radius_m = -1;
  f->config.default_radius_m = 0;
  cs_dedup_decide (&f->config, &r, &c, 1, &d);
  g_assert_cmpint (d.reason, ==, CS_DEDUP_REASON_DISABLED);
}

static void
test_no_location (Fixture       *f,
                  gconstpointer  data)
{
  const CsTextFingerprint *full = fp (f, "Large pothole Mill Road by the bus stop");
  const CsTextFingerprint *part = fp (f, "Large pothole Mill Road");
  const CsTextFingerprint *word = fp (f, "Pothole");
  CsDedupReport r = report_at (full, 0, 0, T0);
  CsDedupCandidate c = issue_at (7, full, LAT, LON, T0, T0);
  CsDedupDecision d;
  g_autofree char *why = NULL;

  /* Same wording, no location: (0.55 · 1 + 0.15 · 1) / 0.70 = 1. */
  r.located = FALSE;
  cs_dedup_decide (&f->config, &r, &c, 1, &d);
  g_assert_cmpint (d.action, ==, CS_DEDUP_LINK);
  g_assert_false (d.score.located);
  g_assert_cmpfloat (d.score.distance_m, ==, -1.0);
  g_assert_cmpfloat_with_epsilon (d.score.score, 1.0, 1e-12);
  g_assert_cmpfloat (d.score.threshold, ==, f->config.threshold_text_only);
  why = cs_dedup_decision_describe (&d);
  g_assert_nonnull (strstr (why, "no location, wording alone"));

  /* A contained title (text 0.8: words 4/6, trigrams 20/27, containment 1)
   * links at the same spot (0.55 · 0.8 + 0.30 + 0.15 = 0.89) but not
   * without a location ((0.44 + 0.15) / 0.70 = 0.843 < 0.92). */
  r.fingerprint = part;
  cs_dedup_decide (&f->config, &r, &c, 1, &d);
  g_assert_cmpfloat_with_epsilon (d.score.text, 0.8, 1e-12);
  g_assert_cmpfloat_with_epsilon (d.score.score, 0.59 / 0.70, 1e-9);
  g_assert_cmpint (d.action, ==, CS_DEDUP_NEW_ISSUE);
  g_assert_cmpint (d.reason, ==, CS_DEDUP_REASON_BELOW_THRESHOLD);
  r.located = TRUE;
  r.lat = LAT;
  r.lon = LON;
  cs_dedup_decide (&f->config, &r, &c, 1, &d);
  g_assert_cmpfloat_with_epsilon (d.score.score, 0.89, 1e-9);
  g_assert_cmpint (d.action, ==, CS_DEDUP_LINK);

  /* (0, 0) is a phone without a fix: the same as no location. */
  r.lat = 0;
  r.lon = 0;
  cs_dedup_decide (&f->config, &r, &c, 1, &d);
  g_assert_false (d.score.located);
  g_assert_cmpint (d.action, ==, CS_DEDUP_NEW_ISSUE);

  /* One word says nothing about where: never linked without a location. */
  r.located = FALSE;
  r.fingerprint = word;
  c.fingerprint = word;
  cs_dedup_decide (&f->config, &r, &c, 1, &d);
  g_assert_cmpint (d.action, ==, CS_DEDUP_NEW_ISSUE);
  g_assert_cmpint (d.reason, ==, CS_DEDUP_REASON_NONE_ELIGIBLE);
  {
    CsDedupScore s;

    g_assert_false (cs_dedup_score (&f->config, &r, &c, &s));
    g_assert_cmpint (s.eligibility, ==, CS_DEDUP_TOO_VAGUE);
  }

  /* No text at all, and no location: nothing to go on. */
  r.fingerprint = NULL;
  cs_dedup_decide (&f->config, &r, &c, 1, &d);
  g_assert_cmpint (d.action, ==, CS_DEDUP_NEW_ISSUE);
}

static void
test_time_window (Fixture       *f,
                  gconstpointer  data)
{
  const CsTextFingerprint *text = fp (f, "Large pothole on Mill Road");
  CsDedupReport r = report_at (text, LAT, LON, T0 + 31 * DAY);
  CsDedupCandidate c = issue_at (7, text, LAT, LON, T0 - 10 * DAY, T0);
  CsDedupDecision d;
  CsDedupScore s;

  /* 31 days after the issue's last report: outside the 30-day window. */
  cs_dedup_decide (&f->config, &r, &c, 1, &d);
  g_assert_cmpint (d.action, ==, CS_DEDUP_NEW_ISSUE);
  g_assert_cmpint (d.reason, ==, CS_DEDUP_REASON_NONE_ELIGIBLE);
  g_assert_false (cs_dedup_score (&f->config, &r, &c, &s));
  g_assert_cmpint (s.eligibility, ==, CS_DEDUP_OUTSIDE_WINDOW);
  g_assert_cmpfloat_with_epsilon (s.days_apart, 31.0, 1e-9);

  /* 29 days: in, with recency 1/30: 0.55 + 0.30 + 0.005. */
  r.time = T0 + 29 * DAY;
  g_assert_true (cs_dedup_score (&f->config, &r, &c, &s));
  g_assert_cmpfloat_with_epsilon (s.recency, 1.0 / 30.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.score, 0.855, 1e-9);

  /* Within the issue's span: 0 days apart. Before it: counted from the first. */
  r.time = T0 - 5 * DAY;
  g_assert_true (cs_dedup_score (&f->config, &r, &c, &s));
  g_assert_cmpfloat (s.days_apart, ==, 0.0);
  g_assert_cmpfloat (s.recency, ==, 1.0);
  r.time = T0 - 12 * DAY;
  g_assert_true (cs_dedup_score (&f->config, &r, &c, &s));
  g_assert_cmpfloat_with_epsilon (s.days_apart, 2.0, 1e-9);

  /* A shorter window configured: 7 days. */
  f->config.window = 7 * DAY;
  r.time = T0 + 8 * DAY;
  g_assert_false (cs_dedup_score (&f->config, &r, &c, &s));
}

static void
test_category_and_status (Fixture       *f,
                          gconstpointer  data)
{
  const CsTextFingerprint *text = fp (f, "Large pothole on Mill Road");
  CsDedupReport r = report_at (text, LAT, LON, T0);
  CsDedupCandidate c = issue_at (7, text, LAT, LON, T0, T0);
  CsDedupScore s;
  CsDedupDecision d;
  g_autofree char *why = NULL;

  c.category = "streetlights";
  c.category_group = "lighting";
  g_assert_false (cs_dedup_score (&f->config, &r, &c, &s));
  g_assert_cmpint (s.eligibility, ==, CS_DEDUP_OTHER_CATEGORY);

  /* Another category of the same group. */
  c.category = "road-surface";
  c.category_group = "roads";
  g_assert_true (cs_dedup_score (&f->config, &r, &c, &s));
  g_assert_false (s.same_category);
  g_assert_true (s.same_group);
  cs_dedup_decide (&f->config, &r, &c, 1, &d);
  why = cs_dedup_decision_describe (&d);
  g_assert_true (g_str_has_prefix (why, "Same category group, 0 m away"));

  /* An empty group name groups nothing. */
  c.category_group = "";
  r.category_group = "";
  g_assert_false (cs_dedup_score (&f->config, &r, &c, &s));

  /* Unknown category (not yet classified): not a filter. */
  r.category = NULL;
  g_assert_true (cs_dedup_score (&f->config, &r, &c, &s));
  g_assert_false (s.same_category);

  c.open = FALSE;
  g_assert_false (cs_dedup_score (&f->config, &r, &c, &s));
  g_assert_cmpint (s.eligibility, ==, CS_DEDUP_NOT_OPEN);
}

static void
test_best_and_ties (Fixture       *f,
                    gconstpointer  data)
{
  const CsTextFingerprint *text = fp (f, "Overflowing bin outside the library");
  const CsTextFingerprint *other = fp (f, "Broken bench");
  CsDedupReport r = report_at (text, LAT, LON, T0);
  CsDedupCandidate c[5];
  CsDedupCandidate swapped[2];
  CsDedupDecision d;

  c[0] = issue_at (1, text, LAT + north (400), LON, T0, T0);      /* too far */
  c[1] = issue_at (2, text, LAT, LON, T0, T0);                    /* closed */
  c[1].open = FALSE;
  c[2] = issue_at (3, other, LAT, LON, T0, T0);                   /* other wording */
  c[3] = issue_at (4, text, LAT + north (50), LON, T0, T0);       /* the one */
  c[4] = issue_at (5, text, LAT + north (120), LON, T0, T0);      /* farther */
  cs_dedup_decide (&f->config, &r, c, 5, &d);
  g_assert_cmpint (d.action, ==, CS_DEDUP_LINK);
  g_assert_cmpint (d.issue_id, ==, 4);
  g_assert_cmpint (d.best, ==, 3);
  g_assert_cmpuint (d.n_eligible, ==, 3);

  /* Identical candidates: the smaller id, whatever the order. */
  swapped[0] = issue_at (9, text, LAT, LON, T0, T0);
  swapped[1] = issue_at (4, text, LAT, LON, T0, T0);
  cs_dedup_decide (&f->config, &r, swapped, 2, &d);
  g_assert_cmpint (d.issue_id, ==, 4);
  swapped[0].issue_id = 4;
  swapped[1].issue_id = 9;
  cs_dedup_decide (&f->config, &r, swapped, 2, &d);
  g_assert_cmpint (d.issue_id, ==, 4);

  /* An issue without a location scoring 0.84 on wording alone (bar 0.92)
   * does not hide one 100 m away scoring 0.77 (bar 0.68). */
  {
    const CsTextFingerprint *longer = fp (f, "Overflowing bin outside the library on Mill Road");
    CsDedupCandidate mixed[2];

    mixed[0] = issue_at (11, longer, 0, 0, T0, T0);
    mixed[0].located = FALSE;
    mixed[1] = issue_at (12, longer, LAT + north (100), LON, T0, T0);
    cs_dedup_decide (&f->config, &r, mixed, 2, &d);
    g_assert_cmpint (d.action, ==, CS_DEDUP_LINK);
    g_assert_cmpint (d.issue_id, ==, 12);
    g_assert_cmpfloat_with_epsilon (d.score.score, 0.55 * 0.8 + 0.30 * 0.6 + 0.15, 1e-9);
    g_assert_cmpuint (d.n_eligible, ==, 2);
  }

  /* Same score and distance: the more recently reported issue. */
  swapped[0] = issue_at (4, text, LAT, LON, T0 - 5 * DAY, T0 + DAY);
  swapped[1] = issue_at (9, text, LAT, LON, T0 - 5 * DAY, T0 + 2 * DAY);
  cs_dedup_decide (&f->config, &r, swapped, 2, &d);
  g_assert_cmpint (d.issue_id, ==, 9);
}

static void
test_absorb_and_merge (Fixture       *f,
                       gconstpointer  data)
{
  CsDedupCandidate issue = issue_at (7, NULL, LAT, LON, T0, T0);
  CsDedupCandidate other = issue_at (8, NULL, LAT + 0.0004, LON + 0.0004, T0 - DAY, T0 - DAY);
  CsDedupReport r = report_at (NULL, LAT + 0.0002, LON + 0.0002, T0 + 2 * DAY);

  cs_dedup_candidate_absorb (&issue, &r);
  g_assert_cmpuint (issue.report_count, ==, 2);
  g_assert_cmpfloat_with_epsilon (issue.lat, LAT + 0.0001, 1e-12);
  g_assert_cmpfloat_with_epsilon (issue.lon, LON + 0.0001, 1e-12);
  g_assert_cmpint (issue.first_report, ==, T0);
  g_assert_cmpint (issue.last_report, ==, T0 + 2 * DAY);

  /* A report without a location counts but does not move the centroid. */
  r.located = FALSE;
  r.time = T0 + DAY;
  cs_dedup_candidate_absorb (&issue, &r);
  g_assert_cmpuint (issue.report_count, ==, 3);
  g_assert_cmpfloat_with_epsilon (issue.lat, LAT + 0.0001, 1e-12);
  g_assert_cmpint (issue.last_report, ==, T0 + 2 * DAY);

  /* Merging: weights 3 and 1, dates united. */
  cs_dedup_candidate_merge (&issue, &other);
  g_assert_cmpuint (issue.report_count, ==, 4);
  g_assert_cmpfloat_with_epsilon (issue.lat, LAT + 0.000175, 1e-12);
  g_assert_cmpint (issue.first_report, ==, T0 - DAY);
  g_assert_cmpint (issue.last_report, ==, T0 + 2 * DAY);
}

static void
test_fixmystreet_evaluation (void)
{
  g_autofree char *reports = g_test_build_filename (G_TEST_DIST, "data", "fixmystreet_cambridge_titles.csv", NULL);
  g_autofree char *pairs = g_test_build_filename (G_TEST_DIST, "data", "fixmystreet_pairs_labelled.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDedupEval) eval = cs_dedup_eval_new (reports, pairs, &error);
  g_autofree char *summary = NULL;
  g_auto(GStrv) lines = NULL;
  CsDedupConfig config;
  CsDedupEvalPoint test, all;
  guint n, dup, near_pairs, near_linked;
  double last_recall = 1.1;

  g_assert_no_error (error);
  g_assert_nonnull (eval);
  cs_dedup_config_init (&config);

  /* The data as shipped: 4,252 reports; 200 pairs labelled by hand. */
  g_assert_cmpuint (cs_dedup_eval_get_n_reports (eval), ==, 4252);
  g_assert_cmpuint (cs_dedup_eval_get_n_labelled (eval, NULL, &dup), ==, 200);
  g_assert_cmpuint (dup, ==, 52);
  n = cs_dedup_eval_get_n_labelled (eval, "test", &dup);
  g_assert_cmpuint (n, ==, 100);
  g_assert_cmpuint (dup, ==, 22);

  summary = cs_dedup_eval_summary (eval, &config);
  lines = g_strsplit (summary, "\n", -1);
  for (guint i = 0; lines[i] && lines[i][0]; i++)
    g_test_message ("%s", lines[i]);

  /* The default threshold is the one the tuning half chooses. */
  g_assert_cmpfloat_with_epsilon (cs_dedup_eval_choose_threshold (eval, "tune", 0.9), config.threshold, 1e-9);

  /* Floors on the held-out half and on everything (docs/deduplication.md). */
  cs_dedup_eval_at (eval, "test", config.threshold, &test);
  g_assert_cmpfloat (test.precision, >=, 0.85);
  g_assert_cmpfloat (test.recall, >=, 0.40);
  cs_dedup_eval_at (eval, NULL, config.threshold, &all);
  g_assert_cmpfloat (all.precision, >=, 0.90);
  g_assert_cmpfloat (all.recall, >=, 0.38);

  /* Raising the threshold never finds more. */
  for (guint k = 30; k <= 100; k += 5)
    {
      CsDedupEvalPoint p;

      cs_dedup_eval_at (eval, NULL, k / 100.0, &p);
      g_assert_cmpfloat (p.recall, <=, last_recall);
      last_recall = p.recall;
    }

  /* All pairs within 30 m (2,895, counted independently of this code), of
   * which 43 have titles identical after folding: those at least link; the
   * labelled sample puts duplicates at about a quarter, so linking more
   * than 30 % would mean linking non-duplicates. */
  cs_dedup_eval_nearby (eval, &config, 30.0, &near_pairs, &near_linked);
  g_assert_cmpuint (near_pairs, ==, 2895);
  g_assert_cmpuint (near_linked, >=, 43);
  g_assert_cmpuint (near_linked, <=, 2895 * 3 / 10);
}

static void
test_bad_files (void)
{
  g_autofree char *reports = g_test_build_filename (G_TEST_DIST, "data", "fixmystreet_cambridge_titles.csv", NULL);
  g_autofree char *dir = g_dir_make_tmp ("cs-dedup-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "pairs.csv", NULL);
  g_autoptr(GError) error = NULL;
  CsDedupEval *eval;

  g_assert_nonnull (dir);

  /* A label for titles that are not the reports file's. */
  g_assert_true (g_file_set_contents (bad,
                                      "id_a,id_b,distance_m,title_a,title_b,duplicate,split\n"
                                      "14,657096,5.0,Something else,\"Incorrect \"\"keep right\"\" signs on new Huntingdon Road cycle track\",no,tune\n",
                                      -1, NULL));
  eval = cs_dedup_eval_new (reports, bad, &error);
  g_assert_null (eval);
  g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "row 2"));
  g_clear_error (&error);

  /* A label that is neither yes nor no. */
  g_assert_true (g_file_set_contents (bad,
                                      "id_a,id_b,distance_m,title_a,title_b,duplicate,split\n"
                                      "14,657096,5.0,Bike lane has awkward wiggle,\"Incorrect \"\"keep right\"\" signs on new Huntingdon Road cycle track\",maybe,tune\n",
                                      -1, NULL));
  eval = cs_dedup_eval_new (reports, bad, &error);
  g_assert_null (eval);
  g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
  g_clear_error (&error);

  /* An unclosed quote. */
  g_assert_true (g_file_set_contents (bad, "id_a,id_b\n\"14,5\n", -1, NULL));
  eval = cs_dedup_eval_new (reports, bad, &error);
  g_assert_null (eval);
  g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
  g_clear_error (&error);

  /* The right file parses: quotes with doubled quotes inside. */
  g_assert_true (g_file_set_contents (bad,
                                      "id_a,id_b,distance_m,title_a,title_b,duplicate,split\n"
                                      "14,657096,5.0,Bike lane has awkward wiggle,\"Incorrect \"\"keep right\"\" signs on new Huntingdon Road cycle track\",no,tune\n",
                                      -1, NULL));
  eval = cs_dedup_eval_new (reports, bad, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_dedup_eval_get_n_labelled (eval, NULL, NULL), ==, 1);
  cs_dedup_eval_free (eval);

  g_unlink (bad);
  g_rmdir (dir);
}

/* -m perf: the cost of one decision against ten candidates. */
static void
test_perf (void)
{
  static const char * const titles[] = {
    "Large pothole on Mill Road", "Overflowing bin by the bus stop", "Streetlight 12 out",
    "Graffiti on the bridge", "Dumped mattress in the alley", "Blocked drain, water on road",
    "Broken paving slab outside number 4", "Pothole near the school gate", "Abandoned bike",
    "Overgrown hedge blocking path", "Potholes on Mill Road near the junction",
  };
  CsTextFingerprint *fps[G_N_ELEMENTS (titles)];
  CsDedupCandidate c[10];
  CsDedupConfig config;
  CsDedupReport r;
  CsDedupDecision d;
  guint links = 0;
  const guint rounds = 200000;
  double seconds;

  if (!g_test_perf ())
    {
      g_test_skip ("run with -m perf");
      return;
    }

  cs_dedup_config_init (&config);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    fps[i] = cs_text_fingerprint_new (titles[i]);
  for (guint i = 0; i < 10; i++)
    c[i] = issue_at (i + 1, fps[i], LAT + north (20.0 * i), LON, T0, T0);
  r = report_at (fps[10], LAT, LON, T0 + DAY);

  g_test_timer_start ();
  for (guint i = 0; i < rounds; i++)
    {
      cs_dedup_decide (&config, &r, c, 10, &d);
      links += d.action == CS_DEDUP_LINK;
    }
  seconds = g_test_timer_elapsed ();
  g_assert_cmpuint (links, ==, rounds);
  g_test_minimized_result (seconds / rounds * 1e9, "decision against 10 candidates: %.0f ns",
                           seconds / rounds * 1e9);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    cs_text_fingerprint_unref (fps[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dedup/config-defaults", test_config_defaults);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/dedup/same-place-same-text", test_same_place_same_text);
  ADD ("/dedup/reason-strings", test_reason_strings);
  ADD ("/dedup/far-is-new", test_far_is_new);
  ADD ("/dedup/radius-zero", test_radius_zero);
  ADD ("/dedup/no-location", test_no_location);
  ADD ("/dedup/time-window", test_time_window);
  ADD ("/dedup/category-and-status", test_category_and_status);
  ADD ("/dedup/best-and-ties", test_best_and_ties);
  ADD ("/dedup/absorb-and-merge", test_absorb_and_merge);
#undef ADD
  g_test_add_func ("/dedup/fixmystreet-evaluation", test_fixmystreet_evaluation);
  g_test_add_func ("/dedup/bad-files", test_bad_files);
  g_test_add_func ("/dedup/perf", test_perf);
  return g_test_run ();
}
