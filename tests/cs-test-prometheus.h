/* cs-test-prometheus.h: a strict reader of the Prometheus text format
 *
 * It applies the exposition format's rules (version 0.0.4) that a scraper
 * relies on: metric and label names, label value escapes, numbers, at most
 * one HELP and TYPE per family and before its samples, each family's
 * samples together, no sample twice, and histograms whose buckets carry
 * "le", grow monotonically and end with +Inf equal to _count.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Parses @text; on success returns a table of "name{labels}" (labels as
 * written, sorted by name) → double*, and the TYPE of each family in
 * @types (may be NULL). On failure sets @error naming the line. */
GHashTable *cs_test_prometheus_parse (const char  *text,
                                      GHashTable **types,
                                      GError     **error);

/* The value of @key in a table from cs_test_prometheus_parse(); fails
 * the test when it is missing. */
double      cs_test_prometheus_value (GHashTable  *samples,
                                      const char  *key);

G_END_DECLS
