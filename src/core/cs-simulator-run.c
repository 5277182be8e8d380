/* cs-simulator-run.c: the simulator's event loop
 *
 * Control flow is the engine's own: CsEnginePlan decides what runs next and
 * what is skipped, cs_step_runner_run() runs actions (real handlers) and
 * conditionals (real expressions). What the simulator adds is time: worker
 * and officer queues, service, latency, retries and office hours.
 *
 * A step execution (a Task) lives in its instance and, while it waits or
 * runs, in exactly one holder: the event heap, the worker queue or an
 * approval queue. When its instance ends early the task is detached
 * (task->inst = NULL) and freed by that holder when it comes out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-simulator-private.h"
#include "cs-step-runner.h"

typedef enum
{
  EV_ARRIVAL,
  EV_WORKER_DONE,
  EV_HANDLING_DONE,
} EventKind;

typedef struct
{
  gint64     time;
  guint64    seq;
  gpointer   data;   /* SimWorkflow* or Task* */
  EventKind  kind;
} Event;

typedef enum
{
  AT_NOWHERE,
  AT_WORKER_QUEUE,
  AT_WORKER,
  AT_POOL_QUEUE,
  AT_OFFICER,
} Where;

typedef struct _Instance Instance;

typedef struct
{
  Instance     *inst;          /* NULL once its instance has ended */
  SimStep      *step;
  const char   *from_step;
  Where         where;
  CsExecStatus  status;
  guint64       rng;
  gint64        enqueued_at;
  gint64        started_at;
  gint64        completed_at;
  gint64        validation_us;
  gint64        wait_us;
  gint64        joined_at;     /* entered the approval queue */
  guint64       queue_seq;
  guint         retries;
  guint         rounds_left;   /* decisions still needed */
  guint         holder;        /* the worker or officer */
  gboolean      gave_up;
  gboolean      approve;       /* the decision being made */
  const char   *executed_by;
  const char   *outcome;
  char         *error;
} Task;

struct _Instance
{
  SimWorkflow       *wf;
  const Alternative *alt;
  gint64             index;
  guint64            seed;
  gint64             started_at;
  gint64             completed_at;
  char              *id_text;
  JsonNode          *data;
  JsonNode          *initial_data;
  char              *edge_state;
  const char        *channel;
  const char        *area;
  char              *category;
  GPtrArray         *tasks;      /* Task*, in the order they became runnable */
  guint              active;
  gboolean           finished;
  CsTerminalStatus   status;
  const char        *terminal;
  char              *error;
  GList              link;       /* in Run.alive */
};

typedef struct
{
  CsSimulator       *self;
  CsSimInstanceFunc  on_instance;
  CsSimRecordFunc    on_record;
  gpointer           user_data;
  GCancellable      *cancellable;
  Calendar           cal;
  gint64             start;
  gint64             end;
  gboolean           drain;
  CsSimOutputs       outputs;
  Event             *heap;
  guint              heap_len;
  guint              heap_size;
  guint64            seq;
  /* workers */
  guint              n_workers;
  char             **worker_names;
  guint             *idle_workers;   /* ring */
  guint              idle_head;
  guint              idle_len;
  GQueue             worker_queue;
  gint64             worker_busy_us;
  /* approvals */
  GPtrArray         *pools;
  guint64            pool_seq;
  /* instances */
  GQueue             alive;
  gint64             next_index;
  char             **areas;          /* copied: a callback may change the settings */
  double            *area_weights;   /* cumulative */
  guint              n_areas;
  const char        *cancelled_error;
  guint64            records;
  guint64            instances;
  guint64            finished;
} Run;

static void
heap_push (Run       *run,
           gint64     time,
           EventKind  kind,
           gpointer   data)
{
  Event ev = { time, run->seq++, data, kind };
  guint i;

  if (run->heap_len == run->heap_size)
    {
      run->heap_size = MAX (64, run->heap_size * 2);
      run->heap = g_renew (Event, run->heap, run->heap_size);
    }
  for (i = run->heap_len++; i > 0; )
    {
      guint parent = (i - 1) / 2;
      Event *p = &run->heap[parent];

      if (p->time < ev.time || (p->time == ev.time && p->seq < ev.seq))
        break;
      run->heap[i] = *p;
      i = parent;
    }
  run->heap[i] = ev;
}

static Event
heap_pop (Run *run)
{
  Event top = run->heap[0];
  Event last = run->heap[--run->heap_len];
  guint i = 0;

  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= run->heap_len)
        break;
      if (child + 1 < run->heap_len &&
          (run->heap[child + 1].time < run->heap[child].time ||
           (run->heap[child + 1].time == run->heap[child].time &&
            run->heap[child + 1].seq < run->heap[child].seq)))
        child++;
      if (last.time < run->heap[child].time ||
          (last.time == run->heap[child].time && last.seq < run->heap[child].seq))
        break;
      run->heap[i] = run->heap[child];
      i = child;
    }
  if (run->heap_len > 0)
    run->heap[i] = last;
  return top;
}

static void
task_free (Task *task)
{
  g_free (task->error);
  g_free (task);
}

static void
set_task_error (Task       *task,
                const char *error)
{
  g_free (task->error);
  task->error = g_strdup (error);
}

static void
note_handler_error (SimStep    *step,
                    const char *message)
{
  step->acc.handler_errors++;
  if (step->acc.first_handler_error == NULL)
    step->acc.first_handler_error = g_strdup (message);
}

static void
note_profile_error (SimWorkflow *wf,
                    const char  *message)
{
  wf->profile_errors++;
  if (wf->first_profile_error == NULL)
    wf->first_profile_error = g_strdup (message);
}

/* Queue lengths are integrated over the period for their time average. */
static void
pool_count (Run    *run,
            Pool   *pool,
            int     delta,
            gint64  now)
{
  pool->queue_area += (double) pool->waiting * overlap (pool->last_change, now, run->start, run->end);
  pool->last_change = now;
  pool->waiting += delta;
}

static void end_instance (Run *run, Instance *inst, CsTerminalStatus status, const char *terminal,
                          const char *error, gint64 now);
static void worker_submit (Run *run, Task *task, gint64 now);

static void
fail_instance (Run        *run,
               Instance   *inst,
               const char *step_id,
               const char *message,
               gint64      now)
{
  g_autofree char *error = g_strdup_printf ("%s: %s", step_id, message);

  end_instance (run, inst, CS_TERMINAL_FAILED, NULL, error, now);
}

static Task *
new_task (Instance   *inst,
          SimStep    *step,
          const char *from_step,
          gint64      now)
{
  Task *task = g_new0 (Task, 1);

  task->inst = inst;
  task->step = step;
  task->from_step = from_step;
  task->enqueued_at = now;
  task->rng = cs_sim_stream_seed (inst->seed, step->index + 1);
  g_ptr_array_add (inst->tasks, task);
  return task;
}

static void
activate (Run        *run,
          Instance   *inst,
          SimStep    *step,
          const char *from_step,
          gint64      now)
{
  Task *task = new_task (inst, step, from_step, now);

  task->status = CS_EXEC_PENDING;
  inst->active++;
  worker_submit (run, task, now);
}

/* Asks the engine's plan what follows @task's completion. */
static void
advance (Run        *run,
         Task       *task,
         int         chosen_edge,
         const char *decision,
         gint64      now)
{
  Instance *inst = task->inst;
  SimWorkflow *wf = inst->wf;
  g_autoptr(GError) error = NULL;
  CsAdvance adv;

  cs_advance_init (&adv);
  if (!cs_engine_plan_advance (wf->plan, inst->edge_state, task->step->id, chosen_edge, decision,
                               &adv, &error))
    fail_instance (run, inst, task->step->id, error->message, now);
  else if (adv.finished)
    end_instance (run, inst, adv.terminal, task->step->id, NULL, now);
  else
    {
      for (guint i = 0; i < adv.runnable->len; i++)
        {
          CsNextStep *next = g_ptr_array_index (adv.runnable, i);
          SimStep *from = g_hash_table_lookup (wf->step_of, next->from_step);

          activate (run, inst, g_hash_table_lookup (wf->step_of, next->step_id),
                    from ? from->id : NULL, now);
        }
      for (guint i = 0; i < adv.skipped->len; i++)
        {
          Task *skipped = new_task (inst, g_hash_table_lookup (wf->step_of, g_ptr_array_index (adv.skipped, i)),
                                    task->step->id, now);
          skipped->status = CS_EXEC_SKIPPED;
        }
      if (inst->active == 0)
        fail_instance (run, inst, task->step->id, _("no step is left to run"), now);
    }
  cs_advance_clear (&adv);
}

static void
complete (Task         *task,
          CsExecStatus  status,
          const char   *outcome,
          gint64        now)
{
  task->status = status;
  task->outcome = outcome;
  task->completed_at = now;
  task->inst->active--;
}

/* Workers */

static gint64
integration_calls (Task *task)
{
  SimStep *step = task->step;
  gint64 total = 0;

  for (guint attempt = 1;; attempt++)
    {
      double latency = cs_sim_lognormal (&task->rng, step->latency_us, step->cv);
      gboolean ok = uniform01 (&task->rng) >= step->failure_p;

      if (step->timeout_us > 0 && latency > step->timeout_us)
        {
          latency = step->timeout_us;
          ok = FALSE;
        }
      total += whole_ms (latency);
      if (ok)
        break;
      if (attempt >= step->max_attempts)
        {
          task->gave_up = TRUE;
          break;
        }
      task->retries++;
      total += (gint64) cs_backoff_delay_ms (&step->backoff, attempt, uniform01 (&task->rng)) * MSEC;
    }
  return total;
}

static void
worker_start (Run    *run,
              Task   *task,
              guint   worker,
              gint64  now)
{
  SimStep *step = task->step;
  gboolean checks_inputs = step->type == CS_STEP_ACTION || step->type == CS_STEP_INTEGRATION;
  gint64 done;

  task->where = AT_WORKER;
  task->status = CS_EXEC_RUNNING;
  task->started_at = now;
  task->holder = worker;
  task->executed_by = run->worker_names[worker];
  task->validation_us = at_least_1ms (cs_sim_lognormal (&task->rng, checks_inputs ? 3000.0 : 1000.0, 0.5));
  done = now + task->validation_us + whole_ms (cs_sim_lognormal (&task->rng, step->service_us, step->cv));
  if (step->type == CS_STEP_INTEGRATION)
    {
      task->wait_us = integration_calls (task);
      done += task->wait_us;
    }
  run->worker_busy_us += overlap (now, done, run->start, run->end);
  heap_push (run, done, EV_WORKER_DONE, task);
}

static void
worker_submit (Run    *run,
               Task   *task,
               gint64  now)
{
  if (run->idle_len > 0)
    {
      guint worker = run->idle_workers[run->idle_head];

      run->idle_head = (run->idle_head + 1) % run->n_workers;
      run->idle_len--;
      worker_start (run, task, worker, now);
    }
  else
    {
      task->where = AT_WORKER_QUEUE;
      g_queue_push_tail (&run->worker_queue, task);
    }
}

static void
worker_release (Run    *run,
                guint   worker,
                gint64  now)
{
  while (!g_queue_is_empty (&run->worker_queue))
    {
      Task *next = g_queue_pop_head (&run->worker_queue);

      if (next->inst == NULL)
        {
          task_free (next);
          continue;
        }
      worker_start (run, next, worker, now);
      return;
    }
  run->idle_workers[(run->idle_head + run->idle_len) % run->n_workers] = worker;
  run->idle_len++;
}

/* Approvals */

static void start_handling (Run *run, Task *task, guint officer, gint64 now);

static void
pool_dispatch (Run    *run,
               Pool   *pool,
               gint64  now)
{
  while (pool->idle_len > 0)
    {
      Task *best = NULL;
      guint officer;

      for (guint s = 0; s < pool->steps->len; s++)
        {
          SimStep *step = g_ptr_array_index (pool->steps, s);
          Task *head;

          while ((head = g_queue_peek_head (&step->waiting)) != NULL && head->inst == NULL)
            task_free (g_queue_pop_head (&step->waiting));
          /* An agency's officers may be shared, but each step has its own number. */
          if (head == NULL || step->handling >= step->officers)
            continue;
          if (best == NULL || head->queue_seq < best->queue_seq)
            best = head;
        }
      if (best == NULL)
        return;
      g_queue_pop_head (&best->step->waiting);
      officer = pool->idle[pool->idle_head];
      pool->idle_head = (pool->idle_head + 1) % pool->n_officers;
      pool->idle_len--;
      start_handling (run, best, officer, now);
    }
}

static void
pool_enqueue (Run    *run,
              Task   *task,
              gint64  now)
{
  Pool *pool = task->step->pool;

  task->where = AT_POOL_QUEUE;
  task->status = CS_EXEC_WAITING;
  task->joined_at = now;
  task->queue_seq = run->pool_seq++;
  g_queue_push_tail (&task->step->waiting, task);
  pool_count (run, pool, +1, now);
  pool_dispatch (run, pool, now);
}

static double
approval_rate (Task *task)
{
  SimStep *step = task->step;
  Profile *profile = &step->wf->profile;

  if (step->approval_rate >= 0.0)
    return step->approval_rate;
  if (task->inst->alt->approval_rates[step->index] >= 0.0)
    return task->inst->alt->approval_rates[step->index];
  if (profile->approval_rates[step->index] >= 0.0)
    return profile->approval_rates[step->index];
  return DEFAULT_APPROVAL_RATE;
}

static void
start_handling (Run    *run,
                Task   *task,
                guint   officer,
                gint64  now)
{
  SimStep *step = task->step;
  Pool *pool = step->pool;
  /* An officer idle outside office hours takes the case when the office opens. */
  gint64 begin = cs_sim_calendar_next_open (&run->cal, now);
  gint64 work = at_least_1ms (cs_sim_lognormal (&task->rng, step->handling_us, step->cv));
  gint64 end;

  pool_count (run, pool, -1, now);
  task->wait_us += begin - task->joined_at;
  pool->wait_sum_us += begin - task->joined_at;
  pool->decisions++;
  end = cs_sim_calendar_work (&run->cal, begin, work, run->start, run->end, &pool->busy_us);
  /* With quorum "all" each signer decides on their own; together they approve
   * at the step's rate. */
  task->approve = uniform01 (&task->rng) < pow (approval_rate (task), 1.0 / step->approvals_required);
  task->where = AT_OFFICER;
  task->holder = officer;
  step->handling++;
  heap_push (run, end, EV_HANDLING_DONE, task);
}

static void
on_handling_done (Run    *run,
                  Task   *task,
                  gint64  now)
{
  SimStep *step = task->step;
  Pool *pool = step->pool;

  task->where = AT_NOWHERE;
  step->handling--;
  pool->idle[(pool->idle_head + pool->idle_len) % pool->n_officers] = task->holder;
  pool->idle_len++;

  if (task->inst == NULL)
    task_free (task);
  else
    {
      task->executed_by = pool->officer_names[task->holder];
      if (!task->approve)
        {
          complete (task, CS_EXEC_COMPLETED, "rejected", now);
          advance (run, task, -1, "rejected", now);
        }
      else if (--task->rounds_left > 0)
        pool_enqueue (run, task, now);
      else
        {
          complete (task, CS_EXEC_COMPLETED, "approved", now);
          advance (run, task, -1, "approved", now);
        }
    }
  pool_dispatch (run, pool, now);
}

/* Automatic steps */

static void
run_handler (Task   *task,
             guint64 seed)
{
  Instance *inst = task->inst;
  gint64 at = task->started_at + task->validation_us;
  g_autoptr(GDateTime) second = g_date_time_new_from_unix_utc (at / SECOND);
  g_autoptr(GDateTime) when = g_date_time_add (second, at % SECOND);
  CsHandlerContext ctx = { inst->id_text, NULL, task->step->id, seed, when, NULL };
  CsStepRun step_run;

  /* The engine would fail the instance; a simulated case goes on without
   * the outputs, and the summary tells the profile's author. */
  cs_step_run_init (&step_run);
  cs_step_runner_run (inst->wf->plan, task->step->step, json_node_get_object (inst->data), &ctx, &step_run);
  if (step_run.status != CS_EXEC_COMPLETED)
    note_handler_error (task->step, step_run.error ? step_run.error : _("failed"));
  cs_step_run_clear (&step_run);
}

static void
run_action (Run    *run,
            Task   *task,
            gint64  now)
{
  /* Drawn either way, so that both output modes give the same records. */
  guint64 seed = splitmix64 (&task->rng);

  if (run->outputs == CS_SIM_OUTPUTS_ALL || task->step->read_later)
    run_handler (task, seed);
  complete (task, CS_EXEC_COMPLETED, NULL, now);
  advance (run, task, -1, NULL, now);
}

static void
today_of (Run         *run,
          gint64       t,
          GDate       *date)
{
  *date = cs_sim_calendar_day (&run->cal, cs_sim_calendar_find (&run->cal, t))->date;
}

static void
apply_response (Run      *run,
                Task     *task,
                gint64    now)
{
  Instance *inst = task->inst;
  SimStep *step = task->step;
  Gen *response = inst->alt->responses[step->index];
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  if (response == NULL)
    response = step->wf->profile.responses[step->index];
  if (response == NULL)
    return;
  today_of (run, now, &today);
  node = cs_sim_gen_eval (response, &task->rng, inst->data, &today, &error);
  if (node == NULL || !cs_step_apply_response_mapping (step->step, node, json_node_get_object (inst->data), &error))
    note_handler_error (step, error->message);
}

static void
on_worker_done (Run    *run,
                Task   *task,
                gint64  now)
{
  Instance *inst = task->inst;
  SimStep *step = task->step;

  task->where = AT_NOWHERE;
  /* The worker takes the next queued step before this one's successors queue up. */
  worker_release (run, task->holder, now);
  if (inst == NULL)
    {
      task_free (task);
      return;
    }

  switch (step->type)
    {
    case CS_STEP_ACTION:
      run_action (run, task, now);
      break;

    case CS_STEP_CONDITIONAL:
      {
        g_autoptr(GError) error = NULL;
        const char *label = NULL;
        int edge = -1;

        if (!cs_engine_plan_choose_branch (inst->wf->plan, step->step, inst->data, &edge, &label, &error))
          {
            set_task_error (task, error->message);
            complete (task, CS_EXEC_FAILED, NULL, now);
            fail_instance (run, inst, step->id, error->message, now);
            break;
          }
        complete (task, CS_EXEC_COMPLETED, label, now);
        advance (run, task, edge, NULL, now);
      }
      break;

    case CS_STEP_TERMINAL:
      complete (task, CS_EXEC_COMPLETED, cs_terminal_status_to_string (cs_step_get_terminal_status (step->step)),
                now);
      advance (run, task, -1, NULL, now);
      break;

    case CS_STEP_INTEGRATION:
      if (task->gave_up)
        {
          set_task_error (task, step->give_up);
          complete (task, CS_EXEC_FAILED, NULL, now);
          fail_instance (run, inst, step->id, step->give_up, now);
          break;
        }
      apply_response (run, task, now);
      complete (task, CS_EXEC_COMPLETED, NULL, now);
      advance (run, task, -1, NULL, now);
      break;

    case CS_STEP_APPROVAL:
      task->rounds_left = step->approvals_required;
      pool_enqueue (run, task, now);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Instances */

static void
instance_free (Instance *inst)
{
  for (guint i = 0; i < inst->tasks->len; i++)
    {
      Task *task = g_ptr_array_index (inst->tasks, i);

      /* A detached task still held somewhere is freed by its holder. */
      if (task->inst != NULL)
        task_free (task);
    }
  g_ptr_array_unref (inst->tasks);
  g_free (inst->id_text);
  g_free (inst->edge_state);
  g_free (inst->category);
  g_free (inst->error);
  g_clear_pointer (&inst->data, json_node_unref);
  g_clear_pointer (&inst->initial_data, json_node_unref);
  g_free (inst);
}

/* Freezes the timing of a task stopped at @t (cancelled, or in progress at
 * the end of the run) so that its fields stay consistent. */
static void
stop_task (Run    *run,
           Task   *task,
           gint64  t)
{
  gint64 elapsed;

  if (task->where == AT_POOL_QUEUE)
    task->wait_us += t - task->joined_at;
  if (task->started_at == 0)
    return;
  elapsed = t - task->started_at;
  task->validation_us = MIN (task->validation_us, elapsed);
  /* An integration's wait was planned ahead, an officer's start may be too. */
  task->wait_us = CLAMP (task->wait_us, 0, elapsed - task->validation_us);
}

static void
accumulate (SimStep            *step,
            const CsStepRecord *record)
{
  StepAcc *acc = &step->acc;
  double wait = (double) (record->queue_time_ms + record->wait_time_ms);

  if (record->status != CS_EXEC_COMPLETED && record->status != CS_EXEC_FAILED)
    return;
  acc->executions++;
  acc->failed += record->status == CS_EXEC_FAILED;
  if (step->type == CS_STEP_APPROVAL)
    {
      acc->approved += g_strcmp0 (record->outcome, "approved") == 0;
      acc->rejected += g_strcmp0 (record->outcome, "rejected") == 0;
    }
  acc->retries += record->retry_count;
  acc->wait_sum += wait;
  acc->execution_sum += record->execution_time_ms;
  g_array_append_val (acc->waits, wait);
}

static void
report (Run      *run,
        Instance *inst,
        gint64    t)
{
  CsSimInstance si;

  memset (&si, 0, sizeof si);
  si.index = inst->index;
  si.workflow_key = inst->wf->key;
  si.workflow_version = cs_workflow_get_version (inst->wf->workflow);
  si.started_at = inst->started_at;
  si.completed_at = inst->completed_at;
  si.finished = inst->finished;
  si.status = inst->status;
  si.terminal_step = inst->terminal;
  si.error = inst->error;
  si.data = inst->data;
  si.initial_data = inst->initial_data;
  si.edge_state = inst->edge_state;
  si.channel = inst->channel;
  si.area = inst->area;
  si.category = inst->category;
  si.n_records = inst->tasks->len;
  if (run->on_instance != NULL)
    run->on_instance (&si, run->user_data);

  for (guint i = 0; i < inst->tasks->len; i++)
    {
      Task *task = g_ptr_array_index (inst->tasks, i);
      SimStep *step = task->step;
      CsStepRecord r;

      if (!inst->finished && task->status != CS_EXEC_COMPLETED && task->status != CS_EXEC_FAILED &&
          task->status != CS_EXEC_SKIPPED)
        stop_task (run, task, t);

      memset (&r, 0, sizeof r);
      r.instance_id = inst->index;
      r.step_id = (char *) step->id;
      r.step_type = step->type;
      r.status = task->status;
      r.outcome = (char *) task->outcome;
      r.from_step = (char *) task->from_step;
      r.enqueued_at = task->enqueued_at;
      r.started_at = task->started_at;
      r.completed_at = task->completed_at;
      if (task->started_at > 0)
        {
          r.queue_time_ms = (task->started_at - task->enqueued_at) / MSEC;
          r.validation_time_ms = task->validation_us / MSEC;
          r.waiting_for_approval = step->type == CS_STEP_APPROVAL;
          r.waiting_for_external = step->type == CS_STEP_INTEGRATION;
        }
      if (task->started_at > 0 && task->completed_at > 0)
        r.execution_time_ms = (task->completed_at - task->started_at) / MSEC;
      r.wait_time_ms = task->wait_us / MSEC;
      r.retry_count = task->retries;
      r.executed_by = (char *) task->executed_by;
      r.environment = (char *) "simulation";
      r.error = task->error;

      run->records++;
      accumulate (step, &r);
      if (run->on_record != NULL)
        run->on_record (&r, run->user_data);
    }
}

static void
end_instance (Run              *run,
              Instance         *inst,
              CsTerminalStatus  status,
              const char       *terminal,
              const char       *error,
              gint64            now)
{
  SimWorkflow *wf = inst->wf;

  inst->finished = TRUE;
  inst->status = status;
  inst->terminal = terminal;
  inst->error = g_strdup (error);
  inst->completed_at = now;

  /* Branches still running are cancelled, as the engine does. */
  for (guint i = 0; i < inst->tasks->len; i++)
    {
      Task *task = g_ptr_array_index (inst->tasks, i);

      if (task->status != CS_EXEC_PENDING && task->status != CS_EXEC_RUNNING &&
          task->status != CS_EXEC_WAITING)
        continue;
      stop_task (run, task, now);
      if (task->where == AT_POOL_QUEUE)
        pool_count (run, task->step->pool, -1, now);
      task->status = CS_EXEC_CANCELLED;
      task->completed_at = now;
      set_task_error (task, run->cancelled_error);
      if (task->where != AT_NOWHERE)
        task->inst = NULL;
    }
  inst->active = 0;

  wf->finished[status]++;
  {
    double duration = (now - inst->started_at) / (double) MSEC;
    g_array_append_val (wf->durations, duration);
  }
  run->finished++;
  report (run, inst, now);
  g_queue_unlink (&run->alive, &inst->link);
  instance_free (inst);
}

/* Phones are answered and counters open in office hours only. */
static gboolean
channel_available (const char *channel,
                   gboolean    office_open)
{
  static const char * const staffed[] = { "phone", "counter", "in_person", NULL };

  return office_open || !g_strv_contains (staffed, channel);
}

static const char *
pick_channel (GPtrArray *names,
              GArray    *weights,
              guint64   *rng,
              gboolean   office_open)
{
  double total = 0.0, x;

  for (guint i = 0; i < names->len; i++)
    if (channel_available (g_ptr_array_index (names, i), office_open))
      total += g_array_index (weights, double, i);
  x = uniform01 (rng) * total;
  if (total <= 0.0)
    return "web";
  for (guint i = 0; i < names->len; i++)
    {
      if (!channel_available (g_ptr_array_index (names, i), office_open))
        continue;
      x -= g_array_index (weights, double, i);
      if (x < 0.0)
        return g_ptr_array_index (names, i);
    }
  return g_ptr_array_index (names, names->len - 1);
}

static void
make_data (Run      *run,
           Instance *inst,
           guint64  *rng)
{
  Gen *gen = inst->alt->data;
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(JsonObject) initial = json_object_new ();
  JsonObject *sim = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  GDate today;

  inst->data = json_node_init_object (json_node_alloc (), data);
  json_object_set_int_member (sim, "index", inst->index);
  json_object_set_string_member (sim, "channel", inst->channel);
  json_object_set_string_member (sim, "area", inst->area);
  json_object_set_object_member (data, "sim", sim);
  today_of (run, inst->started_at, &today);

  if (gen->kind == GEN_CONST)
    {
      json_object_iter_init_ordered (&iter, json_node_get_object (gen->constant));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        json_object_set_member (data, name, json_node_copy (member));
    }
  else
    for (guint i = 0; i < gen->children->len; i++)
      {
        g_autoptr(GError) error = NULL;
        JsonNode *value = cs_sim_gen_eval (g_ptr_array_index (gen->children, i), rng, inst->data, &today, &error);

        if (value == NULL)
          {
            g_autofree char *message = g_strdup_printf ("%s: %s", (const char *) g_ptr_array_index (gen->names, i),
                                                        error->message);
            note_profile_error (inst->wf, message);
            value = json_node_new (JSON_NODE_NULL);
          }
        json_object_set_member (data, g_ptr_array_index (gen->names, i), value);
      }
  /* "sim" only serves the profile's templates. */
  json_object_remove_member (data, "sim");

  json_object_iter_init_ordered (&iter, data);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    json_object_set_member (initial, name, json_node_copy (member));
  inst->initial_data = json_node_init_object (json_node_alloc (), initial);
}

static gboolean
next_arrival_gap (Run         *run,
                  SimWorkflow *wf,
                  gint64       now,
                  gint64      *when)
{
  /* Exponential in "expected arrivals", spent through the hours at their rates. */
  double budget = -log (1.0 - uniform01 (&wf->rng));
  Profile *profile = &wf->profile;
  gint64 t = now;

  if (wf->rate_per_us <= 0.0)
    return FALSE;
  if (!profile->shaped)
    {
      *when = t + at_least_1ms (budget / wf->rate_per_us);
      return TRUE;
    }
  while (t < run->end)
    {
      guint index = cs_sim_calendar_find (&run->cal, t);
      CalDay *day = cs_sim_calendar_day (&run->cal, index);
      guint hour = 0;
      double rate;

      while (hour < 23 && t >= day->hour[hour + 1])
        hour++;
      rate = wf->rate_per_us * profile->shape[day->weekday - 1][hour];
      if (rate > 0.0 && budget / rate < day->hour[hour + 1] - t)
        {
          *when = MAX (now + MSEC, whole_ms (t + budget / rate));
          return TRUE;
        }
      budget -= rate * (day->hour[hour + 1] - t);
      t = day->hour[hour + 1];
    }
  return FALSE;
}

static void
schedule_arrival (Run         *run,
                  SimWorkflow *wf,
                  gint64       now)
{
  gint64 when;

  if (next_arrival_gap (run, wf, now, &when) && when < run->end)
    heap_push (run, when, EV_ARRIVAL, wf);
}

static void
on_arrival (Run         *run,
            SimWorkflow *wf,
            gint64       now)
{
  Profile *profile = &wf->profile;
  Instance *inst = g_new0 (Instance, 1);
  guint64 rng;
  double pick, area;
  JsonNode *category;

  inst->wf = wf;
  inst->index = run->next_index++;
  inst->seed = cs_sim_stream_seed (cs_sim_stream_seed (run->self->seed, wf->index), ++wf->arrivals);
  inst->started_at = now;
  inst->id_text = g_strdup_printf ("sim-%016" G_GINT64_MODIFIER "x-%" G_GINT64_FORMAT,
                                   run->self->seed, inst->index);
  inst->tasks = g_ptr_array_new ();
  inst->link.data = inst;
  g_queue_push_tail_link (&run->alive, &inst->link);
  rng = cs_sim_stream_seed (inst->seed, 0);

  pick = uniform01 (&rng) * profile->total_weight;
  inst->alt = &profile->alternatives[profile->n_alternatives - 1];
  for (guint a = 0; a < profile->n_alternatives; a++)
    if (pick < profile->alternatives[a].cumulative)
      {
        inst->alt = &profile->alternatives[a];
        break;
      }
  inst->channel = pick_channel (profile->channels, profile->channel_weights, &rng,
                                 cs_sim_calendar_is_open (&run->cal, now));
  area = uniform01 (&rng) * run->area_weights[run->n_areas - 1];
  inst->area = run->areas[run->n_areas - 1];
  for (guint a = 0; a < run->n_areas; a++)
    if (area < run->area_weights[a])
      {
        inst->area = run->areas[a];
        break;
      }

  make_data (run, inst, &rng);
  inst->category = g_strdup (inst->alt->category);
  category = json_object_get_member (json_node_get_object (inst->data), "category");
  if (inst->category == NULL && category != NULL && JSON_NODE_HOLDS_VALUE (category) &&
      json_node_get_value_type (category) == G_TYPE_STRING)
    inst->category = g_strdup (json_node_get_string (category));

  wf->started++;
  run->instances++;
  {
    CsAdvance adv;

    cs_advance_init (&adv);
    inst->edge_state = cs_engine_plan_start (wf->plan, &adv);
    cs_advance_clear (&adv);
  }
  activate (run, inst, g_hash_table_lookup (wf->step_of, cs_workflow_get_start_step_id (wf->workflow)),
            NULL, now);
  schedule_arrival (run, wf, now);
}

/* Setting up and tearing down a run */

static double
step_param (CsSimulator *self,
            SimStep     *step,
            CsSimParam   param)
{
  double value = cs_step_get_sim (step->step, param);

  if (self->overrides != NULL)
    for (guint i = 0; i < self->overrides->steps->len; i++)
      {
        StepOverride *o = &g_array_index (self->overrides->steps, StepOverride, i);

        if (o->what == (guint) param && g_str_equal (o->step_id, step->id) &&
            (o->workflow_key == NULL || g_strcmp0 (o->workflow_key, step->wf->key) == 0))
          value = o->value;
      }
  return value;
}

static double
step_rate_override (CsSimulator *self,
                    SimStep     *step)
{
  double value = -1.0;

  if (self->overrides != NULL)
    for (guint i = 0; i < self->overrides->steps->len; i++)
      {
        StepOverride *o = &g_array_index (self->overrides->steps, StepOverride, i);

        if (o->what == OVERRIDE_APPROVAL_RATE && g_str_equal (o->step_id, step->id) &&
            (o->workflow_key == NULL || g_strcmp0 (o->workflow_key, step->wf->key) == 0))
          value = o->value;
      }
  return value;
}

static Pool *
find_or_add_pool (Run        *run,
                  const char *name)
{
  Pool *pool;

  for (guint i = 0; i < run->pools->len; i++)
    if (g_str_equal (((Pool *) g_ptr_array_index (run->pools, i))->name, name))
      return g_ptr_array_index (run->pools, i);
  pool = g_new0 (Pool, 1);
  pool->name = g_strdup (name);
  pool->steps = g_ptr_array_new ();
  pool->last_change = run->start;
  g_ptr_array_add (run->pools, pool);
  return pool;
}

static void
pool_free (Pool *pool)
{
  g_free (pool->name);
  g_strfreev (pool->officer_names);
  g_free (pool->idle);
  g_ptr_array_unref (pool->steps);
  g_free (pool);
}

static void
prepare (Run         *run,
         CsSimulator *self)
{
  CsSimOverrides *o = self->overrides;
  double area_total = 0.0;

  run->self = self;
  run->start = self->start;
  if (!self->start_set)
    {
      g_autoptr(GDateTime) start = g_date_time_new (self->tz, 2025, 1, 6, 0, 0, 0);
      run->start = g_date_time_to_unix (start) * SECOND;
    }
  run->end = run->start + self->duration;
  run->drain = self->drain;
  run->outputs = self->outputs;
  run->cancelled_error = _("The instance had ended");
  cs_sim_calendar_init (&run->cal, self->tz, self->office_days, self->open_minute, self->close_minute, run->start);
  g_queue_init (&run->worker_queue);
  g_queue_init (&run->alive);
  run->next_index = 1;

  run->n_workers = o != NULL && o->workers > 0 ? o->workers : self->workers;
  run->worker_names = g_new0 (char *, run->n_workers + 1);
  run->idle_workers = g_new (guint, run->n_workers);
  for (guint w = 0; w < run->n_workers; w++)
    {
      run->worker_names[w] = g_strdup_printf ("sim-worker-%u", w + 1);
      run->idle_workers[w] = w;
    }
  run->idle_len = run->n_workers;

  run->areas = g_strdupv (self->areas);
  run->n_areas = g_strv_length (run->areas);
  run->area_weights = g_new (double, run->n_areas);
  for (guint a = 0; a < run->n_areas; a++)
    {
      /* Areas differ in size: the first is the biggest. */
      area_total += 1.0 / sqrt (a + 1.0);
      run->area_weights[a] = area_total;
    }

  run->pools = g_ptr_array_new_with_free_func ((GDestroyNotify) pool_free);
  for (guint w = 0; w < self->workflows->len; w++)
    {
      SimWorkflow *wf = g_ptr_array_index (self->workflows, w);
      double factor = o != NULL ? o->arrival_factor : 1.0;
      double *wf_factor = o != NULL ? g_hash_table_lookup (o->arrival_factors, wf->key) : NULL;

      wf->rate_per_day = wf->requested_rate >= 0.0 ? wf->requested_rate
                         : wf->profile.arrivals_per_day >= 0.0 ? wf->profile.arrivals_per_day
                         : DEFAULT_ARRIVALS_PER_DAY;
      wf->rate_per_day *= factor * (wf_factor ? *wf_factor : 1.0);
      wf->rate_per_us = wf->rate_per_day / DAY;
      wf->rng = cs_sim_stream_seed (self->seed, G_GUINT64_CONSTANT (0xa11) + wf->index);
      wf->arrivals = wf->started = wf->unfinished = wf->profile_errors = 0;
      memset (wf->finished, 0, sizeof wf->finished);
      g_clear_pointer (&wf->first_profile_error, g_free);
      g_clear_pointer (&wf->durations, g_array_unref);
      wf->durations = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint s = 0; s < wf->n_steps; s++)
        {
          SimStep *step = &wf->steps[s];
          const char *agency;

          step->service_us = step_param (self, step, CS_SIM_MEAN_SERVICE_TIME) * SECOND;
          step->cv = step_param (self, step, CS_SIM_SERVICE_CV);
          step->latency_us = step_param (self, step, CS_SIM_LATENCY) * SECOND;
          step->failure_p = step_param (self, step, CS_SIM_FAILURE_PROBABILITY);
          step->handling_us = step_param (self, step, CS_SIM_HANDLING_TIME) * SECOND;
          step->officers = (guint) MAX (1.0, floor (step_param (self, step, CS_SIM_OFFICERS)));
          step->approval_rate = step_rate_override (self, step);
          step->approvals_required = MAX (1u, cs_step_get_approvals_required (step->step));
          step->max_attempts = MAX (1u, cs_step_get_max_attempts (step->step));
          step->backoff = cs_step_get_backoff (step->step);
          step->timeout_us = (gint64) cs_step_get_timeout_ms (step->step) * MSEC;
          g_free (step->give_up);
          step->give_up = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "gave up after %u attempt",
                                                        "gave up after %u attempts", step->max_attempts),
                                           step->max_attempts);
          step->handling = 0;
          step->pool = NULL;
          cs_sim_step_acc_clear (&step->acc);
          step->acc.waits = g_array_new (FALSE, FALSE, sizeof (double));

          if (step->type != CS_STEP_APPROVAL)
            continue;
          agency = cs_step_get_agency (step->step);
          if (agency != NULL && *agency != '\0')
            step->pool = find_or_add_pool (run, agency);
          else
            {
              g_autofree char *name = g_strdup_printf ("%s.%s", wf->key, step->id);
              step->pool = find_or_add_pool (run, name);
            }
          g_ptr_array_add (step->pool->steps, step);
          /* The agency has as many officers as its busiest step asks for. */
          step->pool->n_officers = MAX (step->pool->n_officers, step->officers);
        }
    }

  for (guint p = 0; p < run->pools->len; p++)
    {
      Pool *pool = g_ptr_array_index (run->pools, p);
      gpointer officers;

      if (o != NULL && g_hash_table_lookup_extended (o->agency_officers, pool->name, NULL, &officers))
        pool->n_officers = GPOINTER_TO_UINT (officers);
      pool->officer_names = g_new0 (char *, pool->n_officers + 1);
      pool->idle = g_new (guint, pool->n_officers);
      for (guint i = 0; i < pool->n_officers; i++)
        {
          pool->officer_names[i] = g_strdup_printf ("officer-%u@%s", i + 1, pool->name);
          pool->idle[i] = i;
        }
      pool->idle_len = pool->n_officers;
    }
}

static void
step_stats_free (CsSimStepStats *stats)
{
  g_free (stats->workflow_key);
  g_free (stats->step_id);
  g_free (stats->first_handler_error);
  g_free (stats);
}

static void
pool_stats_free (CsSimPoolStats *stats)
{
  g_free (stats->name);
  g_free (stats);
}

static void
workflow_stats_free (CsSimWorkflowStats *stats)
{
  g_free (stats->workflow_key);
  g_free (stats->first_profile_error);
  g_free (stats);
}

static CsSimSummary *
summarize (Run *run)
{
  CsSimulator *self = run->self;
  CsSimSummary *summary = g_new0 (CsSimSummary, 1);
  gint64 period = MAX (1, run->end - run->start);
  gint64 office;

  summary->started_at = run->start;
  summary->ended_at = run->end;
  summary->instances_started = run->instances;
  summary->instances_finished = run->finished;
  summary->instances_unfinished = run->instances - run->finished;
  summary->records = run->records;
  summary->worker_utilisation = run->worker_busy_us / ((double) period * run->n_workers);
  summary->workflows = g_ptr_array_new_with_free_func ((GDestroyNotify) workflow_stats_free);
  summary->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_stats_free);
  summary->pools = g_ptr_array_new_with_free_func ((GDestroyNotify) pool_stats_free);

  for (guint w = 0; w < self->workflows->len; w++)
    {
      SimWorkflow *wf = g_ptr_array_index (self->workflows, w);
      CsSimWorkflowStats *ws = g_new0 (CsSimWorkflowStats, 1);

      ws->workflow_key = g_strdup (wf->key);
      ws->arrivals_per_day = wf->rate_per_day;
      ws->started = wf->started;
      memcpy (ws->finished, wf->finished, sizeof ws->finished);
      ws->unfinished = wf->unfinished;
      ws->profile_errors = wf->profile_errors;
      ws->first_profile_error = g_strdup (wf->first_profile_error);
      g_array_sort (wf->durations, cs_sim_compare_doubles);
      ws->median_duration_ms = cs_sim_percentile (wf->durations, 0.5);
      ws->p90_duration_ms = cs_sim_percentile (wf->durations, 0.9);
      g_ptr_array_add (summary->workflows, ws);

      for (guint s = 0; s < wf->n_steps; s++)
        {
          SimStep *step = &wf->steps[s];
          CsSimStepStats *ss = g_new0 (CsSimStepStats, 1);

          ss->workflow_key = g_strdup (wf->key);
          ss->step_id = g_strdup (step->id);
          ss->step_type = step->type;
          ss->executions = step->acc.executions;
          ss->failed = step->acc.failed;
          ss->approved = step->acc.approved;
          ss->rejected = step->acc.rejected;
          ss->retries = step->acc.retries;
          ss->handler_errors = step->acc.handler_errors;
          ss->first_handler_error = g_strdup (step->acc.first_handler_error);
          if (step->acc.executions > 0)
            {
              ss->mean_wait_ms = step->acc.wait_sum / step->acc.executions;
              ss->mean_execution_ms = step->acc.execution_sum / step->acc.executions;
            }
          g_array_sort (step->acc.waits, cs_sim_compare_doubles);
          ss->median_wait_ms = cs_sim_percentile (step->acc.waits, 0.5);
          ss->p90_wait_ms = cs_sim_percentile (step->acc.waits, 0.9);
          g_ptr_array_add (summary->steps, ss);
        }
    }

  office = cs_sim_calendar_office_time (&run->cal, run->start, run->end);
  for (guint p = 0; p < run->pools->len; p++)
    {
      Pool *pool = g_ptr_array_index (run->pools, p);
      CsSimPoolStats *ps = g_new0 (CsSimPoolStats, 1);

      pool_count (run, pool, 0, run->end);
      ps->name = g_strdup (pool->name);
      ps->officers = pool->n_officers;
      ps->decisions = pool->decisions;
      ps->utilisation = office > 0 ? pool->busy_us / ((double) office * pool->n_officers) : 0.0;
      ps->mean_queue_length = pool->queue_area / period;
      ps->mean_wait_ms = pool->decisions > 0 ? pool->wait_sum_us / pool->decisions / MSEC : 0.0;
      g_ptr_array_add (summary->pools, ps);
    }
  return summary;
}

static void
free_if_detached (gpointer data,
                  gpointer user_data)
{
  Task *task = data;

  if (task->inst == NULL)
    task_free (task);
}

static void
teardown (Run *run)
{
  CsSimulator *self = run->self;

  /* Detached tasks belong to whoever holds them; the others to their instance. */
  for (guint i = 0; i < run->heap_len; i++)
    if (run->heap[i].kind != EV_ARRIVAL)
      free_if_detached (run->heap[i].data, NULL);
  g_free (run->heap);
  g_queue_foreach (&run->worker_queue, free_if_detached, NULL);
  g_queue_clear (&run->worker_queue);
  for (guint w = 0; w < self->workflows->len; w++)
    {
      SimWorkflow *wf = g_ptr_array_index (self->workflows, w);

      for (guint s = 0; s < wf->n_steps; s++)
        {
          g_queue_foreach (&wf->steps[s].waiting, free_if_detached, NULL);
          g_queue_clear (&wf->steps[s].waiting);
          wf->steps[s].pool = NULL;
        }
    }
  while (!g_queue_is_empty (&run->alive))
    {
      Instance *inst = g_queue_peek_head (&run->alive);

      g_queue_unlink (&run->alive, &inst->link);
      instance_free (inst);
    }
  g_clear_pointer (&run->pools, g_ptr_array_unref);
  g_strfreev (run->worker_names);
  g_free (run->idle_workers);
  g_strfreev (run->areas);
  g_free (run->area_weights);
  cs_sim_calendar_clear (&run->cal);
}

gboolean
cs_simulator_run (CsSimulator        *self,
                  CsSimInstanceFunc   on_instance,
                  CsSimRecordFunc     on_record,
                  gpointer            user_data,
                  GCancellable       *cancellable,
                  GError            **error)
{
  Run run;
  guint64 events = 0;
  gboolean cancelled = FALSE;

  g_return_val_if_fail (CS_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_return_val_if_fail (!self->running, FALSE);

  if (self->workflows->len == 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT, _("There is no workflow to simulate"));
      return FALSE;
    }

  memset (&run, 0, sizeof run);
  run.on_instance = on_instance;
  run.on_record = on_record;
  run.user_data = user_data;
  run.cancellable = cancellable;
  self->running = TRUE;
  prepare (&run, self);

  for (guint w = 0; w < self->workflows->len; w++)
    schedule_arrival (&run, g_ptr_array_index (self->workflows, w), run.start);

  while (run.heap_len > 0)
    {
      Event ev;

      if (!run.drain && run.heap[0].time > run.end)
        break;
      if ((++events & 0x3ff) == 0 && g_cancellable_is_cancelled (cancellable))
        {
          cancelled = TRUE;
          break;
        }
      ev = heap_pop (&run);
      switch (ev.kind)
        {
        case EV_ARRIVAL:
          on_arrival (&run, ev.data, ev.time);
          break;
        case EV_WORKER_DONE:
          on_worker_done (&run, ev.data, ev.time);
          break;
        case EV_HANDLING_DONE:
          on_handling_done (&run, ev.data, ev.time);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  /* A snapshot: what is still in progress at the end, oldest first. */
  for (GList *l = run.alive.head; l != NULL && !cancelled; l = l->next)
    {
      Instance *inst = l->data;

      if ((cancelled = g_cancellable_is_cancelled (cancellable)))
        break;
      inst->wf->unfinished++;
      report (&run, inst, run.end);
    }
  cancelled |= g_cancellable_is_cancelled (cancellable);

  g_clear_pointer (&self->summary, cs_sim_summary_free);
  self->summary = summarize (&run);
  teardown (&run);
  self->running = FALSE;

  if (cancelled)
    return !g_cancellable_set_error_if_cancelled (cancellable, error);
  return TRUE;
}
