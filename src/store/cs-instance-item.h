/* cs-instance-item.h: one workflow instance, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CS_TYPE_INSTANCE_ITEM (cs_instance_item_get_type ())

G_DECLARE_FINAL_TYPE (CsInstanceItem, cs_instance_item, CS, INSTANCE_ITEM, GObject)

/* Times are microseconds since the Unix epoch (0 = not yet); the duration is
 * in milliseconds, up to now for an instance still running. Properties of
 * the same names as the getters, all set at construction. */
gint64      cs_instance_item_get_id            (CsInstanceItem *self);
const char *cs_instance_item_get_workflow_id   (CsInstanceItem *self);
int         cs_instance_item_get_version       (CsInstanceItem *self);
const char *cs_instance_item_get_subject       (CsInstanceItem *self);
/* "running", "completed", "failed", "cancelled" */
const char *cs_instance_item_get_status        (CsInstanceItem *self);
/* "SUCCESS", "REJECTED", "FAILED", "CANCELLED" or "" while running */
const char *cs_instance_item_get_outcome       (CsInstanceItem *self);
/* The names of the steps it is at, comma-separated. */
const char *cs_instance_item_get_current_steps (CsInstanceItem *self);
gint64      cs_instance_item_get_started_at    (CsInstanceItem *self);
gint64      cs_instance_item_get_completed_at  (CsInstanceItem *self);
double      cs_instance_item_get_duration_ms   (CsInstanceItem *self);
const char *cs_instance_item_get_error         (CsInstanceItem *self);

G_END_DECLS
