/* cs-analysis-outliers.c: slow cases, and what they have in common
 *
 * A case is an outlier when its duration (or its longest elapsed time at
 * one step) exceeds a percentile of all cases. For every attribute value
 * the share among outliers is compared with the share among all cases: the
 * lift says how over-represented it is, and a one-sided test how unlikely
 * that is by chance — a two-proportion z-test (outliers against the other
 * cases) when every expected count is at least 5, Fisher's exact test
 * otherwise, as usual for 2 × 2 tables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "cs-analysis-private.h"
#include "cs-error.h"

#define MIN_LIFT       1.5
#define MAX_SLOWEST    20
#define APPROVER_KEY   (CS_TIMING_NONE - 1)

typedef struct
{
  guint32 key;
  guint32 value;
  guint32 stamp;      /* the last case counted + 1 */
  guint64 cases;
  guint64 outliers;
} Tally;

static double
log_choose (double n,
            double k)
{
  return lgamma (n + 1) - lgamma (k + 1) - lgamma (n - k + 1);
}

/* P(X ≥ x) for X hypergeometric: @draws cases drawn (the outliers) from
 * @total of which @marked have the value. */
static double
fisher_greater (guint64 total,
                guint64 marked,
                guint64 draws,
                guint64 x)
{
  double p = 0.0, denominator = log_choose (total, draws);

  for (guint64 i = x; i <= MIN (marked, draws); i++)
    if (draws - i <= total - marked)
      p += exp (log_choose (marked, i) + log_choose (total - marked, draws - i) - denominator);
  return MIN (p, 1.0);
}

static void
test (CsOutlierAttribute *attr,
      guint64             total,
      guint64             outliers)
{
  double n = total, o = outliers, k = attr->cases_with, x = attr->outliers_with;
  double pooled = k / n, rest = n - o;
  double se = sqrt (pooled * (1 - pooled) * (1 / o + (rest > 0 ? 1 / rest : 0)));
  double expected[] = { o * pooled, o * (1 - pooled), rest * pooled, rest * (1 - pooled) };
  gboolean small = FALSE;

  attr->z = se > 0 && rest > 0 ? (x / o - (k - x) / rest) / se : 0.0;
  for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
    small |= expected[e] < 5;
  attr->fisher = small;
  attr->p_value = small ? fisher_greater (total, attr->cases_with, outliers, attr->outliers_with)
                        : 0.5 * erfc (attr->z / G_SQRT2);
}

static gint
compare_attributes (gconstpointer x,
                    gconstpointer y)
{
  const CsOutlierAttribute *p = x, *q = y;
  int c;

  if (p->p_value != q->p_value)
    return p->p_value < q->p_value ? -1 : 1;
  if (p->lift != q->lift)
    return p->lift > q->lift ? -1 : 1;
  if ((c = g_strcmp0 (p->key, q->key)) != 0)
    return c;
  return g_strcmp0 (p->value, q->value);
}

static gint
compare_cases (gconstpointer x,
               gconstpointer y)
{
  const CsOutlierCase *p = x, *q = y;

  if (p->value_ms != q->value_ms)
    return p->value_ms > q->value_ms ? -1 : 1;
  return (p->instance_id > q->instance_id) - (p->instance_id < q->instance_id);
}

static void
count (GHashTable *index,
       GArray     *tallies,
       guint32     key,
       guint32     value,
       guint32     instance,
       gboolean    outlier)
{
  gint64 pair = ((gint64) key << 32) | value;
  gpointer found = g_hash_table_lookup (index, &pair);
  Tally *tally;

  if (found == NULL)
    {
      Tally fresh = { key, value, 0, 0, 0 };

      g_array_append_val (tallies, fresh);
      found = GUINT_TO_POINTER (tallies->len);
      g_hash_table_insert (index, g_memdup2 (&pair, sizeof pair), found);
    }
  tally = &g_array_index (tallies, Tally, GPOINTER_TO_UINT (found) - 1);
  if (tally->stamp == instance + 1)
    return;   /* the same value twice for one case counts once */
  tally->stamp = instance + 1;
  tally->cases++;
  tally->outliers += outlier;
}

/* Per case: its duration, or its longest elapsed time at @step; NAN when it has none. */
static double *
case_values (CsAnalysis *a,
             guint32     step)
{
  CsTimingData *data = a->data;
  CsTimingPrepared *p = a->prep;
  double *value = g_new (double, MAX (a->n_instances, 1));

  for (guint i = 0; i < a->n_instances; i++)
    {
      value[i] = NAN;
      if (step == CS_TIMING_NONE)
        {
          if (a->inst_in[i] && data->inst_status[i] == CS_CASE_COMPLETED && p->case_end[i] > 0)
            value[i] = (p->case_end[i] - p->case_start[i]) / 1000.0;
          continue;
        }
      for (guint32 k = p->offset[i]; k < p->offset[i + 1]; k++)
        {
          guint32 r = p->order[k];

          if (data->r_step[r] == step && cs_timing_row_is_execution (data, r) && cs_analysis_row_in (a, r) &&
              !(cs_timing_row_elapsed (data, r) <= value[i]))
            value[i] = cs_timing_row_elapsed (data, r);
        }
    }
  return value;
}

void
cs_outlier_report_free (CsOutlierReport *report)
{
  if (report == NULL)
    return;
  g_free (report->step_id);
  g_clear_pointer (&report->attributes, g_array_unref);
  g_clear_pointer (&report->slowest, g_array_unref);
  g_free (report);
}

CsOutlierReport *
cs_analysis_find_outliers (CsAnalysis  *a,
                           const char  *step_id,
                           double       percentile,
                           guint        min_support,
                           GError     **error)
{
  CsTimingData *data;
  CsOutlierReport *report;
  g_autofree double *value = NULL;
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) tallies = g_array_new (FALSE, FALSE, sizeof (Tally));
  CsValues all = { 0 };
  guint32 step = CS_TIMING_NONE;

  g_return_val_if_fail (a != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = a->data;
  if (!(percentile >= 0.0 && percentile <= 100.0))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("The outlier percentile must be between 0 and 100, not %g"), percentile);
      return NULL;
    }
  if (step_id != NULL && ((step = cs_timing_data_find_step (data, step_id)) == CS_TIMING_NONE || step >= a->n_steps))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND, _("There is no step “%s” in the data analysed"), step_id);
      return NULL;
    }

  report = g_new0 (CsOutlierReport, 1);
  report->step_id = g_strdup (step_id);
  report->percentile = percentile;
  report->attributes = g_array_new (FALSE, FALSE, sizeof (CsOutlierAttribute));
  report->slowest = g_array_new (FALSE, FALSE, sizeof (CsOutlierCase));

  value = case_values (a, step);
  for (guint i = 0; i < a->n_instances; i++)
    if (!isnan (value[i]))
      cs_values_add (&all, value[i]);
  report->cases = all.n;
  report->threshold_ms = cs_quantile_select (all.v, all.n, percentile / 100.0);
  cs_values_clear (&all);

  for (guint i = 0; i < a->n_instances; i++)
    if (value[i] > report->threshold_ms)
      {
        CsOutlierCase slow = { data->inst_id[i], value[i] };

        report->outliers++;
        g_array_append_val (report->slowest, slow);
      }
  g_array_sort (report->slowest, compare_cases);
  g_array_set_size (report->slowest, MIN (report->slowest->len, MAX_SLOWEST));
  if (report->outliers == 0)
    return report;

  for (guint k = 0; k < data->attributes->len; k++)
    {
      CsTimingAttribute *attr = &g_array_index (data->attributes, CsTimingAttribute, k);

      if (attr->instance < a->n_instances && !isnan (value[attr->instance]))
        count (index, tallies, attr->key, attr->value, attr->instance, value[attr->instance] > report->threshold_ms);
    }
  /* The approver: who decided the case's approvals. */
  for (guint i = 0; i < a->n_instances; i++)
    {
      if (isnan (value[i]))
        continue;
      for (guint32 k = a->prep->offset[i]; k < a->prep->offset[i + 1]; k++)
        {
          guint32 r = a->prep->order[k];

          if (a->steps[data->r_step[r]].type == CS_STEP_APPROVAL && data->r_by[r] != CS_TIMING_NONE &&
              cs_timing_row_is_execution (data, r))
            count (index, tallies, APPROVER_KEY, data->r_by[r], i, value[i] > report->threshold_ms);
        }
    }

  for (guint k = 0; k < tallies->len; k++)
    {
      Tally *t = &g_array_index (tallies, Tally, k);
      CsOutlierAttribute attr = { 0 };

      attr.key = t->key == APPROVER_KEY ? "approver" : cs_timing_data_lookup (data, t->key);
      attr.value = cs_timing_data_lookup (data, t->value);
      attr.outliers_with = t->outliers;
      attr.cases_with = t->cases;
      attr.share_of_outliers = cs_percent (t->outliers, report->outliers);
      attr.share_of_cases = cs_percent (t->cases, report->cases);
      attr.lift = attr.share_of_outliers / attr.share_of_cases;
      if (attr.outliers_with < MAX (min_support, 1) || !(attr.lift > MIN_LIFT))
        continue;
      test (&attr, report->cases, report->outliers);
      g_array_append_val (report->attributes, attr);
    }
  g_array_sort (report->attributes, compare_attributes);
  return report;
}
