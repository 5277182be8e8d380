/* cs-migrator.h: numbered SQL migrations, applied in order, once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-db-connection.h"

G_BEGIN_DECLS

typedef struct
{
  guint     version;
  char     *name;        /* file name, e.g. "0001_foundation.sql" */
  char     *sql;
  char     *checksum;    /* SHA-256 of the file */
  /* filled by cs_migrator_status () */
  gboolean  applied;
  char     *applied_at;
  gboolean  changed;     /* applied, but the file differs now */
} CsMigration;

void cs_migration_free (CsMigration *migration);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsMigration, cs_migration_free)

#define CS_TYPE_MIGRATOR (cs_migrator_get_type ())

G_DECLARE_FINAL_TYPE (CsMigrator, cs_migrator, CS, MIGRATOR, GObject)

CsMigrator *cs_migrator_new                (void);
CsMigrator *cs_migrator_new_for_directory  (const char      *path);
GPtrArray  *cs_migrator_list               (CsMigrator      *self,
                                            GError         **error);
GPtrArray  *cs_migrator_status             (CsMigrator      *self,
                                            CsDbConnection  *conn,
                                            GError         **error);
gboolean    cs_migrator_apply              (CsMigrator      *self,
                                            CsDbConnection  *conn,
                                            GCancellable    *cancellable,
                                            guint           *n_applied,
                                            GError         **error);

G_END_DECLS
