/* cs-cli-users.c: civicstream-cli user|tenant|agency
 *
 * Users are PostgreSQL login roles mapped to a tenant and a role; the
 * database's cs_user_add() does the mapping so that the same rules hold
 * whether an administrator uses this command or the app.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "cs-cli.h"

static const char *app_roles[] = { "administrator", "officer", "designer", NULL };

static char *
read_password (gboolean  from_stdin,
               GError  **error)
{
  char buffer[1024];
  struct termios saved, quiet;
  gboolean tty = !from_stdin && isatty (STDIN_FILENO);
  char *line;

  if (tty)
    {
      g_printerr (_("Password: "));
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }
  line = fgets (buffer, sizeof buffer, stdin);
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      g_printerr ("\n");
    }
  if (line == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT, _("No password was given"));
      return NULL;
    }
  buffer[strcspn (buffer, "\r\n")] = '\0';
  if (strlen (buffer) < 8)
    {
      memset (buffer, 0, sizeof buffer);
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("The password must have at least 8 characters"));
      return NULL;
    }
  line = g_strdup (buffer);
  memset (buffer, 0, sizeof buffer);
  return line;
}

static int
user_add (CsCli  *cli,
          int     argc,
          char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("LOGIN"));
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *role = NULL;
  g_autofree char *agency = NULL;
  g_autofree char *display = NULL;
  g_autofree char *tenant = NULL;
  g_autofree char *agency_id = NULL;
  g_autofree char *verifier = NULL;
  gboolean password = FALSE;
  gboolean password_stdin = FALSE;
  GOptionEntry entries[] = {
    { "role", 'r', 0, G_OPTION_ARG_STRING, &role, N_("administrator, officer or designer"), N_("ROLE") },
    { "agency", 'a', 0, G_OPTION_ARG_STRING, &agency, N_("The agency the user works for"), N_("NAME") },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &display, N_("The user’s full name"), N_("NAME") },
    { "password", 'p', 0, G_OPTION_ARG_NONE, &password, N_("Ask for a password (for a shared database)"), NULL },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, N_("Read the password from standard input"), NULL },
    { NULL }
  };
  int status;

  g_option_context_set_summary (context,
                                _("Add a user: a PostgreSQL login role mapped to a tenant and a role. "
                                  "Administrators see and manage everything of their tenant, officers "
                                  "decide approvals and work cases, designers edit workflows."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return cs_cli_usage_error (cli, _("Give exactly one login name"));
  if (role == NULL)
    return cs_cli_usage_error (cli, _("Give the user’s role with --role (administrator, officer or designer)"));
  if (!g_strv_contains (app_roles, role))
    return cs_cli_usage_error (cli, _("Unknown role “%s”: use administrator, officer or designer"), role);

  if (!(conn = cs_cli_connect_owner (cli, &error))
      || !(tenant = cs_cli_resolve_tenant (cli, conn, NULL, &error)))
    return cs_cli_fail (cli, error);

  if (agency != NULL)
    {
      const char *params[] = { tenant, agency };
      agency_id = cs_db_connection_query_value (conn, "SELECT id FROM agencies WHERE tenant_id = $1::uuid AND name = $2",
                                                2, params, NULL);
      if (agency_id == NULL)
        {
          g_set_error (&error, CS_ERROR, CS_ERROR_NOT_FOUND,
                       _("There is no agency “%s” in this tenant; add it with “%s agency add”"),
                       agency, cs_cli_get_prgname (cli));
          return cs_cli_fail (cli, error);
        }
    }

  if (password || password_stdin)
    {
      g_autofree char *secret = read_password (password_stdin, &error);
      char *encrypted;

      if (secret == NULL)
        return cs_cli_fail (cli, error);
      /* The server stores a SCRAM verifier computed here; the password itself never travels. */
      encrypted = PQencryptPasswordConn (cs_db_connection_get_pgconn (conn), secret, argv[1], "scram-sha-256");
      memset (secret, 0, strlen (secret));
      if (encrypted == NULL)
        {
          cs_db_set_error_from_result (&error, cs_db_connection_get_pgconn (conn), NULL);
          return cs_cli_fail (cli, error);
        }
      verifier = g_strdup (encrypted);
      PQfreemem (encrypted);
    }

  {
    const char *params[] = { argv[1], tenant, role, agency_id, display ? display : "", verifier };
    if (!cs_db_connection_command (conn, "SELECT cs_user_add ($1, $2::uuid, $3, $4::uuid, $5, $6)",
                                   6, params, &error))
      return cs_cli_fail (cli, error);
  }

  g_print (_("User “%s” added as %s.\n"), argv[1], role);
  return CS_CLI_OK;
}

static int
user_list (CsCli  *cli,
           int     argc,
           char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Include removed users"), NULL },
    { NULL }
  };
  const char *headers[] = { _("Login"), _("Name"), _("Role"), _("Agency"), _("Tenant"), _("Active"), NULL };
  const char *params[1];
  int status;

  g_option_context_set_summary (context, _("List the users of every tenant, or of --tenant."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;

  if (!(conn = cs_cli_connect_owner (cli, &error)))
    return cs_cli_fail (cli, error);

  params[0] = cs_cli_get_tenant_option (cli);
  result = cs_db_connection_exec (conn,
                                  "SELECT u.login_role, u.display_name, u.role, coalesce (a.name, ''), t.slug,"
                                  "       CASE WHEN u.active THEN 'yes' ELSE 'no' END"
                                  "  FROM app_users u JOIN tenants t ON t.id = u.tenant_id"
                                  "  LEFT JOIN agencies a ON a.id = u.agency_id"
                                  " WHERE ($1::text IS NULL OR t.slug = $1) AND (u.active OR $2::bool)"
                                  " ORDER BY t.slug, u.login_role",
                                  2, (const char *[]) { params[0], all ? "true" : "false" }, &error);
  if (result == NULL)
    return cs_cli_fail (cli, error);

  for (int r = 0; r < PQntuples (result); r++)
    {
      char **row = g_new0 (char *, 7);
      for (int c = 0; c < 6; c++)
        row[c] = g_strdup (PQgetvalue (result, r, c));
      g_ptr_array_add (rows, row);
    }
  if (rows->len == 0)
    g_print (_("No users.\n"));
  else
    cs_cli_print_table (headers, rows);
  return CS_CLI_OK;
}

static int
user_remove (CsCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("LOGIN"));
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *removed = NULL;
  int status;

  g_option_context_set_summary (context, _("Remove a user: their login is disabled; the history keeps their name."));
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return cs_cli_usage_error (cli, _("Give exactly one login name"));

  if (!(conn = cs_cli_connect_owner (cli, &error))
      || !(removed = cs_db_connection_query_value (conn, "SELECT cs_user_remove ($1)", 1,
                                                   (const char *[]) { argv[1] }, &error)))
    return cs_cli_fail (cli, error);

  if (g_str_equal (removed, "f"))
    {
      g_set_error (&error, CS_ERROR, CS_ERROR_NOT_FOUND, _("There is no active user “%s”"), argv[1]);
      return cs_cli_fail (cli, error);
    }
  g_print (_("User “%s” removed.\n"), argv[1]);
  return CS_CLI_OK;
}

int
cs_cli_user (CsCli  *cli,
             int     argc,
             char  **argv)
{
  static const CsCliCommand subcommands[] = {
    { "add", N_("Add a user, or change an existing user’s role"), user_add },
    { "list", N_("List users"), user_list },
    { "remove", N_("Remove a user"), user_remove },
    { NULL }
  };
  return cs_cli_dispatch (cli, "user", subcommands, argc, argv);
}

static int
tenant_add (CsCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("SLUG"));
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *timezone = NULL;
  GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_("The government’s name"), N_("NAME") },
    { "timezone", 0, 0, G_OPTION_ARG_STRING, &timezone, N_("Its time zone, e.g. Europe/Amsterdam"), N_("TZ") },
    { NULL }
  };
  int status;

  g_option_context_set_summary (context, _("Add a tenant: a government whose data no other tenant sees."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return cs_cli_usage_error (cli, _("Give exactly one slug (lower-case letters, digits and “-”)"));
  if (name == NULL)
    return cs_cli_usage_error (cli, _("Give the tenant’s name with --name"));
  if (timezone != NULL)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (timezone);
      if (tz == NULL)
        return cs_cli_usage_error (cli, _("Unknown time zone “%s”"), timezone);
    }

  if (!(conn = cs_cli_connect_owner (cli, &error))
      || !cs_db_connection_command (conn, "INSERT INTO tenants (slug, name, timezone) VALUES ($1, $2, coalesce ($3, 'UTC'))",
                                    3, (const char *[]) { argv[1], name, timezone }, &error))
    return cs_cli_fail (cli, error);

  g_print (_("Tenant “%s” added.\n"), argv[1]);
  return CS_CLI_OK;
}

static int
tenant_list (CsCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *headers[] = { _("Slug"), _("Name"), _("Time zone"), _("Users"), NULL };
  int status;

  g_option_context_set_summary (context, _("List the tenants."));
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;

  if (!(conn = cs_cli_connect_owner (cli, &error))
      || !(result = cs_db_connection_exec (conn,
                                           "SELECT t.slug, t.name, t.timezone,"
                                           " (SELECT count(*) FROM app_users u WHERE u.tenant_id = t.id AND u.active)"
                                           " FROM tenants t ORDER BY t.slug", 0, NULL, &error)))
    return cs_cli_fail (cli, error);

  for (int r = 0; r < PQntuples (result); r++)
    {
      char **row = g_new0 (char *, 5);
      for (int c = 0; c < 4; c++)
        row[c] = g_strdup (PQgetvalue (result, r, c));
      g_ptr_array_add (rows, row);
    }
  if (rows->len == 0)
    g_print (_("No tenants.\n"));
  else
    cs_cli_print_table (headers, rows);
  return CS_CLI_OK;
}

int
cs_cli_tenant (CsCli  *cli,
               int     argc,
               char  **argv)
{
  static const CsCliCommand subcommands[] = {
    { "add", N_("Add a tenant"), tenant_add },
    { "list", N_("List tenants"), tenant_list },
    { NULL }
  };
  return cs_cli_dispatch (cli, "tenant", subcommands, argc, argv);
}

static int
agency_add (CsCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME"));
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tenant = NULL;
  g_autofree char *email = NULL;
  GOptionEntry entries[] = {
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("Where the agency’s notifications go"), N_("ADDRESS") },
    { NULL }
  };
  int status;

  g_option_context_set_summary (context, _("Add an agency (a department that works cases) to a tenant."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return cs_cli_usage_error (cli, _("Give exactly one agency name (quote it if it has spaces)"));

  if (!(conn = cs_cli_connect_owner (cli, &error))
      || !(tenant = cs_cli_resolve_tenant (cli, conn, NULL, &error))
      || !cs_db_connection_command (conn, "INSERT INTO agencies (tenant_id, name, email) VALUES ($1::uuid, $2, $3)",
                                    3, (const char *[]) { tenant, argv[1], email }, &error))
    return cs_cli_fail (cli, error);

  g_print (_("Agency “%s” added.\n"), argv[1]);
  return CS_CLI_OK;
}

static int
agency_list (CsCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *headers[] = { _("Tenant"), _("Agency"), _("Email"), NULL };
  int status;

  g_option_context_set_summary (context, _("List agencies of every tenant, or of --tenant."));
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;

  if (!(conn = cs_cli_connect_owner (cli, &error))
      || !(result = cs_db_connection_exec (conn,
                                           "SELECT t.slug, a.name, coalesce (a.email, '') FROM agencies a"
                                           " JOIN tenants t ON t.id = a.tenant_id"
                                           " WHERE $1::text IS NULL OR t.slug = $1 ORDER BY t.slug, a.name",
                                           1, (const char *[]) { cs_cli_get_tenant_option (cli) }, &error)))
    return cs_cli_fail (cli, error);

  for (int r = 0; r < PQntuples (result); r++)
    {
      char **row = g_new0 (char *, 4);
      for (int c = 0; c < 3; c++)
        row[c] = g_strdup (PQgetvalue (result, r, c));
      g_ptr_array_add (rows, row);
    }
  if (rows->len == 0)
    g_print (_("No agencies.\n"));
  else
    cs_cli_print_table (headers, rows);
  return CS_CLI_OK;
}

int
cs_cli_agency (CsCli  *cli,
               int     argc,
               char  **argv)
{
  static const CsCliCommand subcommands[] = {
    { "add", N_("Add an agency"), agency_add },
    { "list", N_("List agencies"), agency_list },
    { NULL }
  };
  return cs_cli_dispatch (cli, "agency", subcommands, argc, argv);
}
