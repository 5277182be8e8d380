/* cs-database-indicator.c: which database, and whether it is reachable
 *
 * Sits in the header bar: an icon coloured by the connection state and the
 * target's short name; its popover tells who is signed in, and the whole
 * error when there is one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-database-indicator.h"

struct _CsDatabaseIndicator
{
  AdwBin       parent_instance;

  CsStore     *store;
  gulong       handler;

  GtkMenuButton *button;
  GtkImage    *icon;
  GtkLabel    *short_label;
  GtkLabel    *state_label;
  GtkLabel    *target_label;
  GtkLabel    *user_label;
  GtkLabel    *error_label;
};

G_DEFINE_FINAL_TYPE (CsDatabaseIndicator, cs_database_indicator, ADW_TYPE_BIN)

static const char *
role_title (const char *role)
{
  if (g_strcmp0 (role, "administrator") == 0)
    return _("Administrator");
  if (g_strcmp0 (role, "officer") == 0)
    return _("Officer");
  if (g_strcmp0 (role, "designer") == 0)
    return _("Process designer");
  if (g_strcmp0 (role, "owner") == 0)
    return _("Database owner");
  return role;
}

static void
update (CsDatabaseIndicator *self)
{
  static const char *state_classes[] = { "connected", "failed", "connecting" };
  CsStoreState state = self->store ? cs_store_get_state (self->store) : CS_STORE_CLOSED;
  g_autofree char *target = self->store ? cs_store_describe (self->store) : g_strdup (_("No database"));
  const char *css = NULL;
  const char *state_text;
  const char *icon;

  switch (state)
    {
    case CS_STORE_CONNECTED:
      state_text = _("Connected");
      css = "connected";
      break;
    case CS_STORE_FAILED:
      state_text = _("Not connected");
      css = "failed";
      break;
    case CS_STORE_NEEDS_PASSWORD:
      state_text = _("Password needed");
      css = "failed";
      break;
    case CS_STORE_CONNECTING:
      state_text = _("Connecting…");
      css = "connecting";
      break;
    case CS_STORE_CLOSED:
    default:
      state_text = _("Closed");
      break;
    }

  icon = self->store && cs_store_is_embedded (self->store) ? "drive-harddisk-symbolic" : "network-server-symbolic";
  if (state == CS_STORE_FAILED || state == CS_STORE_NEEDS_PASSWORD)
    icon = "network-offline-symbolic";
  gtk_image_set_from_icon_name (self->icon, icon);

  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), state_classes[i]);
  if (css != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), css);

  gtk_label_set_label (self->short_label, target);
  gtk_label_set_label (self->state_label, state_text);
  gtk_label_set_label (self->target_label, target);
  {
    g_autofree char *tooltip = g_strdup_printf ("%s — %s", target, state_text);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
  }

  if (state == CS_STORE_CONNECTED)
    {
      const char *tenant = cs_store_get_tenant_name (self->store);
      const char *agency = cs_store_get_agency_name (self->store);
      g_autofree char *who = NULL;

      if (tenant != NULL && agency != NULL)
        who = g_strdup_printf (_("Signed in as %s (%s, %s) in %s"), cs_store_get_login (self->store),
                               role_title (cs_store_get_app_role (self->store)), agency, tenant);
      else if (tenant != NULL)
        who = g_strdup_printf (_("Signed in as %s (%s) in %s"), cs_store_get_login (self->store),
                               role_title (cs_store_get_app_role (self->store)), tenant);
      else
        who = g_strdup_printf (_("Signed in as %s (%s)"), cs_store_get_login (self->store),
                               role_title (cs_store_get_app_role (self->store)));
      gtk_label_set_label (self->user_label, who);
      gtk_widget_set_visible (GTK_WIDGET (self->user_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->user_label), FALSE);

  gtk_label_set_label (self->error_label, self->store ? cs_store_get_error_message (self->store) : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label),
                          self->store && cs_store_get_error_message (self->store) != NULL);
}

void
cs_database_indicator_set_store (CsDatabaseIndicator *self,
                                 CsStore             *store)
{
  g_return_if_fail (CS_IS_DATABASE_INDICATOR (self));
  g_return_if_fail (store == NULL || CS_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_clear_signal_handler (&self->handler, self->store);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->handler = g_signal_connect_object (store, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

const char *
cs_database_indicator_get_state_text (CsDatabaseIndicator *self)
{
  g_return_val_if_fail (CS_IS_DATABASE_INDICATOR (self), NULL);
  return gtk_label_get_label (self->state_label);
}

static void
cs_database_indicator_dispose (GObject *object)
{
  CsDatabaseIndicator *self = (CsDatabaseIndicator *)object;

  if (self->store != NULL)
    g_clear_signal_handler (&self->handler, self->store);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_DATABASE_INDICATOR);

  G_OBJECT_CLASS (cs_database_indicator_parent_class)->dispose (object);
}

static void
cs_database_indicator_class_init (CsDatabaseIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_database_indicator_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/cs-database-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, CsDatabaseIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, CsDatabaseIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, CsDatabaseIndicator, short_label);
  gtk_widget_class_bind_template_child (widget_class, CsDatabaseIndicator, state_label);
  gtk_widget_class_bind_template_child (widget_class, CsDatabaseIndicator, target_label);
  gtk_widget_class_bind_template_child (widget_class, CsDatabaseIndicator, user_label);
  gtk_widget_class_bind_template_child (widget_class, CsDatabaseIndicator, error_label);
  gtk_widget_class_set_css_name (widget_class, "databaseindicator");
}

static void
cs_database_indicator_init (CsDatabaseIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "database-indicator");
  update (self);
}
