/* cs-classifier-blob.c: the classifier as a compact, versioned, checksummed blob
 *
 * The store keeps one blob per tenant and model version. Only buckets with
 * weights are written, little-endian whatever the machine:
 *
 *   "CSCLASSF"  magic                     u32 format version   u64 total length
 *   u32 kind, n_classes, hash_bits, feature flags, char_min, char_max
 *   f32 word, bigram and char block weights, temperature
 *   u32 model version, n_examples, epochs   i64 created_at
 *   n_classes × (u32 length, code bytes, u32 length, name bytes)
 *   f32 bias[n_classes], length_coef[n_classes]
 *   u32 n_rows, n_rows × (u32 bucket, f32 weights[n_classes]), buckets ascending
 *   u32 CRC-32 (IEEE) of everything before it
 *
 * A blob cut short, padded, corrupted or of a newer format fails to load with
 * an error that says which.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-classifier-private.h"
#include "cs-error.h"

#define MAGIC "CSCLASSF"
#define MAGIC_LEN 8
#define PREFIX_LEN (MAGIC_LEN + 4 + 8)

static guint32 crc_table[256];

static void
crc_init (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (guint k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
          crc_table[n] = c;
        }
      g_once_init_leave (&initialized, 1);
    }
}

/* CRC-32 as zlib and PNG compute it. */
guint32
cs_classifier_crc32 (const guint8 *data,
                     gsize         length)
{
  guint32 c = 0xFFFFFFFFu;

  crc_init ();
  for (gsize i = 0; i < length; i++)
    c = crc_table[(c ^ data[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  guint32 le = GUINT32_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 4);
}

static void
put_u64 (GByteArray *out,
         guint64     v)
{
  guint64 le = GUINT64_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 8);
}

static void
put_f32 (GByteArray *out,
         float       f)
{
  guint32 bits;

  memcpy (&bits, &f, 4);
  put_u32 (out, bits);
}

static void
put_string (GByteArray *out,
            const char *s)
{
  gsize len = strlen (s);

  put_u32 (out, (guint32) len);
  g_byte_array_append (out, (const guint8 *) s, len);
}

GBytes *
cs_classifier_serialize (CsClassifier *self)
{
  g_autoptr(GByteArray) out = NULL;
  gsize n_buckets;
  guint k;
  guint64 total;

  g_return_val_if_fail (CS_IS_CLASSIFIER (self), NULL);

  k = self->n_classes;
  n_buckets = (gsize) 1 << self->features.hash_bits;
  out = g_byte_array_sized_new (256 + (self->n_rows * (k + 1)) * 4);

  g_byte_array_append (out, (const guint8 *) MAGIC, MAGIC_LEN);
  put_u32 (out, CS_CLASSIFIER_FORMAT_VERSION);
  put_u64 (out, 0);   /* total length, filled in below */
  put_u32 (out, self->kind);
  put_u32 (out, k);
  put_u32 (out, self->features.hash_bits);
  put_u32 (out, self->features.flags);
  put_u32 (out, self->features.char_min);
  put_u32 (out, self->features.char_max);
  put_f32 (out, self->features.word_weight);
  put_f32 (out, self->features.bigram_weight);
  put_f32 (out, self->features.char_weight);
  put_f32 (out, self->temperature);
  put_u32 (out, self->version);
  put_u32 (out, self->n_examples);
  put_u32 (out, self->epochs);
  put_u64 (out, (guint64) self->created_at);
  for (guint c = 0; c < k; c++)
    {
      put_string (out, self->codes[c]);
      put_string (out, self->names[c]);
    }
  for (guint c = 0; c < k; c++)
    put_f32 (out, self->bias[c]);
  for (guint c = 0; c < k; c++)
    put_f32 (out, self->length_coef[c]);
  put_u32 (out, self->n_rows);
  for (gsize b = 0; b < n_buckets; b++)
    if (self->row_of[b] != 0)
      {
        const float *row = self->rows + (gsize) self->row_of[b] * k;

        put_u32 (out, (guint32) b);
        for (guint c = 0; c < k; c++)
          put_f32 (out, row[c]);
      }

  total = out->len + 4;
  total = GUINT64_TO_LE (total);
  memcpy (out->data + MAGIC_LEN + 4, &total, 8);
  put_u32 (out, cs_classifier_crc32 (out->data, out->len));
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
  GError      **error;
} Reader;

static gboolean
need (Reader     *r,
      gsize       n,
      const char *what)
{
  if (r->len - r->pos >= n)
    return TRUE;
  g_set_error (r->error, CS_ERROR, CS_ERROR_PARSE,
               _("Classifier model is truncated: it ends at byte %" G_GSIZE_FORMAT " while reading %s"),
               r->len, what);
  return FALSE;
}

static gboolean
get_u32 (Reader     *r,
         guint32    *v,
         const char *what)
{
  guint32 le;

  if (!need (r, 4, what))
    return FALSE;
  memcpy (&le, r->data + r->pos, 4);
  r->pos += 4;
  *v = GUINT32_FROM_LE (le);
  return TRUE;
}

static gboolean
get_u64 (Reader     *r,
         guint64    *v,
         const char *what)
{
  guint64 le;

  if (!need (r, 8, what))
    return FALSE;
  memcpy (&le, r->data + r->pos, 8);
  r->pos += 8;
  *v = GUINT64_FROM_LE (le);
  return TRUE;
}

static gboolean
get_f32 (Reader     *r,
         float      *f,
         const char *what)
{
  guint32 bits;

  if (!get_u32 (r, &bits, what))
    return FALSE;
  memcpy (f, &bits, 4);
  if (!isfinite (*f))
    {
      g_set_error (r->error, CS_ERROR, CS_ERROR_PARSE,
                   _("Classifier model is corrupt: %s is not a finite number"), what);
      return FALSE;
    }
  return TRUE;
}

static char *
get_string (Reader     *r,
            const char *what)
{
  guint32 len;
  char *s;

  if (!get_u32 (r, &len, what) || !need (r, len, what))
    return NULL;
  if (len == 0 || !g_utf8_validate ((const char *) r->data + r->pos, len, NULL))
    {
      g_set_error (r->error, CS_ERROR, CS_ERROR_PARSE,
                   _("Classifier model is corrupt: %s is empty or not UTF-8"), what);
      return NULL;
    }
  s = g_strndup ((const char *) r->data + r->pos, len);
  r->pos += len;
  return s;
}

static gboolean
corrupt (Reader     *r,
         const char *what)
{
  g_set_error (r->error, CS_ERROR, CS_ERROR_PARSE,
               _("Classifier model is corrupt: %s is out of range"), what);
  return FALSE;
}

static gboolean
read_prefix (Reader *r)
{
  guint32 format, stored_crc;
  guint64 total;

  if (r->len < MAGIC_LEN && memcmp (r->data, MAGIC, r->len) == 0)
    return need (r, MAGIC_LEN, _("the header"));
  if (r->len < MAGIC_LEN || memcmp (r->data, MAGIC, MAGIC_LEN) != 0)
    {
      g_set_error (r->error, CS_ERROR, CS_ERROR_PARSE,
                   _("This is not a CivicStream classifier model"));
      return FALSE;
    }
  r->pos = MAGIC_LEN;
  if (!get_u32 (r, &format, _("the format version")) || !get_u64 (r, &total, _("the length")))
    return FALSE;
  if (format == 0 || format > CS_CLASSIFIER_FORMAT_VERSION)
    {
      g_set_error (r->error, CS_ERROR, CS_ERROR_PARSE,
                   _("Classifier model format %u is newer than this version of CivicStream reads (%u)"),
                   format, CS_CLASSIFIER_FORMAT_VERSION);
      return FALSE;
    }
  if (total < r->len)
    {
      g_set_error (r->error, CS_ERROR, CS_ERROR_PARSE,
                   _("Classifier model has %" G_GSIZE_FORMAT " bytes after its end"),
                   (gsize) (r->len - total));
      return FALSE;
    }
  if (total > r->len)
    {
      g_set_error (r->error, CS_ERROR, CS_ERROR_PARSE,
                   _("Classifier model is truncated: %" G_GSIZE_FORMAT " of %" G_GUINT64_FORMAT " bytes"),
                   r->len, total);
      return FALSE;
    }
  if (r->len < PREFIX_LEN + 4)
    return need (r, PREFIX_LEN + 4 - r->pos, _("the checksum"));
  memcpy (&stored_crc, r->data + r->len - 4, 4);
  if (GUINT32_FROM_LE (stored_crc) != cs_classifier_crc32 (r->data, r->len - 4))
    {
      g_set_error (r->error, CS_ERROR, CS_ERROR_PARSE,
                   _("Classifier model is corrupt: its checksum does not match"));
      return FALSE;
    }
  r->len -= 4;   /* the rest must fit before the checksum */
  return TRUE;
}

CsClassifier *
cs_classifier_deserialize (GBytes  *blob,
                           GError **error)
{
  g_autoptr(CsClassifier) model = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  Reader r = { 0 };
  CsFeatureOptions features;
  guint32 kind, k, flags, version, n_examples, epochs, n_rows;
  guint64 created_at;
  float temperature;
  gsize n_buckets;
  gint64 previous = -1;

  g_return_val_if_fail (blob != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  r.data = g_bytes_get_data (blob, &r.len);
  r.error = error;
  if (!read_prefix (&r))
    return NULL;

  if (!get_u32 (&r, &kind, _("the kind")) || !get_u32 (&r, &k, _("the number of categories")) ||
      !get_u32 (&r, &features.hash_bits, _("the hash size")) ||
      !get_u32 (&r, &flags, _("the feature flags")) ||
      !get_u32 (&r, &features.char_min, _("the n-gram lengths")) ||
      !get_u32 (&r, &features.char_max, _("the n-gram lengths")) ||
      !get_f32 (&r, &features.word_weight, _("the word weight")) ||
      !get_f32 (&r, &features.bigram_weight, _("the bigram weight")) ||
      !get_f32 (&r, &features.char_weight, _("the n-gram weight")) ||
      !get_f32 (&r, &temperature, _("the temperature")) ||
      !get_u32 (&r, &version, _("the model version")) ||
      !get_u32 (&r, &n_examples, _("the number of examples")) ||
      !get_u32 (&r, &epochs, _("the number of epochs")) ||
      !get_u64 (&r, &created_at, _("the creation time")))
    return NULL;
  features.flags = flags;
  if (kind > CS_CLASSIFIER_NAIVE_BAYES)
    {
      corrupt (&r, _("the kind"));
      return NULL;
    }
  if (k == 0 || k > 4096)
    {
      corrupt (&r, _("the number of categories"));
      return NULL;
    }
  if (!cs_feature_options_validate (&features, NULL) || (flags & ~(CS_FEATURE_ALL_BLOCKS | CS_FEATURE_RAW_COUNTS)))
    {
      corrupt (&r, _("the feature options"));
      return NULL;
    }
  if (!(temperature > 0))
    {
      corrupt (&r, _("the temperature"));
      return NULL;
    }

  for (guint c = 0; c < k; c++)
    {
      char *code = get_string (&r, _("a category code"));
      char *name = code != NULL ? get_string (&r, _("a category name")) : NULL;

      if (name == NULL)
        {
          g_free (code);
          return NULL;
        }
      g_ptr_array_add (codes, code);
      g_ptr_array_add (names, name);
    }
  g_ptr_array_add (codes, NULL);
  g_ptr_array_add (names, NULL);

  model = cs_classifier_new_model (kind, &features, (const char * const *) codes->pdata,
                                   (const char * const *) names->pdata);
  model->temperature = temperature;
  model->version = version;
  model->n_examples = n_examples;
  model->epochs = epochs;
  model->created_at = (gint64) created_at;
  for (guint c = 0; c < k; c++)
    if (!get_f32 (&r, &model->bias[c], _("a bias")))
      return NULL;
  for (guint c = 0; c < k; c++)
    if (!get_f32 (&r, &model->length_coef[c], _("a length coefficient")))
      return NULL;

  n_buckets = (gsize) 1 << features.hash_bits;
  if (!get_u32 (&r, &n_rows, _("the number of rows")))
    return NULL;
  if (n_rows > n_buckets)
    {
      corrupt (&r, _("the number of rows"));
      return NULL;
    }
  if (!need (&r, (gsize) n_rows * (k + 1) * 4, _("the weights")))
    return NULL;
  g_free (model->rows);
  model->rows = g_new0 (float, ((gsize) n_rows + 1) * k);
  model->n_rows = n_rows;
  for (guint i = 1; i <= n_rows; i++)
    {
      guint32 bucket;

      if (!get_u32 (&r, &bucket, _("a bucket")))
        return NULL;
      if (bucket >= n_buckets || (gint64) bucket <= previous)
        {
      corrupt (&r, _("a bucket"));
      return NULL;
    }
      previous = bucket;
      model->row_of[bucket] = i;
      for (guint c = 0; c < k; c++)
        if (!get_f32 (&r, &model->rows[(gsize) i * k + c], _("a weight")))
          return NULL;
    }
  if (r.pos != r.len)
    {
      corrupt (&r, _("the length"));
      return NULL;
    }
  return g_steal_pointer (&model);
}
