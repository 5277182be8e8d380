/* cs-monitoring.h: /metrics and /ready of civicstream-cli serve
 *
 * /metrics answers in the Prometheus text format (version 0.0.4): the HTTP
 * server's own counters and latency histograms, what each part of the
 * process registers (worker batches, engine steps, Open311 commits…), and
 * totals the database keeps across tenants (queues, open approvals, the
 * scheduled jobs' durations). /ready says whether the server should get
 * traffic: the database answers and every registered part is running.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-http-server.h"

G_BEGIN_DECLS

#define CS_TYPE_MONITORING (cs_monitoring_get_type ())

G_DECLARE_FINAL_TYPE (CsMonitoring, cs_monitoring, CS, MONITORING, GObject)

/* Appends metric families to @out; runs on a request thread. */
typedef void     (*CsMetricsCollector) (CsMetricsWriter *writer,
                                        gpointer         user_data);
/* FALSE with a reason in @why when the part cannot do its work. */
typedef gboolean (*CsReadinessCheck)   (gpointer         user_data,
                                        char           **why);

CsMonitoring *cs_monitoring_new             (CsHttpServer      *server);
void          cs_monitoring_add_collector   (CsMonitoring      *self,
                                             CsMetricsCollector collector,
                                             gpointer           user_data,
                                             GDestroyNotify     destroy);
void          cs_monitoring_add_readiness   (CsMonitoring      *self,
                                             const char        *name,
                                             CsReadinessCheck   check,
                                             gpointer           user_data,
                                             GDestroyNotify     destroy);
/* Serves GET /metrics and GET /ready on the server given to new(). */
void          cs_monitoring_add_routes      (CsMonitoring      *self);

G_END_DECLS
