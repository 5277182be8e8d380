/* test-stream-window.c: sliding and tumbling windows, lateness and eviction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "core/cs-stream-window.h"

#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define HOUR (60 * MINUTE)

/* 2025-03-03 10:00 UTC. */
#define T0 (G_GINT64_CONSTANT (1740996000) * G_USEC_PER_SEC)

static void
assert_keys (CsStreamWindow *window,
             const char     *expected)
{
  g_auto(GStrv) keys = cs_stream_window_dup_keys (window);
  g_autofree char *joined = g_strjoinv (",", keys);

  g_assert_cmpstr (joined, ==, expected);
}

static void
test_sliding (void)
{
  g_autoptr(CsStreamWindow) w = cs_stream_window_new (CS_WINDOW_SLIDING, HOUR, 5 * MINUTE);
  CsWindowStats s;

  g_assert_false (cs_stream_window_get_stats (w, "A", &s));
  g_assert_cmpuint (s.count, ==, 0);

  g_assert_true (cs_stream_window_add (w, T0, "A", 10));
  g_assert_true (cs_stream_window_add (w, T0 + 10 * MINUTE, "A", 20));
  g_assert_true (cs_stream_window_add (w, T0 + 15 * MINUTE, "B", 5));
  g_assert_true (cs_stream_window_add (w, T0 + 20 * MINUTE, "A", 30));
  g_assert_true (cs_stream_window_add (w, T0 + 30 * MINUTE, "A", NAN));
  g_assert_cmpint (cs_stream_window_get_now (w), ==, T0 + 30 * MINUTE);

  g_assert_true (cs_stream_window_get_stats (w, "A", &s));
  g_assert_cmpint (s.start, ==, T0 - 30 * MINUTE);
  g_assert_cmpint (s.end, ==, T0 + 30 * MINUTE);
  g_assert_cmpuint (s.count, ==, 4);
  g_assert_cmpuint (s.n_values, ==, 3);
  g_assert_cmpfloat (s.mean, ==, 20);
  /* p90 of 10, 20, 30: position 1.8, so 20 + 0.8 × 10. */
  g_assert_cmpfloat_with_epsilon (s.p90, 28, 1e-9);
  g_assert_cmpfloat (s.rate_per_hour, ==, 4);
  assert_keys (w, "A,B");

  /* (T0 + 5 min, T0 + 65 min]: the first event has gone. */
  cs_stream_window_advance (w, T0 + 65 * MINUTE);
  g_assert_true (cs_stream_window_get_stats (w, "A", &s));
  g_assert_cmpuint (s.count, ==, 3);
  g_assert_cmpfloat (s.mean, ==, 25);
  g_assert_cmpfloat_with_epsilon (s.p90, 29, 1e-9);
  g_assert_true (cs_stream_window_get_stats (w, "B", &s));
  g_assert_cmpuint (s.count, ==, 1);

  /* Lateness: now − 5 min is the oldest accepted. */
  g_assert_false (cs_stream_window_add (w, T0 + 59 * MINUTE, "A", 100));
  g_assert_cmpuint (cs_stream_window_get_n_late (w), ==, 1);
  g_assert_true (cs_stream_window_add (w, T0 + 61 * MINUTE, "A", 40));
  g_assert_true (cs_stream_window_add (w, T0 + 60 * MINUTE, "A", 50));
  g_assert_cmpint (cs_stream_window_get_now (w), ==, T0 + 65 * MINUTE);
  g_assert_true (cs_stream_window_get_stats (w, "A", &s));
  g_assert_cmpuint (s.count, ==, 5);
  g_assert_cmpfloat (s.mean, ==, 35);

  /* The window is (now − 1 h, now]: B's event, exactly an hour old, is out. */
  cs_stream_window_advance (w, T0 + 75 * MINUTE);
  g_assert_true (cs_stream_window_get_stats (w, "A", &s));
  g_assert_cmpuint (s.count, ==, 4);
  g_assert_false (cs_stream_window_get_stats (w, "B", &s));
  assert_keys (w, "A");

  /* Time never goes back. */
  cs_stream_window_advance (w, T0);
  g_assert_cmpint (cs_stream_window_get_now (w), ==, T0 + 75 * MINUTE);

  cs_stream_window_advance (w, T0 + 5 * HOUR);
  assert_keys (w, "");
  g_assert_false (cs_stream_window_get_stats (w, "A", &s));
  g_assert_true (isnan (s.mean) && isnan (s.p90));
}

static void
test_tumbling (void)
{
  g_autoptr(CsStreamWindow) w = cs_stream_window_new (CS_WINDOW_TUMBLING, HOUR, 10 * MINUTE);
  CsWindowStats s;

  cs_stream_window_add (w, T0 + 5 * MINUTE, "A", 1);
  cs_stream_window_add (w, T0 + 30 * MINUTE, "A", 2);
  cs_stream_window_add (w, T0 + 55 * MINUTE, "A", 3);
  cs_stream_window_add (w, T0 + 62 * MINUTE, "A", 4);
  cs_stream_window_add (w, T0 + 68 * MINUTE, "A", 5);

  /* At 11:08 the 10:00 window waits for late events until 11:10. */
  g_assert_false (cs_stream_window_get_stats (w, "A", &s));
  g_assert_cmpint (s.start, ==, T0 - HOUR);
  g_assert_cmpint (s.end, ==, T0);
  g_assert_true (cs_stream_window_get_current_stats (w, "A", &s));
  g_assert_cmpint (s.start, ==, T0 + HOUR);
  g_assert_cmpuint (s.count, ==, 2);

  /* A late 10:59 event still counts for 10:00–11:00. */
  g_assert_true (cs_stream_window_add (w, T0 + 59 * MINUTE, "A", 6));
  cs_stream_window_advance (w, T0 + 70 * MINUTE);
  g_assert_true (cs_stream_window_get_stats (w, "A", &s));
  g_assert_cmpint (s.start, ==, T0);
  g_assert_cmpint (s.end, ==, T0 + HOUR);
  g_assert_cmpuint (s.count, ==, 4);
  g_assert_cmpfloat (s.mean, ==, 3);
  /* p90 of 1, 2, 3, 6: position 2.7, so 3 + 0.7 × 3. */
  g_assert_cmpfloat_with_epsilon (s.p90, 5.1, 1e-9);
  g_assert_cmpfloat (s.rate_per_hour, ==, 4);

  /* Once closed, the window takes nothing more. */
  g_assert_false (cs_stream_window_add (w, T0 + 58 * MINUTE, "A", 7));
  g_assert_true (cs_stream_window_get_stats (w, "A", &s));
  g_assert_cmpuint (s.count, ==, 4);

  cs_stream_window_advance (w, T0 + 130 * MINUTE);
  g_assert_true (cs_stream_window_get_stats (w, "A", &s));
  g_assert_cmpint (s.start, ==, T0 + HOUR);
  g_assert_cmpuint (s.count, ==, 2);
  g_assert_cmpfloat (s.mean, ==, 4.5);

  cs_stream_window_advance (w, T0 + 200 * MINUTE);
  g_assert_false (cs_stream_window_get_stats (w, "A", &s));
  assert_keys (w, "");
}

/* Minute by minute for three days, with a few minutes' jitter: a 30-minute
 * sliding window always holds the last 30 minutes, whatever the order. */
static void
test_eviction (void)
{
  g_autoptr(CsStreamWindow) w = cs_stream_window_new (CS_WINDOW_SLIDING, 30 * MINUTE, 3 * MINUTE);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  CsWindowStats s;

  for (gint64 m = 0; m < 3 * 24 * 60; m += 3)
    {
      /* Three events per three minutes, sent in a shuffled order. */
      gint64 order[3] = { m, m + 1, m + 2 };

      for (guint i = 2; i > 0; i--)
        {
          guint j = g_rand_int_range (rand, 0, (gint32) i + 1);
          gint64 tmp = order[i];

          order[i] = order[j];
          order[j] = tmp;
        }
      for (guint i = 0; i < 3; i++)
        g_assert_true (cs_stream_window_add (w, T0 + order[i] * MINUTE, m % 2 ? "odd" : "even",
                                             (double) (order[i] % 60)));
      cs_stream_window_advance (w, T0 + (m + 2) * MINUTE);
      if (m >= 60)
        {
          guint64 total = 0;

          cs_stream_window_get_stats (w, "odd", &s);
          total += s.count;
          cs_stream_window_get_stats (w, "even", &s);
          total += s.count;
          g_assert_cmpuint (total, ==, 30);
        }
    }
  g_assert_cmpuint (cs_stream_window_get_n_late (w), ==, 0);
  cs_stream_window_get_stats (w, "odd", &s);
  g_assert_cmpfloat (s.rate_per_hour, ==, 2.0 * (double) s.count);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stream-window/sliding", test_sliding);
  g_test_add_func ("/stream-window/tumbling", test_tumbling);
  g_test_add_func ("/stream-window/eviction", test_eviction);
  return g_test_run ();
}
