/* cs-cli.h: civicstream-cli, the headless side of CivicStream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "store/cs-db-connection.h"
#include "store/cs-pg-cluster.h"

G_BEGIN_DECLS

typedef struct _CsCli CsCli;

/* Exit statuses. */
#define CS_CLI_OK     0
#define CS_CLI_FAILED 1
#define CS_CLI_USAGE  2

typedef int (*CsCliCommandFunc) (CsCli  *cli,
                                 int     argc,
                                 char  **argv);

typedef struct
{
  const char       *name;
  const char       *summary;
  CsCliCommandFunc  func;
} CsCliCommand;

int              cs_cli_main                  (int            argc,
                                               char         **argv);

/* For subcommands. */
const char      *cs_cli_get_prgname           (CsCli         *cli);
const char      *cs_cli_get_tenant_option     (CsCli         *cli);
const char      *cs_cli_get_database_option   (CsCli         *cli);
CsDbConnection  *cs_cli_connect_owner         (CsCli         *cli,
                                               GError       **error);
int              cs_cli_dispatch              (CsCli         *cli,
                                               const char    *group,
                                               const CsCliCommand *commands,
                                               int            argc,
                                               char         **argv);
int              cs_cli_fail                  (CsCli         *cli,
                                               const GError  *error);
int              cs_cli_usage_error           (CsCli         *cli,
                                               const char    *format,
                                               ...) G_GNUC_PRINTF (2, 3);
gboolean         cs_cli_parse                 (CsCli         *cli,
                                               GOptionContext *context,
                                               int           *argc,
                                               char        ***argv,
                                               int           *status);
void             cs_cli_print_table           (const char * const *headers,
                                               GPtrArray     *rows);
char            *cs_cli_resolve_tenant        (CsCli          *cli,
                                               CsDbConnection *conn,
                                               const char     *slug,
                                               GError        **error);

CsDbConnection  *cs_cli_connect_tenant        (CsCli         *cli,
                                               char         **tenant_id,
                                               GError       **error);
CsDbConnection  *cs_cli_connect_user          (CsCli         *cli,
                                               GError       **error);

int              cs_cli_db                    (CsCli *cli, int argc, char **argv);
int              cs_cli_workflow              (CsCli *cli, int argc, char **argv);
int              cs_cli_instance              (CsCli *cli, int argc, char **argv);
int              cs_cli_step                  (CsCli *cli, int argc, char **argv);
int              cs_cli_audit                 (CsCli *cli, int argc, char **argv);
int              cs_cli_approval              (CsCli *cli, int argc, char **argv);
int              cs_cli_simulate              (CsCli *cli, int argc, char **argv);
int              cs_cli_serve                 (CsCli *cli, int argc, char **argv);
int              cs_cli_user                  (CsCli *cli, int argc, char **argv);
int              cs_cli_tenant                (CsCli *cli, int argc, char **argv);
int              cs_cli_agency                (CsCli *cli, int argc, char **argv);

G_END_DECLS
