/* cs-timing-data-import.c: filling the columns from records, simulations and logs
 *
 * Conveniences over cs_timing_data_append(): the simulator's instances and
 * records (the same shape the engine writes), an event log's lifecycle
 * events and activities, and the ISO 8601 times such logs carry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-timing-data-private.h"

guint32
cs_timing_data_add_sim_instance (CsTimingData        *data,
                                 const CsSimInstance *instance)
{
  CsCaseStatus status = CS_CASE_RUNNING;
  guint32 outcome = CS_TIMING_NONE, i;
  const char * const keys[] = { "channel", "area", "category" };
  const char *values[] = { instance->channel, instance->area, instance->category };

  g_return_val_if_fail (data != NULL, CS_TIMING_NONE);
  g_return_val_if_fail (instance != NULL, CS_TIMING_NONE);

  /* As the simulator's writer stores them (docs/simulator.md). */
  if (instance->finished && instance->error != NULL)
    {
      status = CS_CASE_FAILED;
      outcome = cs_timing_data_intern (data, "FAILED");
    }
  else if (instance->finished)
    {
      g_autofree char *upper = g_ascii_strup (cs_terminal_status_to_string (instance->status), -1);

      status = instance->status == CS_TERMINAL_CANCELLED ? CS_CASE_CANCELLED : CS_CASE_COMPLETED;
      outcome = cs_timing_data_intern (data, upper);
    }
  i = cs_timing_data_add_instance (data, instance->index, instance->workflow_version, instance->started_at,
                                   instance->finished ? instance->completed_at : 0, status, outcome);
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    if (values[k] != NULL)
      cs_timing_data_set_attribute (data, i, cs_timing_data_intern (data, keys[k]),
                                    cs_timing_data_intern (data, values[k]));
  return i;
}

gboolean
cs_timing_data_add_record (CsTimingData       *data,
                           const CsStepRecord *record,
                           GError            **error)
{
  CsTimingRow row;
  guint32 instance;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (record != NULL && record->step_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Records follow their instance: try the last one before the table. */
  if (data->n_instances > 0 && data->inst_id[data->n_instances - 1] == record->instance_id)
    instance = data->n_instances - 1;
  else
    instance = cs_timing_data_find_instance (data, record->instance_id);
  if (instance == CS_TIMING_NONE)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND,
                   _("The execution of step %s names instance %" G_GINT64_FORMAT ", which was not added"),
                   record->step_id, record->instance_id);
      return FALSE;
    }

  cs_timing_row_init (&row);
  row.instance = instance;
  row.step = cs_timing_data_intern_step (data, record->step_id);
  row.step_type = record->step_type;
  row.status = record->status;
  row.from_step = cs_timing_data_intern_step (data, record->from_step);
  row.enqueued_at = record->enqueued_at;
  row.started_at = record->started_at;
  row.completed_at = record->completed_at;
  row.queue_time_ms = record->queue_time_ms;
  row.validation_time_ms = record->validation_time_ms;
  row.execution_time_ms = record->execution_time_ms;
  row.wait_time_ms = record->wait_time_ms;
  row.retry_count = record->retry_count;
  row.waiting_for_approval = record->waiting_for_approval;
  row.waiting_for_external = record->waiting_for_external;
  row.executed_by = cs_timing_data_intern (data, record->executed_by);
  row.error = cs_timing_data_intern (data, record->error);
  row.outcome = cs_timing_data_intern (data, record->outcome);
  cs_timing_data_append_row (data, &row, ROW_EXECUTION);
  return TRUE;
}

static void
append_event (CsTimingData *data,
              guint32       instance,
              guint32       activity,
              gint64        started_at,
              gint64        completed_at,
              guint32       resource,
              guint8        kind)
{
  CsTimingRow row;

  cs_timing_row_init (&row);
  row.instance = instance;
  row.step = activity;
  row.step_type = CS_STEP_ACTION;
  row.status = kind == ROW_EVENT_START ? CS_EXEC_RUNNING : CS_EXEC_COMPLETED;
  row.started_at = started_at;
  row.completed_at = completed_at;
  row.executed_by = resource;
  cs_timing_data_append_row (data, &row, kind);
}

void
cs_timing_data_add_event (CsTimingData     *data,
                          guint32           instance,
                          guint32           activity,
                          CsEventLifecycle  lifecycle,
                          gint64            timestamp,
                          guint32           resource)
{
  g_return_if_fail (data != NULL);
  g_return_if_fail (instance < data->n_instances);
  g_return_if_fail (activity < data->steps->len);
  g_return_if_fail (resource == CS_TIMING_NONE || resource < data->strings->len);

  if (lifecycle == CS_EVENT_START)
    append_event (data, instance, activity, timestamp, 0, resource, ROW_EVENT_START);
  else
    append_event (data, instance, activity, 0, timestamp, resource, ROW_EVENT_COMPLETE);
}

void
cs_timing_data_add_activity (CsTimingData *data,
                             guint32       instance,
                             guint32       activity,
                             gint64        started_at,
                             gint64        completed_at,
                             guint32       resource)
{
  g_return_if_fail (data != NULL);
  g_return_if_fail (instance < data->n_instances);
  g_return_if_fail (activity < data->steps->len);
  g_return_if_fail (resource == CS_TIMING_NONE || resource < data->strings->len);
  g_return_if_fail (completed_at > 0);

  append_event (data, instance, activity, started_at, completed_at, resource, ROW_ACTIVITY);
}

gboolean
cs_timing_parse_time (const char  *text,
                      GTimeZone   *local_tz,
                      gint64      *out_us,
                      GError     **error)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (out_us != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (local_tz == NULL)
    local_tz = utc = g_time_zone_new_utc ();
  if (text != NULL)
    dt = g_date_time_new_from_iso8601 (text, local_tz);
  if (dt == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                   _("“%s” is not an ISO 8601 date and time such as 2026-10-25T02:30:00+01:00"),
                   text != NULL ? text : "");
      return FALSE;
    }
  *out_us = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}
