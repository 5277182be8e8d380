/* cs-bench-dedup.c: what deduplication costs per report
 *
 * A synthetic city (seeded, the same every run): 100,000 open issues in 20
 * categories scattered over 10 km x 10 km, each with a title made from
 * problem, object and place phrases and its fingerprint stored serialised, as
 * the database keeps it; then 1,000,000 reports, seven in ten a differently
 * worded report of an existing issue a few tens of metres away, the rest new
 * problems anywhere. For each report the bench does what a worker does after
 * classification: fingerprint its text, fetch the ten nearest open issues of
 * its category within 250 m (an in-memory grid stands in for the SQL index),
 * read their fingerprints, decide, and link (centroid, dates, count,
 * fingerprint merged for the first reports) or open a new issue; each new
 * issue closes the oldest open one, so that 100,000 stay open.
 *
 * The naive baseline scores the same candidates by tokenising both texts
 * afresh into hash tables and taking the exact Jaccard of the word sets, with
 * the haversine distance: what one writes first.
 *
 * Prints "figure name: VALUE unit" lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/cs-dedup.h"
#include "core/cs-geo.h"

#define N_ISSUES      100000
#define N_REPORTS     1000000
#define N_BASELINE    100000
#define N_CATEGORIES  20
#define LAT0          52.16
#define LON0          0.06
#define SPAN_LAT      0.09      /* about 10 km */
#define SPAN_LON      0.147     /* about 10 km at 52° */
#define CELL_LAT      0.0025    /* about 278 m */
#define CELL_LON      0.004     /* about 273 m */
#define GRID_ROWS     37        /* SPAN_LAT / CELL_LAT, rounded up */
#define GRID_COLS     37        /* SPAN_LON / CELL_LON, rounded up */
#define MAX_CANDIDATES 256
#define NEAREST       10        /* candidates per report, as ORDER BY distance LIMIT 10 */
#define T0            ((gint64) 1700000000 * G_USEC_PER_SEC)

static const char * const problems[N_CATEGORIES][3] = {
  { "pothole", "hole in the road", "potholes" },
  { "streetlight not working", "street lamp out", "light broken" },
  { "overflowing bin", "bin full", "litter bin overflowing" },
  { "graffiti", "graffiti tags", "spray paint graffiti" },
  { "dumped rubbish", "fly tipping", "rubbish bags dumped" },
  { "blocked drain", "drain blocked", "gully blocked" },
  { "broken paving slab", "loose paving", "cracked paving slabs" },
  { "abandoned bike", "bike left chained", "abandoned bicycle" },
  { "overgrown hedge", "hedge blocking path", "hedge overgrown" },
  { "faded road markings", "road markings worn", "lines worn away" },
  { "damaged sign", "sign knocked over", "bent road sign" },
  { "dog fouling", "dog mess", "dog fouling again" },
  { "fallen tree", "tree down", "fallen branch" },
  { "flooding", "standing water", "flooded road" },
  { "broken bench", "bench damaged", "bench slats missing" },
  { "missing manhole cover", "manhole cover loose", "open manhole" },
  { "car parked on pavement", "pavement parking", "illegal parking" },
  { "broken bollard", "bollard knocked down", "damaged bollard" },
  { "leaking water main", "water leak", "water leaking from pipe" },
  { "broken bus shelter glass", "shelter glass smashed", "bus shelter damaged" },
};
static const char * const modifiers[] = {
  "", "large", "deep", "dangerous", "another", "huge", "small", "persistent", "terrible", "new",
};
static const char * const streets[] = {
  "Mill Road", "Hills Road", "Mawson Road", "Lynfield Lane", "Chesterton Road", "Histon Road",
  "Newmarket Road", "Coldham's Lane", "Cherry Hinton Road", "Trumpington Street", "King Street",
  "Regent Street", "Tenison Road", "Milton Road", "Arbury Road", "Huntingdon Road", "Barton Road",
  "Madingley Road", "Victoria Avenue", "Elizabeth Way", "Gwydir Street", "Sturton Street",
  "Perne Road", "Brooklands Avenue", "Fen Causeway", "Jesus Lane", "Bridge Street",
};
/* Put before the street; NULL is "outside number N". */
static const char * const places[] = {
  "on ", "near the school on ", NULL, "by the bus stop on ",
  "at the junction of ", "", "opposite the shops, ", "along ",
};

typedef struct
{
  double   lat;
  double   lon;
  guint    category;
  guint    street;
  char    *title;
  GBytes  *blob;          /* the stored fingerprint */
  CsDedupCandidate state;
} Issue;

typedef struct
{
  GArray *cells[N_CATEGORIES][GRID_ROWS][GRID_COLS];   /* issue indices */
} Grid;

static char *
make_title (GRand *rand,
            guint  category,
            guint  street)
{
  const char *problem = problems[category][g_rand_int_range (rand, 0, 3)];
  const char *modifier = modifiers[g_rand_int_range (rand, 0, G_N_ELEMENTS (modifiers))];
  const char *place = places[g_rand_int_range (rand, 0, G_N_ELEMENTS (places))];
  g_autofree char *where = NULL;

  if (place == NULL)
    where = g_strdup_printf ("outside number %u %s", (guint) g_rand_int_range (rand, 1, 200), streets[street]);
  else
    where = g_strconcat (place, streets[street], NULL);
  return g_strdup_printf ("%s%s%s %s", modifier, *modifier ? " " : "", problem, where);
}

static void
cell_of (double lat,
         double lon,
         int   *row,
         int   *col)
{
  *row = CLAMP ((int) ((lat - LAT0) / CELL_LAT), 0, GRID_ROWS - 1);
  *col = CLAMP ((int) ((lon - LON0) / CELL_LON), 0, GRID_COLS - 1);
}

static void
grid_add (Grid  *grid,
          guint  category,
          double lat,
          double lon,
          guint  index)
{
  int row, col;

  cell_of (lat, lon, &row, &col);
  if (grid->cells[category][row][col] == NULL)
    grid->cells[category][row][col] = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (grid->cells[category][row][col], index);
}

/* The NEAREST open issues of @category within @radius_m, as the SQL would
 * return them: the bounding box, then the distance, then the nearest. */
static guint
grid_find (Grid    *grid,
           GArray  *issues,
           guint    category,
           double   lat,
           double   lon,
           double   radius_m,
           guint   *out)
{
  double dist[MAX_CANDIDATES];
  CsGeoBox box;
  int r0, c0, r1, c1;
  guint n = 0;

  cs_geo_bounding_box (lat, lon, radius_m, &box);
  cell_of (box.min_lat, box.min_lon, &r0, &c0);
  cell_of (box.max_lat, box.max_lon, &r1, &c1);
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      {
        GArray *cell = grid->cells[category][r][c];

        if (cell == NULL)
          continue;
        for (guint k = 0; k < cell->len && n < MAX_CANDIDATES; k++)
          {
            guint i = g_array_index (cell, guint, k);
            const Issue *issue = &g_array_index (issues, Issue, i);
            double d;

            if (!issue->state.open || !cs_geo_box_contains (&box, issue->state.lat, issue->state.lon))
              continue;
            d = cs_geo_equirect_m (lat, lon, issue->state.lat, issue->state.lon);
            if (d <= radius_m)
              {
                dist[n] = d;
                out[n++] = i;
              }
          }
      }

  /* Selection of the nearest: a handful, so a partial selection sort. */
  for (guint a = 0; a < MIN (n, NEAREST); a++)
    {
      guint best = a;

      for (guint b = a + 1; b < n; b++)
        if (dist[b] < dist[best])
          best = b;
      if (best != a)
        {
          double td = dist[a];
          guint ti = out[a];

          dist[a] = dist[best], out[a] = out[best];
          dist[best] = td, out[best] = ti;
        }
    }
  return MIN (n, NEAREST);
}

/* The naive baseline's sets: lower-cased words, split on anything else. */
static GHashTable *
word_set (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *p = lower;

  while (*p)
    {
      const char *start;

      while (*p && !g_ascii_isalnum (*p))
        p++;
      start = p;
      while (*p && g_ascii_isalnum (*p))
        p++;
      if (p > start)
        g_hash_table_add (set, g_strndup (start, p - start));
    }
  return set;
}

static double
naive_jaccard (const char *a,
               const char *b)
{
  g_autoptr(GHashTable) sa = word_set (a);
  g_autoptr(GHashTable) sb = word_set (b);
  GHashTableIter iter;
  gpointer key;
  guint common = 0;
  guint united;

  g_hash_table_iter_init (&iter, sa);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    common += g_hash_table_contains (sb, key);
  united = g_hash_table_size (sa) + g_hash_table_size (sb) - common;
  return united ? (double) common / united : 0.0;
}

/* Processor time of this (single-threaded) process: other work on the
 * machine does not inflate it as it does wall-clock time. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct
{
  char   *title;
  double  lat;
  double  lon;
  guint   category;
  gint64  time;
} Report;

/* The candidates of one report, read from their stored fingerprints. */
static guint
read_candidates (GArray           *issues,
                 const guint      *found,
                 guint             n,
                 CsDedupCandidate *cands,
                 CsTextFingerprint **fps)
{
  for (guint k = 0; k < n; k++)
    {
      const Issue *issue = &g_array_index (issues, Issue, found[k]);
      gsize length;
      const guint8 *data = g_bytes_get_data (issue->blob, &length);

      fps[k] = cs_text_fingerprint_deserialize (data, length, NULL);
      cands[k] = issue->state;
      cands[k].fingerprint = fps[k];
    }
  return n;
}

int
main (int   argc,
      char *argv[])
{
  guint n_reports = argc > 1 ? (guint) atoi (argv[1]) : N_REPORTS;
  guint n_sample = MIN (n_reports, N_BASELINE);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GArray) issues = g_array_sized_new (FALSE, TRUE, sizeof (Issue), N_ISSUES + n_reports);
  Grid *grid = g_new0 (Grid, 1);
  Report *reports = g_new0 (Report, n_reports);
  CsTextFingerprint **report_fps = g_new0 (CsTextFingerprint *, n_reports);
  CsTextFingerprint **cand_fps = g_new0 (CsTextFingerprint *, MAX_CANDIDATES);
  CsDedupCandidate *cands = g_new0 (CsDedupCandidate, MAX_CANDIDATES);
  guint *found = g_new (guint, MAX_CANDIDATES);
  guint **sample_found = g_new0 (guint *, n_sample);
  guint *sample_n = g_new0 (guint, n_sample);
  CsDedupConfig config;
  guint64 blob_bytes = 0, total_candidates = 0, sample_candidates = 0, linked = 0;
  guint baseline_linked = 0, sample_linked = 0, oldest_open = 0;
  double t_fingerprint, t_lookup, t_pipeline, t_read, t_decide, t_baseline, wall;
  double start;
  gint64 wall_start;

  cs_dedup_config_init (&config);
  /* The open issues, their fingerprints stored as the database keeps them. */
  for (guint i = 0; i < N_ISSUES; i++)
    {
      Issue issue = { 0 };
      g_autoptr(CsTextFingerprint) fp = NULL;

      issue.lat = LAT0 + g_rand_double (rand) * SPAN_LAT;
      issue.lon = LON0 + g_rand_double (rand) * SPAN_LON;
      issue.category = g_rand_int_range (rand, 0, N_CATEGORIES);
      issue.street = g_rand_int_range (rand, 0, G_N_ELEMENTS (streets));
      issue.title = make_title (rand, issue.category, issue.street);
      fp = cs_text_fingerprint_new (issue.title);
      issue.blob = cs_text_fingerprint_serialize (fp);
      blob_bytes += g_bytes_get_size (issue.blob);
      issue.state = (CsDedupCandidate) {
        .issue_id = i + 1, .located = TRUE, .lat = issue.lat, .lon = issue.lon,
        .first_report = T0 - g_rand_int_range (rand, 0, 20) * G_TIME_SPAN_DAY,
        .report_count = 1, .radius_m = -1, .open = TRUE,
      };
      issue.state.last_report = issue.state.first_report;
      g_array_append_val (issues, issue);
      grid_add (grid, issue.category, issue.lat, issue.lon, i);
    }

  /* The reports: 70 % about an existing issue, differently worded, nearby. */
  for (guint i = 0; i < n_reports; i++)
    {
      Report *r = &reports[i];

      r->time = T0 + (gint64) i * G_USEC_PER_SEC;   /* a million over 12 days */
      if (g_rand_double (rand) < 0.7)
        {
          const Issue *about = &g_array_index (issues, Issue, g_rand_int_range (rand, 0, N_ISSUES));
          double brg = g_rand_double (rand) * 2 * G_PI;
          double d = g_rand_double (rand) * 60.0 / CS_GEO_EARTH_RADIUS_M * 180.0 / G_PI;

          r->lat = about->lat + d * cos (brg);
          r->lon = about->lon + d * sin (brg) / cos (about->lat * G_PI / 180.0);
          r->category = about->category;
          r->title = make_title (rand, about->category, about->street);
        }
      else
        {
          r->lat = LAT0 + g_rand_double (rand) * SPAN_LAT;
          r->lon = LON0 + g_rand_double (rand) * SPAN_LON;
          r->category = g_rand_int_range (rand, 0, N_CATEGORIES);
          r->title = make_title (rand, r->category, g_rand_int_range (rand, 0, G_N_ELEMENTS (streets)));
        }
    }

  /* The candidate lists of a sample of reports, against the initial issues:
   * the same work for the decision alone, the reading alone and the baseline. */
  for (guint i = 0; i < n_sample; i++)
    {
      const Report *r = &reports[i];

      sample_n[i] = grid_find (grid, issues, r->category, r->lat, r->lon, config.default_radius_m, found);
      sample_found[i] = g_memdup2 (found, sample_n[i] * sizeof (guint));
      sample_candidates += sample_n[i];
    }

  /* 1. Fingerprints of the reports. */
  start = cpu_seconds ();
  for (guint i = 0; i < n_reports; i++)
    report_fps[i] = cs_text_fingerprint_new (reports[i].title);
  t_fingerprint = cpu_seconds () - start;

  /* 2. Reading stored fingerprints, alone. */
  start = cpu_seconds ();
  for (guint i = 0; i < n_sample; i++)
    {
      read_candidates (issues, sample_found[i], sample_n[i], cands, cand_fps);
      for (guint k = 0; k < sample_n[i]; k++)
        g_clear_pointer (&cand_fps[k], cs_text_fingerprint_unref);
    }
  t_read = cpu_seconds () - start;

  /* 3. The decision alone: candidates read beforehand, each report decided 10 times. */
  t_decide = 0.0;
  for (guint i = 0; i < n_sample; i++)
    {
      const Report *r = &reports[i];
      CsDedupReport report = {
        .fingerprint = report_fps[i], .located = TRUE, .lat = r->lat, .lon = r->lon,
        .time = r->time, .radius_m = -1,
      };
      CsDedupDecision decision;

      read_candidates (issues, sample_found[i], sample_n[i], cands, cand_fps);
      start = cpu_seconds ();
      for (guint rep = 0; rep < 10; rep++)
        cs_dedup_decide (&config, &report, cands, sample_n[i], &decision);
      t_decide += cpu_seconds () - start;
      sample_linked += decision.action == CS_DEDUP_LINK;
      for (guint k = 0; k < sample_n[i]; k++)
        g_clear_pointer (&cand_fps[k], cs_text_fingerprint_unref);
    }
  t_decide /= 10;

  /* 4. The baseline on the same candidates: texts tokenised afresh. */
  start = cpu_seconds ();
  for (guint i = 0; i < n_sample; i++)
    {
      const Report *r = &reports[i];
      double best = 0.0;

      for (guint k = 0; k < sample_n[i]; k++)
        {
          const Issue *issue = &g_array_index (issues, Issue, sample_found[i][k]);
          double dist = cs_geo_haversine_m (r->lat, r->lon, issue->state.lat, issue->state.lon);
          double text = naive_jaccard (r->title, issue->title);
          double score = 0.55 * text + 0.30 * (1.0 - dist / config.default_radius_m) + 0.15;

          best = MAX (best, score);
        }
      baseline_linked += best >= config.threshold;
    }
  t_baseline = cpu_seconds () - start;

  /* 5. The lookup alone (the in-memory stand-in for the SQL index). */
  start = cpu_seconds ();
  for (guint i = 0; i < n_reports; i++)
    total_candidates += grid_find (grid, issues, reports[i].category, reports[i].lat, reports[i].lon,
                                   config.default_radius_m, found);
  t_lookup = cpu_seconds () - start;
  total_candidates = 0;

  /* 6. The worker's whole path, in order: lookup, read, decide, link or open. */
  wall_start = g_get_monotonic_time ();
  start = cpu_seconds ();
  for (guint i = 0; i < n_reports; i++)
    {
      const Report *r = &reports[i];
      CsDedupReport report = {
        .fingerprint = report_fps[i], .located = TRUE, .lat = r->lat, .lon = r->lon,
        .time = r->time, .radius_m = -1,
      };
      CsDedupDecision decision;
      guint n;

      n = grid_find (grid, issues, r->category, r->lat, r->lon, config.default_radius_m, found);
      read_candidates (issues, found, n, cands, cand_fps);
      total_candidates += n;
      cs_dedup_decide (&config, &report, cands, n, &decision);

      if (decision.action == CS_DEDUP_LINK)
        {
          Issue *issue = &g_array_index (issues, Issue, found[decision.best]);

          cs_dedup_candidate_absorb (&issue->state, &report);
          if (issue->state.report_count <= CS_DEDUP_TEXT_MERGE_LIMIT)
            {
              g_autoptr(CsTextFingerprint) merged = cs_text_fingerprint_merge (cand_fps[decision.best], report_fps[i]);

              g_bytes_unref (issue->blob);
              issue->blob = cs_text_fingerprint_serialize (merged);
            }
          linked++;
        }
      else
        {
          Issue issue = { 0 };

          issue.lat = r->lat;
          issue.lon = r->lon;
          issue.category = r->category;
          issue.title = g_strdup (r->title);
          issue.blob = cs_text_fingerprint_serialize (report_fps[i]);
          issue.state = (CsDedupCandidate) {
            .issue_id = issues->len + 1, .located = TRUE, .lat = r->lat, .lon = r->lon,
            .first_report = r->time, .last_report = r->time,
            .report_count = 1, .radius_m = -1, .open = TRUE,
          };
          g_array_append_val (issues, issue);
          grid_add (grid, issue.category, issue.lat, issue.lon, issues->len - 1);
          /* Officers resolve issues as fast as they open: 100,000 stay open. */
          while (!g_array_index (issues, Issue, oldest_open).state.open)
            oldest_open++;
          g_array_index (issues, Issue, oldest_open).state.open = FALSE;
        }
      for (guint k = 0; k < n; k++)
        g_clear_pointer (&cand_fps[k], cs_text_fingerprint_unref);
    }
  t_pipeline = cpu_seconds () - start;
  wall = (g_get_monotonic_time () - wall_start) / (double) G_USEC_PER_SEC;

  {
    double fingerprint_ns = t_fingerprint / n_reports * 1e9;
    double read_ns = t_read / MAX (sample_candidates, 1) * 1e9;
    double decide_cand_ns = t_decide / MAX (sample_candidates, 1) * 1e9;
    double ours_ns = fingerprint_ns + (t_read + t_decide) / n_sample * 1e9;
    double baseline_ns = t_baseline / n_sample * 1e9;
    double dedup_ns = fingerprint_ns + (t_pipeline - t_lookup) / n_reports * 1e9;

    g_print ("reports: %u against %u open issues at the start\n", n_reports, N_ISSUES);
    g_print ("candidates per report, mean: %.1f\n", (double) total_candidates / n_reports);
    g_print ("stored fingerprint size, mean: %.0f bytes\n", (double) blob_bytes / N_ISSUES);
    g_print ("fingerprint per report: %.0f ns\n", fingerprint_ns);
    g_print ("fingerprint read per candidate: %.0f ns\n", read_ns);
    g_print ("decision per candidate: %.0f ns\n", decide_cand_ns);
    g_print ("decision per report against 10 candidates: %.2f us\n", decide_cand_ns * 10 / 1000);
    g_print ("fingerprint, read and decide per report against 10 candidates: %.2f us\n",
             (fingerprint_ns + 10 * (read_ns + decide_cand_ns)) / 1000);
    g_print ("baseline (fresh tokenising, exact word Jaccard, haversine) per candidate: %.0f ns\n",
             t_baseline / MAX (sample_candidates, 1) * 1e9);
    g_print ("baseline per report against 10 candidates: %.2f us\n",
             t_baseline / MAX (sample_candidates, 1) * 10 * 1e6);
    g_print ("speed-up over the baseline (fingerprint, read, decide vs baseline): %.1f x\n", baseline_ns / ours_ns);
    g_print ("sample linked, ours: %.1f %%\n", 100.0 * sample_linked / n_sample);
    g_print ("sample linked, baseline: %.1f %%\n", 100.0 * baseline_linked / n_sample);
    g_print ("in-memory candidate lookup per report (stands in for SQL): %.0f ns\n", t_lookup / n_reports * 1e9);
    g_print ("whole path per report without the lookup (fingerprint, read, decide, link): %.0f ns\n", dedup_ns);
    g_print ("dedup reports per second, one thread, without the lookup: %.0f reports/s\n", 1e9 / dedup_ns);
    g_print ("share of one core at 20,000 reports/s: %.1f %%\n", 20000 * dedup_ns / 1e9 * 100);
    g_print ("linked: %.1f %%\n", 100.0 * linked / n_reports);
    g_print ("whole path wall-clock, %u reports: %.1f s (processor %.1f s)\n", n_reports, wall, t_pipeline);
  }

  /* The same work in a hot loop (one report, its candidates in cache): the
   * cost of the code itself, without the memory traffic of a million
   * reports and 100,000 issues. */
  {
    const guint rounds = 100000;
    guint i = 0, n;
    const Report *r;
    CsDedupReport report;
    CsDedupDecision decision;
    gsize length;
    const guint8 *data;

    while (i + 1 < n_sample && sample_n[i] < NEAREST)
      i++;
    r = &reports[i];
    n = read_candidates (issues, sample_found[i], sample_n[i], cands, cand_fps);
    for (guint c = 0; c < n; c++)
      cands[c].open = TRUE;   /* as they were when the sample was drawn */
    report = (CsDedupReport) {
      .fingerprint = report_fps[i], .located = TRUE, .lat = r->lat, .lon = r->lon,
      .time = r->time, .radius_m = -1,
    };
    start = cpu_seconds ();
    for (guint k = 0; k < rounds; k++)
      cs_dedup_decide (&config, &report, cands, n, &decision);
    g_print ("hot: decision per report against %u candidates: %.2f us\n", n,
             (cpu_seconds () - start) / rounds * 1e6);
    start = cpu_seconds ();
    for (guint k = 0; k < rounds; k++)
      cs_text_fingerprint_unref (cs_text_fingerprint_new (r->title));
    g_print ("hot: fingerprint per report: %.0f ns\n", (cpu_seconds () - start) / rounds * 1e9);
    data = g_bytes_get_data (g_array_index (issues, Issue, sample_found[i][0]).blob, &length);
    start = cpu_seconds ();
    for (guint k = 0; k < rounds; k++)
      cs_text_fingerprint_unref (cs_text_fingerprint_deserialize (data, length, NULL));
    g_print ("hot: fingerprint read per candidate: %.0f ns\n", (cpu_seconds () - start) / rounds * 1e9);
    start = cpu_seconds ();
    for (guint k = 0; k < rounds / 10; k++)
      for (guint c = 0; c < n; c++)
        naive_jaccard (r->title, g_array_index (issues, Issue, sample_found[i][c]).title);
    g_print ("hot: baseline per report against %u candidates: %.2f us\n", n,
             (cpu_seconds () - start) / (rounds / 10) * 1e6);
    for (guint c = 0; c < n; c++)
      g_clear_pointer (&cand_fps[c], cs_text_fingerprint_unref);
  }

  /* MinHash, for an index of band keys. */
  {
    const guint n = 100000;
    CsMinHash a, b;
    double sum = 0.0;

    start = cpu_seconds ();
    for (guint i = 0; i < n; i++)
      cs_minhash_from_text (i % 2 ? &a : &b, reports[i % n_reports].title);
    g_print ("minhash signature per text: %.0f ns\n", (cpu_seconds () - start) / n * 1e9);
    start = cpu_seconds ();
    for (guint i = 0; i < n * 10; i++)
      {
        a.v[i % CS_MINHASH_K] ^= i & 1;
        sum += cs_minhash_jaccard (&a, &b);
      }
    g_print ("minhash comparison: %.0f ns\n", (cpu_seconds () - start) / (n * 10) * 1e9);
    if (sum < 0)
      g_print ("%f\n", sum);
  }

  for (guint i = 0; i < n_reports; i++)
    {
      g_free (reports[i].title);
      cs_text_fingerprint_unref (report_fps[i]);
    }
  for (guint i = 0; i < issues->len; i++)
    {
      Issue *issue = &g_array_index (issues, Issue, i);

      g_free (issue->title);
      g_bytes_unref (issue->blob);
    }
  for (guint c = 0; c < N_CATEGORIES; c++)
    for (guint r = 0; r < GRID_ROWS; r++)
      for (guint k = 0; k < GRID_COLS; k++)
        g_clear_pointer (&grid->cells[c][r][k], g_array_unref);
  g_free (grid);
  g_free (reports);
  g_free (report_fps);
  g_free (cand_fps);
  g_free (cands);
  g_free (found);
  for (guint i = 0; i < n_sample; i++)
    g_free (sample_found[i]);
  g_free (sample_found);
  g_free (sample_n);
  return 0;
}
