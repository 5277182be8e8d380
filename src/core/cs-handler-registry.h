/* cs-handler-registry.h: the named C functions that Action steps run
 *
 * A handler is a function of its inputs: it reads the JSON object the engine
 * built with cs_step_build_inputs(), fills @outputs, and reports failure
 * through @error (the engine then fails the step). Everything else it may
 * need comes through the CsHandlerContext; in particular handlers take the
 * time from ctx->now and randomness from the context's seed, so that a
 * re-run of an execution gives the same result.
 *
 * Handlers run on the engine's worker threads: they must be re-entrant, and
 * the registry is safe to use from several threads (lookups return a
 * reference, so a handler may be replaced while an old one still runs).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "cs-step.h"

G_BEGIN_DECLS

typedef struct
{
  const char *instance_id;
  const char *tenant;       /* NULL for the shared tenant */
  const char *step_id;
  guint64     seed;         /* per execution; advanced by cs_handler_context_random() */
  GDateTime  *now;          /* required; handlers never read the clock themselves */
  gpointer    user_data;    /* services another layer provides (e.g. a database) */
} CsHandlerContext;

/* A seed derived from the execution: the same instance, step and attempt
 * always give the same seed. */
guint64      cs_handler_seed_for             (const char       *instance_id,
                                              const char       *step_id,
                                              guint             attempt);
/* The next pseudo-random number of the context's sequence (splitmix64). */
guint64      cs_handler_context_random       (CsHandlerContext *ctx);
/* Uniform in [0, 1). */
double       cs_handler_context_random_double (CsHandlerContext *ctx);

typedef gboolean (*CsHandlerFunc) (CsHandlerContext  *ctx,
                                   JsonObject        *inputs,
                                   JsonObject        *outputs,
                                   GError           **error);

/* A registered handler: immutable, refcounted. */
typedef struct _CsHandler CsHandler;

#define CS_TYPE_HANDLER (cs_handler_get_type ())
GType        cs_handler_get_type             (void) G_GNUC_CONST;
/* @inputs and @outputs are the declarations (CsStepParam) a step using the
 * handler starts with; the arrays are copied, NULL means none. */
CsHandler   *cs_handler_new                  (const char    *name,
                                              CsHandlerFunc  func,
                                              const char    *description,
                                              GPtrArray     *inputs,
                                              GPtrArray     *outputs);
CsHandler   *cs_handler_ref                  (CsHandler     *handler);
void         cs_handler_unref                (CsHandler     *handler);
const char  *cs_handler_get_name             (CsHandler     *handler);
const char  *cs_handler_get_description      (CsHandler     *handler);
CsHandlerFunc cs_handler_get_func            (CsHandler     *handler);
/* Borrowed arrays of CsStepParam. */
GPtrArray   *cs_handler_get_inputs           (CsHandler     *handler);
GPtrArray   *cs_handler_get_outputs          (CsHandler     *handler);
/* Runs the handler. A handler returning FALSE without setting @error, or
 * TRUE with @error set, is a bug reported as CS_ERROR_FAILED. */
gboolean     cs_handler_invoke               (CsHandler         *handler,
                                              CsHandlerContext  *ctx,
                                              JsonObject        *inputs,
                                              JsonObject        *outputs,
                                              GError           **error);

#define CS_TYPE_HANDLER_REGISTRY (cs_handler_registry_get_type ())

G_DECLARE_FINAL_TYPE (CsHandlerRegistry, cs_handler_registry, CS, HANDLER_REGISTRY, GObject)

/* An empty registry. */
CsHandlerRegistry *cs_handler_registry_new   (void);
/* The process-wide registry, holding the built-in handlers; other layers may
 * register more or replace built-ins in it. Never freed. */
CsHandlerRegistry *cs_handler_registry_get_default (void);
/* Registers every built-in handler (replacing same-named ones). */
void         cs_handler_registry_add_builtins (CsHandlerRegistry *registry);
/* Registers @handler, replacing any handler of the same name. */
void         cs_handler_registry_register    (CsHandlerRegistry *registry,
                                              CsHandler         *handler);
void         cs_handler_registry_register_func (CsHandlerRegistry *registry,
                                                const char        *name,
                                                CsHandlerFunc      func,
                                                const char        *description,
                                                GPtrArray         *inputs,
                                                GPtrArray         *outputs);
gboolean     cs_handler_registry_unregister  (CsHandlerRegistry *registry,
                                              const char        *name);
/* A new reference, or NULL when there is no such handler. */
CsHandler   *cs_handler_registry_lookup      (CsHandlerRegistry *registry,
                                              const char        *name);
gboolean     cs_handler_registry_contains    (CsHandlerRegistry *registry,
                                              const char        *name);
/* The names, sorted; free with g_strfreev(). */
char       **cs_handler_registry_list_names  (CsHandlerRegistry *registry);
/* Looks up and invokes; CS_ERROR_NOT_FOUND for an unknown handler. */
gboolean     cs_handler_registry_invoke      (CsHandlerRegistry *registry,
                                              const char        *name,
                                              CsHandlerContext  *ctx,
                                              JsonObject        *inputs,
                                              JsonObject        *outputs,
                                              GError           **error);

/* Helpers the built-ins use that other layers need to agree with. */

/* The hex SHA-256 identifying a person by document: what identity.check_duplicate
 * compares, so a database-backed replacement can store the same hashes.
 * The number is normalised (spaces and dashes dropped, upper case). */
char        *cs_identity_hash                (const char *document_type,
                                              const char *id_number);
/* JSON with members sorted by name and no whitespace: equal data, equal text. */
char        *cs_json_canonicalize            (JsonNode   *node);
/* The digest record.seal computes: SHA-256 of the previous digest (64 zeros
 * when NULL), a newline and the canonical JSON of @record without the seal's
 * own outputs (record_digest, sealed_at, digest_algorithm). */
char        *cs_record_digest                (JsonObject *record,
                                              const char *previous_digest);
/* Whether @number is a licence or permit number licence.generate could have
 * produced (its check character matches). */
gboolean     cs_licence_number_is_valid      (const char *number);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsHandler, cs_handler_unref)

G_END_DECLS
