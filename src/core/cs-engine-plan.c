/* cs-engine-plan.c: where an instance goes next
 *
 * The whole run-time state of an instance's control flow is one character
 * per edge: undecided, taken or dead. Each edge changes state exactly once,
 * so the moment a step's last incoming edge is decided is unique, and that
 * is when the step runs (some edge taken) or is skipped (all dead, which
 * kills its outgoing edges in turn). Parallel branches completing on
 * different workers serialise on the instance row, so the state never races.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-engine-plan.h"
#include "cs-error.h"
#include "cs-workflow-validate.h"

struct _CsEnginePlan
{
  gatomicrefcount  ref_count;
  CsWorkflow      *workflow;
  GHashTable      *index_of;    /* step id → step index + 1 */
  GArray         **incoming;    /* per step: edge indices */
  GArray         **outgoing;    /* per step: edge indices, in edge-list order */
  guint            n_steps;
  guint            n_edges;
};

G_DEFINE_BOXED_TYPE (CsEnginePlan, cs_engine_plan, cs_engine_plan_ref, cs_engine_plan_unref)

static void
next_step_free (CsNextStep *next)
{
  g_free (next->step_id);
  g_free (next->from_step);
  g_free (next);
}

void
cs_advance_init (CsAdvance *advance)
{
  g_return_if_fail (advance != NULL);

  memset (advance, 0, sizeof *advance);
  advance->runnable = g_ptr_array_new_with_free_func ((GDestroyNotify) next_step_free);
  advance->skipped = g_ptr_array_new_with_free_func (g_free);
}

void
cs_advance_clear (CsAdvance *advance)
{
  g_return_if_fail (advance != NULL);

  g_clear_pointer (&advance->runnable, g_ptr_array_unref);
  g_clear_pointer (&advance->skipped, g_ptr_array_unref);
  g_clear_pointer (&advance->label, g_free);
}

CsEnginePlan *
cs_engine_plan_new (CsWorkflow  *workflow,
                    GError     **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  CsEnginePlan *plan;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);

  problems = cs_workflow_validate (workflow, NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      CsProblem *problem = g_ptr_array_index (problems, i);
      if (cs_problem_get_severity (problem) == CS_PROBLEM_ERROR)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Workflow %s version %d cannot run: %s"),
                       cs_workflow_get_key (workflow), cs_workflow_get_version (workflow),
                       cs_problem_get_message (problem));
          return NULL;
        }
    }

  plan = g_new0 (CsEnginePlan, 1);
  g_atomic_ref_count_init (&plan->ref_count);
  plan->workflow = cs_workflow_copy (workflow);
  plan->n_steps = cs_workflow_get_n_steps (plan->workflow);
  plan->n_edges = cs_workflow_get_n_edges (plan->workflow);
  plan->index_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  plan->incoming = g_new0 (GArray *, plan->n_steps);
  plan->outgoing = g_new0 (GArray *, plan->n_steps);

  for (guint i = 0; i < plan->n_steps; i++)
    {
      CsStep *step = cs_workflow_get_step (plan->workflow, i);
      g_hash_table_insert (plan->index_of, g_strdup (cs_step_get_id (step)), GUINT_TO_POINTER (i + 1));
      plan->incoming[i] = g_array_new (FALSE, FALSE, sizeof (guint));
      plan->outgoing[i] = g_array_new (FALSE, FALSE, sizeof (guint));
    }
  for (guint e = 0; e < plan->n_edges; e++)
    {
      CsEdge *edge = cs_workflow_get_edge (plan->workflow, e);
      guint from = GPOINTER_TO_UINT (g_hash_table_lookup (plan->index_of, cs_edge_get_from (edge)));
      guint to = GPOINTER_TO_UINT (g_hash_table_lookup (plan->index_of, cs_edge_get_to (edge)));

      /* Validation refused dangling edges. */
      g_assert (from > 0 && to > 0);
      g_array_append_val (plan->outgoing[from - 1], e);
      g_array_append_val (plan->incoming[to - 1], e);
    }
  return plan;
}

CsEnginePlan *
cs_engine_plan_ref (CsEnginePlan *plan)
{
  g_return_val_if_fail (plan != NULL, NULL);
  g_atomic_ref_count_inc (&plan->ref_count);
  return plan;
}

void
cs_engine_plan_unref (CsEnginePlan *plan)
{
  g_return_if_fail (plan != NULL);

  if (!g_atomic_ref_count_dec (&plan->ref_count))
    return;
  for (guint i = 0; i < plan->n_steps; i++)
    {
      g_array_unref (plan->incoming[i]);
      g_array_unref (plan->outgoing[i]);
    }
  g_free (plan->incoming);
  g_free (plan->outgoing);
  g_hash_table_unref (plan->index_of);
  g_object_unref (plan->workflow);
  g_free (plan);
}

CsWorkflow *
cs_engine_plan_get_workflow (CsEnginePlan *plan)
{
  g_return_val_if_fail (plan != NULL, NULL);
  return plan->workflow;
}

CsStep *
cs_engine_plan_get_step (CsEnginePlan *plan,
                         const char   *step_id)
{
  guint index;

  g_return_val_if_fail (plan != NULL, NULL);

  index = GPOINTER_TO_UINT (g_hash_table_lookup (plan->index_of, step_id));
  return index > 0 ? cs_workflow_get_step (plan->workflow, index - 1) : NULL;
}

static int
step_index (CsEnginePlan *plan,
            const char   *step_id)
{
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (plan->index_of, step_id)) - 1;
}

char *
cs_engine_plan_start (CsEnginePlan *plan,
                      CsAdvance    *advance)
{
  CsNextStep *next;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (advance != NULL, NULL);

  next = g_new0 (CsNextStep, 1);
  next->step_id = g_strdup (cs_workflow_get_start_step_id (plan->workflow));
  g_ptr_array_add (advance->runnable, next);

  {
    char *state = g_malloc (plan->n_edges + 1);
    memset (state, CS_EDGE_UNDECIDED, plan->n_edges);
    state[plan->n_edges] = '\0';
    return state;
  }
}

gboolean
cs_engine_plan_choose_branch (CsEnginePlan  *plan,
                              CsStep        *step,
                              JsonNode      *data,
                              int           *edge_index,
                              const char   **label,
                              GError       **error)
{
  int index = step_index (plan, cs_step_get_id (step));
  int fallback = -1;

  g_return_val_if_fail (index >= 0, FALSE);

  for (guint i = 0; i < plan->outgoing[index]->len; i++)
    {
      guint e = g_array_index (plan->outgoing[index], guint, i);
      CsEdge *edge = cs_workflow_get_edge (plan->workflow, e);
      g_autoptr(GError) local_error = NULL;
      gboolean truth = FALSE;

      if (cs_edge_get_kind (edge) == CS_EDGE_DEFAULT)
        {
          fallback = (int) e;
          continue;
        }
      if (cs_edge_get_kind (edge) != CS_EDGE_BRANCH)
        continue;
      if (!cs_expr_evaluate_boolean (cs_edge_get_condition (edge), data, &truth, &local_error))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_FAILED, _("Condition “%s” of %s: %s"),
                       cs_edge_get_condition_source (edge), cs_step_get_id (step), local_error->message);
          return FALSE;
        }
      if (truth)
        {
          *edge_index = (int) e;
          *label = cs_edge_get_display_label (edge);
          return TRUE;
        }
    }

  /* Validation guarantees exactly one default. */
  g_assert (fallback >= 0);
  *edge_index = fallback;
  *label = cs_edge_get_display_label (cs_workflow_get_edge (plan->workflow, (guint) fallback));
  return TRUE;
}

static gboolean
edge_followed (CsEdge     *edge,
               CsStepType  type,
               int         chosen_edge,
               guint       edge_index,
               const char *outcome)
{
  switch (type)
    {
    case CS_STEP_CONDITIONAL:
      return (int) edge_index == chosen_edge;
    case CS_STEP_APPROVAL:
      return (cs_edge_get_kind (edge) == CS_EDGE_APPROVED && g_strcmp0 (outcome, "approved") == 0)
             || (cs_edge_get_kind (edge) == CS_EDGE_REJECTED && g_strcmp0 (outcome, "rejected") == 0);
    case CS_STEP_ACTION:
    case CS_STEP_INTEGRATION:
    case CS_STEP_TERMINAL:
    default:
      return cs_edge_get_kind (edge) == CS_EDGE_NEXT;
    }
}

/* Decides edge @e and, when that was the last undecided edge into its target,
 * runs or skips the target; skipping recurses down its outgoing edges. */
static void
decide_edge (CsEnginePlan *plan,
             char         *state,
             guint         e,
             gboolean      taken,
             const char   *from_step,
             CsAdvance    *advance)
{
  CsEdge *edge = cs_workflow_get_edge (plan->workflow, e);
  int target = step_index (plan, cs_edge_get_to (edge));
  GArray *incoming = plan->incoming[target];
  gboolean any_taken = FALSE;

  g_assert (state[e] == CS_EDGE_UNDECIDED);
  state[e] = taken ? CS_EDGE_TAKEN : CS_EDGE_DEAD;

  for (guint i = 0; i < incoming->len; i++)
    {
      char s = state[g_array_index (incoming, guint, i)];
      if (s == CS_EDGE_UNDECIDED)
        return;   /* a branch that can still arrive: wait for it */
      any_taken |= s == CS_EDGE_TAKEN;
    }

  if (any_taken)
    {
      CsNextStep *next = g_new0 (CsNextStep, 1);
      next->step_id = g_strdup (cs_edge_get_to (edge));
      next->from_step = g_strdup (from_step);
      g_ptr_array_add (advance->runnable, next);
    }
  else
    {
      GArray *outgoing = plan->outgoing[target];

      g_ptr_array_add (advance->skipped, g_strdup (cs_edge_get_to (edge)));
      for (guint i = 0; i < outgoing->len; i++)
        decide_edge (plan, state, g_array_index (outgoing, guint, i), FALSE, cs_edge_get_to (edge), advance);
    }
}

gboolean
cs_engine_plan_advance (CsEnginePlan  *plan,
                        char          *edge_state,
                        const char    *step_id,
                        int            chosen_edge,
                        const char    *outcome,
                        CsAdvance     *advance,
                        GError       **error)
{
  int index;
  CsStep *step;
  CsStepType type;
  GArray *outgoing;

  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (edge_state != NULL, FALSE);
  g_return_val_if_fail (advance != NULL, FALSE);

  if (strlen (edge_state) != plan->n_edges)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED,
                   _("The instance’s state does not fit workflow %s version %d (%zu edges recorded, %u in the definition)"),
                   cs_workflow_get_key (plan->workflow), cs_workflow_get_version (plan->workflow),
                   strlen (edge_state), plan->n_edges);
      return FALSE;
    }
  if ((index = step_index (plan, step_id)) < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND, _("Workflow %s has no step “%s”"),
                   cs_workflow_get_key (plan->workflow), step_id);
      return FALSE;
    }

  step = cs_workflow_get_step (plan->workflow, (guint) index);
  type = cs_step_get_step_type (step);
  if (type == CS_STEP_APPROVAL && g_strcmp0 (outcome, "approved") != 0 && g_strcmp0 (outcome, "rejected") != 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Approval %s needs the outcome approved or rejected"), step_id);
      return FALSE;
    }

  if (type == CS_STEP_TERMINAL)
    {
      advance->finished = TRUE;
      advance->terminal = cs_step_get_terminal_status (step);
      g_free (advance->label);
      advance->label = g_strdup (cs_terminal_status_to_string (advance->terminal));
      return TRUE;
    }

  if (type == CS_STEP_APPROVAL)
    {
      g_free (advance->label);
      advance->label = g_strdup (outcome);
    }

  outgoing = plan->outgoing[index];
  for (guint i = 0; i < outgoing->len; i++)
    {
      guint e = g_array_index (outgoing, guint, i);
      CsEdge *edge = cs_workflow_get_edge (plan->workflow, e);

      /* An edge decided already means this step ran twice: refuse, never double a branch. */
      if (edge_state[e] != CS_EDGE_UNDECIDED)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_CONFLICT,
                       _("Step %s has completed before in this instance"), step_id);
          return FALSE;
        }
      decide_edge (plan, edge_state, e, edge_followed (edge, type, chosen_edge, e, outcome), step_id, advance);
    }
  return TRUE;
}
