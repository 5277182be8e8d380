/* cs-simulator-calendar.c: random numbers, local hours and office hours of the simulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cs-simulator-private.h"

guint64
cs_sim_stream_seed (guint64 a,
                    guint64 b)
{
  guint64 state = a;
  guint64 mixed = splitmix64 (&state);

  state = mixed ^ (b * G_GUINT64_CONSTANT (0xd1b54a32d192ed03) + G_GUINT64_CONSTANT (0x632be59bd9b4e019));
  return splitmix64 (&state);
}

static double
normal01 (guint64 *rng)
{
  double u1 = 1.0 - uniform01 (rng);
  double u2 = uniform01 (rng);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

double
cs_sim_lognormal (guint64 *rng,
                  double   mean,
                  double   cv)
{
  double sigma2;

  if (mean <= 0.0)
    return 0.0;
  if (cv <= 0.0)
    return mean;
  sigma2 = log1p (cv * cv);
  return exp (log (mean) - sigma2 / 2.0 + sqrt (sigma2) * normal01 (rng));
}

double
cs_sim_percentile (GArray *values,
                   double  q)
{
  double position, fraction;
  guint below;

  if (values->len == 0)
    return 0.0;
  position = q * (values->len - 1);
  below = (guint) floor (position);
  fraction = position - below;
  if (below + 1 >= values->len)
    return g_array_index (values, double, values->len - 1);
  return g_array_index (values, double, below) * (1.0 - fraction) +
         g_array_index (values, double, below + 1) * fraction;
}

int
cs_sim_compare_doubles (gconstpointer a,
                        gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static gint64
local_instant (GTimeZone   *tz,
               const GDate *date,
               guint        minute)
{
  g_autoptr(GDateTime) dt = NULL;
  GDate day = *date;

  g_date_add_days (&day, minute / 1440);
  minute %= 1440;
  /* A time in the gap of a DST change moves forward, as the clocks do. */
  dt = g_date_time_new (tz, g_date_get_year (&day), g_date_get_month (&day),
                        g_date_get_day (&day), minute / 60, minute % 60, 0);
  g_assert (dt != NULL);
  return g_date_time_to_unix (dt) * SECOND;
}

static void
cal_append (Calendar    *cal,
            const GDate *date)
{
  CalDay day;

  memset (&day, 0, sizeof day);
  day.date = *date;
  day.weekday = g_date_get_weekday (date);
  for (guint h = 0; h <= 24; h++)
    {
      day.hour[h] = local_instant (cal->tz, date, h * 60);
      if (h > 0)
        day.hour[h] = MAX (day.hour[h], day.hour[h - 1]);
    }
  if (cal->office_days & (1u << (day.weekday - 1)))
    {
      day.open = local_instant (cal->tz, date, cal->open_minute);
      day.close = local_instant (cal->tz, date, cal->close_minute);
    }
  else
    day.open = day.close = day.hour[0];
  g_array_append_val (cal->days, day);
}

void
cs_sim_calendar_init (Calendar  *cal,
                      GTimeZone *tz,
                      guint      office_days,
                      guint      open_minute,
                      guint      close_minute,
                      gint64     start)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (start / SECOND);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  GDate first;

  cal->tz = g_time_zone_ref (tz);
  cal->office_days = office_days;
  cal->open_minute = open_minute;
  cal->close_minute = close_minute;
  cal->days = g_array_new (FALSE, FALSE, sizeof (CalDay));
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  g_date_subtract_days (&first, 1);
  cal_append (cal, &first);
}

void
cs_sim_calendar_clear (Calendar *cal)
{
  g_clear_pointer (&cal->days, g_array_unref);
  g_clear_pointer (&cal->tz, g_time_zone_unref);
}

CalDay *
cs_sim_calendar_day (Calendar *cal,
                     guint     i)
{
  while (cal->days->len <= i)
    {
      GDate next = g_array_index (cal->days, CalDay, cal->days->len - 1).date;

      g_date_add_days (&next, 1);
      cal_append (cal, &next);
    }
  return &g_array_index (cal->days, CalDay, i);
}

guint
cs_sim_calendar_find (Calendar *cal,
                      gint64    t)
{
  gint64 first = g_array_index (cal->days, CalDay, 0).hour[0];
  guint i = t > first ? (guint) ((t - first) / DAY) : 0;

  while (i > 0 && t < cs_sim_calendar_day (cal, i)->hour[0])
    i--;
  while (t >= cs_sim_calendar_day (cal, i)->hour[24])
    i++;
  return i;
}

gboolean
cs_sim_calendar_is_open (Calendar *cal,
                         gint64    t)
{
  CalDay *day = cs_sim_calendar_day (cal, cs_sim_calendar_find (cal, t));

  return t >= day->open && t < day->close;
}

gint64
cs_sim_calendar_next_open (Calendar *cal,
                           gint64    t)
{
  for (guint i = cs_sim_calendar_find (cal, t);; i++)
    {
      CalDay *day = cs_sim_calendar_day (cal, i);

      if (day->open < day->close && t < day->close)
        return MAX (t, day->open);
    }
}

gint64
cs_sim_calendar_work (Calendar *cal,
                      gint64    t,
                      gint64    work,
                      gint64    from,
                      gint64    to,
                      gint64   *busy)
{
  for (guint i = cs_sim_calendar_find (cal, t);; i++)
    {
      CalDay *day = cs_sim_calendar_day (cal, i);

      if (day->open < day->close && t < day->close)
        {
          gint64 begin = MAX (t, day->open);
          gint64 used = MIN (day->close - begin, work);

          *busy += overlap (begin, begin + used, from, to);
          work -= used;
          if (work <= 0)
            return begin + used;
        }
    }
}

gint64
cs_sim_calendar_office_time (Calendar *cal,
                             gint64    from,
                             gint64    to)
{
  gint64 total = 0;

  for (guint i = cs_sim_calendar_find (cal, from); cs_sim_calendar_day (cal, i)->hour[0] < to; i++)
    {
      CalDay *day = cs_sim_calendar_day (cal, i);
      total += overlap (day->open, day->close, from, to);
    }
  return total;
}
