/* cs-dag-painter-edges.c: edges, their labels, the legend and whole scenes
 *
 * The part of CsDagPainter that draws between and around the nodes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "cs-dag-painter-private.h"

/* Edges */

static void
edge_color (CsDagPainter *painter,
            CsEdgeKind    kind,
            GdkRGBA      *color)
{
  const CsDagStyle *style = &painter->style;

  switch (kind)
    {
    case CS_EDGE_APPROVED:
      cs_dag_mix (&style->edge, &style->success, 0.65, color);
      break;
    case CS_EDGE_REJECTED:
      cs_dag_mix (&style->edge, &style->error, 0.65, color);
      break;
    case CS_EDGE_NEXT:
    case CS_EDGE_BRANCH:
    case CS_EDGE_DEFAULT:
    default:
      *color = style->edge;
      break;
    }
}

double
_cs_dag_detail_width (CsDagDetail detail)
{
  switch (detail)
    {
    case CS_DAG_DETAIL_SHAPES:
      return 5.0;
    case CS_DAG_DETAIL_OVERVIEW:
      return 3.4;
    case CS_DAG_DETAIL_COMPACT:
      return 2.4;
    case CS_DAG_DETAIL_FULL:
    default:
      return 1.6;
    }
}

void
cs_dag_painter_draw_route (CsDagPainter        *painter,
                           cairo_t             *cr,
                           const CsLayoutPoint *p,
                           guint                n,
                           double               width,
                           const GdkRGBA       *color,
                           gboolean             dashed)
{
  double length = 5.0 + 3.2 * width, half = 2.2 + 1.6 * width;
  double tx = 0, ty = 0, norm;
  double ex, ey;

  if (n < 4)
    return;

  /* The arrow points along the last non-degenerate tangent. */
  for (guint i = n - 1; i > 0 && hypot (tx, ty) < 0.01; i--)
    {
      tx = p[n - 1].x - p[i - 1].x;
      ty = p[n - 1].y - p[i - 1].y;
    }
  norm = hypot (tx, ty);
  if (norm < 0.01)
    return;
  tx /= norm;
  ty /= norm;
  ex = p[n - 1].x - tx * length * 0.8;
  ey = p[n - 1].y - ty * length * 0.8;

  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  if (dashed)
    cairo_set_dash (cr, (double[]) { 3 * width + 2, 2 * width + 2 }, 2, 0);
  cairo_move_to (cr, p[0].x, p[0].y);
  for (guint i = 1; i + 2 < n; i += 3)
    {
      gboolean last = i + 3 >= n;
      /* The last control point moves with the shortened end. */
      double c2x = last ? p[i + 1].x - tx * length * 0.8 : p[i + 1].x;
      double c2y = last ? p[i + 1].y - ty * length * 0.8 : p[i + 1].y;

      cairo_curve_to (cr, p[i].x, p[i].y, c2x, c2y, last ? ex : p[i + 2].x, last ? ey : p[i + 2].y);
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  cairo_move_to (cr, p[n - 1].x, p[n - 1].y);
  cairo_line_to (cr, p[n - 1].x - tx * length - ty * half, p[n - 1].y - ty * length + tx * half);
  cairo_line_to (cr, p[n - 1].x - tx * length * 0.72, p[n - 1].y - ty * length * 0.72);
  cairo_line_to (cr, p[n - 1].x - tx * length + ty * half, p[n - 1].y - ty * length - tx * half);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static double
overlay_edge (CsDagPainter  *painter,
              CsDagScene    *scene,
              CsDagEdge     *edge,
              const char   **label)
{
  double width = 1.0;

  if (label != NULL)
    *label = NULL;
  if (painter->overlay != NULL)
    cs_dag_overlay_lookup_edge (painter->overlay, cs_edge_get_from (edge->edge), cs_edge_get_to (edge->edge),
                                &width, label);
  return width;
}

void
cs_dag_painter_draw_edge (CsDagPainter  *painter,
                          cairo_t       *cr,
                          CsDagScene    *scene,
                          guint          index,
                          CsDagDetail    detail,
                          const GdkRGBA *color,
                          double         emphasis)
{
  CsDagEdge *edge = cs_dag_scene_get_edge (scene, index);
  GdkRGBA own;

  if (edge->n_points < 4)
    return;
  edge_color (painter, edge->kind, &own);
  cs_dag_painter_draw_route (painter, cr, edge->points, edge->n_points,
                             _cs_dag_detail_width (detail) * overlay_edge (painter, scene, edge, NULL) * emphasis,
                             color ? color : &own, edge->kind == CS_EDGE_DEFAULT);
}

void
cs_dag_painter_draw_edge_label (CsDagPainter *painter,
                                cairo_t      *cr,
                                CsDagScene   *scene,
                                guint         index,
                                CsDagDetail   detail)
{
  CsDagEdge *edge = cs_dag_scene_get_edge (scene, index);
  const char *extra = NULL;
  g_autofree char *text = NULL;
  GdkRGBA background = painter->style.canvas_bg, border, ink;
  double w, h;

  if (detail != CS_DAG_DETAIL_FULL || edge->n_points < 4)
    return;
  overlay_edge (painter, scene, edge, &extra);
  if (edge->has_label && extra != NULL)
    text = g_strdup_printf ("%s · %s", edge->label, extra);
  else if (edge->has_label)
    text = g_strdup (edge->label);
  else if (extra != NULL)
    text = g_strdup (extra);
  else
    return;

  _cs_dag_set_text (painter, text, painter->label_font, 220, 1, PANGO_ALIGN_LEFT);
  _cs_dag_text_size (painter, &w, &h);
  edge_color (painter, edge->kind, &border);
  ink = painter->style.fg;
  if (edge->kind == CS_EDGE_APPROVED || edge->kind == CS_EDGE_REJECTED)
    cs_dag_mix (&painter->style.fg, &border, 0.55, &ink);
  background.alpha = 0.94;
  border.alpha = 0.45;

  _cs_dag_rounded_rect (cr, edge->label_x - w / 2 - 6, edge->label_y - h / 2 - 2, w + 12, h + 4, (h + 4) / 2);
  gdk_cairo_set_source_rgba (cr, &background);
  cairo_fill_preserve (cr);
  gdk_cairo_set_source_rgba (cr, &border);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  _cs_dag_show_text (painter, cr, edge->label_x - w / 2, edge->label_y - h / 2, &ink);
}

/* Legend and whole scenes */

#define LEGEND_WIDTH 256.0
#define LEGEND_BAR_HEIGHT 10.0

gboolean
cs_dag_painter_measure_legend (CsDagPainter *painter,
                               double       *width,
                               double       *height)
{
  double min, max;

  if (painter->overlay == NULL || !cs_dag_overlay_get_range (painter->overlay, &min, &max))
    return FALSE;
  *width = LEGEND_WIDTH;
  *height = cs_dag_overlay_has_edges (painter->overlay) ? 96 : 76;
  return TRUE;
}

static char *
format_value (double      value,
              const char *unit)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (number, sizeof number, "%.3g", value);
  return unit ? g_strdup_printf ("%s %s", number, unit) : g_strdup (number);
}

void
cs_dag_painter_draw_legend (CsDagPainter *painter,
                            cairo_t      *cr,
                            double        x,
                            double        y)
{
  const CsDagStyle *style = &painter->style;
  const char *unit = cs_dag_overlay_get_unit (painter->overlay);
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  cairo_pattern_t *gradient;
  GdkRGBA background = style->surface, border = style->fg, dim = style->fg;
  double width, height, min, max, tw, th;

  if (!cs_dag_painter_measure_legend (painter, &width, &height))
    return;
  cs_dag_overlay_get_range (painter->overlay, &min, &max);
  background.alpha = 0.96;
  border.alpha = 0.15;
  dim.alpha = 0.7;

  _cs_dag_rounded_rect (cr, x, y, width, height, 10);
  gdk_cairo_set_source_rgba (cr, &background);
  cairo_fill_preserve (cr);
  gdk_cairo_set_source_rgba (cr, &border);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  _cs_dag_set_text (painter, cs_dag_overlay_get_title (painter->overlay), painter->title_font, width - 24, 1,
                    PANGO_ALIGN_LEFT);
  _cs_dag_show_text (painter, cr, x + 12, y + 10, &style->fg);

  gradient = cairo_pattern_create_linear (x + 12, 0, x + width - 12, 0);
  for (guint i = 0; i <= 8; i++)
    {
      GdkRGBA stop;

      cs_dag_overlay_scale_color (i / 8.0, &stop);
      cairo_pattern_add_color_stop_rgb (gradient, i / 8.0, stop.red, stop.green, stop.blue);
    }
  _cs_dag_rounded_rect (cr, x + 12, y + 34, width - 24, LEGEND_BAR_HEIGHT, 3);
  cairo_set_source (cr, gradient);
  cairo_fill (cr);
  cairo_pattern_destroy (gradient);

  low = format_value (min, unit);
  high = format_value (max, unit);
  _cs_dag_set_text (painter, low, painter->subtitle_font, width / 2, 1, PANGO_ALIGN_LEFT);
  _cs_dag_show_text (painter, cr, x + 12, y + 48, &dim);
  _cs_dag_set_text (painter, high, painter->subtitle_font, width / 2 - 12, 1, PANGO_ALIGN_RIGHT);
  _cs_dag_show_text (painter, cr, x + width / 2, y + 48, &dim);

  if (cs_dag_overlay_has_edges (painter->overlay))
    {
      cairo_set_line_width (cr, 1.5);
      gdk_cairo_set_source_rgba (cr, &style->edge);
      cairo_move_to (cr, x + 12, y + 78);
      cairo_line_to (cr, x + 30, y + 78);
      cairo_stroke (cr);
      cairo_set_line_width (cr, 6);
      cairo_move_to (cr, x + 36, y + 78);
      cairo_line_to (cr, x + 54, y + 78);
      cairo_stroke (cr);
      _cs_dag_set_text (painter, _("Edge width: how often it is taken"), painter->subtitle_font, width - 76, 1,
                        PANGO_ALIGN_LEFT);
      _cs_dag_text_size (painter, &tw, &th);
      _cs_dag_show_text (painter, cr, x + 62, y + 78 - th / 2, &dim);
    }
}

void
cs_dag_painter_draw_scene (CsDagPainter *painter,
                           cairo_t      *cr,
                           CsDagScene   *scene,
                           CsDagDetail   detail)
{
  for (guint i = 0; i < cs_dag_scene_get_n_edges (scene); i++)
    cs_dag_painter_draw_edge (painter, cr, scene, i, detail, NULL, 1.0);
  for (guint i = 0; i < cs_dag_scene_get_n_edges (scene); i++)
    cs_dag_painter_draw_edge_label (painter, cr, scene, i, detail);
  for (guint i = 0; i < cs_dag_scene_get_n_nodes (scene); i++)
    cs_dag_painter_draw_node (painter, cr, scene, i, 0, 0, detail);
}
