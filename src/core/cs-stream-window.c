/* cs-stream-window.c: count, rate, mean and p90 of timestamped events per key over a window
 *
 * Each key keeps its events in time order in one array with a moving head,
 * so that in-order events append, late ones are inserted near the end, and
 * eviction only advances the head (the array is compacted when the dead
 * part outgrows the live one). The figures are in cs-stream-window-stats.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-stream-window-private.h"

G_DEFINE_FINAL_TYPE (CsStreamWindow, cs_stream_window, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CsWindowKind, cs_window_kind,
  G_DEFINE_ENUM_VALUE (CS_WINDOW_SLIDING, "sliding"),
  G_DEFINE_ENUM_VALUE (CS_WINDOW_TUMBLING, "tumbling"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_SIZE,
  PROP_LATENESS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

const char *
cs_window_kind_to_string (CsWindowKind kind)
{
  switch (kind)
    {
    case CS_WINDOW_SLIDING:
      return "sliding";
    case CS_WINDOW_TUMBLING:
      return "tumbling";
    default:
      g_return_val_if_reached ("sliding");
    }
}

gboolean
cs_window_kind_from_string (const char   *text,
                            CsWindowKind *kind)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (CsWindowKind k = CS_WINDOW_SLIDING; k <= CS_WINDOW_TUMBLING; k++)
    if (g_str_equal (text, cs_window_kind_to_string (k)))
      {
        if (kind != NULL)
          *kind = k;
        return TRUE;
      }
  return FALSE;
}

static void
series_free (gpointer data)
{
  CsStreamSeries *series = data;

  g_array_unref (series->events);
  g_free (series);
}

static void
cs_stream_window_finalize (GObject *object)
{
  CsStreamWindow *self = (CsStreamWindow *)object;

  g_clear_pointer (&self->series, g_hash_table_unref);
  g_clear_pointer (&self->scratch, g_array_unref);

  G_OBJECT_CLASS (cs_stream_window_parent_class)->finalize (object);
}

static void
cs_stream_window_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CsStreamWindow *self = CS_STREAM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;
    case PROP_LATENESS:
      g_value_set_int64 (value, self->lateness);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_stream_window_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CsStreamWindow *self = CS_STREAM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_SIZE:
      self->size = g_value_get_int64 (value);
      break;
    case PROP_LATENESS:
      self->lateness = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_stream_window_class_init (CsStreamWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_stream_window_finalize;
  object_class->get_property = cs_stream_window_get_property;
  object_class->set_property = cs_stream_window_set_property;

  properties [PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, CS_TYPE_WINDOW_KIND, CS_WINDOW_SLIDING,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL, 1, G_MAXINT64 / 4, CS_STREAM_HOUR,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_LATENESS] =
    g_param_spec_int64 ("lateness", NULL, NULL, 0, G_MAXINT64 / 4, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_stream_window_init (CsStreamWindow *self)
{
  self->now = G_MININT64;
  self->swept_at = G_MININT64;
  self->series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, series_free);
  self->scratch = g_array_new (FALSE, FALSE, sizeof (double));
}

CsStreamWindow *
cs_stream_window_new (CsWindowKind kind,
                      gint64       size,
                      gint64       lateness)
{
  g_return_val_if_fail (size > 0 && size <= G_MAXINT64 / 4, NULL);
  g_return_val_if_fail (lateness >= 0 && lateness <= G_MAXINT64 / 4, NULL);

  return g_object_new (CS_TYPE_STREAM_WINDOW, "kind", kind, "size", size, "lateness", lateness, NULL);
}

CsWindowKind
cs_stream_window_get_kind (CsStreamWindow *self)
{
  g_return_val_if_fail (CS_IS_STREAM_WINDOW (self), CS_WINDOW_SLIDING);

  return self->kind;
}

gint64
cs_stream_window_get_size (CsStreamWindow *self)
{
  g_return_val_if_fail (CS_IS_STREAM_WINDOW (self), 0);

  return self->size;
}

gint64
cs_stream_window_get_lateness (CsStreamWindow *self)
{
  g_return_val_if_fail (CS_IS_STREAM_WINDOW (self), 0);

  return self->lateness;
}

gint64
cs_stream_window_get_now (CsStreamWindow *self)
{
  g_return_val_if_fail (CS_IS_STREAM_WINDOW (self), G_MININT64);

  return self->now;
}

guint64
cs_stream_window_get_n_late (CsStreamWindow *self)
{
  g_return_val_if_fail (CS_IS_STREAM_WINDOW (self), 0);

  return self->n_late;
}

gint64
cs_stream_window_keep_from (CsStreamWindow *self)
{
  if (self->kind == CS_WINDOW_SLIDING)
    return self->now - self->size + 1;
  return cs_stream_window_closed_start (self);
}

guint
cs_stream_window_first_at (const CsStreamSeries *series,
                           gint64                t)
{
  guint lo = series->head, hi = series->events->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (series->events, CsStreamEvent, mid).at < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Drops the events before @from; FALSE when none is left. */
static gboolean
evict (CsStreamSeries *series,
       gint64          from)
{
  series->head = cs_stream_window_first_at (series, from);
  if (series->head == series->events->len)
    {
      g_array_set_size (series->events, 0);
      series->head = 0;
      return FALSE;
    }
  if (series->head > 64 && series->head > series->events->len / 2)
    {
      g_array_remove_range (series->events, 0, series->head);
      series->head = 0;
    }
  return TRUE;
}

static void
sweep (CsStreamWindow *self)
{
  GHashTableIter iter;
  gpointer value;
  gint64 from = cs_stream_window_keep_from (self);

  g_hash_table_iter_init (&iter, self->series);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!evict (value, from))
      g_hash_table_iter_remove (&iter);
  self->swept_at = self->now;
}

gboolean
cs_stream_window_add (CsStreamWindow *self,
                      gint64          timestamp,
                      const char     *key,
                      double          value)
{
  CsStreamSeries *series;
  CsStreamEvent event = { timestamp, value };
  guint position;

  g_return_val_if_fail (CS_IS_STREAM_WINDOW (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (self->now != G_MININT64 && timestamp < self->now - self->lateness)
    {
      self->n_late++;
      return FALSE;
    }
  self->now = MAX (self->now, timestamp);
  /* Keys that fell quiet are cleared now and then, not on every event. */
  if (self->swept_at == G_MININT64 || self->now - self->swept_at >= self->size / 8)
    sweep (self);
  if (timestamp < cs_stream_window_keep_from (self))
    return TRUE;   /* on time, but already out of the sliding window */

  series = g_hash_table_lookup (self->series, key);
  if (series == NULL)
    {
      series = g_new0 (CsStreamSeries, 1);
      series->events = g_array_new (FALSE, FALSE, sizeof (CsStreamEvent));
      g_hash_table_insert (self->series, g_strdup (key), series);
    }
  /* After any events of the same instant, so that arrival order is kept. */
  position = cs_stream_window_first_at (series, timestamp + 1);
  g_array_insert_val (series->events, position, event);
  evict (series, cs_stream_window_keep_from (self));
  return TRUE;
}

void
cs_stream_window_advance (CsStreamWindow *self,
                          gint64          now)
{
  g_return_if_fail (CS_IS_STREAM_WINDOW (self));

  if (now <= self->now)
    return;
  self->now = now;
  sweep (self);
}

