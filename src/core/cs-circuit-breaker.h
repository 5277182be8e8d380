/* cs-circuit-breaker.h: one circuit breaker per external host, shared by the worker threads
 *
 * Per host (a key "scheme://host:port"): CLOSED lets every call through;
 * @threshold consecutive failures OPEN it, and calls then fail fast until
 * @reset_seconds have passed; the next call is then the single trial of the
 * HALF_OPEN state: its success closes the circuit, its failure opens it
 * again for another @reset_seconds. A trial that never reports back (its
 * thread died) is given up after @reset_seconds and another one is allowed.
 *
 * Times are monotonic microseconds (g_get_monotonic_time()) passed in by the
 * caller, so the state machine is pure and testable with a fake clock.
 * Every function is thread-safe.
 *
 * The threshold and reset time come from the step making the call; steps
 * calling the same host should agree on them, the latest call's apply.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CS_CIRCUIT_CLOSED,
  CS_CIRCUIT_OPEN,
  CS_CIRCUIT_HALF_OPEN,
} CsCircuitState;

#define CS_TYPE_CIRCUIT_STATE (cs_circuit_state_get_type ())
GType        cs_circuit_state_get_type (void) G_GNUC_CONST;
/* "closed", "open", "half-open" */
const char  *cs_circuit_state_to_string (CsCircuitState state);

/* The key of @uri's host: lower-case scheme and host, and the port, the
 * scheme's default one when the URI has none ("https://pay.example:443").
 * NULL when @uri has no host. */
char        *cs_circuit_breaker_key_for_uri (GUri *uri);

#define CS_TYPE_CIRCUIT_BREAKERS (cs_circuit_breakers_get_type ())

G_DECLARE_FINAL_TYPE (CsCircuitBreakers, cs_circuit_breakers, CS, CIRCUIT_BREAKERS, GObject)

CsCircuitBreakers *cs_circuit_breakers_new (void);

/* Whether a call to @host may be made now. FALSE while the circuit is open
 * (or its trial is under way), with the monotonic time from which to try
 * again in @retry_at_out. TRUE with @threshold 0: the breaker is disabled.
 * A TRUE must be followed by cs_circuit_breakers_record() or
 * cs_circuit_breakers_release(). */
gboolean       cs_circuit_breakers_try_acquire (CsCircuitBreakers *self,
                                                const char        *host,
                                                guint              threshold,
                                                guint              reset_seconds,
                                                gint64             now,
                                                gint64            *retry_at_out);
/* Reports how an acquired call went. Only failures that say the host is
 * unwell (no connection, a timeout, 5xx, 429) should be reported as such. */
void           cs_circuit_breakers_record      (CsCircuitBreakers *self,
                                                const char        *host,
                                                gboolean           success,
                                                gint64             now);
/* Gives back an acquired call that says nothing about the host (it was not
 * made, or was cancelled), so that a half-open circuit can try again. */
void           cs_circuit_breakers_release     (CsCircuitBreakers *self,
                                                const char        *host);
/* The state as last changed by a call: an open circuit whose reset time has
 * passed stays OPEN until a call takes the trial. CLOSED for unknown hosts. */
CsCircuitState cs_circuit_breakers_get_state   (CsCircuitBreakers *self,
                                                const char        *host);
/* Consecutive failures counted for @host (0 for unknown hosts). */
guint          cs_circuit_breakers_get_failures (CsCircuitBreakers *self,
                                                 const char        *host);
/* The hosts seen so far, sorted, for display and metrics. */
GStrv          cs_circuit_breakers_dup_hosts   (CsCircuitBreakers *self);

G_END_DECLS
