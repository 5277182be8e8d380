/* cs-preferences-window.c: the preferences
 *
 * The database URL is checked before it is kept: a malformed one, or one
 * with a password in it, is refused with the reason and the old setting
 * stays. An accepted change reconnects at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "store/cs-database-config.h"
#include "cs-preferences-window.h"

struct _CsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  CsApplication        *application;
  GSettings            *settings;

  AdwEntryRow          *url_row;
  AdwActionRow         *current_row;
  GtkSpinButton        *workers_spin;
  GtkSpinButton        *sla_spin;
  GtkSpinButton        *score_spin;
  AdwComboRow          *direction_row;
};

G_DEFINE_FINAL_TYPE (CsPreferencesWindow, cs_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
update_current (CsPreferencesWindow *self)
{
  CsStore *store = cs_application_get_store (self->application);
  g_autofree char *target = store ? cs_store_describe (store) : NULL;

  adw_action_row_set_subtitle (self->current_row, target ? target : _("None"));
}

/* Validates and saves @url ("" for the embedded database); on success the
 * application reconnects. */
gboolean
cs_preferences_window_apply_url (CsPreferencesWindow  *self,
                                 const char           *url,
                                 GError              **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (CS_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (url));
  if (*trimmed != '\0' && !cs_database_url_validate (trimmed, FALSE, error))
    return FALSE;

  g_settings_set_string (self->settings, "database-url", trimmed);
  cs_application_reconnect (self->application);
  update_current (self);
  return TRUE;
}

static void
url_applied_cb (CsPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));

  if (!cs_preferences_window_apply_url (self, url, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (*url ? _("Connecting to the shared database…")
                                                        : _("Using the embedded database")));
}

static void
url_changed_cb (CsPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
}

static void
direction_changed (CsPreferencesWindow *self)
{
  g_settings_set_enum (self->settings, "layout-direction",
                       (int) adw_combo_row_get_selected (self->direction_row));
}

static void
cs_preferences_window_dispose (GObject *object)
{
  CsPreferencesWindow *self = (CsPreferencesWindow *)object;

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (cs_preferences_window_parent_class)->dispose (object);
}

static void
cs_preferences_window_class_init (CsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/cs-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, current_row);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, workers_spin);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, sla_spin);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, score_spin);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, direction_row);
  gtk_widget_class_bind_template_callback (widget_class, url_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_changed_cb);
}

static void
cs_preferences_window_init (CsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CsPreferencesWindow *
cs_preferences_window_new (CsApplication *application)
{
  CsPreferencesWindow *self;
  g_autofree char *url = NULL;

  g_return_val_if_fail (CS_IS_APPLICATION (application), NULL);

  self = g_object_new (CS_TYPE_PREFERENCES_WINDOW, NULL);
  self->application = application;
  self->settings = g_object_ref (cs_application_get_settings (application));

  url = g_settings_get_string (self->settings, "database-url");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  update_current (self);

  g_settings_bind (self->settings, "worker-threads", gtk_spin_button_get_adjustment (self->workers_spin),
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sla-interval-minutes", gtk_spin_button_get_adjustment (self->sla_spin),
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "score-interval-minutes", gtk_spin_button_get_adjustment (self->score_spin),
                   "value", G_SETTINGS_BIND_DEFAULT);

  adw_combo_row_set_selected (self->direction_row, (guint) g_settings_get_enum (self->settings, "layout-direction"));
  g_signal_connect_object (self->direction_row, "notify::selected", G_CALLBACK (direction_changed),
                           self, G_CONNECT_SWAPPED);
  return self;
}
