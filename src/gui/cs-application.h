/* cs-application.h: the CivicStream desktop application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "store/cs-store.h"
#include "workers/cs-engine.h"
#include "workers/cs-worker-pool.h"

G_BEGIN_DECLS

#define CS_TYPE_APPLICATION (cs_application_get_type ())

G_DECLARE_FINAL_TYPE (CsApplication, cs_application, CS, APPLICATION, AdwApplication)

CsApplication *cs_application_new             (GApplicationFlags  flags);
CsStore       *cs_application_get_store       (CsApplication     *self);
GSettings     *cs_application_get_settings    (CsApplication     *self);
CsWorkerPool  *cs_application_get_worker_pool (CsApplication     *self);
CsEngine      *cs_application_get_engine      (CsApplication     *self);
void           cs_application_reconnect       (CsApplication     *self);

G_END_DECLS
