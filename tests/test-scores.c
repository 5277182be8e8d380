/* test-scores.c: per-area aggregates, scores, ranks and incremental updates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "core/cs-error.h"
#include "core/cs-leaderboard.h"
#include "core/cs-log-histogram.h"
#include "core/cs-quantiles.h"

#define HOUR (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

static void
add (CsScores   *scores,
     const char *group,
     gint64      time,
     double      fraction)
{
  CsResolution r = { group, time, TRUE, fraction <= 1.0, fraction };

  cs_scores_add (scores, &r);
}

/* North and South: the same ten issues, eight met, median e/T 0.375.
 * East: twelve issues, all at half their threshold. West: ten, half met.
 * Tiny: one instant fix. Quiet: nothing resolved, two open and breached. */
static CsScores *
known_scores (gboolean reversed)
{
  static const double fractions[10] = { 0.25, 0.25, 0.25, 0.25, 0.25, 0.5, 0.5, 0.5, 2.0, 3.0 };
  static const double hours[10] = { 1, 1, 1, 1, 1, 2, 2, 2, 10, 20 };
  const char *groups[] = { "North", "South" };
  CsScores *scores = cs_scores_new ();

  for (guint g = 0; g < 2; g++)
    for (guint i = 0; i < 10; i++)
      add (scores, groups[reversed ? 1 - g : g], (gint64) (hours[i] * HOUR), fractions[i]);
  for (guint i = 0; i < 12; i++)
    add (scores, "East", 3 * HOUR, 0.5);
  for (guint i = 0; i < 10; i++)
    add (scores, "West", 30 * HOUR, i < 5 ? 0.9 : 1.5);
  add (scores, "Tiny", HOUR / 60, 0.01);
  cs_scores_set_open (scores, "Quiet", 2, 2);
  return scores;
}

static void
test_group_score (void)
{
  g_autoptr(CsScores) scores = known_scores (FALSE);
  CsGroupScore s;

  g_assert_true (cs_scores_get (scores, "North", NULL, &s));
  g_assert_cmpuint (s.resolved, ==, 10);
  g_assert_cmpuint (s.met, ==, 8);
  g_assert_cmpfloat (s.compliance, ==, 0.8);
  g_assert_cmpfloat_with_epsilon (s.mean_resolution, 41 * HOUR / 10, 1.0);
  g_assert_cmpfloat_with_epsilon (s.median_resolution, 1.5 * HOUR, 0.005 * 1.5 * HOUR);
  g_assert_cmpfloat_with_epsilon (s.median_fraction, 0.375, 0.005 * 0.375);
  g_assert_cmpfloat_with_epsilon (s.speed, 0.8125, 0.001);
  g_assert_cmpfloat_with_epsilon (s.score, 0.7 * 0.8 + 0.3 * 0.8125, 0.001);
  g_assert_true (s.eligible);

  g_assert_true (cs_scores_get (scores, "West", NULL, &s));
  g_assert_cmpfloat_with_epsilon (s.speed, 0.4, 0.004);
  g_assert_cmpfloat_with_epsilon (s.score, 0.7 * 0.5 + 0.3 * 0.4, 0.002);

  /* One instant fix scores best of all but is not eligible. */
  g_assert_true (cs_scores_get (scores, "Tiny", NULL, &s));
  g_assert_cmpfloat (s.score, >, 0.99);
  g_assert_false (s.eligible);

  /* Nothing resolved: breached open issues make compliance 0, speed is unknown. */
  g_assert_true (cs_scores_get (scores, "Quiet", NULL, &s));
  g_assert_cmpfloat (s.compliance, ==, 0.0);
  g_assert_true (isnan (s.speed) && isnan (s.score) && isnan (s.mean_resolution));
  g_assert_false (s.eligible);
  /* ...unless speed weighs nothing. */
  {
    CsScoreOptions only_compliance = { 1.0, 0.0, 1 };

    g_assert_true (cs_scores_get (scores, "Quiet", &only_compliance, &s));
    g_assert_cmpfloat (s.score, ==, 0.0);
    g_assert_false (s.eligible);
  }

  g_assert_false (cs_scores_get (scores, "Nowhere", NULL, &s));
  g_assert_true (isnan (s.score));
}

static void
test_ranks (void)
{
  g_autoptr(CsScores) scores = known_scores (FALSE);
  g_autoptr(CsScores) reversed = known_scores (TRUE);
  g_autoptr(CsLeaderboard) board = NULL;
  g_autoptr(CsLeaderboard) other = NULL;
  g_autoptr(CsLeaderboard) later = NULL;
  g_autoptr(GHashTable) ranks = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  const CsLeaderboardEntry *e;
  static const char *order[] = { "East", "North", "South", "West", "Quiet", "Tiny" };
  static const guint expected_ranks[] = { 1, 2, 2, 4, 0, 0 };

  board = cs_leaderboard_new (scores, NULL, NULL, NULL);
  g_assert_cmpuint (cs_leaderboard_get_n_entries (board), ==, 6);
  g_assert_cmpuint (cs_leaderboard_get_n_ranked (board), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      e = cs_leaderboard_get_entry (board, i);
      g_assert_cmpstr (e->group, ==, order[i]);
      g_assert_cmpuint (e->rank, ==, expected_ranks[i]);
      g_assert_cmpint (e->rank_change, ==, 0);
    }
  g_assert_true (cs_leaderboard_lookup (board, "North")->tied);
  g_assert_true (cs_leaderboard_lookup (board, "South")->tied);
  g_assert_false (cs_leaderboard_lookup (board, "East")->tied);
  g_assert_null (cs_leaderboard_lookup (board, "Nowhere"));

  /* The order the groups came in changes nothing. */
  other = cs_leaderboard_new (reversed, NULL, NULL, NULL);
  a = cs_leaderboard_to_json (board);
  b = cs_leaderboard_to_json (other);
  g_assert_true (json_node_equal (a, b));

  /* Next window: North leaves two breached issues open and drops a place;
   * Tiny gets enough resolutions to be ranked and is new on the board. */
  ranks = cs_leaderboard_dup_ranks (board);
  g_assert_cmpuint (g_hash_table_size (ranks), ==, 4);
  cs_scores_set_open (scores, "North", 4, 2);
  for (guint i = 0; i < 9; i++)
    add (scores, "Tiny", HOUR, 0.1);
  later = cs_leaderboard_new (scores, NULL, ranks, NULL);
  e = cs_leaderboard_lookup (later, "North");
  g_assert_cmpfloat_with_epsilon (e->score.compliance, 8.0 / 12.0, 1e-12);
  g_assert_cmpuint (e->rank, ==, 4);
  g_assert_cmpuint (e->previous_rank, ==, 2);
  g_assert_cmpint (e->rank_change, ==, -2);
  e = cs_leaderboard_lookup (later, "Tiny");
  g_assert_cmpuint (e->rank, ==, 1);
  g_assert_cmpuint (e->previous_rank, ==, 0);
  g_assert_cmpint (e->rank_change, ==, 0);
  e = cs_leaderboard_lookup (later, "East");
  g_assert_cmpuint (e->rank, ==, 2);
  g_assert_cmpint (e->rank_change, ==, -1);
  e = cs_leaderboard_lookup (later, "South");
  g_assert_cmpuint (e->rank, ==, 3);
  g_assert_false (e->tied);
  g_assert_cmpint (e->rank_change, ==, -1);
  e = cs_leaderboard_lookup (later, "West");
  g_assert_cmpuint (e->rank, ==, 5);
  g_assert_cmpint (e->rank_change, ==, -1);

  /* A higher minimum leaves only East ranked. */
  {
    CsScoreOptions strict = CS_SCORE_OPTIONS_INIT;
    g_autoptr(CsLeaderboard) few = NULL;

    strict.min_resolved = 12;
    few = cs_leaderboard_new (scores, &strict, NULL, NULL);
    g_assert_cmpuint (cs_leaderboard_get_n_ranked (few), ==, 1);
    g_assert_cmpstr (cs_leaderboard_get_entry (few, 0)->group, ==, "East");
  }
}

static void
test_options (void)
{
  static const struct
  {
    const char *json;
    const char *message;
  } errors[] = {
    { "{\"compliance_weight\": 0.8, \"speed_weight\": 0.3}",
      "Score weights must add up to 1: compliance 0.8 and speed 0.3 add up to 1.1" },
    { "{\"compliance_weight\": 1.2, \"speed_weight\": -0.2}",
      "Score weights must be numbers of at least 0 (compliance 1.2, speed -0.2)" },
    { "{\"compliance_weight\": \"0.7\"}", "Score options: “compliance_weight” must be a number" },
    { "{\"weight\": 1}", "Score options: unknown member “weight”" },
    { "{\"min_resolved\": 0}", "The minimum number of resolved issues to be ranked must be between 1 and 1000000" },
    { "{\"min_resolved\": 2.5}", "Score options: “min_resolved” must be a whole number" },
    { "[]", "Score options must be a JSON object" },
  };
  CsScoreOptions options = CS_SCORE_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string ("{\"compliance_weight\": 0.6, \"speed_weight\": 0.4}", NULL);
  g_autoptr(JsonNode) out = NULL;
  g_autofree char *text = NULL;
  g_autoptr(CsScores) scores = cs_scores_new ();
  CsScoreOptions bad = { 0.5, 0.6, 10 };

  g_assert_true (cs_score_options_from_json (node, &options, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (options.speed_weight, ==, 0.4);
  g_assert_cmpuint (options.min_resolved, ==, 10);
  out = cs_score_options_to_json (&options);
  text = json_to_string (out, FALSE);
  {
    CsScoreOptions back = { 0, 0, 0 };
    g_autoptr(JsonNode) again = json_from_string (text, NULL);

    g_assert_true (cs_score_options_from_json (again, &back, NULL));
    g_assert_cmpfloat (back.compliance_weight, ==, 0.6);
    g_assert_cmpfloat (back.speed_weight, ==, 0.4);
    g_assert_cmpuint (back.min_resolved, ==, 10);
  }

  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      g_autoptr(JsonNode) bad_node = json_from_string (errors[i].json, NULL);
      CsScoreOptions kept = options;

      g_assert_false (cs_score_options_from_json (bad_node, &kept, &error));
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, errors[i].message);
      /* The previous options stay in force. */
      g_assert_cmpfloat (kept.compliance_weight, ==, 0.6);
      g_clear_error (&error);
    }

  g_assert_null (cs_leaderboard_new (scores, &bad, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
}

/* Batches, removals and merges give exactly the state of one full pass. */
static void
test_incremental (void)
{
  static const char *groups[] = { "A", "B", "C", "D", "E", "F", "G" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);
  g_autoptr(GArray) data = g_array_new (FALSE, FALSE, sizeof (CsResolution));
  g_autoptr(CsScores) full = cs_scores_new ();
  g_autoptr(CsScores) incremental = cs_scores_new ();
  g_autoptr(CsScores) left = cs_scores_new ();
  g_autoptr(CsScores) right = cs_scores_new ();
  g_autoptr(CsLeaderboard) board_full = NULL;
  g_autoptr(CsLeaderboard) board_merged = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  CsResolution absent = { "A", 12345678, TRUE, TRUE, 1e-3 };
  gsize n = 10000, extra = 500;

  for (gsize i = 0; i < n + extra; i++)
    {
      double fraction = exp (g_rand_double_range (rand, -4, 1.5));
      CsResolution r = { groups[g_rand_int_range (rand, 0, G_N_ELEMENTS (groups))],
                         (gint64) (exp (g_rand_double_range (rand, 5, 15)) * G_USEC_PER_SEC),
                         g_rand_int_range (rand, 0, 10) > 0, fraction <= 1.0, fraction };

      g_array_append_val (data, r);
    }
  cs_scores_add_batch (full, &g_array_index (data, CsResolution, 0), n);

  cs_scores_add_batch (incremental, &g_array_index (data, CsResolution, 0), 6000);
  for (gsize i = 6000; i < n + extra; i += 1000)
    cs_scores_add_batch (incremental, &g_array_index (data, CsResolution, i), MIN (1000, n + extra - i));
  g_assert_false (cs_scores_equal (full, incremental));
  /* The last 500 leave the window again. */
  for (gsize i = n; i < n + extra; i++)
    g_assert_true (cs_scores_remove (incremental, &g_array_index (data, CsResolution, i)));
  g_assert_true (cs_scores_equal (full, incremental));
  /* A resolution never added is refused and changes nothing. */
  g_assert_false (cs_scores_remove (incremental, &absent));
  g_assert_true (cs_scores_equal (full, incremental));

  for (gsize i = 0; i < n; i++)
    cs_scores_add (i % 3 ? left : right, &g_array_index (data, CsResolution, i));
  cs_scores_merge (left, right);
  g_assert_true (cs_scores_equal (full, left));

  board_full = cs_leaderboard_new (full, NULL, NULL, NULL);
  board_merged = cs_leaderboard_new (left, NULL, NULL, NULL);
  a = cs_leaderboard_to_json (board_full);
  b = cs_leaderboard_to_json (board_merged);
  g_assert_true (json_node_equal (a, b));
}

/* The histogram's median is within 0.5 % of the exact one. */
static void
test_histogram_accuracy (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);

  for (guint round = 0; round < 20; round++)
    {
      CsLogHistogram histogram = CS_LOG_HISTOGRAM_INIT;
      guint n = (guint) g_rand_int_range (rand, 1, 3000);
      g_autofree double *values = g_new (double, n);
      const double ps[] = { 0.1, 0.5, 0.9 };

      for (guint i = 0; i < n; i++)
        {
          values[i] = exp (g_rand_double_range (rand, -3, 12));
          cs_log_histogram_add (&histogram, values[i]);
        }
      for (guint k = 0; k < G_N_ELEMENTS (ps); k++)
        {
          double exact = cs_quantile_select (values, n, ps[k]);
          double estimate = cs_log_histogram_quantile (&histogram, ps[k]);

          g_assert_cmpfloat (fabs (estimate - exact), <=, 0.005 * exact * (1 + 1e-9));
        }
      cs_log_histogram_clear (&histogram);
    }

  {
    CsLogHistogram histogram = CS_LOG_HISTOGRAM_INIT;

    g_assert_true (isnan (cs_log_histogram_quantile (&histogram, 0.5)));
    cs_log_histogram_add (&histogram, 0.0);
    cs_log_histogram_add (&histogram, 0.0);
    cs_log_histogram_add (&histogram, 10.0);
    g_assert_cmpfloat (cs_log_histogram_quantile (&histogram, 0.5), ==, 0.0);
    g_assert_false (cs_log_histogram_remove (&histogram, 100.0));
    g_assert_true (cs_log_histogram_remove (&histogram, 0.0));
    g_assert_cmpfloat_with_epsilon (cs_log_histogram_quantile (&histogram, 0.5), 5.0, 0.05);
    cs_log_histogram_clear (&histogram);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scores/group-score", test_group_score);
  g_test_add_func ("/scores/ranks", test_ranks);
  g_test_add_func ("/scores/options", test_options);
  g_test_add_func ("/scores/incremental", test_incremental);
  g_test_add_func ("/scores/histogram-accuracy", test_histogram_accuracy);
  return g_test_run ();
}
