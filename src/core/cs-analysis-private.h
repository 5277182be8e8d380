/* cs-analysis-private.h: what the parts of the analysis share
 *
 * cs-analysis.c              the run, selection, getters
 * cs-analysis-options.c      what an analysis covers and how it judges
 * cs-analysis-steps.c        per step and per workflow; indicators, suggestions, targets
 * cs-analysis-transitions.c  transitions and the time between any two steps
 * cs-analysis-paths.c        critical path, bottleneck lists, branches
 * cs-analysis-outliers.c     slow cases and the attributes over-represented among them
 * cs-analysis-compare.c      two periods side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-analysis.h"
#include "cs-timing-data-private.h"

G_BEGIN_DECLS

/* Thresholds of the indicators (docs/analytics.md). */
#define CS_APPROVAL_SUGGESTION_PERCENT  50.0
#define CS_EXTERNAL_SUGGESTION_PERCENT  20.0
#define CS_QUEUE_SUGGESTION_PERCENT     10.0
#define CS_FAILURE_SUGGESTION_PERCENT    5.0
#define CS_RETRY_SUGGESTION_PERCENT     20.0
#define CS_MIN_LONG_QUEUE_MS          1000.0
#define CS_LONG_QUEUE_MEDIAN_FACTOR      5.0
#define CS_COMMON_ERRORS                 5

struct _CsAnalysisOptions
{
  gatomicrefcount  ref_count;
  gint64           from;
  gint64           to;
  CsRangeBasis     basis;
  gboolean         has_baseline;
  gint64           baseline_from;
  gint64           baseline_to;
  int              version;
  gint64           instance_id;
  double           threshold_ms;
  guint            min_executions;
  double           long_queue_ms;
  double           external_slow_ms;
  double           outlier_percentile;
  char            *outlier_step;
  guint            outlier_min_support;
  GHashTable      *targets;          /* char* → double* */
};

struct _CsAnalysis
{
  gatomicrefcount      ref_count;
  CsTimingData        *data;
  CsTimingPrepared    *prep;
  CsAnalysisOptions   *options;
  CsWorkflow          *workflow;
  GStringChunk        *strings;       /* formatted texts the results point to */
  GPtrArray           *allocations;   /* arrays the results point to */

  double              *scratch;       /* during the run: values whose percentiles are wanted */
  guint64              scratch_len;
  guint8              *row_exec;      /* during the run: per row, an execution analysed */

  guint8              *inst_ok;       /* per instance: version and instance filters pass */
  guint8              *inst_in;       /* … and the range selects the case */
  guint                n_instances;
  guint64              n_cases;

  guint                n_steps;       /* interned steps when run */
  CsStepMetrics       *steps;         /* by interned step */
  guint8              *typed;         /* per step: its type is known (definition or a row) */
  guint32             *step_order;    /* position → interned step */
  CsWorkflowMetrics    workflow_metrics;

  CsTransitionMetrics *transitions;
  guint32             *transition_pairs;   /* per transition: from, to */
  guint                n_transitions;
  GHashTable          *transition_index;   /* (from << 32 | to) → index + 1 */

  CsPathStep          *path_steps;
  CsCriticalPath       critical_path;
  GPtrArray           *bottlenecks[CS_BOTTLENECK_QUEUE + 1];
  CsBottleneckTransition *bottleneck_transitions;
  guint                n_bottleneck_transitions;
  const char         **recommendations;

  CsBranchPoint       *branch_points;
  guint                n_branch_points;

  CsOutlierReport     *outliers;
  CsComparison        *comparison;
};

/* Whether row @r counts: its case passes the filters and, by completion,
 * it ended in the range. */
static inline gboolean
cs_analysis_row_in (CsAnalysis *a,
                    guint32     r)
{
  guint32 i = a->data->r_instance[r];

  if (a->options->basis == CS_RANGE_INSTANCE_START)
    return a->inst_in[i];
  return a->inst_ok[i] && a->data->r_completed[r] > 0 &&
         (a->options->from == 0 || a->data->r_completed[r] >= a->options->from) &&
         (a->options->to == 0 || a->data->r_completed[r] < a->options->to);
}

static inline double
cs_percent (double part,
            double whole)
{
  return whole > 0 ? 100.0 * part / whole : NAN;
}

/* A growable array of doubles, cheaper than GArray in the hot loops. */
typedef struct
{
  double *v;
  gsize   n;
  gsize   cap;
} CsValues;

static inline void
cs_values_add (CsValues *values,
               double    x)
{
  if (G_UNLIKELY (values->n == values->cap))
    {
      values->cap = MAX (16, 2 * values->cap);
      values->v = g_renew (double, values->v, values->cap);
    }
  values->v[values->n++] = x;
}

static inline void
cs_values_clear (CsValues *values)
{
  g_clear_pointer (&values->v, g_free);
  values->n = values->cap = 0;
}

/* Owned by the analysis until it is freed. */
gpointer     cs_analysis_keep             (CsAnalysis *a,
                                           gpointer    allocation);
const char  *cs_analysis_intern_text      (CsAnalysis *a,
                                           const char *text);
const char  *cs_analysis_step_name        (CsAnalysis *a,
                                           guint32     step);
/* A buffer of at least @n doubles, reused by the parts of one run. */
double      *cs_analysis_scratch          (CsAnalysis *a,
                                           guint64     n);

void         cs_analysis_compute_steps       (CsAnalysis *a);
void         cs_analysis_compute_workflow    (CsAnalysis *a);
void         cs_analysis_compute_transitions (CsAnalysis *a);
void         cs_analysis_compute_critical_path (CsAnalysis *a);
void         cs_analysis_compute_bottlenecks (CsAnalysis *a);
void         cs_analysis_compute_branches    (CsAnalysis *a);

/* With @ref_after FALSE the comparison borrows @after (its own analysis). */
CsComparison *cs_comparison_new_full         (CsAnalysis *before,
                                              CsAnalysis *after,
                                              gboolean    ref_after);

G_END_DECLS
