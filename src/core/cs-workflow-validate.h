/* cs-workflow-validate.h: what is wrong with a workflow definition
 *
 * Validation never stops at the first problem: an editor lists them all, each
 * naming the step (and edge) concerned so that it can be selected, and the
 * field, so that the inspector can focus it. A workflow may be published only
 * when validation reports no errors; warnings are advice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "cs-handler-registry.h"
#include "cs-workflow.h"

G_BEGIN_DECLS

typedef enum
{
  CS_PROBLEM_ERROR,
  CS_PROBLEM_WARNING,
} CsProblemSeverity;

typedef enum
{
  CS_PROBLEM_JSON,                    /* the definition file is malformed here (field = JSON path) */
  CS_PROBLEM_INVALID_KEY,             /* the workflow key is missing or not [a-z0-9_]+ */
  CS_PROBLEM_INVALID_VERSION,         /* version < 1 */
  CS_PROBLEM_INVALID_STEP_ID,         /* a step id that is missing or not [a-z0-9_]+ */
  CS_PROBLEM_DUPLICATE_STEP_ID,
  CS_PROBLEM_NO_START,                /* no start step, or it names no step */
  CS_PROBLEM_MULTIPLE_STARTS,         /* a step without incoming edges besides the start */
  CS_PROBLEM_UNREACHABLE,             /* no path from the start reaches the step */
  CS_PROBLEM_DEAD_END,                /* no path from the step reaches a terminal */
  CS_PROBLEM_CYCLE,
  CS_PROBLEM_DANGLING_EDGE,           /* an edge from or to an unknown step */
  CS_PROBLEM_EDGE_FROM_TERMINAL,
  CS_PROBLEM_EDGE_KIND,               /* an edge kind the source step's type cannot have */
  CS_PROBLEM_MISSING_DEFAULT,         /* a conditional without a default edge */
  CS_PROBLEM_MULTIPLE_DEFAULTS,
  CS_PROBLEM_NO_BRANCHES,             /* warning: a conditional with only its default */
  CS_PROBLEM_MISSING_OUTCOME,         /* an approval without an approved or a rejected edge */
  CS_PROBLEM_DUPLICATE_EDGE,          /* warning: the same edge twice */
  CS_PROBLEM_EXPRESSION,              /* a condition or template that does not parse (offset set) */
  CS_PROBLEM_UNKNOWN_HANDLER,         /* an action without a handler, or one not registered */
  CS_PROBLEM_INVALID_INPUT,           /* a bad input or output declaration */
  CS_PROBLEM_NO_APPROVERS,
  CS_PROBLEM_INVALID_URL,             /* an integration URL that is not an http(s) URL */
  CS_PROBLEM_INVALID_METHOD,
  CS_PROBLEM_INVALID_STATUS_PATTERN,
  CS_PROBLEM_INVALID_SETTING,         /* any other out-of-range setting */
} CsProblemKind;

#define CS_TYPE_PROBLEM_KIND (cs_problem_kind_get_type ())
GType        cs_problem_kind_get_type   (void) G_GNUC_CONST;
/* "json", "invalid-key", …, "cycle", … (the GEnum nicks), for logs and tests. */
const char  *cs_problem_kind_to_string  (CsProblemKind kind);

/* One problem: immutable, refcounted. */
typedef struct _CsProblem CsProblem;

#define CS_TYPE_PROBLEM (cs_problem_get_type ())
GType        cs_problem_get_type        (void) G_GNUC_CONST;
/* @offset is the byte offset in the expression or template source, or -1. */
CsProblem   *cs_problem_new             (CsProblemSeverity  severity,
                                         CsProblemKind      kind,
                                         const char        *step_id,
                                         CsEdge            *edge,
                                         const char        *field,
                                         gssize             offset,
                                         const char        *message);
CsProblem   *cs_problem_ref             (CsProblem *problem);
void         cs_problem_unref           (CsProblem *problem);
CsProblemSeverity cs_problem_get_severity (CsProblem *problem);
CsProblemKind cs_problem_get_kind       (CsProblem *problem);
/* The step concerned (for an edge, its source step), or NULL. */
const char  *cs_problem_get_step_id     (CsProblem *problem);
/* The edge concerned, or NULL. */
CsEdge      *cs_problem_get_edge        (CsProblem *problem);
/* What is wrong inside the step: "url", "headers.Accept", "inputs.id_number",
 * "simulation.officers", "condition"; for file problems the JSON path. */
const char  *cs_problem_get_field       (CsProblem *problem);
gssize       cs_problem_get_offset      (CsProblem *problem);
const char  *cs_problem_get_message     (CsProblem *problem);

/* Whether @problems (of CsProblem) holds at least one error. */
gboolean     cs_problems_have_errors    (GPtrArray *problems);
/* The first problem of @kind (and @step_id when not NULL), or NULL. */
CsProblem   *cs_problems_find           (GPtrArray     *problems,
                                         CsProblemKind  kind,
                                         const char    *step_id);

/* Every problem of @workflow, errors and warnings in the order found; a new
 * array of CsProblem, empty when all is well. Handlers are checked against
 * @registry, or the default registry when NULL. */
GPtrArray   *cs_workflow_validate       (CsWorkflow        *workflow,
                                         CsHandlerRegistry *registry);

/* Whether adding an edge @from → @to would close a cycle, i.e. whether @to
 * already leads back to @from (or they are the same step). If so and
 * @cycle_steps is not NULL, stores the ids on that cycle in order, starting
 * and ending with @from (a new array of char*). Linear in the workflow's size. */
gboolean     cs_workflow_would_create_cycle (CsWorkflow  *workflow,
                                             const char  *from,
                                             const char  *to,
                                             GPtrArray  **cycle_steps);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsProblem, cs_problem_unref)

G_END_DECLS
