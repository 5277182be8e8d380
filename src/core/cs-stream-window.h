/* cs-stream-window.h: count, rate, mean and p90 of timestamped events per key over a window
 *
 * Events (an instant, a key such as an area, and optionally a value such as
 * a waiting time) are fed as they happen. The window's clock, "now", is the
 * latest instant seen, from an event or from cs_stream_window_advance().
 *
 * Lateness. Events may arrive out of order by up to @lateness: an event
 * older than now − lateness is dropped and counted (cs_stream_window_get_n_late()),
 * anything newer is placed in order.
 *
 * Windows. A sliding window of @size covers (now − size, now]: it moves with
 * every event. Tumbling windows cut time into [k × size, (k + 1) × size),
 * aligned to the Unix epoch (UTC midnight for a day); one is closed, and its
 * figures final, once now − lateness has reached its end. The window an
 * alert looks at is the sliding one, or the last closed tumbling one
 * (cs_stream_window_get_stats()); a dashboard may also show the tumbling
 * window still filling (cs_stream_window_get_current_stats()).
 *
 * Figures: count (every event), rate per hour (count over the window's
 * length in hours, whatever part of it has passed), mean and p90 of the
 * values (events without a value, NAN, are counted but not averaged). p90
 * is exact: linear interpolation between order statistics of the window's
 * values (cs-quantiles.h), so the p90 of 1 … 10 is 9.1.
 *
 * Events that can no longer be in any window are dropped, so memory is that
 * of the events of one window and its lateness. Not thread-safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CS_WINDOW_SLIDING,
  CS_WINDOW_TUMBLING,
} CsWindowKind;

#define CS_TYPE_WINDOW_KIND (cs_window_kind_get_type ())
GType        cs_window_kind_get_type    (void) G_GNUC_CONST;
/* "sliding", "tumbling" */
const char  *cs_window_kind_to_string   (CsWindowKind  kind);
gboolean     cs_window_kind_from_string (const char   *text,
                                         CsWindowKind *kind);

typedef struct
{
  gint64   start;           /* the window: sliding (start, end], tumbling [start, end) */
  gint64   end;
  guint64  count;
  guint64  n_values;
  double   sum;             /* of the values */
  double   mean;            /* NAN without values */
  double   p90;             /* NAN without values */
  double   rate_per_hour;
} CsWindowStats;

#define CS_TYPE_STREAM_WINDOW (cs_stream_window_get_type ())

G_DECLARE_FINAL_TYPE (CsStreamWindow, cs_stream_window, CS, STREAM_WINDOW, GObject)

/* @size and @lateness in microseconds; @size > 0, @lateness ≥ 0. */
CsStreamWindow *cs_stream_window_new       (CsWindowKind    kind,
                                            gint64          size,
                                            gint64          lateness);
CsWindowKind    cs_stream_window_get_kind  (CsStreamWindow *self);
gint64          cs_stream_window_get_size  (CsStreamWindow *self);
gint64          cs_stream_window_get_lateness (CsStreamWindow *self);

/* Adds an event; @value NAN for none. FALSE when it was too late and dropped. */
gboolean        cs_stream_window_add       (CsStreamWindow *self,
                                            gint64          timestamp,
                                            const char     *key,
                                            double          value);
/* Moves now forward to @now (never back), dropping what fell out. */
void            cs_stream_window_advance   (CsStreamWindow *self,
                                            gint64          now);
/* G_MININT64 before the first event or advance. */
gint64          cs_stream_window_get_now   (CsStreamWindow *self);
guint64         cs_stream_window_get_n_late (CsStreamWindow *self);

/* The keys that have events still held, sorted (strcmp()). */
GStrv           cs_stream_window_dup_keys  (CsStreamWindow *self);
/* The figures of @key in the window alerts look at (see above); FALSE, with
 * a count of 0 and the window's bounds still filled in, when it has no
 * events there. A tumbling window with none closed yet has start = end. */
gboolean        cs_stream_window_get_stats (CsStreamWindow *self,
                                            const char     *key,
                                            CsWindowStats  *stats);
/* The tumbling window that contains now (for sliding windows the same as
 * cs_stream_window_get_stats()). */
gboolean        cs_stream_window_get_current_stats (CsStreamWindow *self,
                                                    const char     *key,
                                                    CsWindowStats  *stats);

G_END_DECLS
