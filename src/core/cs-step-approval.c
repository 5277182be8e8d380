/* cs-step-approval.c: the approval settings of a step
 *
 * Who may decide an approval step (the approver roles, the agency), how many
 * decisions it takes (the quorum), and after how long an undecided approval
 * escalates, and to whom. Part of CsStep; see cs-step-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-step-private.h"

/* Approval */

const char * const *
cs_step_get_approver_roles (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return (const char * const *) step->approver_roles;
}

void
cs_step_set_approver_roles (CsStep             *step,
                            const char * const *roles)
{
  static const char * const none[] = { NULL };

  g_return_if_fail (CS_IS_STEP (step));

  if (roles == NULL)
    roles = none;
  if (g_strv_equal (roles, (const char * const *) step->approver_roles))
    return;
  g_strfreev (step->approver_roles);
  step->approver_roles = g_strdupv ((char **) roles);
  cs_step_emit_changed (step);
}

void
cs_step_add_approver_role (CsStep     *step,
                           const char *role)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (role != NULL);

  if (g_strv_contains ((const char * const *) step->approver_roles, role))
    return;
  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) step->approver_roles);
  g_strv_builder_add (builder, role);
  g_strfreev (step->approver_roles);
  step->approver_roles = g_strv_builder_end (builder);
  cs_step_emit_changed (step);
}

const char *
cs_step_get_agency (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return step->agency;
}

void
cs_step_set_agency (CsStep     *step,
                    const char *agency)
{
  g_return_if_fail (CS_IS_STEP (step));
  cs_step_set_config_string (step, &step->agency, agency);
}

CsQuorum
cs_step_get_quorum (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), CS_QUORUM_ANY);
  return step->quorum;
}

void
cs_step_set_quorum (CsStep   *step,
                    CsQuorum  quorum)
{
  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (quorum <= CS_QUORUM_ALL);

  if (step->quorum == quorum)
    return;
  step->quorum = quorum;
  cs_step_emit_changed (step);
}

guint
cs_step_get_approvals_required (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), 0);

  if (step->quorum == CS_QUORUM_ANY)
    return 1;
  return g_strv_length (step->approver_roles);
}

guint
cs_step_get_due_seconds (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), 0);
  return step->due_seconds;
}

void
cs_step_set_due_seconds (CsStep *step,
                         guint   seconds)
{
  g_return_if_fail (CS_IS_STEP (step));

  if (step->due_seconds == seconds)
    return;
  step->due_seconds = seconds;
  cs_step_emit_changed (step);
}

const char *
cs_step_get_escalate_to (CsStep *step)
{
  g_return_val_if_fail (CS_IS_STEP (step), NULL);
  return step->escalate_to;
}

void
cs_step_set_escalate_to (CsStep     *step,
                         const char *role)
{
  g_return_if_fail (CS_IS_STEP (step));
  cs_step_set_config_string (step, &step->escalate_to, role);
}
