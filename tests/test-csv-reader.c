/* test-csv-reader.c: event logs from CSV files
 *
 * tests/data/eventlog-basic.csv, semicolon-separated with a byte-order mark
 * and CRLF line ends, holds naive Amsterdam times around the 2026 changes
 * of clock:
 *
 *   line 1    header: "Case ID";"Activity";"Timestamp";"Resource";"case:channel";"Note"
 *   line 2    k1 Register 2026-10-25 01:30:00 (summer time: 2026-10-24 23:30 UTC)
 *   lines 3-4 k1 "Check; twice" 2026-10-25 03:30:00 (winter time: 02:30 UTC),
 *             resource Bob "the builder", no channel, a note of two lines
 *   line 5    k2 Register 2026-10-25 02:30:00 (twice that night: the first, 00:30 UTC)
 *   line 6    k2 "Check; twice" 2026-03-29 02:30:00 (skipped that night: 01:30 UTC)
 *   line 7    blank
 *   line 8    k1 Decide 2026-10-25 02:30:00 (00:30 UTC)
 *
 * so k1 runs Register → Decide → Check and k2 Check → Register once sorted,
 * two events having been out of order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "core/cs-csv-reader.h"
#include "core/cs-error.h"

static gint64
utc (int    year,
     int    month,
     int    day,
     int    hour,
     int    minute,
     double seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, seconds);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static GFile *
data_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);

  return g_file_new_for_path (path);
}

static GInputStream *
text_stream (const char *text)
{
  return g_memory_input_stream_new_from_data (g_strdup (text), -1, g_free);
}

static CsEventLog *
read_text (CsCsvReader  *reader,
           const char   *text,
           GError      **error)
{
  g_autoptr(GInputStream) stream = text_stream (text);

  return cs_csv_reader_read (reader, stream, NULL, error);
}

static void
test_header (void)
{
  g_autoptr(GFile) file = data_file ("eventlog-basic.csv");
  g_autoptr(CsCsvReader) reader = cs_csv_reader_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_csv_reader_read_header_file (reader, file, 2, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cs_csv_reader_get_separator (reader), ==, ';');
  g_assert_cmpuint (cs_csv_reader_get_n_columns (reader), ==, 6);
  g_assert_cmpstr (cs_csv_reader_get_column_name (reader, 0), ==, "Case ID");
  g_assert_cmpstr (cs_csv_reader_get_column_name (reader, 5), ==, "Note");
  g_assert_cmpint (cs_csv_reader_get_role (reader, 0), ==, CS_CSV_ROLE_CASE_ID);
  g_assert_cmpint (cs_csv_reader_get_role (reader, 1), ==, CS_CSV_ROLE_ACTIVITY);
  g_assert_cmpint (cs_csv_reader_get_role (reader, 2), ==, CS_CSV_ROLE_TIMESTAMP);
  g_assert_cmpint (cs_csv_reader_get_role (reader, 3), ==, CS_CSV_ROLE_RESOURCE);
  g_assert_cmpint (cs_csv_reader_get_role (reader, 4), ==, CS_CSV_ROLE_CASE_ATTRIBUTE);
  g_assert_cmpstr (cs_csv_reader_get_attribute_key (reader, 4), ==, "channel");
  g_assert_cmpint (cs_csv_reader_get_role (reader, 5), ==, CS_CSV_ROLE_EVENT_ATTRIBUTE);
  g_assert_cmpstr (cs_csv_reader_get_attribute_key (reader, 5), ==, "Note");
  g_assert_cmpint (cs_csv_reader_find_column (reader, "case id"), ==, 0);
  g_assert_cmpint (cs_csv_reader_find_column (reader, "Nothing"), ==, -1);

  g_assert_cmpuint (cs_csv_reader_get_n_samples (reader), ==, 2);
  g_assert_cmpstr (cs_csv_reader_get_sample (reader, 0, 1), ==, "Register");
  g_assert_cmpstr (cs_csv_reader_get_sample (reader, 1, 1), ==, "Check; twice");
  g_assert_cmpstr (cs_csv_reader_get_sample (reader, 1, 3), ==, "Bob \"the builder\"");
  g_assert_cmpstr (cs_csv_reader_get_sample (reader, 1, 4), ==, "");
  g_assert_cmpstr (cs_csv_reader_get_sample (reader, 1, 5), ==, "two\r\nlines");
}

static void
test_basic (void)
{
  g_autoptr(GFile) file = data_file ("eventlog-basic.csv");
  g_autoptr(CsCsvReader) reader = cs_csv_reader_new ();
  g_autoptr(GTimeZone) amsterdam = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GError) error = NULL;
  g_autoptr(CsEventLog) log = NULL;
  g_autoptr(CsEventLog) in_utc = NULL;
  const CsEvent *events;
  guint n;
  int k1, k2;

  cs_csv_reader_set_time_zone (reader, amsterdam);
  log = cs_csv_reader_read_file (reader, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_csv_reader_get_n_skipped_rows (reader), ==, 0);
  g_assert_cmpuint (cs_event_log_get_n_cases (log), ==, 2);
  g_assert_cmpuint (cs_event_log_get_n_events (log), ==, 5);
  g_assert_cmpuint (cs_event_log_get_n_activities (log), ==, 3);
  g_assert_cmpuint (cs_event_log_get_n_reordered (log), ==, 2);

  k1 = cs_event_log_find_case (log, "k1");
  g_assert_cmpint (k1, ==, 0);
  g_assert_cmpstr (cs_event_log_get_case_attribute (log, k1, "channel"), ==, "web");
  events = cs_event_log_get_case_events (log, k1, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (cs_event_log_get_activity_name (log, events[0].activity), ==, "Register");
  g_assert_cmpint (events[0].timestamp, ==, utc (2026, 10, 24, 23, 30, 0));
  g_assert_cmpstr (cs_event_log_get_string (log, events[0].resource), ==, "Ann");
  g_assert_cmpstr (cs_event_log_get_event_attribute (log, &events[0], "Note"), ==, "plain");
  g_assert_cmpstr (cs_event_log_get_activity_name (log, events[1].activity), ==, "Decide");
  g_assert_cmpint (events[1].timestamp, ==, utc (2026, 10, 25, 0, 30, 0));
  g_assert_cmpstr (cs_event_log_get_activity_name (log, events[2].activity), ==, "Check; twice");
  g_assert_cmpint (events[2].timestamp, ==, utc (2026, 10, 25, 2, 30, 0));
  g_assert_cmpint (events[2].lifecycle, ==, CS_LIFECYCLE_COMPLETE);
  g_assert_cmpstr (cs_event_log_get_string (log, events[2].resource), ==, "Bob \"the builder\"");
  g_assert_cmpstr (cs_event_log_get_event_attribute (log, &events[2], "Note"), ==, "two\r\nlines");
  /* Three hours of real time between 01:30 and 03:30 that night. */
  g_assert_cmpint (events[2].timestamp - events[0].timestamp, ==, G_GINT64_CONSTANT (3) * 3600 * G_USEC_PER_SEC);

  k2 = cs_event_log_find_case (log, "k2");
  g_assert_cmpstr (cs_event_log_get_case_attribute (log, k2, "channel"), ==, "counter");
  events = cs_event_log_get_case_events (log, k2, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (events[0].timestamp, ==, utc (2026, 3, 29, 1, 30, 0));
  g_assert_cmpint (events[1].timestamp, ==, utc (2026, 10, 25, 0, 30, 0));
  /* An empty field is no attribute. */
  g_assert_null (cs_event_log_get_event_attribute (log, &events[1], "Note"));

  /* Without a zone, naive times are UTC. */
  cs_csv_reader_set_time_zone (reader, NULL);
  in_utc = cs_csv_reader_read_file (reader, file, NULL, &error);
  g_assert_no_error (error);
  events = cs_event_log_get_case_events (in_utc, 0, &n);
  g_assert_cmpint (events[0].timestamp, ==, utc (2026, 10, 25, 1, 30, 0));
}

static void
test_guess (void)
{
  static const struct { const char *header; CsCsvRole roles[8]; } cases[] = {
    { "case:concept:name,concept:name,time:timestamp,org:resource,lifecycle:transition,case:department,concept:instance\n",
      { CS_CSV_ROLE_CASE_ID, CS_CSV_ROLE_ACTIVITY, CS_CSV_ROLE_TIMESTAMP, CS_CSV_ROLE_RESOURCE,
        CS_CSV_ROLE_LIFECYCLE, CS_CSV_ROLE_CASE_ATTRIBUTE, CS_CSV_ROLE_EVENT_ATTRIBUTE } },
    { "CASE_ID\tActivity Name\tComplete Timestamp\tStart-Time\tUSER\tTime\n",
      { CS_CSV_ROLE_CASE_ID, CS_CSV_ROLE_ACTIVITY, CS_CSV_ROLE_TIMESTAMP, CS_CSV_ROLE_START_TIMESTAMP,
        CS_CSV_ROLE_RESOURCE, CS_CSV_ROLE_EVENT_ATTRIBUTE } },
    { " Case ; Task ; Date ; Lifecycle ; Amount \n",
      { CS_CSV_ROLE_CASE_ID, CS_CSV_ROLE_ACTIVITY, CS_CSV_ROLE_TIMESTAMP, CS_CSV_ROLE_LIFECYCLE,
        CS_CSV_ROLE_EVENT_ATTRIBUTE } },
  };
  static const char separators[] = { ',', '\t', ';' };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CsCsvReader) reader = cs_csv_reader_new ();
      g_autoptr(GInputStream) stream = text_stream (cases[i].header);
      g_autoptr(GError) error = NULL;

      g_assert_true (cs_csv_reader_read_header (reader, stream, 5, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (cs_csv_reader_get_separator (reader), ==, separators[i]);
      g_assert_cmpuint (cs_csv_reader_get_n_samples (reader), ==, 0);
      for (guint c = 0; c < cs_csv_reader_get_n_columns (reader); c++)
        g_assert_cmpstr (cs_csv_role_to_string (cs_csv_reader_get_role (reader, c)), ==,
                         cs_csv_role_to_string (cases[i].roles[c]));
    }
}

static void
test_mapping (void)
{
  g_autoptr(CsCsvReader) reader = cs_csv_reader_new ();
  g_autoptr(GInputStream) header = text_stream ("x,y,z,w\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(CsEventLog) log = NULL;
  const CsEvent *events;
  guint n;
  CsCsvRole role;

  /* Nothing looks like a case id. */
  log = read_text (reader, "x,y,z,w\n1,a,2026-01-01T10:00:00Z,r\n", &error);
  g_assert_null (log);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "No column holds the case id; the columns are “x”, “y”, “z”, “w”");
  g_clear_error (&error);

  g_assert_true (cs_csv_reader_read_header (reader, header, 0, NULL, &error));
  g_assert_true (cs_csv_reader_set_role_by_name (reader, "X", CS_CSV_ROLE_CASE_ID, &error));
  g_assert_true (cs_csv_reader_set_role_by_name (reader, "y", CS_CSV_ROLE_RESOURCE, &error));
  g_assert_true (cs_csv_reader_set_role_by_name (reader, "z", CS_CSV_ROLE_TIMESTAMP, &error));
  /* One activity column: the new one takes the role from the old. */
  cs_csv_reader_set_role (reader, 1, CS_CSV_ROLE_ACTIVITY);
  g_assert_true (cs_csv_reader_set_role_by_name (reader, "w", CS_CSV_ROLE_ACTIVITY, &error));
  g_assert_cmpint (cs_csv_reader_get_role (reader, 1), ==, CS_CSV_ROLE_EVENT_ATTRIBUTE);
  g_assert_false (cs_csv_reader_set_role_by_name (reader, "v", CS_CSV_ROLE_IGNORE, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "There is no column “v”; the columns are “x”, “y”, “z”, “w”");
  g_clear_error (&error);
  cs_csv_reader_set_role (reader, 1, CS_CSV_ROLE_IGNORE);

  log = read_text (reader, "x,y,z,w\n1,a,2026-01-01T10:00:00Z,r\n", &error);
  g_assert_no_error (error);
  events = cs_event_log_get_case_events (log, 0, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (cs_event_log_get_activity_name (log, events[0].activity), ==, "r");
  g_assert_null (cs_event_log_get_string (log, events[0].resource));
  g_assert_null (cs_event_log_get_event_attribute (log, &events[0], "y"));
  g_clear_object (&log);

  /* The mapping was made for another header. */
  log = read_text (reader, "x,y,z\n1,a,2026-01-01T10:00:00Z\n", &error);
  g_assert_null (log);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "The file's header is not the one the column mapping was made for");
  g_clear_error (&error);

  g_assert_true (cs_csv_role_from_string ("start-timestamp", &role));
  g_assert_cmpint (role, ==, CS_CSV_ROLE_START_TIMESTAMP);
  g_assert_false (cs_csv_role_from_string ("start", &role));
}

static void
test_formats (void)
{
  g_autoptr(CsCsvReader) reader = cs_csv_reader_new ();
  g_autoptr(GTimeZone) amsterdam = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GError) error = NULL;
  g_autoptr(CsEventLog) log = NULL;
  CsCsvTimeFormat format;
  const CsEvent *events;
  guint n;

  /* Each value by its form: day first, seconds and milliseconds since 1970. */
  cs_csv_reader_set_time_zone (reader, amsterdam);
  log = read_text (reader,
                   "case\tactivity\ttimestamp\tlifecycle\n"
                   "1\ta\t25-10-2026 01:30\tstart\n"
                   "1\ta\t1792888200\tcomplete\n"
                   "1\tb\t1792891800000\tSCHEDULE\n",
                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (cs_csv_reader_get_separator (reader), ==, '\t');
  events = cs_event_log_get_case_events (log, 0, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (events[0].timestamp, ==, utc (2026, 10, 24, 23, 30, 0));
  g_assert_cmpint (events[0].lifecycle, ==, CS_LIFECYCLE_START);
  g_assert_cmpint (events[1].timestamp, ==, utc (2026, 10, 25, 0, 30, 0));
  g_assert_cmpint (events[1].lifecycle, ==, CS_LIFECYCLE_COMPLETE);
  g_assert_cmpint (events[2].timestamp, ==, utc (2026, 10, 25, 1, 30, 0));
  g_assert_cmpint (events[2].lifecycle, ==, CS_LIFECYCLE_OTHER);
  g_clear_object (&log);

  /* A format given: other forms are bad rows. */
  g_assert_true (cs_csv_time_format_from_string ("epoch-s", &format));
  cs_csv_reader_set_time_format (reader, format);
  log = read_text (reader, "case,activity,timestamp\n1,a,1792888200\n1,b,2026-10-25T00:30:00Z\n", &error);
  g_assert_null (log);
  g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==,
                   "1 row could not be read, so nothing was imported:\n"
                   "Line 3: unknown timestamp format “2026-10-25T00:30:00Z” in column “timestamp” "
                   "(expected ISO 8601 such as 2026-10-25T01:30:00+02:00, YYYY-MM-DD HH:MM:SS, "
                   "DD-MM-YYYY HH:MM or seconds since 1970)");
  g_clear_error (&error);

  cs_csv_reader_set_time_format (reader, CS_CSV_TIME_EPOCH_MILLISECONDS);
  log = read_text (reader, "case,activity,timestamp\n1,a,1792888200\n", &error);
  g_assert_no_error (error);
  events = cs_event_log_get_case_events (log, 0, &n);
  g_assert_cmpint (events[0].timestamp, ==, G_GINT64_CONSTANT (1792888200) * 1000);
  g_clear_object (&log);

  /* A start column: each row is a start and a complete. */
  cs_csv_reader_set_time_format (reader, CS_CSV_TIME_ISO8601);
  log = read_text (reader,
                   "case,activity,start,end\n"
                   "1,a,2026-10-25T00:00:00Z,2026-10-25T00:20:00Z\n"
                   "1,b,,2026-10-25T01:00:00Z\n",
                   &error);
  g_assert_no_error (error);
  events = cs_event_log_get_case_events (log, 0, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (events[0].lifecycle, ==, CS_LIFECYCLE_START);
  g_assert_cmpint (events[0].timestamp, ==, utc (2026, 10, 25, 0, 0, 0));
  g_assert_cmpint (events[1].lifecycle, ==, CS_LIFECYCLE_COMPLETE);
  g_assert_cmpint (events[1].timestamp, ==, utc (2026, 10, 25, 0, 20, 0));
  g_assert_cmpint (events[2].lifecycle, ==, CS_LIFECYCLE_COMPLETE);
}

/* Line numbers count the lines of quoted fields; rows 3, 5, 6, 9 and 10 are bad. */
static const char bad_rows[] =
  "case,activity,timestamp\n"
  "1,a,2026-01-01T10:00:00Z\n"
  "1,b\n"
  "\"2\",c,2026-01-01T11:00:00Z\n"
  "3,,2026-01-01T12:00:00Z\n"
  "3,d,yesterday\n"
  "\"4\",\"multi\n"
  "line\",2026-01-01T13:00:00Z\n"
  "5,\"e\"x,2026-01-01T14:00:00Z\n"
  ",f,2026-01-01T15:00:00Z\n";

static void
test_bad_rows (void)
{
  static const guint lines[] = { 3, 5, 6, 9, 10 };
  static const char *messages[] = {
    "Line 3: 2 fields where the header has 3 columns",
    "Line 5: the activity (column “activity”) is empty",
    "Line 6: unknown timestamp format “yesterday” in column “timestamp” (expected ISO 8601 such as "
      "2026-10-25T01:30:00+02:00, YYYY-MM-DD HH:MM:SS, DD-MM-YYYY HH:MM or seconds since 1970)",
    "Line 9: text after the closing quote of field 2",
    "Line 10: the case id (column “case”) is empty",
  };
  g_autoptr(CsCsvReader) reader = cs_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CsEventLog) log = NULL;
  g_autofree char *expected = NULL;
  const CsEvent *events;
  guint n;

  /* Refused as a whole. */
  log = read_text (reader, bad_rows, &error);
  g_assert_null (log);
  g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
  expected = g_strjoin ("\n", "5 rows could not be read, so nothing was imported:", messages[0],
                        messages[1], messages[2], messages[3], messages[4], NULL);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_clear_pointer (&expected, g_free);

  /* Only the first ones listed. */
  cs_csv_reader_set_max_reported (reader, 2);
  log = read_text (reader, bad_rows, &error);
  g_assert_null (log);
  expected = g_strjoin ("\n", "5 rows could not be read, so nothing was imported:", messages[0],
                        messages[1], "… and 3 more rows", NULL);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* Skipped, and said so. */
  cs_csv_reader_set_skip_bad_rows (reader, TRUE);
  log = read_text (reader, bad_rows, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_event_log_get_n_cases (log), ==, 3);
  g_assert_cmpuint (cs_event_log_get_n_events (log), ==, 3);
  g_assert_cmpint (cs_event_log_find_case (log, "3"), ==, -1);
  g_assert_cmpint (cs_event_log_find_case (log, "5"), ==, -1);
  events = cs_event_log_get_case_events (log, cs_event_log_find_case (log, "4"), &n);
  g_assert_cmpstr (cs_event_log_get_activity_name (log, events[0].activity), ==, "multi\nline");
  g_assert_cmpuint (cs_csv_reader_get_n_skipped_rows (reader), ==, G_N_ELEMENTS (lines));
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_assert_cmpuint (cs_csv_reader_get_skipped_row_line (reader, i), ==, lines[i]);
      g_assert_cmpstr (cs_csv_reader_get_skipped_row_message (reader, i), ==, messages[i]);
    }
}

static void
test_bad_files (void)
{
  static const struct { const char *name; const char *text; int code; const char *message; } cases[] = {
    { "unclosed quote",
      "case,activity,timestamp\n1,a,2026-01-01T10:00:00Z\n2,\"b,2026-01-01T10:00:00Z\n3,c,2026-01-01T10:00:00Z\n",
      CS_ERROR_PARSE, "Line 3: a quoted field opened here is never closed (truncated file?)" },
    { "empty", "", CS_ERROR_INVALID_ARGUMENT, "The CSV file is empty" },
    { "blank", "\r\n\n", CS_ERROR_INVALID_ARGUMENT, "The CSV file is empty" },
    { "header only", "case,activity,timestamp\r\n", CS_ERROR_INVALID_ARGUMENT, "The CSV file contains no events" },
    { "invalid UTF-8", "case,activity,timestamp\n1,\xff,2026-01-01T10:00:00Z\n",
      CS_ERROR_PARSE, "1 row could not be read, so nothing was imported:\n"
                      "Line 2: column “activity” is not valid UTF-8 text" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CsCsvReader) reader = cs_csv_reader_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(CsEventLog) log = NULL;

      /* Skipping bad rows does not skip a broken file. */
      cs_csv_reader_set_skip_bad_rows (reader, i == 0);
      log = read_text (reader, cases[i].text, &error);
      g_test_message ("%s: %s", cases[i].name, error ? error->message : "(no error)");
      g_assert_null (log);
      g_assert_error (error, CS_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* The real interval log: every row has a start and a completion. */
static void
test_interval_log (void)
{
  g_autoptr(GFile) file = data_file ("interval_event_log.csv");
  g_autoptr(CsCsvReader) reader = cs_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CsEventLog) log = NULL;
  const CsEvent *events;
  guint n;
  int c1;

  g_assert_true (cs_csv_reader_read_header_file (reader, file, 1, NULL, &error));
  g_assert_cmpint (cs_csv_reader_get_role (reader, 0), ==, CS_CSV_ROLE_CASE_ID);
  g_assert_cmpint (cs_csv_reader_get_role (reader, 1), ==, CS_CSV_ROLE_ACTIVITY);
  g_assert_cmpint (cs_csv_reader_get_role (reader, 2), ==, CS_CSV_ROLE_TIMESTAMP);
  g_assert_cmpint (cs_csv_reader_get_role (reader, 3), ==, CS_CSV_ROLE_START_TIMESTAMP);

  log = cs_csv_reader_read_file (reader, file, NULL, &error);
  g_assert_no_error (error);
  /* 8109 rows of 1266 cases and 8 activities. */
  g_assert_cmpuint (cs_event_log_get_n_cases (log), ==, 1266);
  g_assert_cmpuint (cs_event_log_get_n_events (log), ==, 2 * 8109);
  g_assert_cmpuint (cs_event_log_get_n_activities (log), ==, 8);

  /* C1,place order,2015-01-05 09:02:50+00:00,2015-01-05 09:00:07+00:00 */
  c1 = cs_event_log_find_case (log, "C1");
  g_assert_cmpint (c1, ==, 0);
  events = cs_event_log_get_case_events (log, c1, &n);
  g_assert_cmpuint (n, ==, 12);
  g_assert_cmpstr (cs_event_log_get_activity_name (log, events[0].activity), ==, "place order");
  g_assert_cmpint (events[0].lifecycle, ==, CS_LIFECYCLE_START);
  g_assert_cmpint (events[0].timestamp, ==, utc (2015, 1, 5, 9, 0, 7));
  g_assert_cmpint (events[1].lifecycle, ==, CS_LIFECYCLE_COMPLETE);
  g_assert_cmpint (events[1].timestamp, ==, utc (2015, 1, 5, 9, 2, 50));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv-reader/header", test_header);
  g_test_add_func ("/csv-reader/basic", test_basic);
  g_test_add_func ("/csv-reader/guess", test_guess);
  g_test_add_func ("/csv-reader/mapping", test_mapping);
  g_test_add_func ("/csv-reader/formats", test_formats);
  g_test_add_func ("/csv-reader/bad-rows", test_bad_rows);
  g_test_add_func ("/csv-reader/bad-files", test_bad_files);
  g_test_add_func ("/csv-reader/interval-log", test_interval_log);

  return g_test_run ();
}
