/* cs-log-histogram.c: mergeable quantiles of positive values with a relative error bound
 *
 * The score job keeps one of these per area for resolution times, so that a
 * batch of new resolutions (or resolutions leaving the window) updates the
 * medians in O(batch) instead of re-reading a million rows. Buckets are
 * stored densely over the range of values seen, which for durations is a
 * few thousand counters at most.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-log-histogram.h"

/* ln γ and 2 / (γ + 1) for γ = 1.005 / 0.995. */
#define LN_GAMMA       0.010000083334583179
#define MIDPOINT_SCALE 0.995

void
cs_log_histogram_init (CsLogHistogram *histogram)
{
  g_return_if_fail (histogram != NULL);

  memset (histogram, 0, sizeof *histogram);
}

void
cs_log_histogram_clear (CsLogHistogram *histogram)
{
  g_return_if_fail (histogram != NULL);

  g_free (histogram->counts);
  memset (histogram, 0, sizeof *histogram);
}

static inline gboolean
is_zero (double value)
{
  return !(value > CS_LOG_HISTOGRAM_MIN_VALUE);
}

static inline int
bucket_of (double value)
{
  return (int) ceil (log (value) / LN_GAMMA);
}

static inline double
value_of (int bucket)
{
  return exp (bucket * LN_GAMMA) * MIDPOINT_SCALE;
}

/* Makes [lo, hi] addressable, with some room to spare on the side that grew. */
static void
cover (CsLogHistogram *histogram,
       int             lo,
       int             hi)
{
  int old_lo = histogram->offset;
  int old_hi = histogram->offset + (int) histogram->n_buckets - 1;
  int new_lo, new_hi;
  guint32 *counts;

  if (histogram->n_buckets > 0 && lo >= old_lo && hi <= old_hi)
    return;
  if (histogram->n_buckets == 0)
    {
      new_lo = lo - 32;
      new_hi = hi + 32;
    }
  else
    {
      new_lo = MIN (lo, old_lo);
      new_hi = MAX (hi, old_hi);
      if (new_lo < old_lo)
        new_lo -= (int) histogram->n_buckets / 2;
      if (new_hi > old_hi)
        new_hi += (int) histogram->n_buckets / 2;
    }

  counts = g_new0 (guint32, (gsize) (new_hi - new_lo + 1));
  if (histogram->n_buckets > 0)
    memcpy (counts + (old_lo - new_lo), histogram->counts, histogram->n_buckets * sizeof (guint32));
  g_free (histogram->counts);
  histogram->counts = counts;
  histogram->offset = new_lo;
  histogram->n_buckets = (guint) (new_hi - new_lo + 1);
}

void
cs_log_histogram_add (CsLogHistogram *histogram,
                      double          value)
{
  int bucket;

  g_return_if_fail (histogram != NULL);

  histogram->count++;
  if (is_zero (value))
    {
      histogram->zeros++;
      return;
    }
  bucket = bucket_of (value);
  cover (histogram, bucket, bucket);
  histogram->counts[bucket - histogram->offset]++;
}

gboolean
cs_log_histogram_remove (CsLogHistogram *histogram,
                         double          value)
{
  int bucket;

  g_return_val_if_fail (histogram != NULL, FALSE);

  if (is_zero (value))
    {
      if (histogram->zeros == 0)
        return FALSE;
      histogram->zeros--;
      histogram->count--;
      return TRUE;
    }
  bucket = bucket_of (value) - histogram->offset;
  if (bucket < 0 || bucket >= (int) histogram->n_buckets || histogram->counts[bucket] == 0)
    return FALSE;
  histogram->counts[bucket]--;
  histogram->count--;
  return TRUE;
}

void
cs_log_histogram_merge (CsLogHistogram       *into,
                        const CsLogHistogram *from)
{
  guint first = 0, last;

  g_return_if_fail (into != NULL);
  g_return_if_fail (from != NULL);

  into->count += from->count;
  into->zeros += from->zeros;
  if (from->n_buckets == 0)
    return;
  last = from->n_buckets - 1;
  while (first < last && from->counts[first] == 0)
    first++;
  while (last > first && from->counts[last] == 0)
    last--;
  if (from->counts[first] == 0)
    return;
  cover (into, from->offset + (int) first, from->offset + (int) last);
  for (guint i = first; i <= last; i++)
    into->counts[from->offset + (int) i - into->offset] += from->counts[i];
}

/* The value standing for the @k-th smallest (from 0). */
static double
order_statistic (const CsLogHistogram *histogram,
                 guint64               k)
{
  if (k < histogram->zeros)
    return 0.0;
  k -= histogram->zeros;
  for (guint i = 0; i < histogram->n_buckets; i++)
    {
      if (k < histogram->counts[i])
        return value_of (histogram->offset + (int) i);
      k -= histogram->counts[i];
    }
  g_assert_not_reached ();
}

double
cs_log_histogram_quantile (const CsLogHistogram *histogram,
                           double                p)
{
  double position, fraction, below;
  guint64 k;

  g_return_val_if_fail (histogram != NULL, NAN);

  if (histogram->count == 0)
    return NAN;
  position = CLAMP (p, 0.0, 1.0) * (double) (histogram->count - 1);
  k = (guint64) floor (position);
  fraction = position - (double) k;
  below = order_statistic (histogram, k);
  if (fraction == 0.0 || k + 1 >= histogram->count)
    return below;
  return below + fraction * (order_statistic (histogram, k + 1) - below);
}

static inline guint32
count_at (const CsLogHistogram *histogram,
          int                   bucket)
{
  int i = bucket - histogram->offset;

  return i >= 0 && i < (int) histogram->n_buckets ? histogram->counts[i] : 0;
}

gboolean
cs_log_histogram_equal (const CsLogHistogram *a,
                        const CsLogHistogram *b)
{
  int lo, hi;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->count != b->count || a->zeros != b->zeros)
    return FALSE;
  lo = MIN (a->n_buckets ? a->offset : b->offset, b->n_buckets ? b->offset : a->offset);
  hi = MAX (a->offset + (int) a->n_buckets, b->offset + (int) b->n_buckets);
  for (int bucket = lo; bucket < hi; bucket++)
    if (count_at (a, bucket) != count_at (b, bucket))
      return FALSE;
  return TRUE;
}
