/* test-classifier.c: text features, the classifier, its blob, severity, summaries, categories
 *
 * The last tests use real reports: cross-validation on
 * tests/data/newport_seeclickfix_dev.csv (CC BY-NC-SA 3.0 US, seeclickfix.com;
 * see the README beside it), and FixMyStreet titles when they are at hand. Set
 * CS_TEST_CLASSIFIER_SUBSET=N to cross-validate on only the first N Newport
 * reports (the valgrind run uses 120): then the test checks that everything
 * runs but not the figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/cs-categories.h"
#include "core/cs-classifier-eval.h"
#include "core/cs-classifier-private.h"
#include "core/cs-classifier.h"
#include "core/cs-error.h"
#include "core/cs-severity.h"
#include "core/cs-text-features.h"

/* ---- text features ---- */

static void
test_normalize (void)
{
  g_autofree char *ascii = cs_text_normalize ("Pothole ON Main St.", -1);
  g_autofree char *accents = cs_text_normalize ("Straße ÉCOLE Café Ĳzer", -1);
  g_autofree char *sized = cs_text_normalize ("abcdef", 3);
  g_autofree char *quote = cs_text_normalize ("Don’t", -1);

  g_assert_cmpstr (ascii, ==, "pothole on main st.");
  /* case folded (ß → ss), accents stripped, the Dutch ĳ ligature decomposed */
  g_assert_cmpstr (accents, ==, "strasse ecole cafe ijzer");
  g_assert_cmpstr (sized, ==, "abc");
  g_assert_cmpstr (quote, ==, "don't");
}

static void
test_invalid_utf8 (void)
{
  const char bad[] = "caf\xe9 \xff\xfe pothole \xc3";
  g_autofree char *norm = cs_text_normalize (bad, -1);
  g_auto(GStrv) tokens = cs_text_tokens (bad, -1);
  g_autoptr(CsFeatureVector) v = cs_feature_vector_new ();
  CsFeatureOptions options;

  g_assert_true (g_utf8_validate (norm, -1, NULL));
  /* the invalid bytes become U+FFFD, which separates words */
  g_assert_cmpuint (g_strv_length (tokens), ==, 2);
  g_assert_cmpstr (tokens[0], ==, "caf");
  g_assert_cmpstr (tokens[1], ==, "pothole");

  cs_feature_options_init (&options);
  cs_text_features (bad, -1, &options, v);
  g_assert_cmpuint (v->n, >, 0);
}

static void
test_tokens_and_stop_words (void)
{
  g_auto(GStrv) tokens = cs_text_tokens ("Don't park—on the 2nd St., near #12!", -1);
  const char *expected[] = { "dont", "park", "on", "the", "2nd", "st", "near", "12", NULL };

  g_assert_cmpstrv (tokens, expected);

  g_assert_true (cs_text_is_stop_word ("the"));
  g_assert_true (cs_text_is_stop_word ("de"));
  g_assert_true (cs_text_is_stop_word ("het"));
  /* words a category depends on are kept */
  g_assert_false (cs_text_is_stop_word ("out"));
  g_assert_false (cs_text_is_stop_word ("niet"));
  g_assert_false (cs_text_is_stop_word ("door"));
  g_assert_false (cs_text_is_stop_word ("pothole"));
}

static void
test_hash_stable (void)
{
  CsFeatureOptions options;
  g_autoptr(CsFeatureVector) a = cs_feature_vector_new ();
  g_autoptr(CsFeatureVector) b = cs_feature_vector_new ();

  /* FNV-1a 64 test vectors (Fowler, Noll, Vo): models hash alike everywhere. */
  g_assert_cmphex (cs_text_hash ("", 0), ==, G_GUINT64_CONSTANT (0xcbf29ce484222325));
  g_assert_cmphex (cs_text_hash ("a", 1), ==, G_GUINT64_CONSTANT (0xaf63dc4c8601ec8c));
  g_assert_cmphex (cs_text_hash ("foobar", 6), ==, G_GUINT64_CONSTANT (0x85944171f73967e8));

  cs_feature_options_init (&options);
  cs_text_features ("Big POTHOLE on the Café road", -1, &options, a);
  cs_text_features ("big pothole on the cafe road", -1, &options, b);
  g_assert_cmpuint (a->n, ==, b->n);
  for (guint i = 0; i < a->n; i++)
    {
      g_assert_cmpuint (a->index[i], ==, b->index[i]);
      g_assert_cmpfloat (a->value[i], ==, b->value[i]);
      g_assert_cmpuint (a->index[i], <, 1u << options.hash_bits);
    }
  g_assert_cmpfloat_with_epsilon (cs_feature_vector_norm (a), 1.0, 1e-5);
}

static void
test_feature_blocks (void)
{
  CsFeatureOptions options;
  g_autoptr(CsFeatureVector) v = cs_feature_vector_new ();
  guint twos = 0, ones = 0;

  cs_feature_options_init (&options);

  /* "<ab>": two 3-grams and one 4-gram, nothing of length 5 */
  options.flags = CS_FEATURE_CHARS;
  cs_text_features ("ab", -1, &options, v);
  g_assert_cmpuint (v->n, ==, 3);
  g_assert_cmpfloat (v->total, ==, 3);

  /* one-character words and stop words give nothing */
  cs_text_features ("a I the of", -1, &options, v);
  g_assert_cmpuint (v->n, ==, 0);

  /* raw counts, as naive Bayes reads them: unsigned, unnormalised */
  options.flags = CS_FEATURE_WORDS | CS_FEATURE_RAW_COUNTS;
  cs_text_features ("pothole POTHOLE street, the street? street", -1, &options, v);
  g_assert_cmpuint (v->n, ==, 2);
  g_assert_cmpfloat (v->total, ==, 5);
  for (guint i = 0; i < v->n; i++)
    {
      twos += v->value[i] == 2;
      ones += v->value[i] == 3;
    }
  g_assert_cmpuint (twos, ==, 1);
  g_assert_cmpuint (ones, ==, 1);

  /* a bigram adds one feature to two words */
  options.flags = CS_FEATURE_WORDS;
  cs_text_features ("street light", -1, &options, v);
  g_assert_cmpuint (v->n, ==, 2);
  options.flags = CS_FEATURE_WORDS | CS_FEATURE_BIGRAMS;
  cs_text_features ("street light", -1, &options, v);
  g_assert_cmpuint (v->n, ==, 3);
  /* every number is the same word */
  options.flags = CS_FEATURE_WORDS | CS_FEATURE_RAW_COUNTS;
  cs_text_features ("12 345 6789", -1, &options, v);
  g_assert_cmpuint (v->n, ==, 1);
  g_assert_cmpfloat (v->value[0], ==, 3);
}

static void
test_feature_cap (void)
{
  CsFeatureOptions options;
  g_autoptr(CsFeatureVector) whole = cs_feature_vector_new ();
  g_autoptr(CsFeatureVector) head = cs_feature_vector_new ();
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autofree char *norm = NULL;
  g_autofree char *edge = NULL;
  g_autofree char *edge_norm = NULL;
  gint64 start;

  /* a megabyte of words and invalid bytes */
  while (huge->len < 1024 * 1024)
    g_string_append (huge, "overflowing dumpster \xff\xfe behind the café ");
  norm = cs_text_normalize (huge->str, -1);
  g_assert_cmpuint (strlen (norm), <=, 2 * CS_TEXT_MAX_BYTES);

  cs_feature_options_init (&options);
  start = g_get_monotonic_time ();
  cs_text_features (huge->str, huge->len, &options, whole);
  /* everything past the cap is ignored: the same features as the first 8 KiB */
  cs_text_features (huge->str, CS_TEXT_MAX_BYTES, &options, head);
  g_assert_cmpuint (whole->n, ==, head->n);
  for (guint i = 0; i < whole->n; i++)
    g_assert_cmpuint (whole->index[i], ==, head->index[i]);
  /* generous even under valgrind; unbounded work would take far longer */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);

  /* the cut never splits a character */
  edge = g_strnfill (CS_TEXT_MAX_BYTES + 8, 'a');
  memcpy (edge + CS_TEXT_MAX_BYTES - 1, "é", 2);
  edge_norm = cs_text_normalize (edge, -1);
  g_assert_true (g_utf8_validate (edge_norm, -1, NULL));
  g_assert_cmpuint (strlen (edge_norm), ==, CS_TEXT_MAX_BYTES - 1);
}

/* ---- training, prediction and the blob ---- */

static GPtrArray *
toy_categories (void)
{
  GPtrArray *categories = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_category_unref);

  g_ptr_array_add (categories, cs_category_new ("light", "Street lights", NULL, NULL, NULL,
                                                CS_SEVERITY_LOW, NULL, 30));
  g_ptr_array_add (categories, cs_category_new ("hole", "Potholes", NULL, NULL, NULL,
                                                CS_SEVERITY_MEDIUM, NULL, 50));
  g_ptr_array_add (categories, cs_category_new ("noise", "Noise", NULL, NULL, NULL,
                                                CS_SEVERITY_LOW, NULL, 0));
  return categories;
}

/* Three categories with their own words, mixed with shared filler. */
static GPtrArray *
toy_examples (void)
{
  static const char * const words[][4] = {
    { "lamp", "dark", "bulb", "flickering" },
    { "pothole", "asphalt", "crater", "tyre" },
    { "music", "party", "loud", "shouting" },
  };
  static const char * const codes[] = { "light", "hole", "noise" };
  static const char * const filler[] = { "street", "again", "near", "corner", "since", "week" };
  GPtrArray *examples = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_example_free);

  for (guint c = 0; c < 3; c++)
    for (guint i = 0; i < 20; i++)
      {
        g_autofree char *text = g_strdup_printf ("%s %s %s %s", words[c][i % 4], filler[i % 6],
                                                 words[c][(i / 4) % 4], filler[(i + 3) % 6]);

        g_ptr_array_add (examples, cs_example_new (text, codes[c], 1.0f));
      }
  return examples;
}

static CsClassifier *
train_toy (CsClassifierKind kind)
{
  g_autoptr(GPtrArray) categories = toy_categories ();
  g_autoptr(GPtrArray) examples = toy_examples ();
  g_autoptr(GError) error = NULL;
  CsTrainOptions options;
  CsClassifier *model;

  cs_train_options_init (&options, kind);
  model = cs_classifier_train (categories, examples, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

static void
test_train_learns (void)
{
  for (CsClassifierKind kind = CS_CLASSIFIER_LOGISTIC; kind <= CS_CLASSIFIER_NAIVE_BAYES; kind++)
    {
      g_autoptr(CsClassifier) model = train_toy (kind);
      CsPrediction top[3];
      double confidence = 0;

      g_assert_cmpuint (cs_classifier_get_n_categories (model), ==, 3);
      g_assert_cmpint (cs_classifier_get_kind (model), ==, kind);
      g_assert_cmpuint (cs_classifier_get_n_examples (model), ==, 60);
      /* texts it never saw, made of its words */
      g_assert_cmpstr (cs_classifier_classify (model, "flickering lamp on the corner", &confidence), ==, "light");
      g_assert_cmpfloat (confidence, >, 0.5);
      g_assert_cmpstr (cs_classifier_classify (model, "Huge CRATER in the asphalt", NULL), ==, "hole");
      g_assert_cmpstr (cs_classifier_classify (model, "loud party music all night", NULL), ==, "noise");
      /* and names, through the seed examples */
      g_assert_cmpstr (cs_classifier_classify (model, "Noise", NULL), ==, "noise");

      g_assert_cmpuint (cs_classifier_predict (model, "dark bulb", -1, top, 3), ==, 3);
      g_assert_cmpstr (top[0].code, ==, "light");
      g_assert_cmpfloat (top[0].probability, >=, top[1].probability);
      g_assert_cmpfloat (top[1].probability, >=, top[2].probability);
      g_assert_cmpfloat_with_epsilon (top[0].probability + top[1].probability + top[2].probability, 1.0, 1e-9);
      g_assert_cmpuint (top[0].index, !=, top[1].index);

      /* nothing to go on: still an answer, and an unsure one */
      g_assert_cmpuint (cs_classifier_predict (model, "", -1, top, 1), ==, 1);
      g_assert_cmpfloat (top[0].probability, <, 0.9);

      g_assert_finalize_object (g_steal_pointer (&model));
    }
}

static void
test_train_deterministic (void)
{
  g_autoptr(CsClassifier) a = train_toy (CS_CLASSIFIER_LOGISTIC);
  g_autoptr(CsClassifier) b = train_toy (CS_CLASSIFIER_LOGISTIC);
  const char *texts[] = { "lamp", "tyre party", "street week", "zzz" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      CsPrediction pa[3], pb[3];

      cs_classifier_predict (a, texts[i], -1, pa, 3);
      cs_classifier_predict (b, texts[i], -1, pb, 3);
      for (guint j = 0; j < 3; j++)
        {
          g_assert_cmpuint (pa[j].index, ==, pb[j].index);
          g_assert_cmpfloat (pa[j].probability, ==, pb[j].probability);
        }
    }
}

static void
test_train_errors (void)
{
  g_autoptr(GPtrArray) categories = toy_categories ();
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  g_autoptr(GPtrArray) examples = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_example_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  CsTrainOptions options;
  CsClassifier *model;

  cs_train_options_init (&options, CS_CLASSIFIER_LOGISTIC);

  g_ptr_array_add (examples, cs_example_new ("lamp out", "light", 1));
  g_ptr_array_add (examples, cs_example_new ("swing broken", "playground", 1));
  model = cs_classifier_train (categories, examples, &options, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "“playground”"));
  g_assert_nonnull (strstr (error->message, "Example 2"));
  g_clear_error (&error);

  model = cs_classifier_train (empty, NULL, &options, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  options.seed_examples = FALSE;
  model = cs_classifier_train (categories, NULL, &options, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  options.seed_examples = TRUE;
  options.features.hash_bits = 30;
  model = cs_classifier_train (categories, NULL, &options, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  cs_train_options_init (&options, CS_CLASSIFIER_LOGISTIC);
  g_cancellable_cancel (cancellable);
  model = cs_classifier_train (categories, NULL, &options, cancellable, &error);
  g_assert_null (model);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_oversized_input (void)
{
  g_autoptr(CsClassifier) model = train_toy (CS_CLASSIFIER_LOGISTIC);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gsize size = 2 * 1024 * 1024;
  g_autofree char *junk = g_malloc (size + 1);
  CsPrediction top;

  /* random bytes: invalid UTF-8, control characters, no NUL until the end */
  for (gsize i = 0; i < size; i++)
    junk[i] = (char) g_rand_int_range (rand, 1, 256);
  junk[size] = '\0';
  g_assert_cmpuint (cs_classifier_predict (model, junk, -1, &top, 1), ==, 1);
  g_assert_cmpfloat (top.probability, >, 0);
  g_assert_cmpfloat (top.probability, <=, 1);
  g_assert_cmpuint (cs_classifier_predict (model, junk, size, &top, 1), ==, 1);
}

static void
test_blob_round_trip (void)
{
  for (CsClassifierKind kind = CS_CLASSIFIER_LOGISTIC; kind <= CS_CLASSIFIER_NAIVE_BAYES; kind++)
    {
      g_autoptr(CsClassifier) model = train_toy (kind);
      g_autoptr(CsClassifier) loaded = NULL;
      g_autoptr(GBytes) blob = NULL;
      g_autoptr(GBytes) again = NULL;
      g_autoptr(GError) error = NULL;
      const char *texts[] = { "lamp", "crater near the corner", "loud", "" };

      cs_classifier_set_version (model, 7);
      blob = cs_classifier_serialize (model);
      loaded = cs_classifier_deserialize (blob, &error);
      g_assert_no_error (error);

      g_assert_cmpuint (cs_classifier_get_version (loaded), ==, 7);
      g_assert_cmpint (cs_classifier_get_kind (loaded), ==, kind);
      g_assert_cmpuint (cs_classifier_get_n_categories (loaded), ==, 3);
      g_assert_cmpstr (cs_classifier_get_code (loaded, 1), ==, "hole");
      g_assert_cmpstr (cs_classifier_get_name (loaded, 1), ==, "Potholes");
      g_assert_cmpint (cs_classifier_lookup (loaded, "noise"), ==, 2);
      g_assert_cmpint (cs_classifier_get_created_at (loaded), ==, cs_classifier_get_created_at (model));
      g_assert_cmpuint (cs_classifier_get_n_rows (loaded), ==, cs_classifier_get_n_rows (model));
      for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        {
          CsPrediction a[3], b[3];

          cs_classifier_predict (model, texts[i], -1, a, 3);
          cs_classifier_predict (loaded, texts[i], -1, b, 3);
          for (guint j = 0; j < 3; j++)
            {
              g_assert_cmpuint (a[j].index, ==, b[j].index);
              g_assert_cmpfloat (a[j].probability, ==, b[j].probability);
            }
        }
      /* and it writes the same bytes again */
      again = cs_classifier_serialize (loaded);
      g_assert_true (g_bytes_equal (blob, again));
    }
}

static void
assert_load_fails (const guint8 *data,
                   gsize         len,
                   const char   *message_part)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsClassifier) model = cs_classifier_deserialize (bytes, &error);

  g_assert_null (model);
  g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message_part);
}

static void
test_blob_corrupt (void)
{
  g_autoptr(CsClassifier) model = train_toy (CS_CLASSIFIER_LOGISTIC);
  g_autoptr(GBytes) blob = cs_classifier_serialize (model);
  gsize len;
  const guint8 *data = g_bytes_get_data (blob, &len);
  g_autofree guint8 *copy = g_memdup2 (data, len);
  g_autofree guint8 *longer = g_malloc0 (len + 3);
  gsize cuts[] = { 0, 3, 8, 12, 19, 40, len / 2, len - 1 };

  /* CRC-32's published check value */
  g_assert_cmphex (cs_classifier_crc32 ((const guint8 *) "123456789", 9), ==, 0xCBF43926);

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    assert_load_fails (data, cuts[i], "truncated");

  memcpy (longer, data, len);
  assert_load_fails (longer, len + 3, "after its end");

  copy[len / 2] ^= 0x40;
  assert_load_fails (copy, len, "checksum");
  copy[len / 2] ^= 0x40;

  copy[len - 1] ^= 0x01;
  assert_load_fails (copy, len, "checksum");
  copy[len - 1] ^= 0x01;

  copy[0] = 'X';
  assert_load_fails (copy, len, "not a CivicStream classifier model");
  copy[0] = data[0];

  /* a format from the future: the version field follows the 8-byte magic */
  copy[8] = 99;
  assert_load_fails (copy, len, "newer");
}

/* ---- severity and summaries ---- */

static void
test_severity (void)
{
  struct {
    CsSeverity  category_default;
    const char *text;
    guint       upvotes;
    CsSeverity  expected;
  } cases[] = {
    { CS_SEVERITY_LOW, "Graffiti on the wall", 0, CS_SEVERITY_LOW },
    { CS_SEVERITY_MEDIUM, "Pothole, DANGEROUS for cyclists", 0, CS_SEVERITY_HIGH },
    { CS_SEVERITY_LOW, "Strong smell of gas near the bakery", 0, CS_SEVERITY_CRITICAL },
    { CS_SEVERITY_LOW, "Gas leak!", 0, CS_SEVERITY_CRITICAL },
    { CS_SEVERITY_LOW, "Fire hydrant leaking on Elm St", 0, CS_SEVERITY_LOW },
    { CS_SEVERITY_LOW, "Brand new bench already scratched", 0, CS_SEVERITY_LOW },
    { CS_SEVERITY_LOW, "Er is brand in de container", 0, CS_SEVERITY_CRITICAL },
    { CS_SEVERITY_LOW, "Tree down, blocking the road", 0, CS_SEVERITY_HIGH },
    { CS_SEVERITY_MEDIUM, "Cyclist injured by the loose grate", 0, CS_SEVERITY_HIGH },
    { CS_SEVERITY_LOW, "Wateroverlast in de Kerkstraat", 0, CS_SEVERITY_HIGH },
    { CS_SEVERITY_LOW, "Rats around the bins", 0, CS_SEVERITY_MEDIUM },
    /* a child nearby: one level up */
    { CS_SEVERITY_LOW, "Broken swing, kids use it every day", 0, CS_SEVERITY_MEDIUM },
    { CS_SEVERITY_MEDIUM, "Losse tegel, gevaarlijk voor ouderen", 0, CS_SEVERITY_CRITICAL },
    { CS_SEVERITY_LOW, "What kind of paint is this", 0, CS_SEVERITY_LOW },
    /* upvotes: one level from 5, two from 25, never past high by themselves */
    { CS_SEVERITY_LOW, "Streetlight out", 4, CS_SEVERITY_LOW },
    { CS_SEVERITY_LOW, "Streetlight out", 5, CS_SEVERITY_MEDIUM },
    { CS_SEVERITY_LOW, "Streetlight out", 25, CS_SEVERITY_HIGH },
    { CS_SEVERITY_MEDIUM, "Streetlight out", 1000, CS_SEVERITY_HIGH },
    /* never lowered */
    { CS_SEVERITY_CRITICAL, "", 0, CS_SEVERITY_CRITICAL },
    { CS_SEVERITY_HIGH, "minor cosmetic thing", 100, CS_SEVERITY_HIGH },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *reason = NULL;
      CsSeverity got = cs_severity_assess (cases[i].category_default, cases[i].text, cases[i].upvotes, &reason);

      if (got != cases[i].expected)
        g_error ("“%s” (%u upvotes): %s, expected %s", cases[i].text, cases[i].upvotes,
                 cs_severity_to_string (got), cs_severity_to_string (cases[i].expected));
      /* a reason exactly when it was raised */
      g_assert_true ((reason != NULL) == (got != cases[i].category_default));
    }
}

static void
test_severity_reason_and_names (void)
{
  g_autofree char *reason = NULL;
  CsSeverity s = CS_SEVERITY_LOW;

  g_assert_cmpint (cs_severity_assess (CS_SEVERITY_LOW, "gas leak", 30, &reason), ==, CS_SEVERITY_CRITICAL);
  g_assert_nonnull (strstr (reason, "gas leak"));
  g_clear_pointer (&reason, g_free);

  g_assert_cmpint (cs_severity_assess (CS_SEVERITY_LOW, "bench", 30, &reason), ==, CS_SEVERITY_HIGH);
  g_assert_nonnull (strstr (reason, "30"));

  g_assert_true (cs_severity_from_string ("Critical", &s));
  g_assert_cmpint (s, ==, CS_SEVERITY_CRITICAL);
  g_assert_false (cs_severity_from_string ("urgent", &s));
  for (CsSeverity t = CS_SEVERITY_LOW; t <= CS_SEVERITY_LAST; t++)
    {
      g_assert_true (cs_severity_from_string (cs_severity_to_string (t), &s));
      g_assert_cmpint (s, ==, t);
    }
}

static void
test_summary (void)
{
  struct {
    const char *description;
    const char *expected;
  } cases[] = {
    { "Street storm drain clogged, water on road.", "Street storm drain clogged, water on road" },
    { "debris on Chastellux St. near the park. Please remove it.", "Debris on Chastellux St. near the park" },
    { "Is this a pothole? The city should know.", "Is this a pothole?" },
    { "  Broken\tlamp\r\n on   the corner  ", "Broken lamp on the corner" },
    { "Line one\n\nSecond paragraph", "Line one" },
    { "Speed limit 2.5 miles. Really", "Speed limit 2.5 miles" },
    { "N. Main St. has a hole", "N. Main St. has a hole" },
    { "ëen gat in de weg", "Ëen gat in de weg" },
  };
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autofree char *cut = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *punct = NULL;
  g_autofree char *null_fallback = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *huge_summary = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *summary = cs_report_summary (cases[i].description, "Other", CS_SUMMARY_MAX_CHARS);

      g_assert_cmpstr (summary, ==, cases[i].expected);
    }

  /* 20 words of 9 letters: 8 fit in 79 characters, then the ellipsis */
  for (guint i = 0; i < 20; i++)
    g_string_append (long_text, "abcdefghi ");
  cut = cs_report_summary (long_text->str, "Other", 80);
  g_assert_cmpstr (cut, ==, "Abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi…");
  g_assert_cmpint (g_utf8_strlen (cut, -1), ==, 80);

  empty = cs_report_summary ("   \n\t ", "Pothole Issue", 80);
  g_assert_cmpstr (empty, ==, "Pothole Issue");
  punct = cs_report_summary ("!!! ...", "Pothole Issue", 80);
  g_assert_cmpstr (punct, ==, "Pothole Issue");
  null_fallback = cs_report_summary (NULL, NULL, 80);
  g_assert_cmpstr (null_fallback, ==, "");

  bad = cs_report_summary ("Gat in de weg \xff\xfe bij de school", "Other", 80);
  g_assert_true (g_utf8_validate (bad, -1, NULL));
  g_assert_cmpstr (bad, ==, "Gat in de weg bij de school");

  while (huge->len < 1024 * 1024)
    g_string_append (huge, "blocked drain ");
  huge_summary = cs_report_summary (huge->str, "Other", 80);
  g_assert_cmpint (g_utf8_strlen (huge_summary, -1), <=, 80);
  g_assert_true (g_str_has_suffix (huge_summary, "…"));
  g_assert_null (strchr (huge_summary, '\n'));
}

/* ---- categories ---- */

static void
test_default_categories (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = cs_categories_load_default (&error);
  CsCategory *roads, *noise;
  const char *codes[] = { "roads", "streetlights", "graffiti", "dumping", "waste", "trees", "parks",
                          "noise", "vehicles", "traffic", "sidewalks", "drainage", "animals",
                          "toilets", "snow", "other" };

  g_assert_no_error (error);
  g_assert_cmpuint (categories->len, ==, G_N_ELEMENTS (codes));
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      CsCategory *category = cs_categories_find (categories, codes[i]);

      g_assert_nonnull (category);
      g_assert_cmpstr (category->name, !=, "");
      g_assert_cmpstr (category->description, !=, "");
      g_assert_cmpstr (category->agency, !=, "");
      g_assert_cmpstr (category->group, !=, "");
      g_assert_cmpuint (g_strv_length (category->keywords), >=, 8);
    }
  roads = cs_categories_find (categories, "roads");
  g_assert_cmpint (roads->default_severity, ==, CS_SEVERITY_MEDIUM);
  g_assert_true (g_strv_contains ((const char * const *) roads->keywords, "gat in de weg"));
  noise = cs_categories_find (categories, "noise");
  g_assert_cmpuint (noise->dedup_radius_m, ==, 0);
  g_assert_null (cs_categories_find (categories, "nope"));
}

static void
test_category_errors (void)
{
  struct {
    const char *json;
    gint        code;
    const char *message_part;
  } cases[] = {
    { "{\"categories\": [", CS_ERROR_PARSE, "not valid JSON" },
    { "[]", CS_ERROR_INVALID_ARGUMENT, "“categories” list" },
    { "{\"categories\": []}", CS_ERROR_INVALID_ARGUMENT, "empty" },
    { "{\"categories\": [{\"name\": \"Holes\"}]}", CS_ERROR_INVALID_ARGUMENT, "Category 1: “code”" },
    { "{\"categories\": [{\"code\": \"a b\", \"name\": \"Holes\"}]}", CS_ERROR_INVALID_ARGUMENT, "“code”" },
    { "{\"categories\": [{\"code\": \"a\"}]}", CS_ERROR_INVALID_ARGUMENT, "“name” is missing" },
    { "{\"categories\": [{\"code\": \"a\", \"name\": \"A\"}, {\"code\": \"a\", \"name\": \"B\"}]}",
      CS_ERROR_INVALID_ARGUMENT, "Category 2: the code “a” is used twice" },
    { "{\"categories\": [{\"code\": \"a\", \"name\": \"A\", \"default_severity\": \"urgent\"}]}",
      CS_ERROR_INVALID_ARGUMENT, "not “urgent”" },
    { "{\"categories\": [{\"code\": \"a\", \"name\": \"A\", \"dedup_radius_m\": -5}]}",
      CS_ERROR_INVALID_ARGUMENT, "“dedup_radius_m”" },
    { "{\"categories\": [{\"code\": \"a\", \"name\": \"A\", \"keywords\": [1]}]}",
      CS_ERROR_INVALID_ARGUMENT, "keyword 1" },
    { "{\"categories\": [{\"code\": \"a\", \"name\": 5}]}", CS_ERROR_INVALID_ARGUMENT, "“name” must be a string" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ok = NULL;
  CsCategory *a;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) categories = cs_categories_parse (cases[i].json, -1, &error);

      g_assert_null (categories);
      g_assert_error (error, CS_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].message_part) == NULL)
        g_error ("“%s” does not say “%s”", error->message, cases[i].message_part);
      g_clear_error (&error);
    }

  /* Open311 sends keywords as one comma-separated string; defaults fill the rest */
  ok = cs_categories_parse ("{\"categories\": [{\"code\": \"a\", \"name\": \"A\", "
                            "\"keywords\": \"pothole, gat in de weg,,\"}]}", -1, &error);
  g_assert_no_error (error);
  a = ok->pdata[0];
  g_assert_cmpuint (g_strv_length (a->keywords), ==, 2);
  g_assert_cmpstr (a->keywords[1], ==, "gat in de weg");
  g_assert_cmpint (a->default_severity, ==, CS_SEVERITY_MEDIUM);
  g_assert_cmpuint (a->dedup_radius_m, ==, CS_CATEGORY_DEFAULT_DEDUP_RADIUS);
}

static void
test_seed_model (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = cs_categories_load_default (&error);
  g_autoptr(CsClassifier) model = NULL;
  CsTrainOptions options;
  struct {
    const char *text;
    const char *code;
  } cases[] = {
    { "There is a huge pothole on Main Street", "roads" },
    { "Street light is out on Elm Street", "streetlights" },
    { "Graffiti sprayed on the bridge", "graffiti" },
    { "Someone dumped a mattress and an old sofa in the lane", "dumping" },
    { "Our recycling bin was not emptied this week", "waste" },
    { "A large branch fell from the tree onto the path", "trees" },
    { "The swing in the playground is broken", "parks" },
    { "Loud music from the party next door every night", "noise" },
    { "Abandoned car without plates parked for weeks", "vehicles" },
    { "Stop sign knocked down at the intersection", "traffic" },
    { "Broken paving slab on the sidewalk", "sidewalks" },
    { "Storm drain blocked, street flooded after rain", "drainage" },
    { "Dead deer on the side of the road", "animals" },
    { "The public toilets are filthy", "toilets" },
    { "Groot gat in de weg bij de school", "roads" },
    { "De straatlantaarn brandt niet", "streetlights" },
    { "Het afval is niet opgehaald", "waste" },
    { "Hondenpoep op de stoep", "animals" },
    { "Gladheid, er is niet gestrooid", "snow" },
  };

  g_assert_no_error (error);
  cs_train_options_init (&options, CS_CLASSIFIER_LOGISTIC);
  /* no labelled reports at all: the categories alone */
  model = cs_classifier_train (categories, NULL, &options, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double confidence;
      const char *code = cs_classifier_classify (model, cases[i].text, &confidence);

      if (g_strcmp0 (code, cases[i].code) != 0)
        g_error ("“%s” went to %s, not %s", cases[i].text, code, cases[i].code);
    }
}

/* ---- evaluation ---- */

static void
test_evaluation_metrics (void)
{
  const char *labels[] = { "A", "B", "C", NULL };
  g_autoptr(CsEvaluation) e = cs_evaluation_new (labels);
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *text = NULL;
  JsonObject *root;
  /* truth → predicted: A: 3 right, 1 as B; B: 2 right, 1 as A; C: 1 right, 2 as B */
  guint pairs[][3] = { { 0, 0, 3 }, { 0, 1, 1 }, { 1, 1, 2 }, { 1, 0, 1 }, { 2, 2, 1 }, { 2, 1, 2 } };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    for (guint n = 0; n < pairs[i][2]; n++)
      cs_evaluation_add (e, pairs[i][0], pairs[i][1]);

  g_assert_cmpuint (cs_evaluation_get_total (e), ==, 10);
  g_assert_cmpuint (cs_evaluation_get_count (e, 2, 1), ==, 2);
  g_assert_cmpuint (cs_evaluation_get_support (e, 0), ==, 4);
  g_assert_cmpfloat_with_epsilon (cs_evaluation_get_accuracy (e), 0.6, 1e-12);
  /* A: P = 3/4, R = 3/4; B: P = 2/5, R = 2/3, F1 = 1/2; C: P = 1, R = 1/3, F1 = 1/2 */
  g_assert_cmpfloat_with_epsilon (cs_evaluation_get_precision (e, 0), 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (cs_evaluation_get_recall (e, 0), 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (cs_evaluation_get_precision (e, 1), 0.4, 1e-12);
  g_assert_cmpfloat_with_epsilon (cs_evaluation_get_recall (e, 1), 2.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (cs_evaluation_get_f1 (e, 1), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (cs_evaluation_get_precision (e, 2), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (cs_evaluation_get_f1 (e, 2), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (cs_evaluation_get_macro_f1 (e), (0.75 + 0.5 + 0.5) / 3, 1e-12);
  /* always "A": right 4 times in 10; its F1 2·0.4/1.4 over three categories */
  g_assert_cmpuint (cs_evaluation_get_majority (e), ==, 0);
  g_assert_cmpfloat_with_epsilon (cs_evaluation_get_baseline_accuracy (e), 0.4, 1e-12);
  g_assert_cmpfloat_with_epsilon (cs_evaluation_get_baseline_macro_f1 (e), 0.8 / 1.4 / 3, 1e-12);
  /* a training majority can be given instead */
  cs_evaluation_set_majority (e, 1);
  g_assert_cmpfloat_with_epsilon (cs_evaluation_get_baseline_accuracy (e), 0.3, 1e-12);
  cs_evaluation_set_majority (e, 0);

  text = cs_evaluation_to_text (e, "toy");
  g_assert_nonnull (strstr (text, "0.600"));
  g_assert_nonnull (strstr (text, "0.583"));
  g_assert_nonnull (strstr (text, "0.400"));
  g_assert_nonnull (strstr (text, "always “A”"));

  json = cs_evaluation_to_json (e);
  root = json_node_get_object (json);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "accuracy"), 0.6, 1e-12);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "baseline"), "category"), ==, "A");
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (
                     json_object_get_array_member (root, "confusion"), 2), 1), ==, 2);
  g_assert_cmpint (json_object_get_int_member (
                     json_array_get_object_element (json_object_get_array_member (root, "categories"), 1),
                     "support"), ==, 3);
}

static void
test_folds (void)
{
  /* 10 of label 0, 5 of label 1, 3 of label 2 */
  guint labels[18];
  g_autofree guint *folds = NULL;
  g_autofree guint *again = NULL;
  g_autofree gboolean *test = NULL;
  guint per_fold[5][3] = { { 0 } };
  guint sizes[5] = { 0 };
  guint test_of[3] = { 0 };

  for (guint i = 0; i < 18; i++)
    labels[i] = i < 10 ? 0 : i < 15 ? 1 : 2;

  folds = cs_stratified_folds (labels, 18, 5, 42);
  again = cs_stratified_folds (labels, 18, 5, 42);
  for (guint i = 0; i < 18; i++)
    {
      g_assert_cmpuint (folds[i], <, 5);
      g_assert_cmpuint (folds[i], ==, again[i]);
      per_fold[folds[i]][labels[i]]++;
      sizes[folds[i]]++;
    }
  for (guint f = 0; f < 5; f++)
    {
      g_assert_cmpuint (per_fold[f][0], ==, 2);
      g_assert_cmpuint (per_fold[f][1], ==, 1);
      g_assert_cmpuint (per_fold[f][2], <=, 1);
      g_assert_cmpuint (sizes[f], >=, 3);
      g_assert_cmpuint (sizes[f], <=, 4);
    }

  test = cs_stratified_split (labels, 18, 0.2, 42);
  for (guint i = 0; i < 18; i++)
    test_of[labels[i]] += test[i];
  g_assert_cmpuint (test_of[0], ==, 2);
  g_assert_cmpuint (test_of[1], ==, 1);
  g_assert_cmpuint (test_of[2], ==, 1);  /* 0.6 rounds to 1 */
}

static void
test_examples_csv (void)
{
  const char csv[] =
    "\xEF\xBB\xBFid,category,summary,description\r\n"
    "1,Pothole Issue,Pothole Issue,\"Big hole, \"\"deep\"\"\nnear school\"\r\n"
    "2,,Other,no category here\n"
    "3,Snow Issue,Snow Issue,\n"
    "\n"
    "4,Snow Issue,Snow Issue,Sidewalk not plowed\n"
    "5,Graffiti Issue,Graffiti Issue,tag on \xff wall";
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(GError) error = NULL;
  guint skipped = 0;
  CsExample *first, *last;

  examples = cs_examples_from_csv (csv, -1, NULL, NULL, &skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (examples->len, ==, 3);
  g_assert_cmpuint (skipped, ==, 2);
  first = examples->pdata[0];
  g_assert_cmpstr (first->category, ==, "Pothole Issue");
  /* the description, never the summary */
  g_assert_cmpstr (first->text, ==, "Big hole, \"deep\"\nnear school");
  last = examples->pdata[2];
  g_assert_true (g_utf8_validate (last->text, -1, NULL));
  g_clear_pointer (&examples, g_ptr_array_unref);

  examples = cs_examples_from_csv ("text,label\n\"never closed,x\n", -1, NULL, NULL, NULL, &error);
  g_assert_null (examples);
  g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "Line 2"));
  g_clear_error (&error);

  examples = cs_examples_from_csv ("id,words\n1,x\n", -1, NULL, "category", NULL, &error);
  g_assert_null (examples);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "id, words"));
}

static GPtrArray *
load_csv_examples (const char *path,
                   guint       limit)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *examples;
  gsize len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  examples = cs_examples_from_csv (data, len, "description", "category", NULL, &error);
  g_assert_no_error (error);
  if (limit > 0 && limit < examples->len)
    g_ptr_array_set_size (examples, limit);
  return examples;
}

static void
test_newport_cross_validation (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "newport_seeclickfix_dev.csv", NULL);
  const char *subset = g_getenv ("CS_TEST_CLASSIFIER_SUBSET");
  guint limit = subset != NULL ? (guint) atoi (subset) : 0;
  g_autoptr(GPtrArray) examples = load_csv_examples (path, limit);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(CsEvaluation) nb = NULL;
  g_autoptr(CsEvaluation) lr = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *table = NULL;
  CsTrainOptions options;

  for (guint i = 0; i < examples->len; i++)
    g_ptr_array_add (labels, ((CsExample *) examples->pdata[i])->category);
  g_ptr_array_add (labels, NULL);
  categories = cs_categories_from_labels ((const char * const *) labels->pdata);
  if (limit == 0)
    {
      /* rows with a description and a category; 16 of the city's request types */
      g_assert_cmpuint (examples->len, ==, 515);
      g_assert_cmpuint (categories->len, ==, 16);
    }

  cs_train_options_init (&options, CS_CLASSIFIER_NAIVE_BAYES);
  nb = cs_classifier_cross_validate (categories, examples, &options, 5, 42, NULL, &error);
  g_assert_no_error (error);
  cs_train_options_init (&options, CS_CLASSIFIER_LOGISTIC);
  lr = cs_classifier_cross_validate (categories, examples, &options, 5, 42, NULL, &error);
  g_assert_no_error (error);

  table = cs_evaluation_to_text (lr, "logistic regression");
  g_test_message ("Newport, 5-fold stratified cross-validation (seed 42), %u reports:", examples->len);
  g_test_message ("  naive Bayes          accuracy %.3f  macro-F1 %.3f",
                  cs_evaluation_get_accuracy (nb), cs_evaluation_get_macro_f1 (nb));
  g_test_message ("  logistic regression  accuracy %.3f  macro-F1 %.3f",
                  cs_evaluation_get_accuracy (lr), cs_evaluation_get_macro_f1 (lr));
  g_test_message ("  majority baseline    accuracy %.3f  macro-F1 %.3f",
                  cs_evaluation_get_baseline_accuracy (lr), cs_evaluation_get_baseline_macro_f1 (lr));
  g_test_message ("%s", table);

  g_assert_cmpuint (cs_evaluation_get_total (lr), ==, examples->len);
  if (limit > 0)
    return;   /* too few reports for the figures to mean anything */

  g_assert_cmpfloat (cs_evaluation_get_accuracy (lr), >, cs_evaluation_get_accuracy (nb) + 0.05);
  g_assert_cmpfloat (cs_evaluation_get_macro_f1 (lr), >, cs_evaluation_get_macro_f1 (nb) + 0.1);
  g_assert_cmpfloat (cs_evaluation_get_accuracy (nb), >, cs_evaluation_get_baseline_accuracy (nb));
  g_assert_cmpfloat (cs_evaluation_get_accuracy (lr), >, 2 * cs_evaluation_get_baseline_accuracy (lr));
  g_assert_cmpfloat (cs_evaluation_get_macro_f1 (lr), >, 0.45);
}

/* The model shipped for tenants without data (seed examples only) on real
 * FixMyStreet titles from Cambridge (UK), the 54 whose category maps onto the
 * defaults (tests/data, with its attribution). */
static void
test_fixmystreet_titles (void)
{
  static const char * const map[][2] = {
    { "Potholes", "roads" }, { "Roads/highways", "roads" }, { "Flytipping", "dumping" },
    { "Street cleaning", "dumping" }, { "Abandoned vehicles", "vehicles" }, { "Parks/landscapes", "parks" },
    { "Trees", "trees" }, { "Traffic lights", "traffic" }, { "Street nameplates", "traffic" },
    { "Graffiti", "graffiti" },
  };
  g_autofree char *here = g_test_build_filename (G_TEST_DIST, "data", "fixmystreet_cambridge_titles.csv", NULL);
  const char *path = here;
  g_autoptr(GPtrArray) titles = NULL;
  g_autoptr(GPtrArray) mapped = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_example_free);
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(CsClassifier) model = NULL;
  g_autoptr(CsEvaluation) evaluation = NULL;
  g_autoptr(GError) error = NULL;
  CsTrainOptions options;

  {
    g_autofree char *data = NULL;
    gsize len;

    g_file_get_contents (path, &data, &len, &error);
    titles = cs_examples_from_csv (data, len, "title", "category", NULL, &error);
    g_assert_no_error (error);
  }
  for (guint i = 0; i < titles->len; i++)
    {
      const CsExample *title = titles->pdata[i];

      for (guint m = 0; m < G_N_ELEMENTS (map); m++)
        if (strcmp (title->category, map[m][0]) == 0)
          g_ptr_array_add (mapped, cs_example_new (title->text, map[m][1], 1));
    }
  g_assert_cmpuint (mapped->len, ==, 54);

  categories = cs_categories_load_default (&error);
  g_assert_no_error (error);
  cs_train_options_init (&options, CS_CLASSIFIER_LOGISTIC);
  model = cs_classifier_train (categories, NULL, &options, NULL, &error);
  g_assert_no_error (error);
  evaluation = cs_classifier_evaluate (model, mapped, &error);
  g_assert_no_error (error);
  g_test_message ("FixMyStreet titles, default categories, no training data: accuracy %.3f "
                  "(majority baseline %.3f), macro-F1 %.3f (baseline %.3f)",
                  cs_evaluation_get_accuracy (evaluation), cs_evaluation_get_baseline_accuracy (evaluation),
                  cs_evaluation_get_macro_f1 (evaluation), cs_evaluation_get_baseline_macro_f1 (evaluation));
  g_assert_cmpfloat (cs_evaluation_get_accuracy (evaluation), >,
                     cs_evaluation_get_baseline_accuracy (evaluation) + 0.1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/classifier/features/normalize", test_normalize);
  g_test_add_func ("/classifier/features/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/classifier/features/tokens", test_tokens_and_stop_words);
  g_test_add_func ("/classifier/features/hash-stable", test_hash_stable);
  g_test_add_func ("/classifier/features/blocks", test_feature_blocks);
  g_test_add_func ("/classifier/features/cap", test_feature_cap);
  g_test_add_func ("/classifier/train/learns", test_train_learns);
  g_test_add_func ("/classifier/train/deterministic", test_train_deterministic);
  g_test_add_func ("/classifier/train/errors", test_train_errors);
  g_test_add_func ("/classifier/predict/oversized", test_oversized_input);
  g_test_add_func ("/classifier/blob/round-trip", test_blob_round_trip);
  g_test_add_func ("/classifier/blob/corrupt", test_blob_corrupt);
  g_test_add_func ("/classifier/severity/rules", test_severity);
  g_test_add_func ("/classifier/severity/reasons", test_severity_reason_and_names);
  g_test_add_func ("/classifier/summary", test_summary);
  g_test_add_func ("/classifier/categories/default", test_default_categories);
  g_test_add_func ("/classifier/categories/errors", test_category_errors);
  g_test_add_func ("/classifier/seed-model", test_seed_model);
  g_test_add_func ("/classifier/evaluation/metrics", test_evaluation_metrics);
  g_test_add_func ("/classifier/evaluation/folds", test_folds);
  g_test_add_func ("/classifier/evaluation/csv", test_examples_csv);
  g_test_add_func ("/classifier/evaluation/newport", test_newport_cross_validation);
  g_test_add_func ("/classifier/evaluation/fixmystreet", test_fixmystreet_titles);

  return g_test_run ();
}
