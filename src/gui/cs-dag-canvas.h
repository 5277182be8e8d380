/* cs-dag-canvas.h: a workflow drawn as a directed graph, to look at and edit
 *
 * Shows a CsWorkflow laid out by Graphviz (through CsLayoutService, never on
 * the main loop: while a layout computes, the previous one stays on screen
 * and "busy" is TRUE). Put it in a GtkScrolledWindow: it is GtkScrollable.
 *
 * Viewing: zoom with Ctrl+scroll (around the pointer), pinch, or the
 * zoom functions; pan by dragging the background (or with the middle
 * button), the scrollbars, or the arrow keys when no step has focus.
 * Hovering a step highlights every path through it. Click selects (Ctrl
 * toggles, Shift adds); Shift- or Ctrl-drag on the background draws a
 * rubber band. Tab and Shift+Tab visit the steps in reading order; with a
 * step focused, the arrow keys follow the graph (along the flow: successors
 * and predecessors; across it: the nearest step on that side).
 *
 * Editing (when "editable"): dragging steps and dragging from a step's
 * output port onto another step do not change the workflow themselves; they
 * emit "move-requested" and "connect-requested", and the owner (the
 * workflow editor) records the edit, refuses it, or ignores it. The same
 * requests can be made with cs_dag_canvas_request_move() and
 * cs_dag_canvas_request_connect().
 *
 * Accessibility: GTK 4.8 has no API for accessible objects that are not
 * widgets, and a widget per step would not scale to a thousand steps. So
 * the canvas is one focusable accessible (role GROUP, labelled with the
 * workflow's name) whose description always tells the focused step: its
 * name, type, state (start, selected, pinned), problems and neighbours;
 * screen readers announce it as keyboard focus moves from step to step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/cs-edit-history.h"
#include "core/cs-workflow.h"
#include "cs-dag-overlay.h"
#include "cs-diagram-export.h"
#include "cs-layout-service.h"

G_BEGIN_DECLS

#define CS_TYPE_DAG_CANVAS (cs_dag_canvas_get_type ())

G_DECLARE_FINAL_TYPE (CsDagCanvas, cs_dag_canvas, CS, DAG_CANVAS, GtkWidget)

CsDagCanvas   *cs_dag_canvas_new               (void);

CsWorkflow    *cs_dag_canvas_get_workflow      (CsDagCanvas       *self);
void           cs_dag_canvas_set_workflow      (CsDagCanvas       *self,
                                                CsWorkflow        *workflow);
CsLayoutDirection cs_dag_canvas_get_direction  (CsDagCanvas       *self);
void           cs_dag_canvas_set_direction     (CsDagCanvas       *self,
                                                CsLayoutDirection  direction);
gboolean       cs_dag_canvas_get_editable      (CsDagCanvas       *self);
void           cs_dag_canvas_set_editable      (CsDagCanvas       *self,
                                                gboolean           editable);
/* Problems (of CsProblem) to mark on their steps; NULL for none. */
void           cs_dag_canvas_set_problems      (CsDagCanvas       *self,
                                                GPtrArray         *problems);
CsDagOverlay  *cs_dag_canvas_get_overlay       (CsDagCanvas       *self);
/* Node colours, edge widths and labels from @overlay (NULL removes it). */
void           cs_dag_canvas_set_overlay       (CsDagCanvas       *self,
                                                CsDagOverlay      *overlay);
/* Uses @service instead of the default one (benchmarks). */
void           cs_dag_canvas_set_layout_service (CsDagCanvas      *self,
                                                 CsLayoutService  *service);
/* Whether a layout is being computed. */
gboolean       cs_dag_canvas_is_busy           (CsDagCanvas       *self);
/* Whether every step that can be shown has its place. */
gboolean       cs_dag_canvas_is_laid_out       (CsDagCanvas       *self);

/* Zoom: 1.0 is 100 %. */
double         cs_dag_canvas_get_zoom          (CsDagCanvas       *self);
void           cs_dag_canvas_set_zoom          (CsDagCanvas       *self,
                                                double             zoom);
void           cs_dag_canvas_zoom_in           (CsDagCanvas       *self);
void           cs_dag_canvas_zoom_out          (CsDagCanvas       *self);
/* The whole diagram in view (at most 100 %). */
void           cs_dag_canvas_zoom_to_fit       (CsDagCanvas       *self);
/* Scrolls so that @step_id is in view. */
void           cs_dag_canvas_scroll_to_step    (CsDagCanvas       *self,
                                                const char        *step_id);

/* Coordinates: widget pixels and canvas units (the diagram at 100 %). */
void           cs_dag_canvas_widget_to_canvas  (CsDagCanvas       *self,
                                                double             x,
                                                double             y,
                                                double            *canvas_x,
                                                double            *canvas_y);
void           cs_dag_canvas_canvas_to_widget  (CsDagCanvas       *self,
                                                double             canvas_x,
                                                double             canvas_y,
                                                double            *x,
                                                double            *y);
/* The canvas point at the middle of the view. */
void           cs_dag_canvas_get_view_center   (CsDagCanvas       *self,
                                                double            *canvas_x,
                                                double            *canvas_y);
/* Where the step is drawn, in widget pixels; FALSE when it is not drawn. */
gboolean       cs_dag_canvas_get_step_area     (CsDagCanvas       *self,
                                                const char        *step_id,
                                                graphene_rect_t   *area);

/* Selection: steps by id, edges by object. */
GPtrArray     *cs_dag_canvas_get_selected_steps (CsDagCanvas      *self);
GPtrArray     *cs_dag_canvas_get_selected_edges (CsDagCanvas      *self);
void           cs_dag_canvas_select_step       (CsDagCanvas       *self,
                                                const char        *step_id,
                                                gboolean           extend);
void           cs_dag_canvas_select_edge       (CsDagCanvas       *self,
                                                CsEdge            *edge,
                                                gboolean           extend);
void           cs_dag_canvas_select_all        (CsDagCanvas       *self);
void           cs_dag_canvas_unselect_all      (CsDagCanvas       *self);

/* Keyboard focus among steps (the step Tab or the arrows reached). */
const char    *cs_dag_canvas_get_focus_step    (CsDagCanvas       *self);
void           cs_dag_canvas_set_focus_step    (CsDagCanvas       *self,
                                                const char        *step_id);
/* Moves the step focus as Tab (GTK_DIR_TAB_*) or an arrow key would;
 * FALSE when there is no step that way. */
gboolean       cs_dag_canvas_move_focus        (CsDagCanvas       *self,
                                                GtkDirectionType   direction);
/* What the canvas tells assistive technologies about the focused step. */
const char    *cs_dag_canvas_get_accessible_description (CsDagCanvas *self);

/* The edit requests drags make (see above). @positions: one canvas point
 * (centre) per step of @steps. */
void           cs_dag_canvas_request_connect   (CsDagCanvas       *self,
                                                const char        *from,
                                                const char        *to);
void           cs_dag_canvas_request_move      (CsDagCanvas       *self,
                                                GPtrArray         *steps,
                                                const CsEditPoint *positions);

/* Writes the diagram as it is (with overlay and problem markers, in the
 * light style) or, for CS_DIAGRAM_DOT, the workflow as Graphviz DOT. */
gboolean       cs_dag_canvas_export            (CsDagCanvas       *self,
                                                CsDiagramFormat    format,
                                                GFile             *file,
                                                GError           **error);

G_END_DECLS
