/* cs-history.h: simulated history for demos, benchmarks and what-if questions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/cs-simulator.h"
#include "cs-db-connection.h"

G_BEGIN_DECLS

typedef struct
{
  const char * const *workflow_keys;  /* NULL: every published workflow of the tenant */
  guint               days;           /* the period, ending now */
  guint64             seed;
  double              arrival_factor; /* 0 or 1: each profile's own rate */
  gboolean            drain;          /* let every instance finish */
  CsSimOutputs        outputs;
  CsSimOverrides     *overrides;
  const char         *timezone;       /* NULL: the tenant's */
} CsHistoryOptions;

/* Simulates the tenant's workflows for @options->days up to now and writes
 * the instances and step executions (environment "simulation") in one
 * transaction. The simulator is handed back for its summary
 * (cs_simulator_get_summary ()). */
gboolean cs_history_simulate (CsDbConnection          *conn,
                              const CsHistoryOptions  *options,
                              guint64                 *n_instances,
                              guint64                 *n_records,
                              CsSimulator            **simulator_out,
                              GCancellable            *cancellable,
                              GError                 **error);

G_END_DECLS
