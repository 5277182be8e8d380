/* cs-timing-data.h: what the bottleneck analyses read, in columns
 *
 * A compact, append-only dataset of one workflow (all its versions or one):
 * its instances (cases) and the executions of their steps, or the events of
 * an imported event log. The store layer fills it straight from a query,
 * row by row, without one allocation per row: strings are interned into
 * small integers first (a worker's name, an error, an attribute value), and
 * a row is a plain struct copied into the columns.
 *
 *   g_autoptr(CsTimingData) data = cs_timing_data_new (CS_TIMING_SOURCE_ENGINE);
 *   cs_timing_data_add_workflow (data, workflow);
 *   guint32 channel = cs_timing_data_intern (data, "channel");
 *   for each instance row:
 *     guint32 i = cs_timing_data_add_instance (data, id, version, started, completed,
 *                                              CS_CASE_COMPLETED, cs_timing_data_intern (data, "SUCCESS"));
 *     cs_timing_data_set_attribute (data, i, channel, cs_timing_data_intern (data, "web"));
 *   for each step_executions row:
 *     CsTimingRow row;
 *     cs_timing_row_init (&row);
 *     row.instance = i;                                  (or cs_timing_data_find_instance ())
 *     row.step = cs_timing_data_intern_step (data, step_id);
 *     row.from_step = cs_timing_data_intern_step (data, from_step);   (NULL → CS_TIMING_NONE)
 *     row.completed_at = …;
 *     cs_timing_data_append (data, &row);
 *
 * Times are µs since the Unix epoch, UTC (0 = not set); durations are ms.
 *
 * Engine data: a row is one execution as the engine records it
 * (docs/engine.md); from_step is the step whose completion made it runnable.
 * Event logs: a row is an event, either a whole activity (start and
 * completion known, or completion only) or a lifecycle event (start or
 * complete), paired per case and activity before the analysis; the previous
 * event of the case stands for from_step, and queue and execution times are
 * derived from the timestamps (docs/analytics.md).
 *
 * Appending is not thread-safe; analyses may read one dataset from several
 * threads once it is filled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "cs-simulator.h"
#include "cs-step-record.h"
#include "cs-workflow.h"

G_BEGIN_DECLS

#define CS_TIMING_NONE G_MAXUINT32

typedef enum
{
  CS_TIMING_SOURCE_ENGINE,      /* executions recorded by the engine or the simulator */
  CS_TIMING_SOURCE_EVENT_LOG,   /* events of an imported log (XES, CSV) */
} CsTimingSource;

/* The status column of workflow_instances. */
typedef enum
{
  CS_CASE_RUNNING,
  CS_CASE_COMPLETED,    /* reached a terminal (whatever its outcome) */
  CS_CASE_FAILED,       /* a step failed it */
  CS_CASE_CANCELLED,
} CsCaseStatus;

const char *cs_case_status_to_string   (CsCaseStatus  status);
gboolean    cs_case_status_from_string (const char   *text,
                                        CsCaseStatus *status);

typedef enum
{
  CS_EVENT_COMPLETE,
  CS_EVENT_START,
} CsEventLifecycle;

/* One execution, as cs_timing_data_append() takes it. */
typedef struct
{
  guint32       instance;              /* index from cs_timing_data_add_instance() */
  guint32       step;                  /* cs_timing_data_intern_step() */
  CsStepType    step_type;
  CsExecStatus  status;
  guint32       from_step;             /* cs_timing_data_intern_step(), or CS_TIMING_NONE */
  gint64        enqueued_at;
  gint64        started_at;
  gint64        completed_at;
  double        queue_time_ms;
  double        validation_time_ms;
  double        execution_time_ms;
  double        wait_time_ms;
  guint         retry_count;
  gboolean      waiting_for_approval;
  gboolean      waiting_for_external;
  guint32       executed_by;           /* cs_timing_data_intern(), or CS_TIMING_NONE */
  guint32       error;                 /* cs_timing_data_intern(), or CS_TIMING_NONE */
  guint32       outcome;               /* cs_timing_data_intern(), or CS_TIMING_NONE */
} CsTimingRow;

/* Zeros, with every interned field CS_TIMING_NONE and status completed. */
void           cs_timing_row_init             (CsTimingRow     *row);

typedef struct _CsTimingData CsTimingData;

#define CS_TYPE_TIMING_DATA (cs_timing_data_get_type ())
GType          cs_timing_data_get_type        (void) G_GNUC_CONST;

CsTimingData  *cs_timing_data_new             (CsTimingSource   source);
CsTimingData  *cs_timing_data_ref             (CsTimingData    *data);
void           cs_timing_data_unref           (CsTimingData    *data);
CsTimingSource cs_timing_data_get_source      (CsTimingData    *data);
/* Room for that many more instances and rows, to avoid regrowing. */
void           cs_timing_data_reserve         (CsTimingData    *data,
                                               guint            n_instances,
                                               guint            n_rows);

/* The definition of a version the data comes from (referenced; one per
 * version, a later call for the same version replaces it). It gives step
 * names and types, the graph for the critical path and the branch points.
 * Its steps are interned, so they are reported even without executions. */
void           cs_timing_data_add_workflow    (CsTimingData    *data,
                                               CsWorkflow      *workflow);
/* The definition of @version, or with @version ≤ 0 of the highest version;
 * NULL when there is none. Borrowed. */
CsWorkflow    *cs_timing_data_get_workflow    (CsTimingData    *data,
                                               int              version);
/* The key the analyses report; the first workflow's unless set. */
void           cs_timing_data_set_workflow_key (CsTimingData   *data,
                                                const char     *key);
const char    *cs_timing_data_get_workflow_key (CsTimingData   *data);

/* Strings: workers, approvers, errors, outcomes, attribute keys and values.
 * NULL interns to CS_TIMING_NONE. */
guint32        cs_timing_data_intern          (CsTimingData    *data,
                                               const char      *text);
/* The interned string, or NULL for CS_TIMING_NONE. */
const char    *cs_timing_data_lookup          (CsTimingData    *data,
                                               guint32          id);
/* Step ids (activities of an event log) are numbered apart, 0, 1, 2…, so
 * analyses index arrays by them. NULL interns to CS_TIMING_NONE. */
guint32        cs_timing_data_intern_step     (CsTimingData    *data,
                                               const char      *step_id);
/* CS_TIMING_NONE when the step was never interned. */
guint32        cs_timing_data_find_step       (CsTimingData    *data,
                                               const char      *step_id);
guint          cs_timing_data_get_n_steps     (CsTimingData    *data);
const char    *cs_timing_data_get_step_id     (CsTimingData    *data,
                                               guint32          step);

/* Instances. @started_at / @completed_at 0 when unknown (event logs: taken
 * from the events); @outcome interned (SUCCESS, REJECTED…) or
 * CS_TIMING_NONE. Returns the instance's index for CsTimingRow.instance. */
guint32        cs_timing_data_add_instance    (CsTimingData    *data,
                                               gint64           id,
                                               int              version,
                                               gint64           started_at,
                                               gint64           completed_at,
                                               CsCaseStatus     status,
                                               guint32          outcome);
/* The index of the instance with that id, or CS_TIMING_NONE. */
guint32        cs_timing_data_find_instance   (CsTimingData    *data,
                                               gint64           id);
guint          cs_timing_data_get_n_instances (CsTimingData    *data);
gint64         cs_timing_data_get_instance_id (CsTimingData    *data,
                                               guint32          instance);
/* An attribute of the case for outlier analysis (channel, area, category…),
 * both interned. Setting a key twice keeps both values. */
void           cs_timing_data_set_attribute   (CsTimingData    *data,
                                               guint32          instance,
                                               guint32          key,
                                               guint32          value);

void           cs_timing_data_append          (CsTimingData    *data,
                                               const CsTimingRow *row);
guint          cs_timing_data_get_n_rows      (CsTimingData    *data);

/* Conveniences for the simulator, tests and small imports. */

/* Adds a simulated case with its channel, area and category; returns its
 * index. Records then follow with cs_timing_data_add_record(). */
guint32        cs_timing_data_add_sim_instance (CsTimingData        *data,
                                                const CsSimInstance *instance);
/* Adds an execution; its instance_id must name an instance added before. */
gboolean       cs_timing_data_add_record      (CsTimingData       *data,
                                               const CsStepRecord *record,
                                               GError            **error);
/* Event logs: one lifecycle event of @activity in the case @instance, with
 * its resource (interned, or CS_TIMING_NONE). Starts are paired with the
 * next completion of the same activity in the case when analysed. */
void           cs_timing_data_add_event       (CsTimingData    *data,
                                               guint32          instance,
                                               guint32          activity,
                                               CsEventLifecycle lifecycle,
                                               gint64           timestamp,
                                               guint32          resource);
/* Event logs: an activity whose start (0 when unknown) and completion are
 * both known, as in a log with start and end columns. */
void           cs_timing_data_add_activity    (CsTimingData    *data,
                                               guint32          instance,
                                               guint32          activity,
                                               gint64           started_at,
                                               gint64           completed_at,
                                               guint32          resource);

/* Parses an ISO 8601 date-time to µs UTC: with a UTC offset or Z as
 * written, without one as local time in @local_tz (UTC when NULL). Event
 * logs carry offsets, so an interval across a daylight-saving change keeps
 * its true length. Fails with CS_ERROR_PARSE naming the text. */
gboolean       cs_timing_parse_time           (const char      *text,
                                               GTimeZone       *local_tz,
                                               gint64          *out_us,
                                               GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsTimingData, cs_timing_data_unref)

G_END_DECLS
