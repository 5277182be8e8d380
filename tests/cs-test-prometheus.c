/* cs-test-prometheus.c: a strict reader of the Prometheus text format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-test-prometheus.h"

typedef struct
{
  char   *type;          /* NULL: untyped, no TYPE line */
  gboolean has_help;
  gboolean has_samples;
  gboolean closed;       /* another family's lines came after its samples */
} Family;

typedef struct
{
  GPtrArray *bounds;     /* of double*, in order */
  GPtrArray *counts;     /* of double* */
} Buckets;

typedef struct
{
  GHashTable *families;  /* name → Family */
  GHashTable *samples;   /* key → double* */
  GHashTable *buckets;   /* "family{labels without le}" → Buckets */
  char       *current;   /* family of the previous line */
  guint       line;
} Reader;

static void
family_free (Family *family)
{
  g_free (family->type);
  g_free (family);
}

static void
buckets_free (Buckets *b)
{
  g_ptr_array_unref (b->bounds);
  g_ptr_array_unref (b->counts);
  g_free (b);
}

static gboolean
fail (Reader     *r,
      GError    **error,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Reader     *r,
      GError    **error,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "line %u: %s", r->line, message);
  return FALSE;
}

static gsize
name_length (const char *p,
             gboolean    colons)
{
  gsize n = 0;

  if (!(g_ascii_isalpha (p[0]) || p[0] == '_' || (colons && p[0] == ':')))
    return 0;
  while (g_ascii_isalnum (p[n]) || p[n] == '_' || (colons && p[n] == ':'))
    n++;
  return n;
}

static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;

  if (g_str_equal (text, "+Inf") || g_str_equal (text, "Inf"))
    return *value = INFINITY, TRUE;
  if (g_str_equal (text, "-Inf"))
    return *value = -INFINITY, TRUE;
  if (g_str_equal (text, "NaN"))
    return *value = NAN, TRUE;
  if (*text == '\0' || g_ascii_isspace (*text))
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return *end == '\0' && !isnan (*value) && !isinf (*value);
}

static Family *
family_get (Reader     *r,
            const char *name)
{
  Family *family = g_hash_table_lookup (r->families, name);

  if (family == NULL)
    {
      family = g_new0 (Family, 1);
      g_hash_table_insert (r->families, g_strdup (name), family);
    }
  return family;
}

/* Lines of one family must come together. */
static gboolean
enter_family (Reader     *r,
              const char *name,
              GError    **error)
{
  Family *family = family_get (r, name);

  if (r->current != NULL && !g_str_equal (r->current, name))
    {
      Family *previous = g_hash_table_lookup (r->families, r->current);

      previous->closed = TRUE;
      if (family->closed)
        return fail (r, error, "family %s continues after other families", name);
    }
  g_free (r->current);
  r->current = g_strdup (name);
  return TRUE;
}

static gboolean
read_comment (Reader     *r,
              const char *line,
              GError    **error)
{
  static const char *types[] = { "counter", "gauge", "histogram", "summary", "untyped" };
  gboolean help = g_str_has_prefix (line, "# HELP ");
  const char *name = line + 7;
  g_autofree char *family_name = NULL;
  Family *family;
  gsize n;

  if (!help && !g_str_has_prefix (line, "# TYPE "))
    return TRUE;   /* any other comment */
  if ((n = name_length (name, TRUE)) == 0 || (name[n] != ' ' && name[n] != '\0'))
    return fail (r, error, "bad metric name in “%s”", line);
  family_name = g_strndup (name, n);
  if (!enter_family (r, family_name, error))
    return FALSE;
  family = family_get (r, family_name);
  if (family->has_samples)
    return fail (r, error, "%s for %s after its samples", help ? "HELP" : "TYPE", family_name);
  if (help)
    {
      if (family->has_help)
        return fail (r, error, "second HELP for %s", family_name);
      family->has_help = TRUE;
      for (const char *p = name + n; *p != '\0'; p++)
        if (*p == '\\' && p[1] != '\\' && p[1] != 'n')
          return fail (r, error, "bad escape in HELP of %s", family_name);
        else if (*p == '\\')
          p++;
      return TRUE;
    }
  if (family->type != NULL)
    return fail (r, error, "second TYPE for %s", family_name);
  if (name[n] != ' ' || !g_strv_contains (types, name + n + 1))
    return fail (r, error, "unknown type in “%s”", line);
  family->type = g_strdup (name + n + 1);
  return TRUE;
}

/* The family a sample belongs to: histograms and summaries own their
 * _bucket, _sum and _count series. */
static char *
sample_family (Reader     *r,
               const char *name)
{
  static const char *suffixes[] = { "_bucket", "_sum", "_count" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (name, suffixes[i]))
      {
        g_autofree char *base = g_strndup (name, strlen (name) - strlen (suffixes[i]));
        Family *family = g_hash_table_lookup (r->families, base);

        if (family != NULL && family->type != NULL
            && (g_str_equal (family->type, "histogram") || (i > 0 && g_str_equal (family->type, "summary"))))
          return g_steal_pointer (&base);
      }
  return g_strdup (name);
}

static int
compare_labels (gconstpointer a,
                gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
read_labels (Reader      *r,
             const char **p,
             GPtrArray   *labels,
             char       **le,
             GError     **error)
{
  g_assert (**p == '{');
  (*p)++;
  while (**p != '}')
    {
      g_autoptr(GString) value = g_string_new (NULL);
      g_autofree char *name = NULL;
      gsize n = name_length (*p, FALSE);

      if (n == 0)
        return fail (r, error, "bad label name at “%s”", *p);
      name = g_strndup (*p, n);
      *p += n;
      if ((*p)[0] != '=' || (*p)[1] != '"')
        return fail (r, error, "label %s without =\"value\"", name);
      *p += 2;
      while (**p != '"')
        {
          if (**p == '\0' || **p == '\n')
            return fail (r, error, "unterminated value of label %s", name);
          if (**p == '\\')
            {
              if ((*p)[1] != '\\' && (*p)[1] != '"' && (*p)[1] != 'n')
                return fail (r, error, "bad escape in label %s", name);
              g_string_append_len (value, *p, 2);
              *p += 2;
              continue;
            }
          g_string_append_c (value, **p);
          (*p)++;
        }
      (*p)++;
      for (guint i = 0; i < labels->len; i++)
        if (g_str_has_prefix (g_ptr_array_index (labels, i), name)
            && ((char *) g_ptr_array_index (labels, i))[n] == '=')
          return fail (r, error, "label %s twice", name);
      if (g_str_equal (name, "le"))
        *le = g_strdup (value->str);
      g_ptr_array_add (labels, g_strdup_printf ("%s=\"%s\"", name, value->str));
      if (**p == ',')
        (*p)++;
      else if (**p != '}')
        return fail (r, error, "expected , or } after label %s", name);
    }
  (*p)++;
  return TRUE;
}

static gboolean
read_sample (Reader     *r,
             const char *line,
             GError    **error)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *name = NULL;
  g_autofree char *family_name = NULL;
  g_autofree char *le = NULL;
  g_auto(GStrv) rest = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *key = NULL;
  const char *p = line;
  Family *family;
  double value;
  gsize n = name_length (p, TRUE);

  if (n == 0)
    return fail (r, error, "bad metric name in “%s”", line);
  name = g_strndup (p, n);
  p += n;
  if (*p == '{' && !read_labels (r, &p, labels, &le, error))
    return FALSE;
  if (*p != ' ')
    return fail (r, error, "expected a space before the value in “%s”", line);
  rest = g_strsplit (p + 1, " ", -1);
  if (g_strv_length (rest) < 1 || g_strv_length (rest) > 2 || !parse_number (rest[0], &value))
    return fail (r, error, "bad value in “%s”", line);
  if (rest[1] != NULL && !g_ascii_string_to_signed (rest[1], 10, G_MININT64, G_MAXINT64, NULL, NULL))
    return fail (r, error, "bad timestamp in “%s”", line);

  family_name = sample_family (r, name);
  if (!enter_family (r, family_name, error))
    return FALSE;
  family = family_get (r, family_name);
  family->has_samples = TRUE;

  g_ptr_array_sort (labels, compare_labels);
  g_ptr_array_add (labels, NULL);
  joined = g_strjoinv (",", (char **) labels->pdata);
  key = *joined ? g_strdup_printf ("%s{%s}", name, joined) : g_strdup (name);
  if (g_hash_table_contains (r->samples, key))
    return fail (r, error, "sample %s twice", key);
  g_hash_table_insert (r->samples, g_strdup (key), g_memdup2 (&value, sizeof value));

  if (family->type != NULL && g_str_equal (family->type, "histogram") && g_str_has_suffix (name, "_bucket"))
    {
      g_autoptr(GPtrArray) others = g_ptr_array_new ();
      g_autofree char *other_labels = NULL;
      g_autofree char *group = NULL;
      Buckets *buckets;
      double bound;

      if (le == NULL || !parse_number (le, &bound))
        return fail (r, error, "bucket without a numeric le: “%s”", line);
      for (guint i = 0; i + 1 < labels->len; i++)
        if (!g_str_has_prefix (g_ptr_array_index (labels, i), "le="))
          g_ptr_array_add (others, g_ptr_array_index (labels, i));
      g_ptr_array_add (others, NULL);
      other_labels = g_strjoinv (",", (char **) others->pdata);
      group = g_strdup_printf ("%s{%s}", family_name, other_labels);
      if ((buckets = g_hash_table_lookup (r->buckets, group)) == NULL)
        {
          buckets = g_new0 (Buckets, 1);
          buckets->bounds = g_ptr_array_new_with_free_func (g_free);
          buckets->counts = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (r->buckets, g_strdup (group), buckets);
        }
      if (buckets->bounds->len > 0
          && bound <= *(double *) g_ptr_array_index (buckets->bounds, buckets->bounds->len - 1))
        return fail (r, error, "buckets of %s not in increasing order of le", group);
      if (buckets->counts->len > 0 && value < *(double *) g_ptr_array_index (buckets->counts, buckets->counts->len - 1))
        return fail (r, error, "buckets of %s are not cumulative", group);
      g_ptr_array_add (buckets->bounds, g_memdup2 (&bound, sizeof bound));
      g_ptr_array_add (buckets->counts, g_memdup2 (&value, sizeof value));
    }
  return TRUE;
}

/* Each histogram ends with +Inf, which counts what _count counts. */
static gboolean
check_histograms (Reader  *r,
                  GError **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, r->buckets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *group = key;
      Buckets *b = value;
      const char *brace = strchr (group, '{');
      g_autofree char *family = g_strndup (group, brace - group);
      g_autofree char *count_key = g_str_equal (brace, "{}") ? g_strconcat (family, "_count", NULL)
                                                              : g_strdup_printf ("%s_count%s", family, brace);
      double *count = g_hash_table_lookup (r->samples, count_key);
      double last = *(double *) g_ptr_array_index (b->bounds, b->bounds->len - 1);

      if (!isinf (last))
        return fail (r, error, "histogram %s has no +Inf bucket", group);
      if (count == NULL)
        return fail (r, error, "histogram %s has no _count", group);
      if (*count != *(double *) g_ptr_array_index (b->counts, b->counts->len - 1))
        return fail (r, error, "histogram %s: +Inf bucket differs from _count", group);
    }
  return TRUE;
}

GHashTable *
cs_test_prometheus_parse (const char  *text,
                          GHashTable **types,
                          GError     **error)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) families = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) family_free);
  g_autoptr(GHashTable) samples = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) buckets_free);
  Reader r = { families, samples, buckets, NULL, 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (text != NULL, NULL);

  if (*text != '\0' && !g_str_has_suffix (text, "\n"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the text does not end with a newline");
      return NULL;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; ok && lines[i] != NULL; i++)
    {
      r.line = i + 1;
      if (lines[i][0] == '\0')
        continue;
      if (strchr (lines[i], '\r') != NULL)
        ok = fail (&r, error, "carriage return");
      else if (lines[i][0] == '#')
        ok = read_comment (&r, lines[i], error);
      else
        ok = read_sample (&r, lines[i], error);
    }
  ok = ok && check_histograms (&r, error);
  g_free (r.current);
  if (!ok)
    return NULL;

  if (types != NULL)
    {
      GHashTableIter iter;
      gpointer name, family;

      *types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, families);
      while (g_hash_table_iter_next (&iter, &name, &family))
        g_hash_table_insert (*types, g_strdup (name),
                             g_strdup (((Family *) family)->type ? ((Family *) family)->type : "untyped"));
    }
  return g_steal_pointer (&samples);
}

double
cs_test_prometheus_value (GHashTable *samples,
                          const char *key)
{
  double *value = g_hash_table_lookup (samples, key);

  if (value == NULL)
    g_error ("no sample %s in the metrics", key);
  return *value;
}
