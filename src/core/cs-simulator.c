/* cs-simulator.c: a discrete-event simulation of government workflows
 *
 * The object and its settings, what-if overrides and the summary of a run;
 * the model is described in docs/simulator.md, the parts of the code in
 * cs-simulator-private.h.
 *
 * Randomness comes from small independent streams: one per workflow for
 * arrivals, one per case for its data, one per step execution for its
 * durations and decisions. A what-if run therefore meets the same citizens
 * with the same cases and the same handling times (common random numbers),
 * which keeps comparisons sharp with short runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-simulator-private.h"

static const char * const default_areas[] = {
  "City Centre", "North", "East", "South", "West", "Harbour", NULL
};

G_DEFINE_FINAL_TYPE (CsSimulator, cs_simulator, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEED,
  PROP_WORKERS,
  PROP_DURATION,
  PROP_DRAIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cs_simulator_finalize (GObject *object)
{
  CsSimulator *self = (CsSimulator *) object;

  g_clear_pointer (&self->workflows, g_ptr_array_unref);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->areas, g_strfreev);
  g_clear_pointer (&self->overrides, cs_sim_overrides_unref);
  g_clear_pointer (&self->summary, cs_sim_summary_free);

  G_OBJECT_CLASS (cs_simulator_parent_class)->finalize (object);
}

static void
cs_simulator_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CsSimulator *self = CS_SIMULATOR (object);

  switch (prop_id)
    {
    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;
    case PROP_WORKERS:
      g_value_set_uint (value, self->workers);
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, self->duration);
      break;
    case PROP_DRAIN:
      g_value_set_boolean (value, self->drain);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_simulator_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CsSimulator *self = CS_SIMULATOR (object);

  switch (prop_id)
    {
    case PROP_SEED:
      self->seed = g_value_get_uint64 (value);
      break;
    case PROP_WORKERS:
      cs_simulator_set_workers (self, g_value_get_uint (value));
      break;
    case PROP_DURATION:
      cs_simulator_set_duration (self, g_value_get_int64 (value));
      break;
    case PROP_DRAIN:
      cs_simulator_set_drain (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_simulator_class_init (CsSimulatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_simulator_finalize;
  object_class->get_property = cs_simulator_get_property;
  object_class->set_property = cs_simulator_set_property;

  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WORKERS] =
    g_param_spec_uint ("workers", NULL, NULL, 1, G_MAXUINT16, DEFAULT_WORKERS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, 0, G_MAXINT64, DEFAULT_DURATION,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAIN] =
    g_param_spec_boolean ("drain", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_simulator_init (CsSimulator *self)
{
  self->workflows = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_sim_workflow_free);
  self->duration = DEFAULT_DURATION;
  self->tz = g_time_zone_new_utc ();
  self->office_days = CS_SIM_WEEKDAYS;
  self->open_minute = 8 * 60;
  self->close_minute = 17 * 60;
  self->workers = DEFAULT_WORKERS;
  self->areas = g_strdupv ((char **) default_areas);
}

CsSimulator *
cs_simulator_new (guint64 seed)
{
  return g_object_new (CS_TYPE_SIMULATOR, "seed", seed, NULL);
}

guint64
cs_simulator_get_seed (CsSimulator *self)
{
  g_return_val_if_fail (CS_IS_SIMULATOR (self), 0);
  return self->seed;
}

gboolean
cs_simulator_add_workflow (CsSimulator  *self,
                           CsWorkflow   *workflow,
                           double        arrivals_per_day,
                           GError      **error)
{
  SimWorkflow *wf;

  g_return_val_if_fail (CS_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), FALSE);
  g_return_val_if_fail (isfinite (arrivals_per_day), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  wf = cs_sim_workflow_new (workflow, self->workflows->len, arrivals_per_day, error);
  if (wf == NULL)
    return FALSE;
  g_ptr_array_add (self->workflows, wf);
  return TRUE;
}

void
cs_simulator_set_start (CsSimulator *self,
                        GDateTime   *start)
{
  g_return_if_fail (CS_IS_SIMULATOR (self));
  g_return_if_fail (start != NULL);

  /* Whole seconds: office hours and arrivals line up with the clock. */
  self->start = g_date_time_to_unix (start) * SECOND;
  self->start_set = TRUE;
}

void
cs_simulator_set_duration (CsSimulator *self,
                           GTimeSpan    duration)
{
  g_return_if_fail (CS_IS_SIMULATOR (self));
  g_return_if_fail (duration >= 0);

  duration -= duration % MSEC;
  if (self->duration == duration)
    return;
  self->duration = duration;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

GTimeSpan
cs_simulator_get_duration (CsSimulator *self)
{
  g_return_val_if_fail (CS_IS_SIMULATOR (self), 0);
  return self->duration;
}

void
cs_simulator_set_timezone (CsSimulator *self,
                           GTimeZone   *timezone)
{
  g_return_if_fail (CS_IS_SIMULATOR (self));
  g_return_if_fail (timezone != NULL);

  g_time_zone_unref (self->tz);
  self->tz = g_time_zone_ref (timezone);
}

void
cs_simulator_set_office_hours (CsSimulator *self,
                               guint        days,
                               guint        open_minute,
                               guint        close_minute)
{
  g_return_if_fail (CS_IS_SIMULATOR (self));
  g_return_if_fail ((days & CS_SIM_EVERY_DAY) != 0 && (days & ~CS_SIM_EVERY_DAY) == 0);
  g_return_if_fail (open_minute < close_minute && close_minute <= 1440);

  self->office_days = days;
  self->open_minute = open_minute;
  self->close_minute = close_minute;
}

void
cs_simulator_set_workers (CsSimulator *self,
                          guint        workers)
{
  g_return_if_fail (CS_IS_SIMULATOR (self));
  g_return_if_fail (workers >= 1 && workers <= G_MAXUINT16);

  if (self->workers == workers)
    return;
  self->workers = workers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKERS]);
}

guint
cs_simulator_get_workers (CsSimulator *self)
{
  g_return_val_if_fail (CS_IS_SIMULATOR (self), 0);
  return self->workers;
}

void
cs_simulator_set_areas (CsSimulator        *self,
                        const char * const *areas)
{
  g_return_if_fail (CS_IS_SIMULATOR (self));
  g_return_if_fail (areas == NULL || areas[0] != NULL);

  g_strfreev (self->areas);
  self->areas = g_strdupv ((char **) (areas ? areas : default_areas));
}

void
cs_simulator_set_drain (CsSimulator *self,
                        gboolean     drain)
{
  g_return_if_fail (CS_IS_SIMULATOR (self));

  drain = !!drain;
  if (self->drain == drain)
    return;
  self->drain = drain;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAIN]);
}

gboolean
cs_simulator_get_drain (CsSimulator *self)
{
  g_return_val_if_fail (CS_IS_SIMULATOR (self), FALSE);
  return self->drain;
}

void
cs_simulator_set_overrides (CsSimulator    *self,
                            CsSimOverrides *overrides)
{
  g_return_if_fail (CS_IS_SIMULATOR (self));

  if (overrides != NULL)
    cs_sim_overrides_ref (overrides);
  g_clear_pointer (&self->overrides, cs_sim_overrides_unref);
  self->overrides = overrides;
}

void
cs_simulator_set_outputs (CsSimulator  *self,
                          CsSimOutputs  outputs)
{
  g_return_if_fail (CS_IS_SIMULATOR (self));
  g_return_if_fail (outputs <= CS_SIM_OUTPUTS_ROUTING);

  self->outputs = outputs;
}

const CsSimSummary *
cs_simulator_get_summary (CsSimulator *self)
{
  g_return_val_if_fail (CS_IS_SIMULATOR (self), NULL);
  return self->summary;
}

/* Overrides */

G_DEFINE_BOXED_TYPE (CsSimOverrides, cs_sim_overrides, cs_sim_overrides_ref, cs_sim_overrides_unref)

static void
step_override_clear (gpointer data)
{
  StepOverride *o = data;

  g_free (o->workflow_key);
  g_free (o->step_id);
}

CsSimOverrides *
cs_sim_overrides_new (void)
{
  CsSimOverrides *overrides = g_new0 (CsSimOverrides, 1);

  g_atomic_ref_count_init (&overrides->ref_count);
  overrides->steps = g_array_new (FALSE, FALSE, sizeof (StepOverride));
  g_array_set_clear_func (overrides->steps, step_override_clear);
  overrides->agency_officers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  overrides->arrival_factor = 1.0;
  overrides->arrival_factors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return overrides;
}

CsSimOverrides *
cs_sim_overrides_ref (CsSimOverrides *overrides)
{
  g_return_val_if_fail (overrides != NULL, NULL);
  g_atomic_ref_count_inc (&overrides->ref_count);
  return overrides;
}

void
cs_sim_overrides_unref (CsSimOverrides *overrides)
{
  g_return_if_fail (overrides != NULL);

  if (!g_atomic_ref_count_dec (&overrides->ref_count))
    return;
  g_array_unref (overrides->steps);
  g_hash_table_unref (overrides->agency_officers);
  g_hash_table_unref (overrides->arrival_factors);
  g_free (overrides);
}

static void
add_step_override (CsSimOverrides *overrides,
                   const char     *workflow_key,
                   const char     *step_id,
                   guint           what,
                   double          value)
{
  StepOverride o = { g_strdup (workflow_key), g_strdup (step_id), what, value };

  g_array_append_val (overrides->steps, o);
}

void
cs_sim_overrides_set_step_param (CsSimOverrides *overrides,
                                 const char     *workflow_key,
                                 const char     *step_id,
                                 CsSimParam      param,
                                 double          value)
{
  g_return_if_fail (overrides != NULL);
  g_return_if_fail (step_id != NULL);
  g_return_if_fail (param < CS_SIM_N_PARAMS);
  g_return_if_fail (isfinite (value) && value >= 0.0);
  g_return_if_fail (param != CS_SIM_FAILURE_PROBABILITY || value <= 1.0);
  g_return_if_fail (param != CS_SIM_OFFICERS || (value >= 1.0 && floor (value) == value));

  add_step_override (overrides, workflow_key, step_id, param, value);
}

void
cs_sim_overrides_set_approval_rate (CsSimOverrides *overrides,
                                    const char     *workflow_key,
                                    const char     *step_id,
                                    double          rate)
{
  g_return_if_fail (overrides != NULL);
  g_return_if_fail (step_id != NULL);
  g_return_if_fail (rate >= 0.0 && rate <= 1.0);

  add_step_override (overrides, workflow_key, step_id, OVERRIDE_APPROVAL_RATE, rate);
}

void
cs_sim_overrides_set_agency_officers (CsSimOverrides *overrides,
                                      const char     *agency,
                                      guint           officers)
{
  g_return_if_fail (overrides != NULL);
  g_return_if_fail (agency != NULL);
  g_return_if_fail (officers >= 1);

  g_hash_table_insert (overrides->agency_officers, g_strdup (agency), GUINT_TO_POINTER (officers));
}

void
cs_sim_overrides_set_arrival_factor (CsSimOverrides *overrides,
                                     const char     *workflow_key,
                                     double          factor)
{
  g_return_if_fail (overrides != NULL);
  g_return_if_fail (isfinite (factor) && factor >= 0.0);

  if (workflow_key == NULL)
    overrides->arrival_factor = factor;
  else
    g_hash_table_insert (overrides->arrival_factors, g_strdup (workflow_key),
                         g_memdup2 (&factor, sizeof factor));
}

void
cs_sim_overrides_set_workers (CsSimOverrides *overrides,
                              guint           workers)
{
  g_return_if_fail (overrides != NULL);
  g_return_if_fail (workers >= 1);

  overrides->workers = workers;
}

/* The summary */

void
cs_sim_summary_free (CsSimSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->workflows, g_ptr_array_unref);
  g_clear_pointer (&summary->steps, g_ptr_array_unref);
  g_clear_pointer (&summary->pools, g_ptr_array_unref);
  g_free (summary);
}

const CsSimWorkflowStats *
cs_sim_summary_find_workflow (const CsSimSummary *summary,
                              const char         *workflow_key)
{
  g_return_val_if_fail (summary != NULL, NULL);

  for (guint i = 0; i < summary->workflows->len; i++)
    {
      const CsSimWorkflowStats *stats = g_ptr_array_index (summary->workflows, i);
      if (g_strcmp0 (stats->workflow_key, workflow_key) == 0)
        return stats;
    }
  return NULL;
}

const CsSimStepStats *
cs_sim_summary_find_step (const CsSimSummary *summary,
                          const char         *workflow_key,
                          const char         *step_id)
{
  g_return_val_if_fail (summary != NULL, NULL);

  for (guint i = 0; i < summary->steps->len; i++)
    {
      const CsSimStepStats *stats = g_ptr_array_index (summary->steps, i);
      if (g_strcmp0 (stats->workflow_key, workflow_key) == 0 && g_strcmp0 (stats->step_id, step_id) == 0)
        return stats;
    }
  return NULL;
}

const CsSimPoolStats *
cs_sim_summary_find_pool (const CsSimSummary *summary,
                          const char         *name)
{
  g_return_val_if_fail (summary != NULL, NULL);

  for (guint i = 0; i < summary->pools->len; i++)
    {
      const CsSimPoolStats *stats = g_ptr_array_index (summary->pools, i);
      if (g_strcmp0 (stats->name, name) == 0)
        return stats;
    }
  return NULL;
}
