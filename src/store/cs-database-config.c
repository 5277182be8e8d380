/* cs-database-config.c: which database to use, and where that choice came from
 *
 * In order: the --database option, CIVICSTREAM_DATABASE_URL, the GSettings key
 * database-url; none of them means the embedded private cluster. A URL is
 * checked with libpq's own parser so that a typo is reported before any
 * connection attempt, with what was wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>

#include "core/cs-error.h"
#include "cs-database-config.h"

struct _CsDatabaseConfig
{
  GObject           parent_instance;

  CsDatabaseSource  source;
  gboolean          unusable;
  char             *url;
  char             *user;
  char             *host;
  char             *port;
  char             *dbname;
};

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE (CsDatabaseConfig, cs_database_config, G_TYPE_OBJECT)

static void
cs_database_config_finalize (GObject *object)
{
  CsDatabaseConfig *self = (CsDatabaseConfig *)object;

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->port, g_free);
  g_clear_pointer (&self->dbname, g_free);

  G_OBJECT_CLASS (cs_database_config_parent_class)->finalize (object);
}

static void
cs_database_config_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CsDatabaseConfig *self = CS_DATABASE_CONFIG (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_int (value, self->source);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_database_config_class_init (CsDatabaseConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_database_config_finalize;
  object_class->get_property = cs_database_config_get_property;

  properties[PROP_SOURCE] =
    g_param_spec_int ("source", NULL, NULL,
                      CS_DATABASE_SOURCE_OPTION, CS_DATABASE_SOURCE_EMBEDDED, CS_DATABASE_SOURCE_EMBEDDED,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_database_config_init (CsDatabaseConfig *self)
{
  self->source = CS_DATABASE_SOURCE_EMBEDDED;
}

static const char *
source_name (CsDatabaseSource source)
{
  switch (source)
    {
    case CS_DATABASE_SOURCE_OPTION:
      return _("the --database option");
    case CS_DATABASE_SOURCE_ENVIRONMENT:
      return "CIVICSTREAM_DATABASE_URL";
    case CS_DATABASE_SOURCE_SETTINGS:
      return _("Preferences");
    case CS_DATABASE_SOURCE_EMBEDDED:
    default:
      return _("the embedded database");
    }
}

/* Parses @url with libpq; fills the interesting fields when @self is given. */
static gboolean
parse_url (CsDatabaseConfig  *self,
           const char        *url,
           gboolean           allow_password,
           GError           **error)
{
  PQconninfoOption *options;
  char *errmsg = NULL;
  gboolean has_password = FALSE;
  const char *p = url;

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '\0')
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT, _("The database URL is empty"));
      return FALSE;
    }
  if (!g_utf8_validate (url, -1, NULL))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT, _("The database URL is not valid UTF-8"));
      return FALSE;
    }
  if (strstr (url, "://") != NULL
      && !g_str_has_prefix (p, "postgresql://") && !g_str_has_prefix (p, "postgres://"))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a PostgreSQL URL: it must start with postgresql://"), url);
      return FALSE;
    }
  if (strstr (url, "://") == NULL && strchr (url, '=') == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a database URL; write it as postgresql://user@host:5432/dbname"), url);
      return FALSE;
    }

  options = PQconninfoParse (url, &errmsg);
  if (options == NULL)
    {
      g_autofree char *msg = g_strstrip (g_strdup (errmsg ? errmsg : _("out of memory")));
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("The database URL “%s” is malformed: %s"), url, msg);
      PQfreemem (errmsg);
      return FALSE;
    }

  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL)
        continue;
      if (g_str_equal (o->keyword, "password") && *o->val)
        has_password = TRUE;
      if (self == NULL)
        continue;
      if (g_str_equal (o->keyword, "user"))
        self->user = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "host")
               || (g_str_equal (o->keyword, "hostaddr") && self->host == NULL))
        {
          g_free (self->host);
          self->host = g_strdup (o->val);
        }
      else if (g_str_equal (o->keyword, "port"))
        self->port = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "dbname"))
        self->dbname = g_strdup (o->val);
    }
  PQconninfoFree (options);

  if (has_password && !allow_password)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("A URL kept in Preferences must not contain a password; "
                             "CivicStream keeps passwords in the desktop keyring"));
      return FALSE;
    }
  return TRUE;
}

gboolean
cs_database_url_validate (const char  *url,
                          gboolean     allow_password,
                          GError     **error)
{
  g_return_val_if_fail (url != NULL, FALSE);
  return parse_url (NULL, url, allow_password, error);
}

/* NULL when the schema is not installed (running from a build tree without
 * GSETTINGS_SCHEMA_DIR): the CLI then simply skips that source. */
GSettings *
cs_database_config_get_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, "org.civicstream.CivicStream", TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

CsDatabaseConfig *
cs_database_config_new_embedded (void)
{
  return g_object_new (CS_TYPE_DATABASE_CONFIG, NULL);
}

/* Stands for a configuration that could not be resolved (a malformed URL),
 * so that the window can say so instead of naming some other database. */
CsDatabaseConfig *
cs_database_config_new_unusable (CsDatabaseSource source)
{
  CsDatabaseConfig *self = g_object_new (CS_TYPE_DATABASE_CONFIG, NULL);

  self->source = source;
  self->unusable = TRUE;
  return self;
}

CsDatabaseConfig *
cs_database_config_resolve (const char  *option_url,
                            GSettings   *settings,
                            GError     **error)
{
  g_autoptr(CsDatabaseConfig) self = g_object_new (CS_TYPE_DATABASE_CONFIG, NULL);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *from_settings = NULL;
  const char *from_env = g_getenv ("CIVICSTREAM_DATABASE_URL");
  const char *url = NULL;

  if (settings != NULL)
    from_settings = g_settings_get_string (settings, "database-url");

  if (option_url != NULL)
    self->source = CS_DATABASE_SOURCE_OPTION, url = option_url;
  else if (from_env != NULL && *from_env)
    self->source = CS_DATABASE_SOURCE_ENVIRONMENT, url = from_env;
  else if (from_settings != NULL && *from_settings)
    self->source = CS_DATABASE_SOURCE_SETTINGS, url = from_settings;
  else
    return g_steal_pointer (&self);

  if (!parse_url (self, url, self->source != CS_DATABASE_SOURCE_SETTINGS, &local_error))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT, _("%s (from %s)"),
                   local_error->message, source_name (self->source));
      return NULL;
    }

  self->url = g_strstrip (g_strdup (url));
  return g_steal_pointer (&self);
}

CsDatabaseSource
cs_database_config_get_source (CsDatabaseConfig *self)
{
  g_return_val_if_fail (CS_IS_DATABASE_CONFIG (self), CS_DATABASE_SOURCE_EMBEDDED);
  return self->source;
}

gboolean
cs_database_config_is_embedded (CsDatabaseConfig *self)
{
  g_return_val_if_fail (CS_IS_DATABASE_CONFIG (self), TRUE);
  return self->source == CS_DATABASE_SOURCE_EMBEDDED && !self->unusable;
}

const char *
cs_database_config_get_url (CsDatabaseConfig *self)
{
  g_return_val_if_fail (CS_IS_DATABASE_CONFIG (self), NULL);
  return self->url;
}

const char *
cs_database_config_get_user (CsDatabaseConfig *self)
{
  g_return_val_if_fail (CS_IS_DATABASE_CONFIG (self), NULL);
  return self->user;
}

/* A short human description, never including a password. */
char *
cs_database_config_describe (CsDatabaseConfig *self)
{
  g_return_val_if_fail (CS_IS_DATABASE_CONFIG (self), NULL);

  if (self->unusable)
    return g_strdup (_("Invalid database URL"));
  if (self->source == CS_DATABASE_SOURCE_EMBEDDED)
    return g_strdup (_("Embedded database"));
  /* A socket directory says nothing to a user; the database name does. */
  if (self->host == NULL || self->host[0] == '/')
    return g_strdup_printf (_("%s on this computer"), self->dbname ? self->dbname : (self->user ? self->user : ""));

  return g_strdup_printf ("%s%s%s%s%s/%s",
                          self->user ? self->user : "",
                          self->user ? "@" : "",
                          self->host ? self->host : "localhost",
                          self->port ? ":" : "",
                          self->port ? self->port : "",
                          self->dbname ? self->dbname : (self->user ? self->user : ""));
}

/* What identifies this server and user in the keyring. */
char *
cs_database_config_get_keyring_id (CsDatabaseConfig *self)
{
  g_return_val_if_fail (CS_IS_DATABASE_CONFIG (self), NULL);

  return g_strdup_printf ("%s:%s/%s",
                          self->host ? self->host : "localhost",
                          self->port ? self->port : "5432",
                          self->dbname ? self->dbname : "");
}
