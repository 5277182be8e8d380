/* cs-test-gui.c: rendering widgets to PNG and waiting for the GUI in tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-test-gui.h"

gboolean
cs_test_wait_until (CsTestCondition condition,
                    gpointer        data,
                    guint           timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

void
cs_test_settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static gboolean
widget_drawable (gpointer data)
{
  GtkWidget *widget = data;
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0;
}

GdkTexture *
cs_test_render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;
  int width, height;

  /* On a loaded machine the first frame may not be drawn yet. */
  g_assert_true (cs_test_wait_until (widget_drawable, widget, 10000));
  for (guint attempt = 0; node == NULL && attempt < 100; attempt++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      if (attempt > 0)
        cs_test_settle (50);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

char *
cs_test_save_png (GdkTexture *texture,
                  const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path = g_build_filename (dir, file, NULL);

  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  return path;
}

static guchar *
download (GdkTexture *texture,
          gsize      *stride)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  guchar *data;

  *stride = (gsize) width * 4;
  data = g_malloc (*stride * height);
  gdk_texture_download (texture, data, *stride);
  return data;
}

guint
cs_test_count_colors (GdkTexture *texture)
{
  gsize stride;
  g_autofree guchar *data = download (texture, &stride);
  g_autoptr(GHashTable) colors = g_hash_table_new (g_direct_hash, g_direct_equal);
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 px;
        memcpy (&px, data + y * stride + x * 4, 4);
        g_hash_table_add (colors, GUINT_TO_POINTER (px));
      }
  return g_hash_table_size (colors);
}

guint32
cs_test_pixel (GdkTexture *texture,
               int         x,
               int         y)
{
  gsize stride;
  g_autofree guchar *data = download (texture, &stride);
  const guchar *p;

  g_assert_cmpint (x, <, gdk_texture_get_width (texture));
  g_assert_cmpint (y, <, gdk_texture_get_height (texture));
  /* gdk_texture_download () gives premultiplied ARGB in native order: B G R A on little-endian. */
  p = data + y * stride + x * 4;
  return ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}
