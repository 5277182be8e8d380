/* cs-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-application.h"

G_BEGIN_DECLS

#define CS_TYPE_WINDOW (cs_window_get_type ())

G_DECLARE_FINAL_TYPE (CsWindow, cs_window, CS, WINDOW, AdwApplicationWindow)

CsWindow   *cs_window_new               (CsApplication *application);
gboolean    cs_window_show_page         (CsWindow      *self,
                                         const char    *name);
const char *cs_window_get_visible_page  (CsWindow      *self);
void        cs_window_add_toast         (CsWindow      *self,
                                         const char    *message);
GtkWidget  *cs_window_get_page          (CsWindow      *self,
                                         const char    *name);
GStrv       cs_window_list_pages        (CsWindow      *self);
const char *cs_window_get_main_state    (CsWindow      *self);
const char *cs_window_get_error_text    (CsWindow      *self);

G_END_DECLS
