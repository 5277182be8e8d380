/* cs-dag-painter-private.h: what the two halves of CsDagPainter share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-dag-painter.h"

G_BEGIN_DECLS

struct _CsDagPainter
{
  CsDagStyle             style;
  CsDagOverlay          *overlay;
  PangoContext          *context;
  PangoLayout           *layout;
  PangoFontDescription  *title_font;
  PangoFontDescription  *subtitle_font;
  PangoFontDescription  *compact_font;
  PangoFontDescription  *overview_font;
  PangoFontDescription  *overview_small_font;
  PangoFontDescription  *label_font;
};

/* Prepares the painter's layout with @text in @font, at most @lines lines of
 * @width units, ellipsized. */
void   _cs_dag_set_text      (CsDagPainter               *painter,
                              const char                 *text,
                              const PangoFontDescription *font,
                              double                      width,
                              int                         lines,
                              PangoAlignment              alignment);
void   _cs_dag_text_size     (CsDagPainter               *painter,
                              double                     *width,
                              double                     *height);
void   _cs_dag_show_text     (CsDagPainter               *painter,
                              cairo_t                    *cr,
                              double                      x,
                              double                      y,
                              const GdkRGBA              *color);
void   _cs_dag_rounded_rect  (cairo_t                    *cr,
                              double                      x,
                              double                      y,
                              double                      w,
                              double                      h,
                              double                      r);
/* Edge stroke width at @detail, canvas units. */
double _cs_dag_detail_width  (CsDagDetail                 detail);

G_END_DECLS
