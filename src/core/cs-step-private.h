/* cs-step-private.h: the insides of CsStep and CsStepParam, for the cs-step*.c files
 *
 * CsStep is one object implemented in several files: cs-step.c (the GObject,
 * the common fields, copy and equality, terminal settings), cs-step-params.c
 * (CsStepParam, value types, data paths, action inputs and outputs),
 * cs-step-approval.c, cs-step-integration.c (HTTP settings and templates) and
 * cs-step-sim.c (simulation parameters). This header holds the instance
 * structures they all use and the few helpers more than one of them calls;
 * only those files include it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-step.h"

G_BEGIN_DECLS

/* A template as typed plus its parse result: editors hold templates that do
 * not parse yet, the engine wants them parsed once. */
typedef struct
{
  char       *source;
  CsTemplate *tmpl;
  GError     *error;
  gsize       error_offset;
} TemplateField;

typedef struct
{
  char          *name;
  TemplateField  value;
} Header;

typedef struct
{
  char *key;
  char *path;
} Mapping;

struct _CsStepParam
{
  gatomicrefcount  ref_count;
  char            *name;
  CsValueType      type;
  gboolean         required;
  char            *pattern;
  GRegex          *regex;
  char            *pattern_error;
  char            *source;
  char            *description;
};

struct _CsStep
{
  GObject           parent_instance;

  char             *id;
  char             *name;
  char             *description;
  CsStepType        type;

  gboolean          has_position;
  gboolean          pinned;
  double            x;
  double            y;

  /* Action */
  char             *handler;
  GPtrArray        *inputs;
  GPtrArray        *outputs;
  JsonObject       *parameters;

  /* Approval */
  GStrv             approver_roles;
  char             *agency;
  CsQuorum          quorum;
  guint             due_seconds;
  char             *escalate_to;

  /* Integration */
  char             *method;
  TemplateField     url;
  GPtrArray        *headers;
  TemplateField     body;
  guint             timeout_ms;
  guint             max_attempts;
  guint             backoff_base_ms;
  guint             backoff_max_ms;
  GStrv             expected_statuses;
  guint             breaker_threshold;
  guint             breaker_reset_seconds;
  GPtrArray        *mappings;

  /* Terminal */
  CsTerminalStatus  terminal_status;

  double            sim[CS_SIM_N_PARAMS];
  guint             sim_set;
};

/* In cs-step.c */
void        cs_step_emit_changed       (CsStep         *self);
/* Returns FALSE when @value is what *@field already holds. */
gboolean    cs_step_replace_string     (char          **field,
                                        const char     *value);
/* For nullable configuration strings: "" is stored as NULL. */
void        cs_step_set_config_string  (CsStep         *self,
                                        char          **field,
                                        const char     *value);
/* A deep copy of @object. */
JsonObject *cs_step_copy_object        (JsonObject     *object);
/* Returns FALSE when @source is what the field already holds. */
gboolean    cs_step_template_field_set (TemplateField  *field,
                                        const char     *source);

G_END_DECLS
