/* cs-example-workflows.h: the four example government processes
 *
 * The same definitions ship as data/workflows/<key>.json; a test checks that
 * the files and these functions agree.
 *
 * Instance data the examples expect, besides the applicant's answers: a
 * "services" object with the base URLs of the external services they call
 * ("services.registry_url" and "services.payment_url", e.g.
 * "https://payments.example.gov/api"), so that each deployment, and each test,
 * can point them at its own servers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-workflow.h"

G_BEGIN_DECLS

/* Identity verification, duplicate check, routing by age to an adult or a
 * minor approval, national registry, account, welcome, sealed record. */
CsWorkflow         *cs_example_citizen_registration (void);
/* Validation, fee, payment in parallel with document verification,
 * multi-level approval, licence, notification. */
CsWorkflow         *cs_example_business_licence     (void);
/* Eligibility, fee and payment in parallel with a compliance audit,
 * optional site inspection, approval, new permit. */
CsWorkflow         *cs_example_permit_renewal       (void);
/* Registration, classification in parallel with acknowledgement, routing to
 * a department's investigation, resolution, feedback. */
CsWorkflow         *cs_example_complaint_handling   (void);

/* "citizen_registration", "business_licence", "permit_renewal",
 * "complaint_handling" */
const char * const *cs_example_workflow_keys        (void);
/* The example with that key, or NULL. */
CsWorkflow         *cs_example_workflow_new         (const char *key);

G_END_DECLS
