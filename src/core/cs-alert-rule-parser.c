/* cs-alert-rule-parser.c: the text form of an alert condition
 *
 *   count(reports where category = "safety") by area over 1h > 20
 *
 * A hand-written recursive descent over a tiny token set. Every error names
 * the column (in characters, from 1) and what was expected there, because
 * an administrator types these into a form and needs to know what to fix.
 * The filter is handed to cs-alert-rule-filter.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-alert-rule-private.h"
#include "cs-error.h"

typedef enum
{
  TOKEN_END,
  TOKEN_NAME,       /* a word: metric, source, keyword, field */
  TOKEN_NUMBER,     /* a word that starts with a digit: 20, 5%, 1h30m, 1.5 */
  TOKEN_PUNCT,      /* ( ) . , */
  TOKEN_OPERATOR,   /* > >= < <= ≥ ≤ = == != ! */
  TOKEN_OTHER,      /* any other character */
} TokenKind;

typedef struct
{
  const char  *text;
  TokenKind    kind;
  gsize        start;    /* of the current token, in bytes */
  gsize        end;
  gsize       *error_offset;
  GError     **error;
} Parser;

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static void
next (Parser *p)
{
  const char *t = p->text;
  gsize i = p->end;

  while (t[i] != '\0' && g_unichar_isspace (g_utf8_get_char (t + i)))
    i = (gsize) (g_utf8_next_char (t + i) - t);
  p->start = i;
  if (t[i] == '\0')
    p->kind = TOKEN_END;
  else if (g_ascii_isalpha (t[i]) || t[i] == '_')
    {
      p->kind = TOKEN_NAME;
      while (is_word_char (t[i]))
        i++;
    }
  else if (g_ascii_isdigit (t[i]) || (t[i] == '-' && g_ascii_isdigit (t[i + 1])))
    {
      p->kind = TOKEN_NUMBER;
      i++;
      while (is_word_char (t[i]) || t[i] == '.' || t[i] == '%' ||
             ((t[i] == '+' || t[i] == '-') && (t[i - 1] == 'e' || t[i - 1] == 'E')))
        i++;
    }
  else if (strchr ("().,", t[i]) != NULL)
    {
      p->kind = TOKEN_PUNCT;
      i++;
    }
  else if (strchr ("<>=!", t[i]) != NULL)
    {
      p->kind = TOKEN_OPERATOR;
      i += t[i + 1] == '=' ? 2 : 1;
    }
  else if (g_str_has_prefix (t + i, "≥") || g_str_has_prefix (t + i, "≤"))
    {
      p->kind = TOKEN_OPERATOR;
      i += strlen ("≥");
    }
  else
    {
      p->kind = TOKEN_OTHER;
      i = (gsize) (g_utf8_next_char (t + i) - t);
    }
  p->end = i;
}

static gboolean
is (Parser     *p,
    TokenKind   kind,
    const char *text)
{
  gsize length = p->end - p->start;

  return p->kind == kind &&
         (text == NULL || (strlen (text) == length &&
                           g_ascii_strncasecmp (p->text + p->start, text, length) == 0));
}

static guint
column_of (const char *text,
           gsize       offset)
{
  return (guint) g_utf8_strlen (text, (gssize) offset) + 1;
}

/* "“count”", or "end of input", for messages. */
static char *
describe (Parser *p)
{
  gsize length = p->end - p->start;

  if (p->kind == TOKEN_END)
    return g_strdup (_("the end of the condition"));
  if (g_utf8_strlen (p->text + p->start, (gssize) length) > 24)
    return g_strdup_printf (_("“%.*s…”"),
                            (int) (g_utf8_offset_to_pointer (p->text + p->start, 20) - (p->text + p->start)),
                            p->text + p->start);
  return g_strdup_printf (_("“%.*s”"), (int) length, p->text + p->start);
}

static gboolean fail (Parser     *p,
                      gsize       offset,
                      const char *format,
                      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Parser     *p,
      gsize       offset,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (p->error_offset != NULL)
    *p->error_offset = offset;
  g_set_error (p->error, CS_ERROR, CS_ERROR_PARSE, _("Column %u: %s"),
               column_of (p->text, offset), message);
  return FALSE;
}

#define FAIL_FOUND(p, format, ...)                                            \
  G_STMT_START {                                                              \
    g_autofree char *found_ = describe (p);                                   \
    return fail ((p), (p)->start, format, __VA_ARGS__ found_);                \
  } G_STMT_END

static gboolean
parse_call (Parser      *p,
            CsAlertRule *rule)
{
  static const char * const metrics[] = { "count", "rate", "mean", "p90", "breach_rate" };
  static const char * const sources[] = { "reports", "steps", "issues" };
  static const char * const examples[] = { NULL, NULL, "steps.wait_hours", "steps.wait_hours",
                                           "issues.breached" };
  gsize open_paren;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (metrics) && !is (p, TOKEN_NAME, metrics[i]); i++)
    ;
  if (i == G_N_ELEMENTS (metrics))
    FAIL_FOUND (p, _("expected a metric (count, rate, mean, p90 or breach_rate), found %s"), );
  rule->metric = (CsAlertMetric) i;
  next (p);
  if (!is (p, TOKEN_PUNCT, "("))
    FAIL_FOUND (p, _("expected “(” after %s, found %s"), metrics[rule->metric], );
  open_paren = p->start;
  next (p);

  for (i = 0; i < G_N_ELEMENTS (sources) && !is (p, TOKEN_NAME, sources[i]); i++)
    ;
  if (i == G_N_ELEMENTS (sources))
    FAIL_FOUND (p, _("expected what to measure (reports, steps or issues), found %s"), );
  rule->source = (CsAlertSource) i;
  next (p);

  if (is (p, TOKEN_PUNCT, "."))
    {
      gsize dot = p->start;

      next (p);
      if (p->kind != TOKEN_NAME)
        FAIL_FOUND (p, _("expected a field name after “.”, found %s"), );
      if (rule->metric == CS_ALERT_METRIC_COUNT || rule->metric == CS_ALERT_METRIC_RATE)
        return fail (p, dot, _("%s() counts events and takes no field; remove “.%.*s”"),
                     metrics[rule->metric], (int) (p->end - p->start), p->text + p->start);
      rule->field = g_strndup (p->text + p->start, p->end - p->start);
      next (p);
    }
  else if (examples[rule->metric] != NULL)
    return fail (p, p->start, _("%s() needs a field to measure, such as %s(%s)"),
                 metrics[rule->metric], metrics[rule->metric], examples[rule->metric]);

  if (is (p, TOKEN_NAME, "where"))
    {
      gsize end;

      if (!cs_alert_rule_parse_filter (rule, p->text, p->end, open_paren, &end, p->error_offset, p->error))
        return FALSE;
      p->end = end;
      next (p);
    }
  if (!is (p, TOKEN_PUNCT, ")"))
    FAIL_FOUND (p, _("expected “)” to close the “(” at column %u, found %s"),
                column_of (p->text, open_paren), );
  next (p);
  return TRUE;
}

static gboolean
parse_window (Parser      *p,
              CsAlertRule *rule)
{
  g_autofree char *word = NULL;

  if (!is (p, TOKEN_NAME, "over"))
    FAIL_FOUND (p, _("expected “over” and a window such as 1h, found %s"), );
  next (p);
  word = g_strndup (p->text + p->start, p->end - p->start);
  if (p->kind != TOKEN_NUMBER || !cs_alert_parse_duration (word, &rule->window))
    FAIL_FOUND (p, _("expected a duration such as 30m, 1h or 7d, found %s"), );
  if (rule->window == 0)
    return fail (p, p->start, _("the window must be longer than 0"));
  if (rule->window > CS_ALERT_MAX_DURATION)
    return fail (p, p->start, _("the window must be at most 366 days"));
  next (p);

  rule->window_kind = CS_WINDOW_SLIDING;
  if (is (p, TOKEN_NAME, "tumbling"))
    rule->window_kind = CS_WINDOW_TUMBLING;
  else if (!is (p, TOKEN_NAME, "sliding"))
    return TRUE;
  next (p);
  return TRUE;
}

static gboolean
parse_comparison (Parser      *p,
                  CsAlertRule *rule)
{
  static const char * const symbols[] = { ">", ">=", "<", "<=" };
  g_autofree char *word = NULL;
  char *end = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (symbols) && !is (p, TOKEN_OPERATOR, symbols[i]); i++)
    ;
  if (is (p, TOKEN_OPERATOR, "≥"))
    i = CS_ALERT_GREATER_EQUAL;
  else if (is (p, TOKEN_OPERATOR, "≤"))
    i = CS_ALERT_LESS_EQUAL;
  if (i == G_N_ELEMENTS (symbols) && p->kind == TOKEN_OPERATOR)
    return fail (p, p->start, _("alert conditions compare with >, >=, < or <=, not “%.*s”"),
                 (int) (p->end - p->start), p->text + p->start);
  if (i == G_N_ELEMENTS (symbols) && p->kind == TOKEN_NAME)
    FAIL_FOUND (p, _("expected “sliding”, “tumbling” or a comparison (>, >=, < or <=) after the window, found %s"), );
  if (i == G_N_ELEMENTS (symbols))
    FAIL_FOUND (p, _("expected a comparison (>, >=, < or <=), found %s"), );
  rule->comparison = (CsAlertComparison) i;
  next (p);

  word = g_strndup (p->text + p->start, p->end - p->start);
  rule->percent = p->kind == TOKEN_NUMBER && g_str_has_suffix (word, "%");
  if (rule->percent)
    word[strlen (word) - 1] = '\0';
  if (p->kind == TOKEN_NUMBER)
    rule->written_threshold = g_ascii_strtod (word, &end);
  if (p->kind != TOKEN_NUMBER || end == word || *end != '\0' || !isfinite (rule->written_threshold))
    FAIL_FOUND (p, _("expected a number to compare with, such as 20 or 5%%, found %s"), );
  rule->threshold = rule->percent ? rule->written_threshold / 100.0 : rule->written_threshold;
  next (p);
  return TRUE;
}

gboolean
cs_alert_rule_parse_condition (CsAlertRule  *rule,
                               const char   *text,
                               gsize        *error_offset,
                               GError      **error)
{
  static const char * const groupings[] = { "none", "area", "category", "step", "agency" };
  Parser p = { text, TOKEN_END, 0, 0, error_offset, error };
  const char *invalid;
  guint i;

  if (!g_utf8_validate (text, -1, &invalid))
    {
      p.end = (gsize) (invalid - text);
      return fail (&p, p.end, _("the text is not valid UTF-8"));
    }
  next (&p);
  if (p.kind == TOKEN_END)
    return fail (&p, 0, _("the condition is empty"));
  if (!parse_call (&p, rule))
    return FALSE;

  rule->group_by = CS_ALERT_GROUP_NONE;
  if (is (&p, TOKEN_NAME, "by"))
    {
      next (&p);
      for (i = 0; i < G_N_ELEMENTS (groupings) && !is (&p, TOKEN_NAME, groupings[i]); i++)
        ;
      if (i == G_N_ELEMENTS (groupings))
        FAIL_FOUND (&p, _("expected what to group by (area, category, step, agency or none), found %s"), );
      rule->group_by = (CsAlertGroupBy) i;
      next (&p);
    }

  if (!parse_window (&p, rule) || !parse_comparison (&p, rule))
    return FALSE;
  if (p.kind != TOKEN_END)
    FAIL_FOUND (&p, _("unexpected %s after the threshold"), );
  return TRUE;
}
