/* cs-event-log.c: an imported event log: cases of timestamped events
 *
 * Strings live in one GStringChunk; a hash table maps their text to their id
 * so that each distinct value is stored once. Cases, events and attributes
 * are flat arrays of small structs: a case refers to a contiguous run of
 * events, an event to a contiguous run of attributes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cs-event-log.h"

typedef struct
{
  guint32 id;
  guint32 first_event;
  guint32 n_events;
  guint32 first_attribute;
  guint32 n_attributes;
} Case;

struct _CsEventLog
{
  GObject       parent_instance;

  GStringChunk *chunk;
  GHashTable   *string_ids;     /* text (in chunk) → id */
  GPtrArray    *strings;        /* id → text; [0] = NULL */
  GArray       *activity_of;    /* string id → activity index + 1 (0: not an activity) */
  GArray       *activities;     /* activity index → string id */

  guint32       name;
  GArray       *log_attributes;
  GArray       *cases;
  GArray       *events;
  GArray       *case_attributes;
  GArray       *event_attributes;
  GHashTable   *case_of;        /* case id string id → case index + 1 */

  gboolean      building;       /* between begin_case and end_case */
  Case          current;
  guint         n_reordered;
  guint         n_empty_cases;
};

G_DEFINE_FINAL_TYPE (CsEventLog, cs_event_log, G_TYPE_OBJECT)

static const char * const lifecycle_names[] = { "complete", "start", "other" };
static const char * const type_names[] = { "string", "date", "int", "float", "boolean", "id" };

const char *
cs_lifecycle_to_string (CsLifecycle lifecycle)
{
  g_return_val_if_fail (lifecycle <= CS_LIFECYCLE_OTHER, NULL);
  return lifecycle_names[lifecycle];
}

CsLifecycle
cs_lifecycle_from_string (const char *text)
{
  if (text == NULL || *text == '\0' || g_ascii_strcasecmp (text, "complete") == 0)
    return CS_LIFECYCLE_COMPLETE;
  if (g_ascii_strcasecmp (text, "start") == 0)
    return CS_LIFECYCLE_START;
  return CS_LIFECYCLE_OTHER;
}

const char *
cs_attribute_type_to_string (CsAttributeType type)
{
  g_return_val_if_fail (type <= CS_ATTRIBUTE_ID, NULL);
  return type_names[type];
}

gboolean
cs_attribute_type_from_string (const char      *text,
                               CsAttributeType *type)
{
  g_return_val_if_fail (type != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (type_names); i++)
    if (g_str_equal (text, type_names[i]))
      {
        *type = (CsAttributeType) i;
        return TRUE;
      }
  return FALSE;
}

/* The log */

static void
cs_event_log_finalize (GObject *object)
{
  CsEventLog *self = (CsEventLog *) object;

  g_clear_pointer (&self->string_ids, g_hash_table_unref);
  g_clear_pointer (&self->strings, g_ptr_array_unref);
  g_clear_pointer (&self->chunk, g_string_chunk_free);
  g_clear_pointer (&self->activity_of, g_array_unref);
  g_clear_pointer (&self->activities, g_array_unref);
  g_clear_pointer (&self->log_attributes, g_array_unref);
  g_clear_pointer (&self->cases, g_array_unref);
  g_clear_pointer (&self->events, g_array_unref);
  g_clear_pointer (&self->case_attributes, g_array_unref);
  g_clear_pointer (&self->event_attributes, g_array_unref);
  g_clear_pointer (&self->case_of, g_hash_table_unref);

  G_OBJECT_CLASS (cs_event_log_parent_class)->finalize (object);
}

static void
cs_event_log_class_init (CsEventLogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_event_log_finalize;
}

static void
cs_event_log_init (CsEventLog *self)
{
  guint32 none = 0;

  self->chunk = g_string_chunk_new (64 * 1024);
  self->string_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->strings = g_ptr_array_new ();
  g_ptr_array_add (self->strings, NULL);
  self->activity_of = g_array_new (FALSE, TRUE, sizeof (guint32));
  g_array_append_val (self->activity_of, none);
  self->activities = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->log_attributes = g_array_new (FALSE, FALSE, sizeof (CsAttribute));
  self->cases = g_array_new (FALSE, FALSE, sizeof (Case));
  self->events = g_array_new (FALSE, FALSE, sizeof (CsEvent));
  self->case_attributes = g_array_new (FALSE, FALSE, sizeof (CsAttribute));
  self->event_attributes = g_array_new (FALSE, FALSE, sizeof (CsAttribute));
  self->case_of = g_hash_table_new (g_direct_hash, g_direct_equal);
}

CsEventLog *
cs_event_log_new (void)
{
  return g_object_new (CS_TYPE_EVENT_LOG, NULL);
}

guint32
cs_event_log_intern (CsEventLog *log,
                     const char *text)
{
  gpointer id;
  char *copy;
  guint32 none = 0;

  g_return_val_if_fail (CS_IS_EVENT_LOG (log), 0);

  if (text == NULL)
    return 0;
  if (g_hash_table_lookup_extended (log->string_ids, text, NULL, &id))
    return GPOINTER_TO_UINT (id);

  copy = g_string_chunk_insert (log->chunk, text);
  g_ptr_array_add (log->strings, copy);
  g_array_append_val (log->activity_of, none);
  g_hash_table_insert (log->string_ids, copy, GUINT_TO_POINTER (log->strings->len - 1));
  return log->strings->len - 1;
}

const char *
cs_event_log_get_string (CsEventLog *log,
                         guint32     id)
{
  g_return_val_if_fail (CS_IS_EVENT_LOG (log), NULL);
  g_return_val_if_fail (id < log->strings->len, NULL);

  return g_ptr_array_index (log->strings, id);
}

const char *
cs_event_log_get_name (CsEventLog *log)
{
  g_return_val_if_fail (CS_IS_EVENT_LOG (log), NULL);
  return g_ptr_array_index (log->strings, log->name);
}

void
cs_event_log_set_name (CsEventLog *log,
                       const char *name)
{
  g_return_if_fail (CS_IS_EVENT_LOG (log));
  log->name = cs_event_log_intern (log, name);
}

static void
append_attribute (CsEventLog      *log,
                  GArray          *array,
                  const char      *key,
                  CsAttributeType  type,
                  const char      *value)
{
  CsAttribute attribute;

  attribute.key = cs_event_log_intern (log, key);
  attribute.value = cs_event_log_intern (log, value);
  attribute.type = type;
  g_array_append_val (array, attribute);
}

static const char *
find_attribute (CsEventLog        *log,
                const CsAttribute *attributes,
                guint              n,
                const char        *key)
{
  gpointer id;

  if (key == NULL || !g_hash_table_lookup_extended (log->string_ids, key, NULL, &id))
    return NULL;
  for (guint i = 0; i < n; i++)
    if (attributes[i].key == GPOINTER_TO_UINT (id))
      return g_ptr_array_index (log->strings, attributes[i].value);
  return NULL;
}

void
cs_event_log_add_log_attribute (CsEventLog      *log,
                                const char      *key,
                                CsAttributeType  type,
                                const char      *value)
{
  g_return_if_fail (CS_IS_EVENT_LOG (log));
  g_return_if_fail (key != NULL);

  append_attribute (log, log->log_attributes, key, type, value);
}

const char *
cs_event_log_get_log_attribute (CsEventLog *log,
                                const char *key)
{
  g_return_val_if_fail (CS_IS_EVENT_LOG (log), NULL);

  return find_attribute (log, (const CsAttribute *) (gpointer) log->log_attributes->data,
                         log->log_attributes->len, key);
}

/* Building */

void
cs_event_log_begin_case (CsEventLog *log)
{
  g_return_if_fail (CS_IS_EVENT_LOG (log));
  g_return_if_fail (!log->building);

  log->building = TRUE;
  memset (&log->current, 0, sizeof log->current);
  log->current.first_event = log->events->len;
  log->current.first_attribute = log->case_attributes->len;
}

void
cs_event_log_set_case_id (CsEventLog *log,
                          const char *case_id)
{
  g_return_if_fail (CS_IS_EVENT_LOG (log));
  g_return_if_fail (log->building);

  log->current.id = cs_event_log_intern (log, case_id);
}

void
cs_event_log_add_case_attribute (CsEventLog      *log,
                                 const char      *key,
                                 CsAttributeType  type,
                                 const char      *value)
{
  g_return_if_fail (CS_IS_EVENT_LOG (log));
  g_return_if_fail (log->building);
  g_return_if_fail (key != NULL);

  append_attribute (log, log->case_attributes, key, type, value);
  log->current.n_attributes++;
}

void
cs_event_log_add_event (CsEventLog  *log,
                        const char  *activity,
                        gint64       timestamp,
                        CsLifecycle  lifecycle,
                        const char  *resource)
{
  CsEvent event = { 0, };
  guint32 name;
  guint32 *index;

  g_return_if_fail (CS_IS_EVENT_LOG (log));
  g_return_if_fail (log->building);
  g_return_if_fail (activity != NULL);
  g_return_if_fail (lifecycle <= CS_LIFECYCLE_OTHER);

  name = cs_event_log_intern (log, activity);
  index = &g_array_index (log->activity_of, guint32, name);
  if (*index == 0)
    {
      g_array_append_val (log->activities, name);
      *index = log->activities->len;
    }

  event.timestamp = timestamp;
  event.activity = *index - 1;
  event.resource = cs_event_log_intern (log, resource);
  event.first_attribute = log->event_attributes->len;
  event.lifecycle = lifecycle;
  g_array_append_val (log->events, event);
  log->current.n_events++;
}

void
cs_event_log_add_event_attribute (CsEventLog      *log,
                                  const char      *key,
                                  CsAttributeType  type,
                                  const char      *value)
{
  CsEvent *event;

  g_return_if_fail (CS_IS_EVENT_LOG (log));
  g_return_if_fail (log->building && log->current.n_events > 0);
  g_return_if_fail (key != NULL);

  event = &g_array_index (log->events, CsEvent, log->events->len - 1);
  g_return_if_fail (event->n_attributes < G_MAXUINT16);
  append_attribute (log, log->event_attributes, key, type, value);
  event->n_attributes++;
}

static int
compare_events (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const CsEvent *x = a, *y = b;

  return x->timestamp < y->timestamp ? -1 : x->timestamp > y->timestamp;
}

void
cs_event_log_end_case (CsEventLog *log)
{
  CsEvent *events;
  gint64 latest = G_MININT64;
  guint late = 0;

  g_return_if_fail (CS_IS_EVENT_LOG (log));
  g_return_if_fail (log->building);
  g_return_if_fail (log->current.id != 0);
  g_return_if_fail (!g_hash_table_contains (log->case_of, GUINT_TO_POINTER (log->current.id)));

  log->building = FALSE;
  if (log->current.n_events == 0)
    {
      g_array_set_size (log->case_attributes, log->current.first_attribute);
      log->n_empty_cases++;
      return;
    }

  events = &g_array_index (log->events, CsEvent, log->current.first_event);
  for (guint i = 0; i < log->current.n_events; i++)
    {
      if (events[i].timestamp < latest)
        late++;
      else
        latest = events[i].timestamp;
    }
  if (late > 0)
    {
      /* g_qsort_with_data() is a stable merge sort. */
      g_qsort_with_data (events, log->current.n_events, sizeof (CsEvent), compare_events, NULL);
      log->n_reordered += late;
    }

  g_array_append_val (log->cases, log->current);
  g_hash_table_insert (log->case_of, GUINT_TO_POINTER (log->current.id),
                       GUINT_TO_POINTER (log->cases->len));
}

/* Reading */

guint
cs_event_log_get_n_cases (CsEventLog *log)
{
  g_return_val_if_fail (CS_IS_EVENT_LOG (log), 0);
  return log->cases->len;
}

guint
cs_event_log_get_n_events (CsEventLog *log)
{
  g_return_val_if_fail (CS_IS_EVENT_LOG (log), 0);
  /* Events of a case still being built do not count. */
  return log->building ? log->current.first_event : log->events->len;
}

guint
cs_event_log_get_n_activities (CsEventLog *log)
{
  g_return_val_if_fail (CS_IS_EVENT_LOG (log), 0);
  return log->activities->len;
}

const char *
cs_event_log_get_activity_name (CsEventLog *log,
                                guint       activity)
{
  g_return_val_if_fail (CS_IS_EVENT_LOG (log), NULL);
  g_return_val_if_fail (activity < log->activities->len, NULL);

  return g_ptr_array_index (log->strings, g_array_index (log->activities, guint32, activity));
}

int
cs_event_log_find_case (CsEventLog *log,
                        const char *case_id)
{
  gpointer id;

  g_return_val_if_fail (CS_IS_EVENT_LOG (log), -1);

  if (case_id == NULL || !g_hash_table_lookup_extended (log->string_ids, case_id, NULL, &id))
    return -1;
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (log->case_of, id)) - 1;
}

static const Case *
get_case (CsEventLog *log,
          guint       case_index)
{
  g_assert (case_index < log->cases->len);
  return &g_array_index (log->cases, Case, case_index);
}

const char *
cs_event_log_get_case_id (CsEventLog *log,
                          guint       case_index)
{
  g_return_val_if_fail (CS_IS_EVENT_LOG (log), NULL);
  g_return_val_if_fail (case_index < log->cases->len, NULL);

  return g_ptr_array_index (log->strings, get_case (log, case_index)->id);
}

const CsEvent *
cs_event_log_get_case_events (CsEventLog *log,
                              guint       case_index,
                              guint      *n_events)
{
  const Case *c;

  g_return_val_if_fail (CS_IS_EVENT_LOG (log), NULL);
  g_return_val_if_fail (case_index < log->cases->len, NULL);
  g_return_val_if_fail (n_events != NULL, NULL);

  c = get_case (log, case_index);
  *n_events = c->n_events;
  return &g_array_index (log->events, CsEvent, c->first_event);
}

const CsAttribute *
cs_event_log_get_case_attributes (CsEventLog *log,
                                  guint       case_index,
                                  guint      *n_attributes)
{
  const Case *c;

  g_return_val_if_fail (CS_IS_EVENT_LOG (log), NULL);
  g_return_val_if_fail (case_index < log->cases->len, NULL);
  g_return_val_if_fail (n_attributes != NULL, NULL);

  c = get_case (log, case_index);
  *n_attributes = c->n_attributes;
  return &g_array_index (log->case_attributes, CsAttribute, c->first_attribute);
}

const char *
cs_event_log_get_case_attribute (CsEventLog *log,
                                 guint       case_index,
                                 const char *key)
{
  const CsAttribute *attributes;
  guint n;

  g_return_val_if_fail (CS_IS_EVENT_LOG (log), NULL);
  g_return_val_if_fail (case_index < log->cases->len, NULL);

  attributes = cs_event_log_get_case_attributes (log, case_index, &n);
  return find_attribute (log, attributes, n, key);
}

const CsAttribute *
cs_event_log_get_event_attributes (CsEventLog    *log,
                                   const CsEvent *event,
                                   guint         *n_attributes)
{
  g_return_val_if_fail (CS_IS_EVENT_LOG (log), NULL);
  g_return_val_if_fail (event != NULL, NULL);
  g_return_val_if_fail (n_attributes != NULL, NULL);
  g_return_val_if_fail (event->first_attribute + event->n_attributes <= log->event_attributes->len, NULL);

  *n_attributes = event->n_attributes;
  return &g_array_index (log->event_attributes, CsAttribute, event->first_attribute);
}

const char *
cs_event_log_get_event_attribute (CsEventLog    *log,
                                  const CsEvent *event,
                                  const char    *key)
{
  const CsAttribute *attributes;
  guint n;

  g_return_val_if_fail (CS_IS_EVENT_LOG (log), NULL);

  attributes = cs_event_log_get_event_attributes (log, event, &n);
  return attributes != NULL ? find_attribute (log, attributes, n, key) : NULL;
}

static JsonNode *
attribute_to_json (CsAttributeType  type,
                   const char      *value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  char *end = NULL;

  if (value == NULL)
    return json_node_init_null (node);

  switch (type)
    {
    case CS_ATTRIBUTE_INT:
      {
        gint64 v = g_ascii_strtoll (value, &end, 10);

        if (end != value && *end == '\0')
          return json_node_init_int (node, v);
        break;
      }
    case CS_ATTRIBUTE_FLOAT:
      {
        double v = g_ascii_strtod (value, &end);

        if (end != value && *end == '\0')
          return json_node_init_double (node, v);
        break;
      }
    case CS_ATTRIBUTE_BOOLEAN:
      if (g_ascii_strcasecmp (value, "true") == 0 || g_ascii_strcasecmp (value, "false") == 0)
        return json_node_init_boolean (node, g_ascii_strcasecmp (value, "true") == 0);
      break;
    case CS_ATTRIBUTE_STRING:
    case CS_ATTRIBUTE_DATE:
    case CS_ATTRIBUTE_ID:
    default:
      break;
    }
  return json_node_init_string (node, value);
}

JsonObject *
cs_event_log_case_attributes_to_json (CsEventLog *log,
                                      guint       case_index)
{
  const CsAttribute *attributes;
  JsonObject *object;
  guint n;

  g_return_val_if_fail (CS_IS_EVENT_LOG (log), NULL);
  g_return_val_if_fail (case_index < log->cases->len, NULL);

  object = json_object_new ();
  attributes = cs_event_log_get_case_attributes (log, case_index, &n);
  for (guint i = 0; i < n; i++)
    json_object_set_member (object, g_ptr_array_index (log->strings, attributes[i].key),
                            attribute_to_json (attributes[i].type,
                                               g_ptr_array_index (log->strings, attributes[i].value)));
  return object;
}

guint
cs_event_log_get_n_reordered (CsEventLog *log)
{
  g_return_val_if_fail (CS_IS_EVENT_LOG (log), 0);
  return log->n_reordered;
}

guint
cs_event_log_get_n_empty_cases (CsEventLog *log)
{
  g_return_val_if_fail (CS_IS_EVENT_LOG (log), 0);
  return log->n_empty_cases;
}

gboolean
cs_event_log_get_time_range (CsEventLog *log,
                             gint64     *first,
                             gint64     *last)
{
  gint64 lo = G_MAXINT64, hi = G_MININT64;

  g_return_val_if_fail (CS_IS_EVENT_LOG (log), FALSE);

  /* Cases are sorted: their first and last events bound them. */
  for (guint i = 0; i < log->cases->len; i++)
    {
      const Case *c = get_case (log, i);
      const CsEvent *events = &g_array_index (log->events, CsEvent, c->first_event);

      lo = MIN (lo, events[0].timestamp);
      hi = MAX (hi, events[c->n_events - 1].timestamp);
    }
  if (log->cases->len == 0)
    return FALSE;
  if (first != NULL)
    *first = lo;
  if (last != NULL)
    *last = hi;
  return TRUE;
}
