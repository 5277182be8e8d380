/* test-sla.c: SLA policies, their versions and fallbacks, and the status of issues
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "core/cs-error.h"
#include "core/cs-sla.h"
#include "core/cs-sla-policy-set.h"

#define HOUR CS_CALENDAR_HOUR
#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

static gint64
ams (int year,
     int month,
     int day,
     int hour,
     int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static CsBusinessCalendar *
office (void)
{
  const char * const hours[7] = { "08:30-17:00", "08:30-17:00", "08:30-17:00", "08:30-17:00",
                                  "08:30-17:00", "", "" };
  GDate christmas[2];
  g_autoptr(GError) error = NULL;
  CsBusinessCalendar *calendar;

  g_date_clear (christmas, 2);
  g_date_set_dmy (&christmas[0], 25, G_DATE_DECEMBER, 2025);
  g_date_set_dmy (&christmas[1], 26, G_DATE_DECEMBER, 2025);
  calendar = cs_business_calendar_new ("Europe/Amsterdam", hours, christmas, 2, &error);
  g_assert_no_error (error);
  return calendar;
}

/* 48 real hours: at risk from 38.4 h, escalating past 48, 72 and 96 h. */
static void
test_hours (void)
{
  g_autoptr(CsSlaPolicy) policy = cs_sla_policy_new ("pothole", CS_SEVERITY_MEDIUM, 48, CS_SLA_UNIT_HOURS);
  gint64 t0 = ams (2025, 3, 3, 10, 0);
  CsSlaResult r;

  g_assert_true (cs_sla_policy_validate (policy, NULL));

  cs_sla_evaluate_resolved (policy, t0, t0 + 48 * HOUR, &r);
  g_assert_cmpint (r.status, ==, CS_SLA_MET);
  g_assert_cmpint (r.remaining, ==, 0);
  g_assert_cmpuint (r.escalation_level, ==, 0);
  g_assert_cmpint (r.due_at, ==, t0 + 48 * HOUR);
  g_assert_cmpint (r.next_escalation_at, ==, CS_SLA_NEVER);
  cs_sla_evaluate_resolved (policy, t0, t0 + 48 * HOUR + 1, &r);
  g_assert_cmpint (r.status, ==, CS_SLA_BREACHED);
  g_assert_cmpint (r.remaining, ==, -1);
  g_assert_cmpuint (r.escalation_level, ==, 1);
  /* Resolved before it was created: at once. */
  cs_sla_evaluate_resolved (policy, t0, t0 - HOUR, &r);
  g_assert_cmpint (r.status, ==, CS_SLA_MET);
  g_assert_cmpint (r.elapsed, ==, 0);

  cs_sla_evaluate_open (policy, t0, t0 + 2304 * MINUTE - 1, &r);
  g_assert_cmpint (r.status, ==, CS_SLA_ON_TRACK);
  g_assert_cmpint (r.at_risk_at, ==, t0 + 2304 * MINUTE);
  g_assert_cmpint (r.next_escalation_at, ==, t0 + 48 * HOUR);
  cs_sla_evaluate_open (policy, t0, t0 + 2304 * MINUTE, &r);
  g_assert_cmpint (r.status, ==, CS_SLA_AT_RISK);
  g_assert_cmpfloat (r.fraction, ==, 0.8);
  cs_sla_evaluate_open (policy, t0, t0 + 48 * HOUR, &r);
  g_assert_cmpint (r.status, ==, CS_SLA_AT_RISK);
  g_assert_cmpuint (r.escalation_level, ==, 0);
  cs_sla_evaluate_open (policy, t0, t0 + 48 * HOUR + 1, &r);
  g_assert_cmpint (r.status, ==, CS_SLA_BREACHED);
  g_assert_cmpuint (r.escalation_level, ==, 1);
  g_assert_cmpint (r.next_escalation_at, ==, t0 + 72 * HOUR);
  cs_sla_evaluate_open (policy, t0, t0 + 72 * HOUR, &r);
  g_assert_cmpuint (r.escalation_level, ==, 1);
  cs_sla_evaluate_open (policy, t0, t0 + 72 * HOUR + 1, &r);
  g_assert_cmpuint (r.escalation_level, ==, 2);
  g_assert_cmpint (r.next_escalation_at, ==, t0 + 96 * HOUR);
  cs_sla_evaluate_open (policy, t0, t0 + 500 * HOUR, &r);
  g_assert_cmpuint (r.escalation_level, ==, 3);
  g_assert_cmpint (r.remaining, ==, -452 * HOUR);
  g_assert_cmpint (r.next_escalation_at, ==, CS_SLA_NEVER);

  /* Own steps and at-risk fraction. */
  {
    const double steps[] = { 1.0, 1.25 };

    cs_sla_policy_set_escalation (policy, steps, 2);
    cs_sla_policy_set_at_risk (policy, 0.5);
    g_assert_true (cs_sla_policy_validate (policy, NULL));
    cs_sla_evaluate_open (policy, t0, t0 + 24 * HOUR, &r);
    g_assert_cmpint (r.status, ==, CS_SLA_AT_RISK);
    cs_sla_evaluate_open (policy, t0, t0 + 61 * HOUR, &r);
    g_assert_cmpuint (r.escalation_level, ==, 2);
    cs_sla_policy_set_escalation (policy, NULL, 0);
    cs_sla_evaluate_open (policy, t0, t0 + 61 * HOUR, &r);
    g_assert_cmpint (r.status, ==, CS_SLA_BREACHED);
    g_assert_cmpuint (r.escalation_level, ==, 0);
  }

  g_assert_true (cs_sla_met (policy, t0, t0 + 48 * HOUR, NULL));
  g_assert_false (cs_sla_met (policy, t0, t0 + 49 * HOUR, NULL));
}

/* 8 working hours from Friday 16:00: one on Friday, seven on Monday. */
static void
test_business_hours (void)
{
  g_autoptr(CsBusinessCalendar) cal = office ();
  g_autoptr(CsSlaPolicy) policy = cs_sla_policy_new (NULL, CS_SLA_ANY_SEVERITY, 8, CS_SLA_UNIT_HOURS);
  gint64 created = ams (2025, 3, 7, 16, 0);
  CsSlaResult r;

  cs_sla_policy_set_calendar (policy, cal);
  g_assert_true (cs_sla_policy_validate (policy, NULL));

  cs_sla_evaluate_open (policy, created, ams (2025, 3, 9, 12, 0), &r);
  g_assert_cmpint (r.status, ==, CS_SLA_ON_TRACK);
  g_assert_cmpint (r.elapsed, ==, HOUR);
  g_assert_cmpint (r.remaining, ==, 7 * HOUR);
  g_assert_cmpint (r.due_at, ==, ams (2025, 3, 10, 15, 30));
  /* 80 % is 6 h 24 min: Friday's hour and 5 h 24 min from 08:30. */
  g_assert_cmpint (r.at_risk_at, ==, ams (2025, 3, 10, 13, 54));
  cs_sla_evaluate_open (policy, created, ams (2025, 3, 10, 13, 53), &r);
  g_assert_cmpint (r.status, ==, CS_SLA_ON_TRACK);
  cs_sla_evaluate_open (policy, created, ams (2025, 3, 10, 13, 54), &r);
  g_assert_cmpint (r.status, ==, CS_SLA_AT_RISK);
  cs_sla_evaluate_resolved (policy, created, ams (2025, 3, 10, 15, 30), &r);
  g_assert_cmpint (r.status, ==, CS_SLA_MET);
  cs_sla_evaluate_resolved (policy, created, ams (2025, 3, 10, 15, 31), &r);
  g_assert_cmpint (r.status, ==, CS_SLA_BREACHED);
  g_assert_cmpuint (r.escalation_level, ==, 1);
  /* Past closing time on Monday nothing more elapses: still 1.5 × 8 h not reached. */
  cs_sla_evaluate_open (policy, created, ams (2025, 3, 10, 23, 0), &r);
  g_assert_cmpint (r.elapsed, ==, 95 * HOUR / 10);
  g_assert_cmpuint (r.escalation_level, ==, 1);
  g_assert_cmpint (r.next_escalation_at, ==, ams (2025, 3, 11, 11, 0));

  /* Without the calendar the same day and a half breaches long before. */
  cs_sla_policy_set_calendar (policy, NULL);
  cs_sla_evaluate_open (policy, created, ams (2025, 3, 9, 12, 0), &r);
  g_assert_cmpint (r.status, ==, CS_SLA_BREACHED);
  g_assert_cmpuint (r.escalation_level, ==, 3);
}

/* Two working days from Christmas Eve noon, with Christmas on Thursday and Friday. */
static void
test_working_days (void)
{
  g_autoptr(CsBusinessCalendar) cal = office ();
  g_autoptr(CsSlaPolicy) policy = cs_sla_policy_new ("graffiti", CS_SEVERITY_LOW, 2, CS_SLA_UNIT_WORKING_DAYS);
  gint64 created = ams (2025, 12, 24, 12, 0);
  CsSlaResult r;

  cs_sla_policy_set_calendar (policy, cal);
  g_assert_true (cs_sla_policy_validate (policy, NULL));

  cs_sla_evaluate_open (policy, created, ams (2025, 12, 29, 12, 0), &r);
  g_assert_cmpint (r.status, ==, CS_SLA_ON_TRACK);
  g_assert_cmpfloat (r.fraction, ==, 0.5);
  g_assert_cmpint (r.due_at, ==, ams (2025, 12, 30, 12, 0));
  /* 1.6 days: 0.1 day = 2 h 24 min into the 30th. */
  g_assert_cmpint (r.at_risk_at, ==, ams (2025, 12, 30, 2, 24));
  cs_sla_evaluate_open (policy, created, ams (2025, 12, 30, 2, 24), &r);
  g_assert_cmpint (r.status, ==, CS_SLA_AT_RISK);
  cs_sla_evaluate_open (policy, created, ams (2025, 12, 30, 12, 0), &r);
  g_assert_cmpint (r.status, ==, CS_SLA_AT_RISK);
  cs_sla_evaluate_open (policy, created, ams (2025, 12, 31, 0, 0), &r);
  g_assert_cmpint (r.status, ==, CS_SLA_BREACHED);
  g_assert_cmpuint (r.escalation_level, ==, 1);
  g_assert_cmpint (r.next_escalation_at, ==, ams (2025, 12, 31, 12, 0));
  cs_sla_evaluate_open (policy, created, ams (2025, 12, 31, 12, 1), &r);
  g_assert_cmpuint (r.escalation_level, ==, 2);
  g_assert_cmpint (r.next_escalation_at, ==, ams (2026, 1, 1, 12, 0));
  cs_sla_evaluate_resolved (policy, created, ams (2025, 12, 30, 11, 59), &r);
  g_assert_cmpint (r.status, ==, CS_SLA_MET);
}

static void
assert_invalid (CsSlaPolicy *policy,
                const char  *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cs_sla_policy_validate (policy, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_validation (void)
{
  const double unsorted[] = { 1.5, 1.0 };
  const double repeated[] = { 1.0, 1.5, 1.5 };
  const double early[] = { 0.5, 1.0 };
  double many[CS_SLA_MAX_ESCALATION_STEPS + 1];
  g_autoptr(CsSlaPolicy) zero = cs_sla_policy_new ("pothole", CS_SEVERITY_HIGH, 0, CS_SLA_UNIT_HOURS);
  g_autoptr(CsSlaPolicy) negative = cs_sla_policy_new ("pothole", CS_SLA_ANY_SEVERITY, -4, CS_SLA_UNIT_WORKING_DAYS);
  g_autoptr(CsSlaPolicy) huge = cs_sla_policy_new (NULL, CS_SEVERITY_LOW, 100000, CS_SLA_UNIT_HOURS);
  g_autoptr(CsSlaPolicy) days = cs_sla_policy_new (NULL, CS_SLA_ANY_SEVERITY, 3, CS_SLA_UNIT_WORKING_DAYS);
  g_autoptr(CsSlaPolicy) p = cs_sla_policy_new ("pothole", CS_SEVERITY_HIGH, 24, CS_SLA_UNIT_HOURS);
  g_autoptr(CsSlaPolicy) empty = cs_sla_policy_new ("", CS_SEVERITY_HIGH, 24, CS_SLA_UNIT_HOURS);

  assert_invalid (zero, "SLA policy pothole, high: the threshold must be more than zero, not 0 hours");
  assert_invalid (negative, "SLA policy pothole, any severity: the threshold must be more than zero, not -4 working days");
  assert_invalid (huge, "SLA policy tenant default, low: the threshold must be at most 87600 hours");
  assert_invalid (days, "SLA policy tenant default: a threshold in working days needs a business calendar");
  assert_invalid (empty, "SLA policy: the category must not be empty (leave it out for the tenant default)");

  cs_sla_policy_set_at_risk (p, 0.0);
  assert_invalid (p, "SLA policy pothole, high: the at-risk fraction must be above 0 and at most 1, not 0");
  cs_sla_policy_set_at_risk (p, 1.2);
  assert_invalid (p, "SLA policy pothole, high: the at-risk fraction must be above 0 and at most 1, not 1.2");
  cs_sla_policy_set_at_risk (p, 1.0);
  g_assert_true (cs_sla_policy_validate (p, NULL));

  cs_sla_policy_set_escalation (p, unsorted, G_N_ELEMENTS (unsorted));
  assert_invalid (p, "SLA policy pothole, high: escalation step 2 (100 %) must be above step 1 (150 %)");
  cs_sla_policy_set_escalation (p, repeated, G_N_ELEMENTS (repeated));
  assert_invalid (p, "SLA policy pothole, high: escalation step 3 repeats 150 %");
  cs_sla_policy_set_escalation (p, early, G_N_ELEMENTS (early));
  assert_invalid (p, "SLA policy pothole, high: escalation step 1 is 50 %; steps lie between 100 % "
                     "(the breach) and 10000 % of the threshold");
  for (guint i = 0; i < G_N_ELEMENTS (many); i++)
    many[i] = 1.0 + i;
  cs_sla_policy_set_escalation (p, many, G_N_ELEMENTS (many));
  assert_invalid (p, "SLA policy pothole, high: at most 16 escalation steps");
}

static CsSlaPolicy *
policy_from (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  CsSlaPolicy *policy;

  g_assert_no_error (error);
  policy = cs_sla_policy_new_from_json (node, &error);
  g_assert_no_error (error);
  return policy;
}

static void
test_json (void)
{
  static const struct
  {
    const char *json;
    const char *message;
  } errors[] = {
    { "3", "An SLA policy must be a JSON object" },
    { "{\"treshold\": 4, \"unit\": \"hours\"}", "SLA policy: unknown member “treshold”" },
    { "{\"threshold\": \"4\", \"unit\": \"hours\"}", "SLA policy: “threshold” must be a number" },
    { "{\"threshold\": 4}", "SLA policy: “unit” must be “hours” or “working_days”" },
    { "{\"threshold\": 4, \"unit\": \"days\"}", "SLA policy: “unit” must be “hours” or “working_days”" },
    { "{\"threshold\": 4, \"unit\": \"hours\", \"severity\": \"urgent\"}",
      "SLA policy: “urgent” is not a severity (use low, medium, high or critical)" },
    { "{\"threshold\": 4, \"unit\": \"hours\", \"valid_from\": \"next week\"}",
      "SLA policy: “valid_from” must be a date and time such as 2025-01-01T00:00:00Z, not “next week”" },
    { "{\"threshold\": 4, \"unit\": \"hours\", \"escalation\": [1, \"2\"]}",
      "SLA policy: “escalation” must be a list of fractions of the threshold, such as [1, 1.5, 2]" },
    { "{\"threshold\": 4, \"unit\": \"hours\", \"retired\": 1}", "SLA policy: “retired” must be true or false" },
    { "{\"category\": \"pothole\", \"threshold\": 4, \"unit\": \"hours\", \"calendar\": {\"time_zone\": \"Nowhere\", \"hours\": {}}}",
      "SLA policy pothole, any severity: “Nowhere” is not a known time zone (use a name such as Europe/Amsterdam)" },
    { "{\"category\": \"pothole\", \"threshold\": -1, \"unit\": \"hours\"}",
      "SLA policy pothole, any severity: the threshold must be more than zero, not -1 hours" },
  };
  g_autoptr(CsSlaPolicy) policy = policy_from (
    "{\"category\": \"pothole\", \"severity\": \"high\", \"valid_from\": \"2025-01-01T00:00:00+01:00\","
    " \"threshold\": 5, \"unit\": \"working_days\", \"at_risk\": 0.75, \"escalation\": [1, 2],"
    " \"calendar\": {\"time_zone\": \"Europe/Amsterdam\", \"hours\": {\"mon\": \"09:00-17:00\"}}}");
  g_autoptr(CsSlaPolicy) again = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpstr (policy->category, ==, "pothole");
  g_assert_cmpint (policy->severity, ==, CS_SEVERITY_HIGH);
  g_assert_cmpint (policy->valid_from, ==, ams (2025, 1, 1, 0, 0));
  g_assert_cmpint (policy->unit, ==, CS_SLA_UNIT_WORKING_DAYS);
  g_assert_cmpint (cs_sla_policy_get_threshold_us (policy), ==, 5 * CS_CALENDAR_DAY);
  g_assert_cmpuint (policy->n_escalation, ==, 2);
  g_assert_nonnull (policy->calendar);

  out = cs_sla_policy_to_json (policy);
  text = json_to_string (out, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"category\":\"pothole\",\"severity\":\"high\",\"valid_from\":\"2024-12-31T23:00:00.000Z\","
                   "\"threshold\":5.0,\"unit\":\"working_days\",\"calendar\":{\"time_zone\":\"Europe/Amsterdam\","
                   "\"hours\":{\"mon\":\"09:00-17:00\"},\"holidays\":[]},\"at_risk\":0.75,\"escalation\":[1.0,2.0]}");
  again = policy_from (text);
  g_assert_cmpint (again->valid_from, ==, policy->valid_from);

  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = json_from_string (errors[i].json, &error);
      g_autoptr(CsSlaPolicy) bad = NULL;

      g_assert_no_error (error);
      bad = cs_sla_policy_new_from_json (node, &error);
      g_assert_null (bad);
      g_assert_cmpstr (error->message, ==, errors[i].message);
    }
}

static double
threshold_of (const CsSlaPolicy *policy)
{
  g_assert_nonnull (policy);
  return policy->threshold;
}

/* Fallbacks and versions: the policy in force when the issue was created. */
static void
test_lookup (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (
    "[ {\"threshold\": 72, \"unit\": \"hours\"},"
    "  {\"category\": \"pothole\", \"threshold\": 48, \"unit\": \"hours\"},"
    "  {\"category\": \"pothole\", \"severity\": \"high\", \"threshold\": 24, \"unit\": \"hours\","
    "   \"valid_from\": \"2025-01-01T00:00:00Z\"},"
    "  {\"category\": \"pothole\", \"severity\": \"high\", \"retired\": true,"
    "   \"valid_from\": \"2025-06-01T00:00:00Z\"},"
    "  {\"category\": \"pothole\", \"severity\": \"high\", \"threshold\": 12, \"unit\": \"hours\","
    "   \"valid_from\": \"2025-09-01T00:00:00Z\"},"
    "  {\"severity\": \"critical\", \"threshold\": 4, \"unit\": \"hours\"} ]", &error);
  g_autoptr(CsSlaPolicySet) set = NULL;
  g_autoptr(CsSlaPolicySet) copy = NULL;
  g_autoptr(CsSlaPolicySet) none = cs_sla_policy_set_new ();
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(CsSlaPolicy) duplicate = cs_sla_policy_new ("pothole", CS_SLA_ANY_SEVERITY, 10, CS_SLA_UNIT_HOURS);
  gint64 jan1 = G_GINT64_CONSTANT (1735689600) * G_USEC_PER_SEC;

  g_assert_no_error (error);
  set = cs_sla_policy_set_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_sla_policy_set_get_n_policies (set), ==, 6);

  g_assert_cmpfloat (threshold_of (cs_sla_policy_set_lookup (set, "pothole", CS_SEVERITY_HIGH, jan1 - 1)), ==, 48);
  g_assert_cmpfloat (threshold_of (cs_sla_policy_set_lookup (set, "pothole", CS_SEVERITY_HIGH, jan1)), ==, 24);
  g_assert_cmpfloat (threshold_of (cs_sla_policy_set_lookup (set, "pothole", CS_SEVERITY_HIGH,
                                                             jan1 + 181 * CS_CALENDAR_DAY)), ==, 48);
  g_assert_cmpfloat (threshold_of (cs_sla_policy_set_lookup (set, "pothole", CS_SEVERITY_HIGH,
                                                             jan1 + 300 * CS_CALENDAR_DAY)), ==, 12);
  /* The category beats a severity-wide policy; otherwise the severity, then the default. */
  g_assert_cmpfloat (threshold_of (cs_sla_policy_set_lookup (set, "pothole", CS_SEVERITY_CRITICAL, jan1)), ==, 48);
  g_assert_cmpfloat (threshold_of (cs_sla_policy_set_lookup (set, "graffiti", CS_SEVERITY_CRITICAL, jan1)), ==, 4);
  g_assert_cmpfloat (threshold_of (cs_sla_policy_set_lookup (set, "graffiti", CS_SEVERITY_LOW, jan1)), ==, 72);
  g_assert_cmpfloat (threshold_of (cs_sla_policy_set_lookup (set, NULL, CS_SEVERITY_LOW, jan1)), ==, 72);
  g_assert_null (cs_sla_policy_set_lookup (none, "pothole", CS_SEVERITY_LOW, jan1));

  g_assert_false (cs_sla_policy_set_add (set, duplicate, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "SLA policy pothole, any severity: another version is already valid from the beginning");
  g_clear_error (&error);

  out = cs_sla_policy_set_to_json (set);
  copy = cs_sla_policy_set_new_from_json (out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_sla_policy_set_get_n_policies (copy), ==, 6);
  g_assert_cmpfloat (threshold_of (cs_sla_policy_set_lookup (copy, "pothole", CS_SEVERITY_HIGH, jan1)), ==, 24);
  g_assert_finalize_object (g_steal_pointer (&copy));
}

static void
test_bad_set (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (
    "[ {\"threshold\": 72, \"unit\": \"hours\"}, {\"category\": \"pothole\", \"threshold\": 0, \"unit\": \"hours\"} ]",
    &error);
  CsSlaPolicySet *set;

  g_assert_no_error (error);
  set = cs_sla_policy_set_new_from_json (node, &error);
  g_assert_null (set);
  g_assert_cmpstr (error->message, ==,
                   "Entry 2: SLA policy pothole, any severity: the threshold must be more than zero, not 0 hours");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sla/hours", test_hours);
  g_test_add_func ("/sla/business-hours", test_business_hours);
  g_test_add_func ("/sla/working-days", test_working_days);
  g_test_add_func ("/sla/validation", test_validation);
  g_test_add_func ("/sla/json", test_json);
  g_test_add_func ("/sla/lookup", test_lookup);
  g_test_add_func ("/sla/bad-set", test_bad_set);
  return g_test_run ();
}
