/* test-sql-script.c: splitting migration scripts into statements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "core/cs-error.h"
#include "core/cs-sql-script.h"

static GPtrArray *
split_ok (const char *script)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *statements = cs_sql_script_split (script, &error);

  g_assert_no_error (error);
  g_assert_nonnull (statements);
  return statements;
}

static const char *
text_of (GPtrArray *statements,
         guint      i)
{
  return ((CsSqlStatement *) g_ptr_array_index (statements, i))->text;
}

static guint
line_of (GPtrArray *statements,
         guint      i)
{
  return ((CsSqlStatement *) g_ptr_array_index (statements, i))->line;
}

static void
test_simple (void)
{
  g_autoptr(GPtrArray) s = split_ok ("CREATE TABLE a (x int);\nCREATE TABLE b (y int);\n");

  g_assert_cmpuint (s->len, ==, 2);
  g_assert_cmpstr (text_of (s, 0), ==, "CREATE TABLE a (x int)");
  g_assert_cmpstr (text_of (s, 1), ==, "CREATE TABLE b (y int)");
  g_assert_cmpuint (line_of (s, 0), ==, 1);
  g_assert_cmpuint (line_of (s, 1), ==, 2);
}

static void
test_comments_and_lines (void)
{
  g_autoptr(GPtrArray) s = split_ok ("-- header; with a semicolon\n"
                                     "\n"
                                     "/* block; comment /* nested; */ still */\n"
                                     "SELECT 1; -- trailing; comment\n"
                                     "\n"
                                     "SELECT\n  2;\n"
                                     "-- only a comment at the end;\n");

  g_assert_cmpuint (s->len, ==, 2);
  g_assert_cmpstr (text_of (s, 0), ==, "SELECT 1");
  g_assert_cmpuint (line_of (s, 0), ==, 4);
  g_assert_cmpstr (text_of (s, 1), ==, "SELECT\n  2");
  g_assert_cmpuint (line_of (s, 1), ==, 6);
}

static void
test_quotes (void)
{
  g_autoptr(GPtrArray) s = split_ok ("SELECT 'a;b', 'it''s; fine', \"odd;name\", E'back\\';slash';"
                                     "SELECT $$ body; with ; $$, $fn$ x; $$ y; $fn$;"
                                     "SELECT $1;");

  g_assert_cmpuint (s->len, ==, 3);
  g_assert_cmpstr (text_of (s, 0), ==, "SELECT 'a;b', 'it''s; fine', \"odd;name\", E'back\\';slash'");
  g_assert_cmpstr (text_of (s, 1), ==, "SELECT $$ body; with ; $$, $fn$ x; $$ y; $fn$");
  g_assert_cmpstr (text_of (s, 2), ==, "SELECT $1");
}

static void
test_function_body (void)
{
  g_autoptr(GPtrArray) s = split_ok ("CREATE FUNCTION f () RETURNS int LANGUAGE plpgsql AS $$\n"
                                     "BEGIN\n  RETURN 1;\nEND\n$$;\n"
                                     "SELECT f ()");

  g_assert_cmpuint (s->len, ==, 2);
  g_assert_true (g_str_has_suffix (text_of (s, 0), "END\n$$"));
  g_assert_cmpstr (text_of (s, 1), ==, "SELECT f ()");
  g_assert_cmpuint (line_of (s, 1), ==, 6);
}

static void
test_unterminated (void)
{
  const char *cases[][2] = {
    { "SELECT 1;\nSELECT 'open;\n", "Line 2: string is never closed" },
    { "SELECT 1;\n\n/* open", "Line 3: comment is never closed" },
    { "SELECT $x$ never", "Line 1: $x$ quote is never closed" },
    { "SELECT \"ident", "Line 1: quoted identifier is never closed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) s = cs_sql_script_split (cases[i][0], &error);

      g_assert_null (s);
      g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
      g_assert_cmpstr (error->message, ==, cases[i][1]);
    }
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) a = split_ok ("");
  g_autoptr(GPtrArray) b = split_ok (" ;;\n-- nothing\n ; ");

  g_assert_cmpuint (a->len, ==, 0);
  g_assert_cmpuint (b->len, ==, 0);
}

static void
test_line_at (void)
{
  const char *script = "a\nb\n\nc";

  g_assert_cmpuint (cs_sql_script_line_at (script, 0), ==, 1);
  g_assert_cmpuint (cs_sql_script_line_at (script, 2), ==, 2);
  g_assert_cmpuint (cs_sql_script_line_at (script, 5), ==, 4);
  g_assert_cmpuint (cs_sql_script_line_at (script, 1000), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sql-script/simple", test_simple);
  g_test_add_func ("/sql-script/comments-and-lines", test_comments_and_lines);
  g_test_add_func ("/sql-script/quotes", test_quotes);
  g_test_add_func ("/sql-script/function-body", test_function_body);
  g_test_add_func ("/sql-script/unterminated", test_unterminated);
  g_test_add_func ("/sql-script/empty", test_empty);
  g_test_add_func ("/sql-script/line-at", test_line_at);
  return g_test_run ();
}
