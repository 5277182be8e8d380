/* cs-alert-state.h: where each alert rule and group stands, between evaluations
 *
 * Rules are evaluated as pure functions: cs_alert_rule_evaluate() takes the
 * previous state and returns the next, so the worker can persist it (JSON)
 * and any desktop or server that takes over the job carries on where the
 * last one stopped, without firing twice. A state is immutable once
 * shared; cs_alert_state_copy() gives one to change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "cs-alert-firing.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean active;         /* the condition held at the last evaluation */
  gint64   active_since;   /* when this episode began */
  int      level;          /* the level fired in this episode, or CS_ALERT_LEVEL_NONE */
  gint64   fired_at;       /* the last firing of any episode; G_MININT64 if never */
  gint64   level_since;    /* the last firing of this episode: escalation counts from it */
} CsAlertGroupState;

typedef struct _CsAlertState CsAlertState;

#define CS_TYPE_ALERT_STATE (cs_alert_state_get_type ())
GType          cs_alert_state_get_type     (void) G_GNUC_CONST;

CsAlertState  *cs_alert_state_new          (void);
CsAlertState  *cs_alert_state_ref          (CsAlertState            *state);
void           cs_alert_state_unref        (CsAlertState            *state);
/* A new state with the same entries, to change before sharing it. */
CsAlertState  *cs_alert_state_copy         (CsAlertState            *state);

/* FALSE (and @group_state cleared: inactive, never fired) when unknown. */
gboolean       cs_alert_state_lookup       (CsAlertState            *state,
                                            const char              *rule_id,
                                            const char              *group,
                                            CsAlertGroupState       *group_state);
void           cs_alert_state_set          (CsAlertState            *state,
                                            const char              *rule_id,
                                            const char              *group,
                                            const CsAlertGroupState *group_state);
void           cs_alert_state_remove       (CsAlertState            *state,
                                            const char              *rule_id,
                                            const char              *group);
/* Drops every group of @rule_id (a deleted or disabled rule). */
void           cs_alert_state_forget_rule  (CsAlertState            *state,
                                            const char              *rule_id);
/* The groups of @rule_id held, sorted (strcmp()). */
GStrv          cs_alert_state_dup_groups   (CsAlertState            *state,
                                            const char              *rule_id);
guint          cs_alert_state_get_size     (CsAlertState            *state);

/* An array of { "rule_id", "group", "active", "active_since", "level",
 * "fired_at", "level_since" }, instants as integer microseconds. */
JsonNode      *cs_alert_state_to_json      (CsAlertState            *state);
CsAlertState  *cs_alert_state_new_from_json (JsonNode               *node,
                                             GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsAlertState, cs_alert_state_unref)

G_END_DECLS
