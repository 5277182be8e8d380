/* cs-handlers-notify.c: notify.compose, the messages sent to citizens
 *
 * The message templates (welcome, rejections, failures, licences and
 * permits issued, complaints received, resolved or closed), each with a
 * subject, an email body and a text message, and notify.compose, which fills
 * one in for the citizen and addresses it by email or SMS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-handlers-private.h"

/* notify.compose */

typedef struct
{
  const char *id;
  const char *subject;
  const char *body;      /* {name}, {reference} and {reason} are replaced */
  const char *sms;
  gboolean    needs_reference;
} MessageTemplate;

static const MessageTemplate message_templates[] = {
  { "welcome",
    N_("Welcome to CivicStream"),
    N_("Dear {name},\n\nyour citizen account {reference} has been created. You can now sign in "
       "and use the online services of your administration.\n"),
    N_("Your citizen account {reference} is ready."), TRUE },
  { "registration_rejected",
    N_("Your registration was not approved"),
    N_("Dear {name},\n\nwe could not approve your registration: {reason}.\nYou may apply again "
       "or visit your local office for help.\n"),
    N_("Your registration was not approved: {reason}."), FALSE },
  { "registration_failed",
    N_("Your registration could not be completed"),
    N_("Dear {name},\n\nyour registration could not be completed because of a problem on our "
       "side: {reason}.\nWe will contact you as soon as it is solved.\n"),
    N_("Your registration could not be completed: {reason}."), FALSE },
  { "application_rejected",
    N_("Your application was not approved"),
    N_("Dear {name},\n\nyour application was not approved: {reason}.\nYou may correct it and "
       "apply again.\n"),
    N_("Your application was not approved: {reason}."), FALSE },
  { "payment_failed",
    N_("Your payment did not go through"),
    N_("Dear {name},\n\nwe could not take your payment: {reason}.\nYour application is on hold "
       "until the fee is paid.\n"),
    N_("Your payment did not go through: {reason}."), FALSE },
  { "licence_issued",
    N_("Your licence has been issued"),
    N_("Dear {name},\n\nyour licence {reference} has been issued. Keep this number for any "
       "inspection or renewal.\n"),
    N_("Your licence {reference} has been issued."), TRUE },
  { "permit_renewed",
    N_("Your permit has been renewed"),
    N_("Dear {name},\n\nyour permit has been renewed under number {reference}.\n"),
    N_("Your permit has been renewed: {reference}."), TRUE },
  { "permit_rejected",
    N_("Your permit renewal was not approved"),
    N_("Dear {name},\n\nyour permit renewal was not approved: {reason}.\n"),
    N_("Your permit renewal was not approved: {reason}."), FALSE },
  { "complaint_received",
    N_("We have received your complaint"),
    N_("Dear {name},\n\nthank you for your report. Your complaint is registered under "
       "{reference}; we will keep you informed.\n"),
    N_("Complaint {reference} received. We will keep you informed."), TRUE },
  { "complaint_resolved",
    N_("Your complaint has been resolved"),
    N_("Dear {name},\n\nyour complaint {reference} has been resolved. Please tell us how "
       "satisfied you are with the outcome.\n"),
    N_("Complaint {reference} resolved. Please rate our response."), TRUE },
  { "complaint_unfounded",
    N_("Your complaint has been closed"),
    N_("Dear {name},\n\nafter investigation your complaint {reference} has been closed: "
       "{reason}.\n"),
    N_("Complaint {reference} closed: {reason}."), TRUE },
};

static char *
fill_message (const char *text,
              const char *name,
              const char *reference,
              const char *reason)
{
  GString *out = g_string_new (text);

  g_string_replace (out, "{name}", name, 0);
  g_string_replace (out, "{reference}", reference ? reference : "", 0);
  g_string_replace (out, "{reason}", reason ? reason : _("please contact us for details"), 0);
  return g_string_free (out, FALSE);
}

static gboolean
notify_compose (CsHandlerContext  *ctx,
                JsonObject        *inputs,
                JsonObject        *outputs,
                GError           **error)
{
  const char *name, *template_id, *channel, *email, *phone, *reference, *reason;
  const MessageTemplate *message = NULL;
  const char *to;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) notification = json_object_new ();

  if (!cs_handlers_get_string (inputs, "recipient_name", TRUE, &name, error) ||
      !cs_handlers_get_string (inputs, "message_template", TRUE, &template_id, error) ||
      !cs_handlers_get_string (inputs, "channel", FALSE, &channel, error) ||
      !cs_handlers_get_string (inputs, "email", FALSE, &email, error) ||
      !cs_handlers_get_string (inputs, "phone", FALSE, &phone, error) ||
      !cs_handlers_get_string (inputs, "reference", FALSE, &reference, error) ||
      !cs_handlers_get_string (inputs, "reason", FALSE, &reason, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (message_templates); i++)
    if (g_str_equal (template_id, message_templates[i].id))
      message = &message_templates[i];
  if (message == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Unknown message template “%s”"), template_id);
      return FALSE;
    }
  if (message->needs_reference && (reference == NULL || cs_handlers_is_blank (reference)))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Message template %s needs input reference"), template_id);
      return FALSE;
    }

  if (channel == NULL)
    channel = "email";
  if (g_str_equal (channel, "email"))
    {
      if (email == NULL || !cs_handlers_email_is_valid (email))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Cannot send an email: input email is missing or not an address"));
          return FALSE;
        }
      to = email;
      subject = fill_message (_(message->subject), name, reference, reason);
      body = fill_message (_(message->body), name, reference, reason);
    }
  else if (g_str_equal (channel, "sms"))
    {
      if (phone == NULL || !cs_handlers_phone_is_valid (phone))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Cannot send a text message: input phone is missing or not a number"));
          return FALSE;
        }
      to = phone;
      subject = fill_message (_(message->subject), name, reference, reason);
      body = fill_message (_(message->sms), name, reference, reason);
    }
  else
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input channel: “%s” is neither email nor sms"), channel);
      return FALSE;
    }

  seed = g_strjoin ("\n", ctx->instance_id ? ctx->instance_id : "",
                    ctx->step_id ? ctx->step_id : "", template_id, to, NULL);
  hex = cs_handlers_hex_upper_prefix (seed, 12);
  id = g_strdup_printf ("NTF-%s", hex);

  json_object_set_string_member (notification, "channel", channel);
  json_object_set_string_member (notification, "to", to);
  json_object_set_string_member (notification, "template", template_id);
  json_object_set_string_member (notification, "subject", subject);
  json_object_set_string_member (notification, "body", body);

  json_object_set_object_member (outputs, "notification", g_steal_pointer (&notification));
  json_object_set_string_member (outputs, "notification_id", id);
  return TRUE;
}

/* The built-in table */

static const ParamSpec notify_compose_in[] = {
  IN ("recipient_name", STRING, TRUE, NULL, N_("Name used in the greeting")),
  IN ("message_template", STRING, TRUE, NULL, N_("Which message to compose")),
  IN ("channel", STRING, FALSE, "^(email|sms)$", N_("email (default) or sms")),
  IN ("email", STRING, FALSE, NULL, N_("Address for the email channel")),
  IN ("phone", STRING, FALSE, NULL, N_("Number for the sms channel")),
  IN ("reference", STRING, FALSE, NULL, N_("Account, licence or complaint number")),
  IN ("reason", STRING, FALSE, NULL, N_("Reason given in rejections")),
  END
};
static const ParamSpec notify_compose_out[] = {
  OUT ("notification", OBJECT, N_("The message: channel, to, template, subject, body")),
  OUT ("notification_id", STRING, N_("Identifier for delivery tracking")),
  END
};

static const BuiltinSpec builtins[] = {
  { "notify.compose", notify_compose,
    N_("Composes an email or text message to the citizen from a message template"),
    notify_compose_in, notify_compose_out },
};

void
cs_handlers_register_notify (CsHandlerRegistry *registry)
{
  cs_handlers_register_builtins (registry, builtins, G_N_ELEMENTS (builtins));
}
