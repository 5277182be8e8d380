/* cs-severity.h: a report's severity and its one-line summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CS_SEVERITY_LOW,
  CS_SEVERITY_MEDIUM,
  CS_SEVERITY_HIGH,
  CS_SEVERITY_CRITICAL,
} CsSeverity;

#define CS_SEVERITY_LAST CS_SEVERITY_CRITICAL

/* Upvotes raise a severity one level from this many, two from the second, and
 * never beyond high: popularity alone does not make a report critical. */
#define CS_SEVERITY_UPVOTES_ONE_LEVEL  5
#define CS_SEVERITY_UPVOTES_TWO_LEVELS 25

#define CS_SUMMARY_MAX_CHARS 80

const char *cs_severity_to_string   (CsSeverity   severity);
gboolean    cs_severity_from_string (const char  *text,
                                     CsSeverity  *severity);
const char *cs_severity_label       (CsSeverity   severity);

CsSeverity  cs_severity_assess      (CsSeverity   category_default,
                                     const char  *text,
                                     guint        upvotes,
                                     char       **reason);

char       *cs_report_summary       (const char  *description,
                                     const char  *fallback,
                                     guint        max_chars);

G_END_DECLS
