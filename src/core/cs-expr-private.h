/* cs-expr-private.h: the syntax tree and evaluator shared by the cs-expr*.c files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-expr.h"

G_BEGIN_DECLS

/* Everything the parser and the evaluator do is bounded by these, so that no
 * input (expressions come from imported process definitions too) can exhaust
 * the stack or the memory. */
#define CS_EXPR_MAX_DEPTH       128                /* nesting of the syntax tree */
#define CS_EXPR_MAX_LENGTH      (64 * 1024)        /* bytes of one expression */
#define CS_TEMPLATE_MAX_LENGTH  (1024 * 1024)      /* bytes of one template */
#define CS_EXPR_MAX_DATA_DEPTH  256                /* nesting of JSON values compared or printed */
#define CS_EXPR_MAX_STRING      (16 * 1024 * 1024) /* bytes of a computed string */

typedef enum
{
  CS_EXPR_NODE_LITERAL,      /* value */
  CS_EXPR_NODE_ARRAY,        /* children: the elements */
  CS_EXPR_NODE_ROOT,         /* $, the whole instance data */
  CS_EXPR_NODE_NAME,         /* name: a top-level field */
  CS_EXPR_NODE_MEMBER,       /* children[0].name */
  CS_EXPR_NODE_INDEX,        /* children[0][children[1]] */
  CS_EXPR_NODE_UNARY,        /* op children[0] */
  CS_EXPR_NODE_BINARY,       /* children[0] op children[1] */
  CS_EXPR_NODE_AND,
  CS_EXPR_NODE_OR,
  CS_EXPR_NODE_CONDITIONAL,  /* children[0] ? children[1] : children[2] */
  CS_EXPR_NODE_CALL,         /* function (children...) */
} CsExprNodeKind;

typedef enum
{
  CS_EXPR_OP_NONE,
  CS_EXPR_OP_NEGATE,
  CS_EXPR_OP_NOT,
  CS_EXPR_OP_ADD,
  CS_EXPR_OP_SUBTRACT,
  CS_EXPR_OP_MULTIPLY,
  CS_EXPR_OP_DIVIDE,
  CS_EXPR_OP_MODULO,
  CS_EXPR_OP_EQUAL,
  CS_EXPR_OP_NOT_EQUAL,
  CS_EXPR_OP_LESS,
  CS_EXPR_OP_LESS_EQUAL,
  CS_EXPR_OP_GREATER,
  CS_EXPR_OP_GREATER_EQUAL,
  CS_EXPR_OP_IN,
  CS_EXPR_OP_NOT_IN,
} CsExprOp;

typedef struct _CsExprFunction CsExprFunction;
typedef struct _CsExprNode CsExprNode;

struct _CsExprNode
{
  CsExprNodeKind        kind;
  CsExprOp              op;
  guint                 height;    /* 1 for a leaf */
  gsize                 offset;    /* byte offset of the token errors point at */
  gsize                 start;     /* byte offset of the node's first token */
  JsonNode             *value;     /* LITERAL */
  char                 *name;      /* NAME, MEMBER, CALL */
  const CsExprFunction *function;  /* CALL */
  GRegex               *regex;     /* CALL of matches() with a literal pattern */
  CsExprNode          **children;
  guint                 n_children;
};

void                  cs_expr_node_free        (CsExprNode  *node);

/* Checks the length and the UTF-8 validity of a whole text before lexing. */
gboolean              cs_expr_check_text       (const char  *text,
                                                gboolean     is_template,
                                                gsize       *error_offset,
                                                GError     **error);

/* Parses the expression that starts at byte @start of @source (already
 * checked with cs_expr_check_text()). In a template the expression ends at
 * "}}" and *@end is set to the offset just after it; otherwise it ends at the
 * end of @source. Offsets in nodes and errors are relative to @source. */
CsExprNode           *cs_expr_parse_node       (const char  *source,
                                                gsize        start,
                                                gboolean     in_template,
                                                gsize       *end,
                                                gsize       *error_offset,
                                                GError     **error);

/* TRUE if @text would be read back as a single field name: a NAME token, or
 * with @allow_keywords also a keyword such as "in" (allowed after a '.'). */
gboolean              cs_expr_is_name          (const char  *text,
                                                gboolean     allow_keywords);

/* "column 5", or "line 2, column 5" when @source has several lines. */
char                 *cs_expr_describe_position (const char *source,
                                                 gsize       offset);

/* Sets an error whose message starts with the position of @offset in @source,
 * and stores @offset in @error_offset when it is not NULL. */
void                  cs_expr_set_error        (GError     **error,
                                                gsize       *error_offset,
                                                const char  *source,
                                                gsize        offset,
                                                CsExprError  code,
                                                const char  *format,
                                                ...) G_GNUC_PRINTF (6, 7);

/* Implemented with the functions themselves, in cs-expr-functions.c. */
const CsExprFunction *cs_expr_lookup_function  (const char  *name);
gboolean              cs_expr_check_call       (const char  *source,
                                                CsExprNode  *call,
                                                gsize       *error_offset,
                                                GError     **error);

/* Evaluation: cs-expr.c evaluates the syntax tree, cs-expr-functions.c has the
 * built-in functions it calls, cs-expr-template.c renders templates with it. */

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

/* Implemented in cs-expr.c. */
JsonNode             *cs_expr_eval_node        (const Eval        *eval,
                                                const CsExprNode  *node,
                                                GError           **error);
/* Sets an evaluation error at byte @offset of the expression's source. */
void                  cs_expr_eval_error       (const Eval   *eval,
                                                gsize         offset,
                                                GError      **error,
                                                CsExprError   code,
                                                const char   *format,
                                                ...) G_GNUC_PRINTF (5, 6);
/* "a string", "a number", ... for messages. */
const char           *cs_expr_type_name        (ValueType    type);
JsonNode             *cs_expr_copy_value       (JsonNode    *value);
void                  cs_expr_append_double    (GString     *out,
                                                double       value);
gboolean              cs_expr_append_text      (GString     *out,
                                                JsonNode    *value);
char                 *cs_expr_quote_excerpt    (const char  *text);
gboolean              cs_expr_compare_numbers  (JsonNode    *a,
                                                JsonNode    *b,
                                                int         *order);
int                   cs_expr_contains_value   (const Eval   *eval,
                                                gsize         offset,
                                                const char   *what,
                                                CsExprError   code,
                                                JsonNode     *haystack,
                                                JsonNode     *needle,
                                                GError      **error);
/* Adds the paths @node reads to @paths, as cs_expr_collect_paths() does. */
void                  cs_expr_node_collect_paths (const CsExprNode *node,
                                                  GPtrArray        *paths);

/* Values: small enough to inline wherever they are used. */

static inline ValueType
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

static inline gboolean
is_number (ValueType type)
{
  return type == VALUE_INT || type == VALUE_DOUBLE;
}

static inline const char *
string_of (JsonNode *value)
{
  const char *text = json_node_get_string (value);

  return text != NULL ? text : "";
}

static inline double
double_of (JsonNode *value)
{
  if (value_type (value) == VALUE_INT)
    return (double) json_node_get_int (value);
  return json_node_get_double (value);
}

static inline JsonNode *
new_null (void)
{
  return json_node_init_null (json_node_alloc ());
}

static inline JsonNode *
new_boolean (gboolean value)
{
  return json_node_init_boolean (json_node_alloc (), value);
}

static inline JsonNode *
new_int (gint64 value)
{
  return json_node_init_int (json_node_alloc (), value);
}

static inline JsonNode *
new_double (double value)
{
  return json_node_init_double (json_node_alloc (), value);
}

static inline JsonNode *
new_string_take (char *text)
{
  JsonNode *node = json_node_init_string (json_node_alloc (), text);

  g_free (text);
  return node;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsExprNode, cs_expr_node_free)

G_END_DECLS
