/* cs-bench-classifier.c: how fast the report classifier trains and classifies
 *
 * Reports are synthesised from the default categories: one or two of a
 * category's keywords among everyday filler words, with a keyword of another
 * category in one report out of three and a house number in one out of five
 * (about 50 characters, like a citizen's title). The classifier trains on
 * 100,000 of them, then classifies short reports it never saw on one thread;
 * the baseline is the naive-Bayes model on the same data, which scores a
 * handful of word counts instead of a few hundred word and character n-grams.
 *
 * Rates are per second of this thread's CPU time, so that other processes on
 * the machine do not distort them; the wall-clock rate is printed beside.
 *
 * Prints: "figure name: VALUE unit" lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/cs-categories.h"
#include "core/cs-classifier-eval.h"
#include "core/cs-classifier.h"

#define N_TRAIN 100000
#define N_TEST 20000

static const char * const filler[] = {
  "there", "is", "a", "the", "on", "near", "outside", "my", "house", "street", "again", "since",
  "last", "week", "please", "fix", "corner", "of", "and", "it", "has", "been", "for", "days",
  "next", "to", "school", "shop", "opposite", "bus", "stop", "very", "big", "still", "not", "done",
};

static double
thread_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static GPtrArray *
synthesise (GPtrArray *categories,
            guint      n,
            guint32    seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GPtrArray *examples = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_example_free);

  for (guint i = 0; i < n; i++)
    {
      CsCategory *category = categories->pdata[g_rand_int_range (rand, 0, categories->len)];
      guint n_keywords = g_strv_length (category->keywords);
      g_autoptr(GString) text = g_string_new (NULL);
      guint n_filler = g_rand_int_range (rand, 2, 6);
      guint n_own = g_rand_int_range (rand, 1, 3);

      for (guint w = 0; w < n_filler + n_own; w++)
        {
          if (text->len > 0)
            g_string_append_c (text, ' ');
          if (w % 3 == 1 && n_own > 0)
            {
              g_string_append (text, category->keywords[g_rand_int_range (rand, 0, n_keywords)]);
              n_own--;
            }
          else
            g_string_append (text, filler[g_rand_int_range (rand, 0, G_N_ELEMENTS (filler))]);
        }
      while (n_own-- > 0)
        g_string_append_printf (text, " %s", category->keywords[g_rand_int_range (rand, 0, n_keywords)]);
      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          CsCategory *other = categories->pdata[g_rand_int_range (rand, 0, categories->len)];

          g_string_append_printf (text, " %s",
                                  other->keywords[g_rand_int_range (rand, 0, g_strv_length (other->keywords))]);
        }
      if (g_rand_int_range (rand, 0, 5) == 0)
        g_string_append_printf (text, " %u", g_rand_int_range (rand, 1, 400));
      g_ptr_array_add (examples, cs_example_new (text->str, category->code, 1.0f));
    }
  return examples;
}

static void
bench_kind (GPtrArray        *categories,
            GPtrArray        *train,
            GPtrArray        *test,
            CsClassifierKind  kind,
            const char       *label)
{
  g_autoptr(CsClassifier) model = NULL;
  g_autoptr(CsClassifier) loaded = NULL;
  g_autoptr(CsEvaluation) evaluation = NULL;
  g_autoptr(GBytes) blob = NULL;
  g_autoptr(GError) error = NULL;
  CsTrainOptions options;
  double cpu, start_cpu;
  gint64 start_wall, wall;
  guint n = 0;
  double checksum = 0;
  gsize chars = 0;

  cs_train_options_init (&options, kind);
  start_wall = g_get_monotonic_time ();
  start_cpu = thread_seconds ();
  model = cs_classifier_train (categories, train, &options, NULL, &error);
  g_assert_no_error (error);
  printf ("training time, %u reports (%s): %.2f s\n", train->len, label, thread_seconds () - start_cpu);
  printf ("training time, wall clock (%s): %.2f s\n", label,
          (g_get_monotonic_time () - start_wall) / (double) G_USEC_PER_SEC);
  if (kind == CS_CLASSIFIER_LOGISTIC)
    printf ("epochs chosen by early stopping (%s): %u\n", label, cs_classifier_get_epochs (model));

  blob = cs_classifier_serialize (model);
  printf ("model size (%s): %" G_GSIZE_FORMAT " bytes\n", label, g_bytes_get_size (blob));
  start_cpu = thread_seconds ();
  loaded = cs_classifier_deserialize (blob, &error);
  g_assert_no_error (error);
  printf ("model load time (%s): %.1f ms\n", label, (thread_seconds () - start_cpu) * 1000);

  evaluation = cs_classifier_evaluate (loaded, test, &error);
  g_assert_no_error (error);
  printf ("accuracy on unseen synthetic reports (%s): %.3f\n", label, cs_evaluation_get_accuracy (evaluation));

  for (guint i = 0; i < test->len; i++)
    chars += strlen (((CsExample *) test->pdata[i])->text);

  start_wall = g_get_monotonic_time ();
  start_cpu = thread_seconds ();
  do
    {
      for (guint i = 0; i < test->len; i++)
        {
          CsPrediction top;

          cs_classifier_predict (loaded, ((CsExample *) test->pdata[i])->text, -1, &top, 1);
          checksum += top.probability;
        }
      n += test->len;
      cpu = thread_seconds () - start_cpu;
    }
  while (cpu < 2.0);
  wall = g_get_monotonic_time () - start_wall;

  printf ("classifications per second (%s, %.0f-character reports, one thread): %.0f /s\n",
          label, (double) chars / test->len, n / cpu);
  printf ("classifications per second, wall clock (%s): %.0f /s\n", label,
          n / (wall / (double) G_USEC_PER_SEC));
  g_assert_cmpfloat (checksum, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = cs_categories_load_default (&error);
  g_autoptr(GPtrArray) train = NULL;
  g_autoptr(GPtrArray) test = NULL;

  g_assert_no_error (error);
  train = synthesise (categories, N_TRAIN, 1);
  test = synthesise (categories, N_TEST, 2);

  bench_kind (categories, train, test, CS_CLASSIFIER_LOGISTIC, "logistic regression");
  bench_kind (categories, train, test, CS_CLASSIFIER_NAIVE_BAYES, "naive Bayes baseline");
  return 0;
}
