/* cs-alert-rule-filter.c: the "where" part of an alert condition
 *
 * The filter is an expression of docs/expressions.md, which ends at the
 * parenthesis that closes the metric's. Since people write conditions the
 * way they write SQL, a lone "=" is read as "==". The expression language
 * reports its errors with columns of the text it was given; parsing the
 * filter padded with one space per character that precedes it makes those
 * the columns of the whole condition.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-alert-rule-private.h"
#include "cs-error.h"

static guint
column_of (const char *text,
           gsize       offset)
{
  return (guint) g_utf8_strlen (text, (gssize) offset) + 1;
}

static gboolean fail (const char  *text,
                      gsize        offset,
                      gsize       *error_offset,
                      GError     **error,
                      const char  *format,
                      ...) G_GNUC_PRINTF (5, 6);

static gboolean
fail (const char  *text,
      gsize        offset,
      gsize       *error_offset,
      GError     **error,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (error_offset != NULL)
    *error_offset = offset;
  g_set_error (error, CS_ERROR, CS_ERROR_PARSE, _("Column %u: %s"), column_of (text, offset), message);
  return FALSE;
}

/* Finds the ')' that ends the filter starting at @from, skipping strings
 * and nested parentheses. */
static gboolean
find_end (const char  *t,
          gsize        from,
          gsize        open_paren,
          gsize       *end,
          gsize       *error_offset,
          GError     **error)
{
  int depth = 0;

  for (gsize i = from; t[i] != '\0'; i++)
    {
      if (t[i] == '"' || t[i] == '\'')
        {
          gsize opening = i;

          for (i++; t[i] != '\0' && t[i] != t[opening]; i++)
            if (t[i] == '\\' && t[i + 1] != '\0')
              i++;
          if (t[i] == '\0')
            return fail (t, opening, error_offset, error, _("the string at column %u is never closed"),
                         column_of (t, opening));
        }
      else if (t[i] == '(')
        depth++;
      else if (t[i] == ')' && depth-- == 0)
        {
          *end = i;
          return TRUE;
        }
    }
  return fail (t, open_paren, error_offset, error, _("the “(” at column %u is never closed"),
               column_of (t, open_paren));
}

/* Reads a lone "=" as "==", as people write conditions in SQL; @map gets
 * the offset in @text of each byte of the result (and of its end). */
static char *
normalise (const char *text,
           gsize       start,
           gsize       end,
           GArray     *map)
{
  GString *out = g_string_new (NULL);

  for (gsize i = start; i < end; i++)
    {
      gboolean lone = text[i] == '=' && (i == start || strchr ("=!<>", text[i - 1]) == NULL) &&
                      text[i + 1] != '=';

      if (text[i] == '"' || text[i] == '\'')
        {
          gsize opening = i;

          do
            {
              if (text[i] == '\\')
                {
                  g_string_append_c (out, text[i]);
                  g_array_append_val (map, i);
                  i++;
                }
              g_string_append_c (out, text[i]);
              g_array_append_val (map, i);
              i++;
            }
          while (i < end && text[i] != text[opening]);
        }
      if (lone)
        {
          g_string_append_c (out, '=');
          g_array_append_val (map, i);
        }
      g_string_append_c (out, text[i]);
      g_array_append_val (map, i);
    }
  g_array_append_val (map, end);
  return g_string_free (out, FALSE);
}

gboolean
cs_alert_rule_parse_filter (CsAlertRule  *rule,
                            const char   *text,
                            gsize         from,
                            gsize         open_paren,
                            gsize        *end,
                            gsize        *error_offset,
                            GError      **error)
{
  gsize close = 0, start, stop, pad;
  g_autoptr(GArray) map = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GError) local_error = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *padded = NULL;
  gsize expr_offset = 0;

  if (!find_end (text, from, open_paren, &close, error_offset, error))
    return FALSE;
  start = from;
  stop = close;
  while (start < stop && g_ascii_isspace (text[start]))
    start++;
  while (stop > start && g_ascii_isspace (text[stop - 1]))
    stop--;
  if (start == stop)
    return fail (text, close, error_offset, error, _("expected a condition after “where”"));

  /* Padding with a space per character before the filter keeps the
   * expression language's columns those of the whole condition. */
  normal = normalise (text, start, stop, map);
  pad = (gsize) g_utf8_strlen (text, (gssize) start);
  padded = g_strdup_printf ("%*s%s", (int) pad, "", normal);
  rule->filter = cs_expr_parse (padded, &expr_offset, &local_error);
  if (rule->filter == NULL)
    {
      gsize in_text = expr_offset >= pad
                      ? g_array_index (map, gsize, MIN (expr_offset - pad, map->len - 1)) : start;
      g_autofree char *prefix = g_strdup_printf (_("Column %u: "), column_of (padded, expr_offset));
      const char *message = local_error->message;

      if (g_str_has_prefix (message, prefix))
        message += strlen (prefix);
      return fail (text, in_text, error_offset, error, "%s", message);
    }
  rule->filter_text = g_strndup (text + start, stop - start);
  *end = stop;
  return TRUE;
}
