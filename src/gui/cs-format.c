/* cs-format.c: how times, durations and states read in the views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "cs-format.h"

char *
cs_format_duration_ms (double ms)
{
  double s = ms / 1000.0;

  if (ms < 0 || isnan (ms))
    return g_strdup ("—");
  if (ms < 1)
    /* Translators: a duration in milliseconds */
    return g_strdup_printf (_("%.2f ms"), ms);
  if (ms < 1000)
    return g_strdup_printf (_("%.0f ms"), ms);
  if (s < 60)
    /* Translators: a duration in seconds */
    return g_strdup_printf (_("%.1f s"), s);
  if (s < 3600)
    /* Translators: a duration in minutes */
    return g_strdup_printf (_("%.0f min"), floor (s / 60));
  if (s < 86400)
    /* Translators: a duration in hours and minutes */
    return g_strdup_printf (_("%.0f h %.0f min"), floor (s / 3600), floor (fmod (s, 3600) / 60));
  /* Translators: a duration in days and hours */
  return g_strdup_printf (_("%.0f d %.0f h"), floor (s / 86400), floor (fmod (s, 86400) / 3600));
}

char *
cs_format_time_us (gint64 usec)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (usec <= 0)
    return g_strdup ("—");

  utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  now = g_date_time_new_now_local ();

  if (g_date_time_get_year (local) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    /* Translators: a time today, see g_date_time_format() */
    return g_date_time_format (local, _("%H:%M:%S"));
  if (g_date_time_get_year (local) == g_date_time_get_year (now))
    /* Translators: a date this year and a time, see g_date_time_format() */
    return g_date_time_format (local, _("%b %-d, %H:%M"));
  /* Translators: a full date and time, see g_date_time_format() */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}

static const struct
{
  const char *state;
  const char *label;
  const char *css_class;
} states[] = {
  { "running", N_("Running"), "accent" },
  { "pending", N_("Queued"), "dim-label" },
  { "waiting", N_("Waiting"), "warning" },
  { "completed", N_("Completed"), "success" },
  { "failed", N_("Failed"), "error" },
  { "skipped", N_("Skipped"), "dim-label" },
  { "cancelled", N_("Cancelled"), "dim-label" },
  { "SUCCESS", N_("Succeeded"), "success" },
  { "REJECTED", N_("Rejected"), "warning" },
  { "FAILED", N_("Failed"), "error" },
  { "CANCELLED", N_("Cancelled"), "dim-label" },
  { "approved", N_("Approved"), "success" },
  { "rejected", N_("Rejected"), "error" },
  { "open", N_("Open"), "accent" },
  { "draft", N_("Draft"), "warning" },
  { "published", N_("Published"), "success" },
  { "retired", N_("Retired"), "dim-label" },
};

const char *
cs_format_state (const char *state)
{
  if (state == NULL || *state == '\0')
    return "—";
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_str_equal (states[i].state, state))
      return _(states[i].label);
  return state;
}

const char *
cs_format_state_class (const char *state)
{
  if (state != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (states); i++)
      if (g_str_equal (states[i].state, state))
        return states[i].css_class;
  return "dim-label";
}
