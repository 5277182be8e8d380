/* cs-dag-overlay.c: measured values painted onto a workflow diagram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-dag-overlay.h"

typedef struct
{
  double  value;
  char   *label;
} Entry;

struct _CsDagOverlay
{
  GObject     parent_instance;

  char       *title;
  char       *unit;
  GHashTable *steps;        /* id → Entry */
  GHashTable *edges;        /* "from\nto" → Entry (value = width) */
  gboolean    has_range;
  double      min;
  double      max;
};

G_DEFINE_FINAL_TYPE (CsDagOverlay, cs_dag_overlay, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_UNIT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
entry_free (Entry *entry)
{
  g_free (entry->label);
  g_free (entry);
}

static void
cs_dag_overlay_finalize (GObject *object)
{
  CsDagOverlay *self = (CsDagOverlay *) object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->steps, g_hash_table_unref);
  g_clear_pointer (&self->edges, g_hash_table_unref);

  G_OBJECT_CLASS (cs_dag_overlay_parent_class)->finalize (object);
}

static void
cs_dag_overlay_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CsDagOverlay *self = CS_DAG_OVERLAY (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_dag_overlay_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CsDagOverlay *self = CS_DAG_OVERLAY (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      cs_dag_overlay_set_title (self, g_value_get_string (value));
      break;
    case PROP_UNIT:
      cs_dag_overlay_set_unit (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_dag_overlay_class_init (CsDagOverlayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_dag_overlay_finalize;
  object_class->get_property = cs_dag_overlay_get_property;
  object_class->set_property = cs_dag_overlay_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cs_dag_overlay_init (CsDagOverlay *self)
{
  self->steps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) entry_free);
  self->edges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) entry_free);
}

CsDagOverlay *
cs_dag_overlay_new (const char *title,
                    const char *unit)
{
  return g_object_new (CS_TYPE_DAG_OVERLAY, "title", title, "unit", unit, NULL);
}

const char *
cs_dag_overlay_get_title (CsDagOverlay *self)
{
  g_return_val_if_fail (CS_IS_DAG_OVERLAY (self), NULL);
  return self->title;
}

void
cs_dag_overlay_set_title (CsDagOverlay *self,
                          const char   *title)
{
  g_return_if_fail (CS_IS_DAG_OVERLAY (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
cs_dag_overlay_get_unit (CsDagOverlay *self)
{
  g_return_val_if_fail (CS_IS_DAG_OVERLAY (self), NULL);
  return self->unit;
}

void
cs_dag_overlay_set_unit (CsDagOverlay *self,
                         const char   *unit)
{
  g_return_if_fail (CS_IS_DAG_OVERLAY (self));

  if (g_strcmp0 (self->unit, unit) == 0)
    return;
  g_free (self->unit);
  self->unit = g_strdup (unit);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
cs_dag_overlay_set_range (CsDagOverlay *self,
                          double        min,
                          double        max)
{
  g_return_if_fail (CS_IS_DAG_OVERLAY (self));
  g_return_if_fail (isfinite (min) && isfinite (max) && min < max);

  self->has_range = TRUE;
  self->min = min;
  self->max = max;
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
cs_dag_overlay_get_range (CsDagOverlay *self,
                          double       *min,
                          double       *max)
{
  GHashTableIter iter;
  Entry *entry;
  double lo = INFINITY, hi = -INFINITY;

  g_return_val_if_fail (CS_IS_DAG_OVERLAY (self), FALSE);

  if (self->has_range)
    {
      *min = self->min;
      *max = self->max;
      return TRUE;
    }
  if (g_hash_table_size (self->steps) == 0)
    return FALSE;

  g_hash_table_iter_init (&iter, self->steps);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      lo = MIN (lo, entry->value);
      hi = MAX (hi, entry->value);
    }
  *min = lo;
  *max = hi;
  return TRUE;
}

static void
set_entry (GHashTable *table,
           char       *key,
           double      value,
           const char *label)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->value = value;
  entry->label = g_strdup (label);
  g_hash_table_replace (table, key, entry);
}

void
cs_dag_overlay_set_step_value (CsDagOverlay *self,
                               const char   *step_id,
                               double        value,
                               const char   *label)
{
  g_return_if_fail (CS_IS_DAG_OVERLAY (self));
  g_return_if_fail (step_id != NULL);
  g_return_if_fail (isfinite (value));

  set_entry (self->steps, g_strdup (step_id), value, label);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
cs_dag_overlay_set_edge_value (CsDagOverlay *self,
                               const char   *from,
                               const char   *to,
                               double        width,
                               const char   *label)
{
  g_return_if_fail (CS_IS_DAG_OVERLAY (self));
  g_return_if_fail (from != NULL && to != NULL);
  g_return_if_fail (isfinite (width));

  set_entry (self->edges, g_strconcat (from, "\n", to, NULL), CLAMP (width, 0.5, 8.0), label);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
cs_dag_overlay_clear (CsDagOverlay *self)
{
  g_return_if_fail (CS_IS_DAG_OVERLAY (self));

  g_hash_table_remove_all (self->steps);
  g_hash_table_remove_all (self->edges);
  self->has_range = FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
cs_dag_overlay_has_edges (CsDagOverlay *self)
{
  g_return_val_if_fail (CS_IS_DAG_OVERLAY (self), FALSE);
  return g_hash_table_size (self->edges) > 0;
}

gboolean
cs_dag_overlay_lookup_step (CsDagOverlay  *self,
                            const char    *step_id,
                            double        *value,
                            double        *position,
                            const char   **label)
{
  Entry *entry;
  double min = 0, max = 0;

  g_return_val_if_fail (CS_IS_DAG_OVERLAY (self), FALSE);

  if (step_id == NULL || (entry = g_hash_table_lookup (self->steps, step_id)) == NULL)
    return FALSE;
  if (value != NULL)
    *value = entry->value;
  if (label != NULL)
    *label = entry->label;
  if (position != NULL)
    {
      cs_dag_overlay_get_range (self, &min, &max);
      *position = max > min ? CLAMP ((entry->value - min) / (max - min), 0.0, 1.0) : 0.5;
    }
  return TRUE;
}

gboolean
cs_dag_overlay_lookup_edge (CsDagOverlay  *self,
                            const char    *from,
                            const char    *to,
                            double        *width,
                            const char   **label)
{
  g_autofree char *key = NULL;
  Entry *entry;

  g_return_val_if_fail (CS_IS_DAG_OVERLAY (self), FALSE);

  if (from == NULL || to == NULL)
    return FALSE;
  key = g_strconcat (from, "\n", to, NULL);
  if ((entry = g_hash_table_lookup (self->edges, key)) == NULL)
    return FALSE;
  if (width != NULL)
    *width = entry->value;
  if (label != NULL)
    *label = entry->label;
  return TRUE;
}

void
cs_dag_overlay_scale_color (double   position,
                            GdkRGBA *color)
{
  /* ColorBrewer's YlOrRd: sequential, readable by colour-blind people, and
   * its light end leaves dark text readable. */
  static const double stops[][3] = {
    { 0xff, 0xff, 0xb2 },
    { 0xfe, 0xcc, 0x5c },
    { 0xfd, 0x8d, 0x3c },
    { 0xf0, 0x3b, 0x20 },
    { 0xbd, 0x00, 0x26 },
  };
  double t = CLAMP (isfinite (position) ? position : 0.0, 0.0, 1.0) * (G_N_ELEMENTS (stops) - 1);
  guint i = MIN ((guint) t, G_N_ELEMENTS (stops) - 2);
  double f = t - i;

  color->red = (stops[i][0] + (stops[i + 1][0] - stops[i][0]) * f) / 255.0;
  color->green = (stops[i][1] + (stops[i + 1][1] - stops[i][1]) * f) / 255.0;
  color->blue = (stops[i][2] + (stops[i + 1][2] - stops[i][2]) * f) / 255.0;
  color->alpha = 1.0;
}
