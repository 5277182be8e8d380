/* cs-stream-window-stats.c: the figures of a window, computed when asked for
 *
 * A window of reports holds a few hundred events per key, and p90 needs
 * every value of the window anyway, so nothing is kept up to date between
 * questions: each one is a binary search for the window's bounds and one
 * pass over its events (a selection, not a sort, for p90).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs-quantiles.h"
#include "cs-stream-window-private.h"

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GStrv
cs_stream_window_dup_keys (CsStreamWindow *self)
{
  GPtrArray *keys;
  GHashTableIter iter;
  gpointer key, value;
  gint64 from;

  g_return_val_if_fail (CS_IS_STREAM_WINDOW (self), NULL);

  keys = g_ptr_array_new ();
  from = self->now == G_MININT64 ? G_MININT64 : cs_stream_window_keep_from (self);
  g_hash_table_iter_init (&iter, self->series);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (cs_stream_window_first_at (value, from) < ((CsStreamSeries *) value)->events->len)
      g_ptr_array_add (keys, g_strdup (key));
  qsort (keys->pdata, keys->len, sizeof (gpointer), compare_keys);
  g_ptr_array_add (keys, NULL);
  return (GStrv) g_ptr_array_free (keys, FALSE);
}

/* Fills @stats from the events of @key in [from, to). */
static gboolean
compute (CsStreamWindow *self,
         const char     *key,
         gint64          from,
         gint64          to,
         CsWindowStats  *stats)
{
  CsStreamSeries *series = g_hash_table_lookup (self->series, key);
  guint lo, hi;

  stats->count = stats->n_values = 0;
  stats->sum = 0.0;
  stats->mean = stats->p90 = NAN;
  stats->rate_per_hour = 0.0;
  if (series == NULL || from >= to)
    return FALSE;
  lo = cs_stream_window_first_at (series, from);
  hi = cs_stream_window_first_at (series, to);
  if (lo >= hi)
    return FALSE;

  g_array_set_size (self->scratch, 0);
  for (guint i = lo; i < hi; i++)
    {
      double value = g_array_index (series->events, CsStreamEvent, i).value;

      if (!isnan (value))
        {
          g_array_append_val (self->scratch, value);
          stats->sum += value;
        }
    }
  stats->count = hi - lo;
  stats->n_values = self->scratch->len;
  stats->rate_per_hour = (double) stats->count * (double) CS_STREAM_HOUR / (double) self->size;
  if (stats->n_values > 0)
    {
      stats->mean = stats->sum / (double) stats->n_values;
      stats->p90 = cs_quantile_select ((double *) (gpointer) self->scratch->data, self->scratch->len, 0.9);
    }
  return TRUE;
}

gboolean
cs_stream_window_get_stats (CsStreamWindow *self,
                            const char     *key,
                            CsWindowStats  *stats)
{
  g_return_val_if_fail (CS_IS_STREAM_WINDOW (self), FALSE);
  g_return_val_if_fail (key != NULL && stats != NULL, FALSE);

  if (self->now == G_MININT64)
    {
      stats->start = stats->end = 0;
      return compute (self, key, 0, 0, stats);
    }
  if (self->kind == CS_WINDOW_SLIDING)
    {
      stats->start = self->now - self->size;
      stats->end = self->now;
      return compute (self, key, stats->start + 1, stats->end + 1, stats);
    }
  stats->start = cs_stream_window_closed_start (self);
  stats->end = stats->start + self->size;
  return compute (self, key, stats->start, stats->end, stats);
}

gboolean
cs_stream_window_get_current_stats (CsStreamWindow *self,
                                    const char     *key,
                                    CsWindowStats  *stats)
{
  g_return_val_if_fail (CS_IS_STREAM_WINDOW (self), FALSE);
  g_return_val_if_fail (key != NULL && stats != NULL, FALSE);

  if (self->kind == CS_WINDOW_SLIDING || self->now == G_MININT64)
    return cs_stream_window_get_stats (self, key, stats);
  stats->start = cs_stream_floor_div (self->now, self->size) * self->size;
  stats->end = stats->start + self->size;
  return compute (self, key, stats->start, stats->end, stats);
}
