/* cs-plan-cache.c: runnable plans of workflow versions, shared by worker threads
 *
 * Workers look a plan up for every step they run; loading and validating the
 * definition happens once per version and process. Plans are immutable and
 * reference-counted, so a worker keeps using one after dropping the lock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-plan-cache.h"

struct _CsPlanCache
{
  GObject     parent_instance;

  GMutex      mutex;
  GHashTable *plans;   /* version id → CsEnginePlan */
};

G_DEFINE_FINAL_TYPE (CsPlanCache, cs_plan_cache, G_TYPE_OBJECT)

static void
cs_plan_cache_finalize (GObject *object)
{
  CsPlanCache *self = (CsPlanCache *)object;

  g_clear_pointer (&self->plans, g_hash_table_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (cs_plan_cache_parent_class)->finalize (object);
}

static void
cs_plan_cache_class_init (CsPlanCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_plan_cache_finalize;
}

static void
cs_plan_cache_init (CsPlanCache *self)
{
  g_mutex_init (&self->mutex);
  self->plans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cs_engine_plan_unref);
}

CsPlanCache *
cs_plan_cache_new (void)
{
  return g_object_new (CS_TYPE_PLAN_CACHE, NULL);
}

CsEnginePlan *
cs_plan_cache_get (CsPlanCache     *self,
                   CsDbConnection  *conn,
                   const char      *version_id,
                   GError         **error)
{
  g_autoptr(CsWorkflow) workflow = NULL;
  CsEnginePlan *plan;

  g_return_val_if_fail (CS_IS_PLAN_CACHE (self), NULL);
  g_return_val_if_fail (version_id != NULL, NULL);

  g_mutex_lock (&self->mutex);
  plan = g_hash_table_lookup (self->plans, version_id);
  if (plan != NULL)
    cs_engine_plan_ref (plan);
  g_mutex_unlock (&self->mutex);
  if (plan != NULL)
    return plan;

  /* Loading happens outside the lock; two threads may both load, one wins. */
  if (!(workflow = cs_workflow_repo_load (conn, version_id, NULL, error))
      || !(plan = cs_engine_plan_new (workflow, error)))
    return NULL;

  g_mutex_lock (&self->mutex);
  g_hash_table_replace (self->plans, g_strdup (version_id), cs_engine_plan_ref (plan));
  g_mutex_unlock (&self->mutex);
  return plan;
}

void
cs_plan_cache_clear (CsPlanCache *self)
{
  g_return_if_fail (CS_IS_PLAN_CACHE (self));

  g_mutex_lock (&self->mutex);
  g_hash_table_remove_all (self->plans);
  g_mutex_unlock (&self->mutex);
}
