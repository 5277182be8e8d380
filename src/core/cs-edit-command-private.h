/* cs-edit-command-private.h: the commands CsEditHistory records
 *
 * A command captures, when it is created, everything needed to apply it
 * (redo) and to take it back (undo); the history applies it once with redo
 * right after creating it. Commands hold references to the steps and edges
 * they concern.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-edit-history.h"

G_BEGIN_DECLS

typedef struct _CsEditCommand CsEditCommand;

typedef struct
{
  void     (*redo)     (CsEditCommand *command,
                        CsWorkflow    *workflow);
  void     (*undo)     (CsEditCommand *command,
                        CsWorkflow    *workflow);
  void     (*finalize) (CsEditCommand *command);
  /* Absorbs @next (recorded right after @command) when both change the same
   * thing; @next is then freed by the caller. May be NULL. */
  gboolean (*merge)    (CsEditCommand *command,
                        CsEditCommand *next);
} CsEditCommandClass;

struct _CsEditCommand
{
  const CsEditCommandClass *klass;
  char                     *label;
};

/* The position part of a step, as saved. */
typedef struct
{
  gboolean has_position;
  gboolean pinned;
  double   x;
  double   y;
} CsEditPlacement;

/* Allocates a command of @size bytes (a struct starting with CsEditCommand),
 * taking @label. */
gpointer       cs_edit_command_alloc            (gsize                     size,
                                                 const CsEditCommandClass *klass,
                                                 char                     *label);
/* The step's name, else its id, for labels. */
const char    *cs_edit_step_title               (CsStep        *step);
/* "from → to", for labels. */
char          *cs_edit_edge_title               (CsEdge        *edge);

void           cs_edit_command_free             (CsEditCommand *command);
void           cs_edit_command_redo             (CsEditCommand *command,
                                                 CsWorkflow    *workflow);
void           cs_edit_command_undo             (CsEditCommand *command,
                                                 CsWorkflow    *workflow);
gboolean       cs_edit_command_merge            (CsEditCommand *command,
                                                 CsEditCommand *next);

CsEditCommand *cs_edit_command_group_new        (const char    *label);
void           cs_edit_command_group_append     (CsEditCommand *group,
                                                 CsEditCommand *child);
guint          cs_edit_command_group_get_size   (CsEditCommand *group);

CsEditCommand *cs_edit_command_add_step_new     (CsStep        *step,
                                                 guint          index);
CsEditCommand *cs_edit_command_remove_step_new  (CsWorkflow    *workflow,
                                                 CsStep        *step);
CsEditCommand *cs_edit_command_add_edge_new     (CsEdge        *edge,
                                                 guint          index);
CsEditCommand *cs_edit_command_remove_edge_new  (CsWorkflow    *workflow,
                                                 CsEdge        *edge);
CsEditCommand *cs_edit_command_move_edge_new    (CsWorkflow    *workflow,
                                                 CsEdge        *edge,
                                                 guint          index);
/* @before and @after hold one placement per step. */
CsEditCommand *cs_edit_command_place_new        (const char            *label,
                                                 GPtrArray             *steps,
                                                 const CsEditPlacement *before,
                                                 const CsEditPlacement *after);
/* Takes @before and @after (snapshots made with cs_step_copy()). */
CsEditCommand *cs_edit_command_step_change_new  (CsStep        *step,
                                                 CsStep        *before,
                                                 CsStep        *after,
                                                 const char    *field);
CsEditCommand *cs_edit_command_edge_change_new  (CsEdge        *edge,
                                                 CsEdge        *before,
                                                 CsEdge        *after,
                                                 const char    *field);
CsEditCommand *cs_edit_command_rename_new       (CsStep        *step,
                                                 const char    *new_id);
CsEditCommand *cs_edit_command_set_start_new    (CsWorkflow    *workflow,
                                                 const char    *step_id);
/* Takes copies of the contents of @source. */
CsEditCommand *cs_edit_command_replace_new      (CsWorkflow    *workflow,
                                                 CsWorkflow    *source);

/* Makes @dst hold everything @src holds, through the setters (so that
 * observers are told), the configuration of every type included. */
void           cs_edit_restore_step             (CsStep        *dst,
                                                 CsStep        *src);
void           cs_edit_restore_edge             (CsEdge        *dst,
                                                 CsEdge        *src);
void           cs_edit_placement_get            (CsStep          *step,
                                                 CsEditPlacement *placement);
void           cs_edit_placement_apply          (CsStep                *step,
                                                 const CsEditPlacement *placement);

G_END_DECLS
