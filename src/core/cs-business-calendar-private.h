/* cs-business-calendar-private.h: the clocks shared by the cs-business-calendar*.c files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-business-calendar.h"

G_BEGIN_DECLS

/* A time zone's UTC offset changes between 1970 and 2100, shared by every
 * calendar of that zone (finding them costs a few milliseconds). */
typedef struct
{
  guint    n;
  gint64   initial_offset;   /* µs, before the first change */
  gint64  *at;               /* instants of the changes, ascending */
  gint64  *offset;           /* µs, from at[i] on */
} CsZoneChanges;

/* Counts working time on a "wall" timeline: local wall-clock microseconds
 * since 1970-01-01 00:00 local. nominal(w) is the working time before wall
 * time w as if no clock ever changed; the real business position of an
 * instant t is nominal(t + offset(t)) − jump(t), where jump(t) adds up, for
 * each offset change before t, the nominal working time that the wall clock
 * skipped (clocks forward) or went through twice (back, negative). */
typedef struct
{
  guint    n_intervals[7];                               /* Monday first */
  gint64   interval_start[7][CS_CALENDAR_MAX_INTERVALS]; /* µs after midnight */
  gint64   interval_end[7][CS_CALENDAR_MAX_INTERVALS];
  gint64   day_total[7];
  gint64   week_before[8];      /* working time of the weekdays before; [7] = a week */
  gint64  *holiday_loss;        /* n_holidays + 1 prefix sums of the holidays' day_total */
  gint64  *jump;                /* per zone change, the jumps up to and including it */
  gint64  *position_at;         /* per zone change, the business position of its instant */
} CsCalendarClock;

struct _CsBusinessCalendar
{
  gatomicrefcount       ref_count;
  char                 *time_zone;
  guint16               minutes[7][CS_CALENDAR_MAX_INTERVALS][2];
  guint                 n_intervals[7];
  gint32               *holidays;    /* days since 1970-01-01, ascending, unique */
  guint                 n_holidays;
  const CsZoneChanges  *zone;        /* owned by the process-wide cache */
  CsCalendarClock       clocks[2];   /* by CsCalendarMeasure */
};

/* cs-business-calendar-clock.c */
const CsZoneChanges *cs_zone_changes_lookup     (GTimeZone                *tz,
                                                 const char               *identifier);
void                 cs_calendar_clock_init     (CsCalendarClock          *clock,
                                                 const CsBusinessCalendar *calendar,
                                                 CsCalendarMeasure         measure);
void                 cs_calendar_clock_clear    (CsCalendarClock          *clock);
gint64               cs_calendar_clock_position (const CsCalendarClock    *clock,
                                                 const CsBusinessCalendar *calendar,
                                                 gint64                    instant);
gint64               cs_calendar_clock_instant  (const CsCalendarClock    *clock,
                                                 const CsBusinessCalendar *calendar,
                                                 gint64                    position);
/* The wall time of @instant (see CsCalendarClock). */
gint64               cs_calendar_wall_time      (const CsBusinessCalendar *calendar,
                                                 gint64                    instant);
/* Index of the holiday @day in the calendar's list, or -1. */
gssize               cs_calendar_find_holiday   (const CsBusinessCalendar *calendar,
                                                 gint32                    day,
                                                 guint                    *lower_bound);

G_END_DECLS
