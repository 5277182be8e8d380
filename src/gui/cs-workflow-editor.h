/* cs-workflow-editor.h: the workflow designer: diagram, palette, settings, problems
 *
 * Shows one workflow version on a CsDagCanvas with a palette of step types
 * (click adds at the middle of the view, drag onto the diagram adds where
 * dropped), the settings of the selected step, and the list of problems
 * (kept up to date as the designer edits; a click selects the step). Every
 * edit goes through a CsEditHistory: undo and redo without limit.
 *
 * Keys: Ctrl+Z undo, Ctrl+Shift+Z (or Ctrl+Y) redo, Delete removes the
 * selection, Ctrl+D duplicates it, + and − zoom, 0 is 100 %, F fits the
 * diagram, Ctrl+S saves. Dropping a .json definition file imports it
 * (undoably) into this version.
 *
 * The editor edits the workflow it is given, in place, and knows nothing of
 * the database: saving is the owner's job. "save-requested" hands over a
 * copy to save; the owner reports back with cs_workflow_editor_save_finished():
 * success marks the saved state (so the editor knows what is unsaved); a
 * CS_ERROR_CONFLICT error — whose message should say who saved which
 * version, e.g. "Someone saved version 5 of this workflow meanwhile" — shows
 * that message with Reload and Save as Separate Draft, which emit
 * "reload-requested" and "save-as-draft-requested"; any other error keeps
 * the draft and its undo history and says so. Nothing is ever overwritten
 * silently. After a publish, the owner usually shows the published version
 * (read-only) in place of the draft.
 *
 * Read-only: for people who may not change workflows
 * (cs_workflow_editor_set_read_only()) and for every version that is not a
 * draft, the diagram and settings can be looked at, not changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/cs-edit-history.h"
#include "cs-dag-canvas.h"
#include "cs-step-panel.h"

G_BEGIN_DECLS

#define CS_TYPE_WORKFLOW_EDITOR (cs_workflow_editor_get_type ())

G_DECLARE_FINAL_TYPE (CsWorkflowEditor, cs_workflow_editor, CS, WORKFLOW_EDITOR, AdwBin)

CsWorkflowEditor *cs_workflow_editor_new            (void);

/* Starts editing @workflow (a fresh undo history). @load_problems are the
 * problems found reading its file (cs_workflow_load_from_file()), listed
 * with the validation problems until the next save or import; may be NULL. */
void           cs_workflow_editor_set_workflow      (CsWorkflowEditor *self,
                                                     CsWorkflow       *workflow,
                                                     GPtrArray        *load_problems);
CsWorkflow    *cs_workflow_editor_get_workflow      (CsWorkflowEditor *self);
CsEditHistory *cs_workflow_editor_get_history       (CsWorkflowEditor *self);
CsDagCanvas   *cs_workflow_editor_get_canvas        (CsWorkflowEditor *self);
CsStepPanel   *cs_workflow_editor_get_step_panel    (CsWorkflowEditor *self);

void           cs_workflow_editor_set_read_only     (CsWorkflowEditor *self,
                                                     gboolean          read_only);
gboolean       cs_workflow_editor_get_read_only     (CsWorkflowEditor *self);
/* FALSE when read-only or the version is not a draft. */
gboolean       cs_workflow_editor_is_editable       (CsWorkflowEditor *self);

/* Load problems and validation problems (of CsProblem), up to date. */
GPtrArray     *cs_workflow_editor_get_problems      (CsWorkflowEditor *self);

/* What the palette does: adds a step of @type centred on canvas point
 * (@x, @y), selects it and returns it (owned by the workflow); NULL when
 * read-only. */
CsStep        *cs_workflow_editor_add_step          (CsWorkflowEditor *self,
                                                     CsStepType        type,
                                                     double            x,
                                                     double            y);
/* What dragging from @from's port onto @to does. Refuses (and says why in
 * @error, naming the steps, or the whole cycle an edge would close) an
 * edge out of a terminal, a second edge between the same steps, or one that
 * closes a cycle. The edge kind follows the source: a conditional's first
 * edge is a branch and its next one, once a branch exists, the default;
 * an approval's first is "approved", the next "rejected". */
gboolean       cs_workflow_editor_connect_steps     (CsWorkflowEditor *self,
                                                     const char       *from,
                                                     const char       *to,
                                                     GError          **error);
/* Replaces this version's contents with the definition in @file (an undoable
 * edit); the file's problems are listed. */
gboolean       cs_workflow_editor_import_file       (CsWorkflowEditor *self,
                                                     GFile            *file,
                                                     GError          **error);

/* The outcome of the save last requested (see above). */
void           cs_workflow_editor_save_finished     (CsWorkflowEditor *self,
                                                     gboolean          ok,
                                                     const GError     *error);
gboolean       cs_workflow_editor_get_saving        (CsWorkflowEditor *self);
/* Whether there are edits since the last successful save. */
gboolean       cs_workflow_editor_is_modified       (CsWorkflowEditor *self);
/* Whether the "someone else saved meanwhile" bar is shown. */
gboolean       cs_workflow_editor_is_conflict_shown (CsWorkflowEditor *self);
/* The last thing the editor told the user (toast or bar), or NULL. */
const char    *cs_workflow_editor_get_message       (CsWorkflowEditor *self);

G_END_DECLS
