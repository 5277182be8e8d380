/* cs-dag-canvas-private.h: what the parts of CsDagCanvas share
 *
 * cs-dag-canvas.c: the object, its properties and the edit requests;
 * cs-dag-canvas-layout.c: layouts and scenes; cs-dag-canvas-view.c: zoom
 * and scrolling; cs-dag-canvas-render.c: drawing (rasterized scene tiles;
 * the layers over them are in cs-dag-canvas-layers.c);
 * cs-dag-canvas-input.c: pointer and keyboard; cs-dag-canvas-focus.c:
 * selection, step focus and accessibility.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-dag-canvas.h"
#include "cs-dag-painter.h"
#include "cs-dag-scene.h"

G_BEGIN_DECLS

#define CS_DAG_MIN_ZOOM 0.05
#define CS_DAG_MAX_ZOOM 4.0

typedef enum
{
  CS_DRAG_NONE,
  CS_DRAG_PAN,
  CS_DRAG_MOVE,
  CS_DRAG_CONNECT,
  CS_DRAG_RUBBER,
} CsDragMode;

/* A square of the diagram as drawn at one zoom: CS_DAG_TILE_SIZE pixels
 * of the canvas-pixel plane (canvas units × zoom), rasterized. */
#define CS_DAG_TILE_SIZE 512

typedef struct
{
  int              col;
  int              row;
  GskRenderNode   *node;         /* NULL when the tile shows nothing */
} CsDagTile;

struct _CsDagCanvas
{
  GtkWidget          parent_instance;

  /* Model */
  CsWorkflow        *workflow;
  GPtrArray         *problems;
  CsDagOverlay      *overlay;
  CsLayoutService   *service;
  CsLayoutDirection  direction;
  gboolean           editable;

  /* Layout and scene */
  CsLayout          *layout;
  GCancellable      *layout_cancellable;
  gboolean           busy;
  guint              refresh_source;
  CsDagScene        *scene;

  /* View */
  GtkAdjustment     *hadjustment;
  GtkAdjustment     *vadjustment;
  guint              hscroll_policy : 1;
  guint              vscroll_policy : 1;
  guint              fit_pending : 1;
  guint              configuring : 1;
  double             zoom;

  /* Rendering */
  CsDagStyle         style;
  gboolean           style_valid;
  CsDagPainter      *painter;
  CsDagDetail        detail;
  GHashTable        *tiles;         /* (col, row) → CsDagTile, drawn at tile_zoom */
  double             tile_zoom;
  int                tile_scale;
  gboolean           cache_enabled;
  GskRenderNode     *highlight_node;
  GskRenderNode     *selection_node;
  GskRenderNode     *legend_node;
  GHashTable        *excluded;      /* node indices drawn by the drag layer */
  guint              n_recorded;    /* tiles drawn so far, for tests and benchmarks */

  /* State */
  int                hover;         /* node index or -1 */
  int                hover_port;    /* node whose output port is under the pointer */
  GHashTable        *selected_steps;  /* ids */
  GHashTable        *selected_edges;  /* CsEdge* (referenced) */
  char              *focus_id;
  gboolean           focus_visible;
  char              *description;

  /* Gestures */
  CsDragMode         drag_mode;
  gboolean           drag_started;
  double             drag_x;        /* widget, where the drag began */
  double             drag_y;
  double             drag_dx;       /* canvas units */
  double             drag_dy;
  double             pan_h;
  double             pan_v;
  int                drag_node;
  int                connect_target;
  gboolean           connect_ok;
  double             pointer_x;     /* widget */
  double             pointer_y;
  GHashTable        *rubber_base;
  double             pinch_zoom;
  double             pinch_x;
  double             pinch_y;
};

/* cs-dag-canvas-layout.c */
void     cs_dag_canvas_refresh_now         (CsDagCanvas *self);
void     cs_dag_canvas_queue_refresh       (CsDagCanvas *self);
void     cs_dag_canvas_rebuild_scene       (CsDagCanvas *self);

/* cs-dag-canvas-view.c */
void     cs_dag_canvas_get_bounds          (CsDagCanvas     *self,
                                            graphene_rect_t *bounds);
/* Sets the adjustments so that canvas point (@cx, @cy) shows at widget
 * point (@wx, @wy), as far as the diagram's edges allow. */
void     cs_dag_canvas_configure_adjustments (CsDagCanvas *self,
                                              double       wx,
                                              double       wy,
                                              double       cx,
                                              double       cy);
void     cs_dag_canvas_allocate_view       (CsDagCanvas *self,
                                            int          width,
                                            int          height);
void     cs_dag_canvas_get_origin          (CsDagCanvas *self,
                                            double      *ox,
                                            double      *oy);
void     cs_dag_canvas_zoom_around         (CsDagCanvas *self,
                                            double       zoom,
                                            double       x,
                                            double       y);
void     cs_dag_canvas_scroll_by           (CsDagCanvas *self,
                                            double       dx,
                                            double       dy);

/* cs-dag-canvas-render.c */
void     cs_dag_canvas_snapshot_scene      (CsDagCanvas *self,
                                            GtkSnapshot *snapshot);
void     cs_dag_canvas_init_render         (CsDagCanvas *self);
/* Forgets every drawn tile (a new scene, style or overlay). */
void     cs_dag_canvas_invalidate_tiles    (CsDagCanvas *self);
/* Forgets only the tiles showing @nodes (indices) or their edges. */
void     cs_dag_canvas_invalidate_nodes    (CsDagCanvas *self,
                                            GHashTable  *nodes);
void     cs_dag_canvas_invalidate_layers   (CsDagCanvas *self);
void     cs_dag_canvas_clear_render        (CsDagCanvas *self);
/* Whether edge @index leads to or from one of @nodes (indices). */
gboolean cs_dag_canvas_edge_touches        (CsDagCanvas *self,
                                            guint        index,
                                            GHashTable  *nodes);
/* Benchmarks compare with drawing everything every frame. */
void     cs_dag_canvas_set_cache_enabled   (CsDagCanvas *self,
                                            gboolean     enabled);
/* Draws every tile in view now; returns how many there are. */
guint    cs_dag_canvas_prepare_all_tiles   (CsDagCanvas *self);

/* cs-dag-canvas-layers.c: each NULL when there is nothing to draw */
GskRenderNode *cs_dag_canvas_record_highlight (CsDagCanvas *self);
GskRenderNode *cs_dag_canvas_record_selection (CsDagCanvas *self);
GskRenderNode *cs_dag_canvas_record_dynamic  (CsDagCanvas *self);

/* cs-dag-canvas-input.c */
void     cs_dag_canvas_init_input          (CsDagCanvas *self);

/* cs-dag-canvas-focus.c */
int      cs_dag_canvas_focus_index         (CsDagCanvas *self);
/* Gives @node the keyboard focus, selecting it (or adding it, @extend). */
void     cs_dag_canvas_focus_node          (CsDagCanvas *self,
                                            int          node,
                                            gboolean     extend);
void     cs_dag_canvas_emit_selection_changed (CsDagCanvas *self);
/* Empties the selection without telling anyone. */
void     cs_dag_canvas_clear_selection     (CsDagCanvas *self);
void     cs_dag_canvas_update_accessible   (CsDagCanvas *self);
gboolean cs_dag_canvas_focus_vfunc         (GtkWidget        *widget,
                                            GtkDirectionType  direction);

G_END_DECLS
