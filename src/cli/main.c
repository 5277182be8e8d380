/* main.c: civicstream-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>

#include "core/cs-init.h"
#include "cli/cs-cli.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  cs_init ();
  textdomain (GETTEXT_PACKAGE);

  return cs_cli_main (argc, argv);
}
