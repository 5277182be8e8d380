/* cs-text-features.h: normalised text and hashed word and character n-gram features
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longer texts are cut (at a character boundary) so that any input costs bounded time. */
#define CS_TEXT_MAX_BYTES 8192

/* Characters of a word that feed its character n-grams; the rest of a longer
 * "word" (a URL, a run of letters) adds nothing but its unigram. */
#define CS_TEXT_MAX_WORD_CHARS 32

typedef enum
{
  CS_FEATURE_WORDS      = 1 << 0,  /* word unigrams, stop words left out */
  CS_FEATURE_BIGRAMS    = 1 << 1,  /* pairs of neighbouring non-stop words */
  CS_FEATURE_CHARS      = 1 << 2,  /* character n-grams inside "<word>" */
  CS_FEATURE_RAW_COUNTS = 1 << 3,  /* plain counts, unsigned, unnormalised (naive Bayes) */
} CsFeatureFlags;

#define CS_FEATURE_ALL_BLOCKS (CS_FEATURE_WORDS | CS_FEATURE_BIGRAMS | CS_FEATURE_CHARS)

typedef struct
{
  guint          hash_bits;      /* 2^hash_bits buckets, 8 to 24 */
  CsFeatureFlags flags;
  guint          char_min;       /* shortest character n-gram, >= 1 */
  guint          char_max;       /* longest, <= 8 */
  float          word_weight;    /* each block is L2-normalised, scaled by its weight, */
  float          bigram_weight;  /* then the whole vector is L2-normalised again */
  float          char_weight;
} CsFeatureOptions;

/* A sparse vector: n (index, value) pairs with distinct indices, in no
 * particular order. `total` is the sum of the raw counts (the number of
 * features the text produced), which naive Bayes needs. */
typedef struct
{
  guint32 *index;
  float   *value;
  guint    n;
  guint    capacity;
  double   total;
} CsFeatureVector;

void              cs_feature_options_init     (CsFeatureOptions       *options);
gboolean          cs_feature_options_validate (const CsFeatureOptions *options,
                                               GError                **error);

CsFeatureVector  *cs_feature_vector_new       (void);
void              cs_feature_vector_free      (CsFeatureVector        *vector);
float             cs_feature_vector_get       (const CsFeatureVector  *vector,
                                               guint32                 index);
double            cs_feature_vector_norm      (const CsFeatureVector  *vector);

char             *cs_text_normalize           (const char             *text,
                                               gssize                  length);
char            **cs_text_tokens              (const char             *text,
                                               gssize                  length);
gboolean          cs_text_is_stop_word        (const char             *word);
guint64           cs_text_hash                (const char             *data,
                                               gsize                   length);
void              cs_text_features            (const char             *text,
                                               gssize                  length,
                                               const CsFeatureOptions *options,
                                               CsFeatureVector        *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsFeatureVector, cs_feature_vector_free)

G_END_DECLS
