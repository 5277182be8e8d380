/* cs-sign-in-dialog.c: asks for the password of a shared database
 *
 * The password goes to the store for this session and, when the user
 * wants, into the desktop keyring, never into GSettings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-application.h"
#include "cs-sign-in-dialog.h"

struct _CsSignInDialog
{
  AdwMessageDialog  parent_instance;

  CsStore          *store;
  GtkPasswordEntry *password_entry;
  GtkCheckButton   *remember_check;
};

G_DEFINE_FINAL_TYPE (CsSignInDialog, cs_sign_in_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
cs_sign_in_dialog_response (AdwMessageDialog *dialog,
                            const char       *response)
{
  CsSignInDialog *self = CS_SIGN_IN_DIALOG (dialog);

  if (g_strcmp0 (response, "sign-in") == 0 && self->store != NULL)
    {
      GApplication *app = g_application_get_default ();

      cs_store_set_password (self->store, gtk_editable_get_text (GTK_EDITABLE (self->password_entry)),
                             gtk_check_button_get_active (self->remember_check));
      gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
      if (CS_IS_APPLICATION (app))
        cs_application_reconnect (CS_APPLICATION (app));
    }
}

static void
cs_sign_in_dialog_dispose (GObject *object)
{
  CsSignInDialog *self = (CsSignInDialog *)object;

  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_SIGN_IN_DIALOG);

  G_OBJECT_CLASS (cs_sign_in_dialog_parent_class)->dispose (object);
}

static void
cs_sign_in_dialog_class_init (CsSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = cs_sign_in_dialog_dispose;
  dialog_class->response = cs_sign_in_dialog_response;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/cs-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CsSignInDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, CsSignInDialog, remember_check);
}

static void
cs_sign_in_dialog_init (CsSignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
cs_sign_in_dialog_present (GtkWindow *parent,
                           CsStore   *store)
{
  CsSignInDialog *self;
  g_autofree char *target = NULL;
  g_autofree char *body = NULL;

  g_return_if_fail (CS_IS_STORE (store));

  self = g_object_new (CS_TYPE_SIGN_IN_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->store = g_object_ref (store);
  target = cs_store_describe (store);
  body = g_strdup_printf (_("The database %s needs your password."), target);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}
