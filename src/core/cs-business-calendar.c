/* cs-business-calendar.c: working hours, public holidays and a time zone
 *
 * The calendar itself is only its definition, checked once; the measuring
 * lives in cs-business-calendar-clock.c. Each calendar carries two clocks,
 * one per CsCalendarMeasure, built when it is created so that it can be
 * shared read-only by the SLA workers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-business-calendar-private.h"
#include "cs-error.h"

G_DEFINE_BOXED_TYPE (CsBusinessCalendar, cs_business_calendar,
                     cs_business_calendar_ref, cs_business_calendar_unref)

/* Instants beyond these (about ±3,000 years) are clamped so that no wall
 * time or position can overflow. */
#define INSTANT_LIMIT (G_GINT64_CONSTANT (100000000000000000))

static const char * const weekday_keys[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
static const char * const weekday_names[7] = {
  N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
  N_("Sunday"),
};

static gint32
day_of_date (const GDate *date)
{
  GDate epoch;

  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  return (gint32) g_date_get_julian (date) - (gint32) g_date_get_julian (&epoch);
}

static gboolean
parse_clock_time (const char *text,
                  const char **end,
                  guint       *minutes)
{
  const char *p = text;
  guint hours = 0, digits = 0;

  while (g_ascii_isdigit (*p) && digits < 2)
    hours = hours * 10 + (guint) (*p++ - '0'), digits++;
  if (digits == 0 || *p != ':' || !g_ascii_isdigit (p[1]) || !g_ascii_isdigit (p[2]))
    return FALSE;
  *minutes = hours * 60 + (guint) ((p[1] - '0') * 10 + (p[2] - '0'));
  *end = p + 3;
  return p[1] < '6' && (hours < 24 || *minutes == 24 * 60);
}

/* "08:30-12:00, 13:00-17:00" → minutes after midnight. */
static gboolean
parse_hours (const char  *text,
             guint        weekday,
             guint16      minutes[CS_CALENDAR_MAX_INTERVALS][2],
             guint       *n_intervals,
             GError     **error)
{
  g_auto(GStrv) parts = NULL;

  *n_intervals = 0;
  if (text == NULL || *text == '\0')
    return TRUE;
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *p = g_strstrip (parts[i]);
      guint start, end;

      if (*n_intervals == CS_CALENDAR_MAX_INTERVALS)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("%s: at most %u working intervals a day"),
                       _(weekday_names[weekday]), CS_CALENDAR_MAX_INTERVALS);
          return FALSE;
        }
      if (!parse_clock_time (p, &p, &start) || *p++ != '-' ||
          !parse_clock_time (p, &p, &end) || *p != '\0')
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("%s: “%s” is not a time interval such as 08:30-17:00"),
                       _(weekday_names[weekday]), parts[i]);
          return FALSE;
        }
      if (end <= start)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("%s: the interval “%s” ends before it starts"),
                       _(weekday_names[weekday]), parts[i]);
          return FALSE;
        }
      if (*n_intervals > 0 && start < minutes[*n_intervals - 1][1])
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("%s: the interval “%s” overlaps or comes before the one before it"),
                       _(weekday_names[weekday]), parts[i]);
          return FALSE;
        }
      minutes[*n_intervals][0] = (guint16) start;
      minutes[*n_intervals][1] = (guint16) end;
      (*n_intervals)++;
    }
  return TRUE;
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  gint32 x = *(const gint32 *) a, y = *(const gint32 *) b;

  return (x > y) - (x < y);
}

CsBusinessCalendar *
cs_business_calendar_new (const char          *time_zone,
                          const char * const  *hours,
                          const GDate         *holidays,
                          guint                n_holidays,
                          GError             **error)
{
  g_autoptr(CsBusinessCalendar) calendar = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  guint total = 0, unique = 0;

  g_return_val_if_fail (holidays != NULL || n_holidays == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (time_zone == NULL || *time_zone == '\0' ||
      (tz = g_time_zone_new_identifier (time_zone)) == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a known time zone (use a name such as Europe/Amsterdam)"),
                   time_zone != NULL ? time_zone : "");
      return NULL;
    }

  calendar = g_new0 (CsBusinessCalendar, 1);
  g_atomic_ref_count_init (&calendar->ref_count);
  calendar->time_zone = g_strdup (time_zone);
  for (guint d = 0; d < 7 && hours != NULL; d++)
    {
      if (!parse_hours (hours[d], d, calendar->minutes[d], &calendar->n_intervals[d], error))
        return NULL;
      total += calendar->n_intervals[d];
    }
  if (total == 0)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("A business calendar needs working hours on at least one day"));
      return NULL;
    }

  calendar->holidays = g_new (gint32, MAX (n_holidays, 1));
  for (guint i = 0; i < n_holidays; i++)
    {
      if (!g_date_valid (&holidays[i]))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Holiday %u is not a valid date"), i + 1);
          return NULL;
        }
      calendar->holidays[i] = day_of_date (&holidays[i]);
    }
  qsort (calendar->holidays, n_holidays, sizeof (gint32), compare_days);
  for (guint i = 0; i < n_holidays; i++)
    if (unique == 0 || calendar->holidays[unique - 1] != calendar->holidays[i])
      calendar->holidays[unique++] = calendar->holidays[i];
  calendar->n_holidays = unique;

  calendar->zone = cs_zone_changes_lookup (tz, time_zone);
  cs_calendar_clock_init (&calendar->clocks[CS_CALENDAR_WORKING_HOURS], calendar,
                          CS_CALENDAR_WORKING_HOURS);
  cs_calendar_clock_init (&calendar->clocks[CS_CALENDAR_WORKING_DAYS], calendar,
                          CS_CALENDAR_WORKING_DAYS);
  return g_steal_pointer (&calendar);
}

CsBusinessCalendar *
cs_business_calendar_ref (CsBusinessCalendar *calendar)
{
  g_return_val_if_fail (calendar != NULL, NULL);

  g_atomic_ref_count_inc (&calendar->ref_count);
  return calendar;
}

void
cs_business_calendar_unref (CsBusinessCalendar *calendar)
{
  if (calendar == NULL || !g_atomic_ref_count_dec (&calendar->ref_count))
    return;
  cs_calendar_clock_clear (&calendar->clocks[0]);
  cs_calendar_clock_clear (&calendar->clocks[1]);
  g_free (calendar->holidays);
  g_free (calendar->time_zone);
  g_free (calendar);
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  guint values[3] = { 0, 0, 0 };
  const guint widths[3] = { 4, 2, 2 };
  const char *p = text;

  for (guint part = 0; part < 3; part++)
    {
      for (guint i = 0; i < widths[part]; i++, p++)
        {
          if (!g_ascii_isdigit (*p))
            return FALSE;
          values[part] = values[part] * 10 + (guint) (*p - '0');
        }
      if (*p != (part < 2 ? '-' : '\0'))
        return FALSE;
      p++;
    }
  if (!g_date_valid_dmy ((GDateDay) values[2], (GDateMonth) values[1], (GDateYear) values[0]))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) values[2], (GDateMonth) values[1], (GDateYear) values[0]);
  return TRUE;
}

static gboolean
holds_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

CsBusinessCalendar *
cs_business_calendar_new_from_json (JsonNode  *node,
                                    GError   **error)
{
  JsonObject *object, *hours_object;
  JsonNode *member;
  const char *hours[7] = { NULL, NULL, NULL, NULL, NULL, NULL, NULL };
  g_autoptr(GArray) holidays = g_array_new (FALSE, TRUE, sizeof (GDate));
  g_autoptr(GList) names = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("A business calendar must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "time_zone") && !g_str_equal (l->data, "hours") &&
        !g_str_equal (l->data, "holidays"))
      {
        g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                     _("Business calendar: unknown member “%s”"), (const char *) l->data);
        return NULL;
      }

  member = json_object_get_member (object, "time_zone");
  if (member == NULL || !holds_string (member))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("Business calendar: “time_zone” must be a string such as “Europe/Amsterdam”"));
      return NULL;
    }

  member = json_object_get_member (object, "hours");
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("Business calendar: “hours” must be an object such as { \"mon\": \"08:30-17:00\" }"));
      return NULL;
    }
  hours_object = json_node_get_object (member);
  g_clear_pointer (&names, g_list_free);
  names = json_object_get_members (hours_object);
  for (GList *l = names; l != NULL; l = l->next)
    {
      guint d = 0;
      JsonNode *value = json_object_get_member (hours_object, l->data);

      while (d < 7 && !g_str_equal (weekday_keys[d], l->data))
        d++;
      if (d == 7 || !holds_string (value))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       d == 7 ? _("Business calendar: “%s” is not a weekday (use mon, tue, wed, thu, fri, sat, sun)")
                              : _("Business calendar: the hours of “%s” must be a string such as “08:30-17:00”"),
                       (const char *) l->data);
          return NULL;
        }
      hours[d] = json_node_get_string (value);
    }

  member = json_object_get_member (object, "holidays");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          GDate date;

          if (!holds_string (item) || !parse_date (json_node_get_string (item), &date))
            {
              g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("Business calendar: holiday %u must be a date such as “2025-12-25”"),
                           i + 1);
              return NULL;
            }
          g_array_append_val (holidays, date);
        }
      if (array == NULL)
        {
          g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                               _("Business calendar: “holidays” must be a list of dates"));
          return NULL;
        }
    }

  return cs_business_calendar_new (json_object_get_string_member (object, "time_zone"), hours,
                                   (const GDate *) (gpointer) holidays->data, holidays->len,
                                   error);
}

JsonNode *
cs_business_calendar_to_json (CsBusinessCalendar *calendar)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (calendar != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "time_zone");
  json_builder_add_string_value (builder, calendar->time_zone);
  json_builder_set_member_name (builder, "hours");
  json_builder_begin_object (builder);
  for (guint d = 0; d < 7; d++)
    if (calendar->n_intervals[d] > 0)
      {
        g_autofree char *text = cs_business_calendar_dup_hours (calendar, (GDateWeekday) (d + 1));

        json_builder_set_member_name (builder, weekday_keys[d]);
        json_builder_add_string_value (builder, text);
      }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "holidays");
  json_builder_begin_array (builder);
  for (guint i = 0; i < calendar->n_holidays; i++)
    {
      GDate date;
      char text[16];

      cs_business_calendar_get_holiday (calendar, i, &date);
      g_snprintf (text, sizeof text, "%04u-%02u-%02u", g_date_get_year (&date),
                  g_date_get_month (&date), g_date_get_day (&date));
      json_builder_add_string_value (builder, text);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

const char *
cs_business_calendar_get_time_zone (CsBusinessCalendar *calendar)
{
  g_return_val_if_fail (calendar != NULL, NULL);

  return calendar->time_zone;
}

char *
cs_business_calendar_dup_hours (CsBusinessCalendar *calendar,
                                GDateWeekday        weekday)
{
  GString *text;
  guint d = (guint) weekday - 1;

  g_return_val_if_fail (calendar != NULL, NULL);
  g_return_val_if_fail (weekday >= G_DATE_MONDAY && weekday <= G_DATE_SUNDAY, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < calendar->n_intervals[d]; i++)
    g_string_append_printf (text, "%s%02u:%02u-%02u:%02u", i > 0 ? ", " : "",
                            calendar->minutes[d][i][0] / 60u, calendar->minutes[d][i][0] % 60u,
                            calendar->minutes[d][i][1] / 60u, calendar->minutes[d][i][1] % 60u);
  return g_string_free (text, FALSE);
}

guint
cs_business_calendar_get_n_holidays (CsBusinessCalendar *calendar)
{
  g_return_val_if_fail (calendar != NULL, 0);

  return calendar->n_holidays;
}

void
cs_business_calendar_get_holiday (CsBusinessCalendar *calendar,
                                  guint               index,
                                  GDate              *date)
{
  GDate epoch;

  g_return_if_fail (calendar != NULL);
  g_return_if_fail (index < calendar->n_holidays);
  g_return_if_fail (date != NULL);

  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  g_date_clear (date, 1);
  g_date_set_julian (date, g_date_get_julian (&epoch) + (guint32) calendar->holidays[index]);
}

gboolean
cs_business_calendar_is_working_day (CsBusinessCalendar *calendar,
                                     const GDate        *date)
{
  g_return_val_if_fail (calendar != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  return calendar->n_intervals[g_date_get_weekday (date) - 1] > 0 &&
         cs_calendar_find_holiday (calendar, day_of_date (date), NULL) < 0;
}

gboolean
cs_business_calendar_is_open (CsBusinessCalendar *calendar,
                              gint64              instant)
{
  gint64 wall, day, minute;
  guint d;

  g_return_val_if_fail (calendar != NULL, FALSE);

  wall = cs_calendar_wall_time (calendar, CLAMP (instant, -INSTANT_LIMIT, INSTANT_LIMIT));
  day = wall / CS_CALENDAR_DAY - (wall % CS_CALENDAR_DAY < 0 ? 1 : 0);
  minute = (wall - day * CS_CALENDAR_DAY) / (60 * G_USEC_PER_SEC);
  d = (guint) (((day + 3) % 7 + 7) % 7);
  if (cs_calendar_find_holiday (calendar, (gint32) day, NULL) >= 0)
    return FALSE;
  for (guint i = 0; i < calendar->n_intervals[d]; i++)
    if (minute >= calendar->minutes[d][i][0] && minute < calendar->minutes[d][i][1])
      return TRUE;
  return FALSE;
}

gint64
cs_business_calendar_elapsed (CsBusinessCalendar *calendar,
                              CsCalendarMeasure   measure,
                              gint64              start,
                              gint64              end)
{
  const CsCalendarClock *clock;

  g_return_val_if_fail (calendar != NULL, 0);
  g_return_val_if_fail (measure <= CS_CALENDAR_WORKING_DAYS, 0);

  clock = &calendar->clocks[measure];
  start = CLAMP (start, -INSTANT_LIMIT, INSTANT_LIMIT);
  end = CLAMP (end, -INSTANT_LIMIT, INSTANT_LIMIT);
  return cs_calendar_clock_position (clock, calendar, end) -
         cs_calendar_clock_position (clock, calendar, start);
}

gint64
cs_business_calendar_add (CsBusinessCalendar *calendar,
                          CsCalendarMeasure   measure,
                          gint64              start,
                          gint64              duration)
{
  const CsCalendarClock *clock;

  g_return_val_if_fail (calendar != NULL, start);
  g_return_val_if_fail (measure <= CS_CALENDAR_WORKING_DAYS, start);

  if (duration <= 0)
    return start;
  clock = &calendar->clocks[measure];
  start = CLAMP (start, -INSTANT_LIMIT, INSTANT_LIMIT);
  duration = MIN (duration, INSTANT_LIMIT);
  return cs_calendar_clock_instant (clock, calendar,
                                    cs_calendar_clock_position (clock, calendar, start) + duration);
}

gint64
cs_business_calendar_add_working_days (CsBusinessCalendar *calendar,
                                       gint64              start,
                                       guint               n_days)
{
  g_return_val_if_fail (calendar != NULL, start);

  return cs_business_calendar_add (calendar, CS_CALENDAR_WORKING_DAYS, start,
                                   (gint64) n_days * CS_CALENDAR_DAY);
}

double
cs_business_calendar_count_working_days (CsBusinessCalendar *calendar,
                                         gint64              start,
                                         gint64              end)
{
  g_return_val_if_fail (calendar != NULL, 0.0);

  return (double) cs_business_calendar_elapsed (calendar, CS_CALENDAR_WORKING_DAYS, start, end) /
         (double) CS_CALENDAR_DAY;
}
