/* cs-dag-canvas-layout.c: from the workflow to a laid-out scene
 *
 * When the workflow changes, the canvas describes it to the layout service.
 * A graph with the hash of the current layout (only names, pins or problems
 * changed) or one the service has cached is shown at once; otherwise the
 * request goes to the layout thread, cancelling the one in flight, and the
 * scene is rebuilt with the previous layout until the new one arrives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "cs-dag-canvas-private.h"

static void
drop_stale_selection (CsDagCanvas *self)
{
  GHashTableIter iter;
  gpointer key;
  gboolean changed = FALSE;

  g_hash_table_iter_init (&iter, self->selected_steps);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (cs_dag_scene_find_node (self->scene, key) < 0)
      {
        g_hash_table_iter_remove (&iter);
        changed = TRUE;
      }
  g_hash_table_iter_init (&iter, self->selected_edges);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (cs_dag_scene_find_edge (self->scene, key) < 0)
      {
        g_hash_table_iter_remove (&iter);
        changed = TRUE;
      }
  if (self->focus_id != NULL && cs_dag_scene_find_node (self->scene, self->focus_id) < 0)
    g_clear_pointer (&self->focus_id, g_free);
  if (changed)
    cs_dag_canvas_emit_selection_changed (self);
}

void
cs_dag_canvas_rebuild_scene (CsDagCanvas *self)
{
  gboolean had_scene = self->scene != NULL;
  double wx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double wy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  double cx = 0, cy = 0;

  if (had_scene)
    cs_dag_canvas_widget_to_canvas (self, wx, wy, &cx, &cy);

  g_clear_pointer (&self->scene, cs_dag_scene_unref);
  if (self->workflow != NULL)
    self->scene = cs_dag_scene_new (self->workflow, self->layout, self->direction, self->problems);
  self->hover = self->hover_port = -1;
  cs_dag_canvas_invalidate_tiles (self);
  cs_dag_canvas_invalidate_layers (self);

  if (self->scene != NULL)
    drop_stale_selection (self);
  if (self->fit_pending && cs_dag_canvas_is_laid_out (self))
    cs_dag_canvas_zoom_to_fit (self);
  else if (had_scene)
    cs_dag_canvas_configure_adjustments (self, wx, wy, cx, cy);
  else
    cs_dag_canvas_zoom_to_fit (self);
  cs_dag_canvas_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_busy (CsDagCanvas *self,
          gboolean     busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify (G_OBJECT (self), "busy");
}

static void
on_layout_ready (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CsDagCanvas) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsLayout) layout = cs_layout_service_compute_finish (CS_LAYOUT_SERVICE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (layout == NULL)
    {
      g_signal_emit_by_name (self, "layout-failed", error->message);
      return;
    }
  g_clear_pointer (&self->layout, cs_layout_unref);
  self->layout = g_steal_pointer (&layout);
  cs_dag_canvas_rebuild_scene (self);
}

void
cs_dag_canvas_refresh_now (CsDagCanvas *self)
{
  g_autoptr(CsLayoutGraph) graph = NULL;
  g_autoptr(CsLayout) cached = NULL;

  g_clear_handle_id (&self->refresh_source, g_source_remove);

  if (self->workflow == NULL)
    {
      g_cancellable_cancel (self->layout_cancellable);
      set_busy (self, FALSE);
      cs_dag_canvas_rebuild_scene (self);
      return;
    }

  graph = cs_dag_scene_make_graph (self->workflow, self->direction);
  if (self->layout != NULL && g_str_equal (cs_layout_get_hash (self->layout), cs_layout_graph_get_hash (graph)))
    {
      /* Same structure: only pins, names or problems changed. */
      g_cancellable_cancel (self->layout_cancellable);
      set_busy (self, FALSE);
      cs_dag_canvas_rebuild_scene (self);
      return;
    }

  if ((cached = cs_layout_service_lookup (self->service, graph)) != NULL)
    {
      g_cancellable_cancel (self->layout_cancellable);
      set_busy (self, FALSE);
      g_clear_pointer (&self->layout, cs_layout_unref);
      self->layout = g_steal_pointer (&cached);
      cs_dag_canvas_rebuild_scene (self);
      return;
    }

  /* A newer request makes the one in flight stale. */
  g_cancellable_cancel (self->layout_cancellable);
  g_clear_object (&self->layout_cancellable);
  self->layout_cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  cs_layout_service_compute_async (self->service, g_steal_pointer (&graph), self->layout_cancellable,
                                   on_layout_ready, g_object_ref (self));
  /* Meanwhile the previous layout stays on screen. */
  cs_dag_canvas_rebuild_scene (self);
}

static gboolean
refresh_idle (gpointer data)
{
  CsDagCanvas *self = data;

  self->refresh_source = 0;
  cs_dag_canvas_refresh_now (self);
  return G_SOURCE_REMOVE;
}

void
cs_dag_canvas_queue_refresh (CsDagCanvas *self)
{
  /* Before the next frame is painted. */
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, refresh_idle, self, NULL);
}
