/* cs-edit-history-private.h: what the edit functions of CsEditHistory share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-edit-command-private.h"
#include "cs-edit-history.h"

G_BEGIN_DECLS

struct _CsEditHistory
{
  GObject        parent_instance;

  CsWorkflow    *workflow;
  GPtrArray     *commands;
  guint          position;
  int            clean_index;
  GPtrArray     *open_groups;
  gboolean       merge_broken;

  CsStep        *change_step;
  CsStep        *change_step_before;
  char          *change_field;
  CsEdge        *change_edge;
  CsEdge        *change_edge_before;
  char          *change_edge_field;

  gboolean       can_undo;
  gboolean       can_redo;
  gboolean       clean;
};

/* Records @command, into the innermost open group if any; applies it first
 * when @apply (property changes are recorded after the caller made them). */
void cs_edit_history_push (CsEditHistory *self,
                           CsEditCommand *command,
                           gboolean       apply);

G_END_DECLS
