/* cs-analysis-options.c: what an analysis covers and how it judges
 *
 * A refcounted bag of settings with defaults from seed 001 (threshold_ms
 * 5000, min_executions 10); copied by every run, so a caller may change
 * and reuse it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-analysis-private.h"

G_DEFINE_BOXED_TYPE (CsAnalysisOptions, cs_analysis_options, cs_analysis_options_ref, cs_analysis_options_unref)

CsAnalysisOptions *
cs_analysis_options_new (void)
{
  CsAnalysisOptions *options = g_new0 (CsAnalysisOptions, 1);

  g_atomic_ref_count_init (&options->ref_count);
  options->basis = CS_RANGE_INSTANCE_START;
  options->threshold_ms = 5000.0;
  options->min_executions = 10;
  options->external_slow_ms = 1000.0;
  options->outlier_percentile = 90.0;
  options->outlier_min_support = 5;
  options->targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return options;
}

CsAnalysisOptions *
cs_analysis_options_copy (CsAnalysisOptions *options)
{
  CsAnalysisOptions *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (options != NULL, NULL);

  copy = cs_analysis_options_new ();
  g_hash_table_unref (copy->targets);
  memcpy (copy, options, sizeof *copy);
  g_atomic_ref_count_init (&copy->ref_count);
  copy->outlier_step = g_strdup (options->outlier_step);
  copy->targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, options->targets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->targets, g_strdup (key), g_memdup2 (value, sizeof (double)));
  return copy;
}

CsAnalysisOptions *
cs_analysis_options_ref (CsAnalysisOptions *options)
{
  g_return_val_if_fail (options != NULL, NULL);

  g_atomic_ref_count_inc (&options->ref_count);
  return options;
}

void
cs_analysis_options_unref (CsAnalysisOptions *options)
{
  g_return_if_fail (options != NULL);

  if (!g_atomic_ref_count_dec (&options->ref_count))
    return;
  g_free (options->outlier_step);
  g_hash_table_unref (options->targets);
  g_free (options);
}

void
cs_analysis_options_set_range (CsAnalysisOptions *options,
                               gint64             from,
                               gint64             to,
                               CsRangeBasis       basis)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (basis <= CS_RANGE_COMPLETION);

  options->from = from;
  options->to = to;
  options->basis = basis;
}

void
cs_analysis_options_set_baseline (CsAnalysisOptions *options,
                                  gint64             from,
                                  gint64             to)
{
  g_return_if_fail (options != NULL);

  options->has_baseline = TRUE;
  options->baseline_from = from;
  options->baseline_to = to;
}

void
cs_analysis_options_set_version (CsAnalysisOptions *options,
                                 int                version)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (version >= 0);

  options->version = version;
}

void
cs_analysis_options_set_instance (CsAnalysisOptions *options,
                                  gint64             instance_id)
{
  g_return_if_fail (options != NULL);

  options->instance_id = instance_id;
}

void
cs_analysis_options_set_threshold_ms (CsAnalysisOptions *options,
                                      double             threshold_ms)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (threshold_ms >= 0);

  options->threshold_ms = threshold_ms;
}

double
cs_analysis_options_get_threshold_ms (CsAnalysisOptions *options)
{
  g_return_val_if_fail (options != NULL, 0);

  return options->threshold_ms;
}

void
cs_analysis_options_set_min_executions (CsAnalysisOptions *options,
                                        guint              min_executions)
{
  g_return_if_fail (options != NULL);

  options->min_executions = min_executions;
}

guint
cs_analysis_options_get_min_executions (CsAnalysisOptions *options)
{
  g_return_val_if_fail (options != NULL, 0);

  return options->min_executions;
}

void
cs_analysis_options_set_long_queue_ms (CsAnalysisOptions *options,
                                       double             long_queue_ms)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (long_queue_ms >= 0);

  options->long_queue_ms = long_queue_ms;
}

void
cs_analysis_options_set_external_slow_ms (CsAnalysisOptions *options,
                                          double             slow_ms)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (slow_ms >= 0);

  options->external_slow_ms = slow_ms;
}

void
cs_analysis_options_set_outliers (CsAnalysisOptions *options,
                                  double             percentile,
                                  const char        *step_id,
                                  guint              min_support)
{
  g_return_if_fail (options != NULL);

  options->outlier_percentile = percentile;
  g_free (options->outlier_step);
  options->outlier_step = g_strdup (step_id);
  options->outlier_min_support = min_support;
}

void
cs_analysis_options_set_target (CsAnalysisOptions *options,
                                const char        *step_id,
                                double             target_ms)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (step_id != NULL);

  if (isnan (target_ms))
    g_hash_table_remove (options->targets, step_id);
  else
    g_hash_table_insert (options->targets, g_strdup (step_id), g_memdup2 (&target_ms, sizeof target_ms));
}

double
cs_analysis_options_get_target (CsAnalysisOptions *options,
                                const char        *step_id)
{
  double *target;

  g_return_val_if_fail (options != NULL, NAN);

  target = step_id != NULL ? g_hash_table_lookup (options->targets, step_id) : NULL;
  return target != NULL ? *target : NAN;
}
