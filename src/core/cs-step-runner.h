/* cs-step-runner.h: runs the steps that need no one else (actions, conditionals, terminals)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cs-engine-plan.h"
#include "cs-handler-registry.h"
#include "cs-step-record.h"

G_BEGIN_DECLS

typedef struct
{
  CsExecStatus  status;             /* CS_EXEC_COMPLETED or CS_EXEC_FAILED */
  JsonObject   *inputs;             /* what the step was given */
  JsonObject   *outputs;            /* what it produced */
  GPtrArray    *validation_errors;  /* char*: "Missing required input: id_number" */
  char         *error;              /* why it failed */
  int           chosen_edge;        /* conditionals: the branch taken */
  char         *outcome;            /* branch label, terminal status */
  double        validation_ms;
  double        execution_ms;
} CsStepRun;

void     cs_step_run_init    (CsStepRun *run);
void     cs_step_run_clear   (CsStepRun *run);

/* Runs @step of an instance: builds its inputs from @instance_data, validates
 * them, invokes the handler and merges its outputs into @instance_data (an
 * action); evaluates the branches (a conditional); reads the status (a
 * terminal). Never fails as a call: a failing step is run->status FAILED. */
void     cs_step_runner_run  (CsEnginePlan      *plan,
                              CsStep            *step,
                              JsonObject        *instance_data,
                              CsHandlerContext  *ctx,
                              CsStepRun         *run);

/* Seed 001's manual execution: runs an action on @inputs given directly, or
 * only validates them when @dry_run. */
void     cs_step_runner_run_isolated (CsStep           *step,
                                      JsonObject       *inputs,
                                      gboolean          dry_run,
                                      CsHandlerContext *ctx,
                                      CsStepRun        *run);

/* Seed 001's answers: POST /steps/execute's {step_id, execution_result,
 * dry_run} and POST /steps/validate's {step_id, validation_result,
 * timestamp}. @now is the timestamp to report. */
JsonNode *cs_step_run_execute_report  (const char  *step_id,
                                       CsStepRun   *run,
                                       gboolean     dry_run);
JsonNode *cs_step_run_validate_report (const char  *step_id,
                                       CsStepRun   *run,
                                       GDateTime   *now);

G_END_DECLS
