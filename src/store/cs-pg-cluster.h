/* cs-pg-cluster.h: a private PostgreSQL server run by CivicStream itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CS_TYPE_PG_CLUSTER (cs_pg_cluster_get_type ())

G_DECLARE_FINAL_TYPE (CsPgCluster, cs_pg_cluster, CS, PG_CLUSTER, GObject)

/* The superuser initdb creates; migrations run as this role. */
#define CS_PG_CLUSTER_SUPERUSER "civicstream"

char        *cs_pg_cluster_find_bindir       (GError       **error);

CsPgCluster *cs_pg_cluster_new               (const char    *data_dir,
                                              const char    *socket_dir,
                                              guint          port);
CsPgCluster *cs_pg_cluster_new_default       (GError       **error);
const char  *cs_pg_cluster_get_data_dir      (CsPgCluster   *self);
const char  *cs_pg_cluster_get_socket_dir    (CsPgCluster   *self);
guint        cs_pg_cluster_get_port          (CsPgCluster   *self);
const char  *cs_pg_cluster_get_bindir        (CsPgCluster   *self);
void         cs_pg_cluster_set_fast          (CsPgCluster   *self,
                                              gboolean       fast);
gboolean     cs_pg_cluster_get_started_here  (CsPgCluster   *self);

gboolean     cs_pg_cluster_ensure_initialized (CsPgCluster  *self,
                                              GCancellable  *cancellable,
                                              GError       **error);
gboolean     cs_pg_cluster_is_running        (CsPgCluster   *self);
gboolean     cs_pg_cluster_start             (CsPgCluster   *self,
                                              GCancellable  *cancellable,
                                              GError       **error);
gboolean     cs_pg_cluster_stop              (CsPgCluster   *self,
                                              GError       **error);
gboolean     cs_pg_cluster_ensure_database   (CsPgCluster   *self,
                                              const char    *dbname,
                                              GCancellable  *cancellable,
                                              GError       **error);
char        *cs_pg_cluster_get_conninfo      (CsPgCluster   *self,
                                              const char    *dbname,
                                              const char    *user);
void         cs_pg_cluster_remove_files      (CsPgCluster   *self);

G_END_DECLS
