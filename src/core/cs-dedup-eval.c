/* cs-dedup-eval.c: precision and recall of deduplication on hand-labelled report pairs
 *
 * Reads the FixMyStreet Cambridge titles (id, title, lat, lon) and a file of
 * pairs of them labelled duplicate yes/no by a person reading the titles
 * (tests/data/README.md says how they were drawn and labelled), scores each
 * pair as the workers would (the later report against an issue made of the
 * earlier one), and counts. The data has no dates and few categories, so
 * every pair is scored as same day, category unknown: this measures the text
 * and the distance, the parts that can be wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-dedup-eval.h"
#include "cs-error.h"
#include "cs-geo.h"

typedef struct
{
  gint64             id;
  char              *title;
  double             lat;
  double             lon;
  CsTextFingerprint *fingerprint;
} EvalReport;

typedef struct
{
  guint    a;           /* indices into reports; a has the smaller id */
  guint    b;
  gboolean duplicate;
  char     split[8];
  double   score;
  double   score_text_only;   /* as if neither report had a location */
} EvalPair;

struct _CsDedupEval
{
  GPtrArray  *reports;  /* EvalReport */
  GHashTable *by_id;    /* id -> index + 1 */
  GArray     *pairs;    /* EvalPair */
  gboolean    scored;
};

static void
eval_report_free (gpointer data)
{
  EvalReport *r = data;

  g_free (r->title);
  g_clear_pointer (&r->fingerprint, cs_text_fingerprint_unref);
  g_free (r);
}

void
cs_dedup_eval_free (CsDedupEval *eval)
{
  if (eval == NULL)
    return;
  g_clear_pointer (&eval->reports, g_ptr_array_unref);
  g_clear_pointer (&eval->by_id, g_hash_table_unref);
  g_clear_pointer (&eval->pairs, g_array_unref);
  g_free (eval);
}

/* RFC 4180: comma-separated, fields optionally quoted, "" a quote inside
 * quotes, quoted fields may hold newlines. Returns rows of GStrv. */
static GPtrArray *
parse_csv (const char  *text,
           const char  *path,
           GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;
  guint line = 1;

  while (*p)
    {
      gboolean quoted = FALSE;
      guint started = line;

      g_string_truncate (field, 0);
      if (*p == '"')
        {
          quoted = TRUE;
          p++;
          for (;;)
            {
              if (*p == '\0')
                {
                  g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                               _("%s:%u: a quoted field is never closed"), path, started);
                  return NULL;
                }
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p += 2;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                {
                  if (*p == '\n')
                    line++;
                  g_string_append_c (field, *p++);
                }
            }
        }
      while (*p && *p != ',' && *p != '\n' && *p != '\r')
        {
          if (quoted)
            {
              g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                           _("%s:%u: text after a closing quote"), path, line);
              return NULL;
            }
          g_string_append_c (field, *p++);
        }
      g_ptr_array_add (fields, g_strndup (field->str, field->len));

      if (*p == ',')
        {
          p++;
          continue;
        }
      if (*p == '\r')
        p++;
      if (*p == '\n')
        {
          p++;
          line++;
        }
      g_ptr_array_add (fields, NULL);
      g_ptr_array_add (rows, g_ptr_array_steal (fields, NULL));
    }
  return g_steal_pointer (&rows);
}

static int
column (GStrv        header,
        const char  *name,
        const char  *path,
        GError     **error)
{
  for (int i = 0; header[i]; i++)
    if (strcmp (header[i], name) == 0)
      return i;
  g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
               _("%s: the header has no column “%s”"), path, name);
  return -1;
}

static GPtrArray *
read_csv (const char  *path,
          GError     **error)
{
  g_autofree char *text = NULL;
  GPtrArray *rows;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  if (!(rows = parse_csv (text, path, error)))
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE, _("%s: the file is empty"), path);
      g_ptr_array_unref (rows);
      return NULL;
    }
  return rows;
}

static gboolean
parse_double (const char  *s,
              double      *out)
{
  char *end;

  *out = g_ascii_strtod (s, &end);
  return *s != '\0' && *end == '\0';
}

static gboolean
load_reports (CsDedupEval  *eval,
              const char   *path,
              GError      **error)
{
  g_autoptr(GPtrArray) rows = read_csv (path, error);
  int c_id, c_title, c_lat, c_lon;

  if (rows == NULL)
    return FALSE;
  if ((c_id = column (rows->pdata[0], "id", path, error)) < 0
      || (c_title = column (rows->pdata[0], "title", path, error)) < 0
      || (c_lat = column (rows->pdata[0], "lat", path, error)) < 0
      || (c_lon = column (rows->pdata[0], "lon", path, error)) < 0)
    return FALSE;

  for (guint i = 1; i < rows->len; i++)
    {
      GStrv row = rows->pdata[i];
      guint n = g_strv_length (row);
      g_autofree EvalReport *r = g_new0 (EvalReport, 1);
      guint64 id;

      if (n <= (guint) MAX (MAX (c_id, c_title), MAX (c_lat, c_lon)))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                       _("%s: row %u has %u fields, too few"), path, i + 1, n);
          return FALSE;
        }
      if (!g_ascii_string_to_unsigned (row[c_id], 10, 1, G_MAXINT64, &id, NULL)
          || !parse_double (row[c_lat], &r->lat) || !parse_double (row[c_lon], &r->lon)
          || cs_geo_validate (r->lat, r->lon, NULL) != CS_GEO_VALID)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                       _("%s: row %u has an invalid id or location"), path, i + 1);
          return FALSE;
        }
      if (g_hash_table_contains (eval->by_id, &(gint64) { (gint64) id }))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                       _("%s: row %u repeats report %s"), path, i + 1, row[c_id]);
          return FALSE;
        }
      r->id = (gint64) id;
      r->title = g_strdup (row[c_title]);
      r->fingerprint = cs_text_fingerprint_new (r->title);
      g_hash_table_insert (eval->by_id, &r->id, GUINT_TO_POINTER (eval->reports->len + 1));
      g_ptr_array_add (eval->reports, g_steal_pointer (&r));
    }
  return TRUE;
}

static gboolean
find_report (CsDedupEval  *eval,
             const char   *text,
             guint        *index)
{
  guint64 id;
  gint64 key;
  gpointer found;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL))
    return FALSE;
  key = (gint64) id;
  if (!(found = g_hash_table_lookup (eval->by_id, &key)))
    return FALSE;
  *index = GPOINTER_TO_UINT (found) - 1;
  return TRUE;
}

static gboolean
load_pairs (CsDedupEval  *eval,
            const char   *path,
            GError      **error)
{
  g_autoptr(GPtrArray) rows = read_csv (path, error);
  int c_a, c_b, c_ta, c_tb, c_dup, c_split;

  if (rows == NULL)
    return FALSE;
  if ((c_a = column (rows->pdata[0], "id_a", path, error)) < 0
      || (c_b = column (rows->pdata[0], "id_b", path, error)) < 0
      || (c_ta = column (rows->pdata[0], "title_a", path, error)) < 0
      || (c_tb = column (rows->pdata[0], "title_b", path, error)) < 0
      || (c_dup = column (rows->pdata[0], "duplicate", path, error)) < 0
      || (c_split = column (rows->pdata[0], "split", path, error)) < 0)
    return FALSE;

  for (guint i = 1; i < rows->len; i++)
    {
      GStrv row = rows->pdata[i];
      EvalPair pair = { 0 };
      const EvalReport *ra, *rb;

      if (g_strv_length (row) != g_strv_length (rows->pdata[0]))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                       _("%s: row %u has %u fields, the header %u"), path, i + 1,
                       g_strv_length (row), g_strv_length (rows->pdata[0]));
          return FALSE;
        }
      if (!find_report (eval, row[c_a], &pair.a) || !find_report (eval, row[c_b], &pair.b))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                       _("%s: row %u names a report that is not in the reports file"), path, i + 1);
          return FALSE;
        }
      ra = eval->reports->pdata[pair.a];
      rb = eval->reports->pdata[pair.b];
      /* The labels were given to these titles: refuse a reports file that changed. */
      if (g_strcmp0 (ra->title, row[c_ta]) != 0 || g_strcmp0 (rb->title, row[c_tb]) != 0)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                       _("%s: row %u: the titles differ from the reports file's"), path, i + 1);
          return FALSE;
        }
      if (g_str_equal (row[c_dup], "yes"))
        pair.duplicate = TRUE;
      else if (!g_str_equal (row[c_dup], "no"))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                       _("%s: row %u: duplicate is “%s”, not yes or no"), path, i + 1, row[c_dup]);
          return FALSE;
        }
      if (!g_str_equal (row[c_split], "tune") && !g_str_equal (row[c_split], "test"))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                       _("%s: row %u: split is “%s”, not tune or test"), path, i + 1, row[c_split]);
          return FALSE;
        }
      g_strlcpy (pair.split, row[c_split], sizeof pair.split);
      g_array_append_val (eval->pairs, pair);
    }
  return TRUE;
}

CsDedupEval *
cs_dedup_eval_new (const char  *reports_csv,
                   const char  *pairs_csv,
                   GError     **error)
{
  g_autoptr(CsDedupEval) eval = NULL;

  g_return_val_if_fail (reports_csv != NULL, NULL);
  g_return_val_if_fail (pairs_csv != NULL, NULL);

  eval = g_new0 (CsDedupEval, 1);
  eval->reports = g_ptr_array_new_with_free_func (eval_report_free);
  eval->pairs = g_array_new (FALSE, TRUE, sizeof (EvalPair));
  /* Keys point at the reports' ids, which never move. */
  eval->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

  if (!load_reports (eval, reports_csv, error) || !load_pairs (eval, pairs_csv, error))
    return NULL;
  return g_steal_pointer (&eval);
}

guint
cs_dedup_eval_get_n_reports (CsDedupEval *eval)
{
  g_return_val_if_fail (eval != NULL, 0);

  return eval->reports->len;
}

static gboolean
in_split (const EvalPair *pair,
          const char     *split)
{
  return split == NULL || strcmp (pair->split, split) == 0;
}

guint
cs_dedup_eval_get_n_labelled (CsDedupEval *eval,
                              const char  *split,
                              guint       *n_duplicates)
{
  guint n = 0, dup = 0;

  g_return_val_if_fail (eval != NULL, 0);

  for (guint i = 0; i < eval->pairs->len; i++)
    {
      const EvalPair *pair = &g_array_index (eval->pairs, EvalPair, i);

      if (!in_split (pair, split))
        continue;
      n++;
      dup += pair->duplicate;
    }
  if (n_duplicates)
    *n_duplicates = dup;
  return n;
}

/* The report and the one-report issue the workers would see for the pair
 * (a, b): b is the later report, a the issue it is compared with. */
static void
pair_inputs (const EvalReport *a,
             const EvalReport *b,
             CsDedupReport    *report,
             CsDedupCandidate *candidate)
{
  memset (report, 0, sizeof *report);
  memset (candidate, 0, sizeof *candidate);
  report->fingerprint = b->fingerprint;
  report->located = TRUE;
  report->lat = b->lat;
  report->lon = b->lon;
  report->radius_m = -1.0;
  candidate->issue_id = a->id;
  candidate->fingerprint = a->fingerprint;
  candidate->located = TRUE;
  candidate->lat = a->lat;
  candidate->lon = a->lon;
  candidate->report_count = 1;
  candidate->radius_m = -1.0;
  candidate->open = TRUE;
}

static const EvalReport *
report_at (CsDedupEval *eval,
           guint        index)
{
  return eval->reports->pdata[index];
}

/* Scores every labelled pair with @config's weights (thresholds are applied
 * later, so one scoring serves a whole curve). */
void
cs_dedup_eval_score (CsDedupEval         *eval,
                     const CsDedupConfig *config)
{
  g_return_if_fail (eval != NULL);
  g_return_if_fail (config != NULL);

  for (guint i = 0; i < eval->pairs->len; i++)
    {
      EvalPair *pair = &g_array_index (eval->pairs, EvalPair, i);
      const EvalReport *a = report_at (eval, pair->a);
      const EvalReport *b = report_at (eval, pair->b);
      CsDedupReport report;
      CsDedupCandidate candidate;
      CsDedupScore score;

      if (a->id > b->id)
        {
          const EvalReport *t = a;
          a = b;
          b = t;
        }
      pair_inputs (a, b, &report, &candidate);
      cs_dedup_score (config, &report, &candidate, &score);
      pair->score = score.score;
      report.located = candidate.located = FALSE;
      cs_dedup_score (config, &report, &candidate, &score);
      pair->score_text_only = score.score;
    }
  eval->scored = TRUE;
}

static void
finish_point (CsDedupEvalPoint *p)
{
  p->pairs = p->tp + p->fp + p->fn + p->tn;
  p->precision = p->tp + p->fp > 0 ? (double) p->tp / (p->tp + p->fp) : 1.0;
  p->recall = p->tp + p->fn > 0 ? (double) p->tp / (p->tp + p->fn) : 0.0;
  p->f1 = p->precision + p->recall > 0.0
          ? 2.0 * p->precision * p->recall / (p->precision + p->recall) : 0.0;
}

static void
count_at (CsDedupEval      *eval,
          const char       *split,
          double            threshold,
          gboolean          text_only,
          CsDedupEvalPoint *point)
{
  memset (point, 0, sizeof *point);
  point->threshold = threshold;
  for (guint i = 0; i < eval->pairs->len; i++)
    {
      const EvalPair *pair = &g_array_index (eval->pairs, EvalPair, i);
      double score = text_only ? pair->score_text_only : pair->score;
      gboolean linked;

      if (!in_split (pair, split))
        continue;
      /* An ineligible pair scores 0, and a threshold of 0 links nothing. */
      linked = score > 0.0 && score >= threshold;
      if (linked && pair->duplicate)
        point->tp++;
      else if (linked)
        point->fp++;
      else if (pair->duplicate)
        point->fn++;
      else
        point->tn++;
    }
  finish_point (point);
}

/* Counts at @threshold over the pairs of @split ("tune", "test", or NULL for
 * all); a pair is linked when its score reaches the threshold. */
void
cs_dedup_eval_at (CsDedupEval      *eval,
                  const char       *split,
                  double            threshold,
                  CsDedupEvalPoint *point)
{
  g_return_if_fail (eval != NULL);
  g_return_if_fail (eval->scored);
  g_return_if_fail (point != NULL);

  count_at (eval, split, threshold, FALSE, point);
}

/* The lowest threshold on a 0.01 grid from 0.30 to 1.00 whose precision on
 * @split reaches @min_precision with at least one true link: the most
 * recall a precision floor allows. */
double
cs_dedup_eval_choose_threshold (CsDedupEval *eval,
                                const char  *split,
                                double       min_precision)
{
  g_return_val_if_fail (eval != NULL, 1.0);
  g_return_val_if_fail (eval->scored, 1.0);

  for (guint k = 30; k <= 100; k++)
    {
      CsDedupEvalPoint p;

      cs_dedup_eval_at (eval, split, k / 100.0, &p);
      if (p.tp > 0 && p.precision >= min_precision)
        return k / 100.0;
    }
  return 1.0;
}

/* What linking only titles identical after folding would give. */
void
cs_dedup_eval_identical_baseline (CsDedupEval      *eval,
                                  const char       *split,
                                  CsDedupEvalPoint *point)
{
  g_return_if_fail (eval != NULL);
  g_return_if_fail (point != NULL);

  memset (point, 0, sizeof *point);
  for (guint i = 0; i < eval->pairs->len; i++)
    {
      const EvalPair *pair = &g_array_index (eval->pairs, EvalPair, i);
      g_autofree char *na = NULL;
      g_autofree char *nb = NULL;
      gboolean linked;

      if (!in_split (pair, split))
        continue;
      na = cs_text_similarity_normalize (report_at (eval, pair->a)->title);
      nb = cs_text_similarity_normalize (report_at (eval, pair->b)->title);
      linked = na[0] != '\0' && strcmp (na, nb) == 0;
      if (linked && pair->duplicate)
        point->tp++;
      else if (linked)
        point->fp++;
      else if (pair->duplicate)
        point->fn++;
      else
        point->tn++;
    }
  finish_point (point);
}

static int
compare_by_lat (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  GPtrArray *reports = user_data;
  double la = ((const EvalReport *) reports->pdata[*(const guint *) a])->lat;
  double lb = ((const EvalReport *) reports->pdata[*(const guint *) b])->lat;

  return la < lb ? -1 : la > lb;
}

/* Every pair of reports within @max_distance_m of each other, and how many of
 * them the full decision (cs_dedup_decide()) links. */
void
cs_dedup_eval_nearby (CsDedupEval         *eval,
                      const CsDedupConfig *config,
                      double               max_distance_m,
                      guint               *n_pairs,
                      guint               *n_linked)
{
  g_autofree guint *order = NULL;
  double max_dlat = max_distance_m / CS_GEO_EARTH_RADIUS_M * 180.0 / G_PI;
  guint n = 0, linked = 0;

  g_return_if_fail (eval != NULL);
  g_return_if_fail (config != NULL);

  order = g_new (guint, eval->reports->len);
  for (guint i = 0; i < eval->reports->len; i++)
    order[i] = i;
  g_qsort_with_data (order, eval->reports->len, sizeof *order, compare_by_lat, eval->reports);

  for (guint i = 0; i < eval->reports->len; i++)
    for (guint j = i + 1; j < eval->reports->len; j++)
      {
        const EvalReport *a = report_at (eval, order[i]);
        const EvalReport *b = report_at (eval, order[j]);
        CsDedupReport report;
        CsDedupCandidate candidate;
        CsDedupDecision decision;

        if (b->lat - a->lat > max_dlat)
          break;
        if (cs_geo_haversine_m (a->lat, a->lon, b->lat, b->lon) > max_distance_m)
          continue;
        n++;
        if (a->id > b->id)
          {
            const EvalReport *t = a;
            a = b;
            b = t;
          }
        pair_inputs (a, b, &report, &candidate);
        cs_dedup_decide (config, &report, &candidate, 1, &decision);
        linked += decision.action == CS_DEDUP_LINK;
      }

  if (n_pairs)
    *n_pairs = n;
  if (n_linked)
    *n_linked = linked;
}

static void
append_point (GString                *out,
              const char             *label,
              const CsDedupEvalPoint *p)
{
  g_string_append_printf (out, "%-34s precision %.3f  recall %.3f  F1 %.3f  (tp %u, fp %u, fn %u, tn %u)\n",
                          label, p->precision, p->recall, p->f1, p->tp, p->fp, p->fn, p->tn);
}

/* Everything the evaluation measures, as lines of text: counts, figures at
 * the configured threshold per split, the identical-title baseline, the
 * precision/recall curve, the pairs it gets wrong, and the share of all
 * pairs within 30 m that it links. Scores the pairs with @config first. */
char *
cs_dedup_eval_summary (CsDedupEval         *eval,
                       const CsDedupConfig *config)
{
  GString *out = g_string_new (NULL);
  const char *splits[] = { "tune", "test", NULL };
  CsDedupEvalPoint p;
  guint n, dup, near_pairs, near_linked;

  g_return_val_if_fail (eval != NULL, NULL);
  g_return_val_if_fail (config != NULL, NULL);

  cs_dedup_eval_score (eval, config);
  n = cs_dedup_eval_get_n_labelled (eval, NULL, &dup);
  g_string_append_printf (out, "%u reports, %u labelled pairs within 30 m (%u duplicates)\n",
                          eval->reports->len, n, dup);
  g_string_append_printf (out, "threshold %.2f (the tuning half's lowest with precision >= 0.90: %.2f)\n",
                          config->threshold, cs_dedup_eval_choose_threshold (eval, "tune", 0.9));

  for (guint s = 0; s < G_N_ELEMENTS (splits); s++)
    {
      g_autofree char *label = NULL;

      n = cs_dedup_eval_get_n_labelled (eval, splits[s], &dup);
      label = g_strdup_printf ("%s (%u pairs, %u dup)", splits[s] ? splits[s] : "all", n, dup);
      cs_dedup_eval_at (eval, splits[s], config->threshold, &p);
      append_point (out, label, &p);
    }
  count_at (eval, NULL, config->threshold_text_only, TRUE, &p);
  append_point (out, "all, as if without locations", &p);
  cs_dedup_eval_identical_baseline (eval, "test", &p);
  append_point (out, "baseline, identical titles (test)", &p);
  cs_dedup_eval_identical_baseline (eval, NULL, &p);
  append_point (out, "baseline, identical titles (all)", &p);

  g_string_append (out, "curve over all labelled pairs:\n  threshold  precision  recall  F1\n");
  for (guint k = 40; k <= 95; k += 5)
    {
      cs_dedup_eval_at (eval, NULL, k / 100.0, &p);
      g_string_append_printf (out, "  %.2f       %.3f      %.3f   %.3f\n", k / 100.0, p.precision, p.recall, p.f1);
    }

  g_string_append (out, "wrong at the threshold (score, label, titles):\n");
  for (guint i = 0; i < eval->pairs->len; i++)
    {
      const EvalPair *pair = &g_array_index (eval->pairs, EvalPair, i);
      gboolean linked = pair->score >= config->threshold;

      if (linked != pair->duplicate)
        g_string_append_printf (out, "  %.3f %-4s %-22s %s | %s\n", pair->score,
                                pair->split, linked ? "linked, not duplicate" : "duplicate, not linked",
                                report_at (eval, pair->a)->title, report_at (eval, pair->b)->title);
    }

  cs_dedup_eval_nearby (eval, config, 30.0, &near_pairs, &near_linked);
  g_string_append_printf (out, "all pairs within 30 m: %u, linked %u (%.1f %%)\n",
                          near_pairs, near_linked, near_pairs ? 100.0 * near_linked / near_pairs : 0.0);
  return g_string_free (out, FALSE);
}
