/* cs-version-item.h: one version of a workflow definition, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-workflow-repo.h"

G_BEGIN_DECLS

#define CS_TYPE_VERSION_ITEM (cs_version_item_get_type ())

G_DECLARE_FINAL_TYPE (CsVersionItem, cs_version_item, CS, VERSION_ITEM, GObject)

/* Read-only properties: "workflow-id", "version-id", "key", "name",
 * "version", "status", "updated-by", "updated-at", "n-steps". */
CsVersionItem       *cs_version_item_new             (const CsVersionInfo *info);
const CsVersionInfo *cs_version_item_get_info        (CsVersionItem       *self);
const char          *cs_version_item_get_version_id  (CsVersionItem       *self);
const char          *cs_version_item_get_key         (CsVersionItem       *self);
const char          *cs_version_item_get_name        (CsVersionItem       *self);
int                  cs_version_item_get_version     (CsVersionItem       *self);
/* "draft", "published" or "retired" */
const char          *cs_version_item_get_status      (CsVersionItem       *self);
gboolean             cs_version_item_is_published    (CsVersionItem       *self);

G_END_DECLS
