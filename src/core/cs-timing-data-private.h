/* cs-timing-data-private.h: the columns, for the analyses
 *
 * cs-timing-data.c          building: interning, appending
 * cs-timing-data-import.c   from simulated instances, records, events, ISO times
 * cs-timing-data-prepare.c  what every analysis needs first, computed once:
 *                           rows grouped by instance in time order, each
 *                           row's transition predecessor, each case's first
 *                           and last moment and its active time; for event
 *                           logs, starts paired with completions and the
 *                           derived durations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-timing-data.h"

G_BEGIN_DECLS

/* How a row entered the data. */
enum
{
  ROW_EXECUTION,        /* engine or simulator */
  ROW_ACTIVITY,         /* event log: start (or 0) and completion given */
  ROW_EVENT_COMPLETE,   /* event log: completion; its start is paired when prepared */
  ROW_EVENT_START,      /* event log: start, not yet completed */
  ROW_EVENT_PAIRED,     /* event log: a start its completion absorbed; ignored */
};

#define ROW_FLAG_APPROVAL 1u
#define ROW_FLAG_EXTERNAL 2u

typedef struct
{
  gatomicrefcount ref_count;
  guint     n;            /* the rows when prepared */
  guint     n_instances;
  guint32  *offset;       /* per instance: its rows are order[offset[i], offset[i + 1]) */
  guint32  *order;        /* rows by instance, then completion time (unfinished last) */
  guint32  *prev;         /* per row: the row its transition comes from, or CS_TIMING_NONE */
  gint64   *case_start;   /* per instance: µs */
  gint64   *case_end;     /* per instance: µs, 0 while running */
  double   *active;       /* per instance: ms during which a step was worked on */
} CsTimingPrepared;

struct _CsTimingData
{
  gatomicrefcount   ref_count;
  CsTimingSource    source;
  GPtrArray        *workflows;        /* CsWorkflow, one per version */
  char             *workflow_key;

  GHashTable       *string_ids;       /* char* → id + 1 */
  GPtrArray        *strings;
  GHashTable       *step_ids;         /* char* → step + 1 */
  GPtrArray        *steps;

  /* Instances */
  guint             n_instances;
  guint             cap_instances;
  gint64           *inst_id;
  gint32           *inst_version;
  gint64           *inst_started;
  gint64           *inst_completed;
  guint8           *inst_status;
  guint32          *inst_outcome;
  GHashTable       *instance_index;   /* gint64* id (in inst_id) → index + 1 */
  guint             n_indexed;        /* instances in instance_index */
  GArray           *attributes;       /* CsTimingAttribute */

  /* Rows */
  guint             n_rows;
  guint             cap_rows;
  guint32          *r_instance;
  guint32          *r_step;
  guint32          *r_from;
  guint32          *r_by;
  guint32          *r_error;
  guint32          *r_outcome;
  guint32          *r_retries;
  guint8           *r_type;
  guint8           *r_status;
  guint8           *r_flags;
  guint8           *r_kind;
  gint64           *r_enqueued;
  gint64           *r_started;
  gint64           *r_completed;
  double           *r_queue;
  double           *r_validation;
  double           *r_execution;
  double           *r_wait;

  GMutex            lock;
  CsTimingPrepared *prepared;
};

typedef struct
{
  guint32 instance;
  guint32 key;
  guint32 value;
} CsTimingAttribute;

/* Whether a row is an execution: it completed or failed. */
static inline gboolean
cs_timing_row_is_execution (CsTimingData *data,
                            guint32       row)
{
  return data->r_status[row] == CS_EXEC_COMPLETED || data->r_status[row] == CS_EXEC_FAILED;
}

/* The elapsed time of an execution, ms: from becoming runnable (in an
 * event log, the previous event's completion, as preparation sets
 * enqueued_at) to its completion. */
static inline double
cs_timing_row_elapsed (CsTimingData *data,
                       guint32       row)
{
  if (data->r_enqueued[row] > 0)
    return MAX (0, data->r_completed[row] - data->r_enqueued[row]) / 1000.0;
  return data->r_queue[row] + data->r_execution[row];
}

/* Appends @row as a row of @kind (ROW_*); returns its index. */
guint32           cs_timing_data_append_row   (CsTimingData      *data,
                                               const CsTimingRow *row,
                                               guint8             kind);

/* Prepares the data for analysis once (again after more rows or instances
 * are added) and returns a reference to what was computed; thread-safe. An
 * analysis keeps its reference, so later appends never pull it away. */
CsTimingPrepared *cs_timing_data_prepare      (CsTimingData     *data);
CsTimingPrepared *cs_timing_prepared_ref      (CsTimingPrepared *prepared);
void              cs_timing_prepared_unref    (CsTimingPrepared *prepared);

G_END_DECLS
