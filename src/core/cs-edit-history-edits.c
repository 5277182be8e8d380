/* cs-edit-history-edits.c: the edits CsEditHistory records
 *
 * Each function checks its arguments, builds the command that captures the
 * state before, and lets the history apply and record it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-edit-history-private.h"
#include "cs-error.h"

char *
cs_edit_history_unique_step_id (CsEditHistory *self,
                                const char    *base)
{
  g_autofree char *stem = NULL;
  gsize len;

  g_return_val_if_fail (CS_IS_EDIT_HISTORY (self), NULL);
  g_return_val_if_fail (cs_step_id_is_valid (base), NULL);

  if (cs_workflow_find_step (self->workflow, base) == NULL)
    return g_strdup (base);

  /* "review_2" duplicates to "review_3", not "review_2_2". */
  stem = g_strdup (base);
  len = strlen (stem);
  while (len > 0 && g_ascii_isdigit (stem[len - 1]))
    len--;
  if (len > 1 && len < strlen (stem) && stem[len - 1] == '_')
    stem[len - 1] = '\0';

  for (guint n = 2;; n++)
    {
      g_autofree char *id = g_strdup_printf ("%s_%u", stem, n);

      if (cs_workflow_find_step (self->workflow, id) == NULL)
        return g_steal_pointer (&id);
    }
}

void
cs_edit_history_add_step (CsEditHistory *self,
                          CsStep        *step,
                          int            index)
{
  guint n;

  g_return_if_fail (CS_IS_EDIT_HISTORY (self));
  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (cs_workflow_get_step_index (self->workflow, step) < 0);

  n = cs_workflow_get_n_steps (self->workflow);
  cs_edit_history_push (self, cs_edit_command_add_step_new (step, index < 0 ? n : MIN ((guint) index, n)), TRUE);
}

gboolean
cs_edit_history_remove_step (CsEditHistory *self,
                             CsStep        *step)
{
  g_return_val_if_fail (CS_IS_EDIT_HISTORY (self), FALSE);
  g_return_val_if_fail (CS_IS_STEP (step), FALSE);

  if (cs_workflow_get_step_index (self->workflow, step) < 0)
    return FALSE;
  cs_edit_history_push (self, cs_edit_command_remove_step_new (self->workflow, step), TRUE);
  return TRUE;
}

GPtrArray *
cs_edit_history_duplicate_steps (CsEditHistory *self,
                                 GPtrArray     *steps,
                                 double         dx,
                                 double         dy)
{
  g_autoptr(GHashTable) new_ids = NULL;
  GPtrArray *copies;
  guint n_edges;

  g_return_val_if_fail (CS_IS_EDIT_HISTORY (self), NULL);
  g_return_val_if_fail (steps != NULL, NULL);

  new_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  copies = g_ptr_array_new_with_free_func (g_object_unref);
  n_edges = cs_workflow_get_n_edges (self->workflow);

  cs_edit_history_begin_group (self, steps->len == 1 ? _("Duplicate Step") : _("Duplicate Steps"));
  for (guint i = 0; i < steps->len; i++)
    {
      CsStep *step = g_ptr_array_index (steps, i);
      g_autoptr(CsStep) copy = cs_step_copy (step);
      const char *id = cs_step_get_id (step);
      g_autofree char *new_id = cs_edit_history_unique_step_id (self, cs_step_id_is_valid (id) ? id : "step");
      double x, y;

      if (cs_step_get_position (step, &x, &y, NULL))
        cs_step_set_position (copy, x + dx, y + dy, TRUE);
      cs_step_set_id (copy, new_id);
      if (id != NULL && !g_hash_table_contains (new_ids, id))
        g_hash_table_insert (new_ids, g_strdup (id), g_strdup (new_id));
      cs_edit_history_add_step (self, copy, -1);
      g_ptr_array_add (copies, g_object_ref (copy));
    }
  for (guint i = 0; i < n_edges; i++)
    {
      CsEdge *edge = cs_workflow_get_edge (self->workflow, i);
      const char *from = g_hash_table_lookup (new_ids, cs_edge_get_from (edge) ? cs_edge_get_from (edge) : "");
      const char *to = g_hash_table_lookup (new_ids, cs_edge_get_to (edge) ? cs_edge_get_to (edge) : "");
      g_autoptr(CsEdge) copy = NULL;

      if (from == NULL || to == NULL)
        continue;
      copy = cs_edge_copy (edge);
      cs_edge_set_from (copy, from);
      cs_edge_set_to (copy, to);
      cs_edit_history_add_edge (self, copy, -1);
    }
  cs_edit_history_end_group (self);

  return copies;
}

void
cs_edit_history_move_steps (CsEditHistory     *self,
                            GPtrArray         *steps,
                            const CsEditPoint *positions)
{
  g_autofree CsEditPlacement *before = NULL;
  g_autofree CsEditPlacement *after = NULL;
  g_autofree char *label = NULL;
  gboolean changed = FALSE;

  g_return_if_fail (CS_IS_EDIT_HISTORY (self));
  g_return_if_fail (steps != NULL);
  g_return_if_fail (positions != NULL || steps->len == 0);

  if (steps->len == 0)
    return;

  before = g_new0 (CsEditPlacement, steps->len);
  after = g_new0 (CsEditPlacement, steps->len);
  for (guint i = 0; i < steps->len; i++)
    {
      cs_edit_placement_get (g_ptr_array_index (steps, i), &before[i]);
      after[i] = (CsEditPlacement) { TRUE, TRUE, positions[i].x, positions[i].y };
      changed |= memcmp (&before[i], &after[i], sizeof after[i]) != 0;
    }
  if (!changed)
    return;

  if (steps->len == 1)
    label = g_strdup_printf (_("Move Step “%s”"), cs_step_get_name (g_ptr_array_index (steps, 0)));
  else
    label = g_strdup_printf (_("Move %u Steps"), steps->len);
  cs_edit_history_push (self, cs_edit_command_place_new (label, steps, before, after), TRUE);
}

gboolean
cs_edit_history_unpin_steps (CsEditHistory *self,
                             GPtrArray     *steps)
{
  g_autoptr(GPtrArray) placed = NULL;
  g_autofree CsEditPlacement *before = NULL;
  g_autofree CsEditPlacement *after = NULL;
  GPtrArray *candidates;

  g_return_val_if_fail (CS_IS_EDIT_HISTORY (self), FALSE);

  candidates = steps ? steps : cs_workflow_get_steps (self->workflow);
  placed = g_ptr_array_new ();
  for (guint i = 0; i < candidates->len; i++)
    if (cs_step_get_position (g_ptr_array_index (candidates, i), NULL, NULL, NULL))
      g_ptr_array_add (placed, g_ptr_array_index (candidates, i));
  if (placed->len == 0)
    return FALSE;

  before = g_new0 (CsEditPlacement, placed->len);
  after = g_new0 (CsEditPlacement, placed->len);
  for (guint i = 0; i < placed->len; i++)
    cs_edit_placement_get (g_ptr_array_index (placed, i), &before[i]);
  cs_edit_history_push (self, cs_edit_command_place_new (_("Re-layout"), placed, before, after), TRUE);
  return TRUE;
}

gboolean
cs_edit_history_rename_step (CsEditHistory  *self,
                             CsStep         *step,
                             const char     *new_id,
                             GError        **error)
{
  CsStep *other;

  g_return_val_if_fail (CS_IS_EDIT_HISTORY (self), FALSE);
  g_return_val_if_fail (CS_IS_STEP (step), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_strcmp0 (cs_step_get_id (step), new_id) == 0)
    return TRUE;
  if (!cs_step_id_is_valid (new_id))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid step id: use lower-case letters, digits and _"),
                   new_id ? new_id : "");
      return FALSE;
    }
  other = cs_workflow_find_step (self->workflow, new_id);
  if (other != NULL && other != step)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Another step already has the id “%s”"), new_id);
      return FALSE;
    }
  cs_edit_history_push (self, cs_edit_command_rename_new (step, new_id), TRUE);
  return TRUE;
}

void
cs_edit_history_set_start_step (CsEditHistory *self,
                                const char    *step_id)
{
  g_return_if_fail (CS_IS_EDIT_HISTORY (self));

  if (step_id != NULL && *step_id == '\0')
    step_id = NULL;
  if (g_strcmp0 (cs_workflow_get_start_step_id (self->workflow), step_id) == 0)
    return;
  cs_edit_history_push (self, cs_edit_command_set_start_new (self->workflow, step_id), TRUE);
}

void
cs_edit_history_begin_step_change (CsEditHistory *self,
                                   CsStep        *step,
                                   const char    *field)
{
  g_return_if_fail (CS_IS_EDIT_HISTORY (self));
  g_return_if_fail (CS_IS_STEP (step));

  if (self->change_step != NULL)
    cs_edit_history_end_step_change (self);
  self->change_step = g_object_ref (step);
  self->change_step_before = cs_step_copy (step);
  g_free (self->change_field);
  self->change_field = g_strdup (field);
}

void
cs_edit_history_end_step_change (CsEditHistory *self)
{
  g_autoptr(CsStep) step = NULL;
  g_autoptr(CsStep) before = NULL;
  g_autofree char *field = NULL;
  CsStep *after;

  g_return_if_fail (CS_IS_EDIT_HISTORY (self));
  g_return_if_fail (self->change_step != NULL);

  step = g_steal_pointer (&self->change_step);
  before = g_steal_pointer (&self->change_step_before);
  field = g_steal_pointer (&self->change_field);
  if (cs_step_equal (before, step))
    return;
  after = cs_step_copy (step);
  cs_edit_history_push (self, cs_edit_command_step_change_new (step, g_steal_pointer (&before), after, field), FALSE);
}

void
cs_edit_history_begin_edge_change (CsEditHistory *self,
                                   CsEdge        *edge,
                                   const char    *field)
{
  g_return_if_fail (CS_IS_EDIT_HISTORY (self));
  g_return_if_fail (CS_IS_EDGE (edge));

  if (self->change_edge != NULL)
    cs_edit_history_end_edge_change (self);
  self->change_edge = g_object_ref (edge);
  self->change_edge_before = cs_edge_copy (edge);
  g_free (self->change_edge_field);
  self->change_edge_field = g_strdup (field);
}

void
cs_edit_history_end_edge_change (CsEditHistory *self)
{
  g_autoptr(CsEdge) edge = NULL;
  g_autoptr(CsEdge) before = NULL;
  g_autofree char *field = NULL;

  g_return_if_fail (CS_IS_EDIT_HISTORY (self));
  g_return_if_fail (self->change_edge != NULL);

  edge = g_steal_pointer (&self->change_edge);
  before = g_steal_pointer (&self->change_edge_before);
  field = g_steal_pointer (&self->change_edge_field);
  if (cs_edge_equal (before, edge))
    return;
  cs_edit_history_push (self, cs_edit_command_edge_change_new (edge, g_steal_pointer (&before), cs_edge_copy (edge), field),
                        FALSE);
}

void
cs_edit_history_add_edge (CsEditHistory *self,
                          CsEdge        *edge,
                          int            index)
{
  guint n;

  g_return_if_fail (CS_IS_EDIT_HISTORY (self));
  g_return_if_fail (CS_IS_EDGE (edge));
  g_return_if_fail (cs_workflow_get_edge_index (self->workflow, edge) < 0);

  n = cs_workflow_get_n_edges (self->workflow);
  cs_edit_history_push (self, cs_edit_command_add_edge_new (edge, index < 0 ? n : MIN ((guint) index, n)), TRUE);
}

gboolean
cs_edit_history_remove_edge (CsEditHistory *self,
                             CsEdge        *edge)
{
  g_return_val_if_fail (CS_IS_EDIT_HISTORY (self), FALSE);
  g_return_val_if_fail (CS_IS_EDGE (edge), FALSE);

  if (cs_workflow_get_edge_index (self->workflow, edge) < 0)
    return FALSE;
  cs_edit_history_push (self, cs_edit_command_remove_edge_new (self->workflow, edge), TRUE);
  return TRUE;
}

void
cs_edit_history_move_edge (CsEditHistory *self,
                           CsEdge        *edge,
                           guint          index)
{
  int current;

  g_return_if_fail (CS_IS_EDIT_HISTORY (self));
  g_return_if_fail (CS_IS_EDGE (edge));

  current = cs_workflow_get_edge_index (self->workflow, edge);
  g_return_if_fail (current >= 0);

  index = MIN (index, cs_workflow_get_n_edges (self->workflow) - 1);
  if ((guint) current == index)
    return;
  cs_edit_history_push (self, cs_edit_command_move_edge_new (self->workflow, edge, index), TRUE);
}

void
cs_edit_history_replace_contents (CsEditHistory *self,
                                  CsWorkflow    *source)
{
  g_return_if_fail (CS_IS_EDIT_HISTORY (self));
  g_return_if_fail (CS_IS_WORKFLOW (source));
  g_return_if_fail (source != self->workflow);

  cs_edit_history_push (self, cs_edit_command_replace_new (self->workflow, source), TRUE);
}
