/* cs-expr.c: evaluation of workflow expressions
 *
 * Values are JsonNodes throughout, so a result can go straight back into the
 * instance data. A path that leads nowhere is null, never an error: instance
 * data grows as a case advances, and conditions are written before it exists.
 * null then propagates through arithmetic and most functions, and ordering
 * comparisons with null are false.
 *
 * Integer arithmetic that would overflow int64 is carried out in double
 * precision instead (the result is a decimal); a decimal result that is not
 * finite is a CS_EXPR_ERROR_LIMIT error, so NaN and infinity never come out of
 * the language itself. Whatever the instance data holds (NaN, deep nesting,
 * invalid UTF-8 from a careless producer) is handled without crashing.
 *
 * The built-in functions are in cs-expr-functions.c, templates in
 * cs-expr-template.c and the parser in cs-expr-parser.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-expr-private.h"

struct _CsExpr
{
  gatomicrefcount  ref_count;
  char            *source;
  CsExprNode      *root;
};

G_DEFINE_QUARK (cs-expr-error-quark, cs_expr_error)
G_DEFINE_BOXED_TYPE (CsExpr, cs_expr, cs_expr_ref, cs_expr_unref)

/* Values */

const char *
cs_expr_type_name (ValueType type)
{
  switch (type)
    {
    case VALUE_NULL: return _("null");
    case VALUE_BOOLEAN: return _("a boolean");
    case VALUE_INT:
    case VALUE_DOUBLE: return _("a number");
    case VALUE_STRING: return _("a string");
    case VALUE_ARRAY: return _("an array");
    case VALUE_OBJECT: return _("an object");
    default: g_assert_not_reached ();
    }
}

/* Scalars are copied rather than shared, so a caller that modifies a result
 * cannot change the literals of a (shared, immutable) expression. */
JsonNode *
cs_expr_copy_value (JsonNode *value)
{
  switch (value_type (value))
    {
    case VALUE_NULL: return new_null ();
    case VALUE_BOOLEAN: return new_boolean (json_node_get_boolean (value));
    case VALUE_INT: return new_int (json_node_get_int (value));
    case VALUE_DOUBLE: return new_double (json_node_get_double (value));
    case VALUE_STRING: return json_node_init_string (json_node_alloc (), string_of (value));
    case VALUE_ARRAY:
    case VALUE_OBJECT: return json_node_ref (value);
    default: g_assert_not_reached ();
    }
}

static gboolean
truthy (JsonNode *value)
{
  switch (value_type (value))
    {
    case VALUE_NULL: return FALSE;
    case VALUE_BOOLEAN: return json_node_get_boolean (value);
    case VALUE_INT: return json_node_get_int (value) != 0;
    case VALUE_DOUBLE: return json_node_get_double (value) != 0.0 && !isnan (json_node_get_double (value));
    case VALUE_STRING: return *string_of (value) != '\0';
    case VALUE_ARRAY: return json_array_get_length (json_node_get_array (value)) > 0;
    case VALUE_OBJECT: return json_object_get_size (json_node_get_object (value)) > 0;
    default: g_assert_not_reached ();
    }
}

/* Shortest text that reads back as the same double; integral values without
 * an exponent (1000000, not 1e+06) since they end up in URLs and bodies. */
void
cs_expr_append_double (GString *out,
                       double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    g_string_append (out, "NaN");
  else if (isinf (value))
    g_string_append (out, value > 0 ? "Infinity" : "-Infinity");
  else if (value == 0.0)
    g_string_append_c (out, '0');
  else if (value == floor (value) && fabs (value) < 1e17)
    g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.0f", value));
  else
    {
      for (int precision = 1; precision <= 17; precision++)
        {
          char format[8];

          g_snprintf (format, sizeof format, "%%.%dg", precision);
          g_ascii_formatd (buffer, sizeof buffer, format, value);
          if (g_ascii_strtod (buffer, NULL) == value)
            break;
        }
      g_string_append (out, buffer);
    }
}

/* JSON string syntax that is also valid in an expression (no \b or \f). */
static void
append_quoted (GString    *out,
               const char *text)
{
  g_autofree char *valid = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '\r')
        g_string_append (out, "\\r");
      else if (*p == '\t')
        g_string_append (out, "\\t");
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Compact JSON; FALSE if @value is nested more deeply than we print, or
 * @out grows past CS_EXPR_MAX_STRING (an array holding the same long string
 * many times would otherwise take any amount of memory). */
static gboolean
append_json (GString  *out,
             JsonNode *value,
             guint     depth)
{
  if (depth > CS_EXPR_MAX_DATA_DEPTH || out->len > CS_EXPR_MAX_STRING)
    return FALSE;

  switch (value_type (value))
    {
    case VALUE_NULL:
      g_string_append (out, "null");
      break;
    case VALUE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (value) ? "true" : "false");
      break;
    case VALUE_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (value));
      break;
    case VALUE_DOUBLE:
      if (isfinite (json_node_get_double (value)))
        cs_expr_append_double (out, json_node_get_double (value));
      else
        g_string_append (out, "null");
      break;
    case VALUE_STRING:
      append_quoted (out, string_of (value));
      break;
    case VALUE_ARRAY:
      {
        JsonArray *array = json_node_get_array (value);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            if (!append_json (out, json_array_get_element (array, i), depth + 1))
              return FALSE;
          }
        g_string_append_c (out, ']');
      }
      break;
    case VALUE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (value));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            append_quoted (out, name);
            g_string_append_c (out, ':');
            if (!append_json (out, member, depth + 1))
              return FALSE;
          }
        g_string_append_c (out, '}');
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/* The text of a value as str() and templates show it. */
gboolean
cs_expr_append_text (GString  *out,
                     JsonNode *value)
{
  switch (value_type (value))
    {
    case VALUE_NULL:
      return TRUE;
    case VALUE_DOUBLE:
      cs_expr_append_double (out, json_node_get_double (value));
      return TRUE;
    case VALUE_STRING:
      g_string_append (out, string_of (value));
      return TRUE;
    case VALUE_BOOLEAN:
    case VALUE_INT:
    case VALUE_ARRAY:
    case VALUE_OBJECT:
      return append_json (out, value, 0);
    default:
      g_assert_not_reached ();
    }
}

/* A short, quoted, valid-UTF-8 excerpt of data text for messages. */
char *
cs_expr_quote_excerpt (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (text, MIN (strlen (text), 40));

  append_quoted (out, valid);
  if (strlen (text) > 40)
    g_string_insert (out, out->len - 1, "…");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Comparisons */

static gboolean
compare_int_double (gint64  i,
                    double  d,
                    int    *order)
{
  double whole;

  if (isnan (d))
    return FALSE;
  if (d >= 9223372036854775808.0)
    *order = -1;
  else if (d < -9223372036854775808.0)
    *order = 1;
  else
    {
      /* Exact, unlike converting i to double. */
      whole = trunc (d);
      if (i != (gint64) whole)
        *order = i < (gint64) whole ? -1 : 1;
      else
        *order = d > whole ? -1 : d < whole ? 1 : 0;
    }
  return TRUE;
}

/* FALSE when unordered (NaN). */
gboolean
cs_expr_compare_numbers (JsonNode *a,
                         JsonNode *b,
                         int      *order)
{
  gboolean a_int = value_type (a) == VALUE_INT;
  gboolean b_int = value_type (b) == VALUE_INT;

  if (a_int && b_int)
    {
      gint64 x = json_node_get_int (a), y = json_node_get_int (b);

      *order = (x > y) - (x < y);
      return TRUE;
    }
  if (a_int)
    return compare_int_double (json_node_get_int (a), json_node_get_double (b), order);
  if (b_int)
    {
      if (!compare_int_double (json_node_get_int (b), json_node_get_double (a), order))
        return FALSE;
      *order = -*order;
      return TRUE;
    }
  if (isnan (json_node_get_double (a)) || isnan (json_node_get_double (b)))
    return FALSE;
  *order = (json_node_get_double (a) > json_node_get_double (b))
           - (json_node_get_double (a) < json_node_get_double (b));
  return TRUE;
}

/* 1 if equal, 0 if not, -1 if nested more deeply than we compare. */
static int
values_equal (JsonNode *a,
              JsonNode *b,
              guint     depth)
{
  ValueType type = value_type (a);
  int order, result;

  if (depth > CS_EXPR_MAX_DATA_DEPTH)
    return -1;
  if (is_number (type) && is_number (value_type (b)))
    return cs_expr_compare_numbers (a, b, &order) && order == 0;
  if (type != value_type (b))
    return 0;

  switch (type)
    {
    case VALUE_NULL:
      return 1;
    case VALUE_BOOLEAN:
      return !json_node_get_boolean (a) == !json_node_get_boolean (b);
    case VALUE_STRING:
      return strcmp (string_of (a), string_of (b)) == 0;
    case VALUE_ARRAY:
      {
        JsonArray *x = json_node_get_array (a), *y = json_node_get_array (b);

        if (json_array_get_length (x) != json_array_get_length (y))
          return 0;
        for (guint i = 0; i < json_array_get_length (x); i++)
          if ((result = values_equal (json_array_get_element (x, i), json_array_get_element (y, i), depth + 1)) != 1)
            return result;
        return 1;
      }
    case VALUE_OBJECT:
      {
        JsonObject *x = json_node_get_object (a), *y = json_node_get_object (b);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        if (json_object_get_size (x) != json_object_get_size (y))
          return 0;
        json_object_iter_init (&iter, x);
        while (json_object_iter_next (&iter, &name, &member))
          {
            if (!json_object_has_member (y, name))
              return 0;
            if ((result = values_equal (member, json_object_get_member (y, name), depth + 1)) != 1)
              return result;
          }
        return 1;
      }
    case VALUE_INT:
    case VALUE_DOUBLE:
    default:
      g_assert_not_reached ();
    }
}

/* Evaluation */

void
cs_expr_eval_error (const Eval   *eval,
                    gsize         offset,
                    GError      **error,
                    CsExprError   code,
                    const char   *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  cs_expr_set_error (error, NULL, eval->source, offset, code, "%s", message);
}

static const char *
op_symbol (CsExprOp op)
{
  switch (op)
    {
    case CS_EXPR_OP_NEGATE:
    case CS_EXPR_OP_SUBTRACT: return "-";
    case CS_EXPR_OP_NOT: return "!";
    case CS_EXPR_OP_ADD: return "+";
    case CS_EXPR_OP_MULTIPLY: return "*";
    case CS_EXPR_OP_DIVIDE: return "/";
    case CS_EXPR_OP_MODULO: return "%";
    case CS_EXPR_OP_EQUAL: return "==";
    case CS_EXPR_OP_NOT_EQUAL: return "!=";
    case CS_EXPR_OP_LESS: return "<";
    case CS_EXPR_OP_LESS_EQUAL: return "<=";
    case CS_EXPR_OP_GREATER: return ">";
    case CS_EXPR_OP_GREATER_EQUAL: return ">=";
    case CS_EXPR_OP_IN: return "in";
    case CS_EXPR_OP_NOT_IN: return "not in";
    case CS_EXPR_OP_NONE:
    default: g_assert_not_reached ();
    }
}

/* 1 or 0; -1 after setting @error. Shared by 'in' and contains(). */
int
cs_expr_contains_value (const Eval   *eval,
                        gsize         offset,
                        const char   *what,
                        CsExprError   code,
                        JsonNode     *haystack,
                        JsonNode     *needle,
                        GError      **error)
{
  ValueType needle_type = value_type (needle);

  switch (value_type (haystack))
    {
    case VALUE_NULL:
      return 0;
    case VALUE_ARRAY:
      {
        JsonArray *array = json_node_get_array (haystack);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            int equal = values_equal (json_array_get_element (array, i), needle, 1);

            if (equal < 0)
              {
                cs_expr_eval_error (eval, offset, error, CS_EXPR_ERROR_LIMIT,
                                    _("%s cannot compare values nested more than %u levels deep"),
                                    what, CS_EXPR_MAX_DATA_DEPTH);
                return -1;
              }
            if (equal)
              return 1;
          }
        return 0;
      }
    case VALUE_STRING:
      if (needle_type == VALUE_NULL)
        return 0;
      if (needle_type != VALUE_STRING)
        {
          cs_expr_eval_error (eval, offset, error, code,
                              _("%s looks for a string in a string, not for %s"),
                              what, cs_expr_type_name (needle_type));
          return -1;
        }
      return strstr (string_of (haystack), string_of (needle)) != NULL;
    case VALUE_OBJECT:
      if (needle_type == VALUE_NULL)
        return 0;
      if (needle_type != VALUE_STRING)
        {
          cs_expr_eval_error (eval, offset, error, code,
                              _("%s looks for a string key in an object, not for %s"),
                              what, cs_expr_type_name (needle_type));
          return -1;
        }
      return json_object_has_member (json_node_get_object (haystack), string_of (needle));
    case VALUE_BOOLEAN:
    case VALUE_INT:
    case VALUE_DOUBLE:
    default:
      cs_expr_eval_error (eval, offset, error, code,
                          _("%s looks in an array, a string or an object, not in %s"),
                          what, cs_expr_type_name (value_type (haystack)));
      return -1;
    }
}

static JsonNode *
lookup_member (JsonNode   *container,
               const char *name)
{
  JsonNode *member = NULL;

  if (value_type (container) == VALUE_OBJECT)
    member = json_object_get_member (json_node_get_object (container), name);
  return member != NULL ? json_node_ref (member) : new_null ();
}

static JsonNode *
eval_index (const Eval        *eval,
            const CsExprNode  *node,
            GError           **error)
{
  g_autoptr(JsonNode) container = NULL;
  g_autoptr(JsonNode) key = NULL;
  JsonArray *array;
  double position;

  if ((container = cs_expr_eval_node (eval, node->children[0], error)) == NULL
      || (key = cs_expr_eval_node (eval, node->children[1], error)) == NULL)
    return NULL;

  switch (value_type (key))
    {
    case VALUE_NULL:
      return new_null ();
    case VALUE_STRING:
      return lookup_member (container, string_of (key));
    case VALUE_INT:
    case VALUE_DOUBLE:
      if (value_type (container) != VALUE_ARRAY)
        return new_null ();
      array = json_node_get_array (container);
      position = double_of (key);
      if (position >= 0 && position < json_array_get_length (array) && position == floor (position))
        return json_node_ref (json_array_get_element (array, (guint) position));
      return new_null ();
    case VALUE_BOOLEAN:
    case VALUE_ARRAY:
    case VALUE_OBJECT:
    default:
      cs_expr_eval_error (eval, node->children[1]->start, error, CS_EXPR_ERROR_TYPE,
                          _("an index must be a number or a string, not %s"), cs_expr_type_name (value_type (key)));
      return NULL;
    }
}

static JsonNode *
eval_arithmetic (const Eval        *eval,
                 const CsExprNode  *node,
                 JsonNode          *a,
                 JsonNode          *b,
                 GError           **error)
{
  ValueType ta = value_type (a), tb = value_type (b);
  double x, y, result;

  if (ta == VALUE_NULL || tb == VALUE_NULL)
    return new_null ();

  if (node->op == CS_EXPR_OP_ADD && ta == VALUE_STRING && tb == VALUE_STRING)
    {
      if (strlen (string_of (a)) + strlen (string_of (b)) > CS_EXPR_MAX_STRING)
        {
          cs_expr_eval_error (eval, node->offset, error, CS_EXPR_ERROR_LIMIT,
                              _("the result of '+' would be longer than %u bytes"), CS_EXPR_MAX_STRING);
          return NULL;
        }
      return new_string_take (g_strconcat (string_of (a), string_of (b), NULL));
    }

  if (!is_number (ta) || !is_number (tb))
    {
      cs_expr_eval_error (eval, node->offset, error, CS_EXPR_ERROR_TYPE,
                          _("cannot apply '%s' to %s and %s"),
                          op_symbol (node->op), cs_expr_type_name (ta), cs_expr_type_name (tb));
      return NULL;
    }

  if ((node->op == CS_EXPR_OP_DIVIDE || node->op == CS_EXPR_OP_MODULO) && double_of (b) == 0.0)
    {
      cs_expr_eval_error (eval, node->offset, error, CS_EXPR_ERROR_TYPE,
                          _("division by zero in '%s'"), op_symbol (node->op));
      return NULL;
    }

  if (ta == VALUE_INT && tb == VALUE_INT)
    {
      gint64 i = json_node_get_int (a), j = json_node_get_int (b), r;

      /* On overflow fall through to double arithmetic below. */
      switch ((int) node->op)
        {
        case CS_EXPR_OP_ADD:
          if (!__builtin_add_overflow (i, j, &r))
            return new_int (r);
          break;
        case CS_EXPR_OP_SUBTRACT:
          if (!__builtin_sub_overflow (i, j, &r))
            return new_int (r);
          break;
        case CS_EXPR_OP_MULTIPLY:
          if (!__builtin_mul_overflow (i, j, &r))
            return new_int (r);
          break;
        case CS_EXPR_OP_DIVIDE:
          /* Exact quotients stay integers: 6 / 2 is 3, 7 / 2 is 3.5. */
          if (j != -1 && i % j == 0)
            return new_int (i / j);
          if (j == -1 && i != G_MININT64)
            return new_int (-i);
          break;
        case CS_EXPR_OP_MODULO:
          return new_int (j == -1 ? 0 : i % j);
        default:
          g_assert_not_reached ();
        }
    }

  x = double_of (a);
  y = double_of (b);
  switch ((int) node->op)
    {
    case CS_EXPR_OP_ADD: result = x + y; break;
    case CS_EXPR_OP_SUBTRACT: result = x - y; break;
    case CS_EXPR_OP_MULTIPLY: result = x * y; break;
    case CS_EXPR_OP_DIVIDE: result = x / y; break;
    case CS_EXPR_OP_MODULO: result = fmod (x, y); break;
    default: g_assert_not_reached ();
    }
  if (!isfinite (result))
    {
      cs_expr_eval_error (eval, node->offset, error, CS_EXPR_ERROR_LIMIT,
                          _("the result of '%s' is out of range"), op_symbol (node->op));
      return NULL;
    }
  return new_double (result);
}

static JsonNode *
eval_binary (const Eval        *eval,
             const CsExprNode  *node,
             GError           **error)
{
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  ValueType ta, tb;
  int order = 0;
  int result;

  if ((a = cs_expr_eval_node (eval, node->children[0], error)) == NULL
      || (b = cs_expr_eval_node (eval, node->children[1], error)) == NULL)
    return NULL;
  ta = value_type (a);
  tb = value_type (b);

  switch (node->op)
    {
    case CS_EXPR_OP_ADD:
    case CS_EXPR_OP_SUBTRACT:
    case CS_EXPR_OP_MULTIPLY:
    case CS_EXPR_OP_DIVIDE:
    case CS_EXPR_OP_MODULO:
      return eval_arithmetic (eval, node, a, b, error);

    case CS_EXPR_OP_EQUAL:
    case CS_EXPR_OP_NOT_EQUAL:
      if ((result = values_equal (a, b, 0)) < 0)
        {
          cs_expr_eval_error (eval, node->offset, error, CS_EXPR_ERROR_LIMIT,
                              _("'%s' cannot compare values nested more than %u levels deep"),
                              op_symbol (node->op), CS_EXPR_MAX_DATA_DEPTH);
          return NULL;
        }
      return new_boolean ((result == 1) == (node->op == CS_EXPR_OP_EQUAL));

    case CS_EXPR_OP_LESS:
    case CS_EXPR_OP_LESS_EQUAL:
    case CS_EXPR_OP_GREATER:
    case CS_EXPR_OP_GREATER_EQUAL:
      if (ta == VALUE_NULL || tb == VALUE_NULL)
        return new_boolean (FALSE);
      if (is_number (ta) && is_number (tb))
        {
          if (!cs_expr_compare_numbers (a, b, &order))
            return new_boolean (FALSE);
        }
      else if (ta == VALUE_STRING && tb == VALUE_STRING)
        order = strcmp (string_of (a), string_of (b));
      else
        {
          cs_expr_eval_error (eval, node->offset, error, CS_EXPR_ERROR_TYPE,
                              _("cannot compare %s with %s using '%s'"),
                              cs_expr_type_name (ta), cs_expr_type_name (tb), op_symbol (node->op));
          return NULL;
        }
      if (node->op == CS_EXPR_OP_LESS)
        return new_boolean (order < 0);
      if (node->op == CS_EXPR_OP_LESS_EQUAL)
        return new_boolean (order <= 0);
      if (node->op == CS_EXPR_OP_GREATER)
        return new_boolean (order > 0);
      return new_boolean (order >= 0);

    case CS_EXPR_OP_IN:
    case CS_EXPR_OP_NOT_IN:
      {
        g_autofree char *what = g_strdup_printf ("'%s'", op_symbol (node->op));

        if ((result = cs_expr_contains_value (eval, node->offset, what, CS_EXPR_ERROR_TYPE, b, a, error)) < 0)
          return NULL;
        return new_boolean (result == (node->op == CS_EXPR_OP_IN));
      }

    case CS_EXPR_OP_NONE:
    case CS_EXPR_OP_NEGATE:
    case CS_EXPR_OP_NOT:
    default:
      g_assert_not_reached ();
    }
}

static JsonNode *
eval_unary (const Eval        *eval,
            const CsExprNode  *node,
            GError           **error)
{
  g_autoptr(JsonNode) operand = cs_expr_eval_node (eval, node->children[0], error);
  ValueType type = value_type (operand);

  if (operand == NULL)
    return NULL;
  if (node->op == CS_EXPR_OP_NOT)
    return new_boolean (!truthy (operand));

  if (type == VALUE_NULL)
    return new_null ();
  if (type == VALUE_INT)
    {
      gint64 i = json_node_get_int (operand);

      return i == G_MININT64 ? new_double (-(double) i) : new_int (-i);
    }
  if (type == VALUE_DOUBLE)
    return new_double (-json_node_get_double (operand));

  cs_expr_eval_error (eval, node->offset, error, CS_EXPR_ERROR_TYPE,
                      _("cannot apply '-' to %s"), cs_expr_type_name (type));
  return NULL;
}

static JsonNode *
eval_call (const Eval        *eval,
           const CsExprNode  *call,
           GError           **error)
{
  const CsExprFunction *function = call->function;
  JsonNode **args;
  JsonNode *result = NULL;
  guint n_evaluated = 0;

  if (function->lazy)
    return function->impl (eval, call, NULL, error);

  args = g_new0 (JsonNode *, call->n_children + 1);
  while (n_evaluated < call->n_children
         && (args[n_evaluated] = cs_expr_eval_node (eval, call->children[n_evaluated], error)) != NULL)
    n_evaluated++;
  if (n_evaluated == call->n_children)
    result = function->impl (eval, call, args, error);

  for (guint i = 0; i < n_evaluated; i++)
    json_node_unref (args[i]);
  g_free (args);
  return result;
}

JsonNode *
cs_expr_eval_node (const Eval        *eval,
                   const CsExprNode  *node,
                   GError           **error)
{
  switch (node->kind)
    {
    case CS_EXPR_NODE_LITERAL:
      return cs_expr_copy_value (node->value);

    case CS_EXPR_NODE_ARRAY:
      {
        g_autoptr(JsonArray) array = json_array_sized_new (node->n_children);

        for (guint i = 0; i < node->n_children; i++)
          {
            JsonNode *element = cs_expr_eval_node (eval, node->children[i], error);

            if (element == NULL)
              return NULL;
            json_array_add_element (array, element);
          }
        return json_node_init_array (json_node_alloc (), array);
      }

    case CS_EXPR_NODE_ROOT:
      return eval->data != NULL ? json_node_ref (eval->data) : new_null ();

    case CS_EXPR_NODE_NAME:
      return lookup_member (eval->data, node->name);

    case CS_EXPR_NODE_MEMBER:
      {
        g_autoptr(JsonNode) container = cs_expr_eval_node (eval, node->children[0], error);

        return container != NULL ? lookup_member (container, node->name) : NULL;
      }

    case CS_EXPR_NODE_INDEX:
      return eval_index (eval, node, error);

    case CS_EXPR_NODE_UNARY:
      return eval_unary (eval, node, error);

    case CS_EXPR_NODE_BINARY:
      return eval_binary (eval, node, error);

    case CS_EXPR_NODE_AND:
    case CS_EXPR_NODE_OR:
      {
        g_autoptr(JsonNode) left = cs_expr_eval_node (eval, node->children[0], error);
        g_autoptr(JsonNode) right = NULL;

        if (left == NULL)
          return NULL;
        if (truthy (left) == (node->kind == CS_EXPR_NODE_OR))
          return new_boolean (truthy (left));
        if ((right = cs_expr_eval_node (eval, node->children[1], error)) == NULL)
          return NULL;
        return new_boolean (truthy (right));
      }

    case CS_EXPR_NODE_CONDITIONAL:
      {
        g_autoptr(JsonNode) condition = cs_expr_eval_node (eval, node->children[0], error);

        if (condition == NULL)
          return NULL;
        return cs_expr_eval_node (eval, node->children[truthy (condition) ? 1 : 2], error);
      }

    case CS_EXPR_NODE_CALL:
      return eval_call (eval, node, error);

    default:
      g_assert_not_reached ();
    }
}

/* Paths */

static void
append_key (GString    *path,
            const char *key)
{
  if (cs_expr_is_name (key, TRUE))
    g_string_append_printf (path, ".%s", key);
  else
    {
      g_string_append_c (path, '[');
      append_quoted (path, key);
      g_string_append_c (path, ']');
    }
}

/* The canonical text of @node if it is a path with constant keys. */
static gboolean
append_path (GString          *path,
             const CsExprNode *node)
{
  const CsExprNode *key;

  switch ((int) node->kind)
    {
    case CS_EXPR_NODE_NAME:
      g_string_append (path, node->name);
      return TRUE;
    case CS_EXPR_NODE_ROOT:
      g_string_append_c (path, '$');
      return TRUE;
    case CS_EXPR_NODE_MEMBER:
      if (!append_path (path, node->children[0]))
        return FALSE;
      append_key (path, node->name);
      return TRUE;
    case CS_EXPR_NODE_INDEX:
      key = node->children[1];
      if (key->kind != CS_EXPR_NODE_LITERAL
          || (value_type (key->value) != VALUE_INT && value_type (key->value) != VALUE_STRING)
          || !append_path (path, node->children[0]))
        return FALSE;
      if (value_type (key->value) == VALUE_INT)
        g_string_append_printf (path, "[%" G_GINT64_FORMAT "]", json_node_get_int (key->value));
      else
        append_key (path, string_of (key->value));
      return TRUE;
    default:
      return FALSE;
    }
}

void
cs_expr_node_collect_paths (const CsExprNode *node,
                            GPtrArray        *paths)
{
  g_autoptr(GString) path = g_string_new (NULL);

  if (!append_path (path, node))
    {
      for (guint i = 0; i < node->n_children; i++)
        cs_expr_node_collect_paths (node->children[i], paths);
      return;
    }

  /* $.name is just name; $["first name"] and $.in must keep the $. */
  if (g_str_has_prefix (path->str, "$."))
    {
      gsize length = strcspn (path->str + 2, ".[");
      g_autofree char *first = g_strndup (path->str + 2, length);

      if (cs_expr_is_name (first, FALSE))
        g_string_erase (path, 0, 2);
    }
  if (!g_ptr_array_find_with_equal_func (paths, path->str, g_str_equal, NULL))
    g_ptr_array_add (paths, g_string_free (g_steal_pointer (&path), FALSE));
}

/* Expressions */

CsExpr *
cs_expr_parse (const char  *text,
               gsize       *error_offset,
               GError     **error)
{
  CsExprNode *root;
  CsExpr *expr;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cs_expr_check_text (text, FALSE, error_offset, error))
    return NULL;
  if ((root = cs_expr_parse_node (text, 0, FALSE, NULL, error_offset, error)) == NULL)
    return NULL;

  expr = g_new0 (CsExpr, 1);
  g_atomic_ref_count_init (&expr->ref_count);
  expr->source = g_strdup (text);
  expr->root = root;
  return expr;
}

CsExpr *
cs_expr_ref (CsExpr *expr)
{
  g_return_val_if_fail (expr != NULL, NULL);

  g_atomic_ref_count_inc (&expr->ref_count);
  return expr;
}

void
cs_expr_unref (CsExpr *expr)
{
  g_return_if_fail (expr != NULL);

  if (g_atomic_ref_count_dec (&expr->ref_count))
    {
      cs_expr_node_free (expr->root);
      g_free (expr->source);
      g_free (expr);
    }
}

const char *
cs_expr_get_source (CsExpr *expr)
{
  g_return_val_if_fail (expr != NULL, NULL);

  return expr->source;
}

JsonNode *
cs_expr_evaluate (CsExpr    *expr,
                  JsonNode  *data,
                  GError   **error)
{
  Eval eval;

  g_return_val_if_fail (expr != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  eval.source = expr->source;
  eval.data = data;
  return cs_expr_eval_node (&eval, expr->root, error);
}

gboolean
cs_expr_evaluate_boolean (CsExpr    *expr,
                          JsonNode  *data,
                          gboolean  *result,
                          GError   **error)
{
  g_autoptr(JsonNode) value = NULL;

  g_return_val_if_fail (expr != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  *result = FALSE;
  if ((value = cs_expr_evaluate (expr, data, error)) == NULL)
    return FALSE;
  *result = truthy (value);
  return TRUE;
}

void
cs_expr_collect_paths (CsExpr    *expr,
                       GPtrArray *paths)
{
  g_return_if_fail (expr != NULL);
  g_return_if_fail (paths != NULL);

  cs_expr_node_collect_paths (expr->root, paths);
}
