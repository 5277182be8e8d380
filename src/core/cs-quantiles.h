/* cs-quantiles.h: exact percentiles by selection, distributions and histograms
 *
 * Percentiles interpolate linearly between order statistics (Hyndman and
 * Fan's definition 7, the default of R, NumPy and spreadsheets'
 * PERCENTILE.INC): for n values sorted as x[0] ≤ … ≤ x[n−1] and p in
 * [0, 1], h = (n − 1) p and the percentile is
 * x[⌊h⌋] + (h − ⌊h⌋) (x[⌊h⌋ + 1] − x[⌊h⌋]). The median of 1, 2, 3, 4 is 2.5;
 * the 90th percentile of 1 … 10 is 9.1.
 *
 * The selecting functions find the order statistics they need with Floyd
 * and Rivest's selection (expected linear time, about n + k comparisons,
 * robust to the many equal values of durations such as zero queue times)
 * instead of sorting, and reorder their input to do so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The percentile @p (0 to 1) of @n sorted values; NAN when @n is 0. */
double   cs_quantile_sorted     (const double *sorted,
                                 gsize         n,
                                 double        p);
/* The same of unsorted values, which it reorders. */
double   cs_quantile_select     (double       *values,
                                 gsize         n,
                                 double        p);
/* Several percentiles at once: @ps must be ascending. Reorders @values;
 * writes NAN to @out when @n is 0. */
void     cs_quantiles_select    (double       *values,
                                 gsize         n,
                                 const double *ps,
                                 guint         n_ps,
                                 double       *out);

typedef struct
{
  guint64  count;
  double   sum;
  double   mean;
  double   min;
  double   max;
  double   p50;
  double   p90;
  double   p95;
  double   p99;
} CsDistribution;

/* Summarises @n values (reordered). With none, @count is 0 and every other
 * field NAN but @sum, which is 0. */
void     cs_distribution_compute (double         *values,
                                  gsize           n,
                                  CsDistribution *dist);
/* An empty distribution, as cs_distribution_compute() leaves for no values. */
void     cs_distribution_clear   (CsDistribution *dist);

typedef struct
{
  double   lower;     /* bins are [lower, upper); the last one includes its upper end */
  double   upper;
  guint64  count;
} CsHistogramBin;

/* @n_bins bins of equal width between the smallest and the largest value,
 * or of equal width on a logarithmic scale when @log_scale (from the
 * smallest value above zero, or 1 when there is none; values below go to
 * the first bin, whose lower end is then the smallest value). A GArray of
 * CsHistogramBin, empty when @n is 0. */
GArray  *cs_histogram_compute    (const double *values,
                                  gsize         n,
                                  guint         n_bins,
                                  gboolean      log_scale);

G_END_DECLS
