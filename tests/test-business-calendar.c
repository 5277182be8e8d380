/* test-business-calendar.c: working hours, holidays, working days and daylight saving
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "core/cs-business-calendar.h"
#include "core/cs-error.h"

#define HOUR CS_CALENDAR_HOUR
#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

static const char * const office_hours[7] = {
  "08:30-17:00", "08:30-17:00", "08:30-17:00", "08:30-17:00", "08:30-17:00", "", "",
};

/* Local wall time in @zone as microseconds since the epoch; the first of
 * two occurrences in an autumn night. */
static gint64
at (const char *zone,
    int         year,
    int         month,
    int         day,
    int         hour,
    int         minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

#define AMS(y, m, d, h, min) at ("Europe/Amsterdam", y, m, d, h, min)

static CsBusinessCalendar *
office_calendar (void)
{
  GDate christmas[2];
  g_autoptr(GError) error = NULL;
  CsBusinessCalendar *calendar;

  g_date_clear (christmas, 2);
  g_date_set_dmy (&christmas[0], 25, G_DATE_DECEMBER, 2025);
  g_date_set_dmy (&christmas[1], 26, G_DATE_DECEMBER, 2025);
  calendar = cs_business_calendar_new ("Europe/Amsterdam", office_hours, christmas, 2, &error);
  g_assert_no_error (error);
  return calendar;
}

static void
test_office_hours (void)
{
  g_autoptr(CsBusinessCalendar) cal = office_calendar ();
  CsCalendarMeasure h = CS_CALENDAR_WORKING_HOURS;

  /* Monday 3 March 2025, within one day, and around the opening hours. */
  g_assert_cmpint (cs_business_calendar_elapsed (cal, h, AMS (2025, 3, 3, 9, 0), AMS (2025, 3, 3, 11, 30)),
                   ==, 150 * MINUTE);
  g_assert_cmpint (cs_business_calendar_elapsed (cal, h, AMS (2025, 3, 3, 7, 0), AMS (2025, 3, 3, 18, 0)),
                   ==, 510 * MINUTE);
  /* Friday 16:00 to Monday 09:30: an hour on Friday, an hour on Monday. */
  g_assert_cmpint (cs_business_calendar_elapsed (cal, h, AMS (2025, 3, 7, 16, 0), AMS (2025, 3, 10, 9, 30)),
                   ==, 2 * HOUR);
  /* Backwards is negative. */
  g_assert_cmpint (cs_business_calendar_elapsed (cal, h, AMS (2025, 3, 10, 9, 30), AMS (2025, 3, 7, 16, 0)),
                   ==, -2 * HOUR);
  /* A whole week: five days of 8.5 hours. */
  g_assert_cmpint (cs_business_calendar_elapsed (cal, h, AMS (2025, 3, 3, 0, 0), AMS (2025, 3, 10, 0, 0)),
                   ==, 425 * HOUR / 10);
  /* Christmas Thursday and Friday are holidays: Wednesday 16:00 to Monday 09:00 is 1.5 h. */
  g_assert_cmpint (cs_business_calendar_elapsed (cal, h, AMS (2025, 12, 24, 16, 0), AMS (2025, 12, 29, 9, 0)),
                   ==, 90 * MINUTE);
  /* Across the spring change (Sunday 30 March 2025): the weekend is closed,
   * so 1.5 h of work although the wall clock shows 65 h and 65 − 1 passed. */
  g_assert_cmpint (cs_business_calendar_elapsed (cal, h, AMS (2025, 3, 28, 16, 0), AMS (2025, 3, 31, 9, 0)),
                   ==, 90 * MINUTE);
  g_assert_cmpint (AMS (2025, 3, 31, 9, 0) - AMS (2025, 3, 28, 16, 0), ==, 64 * HOUR);

  /* Adding: the earliest instant the time is used up. */
  g_assert_cmpint (cs_business_calendar_add (cal, h, AMS (2025, 3, 7, 16, 0), 2 * HOUR), ==, AMS (2025, 3, 10, 9, 30));
  g_assert_cmpint (cs_business_calendar_add (cal, h, AMS (2025, 3, 7, 16, 0), 1 * HOUR), ==, AMS (2025, 3, 7, 17, 0));
  g_assert_cmpint (cs_business_calendar_add (cal, h, AMS (2025, 3, 3, 8, 30), 510 * MINUTE), ==, AMS (2025, 3, 3, 17, 0));
  g_assert_cmpint (cs_business_calendar_add (cal, h, AMS (2025, 3, 8, 10, 0), HOUR), ==, AMS (2025, 3, 10, 9, 30));
  g_assert_cmpint (cs_business_calendar_add (cal, h, AMS (2025, 12, 24, 16, 0), 2 * HOUR), ==, AMS (2025, 12, 29, 9, 30));
  g_assert_cmpint (cs_business_calendar_add (cal, h, AMS (2025, 3, 8, 10, 0), 0), ==, AMS (2025, 3, 8, 10, 0));
  /* 40 hours from Monday 08:30: four full days and 6 h on Friday. */
  g_assert_cmpint (cs_business_calendar_add (cal, h, AMS (2025, 3, 3, 8, 30), 40 * HOUR), ==, AMS (2025, 3, 7, 14, 30));

  g_assert_true (cs_business_calendar_is_open (cal, AMS (2025, 3, 3, 8, 30)));
  g_assert_false (cs_business_calendar_is_open (cal, AMS (2025, 3, 3, 17, 0)));
  g_assert_false (cs_business_calendar_is_open (cal, AMS (2025, 3, 8, 10, 0)));
  g_assert_false (cs_business_calendar_is_open (cal, AMS (2025, 12, 25, 10, 0)));
}

/* Working time that includes the changes of the clock. */
static void
test_daylight_saving (void)
{
  const char * const sunday_early[7] = { "", "", "", "", "", "", "01:00-04:00" };
  const char * const always[7] = {
    "00:00-24:00", "00:00-24:00", "00:00-24:00", "00:00-24:00", "00:00-24:00", "00:00-24:00", "00:00-24:00",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CsBusinessCalendar) early = cs_business_calendar_new ("Europe/Amsterdam", sunday_early, NULL, 0, &error);
  g_autoptr(CsBusinessCalendar) all = NULL;
  g_autoptr(CsBusinessCalendar) york = NULL;
  CsCalendarMeasure h = CS_CALENDAR_WORKING_HOURS;

  g_assert_no_error (error);
  /* 01:00–04:00 on 30 March 2025 lasts two real hours (02:00–03:00 does
   * not exist), on 26 October four (02:00–03:00 happens twice), on an
   * ordinary Sunday three. */
  g_assert_cmpint (cs_business_calendar_elapsed (early, h, AMS (2025, 3, 29, 12, 0), AMS (2025, 3, 31, 0, 0)),
                   ==, 2 * HOUR);
  g_assert_cmpint (cs_business_calendar_elapsed (early, h, AMS (2025, 10, 25, 12, 0), AMS (2025, 10, 27, 0, 0)),
                   ==, 4 * HOUR);
  g_assert_cmpint (cs_business_calendar_elapsed (early, h, AMS (2025, 4, 5, 12, 0), AMS (2025, 4, 7, 0, 0)),
                   ==, 3 * HOUR);
  /* Ninety minutes from 01:30 in spring: 30 min before the jump, one hour
   * after it, so 04:00 summer time. */
  g_assert_cmpint (cs_business_calendar_add (early, h, AMS (2025, 3, 30, 1, 30), 90 * MINUTE),
                   ==, AMS (2025, 3, 30, 4, 0));
  /* Three hours from 01:00 in autumn end at 03:00 winter time, 02:00 CET:
   * the hour 02:00–03:00 is worked twice. */
  g_assert_cmpint (cs_business_calendar_add (early, h, AMS (2025, 10, 26, 1, 0), 3 * HOUR),
                   ==, AMS (2025, 10, 26, 1, 0) + 3 * HOUR);
  g_assert_cmpint (cs_business_calendar_add (early, h, AMS (2025, 10, 26, 1, 0), 4 * HOUR),
                   ==, AMS (2025, 10, 26, 4, 0));

  all = cs_business_calendar_new ("Europe/Amsterdam", always, NULL, 0, &error);
  g_assert_no_error (error);
  /* Open around the clock, business time is real time. */
  g_assert_cmpint (cs_business_calendar_elapsed (all, h, AMS (2025, 3, 30, 0, 0), AMS (2025, 3, 31, 0, 0)), ==, 23 * HOUR);
  g_assert_cmpint (cs_business_calendar_elapsed (all, h, AMS (2025, 10, 26, 0, 0), AMS (2025, 10, 27, 0, 0)), ==, 25 * HOUR);
  g_assert_cmpint (cs_business_calendar_add (all, h, AMS (2025, 3, 30, 1, 0), 2 * HOUR), ==, AMS (2025, 3, 30, 4, 0));

  /* New York moves its clocks on other Sundays (9 March, 2 November 2025). */
  york = cs_business_calendar_new ("America/New_York", always, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cs_business_calendar_elapsed (york, h, at ("America/New_York", 2025, 3, 9, 0, 0),
                                                 at ("America/New_York", 2025, 3, 10, 0, 0)), ==, 23 * HOUR);
  g_assert_cmpint (cs_business_calendar_elapsed (york, h, at ("America/New_York", 2025, 11, 2, 0, 0),
                                                 at ("America/New_York", 2025, 11, 3, 0, 0)), ==, 25 * HOUR);
  /* Years after 2037 still follow the rules. */
  g_assert_cmpint (cs_business_calendar_elapsed (all, h, AMS (2090, 3, 26, 0, 0), AMS (2090, 3, 27, 0, 0)), ==, 23 * HOUR);
}

/* Working days as Signalen counts them (its own test cases, 15–20 February 2021). */
static void
test_working_days (void)
{
  g_autoptr(CsBusinessCalendar) cal = office_calendar ();
  const char * const every_day[7] = {
    "09:00-17:00", "09:00-17:00", "09:00-17:00", "09:00-17:00", "09:00-17:00", "09:00-17:00", "09:00-17:00",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CsBusinessCalendar) seven = NULL;

  g_assert_cmpint (cs_business_calendar_add_working_days (cal, AMS (2021, 2, 15, 12, 0), 1), ==, AMS (2021, 2, 16, 12, 0));
  g_assert_cmpint (cs_business_calendar_add_working_days (cal, AMS (2021, 2, 19, 12, 0), 1), ==, AMS (2021, 2, 22, 12, 0));
  g_assert_cmpint (cs_business_calendar_add_working_days (cal, AMS (2021, 2, 19, 12, 0), 5), ==, AMS (2021, 2, 26, 12, 0));
  g_assert_cmpint (cs_business_calendar_add_working_days (cal, AMS (2021, 2, 17, 12, 0), 3), ==, AMS (2021, 2, 22, 12, 0));
  /* Made on Saturday: counting starts on Monday at 00:00. */
  g_assert_cmpint (cs_business_calendar_add_working_days (cal, AMS (2021, 2, 20, 10, 0), 1), ==, AMS (2021, 2, 23, 0, 0));
  /* Hours of the day do not matter, only that the day is a working day. */
  g_assert_cmpint (cs_business_calendar_add_working_days (cal, AMS (2021, 2, 15, 22, 0), 1), ==, AMS (2021, 2, 16, 22, 0));
  /* Christmas 2025 falls on Thursday and Friday. */
  g_assert_cmpint (cs_business_calendar_add_working_days (cal, AMS (2025, 12, 24, 12, 0), 2), ==, AMS (2025, 12, 30, 12, 0));

  g_assert_cmpfloat (cs_business_calendar_count_working_days (cal, AMS (2021, 2, 19, 12, 0), AMS (2021, 2, 22, 18, 0)),
                     ==, 1.25);
  g_assert_cmpfloat (cs_business_calendar_count_working_days (cal, AMS (2021, 2, 20, 0, 0), AMS (2021, 2, 22, 0, 0)),
                     ==, 0.0);
  /* Across the spring change (the weekend is no working time): 1 day. */
  g_assert_cmpfloat (cs_business_calendar_count_working_days (cal, AMS (2025, 3, 28, 9, 0), AMS (2025, 3, 31, 9, 0)),
                     ==, 1.0);

  /* When the change falls on a working day, a working day is the real 23
   * hours of that date: Saturday noon plus one day ends on Sunday at 13:00. */
  seven = cs_business_calendar_new ("Europe/Amsterdam", every_day, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cs_business_calendar_add_working_days (seven, AMS (2025, 3, 29, 12, 0), 1), ==, AMS (2025, 3, 30, 13, 0));

  {
    GDate date;

    g_date_clear (&date, 1);
    g_date_set_dmy (&date, 25, G_DATE_DECEMBER, 2025);
    g_assert_false (cs_business_calendar_is_working_day (cal, &date));
    g_date_set_dmy (&date, 24, G_DATE_DECEMBER, 2025);
    g_assert_true (cs_business_calendar_is_working_day (cal, &date));
    g_date_set_dmy (&date, 27, G_DATE_DECEMBER, 2025);
    g_assert_false (cs_business_calendar_is_working_day (cal, &date));
  }
}

/* add() and elapsed() are inverses, across zones, changes and holidays. */
static void
test_round_trip (void)
{
  const char * const split[7] = { "08:00-12:00, 13:00-17:30", "08:00-12:00", "", "00:00-02:30, 22:00-24:00",
                                  "09:00-17:00", "", "01:00-04:00" };
  const char * const zones[] = { "Europe/Amsterdam", "America/New_York", "Australia/Sydney", "UTC" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250330);
  gint64 base = AMS (2025, 1, 1, 0, 0);

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      GDate holidays[3];
      g_autoptr(GError) error = NULL;
      g_autoptr(CsBusinessCalendar) cal = NULL;

      g_date_clear (holidays, 3);
      g_date_set_dmy (&holidays[0], 26, G_DATE_OCTOBER, 2025);
      g_date_set_dmy (&holidays[1], 1, G_DATE_JANUARY, 2026);
      g_date_set_dmy (&holidays[2], 6, G_DATE_APRIL, 2026);
      cal = cs_business_calendar_new (zones[z], split, holidays, 3, &error);
      g_assert_no_error (error);

      for (guint i = 0; i < 2000; i++)
        {
          CsCalendarMeasure m = i % 2 ? CS_CALENDAR_WORKING_HOURS : CS_CALENDAR_WORKING_DAYS;
          gint64 start = base + (gint64) g_rand_int_range (rand, 0, 500 * 24 * 60) * MINUTE;
          gint64 duration = (gint64) g_rand_int_range (rand, 1, 200 * 60) * MINUTE;
          gint64 end = cs_business_calendar_add (cal, m, start, duration);

          g_assert_cmpint (end, >, start);
          g_assert_cmpint (cs_business_calendar_elapsed (cal, m, start, end), ==, duration);
          /* Nothing earlier would do. */
          g_assert_cmpint (cs_business_calendar_elapsed (cal, m, start, end - 1), <, duration);
        }
    }
}

static void
test_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (
    "{ \"time_zone\": \"Europe/Amsterdam\","
    "  \"hours\": { \"mon\": \"8:30-12:00, 13:00-17:00\", \"fri\": \"08:30-24:00\", \"sat\": \"\" },"
    "  \"holidays\": [ \"2025-12-26\", \"2025-12-25\", \"2025-12-25\" ] }", &error);
  g_autoptr(CsBusinessCalendar) cal = NULL;
  g_autoptr(CsBusinessCalendar) again = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *monday = NULL;
  GDate date;

  g_assert_no_error (error);
  cal = cs_business_calendar_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_business_calendar_get_time_zone (cal), ==, "Europe/Amsterdam");
  monday = cs_business_calendar_dup_hours (cal, G_DATE_MONDAY);
  g_assert_cmpstr (monday, ==, "08:30-12:00, 13:00-17:00");
  g_assert_cmpuint (cs_business_calendar_get_n_holidays (cal), ==, 2);
  cs_business_calendar_get_holiday (cal, 0, &date);
  g_assert_cmpuint (g_date_get_day (&date), ==, 25);

  out = cs_business_calendar_to_json (cal);
  text = json_to_string (out, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"time_zone\":\"Europe/Amsterdam\",\"hours\":{\"mon\":\"08:30-12:00, 13:00-17:00\","
                   "\"fri\":\"08:30-24:00\"},\"holidays\":[\"2025-12-25\",\"2025-12-26\"]}");
  again = cs_business_calendar_new_from_json (out, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cs_business_calendar_elapsed (again, CS_CALENDAR_WORKING_HOURS, AMS (2025, 3, 3, 0, 0),
                                                 AMS (2025, 3, 10, 0, 0)), ==, 23 * HOUR);
}

static void
test_errors (void)
{
  static const struct
  {
    const char *json;
    const char *message;
  } cases[] = {
    { "[]", "A business calendar must be a JSON object" },
    { "{\"time_zone\":\"Mars/Olympus\",\"hours\":{\"mon\":\"08:00-17:00\"}}",
      "“Mars/Olympus” is not a known time zone (use a name such as Europe/Amsterdam)" },
    { "{\"hours\":{\"mon\":\"08:00-17:00\"}}",
      "Business calendar: “time_zone” must be a string such as “Europe/Amsterdam”" },
    { "{\"time_zone\":\"UTC\"}",
      "Business calendar: “hours” must be an object such as { \"mon\": \"08:30-17:00\" }" },
    { "{\"time_zone\":\"UTC\",\"hours\":{\"tues\":\"08:00-17:00\"}}",
      "Business calendar: “tues” is not a weekday (use mon, tue, wed, thu, fri, sat, sun)" },
    { "{\"time_zone\":\"UTC\",\"hours\":{\"mon\":8}}",
      "Business calendar: the hours of “mon” must be a string such as “08:30-17:00”" },
    { "{\"time_zone\":\"UTC\",\"hours\":{\"mon\":\"8-17\"}}",
      "Monday: “8-17” is not a time interval such as 08:30-17:00" },
    { "{\"time_zone\":\"UTC\",\"hours\":{\"tue\":\"08:00-17:60\"}}",
      "Tuesday: “08:00-17:60” is not a time interval such as 08:30-17:00" },
    { "{\"time_zone\":\"UTC\",\"hours\":{\"wed\":\"24:30-25:00\"}}",
      "Wednesday: “24:30-25:00” is not a time interval such as 08:30-17:00" },
    { "{\"time_zone\":\"UTC\",\"hours\":{\"thu\":\"17:00-08:30\"}}",
      "Thursday: the interval “17:00-08:30” ends before it starts" },
    { "{\"time_zone\":\"UTC\",\"hours\":{\"fri\":\"08:00-12:00, 11:00-13:00\"}}",
      "Friday: the interval “11:00-13:00” overlaps or comes before the one before it" },
    { "{\"time_zone\":\"UTC\",\"hours\":{\"sat\":\"\"}}",
      "A business calendar needs working hours on at least one day" },
    { "{\"time_zone\":\"UTC\",\"hours\":{\"mon\":\"08:00-17:00\"},\"holidays\":[\"2025-13-01\"]}",
      "Business calendar: holiday 1 must be a date such as “2025-12-25”" },
    { "{\"time_zone\":\"UTC\",\"hours\":{\"mon\":\"08:00-17:00\"},\"holidays\":\"2025-12-25\"}",
      "Business calendar: “holidays” must be a list of dates" },
    { "{\"time_zone\":\"UTC\",\"hours\":{\"mon\":\"08:00-17:00\"},\"holiday\":[]}",
      "Business calendar: unknown member “holiday”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = json_from_string (cases[i].json, &error);
      g_autoptr(CsBusinessCalendar) cal = NULL;

      g_assert_no_error (error);
      cal = cs_business_calendar_new_from_json (node, &error);
      g_assert_null (cal);
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/business-calendar/office-hours", test_office_hours);
  g_test_add_func ("/business-calendar/daylight-saving", test_daylight_saving);
  g_test_add_func ("/business-calendar/working-days", test_working_days);
  g_test_add_func ("/business-calendar/round-trip", test_round_trip);
  g_test_add_func ("/business-calendar/json", test_json);
  g_test_add_func ("/business-calendar/errors", test_errors);
  return g_test_run ();
}
