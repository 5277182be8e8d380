/* cs-run-step-dialog.h: one action step run by hand, or its inputs checked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/cs-workflow.h"

G_BEGIN_DECLS

#define CS_TYPE_RUN_STEP_DIALOG (cs_run_step_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CsRunStepDialog, cs_run_step_dialog, CS, RUN_STEP_DIALOG, AdwWindow)

/* Offers the action steps of @workflow. The actions "run-step.validate"
 * (a dry run) and "run-step.run" run the chosen step on a worker thread. */
CsRunStepDialog *cs_run_step_dialog_new         (CsWorkflow      *workflow);
gboolean         cs_run_step_dialog_select_step (CsRunStepDialog *self,
                                                 const char      *step_id);
void             cs_run_step_dialog_set_inputs  (CsRunStepDialog *self,
                                                 const char      *json);
gboolean         cs_run_step_dialog_is_running  (CsRunStepDialog *self);
/* The last result: "completed", "failed" or "valid" (a dry run that
 * passed); NULL before the first. */
const char      *cs_run_step_dialog_get_status  (CsRunStepDialog *self);
/* The last result's errors, one per line; NULL when there were none. */
const char      *cs_run_step_dialog_get_errors  (CsRunStepDialog *self);

G_END_DECLS
