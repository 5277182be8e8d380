/* cs-workflow-dot.h: a workflow as a Graphviz DOT graph
 *
 * For export (`dot -Tsvg`, other tools) and the command line: one node per
 * step, named by its id, labelled with its name, shaped and coloured by its
 * type like the canvas draws it; one edge per edge, labelled as the canvas
 * labels it. Steps a designer placed by hand carry pos="x,y!" (points, y
 * growing downwards as on the canvas) for layouts that honour it (neato -n).
 * Edges to unknown steps are left out, as a comment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-workflow.h"

G_BEGIN_DECLS

typedef enum
{
  CS_DOT_LEFT_TO_RIGHT,
  CS_DOT_TOP_TO_BOTTOM,
} CsDotDirection;

/* DOT text, ending with a newline. */
char        *cs_workflow_to_dot          (CsWorkflow     *workflow,
                                          CsDotDirection  direction);
/* @text as a DOT quoted string, quotes included. */
char        *cs_dot_quote                (const char     *text);

G_END_DECLS
