/* cs-workflow-editor-actions.c: what the designer can do, and its shortcuts
 *
 * Every action is installed on the widget class ("editor.*"), so buttons,
 * menus, keyboard shortcuts and tests all go through the same code. Drags
 * end up here too: the canvas asks, the editor records the edit in the
 * history or says why not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "core/cs-workflow-json.h"
#include "core/cs-workflow-validate.h"
#include "cs-dag-painter.h"
#include "cs-workflow-editor-private.h"

#define PALETTE_PREFIX "cs-step:"

static const CsStepType palette_types[] = {
  CS_STEP_ACTION, CS_STEP_CONDITIONAL, CS_STEP_APPROVAL, CS_STEP_INTEGRATION, CS_STEP_TERMINAL,
};

static const char *
new_step_name (CsStepType type)
{
  switch (type)
    {
    case CS_STEP_CONDITIONAL:
      return _("New Decision");
    case CS_STEP_APPROVAL:
      return _("New Approval");
    case CS_STEP_INTEGRATION:
      return _("New Service Call");
    case CS_STEP_TERMINAL:
      return _("New Outcome");
    case CS_STEP_ACTION:
    default:
      return _("New Action");
    }
}

CsStep *
cs_workflow_editor_add_step (CsWorkflowEditor *self,
                             CsStepType        type,
                             double            x,
                             double            y)
{
  static const char * const approvers[] = { "officer", NULL };
  g_autofree char *id = NULL;
  g_autoptr(CsStep) step = NULL;

  g_return_val_if_fail (CS_IS_WORKFLOW_EDITOR (self), NULL);

  if (!cs_workflow_editor_is_editable (self))
    return NULL;
  id = cs_edit_history_unique_step_id (self->history, cs_step_type_to_string (type));
  step = cs_step_new (id, type, new_step_name (type));
  if (type == CS_STEP_APPROVAL)
    cs_step_set_approver_roles (step, approvers);
  /* On the grid, so hand-placed steps line up. */
  cs_step_set_position (step, round (x / 8) * 8, round (y / 8) * 8, TRUE);
  cs_edit_history_add_step (self->history, step, -1);
  if (cs_workflow_get_start_step_id (self->workflow) == NULL)
    cs_edit_history_set_start_step (self->history, id);
  cs_dag_canvas_select_step (self->canvas, id, FALSE);
  cs_dag_canvas_set_focus_step (self->canvas, id);
  return step;
}

/* Connecting */

static const char *
title_of (CsWorkflow *workflow,
          const char *id)
{
  CsStep *step = cs_workflow_find_step (workflow, id);

  return step && *cs_step_get_name (step) ? cs_step_get_name (step) : id;
}

static gboolean
has_kind (CsWorkflow *workflow,
          const char *from,
          CsEdgeKind  kind)
{
  g_autoptr(GPtrArray) edges = cs_workflow_get_outgoing_edges (workflow, from);

  for (guint i = 0; i < edges->len; i++)
    if (cs_edge_get_kind (g_ptr_array_index (edges, i)) == kind)
      return TRUE;
  return FALSE;
}

gboolean
cs_workflow_editor_connect_steps (CsWorkflowEditor  *self,
                                  const char        *from,
                                  const char        *to,
                                  GError           **error)
{
  g_autoptr(GPtrArray) cycle = NULL;
  g_autoptr(CsEdge) edge = NULL;
  CsStep *source, *target;
  CsEdgeKind kind = CS_EDGE_NEXT;

  g_return_val_if_fail (CS_IS_WORKFLOW_EDITOR (self), FALSE);
  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  if (!cs_workflow_editor_is_editable (self))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_PERMISSION, _("This workflow cannot be changed here"));
      return FALSE;
    }
  source = cs_workflow_find_step (self->workflow, from);
  target = cs_workflow_find_step (self->workflow, to);
  if (source == NULL || target == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND, _("There is no step “%s”"), source ? to : from);
      return FALSE;
    }
  if (cs_step_get_step_type (source) == CS_STEP_TERMINAL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is a terminal step: the workflow ends there, so it cannot lead anywhere"),
                   title_of (self->workflow, from));
      return FALSE;
    }
  if (cs_workflow_would_create_cycle (self->workflow, from, to, &cycle))
    {
      g_autoptr(GString) path = g_string_new (NULL);

      for (guint i = 0; i < cycle->len; i++)
        g_string_append_printf (path, "%s%s", i ? " → " : "", title_of (self->workflow, g_ptr_array_index (cycle, i)));
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("An edge from “%s” to “%s” would close the cycle %s; workflows cannot loop"),
                   title_of (self->workflow, from), title_of (self->workflow, to), path->str);
      return FALSE;
    }
  if (cs_workflow_find_edge (self->workflow, from, to) != NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT, _("“%s” already leads to “%s”"),
                   title_of (self->workflow, from), title_of (self->workflow, to));
      return FALSE;
    }

  switch (cs_step_get_step_type (source))
    {
    case CS_STEP_CONDITIONAL:
      kind = has_kind (self->workflow, from, CS_EDGE_BRANCH) && !has_kind (self->workflow, from, CS_EDGE_DEFAULT)
             ? CS_EDGE_DEFAULT : CS_EDGE_BRANCH;
      break;
    case CS_STEP_APPROVAL:
      kind = has_kind (self->workflow, from, CS_EDGE_APPROVED) && !has_kind (self->workflow, from, CS_EDGE_REJECTED)
             ? CS_EDGE_REJECTED : CS_EDGE_APPROVED;
      break;
    case CS_STEP_ACTION:
    case CS_STEP_INTEGRATION:
    case CS_STEP_TERMINAL:
    default:
      break;
    }
  edge = cs_edge_new (from, to, kind);
  cs_edit_history_add_edge (self->history, edge, -1);
  cs_dag_canvas_select_edge (self->canvas, edge, FALSE);
  return TRUE;
}

static void
on_connect_requested (CsDagCanvas      *canvas,
                      const char       *from,
                      const char       *to,
                      CsWorkflowEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (!cs_workflow_editor_connect_steps (self, from, to, &error))
    cs_workflow_editor_show_message (self, error->message, FALSE);
}

static void
on_move_requested (CsDagCanvas       *canvas,
                   GPtrArray         *steps,
                   const CsEditPoint *positions,
                   CsWorkflowEditor  *self)
{
  if (cs_workflow_editor_is_editable (self))
    cs_edit_history_move_steps (self->history, steps, positions);
}

/* Editing actions */

static void
delete_selection (CsWorkflowEditor *self)
{
  g_autoptr(GPtrArray) steps = cs_dag_canvas_get_selected_steps (self->canvas);
  g_autoptr(GPtrArray) edges = cs_dag_canvas_get_selected_edges (self->canvas);

  if (steps->len == 0 && edges->len == 0)
    return;
  cs_edit_history_begin_group (self->history, _("Delete"));
  for (guint i = 0; i < edges->len; i++)
    cs_edit_history_remove_edge (self->history, g_ptr_array_index (edges, i));
  for (guint i = 0; i < steps->len; i++)
    cs_edit_history_remove_step (self->history, g_ptr_array_index (steps, i));
  cs_edit_history_end_group (self->history);
}

static void
duplicate_selection (CsWorkflowEditor *self)
{
  g_autoptr(GPtrArray) steps = cs_dag_canvas_get_selected_steps (self->canvas);
  g_autoptr(GPtrArray) copies = NULL;
  g_autofree CsEditPoint *points = NULL;

  if (steps->len == 0)
    return;
  points = g_new0 (CsEditPoint, steps->len);
  for (guint i = 0; i < steps->len; i++)
    {
      graphene_rect_t area;
      double x = 0, y = 0;

      /* Next to where each original is drawn, laid out or not. */
      if (cs_dag_canvas_get_step_area (self->canvas, cs_step_get_id (g_ptr_array_index (steps, i)), &area))
        cs_dag_canvas_widget_to_canvas (self->canvas, area.origin.x + area.size.width / 2,
                                        area.origin.y + area.size.height / 2, &x, &y);
      points[i] = (CsEditPoint) { round ((x + 40) / 8) * 8, round ((y + 40) / 8) * 8 };
    }

  cs_edit_history_begin_group (self->history, steps->len == 1 ? _("Duplicate Step") : _("Duplicate Steps"));
  copies = cs_edit_history_duplicate_steps (self->history, steps, 0, 0);
  cs_edit_history_move_steps (self->history, copies, points);
  cs_edit_history_end_group (self->history);

  cs_dag_canvas_unselect_all (self->canvas);
  for (guint i = 0; i < copies->len; i++)
    cs_dag_canvas_select_step (self->canvas, cs_step_get_id (g_ptr_array_index (copies, i)), TRUE);
}

static void
activate (GtkWidget  *widget,
          const char *action,
          GVariant   *parameter)
{
  CsWorkflowEditor *self = CS_WORKFLOW_EDITOR (widget);
  gboolean editable = cs_workflow_editor_is_editable (self);

  if (g_str_equal (action, "editor.zoom-in"))
    cs_dag_canvas_zoom_in (self->canvas);
  else if (g_str_equal (action, "editor.zoom-out"))
    cs_dag_canvas_zoom_out (self->canvas);
  else if (g_str_equal (action, "editor.zoom-reset"))
    cs_dag_canvas_set_zoom (self->canvas, 1.0);
  else if (g_str_equal (action, "editor.zoom-fit"))
    cs_dag_canvas_zoom_to_fit (self->canvas);
  else if (g_str_equal (action, "editor.show-problems"))
    gtk_stack_set_visible_child_name (self->side_stack, "problems");
  else if (g_str_equal (action, "editor.save"))
    cs_workflow_editor_request_save (self, FALSE);
  else if (g_str_equal (action, "editor.publish"))
    cs_workflow_editor_request_save (self, TRUE);
  else if (!editable)
    return;
  else if (g_str_equal (action, "editor.undo"))
    cs_edit_history_undo (self->history);
  else if (g_str_equal (action, "editor.redo"))
    cs_edit_history_redo (self->history);
  else if (g_str_equal (action, "editor.delete"))
    delete_selection (self);
  else if (g_str_equal (action, "editor.duplicate"))
    duplicate_selection (self);
  else if (g_str_equal (action, "editor.relayout"))
    {
      if (!cs_edit_history_unpin_steps (self->history, NULL))
        cs_workflow_editor_show_message (self, _("Every step is already placed automatically"), FALSE);
      cs_dag_canvas_zoom_to_fit (self->canvas);
    }
  else if (g_str_equal (action, "editor.add-step"))
    {
      CsStepType type;
      double x, y;

      if (!cs_step_type_from_string (g_variant_get_string (parameter, NULL), &type))
        return;
      cs_dag_canvas_get_view_center (self->canvas, &x, &y);
      cs_workflow_editor_add_step (self, type, x, y);
    }
}

void
cs_workflow_editor_class_init_actions (GtkWidgetClass *widget_class)
{
  static const char * const plain[] = {
    "editor.undo", "editor.redo", "editor.delete", "editor.duplicate", "editor.zoom-in", "editor.zoom-out",
    "editor.zoom-reset", "editor.zoom-fit", "editor.relayout", "editor.save", "editor.publish",
    "editor.show-problems",
  };
  static const struct { guint key; GdkModifierType mods; const char *action; } keys[] = {
    { GDK_KEY_z, GDK_CONTROL_MASK, "editor.undo" },
    { GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "editor.redo" },
    { GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "editor.redo" },
    { GDK_KEY_y, GDK_CONTROL_MASK, "editor.redo" },
    { GDK_KEY_Delete, 0, "editor.delete" },
    { GDK_KEY_KP_Delete, 0, "editor.delete" },
    { GDK_KEY_d, GDK_CONTROL_MASK, "editor.duplicate" },
    { GDK_KEY_plus, 0, "editor.zoom-in" },
    { GDK_KEY_equal, 0, "editor.zoom-in" },
    { GDK_KEY_KP_Add, 0, "editor.zoom-in" },
    { GDK_KEY_plus, GDK_CONTROL_MASK, "editor.zoom-in" },
    { GDK_KEY_equal, GDK_CONTROL_MASK, "editor.zoom-in" },
    { GDK_KEY_minus, 0, "editor.zoom-out" },
    { GDK_KEY_KP_Subtract, 0, "editor.zoom-out" },
    { GDK_KEY_minus, GDK_CONTROL_MASK, "editor.zoom-out" },
    { GDK_KEY_0, 0, "editor.zoom-reset" },
    { GDK_KEY_KP_0, 0, "editor.zoom-reset" },
    { GDK_KEY_0, GDK_CONTROL_MASK, "editor.zoom-reset" },
    { GDK_KEY_f, 0, "editor.zoom-fit" },
    { GDK_KEY_s, GDK_CONTROL_MASK, "editor.save" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    gtk_widget_class_install_action (widget_class, plain[i], NULL, activate);
  gtk_widget_class_install_action (widget_class, "editor.add-step", "s", activate);
  gtk_widget_class_install_action (widget_class, "editor.export", "s", cs_workflow_editor_export_action);
  gtk_widget_class_install_action (widget_class, "editor.import", NULL, cs_workflow_editor_import_action);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i].key, keys[i].mods, keys[i].action, NULL);
}

/* Palette */

static void
draw_palette_icon (GtkDrawingArea *area,
                   cairo_t        *cr,
                   int             width,
                   int             height,
                   gpointer        data)
{
  CsStepType type = GPOINTER_TO_INT (data);
  CsDagStyle style;
  GdkRGBA hue, ink = { 1, 1, 1, 1 };

  cs_dag_style_init_from_widget (&style, GTK_WIDGET (area));
  cs_dag_style_type_color (&style, type, CS_TERMINAL_SUCCESS, &hue);
  if (cs_dag_luminance (&hue) > 0.45)
    gdk_rgba_parse (&ink, "#241f31");
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, &hue);
  cairo_fill (cr);
  cs_dag_painter_draw_glyph (cr, type, CS_TERMINAL_SUCCESS, width / 2.0, height / 2.0,
                             MIN (width, height) * 0.62, &ink);
  cs_dag_style_clear (&style);
}

static GdkContentProvider *
on_palette_drag_prepare (GtkDragSource *source,
                         double         x,
                         double         y,
                         gpointer       data)
{
  g_autofree char *text = g_strconcat (PALETTE_PREFIX, cs_step_type_to_string (GPOINTER_TO_INT (data)), NULL);
  GtkWidget *button = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (button);

  gtk_drag_source_set_icon (source, icon, (int) x, (int) y);
  return gdk_content_provider_new_typed (G_TYPE_STRING, text);
}

void
cs_workflow_editor_init_palette (CsWorkflowEditor *self)
{
  static const char *tooltips[] = {
    N_("Action: runs a handler (click to add, or drag onto the diagram)"),
    N_("Conditional: takes one of several branches"),
    N_("Approval: waits for people to approve or reject"),
    N_("Integration: calls another system over HTTP"),
    N_("Terminal: ends the workflow with an outcome"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (palette_types); i++)
    {
      CsStepType type = palette_types[i];
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *icon = gtk_drawing_area_new ();
      GtkWidget *label = gtk_label_new (cs_dag_step_type_title (type));
      GtkDragSource *source = gtk_drag_source_new ();

      gtk_widget_set_size_request (icon, 28, 28);
      gtk_widget_set_halign (icon, GTK_ALIGN_CENTER);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (icon), draw_palette_icon, GINT_TO_POINTER (type), NULL);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _(tooltips[i]));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "editor.add-step");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", cs_step_type_to_string (type));
      gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
      g_signal_connect (source, "prepare", G_CALLBACK (on_palette_drag_prepare), GINT_TO_POINTER (type));
      gtk_widget_add_controller (button, GTK_EVENT_CONTROLLER (source));
      gtk_box_append (self->palette, button);
    }
}

/* Dropping onto the diagram */

static gboolean
on_drop (GtkDropTarget    *target,
         const GValue     *value,
         double            x,
         double            y,
         CsWorkflowEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      if (cs_workflow_editor_import_file (self, g_value_get_object (value), &error))
        return TRUE;
      {
        g_autofree char *text = g_strdup_printf (_("Could not import the definition: %s"), error->message);
        cs_workflow_editor_show_message (self, text, FALSE);
      }
      return FALSE;
    }
  if (G_VALUE_HOLDS (value, G_TYPE_STRING) && g_str_has_prefix (g_value_get_string (value), PALETTE_PREFIX))
    {
      CsStepType type;
      double cx, cy;

      if (!cs_step_type_from_string (g_value_get_string (value) + strlen (PALETTE_PREFIX), &type))
        return FALSE;
      cs_dag_canvas_widget_to_canvas (self->canvas, x, y, &cx, &cy);
      return cs_workflow_editor_add_step (self, type, cx, cy) != NULL;
    }
  return FALSE;
}

static void
on_step_activated (CsWorkflowEditor *self)
{
  gtk_stack_set_visible_child_name (self->side_stack, "step");
  cs_step_panel_focus_name (self->step_panel);
}

static void
on_problems_requested (CsWorkflowEditor *self,
                       const char       *step_id)
{
  GtkWidget *row;

  gtk_stack_set_visible_child_name (self->side_stack, "problems");
  for (row = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "cs-step-id"), step_id) == 0)
      {
        gtk_widget_grab_focus (row);
        break;
      }
}

static void
on_layout_failed (CsWorkflowEditor *self,
                  const char       *text)
{
  cs_workflow_editor_show_message (self, text, FALSE);
}

void
cs_workflow_editor_init_canvas (CsWorkflowEditor *self)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);

  gtk_drop_target_set_gtypes (target, (GType[]) { G_TYPE_FILE, G_TYPE_STRING }, 2);
  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (target));

  g_signal_connect_object (self->canvas, "connect-requested", G_CALLBACK (on_connect_requested), self, 0);
  g_signal_connect_object (self->canvas, "move-requested", G_CALLBACK (on_move_requested), self, 0);
  g_signal_connect_object (self->canvas, "step-activated", G_CALLBACK (on_step_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "problems-requested", G_CALLBACK (on_problems_requested), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "layout-failed", G_CALLBACK (on_layout_failed), self, G_CONNECT_SWAPPED);
}
