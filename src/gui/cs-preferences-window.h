/* cs-preferences-window.h: the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-application.h"

G_BEGIN_DECLS

#define CS_TYPE_PREFERENCES_WINDOW (cs_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (CsPreferencesWindow, cs_preferences_window, CS, PREFERENCES_WINDOW, AdwPreferencesWindow)

CsPreferencesWindow *cs_preferences_window_new       (CsApplication       *application);
gboolean             cs_preferences_window_apply_url (CsPreferencesWindow *self,
                                                      const char          *url,
                                                      GError             **error);

G_END_DECLS
