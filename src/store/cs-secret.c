/* cs-secret.c: passwords and API keys in the desktop keyring
 *
 * Secrets never go to GSettings or to disk in the clear: libsecret hands them
 * to the Secret Service (GNOME Keyring, KWallet) or, inside Flatpak, to the
 * portal. These calls block, so callers run them on a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "cs-secret.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "org.civicstream.CivicStream.Secret", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };
  return &schema;
}

gboolean
cs_secret_store (const char    *kind,
                 const char    *id,
                 const char    *account,
                 const char    *secret,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (kind != NULL && id != NULL && secret != NULL, FALSE);

  label = g_strdup_printf (_("CivicStream %s for %s%s%s"), kind,
                           account && *account ? account : "", account && *account ? "@" : "", id);
  return secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                                     cancellable, error,
                                     "kind", kind, "id", id, "account", account ? account : "",
                                     NULL);
}

char *
cs_secret_lookup (const char    *kind,
                  const char    *id,
                  const char    *account,
                  GCancellable  *cancellable,
                  GError       **error)
{
  char *secret;
  char *copy;

  g_return_val_if_fail (kind != NULL && id != NULL, NULL);

  secret = secret_password_lookup_sync (get_schema (), cancellable, error,
                                        "kind", kind, "id", id, "account", account ? account : "",
                                        NULL);
  if (secret == NULL)
    return NULL;
  /* Hand back ordinary memory; wipe libsecret's copy. */
  copy = g_strdup (secret);
  secret_password_free (secret);
  return copy;
}

gboolean
cs_secret_clear (const char    *kind,
                 const char    *id,
                 const char    *account,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (kind != NULL && id != NULL, FALSE);

  if (!secret_password_clear_sync (get_schema (), cancellable, &local_error,
                                   "kind", kind, "id", id, "account", account ? account : "",
                                   NULL)
      && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
