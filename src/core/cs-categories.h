/* cs-categories.h: a tenant's service categories (Open311 service definitions)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "cs-severity.h"

G_BEGIN_DECLS

#define CS_CATEGORIES_DEFAULT_RESOURCE "/categories/default.json"
#define CS_CATEGORY_DEFAULT_DEDUP_RADIUS 250
#define CS_CATEGORY_MAX_DEDUP_RADIUS 100000

/* An immutable, reference-counted category. */
typedef struct
{
  char       *code;            /* Open311 service_code */
  char       *name;
  char       *description;     /* never NULL, may be "" */
  char      **keywords;        /* never NULL, may be empty */
  char       *group;           /* never NULL, may be "" */
  CsSeverity  default_severity;
  char       *agency;          /* default agency's name, never NULL, may be "" */
  guint       dedup_radius_m;  /* 0 turns deduplication off */
} CsCategory;

#define CS_TYPE_CATEGORY (cs_category_get_type ())

GType       cs_category_get_type      (void) G_GNUC_CONST;
CsCategory *cs_category_new           (const char         *code,
                                       const char         *name,
                                       const char         *description,
                                       const char * const *keywords,
                                       const char         *group,
                                       CsSeverity          default_severity,
                                       const char         *agency,
                                       guint               dedup_radius_m);
CsCategory *cs_category_ref           (CsCategory         *category);
void        cs_category_unref         (CsCategory         *category);

GPtrArray  *cs_categories_parse       (const char         *json,
                                       gssize              length,
                                       GError            **error);
GPtrArray  *cs_categories_load_file   (const char         *path,
                                       GError            **error);
GPtrArray  *cs_categories_load_default (GError           **error);
CsCategory *cs_categories_find        (GPtrArray          *categories,
                                       const char         *code);
GPtrArray  *cs_categories_from_labels (const char * const *labels);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsCategory, cs_category_unref)

G_END_DECLS
