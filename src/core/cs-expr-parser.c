/* cs-expr-parser.c: lexer and recursive-descent parser of the expression language
 *
 * Expressions are typed by process designers and arrive in imported process
 * definitions, so nothing here trusts its input: the text is checked for length
 * and UTF-8 validity before lexing, the parser counts its own recursion and
 * refuses trees taller than CS_EXPR_MAX_DEPTH, which in turn bounds every
 * recursive walk over the tree (evaluation, freeing, path collection).
 *
 * The lexer turns the whole expression into tokens first; in a template it
 * stops at the "}}" that closes the interpolation, which is how the template
 * parser finds where an expression ends even when a string contains "}}".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-expr-private.h"

typedef enum
{
  TOKEN_END,        /* end of the text */
  TOKEN_CLOSE,      /* "}}" ending an interpolation in a template */
  TOKEN_INT,
  TOKEN_DOUBLE,
  TOKEN_STRING,
  TOKEN_NAME,
  TOKEN_ROOT,       /* $ */
  TOKEN_TRUE,
  TOKEN_FALSE,
  TOKEN_NULL,
  TOKEN_AND,        /* && and */
  TOKEN_OR,         /* || or */
  TOKEN_NOT,        /* the word not, which binds more loosely than ! */
  TOKEN_IN,
  TOKEN_BANG,
  TOKEN_LPAREN,
  TOKEN_RPAREN,
  TOKEN_LBRACKET,
  TOKEN_RBRACKET,
  TOKEN_COMMA,
  TOKEN_DOT,
  TOKEN_QUESTION,
  TOKEN_COLON,
  TOKEN_EQ,
  TOKEN_NE,
  TOKEN_LT,
  TOKEN_LE,
  TOKEN_GT,
  TOKEN_GE,
  TOKEN_PLUS,
  TOKEN_MINUS,
  TOKEN_STAR,
  TOKEN_SLASH,
  TOKEN_PERCENT,
  N_TOKENS
} TokenKind;

typedef struct
{
  TokenKind  kind;
  gsize      offset;
  gsize      length;
  gint64     int_value;
  double     double_value;
  char      *text;         /* the value of a STRING, the name of a NAME */
} Token;

typedef struct
{
  const char  *source;
  gsize        pos;
  gboolean     in_template;
  GArray      *tokens;
  gsize       *error_offset;
  GError     **error;
} Lexer;

typedef struct
{
  const char  *source;
  Token       *tokens;
  guint        n_tokens;
  guint        pos;
  guint        depth;
  gsize       *error_offset;
  GError     **error;
} Parser;

/* Binding strength of the binary operators, loosest first. PREC_NOT is where
 * the word "not" sits: looser than comparisons, so that "not a == b" means
 * "not (a == b)" as in Python and SQL, while "!" binds like a C unary operator. */
enum
{
  PREC_NONE,
  PREC_OR,
  PREC_AND,
  PREC_NOT,
  PREC_COMPARE,
  PREC_ADD,
  PREC_MULTIPLY,
};

static const struct
{
  int            precedence;
  CsExprNodeKind kind;
  CsExprOp       op;
} binary_operators[N_TOKENS] = {
  [TOKEN_OR]      = { PREC_OR, CS_EXPR_NODE_OR, CS_EXPR_OP_NONE },
  [TOKEN_AND]     = { PREC_AND, CS_EXPR_NODE_AND, CS_EXPR_OP_NONE },
  [TOKEN_EQ]      = { PREC_COMPARE, CS_EXPR_NODE_BINARY, CS_EXPR_OP_EQUAL },
  [TOKEN_NE]      = { PREC_COMPARE, CS_EXPR_NODE_BINARY, CS_EXPR_OP_NOT_EQUAL },
  [TOKEN_LT]      = { PREC_COMPARE, CS_EXPR_NODE_BINARY, CS_EXPR_OP_LESS },
  [TOKEN_LE]      = { PREC_COMPARE, CS_EXPR_NODE_BINARY, CS_EXPR_OP_LESS_EQUAL },
  [TOKEN_GT]      = { PREC_COMPARE, CS_EXPR_NODE_BINARY, CS_EXPR_OP_GREATER },
  [TOKEN_GE]      = { PREC_COMPARE, CS_EXPR_NODE_BINARY, CS_EXPR_OP_GREATER_EQUAL },
  [TOKEN_IN]      = { PREC_COMPARE, CS_EXPR_NODE_BINARY, CS_EXPR_OP_IN },
  [TOKEN_PLUS]    = { PREC_ADD, CS_EXPR_NODE_BINARY, CS_EXPR_OP_ADD },
  [TOKEN_MINUS]   = { PREC_ADD, CS_EXPR_NODE_BINARY, CS_EXPR_OP_SUBTRACT },
  [TOKEN_STAR]    = { PREC_MULTIPLY, CS_EXPR_NODE_BINARY, CS_EXPR_OP_MULTIPLY },
  [TOKEN_SLASH]   = { PREC_MULTIPLY, CS_EXPR_NODE_BINARY, CS_EXPR_OP_DIVIDE },
  [TOKEN_PERCENT] = { PREC_MULTIPLY, CS_EXPR_NODE_BINARY, CS_EXPR_OP_MODULO },
};

static const struct
{
  const char *word;
  TokenKind   kind;
} keywords[] = {
  { "true", TOKEN_TRUE },
  { "false", TOKEN_FALSE },
  { "null", TOKEN_NULL },
  { "and", TOKEN_AND },
  { "or", TOKEN_OR },
  { "not", TOKEN_NOT },
  { "in", TOKEN_IN },
};

static void
locate (const char *source,
        gsize       offset,
        guint      *line,
        guint      *column)
{
  gsize line_start = 0;

  *line = 1;
  for (gsize i = 0; i < offset && source[i] != '\0'; i++)
    if (source[i] == '\n')
      {
        (*line)++;
        line_start = i + 1;
      }
  *column = (guint) g_utf8_strlen (source + line_start, offset - line_start) + 1;
}

char *
cs_expr_describe_position (const char *source,
                           gsize       offset)
{
  guint line, column;

  g_return_val_if_fail (source != NULL, NULL);

  locate (source, offset, &line, &column);
  if (strchr (source, '\n') == NULL)
    return g_strdup_printf (_("column %u"), column);
  return g_strdup_printf (_("line %u, column %u"), line, column);
}

void
cs_expr_set_error (GError      **error,
                   gsize        *error_offset,
                   const char   *source,
                   gsize         offset,
                   CsExprError   code,
                   const char   *format,
                   ...)
{
  g_autofree char *message = NULL;
  guint line, column;
  va_list args;

  if (error_offset != NULL)
    *error_offset = offset;
  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  locate (source, offset, &line, &column);
  if (strchr (source, '\n') == NULL)
    g_set_error (error, CS_EXPR_ERROR, code, _("Column %u: %s"), column, message);
  else
    g_set_error (error, CS_EXPR_ERROR, code, _("Line %u, column %u: %s"), line, column, message);
}

gboolean
cs_expr_check_text (const char  *text,
                    gboolean     is_template,
                    gsize       *error_offset,
                    GError     **error)
{
  gsize max_length = is_template ? CS_TEMPLATE_MAX_LENGTH : CS_EXPR_MAX_LENGTH;
  gsize length;
  const char *invalid = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  length = strlen (text);
  if (length > max_length)
    {
      cs_expr_set_error (error, error_offset, text, max_length, CS_EXPR_ERROR_LIMIT,
                         is_template ? _("the template is longer than %u bytes")
                                     : _("the expression is longer than %u bytes"),
                         (guint) max_length);
      return FALSE;
    }
  if (!g_utf8_validate (text, length, &invalid))
    {
      cs_expr_set_error (error, error_offset, text, invalid - text, CS_EXPR_ERROR_SYNTAX,
                         _("the text is not valid UTF-8 (unexpected byte 0x%02X)"),
                         (guint) (guchar) *invalid);
      return FALSE;
    }
  return TRUE;
}

/* At most 24 characters of a piece of source text, for messages. */
static char *
excerpt (const char *text,
         gsize       length)
{
  if (g_utf8_strlen (text, length) <= 24)
    return g_strndup (text, length);
  return g_strdup_printf ("%.*s…", (int) (g_utf8_offset_to_pointer (text, 20) - text), text);
}

/* 'x' for a visible character, U+0007 for anything else. */
static char *
describe_char (const char *p)
{
  gunichar c = g_utf8_get_char (p);

  if (g_unichar_isgraph (c))
    return g_strdup_printf ("'%.*s'", (int) (g_utf8_next_char (p) - p), p);
  return g_strdup_printf ("U+%04X", c);
}

static gboolean
is_name_start (const char *p)
{
  if ((guchar) *p < 0x80)
    return g_ascii_isalpha (*p) || *p == '_';
  return g_unichar_isalpha (g_utf8_get_char (p));
}

static gboolean
is_name_char (const char *p)
{
  gunichar c;

  if ((guchar) *p < 0x80)
    return g_ascii_isalnum (*p) || *p == '_';
  c = g_utf8_get_char (p);
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static void
token_clear (gpointer data)
{
  Token *token = data;

  g_clear_pointer (&token->text, g_free);
}

static Token *
add_token (Lexer     *lexer,
           TokenKind  kind,
           gsize      offset,
           gsize      length)
{
  Token token = { kind, offset, length, 0, 0.0, NULL };

  g_array_append_val (lexer->tokens, token);
  return &g_array_index (lexer->tokens, Token, lexer->tokens->len - 1);
}

static gboolean
lex_number (Lexer *lexer)
{
  const char *s = lexer->source;
  gsize start = lexer->pos;
  gsize p = start;
  gboolean is_double = FALSE;
  g_autofree char *text = NULL;
  gint64 int_value = 0;
  double double_value = 0.0;
  Token *token;

  while (g_ascii_isdigit (s[p]))
    p++;
  if (s[p] == '.' && g_ascii_isdigit (s[p + 1]))
    {
      is_double = TRUE;
      for (p++; g_ascii_isdigit (s[p]); p++)
        ;
    }
  if (s[p] == 'e' || s[p] == 'E')
    {
      gsize q = p + 1;

      if (s[q] == '+' || s[q] == '-')
        q++;
      if (!g_ascii_isdigit (s[q]))
        {
          g_autofree char *number = excerpt (s + start, q - start);

          cs_expr_set_error (lexer->error, lexer->error_offset, s, p, CS_EXPR_ERROR_SYNTAX,
                             _("expected digits after the exponent 'e' in the number %s"), number);
          return FALSE;
        }
      is_double = TRUE;
      for (p = q; g_ascii_isdigit (s[p]); p++)
        ;
    }

  text = excerpt (s + start, p - start);
  if (s[p] == '.' || is_name_char (s + p))
    {
      g_autofree char *what = describe_char (s + p);

      cs_expr_set_error (lexer->error, lexer->error_offset, s, p, CS_EXPR_ERROR_SYNTAX,
                         _("unexpected %s after the number %s"), what, text);
      return FALSE;
    }

  g_free (text);
  text = g_strndup (s + start, p - start);
  if (!is_double)
    {
      errno = 0;
      int_value = g_ascii_strtoll (text, NULL, 10);
      /* Too big for int64: becomes a decimal, as overflowing arithmetic does. */
      is_double = errno == ERANGE;
    }
  if (is_double)
    {
      double_value = g_ascii_strtod (text, NULL);
      if (!isfinite (double_value))
        {
          g_autofree char *number = excerpt (text, p - start);

          cs_expr_set_error (lexer->error, lexer->error_offset, s, start, CS_EXPR_ERROR_SYNTAX,
                             _("the number %s is out of range"), number);
          return FALSE;
        }
    }

  token = add_token (lexer, is_double ? TOKEN_DOUBLE : TOKEN_INT, start, p - start);
  token->int_value = int_value;
  token->double_value = double_value;
  lexer->pos = p;
  return TRUE;
}

static gboolean
read_hex4 (const char *p,
           gunichar   *value)
{
  *value = 0;
  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return FALSE;
      *value = *value * 16 + g_ascii_xdigit_value (p[i]);
    }
  return TRUE;
}

/* Reads \uXXXX (and its low surrogate) at s + p; returns the bytes consumed or 0. */
static gsize
lex_unicode_escape (Lexer    *lexer,
                    gsize     p,
                    GString  *buffer)
{
  const char *s = lexer->source;
  gunichar c, low;

  if (!read_hex4 (s + p + 2, &c))
    {
      cs_expr_set_error (lexer->error, lexer->error_offset, s, p, CS_EXPR_ERROR_SYNTAX,
                         _("expected four hexadecimal digits after \\u"));
      return 0;
    }
  if (c == 0)
    {
      cs_expr_set_error (lexer->error, lexer->error_offset, s, p, CS_EXPR_ERROR_SYNTAX,
                         _("\\u0000 is not allowed in a string"));
      return 0;
    }
  if (c >= 0xDC00 && c <= 0xDFFF)
    {
      cs_expr_set_error (lexer->error, lexer->error_offset, s, p, CS_EXPR_ERROR_SYNTAX,
                         _("\\u%04X is a low surrogate without a high surrogate before it"), c);
      return 0;
    }
  if (c < 0xD800 || c > 0xDBFF)
    {
      g_string_append_unichar (buffer, c);
      return 6;
    }
  if (s[p + 6] != '\\' || s[p + 7] != 'u' || !read_hex4 (s + p + 8, &low) || low < 0xDC00 || low > 0xDFFF)
    {
      cs_expr_set_error (lexer->error, lexer->error_offset, s, p, CS_EXPR_ERROR_SYNTAX,
                         _("\\u%04X must be followed by a low surrogate \\uDC00 to \\uDFFF"), c);
      return 0;
    }
  g_string_append_unichar (buffer, 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00));
  return 12;
}

static gboolean
lex_string (Lexer *lexer)
{
  const char *s = lexer->source;
  gsize start = lexer->pos;
  gsize p = start + 1;
  char quote = s[start];
  g_autoptr(GString) buffer = g_string_new (NULL);
  Token *token;

  for (;;)
    {
      char c = s[p];

      if (c == '\0' || (c == '\\' && s[p + 1] == '\0'))
        {
          cs_expr_set_error (lexer->error, lexer->error_offset, s, start, CS_EXPR_ERROR_SYNTAX,
                             quote == '"' ? _("the string is never closed: expected \" before the end of the text")
                                          : _("the string is never closed: expected ' before the end of the text"));
          return FALSE;
        }
      if (c == quote)
        break;
      if (c != '\\')
        {
          g_string_append_c (buffer, c);
          p++;
          continue;
        }

      switch (s[p + 1])
        {
        case 'n': g_string_append_c (buffer, '\n'); p += 2; break;
        case 't': g_string_append_c (buffer, '\t'); p += 2; break;
        case 'r': g_string_append_c (buffer, '\r'); p += 2; break;
        case '\\': g_string_append_c (buffer, '\\'); p += 2; break;
        case '"': g_string_append_c (buffer, '"'); p += 2; break;
        case '\'': g_string_append_c (buffer, '\''); p += 2; break;
        case 'u':
          {
            gsize consumed = lex_unicode_escape (lexer, p, buffer);

            if (consumed == 0)
              return FALSE;
            p += consumed;
          }
          break;
        default:
          {
            g_autofree char *what = describe_char (s + p + 1);

            cs_expr_set_error (lexer->error, lexer->error_offset, s, p, CS_EXPR_ERROR_SYNTAX,
                               _("unknown escape sequence: backslash followed by %s "
                                 "(the escapes are \\n \\t \\r \\\\ \\\" \\' and \\uXXXX)"), what);
            return FALSE;
          }
        }
    }

  token = add_token (lexer, TOKEN_STRING, start, p + 1 - start);
  token->text = g_string_free (g_steal_pointer (&buffer), FALSE);
  lexer->pos = p + 1;
  return TRUE;
}

static void
lex_name (Lexer *lexer)
{
  const char *s = lexer->source;
  gsize start = lexer->pos;
  gsize p = start;
  TokenKind kind = TOKEN_NAME;
  Token *token;

  while (is_name_char (s + p))
    p = g_utf8_next_char (s + p) - s;

  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    if (strlen (keywords[i].word) == p - start && memcmp (keywords[i].word, s + start, p - start) == 0)
      kind = keywords[i].kind;

  token = add_token (lexer, kind, start, p - start);
  if (kind == TOKEN_NAME)
    token->text = g_strndup (s + start, p - start);
  lexer->pos = p;
}

static gboolean
lex_punctuation (Lexer *lexer)
{
  const char *s = lexer->source;
  gsize p = lexer->pos;
  char next = s[p + 1];
  TokenKind kind;
  gsize length = 1;
  const char *problem = NULL;

  switch (s[p])
    {
    case '(': kind = TOKEN_LPAREN; break;
    case ')': kind = TOKEN_RPAREN; break;
    case '[': kind = TOKEN_LBRACKET; break;
    case ']': kind = TOKEN_RBRACKET; break;
    case ',': kind = TOKEN_COMMA; break;
    case '.': kind = TOKEN_DOT; break;
    case '?': kind = TOKEN_QUESTION; break;
    case ':': kind = TOKEN_COLON; break;
    case '+': kind = TOKEN_PLUS; break;
    case '-': kind = TOKEN_MINUS; break;
    case '*': kind = TOKEN_STAR; break;
    case '/': kind = TOKEN_SLASH; break;
    case '%': kind = TOKEN_PERCENT; break;
    case '$': kind = TOKEN_ROOT; break;
    case '!':
      kind = next == '=' ? TOKEN_NE : TOKEN_BANG;
      length = next == '=' ? 2 : 1;
      break;
    case '<':
      kind = next == '=' ? TOKEN_LE : TOKEN_LT;
      length = next == '=' ? 2 : 1;
      break;
    case '>':
      kind = next == '=' ? TOKEN_GE : TOKEN_GT;
      length = next == '=' ? 2 : 1;
      break;
    case '=':
      kind = TOKEN_EQ;
      length = 2;
      if (next != '=')
        problem = _("unexpected '='; to compare two values use '=='");
      break;
    case '&':
      kind = TOKEN_AND;
      length = 2;
      if (next != '&')
        problem = _("unexpected '&'; the logical and is written '&&' or 'and'");
      break;
    case '|':
      kind = TOKEN_OR;
      length = 2;
      if (next != '|')
        problem = _("unexpected '|'; the logical or is written '||' or 'or'");
      break;
    default:
      {
        g_autofree char *what = describe_char (s + p);

        cs_expr_set_error (lexer->error, lexer->error_offset, s, p, CS_EXPR_ERROR_SYNTAX,
                           _("unexpected character %s"), what);
        return FALSE;
      }
    }

  if (problem != NULL)
    {
      cs_expr_set_error (lexer->error, lexer->error_offset, s, p, CS_EXPR_ERROR_SYNTAX, "%s", problem);
      return FALSE;
    }
  add_token (lexer, kind, p, length);
  lexer->pos = p + length;
  return TRUE;
}

static void
skip_space (Lexer *lexer)
{
  const char *s = lexer->source;

  for (;;)
    {
      const char *p = s + lexer->pos;

      if (g_ascii_isspace (*p))
        lexer->pos++;
      else if ((guchar) *p >= 0x80 && g_unichar_isspace (g_utf8_get_char (p)))
        lexer->pos = g_utf8_next_char (p) - s;   /* e.g. a no-break space pasted from a document */
      else
        return;
    }
}

static gboolean
lex (Lexer *lexer)
{
  const char *s = lexer->source;

  for (;;)
    {
      gboolean ok = TRUE;
      char c;

      skip_space (lexer);
      c = s[lexer->pos];

      if (c == '\0')
        {
          add_token (lexer, TOKEN_END, lexer->pos, 0);
          return TRUE;
        }
      if (lexer->in_template && c == '}' && s[lexer->pos + 1] == '}')
        {
          add_token (lexer, TOKEN_CLOSE, lexer->pos, 2);
          return TRUE;
        }

      if (g_ascii_isdigit (c))
        ok = lex_number (lexer);
      else if (c == '"' || c == '\'')
        ok = lex_string (lexer);
      else if (is_name_start (s + lexer->pos))
        lex_name (lexer);
      else
        ok = lex_punctuation (lexer);

      if (!ok)
        return FALSE;
    }
}

static Token *
current (Parser *parser)
{
  return &parser->tokens[parser->pos];
}

static Token *
lookahead (Parser *parser)
{
  return &parser->tokens[MIN (parser->pos + 1, parser->n_tokens - 1)];
}

static Token *
advance (Parser *parser)
{
  Token *token = current (parser);

  /* The last token is END or CLOSE and is never consumed. */
  if (parser->pos + 1 < parser->n_tokens)
    parser->pos++;
  return token;
}

static char *
describe_token (Parser *parser,
                Token  *token)
{
  g_autofree char *text = excerpt (parser->source + token->offset, token->length);

  if (token->kind == TOKEN_END)
    return g_strdup (_("end of input"));
  if (token->kind == TOKEN_INT || token->kind == TOKEN_DOUBLE)
    return g_strdup_printf (_("the number %s"), text);
  if (token->kind == TOKEN_STRING)
    return g_strdup_printf (_("the string %s"), text);
  if (token->kind == TOKEN_NAME)
    return g_strdup_printf (_("the name %s"), text);
  return g_strdup_printf ("'%s'", text);
}

static void parser_error (Parser      *parser,
                          gsize        offset,
                          CsExprError  code,
                          const char  *format,
                          ...) G_GNUC_PRINTF (4, 5);

static void
parser_error (Parser      *parser,
              gsize        offset,
              CsExprError  code,
              const char  *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  cs_expr_set_error (parser->error, parser->error_offset, parser->source, offset, code, "%s", message);
}

static gboolean
enter (Parser *parser)
{
  if (++parser->depth > CS_EXPR_MAX_DEPTH)
    {
      parser_error (parser, current (parser)->offset, CS_EXPR_ERROR_LIMIT,
                    _("the expression is nested too deeply (the limit is %u levels)"),
                    CS_EXPR_MAX_DEPTH);
      return FALSE;
    }
  return TRUE;
}

static void
leave (Parser *parser)
{
  g_assert (parser->depth > 0);
  parser->depth--;
}

static CsExprNode *
node_new (CsExprNodeKind  kind,
          const Token    *token)
{
  CsExprNode *node = g_new0 (CsExprNode, 1);

  node->kind = kind;
  node->offset = token->offset;
  node->start = token->offset;
  node->height = 1;
  return node;
}

static void
node_add_child (CsExprNode *node,
                CsExprNode *child)
{
  guint n = node->n_children;

  /* Grows to the next power of two, so long argument lists stay linear. */
  if ((n & (n - 1)) == 0)
    node->children = g_renew (CsExprNode *, node->children, n == 0 ? 1 : n * 2);
  node->children[node->n_children++] = child;
  node->height = MAX (node->height, child->height + 1);
}

/* Every node goes through here once its children are attached: a tree no
 * taller than CS_EXPR_MAX_DEPTH keeps every later recursion over it bounded. */
static CsExprNode *
finish_node (Parser     *parser,
             CsExprNode *node)
{
  if (node->height > CS_EXPR_MAX_DEPTH)
    {
      parser_error (parser, node->offset, CS_EXPR_ERROR_LIMIT,
                    _("the expression is nested too deeply (the limit is %u levels)"),
                    CS_EXPR_MAX_DEPTH);
      cs_expr_node_free (node);
      return NULL;
    }
  return node;
}

static void
error_operand (Parser *parser)
{
  Token *token = current (parser);
  g_autofree char *found = describe_token (parser, token);
  g_autofree char *after = NULL;

  if (parser->pos == 0)
    {
      parser_error (parser, token->offset, CS_EXPR_ERROR_SYNTAX,
                    _("expected an expression, found %s"), found);
      return;
    }

  after = describe_token (parser, &parser->tokens[parser->pos - 1]);
  if (token->kind == TOKEN_NOT)
    parser_error (parser, token->offset, CS_EXPR_ERROR_SYNTAX,
                  _("expected an operand after %s, found 'not'; put it in parentheses: (not …)"), after);
  else
    parser_error (parser, token->offset, CS_EXPR_ERROR_SYNTAX,
                  _("expected an operand after %s, found %s"), after, found);
}

/* For "expected X to close the Y at <position>, found <found>". */
#define error_unclosed(parser, format, opener)                                          \
  G_STMT_START {                                                                        \
    g_autofree char *position_ = cs_expr_describe_position ((parser)->source,           \
                                                            (opener)->offset);          \
    g_autofree char *found_ = describe_token ((parser), current (parser));              \
                                                                                        \
    parser_error ((parser), current (parser)->offset, CS_EXPR_ERROR_SYNTAX,             \
                  format, position_, found_);                                           \
  } G_STMT_END

static CsExprNode *parse_expression (Parser *parser);

static CsExprNode *
parse_call (Parser *parser)
{
  Token *name = advance (parser);
  g_autoptr(CsExprNode) node = NULL;
  const CsExprFunction *function;

  function = cs_expr_lookup_function (name->text);
  if (function == NULL)
    {
      parser_error (parser, name->offset, CS_EXPR_ERROR_UNKNOWN_FUNCTION,
                    _("unknown function '%s'"), name->text);
      return NULL;
    }

  advance (parser);   /* ( */
  node = node_new (CS_EXPR_NODE_CALL, name);
  node->name = g_strdup (name->text);
  node->function = function;

  if (current (parser)->kind != TOKEN_RPAREN)
    for (;;)
      {
        CsExprNode *argument = parse_expression (parser);

        if (argument == NULL)
          return NULL;
        node_add_child (node, argument);
        if (current (parser)->kind != TOKEN_COMMA)
          break;
        advance (parser);
      }

  if (current (parser)->kind != TOKEN_RPAREN)
    {
      g_autofree char *found = describe_token (parser, current (parser));

      parser_error (parser, current (parser)->offset, CS_EXPR_ERROR_SYNTAX,
                    _("expected ')' after the arguments of %s, found %s"), name->text, found);
      return NULL;
    }
  advance (parser);

  if (!cs_expr_check_call (parser->source, node, parser->error_offset, parser->error))
    return NULL;
  return finish_node (parser, g_steal_pointer (&node));
}

static CsExprNode *
parse_array (Parser *parser)
{
  Token *open = advance (parser);
  g_autoptr(CsExprNode) node = node_new (CS_EXPR_NODE_ARRAY, open);

  while (current (parser)->kind != TOKEN_RBRACKET)
    {
      CsExprNode *element = parse_expression (parser);

      if (element == NULL)
        return NULL;
      node_add_child (node, element);
      if (current (parser)->kind == TOKEN_COMMA)
        advance (parser);
      else if (current (parser)->kind != TOKEN_RBRACKET)
        {
          error_unclosed (parser, _("expected ',' or ']' in the array that starts at %s, found %s"), open);
          return NULL;
        }
    }
  advance (parser);
  return finish_node (parser, g_steal_pointer (&node));
}

static CsExprNode *
parse_primary (Parser *parser)
{
  Token *token = current (parser);
  CsExprNode *node;

  switch ((int) token->kind)
    {
    case TOKEN_INT:
      node = node_new (CS_EXPR_NODE_LITERAL, token);
      node->value = json_node_init_int (json_node_alloc (), token->int_value);
      break;
    case TOKEN_DOUBLE:
      node = node_new (CS_EXPR_NODE_LITERAL, token);
      node->value = json_node_init_double (json_node_alloc (), token->double_value);
      break;
    case TOKEN_STRING:
      node = node_new (CS_EXPR_NODE_LITERAL, token);
      node->value = json_node_init_string (json_node_alloc (), token->text);
      break;
    case TOKEN_TRUE:
    case TOKEN_FALSE:
      node = node_new (CS_EXPR_NODE_LITERAL, token);
      node->value = json_node_init_boolean (json_node_alloc (), token->kind == TOKEN_TRUE);
      break;
    case TOKEN_NULL:
      node = node_new (CS_EXPR_NODE_LITERAL, token);
      node->value = json_node_init_null (json_node_alloc ());
      break;
    case TOKEN_ROOT:
      node = node_new (CS_EXPR_NODE_ROOT, token);
      break;
    case TOKEN_NAME:
      if (lookahead (parser)->kind == TOKEN_LPAREN)
        return parse_call (parser);
      node = node_new (CS_EXPR_NODE_NAME, token);
      node->name = g_strdup (token->text);
      break;
    case TOKEN_LBRACKET:
      return parse_array (parser);
    case TOKEN_LPAREN:
      {
        Token *open = advance (parser);
        g_autoptr(CsExprNode) inner = parse_expression (parser);

        if (inner == NULL)
          return NULL;
        if (current (parser)->kind != TOKEN_RPAREN)
          {
            error_unclosed (parser, _("expected ')' to close the '(' at %s, found %s"), open);
            return NULL;
          }
        advance (parser);
        inner->start = open->offset;
        return g_steal_pointer (&inner);
      }
    default:
      error_operand (parser);
      return NULL;
    }

  advance (parser);
  return node;
}

/* After a '.', a keyword spelt as a word is a field name too: a.in, a.null. */
static gboolean
is_field_name (Parser *parser,
               Token  *token)
{
  return token->kind == TOKEN_NAME
         || ((token->kind == TOKEN_TRUE || token->kind == TOKEN_FALSE || token->kind == TOKEN_NULL
              || token->kind == TOKEN_AND || token->kind == TOKEN_OR || token->kind == TOKEN_NOT
              || token->kind == TOKEN_IN)
             && g_ascii_isalpha (parser->source[token->offset]));
}

static CsExprNode *
parse_postfix (Parser *parser)
{
  g_autoptr(CsExprNode) node = parse_primary (parser);

  while (node != NULL)
    {
      Token *token = current (parser);
      CsExprNode *access;

      if (token->kind == TOKEN_DOT)
        {
          Token *name;

          advance (parser);
          name = current (parser);
          if (!is_field_name (parser, name))
            {
              g_autofree char *found = describe_token (parser, name);

              parser_error (parser, name->offset, CS_EXPR_ERROR_SYNTAX,
                            _("expected a field name after '.', found %s"), found);
              return NULL;
            }
          advance (parser);
          access = node_new (CS_EXPR_NODE_MEMBER, name);
          access->name = g_strndup (parser->source + name->offset, name->length);
        }
      else if (token->kind == TOKEN_LBRACKET)
        {
          CsExprNode *subscript;

          advance (parser);
          if ((subscript = parse_expression (parser)) == NULL)
            return NULL;
          if (current (parser)->kind != TOKEN_RBRACKET)
            {
              cs_expr_node_free (subscript);
              error_unclosed (parser, _("expected ']' to close the '[' at %s, found %s"), token);
              return NULL;
            }
          advance (parser);
          access = node_new (CS_EXPR_NODE_INDEX, token);
          access->start = node->start;
          node_add_child (access, g_steal_pointer (&node));
          node_add_child (access, subscript);
          node = finish_node (parser, access);
          continue;
        }
      else
        break;

      access->start = node->start;
      node_add_child (access, g_steal_pointer (&node));
      node = finish_node (parser, access);
    }

  return g_steal_pointer (&node);
}

static CsExprNode *
parse_unary (Parser *parser)
{
  Token *token = current (parser);
  CsExprNode *operand;
  CsExprNode *node;

  if (token->kind != TOKEN_BANG && token->kind != TOKEN_MINUS)
    return parse_postfix (parser);

  if (!enter (parser))
    return NULL;
  advance (parser);
  operand = parse_unary (parser);
  leave (parser);
  if (operand == NULL)
    return NULL;

  node = node_new (CS_EXPR_NODE_UNARY, token);
  node->op = token->kind == TOKEN_BANG ? CS_EXPR_OP_NOT : CS_EXPR_OP_NEGATE;
  node_add_child (node, operand);
  return finish_node (parser, node);
}

static gboolean
at_comparison (Parser *parser)
{
  Token *token = current (parser);

  if (token->kind == TOKEN_NOT)
    return lookahead (parser)->kind == TOKEN_IN;
  return binary_operators[token->kind].precedence == PREC_COMPARE;
}

/* Precedence climbing over the binary operators, plus the prefix word "not". */
static CsExprNode *
parse_binary (Parser *parser,
              int     min_precedence)
{
  g_autoptr(CsExprNode) left = NULL;
  Token *token = current (parser);

  if (token->kind == TOKEN_NOT && min_precedence <= PREC_NOT)
    {
      CsExprNode *operand;

      if (!enter (parser))
        return NULL;
      advance (parser);
      operand = parse_binary (parser, PREC_NOT);
      leave (parser);
      if (operand == NULL)
        return NULL;
      left = node_new (CS_EXPR_NODE_UNARY, token);
      left->op = CS_EXPR_OP_NOT;
      node_add_child (left, operand);
      if ((left = finish_node (parser, g_steal_pointer (&left))) == NULL)
        return NULL;
    }
  else if ((left = parse_unary (parser)) == NULL)
    return NULL;

  for (;;)
    {
      Token *op_token = current (parser);
      int precedence = binary_operators[op_token->kind].precedence;
      CsExprNodeKind kind = binary_operators[op_token->kind].kind;
      CsExprOp op = binary_operators[op_token->kind].op;
      gboolean not_in = op_token->kind == TOKEN_NOT && lookahead (parser)->kind == TOKEN_IN;
      CsExprNode *right;
      CsExprNode *node;

      if (not_in)
        {
          precedence = PREC_COMPARE;
          kind = CS_EXPR_NODE_BINARY;
          op = CS_EXPR_OP_NOT_IN;
        }
      if (precedence == PREC_NONE || precedence < min_precedence)
        break;

      advance (parser);
      if (not_in)
        advance (parser);
      if ((right = parse_binary (parser, precedence + 1)) == NULL)
        return NULL;

      node = node_new (kind, op_token);
      node->op = op;
      node->start = left->start;
      node_add_child (node, g_steal_pointer (&left));
      node_add_child (node, right);
      if ((left = finish_node (parser, node)) == NULL)
        return NULL;

      /* (a < b) < c compares a boolean with c: almost surely a mistake. */
      if (precedence == PREC_COMPARE && at_comparison (parser))
        {
          parser_error (parser, current (parser)->offset, CS_EXPR_ERROR_SYNTAX,
                        _("comparisons cannot be chained; combine them with '&&', e.g. a < b && b < c"));
          return NULL;
        }
    }

  return g_steal_pointer (&left);
}

static CsExprNode *
parse_expression (Parser *parser)
{
  g_autoptr(CsExprNode) condition = NULL;
  g_autoptr(CsExprNode) then = NULL;
  g_autoptr(CsExprNode) otherwise = NULL;
  Token *question;
  CsExprNode *node;

  if (!enter (parser))
    return NULL;

  condition = parse_binary (parser, PREC_OR);
  if (condition == NULL || current (parser)->kind != TOKEN_QUESTION)
    {
      leave (parser);
      return g_steal_pointer (&condition);
    }

  question = advance (parser);
  if ((then = parse_expression (parser)) == NULL)
    return NULL;
  if (current (parser)->kind != TOKEN_COLON)
    {
      error_unclosed (parser, _("expected ':' to go with the '?' at %s, found %s"), question);
      return NULL;
    }
  advance (parser);
  if ((otherwise = parse_expression (parser)) == NULL)
    return NULL;
  leave (parser);

  node = node_new (CS_EXPR_NODE_CONDITIONAL, question);
  node->start = condition->start;
  node_add_child (node, g_steal_pointer (&condition));
  node_add_child (node, g_steal_pointer (&then));
  node_add_child (node, g_steal_pointer (&otherwise));
  return finish_node (parser, node);
}

CsExprNode *
cs_expr_parse_node (const char  *source,
                    gsize        start,
                    gboolean     in_template,
                    gsize       *end,
                    gsize       *error_offset,
                    GError     **error)
{
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(CsExprNode) root = NULL;
  Lexer lexer = { 0 };
  Parser parser = { 0 };
  Token *last;

  g_return_val_if_fail (source != NULL, NULL);

  tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  g_array_set_clear_func (tokens, token_clear);

  lexer.source = source;
  lexer.pos = start;
  lexer.in_template = in_template;
  lexer.tokens = tokens;
  lexer.error_offset = error_offset;
  lexer.error = error;
  if (!lex (&lexer))
    return NULL;

  parser.source = source;
  parser.tokens = (Token *) (gpointer) tokens->data;
  parser.n_tokens = tokens->len;
  parser.error_offset = error_offset;
  parser.error = error;

  if ((root = parse_expression (&parser)) == NULL)
    return NULL;

  last = current (&parser);
  if (in_template && last->kind != TOKEN_CLOSE)
    {
      Token opener = { TOKEN_CLOSE, start >= 2 ? start - 2 : 0, 2, 0, 0.0, NULL };

      error_unclosed (&parser, _("expected an operator or '}}' to close the '{{' at %s, found %s"), &opener);
      return NULL;
    }
  if (!in_template && last->kind != TOKEN_END)
    {
      g_autofree char *found = describe_token (&parser, last);

      parser_error (&parser, last->offset, CS_EXPR_ERROR_SYNTAX,
                    _("expected an operator or the end of the expression, found %s"), found);
      return NULL;
    }

  g_assert (parser.depth == 0);
  if (end != NULL)
    *end = last->offset + last->length;
  return g_steal_pointer (&root);
}

void
cs_expr_node_free (CsExprNode *node)
{
  if (node == NULL)
    return;

  for (guint i = 0; i < node->n_children; i++)
    cs_expr_node_free (node->children[i]);
  g_free (node->children);
  g_clear_pointer (&node->value, json_node_unref);
  g_clear_pointer (&node->regex, g_regex_unref);
  g_free (node->name);
  g_free (node);
}

gboolean
cs_expr_is_name (const char *text,
                 gboolean    allow_keywords)
{
  const char *p = text;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL) || !is_name_start (p))
    return FALSE;
  while (*p != '\0')
    {
      if (!is_name_char (p))
        return FALSE;
      p = g_utf8_next_char (p);
    }
  if (!allow_keywords)
    for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
      if (strcmp (keywords[i].word, text) == 0)
        return FALSE;
  return TRUE;
}
