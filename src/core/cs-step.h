/* cs-step.h: one step of a workflow and its per-type configuration
 *
 * A step carries the configuration of every type (switching the type in an
 * editor and back loses nothing), but only the configuration of its current
 * type is saved, compared by cs_step_equal() and validated.
 *
 * Instance data: every instance has one JSON object of data. Actions read
 * their inputs from it and write their outputs into it (see
 * cs_step_build_inputs() and cs_step_merge_outputs()); integrations write the
 * values picked by their response mapping; conditions and templates read it.
 *
 * A step is not thread-safe. The engine should run instances on a copy of a
 * workflow (cs_workflow_copy()) that nobody mutates; reading from several
 * threads is then safe, and all parsed expressions and templates are
 * immutable and reference-counted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "cs-backoff.h"
#include "cs-expr.h"

G_BEGIN_DECLS

typedef enum
{
  CS_STEP_ACTION,        /* runs a C handler from the handler registry */
  CS_STEP_CONDITIONAL,   /* takes one of its outgoing branches */
  CS_STEP_APPROVAL,      /* waits for people to approve or reject */
  CS_STEP_INTEGRATION,   /* calls an external HTTP service */
  CS_STEP_TERMINAL,      /* ends the instance with a status */
} CsStepType;

#define CS_TYPE_STEP_TYPE (cs_step_type_get_type ())
GType        cs_step_type_get_type     (void) G_GNUC_CONST;
/* "action", "conditional", "approval", "integration", "terminal" */
const char  *cs_step_type_to_string    (CsStepType   type);
gboolean     cs_step_type_from_string  (const char  *text,
                                        CsStepType  *type);

typedef enum
{
  CS_VALUE_STRING,
  CS_VALUE_INTEGER,
  CS_VALUE_NUMBER,
  CS_VALUE_BOOLEAN,
  CS_VALUE_DATE,       /* a string "YYYY-MM-DD" or an ISO 8601 date-time */
  CS_VALUE_OBJECT,
  CS_VALUE_ARRAY,
} CsValueType;

#define CS_TYPE_VALUE_TYPE (cs_value_type_get_type ())
GType        cs_value_type_get_type    (void) G_GNUC_CONST;
const char  *cs_value_type_to_string   (CsValueType  type);
gboolean     cs_value_type_from_string (const char  *text,
                                        CsValueType *type);
/* Whether @node (non-NULL, not null) is a value of @type. Integers accept
 * integral doubles, numbers accept integers. */
gboolean     cs_value_type_check       (CsValueType  type,
                                        JsonNode    *node);

typedef enum
{
  CS_QUORUM_ANY,   /* one approval by anyone holding one of the roles */
  CS_QUORUM_ALL,   /* one approval per listed role */
} CsQuorum;

#define CS_TYPE_QUORUM (cs_quorum_get_type ())
GType        cs_quorum_get_type        (void) G_GNUC_CONST;
const char  *cs_quorum_to_string       (CsQuorum     quorum);
gboolean     cs_quorum_from_string     (const char  *text,
                                        CsQuorum    *quorum);

typedef enum
{
  CS_TERMINAL_SUCCESS,
  CS_TERMINAL_REJECTED,
  CS_TERMINAL_FAILED,
  CS_TERMINAL_CANCELLED,
} CsTerminalStatus;

#define CS_TYPE_TERMINAL_STATUS (cs_terminal_status_get_type ())
GType        cs_terminal_status_get_type    (void) G_GNUC_CONST;
const char  *cs_terminal_status_to_string   (CsTerminalStatus  status);
gboolean     cs_terminal_status_from_string (const char       *text,
                                             CsTerminalStatus *status);

/* Parameters of the discrete-event simulator. Unset ones take a default that
 * depends on the step type (cs_sim_param_default()). */
typedef enum
{
  CS_SIM_MEAN_SERVICE_TIME,     /* seconds of automatic work per instance */
  CS_SIM_SERVICE_CV,            /* coefficient of variation of service and handling times */
  CS_SIM_FAILURE_PROBABILITY,   /* integrations: chance that one call fails, 0..1 */
  CS_SIM_LATENCY,               /* integrations: mean seconds per call */
  CS_SIM_OFFICERS,              /* approvals: people serving the queue */
  CS_SIM_HANDLING_TIME,         /* approvals: seconds an officer spends on one case */
} CsSimParam;

#define CS_SIM_N_PARAMS (CS_SIM_HANDLING_TIME + 1)

/* "mean_service_time", "service_cv", "failure_probability", "latency",
 * "officers", "handling_time" */
const char  *cs_sim_param_to_string    (CsSimParam   param);
gboolean     cs_sim_param_from_string  (const char  *text,
                                        CsSimParam  *param);
double       cs_sim_param_default      (CsStepType   type,
                                        CsSimParam   param);

/* The declaration of an action's input or output: immutable, refcounted. */
typedef struct _CsStepParam CsStepParam;

#define CS_TYPE_STEP_PARAM (cs_step_param_get_type ())
GType        cs_step_param_get_type        (void) G_GNUC_CONST;
/* @pattern is a regular expression the text of a string input must match
 * (searched, so anchor it with ^ and $); an invalid one is kept and reported
 * by validation. @source is the dotted path in the instance data the value
 * is read from ("applicant.id_number"; "$" is the whole instance data); NULL
 * means the input's own name. */
CsStepParam *cs_step_param_new             (const char  *name,
                                            CsValueType  type,
                                            gboolean     required,
                                            const char  *pattern,
                                            const char  *source,
                                            const char  *description);
CsStepParam *cs_step_param_new_output      (const char  *name,
                                            CsValueType  type,
                                            const char  *description);
CsStepParam *cs_step_param_ref             (CsStepParam *param);
void         cs_step_param_unref           (CsStepParam *param);
gboolean     cs_step_param_equal           (CsStepParam *a,
                                            CsStepParam *b);
const char  *cs_step_param_get_name        (CsStepParam *param);
CsValueType  cs_step_param_get_value_type  (CsStepParam *param);
gboolean     cs_step_param_get_required    (CsStepParam *param);
const char  *cs_step_param_get_pattern     (CsStepParam *param);
/* NULL when there is no pattern or it does not compile. */
GRegex      *cs_step_param_get_regex       (CsStepParam *param);
/* The compile error of an invalid pattern, else NULL. */
const char  *cs_step_param_get_pattern_error (CsStepParam *param);
const char  *cs_step_param_get_source      (CsStepParam *param);
const char  *cs_step_param_get_description (CsStepParam *param);

/* Dotted paths into JSON: "result.licence_id", "items.0.id" (a numeric
 * segment indexes an array), "$" for the root. */
gboolean     cs_data_path_is_valid     (const char  *path);
/* Returns the node at @path (borrowed) or NULL when there is none. */
JsonNode    *cs_data_path_lookup       (JsonNode    *root,
                                        const char  *path);

/* A deep copy (json_node_copy() shares objects and arrays). */
JsonNode    *cs_json_node_deep_copy    (JsonNode    *node);

/* Whether @pattern is a valid expected-status pattern: "200", "2xx", "201-204". */
gboolean     cs_status_pattern_is_valid (const char *pattern);
gboolean     cs_status_pattern_matches  (const char *pattern,
                                         guint       status);

#define CS_TYPE_STEP (cs_step_get_type ())

G_DECLARE_FINAL_TYPE (CsStep, cs_step, CS, STEP, GObject)

/* Besides notify for the properties, every change of a step, its
 * configuration included, emits "changed". */
CsStep      *cs_step_new                (const char  *id,
                                         CsStepType   type,
                                         const char  *name);
CsStep      *cs_step_copy               (CsStep      *step);
gboolean     cs_step_equal              (CsStep      *a,
                                         CsStep      *b);
/* Whether @id is a valid step id: [a-z0-9_]+ */
gboolean     cs_step_id_is_valid        (const char  *id);

const char  *cs_step_get_id             (CsStep      *step);
void         cs_step_set_id             (CsStep      *step,
                                         const char  *id);
/* Never NULL; "" when unset. */
const char  *cs_step_get_name           (CsStep      *step);
void         cs_step_set_name           (CsStep      *step,
                                         const char  *name);
const char  *cs_step_get_description    (CsStep      *step);
void         cs_step_set_description    (CsStep      *step,
                                         const char  *description);
CsStepType   cs_step_get_step_type      (CsStep      *step);
void         cs_step_set_step_type      (CsStep      *step,
                                         CsStepType   type);

/* Canvas position, saved with the version. @pinned says a designer placed
 * the step by hand, so automatic layout must leave it where it is. */
gboolean     cs_step_get_position       (CsStep      *step,
                                         double      *x,
                                         double      *y,
                                         gboolean    *pinned);
void         cs_step_set_position       (CsStep      *step,
                                         double       x,
                                         double       y,
                                         gboolean     pinned);
void         cs_step_clear_position     (CsStep      *step);

/* Action */
const char  *cs_step_get_handler        (CsStep      *step);
void         cs_step_set_handler        (CsStep      *step,
                                         const char  *handler);
/* Borrowed arrays of CsStepParam, in declaration order. */
GPtrArray   *cs_step_get_inputs         (CsStep      *step);
GPtrArray   *cs_step_get_outputs        (CsStep      *step);
/* Replaces a declaration of the same name in place, else appends. */
void         cs_step_add_input          (CsStep      *step,
                                         CsStepParam *input);
void         cs_step_add_output         (CsStep      *step,
                                         CsStepParam *output);
gboolean     cs_step_remove_input       (CsStep      *step,
                                         const char  *name);
gboolean     cs_step_remove_output      (CsStep      *step,
                                         const char  *name);
CsStepParam *cs_step_find_input         (CsStep      *step,
                                         const char  *name);
CsStepParam *cs_step_find_output        (CsStep      *step,
                                         const char  *name);
/* Replace all declarations (NULL clears); the params are referenced. */
void         cs_step_set_inputs         (CsStep      *step,
                                         GPtrArray   *inputs);
void         cs_step_set_outputs        (CsStep      *step,
                                         GPtrArray   *outputs);
/* Constant inputs set by the designer (e.g. which message to compose); they
 * take precedence over instance data. NULL when there are none. */
JsonObject  *cs_step_get_parameters     (CsStep      *step);
/* Stores a copy; NULL or an empty object clears. */
void         cs_step_set_parameters     (CsStep      *step,
                                         JsonObject  *parameters);
/* Sets one parameter, taking ownership of @value (NULL removes it). */
void         cs_step_take_parameter     (CsStep      *step,
                                         const char  *name,
                                         JsonNode    *value);

/* Builds the object handed to the handler: for each declared input its
 * parameter if set, else the value at its source path in @instance_data
 * (absent and null values are left out). With no declared inputs, every
 * member of @instance_data, overlaid with the parameters. */
JsonObject  *cs_step_build_inputs       (CsStep      *step,
                                         JsonObject  *instance_data);
/* Checks @inputs against the declared inputs: adds one message per problem
 * ("Missing required input: id_number", wrong types, pattern mismatches) to
 * @errors_out (char*, g_free; may be NULL) and returns FALSE if any. */
gboolean     cs_step_validate_inputs    (CsStep      *step,
                                         JsonObject  *inputs,
                                         GPtrArray   *errors_out);
/* Copies the handler's @outputs into @instance_data: only the declared
 * outputs when the step declares any, else all of them. */
void         cs_step_merge_outputs      (CsStep      *step,
                                         JsonObject  *outputs,
                                         JsonObject  *instance_data);

/* Approval */
/* Never NULL; empty when there are none. */
const char * const *cs_step_get_approver_roles (CsStep             *step);
void         cs_step_set_approver_roles (CsStep             *step,
                                         const char * const *roles);
void         cs_step_add_approver_role  (CsStep      *step,
                                         const char  *role);
const char  *cs_step_get_agency         (CsStep      *step);
void         cs_step_set_agency         (CsStep      *step,
                                         const char  *agency);
CsQuorum     cs_step_get_quorum         (CsStep      *step);
void         cs_step_set_quorum         (CsStep      *step,
                                         CsQuorum     quorum);
/* How many approvals decide the step: 1 for ANY, one per role for ALL. A
 * single rejection rejects in both cases. */
guint        cs_step_get_approvals_required (CsStep  *step);
/* Seconds after which an undecided approval escalates; 0 = never. */
guint        cs_step_get_due_seconds    (CsStep      *step);
void         cs_step_set_due_seconds    (CsStep      *step,
                                         guint        seconds);
const char  *cs_step_get_escalate_to    (CsStep      *step);
void         cs_step_set_escalate_to    (CsStep      *step,
                                         const char  *role);

/* Integration. Templates are kept as typed and parsed, like conditions. */
const char  *cs_step_get_method         (CsStep      *step);
void         cs_step_set_method         (CsStep      *step,
                                         const char  *method);
/* Whether @method is one the engine supports: GET POST PUT PATCH DELETE HEAD. */
gboolean     cs_http_method_is_valid    (const char  *method);
const char  *cs_step_get_url_source     (CsStep      *step);
CsTemplate  *cs_step_get_url_template   (CsStep      *step);
const GError *cs_step_get_url_error     (CsStep      *step,
                                         gsize       *error_offset);
void         cs_step_set_url            (CsStep      *step,
                                         const char  *url_template);
guint        cs_step_get_n_headers      (CsStep      *step);
const char  *cs_step_get_header_name    (CsStep      *step,
                                         guint        index);
const char  *cs_step_get_header_source  (CsStep      *step,
                                         guint        index);
CsTemplate  *cs_step_get_header_template (CsStep     *step,
                                          guint       index);
const GError *cs_step_get_header_error  (CsStep      *step,
                                         guint        index,
                                         gsize       *error_offset);
/* Replaces the header of that name (case-insensitively) in place, else appends. */
void         cs_step_set_header         (CsStep      *step,
                                         const char  *name,
                                         const char  *value_template);
gboolean     cs_step_remove_header      (CsStep      *step,
                                         const char  *name);
const char  *cs_step_get_body_source    (CsStep      *step);
CsTemplate  *cs_step_get_body_template  (CsStep      *step);
const GError *cs_step_get_body_error    (CsStep      *step,
                                         gsize       *error_offset);
void         cs_step_set_body           (CsStep      *step,
                                         const char  *body_template);
guint        cs_step_get_timeout_ms     (CsStep      *step);
void         cs_step_set_timeout_ms     (CsStep      *step,
                                         guint        timeout_ms);
/* Attempts in all, the first included; at least 1. */
guint        cs_step_get_max_attempts   (CsStep      *step);
void         cs_step_set_max_attempts   (CsStep      *step,
                                         guint        attempts);
guint        cs_step_get_backoff_base_ms (CsStep     *step);
guint        cs_step_get_backoff_max_ms (CsStep      *step);
void         cs_step_set_backoff        (CsStep      *step,
                                         guint        base_ms,
                                         guint        max_ms);
/* The retry policy as a CsBackoff (factor 2, jitter 0.5). */
CsBackoff    cs_step_get_backoff        (CsStep      *step);
/* Patterns such as "200", "2xx", "201-204"; default { "2xx" }. */
const char * const *cs_step_get_expected_statuses (CsStep            *step);
void         cs_step_set_expected_statuses (CsStep             *step,
                                            const char * const *patterns);
gboolean     cs_step_is_status_expected (CsStep      *step,
                                         guint        status);
/* Circuit breaker, kept per host by the engine: after @threshold consecutive
 * failed calls the host is not called for @reset_seconds (0 = no breaker). */
guint        cs_step_get_breaker_threshold     (CsStep *step);
guint        cs_step_get_breaker_reset_seconds (CsStep *step);
void         cs_step_set_breaker        (CsStep      *step,
                                         guint        threshold,
                                         guint        reset_seconds);
/* Response mapping: instance-data key ← dotted path in the response JSON. */
guint        cs_step_get_n_response_mappings (CsStep *step);
const char  *cs_step_get_response_mapping_key  (CsStep *step,
                                                guint   index);
const char  *cs_step_get_response_mapping_path (CsStep *step,
                                                guint   index);
/* Replaces the mapping of @key in place, else appends. */
void         cs_step_set_response_mapping    (CsStep     *step,
                                              const char *key,
                                              const char *path);
gboolean     cs_step_remove_response_mapping (CsStep     *step,
                                              const char *key);
/* Sets each mapped key of @instance_data from @response; fails with
 * CS_ERROR_NOT_FOUND naming the first path the response lacks. */
gboolean     cs_step_apply_response_mapping  (CsStep     *step,
                                              JsonNode   *response,
                                              JsonObject *instance_data,
                                              GError    **error);
/* Renders the URL; interpolated values are percent-escaped except for the
 * characters a URL may contain, so a base URL from the data stays intact
 * while spaces and the like are escaped. */
char        *cs_step_render_url         (CsStep      *step,
                                         JsonNode    *data,
                                         GError     **error);
/* Renders the body (NULL when there is none). When the Content-Type header
 * mentions json, interpolated values are escaped as JSON string content, so
 * write "name": "{{ name }}" for strings and "n": {{ n }} for numbers. */
char        *cs_step_render_body        (CsStep      *step,
                                         JsonNode    *data,
                                         GError     **error);

/* Terminal */
CsTerminalStatus cs_step_get_terminal_status (CsStep          *step);
void         cs_step_set_terminal_status (CsStep           *step,
                                          CsTerminalStatus  status);

/* Simulation */
gboolean     cs_step_has_sim            (CsStep      *step,
                                         CsSimParam   param);
/* The value set, else the default for the step's type. */
double       cs_step_get_sim            (CsStep      *step,
                                         CsSimParam   param);
void         cs_step_set_sim            (CsStep      *step,
                                         CsSimParam   param,
                                         double       value);
void         cs_step_unset_sim          (CsStep      *step,
                                         CsSimParam   param);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsStepParam, cs_step_param_unref)

G_END_DECLS
