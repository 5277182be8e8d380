/* cs-alert-state.c: where each alert rule and group stands, between evaluations
 *
 * One hash table keyed by rule id and group, joined by a unit separator
 * (U+001F) that neither ids nor area names contain. A state holds one entry
 * per group that fired or is active, a few hundred at most, so copying it
 * for every evaluation costs nothing next to the evaluation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-alert-state.h"
#include "cs-error.h"

#define SEPARATOR '\x1f'

struct _CsAlertState
{
  gatomicrefcount  ref_count;
  GHashTable      *entries;   /* "rule\x1fgroup" → CsAlertGroupState */
};

G_DEFINE_BOXED_TYPE (CsAlertState, cs_alert_state, cs_alert_state_ref, cs_alert_state_unref)

static char *
key_of (const char *rule_id,
        const char *group)
{
  return g_strdup_printf ("%s%c%s", rule_id, SEPARATOR, group);
}

CsAlertState *
cs_alert_state_new (void)
{
  CsAlertState *state = g_new0 (CsAlertState, 1);

  g_atomic_ref_count_init (&state->ref_count);
  state->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return state;
}

CsAlertState *
cs_alert_state_ref (CsAlertState *state)
{
  g_return_val_if_fail (state != NULL, NULL);

  g_atomic_ref_count_inc (&state->ref_count);
  return state;
}

void
cs_alert_state_unref (CsAlertState *state)
{
  if (state == NULL || !g_atomic_ref_count_dec (&state->ref_count))
    return;
  g_hash_table_unref (state->entries);
  g_free (state);
}

CsAlertState *
cs_alert_state_copy (CsAlertState *state)
{
  CsAlertState *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (state != NULL, NULL);

  copy = cs_alert_state_new ();
  g_hash_table_iter_init (&iter, state->entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->entries, g_strdup (key), g_memdup2 (value, sizeof (CsAlertGroupState)));
  return copy;
}

gboolean
cs_alert_state_lookup (CsAlertState      *state,
                       const char        *rule_id,
                       const char        *group,
                       CsAlertGroupState *group_state)
{
  g_autofree char *key = NULL;
  CsAlertGroupState *found;

  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (rule_id != NULL && group != NULL, FALSE);
  g_return_val_if_fail (group_state != NULL, FALSE);

  key = key_of (rule_id, group);
  found = g_hash_table_lookup (state->entries, key);
  if (found == NULL)
    {
      *group_state = (CsAlertGroupState) { FALSE, 0, CS_ALERT_LEVEL_NONE, G_MININT64, 0 };
      return FALSE;
    }
  *group_state = *found;
  return TRUE;
}

void
cs_alert_state_set (CsAlertState            *state,
                    const char              *rule_id,
                    const char              *group,
                    const CsAlertGroupState *group_state)
{
  g_return_if_fail (state != NULL);
  g_return_if_fail (rule_id != NULL && group != NULL);
  g_return_if_fail (group_state != NULL);

  g_hash_table_insert (state->entries, key_of (rule_id, group),
                       g_memdup2 (group_state, sizeof *group_state));
}

void
cs_alert_state_remove (CsAlertState *state,
                       const char   *rule_id,
                       const char   *group)
{
  g_autofree char *key = NULL;

  g_return_if_fail (state != NULL);
  g_return_if_fail (rule_id != NULL && group != NULL);

  key = key_of (rule_id, group);
  g_hash_table_remove (state->entries, key);
}

/* The group of @key if it belongs to @rule_id, else NULL. */
static const char *
group_of (const char *key,
          const char *rule_id,
          gsize       rule_length)
{
  if (strncmp (key, rule_id, rule_length) != 0 || key[rule_length] != SEPARATOR)
    return NULL;
  return key + rule_length + 1;
}

void
cs_alert_state_forget_rule (CsAlertState *state,
                            const char   *rule_id)
{
  GHashTableIter iter;
  gpointer key;
  gsize length;

  g_return_if_fail (state != NULL);
  g_return_if_fail (rule_id != NULL);

  length = strlen (rule_id);
  g_hash_table_iter_init (&iter, state->entries);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (group_of (key, rule_id, length) != NULL)
      g_hash_table_iter_remove (&iter);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GStrv
cs_alert_state_dup_groups (CsAlertState *state,
                           const char   *rule_id)
{
  GPtrArray *groups;
  GHashTableIter iter;
  gpointer key;
  gsize length;

  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (rule_id != NULL, NULL);

  groups = g_ptr_array_new ();
  length = strlen (rule_id);
  g_hash_table_iter_init (&iter, state->entries);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *group = group_of (key, rule_id, length);

      if (group != NULL)
        g_ptr_array_add (groups, g_strdup (group));
    }
  qsort (groups->pdata, groups->len, sizeof (gpointer), compare_strings);
  g_ptr_array_add (groups, NULL);
  return (GStrv) g_ptr_array_free (groups, FALSE);
}

guint
cs_alert_state_get_size (CsAlertState *state)
{
  g_return_val_if_fail (state != NULL, 0);

  return g_hash_table_size (state->entries);
}

JsonNode *
cs_alert_state_to_json (CsAlertState *state)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree gpointer *keys = NULL;
  guint n;

  g_return_val_if_fail (state != NULL, NULL);

  /* Sorted, so that an unchanged state is stored as the same text. */
  keys = g_hash_table_get_keys_as_array (state->entries, &n);
  qsort (keys, n, sizeof (gpointer), compare_strings);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      const CsAlertGroupState *entry = g_hash_table_lookup (state->entries, keys[i]);
      const char *separator = strchr (keys[i], SEPARATOR);
      g_autofree char *rule_id = g_strndup (keys[i], (gsize) (separator - (const char *) keys[i]));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "rule_id");
      json_builder_add_string_value (builder, rule_id);
      json_builder_set_member_name (builder, "group");
      json_builder_add_string_value (builder, separator + 1);
      json_builder_set_member_name (builder, "active");
      json_builder_add_boolean_value (builder, entry->active);
      json_builder_set_member_name (builder, "active_since");
      json_builder_add_int_value (builder, entry->active_since);
      json_builder_set_member_name (builder, "level");
      if (entry->level == CS_ALERT_LEVEL_NONE)
        json_builder_add_null_value (builder);
      else
        json_builder_add_string_value (builder, cs_alert_level_to_string (entry->level));
      json_builder_set_member_name (builder, "fired_at");
      json_builder_add_int_value (builder, entry->fired_at);
      json_builder_set_member_name (builder, "level_since");
      json_builder_add_int_value (builder, entry->level_since);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static gboolean
read_entry (JsonNode           *node,
            const char        **rule_id,
            const char        **group,
            CsAlertGroupState  *entry)
{
  JsonObject *object;
  JsonNode *level;
  const char *names[] = { "active_since", "fired_at", "level_since" };
  gint64 *fields[] = { &entry->active_since, &entry->fired_at, &entry->level_since };

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  *rule_id = json_object_get_string_member_with_default (object, "rule_id", NULL);
  *group = json_object_get_string_member_with_default (object, "group", NULL);
  if (*rule_id == NULL || *group == NULL || strchr (*rule_id, SEPARATOR) != NULL)
    return FALSE;
  entry->active = json_object_get_boolean_member_with_default (object, "active", FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *member = json_object_get_member (object, names[i]);

      if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
          json_node_get_value_type (member) != G_TYPE_INT64)
        return FALSE;
      *fields[i] = json_node_get_int (member);
    }
  entry->level = CS_ALERT_LEVEL_NONE;
  level = json_object_get_member (object, "level");
  if (level != NULL && !JSON_NODE_HOLDS_NULL (level))
    {
      CsAlertLevel parsed;

      if (!JSON_NODE_HOLDS_VALUE (level) || json_node_get_value_type (level) != G_TYPE_STRING ||
          !cs_alert_level_from_string (json_node_get_string (level), &parsed))
        return FALSE;
      entry->level = (int) parsed;
    }
  return TRUE;
}

CsAlertState *
cs_alert_state_new_from_json (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(CsAlertState) state = NULL;
  JsonArray *array;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("An alert state must be a JSON array"));
      return NULL;
    }
  state = cs_alert_state_new ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *rule_id, *group;
      CsAlertGroupState entry;

      if (!read_entry (json_array_get_element (array, i), &rule_id, &group, &entry))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Alert state: entry %u is not a valid rule and group state"), i + 1);
          return NULL;
        }
      cs_alert_state_set (state, rule_id, group, &entry);
    }
  return g_steal_pointer (&state);
}
