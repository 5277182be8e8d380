/* cs-cli.c: civicstream-cli, the headless side of CivicStream
 *
 * `civicstream-cli [--database URL] COMMAND [ARGS…]`. Administrative
 * commands connect as the schema owner: the embedded database's superuser
 * (starting the private server for the command's duration when needed) or
 * whoever the URL names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "store/cs-database-config.h"
#include "cs-cli.h"

#include "store/cs-store.h"

#define EMBEDDED_DBNAME "civicstream"

struct _CsCli
{
  const char  *prgname;
  char        *option_database;
  char        *option_tenant;
  gboolean     option_version;
  CsPgCluster *cluster;   /* started by this command: stopped at exit */
};

static const CsCliCommand commands[] = {
  { "serve", N_("Run headless: the engine's workers and the HTTP APIs"), cs_cli_serve },
  { "db", N_("Create, update and inspect the database (init, migrate, status)"), cs_cli_db },
  { "user", N_("Add, list and remove users and their roles"), cs_cli_user },
  { "tenant", N_("Add and list tenants (governments sharing one database)"), cs_cli_tenant },
  { "agency", N_("Add and list agencies of a tenant"), cs_cli_agency },
  { "workflow", N_("List, import, export and validate workflow definitions"), cs_cli_workflow },
  { "instance", N_("Start, list, show, retry and cancel workflow instances"), cs_cli_instance },
  { "step", N_("Run or validate one step on given inputs"), cs_cli_step },
  { "approval", N_("List and decide the approvals waiting for you"), cs_cli_approval },
  { "audit", N_("Verify the tamper-evident record"), cs_cli_audit },
  { "simulate", N_("Generate weeks of realistic history from the workflows"), cs_cli_simulate },
};

const char *
cs_cli_get_prgname (CsCli *cli)
{
  return cli->prgname;
}

const char *
cs_cli_get_database_option (CsCli *cli)
{
  return cli->option_database;
}

const char *
cs_cli_get_tenant_option (CsCli *cli)
{
  return cli->option_tenant;
}

static GOptionEntry *
global_entries (CsCli *cli)
{
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_STRING, &cli->option_database,
      N_("PostgreSQL URL (default: CIVICSTREAM_DATABASE_URL, Preferences, or the embedded database)"),
      N_("URL") },
    { "tenant", 't', 0, G_OPTION_ARG_STRING, &cli->option_tenant,
      N_("Tenant to act on, by its slug (when the database has several)"), N_("SLUG") },
    { NULL }
  };
  return g_memdup2 (entries, sizeof entries);
}

int
cs_cli_fail (CsCli        *cli,
             const GError *error)
{
  g_printerr ("%s: %s\n", cli->prgname, error->message);
  return CS_CLI_FAILED;
}

int
cs_cli_usage_error (CsCli      *cli,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("%s: %s\n", cli->prgname, message);
  g_printerr (_("Try “%s --help” for more information.\n"), cli->prgname);
  return CS_CLI_USAGE;
}

/* Parses a subcommand's options together with the global ones. Returns FALSE
 * when the command is done (help shown or a usage error), with @status set. */
gboolean
cs_cli_parse (CsCli            *cli,
              GOptionContext   *context,
              int              *argc,
              char           ***argv,
              int              *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree GOptionEntry *entries = global_entries (cli);
  GOptionGroup *group;

  group = g_option_group_new ("global", _("Options of every command:"), _("Show options of every command"),
                              NULL, NULL);
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, group);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = cs_cli_usage_error (cli, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

int
cs_cli_dispatch (CsCli              *cli,
                 const char         *group,
                 const CsCliCommand *subcommands,
                 int                 argc,
                 char              **argv)
{
  g_autoptr(GString) help = g_string_new (NULL);

  for (guint i = 0; subcommands[i].name != NULL; i++)
    g_string_append_printf (help, "  %-10s %s\n", subcommands[i].name, _(subcommands[i].summary));

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      g_print (_("Usage: %s %s COMMAND [OPTION…]\n\nCommands:\n%s\n"), cli->prgname, group, help->str);
      return argc < 2 ? CS_CLI_USAGE : CS_CLI_OK;
    }

  for (guint i = 0; subcommands[i].name != NULL; i++)
    if (g_str_equal (subcommands[i].name, argv[1]))
      {
        g_autofree char *name = g_strdup_printf ("%s %s", group, argv[1]);
        char *saved = argv[1];
        int status;

        argv[1] = name;
        status = subcommands[i].func (cli, argc - 1, argv + 1);
        argv[1] = saved;
        return status;
      }

  return cs_cli_usage_error (cli, _("Unknown command “%s %s”. Commands:\n%s"), group, argv[1], help->str);
}

CsDbConnection *
cs_cli_connect_owner (CsCli   *cli,
                      GError **error)
{
  g_autoptr(GSettings) settings = cs_database_config_get_settings ();
  g_autoptr(CsDatabaseConfig) config = NULL;
  g_autoptr(CsDbConnection) conn = NULL;

  config = cs_database_config_resolve (cli->option_database, settings, error);
  if (config == NULL)
    return NULL;

  if (cs_database_config_is_embedded (config))
    {
      g_autoptr(CsPgCluster) cluster = cs_pg_cluster_new_default (error);
      g_autofree char *conninfo = NULL;

      if (cluster == NULL || !cs_pg_cluster_start (cluster, NULL, error))
        return NULL;
      if (cs_pg_cluster_get_started_here (cluster))
        g_set_object (&cli->cluster, cluster);
      if (!cs_pg_cluster_ensure_database (cluster, EMBEDDED_DBNAME, NULL, error))
        return NULL;
      conninfo = cs_pg_cluster_get_conninfo (cluster, EMBEDDED_DBNAME, CS_PG_CLUSTER_SUPERUSER);
      conn = cs_db_connection_new (conninfo, NULL);
    }
  else
    conn = cs_db_connection_new (cs_database_config_get_url (config), NULL);

  if (!cs_db_connection_open (conn, NULL, error))
    return NULL;
  return g_steal_pointer (&conn);
}

/* The owner's connection acting for one tenant (the only one, or --tenant):
 * workflows, instances and the like belong to a tenant. */
CsDbConnection *
cs_cli_connect_tenant (CsCli   *cli,
                       char   **tenant_id,
                       GError **error)
{
  g_autoptr(CsDbConnection) conn = cs_cli_connect_owner (cli, error);
  g_autofree char *tenant = NULL;

  if (conn == NULL || !(tenant = cs_cli_resolve_tenant (cli, conn, NULL, error)))
    return NULL;
  if (!cs_db_connection_command (conn, "SELECT set_config ('civicstream.tenant', $1, false)",
                                 1, (const char *[]) { tenant }, error))
    return NULL;
  if (tenant_id != NULL)
    *tenant_id = g_steal_pointer (&tenant);
  return g_steal_pointer (&conn);
}

/* A connection as a person, for what only people do (deciding approvals):
 * the URL's user, or on the embedded database the desktop user. */
CsDbConnection *
cs_cli_connect_user (CsCli   *cli,
                     GError **error)
{
  g_autoptr(GSettings) settings = cs_database_config_get_settings ();
  g_autoptr(CsDatabaseConfig) config = cs_database_config_resolve (cli->option_database, settings, error);
  g_autoptr(CsDbConnection) conn = NULL;

  if (config == NULL)
    return NULL;
  if (cs_database_config_is_embedded (config))
    {
      g_autoptr(CsDbConnection) owner = cs_cli_connect_owner (cli, error);
      g_autofree char *login = cs_store_local_login_name ();
      g_autoptr(CsPgCluster) cluster = cs_pg_cluster_new_default (error);
      g_autofree char *conninfo = NULL;

      if (owner == NULL || cluster == NULL || !cs_store_ensure_local_user (owner, login, error))
        return NULL;
      conninfo = cs_pg_cluster_get_conninfo (cluster, EMBEDDED_DBNAME, login);
      conn = cs_db_connection_new (conninfo, NULL);
    }
  else
    conn = cs_db_connection_new (cs_database_config_get_url (config), NULL);

  if (!cs_db_connection_open (conn, NULL, error))
    return NULL;
  return g_steal_pointer (&conn);
}

/* The tenant id for @slug, or the only tenant when @slug is NULL. */
char *
cs_cli_resolve_tenant (CsCli           *cli,
                       CsDbConnection  *conn,
                       const char      *slug,
                       GError         **error)
{
  g_autoptr(PGresult) result = NULL;

  if (slug == NULL)
    slug = cli->option_tenant;

  if (slug != NULL)
    {
      const char *params[] = { slug };
      g_autofree char *id = cs_db_connection_query_value (conn, "SELECT id FROM tenants WHERE slug = $1",
                                                          1, params, NULL);
      if (id == NULL)
        g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND,
                     _("There is no tenant “%s”; “%s tenant list” shows them"), slug, cli->prgname);
      return g_steal_pointer (&id);
    }

  result = cs_db_connection_exec (conn, "SELECT id, slug FROM tenants ORDER BY slug LIMIT 2", 0, NULL, error);
  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 1)
    return g_strdup (PQgetvalue (result, 0, 0));
  if (PQntuples (result) == 0)
    g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND,
                 _("The database has no tenant yet; add one with “%s tenant add SLUG --name NAME”"),
                 cli->prgname);
  else
    g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                 _("The database has several tenants; name one with --tenant SLUG"));
  return NULL;
}

void
cs_cli_print_table (const char * const *headers,
                    GPtrArray          *rows)
{
  guint n_cols = g_strv_length ((char **) headers);
  g_autofree guint *widths = g_new0 (guint, n_cols);

  for (guint c = 0; c < n_cols; c++)
    widths[c] = g_utf8_strlen (headers[c], -1);
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      for (guint c = 0; c < n_cols && row[c] != NULL; c++)
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (row[c], -1));
    }

  for (guint r = 0; r <= rows->len; r++)
    {
      const char * const *row = r == 0 ? headers : (const char * const *) g_ptr_array_index (rows, r - 1);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < n_cols && row[c] != NULL; c++)
        {
          g_string_append (line, row[c]);
          if (c + 1 < n_cols)
            for (guint pad = g_utf8_strlen (row[c], -1); pad < widths[c] + 2; pad++)
              g_string_append_c (line, ' ');
        }
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      g_print ("%s\n", line->str);
    }
}

int
cs_cli_main (int    argc,
             char **argv)
{
  CsCli cli = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GString) description = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree GOptionEntry *entries = global_entries (&cli);
  GOptionEntry version_entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &cli.option_version, N_("Print the version and exit"), NULL },
    { NULL }
  };
  int status = CS_CLI_USAGE;

  cli.prgname = "civicstream-cli";
  g_set_prgname (cli.prgname);

  g_string_append (description, _("Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (description, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append_printf (description,
                          _("\nRun “%s COMMAND --help” for a command’s options.\n"
                            "Without --database, CIVICSTREAM_DATABASE_URL or a URL in the app’s "
                            "Preferences, commands use the embedded database and start its server "
                            "for their duration."), cli.prgname);

  context = g_option_context_new (_("COMMAND [ARGS…]"));
  g_option_context_set_summary (context,
                                _("The headless side of CivicStream: administration of its database, "
                                  "and the server, importers and analyses that need no window."));
  g_option_context_set_description (context, description->str);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, version_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  /* Stop at the command: what follows is the command's. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cs_cli_usage_error (&cli, "%s", error->message);

  if (cli.option_version)
    {
      g_print ("civicstream-cli %s\n", PACKAGE_VERSION);
      return CS_CLI_OK;
    }
  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", help);
      return CS_CLI_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, argv[1]))
      {
        status = commands[i].func (&cli, argc - 1, argv + 1);
        break;
      }
  if (status == CS_CLI_USAGE && !g_str_equal (argv[1], "") && argc >= 2)
    {
      gboolean known = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        known |= g_str_equal (commands[i].name, argv[1]);
      if (!known)
        status = cs_cli_usage_error (&cli, _("Unknown command “%s”"), argv[1]);
    }

  if (cli.cluster != NULL)
    {
      g_autoptr(GError) stop_error = NULL;
      if (!cs_pg_cluster_stop (cli.cluster, &stop_error))
        g_printerr ("%s: %s\n", cli.prgname, stop_error->message);
      g_clear_object (&cli.cluster);
    }
  g_free (cli.option_database);
  g_free (cli.option_tenant);
  return status;
}
