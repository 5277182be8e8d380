/* cs-start-instance-dialog.c: starts an instance of a workflow on data typed as JSON
 *
 * The data is checked as it is typed and Start stays insensitive until it
 * is a JSON object, so nothing starts on a typo. Starting runs
 * cs_engine_start_instance() on a query thread; the worker pool's engines
 * then take the instance's steps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-json-editor.h"
#include "cs-start-instance-dialog.h"

struct _CsStartInstanceDialog
{
  AdwWindow       parent_instance;

  CsStore        *store;
  CsEngine       *engine;
  CsWorkflow     *workflow;
  GCancellable   *cancellable;

  AdwWindowTitle *window_title;
  AdwEntryRow    *subject_row;
  GtkLabel       *data_description;
  CsJsonEditor   *editor;
  GtkLabel       *failure_label;
};

G_DEFINE_FINAL_TYPE (CsStartInstanceDialog, cs_start_instance_dialog, ADW_TYPE_WINDOW)

enum {
  STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static JsonNode *
placeholder (CsValueType type)
{
  JsonNode *node = json_node_alloc ();

  switch (type)
    {
    case CS_VALUE_INTEGER:
      return json_node_init_int (node, 0);

    case CS_VALUE_NUMBER:
      return json_node_init_double (node, 0);

    case CS_VALUE_BOOLEAN:
      return json_node_init_boolean (node, FALSE);

    case CS_VALUE_DATE:
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_local ();
        g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
        return json_node_init_string (node, today);
      }

    case CS_VALUE_OBJECT:
      return json_node_init_object (node, json_object_new ());

    case CS_VALUE_ARRAY:
      return json_node_init_array (node, json_array_new ());

    case CS_VALUE_STRING:
    default:
      return json_node_init_string (node, "");
    }
}

/* Sets @value at the dotted @path of @root unless something is there. */
static void
set_path (JsonObject *root,
          const char *path,
          JsonNode   *value)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *object = root;
  guint n = g_strv_length (parts);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *member;

      if (*parts[i] == '\0' || g_ascii_isdigit (*parts[i]))
        break;   /* array paths are for the data, not for a template */
      member = json_object_get_member (object, parts[i]);
      if (i == n - 1)
        {
          if (member == NULL)
            {
              json_object_set_member (object, parts[i], value);
              return;
            }
          break;
        }
      if (member == NULL)
        {
          json_object_set_object_member (object, parts[i], json_object_new ());
          member = json_object_get_member (object, parts[i]);
        }
      if (!JSON_NODE_HOLDS_OBJECT (member))
        break;
      object = json_node_get_object (member);
    }
  json_node_unref (value);
}

JsonObject *
cs_start_instance_template (CsWorkflow *workflow)
{
  g_autoptr(GHashTable) produced = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *data = json_object_new ();
  guint n;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), data);

  n = cs_workflow_get_n_steps (workflow);
  for (guint i = 0; i < n; i++)
    {
      CsStep *step = cs_workflow_get_step (workflow, i);
      GPtrArray *outputs = cs_step_get_outputs (step);

      for (guint j = 0; outputs != NULL && j < outputs->len; j++)
        g_hash_table_add (produced, (gpointer) cs_step_param_get_name (g_ptr_array_index (outputs, j)));
      if (cs_step_get_step_type (step) == CS_STEP_INTEGRATION)
        for (guint j = 0; j < cs_step_get_n_response_mappings (step); j++)
          g_hash_table_add (produced, (gpointer) cs_step_get_response_mapping_key (step, j));
    }

  for (guint i = 0; i < n; i++)
    {
      CsStep *step = cs_workflow_get_step (workflow, i);
      JsonObject *parameters = cs_step_get_parameters (step);
      GPtrArray *inputs = cs_step_get_inputs (step);

      if (cs_step_get_step_type (step) != CS_STEP_ACTION)
        continue;
      for (guint j = 0; inputs != NULL && j < inputs->len; j++)
        {
          CsStepParam *input = g_ptr_array_index (inputs, j);
          const char *name = cs_step_param_get_name (input);
          const char *source = cs_step_param_get_source (input) ? cs_step_param_get_source (input) : name;
          g_auto(GStrv) head = g_strsplit (source, ".", 2);

          if (!cs_step_param_get_required (input) || g_str_equal (source, "$")
              || (parameters != NULL && json_object_has_member (parameters, name))
              || g_hash_table_contains (produced, head[0]))
            continue;
          set_path (data, source, placeholder (cs_step_param_get_value_type (input)));
        }
    }
  return data;
}

static void
show_failure (CsStartInstanceDialog *self,
              const char            *message)
{
  gtk_label_set_label (self->failure_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->failure_label), message != NULL);
}

static void
update_actions (CsStartInstanceDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "start-instance.start",
                                 self->cancellable == NULL && cs_json_editor_get_valid (self->editor));
}

static void
validity_changed_cb (CsStartInstanceDialog *self)
{
  update_actions (self);
}

typedef struct
{
  CsEngine *engine;
  char     *key;
  char     *data;
  char     *subject;
} StartRequest;

static void
start_request_free (StartRequest *request)
{
  g_clear_object (&request->engine);
  g_free (request->key);
  g_free (request->data);
  g_free (request->subject);
  g_free (request);
}

static gpointer
start_thread (CsDbConnection  *conn,
              gpointer         data,
              GCancellable    *cancellable,
              GError         **error)
{
  StartRequest *request = data;
  g_autoptr(JsonNode) node = json_from_string (request->data, error);
  gint64 *id;

  if (node == NULL)
    return NULL;
  id = g_new (gint64, 1);
  *id = cs_engine_start_instance (request->engine, conn, request->key, json_node_get_object (node), NULL,
                                  request->subject, error);
  if (*id == 0)
    g_clear_pointer (&id, g_free);
  return id;
}

static void
start_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CsStartInstanceDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *id = cs_store_run_finish (CS_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  update_actions (self);
  if (id == NULL)
    {
      show_failure (self, error->message);
      return;
    }
  g_signal_emit (self, signals[STARTED], 0, *id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  CsStartInstanceDialog *self = CS_START_INSTANCE_DIALOG (widget);
  g_autoptr(JsonObject) data = cs_json_editor_dup_object (self->editor);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *subject = NULL;
  StartRequest *request;

  if (data == NULL || self->cancellable != NULL)
    return;

  node = json_node_init_object (json_node_alloc (), data);
  subject = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->subject_row))));
  request = g_new0 (StartRequest, 1);
  request->engine = g_object_ref (self->engine);
  request->key = g_strdup (cs_workflow_get_key (self->workflow));
  /* Text crosses to the query thread: JSON objects are not thread-safe. */
  request->data = json_to_string (node, FALSE);
  request->subject = *subject ? g_steal_pointer (&subject) : NULL;

  show_failure (self, NULL);
  self->cancellable = g_cancellable_new ();
  update_actions (self);
  cs_store_run_async (self->store, start_thread, request, (GDestroyNotify) start_request_free, g_free,
                      self->cancellable, start_done, g_object_ref (self));
}

void
cs_start_instance_dialog_set_data (CsStartInstanceDialog *self,
                                   const char            *json)
{
  g_return_if_fail (CS_IS_START_INSTANCE_DIALOG (self));
  cs_json_editor_set_text (self->editor, json);
}

const char *
cs_start_instance_dialog_get_problem (CsStartInstanceDialog *self)
{
  g_return_val_if_fail (CS_IS_START_INSTANCE_DIALOG (self), NULL);
  return cs_json_editor_get_problem (self->editor);
}

const char *
cs_start_instance_dialog_get_failure (CsStartInstanceDialog *self)
{
  g_return_val_if_fail (CS_IS_START_INSTANCE_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->failure_label))
         ? gtk_label_get_label (self->failure_label) : NULL;
}

static void
cs_start_instance_dialog_dispose (GObject *object)
{
  CsStartInstanceDialog *self = (CsStartInstanceDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->engine);
  g_clear_object (&self->workflow);

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_START_INSTANCE_DIALOG);

  G_OBJECT_CLASS (cs_start_instance_dialog_parent_class)->dispose (object);
}

static void
cs_start_instance_dialog_class_init (CsStartInstanceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_start_instance_dialog_dispose;

  signals[STARTED] = g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                   NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (CS_TYPE_JSON_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/cs-start-instance-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CsStartInstanceDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CsStartInstanceDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, CsStartInstanceDialog, data_description);
  gtk_widget_class_bind_template_child (widget_class, CsStartInstanceDialog, editor);
  gtk_widget_class_bind_template_child (widget_class, CsStartInstanceDialog, failure_label);
  gtk_widget_class_bind_template_callback (widget_class, validity_changed_cb);

  gtk_widget_class_install_action (widget_class, "start-instance.start", NULL, start_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "start-instance.start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cs_start_instance_dialog_init (CsStartInstanceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CsStartInstanceDialog *
cs_start_instance_dialog_new (CsStore    *store,
                              CsEngine   *engine,
                              CsWorkflow *workflow)
{
  CsStartInstanceDialog *self;
  g_autoptr(JsonObject) template = NULL;

  g_return_val_if_fail (CS_IS_STORE (store), NULL);
  g_return_val_if_fail (CS_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);

  self = g_object_new (CS_TYPE_START_INSTANCE_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->engine = g_object_ref (engine);
  self->workflow = g_object_ref (workflow);

  adw_window_title_set_subtitle (self->window_title, cs_workflow_get_name (workflow));
  gtk_label_set_label (self->data_description,
                       _("The instance starts on the published version with this JSON object as its data. "
                         "It holds what the steps need; fill in the values. Ctrl+Enter starts."));
  template = cs_start_instance_template (workflow);
  cs_json_editor_set_object (self->editor, template);
  update_actions (self);
  return self;
}
