/* cs-handler-registry.c: the named C functions that Action steps run
 *
 * The built-in handlers are what the example workflows need. They are pure
 * functions of their inputs, the context's time and its instance id: no
 * database, no network. Rules a citizen can break (a malformed document
 * number, a missing document) are reported as outputs so that a workflow can
 * route on them; only inputs the engine should never have passed (wrong
 * types, impossible values) fail with an error.
 *
 * The handlers themselves live in cs-handlers-*.c, one file per domain (see
 * cs-handlers-private.h); this file has the registry that holds them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-handlers-private.h"

struct _CsHandler
{
  gatomicrefcount  ref_count;
  char            *name;
  char            *description;
  CsHandlerFunc    func;
  GPtrArray       *inputs;
  GPtrArray       *outputs;
};

struct _CsHandlerRegistry
{
  GObject     parent_instance;

  GMutex      mutex;
  GHashTable *handlers;   /* name → CsHandler */
};

G_DEFINE_BOXED_TYPE (CsHandler, cs_handler, cs_handler_ref, cs_handler_unref)
G_DEFINE_TYPE (CsHandlerRegistry, cs_handler_registry, G_TYPE_OBJECT)

/* Context */

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

guint64
cs_handler_seed_for (const char *instance_id,
                     const char *step_id,
                     guint       attempt)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  char attempt_text[16];
  guint64 seed = 0;

  g_snprintf (attempt_text, sizeof attempt_text, "%u", attempt);
  g_checksum_update (checksum, (const guchar *) (instance_id ? instance_id : ""), -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) (step_id ? step_id : ""), -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) attempt_text, -1);
  g_checksum_get_digest (checksum, digest, &len);

  for (guint i = 0; i < 8; i++)
    seed = (seed << 8) | digest[i];
  return seed;
}

guint64
cs_handler_context_random (CsHandlerContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, 0);
  return splitmix64 (&ctx->seed);
}

double
cs_handler_context_random_double (CsHandlerContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, 0.0);
  /* The top 53 bits fill a double's mantissa exactly. */
  return (cs_handler_context_random (ctx) >> 11) * (1.0 / 9007199254740992.0);
}

/* CsHandler */

static GPtrArray *
copy_params (GPtrArray *params)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_step_param_unref);

  for (guint i = 0; params != NULL && i < params->len; i++)
    g_ptr_array_add (copy, cs_step_param_ref (g_ptr_array_index (params, i)));
  return copy;
}

CsHandler *
cs_handler_new (const char    *name,
                CsHandlerFunc  func,
                const char    *description,
                GPtrArray     *inputs,
                GPtrArray     *outputs)
{
  CsHandler *handler;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (func != NULL, NULL);

  handler = g_new0 (CsHandler, 1);
  g_atomic_ref_count_init (&handler->ref_count);
  handler->name = g_strdup (name);
  handler->description = g_strdup (description ? description : "");
  handler->func = func;
  handler->inputs = copy_params (inputs);
  handler->outputs = copy_params (outputs);
  return handler;
}

CsHandler *
cs_handler_ref (CsHandler *handler)
{
  g_return_val_if_fail (handler != NULL, NULL);

  g_atomic_ref_count_inc (&handler->ref_count);
  return handler;
}

void
cs_handler_unref (CsHandler *handler)
{
  g_return_if_fail (handler != NULL);

  if (!g_atomic_ref_count_dec (&handler->ref_count))
    return;
  g_free (handler->name);
  g_free (handler->description);
  g_ptr_array_unref (handler->inputs);
  g_ptr_array_unref (handler->outputs);
  g_free (handler);
}

const char *
cs_handler_get_name (CsHandler *handler)
{
  g_return_val_if_fail (handler != NULL, NULL);
  return handler->name;
}

const char *
cs_handler_get_description (CsHandler *handler)
{
  g_return_val_if_fail (handler != NULL, NULL);
  return handler->description;
}

CsHandlerFunc
cs_handler_get_func (CsHandler *handler)
{
  g_return_val_if_fail (handler != NULL, NULL);
  return handler->func;
}

GPtrArray *
cs_handler_get_inputs (CsHandler *handler)
{
  g_return_val_if_fail (handler != NULL, NULL);
  return handler->inputs;
}

GPtrArray *
cs_handler_get_outputs (CsHandler *handler)
{
  g_return_val_if_fail (handler != NULL, NULL);
  return handler->outputs;
}

gboolean
cs_handler_invoke (CsHandler         *handler,
                   CsHandlerContext  *ctx,
                   JsonObject        *inputs,
                   JsonObject        *outputs,
                   GError           **error)
{
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (handler != NULL, FALSE);
  g_return_val_if_fail (ctx != NULL && ctx->now != NULL, FALSE);
  g_return_val_if_fail (inputs != NULL, FALSE);
  g_return_val_if_fail (outputs != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ok = handler->func (ctx, inputs, outputs, &local_error);
  if (ok && local_error != NULL)
    {
      g_clear_error (&local_error);
      ok = FALSE;
    }
  if (!ok && local_error == NULL)
    local_error = g_error_new (CS_ERROR, CS_ERROR_FAILED,
                               _("Handler %s failed without saying why"), handler->name);
  if (!ok)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Registry */

static void
cs_handler_registry_finalize (GObject *object)
{
  CsHandlerRegistry *self = (CsHandlerRegistry *) object;

  g_clear_pointer (&self->handlers, g_hash_table_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (cs_handler_registry_parent_class)->finalize (object);
}

static void
cs_handler_registry_class_init (CsHandlerRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_handler_registry_finalize;
}

static void
cs_handler_registry_init (CsHandlerRegistry *self)
{
  g_mutex_init (&self->mutex);
  self->handlers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) cs_handler_unref);
}

CsHandlerRegistry *
cs_handler_registry_new (void)
{
  return g_object_new (CS_TYPE_HANDLER_REGISTRY, NULL);
}

CsHandlerRegistry *
cs_handler_registry_get_default (void)
{
  static CsHandlerRegistry *default_registry;

  if (g_once_init_enter (&default_registry))
    {
      CsHandlerRegistry *registry = cs_handler_registry_new ();

      cs_handler_registry_add_builtins (registry);
      g_once_init_leave (&default_registry, registry);
    }
  return default_registry;
}

void
cs_handler_registry_register (CsHandlerRegistry *registry,
                              CsHandler         *handler)
{
  g_return_if_fail (CS_IS_HANDLER_REGISTRY (registry));
  g_return_if_fail (handler != NULL);

  g_mutex_lock (&registry->mutex);
  /* The key is the handler's own name, so it must be replaced along with it. */
  g_hash_table_remove (registry->handlers, handler->name);
  g_hash_table_insert (registry->handlers, handler->name, cs_handler_ref (handler));
  g_mutex_unlock (&registry->mutex);
}

void
cs_handler_registry_register_func (CsHandlerRegistry *registry,
                                   const char        *name,
                                   CsHandlerFunc      func,
                                   const char        *description,
                                   GPtrArray         *inputs,
                                   GPtrArray         *outputs)
{
  g_autoptr(CsHandler) handler = NULL;

  g_return_if_fail (CS_IS_HANDLER_REGISTRY (registry));

  handler = cs_handler_new (name, func, description, inputs, outputs);
  if (handler != NULL)
    cs_handler_registry_register (registry, handler);
}

gboolean
cs_handler_registry_unregister (CsHandlerRegistry *registry,
                                const char        *name)
{
  gboolean removed;

  g_return_val_if_fail (CS_IS_HANDLER_REGISTRY (registry), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  g_mutex_lock (&registry->mutex);
  removed = g_hash_table_remove (registry->handlers, name);
  g_mutex_unlock (&registry->mutex);
  return removed;
}

CsHandler *
cs_handler_registry_lookup (CsHandlerRegistry *registry,
                            const char        *name)
{
  CsHandler *handler;

  g_return_val_if_fail (CS_IS_HANDLER_REGISTRY (registry), NULL);

  if (name == NULL)
    return NULL;
  g_mutex_lock (&registry->mutex);
  handler = g_hash_table_lookup (registry->handlers, name);
  if (handler != NULL)
    cs_handler_ref (handler);
  g_mutex_unlock (&registry->mutex);
  return handler;
}

gboolean
cs_handler_registry_contains (CsHandlerRegistry *registry,
                              const char        *name)
{
  g_autoptr(CsHandler) handler = NULL;

  g_return_val_if_fail (CS_IS_HANDLER_REGISTRY (registry), FALSE);

  handler = cs_handler_registry_lookup (registry, name);
  return handler != NULL;
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

char **
cs_handler_registry_list_names (CsHandlerRegistry *registry)
{
  g_autofree const char **keys = NULL;
  char **names;
  guint n;

  g_return_val_if_fail (CS_IS_HANDLER_REGISTRY (registry), NULL);

  g_mutex_lock (&registry->mutex);
  keys = (const char **) g_hash_table_get_keys_as_array (registry->handlers, &n);
  names = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    names[i] = g_strdup (keys[i]);
  g_mutex_unlock (&registry->mutex);

  qsort (names, n, sizeof (char *), compare_names);
  return names;
}

gboolean
cs_handler_registry_invoke (CsHandlerRegistry  *registry,
                            const char         *name,
                            CsHandlerContext   *ctx,
                            JsonObject         *inputs,
                            JsonObject         *outputs,
                            GError            **error)
{
  g_autoptr(CsHandler) handler = NULL;

  g_return_val_if_fail (CS_IS_HANDLER_REGISTRY (registry), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  handler = cs_handler_registry_lookup (registry, name);
  if (handler == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND, _("Unknown action handler “%s”"), name);
      return FALSE;
    }
  return cs_handler_invoke (handler, ctx, inputs, outputs, error);
}

/* The built-in table */

static GPtrArray *
build_params (const ParamSpec *specs,
              gboolean         outputs)
{
  GPtrArray *params = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_step_param_unref);

  for (const ParamSpec *spec = specs; spec->name != NULL; spec++)
    {
      if (outputs)
        g_ptr_array_add (params, cs_step_param_new_output (spec->name, spec->type, _(spec->description)));
      else
        g_ptr_array_add (params, cs_step_param_new (spec->name, spec->type, spec->required,
                                                    spec->pattern, spec->source,
                                                    _(spec->description)));
    }
  return params;
}

void
cs_handlers_register_builtins (CsHandlerRegistry *registry,
                               const BuiltinSpec *builtins,
                               guint              n_builtins)
{
  for (guint i = 0; i < n_builtins; i++)
    {
      g_autoptr(GPtrArray) inputs = build_params (builtins[i].inputs, FALSE);
      g_autoptr(GPtrArray) outputs = build_params (builtins[i].outputs, TRUE);

      cs_handler_registry_register_func (registry, builtins[i].name, builtins[i].func,
                                         _(builtins[i].description), inputs, outputs);
    }
}

void
cs_handler_registry_add_builtins (CsHandlerRegistry *registry)
{
  g_return_if_fail (CS_IS_HANDLER_REGISTRY (registry));

  cs_handlers_register_identity (registry);
  cs_handlers_register_licensing (registry);
  cs_handlers_register_permits (registry);
  cs_handlers_register_complaints (registry);
  cs_handlers_register_notify (registry);
  cs_handlers_register_common (registry);
}
