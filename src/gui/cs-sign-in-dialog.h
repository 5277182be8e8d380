/* cs-sign-in-dialog.h: asks for the password of a shared database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "store/cs-store.h"

G_BEGIN_DECLS

#define CS_TYPE_SIGN_IN_DIALOG (cs_sign_in_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CsSignInDialog, cs_sign_in_dialog, CS, SIGN_IN_DIALOG, AdwMessageDialog)

void cs_sign_in_dialog_present (GtkWindow *parent,
                                CsStore   *store);

G_END_DECLS
