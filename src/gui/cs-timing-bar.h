/* cs-timing-bar.h: a small bar of where a step's time went
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CS_TYPE_TIMING_BAR (cs_timing_bar_get_type ())

G_DECLARE_FINAL_TYPE (CsTimingBar, cs_timing_bar, CS, TIMING_BAR, GtkWidget)

/* Properties "queue-ms", "execution-ms" and "wait-ms" (-1: not measured).
 * The execution includes the wait, as step executions record them. */
GtkWidget *cs_timing_bar_new          (void);
void       cs_timing_bar_set_times    (CsTimingBar *self,
                                       double       queue_ms,
                                       double       execution_ms,
                                       double       wait_ms);
/* The three shares of the bar, 0 to 1: queued, working, waiting. */
void       cs_timing_bar_get_shares   (CsTimingBar *self,
                                       double      *queued,
                                       double      *working,
                                       double      *waiting);

G_END_DECLS
