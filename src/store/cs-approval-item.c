/* cs-approval-item.c: an open approval task, as a list item
 *
 * Carries everything the decision needs, read in one go: the instance's
 * data, the steps it went through and the decisions others made so far.
 * Immutable: a refresh replaces the items.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-approval-item.h"
#include "cs-step-execution-item.h"

G_DEFINE_BOXED_TYPE (CsApprovalDecision, cs_approval_decision, cs_approval_decision_copy, cs_approval_decision_free)

CsApprovalDecision *
cs_approval_decision_copy (const CsApprovalDecision *decision)
{
  CsApprovalDecision *copy;

  g_return_val_if_fail (decision != NULL, NULL);

  copy = g_new0 (CsApprovalDecision, 1);
  copy->decided_by = g_strdup (decision->decided_by);
  copy->as_role = g_strdup (decision->as_role);
  copy->decision = g_strdup (decision->decision);
  copy->comment = g_strdup (decision->comment);
  copy->decided_at = decision->decided_at;
  return copy;
}

void
cs_approval_decision_free (CsApprovalDecision *decision)
{
  if (decision == NULL)
    return;
  g_free (decision->decided_by);
  g_free (decision->as_role);
  g_free (decision->decision);
  g_free (decision->comment);
  g_free (decision);
}

struct _CsApprovalItem
{
  GObject     parent_instance;

  gint64      task_id;
  gint64      instance_id;
  char       *subject;
  char       *workflow_name;
  char       *step_id;
  char       *step_name;
  gint64      opened_at;
  gint64      due_at;
  gboolean    overdue;
  int         escalation_level;
  char       *roles;
  char       *agency;
  char       *quorum;
  JsonObject *data;
  GListModel *history;
  GPtrArray  *decisions;
};

G_DEFINE_FINAL_TYPE (CsApprovalItem, cs_approval_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TASK_ID,
  PROP_INSTANCE_ID,
  PROP_SUBJECT,
  PROP_WORKFLOW_NAME,
  PROP_STEP_ID,
  PROP_STEP_NAME,
  PROP_OPENED_AT,
  PROP_DUE_AT,
  PROP_OVERDUE,
  PROP_ESCALATION_LEVEL,
  PROP_ROLES,
  PROP_AGENCY,
  PROP_QUORUM,
  PROP_DATA,
  PROP_HISTORY,
  PROP_DECISIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cs_approval_item_finalize (GObject *object)
{
  CsApprovalItem *self = (CsApprovalItem *)object;

  g_free (self->subject);
  g_free (self->workflow_name);
  g_free (self->step_id);
  g_free (self->step_name);
  g_free (self->roles);
  g_free (self->agency);
  g_free (self->quorum);
  g_clear_pointer (&self->data, json_object_unref);
  g_clear_object (&self->history);
  g_clear_pointer (&self->decisions, g_ptr_array_unref);

  G_OBJECT_CLASS (cs_approval_item_parent_class)->finalize (object);
}

static char **
string_member (CsApprovalItem *self,
               guint           prop_id)
{
  switch (prop_id)
    {
    case PROP_SUBJECT: return &self->subject;
    case PROP_WORKFLOW_NAME: return &self->workflow_name;
    case PROP_STEP_ID: return &self->step_id;
    case PROP_STEP_NAME: return &self->step_name;
    case PROP_ROLES: return &self->roles;
    case PROP_AGENCY: return &self->agency;
    case PROP_QUORUM: return &self->quorum;
    default: return NULL;
    }
}

static gint64 *
int64_member (CsApprovalItem *self,
              guint           prop_id)
{
  switch (prop_id)
    {
    case PROP_TASK_ID: return &self->task_id;
    case PROP_INSTANCE_ID: return &self->instance_id;
    case PROP_OPENED_AT: return &self->opened_at;
    case PROP_DUE_AT: return &self->due_at;
    default: return NULL;
    }
}

static void
cs_approval_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CsApprovalItem *self = CS_APPROVAL_ITEM (object);
  char **s;
  gint64 *i;

  if ((s = string_member (self, prop_id)))
    g_value_set_string (value, *s ? *s : "");
  else if ((i = int64_member (self, prop_id)))
    g_value_set_int64 (value, *i);
  else
    switch (prop_id)
      {
      case PROP_OVERDUE:
        g_value_set_boolean (value, self->overdue);
        break;

      case PROP_ESCALATION_LEVEL:
        g_value_set_int (value, self->escalation_level);
        break;

      case PROP_DATA:
        g_value_set_boxed (value, self->data);
        break;

      case PROP_HISTORY:
        g_value_set_object (value, self->history);
        break;

      case PROP_DECISIONS:
        g_value_set_boxed (value, self->decisions);
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      }
}

static void
cs_approval_item_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CsApprovalItem *self = CS_APPROVAL_ITEM (object);
  char **s;
  gint64 *i;

  if ((s = string_member (self, prop_id)))
    {
      g_free (*s);
      *s = g_value_dup_string (value);
    }
  else if ((i = int64_member (self, prop_id)))
    *i = g_value_get_int64 (value);
  else
    switch (prop_id)
      {
      case PROP_OVERDUE:
        cs_approval_item_set_overdue (self, g_value_get_boolean (value));
        break;

      case PROP_ESCALATION_LEVEL:
        self->escalation_level = g_value_get_int (value);
        break;

      case PROP_DATA:
        g_clear_pointer (&self->data, json_object_unref);
        self->data = g_value_dup_boxed (value);
        break;

      case PROP_HISTORY:
        g_clear_object (&self->history);
        self->history = g_value_dup_object (value);
        break;

      case PROP_DECISIONS:
        g_clear_pointer (&self->decisions, g_ptr_array_unref);
        self->decisions = g_value_dup_boxed (value);
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      }
}

static void
cs_approval_item_constructed (GObject *object)
{
  CsApprovalItem *self = (CsApprovalItem *)object;

  G_OBJECT_CLASS (cs_approval_item_parent_class)->constructed (object);

  /* Never NULL for the views. */
  if (self->data == NULL)
    self->data = json_object_new ();
  if (self->history == NULL)
    self->history = G_LIST_MODEL (g_list_store_new (CS_TYPE_STEP_EXECUTION_ITEM));
  if (self->decisions == NULL)
    self->decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_approval_decision_free);
}

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
cs_approval_item_class_init (CsApprovalItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const struct { guint id; const char *name; } strings[] = {
    { PROP_SUBJECT, "subject" }, { PROP_WORKFLOW_NAME, "workflow-name" }, { PROP_STEP_ID, "step-id" },
    { PROP_STEP_NAME, "step-name" }, { PROP_ROLES, "roles" }, { PROP_AGENCY, "agency" },
    { PROP_QUORUM, "quorum" },
  };
  static const struct { guint id; const char *name; } int64s[] = {
    { PROP_TASK_ID, "task-id" }, { PROP_INSTANCE_ID, "instance-id" },
    { PROP_OPENED_AT, "opened-at" }, { PROP_DUE_AT, "due-at" },
  };

  object_class->constructed = cs_approval_item_constructed;
  object_class->finalize = cs_approval_item_finalize;
  object_class->get_property = cs_approval_item_get_property;
  object_class->set_property = cs_approval_item_set_property;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    properties[strings[i].id] = g_param_spec_string (strings[i].name, NULL, NULL, NULL, PARAM_FLAGS);
  for (guint i = 0; i < G_N_ELEMENTS (int64s); i++)
    properties[int64s[i].id] = g_param_spec_int64 (int64s[i].name, NULL, NULL, 0, G_MAXINT64, 0, PARAM_FLAGS);
  /* Deadlines pass while the item is shown. */
  properties[PROP_OVERDUE] = g_param_spec_boolean ("overdue", NULL, NULL, FALSE,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ESCALATION_LEVEL] = g_param_spec_int ("escalation-level", NULL, NULL, 0, G_MAXINT, 0, PARAM_FLAGS);
  properties[PROP_DATA] = g_param_spec_boxed ("data", NULL, NULL, JSON_TYPE_OBJECT, PARAM_FLAGS);
  properties[PROP_HISTORY] = g_param_spec_object ("history", NULL, NULL, G_TYPE_LIST_MODEL, PARAM_FLAGS);
  properties[PROP_DECISIONS] = g_param_spec_boxed ("decisions", NULL, NULL, G_TYPE_PTR_ARRAY, PARAM_FLAGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_approval_item_init (CsApprovalItem *self)
{
}

gint64
cs_approval_item_get_task_id (CsApprovalItem *self)
{
  g_return_val_if_fail (CS_IS_APPROVAL_ITEM (self), 0);
  return self->task_id;
}

gint64
cs_approval_item_get_instance_id (CsApprovalItem *self)
{
  g_return_val_if_fail (CS_IS_APPROVAL_ITEM (self), 0);
  return self->instance_id;
}

const char *
cs_approval_item_get_subject (CsApprovalItem *self)
{
  g_return_val_if_fail (CS_IS_APPROVAL_ITEM (self), NULL);
  return self->subject ? self->subject : "";
}

const char *
cs_approval_item_get_workflow_name (CsApprovalItem *self)
{
  g_return_val_if_fail (CS_IS_APPROVAL_ITEM (self), NULL);
  return self->workflow_name;
}

const char *
cs_approval_item_get_step_id (CsApprovalItem *self)
{
  g_return_val_if_fail (CS_IS_APPROVAL_ITEM (self), NULL);
  return self->step_id;
}

const char *
cs_approval_item_get_step_name (CsApprovalItem *self)
{
  g_return_val_if_fail (CS_IS_APPROVAL_ITEM (self), NULL);
  return self->step_name;
}

gint64
cs_approval_item_get_opened_at (CsApprovalItem *self)
{
  g_return_val_if_fail (CS_IS_APPROVAL_ITEM (self), 0);
  return self->opened_at;
}

gint64
cs_approval_item_get_due_at (CsApprovalItem *self)
{
  g_return_val_if_fail (CS_IS_APPROVAL_ITEM (self), 0);
  return self->due_at;
}

gboolean
cs_approval_item_get_overdue (CsApprovalItem *self)
{
  g_return_val_if_fail (CS_IS_APPROVAL_ITEM (self), FALSE);
  return self->overdue;
}

void
cs_approval_item_set_overdue (CsApprovalItem *self,
                              gboolean        overdue)
{
  g_return_if_fail (CS_IS_APPROVAL_ITEM (self));

  overdue = !!overdue;
  if (self->overdue == overdue)
    return;
  self->overdue = overdue;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERDUE]);
}

int
cs_approval_item_get_escalation_level (CsApprovalItem *self)
{
  g_return_val_if_fail (CS_IS_APPROVAL_ITEM (self), 0);
  return self->escalation_level;
}

const char *
cs_approval_item_get_roles (CsApprovalItem *self)
{
  g_return_val_if_fail (CS_IS_APPROVAL_ITEM (self), NULL);
  return self->roles ? self->roles : "";
}

const char *
cs_approval_item_get_agency (CsApprovalItem *self)
{
  g_return_val_if_fail (CS_IS_APPROVAL_ITEM (self), NULL);
  return self->agency;
}

const char *
cs_approval_item_get_quorum (CsApprovalItem *self)
{
  g_return_val_if_fail (CS_IS_APPROVAL_ITEM (self), NULL);
  return self->quorum;
}

JsonObject *
cs_approval_item_get_data (CsApprovalItem *self)
{
  g_return_val_if_fail (CS_IS_APPROVAL_ITEM (self), NULL);
  return self->data;
}

GListModel *
cs_approval_item_get_history (CsApprovalItem *self)
{
  g_return_val_if_fail (CS_IS_APPROVAL_ITEM (self), NULL);
  return self->history;
}

GPtrArray *
cs_approval_item_get_decisions (CsApprovalItem *self)
{
  g_return_val_if_fail (CS_IS_APPROVAL_ITEM (self), NULL);
  return self->decisions;
}
