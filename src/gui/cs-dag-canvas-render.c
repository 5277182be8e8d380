/* cs-dag-canvas-render.c: drawing the canvas
 *
 * The static scene (every edge, label and node, on the background) is drawn
 * once per zoom into opaque square images of CS_DAG_TILE_SIZE pixels,
 * aligned on whole pixels and kept as render nodes, so that a frame is a
 * few image copies whatever the size of the workflow. (Render nodes of the
 * vectors themselves would be cheaper to build, but GSK's cairo renderer
 * replays them on every frame.) Tiles are drawn lazily, when they come into
 * view; a pan draws only the tiles it uncovers, and tiles are drawn again
 * only when the zoom, the style (dark mode), the overlay or the scene
 * changes — or, during a drag, only those under the dragged steps.
 *
 * What changes while the pointer moves is drawn on top in small layers
 * (cs-dag-canvas-layers.c): the hover highlight and the selection (each
 * cached until it changes), and while dragging, the dragged steps and their
 * edges, which are left out of their tiles for the duration of the drag.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-dag-canvas-private.h"

/* Room for shadows, markers and the start marker around a node. */
#define NODE_MARGIN 48.0
#define GRID_SPACING 24.0
/* Drawn tiles kept beyond those in view, for panning back. */
#define MAX_TILES 160

static void
tile_free (CsDagTile *tile)
{
  g_clear_pointer (&tile->node, gsk_render_node_unref);
  g_free (tile);
}

void
cs_dag_canvas_init_render (CsDagCanvas *self)
{
  self->tiles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) tile_free);
}

static gint64
tile_key (int col,
          int row)
{
  return ((gint64) col << 32) ^ (guint32) row;
}

void
cs_dag_canvas_invalidate_tiles (CsDagCanvas *self)
{
  if (self->tiles != NULL)
    g_hash_table_remove_all (self->tiles);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
cs_dag_canvas_edge_touches (CsDagCanvas *self,
                            guint        index,
                            GHashTable  *nodes)
{
  CsDagEdge *edge = cs_dag_scene_get_edge (self->scene, index);

  return g_hash_table_contains (nodes, GINT_TO_POINTER (edge->from)) ||
         g_hash_table_contains (nodes, GINT_TO_POINTER (edge->to));
}

static void
node_extent (CsDagNode       *node,
             graphene_rect_t *extent)
{
  *extent = GRAPHENE_RECT_INIT (node->x - node->width / 2, node->y - node->height / 2, node->width, node->height);
  graphene_rect_inset (extent, -NODE_MARGIN, -NODE_MARGIN);
}

/* The part of the canvas (in canvas units) a tile shows. */
static void
tile_area (CsDagCanvas     *self,
           int              col,
           int              row,
           graphene_rect_t *area)
{
  double units = CS_DAG_TILE_SIZE / self->tile_zoom;

  *area = GRAPHENE_RECT_INIT (col * units, row * units, units, units);
}

void
cs_dag_canvas_invalidate_nodes (CsDagCanvas *self,
                                GHashTable  *nodes)
{
  g_autoptr(GArray) extents = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  GHashTableIter iter;
  CsDagTile *tile;

  if (self->scene == NULL || self->tile_zoom <= 0)
    return;
  for (guint i = 0; i < cs_dag_scene_get_n_nodes (self->scene); i++)
    if (g_hash_table_contains (nodes, GUINT_TO_POINTER (i)))
      {
        graphene_rect_t extent;

        node_extent (cs_dag_scene_get_node (self->scene, i), &extent);
        g_array_append_val (extents, extent);
      }
  for (guint i = 0; i < cs_dag_scene_get_n_edges (self->scene); i++)
    if (cs_dag_scene_get_edge (self->scene, i)->n_points > 0 && cs_dag_canvas_edge_touches (self, i, nodes))
      g_array_append_val (extents, cs_dag_scene_get_edge (self->scene, i)->bounds);

  g_hash_table_iter_init (&iter, self->tiles);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &tile))
    {
      graphene_rect_t area;

      tile_area (self, tile->col, tile->row, &area);
      for (guint i = 0; i < extents->len; i++)
        if (graphene_rect_intersection (&area, &g_array_index (extents, graphene_rect_t, i), NULL))
          {
            g_hash_table_iter_remove (&iter);
            break;
          }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cs_dag_canvas_invalidate_layers (CsDagCanvas *self)
{
  g_clear_pointer (&self->highlight_node, gsk_render_node_unref);
  g_clear_pointer (&self->selection_node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cs_dag_canvas_clear_render (CsDagCanvas *self)
{
  cs_dag_canvas_invalidate_tiles (self);
  g_clear_pointer (&self->highlight_node, gsk_render_node_unref);
  g_clear_pointer (&self->selection_node, gsk_render_node_unref);
  g_clear_pointer (&self->legend_node, gsk_render_node_unref);
  g_clear_pointer (&self->painter, cs_dag_painter_free);
}

void
cs_dag_canvas_set_cache_enabled (CsDagCanvas *self,
                                 gboolean     enabled)
{
  self->cache_enabled = enabled;
  cs_dag_canvas_clear_render (self);
}

static void
ensure_painter (CsDagCanvas *self)
{
  if (!self->style_valid)
    {
      cs_dag_style_clear (&self->style);
      cs_dag_style_init_from_widget (&self->style, GTK_WIDGET (self));
      self->style_valid = TRUE;
      cs_dag_canvas_clear_render (self);
    }
  if (self->painter == NULL)
    self->painter = cs_dag_painter_new (&self->style, self->overlay);
}

static void
draw_area (CsDagCanvas           *self,
           cairo_t               *cr,
           const graphene_rect_t *area)
{
  CsDagScene *scene = self->scene;
  guint n_edges = cs_dag_scene_get_n_edges (scene);
  guint n_nodes = cs_dag_scene_get_n_nodes (scene);

  for (guint e = 0; e < n_edges; e++)
    if (cs_dag_scene_get_edge (scene, e)->n_points > 0 && !cs_dag_canvas_edge_touches (self, e, self->excluded) &&
        graphene_rect_intersection (&cs_dag_scene_get_edge (scene, e)->bounds, area, NULL))
      cs_dag_painter_draw_edge (self->painter, cr, scene, e, self->detail, NULL, 1.0);
  for (guint e = 0; e < n_edges; e++)
    if (cs_dag_scene_get_edge (scene, e)->n_points > 0 && !cs_dag_canvas_edge_touches (self, e, self->excluded) &&
        graphene_rect_intersection (&cs_dag_scene_get_edge (scene, e)->bounds, area, NULL))
      cs_dag_painter_draw_edge_label (self->painter, cr, scene, e, self->detail);
  for (guint n = 0; n < n_nodes; n++)
    {
      CsDagNode *node = cs_dag_scene_get_node (scene, n);
      graphene_rect_t extent;

      if (!node->placed || g_hash_table_contains (self->excluded, GUINT_TO_POINTER (n)))
        continue;
      node_extent (node, &extent);
      if (graphene_rect_intersection (&extent, area, NULL))
        cs_dag_painter_draw_node (self->painter, cr, scene, n, 0, 0, self->detail);
    }
}

/* The background's dots, every so many pixels at any zoom. */
static double
grid_spacing (CsDagCanvas *self)
{
  double spacing = GRID_SPACING * self->zoom;

  while (spacing < 12)
    spacing *= 2;
  return spacing;
}

#define GRID_DOT 1.6

/* The dots of the pixel-plane square at (@x, @y), in the same places as the
 * background's (see snapshot_grid ()). */
static void
draw_grid (CsDagCanvas *self,
           cairo_t     *cr,
           double       x,
           double       y)
{
  double spacing = grid_spacing (self);
  double first_x = ceil (x / spacing) * spacing, first_y = ceil (y / spacing) * spacing;

  for (double dy = first_y; dy < y + CS_DAG_TILE_SIZE + spacing; dy += spacing)
    for (double dx = first_x; dx < x + CS_DAG_TILE_SIZE + spacing; dx += spacing)
      cairo_rectangle (cr, dx - x - GRID_DOT / 2, dy - y - GRID_DOT / 2, GRID_DOT, GRID_DOT);
  gdk_cairo_set_source_rgba (cr, &self->style.grid);
  cairo_fill (cr);
}

static gboolean
area_is_empty (CsDagCanvas           *self,
               const graphene_rect_t *area)
{
  for (guint e = 0; e < cs_dag_scene_get_n_edges (self->scene); e++)
    if (cs_dag_scene_get_edge (self->scene, e)->n_points > 0 &&
        graphene_rect_intersection (&cs_dag_scene_get_edge (self->scene, e)->bounds, area, NULL))
      return FALSE;
  for (guint n = 0; n < cs_dag_scene_get_n_nodes (self->scene); n++)
    {
      graphene_rect_t extent;

      node_extent (cs_dag_scene_get_node (self->scene, n), &extent);
      if (cs_dag_scene_get_node (self->scene, n)->placed && graphene_rect_intersection (&extent, area, NULL))
        return FALSE;
    }
  return TRUE;
}

/* Rasterized at the current zoom, so that showing it again is a copy. The
 * image goes into a cairo node (GSK's cairo renderer paints a recorded
 * image as it is, where a texture node would be converted on every frame;
 * the GL renderer uploads the node once and keeps it). */
static GskRenderNode *
draw_tile (CsDagCanvas *self,
           int          col,
           int          row)
{
  int size = CS_DAG_TILE_SIZE * self->tile_scale;
  graphene_rect_t area;
  GskRenderNode *node;
  cairo_surface_t *image;
  cairo_t *cr;

  tile_area (self, col, row, &area);
  if (area_is_empty (self, &area))
    return NULL;
  self->n_recorded++;
  /* Opaque, background and grid included: showing it is a plain copy. */
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size, size);
  cr = cairo_create (image);
  gdk_cairo_set_source_rgba (cr, &self->style.canvas_bg);
  cairo_paint (cr);
  cairo_scale (cr, self->tile_scale, self->tile_scale);
  draw_grid (self, cr, col * CS_DAG_TILE_SIZE, row * CS_DAG_TILE_SIZE);
  cairo_scale (cr, self->tile_zoom, self->tile_zoom);
  cairo_translate (cr, -area.origin.x, -area.origin.y);
  draw_area (self, cr, &area);
  cairo_destroy (cr);
  cairo_surface_set_device_scale (image, self->tile_scale, self->tile_scale);

  node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (col * CS_DAG_TILE_SIZE, row * CS_DAG_TILE_SIZE,
                                                  CS_DAG_TILE_SIZE, CS_DAG_TILE_SIZE));
  cr = gsk_cairo_node_get_draw_context (node);
  cairo_set_source_surface (cr, image, col * CS_DAG_TILE_SIZE, row * CS_DAG_TILE_SIZE);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
  return node;
}

/* The tiles covering the view, within the diagram's bounds. */
static gboolean
visible_tiles (CsDagCanvas *self,
               int         *col0,
               int         *row0,
               int         *col1,
               int         *row1)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  graphene_rect_t bounds;
  double ox, oy, x0, y0, x1, y1;

  cs_dag_canvas_get_bounds (self, &bounds);
  if (bounds.size.width <= 0)
    return FALSE;
  cs_dag_canvas_get_origin (self, &ox, &oy);
  x0 = MAX (-ox, bounds.origin.x * self->zoom);
  y0 = MAX (-oy, bounds.origin.y * self->zoom);
  x1 = MIN (-ox + width, (bounds.origin.x + bounds.size.width) * self->zoom);
  y1 = MIN (-oy + height, (bounds.origin.y + bounds.size.height) * self->zoom);
  if (x1 <= x0 || y1 <= y0)
    return FALSE;
  *col0 = (int) floor (x0 / CS_DAG_TILE_SIZE);
  *row0 = (int) floor (y0 / CS_DAG_TILE_SIZE);
  *col1 = (int) floor ((x1 - 1) / CS_DAG_TILE_SIZE);
  *row1 = (int) floor ((y1 - 1) / CS_DAG_TILE_SIZE);
  return TRUE;
}

static CsDagTile *
ensure_tile (CsDagCanvas *self,
             int          col,
             int          row)
{
  gint64 key = tile_key (col, row);
  CsDagTile *tile = g_hash_table_lookup (self->tiles, &key);

  if (tile == NULL)
    {
      tile = g_new0 (CsDagTile, 1);
      tile->col = col;
      tile->row = row;
      tile->node = draw_tile (self, col, row);
      g_hash_table_insert (self->tiles, g_memdup2 (&key, sizeof key), tile);
    }
  return tile;
}

static void
forget_far_tiles (CsDagCanvas *self,
                  int          col0,
                  int          row0,
                  int          col1,
                  int          row1)
{
  GHashTableIter iter;
  CsDagTile *tile;

  if (g_hash_table_size (self->tiles) <= MAX_TILES)
    return;
  g_hash_table_iter_init (&iter, self->tiles);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &tile))
    if (tile->col < col0 - 2 || tile->col > col1 + 2 || tile->row < row0 - 2 || tile->row > row1 + 2)
      g_hash_table_iter_remove (&iter);
}

/* Tiles depend on the zoom, the screen's scale and the level of detail. */
static void
check_tiles (CsDagCanvas *self)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  if (self->tile_zoom != self->zoom || self->tile_scale != scale)
    {
      g_hash_table_remove_all (self->tiles);
      self->tile_zoom = self->zoom;
      self->tile_scale = scale;
    }
  if (cs_dag_detail_for_zoom (self->zoom) != self->detail)
    {
      self->detail = cs_dag_detail_for_zoom (self->zoom);
      g_hash_table_remove_all (self->tiles);
      g_clear_pointer (&self->highlight_node, gsk_render_node_unref);
      g_clear_pointer (&self->selection_node, gsk_render_node_unref);
    }
}

guint
cs_dag_canvas_prepare_all_tiles (CsDagCanvas *self)
{
  int col0, row0, col1, row1;

  ensure_painter (self);
  check_tiles (self);
  if (self->scene == NULL || !visible_tiles (self, &col0, &row0, &col1, &row1))
    return 0;
  for (int row = row0; row <= row1; row++)
    for (int col = col0; col <= col1; col++)
      ensure_tile (self, col, row);
  return (col1 - col0 + 1) * (row1 - row0 + 1);
}

static void
snapshot_grid (CsDagCanvas *self,
               GtkSnapshot *snapshot,
               double       width,
               double       height,
               double       ox,
               double       oy)
{
  double spacing = grid_spacing (self);
  double size = GRID_DOT;

  gtk_snapshot_push_repeat (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height),
                            &GRAPHENE_RECT_INIT (fmod (ox, spacing) - spacing, fmod (oy, spacing) - spacing,
                                                 spacing, spacing));
  gtk_snapshot_append_color (snapshot, &self->style.grid,
                             &GRAPHENE_RECT_INIT (fmod (ox, spacing) - spacing - size / 2,
                                                  fmod (oy, spacing) - spacing - size / 2, size, size));
  gtk_snapshot_pop (snapshot);
}

static void
snapshot_legend (CsDagCanvas *self,
                 GtkSnapshot *snapshot,
                 double       height)
{
  double w, h;

  if (!cs_dag_painter_measure_legend (self->painter, &w, &h))
    return;
  if (self->legend_node == NULL)
    {
      cairo_t *cr;

      self->legend_node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, w, h));
      cr = gsk_cairo_node_get_draw_context (self->legend_node);
      cs_dag_painter_draw_legend (self->painter, cr, 0.5, 0.5);
      cairo_destroy (cr);
    }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (16, height - h - 16));
  gtk_snapshot_append_node (snapshot, self->legend_node);
  gtk_snapshot_restore (snapshot);
}

void
cs_dag_canvas_snapshot_scene (CsDagCanvas *self,
                              GtkSnapshot *snapshot)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  graphene_rect_t visible;
  double ox, oy;

  ensure_painter (self);
  cs_dag_canvas_get_origin (self, &ox, &oy);
  gtk_snapshot_append_color (snapshot, &self->style.canvas_bg, &GRAPHENE_RECT_INIT (0, 0, width, height));
  snapshot_grid (self, snapshot, width, height, ox, oy);
  if (self->scene == NULL)
    return;

  check_tiles (self);
  visible = GRAPHENE_RECT_INIT (-ox / self->zoom, -oy / self->zoom, width / self->zoom, height / self->zoom);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (ox, oy));
  if (self->cache_enabled)
    {
      int col0, row0, col1, row1;

      if (visible_tiles (self, &col0, &row0, &col1, &row1))
        {
          for (int row = row0; row <= row1; row++)
            for (int col = col0; col <= col1; col++)
              {
                CsDagTile *tile = ensure_tile (self, col, row);

                if (tile->node != NULL)
                  gtk_snapshot_append_node (snapshot, tile->node);
              }
          forget_far_tiles (self, col0, row0, col1, row1);
        }
    }
  gtk_snapshot_scale (snapshot, self->zoom, self->zoom);

  if (!self->cache_enabled)
    {
      /* The naive way, for comparison: everything, every frame. */
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &visible);
      cs_dag_painter_draw_scene (self->painter, cr, self->scene, self->detail);
      cairo_destroy (cr);
    }

  if (self->hover >= 0 && self->drag_mode == CS_DRAG_NONE)
    {
      if (self->highlight_node == NULL)
        self->highlight_node = cs_dag_canvas_record_highlight (self);
      gtk_snapshot_append_node (snapshot, self->highlight_node);
    }
  if (self->selection_node == NULL)
    self->selection_node = cs_dag_canvas_record_selection (self);
  if (self->selection_node != NULL)
    gtk_snapshot_append_node (snapshot, self->selection_node);

  {
    g_autoptr(GskRenderNode) layer = cs_dag_canvas_record_dynamic (self);

    if (layer != NULL)
      gtk_snapshot_append_node (snapshot, layer);
  }
  gtk_snapshot_restore (snapshot);

  if (self->drag_mode == CS_DRAG_RUBBER && self->drag_started)
    {
      graphene_rect_t band = GRAPHENE_RECT_INIT (MIN (self->drag_x, self->pointer_x),
                                                 MIN (self->drag_y, self->pointer_y),
                                                 fabs (self->pointer_x - self->drag_x),
                                                 fabs (self->pointer_y - self->drag_y));
      GdkRGBA fill = self->style.accent, border = self->style.accent;
      GskRoundedRect outline;

      fill.alpha = 0.15;
      gtk_snapshot_append_color (snapshot, &fill, &band);
      gsk_rounded_rect_init_from_rect (&outline, &band, 0);
      gtk_snapshot_append_border (snapshot, &outline, (float[]) { 1, 1, 1, 1 },
                                  (GdkRGBA[]) { border, border, border, border });
    }

  snapshot_legend (self, snapshot, height);
}
