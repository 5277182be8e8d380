/* cs-log-histogram.h: mergeable quantiles of positive values with a relative error bound
 *
 * Values fall into logarithmic buckets: bucket i holds (γ^(i−1), γ^i] with
 * γ = (1 + α) / (1 − α), α = CS_LOG_HISTOGRAM_ACCURACY (0.5 %), and stands
 * for 2γ^i / (γ + 1), which is within α of every value in the bucket. Values
 * at or below CS_LOG_HISTOGRAM_MIN_VALUE count as zero, exactly.
 *
 * A quantile is computed as cs-quantiles.h defines it (linear interpolation
 * between order statistics, Hyndman and Fan's type 7) with each order
 * statistic replaced by its bucket's value, so it is within α (relative) of
 * the exact quantile of the same values.
 *
 * Adding, removing and merging are exact on the counts: histograms built
 * from the same values in any order and in any number of batches are equal.
 * Memory grows with the range of values (about 230 buckets, under 1 KiB, per
 * factor of ten), never with their number.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CS_LOG_HISTOGRAM_ACCURACY  0.005
#define CS_LOG_HISTOGRAM_MIN_VALUE 1e-9

typedef struct
{
  guint64  count;       /* values held, zeros included */
  guint64  zeros;
  int      offset;      /* bucket index of counts[0] */
  guint    n_buckets;
  guint32 *counts;
} CsLogHistogram;

#define CS_LOG_HISTOGRAM_INIT { 0, 0, 0, 0, NULL }

void     cs_log_histogram_init     (CsLogHistogram       *histogram);
void     cs_log_histogram_clear    (CsLogHistogram       *histogram);
/* Negative and NaN values count as zero. */
void     cs_log_histogram_add      (CsLogHistogram       *histogram,
                                    double                value);
/* Takes one @value back out; FALSE (and nothing changes) if its bucket is empty. */
gboolean cs_log_histogram_remove   (CsLogHistogram       *histogram,
                                    double                value);
void     cs_log_histogram_merge    (CsLogHistogram       *into,
                                    const CsLogHistogram *from);
/* The quantile @p (0 to 1); NAN when empty. */
double   cs_log_histogram_quantile (const CsLogHistogram *histogram,
                                    double                p);
gboolean cs_log_histogram_equal    (const CsLogHistogram *a,
                                    const CsLogHistogram *b);

G_END_DECLS
