/* cs-event-log-time.c: the timestamps of event logs, to and from text
 *
 * Parsed by hand rather than with GDateTime: a log holds hundreds of
 * thousands of them, and the forms are few. A date becomes days since 1970
 * by the proleptic Gregorian calendar; a time without an offset is resolved
 * with the zone's rules through GTimeZone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-event-log.h"

/* Days from 1970-01-01 to the given proleptic Gregorian date. */
static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era;
  gint64 yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int
days_in_month (int y,
               int m)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
    return 29;
  return days[m - 1];
}

static gboolean
read_digits (const char **p,
             guint        n,
             int         *out)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *out = v;
  return TRUE;
}

static gboolean
valid_fields (int y, int mo, int d, int h, int mi, int s)
{
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= days_in_month (y, mo) &&
         h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 59;
}

/* Local seconds since the epoch in @zone to UTC seconds. */
static gint64
local_to_utc (gint64     local,
              GTimeZone *zone)
{
  int interval;

  if (zone == NULL)
    return local;
  /* An hour that occurs twice is taken in daylight time, its first occurrence. */
  interval = g_time_zone_find_interval (zone, G_TIME_TYPE_DAYLIGHT, local);
  if (interval < 0)
    {
      /* A time skipped by a change to daylight time: read with the offset in
       * force before the change, as clocks that missed the change show it. */
      gint64 adjusted = local;

      interval = g_time_zone_adjust_time (zone, G_TIME_TYPE_DAYLIGHT, &adjusted);
      if (interval > 0)
        interval--;
    }
  return local - g_time_zone_get_offset (zone, interval);
}

static const char *
skip_spaces (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* Reads ":SS[.fff]" after HH:MM if present. */
static gboolean
read_seconds (const char **p,
              int         *s,
              int         *usec)
{
  *s = 0;
  *usec = 0;
  if (**p != ':')
    return TRUE;
  (*p)++;
  if (!read_digits (p, 2, s))
    return FALSE;
  if (**p == '.' || **p == ',')
    {
      int scale = 100000;

      (*p)++;
      if (!g_ascii_isdigit (**p))
        return FALSE;
      for (; g_ascii_isdigit (**p); (*p)++, scale /= 10)
        *usec += (**p - '0') * scale;   /* digits past the sixth add 0 */
    }
  return TRUE;
}

gboolean
cs_timestamp_parse_iso8601 (const char *text,
                            GTimeZone  *naive_zone,
                            gint64     *usec)
{
  const char *p;
  int y, mo, d, h, mi, s, frac;
  gboolean has_offset = FALSE;
  int offset = 0;
  gint64 local;

  g_return_val_if_fail (usec != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  p = skip_spaces (text);
  if (!read_digits (&p, 4, &y) || *p++ != '-' || !read_digits (&p, 2, &mo) || *p++ != '-' ||
      !read_digits (&p, 2, &d))
    return FALSE;
  if (*p != 'T' && *p != 't' && *p != ' ')
    return FALSE;
  p++;
  if (!read_digits (&p, 2, &h) || *p++ != ':' || !read_digits (&p, 2, &mi) ||
      !read_seconds (&p, &s, &frac))
    return FALSE;

  if (*p == 'Z' || *p == 'z')
    {
      has_offset = TRUE;
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      int sign = *p++ == '-' ? -1 : 1;
      int oh, om = 0;

      if (!read_digits (&p, 2, &oh))
        return FALSE;
      if (*p == ':')
        {
          p++;
          if (!read_digits (&p, 2, &om))
            return FALSE;
        }
      else if (g_ascii_isdigit (*p) && !read_digits (&p, 2, &om))
        return FALSE;
      if (oh > 14 || om > 59)
        return FALSE;
      has_offset = TRUE;
      offset = sign * (oh * 3600 + om * 60);
    }
  if (*skip_spaces (p) != '\0' || !valid_fields (y, mo, d, h, mi, s))
    return FALSE;

  local = days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
  local = has_offset ? local - offset : local_to_utc (local, naive_zone);
  *usec = local * G_USEC_PER_SEC + frac;
  return TRUE;
}

gboolean
cs_timestamp_parse_dmy (const char *text,
                        GTimeZone  *naive_zone,
                        gint64     *usec)
{
  const char *p;
  int y, mo, d, h, mi, s, frac;

  g_return_val_if_fail (usec != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  p = skip_spaces (text);
  if (!read_digits (&p, 2, &d) || *p++ != '-' || !read_digits (&p, 2, &mo) || *p++ != '-' ||
      !read_digits (&p, 4, &y) || *p++ != ' ')
    return FALSE;
  p = skip_spaces (p);
  if (!read_digits (&p, 2, &h) || *p++ != ':' || !read_digits (&p, 2, &mi) ||
      !read_seconds (&p, &s, &frac) || *skip_spaces (p) != '\0' ||
      !valid_fields (y, mo, d, h, mi, s))
    return FALSE;

  *usec = local_to_utc (days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + s,
                        naive_zone) * G_USEC_PER_SEC + frac;
  return TRUE;
}

gboolean
cs_timestamp_parse_epoch (const char *text,
                          gboolean    milliseconds,
                          gint64     *usec)
{
  const char *p;
  gboolean negative = FALSE;
  gint64 whole = 0;
  gint64 fraction = 0;
  gint64 unit = milliseconds ? 1000 : G_USEC_PER_SEC;
  guint n_digits = 0;

  g_return_val_if_fail (usec != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  p = skip_spaces (text);
  if (*p == '-')
    negative = TRUE, p++;
  for (; g_ascii_isdigit (*p); p++)
    {
      /* 15 digits of seconds reach the year 31 million: enough. */
      if (++n_digits > 15)
        return FALSE;
      whole = whole * 10 + (*p - '0');
    }
  if (n_digits == 0)
    return FALSE;
  if (*p == '.')
    {
      gint64 scale = unit / 10;

      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      for (; g_ascii_isdigit (*p); p++, scale /= 10)
        fraction += (*p - '0') * scale;
    }
  if (*skip_spaces (p) != '\0')
    return FALSE;
  *usec = (whole * unit + fraction) * (negative ? -1 : 1);
  return TRUE;
}

char *
cs_timestamp_format (gint64 usec)
{
  gint64 seconds = usec / G_USEC_PER_SEC;
  gint64 rest = usec % G_USEC_PER_SEC;
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *text = NULL;

  if (rest < 0)
    seconds--, rest += G_USEC_PER_SEC;
  dt = g_date_time_new_from_unix_utc (seconds);
  if (dt == NULL)
    return g_strdup ("");
  text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", text, (int) (rest / 1000));
}
