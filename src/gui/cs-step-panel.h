/* cs-step-panel.h: the settings of the selected step, to read and change
 *
 * Shows the fields of the step's type: name, id, description, type and
 * start for every step; the handler and inputs of an action; the branch
 * conditions of a conditional (its outgoing edges, in the order they are
 * tried) with their parse errors and the column they point at; approvers,
 * quorum, agency, due time and escalation of an approval; method, URL,
 * headers, body, timeouts, retries, breaker, expected statuses and response
 * mapping of an integration; the status of a terminal.
 *
 * Every change goes through the CsEditHistory, so it can be undone; typing
 * into one field makes one undo step. The panel follows the model: undo,
 * redo and edits elsewhere show up at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/cs-edit-history.h"

G_BEGIN_DECLS

#define CS_TYPE_STEP_PANEL (cs_step_panel_get_type ())

G_DECLARE_FINAL_TYPE (CsStepPanel, cs_step_panel, CS, STEP_PANEL, AdwBin)

CsStepPanel   *cs_step_panel_new           (void);
/* The history of the workflow being edited (its steps are shown). */
void           cs_step_panel_set_history   (CsStepPanel   *self,
                                            CsEditHistory *history);
CsStep        *cs_step_panel_get_step      (CsStepPanel   *self);
/* NULL shows the placeholder with @summary (NULL for the default text). */
void           cs_step_panel_set_step      (CsStepPanel   *self,
                                            CsStep        *step,
                                            const char    *summary);
void           cs_step_panel_set_editable  (CsStepPanel   *self,
                                            gboolean       editable);
/* Moves keyboard focus to the name field. */
void           cs_step_panel_focus_name    (CsStepPanel   *self);

G_END_DECLS
