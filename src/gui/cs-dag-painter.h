/* cs-dag-painter.h: drawing a workflow diagram with cairo
 *
 * The one place that knows what steps, edges, labels, markers and the
 * overlay legend look like. The canvas records its cached scene tiles and
 * its hover and drag layers with it (inside GSK cairo nodes), and export
 * draws PNG, SVG and PDF files with it, so the files look like the screen.
 *
 * Everything is drawn in canvas units; the caller sets the transformation.
 * Level of detail: as the zoom shrinks, text would become unreadable and
 * costly, so nodes lose their subtitles and edges their labels (COMPACT,
 * with a larger title), then their glyph badges for titles larger still
 * (OVERVIEW), then all text (SHAPES, type glyphs only); strokes get thicker
 * in canvas units so they stay visible on screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-dag-overlay.h"
#include "cs-dag-scene.h"
#include "cs-dag-style.h"

G_BEGIN_DECLS

typedef enum
{
  CS_DAG_DETAIL_SHAPES,     /* shapes and type glyphs */
  CS_DAG_DETAIL_OVERVIEW,   /* shapes and large titles */
  CS_DAG_DETAIL_COMPACT,    /* glyph badges and titles */
  CS_DAG_DETAIL_FULL,       /* everything: subtitles, edge labels */
} CsDagDetail;

CsDagDetail   cs_dag_detail_for_zoom        (double            zoom);

typedef struct _CsDagPainter CsDagPainter;

/* @overlay may be NULL; the painter keeps a reference. */
CsDagPainter *cs_dag_painter_new            (const CsDagStyle *style,
                                             CsDagOverlay     *overlay);
void          cs_dag_painter_free           (CsDagPainter     *painter);
const CsDagStyle *cs_dag_painter_get_style  (CsDagPainter     *painter);

/* @color NULL draws the edge's own colour; @emphasis thickens it. */
void          cs_dag_painter_draw_edge      (CsDagPainter     *painter,
                                             cairo_t          *cr,
                                             CsDagScene       *scene,
                                             guint             edge,
                                             CsDagDetail       detail,
                                             const GdkRGBA    *color,
                                             double            emphasis);
/* A route with an arrowhead, e.g. while dragging. */
void          cs_dag_painter_draw_route     (CsDagPainter        *painter,
                                             cairo_t             *cr,
                                             const CsLayoutPoint *points,
                                             guint                n_points,
                                             double               width,
                                             const GdkRGBA       *color,
                                             gboolean             dashed);
void          cs_dag_painter_draw_edge_label (CsDagPainter    *painter,
                                              cairo_t         *cr,
                                              CsDagScene      *scene,
                                              guint            edge,
                                              CsDagDetail      detail);
/* The node shifted by (@dx, @dy). */
void          cs_dag_painter_draw_node      (CsDagPainter     *painter,
                                             cairo_t          *cr,
                                             CsDagScene       *scene,
                                             guint             node,
                                             double            dx,
                                             double            dy,
                                             CsDagDetail       detail);
/* The outline of the node's shape, grown by @grow (for rings). */
void          cs_dag_painter_node_path      (cairo_t          *cr,
                                             const CsDagNode  *node,
                                             double            dx,
                                             double            dy,
                                             double            grow);
/* The symbol of a step type in a @size square centred at (@cx, @cy). */
void          cs_dag_painter_draw_glyph     (cairo_t          *cr,
                                             CsStepType        type,
                                             CsTerminalStatus  status,
                                             double            cx,
                                             double            cy,
                                             double            size,
                                             const GdkRGBA    *color);
/* The legend's size; FALSE when there is no overlay to explain. */
gboolean      cs_dag_painter_measure_legend (CsDagPainter     *painter,
                                             double           *width,
                                             double           *height);
void          cs_dag_painter_draw_legend    (CsDagPainter     *painter,
                                             cairo_t          *cr,
                                             double            x,
                                             double            y);
/* Every edge, label and node of @scene. */
void          cs_dag_painter_draw_scene     (CsDagPainter     *painter,
                                             cairo_t          *cr,
                                             CsDagScene       *scene,
                                             CsDagDetail       detail);

G_END_DECLS
