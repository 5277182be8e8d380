/* cs-text-minhash.c: MinHash signatures of texts' trigram sets
 *
 * A fixed-size signature (CS_MINHASH_K seeded permutations, the minimum of
 * each over the set) estimates the Jaccard index of two sets from 260 bytes,
 * merges by taking minima (an issue's signature absorbs its reports'), and
 * cuts into LSH band keys that an index can look up: texts with similar
 * trigram sets share a key with high probability, so candidates are found
 * without comparing every pair.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-text-similarity-private.h"

#define MINHASH_VERSION 1

typedef struct
{
  guint32 mul[CS_MINHASH_K];
  guint32 xor[CS_MINHASH_K];
} MinHashLanes;

/* Lane i hashes x to mix((x ^ xor_i) * mul_i): xor, odd multiplication and
 * xorshift-multiply are all bijections of 32-bit words, so each lane is a
 * permutation, drawn deterministically from CS_TEXT_MINHASH_SEED. */
static const MinHashLanes *
minhash_lanes (void)
{
  static MinHashLanes lanes;
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      guint32 state = CS_TEXT_MINHASH_SEED;

      for (guint i = 0; i < CS_MINHASH_K; i++)
        {
          state += 0x9e3779b9u;
          lanes.mul[i] = cs_text_mix32 (state) | 1u;
          state += 0x9e3779b9u;
          lanes.xor[i] = cs_text_mix32 (state);
        }
      g_once_init_leave (&initialised, 1);
    }
  return &lanes;
}

void
cs_minhash_init (CsMinHash *minhash)
{
  g_return_if_fail (minhash != NULL);

  memset (minhash->v, 0xff, sizeof minhash->v);
}

#if defined (__GNUC__)
/* Four lanes at a time with the compiler's vector extension (SSE2, NEON). */
typedef guint32 U32x4 __attribute__ ((vector_size (16)));
#endif

/* Adds the elements of @set (any 32-bit hashes) to the signature. */
void
cs_minhash_add (CsMinHash     *minhash,
                const guint32 *set,
                guint          n)
{
  const MinHashLanes *lanes = minhash_lanes ();

  g_return_if_fail (minhash != NULL);
  g_return_if_fail (set != NULL || n == 0);

#if defined (__GNUC__)
  {
    U32x4 v[CS_MINHASH_K / 4], mul[CS_MINHASH_K / 4], xor[CS_MINHASH_K / 4];

    memcpy (v, minhash->v, sizeof v);
    memcpy (mul, lanes->mul, sizeof mul);
    memcpy (xor, lanes->xor, sizeof xor);
    for (guint e = 0; e < n; e++)
      {
        U32x4 x = { set[e], set[e], set[e], set[e] };

        for (guint i = 0; i < CS_MINHASH_K / 4; i++)
          {
            U32x4 h = (x ^ xor[i]) * mul[i];
            U32x4 less;

            h ^= h >> 15;
            h *= 0x2c1b3c6du;
            h ^= h >> 12;
            less = (U32x4) (h < v[i]);
            v[i] = (h & less) | (v[i] & ~less);
          }
      }
    memcpy (minhash->v, v, sizeof v);
  }
#else
  for (guint e = 0; e < n; e++)
    for (guint i = 0; i < CS_MINHASH_K; i++)
      {
        guint32 h = (set[e] ^ lanes->xor[i]) * lanes->mul[i];

        h ^= h >> 15;
        h *= 0x2c1b3c6du;
        h ^= h >> 12;
        minhash->v[i] = MIN (minhash->v[i], h);
      }
#endif
}

/* The signature of @text's trigram set (cs_text_char_trigrams()). */
void
cs_minhash_from_text (CsMinHash  *minhash,
                      const char *text)
{
  g_autofree guint32 *trigrams = NULL;
  guint n;

  g_return_if_fail (minhash != NULL);
  g_return_if_fail (text != NULL);

  trigrams = cs_text_char_trigrams (text, &n);
  cs_minhash_init (minhash);
  cs_minhash_add (minhash, trigrams, n);
}

gboolean
cs_minhash_is_empty (const CsMinHash *minhash)
{
  g_return_val_if_fail (minhash != NULL, TRUE);

  for (guint i = 0; i < CS_MINHASH_K; i++)
    if (minhash->v[i] != G_MAXUINT32)
      return FALSE;
  return TRUE;
}

/* The share of lanes whose minima agree: an unbiased estimate of the
 * Jaccard index of the two sets, with standard error sqrt (J (1 - J) / K). */
double
cs_minhash_jaccard (const CsMinHash *a,
                    const CsMinHash *b)
{
  guint same = 0;

  g_return_val_if_fail (a != NULL && b != NULL, 0.0);

  if (cs_minhash_is_empty (a) || cs_minhash_is_empty (b))
    return 0.0;
  for (guint i = 0; i < CS_MINHASH_K; i++)
    same += a->v[i] == b->v[i];
  return (double) same / CS_MINHASH_K;
}

/* The signature of the union: an issue's signature absorbs its reports'. */
void
cs_minhash_merge (CsMinHash       *into,
                  const CsMinHash *other)
{
  g_return_if_fail (into != NULL && other != NULL);

  for (guint i = 0; i < CS_MINHASH_K; i++)
    into->v[i] = MIN (into->v[i], other->v[i]);
}

/* One key per band of CS_MINHASH_K / CS_MINHASH_BANDS lanes. Two texts share
 * at least one key with probability 1 - (1 - J^4)^16: 0.03 at J = 0.2, 0.34
 * at J = 0.4, 0.89 at J = 0.6, 0.998 at J = 0.75. Kept in an integer array
 * column with a GIN index, the keys find candidates without pg_trgm. */
void
cs_minhash_band_keys (const CsMinHash *minhash,
                      guint32          keys[CS_MINHASH_BANDS])
{
  const guint rows = CS_MINHASH_K / CS_MINHASH_BANDS;

  g_return_if_fail (minhash != NULL && keys != NULL);

  for (guint b = 0; b < CS_MINHASH_BANDS; b++)
    {
      guint32 h = cs_text_mix32 (b + 1);

      for (guint r = 0; r < rows; r++)
        h = cs_text_mix32 (h ^ minhash->v[b * rows + r]) + r;
      keys[b] = h;
    }
}

/* "CM", version, K, then K little-endian 32-bit minima: 260 bytes. */
GBytes *
cs_minhash_serialize (const CsMinHash *minhash)
{
  guint8 *data;

  g_return_val_if_fail (minhash != NULL, NULL);

  data = g_malloc (CS_MINHASH_BYTES);
  data[0] = 'C';
  data[1] = 'M';
  data[2] = MINHASH_VERSION;
  data[3] = CS_MINHASH_K;
  for (guint i = 0; i < CS_MINHASH_K; i++)
    cs_text_put_u32 (data + 4 + 4 * i, minhash->v[i]);
  return g_bytes_new_take (data, CS_MINHASH_BYTES);
}

gboolean
cs_minhash_deserialize (CsMinHash     *minhash,
                        const guint8  *data,
                        gsize          length,
                        GError       **error)
{
  g_return_val_if_fail (minhash != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (length < 4 || data[0] != 'C' || data[1] != 'M')
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                   _("MinHash signature: the first bytes are not the signature marker “CM”"));
      return FALSE;
    }
  if (data[2] != MINHASH_VERSION || data[3] != CS_MINHASH_K)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                   _("MinHash signature: version %u with %u values is not supported (expected version %u with %u)"),
                   data[2], data[3], MINHASH_VERSION, CS_MINHASH_K);
      return FALSE;
    }
  if (length != CS_MINHASH_BYTES)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                   _("MinHash signature: %" G_GSIZE_FORMAT " bytes, expected %d"),
                   length, CS_MINHASH_BYTES);
      return FALSE;
    }
  for (guint i = 0; i < CS_MINHASH_K; i++)
    minhash->v[i] = cs_text_get_u32 (data + 4 + 4 * i);
  return TRUE;
}
