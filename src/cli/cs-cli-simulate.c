/* cs-cli-simulate.c: civicstream-cli simulate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "store/cs-history.h"
#include "cs-cli.h"

static const char *
terminal_name (guint status)
{
  switch (status)
    {
    case CS_TERMINAL_SUCCESS: return _("succeeded");
    case CS_TERMINAL_REJECTED: return _("rejected");
    case CS_TERMINAL_FAILED: return _("failed");
    case CS_TERMINAL_CANCELLED: return _("cancelled");
    default: return "?";
    }
}

static void
print_summary (const CsSimSummary *summary)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *headers[] = { _("Workflow"), _("Started"), _("Ended"), _("Still running"), _("Median duration"), NULL };

  for (guint i = 0; i < summary->workflows->len; i++)
    {
      const CsSimWorkflowStats *w = g_ptr_array_index (summary->workflows, i);
      g_autoptr(GString) ended = g_string_new (NULL);
      char **row = g_new0 (char *, 6);

      for (guint s = 0; s <= CS_TERMINAL_CANCELLED; s++)
        if (w->finished[s] > 0)
          g_string_append_printf (ended, "%s%" G_GUINT64_FORMAT " %s", ended->len ? ", " : "", w->finished[s],
                                  terminal_name (s));
      row[0] = g_strdup (w->workflow_key);
      row[1] = g_strdup_printf ("%" G_GUINT64_FORMAT, w->started);
      row[2] = g_strdup (ended->str);
      row[3] = g_strdup_printf ("%" G_GUINT64_FORMAT, w->unfinished);
      row[4] = g_strdup_printf ("%.1f h", w->median_duration_ms / 3600000.0);
      g_ptr_array_add (rows, row);
    }
  cs_cli_print_table (headers, rows);
}

static int
simulate (CsCli  *cli,
          int     argc,
          char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[WORKFLOW…]"));
  g_autoptr(CsDbConnection) conn = NULL;
  g_autoptr(CsSimulator) sim = NULL;
  g_autoptr(CsSimOverrides) overrides = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tenant = NULL;
  g_auto(GStrv) officers = NULL;
  int days = 28;
  gint64 seed = 1;
  double arrivals = 1.0;
  gboolean drain = FALSE;
  gboolean fast = FALSE;
  GOptionEntry entries[] = {
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("Length of the simulated period, ending now (default 28)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Random seed: the same seed gives the same history"), N_("N") },
    { "arrivals", 0, 0, G_OPTION_ARG_DOUBLE, &arrivals, N_("Multiply every workflow's arrival rate"), N_("FACTOR") },
    { "officers", 0, 0, G_OPTION_ARG_STRING_ARRAY, &officers,
      N_("Officers an agency has, e.g. --officers \"Civil Registry=3\" (repeatable)"), N_("AGENCY=N") },
    { "drain", 0, 0, G_OPTION_ARG_NONE, &drain, N_("Let every case finish instead of leaving work in progress"), NULL },
    { "fast", 0, 0, G_OPTION_ARG_NONE, &fast, N_("Run only the handlers routing depends on (thinner instance data)"), NULL },
    { NULL }
  };
  CsHistoryOptions options = { 0 };
  guint64 n_instances = 0, n_records = 0;
  gint64 t0;
  int status;

  g_option_context_set_summary (context,
                                _("Generate realistic history: citizens arrive, automatic steps take their service time, "
                                  "services have latency and failures, officers work office hours. The result is "
                                  "written as if the engine had run it (environment “simulation”), for demos, "
                                  "benchmarks and what-if analysis. Without WORKFLOW, every published workflow."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cs_cli_parse (cli, context, &argc, &argv, &status))
    return status;
  if (days < 1 || days > 3660)
    return cs_cli_usage_error (cli, _("--days must be between 1 and 3660"));
  if (arrivals <= 0 || arrivals > 1000)
    return cs_cli_usage_error (cli, _("--arrivals must be a factor above 0"));

  overrides = cs_sim_overrides_new ();
  for (guint i = 0; officers != NULL && officers[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (officers[i], "=", 2);
      char *end = NULL;
      guint64 n = pair[1] ? g_ascii_strtoull (pair[1], &end, 10) : 0;

      if (pair[1] == NULL || *end != '\0' || n == 0 || n > 1000)
        return cs_cli_usage_error (cli, _("--officers takes AGENCY=N with N from 1 to 1000, not “%s”"), officers[i]);
      cs_sim_overrides_set_agency_officers (overrides, pair[0], (guint) n);
    }

  if (!(conn = cs_cli_connect_tenant (cli, &tenant, &error)))
    return cs_cli_fail (cli, error);

  options.workflow_keys = argc > 1 ? (const char * const *) argv + 1 : NULL;
  options.days = (guint) days;
  options.seed = (guint64) seed;
  options.arrival_factor = arrivals;
  options.drain = drain;
  options.outputs = fast ? CS_SIM_OUTPUTS_ROUTING : CS_SIM_OUTPUTS_ALL;
  options.overrides = overrides;

  t0 = g_get_monotonic_time ();
  if (!cs_history_simulate (conn, &options, &n_instances, &n_records, &sim, NULL, &error))
    return cs_cli_fail (cli, error);

  g_print (_("Simulated %d days: %" G_GUINT64_FORMAT " instances and %" G_GUINT64_FORMAT
             " step executions written in %.1f s.\n\n"),
           days, n_instances, n_records, (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC);
  print_summary (cs_simulator_get_summary (sim));
  return CS_CLI_OK;
}

int
cs_cli_simulate (CsCli  *cli,
                 int     argc,
                 char  **argv)
{
  return simulate (cli, argc, argv);
}
