/* cs-metrics-writer.h: metrics in the Prometheus text exposition format
 *
 * Families are declared with their type and help, then given samples in
 * any order from any part of the program; the text groups each family's
 * samples under its HELP and TYPE lines, as the format requires, escapes
 * label values and writes numbers as Prometheus reads them (+Inf, NaN).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CsMetricsWriter CsMetricsWriter;

CsMetricsWriter *cs_metrics_writer_new            (void);
void             cs_metrics_writer_free           (CsMetricsWriter *self);
/* The exposition text; the writer is freed. */
char            *cs_metrics_writer_free_to_string (CsMetricsWriter *self);

/* @type: "counter", "gauge", "histogram", "summary" or "untyped". A
 * family declared again keeps its first declaration. */
void             cs_metrics_writer_family         (CsMetricsWriter *self,
                                                   const char      *name,
                                                   const char      *type,
                                                   const char      *help);
/* A sample of family @family; @name is the family's name or, for
 * histograms, the family's name with _bucket, _sum or _count. Labels are
 * pairs of name and value, NULL-terminated; values are escaped. */
void             cs_metrics_writer_sample         (CsMetricsWriter *self,
                                                   const char      *family,
                                                   const char      *name,
                                                   double           value,
                                                   ...) G_GNUC_NULL_TERMINATED;
/* The same with labels already written as name="value" pairs (escaped),
 * joined by commas; NULL or "" for none. */
void             cs_metrics_writer_sample_raw     (CsMetricsWriter *self,
                                                   const char      *family,
                                                   const char      *name,
                                                   const char      *labels,
                                                   double           value);
/* A histogram's samples from cumulative bucket counts: @n_bounds upper
 * bounds (ascending) with their counts, the +Inf bucket being @count. */
void             cs_metrics_writer_histogram      (CsMetricsWriter *self,
                                                   const char      *family,
                                                   const char      *labels,
                                                   const double    *bounds,
                                                   const guint64   *cumulative,
                                                   guint            n_bounds,
                                                   guint64          count,
                                                   double           sum);

/* Appends @value to @out escaped for a label value. */
void             cs_metrics_escape_label          (GString         *out,
                                                   const char      *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsMetricsWriter, cs_metrics_writer_free)

G_END_DECLS
