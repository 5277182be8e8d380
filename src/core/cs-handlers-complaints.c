/* cs-handlers-complaints.c: the built-in handlers of complaint handling
 *
 * complaint.register gives a complaint its reference; complaint.classify
 * routes it to a department by its keywords and sets its priority;
 * complaint.resolve closes it and measures the time taken against the
 * department's service level; feedback.record records the citizen's
 * satisfaction with the outcome.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-handlers-private.h"

/* complaint.register */

static gboolean
complaint_register (CsHandlerContext  *ctx,
                    JsonObject        *inputs,
                    JsonObject        *outputs,
                    GError           **error)
{
  static const char * const channels[] = { "web", "phone", "in_person", "mobile", "email", NULL };
  const char *subject, *description, *channel;
  g_autofree char *seed = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *day = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *received = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (!cs_handlers_get_string (inputs, "subject", TRUE, &subject, error) ||
      !cs_handlers_get_string (inputs, "description", TRUE, &description, error) ||
      !cs_handlers_get_string (inputs, "channel", FALSE, &channel, error))
    return FALSE;

  if (cs_handlers_is_blank (subject) || cs_handlers_is_blank (description))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT, _("Invalid input %s: it is blank"),
                   cs_handlers_is_blank (subject) ? "subject" : "description");
      return FALSE;
    }
  if (channel == NULL)
    channel = "web";
  if (!g_strv_contains (channels, channel))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input channel: “%s” is not a channel complaints arrive by"), channel);
      return FALSE;
    }

  utc = g_date_time_to_utc (ctx->now);
  day = g_date_time_format (utc, "%Y%m%d");
  seed = g_strjoin ("\n", ctx->instance_id ? ctx->instance_id : "", subject, description, NULL);
  hex = cs_handlers_hex_upper_prefix (seed, 6);
  reference = g_strdup_printf ("CMP-%s-%s", day, hex);
  received = cs_handlers_format_now (ctx);

  json_object_set_string_member (outputs, "complaint_reference", reference);
  json_object_set_string_member (outputs, "received_at", received);
  json_object_set_string_member (outputs, "channel", channel);
  return TRUE;
}

/* complaint.classify */

static const char * const works_keywords[] = {
  "pothole", "road", "street", "streetlight", "sidewalk", "pavement", "drain", "sewer",
  "leak", "bridge", "manhole", "curb", NULL
};
static const char * const sanitation_keywords[] = {
  "garbage", "trash", "rubbish", "waste", "litter", "recycling", "bin", "dumping",
  "dumped", "collection", NULL
};
static const char * const health_keywords[] = {
  "noise", "noisy", "loud", "music", "barking", "smell", "odour", "odor", "smoke",
  "pollution", "mold", "mould", "pest", "rat", "rodent", "cockroach", NULL
};
static const char * const transport_keywords[] = {
  "bus", "parking", "parked", "traffic", "signal", "taxi", "tram", "train", "bicycle",
  "bike", "crossing", NULL
};
static const char * const urgent_keywords[] = {
  "danger", "dangerous", "unsafe", "injury", "injured", "hazard", "fire", "flood",
  "flooding", "collapsed", "emergency", "urgent", "gas", NULL
};
static const char * const minor_keywords[] = {
  "suggestion", "minor", "cosmetic", "idea", NULL
};

static const struct
{
  const char         *department;
  const char * const *keywords;
  guint               sla_days;
} departments[] = {
  { "public_works", works_keywords, 10 },
  { "sanitation", sanitation_keywords, 3 },
  { "environmental_health", health_keywords, 7 },
  { "transport", transport_keywords, 10 },
};

#define GENERAL_DEPARTMENT "general_services"
#define GENERAL_SLA_DAYS 15

static char **
split_words (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  g_autoptr(GStrvBuilder) words = g_strv_builder_new ();
  const char *start = NULL;

  for (const char *p = lower;; p++)
    {
      gboolean word_char = *p != '\0' && (g_ascii_isalnum (*p) || (guchar) *p >= 0x80);

      if (word_char && start == NULL)
        start = p;
      else if (!word_char && start != NULL)
        {
          g_autofree char *word = g_strndup (start, p - start);
          g_strv_builder_add (words, word);
          start = NULL;
        }
      if (*p == '\0')
        break;
    }
  return g_strv_builder_end (words);
}

/* Plural forms count as the keyword. */
static gboolean
word_matches (const char *word,
              const char *keyword)
{
  gsize klen = strlen (keyword);

  if (strncmp (word, keyword, klen) != 0)
    return FALSE;
  return word[klen] == '\0' || g_str_equal (word + klen, "s") || g_str_equal (word + klen, "es");
}

static const char *
match_keyword (const char         *word,
               const char * const *keywords)
{
  for (guint i = 0; keywords[i] != NULL; i++)
    if (word_matches (word, keywords[i]))
      return keywords[i];
  return NULL;
}

static gboolean
complaint_classify (CsHandlerContext  *ctx,
                    JsonObject        *inputs,
                    JsonObject        *outputs,
                    GError           **error)
{
  const char *subject, *description;
  g_auto(GStrv) subject_words = NULL;
  g_auto(GStrv) description_words = NULL;
  guint scores[G_N_ELEMENTS (departments)] = { 0 };
  GPtrArray *matched[G_N_ELEMENTS (departments)];
  guint total = 0, best = 0;
  gboolean urgent = FALSE, minor = FALSE;
  g_autoptr(JsonArray) keywords = json_array_new ();

  if (!cs_handlers_get_string (inputs, "subject", TRUE, &subject, error) ||
      !cs_handlers_get_string (inputs, "description", TRUE, &description, error))
    return FALSE;

  subject_words = split_words (subject);
  description_words = split_words (description);
  for (guint d = 0; d < G_N_ELEMENTS (departments); d++)
    matched[d] = g_ptr_array_new ();

  for (guint pass = 0; pass < 2; pass++)
    {
      char **words = pass == 0 ? subject_words : description_words;
      /* The subject is what the citizen thinks the complaint is about. */
      guint weight = pass == 0 ? 2 : 1;

      for (guint w = 0; words[w] != NULL; w++)
        {
          urgent |= match_keyword (words[w], urgent_keywords) != NULL;
          minor |= match_keyword (words[w], minor_keywords) != NULL;
          for (guint d = 0; d < G_N_ELEMENTS (departments); d++)
            {
              const char *keyword = match_keyword (words[w], departments[d].keywords);

              if (keyword == NULL)
                continue;
              scores[d] += weight;
              total += weight;
              if (!g_ptr_array_find_with_equal_func (matched[d], keyword, g_str_equal, NULL))
                g_ptr_array_add (matched[d], (gpointer) keyword);
            }
        }
    }

  for (guint d = 1; d < G_N_ELEMENTS (departments); d++)
    if (scores[d] > scores[best])
      best = d;

  if (total == 0)
    {
      json_object_set_string_member (outputs, "department", GENERAL_DEPARTMENT);
      json_object_set_double_member (outputs, "classification_confidence", 0.0);
    }
  else
    {
      json_object_set_string_member (outputs, "department", departments[best].department);
      json_object_set_double_member (outputs, "classification_confidence",
                                     round (100.0 * scores[best] / total) / 100.0);
      for (guint i = 0; i < matched[best]->len; i++)
        json_array_add_string_element (keywords, g_ptr_array_index (matched[best], i));
    }
  json_object_set_string_member (outputs, "priority", urgent ? "high" : minor ? "low" : "normal");
  json_object_set_array_member (outputs, "matched_keywords", g_steal_pointer (&keywords));
  for (guint d = 0; d < G_N_ELEMENTS (departments); d++)
    g_ptr_array_unref (matched[d]);
  return TRUE;
}

/* complaint.resolve */

static gboolean
complaint_resolve (CsHandlerContext  *ctx,
                   JsonObject        *inputs,
                   JsonObject        *outputs,
                   GError           **error)
{
  const char *reference, *department, *received_text, *summary;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) received = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *resolution = NULL;
  g_autofree char *resolved_at = NULL;
  GTimeSpan elapsed;
  gint64 days;
  guint sla = GENERAL_SLA_DAYS;

  if (!cs_handlers_get_string (inputs, "complaint_reference", TRUE, &reference, error) ||
      !cs_handlers_get_string (inputs, "department", TRUE, &department, error) ||
      !cs_handlers_get_string (inputs, "received_at", TRUE, &received_text, error) ||
      !cs_handlers_get_string (inputs, "resolution_summary", FALSE, &summary, error))
    return FALSE;

  received = g_date_time_new_from_iso8601 (received_text, utc);
  if (received == NULL)
    {
      GDate date;

      if (cs_handlers_parse_date (received_text, &date))
        received = g_date_time_new (utc, g_date_get_year (&date), g_date_get_month (&date),
                                    g_date_get_day (&date), 0, 0, 0);
    }
  if (received == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input received_at: “%s” is not a date"), received_text);
      return FALSE;
    }
  elapsed = g_date_time_difference (ctx->now, received);
  if (elapsed < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input received_at: %s is in the future"), received_text);
      return FALSE;
    }

  for (guint d = 0; d < G_N_ELEMENTS (departments); d++)
    if (g_str_equal (department, departments[d].department))
      sla = departments[d].sla_days;

  /* Any started day counts: citizens experience calendar time. */
  days = (elapsed + G_TIME_SPAN_DAY - 1) / G_TIME_SPAN_DAY;
  seed = g_strjoin ("\n", ctx->instance_id ? ctx->instance_id : "", reference, NULL);
  hex = cs_handlers_hex_upper_prefix (seed, 8);
  resolution = g_strdup_printf ("RES-%s", hex);
  resolved_at = cs_handlers_format_now (ctx);

  json_object_set_string_member (outputs, "resolution_reference", resolution);
  json_object_set_string_member (outputs, "resolved_at", resolved_at);
  json_object_set_int_member (outputs, "resolution_days", days);
  json_object_set_boolean_member (outputs, "within_sla", days <= sla);
  return TRUE;
}

/* feedback.record */

static gboolean
feedback_record (CsHandlerContext  *ctx,
                 JsonObject        *inputs,
                 JsonObject        *outputs,
                 GError           **error)
{
  const char *comment, *reference;
  gint64 rating;
  gboolean has_rating;
  const char *satisfaction;

  if (!cs_handlers_get_int (inputs, "rating", FALSE, 0, &rating, &has_rating, error) ||
      !cs_handlers_get_string (inputs, "comment", FALSE, &comment, error) ||
      !cs_handlers_get_string (inputs, "complaint_reference", FALSE, &reference, error))
    return FALSE;

  if (has_rating && (rating < 1 || rating > 5))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input rating: %" G_GINT64_FORMAT " is not between 1 and 5"), rating);
      return FALSE;
    }
  if (comment != NULL && g_utf8_strlen (comment, -1) > 2000)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input comment: longer than 2000 characters"));
      return FALSE;
    }

  /* A citizen who does not answer is not counted as satisfied. */
  if (!has_rating)
    satisfaction = "no_response";
  else if (rating >= 4)
    satisfaction = "satisfied";
  else if (rating == 3)
    satisfaction = "neutral";
  else
    satisfaction = "dissatisfied";

  json_object_set_boolean_member (outputs, "feedback_recorded", has_rating);
  json_object_set_string_member (outputs, "satisfaction", satisfaction);
  json_object_set_boolean_member (outputs, "follow_up_required", has_rating && rating <= 2);
  return TRUE;
}

/* The built-in table */

static const ParamSpec complaint_register_in[] = {
  IN ("subject", STRING, TRUE, NULL, N_("Subject of the complaint")),
  IN ("description", STRING, TRUE, NULL, N_("What happened")),
  IN ("channel", STRING, FALSE, "^(web|phone|in_person|mobile|email)$", N_("How it arrived")),
  END
};
static const ParamSpec complaint_register_out[] = {
  OUT ("complaint_reference", STRING, N_("Reference given to the citizen")),
  OUT ("received_at", DATE, N_("When it was registered")),
  OUT ("channel", STRING, N_("How it arrived")),
  END
};

static const ParamSpec complaint_classify_in[] = {
  IN ("subject", STRING, TRUE, NULL, N_("Subject of the complaint")),
  IN ("description", STRING, TRUE, NULL, N_("What happened")),
  END
};
static const ParamSpec complaint_classify_out[] = {
  OUT ("department", STRING, N_("Department the complaint goes to")),
  OUT ("priority", STRING, N_("high, normal or low")),
  OUT ("matched_keywords", ARRAY, N_("Keywords that decided the department")),
  OUT ("classification_confidence", NUMBER, N_("Share of the keywords that agree, 0 to 1")),
  END
};

static const ParamSpec complaint_resolve_in[] = {
  IN ("complaint_reference", STRING, TRUE, NULL, N_("Reference of the complaint")),
  IN ("department", STRING, TRUE, NULL, N_("Department that handled it")),
  IN ("received_at", DATE, TRUE, NULL, N_("When it was registered")),
  IN ("resolution_summary", STRING, FALSE, NULL, N_("What was done")),
  END
};
static const ParamSpec complaint_resolve_out[] = {
  OUT ("resolution_reference", STRING, N_("Reference of the resolution")),
  OUT ("resolved_at", DATE, N_("When it was resolved")),
  OUT ("resolution_days", INTEGER, N_("Started days from registration to resolution")),
  OUT ("within_sla", BOOLEAN, N_("Whether the department met its service level")),
  END
};

static const ParamSpec feedback_record_in[] = {
  IN ("rating", INTEGER, FALSE, NULL, N_("Satisfaction from 1 to 5")),
  IN ("comment", STRING, FALSE, NULL, N_("Free text from the citizen")),
  IN ("complaint_reference", STRING, FALSE, NULL, N_("Complaint the feedback is about")),
  END
};
static const ParamSpec feedback_record_out[] = {
  OUT ("feedback_recorded", BOOLEAN, N_("Whether the citizen gave a rating")),
  OUT ("satisfaction", STRING, N_("satisfied, neutral, dissatisfied or no_response")),
  OUT ("follow_up_required", BOOLEAN, N_("Whether an officer should call back")),
  END
};

static const BuiltinSpec builtins[] = {
  { "complaint.register", complaint_register,
    N_("Registers a complaint and gives it a reference"),
    complaint_register_in, complaint_register_out },
  { "complaint.classify", complaint_classify,
    N_("Routes a complaint to a department by its keywords and sets its priority"),
    complaint_classify_in, complaint_classify_out },
  { "complaint.resolve", complaint_resolve,
    N_("Closes a complaint and measures the time taken against the department's service level"),
    complaint_resolve_in, complaint_resolve_out },
  { "feedback.record", feedback_record,
    N_("Records the citizen's satisfaction rating"),
    feedback_record_in, feedback_record_out },
};

void
cs_handlers_register_complaints (CsHandlerRegistry *registry)
{
  cs_handlers_register_builtins (registry, builtins, G_N_ELEMENTS (builtins));
}
