/* cs-edit-history.h: undo and redo of every edit made to a workflow
 *
 * An editor makes every change to its workflow through the history: each
 * function below applies one edit and records it as a command that can be
 * undone and redone, without limit. Undoing everything gives back a workflow
 * cs_workflow_equal() to the one the history started with.
 *
 * The history assumes it is the only writer of the workflow; a change made
 * behind its back breaks undo (call cs_edit_history_clear() after one).
 *
 * Commands keep steps and edges by reference, so an undone deletion puts the
 * very same objects back and views keyed by them stay valid.
 *
 * Property edits go through a snapshot pair:
 *
 *   cs_edit_history_begin_step_change (history, step, "url");
 *   cs_step_set_url (step, text);
 *   cs_edit_history_end_step_change (history);
 *
 * Consecutive changes of the same field of the same step (typing into one
 * entry) merge into a single command, unless the state between them was
 * marked clean or cs_edit_history_break_merge() was called.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "cs-workflow.h"

G_BEGIN_DECLS

typedef struct
{
  double x;
  double y;
} CsEditPoint;

#define CS_TYPE_EDIT_HISTORY (cs_edit_history_get_type ())

G_DECLARE_FINAL_TYPE (CsEditHistory, cs_edit_history, CS, EDIT_HISTORY, GObject)

CsEditHistory *cs_edit_history_new              (CsWorkflow    *workflow);
CsWorkflow    *cs_edit_history_get_workflow     (CsEditHistory *self);

/* "can-undo", "can-redo" and "clean" are properties, notified on change. */
gboolean       cs_edit_history_can_undo         (CsEditHistory *self);
gboolean       cs_edit_history_can_redo         (CsEditHistory *self);
/* What undo / redo would do, e.g. "Delete Step “Verify Identity”"; NULL when nothing. */
const char    *cs_edit_history_get_undo_label   (CsEditHistory *self);
const char    *cs_edit_history_get_redo_label   (CsEditHistory *self);
gboolean       cs_edit_history_undo             (CsEditHistory *self);
gboolean       cs_edit_history_redo             (CsEditHistory *self);
/* How many commands undo can take back. */
guint          cs_edit_history_get_depth        (CsEditHistory *self);

/* The clean state is the one last saved: mark it after a successful save. */
void           cs_edit_history_set_clean        (CsEditHistory *self);
gboolean       cs_edit_history_is_clean         (CsEditHistory *self);
/* Forgets every command; the current state becomes clean. */
void           cs_edit_history_clear            (CsEditHistory *self);

/* Everything recorded between begin and end undoes as one command. Groups
 * nest; an empty group records nothing. */
void           cs_edit_history_begin_group      (CsEditHistory *self,
                                                 const char    *label);
void           cs_edit_history_end_group        (CsEditHistory *self);
/* The next property change starts a new command even for the same field. */
void           cs_edit_history_break_merge      (CsEditHistory *self);

/* An id not used by any step of the workflow: @base itself, else base_2, base_3… */
char          *cs_edit_history_unique_step_id   (CsEditHistory *self,
                                                 const char    *base);

/* Steps. @index -1 appends. The step must not belong to a workflow yet. */
void           cs_edit_history_add_step         (CsEditHistory *self,
                                                 CsStep        *step,
                                                 int            index);
/* Removes the step and every edge from or to it (and the start mark). */
gboolean       cs_edit_history_remove_step      (CsEditHistory *self,
                                                 CsStep        *step);
/* Copies @steps (of CsStep) under new ids, shifted by (@dx, @dy) and pinned,
 * with the edges that join two of them; returns the new steps (a new array
 * of references, in the order of @steps). */
GPtrArray     *cs_edit_history_duplicate_steps  (CsEditHistory *self,
                                                 GPtrArray     *steps,
                                                 double         dx,
                                                 double         dy);
/* Places each step of @steps at the matching point and pins it there; one
 * command for the whole drag. */
void           cs_edit_history_move_steps       (CsEditHistory     *self,
                                                 GPtrArray         *steps,
                                                 const CsEditPoint *positions);
/* Forgets the positions of @steps (NULL for every step) so that automatic
 * layout places them again: "Re-layout". FALSE when none had one. */
gboolean       cs_edit_history_unpin_steps      (CsEditHistory *self,
                                                 GPtrArray     *steps);
/* Changes the id; edges and the start step follow. Fails with
 * CS_ERROR_INVALID_ARGUMENT for an invalid or already used id. */
gboolean       cs_edit_history_rename_step      (CsEditHistory *self,
                                                 CsStep        *step,
                                                 const char    *new_id,
                                                 GError       **error);
void           cs_edit_history_set_start_step   (CsEditHistory *self,
                                                 const char    *step_id);

/* Property changes of one step or edge (see above). Begin takes a snapshot,
 * end compares and records; nothing is recorded when nothing changed. */
void           cs_edit_history_begin_step_change (CsEditHistory *self,
                                                  CsStep        *step,
                                                  const char    *field);
void           cs_edit_history_end_step_change   (CsEditHistory *self);
void           cs_edit_history_begin_edge_change (CsEditHistory *self,
                                                  CsEdge        *edge,
                                                  const char    *field);
void           cs_edit_history_end_edge_change   (CsEditHistory *self);

/* Edges. @index -1 appends. */
void           cs_edit_history_add_edge         (CsEditHistory *self,
                                                 CsEdge        *edge,
                                                 int            index);
gboolean       cs_edit_history_remove_edge      (CsEditHistory *self,
                                                 CsEdge        *edge);
/* Moves @edge to @index in the edge list (a conditional's branch order). */
void           cs_edit_history_move_edge        (CsEditHistory *self,
                                                 CsEdge        *edge,
                                                 guint          index);

/* Replaces name, description, simulation profile, steps, edges and start
 * step with copies of those of @source (an imported definition); key, version, tenant and status
 * stay. Undoable like any edit. */
void           cs_edit_history_replace_contents (CsEditHistory *self,
                                                 CsWorkflow    *source);

G_END_DECLS
