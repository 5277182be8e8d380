/* cs-layout-service.h: Graphviz `dot` layouts, computed on one dedicated thread
 *
 * Graphviz is not thread-safe, so every layout of the process runs on the
 * service's single thread, never on the GTK main loop. A caller describes
 * the graph in a CsLayoutGraph (plain data copied from the model on the main
 * thread: node ids and sizes, edges and their labels), hands it over with
 * cs_layout_service_compute_async() and gets an immutable CsLayout back.
 * Results are cached by the graph's hash (structure, sizes, labels and
 * direction), so showing a version again, undoing, or re-laying out after
 * unpinning steps costs nothing. Cancelling the GCancellable of a request
 * that has not started yet drops it unseen: a canvas cancels its previous
 * request whenever it makes a new one, so stale layouts are never computed.
 *
 * Coordinates are in points (1 point = 1 canvas unit at 100 %), y growing
 * downwards, with the bounding box starting at (0, 0). Node positions are
 * centres. Edge routes are cubic Bézier chains ending on the node outlines
 * (the canvas draws its own arrowheads).
 *
 * Hand-placed steps: their positions are not part of the graph, so moving a
 * pinned step never runs Graphviz again. The canvas lays out the whole graph
 * with `dot`, then puts pinned nodes where the designer left them and
 * re-routes only the edges that touch a moved node with
 * cs_layout_route_edge() (a Bézier leaving and entering the nodes on the
 * sides that face each other). Edges between unmoved nodes keep dot's splines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Same values and nicks as the layout-direction GSettings enum. */
typedef enum
{
  CS_LAYOUT_LEFT_TO_RIGHT,
  CS_LAYOUT_TOP_TO_BOTTOM,
} CsLayoutDirection;

#define CS_TYPE_LAYOUT_DIRECTION (cs_layout_direction_get_type ())
GType cs_layout_direction_get_type (void) G_GNUC_CONST;

typedef enum
{
  CS_LAYOUT_SHAPE_BOX,
  CS_LAYOUT_SHAPE_DIAMOND,
} CsLayoutShape;

typedef struct
{
  double x;
  double y;
} CsLayoutPoint;

typedef struct
{
  char   *id;
  double  x;        /* centre */
  double  y;
  double  width;
  double  height;
} CsLayoutNode;

typedef struct
{
  guint          from;        /* node indices */
  guint          to;
  guint          tag;         /* the caller's edge number, from the graph */
  guint          n_points;    /* 3k + 1: start, then (control, control, end) k times */
  CsLayoutPoint *points;
  gboolean       has_label;
  CsLayoutPoint  label;       /* centre of the label */
} CsLayoutEdge;

/* The input: build on the main thread, hand to the service. */
typedef struct _CsLayoutGraph CsLayoutGraph;

CsLayoutGraph *cs_layout_graph_new        (CsLayoutDirection  direction);
void           cs_layout_graph_free       (CsLayoutGraph     *graph);
/* Returns the node's index; an id already added returns the first one's. */
guint          cs_layout_graph_add_node   (CsLayoutGraph     *graph,
                                           const char        *id,
                                           double             width,
                                           double             height,
                                           CsLayoutShape      shape);
/* -1 when there is no node with that id. */
int            cs_layout_graph_find_node  (CsLayoutGraph     *graph,
                                           const char        *id);
/* @label may be NULL; @tag comes back in the CsLayoutEdge. */
void           cs_layout_graph_add_edge   (CsLayoutGraph     *graph,
                                           guint              from,
                                           guint              to,
                                           const char        *label,
                                           guint              tag);
guint          cs_layout_graph_get_n_nodes (CsLayoutGraph    *graph);
/* A digest of everything that shapes the layout. */
const char    *cs_layout_graph_get_hash   (CsLayoutGraph     *graph);

/* The output: immutable, reference-counted, safe to share between threads. */
typedef struct _CsLayout CsLayout;

#define CS_TYPE_LAYOUT (cs_layout_get_type ())
GType          cs_layout_get_type         (void) G_GNUC_CONST;
CsLayout      *cs_layout_ref              (CsLayout          *layout);
void           cs_layout_unref            (CsLayout          *layout);
const char    *cs_layout_get_hash         (CsLayout          *layout);
CsLayoutDirection cs_layout_get_direction (CsLayout          *layout);
void           cs_layout_get_size         (CsLayout          *layout,
                                           double            *width,
                                           double            *height);
guint          cs_layout_get_n_nodes      (CsLayout          *layout);
const CsLayoutNode *cs_layout_get_node    (CsLayout          *layout,
                                           guint              index);
/* -1 when the layout has no node with that id. */
int            cs_layout_find_node        (CsLayout          *layout,
                                           const char        *id);
guint          cs_layout_get_n_edges      (CsLayout          *layout);
const CsLayoutEdge *cs_layout_get_edge    (CsLayout          *layout,
                                           guint              index);
/* Milliseconds Graphviz took for this layout. */
double         cs_layout_get_compute_ms   (CsLayout          *layout);

/* A Bézier (4 points into @points) from the node centred at (@fx, @fy) of
 * size @fw × @fh to the one at (@tx, @ty), leaving and entering at the middle
 * of the sides that face each other given the flow @direction (the middle of
 * a side is also the tip of a diamond, so both shapes are met exactly). */
void           cs_layout_route_edge       (CsLayoutDirection  direction,
                                           double fx, double fy, double fw, double fh,
                                           double tx, double ty, double tw, double th,
                                           CsLayoutPoint     *points);

#define CS_TYPE_LAYOUT_SERVICE (cs_layout_service_get_type ())

G_DECLARE_FINAL_TYPE (CsLayoutService, cs_layout_service, CS, LAYOUT_SERVICE, GObject)

/* The process-wide service (its thread starts on first use). Never freed. */
CsLayoutService *cs_layout_service_get_default (void);
/* A private service with its own thread, stopped when it is finalized. */
CsLayoutService *cs_layout_service_new        (void);

/* Takes ownership of @graph. */
void           cs_layout_service_compute_async  (CsLayoutService     *self,
                                                 CsLayoutGraph       *graph,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
CsLayout      *cs_layout_service_compute_finish (CsLayoutService     *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* The cached layout of @graph, or NULL. Main thread. */
CsLayout      *cs_layout_service_lookup         (CsLayoutService     *self,
                                                 CsLayoutGraph       *graph);
void           cs_layout_service_clear_cache    (CsLayoutService     *self);
/* How many layouts Graphviz has computed (cache hits excluded). */
guint          cs_layout_service_get_n_computed (CsLayoutService     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsLayout, cs_layout_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsLayoutGraph, cs_layout_graph_free)

G_END_DECLS
