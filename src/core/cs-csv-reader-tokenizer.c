/* cs-csv-reader-tokenizer.c: split CSV text into records as it arrives
 *
 * A small state machine over the bytes, so a quoted field may span chunks
 * and lines; it counts lines, quoted line breaks included, so that problems
 * name the line where their record starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-csv-reader-private.h"
#include "cs-error.h"

#define CHUNK_SIZE (64 * 1024)

typedef enum
{
  FIELD_START,
  UNQUOTED,
  QUOTED,
  QUOTE_IN_QUOTED,   /* a quote inside a quoted field: closing, or the first of a pair */
} State;

static void
free_string (gpointer data)
{
  g_string_free (data, TRUE);
}

void
cs_csv_tokenizer_init (CsCsvTokenizer *t,
                       GInputStream   *in,
                       GCancellable   *cancellable)
{
  memset (t, 0, sizeof *t);
  t->in = in;
  t->cancellable = cancellable;
  t->buf = g_byte_array_sized_new (CHUNK_SIZE);
  t->line = 1;
  t->fields = g_ptr_array_new_with_free_func (free_string);
}

void
cs_csv_tokenizer_clear (CsCsvTokenizer *t)
{
  g_byte_array_unref (t->buf);
  g_ptr_array_unref (t->fields);
  g_free (t->problem);
}

/* Appends what the stream gives next; sets eof at its end. */
static gboolean
tokenizer_fill (CsCsvTokenizer  *t,
                GError         **error)
{
  gsize old;
  gssize n;

  if (t->pos > 0)
    {
      g_byte_array_remove_range (t->buf, 0, t->pos);
      t->pos = 0;
    }
  old = t->buf->len;
  g_byte_array_set_size (t->buf, old + CHUNK_SIZE);
  n = g_input_stream_read (t->in, t->buf->data + old, CHUNK_SIZE, t->cancellable, error);
  g_byte_array_set_size (t->buf, old + MAX (n, 0));
  if (n < 0)
    return FALSE;
  if (n == 0)
    t->eof = TRUE;
  return TRUE;
}

/* Skips a byte-order mark and picks the separator of the header line: the
 * most frequent of , ; and tab outside quotes. */
gboolean
cs_csv_tokenizer_start (CsCsvTokenizer  *t,
                        char             separator,
                        GError         **error)
{
  guint counts[3] = { 0, 0, 0 };
  const char candidates[3] = { ',', ';', '\t' };
  gboolean quoted = FALSE;

  while (!t->eof && memchr (t->buf->data, '\n', t->buf->len) == NULL)
    if (!tokenizer_fill (t, error))
      return FALSE;
  if (t->buf->len >= 3 && memcmp (t->buf->data, "\xEF\xBB\xBF", 3) == 0)
    t->pos = 3;

  t->separator = separator;
  if (separator != 0)
    return TRUE;
  for (gsize i = t->pos; i < t->buf->len; i++)
    {
      char c = t->buf->data[i];

      if (!quoted && (c == '\n' || c == '\r'))
        break;

      if (c == '"')
        quoted = !quoted;
      for (guint k = 0; k < 3 && !quoted; k++)
        if (c == candidates[k])
          counts[k]++;
    }
  t->separator = ',';
  if (counts[1] > counts[0] && counts[1] >= counts[2])
    t->separator = ';';
  else if (counts[2] > counts[0] && counts[2] > counts[1])
    t->separator = '\t';
  return TRUE;
}

static GString *
next_field (CsCsvTokenizer *t)
{
  GString *field;

  if (t->n_fields == t->fields->len)
    g_ptr_array_add (t->fields, g_string_sized_new (32));
  field = g_ptr_array_index (t->fields, t->n_fields++);
  g_string_truncate (field, 0);
  return field;
}

/* Reads the next non-blank record: 1, or 0 at the end, or -1 on error. */
int
cs_csv_tokenizer_next (CsCsvTokenizer  *t,
                       GError         **error)
{
  State state = FIELD_START;
  gboolean any = FALSE;
  guint quote_line = 0;
  GString *field;

  g_clear_pointer (&t->problem, g_free);
  t->n_fields = 0;
  t->record_line = t->line;
  field = next_field (t);

  for (;;)
    {
      char c;

      if (t->pos == t->buf->len)
        {
          if (!t->eof)
            {
              if (!tokenizer_fill (t, error))
                return -1;
              continue;
            }
          if (state == QUOTED)
            {
              g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                           _("Line %u: a quoted field opened here is never closed (truncated file?)"),
                           quote_line);
              return -1;
            }
          return any ? 1 : 0;
        }

      c = (char) t->buf->data[t->pos++];

      if (t->after_cr)
        {
          t->after_cr = FALSE;
          if (c == '\n')
            {
              /* The LF of a CRLF: already counted, and already ended the record. */
              if (state == QUOTED)
                g_string_append_c (field, c);
              continue;
            }
        }
      if (c == '\n' || c == '\r')
        {
          t->line++;
          t->after_cr = c == '\r';
          if (state == QUOTED)
            {
              g_string_append_c (field, c);
              continue;
            }
          if (any)
            return 1;
          /* A blank line. */
          t->record_line = t->line;
          continue;
        }

      any = TRUE;
      switch (state)
        {
        case FIELD_START:
          if (c == '"')
            {
              state = QUOTED;
              quote_line = t->line;
            }
          else if (c == t->separator)
            field = next_field (t);
          else
            {
              g_string_append_c (field, c);
              state = UNQUOTED;
            }
          break;
        case UNQUOTED:
          if (c == t->separator)
            {
              field = next_field (t);
              state = FIELD_START;
            }
          else
            g_string_append_c (field, c);
          break;
        case QUOTED:
          if (c == '"')
            state = QUOTE_IN_QUOTED;
          else
            g_string_append_c (field, c);
          break;
        case QUOTE_IN_QUOTED:
          if (c == '"')
            {
              g_string_append_c (field, '"');
              state = QUOTED;
            }
          else if (c == t->separator)
            {
              field = next_field (t);
              state = FIELD_START;
            }
          else
            {
              if (t->problem == NULL)
                t->problem = g_strdup_printf (_("Line %u: text after the closing quote of field %u"),
                                              t->record_line, t->n_fields);
              g_string_append_c (field, c);
              state = UNQUOTED;
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

const char *
cs_csv_tokenizer_field (CsCsvTokenizer *t,
                        guint           i)
{
  return ((GString *) g_ptr_array_index (t->fields, i))->str;
}
