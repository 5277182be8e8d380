/* cs-pg-cluster.c: a private PostgreSQL server run by CivicStream itself
 *
 * The embedded default and the test fixtures both use this: initdb on first
 * use, a server listening on a Unix socket in a private directory only (no
 * TCP), trust authentication guarded by that directory's permissions.
 *
 * PostgreSQL refuses to run as root. When we are root (CI, containers) every
 * server program runs as the `postgres` system user instead, the data and
 * socket directories are handed to it, and the data directory moves to
 * /var/lib/civicstream/pg when $XDG_DATA_HOME is out of that user's reach.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/cs-error.h"
#include "cs-db-connection.h"
#include "cs-pg-cluster.h"

struct _CsPgCluster
{
  GObject   parent_instance;

  char     *data_dir;
  char     *socket_dir;
  char     *bindir;
  guint     port;
  gboolean  fast;          /* tests: no fsync */
  gboolean  started_here;  /* stop it when we are done */
  gboolean  as_postgres;   /* we are root: run the server as `postgres` */
  uid_t     run_uid;
  gid_t     run_gid;
};

G_DEFINE_TYPE (CsPgCluster, cs_pg_cluster, G_TYPE_OBJECT)

static const char *server_programs[] = { "initdb", "pg_ctl", "postgres" };

static gboolean
is_server_bindir (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (server_programs); i++)
    {
      g_autofree char *path = g_build_filename (dir, server_programs[i], NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return FALSE;
    }
  return TRUE;
}

static int
compare_versions_desc (gconstpointer a,
                       gconstpointer b)
{
  const char *sa = *(const char * const *) a;
  const char *sb = *(const char * const *) b;
  double va = g_ascii_strtod (sa, NULL);
  double vb = g_ascii_strtod (sb, NULL);

  return va < vb ? 1 : va > vb ? -1 : 0;
}

/* Looks where Debian, Flatpak and source builds put the server: PATH,
 * `pg_config --bindir`, then /usr/lib/postgresql/<newest>/bin.
 * CIVICSTREAM_PG_BINDIR, when set, is the only place looked at. */
char *
cs_pg_cluster_find_bindir (GError **error)
{
  const char *forced = g_getenv ("CIVICSTREAM_PG_BINDIR");
  g_autofree char *initdb = NULL;
  g_autofree char *pg_config = NULL;
  g_autoptr(GDir) dir = NULL;

  if (forced != NULL)
    {
      if (is_server_bindir (forced))
        return g_strdup (forced);
      g_set_error (error, CS_ERROR, CS_ERROR_MISSING_PROGRAM,
                   _("The PostgreSQL server programs (initdb, pg_ctl, postgres) are not in %s, "
                     "which CIVICSTREAM_PG_BINDIR names."), forced);
      return NULL;
    }

  if ((initdb = g_find_program_in_path ("initdb")) != NULL)
    {
      char resolved[PATH_MAX];
      if (realpath (initdb, resolved) != NULL)
        {
          g_autofree char *d = g_path_get_dirname (resolved);
          if (is_server_bindir (d))
            return g_steal_pointer (&d);
        }
    }

  if ((pg_config = g_find_program_in_path ("pg_config")) != NULL)
    {
      const char *argv[] = { pg_config, "--bindir", NULL };
      g_autofree char *out = NULL;

      if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                        &out, NULL, NULL, NULL) && out != NULL)
        {
          g_strstrip (out);
          if (is_server_bindir (out))
            return g_steal_pointer (&out);
        }
    }

  if ((dir = g_dir_open ("/usr/lib/postgresql", 0, NULL)) != NULL)
    {
      g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_ascii_isdigit (name[0]))
          g_ptr_array_add (versions, g_strdup (name));
      g_ptr_array_sort (versions, compare_versions_desc);
      for (guint i = 0; i < versions->len; i++)
        {
          g_autofree char *d = g_build_filename ("/usr/lib/postgresql", versions->pdata[i], "bin", NULL);
          if (is_server_bindir (d))
            return g_steal_pointer (&d);
        }
    }

  g_set_error_literal (error, CS_ERROR, CS_ERROR_MISSING_PROGRAM,
                       _("The PostgreSQL server programs (initdb, pg_ctl, postgres) were not found "
                         "in PATH, in “pg_config --bindir” or in /usr/lib/postgresql/*/bin. "
                         "Install PostgreSQL (on Debian: sudo apt install postgresql) "
                         "or connect to a shared database in Preferences."));
  return NULL;
}

static void
cs_pg_cluster_finalize (GObject *object)
{
  CsPgCluster *self = (CsPgCluster *)object;

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->socket_dir, g_free);
  g_clear_pointer (&self->bindir, g_free);

  G_OBJECT_CLASS (cs_pg_cluster_parent_class)->finalize (object);
}

static void
cs_pg_cluster_class_init (CsPgClusterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_pg_cluster_finalize;
}

static void
cs_pg_cluster_init (CsPgCluster *self)
{
  self->port = 5432;
}

CsPgCluster *
cs_pg_cluster_new (const char *data_dir,
                   const char *socket_dir,
                   guint       port)
{
  CsPgCluster *self;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (socket_dir != NULL, NULL);

  self = g_object_new (CS_TYPE_PG_CLUSTER, NULL);
  self->data_dir = g_canonicalize_filename (data_dir, NULL);
  self->socket_dir = g_canonicalize_filename (socket_dir, NULL);
  self->port = port ? port : 5432;
  self->as_postgres = geteuid () == 0;
  return self;
}

/* Whether @uid/@gid may traverse every directory above @path. */
static gboolean
reachable_by (const char *path,
              uid_t       uid,
              gid_t       gid)
{
  g_autofree char *dir = g_path_get_dirname (path);

  while (TRUE)
    {
      struct stat st;
      g_autofree char *parent = NULL;

      if (g_stat (dir, &st) == 0 && !S_ISDIR (st.st_mode))
        return TRUE;   /* not a place for data at all: let creating it say so */
      if (g_stat (dir, &st) == 0)
        {
          gboolean ok = (st.st_uid == uid && (st.st_mode & S_IXUSR))
                        || (st.st_gid == gid && (st.st_mode & S_IXGRP))
                        || (st.st_mode & S_IXOTH);
          if (!ok)
            return FALSE;
        }
      parent = g_path_get_dirname (dir);
      if (g_str_equal (parent, dir))
        return TRUE;
      g_free (dir);
      dir = g_steal_pointer (&parent);
    }
}

/* Like g_get_user_*_dir (), but read each time: GLib caches those, and
 * tests (and the CLI's callers) change the environment between uses. */
static const char *
xdg_dir (const char  *variable,
         const char *(*fallback) (void))
{
  const char *value = g_getenv (variable);
  return value != NULL && g_path_is_absolute (value) ? value : fallback ();
}

CsPgCluster *
cs_pg_cluster_new_default (GError **error)
{
  g_autofree char *data_dir = g_build_filename (xdg_dir ("XDG_DATA_HOME", g_get_user_data_dir),
                                                "civicstream", "pg", NULL);
  g_autofree char *socket_dir = NULL;

  if (geteuid () == 0)
    {
      struct passwd *pw = getpwnam ("postgres");

      if (pw == NULL)
        {
          g_set_error_literal (error, CS_ERROR, CS_ERROR_PERMISSION,
                               _("CivicStream runs as root, and PostgreSQL refuses to: it needs the "
                                 "“postgres” system user to run its server as. Install the postgresql "
                                 "package, or run CivicStream as a regular user."));
          return NULL;
        }
      if (!reachable_by (data_dir, pw->pw_uid, pw->pw_gid))
        {
          g_free (data_dir);
          data_dir = g_strdup ("/var/lib/civicstream/pg");
        }
      /* The postgres user cannot enter root's runtime directory; one socket
       * directory per data directory keeps two clusters from colliding. */
      {
        g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data_dir, -1);
        socket_dir = g_strdup_printf ("/tmp/civicstream-pg-%.12s", digest);
      }
    }
  else
    socket_dir = g_build_filename (xdg_dir ("XDG_RUNTIME_DIR", g_get_user_runtime_dir), "civicstream", NULL);

  return cs_pg_cluster_new (data_dir, socket_dir, 5432);
}

const char *
cs_pg_cluster_get_data_dir (CsPgCluster *self)
{
  g_return_val_if_fail (CS_IS_PG_CLUSTER (self), NULL);
  return self->data_dir;
}

const char *
cs_pg_cluster_get_socket_dir (CsPgCluster *self)
{
  g_return_val_if_fail (CS_IS_PG_CLUSTER (self), NULL);
  return self->socket_dir;
}

guint
cs_pg_cluster_get_port (CsPgCluster *self)
{
  g_return_val_if_fail (CS_IS_PG_CLUSTER (self), 0);
  return self->port;
}

const char *
cs_pg_cluster_get_bindir (CsPgCluster *self)
{
  g_return_val_if_fail (CS_IS_PG_CLUSTER (self), NULL);
  return self->bindir;
}

void
cs_pg_cluster_set_fast (CsPgCluster *self,
                        gboolean     fast)
{
  g_return_if_fail (CS_IS_PG_CLUSTER (self));
  self->fast = !!fast;
}

gboolean
cs_pg_cluster_get_started_here (CsPgCluster *self)
{
  g_return_val_if_fail (CS_IS_PG_CLUSTER (self), FALSE);
  return self->started_here;
}

static gboolean
ensure_bindir (CsPgCluster  *self,
               GError      **error)
{
  if (self->bindir == NULL)
    self->bindir = cs_pg_cluster_find_bindir (error);
  if (self->bindir == NULL)
    return FALSE;

  if (self->as_postgres && self->run_uid == 0)
    {
      struct passwd *pw = getpwnam ("postgres");
      if (pw == NULL)
        {
          g_set_error_literal (error, CS_ERROR, CS_ERROR_PERMISSION,
                               _("Running as root needs the “postgres” system user to run the "
                                 "database server as; it does not exist."));
          return FALSE;
        }
      self->run_uid = pw->pw_uid;
      self->run_gid = pw->pw_gid;
    }
  return TRUE;
}

/* Runs after fork, before exec: only async-signal-safe calls here. */
static void
drop_privileges (gpointer data)
{
  CsPgCluster *self = data;

  if (setgroups (0, NULL) != 0 || setgid (self->run_gid) != 0 || setuid (self->run_uid) != 0)
    _exit (126);
}

/* Runs one of the server programs, as `postgres` when we are root, and
 * returns its exit status; output goes to @output. */
static gboolean
run_program (CsPgCluster   *self,
             const char    *program,
             const char   **args,
             int           *exit_status,
             char         **output,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;

  g_ptr_array_add (argv, g_build_filename (self->bindir, program, NULL));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_cwd (launcher, "/");
  g_subprocess_launcher_unsetenv (launcher, "PGDATA");
  g_subprocess_launcher_setenv (launcher, "LC_MESSAGES", "C", TRUE);
  if (self->as_postgres)
    g_subprocess_launcher_set_child_setup (launcher, drop_privileges, self, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (process == NULL)
    return FALSE;
  if (!g_subprocess_communicate_utf8 (process, NULL, cancellable, &out, NULL, error))
    {
      g_subprocess_force_exit (process);
      return FALSE;
    }

  *exit_status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  if (output != NULL)
    *output = g_steal_pointer (&out);
  return TRUE;
}

static gboolean
hand_over (CsPgCluster  *self,
           const char   *path,
           GError      **error)
{
  if (g_chmod (path, 0700) != 0
      || (self->as_postgres && chown (path, self->run_uid, self->run_gid) != 0))
    {
      int errsv = errno;
      g_set_error (error, CS_ERROR, CS_ERROR_PERMISSION,
                   _("Cannot prepare the directory %s for the database server: %s"),
                   path, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

static gboolean
make_private_dir (CsPgCluster  *self,
                  const char   *path,
                  const char   *what,
                  GError      **error)
{
  g_autofree char *parent = g_path_get_dirname (path);

  /* Parents stay traversable: the server may run as another user than us. */
  if (g_mkdir_with_parents (parent, 0755) != 0 || g_mkdir_with_parents (path, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, CS_ERROR, CS_ERROR_PERMISSION,
                   _("Cannot create the %s %s: %s. Make it writable, set XDG_DATA_HOME to a "
                     "writable place, or connect to a shared database in Preferences."),
                   what, path, g_strerror (errsv));
      return FALSE;
    }
  if (g_access (path, W_OK) != 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PERMISSION,
                   _("The %s %s is not writable. Make it writable, set XDG_DATA_HOME to a "
                     "writable place, or connect to a shared database in Preferences."),
                   what, path);
      return FALSE;
    }
  return hand_over (self, path, error);
}

static char *
conf_quote (const char *value)
{
  g_autoptr(GString) s = g_string_new ("'");
  for (const char *p = value; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (s, *p);
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '\'');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Settings we own live in their own file, rewritten at every start, so the
 * socket directory and port can change without touching the user's config. */
static gboolean
write_settings (CsPgCluster  *self,
                GError      **error)
{
  g_autofree char *path = g_build_filename (self->data_dir, "civicstream.conf", NULL);
  g_autofree char *socket = conf_quote (self->socket_dir);
  g_autoptr(GString) conf = g_string_new ("# Written by CivicStream at every start; edit postgresql.conf instead.\n");

  g_string_append (conf, "listen_addresses = ''\n");
  g_string_append_printf (conf, "unix_socket_directories = %s\n", socket);
  g_string_append (conf, "unix_socket_permissions = 0700\n");
  g_string_append_printf (conf, "port = %u\n", self->port);
  g_string_append (conf, "max_connections = 200\n");
  if (self->fast)
    g_string_append (conf, "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");

  if (!g_file_set_contents (path, conf->str, conf->len, error))
    return FALSE;
  if (self->as_postgres && chown (path, self->run_uid, self->run_gid) != 0)
    {
      int errsv = errno;
      g_set_error (error, CS_ERROR, CS_ERROR_PERMISSION, "chown %s: %s", path, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

static char *
tail_lines (const char *text,
            guint       n)
{
  const char *end;
  const char *p;

  if (text == NULL)
    return g_strdup ("");
  end = text + strlen (text);
  while (end > text && g_ascii_isspace (end[-1]))
    end--;
  p = end;
  while (p > text && n > 0)
    {
      p--;
      if (*p == '\n')
        n--;
    }
  if (*p == '\n')
    p++;
  return g_strndup (p, end - p);
}

gboolean
cs_pg_cluster_ensure_initialized (CsPgCluster   *self,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autofree char *version_file = NULL;
  g_autofree char *conf_file = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *output = NULL;
  g_autofree char *with_include = NULL;
  int status = 0;
  const char *args[] = {
    "-D", self->data_dir, "-U", CS_PG_CLUSTER_SUPERUSER, "-A", "trust",
    "-E", "UTF8", "--no-locale", "--no-instructions", NULL, NULL,
  };

  g_return_val_if_fail (CS_IS_PG_CLUSTER (self), FALSE);

  if (!ensure_bindir (self, error))
    return FALSE;

  version_file = g_build_filename (self->data_dir, "PG_VERSION", NULL);
  if (g_file_test (version_file, G_FILE_TEST_EXISTS))
    return TRUE;

  if (!make_private_dir (self, self->data_dir, _("database directory"), error))
    return FALSE;

  if (self->fast)
    args[G_N_ELEMENTS (args) - 2] = "--no-sync";

  if (!run_program (self, "initdb", args, &status, &output, cancellable, error))
    return FALSE;
  if (status != 0)
    {
      g_autofree char *tail = tail_lines (output, 6);
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED,
                   _("Creating the database in %s failed (initdb exited with %d):\n%s"),
                   self->data_dir, status, tail);
      return FALSE;
    }

  conf_file = g_build_filename (self->data_dir, "postgresql.conf", NULL);
  if (!g_file_get_contents (conf_file, &conf, NULL, error))
    return FALSE;
  with_include = g_strconcat (conf, "\ninclude_if_exists = 'civicstream.conf'\n", NULL);
  return g_file_set_contents (conf_file, with_include, -1, error)
         && (!self->as_postgres || chown (conf_file, self->run_uid, self->run_gid) == 0);
}

gboolean
cs_pg_cluster_is_running (CsPgCluster *self)
{
  const char *args[] = { "status", "-D", NULL, NULL };
  int status = -1;

  g_return_val_if_fail (CS_IS_PG_CLUSTER (self), FALSE);

  if (!ensure_bindir (self, NULL))
    return FALSE;
  args[2] = self->data_dir;
  if (!run_program (self, "pg_ctl", args, &status, NULL, NULL, NULL))
    return FALSE;
  return status == 0;
}

gboolean
cs_pg_cluster_start (CsPgCluster   *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *log_file = NULL;
  g_autofree char *output = NULL;
  int status = 0;

  g_return_val_if_fail (CS_IS_PG_CLUSTER (self), FALSE);

  if (!cs_pg_cluster_ensure_initialized (self, cancellable, error))
    return FALSE;

  /* Another CivicStream process (the CLI beside the app) may run it already. */
  if (cs_pg_cluster_is_running (self))
    return TRUE;

  if (!make_private_dir (self, self->socket_dir, _("database socket directory"), error)
      || !write_settings (self, error))
    return FALSE;

  log_file = g_build_filename (self->data_dir, "civicstream-server.log", NULL);
  {
    const char *args[] = { "start", "-D", self->data_dir, "-w", "-t", "60", "-l", log_file, NULL };
    if (!run_program (self, "pg_ctl", args, &status, &output, cancellable, error))
      return FALSE;
  }
  if (status != 0)
    {
      g_autofree char *log = NULL;
      g_autofree char *tail = NULL;

      g_file_get_contents (log_file, &log, NULL, NULL);
      tail = tail_lines (log ? log : output, 6);
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED,
                   _("The database server in %s did not start (pg_ctl exited with %d):\n%s"),
                   self->data_dir, status, tail);
      return FALSE;
    }

  self->started_here = TRUE;
  return TRUE;
}

gboolean
cs_pg_cluster_stop (CsPgCluster  *self,
                    GError      **error)
{
  const char *args[] = { "stop", "-D", NULL, "-m", "fast", "-w", "-t", "60", NULL };
  g_autofree char *output = NULL;
  int status = 0;

  g_return_val_if_fail (CS_IS_PG_CLUSTER (self), FALSE);

  if (!ensure_bindir (self, error))
    return FALSE;
  args[2] = self->data_dir;
  if (!run_program (self, "pg_ctl", args, &status, &output, NULL, error))
    return FALSE;
  self->started_here = FALSE;
  if (status != 0 && cs_pg_cluster_is_running (self))
    {
      g_autofree char *tail = tail_lines (output, 4);
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED,
                   _("The database server did not stop:\n%s"), tail);
      return FALSE;
    }
  return TRUE;
}

static void
append_conninfo_value (GString    *s,
                       const char *key,
                       const char *value)
{
  g_string_append_printf (s, "%s%s='", s->len ? " " : "", key);
  for (const char *p = value; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '\'');
}

char *
cs_pg_cluster_get_conninfo (CsPgCluster *self,
                            const char  *dbname,
                            const char  *user)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *port = NULL;

  g_return_val_if_fail (CS_IS_PG_CLUSTER (self), NULL);

  port = g_strdup_printf ("%u", self->port);
  append_conninfo_value (s, "host", self->socket_dir);
  append_conninfo_value (s, "port", port);
  append_conninfo_value (s, "dbname", dbname ? dbname : "postgres");
  append_conninfo_value (s, "user", user ? user : CS_PG_CLUSTER_SUPERUSER);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

gboolean
cs_pg_cluster_ensure_database (CsPgCluster   *self,
                               const char    *dbname,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autofree char *conninfo = NULL;
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { dbname };

  g_return_val_if_fail (CS_IS_PG_CLUSTER (self), FALSE);
  g_return_val_if_fail (dbname != NULL, FALSE);

  conninfo = cs_pg_cluster_get_conninfo (self, "postgres", NULL);
  conn = cs_db_connection_new (conninfo, NULL);
  if (!cs_db_connection_open (conn, cancellable, error))
    return FALSE;

  result = cs_db_connection_exec (conn, "SELECT 1 FROM pg_database WHERE datname = $1", 1, params, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    {
      char *ident = PQescapeIdentifier (cs_db_connection_get_pgconn (conn), dbname, strlen (dbname));
      g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", ident);

      PQfreemem (ident);
      if (!cs_db_connection_command (conn, sql, 0, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
      {
        g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));
        if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
          remove_tree (child);
        else
          g_file_delete (child, NULL, NULL);
        g_object_unref (info);
      }
  return g_file_delete (file, NULL, NULL);
}

/* Deletes the data and socket directories; for throwaway clusters. */
void
cs_pg_cluster_remove_files (CsPgCluster *self)
{
  g_autoptr(GFile) data = NULL;
  g_autoptr(GFile) socket = NULL;

  g_return_if_fail (CS_IS_PG_CLUSTER (self));

  data = g_file_new_for_path (self->data_dir);
  socket = g_file_new_for_path (self->socket_dir);
  remove_tree (data);
  remove_tree (socket);
}
