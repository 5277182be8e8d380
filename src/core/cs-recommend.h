/* cs-recommend.h: specific, quantified recommendations, predicted by simulation
 *
 * From an analysis it picks the worst approval queue, the worst worker
 * queue and the worst external service, and asks the simulator what one
 * change to each would do: the workflow is simulated with what the data
 * shows (arrivals per day, service and handling times, officers, workers,
 * approval rates, call latency and failures), once as it is and once per
 * change, on the same citizens (common random numbers). Steps that fail
 * often are reported from the data alone.
 *
 *   "Adult Registration Approval: 85 % of its 5,000 executions waited for
 *    approval, median 22 h; a second approver is predicted to cut the
 *    median wait to 3 h"
 *
 * Without a workflow definition the simulator cannot run, and the
 * recommendations say what the data shows without a prediction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-analysis.h"

G_BEGIN_DECLS

typedef enum
{
  CS_RECOMMEND_ADD_OFFICER,      /* one more approver on the worst approval queue */
  CS_RECOMMEND_ADD_WORKER,       /* one more worker when queues are long */
  CS_RECOMMEND_FASTER_SERVICE,   /* an external service twice as fast, failing half as often */
  CS_RECOMMEND_FIX_FAILURES,     /* a step that fails often (data only) */
} CsRecommendationKind;

/* "add_officer", "add_worker", "faster_service", "fix_failures" */
const char *cs_recommendation_kind_to_string (CsRecommendationKind kind);

typedef struct
{
  CsRecommendationKind kind;
  char      *step_id;
  char      *step_name;
  char      *text;                       /* the sentence, translated */
  guint64    executions;
  double     affected_percentage;        /* of the executions: waited, queued long, failed */
  double     observed_median_wait_ms;    /* queue + waiting at the step, in the data */
  gboolean   simulated;                  /* the prediction below comes from the simulator */
  char      *change;                     /* "officers 1 → 2", "workers 4 → 5"… */
  double     simulated_median_wait_ms;   /* the simulation as things are */
  double     predicted_median_wait_ms;   /* … with the change */
  double     simulated_case_median_ms;   /* whole cases, as things are */
  double     predicted_case_median_ms;   /* … with the change */
  double     simulated_days;
} CsRecommendation;

void        cs_recommendation_free           (CsRecommendation *recommendation);

typedef struct
{
  guint64     seed;              /* default 1 */
  GTimeZone  *timezone;          /* of office hours; NULL: UTC */
  guint       office_days;       /* CS_SIM_DAY() bits; default Monday to Friday */
  guint       open_minute;       /* default 08:00 */
  guint       close_minute;      /* default 17:00 */
  double      min_days;          /* simulated period: default 3 … */
  double      max_days;          /* … to 28 days, */
  double      max_instances;     /* … as long as at most this many cases arrive (default 5000) */
} CsRecommendOptions;

void        cs_recommend_options_init        (CsRecommendOptions *options);

/* A new array of CsRecommendation, most important first (possibly empty).
 * Fails only when cancelled or when the simulator refuses a run. */
GPtrArray  *cs_recommend                     (CsAnalysis               *analysis,
                                              const CsRecommendOptions *options,
                                              GCancellable             *cancellable,
                                              GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsRecommendation, cs_recommendation_free)

G_END_DECLS
