/* cs-expr.h: the expression language of conditions and templates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CS_EXPR_ERROR (cs_expr_error_quark ())

typedef enum
{
  CS_EXPR_ERROR_SYNTAX,      /* the text does not parse; the error says where */
  CS_EXPR_ERROR_TYPE,        /* e.g. "abc" - 1 */
  CS_EXPR_ERROR_UNKNOWN_FUNCTION,
  CS_EXPR_ERROR_ARGUMENTS,   /* wrong number or type of arguments to a function */
  CS_EXPR_ERROR_LIMIT,       /* input too deeply nested or too long */
} CsExprError;

GQuark cs_expr_error_quark (void);

/* An immutable, reference-counted parsed expression. */
typedef struct _CsExpr CsExpr;

#define CS_TYPE_EXPR (cs_expr_get_type ())
GType        cs_expr_get_type          (void) G_GNUC_CONST;

/* Parses @text. On a syntax error returns NULL, sets @error (message names the
 * column, e.g. "Column 12: expected ')' after the arguments of len") and stores
 * the byte offset of the offending token in @error_offset when it is not NULL. */
CsExpr      *cs_expr_parse             (const char  *text,
                                        gsize       *error_offset,
                                        GError     **error);
CsExpr      *cs_expr_ref               (CsExpr      *expr);
void         cs_expr_unref             (CsExpr      *expr);
const char  *cs_expr_get_source        (CsExpr      *expr);

/* Evaluates against the instance data @data (a JSON object node, or NULL for
 * none). Paths that do not exist evaluate to null. Returns a new JsonNode. */
JsonNode    *cs_expr_evaluate          (CsExpr      *expr,
                                        JsonNode    *data,
                                        GError     **error);
/* Evaluates and applies truthiness (null, false, 0, "" and [] are false). */
gboolean     cs_expr_evaluate_boolean  (CsExpr      *expr,
                                        JsonNode    *data,
                                        gboolean    *result,
                                        GError     **error);
/* Adds the instance-data paths the expression reads ("applicant.age") to @paths
 * (a GPtrArray of char*, g_free), each once. */
void         cs_expr_collect_paths     (CsExpr      *expr,
                                        GPtrArray   *paths);

/* Templates: text with {{ expression }} interpolations, e.g. for URLs and bodies. */
typedef struct _CsTemplate CsTemplate;

#define CS_TYPE_TEMPLATE (cs_template_get_type ())
GType        cs_template_get_type      (void) G_GNUC_CONST;
CsTemplate  *cs_template_parse         (const char  *text,
                                        gsize       *error_offset,
                                        GError     **error);
CsTemplate  *cs_template_ref           (CsTemplate  *tmpl);
void         cs_template_unref         (CsTemplate  *tmpl);
const char  *cs_template_get_source    (CsTemplate  *tmpl);
/* Renders; each interpolated value is converted to text (strings as-is,
 * numbers in shortest form, null as "", objects/arrays as compact JSON).
 * If @escape is not NULL it is applied to every interpolated value (e.g. URI
 * component escaping for URL templates). */
char        *cs_template_render        (CsTemplate  *tmpl,
                                        JsonNode    *data,
                                        char      *(*escape) (const char *value),
                                        GError     **error);
void         cs_template_collect_paths (CsTemplate  *tmpl,
                                        GPtrArray   *paths);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsExpr, cs_expr_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsTemplate, cs_template_unref)

G_END_DECLS
