/* cs-window.c: the main window
 *
 * A sidebar of pages beside the page itself, in a leaflet so it folds on a
 * narrow window. Until the database is open the content shows the progress
 * or the error (with Retry and Preferences), never a half-working page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-approvals-page.h"
#include "cs-database-indicator.h"
#include "cs-window.h"
#include "cs-workflows-page.h"

typedef struct
{
  const char *name;
  const char *title;
  const char *icon;
  /* The page's widget, which shows its own empty state when it has no
   * data; a page without one shows the empty state below. Pages with a
   * "store" property are given the application's store. */
  GType     (*get_type) (void);
  const char *empty_title;
  const char *empty_description;
} PageInfo;

/* The pages, in sidebar order. */
static const PageInfo page_info[] = {
  { "workflows", N_("Workflows"), "cs-workflow-symbolic", cs_workflows_page_get_type, NULL, NULL },
  { "bottlenecks", N_("Bottlenecks"), "cs-bottleneck-symbolic", NULL,
    N_("No Timings Yet"),
    N_("Where citizens wait shows here once workflow instances have run, or an event log from "
       "another system has been imported.") },
  { "approvals", N_("Approvals"), "cs-approval-symbolic", cs_approvals_page_get_type, NULL, NULL },
  { "cases", N_("Cases"), "cs-cases-symbolic", NULL,
    N_("No Cases"),
    N_("Citizens’ reports become cases here, routed to the agency that handles them.") },
  { "sla", N_("SLA & Leaderboard"), "cs-leaderboard-symbolic", NULL,
    N_("No Resolved Issues Yet"),
    N_("SLA compliance and the leaderboard of areas and agencies appear once issues are resolved.") },
  { "alerts", N_("Alerts"), "cs-alerts-symbolic", NULL,
    N_("No Alerts"),
    N_("Alert rules watch reports and workflows, and the alerts they fire are listed here.") },
};

struct _CsWindow
{
  AdwApplicationWindow  parent_instance;

  CsApplication        *application;
  CsStore              *store;
  gulong                state_handler;
  gulong                progress_handler;

  AdwToastOverlay      *toasts;
  AdwLeaflet           *leaflet;
  GtkBox               *content;
  GtkListBox           *sidebar_list;
  AdwWindowTitle       *page_title;
  CsDatabaseIndicator  *indicator;
  GtkStack             *main_stack;
  GtkStack             *pages;
  GtkSpinner           *spinner;
  GtkLabel             *progress_label;
  AdwStatusPage        *failed_page;
};

G_DEFINE_FINAL_TYPE (CsWindow, cs_window, ADW_TYPE_APPLICATION_WINDOW)

static const PageInfo *
find_page (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_info); i++)
    if (g_strcmp0 (page_info[i].name, name) == 0)
      return &page_info[i];
  return NULL;
}

static void
update_state (CsWindow *self)
{
  CsStoreState state = self->store ? cs_store_get_state (self->store) : CS_STORE_CLOSED;

  switch (state)
    {
    case CS_STORE_CONNECTED:
      gtk_spinner_stop (self->spinner);
      gtk_stack_set_visible_child_name (self->main_stack, "pages");
      adw_window_title_set_subtitle (self->page_title, cs_store_get_tenant_name (self->store));
      break;

    case CS_STORE_FAILED:
    case CS_STORE_NEEDS_PASSWORD:
      gtk_spinner_stop (self->spinner);
      adw_status_page_set_title (self->failed_page,
                                 state == CS_STORE_NEEDS_PASSWORD ? _("Sign In Needed") : _("Database Unavailable"));
      adw_status_page_set_description (self->failed_page, cs_store_get_error_message (self->store));
      gtk_stack_set_visible_child_name (self->main_stack, "failed");
      adw_window_title_set_subtitle (self->page_title, NULL);
      break;

    case CS_STORE_CLOSED:
    case CS_STORE_CONNECTING:
    default:
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->main_stack, "connecting");
      adw_window_title_set_subtitle (self->page_title, NULL);
      break;
    }
}

static void
update_progress (CsWindow *self)
{
  const char *progress = self->store ? cs_store_get_progress (self->store) : NULL;
  gtk_label_set_label (self->progress_label, progress ? progress : _("Connecting…"));
}

static void
give_pages_store (CsWindow *self,
                  CsStore  *store)
{
  for (GtkWidget *page = gtk_widget_get_first_child (GTK_WIDGET (self->pages));
       page != NULL; page = gtk_widget_get_next_sibling (page))
    if (g_object_class_find_property (G_OBJECT_GET_CLASS (page), "store") != NULL)
      g_object_set (page, "store", store, NULL);
}

static void
store_changed (CsWindow *self)
{
  CsStore *store = cs_application_get_store (self->application);

  if (self->store != store)
    {
      if (self->store != NULL)
        {
          g_clear_signal_handler (&self->state_handler, self->store);
          g_clear_signal_handler (&self->progress_handler, self->store);
        }
      g_set_object (&self->store, store);
      if (store != NULL)
        {
          self->state_handler = g_signal_connect_object (store, "notify::state", G_CALLBACK (update_state),
                                                         self, G_CONNECT_SWAPPED);
          self->progress_handler = g_signal_connect_object (store, "notify::progress",
                                                            G_CALLBACK (update_progress), self,
                                                            G_CONNECT_SWAPPED);
        }
      cs_database_indicator_set_store (self->indicator, store);
      give_pages_store (self, store);
    }
  update_progress (self);
  update_state (self);
}

gboolean
cs_window_show_page (CsWindow   *self,
                     const char *name)
{
  const PageInfo *info;

  g_return_val_if_fail (CS_IS_WINDOW (self), FALSE);

  if (!(info = find_page (name)))
    return FALSE;

  gtk_stack_set_visible_child_name (self->pages, name);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  return TRUE;
}

void
cs_window_add_toast (CsWindow   *self,
                     const char *message)
{
  g_return_if_fail (CS_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

const char *
cs_window_get_visible_page (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->pages);
}

/* The widget of the page called @name, or NULL. */
GtkWidget *
cs_window_get_page (CsWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return gtk_stack_get_child_by_name (self->pages, name);
}

GStrv
cs_window_list_pages (CsWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (page_info); i++)
    g_strv_builder_add (builder, page_info[i].name);
  return g_strv_builder_end (builder);
}

/* "connecting", "failed" or "pages": what the content area shows. */
const char *
cs_window_get_main_state (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

const char *
cs_window_get_error_text (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return adw_status_page_get_description (self->failed_page);
}

static void
sidebar_row_activated_cb (CsWindow      *self,
                          GtkListBoxRow *row)
{
  cs_window_show_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
back_clicked_cb (CsWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
page_changed_cb (CsWindow *self)
{
  const PageInfo *info = find_page (gtk_stack_get_visible_child_name (self->pages));

  if (info != NULL)
    adw_window_title_set_title (self->page_title, _(info->title));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  cs_window_show_page (CS_WINDOW (widget), g_variant_get_string (param, NULL));
}

static GtkWidget *
create_sidebar_row (const PageInfo *info)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (row, info->name);
  gtk_label_set_label (GTK_LABEL (label), _(info->title));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (info->icon));
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static GtkWidget *
create_page (const PageInfo *info)
{
  GtkWidget *page;

  if (info->get_type != NULL)
    return g_object_new (info->get_type (), NULL);

  page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), info->icon);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _(info->empty_title));
  adw_status_page_set_description (ADW_STATUS_PAGE (page), _(info->empty_description));
  gtk_widget_add_css_class (page, "page-empty");
  return page;
}

static void
save_window_state (CsWindow *self)
{
  GSettings *settings = cs_application_get_settings (self->application);
  int width, height;

  if (settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (cs_window_get_visible_page (self) != NULL)
    g_settings_set_string (settings, "last-page", cs_window_get_visible_page (self));
}

static gboolean
cs_window_close_request (GtkWindow *window)
{
  save_window_state (CS_WINDOW (window));
  return GTK_WINDOW_CLASS (cs_window_parent_class)->close_request (window);
}

static void
cs_window_dispose (GObject *object)
{
  CsWindow *self = (CsWindow *)object;

  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->state_handler, self->store);
      g_clear_signal_handler (&self->progress_handler, self->store);
    }
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_WINDOW);

  G_OBJECT_CLASS (cs_window_parent_class)->dispose (object);
}

static void
cs_window_class_init (CsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cs_window_dispose;
  window_class->close_request = cs_window_close_request;

  g_type_ensure (CS_TYPE_DATABASE_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/cs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CsWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, content);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, indicator);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, failed_page);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  for (guint i = 0; i < G_N_ELEMENTS (page_info); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "win.show-page", "s", page_info[i].name);
}

static void
cs_window_init (CsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (page_info); i++)
    {
      gtk_list_box_append (self->sidebar_list, create_sidebar_row (&page_info[i]));
      gtk_stack_add_named (self->pages, create_page (&page_info[i]), page_info[i].name);
    }
}

CsWindow *
cs_window_new (CsApplication *application)
{
  CsWindow *self;
  GSettings *settings;
  g_autofree char *last_page = NULL;

  g_return_val_if_fail (CS_IS_APPLICATION (application), NULL);

  self = g_object_new (CS_TYPE_WINDOW, "application", application, NULL);
  self->application = application;

  settings = cs_application_get_settings (application);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  last_page = g_settings_get_string (settings, "last-page");
  if (!cs_window_show_page (self, last_page))
    cs_window_show_page (self, page_info[0].name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);

  g_signal_connect_object (application, "notify::store", G_CALLBACK (store_changed), self, G_CONNECT_SWAPPED);
  store_changed (self);
  return self;
}
