/* cs-workflow-json.h: workflow definitions as JSON (see docs/workflow-format.md)
 *
 * Loading is forgiving, because a designer must be able to open a broken
 * definition and repair it: only text that is not JSON at all, or whose root
 * is not an object, fails with an error. Every other mistake (a member of the
 * wrong type, an unknown step type, a missing id) becomes a CS_PROBLEM_JSON
 * problem whose field is the JSON path and whose message starts with it,
 * e.g. "steps[3].config.inputs: expected an array"; the value is skipped or
 * given its default and loading goes on, returning the partial workflow.
 * Members that the format does not know are reported as warnings.
 *
 * Saving is canonical: saving, loading and saving again gives the same text,
 * and loading what was saved gives a workflow cs_workflow_equal() to the
 * original.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-workflow.h"
#include "cs-workflow-validate.h"

G_BEGIN_DECLS

#define CS_WORKFLOW_FORMAT_NAME    "civicstream-workflow"
#define CS_WORKFLOW_FORMAT_VERSION 1

/* @problems receives a new array of CsProblem (possibly empty) whenever a
 * workflow is returned; it may be NULL to ignore them. */
CsWorkflow  *cs_workflow_from_json        (JsonNode      *root,
                                           GPtrArray    **problems,
                                           GError       **error);
CsWorkflow  *cs_workflow_load_from_data   (const char    *data,
                                           gssize         length,
                                           GPtrArray    **problems,
                                           GError       **error);
/* Works with resource:// URIs too (the examples are compiled in as resources). */
CsWorkflow  *cs_workflow_load_from_file   (GFile         *file,
                                           GCancellable  *cancellable,
                                           GPtrArray    **problems,
                                           GError       **error);

/* The definition as a JSON tree (e.g. to store it in a jsonb column). */
JsonNode    *cs_workflow_to_json          (CsWorkflow    *workflow);
/* The definition as canonical, indented JSON text ending with a newline. */
char        *cs_workflow_to_data          (CsWorkflow    *workflow,
                                           gsize         *length);
gboolean     cs_workflow_save_to_file     (CsWorkflow    *workflow,
                                           GFile         *file,
                                           GCancellable  *cancellable,
                                           GError       **error);

G_END_DECLS
