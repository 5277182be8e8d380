/* cs-bench-eventlog.c: how fast an XES event log is imported and discovered
 *
 * Writes an XES log of exactly 100,000 events (about 10,000 cases of a
 * permit process: submission, a completeness check with a rework loop for
 * missing documents, an assessment, sometimes a site visit, the decision;
 * checks and assessments with start and complete events; Amsterdam times
 * with their +01:00/+02:00 offsets; six attributes an event, as real
 * exports have), plain and gzipped, to a temporary directory. Then times
 * each way of importing, the four taking turns for 5 rounds, and prints the
 * best wall-clock time of each (and, as "cpu time", the best processor time
 * of the process, which other load on the machine disturbs less):
 *
 *   xes import N events              CsXesReader (streaming GMarkup) and
 *                                    CsDiscovery: pairing, the graph, the
 *                                    observed workflow and every record and
 *                                    case summary walked
 *   xes import N events, gzipped     the same from the .xes.gz
 *   … straightforward                the obvious program: load the whole
 *                                    file, split it into lines, match each
 *                                    with a regular expression, keep every
 *                                    event as a hash table of strings, parse
 *                                    times with GDateTime, sort, then the
 *                                    same log and discovery
 *
 * Parsing and discovery only: writing the import to PostgreSQL belongs to
 * the store layer and is measured there.
 *
 * Prints "figure name: VALUE unit" lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>

#include "core/cs-discovery.h"
#include "core/cs-xes-reader.h"

#define N_EVENTS 100000
#define N_ROUNDS 5

/* Wall-clock and CPU time of one import, in milliseconds. */
typedef struct
{
  double wall;
  double cpu;
} Timing;

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The generator */

typedef struct
{
  GString   *out;
  GTimeZone *zone;
  GRand     *rand;
  guint      events;
  guint      task;
} Writer;

static void
write_event (Writer     *w,
             const char *activity,
             const char *lifecycle,
             const char *resource,
             const char *group,
             gint64      when)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, w->zone);
  g_autofree char *date = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *offset = g_date_time_format (local, "%:z");

  if (w->events >= N_EVENTS)
    return;
  w->events++;
  g_string_append_printf (w->out,
                          "\t\t<event>\n"
                          "\t\t\t<string key=\"org:group\" value=\"%s\"/>\n"
                          "\t\t\t<string key=\"concept:instance\" value=\"task-%u\"/>\n"
                          "\t\t\t<string key=\"org:resource\" value=\"%s\"/>\n"
                          "\t\t\t<string key=\"concept:name\" value=\"%s\"/>\n"
                          "\t\t\t<date key=\"time:timestamp\" value=\"%s.%03d%s\"/>\n"
                          "\t\t\t<string key=\"lifecycle:transition\" value=\"%s\"/>\n"
                          "\t\t</event>\n",
                          group, ++w->task, resource, activity, date,
                          (int) (when / 1000 % 1000), offset, lifecycle);
}

/* Exponentially distributed µs with the given mean in minutes. */
static gint64
minutes (Writer *w,
         double  mean)
{
  return (gint64) (-mean * 60e6 * log (1.0 - g_rand_double (w->rand)));
}

static void
write_activity (Writer     *w,
                const char *activity,
                const char *group,
                gboolean    with_start,
                double      wait,
                double      work,
                gint64     *clock)
{
  char resource[32];

  g_snprintf (resource, sizeof resource, "Resource%02d", g_rand_int_range (w->rand, 1, 40));
  *clock += minutes (w, wait);
  if (with_start)
    {
      write_event (w, activity, "start", resource, group, *clock);
      *clock += minutes (w, work);
    }
  write_event (w, activity, "complete", resource, group, *clock);
}

static char *
generate (void)
{
  static const char *channels[] = { "Internet", "Desk", "Post" };
  g_autoptr(GDateTime) first = g_date_time_new_utc (2025, 1, 6, 7, 0, 0);
  gint64 arrival = g_date_time_to_unix (first) * G_USEC_PER_SEC;
  Writer w = { 0, };
  guint n_cases = 0;

  w.out = g_string_sized_new (48 * 1024 * 1024);
  w.zone = g_time_zone_new_identifier ("Europe/Amsterdam");
  w.rand = g_rand_new_with_seed (20260425);

  g_string_append (w.out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
                   "<log xes.version=\"1.0\" xes.features=\"nested-attributes\" "
                   "xmlns=\"http://www.xes-standard.org/\">\n"
                   "\t<extension name=\"Lifecycle\" prefix=\"lifecycle\" "
                   "uri=\"http://www.xes-standard.org/lifecycle.xesext\"/>\n"
                   "\t<extension name=\"Organizational\" prefix=\"org\" "
                   "uri=\"http://www.xes-standard.org/org.xesext\"/>\n"
                   "\t<extension name=\"Time\" prefix=\"time\" "
                   "uri=\"http://www.xes-standard.org/time.xesext\"/>\n"
                   "\t<extension name=\"Concept\" prefix=\"concept\" "
                   "uri=\"http://www.xes-standard.org/concept.xesext\"/>\n"
                   "\t<global scope=\"event\">\n"
                   "\t\t<string key=\"concept:name\" value=\"UNKNOWN\"/>\n"
                   "\t\t<date key=\"time:timestamp\" value=\"1970-01-01T00:00:00.000+01:00\"/>\n"
                   "\t</global>\n"
                   "\t<classifier name=\"Activity classifier\" keys=\"concept:name lifecycle:transition\"/>\n"
                   "\t<string key=\"concept:name\" value=\"Generated permit process\"/>\n");

  while (w.events < N_EVENTS)
    {
      gint64 clock;

      arrival += minutes (&w, 40);
      clock = arrival;
      g_string_append_printf (w.out,
                              "\t<trace>\n"
                              "\t\t<string key=\"concept:name\" value=\"case-%u\"/>\n"
                              "\t\t<string key=\"channel\" value=\"%s\"/>\n"
                              "\t\t<string key=\"department\" value=\"General\"/>\n",
                              ++n_cases, channels[g_rand_int_range (w.rand, 0, 3)]);
      write_activity (&w, "Submit application", "Front office", FALSE, 0, 0, &clock);
      write_activity (&w, "Check completeness", "Back office", TRUE, 600, 20, &clock);
      /* The rework loop: missing documents, asked for and checked again. */
      while (g_rand_double (w.rand) < 0.3)
        {
          write_activity (&w, "Request missing documents", "Back office", FALSE, 30, 0, &clock);
          write_activity (&w, "Receive documents", "Front office", FALSE, 4000, 0, &clock);
          write_activity (&w, "Check completeness", "Back office", TRUE, 300, 15, &clock);
        }
      write_activity (&w, "Assess application", "Experts", TRUE, 2000, 90, &clock);
      if (g_rand_double (w.rand) < 0.4)
        write_activity (&w, "Site visit", "Inspectors", FALSE, 4000, 0, &clock);
      write_activity (&w, "Decide", "Management", FALSE, 1500, 0, &clock);
      write_activity (&w, "Send decision", "Front office", FALSE, 60, 0, &clock);
      g_string_append (w.out, "\t</trace>\n");
    }
  g_string_append (w.out, "</log>\n");

  g_printerr ("# generated %u events in %u cases, %.1f MB of XES\n", w.events, n_cases,
              w.out->len / 1e6);
  g_time_zone_unref (w.zone);
  g_rand_free (w.rand);
  return g_string_free (w.out, FALSE);
}

static void
write_gzipped (const char *path,
               const char *text)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) raw = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_autoptr(GConverter) gzip = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6));
  g_autoptr(GOutputStream) out = NULL;

  if (raw == NULL)
    g_error ("%s: %s", path, error->message);
  out = g_converter_output_stream_new (G_OUTPUT_STREAM (raw), gzip);
  if (!g_output_stream_write_all (out, text, strlen (text), NULL, NULL, &error) ||
      !g_output_stream_close (out, NULL, &error))
    g_error ("%s: %s", path, error->message);
}

/* The discovery and everything a store layer would walk. */

static void
count_case (const CsObservedCase *observed,
            gpointer              user_data)
{
  ((guint64 *) user_data)[0]++;
}

static void
count_record (const CsStepRecord *record,
              gpointer            user_data)
{
  ((guint64 *) user_data)[1] += (guint64) record->queue_time_ms;
}

static guint
discover (CsEventLog *log)
{
  g_autoptr(CsDiscovery) discovery = cs_discovery_new (log);
  g_autoptr(CsWorkflow) workflow = cs_discovery_build_workflow (discovery, "bench", 1, NULL);
  guint64 sums[2] = { 0, 0 };

  cs_discovery_foreach_case (discovery, count_case, count_record, sums);
  if (sums[0] != cs_event_log_get_n_cases (log) || cs_workflow_get_n_steps (workflow) < 3)
    g_error ("the discovery lost cases or steps");
  return cs_event_log_get_n_events (log);
}

static void
ours (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CsXesReader) reader = cs_xes_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CsEventLog) log = NULL;

  log = cs_xes_reader_read_file (reader, file, NULL, &error);
  if (log == NULL)
    g_error ("%s", error->message);
  if (discover (log) != N_EVENTS)
    g_error ("expected %d events", N_EVENTS);
}

/* The straightforward program */

typedef struct
{
  GHashTable *attributes;   /* key → value, both g_strdup()ed */
  gint64      time;
} NaiveEvent;

static void
naive_event_free (gpointer data)
{
  NaiveEvent *e = data;

  g_hash_table_unref (e->attributes);
  g_free (e);
}

static int
compare_naive (gconstpointer a,
               gconstpointer b)
{
  const NaiveEvent *x = *(NaiveEvent * const *) a, *y = *(NaiveEvent * const *) b;

  return x->time < y->time ? -1 : x->time > y->time;
}

static char *
load_whole (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) raw = g_file_read (file, NULL, &error);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GInputStream) in = NULL;

  if (raw == NULL)
    g_error ("%s", error->message);
  if (g_str_has_suffix (path, ".gz"))
    {
      g_autoptr(GConverter) gunzip = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
      in = g_converter_input_stream_new (G_INPUT_STREAM (raw), gunzip);
    }
  else
    in = g_object_ref (G_INPUT_STREAM (raw));
  if (g_output_stream_splice (memory, in, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE, NULL, &error) < 0 ||
      !g_output_stream_write_all (memory, "", 1, NULL, NULL, &error) ||
      !g_output_stream_close (memory, NULL, &error))
    g_error ("%s", error->message);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
straightforward (const char *path)
{
  g_autofree char *text = load_whole (path);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GRegex) attribute = g_regex_new ("<(\\w+) key=\"([^\"]*)\" value=\"([^\"]*)\"", G_REGEX_OPTIMIZE, 0, NULL);
  g_autoptr(CsEventLog) log = cs_event_log_new ();
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *case_id = NULL;
  NaiveEvent *event = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      const char *line = lines[i];

      while (g_ascii_isspace (*line))
        line++;
      if (g_str_has_prefix (line, "<trace>"))
        events = g_ptr_array_new_with_free_func (naive_event_free);
      else if (g_str_has_prefix (line, "<event>"))
        {
          event = g_new0 (NaiveEvent, 1);
          event->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
        }
      else if (g_str_has_prefix (line, "</event>"))
        {
          g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (g_hash_table_lookup (event->attributes,
                                                                                          "time:timestamp"),
                                                                     NULL);

          event->time = g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
          g_ptr_array_add (events, g_steal_pointer (&event));
        }
      else if (g_str_has_prefix (line, "</trace>"))
        {
          g_ptr_array_sort (events, compare_naive);
          cs_event_log_begin_case (log);
          cs_event_log_set_case_id (log, case_id);
          for (guint k = 0; k < events->len; k++)
            {
              NaiveEvent *e = g_ptr_array_index (events, k);

              cs_event_log_add_event (log, g_hash_table_lookup (e->attributes, "concept:name"), e->time,
                                      cs_lifecycle_from_string (g_hash_table_lookup (e->attributes,
                                                                                     "lifecycle:transition")),
                                      g_hash_table_lookup (e->attributes, "org:resource"));
            }
          cs_event_log_end_case (log);
          g_clear_pointer (&events, g_ptr_array_unref);
        }
      else if (g_regex_match (attribute, line, 0, &match))
        {
          char *key = g_match_info_fetch (match, 2);
          char *value = g_match_info_fetch (match, 3);

          if (event != NULL)
            g_hash_table_insert (event->attributes, key, value);
          else
            {
              if (events != NULL && g_str_equal (key, "concept:name"))
                {
                  g_free (case_id);
                  case_id = g_strdup (value);
                }
              g_free (key);
              g_free (value);
            }
        }
    }
  if (discover (log) != N_EVENTS)
    g_error ("expected %d events", N_EVENTS);
}

static void
measure (void      (*run) (const char *path),
         const char *path,
         Timing     *best)
{
  gint64 t0 = g_get_monotonic_time ();
  double c0 = cpu_ms ();

  run (path);
  best->wall = MIN (best->wall, (g_get_monotonic_time () - t0) / 1000.0);
  best->cpu = MIN (best->cpu, cpu_ms () - c0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-bench-eventlog-XXXXXX", &error);
  g_autofree char *plain = NULL;
  g_autofree char *gzipped = NULL;
  g_autofree char *text = NULL;
  Timing timings[4];

  if (dir == NULL)
    g_error ("%s", error->message);
  plain = g_build_filename (dir, "permits.xes", NULL);
  gzipped = g_build_filename (dir, "permits.xes.gz", NULL);
  text = generate ();
  if (!g_file_set_contents (plain, text, -1, &error))
    g_error ("%s", error->message);
  write_gzipped (gzipped, text);
  g_clear_pointer (&text, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (timings); i++)
    timings[i].wall = timings[i].cpu = G_MAXDOUBLE;
  /* Each round starts with another one, so that none always runs first
   * (after the others have freed their memory). */
  for (guint round = 0; round < N_ROUNDS; round++)
    for (guint k = 0; k < G_N_ELEMENTS (timings); k++)
      {
        guint which = (round + k) % G_N_ELEMENTS (timings);

        measure (which < 2 ? ours : straightforward, which % 2 == 0 ? plain : gzipped, &timings[which]);
      }

  g_print ("xes import %d events: %.0f ms\n", N_EVENTS, timings[0].wall);
  g_print ("xes import %d events, gzipped: %.0f ms\n", N_EVENTS, timings[1].wall);
  g_print ("xes import %d events, straightforward: %.0f ms\n", N_EVENTS, timings[2].wall);
  g_print ("xes import %d events, gzipped, straightforward: %.0f ms\n", N_EVENTS, timings[3].wall);
  g_print ("xes import %d events, cpu time: %.0f ms\n", N_EVENTS, timings[0].cpu);
  g_print ("xes import %d events, gzipped, cpu time: %.0f ms\n", N_EVENTS, timings[1].cpu);
  g_print ("xes import %d events, straightforward, cpu time: %.0f ms\n", N_EVENTS, timings[2].cpu);
  g_print ("xes import %d events, gzipped, straightforward, cpu time: %.0f ms\n", N_EVENTS,
           timings[3].cpu);
  g_printerr ("# parsing and discovery only; the write to PostgreSQL is measured by the store layer\n");

  g_remove (plain);
  g_remove (gzipped);
  g_rmdir (dir);
  return 0;
}
