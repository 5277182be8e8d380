/* cs-bench-canvas.c: how fast the workflow diagram lays out, builds and draws
 *
 * Layered random workflows of 100, 300, 500 and 1,000 steps (seeded, so
 * every run draws the same ones): decisions with labelled branches,
 * approvals with their two outcomes, joins, and terminals in the last
 * layer. For each:
 *
 *   layout N steps      Graphviz `dot` on the layout thread, request to
 *                       result (cache cleared), median of 3
 *   scene N steps       the scene built from workflow and layout, and every
 *                       tile in view drawn, at fit-to-window zoom
 *   frame N steps       one frame of the canvas at fit-to-window zoom (the
 *                       widget's snapshot, rendered to a texture by the
 *                       window's GSK renderer), median of 50 frames
 *
 * the same frame while the start step is hovered (its paths, that is every
 * path, highlighted), and, as the naive baseline, the frame without the
 * scene cache (every step and edge drawn again each frame).
 *
 * Run under Xvfb with GSK_RENDERER=cairo (set here unless already set).
 * Prints "figure name: VALUE unit" lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <adwaita.h>

#include "core/cs-init.h"
#include "gui/cs-dag-canvas-private.h"
#include "gui/cs-layout-service.h"

#define N_FRAMES 50

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

static CsStep *
add_step (CsWorkflow *workflow,
          guint       index,
          CsStepType  type)
{
  g_autofree char *id = g_strdup_printf ("step_%u", index);
  g_autofree char *name = g_strdup_printf ("Step %u", index);
  g_autoptr(CsStep) step = cs_step_new (id, type, name);

  cs_workflow_add_step (workflow, step);
  return step;
}

/* Layers about twice as long as they are wide, as real processes are. */
static CsWorkflow *
random_workflow (guint n,
                 guint seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  CsWorkflow *workflow = cs_workflow_new ("bench", 1, "Benchmark");
  guint width = MAX (3, (guint) (sqrtf (n) / 1.5f));
  guint made = 0, layer_start = 0, layer_len;

  add_step (workflow, made++, CS_STEP_ACTION);
  cs_workflow_set_start_step_id (workflow, "step_0");
  layer_len = 1;
  while (made < n)
    {
      guint next_start = made;
      guint count = MIN (n - made, (guint) g_rand_int_range (rand, width / 2 + 1, width + 1));
      gboolean last = made + count >= n;

      for (guint i = 0; i < count; i++)
        {
          CsStepType type = last ? CS_STEP_TERMINAL : (CsStepType) g_rand_int_range (rand, 0, 4);
          guint parent = layer_start + g_rand_int_range (rand, 0, layer_len);
          g_autofree char *from = g_strdup_printf ("step_%u", parent);
          g_autofree char *to = g_strdup_printf ("step_%u", made);
          CsStep *from_step = cs_workflow_get_step (workflow, parent);
          CsEdge *edge;

          add_step (workflow, made, type);
          switch (cs_step_get_step_type (from_step))
            {
            case CS_STEP_CONDITIONAL:
              edge = cs_workflow_connect (workflow, from, to, CS_EDGE_BRANCH);
              cs_edge_set_condition_source (edge, "amount > 1000");
              break;
            case CS_STEP_APPROVAL:
              cs_workflow_connect (workflow, from, to, g_rand_boolean (rand) ? CS_EDGE_APPROVED : CS_EDGE_REJECTED);
              break;
            case CS_STEP_ACTION:
            case CS_STEP_INTEGRATION:
            case CS_STEP_TERMINAL:
            default:
              cs_workflow_connect (workflow, from, to, CS_EDGE_NEXT);
              break;
            }
          /* Some steps join two branches. */
          if (layer_len > 1 && g_rand_int_range (rand, 0, 4) == 0)
            {
              guint other = layer_start + g_rand_int_range (rand, 0, layer_len);
              g_autofree char *join = g_strdup_printf ("step_%u", other);

              if (other != parent && cs_step_get_step_type (cs_workflow_get_step (workflow, other)) != CS_STEP_TERMINAL)
                cs_workflow_connect (workflow, join, to, CS_EDGE_NEXT);
            }
          made++;
        }
      layer_start = next_start;
      layer_len = count;
    }
  return workflow;
}

typedef struct
{
  CsLayout *layout;
  GError   *error;
} Result;

static void
on_layout (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Result *r = data;

  r->layout = cs_layout_service_compute_finish (CS_LAYOUT_SERVICE (source), result, &r->error);
}

static CsLayout *
lay_out (CsLayoutService *service,
         CsWorkflow      *workflow,
         double          *ms)
{
  Result result = { NULL, NULL };
  gint64 start = g_get_monotonic_time ();

  cs_layout_service_compute_async (service, cs_dag_scene_make_graph (workflow, CS_LAYOUT_LEFT_TO_RIGHT), NULL,
                                   on_layout, &result);
  while (result.layout == NULL && result.error == NULL)
    g_main_context_iteration (NULL, TRUE);
  *ms = (g_get_monotonic_time () - start) / 1000.0;
  if (result.error != NULL)
    g_error ("layout failed: %s", result.error->message);
  return result.layout;
}

/* What GTK does for the canvas in a frame where it must be drawn again (a
 * pan, a zoom, a hover): the widget's snapshot, rendered. */
static double
frame (CsDagCanvas *canvas)
{
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (canvas)));
  int width = gtk_widget_get_width (GTK_WIDGET (canvas));
  int height = gtk_widget_get_height (GTK_WIDGET (canvas));
  gint64 start = g_get_monotonic_time ();
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  GTK_WIDGET_GET_CLASS (canvas)->snapshot (GTK_WIDGET (canvas), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + 200 * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static double
median_frame (CsDagCanvas *canvas)
{
  double frames[N_FRAMES];

  /* The first frame records the tiles; the figure is about the ones after. */
  frame (canvas);
  for (guint i = 0; i < N_FRAMES; i++)
    frames[i] = frame (canvas);
  return median (frames, N_FRAMES);
}

int
main (int   argc,
      char *argv[])
{
  static const guint sizes[] = { 100, 300, 500, 1000 };
  g_autoptr(CsLayoutService) service = NULL;

  g_setenv ("GSK_RENDERER", g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "cairo", TRUE);
  gtk_init ();
  adw_init ();
  cs_init ();
  service = cs_layout_service_new ();

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(CsWorkflow) workflow = random_workflow (sizes[s], 20240601 + s);
      g_autoptr(CsLayout) layout = NULL;
      GtkWindow *window;
      CsDagCanvas *canvas;
      double layouts[3], scene_ms, with_cache, without_cache;
      gint64 start;

      for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
        {
          g_clear_pointer (&layout, cs_layout_unref);
          cs_layout_service_clear_cache (service);
          layout = lay_out (service, workflow, &layouts[i]);
        }
      g_print ("layout %u steps: %.1f ms\n", sizes[s], median (layouts, G_N_ELEMENTS (layouts)));

      window = GTK_WINDOW (gtk_window_new ());
      canvas = cs_dag_canvas_new ();
      gtk_window_set_child (window, GTK_WIDGET (canvas));
      gtk_window_set_default_size (window, 1280, 800);
      cs_dag_canvas_set_layout_service (canvas, service);
      cs_dag_canvas_set_workflow (canvas, workflow);
      gtk_window_present (window);
      while (!cs_dag_canvas_is_laid_out (canvas) || gtk_widget_get_width (GTK_WIDGET (canvas)) == 0)
        g_main_context_iteration (NULL, TRUE);
      cs_dag_canvas_zoom_to_fit (canvas);
      settle ();

      /* The scene and every one of its tiles, from scratch. */
      start = g_get_monotonic_time ();
      cs_dag_canvas_rebuild_scene (canvas);
      cs_dag_canvas_prepare_all_tiles (canvas);
      scene_ms = (g_get_monotonic_time () - start) / 1000.0;
      g_print ("scene %u steps: %.1f ms\n", sizes[s], scene_ms);
      settle ();

      /* Wherever Xvfb's pointer is, no step is hovered for the steady frame. */
      canvas->hover = -1;
      with_cache = median_frame (canvas);
      g_print ("frame %u steps: %.1f ms (median of %u, zoom %.0f %%)\n", sizes[s], with_cache, N_FRAMES,
               cs_dag_canvas_get_zoom (canvas) * 100);
      /* Hovering the start step highlights every path: the largest highlight. */
      canvas->hover = 0;
      g_print ("frame %u steps hovering the start step: %.1f ms (median of %u)\n", sizes[s],
               median_frame (canvas), N_FRAMES);
      canvas->hover = -1;
      g_clear_pointer (&canvas->highlight_node, gsk_render_node_unref);
      cs_dag_canvas_set_cache_enabled (canvas, FALSE);
      without_cache = median_frame (canvas);
      g_print ("frame %u steps without scene cache: %.1f ms (median of %u)\n", sizes[s], without_cache, N_FRAMES);

      gtk_window_destroy (window);
      settle ();
    }
  return 0;
}
