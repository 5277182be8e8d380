/* cs-sql-script.h: split an SQL script into statements, remembering where each starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *text;        /* the statement, without the terminating ';' */
  guint line;        /* 1-based line of the statement's first character in the script */
  gsize offset;      /* byte offset of that character in the script */
} CsSqlStatement;

void       cs_sql_statement_free  (CsSqlStatement *statement);
GPtrArray *cs_sql_script_split    (const char     *script,
                                   GError        **error);
guint      cs_sql_script_line_at  (const char     *script,
                                   gsize           offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSqlStatement, cs_sql_statement_free)

G_END_DECLS
