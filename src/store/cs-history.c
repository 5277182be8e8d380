/* cs-history.c: simulated history for demos, benchmarks and what-if questions
 *
 * The simulator runs the tenant's published workflows with their simulation
 * profiles over a period that ends now, and the writer stores what it
 * produces as if the engine had run it: the same tables, the same records,
 * marked "simulation". A first-time user sees weeks of realistic activity;
 * the benchmarks get a million step executions in seconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "cs-history.h"
#include "cs-sim-writer.h"
#include "cs-workflow-repo.h"

static void
forward_cancel (GCancellable *cancellable,
                gpointer      target)
{
  g_cancellable_cancel (G_CANCELLABLE (target));
}

gboolean
cs_history_simulate (CsDbConnection          *conn,
                     const CsHistoryOptions  *options,
                     guint64                 *n_instances,
                     guint64                 *n_records,
                     CsSimulator            **simulator_out,
                     GCancellable            *cancellable,
                     GError                 **error)
{
  g_autoptr(CsSimulator) sim = NULL;
  g_autoptr(CsSimWriter) writer = NULL;
  g_autoptr(PGresult) published = NULL;
  g_autoptr(PGresult) areas = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GPtrArray) area_names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *timezone = NULL;
  gulong cancel_handler = 0;
  guint added = 0;
  gboolean ok;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), FALSE);
  g_return_val_if_fail (options != NULL && options->days > 0, FALSE);

  timezone = options->timezone ? g_strdup (options->timezone)
             : cs_db_connection_query_value (conn, "SELECT timezone FROM tenants WHERE id = cs_current_tenant ()",
                                             0, NULL, error);
  if (timezone == NULL)
    return FALSE;
  tz = g_time_zone_new_identifier (timezone);
  if (tz == NULL)
    tz = g_time_zone_new_utc ();

  published = cs_db_connection_exec (conn,
    "SELECT w.key, w.id, v.id FROM workflows w JOIN workflow_versions v ON v.workflow_id = w.id"
    " WHERE v.status = 'published' AND NOT w.observed ORDER BY w.key", 0, NULL, error);
  areas = cs_db_connection_exec (conn, "SELECT name FROM areas ORDER BY name", 0, NULL, error);
  if (published == NULL || areas == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (areas); i++)
    g_ptr_array_add (area_names, g_strdup (PQgetvalue (areas, i, 0)));
  g_ptr_array_add (area_names, NULL);

  sim = cs_simulator_new (options->seed);
  writer = cs_sim_writer_new (conn);
  now = g_date_time_new_now (tz);
  start = g_date_time_add_days (now, -(int) options->days);
  cs_simulator_set_start (sim, start);
  cs_simulator_set_duration (sim, (GTimeSpan) options->days * G_TIME_SPAN_DAY);
  cs_simulator_set_timezone (sim, tz);
  cs_simulator_set_drain (sim, options->drain);
  cs_simulator_set_outputs (sim, options->outputs);
  if (area_names->len > 1)
    cs_simulator_set_areas (sim, (const char * const *) area_names->pdata);
  if (options->overrides != NULL)
    cs_simulator_set_overrides (sim, options->overrides);

  for (int i = 0; i < PQntuples (published); i++)
    {
      const char *key = PQgetvalue (published, i, 0);
      g_autoptr(CsWorkflow) workflow = NULL;

      if (options->workflow_keys != NULL && !g_strv_contains (options->workflow_keys, key))
        continue;
      if (!(workflow = cs_workflow_repo_load (conn, PQgetvalue (published, i, 2), NULL, error))
          || !cs_simulator_add_workflow (sim, workflow, -1, error)
          || !cs_sim_writer_add_workflow (writer, workflow, PQgetvalue (published, i, 1),
                                          PQgetvalue (published, i, 2), error))
        return FALSE;
      added++;
    }
  if (added == 0)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_NOT_FOUND,
                           options->workflow_keys ? _("None of those workflows has a published version")
                                                  : _("The tenant has no published workflow to simulate"));
      return FALSE;
    }
  if (options->arrival_factor > 0 && options->arrival_factor != 1.0)
    {
      g_autoptr(CsSimOverrides) factor = options->overrides ? cs_sim_overrides_ref (options->overrides)
                                                            : cs_sim_overrides_new ();
      for (int i = 0; i < PQntuples (published); i++)
        cs_sim_overrides_set_arrival_factor (factor, PQgetvalue (published, i, 0), options->arrival_factor);
      cs_simulator_set_overrides (sim, factor);
    }

  if (!cs_sim_writer_begin (writer, error))
    return FALSE;
  if (cancellable != NULL)
    cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel),
                                            cs_sim_writer_get_cancellable (writer), NULL);
  ok = cs_simulator_run (sim, cs_sim_writer_on_instance, cs_sim_writer_on_record, writer,
                         cs_sim_writer_get_cancellable (writer), error);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, cancel_handler);

  /* A writer failure cancels the run: then the writer's error says why. */
  if (!ok)
    {
      g_autoptr(GError) writer_error = cs_sim_writer_take_error (writer);

      cs_sim_writer_abort (writer);
      if (writer_error != NULL && (cancellable == NULL || !g_cancellable_is_cancelled (cancellable)))
        {
          g_clear_error (error);
          g_propagate_error (error, g_steal_pointer (&writer_error));
        }
      return FALSE;
    }
  if (!cs_sim_writer_finish (writer, error))
    return FALSE;

  if (n_instances != NULL)
    *n_instances = cs_sim_writer_get_n_instances (writer);
  if (n_records != NULL)
    *n_records = cs_sim_writer_get_n_records (writer);
  if (simulator_out != NULL)
    *simulator_out = g_steal_pointer (&sim);
  return TRUE;
}
