/* cs-severity.c: a report's severity and its one-line summary
 *
 * A report starts at its category's default severity. Words in the citizen's
 * text raise it (a gas leak is critical whatever the category; a child nearby
 * raises any report one level) and so do upvotes; nothing lowers it, because a
 * missed hazard costs far more than an officer's glance at an overrated one.
 * Matching runs on normalised tokens (case and accents folded), longest phrase
 * first, so "fire hydrant" is not a fire and "brand new" is not a Dutch fire.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-severity.h"
#include "cs-text-features.h"

typedef enum
{
  RULE_AT_LEAST,   /* raise to at least `level` */
  RULE_BUMP,       /* raise one level (once, however many match) */
  RULE_IGNORE,     /* a phrase that only looks like a rule: consume it */
} RuleKind;

typedef struct
{
  const char *phrase;   /* normalised words; a trailing '*' on the last word matches a prefix */
  RuleKind    kind;
  CsSeverity  level;
} Rule;

#define CRIT(p) { p, RULE_AT_LEAST, CS_SEVERITY_CRITICAL }
#define HIGH(p) { p, RULE_AT_LEAST, CS_SEVERITY_HIGH }
#define MED(p)  { p, RULE_AT_LEAST, CS_SEVERITY_MEDIUM }
#define BUMP(p) { p, RULE_BUMP, CS_SEVERITY_LOW }
#define SKIP(p) { p, RULE_IGNORE, CS_SEVERITY_LOW }

/* English and Dutch; see docs/classification.md for the reasoning. */
static const Rule rules[] = {
  /* Immediate danger to life: fire, gas, live electricity, people trapped. */
  CRIT ("fire"), CRIT ("on fire"), CRIT ("burning"), CRIT ("flames"),
  CRIT ("gas leak*"), CRIT ("leaking gas"), CRIT ("smell of gas"), CRIT ("smells of gas"),
  CRIT ("smell gas"), CRIT ("gas smell*"), CRIT ("smelling gas"), CRIT ("carbon monoxide"),
  CRIT ("explosion"), CRIT ("exploded"), CRIT ("live wire*"), CRIT ("exposed wire*"),
  CRIT ("downed power line*"), CRIT ("power line down"), CRIT ("power lines down"),
  CRIT ("electrocut*"), CRIT ("trapped"), CRIT ("chemical spill"),
  CRIT ("brand"), CRIT ("in brand"), CRIT ("vlammen"), CRIT ("gaslek*"), CRIT ("gaslucht"),
  CRIT ("ruik gas"), CRIT ("ruikt naar gas"), CRIT ("explosie"), CRIT ("ontploft"),
  CRIT ("ontploffing"), CRIT ("koolmonoxide"), CRIT ("loshangende kabel*"),
  CRIT ("stroomkabel bloot"), CRIT ("ingesloten"),

  /* Harm likely soon: injuries, hazards, floods, blocked roads, sharps. */
  HIGH ("danger"), HIGH ("dangerous"), HIGH ("dangerously"), HIGH ("hazard*"), HIGH ("unsafe"),
  HIGH ("injur*"), HIGH ("hurt"), HIGH ("accident"), HIGH ("crash"), HIGH ("bleeding"),
  HIGH ("fell"), HIGH ("tripped"), HIGH ("flood"), HIGH ("flooded"), HIGH ("flooding"),
  HIGH ("sinkhole*"), HIGH ("collaps*"), HIGH ("blocked road"), HIGH ("road blocked"),
  HIGH ("road is blocked"), HIGH ("blocking the road"), HIGH ("blocking traffic"),
  HIGH ("impassable"), HIGH ("tree down"), HIGH ("trees down"), HIGH ("downed tree*"),
  HIGH ("fallen tree*"), HIGH ("needle*"), HIGH ("syringe*"), HIGH ("open manhole"),
  HIGH ("missing manhole"), HIGH ("manhole cover missing"), HIGH ("traffic light out"),
  HIGH ("traffic lights out"), HIGH ("signal out"), HIGH ("signals out"), HIGH ("raw sewage"),
  HIGH ("water main*"),
  HIGH ("gevaar"), HIGH ("gevaarlijk*"), HIGH ("levensgevaarlijk*"), HIGH ("onveilig*"),
  HIGH ("gewond*"), HIGH ("letsel"), HIGH ("ongeluk*"), HIGH ("ongeval*"), HIGH ("gevallen"),
  HIGH ("gestruikeld"), HIGH ("overstroming*"), HIGH ("overstroomd"), HIGH ("wateroverlast"),
  HIGH ("ondergelopen"), HIGH ("zinkgat*"), HIGH ("ingestort"), HIGH ("instort*"),
  HIGH ("versperd*"), HIGH ("geblokkeerd*"), HIGH ("onbegaanbaar"), HIGH ("omgevallen boom"),
  HIGH ("boom omgevallen"), HIGH ("boom is omgevallen"), HIGH ("injectienaald*"),
  HIGH ("rioolwater"),

  /* Nuisances with a health side. */
  MED ("broken glass"), MED ("glass on the road"), MED ("rat"), MED ("rats"), MED ("vermin"),
  MED ("scherven"), MED ("glasscherven"), MED ("ratten"), MED ("ongedierte"),

  /* Vulnerable people nearby. */
  BUMP ("child"), BUMP ("children"), BUMP ("kid"), BUMP ("kids"), BUMP ("school"),
  BUMP ("schoolchildren"), BUMP ("toddler*"), BUMP ("baby"), BUMP ("babies"), BUMP ("elderly"),
  BUMP ("wheelchair*"), BUMP ("pram"), BUMP ("stroller*"),
  BUMP ("kind"), BUMP ("kinderen"), BUMP ("kinderwagen*"), BUMP ("basisschool"),
  BUMP ("ouderen"), BUMP ("bejaard*"), BUMP ("rolstoel*"), BUMP ("slechtziend*"),

  /* Look-alikes. */
  SKIP ("fire hydrant*"), SKIP ("fire station"), SKIP ("fire department"), SKIP ("fire lane*"),
  SKIP ("fire escape"), SKIP ("fire truck"), SKIP ("fire engine"), SKIP ("fire pit"),
  SKIP ("fire brigade"), SKIP ("fire alarm"), SKIP ("fire works"), SKIP ("brand new"),
  SKIP ("flood light*"), SKIP ("smoke detector"), SKIP ("no danger"), SKIP ("not dangerous"),
  SKIP ("geen gevaar"), SKIP ("niet gevaarlijk"), SKIP ("kind of"), SKIP ("kinds of"),
  SKIP ("some kind"), SKIP ("kind regards"), SKIP ("rat run"),
};

const char *
cs_severity_to_string (CsSeverity severity)
{
  switch (severity)
    {
    case CS_SEVERITY_LOW: return "low";
    case CS_SEVERITY_MEDIUM: return "medium";
    case CS_SEVERITY_HIGH: return "high";
    case CS_SEVERITY_CRITICAL: return "critical";
    default: break;
    }
  g_return_val_if_reached ("medium");
}

const char *
cs_severity_label (CsSeverity severity)
{
  switch (severity)
    {
    case CS_SEVERITY_LOW: return _("Low");
    case CS_SEVERITY_MEDIUM: return _("Medium");
    case CS_SEVERITY_HIGH: return _("High");
    case CS_SEVERITY_CRITICAL: return _("Critical");
    default: break;
    }
  g_return_val_if_reached (_("Medium"));
}

gboolean
cs_severity_from_string (const char *text,
                         CsSeverity *severity)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (CsSeverity s = CS_SEVERITY_LOW; s <= CS_SEVERITY_LAST; s++)
    if (g_ascii_strcasecmp (text, cs_severity_to_string (s)) == 0)
      {
        if (severity != NULL)
          *severity = s;
        return TRUE;
      }
  return FALSE;
}

/* How many tokens from tokens[i] the phrase covers, or 0. */
static guint
match_phrase (const char  *phrase,
              char       **tokens,
              guint        i,
              guint        n)
{
  const char *p = phrase;
  guint matched = 0;

  while (*p != '\0')
    {
      const char *end = strchr (p, ' ');
      gsize len = end ? (gsize) (end - p) : strlen (p);
      gboolean prefix = len > 0 && p[len - 1] == '*';
      const char *token;

      if (i + matched >= n)
        return 0;
      token = tokens[i + matched];
      if (prefix)
        {
          if (strncmp (token, p, len - 1) != 0)
            return 0;
        }
      else if (strncmp (token, p, len) != 0 || token[len] != '\0')
        return 0;
      matched++;
      p += len;
      while (*p == ' ')
        p++;
    }
  return matched;
}

static void
add_reason (GString    *reason,
            char      **tokens,
            guint       start,
            guint       n_tokens,
            CsSeverity  level)
{
  g_autoptr(GString) words = g_string_new (NULL);

  for (guint k = 0; k < n_tokens; k++)
    g_string_append_printf (words, "%s%s", k ? " " : "", tokens[start + k]);
  if (reason->len > 0)
    g_string_append (reason, "; ");
  /* Translators: the first %s is a word from the report, the second a severity. */
  g_string_append_printf (reason, _("“%s” raised it to %s"), words->str,
                          cs_severity_to_string (level));
}

/* Returns the severity of a report of a category whose default is
 * category_default; reason (optional) says what raised it, or is NULL. */
CsSeverity
cs_severity_assess (CsSeverity   category_default,
                    const char  *text,
                    guint        upvotes,
                    char       **reason)
{
  g_auto(GStrv) tokens = NULL;
  g_autoptr(GString) why = g_string_new (NULL);
  CsSeverity severity = CLAMP (category_default, CS_SEVERITY_LOW, CS_SEVERITY_LAST);
  CsSeverity keyword_level = CS_SEVERITY_LOW;
  guint keyword_at = 0, keyword_len = 0;
  guint bump_at = 0, bump_len = 0;
  guint levels;
  guint n;

  tokens = cs_text_tokens (text != NULL ? text : "", -1);
  n = g_strv_length (tokens);

  for (guint i = 0; i < n;)
    {
      const Rule *best = NULL;
      guint best_len = 0;

      for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
        {
          guint m;

          if (rules[r].phrase[0] != tokens[i][0])
            continue;
          m = match_phrase (rules[r].phrase, tokens, i, n);
          if (m > best_len)
            best = &rules[r], best_len = m;
        }
      if (best == NULL)
        {
          i++;
          continue;
        }
      if (best->kind == RULE_AT_LEAST && (best->level > keyword_level || keyword_len == 0))
        keyword_level = best->level, keyword_at = i, keyword_len = best_len;
      else if (best->kind == RULE_BUMP && bump_len == 0)
        bump_at = i, bump_len = best_len;
      i += best_len;
    }

  if (keyword_len > 0 && keyword_level > severity)
    {
      severity = keyword_level;
      add_reason (why, tokens, keyword_at, keyword_len, severity);
    }
  if (bump_len > 0 && severity < CS_SEVERITY_CRITICAL)
    {
      severity++;
      add_reason (why, tokens, bump_at, bump_len, severity);
    }

  levels = (upvotes >= CS_SEVERITY_UPVOTES_ONE_LEVEL) + (upvotes >= CS_SEVERITY_UPVOTES_TWO_LEVELS);
  if (levels > 0 && severity < CS_SEVERITY_HIGH)
    {
      severity = MIN (severity + levels, CS_SEVERITY_HIGH);
      if (why->len > 0)
        g_string_append (why, "; ");
      g_string_append_printf (why,
                              g_dngettext (GETTEXT_PACKAGE, "%u upvote raised it to %s",
                                           "%u upvotes raised it to %s", upvotes),
                              upvotes, cs_severity_to_string (severity));
    }

  if (reason != NULL)
    *reason = why->len > 0 ? g_strdup (why->str) : NULL;
  return severity;
}

/* Words that end in a full stop without ending the sentence ("Main St. near
 * the school"); single letters (initials, "N. Main") count too. */
static const char * const abbreviations[] = {
  "apt", "approx", "ave", "bldg", "blvd", "bv", "ca", "dhr", "dr", "e.g", "eg", "hwy", "i.e",
  "ie", "jr", "ln", "mevr", "mr", "mrs", "ms", "mt", "no", "nr", "pl", "rd", "sr", "st", "str",
  "vs",
};

static gboolean
is_abbreviation (const char *start,
                 const char *dot)
{
  const char *w = dot;

  while (w > start && w[-1] != ' ')
    w--;
  if (dot - w == 1 && g_ascii_isalpha (*w))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (abbreviations); i++)
    if ((gsize) (dot - w) == strlen (abbreviations[i]) &&
        g_ascii_strncasecmp (w, abbreviations[i], dot - w) == 0)
      return TRUE;
  return FALSE;
}

/* One line of valid UTF-8: runs of white space and control characters become
 * one space; the first paragraph only. */
static char *
clean_line (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean pending_space = FALSE;
  guint newlines = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        newlines++;
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || c == 0xFFFD)
        {
          pending_space = out->len > 0;
          continue;
        }
      if (g_unichar_type (c) == G_UNICODE_FORMAT)
        continue;   /* zero-width and direction marks */
      if (newlines >= 2 && out->len > 0)
        break;      /* a blank line ends the first paragraph */
      newlines = 0;
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* A clean one-line summary of a citizen's description: its first sentence,
 * cut at a word boundary to max_chars characters (ellipsis included); the
 * fallback (the category's name) when the description says nothing. */
char *
cs_report_summary (const char *description,
                   const char *fallback,
                   guint       max_chars)
{
  g_autofree char *valid = NULL;
  g_autofree char *line = NULL;
  GString *sentence;
  gboolean has_word = FALSE;
  gsize n;

  g_return_val_if_fail (max_chars >= 2, NULL);

  if (description == NULL)
    description = "";
  n = strnlen (description, CS_TEXT_MAX_BYTES + 1);
  if (n > CS_TEXT_MAX_BYTES)
    for (n = CS_TEXT_MAX_BYTES; n > 0 && ((guchar) description[n] & 0xC0) == 0x80; n--)
      ;
  valid = g_utf8_make_valid (description, n);
  line = clean_line (valid);

  sentence = g_string_new (NULL);
  for (const char *p = line; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      gboolean at_end = *next == '\0' || *next == ' ';

      g_string_append_unichar (sentence, c);
      if (g_unichar_isalnum (c))
        has_word = TRUE;
      if (!at_end || !has_word)
        continue;
      if (c == '!' || c == '?' || c == 0x2026 || (c == '.' && !is_abbreviation (line, p)))
        break;
    }

  /* Full stops (not ! or ?) end a sentence but not a title. */
  while (sentence->len > 0 && sentence->str[sentence->len - 1] == '.')
    g_string_truncate (sentence, sentence->len - 1);
  while (sentence->len > 0 && sentence->str[sentence->len - 1] == ' ')
    g_string_truncate (sentence, sentence->len - 1);

  if (!has_word)
    {
      g_string_free (sentence, TRUE);
      return g_strdup (fallback != NULL ? fallback : "");
    }

  {
    gunichar first = g_utf8_get_char (sentence->str);

    if (g_unichar_islower (first))
      {
        char title[8];
        gint len = g_unichar_to_utf8 (g_unichar_totitle (first), title);

        g_string_erase (sentence, 0, g_utf8_next_char (sentence->str) - sentence->str);
        g_string_insert_len (sentence, 0, title, len);
      }
  }

  if (g_utf8_strlen (sentence->str, -1) > (glong) max_chars)
    {
      const char *limit = g_utf8_offset_to_pointer (sentence->str, max_chars - 1);
      const char *half = g_utf8_offset_to_pointer (sentence->str, (max_chars - 1) / 2);
      const char *cut = limit;

      /* Back to the last space, unless that throws away more than half. */
      for (const char *q = limit; q > half; q--)
        if (*q == ' ')
          {
            cut = q;
            break;
          }
      g_string_truncate (sentence, cut - sentence->str);
      while (sentence->len > 0 && strchr (" ,;:-", sentence->str[sentence->len - 1]) != NULL)
        g_string_truncate (sentence, sentence->len - 1);
      g_string_append (sentence, "…");
    }
  return g_string_free (sentence, FALSE);
}
