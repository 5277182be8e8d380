/* cs-event-log.h: an imported event log: cases of timestamped events
 *
 * What process-mining tools exchange (IEEE 1849 XES, CSV exports): each case
 * (a citizen's application, a complaint) is a sequence of events, each an
 * activity that happened at a time, with its lifecycle transition (start,
 * complete, …), the resource who did it and any further attributes.
 *
 * The log is built once by a reader (cs-xes-reader.h, cs-csv-reader.h) and
 * then only read. It is compact so that logs of hundreds of thousands of
 * events stay cheap: every string (activities, resources, attribute keys
 * and values, case ids) is stored once in a pool and referred to by a 32-bit
 * id; an event is 24 bytes plus 12 per extra attribute.
 *
 * Times are microseconds since the Unix epoch, UTC: timestamps with offsets
 * are converted on reading, so durations are true elapsed time across
 * daylight-saving changes.
 *
 * Within a case, events are kept in time order: cs_event_log_end_case()
 * sorts them (stably, so simultaneous events keep their order in the file)
 * and counts those that were out of order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  CS_LIFECYCLE_COMPLETE,   /* also for events without a lifecycle */
  CS_LIFECYCLE_START,
  CS_LIFECYCLE_OTHER,      /* schedule, assign, suspend, resume, abort, … */
} CsLifecycle;

/* "complete", "start", "other" */
const char  *cs_lifecycle_to_string      (CsLifecycle  lifecycle);
/* XES lifecycle:transition values, case-insensitive: "start" and "complete"
 * (NULL or "" too), anything else is CS_LIFECYCLE_OTHER. */
CsLifecycle  cs_lifecycle_from_string    (const char  *text);

/* The type of an attribute as XES declares it; CSV columns are strings. */
typedef enum
{
  CS_ATTRIBUTE_STRING,
  CS_ATTRIBUTE_DATE,
  CS_ATTRIBUTE_INT,
  CS_ATTRIBUTE_FLOAT,
  CS_ATTRIBUTE_BOOLEAN,
  CS_ATTRIBUTE_ID,
} CsAttributeType;

/* "string", "date", "int", "float", "boolean", "id" (the XES element names) */
const char  *cs_attribute_type_to_string   (CsAttributeType  type);
gboolean     cs_attribute_type_from_string (const char      *text,
                                            CsAttributeType *type);

/* Parses an ISO 8601 date-time: "YYYY-MM-DDTHH:MM[:SS[.f…]]" (a space may
 * replace the T), then "Z", "±HH:MM", "±HHMM", "±HH" or nothing; a time
 * without an offset is local time in @naive_zone (UTC when NULL), resolved
 * with its daylight-saving rules (an hour that occurs twice is taken as its
 * first occurrence). Stores microseconds since the Unix epoch, UTC. */
gboolean     cs_timestamp_parse_iso8601  (const char  *text,
                                          GTimeZone   *naive_zone,
                                          gint64      *usec);
/* "DD-MM-YYYY HH:MM[:SS]", local time in @naive_zone (UTC when NULL). */
gboolean     cs_timestamp_parse_dmy      (const char  *text,
                                          GTimeZone   *naive_zone,
                                          gint64      *usec);
/* Whole seconds or milliseconds since the Unix epoch. */
gboolean     cs_timestamp_parse_epoch    (const char  *text,
                                          gboolean     milliseconds,
                                          gint64      *usec);
/* "2026-10-25T00:30:00.000Z": for reports and exports. */
char        *cs_timestamp_format         (gint64       usec);

typedef struct
{
  guint32  key;     /* string ids: cs_event_log_get_string() */
  guint32  value;
  guint32  type;    /* CsAttributeType */
} CsAttribute;

typedef struct
{
  gint64   timestamp;         /* µs since the Unix epoch, UTC */
  guint32  activity;          /* activity index: cs_event_log_get_activity_name() */
  guint32  resource;          /* string id, 0 when none */
  guint32  first_attribute;   /* see cs_event_log_get_event_attributes() */
  guint16  n_attributes;
  guint8   lifecycle;         /* CsLifecycle */
} CsEvent;

#define CS_TYPE_EVENT_LOG (cs_event_log_get_type ())

G_DECLARE_FINAL_TYPE (CsEventLog, cs_event_log, CS, EVENT_LOG, GObject)

CsEventLog  *cs_event_log_new                 (void);

/* Strings: id 0 is NULL. */
guint32      cs_event_log_intern              (CsEventLog   *log,
                                               const char   *text);
const char  *cs_event_log_get_string          (CsEventLog   *log,
                                               guint32       id);

/* The log's own name (its concept:name), or NULL. */
const char  *cs_event_log_get_name            (CsEventLog   *log);
void         cs_event_log_set_name            (CsEventLog   *log,
                                               const char   *name);
/* Log-level attributes (the XES header's, e.g. meta_time:duration_average). */
void         cs_event_log_add_log_attribute   (CsEventLog      *log,
                                               const char      *key,
                                               CsAttributeType  type,
                                               const char      *value);
/* The value of the first log attribute @key, or NULL. */
const char  *cs_event_log_get_log_attribute   (CsEventLog   *log,
                                               const char   *key);

/* Building, for readers: begin a case, give it an id (at any point before
 * its end), add its attributes and events, end it. Events take the
 * attributes added after them until the next event. */
void         cs_event_log_begin_case          (CsEventLog   *log);
void         cs_event_log_set_case_id         (CsEventLog   *log,
                                               const char   *case_id);
void         cs_event_log_add_case_attribute  (CsEventLog      *log,
                                               const char      *key,
                                               CsAttributeType  type,
                                               const char      *value);
void         cs_event_log_add_event           (CsEventLog   *log,
                                               const char   *activity,
                                               gint64        timestamp,
                                               CsLifecycle   lifecycle,
                                               const char   *resource);
void         cs_event_log_add_event_attribute (CsEventLog      *log,
                                               const char      *key,
                                               CsAttributeType  type,
                                               const char      *value);
/* Sorts the case's events by time. The case must have an id that no other
 * case has (check with cs_event_log_find_case()). A case without events is
 * dropped and counted (cs_event_log_get_n_empty_cases()). */
void         cs_event_log_end_case            (CsEventLog   *log);

/* Reading */
guint        cs_event_log_get_n_cases         (CsEventLog   *log);
guint        cs_event_log_get_n_events        (CsEventLog   *log);
/* Activities are numbered 0, 1, … in the order they first occur. */
guint        cs_event_log_get_n_activities    (CsEventLog   *log);
const char  *cs_event_log_get_activity_name   (CsEventLog   *log,
                                               guint         activity);
/* The case of that id, or -1. */
int          cs_event_log_find_case           (CsEventLog   *log,
                                               const char   *case_id);
const char  *cs_event_log_get_case_id         (CsEventLog   *log,
                                               guint         case_index);
/* The case's events in time order (borrowed). */
const CsEvent *cs_event_log_get_case_events   (CsEventLog   *log,
                                               guint         case_index,
                                               guint        *n_events);
const CsAttribute *cs_event_log_get_case_attributes  (CsEventLog    *log,
                                                      guint          case_index,
                                                      guint         *n_attributes);
/* The value of the case's attribute @key, or NULL. */
const char  *cs_event_log_get_case_attribute  (CsEventLog   *log,
                                               guint         case_index,
                                               const char   *key);
const CsAttribute *cs_event_log_get_event_attributes (CsEventLog    *log,
                                                      const CsEvent *event,
                                                      guint         *n_attributes);
const char  *cs_event_log_get_event_attribute (CsEventLog    *log,
                                               const CsEvent *event,
                                               const char    *key);
/* The case attributes as a JSON object: ints and floats as numbers,
 * booleans as booleans, everything else as strings. */
JsonObject  *cs_event_log_case_attributes_to_json (CsEventLog *log,
                                                   guint       case_index);

/* Events that came before an earlier event of their case and were moved by
 * sorting. */
guint        cs_event_log_get_n_reordered     (CsEventLog   *log);
guint        cs_event_log_get_n_empty_cases   (CsEventLog   *log);
/* The earliest and latest event; FALSE for a log without events. */
gboolean     cs_event_log_get_time_range      (CsEventLog   *log,
                                               gint64       *first,
                                               gint64       *last);

G_END_DECLS
