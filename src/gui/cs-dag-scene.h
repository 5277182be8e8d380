/* cs-dag-scene.h: where every step and edge of a diagram is, in canvas units
 *
 * A scene joins a workflow with its layout: each step gets its box (the
 * layout's position, or the designer's when the step is pinned), each edge
 * its route (dot's spline, or a fresh curve when an end was moved) and its
 * label. It also knows the problems of each step and the order Tab visits
 * steps in. Built on the main thread whenever the workflow or its layout
 * changes; immutable afterwards; shared by the canvas, its hit-testing and
 * keyboard navigation, and export.
 *
 * Steps that have neither a pin nor a place in the layout yet (just added
 * while dot is still running) are in the scene, unplaced, and not drawn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/cs-workflow.h"
#include "core/cs-workflow-validate.h"
#include "cs-layout-service.h"

G_BEGIN_DECLS

/* Node sizes, canvas units. */
#define CS_DAG_BOX_WIDTH        184.0
#define CS_DAG_BOX_HEIGHT        64.0
#define CS_DAG_DIAMOND_WIDTH    164.0
#define CS_DAG_DIAMOND_HEIGHT    92.0
#define CS_DAG_TERMINAL_WIDTH   164.0
#define CS_DAG_TERMINAL_HEIGHT   46.0
/* Empty space around the diagram. */
#define CS_DAG_MARGIN            48.0

typedef struct
{
  CsStep            *step;
  char              *id;
  char              *title;
  char              *subtitle;
  CsStepType         type;
  CsTerminalStatus   status;
  double             x;         /* centre */
  double             y;
  double             width;
  double             height;
  gboolean           placed;
  gboolean           pinned;
  gboolean           is_start;
  guint              n_errors;
  guint              n_warnings;
  guint              tab_order;
  GArray            *out_edges; /* guint edge indices */
  GArray            *in_edges;
} CsDagNode;

typedef struct
{
  CsEdge            *edge;
  guint              index;     /* in the workflow's edge list */
  int                from;      /* node indices, -1 for an unknown step */
  int                to;
  CsEdgeKind         kind;
  char              *label;     /* display label, shortened; NULL when none */
  guint              n_points;  /* 3k + 1 Bézier points; 0 when not drawn */
  CsLayoutPoint     *points;
  gboolean           has_label;
  double             label_x;
  double             label_y;
  graphene_rect_t    bounds;
} CsDagEdge;

typedef struct _CsDagScene CsDagScene;

/* The graph Graphviz should lay out for @workflow. */
CsLayoutGraph   *cs_dag_scene_make_graph    (CsWorkflow        *workflow,
                                             CsLayoutDirection  direction);
/* @layout may be NULL or stale (from an earlier version of the workflow):
 * steps and edges it knows keep their places. @problems (of CsProblem) may
 * be NULL. */
CsDagScene      *cs_dag_scene_new           (CsWorkflow        *workflow,
                                             CsLayout          *layout,
                                             CsLayoutDirection  direction,
                                             GPtrArray         *problems);
CsDagScene      *cs_dag_scene_ref           (CsDagScene        *scene);
void             cs_dag_scene_unref         (CsDagScene        *scene);

CsWorkflow      *cs_dag_scene_get_workflow  (CsDagScene        *scene);
CsLayoutDirection cs_dag_scene_get_direction (CsDagScene       *scene);
guint            cs_dag_scene_get_n_nodes   (CsDagScene        *scene);
CsDagNode       *cs_dag_scene_get_node      (CsDagScene        *scene,
                                             guint              index);
guint            cs_dag_scene_get_n_edges   (CsDagScene        *scene);
CsDagEdge       *cs_dag_scene_get_edge      (CsDagScene        *scene,
                                             guint              index);
/* Everything drawn, margin included; empty when nothing is placed. */
void             cs_dag_scene_get_bounds    (CsDagScene        *scene,
                                             graphene_rect_t   *bounds);

int              cs_dag_scene_find_node     (CsDagScene        *scene,
                                             const char        *id);
/* The scene edge of a workflow edge, or -1. */
int              cs_dag_scene_find_edge     (CsDagScene        *scene,
                                             CsEdge            *edge);
/* The placed node under (@x, @y), or -1. */
int              cs_dag_scene_node_at       (CsDagScene        *scene,
                                             double             x,
                                             double             y);
/* The drawn edge within @tolerance of (@x, @y), or -1. */
int              cs_dag_scene_edge_at       (CsDagScene        *scene,
                                             double             x,
                                             double             y,
                                             double             tolerance);
/* Where edges leave (@output) or enter a node. */
void             cs_dag_scene_get_port      (CsDagScene        *scene,
                                             guint              node,
                                             gboolean           output,
                                             double            *x,
                                             double            *y);
/* The route of @edge (4 points into @points) with node @moved shifted by
 * (@dx, @dy): for dragging. */
void             cs_dag_scene_route_moved   (CsDagScene        *scene,
                                             guint              edge,
                                             GHashTable        *moved,
                                             double             dx,
                                             double             dy,
                                             CsLayoutPoint     *points);
/* The placed node Tab reaches after (@forward) or before @node (-1 for the
 * first or last), or -1. */
int              cs_dag_scene_tab_step      (CsDagScene        *scene,
                                             int                node,
                                             gboolean           forward);
/* The neighbour an arrow key leads to: along the flow, the nearest
 * successor (or predecessor); across it, the nearest node on that side. */
int              cs_dag_scene_arrow_step    (CsDagScene        *scene,
                                             guint              node,
                                             GtkDirectionType   direction);
/* The edges on every path through @node (upstream and downstream), and
 * the nodes they join: sets of indices. */
void             cs_dag_scene_collect_paths (CsDagScene        *scene,
                                             guint              node,
                                             GHashTable        *nodes,
                                             GHashTable        *edges);

/* "Action", "Conditional", … */
const char      *cs_dag_step_type_title     (CsStepType         type);
/* "Success", "Rejected", … */
const char      *cs_dag_terminal_status_title (CsTerminalStatus status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsDagScene, cs_dag_scene_unref)

G_END_DECLS
