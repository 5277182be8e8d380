/* cs-data-list.c: a JSON object shown as keys and values
 *
 * Instance data is nested JSON; people read it as a flat list. Objects
 * become dotted keys, arrays of plain values one comma-separated line, and
 * arrays of objects numbered keys ("items.0.name"), the same paths steps use
 * to name their inputs' sources.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-data-list.h"

struct _CsDataList
{
  AdwBin      parent_instance;

  GtkListBox *list;
  GtkSizeGroup *key_width;   /* one column of keys across the rows */
  GPtrArray  *keys;     /* char* */
  GHashTable *values;   /* key → text */
};

G_DEFINE_FINAL_TYPE (CsDataList, cs_data_list, ADW_TYPE_BIN)

static gboolean
is_plain_array (JsonArray *array)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNodeType type = JSON_NODE_TYPE (json_array_get_element (array, i));
      if (type == JSON_NODE_OBJECT || type == JSON_NODE_ARRAY)
        return FALSE;
    }
  return TRUE;
}

static char *
scalar_text (JsonNode *node)
{
  GType type;

  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.10g", json_node_get_double (node)));
    }
  return json_to_string (node, FALSE);
}

static void
add_entry (CsDataList *self,
           const char *key,
           char       *text)
{
  g_ptr_array_add (self->keys, g_strdup (key));
  g_hash_table_replace (self->values, g_strdup (key), text);
}

static void
flatten (CsDataList *self,
         const char *prefix,
         JsonNode   *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      /* jsonb keeps no order of its own: alphabetical reads best. */
      g_autoptr(GList) members = g_list_sort (json_object_get_members (object), (GCompareFunc) g_strcmp0);

      if (members == NULL && prefix != NULL)
        add_entry (self, prefix, g_strdup (_("(empty)")));
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *key = prefix ? g_strconcat (prefix, ".", l->data, NULL) : g_strdup (l->data);
          flatten (self, key, json_object_get_member (object, l->data));
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      if (n == 0)
        add_entry (self, prefix, g_strdup (_("(empty)")));
      else if (is_plain_array (array))
        {
          g_autoptr(GString) text = g_string_new (NULL);

          for (guint i = 0; i < n; i++)
            {
              g_autofree char *item = scalar_text (json_array_get_element (array, i));
              g_string_append_printf (text, "%s%s", i ? ", " : "", item);
            }
          add_entry (self, prefix, g_string_free (g_steal_pointer (&text), FALSE));
        }
      else
        for (guint i = 0; i < n; i++)
          {
            g_autofree char *key = g_strdup_printf ("%s.%u", prefix, i);
            flatten (self, key, json_array_get_element (array, i));
          }
    }
  else
    add_entry (self, prefix, scalar_text (node));
}

static GtkWidget *
create_row (CsDataList *self,
            const char *key,
            const char *value)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *key_label = gtk_label_new (key);
  GtkWidget *value_label = gtk_label_new (value);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_label_set_xalign (GTK_LABEL (key_label), 0);
  gtk_label_set_yalign (GTK_LABEL (key_label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (key_label), 28);
  gtk_size_group_add_widget (self->key_width, key_label);
  gtk_label_set_wrap (GTK_LABEL (key_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (key_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (key_label, "dim-label");

  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_set_hexpand (value_label, TRUE);

  gtk_box_append (GTK_BOX (box), key_label);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, key, -1);
  return row;
}

void
cs_data_list_set_data (CsDataList *self,
                       JsonObject *data)
{
  GtkListBoxRow *row;

  g_return_if_fail (CS_IS_DATA_LIST (self));

  /* Rows only: the placeholder is a child too. */
  while ((row = gtk_list_box_get_row_at_index (self->list, 0)))
    gtk_list_box_remove (self->list, GTK_WIDGET (row));
  g_ptr_array_set_size (self->keys, 0);
  g_hash_table_remove_all (self->values);

  if (data != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), data);
      flatten (self, NULL, node);
    }

  for (guint i = 0; i < self->keys->len; i++)
    {
      const char *key = g_ptr_array_index (self->keys, i);
      gtk_list_box_append (self->list, create_row (self, key, g_hash_table_lookup (self->values, key)));
    }
}

GStrv
cs_data_list_get_keys (CsDataList *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (CS_IS_DATA_LIST (self), NULL);

  for (guint i = 0; i < self->keys->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->keys, i));
  return g_strv_builder_end (builder);
}

const char *
cs_data_list_get_value (CsDataList *self,
                        const char *key)
{
  g_return_val_if_fail (CS_IS_DATA_LIST (self), NULL);
  return g_hash_table_lookup (self->values, key);
}

static void
cs_data_list_finalize (GObject *object)
{
  CsDataList *self = (CsDataList *)object;

  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_object (&self->key_width);

  G_OBJECT_CLASS (cs_data_list_parent_class)->finalize (object);
}

static void
cs_data_list_class_init (CsDataListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_data_list_finalize;
}

static void
cs_data_list_init (CsDataList *self)
{
  GtkWidget *placeholder = gtk_label_new (_("No data"));

  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->key_width = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->list, placeholder);
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->list));
}

GtkWidget *
cs_data_list_new (void)
{
  return g_object_new (CS_TYPE_DATA_LIST, NULL);
}
