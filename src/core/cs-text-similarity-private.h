/* cs-text-similarity-private.h: what the text similarity sources share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-text-similarity.h"

G_BEGIN_DECLS

/* Seeds of the stored hashes: changing one invalidates every stored
 * fingerprint and signature. */
#define CS_TEXT_WORD_SEED     0x57u
#define CS_TEXT_TRIGRAM_SEED  0x3c6ef372u
#define CS_TEXT_MINHASH_SEED  0x9e3779b9u

/* MurmurHash3's finaliser: every input bit reaches every output bit. */
static inline guint32
cs_text_mix32 (guint32 h)
{
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

static inline void
cs_text_put_u32 (guint8  *p,
                 guint32  v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = (v >> 24) & 0xff;
}

static inline guint32
cs_text_get_u32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

/* The sets of one text, each sorted and without repeats; whole, not sketched.
 * A title's sets live in the inline arrays, a longer text's on the heap. */
typedef struct
{
  guint32 *words;
  guint    n_words;
  guint32 *numbers;      /* the words that contain a digit */
  guint    n_numbers;
  guint32 *trigrams;
  guint    n_trigrams;
  guint32  small_words[64];
  guint32  small_numbers[64];
  guint32  small_trigrams[128];
} CsTextSets;

void cs_text_similarity_collect    (const char *text,
                                    CsTextSets *sets);
void cs_text_similarity_sets_clear (CsTextSets *sets);

G_END_DECLS
