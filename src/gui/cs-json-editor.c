/* cs-json-editor.c: a JSON object typed by hand, checked as it is typed
 *
 * A monospace text view whose text is parsed after every change; a problem
 * is told under it with its line and column, and the place is underlined,
 * so a dialog can keep its button insensitive until the text is a JSON
 * object.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "cs-json-editor.h"

struct _CsJsonEditor
{
  AdwBin         parent_instance;

  GtkTextView   *view;
  GtkTextBuffer *buffer;
  GtkTextTag    *error_tag;
  GtkLabel      *problem_label;
  JsonObject    *object;
  char          *problem;
};

G_DEFINE_FINAL_TYPE (CsJsonEditor, cs_json_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_VALID,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

JsonObject *
cs_json_parse_object (const char  *text,
                      int         *line,
                      int         *column,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GRegex) where = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  JsonNode *root;

  g_return_val_if_fail (text != NULL, NULL);

  if (line)
    *line = 0;
  if (column)
    *column = 0;

  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      /* json-glib says "<data>:LINE:COLUMN: Parse error: what". */
      where = g_regex_new ("^<data>:(\\d+):(\\d+):\\s*(?:Parse error:\\s*)?(.*)$", G_REGEX_DOTALL, 0, NULL);
      if (g_regex_match (where, local_error->message, 0, &match))
        {
          g_autofree char *l = g_match_info_fetch (match, 1);
          g_autofree char *c = g_match_info_fetch (match, 2);
          g_autofree char *what = g_match_info_fetch (match, 3);

          if (line)
            *line = atoi (l);
          if (column)
            *column = atoi (c);
          g_set_error (error, CS_ERROR, CS_ERROR_PARSE, _("Line %s, column %s: %s"), l, c, what);
        }
      else
        g_set_error_literal (error, CS_ERROR, CS_ERROR_PARSE, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_PARSE, _("Type a JSON object, such as {}"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      if (line)
        *line = 1;
      if (column)
        *column = 1;
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE, _("Line 1, column 1: expected an object {…}, not %s"),
                   JSON_NODE_HOLDS_ARRAY (root) ? _("an array") : _("a single value"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static void
mark_problem (CsJsonEditor *self,
              int           line,
              int           column)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->error_tag, &start, &end);
  if (line <= 0)
    return;

  gtk_text_buffer_get_iter_at_line_offset (self->buffer, &start, line - 1, MAX (column - 1, 0));
  end = start;
  if (!gtk_text_iter_forward_char (&end) || gtk_text_iter_get_line (&end) != gtk_text_iter_get_line (&start))
    {
      /* At the end of a line or of the text: mark what comes before. */
      end = start;
      gtk_text_iter_backward_char (&start);
    }
  gtk_text_buffer_apply_tag (self->buffer, self->error_tag, &start, &end);
}

static void
buffer_changed_cb (CsJsonEditor *self)
{
  g_autofree char *text = cs_json_editor_get_text (self);
  g_autoptr(GError) error = NULL;
  gboolean was_valid = self->object != NULL;
  int line, column;

  g_clear_pointer (&self->object, json_object_unref);
  g_clear_pointer (&self->problem, g_free);

  self->object = cs_json_parse_object (text, &line, &column, &error);
  if (self->object == NULL)
    self->problem = g_strdup (error->message);

  mark_problem (self, self->object ? 0 : line, column);
  gtk_label_set_label (self->problem_label, self->problem ? self->problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), self->problem != NULL);
  if (self->problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->view), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->view), "error");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
  if (was_valid != (self->object != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

char *
cs_json_editor_get_text (CsJsonEditor *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (CS_IS_JSON_EDITOR (self), NULL);

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  return gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
}

void
cs_json_editor_set_text (CsJsonEditor *self,
                         const char   *text)
{
  g_return_if_fail (CS_IS_JSON_EDITOR (self));
  gtk_text_buffer_set_text (self->buffer, text ? text : "", -1);
}

void
cs_json_editor_set_object (CsJsonEditor *self,
                           JsonObject   *object)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (CS_IS_JSON_EDITOR (self));

  node = json_node_init_object (json_node_alloc (), object ? object : json_object_new ());
  if (object == NULL)
    json_object_unref (json_node_get_object (node));
  text = json_to_string (node, TRUE);
  cs_json_editor_set_text (self, text);
}

gboolean
cs_json_editor_get_valid (CsJsonEditor *self)
{
  g_return_val_if_fail (CS_IS_JSON_EDITOR (self), FALSE);
  return self->object != NULL;
}

const char *
cs_json_editor_get_problem (CsJsonEditor *self)
{
  g_return_val_if_fail (CS_IS_JSON_EDITOR (self), NULL);
  return self->problem;
}

JsonObject *
cs_json_editor_dup_object (CsJsonEditor *self)
{
  g_return_val_if_fail (CS_IS_JSON_EDITOR (self), NULL);
  return self->object ? json_object_ref (self->object) : NULL;
}

static void
cs_json_editor_finalize (GObject *object)
{
  CsJsonEditor *self = (CsJsonEditor *)object;

  g_clear_pointer (&self->object, json_object_unref);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (cs_json_editor_parent_class)->finalize (object);
}

static void
cs_json_editor_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CsJsonEditor *self = CS_JSON_EDITOR (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_take_string (value, cs_json_editor_get_text (self));
      break;

    case PROP_VALID:
      g_value_set_boolean (value, cs_json_editor_get_valid (self));
      break;

    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_json_editor_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_TEXT:
      cs_json_editor_set_text (CS_JSON_EDITOR (object), g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_json_editor_class_init (CsJsonEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_json_editor_finalize;
  object_class->get_property = cs_json_editor_get_property;
  object_class->set_property = cs_json_editor_set_property;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_json_editor_init (CsJsonEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->view = GTK_TEXT_VIEW (gtk_text_view_new ());
  self->buffer = gtk_text_view_get_buffer (self->view);
  gtk_text_view_set_monospace (self->view, TRUE);
  gtk_text_view_set_wrap_mode (self->view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (self->view, 8);
  gtk_text_view_set_bottom_margin (self->view, 8);
  gtk_text_view_set_left_margin (self->view, 8);
  gtk_text_view_set_right_margin (self->view, 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("JSON data"), -1);
  self->error_tag = gtk_text_buffer_create_tag (self->buffer, "problem",
                                                "underline", PANGO_UNDERLINE_ERROR,
                                                "background", "rgba(224,27,36,0.25)",
                                                NULL);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 110);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  gtk_widget_add_css_class (frame, "view");

  self->problem_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->problem_label, 0);
  gtk_label_set_wrap (self->problem_label, TRUE);
  gtk_label_set_selectable (self->problem_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->problem_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), FALSE);

  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->problem_label));
  adw_bin_set_child (ADW_BIN (self), box);

  g_signal_connect_object (self->buffer, "changed", G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);
  buffer_changed_cb (self);
}

GtkWidget *
cs_json_editor_new (void)
{
  return g_object_new (CS_TYPE_JSON_EDITOR, NULL);
}
