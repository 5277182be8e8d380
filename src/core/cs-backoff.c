/* cs-backoff.c: exponential backoff with jitter
 *
 * Reconnecting workers and retried HTTP calls spread themselves out with
 * jitter so that many desktops do not hammer a recovering server in lockstep.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-backoff.h"

/* attempt counts from 1; random01 is a uniform value in [0, 1) supplied by the
 * caller so that the function stays pure and testable. */
guint
cs_backoff_delay_ms (const CsBackoff *backoff,
                     guint            attempt,
                     double           random01)
{
  double delay;
  double jitter;

  g_return_val_if_fail (backoff != NULL, 0);

  if (attempt == 0)
    return 0;

  delay = backoff->base_ms * pow (backoff->factor > 1.0 ? backoff->factor : 1.0, attempt - 1);
  if (delay > backoff->max_ms)
    delay = backoff->max_ms;

  jitter = CLAMP (backoff->jitter, 0.0, 1.0);
  random01 = CLAMP (random01, 0.0, 1.0);
  /* Keep (1 - jitter) of the delay, randomise the rest. */
  delay = delay * (1.0 - jitter) + delay * jitter * random01;

  return (guint) MIN (delay, (double) G_MAXUINT);
}
