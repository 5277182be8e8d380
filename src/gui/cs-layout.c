/* cs-layout.c: the plain data a layout is computed from and made of
 *
 * CsLayoutGraph and CsLayout of cs-layout-service.h, and the router for
 * edges of hand-placed steps. Nothing here touches Graphviz.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-layout-private.h"

G_DEFINE_ENUM_TYPE (CsLayoutDirection, cs_layout_direction,
  G_DEFINE_ENUM_VALUE (CS_LAYOUT_LEFT_TO_RIGHT, "left-to-right"),
  G_DEFINE_ENUM_VALUE (CS_LAYOUT_TOP_TO_BOTTOM, "top-to-bottom"))

G_DEFINE_BOXED_TYPE (CsLayout, cs_layout, cs_layout_ref, cs_layout_unref)

/* Graph */

static void
graph_node_clear (CsLayoutGraphNode *node)
{
  g_free (node->id);
}

static void
graph_edge_clear (CsLayoutGraphEdge *edge)
{
  g_free (edge->label);
}

CsLayoutGraph *
cs_layout_graph_new (CsLayoutDirection direction)
{
  CsLayoutGraph *graph = g_new0 (CsLayoutGraph, 1);

  graph->direction = direction;
  graph->nodes = g_array_new (FALSE, TRUE, sizeof (CsLayoutGraphNode));
  g_array_set_clear_func (graph->nodes, (GDestroyNotify) graph_node_clear);
  graph->edges = g_array_new (FALSE, TRUE, sizeof (CsLayoutGraphEdge));
  g_array_set_clear_func (graph->edges, (GDestroyNotify) graph_edge_clear);
  graph->index = g_hash_table_new (g_str_hash, g_str_equal);
  return graph;
}

void
cs_layout_graph_free (CsLayoutGraph *graph)
{
  if (graph == NULL)
    return;
  g_hash_table_unref (graph->index);
  g_array_unref (graph->nodes);
  g_array_unref (graph->edges);
  g_free (graph->hash);
  g_free (graph);
}

guint
cs_layout_graph_add_node (CsLayoutGraph *graph,
                          const char    *id,
                          double         width,
                          double         height,
                          CsLayoutShape  shape)
{
  CsLayoutGraphNode node = { 0 };
  gpointer index;

  g_return_val_if_fail (graph != NULL, 0);
  g_return_val_if_fail (id != NULL, 0);

  if (g_hash_table_lookup_extended (graph->index, id, NULL, &index))
    return GPOINTER_TO_UINT (index);

  node.id = g_strdup (id);
  node.width = width;
  node.height = height;
  node.shape = shape;
  g_array_append_val (graph->nodes, node);
  g_hash_table_insert (graph->index, node.id, GUINT_TO_POINTER (graph->nodes->len - 1));
  g_clear_pointer (&graph->hash, g_free);
  return graph->nodes->len - 1;
}

int
cs_layout_graph_find_node (CsLayoutGraph *graph,
                           const char    *id)
{
  gpointer index;

  g_return_val_if_fail (graph != NULL, -1);

  if (id == NULL || !g_hash_table_lookup_extended (graph->index, id, NULL, &index))
    return -1;
  return GPOINTER_TO_INT (index);
}

void
cs_layout_graph_add_edge (CsLayoutGraph *graph,
                          guint          from,
                          guint          to,
                          const char    *label,
                          guint          tag)
{
  CsLayoutGraphEdge edge = { 0 };

  g_return_if_fail (graph != NULL);
  g_return_if_fail (from < graph->nodes->len && to < graph->nodes->len);

  edge.from = from;
  edge.to = to;
  edge.label = (label != NULL && *label != '\0') ? g_strdup (label) : NULL;
  edge.tag = tag;
  g_array_append_val (graph->edges, edge);
  g_clear_pointer (&graph->hash, g_free);
}

guint
cs_layout_graph_get_n_nodes (CsLayoutGraph *graph)
{
  g_return_val_if_fail (graph != NULL, 0);
  return graph->nodes->len;
}

const char *
cs_layout_graph_get_hash (CsLayoutGraph *graph)
{
  g_autoptr(GChecksum) checksum = NULL;

  g_return_val_if_fail (graph != NULL, NULL);

  if (graph->hash != NULL)
    return graph->hash;

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) &graph->direction, sizeof graph->direction);
  for (guint i = 0; i < graph->nodes->len; i++)
    {
      const CsLayoutGraphNode *node = &g_array_index (graph->nodes, CsLayoutGraphNode, i);
      double size[2] = { node->width, node->height };

      g_checksum_update (checksum, (const guchar *) node->id, strlen (node->id) + 1);
      g_checksum_update (checksum, (const guchar *) size, sizeof size);
      g_checksum_update (checksum, (const guchar *) &node->shape, sizeof node->shape);
    }
  for (guint i = 0; i < graph->edges->len; i++)
    {
      const CsLayoutGraphEdge *edge = &g_array_index (graph->edges, CsLayoutGraphEdge, i);
      guint ends[3] = { edge->from, edge->to, edge->tag };

      g_checksum_update (checksum, (const guchar *) ends, sizeof ends);
      if (edge->label != NULL)
        g_checksum_update (checksum, (const guchar *) edge->label, strlen (edge->label));
      g_checksum_update (checksum, (const guchar *) "", 1);
    }
  graph->hash = g_strdup (g_checksum_get_string (checksum));
  return graph->hash;
}

/* Layout */

CsLayout *
cs_layout_new (CsLayoutGraph *graph)
{
  CsLayout *layout = g_atomic_rc_box_new0 (CsLayout);

  layout->hash = g_strdup (cs_layout_graph_get_hash (graph));
  layout->direction = graph->direction;
  layout->n_nodes = graph->nodes->len;
  layout->nodes = g_new0 (CsLayoutNode, layout->n_nodes);
  for (guint i = 0; i < layout->n_nodes; i++)
    {
      const CsLayoutGraphNode *node = &g_array_index (graph->nodes, CsLayoutGraphNode, i);

      layout->nodes[i].id = g_strdup (node->id);
      layout->nodes[i].width = node->width;
      layout->nodes[i].height = node->height;
    }
  layout->n_edges = graph->edges->len;
  layout->edges = g_new0 (CsLayoutEdge, layout->n_edges);
  for (guint i = 0; i < layout->n_edges; i++)
    {
      const CsLayoutGraphEdge *edge = &g_array_index (graph->edges, CsLayoutGraphEdge, i);

      layout->edges[i].from = edge->from;
      layout->edges[i].to = edge->to;
      layout->edges[i].tag = edge->tag;
    }
  layout->index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < layout->n_nodes; i++)
    g_hash_table_insert (layout->index, layout->nodes[i].id, GUINT_TO_POINTER (i));
  return layout;
}

static void
layout_clear (CsLayout *layout)
{
  for (guint i = 0; i < layout->n_nodes; i++)
    g_free (layout->nodes[i].id);
  for (guint i = 0; i < layout->n_edges; i++)
    g_free (layout->edges[i].points);
  g_free (layout->nodes);
  g_free (layout->edges);
  g_free (layout->hash);
  g_hash_table_unref (layout->index);
}

CsLayout *
cs_layout_ref (CsLayout *layout)
{
  g_return_val_if_fail (layout != NULL, NULL);
  return g_atomic_rc_box_acquire (layout);
}

void
cs_layout_unref (CsLayout *layout)
{
  g_return_if_fail (layout != NULL);
  g_atomic_rc_box_release_full (layout, (GDestroyNotify) layout_clear);
}

const char *
cs_layout_get_hash (CsLayout *layout)
{
  g_return_val_if_fail (layout != NULL, NULL);
  return layout->hash;
}

CsLayoutDirection
cs_layout_get_direction (CsLayout *layout)
{
  g_return_val_if_fail (layout != NULL, CS_LAYOUT_LEFT_TO_RIGHT);
  return layout->direction;
}

void
cs_layout_get_size (CsLayout *layout,
                    double   *width,
                    double   *height)
{
  g_return_if_fail (layout != NULL);

  if (width != NULL)
    *width = layout->width;
  if (height != NULL)
    *height = layout->height;
}

guint
cs_layout_get_n_nodes (CsLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);
  return layout->n_nodes;
}

const CsLayoutNode *
cs_layout_get_node (CsLayout *layout,
                    guint     index)
{
  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (index < layout->n_nodes, NULL);
  return &layout->nodes[index];
}

int
cs_layout_find_node (CsLayout   *layout,
                     const char *id)
{
  gpointer index;

  g_return_val_if_fail (layout != NULL, -1);

  if (id == NULL || !g_hash_table_lookup_extended (layout->index, id, NULL, &index))
    return -1;
  return GPOINTER_TO_INT (index);
}

guint
cs_layout_get_n_edges (CsLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);
  return layout->n_edges;
}

const CsLayoutEdge *
cs_layout_get_edge (CsLayout *layout,
                    guint     index)
{
  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (index < layout->n_edges, NULL);
  return &layout->edges[index];
}

double
cs_layout_get_compute_ms (CsLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);
  return layout->compute_ms;
}

/* Routing edges of moved nodes */

void
cs_layout_route_edge (CsLayoutDirection  direction,
                      double fx, double fy, double fw, double fh,
                      double tx, double ty, double tw, double th,
                      CsLayoutPoint     *points)
{
  gboolean horizontal = direction == CS_LAYOUT_LEFT_TO_RIGHT;
  /* Along the flow (main) and across it (cross). */
  double f_main = horizontal ? fx : fy, f_cross = horizontal ? fy : fx;
  double t_main = horizontal ? tx : ty, t_cross = horizontal ? ty : tx;
  double f_half = (horizontal ? fw : fh) / 2, t_half = (horizontal ? tw : th) / 2;
  double f_side = (horizontal ? fh : fw) / 2, t_side = (horizontal ? th : tw) / 2;
  double p[4][2];
  double reach;

  if (t_main - t_half >= f_main + f_half + 8)
    {
      /* Forward: out of the far side, into the near side. */
      double gap = (t_main - t_half) - (f_main + f_half);

      reach = MAX (gap * 0.5, 24);
      p[0][0] = f_main + f_half;  p[0][1] = f_cross;
      p[1][0] = p[0][0] + reach;   p[1][1] = f_cross;
      p[3][0] = t_main - t_half;  p[3][1] = t_cross;
      p[2][0] = p[3][0] - reach;   p[2][1] = t_cross;
    }
  else
    {
      /* Backwards or side by side: leave and enter across the flow. */
      double dir = t_cross >= f_cross ? 1 : -1;
      double gap = fabs (t_cross - f_cross) - f_side - t_side;

      reach = MAX (MAX (gap, 0) * 0.5, 40);
      p[0][0] = f_main;  p[0][1] = f_cross + dir * f_side;
      p[1][0] = f_main;  p[1][1] = p[0][1] + dir * reach;
      if (fabs (t_cross - f_cross) > f_side + t_side)
        {
          p[3][0] = t_main;  p[3][1] = t_cross - dir * t_side;
          p[2][0] = t_main;  p[2][1] = p[3][1] - dir * reach;
        }
      else
        {
          /* Overlapping across the flow: loop round to the same side. */
          p[3][0] = t_main;  p[3][1] = t_cross + dir * t_side;
          p[2][0] = t_main;  p[2][1] = p[3][1] + dir * reach;
        }
    }

  for (guint i = 0; i < 4; i++)
    {
      points[i].x = horizontal ? p[i][0] : p[i][1];
      points[i].y = horizontal ? p[i][1] : p[i][0];
    }
}
