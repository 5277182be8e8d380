/* cs-cli-audit.c: civicstream-cli audit verify|list, approval list|approve|reject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "core/cs-audit.h"
#include "core/cs-error.h"
#include "cs-cli.h"

/* Recomputes every hash of every tenant's chain (or --tenant's) and checks the
 * links; reports each altered, missing or inserted record. */
static int
audit_verify (CsCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(PGresult) heads = NULL;
  g_autoptr(GError) error = NULL;
  guint problems = 0;
  guint64 records = 0;
  int status;

  g_option_context_set_summary (context, _("Check the tamper-evident record: recompute every record's SHA-256 and "
                                           "check that each links to the one before; exits with 1 when a record "
                                           "was altered, removed or inserted."));
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;

  if (!(conn = cs_cli_connect_owner (cli, &error))
      || !(heads = cs_db_connection_exec (conn,
             "SELECT t.id, t.slug, coalesce (h.seq, 0), coalesce (h.hash, $2)"
             "  FROM tenants t LEFT JOIN audit_heads h ON h.tenant_id = t.id"
             " WHERE $1::text IS NULL OR t.slug = $1 ORDER BY t.slug",
             2, (const char *[]) { cs_cli_get_tenant_option (cli), CS_AUDIT_GENESIS }, &error)))
    return cs_cli_fail (cli, error);

  for (int t = 0; t < PQntuples (heads); t++)
    {
      g_autoptr(CsAuditVerifier) verifier = cs_audit_verifier_new ();
      g_autoptr(PGresult) rows = NULL;
      GPtrArray *found;

      /* Read in order of sequence; payload::text is what was hashed. */
      rows = cs_db_connection_exec (conn,
        "SELECT seq, kind, payload::text, prev_hash, hash FROM audit_records WHERE tenant_id = $1::uuid ORDER BY seq",
        1, (const char *[]) { PQgetvalue (heads, t, 0) }, &error);
      if (rows == NULL)
        return cs_cli_fail (cli, error);
      for (int r = 0; r < PQntuples (rows); r++)
        cs_audit_verifier_add (verifier, g_ascii_strtoll (PQgetvalue (rows, r, 0), NULL, 10),
                               PQgetvalue (rows, r, 1), PQgetvalue (rows, r, 2),
                               PQgetvalue (rows, r, 3), PQgetvalue (rows, r, 4));
      cs_audit_verifier_finish (verifier, g_ascii_strtoll (PQgetvalue (heads, t, 2), NULL, 10),
                                PQgetvalue (heads, t, 3));

      found = cs_audit_verifier_get_problems (verifier);
      records += cs_audit_verifier_get_n_records (verifier);
      problems += found->len;
      for (guint i = 0; i < found->len; i++)
        g_print ("%s: %s\n", PQgetvalue (heads, t, 1), (char *) g_ptr_array_index (found, i));
    }

  if (problems > 0)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE, "The record has been tampered with: %u problem in %" G_GUINT64_FORMAT " records.\n",
                            "The record has been tampered with: %u problems in %" G_GUINT64_FORMAT " records.\n", problems),
               problems, records);
      return CS_CLI_FAILED;
    }
  g_print (_("The record is intact: %" G_GUINT64_FORMAT " records checked.\n"), records);
  return CS_CLI_OK;
}

int
cs_cli_audit (CsCli  *cli,
              int     argc,
              char  **argv)
{
  static const CsCliCommand subcommands[] = {
    { "verify", N_("Check that no record was altered, removed or inserted"), audit_verify },
    { NULL }
  };
  return cs_cli_dispatch (cli, "audit", subcommands, argc, argv);
}

static int
approval_list (CsCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GError) error = NULL;
  const char *headers[] = { _("Task"), _("Instance"), _("Workflow"), _("Step"), _("Opened"), _("Due"), _("Overdue"), NULL };
  int status;

  g_option_context_set_summary (context, _("List the open approvals you may decide."));
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;

  if (!(conn = cs_cli_connect_user (cli, &error))
      || !(result = cs_db_connection_exec (conn,
             "SELECT t.id, t.instance_id, w.name, t.step_name, to_char (t.opened_at, 'YYYY-MM-DD HH24:MI'),"
             "       coalesce (to_char (t.due_at, 'YYYY-MM-DD HH24:MI'), ''),"
             "       CASE WHEN t.due_at < now () THEN 'yes' ELSE '' END"
             "  FROM approval_tasks t JOIN workflows w ON w.id = t.workflow_id"
             " WHERE t.status = 'open' AND cs_approval_may_decide (t)"
             " ORDER BY t.due_at NULLS LAST, t.opened_at", 0, NULL, &error)))
    return cs_cli_fail (cli, error);

  for (int r = 0; r < PQntuples (result); r++)
    {
      char **row = g_new0 (char *, 8);
      for (int c = 0; c < 7; c++)
        row[c] = g_strdup (PQgetvalue (result, r, c));
      g_ptr_array_add (rows, row);
    }
  if (rows->len == 0)
    g_print (_("Nothing to approve.\n"));
  else
    cs_cli_print_table (headers, rows);
  return CS_CLI_OK;
}

static int
approval_decide (CsCli       *cli,
                 int          argc,
                 char       **argv,
                 const char  *decision)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("TASK"));
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *result = NULL;
  GOptionEntry entries[] = {
    { "comment", 'm', 0, G_OPTION_ARG_STRING, &comment, N_("Why (required to reject)"), N_("TEXT") },
    { NULL }
  };
  int status;

  g_option_context_set_summary (context, _("Decide an approval as the signed-in user."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2 || g_ascii_strtoll (argv[1], NULL, 10) <= 0)
    return cs_cli_usage_error (cli, _("Name one approval task by its number"));
  if (g_str_equal (decision, "rejected") && (comment == NULL || *g_strstrip (comment) == '\0'))
    return cs_cli_usage_error (cli, _("Say why with --comment when rejecting"));

  if (!(conn = cs_cli_connect_user (cli, &error))
      || !(result = cs_db_connection_query_value (conn, "SELECT cs_approval_decide ($1::bigint, $2, $3)", 3,
                                                  (const char *[]) { argv[1], decision, comment ? comment : "" },
                                                  &error)))
    return cs_cli_fail (cli, error);

  if (g_str_equal (result, "open"))
    g_print (_("Recorded; approval %s still needs the decision of another role.\n"), argv[1]);
  else
    g_print (_("Approval %s is %s.\n"), argv[1], result);
  return CS_CLI_OK;
}

static int approval_approve (CsCli *cli, int argc, char **argv) { return approval_decide (cli, argc, argv, "approved"); }
static int approval_reject (CsCli *cli, int argc, char **argv) { return approval_decide (cli, argc, argv, "rejected"); }

int
cs_cli_approval (CsCli  *cli,
                 int     argc,
                 char  **argv)
{
  static const CsCliCommand subcommands[] = {
    { "list", N_("List the approvals you may decide"), approval_list },
    { "approve", N_("Approve a task"), approval_approve },
    { "reject", N_("Reject a task"), approval_reject },
    { NULL }
  };
  return cs_cli_dispatch (cli, "approval", subcommands, argc, argv);
}
