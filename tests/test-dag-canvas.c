/* test-dag-canvas.c: the workflow diagram, its layouts, export and overlay, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "core/cs-workflow-json.h"
#include "gui/cs-dag-canvas-private.h"
#include "gui/cs-dag-canvas.h"
#include "gui/cs-layout-service.h"
#include "cs-test-gui.h"

static const char * const example_files[] = {
  "citizen_registration.json", "business_licence.json", "permit_renewal.json", "complaint_handling.json",
};

static CsWorkflow *
load_example (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "workflows", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  CsWorkflow *workflow = cs_workflow_load_from_file (file, NULL, &problems, &error);

  g_assert_no_error (error);
  g_assert_nonnull (workflow);
  g_assert_cmpuint (problems->len, ==, 0);
  return workflow;
}

typedef struct
{
  GtkWindow   *window;
  CsDagCanvas *canvas;
} Fixture;

static gboolean
laid_out (gpointer data)
{
  return cs_dag_canvas_is_laid_out (data);
}

static void
fixture_open (Fixture    *fixture,
              CsWorkflow *workflow,
              int         width,
              int         height)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->canvas = cs_dag_canvas_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (fixture->canvas));
  gtk_window_set_child (fixture->window, scroller);
  gtk_window_set_default_size (fixture->window, width, height);
  cs_dag_canvas_set_workflow (fixture->canvas, workflow);
  gtk_window_present (fixture->window);
  g_assert_true (cs_test_wait_until (laid_out, fixture->canvas, 20000));
  cs_test_settle (150);
}

static void
fixture_close (Fixture *fixture)
{
  gtk_window_destroy (fixture->window);
  cs_test_settle (50);
}

/* Layout service */

typedef struct
{
  CsLayout *layout;
  GError   *error;
  gboolean  done;
} Result;

static void
on_layout (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Result *r = data;

  r->layout = cs_layout_service_compute_finish (CS_LAYOUT_SERVICE (source), result, &r->error);
  r->done = TRUE;
}

static gboolean
result_done (gpointer data)
{
  return ((Result *) data)->done;
}

static gboolean
count_idle (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static CsLayoutGraph *
chain_graph (guint n)
{
  CsLayoutGraph *graph = cs_layout_graph_new (CS_LAYOUT_LEFT_TO_RIGHT);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("s%u", i);
      cs_layout_graph_add_node (graph, id, 150, 50, i % 3 == 0 ? CS_LAYOUT_SHAPE_DIAMOND : CS_LAYOUT_SHAPE_BOX);
    }
  /* Layers of four, each step fed by one or two of the layer before. */
  for (guint i = 1; i < n; i++)
    {
      cs_layout_graph_add_edge (graph, i < 4 ? 0 : i - 4, i, i % 2 ? "yes" : NULL, i);
      if (i > 5 && i % 3 == 0)
        cs_layout_graph_add_edge (graph, i - 5, i, NULL, n + i);
    }
  return graph;
}

static void
test_layout_service (void)
{
  g_autoptr(CsLayoutService) service = cs_layout_service_new ();
  Result first = { 0 }, busy = { 0 }, stale = { 0 }, fresh = { 0 }, again = { 0 };
  guint idles = 0, source;
  double width, height;

  cs_layout_service_compute_async (service, chain_graph (40), NULL, on_layout, &first);
  g_assert_true (cs_test_wait_until (result_done, &first, 20000));
  g_assert_no_error (first.error);
  g_assert_cmpuint (cs_layout_get_n_nodes (first.layout), ==, 40);
  cs_layout_get_size (first.layout, &width, &height);
  g_assert_cmpfloat (width, >, 150);

  /* Nodes keep their sizes, sit inside the box and do not overlap. */
  for (guint i = 0; i < 40; i++)
    {
      const CsLayoutNode *a = cs_layout_get_node (first.layout, i);

      g_assert_cmpfloat (a->width, ==, 150);
      g_assert_cmpfloat (a->x - a->width / 2, >=, -0.5);
      g_assert_cmpfloat (a->x + a->width / 2, <=, width + 0.5);
      for (guint j = i + 1; j < 40; j++)
        {
          const CsLayoutNode *b = cs_layout_get_node (first.layout, j);
          g_assert_true (fabs (a->x - b->x) >= (a->width + b->width) / 2 - 0.5 ||
                         fabs (a->y - b->y) >= (a->height + b->height) / 2 - 0.5);
        }
    }
  /* Edges run from their tail's outline to their head's, and labelled ones have a label. */
  for (guint i = 0; i < cs_layout_get_n_edges (first.layout); i++)
    {
      const CsLayoutEdge *edge = cs_layout_get_edge (first.layout, i);
      const CsLayoutNode *from = cs_layout_get_node (first.layout, edge->from);
      const CsLayoutNode *to = cs_layout_get_node (first.layout, edge->to);

      g_assert_cmpuint (edge->n_points % 3, ==, 1);
      g_assert_cmpfloat (fabs (edge->points[0].x - from->x), <=, from->width / 2 + 1);
      g_assert_cmpfloat (fabs (edge->points[edge->n_points - 1].x - to->x), <=, to->width / 2 + 1);
      if (edge->tag < 40)
        g_assert_true (edge->has_label == (edge->tag % 2 == 1));
    }
  g_assert_cmpuint (cs_layout_service_get_n_computed (service), ==, 1);

  /* The same graph again: from the cache, not from Graphviz. */
  cs_layout_service_compute_async (service, chain_graph (40), NULL, on_layout, &again);
  g_assert_true (cs_test_wait_until (result_done, &again, 20000));
  g_assert_true (again.layout == first.layout);
  g_assert_cmpuint (cs_layout_service_get_n_computed (service), ==, 1);

  /* While Graphviz works on one layout, a request made and then cancelled
   * (as a newer one makes it stale) is dropped without being computed; the
   * main loop keeps running all along. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    source = g_idle_add (count_idle, &idles);
    cs_layout_service_compute_async (service, chain_graph (300), NULL, on_layout, &busy);
    cs_layout_service_compute_async (service, chain_graph (250), cancellable, on_layout, &stale);
    g_cancellable_cancel (cancellable);
    cs_layout_service_compute_async (service, chain_graph (200), NULL, on_layout, &fresh);
    g_assert_true (cs_test_wait_until (result_done, &fresh, 30000));
    g_assert_true (cs_test_wait_until (result_done, &stale, 30000));
    g_source_remove (source);
  }
  g_assert_error (stale.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (stale.layout);
  g_assert_no_error (busy.error);
  g_assert_no_error (fresh.error);
  g_assert_cmpuint (cs_layout_get_n_nodes (fresh.layout), ==, 200);
  g_assert_cmpuint (cs_layout_service_get_n_computed (service), ==, 3);
  g_assert_cmpuint (idles, >, 5);

  g_clear_error (&stale.error);
  g_clear_pointer (&first.layout, cs_layout_unref);
  g_clear_pointer (&again.layout, cs_layout_unref);
  g_clear_pointer (&fresh.layout, cs_layout_unref);
  g_clear_pointer (&busy.layout, cs_layout_unref);
}

/* The examples */

static void
test_examples (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (example_files); i++)
    {
      g_autoptr(CsWorkflow) workflow = load_example (example_files[i]);
      g_autoptr(GdkTexture) texture = NULL;
      g_autofree char *name = g_strdup_printf ("canvas-%s", cs_workflow_get_key (workflow));
      g_autofree char *path = NULL;
      Fixture fixture;
      guint n = cs_workflow_get_n_steps (workflow);
      graphene_rect_t *areas = g_new0 (graphene_rect_t, n);

      fixture_open (&fixture, workflow, 1200, 700);
      for (guint s = 0; s < n; s++)
        {
          CsStep *step = cs_workflow_get_step (workflow, s);

          g_assert_true (cs_dag_canvas_get_step_area (fixture.canvas, cs_step_get_id (step), &areas[s]));
          /* Fit: everything in view. */
          g_assert_cmpfloat (areas[s].origin.x, >=, 0);
          g_assert_cmpfloat (areas[s].origin.y, >=, 0);
          g_assert_cmpfloat (areas[s].origin.x + areas[s].size.width, <=, 1200);
          for (guint t = 0; t < s; t++)
            g_assert_false (graphene_rect_intersection (&areas[s], &areas[t], NULL));
        }
      texture = cs_test_render_widget (GTK_WIDGET (fixture.window));
      path = cs_test_save_png (texture, name);
      g_assert_cmpuint (cs_test_count_colors (texture), >, 50);
      g_free (areas);
      fixture_close (&fixture);
    }
}

/* Rendering only what changes */

static void
test_render_cache (void)
{
  g_autoptr(CsWorkflow) workflow = load_example ("business_licence.json");
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) after = NULL;
  Fixture fixture;
  guint recorded;

  fixture_open (&fixture, workflow, 900, 600);
  cs_dag_canvas_set_zoom (fixture.canvas, 1.0);
  cs_test_settle (50);
  before = cs_test_render_widget (GTK_WIDGET (fixture.window));
  recorded = fixture.canvas->n_recorded;
  g_assert_cmpuint (recorded, >, 0);

  /* Hovering draws no tile again. */
  fixture.canvas->hover = 0;
  g_clear_pointer (&fixture.canvas->highlight_node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (fixture.canvas));
  cs_test_settle (50);
  after = cs_test_render_widget (GTK_WIDGET (fixture.window));
  fixture.canvas->hover = -1;
  g_assert_cmpuint (fixture.canvas->n_recorded, ==, recorded);
  g_assert_cmpuint (cs_test_count_colors (after), >, 50);

  /* A small pan draws at most the column of tiles it uncovers (two rows
   * of 512 pixels fill this view). */
  cs_dag_canvas_scroll_by (fixture.canvas, 40, 0);
  cs_test_settle (50);
  g_clear_object (&after);
  after = cs_test_render_widget (GTK_WIDGET (fixture.window));
  g_assert_cmpuint (fixture.canvas->n_recorded - recorded, <=, 2);

  /* A change of detail level does record again. */
  recorded = fixture.canvas->n_recorded;
  cs_dag_canvas_set_zoom (fixture.canvas, 0.2);
  cs_test_settle (50);
  g_clear_object (&after);
  after = cs_test_render_widget (GTK_WIDGET (fixture.window));
  g_assert_cmpuint (fixture.canvas->n_recorded, >, recorded);
  fixture_close (&fixture);
}

/* Zoom */

static void
test_zoom (void)
{
  g_autoptr(CsWorkflow) workflow = load_example ("permit_renewal.json");
  Fixture fixture;
  double x0, y0, x1, y1, fit;

  fixture_open (&fixture, workflow, 1000, 600);
  fit = cs_dag_canvas_get_zoom (fixture.canvas);
  g_assert_cmpfloat (fit, <=, 1.0);

  cs_dag_canvas_zoom_in (fixture.canvas);
  g_assert_cmpfloat (cs_dag_canvas_get_zoom (fixture.canvas), >, fit);

  /* Zooming around a point keeps the point where it is. */
  cs_dag_canvas_set_zoom (fixture.canvas, 1.0);
  cs_dag_canvas_widget_to_canvas (fixture.canvas, 500, 300, &x0, &y0);
  cs_dag_canvas_zoom_around (fixture.canvas, 1.7, 500, 300);
  cs_dag_canvas_widget_to_canvas (fixture.canvas, 500, 300, &x1, &y1);
  g_assert_cmpfloat (fabs (x1 - x0), <, 0.5);
  g_assert_cmpfloat (fabs (y1 - y0), <, 0.5);
  g_assert_cmpfloat (cs_dag_canvas_get_zoom (fixture.canvas), ==, 1.7);

  cs_dag_canvas_zoom_to_fit (fixture.canvas);
  g_assert_cmpfloat (fabs (cs_dag_canvas_get_zoom (fixture.canvas) - fit), <, 0.001);
  fixture_close (&fixture);
}

/* Export */

static void
on_markup_start (GMarkupParseContext  *context,
                 const char           *element,
                 const char          **names,
                 const char          **values,
                 gpointer              data,
                 GError              **error)
{
  char **root = data;

  if (*root == NULL)
    *root = g_strdup (element);
}

static void
test_export (void)
{
  g_autoptr(CsWorkflow) workflow = load_example ("complaint_handling.json");
  g_autofree char *dir = g_dir_make_tmp ("cs-export-XXXXXX", NULL);
  static const char *names[] = { "diagram.png", "diagram.svg", "diagram.pdf", "diagram.gv" };
  Fixture fixture;

  fixture_open (&fixture, workflow, 900, 600);
  for (guint f = 0; f < G_N_ELEMENTS (names); f++)
    {
      g_autofree char *path = g_build_filename (dir, names[f], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autofree char *data = NULL;
      CsDiagramFormat format;
      gsize length;

      g_assert_true (cs_diagram_format_from_name (names[f], &format));
      g_assert_true (cs_dag_canvas_export (fixture.canvas, format, file, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &data, &length, NULL));
      g_assert_cmpuint (length, >, 1000);

      switch (format)
        {
        case CS_DIAGRAM_PNG:
          {
            g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);

            g_assert_true (memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0);
            g_assert_no_error (error);
            g_assert_cmpint (gdk_texture_get_width (texture), >, 400);
            g_assert_cmpuint (cs_test_count_colors (texture), >, 50);
          }
          break;
        case CS_DIAGRAM_SVG:
          {
            GMarkupParser parser = { on_markup_start, NULL, NULL, NULL, NULL };
            g_autofree char *root = NULL;
            GMarkupParseContext *context = g_markup_parse_context_new (&parser, 0, &root, NULL);

            g_assert_true (g_markup_parse_context_parse (context, data, length, &error));
            g_assert_true (g_markup_parse_context_end_parse (context, &error));
            g_assert_no_error (error);
            g_markup_parse_context_free (context);
            g_assert_cmpstr (root, ==, "svg");
          }
          break;
        case CS_DIAGRAM_PDF:
          g_assert_true (g_str_has_prefix (data, "%PDF-"));
          /* It ends with the end-of-file marker (the body is binary). */
          g_assert_nonnull (g_strstr_len (data + length - 16, 16, "%%EOF"));
          break;
        case CS_DIAGRAM_DOT:
        default:
          g_assert_true (g_str_has_prefix (data, "digraph \"complaint_handling\" {"));
          for (guint s = 0; s < cs_workflow_get_n_steps (workflow); s++)
            {
              g_autofree char *node = g_strdup_printf ("\n  \"%s\" [", cs_step_get_id (cs_workflow_get_step (workflow, s)));
              g_assert_nonnull (strstr (data, node));
            }
          for (guint e = 0; e < cs_workflow_get_n_edges (workflow); e++)
            {
              CsEdge *edge = cs_workflow_get_edge (workflow, e);
              g_autofree char *line = g_strdup_printf ("\"%s\" -> \"%s\"", cs_edge_get_from (edge), cs_edge_get_to (edge));
              g_assert_nonnull (strstr (data, line));
            }
          break;
        }
      g_remove (path);
    }
  g_rmdir (dir);
  fixture_close (&fixture);
}

/* Overlay */

static gboolean
close_to (guint32     pixel,
          const char *expected,
          int         tolerance)
{
  GdkRGBA rgba;
  int r, g, b;

  g_assert_true (gdk_rgba_parse (&rgba, expected));
  r = (pixel >> 16) & 0xff;
  g = (pixel >> 8) & 0xff;
  b = pixel & 0xff;
  return abs (r - (int) round (rgba.red * 255)) <= tolerance &&
         abs (g - (int) round (rgba.green * 255)) <= tolerance &&
         abs (b - (int) round (rgba.blue * 255)) <= tolerance;
}

static guint32
fill_pixel (GdkTexture  *texture,
            CsDagCanvas *canvas,
            const char  *step_id)
{
  graphene_rect_t area;
  double x, y;

  g_assert_true (cs_dag_canvas_get_step_area (canvas, step_id, &area));
  /* Between the left border and the type badge: pure fill. */
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (canvas),
                                                   gtk_widget_get_ancestor (GTK_WIDGET (canvas), GTK_TYPE_WINDOW),
                                                   area.origin.x + 6, area.origin.y + area.size.height / 2, &x, &y));
  return cs_test_pixel (texture, (int) x, (int) y);
}

static void
test_overlay (void)
{
  g_autoptr(CsWorkflow) workflow = load_example ("citizen_registration.json");
  g_autoptr(CsDagOverlay) overlay = cs_dag_overlay_new ("Median time in step", "days");
  g_autoptr(GdkTexture) plain = NULL;
  g_autoptr(GdkTexture) painted = NULL;
  g_autoptr(GdkTexture) cleared = NULL;
  const char *slow = NULL, *fast = NULL;
  guint32 slow_before, fast_before;
  Fixture fixture;
  int height;

  /* Two actions, on screen at 100 %. */
  for (guint i = 0; i < cs_workflow_get_n_steps (workflow) && (!slow || !fast); i++)
    {
      CsStep *step = cs_workflow_get_step (workflow, i);

      if (cs_step_get_step_type (step) != CS_STEP_ACTION)
        continue;
      if (fast == NULL)
        fast = cs_step_get_id (step);
      else
        slow = cs_step_get_id (step);
    }
  g_assert_nonnull (slow);

  fixture_open (&fixture, workflow, 1400, 800);
  cs_dag_canvas_set_zoom (fixture.canvas, 1.0);
  cs_dag_canvas_scroll_to_step (fixture.canvas, fast);
  cs_test_settle (50);
  plain = cs_test_render_widget (GTK_WIDGET (fixture.window));
  fast_before = fill_pixel (plain, fixture.canvas, fast);
  slow_before = fill_pixel (plain, fixture.canvas, slow);

  cs_dag_overlay_set_step_value (overlay, fast, 0.5, "0.5 d");
  cs_dag_overlay_set_step_value (overlay, slow, 9.0, "9 d");
  cs_dag_overlay_set_edge_value (overlay, fast, slow, 5.0, "812 cases");
  cs_dag_canvas_set_overlay (fixture.canvas, overlay);
  cs_test_settle (50);
  painted = cs_test_render_widget (GTK_WIDGET (fixture.window));
  cs_test_save_png (painted, "canvas-overlay");

  /* The scale's ends: ColorBrewer YlOrRd's lightest yellow and darkest red. */
  g_assert_true (close_to (fill_pixel (painted, fixture.canvas, fast), "#ffffb2", 3));
  g_assert_true (close_to (fill_pixel (painted, fixture.canvas, slow), "#bd0026", 3));
  g_assert_false (close_to (fast_before, "#ffffb2", 3));
  g_assert_false (close_to (slow_before, "#bd0026", 3));

  /* The legend's bar in the bottom-left corner runs from one end to the other. */
  height = gtk_widget_get_height (GTK_WIDGET (fixture.window));
  {
    double bar_x, bar_y;

    g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (fixture.canvas), GTK_WIDGET (fixture.window), 16 + 13,
                                                     gtk_widget_get_height (GTK_WIDGET (fixture.canvas)) - 96 - 16 + 39,
                                                     &bar_x, &bar_y));
    g_assert_cmpint ((int) bar_y, <, height);
    g_assert_true (close_to (cs_test_pixel (painted, (int) bar_x, (int) bar_y), "#ffffb2", 12));
    g_assert_true (close_to (cs_test_pixel (painted, (int) bar_x + 256 - 27, (int) bar_y), "#bd0026", 12));
  }

  /* Without the overlay, the steps are as they were. */
  cs_dag_canvas_set_overlay (fixture.canvas, NULL);
  cs_test_settle (50);
  cleared = cs_test_render_widget (GTK_WIDGET (fixture.window));
  g_assert_cmphex (fill_pixel (cleared, fixture.canvas, fast), ==, fast_before);
  fixture_close (&fixture);
}

/* Keyboard */

static gboolean
has_edge (CsWorkflow *workflow,
          const char *from,
          const char *to)
{
  return cs_workflow_find_edge (workflow, from, to) != NULL;
}

static void
test_keyboard (void)
{
  g_autoptr(CsWorkflow) workflow = load_example ("citizen_registration.json");
  g_autoptr(GHashTable) visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *first = NULL;
  g_autofree char *previous = NULL;
  Fixture fixture;
  const char *description;
  guint n = cs_workflow_get_n_steps (workflow);

  fixture_open (&fixture, workflow, 1200, 700);

  /* Tab into the canvas, through the same path as the Tab key. */
  gtk_window_set_focus (fixture.window, NULL);
  cs_dag_canvas_set_focus_step (fixture.canvas, NULL);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture.canvas), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (fixture.canvas)));
  first = g_strdup (cs_dag_canvas_get_focus_step (fixture.canvas));
  /* Reading order starts where the workflow starts. */
  g_assert_cmpstr (first, ==, cs_workflow_get_start_step_id (workflow));
  description = cs_dag_canvas_get_accessible_description (fixture.canvas);
  g_assert_nonnull (strstr (description, cs_step_get_name (cs_workflow_get_start_step (workflow))));
  g_assert_nonnull (strstr (description, "Action step"));
  g_assert_nonnull (strstr (description, "start step"));
  /* What the accessibility layer was told. */
  gtk_test_accessible_assert_property (fixture.canvas, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);
  gtk_test_accessible_assert_property (fixture.canvas, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Workflow diagram: Citizen Registration");
  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (fixture.canvas), GTK_ACCESSIBLE_ROLE_GROUP));

  /* Right follows the flow: to a successor. */
  previous = g_strdup (first);
  for (guint i = 0; i < 4; i++)
    {
      const char *now;

      g_assert_true (cs_dag_canvas_move_focus (fixture.canvas, GTK_DIR_RIGHT));
      now = cs_dag_canvas_get_focus_step (fixture.canvas);
      g_assert_true (has_edge (workflow, previous, now));
      /* The focused step's name reaches the accessibility layer. */
      g_assert_nonnull (strstr (cs_dag_canvas_get_accessible_description (fixture.canvas),
                                cs_step_get_name (cs_workflow_find_step (workflow, now))));
      gtk_test_accessible_assert_property (fixture.canvas, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                           cs_dag_canvas_get_accessible_description (fixture.canvas));
      g_free (previous);
      previous = g_strdup (now);
    }
  /* Left goes back to a predecessor; the focused step is selected. */
  {
    g_autofree char *here = g_strdup (cs_dag_canvas_get_focus_step (fixture.canvas));
    g_autoptr(GPtrArray) selected = NULL;

    g_assert_true (cs_dag_canvas_move_focus (fixture.canvas, GTK_DIR_LEFT));
    g_assert_true (has_edge (workflow, cs_dag_canvas_get_focus_step (fixture.canvas), here));
    selected = cs_dag_canvas_get_selected_steps (fixture.canvas);
    g_assert_cmpuint (selected->len, ==, 1);
    g_assert_cmpstr (cs_step_get_id (g_ptr_array_index (selected, 0)), ==, cs_dag_canvas_get_focus_step (fixture.canvas));
  }

  /* Tab visits every step once, then leaves the canvas. */
  cs_dag_canvas_set_focus_step (fixture.canvas, NULL);
  while (cs_dag_canvas_move_focus (fixture.canvas, GTK_DIR_TAB_FORWARD))
    {
      g_assert_false (g_hash_table_contains (visited, cs_dag_canvas_get_focus_step (fixture.canvas)));
      g_hash_table_add (visited, g_strdup (cs_dag_canvas_get_focus_step (fixture.canvas)));
    }
  g_assert_cmpuint (g_hash_table_size (visited), ==, n);
  g_assert_false (gtk_widget_child_focus (GTK_WIDGET (fixture.canvas), GTK_DIR_TAB_FORWARD));
  fixture_close (&fixture);
}

/* A definition with a cycle and a step of unknown type still shows. */
static void
test_broken_definition (void)
{
  static const char json[] =
    "{ \"key\": \"broken\", \"version\": 1, \"start\": \"a\", \"steps\": ["
    "  { \"id\": \"a\", \"type\": \"action\", \"name\": \"A\" },"
    "  { \"id\": \"b\", \"type\": \"teleport\", \"name\": \"B\" },"
    "  { \"id\": \"c\", \"type\": \"approval\" } ],"
    "  \"edges\": [ { \"from\": \"a\", \"to\": \"c\" }, { \"from\": \"c\", \"to\": \"a\", \"kind\": \"approved\" },"
    "               { \"from\": \"c\", \"to\": \"nowhere\" } ] }";
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsWorkflow) workflow = cs_workflow_load_from_data (json, -1, &problems, &error);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  graphene_rect_t area;
  Fixture fixture;

  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, >, 0);
  found = cs_workflow_validate (workflow, NULL);
  g_assert_nonnull (cs_problems_find (found, CS_PROBLEM_CYCLE, NULL));

  fixture_open (&fixture, workflow, 600, 400);
  cs_dag_canvas_set_problems (fixture.canvas, found);
  g_assert_true (cs_test_wait_until (laid_out, fixture.canvas, 5000));
  g_assert_true (cs_dag_canvas_get_step_area (fixture.canvas, "a", &area));
  g_assert_true (cs_dag_canvas_get_step_area (fixture.canvas, "c", &area));
  cs_test_settle (100);
  texture = cs_test_render_widget (GTK_WIDGET (fixture.window));
  cs_test_save_png (texture, "canvas-broken");
  g_assert_cmpuint (cs_test_count_colors (texture), >, 20);
  fixture_close (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's test accessibility backend records what the canvas tells
   * assistive technologies, and needs no accessibility bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/dag-canvas/layout-service", test_layout_service);
  g_test_add_func ("/dag-canvas/examples", test_examples);
  g_test_add_func ("/dag-canvas/render-cache", test_render_cache);
  g_test_add_func ("/dag-canvas/zoom", test_zoom);
  g_test_add_func ("/dag-canvas/export", test_export);
  g_test_add_func ("/dag-canvas/overlay", test_overlay);
  g_test_add_func ("/dag-canvas/keyboard", test_keyboard);
  g_test_add_func ("/dag-canvas/broken-definition", test_broken_definition);
  return g_test_run ();
}
