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
