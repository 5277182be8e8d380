/* cs-store.c: the application's handle on its database
 *
 * Opening resolves everything a session needs, on a worker thread: for the
 * embedded default it starts the private cluster, applies migrations as its
 * superuser and makes sure the desktop user is the administrator of a local
 * tenant; for a shared database it finds the password in the keyring,
 * applies pending migrations when the role may, and reads who is signed in.
 * The GUI's own queries then run on a few query threads, each owning its
 * connection, and come back through GTask to the main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "cs-change-listener.h"
#include "cs-migrator.h"
#include "cs-secret.h"
#include "cs-store.h"
#include "cs-workflow-repo.h"

#define N_QUERY_THREADS 2
#define EMBEDDED_DBNAME "civicstream"
#define LOCAL_TENANT_SLUG "local"

typedef struct
{
  CsPgCluster *cluster;
  char        *owner_conninfo;
  char        *app_conninfo;
  char        *password;
  char        *login;
  char        *display_name;
  char        *app_role;
  char        *tenant_id;
  char        *tenant_name;
  char        *agency_name;
  GStrv        extra_roles;   /* approver roles and the like, beyond the app role */
  gboolean     is_owner;
} OpenResult;

struct _CsStore
{
  GObject           parent_instance;

  CsDatabaseConfig *config;
  CsStoreState      state;
  char             *error_message;
  char             *progress;
  OpenResult       *session;
  char             *pending_password;
  gboolean          remember_password;

  GAsyncQueue      *queue;
  GPtrArray        *threads;
  CsChangeListener *changes;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_PROGRESS,
  PROP_LOGIN,
  PROP_TENANT_NAME,
  PROP_APP_ROLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE (CsStore, cs_store, G_TYPE_OBJECT)

/* A sentinel in the queue tells one query thread to finish. */
static char stop_marker;

static void
open_result_free (OpenResult *r)
{
  if (r == NULL)
    return;
  g_clear_object (&r->cluster);
  g_free (r->owner_conninfo);
  g_free (r->app_conninfo);
  if (r->password)
    memset (r->password, 0, strlen (r->password));
  g_free (r->password);
  g_free (r->login);
  g_free (r->display_name);
  g_free (r->app_role);
  g_free (r->tenant_id);
  g_free (r->tenant_name);
  g_free (r->agency_name);
  g_strfreev (r->extra_roles);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenResult, open_result_free)

static void
stop_query_threads (CsStore *self)
{
  if (self->threads == NULL)
    return;
  for (guint i = 0; i < self->threads->len; i++)
    g_async_queue_push (self->queue, &stop_marker);
  for (guint i = 0; i < self->threads->len; i++)
    g_thread_join (g_ptr_array_index (self->threads, i));
  g_clear_pointer (&self->threads, g_ptr_array_unref);
}

static void
cs_store_dispose (GObject *object)
{
  CsStore *self = (CsStore *)object;

  cs_store_close (self);

  G_OBJECT_CLASS (cs_store_parent_class)->dispose (object);
}

static void
cs_store_finalize (GObject *object)
{
  CsStore *self = (CsStore *)object;

  g_clear_object (&self->config);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->progress, g_free);
  g_clear_pointer (&self->pending_password, g_free);
  g_clear_pointer (&self->queue, g_async_queue_unref);

  G_OBJECT_CLASS (cs_store_parent_class)->finalize (object);
}

static void
cs_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CsStore *self = CS_STORE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    case PROP_PROGRESS:
      g_value_set_string (value, self->progress);
      break;

    case PROP_LOGIN:
      g_value_set_string (value, cs_store_get_login (self));
      break;

    case PROP_TENANT_NAME:
      g_value_set_string (value, cs_store_get_tenant_name (self));
      break;

    case PROP_APP_ROLE:
      g_value_set_string (value, cs_store_get_app_role (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_store_class_init (CsStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_store_dispose;
  object_class->finalize = cs_store_finalize;
  object_class->get_property = cs_store_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, CS_STORE_CLOSED, CS_STORE_FAILED, CS_STORE_CLOSED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_string ("progress", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOGIN] =
    g_param_spec_string ("login", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TENANT_NAME] =
    g_param_spec_string ("tenant-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_APP_ROLE] =
    g_param_spec_string ("app-role", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_store_init (CsStore *self)
{
  self->queue = g_async_queue_new ();
}

CsStore *
cs_store_new (CsDatabaseConfig *config)
{
  CsStore *self;

  g_return_val_if_fail (CS_IS_DATABASE_CONFIG (config), NULL);

  self = g_object_new (CS_TYPE_STORE, NULL);
  self->config = g_object_ref (config);
  return self;
}

CsDatabaseConfig *
cs_store_get_config (CsStore *self)
{
  g_return_val_if_fail (CS_IS_STORE (self), NULL);
  return self->config;
}

CsStoreState
cs_store_get_state (CsStore *self)
{
  g_return_val_if_fail (CS_IS_STORE (self), CS_STORE_CLOSED);
  return self->state;
}

const char *
cs_store_get_error_message (CsStore *self)
{
  g_return_val_if_fail (CS_IS_STORE (self), NULL);
  return self->error_message;
}

const char *
cs_store_get_progress (CsStore *self)
{
  g_return_val_if_fail (CS_IS_STORE (self), NULL);
  return self->progress;
}

char *
cs_store_describe (CsStore *self)
{
  g_return_val_if_fail (CS_IS_STORE (self), NULL);
  return cs_database_config_describe (self->config);
}

gboolean
cs_store_is_embedded (CsStore *self)
{
  g_return_val_if_fail (CS_IS_STORE (self), FALSE);
  return cs_database_config_is_embedded (self->config);
}

#define SESSION_FIELD(field) (self->session ? self->session->field : NULL)

const char *cs_store_get_login (CsStore *self) { g_return_val_if_fail (CS_IS_STORE (self), NULL); return SESSION_FIELD (login); }
const char *cs_store_get_display_name (CsStore *self) { g_return_val_if_fail (CS_IS_STORE (self), NULL); return SESSION_FIELD (display_name); }
const char *cs_store_get_app_role (CsStore *self) { g_return_val_if_fail (CS_IS_STORE (self), NULL); return SESSION_FIELD (app_role); }
const char *cs_store_get_tenant_id (CsStore *self) { g_return_val_if_fail (CS_IS_STORE (self), NULL); return SESSION_FIELD (tenant_id); }
const char *cs_store_get_tenant_name (CsStore *self) { g_return_val_if_fail (CS_IS_STORE (self), NULL); return SESSION_FIELD (tenant_name); }
const char *cs_store_get_agency_name (CsStore *self) { g_return_val_if_fail (CS_IS_STORE (self), NULL); return SESSION_FIELD (agency_name); }

/* Whether the signed-in user has @role: as their app role, or as one of
 * their additional roles (approver roles, "designer" for the desktop's own user). */
gboolean
cs_store_has_role (CsStore    *self,
                   const char *role)
{
  g_return_val_if_fail (CS_IS_STORE (self), FALSE);
  g_return_val_if_fail (role != NULL, FALSE);

  if (self->session == NULL)
    return FALSE;
  return g_strcmp0 (self->session->app_role, role) == 0
         || (self->session->extra_roles != NULL && g_strv_contains ((const char * const *) self->session->extra_roles, role));
}

gboolean
cs_store_get_is_owner (CsStore *self)
{
  g_return_val_if_fail (CS_IS_STORE (self), FALSE);
  return self->session ? self->session->is_owner : FALSE;
}

static void
set_state (CsStore      *self,
           CsStoreState  state,
           const char   *error_message)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->error_message, error_message) != 0)
    {
      g_free (self->error_message);
      self->error_message = g_strdup (error_message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

typedef struct
{
  CsStore *store;
  char    *text;
} Progress;

static gboolean
apply_progress (gpointer data)
{
  Progress *p = data;

  if (g_strcmp0 (p->store->progress, p->text) != 0)
    {
      g_free (p->store->progress);
      p->store->progress = g_strdup (p->text);
      g_object_notify_by_pspec (G_OBJECT (p->store), properties[PROP_PROGRESS]);
    }
  g_object_unref (p->store);
  g_free (p->text);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static void
report_progress (CsStore      *self,
                 GMainContext *context,
                 const char   *text)
{
  Progress *p = g_new0 (Progress, 1);

  p->store = g_object_ref (self);
  p->text = g_strdup (text);
  g_main_context_invoke (context, apply_progress, p);
}

/* A PostgreSQL role name for the desktop user: lower case, [a-z0-9_.-]. */
char *
cs_store_local_login_name (void)
{
  g_autofree char *lower = g_utf8_strdown (g_get_user_name (), -1);
  GString *s = g_string_new (NULL);

  for (const char *p = lower; *p; p++)
    g_string_append_c (s, (g_ascii_isalnum (*p) || *p == '_' || *p == '.' || *p == '-') ? *p : '_');
  if (s->len == 0 || g_ascii_isdigit (s->str[0]) || s->str[0] == '.' || s->str[0] == '-')
    g_string_prepend (s, "u_");
  if (g_str_equal (s->str, "postgres") || g_str_equal (s->str, CS_PG_CLUSTER_SUPERUSER)
      || g_str_has_prefix (s->str, "pg_"))
    g_string_prepend (s, "desk_");
  g_string_truncate (s, 63);
  return g_string_free (s, FALSE);
}

gboolean
cs_store_ensure_local_user (CsDbConnection  *owner,
                   const char      *login,
                   GError         **error)
{
  g_autofree char *tenant = NULL;
  g_autofree char *created = NULL;
  g_autofree char *mapped = NULL;
  const char *real_name = g_get_real_name ();
  const char *display = real_name && !g_str_equal (real_name, "Unknown") ? real_name : g_get_user_name ();
  const char *slug_params[] = { LOCAL_TENANT_SLUG, _("Local government") };
  const char *login_params[] = { login };

  created = cs_db_connection_query_value (owner,
                                         "INSERT INTO tenants (slug, name) VALUES ($1, $2)"
                                         " ON CONFLICT (slug) DO NOTHING RETURNING id",
                                         2, slug_params, NULL);
  tenant = cs_db_connection_query_value (owner, "SELECT id FROM tenants WHERE slug = $1", 1, slug_params, error);
  if (tenant == NULL)
    return FALSE;

  /* A new local government starts with the four example processes. */
  if (created != NULL
      && (!cs_db_connection_command (owner, "SELECT set_config ('civicstream.tenant', $1, false)",
                                     1, (const char *[]) { tenant }, error)
          || !cs_workflow_repo_install_examples (owner, NULL, error)))
    return FALSE;

  mapped = cs_db_connection_query_value (owner,
                                         "SELECT count(*) FROM app_users WHERE login_role = $1 AND active",
                                         1, login_params, error);
  if (mapped == NULL)
    return FALSE;
  if (g_str_equal (mapped, "0"))
    {
      const char *add_params[] = { login, tenant, "administrator", NULL, display, NULL };
      if (!cs_db_connection_command (owner,
                                     "SELECT cs_user_add ($1, $2::uuid, $3, $4::uuid, $5, $6)",
                                     6, add_params, error)
          /* Alone on their desktop, the administrator is also the designer of the processes. */
          || !cs_db_connection_command (owner, "SELECT cs_user_set_approver_roles ($1, ARRAY['designer'])",
                                        1, login_params, error))
        return FALSE;
    }
  return TRUE;
}

/* Fills the session fields from the database's own view of the connection. */
static gboolean
read_session (CsDbConnection  *conn,
              OpenResult      *r,
              GError         **error)
{
  g_autoptr(PGresult) result = NULL;

  result = cs_db_connection_exec (conn,
    "SELECT current_user, u.display_name, u.role, u.tenant_id, t.name, a.name, cs_is_owner (),"
    "       array_to_string (u.approver_roles, ',') "
    "  FROM (SELECT 1) AS one"
    "  LEFT JOIN app_users u ON u.login_role = current_user AND u.active"
    "  LEFT JOIN tenants t ON t.id = u.tenant_id"
    "  LEFT JOIN agencies a ON a.id = u.agency_id",
    0, NULL, error);
  if (result == NULL)
    return FALSE;

  r->login = g_strdup (PQgetvalue (result, 0, 0));
  r->is_owner = g_str_equal (PQgetvalue (result, 0, 6), "t");
  if (PQgetisnull (result, 0, 2))
    {
      if (r->is_owner)
        {
          r->app_role = g_strdup ("owner");
          return TRUE;
        }
      g_set_error (error, CS_ERROR, CS_ERROR_PERMISSION,
                   _("Signed in as “%s”, who is not a CivicStream user. An administrator adds users "
                     "with “civicstream-cli user add”."), r->login);
      return FALSE;
    }
  r->display_name = g_strdup (PQgetvalue (result, 0, 1));
  r->app_role = g_strdup (PQgetvalue (result, 0, 2));
  r->tenant_id = g_strdup (PQgetvalue (result, 0, 3));
  r->tenant_name = g_strdup (PQgetvalue (result, 0, 4));
  r->agency_name = PQgetisnull (result, 0, 5) ? NULL : g_strdup (PQgetvalue (result, 0, 5));
  r->extra_roles = g_strsplit (PQgetvalue (result, 0, 7), ",", -1);
  return TRUE;
}

static OpenResult *
open_embedded (CsStore       *self,
               GMainContext  *context,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(OpenResult) r = g_new0 (OpenResult, 1);
  g_autoptr(CsDbConnection) owner = NULL;
  g_autoptr(CsDbConnection) app = NULL;
  g_autoptr(CsMigrator) migrator = cs_migrator_new ();

  if (!(r->cluster = cs_pg_cluster_new_default (error)))
    return NULL;

  report_progress (self, context, _("Starting the embedded database…"));
  if (!cs_pg_cluster_start (r->cluster, cancellable, error)
      || !cs_pg_cluster_ensure_database (r->cluster, EMBEDDED_DBNAME, cancellable, error))
    {
      if (cs_pg_cluster_get_started_here (r->cluster))
        cs_pg_cluster_stop (r->cluster, NULL);
      return NULL;
    }

  r->owner_conninfo = cs_pg_cluster_get_conninfo (r->cluster, EMBEDDED_DBNAME, CS_PG_CLUSTER_SUPERUSER);
  owner = cs_db_connection_new (r->owner_conninfo, NULL);

  report_progress (self, context, _("Updating the database…"));
  r->login = cs_store_local_login_name ();
  if (!cs_db_connection_open (owner, cancellable, error)
      || !cs_migrator_apply (migrator, owner, cancellable, NULL, error)
      || !cs_store_ensure_local_user (owner, r->login, error))
    goto failed;
  g_clear_pointer (&r->login, g_free);

  r->app_conninfo = cs_pg_cluster_get_conninfo (r->cluster, EMBEDDED_DBNAME, cs_store_local_login_name ());
  app = cs_db_connection_new (r->app_conninfo, NULL);
  if (!cs_db_connection_open (app, cancellable, error) || !read_session (app, r, error))
    goto failed;

  return g_steal_pointer (&r);

failed:
  if (cs_pg_cluster_get_started_here (r->cluster))
    cs_pg_cluster_stop (r->cluster, NULL);
  return NULL;
}

static OpenResult *
open_remote (CsStore       *self,
             GMainContext  *context,
             const char    *password,
             gboolean       remember,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(OpenResult) r = g_new0 (OpenResult, 1);
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(CsMigrator) migrator = cs_migrator_new ();
  g_autoptr(GPtrArray) status = NULL;
  g_autoptr(GError) status_error = NULL;
  g_autofree char *keyring_id = cs_database_config_get_keyring_id (self->config);
  const char *user = cs_database_config_get_user (self->config);
  guint pending = 0;

  r->app_conninfo = g_strdup (cs_database_config_get_url (self->config));
  r->owner_conninfo = g_strdup (r->app_conninfo);

  if (password != NULL)
    r->password = g_strdup (password);
  else
    {
      g_autoptr(GError) keyring_error = NULL;
      r->password = cs_secret_lookup ("database", keyring_id, user, cancellable, &keyring_error);
      if (keyring_error != NULL)
        g_debug ("No keyring: %s", keyring_error->message);
    }

  report_progress (self, context, _("Connecting…"));
  conn = cs_db_connection_new (r->app_conninfo, r->password);
  if (!cs_db_connection_open (conn, cancellable, error))
    return NULL;

  if (password != NULL && remember)
    {
      g_autoptr(GError) keyring_error = NULL;
      if (!cs_secret_store ("database", keyring_id, user, password, cancellable, &keyring_error))
        g_warning ("The password could not be kept in the keyring: %s", keyring_error->message);
    }

  if (!(status = cs_migrator_status (migrator, conn, &status_error)))
    {
      /* Roles outside civicstream_user may not even read the schema version. */
      if (cs_db_error_has_sqlstate (status_error, "42501"))
        g_set_error (error, CS_ERROR, CS_ERROR_PERMISSION,
                     _("Signed in as “%s”, who is not a CivicStream user. An administrator adds users "
                       "with “civicstream-cli user add”."), user ? user : g_get_user_name ());
      else
        g_propagate_error (error, g_steal_pointer (&status_error));
      return NULL;
    }
  for (guint i = 0; i < status->len; i++)
    if (!((CsMigration *) g_ptr_array_index (status, i))->applied)
      pending++;
  if (pending > 0)
    {
      g_autoptr(GError) migrate_error = NULL;

      report_progress (self, context, _("Updating the database…"));
      if (!cs_migrator_apply (migrator, conn, cancellable, NULL, &migrate_error))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_MIGRATION,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The database needs %u update that this role may not apply (%s). "
                                    "Ask an administrator to run “civicstream-cli db migrate”.",
                                    "The database needs %u updates that this role may not apply (%s). "
                                    "Ask an administrator to run “civicstream-cli db migrate”.",
                                    pending),
                       pending, migrate_error->message);
          return NULL;
        }
    }

  if (!read_session (conn, r, error))
    return NULL;
  return g_steal_pointer (&r);
}

typedef struct
{
  char     *password;
  gboolean  remember;
} OpenRequest;

static void
open_request_free (OpenRequest *req)
{
  if (req->password)
    memset (req->password, 0, strlen (req->password));
  g_free (req->password);
  g_free (req);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CsStore *self = source_object;
  OpenRequest *req = task_data;
  GMainContext *context = g_task_get_context (task);
  GError *error = NULL;
  OpenResult *r;

  if (cs_database_config_is_embedded (self->config))
    r = open_embedded (self, context, cancellable, &error);
  else
    r = open_remote (self, context, req->password, req->remember, cancellable, &error);

  if (r == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, r, (GDestroyNotify) open_result_free);
}

typedef struct
{
  CsStoreFunc    func;
  gpointer       data;
  GDestroyNotify data_destroy;
  GDestroyNotify result_destroy;
} RunData;

static void
run_data_free (RunData *run)
{
  if (run->data_destroy != NULL)
    run->data_destroy (run->data);
  g_free (run);
}

static void
query_thread_run_task (CsDbConnection *conn,
                       GTask          *task)
{
  RunData *run = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!cs_db_connection_ensure (conn, 3, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  result = run->func (conn, run->data, cancellable, &error);
  /* Never leave a transaction open for the next task. */
  cs_db_connection_rollback (conn);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, run->result_destroy);
}

typedef struct
{
  GAsyncQueue *queue;
  char        *conninfo;
  char        *password;
} QueryThreadData;

static gpointer
query_thread (gpointer data)
{
  QueryThreadData *qt = data;
  g_autoptr(CsDbConnection) conn = cs_db_connection_new (qt->conninfo, qt->password);

  for (;;)
    {
      gpointer item = g_async_queue_pop (qt->queue);
      if (item == &stop_marker)
        break;
      query_thread_run_task (conn, item);
      g_object_unref (item);
    }

  g_async_queue_unref (qt->queue);
  g_free (qt->conninfo);
  g_free (qt->password);
  g_free (qt);
  return NULL;
}

static void
apply_open_result (CsStore    *self,
                   OpenResult *r)
{
  self->session = r;

  self->threads = g_ptr_array_new ();
  for (guint i = 0; i < N_QUERY_THREADS; i++)
    {
      QueryThreadData *qt = g_new0 (QueryThreadData, 1);
      qt->queue = g_async_queue_ref (self->queue);
      qt->conninfo = g_strdup (r->app_conninfo);
      qt->password = g_strdup (r->password);
      g_ptr_array_add (self->threads, g_thread_new ("cs-query", query_thread, qt));
    }
  self->changes = cs_change_listener_new (r->app_conninfo, r->password, r->tenant_id);
  cs_change_listener_start (self->changes);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TENANT_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APP_ROLE]);
  set_state (self, CS_STORE_CONNECTED, NULL);
}

static void
apply_open_error (CsStore      *self,
                  const GError *error)
{
  if (g_error_matches (error, CS_ERROR, CS_ERROR_NEEDS_PASSWORD))
    set_state (self, CS_STORE_NEEDS_PASSWORD, error->message);
  else
    set_state (self, CS_STORE_FAILED, error->message);
}

static gboolean
begin_open (CsStore  *self,
            GError  **error)
{
  if (self->state == CS_STORE_CONNECTING || self->state == CS_STORE_CONNECTED)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_FAILED, _("The database is already open"));
      return FALSE;
    }
  set_state (self, CS_STORE_CONNECTING, NULL);
  return TRUE;
}

static OpenRequest *
take_request (CsStore *self)
{
  OpenRequest *req = g_new0 (OpenRequest, 1);

  req->password = g_steal_pointer (&self->pending_password);
  req->remember = self->remember_password;
  return req;
}

gboolean
cs_store_open (CsStore       *self,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GTask) task = NULL;
  OpenResult *r;
  GError *local_error = NULL;

  g_return_val_if_fail (CS_IS_STORE (self), FALSE);

  if (!begin_open (self, error))
    return FALSE;

  task = g_task_new (self, cancellable, NULL, NULL);
  g_task_set_task_data (task, take_request (self), (GDestroyNotify) open_request_free);
  g_task_run_in_thread_sync (task, open_thread);

  r = g_task_propagate_pointer (task, &local_error);
  if (r == NULL)
    {
      apply_open_error (self, local_error);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  apply_open_result (self, r);
  return TRUE;
}

static void
open_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CsStore *self = CS_STORE (object);
  g_autoptr(GTask) outer = user_data;
  GError *error = NULL;
  OpenResult *r = g_task_propagate_pointer (G_TASK (result), &error);

  if (r == NULL)
    {
      apply_open_error (self, error);
      g_task_return_error (outer, error);
      return;
    }
  apply_open_result (self, r);
  g_task_return_boolean (outer, TRUE);
}

void
cs_store_open_async (CsStore             *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  GError *error = NULL;

  g_return_if_fail (CS_IS_STORE (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, cs_store_open_async);

  if (!begin_open (self, &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  inner = g_task_new (self, cancellable, open_done, g_object_ref (outer));
  g_task_set_task_data (inner, take_request (self), (GDestroyNotify) open_request_free);
  g_task_run_in_thread (inner, open_thread);
}

gboolean
cs_store_open_finish (CsStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (CS_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cs_store_set_password (CsStore    *self,
                       const char *password,
                       gboolean    remember)
{
  g_return_if_fail (CS_IS_STORE (self));

  g_free (self->pending_password);
  self->pending_password = g_strdup (password);
  self->remember_password = remember;
}

gboolean
cs_store_has_pending_password (CsStore *self)
{
  g_return_val_if_fail (CS_IS_STORE (self), FALSE);
  return self->pending_password != NULL;
}

/* For a configuration that cannot even be tried (a malformed URL). */
void
cs_store_fail (CsStore    *self,
               const char *message)
{
  g_return_if_fail (CS_IS_STORE (self));
  g_return_if_fail (message != NULL);

  cs_store_close (self);
  set_state (self, CS_STORE_FAILED, message);
}

/* Connection parameters of the signed-in user, for threads that make
 * their own connections (the worker pool). */
const char *
cs_store_get_conninfo (CsStore *self)
{
  g_return_val_if_fail (CS_IS_STORE (self), NULL);
  return self->session ? self->session->app_conninfo : NULL;
}

const char *
cs_store_get_password (CsStore *self)
{
  g_return_val_if_fail (CS_IS_STORE (self), NULL);
  return self->session ? self->session->password : NULL;
}

void
cs_store_close (CsStore *self)
{
  g_return_if_fail (CS_IS_STORE (self));

  stop_query_threads (self);
  if (self->changes != NULL)
    cs_change_listener_stop (self->changes);
  g_clear_object (&self->changes);

  if (self->session != NULL && self->session->cluster != NULL
      && cs_pg_cluster_get_started_here (self->session->cluster))
    {
      g_autoptr(GError) error = NULL;
      if (!cs_pg_cluster_stop (self->session->cluster, &error))
        g_warning ("%s", error->message);
    }
  g_clear_pointer (&self->session, open_result_free);

  if (self->state != CS_STORE_CLOSED)
    set_state (self, CS_STORE_CLOSED, NULL);
}

CsChangeListener *
cs_store_get_changes (CsStore *self)
{
  g_return_val_if_fail (CS_IS_STORE (self), NULL);
  return self->changes;
}

CsDbConnection *
cs_store_new_connection (CsStore *self)
{
  g_return_val_if_fail (CS_IS_STORE (self), NULL);
  g_return_val_if_fail (self->session != NULL, NULL);
  return cs_db_connection_new (self->session->app_conninfo, self->session->password);
}

/* The role that owns the schema: for the embedded database its superuser;
 * for a shared one whoever the URL names. For administration commands. */
CsDbConnection *
cs_store_new_owner_connection (CsStore *self)
{
  g_return_val_if_fail (CS_IS_STORE (self), NULL);
  g_return_val_if_fail (self->session != NULL, NULL);
  return cs_db_connection_new (self->session->owner_conninfo, self->session->password);
}

void
cs_store_run_async (CsStore             *self,
                    CsStoreFunc          func,
                    gpointer             data,
                    GDestroyNotify       data_destroy,
                    GDestroyNotify       result_destroy,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *run;

  g_return_if_fail (CS_IS_STORE (self));
  g_return_if_fail (func != NULL);

  run = g_new0 (RunData, 1);
  run->func = func;
  run->data = data;
  run->data_destroy = data_destroy;
  run->result_destroy = result_destroy;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_store_run_async);
  g_task_set_task_data (task, run, (GDestroyNotify) run_data_free);

  if (self->state != CS_STORE_CONNECTED || self->threads == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_CONNECTION,
                               _("Not connected to the database"));
      return;
    }

  g_async_queue_push (self->queue, g_steal_pointer (&task));
}

gpointer
cs_store_run_finish (CsStore       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (CS_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
