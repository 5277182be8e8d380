/* cs-expr-private.h: the syntax tree shared by the expression parser and evaluator
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

/* Implemented with the functions themselves, in cs-expr.c. */
const CsExprFunction *cs_expr_lookup_function  (const char  *name);
gboolean              cs_expr_check_call       (const char  *source,
                                                CsExprNode  *call,
                                                gsize       *error_offset,
                                                GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsExprNode, cs_expr_node_free)

G_END_DECLS
