/* cs-monitoring.c: /metrics and /ready of civicstream-cli serve
 *
 * Both answer on a request thread with that thread's connection. The
 * database's totals come from cs_metrics() (data/sql/0011_monitoring.sql),
 * which counts across tenants without showing any tenant's rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-monitoring.h"

typedef struct
{
  char              *name;
  CsMetricsCollector collect;
  CsReadinessCheck   check;
  gpointer           user_data;
  GDestroyNotify     destroy;
} Part;

struct _CsMonitoring
{
  GObject       parent_instance;

  CsHttpServer *server;       /* not owned: it owns our routes */
  GPtrArray    *collectors;   /* of Part */
  GPtrArray    *checks;       /* of Part */
  gint64        started;      /* real time µs */
};

G_DEFINE_FINAL_TYPE (CsMonitoring, cs_monitoring, G_TYPE_OBJECT)

/* What the database's metrics mean. */
static const struct { const char *name; const char *type; const char *help; } db_families[] = {
  { "civicstream_reports_waiting", "gauge", "Citizens' reports received and not yet classified and deduplicated." },
  { "civicstream_steps_runnable", "gauge", "Workflow steps waiting for a worker." },
  { "civicstream_steps_running", "gauge", "Workflow steps a worker holds (integrations under way)." },
  { "civicstream_approvals_open", "gauge", "Approval tasks waiting for people." },
  { "civicstream_job_duration_seconds", "gauge", "How long the last successful run of each scheduled job took." },
  { "civicstream_job_last_success_age_seconds", "gauge", "Time since each scheduled job last succeeded." },
  { "civicstream_job_failures_total", "counter", "Failed runs of each scheduled job." },
};

static void
part_free (Part *part)
{
  if (part->destroy != NULL)
    part->destroy (part->user_data);
  g_free (part->name);
  g_free (part);
}

static void
cs_monitoring_finalize (GObject *object)
{
  CsMonitoring *self = CS_MONITORING (object);

  g_ptr_array_unref (self->collectors);
  g_ptr_array_unref (self->checks);
  G_OBJECT_CLASS (cs_monitoring_parent_class)->finalize (object);
}

static void
cs_monitoring_class_init (CsMonitoringClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_monitoring_finalize;
}

static void
cs_monitoring_init (CsMonitoring *self)
{
  self->collectors = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
  self->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
  self->started = g_get_real_time ();
}

CsMonitoring *
cs_monitoring_new (CsHttpServer *server)
{
  CsMonitoring *self;

  g_return_val_if_fail (CS_IS_HTTP_SERVER (server), NULL);

  self = g_object_new (CS_TYPE_MONITORING, NULL);
  self->server = server;
  return self;
}

void
cs_monitoring_add_collector (CsMonitoring      *self,
                             CsMetricsCollector collector,
                             gpointer           user_data,
                             GDestroyNotify     destroy)
{
  Part *part;

  g_return_if_fail (CS_IS_MONITORING (self));
  g_return_if_fail (collector != NULL);

  part = g_new0 (Part, 1);
  part->collect = collector;
  part->user_data = user_data;
  part->destroy = destroy;
  g_ptr_array_add (self->collectors, part);
}

void
cs_monitoring_add_readiness (CsMonitoring     *self,
                             const char       *name,
                             CsReadinessCheck  check,
                             gpointer          user_data,
                             GDestroyNotify    destroy)
{
  Part *part;

  g_return_if_fail (CS_IS_MONITORING (self));
  g_return_if_fail (name != NULL && check != NULL);

  part = g_new0 (Part, 1);
  part->name = g_strdup (name);
  part->check = check;
  part->user_data = user_data;
  part->destroy = destroy;
  g_ptr_array_add (self->checks, part);
}

static void
collect_database (CsMetricsWriter *writer,
                  CsDbConnection  *conn)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) rows = NULL;

  if (conn != NULL)
    rows = cs_db_connection_exec (conn, "SELECT metric, labels, value FROM cs_metrics ()", 0, NULL, &error);

  cs_metrics_writer_family (writer, "civicstream_database_up", "gauge",
                            "Whether the database answered this scrape's queries.");
  cs_metrics_writer_sample (writer, "civicstream_database_up", NULL, rows != NULL ? 1 : 0, NULL);
  if (rows == NULL)
    {
      g_debug ("Database metrics: %s", error ? error->message : "no connection");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (db_families); i++)
    cs_metrics_writer_family (writer, db_families[i].name, db_families[i].type, db_families[i].help);
  for (int row = 0; row < PQntuples (rows); row++)
    cs_metrics_writer_sample_raw (writer, PQgetvalue (rows, row, 0), NULL, PQgetvalue (rows, row, 1),
                                  g_ascii_strtod (PQgetvalue (rows, row, 2), NULL));
}

static void
metrics (CsHttpRequest *request,
         gpointer       user_data)
{
  CsMonitoring *self = user_data;
  g_autoptr(CsMetricsWriter) writer = cs_metrics_writer_new ();
  g_autofree char *text = NULL;

  cs_metrics_writer_family (writer, "civicstream_build_info", "gauge", "The version serving; always 1.");
  cs_metrics_writer_sample (writer, "civicstream_build_info", NULL, 1, "version", PACKAGE_VERSION, NULL);
  cs_metrics_writer_family (writer, "civicstream_start_time_seconds", "gauge", "When this server started (Unix time).");
  cs_metrics_writer_sample (writer, "civicstream_start_time_seconds", NULL, self->started / (double) G_USEC_PER_SEC, NULL);

  cs_http_server_write_metrics (self->server, writer);
  for (guint i = 0; i < self->collectors->len; i++)
    {
      Part *part = g_ptr_array_index (self->collectors, i);
      part->collect (writer, part->user_data);
    }
  collect_database (writer, cs_http_request_get_connection (request));

  text = cs_metrics_writer_free_to_string (g_steal_pointer (&writer));
  cs_http_request_respond_text (request, SOUP_STATUS_OK, "text/plain; version=0.0.4; charset=utf-8", text);
}

static void
ready (CsHttpRequest *request,
       gpointer       user_data)
{
  CsMonitoring *self = user_data;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  CsDbConnection *conn = cs_http_request_get_connection (request);
  g_autofree char *answer = conn != NULL ? cs_db_connection_query_value (conn, "SELECT 1", 0, NULL, &error) : NULL;
  gboolean all_ready = answer != NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "checks");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "database");
  json_builder_add_string_value (b, answer != NULL ? "ok"
                                   : error != NULL ? error->message : _("cannot connect to the database"));
  for (guint i = 0; i < self->checks->len; i++)
    {
      Part *part = g_ptr_array_index (self->checks, i);
      g_autofree char *why = NULL;
      gboolean ok = part->check (part->user_data, &why);

      json_builder_set_member_name (b, part->name);
      json_builder_add_string_value (b, ok ? "ok" : (why ? why : _("not running")));
      all_ready &= ok;
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, all_ready ? "ready" : "not ready");
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  cs_http_request_respond_json (request, all_ready ? SOUP_STATUS_OK : SOUP_STATUS_SERVICE_UNAVAILABLE, node);
}

void
cs_monitoring_add_routes (CsMonitoring *self)
{
  g_return_if_fail (CS_IS_MONITORING (self));

  cs_http_server_add_monitoring_route (self->server, "GET", "/metrics", metrics, self);
  cs_http_server_add_monitoring_route (self->server, "GET", "/ready", ready, self);
}
