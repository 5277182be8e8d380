/* cs-text-features.c: normalised text and hashed word and character n-gram features
 *
 * Citizens write short, misspelt, sometimes accented or mixed-language text.
 * Normalisation makes it valid UTF-8, case-folds it and strips accents; words
 * are runs of letters and digits. Features are hashed straight into a fixed
 * number of buckets (no vocabulary to store or grow): word unigrams, bigrams
 * of neighbouring content words, and character n-grams of "<word>" which
 * carry misspellings, plurals and compounds ("afvalbak", "garbage") across.
 * Each feature's hash also gives it a sign, so that collisions cancel out on
 * average instead of piling up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-text-features.h"

#define FNV_OFFSET G_GUINT64_CONSTANT (0xcbf29ce484222325)
#define FNV_PRIME  G_GUINT64_CONSTANT (0x100000001b3)

/* Distinct seeds keep a word, a bigram and a character n-gram with the same
 * bytes apart. */
#define SEED_WORD   G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)
#define SEED_BIGRAM G_GUINT64_CONSTANT (0xc2b2ae3d27d4eb4f)
#define SEED_CHAR   G_GUINT64_CONSTANT (0x165667b19e3779f9)

/* What every number hashes as: house numbers say nothing about the category. */
#define NUMBER_TOKEN "0"

enum { BLOCK_WORD, BLOCK_BIGRAM, BLOCK_CHAR, N_BLOCKS };

/* Words that carry no category in English or Dutch. Negations and words such
 * as "out", "off", "down", "uit" stay: "the light is out" and "tree down"
 * depend on them. Words both languages use differently ("door", "men") stay. */
static const char * const stop_words[] = {
  /* English */
  "a", "about", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
  "been", "being", "both", "but", "by", "can", "could", "did", "do", "does", "each",
  "for", "from", "had", "has", "have", "he", "her", "here", "him", "his", "how",
  "i", "if", "im", "in", "into", "is", "it", "its", "just", "may", "me", "might",
  "must", "my", "of", "on", "onto", "or", "our", "shall", "she", "should", "so",
  "some", "such", "than", "that", "the", "their", "them", "then", "there", "these",
  "they", "this", "those", "to", "too", "us", "very", "was", "we", "were", "what",
  "when", "where", "which", "who", "whom", "why", "will", "with", "would", "you",
  "your",
  /* Dutch */
  "aan", "al", "als", "ben", "bent", "bij", "daar", "dan", "dat", "de", "deze",
  "die", "dit", "dus", "een", "en", "er", "erg", "even", "graag", "had", "haar",
  "heb", "hebben", "hebt", "heeft", "heel", "het", "hier", "hij", "hoe", "hun",
  "ik", "je", "jij", "jouw", "kan", "kunnen", "maar", "mag", "met", "mijn",
  "moet", "moeten", "naar", "nog", "nu", "of", "om", "omdat", "ons", "onze", "op",
  "te", "tot", "toch", "u", "uw", "van", "voor", "waar", "wanneer", "want",
  "waren", "waarom", "wat", "we", "wel", "werd", "wie", "wij", "wil", "worden",
  "wordt", "ze", "zeer", "zij", "zijn", "zo", "zou", "zouden",
};

static inline guint64
fnv_step (guint64 h,
          guchar  c)
{
  return (h ^ c) * FNV_PRIME;
}

/* A finaliser so that the bucket bits and the sign bit depend on every byte. */
static inline guint64
mix64 (guint64 x)
{
  x ^= x >> 33;
  x *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  x ^= x >> 33;
  x *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  x ^= x >> 33;
  return x;
}

/* 64-bit FNV-1a, so that models hash identically on every platform and release. */
guint64
cs_text_hash (const char *data,
              gsize       length)
{
  guint64 h = FNV_OFFSET;

  g_return_val_if_fail (data != NULL || length == 0, 0);

  for (gsize i = 0; i < length; i++)
    h = fnv_step (h, (guchar) data[i]);
  return h;
}

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

static const guint64 *
stop_word_hashes (void)
{
  static guint64 hashes[G_N_ELEMENTS (stop_words)];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < G_N_ELEMENTS (stop_words); i++)
        hashes[i] = cs_text_hash (stop_words[i], strlen (stop_words[i]));
      qsort (hashes, G_N_ELEMENTS (hashes), sizeof hashes[0], compare_u64);
      g_once_init_leave (&initialized, 1);
    }
  return hashes;
}

static gboolean
is_stop_hash (guint64 h)
{
  const guint64 *hashes = stop_word_hashes ();

  return bsearch (&h, hashes, G_N_ELEMENTS (stop_words), sizeof h, compare_u64) != NULL;
}

gboolean
cs_text_is_stop_word (const char *word)
{
  g_return_val_if_fail (word != NULL, FALSE);

  return is_stop_hash (cs_text_hash (word, strlen (word)));
}

void
cs_feature_options_init (CsFeatureOptions *options)
{
  g_return_if_fail (options != NULL);

  options->hash_bits = 18;
  options->flags = CS_FEATURE_ALL_BLOCKS;
  options->char_min = 3;
  options->char_max = 5;
  options->word_weight = 1.0f;
  options->bigram_weight = 0.5f;
  options->char_weight = 1.0f;
}

gboolean
cs_feature_options_validate (const CsFeatureOptions *options,
                             GError                **error)
{
  g_return_val_if_fail (options != NULL, FALSE);

  if (options->hash_bits < 8 || options->hash_bits > 24)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Feature hashing needs between 8 and 24 bits, not %u"), options->hash_bits);
      return FALSE;
    }
  if ((options->flags & CS_FEATURE_ALL_BLOCKS) == 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Features need at least one of words, bigrams and character n-grams"));
      return FALSE;
    }
  if ((options->flags & CS_FEATURE_CHARS) &&
      (options->char_min < 1 || options->char_max > 8 || options->char_min > options->char_max))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Character n-grams need 1 ≤ shortest ≤ longest ≤ 8, not %u to %u"),
                   options->char_min, options->char_max);
      return FALSE;
    }
  if (!(options->word_weight >= 0 && options->bigram_weight >= 0 && options->char_weight >= 0))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Feature block weights must not be negative"));
      return FALSE;
    }
  return TRUE;
}

CsFeatureVector *
cs_feature_vector_new (void)
{
  return g_new0 (CsFeatureVector, 1);
}

void
cs_feature_vector_free (CsFeatureVector *vector)
{
  if (vector == NULL)
    return;
  g_free (vector->index);
  g_free (vector->value);
  g_free (vector);
}

float
cs_feature_vector_get (const CsFeatureVector *vector,
                       guint32                index)
{
  g_return_val_if_fail (vector != NULL, 0);

  for (guint i = 0; i < vector->n; i++)
    if (vector->index[i] == index)
      return vector->value[i];
  return 0;
}

double
cs_feature_vector_norm (const CsFeatureVector *vector)
{
  double sum = 0;

  g_return_val_if_fail (vector != NULL, 0);

  for (guint i = 0; i < vector->n; i++)
    sum += (double) vector->value[i] * vector->value[i];
  return sqrt (sum);
}

/* The length to read: up to the first NUL, at most CS_TEXT_MAX_BYTES, cut
 * back to the start of a character rather than through one. */
static gsize
capped_length (const char *text,
               gssize      length,
               gsize       cap)
{
  gsize limit = length < 0 ? cap + 1 : MIN ((gsize) length, cap + 1);
  gsize n = strnlen (text, limit);

  if (n > cap)
    {
      n = cap;
      while (n > 0 && ((guchar) text[n] & 0xC0) == 0x80)
        n--;
    }
  return n;
}

char *
cs_text_normalize (const char *text,
                   gssize      length)
{
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;
  gsize n;
  gsize i;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (text == NULL)
    return g_strdup ("");

  n = capped_length (text, length, CS_TEXT_MAX_BYTES);
  for (i = 0; i < n && (guchar) text[i] < 0x80; i++)
    ;
  if (i == n)
    {
      /* Most reports are plain ASCII: fold them without the Unicode tables. */
      char *ascii = g_malloc (n + 1);

      for (i = 0; i < n; i++)
        ascii[i] = g_ascii_tolower (text[i]);
      ascii[n] = '\0';
      return ascii;
    }

  valid = g_utf8_make_valid (text, n);
  folded = g_utf8_casefold (valid, -1);
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch ((int) g_unichar_type (c))
        {
        case G_UNICODE_NON_SPACING_MARK:
        case G_UNICODE_SPACING_MARK:
        case G_UNICODE_ENCLOSING_MARK:
          continue;   /* the accents NFKD split off */
        default:
          break;
        }
      if (c == 0x2018 || c == 0x2019 || c == 0x02BC)
        c = '\'';
      g_string_append_unichar (out, c);
      /* Compatibility decomposition can multiply the length; keep it bounded. */
      if (out->len > 2 * CS_TEXT_MAX_BYTES)
        break;
    }
  return g_string_free (out, FALSE);
}

static inline gboolean
is_word_char (const char *p)
{
  if ((guchar) *p < 0x80)
    return g_ascii_isalnum (*p);
  return g_unichar_isalnum (g_utf8_get_char (p));
}

/* Copies the next word of normalised text into buf (apostrophes inside a word
 * left out: "don't" is "dont") and returns its length in bytes, 0 at the end. */
static gsize
next_token (const char **pos,
            char        *buf,
            guint       *n_chars,
            gboolean    *digits_only)
{
  const char *p = *pos;
  gsize len = 0;

  while (*p != '\0' && !is_word_char (p))
    p = g_utf8_next_char (p);

  *n_chars = 0;
  *digits_only = TRUE;
  while (*p != '\0')
    {
      if (*p == '\'' && len > 0 && p[1] != '\0' && is_word_char (p + 1))
        {
          p++;
          continue;
        }
      if (!is_word_char (p))
        break;
      {
        const char *next = g_utf8_next_char (p);

        if (!g_ascii_isdigit (*p))
          *digits_only = FALSE;
        memcpy (buf + len, p, next - p);
        len += next - p;
        (*n_chars)++;
        p = next;
      }
    }
  buf[len] = '\0';
  *pos = p;
  return len;
}

char **
cs_text_tokens (const char *text,
                gssize      length)
{
  g_autofree char *norm = NULL;
  g_autofree char *buf = NULL;
  GPtrArray *tokens;
  const char *pos;
  guint n_chars;
  gboolean digits;
  gsize len;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  norm = cs_text_normalize (text, length);
  buf = g_malloc (strlen (norm) + 1);
  tokens = g_ptr_array_new ();
  pos = norm;
  while ((len = next_token (&pos, buf, &n_chars, &digits)) > 0)
    g_ptr_array_add (tokens, g_strndup (buf, len));
  g_ptr_array_add (tokens, NULL);
  return (char **) g_ptr_array_free (tokens, FALSE);
}

/* Counts per feature hash, open addressing; key 0 marks a free slot. */
typedef struct
{
  guint64 key;
  guint32 count;
  guint32 block;
} Slot;

typedef struct
{
  Slot  *slots;
  guint *used;    /* the occupied slots, in order of arrival */
  guint  mask;
  guint  n;
} FeatureTable;

static inline void
table_add (FeatureTable *t,
           guint64       key,
           guint         block)
{
  guint i;

  if (G_UNLIKELY (key == 0))
    key = 1;
  i = (guint) key & t->mask;
  while (t->slots[i].key != 0 && t->slots[i].key != key)
    i = (i + 1) & t->mask;
  if (t->slots[i].key == 0)
    {
      t->slots[i].key = key;
      t->slots[i].block = block;
      t->used[t->n++] = i;
    }
  t->slots[i].count++;
}

/* 1 + ln (count), sublinear term frequency; most features occur once. */
static inline double
sublinear (guint32 count)
{
  return count == 1 ? 1.0 : 1.0 + log (count);
}

static void
emit_char_ngrams (FeatureTable           *t,
                  const char             *word,
                  guint                   n_chars,
                  const CsFeatureOptions *options)
{
  /* Byte offsets of the characters of "<word>", at most MAX_WORD_CHARS + 2. */
  guint offsets[CS_TEXT_MAX_WORD_CHARS + 3];
  char padded[CS_TEXT_MAX_WORD_CHARS * 6 + 3];
  guint n = 0;
  gsize plen = 0;
  const char *p = word;

  padded[plen] = '<';
  offsets[n++] = plen++;
  for (guint c = 0; c < n_chars && c < CS_TEXT_MAX_WORD_CHARS; c++)
    {
      const char *next = g_utf8_next_char (p);

      offsets[n++] = plen;
      memcpy (padded + plen, p, next - p);
      plen += next - p;
      p = next;
    }
  if (n_chars <= CS_TEXT_MAX_WORD_CHARS)
    {
      offsets[n++] = plen;
      padded[plen++] = '>';
    }
  offsets[n] = plen;

  for (guint i = 0; i < n; i++)
    {
      guint64 h = FNV_OFFSET ^ SEED_CHAR;

      for (guint k = 1; k <= options->char_max && i + k <= n; k++)
        {
          for (guint b = offsets[i + k - 1]; b < offsets[i + k]; b++)
            h = fnv_step (h, (guchar) padded[b]);
          if (k >= options->char_min)
            table_add (t, mix64 (h), BLOCK_CHAR);
        }
    }
}

static void
vector_reserve (CsFeatureVector *out,
                guint            n)
{
  if (out->capacity >= n)
    return;
  out->capacity = MAX (n, 2 * out->capacity);
  out->index = g_renew (guint32, out->index, out->capacity);
  out->value = g_renew (float, out->value, out->capacity);
}

void
cs_text_features (const char             *text,
                  gssize                  length,
                  const CsFeatureOptions *options,
                  CsFeatureVector        *out)
{
  g_autofree char *norm = NULL;
  g_autofree char *buf = NULL;
  g_autofree Slot *slots = NULL;
  g_autofree guint *used = NULL;
  g_autofree guint32 *slot_of = NULL;
  FeatureTable t = { 0 };
  const char *pos;
  gsize norm_len;
  gsize len;
  guint n_chars;
  gboolean digits;
  guint64 prev = 0;
  gboolean have_prev = FALSE;
  gsize bound;
  guint cap = 16;
  guint32 mask;
  double block_norm[N_BLOCKS] = { 0 };
  float block_weight[N_BLOCKS];
  double norm2 = 0;
  gboolean raw;

  g_return_if_fail (options != NULL);
  g_return_if_fail (out != NULL);
  g_return_if_fail (options->hash_bits >= 8 && options->hash_bits <= 24);

  out->n = 0;
  out->total = 0;
  if (text == NULL)
    return;

  raw = (options->flags & CS_FEATURE_RAW_COUNTS) != 0;
  norm = cs_text_normalize (text, length);
  norm_len = strlen (norm);
  buf = g_malloc (norm_len + 1);

  /* Words of two or more characters: at most one word and one bigram per byte,
   * and per n-gram length at most one n-gram per byte plus two per word for its
   * "<" and ">". */
  bound = 2 * norm_len + 2;
  if (options->flags & CS_FEATURE_CHARS)
    bound += (options->char_max - options->char_min + 1) * (2 * norm_len + 2);
  while (cap < bound + bound / 2)
    cap *= 2;
  slots = g_new0 (Slot, cap);
  used = g_new (guint, cap);
  t.slots = slots;
  t.used = used;
  t.mask = cap - 1;

  pos = norm;
  while ((len = next_token (&pos, buf, &n_chars, &digits)) > 0)
    {
      guint64 h;

      if (digits)
        h = cs_text_hash (NUMBER_TOKEN, 1);
      else if (n_chars < 2)
        continue;
      else
        {
          h = cs_text_hash (buf, len);
          if (is_stop_hash (h))
            continue;
        }

      if (options->flags & CS_FEATURE_WORDS)
        table_add (&t, mix64 (h ^ SEED_WORD), BLOCK_WORD);
      if ((options->flags & CS_FEATURE_BIGRAMS) && have_prev)
        table_add (&t, mix64 ((prev * FNV_PRIME + h) ^ SEED_BIGRAM), BLOCK_BIGRAM);
      if ((options->flags & CS_FEATURE_CHARS) && !digits)
        emit_char_ngrams (&t, buf, n_chars, options);
      prev = h;
      have_prev = TRUE;
    }

  /* Sublinear term frequency, signed by the hash; each block normalised on its own
   * so that the many character n-grams do not drown the few words. */
  for (guint u = 0; u < t.n; u++)
    {
      const Slot *slot = &slots[used[u]];
      double v = sublinear (slot->count);

      out->total += slot->count;
      block_norm[slot->block] += v * v;
    }
  block_weight[BLOCK_WORD] = options->word_weight;
  block_weight[BLOCK_BIGRAM] = options->bigram_weight;
  block_weight[BLOCK_CHAR] = options->char_weight;
  for (guint b = 0; b < N_BLOCKS; b++)
    block_norm[b] = block_norm[b] > 0 ? block_weight[b] / sqrt (block_norm[b]) : 0;

  /* Merge into buckets: slot_of maps a bucket to its place in out (plus one),
   * through a second small open-addressing table. */
  mask = (1u << options->hash_bits) - 1;
  slot_of = g_new0 (guint32, cap);
  vector_reserve (out, t.n);
  for (guint u = 0; u < t.n; u++)
    {
      const Slot *slot = &slots[used[u]];
      guint64 key = slot->key;
      guint32 bucket = (guint32) key & mask;
      float v;
      guint h;

      if (raw)
        v = slot->count;
      else
        {
          v = (float) (sublinear (slot->count) * block_norm[slot->block]);
          if (key >> 63)
            v = -v;
        }
      h = (bucket * 2654435761u) & t.mask;
      while (slot_of[h] != 0 && out->index[slot_of[h] - 1] != bucket)
        h = (h + 1) & t.mask;
      if (slot_of[h] == 0)
        {
          out->index[out->n] = bucket;
          out->value[out->n] = v;
          slot_of[h] = ++out->n;
        }
      else
        out->value[slot_of[h] - 1] += v;
    }

  if (raw)
    return;
  for (guint i = 0; i < out->n; i++)
    norm2 += (double) out->value[i] * out->value[i];
  if (norm2 > 0)
    {
      float scale = (float) (1.0 / sqrt (norm2));

      for (guint i = 0; i < out->n; i++)
        out->value[i] *= scale;
    }
}
