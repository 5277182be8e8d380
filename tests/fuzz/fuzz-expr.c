/* fuzz-expr.c: libFuzzer harness for the expression language and templates
 *
 * Each input is parsed both as an expression and as a template; whatever
 * parses is evaluated (or rendered) against a small fixed instance document.
 * Besides the sanitizers' own checks, it aborts when an API breaks its
 * contract: a result and an error at once, or neither, or an error offset
 * outside the text. See README.md in this directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/cs-expr.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static const char *document_json =
  "{"
  "  \"age\": 42, \"score\": 7.5, \"name\": \"Ana María\", \"empty\": \"\", \"nothing\": null,"
  "  \"approved\": true, \"big\": 9223372036854775807, \"huge\": 1.5e308, \"tags\": [\"a\", \"b\"],"
  "  \"applicant\": { \"age\": 17, \"first name\": \"Ana\", \"birth\": \"2006-05-17\","
  "                   \"address\": { \"city\": \"Tartu\", \"zip\": \"50090\" } },"
  "  \"documents\": [ { \"type\": \"id\", \"pages\": 2 }, { \"type\": \"tax\", \"pages\": 5 } ],"
  "  \"matrix\": [[1, 2], [3, 4]], \"when\": \"2024-02-29T23:30:00+01:00\""
  "}";

static JsonNode *
document (void)
{
  static JsonNode *root;

  if (root == NULL)
    {
      JsonObject *object;
      JsonNode *nested = json_node_init_int (json_node_alloc (), 0);

      root = json_from_string (document_json, NULL);
      if (root == NULL)
        abort ();
      object = json_node_get_object (root);

      /* What JSON text cannot hold, but a JsonNode built in code can. */
      json_object_set_double_member (object, "nan", NAN);
      json_object_set_string_member (object, "bad", "ab\xff");
      for (guint i = 0; i < 400; i++)
        {
          JsonArray *array = json_array_new ();

          json_array_add_element (array, nested);
          nested = json_node_init_array (json_node_alloc (), array);
          json_array_unref (array);
        }
      json_object_set_member (object, "deep", nested);
    }
  return root;
}

static char *
escape_uri (const char *value)
{
  return g_uri_escape_string (value, NULL, TRUE);
}

static void
check_error (const GError *error,
             gsize         offset,
             const char   *text)
{
  if (error == NULL || error->domain != CS_EXPR_ERROR || offset > strlen (text)
      || !g_utf8_validate (error->message, -1, NULL))
    abort ();
}

static void
fuzz_expression (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsExpr) expr = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  gsize offset = 0;
  gboolean result;

  if ((expr = cs_expr_parse (text, &offset, &error)) == NULL)
    {
      check_error (error, offset, text);
      return;
    }
  if (error != NULL || strcmp (cs_expr_get_source (expr), text) != 0)
    abort ();

  value = cs_expr_evaluate (expr, document (), &error);
  if ((value == NULL) == (error == NULL))
    abort ();
  g_clear_error (&error);

  if (!cs_expr_evaluate_boolean (expr, NULL, &result, &error))
    check_error (error, 0, text);
  g_clear_error (&error);

  paths = g_ptr_array_new_with_free_func (g_free);
  cs_expr_collect_paths (expr, paths);
  for (guint i = 0; i < paths->len; i++)
    if (!g_utf8_validate (paths->pdata[i], -1, NULL))
      abort ();
}

static void
fuzz_template (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsTemplate) tmpl = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *escaped = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  gsize offset = 0;

  if ((tmpl = cs_template_parse (text, &offset, &error)) == NULL)
    {
      check_error (error, offset, text);
      return;
    }

  plain = cs_template_render (tmpl, document (), NULL, &error);
  if ((plain == NULL) == (error == NULL))
    abort ();
  g_clear_error (&error);

  escaped = cs_template_render (tmpl, document (), escape_uri, &error);
  if ((escaped == NULL) == (error == NULL))
    abort ();

  paths = g_ptr_array_new_with_free_func (g_free);
  cs_template_collect_paths (tmpl, paths);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  /* The API takes C strings: the text ends at the first NUL, if any. */
  g_autofree char *text = g_strndup ((const char *) data, size);

  fuzz_expression (text);
  fuzz_template (text);
  return 0;
}
