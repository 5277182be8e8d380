/* cs-analysis.h: where citizens wait, and why — the bottleneck analysis
 *
 * One run over a CsTimingData computes every measure of seed 001 and the
 * rest of docs/analytics.md for a date range and a version: per step,
 * per workflow, per transition, per case (active and waiting time), the
 * critical path, the bottleneck lists with their indicators and
 * suggestions, the branches at conditionals and approvals, targets, and
 * optionally the same for a second period with every change. Outliers and
 * the time between any two steps are computed on demand from the result.
 *
 *   g_autoptr(CsAnalysisOptions) options = cs_analysis_options_new ();
 *   cs_analysis_options_set_range (options, from_us, to_us, CS_RANGE_INSTANCE_START);
 *   g_autoptr(CsAnalysis) analysis = cs_analysis_run (data, options, &error);
 *   const CsStepMetrics *step = cs_analysis_find_step (analysis, "adult_approval");
 *
 * Results are immutable plain structs owned by the analysis (valid while it
 * lives); strings in them are borrowed too. Durations are ms, times µs UTC,
 * percentages 0–100; NAN means "nothing to measure" (JSON null).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-quantiles.h"
#include "cs-timing-data.h"

G_BEGIN_DECLS

/* What the date range selects. */
typedef enum
{
  CS_RANGE_INSTANCE_START,   /* cases that started in the range, with all their executions */
  CS_RANGE_COMPLETION,       /* executions, transitions and cases that ended in the range */
} CsRangeBasis;

/* Options */

typedef struct _CsAnalysisOptions CsAnalysisOptions;

#define CS_TYPE_ANALYSIS_OPTIONS (cs_analysis_options_get_type ())
GType              cs_analysis_options_get_type           (void) G_GNUC_CONST;
CsAnalysisOptions *cs_analysis_options_new                (void);
CsAnalysisOptions *cs_analysis_options_copy               (CsAnalysisOptions *options);
CsAnalysisOptions *cs_analysis_options_ref                (CsAnalysisOptions *options);
void               cs_analysis_options_unref              (CsAnalysisOptions *options);
/* [@from, @to) in µs UTC; 0 leaves that end open. Default: everything. */
void               cs_analysis_options_set_range          (CsAnalysisOptions *options,
                                                           gint64             from,
                                                           gint64             to,
                                                           CsRangeBasis       basis);
/* A second period analysed the same way as a baseline: cs_analysis_get_comparison()
 * then reports each measure before (this period) and after (the main range). */
void               cs_analysis_options_set_baseline       (CsAnalysisOptions *options,
                                                           gint64             from,
                                                           gint64             to);
/* One version, or all with 0 (default). */
void               cs_analysis_options_set_version        (CsAnalysisOptions *options,
                                                           int                version);
/* One instance (by id), or all with 0 (default). */
void               cs_analysis_options_set_instance       (CsAnalysisOptions *options,
                                                           gint64             instance_id);
/* Slow steps and waiting transitions: above this mean; default 5000 ms. */
void               cs_analysis_options_set_threshold_ms   (CsAnalysisOptions *options,
                                                           double             threshold_ms);
/* Steps and transitions with fewer executions stay out of the bottleneck
 * lists and recommendations; default 10. */
void               cs_analysis_options_set_min_executions (CsAnalysisOptions *options,
                                                           guint              min_executions);
/* A "long" queue time; 0 (default): max (1 s, 5 × the median queue time of
 * all executions analysed). */
void               cs_analysis_options_set_long_queue_ms  (CsAnalysisOptions *options,
                                                           double             long_queue_ms);
/* An external call that takes longer counts as waiting for the service
 * even without retries; default 1000 ms. */
void               cs_analysis_options_set_external_slow_ms (CsAnalysisOptions *options,
                                                             double             slow_ms);
/* Outliers: cases above this percentile (0–100, default 90) of the case
 * duration, or of @step_id's elapsed time when set; attribute values need
 * @min_support outlier cases (default 5) to be reported. */
void               cs_analysis_options_set_outliers       (CsAnalysisOptions *options,
                                                           double             percentile,
                                                           const char        *step_id,
                                                           guint              min_support);
/* An administrator's expectation of a step's elapsed time; NAN removes it. */
void               cs_analysis_options_set_target         (CsAnalysisOptions *options,
                                                           const char        *step_id,
                                                           double             target_ms);
double             cs_analysis_options_get_target         (CsAnalysisOptions *options,
                                                           const char        *step_id);
double             cs_analysis_options_get_threshold_ms   (CsAnalysisOptions *options);
guint              cs_analysis_options_get_min_executions (CsAnalysisOptions *options);

/* Results */

typedef struct
{
  const char *error;
  guint64     count;
} CsErrorCount;

typedef struct
{
  const char      *step_id;
  const char      *name;               /* the workflow's name for it, else the id */
  CsStepType       type;
  guint            position;           /* in the workflow, then in order of appearance */

  guint64          executions;         /* completed + failed */
  guint64          successes;          /* completed */
  guint64          failures;
  guint64          in_progress;        /* pending, running or waiting */
  guint64          skipped;
  guint64          cancelled;
  double           success_rate;       /* %, NAN without executions */
  double           frequency;          /* executions per case analysed */

  CsDistribution   duration;           /* execution time: started → completed, waiting included */
  CsDistribution   elapsed;            /* runnable → completed: queue + execution */
  CsDistribution   citizen_wait;       /* queue + waiting for approval or a service */
  double           mean_queue_ms;
  double           median_queue_ms;
  double           mean_validation_ms;
  double           mean_wait_ms;       /* waiting for approval or a service (wait_time_ms) */
  double           mean_active_ms;     /* execution − that waiting */
  guint64          retries;

  guint64          approval_waits;     /* executions that waited for approval */
  guint64          external_waits;     /* … for an external service */
  guint64          long_queues;        /* … in the queue longer than the long-queue threshold */
  double           approval_bottleneck_percentage;
  double           external_service_bottleneck_percentage;
  double           long_queue_time_percentage;
  const char * const *suggested_optimizations;   /* NULL-terminated */

  const CsErrorCount *common_errors;   /* most frequent first */
  guint            n_common_errors;

  double           target_ms;          /* NAN when none */
  guint64          over_target;
  double           over_target_percentage;
  double           share_of_total_time;   /* % of the elapsed time of all executions */
  double           heat;               /* mean elapsed / the largest mean elapsed, 0–1 */

  guint64          approved;           /* approvals: decisions */
  guint64          rejected;
  guint            distinct_executors; /* approvals: the people who decided (else 0) */
  double           mean_call_ms;       /* integrations: wait of calls that needed no retry */
  guint64          attempts;           /* integrations: calls in all */
} CsStepMetrics;

typedef struct
{
  const char      *workflow_key;
  const char      *name;
  int              version;            /* the version analysed, 0 for all */
  gint64           instance_id;        /* the instance analysed, 0 for all */
  gint64           period_start;       /* the range analysed (0: open) */
  gint64           period_end;
  gint64           first_start;        /* the cases analysed: first and last start */
  gint64           last_start;
  double           arrivals_per_day;

  guint64          instances;
  guint64          completed;          /* reached a terminal, whatever the outcome */
  guint64          succeeded;          /* … with outcome SUCCESS */
  guint64          failed;
  guint64          cancelled;
  guint64          running;
  double           completion_rate;    /* % */
  CsDistribution   completion_time;    /* of the completed cases */
  double           citizen_active_ms;  /* mean over the completed cases */
  double           citizen_waiting_ms;

  guint            total_steps;
  guint            steps_with_data;
  double           average_step_success_rate;
  const char      *slowest_step;       /* by mean execution time; NULL when none */
  const char      *most_error_prone_step;   /* by failure rate; NULL without failures */
  const char * const *optimization_suggestions;
  double           long_queue_ms;      /* the threshold used */
  guint            workers;            /* distinct executors of the steps other than approvals */
} CsWorkflowMetrics;

typedef struct
{
  const char      *from_step;
  const char      *to_step;
  guint64          count;
  CsDistribution   time;               /* A's completion → B's completion (event logs: see the docs) */
  double           mean_wait_ms;       /* the citizen's wait: queue, approval, service */
  double           mean_active_ms;
  double           mean_queue_ms;      /* the wait's parts */
  double           mean_approval_ms;
  double           mean_external_ms;
  double           mean_gap_ms;        /* waiting not attributed to a queue, an approval or a service */
  double           heat;               /* mean wait / the largest mean wait, 0–1 */
} CsTransitionMetrics;

typedef struct
{
  const CsTransitionMetrics *transition;
  const char      *reason;
  const char      *suggestion;
} CsBottleneckTransition;

typedef struct
{
  const char      *step_id;
  double           expected_ms;        /* frequency × mean elapsed */
} CsPathStep;

typedef struct
{
  const CsPathStep *steps;
  guint            n_steps;
  double           expected_total_ms;
  gboolean         from_workflow;      /* the workflow's graph, else the observed one */
} CsCriticalPath;

typedef struct
{
  const char      *label;              /* outcome (branch label, approved, rejected), else the next step */
  const char * const *next_steps;      /* the steps that followed, NULL-terminated */
  guint64          count;
  double           share;              /* % of the branch point's executions */
  CsDistribution   remaining;          /* from the branch point's completion to the case's end */
  guint64          succeeded;          /* cases that then ended with outcome SUCCESS */
} CsBranch;

typedef struct
{
  const char      *step_id;
  const char      *name;
  CsStepType       type;
  guint64          executions;
  const CsBranch  *branches;           /* most taken first */
  guint            n_branches;
} CsBranchPoint;

typedef struct _CsAnalysis CsAnalysis;

#define CS_TYPE_ANALYSIS (cs_analysis_get_type ())
GType              cs_analysis_get_type               (void) G_GNUC_CONST;

/* Fails with CS_ERROR_INVALID_ARGUMENT for an empty range, a percentile out
 * of 0–100 or an instance or version the data does not have. */
CsAnalysis        *cs_analysis_run                    (CsTimingData      *data,
                                                       CsAnalysisOptions *options,
                                                       GError           **error);
CsAnalysis        *cs_analysis_ref                    (CsAnalysis        *analysis);
void               cs_analysis_unref                  (CsAnalysis        *analysis);
CsTimingData      *cs_analysis_get_data               (CsAnalysis        *analysis);
CsAnalysisOptions *cs_analysis_get_options            (CsAnalysis        *analysis);
/* The definition used for names and the graph, or NULL. */
CsWorkflow        *cs_analysis_get_workflow           (CsAnalysis        *analysis);

const CsWorkflowMetrics *cs_analysis_get_workflow_metrics (CsAnalysis  *analysis);

/* Steps: the workflow's in its order, then any others in order of appearance. */
guint              cs_analysis_get_n_steps            (CsAnalysis        *analysis);
const CsStepMetrics *cs_analysis_get_step             (CsAnalysis        *analysis,
                                                       guint              index);
const CsStepMetrics *cs_analysis_find_step            (CsAnalysis        *analysis,
                                                       const char        *step_id);

/* Transitions, most frequent first. */
guint              cs_analysis_get_n_transitions      (CsAnalysis        *analysis);
const CsTransitionMetrics *cs_analysis_get_transition (CsAnalysis        *analysis,
                                                       guint              index);
const CsTransitionMetrics *cs_analysis_find_transition (CsAnalysis       *analysis,
                                                        const char       *from_step,
                                                        const char       *to_step);

/* One case's duration split into active and waiting time (ms), as the
 * workflow's means are made of; FALSE when the case is unknown or has not
 * ended. */
gboolean           cs_analysis_get_case_time          (CsAnalysis        *analysis,
                                                       gint64             instance_id,
                                                       double            *duration_ms,
                                                       double            *active_ms,
                                                       double            *waiting_ms);

const CsCriticalPath *cs_analysis_get_critical_path   (CsAnalysis        *analysis);

/* The bottleneck lists (steps with at least min_executions), worst first. */
typedef enum
{
  CS_BOTTLENECK_SLOW,       /* mean execution time above threshold_ms */
  CS_BOTTLENECK_APPROVAL,   /* approval_bottleneck_percentage above 50 */
  CS_BOTTLENECK_EXTERNAL,   /* external_service_bottleneck_percentage above 20 */
  CS_BOTTLENECK_QUEUE,      /* long_queue_time_percentage above 10 */
} CsBottleneckKind;

guint              cs_analysis_get_n_bottlenecks      (CsAnalysis        *analysis,
                                                       CsBottleneckKind   kind);
const CsStepMetrics *cs_analysis_get_bottleneck       (CsAnalysis        *analysis,
                                                       CsBottleneckKind   kind,
                                                       guint              index);
/* Transitions with min_executions whose mean wait exceeds threshold_ms. */
guint              cs_analysis_get_n_bottleneck_transitions (CsAnalysis  *analysis);
const CsBottleneckTransition *cs_analysis_get_bottleneck_transition (CsAnalysis *analysis,
                                                                     guint       index);
/* "<step name>: <suggestion>" for every suggestion of every step with
 * min_executions; NULL-terminated, owned by the analysis. */
const char * const *cs_analysis_get_recommendations   (CsAnalysis        *analysis);

guint              cs_analysis_get_n_branch_points    (CsAnalysis        *analysis);
const CsBranchPoint *cs_analysis_get_branch_point     (CsAnalysis        *analysis,
                                                       guint              index);

/* Any two steps */

typedef struct
{
  char            *from_step;
  char            *to_step;
  guint64          cases;              /* cases analysed */
  guint64          with_from;          /* … in which @from_step completed */
  guint64          reached;            /* … and @to_step completed after it: the observations */
  guint64          only_before;        /* … in which @to_step completed only before @from_step */
  CsDistribution   time;               /* first @from_step's completion → first later @to_step's */
  GArray          *histogram;          /* CsHistogramBin */
} CsPairTiming;

/* The time from the first completion of @from_step in each case to the
 * first later completion of @to_step (the second occurrence when they are
 * the same step); cases in which @to_step only came before are left out.
 * Fails with CS_ERROR_NOT_FOUND for an unknown step. */
CsPairTiming      *cs_analysis_time_between           (CsAnalysis        *analysis,
                                                       const char        *from_step,
                                                       const char        *to_step,
                                                       guint              n_bins,
                                                       GError           **error);
void               cs_pair_timing_free                (CsPairTiming      *timing);

/* Outliers */

typedef struct
{
  const char      *key;                /* channel, area, category, approver… */
  const char      *value;
  guint64          outliers_with;      /* outlier cases with the value */
  guint64          cases_with;         /* all cases with the value */
  double           share_of_outliers;  /* % */
  double           share_of_cases;     /* % */
  double           lift;               /* share_of_outliers / share_of_cases */
  double           z;                  /* two-proportion z: outliers against the other cases */
  double           p_value;            /* one-sided; Fisher's exact test when counts are small */
  gboolean         fisher;
} CsOutlierAttribute;

typedef struct
{
  gint64           instance_id;
  double           value_ms;
} CsOutlierCase;

typedef struct
{
  char            *step_id;            /* NULL: the whole case */
  double           percentile;
  double           threshold_ms;
  guint64          cases;              /* cases with a value */
  guint64          outliers;           /* cases above the threshold */
  GArray          *attributes;         /* CsOutlierAttribute, over-represented (lift > 1.5, enough
                                        * support), smallest p-value first */
  GArray          *slowest;            /* CsOutlierCase, slowest first, at most 20 */
} CsOutlierReport;

/* The outliers the options asked for, computed with the analysis. */
const CsOutlierReport *cs_analysis_get_outliers       (CsAnalysis        *analysis);
/* Others on demand: @step_id NULL for the whole case. */
CsOutlierReport   *cs_analysis_find_outliers          (CsAnalysis        *analysis,
                                                       const char        *step_id,
                                                       double             percentile,
                                                       guint              min_support,
                                                       GError           **error);
void               cs_outlier_report_free             (CsOutlierReport   *report);

/* Period comparison */

typedef struct
{
  const char      *name;               /* the JSON field compared: "average_duration_ms"… */
  double           before;             /* NAN when not measured */
  double           after;
  double           change;             /* after − before */
  double           relative_change;    /* % of before; NAN when before is 0 or missing */
} CsMetricChange;

typedef enum
{
  CS_PRESENT_BOTH,
  CS_PRESENT_BEFORE_ONLY,
  CS_PRESENT_AFTER_ONLY,
} CsPresence;

typedef struct
{
  const char      *step_id;            /* a step; for a transition, its origin */
  const char      *to_step;            /* a transition's target, else NULL */
  const char      *name;
  CsPresence       presence;
  const CsMetricChange *metrics;
  guint            n_metrics;
} CsItemChange;

typedef struct _CsComparison CsComparison;

/* Compares two analyses of the same data (e.g. two periods). */
CsComparison      *cs_comparison_new                  (CsAnalysis        *before,
                                                       CsAnalysis        *after);
void               cs_comparison_free                 (CsComparison      *comparison);
CsAnalysis        *cs_comparison_get_before           (CsComparison      *comparison);
CsAnalysis        *cs_comparison_get_after            (CsComparison      *comparison);
const CsMetricChange *cs_comparison_get_workflow      (CsComparison      *comparison,
                                                       guint             *n_metrics);
guint              cs_comparison_get_n_steps          (CsComparison      *comparison);
const CsItemChange *cs_comparison_get_step            (CsComparison      *comparison,
                                                       guint              index);
guint              cs_comparison_get_n_transitions    (CsComparison      *comparison);
const CsItemChange *cs_comparison_get_transition      (CsComparison      *comparison,
                                                       guint              index);
const CsMetricChange *cs_item_change_find             (const CsItemChange *item,
                                                       const char        *name);
/* The comparison with the baseline period, when the options set one;
 * owned by the analysis. */
CsComparison      *cs_analysis_get_comparison         (CsAnalysis        *analysis);

/* A duration for people: "350 ms", "12 s", "45 min", "2.5 h", "22 h", "3.2 d". */
char              *cs_analysis_format_duration        (double             ms);

/* Seed 001's class names: "ActionStep", "ConditionalStep", "ApprovalStep",
 * "IntegrationStep", "TerminalStep". */
const char        *cs_step_type_to_class_name         (CsStepType         type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsAnalysisOptions, cs_analysis_options_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsAnalysis, cs_analysis_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsPairTiming, cs_pair_timing_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsOutlierReport, cs_outlier_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsComparison, cs_comparison_free)

G_END_DECLS
