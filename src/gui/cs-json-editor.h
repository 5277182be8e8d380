/* cs-json-editor.h: a JSON object typed by hand, checked as it is typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CS_TYPE_JSON_EDITOR (cs_json_editor_get_type ())

G_DECLARE_FINAL_TYPE (CsJsonEditor, cs_json_editor, CS, JSON_EDITOR, AdwBin)

/* Properties: "text", "valid" (read-only) and "problem" (read-only: why it
 * is not valid, with the line and column, or NULL). */
GtkWidget  *cs_json_editor_new          (void);
char       *cs_json_editor_get_text     (CsJsonEditor *self);
void        cs_json_editor_set_text     (CsJsonEditor *self,
                                         const char   *text);
/* Pretty-prints @object into the editor. */
void        cs_json_editor_set_object   (CsJsonEditor *self,
                                         JsonObject   *object);
gboolean    cs_json_editor_get_valid    (CsJsonEditor *self);
const char *cs_json_editor_get_problem  (CsJsonEditor *self);
/* A new reference to the object typed, or NULL when it is not valid. */
JsonObject *cs_json_editor_dup_object   (CsJsonEditor *self);

/* Parses @text as a JSON object; on failure the message names the line and
 * column ("Line 2, column 8: unexpected character `}'") and
 * @line/@column (1-based, may be NULL) tell where. */
JsonObject *cs_json_parse_object        (const char   *text,
                                         int          *line,
                                         int          *column,
                                         GError      **error);

G_END_DECLS
