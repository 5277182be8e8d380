/* cs-layout-private.h: the insides of CsLayoutGraph and CsLayout
 *
 * Shared by cs-layout.c, which builds and reads them, and
 * cs-layout-service.c, which fills a layout from Graphviz.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-layout-service.h"

G_BEGIN_DECLS

typedef struct
{
  char          *id;
  double         width;
  double         height;
  CsLayoutShape  shape;
} CsLayoutGraphNode;

typedef struct
{
  guint  from;
  guint  to;
  char  *label;
  guint  tag;
} CsLayoutGraphEdge;

struct _CsLayoutGraph
{
  CsLayoutDirection  direction;
  GArray            *nodes;     /* CsLayoutGraphNode */
  GArray            *edges;     /* CsLayoutGraphEdge */
  GHashTable        *index;     /* id → node index */
  char              *hash;
};

struct _CsLayout
{
  char              *hash;
  CsLayoutDirection  direction;
  double             width;
  double             height;
  guint              n_nodes;
  CsLayoutNode      *nodes;
  guint              n_edges;
  CsLayoutEdge      *edges;
  GHashTable        *index;     /* id → node index */
  double             compute_ms;
};

/* A layout with the graph's nodes, sizes and edge ends, positions unset. */
CsLayout *cs_layout_new (CsLayoutGraph *graph);

G_END_DECLS
