/* test-geo.c: distances, bounding boxes, coordinate checks and centroids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/cs-error.h"
#include "core/cs-geo.h"

/* One degree of a great circle on the mean-radius sphere: 2πR / 360. */
#define ONE_DEGREE_M 111195.0802

static void
test_haversine_known (void)
{
  /* City pairs, against published great-circle distances (km, spherical):
   * London–Paris 343.6, New York–Los Angeles 3936, Amsterdam–Brussels 173.0. */
  g_assert_cmpfloat_with_epsilon (cs_geo_haversine_m (51.5074, -0.1278, 48.8566, 2.3522) / 1000.0,
                                  343.56, 0.1);
  g_assert_cmpfloat_with_epsilon (cs_geo_haversine_m (40.7128, -74.0060, 34.0522, -118.2437) / 1000.0,
                                  3935.8, 1.0);
  g_assert_cmpfloat_with_epsilon (cs_geo_haversine_m (52.3676, 4.9041, 50.8503, 4.3517) / 1000.0,
                                  173.0, 0.2);

  /* Exact cases: a degree on the equator and along a meridian, half the
   * circumference, zero, and symmetry. */
  g_assert_cmpfloat_with_epsilon (cs_geo_haversine_m (0, 0, 0, 1), ONE_DEGREE_M, 0.01);
  g_assert_cmpfloat_with_epsilon (cs_geo_haversine_m (10, 20, 11, 20), ONE_DEGREE_M, 0.01);
  g_assert_cmpfloat_with_epsilon (cs_geo_haversine_m (0, 0, 0, 180), G_PI * CS_GEO_EARTH_RADIUS_M, 0.01);
  g_assert_cmpfloat (cs_geo_haversine_m (52.2, 0.12, 52.2, 0.12), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (cs_geo_haversine_m (51.5074, -0.1278, 48.8566, 2.3522),
                                  cs_geo_haversine_m (48.8566, 2.3522, 51.5074, -0.1278), 1e-6);

  /* Across the antimeridian: 0.2 degrees, not 359.8. */
  g_assert_cmpfloat_with_epsilon (cs_geo_haversine_m (0, 179.9, 0, -179.9), 0.2 * ONE_DEGREE_M, 0.01);
}

static void
test_equirect_error (void)
{
  /* Short distances: within a millimetre of the great circle. */
  g_assert_cmpfloat_with_epsilon (cs_geo_equirect_m (0, 0, 0, 1), ONE_DEGREE_M, 0.01);
  g_assert_cmpfloat_with_epsilon (cs_geo_equirect_m (52.2109, 0.1076, 52.2111, 0.1079),
                                  cs_geo_haversine_m (52.2109, 0.1076, 52.2111, 0.1079), 0.001);
  g_assert_cmpfloat_with_epsilon (cs_geo_equirect_m (0, 179.9995, 0, -179.9995),
                                  0.001 * ONE_DEGREE_M, 0.001);

  /* The documented bound: below 4e-6 relative up to 10 km at |lat| <= 80. */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (7);
    double worst = 0.0;

    for (guint i = 0; i < 20000; i++)
      {
        double lat = g_rand_double_range (rand, -79.9, 79.9);
        double lon = g_rand_double_range (rand, -180, 180);
        double lat2 = CLAMP (lat + g_rand_double_range (rand, -0.06, 0.06), -80.0, 80.0);
        double lon2 = lon + g_rand_double_range (rand, -0.06, 0.06) / cos (lat * G_PI / 180.0);
        double h = cs_geo_haversine_m (lat, lon, lat2, lon2);
        double e = cs_geo_equirect_m (lat, lon, lat2, lon2);

        if (h > 1.0 && h <= 10000.0)
          worst = MAX (worst, fabs (e - h) / h);
      }
    g_assert_cmpfloat (worst, <, 4e-6);
  }
}

static void
test_bounding_box (void)
{
  CsGeoBox box;
  double dlat = 1000.0 / CS_GEO_EARTH_RADIUS_M * 180.0 / G_PI;   /* 0.0089932° */

  /* At the equator a 1 km box is ±0.0089932° both ways. */
  g_assert_true (cs_geo_bounding_box (0, 0, 1000, &box));
  g_assert_cmpfloat_with_epsilon (box.max_lat, dlat, 1e-9);
  g_assert_cmpfloat_with_epsilon (box.min_lat, -dlat, 1e-9);
  g_assert_cmpfloat_with_epsilon (box.max_lon, dlat, 1e-9);
  g_assert_false (cs_geo_box_crosses_antimeridian (&box));

  /* At 60° a degree of longitude is half as long: twice the delta. */
  g_assert_true (cs_geo_bounding_box (60, 10, 1000, &box));
  g_assert_cmpfloat_with_epsilon (box.max_lat - 60, 0.00899320, 1e-7);
  g_assert_cmpfloat_with_epsilon (box.max_lon - 10, 0.01798641, 1e-7);
  g_assert_cmpfloat_with_epsilon (10 - box.min_lon, 0.01798641, 1e-7);

  /* Every point of the circle is inside; points beyond the box are farther. */
  for (guint i = 0; i < 360; i += 5)
    {
      double brg = i * G_PI / 180.0;
      double r = 999.0 / CS_GEO_EARTH_RADIUS_M;
      double p1 = 60 * G_PI / 180.0;
      double p2 = asin (sin (p1) * cos (r) + cos (p1) * sin (r) * cos (brg));
      double l2 = 10 * G_PI / 180.0 + atan2 (sin (brg) * sin (r) * cos (p1), cos (r) - sin (p1) * sin (p2));

      g_assert_true (cs_geo_box_contains (&box, p2 * 180.0 / G_PI, l2 * 180.0 / G_PI));
    }
  g_assert_false (cs_geo_box_contains (&box, 60, box.max_lon + 1e-6));
  g_assert_cmpfloat (cs_geo_haversine_m (60, 10, 60, box.max_lon + 1e-6), >, 1000.0);
  g_assert_false (cs_geo_box_contains (&box, box.min_lat - 1e-6, 10));

  /* Near the pole the box spans every longitude. */
  g_assert_true (cs_geo_bounding_box (89.995, 45, 1000, &box));
  g_assert_cmpfloat (box.max_lat, ==, 90.0);
  g_assert_cmpfloat (box.min_lon, ==, -180.0);
  g_assert_cmpfloat (box.max_lon, ==, 180.0);
  g_assert_true (cs_geo_box_contains (&box, 89.999, -135));

  /* Across the antimeridian: min_lon > max_lon. */
  g_assert_true (cs_geo_bounding_box (0, 179.995, 1000, &box));
  g_assert_true (cs_geo_box_crosses_antimeridian (&box));
  g_assert_cmpfloat_with_epsilon (box.min_lon, 179.995 - dlat, 1e-9);
  g_assert_cmpfloat_with_epsilon (box.max_lon, 179.995 + dlat - 360.0, 1e-9);
  g_assert_true (cs_geo_box_contains (&box, 0, -179.999));
  g_assert_true (cs_geo_box_contains (&box, 0, 179.99));
  g_assert_false (cs_geo_box_contains (&box, 0, 0));

  /* Radius 0: the point itself. */
  g_assert_true (cs_geo_bounding_box (52.2, 0.12, 0, &box));
  g_assert_true (cs_geo_box_contains (&box, 52.2, 0.12));
  g_assert_false (cs_geo_box_contains (&box, 52.2, 0.1200001));
}

static void
test_validate (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (cs_geo_validate (52.2053, 0.1218, &error), ==, CS_GEO_VALID);
  g_assert_no_error (error);
  g_assert_cmpint (cs_geo_validate (-90, -180, NULL), ==, CS_GEO_VALID);
  g_assert_cmpint (cs_geo_validate (90, 180, NULL), ==, CS_GEO_VALID);
  /* A real place near (0, 0) is fine; (0, 0) itself is a phone without a fix. */
  g_assert_cmpint (cs_geo_validate (0.001, 0.0, NULL), ==, CS_GEO_VALID);
  g_assert_cmpint (cs_geo_validate (0.0, 0.0, &error), ==, CS_GEO_NULL_ISLAND);
  g_assert_no_error (error);

  g_assert_cmpint (cs_geo_validate (90.0001, 0, &error), ==, CS_GEO_INVALID);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Latitude"));
  g_clear_error (&error);
  g_assert_cmpint (cs_geo_validate (0, -180.5, &error), ==, CS_GEO_INVALID);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Longitude"));
  g_clear_error (&error);
  g_assert_cmpint (cs_geo_validate (NAN, 0, NULL), ==, CS_GEO_INVALID);
  g_assert_cmpint (cs_geo_validate (0, INFINITY, NULL), ==, CS_GEO_INVALID);
  g_assert_cmpint (cs_geo_validate (-INFINITY, 0, NULL), ==, CS_GEO_INVALID);
}

static void
test_centroid (void)
{
  double lat = 0, lon = 0;

  /* Empty: the first point. */
  cs_geo_centroid_add (&lat, &lon, 0, 10, 20, 1);
  g_assert_cmpfloat (lat, ==, 10);
  g_assert_cmpfloat (lon, ==, 20);

  /* Three reports at (10, 10) and one at (14, 14): (11, 11). */
  lat = 10, lon = 10;
  cs_geo_centroid_add (&lat, &lon, 3, 14, 14, 1);
  g_assert_cmpfloat_with_epsilon (lat, 11, 1e-12);
  g_assert_cmpfloat_with_epsilon (lon, 11, 1e-12);

  /* An issue of three merged with one of one at (2, 2): weights 3 and 1. */
  lat = 0, lon = 0;
  cs_geo_centroid_add (&lat, &lon, 3, 2, 2, 1);
  g_assert_cmpfloat_with_epsilon (lat, 0.5, 1e-12);

  /* Straddling the antimeridian: the middle of 179 and -179 is 180, not 0. */
  lat = 0, lon = 179;
  cs_geo_centroid_add (&lat, &lon, 1, 0, -179, 1);
  g_assert_cmpfloat_with_epsilon (fabs (lon), 180, 1e-9);
  lat = 0, lon = 179.5;
  cs_geo_centroid_add (&lat, &lon, 1, 0, -179.9, 1);
  g_assert_cmpfloat_with_epsilon (lon, 179.8, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/geo/haversine", test_haversine_known);
  g_test_add_func ("/geo/equirect-error", test_equirect_error);
  g_test_add_func ("/geo/bounding-box", test_bounding_box);
  g_test_add_func ("/geo/validate", test_validate);
  g_test_add_func ("/geo/centroid", test_centroid);
  return g_test_run ();
}
