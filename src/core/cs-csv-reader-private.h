/* cs-csv-reader-private.h: what the CSV reader's files share
 *
 * cs-csv-reader.c holds the object, its settings and the column mapping;
 * cs-csv-reader-tokenizer.c splits the stream into records;
 * cs-csv-reader-rows.c turns records into the event log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-csv-reader.h"

G_BEGIN_DECLS

typedef struct
{
  char      *name;
  char      *key;      /* the attribute key */
  CsCsvRole  role;
} CsCsvColumn;

/* A row that could not be read. */
typedef struct
{
  guint  line;
  char  *message;
} CsCsvProblem;

struct _CsCsvReader
{
  GObject          parent_instance;

  char             separator;        /* as set; 0 = detect */
  char             used_separator;
  GTimeZone       *time_zone;
  CsCsvTimeFormat  time_format;
  gboolean         skip_bad_rows;
  guint            max_reported;

  GPtrArray       *columns;          /* CsCsvColumn; empty until a header was read */
  gboolean         mapped;           /* the columns come from read_header(), maybe corrected */
  GPtrArray       *samples;          /* GStrv per row */
  GArray          *skipped;          /* CsCsvProblem */
};

/* The tokenizer: records from a stream, as they arrive. */
typedef struct
{
  GInputStream *in;
  GCancellable *cancellable;
  GByteArray   *buf;
  gsize         pos;
  gboolean      eof;
  char          separator;
  guint         line;          /* of the next character */
  gboolean      after_cr;      /* the last character was a CR */

  guint         record_line;   /* where the record just read starts */
  GPtrArray    *fields;        /* GString, reused */
  guint         n_fields;
  char         *problem;       /* what is wrong with the record, or NULL */
} CsCsvTokenizer;

void          cs_csv_tokenizer_init        (CsCsvTokenizer  *t,
                                            GInputStream    *in,
                                            GCancellable    *cancellable);
void          cs_csv_tokenizer_clear       (CsCsvTokenizer  *t);
/* Skips a byte-order mark and settles the separator (@separator, or
 * detected from the header line when 0). */
gboolean      cs_csv_tokenizer_start       (CsCsvTokenizer  *t,
                                            char             separator,
                                            GError         **error);
/* Reads the next non-blank record: 1, or 0 at the end, or -1 on error. */
int           cs_csv_tokenizer_next        (CsCsvTokenizer  *t,
                                            GError         **error);
const char   *cs_csv_tokenizer_field       (CsCsvTokenizer  *t,
                                            guint            i);

/* In cs-csv-reader.c */
const char   *cs_csv_role_description      (CsCsvRole        role);
/* Whether one column at most holds @role. */
gboolean      cs_csv_role_is_single        (CsCsvRole        role);
void          cs_csv_problem_clear         (gpointer         data);
CsCsvColumn  *cs_csv_reader_column         (CsCsvReader     *self,
                                            guint            column);
/* Starts @t and reads the header record. */
gboolean      cs_csv_reader_start_header   (CsCsvReader     *self,
                                            CsCsvTokenizer  *t,
                                            GError         **error);
/* Takes the header record as the columns, with guessed roles. */
void          cs_csv_reader_guess_columns  (CsCsvReader     *self,
                                            CsCsvTokenizer  *t);
gboolean      cs_csv_reader_same_header    (CsCsvReader     *self,
                                            CsCsvTokenizer  *t);

G_END_DECLS
