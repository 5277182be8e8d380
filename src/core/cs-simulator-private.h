/* cs-simulator-private.h: what the parts of the simulator share
 *
 * cs-simulator.c           the object, its settings, overrides and the summary
 * cs-simulator-calendar.c  random numbers, local hours and office hours
 * cs-simulator-profile.c   a workflow and its simulation profile, compiled
 * cs-simulator-run.c       the event loop
 *
 * Times are µs since the epoch like every record's, but every sampled
 * duration is rounded to whole milliseconds, so the millisecond fields of a
 * record are exact differences of its times.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>

#include "cs-engine-plan.h"
#include "cs-simulator.h"

G_BEGIN_DECLS

#define MSEC   G_GINT64_CONSTANT (1000)
#define SECOND G_USEC_PER_SEC
#define HOUR   (G_GINT64_CONSTANT (3600) * SECOND)
#define DAY    (24 * HOUR)

#define DEFAULT_APPROVAL_RATE    0.85
#define DEFAULT_ARRIVALS_PER_DAY 20.0
#define DEFAULT_WORKERS          4
#define DEFAULT_DURATION         (7 * G_TIME_SPAN_DAY)

/* Random numbers: small independent splitmix64 streams. */

static inline guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline double
uniform01 (guint64 *rng)
{
  return (splitmix64 (rng) >> 11) * (1.0 / 9007199254740992.0);
}

/* µs, rounded to whole milliseconds. */
static inline gint64
whole_ms (double us)
{
  return (gint64) llround (us / 1000.0) * MSEC;
}

/* A sampled duration that takes at least a millisecond. */
static inline gint64
at_least_1ms (double us)
{
  gint64 rounded = whole_ms (us);

  return MAX (MSEC, rounded);
}

static inline gint64
overlap (gint64 a,
         gint64 b,
         gint64 from,
         gint64 to)
{
  return MAX (0, MIN (b, to) - MAX (a, from));
}


/* The seed of an independent stream named by @a and @b. */
guint64      cs_sim_stream_seed        (guint64      a,
                                        guint64      b);
/* Service and handling times: positive and skewed to the right, with the
 * given mean and coefficient of variation. */
double       cs_sim_lognormal          (guint64     *rng,
                                        double       mean,
                                        double       cv);
/* Percentile @q of the sorted @values (double), interpolated. */
double       cs_sim_percentile         (GArray      *values,
                                        double       q);
int          cs_sim_compare_doubles    (gconstpointer a,
                                        gconstpointer b);

/* Calendar: local hours and office hours as UTC instants, one day at a
 * time, made from GDateTime so that days of 23 and 25 hours come out right. */

typedef struct
{
  gint64  hour[25];   /* start of each local hour; [24] is the next midnight */
  gint64  open;       /* office hours; open == close on a closed day */
  gint64  close;
  guint   weekday;    /* 1 = Monday … 7 = Sunday */
  GDate   date;
} CalDay;

typedef struct
{
  GTimeZone *tz;
  guint      office_days;
  guint      open_minute;
  guint      close_minute;
  GArray    *days;    /* consecutive local dates from the day before the start */
} Calendar;

void         cs_sim_calendar_init      (Calendar    *cal,
                                        GTimeZone   *tz,
                                        guint        office_days,
                                        guint        open_minute,
                                        guint        close_minute,
                                        gint64       start);
void         cs_sim_calendar_clear     (Calendar    *cal);
/* Day @i; valid until the next call (the array may grow). */
CalDay      *cs_sim_calendar_day       (Calendar    *cal,
                                        guint        i);
/* The index of the day holding @t. */
guint        cs_sim_calendar_find      (Calendar    *cal,
                                        gint64       t);
gboolean     cs_sim_calendar_is_open   (Calendar    *cal,
                                        gint64       t);
/* The first instant at or after @t when the office is open. */
gint64       cs_sim_calendar_next_open (Calendar    *cal,
                                        gint64       t);
/* When @work µs of office time started at @t (open) are done; adds the
 * part worked inside [@from, @to) to @busy. */
gint64       cs_sim_calendar_work      (Calendar    *cal,
                                        gint64       t,
                                        gint64       work,
                                        gint64       from,
                                        gint64       to,
                                        gint64      *busy);
/* Office time in [@from, @to). */
gint64       cs_sim_calendar_office_time (Calendar  *cal,
                                          gint64     from,
                                          gint64     to);

/* Profile values: the instance data and service responses of a simulation
 * profile, compiled once. Plain JSON stays shared (sealed); generators
 * ({"$int": …}) and templates ("{{ … }}") are produced per case. */

typedef enum
{
  GEN_CONST,
  GEN_OBJECT,
  GEN_ARRAY,
  GEN_ONE_OF,
  GEN_INT,
  GEN_DATE,
  GEN_PATTERN,
  GEN_TEMPLATE,
  GEN_EXPR,
} GenKind;

typedef struct _Gen Gen;
struct _Gen
{
  GenKind     kind;
  JsonNode   *constant;
  GPtrArray  *names;      /* GEN_OBJECT: char* */
  GPtrArray  *children;   /* GEN_OBJECT, GEN_ARRAY, GEN_ONE_OF: Gen* */
  gint64      lo;
  gint64      hi;
  char       *pattern;
  CsTemplate *tmpl;
  CsExpr     *expr;
};

/* A new node, or NULL with @error set when a template or expression fails. */
JsonNode    *cs_sim_gen_eval           (Gen         *gen,
                                        guint64     *rng,
                                        JsonNode    *scope,
                                        const GDate *today,
                                        GError     **error);

/* A workflow ready to simulate */

typedef struct
{
  double      cumulative;       /* weights summed up to this one */
  char       *category;
  Gen        *data;             /* an object */
  double     *approval_rates;   /* per step; < 0 when unset */
  Gen       **responses;        /* per step; NULL when unset */
} Alternative;

typedef struct
{
  double       arrivals_per_day;   /* < 0 when unset */
  gboolean     shaped;
  double       shape[7][24];       /* relative arrival rate by weekday and local hour, mean 1 */
  GPtrArray   *channels;           /* char* */
  GArray      *channel_weights;    /* double */
  Alternative *alternatives;
  guint        n_alternatives;
  double       total_weight;
  double      *approval_rates;
  Gen        **responses;
} Profile;

typedef struct
{
  guint64  executions, failed, approved, rejected, retries, handler_errors;
  char    *first_handler_error;
  double   wait_sum;
  double   execution_sum;
  GArray  *waits;
} StepAcc;

typedef struct _Pool Pool;
typedef struct _SimWorkflow SimWorkflow;

typedef struct
{
  SimWorkflow *wf;
  CsStep      *step;         /* the plan's copy */
  const char  *id;
  CsStepType   type;
  guint        index;
  /* Parameters of the current run, overrides applied. */
  double       service_us;
  double       cv;
  double       latency_us;
  double       failure_p;
  double       handling_us;
  guint        officers;
  double       approval_rate;   /* an override, or < 0 */
  guint        approvals_required;
  guint        max_attempts;
  CsBackoff    backoff;
  gint64       timeout_us;
  char        *give_up;         /* the error of an integration out of attempts */
  Pool        *pool;
  gboolean     read_later;      /* actions: some of its outputs can be read afterwards */
  GQueue       waiting;         /* Task*: cases in the pool's queue for this step */
  guint        handling;        /* cases of this step with an officer now */
  StepAcc      acc;
} SimStep;

struct _SimWorkflow
{
  CsEnginePlan *plan;
  CsWorkflow   *workflow;       /* the plan's */
  const char   *key;
  guint         index;
  SimStep      *steps;
  guint         n_steps;
  GHashTable   *step_of;        /* id → SimStep* */
  Profile       profile;
  double        requested_rate; /* < 0: the profile's */
  /* Per run */
  double        rate_per_day;
  double        rate_per_us;
  guint64       rng;
  guint64       arrivals;
  guint64       started;
  guint64       finished[CS_TERMINAL_CANCELLED + 1];
  guint64       unfinished;
  guint64       profile_errors;
  char         *first_profile_error;
  GArray       *durations;
};

struct _Pool
{
  char      *name;
  char     **officer_names;
  guint      n_officers;
  guint     *idle;            /* ring of idle officers, idle longest first */
  guint      idle_head;
  guint      idle_len;
  GPtrArray *steps;           /* SimStep* it serves */
  guint      waiting;
  gint64     last_change;
  double     queue_area;      /* cases × µs waiting, within the period */
  gint64     busy_us;         /* handling within the period */
  guint64    decisions;
  double     wait_sum_us;
};

/* Prepares @workflow (copied by the engine's plan) and its profile. */
SimWorkflow *cs_sim_workflow_new       (CsWorkflow  *workflow,
                                        guint        index,
                                        double       arrivals_per_day,
                                        GError     **error);
void         cs_sim_workflow_free      (SimWorkflow *wf);
void         cs_sim_step_acc_clear     (StepAcc     *acc);

/* The object */

enum { OVERRIDE_APPROVAL_RATE = CS_SIM_N_PARAMS };

typedef struct
{
  char   *workflow_key;
  char   *step_id;
  guint   what;    /* CsSimParam or OVERRIDE_APPROVAL_RATE */
  double  value;
} StepOverride;

struct _CsSimOverrides
{
  gatomicrefcount  ref_count;
  GArray          *steps;              /* StepOverride; later ones win */
  GHashTable      *agency_officers;    /* agency → GUINT_TO_POINTER (officers) */
  double           arrival_factor;
  GHashTable      *arrival_factors;    /* workflow key → double* */
  guint            workers;            /* 0: unset */
};

struct _CsSimulator
{
  GObject          parent_instance;

  guint64          seed;
  GPtrArray       *workflows;      /* SimWorkflow* */
  gint64           start;
  gboolean         start_set;
  GTimeSpan        duration;
  GTimeZone       *tz;
  guint            office_days;
  guint            open_minute;
  guint            close_minute;
  guint            workers;
  char           **areas;
  gboolean         drain;
  CsSimOutputs     outputs;
  CsSimOverrides  *overrides;
  CsSimSummary    *summary;
  gboolean         running;        /* a callback may not start another run */
};

G_END_DECLS
