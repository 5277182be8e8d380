/* cs-dag-canvas-input.c: pointer and keyboard
 *
 * One drag gesture does everything a primary-button drag can mean, decided
 * where it starts: on a step's output port it connects, on a step it moves
 * (when editable), on the background it pans, or with Shift or Ctrl draws a
 * rubber band; the middle button always pans. A drag that never moves more
 * than a few pixels is a click, and selects. The keyboard: arrows move the
 * step focus along the graph (or pan), Space and Enter select and activate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "cs-dag-canvas-private.h"

#define DRAG_THRESHOLD 4.0
#define PORT_RADIUS 11.0
#define KEY_PAN 48.0

/* Pointer */

static int
port_at (CsDagCanvas *self,
         double       cx,
         double       cy)
{
  double radius = PORT_RADIUS / MIN (1.0, self->zoom);

  for (guint i = 0; self->editable && self->scene && i < cs_dag_scene_get_n_nodes (self->scene); i++)
    {
      CsDagNode *node = cs_dag_scene_get_node (self->scene, i);
      double px, py;

      if (!node->placed || node->type == CS_STEP_TERMINAL)
        continue;
      cs_dag_scene_get_port (self->scene, i, TRUE, &px, &py);
      if (hypot (cx - px, cy - py) <= radius)
        return i;
    }
  return -1;
}

static gboolean
marker_at (CsDagCanvas *self,
           int          index,
           double       cx,
           double       cy)
{
  CsDagNode *node = cs_dag_scene_get_node (self->scene, index);
  double mx = node->x + node->width / 2, my = node->y - node->height / 2;

  if (node->n_errors == 0 && node->n_warnings == 0)
    return FALSE;
  if (node->type == CS_STEP_CONDITIONAL)
    {
      mx = node->x + node->width / 4 + 6;
      my = node->y - node->height / 4 - 6;
    }
  return hypot (cx - mx, cy - my) <= 16 / MIN (1.0, self->zoom);
}

static void
set_hover (CsDagCanvas *self,
           int          hover,
           int          port)
{
  const char *cursor = NULL;

  if (port >= 0)
    cursor = "crosshair";
  else if (hover >= 0)
    cursor = self->editable ? "grab" : "pointer";
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);

  if (hover == self->hover && port == self->hover_port)
    return;
  if (hover != self->hover)
    g_clear_pointer (&self->highlight_node, gsk_render_node_unref);
  self->hover = hover;
  self->hover_port = port;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           CsDagCanvas              *self)
{
  double cx, cy;
  int port;

  self->pointer_x = x;
  self->pointer_y = y;
  if (self->scene == NULL || self->drag_mode != CS_DRAG_NONE)
    return;
  cs_dag_canvas_widget_to_canvas (self, x, y, &cx, &cy);
  port = port_at (self, cx, cy);
  set_hover (self, port >= 0 ? port : cs_dag_scene_node_at (self->scene, cx, cy), port);
}

static void
on_leave (GtkEventControllerMotion *motion,
          CsDagCanvas              *self)
{
  if (self->drag_mode == CS_DRAG_NONE)
    set_hover (self, -1, -1);
}

static gboolean
on_scroll (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           CsDagCanvas              *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));

  if (!(state & GDK_CONTROL_MASK))
    return FALSE;
  cs_dag_canvas_zoom_around (self, self->zoom * pow (1.1, -dy), self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
on_pinch_begin (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                CsDagCanvas      *self)
{
  self->pinch_zoom = self->zoom;
  gtk_gesture_get_bounding_box_center (gesture, &self->pinch_x, &self->pinch_y);
}

static void
on_pinch_scale (GtkGestureZoom *gesture,
                double          scale,
                CsDagCanvas    *self)
{
  cs_dag_canvas_zoom_around (self, self->pinch_zoom * scale, self->pinch_x, self->pinch_y);
}

static void
click (CsDagCanvas     *self,
       double           x,
       double           y,
       GdkModifierType  state)
{
  gboolean toggle = (state & GDK_CONTROL_MASK) != 0;
  gboolean extend = toggle || (state & GDK_SHIFT_MASK) != 0;
  double cx, cy;
  int node, edge;

  cs_dag_canvas_widget_to_canvas (self, x, y, &cx, &cy);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->focus_visible = FALSE;

  if ((node = cs_dag_scene_node_at (self->scene, cx, cy)) >= 0)
    {
      const char *id = cs_dag_scene_get_node (self->scene, node)->id;

      cs_dag_canvas_set_focus_step (self, id);
      if (toggle && g_hash_table_contains (self->selected_steps, id))
        {
          g_hash_table_remove (self->selected_steps, id);
          cs_dag_canvas_emit_selection_changed (self);
        }
      else
        cs_dag_canvas_select_step (self, id, extend);
      if (marker_at (self, node, cx, cy))
        g_signal_emit_by_name (self, "problems-requested", id);
      return;
    }
  if ((edge = cs_dag_scene_edge_at (self->scene, cx, cy, 6 / MIN (1.0, self->zoom))) >= 0)
    {
      cs_dag_canvas_select_edge (self, cs_dag_scene_get_edge (self->scene, edge)->edge, extend);
      return;
    }
  if (!extend)
    cs_dag_canvas_unselect_all (self);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               CsDagCanvas    *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  double cx, cy;
  int node = -1, port;

  self->drag_x = self->pointer_x = x;
  self->drag_y = self->pointer_y = y;
  self->drag_dx = self->drag_dy = 0;
  self->drag_started = FALSE;
  self->drag_node = self->connect_target = -1;
  self->pan_h = gtk_adjustment_get_value (self->hadjustment);
  self->pan_v = gtk_adjustment_get_value (self->vadjustment);

  if (self->scene == NULL)
    {
      self->drag_mode = CS_DRAG_PAN;
      return;
    }
  cs_dag_canvas_widget_to_canvas (self, x, y, &cx, &cy);
  port = port_at (self, cx, cy);
  if (port < 0)
    node = cs_dag_scene_node_at (self->scene, cx, cy);

  if (button == GDK_BUTTON_MIDDLE)
    self->drag_mode = CS_DRAG_PAN;
  else if (port >= 0)
    {
      self->drag_mode = CS_DRAG_CONNECT;
      self->drag_node = port;
    }
  else if (node >= 0 && self->editable)
    {
      self->drag_mode = CS_DRAG_MOVE;
      self->drag_node = node;
    }
  else if (node < 0 && (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)))
    {
      self->drag_mode = CS_DRAG_RUBBER;
      g_clear_pointer (&self->rubber_base, g_hash_table_unref);
      self->rubber_base = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      {
        GHashTableIter iter;
        gpointer key;

        g_hash_table_iter_init (&iter, self->selected_steps);
        while (g_hash_table_iter_next (&iter, &key, NULL))
          g_hash_table_add (self->rubber_base, g_strdup (key));
      }
    }
  else
    self->drag_mode = CS_DRAG_PAN;
}

static void
start_move (CsDagCanvas *self)
{
  const char *id = cs_dag_scene_get_node (self->scene, self->drag_node)->id;

  if (!g_hash_table_contains (self->selected_steps, id))
    cs_dag_canvas_select_step (self, id, FALSE);
  g_hash_table_remove_all (self->excluded);
  for (guint i = 0; i < cs_dag_scene_get_n_nodes (self->scene); i++)
    {
      CsDagNode *node = cs_dag_scene_get_node (self->scene, i);

      if (node->placed && g_hash_table_contains (self->selected_steps, node->id))
        g_hash_table_add (self->excluded, GUINT_TO_POINTER (i));
    }
  /* Only the tiles showing the dragged steps are drawn again, without them. */
  cs_dag_canvas_invalidate_nodes (self, self->excluded);
  g_clear_pointer (&self->selection_node, gsk_render_node_unref);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
}

static void
update_rubber (CsDagCanvas *self)
{
  double x0, y0, x1, y1;
  GHashTableIter iter;
  gpointer key;

  cs_dag_canvas_widget_to_canvas (self, MIN (self->drag_x, self->pointer_x), MIN (self->drag_y, self->pointer_y),
                                  &x0, &y0);
  cs_dag_canvas_widget_to_canvas (self, MAX (self->drag_x, self->pointer_x), MAX (self->drag_y, self->pointer_y),
                                  &x1, &y1);
  cs_dag_canvas_clear_selection (self);
  g_hash_table_iter_init (&iter, self->rubber_base);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (self->selected_steps, g_strdup (key));
  for (guint i = 0; i < cs_dag_scene_get_n_nodes (self->scene); i++)
    {
      CsDagNode *node = cs_dag_scene_get_node (self->scene, i);

      if (node->placed && node->x + node->width / 2 >= x0 && node->x - node->width / 2 <= x1 &&
          node->y + node->height / 2 >= y0 && node->y - node->height / 2 <= y1)
        g_hash_table_add (self->selected_steps, g_strdup (node->id));
    }
  cs_dag_canvas_emit_selection_changed (self);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          ox,
                double          oy,
                CsDagCanvas    *self)
{
  self->pointer_x = self->drag_x + ox;
  self->pointer_y = self->drag_y + oy;
  if (!self->drag_started)
    {
      if (hypot (ox, oy) < DRAG_THRESHOLD)
        return;
      self->drag_started = TRUE;
      if (self->drag_mode == CS_DRAG_MOVE)
        start_move (self);
      set_hover (self, -1, -1);
    }

  switch (self->drag_mode)
    {
    case CS_DRAG_PAN:
      gtk_adjustment_set_value (self->hadjustment, self->pan_h - ox);
      gtk_adjustment_set_value (self->vadjustment, self->pan_v - oy);
      break;
    case CS_DRAG_MOVE:
      self->drag_dx = ox / self->zoom;
      self->drag_dy = oy / self->zoom;
      break;
    case CS_DRAG_CONNECT:
      {
        double cx, cy;
        int target;

        cs_dag_canvas_widget_to_canvas (self, self->pointer_x, self->pointer_y, &cx, &cy);
        target = cs_dag_scene_node_at (self->scene, cx, cy);
        if (target == self->drag_node)
          target = -1;
        if (target != self->connect_target && target >= 0)
          self->connect_ok = !cs_workflow_would_create_cycle (self->workflow,
                                                              cs_dag_scene_get_node (self->scene, self->drag_node)->id,
                                                              cs_dag_scene_get_node (self->scene, target)->id, NULL);
        self->connect_target = target;
      }
      break;
    case CS_DRAG_RUBBER:
      update_rubber (self);
      break;
    case CS_DRAG_NONE:
    default:
      break;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
finish_move (CsDagCanvas *self)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (CsEditPoint));
  g_autoptr(GHashTable) moved = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->excluded);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      CsDagNode *node = cs_dag_scene_get_node (self->scene, GPOINTER_TO_UINT (key));
      CsEditPoint point = { round (node->x + self->drag_dx), round (node->y + self->drag_dy) };

      g_ptr_array_add (steps, g_object_ref (node->step));
      g_array_append_val (points, point);
      g_hash_table_add (moved, key);
    }
  g_hash_table_remove_all (self->excluded);
  cs_dag_canvas_invalidate_nodes (self, moved);
  cs_dag_canvas_invalidate_layers (self);
  if (self->drag_dx != 0 || self->drag_dy != 0)
    cs_dag_canvas_request_move (self, steps, (const CsEditPoint *) points->data);
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          ox,
             double          oy,
             CsDagCanvas    *self)
{
  CsDragMode mode = self->drag_mode;

  self->drag_mode = CS_DRAG_NONE;
  if (self->scene == NULL)
    return;
  if (!self->drag_started)
    {
      GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
      click (self, self->drag_x, self->drag_y, state);
      return;
    }

  switch (mode)
    {
    case CS_DRAG_MOVE:
      finish_move (self);
      break;
    case CS_DRAG_CONNECT:
      if (self->connect_target >= 0)
        cs_dag_canvas_request_connect (self, cs_dag_scene_get_node (self->scene, self->drag_node)->id,
                                       cs_dag_scene_get_node (self->scene, self->connect_target)->id);
      break;
    case CS_DRAG_PAN:
    case CS_DRAG_RUBBER:
    case CS_DRAG_NONE:
    default:
      break;
    }
  self->drag_node = self->connect_target = -1;
  self->drag_started = FALSE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_cancel (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                CsDagCanvas      *self)
{
  if (self->drag_mode == CS_DRAG_MOVE && g_hash_table_size (self->excluded) > 0)
    {
      g_autoptr(GHashTable) moved = g_hash_table_ref (self->excluded);

      self->excluded = g_hash_table_new (NULL, NULL);
      cs_dag_canvas_invalidate_nodes (self, moved);
    }
  self->drag_mode = CS_DRAG_NONE;
  self->drag_started = FALSE;
  self->drag_node = self->connect_target = -1;
  cs_dag_canvas_invalidate_layers (self);
}

static void
on_click_pressed (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  CsDagCanvas     *self)
{
  double cx, cy;
  int node;

  if (n_press != 2 || self->scene == NULL)
    return;
  cs_dag_canvas_widget_to_canvas (self, x, y, &cx, &cy);
  if ((node = cs_dag_scene_node_at (self->scene, cx, cy)) >= 0)
    g_signal_emit_by_name (self, "step-activated", cs_dag_scene_get_node (self->scene, node)->id);
}

/* Keyboard */

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                CsDagCanvas           *self)
{
  GtkDirectionType direction;
  double pan_x = 0, pan_y = 0;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      direction = GTK_DIR_LEFT;
      pan_x = -KEY_PAN;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      direction = GTK_DIR_RIGHT;
      pan_x = KEY_PAN;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      direction = GTK_DIR_UP;
      pan_y = -KEY_PAN;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      direction = GTK_DIR_DOWN;
      pan_y = KEY_PAN;
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      if (self->focus_id == NULL)
        return FALSE;
      g_signal_emit_by_name (self, "step-activated", self->focus_id);
      return TRUE;
    case GDK_KEY_space:
      if (self->focus_id == NULL)
        return FALSE;
      if ((state & GDK_CONTROL_MASK) && g_hash_table_contains (self->selected_steps, self->focus_id))
        {
          g_hash_table_remove (self->selected_steps, self->focus_id);
          cs_dag_canvas_emit_selection_changed (self);
        }
      else
        cs_dag_canvas_select_step (self, self->focus_id, (state & GDK_CONTROL_MASK) != 0);
      return TRUE;
    case GDK_KEY_Escape:
      if (g_hash_table_size (self->selected_steps) == 0 && g_hash_table_size (self->selected_edges) == 0)
        return FALSE;
      cs_dag_canvas_unselect_all (self);
      return TRUE;
    case GDK_KEY_a:
      if (!(state & GDK_CONTROL_MASK))
        return FALSE;
      cs_dag_canvas_select_all (self);
      return TRUE;
    default:
      return FALSE;
    }

  /* Ctrl+arrows, or arrows with no step focused, pan. */
  if ((state & GDK_CONTROL_MASK) || cs_dag_canvas_focus_index (self) < 0)
    {
      cs_dag_canvas_scroll_by (self, pan_x, pan_y);
      return TRUE;
    }
  if (state & GDK_SHIFT_MASK)
    {
      int current = cs_dag_canvas_focus_index (self);
      int next = cs_dag_scene_arrow_step (self->scene, current, direction);

      if (next >= 0)
        cs_dag_canvas_focus_node (self, next, TRUE);
      return TRUE;
    }
  cs_dag_canvas_move_focus (self, direction);
  return TRUE;
}

void
cs_dag_canvas_init_input (CsDagCanvas *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *pinch = gtk_gesture_zoom_new ();
  GtkGesture *clicks = gtk_gesture_click_new ();

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (on_drag_cancel), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (pinch, "begin", G_CALLBACK (on_pinch_begin), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (on_pinch_scale), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));

  g_signal_connect (clicks, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (clicks));
}
