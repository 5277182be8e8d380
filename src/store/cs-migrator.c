/* cs-migrator.c: numbered SQL migrations, applied in order, once
 *
 * Each file runs in its own transaction, statement by statement, so that a
 * failure rolls the file back completely and names the line that failed.
 * An advisory lock keeps two desktops that start at once from migrating
 * the same shared database together.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "core/cs-init.h"
#include "core/cs-sql-script.h"
#include "cs-migrator.h"

#define MIGRATION_LOCK_KEY "7261736974"  /* any constant shared by every CivicStream */

struct _CsMigrator
{
  GObject  parent_instance;

  char    *directory;  /* NULL: the migrations compiled into the resources */
};

G_DEFINE_TYPE (CsMigrator, cs_migrator, G_TYPE_OBJECT)

void
cs_migration_free (CsMigration *migration)
{
  if (migration == NULL)
    return;
  g_free (migration->name);
  g_free (migration->sql);
  g_free (migration->checksum);
  g_free (migration->applied_at);
  g_free (migration);
}

static void
cs_migrator_finalize (GObject *object)
{
  CsMigrator *self = (CsMigrator *)object;

  g_clear_pointer (&self->directory, g_free);

  G_OBJECT_CLASS (cs_migrator_parent_class)->finalize (object);
}

static void
cs_migrator_class_init (CsMigratorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_migrator_finalize;
}

static void
cs_migrator_init (CsMigrator *self)
{
}

CsMigrator *
cs_migrator_new (void)
{
  return g_object_new (CS_TYPE_MIGRATOR, NULL);
}

CsMigrator *
cs_migrator_new_for_directory (const char *path)
{
  CsMigrator *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (CS_TYPE_MIGRATOR, NULL);
  self->directory = g_strdup (path);
  return self;
}

static int
compare_migrations (gconstpointer a,
                    gconstpointer b)
{
  const CsMigration *ma = *(const CsMigration * const *) a;
  const CsMigration *mb = *(const CsMigration * const *) b;

  return ma->version < mb->version ? -1 : ma->version > mb->version;
}

static gboolean
add_migration (GPtrArray   *list,
               const char  *name,
               GBytes      *bytes,
               GError     **error)
{
  g_autoptr(CsMigration) migration = NULL;
  const char *data;
  gsize len;
  char *end = NULL;
  guint64 version;

  if (!g_str_has_suffix (name, ".sql"))
    return TRUE;

  version = g_ascii_strtoull (name, &end, 10);
  if (end == name || *end != '_' || version == 0 || version > G_MAXUINT)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MIGRATION,
                   _("Migration file %s is not named NNNN_description.sql"), name);
      return FALSE;
    }

  data = g_bytes_get_data (bytes, &len);
  if (!g_utf8_validate (data, len, NULL))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MIGRATION, _("Migration file %s is not UTF-8"), name);
      return FALSE;
    }

  migration = g_new0 (CsMigration, 1);
  migration->version = (guint) version;
  migration->name = g_strdup (name);
  migration->sql = g_strndup (data, len);
  migration->checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);

  for (guint i = 0; i < list->len; i++)
    {
      CsMigration *other = g_ptr_array_index (list, i);
      if (other->version == migration->version)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_MIGRATION,
                       _("Migrations %s and %s have the same number"), other->name, name);
          return FALSE;
        }
    }

  g_ptr_array_add (list, g_steal_pointer (&migration));
  return TRUE;
}

GPtrArray *
cs_migrator_list (CsMigrator  *self,
                  GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_migration_free);

  g_return_val_if_fail (CS_IS_MIGRATOR (self), NULL);

  if (self->directory != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (self->directory, 0, error);
      const char *name;

      if (dir == NULL)
        return NULL;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (self->directory, name, NULL);
          g_autofree char *contents = NULL;
          g_autoptr(GBytes) bytes = NULL;
          gsize len;

          if (!g_str_has_suffix (name, ".sql"))
            continue;
          if (!g_file_get_contents (path, &contents, &len, error))
            return NULL;
          bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
          if (!add_migration (list, name, bytes, error))
            return NULL;
        }
    }
  else
    {
      g_auto(GStrv) names = NULL;

      cs_init ();
      names = g_resources_enumerate_children (RESOURCE_BASE "/sql", 0, error);
      if (names == NULL)
        return NULL;
      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autofree char *path = g_strconcat (RESOURCE_BASE "/sql/", names[i], NULL);
          g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, error);

          if (bytes == NULL || !add_migration (list, names[i], bytes, error))
            return NULL;
        }
    }

  g_ptr_array_sort (list, compare_migrations);
  return g_steal_pointer (&list);
}

static gboolean
ensure_table (CsDbConnection  *conn,
              GError         **error)
{
  return cs_db_connection_command (conn,
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "  version    integer PRIMARY KEY,"
    "  name       text NOT NULL,"
    "  checksum   text NOT NULL,"
    "  applied_at timestamptz NOT NULL DEFAULT now(),"
    "  applied_by name NOT NULL DEFAULT current_user)",
    0, NULL, error);
}

/* Returns version → (checksum, applied_at) of what the database has applied. */
static GHashTable *
load_applied (CsDbConnection  *conn,
              GError         **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GHashTable) applied = NULL;
  g_autofree char *exists = NULL;

  applied = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_strfreev);

  exists = cs_db_connection_query_value (conn, "SELECT to_regclass('schema_migrations') IS NOT NULL",
                                         0, NULL, error);
  if (exists == NULL)
    return NULL;
  if (g_str_equal (exists, "f"))
    return g_steal_pointer (&applied);

  result = cs_db_connection_exec (conn,
                                  "SELECT version, checksum, to_char(applied_at, 'YYYY-MM-DD HH24:MI:SS TZH') "
                                  "FROM schema_migrations ORDER BY version",
                                  0, NULL, error);
  if (result == NULL)
    return NULL;

  for (int row = 0; row < PQntuples (result); row++)
    {
      char **info = g_new0 (char *, 3);
      info[0] = g_strdup (PQgetvalue (result, row, 1));
      info[1] = g_strdup (PQgetvalue (result, row, 2));
      g_hash_table_insert (applied, GUINT_TO_POINTER ((guint) atoi (PQgetvalue (result, row, 0))), info);
    }
  return g_steal_pointer (&applied);
}

GPtrArray *
cs_migrator_status (CsMigrator      *self,
                    CsDbConnection  *conn,
                    GError         **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GHashTable) applied = NULL;

  g_return_val_if_fail (CS_IS_MIGRATOR (self), NULL);
  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), NULL);

  if (!(list = cs_migrator_list (self, error)) || !(applied = load_applied (conn, error)))
    return NULL;

  for (guint i = 0; i < list->len; i++)
    {
      CsMigration *m = g_ptr_array_index (list, i);
      char **info = g_hash_table_lookup (applied, GUINT_TO_POINTER (m->version));

      if (info != NULL)
        {
          m->applied = TRUE;
          m->applied_at = g_strdup (info[1]);
          m->changed = !g_str_equal (info[0], m->checksum);
        }
    }
  return g_steal_pointer (&list);
}

/* Converts the 1-based character position PostgreSQL reports within
 * @statement into a line offset. */
static guint
lines_before_position (const char *statement,
                       const char *position)
{
  long chars = position ? strtol (position, NULL, 10) : 0;
  const char *p = statement;
  guint lines = 0;

  for (long i = 1; i < chars && *p; i++, p = g_utf8_next_char (p))
    if (*p == '\n')
      lines++;
  return lines;
}

static gboolean
apply_one (CsDbConnection  *conn,
           CsMigration     *migration,
           GError         **error)
{
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *version = g_strdup_printf ("%u", migration->version);
  g_autofree char *already = NULL;
  const char *params[] = { version, migration->name, migration->checksum };

  statements = cs_sql_script_split (migration->sql, &local_error);
  if (statements == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MIGRATION, _("Migration %s: %s"),
                   migration->name, local_error->message);
      return FALSE;
    }

  if (!cs_db_connection_begin (conn, error))
    return FALSE;

  /* Someone else may have applied it while we waited for the lock. */
  already = cs_db_connection_query_value (conn, "SELECT count(*) FROM schema_migrations WHERE version = $1::int",
                                          1, params, error);
  if (already == NULL)
    goto rollback;
  if (!g_str_equal (already, "0"))
    return cs_db_connection_commit (conn, error);

  for (guint i = 0; i < statements->len; i++)
    {
      CsSqlStatement *st = g_ptr_array_index (statements, i);
      PGresult *result = PQexecParams (cs_db_connection_get_pgconn (conn), st->text, 0,
                                       NULL, NULL, NULL, NULL, 0);

      if (!cs_db_result_check (cs_db_connection_get_pgconn (conn), result, &local_error))
        {
          const char *position = result ? PQresultErrorField (result, PG_DIAG_STATEMENT_POSITION) : NULL;
          guint line = st->line + lines_before_position (st->text, position);

          g_set_error (error, CS_ERROR, CS_ERROR_MIGRATION,
                       _("Migration %s failed at line %u: %s"),
                       migration->name, line, local_error->message);
          PQclear (result);
          goto rollback;
        }
      PQclear (result);
    }

  if (!cs_db_connection_command (conn,
                                 "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1::int, $2, $3)",
                                 3, params, error))
    goto rollback;

  return cs_db_connection_commit (conn, error);

rollback:
  cs_db_connection_rollback (conn);
  return FALSE;
}

gboolean
cs_migrator_apply (CsMigrator      *self,
                   CsDbConnection  *conn,
                   GCancellable    *cancellable,
                   guint           *n_applied,
                   GError         **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GHashTable) applied = NULL;
  gboolean ok = TRUE;
  guint count = 0;

  g_return_val_if_fail (CS_IS_MIGRATOR (self), FALSE);
  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), FALSE);

  if (n_applied != NULL)
    *n_applied = 0;

  if (!(list = cs_migrator_list (self, error)))
    return FALSE;

  if (!cs_db_connection_command (conn, "SELECT pg_advisory_lock (" MIGRATION_LOCK_KEY ")", 0, NULL, error))
    return FALSE;

  if (!ensure_table (conn, error) || !(applied = load_applied (conn, error)))
    ok = FALSE;

  for (guint i = 0; ok && i < list->len; i++)
    {
      CsMigration *m = g_ptr_array_index (list, i);

      if (g_hash_table_contains (applied, GUINT_TO_POINTER (m->version)))
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      else if (!apply_one (conn, m, error))
        ok = FALSE;
      else
        count++;
    }

  /* Unlock even after a failure; a lost connection has released it already. */
  if (cs_db_connection_is_open (conn))
    cs_db_connection_command (conn, "SELECT pg_advisory_unlock (" MIGRATION_LOCK_KEY ")", 0, NULL, NULL);

  if (n_applied != NULL)
    *n_applied = count;
  return ok;
}
