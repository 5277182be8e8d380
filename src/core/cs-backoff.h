/* cs-backoff.h: exponential backoff with full jitter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint base_ms;      /* delay before the first retry, before jitter */
  guint max_ms;       /* cap of any one delay */
  double factor;      /* growth per attempt, usually 2 */
  double jitter;      /* 0 = none, 1 = uniformly anywhere in [0, delay] */
} CsBackoff;

#define CS_BACKOFF_INIT(base, max) ((CsBackoff) { (base), (max), 2.0, 0.5 })

guint cs_backoff_delay_ms (const CsBackoff *backoff,
                           guint            attempt,
                           double           random01);

G_END_DECLS
