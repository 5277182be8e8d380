/* cs-secret.h: passwords and API keys in the desktop keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a secret is for: "database" (id = host:port/db, account = login role),
 * "llm" (id = endpoint URL, account = ""). */
gboolean  cs_secret_store   (const char    *kind,
                             const char    *id,
                             const char    *account,
                             const char    *secret,
                             GCancellable  *cancellable,
                             GError       **error);
/* Returns NULL without an error when nothing is stored. */
char     *cs_secret_lookup  (const char    *kind,
                             const char    *id,
                             const char    *account,
                             GCancellable  *cancellable,
                             GError       **error);
gboolean  cs_secret_clear   (const char    *kind,
                             const char    *id,
                             const char    *account,
                             GCancellable  *cancellable,
                             GError       **error);

G_END_DECLS
