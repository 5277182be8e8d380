/* test-expr.c: tests for the workflow expression language and templates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/cs-expr.h"

static const char *instance_json =
  "{"
  "  \"age\": 42,"
  "  \"score\": 7.5,"
  "  \"name\": \"Ana María\","
  "  \"empty\": \"\","
  "  \"nothing\": null,"
  "  \"approved\": true,"
  "  \"priority\": \"high\","
  "  \"count\": 3,"
  "  \"zero\": 0,"
  "  \"big\": 9223372036854775807,"
  "  \"huge\": 1.5e308,"
  "  \"tags\": [\"urgent\", \"paper\"],"
  "  \"none\": [],"
  "  \"nobody\": {},"
  "  \"if\": \"keyword-like\","
  "  \"first name\": \"Top\","
  "  \"applicant\": {"
  "    \"age\": 17,"
  "    \"first name\": \"Ana\","
  "    \"in\": \"inside\","
  "    \"birth\": \"2006-05-17\","
  "    \"address\": { \"city\": \"Tartu\", \"zip\": \"50090\" }"
  "  },"
  "  \"documents\": ["
  "    { \"type\": \"id\", \"pages\": 2 },"
  "    { \"type\": \"tax\", \"pages\": 5 }"
  "  ],"
  "  \"matrix\": [[1, 2], [3, 4]]"
  "}";

static JsonNode *
instance (void)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (instance_json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static CsExpr *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  gsize offset = G_MAXSIZE;
  CsExpr *expr = cs_expr_parse (text, &offset, &error);

  if (error != NULL)
    g_test_message ("parsing «%s»: %s", text, error->message);
  g_assert_no_error (error);
  g_assert_nonnull (expr);
  g_assert_cmpuint (offset, ==, G_MAXSIZE);   /* untouched on success */
  return expr;
}

static JsonNode *
eval_ok (const char *text)
{
  g_autoptr(CsExpr) expr = parse_ok (text);
  g_autoptr(JsonNode) data = instance ();
  g_autoptr(GError) error = NULL;
  JsonNode *value = cs_expr_evaluate (expr, data, &error);

  if (error != NULL)
    g_test_message ("evaluating «%s»: %s", text, error->message);
  g_assert_no_error (error);
  g_assert_nonnull (value);
  return value;
}

static void
assert_int (const char *text,
            gint64      expected)
{
  g_autoptr(JsonNode) value = eval_ok (text);

  g_test_message ("%s", text);
  g_assert_cmpint (json_node_get_node_type (value), ==, JSON_NODE_VALUE);
  g_assert_true (json_node_get_value_type (value) == G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (value), ==, expected);
}

static void
assert_double (const char *text,
               double      expected)
{
  g_autoptr(JsonNode) value = eval_ok (text);

  g_test_message ("%s", text);
  g_assert_cmpint (json_node_get_node_type (value), ==, JSON_NODE_VALUE);
  g_assert_true (json_node_get_value_type (value) == G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_node_get_double (value), ==, expected);
}

static void
assert_string (const char *text,
               const char *expected)
{
  g_autoptr(JsonNode) value = eval_ok (text);

  g_test_message ("%s", text);
  g_assert_cmpint (json_node_get_node_type (value), ==, JSON_NODE_VALUE);
  g_assert_true (json_node_get_value_type (value) == G_TYPE_STRING);
  g_assert_cmpstr (json_node_get_string (value), ==, expected);
}

static void
assert_bool (const char *text,
             gboolean    expected)
{
  g_autoptr(JsonNode) value = eval_ok (text);

  g_test_message ("%s", text);
  g_assert_cmpint (json_node_get_node_type (value), ==, JSON_NODE_VALUE);
  g_assert_true (json_node_get_value_type (value) == G_TYPE_BOOLEAN);
  g_assert_cmpint (json_node_get_boolean (value), ==, expected);
}

static void
assert_null (const char *text)
{
  g_autoptr(JsonNode) value = eval_ok (text);

  g_test_message ("%s", text);
  g_assert_cmpint (json_node_get_node_type (value), ==, JSON_NODE_NULL);
}

/* Arrays and objects, compared as compact JSON written by json-glib. */
static void
assert_json (const char *text,
             const char *expected)
{
  g_autoptr(JsonNode) value = eval_ok (text);
  g_autofree char *json = json_to_string (value, FALSE);

  g_test_message ("%s", text);
  g_assert_cmpstr (json, ==, expected);
}

static void
assert_parse_error (const char  *text,
                    CsExprError  code,
                    gsize        offset,
                    const char  *message)
{
  g_autoptr(GError) error = NULL;
  gsize error_offset = G_MAXSIZE;
  g_autoptr(CsExpr) expr = cs_expr_parse (text, &error_offset, &error);

  g_test_message ("%s", text);
  g_assert_null (expr);
  g_assert_error (error, CS_EXPR_ERROR, (gint) code);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpuint (error_offset, ==, offset);
}

static void
assert_parse_error_prefix (const char  *text,
                           CsExprError  code,
                           gsize        offset,
                           const char  *prefix)
{
  g_autoptr(GError) error = NULL;
  gsize error_offset = G_MAXSIZE;
  g_autoptr(CsExpr) expr = cs_expr_parse (text, &error_offset, &error);

  g_test_message ("%s", text);
  g_assert_null (expr);
  g_assert_error (error, CS_EXPR_ERROR, (gint) code);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_cmpuint (strlen (error->message), >, strlen (prefix));
  g_assert_cmpuint (error_offset, ==, offset);
}

static GError *
eval_error (const char *text)
{
  g_autoptr(CsExpr) expr = parse_ok (text);
  g_autoptr(JsonNode) data = instance ();
  GError *error = NULL;
  g_autoptr(JsonNode) value = cs_expr_evaluate (expr, data, &error);

  g_test_message ("%s", text);
  g_assert_null (value);
  g_assert_nonnull (error);
  return error;
}

static void
assert_eval_error (const char  *text,
                   CsExprError  code,
                   const char  *message)
{
  g_autoptr(GError) error = eval_error (text);

  g_assert_error (error, CS_EXPR_ERROR, (gint) code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
assert_eval_error_prefix (const char  *text,
                          CsExprError  code,
                          const char  *prefix)
{
  g_autoptr(GError) error = eval_error (text);

  g_assert_error (error, CS_EXPR_ERROR, (gint) code);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_cmpuint (strlen (error->message), >, strlen (prefix));
}

static gboolean
truthy (const char *text)
{
  g_autoptr(CsExpr) expr = parse_ok (text);
  g_autoptr(JsonNode) data = instance ();
  g_autoptr(GError) error = NULL;
  gboolean result = -1;

  g_assert_true (cs_expr_evaluate_boolean (expr, data, &result, &error));
  g_assert_no_error (error);
  g_assert_true (result == TRUE || result == FALSE);
  return result;
}

static void
test_literals (void)
{
  assert_int ("42", 42);
  assert_int ("0", 0);
  assert_int ("007", 7);
  assert_int ("9223372036854775807", G_MAXINT64);
  assert_double ("9223372036854775808", 9223372036854775808.0);   /* too big for int64 */
  assert_double ("3.25", 3.25);
  assert_double ("1e3", 1000.0);
  assert_double ("2.5E-2", 0.025);
  assert_double ("1e+2", 100.0);
  assert_string ("\"double\"", "double");
  assert_string ("'single'", "single");
  assert_string ("\"\"", "");
  assert_string ("'it\\'s'", "it's");
  assert_string ("\"say \\\"hi\\\"\"", "say \"hi\"");
  assert_string ("\"a\\nb\\tc\\rd\\\\e\"", "a\nb\tc\rd\\e");
  assert_string ("'\"' + \"'\"", "\"'");
  assert_string ("\"\\u00e9\\u20AC\"", "é€");
  assert_string ("\"\\ud83d\\ude00\"", "😀");
  assert_string ("\"raw é and 😀\"", "raw é and 😀");
  assert_string ("\"}} {{\"", "}} {{");
  assert_bool ("true", TRUE);
  assert_bool ("false", FALSE);
  assert_null ("null");
  assert_json ("[]", "[]");
  assert_json ("[\"high\", \"critical\"]", "[\"high\",\"critical\"]");
  assert_json ("[1, 2.5, \"x\", true, null, [3]]", "[1,2.5,\"x\",true,null,[3]]");
  assert_json ("[1, 2,]", "[1,2]");
  assert_json ("[age, applicant.age + 1]", "[42,18]");
  assert_string ("\t\n \"spaced\" \r\n", "spaced");
  assert_int ("\xc2\xa0" "5" "\xc2\xa0", 5);   /* no-break spaces pasted from a document */
}

static void
test_paths (void)
{
  assert_int ("age", 42);
  assert_int ("applicant.age", 17);
  assert_string ("applicant.address.city", "Tartu");
  assert_string ("documents[0].type", "id");
  assert_int ("documents[1].pages", 5);
  assert_int ("matrix[1][0]", 3);
  assert_string ("applicant[\"first name\"]", "Ana");
  assert_string ("applicant['first name']", "Ana");
  assert_string ("applicant[\"address\"][\"zip\"]", "50090");
  assert_string ("$[\"first name\"]", "Top");
  assert_string ("$.priority", "high");
  assert_string ("$[\"if\"]", "keyword-like");
  assert_string ("applicant.in", "inside");             /* keywords are field names after '.' */
  assert_json ("applicant.address", "{\"city\":\"Tartu\",\"zip\":\"50090\"}");
  assert_json ("tags", "[\"urgent\",\"paper\"]");

  /* Whatever does not exist is null. */
  assert_null ("missing");
  assert_null ("missing.deeper.still");
  assert_null ("applicant.missing");
  assert_null ("applicant.age.value");                  /* member of a number */
  assert_null ("documents[2]");
  assert_null ("documents[2].type");
  assert_null ("documents[-1]");
  assert_null ("documents[0.5]");
  assert_null ("documents[\"type\"]");                  /* string key on an array */
  assert_null ("applicant[0]");                         /* number index on an object */
  assert_null ("name[0]");
  assert_null ("nothing.field");
  assert_null ("documents[missing]");
  assert_null ("$[\"first\"]");

  /* Computed indices. */
  assert_string ("documents[count - 2].type", "tax");
  assert_string ("documents[6 / 3 - 1].type", "tax");   /* exact division is an integer */
  assert_string ("applicant[\"ad\" + \"dress\"].city", "Tartu");
  assert_string ("[\"a\", \"b\", \"c\"][2]", "c");
  assert_string ("coalesce(missing, applicant).address.city", "Tartu");

  assert_eval_error ("documents[true]", CS_EXPR_ERROR_TYPE,
                     "Column 11: an index must be a number or a string, not a boolean");
  assert_eval_error ("documents[tags]", CS_EXPR_ERROR_TYPE,
                     "Column 11: an index must be a number or a string, not an array");
}

static void
test_no_data (void)
{
  g_autoptr(CsExpr) expr = parse_ok ("applicant.age");
  g_autoptr(CsExpr) root = parse_ok ("$");
  g_autoptr(CsExpr) with_default = parse_ok ("coalesce(age, 18) >= 18");
  g_autoptr(JsonNode) array = json_from_string ("[1, 2]", NULL);
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GError) error = NULL;
  gboolean result = FALSE;

  value = cs_expr_evaluate (expr, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_node_type (value), ==, JSON_NODE_NULL);
  g_clear_pointer (&value, json_node_unref);

  value = cs_expr_evaluate (root, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_node_type (value), ==, JSON_NODE_NULL);
  g_clear_pointer (&value, json_node_unref);

  /* Data that is not an object: names find nothing, $ is the data itself. */
  value = cs_expr_evaluate (expr, array, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_node_type (value), ==, JSON_NODE_NULL);
  g_clear_pointer (&value, json_node_unref);
  value = cs_expr_evaluate (root, array, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_node_type (value), ==, JSON_NODE_ARRAY);

  g_assert_true (cs_expr_evaluate_boolean (with_default, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_true (result);
}

static void
test_arithmetic (void)
{
  assert_int ("1 + 2", 3);
  assert_int ("10 - 4 - 3", 3);            /* left associative */
  assert_int ("2 + 3 * 4", 14);
  assert_int ("(2 + 3) * 4", 20);
  assert_int ("2 * 3 % 4", 2);
  assert_int ("100 / 10 / 5", 2);
  assert_int ("6 / 2", 3);
  assert_double ("7 / 2", 3.5);
  assert_double ("-7 / 2", -3.5);
  assert_int ("7 % 3", 1);
  assert_int ("-7 % 3", -1);               /* sign of the dividend, as in C */
  assert_int ("7 % -3", 1);
  assert_double ("7.5 % 2", 1.5);
  assert_int ("-age", -42);
  assert_int ("- -2", 2);
  assert_int ("-2 * 3", -6);
  assert_int ("-(2 + 3)", -5);
  assert_double ("-score", -7.5);
  assert_double ("1 + 0.5", 1.5);
  assert_double ("score * 2", 15.0);
  assert_double ("0.1 + 0.2", 0.1 + 0.2);
  assert_int ("age + applicant.age", 59);
  assert_double ("age / 8", 5.25);
  assert_string ("\"Ana\" + \" \" + \"María\"", "Ana María");
  assert_string ("name + \"!\"", "Ana María!");

  /* null propagates through arithmetic */
  assert_null ("missing + 1");
  assert_null ("1 - missing");
  assert_null ("nothing * 2");
  assert_null ("-missing");
  assert_null ("missing + \"x\"");
  assert_null ("(missing + 1) * 2");

  assert_eval_error ("\"abc\" - 1", CS_EXPR_ERROR_TYPE,
                     "Column 7: cannot apply '-' to a string and a number");
  assert_eval_error ("\"a\" + 1", CS_EXPR_ERROR_TYPE,
                     "Column 5: cannot apply '+' to a string and a number");
  assert_eval_error ("tags * 2", CS_EXPR_ERROR_TYPE,
                     "Column 6: cannot apply '*' to an array and a number");
  assert_eval_error ("true + 1", CS_EXPR_ERROR_TYPE,
                     "Column 6: cannot apply '+' to a boolean and a number");
  assert_eval_error ("applicant / 2", CS_EXPR_ERROR_TYPE,
                     "Column 11: cannot apply '/' to an object and a number");
  assert_eval_error ("1 % \"2\"", CS_EXPR_ERROR_TYPE,
                     "Column 3: cannot apply '%' to a number and a string");
  assert_eval_error ("-name", CS_EXPR_ERROR_TYPE,
                     "Column 1: cannot apply '-' to a string");
  assert_eval_error ("1 / 0", CS_EXPR_ERROR_TYPE, "Column 3: division by zero in '/'");
  assert_eval_error ("age / zero", CS_EXPR_ERROR_TYPE, "Column 5: division by zero in '/'");
  assert_eval_error ("5 % 0", CS_EXPR_ERROR_TYPE, "Column 3: division by zero in '%'");
  assert_eval_error ("1.5 / 0.0", CS_EXPR_ERROR_TYPE, "Column 5: division by zero in '/'");
  assert_eval_error ("huge * 10", CS_EXPR_ERROR_LIMIT, "Column 6: the result of '*' is out of range");
  assert_eval_error ("-huge - huge", CS_EXPR_ERROR_LIMIT, "Column 7: the result of '-' is out of range");
}

static void
test_overflow (void)
{
  /* int64 overflow is carried out in double precision instead. */
  assert_double ("big + 1", 9223372036854775808.0);
  assert_double ("9223372036854775807 + 9223372036854775807", 18446744073709551614.0);
  assert_double ("-big - 2", -9223372036854775809.0);
  assert_double ("big * 2", 18446744073709551614.0);
  assert_double ("4294967296 * 4294967296", 18446744073709551616.0);
  assert_int ("-big - 1", G_MININT64);
  assert_double ("-(-big - 1)", 9223372036854775808.0);
  assert_double ("(-big - 1) / -1", 9223372036854775808.0);
  assert_int ("(-big - 1) % -1", 0);
  assert_int ("(-big - 1) / 1", G_MININT64);
  assert_int ("big / -1", -G_MAXINT64);
  assert_double ("abs(-big - 1)", 9223372036854775808.0);
  assert_int ("big - 1", G_MAXINT64 - 1);
  assert_int ("3037000499 * 3037000499", G_GINT64_CONSTANT (9223372030926249001));
}

static void
test_comparison (void)
{
  assert_bool ("1 == 1", TRUE);
  assert_bool ("1 == 1.0", TRUE);
  assert_bool ("1 != 1.0", FALSE);
  assert_bool ("2 == 1", FALSE);
  assert_bool ("1 == \"1\"", FALSE);        /* different types are never equal */
  assert_bool ("1 != \"1\"", TRUE);
  assert_bool ("true == 1", FALSE);
  assert_bool ("null == null", TRUE);
  assert_bool ("missing == null", TRUE);
  assert_bool ("nothing == null", TRUE);
  assert_bool ("0 == null", FALSE);
  assert_bool ("\"\" == null", FALSE);
  assert_bool ("name == \"Ana María\"", TRUE);
  assert_bool ("tags == [\"urgent\", \"paper\"]", TRUE);
  assert_bool ("tags == [\"paper\", \"urgent\"]", FALSE);
  assert_bool ("matrix == [[1, 2.0], [3, 4]]", TRUE);
  assert_bool ("applicant.address == applicant.address", TRUE);
  assert_bool ("applicant.address == applicant", FALSE);
  assert_bool ("nobody == none", FALSE);

  assert_bool ("1 < 2", TRUE);
  assert_bool ("2 < 2", FALSE);
  assert_bool ("2 <= 2", TRUE);
  assert_bool ("3 > 2.5", TRUE);
  assert_bool ("2.5 >= 3", FALSE);
  assert_bool ("age >= 18", TRUE);
  assert_bool ("applicant.age >= 18", FALSE);
  /* int against double is exact, even beyond 2^53 */
  assert_bool ("9007199254740993 > 9007199254740992.0", TRUE);
  assert_bool ("9007199254740993 == 9007199254740992.0", FALSE);
  assert_bool ("big < 9223372036854775808.0", TRUE);
  assert_bool ("-big - 1 == -9223372036854775808.0", TRUE);
  assert_bool ("2 < 2.5 && 3 > 2.5", TRUE);
  /* strings compare by bytes: uppercase before lowercase, é (0xC3) after z */
  assert_bool ("\"apple\" < \"banana\"", TRUE);
  assert_bool ("\"Zebra\" < \"apple\"", TRUE);
  assert_bool ("\"é\" > \"z\"", TRUE);
  assert_bool ("\"ab\" < \"abc\"", TRUE);
  assert_bool ("\"b\" >= \"b\"", TRUE);
  /* ordering with null is false either way */
  assert_bool ("missing < 1", FALSE);
  assert_bool ("missing >= 1", FALSE);
  assert_bool ("null <= null", FALSE);

  assert_eval_error ("\"10\" < 9", CS_EXPR_ERROR_TYPE,
                     "Column 6: cannot compare a string with a number using '<'");
  assert_eval_error ("true > false", CS_EXPR_ERROR_TYPE,
                     "Column 6: cannot compare a boolean with a boolean using '>'");
  assert_eval_error ("tags <= 1", CS_EXPR_ERROR_TYPE,
                     "Column 6: cannot compare an array with a number using '<='");
}

static void
test_logic (void)
{
  assert_bool ("true && true", TRUE);
  assert_bool ("true && false", FALSE);
  assert_bool ("false || true", TRUE);
  assert_bool ("false || false", FALSE);
  assert_bool ("true and false", FALSE);
  assert_bool ("false or true", TRUE);
  assert_bool ("!true", FALSE);
  assert_bool ("!!age", TRUE);
  assert_bool ("not true", FALSE);
  assert_bool ("not not true", TRUE);
  /* results are booleans, by truthiness */
  assert_bool ("age && name", TRUE);
  assert_bool ("age && empty", FALSE);
  assert_bool ("zero || \"x\"", TRUE);
  assert_bool ("zero || none", FALSE);
  assert_bool ("!missing", TRUE);
  /* short circuit: the right side would be an error */
  assert_bool ("false && 1 / 0 == 1", FALSE);
  assert_bool ("true || \"a\" - 1", TRUE);
  assert_bool ("missing and missing.x + \"a\" > 1", FALSE);
  assert_eval_error ("true && 1 / 0 == 1", CS_EXPR_ERROR_TYPE, "Column 11: division by zero in '/'");

  /* precedence: && before ||; comparisons before &&; "not" looser than ==, "!" tighter */
  assert_bool ("true || false && false", TRUE);
  assert_bool ("(true || false) && false", FALSE);
  assert_bool ("1 + 2 * 3 == 7 && !false || false", TRUE);
  assert_bool ("not age == 41", TRUE);          /* not (age == 41) */
  assert_bool ("!age == 41", FALSE);            /* (!age) == 41 */
  assert_bool ("!age == false", TRUE);
  assert_bool ("not zero and not empty", TRUE);
  assert_bool ("not (true and false) or false", TRUE);
  assert_bool ("not true or true", TRUE);       /* (not true) or true */
  assert_bool ("not applicant.age >= 18 && age > 40", TRUE);
}

static void
test_membership (void)
{
  assert_bool ("priority in [\"high\", \"critical\"]", TRUE);
  assert_bool ("\"low\" in [\"high\", \"critical\"]", FALSE);
  assert_bool ("priority not in [\"high\", \"critical\"]", FALSE);
  assert_bool ("\"low\" not in [\"high\", \"critical\"]", TRUE);
  assert_bool ("2 in [1, 2.0, 3]", TRUE);
  assert_bool ("[1, 2] in matrix", TRUE);
  assert_bool ("null in [1, null]", TRUE);
  assert_bool ("\"urgent\" in tags", TRUE);
  assert_bool ("\"María\" in name", TRUE);       /* substring */
  assert_bool ("\"maría\" in name", FALSE);
  assert_bool ("\"\" in name", TRUE);
  assert_bool ("\"city\" in applicant.address", TRUE);   /* key of an object */
  assert_bool ("\"Tartu\" in applicant.address", FALSE);
  assert_bool ("\"x\" in missing", FALSE);
  assert_bool ("\"x\" not in missing", TRUE);
  assert_bool ("missing in name", FALSE);
  assert_bool ("missing in applicant", FALSE);
  assert_bool ("1 in none", FALSE);
  assert_bool ("not \"x\" in tags", TRUE);
}

static void
test_membership_errors (void)
{
  assert_eval_error ("1 in name", CS_EXPR_ERROR_TYPE,
                     "Column 3: 'in' looks for a string in a string, not for a number");
  assert_eval_error ("1 not in applicant", CS_EXPR_ERROR_TYPE,
                     "Column 3: 'not in' looks for a string key in an object, not for a number");
  assert_eval_error ("1 in 5", CS_EXPR_ERROR_TYPE,
                     "Column 3: 'in' looks in an array, a string or an object, not in a number");
  assert_eval_error ("\"a\" in approved", CS_EXPR_ERROR_TYPE,
                     "Column 5: 'in' looks in an array, a string or an object, not in a boolean");
}

static void
test_conditional (void)
{
  assert_string ("age >= 18 ? \"adult\" : \"minor\"", "adult");
  assert_string ("applicant.age >= 18 ? \"adult\" : \"minor\"", "minor");
  assert_string ("missing ? \"yes\" : \"no\"", "no");
  /* right associative */
  assert_string ("age < 18 ? \"minor\" : age < 65 ? \"adult\" : \"senior\"", "adult");
  assert_string ("false ? \"a\" : true ? \"b\" : \"c\"", "b");
  assert_int ("true ? false ? 1 : 2 : 3", 2);
  /* lowest precedence */
  assert_int ("1 + 1 == 2 || false ? 10 + 1 : 20", 11);
  /* only the chosen branch is evaluated */
  assert_int ("true ? 1 : 1 / 0", 1);
  assert_int ("false ? 1 / 0 : 2", 2);
}

static void
test_truthiness (void)
{
  g_assert_false (truthy ("null"));
  g_assert_false (truthy ("missing"));
  g_assert_false (truthy ("false"));
  g_assert_false (truthy ("0"));
  g_assert_false (truthy ("0.0"));
  g_assert_false (truthy ("zero"));
  g_assert_false (truthy ("\"\""));
  g_assert_false (truthy ("empty"));
  g_assert_false (truthy ("[]"));
  g_assert_false (truthy ("none"));
  g_assert_false (truthy ("nobody"));
  g_assert_true (truthy ("true"));
  g_assert_true (truthy ("1"));
  g_assert_true (truthy ("-0.5"));
  g_assert_true (truthy ("\"0\""));
  g_assert_true (truthy ("\"false\""));
  g_assert_true (truthy ("[0]"));
  g_assert_true (truthy ("tags"));
  g_assert_true (truthy ("applicant"));
  g_assert_true (truthy ("age > 18 and priority == \"high\""));
}

static void
test_evaluate_boolean_error (void)
{
  g_autoptr(CsExpr) expr = parse_ok ("age / zero > 1");
  g_autoptr(JsonNode) data = instance ();
  g_autoptr(GError) error = NULL;
  gboolean result = TRUE;

  g_assert_false (cs_expr_evaluate_boolean (expr, data, &result, &error));
  g_assert_error (error, CS_EXPR_ERROR, CS_EXPR_ERROR_TYPE);
  g_assert_false (result);
}

static void
test_string_functions (void)
{
  assert_int ("len(\"héllo\")", 5);                 /* characters, not bytes */
  assert_int ("len(\"😀\")", 1);
  assert_int ("len(name)", 9);
  assert_int ("len(\"\")", 0);
  assert_int ("len(tags)", 2);
  assert_int ("len(applicant.address)", 2);
  assert_int ("len(missing)", 0);
  assert_int ("len([])", 0);
  assert_eval_error ("len(age)", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 5: len() expects a string, an array or an object as argument 1, not a number");

  assert_string ("lower(\"ÀbC\")", "àbc");
  assert_string ("upper(name)", "ANA MARÍA");
  assert_null ("lower(missing)");
  assert_null ("upper(missing)");
  assert_eval_error ("lower(1)", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 7: lower() expects a string as argument 1, not a number");
  assert_eval_error ("upper(tags)", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 7: upper() expects a string as argument 1, not an array");

  assert_string ("trim(\"  padded\\t\\n\")", "padded");
  assert_string ("trim(\"\\u00a0x y\\u2003\")", "x y");    /* Unicode spaces too */
  assert_string ("trim(\"   \")", "");
  assert_string ("trim(\"none\")", "none");
  assert_null ("trim(nothing)");
  assert_eval_error ("trim(true)", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 6: trim() expects a string as argument 1, not a boolean");

  assert_bool ("contains(name, \"Mar\")", TRUE);
  assert_bool ("contains(name, \"mar\")", FALSE);
  assert_bool ("contains(tags, \"paper\")", TRUE);
  assert_bool ("contains(tags, \"pap\")", FALSE);
  assert_bool ("contains(applicant, \"birth\")", TRUE);
  assert_bool ("contains(missing, \"x\")", FALSE);
  assert_eval_error ("contains(name, 1)", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 1: contains() looks for a string in a string, not for a number");
  assert_eval_error ("contains(3, 1)", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 1: contains() looks in an array, a string or an object, not in a number");

  assert_bool ("starts_with(name, \"Ana\")", TRUE);
  assert_bool ("starts_with(name, \"María\")", FALSE);
  assert_bool ("ends_with(name, \"María\")", TRUE);
  assert_bool ("ends_with(name, \"Ana\")", FALSE);
  assert_bool ("starts_with(name, \"\")", TRUE);
  assert_bool ("starts_with(missing, \"a\")", FALSE);
  assert_bool ("ends_with(name, missing)", FALSE);
  assert_eval_error ("starts_with(age, \"4\")", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 13: starts_with() expects a string as argument 1, not a number");
  assert_eval_error ("ends_with(name, 5)", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 17: ends_with() expects a string as argument 2, not a number");
}

static void
test_matches (void)
{
  assert_bool ("matches(applicant.address.zip, \"^[0-9]{5}$\")", TRUE);
  assert_bool ("matches(name, \"^[0-9]+$\")", FALSE);
  assert_bool ("matches(name, \"Mar\")", TRUE);            /* anywhere, unless anchored */
  assert_bool ("matches(name, \"^Mar\")", FALSE);
  assert_bool ("matches(name, \"mar[íi]a\")", FALSE);
  assert_bool ("matches(name, \"(?i)mar[íi]a\")", TRUE);
  assert_bool ("matches(name, \"^.{9}$\")", TRUE);          /* characters, as UTF-8 */
  assert_bool ("matches(missing, \"x\")", FALSE);
  assert_bool ("matches(name, missing)", FALSE);
  assert_bool ("matches(priority, \"^(high|critical)$\")", TRUE);
  /* a computed pattern is compiled when evaluated */
  assert_bool ("matches(priority, \"^\" + \"hi\")", TRUE);

  /* the rest of these messages is GRegex's own */
  assert_parse_error_prefix ("matches(name, \"(\")", CS_EXPR_ERROR_ARGUMENTS, 14,
                             "Column 15: matches() got an invalid regular expression: ");
  assert_eval_error_prefix ("matches(name, \"[\" + \"\")", CS_EXPR_ERROR_ARGUMENTS,
                            "Column 15: matches() got an invalid regular expression: ");
  assert_eval_error ("matches(age, \"4\")", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 9: matches() expects a string as argument 1, not a number");
}

static void
test_conversions (void)
{
  assert_int ("int(3.9)", 3);
  assert_int ("int(-3.9)", -3);
  assert_int ("int(score)", 7);
  assert_int ("int(age)", 42);
  assert_int ("int(\"12\")", 12);
  assert_int ("int(\" -12 \")", -12);
  assert_int ("int(\"3.7\")", 3);
  assert_int ("int(\"1e3\")", 1000);
  assert_int ("int(true)", 1);
  assert_int ("int(false)", 0);
  assert_null ("int(missing)");
  assert_eval_error ("int(\"12 apples\")", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 5: int() cannot read a number in the string \"12 apples\"");
  assert_eval_error ("int(\"\")", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 5: int() cannot read a number in the string \"\"");
  assert_eval_error ("int(\"0x10\")", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 5: int() cannot read a number in the string \"0x10\"");
  assert_eval_error ("int(\"nan\")", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 5: int() cannot read a number in the string \"nan\"");
  assert_eval_error ("int(1e19)", CS_EXPR_ERROR_LIMIT,
                     "Column 5: int() cannot convert a number outside the integer range");
  assert_eval_error ("int(tags)", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 5: int() expects a number, a numeric string or a boolean as argument 1, not an array");

  assert_double ("float(3)", 3.0);
  assert_double ("float(\"2.5\")", 2.5);
  assert_double ("float(\"-4\")", -4.0);
  assert_double ("float(true)", 1.0);
  assert_double ("float(score)", 7.5);
  assert_null ("float(nothing)");
  assert_eval_error ("float(\"1e999\")", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 7: float() cannot read a number in the string \"1e999\"");

  assert_string ("str(42)", "42");
  assert_string ("str(-7)", "-7");
  assert_string ("str(7.5)", "7.5");
  assert_string ("str(0.1 + 0.2)", "0.30000000000000004");
  assert_string ("str(0.1)", "0.1");
  assert_string ("str(1.0)", "1");
  assert_string ("str(-0.0)", "0");
  assert_string ("str(1000000.0)", "1000000");
  assert_string ("str(1e21)", "1e+21");
  assert_string ("str(0.00001)", "1e-05");
  assert_string ("str(1 / 3)", "0.3333333333333333");
  assert_string ("str(true)", "true");
  assert_string ("str(missing)", "");
  assert_string ("str(name)", "Ana María");
  assert_string ("str(tags)", "[\"urgent\",\"paper\"]");
  assert_string ("str(applicant.address)", "{\"city\":\"Tartu\",\"zip\":\"50090\"}");
  assert_string ("str([1.5, \"a\\\"b\\n\", null, nobody])", "[1.5,\"a\\\"b\\n\",null,{}]");
  assert_string ("\"Case \" + str(count)", "Case 3");
}

static void
test_numeric_functions (void)
{
  assert_int ("abs(-5)", 5);
  assert_int ("abs(5)", 5);
  assert_double ("abs(-2.5)", 2.5);
  assert_null ("abs(missing)");
  assert_eval_error ("abs(\"-5\")", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 5: abs() expects a number as argument 1, not a string");

  assert_int ("min(3, 1, 2)", 1);
  assert_int ("max(3, 1, 2)", 3);
  assert_double ("min(3, 1.5, 2)", 1.5);
  assert_int ("max(2, 2.0)", 2);                    /* the first of equals */
  assert_int ("min(7)", 7);
  assert_int ("max([4, 9, 2])", 9);
  assert_int ("min(matrix[1])", 3);
  assert_int ("min(missing, 4, null, 2)", 2);       /* nulls are skipped */
  assert_null ("max(missing, null)");
  assert_null ("max([])");
  assert_string ("min(\"pear\", \"apple\")", "apple");
  assert_string ("max(tags)", "urgent");
  assert_eval_error ("min(1, \"2\")", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 1: min() cannot compare a string with a number");
  assert_eval_error ("max(1, true)", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 1: max() compares numbers or strings, not a boolean");
  assert_eval_error ("max(matrix)", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 1: max() compares numbers or strings, not an array");

  assert_int ("round(2.5)", 3);
  assert_int ("round(-2.5)", -3);                   /* halves away from zero */
  assert_int ("round(2.4)", 2);
  assert_int ("round(7)", 7);
  assert_double ("round(2.675, 2)", 2.68);          /* as written, not as stored */
  assert_double ("round(1.005, 2)", 1.01);
  assert_double ("round(-1.005, 2)", -1.01);
  assert_double ("round(3.14159, 3)", 3.142);
  assert_double ("round(score, 0) + 0.0", 8.0);
  assert_double ("round(1e300, 15)", 1e300);
  assert_int ("round(7, 2)", 7);
  assert_double ("round(1e19)", 1e19);              /* beyond int64 stays a decimal */
  assert_null ("round(missing)");
  assert_eval_error ("round(2.5, 16)", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 12: round() rounds to between 0 and 15 digits");
  assert_eval_error ("round(2.5, -1)", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 12: round() rounds to between 0 and 15 digits");
  assert_eval_error ("round(2.5, 1.5)", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 12: round() expects a whole number of digits as argument 2, not a number");
  assert_eval_error ("round(\"2.5\")", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 7: round() expects a number as argument 1, not a string");
}

static void
test_null_functions (void)
{
  assert_int ("coalesce(missing, nothing, age)", 42);
  assert_string ("coalesce(name, \"anonymous\")", "Ana María");
  assert_string ("coalesce(applicant.nickname, applicant[\"first name\"])", "Ana");
  assert_null ("coalesce(missing)");
  assert_int ("coalesce(zero, 5)", 0);              /* 0 is not null */
  assert_int ("coalesce(1, 1 / 0)", 1);             /* stops at the first value */
  assert_eval_error ("coalesce(missing, 1 / 0)", CS_EXPR_ERROR_TYPE, "Column 21: division by zero in '/'");

  assert_bool ("exists(age)", TRUE);
  assert_bool ("exists(applicant.address.city)", TRUE);
  assert_bool ("exists(applicant.address.street)", FALSE);
  assert_bool ("exists(nothing)", FALSE);          /* a null member does not count */
  assert_bool ("exists(documents[1])", TRUE);
  assert_bool ("exists(documents[2])", FALSE);
  assert_bool ("exists($[\"first name\"])", TRUE);
  assert_bool ("exists(empty)", TRUE);
  assert_bool ("!exists(missing)", TRUE);
  assert_parse_error ("exists(\"applicant.age\")", CS_EXPR_ERROR_ARGUMENTS, 7,
                      "Column 8: exists() expects a path such as applicant.age");
  assert_parse_error ("exists(age + 1)", CS_EXPR_ERROR_ARGUMENTS, 7,
                      "Column 8: exists() expects a path such as applicant.age");
}

static void
test_date_functions (void)
{
  assert_int ("days_between(\"2024-01-01\", \"2024-03-01\")", 60);   /* leap year */
  assert_int ("days_between(\"2023-01-01\", \"2023-03-01\")", 59);
  assert_int ("days_between(\"2024-03-01\", \"2024-01-01\")", -60);
  assert_int ("days_between(\"2024-01-01\", \"2024-01-01\")", 0);
  assert_int ("days_between(\"2024-01-01T00:00:00Z\", \"2024-01-02T23:59:59Z\")", 1);  /* whole days */
  /* offsets are honoured: these two instants are 48 hours apart */
  assert_int ("days_between(\"2024-01-01T00:00:00+02:00\", \"2024-01-02T22:00:00Z\")", 2);
  assert_int ("days_between(\"2024-03-30T12:00:00+01:00\", \"2024-03-31T12:00:00+02:00\")", 0);
  assert_null ("days_between(missing, \"2024-01-01\")");
  assert_eval_error ("days_between(\"2024-13-01\", \"2024-01-01\")", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 14: days_between() expects an ISO 8601 date such as 2024-03-01 or "
                     "2024-03-01T09:30:00+01:00 as argument 1, not \"2024-13-01\"");
  assert_eval_error ("days_between(\"2024-01-01\", \"yesterday\")", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 28: days_between() expects an ISO 8601 date such as 2024-03-01 or "
                     "2024-03-01T09:30:00+01:00 as argument 2, not \"yesterday\"");
  assert_eval_error ("days_between(1, \"2024-01-01\")", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 14: days_between() expects a string as argument 1, not a number");

  assert_int ("age_years(applicant.birth, \"2024-05-16\")", 17);
  assert_int ("age_years(applicant.birth, \"2024-05-17\")", 18);
  assert_int ("age_years(\"1990-12-31\", \"2024-01-01\")", 33);
  assert_int ("age_years(\"2000-02-29\", \"2023-02-28\")", 22);     /* birthday is 1 March */
  assert_int ("age_years(\"2000-02-29\", \"2023-03-01\")", 23);
  assert_int ("age_years(\"2000-02-29\", \"2024-02-29\")", 24);
  assert_int ("age_years(\"1990-06-15T23:30:00-05:00\", \"2024-06-15T00:00:00Z\")", 34);
  assert_int ("age_years(\"2024-06-01\", \"2024-01-01\")", -1);
  assert_null ("age_years(applicant.birth, missing)");
  assert_eval_error ("age_years(\"17/05/2006\", \"2024-01-01\")", CS_EXPR_ERROR_ARGUMENTS,
                     "Column 11: age_years() expects an ISO 8601 date such as 2024-03-01 or "
                     "2024-03-01T09:30:00+01:00 as argument 1, not \"17/05/2006\"");
}

static void
test_function_errors (void)
{
  assert_parse_error ("lenght(name)", CS_EXPR_ERROR_UNKNOWN_FUNCTION, 0, "Column 1: unknown function 'lenght'");
  assert_parse_error ("1 + lenght(x)", CS_EXPR_ERROR_UNKNOWN_FUNCTION, 4, "Column 5: unknown function 'lenght'");
  assert_parse_error ("LEN(name)", CS_EXPR_ERROR_UNKNOWN_FUNCTION, 0, "Column 1: unknown function 'LEN'");
  assert_parse_error ("now()", CS_EXPR_ERROR_UNKNOWN_FUNCTION, 0, "Column 1: unknown function 'now'");
  /* unknown even when its arguments would not parse: the name is reported first */
  assert_parse_error ("nope(1 +)", CS_EXPR_ERROR_UNKNOWN_FUNCTION, 0, "Column 1: unknown function 'nope'");

  assert_parse_error ("len()", CS_EXPR_ERROR_ARGUMENTS, 0, "Column 1: len() expects 1 argument but got 0");
  assert_parse_error ("x == len(a, b)", CS_EXPR_ERROR_ARGUMENTS, 5, "Column 6: len() expects 1 argument but got 2");
  assert_parse_error ("contains(tags)", CS_EXPR_ERROR_ARGUMENTS, 0,
                      "Column 1: contains() expects 2 arguments but got 1");
  assert_parse_error ("round()", CS_EXPR_ERROR_ARGUMENTS, 0, "Column 1: round() expects 1 or 2 arguments but got 0");
  assert_parse_error ("round(1, 2, 3)", CS_EXPR_ERROR_ARGUMENTS, 0,
                      "Column 1: round() expects 1 or 2 arguments but got 3");
  assert_parse_error ("min()", CS_EXPR_ERROR_ARGUMENTS, 0, "Column 1: min() expects at least 1 argument but got 0");
  assert_parse_error ("coalesce()", CS_EXPR_ERROR_ARGUMENTS, 0,
                      "Column 1: coalesce() expects at least 1 argument but got 0");
  assert_parse_error ("days_between(\"2024-01-01\")", CS_EXPR_ERROR_ARGUMENTS, 0,
                      "Column 1: days_between() expects 2 arguments but got 1");

  /* a function name is still a field name when not called */
  assert_null ("len");
  assert_null ("len.x");
}

typedef struct
{
  const char  *text;
  CsExprError  code;
  gsize        offset;
  const char  *message;
} SyntaxCase;

static void
test_syntax_errors (void)
{
  static const SyntaxCase cases[] = {
    { "", CS_EXPR_ERROR_SYNTAX, 0, "Column 1: expected an expression, found end of input" },
    { "   ", CS_EXPR_ERROR_SYNTAX, 3, "Column 4: expected an expression, found end of input" },
    { "true && ", CS_EXPR_ERROR_SYNTAX, 8, "Column 9: expected an operand after '&&', found end of input" },
    { "a and", CS_EXPR_ERROR_SYNTAX, 5, "Column 6: expected an operand after 'and', found end of input" },
    { "1 + * 2", CS_EXPR_ERROR_SYNTAX, 4, "Column 5: expected an operand after '+', found '*'" },
    { "1 +", CS_EXPR_ERROR_SYNTAX, 3, "Column 4: expected an operand after '+', found end of input" },
    { "!", CS_EXPR_ERROR_SYNTAX, 1, "Column 2: expected an operand after '!', found end of input" },
    { "not", CS_EXPR_ERROR_SYNTAX, 3, "Column 4: expected an operand after 'not', found end of input" },
    { "* 2", CS_EXPR_ERROR_SYNTAX, 0, "Column 1: expected an expression, found '*'" },
    { "1 2", CS_EXPR_ERROR_SYNTAX, 2,
      "Column 3: expected an operator or the end of the expression, found the number 2" },
    { "a b", CS_EXPR_ERROR_SYNTAX, 2,
      "Column 3: expected an operator or the end of the expression, found the name b" },
    { "age 'x'", CS_EXPR_ERROR_SYNTAX, 4,
      "Column 5: expected an operator or the end of the expression, found the string 'x'" },
    { "(1 + 2))", CS_EXPR_ERROR_SYNTAX, 7,
      "Column 8: expected an operator or the end of the expression, found ')'" },
    { "(1 + 2", CS_EXPR_ERROR_SYNTAX, 6, "Column 7: expected ')' to close the '(' at column 1, found end of input" },
    { "((a) + (b", CS_EXPR_ERROR_SYNTAX, 9,
      "Column 10: expected ')' to close the '(' at column 8, found end of input" },
    { "(1 2)", CS_EXPR_ERROR_SYNTAX, 3, "Column 4: expected ')' to close the '(' at column 1, found the number 2" },
    { "()", CS_EXPR_ERROR_SYNTAX, 1, "Column 2: expected an operand after '(', found ')'" },
    { "[1, 2", CS_EXPR_ERROR_SYNTAX, 5,
      "Column 6: expected ',' or ']' in the array that starts at column 1, found end of input" },
    { "[1 2]", CS_EXPR_ERROR_SYNTAX, 3,
      "Column 4: expected ',' or ']' in the array that starts at column 1, found the number 2" },
    { "[,]", CS_EXPR_ERROR_SYNTAX, 1, "Column 2: expected an operand after '[', found ','" },
    { "len(name", CS_EXPR_ERROR_SYNTAX, 8,
      "Column 9: expected ')' after the arguments of len, found end of input" },
    { "x == len(name name)", CS_EXPR_ERROR_SYNTAX, 14,
      "Column 15: expected ')' after the arguments of len, found the name name" },
    { "min(1,)", CS_EXPR_ERROR_SYNTAX, 6, "Column 7: expected an operand after ',', found ')'" },
    { "a.", CS_EXPR_ERROR_SYNTAX, 2, "Column 3: expected a field name after '.', found end of input" },
    { "a.1", CS_EXPR_ERROR_SYNTAX, 2, "Column 3: expected a field name after '.', found the number 1" },
    { "a.\"b\"", CS_EXPR_ERROR_SYNTAX, 2, "Column 3: expected a field name after '.', found the string \"b\"" },
    { "a.&&", CS_EXPR_ERROR_SYNTAX, 2, "Column 3: expected a field name after '.', found '&&'" },
    { "a[1", CS_EXPR_ERROR_SYNTAX, 3, "Column 4: expected ']' to close the '[' at column 2, found end of input" },
    { "a[]", CS_EXPR_ERROR_SYNTAX, 2, "Column 3: expected an operand after '[', found ']'" },
    { "x ? 1", CS_EXPR_ERROR_SYNTAX, 5, "Column 6: expected ':' to go with the '?' at column 3, found end of input" },
    { "x ? 1 2", CS_EXPR_ERROR_SYNTAX, 6, "Column 7: expected ':' to go with the '?' at column 3, found the number 2" },
    { "x ? : 2", CS_EXPR_ERROR_SYNTAX, 4, "Column 5: expected an operand after '?', found ':'" },
    { "x : 2", CS_EXPR_ERROR_SYNTAX, 2,
      "Column 3: expected an operator or the end of the expression, found ':'" },
    { "1 < x < 5", CS_EXPR_ERROR_SYNTAX, 6,
      "Column 7: comparisons cannot be chained; combine them with '&&', e.g. a < b && b < c" },
    { "a == b == c", CS_EXPR_ERROR_SYNTAX, 7,
      "Column 8: comparisons cannot be chained; combine them with '&&', e.g. a < b && b < c" },
    { "a in b not in c", CS_EXPR_ERROR_SYNTAX, 7,
      "Column 8: comparisons cannot be chained; combine them with '&&', e.g. a < b && b < c" },
    { "1 + not x", CS_EXPR_ERROR_SYNTAX, 4,
      "Column 5: expected an operand after '+', found 'not'; put it in parentheses: (not …)" },
    { "a == not b", CS_EXPR_ERROR_SYNTAX, 5,
      "Column 6: expected an operand after '==', found 'not'; put it in parentheses: (not …)" },
    { "not in x", CS_EXPR_ERROR_SYNTAX, 4, "Column 5: expected an operand after 'not', found 'in'" },
    { "a = 1", CS_EXPR_ERROR_SYNTAX, 2, "Column 3: unexpected '='; to compare two values use '=='" },
    { "a & b", CS_EXPR_ERROR_SYNTAX, 2, "Column 3: unexpected '&'; the logical and is written '&&' or 'and'" },
    { "a | b", CS_EXPR_ERROR_SYNTAX, 2, "Column 3: unexpected '|'; the logical or is written '||' or 'or'" },
    { "a # b", CS_EXPR_ERROR_SYNTAX, 2, "Column 3: unexpected character '#'" },
    { "a ; b", CS_EXPR_ERROR_SYNTAX, 2, "Column 3: unexpected character ';'" },
    { "a } b", CS_EXPR_ERROR_SYNTAX, 2, "Column 3: unexpected character '}'" },
    { "{{ a }}", CS_EXPR_ERROR_SYNTAX, 0, "Column 1: unexpected character '{'" },
    { "a \x01", CS_EXPR_ERROR_SYNTAX, 2, "Column 3: unexpected character U+0001" },
    { "€ + 1", CS_EXPR_ERROR_SYNTAX, 0, "Column 1: unexpected character '€'" },
    { "\"abc", CS_EXPR_ERROR_SYNTAX, 0,
      "Column 1: the string is never closed: expected \" before the end of the text" },
    { "x + 'abc", CS_EXPR_ERROR_SYNTAX, 4,
      "Column 5: the string is never closed: expected ' before the end of the text" },
    { "\"abc\\", CS_EXPR_ERROR_SYNTAX, 0,
      "Column 1: the string is never closed: expected \" before the end of the text" },
    { "\"a\\qb\"", CS_EXPR_ERROR_SYNTAX, 2,
      "Column 3: unknown escape sequence: backslash followed by 'q' (the escapes are \\n \\t \\r \\\\ \\\" \\' and \\uXXXX)" },
    { "\"\\u12\"", CS_EXPR_ERROR_SYNTAX, 1, "Column 2: expected four hexadecimal digits after \\u" },
    { "\"\\uzzzz\"", CS_EXPR_ERROR_SYNTAX, 1, "Column 2: expected four hexadecimal digits after \\u" },
    { "\"\\u0000\"", CS_EXPR_ERROR_SYNTAX, 1, "Column 2: \\u0000 is not allowed in a string" },
    { "\"\\ud83d\"", CS_EXPR_ERROR_SYNTAX, 1,
      "Column 2: \\uD83D must be followed by a low surrogate \\uDC00 to \\uDFFF" },
    { "\"\\ud83d\\u0041\"", CS_EXPR_ERROR_SYNTAX, 1,
      "Column 2: \\uD83D must be followed by a low surrogate \\uDC00 to \\uDFFF" },
    { "\"\\ude00\"", CS_EXPR_ERROR_SYNTAX, 1,
      "Column 2: \\uDE00 is a low surrogate without a high surrogate before it" },
    { "12abc", CS_EXPR_ERROR_SYNTAX, 2, "Column 3: unexpected 'a' after the number 12" },
    { "1.", CS_EXPR_ERROR_SYNTAX, 1, "Column 2: unexpected '.' after the number 1" },
    { "1.5.2", CS_EXPR_ERROR_SYNTAX, 3, "Column 4: unexpected '.' after the number 1.5" },
    { "2e", CS_EXPR_ERROR_SYNTAX, 1, "Column 2: expected digits after the exponent 'e' in the number 2e" },
    { "2e+x", CS_EXPR_ERROR_SYNTAX, 1, "Column 2: expected digits after the exponent 'e' in the number 2e+" },
    { "1e999", CS_EXPR_ERROR_SYNTAX, 0, "Column 1: the number 1e999 is out of range" },
    { ".5", CS_EXPR_ERROR_SYNTAX, 0, "Column 1: expected an expression, found '.'" },
    /* columns count characters; offsets count bytes */
    { "\"éé\" +", CS_EXPR_ERROR_SYNTAX, 8, "Column 7: expected an operand after '+', found end of input" },
    { "名前 +", CS_EXPR_ERROR_SYNTAX, 8, "Column 5: expected an operand after '+', found end of input" },
    /* several lines: the line and the column within it */
    { "age > 18 &&\n  applicant.age <", CS_EXPR_ERROR_SYNTAX, 29,
      "Line 2, column 18: expected an operand after '<', found end of input" },
    { "a\n+\n(", CS_EXPR_ERROR_SYNTAX, 5, "Line 3, column 2: expected an operand after '(', found end of input" },
    /* long tokens are shortened in messages */
    { "1 \"a very long string that goes on and on\"", CS_EXPR_ERROR_SYNTAX, 2,
      "Column 3: expected an operator or the end of the expression, found the string \"a very long string …" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_parse_error (cases[i].text, cases[i].code, cases[i].offset, cases[i].message);
}

static void
test_invalid_utf8 (void)
{
  assert_parse_error ("ab\xff" "cd", CS_EXPR_ERROR_SYNTAX, 2,
                      "Column 3: the text is not valid UTF-8 (unexpected byte 0xFF)");
  assert_parse_error ("\"é\xc3\"", CS_EXPR_ERROR_SYNTAX, 3,
                      "Column 3: the text is not valid UTF-8 (unexpected byte 0xC3)");
  assert_parse_error ("\xed\xa0\x80", CS_EXPR_ERROR_SYNTAX, 0,      /* an encoded surrogate */
                      "Column 1: the text is not valid UTF-8 (unexpected byte 0xED)");
  assert_parse_error ("\xc0\x80", CS_EXPR_ERROR_SYNTAX, 0,          /* an overlong NUL */
                      "Column 1: the text is not valid UTF-8 (unexpected byte 0xC0)");
}

static char *
repeat (const char *piece,
        guint       times)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (text, piece);
  return g_string_free (text, FALSE);
}

/* @open repeated @times, then @middle, then @close repeated @times. */
static char *
nest (const char *open,
      const char *middle,
      const char *close,
      guint       times)
{
  g_autofree char *opens = repeat (open, times);
  g_autofree char *closes = repeat (close, times);

  return g_strconcat (opens, middle, closes, NULL);
}

static void
assert_limit (const char *text)
{
  g_autoptr(GError) error = NULL;
  gsize offset = G_MAXSIZE;
  g_autoptr(CsExpr) expr = cs_expr_parse (text, &offset, &error);

  g_assert_null (expr);
  g_assert_error (error, CS_EXPR_ERROR, CS_EXPR_ERROR_LIMIT);
  g_assert_cmpuint (offset, <=, strlen (text));
  g_assert_true (g_str_has_prefix (error->message, "Column "));
}

static void
test_limits (void)
{
  g_autofree char *parens_ok = nest ("(", "1", ")", 100);
  g_autofree char *parens_deep = nest ("(", "1", ")", 200);
  g_autofree char *parens_huge = nest ("(", "1", ")", 100000);
  g_autofree char *unary_deep = nest ("-", "1", "", 5000);
  g_autofree char *nots_deep = nest ("not ", "x", "", 5000);
  g_autofree char *members = nest ("", "a", ".b", 5000);
  g_autofree char *arrays = nest ("[", "", "]", 5000);
  g_autofree char *ternary = nest ("a ? b : ", "c", "", 3000);
  g_autofree char *calls = nest ("abs(", "1", ")", 3000);
  g_autofree char *sum_ok = nest ("", "1", " + 1", 100);
  g_autofree char *sum_long = nest ("", "1", "+1", 20000);
  g_autofree char *flat = nest ("x in [", "2]", "", 1);
  g_autofree char *ones = repeat ("1,", 10000);
  g_autofree char *longest = nest ("\"", "", "", 1);
  g_autofree char *a_run = repeat ("a", 64 * 1024 - 2);
  g_autofree char *too_long = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsExpr) expr = NULL;
  gsize offset = 0;

  expr = parse_ok (parens_ok);
  g_clear_pointer (&expr, cs_expr_unref);

  /* the paren that would open level 129 is where parsing stops */
  assert_parse_error (parens_deep, CS_EXPR_ERROR_LIMIT, 128,
                      "Column 129: the expression is nested too deeply (the limit is 128 levels)");
  g_assert_cmpuint (strlen (parens_huge), >, 64 * 1024);   /* length is checked first */
  assert_limit (parens_huge);
  assert_limit (unary_deep);
  assert_limit (nots_deep);
  assert_limit (members);
  assert_limit (arrays);
  assert_limit (ternary);
  assert_limit (calls);

  /* a long chain of operators builds a tall tree: limited too */
  expr = parse_ok (sum_ok);
  g_clear_pointer (&expr, cs_expr_unref);
  assert_limit (sum_long);

  /* a long but flat expression is fine */
  g_free (flat);
  flat = g_strconcat ("x in [", ones, "2]", NULL);
  expr = parse_ok (flat);
  g_clear_pointer (&expr, cs_expr_unref);

  g_free (longest);
  longest = g_strconcat ("\"", a_run, "\"", NULL);
  g_assert_cmpuint (strlen (longest), ==, 64 * 1024);
  expr = parse_ok (longest);
  g_clear_pointer (&expr, cs_expr_unref);

  too_long = g_strconcat (longest, " ", NULL);
  expr = cs_expr_parse (too_long, &offset, &error);
  g_assert_null (expr);
  g_assert_error (error, CS_EXPR_ERROR, CS_EXPR_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "Column 65537: the expression is longer than 65536 bytes");
  g_assert_cmpuint (offset, ==, 65536);
}

/* [[[...[value]...]]] built by hand, deeper than the evaluator compares or prints. */
static JsonNode *
deep_data (guint depth)
{
  JsonNode *node = json_node_init_int (json_node_alloc (), 1);
  JsonObject *root = json_object_new ();
  JsonNode *data;

  for (guint i = 0; i < depth; i++)
    {
      JsonArray *array = json_array_new ();

      json_array_add_element (array, node);
      node = json_node_init_array (json_node_alloc (), array);
      json_array_unref (array);
    }
  json_object_set_member (root, "deep", json_node_copy (node));
  json_object_set_member (root, "other", node);
  json_object_set_double_member (root, "nan", NAN);
  json_object_set_double_member (root, "inf", INFINITY);
  json_object_set_string_member (root, "bad", "ab\xff");
  data = json_node_init_object (json_node_alloc (), root);
  json_object_unref (root);
  return data;
}

static void
eval_with (JsonNode    *data,
           const char  *text,
           const char  *expected_json,
           CsExprError  expected_code)
{
  g_autoptr(CsExpr) expr = parse_ok (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = cs_expr_evaluate (expr, data, &error);

  g_test_message ("%s", text);
  if (expected_json != NULL)
    {
      g_autofree char *json = NULL;

      g_assert_no_error (error);
      json = json_to_string (value, FALSE);
      g_assert_cmpstr (json, ==, expected_json);
    }
  else
    {
      g_assert_null (value);
      g_assert_error (error, CS_EXPR_ERROR, (gint) expected_code);
    }
}

static void
test_hostile_data (void)
{
  g_autoptr(JsonNode) data = deep_data (3000);

  eval_with (data, "deep == other", NULL, CS_EXPR_ERROR_LIMIT);
  eval_with (data, "deep != 1", "true", 0);             /* different types: no descent */
  eval_with (data, "str(deep)", NULL, CS_EXPR_ERROR_LIMIT);
  eval_with (data, "1 in deep", "false", 0);
  eval_with (data, "deep in [other]", NULL, CS_EXPR_ERROR_LIMIT);
  eval_with (data, "len(deep)", "1", 0);
  eval_with (data, "deep[0][0][0][1]", "null", 0);
  eval_with (data, "exists(deep)", "true", 0);

  eval_with (data, "nan == nan", "false", 0);
  eval_with (data, "nan != nan", "true", 0);
  eval_with (data, "nan < 1 || nan >= 1", "false", 0);
  eval_with (data, "nan ? 1 : 2", "2", 0);
  eval_with (data, "str(nan)", "\"NaN\"", 0);
  eval_with (data, "str(inf)", "\"Infinity\"", 0);
  eval_with (data, "str([nan, inf])", "\"[null,null]\"", 0);
  eval_with (data, "inf > 9223372036854775807", "true", 0);
  eval_with (data, "-inf < -9223372036854775807 - 1", "true", 0);
  eval_with (data, "nan + 1", NULL, CS_EXPR_ERROR_LIMIT);
  eval_with (data, "inf - inf", NULL, CS_EXPR_ERROR_LIMIT);
  eval_with (data, "int(nan)", NULL, CS_EXPR_ERROR_LIMIT);
  eval_with (data, "int(inf)", NULL, CS_EXPR_ERROR_LIMIT);
  eval_with (data, "round(nan)", NULL, CS_EXPR_ERROR_ARGUMENTS);
  eval_with (data, "abs(inf) > 0", "true", 0);
  eval_with (data, "min(nan, 1) == 1 || true", "true", 0);

  eval_with (data, "len(bad)", NULL, CS_EXPR_ERROR_ARGUMENTS);
  eval_with (data, "upper(bad)", NULL, CS_EXPR_ERROR_ARGUMENTS);
  eval_with (data, "matches(bad, \"a\")", NULL, CS_EXPR_ERROR_ARGUMENTS);
  eval_with (data, "bad == \"ab\"", "false", 0);
  eval_with (data, "str([bad])", "\"[\\\"ab\xef\xbf\xbd\\\"]\"", 0);   /* replaced by U+FFFD */
}

static void
test_size_limits (void)
{
  g_autofree char *four_mib = g_strnfill (4 * 1024 * 1024, 'x');
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(CsTemplate) tmpl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;

  json_object_set_string_member (object, "long", four_mib);
  data = json_node_init_object (json_node_alloc (), object);

  eval_with (data, "len(long + long + long + long)", "16777216", 0);
  eval_with (data, "len(str([long, long, long]))", "12582922", 0);   /* 3 × 4 MiB + 6 quotes, 2 commas, 2 brackets */

  {
    g_autoptr(CsExpr) expr = parse_ok ("long + long + long + long + long");
    g_autoptr(JsonNode) value = cs_expr_evaluate (expr, data, &error);

    g_assert_null (value);
    g_assert_error (error, CS_EXPR_ERROR, CS_EXPR_ERROR_LIMIT);
    g_assert_cmpstr (error->message, ==, "Column 27: the result of '+' would be longer than 16777216 bytes");
    g_clear_error (&error);
  }
  {
    g_autoptr(CsExpr) expr = parse_ok ("str([long, long, long, long, long])");
    g_autoptr(JsonNode) value = cs_expr_evaluate (expr, data, &error);

    g_assert_null (value);
    g_assert_error (error, CS_EXPR_ERROR, CS_EXPR_ERROR_LIMIT);
    g_assert_cmpstr (error->message, ==, "Column 1: str() would return more than 16777216 bytes");
    g_clear_error (&error);
  }

  {
    /* Without stopping early this would build 4 GiB of text before failing. */
    g_autofree char *longs = repeat ("long, ", 1000);
    g_autofree char *text = g_strdup_printf ("str([%slong])", longs);
    g_autoptr(CsExpr) expr = parse_ok (text);
    g_autoptr(JsonNode) value = cs_expr_evaluate (expr, data, &error);

    g_assert_null (value);
    g_assert_error (error, CS_EXPR_ERROR, CS_EXPR_ERROR_LIMIT);
    g_clear_error (&error);
  }

  tmpl = cs_template_parse ("{{ long }}{{ long }}{{ long }}{{ long }}-{{ long }}", NULL, &error);
  g_assert_no_error (error);
  result = cs_template_render (tmpl, data, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, CS_EXPR_ERROR, CS_EXPR_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "Column 45: the rendered text would be longer than 16777216 bytes");
  g_clear_pointer (&tmpl, cs_template_unref);
  g_clear_error (&error);

  tmpl = cs_template_parse ("{{ [long, long, long, long, long] }}", NULL, &error);
  g_assert_no_error (error);
  result = cs_template_render (tmpl, data, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, CS_EXPR_ERROR, CS_EXPR_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "Column 4: the rendered text would be longer than 16777216 bytes");
}

static void
test_collect_paths (void)
{
  static const struct
  {
    const char *text;
    const char *paths;   /* space separated, in order */
  } cases[] = {
    { "age > 18 && applicant.age < 18 && age != 20", "age applicant.age" },
    { "documents[0].type == \"id\"", "documents[0].type" },
    { "applicant[\"first name\"] + applicant['address'].city", "applicant[\"first name\"] applicant.address.city" },
    { "$.priority in tags", "priority tags" },
    { "$[\"first name\"]", "$[\"first name\"]" },
    { "$.in", "$.in" },
    { "$", "$" },
    { "applicant.in", "applicant.in" },
    { "documents[count - 1].type", "documents count" },
    { "exists(applicant.nickname) ? applicant.nickname : name", "applicant.nickname name" },
    { "len(str(coalesce(a.b, c)).x)", "a.b c" },
    { "1 + 2 * len(\"abc\")", "" },
    { "[x, y, x][0]", "x y" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CsExpr) expr = parse_ok (cases[i].text);
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *joined = NULL;

      cs_expr_collect_paths (expr, paths);
      g_ptr_array_add (paths, NULL);
      joined = g_strjoinv (" ", (char **) paths->pdata);
      g_test_message ("%s", cases[i].text);
      g_assert_cmpstr (joined, ==, cases[i].paths);
    }
}

static void
test_collect_paths_appends (void)
{
  g_autoptr(CsExpr) first = parse_ok ("age > 1 && name");
  g_autoptr(CsExpr) second = parse_ok ("name + priority");
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (paths, g_strdup ("already"));
  cs_expr_collect_paths (first, paths);
  cs_expr_collect_paths (second, paths);
  g_assert_cmpuint (paths->len, ==, 4);
  g_assert_cmpstr (paths->pdata[0], ==, "already");
  g_assert_cmpstr (paths->pdata[1], ==, "age");
  g_assert_cmpstr (paths->pdata[2], ==, "name");
  g_assert_cmpstr (paths->pdata[3], ==, "priority");
}

static void
test_boxed (void)
{
  CsExpr *expr = parse_ok ("age + 1");
  CsExpr *copy;
  CsTemplate *tmpl = cs_template_parse ("Hi {{ name }}", NULL, NULL);
  CsTemplate *tmpl_copy;
  g_autoptr(JsonNode) data = instance ();
  g_autoptr(JsonNode) value = NULL;

  g_assert_true (G_TYPE_IS_BOXED (CS_TYPE_EXPR));
  g_assert_true (G_TYPE_IS_BOXED (CS_TYPE_TEMPLATE));
  g_assert_cmpstr (g_type_name (CS_TYPE_EXPR), ==, "CsExpr");

  copy = g_boxed_copy (CS_TYPE_EXPR, expr);
  g_assert_true (copy == expr);   /* immutable: copying is taking a reference */
  cs_expr_unref (expr);
  g_assert_cmpstr (cs_expr_get_source (copy), ==, "age + 1");
  value = cs_expr_evaluate (copy, data, NULL);
  g_assert_cmpint (json_node_get_int (value), ==, 43);
  g_boxed_free (CS_TYPE_EXPR, copy);

  g_assert_nonnull (tmpl);
  tmpl_copy = cs_template_ref (tmpl);
  cs_template_unref (tmpl);
  g_assert_cmpstr (cs_template_get_source (tmpl_copy), ==, "Hi {{ name }}");
  g_boxed_free (CS_TYPE_TEMPLATE, tmpl_copy);
}

static void
test_results_are_independent (void)
{
  /* Changing a result must not change the expression's literals. */
  g_autoptr(CsExpr) expr = parse_ok ("\"constant\"");
  g_autoptr(JsonNode) first = cs_expr_evaluate (expr, NULL, NULL);
  g_autoptr(JsonNode) second = NULL;

  json_node_set_string (first, "changed");
  second = cs_expr_evaluate (expr, NULL, NULL);
  g_assert_cmpstr (json_node_get_string (second), ==, "constant");
}

static char *
render (const char  *text,
        char      *(*escape) (const char *value))
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsTemplate) tmpl = cs_template_parse (text, NULL, &error);
  g_autoptr(JsonNode) data = instance ();
  char *result;

  g_assert_no_error (error);
  g_assert_nonnull (tmpl);
  result = cs_template_render (tmpl, data, escape, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static void
assert_render (const char *text,
               const char *expected)
{
  g_autofree char *result = render (text, NULL);

  g_test_message ("%s", text);
  g_assert_cmpstr (result, ==, expected);
}

static char *
uri_escape (const char *value)
{
  return g_uri_escape_string (value, NULL, FALSE);
}

static char *
shout (const char *value)
{
  return g_strdup_printf ("<%s>", value);
}

static void
test_templates (void)
{
  g_autofree char *escaped = NULL;
  g_autofree char *wrapped = NULL;

  assert_render ("", "");
  assert_render ("plain text", "plain text");
  assert_render ("Hello {{ name }}!", "Hello Ana María!");
  assert_render ("{{name}}", "Ana María");
  assert_render ("{{ age }} and {{ applicant.age + 1 }}", "42 and 18");
  assert_render ("{{ age >= 18 ? \"adult\" : \"minor\" }}", "adult");
  assert_render ("score={{ score }};ratio={{ 1 / 4 }};big={{ 1000000.0 }}", "score=7.5;ratio=0.25;big=1000000");
  assert_render ("[{{ missing }}]", "[]");
  assert_render ("{{ approved }}/{{ !approved }}", "true/false");
  assert_render ("{{ tags }}", "[\"urgent\",\"paper\"]");
  assert_render ("{{ applicant.address }}", "{\"city\":\"Tartu\",\"zip\":\"50090\"}");
  /* JSON bodies: single braces and "}}" outside an interpolation are text */
  assert_render ("{\"age\": {{ age }}, \"who\": {\"name\": \"{{ name }}\"}}",
                 "{\"age\": 42, \"who\": {\"name\": \"Ana María\"}}");
  assert_render ("{\"a\":{{age}}}", "{\"a\":42}");
  assert_render ("}} {", "}} {");
  /* a string may contain }} */
  assert_render ("{{ \"}}\" + name }}", "}}Ana María");
  /* \{{ is a literal {{; a lone backslash is text */
  assert_render ("\\{{ name }}", "{{ name }}");
  assert_render ("\\{{{{ name }}", "{{Ana María");
  assert_render ("a\\b \\{ \\}}", "a\\b \\{ \\}}");
  assert_render ("C:\\{{ \"dir\" }}", "C:{{ \"dir\" }}");
  assert_render ("multi\nline {{ count }}\n", "multi\nline 3\n");
  assert_render ("{{ 1 }}{{ 2 }}", "12");

  /* the escape function applies to interpolated values only */
  escaped = render ("https://example.org/q?name={{ name }}&t={{ tags[0] }}&x=a b", uri_escape);
  g_assert_cmpstr (escaped, ==, "https://example.org/q?name=Ana%20Mar%C3%ADa&t=urgent&x=a b");
  wrapped = render ("({{ missing }})({{ 5 }})", shout);
  g_assert_cmpstr (wrapped, ==, "(<>)(<5>)");
}

static void
assert_template_error (const char  *text,
                       CsExprError  code,
                       gsize        offset,
                       const char  *message)
{
  g_autoptr(GError) error = NULL;
  gsize error_offset = G_MAXSIZE;
  g_autoptr(CsTemplate) tmpl = cs_template_parse (text, &error_offset, &error);

  g_test_message ("%s", text);
  g_assert_null (tmpl);
  g_assert_error (error, CS_EXPR_ERROR, (gint) code);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpuint (error_offset, ==, offset);
}

static void
test_template_errors (void)
{
  g_autoptr(CsTemplate) tmpl = NULL;
  g_autoptr(JsonNode) data = instance ();
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;

  assert_template_error ("Hello {{ name", CS_EXPR_ERROR_SYNTAX, 13,
                         "Column 14: expected an operator or '}}' to close the '{{' at column 7, found end of input");
  assert_template_error ("Hello {{ name + }}", CS_EXPR_ERROR_SYNTAX, 16,
                         "Column 17: expected an operand after '+', found '}}'");
  assert_template_error ("x {{ }} y", CS_EXPR_ERROR_SYNTAX, 5,
                         "Column 6: expected an expression, found '}}'");
  assert_template_error ("ok {{ a }} then {{ a b }}", CS_EXPR_ERROR_SYNTAX, 21,
                         "Column 22: expected an operator or '}}' to close the '{{' at column 17, found the name b");
  assert_template_error ("{{{{ x }}", CS_EXPR_ERROR_SYNTAX, 2, "Column 3: unexpected character '{'");
  assert_template_error ("{{ a } }}", CS_EXPR_ERROR_SYNTAX, 5, "Column 6: unexpected character '}'");
  assert_template_error ("{{ \"abc }}", CS_EXPR_ERROR_SYNTAX, 3,
                         "Column 4: the string is never closed: expected \" before the end of the text");
  assert_template_error ("{{ lenght(name) }}", CS_EXPR_ERROR_UNKNOWN_FUNCTION, 3,
                         "Column 4: unknown function 'lenght'");
  assert_template_error ("{\n  \"a\": {{ age }},\n  \"b\": {{ age + }}\n}", CS_EXPR_ERROR_SYNTAX, 36,
                         "Line 3, column 17: expected an operand after '+', found '}}'");
  assert_template_error ("é {{ \xff }}", CS_EXPR_ERROR_SYNTAX, 6,
                         "Column 6: the text is not valid UTF-8 (unexpected byte 0xFF)");

  /* evaluation errors point into the template too */
  tmpl = cs_template_parse ("{\n  \"n\": {{ name - 1 }}\n}", NULL, &error);
  g_assert_no_error (error);
  result = cs_template_render (tmpl, data, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, CS_EXPR_ERROR, CS_EXPR_ERROR_TYPE);
  g_assert_cmpstr (error->message, ==, "Line 2, column 16: cannot apply '-' to a string and a number");
}

static void
test_template_limits (void)
{
  g_autoptr(JsonNode) data = deep_data (1000);
  g_autoptr(CsTemplate) deep = cs_template_parse ("{{ deep }}", NULL, NULL);
  g_autofree char *too_long = repeat ("x", 1024 * 1024 + 1);
  g_autofree char *many = NULL;
  g_autofree char *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsTemplate) tmpl = NULL;
  gsize offset = 0;

  result = cs_template_render (deep, data, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, CS_EXPR_ERROR, CS_EXPR_ERROR_LIMIT);
  g_clear_error (&error);

  tmpl = cs_template_parse (too_long, &offset, &error);
  g_assert_null (tmpl);
  g_assert_error (error, CS_EXPR_ERROR, CS_EXPR_ERROR_LIMIT);
  g_assert_cmpuint (offset, ==, 1024 * 1024);
  g_clear_error (&error);

  /* a template may hold many interpolations */
  many = repeat ("{{ count }},", 5000);
  tmpl = cs_template_parse (many, NULL, &error);
  g_assert_no_error (error);
  result = cs_template_render (tmpl, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (result), ==, 5000);   /* count is null without data: "," each */
}

static void
test_template_paths (void)
{
  g_autoptr(CsTemplate) tmpl = cs_template_parse ("/cases/{{ id }}/docs/{{ documents[0].type }}?n={{ id }}",
                                                  NULL, NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  cs_template_collect_paths (tmpl, paths);
  g_assert_cmpuint (paths->len, ==, 2);
  g_assert_cmpstr (paths->pdata[0], ==, "id");
  g_assert_cmpstr (paths->pdata[1], ==, "documents[0].type");
}

/* Robustness: parse (and when that succeeds, evaluate and render) thousands of
 * random and mutated inputs built from a fixed seed. Each call must either
 * succeed or report an error, never both or neither, and never crash, hang or
 * leak (this runs under valgrind). */

static const char *corpus[] = {
  "age >= 18 && applicant.age < 18",
  "priority in [\"high\", \"critical\"] ? 'urgent' : \"normal\"",
  "len(trim(lower(name))) > 0 and not exists(applicant.nickname)",
  "documents[count - 1].type == \"tax\" || matches(applicant.address.zip, \"^[0-9]{5}$\")",
  "round(score * 1.25, 2) + abs(-3) % 2 - min(1, 2.5, age) / max([1, 2])",
  "days_between(\"2024-01-01\", applicant.birth) + age_years(applicant.birth, \"2024-06-01T00:00:00+02:00\")",
  "coalesce(missing, $[\"first name\"], str(int(\"12\")) + float(\"1e3\"))",
  "starts_with(name, \"A\") != ends_with(upper(name), \"\\u00cdA\") && contains(tags, 'paper')",
  "-(-big - 1) * 2 / 0.5 <= 9223372036854775807 not in [[1], {{}}]",
  "!(!approved) ? [1, 2.5e3, null, true][0] : matrix[1][1]",
};

static const char *vocabulary[] = {
  "age", "applicant", ".", "[", "]", "(", ")", "\"", "'", "\\", "\\u", "d83d", ",", "?", ":",
  "&&", "||", "!", "and", "or", "not", "in", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*",
  "/", "%", "=", "&", "|", "$", "{{", "}}", "}", "{", "0", "1", "9223372036854775808", "1e",
  "1.5", "2e308", "len(", "matches(", "exists(", "round(", "coalesce(", "nope(", "true", "false",
  "null", " ", "\n", "\t", "é", "😀", "\xc2\xa0", "\xff", "\xc3", "\x01", "\"(\"", "\"[\"",
  "documents", "[0]", "tags", "name", "\"abc\"", "'x'", "-", "--", "!!", "\\{{",
};

/* A random expression that is syntactically valid (parenthesised throughout),
 * so that evaluation sees every operator and function on every type. */
static void
random_expression (GRand   *rand,
                   GString *out,
                   guint    depth)
{
  static const char *atoms[] = {
    "age", "score", "name", "empty", "nothing", "missing", "tags", "none", "nobody", "applicant",
    "applicant.address.zip", "documents[1].type", "matrix[0]", "big", "huge", "zero", "0", "1", "-3",
    "2.5", "1e300", "\"x\"", "'é😀'", "true", "false", "null", "[]", "[1, \"a\"]", "$",
    "applicant.birth", "\"2024-02-29\"", "\"^a.*$\"", "\"(\"", "9223372036854775807",
  };
  static const char *binary[] = {
    " + ", " - ", " * ", " / ", " % ", " == ", " != ", " < ", " <= ", " > ", " >= ",
    " && ", " || ", " and ", " or ", " in ", " not in ",
  };
  static const char *unary[] = { "-", "!", "not " };
  static const char *functions1[] = {
    "len", "lower", "upper", "trim", "int", "float", "str", "abs", "min", "max", "round", "coalesce",
  };
  static const char *functions2[] = {
    "contains", "starts_with", "ends_with", "matches", "min", "max", "round", "coalesce",
    "days_between", "age_years",
  };

  switch (depth == 0 ? 0 : g_rand_int_range (rand, 0, 7))
    {
    case 0:
      g_string_append (out, atoms[g_rand_int_range (rand, 0, G_N_ELEMENTS (atoms))]);
      break;
    case 1:
    case 2:
      g_string_append_c (out, '(');
      random_expression (rand, out, depth - 1);
      g_string_append (out, binary[g_rand_int_range (rand, 0, G_N_ELEMENTS (binary))]);
      random_expression (rand, out, depth - 1);
      g_string_append_c (out, ')');
      break;
    case 3:
      g_string_append_printf (out, "%s(", unary[g_rand_int_range (rand, 0, G_N_ELEMENTS (unary))]);
      random_expression (rand, out, depth - 1);
      g_string_append_c (out, ')');
      break;
    case 4:
      g_string_append_printf (out, "%s(", functions1[g_rand_int_range (rand, 0, G_N_ELEMENTS (functions1))]);
      random_expression (rand, out, depth - 1);
      g_string_append_c (out, ')');
      break;
    case 5:
      g_string_append_printf (out, "%s(", functions2[g_rand_int_range (rand, 0, G_N_ELEMENTS (functions2))]);
      random_expression (rand, out, depth - 1);
      g_string_append (out, ", ");
      random_expression (rand, out, depth - 1);
      g_string_append_c (out, ')');
      break;
    default:
      g_string_append_c (out, '(');
      random_expression (rand, out, depth - 1);
      g_string_append (out, " ? ");
      random_expression (rand, out, depth - 1);
      g_string_append (out, " : ");
      random_expression (rand, out, depth - 1);
      g_string_append_c (out, ')');
      break;
    }
}

static char *
random_input (GRand *rand)
{
  GString *text = g_string_new (NULL);
  guint kind = g_rand_int_range (rand, 0, 4);

  if (kind == 3)
    {
      random_expression (rand, text, g_rand_int_range (rand, 0, 6));
      if (g_rand_boolean (rand))
        {
          /* and half of them as a template interpolation */
          g_string_prepend (text, "x={{ ");
          g_string_append (text, " }}&y");
        }
    }
  else if (kind == 0)
    {
      /* raw bytes, any value but NUL */
      guint length = g_rand_int_range (rand, 0, 64);

      for (guint i = 0; i < length; i++)
        g_string_append_c (text, (char) g_rand_int_range (rand, 1, 256));
    }
  else if (kind == 1)
    {
      /* token soup */
      guint length = g_rand_int_range (rand, 0, 40);

      for (guint i = 0; i < length; i++)
        g_string_append (text, vocabulary[g_rand_int_range (rand, 0, G_N_ELEMENTS (vocabulary))]);
    }
  else
    {
      /* mutations of valid expressions */
      guint mutations = g_rand_int_range (rand, 1, 5);

      g_string_append (text, corpus[g_rand_int_range (rand, 0, G_N_ELEMENTS (corpus))]);
      for (guint m = 0; m < mutations; m++)
        {
          guint at = text->len > 0 ? g_rand_int_range (rand, 0, text->len + 1) : 0;
          guint span = g_rand_int_range (rand, 0, 8);

          span = MIN (span, text->len - at);

          switch (g_rand_int_range (rand, 0, 5))
            {
            case 0:
              g_string_erase (text, at, span);
              break;
            case 1:
              g_string_insert (text, at, vocabulary[g_rand_int_range (rand, 0, G_N_ELEMENTS (vocabulary))]);
              break;
            case 2:
              if (at < text->len)
                text->str[at] = (char) g_rand_int_range (rand, 1, 256);
              break;
            case 3:
              {
                g_autofree char *piece = g_strndup (text->str + at, span);

                g_string_insert (text, at, piece);
              }
              break;
            default:
              g_string_insert (text, at, corpus[g_rand_int_range (rand, 0, G_N_ELEMENTS (corpus))]);
              break;
            }
        }
    }
  return g_string_free (text, FALSE);
}

static void
check_error (GError     *error,
             gsize       offset,
             const char *text)
{
  g_assert_true (error->domain == CS_EXPR_ERROR);
  g_assert_cmpint (error->code, >=, CS_EXPR_ERROR_SYNTAX);
  g_assert_cmpint (error->code, <=, CS_EXPR_ERROR_LIMIT);
  g_assert_true (g_str_has_prefix (error->message, "Column ") || g_str_has_prefix (error->message, "Line "));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (offset, <=, strlen (text));
}

static void
test_random_inputs (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);
  g_autoptr(JsonNode) data = instance ();
  guint parsed = 0, rejected = 0, evaluated = 0, rendered = 0;

  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *text = random_input (rand);
      g_autoptr(GError) error = NULL;
      gsize offset = G_MAXSIZE;
      g_autoptr(CsExpr) expr = cs_expr_parse (text, &offset, &error);
      g_autoptr(CsTemplate) tmpl = NULL;

      if (expr != NULL)
        {
          g_autoptr(JsonNode) value = NULL;
          g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
          gboolean result;

          g_assert_no_error (error);
          parsed++;
          value = cs_expr_evaluate (expr, data, &error);
          g_assert_true ((value == NULL) != (error == NULL));
          if (error != NULL)
            check_error (error, 0, text);
          else
            evaluated++;
          g_clear_error (&error);
          if (cs_expr_evaluate_boolean (expr, NULL, &result, &error))
            g_assert_no_error (error);
          else
            check_error (error, 0, text);
          g_clear_error (&error);
          cs_expr_collect_paths (expr, paths);
        }
      else
        {
          g_assert_nonnull (error);
          check_error (error, offset, text);
          rejected++;
          g_clear_error (&error);
        }

      offset = G_MAXSIZE;
      tmpl = cs_template_parse (text, &offset, &error);
      if (tmpl != NULL)
        {
          g_autofree char *output = cs_template_render (tmpl, data, uri_escape, &error);

          g_assert_true ((output == NULL) != (error == NULL));
          if (error != NULL)
            check_error (error, 0, text);
          else
            rendered++;
        }
      else
        {
          g_assert_nonnull (error);
          check_error (error, offset, text);
        }
    }

  g_test_message ("%u parsed, %u rejected, %u evaluated, %u templates rendered",
                  parsed, rejected, evaluated, rendered);
  /* the generator must exercise both sides */
  g_assert_cmpuint (parsed, >, 2000);
  g_assert_cmpuint (rejected, >, 2000);
  g_assert_cmpuint (evaluated, >, 1000);
  g_assert_cmpuint (rendered, >, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/expr/literals", test_literals);
  g_test_add_func ("/expr/paths", test_paths);
  g_test_add_func ("/expr/no-data", test_no_data);
  g_test_add_func ("/expr/arithmetic", test_arithmetic);
  g_test_add_func ("/expr/overflow", test_overflow);
  g_test_add_func ("/expr/comparison", test_comparison);
  g_test_add_func ("/expr/logic", test_logic);
  g_test_add_func ("/expr/membership", test_membership);
  g_test_add_func ("/expr/membership-errors", test_membership_errors);
  g_test_add_func ("/expr/conditional", test_conditional);
  g_test_add_func ("/expr/truthiness", test_truthiness);
  g_test_add_func ("/expr/evaluate-boolean-error", test_evaluate_boolean_error);
  g_test_add_func ("/expr/functions/strings", test_string_functions);
  g_test_add_func ("/expr/functions/matches", test_matches);
  g_test_add_func ("/expr/functions/conversions", test_conversions);
  g_test_add_func ("/expr/functions/numbers", test_numeric_functions);
  g_test_add_func ("/expr/functions/null", test_null_functions);
  g_test_add_func ("/expr/functions/dates", test_date_functions);
  g_test_add_func ("/expr/functions/errors", test_function_errors);
  g_test_add_func ("/expr/syntax-errors", test_syntax_errors);
  g_test_add_func ("/expr/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/expr/limits", test_limits);
  g_test_add_func ("/expr/hostile-data", test_hostile_data);
  g_test_add_func ("/expr/size-limits", test_size_limits);
  g_test_add_func ("/expr/collect-paths", test_collect_paths);
  g_test_add_func ("/expr/collect-paths-appends", test_collect_paths_appends);
  g_test_add_func ("/expr/boxed", test_boxed);
  g_test_add_func ("/expr/results-are-independent", test_results_are_independent);
  g_test_add_func ("/template/render", test_templates);
  g_test_add_func ("/template/errors", test_template_errors);
  g_test_add_func ("/template/limits", test_template_limits);
  g_test_add_func ("/template/paths", test_template_paths);
  g_test_add_func ("/expr/random-inputs", test_random_inputs);

  return g_test_run ();
}
