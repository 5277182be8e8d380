/* cs-circuit-breaker.c: one circuit breaker per external host, shared by the worker threads
 *
 * A failing service should not be hammered by every worker retrying every
 * instance: once a host has failed often enough in a row, calls to it fail
 * fast (and the engine reschedules them) until one trial call shows it is
 * back. The table lives as long as the process; hosts are few.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cs-circuit-breaker.h"

typedef struct
{
  CsCircuitState state;
  guint          failures;        /* consecutive */
  guint          threshold;       /* of the latest acquire; 0 = disabled */
  gint64         reset_us;
  gint64         opened_at;
  gint64         trial_started;
  gboolean       trial_in_flight;
} Breaker;

struct _CsCircuitBreakers
{
  GObject     parent_instance;

  GMutex      mutex;
  GHashTable *breakers;   /* host → Breaker */
};

G_DEFINE_TYPE (CsCircuitBreakers, cs_circuit_breakers, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CsCircuitState, cs_circuit_state,
  G_DEFINE_ENUM_VALUE (CS_CIRCUIT_CLOSED, "closed"),
  G_DEFINE_ENUM_VALUE (CS_CIRCUIT_OPEN, "open"),
  G_DEFINE_ENUM_VALUE (CS_CIRCUIT_HALF_OPEN, "half-open"))

const char *
cs_circuit_state_to_string (CsCircuitState state)
{
  switch (state)
    {
    case CS_CIRCUIT_CLOSED:
      return "closed";
    case CS_CIRCUIT_OPEN:
      return "open";
    case CS_CIRCUIT_HALF_OPEN:
      return "half-open";
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
cs_circuit_breaker_key_for_uri (GUri *uri)
{
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  int port;

  g_return_val_if_fail (uri != NULL, NULL);

  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  port = g_uri_get_port (uri);
  if (port < 0 && g_str_equal (scheme, "http"))
    port = 80;
  else if (port < 0 && g_str_equal (scheme, "https"))
    port = 443;

  /* An IPv6 literal keeps its brackets, as in the URL. */
  if (strchr (host, ':') != NULL)
    {
      char *bracketed = g_strdup_printf ("[%s]", host);
      g_free (host);
      host = bracketed;
    }

  if (port < 0)
    return g_strdup_printf ("%s://%s", scheme, host);
  return g_strdup_printf ("%s://%s:%d", scheme, host, port);
}

static void
cs_circuit_breakers_finalize (GObject *object)
{
  CsCircuitBreakers *self = (CsCircuitBreakers *)object;

  g_clear_pointer (&self->breakers, g_hash_table_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (cs_circuit_breakers_parent_class)->finalize (object);
}

static void
cs_circuit_breakers_class_init (CsCircuitBreakersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_circuit_breakers_finalize;
}

static void
cs_circuit_breakers_init (CsCircuitBreakers *self)
{
  g_mutex_init (&self->mutex);
  self->breakers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

CsCircuitBreakers *
cs_circuit_breakers_new (void)
{
  return g_object_new (CS_TYPE_CIRCUIT_BREAKERS, NULL);
}

static Breaker *
lookup (CsCircuitBreakers *self,
        const char        *host,
        gboolean           create)
{
  Breaker *breaker = g_hash_table_lookup (self->breakers, host);

  if (breaker == NULL && create)
    {
      breaker = g_new0 (Breaker, 1);
      breaker->state = CS_CIRCUIT_CLOSED;
      g_hash_table_insert (self->breakers, g_strdup (host), breaker);
    }
  return breaker;
}

static void
start_trial (Breaker *breaker,
             gint64   now)
{
  breaker->state = CS_CIRCUIT_HALF_OPEN;
  breaker->trial_in_flight = TRUE;
  breaker->trial_started = now;
}

gboolean
cs_circuit_breakers_try_acquire (CsCircuitBreakers *self,
                                 const char        *host,
                                 guint              threshold,
                                 guint              reset_seconds,
                                 gint64             now,
                                 gint64            *retry_at_out)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Breaker *breaker;
  gint64 retry_at = 0;
  gboolean allowed = FALSE;

  g_return_val_if_fail (CS_IS_CIRCUIT_BREAKERS (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);

  /* A step without a breaker neither waits for one nor starts tracking its host. */
  breaker = lookup (self, host, threshold > 0);
  if (breaker == NULL)
    return TRUE;

  breaker->threshold = threshold;
  breaker->reset_us = (gint64) reset_seconds * G_USEC_PER_SEC;
  if (threshold == 0)
    return TRUE;

  switch (breaker->state)
    {
    case CS_CIRCUIT_CLOSED:
      allowed = TRUE;
      break;

    case CS_CIRCUIT_OPEN:
      retry_at = breaker->opened_at + breaker->reset_us;
      if (now >= retry_at)
        {
          start_trial (breaker, now);
          allowed = TRUE;
        }
      break;

    case CS_CIRCUIT_HALF_OPEN:
      retry_at = breaker->trial_started + breaker->reset_us;
      if (!breaker->trial_in_flight || now >= retry_at)
        {
          start_trial (breaker, now);
          allowed = TRUE;
        }
      break;

    default:
      g_assert_not_reached ();
    }

  if (!allowed && retry_at_out != NULL)
    *retry_at_out = retry_at;
  return allowed;
}

void
cs_circuit_breakers_record (CsCircuitBreakers *self,
                            const char        *host,
                            gboolean           success,
                            gint64             now)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Breaker *breaker;

  g_return_if_fail (CS_IS_CIRCUIT_BREAKERS (self));
  g_return_if_fail (host != NULL);

  locker = g_mutex_locker_new (&self->mutex);

  breaker = lookup (self, host, FALSE);
  if (breaker == NULL)
    return;

  switch (breaker->state)
    {
    case CS_CIRCUIT_CLOSED:
      if (success)
        breaker->failures = 0;
      else if (++breaker->failures >= breaker->threshold && breaker->threshold > 0)
        {
          breaker->state = CS_CIRCUIT_OPEN;
          breaker->opened_at = now;
        }
      break;

    case CS_CIRCUIT_OPEN:
      /* A call that started before the circuit opened and ends now says
       * nothing new: the trial after the reset time will decide. */
      break;

    case CS_CIRCUIT_HALF_OPEN:
      breaker->trial_in_flight = FALSE;
      if (success)
        {
          breaker->state = CS_CIRCUIT_CLOSED;
          breaker->failures = 0;
        }
      else
        {
          breaker->state = CS_CIRCUIT_OPEN;
          breaker->opened_at = now;
          breaker->failures++;
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

void
cs_circuit_breakers_release (CsCircuitBreakers *self,
                             const char        *host)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Breaker *breaker;

  g_return_if_fail (CS_IS_CIRCUIT_BREAKERS (self));
  g_return_if_fail (host != NULL);

  locker = g_mutex_locker_new (&self->mutex);

  breaker = lookup (self, host, FALSE);
  if (breaker != NULL && breaker->state == CS_CIRCUIT_HALF_OPEN)
    breaker->trial_in_flight = FALSE;
}

CsCircuitState
cs_circuit_breakers_get_state (CsCircuitBreakers *self,
                               const char        *host)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Breaker *breaker;

  g_return_val_if_fail (CS_IS_CIRCUIT_BREAKERS (self), CS_CIRCUIT_CLOSED);
  g_return_val_if_fail (host != NULL, CS_CIRCUIT_CLOSED);

  locker = g_mutex_locker_new (&self->mutex);

  breaker = lookup (self, host, FALSE);
  return breaker != NULL ? breaker->state : CS_CIRCUIT_CLOSED;
}

guint
cs_circuit_breakers_get_failures (CsCircuitBreakers *self,
                                  const char        *host)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Breaker *breaker;

  g_return_val_if_fail (CS_IS_CIRCUIT_BREAKERS (self), 0);
  g_return_val_if_fail (host != NULL, 0);

  locker = g_mutex_locker_new (&self->mutex);

  breaker = lookup (self, host, FALSE);
  return breaker != NULL ? breaker->failures : 0;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GStrv
cs_circuit_breakers_dup_hosts (CsCircuitBreakers *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) hosts = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (CS_IS_CIRCUIT_BREAKERS (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);

  hosts = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->breakers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (hosts, g_strdup (key));
  g_ptr_array_sort (hosts, compare_strings);
  g_ptr_array_add (hosts, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&hosts), FALSE);
}
