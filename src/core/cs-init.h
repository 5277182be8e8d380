/* cs-init.h: process-wide setup shared by the app, the CLI and the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void cs_init (void);

G_END_DECLS
