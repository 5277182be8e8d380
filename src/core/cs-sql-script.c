/* cs-sql-script.c: split an SQL script into statements, remembering where each starts
 *
 * Migrations run statement by statement so that a failure can be reported with
 * the file's line number; this splitter knows just enough SQL lexing to find the
 * top-level semicolons: quotes, identifiers, dollar quotes and both comment forms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cs-error.h"
#include "cs-sql-script.h"

void
cs_sql_statement_free (CsSqlStatement *statement)
{
  if (statement == NULL)
    return;
  g_free (statement->text);
  g_free (statement);
}

guint
cs_sql_script_line_at (const char *script,
                       gsize       offset)
{
  guint line = 1;

  g_return_val_if_fail (script != NULL, 0);

  for (gsize i = 0; i < offset && script[i] != '\0'; i++)
    if (script[i] == '\n')
      line++;
  return line;
}

static gboolean
is_ident_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || (guchar) c >= 0x80;
}

/* Returns the length of a dollar-quote tag ("$$" or "$name$") at p, or 0. */
static gsize
dollar_tag_length (const char *p)
{
  gsize n = 1;

  g_assert (*p == '$');
  if (g_ascii_isdigit (p[1]))
    return 0;   /* $1 is a parameter, not a quote */
  while (is_ident_char (p[n]) && p[n] != '$')
    n++;
  return p[n] == '$' ? n + 1 : 0;
}

static void
push_statement (GPtrArray  *statements,
                const char *script,
                gsize       start,
                gsize       end)
{
  CsSqlStatement *statement;

  while (start < end && g_ascii_isspace (script[start]))
    start++;
  while (end > start && g_ascii_isspace (script[end - 1]))
    end--;
  if (start == end)
    return;

  statement = g_new0 (CsSqlStatement, 1);
  statement->text = g_strndup (script + start, end - start);
  statement->offset = start;
  statement->line = cs_sql_script_line_at (script, start);
  g_ptr_array_add (statements, statement);
}

GPtrArray *
cs_sql_script_split (const char  *script,
                     GError     **error)
{
  g_autoptr(GPtrArray) statements = NULL;
  gsize len;
  gsize start = 0;
  gsize i = 0;
  gboolean only_comments = TRUE;

  g_return_val_if_fail (script != NULL, NULL);

  statements = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_sql_statement_free);
  len = strlen (script);

  while (i < len)
    {
      char c = script[i];

      if (c == '-' && script[i + 1] == '-')
        {
          const char *nl = strchr (script + i, '\n');
          i = nl ? (gsize) (nl - script) + 1 : len;
          if (only_comments)
            start = i;
        }
      else if (c == '/' && script[i + 1] == '*')
        {
          gsize opened = i;
          guint depth = 1;

          i += 2;
          while (i < len && depth > 0)
            {
              if (script[i] == '/' && script[i + 1] == '*')
                depth++, i += 2;
              else if (script[i] == '*' && script[i + 1] == '/')
                depth--, i += 2;
              else
                i++;
            }
          if (depth > 0)
            {
              g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                           "Line %u: comment is never closed",
                           cs_sql_script_line_at (script, opened));
              return NULL;
            }
          if (only_comments)
            start = i;
        }
      else if (c == '\'' || c == '"')
        {
          gsize opened = i;
          gboolean backslash = c == '\'' && i > 0 && (script[i - 1] == 'E' || script[i - 1] == 'e')
                               && (i < 2 || !is_ident_char (script[i - 2]));
          gboolean closed = FALSE;

          only_comments = FALSE;
          i++;
          while (i < len)
            {
              if (backslash && script[i] == '\\' && i + 1 < len)
                i += 2;
              else if (script[i] == c && script[i + 1] == c)
                i += 2;
              else if (script[i] == c)
                {
                  i++;
                  closed = TRUE;
                  break;
                }
              else
                i++;
            }
          if (!closed)
            {
              g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                           "Line %u: %s is never closed",
                           cs_sql_script_line_at (script, opened),
                           c == '\'' ? "string" : "quoted identifier");
              return NULL;
            }
        }
      else if (c == '$' && (i == 0 || !is_ident_char (script[i - 1])) && dollar_tag_length (script + i) > 0)
        {
          gsize tag_len = dollar_tag_length (script + i);
          g_autofree char *tag = g_strndup (script + i, tag_len);
          const char *close = strstr (script + i + tag_len, tag);

          only_comments = FALSE;
          if (close == NULL)
            {
              g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                           "Line %u: %s quote is never closed",
                           cs_sql_script_line_at (script, i), tag);
              return NULL;
            }
          i = (gsize) (close - script) + tag_len;
        }
      else if (c == ';')
        {
          push_statement (statements, script, start, i);
          i++;
          start = i;
          only_comments = TRUE;
        }
      else
        {
          if (!g_ascii_isspace (c))
            only_comments = FALSE;
          else if (only_comments)
            start = i + 1;
          i++;
        }
    }

  if (!only_comments)
    push_statement (statements, script, start, len);

  return g_steal_pointer (&statements);
}
