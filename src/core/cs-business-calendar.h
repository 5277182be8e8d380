/* cs-business-calendar.h: working hours, public holidays and a time zone
 *
 * A calendar says when an agency works: intervals of local wall-clock time
 * per weekday (Monday to Friday 08:30–17:00, or 08:30–12:00 and 13:00–17:00
 * with a lunch break), dates that are public holidays, and the time zone the
 * hours are read in ("Europe/Amsterdam"). It measures time two ways:
 *
 * CS_CALENDAR_WORKING_HOURS: the real time that passes inside working hours.
 *   Across a daylight-saving change the real length counts: on the night
 *   clocks go forward, 00:00–04:00 holds three hours, not four.
 *
 * CS_CALENDAR_WORKING_DAYS: the real time that passes on working days, whole
 *   days from 00:00 to 24:00, where a working day is a date whose weekday has
 *   working hours and that is not a holiday. One working day is 86,400 s of
 *   it (CS_CALENDAR_DAY), so "3 working days" from Friday 12:00 ends on
 *   Wednesday 12:00: Friday's afternoon, Monday, Tuesday, Wednesday's morning.
 *   This is how Amsterdam's Signalen counts "werkdagen" (a report made on a
 *   weekend starts counting at 00:00 on Monday), with holidays added.
 *
 * Instants and durations are microseconds (instants since the Unix epoch,
 * UTC), as everywhere in CivicStream. Every function of a calendar runs in
 * O(log n) of the holidays and daylight-saving changes, so one calendar can
 * measure millions of issues; a calendar is immutable and may be shared by
 * threads. Daylight-saving changes are followed from 1970 to 2100; outside
 * those years the offset of the nearest one applies.
 *
 * JSON form:
 *
 *   { "time_zone": "Europe/Amsterdam",
 *     "hours": { "mon": "08:30-17:00", "tue": "08:30-12:00, 13:00-17:00", … },
 *     "holidays": [ "2025-04-21", "2025-04-27", "2025-12-25" ] }
 *
 * Weekdays are "mon" … "sun"; a weekday that is missing or "" is closed. An
 * interval ends after it starts, intervals of a day do not overlap and come
 * in order, "24:00" ends a day.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One working day of CS_CALENDAR_WORKING_DAYS time, in microseconds. */
#define CS_CALENDAR_DAY (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)
#define CS_CALENDAR_HOUR (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

/* At most this many intervals per weekday. */
#define CS_CALENDAR_MAX_INTERVALS 8

typedef enum
{
  CS_CALENDAR_WORKING_HOURS,
  CS_CALENDAR_WORKING_DAYS,
} CsCalendarMeasure;

typedef struct _CsBusinessCalendar CsBusinessCalendar;

#define CS_TYPE_BUSINESS_CALENDAR (cs_business_calendar_get_type ())
GType               cs_business_calendar_get_type (void) G_GNUC_CONST;

/* @time_zone is an IANA identifier ("Europe/Amsterdam", "UTC"); @hours are
 * seven strings, Monday first, each "" (closed) or intervals such as
 * "08:30-12:00, 13:00-17:00" (NULL: closed every day, which is an error:
 * a calendar needs working time); @holidays are dates in any order.
 * Returns NULL with CS_ERROR_INVALID_ARGUMENT naming what is wrong. */
CsBusinessCalendar *cs_business_calendar_new       (const char          *time_zone,
                                                    const char * const  *hours,
                                                    const GDate         *holidays,
                                                    guint                n_holidays,
                                                    GError             **error);
CsBusinessCalendar *cs_business_calendar_ref       (CsBusinessCalendar  *calendar);
void                cs_business_calendar_unref     (CsBusinessCalendar  *calendar);

/* The JSON form above. */
CsBusinessCalendar *cs_business_calendar_new_from_json (JsonNode        *node,
                                                        GError         **error);
JsonNode           *cs_business_calendar_to_json   (CsBusinessCalendar  *calendar);

const char         *cs_business_calendar_get_time_zone (CsBusinessCalendar *calendar);
/* The intervals of @weekday in the form above, "" when closed. */
char               *cs_business_calendar_dup_hours (CsBusinessCalendar  *calendar,
                                                    GDateWeekday         weekday);
guint               cs_business_calendar_get_n_holidays (CsBusinessCalendar *calendar);
/* The @index-th holiday in date order. */
void                cs_business_calendar_get_holiday (CsBusinessCalendar *calendar,
                                                      guint               index,
                                                      GDate              *date);

/* Whether @date is a working day: its weekday has hours, it is no holiday. */
gboolean            cs_business_calendar_is_working_day (CsBusinessCalendar *calendar,
                                                         const GDate        *date);
/* Whether @instant falls inside working hours. */
gboolean            cs_business_calendar_is_open   (CsBusinessCalendar  *calendar,
                                                    gint64               instant);

/* The @measure of time that passes from @start to @end (negative when @end
 * comes first), in microseconds. */
gint64              cs_business_calendar_elapsed   (CsBusinessCalendar  *calendar,
                                                    CsCalendarMeasure    measure,
                                                    gint64               start,
                                                    gint64               end);
/* The earliest instant at which @duration of @measure has passed since
 * @start; @start itself when @duration ≤ 0. With working hours, a duration
 * used up exactly at closing time ends at closing time, not at the next
 * opening. */
gint64              cs_business_calendar_add       (CsBusinessCalendar  *calendar,
                                                    CsCalendarMeasure    measure,
                                                    gint64               start,
                                                    gint64               duration);

/* Shorthands: cs_business_calendar_add() of @n_days × CS_CALENDAR_DAY, and
 * cs_business_calendar_elapsed() in working days. */
gint64              cs_business_calendar_add_working_days   (CsBusinessCalendar *calendar,
                                                             gint64              start,
                                                             guint               n_days);
double              cs_business_calendar_count_working_days (CsBusinessCalendar *calendar,
                                                             gint64              start,
                                                             gint64              end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsBusinessCalendar, cs_business_calendar_unref)

G_END_DECLS
