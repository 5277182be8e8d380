/* cs-workflow-builder.c: write workflows in C the way one draws them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-workflow-builder.h"

struct _CsWorkflowBuilder
{
  CsWorkflow        *workflow;
  CsHandlerRegistry *registry;
  gboolean           start_set;
};

CsWorkflowBuilder *
cs_workflow_builder_new (const char *key,
                         int         version,
                         const char *name)
{
  CsWorkflowBuilder *b = g_new0 (CsWorkflowBuilder, 1);

  b->workflow = cs_workflow_new (key, version, name);
  b->registry = g_object_ref (cs_handler_registry_get_default ());
  return b;
}

void
cs_workflow_builder_free (CsWorkflowBuilder *b)
{
  if (b == NULL)
    return;
  g_clear_object (&b->workflow);
  g_clear_object (&b->registry);
  g_free (b);
}

void
cs_workflow_builder_set_registry (CsWorkflowBuilder *b,
                                  CsHandlerRegistry *registry)
{
  g_return_if_fail (b != NULL);
  g_return_if_fail (CS_IS_HANDLER_REGISTRY (registry));

  g_set_object (&b->registry, registry);
}

void
cs_workflow_builder_set_description (CsWorkflowBuilder *b,
                                     const char        *description)
{
  g_return_if_fail (b != NULL);
  cs_workflow_set_description (b->workflow, description);
}

CsWorkflow *
cs_workflow_builder_get_workflow (CsWorkflowBuilder *b)
{
  g_return_val_if_fail (b != NULL, NULL);
  return b->workflow;
}

CsWorkflow *
cs_workflow_builder_finish (CsWorkflowBuilder *b)
{
  g_return_val_if_fail (b != NULL, NULL);
  return g_object_ref (b->workflow);
}

static CsStep *
add_step (CsWorkflowBuilder *b,
          const char        *id,
          CsStepType         type,
          const char        *name)
{
  g_autoptr(CsStep) step = cs_step_new (id, type, name);

  cs_workflow_add_step (b->workflow, step);
  if (!b->start_set && cs_workflow_get_n_steps (b->workflow) == 1)
    cs_workflow_set_start_step_id (b->workflow, id);
  return step;
}

CsStep *
cs_action (CsWorkflowBuilder *b,
           const char        *id,
           const char        *name,
           const char        *handler)
{
  g_autoptr(CsHandler) registered = NULL;
  CsStep *step;

  g_return_val_if_fail (b != NULL, NULL);

  step = add_step (b, id, CS_STEP_ACTION, name);
  cs_step_set_handler (step, handler);
  registered = cs_handler_registry_lookup (b->registry, handler);
  if (registered != NULL)
    {
      cs_step_set_inputs (step, cs_handler_get_inputs (registered));
      cs_step_set_outputs (step, cs_handler_get_outputs (registered));
    }
  return step;
}

CsStep *
cs_conditional (CsWorkflowBuilder *b,
                const char        *id,
                const char        *name)
{
  g_return_val_if_fail (b != NULL, NULL);
  return add_step (b, id, CS_STEP_CONDITIONAL, name);
}

CsStep *
cs_approval (CsWorkflowBuilder *b,
             const char        *id,
             const char        *name,
             const char        *first_role,
             ...)
{
  CsStep *step;
  va_list args;

  g_return_val_if_fail (b != NULL, NULL);

  step = add_step (b, id, CS_STEP_APPROVAL, name);
  va_start (args, first_role);
  for (const char *role = first_role; role != NULL; role = va_arg (args, const char *))
    cs_step_add_approver_role (step, role);
  va_end (args);
  return step;
}

CsStep *
cs_integration (CsWorkflowBuilder *b,
                const char        *id,
                const char        *name,
                const char        *method,
                const char        *url_template)
{
  CsStep *step;

  g_return_val_if_fail (b != NULL, NULL);
  g_return_val_if_fail (method != NULL, NULL);

  step = add_step (b, id, CS_STEP_INTEGRATION, name);
  cs_step_set_method (step, method);
  cs_step_set_url (step, url_template);
  return step;
}

CsStep *
cs_terminal (CsWorkflowBuilder *b,
             const char        *id,
             const char        *name,
             CsTerminalStatus   status)
{
  CsStep *step;

  g_return_val_if_fail (b != NULL, NULL);

  step = add_step (b, id, CS_STEP_TERMINAL, name);
  cs_step_set_terminal_status (step, status);
  return step;
}

void
cs_start (CsWorkflowBuilder *b,
          const char        *id)
{
  g_return_if_fail (b != NULL);

  b->start_set = TRUE;
  cs_workflow_set_start_step_id (b->workflow, id);
}

void
cs_flow (CsWorkflowBuilder *b,
         const char        *first,
         ...)
{
  const char *previous = first;
  const char *next;
  va_list args;

  g_return_if_fail (b != NULL);

  va_start (args, first);
  while ((next = va_arg (args, const char *)) != NULL)
    {
      cs_workflow_connect (b->workflow, previous, next, CS_EDGE_NEXT);
      previous = next;
    }
  va_end (args);
}

void
cs_fork (CsWorkflowBuilder *b,
         const char        *from,
         ...)
{
  const char *to;
  va_list args;

  g_return_if_fail (b != NULL);

  va_start (args, from);
  while ((to = va_arg (args, const char *)) != NULL)
    cs_workflow_connect (b->workflow, from, to, CS_EDGE_NEXT);
  va_end (args);
}

void
cs_join (CsWorkflowBuilder *b,
         const char        *into,
         ...)
{
  const char *from;
  va_list args;

  g_return_if_fail (b != NULL);

  va_start (args, into);
  while ((from = va_arg (args, const char *)) != NULL)
    cs_workflow_connect (b->workflow, from, into, CS_EDGE_NEXT);
  va_end (args);
}

CsEdge *
cs_when (CsWorkflowBuilder *b,
         const char        *conditional,
         const char        *condition,
         const char        *to)
{
  g_autoptr(CsEdge) edge = NULL;

  g_return_val_if_fail (b != NULL, NULL);

  edge = cs_edge_new_branch (conditional, to, condition);
  cs_workflow_add_edge (b->workflow, edge);
  return edge;
}

CsEdge *
cs_otherwise (CsWorkflowBuilder *b,
              const char        *conditional,
              const char        *to)
{
  g_return_val_if_fail (b != NULL, NULL);
  return cs_workflow_connect (b->workflow, conditional, to, CS_EDGE_DEFAULT);
}

CsEdge *
cs_on_approved (CsWorkflowBuilder *b,
                const char        *approval,
                const char        *to)
{
  g_return_val_if_fail (b != NULL, NULL);
  return cs_workflow_connect (b->workflow, approval, to, CS_EDGE_APPROVED);
}

CsEdge *
cs_on_rejected (CsWorkflowBuilder *b,
                const char        *approval,
                const char        *to)
{
  g_return_val_if_fail (b != NULL, NULL);
  return cs_workflow_connect (b->workflow, approval, to, CS_EDGE_REJECTED);
}

void
cs_param_json (CsStep     *step,
               const char *name,
               const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *value;

  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (name != NULL);
  g_return_if_fail (json != NULL);

  value = json_from_string (json, &error);
  /* Built-in workflows are code: a bad literal is a programming error. */
  if (value == NULL)
    {
      g_critical ("Step %s: parameter %s is not JSON: %s", cs_step_get_id (step), name,
                  error ? error->message : "empty");
      return;
    }
  cs_step_take_parameter (step, name, value);
}

void
cs_param_string (CsStep     *step,
                 const char *name,
                 const char *value)
{
  JsonNode *node;

  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (node, value);
  cs_step_take_parameter (step, name, node);
}

void
cs_input_from (CsStep     *step,
               const char *input,
               const char *source)
{
  CsStepParam *old;
  g_autoptr(CsStepParam) param = NULL;

  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (input != NULL);

  old = cs_step_find_input (step, input);
  g_return_if_fail (old != NULL);

  param = cs_step_param_new (input, cs_step_param_get_value_type (old),
                             cs_step_param_get_required (old), cs_step_param_get_pattern (old),
                             source, cs_step_param_get_description (old));
  cs_step_add_input (step, param);
}
