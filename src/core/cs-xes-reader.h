/* cs-xes-reader.h: read IEEE 1849 XES event logs, plain or gzipped
 *
 *   g_autoptr(CsXesReader) reader = cs_xes_reader_new ();
 *   g_autoptr(CsEventLog) log = cs_xes_reader_read_file (reader, file, NULL, &error);
 *
 * The file is parsed as a stream, in chunks, so a log never needs to fit in
 * memory as text; a gzip stream (recognised by its magic bytes, whatever the
 * file is called) is decompressed on the way.
 *
 * Understood: the standard extensions concept:name (case id on a trace,
 * activity on an event, the log's name), time:timestamp, lifecycle:transition
 * and org:resource; other attributes of traces become case attributes, of
 * events event attributes, of the log log attributes (nested attributes,
 * lists and containers are skipped). <extension>, <global> and <classifier>
 * are accepted and ignored. An event with a date attribute named by
 * "start-key" ("start_timestamp", as PM4Py writes logs of intervals) stands
 * for a start event and a complete event of its activity.
 *
 * Reading is all or nothing: any problem fails the whole read with
 * CS_ERROR_PARSE (CS_ERROR_INVALID_ARGUMENT for a log with no events) and a
 * message naming the line, and the column where it helps: malformed or
 * truncated XML or gzip data, a trace without a case id or with the id of an
 * earlier trace, an event without concept:name or time:timestamp, a
 * timestamp that is not ISO 8601. Traces without events are dropped
 * (cs_event_log_get_n_empty_cases()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-event-log.h"

G_BEGIN_DECLS

#define CS_TYPE_XES_READER (cs_xes_reader_get_type ())

G_DECLARE_FINAL_TYPE (CsXesReader, cs_xes_reader, CS, XES_READER, GObject)

CsXesReader *cs_xes_reader_new            (void);
/* The zone of timestamps written without an offset; UTC unless set. */
GTimeZone   *cs_xes_reader_get_time_zone  (CsXesReader   *self);
void         cs_xes_reader_set_time_zone  (CsXesReader   *self,
                                           GTimeZone     *zone);
/* The event attribute holding a start time, or NULL for none. */
const char  *cs_xes_reader_get_start_key  (CsXesReader   *self);
void         cs_xes_reader_set_start_key  (CsXesReader   *self,
                                           const char    *key);

CsEventLog  *cs_xes_reader_read           (CsXesReader   *self,
                                           GInputStream  *stream,
                                           GCancellable  *cancellable,
                                           GError       **error);
/* Like cs_xes_reader_read(); messages start with the file's name. */
CsEventLog  *cs_xes_reader_read_file      (CsXesReader   *self,
                                           GFile         *file,
                                           GCancellable  *cancellable,
                                           GError       **error);

G_END_DECLS
