/* cs-cli-db.c: civicstream-cli db init|migrate|status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "store/cs-migrator.h"
#include "store/cs-store.h"
#include "cs-cli.h"

static int
db_migrate (CsCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(CsMigrator) migrator = cs_migrator_new ();
  g_autoptr(GError) error = NULL;
  guint applied = 0;
  int status;

  g_option_context_set_summary (context, _("Apply the database migrations this version of CivicStream "
                                           "needs; migrations already applied are skipped."));
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return cs_cli_usage_error (cli, _("Unexpected argument “%s”"), argv[1]);

  if (!(conn = cs_cli_connect_owner (cli, &error))
      || !cs_migrator_apply (migrator, conn, NULL, &applied, &error))
    return cs_cli_fail (cli, error);

  if (applied == 0)
    g_print (_("The database is up to date.\n"));
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "Applied %u migration.\n", "Applied %u migrations.\n", applied),
             applied);
  return CS_CLI_OK;
}

/* Like migrate, and on the embedded database also makes the desktop user the
 * administrator of the local tenant, as the app does on its first start. */
static int
db_init (CsCli  *cli,
         int     argc,
         char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GSettings) settings = cs_database_config_get_settings ();
  g_autoptr(CsDatabaseConfig) config = NULL;
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(CsMigrator) migrator = cs_migrator_new ();
  g_autoptr(GError) error = NULL;
  guint applied = 0;
  int status;

  g_option_context_set_summary (context, _("Create the database if needed (the embedded one: its files and "
                                           "server) and bring its schema up to date."));
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return cs_cli_usage_error (cli, _("Unexpected argument “%s”"), argv[1]);

  config = cs_database_config_resolve (cs_cli_get_database_option (cli), settings, &error);
  if (config == NULL)
    return cs_cli_fail (cli, error);

  conn = cs_cli_connect_owner (cli, &error);
  if (conn == NULL || !cs_migrator_apply (migrator, conn, NULL, &applied, &error))
    return cs_cli_fail (cli, error);
  if (cs_database_config_is_embedded (config))
    {
      g_autofree char *login = cs_store_local_login_name ();
      if (!cs_store_ensure_local_user (conn, login, &error))
        return cs_cli_fail (cli, error);
      g_print (_("The desktop user “%s” is the administrator of the local tenant.\n"), login);
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "Database ready (%u migration applied).\n",
                        "Database ready (%u migrations applied).\n", applied), applied);
  return CS_CLI_OK;
}

static int
db_status (CsCli  *cli,
           int     argc,
           char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(CsMigrator) migrator = cs_migrator_new ();
  g_autoptr(GPtrArray) migrations = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) info = NULL;
  const char *headers[] = { _("Migration"), _("State"), _("Applied"), NULL };
  guint pending = 0;
  int status;

  g_option_context_set_summary (context, _("Show which database is used, who is connected, and which "
                                           "migrations are applied or pending."));
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return cs_cli_usage_error (cli, _("Unexpected argument “%s”"), argv[1]);

  if (!(conn = cs_cli_connect_owner (cli, &error)))
    return cs_cli_fail (cli, error);

  info = cs_db_connection_exec (conn,
                                "SELECT current_database(), current_user, current_setting('server_version'),"
                                " coalesce(inet_server_addr()::text, current_setting('unix_socket_directories'))",
                                0, NULL, &error);
  if (info == NULL || !(migrations = cs_migrator_status (migrator, conn, &error)))
    return cs_cli_fail (cli, error);

  g_print (_("Database:  %s on %s\n"), PQgetvalue (info, 0, 0), PQgetvalue (info, 0, 3));
  g_print (_("Server:    PostgreSQL %s\n"), PQgetvalue (info, 0, 2));
  g_print (_("Connected: as %s\n\n"), PQgetvalue (info, 0, 1));

  for (guint i = 0; i < migrations->len; i++)
    {
      CsMigration *m = g_ptr_array_index (migrations, i);
      char **row = g_new0 (char *, 4);

      row[0] = g_strdup (m->name);
      row[1] = g_strdup (!m->applied ? _("pending") : m->changed ? _("applied, file changed since") : _("applied"));
      row[2] = g_strdup (m->applied_at ? m->applied_at : "");
      g_ptr_array_add (rows, row);
      if (!m->applied)
        pending++;
    }
  cs_cli_print_table (headers, rows);

  if (pending > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "\n%u migration pending: run “%s db migrate”.\n",
                          "\n%u migrations pending: run “%s db migrate”.\n", pending),
             pending, cs_cli_get_prgname (cli));
  else
    g_print (_("\nThe database is up to date.\n"));
  return CS_CLI_OK;
}

int
cs_cli_db (CsCli  *cli,
           int     argc,
           char  **argv)
{
  static const CsCliCommand subcommands[] = {
    { "init", N_("Create the database if needed and bring it up to date"), db_init },
    { "migrate", N_("Apply pending migrations"), db_migrate },
    { "status", N_("Show the database, the connection and the migrations"), db_status },
    { NULL }
  };
  return cs_cli_dispatch (cli, "db", subcommands, argc, argv);
}
