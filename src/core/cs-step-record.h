/* cs-step-record.h: what one execution of one step leaves behind
 *
 * The engine writes these, the simulator generates them, the event-log
 * importers derive them, and every analysis (bottlenecks, transitions,
 * SLA) reads them: one shape for all, mirroring the step_executions table
 * and seed 001's StepResult.
 *
 * Times are microseconds since the Unix epoch, UTC (0 = not set); durations
 * are milliseconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-step.h"

G_BEGIN_DECLS

typedef enum
{
  CS_EXEC_PENDING,     /* runnable, waiting for a worker (queued) */
  CS_EXEC_RUNNING,     /* claimed by a worker outside a transaction (integrations) */
  CS_EXEC_WAITING,     /* waiting for people (approval) */
  CS_EXEC_COMPLETED,
  CS_EXEC_FAILED,
  CS_EXEC_SKIPPED,     /* on a branch that was not taken */
  CS_EXEC_CANCELLED,   /* the instance ended before it ran */
} CsExecStatus;

const char *cs_exec_status_to_string   (CsExecStatus  status);
gboolean    cs_exec_status_from_string (const char   *text,
                                        CsExecStatus *status);

typedef struct
{
  gint64        instance_id;
  char         *step_id;
  CsStepType    step_type;
  CsExecStatus  status;
  char         *outcome;              /* branch label, "approved"/"rejected", terminal status */
  char         *from_step;            /* the step whose completion made this one runnable */
  gint64        enqueued_at;          /* became runnable */
  gint64        started_at;           /* a worker (or an approval queue) took it */
  gint64        completed_at;
  gint64        queue_time_ms;        /* started − enqueued */
  gint64        validation_time_ms;   /* checking the inputs */
  gint64        execution_time_ms;    /* completed − started, waiting included */
  gint64        wait_time_ms;         /* part of execution spent waiting for people or services */
  guint         retry_count;
  gboolean      waiting_for_approval;
  gboolean      waiting_for_external;
  char         *executed_by;          /* worker id, or the approver's login */
  char         *environment;          /* "worker", "manual", "simulation", "import" */
  char         *error;
} CsStepRecord;

CsStepRecord *cs_step_record_new   (void);
void          cs_step_record_free  (CsStepRecord *record);
CsStepRecord *cs_step_record_copy  (const CsStepRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsStepRecord, cs_step_record_free)

G_END_DECLS
