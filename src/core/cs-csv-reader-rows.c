/* cs-csv-reader-rows.c: from CSV records to the event log
 *
 * Rows become compact Row structs whose strings are interned in the log
 * being built; once the file is read and found clean (or its bad rows
 * skipped), rows are grouped by case in order of first appearance, a stable
 * sort keeping the file's order within a case, and handed to the log, which
 * sorts each case by time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-csv-reader-private.h"
#include "cs-error.h"

typedef struct
{
  guint32 case_id;       /* string ids in the log */
  guint32 activity;
  guint32 resource;
  guint32 first_value;   /* into Reading.values: one per attribute column */
  guint32 case_order;
  guint8  lifecycle;
  gboolean has_start;
  gint64  timestamp;
  gint64  start;
} Row;

typedef struct
{
  CsCsvReader *self;
  CsEventLog  *log;
  GTimeZone   *zone;         /* NULL for UTC */
  int          column_of[CS_CSV_ROLE_EVENT_ATTRIBUTE + 1];   /* single roles; -1 when unmapped */
  GArray      *attribute_columns;   /* guint: columns holding attributes */
  GArray      *rows;                /* Row */
  GArray      *values;              /* guint32 string ids, attribute_columns->len per row */
  GHashTable  *case_order;          /* case string id → order + 1 */
  GArray      *bad;                 /* CsCsvProblem */
} Reading;

static gboolean
parse_time (Reading    *r,
            const char *text,
            gint64     *usec)
{
  switch (r->self->time_format)
    {
    case CS_CSV_TIME_ISO8601:
      return cs_timestamp_parse_iso8601 (text, r->zone, usec);
    case CS_CSV_TIME_DMY:
      return cs_timestamp_parse_dmy (text, r->zone, usec);
    case CS_CSV_TIME_EPOCH_SECONDS:
      return cs_timestamp_parse_epoch (text, FALSE, usec);
    case CS_CSV_TIME_EPOCH_MILLISECONDS:
      return cs_timestamp_parse_epoch (text, TRUE, usec);
    case CS_CSV_TIME_AUTO:
    default:
      if (cs_timestamp_parse_iso8601 (text, r->zone, usec) || cs_timestamp_parse_dmy (text, r->zone, usec))
        return TRUE;
      /* Epoch seconds stay below 10^11 until the year 5138; milliseconds
       * pass it in 1973. */
      if (!cs_timestamp_parse_epoch (text, FALSE, usec))
        return FALSE;
      if (*usec >= G_GINT64_CONSTANT (100000000000) * G_USEC_PER_SEC ||
          *usec <= G_GINT64_CONSTANT (-100000000000) * G_USEC_PER_SEC)
        return cs_timestamp_parse_epoch (text, TRUE, usec);
      return TRUE;
    }
}

static void
add_bad (Reading *r,
         guint    line,
         char    *message)
{
  CsCsvProblem problem = { line, message };

  g_array_append_val (r->bad, problem);
}

/* The text of a single-role column for this row, or NULL when unmapped. */
static const char *
role_text (Reading        *r,
           CsCsvTokenizer *t,
           CsCsvRole       role)
{
  return r->column_of[role] >= 0 ? cs_csv_tokenizer_field (t, r->column_of[role]) : NULL;
}

static gboolean
required (Reading        *r,
          CsCsvTokenizer *t,
          CsCsvRole       role,
          const char     *text)
{
  if (text != NULL && *text != '\0')
    return TRUE;
  add_bad (r, t->record_line,
           g_strdup_printf (_("Line %u: the %s (column “%s”) is empty"), t->record_line,
                            cs_csv_role_description (role),
                            cs_csv_reader_column (r->self, r->column_of[role])->name));
  return FALSE;
}

static gboolean
time_field (Reading        *r,
            CsCsvTokenizer *t,
            CsCsvRole       role,
            const char     *text,
            gint64         *usec)
{
  if (parse_time (r, text, usec))
    return TRUE;
  add_bad (r, t->record_line,
           g_strdup_printf (_("Line %u: unknown timestamp format “%s” in column “%s” (expected "
                              "ISO 8601 such as 2026-10-25T01:30:00+02:00, YYYY-MM-DD HH:MM:SS, "
                              "DD-MM-YYYY HH:MM or seconds since 1970)"),
                            t->record_line, text, cs_csv_reader_column (r->self, r->column_of[role])->name));
  return FALSE;
}

static void
read_row (Reading        *r,
          CsCsvTokenizer *t)
{
  guint n_columns = r->self->columns->len;
  const char *case_id, *activity, *timestamp, *start, *resource, *lifecycle;
  gpointer order;
  Row row = { 0, };

  if (t->problem != NULL)
    {
      add_bad (r, t->record_line, g_steal_pointer (&t->problem));
      return;
    }
  if (t->n_fields != n_columns)
    {
      add_bad (r, t->record_line,
               g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Line %u: %u field where the header has %u columns",
                                             "Line %u: %u fields where the header has %u columns",
                                             t->n_fields),
                                t->record_line, t->n_fields, n_columns));
      return;
    }
  for (guint i = 0; i < t->n_fields; i++)
    if (!g_utf8_validate (cs_csv_tokenizer_field (t, i), -1, NULL))
      {
        add_bad (r, t->record_line,
                 g_strdup_printf (_("Line %u: column “%s” is not valid UTF-8 text"),
                                  t->record_line, cs_csv_reader_column (r->self, i)->name));
        return;
      }

  case_id = role_text (r, t, CS_CSV_ROLE_CASE_ID);
  activity = role_text (r, t, CS_CSV_ROLE_ACTIVITY);
  timestamp = role_text (r, t, CS_CSV_ROLE_TIMESTAMP);
  start = role_text (r, t, CS_CSV_ROLE_START_TIMESTAMP);
  resource = role_text (r, t, CS_CSV_ROLE_RESOURCE);
  lifecycle = role_text (r, t, CS_CSV_ROLE_LIFECYCLE);

  if (!required (r, t, CS_CSV_ROLE_CASE_ID, case_id) ||
      !required (r, t, CS_CSV_ROLE_ACTIVITY, activity) ||
      !required (r, t, CS_CSV_ROLE_TIMESTAMP, timestamp) ||
      !time_field (r, t, CS_CSV_ROLE_TIMESTAMP, timestamp, &row.timestamp))
    return;
  if (start != NULL && *start != '\0')
    {
      if (!time_field (r, t, CS_CSV_ROLE_START_TIMESTAMP, start, &row.start))
        return;
      row.has_start = TRUE;
    }

  /* After a bad row nothing is kept: the read fails unless bad rows are skipped. */
  if (r->bad->len > 0 && !r->self->skip_bad_rows)
    return;

  row.case_id = cs_event_log_intern (r->log, case_id);
  row.activity = cs_event_log_intern (r->log, activity);
  row.resource = resource != NULL && *resource != '\0' ? cs_event_log_intern (r->log, resource) : 0;
  row.lifecycle = cs_lifecycle_from_string (lifecycle);
  if (!g_hash_table_lookup_extended (r->case_order, GUINT_TO_POINTER (row.case_id), NULL, &order))
    {
      order = GUINT_TO_POINTER (g_hash_table_size (r->case_order));
      g_hash_table_insert (r->case_order, GUINT_TO_POINTER (row.case_id), order);
    }
  row.case_order = GPOINTER_TO_UINT (order);
  row.first_value = r->values->len;
  for (guint i = 0; i < r->attribute_columns->len; i++)
    {
      const char *text = cs_csv_tokenizer_field (t, g_array_index (r->attribute_columns, guint, i));
      guint32 id = *text != '\0' ? cs_event_log_intern (r->log, text) : 0;

      g_array_append_val (r->values, id);
    }
  g_array_append_val (r->rows, row);
}

/* The @index-th of the columns holding attributes. */
static CsCsvColumn *
attribute_column (Reading *r,
                  guint    index)
{
  return cs_csv_reader_column (r->self, g_array_index (r->attribute_columns, guint, index));
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Row *x = a, *y = b;

  return x->case_order < y->case_order ? -1 : x->case_order > y->case_order;
}

/* Hands the rows to the log, case by case. */
static void
build_log (Reading *r)
{
  guint n_attr = r->attribute_columns->len;
  Row *rows;
  guint n;

  /* g_qsort_with_data() is stable: rows keep their file order within a case. */
  g_qsort_with_data (r->rows->data, r->rows->len, sizeof (Row), compare_rows, NULL);
  rows = (Row *) (gpointer) r->rows->data;
  n = r->rows->len;

  for (guint begin = 0, end; begin < n; begin = end)
    {
      for (end = begin + 1; end < n && rows[end].case_order == rows[begin].case_order; end++)
        ;

      cs_event_log_begin_case (r->log);
      cs_event_log_set_case_id (r->log, cs_event_log_get_string (r->log, rows[begin].case_id));

      /* A case attribute is the first value its rows give. */
      for (guint a = 0; a < n_attr; a++)
        {
          CsCsvColumn *column = attribute_column (r, a);

          if (column->role != CS_CSV_ROLE_CASE_ATTRIBUTE)
            continue;
          for (guint i = begin; i < end; i++)
            {
              guint32 value = g_array_index (r->values, guint32, rows[i].first_value + a);

              if (value != 0)
                {
                  cs_event_log_add_case_attribute (r->log, column->key, CS_ATTRIBUTE_STRING,
                                                   cs_event_log_get_string (r->log, value));
                  break;
                }
            }
        }

      for (guint i = begin; i < end; i++)
        {
          const char *activity = cs_event_log_get_string (r->log, rows[i].activity);
          const char *resource = cs_event_log_get_string (r->log, rows[i].resource);

          if (rows[i].has_start)
            cs_event_log_add_event (r->log, activity, rows[i].start, CS_LIFECYCLE_START, resource);
          cs_event_log_add_event (r->log, activity, rows[i].timestamp, rows[i].lifecycle, resource);
          for (guint a = 0; a < n_attr; a++)
            {
              CsCsvColumn *column = attribute_column (r, a);
              guint32 value = g_array_index (r->values, guint32, rows[i].first_value + a);

              if (column->role == CS_CSV_ROLE_EVENT_ATTRIBUTE && value != 0)
                cs_event_log_add_event_attribute (r->log, column->key, CS_ATTRIBUTE_STRING,
                                                  cs_event_log_get_string (r->log, value));
            }
        }
      cs_event_log_end_case (r->log);
    }
}

static gboolean
check_mapping (Reading  *r,
               GError  **error)
{
  static const CsCsvRole needed[] = { CS_CSV_ROLE_CASE_ID, CS_CSV_ROLE_ACTIVITY, CS_CSV_ROLE_TIMESTAMP };

  for (guint i = 0; i < r->self->columns->len; i++)
    {
      CsCsvRole role = cs_csv_reader_column (r->self, i)->role;

      if (cs_csv_role_is_single (role))
        r->column_of[role] = (int) i;
      else if (role == CS_CSV_ROLE_CASE_ATTRIBUTE || role == CS_CSV_ROLE_EVENT_ATTRIBUTE)
        g_array_append_val (r->attribute_columns, i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    if (r->column_of[needed[i]] < 0)
      {
        g_autoptr(GString) names = g_string_new (NULL);

        for (guint c = 0; c < r->self->columns->len; c++)
          g_string_append_printf (names, "%s“%s”", c > 0 ? ", " : "",
                                  cs_csv_reader_column (r->self, c)->name);
        g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                     _("No column holds the %s; the columns are %s"),
                     cs_csv_role_description (needed[i]), names->str);
        return FALSE;
      }
  return TRUE;
}

static void
report_bad_rows (Reading  *r,
                 GError  **error)
{
  guint n = r->bad->len;
  guint shown = MIN (n, r->self->max_reported);
  g_autoptr(GString) message = g_string_new (NULL);

  g_string_append_printf (message,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%u row could not be read, so nothing was imported:",
                                       "%u rows could not be read, so nothing was imported:", n),
                          n);
  for (guint i = 0; i < shown; i++)
    g_string_append_printf (message, "\n%s", g_array_index (r->bad, CsCsvProblem, i).message);
  if (n > shown)
    {
      g_string_append_c (message, '\n');
      g_string_append_printf (message, g_dngettext (GETTEXT_PACKAGE, "… and %u more row",
                                                    "… and %u more rows", n - shown),
                              n - shown);
    }
  g_set_error_literal (error, CS_ERROR, CS_ERROR_PARSE, message->str);
}

CsEventLog *
cs_csv_reader_read (CsCsvReader   *self,
                    GInputStream  *stream,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(CsEventLog) log = NULL;
  CsEventLog *result = NULL;
  CsCsvTokenizer t;
  Reading r;
  int status;

  g_return_val_if_fail (CS_IS_CSV_READER (self), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_array_set_size (self->skipped, 0);
  log = cs_event_log_new ();
  cs_csv_tokenizer_init (&t, stream, cancellable);
  memset (&r, 0, sizeof r);
  r.self = self;
  r.log = log;
  r.zone = g_strcmp0 (g_time_zone_get_identifier (self->time_zone), "UTC") == 0 ? NULL : self->time_zone;
  for (guint i = 0; i < G_N_ELEMENTS (r.column_of); i++)
    r.column_of[i] = -1;
  r.attribute_columns = g_array_new (FALSE, FALSE, sizeof (guint));
  r.rows = g_array_new (FALSE, FALSE, sizeof (Row));
  r.values = g_array_new (FALSE, FALSE, sizeof (guint32));
  r.case_order = g_hash_table_new (g_direct_hash, g_direct_equal);
  r.bad = g_array_new (FALSE, FALSE, sizeof (CsCsvProblem));
  g_array_set_clear_func (r.bad, cs_csv_problem_clear);

  if (!cs_csv_reader_start_header (self, &t, error))
    goto out;
  if (!self->mapped)
    cs_csv_reader_guess_columns (self, &t);
  else if (!cs_csv_reader_same_header (self, &t))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("The file's header is not the one the column mapping was made for"));
      goto out;
    }
  if (!check_mapping (&r, error))
    goto out;

  while ((status = cs_csv_tokenizer_next (&t, error)) > 0)
    read_row (&r, &t);
  if (status < 0)
    goto out;

  if (r.bad->len > 0 && !self->skip_bad_rows)
    {
      report_bad_rows (&r, error);
      goto out;
    }
  if (r.rows->len == 0)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("The CSV file contains no events"));
      goto out;
    }

  build_log (&r);
  /* The report of what was skipped takes over the problems. */
  g_array_append_vals (self->skipped, r.bad->data, r.bad->len);
  g_array_set_clear_func (r.bad, NULL);
  result = g_steal_pointer (&log);

out:
  cs_csv_tokenizer_clear (&t);
  g_array_unref (r.attribute_columns);
  g_array_unref (r.rows);
  g_array_unref (r.values);
  g_hash_table_unref (r.case_order);
  g_array_unref (r.bad);
  return result;
}

CsEventLog *
cs_csv_reader_read_file (CsCsvReader   *self,
                         GFile         *file,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  CsEventLog *log;

  g_return_val_if_fail (CS_IS_CSV_READER (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  log = cs_csv_reader_read (self, G_INPUT_STREAM (stream), cancellable, error);
  if (log == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      g_prefix_error (error, "%s: ", name);
    }
  return log;
}
