/* cs-scores.c: per-area (or per-agency) performance aggregates over a window
 *
 * Each group keeps counters, an exact sum and two logarithmic histograms;
 * nothing per resolution. Adding a batch of 1,000 resolutions is 1,000 hash
 * lookups and histogram increments, and scoring a group reads its counters
 * and walks its histograms once, whatever the window holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-log-histogram.h"
#include "cs-scores.h"

typedef struct
{
  guint64        resolved;
  guint64        with_sla;
  guint64        met;
  guint64        open;
  guint64        open_breached;
  gint64         total_ms;     /* exact, so that batches add up to the same sum */
  CsLogHistogram seconds;      /* resolution times */
  CsLogHistogram fractions;    /* e / T of with_sla */
} Group;

struct _CsScores
{
  GObject     parent_instance;

  GHashTable *groups;   /* name → Group */
};

G_DEFINE_FINAL_TYPE (CsScores, cs_scores, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_GROUPS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
group_free (gpointer data)
{
  Group *group = data;

  cs_log_histogram_clear (&group->seconds);
  cs_log_histogram_clear (&group->fractions);
  g_free (group);
}

static void
cs_scores_finalize (GObject *object)
{
  CsScores *self = (CsScores *)object;

  g_clear_pointer (&self->groups, g_hash_table_unref);

  G_OBJECT_CLASS (cs_scores_parent_class)->finalize (object);
}

static void
cs_scores_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CsScores *self = CS_SCORES (object);

  switch (prop_id)
    {
    case PROP_N_GROUPS:
      g_value_set_uint (value, cs_scores_get_n_groups (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_scores_class_init (CsScoresClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_scores_finalize;
  object_class->get_property = cs_scores_get_property;

  properties [PROP_N_GROUPS] =
    g_param_spec_uint ("n-groups", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_scores_init (CsScores *self)
{
  self->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, group_free);
}

CsScores *
cs_scores_new (void)
{
  return g_object_new (CS_TYPE_SCORES, NULL);
}

static Group *
ensure_group (CsScores   *self,
              const char *name)
{
  Group *group = g_hash_table_lookup (self->groups, name);

  if (group == NULL)
    {
      group = g_new0 (Group, 1);
      g_hash_table_insert (self->groups, g_strdup (name), group);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_GROUPS]);
    }
  return group;
}

static inline gint64
milliseconds_of (const CsResolution *resolution)
{
  return MAX (resolution->resolution_time, 0) / 1000;
}

static inline double
seconds_of (const CsResolution *resolution)
{
  return (double) MAX (resolution->resolution_time, 0) / G_USEC_PER_SEC;
}

static void
add_one (Group              *group,
         const CsResolution *resolution)
{
  group->resolved++;
  group->total_ms += milliseconds_of (resolution);
  cs_log_histogram_add (&group->seconds, seconds_of (resolution));
  if (resolution->has_sla)
    {
      group->with_sla++;
      group->met += resolution->met ? 1 : 0;
      cs_log_histogram_add (&group->fractions, resolution->sla_fraction);
    }
}

void
cs_scores_add (CsScores           *self,
               const CsResolution *resolution)
{
  g_return_if_fail (CS_IS_SCORES (self));
  g_return_if_fail (resolution != NULL && resolution->group != NULL);

  add_one (ensure_group (self, resolution->group), resolution);
}

void
cs_scores_add_batch (CsScores           *self,
                     const CsResolution *resolutions,
                     gsize               n)
{
  Group *group = NULL;
  const char *name = NULL;

  g_return_if_fail (CS_IS_SCORES (self));
  g_return_if_fail (resolutions != NULL || n == 0);

  /* Batches read in area order hit the same group many times in a row. */
  for (gsize i = 0; i < n; i++)
    {
      g_return_if_fail (resolutions[i].group != NULL);
      if (name == NULL || (resolutions[i].group != name && strcmp (resolutions[i].group, name) != 0))
        {
          name = resolutions[i].group;
          group = ensure_group (self, name);
        }
      add_one (group, &resolutions[i]);
    }
}

gboolean
cs_scores_remove (CsScores           *self,
                  const CsResolution *resolution)
{
  Group *group;

  g_return_val_if_fail (CS_IS_SCORES (self), FALSE);
  g_return_val_if_fail (resolution != NULL && resolution->group != NULL, FALSE);

  group = g_hash_table_lookup (self->groups, resolution->group);
  if (group == NULL || group->resolved == 0 ||
      (resolution->has_sla && (group->with_sla == 0 || (resolution->met && group->met == 0))))
    return FALSE;
  if (!cs_log_histogram_remove (&group->seconds, seconds_of (resolution)))
    return FALSE;
  if (resolution->has_sla && !cs_log_histogram_remove (&group->fractions, resolution->sla_fraction))
    {
      cs_log_histogram_add (&group->seconds, seconds_of (resolution));
      return FALSE;
    }
  group->resolved--;
  group->total_ms -= milliseconds_of (resolution);
  if (resolution->has_sla)
    {
      group->with_sla--;
      group->met -= resolution->met ? 1 : 0;
    }
  return TRUE;
}

void
cs_scores_set_open (CsScores   *self,
                    const char *group_name,
                    guint64     open,
                    guint64     open_breached)
{
  Group *group;

  g_return_if_fail (CS_IS_SCORES (self));
  g_return_if_fail (group_name != NULL);
  g_return_if_fail (open_breached <= open);

  group = ensure_group (self, group_name);
  group->open = open;
  group->open_breached = open_breached;
}

void
cs_scores_merge (CsScores *self,
                 CsScores *other)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (CS_IS_SCORES (self));
  g_return_if_fail (CS_IS_SCORES (other));
  g_return_if_fail (self != other);

  g_hash_table_iter_init (&iter, other->groups);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Group *from = value, *into = ensure_group (self, key);

      into->resolved += from->resolved;
      into->with_sla += from->with_sla;
      into->met += from->met;
      into->open += from->open;
      into->open_breached += from->open_breached;
      into->total_ms += from->total_ms;
      cs_log_histogram_merge (&into->seconds, &from->seconds);
      cs_log_histogram_merge (&into->fractions, &from->fractions);
    }
}

void
cs_scores_clear (CsScores *self)
{
  g_return_if_fail (CS_IS_SCORES (self));

  if (g_hash_table_size (self->groups) == 0)
    return;
  g_hash_table_remove_all (self->groups);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_GROUPS]);
}

guint
cs_scores_get_n_groups (CsScores *self)
{
  g_return_val_if_fail (CS_IS_SCORES (self), 0);

  return g_hash_table_size (self->groups);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GStrv
cs_scores_dup_groups (CsScores *self)
{
  guint n;
  char **names;

  g_return_val_if_fail (CS_IS_SCORES (self), NULL);

  names = (char **) g_hash_table_get_keys_as_array (self->groups, &n);
  qsort (names, n, sizeof (char *), compare_names);
  for (guint i = 0; i < n; i++)
    names[i] = g_strdup (names[i]);
  return names;
}

/* w × part, leaving out parts that weigh nothing (they may be NAN). */
static inline double
weighted (double weight,
          double part)
{
  return weight > 0.0 ? weight * part : 0.0;
}

gboolean
cs_scores_get (CsScores             *self,
               const char           *group_name,
               const CsScoreOptions *options,
               CsGroupScore         *score)
{
  const CsScoreOptions defaults = CS_SCORE_OPTIONS_INIT;
  Group *group;
  guint64 judged;

  g_return_val_if_fail (CS_IS_SCORES (self), FALSE);
  g_return_val_if_fail (group_name != NULL, FALSE);
  g_return_val_if_fail (score != NULL, FALSE);

  if (options == NULL)
    options = &defaults;
  memset (score, 0, sizeof *score);
  group = g_hash_table_lookup (self->groups, group_name);
  if (group == NULL)
    {
      score->compliance = score->mean_resolution = score->median_resolution = NAN;
      score->median_fraction = score->speed = score->score = NAN;
      return FALSE;
    }

  score->resolved = group->resolved;
  score->with_sla = group->with_sla;
  score->met = group->met;
  score->open = group->open;
  score->open_breached = group->open_breached;
  judged = group->with_sla + group->open_breached;
  score->compliance = judged > 0 ? (double) group->met / (double) judged : NAN;
  score->mean_resolution = group->resolved > 0
                           ? (double) group->total_ms * 1000.0 / (double) group->resolved : NAN;
  score->median_resolution = cs_log_histogram_quantile (&group->seconds, 0.5) * G_USEC_PER_SEC;
  score->median_fraction = cs_log_histogram_quantile (&group->fractions, 0.5);
  score->speed = isnan (score->median_fraction)
                 ? NAN : CLAMP (1.0 - score->median_fraction / 2.0, 0.0, 1.0);
  score->score = weighted (options->compliance_weight, score->compliance) +
                 weighted (options->speed_weight, score->speed);
  score->eligible = group->resolved >= options->min_resolved && !isnan (score->score);
  return TRUE;
}

gboolean
cs_scores_equal (CsScores *a,
                 CsScores *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (CS_IS_SCORES (a) && CS_IS_SCORES (b), FALSE);

  if (g_hash_table_size (a->groups) != g_hash_table_size (b->groups))
    return FALSE;
  g_hash_table_iter_init (&iter, a->groups);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Group *x = value, *y = g_hash_table_lookup (b->groups, key);

      if (y == NULL || x->resolved != y->resolved || x->with_sla != y->with_sla ||
          x->met != y->met || x->open != y->open || x->open_breached != y->open_breached ||
          x->total_ms != y->total_ms || !cs_log_histogram_equal (&x->seconds, &y->seconds) ||
          !cs_log_histogram_equal (&x->fractions, &y->fractions))
        return FALSE;
    }
  return TRUE;
}
