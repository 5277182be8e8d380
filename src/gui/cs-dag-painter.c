/* cs-dag-painter.c: drawing a workflow diagram with cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "cs-dag-painter-private.h"

CsDagDetail
cs_dag_detail_for_zoom (double zoom)
{
  /* Text stays about 7 pixels or more at every level. */
  if (zoom >= 0.6)
    return CS_DAG_DETAIL_FULL;
  if (zoom >= 0.36)
    return CS_DAG_DETAIL_COMPACT;
  if (zoom >= 0.2)
    return CS_DAG_DETAIL_OVERVIEW;
  return CS_DAG_DETAIL_SHAPES;
}

static PangoFontDescription *
make_font (const char  *family,
           double       size,
           PangoWeight  weight)
{
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, family);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  return font;
}

CsDagPainter *
cs_dag_painter_new (const CsDagStyle *style,
                    CsDagOverlay     *overlay)
{
  CsDagPainter *painter = g_new0 (CsDagPainter, 1);
  cairo_font_options_t *options = cairo_font_options_create ();

  cs_dag_style_copy (&painter->style, style);
  painter->overlay = overlay ? g_object_ref (overlay) : NULL;

  /* Unhinted metrics so that text scales smoothly with the zoom. */
  painter->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (painter->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (painter->context, FALSE);
  painter->layout = pango_layout_new (painter->context);

  painter->title_font = make_font (style->font_family, 12.5, PANGO_WEIGHT_SEMIBOLD);
  painter->subtitle_font = make_font (style->font_family, 10.5, PANGO_WEIGHT_NORMAL);
  painter->compact_font = make_font (style->font_family, 20, PANGO_WEIGHT_BOLD);
  painter->overview_font = make_font (style->font_family, 27, PANGO_WEIGHT_BOLD);
  painter->overview_small_font = make_font (style->font_family, 22, PANGO_WEIGHT_BOLD);
  painter->label_font = make_font (style->font_family, 10.5, PANGO_WEIGHT_NORMAL);
  return painter;
}

void
cs_dag_painter_free (CsDagPainter *painter)
{
  if (painter == NULL)
    return;
  cs_dag_style_clear (&painter->style);
  g_clear_object (&painter->overlay);
  g_clear_object (&painter->layout);
  g_clear_object (&painter->context);
  pango_font_description_free (painter->title_font);
  pango_font_description_free (painter->subtitle_font);
  pango_font_description_free (painter->compact_font);
  pango_font_description_free (painter->overview_font);
  pango_font_description_free (painter->overview_small_font);
  pango_font_description_free (painter->label_font);
  g_free (painter);
}

const CsDagStyle *
cs_dag_painter_get_style (CsDagPainter *painter)
{
  return &painter->style;
}

/* Text */

void
_cs_dag_set_text (CsDagPainter               *painter,
                  const char                 *text,
                  const PangoFontDescription *font,
                  double                      width,
                  int                         lines,
                  PangoAlignment              alignment)
{
  PangoLayout *layout = painter->layout;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_height (layout, -lines);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, text ? text : "", -1);
}

void
_cs_dag_text_size (CsDagPainter *painter,
                   double       *width,
                   double       *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (painter->layout, NULL, &logical);
  *width = (double) logical.width / PANGO_SCALE;
  *height = (double) logical.height / PANGO_SCALE;
}

void
_cs_dag_show_text (CsDagPainter  *painter,
                   cairo_t       *cr,
                   double         x,
                   double         y,
                   const GdkRGBA *color)
{
  cairo_move_to (cr, x, y);
  gdk_cairo_set_source_rgba (cr, color);
  pango_cairo_show_layout (cr, painter->layout);
}

/* Shapes */

void
_cs_dag_rounded_rect (cairo_t *cr,
                      double   x,
                      double   y,
                      double   w,
                      double   h,
                      double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static double
corner_radius (const CsDagNode *node)
{
  switch (node->type)
    {
    case CS_STEP_ACTION:
      return 14;
    case CS_STEP_TERMINAL:
      return node->height / 2;
    case CS_STEP_APPROVAL:
    case CS_STEP_INTEGRATION:
    case CS_STEP_CONDITIONAL:
    default:
      return 5;
    }
}

void
cs_dag_painter_node_path (cairo_t         *cr,
                          const CsDagNode *node,
                          double           dx,
                          double           dy,
                          double           grow)
{
  double cx = node->x + dx, cy = node->y + dy;
  double hw = node->width / 2 + grow, hh = node->height / 2 + grow;

  if (node->type == CS_STEP_CONDITIONAL)
    {
      /* Grow along the diagonal so rings stay parallel to the sides. */
      double k = hypot (node->width, node->height) / node->height;

      hw = node->width / 2 + grow * k * node->width / node->height * 0.5 + grow * 0.5;
      hh = node->height / 2 + grow * k * 0.5 + grow * 0.5;
      cairo_new_sub_path (cr);
      cairo_move_to (cr, cx, cy - hh);
      cairo_line_to (cr, cx + hw, cy);
      cairo_line_to (cr, cx, cy + hh);
      cairo_line_to (cr, cx - hw, cy);
      cairo_close_path (cr);
      return;
    }
  _cs_dag_rounded_rect (cr, cx - hw, cy - hh, 2 * hw, 2 * hh, corner_radius (node) + grow);
}

void
cs_dag_painter_draw_glyph (cairo_t          *cr,
                           CsStepType        type,
                           CsTerminalStatus  status,
                           double            cx,
                           double            cy,
                           double            s,
                           const GdkRGBA    *color)
{
  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_scale (cr, s, s);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 0.12);

  switch (type)
    {
    case CS_STEP_ACTION:
      /* A bolt: automatic work. */
      cairo_move_to (cr, 0.08, -0.48);
      cairo_line_to (cr, -0.30, 0.06);
      cairo_line_to (cr, -0.02, 0.06);
      cairo_line_to (cr, -0.10, 0.48);
      cairo_line_to (cr, 0.30, -0.08);
      cairo_line_to (cr, 0.02, -0.08);
      cairo_close_path (cr);
      cairo_fill (cr);
      break;
    case CS_STEP_CONDITIONAL:
      /* A fork: one way in, two ways out. */
      cairo_move_to (cr, -0.42, 0);
      cairo_line_to (cr, -0.05, 0);
      cairo_line_to (cr, 0.30, -0.32);
      cairo_move_to (cr, -0.05, 0);
      cairo_line_to (cr, 0.30, 0.32);
      cairo_stroke (cr);
      cairo_arc (cr, 0.33, -0.34, 0.10, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_arc (cr, 0.33, 0.34, 0.10, 0, 2 * G_PI);
      cairo_fill (cr);
      break;
    case CS_STEP_APPROVAL:
      /* A person and a check mark. */
      cairo_arc (cr, -0.12, -0.20, 0.17, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_arc (cr, -0.12, 0.42, 0.32, G_PI, 2 * G_PI);
      cairo_close_path (cr);
      cairo_fill (cr);
      cairo_set_line_width (cr, 0.11);
      cairo_move_to (cr, 0.18, 0.06);
      cairo_line_to (cr, 0.28, 0.17);
      cairo_line_to (cr, 0.48, -0.08);
      cairo_stroke (cr);
      break;
    case CS_STEP_INTEGRATION:
      /* A plug: another system. */
      cairo_move_to (cr, -0.13, -0.46);
      cairo_line_to (cr, -0.13, -0.22);
      cairo_move_to (cr, 0.13, -0.46);
      cairo_line_to (cr, 0.13, -0.22);
      cairo_stroke (cr);
      _cs_dag_rounded_rect (cr, -0.30, -0.24, 0.60, 0.34, 0.10);
      cairo_fill (cr);
      cairo_move_to (cr, -0.10, 0.10);
      cairo_line_to (cr, 0.10, 0.10);
      cairo_line_to (cr, 0.05, 0.24);
      cairo_line_to (cr, -0.05, 0.24);
      cairo_close_path (cr);
      cairo_fill (cr);
      cairo_move_to (cr, 0, 0.24);
      cairo_curve_to (cr, 0, 0.44, 0.25, 0.34, 0.30, 0.48);
      cairo_stroke (cr);
      break;
    case CS_STEP_TERMINAL:
    default:
      cairo_set_line_width (cr, 0.15);
      switch (status)
        {
        case CS_TERMINAL_SUCCESS:
          cairo_move_to (cr, -0.32, 0.02);
          cairo_line_to (cr, -0.08, 0.26);
          cairo_line_to (cr, 0.34, -0.22);
          break;
        case CS_TERMINAL_REJECTED:
        case CS_TERMINAL_FAILED:
          cairo_move_to (cr, -0.26, -0.26);
          cairo_line_to (cr, 0.26, 0.26);
          cairo_move_to (cr, 0.26, -0.26);
          cairo_line_to (cr, -0.26, 0.26);
          break;
        case CS_TERMINAL_CANCELLED:
        default:
          cairo_move_to (cr, -0.28, 0);
          cairo_line_to (cr, 0.28, 0);
          break;
        }
      cairo_stroke (cr);
      break;
    }
  cairo_restore (cr);
}

/* Nodes */

static void
draw_marker (CsDagPainter    *painter,
             cairo_t         *cr,
             const CsDagNode *node,
             double           cx,
             double           cy,
             CsDagDetail      detail)
{
  const GdkRGBA white = { 1, 1, 1, 1 };
  double r = detail == CS_DAG_DETAIL_SHAPES ? 16 : detail == CS_DAG_DETAIL_FULL ? 9 : 12;
  double x, y;

  if (node->n_errors == 0 && node->n_warnings == 0)
    return;
  if (node->type == CS_STEP_CONDITIONAL)
    {
      x = cx + node->width / 4 + 6;
      y = cy - node->height / 4 - 6;
    }
  else
    {
      x = cx + node->width / 2 - (node->type == CS_STEP_TERMINAL ? node->height / 4 : 2);
      y = cy - node->height / 2 + 2;
    }
  cairo_arc (cr, x, y, r + 1.5, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, &painter->style.canvas_bg);
  cairo_fill (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, node->n_errors ? &painter->style.error : &painter->style.warning);
  cairo_fill (cr);
  gdk_cairo_set_source_rgba (cr, &white);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width (cr, r * 0.26);
  cairo_move_to (cr, x, y - r * 0.5);
  cairo_line_to (cr, x, y + r * 0.1);
  cairo_stroke (cr);
  cairo_arc (cr, x, y + r * 0.48, r * 0.15, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
draw_start_marker (CsDagPainter    *painter,
                   cairo_t         *cr,
                   CsDagScene      *scene,
                   const CsDagNode *node,
                   double           cx,
                   double           cy,
                   CsDagDetail      detail)
{
  gboolean horizontal = cs_dag_scene_get_direction (scene) == CS_LAYOUT_LEFT_TO_RIGHT;
  double ex = horizontal ? cx - node->width / 2 : cx;
  double ey = horizontal ? cy : cy - node->height / 2;
  double sx = horizontal ? ex - 34 : ex, sy = horizontal ? ey : ey - 34;
  CsLayoutPoint p[4] = {
    { sx, sy }, { sx + (ex - sx) / 3, sy + (ey - sy) / 3 },
    { sx + 2 * (ex - sx) / 3, sy + 2 * (ey - sy) / 3 }, { ex, ey },
  };

  cairo_arc (cr, sx, sy, detail == CS_DAG_DETAIL_SHAPES ? 10 : 7, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, &painter->style.fg);
  cairo_fill (cr);
  cs_dag_painter_draw_route (painter, cr, p, 4, _cs_dag_detail_width (detail), &painter->style.fg, FALSE);
}

void
cs_dag_painter_draw_node (CsDagPainter *painter,
                          cairo_t      *cr,
                          CsDagScene   *scene,
                          guint         index,
                          double        dx,
                          double        dy,
                          CsDagDetail   detail)
{
  const CsDagStyle *style = &painter->style;
  CsDagNode *node = cs_dag_scene_get_node (scene, index);
  double cx = node->x + dx, cy = node->y + dy;
  double left = cx - node->width / 2;
  const GdkRGBA white = { 1, 1, 1, 1 };
  const char *overlay_label = NULL;
  double position = 0;
  gboolean measured = painter->overlay &&
                      cs_dag_overlay_lookup_step (painter->overlay, node->id, NULL, &position, &overlay_label);
  gboolean terminal = node->type == CS_STEP_TERMINAL;
  GdkRGBA hue, fill, ink, dim, glyph_ink, shadow = { 0, 0, 0, style->dark ? 0.35 : 0.07 };

  if (!node->placed)
    return;

  cs_dag_style_type_color (style, node->type, node->status, &hue);
  if (measured)
    cs_dag_overlay_scale_color (position, &fill);
  else if (terminal)
    fill = hue;
  else
    cs_dag_mix (&style->surface, &hue, style->dark ? 0.20 : 0.09, &fill);
  fill.alpha = 1;
  if (measured || terminal)
    {
      gboolean light = cs_dag_luminance (&fill) > 0.4;

      gdk_rgba_parse (&ink, light ? "#241f31" : "#ffffff");
    }
  else
    ink = style->fg;
  dim = ink;
  dim.alpha = 0.72;
  /* Glyphs sit on the hue; amber and light hues want dark ink. */
  if (cs_dag_luminance (&hue) > 0.45)
    gdk_rgba_parse (&glyph_ink, "#241f31");
  else
    glyph_ink = white;

  if (node->is_start)
    draw_start_marker (painter, cr, scene, node, cx, cy, detail);

  if (detail != CS_DAG_DETAIL_SHAPES)
    {
      cs_dag_painter_node_path (cr, node, dx, dy + 2, 0.5);
      gdk_cairo_set_source_rgba (cr, &shadow);
      cairo_fill (cr);
    }
  cs_dag_painter_node_path (cr, node, dx, dy, 0);
  gdk_cairo_set_source_rgba (cr, &fill);
  cairo_fill_preserve (cr);
  gdk_cairo_set_source_rgba (cr, terminal && !measured ? &fill : &hue);
  cairo_set_line_width (cr, detail == CS_DAG_DETAIL_SHAPES ? 4 : detail == CS_DAG_DETAIL_OVERVIEW ? 3 : 1.6);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);

  if (detail == CS_DAG_DETAIL_SHAPES)
    {
      cs_dag_painter_draw_glyph (cr, node->type, node->status, cx, cy, node->height * 0.62,
                                 terminal || measured ? &ink : &hue);
      draw_marker (painter, cr, node, cx, cy, detail);
      return;
    }

  if (detail == CS_DAG_DETAIL_OVERVIEW)
    {
      /* Titles only, as large as the shape allows, for the bird's-eye view. */
      gboolean box = node->type != CS_STEP_CONDITIONAL && !terminal;
      double text_w = node->type == CS_STEP_CONDITIONAL ? node->width * 0.7 : node->width - 20;
      double tw, th;

      _cs_dag_set_text (painter, node->title, box ? painter->overview_font : painter->overview_small_font, text_w,
                        terminal ? 1 : 2, PANGO_ALIGN_CENTER);
      _cs_dag_text_size (painter, &tw, &th);
      _cs_dag_show_text (painter, cr, cx - text_w / 2, cy - th / 2, &ink);
    }
  else if (node->type == CS_STEP_CONDITIONAL)
    {
      gboolean compact = detail == CS_DAG_DETAIL_COMPACT;
      double tw, th, text_w = compact ? 116 : 96;

      cs_dag_painter_draw_glyph (cr, node->type, node->status, cx, cy - (compact ? 26 : 22), compact ? 16 : 15,
                                 measured ? &ink : &hue);
      _cs_dag_set_text (painter, node->title, compact ? painter->compact_font : painter->title_font, text_w, 2,
                        PANGO_ALIGN_CENTER);
      _cs_dag_text_size (painter, &tw, &th);
      _cs_dag_show_text (painter, cr, cx - text_w / 2, cy - (compact ? 14 : 10), &ink);
      if (!compact && overlay_label != NULL)
        {
          _cs_dag_set_text (painter, overlay_label, painter->subtitle_font, text_w, 1, PANGO_ALIGN_CENTER);
          _cs_dag_show_text (painter, cr, cx - text_w / 2, cy + 12, &dim);
        }
    }
  else if (terminal)
    {
      double tw, th, text_left = left + 36, text_w = node->width - 36 - 16;

      cs_dag_painter_draw_glyph (cr, node->type, node->status, left + 22, cy, 18, &ink);
      _cs_dag_set_text (painter, node->title, detail == CS_DAG_DETAIL_COMPACT ? painter->compact_font
                                                                               : painter->title_font,
                        text_w, 2, PANGO_ALIGN_CENTER);
      _cs_dag_text_size (painter, &tw, &th);
      _cs_dag_show_text (painter, cr, text_left, cy - th / 2, &ink);
    }
  else
    {
      double badge_x = left + 26, text_left = left + 50, text_w = node->width - 50 - 12;
      const char *second = measured && overlay_label ? overlay_label : node->subtitle;
      double tw, th, sw = 0, sh = 0;

      cairo_arc (cr, badge_x, cy, 15, 0, 2 * G_PI);
      gdk_cairo_set_source_rgba (cr, &hue);
      cairo_fill (cr);
      cs_dag_painter_draw_glyph (cr, node->type, node->status, badge_x, cy, 18, &glyph_ink);

      if (detail == CS_DAG_DETAIL_COMPACT)
        {
          _cs_dag_set_text (painter, node->title, painter->compact_font, text_w, 2, PANGO_ALIGN_LEFT);
          _cs_dag_text_size (painter, &tw, &th);
          _cs_dag_show_text (painter, cr, text_left, cy - th / 2, &ink);
        }
      else
        {
          if (second != NULL)
            {
              _cs_dag_set_text (painter, second, painter->subtitle_font, text_w, 1, PANGO_ALIGN_LEFT);
              _cs_dag_text_size (painter, &sw, &sh);
            }
          _cs_dag_set_text (painter, node->title, painter->title_font, text_w, second ? 2 : 3, PANGO_ALIGN_LEFT);
          _cs_dag_text_size (painter, &tw, &th);
          _cs_dag_show_text (painter, cr, text_left, cy - (th + sh) / 2, &ink);
          if (second != NULL)
            {
              _cs_dag_set_text (painter, second, painter->subtitle_font, text_w, 1, PANGO_ALIGN_LEFT);
              _cs_dag_show_text (painter, cr, text_left, cy - (th + sh) / 2 + th, &dim);
            }
        }
    }

  draw_marker (painter, cr, node, cx, cy, detail);
}
