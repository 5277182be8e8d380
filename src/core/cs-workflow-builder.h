/* cs-workflow-builder.h: write workflows in C the way one draws them
 *
 *   g_autoptr(CsWorkflowBuilder) b = cs_workflow_builder_new ("simple_approval", 1,
 *                                                             "Simple Approval Process");
 *   cs_action (b, "validate", "Validate Request", "data.validate_application");
 *   cs_approval (b, "approve", "Manager Approval", "officer", NULL);
 *   cs_terminal (b, "success", "Approved", CS_TERMINAL_SUCCESS);
 *   cs_terminal (b, "rejected", "Rejected", CS_TERMINAL_REJECTED);
 *
 *   cs_flow (b, "validate", "approve", NULL);
 *   cs_on_approved (b, "approve", "success");
 *   cs_on_rejected (b, "approve", "rejected");
 *
 *   return cs_workflow_builder_finish (b);
 *
 * Steps may be connected before they are declared. The first step declared is
 * the start step unless cs_start() names another. The builder does not check
 * anything: run cs_workflow_validate() on the result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-handler-registry.h"
#include "cs-workflow.h"

G_BEGIN_DECLS

typedef struct _CsWorkflowBuilder CsWorkflowBuilder;

CsWorkflowBuilder *cs_workflow_builder_new  (const char        *key,
                                             int                version,
                                             const char        *name);
void         cs_workflow_builder_free       (CsWorkflowBuilder *b);
/* Actions take their input and output declarations from this registry
 * (the default registry unless set). */
void         cs_workflow_builder_set_registry (CsWorkflowBuilder *b,
                                               CsHandlerRegistry *registry);
void         cs_workflow_builder_set_description (CsWorkflowBuilder *b,
                                                  const char        *description);
/* The workflow being built (borrowed), for anything the builder lacks. */
CsWorkflow  *cs_workflow_builder_get_workflow (CsWorkflowBuilder *b);
/* A new reference to the workflow built so far. */
CsWorkflow  *cs_workflow_builder_finish     (CsWorkflowBuilder *b);

/* Steps. Each returns the new step (owned by the workflow) for further
 * configuration with the cs_step_*() setters. */

/* The step starts with the handler's declared inputs and outputs. */
CsStep      *cs_action       (CsWorkflowBuilder *b,
                              const char        *id,
                              const char        *name,
                              const char        *handler);
CsStep      *cs_conditional  (CsWorkflowBuilder *b,
                              const char        *id,
                              const char        *name);
/* Approver roles follow @name, ended by NULL. */
CsStep      *cs_approval     (CsWorkflowBuilder *b,
                              const char        *id,
                              const char        *name,
                              const char        *first_role,
                              ...) G_GNUC_NULL_TERMINATED;
CsStep      *cs_integration  (CsWorkflowBuilder *b,
                              const char        *id,
                              const char        *name,
                              const char        *method,
                              const char        *url_template);
CsStep      *cs_terminal     (CsWorkflowBuilder *b,
                              const char        *id,
                              const char        *name,
                              CsTerminalStatus   status);
void         cs_start        (CsWorkflowBuilder *b,
                              const char        *id);

/* Edges */

/* A chain: cs_flow (b, "a", "b", "c", NULL) is a → b → c. */
void         cs_flow         (CsWorkflowBuilder *b,
                              const char        *first,
                              ...) G_GNUC_NULL_TERMINATED;
/* Parallel branches: cs_fork (b, "a", "b", "c", NULL) is a → b and a → c. */
void         cs_fork         (CsWorkflowBuilder *b,
                              const char        *from,
                              ...) G_GNUC_NULL_TERMINATED;
/* A join: cs_join (b, "d", "b", "c", NULL) is b → d and c → d; d waits for both. */
void         cs_join         (CsWorkflowBuilder *b,
                              const char        *into,
                              ...) G_GNUC_NULL_TERMINATED;
/* Branches of a conditional, tried in the order they are added. */
CsEdge      *cs_when         (CsWorkflowBuilder *b,
                              const char        *conditional,
                              const char        *condition,
                              const char        *to);
CsEdge      *cs_otherwise    (CsWorkflowBuilder *b,
                              const char        *conditional,
                              const char        *to);
CsEdge      *cs_on_approved  (CsWorkflowBuilder *b,
                              const char        *approval,
                              const char        *to);
CsEdge      *cs_on_rejected  (CsWorkflowBuilder *b,
                              const char        *approval,
                              const char        *to);

/* Action configuration */

/* Sets a constant input; @json is a JSON literal: "\"welcome\"", "3", "[\"a\", \"b\"]". */
void         cs_param_json   (CsStep            *step,
                              const char        *name,
                              const char        *json);
void         cs_param_string (CsStep            *step,
                              const char        *name,
                              const char        *value);
/* Makes the declared input @input read the instance data at @source. */
void         cs_input_from   (CsStep            *step,
                              const char        *input,
                              const char        *source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsWorkflowBuilder, cs_workflow_builder_free)

G_END_DECLS
