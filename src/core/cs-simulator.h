/* cs-simulator.h: a discrete-event simulation of government workflows
 *
 * Generates weeks of realistic history in seconds on a virtual clock: citizens
 * arrive, automatic steps run on a pool of workers, integrations fail and
 * retry, officers work through their queues in office hours. The model is
 * described in docs/simulator.md.
 *
 * Edge semantics are the engine's (see cs-edge.h); conditions are evaluated
 * with the real expression evaluator and actions run the real handlers of
 * the registry on instance data sampled from each workflow's simulation
 * profile (cs_workflow_get_simulation()).
 *
 * The simulator writes nothing itself: it reports every instance and every
 * step execution through callbacks. A run is deterministic: the same seed
 * and the same settings give the same instances and records, byte for byte.
 * Randomness is drawn per case (its data, service times, decisions), so a
 * what-if run (CsSimOverrides) on the same seed meets the same citizens with
 * the same cases, and differences come from the change, not from chance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-step-record.h"
#include "cs-workflow.h"

G_BEGIN_DECLS

/* One simulated case. Reported once it has ended (or, when the run stops
 * first, unfinished), immediately followed by its @n_records step records.
 * Borrowed: everything is valid during the callback only (ref @data to keep
 * it; do not modify it). */
typedef struct
{
  gint64            index;            /* 1, 2, … in order of arrival; the records' instance_id */
  const char       *workflow_key;
  int               workflow_version;
  gint64            started_at;       /* µs since the Unix epoch, UTC */
  gint64            completed_at;     /* 0 while unfinished */
  gboolean          finished;
  CsTerminalStatus  status;           /* when finished */
  const char       *terminal_step;    /* the terminal reached; NULL when a step failed the
                                       * instance, or while unfinished */
  const char       *error;            /* why it failed without reaching a terminal, else NULL */
  JsonNode         *initial_data;     /* the instance data (an object) it started with */
  JsonNode         *data;             /* … and as it ended, or is at the end of the run */
  const char       *edge_state;       /* the engine's edge state ('.' undecided, 'T' taken,
                                       * 'D' dead, one per edge), so an unfinished instance
                                       * can be handed to the real engine */
  const char       *channel;          /* how the citizen came: "web", "phone", "counter", … */
  const char       *area;             /* one of the configured areas */
  const char       *category;         /* the kind of case, when its profile names one */
  guint             n_records;
} CsSimInstance;

/* Records are borrowed too: copy with cs_step_record_copy() to keep one.
 * Their instance_id is the instance's index. */
typedef void (*CsSimInstanceFunc) (const CsSimInstance *instance,
                                   gpointer             user_data);
typedef void (*CsSimRecordFunc)   (const CsStepRecord  *record,
                                   gpointer             user_data);

/* What-if changes applied on top of the workflows' own parameters:
 * refcounted; set everything before handing it to a simulator. */
typedef struct _CsSimOverrides CsSimOverrides;

#define CS_TYPE_SIM_OVERRIDES (cs_sim_overrides_get_type ())
GType           cs_sim_overrides_get_type         (void) G_GNUC_CONST;
CsSimOverrides *cs_sim_overrides_new              (void);
CsSimOverrides *cs_sim_overrides_ref              (CsSimOverrides *overrides);
void            cs_sim_overrides_unref            (CsSimOverrides *overrides);
/* Sets a step's simulation parameter (e.g. CS_SIM_OFFICERS of "adult_approval"
 * to 2). @workflow_key NULL means the step of that id in every workflow. */
void            cs_sim_overrides_set_step_param   (CsSimOverrides *overrides,
                                                   const char     *workflow_key,
                                                   const char     *step_id,
                                                   CsSimParam      param,
                                                   double          value);
/* The share of an approval step's cases that are approved, 0 to 1; it
 * replaces the profile's rates for that step. */
void            cs_sim_overrides_set_approval_rate (CsSimOverrides *overrides,
                                                    const char     *workflow_key,
                                                    const char     *step_id,
                                                    double          rate);
/* The number of officers of an agency (a shared queue of several steps). */
void            cs_sim_overrides_set_agency_officers (CsSimOverrides *overrides,
                                                      const char     *agency,
                                                      guint           officers);
/* Multiplies the arrival rate of one workflow, or of all when NULL;
 * both multiply. */
void            cs_sim_overrides_set_arrival_factor (CsSimOverrides *overrides,
                                                     const char     *workflow_key,
                                                     double          factor);
/* The size of the worker pool. */
void            cs_sim_overrides_set_workers      (CsSimOverrides *overrides,
                                                   guint           workers);

/* Statistics of a run, for what-if comparisons and tests. Waits are
 * queue_time + wait_time of the records that finished (completed or
 * failed) during the run. */
typedef struct
{
  char       *workflow_key;
  char       *step_id;
  CsStepType  step_type;
  guint64     executions;         /* finished records */
  guint64     failed;
  guint64     approved;
  guint64     rejected;
  guint64     retries;
  guint64     handler_errors;     /* actions whose handler gave no outputs */
  char       *first_handler_error;
  double      mean_wait_ms;
  double      median_wait_ms;
  double      p90_wait_ms;
  double      mean_execution_ms;
} CsSimStepStats;

typedef struct
{
  char       *name;               /* the agency, or "<workflow>.<step>" */
  guint       officers;
  guint64     decisions;          /* handlings started during the run */
  double      utilisation;        /* officers' handling time / their office time */
  double      mean_queue_length;  /* time average of the cases waiting */
  double      mean_wait_ms;       /* per handling, in the queue */
} CsSimPoolStats;

typedef struct
{
  char       *workflow_key;
  double      arrivals_per_day;   /* the rate used, overrides included */
  guint64     started;
  guint64     finished[CS_TERMINAL_CANCELLED + 1];   /* by CsTerminalStatus */
  guint64     unfinished;
  guint64     profile_errors;     /* profile values that could not be produced */
  char       *first_profile_error;
  double      median_duration_ms; /* of the finished instances */
  double      p90_duration_ms;
} CsSimWorkflowStats;

typedef struct
{
  gint64      started_at;         /* the simulated period, µs UTC */
  gint64      ended_at;
  guint64     instances_started;
  guint64     instances_finished;
  guint64     instances_unfinished;
  guint64     records;
  double      worker_utilisation;
  GPtrArray  *workflows;          /* CsSimWorkflowStats, in the order added */
  GPtrArray  *steps;              /* CsSimStepStats, by workflow, in step order */
  GPtrArray  *pools;              /* CsSimPoolStats */
} CsSimSummary;

void                      cs_sim_summary_free          (CsSimSummary       *summary);
const CsSimWorkflowStats *cs_sim_summary_find_workflow (const CsSimSummary *summary,
                                                        const char         *workflow_key);
const CsSimStepStats     *cs_sim_summary_find_step     (const CsSimSummary *summary,
                                                        const char         *workflow_key,
                                                        const char         *step_id);
const CsSimPoolStats     *cs_sim_summary_find_pool     (const CsSimSummary *summary,
                                                        const char         *name);

/* Which actions run their handler. Either way every step takes its time and
 * the records are the same; only the instance data differs. */
typedef enum
{
  CS_SIM_OUTPUTS_ALL,       /* every action: complete, realistic instance data */
  CS_SIM_OUTPUTS_ROUTING,   /* only actions whose outputs a later condition, action
                             * input or service response can read: several times
                             * faster, for benchmarks that need the records only */
} CsSimOutputs;

/* Office days for cs_simulator_set_office_hours(): bit 0 is Monday. */
#define CS_SIM_DAY(weekday)  (1u << ((weekday) - 1))   /* weekday as GDateWeekday, 1 = Monday */
#define CS_SIM_WEEKDAYS      0x1fu
#define CS_SIM_EVERY_DAY     0x7fu

#define CS_TYPE_SIMULATOR (cs_simulator_get_type ())

G_DECLARE_FINAL_TYPE (CsSimulator, cs_simulator, CS, SIMULATOR, GObject)

CsSimulator  *cs_simulator_new              (guint64             seed);
guint64       cs_simulator_get_seed         (CsSimulator        *self);

/* Adds a copy of @workflow. Arrivals per day: @arrivals_per_day, or when it
 * is negative the profile's "arrivals_per_day", else 20. Fails with
 * CS_ERROR_INVALID_ARGUMENT when the engine would refuse the workflow
 * (validation errors; actions run the handlers of the default registry) or
 * its simulation profile is malformed (the message names the path). */
gboolean      cs_simulator_add_workflow     (CsSimulator        *self,
                                             CsWorkflow         *workflow,
                                             double              arrivals_per_day,
                                             GError            **error);
/* The start of the simulated period; default Monday 6 January 2025, 00:00
 * in the time zone. */
void          cs_simulator_set_start        (CsSimulator        *self,
                                             GDateTime          *start);
/* Length of the period in which citizens arrive; default 7 days. */
void          cs_simulator_set_duration     (CsSimulator        *self,
                                             GTimeSpan           duration);
GTimeSpan     cs_simulator_get_duration     (CsSimulator        *self);
/* The time zone of office hours and arrival profiles; default UTC. */
void          cs_simulator_set_timezone     (CsSimulator        *self,
                                             GTimeZone          *timezone);
/* When officers work: @days (CS_SIM_DAY() bits) from @open_minute to
 * @close_minute after local midnight (close at most 1440). Default
 * CS_SIM_WEEKDAYS, 08:00 to 17:00. */
void          cs_simulator_set_office_hours (CsSimulator        *self,
                                             guint               days,
                                             guint               open_minute,
                                             guint               close_minute);
/* Size of the pool running automatic steps; default 4. */
void          cs_simulator_set_workers      (CsSimulator        *self,
                                             guint               workers);
guint         cs_simulator_get_workers      (CsSimulator        *self);
/* Names the instances' areas are drawn from (bigger areas first: the
 * first is the most frequent); NULL restores the default list. */
void          cs_simulator_set_areas        (CsSimulator        *self,
                                             const char * const *areas);
/* FALSE (default): the run stops at the end of the period and reports the
 * instances still in progress unfinished, like a snapshot of a live system.
 * TRUE: arrivals stop at the end but every instance runs to its end. */
void          cs_simulator_set_drain        (CsSimulator        *self,
                                             gboolean            drain);
gboolean      cs_simulator_get_drain        (CsSimulator        *self);
void          cs_simulator_set_overrides    (CsSimulator        *self,
                                             CsSimOverrides     *overrides);
/* Default CS_SIM_OUTPUTS_ALL. */
void          cs_simulator_set_outputs      (CsSimulator        *self,
                                             CsSimOutputs        outputs);

/* Runs the simulation, calling @on_instance and @on_record (either may be
 * NULL) for each instance and its records. May be called again: every run
 * starts afresh. Fails with G_IO_ERROR_CANCELLED when @cancellable is
 * cancelled (also from a callback), or CS_ERROR_INVALID_ARGUMENT when no
 * workflow was added. */
gboolean      cs_simulator_run              (CsSimulator        *self,
                                             CsSimInstanceFunc   on_instance,
                                             CsSimRecordFunc     on_record,
                                             gpointer            user_data,
                                             GCancellable       *cancellable,
                                             GError            **error);
/* The summary of the last run (borrowed), or NULL before the first. */
const CsSimSummary *cs_simulator_get_summary (CsSimulator       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSimOverrides, cs_sim_overrides_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSimSummary, cs_sim_summary_free)

G_END_DECLS
