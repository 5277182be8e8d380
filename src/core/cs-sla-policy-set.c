/* cs-sla-policy-set.c: a tenant's SLA policies, every version, and which one applies
 *
 * The SLA job looks a policy up for every one of a million issues, so a
 * lookup must not allocate: categories hash to a small table of version
 * lists, one per severity slot, and the version in force is found by
 * binary search on valid_from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-event-log.h"
#include "cs-sla-policy-set.h"

/* Slot 0 is "any severity", slot 1 + s severity s. */
#define N_SLOTS (CS_SEVERITY_LAST + 2)

typedef struct
{
  GPtrArray *versions[N_SLOTS];   /* of CsSlaPolicy, by valid_from; NULL when none */
} Key;

struct _CsSlaPolicySet
{
  GObject     parent_instance;

  GHashTable *categories;   /* category → Key */
  Key         defaults;     /* the tenant defaults */
  guint       n_policies;
};

G_DEFINE_FINAL_TYPE (CsSlaPolicySet, cs_sla_policy_set, G_TYPE_OBJECT)

static void
key_clear (Key *key)
{
  for (guint i = 0; i < N_SLOTS; i++)
    g_clear_pointer (&key->versions[i], g_ptr_array_unref);
}

static void
key_free (gpointer data)
{
  key_clear (data);
  g_free (data);
}

static void
cs_sla_policy_set_finalize (GObject *object)
{
  CsSlaPolicySet *self = (CsSlaPolicySet *)object;

  g_clear_pointer (&self->categories, g_hash_table_unref);
  key_clear (&self->defaults);

  G_OBJECT_CLASS (cs_sla_policy_set_parent_class)->finalize (object);
}

static void
cs_sla_policy_set_class_init (CsSlaPolicySetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_sla_policy_set_finalize;
}

static void
cs_sla_policy_set_init (CsSlaPolicySet *self)
{
  self->categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, key_free);
}

CsSlaPolicySet *
cs_sla_policy_set_new (void)
{
  return g_object_new (CS_TYPE_SLA_POLICY_SET, NULL);
}

/* The index of the first version valid after @when. */
static guint
upper_bound (GPtrArray *versions,
             gint64     when)
{
  guint lo = 0, hi = versions->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (((CsSlaPolicy *) versions->pdata[mid])->valid_from <= when)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gboolean
cs_sla_policy_set_add (CsSlaPolicySet  *self,
                       CsSlaPolicy     *policy,
                       GError         **error)
{
  Key *key;
  GPtrArray **versions;
  guint position;

  g_return_val_if_fail (CS_IS_SLA_POLICY_SET (self), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cs_sla_policy_validate (policy, error))
    return FALSE;

  if (policy->category == NULL)
    key = &self->defaults;
  else if ((key = g_hash_table_lookup (self->categories, policy->category)) == NULL)
    {
      key = g_new0 (Key, 1);
      g_hash_table_insert (self->categories, g_strdup (policy->category), key);
    }
  versions = &key->versions[policy->severity + 1];
  if (*versions == NULL)
    *versions = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_sla_policy_unref);

  position = upper_bound (*versions, policy->valid_from);
  if (position > 0 &&
      ((CsSlaPolicy *) (*versions)->pdata[position - 1])->valid_from == policy->valid_from)
    {
      g_autofree char *what = cs_sla_policy_describe (policy);
      g_autofree char *when = policy->valid_from == CS_SLA_SINCE_EVER
                              ? g_strdup (_("the beginning"))
                              : cs_timestamp_format (policy->valid_from);

      g_set_error (error, CS_ERROR, CS_ERROR_CONFLICT,
                   _("SLA policy %s: another version is already valid from %s"), what, when);
      return FALSE;
    }
  g_ptr_array_insert (*versions, (gint) position, cs_sla_policy_ref (policy));
  self->n_policies++;
  return TRUE;
}

static inline const CsSlaPolicy *
in_force (GPtrArray *versions,
          gint64     created_at)
{
  guint position;
  const CsSlaPolicy *policy;

  if (versions == NULL || (position = upper_bound (versions, created_at)) == 0)
    return NULL;
  policy = versions->pdata[position - 1];
  return policy->retired ? NULL : policy;
}

const CsSlaPolicy *
cs_sla_policy_set_lookup (CsSlaPolicySet *self,
                          const char     *category,
                          CsSeverity      severity,
                          gint64          created_at)
{
  Key *key = NULL;
  const CsSlaPolicy *policy = NULL;
  guint slot = (guint) severity + 1;

  g_return_val_if_fail (CS_IS_SLA_POLICY_SET (self), NULL);
  g_return_val_if_fail (severity <= CS_SEVERITY_LAST, NULL);

  if (category != NULL)
    key = g_hash_table_lookup (self->categories, category);
  if (key != NULL &&
      ((policy = in_force (key->versions[slot], created_at)) != NULL ||
       (policy = in_force (key->versions[0], created_at)) != NULL))
    return policy;
  if ((policy = in_force (self->defaults.versions[slot], created_at)) != NULL)
    return policy;
  return in_force (self->defaults.versions[0], created_at);
}

guint
cs_sla_policy_set_get_n_policies (CsSlaPolicySet *self)
{
  g_return_val_if_fail (CS_IS_SLA_POLICY_SET (self), 0);

  return self->n_policies;
}

static void
append_key (GPtrArray *out,
            Key       *key)
{
  for (guint slot = 0; slot < N_SLOTS; slot++)
    for (guint i = 0; key->versions[slot] != NULL && i < key->versions[slot]->len; i++)
      g_ptr_array_add (out, cs_sla_policy_ref (key->versions[slot]->pdata[i]));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
cs_sla_policy_set_dup_policies (CsSlaPolicySet *self)
{
  GPtrArray *out;
  g_autofree gpointer *names = NULL;
  guint n_names;

  g_return_val_if_fail (CS_IS_SLA_POLICY_SET (self), NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_sla_policy_unref);
  append_key (out, &self->defaults);
  names = g_hash_table_get_keys_as_array (self->categories, &n_names);
  qsort (names, n_names, sizeof (gpointer), compare_names);
  for (guint i = 0; i < n_names; i++)
    append_key (out, g_hash_table_lookup (self->categories, names[i]));
  return out;
}

CsSlaPolicySet *
cs_sla_policy_set_new_from_json (JsonNode  *node,
                                 GError   **error)
{
  g_autoptr(CsSlaPolicySet) self = NULL;
  JsonArray *array;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("SLA policies must be a JSON array of policies"));
      return NULL;
    }
  array = json_node_get_array (node);
  self = cs_sla_policy_set_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(CsSlaPolicy) policy = cs_sla_policy_new_from_json (json_array_get_element (array, i),
                                                                   error);

      if (policy == NULL || !cs_sla_policy_set_add (self, policy, error))
        {
          g_prefix_error (error, _("Entry %u: "), i + 1);
          return NULL;
        }
    }
  return g_steal_pointer (&self);
}

JsonNode *
cs_sla_policy_set_to_json (CsSlaPolicySet *self)
{
  g_autoptr(GPtrArray) policies = NULL;
  JsonArray *array;
  JsonNode *node;

  g_return_val_if_fail (CS_IS_SLA_POLICY_SET (self), NULL);

  policies = cs_sla_policy_set_dup_policies (self);
  array = json_array_sized_new (policies->len);
  for (guint i = 0; i < policies->len; i++)
    json_array_add_element (array, cs_sla_policy_to_json (policies->pdata[i]));
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  return node;
}
