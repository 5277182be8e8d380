/* cs-csv-reader.h: read event logs from CSV files, with a column mapping
 *
 * RFC 4180 text: fields in double quotes may hold separators, line breaks
 * and doubled quotes; lines end with LF or CRLF; a UTF-8 byte-order mark is
 * skipped; the separator (comma, semicolon or tab) is detected from the
 * header line unless set. The first line names the columns.
 *
 * Each row is one event, or, when a column holds start times, one activity
 * instance (a start event and a complete event). Columns are mapped to what
 * they hold; cs_csv_reader_read_header() guesses the mapping from the
 * column names (case:concept:name, concept:name, time:timestamp,
 * org:resource, lifecycle:transition, Case ID, Activity, Timestamp,
 * Resource, …, case-insensitive; "case:" columns as case attributes) for a
 * dialog or the command line to show and correct:
 *
 *   g_autoptr(CsCsvReader) reader = cs_csv_reader_new ();
 *   cs_csv_reader_read_header_file (reader, file, 5, NULL, &error);
 *   cs_csv_reader_set_role_by_name (reader, "Handled by", CS_CSV_ROLE_RESOURCE, &error);
 *   log = cs_csv_reader_read_file (reader, file, NULL, &error);
 *
 * Timestamps: ISO 8601 with an offset; "YYYY-MM-DD HH:MM:SS[.fff]" and
 * "DD-MM-YYYY HH:MM[:SS]" in the reader's time zone (UTC unless set; a zone
 * such as Europe/Amsterdam applies its daylight-saving rules); seconds or
 * milliseconds since 1970. By default each value is recognised by its form.
 *
 * A row that cannot be read (wrong number of fields, an empty case id,
 * activity or timestamp, a timestamp of unknown form, text after a closing
 * quote, invalid UTF-8) makes the whole read fail, its message listing the
 * first bad rows by line number, unless "skip-bad-rows" is set: then those
 * rows are left out and listed by cs_csv_reader_get_skipped_row_line(). A
 * quoted field left open at the end of the file always fails the read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-event-log.h"

G_BEGIN_DECLS

typedef enum
{
  CS_CSV_ROLE_IGNORE,
  CS_CSV_ROLE_CASE_ID,
  CS_CSV_ROLE_ACTIVITY,
  CS_CSV_ROLE_TIMESTAMP,          /* when the event happened (or completed) */
  CS_CSV_ROLE_START_TIMESTAMP,    /* optional: when the activity started */
  CS_CSV_ROLE_RESOURCE,
  CS_CSV_ROLE_LIFECYCLE,
  CS_CSV_ROLE_CASE_ATTRIBUTE,
  CS_CSV_ROLE_EVENT_ATTRIBUTE,
} CsCsvRole;

/* "ignore", "case-id", "activity", "timestamp", "start-timestamp",
 * "resource", "lifecycle", "case-attribute", "event-attribute" */
const char  *cs_csv_role_to_string    (CsCsvRole   role);
gboolean     cs_csv_role_from_string  (const char *text,
                                       CsCsvRole  *role);

typedef enum
{
  CS_CSV_TIME_AUTO,               /* each value by its form */
  CS_CSV_TIME_ISO8601,            /* with or without an offset */
  CS_CSV_TIME_DMY,                /* DD-MM-YYYY HH:MM[:SS] */
  CS_CSV_TIME_EPOCH_SECONDS,
  CS_CSV_TIME_EPOCH_MILLISECONDS,
} CsCsvTimeFormat;

/* "auto", "iso8601", "dmy", "epoch-s", "epoch-ms" */
const char  *cs_csv_time_format_to_string   (CsCsvTimeFormat  format);
gboolean     cs_csv_time_format_from_string (const char      *text,
                                             CsCsvTimeFormat *format);

#define CS_TYPE_CSV_READER (cs_csv_reader_get_type ())

G_DECLARE_FINAL_TYPE (CsCsvReader, cs_csv_reader, CS, CSV_READER, GObject)

CsCsvReader *cs_csv_reader_new               (void);

/* ',', ';' or '\t'; 0 (the default) detects it from the header line.
 * After reading, the separator used. */
char         cs_csv_reader_get_separator     (CsCsvReader     *self);
void         cs_csv_reader_set_separator     (CsCsvReader     *self,
                                              char             separator);
GTimeZone   *cs_csv_reader_get_time_zone     (CsCsvReader     *self);
void         cs_csv_reader_set_time_zone     (CsCsvReader     *self,
                                              GTimeZone       *zone);
CsCsvTimeFormat cs_csv_reader_get_time_format (CsCsvReader    *self);
void         cs_csv_reader_set_time_format   (CsCsvReader     *self,
                                              CsCsvTimeFormat  format);
gboolean     cs_csv_reader_get_skip_bad_rows (CsCsvReader     *self);
void         cs_csv_reader_set_skip_bad_rows (CsCsvReader     *self,
                                              gboolean         skip);
/* How many bad rows an error message lists (default 10). */
guint        cs_csv_reader_get_max_reported  (CsCsvReader     *self);
void         cs_csv_reader_set_max_reported  (CsCsvReader     *self,
                                              guint            max_reported);

/* Reads the header and up to @n_samples rows, and guesses each column's
 * role (replacing any mapping set before). */
gboolean     cs_csv_reader_read_header       (CsCsvReader     *self,
                                              GInputStream    *stream,
                                              guint            n_samples,
                                              GCancellable    *cancellable,
                                              GError         **error);
gboolean     cs_csv_reader_read_header_file  (CsCsvReader     *self,
                                              GFile           *file,
                                              guint            n_samples,
                                              GCancellable    *cancellable,
                                              GError         **error);
guint        cs_csv_reader_get_n_columns     (CsCsvReader     *self);
const char  *cs_csv_reader_get_column_name   (CsCsvReader     *self,
                                              guint            column);
/* The index of the column named @name (case-insensitive), or -1. */
int          cs_csv_reader_find_column       (CsCsvReader     *self,
                                              const char      *name);
guint        cs_csv_reader_get_n_samples     (CsCsvReader     *self);
const char  *cs_csv_reader_get_sample        (CsCsvReader     *self,
                                              guint            row,
                                              guint            column);
CsCsvRole    cs_csv_reader_get_role          (CsCsvReader     *self,
                                              guint            column);
/* The case id, activity, timestamps, resource and lifecycle are held by
 * one column each: giving one of these roles to a column makes the column
 * that had it an event attribute. */
void         cs_csv_reader_set_role          (CsCsvReader     *self,
                                              guint            column,
                                              CsCsvRole        role);
/* Fails with CS_ERROR_NOT_FOUND, listing the columns, when there is no
 * column of that name. */
gboolean     cs_csv_reader_set_role_by_name  (CsCsvReader     *self,
                                              const char      *name,
                                              CsCsvRole        role,
                                              GError         **error);
/* The attribute key an attribute column gives: its name, without a "case:"
 * prefix for case attributes. */
const char  *cs_csv_reader_get_attribute_key (CsCsvReader     *self,
                                              guint            column);

/* Reads the whole log, header included. Without a header read before, the
 * guessed mapping is used; with one, the stream's header must be the same. */
CsEventLog  *cs_csv_reader_read              (CsCsvReader     *self,
                                              GInputStream    *stream,
                                              GCancellable    *cancellable,
                                              GError         **error);
/* Like cs_csv_reader_read(); messages start with the file's name. */
CsEventLog  *cs_csv_reader_read_file         (CsCsvReader     *self,
                                              GFile           *file,
                                              GCancellable    *cancellable,
                                              GError         **error);

/* The rows the last read left out ("skip-bad-rows"), in file order. */
guint        cs_csv_reader_get_n_skipped_rows        (CsCsvReader *self);
guint        cs_csv_reader_get_skipped_row_line      (CsCsvReader *self,
                                                      guint        index);
const char  *cs_csv_reader_get_skipped_row_message   (CsCsvReader *self,
                                                      guint        index);

G_END_DECLS
