/* cs-engine-plan.h: where an instance goes next
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cs-workflow.h"

G_BEGIN_DECLS

/* Edge states, one character per edge of the workflow, kept with the instance. */
#define CS_EDGE_UNDECIDED '.'
#define CS_EDGE_TAKEN     'T'
#define CS_EDGE_DEAD      'D'

typedef struct
{
  char *step_id;
  char *from_step;   /* the step whose completion made it runnable */
} CsNextStep;

typedef struct
{
  GPtrArray        *runnable;   /* CsNextStep: to enqueue now */
  GPtrArray        *skipped;    /* char*: steps on branches that can no longer be taken */
  gboolean          finished;   /* a terminal was reached: the instance ends */
  CsTerminalStatus  terminal;
  char             *label;      /* what was taken: branch label, approval outcome */
} CsAdvance;

void cs_advance_init  (CsAdvance *advance);
void cs_advance_clear (CsAdvance *advance);

typedef struct _CsEnginePlan CsEnginePlan;

#define CS_TYPE_ENGINE_PLAN (cs_engine_plan_get_type ())
GType         cs_engine_plan_get_type       (void) G_GNUC_CONST;

/* Prepares @workflow for execution; refuses one with validation errors.
 * The plan keeps its own copy: the caller may go on editing the original.
 * Immutable afterwards, so threads share it. */
CsEnginePlan *cs_engine_plan_new            (CsWorkflow    *workflow,
                                             GError       **error);
CsEnginePlan *cs_engine_plan_ref            (CsEnginePlan  *plan);
void          cs_engine_plan_unref          (CsEnginePlan  *plan);
CsWorkflow   *cs_engine_plan_get_workflow   (CsEnginePlan  *plan);
CsStep       *cs_engine_plan_get_step       (CsEnginePlan  *plan,
                                             const char    *step_id);

/* The initial edge state and the first runnable step. */
char         *cs_engine_plan_start          (CsEnginePlan  *plan,
                                             CsAdvance     *advance);
/* Evaluates a Conditional against @data: the index (in the workflow's edge
 * list) of the branch taken, and its label. */
gboolean      cs_engine_plan_choose_branch  (CsEnginePlan  *plan,
                                             CsStep        *step,
                                             JsonNode      *data,
                                             int           *edge_index,
                                             const char   **label,
                                             GError       **error);
/* Records that @step_id completed and works out what runs next, updating
 * @edge_state in place. @chosen_edge is the branch a Conditional took (else
 * -1); @outcome is "approved" or "rejected" for an Approval (else NULL). */
gboolean      cs_engine_plan_advance        (CsEnginePlan  *plan,
                                             char          *edge_state,
                                             const char    *step_id,
                                             int            chosen_edge,
                                             const char    *outcome,
                                             CsAdvance     *advance,
                                             GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsEnginePlan, cs_engine_plan_unref)

G_END_DECLS
