/* cs-handlers-identity.c: the built-in handlers of citizen registration
 *
 * identity.verify checks an identity document number against the format and
 * check digit of its document type and the plausibility of the name and date
 * of birth; identity.check_duplicate hashes the identity (cs_identity_hash())
 * and looks for it among the registered ones; account.create makes the
 * citizen account, with a guardian for minors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-handlers-private.h"

static char *
normalize_id_number (const char *id_number)
{
  GString *out = g_string_new (NULL);

  for (const char *p = id_number; *p; p++)
    if (*p != ' ' && *p != '-')
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

char *
cs_identity_hash (const char *document_type,
                  const char *id_number)
{
  g_autofree char *number = NULL;
  g_autofree char *document = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (document_type != NULL, NULL);
  g_return_val_if_fail (id_number != NULL, NULL);

  number = normalize_id_number (id_number);
  document = g_ascii_strdown (document_type, -1);
  text = g_strconcat ("civicstream-identity-v1\n", document, "\n", number, NULL);
  return cs_handlers_sha256_hex (text);
}

/* identity.verify */

typedef struct
{
  const char *document;
  const char *pattern;
  const char *method;
  double      confidence;
} DocumentRule;

static const DocumentRule document_rules[] = {
  { "passport", "^(?=.*[0-9])[A-Z0-9]{6,9}$", "document_scan", 0.95 },
  { "national_id", "^[0-9]{9,11}$", "registry_checksum", 0.98 },
  { "drivers_licence", "^[A-Z]{1,2}[0-9]{5,8}$", "document_scan", 0.90 },
  { "birth_certificate", "^[0-9]{8,12}$", "civil_registry", 0.85 },
};

static gboolean
luhn_is_valid (const char *digits)
{
  gsize len = strlen (digits);
  guint sum = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint d = digits[len - 1 - i] - '0';

      if (i % 2 == 1)
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
  return sum % 10 == 0;
}

static gboolean
name_is_plausible (const char *name)
{
  gboolean letters = FALSE;

  if (!g_utf8_validate (name, -1, NULL))
    return FALSE;
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalpha (c))
        letters = TRUE;
      else if (c != ' ' && c != '-' && c != '\'' && c != 0x2019 && c != '.')
        return FALSE;
    }
  return letters;
}

static gboolean
identity_verify (CsHandlerContext  *ctx,
                 JsonObject        *inputs,
                 JsonObject        *outputs,
                 GError           **error)
{
  const char *first_name, *last_name, *id_number, *document;
  const DocumentRule *rule = NULL;
  g_autofree char *number = NULL;
  const char *failure = NULL;
  GDate birth, now;
  gboolean has_birth;

  if (!cs_handlers_get_string (inputs, "first_name", TRUE, &first_name, error) ||
      !cs_handlers_get_string (inputs, "last_name", TRUE, &last_name, error) ||
      !cs_handlers_get_string (inputs, "id_number", TRUE, &id_number, error) ||
      !cs_handlers_get_string (inputs, "id_document", TRUE, &document, error) ||
      !cs_handlers_get_date (inputs, "date_of_birth", FALSE, &birth, &has_birth, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (document_rules); i++)
    if (g_str_equal (document, document_rules[i].document))
      rule = &document_rules[i];
  if (rule == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Unsupported identity document type “%s”"), document);
      return FALSE;
    }

  number = normalize_id_number (id_number);
  cs_handlers_today (ctx, &now);

  if (!name_is_plausible (first_name) || !name_is_plausible (last_name))
    failure = _("the name contains characters that are not allowed");
  else if (!g_regex_match_simple (rule->pattern, number, 0, 0))
    failure = _("the document number does not have the format of this document type");
  else if (g_str_equal (rule->document, "national_id") && !luhn_is_valid (number))
    failure = _("the check digit of the national identity number is wrong");
  else if (has_birth && g_date_compare (&birth, &now) > 0)
    failure = _("the date of birth is in the future");
  else if (has_birth && g_date_get_year (&now) - g_date_get_year (&birth) > 130)
    failure = _("the date of birth is implausibly long ago");
  else if (g_str_equal (rule->document, "birth_certificate"))
    {
      guint year = (number[0] - '0') * 1000 + (number[1] - '0') * 100 +
                   (number[2] - '0') * 10 + (number[3] - '0');

      /* Birth certificate numbers start with the year of registration. */
      if (year < 1880 || year > g_date_get_year (&now))
        failure = _("the birth certificate number does not start with a valid year");
      else if (has_birth && year < g_date_get_year (&birth))
        failure = _("the birth certificate was registered before the date of birth");
    }

  json_object_set_boolean_member (outputs, "identity_verified", failure == NULL);
  json_object_set_string_member (outputs, "verification_method", rule->method);
  json_object_set_double_member (outputs, "confidence_score", failure == NULL ? rule->confidence : 0.0);
  if (failure != NULL)
    json_object_set_string_member (outputs, "verification_failure", failure);
  if (has_birth && failure == NULL)
    {
      int age = g_date_get_year (&now) - g_date_get_year (&birth);

      if (g_date_get_month (&now) < g_date_get_month (&birth) ||
          (g_date_get_month (&now) == g_date_get_month (&birth) &&
           g_date_get_day (&now) < g_date_get_day (&birth)))
        age--;
      json_object_set_int_member (outputs, "age", age);
    }
  return TRUE;
}

/* identity.check_duplicate */

static gboolean
identity_check_duplicate (CsHandlerContext  *ctx,
                          JsonObject        *inputs,
                          JsonObject        *outputs,
                          GError           **error)
{
  const char *id_number, *document;
  JsonArray *known;
  g_autofree char *hash = NULL;
  gboolean duplicate = FALSE;

  if (!cs_handlers_get_string (inputs, "id_number", TRUE, &id_number, error) ||
      !cs_handlers_get_string (inputs, "id_document", TRUE, &document, error) ||
      !cs_handlers_get_array (inputs, "known_identity_hashes", FALSE, &known, error))
    return FALSE;

  hash = cs_identity_hash (document, id_number);
  for (guint i = 0; known != NULL && i < json_array_get_length (known); i++)
    {
      const char *candidate;

      if (!cs_handlers_string_array_element (known, i, "known_identity_hashes", &candidate, error))
        return FALSE;
      if (g_ascii_strcasecmp (candidate, hash) == 0)
        duplicate = TRUE;
    }

  json_object_set_string_member (outputs, "identity_hash", hash);
  json_object_set_boolean_member (outputs, "is_duplicate", duplicate);
  return TRUE;
}

/* account.create */

static char *
username_part (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

static gboolean
account_create (CsHandlerContext  *ctx,
                JsonObject        *inputs,
                JsonObject        *outputs,
                GError           **error)
{
  const char *first_name, *last_name, *identity_hash, *email, *guardian;
  gint64 age;
  gboolean has_age, minor;
  g_autofree char *account_seed = NULL;
  g_autofree char *account_hex = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *username = NULL;
  guint suffix;

  if (!cs_handlers_get_string (inputs, "first_name", TRUE, &first_name, error) ||
      !cs_handlers_get_string (inputs, "last_name", TRUE, &last_name, error) ||
      !cs_handlers_get_string (inputs, "identity_hash", TRUE, &identity_hash, error) ||
      !cs_handlers_get_string (inputs, "email", FALSE, &email, error) ||
      !cs_handlers_get_int (inputs, "age", FALSE, 0, &age, &has_age, error) ||
      !cs_handlers_get_string (inputs, "guardian_name", FALSE, &guardian, error))
    return FALSE;

  if (strlen (identity_hash) != 64 || !g_regex_match_simple ("^[0-9a-f]+$", identity_hash, 0, 0))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input identity_hash: not a SHA-256 digest in lower-case hex"));
      return FALSE;
    }
  if (email != NULL && !cs_handlers_email_is_valid (email))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Invalid input email: “%s” is not an address"), email);
      return FALSE;
    }
  minor = has_age && age < 18;
  if (minor && (guardian == NULL || cs_handlers_is_blank (guardian)))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("A minor’s account needs input guardian_name"));
      return FALSE;
    }

  /* The account follows the identity, so re-running the step yields the same account. */
  account_seed = g_strconcat ("account\n", identity_hash, NULL);
  account_hex = cs_handlers_hex_upper_prefix (account_seed, 12);
  account_id = g_strdup_printf ("CIT-%s", account_hex);

  first = username_part (first_name);
  last = username_part (last_name);
  suffix = g_ascii_strtoull (account_hex + 8, NULL, 16) % 10000;
  if (*first == '\0' && *last == '\0')
    username = g_strdup_printf ("citizen.%04u", suffix);
  else if (*first == '\0' || *last == '\0')
    username = g_strdup_printf ("%s%s.%04u", first, last, suffix);
  else
    username = g_strdup_printf ("%s.%s.%04u", first, last, suffix);

  json_object_set_string_member (outputs, "account_id", account_id);
  json_object_set_string_member (outputs, "username", username);
  json_object_set_string_member (outputs, "account_type", minor ? "minor" : "adult");
  json_object_set_boolean_member (outputs, "account_created", TRUE);
  return TRUE;
}

/* The built-in table */

static const ParamSpec identity_verify_in[] = {
  IN ("first_name", STRING, TRUE, NULL, N_("Given name as written on the document")),
  IN ("last_name", STRING, TRUE, NULL, N_("Family name as written on the document")),
  IN ("id_number", STRING, TRUE, "^[A-Za-z0-9 -]{4,24}$", N_("Number of the identity document")),
  IN ("id_document", STRING, TRUE, "^(passport|national_id|drivers_licence|birth_certificate)$",
      N_("Kind of identity document")),
  IN ("date_of_birth", DATE, FALSE, NULL, N_("Date of birth, to compute the age")),
  END
};
static const ParamSpec identity_verify_out[] = {
  OUT ("identity_verified", BOOLEAN, N_("Whether the document checks passed")),
  OUT ("verification_method", STRING, N_("How the document was checked")),
  OUT ("confidence_score", NUMBER, N_("Confidence in the verification, 0 to 1")),
  OUT ("verification_failure", STRING, N_("Why verification failed")),
  OUT ("age", INTEGER, N_("Age in whole years today")),
  END
};

static const ParamSpec check_duplicate_in[] = {
  IN ("id_number", STRING, TRUE, NULL, N_("Number of the identity document")),
  IN ("id_document", STRING, TRUE, NULL, N_("Kind of identity document")),
  IN ("known_identity_hashes", ARRAY, FALSE, NULL, N_("Identity hashes already registered")),
  END
};
static const ParamSpec check_duplicate_out[] = {
  OUT ("identity_hash", STRING, N_("SHA-256 identifying the person by document")),
  OUT ("is_duplicate", BOOLEAN, N_("Whether the identity is already registered")),
  END
};

static const ParamSpec account_create_in[] = {
  IN ("first_name", STRING, TRUE, NULL, N_("Given name")),
  IN ("last_name", STRING, TRUE, NULL, N_("Family name")),
  IN ("identity_hash", STRING, TRUE, "^[0-9a-f]{64}$", N_("From identity.check_duplicate")),
  IN ("email", STRING, FALSE, NULL, N_("Contact email address")),
  IN ("age", INTEGER, FALSE, NULL, N_("Age, from identity.verify")),
  IN ("guardian_name", STRING, FALSE, NULL, N_("Legal guardian, required for minors")),
  END
};
static const ParamSpec account_create_out[] = {
  OUT ("account_id", STRING, N_("Citizen account number")),
  OUT ("username", STRING, N_("Sign-in name")),
  OUT ("account_type", STRING, N_("adult or minor")),
  OUT ("account_created", BOOLEAN, N_("Whether the account exists")),
  END
};

static const BuiltinSpec builtins[] = {
  { "identity.verify", identity_verify,
    N_("Checks an identity document number against the format of its document type"),
    identity_verify_in, identity_verify_out },
  { "identity.check_duplicate", identity_check_duplicate,
    N_("Hashes the identity and compares it with the identities already registered"),
    check_duplicate_in, check_duplicate_out },
  { "account.create", account_create,
    N_("Creates the citizen account for a verified identity"),
    account_create_in, account_create_out },
};

void
cs_handlers_register_identity (CsHandlerRegistry *registry)
{
  cs_handlers_register_builtins (registry, builtins, G_N_ELEMENTS (builtins));
}
