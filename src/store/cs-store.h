/* cs-store.h: the application's handle on its database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-change-listener.h"
#include "cs-database-config.h"
#include "cs-db-connection.h"
#include "cs-pg-cluster.h"

G_BEGIN_DECLS

typedef enum
{
  CS_STORE_CLOSED,
  CS_STORE_CONNECTING,
  CS_STORE_CONNECTED,
  CS_STORE_NEEDS_PASSWORD,
  CS_STORE_FAILED,
} CsStoreState;

/* Runs on a query thread with that thread's own connection. */
typedef gpointer (*CsStoreFunc) (CsDbConnection  *conn,
                                 gpointer         data,
                                 GCancellable    *cancellable,
                                 GError         **error);

#define CS_TYPE_STORE (cs_store_get_type ())

G_DECLARE_FINAL_TYPE (CsStore, cs_store, CS, STORE, GObject)

CsStore          *cs_store_new                  (CsDatabaseConfig     *config);
CsDatabaseConfig *cs_store_get_config           (CsStore              *self);
CsStoreState      cs_store_get_state            (CsStore              *self);
const char       *cs_store_get_error_message    (CsStore              *self);
const char       *cs_store_get_progress         (CsStore              *self);
char             *cs_store_describe             (CsStore              *self);
gboolean          cs_store_is_embedded          (CsStore              *self);

/* Who is signed in (valid once connected). */
const char       *cs_store_get_login            (CsStore              *self);
const char       *cs_store_get_display_name     (CsStore              *self);
const char       *cs_store_get_app_role         (CsStore              *self);
const char       *cs_store_get_tenant_id        (CsStore              *self);
const char       *cs_store_get_tenant_name      (CsStore              *self);
const char       *cs_store_get_agency_name      (CsStore              *self);
gboolean          cs_store_get_is_owner         (CsStore              *self);
gboolean          cs_store_has_role             (CsStore              *self,
                                                 const char           *role);

gboolean          cs_store_open                 (CsStore              *self,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
void              cs_store_open_async           (CsStore              *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean          cs_store_open_finish          (CsStore              *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
void              cs_store_set_password         (CsStore              *self,
                                                 const char           *password,
                                                 gboolean              remember);
gboolean          cs_store_has_pending_password (CsStore              *self);
void              cs_store_close                (CsStore              *self);
void              cs_store_fail                 (CsStore              *self,
                                                 const char           *message);
const char       *cs_store_get_conninfo         (CsStore              *self);
const char       *cs_store_get_password         (CsStore              *self);

/* Changes of the session's tenant as the database announces them (see
 * cs-change-listener.h); NULL unless connected. */
CsChangeListener *cs_store_get_changes          (CsStore              *self);

/* New, unopened connections for threads that will own them. */
CsDbConnection   *cs_store_new_connection       (CsStore              *self);
CsDbConnection   *cs_store_new_owner_connection (CsStore              *self);

void              cs_store_run_async            (CsStore              *self,
                                                 CsStoreFunc           func,
                                                 gpointer              data,
                                                 GDestroyNotify        data_destroy,
                                                 GDestroyNotify        result_destroy,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gpointer          cs_store_run_finish           (CsStore              *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

char             *cs_store_local_login_name     (void);
gboolean          cs_store_ensure_local_user    (CsDbConnection       *owner,
                                                 const char           *login,
                                                 GError              **error);

G_END_DECLS
