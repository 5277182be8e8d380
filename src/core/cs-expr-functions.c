/* cs-expr-functions.c: the built-in functions of workflow expressions
 *
 * len, lower, upper, trim, contains, starts_with, ends_with, matches, int,
 * float, str, abs, min, max, round, coalesce, exists, days_between and
 * age_years: their implementations, the table the parser looks names up in
 * (cs_expr_lookup_function()), and the checks of a call made at parse time
 * (cs_expr_check_call()): argument counts, exists() of a path, and compiling
 * a literal matches() pattern once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-expr-private.h"

static JsonNode *
argument_error (const Eval        *eval,
                const CsExprNode  *call,
                guint              i,
                const char        *expected,
                JsonNode          *value,
                GError           **error)
{
  cs_expr_eval_error (eval, call->children[i]->start, error, CS_EXPR_ERROR_ARGUMENTS,
                      _("%s() expects %s as argument %u, not %s"),
                      call->name, expected, i + 1, cs_expr_type_name (value_type (value)));
  return NULL;
}

/* A string argument (NULL for null), checked to be UTF-8 for character work. */
static gboolean
get_string (const Eval        *eval,
            const CsExprNode  *call,
            JsonNode         **args,
            guint              i,
            const char       **text,
            GError           **error)
{
  *text = NULL;
  if (value_type (args[i]) == VALUE_NULL)
    return TRUE;
  if (value_type (args[i]) != VALUE_STRING)
    {
      argument_error (eval, call, i, _("a string"), args[i], error);
      return FALSE;
    }
  if (!g_utf8_validate (string_of (args[i]), -1, NULL))
    {
      cs_expr_eval_error (eval, call->children[i]->start, error, CS_EXPR_ERROR_ARGUMENTS,
                          _("argument %u of %s() is not valid UTF-8 text"), i + 1, call->name);
      return FALSE;
    }
  *text = string_of (args[i]);
  return TRUE;
}

static JsonNode *
fn_len (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  const char *text;

  switch (value_type (args[0]))
    {
    case VALUE_NULL:
      return new_int (0);
    case VALUE_STRING:
      if (!get_string (eval, call, args, 0, &text, error))
        return NULL;
      return new_int (g_utf8_strlen (text, -1));
    case VALUE_ARRAY:
      return new_int (json_array_get_length (json_node_get_array (args[0])));
    case VALUE_OBJECT:
      return new_int (json_object_get_size (json_node_get_object (args[0])));
    case VALUE_BOOLEAN:
    case VALUE_INT:
    case VALUE_DOUBLE:
    default:
      return argument_error (eval, call, 0, _("a string, an array or an object"), args[0], error);
    }
}

static JsonNode *
fn_lower (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  const char *text;

  if (!get_string (eval, call, args, 0, &text, error))
    return NULL;
  return text != NULL ? new_string_take (g_utf8_strdown (text, -1)) : new_null ();
}

static JsonNode *
fn_upper (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  const char *text;

  if (!get_string (eval, call, args, 0, &text, error))
    return NULL;
  return text != NULL ? new_string_take (g_utf8_strup (text, -1)) : new_null ();
}

static JsonNode *
fn_trim (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  const char *text, *start, *end;

  if (!get_string (eval, call, args, 0, &text, error))
    return NULL;
  if (text == NULL)
    return new_null ();

  start = text;
  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  end = start + strlen (start);
  while (end > start)
    {
      const char *previous = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (previous)))
        break;
      end = previous;
    }
  return new_string_take (g_strndup (start, end - start));
}

static JsonNode *
fn_contains (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  int result = cs_expr_contains_value (eval, call->offset, "contains()", CS_EXPR_ERROR_ARGUMENTS,
                                       args[0], args[1], error);

  return result < 0 ? NULL : new_boolean (result);
}

static JsonNode *
affix_test (const Eval *eval, const CsExprNode *call, JsonNode **args, gboolean prefix, GError **error)
{
  const char *text, *affix;

  if (!get_string (eval, call, args, 0, &text, error) || !get_string (eval, call, args, 1, &affix, error))
    return NULL;
  if (text == NULL || affix == NULL)
    return new_boolean (FALSE);
  return new_boolean (prefix ? g_str_has_prefix (text, affix) : g_str_has_suffix (text, affix));
}

static JsonNode *
fn_starts_with (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  return affix_test (eval, call, args, TRUE, error);
}

static JsonNode *
fn_ends_with (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  return affix_test (eval, call, args, FALSE, error);
}

static JsonNode *
fn_matches (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *text, *pattern;
  gboolean matched;

  if (!get_string (eval, call, args, 0, &text, error) || !get_string (eval, call, args, 1, &pattern, error))
    return NULL;
  if (pattern == NULL)
    return new_boolean (FALSE);

  if (call->regex != NULL)
    regex = g_regex_ref (call->regex);
  else if ((regex = g_regex_new (pattern, 0, 0, &local_error)) == NULL)
    {
      cs_expr_eval_error (eval, call->children[1]->start, error, CS_EXPR_ERROR_ARGUMENTS,
                          _("matches() got an invalid regular expression: %s"), local_error->message);
      return NULL;
    }
  if (text == NULL)
    return new_boolean (FALSE);

  matched = g_regex_match_full (regex, text, -1, 0, 0, NULL, &local_error);
  if (local_error != NULL)
    {
      cs_expr_eval_error (eval, call->offset, error, CS_EXPR_ERROR_ARGUMENTS,
                          _("matches() could not finish: %s"), local_error->message);
      return NULL;
    }
  return new_boolean (matched);
}

/* The number written in @text (the literal syntax, with an optional sign and
 * surrounding spaces), or NULL. */
static JsonNode *
number_from_text (const char *text)
{
  const char *p = text, *start, *end;
  gboolean is_double = FALSE;
  g_autofree char *number = NULL;
  gint64 i;
  double d;

  while (g_ascii_isspace (*p))
    p++;
  start = p;
  if (*p == '+' || *p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return NULL;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      if (!g_ascii_isdigit (*++p))
        return NULL;
      while (g_ascii_isdigit (*p))
        p++;
      is_double = TRUE;
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return NULL;
      while (g_ascii_isdigit (*p))
        p++;
      is_double = TRUE;
    }
  end = p;
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0')
    return NULL;

  number = g_strndup (start, end - start);
  if (!is_double)
    {
      errno = 0;
      i = g_ascii_strtoll (number, NULL, 10);
      if (errno != ERANGE)
        return new_int (i);
    }
  d = g_ascii_strtod (number, NULL);
  return isfinite (d) ? new_double (d) : NULL;
}

/* Numeric argument of int() and float(): numbers, booleans and numeric
 * strings; *result is NULL for null. */
static gboolean
get_convertible (const Eval *eval, const CsExprNode *call, JsonNode **args, JsonNode **result, GError **error)
{
  *result = NULL;
  switch (value_type (args[0]))
    {
    case VALUE_NULL:
      return TRUE;
    case VALUE_BOOLEAN:
      *result = new_int (json_node_get_boolean (args[0]) ? 1 : 0);
      return TRUE;
    case VALUE_INT:
    case VALUE_DOUBLE:
      *result = json_node_ref (args[0]);
      return TRUE;
    case VALUE_STRING:
      if ((*result = number_from_text (string_of (args[0]))) == NULL)
        {
          g_autofree char *quoted = cs_expr_quote_excerpt (string_of (args[0]));

          cs_expr_eval_error (eval, call->children[0]->start, error, CS_EXPR_ERROR_ARGUMENTS,
                              _("%s() cannot read a number in the string %s"), call->name, quoted);
          return FALSE;
        }
      return TRUE;
    case VALUE_ARRAY:
    case VALUE_OBJECT:
    default:
      argument_error (eval, call, 0, _("a number, a numeric string or a boolean"), args[0], error);
      return FALSE;
    }
}

static JsonNode *
fn_int (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  g_autoptr(JsonNode) number = NULL;
  double d;

  if (!get_convertible (eval, call, args, &number, error))
    return NULL;
  if (number == NULL)
    return new_null ();
  if (value_type (number) == VALUE_INT)
    return cs_expr_copy_value (number);

  d = json_node_get_double (number);
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
    {
      cs_expr_eval_error (eval, call->children[0]->start, error, CS_EXPR_ERROR_LIMIT,
                          _("int() cannot convert a number outside the integer range"));
      return NULL;
    }
  return new_int ((gint64) d);   /* truncates toward zero */
}

static JsonNode *
fn_float (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  g_autoptr(JsonNode) number = NULL;

  if (!get_convertible (eval, call, args, &number, error))
    return NULL;
  return number != NULL ? new_double (double_of (number)) : new_null ();
}

static JsonNode *
fn_str (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (!cs_expr_append_text (text, args[0]) || text->len > CS_EXPR_MAX_STRING)
    {
      if (text->len > CS_EXPR_MAX_STRING)
        cs_expr_eval_error (eval, call->offset, error, CS_EXPR_ERROR_LIMIT,
                            _("str() would return more than %u bytes"), CS_EXPR_MAX_STRING);
      else
        cs_expr_eval_error (eval, call->offset, error, CS_EXPR_ERROR_LIMIT,
                            _("str() cannot write out a value nested more than %u levels deep"),
                            CS_EXPR_MAX_DATA_DEPTH);
      return NULL;
    }
  return new_string_take (g_string_free (g_steal_pointer (&text), FALSE));
}

static JsonNode *
fn_abs (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  gint64 i;

  switch (value_type (args[0]))
    {
    case VALUE_NULL:
      return new_null ();
    case VALUE_INT:
      i = json_node_get_int (args[0]);
      return i == G_MININT64 ? new_double (-(double) i) : new_int (ABS (i));
    case VALUE_DOUBLE:
      return new_double (fabs (json_node_get_double (args[0])));
    case VALUE_BOOLEAN:
    case VALUE_STRING:
    case VALUE_ARRAY:
    case VALUE_OBJECT:
    default:
      return argument_error (eval, call, 0, _("a number"), args[0], error);
    }
}

/* min() (@sign 1) and max() (@sign -1): of the arguments, or of the elements
 * of a single array argument; nulls are skipped. */
static JsonNode *
extreme (const Eval *eval, const CsExprNode *call, JsonNode **args, int sign, GError **error)
{
  g_autofree JsonNode **elements = NULL;
  JsonNode **values = args;
  guint n = call->n_children;
  JsonNode *best = NULL;

  if (n == 1 && value_type (args[0]) == VALUE_ARRAY)
    {
      JsonArray *array = json_node_get_array (args[0]);

      n = json_array_get_length (array);
      values = elements = g_new (JsonNode *, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        elements[i] = json_array_get_element (array, i);
    }

  for (guint i = 0; i < n; i++)
    {
      ValueType type = value_type (values[i]);
      int order;

      if (type == VALUE_NULL)
        continue;
      if (!is_number (type) && type != VALUE_STRING)
        {
          cs_expr_eval_error (eval, call->offset, error, CS_EXPR_ERROR_ARGUMENTS,
                              _("%s() compares numbers or strings, not %s"), call->name, cs_expr_type_name (type));
          return NULL;
        }
      if (best == NULL)
        {
          best = values[i];
          continue;
        }
      if (is_number (type) != is_number (value_type (best)))
        {
          cs_expr_eval_error (eval, call->offset, error, CS_EXPR_ERROR_ARGUMENTS,
                              _("%s() cannot compare a string with a number"), call->name);
          return NULL;
        }
      if (is_number (type))
        {
          if (!cs_expr_compare_numbers (values[i], best, &order))
            continue;
        }
      else
        order = strcmp (string_of (values[i]), string_of (best));
      if (order * sign < 0)
        best = values[i];
    }
  return best != NULL ? cs_expr_copy_value (best) : new_null ();
}

static JsonNode *
fn_min (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  return extreme (eval, call, args, 1, error);
}

static JsonNode *
fn_max (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  return extreme (eval, call, args, -1, error);
}

/* @value * 10^@digits, computed from the decimal text of @value so that
 * round(2.675, 2) is 2.68 as written, not 2.67 as stored in binary. */
static double
scale_decimal (double value,
               int    digits)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *scaled = NULL;
  const char *exponent;
  gint64 power = digits;

  cs_expr_append_double (text, value);
  if ((exponent = strpbrk (text->str, "eE")) != NULL)
    {
      power += g_ascii_strtoll (exponent + 1, NULL, 10);
      g_string_truncate (text, exponent - text->str);
    }
  scaled = g_strdup_printf ("%se%" G_GINT64_FORMAT, text->str, power);
  return g_ascii_strtod (scaled, NULL);
}

static JsonNode *
fn_round (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  static const double powers[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
                                   1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
  gint64 digits = 0;
  double value, scaled;

  if (value_type (args[0]) == VALUE_NULL)
    return new_null ();
  if (!is_number (value_type (args[0])))
    return argument_error (eval, call, 0, _("a number"), args[0], error);
  if (call->n_children > 1)
    {
      if (value_type (args[1]) != VALUE_INT)
        return argument_error (eval, call, 1, _("a whole number of digits"), args[1], error);
      digits = json_node_get_int (args[1]);
      if (digits < 0 || digits >= (gint64) G_N_ELEMENTS (powers))
        {
          cs_expr_eval_error (eval, call->children[1]->start, error, CS_EXPR_ERROR_ARGUMENTS,
                              _("round() rounds to between 0 and %u digits"), (guint) G_N_ELEMENTS (powers) - 1);
          return NULL;
        }
    }
  if (value_type (args[0]) == VALUE_INT)
    return cs_expr_copy_value (args[0]);

  value = json_node_get_double (args[0]);
  if (!isfinite (value))
    return argument_error (eval, call, 0, _("a finite number"), args[0], error);
  if (digits == 0)
    {
      value = round (value);   /* halves away from zero */
      if (value >= -9223372036854775808.0 && value < 9223372036854775808.0)
        return new_int ((gint64) value);
      return new_double (value);
    }
  scaled = scale_decimal (value, (int) digits);
  if (!isfinite (scaled))
    return new_double (value);   /* so large that it has no fractional digits */
  return new_double (round (scaled) / powers[digits]);
}

static JsonNode *
fn_coalesce (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  for (guint i = 0; i < call->n_children; i++)
    {
      JsonNode *value = cs_expr_eval_node (eval, call->children[i], error);

      if (value == NULL || value_type (value) != VALUE_NULL)
        return value;
      json_node_unref (value);
    }
  return new_null ();
}

static JsonNode *
fn_exists (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  g_autoptr(JsonNode) value = cs_expr_eval_node (eval, call->children[0], error);

  return value != NULL ? new_boolean (value_type (value) != VALUE_NULL) : NULL;
}

static gboolean
is_plain_date (const char *text)
{
  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* An ISO 8601 date-time, or a plain date (midnight UTC); *date_time is NULL
 * for null. Without an offset, times are UTC: evaluation must not depend on
 * the time zone of the machine. */
static gboolean
get_date_time (const Eval *eval, const CsExprNode *call, JsonNode **args, guint i,
               GDateTime **date_time, GError **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *midnight = NULL;
  const char *text;

  *date_time = NULL;
  if (!get_string (eval, call, args, i, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  if (is_plain_date (text))
    text = midnight = g_strconcat (text, "T00:00:00Z", NULL);
  if ((*date_time = g_date_time_new_from_iso8601 (text, utc)) == NULL)
    {
      g_autofree char *quoted = cs_expr_quote_excerpt (string_of (args[i]));

      cs_expr_eval_error (eval, call->children[i]->start, error, CS_EXPR_ERROR_ARGUMENTS,
                          _("%s() expects an ISO 8601 date such as 2024-03-01 or 2024-03-01T09:30:00+01:00 "
                            "as argument %u, not %s"), call->name, i + 1, quoted);
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
fn_days_between (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;

  if (!get_date_time (eval, call, args, 0, &from, error) || !get_date_time (eval, call, args, 1, &to, error))
    return NULL;
  if (from == NULL || to == NULL)
    return new_null ();
  return new_int (g_date_time_difference (to, from) / G_TIME_SPAN_DAY);
}

static JsonNode *
fn_age_years (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  g_autoptr(GDateTime) birth = NULL;
  g_autoptr(GDateTime) reference = NULL;
  int by, bm, bd, ry, rm, rd, years;

  if (!get_date_time (eval, call, args, 0, &birth, error) || !get_date_time (eval, call, args, 1, &reference, error))
    return NULL;
  if (birth == NULL || reference == NULL)
    return new_null ();

  /* Calendar dates as written; someone born on 29 February has a birthday
   * on 1 March in other years. */
  g_date_time_get_ymd (birth, &by, &bm, &bd);
  g_date_time_get_ymd (reference, &ry, &rm, &rd);
  years = ry - by;
  if (rm < bm || (rm == bm && rd < bd))
    years--;
  return new_int (years);
}

static const CsExprFunction functions[] = {
  { "abs", 1, 1, FALSE, fn_abs },
  { "age_years", 2, 2, FALSE, fn_age_years },
  { "coalesce", 1, G_MAXUINT, TRUE, fn_coalesce },
  { "contains", 2, 2, FALSE, fn_contains },
  { "days_between", 2, 2, FALSE, fn_days_between },
  { "ends_with", 2, 2, FALSE, fn_ends_with },
  { "exists", 1, 1, TRUE, fn_exists },
  { "float", 1, 1, FALSE, fn_float },
  { "int", 1, 1, FALSE, fn_int },
  { "len", 1, 1, FALSE, fn_len },
  { "lower", 1, 1, FALSE, fn_lower },
  { "matches", 2, 2, FALSE, fn_matches },
  { "max", 1, G_MAXUINT, FALSE, fn_max },
  { "min", 1, G_MAXUINT, FALSE, fn_min },
  { "round", 1, 2, FALSE, fn_round },
  { "starts_with", 2, 2, FALSE, fn_starts_with },
  { "str", 1, 1, FALSE, fn_str },
  { "trim", 1, 1, FALSE, fn_trim },
  { "upper", 1, 1, FALSE, fn_upper },
};

const CsExprFunction *
cs_expr_lookup_function (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (strcmp (functions[i].name, name) == 0)
      return &functions[i];
  return NULL;
}

static gboolean
is_path (const CsExprNode *node)
{
  if (node->kind == CS_EXPR_NODE_NAME || node->kind == CS_EXPR_NODE_ROOT)
    return TRUE;
  if (node->kind == CS_EXPR_NODE_MEMBER || node->kind == CS_EXPR_NODE_INDEX)
    return is_path (node->children[0]);
  return FALSE;
}

gboolean
cs_expr_check_call (const char  *source,
                    CsExprNode  *call,
                    gsize       *error_offset,
                    GError     **error)
{
  const CsExprFunction *function;
  guint n;

  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (call != NULL && call->kind == CS_EXPR_NODE_CALL, FALSE);

  function = call->function;
  n = call->n_children;
  if (n < function->min_args || n > function->max_args)
    {
      if (function->min_args == function->max_args)
        cs_expr_set_error (error, error_offset, source, call->offset, CS_EXPR_ERROR_ARGUMENTS,
                           g_dngettext (GETTEXT_PACKAGE, "%s() expects %u argument but got %u",
                                        "%s() expects %u arguments but got %u", function->min_args),
                           function->name, function->min_args, n);
      else if (function->max_args == G_MAXUINT)
        cs_expr_set_error (error, error_offset, source, call->offset, CS_EXPR_ERROR_ARGUMENTS,
                           g_dngettext (GETTEXT_PACKAGE, "%s() expects at least %u argument but got %u",
                                        "%s() expects at least %u arguments but got %u", function->min_args),
                           function->name, function->min_args, n);
      else
        cs_expr_set_error (error, error_offset, source, call->offset, CS_EXPR_ERROR_ARGUMENTS,
                           _("%s() expects %u or %u arguments but got %u"),
                           function->name, function->min_args, function->max_args, n);
      return FALSE;
    }

  if (function->impl == fn_exists && !is_path (call->children[0]))
    {
      cs_expr_set_error (error, error_offset, source, call->children[0]->start, CS_EXPR_ERROR_ARGUMENTS,
                         _("exists() expects a path such as applicant.age"));
      return FALSE;
    }

  /* A literal pattern is compiled once, and a bad one is a parse error. */
  if (function->impl == fn_matches
      && call->children[1]->kind == CS_EXPR_NODE_LITERAL
      && value_type (call->children[1]->value) == VALUE_STRING)
    {
      g_autoptr(GError) local_error = NULL;

      call->regex = g_regex_new (string_of (call->children[1]->value), 0, 0, &local_error);
      if (call->regex == NULL)
        {
          cs_expr_set_error (error, error_offset, source, call->children[1]->start, CS_EXPR_ERROR_ARGUMENTS,
                             _("matches() got an invalid regular expression: %s"), local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}
