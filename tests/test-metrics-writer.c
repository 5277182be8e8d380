/* test-metrics-writer.c: the Prometheus text that /metrics serves, and the
 * strict reader the server tests check it with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "core/cs-metrics-writer.h"
#include "cs-test-prometheus.h"

static GHashTable *
parse_ok (const char  *text,
          GHashTable **types)
{
  g_autoptr(GError) error = NULL;
  GHashTable *samples = cs_test_prometheus_parse (text, types, &error);

  if (error != NULL)
    g_printerr ("%s\n---\n%s---\n", error->message, text);
  g_assert_no_error (error);
  g_assert_nonnull (samples);
  return samples;
}

static void
test_families_grouped (void)
{
  g_autoptr(CsMetricsWriter) writer = cs_metrics_writer_new ();
  g_autoptr(GHashTable) samples = NULL;
  g_autoptr(GHashTable) types = NULL;
  g_autofree char *text = NULL;

  cs_metrics_writer_family (writer, "a_total", "counter", "Things done.");
  cs_metrics_writer_family (writer, "b", "gauge", "Things waiting.");
  /* Interleaved, as different parts of the server write them. */
  cs_metrics_writer_sample (writer, "a_total", NULL, 3, "kind", "x", NULL);
  cs_metrics_writer_sample (writer, "b", NULL, 0.25, NULL);
  cs_metrics_writer_sample (writer, "a_total", NULL, 4, "kind", "y", NULL);
  /* Declared again with another type: the first declaration stands. */
  cs_metrics_writer_family (writer, "b", "counter", "Other help.");
  cs_metrics_writer_sample (writer, "c", NULL, NAN, NULL);
  cs_metrics_writer_sample (writer, "d", NULL, INFINITY, NULL);
  cs_metrics_writer_sample (writer, "e", NULL, 1e20, NULL);
  text = cs_metrics_writer_free_to_string (g_steal_pointer (&writer));

  g_assert_true (g_str_has_prefix (text, "# HELP a_total Things done.\n# TYPE a_total counter\n"
                                         "a_total{kind=\"x\"} 3\na_total{kind=\"y\"} 4\n"
                                         "# HELP b Things waiting.\n# TYPE b gauge\nb 0.25\n"));
  samples = parse_ok (text, &types);
  g_assert_cmpfloat (cs_test_prometheus_value (samples, "a_total{kind=\"y\"}"), ==, 4);
  g_assert_cmpfloat (cs_test_prometheus_value (samples, "b"), ==, 0.25);
  g_assert_true (isnan (cs_test_prometheus_value (samples, "c")));
  g_assert_true (isinf (cs_test_prometheus_value (samples, "d")));
  g_assert_cmpfloat (cs_test_prometheus_value (samples, "e"), ==, 1e20);
  g_assert_cmpstr (g_hash_table_lookup (types, "b"), ==, "gauge");
  g_assert_cmpstr (g_hash_table_lookup (types, "c"), ==, "untyped");
}

static void
test_label_escapes (void)
{
  g_autoptr(CsMetricsWriter) writer = cs_metrics_writer_new ();
  g_autoptr(GHashTable) samples = NULL;
  g_autofree char *text = NULL;

  cs_metrics_writer_family (writer, "route_hits", "counter", "Help with a \\ and a\nnewline.");
  cs_metrics_writer_sample (writer, "route_hits", NULL, 1, "path", "/a\"b\\c\nd", "method", "GET", NULL);
  text = cs_metrics_writer_free_to_string (g_steal_pointer (&writer));

  g_assert_nonnull (strstr (text, "# HELP route_hits Help with a \\\\ and a\\nnewline.\n"));
  g_assert_nonnull (strstr (text, "path=\"/a\\\"b\\\\c\\nd\""));
  samples = parse_ok (text, NULL);
  /* The reader keys labels sorted by name. */
  g_assert_cmpfloat (cs_test_prometheus_value (samples, "route_hits{method=\"GET\",path=\"/a\\\"b\\\\c\\nd\"}"), ==, 1);
}

static void
test_histogram (void)
{
  const double bounds[] = { 0.005, 0.05, 0.5 };
  const guint64 cumulative_a[] = { 1, 5, 7 };
  const guint64 cumulative_b[] = { 0, 0, 2 };
  g_autoptr(CsMetricsWriter) writer = cs_metrics_writer_new ();
  g_autoptr(GHashTable) samples = NULL;
  g_autofree char *text = NULL;

  cs_metrics_writer_family (writer, "latency_seconds", "histogram", "How long.");
  cs_metrics_writer_histogram (writer, "latency_seconds", "route=\"a\"", bounds, cumulative_a, 3, 8, 2.5);
  cs_metrics_writer_histogram (writer, "latency_seconds", "route=\"b\"", bounds, cumulative_b, 3, 2, 0.4);
  cs_metrics_writer_histogram (writer, "latency_seconds", NULL, bounds, cumulative_a, 3, 7, 1.0);
  text = cs_metrics_writer_free_to_string (g_steal_pointer (&writer));

  samples = parse_ok (text, NULL);
  g_assert_cmpfloat (cs_test_prometheus_value (samples, "latency_seconds_bucket{le=\"0.05\",route=\"a\"}"), ==, 5);
  g_assert_cmpfloat (cs_test_prometheus_value (samples, "latency_seconds_bucket{le=\"+Inf\",route=\"a\"}"), ==, 8);
  g_assert_cmpfloat (cs_test_prometheus_value (samples, "latency_seconds_count{route=\"a\"}"), ==, 8);
  g_assert_cmpfloat (cs_test_prometheus_value (samples, "latency_seconds_sum{route=\"b\"}"), ==, 0.4);
  g_assert_cmpfloat (cs_test_prometheus_value (samples, "latency_seconds_bucket{le=\"+Inf\"}"), ==, 7);
}

/* The reader must refuse what a scraper would refuse, or the server tests
 * that use it prove nothing. */
static void
test_reader_refuses (void)
{
  static const struct { const char *text; const char *why; } cases[] = {
    { "a 1", "newline" },
    { "1a 1\n", "bad metric name" },
    { "a{1x=\"v\"} 1\n", "bad label name" },
    { "a{x=\"v} 1\n", "unterminated" },
    { "a{x=\"\\t\"} 1\n", "bad escape" },
    { "a{x=\"1\",x=\"2\"} 1\n", "label x twice" },
    { "a one\n", "bad value" },
    { "a 1 soon\n", "bad timestamp" },
    { "a 1\nb 2\na 3\n", "continues after" },
    { "a 1\n# TYPE a gauge\n", "after its samples" },
    { "# TYPE a gauge\n# TYPE a gauge\na 1\n", "second TYPE" },
    { "# TYPE a meter\na 1\n", "unknown type" },
    { "a{x=\"1\"} 1\na{x=\"1\"} 2\n", "twice" },
    { "# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"2\"} 2\nh_bucket{le=\"+Inf\"} 3\nh_count 3\n",
      "not cumulative" },
    { "# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_count 3\n", "no +Inf" },
    { "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 3\nh_count 4\n", "differs from _count" },
    { "# TYPE h histogram\nh_bucket 3\nh_count 3\n", "without a numeric le" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) samples = cs_test_prometheus_parse (cases[i].text, NULL, &error);

      g_assert_null (samples);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      if (strstr (error->message, cases[i].why) == NULL)
        g_error ("case %u: expected “%s”, got “%s”", i, cases[i].why, error->message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/metrics-writer/families-grouped", test_families_grouped);
  g_test_add_func ("/metrics-writer/label-escapes", test_label_escapes);
  g_test_add_func ("/metrics-writer/histogram", test_histogram);
  g_test_add_func ("/metrics-writer/reader-refuses", test_reader_refuses);
  return g_test_run ();
}
