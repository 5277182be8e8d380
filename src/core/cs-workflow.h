/* cs-workflow.h: a versioned workflow definition: steps joined by edges
 *
 * The workflow owns an ordered list of steps and an ordered list of edges.
 * Order matters: a Conditional tries its branches in edge order, and editors
 * and files keep the designer's order.
 *
 * Changing the workflow, any of its steps or any of its edges emits
 * "changed" (once per change, or once per cs_workflow_freeze_changed() /
 * cs_workflow_thaw_changed() pair); adding and removing steps and edges also
 * emit "step-added", "step-removed", "edge-added" and "edge-removed" with the
 * object and its position.
 *
 * Renaming a step (cs_step_set_id() on a step of the workflow) rewrites the
 * edges and the start step that referred to the old id, unless another step
 * still has that id.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "cs-edge.h"
#include "cs-step.h"

G_BEGIN_DECLS

typedef enum
{
  CS_WORKFLOW_STATUS_DRAFT,       /* being designed; instances cannot start */
  CS_WORKFLOW_STATUS_PUBLISHED,   /* instances start on this version */
  CS_WORKFLOW_STATUS_RETIRED,     /* running instances finish; no new ones */
} CsWorkflowStatus;

#define CS_TYPE_WORKFLOW_STATUS (cs_workflow_status_get_type ())
GType        cs_workflow_status_get_type    (void) G_GNUC_CONST;
/* "draft", "published", "retired" */
const char  *cs_workflow_status_to_string   (CsWorkflowStatus  status);
gboolean     cs_workflow_status_from_string (const char       *text,
                                             CsWorkflowStatus *status);

#define CS_TYPE_WORKFLOW (cs_workflow_get_type ())

G_DECLARE_FINAL_TYPE (CsWorkflow, cs_workflow, CS, WORKFLOW, GObject)

CsWorkflow  *cs_workflow_new                (const char   *key,
                                             int           version,
                                             const char   *name);
/* A deep copy: new steps and edges (parsed expressions are shared, they are
 * immutable). Undo snapshots and the engine's private copy use this. */
CsWorkflow  *cs_workflow_copy               (CsWorkflow   *workflow);
/* Deep structural equality of everything that is saved. */
gboolean     cs_workflow_equal              (CsWorkflow   *a,
                                             CsWorkflow   *b);
/* Whether @key is a valid machine id: [a-z0-9_]+ */
gboolean     cs_workflow_key_is_valid       (const char   *key);

const char  *cs_workflow_get_key            (CsWorkflow   *workflow);
void         cs_workflow_set_key            (CsWorkflow   *workflow,
                                             const char   *key);
int          cs_workflow_get_version        (CsWorkflow   *workflow);
void         cs_workflow_set_version        (CsWorkflow   *workflow,
                                             int           version);
/* Never NULL. */
const char  *cs_workflow_get_name           (CsWorkflow   *workflow);
void         cs_workflow_set_name           (CsWorkflow   *workflow,
                                             const char   *name);
const char  *cs_workflow_get_description    (CsWorkflow   *workflow);
void         cs_workflow_set_description    (CsWorkflow   *workflow,
                                             const char   *description);
/* NULL for a workflow shared by all tenants. */
const char  *cs_workflow_get_tenant         (CsWorkflow   *workflow);
void         cs_workflow_set_tenant         (CsWorkflow   *workflow,
                                             const char   *tenant);
CsWorkflowStatus cs_workflow_get_status     (CsWorkflow   *workflow);
void         cs_workflow_set_status         (CsWorkflow   *workflow,
                                             CsWorkflowStatus status);
const char  *cs_workflow_get_start_step_id  (CsWorkflow   *workflow);
void         cs_workflow_set_start_step_id  (CsWorkflow   *workflow,
                                             const char   *step_id);
/* The step the start id names, or NULL. */
CsStep      *cs_workflow_get_start_step     (CsWorkflow   *workflow);
/* Whether the workflow was discovered from an event log (cs-discovery.h): it
 * describes what happened, so its actions need no handlers. */
gboolean     cs_workflow_get_observed       (CsWorkflow   *workflow);
void         cs_workflow_set_observed       (CsWorkflow   *workflow,
                                             gboolean      observed);
/* The simulation profile (docs/workflow-format.md): an immutable JSON object
 * node, or NULL. The setter stores a sealed deep copy; NULL clears. */
JsonNode    *cs_workflow_get_simulation     (CsWorkflow   *workflow);
void         cs_workflow_set_simulation     (CsWorkflow   *workflow,
                                             JsonNode     *simulation);

/* Steps */
guint        cs_workflow_get_n_steps        (CsWorkflow   *workflow);
CsStep      *cs_workflow_get_step           (CsWorkflow   *workflow,
                                             guint         index);
/* Borrowed; do not modify. */
GPtrArray   *cs_workflow_get_steps          (CsWorkflow   *workflow);
/* Appends @step (referenced). A step belongs to at most one workflow. */
void         cs_workflow_add_step           (CsWorkflow   *workflow,
                                             CsStep       *step);
void         cs_workflow_insert_step        (CsWorkflow   *workflow,
                                             CsStep       *step,
                                             guint         index);
/* Removes @step and every edge from or to its id (unless another step has
 * the same id); clears the start step if it was @step. */
gboolean     cs_workflow_remove_step        (CsWorkflow   *workflow,
                                             CsStep       *step);
/* The first step with that id, or NULL. */
CsStep      *cs_workflow_find_step          (CsWorkflow   *workflow,
                                             const char   *step_id);
/* -1 when @step is not in the workflow. */
int          cs_workflow_get_step_index     (CsWorkflow   *workflow,
                                             CsStep       *step);

/* Edges */
guint        cs_workflow_get_n_edges        (CsWorkflow   *workflow);
CsEdge      *cs_workflow_get_edge           (CsWorkflow   *workflow,
                                             guint         index);
GPtrArray   *cs_workflow_get_edges          (CsWorkflow   *workflow);
void         cs_workflow_add_edge           (CsWorkflow   *workflow,
                                             CsEdge       *edge);
void         cs_workflow_insert_edge        (CsWorkflow   *workflow,
                                             CsEdge       *edge,
                                             guint         index);
gboolean     cs_workflow_remove_edge        (CsWorkflow   *workflow,
                                             CsEdge       *edge);
/* Moves @edge to @index in the edge list (e.g. to reorder branches). */
void         cs_workflow_move_edge          (CsWorkflow   *workflow,
                                             CsEdge       *edge,
                                             guint         index);
/* Creates and appends an edge; returns it (owned by the workflow). */
CsEdge      *cs_workflow_connect            (CsWorkflow   *workflow,
                                             const char   *from,
                                             const char   *to,
                                             CsEdgeKind    kind);
/* The first edge from @from to @to, or NULL. */
CsEdge      *cs_workflow_find_edge          (CsWorkflow   *workflow,
                                             const char   *from,
                                             const char   *to);
int          cs_workflow_get_edge_index     (CsWorkflow   *workflow,
                                             CsEdge       *edge);
/* New arrays of referenced edges, in edge order (branch order for a Conditional). */
GPtrArray   *cs_workflow_get_outgoing_edges (CsWorkflow   *workflow,
                                             const char   *step_id);
GPtrArray   *cs_workflow_get_incoming_edges (CsWorkflow   *workflow,
                                             const char   *step_id);

/* Graph queries (edges to unknown steps are ignored) */
/* The ids of the steps reachable from @step_id, itself included: a set
 * (GHashTable of char*, owned by the table). */
GHashTable  *cs_workflow_collect_reachable  (CsWorkflow   *workflow,
                                             const char   *step_id);
gboolean     cs_workflow_has_path           (CsWorkflow   *workflow,
                                             const char   *from,
                                             const char   *to);
/* The steps in an order where every edge goes forward, ties broken by step
 * order; a new array of referenced steps. Fails with CS_ERROR_INVALID_ARGUMENT
 * when the workflow has a cycle. */
GPtrArray   *cs_workflow_topological_sort   (CsWorkflow   *workflow,
                                             GError      **error);

void         cs_workflow_freeze_changed     (CsWorkflow   *workflow);
void         cs_workflow_thaw_changed       (CsWorkflow   *workflow);

G_END_DECLS
