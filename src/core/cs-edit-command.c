/* cs-edit-command.c: the commands CsEditHistory records
 *
 * The structural commands: groups, adding and removing steps and edges,
 * reordering edges, placing steps. Snapshot-based ones are in
 * cs-edit-snapshot.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-edit-command-private.h"

const char *
cs_edit_step_title (CsStep *step)
{
  const char *name = cs_step_get_name (step);

  if (*name != '\0')
    return name;
  return cs_step_get_id (step) ? cs_step_get_id (step) : "";
}

void
cs_edit_command_free (CsEditCommand *command)
{
  if (command == NULL)
    return;
  command->klass->finalize (command);
  g_free (command->label);
  g_free (command);
}

void
cs_edit_command_redo (CsEditCommand *command,
                      CsWorkflow    *workflow)
{
  command->klass->redo (command, workflow);
}

void
cs_edit_command_undo (CsEditCommand *command,
                      CsWorkflow    *workflow)
{
  command->klass->undo (command, workflow);
}

gboolean
cs_edit_command_merge (CsEditCommand *command,
                       CsEditCommand *next)
{
  if (command->klass != next->klass || command->klass->merge == NULL)
    return FALSE;
  return command->klass->merge (command, next);
}

gpointer
cs_edit_command_alloc (gsize                     size,
                       const CsEditCommandClass *klass,
                       char                     *label)
{
  CsEditCommand *command = g_malloc0 (size);

  command->klass = klass;
  command->label = label;
  return command;
}

/* Group */

typedef struct
{
  CsEditCommand  parent;
  GPtrArray     *children;
} GroupCommand;

static void
group_redo (CsEditCommand *command,
            CsWorkflow    *workflow)
{
  GroupCommand *self = (GroupCommand *) command;

  for (guint i = 0; i < self->children->len; i++)
    cs_edit_command_redo (g_ptr_array_index (self->children, i), workflow);
}

static void
group_undo (CsEditCommand *command,
            CsWorkflow    *workflow)
{
  GroupCommand *self = (GroupCommand *) command;

  for (guint i = self->children->len; i > 0; i--)
    cs_edit_command_undo (g_ptr_array_index (self->children, i - 1), workflow);
}

static void
group_finalize (CsEditCommand *command)
{
  g_ptr_array_unref (((GroupCommand *) command)->children);
}

static const CsEditCommandClass group_class = { group_redo, group_undo, group_finalize, NULL };

CsEditCommand *
cs_edit_command_group_new (const char *label)
{
  GroupCommand *self = cs_edit_command_alloc (sizeof *self, &group_class, g_strdup (label));

  self->children = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_edit_command_free);
  return &self->parent;
}

void
cs_edit_command_group_append (CsEditCommand *group,
                              CsEditCommand *child)
{
  g_assert (group->klass == &group_class);
  g_ptr_array_add (((GroupCommand *) group)->children, child);
}

guint
cs_edit_command_group_get_size (CsEditCommand *group)
{
  g_assert (group->klass == &group_class);
  return ((GroupCommand *) group)->children->len;
}

/* Adding and removing a step */

typedef struct
{
  CsEditCommand  parent;
  CsStep        *step;
  guint          index;
  /* Removal only: the edges that went with the step, by ascending index. */
  GPtrArray     *edges;
  GArray        *edge_indices;
  gboolean       was_start;
} StepCommand;

static void
add_step_redo (CsEditCommand *command,
               CsWorkflow    *workflow)
{
  StepCommand *self = (StepCommand *) command;
  cs_workflow_insert_step (workflow, self->step, self->index);
}

static void
add_step_undo (CsEditCommand *command,
               CsWorkflow    *workflow)
{
  StepCommand *self = (StepCommand *) command;
  cs_workflow_remove_step (workflow, self->step);
}

static void
step_command_finalize (CsEditCommand *command)
{
  StepCommand *self = (StepCommand *) command;

  g_clear_object (&self->step);
  g_clear_pointer (&self->edges, g_ptr_array_unref);
  g_clear_pointer (&self->edge_indices, g_array_unref);
}

static const CsEditCommandClass add_step_class = { add_step_redo, add_step_undo, step_command_finalize, NULL };

CsEditCommand *
cs_edit_command_add_step_new (CsStep *step,
                              guint   index)
{
  StepCommand *self = cs_edit_command_alloc (sizeof *self, &add_step_class,
                                             g_strdup_printf (_("Add Step “%s”"), cs_edit_step_title (step)));

  self->step = g_object_ref (step);
  self->index = index;
  return &self->parent;
}

static void
remove_step_undo (CsEditCommand *command,
                  CsWorkflow    *workflow)
{
  StepCommand *self = (StepCommand *) command;

  cs_workflow_insert_step (workflow, self->step, self->index);
  /* Ascending order puts every edge back at its old index. */
  for (guint i = 0; i < self->edges->len; i++)
    cs_workflow_insert_edge (workflow, g_ptr_array_index (self->edges, i),
                             g_array_index (self->edge_indices, guint, i));
  if (self->was_start)
    cs_workflow_set_start_step_id (workflow, cs_step_get_id (self->step));
}

static const CsEditCommandClass remove_step_class = { add_step_undo, remove_step_undo, step_command_finalize, NULL };

CsEditCommand *
cs_edit_command_remove_step_new (CsWorkflow *workflow,
                                 CsStep     *step)
{
  StepCommand *self = cs_edit_command_alloc (sizeof *self, &remove_step_class,
                                             g_strdup_printf (_("Delete Step “%s”"), cs_edit_step_title (step)));
  const char *id = cs_step_get_id (step);
  gboolean shared_id = FALSE;

  self->step = g_object_ref (step);
  self->index = cs_workflow_get_step_index (workflow, step);
  self->edges = g_ptr_array_new_with_free_func (g_object_unref);
  self->edge_indices = g_array_new (FALSE, FALSE, sizeof (guint));

  /* The workflow keeps the edges of an id another step still answers to. */
  for (guint i = 0; i < cs_workflow_get_n_steps (workflow); i++)
    {
      CsStep *other = cs_workflow_get_step (workflow, i);
      if (other != step && g_strcmp0 (cs_step_get_id (other), id) == 0)
        shared_id = TRUE;
    }
  if (id == NULL || shared_id)
    return &self->parent;

  for (guint i = 0; i < cs_workflow_get_n_edges (workflow); i++)
    {
      CsEdge *edge = cs_workflow_get_edge (workflow, i);

      if (g_strcmp0 (cs_edge_get_from (edge), id) == 0 || g_strcmp0 (cs_edge_get_to (edge), id) == 0)
        {
          g_ptr_array_add (self->edges, g_object_ref (edge));
          g_array_append_val (self->edge_indices, i);
        }
    }
  self->was_start = g_strcmp0 (cs_workflow_get_start_step_id (workflow), id) == 0;
  return &self->parent;
}

/* Adding, removing and reordering an edge */

typedef struct
{
  CsEditCommand  parent;
  CsEdge        *edge;
  guint          index;
  guint          new_index;
} EdgeCommand;

static void
add_edge_redo (CsEditCommand *command,
               CsWorkflow    *workflow)
{
  EdgeCommand *self = (EdgeCommand *) command;
  cs_workflow_insert_edge (workflow, self->edge, self->index);
}

static void
add_edge_undo (CsEditCommand *command,
               CsWorkflow    *workflow)
{
  EdgeCommand *self = (EdgeCommand *) command;
  cs_workflow_remove_edge (workflow, self->edge);
}

static void
edge_command_finalize (CsEditCommand *command)
{
  g_clear_object (&((EdgeCommand *) command)->edge);
}

static const CsEditCommandClass add_edge_class = { add_edge_redo, add_edge_undo, edge_command_finalize, NULL };
static const CsEditCommandClass remove_edge_class = { add_edge_undo, add_edge_redo, edge_command_finalize, NULL };

char *
cs_edit_edge_title (CsEdge *edge)
{
  return g_strdup_printf ("%s → %s", cs_edge_get_from (edge) ? cs_edge_get_from (edge) : "?",
                          cs_edge_get_to (edge) ? cs_edge_get_to (edge) : "?");
}

CsEditCommand *
cs_edit_command_add_edge_new (CsEdge *edge,
                              guint   index)
{
  g_autofree char *title = cs_edit_edge_title (edge);
  EdgeCommand *self = cs_edit_command_alloc (sizeof *self, &add_edge_class,
                                             g_strdup_printf (_("Connect %s"), title));

  self->edge = g_object_ref (edge);
  self->index = index;
  return &self->parent;
}

CsEditCommand *
cs_edit_command_remove_edge_new (CsWorkflow *workflow,
                                 CsEdge     *edge)
{
  g_autofree char *title = cs_edit_edge_title (edge);
  EdgeCommand *self = cs_edit_command_alloc (sizeof *self, &remove_edge_class,
                                             g_strdup_printf (_("Delete Edge %s"), title));

  self->edge = g_object_ref (edge);
  self->index = cs_workflow_get_edge_index (workflow, edge);
  return &self->parent;
}

static void
move_edge_redo (CsEditCommand *command,
                CsWorkflow    *workflow)
{
  EdgeCommand *self = (EdgeCommand *) command;
  cs_workflow_move_edge (workflow, self->edge, self->new_index);
}

static void
move_edge_undo (CsEditCommand *command,
                CsWorkflow    *workflow)
{
  EdgeCommand *self = (EdgeCommand *) command;
  cs_workflow_move_edge (workflow, self->edge, self->index);
}

static const CsEditCommandClass move_edge_class = { move_edge_redo, move_edge_undo, edge_command_finalize, NULL };

CsEditCommand *
cs_edit_command_move_edge_new (CsWorkflow *workflow,
                               CsEdge     *edge,
                               guint       index)
{
  g_autofree char *title = cs_edit_edge_title (edge);
  EdgeCommand *self = cs_edit_command_alloc (sizeof *self, &move_edge_class,
                                             g_strdup_printf (_("Reorder Edge %s"), title));

  self->edge = g_object_ref (edge);
  self->index = cs_workflow_get_edge_index (workflow, edge);
  self->new_index = MIN (index, cs_workflow_get_n_edges (workflow) - 1);
  return &self->parent;
}

/* Placing steps */

typedef struct
{
  CsEditCommand    parent;
  GPtrArray       *steps;
  CsEditPlacement *before;
  CsEditPlacement *after;
} PlaceCommand;

static void
place_apply (PlaceCommand          *self,
             const CsEditPlacement *placements)
{
  for (guint i = 0; i < self->steps->len; i++)
    cs_edit_placement_apply (g_ptr_array_index (self->steps, i), &placements[i]);
}

static void
place_redo (CsEditCommand *command,
            CsWorkflow    *workflow)
{
  PlaceCommand *self = (PlaceCommand *) command;
  place_apply (self, self->after);
}

static void
place_undo (CsEditCommand *command,
            CsWorkflow    *workflow)
{
  PlaceCommand *self = (PlaceCommand *) command;
  place_apply (self, self->before);
}

static void
place_finalize (CsEditCommand *command)
{
  PlaceCommand *self = (PlaceCommand *) command;

  g_ptr_array_unref (self->steps);
  g_free (self->before);
  g_free (self->after);
}

static const CsEditCommandClass place_class = { place_redo, place_undo, place_finalize, NULL };

CsEditCommand *
cs_edit_command_place_new (const char            *label,
                           GPtrArray             *steps,
                           const CsEditPlacement *before,
                           const CsEditPlacement *after)
{
  PlaceCommand *self = cs_edit_command_alloc (sizeof *self, &place_class, g_strdup (label));
  gsize size = sizeof (CsEditPlacement) * steps->len;

  self->steps = g_ptr_array_new_full (steps->len, g_object_unref);
  for (guint i = 0; i < steps->len; i++)
    g_ptr_array_add (self->steps, g_object_ref (g_ptr_array_index (steps, i)));
  self->before = g_memdup2 (before, size);
  self->after = g_memdup2 (after, size);
  return &self->parent;
}
