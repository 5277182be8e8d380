/* cs-step-sim.c: the simulation parameters of a step
 *
 * What the discrete-event simulator needs to know about a step: service
 * times and their variation, failure probability and latency of calls,
 * officers and handling time of approvals. Each has a default per step type,
 * which a value set on the step overrides.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-step-private.h"

double
cs_sim_param_default (CsStepType type,
                      CsSimParam param)
{
  g_return_val_if_fail (param < CS_SIM_N_PARAMS, 0.0);

  switch (param)
    {
    case CS_SIM_MEAN_SERVICE_TIME:
      return type == CS_STEP_ACTION ? 1.0 : 0.0;
    case CS_SIM_SERVICE_CV:
      /* Human handling times vary far more than machine work. */
      return type == CS_STEP_APPROVAL ? 1.0 : 0.5;
    case CS_SIM_FAILURE_PROBABILITY:
      return type == CS_STEP_INTEGRATION ? 0.01 : 0.0;
    case CS_SIM_LATENCY:
      return type == CS_STEP_INTEGRATION ? 0.5 : 0.0;
    case CS_SIM_OFFICERS:
      return type == CS_STEP_APPROVAL ? 1.0 : 0.0;
    case CS_SIM_HANDLING_TIME:
      return type == CS_STEP_APPROVAL ? 1800.0 : 0.0;
    default:
      g_assert_not_reached ();
    }
}

gboolean
cs_step_has_sim (CsStep     *step,
                 CsSimParam  param)
{
  g_return_val_if_fail (CS_IS_STEP (step), FALSE);
  g_return_val_if_fail (param < CS_SIM_N_PARAMS, FALSE);

  return (step->sim_set & (1u << param)) != 0;
}

double
cs_step_get_sim (CsStep     *step,
                 CsSimParam  param)
{
  g_return_val_if_fail (CS_IS_STEP (step), 0.0);
  g_return_val_if_fail (param < CS_SIM_N_PARAMS, 0.0);

  if (step->sim_set & (1u << param))
    return step->sim[param];
  return cs_sim_param_default (step->type, param);
}

void
cs_step_set_sim (CsStep     *step,
                 CsSimParam  param,
                 double      value)
{
  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (param < CS_SIM_N_PARAMS);
  g_return_if_fail (isfinite (value));

  if ((step->sim_set & (1u << param)) && step->sim[param] == value)
    return;
  step->sim_set |= 1u << param;
  step->sim[param] = value;
  cs_step_emit_changed (step);
}

void
cs_step_unset_sim (CsStep     *step,
                   CsSimParam  param)
{
  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (param < CS_SIM_N_PARAMS);

  if (!(step->sim_set & (1u << param)))
    return;
  step->sim_set &= ~(1u << param);
  step->sim[param] = 0.0;
  cs_step_emit_changed (step);
}
