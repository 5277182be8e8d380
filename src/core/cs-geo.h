/* cs-geo.h: distances, bounding boxes and coordinate checks for citizens' reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The IUGG mean Earth radius. A sphere of this radius is within 0.5 % of
 * the WGS 84 ellipsoid's distances everywhere, far below GPS and geocoding
 * error for the radii deduplication uses. */
#define CS_GEO_EARTH_RADIUS_M 6371008.8

typedef enum
{
  CS_GEO_VALID,
  CS_GEO_NULL_ISLAND,      /* (0, 0): numerically fine, nearly always a missing fix */
  CS_GEO_INVALID,          /* not finite, or outside [-90, 90] x [-180, 180] */
} CsGeoValidity;

typedef struct
{
  double min_lat;
  double max_lat;
  double min_lon;
  double max_lon;          /* min_lon > max_lon when the box crosses the antimeridian */
} CsGeoBox;

CsGeoValidity cs_geo_validate          (double          lat,
                                        double          lon,
                                        GError        **error);

double        cs_geo_haversine_m       (double          lat1,
                                        double          lon1,
                                        double          lat2,
                                        double          lon2);
double        cs_geo_equirect_m        (double          lat1,
                                        double          lon1,
                                        double          lat2,
                                        double          lon2);

gboolean      cs_geo_bounding_box      (double          lat,
                                        double          lon,
                                        double          radius_m,
                                        CsGeoBox       *box);
gboolean      cs_geo_box_crosses_antimeridian (const CsGeoBox *box);
gboolean      cs_geo_box_contains      (const CsGeoBox *box,
                                        double          lat,
                                        double          lon);

void          cs_geo_centroid_add      (double         *lat,
                                        double         *lon,
                                        guint           count,
                                        double          add_lat,
                                        double          add_lon,
                                        guint           add_count);

G_END_DECLS
