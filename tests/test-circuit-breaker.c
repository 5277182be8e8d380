/* test-circuit-breaker.c: the per-host circuit breaker's state machine, on a fake clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "core/cs-circuit-breaker.h"

#define HOST "https://pay.example:443"
#define OTHER "http://licences.example:8080"
#define SECOND G_USEC_PER_SEC
#define T0 ((gint64) 5000 * SECOND)

static void
fail_n (CsCircuitBreakers *breakers,
        const char        *host,
        guint              n,
        guint              threshold,
        guint              reset_seconds,
        gint64             now)
{
  for (guint i = 0; i < n; i++)
    {
      gint64 retry_at = -1;

      g_assert_true (cs_circuit_breakers_try_acquire (breakers, host, threshold, reset_seconds,
                                                      now, &retry_at));
      g_assert_cmpint (retry_at, ==, -1);
      cs_circuit_breakers_record (breakers, host, FALSE, now);
    }
}

static void
test_state_strings (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (CS_TYPE_CIRCUIT_STATE);

  g_assert_cmpstr (cs_circuit_state_to_string (CS_CIRCUIT_CLOSED), ==, "closed");
  g_assert_cmpstr (cs_circuit_state_to_string (CS_CIRCUIT_OPEN), ==, "open");
  g_assert_cmpstr (cs_circuit_state_to_string (CS_CIRCUIT_HALF_OPEN), ==, "half-open");
  g_assert_cmpstr (g_enum_get_value (klass, CS_CIRCUIT_HALF_OPEN)->value_nick, ==, "half-open");
}

static void
check_key (const char *url,
           const char *expected)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *key = NULL;

  g_assert_nonnull (uri);
  key = cs_circuit_breaker_key_for_uri (uri);
  g_assert_cmpstr (key, ==, expected);
}

static void
test_key_for_uri (void)
{
  check_key ("HTTPS://Pay.Example/charges?x=1", "https://pay.example:443");
  check_key ("http://127.0.0.1:8080/a/b", "http://127.0.0.1:8080");
  check_key ("http://user:secret@licences.example/", "http://licences.example:80");
  check_key ("http://[::1]:9000/", "http://[::1]:9000");
  check_key ("ftp://files.example/x", "ftp://files.example");
  check_key ("mailto:someone@example.org", NULL);
}

static void
test_opens_after_threshold (void)
{
  CsCircuitBreakers *breakers = cs_circuit_breakers_new ();
  gint64 retry_at = 0;

  g_assert_cmpint (cs_circuit_breakers_get_state (breakers, HOST), ==, CS_CIRCUIT_CLOSED);

  fail_n (breakers, HOST, 2, 3, 30, T0);
  g_assert_cmpint (cs_circuit_breakers_get_state (breakers, HOST), ==, CS_CIRCUIT_CLOSED);
  g_assert_cmpuint (cs_circuit_breakers_get_failures (breakers, HOST), ==, 2);

  /* A success in between starts the count again. */
  g_assert_true (cs_circuit_breakers_try_acquire (breakers, HOST, 3, 30, T0, NULL));
  cs_circuit_breakers_record (breakers, HOST, TRUE, T0);
  g_assert_cmpuint (cs_circuit_breakers_get_failures (breakers, HOST), ==, 0);
  fail_n (breakers, HOST, 2, 3, 30, T0 + 1 * SECOND);
  g_assert_cmpint (cs_circuit_breakers_get_state (breakers, HOST), ==, CS_CIRCUIT_CLOSED);

  /* The third in a row opens it, at T0 + 2 s. */
  fail_n (breakers, HOST, 1, 3, 30, T0 + 2 * SECOND);
  g_assert_cmpint (cs_circuit_breakers_get_state (breakers, HOST), ==, CS_CIRCUIT_OPEN);

  /* Fail fast until 30 s after opening. */
  g_assert_false (cs_circuit_breakers_try_acquire (breakers, HOST, 3, 30, T0 + 3 * SECOND, &retry_at));
  g_assert_cmpint (retry_at, ==, T0 + 32 * SECOND);
  retry_at = 0;
  g_assert_false (cs_circuit_breakers_try_acquire (breakers, HOST, 3, 30, T0 + 32 * SECOND - 1, &retry_at));
  g_assert_cmpint (retry_at, ==, T0 + 32 * SECOND);
  g_assert_cmpint (cs_circuit_breakers_get_state (breakers, HOST), ==, CS_CIRCUIT_OPEN);

  /* A late result of a call made before the circuit opened changes nothing. */
  cs_circuit_breakers_record (breakers, HOST, TRUE, T0 + 4 * SECOND);
  g_assert_cmpint (cs_circuit_breakers_get_state (breakers, HOST), ==, CS_CIRCUIT_OPEN);

  g_assert_finalize_object (breakers);
}

static void
open_at (CsCircuitBreakers *breakers,
         const char        *host,
         gint64             now)
{
  fail_n (breakers, host, 2, 2, 10, now);
  g_assert_cmpint (cs_circuit_breakers_get_state (breakers, host), ==, CS_CIRCUIT_OPEN);
}

static void
test_half_open_single_trial (void)
{
  CsCircuitBreakers *breakers = cs_circuit_breakers_new ();
  gint64 retry_at = 0;

  open_at (breakers, HOST, T0);

  /* Reset time passed: exactly one trial goes through. */
  g_assert_true (cs_circuit_breakers_try_acquire (breakers, HOST, 2, 10, T0 + 10 * SECOND, &retry_at));
  g_assert_cmpint (cs_circuit_breakers_get_state (breakers, HOST), ==, CS_CIRCUIT_HALF_OPEN);
  g_assert_false (cs_circuit_breakers_try_acquire (breakers, HOST, 2, 10, T0 + 11 * SECOND, &retry_at));
  g_assert_cmpint (retry_at, ==, T0 + 20 * SECOND);
  g_assert_false (cs_circuit_breakers_try_acquire (breakers, HOST, 2, 10, T0 + 12 * SECOND, NULL));

  /* Its success closes the circuit. */
  cs_circuit_breakers_record (breakers, HOST, TRUE, T0 + 12 * SECOND);
  g_assert_cmpint (cs_circuit_breakers_get_state (breakers, HOST), ==, CS_CIRCUIT_CLOSED);
  g_assert_cmpuint (cs_circuit_breakers_get_failures (breakers, HOST), ==, 0);
  g_assert_true (cs_circuit_breakers_try_acquire (breakers, HOST, 2, 10, T0 + 12 * SECOND, NULL));
  g_assert_true (cs_circuit_breakers_try_acquire (breakers, HOST, 2, 10, T0 + 12 * SECOND, NULL));
  cs_circuit_breakers_record (breakers, HOST, TRUE, T0 + 12 * SECOND);
  cs_circuit_breakers_record (breakers, HOST, TRUE, T0 + 12 * SECOND);

  g_assert_finalize_object (breakers);
}

static void
test_reopens_on_failed_trial (void)
{
  CsCircuitBreakers *breakers = cs_circuit_breakers_new ();
  gint64 retry_at = 0;

  open_at (breakers, HOST, T0);
  g_assert_true (cs_circuit_breakers_try_acquire (breakers, HOST, 2, 10, T0 + 15 * SECOND, NULL));
  cs_circuit_breakers_record (breakers, HOST, FALSE, T0 + 16 * SECOND);
  g_assert_cmpint (cs_circuit_breakers_get_state (breakers, HOST), ==, CS_CIRCUIT_OPEN);
  g_assert_cmpuint (cs_circuit_breakers_get_failures (breakers, HOST), ==, 3);

  /* Open for another full reset time, counted from the failed trial. */
  g_assert_false (cs_circuit_breakers_try_acquire (breakers, HOST, 2, 10, T0 + 20 * SECOND, &retry_at));
  g_assert_cmpint (retry_at, ==, T0 + 26 * SECOND);
  g_assert_true (cs_circuit_breakers_try_acquire (breakers, HOST, 2, 10, T0 + 26 * SECOND, NULL));
  g_assert_cmpint (cs_circuit_breakers_get_state (breakers, HOST), ==, CS_CIRCUIT_HALF_OPEN);

  g_assert_finalize_object (breakers);
}

static void
test_trial_release_and_expiry (void)
{
  CsCircuitBreakers *breakers = cs_circuit_breakers_new ();
  gint64 retry_at = 0;

  open_at (breakers, HOST, T0);

  /* A released trial (cancelled call) lets the next caller try at once. */
  g_assert_true (cs_circuit_breakers_try_acquire (breakers, HOST, 2, 10, T0 + 10 * SECOND, NULL));
  cs_circuit_breakers_release (breakers, HOST);
  g_assert_cmpint (cs_circuit_breakers_get_state (breakers, HOST), ==, CS_CIRCUIT_HALF_OPEN);
  g_assert_true (cs_circuit_breakers_try_acquire (breakers, HOST, 2, 10, T0 + 11 * SECOND, NULL));

  /* A trial that never reports back is given up after the reset time. */
  g_assert_false (cs_circuit_breakers_try_acquire (breakers, HOST, 2, 10, T0 + 20 * SECOND, &retry_at));
  g_assert_cmpint (retry_at, ==, T0 + 21 * SECOND);
  g_assert_true (cs_circuit_breakers_try_acquire (breakers, HOST, 2, 10, T0 + 21 * SECOND, NULL));
  g_assert_false (cs_circuit_breakers_try_acquire (breakers, HOST, 2, 10, T0 + 22 * SECOND, NULL));

  /* Releasing a closed host's call does nothing. */
  cs_circuit_breakers_release (breakers, OTHER);
  g_assert_cmpint (cs_circuit_breakers_get_state (breakers, OTHER), ==, CS_CIRCUIT_CLOSED);

  g_assert_finalize_object (breakers);
}

static void
test_independent_hosts (void)
{
  CsCircuitBreakers *breakers = cs_circuit_breakers_new ();
  g_auto(GStrv) hosts = NULL;

  open_at (breakers, HOST, T0);
  fail_n (breakers, OTHER, 1, 2, 10, T0);

  g_assert_false (cs_circuit_breakers_try_acquire (breakers, HOST, 2, 10, T0 + SECOND, NULL));
  g_assert_true (cs_circuit_breakers_try_acquire (breakers, OTHER, 2, 10, T0 + SECOND, NULL));
  cs_circuit_breakers_record (breakers, OTHER, TRUE, T0 + SECOND);
  g_assert_cmpint (cs_circuit_breakers_get_state (breakers, OTHER), ==, CS_CIRCUIT_CLOSED);
  g_assert_cmpint (cs_circuit_breakers_get_state (breakers, HOST), ==, CS_CIRCUIT_OPEN);
  g_assert_cmpuint (cs_circuit_breakers_get_failures (breakers, OTHER), ==, 0);
  g_assert_cmpuint (cs_circuit_breakers_get_failures (breakers, HOST), ==, 2);

  hosts = cs_circuit_breakers_dup_hosts (breakers);
  g_assert_cmpuint (g_strv_length (hosts), ==, 2);
  g_assert_cmpstr (hosts[0], ==, OTHER);
  g_assert_cmpstr (hosts[1], ==, HOST);

  g_assert_finalize_object (breakers);
}

static void
test_threshold_zero (void)
{
  CsCircuitBreakers *breakers = cs_circuit_breakers_new ();
  g_auto(GStrv) hosts = NULL;

  fail_n (breakers, HOST, 50, 0, 10, T0);
  g_assert_cmpint (cs_circuit_breakers_get_state (breakers, HOST), ==, CS_CIRCUIT_CLOSED);
  g_assert_true (cs_circuit_breakers_try_acquire (breakers, HOST, 0, 10, T0, NULL));
  /* Hosts without a breaker are not tracked at all. */
  hosts = cs_circuit_breakers_dup_hosts (breakers);
  g_assert_cmpuint (g_strv_length (hosts), ==, 0);

  /* A step without a breaker is not held back by another step's open one... */
  open_at (breakers, OTHER, T0);
  g_assert_true (cs_circuit_breakers_try_acquire (breakers, OTHER, 0, 10, T0 + SECOND, NULL));
  cs_circuit_breakers_record (breakers, OTHER, FALSE, T0 + SECOND);
  /* ...while the steps with one still are. */
  g_assert_false (cs_circuit_breakers_try_acquire (breakers, OTHER, 2, 10, T0 + SECOND, NULL));

  g_assert_finalize_object (breakers);
}

#define N_THREADS 8
#define N_CALLS 20000

typedef struct
{
  CsCircuitBreakers *breakers;
  GMutex             mutex;
  GCond              cond;
  gboolean           go;
  gint               trials;   /* atomic */
} Shared;

static void
wait_for_start (Shared *shared)
{
  g_mutex_lock (&shared->mutex);
  while (!shared->go)
    g_cond_wait (&shared->cond, &shared->mutex);
  g_mutex_unlock (&shared->mutex);
}

static void
start_all (Shared *shared)
{
  g_mutex_lock (&shared->mutex);
  shared->go = TRUE;
  g_cond_broadcast (&shared->cond);
  g_mutex_unlock (&shared->mutex);
}

static gpointer
count_failures_thread (gpointer data)
{
  Shared *shared = data;

  wait_for_start (shared);
  for (guint i = 0; i < N_CALLS; i++)
    {
      /* Interleave a second, always-healthy host to contend on the table. */
      if (cs_circuit_breakers_try_acquire (shared->breakers, HOST, G_MAXUINT, 10, T0, NULL))
        cs_circuit_breakers_record (shared->breakers, HOST, FALSE, T0);
      if (cs_circuit_breakers_try_acquire (shared->breakers, OTHER, 3, 10, T0, NULL))
        cs_circuit_breakers_record (shared->breakers, OTHER, TRUE, T0);
    }
  return NULL;
}

static gpointer
race_for_trial_thread (gpointer data)
{
  Shared *shared = data;

  wait_for_start (shared);
  for (guint i = 0; i < 1000; i++)
    if (cs_circuit_breakers_try_acquire (shared->breakers, HOST, 2, 10, T0 + 10 * SECOND, NULL))
      g_atomic_int_inc (&shared->trials);
  return NULL;
}

static void
run_threads (Shared      *shared,
             GThreadFunc  func)
{
  GThread *threads[N_THREADS];

  shared->go = FALSE;
  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("breaker-test", func, shared);
  start_all (shared);
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);
}

static void
test_threads (void)
{
  Shared shared = { 0 };

  shared.breakers = cs_circuit_breakers_new ();
  g_mutex_init (&shared.mutex);
  g_cond_init (&shared.cond);

  /* Every failure counted once: lost updates would show here. */
  run_threads (&shared, count_failures_thread);
  g_assert_cmpuint (cs_circuit_breakers_get_failures (shared.breakers, HOST), ==, N_THREADS * N_CALLS);
  g_assert_cmpint (cs_circuit_breakers_get_state (shared.breakers, HOST), ==, CS_CIRCUIT_CLOSED);
  g_assert_cmpint (cs_circuit_breakers_get_state (shared.breakers, OTHER), ==, CS_CIRCUIT_CLOSED);

  /* An open circuit past its reset time: of all the racing callers, one gets the trial. */
  g_object_unref (shared.breakers);
  shared.breakers = cs_circuit_breakers_new ();
  open_at (shared.breakers, HOST, T0);
  run_threads (&shared, race_for_trial_thread);
  g_assert_cmpint (g_atomic_int_get (&shared.trials), ==, 1);
  g_assert_cmpint (cs_circuit_breakers_get_state (shared.breakers, HOST), ==, CS_CIRCUIT_HALF_OPEN);

  g_assert_finalize_object (shared.breakers);
  g_mutex_clear (&shared.mutex);
  g_cond_clear (&shared.cond);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/circuit-breaker/state-strings", test_state_strings);
  g_test_add_func ("/circuit-breaker/key-for-uri", test_key_for_uri);
  g_test_add_func ("/circuit-breaker/opens-after-threshold", test_opens_after_threshold);
  g_test_add_func ("/circuit-breaker/half-open-single-trial", test_half_open_single_trial);
  g_test_add_func ("/circuit-breaker/reopens-on-failed-trial", test_reopens_on_failed_trial);
  g_test_add_func ("/circuit-breaker/trial-release-and-expiry", test_trial_release_and_expiry);
  g_test_add_func ("/circuit-breaker/independent-hosts", test_independent_hosts);
  g_test_add_func ("/circuit-breaker/threshold-zero", test_threshold_zero);
  g_test_add_func ("/circuit-breaker/threads", test_threads);
  return g_test_run ();
}
