/* cs-text-similarity.c: folding, stop words and the word and trigram sets of a text
 *
 * Citizens title their reports in a handful of words ("Pothole", "Large
 * pothole near bus stop", "Grafitti on bridge"). Before comparing, text is
 * folded (case, accents, punctuation; apostrophes join), stop words are
 * dropped, and plurals lose their "s"; what remains are the content words,
 * each hashed to 32 bits, and the character trigrams of those words (padded
 * at both ends, so a one-letter word has one and word boundaries count),
 * which survive typos and inflections the words do not. The comparison itself
 * is in cs-text-fingerprint.c, MinHash in cs-text-minhash.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cs-text-similarity-private.h"

/* Trigram padding bytes: a word's start and end, never a folded character. */
#define PAD_START '\x01'
#define PAD_END   '\x02'

/* FNV-1a, finalised: stable across platforms and releases, as stored
 * fingerprints require. */
static guint32
hash_bytes (const char *s,
            gsize       n,
            guint32     seed)
{
  guint32 h = 2166136261u ^ seed;

  for (gsize i = 0; i < n; i++)
    {
      h ^= (guchar) s[i];
      h *= 16777619u;
    }
  return cs_text_mix32 (h ^ (guint32) n);
}

/* ---- Normalisation ------------------------------------------------------ */

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == '`' || c == 0x2018 || c == 0x2019 || c == 0x02BC;
}

/* Letters that NFKD leaves whole but readers consider plain letters. */
static const char *
fold_special (gunichar c)
{
  switch (c)
    {
    case 0x00DF: return "ss";   /* ß */
    case 0x00E6: case 0x00C6: return "ae";
    case 0x0153: case 0x0152: return "oe";
    case 0x00F8: case 0x00D8: return "o";
    case 0x0142: case 0x0141: return "l";
    case 0x0111: case 0x0110: case 0x00F0: case 0x00D0: return "d";
    case 0x00FE: case 0x00DE: return "th";
    case 0x0131: return "i";
    default: return NULL;
    }
}

/* Appends the folded form of @text to @out: lower-case letters and digits,
 * words separated by one space, apostrophes dropped inside words ("it's"
 * becomes "its"), everything else a separator. */
static void
normalize_into (const char *text,
                GString    *out)
{
  gboolean space = TRUE;   /* suppresses leading and repeated spaces */
  gboolean ascii = TRUE;
  gsize length = strnlen (text, CS_TEXT_SIMILARITY_MAX_BYTES + 1);

  if (length > CS_TEXT_SIMILARITY_MAX_BYTES)
    {
      length = CS_TEXT_SIMILARITY_MAX_BYTES;
      while (length > 0 && ((guchar) text[length] & 0xc0) == 0x80)
        length--;
    }

  for (gsize i = 0; i < length; i++)
    if ((guchar) text[i] >= 0x80)
      {
        ascii = FALSE;
        break;
      }

  if (ascii)
    {
      for (gsize i = 0; i < length; i++)
        {
          char c = text[i];

          if (g_ascii_isalnum (c))
            {
              g_string_append_c (out, g_ascii_tolower (c));
              space = FALSE;
            }
          else if (c == '\'' || c == '`')
            continue;
          else if (!space)
            {
              g_string_append_c (out, ' ');
              space = TRUE;
            }
        }
    }
  else
    {
      g_autofree char *valid = g_utf8_make_valid (text, length);
      g_autofree char *nfkd = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKD);

      for (const char *p = nfkd; p && *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          GUnicodeType type = g_unichar_type (c);
          const char *special;

          if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK
              || type == G_UNICODE_ENCLOSING_MARK || is_apostrophe (c))
            continue;
          if ((special = fold_special (c)) != NULL)
            {
              g_string_append (out, special);
              space = FALSE;
            }
          else if (g_unichar_isalnum (c))
            {
              g_string_append_unichar (out, g_unichar_tolower (c));
              space = FALSE;
            }
          else if (!space)
            {
              g_string_append_c (out, ' ');
              space = TRUE;
            }
        }
    }

  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
}

char *
cs_text_similarity_normalize (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 1);
  normalize_into (text, out);
  return g_string_free (out, FALSE);
}

/* Our own short list of English and Dutch function words, in their folded
 * form, alphabetical for the reader. Words that carry the problem ("out", "off",
 * "broken", "missing") are not in it. */
static const char * const stop_words[] = {
  "a", "aan", "about", "across", "al", "all", "als", "also", "am", "an", "and",
  "another", "any", "are", "around", "as", "at", "be", "been", "behind", "being",
  "between", "bij", "but", "by", "can", "could", "dan", "dat", "de", "deze", "did",
  "die", "dit", "do", "does", "door", "een", "en", "er", "for", "from", "had",
  "has", "have", "he", "heb", "hebben", "her", "here", "het", "hier", "his", "hun",
  "i", "ik", "in", "into", "is", "it", "its", "je", "just", "lot", "lots", "maar",
  "may", "me", "met", "might", "more", "most", "much", "must", "my", "naar", "near",
  "niet", "no", "nog", "not", "nu", "of", "om", "on", "onto", "ook", "op", "or",
  "our", "over", "please", "she", "should", "so", "some", "still", "te", "than",
  "that", "the", "their", "them", "then", "there", "these", "they", "this",
  "those", "to", "too", "tot", "uit", "us", "van", "veel", "very", "voor", "was",
  "we", "weer", "wel", "were", "which", "will", "with", "would", "you", "your",
  "ze", "zijn", "zo",
};

typedef struct
{
  guint32     hash;
  const char *word;
} StopWord;

static int
compare_stop_hash (const void *a,
                   const void *b)
{
  guint32 x = ((const StopWord *) a)->hash;
  guint32 y = ((const StopWord *) b)->hash;

  return x < y ? -1 : x > y;
}

/* The stop words by their hash (the one content words get anyway), so that
 * checking a word costs a binary search on integers and, on a match, one
 * comparison of the text. */
static const StopWord *
stop_word_table (void)
{
  static StopWord table[G_N_ELEMENTS (stop_words)];
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      for (guint i = 0; i < G_N_ELEMENTS (stop_words); i++)
        {
          table[i].word = stop_words[i];
          table[i].hash = hash_bytes (stop_words[i], strlen (stop_words[i]), CS_TEXT_WORD_SEED);
        }
      qsort (table, G_N_ELEMENTS (table), sizeof table[0], compare_stop_hash);
      g_once_init_leave (&initialised, 1);
    }
  return table;
}

/* Whether @word (@len bytes, hashed to @hash) is a stop word. */
static gboolean
stop_word_hashed (const char *word,
                  gsize       len,
                  guint32     hash)
{
  const StopWord *table = stop_word_table ();
  guint lo = 0, hi = G_N_ELEMENTS (stop_words);

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (table[mid].hash < hash)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (; lo < G_N_ELEMENTS (stop_words) && table[lo].hash == hash; lo++)
    if (strncmp (table[lo].word, word, len) == 0 && table[lo].word[len] == '\0')
      return TRUE;
  return FALSE;
}

static gboolean
stop_word_n (const char *word,
             gsize       len)
{
  return stop_word_hashed (word, len, hash_bytes (word, len, CS_TEXT_WORD_SEED));
}

gboolean
cs_text_similarity_is_stop_word (const char *word)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (word != NULL, FALSE);

  folded = cs_text_similarity_normalize (word);
  return stop_word_n (folded, strlen (folded));
}

static gboolean
has_digit (const char *word,
           gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (g_ascii_isdigit (word[i]))
      return TRUE;
  return FALSE;
}

static gboolean
ends_with (const char *word,
           gsize       len,
           const char *suffix)
{
  gsize n = strlen (suffix);

  return len >= n && memcmp (word + len - n, suffix, n) == 0;
}

/* English plurals only, enough for "potholes"/"pothole", "lights"/"light",
 * "benches"/"bench", "bodies"/"body"; words with digits are identifiers and
 * stay as they are. Writes into @buf (at least len + 1 bytes) and returns the
 * stem's length. */
static gsize
stem (const char *word,
      gsize       len,
      char       *buf)
{
  memcpy (buf, word, len);
  buf[len] = '\0';
  if (len < 4 || has_digit (word, len))
    return len;
  if (ends_with (buf, len, "ies") && len > 4)
    {
      buf[len - 3] = 'y';
      return len - 2;
    }
  if (ends_with (buf, len, "sses") || ends_with (buf, len, "ches")
      || ends_with (buf, len, "shes") || ends_with (buf, len, "xes"))
    return len - 2;
  if (ends_with (buf, len, "ss") || ends_with (buf, len, "us") || ends_with (buf, len, "is"))
    return len;
  if (buf[len - 1] == 's')
    return len - 1;
  return len;
}

/* Calls @func for each content word of the folded @norm, with its hash:
 * stop words dropped, plurals stemmed. */
typedef void (*WordFunc) (const char *word,
                          gsize       len,
                          guint32     hash,
                          gpointer    user_data);

static void
foreach_content_word (const char *norm,
                      char       *scratch,
                      WordFunc    func,
                      gpointer    user_data)
{
  const char *p = norm;

  while (*p)
    {
      const char *end = strchr (p, ' ');
      gsize len = end ? (gsize) (end - p) : strlen (p);
      gsize slen;

      guint32 hash = hash_bytes (p, len, CS_TEXT_WORD_SEED);

      if (!stop_word_hashed (p, len, hash))
        {
          slen = stem (p, len, scratch);
          if (slen != len)
            hash = hash_bytes (scratch, slen, CS_TEXT_WORD_SEED);
          if (slen == len || !stop_word_hashed (scratch, slen, hash))
            func (scratch, slen, hash, user_data);
        }
      p += len;
      if (*p == ' ')
        p++;
    }
}

static void
collect_token (const char *word,
               gsize       len,
               guint32     hash,
               gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strndup (word, len));
}

/* The content words of @text, folded and stemmed, in order (repeats kept). */
GStrv
cs_text_similarity_tokenize (const char *text)
{
  g_autofree char *norm = NULL;
  g_autofree char *scratch = NULL;
  GPtrArray *tokens;

  g_return_val_if_fail (text != NULL, NULL);

  norm = cs_text_similarity_normalize (text);
  scratch = g_malloc (strlen (norm) + 1);
  tokens = g_ptr_array_new ();
  foreach_content_word (norm, scratch, collect_token, tokens);
  g_ptr_array_add (tokens, NULL);
  return (GStrv) g_ptr_array_free (tokens, FALSE);
}

/* ---- Hash sets ---------------------------------------------------------- */

static int
compare_u32 (const void *a,
             const void *b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

/* Sorts @a and drops repeats; returns the new length. Titles give a few dozen
 * hashes, for which insertion sort beats qsort's call overhead. */
static guint
sort_unique (guint32 *a,
             guint    n)
{
  guint out;

  if (n < 2)
    return n;
  if (n <= 48)
    {
      for (guint i = 1; i < n; i++)
        {
          guint32 v = a[i];
          guint j = i;

          while (j > 0 && a[j - 1] > v)
            {
              a[j] = a[j - 1];
              j--;
            }
          a[j] = v;
        }
    }
  else
    qsort (a, n, sizeof *a, compare_u32);

  out = 1;
  for (guint i = 1; i < n; i++)
    if (a[i] != a[out - 1])
      a[out++] = a[i];
  return out;
}

guint
cs_hash_set_intersection (const guint32 *a,
                          guint          n_a,
                          const guint32 *b,
                          guint          n_b)
{
  guint i = 0, j = 0, common = 0;

  g_return_val_if_fail (a != NULL || n_a == 0, 0);
  g_return_val_if_fail (b != NULL || n_b == 0, 0);

  while (i < n_a && j < n_b)
    {
      if (a[i] < b[j])
        i++;
      else if (a[i] > b[j])
        j++;
      else
        common++, i++, j++;
    }
  return common;
}

double
cs_hash_set_jaccard (const guint32 *a,
                     guint          n_a,
                     const guint32 *b,
                     guint          n_b)
{
  guint common = cs_hash_set_intersection (a, n_a, b, n_b);
  guint united = n_a + n_b - common;

  return united == 0 ? 0.0 : (double) common / united;
}

/* The share of @a found in @b: |A ∩ B| / |A|. */
double
cs_hash_set_containment (const guint32 *a,
                         guint          n_a,
                         const guint32 *b,
                         guint          n_b)
{
  if (n_a == 0)
    return 0.0;
  return (double) cs_hash_set_intersection (a, n_a, b, n_b) / n_a;
}

typedef struct
{
  guint32 *hashes;
  guint    n;
  guint    n_shingle;
  GPtrArray *window;    /* the last n_shingle words, for n > 1 */
} ShingleCollector;

static void
collect_shingle (const char *word,
                 gsize       len,
                 guint32     hash,
                 gpointer    user_data)
{
  ShingleCollector *c = user_data;

  if (c->n_shingle == 1)
    {
      c->hashes[c->n++] = hash;
      return;
    }

  g_ptr_array_add (c->window, g_strndup (word, len));
  if (c->window->len > c->n_shingle)
    g_ptr_array_remove_index (c->window, 0);
  if (c->window->len == c->n_shingle)
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (c->window, NULL);
      joined = g_strjoinv (" ", (char **) c->window->pdata);
      g_ptr_array_remove_index (c->window, c->window->len - 1);
      c->hashes[c->n++] = hash_bytes (joined, strlen (joined), CS_TEXT_WORD_SEED + c->n_shingle - 1);
    }
}

/* The distinct hashes of the @n-word shingles of @text's content words, sorted
 * (n = 1: the words themselves, as fingerprints hash them). A text shorter
 * than @n words has no shingle. */
guint32 *
cs_text_word_shingles (const char *text,
                       guint       n,
                       guint      *n_shingles)
{
  g_autofree char *norm = NULL;
  g_autofree char *scratch = NULL;
  g_autoptr(GPtrArray) window = NULL;
  ShingleCollector c = { 0 };

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (n >= 1, NULL);
  g_return_val_if_fail (n_shingles != NULL, NULL);

  norm = cs_text_similarity_normalize (text);
  scratch = g_malloc (strlen (norm) + 1);
  window = g_ptr_array_new_with_free_func (g_free);
  c.hashes = g_new (guint32, strlen (norm) / 2 + 1);
  c.n_shingle = n;
  c.window = window;
  foreach_content_word (norm, scratch, collect_shingle, &c);
  *n_shingles = sort_unique (c.hashes, c.n);
  return c.hashes;
}

/* Hashes of the trigrams of one word padded with start and end marks, so a
 * one-letter word still has one trigram and word boundaries count. */
static guint
word_trigrams (const char *word,
               gsize       len,
               guint32    *out)
{
  char buf[3];
  guint n = 0;

  if (len == 1)
    {
      buf[0] = PAD_START, buf[1] = word[0], buf[2] = PAD_END;
      out[n++] = hash_bytes (buf, 3, CS_TEXT_TRIGRAM_SEED);
      return n;
    }
  buf[0] = PAD_START, buf[1] = word[0], buf[2] = word[1];
  out[n++] = hash_bytes (buf, 3, CS_TEXT_TRIGRAM_SEED);
  for (gsize i = 0; i + 2 < len; i++)
    out[n++] = hash_bytes (word + i, 3, CS_TEXT_TRIGRAM_SEED);
  buf[0] = word[len - 2], buf[1] = word[len - 1], buf[2] = PAD_END;
  out[n++] = hash_bytes (buf, 3, CS_TEXT_TRIGRAM_SEED);
  return n;
}

static void
collect_all (const char *word,
             gsize       len,
             guint32     h,
             gpointer    user_data)
{
  CsTextSets *c = user_data;

  c->words[c->n_words++] = h;
  if (has_digit (word, len))
    c->numbers[c->n_numbers++] = h;
  c->n_trigrams += word_trigrams (word, len, c->trigrams + c->n_trigrams);
}

/* Fills @c with the sets of @text; cs_text_similarity_sets_clear() frees them. A folded
 * text of L bytes has at most L/2 + 1 words and at most L padded trigrams
 * (a word of w letters gives w of them, one at least). */
void
cs_text_similarity_collect (const char *text,
                            CsTextSets *c)
{
  g_autoptr(GString) norm = g_string_sized_new (128);
  char small_scratch[128];
  g_autofree char *scratch = NULL;
  char *buffer = small_scratch;
  gsize len;

  normalize_into (text, norm);
  len = norm->len;
  /* Titles fit the inline buffers: no allocation for them. */
  if (len < sizeof small_scratch && len / 2 + 1 <= G_N_ELEMENTS (c->small_words)
      && len + 2 <= G_N_ELEMENTS (c->small_trigrams))
    {
      c->words = c->small_words;
      c->numbers = c->small_numbers;
      c->trigrams = c->small_trigrams;
    }
  else
    {
      c->words = g_new (guint32, len / 2 + 1);
      c->numbers = g_new (guint32, len / 2 + 1);
      c->trigrams = g_new (guint32, len + 2);
    }
  if (len >= sizeof small_scratch)
    buffer = scratch = g_malloc (len + 1);
  c->n_words = c->n_numbers = c->n_trigrams = 0;
  foreach_content_word (norm->str, buffer, collect_all, c);
  c->n_words = sort_unique (c->words, c->n_words);
  c->n_numbers = sort_unique (c->numbers, c->n_numbers);
  c->n_trigrams = sort_unique (c->trigrams, c->n_trigrams);
}

void
cs_text_similarity_sets_clear (CsTextSets *sets)
{
  if (sets->words != sets->small_words)
    {
      g_free (sets->words);
      g_free (sets->numbers);
      g_free (sets->trigrams);
    }
  sets->words = sets->numbers = sets->trigrams = NULL;
  sets->n_words = sets->n_numbers = sets->n_trigrams = 0;
}

/* The distinct trigram hashes of @text's content words, sorted. */
guint32 *
cs_text_char_trigrams (const char *text,
                       guint      *n_trigrams)
{
  CsTextSets c;
  guint32 *trigrams;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (n_trigrams != NULL, NULL);

  cs_text_similarity_collect (text, &c);
  trigrams = g_memdup2 (c.trigrams, MAX (c.n_trigrams, 1) * sizeof (guint32));
  *n_trigrams = c.n_trigrams;
  cs_text_similarity_sets_clear (&c);
  return trigrams;
}
