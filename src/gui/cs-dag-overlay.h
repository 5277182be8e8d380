/* cs-dag-overlay.h: measured values painted onto a workflow diagram
 *
 * The bottleneck analysis hands the canvas one CsDagOverlay: a value per
 * step (shown as the node's fill on a sequential light-yellow → orange →
 * dark-red scale, with its label under the name), a width factor and label
 * per edge (frequency as thickness), and what the legend says. Changing the
 * overlay emits "changed"; the canvas redraws.
 *
 *   overlay = cs_dag_overlay_new (_("Median time in step"), _("days"));
 *   cs_dag_overlay_set_step_value (overlay, "review", 4.2, "4.2 d");
 *   cs_dag_overlay_set_edge_value (overlay, "review", "grant", 3.0, "812");
 *   cs_dag_canvas_set_overlay (canvas, overlay);
 *
 * The scale runs from the smallest to the largest step value unless
 * cs_dag_overlay_set_range() fixes its endpoints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

#define CS_TYPE_DAG_OVERLAY (cs_dag_overlay_get_type ())

G_DECLARE_FINAL_TYPE (CsDagOverlay, cs_dag_overlay, CS, DAG_OVERLAY, GObject)

CsDagOverlay *cs_dag_overlay_new             (const char   *title,
                                              const char   *unit);
const char   *cs_dag_overlay_get_title       (CsDagOverlay *self);
void          cs_dag_overlay_set_title       (CsDagOverlay *self,
                                              const char   *title);
const char   *cs_dag_overlay_get_unit        (CsDagOverlay *self);
void          cs_dag_overlay_set_unit        (CsDagOverlay *self,
                                              const char   *unit);
/* Fixes the endpoints of the colour scale (@min < @max). */
void          cs_dag_overlay_set_range       (CsDagOverlay *self,
                                              double        min,
                                              double        max);
/* The endpoints in use; FALSE when there is no step value at all. */
gboolean      cs_dag_overlay_get_range       (CsDagOverlay *self,
                                              double       *min,
                                              double       *max);
/* @label (may be NULL) is drawn in the node, e.g. "4.2 d". */
void          cs_dag_overlay_set_step_value  (CsDagOverlay *self,
                                              const char   *step_id,
                                              double        value,
                                              const char   *label);
/* @width multiplies the edge's stroke (1 is the normal width; clamped to
 * 0.5–8); @label (may be NULL) is added to the edge's label. */
void          cs_dag_overlay_set_edge_value  (CsDagOverlay *self,
                                              const char   *from,
                                              const char   *to,
                                              double        width,
                                              const char   *label);
void          cs_dag_overlay_clear           (CsDagOverlay *self);
gboolean      cs_dag_overlay_has_edges       (CsDagOverlay *self);

/* @position is where the value sits on the scale, 0 to 1. */
gboolean      cs_dag_overlay_lookup_step     (CsDagOverlay *self,
                                              const char   *step_id,
                                              double       *value,
                                              double       *position,
                                              const char  **label);
gboolean      cs_dag_overlay_lookup_edge     (CsDagOverlay *self,
                                              const char   *from,
                                              const char   *to,
                                              double       *width,
                                              const char  **label);

/* The colour at @position (0 to 1) of the sequential scale. */
void          cs_dag_overlay_scale_color     (double        position,
                                              GdkRGBA      *color);

G_END_DECLS
