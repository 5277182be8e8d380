/* cs-dag-canvas-view.c: zoom, scrolling and the canvas ↔ widget transform
 *
 * A widget point is origin + canvas point × zoom. When the diagram is
 * smaller than the view it is centred; otherwise the two adjustments (the
 * canvas is GtkScrollable) say which part is shown, in pixels at the
 * current zoom from the diagram's top-left corner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "cs-dag-canvas-private.h"

#define ZOOM_STEP 1.25

void
cs_dag_canvas_get_bounds (CsDagCanvas     *self,
                          graphene_rect_t *bounds)
{
  if (self->scene != NULL)
    cs_dag_scene_get_bounds (self->scene, bounds);
  else
    *bounds = GRAPHENE_RECT_INIT (0, 0, 0, 0);
}

void
cs_dag_canvas_get_origin (CsDagCanvas *self,
                          double      *ox,
                          double      *oy)
{
  graphene_rect_t bounds;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double cw, ch;

  cs_dag_canvas_get_bounds (self, &bounds);
  cw = bounds.size.width * self->zoom;
  ch = bounds.size.height * self->zoom;
  /* Whole pixels, so the scene's tiles are copied, not resampled. */
  *ox = round ((cw <= width ? (width - cw) / 2 : -gtk_adjustment_get_value (self->hadjustment)) -
               bounds.origin.x * self->zoom);
  *oy = round ((ch <= height ? (height - ch) / 2 : -gtk_adjustment_get_value (self->vadjustment)) -
               bounds.origin.y * self->zoom);
}

void
cs_dag_canvas_widget_to_canvas (CsDagCanvas *self,
                                double       x,
                                double       y,
                                double      *canvas_x,
                                double      *canvas_y)
{
  double ox, oy;

  g_return_if_fail (CS_IS_DAG_CANVAS (self));

  cs_dag_canvas_get_origin (self, &ox, &oy);
  *canvas_x = (x - ox) / self->zoom;
  *canvas_y = (y - oy) / self->zoom;
}

void
cs_dag_canvas_canvas_to_widget (CsDagCanvas *self,
                                double       canvas_x,
                                double       canvas_y,
                                double      *x,
                                double      *y)
{
  double ox, oy;

  g_return_if_fail (CS_IS_DAG_CANVAS (self));

  cs_dag_canvas_get_origin (self, &ox, &oy);
  *x = ox + canvas_x * self->zoom;
  *y = oy + canvas_y * self->zoom;
}

void
cs_dag_canvas_configure_adjustments (CsDagCanvas *self,
                                     double       wx,
                                     double       wy,
                                     double       cx,
                                     double       cy)
{
  graphene_rect_t bounds;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double cw, ch, h, v;

  cs_dag_canvas_get_bounds (self, &bounds);
  cw = bounds.size.width * self->zoom;
  ch = bounds.size.height * self->zoom;
  h = CLAMP ((cx - bounds.origin.x) * self->zoom - wx, 0, MAX (0, cw - width));
  v = CLAMP ((cy - bounds.origin.y) * self->zoom - wy, 0, MAX (0, ch - height));

  self->configuring = TRUE;
  gtk_adjustment_configure (self->hadjustment, h, 0, MAX (cw, width), width * 0.1, width * 0.9, width);
  gtk_adjustment_configure (self->vadjustment, v, 0, MAX (ch, height), height * 0.1, height * 0.9, height);
  self->configuring = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cs_dag_canvas_get_view_center (CsDagCanvas *self,
                               double      *canvas_x,
                               double      *canvas_y)
{
  g_return_if_fail (CS_IS_DAG_CANVAS (self));

  cs_dag_canvas_widget_to_canvas (self, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                                  gtk_widget_get_height (GTK_WIDGET (self)) / 2.0, canvas_x, canvas_y);
}

static void
set_zoom_value (CsDagCanvas *self,
                double       zoom)
{
  zoom = CLAMP (zoom, CS_DAG_MIN_ZOOM, CS_DAG_MAX_ZOOM);
  if (zoom == self->zoom)
    return;
  self->zoom = zoom;
  g_object_notify (G_OBJECT (self), "zoom");
}

void
cs_dag_canvas_zoom_around (CsDagCanvas *self,
                           double       zoom,
                           double       x,
                           double       y)
{
  double cx, cy;

  cs_dag_canvas_widget_to_canvas (self, x, y, &cx, &cy);
  self->fit_pending = FALSE;
  set_zoom_value (self, zoom);
  cs_dag_canvas_configure_adjustments (self, x, y, cx, cy);
}

void
cs_dag_canvas_scroll_by (CsDagCanvas *self,
                         double       dx,
                         double       dy)
{
  gtk_adjustment_set_value (self->hadjustment, gtk_adjustment_get_value (self->hadjustment) + dx);
  gtk_adjustment_set_value (self->vadjustment, gtk_adjustment_get_value (self->vadjustment) + dy);
}

double
cs_dag_canvas_get_zoom (CsDagCanvas *self)
{
  g_return_val_if_fail (CS_IS_DAG_CANVAS (self), 1.0);
  return self->zoom;
}

void
cs_dag_canvas_set_zoom (CsDagCanvas *self,
                        double       zoom)
{
  g_return_if_fail (CS_IS_DAG_CANVAS (self));
  cs_dag_canvas_zoom_around (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                             gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
cs_dag_canvas_zoom_in (CsDagCanvas *self)
{
  g_return_if_fail (CS_IS_DAG_CANVAS (self));
  cs_dag_canvas_set_zoom (self, self->zoom * ZOOM_STEP);
}

void
cs_dag_canvas_zoom_out (CsDagCanvas *self)
{
  g_return_if_fail (CS_IS_DAG_CANVAS (self));
  cs_dag_canvas_set_zoom (self, self->zoom / ZOOM_STEP);
}

void
cs_dag_canvas_zoom_to_fit (CsDagCanvas *self)
{
  graphene_rect_t bounds;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));

  g_return_if_fail (CS_IS_DAG_CANVAS (self));

  cs_dag_canvas_get_bounds (self, &bounds);
  if (width <= 0 || height <= 0 || bounds.size.width <= 0 || bounds.size.height <= 0)
    {
      self->fit_pending = TRUE;
      return;
    }
  self->fit_pending = FALSE;
  set_zoom_value (self, MIN (1.0, MIN (width / bounds.size.width, height / bounds.size.height)));
  cs_dag_canvas_configure_adjustments (self, width / 2, height / 2,
                         bounds.origin.x + bounds.size.width / 2, bounds.origin.y + bounds.size.height / 2);
}

void
cs_dag_canvas_scroll_to_step (CsDagCanvas *self,
                              const char  *step_id)
{
  graphene_rect_t area;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  CsDagNode *node;
  int index;

  g_return_if_fail (CS_IS_DAG_CANVAS (self));

  if (self->scene == NULL || (index = cs_dag_scene_find_node (self->scene, step_id)) < 0 ||
      !cs_dag_canvas_get_step_area (self, step_id, &area))
    return;
  if (area.origin.x >= 0 && area.origin.y >= 0 &&
      area.origin.x + area.size.width <= width && area.origin.y + area.size.height <= height)
    return;
  node = cs_dag_scene_get_node (self->scene, index);
  cs_dag_canvas_configure_adjustments (self, width / 2, height / 2, node->x, node->y);
}

gboolean
cs_dag_canvas_get_step_area (CsDagCanvas     *self,
                             const char      *step_id,
                             graphene_rect_t *area)
{
  CsDagNode *node;
  double x, y;
  int index;

  g_return_val_if_fail (CS_IS_DAG_CANVAS (self), FALSE);

  if (self->scene == NULL || (index = cs_dag_scene_find_node (self->scene, step_id)) < 0)
    return FALSE;
  node = cs_dag_scene_get_node (self->scene, index);
  if (!node->placed)
    return FALSE;
  cs_dag_canvas_canvas_to_widget (self, node->x - node->width / 2, node->y - node->height / 2, &x, &y);
  *area = GRAPHENE_RECT_INIT (x, y, node->width * self->zoom, node->height * self->zoom);
  return TRUE;
}

void
cs_dag_canvas_allocate_view (CsDagCanvas *self,
                             int          width,
                             int          height)
{
  graphene_rect_t bounds;
  double old_w = gtk_adjustment_get_page_size (self->hadjustment);
  double old_h = gtk_adjustment_get_page_size (self->vadjustment);
  double cx, cy;

  if (self->fit_pending && cs_dag_canvas_is_laid_out (self))
    {
      cs_dag_canvas_zoom_to_fit (self);
      return;
    }
  /* Keep what was in the middle of the view in the middle. */
  cs_dag_canvas_get_bounds (self, &bounds);
  cx = bounds.origin.x + (gtk_adjustment_get_value (self->hadjustment) + old_w / 2) / self->zoom;
  cy = bounds.origin.y + (gtk_adjustment_get_value (self->vadjustment) + old_h / 2) / self->zoom;
  cs_dag_canvas_configure_adjustments (self, width / 2.0, height / 2.0, cx, cy);
}
