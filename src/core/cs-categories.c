/* cs-categories.c: a tenant's service categories (Open311 service definitions)
 *
 * Every city names its own categories, so the classifier, severity and
 * deduplication all start from this list. The app ships a generic default
 * (data/categories/default.json, in the GResource) that a tenant edits; the
 * loader checks every field and names the entry and field at fault.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-categories.h"
#include "cs-error.h"
#include "cs-init.h"

G_DEFINE_BOXED_TYPE (CsCategory, cs_category, cs_category_ref, cs_category_unref)

typedef struct
{
  CsCategory     category;
  gatomicrefcount ref_count;
} CsCategoryReal;

CsCategory *
cs_category_new (const char         *code,
                 const char         *name,
                 const char         *description,
                 const char * const *keywords,
                 const char         *group,
                 CsSeverity          default_severity,
                 const char         *agency,
                 guint               dedup_radius_m)
{
  CsCategoryReal *real;

  g_return_val_if_fail (code != NULL && *code != '\0', NULL);
  g_return_val_if_fail (default_severity <= CS_SEVERITY_LAST, NULL);

  real = g_new0 (CsCategoryReal, 1);
  g_atomic_ref_count_init (&real->ref_count);
  real->category.code = g_strdup (code);
  real->category.name = g_strdup (name != NULL && *name != '\0' ? name : code);
  real->category.description = g_strdup (description != NULL ? description : "");
  real->category.keywords = keywords != NULL ? g_strdupv ((char **) keywords) : g_new0 (char *, 1);
  real->category.group = g_strdup (group != NULL ? group : "");
  real->category.default_severity = default_severity;
  real->category.agency = g_strdup (agency != NULL ? agency : "");
  real->category.dedup_radius_m = dedup_radius_m;
  return &real->category;
}

CsCategory *
cs_category_ref (CsCategory *category)
{
  g_return_val_if_fail (category != NULL, NULL);

  g_atomic_ref_count_inc (&((CsCategoryReal *) category)->ref_count);
  return category;
}

void
cs_category_unref (CsCategory *category)
{
  CsCategoryReal *real = (CsCategoryReal *) category;

  if (category == NULL || !g_atomic_ref_count_dec (&real->ref_count))
    return;
  g_free (category->code);
  g_free (category->name);
  g_free (category->description);
  g_strfreev (category->keywords);
  g_free (category->group);
  g_free (category->agency);
  g_free (real);
}

static gboolean
valid_code (const char *code)
{
  if (*code == '\0' || strlen (code) > 64)
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

/* An optional string member: NULL when absent; FALSE (with error) when not a string. */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            guint        position,
            const char **value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Category %u: “%s” must be a string"), position, member);
      return FALSE;
    }
  *value = json_node_get_string (node);
  return TRUE;
}

/* Keywords as a JSON array of strings or, as Open311 sends them, one comma-separated string. */
static char **
get_keywords (JsonObject  *object,
              guint        position,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, "keywords");
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    ;
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
            {
              g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("Category %u: keyword %u must be a string"), position, i + 1);
              return NULL;
            }
          g_ptr_array_add (words, g_strstrip (g_strdup (json_node_get_string (item))));
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      parts = g_strsplit (json_node_get_string (node), ",", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        g_ptr_array_add (words, g_strstrip (g_strdup (parts[i])));
    }
  else
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Category %u: “keywords” must be a list of strings or a comma-separated string"),
                   position);
      return NULL;
    }

  for (guint i = words->len; i > 0; i--)
    if (*(char *) words->pdata[i - 1] == '\0')
      g_ptr_array_remove_index (words, i - 1);
  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&words), FALSE);
}

static CsCategory *
parse_category (JsonNode  *node,
                guint      position,
                GError   **error)
{
  JsonObject *object;
  const char *code, *name, *description, *group, *agency, *severity_text;
  g_auto(GStrv) keywords = NULL;
  CsSeverity severity = CS_SEVERITY_MEDIUM;
  gint64 radius = CS_CATEGORY_DEFAULT_DEDUP_RADIUS;
  JsonNode *radius_node;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Category %u must be an object"), position);
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_string (object, "code", position, &code, error) ||
      !get_string (object, "name", position, &name, error) ||
      !get_string (object, "description", position, &description, error) ||
      !get_string (object, "group", position, &group, error) ||
      !get_string (object, "agency", position, &agency, error) ||
      !get_string (object, "default_severity", position, &severity_text, error))
    return NULL;

  if (code == NULL || !valid_code (code))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Category %u: “code” must be 1 to 64 letters, digits, “_”, “-” or “.”"),
                   position);
      return NULL;
    }
  if (name == NULL || *name == '\0')
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Category %u (“%s”): “name” is missing"), position, code);
      return NULL;
    }
  if (severity_text != NULL && !cs_severity_from_string (severity_text, &severity))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Category %u (“%s”): “default_severity” must be low, medium, high or critical, not “%s”"),
                   position, code, severity_text);
      return NULL;
    }

  radius_node = json_object_get_member (object, "dedup_radius_m");
  if (radius_node != NULL && !JSON_NODE_HOLDS_NULL (radius_node))
    {
      if (!JSON_NODE_HOLDS_VALUE (radius_node) || json_node_get_value_type (radius_node) != G_TYPE_INT64 ||
          json_node_get_int (radius_node) < 0 || json_node_get_int (radius_node) > CS_CATEGORY_MAX_DEDUP_RADIUS)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Category %u (“%s”): “dedup_radius_m” must be a whole number of metres from 0 to %u"),
                       position, code, CS_CATEGORY_MAX_DEDUP_RADIUS);
          return NULL;
        }
      radius = json_node_get_int (radius_node);
    }

  keywords = get_keywords (object, position, error);
  if (keywords == NULL)
    return NULL;

  return cs_category_new (code, name, description, (const char * const *) keywords, group,
                          severity, agency, (guint) radius);
}

/* Parses {"categories": [...]} into a GPtrArray of CsCategory, in file order. */
GPtrArray *
cs_categories_parse (const char  *json,
                     gssize       length,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonNode *list;
  JsonArray *array;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                   _("Categories are not valid JSON: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (list = json_object_get_member (json_node_get_object (root), "categories")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Categories must be an object with a “categories” list"));
      return NULL;
    }
  array = json_node_get_array (list);
  if (json_array_get_length (array) == 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("The “categories” list is empty"));
      return NULL;
    }

  categories = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_category_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      CsCategory *category = parse_category (json_array_get_element (array, i), i + 1, error);

      if (category == NULL)
        return NULL;
      g_ptr_array_add (categories, category);
      if (!g_hash_table_add (codes, category->code))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Category %u: the code “%s” is used twice"), i + 1, category->code);
          return NULL;
        }
    }
  return g_steal_pointer (&categories);
}

GPtrArray *
cs_categories_load_file (const char  *path,
                         GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *categories;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  categories = cs_categories_parse (contents, length, &local_error);
  if (categories == NULL)
    g_set_error (error, local_error->domain, local_error->code, "%s: %s", path, local_error->message);
  return categories;
}

/* The generic set shipped with the app, for tenants without their own. */
GPtrArray *
cs_categories_load_default (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  cs_init ();
  bytes = g_resources_lookup_data (RESOURCE_BASE CS_CATEGORIES_DEFAULT_RESOURCE, 0, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);
  return cs_categories_parse (data, length, error);
}

CsCategory *
cs_categories_find (GPtrArray  *categories,
                    const char *code)
{
  g_return_val_if_fail (categories != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < categories->len; i++)
    {
      CsCategory *category = categories->pdata[i];

      if (g_strcmp0 (category->code, code) == 0)
        return category;
    }
  return NULL;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Categories named by the distinct non-empty labels of a labelled file (code
 * and name both the label), sorted, for data that brings its own categories. */
GPtrArray *
cs_categories_from_labels (const char * const *labels)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) distinct = g_ptr_array_new ();
  GPtrArray *categories = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_category_unref);

  g_return_val_if_fail (labels != NULL, categories);

  for (guint i = 0; labels[i] != NULL; i++)
    if (*labels[i] != '\0' && g_hash_table_add (seen, (gpointer) labels[i]))
      g_ptr_array_add (distinct, (gpointer) labels[i]);
  g_ptr_array_sort (distinct, compare_strings);
  for (guint i = 0; i < distinct->len; i++)
    g_ptr_array_add (categories, cs_category_new (distinct->pdata[i], distinct->pdata[i], NULL, NULL,
                                                  NULL, CS_SEVERITY_MEDIUM, NULL,
                                                  CS_CATEGORY_DEFAULT_DEDUP_RADIUS));
  return categories;
}
