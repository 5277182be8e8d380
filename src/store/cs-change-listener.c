/* cs-change-listener.c: which rows other connections changed, as the database announces them
 *
 * The thread blocks on its connection's socket: no polling, and an
 * announcement reaches the main context a delay (50 ms) after the first of a
 * burst, so a thousand commits in a second cost a view twenty refreshes, not
 * a thousand. Ids of one table are merged; once a table's ids are unknown
 * ("*") the delivery says so and the view reloads that table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cs-change-listener.h"
#include "cs-db-connection.h"

#define CHANNEL "cs_changes"
#define MAX_IDS 500   /* as cs_announce_rows: beyond it a table is "all changed" */

struct _CsChangeListener
{
  GObject       parent_instance;

  char         *conninfo;
  char         *password;
  char         *tenant_id;
  guint         delay_ms;

  GMainContext *context;
  GCancellable *cancellable;
  GThread      *thread;
  struct Link  *link;
  gboolean      listening;   /* main context's view */
};

/* Deliveries reach the listener through a link that stop() cuts, on the
 * main context, so none arrives after it (and none keeps it alive). */
typedef struct Link
{
  gatomicrefcount   ref_count;
  CsChangeListener *self;   /* main context only; NULL once stopped */
} Link;

static Link *
link_ref (Link *link)
{
  g_atomic_ref_count_inc (&link->ref_count);
  return link;
}

static void
link_unref (Link *link)
{
  if (g_atomic_ref_count_dec (&link->ref_count))
    g_free (link);
}

enum {
  PROP_0,
  PROP_LISTENING,
  N_PROPS
};

enum {
  CHANGED,
  RESET,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CsChangeListener, cs_change_listener, G_TYPE_OBJECT)

/* What the thread hands to the main context. */
typedef struct
{
  Link             *link;
  GHashTable       *tables;    /* table → GHashTable of ids, or NULL value: all rows */
  gboolean          reset;
  int               listening; /* -1: unchanged */
} Delivery;

static void
delivery_free (Delivery *d)
{
  g_clear_pointer (&d->link, link_unref);
  g_clear_pointer (&d->tables, g_hash_table_unref);
  g_free (d);
}

static Delivery *
delivery_new (CsChangeListener *self)
{
  Delivery *d = g_new0 (Delivery, 1);

  d->link = link_ref (self->link);
  d->listening = -1;
  return d;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  const char *x = *(const char * const *) a, *y = *(const char * const *) b;
  gsize lx = strlen (x), ly = strlen (y);

  /* Numeric ids in numeric order, whatever their length. */
  return lx != ly ? (lx < ly ? -1 : 1) : strcmp (x, y);
}

static gboolean
deliver (gpointer data)
{
  Delivery *d = data;
  g_autoptr(CsChangeListener) self = d->link->self ? g_object_ref (d->link->self) : NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  if (d->listening >= 0 && self->listening != d->listening)
    {
      self->listening = d->listening;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LISTENING]);
    }
  if (d->reset)
    g_signal_emit (self, signals[RESET], 0);

  if (d->tables == NULL)
    return G_SOURCE_REMOVE;
  g_hash_table_iter_init (&iter, d->tables);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree const char **ids = NULL;

      if (value != NULL)
        {
          guint n = 0;
          ids = (const char **) g_hash_table_get_keys_as_array (value, &n);
          qsort (ids, n, sizeof (char *), compare_ids);
        }
      g_signal_emit (self, signals[CHANGED], g_quark_from_string (key), key, ids);
      if (d->link->self == NULL)
        break;
    }
  return G_SOURCE_REMOVE;
}

static void
post (CsChangeListener *self,
      Delivery         *d)
{
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, deliver, d, (GDestroyNotify) delivery_free);
}

/* "TABLE OP TENANT IDS" into @tables, when it is for our tenant. */
static void
add_payload (CsChangeListener *self,
             GHashTable       *tables,
             const char       *payload)
{
  g_auto(GStrv) parts = g_strsplit (payload, " ", 4);
  GHashTable *ids;

  if (g_strv_length (parts) != 4)
    {
      g_debug ("Ignoring the announcement “%s”", payload);
      return;
    }
  if (self->tenant_id != NULL && !g_str_equal (parts[2], self->tenant_id))
    return;

  if (!g_hash_table_lookup_extended (tables, parts[0], NULL, (gpointer *) &ids))
    {
      ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (tables, g_strdup (parts[0]), ids);
    }
  if (ids == NULL)
    return;   /* already "all rows" */

  if (g_str_equal (parts[3], "*"))
    {
      g_hash_table_insert (tables, g_strdup (parts[0]), NULL);
      return;
    }
  {
    g_auto(GStrv) list = g_strsplit (parts[3], ",", -1);
    for (guint i = 0; list[i] != NULL; i++)
      if (*list[i] != '\0')
        g_hash_table_add (ids, g_steal_pointer (&list[i]));
  }
  if (g_hash_table_size (ids) > MAX_IDS)
    g_hash_table_insert (tables, g_strdup (parts[0]), NULL);
}

static void
free_ids (gpointer ids)
{
  if (ids != NULL)
    g_hash_table_unref (ids);
}

static void
announce_listening (CsChangeListener *self,
                    gboolean          listening,
                    gboolean          reset)
{
  Delivery *d = delivery_new (self);

  d->listening = listening;
  d->reset = reset;
  post (self, d);
}

static gpointer
listener_thread (gpointer data)
{
  CsChangeListener *self = data;   /* alive until stop() joins us */
  g_autoptr(CsDbConnection) conn = cs_db_connection_new (self->conninfo, self->password);
  gboolean listened_before = FALSE;
  gboolean listening = FALSE;

  cs_db_connection_set_application_name (conn, "civicstream live updates");

  while (!g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) notes = NULL;
      g_autoptr(GHashTable) tables = NULL;
      gint64 deadline;
      Delivery *d;

      if (!cs_db_connection_is_open (conn))
        {
          if (listening)
            announce_listening (self, FALSE, FALSE);
          listening = FALSE;
          /* Retries with backoff until it connects or we stop. */
          if (!cs_db_connection_ensure (conn, 0, self->cancellable, &error))
            break;
          if (!cs_db_connection_listen (conn, CHANNEL, &error))
            {
              g_debug ("LISTEN failed: %s", error->message);
              cs_db_connection_close (conn);
              g_usleep (G_USEC_PER_SEC / 5);
              continue;
            }
          listening = TRUE;
          /* Whatever changed while nobody listened was not announced to us. */
          announce_listening (self, TRUE, listened_before);
          listened_before = TRUE;
        }

      notes = cs_db_connection_wait (conn, 1000, self->cancellable, &error);
      if (notes == NULL || notes->len == 0)
        continue;

      tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_ids);
      for (guint i = 0; i < notes->len; i++)
        add_payload (self, tables, ((CsDbNotification *) g_ptr_array_index (notes, i))->payload);

      /* Gather the rest of the burst. */
      deadline = g_get_monotonic_time () + (gint64) self->delay_ms * 1000;
      while (cs_db_connection_is_open (conn) && !g_cancellable_is_cancelled (self->cancellable))
        {
          gint64 left = deadline - g_get_monotonic_time ();
          g_autoptr(GPtrArray) more = NULL;

          if (left <= 0)
            break;
          more = cs_db_connection_wait (conn, (int) MAX (left / 1000, 1), self->cancellable, NULL);
          for (guint i = 0; more != NULL && i < more->len; i++)
            add_payload (self, tables, ((CsDbNotification *) g_ptr_array_index (more, i))->payload);
        }

      if (g_hash_table_size (tables) == 0)
        continue;
      d = delivery_new (self);
      d->tables = g_steal_pointer (&tables);
      post (self, d);
    }

  return NULL;
}

static void
cs_change_listener_dispose (GObject *object)
{
  CsChangeListener *self = CS_CHANGE_LISTENER (object);

  cs_change_listener_stop (self);
  G_OBJECT_CLASS (cs_change_listener_parent_class)->dispose (object);
}

static void
cs_change_listener_finalize (GObject *object)
{
  CsChangeListener *self = CS_CHANGE_LISTENER (object);

  g_free (self->conninfo);
  g_free (self->password);
  g_free (self->tenant_id);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (cs_change_listener_parent_class)->finalize (object);
}

static void
cs_change_listener_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CsChangeListener *self = CS_CHANGE_LISTENER (object);

  switch (prop_id)
    {
    case PROP_LISTENING:
      g_value_set_boolean (value, self->listening);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_change_listener_class_init (CsChangeListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_change_listener_dispose;
  object_class->finalize = cs_change_listener_finalize;
  object_class->get_property = cs_change_listener_get_property;

  properties[PROP_LISTENING] =
    g_param_spec_boolean ("listening", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING, G_TYPE_STRV);
  signals[RESET] =
    g_signal_new ("reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cs_change_listener_init (CsChangeListener *self)
{
  self->delay_ms = 50;
}

CsChangeListener *
cs_change_listener_new (const char *conninfo,
                        const char *password,
                        const char *tenant_id)
{
  CsChangeListener *self;

  g_return_val_if_fail (conninfo != NULL, NULL);

  self = g_object_new (CS_TYPE_CHANGE_LISTENER, NULL);
  self->conninfo = g_strdup (conninfo);
  self->password = g_strdup (password);
  self->tenant_id = g_strdup (tenant_id);
  return self;
}

void
cs_change_listener_set_delay (CsChangeListener *self,
                              guint             msec)
{
  g_return_if_fail (CS_IS_CHANGE_LISTENER (self));
  self->delay_ms = msec;
}

void
cs_change_listener_start (CsChangeListener *self)
{
  g_return_if_fail (CS_IS_CHANGE_LISTENER (self));

  if (self->thread != NULL)
    return;
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->link = g_new0 (Link, 1);
  g_atomic_ref_count_init (&self->link->ref_count);
  self->link->self = self;
  self->thread = g_thread_new ("cs-listen", listener_thread, self);
}

void
cs_change_listener_stop (CsChangeListener *self)
{
  g_return_if_fail (CS_IS_CHANGE_LISTENER (self));

  if (self->thread == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_thread_join (g_steal_pointer (&self->thread));
  self->link->self = NULL;
  g_clear_pointer (&self->link, link_unref);
  if (self->listening)
    {
      self->listening = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LISTENING]);
    }
}

gboolean
cs_change_listener_is_listening (CsChangeListener *self)
{
  g_return_val_if_fail (CS_IS_CHANGE_LISTENER (self), FALSE);
  return self->listening;
}

gboolean
cs_change_ids_contain (const char * const *ids,
                       const char         *id)
{
  g_return_val_if_fail (id != NULL, FALSE);
  return ids == NULL || g_strv_contains (ids, id);
}
