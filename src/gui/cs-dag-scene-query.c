/* cs-dag-scene-query.c: what is where in a scene, and what is next to what
 *
 * Hit-testing for the pointer, ports and drag routes for editing, Tab order
 * and arrow-key neighbours for the keyboard, and the paths through a step
 * for the hover highlight.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-dag-scene-private.h"

int
cs_dag_scene_node_at (CsDagScene *scene,
                      double      x,
                      double      y)
{
  /* Last drawn is on top. */
  for (guint i = scene->nodes->len; i > 0; i--)
    {
      CsDagNode *node = &g_array_index (scene->nodes, CsDagNode, i - 1);

      if (node->placed && fabs (x - node->x) <= node->width / 2 && fabs (y - node->y) <= node->height / 2)
        {
          /* Outside a diamond's corners is background. */
          if (node->type == CS_STEP_CONDITIONAL &&
              fabs (x - node->x) / (node->width / 2) + fabs (y - node->y) / (node->height / 2) > 1.0)
            continue;
          return i - 1;
        }
    }
  return -1;
}

static double
segment_distance (double px, double py,
                  double ax, double ay,
                  double bx, double by)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? CLAMP (((px - ax) * dx + (py - ay) * dy) / len2, 0, 1) : 0;

  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

int
cs_dag_scene_edge_at (CsDagScene *scene,
                      double      x,
                      double      y,
                      double      tolerance)
{
  int best = -1;
  double best_distance = tolerance;

  for (guint i = 0; i < scene->edges->len; i++)
    {
      CsDagEdge *edge = &g_array_index (scene->edges, CsDagEdge, i);
      graphene_rect_t area = edge->bounds;

      graphene_rect_inset (&area, -tolerance, -tolerance);
      if (edge->n_points < 4 || !graphene_rect_contains_point (&area, &GRAPHENE_POINT_INIT (x, y)))
        continue;
      for (guint s = 0; s + 3 < edge->n_points; s += 3)
        {
          double px, py, qx, qy;

          cs_dag_bezier_point (&edge->points[s], 0, &px, &py);
          for (guint k = 1; k <= 16; k++)
            {
              double d;

              cs_dag_bezier_point (&edge->points[s], k / 16.0, &qx, &qy);
              d = segment_distance (x, y, px, py, qx, qy);
              if (d <= best_distance)
                {
                  best_distance = d;
                  best = i;
                }
              px = qx;
              py = qy;
            }
        }
    }
  return best;
}

void
cs_dag_scene_get_port (CsDagScene *scene,
                       guint       node,
                       gboolean    output,
                       double     *x,
                       double     *y)
{
  CsDagNode *n = cs_dag_scene_get_node (scene, node);
  double sign = output ? 1 : -1;

  if (scene->direction == CS_LAYOUT_LEFT_TO_RIGHT)
    {
      *x = n->x + sign * n->width / 2;
      *y = n->y;
    }
  else
    {
      *x = n->x;
      *y = n->y + sign * n->height / 2;
    }
}

void
cs_dag_scene_route_moved (CsDagScene    *scene,
                          guint          edge,
                          GHashTable    *moved,
                          double         dx,
                          double         dy,
                          CsLayoutPoint *points)
{
  CsDagEdge *e = cs_dag_scene_get_edge (scene, edge);
  gboolean from_moved, to_moved;

  g_return_if_fail (e->from >= 0 && e->to >= 0);

  from_moved = g_hash_table_contains (moved, GINT_TO_POINTER (e->from));
  to_moved = g_hash_table_contains (moved, GINT_TO_POINTER (e->to));
  cs_dag_route_nodes (scene->direction,
                      cs_dag_scene_get_node (scene, e->from), from_moved ? dx : 0, from_moved ? dy : 0,
                      cs_dag_scene_get_node (scene, e->to), to_moved ? dx : 0, to_moved ? dy : 0, points);
}

int
cs_dag_scene_tab_step (CsDagScene *scene,
                       int         node,
                       gboolean    forward)
{
  int position;

  if (scene->n_tab == 0)
    return -1;
  if (node < 0)
    position = forward ? 0 : (int) scene->n_tab - 1;
  else
    position = cs_dag_scene_get_node (scene, node)->tab_order + (forward ? 1 : -1);
  if (position < 0 || position >= (int) scene->n_tab)
    return -1;
  node = scene->tab[position];
  return cs_dag_scene_get_node (scene, node)->placed ? node : -1;
}

int
cs_dag_scene_arrow_step (CsDagScene       *scene,
                         guint             node,
                         GtkDirectionType  direction)
{
  gboolean horizontal = scene->direction == CS_LAYOUT_LEFT_TO_RIGHT;
  CsDagNode *here = cs_dag_scene_get_node (scene, node);
  double sign = (direction == GTK_DIR_RIGHT || direction == GTK_DIR_DOWN) ? 1 : -1;
  gboolean along = horizontal ? (direction == GTK_DIR_LEFT || direction == GTK_DIR_RIGHT)
                              : (direction == GTK_DIR_UP || direction == GTK_DIR_DOWN);
  double here_main = horizontal ? here->x : here->y, here_cross = horizontal ? here->y : here->x;
  int best = -1;
  double best_score = INFINITY;

  if (along)
    {
      /* Follow the graph first: successors forwards, predecessors backwards. */
      GArray *edges = sign > 0 ? here->out_edges : here->in_edges;

      for (guint i = 0; i < edges->len; i++)
        {
          CsDagEdge *edge = cs_dag_scene_get_edge (scene, g_array_index (edges, guint, i));
          int other = sign > 0 ? edge->to : edge->from;
          CsDagNode *n;
          double score;

          if (other < 0 || other == (int) node || !(n = cs_dag_scene_get_node (scene, other))->placed)
            continue;
          score = fabs ((horizontal ? n->y : n->x) - here_cross);
          if (score < best_score)
            {
              best_score = score;
              best = other;
            }
        }
      if (best >= 0)
        return best;
    }

  for (guint i = 0; i < scene->nodes->len; i++)
    {
      CsDagNode *n = &g_array_index (scene->nodes, CsDagNode, i);
      double main_d = (horizontal ? n->x : n->y) - here_main;
      double cross_d = (horizontal ? n->y : n->x) - here_cross;
      double ahead = along ? main_d : cross_d;
      double aside = along ? cross_d : main_d;
      double score;

      if (i == node || !n->placed || ahead * sign <= 1)
        continue;
      score = fabs (ahead) + 2.5 * fabs (aside);
      if (score < best_score)
        {
          best_score = score;
          best = i;
        }
    }
  return best;
}

static void
walk (CsDagScene *scene,
      guint       start,
      gboolean    downstream,
      GHashTable *nodes,
      GHashTable *edges)
{
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  g_array_append_val (queue, start);
  g_hash_table_add (seen, GUINT_TO_POINTER (start));
  for (guint head = 0; head < queue->len; head++)
    {
      CsDagNode *node = cs_dag_scene_get_node (scene, g_array_index (queue, guint, head));
      GArray *list = downstream ? node->out_edges : node->in_edges;

      for (guint i = 0; i < list->len; i++)
        {
          guint e = g_array_index (list, guint, i);
          CsDagEdge *edge = cs_dag_scene_get_edge (scene, e);
          int next = downstream ? edge->to : edge->from;

          g_hash_table_add (edges, GUINT_TO_POINTER (e));
          if (next < 0 || g_hash_table_contains (seen, GINT_TO_POINTER (next)))
            continue;
          g_hash_table_add (seen, GINT_TO_POINTER (next));
          g_hash_table_add (nodes, GINT_TO_POINTER (next));
          g_array_append_val (queue, next);
        }
    }
}

void
cs_dag_scene_collect_paths (CsDagScene *scene,
                            guint       node,
                            GHashTable *nodes,
                            GHashTable *edges)
{
  g_hash_table_add (nodes, GUINT_TO_POINTER (node));
  walk (scene, node, TRUE, nodes, edges);
  walk (scene, node, FALSE, nodes, edges);
}
