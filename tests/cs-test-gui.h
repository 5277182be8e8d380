/* cs-test-gui.h: rendering widgets to PNG and waiting for the GUI in tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*CsTestCondition) (gpointer data);

/* Iterates the main context until @condition holds; FALSE on timeout. */
gboolean    cs_test_wait_until       (CsTestCondition  condition,
                                      gpointer         data,
                                      guint            timeout_ms);
/* Lets pending layout and drawing happen. */
void        cs_test_settle           (guint            ms);
/* Renders @widget as it is on screen, through its own renderer. */
GdkTexture *cs_test_render_widget    (GtkWidget       *widget);
/* Saves to $G_TEST_BUILDDIR/screenshots/NAME.png and returns the path. */
char       *cs_test_save_png         (GdkTexture      *texture,
                                      const char      *name);
/* How many distinct colours the texture has (a blank render has one or two). */
guint       cs_test_count_colors     (GdkTexture      *texture);
/* The colour at (x, y) as 0xRRGGBB. */
guint32     cs_test_pixel            (GdkTexture      *texture,
                                      int              x,
                                      int              y);

G_END_DECLS
