/* cs-text-similarity.h: normalised words, character trigrams, MinHash and a
 * similarity for short citizens' reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* ---- Normalisation and sets ------------------------------------------- */

/* Longer texts are compared on their first this many bytes (cut at a
 * character boundary), so any input costs bounded time. */
#define CS_TEXT_SIMILARITY_MAX_BYTES 8192

char      *cs_text_similarity_normalize    (const char     *text);
gboolean   cs_text_similarity_is_stop_word (const char     *word);
GStrv      cs_text_similarity_tokenize     (const char     *text);

guint32   *cs_text_word_shingles      (const char     *text,
                                       guint           n,
                                       guint          *n_shingles);
guint32   *cs_text_char_trigrams      (const char     *text,
                                       guint          *n_trigrams);

/* Sets are sorted arrays of distinct 32-bit hashes, as the functions above
 * return. The Jaccard index of two empty sets is 0 here: nothing to compare
 * is no evidence of sameness. */
guint      cs_hash_set_intersection   (const guint32  *a,
                                       guint           n_a,
                                       const guint32  *b,
                                       guint           n_b);
double     cs_hash_set_jaccard        (const guint32  *a,
                                       guint           n_a,
                                       const guint32  *b,
                                       guint           n_b);
double     cs_hash_set_containment    (const guint32  *a,
                                       guint           n_a,
                                       const guint32  *b,
                                       guint           n_b);

/* ---- MinHash signatures ------------------------------------------------- */

#define CS_MINHASH_K         64     /* 32-bit minima; standard error of J about 0.06 at J = 0.5 */
#define CS_MINHASH_BANDS     16     /* LSH: 16 bands of 4 rows */
#define CS_MINHASH_BYTES     (4 + 4 * CS_MINHASH_K)

typedef struct
{
  guint32 v[CS_MINHASH_K];
} CsMinHash;

void       cs_minhash_init            (CsMinHash      *minhash);
void       cs_minhash_add             (CsMinHash      *minhash,
                                       const guint32  *set,
                                       guint           n);
void       cs_minhash_from_text       (CsMinHash      *minhash,
                                       const char     *text);
gboolean   cs_minhash_is_empty        (const CsMinHash *minhash);
double     cs_minhash_jaccard         (const CsMinHash *a,
                                       const CsMinHash *b);
void       cs_minhash_merge           (CsMinHash      *into,
                                       const CsMinHash *other);
void       cs_minhash_band_keys       (const CsMinHash *minhash,
                                       guint32         keys[CS_MINHASH_BANDS]);
GBytes    *cs_minhash_serialize       (const CsMinHash *minhash);
gboolean   cs_minhash_deserialize     (CsMinHash      *minhash,
                                       const guint8   *data,
                                       gsize           length,
                                       GError        **error);

/* ---- Fingerprints: what deduplication compares and the store keeps ----- */

#define CS_TEXT_WORD_SKETCH      32    /* bottom-k of the content words' hashes */
#define CS_TEXT_TRIGRAM_SKETCH   128   /* bottom-k of the trigrams' hashes */
#define CS_TEXT_NUMBER_SKETCH    8     /* words with a digit: lamp numbers, plates */

typedef struct _CsTextFingerprint CsTextFingerprint;

typedef struct
{
  double   word_jaccard;
  double   trigram_jaccard;
  double   trigram_containment;   /* of the smaller trigram set in the larger */
  gboolean numbers_differ;        /* both name numbers, none in common */
  gboolean exact;                 /* FALSE when a sketch was truncated (long text) */
  double   similarity;            /* the combination, in [0, 1] */
} CsTextSimilarity;

#define CS_TYPE_TEXT_FINGERPRINT (cs_text_fingerprint_get_type ())

GType               cs_text_fingerprint_get_type        (void) G_GNUC_CONST;
CsTextFingerprint  *cs_text_fingerprint_new             (const char              *text);
CsTextFingerprint  *cs_text_fingerprint_ref             (CsTextFingerprint       *fingerprint);
void                cs_text_fingerprint_unref           (CsTextFingerprint       *fingerprint);
CsTextFingerprint  *cs_text_fingerprint_merge           (const CsTextFingerprint *a,
                                                         const CsTextFingerprint *b);
gboolean            cs_text_fingerprint_is_empty        (const CsTextFingerprint *fingerprint);
guint               cs_text_fingerprint_get_n_words     (const CsTextFingerprint *fingerprint);
guint               cs_text_fingerprint_get_n_trigrams  (const CsTextFingerprint *fingerprint);
gboolean            cs_text_fingerprint_is_truncated    (const CsTextFingerprint *fingerprint);
GBytes             *cs_text_fingerprint_serialize       (const CsTextFingerprint *fingerprint);
CsTextFingerprint  *cs_text_fingerprint_deserialize     (const guint8            *data,
                                                         gsize                    length,
                                                         GError                 **error);
double              cs_text_fingerprint_similarity      (const CsTextFingerprint *a,
                                                         const CsTextFingerprint *b,
                                                         CsTextSimilarity        *detail);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsTextFingerprint, cs_text_fingerprint_unref)

G_END_DECLS
