/* cs-test-cluster.h: a throwaway PostgreSQL cluster for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "store/cs-db-connection.h"
#include "store/cs-pg-cluster.h"

G_BEGIN_DECLS

/* Starts (once per test program) a private cluster in a temporary directory,
 * listening on a Unix socket only; it is stopped and deleted at exit. */
CsPgCluster    *cs_test_cluster_get              (void);
/* A fresh database, with CivicStream's migrations applied when @migrate. */
char           *cs_test_cluster_create_database  (gboolean     migrate);
char           *cs_test_cluster_conninfo         (const char  *dbname,
                                                  const char  *user);
char           *cs_test_cluster_url              (const char  *dbname,
                                                  const char  *user);
/* An open connection; the test fails if it cannot connect. */
CsDbConnection *cs_test_cluster_connect          (const char  *dbname,
                                                  const char  *user);
/* Adds a tenant and returns its id. */
char           *cs_test_add_tenant               (CsDbConnection *owner,
                                                  const char     *slug);
/* Adds a CivicStream user (login role) of @tenant_id with @role. */
void            cs_test_add_user                 (CsDbConnection *owner,
                                                  const char     *login,
                                                  const char     *tenant_id,
                                                  const char     *role);
/* A temporary directory removed at exit. */
char           *cs_test_make_temp_dir            (void);

G_END_DECLS
