/* cs-instance-item.c: one workflow instance, as a list item
 *
 * Immutable: a refresh replaces the items. Its properties are what the
 * instance list's columns show, sort and filter by.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-instance-item.h"

struct _CsInstanceItem
{
  GObject  parent_instance;

  gint64   id;
  char    *workflow_id;
  int      version;
  char    *subject;
  char    *status;
  char    *outcome;
  char    *current_steps;
  gint64   started_at;
  gint64   completed_at;
  double   duration_ms;
  char    *error;
};

G_DEFINE_FINAL_TYPE (CsInstanceItem, cs_instance_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_WORKFLOW_ID,
  PROP_VERSION,
  PROP_SUBJECT,
  PROP_STATUS,
  PROP_OUTCOME,
  PROP_CURRENT_STEPS,
  PROP_STARTED_AT,
  PROP_COMPLETED_AT,
  PROP_DURATION_MS,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cs_instance_item_finalize (GObject *object)
{
  CsInstanceItem *self = (CsInstanceItem *)object;

  g_free (self->workflow_id);
  g_free (self->subject);
  g_free (self->status);
  g_free (self->outcome);
  g_free (self->current_steps);
  g_free (self->error);

  G_OBJECT_CLASS (cs_instance_item_parent_class)->finalize (object);
}

static char **
string_member (CsInstanceItem *self,
               guint           prop_id)
{
  switch (prop_id)
    {
    case PROP_WORKFLOW_ID: return &self->workflow_id;
    case PROP_SUBJECT: return &self->subject;
    case PROP_STATUS: return &self->status;
    case PROP_OUTCOME: return &self->outcome;
    case PROP_CURRENT_STEPS: return &self->current_steps;
    case PROP_ERROR: return &self->error;
    default: return NULL;
    }
}

static gint64 *
int64_member (CsInstanceItem *self,
              guint           prop_id)
{
  switch (prop_id)
    {
    case PROP_ID: return &self->id;
    case PROP_STARTED_AT: return &self->started_at;
    case PROP_COMPLETED_AT: return &self->completed_at;
    default: return NULL;
    }
}

static void
cs_instance_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CsInstanceItem *self = CS_INSTANCE_ITEM (object);
  char **s;
  gint64 *i;

  if ((s = string_member (self, prop_id)))
    g_value_set_string (value, *s ? *s : "");
  else if ((i = int64_member (self, prop_id)))
    g_value_set_int64 (value, *i);
  else if (prop_id == PROP_VERSION)
    g_value_set_int (value, self->version);
  else if (prop_id == PROP_DURATION_MS)
    g_value_set_double (value, self->duration_ms);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
cs_instance_item_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CsInstanceItem *self = CS_INSTANCE_ITEM (object);
  char **s;
  gint64 *i;

  if ((s = string_member (self, prop_id)))
    {
      g_free (*s);
      *s = g_value_dup_string (value);
    }
  else if ((i = int64_member (self, prop_id)))
    *i = g_value_get_int64 (value);
  else if (prop_id == PROP_VERSION)
    self->version = g_value_get_int (value);
  else if (prop_id == PROP_DURATION_MS)
    self->duration_ms = g_value_get_double (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
cs_instance_item_class_init (CsInstanceItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const struct { guint id; const char *name; } strings[] = {
    { PROP_WORKFLOW_ID, "workflow-id" }, { PROP_SUBJECT, "subject" }, { PROP_STATUS, "status" },
    { PROP_OUTCOME, "outcome" }, { PROP_CURRENT_STEPS, "current-steps" }, { PROP_ERROR, "error" },
  };
  static const struct { guint id; const char *name; } int64s[] = {
    { PROP_ID, "id" }, { PROP_STARTED_AT, "started-at" }, { PROP_COMPLETED_AT, "completed-at" },
  };

  object_class->finalize = cs_instance_item_finalize;
  object_class->get_property = cs_instance_item_get_property;
  object_class->set_property = cs_instance_item_set_property;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    properties[strings[i].id] = g_param_spec_string (strings[i].name, NULL, NULL, NULL, PARAM_FLAGS);
  for (guint i = 0; i < G_N_ELEMENTS (int64s); i++)
    properties[int64s[i].id] = g_param_spec_int64 (int64s[i].name, NULL, NULL, 0, G_MAXINT64, 0, PARAM_FLAGS);
  properties[PROP_VERSION] = g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0, PARAM_FLAGS);
  properties[PROP_DURATION_MS] = g_param_spec_double ("duration-ms", NULL, NULL, 0, G_MAXDOUBLE, 0, PARAM_FLAGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_instance_item_init (CsInstanceItem *self)
{
}

gint64
cs_instance_item_get_id (CsInstanceItem *self)
{
  g_return_val_if_fail (CS_IS_INSTANCE_ITEM (self), 0);
  return self->id;
}

const char *
cs_instance_item_get_workflow_id (CsInstanceItem *self)
{
  g_return_val_if_fail (CS_IS_INSTANCE_ITEM (self), NULL);
  return self->workflow_id;
}

int
cs_instance_item_get_version (CsInstanceItem *self)
{
  g_return_val_if_fail (CS_IS_INSTANCE_ITEM (self), 0);
  return self->version;
}

const char *
cs_instance_item_get_subject (CsInstanceItem *self)
{
  g_return_val_if_fail (CS_IS_INSTANCE_ITEM (self), NULL);
  return self->subject;
}

const char *
cs_instance_item_get_status (CsInstanceItem *self)
{
  g_return_val_if_fail (CS_IS_INSTANCE_ITEM (self), NULL);
  return self->status;
}

const char *
cs_instance_item_get_outcome (CsInstanceItem *self)
{
  g_return_val_if_fail (CS_IS_INSTANCE_ITEM (self), NULL);
  return self->outcome ? self->outcome : "";
}

const char *
cs_instance_item_get_current_steps (CsInstanceItem *self)
{
  g_return_val_if_fail (CS_IS_INSTANCE_ITEM (self), NULL);
  return self->current_steps ? self->current_steps : "";
}

gint64
cs_instance_item_get_started_at (CsInstanceItem *self)
{
  g_return_val_if_fail (CS_IS_INSTANCE_ITEM (self), 0);
  return self->started_at;
}

gint64
cs_instance_item_get_completed_at (CsInstanceItem *self)
{
  g_return_val_if_fail (CS_IS_INSTANCE_ITEM (self), 0);
  return self->completed_at;
}

double
cs_instance_item_get_duration_ms (CsInstanceItem *self)
{
  g_return_val_if_fail (CS_IS_INSTANCE_ITEM (self), 0);
  return self->duration_ms;
}

const char *
cs_instance_item_get_error (CsInstanceItem *self)
{
  g_return_val_if_fail (CS_IS_INSTANCE_ITEM (self), NULL);
  return self->error;
}
