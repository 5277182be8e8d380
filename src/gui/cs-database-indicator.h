/* cs-database-indicator.h: which database, and whether it is reachable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "store/cs-store.h"

G_BEGIN_DECLS

#define CS_TYPE_DATABASE_INDICATOR (cs_database_indicator_get_type ())

G_DECLARE_FINAL_TYPE (CsDatabaseIndicator, cs_database_indicator, CS, DATABASE_INDICATOR, AdwBin)

void        cs_database_indicator_set_store       (CsDatabaseIndicator *self,
                                                   CsStore             *store);
const char *cs_database_indicator_get_state_text  (CsDatabaseIndicator *self);

G_END_DECLS
