/* cs-edit-snapshot.c: commands that restore snapshots of steps and edges
 *
 * Property changes, renames, the start step and imports. Every command
 * restores state through the model's public setters, never by poking at
 * fields, so the workflow emits its usual signals on undo and redo and views
 * need no special case for them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-edit-command-private.h"

/* Restoring snapshots */

void
cs_edit_placement_get (CsStep          *step,
                       CsEditPlacement *placement)
{
  placement->has_position = cs_step_get_position (step, &placement->x, &placement->y,
                                                  &placement->pinned);
}

void
cs_edit_placement_apply (CsStep                *step,
                         const CsEditPlacement *placement)
{
  if (placement->has_position)
    cs_step_set_position (step, placement->x, placement->y, placement->pinned);
  else
    cs_step_clear_position (step);
}

static gboolean
headers_equal (CsStep *a,
               CsStep *b)
{
  if (cs_step_get_n_headers (a) != cs_step_get_n_headers (b))
    return FALSE;
  for (guint i = 0; i < cs_step_get_n_headers (a); i++)
    if (g_strcmp0 (cs_step_get_header_name (a, i), cs_step_get_header_name (b, i)) != 0 ||
        g_strcmp0 (cs_step_get_header_source (a, i), cs_step_get_header_source (b, i)) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
mappings_equal (CsStep *a,
                CsStep *b)
{
  if (cs_step_get_n_response_mappings (a) != cs_step_get_n_response_mappings (b))
    return FALSE;
  for (guint i = 0; i < cs_step_get_n_response_mappings (a); i++)
    if (g_strcmp0 (cs_step_get_response_mapping_key (a, i), cs_step_get_response_mapping_key (b, i)) != 0 ||
        g_strcmp0 (cs_step_get_response_mapping_path (a, i), cs_step_get_response_mapping_path (b, i)) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
params_equal (GPtrArray *a,
              GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!cs_step_param_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

void
cs_edit_restore_step (CsStep *dst,
                      CsStep *src)
{
  CsEditPlacement placement;
  JsonObject *dst_params = cs_step_get_parameters (dst);
  JsonObject *src_params = cs_step_get_parameters (src);

  cs_step_set_id (dst, cs_step_get_id (src));
  cs_step_set_name (dst, cs_step_get_name (src));
  cs_step_set_description (dst, cs_step_get_description (src));
  cs_step_set_step_type (dst, cs_step_get_step_type (src));
  cs_edit_placement_get (src, &placement);
  cs_edit_placement_apply (dst, &placement);

  cs_step_set_handler (dst, cs_step_get_handler (src));
  if (!params_equal (cs_step_get_inputs (dst), cs_step_get_inputs (src)))
    cs_step_set_inputs (dst, cs_step_get_inputs (src));
  if (!params_equal (cs_step_get_outputs (dst), cs_step_get_outputs (src)))
    cs_step_set_outputs (dst, cs_step_get_outputs (src));
  if ((dst_params == NULL) != (src_params == NULL) ||
      (dst_params != NULL && !json_object_equal (dst_params, src_params)))
    cs_step_set_parameters (dst, src_params);

  cs_step_set_approver_roles (dst, cs_step_get_approver_roles (src));
  cs_step_set_agency (dst, cs_step_get_agency (src));
  cs_step_set_quorum (dst, cs_step_get_quorum (src));
  cs_step_set_due_seconds (dst, cs_step_get_due_seconds (src));
  cs_step_set_escalate_to (dst, cs_step_get_escalate_to (src));

  cs_step_set_method (dst, cs_step_get_method (src));
  cs_step_set_url (dst, cs_step_get_url_source (src));
  if (!headers_equal (dst, src))
    {
      while (cs_step_get_n_headers (dst) > 0)
        {
          g_autofree char *name = g_strdup (cs_step_get_header_name (dst, 0));
          cs_step_remove_header (dst, name);
        }
      for (guint i = 0; i < cs_step_get_n_headers (src); i++)
        cs_step_set_header (dst, cs_step_get_header_name (src, i), cs_step_get_header_source (src, i));
    }
  cs_step_set_body (dst, cs_step_get_body_source (src));
  cs_step_set_timeout_ms (dst, cs_step_get_timeout_ms (src));
  cs_step_set_max_attempts (dst, cs_step_get_max_attempts (src));
  cs_step_set_backoff (dst, cs_step_get_backoff_base_ms (src), cs_step_get_backoff_max_ms (src));
  cs_step_set_expected_statuses (dst, cs_step_get_expected_statuses (src));
  cs_step_set_breaker (dst, cs_step_get_breaker_threshold (src), cs_step_get_breaker_reset_seconds (src));
  if (!mappings_equal (dst, src))
    {
      while (cs_step_get_n_response_mappings (dst) > 0)
        {
          g_autofree char *key = g_strdup (cs_step_get_response_mapping_key (dst, 0));
          cs_step_remove_response_mapping (dst, key);
        }
      for (guint i = 0; i < cs_step_get_n_response_mappings (src); i++)
        cs_step_set_response_mapping (dst, cs_step_get_response_mapping_key (src, i),
                                      cs_step_get_response_mapping_path (src, i));
    }

  cs_step_set_terminal_status (dst, cs_step_get_terminal_status (src));

  for (guint p = 0; p < CS_SIM_N_PARAMS; p++)
    {
      if (cs_step_has_sim (src, p))
        cs_step_set_sim (dst, p, cs_step_get_sim (src, p));
      else
        cs_step_unset_sim (dst, p);
    }
}

void
cs_edit_restore_edge (CsEdge *dst,
                      CsEdge *src)
{
  cs_edge_set_from (dst, cs_edge_get_from (src));
  cs_edge_set_to (dst, cs_edge_get_to (src));
  cs_edge_set_kind (dst, cs_edge_get_kind (src));
  cs_edge_set_condition_source (dst, cs_edge_get_condition_source (src));
  cs_edge_set_label (dst, cs_edge_get_label (src));
}

/* Property changes, as snapshot pairs */

typedef struct
{
  CsEditCommand  parent;
  GObject       *target;
  GObject       *before;
  GObject       *after;
  char          *field;
} ChangeCommand;

static void
step_change_redo (CsEditCommand *command,
                  CsWorkflow    *workflow)
{
  ChangeCommand *self = (ChangeCommand *) command;
  cs_edit_restore_step (CS_STEP (self->target), CS_STEP (self->after));
}

static void
step_change_undo (CsEditCommand *command,
                  CsWorkflow    *workflow)
{
  ChangeCommand *self = (ChangeCommand *) command;
  cs_edit_restore_step (CS_STEP (self->target), CS_STEP (self->before));
}

static void
change_finalize (CsEditCommand *command)
{
  ChangeCommand *self = (ChangeCommand *) command;

  g_clear_object (&self->target);
  g_clear_object (&self->before);
  g_clear_object (&self->after);
  g_clear_pointer (&self->field, g_free);
}

static gboolean
change_merge (CsEditCommand *command,
              CsEditCommand *next)
{
  ChangeCommand *self = (ChangeCommand *) command;
  ChangeCommand *other = (ChangeCommand *) next;

  if (self->target != other->target || self->field == NULL ||
      g_strcmp0 (self->field, other->field) != 0)
    return FALSE;
  g_set_object (&self->after, other->after);
  return TRUE;
}

static const CsEditCommandClass step_change_class = { step_change_redo, step_change_undo, change_finalize, change_merge };

static ChangeCommand *
change_new (const CsEditCommandClass *klass,
            char                     *label,
            GObject                  *target,
            GObject                  *before,
            GObject                  *after,
            const char               *field)
{
  ChangeCommand *self = cs_edit_command_alloc (sizeof *self, klass, label);

  self->target = g_object_ref (target);
  self->before = before;
  self->after = after;
  self->field = g_strdup (field);
  return self;
}

CsEditCommand *
cs_edit_command_step_change_new (CsStep     *step,
                                 CsStep     *before,
                                 CsStep     *after,
                                 const char *field)
{
  ChangeCommand *self = change_new (&step_change_class,
                                    g_strdup_printf (_("Edit Step “%s”"), cs_edit_step_title (before)),
                                    G_OBJECT (step), G_OBJECT (before), G_OBJECT (after), field);
  return &self->parent;
}

static void
edge_change_redo (CsEditCommand *command,
                  CsWorkflow    *workflow)
{
  ChangeCommand *self = (ChangeCommand *) command;
  cs_edit_restore_edge (CS_EDGE (self->target), CS_EDGE (self->after));
}

static void
edge_change_undo (CsEditCommand *command,
                  CsWorkflow    *workflow)
{
  ChangeCommand *self = (ChangeCommand *) command;
  cs_edit_restore_edge (CS_EDGE (self->target), CS_EDGE (self->before));
}

static const CsEditCommandClass edge_change_class = { edge_change_redo, edge_change_undo, change_finalize, change_merge };

CsEditCommand *
cs_edit_command_edge_change_new (CsEdge     *edge,
                                 CsEdge     *before,
                                 CsEdge     *after,
                                 const char *field)
{
  g_autofree char *title = cs_edit_edge_title (before);
  ChangeCommand *self = change_new (&edge_change_class,
                                    g_strdup_printf (_("Edit Edge %s"), title),
                                    G_OBJECT (edge), G_OBJECT (before), G_OBJECT (after), field);
  return &self->parent;
}

/* Renaming a step and choosing the start step */

typedef struct
{
  CsEditCommand  parent;
  CsStep        *step;
  char          *old_value;
  char          *new_value;
} ValueCommand;

static void
rename_redo (CsEditCommand *command,
             CsWorkflow    *workflow)
{
  ValueCommand *self = (ValueCommand *) command;
  cs_step_set_id (self->step, self->new_value);
}

static void
rename_undo (CsEditCommand *command,
             CsWorkflow    *workflow)
{
  ValueCommand *self = (ValueCommand *) command;
  cs_step_set_id (self->step, self->old_value);
}

static void
value_finalize (CsEditCommand *command)
{
  ValueCommand *self = (ValueCommand *) command;

  g_clear_object (&self->step);
  g_clear_pointer (&self->old_value, g_free);
  g_clear_pointer (&self->new_value, g_free);
}

static const CsEditCommandClass rename_class = { rename_redo, rename_undo, value_finalize, NULL };

CsEditCommand *
cs_edit_command_rename_new (CsStep     *step,
                            const char *new_id)
{
  ValueCommand *self = cs_edit_command_alloc (sizeof *self, &rename_class,
                                              g_strdup_printf (_("Rename Step “%s”"), cs_edit_step_title (step)));

  self->step = g_object_ref (step);
  self->old_value = g_strdup (cs_step_get_id (step));
  self->new_value = g_strdup (new_id);
  return &self->parent;
}

static void
set_start_redo (CsEditCommand *command,
                CsWorkflow    *workflow)
{
  cs_workflow_set_start_step_id (workflow, ((ValueCommand *) command)->new_value);
}

static void
set_start_undo (CsEditCommand *command,
                CsWorkflow    *workflow)
{
  cs_workflow_set_start_step_id (workflow, ((ValueCommand *) command)->old_value);
}

static const CsEditCommandClass set_start_class = { set_start_redo, set_start_undo, value_finalize, NULL };

CsEditCommand *
cs_edit_command_set_start_new (CsWorkflow *workflow,
                               const char *step_id)
{
  ValueCommand *self = cs_edit_command_alloc (sizeof *self, &set_start_class, g_strdup (_("Set Start Step")));

  self->old_value = g_strdup (cs_workflow_get_start_step_id (workflow));
  self->new_value = g_strdup (step_id);
  return &self->parent;
}

/* Replacing the contents */

typedef struct
{
  char      *name;
  char      *description;
  char      *start;
  JsonNode  *simulation;
  GPtrArray *steps;
  GPtrArray *edges;
} Contents;

typedef struct
{
  CsEditCommand parent;
  Contents      before;
  Contents      after;
} ReplaceCommand;

static void
contents_take (Contents   *contents,
               CsWorkflow *workflow,
               gboolean    copy)
{
  GPtrArray *steps = cs_workflow_get_steps (workflow);
  GPtrArray *edges = cs_workflow_get_edges (workflow);

  contents->name = g_strdup (cs_workflow_get_name (workflow));
  contents->description = g_strdup (cs_workflow_get_description (workflow));
  contents->start = g_strdup (cs_workflow_get_start_step_id (workflow));
  contents->simulation = cs_workflow_get_simulation (workflow);
  if (contents->simulation != NULL)
    json_node_ref (contents->simulation);
  contents->steps = g_ptr_array_new_full (steps->len, g_object_unref);
  contents->edges = g_ptr_array_new_full (edges->len, g_object_unref);
  for (guint i = 0; i < steps->len; i++)
    {
      CsStep *step = g_ptr_array_index (steps, i);
      g_ptr_array_add (contents->steps, copy ? cs_step_copy (step) : g_object_ref (step));
    }
  for (guint i = 0; i < edges->len; i++)
    {
      CsEdge *edge = g_ptr_array_index (edges, i);
      g_ptr_array_add (contents->edges, copy ? cs_edge_copy (edge) : g_object_ref (edge));
    }
}

static void
contents_clear (Contents *contents)
{
  g_clear_pointer (&contents->name, g_free);
  g_clear_pointer (&contents->description, g_free);
  g_clear_pointer (&contents->start, g_free);
  g_clear_pointer (&contents->simulation, json_node_unref);
  g_clear_pointer (&contents->steps, g_ptr_array_unref);
  g_clear_pointer (&contents->edges, g_ptr_array_unref);
}

static void
contents_apply (const Contents *contents,
                CsWorkflow     *workflow)
{
  while (cs_workflow_get_n_edges (workflow) > 0)
    cs_workflow_remove_edge (workflow, cs_workflow_get_edge (workflow, cs_workflow_get_n_edges (workflow) - 1));
  while (cs_workflow_get_n_steps (workflow) > 0)
    cs_workflow_remove_step (workflow, cs_workflow_get_step (workflow, cs_workflow_get_n_steps (workflow) - 1));

  cs_workflow_set_name (workflow, contents->name);
  cs_workflow_set_description (workflow, contents->description);
  cs_workflow_set_simulation (workflow, contents->simulation);
  for (guint i = 0; i < contents->steps->len; i++)
    cs_workflow_add_step (workflow, g_ptr_array_index (contents->steps, i));
  for (guint i = 0; i < contents->edges->len; i++)
    cs_workflow_add_edge (workflow, g_ptr_array_index (contents->edges, i));
  cs_workflow_set_start_step_id (workflow, contents->start);
}

static void
replace_redo (CsEditCommand *command,
              CsWorkflow    *workflow)
{
  contents_apply (&((ReplaceCommand *) command)->after, workflow);
}

static void
replace_undo (CsEditCommand *command,
              CsWorkflow    *workflow)
{
  contents_apply (&((ReplaceCommand *) command)->before, workflow);
}

static void
replace_finalize (CsEditCommand *command)
{
  ReplaceCommand *self = (ReplaceCommand *) command;

  contents_clear (&self->before);
  contents_clear (&self->after);
}

static const CsEditCommandClass replace_class = { replace_redo, replace_undo, replace_finalize, NULL };

CsEditCommand *
cs_edit_command_replace_new (CsWorkflow *workflow,
                             CsWorkflow *source)
{
  ReplaceCommand *self = cs_edit_command_alloc (sizeof *self, &replace_class,
                                                g_strdup_printf (_("Import “%s”"), cs_workflow_get_name (source)));

  contents_take (&self->before, workflow, FALSE);
  contents_take (&self->after, source, TRUE);
  return &self->parent;
}
