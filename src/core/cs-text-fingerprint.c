/* cs-text-fingerprint.c: what deduplication compares, and the store keeps, of a text
 *
 * A fingerprint holds a text's content words, the words with digits in them,
 * and the character trigrams of its words, each as a bottom-k sketch: the k
 * smallest 32-bit hashes, which is the whole set for anything title-sized
 * (32 words, 128 trigrams) and a uniform sample of a long description, from
 * which the Jaccard index is estimated on the hashes below both sketches'
 * largest (Broder's "min-s" sketch, a one-permutation MinHash). A title
 * serialises to 100-300 bytes.
 *
 * Two texts are compared by
 *
 *   similarity = max (word Jaccard, trigram Jaccard, 0.8 × trigram containment)
 *
 * halved when both name numbers and share none ("Lamp 1 not lit" and "Lamp 6
 * not lit" are two lamps). Word Jaccard rewards the same words, trigram
 * Jaccard the same words misspelt or inflected ("grafitti"), containment (the
 * share of the shorter text's trigrams found in the longer) a short title
 * inside a longer one ("Pothole" in "Large pothole near bus stop").
 * Containment is one-sided evidence (a one-word title is contained in many),
 * so a fully contained title counts as much as two titles sharing 80 % of
 * their words. The weights were set before the evaluation
 * (docs/deduplication.md), not tuned on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-text-similarity-private.h"

#define CONTAINMENT_WEIGHT 0.8
#define NUMBERS_PENALTY    0.5

#define FINGERPRINT_VERSION 1
#define FINGERPRINT_HEADER  16

enum
{
  FLAG_NUMBERS_TRUNCATED = 1 << 0,
};

struct _CsTextFingerprint
{
  gatomicrefcount ref_count;
  guint8  n_words;
  guint8  n_numbers;
  guint8  n_trigrams;
  guint8  flags;
  guint32 words_total;      /* distinct content words in the text(s) */
  guint32 trigrams_total;
  guint32 hashes[];         /* words, numbers, trigrams; each sorted ascending */
};

G_DEFINE_BOXED_TYPE (CsTextFingerprint, cs_text_fingerprint,
                     cs_text_fingerprint_ref, cs_text_fingerprint_unref)

static inline const guint32 *
fp_words (const CsTextFingerprint *fp)
{
  return fp->hashes;
}

static inline const guint32 *
fp_numbers (const CsTextFingerprint *fp)
{
  return fp->hashes + fp->n_words;
}

static inline const guint32 *
fp_trigrams (const CsTextFingerprint *fp)
{
  return fp->hashes + fp->n_words + fp->n_numbers;
}

static CsTextFingerprint *
fingerprint_alloc (guint n_words,
                   guint n_numbers,
                   guint n_trigrams)
{
  CsTextFingerprint *fp;

  g_assert (n_words <= CS_TEXT_WORD_SKETCH);
  g_assert (n_numbers <= CS_TEXT_NUMBER_SKETCH);
  g_assert (n_trigrams <= CS_TEXT_TRIGRAM_SKETCH);

  fp = g_malloc (sizeof *fp + sizeof (guint32) * (n_words + n_numbers + n_trigrams));
  g_atomic_ref_count_init (&fp->ref_count);
  fp->n_words = n_words;
  fp->n_numbers = n_numbers;
  fp->n_trigrams = n_trigrams;
  fp->flags = 0;
  fp->words_total = 0;
  fp->trigrams_total = 0;
  return fp;
}

/* Builds the fingerprint of @text: its sets, truncated to their bottom-k
 * sketches. An empty or stop-words-only text gives an empty fingerprint,
 * similar to nothing. */
CsTextFingerprint *
cs_text_fingerprint_new (const char *text)
{
  CsTextFingerprint *fp;
  CsTextSets c;
  guint nw, nn, nt;

  g_return_val_if_fail (text != NULL, NULL);

  cs_text_similarity_collect (text, &c);
  nw = MIN (c.n_words, CS_TEXT_WORD_SKETCH);
  nn = MIN (c.n_numbers, CS_TEXT_NUMBER_SKETCH);
  nt = MIN (c.n_trigrams, CS_TEXT_TRIGRAM_SKETCH);

  fp = fingerprint_alloc (nw, nn, nt);
  fp->words_total = c.n_words;
  fp->trigrams_total = c.n_trigrams;
  if (c.n_numbers > nn)
    fp->flags |= FLAG_NUMBERS_TRUNCATED;
  memcpy (fp->hashes, c.words, nw * sizeof (guint32));
  memcpy (fp->hashes + nw, c.numbers, nn * sizeof (guint32));
  memcpy (fp->hashes + nw + nn, c.trigrams, nt * sizeof (guint32));

  cs_text_similarity_sets_clear (&c);
  return fp;
}

CsTextFingerprint *
cs_text_fingerprint_ref (CsTextFingerprint *fingerprint)
{
  g_return_val_if_fail (fingerprint != NULL, NULL);

  g_atomic_ref_count_inc (&fingerprint->ref_count);
  return fingerprint;
}

void
cs_text_fingerprint_unref (CsTextFingerprint *fingerprint)
{
  g_return_if_fail (fingerprint != NULL);

  if (g_atomic_ref_count_dec (&fingerprint->ref_count))
    g_free (fingerprint);
}

gboolean
cs_text_fingerprint_is_empty (const CsTextFingerprint *fingerprint)
{
  g_return_val_if_fail (fingerprint != NULL, TRUE);

  return fingerprint->words_total == 0;
}

guint
cs_text_fingerprint_get_n_words (const CsTextFingerprint *fingerprint)
{
  g_return_val_if_fail (fingerprint != NULL, 0);

  return fingerprint->words_total;
}

guint
cs_text_fingerprint_get_n_trigrams (const CsTextFingerprint *fingerprint)
{
  g_return_val_if_fail (fingerprint != NULL, 0);

  return fingerprint->trigrams_total;
}

/* TRUE when the text was too long for its sets to be kept whole: its
 * similarities are then estimates. */
gboolean
cs_text_fingerprint_is_truncated (const CsTextFingerprint *fingerprint)
{
  g_return_val_if_fail (fingerprint != NULL, FALSE);

  return fingerprint->words_total > fingerprint->n_words
         || fingerprint->trigrams_total > fingerprint->n_trigrams;
}

/* Number of elements of the sorted @a that are <= @limit. */
static guint
count_at_most (const guint32 *a,
               guint          n,
               guint32        limit)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (a[mid] <= limit)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Jaccard of two sets given by bottom-k sketches. Exact when neither was
 * truncated; otherwise computed on the hashes below both sketches' largest,
 * where both sketches are complete: a uniform sample of the union. */
static double
sketch_jaccard (const guint32 *a,
                guint          n_a,
                gboolean       truncated_a,
                const guint32 *b,
                guint          n_b,
                gboolean       truncated_b,
                guint         *common_out)
{
  guint32 limit = G_MAXUINT32;
  guint common;
  guint united;

  if (truncated_a && n_a > 0)
    limit = MIN (limit, a[n_a - 1]);
  if (truncated_b && n_b > 0)
    limit = MIN (limit, b[n_b - 1]);
  if (limit != G_MAXUINT32)
    {
      n_a = count_at_most (a, n_a, limit);
      n_b = count_at_most (b, n_b, limit);
    }

  common = cs_hash_set_intersection (a, n_a, b, n_b);
  united = n_a + n_b - common;
  if (common_out)
    *common_out = common;
  return united == 0 ? 0.0 : (double) common / united;
}

double
cs_text_fingerprint_similarity (const CsTextFingerprint *a,
                                const CsTextFingerprint *b,
                                CsTextSimilarity        *detail)
{
  CsTextSimilarity s = { 0 };
  gboolean ta_words, tb_words, ta_tri, tb_tri;
  guint common;
  double smaller;

  g_return_val_if_fail (a != NULL && b != NULL, 0.0);

  ta_words = a->words_total > a->n_words;
  tb_words = b->words_total > b->n_words;
  ta_tri = a->trigrams_total > a->n_trigrams;
  tb_tri = b->trigrams_total > b->n_trigrams;
  s.exact = !(ta_words || tb_words || ta_tri || tb_tri);

  if (a->words_total == 0 || b->words_total == 0)
    {
      if (detail)
        *detail = s;
      return 0.0;
    }

  s.word_jaccard = sketch_jaccard (fp_words (a), a->n_words, ta_words,
                                   fp_words (b), b->n_words, tb_words, NULL);
  s.trigram_jaccard = sketch_jaccard (fp_trigrams (a), a->n_trigrams, ta_tri,
                                      fp_trigrams (b), b->n_trigrams, tb_tri, &common);

  smaller = MIN (a->trigrams_total, b->trigrams_total);
  if (!ta_tri && !tb_tri)
    s.trigram_containment = common / smaller;
  else
    {
      /* |A ∩ B| = J (|A| + |B|) / (1 + J) */
      double j = s.trigram_jaccard;
      double inter = j * ((double) a->trigrams_total + b->trigrams_total) / (1.0 + j);
      s.trigram_containment = MIN (1.0, inter / smaller);
    }

  s.numbers_differ = a->n_numbers > 0 && b->n_numbers > 0
                     && !(a->flags & FLAG_NUMBERS_TRUNCATED) && !(b->flags & FLAG_NUMBERS_TRUNCATED)
                     && cs_hash_set_intersection (fp_numbers (a), a->n_numbers,
                                                  fp_numbers (b), b->n_numbers) == 0;

  s.similarity = MAX (s.word_jaccard, s.trigram_jaccard);
  s.similarity = MAX (s.similarity, CONTAINMENT_WEIGHT * s.trigram_containment);
  if (s.numbers_differ)
    s.similarity *= NUMBERS_PENALTY;

  if (detail)
    *detail = s;
  return s.similarity;
}

/* Merges two sorted sketches into @out (room for n_a + n_b), keeping the
 * @cap smallest; returns how many were kept and the union's size in *united. */
static guint
merge_sketches (const guint32 *a,
                guint          n_a,
                const guint32 *b,
                guint          n_b,
                guint32       *out,
                guint          cap,
                guint         *united)
{
  guint i = 0, j = 0, n = 0;

  while (i < n_a || j < n_b)
    {
      guint32 v;

      if (j >= n_b || (i < n_a && a[i] < b[j]))
        v = a[i++];
      else if (i >= n_a || b[j] < a[i])
        v = b[j++];
      else
        v = a[i++], j++;
      out[n++] = v;
    }
  *united = n;
  return MIN (n, cap);
}

/* Size of the union of two sets known by their sketches and sizes. */
static guint32
union_total (const guint32 *a,
             guint          n_a,
             guint32        total_a,
             const guint32 *b,
             guint          n_b,
             guint32        total_b,
             guint          exact_union)
{
  gboolean ta = total_a > n_a;
  gboolean tb = total_b > n_b;
  double j;

  if (!ta && !tb)
    return exact_union;
  j = sketch_jaccard (a, n_a, ta, b, n_b, tb, NULL);
  return (guint32) MAX ((double) MAX (total_a, total_b),
                        ((double) total_a + total_b) / (1.0 + j) + 0.5);
}

/* The fingerprint of both texts together: an issue's fingerprint absorbs
 * those of its first reports (see docs/deduplication.md). */
CsTextFingerprint *
cs_text_fingerprint_merge (const CsTextFingerprint *a,
                           const CsTextFingerprint *b)
{
  guint32 words[2 * CS_TEXT_WORD_SKETCH];
  guint32 numbers[2 * CS_TEXT_NUMBER_SKETCH];
  guint32 trigrams[2 * CS_TEXT_TRIGRAM_SKETCH];
  guint nw, nn, nt, uw, un, ut;
  CsTextFingerprint *fp;

  g_return_val_if_fail (a != NULL && b != NULL, NULL);

  nw = merge_sketches (fp_words (a), a->n_words, fp_words (b), b->n_words,
                       words, CS_TEXT_WORD_SKETCH, &uw);
  nn = merge_sketches (fp_numbers (a), a->n_numbers, fp_numbers (b), b->n_numbers,
                       numbers, CS_TEXT_NUMBER_SKETCH, &un);
  nt = merge_sketches (fp_trigrams (a), a->n_trigrams, fp_trigrams (b), b->n_trigrams,
                       trigrams, CS_TEXT_TRIGRAM_SKETCH, &ut);

  fp = fingerprint_alloc (nw, nn, nt);
  fp->words_total = union_total (fp_words (a), a->n_words, a->words_total,
                                 fp_words (b), b->n_words, b->words_total, uw);
  fp->trigrams_total = union_total (fp_trigrams (a), a->n_trigrams, a->trigrams_total,
                                    fp_trigrams (b), b->n_trigrams, b->trigrams_total, ut);
  if (((a->flags | b->flags) & FLAG_NUMBERS_TRUNCATED) != 0 || un > nn)
    fp->flags |= FLAG_NUMBERS_TRUNCATED;
  memcpy (fp->hashes, words, nw * sizeof (guint32));
  memcpy (fp->hashes + nw, numbers, nn * sizeof (guint32));
  memcpy (fp->hashes + nw + nn, trigrams, nt * sizeof (guint32));
  return fp;
}

/* Version 1, little-endian:
 *   0  "CF"                      6  number of trigram hashes (u8, <= 128)
 *   2  version (u8)              7  zero
 *   3  flags (u8)                8  distinct words in the text (u32)
 *   4  number of word hashes     12 distinct trigrams in the text (u32)
 *   5  number of number hashes   16 the hashes (u32 each): words, numbers, trigrams
 * A five-word title takes about 150 bytes. */
GBytes *
cs_text_fingerprint_serialize (const CsTextFingerprint *fingerprint)
{
  guint n;
  gsize length;
  guint8 *data;

  g_return_val_if_fail (fingerprint != NULL, NULL);

  n = fingerprint->n_words + fingerprint->n_numbers + fingerprint->n_trigrams;
  length = FINGERPRINT_HEADER + 4 * n;
  data = g_malloc (length);
  data[0] = 'C';
  data[1] = 'F';
  data[2] = FINGERPRINT_VERSION;
  data[3] = fingerprint->flags;
  data[4] = fingerprint->n_words;
  data[5] = fingerprint->n_numbers;
  data[6] = fingerprint->n_trigrams;
  data[7] = 0;
  cs_text_put_u32 (data + 8, fingerprint->words_total);
  cs_text_put_u32 (data + 12, fingerprint->trigrams_total);
  for (guint i = 0; i < n; i++)
    cs_text_put_u32 (data + FINGERPRINT_HEADER + 4 * i, fingerprint->hashes[i]);
  return g_bytes_new_take (data, length);
}

static gboolean
check_sorted (const guint32  *a,
              guint           n,
              gsize           offset,
              GError        **error)
{
  for (guint i = 1; i < n; i++)
    if (a[i] <= a[i - 1])
      {
        g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                     _("Text fingerprint: the hash at byte %" G_GSIZE_FORMAT " is not greater than the one before it"),
                     offset + 4 * i);
        return FALSE;
      }
  return TRUE;
}

/* Reads what cs_text_fingerprint_serialize() wrote, refusing anything else:
 * a damaged fingerprint would silently link unrelated reports. */
CsTextFingerprint *
cs_text_fingerprint_deserialize (const guint8  *data,
                                 gsize          length,
                                 GError       **error)
{
  g_autoptr(CsTextFingerprint) fp = NULL;
  guint nw, nn, nt, n;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length < FINGERPRINT_HEADER || data[0] != 'C' || data[1] != 'F')
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                   _("Text fingerprint: %" G_GSIZE_FORMAT " bytes without the “CF” marker and header"),
                   length);
      return NULL;
    }
  if (data[2] != FINGERPRINT_VERSION)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                   _("Text fingerprint: version %u is not supported (expected %u)"),
                   data[2], FINGERPRINT_VERSION);
      return NULL;
    }
  if ((data[3] & ~FLAG_NUMBERS_TRUNCATED) != 0 || data[7] != 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                   _("Text fingerprint: unknown flags in bytes 3 or 7"));
      return NULL;
    }
  nw = data[4];
  nn = data[5];
  nt = data[6];
  if (nw > CS_TEXT_WORD_SKETCH || nn > CS_TEXT_NUMBER_SKETCH || nt > CS_TEXT_TRIGRAM_SKETCH)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                   _("Text fingerprint: %u words, %u numbers, %u trigrams exceed the sketch sizes (%u, %u, %u)"),
                   nw, nn, nt, CS_TEXT_WORD_SKETCH, CS_TEXT_NUMBER_SKETCH, CS_TEXT_TRIGRAM_SKETCH);
      return NULL;
    }
  n = nw + nn + nt;
  if (length != FINGERPRINT_HEADER + 4 * (gsize) n)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                   _("Text fingerprint: %" G_GSIZE_FORMAT " bytes, expected %u for %u hashes"),
                   length, FINGERPRINT_HEADER + 4 * n, n);
      return NULL;
    }

  fp = fingerprint_alloc (nw, nn, nt);
  fp->flags = data[3];
  fp->words_total = cs_text_get_u32 (data + 8);
  fp->trigrams_total = cs_text_get_u32 (data + 12);
  for (guint i = 0; i < n; i++)
    fp->hashes[i] = cs_text_get_u32 (data + FINGERPRINT_HEADER + 4 * i);

  /* A sketch is either the whole set or full: anything else is damage. */
  if (fp->words_total < nw || (fp->words_total > nw && nw != CS_TEXT_WORD_SKETCH)
      || fp->trigrams_total < nt || (fp->trigrams_total > nt && nt != CS_TEXT_TRIGRAM_SKETCH)
      || (nw == 0) != (nt == 0) || nn > nw)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                   _("Text fingerprint: the counts (%u of %u words, %u of %u trigrams, %u numbers) do not fit together"),
                   nw, fp->words_total, nt, fp->trigrams_total, nn);
      return NULL;
    }
  if (!check_sorted (fp_words (fp), nw, FINGERPRINT_HEADER, error)
      || !check_sorted (fp_numbers (fp), nn, FINGERPRINT_HEADER + 4 * nw, error)
      || !check_sorted (fp_trigrams (fp), nt, FINGERPRINT_HEADER + 4 * (nw + nn), error))
    return NULL;

  return g_steal_pointer (&fp);
}
