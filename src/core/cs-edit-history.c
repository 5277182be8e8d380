/* cs-edit-history.c: undo and redo of every edit made to a workflow
 *
 * One list of commands and a position in it: commands before the position
 * are applied, those after it can be redone until a new edit drops them.
 * The clean mark is a position too, -1 once the saved state cannot be
 * reached any more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-edit-history-private.h"

G_DEFINE_FINAL_TYPE (CsEditHistory, cs_edit_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WORKFLOW,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_CLEAN,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_state (CsEditHistory *self)
{
  gboolean can_undo = self->position > 0;
  gboolean can_redo = self->position < self->commands->len;
  gboolean clean = self->clean_index == (int) self->position;

  g_object_freeze_notify (G_OBJECT (self));
  if (can_undo != self->can_undo)
    {
      self->can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->can_redo)
    {
      self->can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
  if (clean != self->clean)
    {
      self->clean = clean;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLEAN]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

void
cs_edit_history_push (CsEditHistory *self,
                      CsEditCommand *command,
                      gboolean       apply)
{
  if (apply)
    {
      cs_workflow_freeze_changed (self->workflow);
      cs_edit_command_redo (command, self->workflow);
      cs_workflow_thaw_changed (self->workflow);
    }

  if (self->open_groups->len > 0)
    {
      cs_edit_command_group_append (g_ptr_array_index (self->open_groups, self->open_groups->len - 1),
                                    command);
      return;
    }

  if (self->commands->len > self->position)
    {
      if (self->clean_index > (int) self->position)
        self->clean_index = -1;
      g_ptr_array_set_size (self->commands, self->position);
    }

  if (!self->merge_broken && self->position > 0 && self->clean_index != (int) self->position &&
      cs_edit_command_merge (g_ptr_array_index (self->commands, self->position - 1), command))
    {
      cs_edit_command_free (command);
      update_state (self);
      return;
    }

  g_ptr_array_add (self->commands, command);
  self->position++;
  self->merge_broken = FALSE;
  update_state (self);
}

static void
cs_edit_history_dispose (GObject *object)
{
  CsEditHistory *self = (CsEditHistory *) object;

  g_clear_object (&self->change_step);
  g_clear_object (&self->change_step_before);
  g_clear_object (&self->change_edge);
  g_clear_object (&self->change_edge_before);
  g_clear_pointer (&self->change_field, g_free);
  g_clear_pointer (&self->change_edge_field, g_free);
  g_clear_pointer (&self->open_groups, g_ptr_array_unref);
  g_clear_pointer (&self->commands, g_ptr_array_unref);
  g_clear_object (&self->workflow);

  G_OBJECT_CLASS (cs_edit_history_parent_class)->dispose (object);
}

static void
cs_edit_history_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CsEditHistory *self = CS_EDIT_HISTORY (object);

  switch (prop_id)
    {
    case PROP_WORKFLOW:
      g_value_set_object (value, self->workflow);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, self->can_undo);
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, self->can_redo);
      break;
    case PROP_CLEAN:
      g_value_set_boolean (value, self->clean);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_edit_history_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CsEditHistory *self = CS_EDIT_HISTORY (object);

  switch (prop_id)
    {
    case PROP_WORKFLOW:
      self->workflow = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_edit_history_class_init (CsEditHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_edit_history_dispose;
  object_class->get_property = cs_edit_history_get_property;
  object_class->set_property = cs_edit_history_set_property;

  properties[PROP_WORKFLOW] =
    g_param_spec_object ("workflow", NULL, NULL, CS_TYPE_WORKFLOW,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLEAN] =
    g_param_spec_boolean ("clean", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After every recorded edit, undo, redo, clean mark or clear. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cs_edit_history_init (CsEditHistory *self)
{
  self->commands = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_edit_command_free);
  self->open_groups = g_ptr_array_new ();
  self->clean = TRUE;
}

CsEditHistory *
cs_edit_history_new (CsWorkflow *workflow)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);
  return g_object_new (CS_TYPE_EDIT_HISTORY, "workflow", workflow, NULL);
}

CsWorkflow *
cs_edit_history_get_workflow (CsEditHistory *self)
{
  g_return_val_if_fail (CS_IS_EDIT_HISTORY (self), NULL);
  return self->workflow;
}

gboolean
cs_edit_history_can_undo (CsEditHistory *self)
{
  g_return_val_if_fail (CS_IS_EDIT_HISTORY (self), FALSE);
  return self->can_undo;
}

gboolean
cs_edit_history_can_redo (CsEditHistory *self)
{
  g_return_val_if_fail (CS_IS_EDIT_HISTORY (self), FALSE);
  return self->can_redo;
}

const char *
cs_edit_history_get_undo_label (CsEditHistory *self)
{
  CsEditCommand *command;

  g_return_val_if_fail (CS_IS_EDIT_HISTORY (self), NULL);

  if (self->position == 0)
    return NULL;
  command = g_ptr_array_index (self->commands, self->position - 1);
  return command->label;
}

const char *
cs_edit_history_get_redo_label (CsEditHistory *self)
{
  CsEditCommand *command;

  g_return_val_if_fail (CS_IS_EDIT_HISTORY (self), NULL);

  if (self->position >= self->commands->len)
    return NULL;
  command = g_ptr_array_index (self->commands, self->position);
  return command->label;
}

guint
cs_edit_history_get_depth (CsEditHistory *self)
{
  g_return_val_if_fail (CS_IS_EDIT_HISTORY (self), 0);
  return self->position;
}

gboolean
cs_edit_history_undo (CsEditHistory *self)
{
  g_return_val_if_fail (CS_IS_EDIT_HISTORY (self), FALSE);
  g_return_val_if_fail (self->open_groups->len == 0, FALSE);

  if (self->position == 0)
    return FALSE;
  self->position--;
  cs_workflow_freeze_changed (self->workflow);
  cs_edit_command_undo (g_ptr_array_index (self->commands, self->position), self->workflow);
  cs_workflow_thaw_changed (self->workflow);
  self->merge_broken = TRUE;
  update_state (self);
  return TRUE;
}

gboolean
cs_edit_history_redo (CsEditHistory *self)
{
  g_return_val_if_fail (CS_IS_EDIT_HISTORY (self), FALSE);
  g_return_val_if_fail (self->open_groups->len == 0, FALSE);

  if (self->position >= self->commands->len)
    return FALSE;
  cs_workflow_freeze_changed (self->workflow);
  cs_edit_command_redo (g_ptr_array_index (self->commands, self->position), self->workflow);
  cs_workflow_thaw_changed (self->workflow);
  self->position++;
  self->merge_broken = TRUE;
  update_state (self);
  return TRUE;
}

void
cs_edit_history_set_clean (CsEditHistory *self)
{
  g_return_if_fail (CS_IS_EDIT_HISTORY (self));

  self->clean_index = self->position;
  self->merge_broken = TRUE;
  update_state (self);
}

gboolean
cs_edit_history_is_clean (CsEditHistory *self)
{
  g_return_val_if_fail (CS_IS_EDIT_HISTORY (self), FALSE);
  return self->clean;
}

void
cs_edit_history_clear (CsEditHistory *self)
{
  g_return_if_fail (CS_IS_EDIT_HISTORY (self));
  g_return_if_fail (self->open_groups->len == 0);

  g_ptr_array_set_size (self->commands, 0);
  self->position = 0;
  self->clean_index = 0;
  self->merge_broken = TRUE;
  update_state (self);
}

void
cs_edit_history_begin_group (CsEditHistory *self,
                             const char    *label)
{
  g_return_if_fail (CS_IS_EDIT_HISTORY (self));
  g_ptr_array_add (self->open_groups, cs_edit_command_group_new (label));
}

void
cs_edit_history_end_group (CsEditHistory *self)
{
  CsEditCommand *group;

  g_return_if_fail (CS_IS_EDIT_HISTORY (self));
  g_return_if_fail (self->open_groups->len > 0);

  group = g_ptr_array_steal_index (self->open_groups, self->open_groups->len - 1);
  if (cs_edit_command_group_get_size (group) == 0)
    {
      cs_edit_command_free (group);
      return;
    }
  cs_edit_history_push (self, group, FALSE);
}

void
cs_edit_history_break_merge (CsEditHistory *self)
{
  g_return_if_fail (CS_IS_EDIT_HISTORY (self));
  self->merge_broken = TRUE;
}
