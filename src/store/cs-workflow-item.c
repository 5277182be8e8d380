/* cs-workflow-item.c: a workflow and its versions, as a list item
 *
 * The workflow list is a tree: workflows, each expanding to its versions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-workflow-item.h"

struct _CsWorkflowItem
{
  GObject     parent_instance;

  char       *workflow_id;
  char       *key;
  char       *name;
  GListStore *versions;
};

G_DEFINE_FINAL_TYPE (CsWorkflowItem, cs_workflow_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WORKFLOW_ID,
  PROP_KEY,
  PROP_NAME,
  PROP_N_VERSIONS,
  PROP_VERSIONS,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cs_workflow_item_finalize (GObject *object)
{
  CsWorkflowItem *self = (CsWorkflowItem *)object;

  g_free (self->workflow_id);
  g_free (self->key);
  g_free (self->name);
  g_clear_object (&self->versions);

  G_OBJECT_CLASS (cs_workflow_item_parent_class)->finalize (object);
}

static void
cs_workflow_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CsWorkflowItem *self = CS_WORKFLOW_ITEM (object);

  switch (prop_id)
    {
    case PROP_WORKFLOW_ID:
      g_value_set_string (value, self->workflow_id);
      break;

    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_N_VERSIONS:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->versions)));
      break;

    case PROP_VERSIONS:
      g_value_set_object (value, self->versions);
      break;

    case PROP_CURRENT:
      g_value_set_object (value, cs_workflow_item_get_current (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define PARAM_FLAGS (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
cs_workflow_item_class_init (CsWorkflowItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_workflow_item_finalize;
  object_class->get_property = cs_workflow_item_get_property;

  properties[PROP_WORKFLOW_ID] = g_param_spec_string ("workflow-id", NULL, NULL, NULL, PARAM_FLAGS);
  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, PARAM_FLAGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, PARAM_FLAGS);
  properties[PROP_N_VERSIONS] = g_param_spec_uint ("n-versions", NULL, NULL, 0, G_MAXUINT, 0, PARAM_FLAGS);
  properties[PROP_VERSIONS] = g_param_spec_object ("versions", NULL, NULL, G_TYPE_LIST_MODEL, PARAM_FLAGS);
  properties[PROP_CURRENT] = g_param_spec_object ("current", NULL, NULL, CS_TYPE_VERSION_ITEM, PARAM_FLAGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_workflow_item_init (CsWorkflowItem *self)
{
  self->versions = g_list_store_new (CS_TYPE_VERSION_ITEM);
}

CsWorkflowItem *
cs_workflow_item_new (const char *workflow_id,
                      const char *key,
                      const char *name)
{
  CsWorkflowItem *self;

  g_return_val_if_fail (workflow_id != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  self = g_object_new (CS_TYPE_WORKFLOW_ITEM, NULL);
  self->workflow_id = g_strdup (workflow_id);
  self->key = g_strdup (key);
  self->name = g_strdup (name ? name : key);
  return self;
}

void
cs_workflow_item_add_version (CsWorkflowItem *self,
                              CsVersionItem  *version)
{
  g_return_if_fail (CS_IS_WORKFLOW_ITEM (self));
  g_return_if_fail (CS_IS_VERSION_ITEM (version));

  g_list_store_append (self->versions, version);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_VERSIONS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

const char *
cs_workflow_item_get_workflow_id (CsWorkflowItem *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOW_ITEM (self), NULL);
  return self->workflow_id;
}

const char *
cs_workflow_item_get_key (CsWorkflowItem *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOW_ITEM (self), NULL);
  return self->key;
}

const char *
cs_workflow_item_get_name (CsWorkflowItem *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOW_ITEM (self), NULL);
  return self->name;
}

GListModel *
cs_workflow_item_get_versions (CsWorkflowItem *self)
{
  g_return_val_if_fail (CS_IS_WORKFLOW_ITEM (self), NULL);
  return G_LIST_MODEL (self->versions);
}

CsVersionItem *
cs_workflow_item_get_published (CsWorkflowItem *self)
{
  guint n;

  g_return_val_if_fail (CS_IS_WORKFLOW_ITEM (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->versions));
  for (guint i = 0; i < n; i++)
    {
      CsVersionItem *version = g_list_model_get_item (G_LIST_MODEL (self->versions), i);

      /* Returned borrowed: the store keeps its own reference. */
      g_object_unref (version);
      if (cs_version_item_is_published (version))
        return version;
    }
  return NULL;
}

CsVersionItem *
cs_workflow_item_get_current (CsWorkflowItem *self)
{
  CsVersionItem *version;

  g_return_val_if_fail (CS_IS_WORKFLOW_ITEM (self), NULL);

  if ((version = cs_workflow_item_get_published (self)))
    return version;
  /* The newest, borrowed like the published one. */
  if ((version = g_list_model_get_item (G_LIST_MODEL (self->versions), 0)))
    g_object_unref (version);
  return version;
}
