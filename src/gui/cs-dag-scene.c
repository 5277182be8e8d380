/* cs-dag-scene.c: where every step and edge of a diagram is, in canvas units
 *
 * Building the scene; asking it questions is cs-dag-scene-query.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-dag-scene-private.h"

/* Long conditions are cut so that labels do not push the layout apart. */
#define LABEL_MAX_CHARS 30

const char *
cs_dag_step_type_title (CsStepType type)
{
  switch (type)
    {
    case CS_STEP_CONDITIONAL:
      return _("Conditional");
    case CS_STEP_APPROVAL:
      return _("Approval");
    case CS_STEP_INTEGRATION:
      return _("Integration");
    case CS_STEP_TERMINAL:
      return _("Terminal");
    case CS_STEP_ACTION:
    default:
      return _("Action");
    }
}

const char *
cs_dag_terminal_status_title (CsTerminalStatus status)
{
  switch (status)
    {
    case CS_TERMINAL_REJECTED:
      return _("Rejected");
    case CS_TERMINAL_FAILED:
      return _("Failed");
    case CS_TERMINAL_CANCELLED:
      return _("Cancelled");
    case CS_TERMINAL_SUCCESS:
    default:
      return _("Success");
    }
}

static void
node_size (CsStepType  type,
           double     *width,
           double     *height)
{
  switch (type)
    {
    case CS_STEP_CONDITIONAL:
      *width = CS_DAG_DIAMOND_WIDTH;
      *height = CS_DAG_DIAMOND_HEIGHT;
      break;
    case CS_STEP_TERMINAL:
      *width = CS_DAG_TERMINAL_WIDTH;
      *height = CS_DAG_TERMINAL_HEIGHT;
      break;
    case CS_STEP_ACTION:
    case CS_STEP_APPROVAL:
    case CS_STEP_INTEGRATION:
    default:
      *width = CS_DAG_BOX_WIDTH;
      *height = CS_DAG_BOX_HEIGHT;
      break;
    }
}

static char *
short_label (CsEdge *edge)
{
  const char *text = cs_edge_get_display_label (edge);

  if (text == NULL || *text == '\0')
    return NULL;
  if (g_utf8_strlen (text, -1) <= LABEL_MAX_CHARS)
    return g_strdup (text);
  {
    g_autofree char *cut = g_utf8_substring (text, 0, LABEL_MAX_CHARS - 1);
    return g_strconcat (cut, "…", NULL);
  }
}

CsLayoutGraph *
cs_dag_scene_make_graph (CsWorkflow        *workflow,
                         CsLayoutDirection  direction)
{
  CsLayoutGraph *graph;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);

  graph = cs_layout_graph_new (direction);
  for (guint i = 0; i < cs_workflow_get_n_steps (workflow); i++)
    {
      CsStep *step = cs_workflow_get_step (workflow, i);
      CsStepType type = cs_step_get_step_type (step);
      double width, height;

      if (cs_step_get_id (step) == NULL)
        continue;
      node_size (type, &width, &height);
      cs_layout_graph_add_node (graph, cs_step_get_id (step), width, height,
                                type == CS_STEP_CONDITIONAL ? CS_LAYOUT_SHAPE_DIAMOND : CS_LAYOUT_SHAPE_BOX);
    }
  for (guint i = 0; i < cs_workflow_get_n_edges (workflow); i++)
    {
      CsEdge *edge = cs_workflow_get_edge (workflow, i);
      int from = cs_layout_graph_find_node (graph, cs_edge_get_from (edge));
      int to = cs_layout_graph_find_node (graph, cs_edge_get_to (edge));
      g_autofree char *label = NULL;

      if (from < 0 || to < 0)
        continue;
      label = short_label (edge);
      cs_layout_graph_add_edge (graph, from, to, label, i);
    }
  return graph;
}

static char *
make_subtitle (CsStep *step)
{
  switch (cs_step_get_step_type (step))
    {
    case CS_STEP_ACTION:
      return g_strdup (cs_step_get_handler (step) ? cs_step_get_handler (step) : _("No handler"));
    case CS_STEP_APPROVAL:
      {
        g_autofree char *roles = g_strjoinv (", ", (char **) cs_step_get_approver_roles (step));
        const char *agency = cs_step_get_agency (step);

        if (*roles == '\0')
          return g_strdup (_("No approvers"));
        return agency ? g_strdup_printf ("%s · %s", roles, agency) : g_steal_pointer (&roles);
      }
    case CS_STEP_INTEGRATION:
      {
        const char *url = cs_step_get_url_source (step);
        const char *path = url ? strstr (url, "}}") : NULL;

        /* The service's path says more than its templated base URL. */
        path = path ? path + 2 : url;
        return g_strdup_printf ("%s %s", cs_step_get_method (step), path && *path ? path : _("no URL"));
      }
    case CS_STEP_TERMINAL:
      return g_strdup (cs_dag_terminal_status_title (cs_step_get_terminal_status (step)));
    case CS_STEP_CONDITIONAL:
    default:
      return NULL;
    }
}

static void
expand (graphene_rect_t *bounds,
        gboolean        *empty,
        double x, double y, double w, double h)
{
  graphene_rect_t r = GRAPHENE_RECT_INIT (x, y, w, h);

  if (*empty)
    *bounds = r;
  else
    graphene_rect_union (bounds, &r, bounds);
  *empty = FALSE;
}

void
cs_dag_bezier_point (const CsLayoutPoint *p,
                     double               t,
                     double              *x,
                     double              *y)
{
  double u = 1 - t;

  *x = u * u * u * p[0].x + 3 * u * u * t * p[1].x + 3 * u * t * t * p[2].x + t * t * t * p[3].x;
  *y = u * u * u * p[0].y + 3 * u * u * t * p[1].y + 3 * u * t * t * p[2].y + t * t * t * p[3].y;
}

void
cs_dag_route_nodes (CsLayoutDirection  direction,
                    const CsDagNode   *from,
                    double             fdx,
                    double             fdy,
                    const CsDagNode   *to,
                    double             tdx,
                    double             tdy,
                    CsLayoutPoint     *points)
{
  if (from == to)
    {
      /* A loop below (or right of) the node. */
      gboolean horizontal = direction == CS_LAYOUT_LEFT_TO_RIGHT;
      double x = from->x + fdx, y = from->y + fdy;
      double hw = from->width / 2, hh = from->height / 2;

      points[0] = horizontal ? (CsLayoutPoint) { x + hw * 0.4, y + hh } : (CsLayoutPoint) { x + hw, y + hh * 0.4 };
      points[3] = horizontal ? (CsLayoutPoint) { x - hw * 0.4, y + hh } : (CsLayoutPoint) { x + hw, y - hh * 0.4 };
      points[1] = horizontal ? (CsLayoutPoint) { points[0].x, y + hh + 50 } : (CsLayoutPoint) { x + hw + 50, points[0].y };
      points[2] = horizontal ? (CsLayoutPoint) { points[3].x, y + hh + 50 } : (CsLayoutPoint) { x + hw + 50, points[3].y };
      return;
    }
  cs_layout_route_edge (direction,
                        from->x + fdx, from->y + fdy, from->width, from->height,
                        to->x + tdx, to->y + tdy, to->width, to->height, points);
}

static void
edge_finish (CsDagEdge *edge)
{
  gboolean empty = TRUE;

  for (guint i = 0; i < edge->n_points; i++)
    expand (&edge->bounds, &empty, edge->points[i].x, edge->points[i].y, 0, 0);
  if (edge->has_label && edge->label != NULL)
    {
      double w = 7.0 * g_utf8_strlen (edge->label, -1) + 16;
      expand (&edge->bounds, &empty, edge->label_x - w / 2, edge->label_y - 11, w, 22);
    }
  graphene_rect_inset (&edge->bounds, -6, -6);
}

static void
clear_node (CsDagNode *node)
{
  g_clear_object (&node->step);
  g_free (node->id);
  g_free (node->title);
  g_free (node->subtitle);
  g_array_unref (node->out_edges);
  g_array_unref (node->in_edges);
}

static void
clear_edge (CsDagEdge *edge)
{
  g_clear_object (&edge->edge);
  g_free (edge->label);
  g_free (edge->points);
}

static int
compare_tab (gconstpointer a,
             gconstpointer b,
             gpointer      data)
{
  CsDagScene *scene = data;
  const CsDagNode *na = &g_array_index (scene->nodes, CsDagNode, *(const int *) a);
  const CsDagNode *nb = &g_array_index (scene->nodes, CsDagNode, *(const int *) b);
  gboolean horizontal = scene->direction == CS_LAYOUT_LEFT_TO_RIGHT;
  /* Columns (rows) of the layout first, then down (across) each one. */
  double ma = floor ((horizontal ? na->x : na->y) / 40), mb = floor ((horizontal ? nb->x : nb->y) / 40);
  double ca = horizontal ? na->y : na->x, cb = horizontal ? nb->y : nb->x;

  if (na->placed != nb->placed)
    return na->placed ? -1 : 1;
  if (ma != mb)
    return ma < mb ? -1 : 1;
  if (ca != cb)
    return ca < cb ? -1 : 1;
  return *(const int *) a - *(const int *) b;
}

static void
place_nodes (CsDagScene *scene,
             CsLayout   *layout,
             GPtrArray  *problems)
{
  CsWorkflow *workflow = scene->workflow;
  const char *start = cs_workflow_get_start_step_id (workflow);

  for (guint i = 0; i < cs_workflow_get_n_steps (workflow); i++)
    {
      CsStep *step = cs_workflow_get_step (workflow, i);
      const char *id = cs_step_get_id (step);
      CsDagNode node = { 0 };
      int in_layout;
      double x, y;
      gboolean pinned;

      if (id == NULL || g_hash_table_contains (scene->index, id))
        continue;
      node.step = g_object_ref (step);
      node.id = g_strdup (id);
      node.title = g_strdup (*cs_step_get_name (step) ? cs_step_get_name (step) : id);
      node.subtitle = make_subtitle (step);
      node.type = cs_step_get_step_type (step);
      node.status = cs_step_get_terminal_status (step);
      node.is_start = g_strcmp0 (start, id) == 0;
      node.out_edges = g_array_new (FALSE, FALSE, sizeof (guint));
      node.in_edges = g_array_new (FALSE, FALSE, sizeof (guint));
      node_size (node.type, &node.width, &node.height);

      in_layout = layout ? cs_layout_find_node (layout, id) : -1;
      if (cs_step_get_position (step, &x, &y, &pinned) && pinned)
        {
          node.x = x;
          node.y = y;
          node.placed = node.pinned = TRUE;
        }
      else if (in_layout >= 0)
        {
          const CsLayoutNode *ln = cs_layout_get_node (layout, in_layout);

          node.x = ln->x;
          node.y = ln->y;
          node.placed = TRUE;
        }

      for (guint p = 0; problems != NULL && p < problems->len; p++)
        {
          CsProblem *problem = g_ptr_array_index (problems, p);

          if (g_strcmp0 (cs_problem_get_step_id (problem), id) != 0)
            continue;
          if (cs_problem_get_severity (problem) == CS_PROBLEM_ERROR)
            node.n_errors++;
          else
            node.n_warnings++;
        }

      g_array_append_val (scene->nodes, node);
      g_hash_table_insert (scene->index, g_array_index (scene->nodes, CsDagNode, scene->nodes->len - 1).id,
                           GUINT_TO_POINTER (scene->nodes->len - 1));
    }
}

static gboolean
node_as_laid_out (CsDagNode *node,
                  CsLayout  *layout)
{
  int index;
  const CsLayoutNode *ln;

  if (layout == NULL || node->pinned || (index = cs_layout_find_node (layout, node->id)) < 0)
    return FALSE;
  ln = cs_layout_get_node (layout, index);
  return ln->x == node->x && ln->y == node->y && ln->width == node->width && ln->height == node->height;
}

static void
route_edges (CsDagScene *scene,
             CsLayout   *layout)
{
  CsWorkflow *workflow = scene->workflow;
  g_autoptr(GHashTable) laid_out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Layout edges by (from, to, how many such edges came before). */
  for (guint i = 0; layout != NULL && i < cs_layout_get_n_edges (layout); i++)
    {
      const CsLayoutEdge *le = cs_layout_get_edge (layout, i);
      g_autofree char *pair = g_strconcat (cs_layout_get_node (layout, le->from)->id, "\n",
                                           cs_layout_get_node (layout, le->to)->id, NULL);
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (seen, pair));

      g_hash_table_insert (laid_out, g_strdup_printf ("%s\n%u", pair, k), GUINT_TO_POINTER (i + 1));
      g_hash_table_insert (seen, g_steal_pointer (&pair), GUINT_TO_POINTER (k + 1));
    }
  g_hash_table_remove_all (seen);

  for (guint i = 0; i < cs_workflow_get_n_edges (workflow); i++)
    {
      CsEdge *edge = cs_workflow_get_edge (workflow, i);
      CsDagEdge item = { 0 };
      g_autofree char *pair = g_strconcat (cs_edge_get_from (edge) ? cs_edge_get_from (edge) : "", "\n",
                                           cs_edge_get_to (edge) ? cs_edge_get_to (edge) : "", NULL);
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (seen, pair));
      g_autofree char *key = g_strdup_printf ("%s\n%u", pair, k);
      guint found = GPOINTER_TO_UINT (g_hash_table_lookup (laid_out, key));
      CsDagNode *from, *to;

      g_hash_table_insert (seen, g_steal_pointer (&pair), GUINT_TO_POINTER (k + 1));
      item.edge = g_object_ref (edge);
      item.index = i;
      item.kind = cs_edge_get_kind (edge);
      item.label = short_label (edge);
      item.from = cs_dag_scene_find_node (scene, cs_edge_get_from (edge));
      item.to = cs_dag_scene_find_node (scene, cs_edge_get_to (edge));
      g_hash_table_insert (scene->edge_index, edge, GUINT_TO_POINTER (scene->edges->len));

      if (item.from >= 0 && item.to >= 0)
        {
          from = &g_array_index (scene->nodes, CsDagNode, item.from);
          to = &g_array_index (scene->nodes, CsDagNode, item.to);
          g_array_append_val (from->out_edges, scene->edges->len);
          g_array_append_val (to->in_edges, scene->edges->len);

          if (found > 0 && node_as_laid_out (from, layout) && node_as_laid_out (to, layout) &&
              cs_layout_get_edge (layout, found - 1)->n_points >= 4)
            {
              const CsLayoutEdge *le = cs_layout_get_edge (layout, found - 1);

              item.n_points = le->n_points;
              item.points = g_memdup2 (le->points, sizeof (CsLayoutPoint) * le->n_points);
              item.has_label = le->has_label && item.label != NULL;
              item.label_x = le->label.x;
              item.label_y = le->label.y;
            }
          else if (from->placed && to->placed)
            {
              item.n_points = 4;
              item.points = g_new (CsLayoutPoint, 4);
              cs_dag_route_nodes (scene->direction, from, 0, 0, to, 0, 0, item.points);
              item.has_label = item.label != NULL;
              cs_dag_bezier_point (item.points, 0.5, &item.label_x, &item.label_y);
            }
        }
      edge_finish (&item);
      g_array_append_val (scene->edges, item);
    }
}

CsDagScene *
cs_dag_scene_new (CsWorkflow        *workflow,
                  CsLayout          *layout,
                  CsLayoutDirection  direction,
                  GPtrArray         *problems)
{
  CsDagScene *scene;
  gboolean empty = TRUE;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);

  scene = g_atomic_rc_box_new0 (CsDagScene);
  scene->workflow = g_object_ref (workflow);
  scene->direction = direction;
  scene->nodes = g_array_new (FALSE, TRUE, sizeof (CsDagNode));
  g_array_set_clear_func (scene->nodes, (GDestroyNotify) clear_node);
  scene->edges = g_array_new (FALSE, TRUE, sizeof (CsDagEdge));
  g_array_set_clear_func (scene->edges, (GDestroyNotify) clear_edge);
  scene->index = g_hash_table_new (g_str_hash, g_str_equal);
  scene->edge_index = g_hash_table_new (NULL, NULL);

  place_nodes (scene, layout, problems);
  route_edges (scene, layout);

  scene->n_tab = scene->nodes->len;
  scene->tab = g_new (int, scene->n_tab);
  for (guint i = 0; i < scene->n_tab; i++)
    scene->tab[i] = i;
  g_qsort_with_data (scene->tab, scene->n_tab, sizeof (int), compare_tab, scene);
  for (guint i = 0; i < scene->n_tab; i++)
    g_array_index (scene->nodes, CsDagNode, scene->tab[i]).tab_order = i;

  for (guint i = 0; i < scene->nodes->len; i++)
    {
      CsDagNode *node = &g_array_index (scene->nodes, CsDagNode, i);
      double lead = node->is_start ? 40 : 0;
      gboolean horizontal = direction == CS_LAYOUT_LEFT_TO_RIGHT;

      if (!node->placed)
        continue;
      /* The start marker sits before the node. */
      expand (&scene->bounds, &empty,
              node->x - node->width / 2 - (horizontal ? lead : 0),
              node->y - node->height / 2 - (horizontal ? 0 : lead),
              node->width + (horizontal ? lead : 0) + 12, node->height + (horizontal ? 0 : lead) + 12);
    }
  for (guint i = 0; i < scene->edges->len; i++)
    {
      CsDagEdge *edge = &g_array_index (scene->edges, CsDagEdge, i);

      if (edge->n_points > 0)
        expand (&scene->bounds, &empty, edge->bounds.origin.x, edge->bounds.origin.y,
                edge->bounds.size.width, edge->bounds.size.height);
    }
  if (!empty)
    graphene_rect_inset (&scene->bounds, -CS_DAG_MARGIN, -CS_DAG_MARGIN);
  return scene;
}

static void
scene_clear (CsDagScene *scene)
{
  g_clear_object (&scene->workflow);
  g_array_unref (scene->edges);
  g_array_unref (scene->nodes);
  g_hash_table_unref (scene->index);
  g_hash_table_unref (scene->edge_index);
  g_free (scene->tab);
}

CsDagScene *
cs_dag_scene_ref (CsDagScene *scene)
{
  g_return_val_if_fail (scene != NULL, NULL);
  return g_atomic_rc_box_acquire (scene);
}

void
cs_dag_scene_unref (CsDagScene *scene)
{
  g_return_if_fail (scene != NULL);
  g_atomic_rc_box_release_full (scene, (GDestroyNotify) scene_clear);
}

CsWorkflow *
cs_dag_scene_get_workflow (CsDagScene *scene)
{
  return scene->workflow;
}

CsLayoutDirection
cs_dag_scene_get_direction (CsDagScene *scene)
{
  return scene->direction;
}

guint
cs_dag_scene_get_n_nodes (CsDagScene *scene)
{
  return scene->nodes->len;
}

CsDagNode *
cs_dag_scene_get_node (CsDagScene *scene,
                       guint       index)
{
  g_return_val_if_fail (index < scene->nodes->len, NULL);
  return &g_array_index (scene->nodes, CsDagNode, index);
}

guint
cs_dag_scene_get_n_edges (CsDagScene *scene)
{
  return scene->edges->len;
}

CsDagEdge *
cs_dag_scene_get_edge (CsDagScene *scene,
                       guint       index)
{
  g_return_val_if_fail (index < scene->edges->len, NULL);
  return &g_array_index (scene->edges, CsDagEdge, index);
}

void
cs_dag_scene_get_bounds (CsDagScene      *scene,
                         graphene_rect_t *bounds)
{
  *bounds = scene->bounds;
}

int
cs_dag_scene_find_node (CsDagScene *scene,
                        const char *id)
{
  gpointer index;

  if (id == NULL || !g_hash_table_lookup_extended (scene->index, id, NULL, &index))
    return -1;
  return GPOINTER_TO_INT (index);
}

int
cs_dag_scene_find_edge (CsDagScene *scene,
                        CsEdge     *edge)
{
  gpointer index;

  if (!g_hash_table_lookup_extended (scene->edge_index, edge, NULL, &index))
    return -1;
  return GPOINTER_TO_INT (index);
}
