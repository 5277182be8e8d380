/* cs-metrics-writer.c: metrics in the Prometheus text exposition format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-metrics-writer.h"

typedef struct
{
  char    *name;
  char    *type;
  char    *help;
  GString *samples;
} Family;

struct _CsMetricsWriter
{
  GPtrArray  *families;   /* in the order declared */
  GHashTable *by_name;    /* name → Family, borrowed */
};

static void
family_free (Family *family)
{
  g_free (family->name);
  g_free (family->type);
  g_free (family->help);
  g_string_free (family->samples, TRUE);
  g_free (family);
}

/* [a-zA-Z_:][a-zA-Z0-9_:]*: anything else would make the whole scrape unreadable. */
static gboolean
is_metric_name (const char *name)
{
  if (name == NULL || !(g_ascii_isalpha (*name) || *name == '_' || *name == ':'))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_' || *p == ':'))
      return FALSE;
  return TRUE;
}

CsMetricsWriter *
cs_metrics_writer_new (void)
{
  CsMetricsWriter *self = g_new0 (CsMetricsWriter, 1);

  self->families = g_ptr_array_new_with_free_func ((GDestroyNotify) family_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

void
cs_metrics_writer_free (CsMetricsWriter *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_name);
  g_ptr_array_unref (self->families);
  g_free (self);
}

void
cs_metrics_writer_family (CsMetricsWriter *self,
                          const char      *name,
                          const char      *type,
                          const char      *help)
{
  Family *family;

  g_return_if_fail (self != NULL);
  g_return_if_fail (is_metric_name (name) && type != NULL);

  if (g_hash_table_contains (self->by_name, name))
    return;
  family = g_new0 (Family, 1);
  family->name = g_strdup (name);
  family->type = g_strdup (type);
  family->help = g_strdup (help ? help : "");
  family->samples = g_string_new (NULL);
  g_ptr_array_add (self->families, family);
  g_hash_table_insert (self->by_name, family->name, family);
}

void
cs_metrics_escape_label (GString    *out,
                         const char *value)
{
  g_return_if_fail (out != NULL);

  for (const char *p = value ? value : ""; *p != '\0'; p++)
    switch (*p)
      {
      case '\\': g_string_append (out, "\\\\"); break;
      case '"': g_string_append (out, "\\\""); break;
      case '\n': g_string_append (out, "\\n"); break;
      default: g_string_append_c (out, *p);
      }
}

/* HELP text escapes only backslash and newline. */
static void
escape_help (GString    *out,
             const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\\')
      g_string_append (out, "\\\\");
    else if (*p == '\n')
      g_string_append (out, "\\n");
    else
      g_string_append_c (out, *p);
}

/* The shortest of %.15g and %.17g that reads back as @value, so 0.05
 * stays "0.05" rather than "0.050000000000000003". */
static const char *
format_double (char   buffer[G_ASCII_DTOSTR_BUF_SIZE],
               double value)
{
  g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, "%.17g", value);
  return buffer;
}

static void
append_value (GString *out,
              double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    g_string_append (out, "NaN");
  else if (isinf (value))
    g_string_append (out, value > 0 ? "+Inf" : "-Inf");
  else if (value == floor (value) && fabs (value) < 1e15)
    g_string_append_printf (out, "%.0f", value);
  else
    g_string_append (out, format_double (buffer, value));
}

static Family *
family_for_sample (CsMetricsWriter *self,
                   const char      *family_name)
{
  Family *family = g_hash_table_lookup (self->by_name, family_name);

  /* Undeclared: untyped, still well formed. */
  if (family == NULL)
    {
      cs_metrics_writer_family (self, family_name, "untyped", NULL);
      family = g_hash_table_lookup (self->by_name, family_name);
    }
  return family;
}

void
cs_metrics_writer_sample_raw (CsMetricsWriter *self,
                              const char      *family_name,
                              const char      *name,
                              const char      *labels,
                              double           value)
{
  Family *family;

  g_return_if_fail (self != NULL);
  g_return_if_fail (is_metric_name (family_name));
  g_return_if_fail (name == NULL || is_metric_name (name));

  family = family_for_sample (self, family_name);
  g_string_append (family->samples, name ? name : family_name);
  if (labels != NULL && *labels != '\0')
    g_string_append_printf (family->samples, "{%s}", labels);
  g_string_append_c (family->samples, ' ');
  append_value (family->samples, value);
  g_string_append_c (family->samples, '\n');
}

void
cs_metrics_writer_sample (CsMetricsWriter *self,
                          const char      *family,
                          const char      *name,
                          double           value,
                          ...)
{
  g_autoptr(GString) labels = g_string_new (NULL);
  const char *label;
  va_list args;

  g_return_if_fail (self != NULL);

  va_start (args, value);
  while ((label = va_arg (args, const char *)) != NULL)
    {
      const char *label_value = va_arg (args, const char *);

      if (labels->len > 0)
        g_string_append_c (labels, ',');
      g_string_append_printf (labels, "%s=\"", label);
      cs_metrics_escape_label (labels, label_value);
      g_string_append_c (labels, '"');
    }
  va_end (args);
  cs_metrics_writer_sample_raw (self, family, name, labels->str, value);
}

void
cs_metrics_writer_histogram (CsMetricsWriter *self,
                             const char      *family,
                             const char      *labels,
                             const double    *bounds,
                             const guint64   *cumulative,
                             guint            n_bounds,
                             guint64          count,
                             double           sum)
{
  g_autofree char *bucket = g_strconcat (family, "_bucket", NULL);
  g_autofree char *sum_name = g_strconcat (family, "_sum", NULL);
  g_autofree char *count_name = g_strconcat (family, "_count", NULL);
  const char *sep = labels != NULL && *labels != '\0' ? "," : "";

  g_return_if_fail (self != NULL);

  for (guint i = 0; i <= n_bounds; i++)
    {
      g_autoptr(GString) with_le = g_string_new (labels ? labels : "");
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (with_le, "%sle=\"%s\"", sep,
                              i < n_bounds ? format_double (number, bounds[i]) : "+Inf");
      cs_metrics_writer_sample_raw (self, family, bucket, with_le->str,
                                    (double) (i < n_bounds ? cumulative[i] : count));
    }
  cs_metrics_writer_sample_raw (self, family, sum_name, labels, sum);
  cs_metrics_writer_sample_raw (self, family, count_name, labels, (double) count);
}

char *
cs_metrics_writer_free_to_string (CsMetricsWriter *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->families->len; i++)
    {
      Family *family = g_ptr_array_index (self->families, i);

      if (*family->help != '\0')
        {
          g_string_append_printf (out, "# HELP %s ", family->name);
          escape_help (out, family->help);
          g_string_append_c (out, '\n');
        }
      g_string_append_printf (out, "# TYPE %s %s\n", family->name, family->type);
      g_string_append_len (out, family->samples->str, family->samples->len);
    }
  cs_metrics_writer_free (self);
  return g_string_free (out, FALSE);
}
