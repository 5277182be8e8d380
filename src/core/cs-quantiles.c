/* cs-quantiles.c: exact percentiles by selection, distributions and histograms
 *
 * A percentile needs two order statistics, not a sorted array: selection
 * places the k-th smallest value at index k with smaller ones before it and
 * larger ones after, in expected linear time. Several ascending percentiles
 * narrow the range each time, so p50, p90, p95 and p99 together cost about
 * as much as two passes over the data, against the n log n of a sort.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-quantiles.h"

#define SMALL_RANGE 16

static inline void
swap (double *v,
      gsize   i,
      gsize   j)
{
  double t = v[i];

  v[i] = v[j];
  v[j] = t;
}

static void
insertion_sort (double *v,
                gsize   lo,
                gsize   hi)
{
  for (gsize i = lo + 1; i < hi; i++)
    {
      double x = v[i];
      gsize j = i;

      while (j > lo && v[j - 1] > x)
        {
          v[j] = v[j - 1];
          j--;
        }
      v[j] = x;
    }
}

/* Floyd and Rivest's SELECT (CACM 18(3), 1975): moves the k-th smallest
 * value of v[left, right] to index k, smaller or equal values before it and
 * larger or equal after. On large ranges it first selects within a small
 * sample around where k should fall, so the pivot is nearly the answer and
 * one partition does most of the work: about n + k comparisons. The
 * partition is Hoare's, which splits runs of equal values (zero queue
 * times) evenly instead of degrading on them. */
static void
floyd_rivest (double *v,
              gssize  left,
              gssize  right,
              gssize  k)
{
  while (right > left)
    {
      gssize i, j;
      double t;

      if (right - left > 600)
        {
          double n = right - left + 1, m = k - left + 1, z = log (n);
          double sample = 0.5 * exp (2 * z / 3);
          double sd = 0.5 * sqrt (z * sample * (n - sample) / n) * (m - n / 2 < 0 ? -1 : 1);
          gssize new_left = MAX (left, (gssize) floor (k - m * sample / n + sd));
          gssize new_right = MIN (right, (gssize) floor (k + (n - m) * sample / n + sd));

          floyd_rivest (v, new_left, new_right, k);
        }
      t = v[k];
      i = left;
      j = right;
      swap (v, left, k);
      if (v[right] > t)
        swap (v, right, left);
      while (i < j)
        {
          swap (v, i, j);
          i++;
          j--;
          while (v[i] < t)
            i++;
          while (v[j] > t)
            j--;
        }
      if (v[left] == t)
        swap (v, left, j);
      else
        {
          j++;
          swap (v, j, right);
        }
      if (j <= k)
        left = j + 1;
      if (k <= j)
        right = j - 1;
    }
}

static void
select_kth (double *v,
            gsize   lo,
            gsize   hi,
            gsize   k)
{
  g_assert (lo <= k && k < hi);

  if (hi - lo <= SMALL_RANGE)
    insertion_sort (v, lo, hi);
  else
    floyd_rivest (v, lo, hi - 1, k);
}

/* Makes v[k] the smallest of v[k, hi): after select_kth (…, k − 1) it is
 * then the k-th order statistic. */
static void
move_min_to (double *v,
             gsize   k,
             gsize   hi)
{
  gsize best = k;

  for (gsize i = k + 1; i < hi; i++)
    if (v[i] < v[best])
      best = i;
  swap (v, k, best);
}

double
cs_quantile_sorted (const double *sorted,
                    gsize         n,
                    double        p)
{
  double h, frac;
  gsize k;

  g_return_val_if_fail (sorted != NULL || n == 0, NAN);

  if (n == 0)
    return NAN;
  p = CLAMP (p, 0.0, 1.0);
  h = (n - 1) * p;
  k = (gsize) floor (h);
  frac = h - k;
  if (k + 1 >= n || frac == 0.0)
    return sorted[MIN (k, n - 1)];
  return sorted[k] + frac * (sorted[k + 1] - sorted[k]);
}

void
cs_quantiles_select (double       *values,
                     gsize         n,
                     const double *ps,
                     guint         n_ps,
                     double       *out)
{
  gsize lo = 0;          /* values[0, lo) are in their sorted places */

  g_return_if_fail (values != NULL || n == 0);
  g_return_if_fail (ps != NULL || n_ps == 0);
  g_return_if_fail (out != NULL || n_ps == 0);

  for (guint q = 0; q < n_ps; q++)
    {
      double p = CLAMP (ps[q], 0.0, 1.0), h, frac;
      gsize k;

      g_return_if_fail (q == 0 || ps[q] >= ps[q - 1]);
      if (n == 0)
        {
          out[q] = NAN;
          continue;
        }
      h = (n - 1) * p;
      k = (gsize) floor (h);
      frac = h - k;
      if (k >= lo)
        {
          select_kth (values, lo, n, k);
          lo = k + 1;
        }
      if (k + 1 >= n || frac == 0.0)
        out[q] = values[k];
      else
        {
          if (k + 1 >= lo)
            {
              move_min_to (values, k + 1, n);
              lo = k + 2;
            }
          out[q] = values[k] + frac * (values[k + 1] - values[k]);
        }
    }
}

double
cs_quantile_select (double *values,
                    gsize   n,
                    double  p)
{
  double out;

  g_return_val_if_fail (values != NULL || n == 0, NAN);

  cs_quantiles_select (values, n, &p, 1, &out);
  return out;
}

void
cs_distribution_clear (CsDistribution *dist)
{
  g_return_if_fail (dist != NULL);

  dist->count = 0;
  dist->sum = 0.0;
  dist->mean = dist->min = dist->max = NAN;
  dist->p50 = dist->p90 = dist->p95 = dist->p99 = NAN;
}

void
cs_distribution_compute (double         *values,
                         gsize           n,
                         CsDistribution *dist)
{
  static const double ps[] = { 0.5, 0.9, 0.95, 0.99 };
  double q[G_N_ELEMENTS (ps)];
  double sum = 0.0, lo, hi;

  g_return_if_fail (dist != NULL);
  g_return_if_fail (values != NULL || n == 0);

  cs_distribution_clear (dist);
  if (n == 0)
    return;

  lo = hi = values[0];
  for (gsize i = 0; i < n; i++)
    {
      double x = values[i];

      sum += x;
      if (x < lo)
        lo = x;
      if (x > hi)
        hi = x;
    }
  cs_quantiles_select (values, n, ps, G_N_ELEMENTS (ps), q);

  dist->count = n;
  dist->sum = sum;
  dist->mean = sum / n;
  dist->min = lo;
  dist->max = hi;
  dist->p50 = q[0];
  dist->p90 = q[1];
  dist->p95 = q[2];
  dist->p99 = q[3];
}

GArray *
cs_histogram_compute (const double *values,
                      gsize         n,
                      guint         n_bins,
                      gboolean      log_scale)
{
  GArray *bins;
  double lo, hi, min_value, width;

  g_return_val_if_fail (values != NULL || n == 0, NULL);
  g_return_val_if_fail (n_bins > 0, NULL);

  bins = g_array_new (FALSE, TRUE, sizeof (CsHistogramBin));
  if (n == 0)
    return bins;

  min_value = hi = values[0];
  lo = G_MAXDOUBLE;
  for (gsize i = 0; i < n; i++)
    {
      min_value = MIN (min_value, values[i]);
      hi = MAX (hi, values[i]);
      if (values[i] > 0.0)
        lo = MIN (lo, values[i]);
    }
  if (!log_scale)
    lo = min_value;
  else if (lo == G_MAXDOUBLE)
    lo = 1.0;
  if (log_scale)
    {
      lo = log10 (lo);
      hi = log10 (MAX (hi, pow (10.0, lo)));
    }
  width = (hi - lo) / n_bins;

  g_array_set_size (bins, n_bins);
  for (guint b = 0; b < n_bins; b++)
    {
      CsHistogramBin *bin = &g_array_index (bins, CsHistogramBin, b);
      double a = lo + b * width, z = b + 1 == n_bins ? hi : lo + (b + 1) * width;

      bin->lower = log_scale ? pow (10.0, a) : a;
      bin->upper = log_scale ? pow (10.0, z) : z;
    }
  if (log_scale)
    g_array_index (bins, CsHistogramBin, 0).lower = MIN (min_value, g_array_index (bins, CsHistogramBin, 0).lower);

  for (gsize i = 0; i < n; i++)
    {
      double x = values[i];
      gint64 b;

      if (log_scale)
        x = x > 0.0 ? log10 (x) : lo;
      b = width > 0.0 ? (gint64) floor ((x - lo) / width) : 0;
      b = CLAMP (b, 0, (gint64) n_bins - 1);
      g_array_index (bins, CsHistogramBin, b).count++;
    }
  return bins;
}
