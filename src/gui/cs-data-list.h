/* cs-data-list.h: a JSON object shown as keys and values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CS_TYPE_DATA_LIST (cs_data_list_get_type ())

G_DECLARE_FINAL_TYPE (CsDataList, cs_data_list, CS, DATA_LIST, AdwBin)

GtkWidget  *cs_data_list_new        (void);
/* Shows @data (NULL: nothing) with nested members flattened to dotted keys:
 * {"applicant": {"name": "Ada"}, "tags": ["a", "b"]} reads
 * "applicant.name  Ada" and "tags  a, b". */
void        cs_data_list_set_data   (CsDataList  *self,
                                     JsonObject  *data);
/* The keys shown, in order. */
GStrv       cs_data_list_get_keys   (CsDataList  *self);
/* The text shown for @key, or NULL. */
const char *cs_data_list_get_value  (CsDataList  *self,
                                     const char  *key);

G_END_DECLS
