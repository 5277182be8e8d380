/* cs-db-connection.h: one PostgreSQL connection, owned by one thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

#define CS_TYPE_DB_CONNECTION (cs_db_connection_get_type ())

/* Errors the server reports carry their SQLSTATE, encoded in the error code;
 * failures to reach the server are CS_ERROR_CONNECTION. */
#define CS_SQLSTATE_ERROR (cs_sqlstate_error_quark ())
GQuark cs_sqlstate_error_quark (void);

G_DECLARE_FINAL_TYPE (CsDbConnection, cs_db_connection, CS, DB_CONNECTION, GObject)

typedef struct
{
  char *channel;
  char *payload;
  int   backend_pid;
} CsDbNotification;

void              cs_db_notification_free        (CsDbNotification *notification);

CsDbConnection   *cs_db_connection_new           (const char      *conninfo,
                                                  const char      *password);
const char       *cs_db_connection_get_conninfo  (CsDbConnection  *self);
void              cs_db_connection_set_application_name (CsDbConnection *self,
                                                  const char      *name);
gboolean          cs_db_connection_open          (CsDbConnection  *self,
                                                  GCancellable    *cancellable,
                                                  GError         **error);
gboolean          cs_db_connection_ensure        (CsDbConnection  *self,
                                                  guint            max_attempts,
                                                  GCancellable    *cancellable,
                                                  GError         **error);
void              cs_db_connection_close         (CsDbConnection  *self);
gboolean          cs_db_connection_is_open       (CsDbConnection  *self);
PGconn           *cs_db_connection_get_pgconn    (CsDbConnection  *self);
int               cs_db_connection_get_backend_pid (CsDbConnection *self);

PGresult         *cs_db_connection_exec          (CsDbConnection  *self,
                                                  const char      *sql,
                                                  int              n_params,
                                                  const char * const *values,
                                                  GError         **error);
gboolean          cs_db_connection_command       (CsDbConnection  *self,
                                                  const char      *sql,
                                                  int              n_params,
                                                  const char * const *values,
                                                  GError         **error);
char             *cs_db_connection_query_value   (CsDbConnection  *self,
                                                  const char      *sql,
                                                  int              n_params,
                                                  const char * const *values,
                                                  GError         **error);
gboolean          cs_db_connection_begin         (CsDbConnection  *self,
                                                  GError         **error);
gboolean          cs_db_connection_commit        (CsDbConnection  *self,
                                                  GError         **error);
void              cs_db_connection_rollback      (CsDbConnection  *self);

gboolean          cs_db_connection_listen        (CsDbConnection  *self,
                                                  const char      *channel,
                                                  GError         **error);
GPtrArray        *cs_db_connection_wait          (CsDbConnection  *self,
                                                  int              timeout_ms,
                                                  GCancellable    *cancellable,
                                                  GError         **error);

gboolean          cs_db_result_check             (PGconn          *conn,
                                                  PGresult        *result,
                                                  GError         **error);
void              cs_db_set_error_from_result    (GError         **error,
                                                  PGconn          *conn,
                                                  PGresult        *result);
gboolean          cs_db_error_has_sqlstate       (const GError    *error,
                                                  const char      *sqlstate);
gboolean          cs_db_error_is_connection      (const GError    *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsDbNotification, cs_db_notification_free)

G_END_DECLS
