/* cs-dag-canvas-layers.c: what is drawn over the scene's tiles
 *
 * The hover highlight, the selection, the focus ring, ports, and whatever
 * a drag moves: layers small enough to draw again whenever they change,
 * recorded with bounds as tight as their ink.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-dag-canvas-private.h"

/* Drawing into an unbounded recording first gives the layer bounds as
 * tight as its ink, so that renderers touch only those pixels. */
static cairo_t *
begin_layer (void)
{
  cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (recording);

  cairo_surface_destroy (recording);
  return cr;
}

static GskRenderNode *
end_layer (cairo_t *cr)
{
  cairo_surface_t *recording = cairo_surface_reference (cairo_get_target (cr));
  GskRenderNode *node = NULL;
  double x, y, width, height;

  cairo_destroy (cr);
  cairo_recording_surface_ink_extents (recording, &x, &y, &width, &height);
  if (width > 0 && height > 0)
    {
      node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (x, y, width, height));
      cr = gsk_cairo_node_get_draw_context (node);
      cairo_set_source_surface (cr, recording, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
  cairo_surface_destroy (recording);
  return node;
}

/* Every path through the hovered step stands out: the rest of the diagram
 * is veiled (the veil has holes where the steps on those paths are, so
 * they show undimmed from their tiles) and the edges are stroked again in
 * the accent colour. No text is drawn again, so hovering stays cheap even
 * when the paths cross a thousand-step diagram. */
GskRenderNode *
cs_dag_canvas_record_highlight (CsDagCanvas *self)
{
  g_autoptr(GHashTable) nodes = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) edges = g_hash_table_new (NULL, NULL);
  graphene_rect_t bounds;
  GHashTableIter iter;
  gpointer key;
  GskRenderNode *node;
  GdkRGBA accent = self->style.accent, veil = self->style.canvas_bg;
  cairo_t *cr;

  cs_dag_scene_collect_paths (self->scene, self->hover, nodes, edges);
  cs_dag_scene_get_bounds (self->scene, &bounds);
  node = gsk_cairo_node_new (&bounds);
  cr = gsk_cairo_node_get_draw_context (node);

  veil.alpha = 0.6;
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_rectangle (cr, bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
  g_hash_table_iter_init (&iter, nodes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (cs_dag_scene_get_node (self->scene, GPOINTER_TO_UINT (key))->placed)
      cs_dag_painter_node_path (cr, cs_dag_scene_get_node (self->scene, GPOINTER_TO_UINT (key)), 0, 0, 2);
  gdk_cairo_set_source_rgba (cr, &veil);
  cairo_fill (cr);

  g_hash_table_iter_init (&iter, edges);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    cs_dag_painter_draw_edge (self->painter, cr, self->scene, GPOINTER_TO_UINT (key), self->detail, &accent, 1.6);

  cs_dag_painter_node_path (cr, cs_dag_scene_get_node (self->scene, self->hover), 0, 0, 3);
  accent.alpha = 0.55;
  gdk_cairo_set_source_rgba (cr, &accent);
  cairo_set_line_width (cr, self->detail == CS_DAG_DETAIL_SHAPES ? 8 : 2.5);
  cairo_stroke (cr);
  cairo_destroy (cr);
  return node;
}

static void
draw_ring (CsDagCanvas   *self,
           cairo_t       *cr,
           CsDagNode     *node,
           double         dx,
           double         dy)
{
  double width = self->detail == CS_DAG_DETAIL_SHAPES ? 10 : self->detail == CS_DAG_DETAIL_FULL ? 3 : 5;

  cs_dag_painter_node_path (cr, node, dx, dy, 3 + width / 2);
  gdk_cairo_set_source_rgba (cr, &self->style.accent);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}

GskRenderNode *
cs_dag_canvas_record_selection (CsDagCanvas *self)
{
  GHashTableIter iter;
  gpointer key;
  cairo_t *cr;

  if (g_hash_table_size (self->selected_steps) == 0 && g_hash_table_size (self->selected_edges) == 0)
    return NULL;
  cr = begin_layer ();

  g_hash_table_iter_init (&iter, self->selected_edges);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int e = cs_dag_scene_find_edge (self->scene, key);

      if (e >= 0)
        cs_dag_painter_draw_edge (self->painter, cr, self->scene, e, self->detail, &self->style.accent, 2.0);
    }
  g_hash_table_iter_init (&iter, self->selected_steps);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int n = cs_dag_scene_find_node (self->scene, key);

      if (n >= 0 && cs_dag_scene_get_node (self->scene, n)->placed &&
          !g_hash_table_contains (self->excluded, GINT_TO_POINTER (n)))
        draw_ring (self, cr, cs_dag_scene_get_node (self->scene, n), 0, 0);
    }
  return end_layer (cr);
}

static void
draw_port (CsDagCanvas *self,
           cairo_t     *cr,
           guint        index,
           double       dx,
           double       dy)
{
  CsDagNode *node = cs_dag_scene_get_node (self->scene, index);
  double x, y, r = 6.0 / MIN (1.0, self->zoom);

  if (node->type == CS_STEP_TERMINAL || !node->placed)
    return;
  cs_dag_scene_get_port (self->scene, index, TRUE, &x, &y);
  cairo_arc (cr, x + dx, y + dy, r, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, (int) index == self->hover_port ? &self->style.accent : &self->style.surface);
  cairo_fill_preserve (cr);
  gdk_cairo_set_source_rgba (cr, &self->style.accent);
  cairo_set_line_width (cr, 2.0 / MIN (1.0, self->zoom));
  cairo_stroke (cr);
}

/* What moves with the pointer: drawn every frame, small. */
static void
draw_dynamic (CsDagCanvas           *self,
              cairo_t               *cr)
{
  GHashTableIter iter;
  gpointer key;
  int focus = cs_dag_canvas_focus_index (self);

  if (self->drag_mode == CS_DRAG_MOVE && g_hash_table_size (self->excluded) > 0)
    {
      for (guint e = 0; e < cs_dag_scene_get_n_edges (self->scene); e++)
        {
          CsDagEdge *edge = cs_dag_scene_get_edge (self->scene, e);
          CsLayoutPoint points[4];

          if (edge->n_points < 4 || !cs_dag_canvas_edge_touches (self, e, self->excluded))
            continue;
          cs_dag_scene_route_moved (self->scene, e, self->excluded, self->drag_dx, self->drag_dy, points);
          cs_dag_painter_draw_route (self->painter, cr, points, 4, 1.6, &self->style.edge,
                                     edge->kind == CS_EDGE_DEFAULT);
        }
      g_hash_table_iter_init (&iter, self->excluded);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          guint n = GPOINTER_TO_UINT (key);

          cs_dag_painter_draw_node (self->painter, cr, self->scene, n, self->drag_dx, self->drag_dy, self->detail);
          if (g_hash_table_contains (self->selected_steps, cs_dag_scene_get_node (self->scene, n)->id))
            draw_ring (self, cr, cs_dag_scene_get_node (self->scene, n), self->drag_dx, self->drag_dy);
        }
    }

  if (focus >= 0 && self->focus_visible && gtk_widget_has_focus (GTK_WIDGET (self)))
    {
      CsDagNode *node = cs_dag_scene_get_node (self->scene, focus);
      gboolean moving = g_hash_table_contains (self->excluded, GINT_TO_POINTER (focus));

      if (node->placed)
        {
          double unit = 1.0 / MIN (1.0, self->zoom);

          cs_dag_painter_node_path (cr, node, moving ? self->drag_dx : 0, moving ? self->drag_dy : 0, 7 * unit);
          gdk_cairo_set_source_rgba (cr, &self->style.fg);
          cairo_set_line_width (cr, 1.5 * unit);
          cairo_set_dash (cr, (double[]) { 4 * unit, 3 * unit }, 2, 0);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
    }

  if (self->editable && self->drag_mode != CS_DRAG_MOVE && self->hover >= 0)
    draw_port (self, cr, self->hover, 0, 0);

  if (self->drag_mode == CS_DRAG_CONNECT && self->drag_node >= 0)
    {
      GdkRGBA color = self->connect_target < 0 ? self->style.accent
                      : self->connect_ok ? self->style.success : self->style.error;
      CsLayoutPoint p[4];
      double fx, fy, tx, ty;

      cs_dag_scene_get_port (self->scene, self->drag_node, TRUE, &fx, &fy);
      if (self->connect_target >= 0)
        {
          cs_dag_scene_get_port (self->scene, self->connect_target, FALSE, &tx, &ty);
          draw_ring (self, cr, cs_dag_scene_get_node (self->scene, self->connect_target), 0, 0);
          cs_dag_painter_node_path (cr, cs_dag_scene_get_node (self->scene, self->connect_target), 0, 0, 6);
          gdk_cairo_set_source_rgba (cr, &color);
          cairo_set_line_width (cr, 3);
          cairo_stroke (cr);
        }
      else
        cs_dag_canvas_widget_to_canvas (self, self->pointer_x, self->pointer_y, &tx, &ty);
      p[0] = (CsLayoutPoint) { fx, fy };
      p[3] = (CsLayoutPoint) { tx, ty };
      if (self->direction == CS_LAYOUT_LEFT_TO_RIGHT)
        {
          p[1] = (CsLayoutPoint) { fx + fabs (tx - fx) / 2 + 20, fy };
          p[2] = (CsLayoutPoint) { tx - fabs (tx - fx) / 2 - 20, ty };
        }
      else
        {
          p[1] = (CsLayoutPoint) { fx, fy + fabs (ty - fy) / 2 + 20 };
          p[2] = (CsLayoutPoint) { tx, ty - fabs (ty - fy) / 2 - 20 };
        }
      cs_dag_painter_draw_route (self->painter, cr, p, 4, 2.0 / MIN (1.0, self->zoom), &color,
                                 self->connect_target < 0);
      draw_port (self, cr, self->drag_node, 0, 0);
    }
}

GskRenderNode *
cs_dag_canvas_record_dynamic (CsDagCanvas *self)
{
  cairo_t *cr;

  if (!((self->drag_mode == CS_DRAG_MOVE && g_hash_table_size (self->excluded) > 0) ||
        self->drag_mode == CS_DRAG_CONNECT || (self->editable && self->hover >= 0) ||
        (self->focus_visible && self->focus_id != NULL && gtk_widget_has_focus (GTK_WIDGET (self)))))
    return NULL;
  cr = begin_layer ();
  draw_dynamic (self, cr);
  return end_layer (cr);
}
