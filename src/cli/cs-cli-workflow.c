/* cs-cli-workflow.c: civicstream-cli workflow|instance|step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "core/cs-workflow-json.h"
#include "core/cs-workflow-validate.h"
#include "store/cs-manual-step.h"
#include "store/cs-workflow-repo.h"
#include "workers/cs-engine.h"
#include "cs-cli.h"

/* "{…}" literally, or "@FILE" for a file's contents; must be a JSON object. */
static JsonObject *
parse_object_arg (const char  *arg,
                  const char  *what,
                  GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  const char *text = arg;
  JsonNode *root;

  if (arg == NULL)
    return json_object_new ();
  if (arg[0] == '@')
    {
      if (!g_file_get_contents (arg + 1, &contents, NULL, error))
        return NULL;
      text = contents;
    }
  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE, _("The %s are not valid JSON: %s"), what, local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT, _("The %s must be a JSON object {…}"), what);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static void
print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static guint
print_problems (const char *file,
                GPtrArray  *problems)
{
  guint errors = 0;

  for (guint i = 0; i < problems->len; i++)
    {
      CsProblem *problem = g_ptr_array_index (problems, i);
      gboolean is_error = cs_problem_get_severity (problem) == CS_PROBLEM_ERROR;

      errors += is_error;
      g_print ("%s: %s: %s\n", file, is_error ? _("error") : _("warning"), cs_problem_get_message (problem));
    }
  return errors;
}

/* Loads and validates @path; returns the workflow (even with problems) and the error count. */
static CsWorkflow *
load_checked (const char  *path,
              guint       *n_errors,
              GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GPtrArray) load_problems = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  CsWorkflow *workflow;

  workflow = cs_workflow_load_from_file (file, NULL, &load_problems, error);
  if (workflow == NULL)
    return NULL;
  *n_errors = print_problems (path, load_problems);
  problems = cs_workflow_validate (workflow, NULL);
  *n_errors += print_problems (path, problems);
  return workflow;
}

static int
workflow_validate (CsCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE…"));
  guint total = 0;
  int status;

  g_option_context_set_summary (context, _("Check workflow definitions (JSON, see docs/workflow-format.md) "
                                           "and list their problems."));
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return cs_cli_usage_error (cli, _("Name at least one workflow file"));

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CsWorkflow) workflow = NULL;
      guint n_errors = 0;

      if (!(workflow = load_checked (argv[i], &n_errors, &error)))
        {
          g_printerr ("%s: %s\n", argv[i], error->message);
          total++;
          continue;
        }
      if (n_errors == 0)
        g_print (_("%s: %s version %d is valid (%u steps)\n"), argv[i], cs_workflow_get_key (workflow),
                 cs_workflow_get_version (workflow), cs_workflow_get_n_steps (workflow));
      total += n_errors;
    }
  return total == 0 ? CS_CLI_OK : CS_CLI_FAILED;
}

static int
workflow_import (CsCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(CsWorkflow) workflow = NULL;
  g_autoptr(CsVersionInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tenant = NULL;
  gboolean draft = FALSE;
  guint n_errors = 0;
  GOptionEntry entries[] = {
    { "draft", 0, 0, G_OPTION_ARG_NONE, &draft, N_("Keep it as a draft instead of publishing it"), NULL },
    { NULL }
  };
  int status;

  g_option_context_set_summary (context, _("Add a workflow definition as the next version of its workflow and "
                                           "publish it. A definition with errors is refused (import it with "
                                           "--draft to fix it in the editor)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return cs_cli_usage_error (cli, _("Name one workflow file"));

  if (!(workflow = load_checked (argv[1], &n_errors, &error)))
    return cs_cli_fail (cli, error);
  if (n_errors > 0 && !draft)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%s: not imported: %u error (use --draft to import it as a draft)\n",
                               "%s: not imported: %u errors (use --draft to import it as a draft)\n", n_errors),
                  argv[1], n_errors);
      return CS_CLI_FAILED;
    }

  if (!(conn = cs_cli_connect_tenant (cli, &tenant, &error))
      || !(info = cs_workflow_repo_add_version (conn, workflow, !draft, &error)))
    return cs_cli_fail (cli, error);

  g_print (_("Imported %s version %d (%s).\n"), info->key, info->version, info->status);
  return CS_CLI_OK;
}

static int
workflow_export (CsCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("KEY"));
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(CsWorkflow) workflow = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tenant = NULL;
  g_autofree char *output = NULL;
  int version = 0;
  GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_INT, &version, N_("Which version (default: the published one)"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  int status;

  g_option_context_set_summary (context, _("Write a workflow's definition as JSON."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return cs_cli_usage_error (cli, _("Name one workflow by its key"));

  if (!(conn = cs_cli_connect_tenant (cli, &tenant, &error)))
    return cs_cli_fail (cli, error);

  if (version > 0)
    {
      g_autofree char *v = g_strdup_printf ("%d", version);
      g_autofree char *version_id = cs_db_connection_query_value (conn,
        "SELECT v.id FROM workflow_versions v JOIN workflows w ON w.id = v.workflow_id"
        " WHERE w.key = $1 AND v.version = $2::int", 2, (const char *[]) { argv[1], v }, NULL);
      if (version_id == NULL)
        {
          g_set_error (&error, CS_ERROR, CS_ERROR_NOT_FOUND, _("Workflow %s has no version %d"), argv[1], version);
          return cs_cli_fail (cli, error);
        }
      workflow = cs_workflow_repo_load (conn, version_id, NULL, &error);
    }
  else
    workflow = cs_workflow_repo_load_published (conn, argv[1], NULL, &error);
  if (workflow == NULL)
    return cs_cli_fail (cli, error);

  if (output != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (output);
      if (!cs_workflow_save_to_file (workflow, file, NULL, &error))
        return cs_cli_fail (cli, error);
    }
  else
    {
      g_autofree char *text = cs_workflow_to_data (workflow, NULL);
      g_print ("%s", text);
    }
  return CS_CLI_OK;
}

static int
workflow_list (CsCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GError) error = NULL;
  g_autofree char *tenant = NULL;
  const char *headers[] = { _("Key"), _("Name"), _("Version"), _("Status"), _("Steps"), _("Updated"), NULL };
  int status;

  g_option_context_set_summary (context, _("List workflows and their versions."));
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (!(conn = cs_cli_connect_tenant (cli, &tenant, &error)) || !(versions = cs_workflow_repo_list (conn, &error)))
    return cs_cli_fail (cli, error);

  for (guint i = 0; i < versions->len; i++)
    {
      CsVersionInfo *v = g_ptr_array_index (versions, i);
      char **row = g_new0 (char *, 7);
      row[0] = g_strdup (v->key);
      row[1] = g_strdup (v->name);
      row[2] = g_strdup_printf ("%d", v->version);
      row[3] = g_strdup (v->status);
      row[4] = g_strdup_printf ("%d", v->n_steps);
      row[5] = g_strdup_printf ("%s %s", v->updated_at, v->updated_by);
      g_ptr_array_add (rows, row);
    }
  if (rows->len == 0)
    g_print (_("No workflows.\n"));
  else
    cs_cli_print_table (headers, rows);
  return CS_CLI_OK;
}

int
cs_cli_workflow (CsCli  *cli,
                 int     argc,
                 char  **argv)
{
  static const CsCliCommand subcommands[] = {
    { "list", N_("List workflows and versions"), workflow_list },
    { "import", N_("Add a definition file as a new version"), workflow_import },
    { "export", N_("Write a definition as JSON"), workflow_export },
    { "validate", N_("Check definition files"), workflow_validate },
    { NULL }
  };
  return cs_cli_dispatch (cli, "workflow", subcommands, argc, argv);
}

static int
instance_start (CsCli  *cli,
                int     argc,
                char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("KEY"));
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(CsEngine) engine = cs_engine_new ();
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(JsonObject) attributes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tenant = NULL;
  g_autofree char *data_arg = NULL;
  g_autofree char *attributes_arg = NULL;
  g_autofree char *subject = NULL;
  GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_STRING, &data_arg, N_("The instance data as a JSON object, or @FILE"), N_("JSON") },
    { "attributes", 0, 0, G_OPTION_ARG_STRING, &attributes_arg,
      N_("Attributes for analysis (channel, area…) as a JSON object, or @FILE"), N_("JSON") },
    { "subject", 0, 0, G_OPTION_ARG_STRING, &subject, N_("What people call it (a reference, a name)"), N_("TEXT") },
    { NULL }
  };
  gint64 id;
  int status;

  g_option_context_set_summary (context, _("Start an instance of a workflow's published version. The workers "
                                           "of any running CivicStream or civicstream-cli serve run it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return cs_cli_usage_error (cli, _("Name one workflow by its key"));
  if (!(data = parse_object_arg (data_arg, _("data"), &error))
      || !(attributes = parse_object_arg (attributes_arg, _("attributes"), &error)))
    return cs_cli_fail (cli, error);

  if (!(conn = cs_cli_connect_tenant (cli, &tenant, &error))
      || !(id = cs_engine_start_instance (engine, conn, argv[1], data, attributes, subject, &error)))
    return cs_cli_fail (cli, error);

  g_print (_("Started instance %" G_GINT64_FORMAT " of %s.\n"), id, argv[1]);
  return CS_CLI_OK;
}

static int
instance_list (CsCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[KEY]"));
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GError) error = NULL;
  g_autofree char *tenant = NULL;
  g_autofree char *state = NULL;
  int limit = 50;
  g_autofree char *limit_text = NULL;
  const char *headers[] = { _("Id"), _("Workflow"), _("Subject"), _("Status"), _("Outcome"), _("Current steps"),
                            _("Started"), _("Duration"), NULL };
  GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &state, N_("Only running, completed, failed or cancelled ones"), N_("STATUS") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most N, newest first (default 50)"), N_("N") },
    { NULL }
  };
  int status;

  g_option_context_set_summary (context, _("List workflow instances, newest first."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (argc > 2)
    return cs_cli_usage_error (cli, _("Name at most one workflow"));
  limit_text = g_strdup_printf ("%d", CLAMP (limit, 1, 100000));

  if (!(conn = cs_cli_connect_tenant (cli, &tenant, &error))
      || !(result = cs_db_connection_exec (conn,
             "SELECT i.id, w.key, coalesce (i.subject, ''), i.status, coalesce (i.outcome, ''),"
             "       array_to_string (i.current_steps, ', '), to_char (i.started_at, 'YYYY-MM-DD HH24:MI:SS'),"
             "       coalesce (justify_interval (date_trunc ('second', coalesce (i.completed_at, now ()) - i.started_at))::text, '')"
             "  FROM workflow_instances i JOIN workflows w ON w.id = i.workflow_id"
             " WHERE ($1::text IS NULL OR w.key = $1) AND ($2::text IS NULL OR i.status = $2)"
             " ORDER BY i.id DESC LIMIT $3::int",
             3, (const char *[]) { argc == 2 ? argv[1] : NULL, state, limit_text }, &error)))
    return cs_cli_fail (cli, error);

  for (int r = 0; r < PQntuples (result); r++)
    {
      char **row = g_new0 (char *, 9);
      for (int c = 0; c < 8; c++)
        row[c] = g_strdup (PQgetvalue (result, r, c));
      g_ptr_array_add (rows, row);
    }
  if (rows->len == 0)
    g_print (_("No instances.\n"));
  else
    cs_cli_print_table (headers, rows);
  return CS_CLI_OK;
}

static int
instance_show (CsCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID"));
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(PGresult) instance = NULL;
  g_autoptr(PGresult) steps = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GError) error = NULL;
  g_autofree char *tenant = NULL;
  const char *headers[] = { _("Step"), _("Type"), _("Status"), _("Outcome"), _("Queue ms"), _("Exec ms"),
                            _("Wait ms"), _("Retries"), _("By"), NULL };
  int status;

  g_option_context_set_summary (context, _("Show an instance: its data and the timeline of its steps."));
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2 || g_ascii_strtoll (argv[1], NULL, 10) <= 0)
    return cs_cli_usage_error (cli, _("Name one instance by its number"));

  if (!(conn = cs_cli_connect_tenant (cli, &tenant, &error))
      || !(instance = cs_db_connection_exec (conn,
             "SELECT w.key, i.status, coalesce (i.outcome, ''), coalesce (i.error, ''), jsonb_pretty (i.data),"
             "       to_char (i.started_at, 'YYYY-MM-DD HH24:MI:SS TZH'), coalesce (to_char (i.completed_at, 'YYYY-MM-DD HH24:MI:SS TZH'), '')"
             "  FROM workflow_instances i JOIN workflows w ON w.id = i.workflow_id WHERE i.id = $1::bigint",
             1, (const char *[]) { argv[1] }, &error))
      || !(steps = cs_db_connection_exec (conn,
             "SELECT step_id, step_type, status, coalesce (outcome, ''),"
             "       coalesce (round (queue_time_ms::numeric, 1)::text, ''), coalesce (round (execution_time_ms::numeric, 1)::text, ''),"
             "       coalesce (round (wait_time_ms::numeric, 1)::text, ''), attempt::text, coalesce (executed_by, '')"
             "  FROM step_executions WHERE instance_id = $1::bigint ORDER BY enqueued_at, id",
             1, (const char *[]) { argv[1] }, &error)))
    return cs_cli_fail (cli, error);
  if (PQntuples (instance) == 0)
    {
      g_set_error (&error, CS_ERROR, CS_ERROR_NOT_FOUND, _("There is no instance %s"), argv[1]);
      return cs_cli_fail (cli, error);
    }

  g_print (_("Instance %s of %s: %s %s\n"), argv[1], PQgetvalue (instance, 0, 0), PQgetvalue (instance, 0, 1),
           PQgetvalue (instance, 0, 2));
  g_print (_("Started %s%s%s\n"), PQgetvalue (instance, 0, 5), *PQgetvalue (instance, 0, 6) ? _(", ended ") : "",
           PQgetvalue (instance, 0, 6));
  if (*PQgetvalue (instance, 0, 3))
    g_print (_("Error: %s\n"), PQgetvalue (instance, 0, 3));
  g_print ("\n");
  for (int r = 0; r < PQntuples (steps); r++)
    {
      char **row = g_new0 (char *, 10);
      for (int c = 0; c < 9; c++)
        row[c] = g_strdup (PQgetvalue (steps, r, c));
      g_ptr_array_add (rows, row);
    }
  cs_cli_print_table (headers, rows);
  g_print (_("\nData:\n%s\n"), PQgetvalue (instance, 0, 4));
  return CS_CLI_OK;
}

static int
instance_retry_or_cancel (CsCli    *cli,
                          int       argc,
                          char    **argv,
                          gboolean  retry)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID"));
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tenant = NULL;
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why it is cancelled"), N_("TEXT") },
    { NULL }
  };
  gint64 id;
  int status;

  g_option_context_set_summary (context, retry ? _("Run a failed instance's failed step again.")
                                               : _("Cancel a running or failed instance."));
  if (!retry)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2 || (id = g_ascii_strtoll (argv[1], NULL, 10)) <= 0)
    return cs_cli_usage_error (cli, _("Name one instance by its number"));

  if (!(conn = cs_cli_connect_tenant (cli, &tenant, &error))
      || !(retry ? cs_engine_retry_instance (conn, id, &error)
                 : cs_engine_cancel_instance (conn, id, reason ? reason : _("Cancelled from the command line"), &error)))
    return cs_cli_fail (cli, error);
  g_print (retry ? _("Instance %s will run again.\n") : _("Instance %s cancelled.\n"), argv[1]);
  return CS_CLI_OK;
}

static int instance_retry (CsCli *cli, int argc, char **argv) { return instance_retry_or_cancel (cli, argc, argv, TRUE); }
static int instance_cancel (CsCli *cli, int argc, char **argv) { return instance_retry_or_cancel (cli, argc, argv, FALSE); }

int
cs_cli_instance (CsCli  *cli,
                 int     argc,
                 char  **argv)
{
  static const CsCliCommand subcommands[] = {
    { "start", N_("Start an instance of a workflow"), instance_start },
    { "list", N_("List instances"), instance_list },
    { "show", N_("Show an instance and its timeline"), instance_show },
    { "retry", N_("Run a failed instance again from its failed step"), instance_retry },
    { "cancel", N_("Cancel an instance"), instance_cancel },
    { NULL }
  };
  return cs_cli_dispatch (cli, "instance", subcommands, argc, argv);
}

static int
step_run_or_validate (CsCli    *cli,
                      int       argc,
                      char    **argv,
                      gboolean  dry_run)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("WORKFLOW.STEP"));
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(JsonObject) inputs = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *tenant = NULL;
  g_autofree char *inputs_arg = NULL;
  g_autofree char *step_id = NULL;
  GOptionEntry entries[] = {
    { "inputs", 'i', 0, G_OPTION_ARG_STRING, &inputs_arg, N_("The step's inputs as a JSON object, or @FILE"), N_("JSON") },
    { NULL }
  };
  CsStepRun run;
  int status;

  g_option_context_set_summary (context, dry_run
    ? _("Check inputs for an action step without running it; prints the validation result as JSON.")
    : _("Run one action step on the given inputs, outside any instance; prints the execution result as JSON "
        "and records the run."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return cs_cli_usage_error (cli, _("Name one step, as workflow_key.step_id or step_id"));
  if (!(inputs = parse_object_arg (inputs_arg, _("inputs"), &error)))
    return cs_cli_fail (cli, error);

  if (!(conn = cs_cli_connect_tenant (cli, &tenant, &error)))
    return cs_cli_fail (cli, error);
  cs_step_run_init (&run);
  if (!cs_manual_step_run (conn, argv[1], inputs, dry_run, "manual", &run, &step_id, &error))
    {
      cs_step_run_clear (&run);
      return cs_cli_fail (cli, error);
    }
  report = dry_run ? cs_step_run_validate_report (step_id, &run, now)
                   : cs_step_run_execute_report (step_id, &run, FALSE);
  print_json (report);
  status = run.status == CS_EXEC_COMPLETED ? CS_CLI_OK : CS_CLI_FAILED;
  cs_step_run_clear (&run);
  return status;
}

static int step_run (CsCli *cli, int argc, char **argv) { return step_run_or_validate (cli, argc, argv, FALSE); }
static int step_validate (CsCli *cli, int argc, char **argv) { return step_run_or_validate (cli, argc, argv, TRUE); }

int
cs_cli_step (CsCli  *cli,
             int     argc,
             char  **argv)
{
  static const CsCliCommand subcommands[] = {
    { "run", N_("Run one step on given inputs"), step_run },
    { "validate", N_("Check inputs for a step without running it"), step_validate },
    { NULL }
  };
  return cs_cli_dispatch (cli, "step", subcommands, argc, argv);
}
