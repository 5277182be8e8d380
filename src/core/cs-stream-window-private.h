/* cs-stream-window-private.h: the state shared by the cs-stream-window*.c files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-stream-window.h"

G_BEGIN_DECLS

#define CS_STREAM_HOUR (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

typedef struct
{
  gint64 at;
  double value;
} CsStreamEvent;

typedef struct
{
  GArray *events;   /* of CsStreamEvent, by time */
  guint   head;     /* events before it are gone */
} CsStreamSeries;

struct _CsStreamWindow
{
  GObject       parent_instance;

  CsWindowKind  kind;
  gint64        size;
  gint64        lateness;
  gint64        now;
  gint64        swept_at;  /* now at the last eviction of every key */
  guint64       n_late;
  GHashTable   *series;    /* key → CsStreamSeries */
  GArray       *scratch;   /* values of the window asked about */
};

static inline gint64
cs_stream_floor_div (gint64 a,
                     gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* The last closed tumbling window starts here. */
static inline gint64
cs_stream_window_closed_start (CsStreamWindow *self)
{
  return (cs_stream_floor_div (self->now - self->lateness, self->size) - 1) * self->size;
}

/* Events before this instant can be in no window any more. */
gint64 cs_stream_window_keep_from (CsStreamWindow       *self);
/* The index of the first event at or after @t (from the head). */
guint  cs_stream_window_first_at  (const CsStreamSeries *series,
                                   gint64                t);

G_END_DECLS
