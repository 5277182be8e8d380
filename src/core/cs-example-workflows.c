/* cs-example-workflows.c: the four example government processes
 *
 * Parallel branches only ever fork after a step that always takes all its
 * edges and join before any conditional that could leave the join, so that
 * every join waits for branches that really run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-example-workflows.h"
#include "cs-workflow-builder.h"

#define HOURS(n) ((n) * 3600u)
#define DAYS(n) ((n) * 86400u)

/* Simulation profiles (docs/simulator.md): how many citizens come, and the
 * kinds of case they bring, weighted, with the answers the services give
 * them. The alternatives cover every terminal of their workflow. */

#define PROFILE_SERVICES \
  "{\"payment_url\": \"https://payments.example.gov/api\", " \
  "\"registry_url\": \"https://registry.example.gov/api\"}"
#define PROFILE_WEEKDAYS \
  "[1.25, 1.15, 1.1, 1.05, 1.0, 0.3, 0.15]"
#define PROFILE_HOURS \
  "[0.05, 0.03, 0.02, 0.02, 0.02, 0.05, 0.2, 0.6, 1.4, 1.9, 2.0, 1.8, 1.3, 1.5, " \
  "1.6, 1.5, 1.3, 1.0, 0.7, 0.6, 0.5, 0.4, 0.2, 0.1]"
#define PROFILE_FIRST_NAMES \
  "{\"$one_of\": [\"Anna\", \"Daan\", \"Emma\", \"Lucas\", \"Sophie\", \"Noah\", " \
  "\"Julia\", \"Sem\", \"Mila\", \"Finn\", \"Sara\", \"Omar\", \"Fatima\", " \
  "\"Yusuf\", \"Lotte\"]}"
#define PROFILE_LAST_NAMES \
  "{\"$one_of\": [\"Jansen\", \"Bakker\", \"Visser\", \"Smit\", \"Meijer\", " \
  "\"Mulder\", \"Bos\", \"Vos\", \"Peters\", \"Hendriks\", \"Dekker\", " \
  "\"Yilmaz\", \"Kaya\", \"Dijkstra\"]}"

static const char citizen_registration_profile[] =
  "{"
  "  \"arrivals_per_day\": 30.0,"
  "  \"weekdays\": " PROFILE_WEEKDAYS ","
  "  \"hours\": " PROFILE_HOURS ","
  "  \"channels\": {\"web\": 0.55, \"counter\": 0.35, \"phone\": 0.1},"
  "  \"approval_rates\": {\"adult_approval\": 0.93, \"minor_approval\": 0.88},"
  "  \"responses\": {"
  "    \"register_civil_registry\": {\"status\": \"registered\", \"citizen\": {\"id\": \"NR-{{ id_number }}\"}}"
  "  },"
  "  \"common_data\": {"
  "    \"first_name\": " PROFILE_FIRST_NAMES ","
  "    \"last_name\": " PROFILE_LAST_NAMES ","
  "    \"id_document\": \"passport\","
  "    \"id_number\": {\"$pattern\": \"AA9999999\"},"
  "    \"date_of_birth\": {\"$date\": [-29000, -6700]},"
  "    \"email\": \"{{ lower(first_name) }}.{{ lower(last_name) }}{{ sim.index }}@example.org\","
  "    \"phone\": {\"$pattern\": \"+31 6 9999 9999\"},"
  "    \"notify_by\": {\"$one_of\": [\"email\", \"email\", \"email\", \"sms\"]},"
  "    \"services\": " PROFILE_SERVICES
  "  },"
  "  \"data\": ["
  "    {\"weight\": 0.62, \"category\": \"adult\"},"
  "    {"
  "      \"weight\": 0.25,"
  "      \"category\": \"minor\","
  "      \"data\": {"
  "        \"date_of_birth\": {\"$date\": [-6300, -200]},"
  "        \"guardian_first_name\": {\"$one_of\": [\"Maria\", \"Peter\", \"Fatma\", \"Johan\", \"Ingrid\", \"Ahmed\"]},"
  "        \"guardian_name\": \"{{ guardian_first_name }} {{ last_name }}\""
  "      }"
  "    },"
  "    {"
  "      \"weight\": 0.05,"
  "      \"category\": \"mistyped_id\","
  "      \"data\": {\"id_document\": \"national_id\", \"id_number\": {\"$pattern\": \"999999999\"}}"
  "    },"
  "    {"
  "      \"weight\": 0.04,"
  "      \"category\": \"already_registered\","
  "      \"data\": {"
  "        \"id_number\": \"NX4821937\","
  "        \"date_of_birth\": \"1984-05-17\","
  "        \"known_identity_hashes\": [\"0c1811a5a096e19c8e1244afa2abf777547de95855afb6169bfb207b8ced54bb\"]"
  "      }"
  "    },"
  "    {"
  "      \"weight\": 0.04,"
  "      \"category\": \"registry_conflict\","
  "      \"responses\": {\"register_civil_registry\": {\"status\": \"conflict\", \"citizen\": {\"id\": \"\"}}}"
  "    }"
  "  ]"
  "}";

static const char business_licence_profile[] =
  "{"
  "  \"arrivals_per_day\": 12.0,"
  "  \"weekdays\": " PROFILE_WEEKDAYS ","
  "  \"hours\": " PROFILE_HOURS ","
  "  \"channels\": {\"web\": 0.8, \"counter\": 0.15, \"phone\": 0.05},"
  "  \"approval_rates\": {\"officer_review\": 0.9, \"safety_approval\": 0.8, \"manager_approval\": 0.95},"
  "  \"responses\": {"
  "    \"process_payment\": {"
  "      \"payment\": {"
  "        \"id\": \"PAY-{{ application_reference }}\","
  "        \"status\": \"captured\","
  "        \"amount_cents\": \"{{ fee_cents }}\""
  "      }"
  "    }"
  "  },"
  "  \"common_data\": {"
  "    \"owner_first_name\": " PROFILE_FIRST_NAMES ","
  "    \"owner_last_name\": " PROFILE_LAST_NAMES ","
  "    \"owner_name\": \"{{ owner_first_name }} {{ owner_last_name }}\","
  "    \"business_name\": {"
  "      \"$one_of\": ["
  "        \"Corner Bakery\", \"Harbour Cafe\", \"Green Grocer\", \"Smit Consulting\","
  "        \"Bright Smiles Dental\", \"Bike Repair Shop\", \"Noodle Bar\", \"Bookshop De Hoek\""
  "      ]"
  "    },"
  "    \"business_type\": {"
  "      \"$one_of\": [\"retail\", \"restaurant\", \"professional_services\", \"home_based\", \"other\"]"
  "    },"
  "    \"email\": \"owner{{ sim.index }}@example.org\","
  "    \"phone\": {\"$pattern\": \"+31 20 999 9999\"},"
  "    \"address\": {"
  "      \"$one_of\": ["
  "        \"Kerkstraat 12\", \"Havenweg 3\", \"Marktplein 7\", \"Stationslaan 45\","
  "        \"Dorpsstraat 101\""
  "      ]"
  "    },"
  "    \"employees\": {\"$int\": [1, 40]},"
  "    \"documents\": ["
  "      {"
  "        \"type\": \"identity_document\","
  "        \"expires_on\": {\"$date\": [200, 3000]},"
  "        \"sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\""
  "      },"
  "      {"
  "        \"type\": \"proof_of_address\","
  "        \"expires_on\": {\"$date\": [60, 700]},"
  "        \"sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\""
  "      },"
  "      {"
  "        \"type\": \"business_registration\","
  "        \"sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\""
  "      }"
  "    ],"
  "    \"notify_by\": \"email\","
  "    \"services\": " PROFILE_SERVICES
  "  },"
  "  \"data\": ["
  "    {\"weight\": 0.62, \"category\": \"standard\"},"
  "    {"
  "      \"weight\": 0.18,"
  "      \"category\": \"high_risk\","
  "      \"data\": {\"business_type\": {\"$one_of\": [\"manufacturing\", \"construction\"]}}"
  "    },"
  "    {"
  "      \"weight\": 0.07,"
  "      \"category\": \"incomplete\","
  "      \"data\": {\"email\": null, \"notify_by\": \"sms\"}"
  "    },"
  "    {"
  "      \"weight\": 0.06,"
  "      \"category\": \"expired_documents\","
  "      \"data\": {"
  "        \"documents\": ["
  "          {"
  "            \"type\": \"identity_document\","
  "            \"expires_on\": {\"$date\": [200, 3000]},"
  "            \"sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\""
  "          },"
  "          {"
  "            \"type\": \"proof_of_address\","
  "            \"expires_on\": {\"$date\": [-400, -10]},"
  "            \"sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\""
  "          },"
  "          {"
  "            \"type\": \"business_registration\","
  "            \"sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\""
  "          }"
  "        ]"
  "      }"
  "    },"
  "    {"
  "      \"weight\": 0.07,"
  "      \"category\": \"payment_declined\","
  "      \"responses\": {"
  "        \"process_payment\": {"
  "          \"payment\": {"
  "            \"id\": \"PAY-{{ application_reference }}\","
  "            \"status\": \"declined\","
  "            \"amount_cents\": 0"
  "          }"
  "        }"
  "      }"
  "    }"
  "  ]"
  "}";

static const char permit_renewal_profile[] =
  "{"
  "  \"arrivals_per_day\": 15.0,"
  "  \"weekdays\": " PROFILE_WEEKDAYS ","
  "  \"hours\": " PROFILE_HOURS ","
  "  \"channels\": {\"web\": 0.85, \"counter\": 0.1, \"phone\": 0.05},"
  "  \"approval_rates\": {\"site_inspection\": 0.9, \"renewal_approval\": 0.96},"
  "  \"responses\": {"
  "    \"process_payment\": {"
  "      \"payment\": {"
  "        \"id\": \"PAY-{{ permit_number }}\","
  "        \"status\": \"captured\","
  "        \"amount_cents\": \"{{ fee_cents }}\""
  "      }"
  "    }"
  "  },"
  "  \"common_data\": {"
  "    \"permit_number\": {\"$pattern\": \"PR-2022-XXXXXXXX\"},"
  "    \"permit_expires_on\": {\"$date\": [-20, 80]},"
  "    \"holder_first_name\": " PROFILE_FIRST_NAMES ","
  "    \"holder_last_name\": " PROFILE_LAST_NAMES ","
  "    \"holder_name\": \"{{ holder_first_name }} {{ holder_last_name }}\","
  "    \"business_name\": {"
  "      \"$one_of\": ["
  "        \"Corner Bakery\", \"Harbour Cafe\", \"Noodle Bar\", \"Van Dijk Metalworks\","
  "        \"Bos Builders\""
  "      ]"
  "    },"
  "    \"business_type\": {"
  "      \"$one_of\": ["
  "        \"retail\", \"restaurant\", \"professional_services\", \"home_based\", \"other\","
  "        \"manufacturing\", \"construction\""
  "      ]"
  "    },"
  "    \"employees\": {\"$int\": [1, 60]},"
  "    \"outstanding_fines_cents\": 0,"
  "    \"suspended\": false,"
  "    \"inspections\": [{\"date\": {\"$date\": [-500, -60]}, \"passed\": true, \"violations\": 0}],"
  "    \"complaints_count\": {\"$int\": [0, 2]},"
  "    \"email\": \"holder{{ sim.index }}@example.org\","
  "    \"phone\": {\"$pattern\": \"+31 10 999 9999\"},"
  "    \"notify_by\": {\"$one_of\": [\"email\", \"email\", \"sms\"]},"
  "    \"services\": " PROFILE_SERVICES
  "  },"
  "  \"data\": ["
  "    {\"weight\": 0.55, \"category\": \"good_record\"},"
  "    {"
  "      \"weight\": 0.25,"
  "      \"category\": \"inspection_due\","
  "      \"data\": {"
  "        \"inspections\": [{\"date\": {\"$date\": [-1000, -800]}, \"passed\": true, \"violations\": 1}]"
  "      }"
  "    },"
  "    {"
  "      \"weight\": 0.08,"
  "      \"category\": \"non_compliant\","
  "      \"data\": {"
  "        \"inspections\": ["
  "          {\"date\": {\"$date\": [-300, -30]}, \"passed\": false, \"violations\": 3},"
  "          {\"date\": {\"$date\": [-700, -400]}, \"passed\": false, \"violations\": 2}"
  "        ]"
  "      }"
  "    },"
  "    {"
  "      \"weight\": 0.07,"
  "      \"category\": \"outstanding_fines\","
  "      \"data\": {\"outstanding_fines_cents\": {\"$int\": [5000, 50000]}}"
  "    },"
  "    {"
  "      \"weight\": 0.05,"
  "      \"category\": \"payment_declined\","
  "      \"responses\": {"
  "        \"process_payment\": {"
  "          \"payment\": {\"id\": \"PAY-{{ permit_number }}\", \"status\": \"failed\", \"amount_cents\": 0}"
  "        }"
  "      }"
  "    }"
  "  ]"
  "}";

static const char complaint_handling_profile[] =
  "{"
  "  \"arrivals_per_day\": 12.0,"
  "  \"weekdays\": [1.3, 1.1, 1.0, 1.0, 1.0, 0.5, 0.4],"
  "  \"hours\": " PROFILE_HOURS ","
  "  \"channels\": {\"web\": 0.45, \"mobile\": 0.2, \"phone\": 0.2, \"email\": 0.1, \"in_person\": 0.05},"
  "  \"approval_rates\": {"
  "    \"works_investigation\": 0.8,"
  "    \"sanitation_investigation\": 0.85,"
  "    \"health_investigation\": 0.7,"
  "    \"general_investigation\": 0.6"
  "  },"
  "  \"common_data\": {"
  "    \"citizen_first_name\": " PROFILE_FIRST_NAMES ","
  "    \"citizen_last_name\": " PROFILE_LAST_NAMES ","
  "    \"citizen_name\": \"{{ citizen_first_name }} {{ citizen_last_name }}\","
  "    \"channel\": \"{{ sim.channel }}\","
  "    \"email\": \"resident{{ sim.index }}@example.org\","
  "    \"phone\": {\"$pattern\": \"+31 6 9999 9999\"},"
  "    \"notify_by\": {\"$one_of\": [\"email\", \"email\", \"sms\"]},"
  "    \"resolution_summary\": \"The reported problem was fixed on site\","
  "    \"closure_reason\": \"no evidence of the problem was found\","
  "    \"rating\": {\"$int\": [1, 5]},"
  "    \"comment\": {\"$one_of\": [\"Thank you\", \"Took too long\", \"Quick and friendly\", \"Still not happy\"]}"
  "  },"
  "  \"data\": ["
  "    {"
  "      \"weight\": 0.3,"
  "      \"category\": \"roads\","
  "      \"data\": {"
  "        \"subject\": {\"$one_of\": [\"Pothole in the road\", \"Broken streetlight\", \"Blocked drain\"]},"
  "        \"description\": {"
  "          \"$one_of\": ["
  "            \"A deep pothole near the school is dangerous for cyclists\","
  "            \"The street has been dark for a week\","
  "            \"Water stands on the pavement after every shower\""
  "          ]"
  "        }"
  "      }"
  "    },"
  "    {"
  "      \"weight\": 0.25,"
  "      \"category\": \"waste\","
  "      \"data\": {"
  "        \"subject\": {\"$one_of\": [\"Garbage not collected\", \"Illegal dumping\", \"Overflowing bin\"]},"
  "        \"description\": {"
  "          \"$one_of\": ["
  "            \"The waste collection skipped our street twice\","
  "            \"Someone dumped rubbish bags behind the shops\","
  "            \"The litter bin at the park is always full\""
  "          ]"
  "        }"
  "      }"
  "    },"
  "    {"
  "      \"weight\": 0.25,"
  "      \"category\": \"nuisance\","
  "      \"data\": {"
  "        \"subject\": {"
  "          \"$one_of\": [\"Noise from neighbours\", \"Loud music at night\", \"Bad smell from restaurant\"]"
  "        },"
  "        \"description\": {"
  "          \"$one_of\": ["
  "            \"Loud music every night until three\","
  "            \"A strong odour comes from the kitchen vents\", \"Barking dogs all day long\""
  "          ]"
  "        }"
  "      }"
  "    },"
  "    {"
  "      \"weight\": 0.1,"
  "      \"category\": \"traffic\","
  "      \"data\": {"
  "        \"subject\": {"
  "          \"$one_of\": ["
  "            \"Bus stop timetable wrong\", \"Traffic signal out of sync\","
  "            \"Cars parked in bicycle lane\""
  "          ]"
  "        },"
  "        \"description\": {"
  "          \"$one_of\": ["
  "            \"The bus times at the stop are outdated\","
  "            \"The traffic light changes far too quickly\","
  "            \"Parked cars force cyclists into traffic\""
  "          ]"
  "        }"
  "      }"
  "    },"
  "    {"
  "      \"weight\": 0.1,"
  "      \"category\": \"service\","
  "      \"data\": {"
  "        \"subject\": {"
  "          \"$one_of\": ["
  "            \"Rude staff at the town hall\", \"Website keeps failing\","
  "            \"No reply to my letter\""
  "          ]"
  "        },"
  "        \"description\": {"
  "          \"$one_of\": ["
  "            \"Nobody answered my questions politely\","
  "            \"The online form gives an error at the end\","
  "            \"I wrote three weeks ago and heard nothing\""
  "          ]"
  "        }"
  "      }"
  "    }"
  "  ]"
  "}";

static void
set_profile (CsWorkflowBuilder *b,
             const char        *json)
{
  g_autoptr(JsonNode) profile = json_from_string (json, NULL);

  /* A literal of this file: it always parses. */
  g_assert (profile != NULL);
  cs_workflow_set_simulation (cs_workflow_builder_get_workflow (b), profile);
}

static void
configure_approval (CsStep     *step,
                    const char *agency,
                    guint       due_seconds,
                    const char *escalate_to,
                    double      officers,
                    double      handling_seconds)
{
  cs_step_set_agency (step, agency);
  cs_step_set_due_seconds (step, due_seconds);
  cs_step_set_escalate_to (step, escalate_to);
  cs_step_set_sim (step, CS_SIM_OFFICERS, officers);
  cs_step_set_sim (step, CS_SIM_HANDLING_TIME, handling_seconds);
}

static CsStep *
notify (CsWorkflowBuilder *b,
        const char        *id,
        const char        *name,
        const char        *message_template,
        const char        *recipient_name_from,
        const char        *reference_from)
{
  CsStep *step = cs_action (b, id, name, "notify.compose");

  cs_param_string (step, "message_template", message_template);
  cs_input_from (step, "recipient_name", recipient_name_from);
  if (reference_from != NULL)
    cs_input_from (step, "reference", reference_from);
  /* The citizen's preferred channel; "channel" often means something else. */
  cs_input_from (step, "channel", "notify_by");
  cs_step_set_sim (step, CS_SIM_MEAN_SERVICE_TIME, 0.3);
  return step;
}

static CsStep *
payment (CsWorkflowBuilder *b,
         const char        *id,
         const char        *reference_key,
         const char        *payer_key,
         const char        *what)
{
  g_autofree char *idempotency = g_strdup_printf ("{{ %s }}-fee", reference_key);
  g_autofree char *body =
    g_strdup_printf ("{\"reference\": \"{{ %s }}\", \"amount_cents\": {{ fee_cents }}, "
                     "\"currency\": \"{{ currency }}\", \"payer\": \"{{ %s }}\", "
                     "\"description\": \"%s\"}",
                     reference_key, payer_key, what);
  static const char * const expected[] = { "200", "201", NULL };
  CsStep *step;

  step = cs_integration (b, id, _("Take Payment"), "POST", "{{ services.payment_url }}/payments");
  cs_step_set_description (step, _("Charges the fee through the payment service"));
  cs_step_set_header (step, "Content-Type", "application/json");
  cs_step_set_header (step, "Idempotency-Key", idempotency);
  cs_step_set_body (step, body);
  cs_step_set_timeout_ms (step, 15000);
  cs_step_set_max_attempts (step, 4);
  cs_step_set_backoff (step, 1000, 30000);
  cs_step_set_expected_statuses (step, expected);
  cs_step_set_breaker (step, 5, 120);
  cs_step_set_response_mapping (step, "payment_reference", "payment.id");
  cs_step_set_response_mapping (step, "payment_status", "payment.status");
  cs_step_set_response_mapping (step, "paid_cents", "payment.amount_cents");
  cs_step_set_sim (step, CS_SIM_LATENCY, 1.2);
  cs_step_set_sim (step, CS_SIM_FAILURE_PROBABILITY, 0.03);
  return step;
}

CsWorkflow *
cs_example_citizen_registration (void)
{
  g_autoptr(CsWorkflowBuilder) b = NULL;
  g_autoptr(CsStepParam) birth = NULL;
  static const char * const registry_statuses[] = { "200", "201", NULL };
  CsStep *step;

  b = cs_workflow_builder_new ("citizen_registration", 1, _("Citizen Registration"));
  cs_workflow_builder_set_description (b, _("Registers a new citizen: checks the identity "
                                            "document, refuses duplicates, routes adults and "
                                            "minors to their approval, registers the person "
                                            "nationally, opens the account and seals the record."));

  step = cs_action (b, "validate_identity", _("Validate Identity"), "identity.verify");
  cs_step_set_description (step, _("Checks the identity document number for its document type"));
  /* Routing by age needs the age, so the date of birth is required here. */
  birth = cs_step_param_new ("date_of_birth", CS_VALUE_DATE, TRUE, NULL, NULL,
                             _("Date of birth, to compute the age"));
  cs_step_add_input (step, birth);
  cs_step_set_sim (step, CS_SIM_MEAN_SERVICE_TIME, 2.0);

  cs_conditional (b, "identity_check", _("Identity Verified?"));
  step = cs_action (b, "check_duplicates", _("Check for Duplicates"), "identity.check_duplicate");
  cs_step_set_sim (step, CS_SIM_MEAN_SERVICE_TIME, 1.5);
  cs_conditional (b, "duplicate_check", _("Already Registered?"));
  cs_conditional (b, "age_routing", _("Route by Age"));

  step = cs_approval (b, "adult_approval", _("Adult Registration Approval"), "officer", NULL);
  configure_approval (step, _("Civil Registry"), DAYS (2), "administrator", 4, 900);
  step = cs_approval (b, "minor_approval", _("Minor Registration Approval"),
                      "officer", "administrator", NULL);
  cs_step_set_description (step, _("A minor's registration needs an officer and an "
                                   "administrator to sign"));
  cs_step_set_quorum (step, CS_QUORUM_ALL);
  configure_approval (step, _("Civil Registry"), DAYS (5), "administrator", 2, 1800);

  step = cs_action (b, "create_account", _("Create Account"), "account.create");
  cs_step_set_sim (step, CS_SIM_MEAN_SERVICE_TIME, 0.5);

  step = cs_integration (b, "register_civil_registry", _("Register in National Registry"),
                         "POST", "{{ services.registry_url }}/citizens");
  cs_step_set_header (step, "Content-Type", "application/json");
  cs_step_set_header (step, "Idempotency-Key", "{{ identity_hash }}");
  cs_step_set_body (step, "{\"identity_hash\": \"{{ identity_hash }}\", "
                          "\"first_name\": \"{{ first_name }}\", "
                          "\"last_name\": \"{{ last_name }}\", "
                          "\"date_of_birth\": \"{{ date_of_birth }}\"}");
  cs_step_set_expected_statuses (step, registry_statuses);
  cs_step_set_response_mapping (step, "registry_status", "status");
  cs_step_set_response_mapping (step, "registry_id", "citizen.id");
  cs_step_set_sim (step, CS_SIM_LATENCY, 0.8);
  cs_step_set_sim (step, CS_SIM_FAILURE_PROBABILITY, 0.02);

  cs_conditional (b, "registry_check", _("Registered Nationally?"));
  notify (b, "send_welcome", _("Send Welcome"), "welcome", "first_name", "account_id");
  step = cs_action (b, "seal_record", _("Seal Registration Record"), "record.seal");
  cs_step_set_description (step, _("Tamper-evident digest of the registration, chained by the "
                                   "records store"));
  cs_terminal (b, "registered", _("Registered"), CS_TERMINAL_SUCCESS);
  notify (b, "notify_rejection", _("Notify Rejection"), "registration_rejected", "first_name", NULL);
  cs_terminal (b, "rejected", _("Rejected"), CS_TERMINAL_REJECTED);
  notify (b, "notify_failure", _("Notify Failure"), "registration_failed", "first_name", NULL);
  cs_terminal (b, "failed", _("Failed"), CS_TERMINAL_FAILED);

  cs_flow (b, "validate_identity", "identity_check", NULL);
  cs_when (b, "identity_check", "identity_verified == true", "check_duplicates");
  cs_otherwise (b, "identity_check", "notify_rejection");
  cs_flow (b, "check_duplicates", "duplicate_check", NULL);
  cs_edge_set_label (cs_when (b, "duplicate_check", "is_duplicate == true", "notify_rejection"),
                     _("duplicate"));
  cs_otherwise (b, "duplicate_check", "age_routing");
  cs_edge_set_label (cs_when (b, "age_routing", "age >= 18", "adult_approval"), _("adult"));
  cs_edge_set_label (cs_otherwise (b, "age_routing", "minor_approval"), _("minor"));

  /* Approved: the account and the national registration proceed in parallel. */
  cs_on_approved (b, "adult_approval", "create_account");
  cs_on_approved (b, "adult_approval", "register_civil_registry");
  cs_on_rejected (b, "adult_approval", "notify_rejection");
  cs_on_approved (b, "minor_approval", "create_account");
  cs_on_approved (b, "minor_approval", "register_civil_registry");
  cs_on_rejected (b, "minor_approval", "notify_rejection");
  cs_join (b, "registry_check", "create_account", "register_civil_registry", NULL);

  cs_when (b, "registry_check", "registry_status == \"registered\"", "send_welcome");
  cs_otherwise (b, "registry_check", "notify_failure");
  cs_flow (b, "send_welcome", "seal_record", "registered", NULL);
  cs_flow (b, "notify_rejection", "rejected", NULL);
  cs_flow (b, "notify_failure", "failed", NULL);

  set_profile (b, citizen_registration_profile);

  return cs_workflow_builder_finish (b);
}

CsWorkflow *
cs_example_business_licence (void)
{
  g_autoptr(CsWorkflowBuilder) b = NULL;
  CsStep *step;

  b = cs_workflow_builder_new ("business_licence", 1, _("Business Licence Application"));
  cs_workflow_builder_set_description (b, _("Issues a business licence: validates the "
                                            "application, takes the fee while the documents are "
                                            "verified, then goes through officer, safety (for "
                                            "high-risk trades) and manager approval."));

  step = cs_action (b, "validate_application", _("Validate Application"),
                    "data.validate_application");
  cs_step_set_sim (step, CS_SIM_MEAN_SERVICE_TIME, 1.0);
  cs_conditional (b, "application_check", _("Application Complete?"));
  step = cs_action (b, "calculate_fee", _("Calculate Fee"), "fee.calculate");
  cs_step_set_sim (step, CS_SIM_MEAN_SERVICE_TIME, 0.2);
  step = cs_action (b, "verify_documents", _("Verify Documents"), "documents.verify");
  cs_param_json (step, "required_documents",
                 "[\"identity_document\", \"proof_of_address\", \"business_registration\"]");
  cs_step_set_sim (step, CS_SIM_MEAN_SERVICE_TIME, 30.0);
  payment (b, "process_payment", "application_reference", "owner_name", "Business licence fee");
  cs_action (b, "record_payment", _("Record Payment"), "payment.record");
  cs_conditional (b, "review_readiness", _("Ready for Review?"));

  step = cs_approval (b, "officer_review", _("Licensing Officer Review"), "officer", NULL);
  configure_approval (step, _("Business Licensing Office"), DAYS (3), "administrator", 3, 1200);
  cs_conditional (b, "risk_routing", _("High-Risk Trade?"));
  step = cs_approval (b, "safety_approval", _("Safety Approval"),
                      "safety_inspector", "administrator", NULL);
  cs_step_set_quorum (step, CS_QUORUM_ALL);
  configure_approval (step, _("Health and Safety Unit"), DAYS (10), "administrator", 2, HOURS (2));
  step = cs_approval (b, "manager_approval", _("Licensing Manager Approval"), "administrator", NULL);
  configure_approval (step, _("Business Licensing Office"), DAYS (2), NULL, 1, 600);

  step = cs_action (b, "generate_licence", _("Generate Licence"), "licence.generate");
  cs_param_string (step, "licence_prefix", "BL");
  notify (b, "notify_issued", _("Notify Licence Issued"), "licence_issued", "owner_name",
          "licence_number");
  cs_terminal (b, "issued", _("Licence Issued"), CS_TERMINAL_SUCCESS);
  notify (b, "notify_rejection", _("Notify Rejection"), "application_rejected", "owner_name", NULL);
  cs_terminal (b, "rejected", _("Rejected"), CS_TERMINAL_REJECTED);
  notify (b, "notify_payment_failed", _("Notify Payment Failure"), "payment_failed", "owner_name",
          NULL);
  cs_terminal (b, "payment_failed", _("Payment Failed"), CS_TERMINAL_FAILED);

  cs_flow (b, "validate_application", "application_check", NULL);
  cs_when (b, "application_check", "application_valid == true", "calculate_fee");
  cs_otherwise (b, "application_check", "notify_rejection");
  /* The documents are checked while the fee is being paid. */
  cs_fork (b, "calculate_fee", "process_payment", "verify_documents", NULL);
  cs_flow (b, "process_payment", "record_payment", NULL);
  cs_join (b, "review_readiness", "record_payment", "verify_documents", NULL);
  cs_edge_set_label (cs_when (b, "review_readiness", "documents_verified != true",
                              "notify_rejection"), _("documents missing"));
  cs_edge_set_label (cs_when (b, "review_readiness", "payment_recorded != true",
                              "notify_payment_failed"), _("unpaid"));
  cs_otherwise (b, "review_readiness", "officer_review");

  cs_on_approved (b, "officer_review", "risk_routing");
  cs_on_rejected (b, "officer_review", "notify_rejection");
  cs_edge_set_label (cs_when (b, "risk_routing",
                              "business_type == \"manufacturing\" || "
                              "business_type == \"construction\"",
                              "safety_approval"), _("high risk"));
  cs_otherwise (b, "risk_routing", "manager_approval");
  cs_on_approved (b, "safety_approval", "manager_approval");
  cs_on_rejected (b, "safety_approval", "notify_rejection");
  cs_on_approved (b, "manager_approval", "generate_licence");
  cs_on_rejected (b, "manager_approval", "notify_rejection");

  cs_flow (b, "generate_licence", "notify_issued", "issued", NULL);
  cs_flow (b, "notify_rejection", "rejected", NULL);
  cs_flow (b, "notify_payment_failed", "payment_failed", NULL);

  set_profile (b, business_licence_profile);

  return cs_workflow_builder_finish (b);
}

CsWorkflow *
cs_example_permit_renewal (void)
{
  g_autoptr(CsWorkflowBuilder) b = NULL;
  CsStep *step;

  b = cs_workflow_builder_new ("permit_renewal", 1, _("Permit Renewal"));
  cs_workflow_builder_set_description (b, _("Renews an operating permit: checks eligibility, "
                                            "audits compliance while the renewal fee is paid, "
                                            "sends poor records to a site inspection, and issues "
                                            "the new permit once approved."));

  cs_action (b, "check_eligibility", _("Check Eligibility"), "permit.check_eligibility");
  cs_conditional (b, "eligibility_check", _("Eligible?"));
  step = cs_action (b, "calculate_fee", _("Calculate Renewal Fee"), "fee.calculate");
  cs_param_json (step, "is_renewal", "true");
  step = cs_action (b, "compliance_audit", _("Compliance Audit"), "permit.compliance_audit");
  cs_step_set_sim (step, CS_SIM_MEAN_SERVICE_TIME, 5.0);
  payment (b, "process_payment", "permit_number", "holder_name", "Permit renewal fee");
  cs_action (b, "record_payment", _("Record Payment"), "payment.record");
  cs_conditional (b, "review_routing", _("Route Review"));

  step = cs_approval (b, "site_inspection", _("Site Inspection"), "inspector", NULL);
  cs_step_set_description (step, _("An inspector visits the premises and approves or rejects"));
  configure_approval (step, _("Inspections Unit"), DAYS (10), "administrator", 5, HOURS (3));
  step = cs_approval (b, "renewal_approval", _("Renewal Approval"), "officer", NULL);
  configure_approval (step, _("Permits Office"), DAYS (5), "administrator", 2, 900);

  step = cs_action (b, "issue_permit", _("Issue Permit"), "licence.generate");
  cs_param_string (step, "licence_prefix", "PR");
  cs_param_json (step, "validity_years", "3");
  notify (b, "notify_renewed", _("Notify Renewal"), "permit_renewed", "holder_name",
          "licence_number");
  cs_terminal (b, "renewed", _("Renewed"), CS_TERMINAL_SUCCESS);
  notify (b, "notify_rejection", _("Notify Rejection"), "permit_rejected", "holder_name", NULL);
  cs_terminal (b, "rejected", _("Rejected"), CS_TERMINAL_REJECTED);
  notify (b, "notify_payment_failed", _("Notify Payment Failure"), "payment_failed", "holder_name",
          NULL);
  cs_terminal (b, "payment_failed", _("Payment Failed"), CS_TERMINAL_FAILED);

  cs_flow (b, "check_eligibility", "eligibility_check", NULL);
  cs_when (b, "eligibility_check", "eligible == true", "calculate_fee");
  cs_otherwise (b, "eligibility_check", "notify_rejection");
  cs_fork (b, "calculate_fee", "process_payment", "compliance_audit", NULL);
  cs_flow (b, "process_payment", "record_payment", NULL);
  cs_join (b, "review_routing", "record_payment", "compliance_audit", NULL);
  cs_edge_set_label (cs_when (b, "review_routing", "payment_recorded != true",
                              "notify_payment_failed"), _("unpaid"));
  cs_edge_set_label (cs_when (b, "review_routing", "compliant != true", "notify_rejection"),
                     _("non-compliant"));
  cs_edge_set_label (cs_when (b, "review_routing", "requires_inspection == true",
                              "site_inspection"), _("inspect"));
  cs_otherwise (b, "review_routing", "renewal_approval");

  cs_on_approved (b, "site_inspection", "renewal_approval");
  cs_on_rejected (b, "site_inspection", "notify_rejection");
  cs_on_approved (b, "renewal_approval", "issue_permit");
  cs_on_rejected (b, "renewal_approval", "notify_rejection");

  cs_flow (b, "issue_permit", "notify_renewed", "renewed", NULL);
  cs_flow (b, "notify_rejection", "rejected", NULL);
  cs_flow (b, "notify_payment_failed", "payment_failed", NULL);

  set_profile (b, permit_renewal_profile);

  return cs_workflow_builder_finish (b);
}

static void
investigation (CsWorkflowBuilder *b,
               const char        *id,
               const char        *name,
               const char        *role,
               const char        *agency,
               guint              due_seconds,
               double             officers)
{
  CsStep *step = cs_approval (b, id, name, role, NULL);

  cs_step_set_description (step, _("Approve when the complaint is substantiated and has been "
                                   "acted upon; reject when it is unfounded"));
  configure_approval (step, agency, due_seconds, "administrator", officers, HOURS (4));
  cs_on_approved (b, id, "resolve_complaint");
  cs_on_rejected (b, id, "notify_unfounded");
}

CsWorkflow *
cs_example_complaint_handling (void)
{
  g_autoptr(CsWorkflowBuilder) b = NULL;
  CsStep *step;

  b = cs_workflow_builder_new ("complaint_handling", 1, _("Complaint Handling"));
  cs_workflow_builder_set_description (b, _("Handles a citizen complaint: registers and "
                                            "acknowledges it, routes it to the responsible "
                                            "department for investigation, resolves it and asks "
                                            "the citizen for feedback."));

  cs_action (b, "register_complaint", _("Register Complaint"), "complaint.register");
  step = cs_action (b, "classify_complaint", _("Classify Complaint"), "complaint.classify");
  cs_step_set_sim (step, CS_SIM_MEAN_SERVICE_TIME, 0.5);
  notify (b, "acknowledge", _("Acknowledge Receipt"), "complaint_received", "citizen_name",
          "complaint_reference");
  cs_conditional (b, "route_department", _("Route to Department"));

  cs_fork (b, "register_complaint", "classify_complaint", "acknowledge", NULL);
  cs_join (b, "route_department", "classify_complaint", "acknowledge", NULL);
  cs_when (b, "route_department", "department == \"public_works\"", "works_investigation");
  cs_when (b, "route_department", "department == \"sanitation\"", "sanitation_investigation");
  cs_when (b, "route_department", "department == \"environmental_health\"", "health_investigation");
  cs_otherwise (b, "route_department", "general_investigation");

  investigation (b, "works_investigation", _("Public Works Investigation"),
                 "public_works_officer", _("Public Works Department"), DAYS (7), 6);
  investigation (b, "sanitation_investigation", _("Sanitation Investigation"),
                 "sanitation_officer", _("Sanitation Department"), DAYS (2), 4);
  investigation (b, "health_investigation", _("Environmental Health Investigation"),
                 "health_inspector", _("Environmental Health Department"), DAYS (5), 3);
  investigation (b, "general_investigation", _("General Services Investigation"),
                 "officer", _("General Services"), DAYS (10), 2);

  cs_action (b, "resolve_complaint", _("Record Resolution"), "complaint.resolve");
  notify (b, "notify_resolution", _("Notify Resolution"), "complaint_resolved", "citizen_name",
          "complaint_reference");
  cs_action (b, "collect_feedback", _("Record Citizen Feedback"), "feedback.record");
  cs_terminal (b, "resolved", _("Resolved"), CS_TERMINAL_SUCCESS);
  step = notify (b, "notify_unfounded", _("Notify Closure"), "complaint_unfounded", "citizen_name",
                 "complaint_reference");
  cs_input_from (step, "reason", "closure_reason");
  cs_terminal (b, "closed_unfounded", _("Closed as Unfounded"), CS_TERMINAL_REJECTED);

  cs_flow (b, "resolve_complaint", "notify_resolution", "collect_feedback", "resolved", NULL);
  cs_flow (b, "notify_unfounded", "closed_unfounded", NULL);

  set_profile (b, complaint_handling_profile);

  return cs_workflow_builder_finish (b);
}

static const char * const example_keys[] = {
  "citizen_registration",
  "business_licence",
  "permit_renewal",
  "complaint_handling",
  NULL
};

const char * const *
cs_example_workflow_keys (void)
{
  return example_keys;
}

CsWorkflow *
cs_example_workflow_new (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  if (g_str_equal (key, "citizen_registration"))
    return cs_example_citizen_registration ();
  if (g_str_equal (key, "business_licence"))
    return cs_example_business_licence ();
  if (g_str_equal (key, "permit_renewal"))
    return cs_example_permit_renewal ();
  if (g_str_equal (key, "complaint_handling"))
    return cs_example_complaint_handling ();
  return NULL;
}
