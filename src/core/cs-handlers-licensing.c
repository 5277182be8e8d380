/* cs-handlers-licensing.c: the built-in handlers of business licensing
 *
 * data.validate_application checks a business application; documents.verify
 * the documents submitted with it; fee.calculate computes the licence or
 * permit fee; payment.record records what the payment service took and
 * issues a receipt; licence.generate issues the licence or permit number,
 * whose check character cs_licence_number_is_valid() verifies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-handlers-private.h"

static const char licence_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

static char
licence_check_char (const char *body)
{
  guint sum = 0;
  guint position = 0;

  for (const char *p = body; *p; p++)
    {
      const char *at;

      if (*p == '-')
        continue;
      at = strchr (licence_alphabet, *p);
      g_assert (at != NULL);
      sum += ++position * (guint) (at - licence_alphabet);
    }
  return licence_alphabet[sum % 36];
}

gboolean
cs_licence_number_is_valid (const char *number)
{
  g_autofree char *body = NULL;
  gsize len;

  if (number == NULL ||
      !g_regex_match_simple ("^[A-Z]{2,4}-[0-9]{4}-[0-9A-F]{8}-[0-9A-Z]$", number, 0, 0))
    return FALSE;
  len = strlen (number);
  body = g_strndup (number, len - 2);
  return licence_check_char (body) == number[len - 1];
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* data.validate_application */

static const char * const business_types[] = {
  "retail", "restaurant", "manufacturing", "professional_services",
  "home_based", "construction", "other",
};

static gboolean
is_business_type (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (business_types); i++)
    if (g_str_equal (type, business_types[i]))
      return TRUE;
  return FALSE;
}

static gboolean
data_validate_application (CsHandlerContext  *ctx,
                           JsonObject        *inputs,
                           JsonObject        *outputs,
                           GError           **error)
{
  const char *business_name, *business_type, *owner_name, *email, *phone, *address;
  gint64 employees;
  gboolean has_employees;
  g_autoptr(JsonArray) problems = json_array_new ();
  g_autofree char *seed = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *trimmed_address = NULL;
  g_autofree char *full_reference = NULL;

  /* Missing fields are the applicant's mistake, reported like any other. */
  if (!cs_handlers_get_string (inputs, "business_name", FALSE, &business_name, error) ||
      !cs_handlers_get_string (inputs, "business_type", FALSE, &business_type, error) ||
      !cs_handlers_get_string (inputs, "owner_name", FALSE, &owner_name, error) ||
      !cs_handlers_get_string (inputs, "email", FALSE, &email, error) ||
      !cs_handlers_get_string (inputs, "phone", FALSE, &phone, error) ||
      !cs_handlers_get_string (inputs, "address", FALSE, &address, error) ||
      !cs_handlers_get_int (inputs, "employees", FALSE, 0, &employees, &has_employees, error))
    return FALSE;

  if (business_name == NULL || cs_handlers_is_blank (business_name))
    cs_handlers_add_string (problems, _("The business name is missing"));
  else if (g_utf8_strlen (business_name, -1) > 200)
    cs_handlers_add_string (problems, _("The business name is longer than 200 characters"));
  if (business_type == NULL)
    cs_handlers_add_string (problems, _("The business type is missing"));
  else if (!is_business_type (business_type))
    cs_handlers_add_string (problems, _("The business type is not one the licensing office knows"));
  if (owner_name == NULL || cs_handlers_is_blank (owner_name))
    cs_handlers_add_string (problems, _("The owner’s name is missing"));
  if (email == NULL || cs_handlers_is_blank (email))
    cs_handlers_add_string (problems, _("The email address is missing"));
  else if (!cs_handlers_email_is_valid (email))
    cs_handlers_add_string (problems, _("The email address is not valid"));
  if (phone != NULL && !cs_handlers_phone_is_valid (phone))
    cs_handlers_add_string (problems, _("The phone number is not valid"));
  if (address != NULL)
    trimmed_address = g_strstrip (g_strdup (address));
  if (trimmed_address == NULL || g_utf8_strlen (trimmed_address, -1) < 5)
    cs_handlers_add_string (problems, _("The business address is missing or incomplete"));
  if (!has_employees)
    cs_handlers_add_string (problems, _("The number of employees is missing"));
  else if (employees < 0 || employees > 1000000)
    cs_handlers_add_string (problems, _("The number of employees is out of range"));

  seed = g_strconcat (ctx->instance_id ? ctx->instance_id : "", "\n",
                      business_name ? business_name : "", NULL);
  reference = cs_handlers_hex_upper_prefix (seed, 10);

  json_object_set_boolean_member (outputs, "application_valid", json_array_get_length (problems) == 0);
  json_object_set_array_member (outputs, "validation_errors", g_steal_pointer (&problems));
  full_reference = g_strconcat ("APP-", reference, NULL);
  json_object_set_string_member (outputs, "application_reference", full_reference);
  return TRUE;
}

/* documents.verify */

static gboolean
sha256_text_is_valid (JsonNode *node)
{
  const char *text;

  if (!cs_value_type_check (CS_VALUE_STRING, node))
    return FALSE;
  text = json_node_get_string (node);
  if (strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
documents_verify (CsHandlerContext  *ctx,
                  JsonObject        *inputs,
                  JsonObject        *outputs,
                  GError           **error)
{
  static const char * const default_required[] = { "identity_document", "proof_of_address" };
  JsonArray *documents, *required;
  g_autoptr(GHashTable) valid_types = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonArray) missing = json_array_new ();
  g_autoptr(JsonArray) expired = json_array_new ();
  g_autoptr(JsonArray) invalid = json_array_new ();
  guint n_required;
  GDate now;

  if (!cs_handlers_get_array (inputs, "documents", TRUE, &documents, error) ||
      !cs_handlers_get_array (inputs, "required_documents", FALSE, &required, error))
    return FALSE;

  cs_handlers_today (ctx, &now);
  for (guint i = 0; i < json_array_get_length (documents); i++)
    {
      JsonNode *element = json_array_get_element (documents, i);
      JsonObject *document;
      JsonNode *type, *expires, *digest;
      const char *type_name;
      GDate expiry;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          cs_handlers_add_printf (invalid, _("documents[%u]: not an object"), i);
          continue;
        }
      document = json_node_get_object (element);
      type = json_object_get_member (document, "type");
      if (type == NULL || !cs_value_type_check (CS_VALUE_STRING, type) ||
          cs_handlers_is_blank (json_node_get_string (type)))
        {
          cs_handlers_add_printf (invalid, _("documents[%u]: has no type"), i);
          continue;
        }
      type_name = json_node_get_string (type);

      expires = json_object_get_member (document, "expires_on");
      if (expires != NULL && !JSON_NODE_HOLDS_NULL (expires))
        {
          if (!cs_value_type_check (CS_VALUE_STRING, expires) ||
              !cs_handlers_parse_date (json_node_get_string (expires), &expiry))
            {
              cs_handlers_add_printf (invalid, _("documents[%u] (%s): the expiry date is not a date"),
                                      i, type_name);
              continue;
            }
          if (g_date_compare (&expiry, &now) < 0)
            {
              json_array_add_string_element (expired, type_name);
              continue;
            }
        }

      digest = json_object_get_member (document, "sha256");
      if (digest != NULL && !JSON_NODE_HOLDS_NULL (digest) && !sha256_text_is_valid (digest))
        {
          cs_handlers_add_printf (invalid, _("documents[%u] (%s): the SHA-256 digest is malformed"),
                                  i, type_name);
          continue;
        }

      g_hash_table_add (valid_types, (gpointer) type_name);
    }

  n_required = required ? json_array_get_length (required) : G_N_ELEMENTS (default_required);
  for (guint i = 0; i < n_required; i++)
    {
      const char *type_name = default_required[MIN (i, G_N_ELEMENTS (default_required) - 1)];

      if (required != NULL &&
          !cs_handlers_string_array_element (required, i, "required_documents", &type_name, error))
        return FALSE;
      if (!g_hash_table_contains (valid_types, type_name))
        json_array_add_string_element (missing, type_name);
    }

  json_object_set_boolean_member (outputs, "documents_verified", json_array_get_length (missing) == 0);
  json_object_set_array_member (outputs, "missing_documents", g_steal_pointer (&missing));
  json_object_set_array_member (outputs, "expired_documents", g_steal_pointer (&expired));
  json_object_set_array_member (outputs, "invalid_documents", g_steal_pointer (&invalid));
  json_object_set_int_member (outputs, "document_count", g_hash_table_size (valid_types));
  return TRUE;
}

/* fee.calculate */

static const struct
{
  const char *business_type;
  gint64      base_cents;
} fee_table[] = {
  { "retail", 15000 },
  { "restaurant", 30000 },
  { "manufacturing", 50000 },
  { "professional_services", 20000 },
  { "home_based", 7500 },
  { "construction", 40000 },
  { "other", 18000 },
};

/* Percentages of whole cents, rounded half up. */
static gint64
percent_of (gint64 amount,
            gint64 percent)
{
  return (amount * percent + 50) / 100;
}

static gboolean
fee_calculate (CsHandlerContext  *ctx,
               JsonObject        *inputs,
               JsonObject        *outputs,
               GError           **error)
{
  const char *business_type, *currency;
  gint64 employees, days_late, base = -1, size_percent;
  gint64 subtotal, discount, late_percent, surcharge, total;
  gboolean renewal;
  g_autoptr(JsonObject) breakdown = json_object_new ();

  if (!cs_handlers_get_string (inputs, "business_type", TRUE, &business_type, error) ||
      !cs_handlers_get_int (inputs, "employees", TRUE, 0, &employees, NULL, error) ||
      !cs_handlers_get_bool (inputs, "is_renewal", FALSE, &renewal, error) ||
      !cs_handlers_get_int (inputs, "days_late", FALSE, 0, &days_late, NULL, error) ||
      !cs_handlers_get_string (inputs, "currency", FALSE, &currency, error))
    return FALSE;

  if (currency == NULL)
    currency = "EUR";
  if (!g_regex_match_simple ("^[A-Z]{3}$", currency, 0, 0))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input currency: “%s” is not an ISO 4217 code"), currency);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (fee_table); i++)
    if (g_str_equal (business_type, fee_table[i].business_type))
      base = fee_table[i].base_cents;
  if (base < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("No fee is defined for business type “%s”"), business_type);
      return FALSE;
    }
  if (employees < 0 || days_late < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input %s: must not be negative"),
                   employees < 0 ? "employees" : "days_late");
      return FALSE;
    }

  if (employees <= 5)
    size_percent = 100;
  else if (employees <= 20)
    size_percent = 150;
  else if (employees <= 100)
    size_percent = 250;
  else
    size_percent = 400;

  subtotal = percent_of (base, size_percent);
  discount = renewal ? percent_of (subtotal, 20) : 0;
  /* 10% per started month late, at most 50%. */
  late_percent = days_late > 0 ? MIN (50, 10 * ((days_late + 29) / 30)) : 0;
  surcharge = percent_of (subtotal - discount, late_percent);
  total = subtotal - discount + surcharge;

  json_object_set_int_member (breakdown, "base_cents", base);
  json_object_set_double_member (breakdown, "size_multiplier", size_percent / 100.0);
  json_object_set_int_member (breakdown, "subtotal_cents", subtotal);
  json_object_set_int_member (breakdown, "renewal_discount_cents", discount);
  json_object_set_int_member (breakdown, "late_surcharge_percent", late_percent);
  json_object_set_int_member (breakdown, "late_surcharge_cents", surcharge);

  json_object_set_int_member (outputs, "fee_cents", total);
  json_object_set_double_member (outputs, "fee_amount", total / 100.0);
  json_object_set_string_member (outputs, "currency", currency);
  json_object_set_object_member (outputs, "fee_breakdown", g_steal_pointer (&breakdown));
  return TRUE;
}

/* payment.record */

static gboolean
payment_record (CsHandlerContext  *ctx,
                JsonObject        *inputs,
                JsonObject        *outputs,
                GError           **error)
{
  static const char * const settled[] = { "captured", "succeeded", "paid", "completed" };
  const char *reference, *status;
  gint64 fee, paid;
  gboolean status_ok = FALSE;
  g_autofree char *lower = NULL;

  if (!cs_handlers_get_int (inputs, "fee_cents", TRUE, 0, &fee, NULL, error) ||
      !cs_handlers_get_string (inputs, "payment_reference", TRUE, &reference, error) ||
      !cs_handlers_get_string (inputs, "payment_status", TRUE, &status, error) ||
      !cs_handlers_get_int (inputs, "paid_cents", TRUE, 0, &paid, NULL, error))
    return FALSE;

  if (fee < 0 || paid < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input %s: must not be negative"), fee < 0 ? "fee_cents" : "paid_cents");
      return FALSE;
    }
  if (cs_handlers_is_blank (reference))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input payment_reference: it is blank"));
      return FALSE;
    }

  lower = g_ascii_strdown (status, -1);
  for (guint i = 0; i < G_N_ELEMENTS (settled); i++)
    if (g_str_equal (lower, settled[i]))
      status_ok = TRUE;

  json_object_set_int_member (outputs, "balance_cents", fee - paid);
  if (status_ok && paid >= fee)
    {
      g_autofree char *seed = g_strconcat (ctx->instance_id ? ctx->instance_id : "", "\n",
                                           reference, NULL);
      g_autofree char *hex = cs_handlers_hex_upper_prefix (seed, 8);
      g_autoptr(GDateTime) utc = g_date_time_to_utc (ctx->now);
      g_autofree char *day = g_date_time_format (utc, "%Y%m%d");
      g_autofree char *receipt = g_strdup_printf ("RCT-%s-%s", day, hex);

      json_object_set_boolean_member (outputs, "payment_recorded", TRUE);
      json_object_set_string_member (outputs, "receipt_number", receipt);
    }
  else
    {
      g_autofree char *failure = NULL;

      if (!status_ok)
        failure = g_strdup_printf (_("the payment service reported the payment as “%s”"), status);
      else
        failure = g_strdup_printf (_("the payment is %" G_GINT64_FORMAT ".%02d short of the fee"),
                                   (fee - paid) / 100, (int) ((fee - paid) % 100));
      json_object_set_boolean_member (outputs, "payment_recorded", FALSE);
      json_object_set_string_member (outputs, "payment_failure", failure);
    }
  return TRUE;
}

/* licence.generate */

static gboolean
licence_generate (CsHandlerContext  *ctx,
                  JsonObject        *inputs,
                  JsonObject        *outputs,
                  GError           **error)
{
  const char *business_name, *business_type, *prefix;
  gint64 years;
  GDate issued, until;
  g_autofree char *seed = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *body = NULL;
  g_autofree char *number = NULL;
  g_autofree char *issued_text = NULL;
  g_autofree char *until_text = NULL;

  if (!cs_handlers_get_string (inputs, "business_name", TRUE, &business_name, error) ||
      !cs_handlers_get_string (inputs, "business_type", TRUE, &business_type, error) ||
      !cs_handlers_get_string (inputs, "licence_prefix", FALSE, &prefix, error) ||
      !cs_handlers_get_int (inputs, "validity_years", FALSE, 1, &years, NULL, error))
    return FALSE;

  if (prefix == NULL)
    prefix = "BL";
  if (!g_regex_match_simple ("^[A-Z]{2,4}$", prefix, 0, 0))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input licence_prefix: “%s” is not 2 to 4 capital letters"), prefix);
      return FALSE;
    }
  if (years < 1 || years > 10)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input validity_years: %" G_GINT64_FORMAT " is not between 1 and 10"),
                   years);
      return FALSE;
    }

  cs_handlers_today (ctx, &issued);
  until = issued;
  g_date_add_years (&until, years);

  seed = g_strjoin ("\n", prefix, ctx->instance_id ? ctx->instance_id : "",
                    business_name, business_type, NULL);
  hex = cs_handlers_hex_upper_prefix (seed, 8);
  body = g_strdup_printf ("%s-%04u-%s", prefix, g_date_get_year (&issued), hex);
  number = g_strdup_printf ("%s-%c", body, licence_check_char (body));
  issued_text = format_date (&issued);
  until_text = format_date (&until);

  json_object_set_string_member (outputs, "licence_number", number);
  json_object_set_string_member (outputs, "licence_issued_on", issued_text);
  json_object_set_string_member (outputs, "licence_valid_until", until_text);
  return TRUE;
}

/* The built-in table */

static const ParamSpec validate_application_in[] = {
  IN ("business_name", STRING, FALSE, NULL, N_("Registered name of the business")),
  IN ("business_type", STRING, FALSE, NULL, N_("retail, restaurant, manufacturing, …")),
  IN ("owner_name", STRING, FALSE, NULL, N_("Name of the owner")),
  IN ("email", STRING, FALSE, NULL, N_("Contact email address")),
  IN ("phone", STRING, FALSE, NULL, N_("Contact phone number")),
  IN ("address", STRING, FALSE, NULL, N_("Address of the premises")),
  IN ("employees", INTEGER, FALSE, NULL, N_("Number of employees")),
  END
};
static const ParamSpec validate_application_out[] = {
  OUT ("application_valid", BOOLEAN, N_("Whether the application is complete and well-formed")),
  OUT ("validation_errors", ARRAY, N_("What is wrong with the application")),
  OUT ("application_reference", STRING, N_("Reference of the application")),
  END
};

static const ParamSpec documents_verify_in[] = {
  IN ("documents", ARRAY, TRUE, NULL, N_("Submitted documents: {type, expires_on, sha256}")),
  IN ("required_documents", ARRAY, FALSE, NULL, N_("Document types that must be present")),
  END
};
static const ParamSpec documents_verify_out[] = {
  OUT ("documents_verified", BOOLEAN, N_("Whether every required document is present and valid")),
  OUT ("missing_documents", ARRAY, N_("Required types without a valid document")),
  OUT ("expired_documents", ARRAY, N_("Types of the expired documents")),
  OUT ("invalid_documents", ARRAY, N_("What is wrong with malformed documents")),
  OUT ("document_count", INTEGER, N_("Number of valid documents")),
  END
};

static const ParamSpec fee_calculate_in[] = {
  IN ("business_type", STRING, TRUE, NULL, N_("Business type, which sets the base fee")),
  IN ("employees", INTEGER, TRUE, NULL, N_("Number of employees, which scales the fee")),
  IN ("is_renewal", BOOLEAN, FALSE, NULL, N_("Renewals get 20% off")),
  IN ("days_late", INTEGER, FALSE, NULL, N_("Days past the deadline: 10% per started month")),
  IN ("currency", STRING, FALSE, "^[A-Z]{3}$", N_("ISO 4217 currency, EUR by default")),
  END
};
static const ParamSpec fee_calculate_out[] = {
  OUT ("fee_cents", INTEGER, N_("Fee in cents")),
  OUT ("fee_amount", NUMBER, N_("Fee in currency units")),
  OUT ("currency", STRING, N_("Currency of the fee")),
  OUT ("fee_breakdown", OBJECT, N_("How the fee was computed")),
  END
};

static const ParamSpec payment_record_in[] = {
  IN ("fee_cents", INTEGER, TRUE, NULL, N_("Fee due in cents")),
  IN ("payment_reference", STRING, TRUE, NULL, N_("Reference the payment service gave")),
  IN ("payment_status", STRING, TRUE, NULL, N_("Status the payment service reported")),
  IN ("paid_cents", INTEGER, TRUE, NULL, N_("Amount the payment service took, in cents")),
  END
};
static const ParamSpec payment_record_out[] = {
  OUT ("payment_recorded", BOOLEAN, N_("Whether the fee is paid")),
  OUT ("receipt_number", STRING, N_("Receipt number of a recorded payment")),
  OUT ("balance_cents", INTEGER, N_("Fee minus amount paid")),
  OUT ("payment_failure", STRING, N_("Why the payment is not recorded")),
  END
};

static const ParamSpec licence_generate_in[] = {
  IN ("business_name", STRING, TRUE, NULL, N_("Name printed on the licence")),
  IN ("business_type", STRING, TRUE, NULL, N_("Business type printed on the licence")),
  IN ("licence_prefix", STRING, FALSE, "^[A-Z]{2,4}$", N_("Prefix of the number, BL by default")),
  IN ("validity_years", INTEGER, FALSE, NULL, N_("Years of validity, 1 by default")),
  END
};
static const ParamSpec licence_generate_out[] = {
  OUT ("licence_number", STRING, N_("Number of the licence, with a check character")),
  OUT ("licence_issued_on", DATE, N_("Date of issue")),
  OUT ("licence_valid_until", DATE, N_("Date of expiry")),
  END
};

static const BuiltinSpec builtins[] = {
  { "data.validate_application", data_validate_application,
    N_("Checks that a business application is complete and well-formed"),
    validate_application_in, validate_application_out },
  { "documents.verify", documents_verify,
    N_("Checks that the required documents are present, unexpired and well-formed"),
    documents_verify_in, documents_verify_out },
  { "fee.calculate", fee_calculate,
    N_("Computes a licence or permit fee from business type, size, renewal and lateness"),
    fee_calculate_in, fee_calculate_out },
  { "payment.record", payment_record,
    N_("Records the payment the payment service reported and issues a receipt"),
    payment_record_in, payment_record_out },
  { "licence.generate", licence_generate,
    N_("Issues a licence or permit number with its validity dates"),
    licence_generate_in, licence_generate_out },
};

void
cs_handlers_register_licensing (CsHandlerRegistry *registry)
{
  cs_handlers_register_builtins (registry, builtins, G_N_ELEMENTS (builtins));
}
