/* cs-expr-template.c: templates, text with {{ expression }} interpolations
 *
 * CsTemplate: parsing a template into literal text and expressions ("\{{"
 * writes a literal "{{"), rendering it against instance data with an optional
 * escaping of each interpolated value (URLs, JSON bodies), and collecting the
 * instance-data paths it reads. The expressions are evaluated by cs-expr.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-expr-private.h"

typedef struct
{
  char       *text;   /* literal text; NULL for an interpolation */
  CsExprNode *expr;
} Segment;

struct _CsTemplate
{
  gatomicrefcount  ref_count;
  char            *source;
  GArray          *segments;
};

G_DEFINE_BOXED_TYPE (CsTemplate, cs_template, cs_template_ref, cs_template_unref)

static void
segment_clear (gpointer data)
{
  Segment *segment = data;

  g_clear_pointer (&segment->text, g_free);
  g_clear_pointer (&segment->expr, cs_expr_node_free);
}

static void
flush_literal (GArray  *segments,
               GString *literal)
{
  Segment segment = { NULL, NULL };

  if (literal->len == 0)
    return;
  segment.text = g_strndup (literal->str, literal->len);
  g_array_append_val (segments, segment);
  g_string_truncate (literal, 0);
}

CsTemplate *
cs_template_parse (const char  *text,
                   gsize       *error_offset,
                   GError     **error)
{
  g_autoptr(GArray) segments = NULL;
  g_autoptr(GString) literal = NULL;
  CsTemplate *tmpl;
  gsize i = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cs_expr_check_text (text, TRUE, error_offset, error))
    return NULL;

  segments = g_array_new (FALSE, TRUE, sizeof (Segment));
  g_array_set_clear_func (segments, segment_clear);
  literal = g_string_new (NULL);

  while (text[i] != '\0')
    {
      if (text[i] == '\\' && text[i + 1] == '{' && text[i + 2] == '{')
        {
          g_string_append (literal, "{{");
          i += 3;
        }
      else if (text[i] == '{' && text[i + 1] == '{')
        {
          Segment segment = { NULL, NULL };

          flush_literal (segments, literal);
          segment.expr = cs_expr_parse_node (text, i + 2, TRUE, &i, error_offset, error);
          if (segment.expr == NULL)
            return NULL;
          g_array_append_val (segments, segment);
        }
      else
        g_string_append_c (literal, text[i++]);
    }
  flush_literal (segments, literal);

  tmpl = g_new0 (CsTemplate, 1);
  g_atomic_ref_count_init (&tmpl->ref_count);
  tmpl->source = g_strdup (text);
  tmpl->segments = g_steal_pointer (&segments);
  return tmpl;
}

CsTemplate *
cs_template_ref (CsTemplate *tmpl)
{
  g_return_val_if_fail (tmpl != NULL, NULL);

  g_atomic_ref_count_inc (&tmpl->ref_count);
  return tmpl;
}

void
cs_template_unref (CsTemplate *tmpl)
{
  g_return_if_fail (tmpl != NULL);

  if (g_atomic_ref_count_dec (&tmpl->ref_count))
    {
      g_array_unref (tmpl->segments);
      g_free (tmpl->source);
      g_free (tmpl);
    }
}

const char *
cs_template_get_source (CsTemplate *tmpl)
{
  g_return_val_if_fail (tmpl != NULL, NULL);

  return tmpl->source;
}

char *
cs_template_render (CsTemplate  *tmpl,
                    JsonNode    *data,
                    char      *(*escape) (const char *value),
                    GError     **error)
{
  g_autoptr(GString) out = NULL;
  Eval eval;

  g_return_val_if_fail (tmpl != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  eval.source = tmpl->source;
  eval.data = data;
  out = g_string_new (NULL);

  for (guint i = 0; i < tmpl->segments->len; i++)
    {
      const Segment *segment = &g_array_index (tmpl->segments, Segment, i);
      g_autoptr(JsonNode) value = NULL;
      g_autoptr(GString) piece = NULL;
      gboolean complete;

      if (segment->text != NULL)
        {
          g_string_append (out, segment->text);
          continue;
        }

      if ((value = cs_expr_eval_node (&eval, segment->expr, error)) == NULL)
        return NULL;
      piece = g_string_new (NULL);
      complete = cs_expr_append_text (piece, value);
      if (complete && escape != NULL)
        {
          g_autofree char *escaped = escape (piece->str);

          g_string_assign (piece, escaped != NULL ? escaped : "");
        }

      if (out->len + piece->len > CS_EXPR_MAX_STRING)
        {
          cs_expr_eval_error (&eval, segment->expr->start, error, CS_EXPR_ERROR_LIMIT,
                              _("the rendered text would be longer than %u bytes"), CS_EXPR_MAX_STRING);
          return NULL;
        }
      if (!complete)
        {
          cs_expr_eval_error (&eval, segment->expr->start, error, CS_EXPR_ERROR_LIMIT,
                              _("cannot write out a value nested more than %u levels deep"), CS_EXPR_MAX_DATA_DEPTH);
          return NULL;
        }
      g_string_append_len (out, piece->str, piece->len);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
cs_template_collect_paths (CsTemplate *tmpl,
                           GPtrArray  *paths)
{
  g_return_if_fail (tmpl != NULL);
  g_return_if_fail (paths != NULL);

  for (guint i = 0; i < tmpl->segments->len; i++)
    {
      const Segment *segment = &g_array_index (tmpl->segments, Segment, i);

      if (segment->expr != NULL)
        cs_expr_node_collect_paths (segment->expr, paths);
    }
}
