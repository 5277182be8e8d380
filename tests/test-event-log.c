/* test-event-log.c: timestamps, the event log model and the XES reader
 *
 * Expected times are computed here with GDateTime from the UTC wall clock,
 * independently of the parser. tests/data/eventlog-basic.xes is described
 * where it is used; the real logs are described in tests/data/ATTRIBUTION.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "core/cs-error.h"
#include "core/cs-event-log.h"
#include "core/cs-xes-reader.h"

#define HOUR (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

/* µs since the epoch of a UTC wall-clock time. */
static gint64
utc (int    year,
     int    month,
     int    day,
     int    hour,
     int    minute,
     double seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, seconds);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static CsEventLog *
read_xes_file (const char  *name,
               GError     **error)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CsXesReader) reader = cs_xes_reader_new ();

  return cs_xes_reader_read_file (reader, file, NULL, error);
}

static CsEventLog *
read_xes_text (const char  *text,
               GError     **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (g_strdup (text), -1, g_free);
  g_autoptr(CsXesReader) reader = cs_xes_reader_new ();

  return cs_xes_reader_read (reader, stream, NULL, error);
}

/* Timestamps */

static void
test_iso8601 (void)
{
  g_autoptr(GTimeZone) amsterdam = g_time_zone_new_identifier ("Europe/Amsterdam");
  gint64 a, b, t;

  g_assert_nonnull (amsterdam);

  /* The DST change of 25 October 2026: 02:00 UTC+1 comes after 02:59 UTC+2. */
  g_assert_true (cs_timestamp_parse_iso8601 ("2026-10-25T01:30:00+02:00", NULL, &a));
  g_assert_true (cs_timestamp_parse_iso8601 ("2026-10-25T02:30:00+01:00", NULL, &b));
  g_assert_cmpint (a, ==, utc (2026, 10, 24, 23, 30, 0));
  g_assert_cmpint (b, ==, utc (2026, 10, 25, 1, 30, 0));
  g_assert_cmpint (b - a, ==, 2 * HOUR);

  g_assert_true (cs_timestamp_parse_iso8601 ("2011-10-11T13:45:40.276+02:00", NULL, &t));
  g_assert_cmpint (t, ==, utc (2011, 10, 11, 11, 45, 40) + 276000);
  g_assert_true (cs_timestamp_parse_iso8601 ("2011-12-06 13:41:31.788000+01:00", NULL, &t));
  g_assert_cmpint (t, ==, utc (2011, 12, 6, 12, 41, 31) + 788000);
  g_assert_true (cs_timestamp_parse_iso8601 ("2026-03-04T08:00:00.5Z", NULL, &t));
  g_assert_cmpint (t, ==, utc (2026, 3, 4, 8, 0, 0) + 500000);
  g_assert_true (cs_timestamp_parse_iso8601 ("2026-03-04T08:00:00.1234567z", NULL, &t));
  g_assert_cmpint (t, ==, utc (2026, 3, 4, 8, 0, 0) + 123456);
  g_assert_true (cs_timestamp_parse_iso8601 ("2026-03-05T09:00:00+0100", NULL, &t));
  g_assert_cmpint (t, ==, utc (2026, 3, 5, 8, 0, 0));
  g_assert_true (cs_timestamp_parse_iso8601 ("2026-03-05T09:00+01", NULL, &t));
  g_assert_cmpint (t, ==, utc (2026, 3, 5, 8, 0, 0));
  g_assert_true (cs_timestamp_parse_iso8601 ("2026-03-05T09:00:00-05:30", NULL, &t));
  g_assert_cmpint (t, ==, utc (2026, 3, 5, 14, 30, 0));
  g_assert_true (cs_timestamp_parse_iso8601 (" 2024-02-29T23:59:59Z ", NULL, &t));
  g_assert_cmpint (t, ==, utc (2024, 2, 29, 23, 59, 59));

  /* Naive times: UTC without a zone, else the zone's rules. */
  g_assert_true (cs_timestamp_parse_iso8601 ("2026-07-01 12:00:00", NULL, &t));
  g_assert_cmpint (t, ==, utc (2026, 7, 1, 12, 0, 0));
  g_assert_true (cs_timestamp_parse_iso8601 ("2026-07-01 12:00:00", amsterdam, &t));
  g_assert_cmpint (t, ==, utc (2026, 7, 1, 10, 0, 0));
  g_assert_true (cs_timestamp_parse_iso8601 ("2026-01-15 12:00:00", amsterdam, &t));
  g_assert_cmpint (t, ==, utc (2026, 1, 15, 11, 0, 0));
  /* 02:30 happens twice on 25 October: the first time, in summer time. */
  g_assert_true (cs_timestamp_parse_iso8601 ("2026-10-25 02:30:00", amsterdam, &t));
  g_assert_cmpint (t, ==, utc (2026, 10, 25, 0, 30, 0));
  g_assert_true (cs_timestamp_parse_iso8601 ("2026-10-25 03:30:00", amsterdam, &t));
  g_assert_cmpint (t, ==, utc (2026, 10, 25, 2, 30, 0));
  /* 02:30 never happens on 29 March: read as winter time. */
  g_assert_true (cs_timestamp_parse_iso8601 ("2026-03-29 02:30:00", amsterdam, &t));
  g_assert_cmpint (t, ==, utc (2026, 3, 29, 1, 30, 0));
  /* An offset wins over the zone. */
  g_assert_true (cs_timestamp_parse_iso8601 ("2026-07-01 12:00:00Z", amsterdam, &t));
  g_assert_cmpint (t, ==, utc (2026, 7, 1, 12, 0, 0));

  t = 42;
  g_assert_false (cs_timestamp_parse_iso8601 ("2026-13-01T00:00:00Z", NULL, &t));
  g_assert_false (cs_timestamp_parse_iso8601 ("2026-02-29T00:00:00Z", NULL, &t));
  g_assert_false (cs_timestamp_parse_iso8601 ("2026-04-31T00:00:00Z", NULL, &t));
  g_assert_false (cs_timestamp_parse_iso8601 ("2026-10-25T24:00:00Z", NULL, &t));
  g_assert_false (cs_timestamp_parse_iso8601 ("2026-10-25T23:60:00Z", NULL, &t));
  g_assert_false (cs_timestamp_parse_iso8601 ("2026-10-25T01:30:00+15:00", NULL, &t));
  g_assert_false (cs_timestamp_parse_iso8601 ("2026-10-25", NULL, &t));
  g_assert_false (cs_timestamp_parse_iso8601 ("2026/10/25 01:30", NULL, &t));
  g_assert_false (cs_timestamp_parse_iso8601 ("2026-10-25T01:30:00Zx", NULL, &t));
  g_assert_false (cs_timestamp_parse_iso8601 ("2026-10-25T01:30:00.", NULL, &t));
  g_assert_false (cs_timestamp_parse_iso8601 ("", NULL, &t));
  g_assert_false (cs_timestamp_parse_iso8601 (NULL, NULL, &t));
  g_assert_cmpint (t, ==, 42);
}

static void
test_other_formats (void)
{
  g_autoptr(GTimeZone) amsterdam = g_time_zone_new_identifier ("Europe/Amsterdam");
  gint64 t;
  g_autofree char *text = NULL;

  g_assert_true (cs_timestamp_parse_dmy ("25-10-2026 01:30", amsterdam, &t));
  g_assert_cmpint (t, ==, utc (2026, 10, 24, 23, 30, 0));
  g_assert_true (cs_timestamp_parse_dmy ("31-12-2026 23:59:59", NULL, &t));
  g_assert_cmpint (t, ==, utc (2026, 12, 31, 23, 59, 59));
  g_assert_false (cs_timestamp_parse_dmy ("32-12-2026 23:59", NULL, &t));
  g_assert_false (cs_timestamp_parse_dmy ("2026-12-31 23:59", NULL, &t));
  g_assert_false (cs_timestamp_parse_dmy ("31-12-2026", NULL, &t));

  g_assert_true (cs_timestamp_parse_epoch ("1700000000", FALSE, &t));
  g_assert_cmpint (t, ==, G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC);
  g_assert_true (cs_timestamp_parse_epoch ("1700000000123", TRUE, &t));
  g_assert_cmpint (t, ==, G_GINT64_CONSTANT (1700000000123000));
  g_assert_true (cs_timestamp_parse_epoch ("1.5", FALSE, &t));
  g_assert_cmpint (t, ==, 1500000);
  g_assert_true (cs_timestamp_parse_epoch ("-60", FALSE, &t));
  g_assert_cmpint (t, ==, -60 * G_USEC_PER_SEC);
  g_assert_false (cs_timestamp_parse_epoch ("17e9", FALSE, &t));
  g_assert_false (cs_timestamp_parse_epoch ("", FALSE, &t));

  text = cs_timestamp_format (utc (2026, 10, 24, 23, 30, 0) + 250000);
  g_assert_cmpstr (text, ==, "2026-10-24T23:30:00.250Z");
  g_clear_pointer (&text, g_free);
  text = cs_timestamp_format (-1000);
  g_assert_cmpstr (text, ==, "1969-12-31T23:59:59.999Z");

  g_assert_cmpint (cs_lifecycle_from_string ("Start"), ==, CS_LIFECYCLE_START);
  g_assert_cmpint (cs_lifecycle_from_string ("COMPLETE"), ==, CS_LIFECYCLE_COMPLETE);
  g_assert_cmpint (cs_lifecycle_from_string (NULL), ==, CS_LIFECYCLE_COMPLETE);
  g_assert_cmpint (cs_lifecycle_from_string ("ate_abort"), ==, CS_LIFECYCLE_OTHER);
}

/* The model */

static void
test_model (void)
{
  g_autoptr(CsEventLog) log = cs_event_log_new ();
  g_autoptr(JsonObject) json = NULL;
  const CsEvent *events;
  const CsAttribute *attributes;
  guint n;
  gint64 first, last;

  g_assert_false (cs_event_log_get_time_range (log, &first, &last));

  cs_event_log_begin_case (log);
  cs_event_log_set_case_id (log, "a");
  cs_event_log_add_case_attribute (log, "fee", CS_ATTRIBUTE_INT, "12");
  cs_event_log_add_case_attribute (log, "vip", CS_ATTRIBUTE_BOOLEAN, "false");
  cs_event_log_add_case_attribute (log, "score", CS_ATTRIBUTE_FLOAT, "0.25");
  cs_event_log_add_case_attribute (log, "note", CS_ATTRIBUTE_STRING, "12");
  cs_event_log_add_event (log, "x", 300, CS_LIFECYCLE_COMPLETE, "ann");
  cs_event_log_add_event_attribute (log, "k", CS_ATTRIBUTE_STRING, "third");
  cs_event_log_add_event (log, "y", 100, CS_LIFECYCLE_COMPLETE, NULL);
  cs_event_log_add_event (log, "x", 200, CS_LIFECYCLE_START, "ann");
  cs_event_log_add_event (log, "y", 100, CS_LIFECYCLE_OTHER, NULL);
  g_assert_cmpuint (cs_event_log_get_n_events (log), ==, 0);
  cs_event_log_end_case (log);

  cs_event_log_begin_case (log);
  cs_event_log_set_case_id (log, "empty");
  cs_event_log_add_case_attribute (log, "dropped", CS_ATTRIBUTE_STRING, "yes");
  cs_event_log_end_case (log);

  g_assert_cmpuint (cs_event_log_get_n_cases (log), ==, 1);
  g_assert_cmpuint (cs_event_log_get_n_events (log), ==, 4);
  g_assert_cmpuint (cs_event_log_get_n_empty_cases (log), ==, 1);
  g_assert_cmpint (cs_event_log_find_case (log, "empty"), ==, -1);
  g_assert_cmpint (cs_event_log_find_case (log, "a"), ==, 0);
  g_assert_cmpint (cs_event_log_find_case (log, "b"), ==, -1);
  g_assert_cmpuint (cs_event_log_get_n_activities (log), ==, 2);
  g_assert_cmpstr (cs_event_log_get_activity_name (log, 0), ==, "x");
  g_assert_cmpstr (cs_event_log_get_activity_name (log, 1), ==, "y");

  /* 300, 100, 200, 100 → stably sorted 100 (y complete), 100 (y other), 200, 300:
   * the last three came after the one at 300. */
  g_assert_cmpuint (cs_event_log_get_n_reordered (log), ==, 3);
  events = cs_event_log_get_case_events (log, 0, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (events[0].timestamp, ==, 100);
  g_assert_cmpint (events[0].lifecycle, ==, CS_LIFECYCLE_COMPLETE);
  g_assert_cmpint (events[1].timestamp, ==, 100);
  g_assert_cmpint (events[1].lifecycle, ==, CS_LIFECYCLE_OTHER);
  g_assert_cmpint (events[2].timestamp, ==, 200);
  g_assert_cmpint (events[2].lifecycle, ==, CS_LIFECYCLE_START);
  g_assert_cmpint (events[3].timestamp, ==, 300);
  g_assert_cmpuint (events[3].activity, ==, 0);
  g_assert_cmpstr (cs_event_log_get_string (log, events[3].resource), ==, "ann");
  g_assert_null (cs_event_log_get_string (log, events[0].resource));
  /* Attributes travel with their event. */
  g_assert_cmpstr (cs_event_log_get_event_attribute (log, &events[3], "k"), ==, "third");
  g_assert_null (cs_event_log_get_event_attribute (log, &events[2], "k"));

  attributes = cs_event_log_get_case_attributes (log, 0, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpstr (cs_event_log_get_string (log, attributes[0].key), ==, "fee");
  g_assert_cmpstr (cs_event_log_get_case_attribute (log, 0, "note"), ==, "12");
  g_assert_null (cs_event_log_get_case_attribute (log, 0, "dropped"));

  json = cs_event_log_case_attributes_to_json (log, 0);
  g_assert_cmpint (json_object_get_int_member (json, "fee"), ==, 12);
  g_assert_false (json_object_get_boolean_member (json, "vip"));
  g_assert_cmpfloat (json_object_get_double_member (json, "score"), ==, 0.25);
  g_assert_cmpstr (json_object_get_string_member (json, "note"), ==, "12");

  g_assert_true (cs_event_log_get_time_range (log, &first, &last));
  g_assert_cmpint (first, ==, 100);
  g_assert_cmpint (last, ==, 300);

  /* Equal strings are stored once. */
  g_assert_cmpuint (cs_event_log_intern (log, "ann"), ==, events[3].resource);
  g_assert_cmpuint (cs_event_log_intern (log, NULL), ==, 0);
}

/* XES */

static void
test_xes_basic (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsEventLog) log = read_xes_file ("eventlog-basic.xes", &error);
  g_autoptr(JsonObject) json = NULL;
  const CsEvent *events;
  guint n;
  int c;

  g_assert_no_error (error);
  g_assert_nonnull (log);

  /* c1, c2, c3, dst and c5; c6 has no events. */
  g_assert_cmpuint (cs_event_log_get_n_cases (log), ==, 5);
  g_assert_cmpuint (cs_event_log_get_n_events (log), ==, 19);
  g_assert_cmpuint (cs_event_log_get_n_empty_cases (log), ==, 1);
  g_assert_cmpuint (cs_event_log_get_n_activities (log), ==, 4);
  g_assert_cmpstr (cs_event_log_get_activity_name (log, 0), ==, "Register");
  g_assert_cmpstr (cs_event_log_get_activity_name (log, 1), ==, "Check");
  g_assert_cmpstr (cs_event_log_get_activity_name (log, 2), ==, "Decide");
  g_assert_cmpstr (cs_event_log_get_activity_name (log, 3), ==, "Correct");
  g_assert_cmpstr (cs_event_log_get_name (log), ==, "Hand-written test log");
  /* Log attributes, without their nested attributes. */
  g_assert_cmpstr (cs_event_log_get_log_attribute (log, "meta_test:answer"), ==, "42.5");
  g_assert_null (cs_event_log_get_log_attribute (log, "nested"));
  /* c2's Check at 10:00 is written after Correct at 11:00. */
  g_assert_cmpuint (cs_event_log_get_n_reordered (log), ==, 1);

  c = cs_event_log_find_case (log, "c1");
  g_assert_cmpint (c, ==, 0);
  g_assert_cmpstr (cs_event_log_get_case_attribute (log, c, "channel"), ==, "web");
  g_assert_null (cs_event_log_get_case_attribute (log, c, "currency"));
  g_assert_null (cs_event_log_get_case_attribute (log, c, "concept:name"));
  json = cs_event_log_case_attributes_to_json (log, c);
  g_assert_cmpuint (json_object_get_size (json), ==, 5);
  g_assert_cmpint (json_object_get_int_member (json, "fee"), ==, 42);
  g_assert_true (json_object_get_boolean_member (json, "urgent"));
  g_assert_cmpfloat (json_object_get_double_member (json, "score"), ==, 2.5);
  g_assert_cmpstr (json_object_get_string_member (json, "deadline"), ==, "2026-04-01T00:00:00.000+02:00");

  events = cs_event_log_get_case_events (log, c, &n);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpint (events[0].timestamp, ==, utc (2026, 3, 2, 8, 0, 0));
  g_assert_cmpint (events[0].lifecycle, ==, CS_LIFECYCLE_COMPLETE);
  g_assert_cmpstr (cs_event_log_get_string (log, events[0].resource), ==, "Ann");
  g_assert_cmpstr (cs_event_log_get_event_attribute (log, &events[0], "org:group"), ==, "Front desk");
  g_assert_cmpstr (cs_event_log_get_event_attribute (log, &events[0], "cost"), ==, "50");
  /* The list and the standard keys are not kept as attributes. */
  g_assert_null (cs_event_log_get_event_attribute (log, &events[0], "tags"));
  g_assert_null (cs_event_log_get_event_attribute (log, &events[0], "tag"));
  g_assert_null (cs_event_log_get_event_attribute (log, &events[0], "concept:name"));
  g_assert_cmpint (events[1].lifecycle, ==, CS_LIFECYCLE_START);
  g_assert_cmpint (events[2].lifecycle, ==, CS_LIFECYCLE_COMPLETE);   /* "COMPLETE" */
  g_assert_cmpint (events[3].timestamp, ==, utc (2026, 3, 2, 10, 0, 0) + 250000);

  c = cs_event_log_find_case (log, "c2");
  events = cs_event_log_get_case_events (log, c, &n);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpstr (cs_event_log_get_activity_name (log, events[1].activity), ==, "Check");
  g_assert_cmpint (events[1].timestamp, ==, utc (2026, 3, 3, 10, 0, 0));
  g_assert_cmpstr (cs_event_log_get_activity_name (log, events[2].activity), ==, "Correct");

  c = cs_event_log_find_case (log, "dst");
  events = cs_event_log_get_case_events (log, c, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (events[1].timestamp - events[0].timestamp, ==, 2 * HOUR);

  /* c5's id comes after its events; its offsets are written three ways. */
  c = cs_event_log_find_case (log, "c5");
  g_assert_cmpint (c, ==, 4);
  events = cs_event_log_get_case_events (log, c, &n);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpint (events[0].timestamp, ==, utc (2026, 3, 5, 8, 0, 0));
  g_assert_cmpint (events[1].timestamp, ==, utc (2026, 3, 5, 8, 10, 0));
  g_assert_cmpint (events[1].lifecycle, ==, CS_LIFECYCLE_OTHER);
}

static void
test_xes_interval (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsEventLog) log = read_xes_file ("eventlog-interval.xes", &error);
  g_autoptr(CsXesReader) reader = cs_xes_reader_new ();
  g_autofree char *path = data_path ("eventlog-interval.xes");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CsEventLog) plain = NULL;
  const CsEvent *events;
  guint n;

  g_assert_no_error (error);
  /* Each event with a start_timestamp stands for a start and a complete. */
  events = cs_event_log_get_case_events (log, 0, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (events[0].lifecycle, ==, CS_LIFECYCLE_START);
  g_assert_cmpint (events[0].timestamp, ==, utc (2026, 6, 1, 7, 0, 0));
  g_assert_cmpint (events[1].lifecycle, ==, CS_LIFECYCLE_COMPLETE);
  g_assert_cmpint (events[1].timestamp, ==, utc (2026, 6, 1, 7, 30, 0));
  g_assert_cmpint (events[2].lifecycle, ==, CS_LIFECYCLE_START);
  g_assert_cmpint (events[3].timestamp, ==, utc (2026, 6, 1, 10, 10, 0));
  g_assert_null (cs_event_log_get_event_attribute (log, &events[1], "start_timestamp"));

  /* Without a start key the attribute is an ordinary one. */
  cs_xes_reader_set_start_key (reader, NULL);
  plain = cs_xes_reader_read_file (reader, file, NULL, &error);
  g_assert_no_error (error);
  events = cs_event_log_get_case_events (plain, 0, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (cs_event_log_get_event_attribute (plain, &events[0], "start_timestamp"), ==,
                   "2026-06-01T09:00:00.000+02:00");
}

/* Naive XES times take the reader's zone. */
static void
test_xes_time_zone (void)
{
  static const char text[] =
    "<log><trace><string key=\"concept:name\" value=\"t\"/>\n"
    "<event><string key=\"concept:name\" value=\"a\"/>"
    "<date key=\"time:timestamp\" value=\"2026-10-25T01:30:00\"/></event>\n"
    "<event><string key=\"concept:name\" value=\"b\"/>"
    "<date key=\"time:timestamp\" value=\"2026-10-25T03:30:00\"/></event>\n"
    "</trace></log>\n";
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (text, -1, NULL);
  g_autoptr(CsXesReader) reader = cs_xes_reader_new ();
  g_autoptr(GTimeZone) amsterdam = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GError) error = NULL;
  g_autoptr(CsEventLog) log = NULL;
  const CsEvent *events;
  guint n;

  g_assert_cmpstr (g_time_zone_get_identifier (cs_xes_reader_get_time_zone (reader)), ==, "UTC");
  cs_xes_reader_set_time_zone (reader, amsterdam);
  log = cs_xes_reader_read (reader, stream, NULL, &error);
  g_assert_no_error (error);
  events = cs_event_log_get_case_events (log, 0, &n);
  g_assert_cmpint (events[0].timestamp, ==, utc (2026, 10, 24, 23, 30, 0));
  g_assert_cmpint (events[1].timestamp - events[0].timestamp, ==, 3 * HOUR);
}

/* The same log gzipped is recognised by its content, whatever its name. */
static void
test_xes_gzip (void)
{
  g_autofree char *path = data_path ("eventlog-basic.xes");
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;
  g_autoptr(GConverter) compressor = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6));
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) gz = g_converter_output_stream_new (memory, compressor);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(CsXesReader) reader = cs_xes_reader_new ();
  g_autoptr(CsEventLog) log = NULL;
  g_autoptr(GBytes) truncated = NULL;
  g_autoptr(GInputStream) truncated_stream = NULL;
  g_autoptr(CsEventLog) none = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_true (g_output_stream_write_all (gz, contents, length, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (gz, NULL, &error));
  g_assert_no_error (error);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (bytes, NULL))[0], ==, 0x1f);

  stream = g_memory_input_stream_new_from_bytes (bytes);
  log = cs_xes_reader_read (reader, stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_event_log_get_n_events (log), ==, 19);

  /* Cut in the middle of the compressed data. */
  truncated = g_bytes_new_from_bytes (bytes, 0, g_bytes_get_size (bytes) / 2);
  truncated_stream = g_memory_input_stream_new_from_bytes (truncated);
  none = cs_xes_reader_read (reader, truncated_stream, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "The gzip data of the log is damaged or truncated"));
}

typedef struct
{
  const char *name;
  const char *text;
  int         code;
  const char *message;   /* the whole message, or its start when it ends with "…" */
} BadInput;

static void
test_xes_bad_input (void)
{
  static const BadInput cases[] = {
    { "not XES", "<?xml version=\"1.0\"?>\n<html>\n</html>\n",
      CS_ERROR_PARSE, "Line 2, column 1: the document is a <html>, not an XES <log>" },
    { "no key",
      "<log>\n<trace>\n<string value=\"x\"/>\n</trace>\n</log>\n",
      CS_ERROR_PARSE, "Line 3, column 1: <string> has no key" },
    { "no value",
      "<log>\n<string key=\"concept:name\"/>\n</log>\n",
      CS_ERROR_PARSE, "Line 2, column 1: <string key=\"concept:name\"> has no value" },
    { "event outside a trace",
      "<log>\n  <event>\n  </event>\n</log>\n",
      CS_ERROR_PARSE, "Line 2, column 3: an <event> outside a <trace>" },
    { "nested trace",
      "<log>\n<trace>\n<trace>\n</trace>\n</trace>\n</log>\n",
      CS_ERROR_PARSE, "Line 3, column 1: a <trace> inside another <trace>" },
    { "unknown timestamp",
      "<log>\n<trace>\n<string key=\"concept:name\" value=\"t1\"/>\n<event>\n"
      "<string key=\"concept:name\" value=\"a\"/>\n"
      "<date key=\"time:timestamp\" value=\"25/10/2026 01:30\"/>\n"
      "</event>\n</trace>\n</log>\n",
      CS_ERROR_PARSE, "Line 6, column 1: unknown timestamp format “25/10/2026 01:30” in "
                      "time:timestamp (expected ISO 8601, e.g. 2011-10-11T13:45:40.276+02:00)" },
    { "event without a timestamp",
      "<log>\n<trace>\n<string key=\"concept:name\" value=\"t1\"/>\n  <event>\n"
      "<string key=\"concept:name\" value=\"a\"/>\n</event>\n</trace>\n</log>\n",
      CS_ERROR_PARSE, "Line 4, column 3: the event “a” has no time:timestamp" },
    { "event without an activity",
      "<log>\n<trace>\n<string key=\"concept:name\" value=\"t1\"/>\n<event>\n"
      "<date key=\"time:timestamp\" value=\"2026-10-25T01:30:00Z\"/>\n</event>\n</trace>\n</log>\n",
      CS_ERROR_PARSE, "Line 4, column 1: the event has no activity (concept:name)" },
    { "trace without an id",
      "<log>\n<trace>\n<event>\n<string key=\"concept:name\" value=\"a\"/>\n"
      "<date key=\"time:timestamp\" value=\"2026-10-25T01:30:00Z\"/>\n</event>\n</trace>\n</log>\n",
      CS_ERROR_PARSE, "Line 2: the trace has no case id (concept:name)" },
    { "duplicate case",
      "<log>\n<trace><string key=\"concept:name\" value=\"t1\"/><event>"
      "<string key=\"concept:name\" value=\"a\"/>"
      "<date key=\"time:timestamp\" value=\"2026-10-25T01:30:00Z\"/></event></trace>\n"
      "<trace><string key=\"concept:name\" value=\"t1\"/></trace>\n</log>\n",
      CS_ERROR_PARSE, "Line 3: the case id “t1” is already used by an earlier trace" },
    { "malformed",
      "<log>\n<trace>\n<string key=\"concept:name\" value=\"t1\"/>\n</event>\n</log>\n",
      CS_ERROR_PARSE, "The XES log is not well-formed XML: Error on line 4 char 9: Element “event” "
                      "was closed, but the currently open element is “trace”" },
    { "bad attribute quoting",
      "<log>\n<trace>\n<string key=concept:name value=\"t1\"/>\n</trace>\n</log>\n",
      CS_ERROR_PARSE, "The XES log is not well-formed XML: Error on line 3 char 14: Odd character “c”, "
                      "expected an open quote mark after the equals sign when giving value for "
                      "attribute “key” of element “string”" },
    { "truncated",
      "<log>\n<trace>\n<string key=\"concept:name\" value=\"t1\"/>\n<event>\n"
      "<string key=\"concept:name\" value=\"a\"/>\n<date key=\"time:timest",
      CS_ERROR_PARSE, "The XES log ends early (truncated?): Error on line 6 char 24: "
                      "Document ended unexpectedly while inside an attribute value" },
    { "empty", "",
      CS_ERROR_INVALID_ARGUMENT, "The XES log is empty" },
    { "blank", "\n  \n",
      CS_ERROR_INVALID_ARGUMENT, "The XES log is empty" },
    { "no events",
      "<log>\n<trace><string key=\"concept:name\" value=\"t1\"/></trace>\n</log>\n",
      CS_ERROR_INVALID_ARGUMENT, "The XES log contains no events" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CsEventLog) log = read_xes_text (cases[i].text, &error);
      gsize len = strlen (cases[i].message);

      g_test_message ("%s: %s", cases[i].name, error ? error->message : "(no error)");
      g_assert_null (log);
      g_assert_error (error, CS_ERROR, cases[i].code);
      if (g_str_has_suffix (cases[i].message, "…"))
        g_assert_cmpint (strncmp (error->message, cases[i].message, len - strlen ("…")), ==, 0);
      else
        g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* A file's name starts its messages. */
static void
test_xes_file_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-xes-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "broken.xes", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CsXesReader) reader = cs_xes_reader_new ();
  g_autoptr(CsEventLog) log = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "<log>\n<event/>\n</log>\n", -1, &error));
  log = cs_xes_reader_read_file (reader, file, NULL, &error);
  g_assert_null (log);
  g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "broken.xes: Line 2, column 1: an <event> outside a <trace>");
  g_clear_error (&error);
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  log = cs_xes_reader_read_file (reader, file, NULL, &error);
  g_assert_null (log);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* The real logs */

static void
test_running_example (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsEventLog) log = read_xes_file ("running-example.xes", &error);
  const CsEvent *events;
  guint n;
  int c;

  g_assert_no_error (error);
  g_assert_cmpuint (cs_event_log_get_n_cases (log), ==, 6);
  g_assert_cmpuint (cs_event_log_get_n_events (log), ==, 42);
  g_assert_cmpuint (cs_event_log_get_n_activities (log), ==, 8);
  g_assert_cmpuint (cs_event_log_get_n_reordered (log), ==, 0);

  /* Case 3, as in the file: register request on 2010-12-30 14:32 +01:00 by
   * Pete, nine events, ending with pay compensation. */
  c = cs_event_log_find_case (log, "3");
  g_assert_cmpint (c, ==, 0);
  events = cs_event_log_get_case_events (log, c, &n);
  g_assert_cmpuint (n, ==, 9);
  g_assert_cmpstr (cs_event_log_get_activity_name (log, events[0].activity), ==, "register request");
  g_assert_cmpstr (cs_event_log_get_string (log, events[0].resource), ==, "Pete");
  g_assert_cmpint (events[0].timestamp, ==, utc (2010, 12, 30, 13, 32, 0));
  g_assert_cmpstr (cs_event_log_get_event_attribute (log, &events[0], "Costs"), ==, "50");
  g_assert_cmpstr (cs_event_log_get_activity_name (log, events[8].activity), ==, "pay compensation");
  g_assert_cmpstr (cs_event_log_get_case_attribute (log, c, "creator"), ==, "Fluxicon Nitro");
}

static void
test_receipt (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsEventLog) log = read_xes_file ("08_receipt.xes.gz", &error);
  gint64 first, last;

  g_assert_no_error (error);
  g_assert_cmpuint (cs_event_log_get_n_cases (log), ==, 1434);
  g_assert_cmpuint (cs_event_log_get_n_events (log), ==, 8577);
  g_assert_cmpuint (cs_event_log_get_n_activities (log), ==, 27);
  g_assert_cmpuint (cs_event_log_get_n_empty_cases (log), ==, 0);
  g_assert_cmpstr (cs_event_log_get_name (log), ==,
                   "Receipt phase of an environmental permit application process (‘WABO’), CoSeLoG project");
  g_assert_cmpstr (cs_event_log_get_log_attribute (log, "meta_general:traces_total"), ==, "1434");

  /* The header's own range: 2010-10-02T09:20:39.266+02:00 to 2012-01-23T15:42:54.644+01:00. */
  g_assert_true (cs_event_log_get_time_range (log, &first, &last));
  g_assert_cmpint (first, ==, utc (2010, 10, 2, 7, 20, 39) + 266000);
  g_assert_cmpint (last, ==, utc (2012, 1, 23, 14, 42, 54) + 644000);
  g_assert_cmpint (cs_event_log_find_case (log, "case-10011"), ==, 0);
  g_assert_cmpstr (cs_event_log_get_case_attribute (log, 0, "channel"), ==, "Internet");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/event-log/timestamps/iso8601", test_iso8601);
  g_test_add_func ("/event-log/timestamps/other", test_other_formats);
  g_test_add_func ("/event-log/model", test_model);
  g_test_add_func ("/event-log/xes/basic", test_xes_basic);
  g_test_add_func ("/event-log/xes/interval", test_xes_interval);
  g_test_add_func ("/event-log/xes/time-zone", test_xes_time_zone);
  g_test_add_func ("/event-log/xes/gzip", test_xes_gzip);
  g_test_add_func ("/event-log/xes/bad-input", test_xes_bad_input);
  g_test_add_func ("/event-log/xes/file-error", test_xes_file_error);
  g_test_add_func ("/event-log/xes/running-example", test_running_example);
  g_test_add_func ("/event-log/xes/receipt", test_receipt);

  return g_test_run ();
}
