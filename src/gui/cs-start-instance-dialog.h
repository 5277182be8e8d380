/* cs-start-instance-dialog.h: starts an instance of a workflow on data typed as JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/cs-workflow.h"
#include "store/cs-store.h"
#include "workers/cs-engine.h"

G_BEGIN_DECLS

#define CS_TYPE_START_INSTANCE_DIALOG (cs_start_instance_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CsStartInstanceDialog, cs_start_instance_dialog, CS, START_INSTANCE_DIALOG, AdwWindow)

/* Starts instances of the published version of @workflow's key; the data
 * is prefilled with what its steps require. Emits "started" with the new
 * instance's id and closes. The "start-instance.start" action starts. */
CsStartInstanceDialog *cs_start_instance_dialog_new      (CsStore               *store,
                                                          CsEngine              *engine,
                                                          CsWorkflow            *workflow);
void                   cs_start_instance_dialog_set_data (CsStartInstanceDialog *self,
                                                          const char            *json);
/* Why the data cannot be used (with its line and column), else NULL. */
const char            *cs_start_instance_dialog_get_problem (CsStartInstanceDialog *self);
/* Why starting failed, else NULL. */
const char            *cs_start_instance_dialog_get_failure (CsStartInstanceDialog *self);

/* The data the steps of @workflow need from whoever starts it: each required
 * input read from the instance data and written by no step, with a value
 * of its type to overwrite. */
JsonObject            *cs_start_instance_template        (CsWorkflow            *workflow);

G_END_DECLS
