/* cs-timeline-view.h: the step executions of an instance, with their timings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CS_TYPE_TIMELINE_VIEW (cs_timeline_view_get_type ())

G_DECLARE_FINAL_TYPE (CsTimelineView, cs_timeline_view, CS, TIMELINE_VIEW, AdwBin)

GtkWidget  *cs_timeline_view_new        (void);
/* A list of CsStepExecutionItem (NULL: empty). */
void        cs_timeline_view_set_model  (CsTimelineView *self,
                                         GListModel     *model);
GListModel *cs_timeline_view_get_model  (CsTimelineView *self);
/* The rows as shown, sorted as the user chose. */
GListModel *cs_timeline_view_get_rows   (CsTimelineView *self);

G_END_DECLS
