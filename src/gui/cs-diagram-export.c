/* cs-diagram-export.c: a workflow diagram written to a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "core/cs-workflow-dot.h"
#include "cs-dag-painter.h"
#include "cs-diagram-export.h"

/* Bitmaps are drawn at twice the size for sharp text, within this. */
#define PNG_MAX_PIXELS 16384.0
#define HEADING_HEIGHT 44.0

const char *
cs_diagram_format_extension (CsDiagramFormat format)
{
  switch (format)
    {
    case CS_DIAGRAM_SVG:
      return "svg";
    case CS_DIAGRAM_PDF:
      return "pdf";
    case CS_DIAGRAM_DOT:
      return "gv";
    case CS_DIAGRAM_PNG:
    default:
      return "png";
    }
}

gboolean
cs_diagram_format_from_name (const char      *name,
                             CsDiagramFormat *format)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (format != NULL, FALSE);

  if (name == NULL)
    return FALSE;
  lower = g_ascii_strdown (name, -1);
  if (g_str_has_suffix (lower, ".png"))
    *format = CS_DIAGRAM_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = CS_DIAGRAM_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = CS_DIAGRAM_PDF;
  else if (g_str_has_suffix (lower, ".gv") || g_str_has_suffix (lower, ".dot"))
    *format = CS_DIAGRAM_DOT;
  else
    return FALSE;
  return TRUE;
}

typedef struct
{
  GOutputStream *stream;
  GError        *error;
} Sink;

static cairo_status_t
write_to_sink (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  Sink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->stream, data, length, NULL, NULL, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static void
draw_page (cairo_t               *cr,
           CsDagPainter          *painter,
           CsDagScene            *scene,
           const graphene_rect_t *bounds,
           double                 width,
           double                 height)
{
  const CsDagStyle *style = cs_dag_painter_get_style (painter);
  CsWorkflow *workflow = cs_dag_scene_get_workflow (scene);
  g_autofree char *heading = NULL;
  PangoLayout *layout;
  PangoFontDescription *font;
  double legend_w, legend_h;

  gdk_cairo_set_source_rgba (cr, &style->canvas_bg);
  cairo_paint (cr);

  heading = g_strdup_printf (_("%s — version %d"), cs_workflow_get_name (workflow),
                             cs_workflow_get_version (workflow));
  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans Bold 15px");
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, heading, -1);
  cairo_move_to (cr, CS_DAG_MARGIN, 16);
  gdk_cairo_set_source_rgba (cr, &style->fg);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);

  cairo_save (cr);
  cairo_translate (cr, -bounds->origin.x, HEADING_HEIGHT - bounds->origin.y);
  cs_dag_painter_draw_scene (painter, cr, scene, CS_DAG_DETAIL_FULL);
  cairo_restore (cr);

  if (cs_dag_painter_measure_legend (painter, &legend_w, &legend_h))
    cs_dag_painter_draw_legend (painter, cr, CS_DAG_MARGIN, height - legend_h - 16);
}

gboolean
cs_diagram_export (CsDagScene       *scene,
                   CsDagOverlay     *overlay,
                   CsDiagramFormat   format,
                   GFile            *file,
                   GError          **error)
{
  g_autoptr(GFileOutputStream) output = NULL;
  CsDagPainter *painter;
  CsDagStyle style;
  graphene_rect_t bounds;
  cairo_surface_t *surface;
  cairo_status_t status;
  Sink sink = { NULL, NULL };
  double width, height, legend_w = 0, legend_h = 0;
  cairo_t *cr;

  g_return_val_if_fail (scene != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format == CS_DIAGRAM_DOT)
    {
      g_autofree char *dot = cs_workflow_to_dot (cs_dag_scene_get_workflow (scene),
                                                 (CsDotDirection) cs_dag_scene_get_direction (scene));

      return g_file_replace_contents (file, dot, strlen (dot), NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                      NULL, NULL, error);
    }

  cs_dag_style_init_light (&style);
  painter = cs_dag_painter_new (&style, overlay);
  cs_dag_style_clear (&style);

  cs_dag_scene_get_bounds (scene, &bounds);
  if (bounds.size.width <= 0)
    bounds = GRAPHENE_RECT_INIT (0, 0, 2 * CS_DAG_MARGIN, 2 * CS_DAG_MARGIN);
  width = MAX (bounds.size.width, 320);
  height = bounds.size.height + HEADING_HEIGHT;
  if (cs_dag_painter_measure_legend (painter, &legend_w, &legend_h))
    {
      width = MAX (width, legend_w + 2 * CS_DAG_MARGIN);
      height += legend_h + 16;
    }

  output = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (output == NULL)
    {
      cs_dag_painter_free (painter);
      return FALSE;
    }
  sink.stream = G_OUTPUT_STREAM (output);

  switch (format)
    {
    case CS_DIAGRAM_SVG:
      surface = cairo_svg_surface_create_for_stream (write_to_sink, &sink, width, height);
      break;
    case CS_DIAGRAM_PDF:
      surface = cairo_pdf_surface_create_for_stream (write_to_sink, &sink, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                      cs_workflow_get_name (cs_dag_scene_get_workflow (scene)));
      break;
    case CS_DIAGRAM_PNG:
    case CS_DIAGRAM_DOT:
    default:
      {
        double scale = MIN (2.0, PNG_MAX_PIXELS / MAX (width, height));

        surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width * scale),
                                              (int) ceil (height * scale));
        cairo_surface_set_device_scale (surface, scale, scale);
      }
      break;
    }

  cr = cairo_create (surface);
  draw_page (cr, painter, scene, &bounds, width, height);
  cairo_destroy (cr);
  cs_dag_painter_free (painter);

  if (format == CS_DIAGRAM_PNG)
    status = cairo_surface_write_to_png_stream (surface, write_to_sink, &sink);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  if (sink.error != NULL)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not draw the diagram: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (output), NULL, error);
}
