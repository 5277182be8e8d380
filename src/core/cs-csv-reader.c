/* cs-csv-reader.c: read event logs from CSV files, with a column mapping
 *
 * The object, its settings and the column mapping: the guess from the
 * header's names and its corrections. Splitting the text into records is in
 * cs-csv-reader-tokenizer.c, making events of them in cs-csv-reader-rows.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-csv-reader-private.h"
#include "cs-error.h"

G_DEFINE_FINAL_TYPE (CsCsvReader, cs_csv_reader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEPARATOR,
  PROP_TIME_ZONE,
  PROP_TIME_FORMAT,
  PROP_SKIP_BAD_ROWS,
  PROP_MAX_REPORTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const role_names[] = {
  "ignore", "case-id", "activity", "timestamp", "start-timestamp", "resource", "lifecycle",
  "case-attribute", "event-attribute",
};

static const char * const time_format_names[] = {
  "auto", "iso8601", "dmy", "epoch-s", "epoch-ms",
};

const char *
cs_csv_role_to_string (CsCsvRole role)
{
  g_return_val_if_fail (role <= CS_CSV_ROLE_EVENT_ATTRIBUTE, NULL);
  return role_names[role];
}

gboolean
cs_csv_role_from_string (const char *text,
                         CsCsvRole  *role)
{
  g_return_val_if_fail (role != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (role_names); i++)
    if (g_str_equal (text, role_names[i]))
      {
        *role = (CsCsvRole) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cs_csv_time_format_to_string (CsCsvTimeFormat format)
{
  g_return_val_if_fail (format <= CS_CSV_TIME_EPOCH_MILLISECONDS, NULL);
  return time_format_names[format];
}

gboolean
cs_csv_time_format_from_string (const char      *text,
                                CsCsvTimeFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (time_format_names); i++)
    if (g_str_equal (text, time_format_names[i]))
      {
        *format = (CsCsvTimeFormat) i;
        return TRUE;
      }
  return FALSE;
}

/* What the error messages call a role. */
const char *
cs_csv_role_description (CsCsvRole role)
{
  switch (role)
    {
    case CS_CSV_ROLE_CASE_ID: return _("case id");
    case CS_CSV_ROLE_ACTIVITY: return _("activity");
    case CS_CSV_ROLE_TIMESTAMP: return _("timestamp");
    case CS_CSV_ROLE_START_TIMESTAMP: return _("start timestamp");
    case CS_CSV_ROLE_RESOURCE: return _("resource");
    case CS_CSV_ROLE_LIFECYCLE: return _("lifecycle");
    case CS_CSV_ROLE_IGNORE:
    case CS_CSV_ROLE_CASE_ATTRIBUTE:
    case CS_CSV_ROLE_EVENT_ATTRIBUTE:
    default:
      return _("attribute");
    }
}

static void
column_free (gpointer data)
{
  CsCsvColumn *column = data;

  g_free (column->name);
  g_free (column->key);
  g_free (column);
}

void
cs_csv_problem_clear (gpointer data)
{
  g_free (((CsCsvProblem *) data)->message);
}

static void
cs_csv_reader_finalize (GObject *object)
{
  CsCsvReader *self = (CsCsvReader *) object;

  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->samples, g_ptr_array_unref);
  g_clear_pointer (&self->skipped, g_array_unref);

  G_OBJECT_CLASS (cs_csv_reader_parent_class)->finalize (object);
}

static void
cs_csv_reader_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CsCsvReader *self = CS_CSV_READER (object);

  switch (prop_id)
    {
    case PROP_SEPARATOR:
      g_value_set_schar (value, self->separator);
      break;
    case PROP_TIME_ZONE:
      g_value_set_boxed (value, self->time_zone);
      break;
    case PROP_TIME_FORMAT:
      g_value_set_int (value, self->time_format);
      break;
    case PROP_SKIP_BAD_ROWS:
      g_value_set_boolean (value, self->skip_bad_rows);
      break;
    case PROP_MAX_REPORTED:
      g_value_set_uint (value, self->max_reported);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_csv_reader_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CsCsvReader *self = CS_CSV_READER (object);

  switch (prop_id)
    {
    case PROP_SEPARATOR:
      cs_csv_reader_set_separator (self, g_value_get_schar (value));
      break;
    case PROP_TIME_ZONE:
      cs_csv_reader_set_time_zone (self, g_value_get_boxed (value));
      break;
    case PROP_TIME_FORMAT:
      cs_csv_reader_set_time_format (self, g_value_get_int (value));
      break;
    case PROP_SKIP_BAD_ROWS:
      cs_csv_reader_set_skip_bad_rows (self, g_value_get_boolean (value));
      break;
    case PROP_MAX_REPORTED:
      cs_csv_reader_set_max_reported (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_csv_reader_class_init (CsCsvReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_csv_reader_finalize;
  object_class->get_property = cs_csv_reader_get_property;
  object_class->set_property = cs_csv_reader_set_property;

  properties[PROP_SEPARATOR] =
    g_param_spec_char ("separator", NULL, NULL, 0, G_MAXINT8, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_ZONE] =
    g_param_spec_boxed ("time-zone", NULL, NULL, G_TYPE_TIME_ZONE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_FORMAT] =
    g_param_spec_int ("time-format", NULL, NULL, CS_CSV_TIME_AUTO, CS_CSV_TIME_EPOCH_MILLISECONDS,
                      CS_CSV_TIME_AUTO,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SKIP_BAD_ROWS] =
    g_param_spec_boolean ("skip-bad-rows", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_REPORTED] =
    g_param_spec_uint ("max-reported", NULL, NULL, 1, G_MAXUINT, 10,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_csv_reader_init (CsCsvReader *self)
{
  self->time_zone = g_time_zone_new_utc ();
  self->max_reported = 10;
  self->columns = g_ptr_array_new_with_free_func (column_free);
  self->samples = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->skipped = g_array_new (FALSE, FALSE, sizeof (CsCsvProblem));
  g_array_set_clear_func (self->skipped, cs_csv_problem_clear);
}

CsCsvReader *
cs_csv_reader_new (void)
{
  return g_object_new (CS_TYPE_CSV_READER, NULL);
}

char
cs_csv_reader_get_separator (CsCsvReader *self)
{
  g_return_val_if_fail (CS_IS_CSV_READER (self), 0);
  return self->used_separator ? self->used_separator : self->separator;
}

void
cs_csv_reader_set_separator (CsCsvReader *self,
                             char         separator)
{
  g_return_if_fail (CS_IS_CSV_READER (self));
  g_return_if_fail (separator == 0 || separator == ',' || separator == ';' || separator == '\t');

  if (self->separator == separator)
    return;
  self->separator = separator;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEPARATOR]);
}

GTimeZone *
cs_csv_reader_get_time_zone (CsCsvReader *self)
{
  g_return_val_if_fail (CS_IS_CSV_READER (self), NULL);
  return self->time_zone;
}

void
cs_csv_reader_set_time_zone (CsCsvReader *self,
                             GTimeZone   *zone)
{
  g_return_if_fail (CS_IS_CSV_READER (self));

  zone = zone ? g_time_zone_ref (zone) : g_time_zone_new_utc ();
  if (g_strcmp0 (g_time_zone_get_identifier (zone), g_time_zone_get_identifier (self->time_zone)) == 0)
    {
      g_time_zone_unref (zone);
      return;
    }
  g_time_zone_unref (self->time_zone);
  self->time_zone = zone;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_ZONE]);
}

CsCsvTimeFormat
cs_csv_reader_get_time_format (CsCsvReader *self)
{
  g_return_val_if_fail (CS_IS_CSV_READER (self), CS_CSV_TIME_AUTO);
  return self->time_format;
}

void
cs_csv_reader_set_time_format (CsCsvReader     *self,
                               CsCsvTimeFormat  format)
{
  g_return_if_fail (CS_IS_CSV_READER (self));
  g_return_if_fail (format <= CS_CSV_TIME_EPOCH_MILLISECONDS);

  if (self->time_format == format)
    return;
  self->time_format = format;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_FORMAT]);
}

gboolean
cs_csv_reader_get_skip_bad_rows (CsCsvReader *self)
{
  g_return_val_if_fail (CS_IS_CSV_READER (self), FALSE);
  return self->skip_bad_rows;
}

void
cs_csv_reader_set_skip_bad_rows (CsCsvReader *self,
                                 gboolean     skip)
{
  g_return_if_fail (CS_IS_CSV_READER (self));

  skip = !!skip;
  if (self->skip_bad_rows == skip)
    return;
  self->skip_bad_rows = skip;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKIP_BAD_ROWS]);
}

guint
cs_csv_reader_get_max_reported (CsCsvReader *self)
{
  g_return_val_if_fail (CS_IS_CSV_READER (self), 0);
  return self->max_reported;
}

void
cs_csv_reader_set_max_reported (CsCsvReader *self,
                                guint        max_reported)
{
  g_return_if_fail (CS_IS_CSV_READER (self));
  g_return_if_fail (max_reported > 0);

  if (self->max_reported == max_reported)
    return;
  self->max_reported = max_reported;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_REPORTED]);
}
/* The mapping guess */

/* Lower case, separators as single spaces, trimmed: "Case_ID " → "case id". */
static char *
normalize_name (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    {
      char c = g_ascii_tolower (*p);

      if (c == '_' || c == '-' || c == '.' || g_ascii_isspace (c))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, c);
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static CsCsvRole
guess_role (const char *name)
{
  static const struct { CsCsvRole role; const char *names[20]; } table[] = {
    { CS_CSV_ROLE_CASE_ID, { "case:concept:name", "case id", "caseid", "case", "case identifier",
                             "case number", "case nr", "case key", NULL } },
    { CS_CSV_ROLE_ACTIVITY, { "concept:name", "activity", "activity name", "activity id", "event",
                              "event name", "task", "task name", "action", NULL } },
    { CS_CSV_ROLE_TIMESTAMP, { "time:timestamp", "timestamp", "complete timestamp",
                               "completion timestamp", "end timestamp", "end time", "complete time",
                               "completed", "complete", "end", "time", "date", "datetime",
                               "date time", "event time", NULL } },
    { CS_CSV_ROLE_START_TIMESTAMP, { "start timestamp", "start time", "started", "start",
                                     "start date", NULL } },
    { CS_CSV_ROLE_RESOURCE, { "org:resource", "resource", "user", "performer", "executed by",
                              "employee", "agent", "handled by", NULL } },
    { CS_CSV_ROLE_LIFECYCLE, { "lifecycle:transition", "lifecycle", "transition", "event type",
                               NULL } },
  };
  g_autofree char *normal = normalize_name (name);

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    for (guint j = 0; table[i].names[j] != NULL; j++)
      if (g_str_equal (normal, table[i].names[j]))
        return table[i].role;
  if (g_str_has_prefix (normal, "case:"))
    return CS_CSV_ROLE_CASE_ATTRIBUTE;
  return CS_CSV_ROLE_EVENT_ATTRIBUTE;
}

gboolean
cs_csv_role_is_single (CsCsvRole role)
{
  return role >= CS_CSV_ROLE_CASE_ID && role <= CS_CSV_ROLE_LIFECYCLE;
}

void
cs_csv_reader_guess_columns (CsCsvReader    *self,
                             CsCsvTokenizer *t)
{
  gboolean taken[CS_CSV_ROLE_EVENT_ATTRIBUTE + 1] = { FALSE, };

  g_ptr_array_set_size (self->columns, 0);
  for (guint i = 0; i < t->n_fields; i++)
    {
      CsCsvColumn *column = g_new0 (CsCsvColumn, 1);
      CsCsvRole role;

      column->name = g_strstrip (g_strdup (cs_csv_tokenizer_field (t, i)));
      role = guess_role (column->name);
      /* The first column that looks like it wins; later look-alikes stay attributes. */
      if (cs_csv_role_is_single (role) && taken[role])
        role = CS_CSV_ROLE_EVENT_ATTRIBUTE;
      taken[role] = TRUE;
      column->role = role;
      g_ptr_array_add (self->columns, column);
    }
  for (guint i = 0; i < self->columns->len; i++)
    cs_csv_reader_set_role (self, i, ((CsCsvColumn *) g_ptr_array_index (self->columns, i))->role);
}

gboolean
cs_csv_reader_same_header (CsCsvReader    *self,
                           CsCsvTokenizer *t)
{
  if (t->n_fields != self->columns->len)
    return FALSE;
  for (guint i = 0; i < t->n_fields; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (cs_csv_tokenizer_field (t, i)));

      if (!g_str_equal (name, ((CsCsvColumn *) g_ptr_array_index (self->columns, i))->name))
        return FALSE;
    }
  return TRUE;
}

gboolean
cs_csv_reader_start_header (CsCsvReader     *self,
                            CsCsvTokenizer  *t,
                            GError         **error)
{
  int r;

  if (!cs_csv_tokenizer_start (t, self->separator, error))
    return FALSE;
  self->used_separator = t->separator;
  r = cs_csv_tokenizer_next (t, error);
  if (r < 0)
    return FALSE;
  if (r == 0)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT, _("The CSV file is empty"));
      return FALSE;
    }
  return TRUE;
}

gboolean
cs_csv_reader_read_header (CsCsvReader   *self,
                           GInputStream  *stream,
                           guint          n_samples,
                           GCancellable  *cancellable,
                           GError       **error)
{
  CsCsvTokenizer t;
  gboolean ok = FALSE;

  g_return_val_if_fail (CS_IS_CSV_READER (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  cs_csv_tokenizer_init (&t, stream, cancellable);
  g_ptr_array_set_size (self->samples, 0);
  self->mapped = FALSE;
  if (!cs_csv_reader_start_header (self, &t, error))
    goto out;
  cs_csv_reader_guess_columns (self, &t);
  self->mapped = TRUE;

  for (guint i = 0; i < n_samples; i++)
    {
      char **row;
      int r = cs_csv_tokenizer_next (&t, error);

      if (r < 0)
        goto out;
      if (r == 0)
        break;
      row = g_new0 (char *, self->columns->len + 1);
      for (guint j = 0; j < self->columns->len; j++)
        row[j] = g_strdup (j < t.n_fields ? cs_csv_tokenizer_field (&t, j) : "");
      g_ptr_array_add (self->samples, row);
    }
  ok = TRUE;

out:
  cs_csv_tokenizer_clear (&t);
  return ok;
}

gboolean
cs_csv_reader_read_header_file (CsCsvReader   *self,
                                GFile         *file,
                                guint          n_samples,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;

  g_return_val_if_fail (CS_IS_CSV_READER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return FALSE;
  if (!cs_csv_reader_read_header (self, G_INPUT_STREAM (stream), n_samples, cancellable, error))
    {
      g_autofree char *name = g_file_get_basename (file);

      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }
  return TRUE;
}

guint
cs_csv_reader_get_n_columns (CsCsvReader *self)
{
  g_return_val_if_fail (CS_IS_CSV_READER (self), 0);
  return self->columns->len;
}

CsCsvColumn *
cs_csv_reader_column (CsCsvReader *self,
                      guint        column)
{
  g_assert (column < self->columns->len);
  return g_ptr_array_index (self->columns, column);
}

const char *
cs_csv_reader_get_column_name (CsCsvReader *self,
                               guint        column)
{
  g_return_val_if_fail (CS_IS_CSV_READER (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);

  return cs_csv_reader_column (self, column)->name;
}

int
cs_csv_reader_find_column (CsCsvReader *self,
                           const char  *name)
{
  g_return_val_if_fail (CS_IS_CSV_READER (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint i = 0; i < self->columns->len; i++)
    if (g_ascii_strcasecmp (cs_csv_reader_column (self, i)->name, name) == 0)
      return (int) i;
  return -1;
}

guint
cs_csv_reader_get_n_samples (CsCsvReader *self)
{
  g_return_val_if_fail (CS_IS_CSV_READER (self), 0);
  return self->samples->len;
}

const char *
cs_csv_reader_get_sample (CsCsvReader *self,
                          guint        row,
                          guint        column)
{
  g_return_val_if_fail (CS_IS_CSV_READER (self), NULL);
  g_return_val_if_fail (row < self->samples->len, NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);

  return ((char **) g_ptr_array_index (self->samples, row))[column];
}

CsCsvRole
cs_csv_reader_get_role (CsCsvReader *self,
                        guint        column)
{
  g_return_val_if_fail (CS_IS_CSV_READER (self), CS_CSV_ROLE_IGNORE);
  g_return_val_if_fail (column < self->columns->len, CS_CSV_ROLE_IGNORE);

  return cs_csv_reader_column (self, column)->role;
}

void
cs_csv_reader_set_role (CsCsvReader *self,
                        guint        column,
                        CsCsvRole    role)
{
  CsCsvColumn *c;

  g_return_if_fail (CS_IS_CSV_READER (self));
  g_return_if_fail (column < self->columns->len);
  g_return_if_fail (role <= CS_CSV_ROLE_EVENT_ATTRIBUTE);

  if (cs_csv_role_is_single (role))
    for (guint i = 0; i < self->columns->len; i++)
      if (i != column && cs_csv_reader_column (self, i)->role == role)
        cs_csv_reader_set_role (self, i, CS_CSV_ROLE_EVENT_ATTRIBUTE);

  c = cs_csv_reader_column (self, column);
  c->role = role;
  g_free (c->key);
  if (role == CS_CSV_ROLE_CASE_ATTRIBUTE && g_ascii_strncasecmp (c->name, "case:", 5) == 0 &&
      c->name[5] != '\0')
    c->key = g_strdup (c->name + 5);
  else
    c->key = g_strdup (c->name);
}

gboolean
cs_csv_reader_set_role_by_name (CsCsvReader  *self,
                                const char   *name,
                                CsCsvRole     role,
                                GError      **error)
{
  int column;

  g_return_val_if_fail (CS_IS_CSV_READER (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  column = cs_csv_reader_find_column (self, name);
  if (column < 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < self->columns->len; i++)
        g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "", cs_csv_reader_column (self, i)->name);
      g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND,
                   _("There is no column “%s”; the columns are %s"), name, names->str);
      return FALSE;
    }
  cs_csv_reader_set_role (self, column, role);
  return TRUE;
}

const char *
cs_csv_reader_get_attribute_key (CsCsvReader *self,
                                 guint        column)
{
  g_return_val_if_fail (CS_IS_CSV_READER (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);

  return cs_csv_reader_column (self, column)->key;
}

guint
cs_csv_reader_get_n_skipped_rows (CsCsvReader *self)
{
  g_return_val_if_fail (CS_IS_CSV_READER (self), 0);
  return self->skipped->len;
}

guint
cs_csv_reader_get_skipped_row_line (CsCsvReader *self,
                                    guint        index)
{
  g_return_val_if_fail (CS_IS_CSV_READER (self), 0);
  g_return_val_if_fail (index < self->skipped->len, 0);

  return g_array_index (self->skipped, CsCsvProblem, index).line;
}

const char *
cs_csv_reader_get_skipped_row_message (CsCsvReader *self,
                                       guint        index)
{
  g_return_val_if_fail (CS_IS_CSV_READER (self), NULL);
  g_return_val_if_fail (index < self->skipped->len, NULL);

  return g_array_index (self->skipped, CsCsvProblem, index).message;
}
