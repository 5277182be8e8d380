/* cs-version-item.c: one version of a workflow definition, as a list item
 *
 * A GObject around CsVersionInfo, so the workflow list can bind to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-version-item.h"

struct _CsVersionItem
{
  GObject        parent_instance;

  CsVersionInfo *info;
};

G_DEFINE_FINAL_TYPE (CsVersionItem, cs_version_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WORKFLOW_ID,
  PROP_VERSION_ID,
  PROP_KEY,
  PROP_NAME,
  PROP_VERSION,
  PROP_STATUS,
  PROP_UPDATED_BY,
  PROP_UPDATED_AT,
  PROP_N_STEPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cs_version_item_finalize (GObject *object)
{
  CsVersionItem *self = (CsVersionItem *)object;

  g_clear_pointer (&self->info, cs_version_info_free);

  G_OBJECT_CLASS (cs_version_item_parent_class)->finalize (object);
}

static void
cs_version_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CsVersionInfo *info = CS_VERSION_ITEM (object)->info;

  switch (prop_id)
    {
    case PROP_WORKFLOW_ID:
      g_value_set_string (value, info->workflow_id);
      break;

    case PROP_VERSION_ID:
      g_value_set_string (value, info->version_id);
      break;

    case PROP_KEY:
      g_value_set_string (value, info->key);
      break;

    case PROP_NAME:
      g_value_set_string (value, info->name);
      break;

    case PROP_VERSION:
      g_value_set_int (value, info->version);
      break;

    case PROP_STATUS:
      g_value_set_string (value, info->status);
      break;

    case PROP_UPDATED_BY:
      g_value_set_string (value, info->updated_by);
      break;

    case PROP_UPDATED_AT:
      g_value_set_string (value, info->updated_at);
      break;

    case PROP_N_STEPS:
      g_value_set_int (value, info->n_steps);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define PARAM_FLAGS (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
cs_version_item_class_init (CsVersionItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_version_item_finalize;
  object_class->get_property = cs_version_item_get_property;

  properties[PROP_WORKFLOW_ID] = g_param_spec_string ("workflow-id", NULL, NULL, NULL, PARAM_FLAGS);
  properties[PROP_VERSION_ID] = g_param_spec_string ("version-id", NULL, NULL, NULL, PARAM_FLAGS);
  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, PARAM_FLAGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, PARAM_FLAGS);
  properties[PROP_VERSION] = g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0, PARAM_FLAGS);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, PARAM_FLAGS);
  properties[PROP_UPDATED_BY] = g_param_spec_string ("updated-by", NULL, NULL, NULL, PARAM_FLAGS);
  properties[PROP_UPDATED_AT] = g_param_spec_string ("updated-at", NULL, NULL, NULL, PARAM_FLAGS);
  properties[PROP_N_STEPS] = g_param_spec_int ("n-steps", NULL, NULL, 0, G_MAXINT, 0, PARAM_FLAGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_version_item_init (CsVersionItem *self)
{
}

CsVersionItem *
cs_version_item_new (const CsVersionInfo *info)
{
  CsVersionItem *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (CS_TYPE_VERSION_ITEM, NULL);
  self->info = cs_version_info_copy (info);
  return self;
}

const CsVersionInfo *
cs_version_item_get_info (CsVersionItem *self)
{
  g_return_val_if_fail (CS_IS_VERSION_ITEM (self), NULL);
  return self->info;
}

const char *
cs_version_item_get_version_id (CsVersionItem *self)
{
  g_return_val_if_fail (CS_IS_VERSION_ITEM (self), NULL);
  return self->info->version_id;
}

const char *
cs_version_item_get_key (CsVersionItem *self)
{
  g_return_val_if_fail (CS_IS_VERSION_ITEM (self), NULL);
  return self->info->key;
}

const char *
cs_version_item_get_name (CsVersionItem *self)
{
  g_return_val_if_fail (CS_IS_VERSION_ITEM (self), NULL);
  return self->info->name;
}

int
cs_version_item_get_version (CsVersionItem *self)
{
  g_return_val_if_fail (CS_IS_VERSION_ITEM (self), 0);
  return self->info->version;
}

const char *
cs_version_item_get_status (CsVersionItem *self)
{
  g_return_val_if_fail (CS_IS_VERSION_ITEM (self), NULL);
  return self->info->status;
}

gboolean
cs_version_item_is_published (CsVersionItem *self)
{
  g_return_val_if_fail (CS_IS_VERSION_ITEM (self), FALSE);
  return g_strcmp0 (self->info->status, "published") == 0;
}
