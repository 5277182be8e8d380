/* cs-dag-style.h: the colours and font a workflow diagram is drawn with
 *
 * Taken from the widget's style context (libadwaita's named colours), so
 * the diagram follows light and dark mode, or a fixed light style for
 * exported files. Step types have their own hue, adjusted per mode.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/cs-step.h"

G_BEGIN_DECLS

typedef struct
{
  GdkRGBA   fg;          /* text */
  GdkRGBA   dim_fg;      /* secondary text */
  GdkRGBA   canvas_bg;   /* behind the diagram */
  GdkRGBA   surface;     /* what node bodies are tinted from */
  GdkRGBA   grid;        /* background dots */
  GdkRGBA   edge;
  GdkRGBA   accent;
  GdkRGBA   error;
  GdkRGBA   warning;
  GdkRGBA   success;
  gboolean  dark;
  char     *font_family;
} CsDagStyle;

void     cs_dag_style_init_light       (CsDagStyle       *style);
void     cs_dag_style_init_from_widget (CsDagStyle       *style,
                                        GtkWidget        *widget);
void     cs_dag_style_copy             (CsDagStyle       *dst,
                                        const CsDagStyle *src);
void     cs_dag_style_clear            (CsDagStyle       *style);

/* The hue of a step type (terminals: of their status). */
void     cs_dag_style_type_color       (const CsDagStyle *style,
                                        CsStepType        type,
                                        CsTerminalStatus  status,
                                        GdkRGBA          *color);
/* @a mixed with @b: 0 gives @a, 1 gives @b. */
void     cs_dag_mix                    (const GdkRGBA    *a,
                                        const GdkRGBA    *b,
                                        double            t,
                                        GdkRGBA          *out);
/* Relative luminance (0 black, 1 white), to pick text that stays readable. */
double   cs_dag_luminance              (const GdkRGBA    *color);

G_END_DECLS
