/* cs-sim-writer.h: a simulated history, written to PostgreSQL with COPY
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/cs-simulator.h"
#include "cs-db-connection.h"

G_BEGIN_DECLS

#define CS_TYPE_SIM_WRITER (cs_sim_writer_get_type ())

G_DECLARE_FINAL_TYPE (CsSimWriter, cs_sim_writer, CS, SIM_WRITER, GObject)

/* Writes into the session's tenant (its connection must have one). The
 * whole simulation is one transaction: committed by finish, or nothing. */
CsSimWriter *cs_sim_writer_new            (CsDbConnection  *conn);
/* The published version the simulated instances belong to. */
gboolean     cs_sim_writer_add_workflow   (CsSimWriter     *self,
                                           CsWorkflow      *workflow,
                                           const char      *workflow_id,
                                           const char      *version_id,
                                           GError         **error);
gboolean     cs_sim_writer_begin          (CsSimWriter     *self,
                                           GError         **error);
/* The simulator's callbacks (user data: the writer). */
void         cs_sim_writer_on_instance    (const CsSimInstance *instance,
                                           gpointer             user_data);
void         cs_sim_writer_on_record      (const CsStepRecord  *record,
                                           gpointer             user_data);
/* Flushes, opens approval tasks for approvals still waiting (so officers
 * and the engine carry on), and commits. */
gboolean     cs_sim_writer_finish         (CsSimWriter     *self,
                                           GError         **error);
void         cs_sim_writer_abort          (CsSimWriter     *self);
GError      *cs_sim_writer_take_error     (CsSimWriter     *self);
GCancellable *cs_sim_writer_get_cancellable (CsSimWriter   *self);
guint64      cs_sim_writer_get_n_instances (CsSimWriter    *self);
guint64      cs_sim_writer_get_n_records   (CsSimWriter    *self);

G_END_DECLS
