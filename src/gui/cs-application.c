/* cs-application.c: the CivicStream desktop application
 *
 * Owns what outlives a window: the settings, the store (and with it the
 * embedded database server, stopped on quit) and the worker pool. Opening
 * the database happens off the main loop; windows follow the store's state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "core/cs-init.h"
#include "store/cs-history.h"
#include "workers/cs-engine.h"
#include "workers/cs-job-queue.h"
#include "cs-application.h"
#include "cs-preferences-window.h"
#include "cs-sign-in-dialog.h"
#include "cs-window.h"

struct _CsApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  CsStore        *store;
  CsWorkerPool   *workers;
  CsJobQueue     *jobs;
  CsEngine       *engine;
  GCancellable   *open_cancellable;
  char           *option_url;
};

G_DEFINE_TYPE (CsApplication, cs_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

CsApplication *
cs_application_new (GApplicationFlags flags)
{
  return g_object_new (CS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags | G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

CsStore *
cs_application_get_store (CsApplication *self)
{
  g_return_val_if_fail (CS_IS_APPLICATION (self), NULL);
  return self->store;
}

GSettings *
cs_application_get_settings (CsApplication *self)
{
  g_return_val_if_fail (CS_IS_APPLICATION (self), NULL);
  return self->settings;
}

CsWorkerPool *
cs_application_get_worker_pool (CsApplication *self)
{
  g_return_val_if_fail (CS_IS_APPLICATION (self), NULL);
  return self->workers;
}

static void
stop_workers (CsApplication *self)
{
  if (self->workers != NULL)
    cs_worker_pool_stop (self->workers);
  g_clear_object (&self->workers);
  g_clear_object (&self->jobs);
  g_clear_object (&self->engine);
}

static void
start_workers (CsApplication *self)
{
  guint n = g_settings_get_uint (self->settings, "worker-threads");

  stop_workers (self);
  self->workers = cs_worker_pool_new (cs_store_get_conninfo (self->store),
                                      cs_store_get_password (self->store), n);
  self->jobs = cs_job_queue_new ();
  cs_job_queue_attach (self->jobs, self->workers);
  /* The workflow engine: this desktop's workers run its tenant's steps,
   * side by side with every other desktop and server on the database. */
  self->engine = cs_engine_new ();
  cs_engine_attach (self->engine, self->workers);
  cs_worker_pool_start (self->workers);
}

CsEngine *
cs_application_get_engine (CsApplication *self)
{
  g_return_val_if_fail (CS_IS_APPLICATION (self), NULL);
  return self->engine;
}

/* The demo: four weeks of simulated cases for the example workflows. */
static gpointer
load_demo (CsDbConnection  *conn,
           gpointer         data,
           GCancellable    *cancellable,
           GError         **error)
{
  CsHistoryOptions options = { NULL, 28, 2026, 1.0, FALSE, CS_SIM_OUTPUTS_ALL, NULL, NULL };
  guint64 *instances = g_new0 (guint64, 1);

  if (!cs_history_simulate (conn, &options, instances, NULL, NULL, cancellable, error))
    {
      g_free (instances);
      return NULL;
    }
  return instances;
}

static void
demo_loaded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CsApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree guint64 *instances = cs_store_run_finish (CS_STORE (object), result, &error);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *message = NULL;

  if (instances == NULL)
    message = g_strdup_printf (_("The demo could not be loaded: %s"), error->message);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Demo loaded: %" G_GUINT64_FORMAT " simulated case",
                                            "Demo loaded: %" G_GUINT64_FORMAT " simulated cases", *instances),
                               *instances);
  if (CS_IS_WINDOW (window))
    cs_window_add_toast (CS_WINDOW (window), message);
}

static void
demo_response (AdwMessageDialog *dialog,
               const char       *response,
               CsApplication    *self)
{
  g_settings_set_boolean (self->settings, "offered-demo", TRUE);
  if (g_strcmp0 (response, "load") == 0 && self->store != NULL)
    cs_store_run_async (self->store, load_demo, NULL, NULL, g_free, NULL, demo_loaded, g_object_ref (self));
}

static gpointer
count_instances (CsDbConnection  *conn,
                 gpointer         data,
                 GCancellable    *cancellable,
                 GError         **error)
{
  return cs_db_connection_query_value (conn, "SELECT count(*) FROM workflow_instances", 0, NULL, error);
}

static void
counted_instances (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CsApplication) self = user_data;
  g_autofree char *count = cs_store_run_finish (CS_STORE (object), result, NULL);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  AdwMessageDialog *dialog;

  if (count == NULL || !g_str_equal (count, "0") || window == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Load a Demo?"),
    _("CivicStream can fill its database with four weeks of simulated cases for the example workflows — "
      "registrations, licences, permits and complaints, with approvals still waiting — so that every page "
      "has something to show. Simulated cases are marked as such.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Not Now"), "load", _("_Load Demo"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "load", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "load");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (demo_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* On the first start with the embedded database, and nothing in it yet. */
static void
maybe_offer_demo (CsApplication *self)
{
  if (!cs_store_is_embedded (self->store) || g_settings_get_boolean (self->settings, "offered-demo"))
    return;
  cs_store_run_async (self->store, count_instances, NULL, NULL, g_free, NULL, counted_instances, g_object_ref (self));
}

static void
open_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CsApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_store_open_finish (CS_STORE (object), result, &error))
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

      if (cs_store_get_state (self->store) == CS_STORE_NEEDS_PASSWORD && window != NULL)
        cs_sign_in_dialog_present (window, self->store);
      return;
    }
  start_workers (self);
  maybe_offer_demo (self);
}

static void
open_store (CsApplication *self)
{
  g_autoptr(CsDatabaseConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  stop_workers (self);
  if (self->store != NULL)
    cs_store_close (self->store);

  config = cs_database_config_resolve (self->option_url, self->settings, &error);
  if (config == NULL)
    {
      /* Show the bad URL's message in the window; the embedded database is
       * not a silent substitute for what the user asked for. */
      g_autoptr(CsDatabaseConfig) none = cs_database_config_new_unusable (CS_DATABASE_SOURCE_OPTION);
      g_set_object (&self->store, cs_store_new (none));
      g_object_unref (self->store);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
      cs_store_fail (self->store, error->message);
      return;
    }

  g_set_object (&self->store, cs_store_new (config));
  g_object_unref (self->store);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);

  self->open_cancellable = g_cancellable_new ();
  cs_store_open_async (self->store, self->open_cancellable, open_done, g_object_ref (self));
}

void
cs_application_reconnect (CsApplication *self)
{
  g_return_if_fail (CS_IS_APPLICATION (self));

  if (self->store != NULL && cs_store_get_state (self->store) == CS_STORE_NEEDS_PASSWORD
      && cs_store_has_pending_password (self->store))
    {
      /* Same target, now with a password: reopen the same store. */
      stop_workers (self);
      cs_store_close (self->store);
      g_clear_object (&self->open_cancellable);
      self->open_cancellable = g_cancellable_new ();
      cs_store_open_async (self->store, self->open_cancellable, open_done, g_object_ref (self));
      return;
    }
  open_store (self);
}

static void
cs_application_activate (GApplication *app)
{
  CsApplication *self = CS_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (self->store == NULL)
    open_store (self);
  if (window == NULL)
    window = GTK_WINDOW (cs_window_new (self));
  gtk_window_present (window);
}

static int
cs_application_command_line (GApplication            *app,
                             GApplicationCommandLine *cmdline)
{
  CsApplication *self = CS_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  const char *url = NULL;

  if (g_variant_dict_lookup (options, "database", "&s", &url))
    {
      g_free (self->option_url);
      self->option_url = g_strdup (url);
      if (self->store != NULL)
        open_store (self);
    }
  if (self->store == NULL)
    open_store (self);

  g_application_activate (app);
  return 0;
}

static int
cs_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("civicstream %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

/* SIGINT/SIGTERM quit properly, so the embedded server we started stops too. */
static gboolean
quit_on_signal (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
cs_application_startup (GApplication *app)
{
  CsApplication *self = CS_APPLICATION (app);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (cs_application_parent_class)->startup (app);

  gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new ("org.civicstream.CivicStream");

  g_unix_signal_add (SIGINT, quit_on_signal, app);
  g_unix_signal_add (SIGTERM, quit_on_signal, app);
}

static void
cs_application_shutdown (GApplication *app)
{
  CsApplication *self = CS_APPLICATION (app);

  g_cancellable_cancel (self->open_cancellable);
  stop_workers (self);
  if (self->store != NULL)
    cs_store_close (self->store);

  G_APPLICATION_CLASS (cs_application_parent_class)->shutdown (app);
}

static void
cs_application_dispose (GObject *object)
{
  CsApplication *self = (CsApplication *)object;

  stop_workers (self);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->option_url, g_free);

  G_OBJECT_CLASS (cs_application_parent_class)->dispose (object);
}

static void
cs_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CsApplication *self = CS_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_application_class_init (CsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = cs_application_dispose;
  object_class->get_property = cs_application_get_property;

  app_class->activate = cs_application_activate;
  app_class->command_line = cs_application_command_line;
  app_class->handle_local_options = cs_application_handle_local_options;
  app_class->startup = cs_application_startup;
  app_class->shutdown = cs_application_shutdown;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CS_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { _("The CivicStream developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", "CivicStream",
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The CivicStream developers"),
                        "developers", developers,
                        "comments", _("Run, analyse and improve government workflows and citizens’ reports."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://civicstream.org",
                        "issue-url", "https://civicstream.org/issues",
                        "copyright", "© 2026 The CivicStream developers",
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  CsApplication *self = user_data;
  CsPreferencesWindow *prefs = cs_preferences_window_new (self);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
reconnect_activated (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  cs_application_reconnect (CS_APPLICATION (user_data));
}

static void
cs_application_init (CsApplication *self)
{
  static const GActionEntry actions[] = {
    { "quit", quit_activated },
    { "about", about_activated },
    { "preferences", preferences_activated },
    { "reconnect", reconnect_activated },
  };
  static const GOptionEntry options[] = {
    { "database", 'd', 0, G_OPTION_ARG_STRING, NULL,
      N_("PostgreSQL URL of a shared database (default: the embedded database)"), N_("URL") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *prefs_accels[] = { "<Control>comma", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
    _("CivicStream runs government processes as timed workflows and shows administrators where "
      "citizens wait: workflow diagrams with bottleneck timings, approvals and cases for officers, "
      "a diagram editor for process designers, SLA compliance and leaderboards."));
}
