/* cs-dag-scene-private.h: the insides of CsDagScene
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-dag-scene.h"

G_BEGIN_DECLS

struct _CsDagScene
{
  CsWorkflow        *workflow;
  CsLayoutDirection  direction;
  GArray            *nodes;      /* CsDagNode */
  GArray            *edges;      /* CsDagEdge */
  GHashTable        *index;      /* id → node index */
  GHashTable        *edge_index; /* CsEdge* → edge index */
  int               *tab;        /* node indices in Tab order */
  guint              n_tab;
  graphene_rect_t    bounds;
};

/* The point at @t (0 to 1) of the cubic Bézier @p[0..3]. */
void cs_dag_bezier_point (const CsLayoutPoint *p,
                          double               t,
                          double              *x,
                          double              *y);
/* A route between two nodes shifted by (@fdx, @fdy) and (@tdx, @tdy); a
 * loop when they are the same node. */
void cs_dag_route_nodes  (CsLayoutDirection    direction,
                          const CsDagNode     *from,
                          double               fdx,
                          double               fdy,
                          const CsDagNode     *to,
                          double               tdx,
                          double               tdy,
                          CsLayoutPoint       *points);

G_END_DECLS
