/* cs-diagram-export.h: a workflow diagram written to a file
 *
 * PNG, SVG and PDF are drawn by the same painter as the canvas, from the
 * same scene, in the light style whatever the desktop's (files end up in
 * documents and on paper), with the workflow's name as a heading and the
 * overlay's legend when there is one. DOT is the workflow as Graphviz text
 * (cs_workflow_to_dot()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-dag-overlay.h"
#include "cs-dag-scene.h"

G_BEGIN_DECLS

typedef enum
{
  CS_DIAGRAM_PNG,
  CS_DIAGRAM_SVG,
  CS_DIAGRAM_PDF,
  CS_DIAGRAM_DOT,
} CsDiagramFormat;

/* "png", "svg", "pdf", "gv" */
const char  *cs_diagram_format_extension (CsDiagramFormat   format);
/* From a file name's extension (.dot and .gv are DOT); FALSE when unknown. */
gboolean     cs_diagram_format_from_name (const char       *name,
                                          CsDiagramFormat  *format);
/* @overlay may be NULL. */
gboolean     cs_diagram_export           (CsDagScene       *scene,
                                          CsDagOverlay     *overlay,
                                          CsDiagramFormat   format,
                                          GFile            *file,
                                          GError          **error);

G_END_DECLS
