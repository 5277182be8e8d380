/* cs-timing-data.c: what the bottleneck analyses read, in columns
 *
 * One array per field rather than an array of structs: a pass that needs
 * three fields of a million rows reads 24 MB, not 100, and appending a row
 * is a few stores with no allocation once the columns have grown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cs-timing-data-private.h"

G_DEFINE_BOXED_TYPE (CsTimingData, cs_timing_data, cs_timing_data_ref, cs_timing_data_unref)

static const char * const case_status_names[] = { "running", "completed", "failed", "cancelled" };

const char *
cs_case_status_to_string (CsCaseStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (case_status_names), NULL);

  return case_status_names[status];
}

gboolean
cs_case_status_from_string (const char   *text,
                            CsCaseStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (case_status_names); i++)
    if (g_str_equal (text, case_status_names[i]))
      {
        *status = (CsCaseStatus) i;
        return TRUE;
      }
  return FALSE;
}

void
cs_timing_row_init (CsTimingRow *row)
{
  g_return_if_fail (row != NULL);

  memset (row, 0, sizeof *row);
  row->status = CS_EXEC_COMPLETED;
  row->from_step = CS_TIMING_NONE;
  row->executed_by = CS_TIMING_NONE;
  row->error = CS_TIMING_NONE;
  row->outcome = CS_TIMING_NONE;
}

CsTimingData *
cs_timing_data_new (CsTimingSource source)
{
  CsTimingData *data = g_new0 (CsTimingData, 1);

  g_atomic_ref_count_init (&data->ref_count);
  data->source = source;
  data->workflows = g_ptr_array_new_with_free_func (g_object_unref);
  data->string_ids = g_hash_table_new (g_str_hash, g_str_equal);
  data->strings = g_ptr_array_new_with_free_func (g_free);
  data->step_ids = g_hash_table_new (g_str_hash, g_str_equal);
  data->steps = g_ptr_array_new_with_free_func (g_free);
  data->instance_index = g_hash_table_new (g_int64_hash, g_int64_equal);
  data->attributes = g_array_new (FALSE, FALSE, sizeof (CsTimingAttribute));
  g_mutex_init (&data->lock);
  return data;
}

CsTimingData *
cs_timing_data_ref (CsTimingData *data)
{
  g_return_val_if_fail (data != NULL, NULL);

  g_atomic_ref_count_inc (&data->ref_count);
  return data;
}

void
cs_timing_data_unref (CsTimingData *data)
{
  g_return_if_fail (data != NULL);

  if (!g_atomic_ref_count_dec (&data->ref_count))
    return;

  g_ptr_array_unref (data->workflows);
  g_free (data->workflow_key);
  g_hash_table_unref (data->string_ids);
  g_ptr_array_unref (data->strings);
  g_hash_table_unref (data->step_ids);
  g_ptr_array_unref (data->steps);
  g_hash_table_unref (data->instance_index);
  g_array_unref (data->attributes);
  g_free (data->inst_id);
  g_free (data->inst_version);
  g_free (data->inst_started);
  g_free (data->inst_completed);
  g_free (data->inst_status);
  g_free (data->inst_outcome);
  g_free (data->r_instance);
  g_free (data->r_step);
  g_free (data->r_from);
  g_free (data->r_by);
  g_free (data->r_error);
  g_free (data->r_outcome);
  g_free (data->r_retries);
  g_free (data->r_type);
  g_free (data->r_status);
  g_free (data->r_flags);
  g_free (data->r_kind);
  g_free (data->r_enqueued);
  g_free (data->r_started);
  g_free (data->r_completed);
  g_free (data->r_queue);
  g_free (data->r_validation);
  g_free (data->r_execution);
  g_free (data->r_wait);
  g_clear_pointer (&data->prepared, cs_timing_prepared_unref);
  g_mutex_clear (&data->lock);
  g_free (data);
}

CsTimingSource
cs_timing_data_get_source (CsTimingData *data)
{
  g_return_val_if_fail (data != NULL, CS_TIMING_SOURCE_ENGINE);

  return data->source;
}

static void
grow_instances (CsTimingData *data,
                guint         cap)
{
  if (cap <= data->cap_instances)
    return;
  /* The index's keys point into the id column, which is about to move. */
  g_hash_table_remove_all (data->instance_index);
  data->n_indexed = 0;
  data->cap_instances = cap;
  data->inst_id = g_renew (gint64, data->inst_id, cap);
  data->inst_version = g_renew (gint32, data->inst_version, cap);
  data->inst_started = g_renew (gint64, data->inst_started, cap);
  data->inst_completed = g_renew (gint64, data->inst_completed, cap);
  data->inst_status = g_renew (guint8, data->inst_status, cap);
  data->inst_outcome = g_renew (guint32, data->inst_outcome, cap);
}

static void
grow_rows (CsTimingData *data,
           guint         cap)
{
  if (cap <= data->cap_rows)
    return;
  data->cap_rows = cap;
  data->r_instance = g_renew (guint32, data->r_instance, cap);
  data->r_step = g_renew (guint32, data->r_step, cap);
  data->r_from = g_renew (guint32, data->r_from, cap);
  data->r_by = g_renew (guint32, data->r_by, cap);
  data->r_error = g_renew (guint32, data->r_error, cap);
  data->r_outcome = g_renew (guint32, data->r_outcome, cap);
  data->r_retries = g_renew (guint32, data->r_retries, cap);
  data->r_type = g_renew (guint8, data->r_type, cap);
  data->r_status = g_renew (guint8, data->r_status, cap);
  data->r_flags = g_renew (guint8, data->r_flags, cap);
  data->r_kind = g_renew (guint8, data->r_kind, cap);
  data->r_enqueued = g_renew (gint64, data->r_enqueued, cap);
  data->r_started = g_renew (gint64, data->r_started, cap);
  data->r_completed = g_renew (gint64, data->r_completed, cap);
  data->r_queue = g_renew (double, data->r_queue, cap);
  data->r_validation = g_renew (double, data->r_validation, cap);
  data->r_execution = g_renew (double, data->r_execution, cap);
  data->r_wait = g_renew (double, data->r_wait, cap);
}

void
cs_timing_data_reserve (CsTimingData *data,
                        guint         n_instances,
                        guint         n_rows)
{
  g_return_if_fail (data != NULL);

  grow_instances (data, data->n_instances + n_instances);
  grow_rows (data, data->n_rows + n_rows);
}

void
cs_timing_data_add_workflow (CsTimingData *data,
                             CsWorkflow   *workflow)
{
  int version;

  g_return_if_fail (data != NULL);
  g_return_if_fail (CS_IS_WORKFLOW (workflow));

  version = cs_workflow_get_version (workflow);
  for (guint i = 0; i < data->workflows->len; i++)
    if (cs_workflow_get_version (g_ptr_array_index (data->workflows, i)) == version)
      {
        g_ptr_array_remove_index (data->workflows, i);
        break;
      }
  g_ptr_array_add (data->workflows, g_object_ref (workflow));
  for (guint i = 0; i < cs_workflow_get_n_steps (workflow); i++)
    cs_timing_data_intern_step (data, cs_step_get_id (cs_workflow_get_step (workflow, i)));
}

CsWorkflow *
cs_timing_data_get_workflow (CsTimingData *data,
                             int           version)
{
  CsWorkflow *best = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  for (guint i = 0; i < data->workflows->len; i++)
    {
      CsWorkflow *workflow = g_ptr_array_index (data->workflows, i);
      int v = cs_workflow_get_version (workflow);

      if (version > 0 ? v == version : (best == NULL || v > cs_workflow_get_version (best)))
        best = workflow;
    }
  return best;
}

void
cs_timing_data_set_workflow_key (CsTimingData *data,
                                 const char   *key)
{
  g_return_if_fail (data != NULL);

  g_free (data->workflow_key);
  data->workflow_key = g_strdup (key);
}

const char *
cs_timing_data_get_workflow_key (CsTimingData *data)
{
  g_return_val_if_fail (data != NULL, NULL);

  if (data->workflow_key != NULL)
    return data->workflow_key;
  if (data->workflows->len > 0)
    return cs_workflow_get_key (g_ptr_array_index (data->workflows, 0));
  return "";
}

static guint32
intern_in (GHashTable *ids,
           GPtrArray  *strings,
           const char *text)
{
  gpointer found;
  char *copy;

  if (text == NULL)
    return CS_TIMING_NONE;
  found = g_hash_table_lookup (ids, text);
  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  copy = g_strdup (text);
  g_ptr_array_add (strings, copy);
  g_hash_table_insert (ids, copy, GUINT_TO_POINTER (strings->len));
  return strings->len - 1;
}

guint32
cs_timing_data_intern (CsTimingData *data,
                       const char   *text)
{
  g_return_val_if_fail (data != NULL, CS_TIMING_NONE);

  return intern_in (data->string_ids, data->strings, text);
}

const char *
cs_timing_data_lookup (CsTimingData *data,
                       guint32       id)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (id == CS_TIMING_NONE || id < data->strings->len, NULL);

  return id == CS_TIMING_NONE ? NULL : g_ptr_array_index (data->strings, id);
}

guint32
cs_timing_data_intern_step (CsTimingData *data,
                            const char   *step_id)
{
  g_return_val_if_fail (data != NULL, CS_TIMING_NONE);

  return intern_in (data->step_ids, data->steps, step_id);
}

guint32
cs_timing_data_find_step (CsTimingData *data,
                          const char   *step_id)
{
  gpointer found;

  g_return_val_if_fail (data != NULL, CS_TIMING_NONE);

  found = step_id != NULL ? g_hash_table_lookup (data->step_ids, step_id) : NULL;
  return found != NULL ? GPOINTER_TO_UINT (found) - 1 : CS_TIMING_NONE;
}

guint
cs_timing_data_get_n_steps (CsTimingData *data)
{
  g_return_val_if_fail (data != NULL, 0);

  return data->steps->len;
}

const char *
cs_timing_data_get_step_id (CsTimingData *data,
                            guint32       step)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (step < data->steps->len, NULL);

  return g_ptr_array_index (data->steps, step);
}

guint32
cs_timing_data_add_instance (CsTimingData *data,
                             gint64        id,
                             int           version,
                             gint64        started_at,
                             gint64        completed_at,
                             CsCaseStatus  status,
                             guint32       outcome)
{
  guint32 i;

  g_return_val_if_fail (data != NULL, CS_TIMING_NONE);
  g_return_val_if_fail (status <= CS_CASE_CANCELLED, CS_TIMING_NONE);
  g_return_val_if_fail (data->n_instances < G_MAXUINT32 - 1, CS_TIMING_NONE);

  if (data->n_instances == data->cap_instances)
    grow_instances (data, MAX (64, 2 * data->cap_instances));
  i = data->n_instances++;
  data->inst_id[i] = id;
  data->inst_version[i] = version;
  data->inst_started[i] = started_at;
  data->inst_completed[i] = completed_at;
  data->inst_status[i] = status;
  data->inst_outcome[i] = outcome;
  return i;
}

guint32
cs_timing_data_find_instance (CsTimingData *data,
                              gint64        id)
{
  gpointer found;

  g_return_val_if_fail (data != NULL, CS_TIMING_NONE);

  /* Indexed lazily: a store that passes indices never pays for the table.
   * Analyses on several threads may look up at once. */
  g_mutex_lock (&data->lock);
  for (; data->n_indexed < data->n_instances; data->n_indexed++)
    g_hash_table_insert (data->instance_index, &data->inst_id[data->n_indexed],
                         GUINT_TO_POINTER (data->n_indexed + 1));
  found = g_hash_table_lookup (data->instance_index, &id);
  g_mutex_unlock (&data->lock);
  return found != NULL ? GPOINTER_TO_UINT (found) - 1 : CS_TIMING_NONE;
}

guint
cs_timing_data_get_n_instances (CsTimingData *data)
{
  g_return_val_if_fail (data != NULL, 0);

  return data->n_instances;
}

gint64
cs_timing_data_get_instance_id (CsTimingData *data,
                                guint32       instance)
{
  g_return_val_if_fail (data != NULL, 0);
  g_return_val_if_fail (instance < data->n_instances, 0);

  return data->inst_id[instance];
}

void
cs_timing_data_set_attribute (CsTimingData *data,
                              guint32       instance,
                              guint32       key,
                              guint32       value)
{
  CsTimingAttribute attribute = { instance, key, value };

  g_return_if_fail (data != NULL);
  g_return_if_fail (instance < data->n_instances);
  g_return_if_fail (key < data->strings->len && value < data->strings->len);

  g_array_append_val (data->attributes, attribute);
}

guint32
cs_timing_data_append_row (CsTimingData      *data,
                           const CsTimingRow *row,
                           guint8             kind)
{
  guint32 r;

  if (data->n_rows == data->cap_rows)
    grow_rows (data, MAX (256, 2 * data->cap_rows));
  r = data->n_rows++;
  data->r_instance[r] = row->instance;
  data->r_step[r] = row->step;
  data->r_from[r] = row->from_step;
  data->r_by[r] = row->executed_by;
  data->r_error[r] = row->error;
  data->r_outcome[r] = row->outcome;
  data->r_retries[r] = row->retry_count;
  data->r_type[r] = row->step_type;
  data->r_status[r] = row->status;
  data->r_flags[r] = (row->waiting_for_approval ? ROW_FLAG_APPROVAL : 0) |
                     (row->waiting_for_external ? ROW_FLAG_EXTERNAL : 0);
  data->r_kind[r] = kind;
  data->r_enqueued[r] = row->enqueued_at;
  data->r_started[r] = row->started_at;
  data->r_completed[r] = row->completed_at;
  data->r_queue[r] = row->queue_time_ms;
  data->r_validation[r] = row->validation_time_ms;
  data->r_execution[r] = row->execution_time_ms;
  data->r_wait[r] = row->wait_time_ms;
  return r;
}

void
cs_timing_data_append (CsTimingData      *data,
                       const CsTimingRow *row)
{
  g_return_if_fail (data != NULL);
  g_return_if_fail (row != NULL);
  g_return_if_fail (row->instance < data->n_instances);
  g_return_if_fail (row->step < data->steps->len);
  g_return_if_fail (row->from_step == CS_TIMING_NONE || row->from_step < data->steps->len);

  cs_timing_data_append_row (data, row, ROW_EXECUTION);
}

guint
cs_timing_data_get_n_rows (CsTimingData *data)
{
  g_return_val_if_fail (data != NULL, 0);

  return data->n_rows;
}
