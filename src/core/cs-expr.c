/* cs-expr.c: evaluation of workflow expressions, their functions, and templates
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
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
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

typedef struct
{
  const char *source;
  JsonNode   *data;
} Eval;

typedef enum
{
  VALUE_NULL,
  VALUE_BOOLEAN,
  VALUE_INT,
  VALUE_DOUBLE,
  VALUE_STRING,
  VALUE_ARRAY,
  VALUE_OBJECT,
} ValueType;

typedef JsonNode *(*FunctionImpl) (const Eval        *eval,
                                   const CsExprNode  *call,
                                   JsonNode         **args,
                                   GError           **error);

struct _CsExprFunction
{
  const char   *name;
  guint         min_args;
  guint         max_args;
  gboolean      lazy;       /* evaluates its own arguments; args is NULL */
  FunctionImpl  impl;
};

G_DEFINE_QUARK (cs-expr-error-quark, cs_expr_error)
G_DEFINE_BOXED_TYPE (CsExpr, cs_expr, cs_expr_ref, cs_expr_unref)
G_DEFINE_BOXED_TYPE (CsTemplate, cs_template, cs_template_ref, cs_template_unref)

static JsonNode *eval_node (const Eval        *eval,
                            const CsExprNode  *node,
                            GError           **error);

/* Values */

static ValueType
value_type (JsonNode *value)
{
  GType type;

  if (value == NULL)
    return VALUE_NULL;
  switch (json_node_get_node_type (value))
    {
    case JSON_NODE_OBJECT:
      return json_node_get_object (value) != NULL ? VALUE_OBJECT : VALUE_NULL;
    case JSON_NODE_ARRAY:
      return json_node_get_array (value) != NULL ? VALUE_ARRAY : VALUE_NULL;
    case JSON_NODE_NULL:
      return VALUE_NULL;
    case JSON_NODE_VALUE:
      type = json_node_get_value_type (value);
      if (type == G_TYPE_INT64)
        return VALUE_INT;
      if (type == G_TYPE_DOUBLE)
        return VALUE_DOUBLE;
      if (type == G_TYPE_BOOLEAN)
        return VALUE_BOOLEAN;
      if (type == G_TYPE_STRING)
        return VALUE_STRING;
      return VALUE_NULL;
    default:
      return VALUE_NULL;
    }
}

static gboolean
is_number (ValueType type)
{
  return type == VALUE_INT || type == VALUE_DOUBLE;
}

static const char *
type_name (ValueType type)
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

static const char *
string_of (JsonNode *value)
{
  const char *text = json_node_get_string (value);

  return text != NULL ? text : "";
}

static double
double_of (JsonNode *value)
{
  if (value_type (value) == VALUE_INT)
    return (double) json_node_get_int (value);
  return json_node_get_double (value);
}

static JsonNode *
new_null (void)
{
  return json_node_init_null (json_node_alloc ());
}

static JsonNode *
new_boolean (gboolean value)
{
  return json_node_init_boolean (json_node_alloc (), value);
}

static JsonNode *
new_int (gint64 value)
{
  return json_node_init_int (json_node_alloc (), value);
}

static JsonNode *
new_double (double value)
{
  return json_node_init_double (json_node_alloc (), value);
}

static JsonNode *
new_string_take (char *text)
{
  JsonNode *node = json_node_init_string (json_node_alloc (), text);

  g_free (text);
  return node;
}

/* Scalars are copied rather than shared, so a caller that modifies a result
 * cannot change the literals of a (shared, immutable) expression. */
static JsonNode *
copy_value (JsonNode *value)
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
static void
append_double (GString *out,
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
        append_double (out, json_node_get_double (value));
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
static gboolean
append_text (GString  *out,
             JsonNode *value)
{
  switch (value_type (value))
    {
    case VALUE_NULL:
      return TRUE;
    case VALUE_DOUBLE:
      append_double (out, json_node_get_double (value));
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
static char *
quote_excerpt (const char *text)
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
static gboolean
compare_numbers (JsonNode *a,
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
    return compare_numbers (a, b, &order) && order == 0;
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

static void eval_error (const Eval   *eval,
                        gsize         offset,
                        GError      **error,
                        CsExprError   code,
                        const char   *format,
                        ...) G_GNUC_PRINTF (5, 6);

static void
eval_error (const Eval   *eval,
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
static int
contains_value (const Eval   *eval,
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
                eval_error (eval, offset, error, CS_EXPR_ERROR_LIMIT,
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
          eval_error (eval, offset, error, code,
                      _("%s looks for a string in a string, not for %s"), what, type_name (needle_type));
          return -1;
        }
      return strstr (string_of (haystack), string_of (needle)) != NULL;
    case VALUE_OBJECT:
      if (needle_type == VALUE_NULL)
        return 0;
      if (needle_type != VALUE_STRING)
        {
          eval_error (eval, offset, error, code,
                      _("%s looks for a string key in an object, not for %s"), what, type_name (needle_type));
          return -1;
        }
      return json_object_has_member (json_node_get_object (haystack), string_of (needle));
    case VALUE_BOOLEAN:
    case VALUE_INT:
    case VALUE_DOUBLE:
    default:
      eval_error (eval, offset, error, code,
                  _("%s looks in an array, a string or an object, not in %s"),
                  what, type_name (value_type (haystack)));
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

  if ((container = eval_node (eval, node->children[0], error)) == NULL
      || (key = eval_node (eval, node->children[1], error)) == NULL)
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
      eval_error (eval, node->children[1]->start, error, CS_EXPR_ERROR_TYPE,
                  _("an index must be a number or a string, not %s"), type_name (value_type (key)));
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
          eval_error (eval, node->offset, error, CS_EXPR_ERROR_LIMIT,
                      _("the result of '+' would be longer than %u bytes"), CS_EXPR_MAX_STRING);
          return NULL;
        }
      return new_string_take (g_strconcat (string_of (a), string_of (b), NULL));
    }

  if (!is_number (ta) || !is_number (tb))
    {
      eval_error (eval, node->offset, error, CS_EXPR_ERROR_TYPE,
                  _("cannot apply '%s' to %s and %s"), op_symbol (node->op), type_name (ta), type_name (tb));
      return NULL;
    }

  if ((node->op == CS_EXPR_OP_DIVIDE || node->op == CS_EXPR_OP_MODULO) && double_of (b) == 0.0)
    {
      eval_error (eval, node->offset, error, CS_EXPR_ERROR_TYPE,
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
      eval_error (eval, node->offset, error, CS_EXPR_ERROR_LIMIT,
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

  if ((a = eval_node (eval, node->children[0], error)) == NULL
      || (b = eval_node (eval, node->children[1], error)) == NULL)
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
          eval_error (eval, node->offset, error, CS_EXPR_ERROR_LIMIT,
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
          if (!compare_numbers (a, b, &order))
            return new_boolean (FALSE);
        }
      else if (ta == VALUE_STRING && tb == VALUE_STRING)
        order = strcmp (string_of (a), string_of (b));
      else
        {
          eval_error (eval, node->offset, error, CS_EXPR_ERROR_TYPE,
                      _("cannot compare %s with %s using '%s'"),
                      type_name (ta), type_name (tb), op_symbol (node->op));
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

        if ((result = contains_value (eval, node->offset, what, CS_EXPR_ERROR_TYPE, b, a, error)) < 0)
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
  g_autoptr(JsonNode) operand = eval_node (eval, node->children[0], error);
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

  eval_error (eval, node->offset, error, CS_EXPR_ERROR_TYPE,
              _("cannot apply '-' to %s"), type_name (type));
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
         && (args[n_evaluated] = eval_node (eval, call->children[n_evaluated], error)) != NULL)
    n_evaluated++;
  if (n_evaluated == call->n_children)
    result = function->impl (eval, call, args, error);

  for (guint i = 0; i < n_evaluated; i++)
    json_node_unref (args[i]);
  g_free (args);
  return result;
}

static JsonNode *
eval_node (const Eval        *eval,
           const CsExprNode  *node,
           GError           **error)
{
  switch (node->kind)
    {
    case CS_EXPR_NODE_LITERAL:
      return copy_value (node->value);

    case CS_EXPR_NODE_ARRAY:
      {
        g_autoptr(JsonArray) array = json_array_sized_new (node->n_children);

        for (guint i = 0; i < node->n_children; i++)
          {
            JsonNode *element = eval_node (eval, node->children[i], error);

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
        g_autoptr(JsonNode) container = eval_node (eval, node->children[0], error);

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
        g_autoptr(JsonNode) left = eval_node (eval, node->children[0], error);
        g_autoptr(JsonNode) right = NULL;

        if (left == NULL)
          return NULL;
        if (truthy (left) == (node->kind == CS_EXPR_NODE_OR))
          return new_boolean (truthy (left));
        if ((right = eval_node (eval, node->children[1], error)) == NULL)
          return NULL;
        return new_boolean (truthy (right));
      }

    case CS_EXPR_NODE_CONDITIONAL:
      {
        g_autoptr(JsonNode) condition = eval_node (eval, node->children[0], error);

        if (condition == NULL)
          return NULL;
        return eval_node (eval, node->children[truthy (condition) ? 1 : 2], error);
      }

    case CS_EXPR_NODE_CALL:
      return eval_call (eval, node, error);

    default:
      g_assert_not_reached ();
    }
}

/* Functions */

static JsonNode *
argument_error (const Eval        *eval,
                const CsExprNode  *call,
                guint              i,
                const char        *expected,
                JsonNode          *value,
                GError           **error)
{
  eval_error (eval, call->children[i]->start, error, CS_EXPR_ERROR_ARGUMENTS,
              _("%s() expects %s as argument %u, not %s"),
              call->name, expected, i + 1, type_name (value_type (value)));
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
      eval_error (eval, call->children[i]->start, error, CS_EXPR_ERROR_ARGUMENTS,
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
  int result = contains_value (eval, call->offset, "contains()", CS_EXPR_ERROR_ARGUMENTS, args[0], args[1], error);

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
      eval_error (eval, call->children[1]->start, error, CS_EXPR_ERROR_ARGUMENTS,
                  _("matches() got an invalid regular expression: %s"), local_error->message);
      return NULL;
    }
  if (text == NULL)
    return new_boolean (FALSE);

  matched = g_regex_match_full (regex, text, -1, 0, 0, NULL, &local_error);
  if (local_error != NULL)
    {
      eval_error (eval, call->offset, error, CS_EXPR_ERROR_ARGUMENTS,
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
          g_autofree char *quoted = quote_excerpt (string_of (args[0]));

          eval_error (eval, call->children[0]->start, error, CS_EXPR_ERROR_ARGUMENTS,
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
    return copy_value (number);

  d = json_node_get_double (number);
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
    {
      eval_error (eval, call->children[0]->start, error, CS_EXPR_ERROR_LIMIT,
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

  if (!append_text (text, args[0]) || text->len > CS_EXPR_MAX_STRING)
    {
      if (text->len > CS_EXPR_MAX_STRING)
        eval_error (eval, call->offset, error, CS_EXPR_ERROR_LIMIT,
                    _("str() would return more than %u bytes"), CS_EXPR_MAX_STRING);
      else
        eval_error (eval, call->offset, error, CS_EXPR_ERROR_LIMIT,
                    _("str() cannot write out a value nested more than %u levels deep"), CS_EXPR_MAX_DATA_DEPTH);
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
          eval_error (eval, call->offset, error, CS_EXPR_ERROR_ARGUMENTS,
                      _("%s() compares numbers or strings, not %s"), call->name, type_name (type));
          return NULL;
        }
      if (best == NULL)
        {
          best = values[i];
          continue;
        }
      if (is_number (type) != is_number (value_type (best)))
        {
          eval_error (eval, call->offset, error, CS_EXPR_ERROR_ARGUMENTS,
                      _("%s() cannot compare a string with a number"), call->name);
          return NULL;
        }
      if (is_number (type))
        {
          if (!compare_numbers (values[i], best, &order))
            continue;
        }
      else
        order = strcmp (string_of (values[i]), string_of (best));
      if (order * sign < 0)
        best = values[i];
    }
  return best != NULL ? copy_value (best) : new_null ();
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

  append_double (text, value);
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
          eval_error (eval, call->children[1]->start, error, CS_EXPR_ERROR_ARGUMENTS,
                      _("round() rounds to between 0 and %u digits"), (guint) G_N_ELEMENTS (powers) - 1);
          return NULL;
        }
    }
  if (value_type (args[0]) == VALUE_INT)
    return copy_value (args[0]);

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
      JsonNode *value = eval_node (eval, call->children[i], error);

      if (value == NULL || value_type (value) != VALUE_NULL)
        return value;
      json_node_unref (value);
    }
  return new_null ();
}

static JsonNode *
fn_exists (const Eval *eval, const CsExprNode *call, JsonNode **args, GError **error)
{
  g_autoptr(JsonNode) value = eval_node (eval, call->children[0], error);

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
      g_autofree char *quoted = quote_excerpt (string_of (args[i]));

      eval_error (eval, call->children[i]->start, error, CS_EXPR_ERROR_ARGUMENTS,
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

static void
collect_paths (const CsExprNode *node,
               GPtrArray        *paths)
{
  g_autoptr(GString) path = g_string_new (NULL);

  if (!append_path (path, node))
    {
      for (guint i = 0; i < node->n_children; i++)
        collect_paths (node->children[i], paths);
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
  return eval_node (&eval, expr->root, error);
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

  collect_paths (expr->root, paths);
}

/* Templates */

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

      if ((value = eval_node (&eval, segment->expr, error)) == NULL)
        return NULL;
      piece = g_string_new (NULL);
      complete = append_text (piece, value);
      if (complete && escape != NULL)
        {
          g_autofree char *escaped = escape (piece->str);

          g_string_assign (piece, escaped != NULL ? escaped : "");
        }

      if (out->len + piece->len > CS_EXPR_MAX_STRING)
        {
          eval_error (&eval, segment->expr->start, error, CS_EXPR_ERROR_LIMIT,
                      _("the rendered text would be longer than %u bytes"), CS_EXPR_MAX_STRING);
          return NULL;
        }
      if (!complete)
        {
          eval_error (&eval, segment->expr->start, error, CS_EXPR_ERROR_LIMIT,
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
        collect_paths (segment->expr, paths);
    }
}
