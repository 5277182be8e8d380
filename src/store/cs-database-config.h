/* cs-database-config.h: which database to use, and where that choice came from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  CS_DATABASE_SOURCE_OPTION,       /* --database URL */
  CS_DATABASE_SOURCE_ENVIRONMENT,  /* CIVICSTREAM_DATABASE_URL */
  CS_DATABASE_SOURCE_SETTINGS,     /* GSettings database-url */
  CS_DATABASE_SOURCE_EMBEDDED,     /* none set: our private cluster */
} CsDatabaseSource;

#define CS_TYPE_DATABASE_CONFIG (cs_database_config_get_type ())

G_DECLARE_FINAL_TYPE (CsDatabaseConfig, cs_database_config, CS, DATABASE_CONFIG, GObject)

CsDatabaseConfig *cs_database_config_resolve        (const char        *option_url,
                                                     GSettings         *settings,
                                                     GError           **error);
CsDatabaseConfig *cs_database_config_new_embedded   (void);
CsDatabaseConfig *cs_database_config_new_unusable   (CsDatabaseSource   source);
CsDatabaseSource  cs_database_config_get_source     (CsDatabaseConfig  *self);
gboolean          cs_database_config_is_embedded    (CsDatabaseConfig  *self);
const char       *cs_database_config_get_url        (CsDatabaseConfig  *self);
const char       *cs_database_config_get_user       (CsDatabaseConfig  *self);
char             *cs_database_config_describe       (CsDatabaseConfig  *self);
char             *cs_database_config_get_keyring_id (CsDatabaseConfig  *self);

gboolean          cs_database_url_validate          (const char        *url,
                                                     gboolean           allow_password,
                                                     GError           **error);
GSettings        *cs_database_config_get_settings   (void);

G_END_DECLS
