/* cs-geo.c: distances, bounding boxes and coordinate checks for citizens' reports
 *
 * Deduplication compares a report with the issues found around it; the
 * database finds them with a plain box query (cs_geo_bounding_box()) and this
 * file measures the exact distance of the few it returns. Everything works on
 * a sphere of the mean Earth radius, which is within 0.5 % of the ellipsoid:
 * less than a phone's GPS error at the radii that matter here (tens to
 * hundreds of metres).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-geo.h"

#define DEG_TO_RAD (G_PI / 180.0)
#define RAD_TO_DEG (180.0 / G_PI)

/* Within this many degrees of (0, 0) a point is taken for "no fix": about a
 * centimetre, so real places in the Gulf of Guinea are not flagged. */
#define NULL_ISLAND_EPSILON 1e-7

/* Returns CS_GEO_INVALID with @error set for coordinates no report may have;
 * CS_GEO_NULL_ISLAND (no error) for (0, 0), which apps send when the phone had
 * no fix: callers should treat such a report as having no location. */
CsGeoValidity
cs_geo_validate (double   lat,
                 double   lon,
                 GError **error)
{
  if (!isfinite (lat) || lat < -90.0 || lat > 90.0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Latitude %g is not a number between -90 and 90 degrees"), lat);
      return CS_GEO_INVALID;
    }
  if (!isfinite (lon) || lon < -180.0 || lon > 180.0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Longitude %g is not a number between -180 and 180 degrees"), lon);
      return CS_GEO_INVALID;
    }
  if (fabs (lat) < NULL_ISLAND_EPSILON && fabs (lon) < NULL_ISLAND_EPSILON)
    return CS_GEO_NULL_ISLAND;
  return CS_GEO_VALID;
}

/* Longitude difference folded into [-180, 180], so that 179.9 and -179.9 are
 * 0.2 degrees apart and not 359.8. */
static double
delta_lon_deg (double lon1,
               double lon2)
{
  double d = fmod (lon2 - lon1, 360.0);

  if (d > 180.0)
    d -= 360.0;
  else if (d < -180.0)
    d += 360.0;
  return d;
}

/* Great-circle distance in metres; accurate (to the sphere) at every distance,
 * antipodes included. */
double
cs_geo_haversine_m (double lat1,
                    double lon1,
                    double lat2,
                    double lon2)
{
  double p1 = lat1 * DEG_TO_RAD;
  double p2 = lat2 * DEG_TO_RAD;
  double dp = (lat2 - lat1) * DEG_TO_RAD;
  double dl = delta_lon_deg (lon1, lon2) * DEG_TO_RAD;
  double s1 = sin (dp / 2.0);
  double s2 = sin (dl / 2.0);
  double h = s1 * s1 + cos (p1) * cos (p2) * s2 * s2;

  return 2.0 * CS_GEO_EARTH_RADIUS_M * asin (sqrt (CLAMP (h, 0.0, 1.0)));
}

/* The equirectangular approximation at the mean latitude: one cosine and one
 * square root. Measured against cs_geo_haversine_m() over random points and
 * bearings, the relative difference stays below 1e-6 up to 10 km away at
 * latitudes within ±70°, below 4e-6 within ±80°, and below 1e-4 up to 50 km
 * within ±80°; it grows near the poles and with distance, so use it only
 * for the short distances of deduplication. */
double
cs_geo_equirect_m (double lat1,
                   double lon1,
                   double lat2,
                   double lon2)
{
  double x = delta_lon_deg (lon1, lon2) * DEG_TO_RAD * cos ((lat1 + lat2) / 2.0 * DEG_TO_RAD);
  double y = (lat2 - lat1) * DEG_TO_RAD;

  return CS_GEO_EARTH_RADIUS_M * sqrt (x * x + y * y);
}

/* The smallest latitude/longitude box holding every point within @radius_m of
 * (lat, lon) (after J. P. Matuschek, "Finding Points Within a Distance of a
 * Latitude/Longitude Using Bounding Coordinates"): the SQL layer filters with
 * it on an index, then measures the few rows inside. Near a pole the box spans
 * every longitude. When it crosses the antimeridian min_lon > max_lon: query
 * lon >= min_lon OR lon <= max_lon. Returns FALSE for invalid input. */
gboolean
cs_geo_bounding_box (double    lat,
                     double    lon,
                     double    radius_m,
                     CsGeoBox *box)
{
  double r;
  double dlat;

  g_return_val_if_fail (box != NULL, FALSE);
  g_return_val_if_fail (cs_geo_validate (lat, lon, NULL) != CS_GEO_INVALID, FALSE);
  g_return_val_if_fail (isfinite (radius_m) && radius_m >= 0.0, FALSE);

  r = radius_m / CS_GEO_EARTH_RADIUS_M;
  dlat = r * RAD_TO_DEG;
  box->min_lat = lat - dlat;
  box->max_lat = lat + dlat;

  if (box->min_lat <= -90.0 || box->max_lat >= 90.0 || r >= G_PI / 2.0)
    {
      box->min_lat = MAX (box->min_lat, -90.0);
      box->max_lat = MIN (box->max_lat, 90.0);
      box->min_lon = -180.0;
      box->max_lon = 180.0;
      return TRUE;
    }

  {
    double ratio = sin (r) / cos (lat * DEG_TO_RAD);
    double dlon = ratio >= 1.0 ? 180.0 : asin (ratio) * RAD_TO_DEG;

    if (dlon >= 180.0)
      {
        box->min_lon = -180.0;
        box->max_lon = 180.0;
        return TRUE;
      }
    box->min_lon = lon - dlon;
    box->max_lon = lon + dlon;
    if (box->min_lon < -180.0)
      box->min_lon += 360.0;
    if (box->max_lon > 180.0)
      box->max_lon -= 360.0;
  }
  return TRUE;
}

gboolean
cs_geo_box_crosses_antimeridian (const CsGeoBox *box)
{
  g_return_val_if_fail (box != NULL, FALSE);

  return box->min_lon > box->max_lon;
}

gboolean
cs_geo_box_contains (const CsGeoBox *box,
                     double          lat,
                     double          lon)
{
  g_return_val_if_fail (box != NULL, FALSE);

  if (lat < box->min_lat || lat > box->max_lat)
    return FALSE;
  if (cs_geo_box_crosses_antimeridian (box))
    return lon >= box->min_lon || lon <= box->max_lon;
  return lon >= box->min_lon && lon <= box->max_lon;
}

/* Moves the centroid (*lat, *lon) of @count points to that of the points plus
 * @add_count more at (add_lat, add_lon): a new report linked to an issue
 * (add_count 1), or an issue merged into another (its centroid and count).
 * A plain mean of coordinates, which at the scale of one issue (a few hundred
 * metres) is the planar centroid; longitudes are unwrapped around the current
 * centroid so that an issue on the antimeridian stays there. */
void
cs_geo_centroid_add (double *lat,
                     double *lon,
                     guint   count,
                     double  add_lat,
                     double  add_lon,
                     guint   add_count)
{
  double total;
  double w;
  double new_lon;

  g_return_if_fail (lat != NULL && lon != NULL);

  if (add_count == 0)
    return;
  if (count == 0)
    {
      *lat = add_lat;
      *lon = add_lon;
      return;
    }

  total = (double) count + (double) add_count;
  w = (double) add_count / total;
  *lat += (add_lat - *lat) * w;
  new_lon = *lon + delta_lon_deg (*lon, add_lon) * w;
  if (new_lon > 180.0)
    new_lon -= 360.0;
  else if (new_lon < -180.0)
    new_lon += 360.0;
  *lon = new_lon;
}
