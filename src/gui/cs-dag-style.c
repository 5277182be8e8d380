/* cs-dag-style.c: the colours and font a workflow diagram is drawn with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-dag-style.h"

static void
rgba (GdkRGBA    *color,
      const char *spec)
{
  gboolean ok = gdk_rgba_parse (color, spec);
  g_assert (ok);
}

void
cs_dag_style_init_light (CsDagStyle *style)
{
  g_return_if_fail (style != NULL);

  rgba (&style->fg, "#241f31");
  rgba (&style->dim_fg, "#5e5c64");
  rgba (&style->canvas_bg, "#f6f5f4");
  rgba (&style->surface, "#ffffff");
  rgba (&style->grid, "rgba(36,31,49,0.13)");
  rgba (&style->edge, "#77767b");
  rgba (&style->accent, "#3584e4");
  rgba (&style->error, "#e01b24");
  rgba (&style->warning, "#e5a50a");
  rgba (&style->success, "#26a269");
  style->dark = FALSE;
  style->font_family = g_strdup ("Sans");
}

static void
lookup (GtkStyleContext *context,
        const char      *name,
        GdkRGBA         *color)
{
  GdkRGBA found;

  if (gtk_style_context_lookup_color (context, name, &found))
    *color = found;
}

void
cs_dag_style_init_from_widget (CsDagStyle *style,
                               GtkWidget  *widget)
{
  GtkStyleContext *context;
  g_autofree char *font_name = NULL;
  PangoFontDescription *font;
  GdkRGBA window_bg;

  g_return_if_fail (style != NULL);
  g_return_if_fail (GTK_IS_WIDGET (widget));

  cs_dag_style_init_light (style);
  context = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (context, &style->fg);
  window_bg = style->canvas_bg;
  lookup (context, "window_bg_color", &window_bg);
  lookup (context, "view_bg_color", &style->surface);
  lookup (context, "accent_bg_color", &style->accent);
  lookup (context, "error_color", &style->error);
  lookup (context, "warning_color", &style->warning);
  lookup (context, "success_color", &style->success);

  style->dark = cs_dag_luminance (&window_bg) < 0.4;
  /* A shade away from the window so the diagram reads as a surface. */
  cs_dag_mix (&window_bg, &style->fg, style->dark ? 0.035 : 0.02, &style->canvas_bg);
  style->canvas_bg.alpha = 1.0;
  style->dim_fg = style->fg;
  style->dim_fg.alpha *= 0.7;
  style->grid = style->fg;
  style->grid.alpha = style->dark ? 0.16 : 0.13;
  cs_dag_mix (&style->canvas_bg, &style->fg, style->dark ? 0.5 : 0.5, &style->edge);

  g_object_get (gtk_widget_get_settings (widget), "gtk-font-name", &font_name, NULL);
  font = pango_font_description_from_string (font_name ? font_name : "Sans");
  if (pango_font_description_get_family (font) != NULL)
    {
      g_free (style->font_family);
      style->font_family = g_strdup (pango_font_description_get_family (font));
    }
  pango_font_description_free (font);
}

void
cs_dag_style_copy (CsDagStyle       *dst,
                   const CsDagStyle *src)
{
  *dst = *src;
  dst->font_family = g_strdup (src->font_family);
}

void
cs_dag_style_clear (CsDagStyle *style)
{
  g_clear_pointer (&style->font_family, g_free);
}

void
cs_dag_style_type_color (const CsDagStyle *style,
                         CsStepType        type,
                         CsTerminalStatus  status,
                         GdkRGBA          *color)
{
  const char *light, *dark;

  switch (type)
    {
    case CS_STEP_CONDITIONAL:
      light = "#c88800"; dark = "#f5c211";
      break;
    case CS_STEP_APPROVAL:
      light = "#9141ac"; dark = "#c061cb";
      break;
    case CS_STEP_INTEGRATION:
      light = "#1c8c83"; dark = "#4dc5b8";
      break;
    case CS_STEP_TERMINAL:
      switch (status)
        {
        case CS_TERMINAL_SUCCESS:
          light = "#26a269"; dark = "#2ec27e";
          break;
        case CS_TERMINAL_REJECTED:
        case CS_TERMINAL_FAILED:
          light = "#c01c28"; dark = "#e66161";
          break;
        case CS_TERMINAL_CANCELLED:
        default:
          light = "#77767b"; dark = "#9a9996";
          break;
        }
      break;
    case CS_STEP_ACTION:
    default:
      light = "#3173d0"; dark = "#78aeed";
      break;
    }
  rgba (color, style->dark ? dark : light);
}

void
cs_dag_mix (const GdkRGBA *a,
            const GdkRGBA *b,
            double         t,
            GdkRGBA       *out)
{
  out->red = a->red + (b->red - a->red) * t;
  out->green = a->green + (b->green - a->green) * t;
  out->blue = a->blue + (b->blue - a->blue) * t;
  out->alpha = a->alpha + (b->alpha - a->alpha) * t;
}

static double
linear (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

double
cs_dag_luminance (const GdkRGBA *color)
{
  return 0.2126 * linear (color->red) + 0.7152 * linear (color->green) + 0.0722 * linear (color->blue);
}
