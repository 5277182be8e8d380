/* cs-step-execution-item.c: one execution of one step, as a list item
 *
 * Immutable: a refresh replaces the items. Its properties are what the
 * timeline's columns show and sort by.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-step-execution-item.h"

struct _CsStepExecutionItem
{
  GObject  parent_instance;

  gint64   id;
  gint64   instance_id;
  char    *step_id;
  char    *step_name;
  char    *step_type;
  char    *status;
  gint64   enqueued_at;
  gint64   started_at;
  gint64   completed_at;
  double   queue_ms;
  double   validation_ms;
  double   execution_ms;
  double   wait_ms;
  guint    retry_count;
  char    *executed_by;
  char    *outcome;
  char    *error;
};

G_DEFINE_FINAL_TYPE (CsStepExecutionItem, cs_step_execution_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_INSTANCE_ID,
  PROP_STEP_ID,
  PROP_STEP_NAME,
  PROP_STEP_TYPE,
  PROP_STATUS,
  PROP_ENQUEUED_AT,
  PROP_STARTED_AT,
  PROP_COMPLETED_AT,
  PROP_QUEUE_MS,
  PROP_VALIDATION_MS,
  PROP_EXECUTION_MS,
  PROP_WAIT_MS,
  PROP_RETRY_COUNT,
  PROP_EXECUTED_BY,
  PROP_OUTCOME,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cs_step_execution_item_finalize (GObject *object)
{
  CsStepExecutionItem *self = (CsStepExecutionItem *)object;

  g_free (self->step_id);
  g_free (self->step_name);
  g_free (self->step_type);
  g_free (self->status);
  g_free (self->executed_by);
  g_free (self->outcome);
  g_free (self->error);

  G_OBJECT_CLASS (cs_step_execution_item_parent_class)->finalize (object);
}

/* The string members by property id, for the two property functions. */
static char **
string_member (CsStepExecutionItem *self,
               guint                prop_id)
{
  switch (prop_id)
    {
    case PROP_STEP_ID: return &self->step_id;
    case PROP_STEP_NAME: return &self->step_name;
    case PROP_STEP_TYPE: return &self->step_type;
    case PROP_STATUS: return &self->status;
    case PROP_EXECUTED_BY: return &self->executed_by;
    case PROP_OUTCOME: return &self->outcome;
    case PROP_ERROR: return &self->error;
    default: return NULL;
    }
}

static double *
double_member (CsStepExecutionItem *self,
               guint                prop_id)
{
  switch (prop_id)
    {
    case PROP_QUEUE_MS: return &self->queue_ms;
    case PROP_VALIDATION_MS: return &self->validation_ms;
    case PROP_EXECUTION_MS: return &self->execution_ms;
    case PROP_WAIT_MS: return &self->wait_ms;
    default: return NULL;
    }
}

static gint64 *
int64_member (CsStepExecutionItem *self,
              guint                prop_id)
{
  switch (prop_id)
    {
    case PROP_ID: return &self->id;
    case PROP_INSTANCE_ID: return &self->instance_id;
    case PROP_ENQUEUED_AT: return &self->enqueued_at;
    case PROP_STARTED_AT: return &self->started_at;
    case PROP_COMPLETED_AT: return &self->completed_at;
    default: return NULL;
    }
}

static void
cs_step_execution_item_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  CsStepExecutionItem *self = CS_STEP_EXECUTION_ITEM (object);
  char **s;
  double *d;
  gint64 *i;

  if ((s = string_member (self, prop_id)))
    g_value_set_string (value, *s ? *s : "");
  else if ((d = double_member (self, prop_id)))
    g_value_set_double (value, *d);
  else if ((i = int64_member (self, prop_id)))
    g_value_set_int64 (value, *i);
  else if (prop_id == PROP_RETRY_COUNT)
    g_value_set_uint (value, self->retry_count);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
cs_step_execution_item_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  CsStepExecutionItem *self = CS_STEP_EXECUTION_ITEM (object);
  char **s;
  double *d;
  gint64 *i;

  if ((s = string_member (self, prop_id)))
    {
      g_free (*s);
      *s = g_value_dup_string (value);
    }
  else if ((d = double_member (self, prop_id)))
    *d = g_value_get_double (value);
  else if ((i = int64_member (self, prop_id)))
    *i = g_value_get_int64 (value);
  else if (prop_id == PROP_RETRY_COUNT)
    self->retry_count = g_value_get_uint (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
cs_step_execution_item_class_init (CsStepExecutionItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const struct { guint id; const char *name; } strings[] = {
    { PROP_STEP_ID, "step-id" }, { PROP_STEP_NAME, "step-name" }, { PROP_STEP_TYPE, "step-type" },
    { PROP_STATUS, "status" }, { PROP_EXECUTED_BY, "executed-by" }, { PROP_OUTCOME, "outcome" },
    { PROP_ERROR, "error" },
  };
  static const struct { guint id; const char *name; } times[] = {
    { PROP_ID, "id" }, { PROP_INSTANCE_ID, "instance-id" }, { PROP_ENQUEUED_AT, "enqueued-at" },
    { PROP_STARTED_AT, "started-at" }, { PROP_COMPLETED_AT, "completed-at" },
  };
  static const struct { guint id; const char *name; } durations[] = {
    { PROP_QUEUE_MS, "queue-ms" }, { PROP_VALIDATION_MS, "validation-ms" },
    { PROP_EXECUTION_MS, "execution-ms" }, { PROP_WAIT_MS, "wait-ms" },
  };

  object_class->finalize = cs_step_execution_item_finalize;
  object_class->get_property = cs_step_execution_item_get_property;
  object_class->set_property = cs_step_execution_item_set_property;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    properties[strings[i].id] = g_param_spec_string (strings[i].name, NULL, NULL, NULL, PARAM_FLAGS);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    properties[times[i].id] = g_param_spec_int64 (times[i].name, NULL, NULL, 0, G_MAXINT64, 0, PARAM_FLAGS);
  for (guint i = 0; i < G_N_ELEMENTS (durations); i++)
    properties[durations[i].id] = g_param_spec_double (durations[i].name, NULL, NULL, -1, G_MAXDOUBLE, -1,
                                                       PARAM_FLAGS);
  properties[PROP_RETRY_COUNT] = g_param_spec_uint ("retry-count", NULL, NULL, 0, G_MAXUINT, 0, PARAM_FLAGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_step_execution_item_init (CsStepExecutionItem *self)
{
  self->queue_ms = self->validation_ms = self->execution_ms = self->wait_ms = -1;
}

gint64
cs_step_execution_item_get_id (CsStepExecutionItem *self)
{
  g_return_val_if_fail (CS_IS_STEP_EXECUTION_ITEM (self), 0);
  return self->id;
}

gint64
cs_step_execution_item_get_instance_id (CsStepExecutionItem *self)
{
  g_return_val_if_fail (CS_IS_STEP_EXECUTION_ITEM (self), 0);
  return self->instance_id;
}

const char *
cs_step_execution_item_get_step_id (CsStepExecutionItem *self)
{
  g_return_val_if_fail (CS_IS_STEP_EXECUTION_ITEM (self), NULL);
  return self->step_id;
}

const char *
cs_step_execution_item_get_step_name (CsStepExecutionItem *self)
{
  g_return_val_if_fail (CS_IS_STEP_EXECUTION_ITEM (self), NULL);
  return self->step_name ? self->step_name : self->step_id;
}

const char *
cs_step_execution_item_get_step_type (CsStepExecutionItem *self)
{
  g_return_val_if_fail (CS_IS_STEP_EXECUTION_ITEM (self), NULL);
  return self->step_type;
}

const char *
cs_step_execution_item_get_status (CsStepExecutionItem *self)
{
  g_return_val_if_fail (CS_IS_STEP_EXECUTION_ITEM (self), NULL);
  return self->status;
}

gint64
cs_step_execution_item_get_enqueued_at (CsStepExecutionItem *self)
{
  g_return_val_if_fail (CS_IS_STEP_EXECUTION_ITEM (self), 0);
  return self->enqueued_at;
}

gint64
cs_step_execution_item_get_started_at (CsStepExecutionItem *self)
{
  g_return_val_if_fail (CS_IS_STEP_EXECUTION_ITEM (self), 0);
  return self->started_at;
}

gint64
cs_step_execution_item_get_completed_at (CsStepExecutionItem *self)
{
  g_return_val_if_fail (CS_IS_STEP_EXECUTION_ITEM (self), 0);
  return self->completed_at;
}

double
cs_step_execution_item_get_queue_ms (CsStepExecutionItem *self)
{
  g_return_val_if_fail (CS_IS_STEP_EXECUTION_ITEM (self), -1);
  return self->queue_ms;
}

double
cs_step_execution_item_get_validation_ms (CsStepExecutionItem *self)
{
  g_return_val_if_fail (CS_IS_STEP_EXECUTION_ITEM (self), -1);
  return self->validation_ms;
}

double
cs_step_execution_item_get_execution_ms (CsStepExecutionItem *self)
{
  g_return_val_if_fail (CS_IS_STEP_EXECUTION_ITEM (self), -1);
  return self->execution_ms;
}

double
cs_step_execution_item_get_wait_ms (CsStepExecutionItem *self)
{
  g_return_val_if_fail (CS_IS_STEP_EXECUTION_ITEM (self), -1);
  return self->wait_ms;
}

guint
cs_step_execution_item_get_retry_count (CsStepExecutionItem *self)
{
  g_return_val_if_fail (CS_IS_STEP_EXECUTION_ITEM (self), 0);
  return self->retry_count;
}

const char *
cs_step_execution_item_get_executed_by (CsStepExecutionItem *self)
{
  g_return_val_if_fail (CS_IS_STEP_EXECUTION_ITEM (self), NULL);
  return self->executed_by;
}

const char *
cs_step_execution_item_get_outcome (CsStepExecutionItem *self)
{
  g_return_val_if_fail (CS_IS_STEP_EXECUTION_ITEM (self), NULL);
  return self->outcome;
}

const char *
cs_step_execution_item_get_error (CsStepExecutionItem *self)
{
  g_return_val_if_fail (CS_IS_STEP_EXECUTION_ITEM (self), NULL);
  return self->error;
}
