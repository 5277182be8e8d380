/* cs-error.h: CivicStream's general error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CS_ERROR (cs_error_quark ())

typedef enum
{
  CS_ERROR_FAILED,
  CS_ERROR_INVALID_ARGUMENT,   /* bad input from a user or a file */
  CS_ERROR_PARSE,              /* text that does not parse */
  CS_ERROR_NOT_FOUND,
  CS_ERROR_MISSING_PROGRAM,    /* e.g. the PostgreSQL server binaries */
  CS_ERROR_PERMISSION,         /* a directory we cannot write, a role we may not use */
  CS_ERROR_DATABASE,           /* an SQL statement failed */
  CS_ERROR_CONNECTION,         /* cannot reach the server */
  CS_ERROR_CONFLICT,           /* somebody else changed it first */
  CS_ERROR_MIGRATION,
  CS_ERROR_TIMEOUT,
  CS_ERROR_NEEDS_PASSWORD,
} CsError;

GQuark cs_error_quark (void);

G_END_DECLS
