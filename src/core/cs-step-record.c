/* cs-step-record.c: what one execution of one step leaves behind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-step-record.h"

static const char *status_names[] = {
  "pending", "running", "waiting", "completed", "failed", "skipped", "cancelled",
};

const char *
cs_exec_status_to_string (CsExecStatus status)
{
  g_return_val_if_fail (status <= CS_EXEC_CANCELLED, NULL);
  return status_names[status];
}

gboolean
cs_exec_status_from_string (const char   *text,
                            CsExecStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (text, status_names[i]) == 0)
      {
        *status = (CsExecStatus) i;
        return TRUE;
      }
  return FALSE;
}

CsStepRecord *
cs_step_record_new (void)
{
  return g_new0 (CsStepRecord, 1);
}

void
cs_step_record_free (CsStepRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->step_id);
  g_free (record->outcome);
  g_free (record->from_step);
  g_free (record->executed_by);
  g_free (record->environment);
  g_free (record->error);
  g_free (record);
}

CsStepRecord *
cs_step_record_copy (const CsStepRecord *record)
{
  CsStepRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_memdup2 (record, sizeof *record);
  copy->step_id = g_strdup (record->step_id);
  copy->outcome = g_strdup (record->outcome);
  copy->from_step = g_strdup (record->from_step);
  copy->executed_by = g_strdup (record->executed_by);
  copy->environment = g_strdup (record->environment);
  copy->error = g_strdup (record->error);
  return copy;
}
