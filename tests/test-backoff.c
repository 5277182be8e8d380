/* test-backoff.c: exponential backoff with jitter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "core/cs-backoff.h"

static void
test_growth_without_jitter (void)
{
  CsBackoff b = { 100, 5000, 2.0, 0.0 };

  g_assert_cmpuint (cs_backoff_delay_ms (&b, 0, 0.5), ==, 0);
  g_assert_cmpuint (cs_backoff_delay_ms (&b, 1, 0.5), ==, 100);
  g_assert_cmpuint (cs_backoff_delay_ms (&b, 2, 0.5), ==, 200);
  g_assert_cmpuint (cs_backoff_delay_ms (&b, 3, 0.9), ==, 400);
  g_assert_cmpuint (cs_backoff_delay_ms (&b, 6, 0.1), ==, 3200);
  /* capped */
  g_assert_cmpuint (cs_backoff_delay_ms (&b, 7, 0.5), ==, 5000);
  g_assert_cmpuint (cs_backoff_delay_ms (&b, 1000, 0.5), ==, 5000);
}

static void
test_jitter_bounds (void)
{
  CsBackoff b = { 1000, 60000, 2.0, 0.5 };

  /* Half the delay is kept, the other half randomised. */
  g_assert_cmpuint (cs_backoff_delay_ms (&b, 3, 0.0), ==, 2000);
  g_assert_cmpuint (cs_backoff_delay_ms (&b, 3, 1.0), ==, 4000);
  g_assert_cmpuint (cs_backoff_delay_ms (&b, 3, 0.5), ==, 3000);
  /* out-of-range random values are clamped */
  g_assert_cmpuint (cs_backoff_delay_ms (&b, 3, -3.0), ==, 2000);
  g_assert_cmpuint (cs_backoff_delay_ms (&b, 3, 7.0), ==, 4000);
}

static void
test_full_jitter_spreads (void)
{
  CsBackoff b = { 1000, 60000, 2.0, 1.0 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint below_half = 0;

  for (guint i = 0; i < 1000; i++)
    {
      guint d = cs_backoff_delay_ms (&b, 2, g_rand_double (rand));
      g_assert_cmpuint (d, <=, 2000);
      if (d < 1000)
        below_half++;
    }
  /* Uniform over [0, 2000]: about half below the middle. */
  g_assert_cmpuint (below_half, >, 400);
  g_assert_cmpuint (below_half, <, 600);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/backoff/growth", test_growth_without_jitter);
  g_test_add_func ("/backoff/jitter-bounds", test_jitter_bounds);
  g_test_add_func ("/backoff/full-jitter", test_full_jitter_spreads);
  return g_test_run ();
}
