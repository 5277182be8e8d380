/* cs-classifier-csv.c: labelled examples from a CSV file
 *
 * What `civicstream-cli classifier train|evaluate FILE.csv` and the tests
 * read: a header row, then one report per row (RFC 4180 quoting, so a
 * description may hold commas, quotes and line breaks). Rows without a text
 * or a category are skipped and counted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-classifier-eval.h"
#include "cs-error.h"

/* Columns looked for when the caller names none. Never a "summary" column:
 * in SeeClickFix exports it repeats the category. */
static const char * const text_columns[] = { "description", "text", "title", NULL };
static const char * const category_columns[] = { "category", "service_code", "label", "service_name", NULL };

/* Reads one row into fields; FALSE at the end of the data or on error. */
static gboolean
next_row (const char **pos,
          const char  *end,
          GPtrArray   *fields,
          guint       *line,
          GError     **error)
{
  const char *p = *pos;
  g_autoptr(GString) field = g_string_new (NULL);

  g_ptr_array_set_size (fields, 0);
  if (p >= end)
    return FALSE;

  for (;;)
    {
      gboolean at_row_end = FALSE;

      g_string_truncate (field, 0);
      if (p < end && *p == '"')
        {
          guint opened = *line;

          p++;
          for (;;)
            {
              if (p >= end)
                {
                  g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                               _("Line %u: a quoted field is never closed"), opened);
                  return FALSE;
                }
              if (*p == '"' && p + 1 < end && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p += 2;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                {
                  if (*p == '\n')
                    (*line)++;
                  g_string_append_c (field, *p++);
                }
            }
          /* Anything between the closing quote and the separator is kept, as spreadsheets do. */
          while (p < end && *p != ',' && *p != '\n' && *p != '\r')
            g_string_append_c (field, *p++);
        }
      else
        while (p < end && *p != ',' && *p != '\n' && *p != '\r')
          g_string_append_c (field, *p++);

      g_ptr_array_add (fields, g_strndup (field->str, field->len));
      if (p >= end)
        at_row_end = TRUE;
      else if (*p == ',')
        p++;
      else
        {
          if (*p == '\r' && p + 1 < end && p[1] == '\n')
            p++;
          p++;
          (*line)++;
          at_row_end = TRUE;
        }
      if (at_row_end)
        break;
    }
  *pos = p;
  return TRUE;
}

static gint
find_column (GPtrArray          *header,
             const char         *wanted,
             const char * const *candidates)
{
  for (guint c = 0; c < header->len; c++)
    {
      const char *name = header->pdata[c];

      if (wanted != NULL)
        {
          if (g_ascii_strcasecmp (name, wanted) == 0)
            return (gint) c;
          continue;
        }
      for (guint k = 0; candidates[k] != NULL; k++)
        if (g_ascii_strcasecmp (name, candidates[k]) == 0)
          return (gint) c;
    }
  return -1;
}

/* Examples (CsExample, weight 1) from CSV data: the text from text_column,
 * the label from category_column (NULL: the usual names). */
GPtrArray *
cs_examples_from_csv (const char  *data,
                      gssize       length,
                      const char  *text_column,
                      const char  *category_column,
                      guint       *n_skipped,
                      GError     **error)
{
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) examples = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_example_free);
  g_autoptr(GError) local_error = NULL;
  const char *pos, *end;
  guint line = 1;
  guint skipped = 0;
  gint text_at, category_at;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (data);
  pos = data;
  end = data + length;
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    pos += 3;   /* a spreadsheet's byte-order mark */

  if (!next_row (&pos, end, header, &line, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CS_ERROR, CS_ERROR_PARSE, _("The CSV file is empty"));
      return NULL;
    }
  for (guint c = 0; c < header->len; c++)
    g_strstrip (header->pdata[c]);

  text_at = find_column (header, text_column, text_columns);
  category_at = find_column (header, category_column, category_columns);
  if (text_at < 0 || category_at < 0)
    {
      g_autofree char *columns = NULL;

      g_ptr_array_add (header, NULL);
      columns = g_strjoinv (", ", (char **) header->pdata);
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("The CSV file has no %s column (its columns: %s)"),
                   text_at < 0 ? (text_column ? text_column : "description/text/title")
                               : (category_column ? category_column : "category/service_code/label"),
                   columns);
      return NULL;
    }

  for (;;)
    {
      const char *text, *category;
      g_autofree char *valid_text = NULL;
      g_autofree char *valid_category = NULL;

      if (!next_row (&pos, end, fields, &line, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          break;
        }
      if (fields->len == 1 && *(char *) fields->pdata[0] == '\0')
        continue;   /* a blank line */
      text = (guint) text_at < fields->len ? fields->pdata[text_at] : "";
      category = (guint) category_at < fields->len ? fields->pdata[category_at] : "";
      valid_text = g_strstrip (g_utf8_make_valid (text, -1));
      valid_category = g_strstrip (g_utf8_make_valid (category, -1));
      if (*valid_text == '\0' || *valid_category == '\0')
        {
          skipped++;
          continue;
        }
      g_ptr_array_add (examples, cs_example_new (valid_text, valid_category, 1.0f));
    }

  if (n_skipped != NULL)
    *n_skipped = skipped;
  return g_steal_pointer (&examples);
}
