/* cs-handlers-permits.c: the built-in handlers of permit renewal
 *
 * permit.check_eligibility decides whether a permit may be renewed now (its
 * number, suspension, unpaid fines, the renewal window around its expiry);
 * permit.compliance_audit scores the holder's compliance from past
 * inspections and complaints and says whether a site inspection must come
 * first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-handlers-private.h"

/* permit.check_eligibility */

static gboolean
permit_check_eligibility (CsHandlerContext  *ctx,
                          JsonObject        *inputs,
                          JsonObject        *outputs,
                          GError           **error)
{
  const char *number;
  gint64 fines;
  gboolean suspended, has_expiry;
  GDate expiry, now;
  int days;
  g_autoptr(JsonArray) reasons = json_array_new ();

  if (!cs_handlers_get_string (inputs, "permit_number", TRUE, &number, error) ||
      !cs_handlers_get_date (inputs, "permit_expires_on", TRUE, &expiry, &has_expiry, error) ||
      !cs_handlers_get_int (inputs, "outstanding_fines_cents", FALSE, 0, &fines, NULL, error) ||
      !cs_handlers_get_bool (inputs, "suspended", FALSE, &suspended, error))
    return FALSE;

  if (fines < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input outstanding_fines_cents: must not be negative"));
      return FALSE;
    }

  cs_handlers_today (ctx, &now);
  days = g_date_days_between (&now, &expiry);

  if (!g_regex_match_simple ("^[A-Z]{2,4}-[0-9]{4}-[0-9A-F]{8}(-[0-9A-Z])?$", number, 0, 0))
    cs_handlers_add_string (reasons, _("The permit number is not in the expected format"));
  if (suspended)
    cs_handlers_add_string (reasons, _("The permit is suspended"));
  if (fines > 0)
    cs_handlers_add_printf (reasons, _("Outstanding fines of %" G_GINT64_FORMAT ".%02d must be paid first"),
                            fines / 100, (int) (fines % 100));
  if (days > 90)
    cs_handlers_add_printf (reasons, _("Renewal opens 90 days before expiry, in %d days"), days - 90);
  if (days < -180)
    cs_handlers_add_string (reasons, _("The permit expired more than 180 days ago; apply for a new permit"));

  json_object_set_boolean_member (outputs, "eligible", json_array_get_length (reasons) == 0);
  json_object_set_array_member (outputs, "ineligibility_reasons", g_steal_pointer (&reasons));
  json_object_set_int_member (outputs, "days_until_expiry", days);
  json_object_set_int_member (outputs, "days_late", MAX (0, -days));
  return TRUE;
}

/* permit.compliance_audit */

static gboolean
permit_compliance_audit (CsHandlerContext  *ctx,
                         JsonObject        *inputs,
                         JsonObject        *outputs,
                         GError           **error)
{
  JsonArray *inspections;
  gint64 complaints;
  guint failed = 0;
  gint64 violations = 0;
  int newest_age = -1;
  gint64 score;
  gboolean requires_inspection;
  g_autoptr(JsonArray) findings = json_array_new ();
  GDate now;

  if (!cs_handlers_get_array (inputs, "inspections", FALSE, &inspections, error) ||
      !cs_handlers_get_int (inputs, "complaints_count", FALSE, 0, &complaints, NULL, error))
    return FALSE;
  if (complaints < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input complaints_count: must not be negative"));
      return FALSE;
    }

  cs_handlers_today (ctx, &now);
  for (guint i = 0; inspections != NULL && i < json_array_get_length (inspections); i++)
    {
      JsonNode *element = json_array_get_element (inspections, i);
      JsonObject *inspection;
      JsonNode *date, *passed, *count;
      GDate when;
      int age;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Invalid input inspections: element %u is not an object"), i);
          return FALSE;
        }
      inspection = json_node_get_object (element);
      date = json_object_get_member (inspection, "date");
      passed = json_object_get_member (inspection, "passed");
      count = json_object_get_member (inspection, "violations");
      if (date == NULL || !cs_value_type_check (CS_VALUE_STRING, date) ||
          !cs_handlers_parse_date (json_node_get_string (date), &when))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Invalid input inspections: element %u has no valid date"), i);
          return FALSE;
        }
      if (passed == NULL || !cs_value_type_check (CS_VALUE_BOOLEAN, passed))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Invalid input inspections: element %u has no boolean “passed”"), i);
          return FALSE;
        }
      if (count != NULL && !JSON_NODE_HOLDS_NULL (count) &&
          (!cs_value_type_check (CS_VALUE_INTEGER, count) || json_node_get_int (count) < 0))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Invalid input inspections: element %u has an invalid number of violations"),
                       i);
          return FALSE;
        }

      age = g_date_days_between (&when, &now);
      if (age < 0)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Invalid input inspections: element %u is dated in the future"), i);
          return FALSE;
        }
      if (newest_age < 0 || age < newest_age)
        newest_age = age;
      /* Only the last three years count against the holder. */
      if (age <= 3 * 365 + 1)
        {
          if (!json_node_get_boolean (passed))
            failed++;
          if (count != NULL && !JSON_NODE_HOLDS_NULL (count))
            violations += json_node_get_int (count);
        }
    }

  score = 100 - 15 * (gint64) failed - 5 * violations - 2 * MIN (complaints, 10);
  score = CLAMP (score, 0, 100);
  requires_inspection = score < 85 || newest_age < 0 || newest_age > 2 * 365 + 1;

  if (failed > 0)
    cs_handlers_add_printf (findings, g_dngettext (GETTEXT_PACKAGE,
                                                   "%u failed inspection in the last 3 years",
                                                   "%u failed inspections in the last 3 years", failed),
                            failed);
  if (violations > 0)
    cs_handlers_add_printf (findings, g_dngettext (GETTEXT_PACKAGE,
                                                   "%u violation recorded in the last 3 years",
                                                   "%u violations recorded in the last 3 years", violations),
                            (guint) violations);
  if (complaints > 0)
    cs_handlers_add_printf (findings, g_dngettext (GETTEXT_PACKAGE,
                                                   "%u complaint on record", "%u complaints on record",
                                                   complaints),
                            (guint) complaints);
  if (newest_age < 0 || newest_age > 2 * 365 + 1)
    cs_handlers_add_string (findings, _("No inspection in the last 2 years"));

  json_object_set_int_member (outputs, "compliance_score", score);
  json_object_set_boolean_member (outputs, "compliant", score >= 70);
  json_object_set_boolean_member (outputs, "requires_inspection", requires_inspection);
  json_object_set_array_member (outputs, "audit_findings", g_steal_pointer (&findings));
  return TRUE;
}

/* The built-in table */

static const ParamSpec eligibility_in[] = {
  IN ("permit_number", STRING, TRUE, NULL, N_("Number of the permit to renew")),
  IN ("permit_expires_on", DATE, TRUE, NULL, N_("Expiry date of the permit")),
  IN ("outstanding_fines_cents", INTEGER, FALSE, NULL, N_("Unpaid fines, in cents")),
  IN ("suspended", BOOLEAN, FALSE, NULL, N_("Whether the permit is suspended")),
  END
};
static const ParamSpec eligibility_out[] = {
  OUT ("eligible", BOOLEAN, N_("Whether the permit may be renewed")),
  OUT ("ineligibility_reasons", ARRAY, N_("Why it may not")),
  OUT ("days_until_expiry", INTEGER, N_("Days until expiry, negative once expired")),
  OUT ("days_late", INTEGER, N_("Days since expiry, 0 if not expired")),
  END
};

static const ParamSpec audit_in[] = {
  IN ("inspections", ARRAY, FALSE, NULL, N_("Past inspections: {date, passed, violations}")),
  IN ("complaints_count", INTEGER, FALSE, NULL, N_("Complaints on record")),
  END
};
static const ParamSpec audit_out[] = {
  OUT ("compliance_score", INTEGER, N_("0 to 100")),
  OUT ("compliant", BOOLEAN, N_("Whether the score is at least 70")),
  OUT ("requires_inspection", BOOLEAN, N_("Whether a site inspection is needed first")),
  OUT ("audit_findings", ARRAY, N_("What lowered the score")),
  END
};

static const BuiltinSpec builtins[] = {
  { "permit.check_eligibility", permit_check_eligibility,
    N_("Decides whether a permit may be renewed now"),
    eligibility_in, eligibility_out },
  { "permit.compliance_audit", permit_compliance_audit,
    N_("Scores the permit holder's compliance from inspections and complaints"),
    audit_in, audit_out },
};

void
cs_handlers_register_permits (CsHandlerRegistry *registry)
{
  cs_handlers_register_builtins (registry, builtins, G_N_ELEMENTS (builtins));
}
