/* cs-db-connection.c: one PostgreSQL connection, owned by one thread
 *
 * libpq connections may not be used from two threads at once, so each worker
 * thread creates its own CsDbConnection and keeps it; the object remembers its
 * thread and asserts it. Connecting and waiting for notifications poll the
 * socket together with the GCancellable's fd, so shutdown never hangs on I/O.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/cs-backoff.h"
#include "core/cs-error.h"
#include "cs-db-connection.h"

struct _CsDbConnection
{
  GObject  parent_instance;

  char    *conninfo;
  char    *password;
  char    *application_name;
  PGconn  *conn;
  GThread *owner;
};

enum {
  PROP_0,
  PROP_CONNINFO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE (CsDbConnection, cs_db_connection, G_TYPE_OBJECT)
G_DEFINE_QUARK (cs-sqlstate-error-quark, cs_sqlstate_error)

/* SQLSTATEs are five characters of [0-9A-Z]: base 36 fits in an int. */
static int
encode_sqlstate (const char *sqlstate)
{
  int code = 0;

  if (sqlstate == NULL || strlen (sqlstate) != 5)
    return 0;
  for (guint i = 0; i < 5; i++)
    {
      char c = g_ascii_toupper (sqlstate[i]);
      int digit = g_ascii_isdigit (c) ? c - '0' : (c >= 'A' && c <= 'Z') ? c - 'A' + 10 : 0;
      code = code * 36 + digit;
    }
  return code;
}

gboolean
cs_db_error_has_sqlstate (const GError *error,
                          const char   *sqlstate)
{
  return error != NULL && error->domain == CS_SQLSTATE_ERROR
         && error->code == encode_sqlstate (sqlstate);
}

gboolean
cs_db_error_is_connection (const GError *error)
{
  if (error == NULL)
    return FALSE;
  if (g_error_matches (error, CS_ERROR, CS_ERROR_CONNECTION))
    return TRUE;
  /* Class 08: connection exception; 57P01..03: the server shut down. */
  if (error->domain == CS_SQLSTATE_ERROR)
    return error->code / (36 * 36 * 36) == encode_sqlstate ("08000") / (36 * 36 * 36)
           || error->code == encode_sqlstate ("57P01")
           || error->code == encode_sqlstate ("57P02")
           || error->code == encode_sqlstate ("57P03");
  return FALSE;
}

void
cs_db_notification_free (CsDbNotification *notification)
{
  if (notification == NULL)
    return;
  g_free (notification->channel);
  g_free (notification->payload);
  g_free (notification);
}

static char *
trim_message (const char *message)
{
  g_autofree char *copy = g_strdup (message ? message : "");
  return g_strdup (g_strstrip (copy));
}

void
cs_db_set_error_from_result (GError   **error,
                             PGconn    *conn,
                             PGresult  *result)
{
  const char *sqlstate = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = result ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  const char *detail = result ? PQresultErrorField (result, PG_DIAG_MESSAGE_DETAIL) : NULL;
  const char *hint = result ? PQresultErrorField (result, PG_DIAG_MESSAGE_HINT) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (primary != NULL)
    g_string_append (text, primary);
  else
    {
      g_autofree char *msg = trim_message (conn ? PQerrorMessage (conn) : NULL);
      g_string_append (text, *msg ? msg : _("The database did not answer"));
    }
  if (detail != NULL)
    g_string_append_printf (text, " (%s)", detail);
  if (hint != NULL)
    g_string_append_printf (text, " — %s", hint);

  if (sqlstate != NULL)
    g_set_error_literal (error, CS_SQLSTATE_ERROR, encode_sqlstate (sqlstate), text->str);
  else
    g_set_error_literal (error, CS_ERROR, CS_ERROR_CONNECTION, text->str);
}

gboolean
cs_db_result_check (PGconn    *conn,
                    PGresult  *result,
                    GError   **error)
{
  switch (result ? PQresultStatus (result) : PGRES_FATAL_ERROR)
    {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_SINGLE_TUPLE:
    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
    case PGRES_PIPELINE_SYNC:
      return TRUE;

    case PGRES_EMPTY_QUERY:
    case PGRES_BAD_RESPONSE:
    case PGRES_NONFATAL_ERROR:
    case PGRES_FATAL_ERROR:
    case PGRES_COPY_BOTH:
    case PGRES_PIPELINE_ABORTED:
    default:
      cs_db_set_error_from_result (error, conn, result);
      return FALSE;
    }
}

static void
cs_db_connection_finalize (GObject *object)
{
  CsDbConnection *self = (CsDbConnection *)object;

  g_clear_pointer (&self->conn, PQfinish);
  g_clear_pointer (&self->conninfo, g_free);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->application_name, g_free);

  G_OBJECT_CLASS (cs_db_connection_parent_class)->finalize (object);
}

static void
cs_db_connection_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CsDbConnection *self = CS_DB_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_CONNINFO:
      g_value_set_string (value, self->conninfo);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_db_connection_class_init (CsDbConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_db_connection_finalize;
  object_class->get_property = cs_db_connection_get_property;

  properties[PROP_CONNINFO] =
    g_param_spec_string ("conninfo", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_db_connection_init (CsDbConnection *self)
{
}

CsDbConnection *
cs_db_connection_new (const char *conninfo,
                      const char *password)
{
  CsDbConnection *self;

  g_return_val_if_fail (conninfo != NULL, NULL);

  self = g_object_new (CS_TYPE_DB_CONNECTION, NULL);
  self->conninfo = g_strdup (conninfo);
  self->password = g_strdup (password);
  self->owner = g_thread_self ();
  return self;
}

/* Shows in pg_stat_activity, so an administrator sees which process is which. */
void
cs_db_connection_set_application_name (CsDbConnection *self,
                                       const char     *name)
{
  g_return_if_fail (CS_IS_DB_CONNECTION (self));
  g_free (self->application_name);
  self->application_name = g_strdup (name);
}

const char *
cs_db_connection_get_conninfo (CsDbConnection *self)
{
  g_return_val_if_fail (CS_IS_DB_CONNECTION (self), NULL);
  return self->conninfo;
}

static void
assert_owner (CsDbConnection *self)
{
  /* The first thread to use a connection owns it from then on. */
  if (self->conn == NULL)
    self->owner = g_thread_self ();
  g_assert (self->owner == g_thread_self ());
}

/* Polls @fd for @events and the cancellable; returns 1 when ready, 0 on
 * timeout, -1 with @error set on cancellation or failure. */
static int
poll_socket (int            fd,
             short          events,
             int            timeout_ms,
             GCancellable  *cancellable,
             GError       **error)
{
  GPollFD fds[2] = { { fd, events, 0 }, { -1, 0, 0 } };
  guint n = 1;
  int rc;

  if (cancellable != NULL && g_cancellable_make_pollfd (cancellable, &fds[1]))
    n = 2;

  do
    rc = g_poll (fds, n, timeout_ms);
  while (rc < 0 && errno == EINTR);

  if (n == 2)
    g_cancellable_release_fd (cancellable);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  if (rc < 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "poll: %s", g_strerror (errsv));
      return -1;
    }
  return rc > 0 ? 1 : 0;
}

/* Server notices (and libpq's own, e.g. a dropped connection) are for
 * debugging, not for the terminal the app was started from. */
static void
log_notice (void       *data,
            const char *message)
{
  g_debug ("PostgreSQL: %s", message);
}

gboolean
cs_db_connection_open (CsDbConnection  *self,
                       GCancellable    *cancellable,
                       GError         **error)
{
  const char *keywords[6];
  const char *values[6];
  guint n = 0;
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;
  gint64 deadline;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (self), FALSE);

  assert_owner (self);
  g_clear_pointer (&self->conn, PQfinish);

  /* The conninfo (URL or key=value) expands first; what follows overrides it. */
  keywords[n] = "dbname", values[n++] = self->conninfo;
  if (self->password != NULL && *self->password)
    keywords[n] = "password", values[n++] = self->password;
  if (self->application_name != NULL)
    keywords[n] = "application_name", values[n++] = self->application_name;
  keywords[n] = "fallback_application_name", values[n++] = "civicstream";
  keywords[n] = "connect_timeout", values[n++] = "10";
  keywords[n] = NULL, values[n] = NULL;

  self->conn = PQconnectStartParams (keywords, values, 1);
  if (self->conn == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_CONNECTION, _("Out of memory while connecting"));
      return FALSE;
    }
  if (PQstatus (self->conn) == CONNECTION_BAD)
    goto failed;

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (status != PGRES_POLLING_OK)
    {
      int rc;
      int remaining_ms;

      if (status == PGRES_POLLING_FAILED)
        goto failed;

      remaining_ms = (int) ((deadline - g_get_monotonic_time ()) / 1000);
      if (remaining_ms <= 0)
        {
          g_set_error_literal (error, CS_ERROR, CS_ERROR_CONNECTION,
                               _("Timed out while connecting to the database"));
          g_clear_pointer (&self->conn, PQfinish);
          return FALSE;
        }

      rc = poll_socket (PQsocket (self->conn),
                        status == PGRES_POLLING_READING ? G_IO_IN : G_IO_OUT,
                        remaining_ms, cancellable, error);
      if (rc < 0)
        {
          g_clear_pointer (&self->conn, PQfinish);
          return FALSE;
        }
      if (rc == 0)
        continue;
      status = PQconnectPoll (self->conn);
    }

  if (PQstatus (self->conn) != CONNECTION_OK)
    goto failed;

  PQsetNoticeProcessor (self->conn, log_notice, NULL);
  return TRUE;

failed:
  {
    g_autofree char *msg = trim_message (PQerrorMessage (self->conn));
    int code = PQconnectionNeedsPassword (self->conn) ? CS_ERROR_NEEDS_PASSWORD : CS_ERROR_CONNECTION;

    g_set_error (error, CS_ERROR, code, _("Cannot connect to the database: %s"),
                 *msg ? msg : _("unknown error"));
    g_clear_pointer (&self->conn, PQfinish);
    return FALSE;
  }
}

gboolean
cs_db_connection_is_open (CsDbConnection *self)
{
  g_return_val_if_fail (CS_IS_DB_CONNECTION (self), FALSE);
  return self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK;
}

/* Reconnects when the connection is gone, backing off between attempts;
 * @max_attempts 0 means until cancelled. */
gboolean
cs_db_connection_ensure (CsDbConnection  *self,
                         guint            max_attempts,
                         GCancellable    *cancellable,
                         GError         **error)
{
  CsBackoff backoff = CS_BACKOFF_INIT (200, 10000);

  g_return_val_if_fail (CS_IS_DB_CONNECTION (self), FALSE);

  if (cs_db_connection_is_open (self))
    return TRUE;

  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      guint delay_ms;

      if (cs_db_connection_open (self, cancellable, &local_error))
        return TRUE;

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          || g_error_matches (local_error, CS_ERROR, CS_ERROR_NEEDS_PASSWORD)
          || (max_attempts > 0 && attempt >= max_attempts))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      delay_ms = cs_backoff_delay_ms (&backoff, attempt, g_random_double ());
      g_debug ("Reconnecting in %u ms: %s", delay_ms, local_error->message);
      if (poll_socket (-1, 0, (int) delay_ms, cancellable, error) < 0)
        return FALSE;
    }
}

void
cs_db_connection_close (CsDbConnection *self)
{
  g_return_if_fail (CS_IS_DB_CONNECTION (self));
  g_clear_pointer (&self->conn, PQfinish);
}

PGconn *
cs_db_connection_get_pgconn (CsDbConnection *self)
{
  g_return_val_if_fail (CS_IS_DB_CONNECTION (self), NULL);
  assert_owner (self);
  return self->conn;
}

int
cs_db_connection_get_backend_pid (CsDbConnection *self)
{
  g_return_val_if_fail (CS_IS_DB_CONNECTION (self), 0);
  return self->conn ? PQbackendPID (self->conn) : 0;
}

static gboolean
check_open (CsDbConnection  *self,
            GError         **error)
{
  assert_owner (self);
  if (self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_CONNECTION,
                           _("The connection to the database was lost"));
      return FALSE;
    }
  return TRUE;
}

PGresult *
cs_db_connection_exec (CsDbConnection      *self,
                       const char          *sql,
                       int                  n_params,
                       const char * const  *values,
                       GError             **error)
{
  PGresult *result;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (!check_open (self, error))
    return NULL;

  /* Always the extended protocol: values travel separately from the SQL text. */
  result = PQexecParams (self->conn, sql, n_params, NULL, values, NULL, NULL, 0);
  if (!cs_db_result_check (self->conn, result, error))
    {
      g_clear_pointer (&result, PQclear);
      return NULL;
    }
  return result;
}

gboolean
cs_db_connection_command (CsDbConnection      *self,
                          const char          *sql,
                          int                  n_params,
                          const char * const  *values,
                          GError             **error)
{
  g_autoptr(PGresult) result = cs_db_connection_exec (self, sql, n_params, values, error);
  return result != NULL;
}

char *
cs_db_connection_query_value (CsDbConnection      *self,
                              const char          *sql,
                              int                  n_params,
                              const char * const  *values,
                              GError             **error)
{
  g_autoptr(PGresult) result = cs_db_connection_exec (self, sql, n_params, values, error);

  if (result == NULL)
    return NULL;
  if (PQntuples (result) < 1 || PQnfields (result) < 1 || PQgetisnull (result, 0, 0))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND, _("The query returned no value"));
      return NULL;
    }
  return g_strdup (PQgetvalue (result, 0, 0));
}

gboolean
cs_db_connection_begin (CsDbConnection  *self,
                        GError         **error)
{
  return cs_db_connection_command (self, "BEGIN", 0, NULL, error);
}

gboolean
cs_db_connection_commit (CsDbConnection  *self,
                         GError         **error)
{
  return cs_db_connection_command (self, "COMMIT", 0, NULL, error);
}

void
cs_db_connection_rollback (CsDbConnection *self)
{
  g_return_if_fail (CS_IS_DB_CONNECTION (self));

  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK
      && PQtransactionStatus (self->conn) != PQTRANS_IDLE)
    {
      PGresult *result = PQexec (self->conn, "ROLLBACK");
      PQclear (result);
    }
}

gboolean
cs_db_connection_listen (CsDbConnection  *self,
                         const char      *channel,
                         GError         **error)
{
  g_autofree char *sql = NULL;
  char *quoted;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (self), FALSE);
  g_return_val_if_fail (channel != NULL, FALSE);

  if (!check_open (self, error))
    return FALSE;

  /* LISTEN takes an identifier, not a parameter; quote it properly. */
  quoted = PQescapeIdentifier (self->conn, channel, strlen (channel));
  if (quoted == NULL)
    {
      cs_db_set_error_from_result (error, self->conn, NULL);
      return FALSE;
    }
  sql = g_strdup_printf ("LISTEN %s", quoted);
  PQfreemem (quoted);

  return cs_db_connection_command (self, sql, 0, NULL, error);
}

static void
collect_notifications (CsDbConnection *self,
                       GPtrArray      *out)
{
  PGnotify *notify;

  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      CsDbNotification *n = g_new0 (CsDbNotification, 1);

      n->channel = g_strdup (notify->relname);
      n->payload = g_strdup (notify->extra);
      n->backend_pid = notify->be_pid;
      g_ptr_array_add (out, n);
      PQfreemem (notify);
    }
}

/* Waits up to @timeout_ms for notifications; returns them (possibly none) or
 * NULL with @error when cancelled or the connection failed. */
GPtrArray *
cs_db_connection_wait (CsDbConnection  *self,
                       int              timeout_ms,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_autoptr(GPtrArray) out = NULL;
  int rc;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (self), NULL);

  if (!check_open (self, error))
    return NULL;

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_db_notification_free);

  collect_notifications (self, out);
  if (out->len > 0)
    return g_steal_pointer (&out);

  rc = poll_socket (PQsocket (self->conn), G_IO_IN, timeout_ms, cancellable, error);
  if (rc < 0)
    return NULL;
  if (rc > 0 && !PQconsumeInput (self->conn))
    {
      cs_db_set_error_from_result (error, self->conn, NULL);
      g_clear_pointer (&self->conn, PQfinish);
      return NULL;
    }
  collect_notifications (self, out);
  return g_steal_pointer (&out);
}
