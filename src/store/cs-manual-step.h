/* cs-manual-step.h: running one step on its own (seed 001's manual execution and dry run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/cs-step-runner.h"
#include "cs-db-connection.h"

G_BEGIN_DECLS

/* Finds the action @step_ref ("workflow_key.step_id", or a step id that one
 * published workflow has) and runs it on @inputs, or only validates them
 * when @dry_run. A real run is recorded as a step execution without an
 * instance (environment @environment, e.g. "manual"). The found step's id
 * goes to @step_id_out. */
gboolean cs_manual_step_run (CsDbConnection  *conn,
                             const char      *step_ref,
                             JsonObject      *inputs,
                             gboolean         dry_run,
                             const char      *environment,
                             CsStepRun       *run,
                             char           **step_id_out,
                             GError         **error);

G_END_DECLS
