/* test-text-similarity.c: folding, word and trigram sets, MinHash, fingerprints
 *
 * Expected similarities are counted by hand from the sets the text names:
 * "pothole" has the padded trigrams ^po pot oth tho hol ole le$, and so on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/cs-error.h"
#include "core/cs-text-similarity.h"

static void
assert_normalized (const char *text,
                   const char *expected)
{
  g_autofree char *got = cs_text_similarity_normalize (text);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_normalize (void)
{
  assert_normalized ("Grafitti  on the BRIDGE!!", "grafitti on the bridge");
  assert_normalized ("  Café – Straße ", "cafe strasse");
  assert_normalized ("It’s a neighbour's car", "its a neighbours car");
  assert_normalized ("Paving-slab/kerb", "paving slab kerb");
  assert_normalized ("Ĳsselmeer ÆØ", "ijsselmeer aeo");
  assert_normalized ("", "");
  assert_normalized ("!!! ...", "");
  /* Invalid UTF-8 is replaced, not trusted. */
  assert_normalized ("caf\xff\xfe bar", "caf bar");
}

static void
assert_tokens (const char *text,
               const char *expected)
{
  g_auto(GStrv) tokens = cs_text_similarity_tokenize (text);
  g_autofree char *joined = g_strjoinv ("|", tokens);

  g_assert_cmpstr (joined, ==, expected);
}

static void
test_tokenize (void)
{
  assert_tokens ("The potholes near the bus stops", "pothole|bus|stop");
  assert_tokens ("Benches, boxes and bodies; grass", "bench|box|body|grass");
  assert_tokens ("Lamp 6 not lit", "lamp|6|lit");
  assert_tokens ("Kapotte lantaarnpaal bij de school", "kapotte|lantaarnpaal|school");
  assert_tokens ("It's still here", "");

  g_assert_true (cs_text_similarity_is_stop_word ("THE"));
  g_assert_true (cs_text_similarity_is_stop_word ("de"));
  g_assert_true (cs_text_similarity_is_stop_word ("niet"));
  g_assert_false (cs_text_similarity_is_stop_word ("pothole"));
  g_assert_false (cs_text_similarity_is_stop_word ("out"));
}

static void
test_sets (void)
{
  const guint32 a[] = { 1, 2, 3, 4 };
  const guint32 b[] = { 3, 4, 5 };
  g_autofree guint32 *pothole = NULL;
  g_autofree guint32 *pot_hole = NULL;
  g_autofree guint32 *pot = NULL;
  g_autofree guint32 *x = NULL;
  guint n_pothole, n_pot_hole, n_pot, n_x;

  g_assert_cmpuint (cs_hash_set_intersection (a, 4, b, 3), ==, 2);
  g_assert_cmpfloat (cs_hash_set_jaccard (a, 4, b, 3), ==, 2.0 / 5.0);
  g_assert_cmpfloat (cs_hash_set_containment (b, 3, a, 4), ==, 2.0 / 3.0);
  g_assert_cmpfloat (cs_hash_set_containment (a, 4, b, 3), ==, 0.5);
  g_assert_cmpfloat (cs_hash_set_jaccard (a, 0, b, 0), ==, 0.0);
  g_assert_cmpfloat (cs_hash_set_jaccard (a, 4, a, 4), ==, 1.0);

  pot = cs_text_char_trigrams ("pot", &n_pot);
  x = cs_text_char_trigrams ("x", &n_x);
  pothole = cs_text_char_trigrams ("Pothole", &n_pothole);
  pot_hole = cs_text_char_trigrams ("pot hole", &n_pot_hole);
  g_assert_cmpuint (n_pot, ==, 3);        /* ^po pot ot$ */
  g_assert_cmpuint (n_x, ==, 1);          /* ^x$ */
  g_assert_cmpuint (n_pothole, ==, 7);
  g_assert_cmpuint (n_pot_hole, ==, 7);   /* ^po pot ot$ ^ho hol ole le$ */
  /* Shared: ^po pot hol ole le$ — 5 of 9. */
  g_assert_cmpfloat_with_epsilon (cs_hash_set_jaccard (pothole, n_pothole, pot_hole, n_pot_hole), 5.0 / 9.0, 1e-12);
  for (guint i = 1; i < n_pothole; i++)
    g_assert_cmpuint (pothole[i - 1], <, pothole[i]);
}

static void
test_shingles (void)
{
  g_autofree guint32 *s1 = NULL;
  g_autofree guint32 *s2 = NULL;
  g_autofree guint32 *s3 = NULL;
  g_autofree guint32 *s4 = NULL;
  g_autofree guint32 *r2 = NULL;
  g_autofree guint32 *r1 = NULL;
  guint n1, n2, n3, n4, m2, m1;

  s1 = cs_text_word_shingles ("Broken street light", 1, &n1);
  s2 = cs_text_word_shingles ("Broken street light", 2, &n2);
  s3 = cs_text_word_shingles ("Broken street light", 3, &n3);
  s4 = cs_text_word_shingles ("Broken street light", 4, &n4);
  g_assert_cmpuint (n1, ==, 3);
  g_assert_cmpuint (n2, ==, 2);
  g_assert_cmpuint (n3, ==, 1);
  g_assert_cmpuint (n4, ==, 0);

  /* Same words, other order: equal as words, disjoint as pairs. */
  r1 = cs_text_word_shingles ("light street broken", 1, &m1);
  r2 = cs_text_word_shingles ("light street broken", 2, &m2);
  g_assert_cmpfloat (cs_hash_set_jaccard (s1, n1, r1, m1), ==, 1.0);
  g_assert_cmpfloat (cs_hash_set_jaccard (s2, n2, r2, m2), ==, 0.0);
}

static double
similarity (const char       *a,
            const char       *b,
            CsTextSimilarity *detail)
{
  g_autoptr(CsTextFingerprint) fa = cs_text_fingerprint_new (a);
  g_autoptr(CsTextFingerprint) fb = cs_text_fingerprint_new (b);
  double ab = cs_text_fingerprint_similarity (fa, fb, detail);

  /* Symmetric, always. */
  g_assert_cmpfloat (cs_text_fingerprint_similarity (fb, fa, NULL), ==, ab);
  return ab;
}

static void
test_similarity_crafted (void)
{
  CsTextSimilarity d;

  g_assert_cmpfloat (similarity ("Pothole!", "pothole", &d), ==, 1.0);
  g_assert_true (d.exact);
  g_assert_cmpfloat (similarity ("Café", "cafe", NULL), ==, 1.0);

  /* A one-word title inside a longer one: words 1/4, trigrams 7/19
   * (large 5, pothole 7, bus 3, stop 4), containment 7/7 -> 0.8. */
  g_assert_cmpfloat_with_epsilon (similarity ("Pothole", "Large pothole near bus stop", &d), 0.8, 1e-12);
  g_assert_cmpfloat_with_epsilon (d.word_jaccard, 0.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (d.trigram_jaccard, 7.0 / 19.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (d.trigram_containment, 1.0, 1e-12);

  /* Two lamps: words 2/4, trigrams 7/9 (lamp 4, lit 3, and ^1$ or ^6$),
   * halved for the different numbers. */
  g_assert_cmpfloat_with_epsilon (similarity ("Lamp 1 not lit", "Lamp 6 not lit", &d), 7.0 / 18.0, 1e-12);
  g_assert_true (d.numbers_differ);
  g_assert_cmpfloat_with_epsilon (d.word_jaccard, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (d.trigram_jaccard, 7.0 / 9.0, 1e-12);

  /* The same lamp, worded differently: no penalty. */
  g_assert_cmpfloat (similarity ("Light 6 on Harvey Goodwin Avenue Out",
                                 "Light 6 Harvey Goodwin Ave Cambridge out", &d), >=, 5.0 / 8.0);
  g_assert_false (d.numbers_differ);
  g_assert_cmpfloat_with_epsilon (d.word_jaccard, 5.0 / 8.0, 1e-12);

  /* A typo: words 1/3; trigrams share ^gr gra raf fit ti$ and all six of
   * bridge, 11 of 17. */
  g_assert_cmpfloat_with_epsilon (similarity ("Grafitti on bridge", "Graffiti on the bridge", &d), 11.0 / 17.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (d.word_jaccard, 1.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (d.trigram_containment, 11.0 / 14.0, 1e-12);

  /* Unrelated: one trigram ("tre") in common. */
  g_assert_cmpfloat (similarity ("Streetlight out", "Dumped mattress", NULL), <, 0.1);

  /* Nothing but stop words: similar to nothing, itself included. */
  {
    g_autoptr(CsTextFingerprint) empty = cs_text_fingerprint_new ("It is not here");

    g_assert_true (cs_text_fingerprint_is_empty (empty));
    g_assert_cmpfloat (cs_text_fingerprint_similarity (empty, empty, NULL), ==, 0.0);
  }
}

static void
random_set (GRand   *rand,
            guint32 *out,
            guint    n)
{
  for (guint i = 0; i < n; i++)
    out[i] = g_rand_int (rand);
}

static int
compare_u32 (gconstpointer a,
             gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

static void
test_minhash_estimate (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2024);
  double total_error = 0.0;
  guint pairs = 0;

  /* Sets of 100 sharing 0..100 elements: J from 0 to 1. */
  for (guint shared = 0; shared <= 100; shared += 2)
    for (guint rep = 0; rep < 4; rep++)
      {
        guint32 a[100], b[100];
        CsMinHash ma, mb;
        double exact, estimate;

        random_set (rand, a, 100);
        memcpy (b, a, shared * sizeof (guint32));
        random_set (rand, b + shared, 100 - shared);
        qsort (a, 100, sizeof (guint32), compare_u32);
        qsort (b, 100, sizeof (guint32), compare_u32);

        cs_minhash_init (&ma);
        cs_minhash_add (&ma, a, 100);
        cs_minhash_init (&mb);
        cs_minhash_add (&mb, b, 100);
        exact = cs_hash_set_jaccard (a, 100, b, 100);
        estimate = cs_minhash_jaccard (&ma, &mb);

        /* Standard error at most 0.0625 with 64 lanes: 4 of them. */
        g_assert_cmpfloat (fabs (estimate - exact), <=, 0.25);
        total_error += fabs (estimate - exact);
        pairs++;
      }
  /* Unbiased and tight on average. */
  g_assert_cmpfloat (total_error / pairs, <, 0.05);
}

static void
test_minhash_properties (void)
{
  CsMinHash a, b, u, merged, t1, t2, empty;
  guint32 sa[] = { 10, 20, 30 };
  guint32 sb[] = { 30, 40 };
  guint32 su[] = { 10, 20, 30, 40 };
  guint32 ka[CS_MINHASH_BANDS], kb[CS_MINHASH_BANDS];

  cs_minhash_init (&a);
  cs_minhash_add (&a, sa, 3);
  cs_minhash_init (&b);
  cs_minhash_add (&b, sb, 2);
  cs_minhash_init (&u);
  cs_minhash_add (&u, su, 4);

  /* The signature of a union is the minimum of the signatures. */
  merged = a;
  cs_minhash_merge (&merged, &b);
  g_assert_cmpmem (merged.v, sizeof merged.v, u.v, sizeof u.v);

  /* Identical text: identical signature, J = 1, every band key equal. */
  cs_minhash_from_text (&t1, "Overflowing bin on Mill Road");
  cs_minhash_from_text (&t2, "overflowing bins, mill road");
  g_assert_cmpfloat (cs_minhash_jaccard (&t1, &t2), ==, 1.0);
  cs_minhash_band_keys (&t1, ka);
  cs_minhash_band_keys (&t2, kb);
  g_assert_cmpmem (ka, sizeof ka, kb, sizeof kb);

  /* Unrelated texts share few minima and almost never a band. */
  cs_minhash_from_text (&t2, "Abandoned car with flat tyres");
  g_assert_cmpfloat (cs_minhash_jaccard (&t1, &t2), <, 0.15);
  cs_minhash_band_keys (&t2, kb);
  {
    guint same = 0;

    for (guint i = 0; i < CS_MINHASH_BANDS; i++)
      same += ka[i] == kb[i];
    g_assert_cmpuint (same, ==, 0);
  }

  cs_minhash_from_text (&empty, "the and of");
  g_assert_true (cs_minhash_is_empty (&empty));
  g_assert_false (cs_minhash_is_empty (&t1));
  g_assert_cmpfloat (cs_minhash_jaccard (&empty, &empty), ==, 0.0);
}

static void
test_minhash_serialize (void)
{
  CsMinHash a, back;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize length;
  guint8 copy[CS_MINHASH_BYTES];

  cs_minhash_from_text (&a, "Broken paving slab outside the library");
  bytes = cs_minhash_serialize (&a);
  data = g_bytes_get_data (bytes, &length);
  g_assert_cmpuint (length, ==, 4 + 4 * 64);
  g_assert_cmpint (data[0], ==, 'C');
  g_assert_cmpint (data[1], ==, 'M');
  g_assert_true (cs_minhash_deserialize (&back, data, length, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (a.v, sizeof a.v, back.v, sizeof back.v);
  /* Little-endian on every platform: lane 0's lowest byte comes first. */
  g_assert_cmpuint (data[4], ==, a.v[0] & 0xff);

  g_assert_false (cs_minhash_deserialize (&back, data, length - 1, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_false (cs_minhash_deserialize (&back, data, 0, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
  g_clear_error (&error);
  memcpy (copy, data, length);
  copy[3] = 128;
  g_assert_false (cs_minhash_deserialize (&back, copy, length, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
  g_clear_error (&error);
  copy[3] = data[3];
  copy[1] = 'X';
  g_assert_false (cs_minhash_deserialize (&back, copy, length, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
}

static void
test_fingerprint_serialize (void)
{
  g_autoptr(CsTextFingerprint) fp = cs_text_fingerprint_new ("Large pothole near bus stop");
  g_autoptr(CsTextFingerprint) other = cs_text_fingerprint_new ("Pothole on Lynfield Lane 6");
  g_autoptr(CsTextFingerprint) back = NULL;
  g_autoptr(CsTextFingerprint) back_other = NULL;
  g_autoptr(GBytes) bytes = cs_text_fingerprint_serialize (fp);
  g_autoptr(GBytes) bytes_other = cs_text_fingerprint_serialize (other);
  g_autoptr(GError) error = NULL;
  CsTextSimilarity d1, d2;
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  /* 16 bytes of header, 4 word and 19 trigram hashes. */
  g_assert_cmpuint (length, ==, 16 + 4 * (4 + 19));
  back = cs_text_fingerprint_deserialize (data, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  back_other = cs_text_fingerprint_deserialize (g_bytes_get_data (bytes_other, NULL),
                                                g_bytes_get_size (bytes_other), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_text_fingerprint_get_n_words (back), ==, 4);
  g_assert_cmpuint (cs_text_fingerprint_get_n_trigrams (back), ==, 19);
  g_assert_cmpfloat (cs_text_fingerprint_similarity (back, fp, NULL), ==, 1.0);
  cs_text_fingerprint_similarity (fp, other, &d1);
  cs_text_fingerprint_similarity (back, back_other, &d2);
  g_assert_cmpmem (&d1, sizeof d1, &d2, sizeof d2);

  /* Every kind of damage is refused. */
  {
    struct { gsize offset; guint8 value; gsize length; } damage[] = {
      { 0, 'X', 0 },                    /* marker */
      { 2, 2, 0 },                      /* version */
      { 3, 0x80, 0 },                   /* unknown flag */
      { 7, 1, 0 },                      /* reserved byte */
      { 4, 40, 0 },                     /* more words than a sketch holds */
      { 8, 2, 0 },                      /* 2 distinct words but 4 hashes */
      { 16, 0xff, 0 },                  /* first word hash above the second */
      { 0, 0, 1 },                      /* cut short by one byte */
      { 0, 0, 100 },                    /* cut short inside the header */
    };

    for (guint i = 0; i < G_N_ELEMENTS (damage); i++)
      {
        g_autofree guint8 *copy = g_memdup2 (data, length);
        g_autoptr(CsTextFingerprint) bad = NULL;

        if (damage[i].length == 0)
          {
            copy[damage[i].offset] = damage[i].value;
            if (damage[i].offset == 16)
              copy[19] = 0xff, copy[18] = 0xff, copy[17] = 0xff;
            bad = cs_text_fingerprint_deserialize (copy, length, &error);
          }
        else
          bad = cs_text_fingerprint_deserialize (copy, length - damage[i].length, &error);
        g_assert_null (bad);
        g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
        g_clear_error (&error);
      }
  }
  g_assert_null (cs_text_fingerprint_deserialize (NULL, 0, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
}

/* Words without digits, stop words or a final "s": k + three of a-r. */
static char *
synthetic_text (guint from,
                guint to)
{
  GString *s = g_string_new (NULL);

  for (guint i = from; i < to; i++)
    g_string_append_printf (s, "k%c%c%c ", 'a' + i / 324, 'a' + (i / 18) % 18, 'a' + i % 18);
  return g_string_free (s, FALSE);
}

static void
test_fingerprint_long_and_merge (void)
{
  g_autofree char *text_a = synthetic_text (0, 200);
  g_autofree char *text_b = synthetic_text (100, 300);
  g_autoptr(CsTextFingerprint) a = cs_text_fingerprint_new (text_a);
  g_autoptr(CsTextFingerprint) b = cs_text_fingerprint_new (text_b);
  g_autoptr(CsTextFingerprint) ab = NULL;
  g_autoptr(CsTextFingerprint) short_fp = cs_text_fingerprint_new ("Pothole");
  g_autoptr(CsTextFingerprint) long_fp = cs_text_fingerprint_new ("Large pothole near bus stop");
  g_autoptr(CsTextFingerprint) both = NULL;
  CsTextSimilarity d;

  /* 200 words: kept as a 32-hash sample, compared as an estimate. */
  g_assert_true (cs_text_fingerprint_is_truncated (a));
  g_assert_cmpuint (cs_text_fingerprint_get_n_words (a), ==, 200);
  g_assert_cmpfloat (cs_text_fingerprint_similarity (a, a, &d), ==, 1.0);
  g_assert_false (d.exact);

  /* 100 words in common of 300: J = 1/3. */
  cs_text_fingerprint_similarity (a, b, &d);
  g_assert_cmpfloat_with_epsilon (d.word_jaccard, 1.0 / 3.0, 0.15);

  /* The union of the two: about 300 words. */
  ab = cs_text_fingerprint_merge (a, b);
  g_assert_cmpuint (cs_text_fingerprint_get_n_words (ab), >=, 200);
  g_assert_cmpuint (cs_text_fingerprint_get_n_words (ab), <=, 450);

  /* Small texts merge exactly: "pothole" is already in the longer one. */
  both = cs_text_fingerprint_merge (short_fp, long_fp);
  g_assert_false (cs_text_fingerprint_is_truncated (both));
  g_assert_cmpuint (cs_text_fingerprint_get_n_words (both), ==, 4);
  g_assert_cmpuint (cs_text_fingerprint_get_n_trigrams (both), ==, 19);
  g_assert_cmpfloat (cs_text_fingerprint_similarity (both, long_fp, NULL), ==, 1.0);
}

static void
test_fingerprint_boxed (void)
{
  CsTextFingerprint *fp = cs_text_fingerprint_new ("Broken bench");
  CsTextFingerprint *copy = g_boxed_copy (CS_TYPE_TEXT_FINGERPRINT, fp);

  /* A boxed copy is another reference to the same immutable value. */
  g_assert_true (copy == fp);
  g_boxed_free (CS_TYPE_TEXT_FINGERPRINT, copy);
  cs_text_fingerprint_unref (fp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-similarity/normalize", test_normalize);
  g_test_add_func ("/text-similarity/tokenize", test_tokenize);
  g_test_add_func ("/text-similarity/sets", test_sets);
  g_test_add_func ("/text-similarity/shingles", test_shingles);
  g_test_add_func ("/text-similarity/crafted-pairs", test_similarity_crafted);
  g_test_add_func ("/text-similarity/minhash-estimate", test_minhash_estimate);
  g_test_add_func ("/text-similarity/minhash-properties", test_minhash_properties);
  g_test_add_func ("/text-similarity/minhash-serialize", test_minhash_serialize);
  g_test_add_func ("/text-similarity/fingerprint-serialize", test_fingerprint_serialize);
  g_test_add_func ("/text-similarity/fingerprint-long-and-merge", test_fingerprint_long_and_merge);
  g_test_add_func ("/text-similarity/fingerprint-boxed", test_fingerprint_boxed);
  return g_test_run ();
}
