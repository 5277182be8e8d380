/* cs-dag-canvas.c: a workflow drawn as a directed graph, to look at and edit
 *
 * This part is the object itself: properties, signals, the model it shows
 * (workflow, problems, overlay) and the edit requests. Layouts and scenes
 * are in cs-dag-canvas-layout.c, the view transform in cs-dag-canvas-view.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "cs-dag-canvas-private.h"
#include "cs-diagram-export.h"

G_DEFINE_FINAL_TYPE_WITH_CODE (CsDagCanvas, cs_dag_canvas, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

enum {
  PROP_0,
  PROP_WORKFLOW,
  PROP_DIRECTION,
  PROP_EDITABLE,
  PROP_OVERLAY,
  PROP_ZOOM,
  PROP_BUSY,
  N_PROPS,
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum {
  SELECTION_CHANGED,
  CONNECT_REQUESTED,
  MOVE_REQUESTED,
  STEP_ACTIVATED,
  PROBLEMS_REQUESTED,
  LAYOUT_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
on_overlay_changed (CsDagCanvas *self)
{
  cs_dag_canvas_clear_render (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Properties */

CsWorkflow *
cs_dag_canvas_get_workflow (CsDagCanvas *self)
{
  g_return_val_if_fail (CS_IS_DAG_CANVAS (self), NULL);
  return self->workflow;
}

void
cs_dag_canvas_set_workflow (CsDagCanvas *self,
                            CsWorkflow  *workflow)
{
  g_return_if_fail (CS_IS_DAG_CANVAS (self));
  g_return_if_fail (!workflow || CS_IS_WORKFLOW (workflow));

  if (self->workflow == workflow)
    return;
  if (self->workflow != NULL)
    g_signal_handlers_disconnect_by_data (self->workflow, self);
  g_set_object (&self->workflow, workflow);
  if (workflow != NULL)
    g_signal_connect_swapped (workflow, "changed", G_CALLBACK (cs_dag_canvas_queue_refresh), self);

  g_hash_table_remove_all (self->selected_steps);
  g_hash_table_remove_all (self->selected_edges);
  g_clear_pointer (&self->focus_id, g_free);
  g_clear_pointer (&self->scene, cs_dag_scene_unref);
  self->fit_pending = TRUE;
  cs_dag_canvas_refresh_now (self);
  cs_dag_canvas_emit_selection_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKFLOW]);
}

CsLayoutDirection
cs_dag_canvas_get_direction (CsDagCanvas *self)
{
  g_return_val_if_fail (CS_IS_DAG_CANVAS (self), CS_LAYOUT_LEFT_TO_RIGHT);
  return self->direction;
}

void
cs_dag_canvas_set_direction (CsDagCanvas       *self,
                             CsLayoutDirection  direction)
{
  g_return_if_fail (CS_IS_DAG_CANVAS (self));

  if (self->direction == direction)
    return;
  self->direction = direction;
  self->fit_pending = TRUE;
  cs_dag_canvas_queue_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

gboolean
cs_dag_canvas_get_editable (CsDagCanvas *self)
{
  g_return_val_if_fail (CS_IS_DAG_CANVAS (self), FALSE);
  return self->editable;
}

void
cs_dag_canvas_set_editable (CsDagCanvas *self,
                            gboolean     editable)
{
  g_return_if_fail (CS_IS_DAG_CANVAS (self));

  editable = !!editable;
  if (self->editable == editable)
    return;
  self->editable = editable;
  cs_dag_canvas_invalidate_layers (self);
  cs_dag_canvas_update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITABLE]);
}

void
cs_dag_canvas_set_problems (CsDagCanvas *self,
                            GPtrArray   *problems)
{
  g_return_if_fail (CS_IS_DAG_CANVAS (self));

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  if (problems != NULL)
    self->problems = g_ptr_array_ref (problems);
  cs_dag_canvas_queue_refresh (self);
}

CsDagOverlay *
cs_dag_canvas_get_overlay (CsDagCanvas *self)
{
  g_return_val_if_fail (CS_IS_DAG_CANVAS (self), NULL);
  return self->overlay;
}

void
cs_dag_canvas_set_overlay (CsDagCanvas  *self,
                           CsDagOverlay *overlay)
{
  g_return_if_fail (CS_IS_DAG_CANVAS (self));
  g_return_if_fail (!overlay || CS_IS_DAG_OVERLAY (overlay));

  if (self->overlay == overlay)
    return;
  if (self->overlay != NULL)
    g_signal_handlers_disconnect_by_data (self->overlay, self);
  g_set_object (&self->overlay, overlay);
  if (overlay != NULL)
    g_signal_connect_swapped (overlay, "changed", G_CALLBACK (on_overlay_changed), self);
  on_overlay_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERLAY]);
}

void
cs_dag_canvas_set_layout_service (CsDagCanvas     *self,
                                  CsLayoutService *service)
{
  g_return_if_fail (CS_IS_DAG_CANVAS (self));
  g_return_if_fail (CS_IS_LAYOUT_SERVICE (service));

  g_set_object (&self->service, service);
  g_clear_pointer (&self->layout, cs_layout_unref);
  cs_dag_canvas_queue_refresh (self);
}

gboolean
cs_dag_canvas_is_busy (CsDagCanvas *self)
{
  g_return_val_if_fail (CS_IS_DAG_CANVAS (self), FALSE);
  return self->busy;
}

gboolean
cs_dag_canvas_is_laid_out (CsDagCanvas *self)
{
  g_return_val_if_fail (CS_IS_DAG_CANVAS (self), FALSE);

  if (self->scene == NULL || self->busy || self->refresh_source != 0)
    return FALSE;
  for (guint i = 0; i < cs_dag_scene_get_n_nodes (self->scene); i++)
    if (!cs_dag_scene_get_node (self->scene, i)->placed)
      return FALSE;
  return TRUE;
}

/* Requests */

void
cs_dag_canvas_request_connect (CsDagCanvas *self,
                               const char  *from,
                               const char  *to)
{
  g_return_if_fail (CS_IS_DAG_CANVAS (self));
  g_return_if_fail (from != NULL && to != NULL);

  if (self->editable)
    g_signal_emit (self, signals[CONNECT_REQUESTED], 0, from, to);
}

void
cs_dag_canvas_request_move (CsDagCanvas       *self,
                            GPtrArray         *steps,
                            const CsEditPoint *positions)
{
  g_return_if_fail (CS_IS_DAG_CANVAS (self));
  g_return_if_fail (steps != NULL && positions != NULL);

  if (!self->editable || steps->len == 0)
    return;
  g_signal_emit (self, signals[MOVE_REQUESTED], 0, steps, positions);
  /* Show the result at once rather than the old places for a frame. */
  if (self->refresh_source != 0)
    cs_dag_canvas_refresh_now (self);
}

gboolean
cs_dag_canvas_export (CsDagCanvas      *self,
                      CsDiagramFormat   format,
                      GFile            *file,
                      GError          **error)
{
  g_return_val_if_fail (CS_IS_DAG_CANVAS (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->refresh_source != 0)
    cs_dag_canvas_refresh_now (self);
  if (self->scene == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There is no diagram to export"));
      return FALSE;
    }
  return cs_diagram_export (self->scene, self->overlay, format, file, error);
}

/* GObject and GtkWidget */

static void
on_adjustment_value_changed (CsDagCanvas *self)
{
  if (!self->configuring)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (CsDagCanvas    *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment,
                guint           prop_id)
{
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  if (*slot == adjustment)
    return;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_data (*slot, self);
  g_set_object (slot, adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (on_adjustment_value_changed), self);
  g_object_notify (G_OBJECT (self), prop_id == PROP_HADJUSTMENT ? "hadjustment" : "vadjustment");
}

static void
cs_dag_canvas_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  cs_dag_canvas_allocate_view (CS_DAG_CANVAS (widget), width, height);
}

static void
cs_dag_canvas_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 420;
}

static void
cs_dag_canvas_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  cs_dag_canvas_snapshot_scene (CS_DAG_CANVAS (widget), snapshot);
}

static void
cs_dag_canvas_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  CsDagCanvas *self = CS_DAG_CANVAS (widget);

  GTK_WIDGET_CLASS (cs_dag_canvas_parent_class)->css_changed (widget, change);
  self->style_valid = FALSE;
  gtk_widget_queue_draw (widget);
}

static void
cs_dag_canvas_dispose (GObject *object)
{
  CsDagCanvas *self = (CsDagCanvas *) object;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_cancellable_cancel (self->layout_cancellable);
  if (self->workflow != NULL)
    g_signal_handlers_disconnect_by_data (self->workflow, self);
  if (self->overlay != NULL)
    g_signal_handlers_disconnect_by_data (self->overlay, self);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->workflow);
  g_clear_object (&self->overlay);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_object (&self->layout_cancellable);
  g_clear_object (&self->service);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->layout, cs_layout_unref);
  g_clear_pointer (&self->scene, cs_dag_scene_unref);
  cs_dag_canvas_clear_render (self);
  g_clear_pointer (&self->tiles, g_hash_table_unref);
  g_clear_pointer (&self->painter, cs_dag_painter_free);

  G_OBJECT_CLASS (cs_dag_canvas_parent_class)->dispose (object);
}

static void
cs_dag_canvas_finalize (GObject *object)
{
  CsDagCanvas *self = (CsDagCanvas *) object;

  cs_dag_style_clear (&self->style);
  g_clear_pointer (&self->selected_steps, g_hash_table_unref);
  g_clear_pointer (&self->selected_edges, g_hash_table_unref);
  g_clear_pointer (&self->excluded, g_hash_table_unref);
  g_clear_pointer (&self->rubber_base, g_hash_table_unref);
  g_clear_pointer (&self->focus_id, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (cs_dag_canvas_parent_class)->finalize (object);
}

static void
cs_dag_canvas_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CsDagCanvas *self = CS_DAG_CANVAS (object);

  switch (prop_id)
    {
    case PROP_WORKFLOW:
      g_value_set_object (value, self->workflow);
      break;
    case PROP_DIRECTION:
      g_value_set_enum (value, self->direction);
      break;
    case PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;
    case PROP_OVERLAY:
      g_value_set_object (value, self->overlay);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_dag_canvas_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CsDagCanvas *self = CS_DAG_CANVAS (object);

  switch (prop_id)
    {
    case PROP_WORKFLOW:
      cs_dag_canvas_set_workflow (self, g_value_get_object (value));
      break;
    case PROP_DIRECTION:
      cs_dag_canvas_set_direction (self, g_value_get_enum (value));
      break;
    case PROP_EDITABLE:
      cs_dag_canvas_set_editable (self, g_value_get_boolean (value));
      break;
    case PROP_OVERLAY:
      cs_dag_canvas_set_overlay (self, g_value_get_object (value));
      break;
    case PROP_ZOOM:
      cs_dag_canvas_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value), prop_id);
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value), prop_id);
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_dag_canvas_class_init (CsDagCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_dag_canvas_dispose;
  object_class->finalize = cs_dag_canvas_finalize;
  object_class->get_property = cs_dag_canvas_get_property;
  object_class->set_property = cs_dag_canvas_set_property;

  widget_class->snapshot = cs_dag_canvas_snapshot;
  widget_class->size_allocate = cs_dag_canvas_size_allocate;
  widget_class->measure = cs_dag_canvas_measure;
  widget_class->css_changed = cs_dag_canvas_css_changed;
  widget_class->focus = cs_dag_canvas_focus_vfunc;

  properties[PROP_WORKFLOW] =
    g_param_spec_object ("workflow", NULL, NULL, CS_TYPE_WORKFLOW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL, CS_TYPE_LAYOUT_DIRECTION, CS_LAYOUT_LEFT_TO_RIGHT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OVERLAY] =
    g_param_spec_object ("overlay", NULL, NULL, CS_TYPE_DAG_OVERLAY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, CS_DAG_MIN_ZOOM, CS_DAG_MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* (from id, to id) */
  signals[CONNECT_REQUESTED] =
    g_signal_new ("connect-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /* (GPtrArray of CsStep, const CsEditPoint *positions) */
  signals[MOVE_REQUESTED] =
    g_signal_new ("move-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_PTR_ARRAY, G_TYPE_POINTER);
  /* Double-click or Enter on a step. */
  signals[STEP_ACTIVATED] =
    g_signal_new ("step-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A click on a step's problem marker. */
  signals[PROBLEMS_REQUESTED] =
    g_signal_new ("problems-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* Graphviz failed; the message says why. */
  signals[LAYOUT_FAILED] =
    g_signal_new ("layout-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "dagcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cs_dag_canvas_init (CsDagCanvas *self)
{
  self->zoom = 1.0;
  self->hover = self->hover_port = self->drag_node = self->connect_target = -1;
  self->cache_enabled = TRUE;
  self->fit_pending = TRUE;
  self->service = g_object_ref (cs_layout_service_get_default ());
  self->selected_steps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->selected_edges = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->excluded = g_hash_table_new (NULL, NULL);
  cs_dag_canvas_init_render (self);
  set_adjustment (self, &self->hadjustment, NULL, PROP_HADJUSTMENT);
  set_adjustment (self, &self->vadjustment, NULL, PROP_VADJUSTMENT);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  cs_dag_canvas_init_input (self);
  cs_dag_canvas_update_accessible (self);
}

CsDagCanvas *
cs_dag_canvas_new (void)
{
  return g_object_new (CS_TYPE_DAG_CANVAS, NULL);
}
