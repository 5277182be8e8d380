/* cs-business-calendar-clock.c: business time as arithmetic, not as a walk over days
 *
 * An SLA job measures a million issues, each over days or weeks, so walking
 * day by day is out. Instead every instant gets a business "position": the
 * working time from a fixed origin up to it. Elapsed time is a difference of
 * positions and adding time inverts the position, both in O(log n) of the
 * holidays and the zone's offset changes.
 *
 * Positions are counted on the local wall clock (whole weeks, the weekdays
 * before, the part of today, minus the holidays before), then corrected for
 * the offset changes: the hour a spring night skips on the wall clock did not
 * pass in reality, and the hour an autumn night repeats passed twice. See
 * CsCalendarClock in the private header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cs-business-calendar-private.h"

#define DAY CS_CALENDAR_DAY

/* Offset changes are looked for between these (in seconds): 1970 to 2100. */
#define SCAN_FROM G_GINT64_CONSTANT (0)
#define SCAN_TO   G_GINT64_CONSTANT (4102444800)

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if (a % b != 0 && ((a < 0) != (b < 0)))
    q--;
  return q;
}

/* Monday = 0: 1970-01-01, day 0, was a Thursday. */
static inline guint
weekday_of (gint64 day)
{
  return (guint) (day + 3 - floor_div (day + 3, 7) * 7);
}

G_LOCK_DEFINE_STATIC (zones);
/* identifier → CsZoneChanges; kept for the life of the process, as GLib
 * keeps its time zones, because there are few zones and they never change. */
static GHashTable *zones;

static void
find_changes (GTimeZone *tz,
              gint64     lo,
              gint64     hi,
              int        lo_interval,
              int        hi_interval,
              GArray    *at,
              GArray    *offset)
{
  gint64 mid;
  int mid_interval;

  /* Intervals are numbered in time order: equal numbers at both ends mean
   * no change in between, so only the few stretches with a change are cut. */
  if (lo_interval == hi_interval)
    return;
  if (hi - lo == 1)
    {
      gint64 before = g_time_zone_get_offset (tz, lo_interval);
      gint64 after = g_time_zone_get_offset (tz, hi_interval);

      if (before != after)
        {
          gint64 when = hi * G_USEC_PER_SEC;

          after *= G_USEC_PER_SEC;
          g_array_append_val (at, when);
          g_array_append_val (offset, after);
        }
      return;
    }
  mid = lo + (hi - lo) / 2;
  mid_interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, mid);
  find_changes (tz, lo, mid, lo_interval, mid_interval, at, offset);
  find_changes (tz, mid, hi, mid_interval, hi_interval, at, offset);
}

const CsZoneChanges *
cs_zone_changes_lookup (GTimeZone  *tz,
                        const char *identifier)
{
  CsZoneChanges *zone;

  G_LOCK (zones);
  if (zones == NULL)
    zones = g_hash_table_new (g_str_hash, g_str_equal);
  zone = g_hash_table_lookup (zones, identifier);
  if (zone == NULL)
    {
      g_autoptr(GArray) at = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) offset = g_array_new (FALSE, FALSE, sizeof (gint64));
      int first = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, SCAN_FROM);
      int last = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, SCAN_TO);

      find_changes (tz, SCAN_FROM, SCAN_TO, first, last, at, offset);
      zone = g_new0 (CsZoneChanges, 1);
      zone->n = at->len;
      zone->initial_offset = (gint64) g_time_zone_get_offset (tz, first) * G_USEC_PER_SEC;
      zone->at = (gint64 *) g_array_free (g_steal_pointer (&at), FALSE);
      zone->offset = (gint64 *) g_array_free (g_steal_pointer (&offset), FALSE);
      g_hash_table_insert (zones, g_strdup (identifier), zone);
    }
  G_UNLOCK (zones);
  return zone;
}

gssize
cs_calendar_find_holiday (const CsBusinessCalendar *calendar,
                          gint32                    day,
                          guint                    *lower_bound)
{
  guint lo = 0, hi = calendar->n_holidays;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (calendar->holidays[mid] < day)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lower_bound != NULL)
    *lower_bound = lo;
  return lo < calendar->n_holidays && calendar->holidays[lo] == day ? (gssize) lo : -1;
}

static gint64
within_day (const CsCalendarClock *clock,
            guint                  weekday,
            gint64                 since_midnight)
{
  gint64 total = 0;

  for (guint i = 0; i < clock->n_intervals[weekday]; i++)
    {
      if (since_midnight <= clock->interval_start[weekday][i])
        break;
      total += MIN (since_midnight, clock->interval_end[weekday][i]) -
               clock->interval_start[weekday][i];
    }
  return total;
}

/* Working time before wall time @wall, as if the wall clock never changed. */
static gint64
nominal (const CsCalendarClock    *clock,
         const CsBusinessCalendar *calendar,
         gint64                    wall)
{
  gint64 day = floor_div (wall, DAY);
  gint64 weeks = floor_div (day + 3, 7);
  guint weekday = weekday_of (day);
  guint before;
  gboolean holiday = cs_calendar_find_holiday (calendar, (gint32) day, &before) >= 0;
  gint64 today = holiday ? 0 : within_day (clock, weekday, wall - day * DAY);

  return weeks * clock->week_before[7] + clock->week_before[weekday] + today -
         clock->holiday_loss[before];
}

static inline gint64
nominal_by_end_of (const CsCalendarClock    *clock,
                   const CsBusinessCalendar *calendar,
                   gint64                    day)
{
  return nominal (clock, calendar, (day + 1) * DAY);
}

/* The earliest wall time at which nominal() reaches @target. */
static gint64
nominal_inverse (const CsCalendarClock    *clock,
                 const CsBusinessCalendar *calendar,
                 gint64                    target)
{
  gint64 guess = floor_div (target, clock->week_before[7]) * 7 - 3;
  gint64 lo, hi, step = 8, rest;
  guint weekday;

  /* Gallop out from the guess (holidays only push the answer later), then
   * bisect for the first day by whose end @target is reached. */
  if (nominal_by_end_of (clock, calendar, guess) >= target)
    {
      hi = guess;
      lo = guess - step;
      while (nominal_by_end_of (clock, calendar, lo) >= target)
        {
          hi = lo;
          step *= 2;
          lo -= step;
        }
    }
  else
    {
      lo = guess;
      hi = guess + step;
      while (nominal_by_end_of (clock, calendar, hi) < target)
        {
          lo = hi;
          step *= 2;
          hi += step;
        }
    }
  while (hi - lo > 1)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (nominal_by_end_of (clock, calendar, mid) >= target)
        hi = mid;
      else
        lo = mid;
    }

  rest = target - nominal (clock, calendar, hi * DAY);
  weekday = weekday_of (hi);
  g_assert (rest > 0);
  for (guint i = 0; i < clock->n_intervals[weekday]; i++)
    {
      gint64 length = clock->interval_end[weekday][i] - clock->interval_start[weekday][i];

      if (rest <= length)
        return hi * DAY + clock->interval_start[weekday][i] + rest;
      rest -= length;
    }
  g_assert_not_reached ();
}

/* The last zone change at or before @instant, or -1. */
static gssize
change_before (const CsZoneChanges *zone,
               gint64               instant)
{
  guint lo = 0, hi = zone->n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (zone->at[mid] <= instant)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (gssize) lo - 1;
}

static inline gint64
offset_after (const CsZoneChanges *zone,
              gssize               change)
{
  return change < 0 ? zone->initial_offset : zone->offset[change];
}

void
cs_calendar_clock_init (CsCalendarClock          *clock,
                        const CsBusinessCalendar *calendar,
                        CsCalendarMeasure         measure)
{
  const CsZoneChanges *zone = calendar->zone;
  gint64 jumped = 0;

  memset (clock, 0, sizeof *clock);
  for (guint d = 0; d < 7; d++)
    {
      if (measure == CS_CALENDAR_WORKING_DAYS)
        {
          clock->n_intervals[d] = calendar->n_intervals[d] > 0 ? 1 : 0;
          clock->interval_start[d][0] = 0;
          clock->interval_end[d][0] = DAY;
        }
      else
        {
          clock->n_intervals[d] = calendar->n_intervals[d];
          for (guint i = 0; i < calendar->n_intervals[d]; i++)
            {
              clock->interval_start[d][i] = (gint64) calendar->minutes[d][i][0] * 60 * G_USEC_PER_SEC;
              clock->interval_end[d][i] = (gint64) calendar->minutes[d][i][1] * 60 * G_USEC_PER_SEC;
            }
        }
      for (guint i = 0; i < clock->n_intervals[d]; i++)
        clock->day_total[d] += clock->interval_end[d][i] - clock->interval_start[d][i];
      clock->week_before[d + 1] = clock->week_before[d] + clock->day_total[d];
    }

  clock->holiday_loss = g_new0 (gint64, calendar->n_holidays + 1);
  for (guint i = 0; i < calendar->n_holidays; i++)
    clock->holiday_loss[i + 1] = clock->holiday_loss[i] +
                                 clock->day_total[weekday_of (calendar->holidays[i])];

  clock->jump = g_new0 (gint64, zone->n + 1);
  clock->position_at = g_new0 (gint64, zone->n + 1);
  for (guint k = 0; k < zone->n; k++)
    {
      gint64 wall_before = zone->at[k] + offset_after (zone, (gssize) k - 1);
      gint64 wall_after = zone->at[k] + zone->offset[k];

      jumped += nominal (clock, calendar, wall_after) - nominal (clock, calendar, wall_before);
      clock->jump[k] = jumped;
      clock->position_at[k] = nominal (clock, calendar, wall_after) - jumped;
    }
}

void
cs_calendar_clock_clear (CsCalendarClock *clock)
{
  g_clear_pointer (&clock->holiday_loss, g_free);
  g_clear_pointer (&clock->jump, g_free);
  g_clear_pointer (&clock->position_at, g_free);
}

gint64
cs_calendar_wall_time (const CsBusinessCalendar *calendar,
                       gint64                    instant)
{
  return instant + offset_after (calendar->zone, change_before (calendar->zone, instant));
}

gint64
cs_calendar_clock_position (const CsCalendarClock    *clock,
                            const CsBusinessCalendar *calendar,
                            gint64                    instant)
{
  gssize k = change_before (calendar->zone, instant);

  return nominal (clock, calendar, instant + offset_after (calendar->zone, k)) -
         (k < 0 ? 0 : clock->jump[k]);
}

gint64
cs_calendar_clock_instant (const CsCalendarClock    *clock,
                           const CsBusinessCalendar *calendar,
                           gint64                    position)
{
  const CsZoneChanges *zone = calendar->zone;
  guint lo = 0, hi = zone->n;
  gssize k;

  /* The last change whose instant lies before @position is reached: the
   * answer lies in the stretch of constant offset that starts there. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (clock->position_at[mid] < position)
        lo = mid + 1;
      else
        hi = mid;
    }
  k = (gssize) lo - 1;
  return nominal_inverse (clock, calendar, position + (k < 0 ? 0 : clock->jump[k])) -
         offset_after (zone, k);
}
