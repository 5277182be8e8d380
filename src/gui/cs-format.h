/* cs-format.h: how times, durations and states read in the views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "850 ms", "4.2 s", "12 min", "3 h 5 min", "2 d 4 h"; "—" when @ms < 0. */
char       *cs_format_duration_ms (double      ms);
/* Local time: "14:05" today, "Mar 3, 14:05" this year, else "2025-03-03 14:05";
 * "—" for 0. @usec: microseconds since the Unix epoch. */
char       *cs_format_time_us     (gint64      usec);
/* A state word as people read it: "running" → "Running", "waiting" →
 * "Waiting", "SUCCESS" → "Succeeded", "approved" → "Approved"… */
const char *cs_format_state       (const char *state);
/* A CSS class for a state: "success", "error", "warning", "accent" or "dim-label". */
const char *cs_format_state_class (const char *state);

G_END_DECLS
