/* cs-edge.h: a directed edge between two steps of a workflow
 *
 * An edge names its endpoints by step id, not by pointer, so that a broken
 * definition (an edge to a step that was deleted or misspelt) can still be
 * loaded, shown and repaired; validation reports such dangling edges.
 *
 * Execution semantics (implemented by the engine, relied upon by validation):
 *
 * - A step that is not a Conditional or an Approval follows all of its
 *   outgoing CS_EDGE_NEXT edges at once: several outgoing edges start
 *   parallel branches.
 * - A Conditional evaluates its CS_EDGE_BRANCH edges in the order they appear
 *   in the workflow's edge list and takes exactly one edge: the first branch
 *   whose condition is true, else its single CS_EDGE_DEFAULT edge.
 * - An Approval follows all of its CS_EDGE_APPROVED edges when approved and
 *   all of its CS_EDGE_REJECTED edges when rejected (several edges of the same
 *   outcome again start parallel branches).
 * - A Terminal has no outgoing edges; reaching one ends the whole instance
 *   with the terminal's status, cancelling any branch still active, so
 *   parallel branches must join before a terminal.
 * - Joins: a step with several incoming edges waits for every incoming edge
 *   that can still be taken. An edge is "dead" once its source step has
 *   finished without taking it (the branches a Conditional did not choose,
 *   the outcome an Approval did not reach) or once its source step is itself
 *   dead. A step runs when all its incoming edges are taken or dead and at
 *   least one was taken; a step whose incoming edges are all dead is dead
 *   too, which propagates along its outgoing edges (dead-path elimination).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "cs-expr.h"

G_BEGIN_DECLS

typedef enum
{
  CS_EDGE_NEXT,       /* unconditional; the only kind allowed from actions and integrations */
  CS_EDGE_BRANCH,     /* from a Conditional, taken when its condition is true */
  CS_EDGE_DEFAULT,    /* from a Conditional, taken when no branch is true */
  CS_EDGE_APPROVED,   /* from an Approval, taken when it is approved */
  CS_EDGE_REJECTED,   /* from an Approval, taken when it is rejected */
} CsEdgeKind;

#define CS_TYPE_EDGE_KIND (cs_edge_kind_get_type ())
GType        cs_edge_kind_get_type        (void) G_GNUC_CONST;
/* "next", "branch", "default", "approved", "rejected" */
const char  *cs_edge_kind_to_string       (CsEdgeKind   kind);
gboolean     cs_edge_kind_from_string     (const char  *text,
                                           CsEdgeKind  *kind);

#define CS_TYPE_EDGE (cs_edge_get_type ())

G_DECLARE_FINAL_TYPE (CsEdge, cs_edge, CS, EDGE, GObject)

CsEdge      *cs_edge_new                  (const char  *from,
                                           const char  *to,
                                           CsEdgeKind   kind);
/* A CS_EDGE_BRANCH edge; @condition is kept even if it does not parse. */
CsEdge      *cs_edge_new_branch           (const char  *from,
                                           const char  *to,
                                           const char  *condition);
CsEdge      *cs_edge_copy                 (CsEdge      *edge);
gboolean     cs_edge_equal                (CsEdge      *a,
                                           CsEdge      *b);

const char  *cs_edge_get_from             (CsEdge      *edge);
void         cs_edge_set_from             (CsEdge      *edge,
                                           const char  *from);
const char  *cs_edge_get_to               (CsEdge      *edge);
void         cs_edge_set_to               (CsEdge      *edge,
                                           const char  *to);
CsEdgeKind   cs_edge_get_kind             (CsEdge      *edge);
void         cs_edge_set_kind             (CsEdge      *edge,
                                           CsEdgeKind   kind);

/* The condition of a branch as typed (NULL when none), the parsed expression
 * (NULL when there is none or it does not parse) and, when it does not parse,
 * the parse error and the byte offset of the offending token. */
const char  *cs_edge_get_condition_source (CsEdge      *edge);
void         cs_edge_set_condition_source (CsEdge      *edge,
                                           const char  *condition);
CsExpr      *cs_edge_get_condition        (CsEdge      *edge);
const GError *cs_edge_get_condition_error (CsEdge      *edge,
                                           gsize       *error_offset);

/* The label a designer set, or NULL. */
const char  *cs_edge_get_label            (CsEdge      *edge);
void         cs_edge_set_label            (CsEdge      *edge,
                                           const char  *label);
/* What to draw on the edge: the label if set, else the condition source of a
 * branch, "otherwise", "approved", "rejected", or "" for a plain next edge. */
const char  *cs_edge_get_display_label    (CsEdge      *edge);

G_END_DECLS
