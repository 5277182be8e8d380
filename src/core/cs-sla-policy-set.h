/* cs-sla-policy-set.h: a tenant's SLA policies, every version, and which one applies
 *
 * The policy for an issue is found from its category, severity and creation
 * time, trying in turn:
 *
 *   1. the category and the severity,
 *   2. the category with any severity,
 *   3. any category with the severity,
 *   4. the tenant default (any category, any severity).
 *
 * At each step the version in force at the creation counts: the one
 * with the latest valid_from at or before created_at. A change therefore
 * applies to issues opened after it, never to the ones already open. If
 * that version is retired, or the key has no version yet, the next step is
 * tried. NULL when nothing applies.
 *
 * Fill a set (cs_sla_policy_set_add() or cs_sla_policy_set_new_from_json()),
 * then share it: lookups only read and may run in any number of threads.
 * A configuration that does not load returns NULL and an error, so the
 * caller keeps the previous set in force.
 *
 * JSON form: an array of policies as in cs-sla-policy.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "cs-sla-policy.h"

G_BEGIN_DECLS

#define CS_TYPE_SLA_POLICY_SET (cs_sla_policy_set_get_type ())

G_DECLARE_FINAL_TYPE (CsSlaPolicySet, cs_sla_policy_set, CS, SLA_POLICY_SET, GObject)

CsSlaPolicySet    *cs_sla_policy_set_new           (void);
/* Validates @policy and adds a reference to it; fails when it does not
 * validate or when its category, severity and valid_from are taken. */
gboolean           cs_sla_policy_set_add           (CsSlaPolicySet  *self,
                                                    CsSlaPolicy     *policy,
                                                    GError         **error);
/* The policy for an issue (transfer none), or NULL. @category NULL looks up
 * the tenant default only; @severity is a CsSeverity. */
const CsSlaPolicy *cs_sla_policy_set_lookup        (CsSlaPolicySet  *self,
                                                    const char      *category,
                                                    CsSeverity       severity,
                                                    gint64           created_at);
guint              cs_sla_policy_set_get_n_policies (CsSlaPolicySet *self);
/* Every version, grouped by category (tenant default first, then by name)
 * and severity (any first), oldest first; a new array of references. */
GPtrArray         *cs_sla_policy_set_dup_policies  (CsSlaPolicySet  *self);

/* The JSON form above; errors name the entry by position ("Entry 3: SLA policy …: …"). */
CsSlaPolicySet    *cs_sla_policy_set_new_from_json (JsonNode        *node,
                                                    GError         **error);
JsonNode          *cs_sla_policy_set_to_json       (CsSlaPolicySet  *self);

G_END_DECLS
