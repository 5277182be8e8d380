/* cs-step-execution-item.h: one execution of one step, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CS_TYPE_STEP_EXECUTION_ITEM (cs_step_execution_item_get_type ())

G_DECLARE_FINAL_TYPE (CsStepExecutionItem, cs_step_execution_item, CS, STEP_EXECUTION_ITEM, GObject)

/* Times are microseconds since the Unix epoch (0 = not yet); durations are
 * milliseconds (-1 = not measured). Properties of the same names as the
 * getters, all set at construction. */
gint64      cs_step_execution_item_get_id             (CsStepExecutionItem *self);
gint64      cs_step_execution_item_get_instance_id    (CsStepExecutionItem *self);
const char *cs_step_execution_item_get_step_id        (CsStepExecutionItem *self);
const char *cs_step_execution_item_get_step_name      (CsStepExecutionItem *self);
const char *cs_step_execution_item_get_step_type      (CsStepExecutionItem *self);
const char *cs_step_execution_item_get_status         (CsStepExecutionItem *self);
gint64      cs_step_execution_item_get_enqueued_at    (CsStepExecutionItem *self);
gint64      cs_step_execution_item_get_started_at     (CsStepExecutionItem *self);
gint64      cs_step_execution_item_get_completed_at   (CsStepExecutionItem *self);
double      cs_step_execution_item_get_queue_ms       (CsStepExecutionItem *self);
double      cs_step_execution_item_get_validation_ms  (CsStepExecutionItem *self);
double      cs_step_execution_item_get_execution_ms   (CsStepExecutionItem *self);
double      cs_step_execution_item_get_wait_ms        (CsStepExecutionItem *self);
guint       cs_step_execution_item_get_retry_count    (CsStepExecutionItem *self);
const char *cs_step_execution_item_get_executed_by    (CsStepExecutionItem *self);
const char *cs_step_execution_item_get_outcome        (CsStepExecutionItem *self);
const char *cs_step_execution_item_get_error          (CsStepExecutionItem *self);

G_END_DECLS
