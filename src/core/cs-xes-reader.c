/* cs-xes-reader.c: read IEEE 1849 XES event logs, plain or gzipped
 *
 * A GMarkupParseContext is fed the stream as it is read, 64 KiB at a time,
 * so memory does not grow with the file. It is given one line per call:
 * GMarkup reports the position after a tag (often the start of the next
 * line), so knowing the line being parsed lets errors name the line and
 * column where the offending element starts.
 *
 * The element stack is tracked by depth; a subtree the reader does not use
 * (globals, classifiers, nested attributes, unknown elements) is skipped by
 * remembering the depth where it started. Events are collected until their
 * end tag, since their attributes come in any order, and then added to the
 * log; the log sorts each case when its trace ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-xes-reader.h"

#define CHUNK_SIZE (64 * 1024)

struct _CsXesReader
{
  GObject    parent_instance;

  GTimeZone *time_zone;
  char      *start_key;
};

G_DEFINE_FINAL_TYPE (CsXesReader, cs_xes_reader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIME_ZONE,
  PROP_START_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  IN_DOCUMENT,
  IN_LOG,
  IN_TRACE,
  IN_EVENT,
} Where;

typedef struct
{
  guint32          key;     /* interned in the log */
  guint32          value;
  CsAttributeType  type;
} Pending;

typedef struct
{
  CsXesReader         *reader;
  GTimeZone           *zone;      /* NULL for UTC */
  CsEventLog          *log;
  GMarkupParseContext *context;

  const char          *line_text;   /* the line being parsed */
  gsize                line_length;
  int                  line_number;

  Where                where;
  int                  depth;
  int                  skip_from;   /* > 0: inside a skipped subtree that starts at this depth */

  int                  trace_line;
  char                *case_id;

  int                  event_line;
  int                  event_column;
  guint32              activity;
  guint32              resource;
  gint64               timestamp;
  gboolean             has_timestamp;
  gint64               start;
  gboolean             has_start;
  CsLifecycle          lifecycle;
  GArray              *extra;       /* Pending */
} Parser;

static void
cs_xes_reader_finalize (GObject *object)
{
  CsXesReader *self = (CsXesReader *) object;

  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  g_clear_pointer (&self->start_key, g_free);

  G_OBJECT_CLASS (cs_xes_reader_parent_class)->finalize (object);
}

static void
cs_xes_reader_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CsXesReader *self = CS_XES_READER (object);

  switch (prop_id)
    {
    case PROP_TIME_ZONE:
      g_value_set_boxed (value, self->time_zone);
      break;
    case PROP_START_KEY:
      g_value_set_string (value, self->start_key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_xes_reader_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CsXesReader *self = CS_XES_READER (object);

  switch (prop_id)
    {
    case PROP_TIME_ZONE:
      cs_xes_reader_set_time_zone (self, g_value_get_boxed (value));
      break;
    case PROP_START_KEY:
      cs_xes_reader_set_start_key (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_xes_reader_class_init (CsXesReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_xes_reader_finalize;
  object_class->get_property = cs_xes_reader_get_property;
  object_class->set_property = cs_xes_reader_set_property;

  properties[PROP_TIME_ZONE] =
    g_param_spec_boxed ("time-zone", NULL, NULL, G_TYPE_TIME_ZONE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_START_KEY] =
    g_param_spec_string ("start-key", NULL, NULL, "start_timestamp",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_xes_reader_init (CsXesReader *self)
{
  self->time_zone = g_time_zone_new_utc ();
  self->start_key = g_strdup ("start_timestamp");
}

CsXesReader *
cs_xes_reader_new (void)
{
  return g_object_new (CS_TYPE_XES_READER, NULL);
}

GTimeZone *
cs_xes_reader_get_time_zone (CsXesReader *self)
{
  g_return_val_if_fail (CS_IS_XES_READER (self), NULL);
  return self->time_zone;
}

void
cs_xes_reader_set_time_zone (CsXesReader *self,
                             GTimeZone   *zone)
{
  g_return_if_fail (CS_IS_XES_READER (self));

  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  else
    g_time_zone_ref (zone);
  if (g_strcmp0 (g_time_zone_get_identifier (zone), g_time_zone_get_identifier (self->time_zone)) == 0)
    {
      g_time_zone_unref (zone);
      return;
    }
  g_time_zone_unref (self->time_zone);
  self->time_zone = zone;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_ZONE]);
}

const char *
cs_xes_reader_get_start_key (CsXesReader *self)
{
  g_return_val_if_fail (CS_IS_XES_READER (self), NULL);
  return self->start_key;
}

void
cs_xes_reader_set_start_key (CsXesReader *self,
                             const char  *key)
{
  g_return_if_fail (CS_IS_XES_READER (self));

  if (key != NULL && *key == '\0')
    key = NULL;
  if (g_strcmp0 (self->start_key, key) == 0)
    return;
  g_free (self->start_key);
  self->start_key = g_strdup (key);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_KEY]);
}

/* Parsing */

static const char *
local_name (const char *element)
{
  const char *colon = strchr (element, ':');

  return colon ? colon + 1 : element;
}

/* Whether @name is an attribute element; sets @type for the simple ones and
 * @compound for list and container, whose contents are skipped. */
static gboolean
attribute_element (const char      *name,
                   CsAttributeType *type,
                   gboolean        *compound)
{
  *compound = FALSE;
  if (cs_attribute_type_from_string (name, type))
    return TRUE;
  if (g_str_equal (name, "list") || g_str_equal (name, "container"))
    {
      *compound = TRUE;
      return TRUE;
    }
  return FALSE;
}

/* Where the element whose start tag was just parsed begins. */
static void
position (Parser *p,
          int    *line,
          int    *column)
{
  int at_line, at_char;
  gsize offset = 0;

  g_markup_parse_context_get_position (p->context, &at_line, &at_char);
  if (at_line > p->line_number)
    offset = p->line_length;   /* the line's end has been read */
  else
    for (int c = 1; c < at_char && offset < p->line_length; c++)
      offset = g_utf8_next_char (p->line_text + offset) - p->line_text;

  /* The character before the position may already follow the tag. */
  for (gsize i = offset > 0 ? offset - 1 : 0; i > 0; i--)
    if (p->line_text[i - 1] == '<')
      {
        *line = p->line_number;
        if (column != NULL)
          *column = (int) g_utf8_strlen (p->line_text, i - 1) + 1;
        return;
      }
  /* A tag spread over several lines: where GMarkup is. */
  *line = at_line;
  if (column != NULL)
    *column = at_char;
}

static void
set_error_here (Parser      *p,
                GError     **error,
                const char  *message)
{
  int line, column;

  position (p, &line, &column);
  /* TRANSLATORS: the position of a problem in an XES file, then the problem */
  g_set_error (error, CS_ERROR, CS_ERROR_PARSE, _("Line %d, column %d: %s"), line, column, message);
}

static void
reset_event (Parser *p)
{
  p->activity = 0;
  p->resource = 0;
  p->has_timestamp = FALSE;
  p->has_start = FALSE;
  p->lifecycle = CS_LIFECYCLE_COMPLETE;
  g_array_set_size (p->extra, 0);
}

static gboolean
parse_time (Parser      *p,
            const char  *key,
            const char  *value,
            gint64      *out,
            GError     **error)
{
  if (cs_timestamp_parse_iso8601 (value, p->zone, out))
    return TRUE;

  {
    g_autofree char *message = g_strdup_printf (_("unknown timestamp format “%s” in %s "
                                                  "(expected ISO 8601, e.g. "
                                                  "2011-10-11T13:45:40.276+02:00)"),
                                                value, key);
    set_error_here (p, error, message);
  }
  return FALSE;
}

static gboolean
event_attribute (Parser           *p,
                 const char       *key,
                 CsAttributeType   type,
                 const char       *value,
                 GError          **error)
{
  if (g_str_equal (key, "concept:name"))
    p->activity = cs_event_log_intern (p->log, value);
  else if (g_str_equal (key, "time:timestamp"))
    {
      if (!parse_time (p, key, value, &p->timestamp, error))
        return FALSE;
      p->has_timestamp = TRUE;
    }
  else if (g_str_equal (key, "lifecycle:transition"))
    p->lifecycle = cs_lifecycle_from_string (value);
  else if (g_str_equal (key, "org:resource"))
    p->resource = cs_event_log_intern (p->log, value);
  else if (type == CS_ATTRIBUTE_DATE && g_strcmp0 (key, p->reader->start_key) == 0)
    {
      if (!parse_time (p, key, value, &p->start, error))
        return FALSE;
      p->has_start = TRUE;
    }
  else
    {
      Pending pending = { cs_event_log_intern (p->log, key), cs_event_log_intern (p->log, value), type };

      g_array_append_val (p->extra, pending);
    }
  return TRUE;
}

static gboolean
attribute (Parser           *p,
           const char       *element,
           CsAttributeType   type,
           const char      **names,
           const char      **values,
           GError          **error)
{
  const char *key = NULL;
  const char *value = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "key"))
        key = values[i];
      else if (g_str_equal (names[i], "value"))
        value = values[i];
    }
  if (key == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("<%s> has no key"), element);
      set_error_here (p, error, message);
      return FALSE;
    }
  if (value == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("<%s key=\"%s\"> has no value"), element, key);
      set_error_here (p, error, message);
      return FALSE;
    }

  switch (p->where)
    {
    case IN_LOG:
      if (g_str_equal (key, "concept:name"))
        cs_event_log_set_name (p->log, value);
      cs_event_log_add_log_attribute (p->log, key, type, value);
      return TRUE;
    case IN_TRACE:
      if (g_str_equal (key, "concept:name"))
        {
          g_free (p->case_id);
          p->case_id = g_strdup (value);
          cs_event_log_set_case_id (p->log, value);
        }
      else
        cs_event_log_add_case_attribute (p->log, key, type, value);
      return TRUE;
    case IN_EVENT:
      return event_attribute (p, key, type, value, error);
    case IN_DOCUMENT:
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element_name,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  Parser *p = user_data;
  const char *name = local_name (element_name);
  CsAttributeType type;
  gboolean compound;

  p->depth++;
  if (p->skip_from > 0)
    return;

  if (p->where == IN_DOCUMENT)
    {
      if (!g_str_equal (name, "log"))
        {
          g_autofree char *message = g_strdup_printf (_("the document is a <%s>, not an XES <log>"),
                                                      element_name);
          set_error_here (p, error, message);
          return;
        }
      p->where = IN_LOG;
      return;
    }

  if (attribute_element (name, &type, &compound))
    {
      /* Nested attributes (meta data about an attribute) are not used. */
      p->skip_from = p->depth;
      if (!compound)
        attribute (p, element_name, type, names, values, error);
      return;
    }

  if (g_str_equal (name, "trace"))
    {
      if (p->where != IN_LOG)
        {
          set_error_here (p, error, _("a <trace> inside another <trace>"));
          return;
        }
      p->where = IN_TRACE;
      position (p, &p->trace_line, NULL);
      g_clear_pointer (&p->case_id, g_free);
      cs_event_log_begin_case (p->log);
      return;
    }

  if (g_str_equal (name, "event"))
    {
      if (p->where != IN_TRACE)
        {
          set_error_here (p, error, p->where == IN_LOG ? _("an <event> outside a <trace>")
                                                       : _("an <event> inside another <event>"));
          return;
        }
      p->where = IN_EVENT;
      position (p, &p->event_line, &p->event_column);
      reset_event (p);
      return;
    }

  /* <extension>, <global>, <classifier> and anything unknown. */
  p->skip_from = p->depth;
}

static gboolean
finish_event (Parser  *p,
              GError **error)
{
  const char *activity = cs_event_log_get_string (p->log, p->activity);
  const char *resource = cs_event_log_get_string (p->log, p->resource);

  if (activity == NULL || *activity == '\0')
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                   _("Line %d, column %d: the event has no activity (concept:name)"),
                   p->event_line, p->event_column);
      return FALSE;
    }
  if (!p->has_timestamp)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                   _("Line %d, column %d: the event “%s” has no time:timestamp"),
                   p->event_line, p->event_column, activity);
      return FALSE;
    }

  if (p->has_start)
    cs_event_log_add_event (p->log, activity, p->start, CS_LIFECYCLE_START, resource);
  cs_event_log_add_event (p->log, activity, p->timestamp, p->lifecycle, resource);
  for (guint i = 0; i < p->extra->len; i++)
    {
      Pending *pending = &g_array_index (p->extra, Pending, i);

      cs_event_log_add_event_attribute (p->log, cs_event_log_get_string (p->log, pending->key),
                                        pending->type,
                                        cs_event_log_get_string (p->log, pending->value));
    }
  return TRUE;
}

static gboolean
finish_trace (Parser  *p,
              GError **error)
{
  if (p->case_id == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                   _("Line %d: the trace has no case id (concept:name)"), p->trace_line);
      return FALSE;
    }
  if (cs_event_log_find_case (p->log, p->case_id) >= 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                   _("Line %d: the case id “%s” is already used by an earlier trace"),
                   p->trace_line, p->case_id);
      return FALSE;
    }
  cs_event_log_end_case (p->log);
  return TRUE;
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element_name,
             gpointer              user_data,
             GError              **error)
{
  Parser *p = user_data;
  const char *name = local_name (element_name);

  p->depth--;
  if (p->skip_from > 0)
    {
      if (p->depth < p->skip_from)
        p->skip_from = 0;
      return;
    }

  if (p->where == IN_EVENT && g_str_equal (name, "event"))
    {
      p->where = IN_TRACE;
      finish_event (p, error);
    }
  else if (p->where == IN_TRACE && g_str_equal (name, "trace"))
    {
      p->where = IN_LOG;
      finish_trace (p, error);
    }
}

static const GMarkupParser parser_funcs = {
  start_element,
  end_element,
  NULL,
  NULL,
  NULL,
};

/* A stream of the XML text: @stream itself, or its decompression when it
 * starts with the gzip magic bytes. */
static GInputStream *
open_text_stream (GInputStream  *stream,
                  gboolean      *gzipped,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GInputStream) buffered = g_buffered_input_stream_new_sized (stream, CHUNK_SIZE);
  g_autoptr(GConverter) decompressor = NULL;
  const guint8 *head;
  gsize available;

  /* fill() may return fewer bytes than asked for before the end. */
  while ((available = g_buffered_input_stream_get_available (G_BUFFERED_INPUT_STREAM (buffered))) < 2)
    {
      gssize n = g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), CHUNK_SIZE,
                                               cancellable, error);
      if (n < 0)
        return NULL;
      if (n == 0)
        break;
    }

  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &available);
  *gzipped = available >= 2 && head[0] == 0x1f && head[1] == 0x8b;
  if (!*gzipped)
    return g_steal_pointer (&buffered);

  decompressor = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  return g_converter_input_stream_new (buffered, decompressor);
}

CsEventLog *
cs_xes_reader_read (CsXesReader   *self,
                    GInputStream  *stream,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(CsEventLog) log = NULL;
  CsEventLog *result = NULL;
  g_autoptr(GInputStream) text = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *buffer = NULL;
  g_autoptr(GByteArray) pending = NULL;
  gboolean gzipped = FALSE;
  gboolean parsed_all = FALSE;
  gboolean at_end = FALSE;
  gboolean content = FALSE;
  Parser p = { 0, };
  gssize n;

  g_return_val_if_fail (CS_IS_XES_READER (self), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = open_text_stream (stream, &gzipped, cancellable, error);
  if (text == NULL)
    return NULL;

  log = cs_event_log_new ();
  p.reader = self;
  p.log = log;
  p.zone = g_strcmp0 (g_time_zone_get_identifier (self->time_zone), "UTC") == 0 ? NULL : self->time_zone;
  p.extra = g_array_new (FALSE, FALSE, sizeof (Pending));
  context = g_markup_parse_context_new (&parser_funcs, 0, &p, NULL);
  p.context = context;
  buffer = g_malloc (CHUNK_SIZE);

  p.line_number = 1;
  pending = g_byte_array_sized_new (2 * CHUNK_SIZE);
  do
    {
      gsize start = 0;

      n = g_input_stream_read (text, buffer, CHUNK_SIZE, cancellable, &local_error);
      if (n < 0)
        break;
      g_byte_array_append (pending, buffer, n);
      for (gssize i = 0; i < n && !content; i++)
        content = !g_ascii_isspace (buffer[i]);

      /* Whole lines; at the end (or in a line of more than a mebibyte), what is left. */
      while (start < pending->len && local_error == NULL)
        {
          const guint8 *nl = memchr (pending->data + start, '\n', pending->len - start);
          gsize end;

          if (nl == NULL && n > 0 && pending->len - start < 1024 * 1024)
            break;
          end = nl ? (gsize) (nl - pending->data) + 1 : pending->len;
          p.line_text = (const char *) pending->data + start;
          p.line_length = end - start;
          g_markup_parse_context_parse (context, p.line_text, p.line_length, &local_error);
          if (nl != NULL)
            p.line_number++;
          start = end;
        }
      g_byte_array_remove_range (pending, 0, start);
    }
  while (n > 0 && local_error == NULL);
  if (local_error == NULL && !content)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT, _("The XES log is empty"));
      goto out;
    }
  if (local_error == NULL)
    {
      at_end = TRUE;
      parsed_all = g_markup_parse_context_end_parse (context, &local_error);
    }

  if (!parsed_all)
    {
      g_assert (local_error != NULL);
      if (local_error->domain == G_MARKUP_ERROR && at_end)
        g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                     _("The XES log ends early (truncated?): %s"), local_error->message);
      else if (local_error->domain == G_MARKUP_ERROR)
        g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                     _("The XES log is not well-formed XML: %s"), local_error->message);
      else if (gzipped && local_error->domain == G_IO_ERROR &&
               (local_error->code == G_IO_ERROR_PARTIAL_INPUT ||
                local_error->code == G_IO_ERROR_INVALID_DATA))
        g_set_error (error, CS_ERROR, CS_ERROR_PARSE,
                     _("The gzip data of the log is damaged or truncated: %s"), local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  else if (cs_event_log_get_n_events (log) == 0)
    g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                         _("The XES log contains no events"));
  else
    result = g_steal_pointer (&log);

out:
  g_array_unref (p.extra);
  g_free (p.case_id);
  return result;
}

CsEventLog *
cs_xes_reader_read_file (CsXesReader   *self,
                         GFile         *file,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *name = NULL;
  CsEventLog *log;

  g_return_val_if_fail (CS_IS_XES_READER (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  log = cs_xes_reader_read (self, G_INPUT_STREAM (stream), cancellable, error);
  if (log == NULL)
    {
      name = g_file_get_basename (file);
      g_prefix_error (error, "%s: ", name);
    }
  return log;
}
