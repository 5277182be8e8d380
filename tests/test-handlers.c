/* test-handlers.c: the built-in action handlers and their registry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "core/cs-error.h"
#include "core/cs-handler-registry.h"

/* 2025-07-03T10:30:00Z, a Thursday. */
#define NOW_UNIX G_GINT64_CONSTANT (1751538600)

typedef struct
{
  GDateTime        *now;
  CsHandlerContext  ctx;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->now = g_date_time_new_from_unix_utc (NOW_UNIX);
  f->ctx.instance_id = "3f6c1d2e-0000-4000-8000-000000000001";
  f->ctx.tenant = NULL;
  f->ctx.step_id = "step";
  f->ctx.seed = cs_handler_seed_for (f->ctx.instance_id, f->ctx.step_id, 1);
  f->ctx.now = f->now;
  f->ctx.user_data = NULL;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_date_time_unref (f->now);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* Runs @name on @inputs and checks what every good run must satisfy: the
 * inputs pass the handler's own declarations, and every output is declared
 * with the type it has. */
static JsonObject *
run_ok (Fixture    *f,
        const char *name,
        const char *inputs_json)
{
  CsHandlerRegistry *registry = cs_handler_registry_get_default ();
  g_autoptr(CsHandler) handler = cs_handler_registry_lookup (registry, name);
  g_autoptr(JsonObject) inputs = parse_object (inputs_json);
  g_autoptr(JsonObject) outputs = json_object_new ();
  g_autoptr(CsStep) step = cs_step_new ("step", CS_STEP_ACTION, NULL);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) names = NULL;

  g_assert_nonnull (handler);
  cs_step_set_inputs (step, cs_handler_get_inputs (handler));
  if (!cs_step_validate_inputs (step, inputs, messages))
    g_error ("%s: inputs rejected: %s", name, (char *) g_ptr_array_index (messages, 0));

  g_assert_true (cs_handler_invoke (handler, &f->ctx, inputs, outputs, &error));
  g_assert_no_error (error);

  names = json_object_get_members (outputs);
  for (GList *l = names; l != NULL; l = l->next)
    {
      GPtrArray *declared = cs_handler_get_outputs (handler);
      CsStepParam *param = NULL;

      for (guint i = 0; i < declared->len; i++)
        if (g_str_equal (cs_step_param_get_name (g_ptr_array_index (declared, i)), l->data))
          param = g_ptr_array_index (declared, i);
      if (param == NULL)
        g_error ("%s: output %s is not declared", name, (char *) l->data);
      if (!cs_value_type_check (cs_step_param_get_value_type (param),
                                json_object_get_member (outputs, l->data)))
        g_error ("%s: output %s is not a %s", name, (char *) l->data,
                 cs_value_type_to_string (cs_step_param_get_value_type (param)));
    }
  return g_steal_pointer (&outputs);
}

static void
run_fails (Fixture    *f,
           const char *name,
           const char *inputs_json,
           const char *message)
{
  g_autoptr(JsonObject) inputs = parse_object (inputs_json);
  g_autoptr(JsonObject) outputs = json_object_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (cs_handler_registry_invoke (cs_handler_registry_get_default (), name, &f->ctx,
                                              inputs, outputs, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, message);
}

static void
assert_string_array (JsonObject  *object,
                     const char  *member,
                     const char **expected)
{
  JsonArray *array = json_object_get_array_member (object, member);
  guint n = 0;

  while (expected[n] != NULL)
    n++;
  g_assert_cmpuint (json_array_get_length (array), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (json_array_get_string_element (array, i), ==, expected[i]);
}

/* identity.verify */

static void
test_identity_verify (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;

  /* The seed's example. */
  out = run_ok (f, "identity.verify",
                "{\"first_name\": \"John\", \"last_name\": \"Doe\", \"id_number\": \"123456789\","
                " \"id_document\": \"passport\"}");
  g_assert_true (json_object_get_boolean_member (out, "identity_verified"));
  g_assert_cmpstr (json_object_get_string_member (out, "verification_method"), ==, "document_scan");
  g_assert_cmpfloat (json_object_get_double_member (out, "confidence_score"), ==, 0.95);
  g_assert_false (json_object_has_member (out, "age"));
  g_clear_pointer (&out, json_object_unref);

  /* Birthday tomorrow: still 24. */
  out = run_ok (f, "identity.verify",
                "{\"first_name\": \"Ana María\", \"last_name\": \"O'Neill-Ruiz\","
                " \"id_number\": \"79927398713\", \"id_document\": \"national_id\","
                " \"date_of_birth\": \"2000-07-04\"}");
  g_assert_true (json_object_get_boolean_member (out, "identity_verified"));
  g_assert_cmpstr (json_object_get_string_member (out, "verification_method"), ==,
                   "registry_checksum");
  g_assert_cmpint (json_object_get_int_member (out, "age"), ==, 24);
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "identity.verify",
                "{\"first_name\": \"Li\", \"last_name\": \"Wei\", \"id_number\": \"799 273 987 13\","
                " \"id_document\": \"national_id\", \"date_of_birth\": \"2007-07-03\"}");
  g_assert_cmpint (json_object_get_int_member (out, "age"), ==, 18);
  g_clear_pointer (&out, json_object_unref);

  /* A wrong Luhn check digit. */
  out = run_ok (f, "identity.verify",
                "{\"first_name\": \"Li\", \"last_name\": \"Wei\", \"id_number\": \"79927398710\","
                " \"id_document\": \"national_id\"}");
  g_assert_false (json_object_get_boolean_member (out, "identity_verified"));
  g_assert_cmpfloat (json_object_get_double_member (out, "confidence_score"), ==, 0.0);
  g_assert_cmpstr (json_object_get_string_member (out, "verification_failure"), ==,
                   "the check digit of the national identity number is wrong");
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "identity.verify",
                "{\"first_name\": \"J0hn\", \"last_name\": \"Doe\", \"id_number\": \"123456789\","
                " \"id_document\": \"passport\"}");
  g_assert_cmpstr (json_object_get_string_member (out, "verification_failure"), ==,
                   "the name contains characters that are not allowed");
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "identity.verify",
                "{\"first_name\": \"John\", \"last_name\": \"Doe\", \"id_number\": \"AB123\","
                " \"id_document\": \"drivers_licence\"}");
  g_assert_cmpstr (json_object_get_string_member (out, "verification_failure"), ==,
                   "the document number does not have the format of this document type");
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "identity.verify",
                "{\"first_name\": \"John\", \"last_name\": \"Doe\", \"id_number\": \"123456789\","
                " \"id_document\": \"passport\", \"date_of_birth\": \"2025-08-01\"}");
  g_assert_cmpstr (json_object_get_string_member (out, "verification_failure"), ==,
                   "the date of birth is in the future");
  g_clear_pointer (&out, json_object_unref);

  /* Birth certificates start with the year of registration. */
  out = run_ok (f, "identity.verify",
                "{\"first_name\": \"Mia\", \"last_name\": \"Berg\", \"id_number\": \"2019-004711\","
                " \"id_document\": \"birth_certificate\", \"date_of_birth\": \"2019-03-02\"}");
  g_assert_true (json_object_get_boolean_member (out, "identity_verified"));
  g_assert_cmpint (json_object_get_int_member (out, "age"), ==, 6);
  g_clear_pointer (&out, json_object_unref);
  out = run_ok (f, "identity.verify",
                "{\"first_name\": \"Mia\", \"last_name\": \"Berg\", \"id_number\": \"2017-004711\","
                " \"id_document\": \"birth_certificate\", \"date_of_birth\": \"2019-03-02\"}");
  g_assert_cmpstr (json_object_get_string_member (out, "verification_failure"), ==,
                   "the birth certificate was registered before the date of birth");

  run_fails (f, "identity.verify",
             "{\"first_name\": \"John\", \"last_name\": \"Doe\", \"id_document\": \"passport\"}",
             "Missing required input: id_number");
  run_fails (f, "identity.verify",
             "{\"first_name\": \"John\", \"last_name\": \"Doe\", \"id_number\": \"123456789\","
             " \"id_document\": \"library_card\"}",
             "Unsupported identity document type “library_card”");
  run_fails (f, "identity.verify",
             "{\"first_name\": \"John\", \"last_name\": \"Doe\", \"id_number\": 123456789,"
             " \"id_document\": \"passport\"}",
             "Invalid input id_number: expected string");
  run_fails (f, "identity.verify",
             "{\"first_name\": \"John\", \"last_name\": \"Doe\", \"id_number\": \"123456789\","
             " \"id_document\": \"passport\", \"date_of_birth\": \"31/12/1999\"}",
             "Invalid input date_of_birth: “31/12/1999” is not a date (YYYY-MM-DD)");
}

/* identity.check_duplicate */

static void
test_identity_check_duplicate (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *normalised = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *json = NULL;
  g_autofree char *other_document = NULL;

  /* The documented hash: SHA-256 of a versioned, normalised text. */
  expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                            "civicstream-identity-v1\npassport\nAB123456", -1);
  normalised = cs_identity_hash ("Passport", "ab 123-456");
  g_assert_cmpstr (normalised, ==, expected);

  out = run_ok (f, "identity.check_duplicate",
                "{\"id_number\": \"AB123456\", \"id_document\": \"passport\","
                " \"known_identity_hashes\": [\"00\", \"11\"]}");
  g_assert_cmpstr (json_object_get_string_member (out, "identity_hash"), ==, expected);
  g_assert_false (json_object_get_boolean_member (out, "is_duplicate"));
  g_clear_pointer (&out, json_object_unref);

  /* Without a list nothing is a duplicate. */
  out = run_ok (f, "identity.check_duplicate",
                "{\"id_number\": \"AB123456\", \"id_document\": \"passport\"}");
  g_assert_false (json_object_get_boolean_member (out, "is_duplicate"));
  g_clear_pointer (&out, json_object_unref);

  upper = g_ascii_strup (expected, -1);
  json = g_strdup_printf ("{\"id_number\": \"ab-123456\", \"id_document\": \"passport\","
                          " \"known_identity_hashes\": [\"00\", \"%s\"]}", upper);
  out = run_ok (f, "identity.check_duplicate", json);
  g_assert_true (json_object_get_boolean_member (out, "is_duplicate"));

  /* The same number on another document is another identity. */
  other_document = cs_identity_hash ("national_id", "AB123456");
  g_assert_cmpstr (other_document, !=, expected);

  run_fails (f, "identity.check_duplicate",
             "{\"id_number\": \"AB123456\", \"id_document\": \"passport\","
             " \"known_identity_hashes\": [\"00\", 7]}",
             "Invalid input known_identity_hashes: element 1 is not a string");
}

/* data.validate_application */

static void
test_validate_application (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;
  const char *reference;
  const char *expected_errors[] = {
    "The business name is missing",
    "The business type is not one the licensing office knows",
    "The email address is not valid",
    "The phone number is not valid",
    "The business address is missing or incomplete",
    "The number of employees is missing",
    NULL
  };

  out = run_ok (f, "data.validate_application",
                "{\"business_name\": \"Corner Bakery\", \"business_type\": \"restaurant\","
                " \"owner_name\": \"Rosa Diaz\", \"email\": \"rosa@example.org\","
                " \"phone\": \"+34 (91) 555-0101\", \"address\": \"12 Calle Mayor, Madrid\","
                " \"employees\": 4}");
  g_assert_true (json_object_get_boolean_member (out, "application_valid"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (out, "validation_errors")),
                    ==, 0);
  reference = json_object_get_string_member (out, "application_reference");
  g_assert_true (g_regex_match_simple ("^APP-[0-9A-F]{10}$", reference, 0, 0));
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "data.validate_application",
                "{\"business_name\": \"  \", \"business_type\": \"casino\","
                " \"owner_name\": \"Rosa Diaz\", \"email\": \"rosa@example\","
                " \"phone\": \"call me\", \"address\": \"Ma\"}");
  g_assert_false (json_object_get_boolean_member (out, "application_valid"));
  assert_string_array (out, "validation_errors", expected_errors);

  run_fails (f, "data.validate_application", "{\"employees\": \"ten\"}",
             "Invalid input employees: expected integer");
}

/* documents.verify */

static void
test_documents_verify (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;
  const char *none[] = { NULL };
  const char *missing_address[] = { "proof_of_address", NULL };
  const char *expired[] = { "proof_of_address", NULL };
  const char *invalid[] = {
    "documents[0]: not an object",
    "documents[1]: has no type",
    "documents[2] (identity_document): the SHA-256 digest is malformed",
    NULL
  };
  const char *missing_registration[] = { "business_registration", NULL };

  out = run_ok (f, "documents.verify",
                "{\"documents\": [{\"type\": \"identity_document\", \"expires_on\": \"2030-01-01\"},"
                " {\"type\": \"proof_of_address\", \"sha256\": "
                "\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}]}");
  g_assert_true (json_object_get_boolean_member (out, "documents_verified"));
  assert_string_array (out, "missing_documents", none);
  g_assert_cmpint (json_object_get_int_member (out, "document_count"), ==, 2);
  g_clear_pointer (&out, json_object_unref);

  /* Expired the day before "now". */
  out = run_ok (f, "documents.verify",
                "{\"documents\": [{\"type\": \"identity_document\"},"
                " {\"type\": \"proof_of_address\", \"expires_on\": \"2025-07-02\"}]}");
  g_assert_false (json_object_get_boolean_member (out, "documents_verified"));
  assert_string_array (out, "missing_documents", missing_address);
  assert_string_array (out, "expired_documents", expired);
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "documents.verify",
                "{\"documents\": [\"passport.pdf\", {\"pages\": 2},"
                " {\"type\": \"identity_document\", \"sha256\": \"abc\"},"
                " {\"type\": \"identity_document\"}, {\"type\": \"proof_of_address\"}]}");
  g_assert_true (json_object_get_boolean_member (out, "documents_verified"));
  assert_string_array (out, "invalid_documents", invalid);
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "documents.verify",
                "{\"documents\": [{\"type\": \"identity_document\"}],"
                " \"required_documents\": [\"identity_document\", \"business_registration\"]}");
  assert_string_array (out, "missing_documents", missing_registration);

  run_fails (f, "documents.verify", "{\"documents\": {\"type\": \"x\"}}",
             "Invalid input documents: expected array");
  run_fails (f, "documents.verify", "{}", "Missing required input: documents");
}

/* fee.calculate */

static void
test_fee_calculate (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;
  JsonObject *breakdown;

  out = run_ok (f, "fee.calculate", "{\"business_type\": \"retail\", \"employees\": 3}");
  g_assert_cmpint (json_object_get_int_member (out, "fee_cents"), ==, 15000);
  g_assert_cmpfloat (json_object_get_double_member (out, "fee_amount"), ==, 150.0);
  g_assert_cmpstr (json_object_get_string_member (out, "currency"), ==, "EUR");
  g_clear_pointer (&out, json_object_unref);

  /* 300.00 × 1.5 for 10 employees = 450.00, less 20% for a renewal = 360.00. */
  out = run_ok (f, "fee.calculate",
                "{\"business_type\": \"restaurant\", \"employees\": 10, \"is_renewal\": true}");
  g_assert_cmpint (json_object_get_int_member (out, "fee_cents"), ==, 36000);
  breakdown = json_object_get_object_member (out, "fee_breakdown");
  g_assert_cmpint (json_object_get_int_member (breakdown, "subtotal_cents"), ==, 45000);
  g_assert_cmpint (json_object_get_int_member (breakdown, "renewal_discount_cents"), ==, 9000);
  g_clear_pointer (&out, json_object_unref);

  /* 45 days late: two started months, 20% on top of the discounted 360.00. */
  out = run_ok (f, "fee.calculate",
                "{\"business_type\": \"restaurant\", \"employees\": 10, \"is_renewal\": true,"
                " \"days_late\": 45, \"currency\": \"USD\"}");
  g_assert_cmpint (json_object_get_int_member (out, "fee_cents"), ==, 43200);
  g_assert_cmpstr (json_object_get_string_member (out, "currency"), ==, "USD");
  g_clear_pointer (&out, json_object_unref);

  /* The surcharge stops at 50%; 500 employees scale manufacturing by 4. */
  out = run_ok (f, "fee.calculate",
                "{\"business_type\": \"manufacturing\", \"employees\": 500, \"days_late\": 400}");
  g_assert_cmpint (json_object_get_int_member (out, "fee_cents"), ==, 300000);
  breakdown = json_object_get_object_member (out, "fee_breakdown");
  g_assert_cmpint (json_object_get_int_member (breakdown, "late_surcharge_percent"), ==, 50);

  run_fails (f, "fee.calculate", "{\"business_type\": \"casino\", \"employees\": 3}",
             "No fee is defined for business type “casino”");
  run_fails (f, "fee.calculate", "{\"business_type\": \"retail\", \"employees\": -1}",
             "Invalid input employees: must not be negative");
  run_fails (f, "fee.calculate", "{\"business_type\": \"retail\"}",
             "Missing required input: employees");
}

/* payment.record */

static void
test_payment_record (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) again = NULL;

  out = run_ok (f, "payment.record",
                "{\"fee_cents\": 36000, \"payment_reference\": \"pay_81\","
                " \"payment_status\": \"Captured\", \"paid_cents\": 36000}");
  g_assert_true (json_object_get_boolean_member (out, "payment_recorded"));
  g_assert_cmpint (json_object_get_int_member (out, "balance_cents"), ==, 0);
  g_assert_true (g_regex_match_simple ("^RCT-20250703-[0-9A-F]{8}$",
                                       json_object_get_string_member (out, "receipt_number"), 0, 0));
  /* A retried step issues the same receipt. */
  again = run_ok (f, "payment.record",
                  "{\"fee_cents\": 36000, \"payment_reference\": \"pay_81\","
                  " \"payment_status\": \"captured\", \"paid_cents\": 36000}");
  g_assert_cmpstr (json_object_get_string_member (out, "receipt_number"), ==,
                   json_object_get_string_member (again, "receipt_number"));
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "payment.record",
                "{\"fee_cents\": 36000, \"payment_reference\": \"pay_82\","
                " \"payment_status\": \"succeeded\", \"paid_cents\": 35950}");
  g_assert_false (json_object_get_boolean_member (out, "payment_recorded"));
  g_assert_cmpint (json_object_get_int_member (out, "balance_cents"), ==, 50);
  g_assert_cmpstr (json_object_get_string_member (out, "payment_failure"), ==,
                   "the payment is 0.50 short of the fee");
  g_assert_false (json_object_has_member (out, "receipt_number"));
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "payment.record",
                "{\"fee_cents\": 100, \"payment_reference\": \"pay_83\","
                " \"payment_status\": \"declined\", \"paid_cents\": 0}");
  g_assert_cmpstr (json_object_get_string_member (out, "payment_failure"), ==,
                   "the payment service reported the payment as “declined”");

  run_fails (f, "payment.record",
             "{\"fee_cents\": 100, \"payment_reference\": \"p\", \"payment_status\": \"paid\","
             " \"paid_cents\": -5}",
             "Invalid input paid_cents: must not be negative");
}

/* licence.generate */

static void
test_licence_generate (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) same = NULL;
  g_autoptr(JsonObject) other = NULL;
  g_autofree char *tampered = NULL;
  const char *number;
  const char *saved_instance = f->ctx.instance_id;

  out = run_ok (f, "licence.generate",
                "{\"business_name\": \"Corner Bakery\", \"business_type\": \"restaurant\"}");
  number = json_object_get_string_member (out, "licence_number");
  g_assert_true (g_regex_match_simple ("^BL-2025-[0-9A-F]{8}-[0-9A-Z]$", number, 0, 0));
  g_assert_true (cs_licence_number_is_valid (number));
  g_assert_cmpstr (json_object_get_string_member (out, "licence_issued_on"), ==, "2025-07-03");
  g_assert_cmpstr (json_object_get_string_member (out, "licence_valid_until"), ==, "2026-07-03");

  /* Deterministic per instance. */
  same = run_ok (f, "licence.generate",
                 "{\"business_name\": \"Corner Bakery\", \"business_type\": \"restaurant\"}");
  g_assert_cmpstr (json_object_get_string_member (same, "licence_number"), ==, number);
  f->ctx.instance_id = "another-instance";
  other = run_ok (f, "licence.generate",
                  "{\"business_name\": \"Corner Bakery\", \"business_type\": \"restaurant\"}");
  f->ctx.instance_id = saved_instance;
  g_assert_cmpstr (json_object_get_string_member (other, "licence_number"), !=, number);

  /* The check character catches a changed character. */
  tampered = g_strdup (number);
  tampered[8] = tampered[8] == 'A' ? 'B' : 'A';
  g_assert_false (cs_licence_number_is_valid (tampered));
  g_assert_false (cs_licence_number_is_valid ("BL-2025-1234"));
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "licence.generate",
                "{\"business_name\": \"Corner Bakery\", \"business_type\": \"restaurant\","
                " \"licence_prefix\": \"PR\", \"validity_years\": 3}");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (out, "licence_number"), "PR-2025-"));
  g_assert_cmpstr (json_object_get_string_member (out, "licence_valid_until"), ==, "2028-07-03");

  run_fails (f, "licence.generate",
             "{\"business_name\": \"B\", \"business_type\": \"retail\", \"licence_prefix\": \"bl\"}",
             "Invalid input licence_prefix: “bl” is not 2 to 4 capital letters");
  run_fails (f, "licence.generate",
             "{\"business_name\": \"B\", \"business_type\": \"retail\", \"validity_years\": 20}",
             "Invalid input validity_years: 20 is not between 1 and 10");
}

/* permit.check_eligibility */

static void
test_permit_eligibility (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;
  const char *early[] = { "Renewal opens 90 days before expiry, in 30 days", NULL };
  const char *many[] = {
    "The permit number is not in the expected format",
    "The permit is suspended",
    "Outstanding fines of 125.50 must be paid first",
    "The permit expired more than 180 days ago; apply for a new permit",
    NULL
  };

  /* Expires in 30 days. */
  out = run_ok (f, "permit.check_eligibility",
                "{\"permit_number\": \"PR-2022-0A1B2C3D-7\", \"permit_expires_on\": \"2025-08-02\"}");
  g_assert_true (json_object_get_boolean_member (out, "eligible"));
  g_assert_cmpint (json_object_get_int_member (out, "days_until_expiry"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (out, "days_late"), ==, 0);
  g_clear_pointer (&out, json_object_unref);

  /* Expired 45 days ago: still renewable, and late. */
  out = run_ok (f, "permit.check_eligibility",
                "{\"permit_number\": \"PR-2022-0A1B2C3D\", \"permit_expires_on\": \"2025-05-19\"}");
  g_assert_true (json_object_get_boolean_member (out, "eligible"));
  g_assert_cmpint (json_object_get_int_member (out, "days_late"), ==, 45);
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "permit.check_eligibility",
                "{\"permit_number\": \"PR-2022-0A1B2C3D\", \"permit_expires_on\": \"2025-10-31\"}");
  g_assert_false (json_object_get_boolean_member (out, "eligible"));
  assert_string_array (out, "ineligibility_reasons", early);
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "permit.check_eligibility",
                "{\"permit_number\": \"12345\", \"permit_expires_on\": \"2024-01-01\","
                " \"suspended\": true, \"outstanding_fines_cents\": 12550}");
  assert_string_array (out, "ineligibility_reasons", many);

  run_fails (f, "permit.check_eligibility", "{\"permit_number\": \"PR-2022-0A1B2C3D\"}",
             "Missing required input: permit_expires_on");
}

/* permit.compliance_audit */

static void
test_compliance_audit (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;
  const char *never[] = { "No inspection in the last 2 years", NULL };
  const char *findings[] = {
    "1 failed inspection in the last 3 years",
    "2 violations recorded in the last 3 years",
    "3 complaints on record",
    NULL
  };

  out = run_ok (f, "permit.compliance_audit", "{}");
  g_assert_cmpint (json_object_get_int_member (out, "compliance_score"), ==, 100);
  g_assert_true (json_object_get_boolean_member (out, "compliant"));
  g_assert_true (json_object_get_boolean_member (out, "requires_inspection"));
  assert_string_array (out, "audit_findings", never);
  g_clear_pointer (&out, json_object_unref);

  /* 100 - 15 (failed) - 2×5 (violations) - 3×2 (complaints) = 69; the 2019
   * failure is too old to count. */
  out = run_ok (f, "permit.compliance_audit",
                "{\"inspections\": [{\"date\": \"2024-11-20\", \"passed\": false, \"violations\": 2},"
                " {\"date\": \"2019-05-01\", \"passed\": false, \"violations\": 9}],"
                " \"complaints_count\": 3}");
  g_assert_cmpint (json_object_get_int_member (out, "compliance_score"), ==, 69);
  g_assert_false (json_object_get_boolean_member (out, "compliant"));
  assert_string_array (out, "audit_findings", findings);
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "permit.compliance_audit",
                "{\"inspections\": [{\"date\": \"2025-02-10\", \"passed\": true}]}");
  g_assert_cmpint (json_object_get_int_member (out, "compliance_score"), ==, 100);
  g_assert_false (json_object_get_boolean_member (out, "requires_inspection"));

  run_fails (f, "permit.compliance_audit",
             "{\"inspections\": [{\"date\": \"2026-01-01\", \"passed\": true}]}",
             "Invalid input inspections: element 0 is dated in the future");
  run_fails (f, "permit.compliance_audit", "{\"inspections\": [{\"date\": \"2024-01-01\"}]}",
             "Invalid input inspections: element 0 has no boolean “passed”");
}

/* complaints */

static void
test_complaint_register (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;

  out = run_ok (f, "complaint.register",
                "{\"subject\": \"Pothole\", \"description\": \"Deep pothole outside number 4\"}");
  g_assert_true (g_regex_match_simple ("^CMP-20250703-[0-9A-F]{6}$",
                                       json_object_get_string_member (out, "complaint_reference"),
                                       0, 0));
  g_assert_cmpstr (json_object_get_string_member (out, "received_at"), ==, "2025-07-03T10:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (out, "channel"), ==, "web");

  run_fails (f, "complaint.register", "{\"subject\": \" \", \"description\": \"x\"}",
             "Invalid input subject: it is blank");
  run_fails (f, "complaint.register",
             "{\"subject\": \"x\", \"description\": \"y\", \"channel\": \"pigeon\"}",
             "Invalid input channel: “pigeon” is not a channel complaints arrive by");
}

static void
test_complaint_classify (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;
  const char *works_keywords[] = { "pothole", "street", "road", NULL };

  out = run_ok (f, "complaint.classify",
                "{\"subject\": \"Pothole on Main Street\","
                " \"description\": \"Two potholes have opened in the road near the school; "
                "a cyclist was injured.\"}");
  g_assert_cmpstr (json_object_get_string_member (out, "department"), ==, "public_works");
  g_assert_cmpstr (json_object_get_string_member (out, "priority"), ==, "high");
  assert_string_array (out, "matched_keywords", works_keywords);
  g_assert_cmpfloat (json_object_get_double_member (out, "classification_confidence"), ==, 1.0);
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "complaint.classify",
                "{\"subject\": \"Loud music every night\","
                " \"description\": \"The bar plays loud music until 4 am, and their bins "
                "overflow.\"}");
  /* environmental_health scores 2+2+1+1 = 6 against sanitation's 1. */
  g_assert_cmpstr (json_object_get_string_member (out, "department"), ==, "environmental_health");
  g_assert_cmpstr (json_object_get_string_member (out, "priority"), ==, "normal");
  g_assert_cmpfloat (json_object_get_double_member (out, "classification_confidence"), ==, 0.86);
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "complaint.classify",
                "{\"subject\": \"Garbage\", \"description\": \"Rubbish collection skipped\"}");
  g_assert_cmpstr (json_object_get_string_member (out, "department"), ==, "sanitation");
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "complaint.classify",
                "{\"subject\": \"Suggestion\", \"description\": \"Longer library opening hours\"}");
  g_assert_cmpstr (json_object_get_string_member (out, "department"), ==, "general_services");
  g_assert_cmpstr (json_object_get_string_member (out, "priority"), ==, "low");
  g_assert_cmpfloat (json_object_get_double_member (out, "classification_confidence"), ==, 0.0);

  run_fails (f, "complaint.classify", "{\"subject\": \"x\"}",
             "Missing required input: description");
}

static void
test_complaint_resolve (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;

  /* Exactly three days: within sanitation's three-day service level. */
  out = run_ok (f, "complaint.resolve",
                "{\"complaint_reference\": \"CMP-20250630-ABCDEF\", \"department\": \"sanitation\","
                " \"received_at\": \"2025-06-30T10:30:00Z\"}");
  g_assert_cmpint (json_object_get_int_member (out, "resolution_days"), ==, 3);
  g_assert_true (json_object_get_boolean_member (out, "within_sla"));
  g_assert_cmpstr (json_object_get_string_member (out, "resolved_at"), ==, "2025-07-03T10:30:00Z");
  g_assert_true (g_regex_match_simple ("^RES-[0-9A-F]{8}$",
                                       json_object_get_string_member (out, "resolution_reference"),
                                       0, 0));
  g_clear_pointer (&out, json_object_unref);

  /* One second more starts a fourth day. */
  out = run_ok (f, "complaint.resolve",
                "{\"complaint_reference\": \"CMP-1\", \"department\": \"sanitation\","
                " \"received_at\": \"2025-06-30T10:29:59Z\"}");
  g_assert_cmpint (json_object_get_int_member (out, "resolution_days"), ==, 4);
  g_assert_false (json_object_get_boolean_member (out, "within_sla"));

  run_fails (f, "complaint.resolve",
             "{\"complaint_reference\": \"CMP-1\", \"department\": \"sanitation\","
             " \"received_at\": \"2025-07-04\"}",
             "Invalid input received_at: 2025-07-04 is in the future");
}

/* notify.compose */

static void
test_notify_compose (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;
  JsonObject *notification;
  const char *body;

  out = run_ok (f, "notify.compose",
                "{\"recipient_name\": \"John\", \"message_template\": \"welcome\","
                " \"email\": \"john@example.org\", \"reference\": \"CIT-0123456789AB\"}");
  notification = json_object_get_object_member (out, "notification");
  g_assert_cmpstr (json_object_get_string_member (notification, "channel"), ==, "email");
  g_assert_cmpstr (json_object_get_string_member (notification, "to"), ==, "john@example.org");
  g_assert_cmpstr (json_object_get_string_member (notification, "subject"), ==,
                   "Welcome to CivicStream");
  body = json_object_get_string_member (notification, "body");
  g_assert_true (g_str_has_prefix (body, "Dear John,\n"));
  g_assert_nonnull (strstr (body, "account CIT-0123456789AB has been created"));
  g_assert_true (g_regex_match_simple ("^NTF-[0-9A-F]{12}$",
                                       json_object_get_string_member (out, "notification_id"), 0, 0));
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "notify.compose",
                "{\"recipient_name\": \"Rosa\", \"message_template\": \"application_rejected\","
                " \"channel\": \"sms\", \"phone\": \"+34 600 000 000\"}");
  notification = json_object_get_object_member (out, "notification");
  g_assert_cmpstr (json_object_get_string_member (notification, "body"), ==,
                   "Your application was not approved: please contact us for details.");
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "notify.compose",
                "{\"recipient_name\": \"Rosa\", \"message_template\": \"permit_rejected\","
                " \"email\": \"rosa@example.org\", \"reason\": \"the premises failed inspection\"}");
  notification = json_object_get_object_member (out, "notification");
  g_assert_nonnull (strstr (json_object_get_string_member (notification, "body"),
                            "not approved: the premises failed inspection."));

  run_fails (f, "notify.compose",
             "{\"recipient_name\": \"J\", \"message_template\": \"welcome\","
             " \"email\": \"j@example.org\"}",
             "Message template welcome needs input reference");
  run_fails (f, "notify.compose",
             "{\"recipient_name\": \"J\", \"message_template\": \"birthday\","
             " \"email\": \"j@example.org\"}",
             "Unknown message template “birthday”");
  run_fails (f, "notify.compose",
             "{\"recipient_name\": \"J\", \"message_template\": \"payment_failed\","
             " \"channel\": \"sms\", \"email\": \"j@example.org\"}",
             "Cannot send a text message: input phone is missing or not a number");
  run_fails (f, "notify.compose",
             "{\"recipient_name\": \"J\", \"message_template\": \"payment_failed\"}",
             "Cannot send an email: input email is missing or not an address");
}

/* account.create */

static void
test_account_create (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) other = NULL;
  g_autofree char *hash = cs_identity_hash ("passport", "123456789");
  g_autofree char *json = NULL;
  const char *username;

  json = g_strdup_printf ("{\"first_name\": \"José\", \"last_name\": \"Núñez\","
                          " \"identity_hash\": \"%s\", \"age\": 34}", hash);
  out = run_ok (f, "account.create", json);
  g_assert_true (g_regex_match_simple ("^CIT-[0-9A-F]{12}$",
                                       json_object_get_string_member (out, "account_id"), 0, 0));
  username = json_object_get_string_member (out, "username");
  g_assert_true (g_regex_match_simple ("^jose\\.nunez\\.[0-9]{4}$", username, 0, 0));
  g_assert_cmpstr (json_object_get_string_member (out, "account_type"), ==, "adult");
  g_assert_true (json_object_get_boolean_member (out, "account_created"));

  /* The account follows the identity, not the name. */
  g_free (json);
  json = g_strdup_printf ("{\"first_name\": \"Pepe\", \"last_name\": \"Núñez\","
                          " \"identity_hash\": \"%s\", \"age\": 12, \"guardian_name\": \"Ana\"}",
                          hash);
  other = run_ok (f, "account.create", json);
  g_assert_cmpstr (json_object_get_string_member (other, "account_id"), ==,
                   json_object_get_string_member (out, "account_id"));
  g_assert_cmpstr (json_object_get_string_member (other, "account_type"), ==, "minor");

  g_free (json);
  json = g_strdup_printf ("{\"first_name\": \"Pepe\", \"last_name\": \"Núñez\","
                          " \"identity_hash\": \"%s\", \"age\": 12}", hash);
  run_fails (f, "account.create", json, "A minor’s account needs input guardian_name");
  run_fails (f, "account.create",
             "{\"first_name\": \"A\", \"last_name\": \"B\", \"identity_hash\": \"xyz\"}",
             "Invalid input identity_hash: not a SHA-256 digest in lower-case hex");
}

/* record.seal */

static void
test_record_seal (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) a = parse_object ("{\"b\": 1, \"a\": [true, null, \"x\"], \"c\": {\"z\": 1.5, \"y\": 18.0}}");
  g_autoptr(JsonObject) b = parse_object ("{\"c\": {\"y\": 18, \"z\": 1.5}, \"a\": [true, null, \"x\"], \"b\": 1}");
  g_autoptr(JsonObject) sealed = parse_object ("{\"b\": 1, \"a\": [true, null, \"x\"], \"c\": {\"z\": 1.5, \"y\": 18.0},"
                                               " \"record_digest\": \"00\", \"sealed_at\": \"x\"}");
  g_autoptr(JsonObject) changed = parse_object ("{\"b\": 2, \"a\": [true, null, \"x\"], \"c\": {\"z\": 1.5, \"y\": 18}}");
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *canonical = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *digest_a = NULL;
  g_autofree char *digest_b = NULL;
  g_autofree char *digest_sealed = NULL;
  g_autofree char *digest_changed = NULL;
  g_autofree char *digest_chained = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *empty_expected = NULL;
  g_autoptr(JsonObject) empty_object = json_object_new ();

  json_node_set_object (node, a);
  canonical = cs_json_canonicalize (node);
  g_assert_cmpstr (canonical, ==, "{\"a\":[true,null,\"x\"],\"b\":1,\"c\":{\"y\":18,\"z\":1.5}}");

  /* The documented formula on the empty record. */
  empty = cs_record_digest (empty_object, NULL);
  empty_expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                  "0000000000000000000000000000000000000000000000000000000000000000\n{}",
                                                  -1);
  g_assert_cmpstr (empty, ==, empty_expected);

  digest_a = cs_record_digest (a, NULL);
  digest_b = cs_record_digest (b, NULL);
  digest_sealed = cs_record_digest (sealed, NULL);
  digest_changed = cs_record_digest (changed, NULL);
  digest_chained = cs_record_digest (a, empty);
  g_assert_cmpstr (digest_a, ==, digest_b);
  g_assert_cmpstr (digest_a, ==, digest_sealed);
  g_assert_cmpstr (digest_a, !=, digest_changed);
  g_assert_cmpstr (digest_a, !=, digest_chained);

  out = run_ok (f, "record.seal",
                "{\"record\": {\"b\": 1, \"a\": [true, null, \"x\"], \"c\": {\"z\": 1.5, \"y\": 18}}}");
  g_assert_cmpstr (json_object_get_string_member (out, "record_digest"), ==, digest_a);
  g_assert_cmpstr (json_object_get_string_member (out, "sealed_at"), ==, "2025-07-03T10:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (out, "digest_algorithm"), ==, "sha256");
  g_clear_pointer (&out, json_object_unref);

  expected = g_strdup_printf ("{\"record\": {\"b\": 1, \"a\": [true, null, \"x\"],"
                              " \"c\": {\"z\": 1.5, \"y\": 18}}, \"previous_digest\": \"%s\"}", empty);
  out = run_ok (f, "record.seal", expected);
  g_assert_cmpstr (json_object_get_string_member (out, "record_digest"), ==, digest_chained);

  run_fails (f, "record.seal", "{\"record\": [1, 2]}", "Invalid input record: expected object");
  run_fails (f, "record.seal", "{\"record\": {}, \"previous_digest\": \"ABC\"}",
             "Invalid input previous_digest: not a SHA-256 digest in lower-case hex");
}

/* feedback.record */

static void
test_feedback_record (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;

  out = run_ok (f, "feedback.record", "{\"rating\": 5, \"comment\": \"Fixed in two days!\"}");
  g_assert_true (json_object_get_boolean_member (out, "feedback_recorded"));
  g_assert_cmpstr (json_object_get_string_member (out, "satisfaction"), ==, "satisfied");
  g_assert_false (json_object_get_boolean_member (out, "follow_up_required"));
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "feedback.record", "{\"rating\": 2}");
  g_assert_cmpstr (json_object_get_string_member (out, "satisfaction"), ==, "dissatisfied");
  g_assert_true (json_object_get_boolean_member (out, "follow_up_required"));
  g_clear_pointer (&out, json_object_unref);

  out = run_ok (f, "feedback.record", "{}");
  g_assert_false (json_object_get_boolean_member (out, "feedback_recorded"));
  g_assert_cmpstr (json_object_get_string_member (out, "satisfaction"), ==, "no_response");

  run_fails (f, "feedback.record", "{\"rating\": 7}", "Invalid input rating: 7 is not between 1 and 5");
}

/* The registry */

static gboolean
failing_quietly (CsHandlerContext  *ctx,
                 JsonObject        *inputs,
                 JsonObject        *outputs,
                 GError           **error)
{
  return FALSE;
}

static gboolean
echo_tenant (CsHandlerContext  *ctx,
             JsonObject        *inputs,
             JsonObject        *outputs,
             GError           **error)
{
  json_object_set_string_member (outputs, "tenant", ctx->tenant);
  return TRUE;
}

static void
test_registry (Fixture       *f,
               gconstpointer  data)
{
  static const char *builtins[] = {
    "account.create", "complaint.classify", "complaint.register", "complaint.resolve",
    "data.validate_application", "documents.verify", "fee.calculate", "feedback.record",
    "identity.check_duplicate", "identity.verify", "licence.generate", "notify.compose",
    "payment.record", "permit.check_eligibility", "permit.compliance_audit", "record.seal",
    NULL
  };
  g_auto(GStrv) names = cs_handler_registry_list_names (cs_handler_registry_get_default ());
  g_autoptr(CsHandlerRegistry) registry = cs_handler_registry_new ();
  g_autoptr(CsHandler) old = NULL;
  g_autoptr(CsHandler) looked_up = NULL;
  g_autoptr(JsonObject) inputs = json_object_new ();
  g_autoptr(JsonObject) outputs = json_object_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_strv_equal ((const char * const *) names, builtins));
  g_assert_true (cs_handler_registry_get_default () == cs_handler_registry_get_default ());

  g_assert_false (cs_handler_registry_contains (registry, "identity.verify"));
  g_assert_false (cs_handler_registry_invoke (registry, "identity.verify", &f->ctx, inputs,
                                              outputs, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Unknown action handler “identity.verify”");
  g_clear_error (&error);

  cs_handler_registry_add_builtins (registry);
  old = cs_handler_registry_lookup (registry, "identity.check_duplicate");
  g_assert_nonnull (old);
  g_assert_cmpuint (cs_handler_get_inputs (old)->len, ==, 3);

  /* Another layer replaces a built-in; holders of the old one keep it. */
  cs_handler_registry_register_func (registry, "identity.check_duplicate", echo_tenant,
                                     "database-backed", NULL, NULL);
  looked_up = cs_handler_registry_lookup (registry, "identity.check_duplicate");
  g_assert_true (looked_up != old);
  g_assert_cmpstr (cs_handler_get_description (looked_up), ==, "database-backed");
  g_assert_cmpstr (cs_handler_get_name (old), ==, "identity.check_duplicate");
  f->ctx.tenant = "north";
  g_assert_true (cs_handler_registry_invoke (registry, "identity.check_duplicate", &f->ctx,
                                             inputs, outputs, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (outputs, "tenant"), ==, "north");

  cs_handler_registry_register_func (registry, "broken", failing_quietly, NULL, NULL, NULL);
  g_assert_false (cs_handler_registry_invoke (registry, "broken", &f->ctx, inputs, outputs, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_true (cs_handler_registry_unregister (registry, "broken"));
  g_assert_false (cs_handler_registry_unregister (registry, "broken"));
  g_assert_false (cs_handler_registry_contains (registry, "broken"));
}

static void
test_context_random (Fixture       *f,
                     gconstpointer  data)
{
  CsHandlerContext a = f->ctx, b = f->ctx;
  guint64 first;

  g_assert_cmpuint (cs_handler_seed_for ("i", "s", 1), ==, cs_handler_seed_for ("i", "s", 1));
  g_assert_cmpuint (cs_handler_seed_for ("i", "s", 1), !=, cs_handler_seed_for ("i", "s", 2));
  g_assert_cmpuint (cs_handler_seed_for ("i", "s", 1), !=, cs_handler_seed_for ("i", "t", 1));

  /* Same seed, same sequence; the sequence moves on. */
  first = cs_handler_context_random (&a);
  g_assert_cmpuint (first, ==, cs_handler_context_random (&b));
  g_assert_cmpuint (cs_handler_context_random (&a), !=, first);
  for (guint i = 0; i < 1000; i++)
    {
      double r = cs_handler_context_random_double (&a);
      g_assert_cmpfloat (r, >=, 0.0);
      g_assert_cmpfloat (r, <, 1.0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/handlers/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("identity-verify", test_identity_verify);
  ADD ("identity-check-duplicate", test_identity_check_duplicate);
  ADD ("validate-application", test_validate_application);
  ADD ("documents-verify", test_documents_verify);
  ADD ("fee-calculate", test_fee_calculate);
  ADD ("payment-record", test_payment_record);
  ADD ("licence-generate", test_licence_generate);
  ADD ("permit-eligibility", test_permit_eligibility);
  ADD ("compliance-audit", test_compliance_audit);
  ADD ("complaint-register", test_complaint_register);
  ADD ("complaint-classify", test_complaint_classify);
  ADD ("complaint-resolve", test_complaint_resolve);
  ADD ("notify-compose", test_notify_compose);
  ADD ("account-create", test_account_create);
  ADD ("record-seal", test_record_seal);
  ADD ("feedback-record", test_feedback_record);
  ADD ("registry", test_registry);
  ADD ("context-random", test_context_random);

  return g_test_run ();
}
