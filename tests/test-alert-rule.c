/* test-alert-rule.c: parsing alert conditions, feeding windows, firing, suppression and escalation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "core/cs-alert-rule.h"
#include "core/cs-error.h"
#include "core/cs-expr.h"

#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define HOUR (60 * MINUTE)

/* 2025-03-03 10:00 UTC. */
#define T0 (G_GINT64_CONSTANT (1740996000) * G_USEC_PER_SEC)

static CsAlertRule *
rule_named (const char *id,
            const char *condition)
{
  g_autoptr(GError) error = NULL;
  CsAlertRule *rule = cs_alert_rule_new (id, "Test", condition, NULL, &error);

  g_assert_no_error (error);
  return rule;
}

static CsAlertRule *
rule_of (const char *condition)
{
  return rule_named (NULL, condition);
}

static void
test_parse (void)
{
  static const struct
  {
    const char *text;
    const char *canonical;
  } cases[] = {
    { "count(reports where category = \"safety\") by area over 1h > 20",
      "count(reports where category = \"safety\") by area over 1h > 20" },
    { "P90(steps.wait_hours where step == \"approval\") over 1d TUMBLING >= 48",
      "p90(steps.wait_hours where step == \"approval\") over 1d tumbling >= 48" },
    { "breach_rate(issues.breached) over 24h > 5%", "breach_rate(issues.breached) over 1d > 5%" },
    { "rate(reports) by category over 90m sliding ≤ 2.5", "rate(reports) by category over 1h30m <= 2.5" },
    { "count(reports where (priority in [\"high\", \"critical\"]) and note != \"x)\") over 30m < 3",
      "count(reports where (priority in [\"high\", \"critical\"]) and note != \"x)\") over 30m < 3" },
    { "  mean( steps.wait_hours )by agency over 2w>1e3  ", "mean(steps.wait_hours) by agency over 14d > 1000" },
    { "count(reports where \"a\" = \"b\") over 1h ≥ -3", "count(reports where \"a\" = \"b\") over 1h >= -3" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CsAlertRule) rule = rule_of (cases[i].text);
      g_autoptr(CsAlertRule) again = NULL;
      g_autofree char *text = cs_alert_rule_to_text (rule);
      g_autofree char *text_again = NULL;

      g_assert_cmpstr (text, ==, cases[i].canonical);
      again = rule_of (text);
      text_again = cs_alert_rule_to_text (again);
      g_assert_cmpstr (text_again, ==, text);
    }

  {
    g_autoptr(CsAlertRule) rule = rule_of ("count(reports where category = \"safety\") by area over 1h > 20");

    g_assert_cmpint (cs_alert_rule_get_metric (rule), ==, CS_ALERT_METRIC_COUNT);
    g_assert_cmpint (cs_alert_rule_get_source (rule), ==, CS_ALERT_SOURCE_REPORTS);
    g_assert_null (cs_alert_rule_get_field (rule));
    g_assert_cmpstr (cs_alert_rule_get_filter (rule), ==, "category = \"safety\"");
    g_assert_cmpint (cs_alert_rule_get_group_by (rule), ==, CS_ALERT_GROUP_AREA);
    g_assert_cmpint (cs_alert_rule_get_window (rule), ==, HOUR);
    g_assert_cmpint (cs_alert_rule_get_window_kind (rule), ==, CS_WINDOW_SLIDING);
    g_assert_cmpint (cs_alert_rule_get_comparison (rule), ==, CS_ALERT_GREATER);
    g_assert_cmpfloat (cs_alert_rule_get_threshold (rule), ==, 20);
    g_assert_cmpstr (cs_alert_rule_get_id (rule), ==, "Test");
  }
  {
    g_autoptr(CsAlertRule) rule = rule_of ("breach_rate(issues.breached) over 24h > 5%");

    g_assert_cmpfloat (cs_alert_rule_get_threshold (rule), ==, 0.05);
    g_assert_cmpstr (cs_alert_rule_get_field (rule), ==, "breached");
  }
}

static void
test_parse_errors (void)
{
  static const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "", "Column 1: the condition is empty" },
    { "cnt(reports) over 1h > 1",
      "Column 1: expected a metric (count, rate, mean, p90 or breach_rate), found “cnt”" },
    { "count reports over 1h > 1", "Column 7: expected “(” after count, found “reports”" },
    { "count(tweets) over 1h > 1",
      "Column 7: expected what to measure (reports, steps or issues), found “tweets”" },
    { "mean(steps.) over 1h > 1", "Column 12: expected a field name after “.”, found “)”" },
    { "count(reports.id) over 1h > 1", "Column 14: count() counts events and takes no field; remove “.id”" },
    { "p90(steps) over 1h > 1", "Column 10: p90() needs a field to measure, such as p90(steps.wait_hours)" },
    { "breach_rate(issues) over 1h > 1",
      "Column 19: breach_rate() needs a field to measure, such as breach_rate(issues.breached)" },
    { "count(reports where ) over 1h > 1", "Column 21: expected a condition after “where”" },
    { "count(reports where category = \"safety) over 1h > 1",
      "Column 32: the string at column 32 is never closed" },
    { "count(reports where (a > 1) over 1h > 1", "Column 6: the “(” at column 6 is never closed" },
    { "count(reports where category = ) over 1h > 1",
      "Column 31: expected an operand after '==', found end of input" },
    { "count(reports where lenght(x) > 1) over 1h > 1", "Column 21: unknown function 'lenght'" },
    /* Columns count characters, and survive the "=" read as "==" before them. */
    { "count(reports where naam = \"é\" and) over 1h > 1",
      "Column 35: expected an operand after 'and', found end of input" },
    { "count(reports where a = 1 and b = = 2) over 1h > 1",
      "Column 35: expected an operand after '==', found '=='" },
    { "count(reports) by street over 1h > 1",
      "Column 19: expected what to group by (area, category, step, agency or none), found “street”" },
    { "count(reports) within 1h > 1", "Column 16: expected “over” and a window such as 1h, found “within”" },
    { "count(reports) over 1 hour > 1", "Column 21: expected a duration such as 30m, 1h or 7d, found “1”" },
    { "count(reports) over 1.5h > 1", "Column 21: expected a duration such as 30m, 1h or 7d, found “1.5h”" },
    { "count(reports) over 0m > 1", "Column 21: the window must be longer than 0" },
    { "count(reports) over 400d > 1", "Column 21: the window must be at most 366 days" },
    { "count(reports) over 1h sliding = 1", "Column 32: alert conditions compare with >, >=, < or <=, not “=”" },
    { "count(reports) over 1h == 1", "Column 24: alert conditions compare with >, >=, < or <=, not “==”" },
    { "count(reports) over 1h hopping > 1",
      "Column 24: expected “sliding”, “tumbling” or a comparison (>, >=, < or <=) after the window, found “hopping”" },
    { "count(reports) over 1h", "Column 23: expected a comparison (>, >=, < or <=), found the end of the condition" },
    { "count(reports) over 1h > many", "Column 26: expected a number to compare with, such as 20 or 5%, found “many”" },
    { "count(reports) over 1h > 20x", "Column 26: expected a number to compare with, such as 20 or 5%, found “20x”" },
    { "count(reports) over 1h > 20 or more", "Column 29: unexpected “or” after the threshold" },
    { "count(reports) over 1h > 1 %", "Column 28: unexpected “%” after the threshold" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CsAlertRule) rule = cs_alert_rule_new (NULL, "Test", cases[i].text, NULL, &error);

      g_assert_null (rule);
      g_assert_error (error, CS_ERROR, CS_ERROR_PARSE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  {
    g_autoptr(GError) error = NULL;
    gsize offset = 0;
    g_autoptr(CsAlertRule) rule = cs_alert_rule_new (NULL, "Test", "count(reports where naam = \"é\" and) over 1h > 1",
                                                     &offset, &error);

    g_assert_null (rule);
    /* The byte offset of the ')', after the two bytes of é. */
    g_assert_cmpuint (offset, ==, 35);
  }
}

static void
test_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (
    "{ \"id\": \"safety-surge\", \"name\": \"Safety surge\","
    "  \"condition\": \"count(reports where category = \\\"safety\\\") by area over 1h > 20\","
    "  \"level\": \"critical\","
    "  \"channels\": [ { \"type\": \"webhook\", \"url\": \"https://hooks.example/alerts\" } ],"
    "  \"suppress\": \"30m\", \"escalate_after\": \"2h\", \"enabled\": false }", &error);
  g_autoptr(CsAlertRule) rule = NULL;
  g_autoptr(CsAlertRule) again = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(JsonNode) out_again = NULL;
  g_autofree char *text = NULL;
  static const struct
  {
    const char *json;
    const char *message;
  } errors[] = {
    { "[]", "An alert rule must be a JSON object" },
    { "{ \"condition\": \"count(reports) over 1h > 1\" }", "An alert rule needs a “name”" },
    { "{ \"name\": \"A\", \"condition\": \"count(reports) over 1h > 1\", \"colour\": \"red\" }",
      "Alert rule “A”: unknown member “colour”" },
    { "{ \"name\": \"A\" }",
      "Alert rule “A”: “condition” must be a text such as count(reports) over 1h > 20" },
    { "{ \"name\": \"A\", \"condition\": \"count(reports) over 1h > 1\", \"level\": \"urgent\" }",
      "Alert rule “A”: “level” must be info, warning or critical" },
    { "{ \"name\": \"A\", \"condition\": \"count(reports) over 1h > 1\", \"enabled\": \"yes\" }",
      "Alert rule “A”: “enabled” must be true or false" },
    { "{ \"name\": \"A\", \"condition\": \"count(reports) over 1h > 1\", \"id\": \"\" }",
      "Alert rule “A”: “id” must be a text that is not empty" },
    { "{ \"name\": \"A\", \"condition\": \"count(reports) over 1h > 1\", \"suppress\": \"soon\" }",
      "Alert rule “A”: “suppress” must be a duration such as 30m, 2h or 1d" },
    { "{ \"name\": \"A\", \"condition\": \"count(reports) over 1h > 1\", \"channels\": [ { \"type\": \"sms\" } ] }",
      "Alert rule “A”: channel 1 must be { \"type\": \"desktop\" } or { \"type\": \"webhook\", \"url\": \"https://…\" }" },
    { "{ \"name\": \"A\", \"condition\": \"count(reports) over 1h > 1\","
      "  \"channels\": [ { \"type\": \"webhook\", \"url\": \"ftp://files.example/x\" } ] }",
      "Alert rule “A”: “ftp://files.example/x” is not an http or https address" },
    { "{ \"name\": \"A\", \"condition\": \"count(reports) over 1h >\" }",
      "Alert rule “A”: Column 25: expected a number to compare with, such as 20 or 5%, found the end of the condition" },
  };

  g_assert_no_error (error);
  rule = cs_alert_rule_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_alert_rule_get_id (rule), ==, "safety-surge");
  g_assert_cmpint (cs_alert_rule_get_level (rule), ==, CS_ALERT_CRITICAL);
  g_assert_false (cs_alert_rule_get_desktop (rule));
  g_assert_cmpstr (cs_alert_rule_get_webhooks (rule)[0], ==, "https://hooks.example/alerts");
  g_assert_null (cs_alert_rule_get_webhooks (rule)[1]);
  g_assert_cmpint (cs_alert_rule_get_suppression (rule), ==, 30 * MINUTE);
  g_assert_cmpint (cs_alert_rule_get_escalate_after (rule), ==, 2 * HOUR);
  g_assert_false (cs_alert_rule_get_enabled (rule));

  out = cs_alert_rule_to_json (rule);
  text = json_to_string (out, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"id\":\"safety-surge\",\"name\":\"Safety surge\","
                   "\"condition\":\"count(reports where category = \\\"safety\\\") by area over 1h > 20\","
                   "\"level\":\"critical\",\"channels\":[{\"type\":\"webhook\",\"url\":\"https://hooks.example/alerts\"}],"
                   "\"suppress\":\"30m\",\"escalate_after\":\"2h\",\"enabled\":false}");
  again = cs_alert_rule_new_from_json (out, &error);
  g_assert_no_error (error);
  out_again = cs_alert_rule_to_json (again);
  g_assert_true (json_node_equal (out, out_again));

  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      g_autoptr(JsonNode) bad = json_from_string (errors[i].json, &error);
      g_autoptr(CsAlertRule) none = NULL;

      g_assert_no_error (error);
      none = cs_alert_rule_new_from_json (bad, &error);
      g_assert_null (none);
      g_assert_cmpstr (error->message, ==, errors[i].message);
      g_clear_error (&error);
    }
}

static void
feed (CsAlertRule    *rule,
      CsStreamWindow *window,
      gint64          at,
      const char     *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) event = json_from_string (json, &error);

  g_assert_no_error (error);
  cs_alert_rule_feed (rule, window, at, event, &error);
  g_assert_no_error (error);
}

/* Evaluates at @now; returns the firings, checks the state passed in stays as it was. */
static GPtrArray *
evaluate (CsAlertRule     *rule,
          CsStreamWindow  *window,
          gint64           now,
          CsAlertState   **state)
{
  GPtrArray *firings = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_alert_firing_free);
  g_autoptr(JsonNode) before = cs_alert_state_to_json (*state);
  g_autoptr(JsonNode) after = NULL;
  CsAlertState *next;

  cs_stream_window_advance (window, now);
  next = cs_alert_rule_evaluate (rule, window, now, *state, firings);
  after = cs_alert_state_to_json (*state);
  g_assert_true (json_node_equal (before, after));
  cs_alert_state_unref (*state);
  *state = next;
  return firings;
}

static void
assert_fired (GPtrArray    *firings,
              const char   *group,
              CsAlertLevel  level,
              gboolean      escalated,
              double        value)
{
  CsAlertFiring *firing;

  g_assert_cmpuint (firings->len, ==, 1);
  firing = firings->pdata[0];
  g_assert_cmpstr (firing->group, ==, group);
  g_assert_cmpint (firing->level, ==, level);
  g_assert_cmpint (firing->escalated, ==, escalated);
  g_assert_cmpfloat (firing->value, ==, value);
  g_ptr_array_unref (firings);
}

static void
assert_quiet (GPtrArray *firings)
{
  g_assert_cmpuint (firings->len, ==, 0);
  g_ptr_array_unref (firings);
}

/* One safety report a minute in Centrum from T0 + 10 min to T0 + 80 min,
 * fed up to @minute. */
static void
surge_until (CsAlertRule    *rule,
             CsStreamWindow *window,
             int             minute)
{
  gint64 fed_until = cs_stream_window_get_now (window);

  for (int m = 10; m <= MIN (minute, 80); m++)
    if (T0 + m * MINUTE > fed_until)
      feed (rule, window, T0 + m * MINUTE, "{\"category\": \"safety\", \"area\": \"Centrum\"}");
}

/* More than two safety reports in an area within 10 minutes: info, at most
 * once per 30 minutes, one level up for every 20 minutes it goes on. */
static void
test_suppression_and_escalation (void)
{
  g_autoptr(CsAlertRule) rule = rule_of ("count(reports where category = \"safety\") by area over 10m > 2");
  g_autoptr(CsStreamWindow) window = cs_alert_rule_new_window (rule, 0);
  g_autoptr(CsAlertState) state = cs_alert_state_new ();
  CsAlertGroupState group;

  cs_alert_rule_set_level (rule, CS_ALERT_INFO);
  cs_alert_rule_set_suppression (rule, 30 * MINUTE);
  cs_alert_rule_set_escalate_after (rule, 20 * MINUTE);

  for (int m = -3; m <= -1; m++)
    feed (rule, window, T0 + m * MINUTE, "{\"category\": \"safety\", \"area\": \"Centrum\"}");
  feed (rule, window, T0 - 2 * MINUTE, "{\"category\": \"noise\", \"area\": \"West\"}");
  feed (rule, window, T0 - 2 * MINUTE, "{\"category\": \"noise\", \"area\": \"West\"}");
  feed (rule, window, T0 - 2 * MINUTE, "{\"category\": \"noise\", \"area\": \"West\"}");
  feed (rule, window, T0 - 1 * MINUTE, "{\"category\": \"safety\", \"area\": \"West\"}");

  assert_fired (evaluate (rule, window, T0, &state), "Centrum", CS_ALERT_INFO, FALSE, 3);
  /* Still true, same episode: nothing new. */
  assert_quiet (evaluate (rule, window, T0 + 5 * MINUTE, &state));
  /* Over: the three reports left the window. */
  assert_quiet (evaluate (rule, window, T0 + 9 * MINUTE, &state));
  g_assert_true (cs_alert_state_lookup (state, "Test", "Centrum", &group));
  g_assert_false (group.active);

  /* A new surge within 30 minutes of the firing is suppressed… */
  surge_until (rule, window, 12);
  assert_quiet (evaluate (rule, window, T0 + 12 * MINUTE, &state));
  g_assert_true (cs_alert_state_lookup (state, "Test", "Centrum", &group));
  g_assert_true (group.active);
  g_assert_cmpint (group.level, ==, CS_ALERT_LEVEL_NONE);
  surge_until (rule, window, 29);
  assert_quiet (evaluate (rule, window, T0 + 29 * MINUTE, &state));
  /* …and fires when the suppression ends, as it still holds. */
  surge_until (rule, window, 30);
  assert_fired (evaluate (rule, window, T0 + 30 * MINUTE, &state), "Centrum", CS_ALERT_INFO, FALSE, 10);
  surge_until (rule, window, 45);
  assert_quiet (evaluate (rule, window, T0 + 45 * MINUTE, &state));
  /* Twenty minutes on: warning, then critical, then no higher. */
  surge_until (rule, window, 50);
  assert_fired (evaluate (rule, window, T0 + 50 * MINUTE, &state), "Centrum", CS_ALERT_WARNING, TRUE, 10);
  surge_until (rule, window, 69);
  assert_quiet (evaluate (rule, window, T0 + 69 * MINUTE, &state));
  surge_until (rule, window, 70);
  assert_fired (evaluate (rule, window, T0 + 70 * MINUTE, &state), "Centrum", CS_ALERT_CRITICAL, TRUE, 10);
  surge_until (rule, window, 80);
  assert_quiet (evaluate (rule, window, T0 + 90 * MINUTE, &state));

  /* The state survives a trip through JSON (another server takes over). */
  {
    g_autoptr(JsonNode) json = cs_alert_state_to_json (state);
    g_autoptr(GError) error = NULL;
    CsAlertState *restored = cs_alert_state_new_from_json (json, &error);
    g_autoptr(JsonNode) json_again = NULL;

    g_assert_no_error (error);
    json_again = cs_alert_state_to_json (restored);
    g_assert_true (json_node_equal (json, json_again));
    cs_alert_state_unref (state);
    state = restored;
  }

  /* The surge ended at +80; 30 minutes after the last firing the group is forgotten. */
  assert_quiet (evaluate (rule, window, T0 + 95 * MINUTE, &state));
  g_assert_cmpuint (cs_alert_state_get_size (state), ==, 1);
  assert_quiet (evaluate (rule, window, T0 + 120 * MINUTE, &state));
  g_assert_cmpuint (cs_alert_state_get_size (state), ==, 0);
}

static void
test_metrics (void)
{
  g_autoptr(CsAlertRule) breaches = rule_of ("breach_rate(issues.breached) over 1d > 5%");
  g_autoptr(CsAlertRule) waits = rule_named ("waits", "p90(steps.wait_hours where step = \"approval\") by agency over 1d tumbling > 48");
  g_autoptr(CsAlertRule) quiet = rule_named ("quiet", "count(reports) over 1h < 1");
  g_autoptr(CsStreamWindow) w1 = cs_alert_rule_new_window (breaches, 5 * MINUTE);
  g_autoptr(CsStreamWindow) w2 = cs_alert_rule_new_window (waits, HOUR);
  g_autoptr(CsStreamWindow) w3 = cs_alert_rule_new_window (quiet, 0);
  g_autoptr(CsAlertState) state = cs_alert_state_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) bad = json_from_string ("{\"step\": 5}", NULL);
  g_autoptr(CsAlertRule) typed = rule_of ("count(steps where step > \"a\") over 1h > 1");
  GPtrArray *firings;

  /* Two breaches in twenty issues: 10 % > 5 %. */
  for (int i = 0; i < 20; i++)
    feed (breaches, w1, T0 + i * MINUTE, i % 10 == 3 ? "{\"breached\": true}" : "{\"breached\": false}");
  firings = evaluate (breaches, w1, T0 + 20 * MINUTE, &state);
  g_assert_cmpuint (firings->len, ==, 1);
  g_assert_cmpfloat_with_epsilon (((CsAlertFiring *) firings->pdata[0])->value, 0.1, 1e-12);
  {
    g_autofree char *line = cs_alert_firing_describe (firings->pdata[0]);

    g_assert_cmpstr (line, ==, "Test: 0.1 (breach_rate(issues.breached) over 1d > 5%)");
  }
  g_ptr_array_unref (firings);

  /* Approval waits per agency over whole UTC days; the day closes an hour late. */
  for (int i = 1; i <= 10; i++)
    {
      g_autofree char *a = g_strdup_printf ("{\"step\": \"approval\", \"agency\": \"Roads\", \"wait_hours\": %d}", i * 10);
      g_autofree char *b = g_strdup_printf ("{\"step\": \"approval\", \"agency\": \"Parks\", \"wait_hours\": %d}", i);

      feed (waits, w2, T0 + i * MINUTE, a);
      feed (waits, w2, T0 + i * MINUTE, b);
      feed (waits, w2, T0 + i * MINUTE, "{\"step\": \"intake\", \"agency\": \"Parks\", \"wait_hours\": 500}");
    }
  /* 2025-03-04 00:30: the day of 3 March is not closed yet. */
  assert_quiet (evaluate (waits, w2, T0 + 14 * HOUR + 30 * MINUTE, &state));
  /* p90 of 10 … 100 is 91; of 1 … 10 it is 9.1. */
  firings = evaluate (waits, w2, T0 + 15 * HOUR, &state);
  assert_fired (firings, "Roads", CS_ALERT_WARNING, FALSE, 91);

  /* A rule over everything looks at an empty window too. */
  firings = evaluate (quiet, w3, T0, &state);
  assert_fired (firings, "", CS_ALERT_WARNING, FALSE, 0);

  /* Disabled: nothing fires and the rule's groups are forgotten. */
  cs_alert_rule_set_enabled (quiet, FALSE);
  assert_quiet (evaluate (quiet, w3, T0 + 2 * HOUR, &state));
  g_assert_cmpuint (cs_alert_state_get_size (state), ==, 2);

  /* A filter that fails on an event says why. */
  g_assert_false (cs_alert_rule_feed (typed, w3, T0, bad, &error));
  g_assert_error (error, CS_EXPR_ERROR, CS_EXPR_ERROR_TYPE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/alert-rule/parse", test_parse);
  g_test_add_func ("/alert-rule/parse-errors", test_parse_errors);
  g_test_add_func ("/alert-rule/json", test_json);
  g_test_add_func ("/alert-rule/suppression-and-escalation", test_suppression_and_escalation);
  g_test_add_func ("/alert-rule/metrics", test_metrics);
  return g_test_run ();
}
