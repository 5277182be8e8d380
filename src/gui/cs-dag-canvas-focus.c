/* cs-dag-canvas-focus.c: selection, step focus and accessibility
 *
 * Steps are selected by id, so that a selection survives the scene being
 * rebuilt; edges by object. The focused step is the one Tab or the arrow
 * keys reached; it is what the canvas's accessible description tells.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-dag-canvas-private.h"

/* Selection */

void
cs_dag_canvas_emit_selection_changed (CsDagCanvas *self)
{
  g_clear_pointer (&self->selection_node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  cs_dag_canvas_update_accessible (self);
  g_signal_emit_by_name (self, "selection-changed");
}

GPtrArray *
cs_dag_canvas_get_selected_steps (CsDagCanvas *self)
{
  GPtrArray *steps;

  g_return_val_if_fail (CS_IS_DAG_CANVAS (self), NULL);

  steps = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; self->workflow && i < cs_workflow_get_n_steps (self->workflow); i++)
    {
      CsStep *step = cs_workflow_get_step (self->workflow, i);

      if (cs_step_get_id (step) && g_hash_table_contains (self->selected_steps, cs_step_get_id (step)) &&
          cs_workflow_find_step (self->workflow, cs_step_get_id (step)) == step)
        g_ptr_array_add (steps, g_object_ref (step));
    }
  return steps;
}

GPtrArray *
cs_dag_canvas_get_selected_edges (CsDagCanvas *self)
{
  GPtrArray *edges;

  g_return_val_if_fail (CS_IS_DAG_CANVAS (self), NULL);

  edges = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; self->workflow && i < cs_workflow_get_n_edges (self->workflow); i++)
    {
      CsEdge *edge = cs_workflow_get_edge (self->workflow, i);

      if (g_hash_table_contains (self->selected_edges, edge))
        g_ptr_array_add (edges, g_object_ref (edge));
    }
  return edges;
}

void
cs_dag_canvas_clear_selection (CsDagCanvas *self)
{
  g_hash_table_remove_all (self->selected_steps);
  g_hash_table_remove_all (self->selected_edges);
}

void
cs_dag_canvas_select_step (CsDagCanvas *self,
                           const char  *step_id,
                           gboolean     extend)
{
  g_return_if_fail (CS_IS_DAG_CANVAS (self));
  g_return_if_fail (step_id != NULL);

  if (!extend)
    cs_dag_canvas_clear_selection (self);
  g_hash_table_add (self->selected_steps, g_strdup (step_id));
  cs_dag_canvas_emit_selection_changed (self);
}

void
cs_dag_canvas_select_edge (CsDagCanvas *self,
                           CsEdge      *edge,
                           gboolean     extend)
{
  g_return_if_fail (CS_IS_DAG_CANVAS (self));
  g_return_if_fail (CS_IS_EDGE (edge));

  if (!extend)
    cs_dag_canvas_clear_selection (self);
  if (!g_hash_table_contains (self->selected_edges, edge))
    g_hash_table_add (self->selected_edges, g_object_ref (edge));
  cs_dag_canvas_emit_selection_changed (self);
}

void
cs_dag_canvas_select_all (CsDagCanvas *self)
{
  g_return_if_fail (CS_IS_DAG_CANVAS (self));

  cs_dag_canvas_clear_selection (self);
  for (guint i = 0; self->scene && i < cs_dag_scene_get_n_nodes (self->scene); i++)
    g_hash_table_add (self->selected_steps, g_strdup (cs_dag_scene_get_node (self->scene, i)->id));
  cs_dag_canvas_emit_selection_changed (self);
}

void
cs_dag_canvas_unselect_all (CsDagCanvas *self)
{
  g_return_if_fail (CS_IS_DAG_CANVAS (self));

  if (g_hash_table_size (self->selected_steps) == 0 && g_hash_table_size (self->selected_edges) == 0)
    return;
  cs_dag_canvas_clear_selection (self);
  cs_dag_canvas_emit_selection_changed (self);
}

/* Focus and accessibility */

int
cs_dag_canvas_focus_index (CsDagCanvas *self)
{
  if (self->scene == NULL || self->focus_id == NULL)
    return -1;
  return cs_dag_scene_find_node (self->scene, self->focus_id);
}

const char *
cs_dag_canvas_get_focus_step (CsDagCanvas *self)
{
  g_return_val_if_fail (CS_IS_DAG_CANVAS (self), NULL);
  return self->focus_id;
}

void
cs_dag_canvas_set_focus_step (CsDagCanvas *self,
                              const char  *step_id)
{
  g_return_if_fail (CS_IS_DAG_CANVAS (self));

  if (g_strcmp0 (self->focus_id, step_id) == 0)
    return;
  g_free (self->focus_id);
  self->focus_id = g_strdup (step_id);
  cs_dag_canvas_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
append_neighbours (GString    *text,
                   CsDagScene *scene,
                   GArray     *edges,
                   gboolean    outgoing)
{
  for (guint i = 0; i < edges->len; i++)
    {
      CsDagEdge *edge = cs_dag_scene_get_edge (scene, g_array_index (edges, guint, i));
      int other = outgoing ? edge->to : edge->from;

      if (other < 0)
        continue;
      g_string_append (text, i > 0 ? ", " : " ");
      g_string_append (text, cs_dag_scene_get_node (scene, other)->title);
      if (edge->label != NULL)
        g_string_append_printf (text, " (%s)", edge->label);
    }
  if (edges->len == 0)
    g_string_append_printf (text, " %s", _("none"));
}

void
cs_dag_canvas_update_accessible (CsDagCanvas *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *label = NULL;
  int focus = cs_dag_canvas_focus_index (self);

  label = g_strdup_printf (_("Workflow diagram: %s"), self->workflow ? cs_workflow_get_name (self->workflow) : "");
  if (focus >= 0)
    {
      CsDagNode *node = cs_dag_scene_get_node (self->scene, focus);

      g_string_append_printf (text, _("%s, %s step"), node->title, cs_dag_step_type_title (node->type));
      if (node->type == CS_STEP_TERMINAL)
        g_string_append_printf (text, ", %s", cs_dag_terminal_status_title (node->status));
      if (node->is_start)
        g_string_append_printf (text, ", %s", _("start step"));
      if (g_hash_table_contains (self->selected_steps, node->id))
        g_string_append_printf (text, ", %s", _("selected"));
      if (node->pinned)
        g_string_append_printf (text, ", %s", _("placed by hand"));
      if (node->n_errors > 0)
        {
          g_autofree char *errors = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors",
                                                                  node->n_errors), node->n_errors);
          g_string_append_printf (text, ", %s", errors);
        }
      if (node->n_warnings > 0)
        {
          g_autofree char *warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings",
                                                                    node->n_warnings), node->n_warnings);
          g_string_append_printf (text, ", %s", warnings);
        }
      g_string_append_printf (text, ". %s", _("Next:"));
      append_neighbours (text, self->scene, node->out_edges, TRUE);
      g_string_append_printf (text, ". %s", _("Previous:"));
      append_neighbours (text, self->scene, node->in_edges, FALSE);
      g_string_append_printf (text, ". ");
      g_string_append_printf (text, _("Step %u of %u."), node->tab_order + 1, cs_dag_scene_get_n_nodes (self->scene));
    }
  else if (self->scene != NULL)
    {
      g_string_append_printf (text, _("%u steps, %u edges."), cs_dag_scene_get_n_nodes (self->scene),
                              cs_dag_scene_get_n_edges (self->scene));
      g_string_append_printf (text, " %s", _("Tab moves from step to step; the arrow keys follow the edges."));
    }
  if (!self->editable)
    g_string_append_printf (text, " %s", _("Read-only."));

  g_free (self->description);
  self->description = g_string_free (g_steal_pointer (&text), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
}

const char *
cs_dag_canvas_get_accessible_description (CsDagCanvas *self)
{
  g_return_val_if_fail (CS_IS_DAG_CANVAS (self), NULL);
  return self->description;
}

void
cs_dag_canvas_focus_node (CsDagCanvas *self,
                          int          node,
                          gboolean     extend)
{
  CsDagNode *n = cs_dag_scene_get_node (self->scene, node);

  self->focus_visible = TRUE;
  cs_dag_canvas_set_focus_step (self, n->id);
  cs_dag_canvas_select_step (self, n->id, extend);
  cs_dag_canvas_scroll_to_step (self, n->id);
  cs_dag_canvas_update_accessible (self);
}

gboolean
cs_dag_canvas_move_focus (CsDagCanvas      *self,
                          GtkDirectionType  direction)
{
  int current, next;

  g_return_val_if_fail (CS_IS_DAG_CANVAS (self), FALSE);

  if (self->refresh_source != 0)
    cs_dag_canvas_refresh_now (self);
  if (self->scene == NULL)
    return FALSE;
  current = cs_dag_canvas_focus_index (self);
  if (direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD)
    next = cs_dag_scene_tab_step (self->scene, current, direction == GTK_DIR_TAB_FORWARD);
  else if (current < 0)
    next = cs_dag_scene_tab_step (self->scene, -1, TRUE);
  else
    next = cs_dag_scene_arrow_step (self->scene, current, direction);
  if (next < 0)
    return FALSE;
  cs_dag_canvas_focus_node (self, next, FALSE);
  return TRUE;
}

gboolean
cs_dag_canvas_focus_vfunc (GtkWidget        *widget,
                           GtkDirectionType  direction)
{
  CsDagCanvas *self = CS_DAG_CANVAS (widget);
  gboolean tab = direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD;

  if (!gtk_widget_has_focus (widget))
    {
      gtk_widget_grab_focus (widget);
      /* Entering by Tab lands on the first (Shift+Tab: last) step, without
       * selecting it: the window gives initial focus this way too. */
      if (tab && self->scene != NULL && self->focus_id == NULL)
        {
          int first = cs_dag_scene_tab_step (self->scene, -1, direction == GTK_DIR_TAB_FORWARD);

          if (first >= 0)
            {
              self->focus_visible = TRUE;
              cs_dag_canvas_set_focus_step (self, cs_dag_scene_get_node (self->scene, first)->id);
              cs_dag_canvas_scroll_to_step (self, self->focus_id);
            }
        }
      return TRUE;
    }
  if (!tab)
    return FALSE;
  if (cs_dag_canvas_move_focus (self, direction))
    return TRUE;
  /* Past the last step, Tab leaves the canvas. */
  cs_dag_canvas_set_focus_step (self, NULL);
  return FALSE;
}
